//! A city's coordinators' training (`/cities/{city}/coordinators/training`): each of its
//! coordinators' row of the skills matrix, and its gaps — for each stage, how many of its
//! products in development are at it against how many of its coordinators are trained (or
//! experienced) for it, the stages with products and nobody trained flagged. For the city's
//! staff and coordinators.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use renkei_app::training;
use renkei_domain::training::hours_text;

use crate::error::AppError;
use crate::shared::city::city_code;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

use super::person::{CellView, cells};

pub struct RowView {
    pub id: i64,
    pub name: String,
    pub hours: String,
    pub certificates: usize,
    pub cells: Vec<CellView>,
}

pub struct GapView {
    pub mark: &'static str,
    pub name: &'static str,
    pub products: u32,
    pub trained: u32,
    pub experienced: u32,
    pub uncovered: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "training/city.html")]
pub struct CityPage {
    pub base: Base,
    pub rows: Vec<RowView>,
    pub gaps: Vec<GapView>,
    pub uncovered: usize,
}

/// `GET /cities/{city}/coordinators/training`.
pub async fn page(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    let t = training::city_training(&state.app, &viewer.caller(), &code).await?;
    let name = state.store.city_name(&code.to_string());
    let gaps: Vec<GapView> = t
        .gaps
        .iter()
        .map(|g| GapView {
            mark: g.stage.mark(),
            name: g.stage.name().get(lang),
            products: g.products,
            trained: g.trained,
            experienced: g.experienced,
            uncovered: g.uncovered(),
        })
        .collect();
    Ok(CityPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!(
                "{name}{}",
                tr(lang, "のコーディネーター研修", ": coordinators' training")
            ),
            "coordinators",
        ),
        uncovered: gaps.iter().filter(|g| g.uncovered).count(),
        gaps,
        rows: t
            .rows
            .iter()
            .map(|r| RowView {
                id: r.coordinator.account.user.id.0,
                name: r.coordinator.account.user.display_name.clone(),
                hours: hours_text(r.half_hours),
                certificates: r.certificates,
                cells: cells(lang, &r.row),
            })
            .collect(),
    }
    .into_response())
}
