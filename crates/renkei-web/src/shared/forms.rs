//! What forms share: the options of selects and radio groups (a coded value's, the cities',
//! the company types'), a text input, and a form's errors field by field.

use renkei_domain::catalog::CompanyType;
use renkei_domain::{Lang, Text};
use renkei_store::City;
use serde::Deserialize;

/// One option of a select or a radio group.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The options of a coded value (its code, its name in `lang`), `selected` chosen.
pub(crate) fn coded_choices<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    name: impl Fn(T) -> Text,
    lang: Lang,
    selected: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: code(*v).into(),
            label: name(*v).get(lang).into(),
            selected: selected == code(*v),
        })
        .collect()
}

/// One option per city (its code, its name), the city whose code is `selected` chosen (none
/// when it is empty): the city selects of lists and forms.
pub(crate) fn city_choices<'a>(
    cities: impl IntoIterator<Item = &'a City>,
    selected: &str,
) -> Vec<Choice> {
    cities
        .into_iter()
        .map(|c| Choice {
            value: c.code.to_string(),
            label: c.name.clone(),
            selected: c.code.to_string() == selected,
        })
        .collect()
}

/// One option per company type of the model (its mark and name), the one whose code is
/// `selected` chosen: the company type selects of companies and products.
pub(crate) fn company_type_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    CompanyType::ALL
        .iter()
        .map(|t| Choice {
            value: t.code().into(),
            label: format!("{} {}", t.mark(), t.name().get(lang)),
            selected: selected == t.code(),
        })
        .collect()
}

/// One text input of a form, as `_text_input.html` shows it: its label, its hint (none when
/// empty), whether it is required, and the value to show again.
pub struct TextInput {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub required: bool,
    pub value: String,
    /// The input's `type`: `text`, `email`, `tel`, `url`.
    pub kind: &'static str,
}

/// A form that carries only the session's CSRF token.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    pub csrf: String,
}

/// A record's page query: `?saved=1` after a save shows the "saved" notice.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedQuery {
    saved: Option<u8>,
}

impl SavedQuery {
    pub fn saved(&self) -> bool {
        self.saved.is_some()
    }
}

/// The errors of a form, field by field, in the page's language.
#[derive(Debug, Clone, Default)]
pub struct Errors(pub Vec<(&'static str, &'static str)>);

impl Errors {
    /// A form's errors as the domain reports them, in `lang`.
    pub fn of(lang: Lang, errors: &[renkei_domain::FieldError]) -> Errors {
        Errors(
            errors
                .iter()
                .map(|e| (e.field, e.message.get(lang)))
                .collect(),
        )
    }

    /// The message for one field, if it has one.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| *m)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One field of a form as sent (empty when absent).
pub fn one(form: &std::collections::HashMap<String, String>, key: &str) -> String {
    form.get(key).cloned().unwrap_or_default()
}

/// The version a form was made from: without it a change could overwrite another unseen.
pub fn seen(
    form: &std::collections::HashMap<String, String>,
) -> Result<i64, crate::error::AppError> {
    one(form, "version")
        .trim()
        .parse()
        .map_err(|_| crate::error::AppError::Malformed("version".to_owned()))
}
