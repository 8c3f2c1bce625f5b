//! A granted subsidy's 実績報告 on the application's page: each receipt (見積書 → 発注書 →
//! 納品書 → 請求書 → 支払の証明) with its files and its date, the company's form to keep
//! files and submit the report, and the office's reading of it. The checks are
//! `renkei_app::calls::report`; the report is submitted as the application's `report` move.

use std::collections::BTreeMap;

use renkei_app::calls::applications::Application;
use renkei_domain::Lang;
use renkei_domain::call::report::Receipt;
use renkei_domain::jdate::wareki;

use crate::AppState;
use crate::error::AppError;

/// A receipt of the report as the page shows it.
pub struct ReceiptRow {
    pub name: String,
    pub date_key: String,
    pub file_key: String,
    /// As typed (or as reported).
    pub date: String,
    /// As reported, in 和暦.
    pub reported: String,
    /// (id, name) of its files.
    pub files: Vec<(i64, String)>,
}

/// The report's receipts, with what was typed where a report was refused.
pub(super) async fn receipt_rows(
    state: &AppState,
    lang: Lang,
    a: &Application,
    typed: Option<&BTreeMap<String, String>>,
) -> Result<Vec<ReceiptRow>, AppError> {
    if !a.call.kind.grants_money() {
        return Ok(Vec::new());
    }
    let files = state.store.application_files(a.record.id).await?;
    Ok(Receipt::ALL
        .iter()
        .map(|r| {
            let saved = a.record.report_dates.get(r.code()).copied();
            let date = typed
                .and_then(|t| t.get(&r.date_key()).cloned())
                .or_else(|| saved.map(|d| d.to_string()))
                .unwrap_or_default();
            ReceiptRow {
                name: r.name().get(lang).to_owned(),
                date_key: r.date_key(),
                file_key: r.file_key(),
                date,
                reported: saved.map(wareki).unwrap_or_default(),
                files: files
                    .iter()
                    .filter(|f| f.field_key == r.file_key())
                    .map(|f| (f.id, f.file_name.clone()))
                    .collect(),
            }
        })
        .collect())
}

/// The receipts' dates as a form typed them, by the receipt's code.
pub(super) fn dates_of(
    form: &std::collections::HashMap<String, String>,
) -> BTreeMap<String, String> {
    Receipt::ALL
        .iter()
        .map(|r| {
            let typed = form.get(&r.date_key()).cloned().unwrap_or_default();
            (r.code().to_owned(), typed)
        })
        .collect()
}
