//! CSV downloads as Excel opens them: UTF-8 with a byte-order mark, CRLF line ends, every
//! field quoted. A field that a spreadsheet would take for a formula (starting with `=`, `+`,
//! `-`, `@`, a tab or a carriage return) is prefixed with `'`, so opening an export never runs
//! what someone typed into Renkei (CSV injection).

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// One field, quoted and defused.
pub fn field(value: &str) -> String {
    let risky = value.chars().next().is_some_and(|c| {
        matches!(
            c,
            '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠'
        )
    });
    let value = if risky {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// The whole file: BOM, header, rows.
pub fn render<S: AsRef<str>>(header: &[&str], rows: impl Iterator<Item = Vec<S>>) -> String {
    let mut out = String::from("\u{feff}");
    let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
        let joined: Vec<String> = cells.map(field).collect();
        out.push_str(&joined.join(","));
        out.push_str("\r\n");
    };
    line(&mut header.iter().copied(), &mut out);
    for row in rows {
        line(&mut row.iter().map(AsRef::as_ref), &mut out);
    }
    out
}

/// A download of the file under `name` (ASCII).
pub fn response<S: AsRef<str>>(
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<S>>,
) -> Response {
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        render(header, rows),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field("千葉市"), "\"千葉市\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("-1+1"), "\"'-1+1\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("＝1+1"), "\"'＝1+1\"");
        let file = render(&["a", "b"], [vec!["1", "x\ny"]].into_iter());
        assert_eq!(file, "\u{feff}\"a\",\"b\"\r\n\"1\",\"x\ny\"\r\n");
    }
}
