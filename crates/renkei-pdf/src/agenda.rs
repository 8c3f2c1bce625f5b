//! A 商談会 participant's agenda: the event, the participant, and each meeting's time,
//! table and counterpart, as the participant's page shows them.

use serde::Serialize;

use crate::world::{Error, render};

/// The agenda's template.
const TEMPLATE: &str = include_str!("../templates/agenda.typ");

/// One meeting on the agenda, every field as it is printed.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaLine {
    pub when: String,
    pub table: String,
    pub with: String,
    pub profile: String,
}

/// An agenda, every text already in the reader's language.
#[derive(Debug, Clone, Serialize)]
pub struct AgendaDocument {
    /// `ja` or `en`: the document's language (hyphenation, line breaking, metadata).
    pub lang: &'static str,
    /// The heading, for example 商談スケジュール（確定）.
    pub heading: String,
    pub event: String,
    pub venue: String,
    pub participant: String,
    /// The line under the heading: the event's dates, in 和暦 for a Japanese reader.
    pub dates: String,
    /// When the document was made, as printed in the footer.
    pub issued: String,
    /// The column headings: time, table, counterpart, profile.
    pub columns: [String; 4],
    /// What the table says when there are no meetings.
    pub empty: String,
    pub lines: Vec<AgendaLine>,
}

/// Typesets an agenda.
pub fn agenda(doc: &AgendaDocument) -> Result<Vec<u8>, Error> {
    render(TEMPLATE, doc)
}
