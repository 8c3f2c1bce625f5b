//! The filters that the catalog's and the menus' lists share: a stage, by number or code.

use renkei_domain::catalog::{Scope, Stage};

use crate::error::AppError;

/// Parses a stage given by number (1–8) or code (`development`).
pub(crate) fn parse_stage(s: &str) -> Option<Stage> {
    s.parse::<u8>()
        .ok()
        .and_then(Stage::from_number)
        .or_else(|| Stage::from_code(s))
}

/// A `stage` filter: a stage number or code, or `common` for the all-stages measures.
pub(crate) fn scope_filter(stage: Option<&str>) -> Result<Option<Scope>, AppError> {
    Ok(match stage {
        None => None,
        Some("common") => Some(Scope::AllStages),
        Some(s) => Some(Scope::Stage(
            parse_stage(s).ok_or_else(|| bad_filter("stage"))?,
        )),
    })
}

pub(crate) fn bad_filter(field: &'static str) -> AppError {
    AppError::BadRequest {
        field: Some(field),
        message: renkei_domain::Text::new(
            "絞り込みの値が正しくありません。",
            "Unknown filter value.",
        ),
    }
}
