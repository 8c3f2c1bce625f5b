//! The reports as files, from a page and from the command line (`renkei report …`): a
//! report (`renkei_app::evidence::Report`) typeset as PDF with its fonts embedded
//! (`renkei_pdf::report`), or written as XLSX (a sheet per table, then the quotes and the
//! paragraphs). `/reports/pilot.{pdf,xlsx}` serve the referral pilot's summary,
//! `/reports/proposals.{pdf,xlsx}` the evidence for the proposals to the state, and
//! `/cities/{city}/report.{pdf,xlsx}` a city's fiscal-year report, for the filter's year.

use axum::response::Response;
use renkei_app::evidence::{self, Report};
use renkei_domain::Lang;
use renkei_domain::jdate::wareki;

use super::dashboard::{FilterParams, sheet};
use crate::csv::{ListFormat, utc_stamp};
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::shared::layout::tr;
use crate::shared::page::PageContext;

/// The document typst sets for a report.
fn document(report: &Report, lang: Lang) -> renkei_pdf::ReportDocument {
    let today = chrono::Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).expect("UTC+9"))
        .date_naive();
    renkei_pdf::ReportDocument {
        lang: if lang == Lang::En { "en" } else { "ja" },
        title: report.title.clone(),
        subtitle: report.subtitle.clone(),
        issued: match lang {
            Lang::Ja => format!(
                "{}作成　Renkei（指定都市連携プラットフォーム）",
                wareki(today)
            ),
            Lang::En => format!("Made on {today} by Renkei"),
        },
        sections: report
            .sections
            .iter()
            .map(|s| renkei_pdf::ReportSection {
                heading: s.heading.clone(),
                paragraphs: s.paragraphs.clone(),
                tables: s
                    .tables
                    .iter()
                    .map(|t| {
                        let sheet = sheet(t, lang);
                        renkei_pdf::ReportTable {
                            caption: t.title.clone(),
                            columns: sheet.header,
                            rows: sheet.rows,
                            note: t.note.clone(),
                        }
                    })
                    .collect(),
                quotes: s
                    .quotes
                    .iter()
                    .map(|(text, by)| renkei_pdf::ReportQuote {
                        text: text.clone(),
                        by: by.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A report as PDF (typeset on a blocking thread when called from the runtime).
pub fn pdf(report: &Report, lang: Lang) -> anyhow::Result<Vec<u8>> {
    Ok(renkei_pdf::report(&document(report, lang))?)
}

/// A report as XLSX: a sheet per table, then one of the quotes and one of the text.
pub fn xlsx(report: &Report, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut sheets: Vec<renkei_io::Sheet> = report
        .sections
        .iter()
        .flat_map(|s| &s.tables)
        .map(|t| sheet(t, lang))
        .collect();
    let quotes: Vec<Vec<String>> = report
        .sections
        .iter()
        .flat_map(|s| &s.quotes)
        .map(|(text, by)| vec![by.clone(), text.clone()])
        .collect();
    sheets.push(renkei_io::Sheet {
        name: tr(lang, "参加者の感想", "Feedback").to_owned(),
        header: vec![
            tr(lang, "誰の", "By").into(),
            tr(lang, "感想", "Feedback").into(),
        ],
        rows: quotes,
    });
    sheets.push(renkei_io::Sheet {
        name: tr(lang, "本文", "Text").to_owned(),
        header: vec![
            tr(lang, "章", "Section").into(),
            tr(lang, "本文", "Text").into(),
        ],
        rows: report
            .sections
            .iter()
            .flat_map(|s| {
                s.paragraphs
                    .iter()
                    .map(|p| vec![s.heading.clone(), p.clone()])
            })
            .collect(),
    });
    renkei_io::write_xlsx_sheets(&sheets).map_err(|e| anyhow::anyhow!("XLSX: {e}"))
}

/// Serves a report as the path asks: `.pdf` or `.xlsx`.
async fn serve(
    report: Report,
    lang: Lang,
    uri: &axum::http::Uri,
    name: &str,
) -> Result<Response, AppError> {
    let name = format!("{name}-{}", utc_stamp());
    if ListFormat::of(uri) == ListFormat::Xlsx {
        let bytes = xlsx(&report, lang).map_err(AppError::Internal)?;
        return Ok(super::file_response(
            &format!("{name}.xlsx"),
            super::XLSX,
            bytes,
        ));
    }
    let bytes = tokio::task::spawn_blocking(move || pdf(&report, lang))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(AppError::Internal)?;
    Ok(super::file_response(
        &format!("{name}.pdf"),
        "application/pdf",
        bytes,
    ))
}

/// `GET /reports/pilot.pdf` and `/reports/pilot.xlsx`: the referral pilot's summary.
pub async fn pilot(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(q): QueryInput<FilterParams>,
) -> Result<Response, AppError> {
    let filter = q.parse().map_err(AppError::Validation)?;
    let report = evidence::pilot(&state.app, &viewer.caller(), filter, lang).await?;
    serve(report, lang, &uri, &format!("pilot-{}", filter.year)).await
}

/// `GET /reports/proposals.pdf` and `.xlsx`: the evidence for the proposals to the state.
pub async fn proposals(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(q): QueryInput<FilterParams>,
) -> Result<Response, AppError> {
    let filter = q.parse().map_err(AppError::Validation)?;
    let report = evidence::proposals(&state.app, &viewer.caller(), filter, lang).await?;
    serve(report, lang, &uri, &format!("proposals-{}", filter.year)).await
}

/// `GET /cities/{city}/report.pdf` and `.xlsx`: the city's fiscal-year report.
pub async fn city(
    PageContext(state, lang, uri, viewer): PageContext,
    axum::extract::Path(city): axum::extract::Path<String>,
    QueryInput(q): QueryInput<FilterParams>,
) -> Result<Response, AppError> {
    let code = crate::shared::city::city_code(&city)?;
    evidence::audience(&state.app, &viewer.caller(), evidence::Scope::City(code)).await?;
    let filter = q.parse().map_err(AppError::Validation)?;
    let report = evidence::city_report(&state.app, &viewer.caller(), code, filter, lang).await?;
    serve(
        report,
        lang,
        &uri,
        &format!("report-{code}-{}", filter.year),
    )
    .await
}
