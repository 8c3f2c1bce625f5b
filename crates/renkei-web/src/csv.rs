//! Downloads of lists, as Excel opens them: CSV (UTF-8 with BOM, formula-safe) or XLSX,
//! written by `renkei_io`.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// How a list is asked for: its page, or a download (`….csv`, `….xlsx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    Page,
    Csv,
    Xlsx,
}

impl ListFormat {
    /// The format the request's path ends in.
    pub fn of(uri: &axum::http::Uri) -> ListFormat {
        let path = uri.path();
        if path.ends_with(".xlsx") {
            ListFormat::Xlsx
        } else if path.ends_with(".csv") {
            ListFormat::Csv
        } else {
            ListFormat::Page
        }
    }
}

/// The time a download is stamped with in its name (UTC, to the minute).
pub fn utc_stamp() -> String {
    chrono::Utc::now().format("%Y%m%d%H%M").to_string()
}

/// A list download: `{name}.xlsx` with one sheet named `sheet`, or else `{name}.csv`.
pub fn download<S: AsRef<str>>(
    xlsx: bool,
    name: &str,
    sheet: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<S>>,
) -> Result<Response, crate::error::AppError> {
    if xlsx {
        xlsx_response(&format!("{name}.xlsx"), sheet, header, rows)
    } else {
        Ok(response(&format!("{name}.csv"), header, rows))
    }
}

/// A CSV download under `name` (ASCII).
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
        renkei_io::write_csv(header, rows),
    )
        .into_response()
}

/// An XLSX download under `name` (ASCII), one sheet.
pub fn xlsx_response<S: AsRef<str>>(
    name: &str,
    sheet: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<S>>,
) -> Result<Response, crate::error::AppError> {
    let bytes = renkei_io::write_xlsx(sheet, header, rows)
        .map_err(|e| crate::error::AppError::Internal(anyhow::anyhow!("XLSX: {e}")))?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
