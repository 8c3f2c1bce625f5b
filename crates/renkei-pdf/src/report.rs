//! A report of the evidence (第3章 5, 第4章): a title, then sections, each with paragraphs,
//! tables of figures and quoted voices — the referral pilot's summary, the evidence for the
//! proposals to the state, a city's fiscal-year report. Every text comes already in the
//! reader's language, figures already as the dashboards print them.

use serde::Serialize;

use crate::world::{Error, render};

/// The report's template.
const TEMPLATE: &str = include_str!("../templates/report.typ");

/// A table of a report: its caption, column headings (the first is the rows' own) and rows.
#[derive(Debug, Clone, Serialize)]
pub struct ReportTable {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub note: String,
}

/// A quoted voice: what was said, and by whom (a party, a rating).
#[derive(Debug, Clone, Serialize)]
pub struct ReportQuote {
    pub text: String,
    pub by: String,
}

/// A section: its heading, paragraphs, tables and quotes, in that order.
#[derive(Debug, Clone, Serialize)]
pub struct ReportSection {
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub tables: Vec<ReportTable>,
    pub quotes: Vec<ReportQuote>,
}

/// A report, every text already in the reader's language.
#[derive(Debug, Clone, Serialize)]
pub struct ReportDocument {
    /// `ja` or `en`.
    pub lang: &'static str,
    pub title: String,
    /// The line under the title: the fiscal year (in 和暦 too) and the scope.
    pub subtitle: String,
    /// When it was made, as printed in the footer.
    pub issued: String,
    pub sections: Vec<ReportSection>,
}

/// Typesets a report.
pub fn report(doc: &ReportDocument) -> Result<Vec<u8>, Error> {
    render(TEMPLATE, doc)
}
