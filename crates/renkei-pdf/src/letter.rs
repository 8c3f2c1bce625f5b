//! A call's decision letter (決定通知書) as a city sends it to the applicant: the 文書番号 and
//! the day (in 和暦 for a Japanese reader) at the top right, the addressee (the company and
//! its representative, 様), the issuer, the title, the body sentence, the 記 with its items
//! (the call, the receipt number, for a granted subsidy the amount and the 補助条件 as a
//! numbered list, the decision's reasons), 以上, and the 【教示】 where the decision may be
//! contested. What each says, and whether a letter has a 教示, is the caller's
//! (`renkei_domain::call::letter`).

use serde::Serialize;

use crate::world::{Error, render};

/// The letter's template.
const TEMPLATE: &str = include_str!("../templates/letter.typ");

/// An item of the 記: its label and text, and the numbered lines under it (the 補助条件).
#[derive(Debug, Clone, Default, Serialize)]
pub struct LetterItem {
    pub label: String,
    pub text: String,
    pub lines: Vec<String>,
}

/// A decision letter, every text already composed in the reader's language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DecisionLetter {
    /// `ja` or `en`.
    pub lang: &'static str,
    /// The 文書番号 (`千経産第12号`).
    pub number: String,
    /// The letter's day, as printed.
    pub date: String,
    /// The addressee's lines: the company, then its representative if known.
    pub addressee: Vec<String>,
    /// After the addressee's last line (`様`), or nothing.
    pub honorific: String,
    /// The issuer's title and name as printed.
    pub issuer: String,
    /// A line above everything for a letter not yet sent (`【案】`), or nothing.
    pub draft: String,
    pub title: String,
    /// The body sentence.
    pub body: String,
    /// The word that opens the items (`記`), and the one that closes them (`以上`).
    pub record: String,
    pub end: String,
    pub items: Vec<LetterItem>,
    /// `【教示】`, or nothing for a letter without one.
    pub appeal_heading: String,
    /// The 教示's paragraphs.
    pub appeal: Vec<String>,
    /// The footer's line (the receipt number), beside the page of pages.
    pub footer: String,
}

/// Typesets a decision letter.
pub fn letter(doc: &DecisionLetter) -> Result<Vec<u8>, Error> {
    render(TEMPLATE, doc)
}
