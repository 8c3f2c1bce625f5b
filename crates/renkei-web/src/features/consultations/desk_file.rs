//! The desk's cases as a file (`/cities/{city}/consultations.csv`, `.xlsx`), with the list's
//! filters: one row per case, with its company, kind, state, handler, the day it was opened,
//! its first answer's due day and the day it came, and its outcome.

use axum::extract::{Path, Query};
use axum::response::Response;
use renkei_domain::access::{Action, Resource};
use renkei_domain::event::jst;
use renkei_domain::jdate::wareki;
use renkei_store::PageRequest;

use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::shared::city::city_code;
use crate::shared::format::show_wareki;
use crate::shared::layout::tr;
use crate::shared::page::PageContext;

use super::desk::{ListQuery, filter};

/// The most cases a file holds.
const MOST: u64 = 20_000;

pub async fn desk_file(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let resource = Resource::CityRecord {
        owner: &code,
        shared_with: &[],
    };
    viewer.require(Action::Read, resource).await?;
    let f = filter(&q, &viewer);
    let mut cases = Vec::new();
    for page in 1..=MOST / PageRequest::MAX_PER_PAGE {
        let found = state
            .store
            .consultations_of(&code, &f, PageRequest::new(page, PageRequest::MAX_PER_PAGE))
            .await?;
        let last = found.items.len() < PageRequest::MAX_PER_PAGE as usize;
        cases.extend(found.items);
        if last {
            break;
        }
    }
    let companies = state
        .store
        .companies_by_id(cases.iter().map(|c| c.company_id))
        .await?;
    let header = [
        tr(lang, "番号", "Case"),
        tr(lang, "企業", "Company"),
        tr(lang, "開発案件番号", "Product"),
        tr(lang, "種類", "Kind"),
        tr(lang, "件名", "Subject"),
        tr(lang, "状態", "State"),
        tr(lang, "担当", "Handler"),
        tr(lang, "受付日", "Opened"),
        tr(lang, "初回対応の期限", "First answer due"),
        tr(lang, "初回対応日", "First answered"),
        tr(lang, "対応の結果", "Outcome"),
    ];
    let rows = cases.into_iter().map(|c| {
        vec![
            c.id.to_string(),
            companies
                .get(&c.company_id)
                .map(|x| x.name.clone())
                .unwrap_or_default(),
            c.product_id.map(|p| p.to_string()).unwrap_or_default(),
            c.kind.name().get(lang).to_owned(),
            c.subject,
            c.state.name().get(lang).to_owned(),
            c.handler_label,
            show_wareki(c.created_at),
            wareki(c.first_answer_due),
            c.first_answered_at
                .map(|t| wareki(t.with_timezone(&jst()).date_naive()))
                .unwrap_or_default(),
            c.summary.unwrap_or_default(),
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("consultations-{code}-{}", utc_stamp());
    download(xlsx, &name, tr(lang, "相談", "Cases"), &header, rows)
}
