//! Downloads of lists, as Excel opens them: CSV (UTF-8 with BOM, formula-safe) or XLSX,
//! written by `renkei_io`.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

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
