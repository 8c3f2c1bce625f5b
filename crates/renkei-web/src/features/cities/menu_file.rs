//! A city's menu as a file (`/cities/{city}/menu.csv`, `.xlsx`): every entry with its stage,
//! the catalog measure it delivers, who offers it and the city's own words for it, in the
//! order of the menu page. The menu is public, as its page is.

use axum::extract::Path;
use axum::http::Uri;
use axum::response::Response;
use renkei_domain::catalog::Scope;
use renkei_store::{MenuQuery, PageRequest};

use crate::AppState;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::lang::UiLang;
use crate::shared::city::city_code;
use crate::shared::format::city_name;
use crate::shared::layout::tr;

pub async fn menu_file(
    axum::extract::State(state): axum::extract::State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    Path(city): Path<String>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let all = PageRequest::new(1, PageRequest::MAX_PER_PAGE);
    let mut entries = state
        .store
        .menu(
            &code,
            MenuQuery {
                scope: None,
                page: all,
            },
        )
        .await?
        .items;
    let order = |s: Scope| match s {
        Scope::Stage(s) => s.number(),
        Scope::AllStages => 9,
    };
    entries.sort_by_key(|r| order(r.entry.measure.scope));
    let header = [
        "ID",
        tr(lang, "段階", "Stage"),
        tr(lang, "施策コード", "Measure code"),
        tr(lang, "施策", "Measure"),
        tr(lang, "提供", "Offered by"),
        tr(lang, "連携する都市", "Partner city"),
        tr(lang, "事業名", "Name"),
        tr(lang, "内容", "Description"),
        tr(lang, "問い合わせ先", "Contact"),
        tr(lang, "期間（開始）", "From"),
        tr(lang, "期間（終了）", "Until"),
        tr(lang, "予算（円）", "Budget (yen)"),
        "URL",
    ];
    let rows = entries.into_iter().map(|r| {
        let e = r.entry;
        let stage = match e.measure.scope {
            Scope::Stage(s) => format!("{} {}", s.mark(), s.name().get(lang)),
            Scope::AllStages => Scope::AllStages.name().get(lang).to_owned(),
        };
        vec![
            r.id.to_string(),
            stage,
            e.measure.code.to_owned(),
            e.measure.name.get(lang).to_owned(),
            e.offering.name().get(lang).to_owned(),
            e.partner_city
                .map(|c| city_name(&state, &c.to_string()))
                .unwrap_or_default(),
            e.name,
            e.description,
            e.contact,
            e.period_start.map(|d| d.to_string()).unwrap_or_default(),
            e.period_end.map(|d| d.to_string()).unwrap_or_default(),
            e.budget_yen.map(|b| b.to_string()).unwrap_or_default(),
            e.url.unwrap_or_default(),
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("menu-{code}-{}", utc_stamp());
    download(xlsx, &name, tr(lang, "支援メニュー", "Menu"), &header, rows)
}
