//! The audit trail: a city's (for its officers) or the whole platform's (for administrators),
//! with its filters, as a page and as a CSV or Excel file.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::{Lang, Text, jdate};
use renkei_store::{AuditQuery, AuditRecord, PageRequest};
use serde::Deserialize;

use crate::AppState;
use crate::csv::ListFormat;
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::shared::city::city_code;
use crate::shared::format::show_time;
use crate::shared::format::{city_name, encode, in_jst};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

// ---------------------------------------------------------------------------------------
// The audit trail

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    action: String,
    actor: String,
    address: String,
    from: String,
    until: String,
    page: Option<u64>,
}

pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub address: String,
    pub action: String,
    pub city: String,
    pub object: String,
    pub before: String,
    pub after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/audit.html")]
pub struct AuditPage {
    base: Base,
    action_path: String,
    filter: AuditFilter,
    errors: crate::shared::forms::Errors,
    rows: Vec<AuditRow>,
    total: u64,
    page: u64,
    pages: u64,
    csv_href: String,
    /// The filter as a query string, for the paging links.
    query: String,
}

/// A day typed as 2026-11-24, 2026/11/24 or 令和8年11月24日, as the start of that day in JST.
fn day_start(s: &str) -> Option<DateTime<Utc>> {
    let d = jdate::parse(s)?;
    in_jst(Utc::now())
        .timezone()
        .from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
}

fn audit_query(
    city: Option<CityCode>,
    f: &AuditFilter,
    lang: Lang,
) -> Result<AuditQuery, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let bad_day = tr(
        lang,
        "日付は 2026-11-24 や 令和8年11月24日 の形で入力してください。",
        "Enter a date such as 2026-11-24.",
    );
    let from = if f.from.trim().is_empty() {
        None
    } else {
        day_start(&f.from).or_else(|| {
            errors.push(("from", bad_day));
            None
        })
    };
    // "Until" includes the day typed.
    let until = if f.until.trim().is_empty() {
        None
    } else {
        day_start(&f.until)
            .map(|t| t + chrono::Duration::days(1))
            .or_else(|| {
                errors.push(("until", bad_day));
                None
            })
    };
    let trimmed =
        |s: &str| Some(renkei_domain::text::fold(s).trim().to_owned()).filter(|s| !s.is_empty());
    if errors.is_empty() {
        Ok(AuditQuery {
            city,
            action: trimmed(&f.action),
            actor: trimmed(&f.actor),
            client_address: trimmed(&f.address),
            from,
            until,
        })
    } else {
        Err(errors)
    }
}

fn audit_row(state: &AppState, r: AuditRecord) -> AuditRow {
    AuditRow {
        at: show_time(r.at),
        actor: r.actor_label,
        address: r.client_address.unwrap_or_default(),
        action: r.action,
        city: r
            .city_code
            .map(|c| city_name(state, &c.to_string()))
            .unwrap_or_default(),
        object: format!("{} {}", r.object_type, r.object_id),
        before: r.before.unwrap_or_default(),
        after: r.after.unwrap_or_default(),
    }
}

/// The trail as its page or, by the path's extension, as a file.
async fn audit_response(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    city: Option<CityCode>,
    filter: AuditFilter,
) -> Result<Response, AppError> {
    let format = ListFormat::of(uri);
    if format != ListFormat::Page {
        return audit_csv(state, lang, format == ListFormat::Xlsx, city, filter).await;
    }
    let (title, action_path) = match &city {
        Some(c) => (
            format!(
                "{} {}",
                city_name(state, &c.to_string()),
                tr(lang, "の監査ログ", "audit trail")
            ),
            format!("/cities/{c}/audit"),
        ),
        None => (
            tr(lang, "監査ログ", "Audit trail").to_owned(),
            "/audit".to_owned(),
        ),
    };
    let query = format!(
        "action={}&actor={}&address={}&from={}&until={}",
        encode(&filter.action),
        encode(&filter.actor),
        encode(&filter.address),
        encode(&filter.from),
        encode(&filter.until)
    );
    let base = Base::new(lang, uri.to_string(), title, "account");
    let (status, rows, total, page, pages, errors) = match audit_query(city, &filter, lang) {
        Ok(q) => {
            let page = state
                .store
                .audit_page(&q, PageRequest::new(filter.page.unwrap_or(1), 50))
                .await?;
            let pages = page.total.div_ceil(page.per_page).max(1);
            let rows = page
                .items
                .into_iter()
                .map(|r| audit_row(state, r))
                .collect();
            (StatusCode::OK, rows, page.total, page.page, pages, vec![])
        }
        Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, vec![], 0, 1, 1, errors),
    };
    let page = AuditPage {
        base,
        csv_href: format!("{action_path}.csv?{query}"),
        action_path,
        filter,
        errors: crate::shared::forms::Errors(errors),
        rows,
        total,
        page,
        pages,
        query,
    };
    Ok((status, page).into_response())
}

/// Every city's audit trail: the page, `.csv` or `.xlsx`.
pub async fn all_audit(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(filter): QueryInput<AuditFilter>,
) -> Result<Response, AppError> {
    viewer
        .require(Action::Read, Resource::AuditLog(None))
        .await?;
    audit_response(&state, lang, &uri, None, filter).await
}

/// One city's audit trail: the page, `.csv` or `.xlsx`.
pub async fn city_audit(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    QueryInput(filter): QueryInput<AuditFilter>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require(Action::Read, Resource::AuditLog(Some(&code)))
        .await?;
    audit_response(&state, lang, &uri, Some(code), filter).await
}

async fn audit_csv(
    state: &AppState,
    lang: Lang,
    xlsx: bool,
    city: Option<CityCode>,
    filter: AuditFilter,
) -> Result<Response, AppError> {
    let q = audit_query(city, &filter, lang).map_err(|errors| {
        AppError::Validation(
            errors
                .into_iter()
                .map(|(field, _)| {
                    FieldError::new(
                        field,
                        "日付は 2026-11-24 や 令和8年11月24日 の形で入力してください。",
                        "Enter a date such as 2026-11-24.",
                    )
                })
                .collect(),
        )
    })?;
    let records = state
        .store
        .audit_export(&q)
        .await?
        .ok_or(AppError::BadRequest {
            field: None,
            message: Text::new(
                "件数が多すぎるため出力できません（上限10万件）。期間などで絞り込んでください。",
                "Too many lines to export (at most 100,000). Narrow the filter, e.g. by dates.",
            ),
        })?;
    let header = [
        tr(lang, "日時（日本時間）", "Time (JST)"),
        tr(lang, "操作者", "Actor"),
        tr(lang, "接続元", "Client address"),
        tr(lang, "リクエストID", "Request id"),
        tr(lang, "操作", "Action"),
        tr(lang, "市", "City"),
        tr(lang, "対象の種類", "Object type"),
        tr(lang, "対象のID", "Object id"),
        tr(lang, "変更前", "Before"),
        tr(lang, "変更後", "After"),
    ];
    let rows = records.into_iter().map(|r| {
        vec![
            show_time(r.at),
            r.actor_label,
            r.client_address.unwrap_or_default(),
            r.request_id.unwrap_or_default(),
            r.action,
            r.city_code.map(|c| c.to_string()).unwrap_or_default(),
            r.object_type,
            r.object_id,
            r.before.unwrap_or_default(),
            r.after.unwrap_or_default(),
        ]
    });
    let name = format!(
        "audit-{}-{}",
        city.map_or_else(|| "all".to_owned(), |c| c.to_string()),
        in_jst(Utc::now()).format("%Y%m%d%H%M")
    );
    let sheet = tr(lang, "監査ログ", "Audit trail");
    crate::csv::download(xlsx, &name, sheet, &header, rows)
}
