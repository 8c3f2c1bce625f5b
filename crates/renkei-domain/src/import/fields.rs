//! The fields an import column can fill, the headers matched to them, and the problems a row
//! can have: what every kind of import shares.

use crate::FieldError;
use crate::i18n::{Lang, Text};
use crate::text::fold;

/// A field an import column can fill.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub key: &'static str,
    pub label: Text,
    /// Headers taken to mean this field (compared after NFKC, lower-cased, spaces removed).
    pub synonyms: &'static [&'static str],
}

fn header_key(h: &str) -> String {
    fold(h)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect()
}

pub(super) fn auto_map_with(fields: &[FieldSpec], headers: &[String]) -> Vec<Option<&'static str>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let k = header_key(h);
            let field = fields
                .iter()
                .find(|f| {
                    header_key(f.key) == k
                        || header_key(f.label.ja) == k
                        || header_key(f.label.en) == k
                        || f.synonyms.iter().any(|s| header_key(s) == k)
                })
                .map(|f| f.key)
                .filter(|f| !taken.contains(f));
            if let Some(f) = field {
                taken.push(f);
            }
            field
        })
        .collect()
}

/// The columns of a file as matched to fields.
pub(super) struct Columns<'a> {
    pub(super) headers: &'a [String],
    pub(super) mapping: &'a [Option<&'a str>],
}

impl Columns<'_> {
    /// The column of a field.
    pub(super) fn of(&self, field: &str) -> Option<usize> {
        self.mapping.iter().position(|m| *m == Some(field))
    }

    /// The header a person sees for a field (the field's key if no column holds it).
    pub(super) fn header(&self, field: &str) -> String {
        self.of(field)
            .and_then(|i| self.headers.get(i).cloned())
            .unwrap_or_else(|| field.to_owned())
    }

    /// A row's cell for a field (empty if the row or the file has none).
    pub(super) fn cell(&self, cells: &[String], field: &str) -> String {
        self.of(field)
            .and_then(|i| cells.get(i))
            .cloned()
            .unwrap_or_default()
    }
}

/// One problem of an import: where (a line of the file and a column) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The row as a spreadsheet numbers it (the header is row 1, the first data row 2), or
    /// [`RowError::HEADER_ROW`] for a problem of the header row (a column missing).
    pub line: u64,
    pub column: String,
    pub message: Text,
}

impl RowError {
    /// The `line` of a problem of the header row, the file's columns as a whole.
    pub const HEADER_ROW: u64 = 0;

    /// Where the problem is, as the pages, the command line and the lists of problems say
    /// it: 見出し行 (header row), or the row as a spreadsheet shows it (3行目, row 3).
    pub fn place(&self, lang: Lang) -> String {
        match (self.line, lang) {
            (Self::HEADER_ROW, Lang::Ja) => "見出し行".to_owned(),
            (Self::HEADER_ROW, Lang::En) => "header row".to_owned(),
            (n, Lang::Ja) => format!("{n}行目"),
            (n, Lang::En) => format!("row {n}"),
        }
    }
}

impl Columns<'_> {
    /// The problems of a row's draft, each under the header of its field.
    pub(super) fn row_errors(&self, line: u64, es: Vec<FieldError>) -> Vec<RowError> {
        es.into_iter()
            .map(|e| RowError {
                line,
                column: self.header(e.field),
                message: e.message,
            })
            .collect()
    }
}

/// Everything a file made, or, if a row had any problem, every problem.
pub(super) fn all_or_errors<T>(
    out: Vec<T>,
    errors: Vec<RowError>,
) -> Result<Vec<T>, Vec<RowError>> {
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
