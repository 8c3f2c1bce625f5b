//! The public list of winners: every released award's and certification's (`/calls/winners`)
//! and a city's own with every wide-area award's (`/cities/{city}/calls/winners`). The list
//! is `renkei_app::calls::winners`. Both lists download as CSV and XLSX too (`.csv`, `.xlsx`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::response::Response;
use renkei_app::calls::winners::{Winner, winners};
use renkei_domain::Lang;

use super::list::cities_of;
use crate::AppState;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::shared::city::city_code;
use crate::shared::format::city_name;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A winner as a row of the list.
pub struct WinnerRow {
    pub call: i64,
    pub title: String,
    pub kind: String,
    pub cities: String,
    pub company: String,
    pub company_city: String,
    pub product: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "calls/winners.html")]
pub struct WinnersPage {
    base: Base,
    rows: Vec<WinnerRow>,
}

fn rows(state: &AppState, lang: Lang, list: Vec<Winner>) -> Vec<WinnerRow> {
    list.into_iter()
        .map(|w| WinnerRow {
            call: w.call.id,
            title: w.call.title.clone(),
            kind: w.call.kind.name().get(lang).to_owned(),
            cities: cities_of(state, &w.call),
            company: w.company,
            company_city: city_name(state, &w.company_city.to_string()),
            product: w.product,
        })
        .collect()
}

/// Every published award's and certification's winners.
pub async fn all(
    PageContext(state, lang, _uri, _viewer): PageContext,
) -> Result<WinnersPage, AppError> {
    let list = winners(&state.app, None).await?;
    let title = tr(
        lang,
        "表彰・認定の受賞者",
        "Winners of awards and certifications",
    );
    Ok(WinnersPage {
        base: Base::new(lang, "/calls/winners", title, "calls"),
        rows: rows(&state, lang, list),
    })
}

/// A city's winners, with every wide-area award's.
pub async fn of_city(
    PageContext(state, lang, _uri, _viewer): PageContext,
    Path(city): Path<String>,
) -> Result<WinnersPage, AppError> {
    let code = city_code(&city)?;
    let list = winners(&state.app, Some(&code)).await?;
    let title = format!(
        "{}{}",
        city_name(&state, &code.to_string()),
        tr(lang, "の表彰・認定の受賞者", ": winners")
    );
    Ok(WinnersPage {
        base: Base::new(
            lang,
            format!("/cities/{code}/calls/winners"),
            title,
            "calls",
        ),
        rows: rows(&state, lang, list),
    })
}

/// `GET /calls/winners.csv` (`.xlsx`) and `/cities/{city}/calls/winners.csv` (`.xlsx`): the
/// list of winners, one a row, as Excel opens it.
pub async fn file(
    PageContext(state, lang, uri, _viewer): PageContext,
    city: Option<Path<String>>,
) -> Result<Response, AppError> {
    let code = match city {
        Some(Path(c)) => Some(city_code(&c)?),
        None => None,
    };
    let list = winners(&state.app, code.as_ref()).await?;
    let header = [
        tr(lang, "公募番号", "Call"),
        tr(lang, "公募", "Title"),
        tr(lang, "種類", "Kind"),
        tr(lang, "実施市", "Cities"),
        tr(lang, "企業", "Company"),
        tr(lang, "企業の所在市", "Company's city"),
        tr(lang, "製品", "Product"),
    ];
    let lines = rows(&state, lang, list).into_iter().map(|r| {
        vec![
            r.call.to_string(),
            r.title,
            r.kind,
            r.cities,
            r.company,
            r.company_city,
            r.product,
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let scope = code.map_or_else(|| "all".to_owned(), |c| c.to_string());
    let name = format!("winners-{scope}-{}", utc_stamp());
    download(xlsx, &name, tr(lang, "受賞者", "Winners"), &header, lines)
}
