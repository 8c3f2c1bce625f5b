//! A coordinator's training certificate (修了証): its number at the top right, the heading,
//! the holder (様) and their city, the sentence of completion, the curriculum's modules with
//! their stages and hours, the day of issue (in 和暦 for a Japanese reader) and the issuer.
//! What each says is the caller's.

use serde::Serialize;

use crate::world::{Error, render};

/// The certificate's template.
const TEMPLATE: &str = include_str!("../templates/certificate.typ");

/// A certificate, every text already composed in the reader's language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CertificateDocument {
    /// `ja` or `en`.
    pub lang: &'static str,
    /// `第2026-00012号`.
    pub number: String,
    /// `修了証`.
    pub heading: String,
    pub holder: String,
    /// `殿` or `様`, or nothing.
    pub honorific: String,
    /// The holder's city (and role).
    pub affiliation: String,
    /// The sentence of completion.
    pub body: String,
    /// The modules' table heading: module, stages, hours.
    pub columns: [String; 3],
    /// Each module: its title, stages, hours.
    pub modules: Vec<[String; 3]>,
    /// The day of issue, as printed.
    pub date: String,
    /// Who issues it.
    pub issuer: String,
}

/// Typesets a certificate.
pub fn certificate(doc: &CertificateDocument) -> Result<Vec<u8>, Error> {
    render(TEMPLATE, doc)
}
