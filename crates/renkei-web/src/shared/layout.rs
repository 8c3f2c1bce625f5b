//! What every page's layout needs ([`Base`]: language, address, title, current section) and
//! the pick of a text for the page's language ([`tr`]).

use renkei_domain::{Lang, Text};

/// Picks the text for a language.
pub fn tr(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En { en } else { ja }
}

/// What every page's layout needs.
#[derive(Debug, Clone)]
pub struct Base {
    pub lang: Lang,
    /// The path and query of this page, for the language switch.
    pub here: String,
    pub title: String,
    /// Which item of the main navigation is current.
    pub section: &'static str,
}

impl Base {
    pub fn new(
        lang: Lang,
        here: impl Into<String>,
        title: impl Into<String>,
        section: &'static str,
    ) -> Self {
        Base {
            lang,
            here: here.into(),
            title: title.into(),
            section,
        }
    }

    /// Picks the text for the page's language.
    pub fn t(&self, ja: &'static str, en: &'static str) -> &'static str {
        if self.lang == Lang::En { en } else { ja }
    }

    pub fn tx(&self, text: &Text) -> &'static str {
        text.get(self.lang)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    fn other(&self) -> Lang {
        if self.lang == Lang::En {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    pub fn other_lang_code(&self) -> &'static str {
        self.other().code()
    }

    /// This page in the other language; following it also remembers the choice.
    pub fn switch_href(&self) -> String {
        let (path, query) = self.here.split_once('?').unwrap_or((&self.here, ""));
        // Always a path on this site: `//host/` or `/\host/` would be read by a browser as
        // another site's address.
        let path = format!("/{}", path.trim_start_matches(['/', '\\']));
        let mut params: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("lang="))
            .collect();
        let lang = format!("lang={}", self.other().code());
        params.push(&lang);
        format!("{path}?{}", params.join("&"))
    }

    pub fn switch_label(&self) -> &'static str {
        if self.lang == Lang::En {
            "日本語"
        } else {
            "English"
        }
    }

    pub fn current(&self, section: &str) -> bool {
        self.section == section
    }
}
