//! A bridge request as the company sends it to a national body: the body and the
//! consultation type, the company and its product, the application form's fields with their
//! answers (only those the company agreed to share), whether the consultation record may be
//! shared with AMED, and the day in 和暦.

use serde::Serialize;

use crate::world::{Error, render};

/// The request's template.
const TEMPLATE: &str = include_str!("../templates/bridge.typ");

/// A bridge request, every text already in the reader's language.
#[derive(Debug, Clone, Serialize)]
pub struct BridgeDocument {
    /// `ja` or `en`.
    pub lang: &'static str,
    /// The heading, for example 相談申込書.
    pub heading: String,
    /// The body and its consultation type.
    pub body: String,
    pub consultation_type: String,
    pub company: String,
    pub product: String,
    /// The labels of the lines above (body, type, company, product).
    pub labels: [String; 4],
    /// The form's fields the company agreed to share, with their answers.
    pub fields: Vec<(String, String)>,
    /// The line on sharing the consultation record with AMED.
    pub amed: String,
    /// The day, as printed (in 和暦 for a Japanese reader).
    pub date: String,
    /// The line under the fields: who prepared it, through which city.
    pub footer: String,
}

/// Typesets a bridge request.
pub fn bridge(doc: &BridgeDocument) -> Result<Vec<u8>, Error> {
    render(TEMPLATE, doc)
}
