//! Server-rendered pages, Japanese first. Every page works without JavaScript; forms post
//! back and redirect (303) on success, or show the form again with every error listed.

pub(crate) mod account;
mod catalog;
mod cities;
mod guide;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use renkei_domain::{Lang, Text};

use crate::AppState;
use crate::error::{AppError, details};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(catalog::overview))
        .route("/stages/{stage}", get(catalog::stage))
        .route("/sign-in", get(account::form).post(account::sign_in))
        .route("/sign-out", axum::routing::post(account::sign_out))
        .route("/cities", get(cities::list))
        .route("/cities/{city}", get(cities::menu))
        .route(
            "/cities/{city}/menu/new",
            get(cities::new_form).post(cities::create),
        )
        .route(
            "/cities/{city}/menu/{id}/edit",
            get(cities::edit_form).post(cities::update),
        )
        .route(
            "/cities/{city}/menu/{id}/delete",
            get(cities::delete_form).post(cities::delete),
        )
        .route("/guide", get(guide::guide))
}

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

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    base: Base,
    status: u16,
    heading: &'static str,
    details: Vec<String>,
}

/// The error page for an error, in `lang`.
pub fn error_page(error: &AppError, lang: Lang, here: String) -> Response {
    let status = error.status();
    let heading = match status {
        StatusCode::NOT_FOUND => Text::new("ページが見つかりません", "Page not found"),
        StatusCode::CONFLICT => Text::new("更新が競合しました", "Conflicting change"),
        StatusCode::INTERNAL_SERVER_ERROR => Text::new("システムエラー", "System error"),
        _ => Text::new(
            "リクエストを処理できません",
            "The request cannot be processed",
        ),
    };
    let page = ErrorPage {
        base: Base::new(lang, here, heading.get(lang), ""),
        status: status.as_u16(),
        heading: heading.get(lang),
        details: details(error, lang).into_iter().map(|(_, d)| d).collect(),
    };
    (status, page).into_response()
}
