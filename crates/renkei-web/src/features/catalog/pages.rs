//! The model overview (stages across, types down) and the stage pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::Uri;
use renkei_domain::catalog::{
    self, CellLevel, Column, CompanyType, Level, Measure, Novelty, Provider, Scope, Stage,
};

use crate::error::AppError;
use crate::lang::UiLang;
use crate::shared::layout::{Base, tr};

/// A measure as a cell or list shows it.
pub struct MeasureView {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub is_new: bool,
    pub provider: &'static str,
    /// Set when the measure is someone else's than the city's (cities together, state …).
    pub provider_mark: Option<&'static str>,
    pub low: bool,
}

impl MeasureView {
    pub fn new(base: &Base, m: &'static Measure, ty: Option<CompanyType>) -> Self {
        MeasureView {
            code: m.code,
            name: base.tx(&m.name),
            kind: base.tx(&m.kind.name()),
            is_new: m.novelty == Novelty::New,
            provider: base.tx(&m.provider.name()),
            provider_mark: (m.provider != Provider::City).then(|| base.tx(&m.provider.name())),
            low: ty.is_some_and(|t| catalog::applicability(t, m) == Level::Low),
        }
    }
}

pub struct StageHead {
    pub number: u8,
    pub mark: &'static str,
    pub name: &'static str,
    pub alt_name: Option<&'static str>,
}

impl StageHead {
    pub fn new(base: &Base, s: Stage) -> Self {
        StageHead {
            number: s.number(),
            mark: s.mark(),
            name: base.tx(&s.name()),
            alt_name: s.alt_name().map(|a| base.tx(&a)),
        }
    }
}

pub struct Cell {
    pub level: &'static str,
    pub level_name: &'static str,
    pub measures: Vec<MeasureView>,
}

pub struct TypeRow {
    pub code: &'static str,
    pub mark: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub note: &'static str,
    pub cells: Vec<Cell>,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/overview.html")]
pub struct Overview {
    base: Base,
    stages: Vec<StageHead>,
    rows: Vec<TypeRow>,
    common: Vec<MeasureView>,
    sales_note: &'static str,
}

pub async fn overview(UiLang(lang): UiLang, uri: Uri) -> Overview {
    let base = Base::new(
        lang,
        uri.to_string(),
        tr(
            lang,
            "理想的な支援成功モデル",
            "Ideal support success model",
        ),
        "model",
    );
    let rows = CompanyType::ALL
        .into_iter()
        .map(|t| TypeRow {
            code: t.code(),
            mark: t.mark(),
            name: base.tx(&t.name()),
            description: base.tx(&t.description()),
            note: base.tx(&t.applicability_note()),
            cells: Stage::ALL
                .into_iter()
                .map(|s| {
                    let a = catalog::stage_applicability(t, s);
                    Cell {
                        level: a.level.code(),
                        level_name: base.tx(&a.level.name()),
                        measures: catalog::measures_in(Scope::Stage(s))
                            .filter(|m| m.sources.figure || m.sources.stage_table)
                            .map(|m| MeasureView::new(&base, m, Some(t)))
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect();
    Overview {
        stages: Stage::ALL
            .into_iter()
            .map(|s| StageHead::new(&base, s))
            .collect(),
        rows,
        common: catalog::measures_in(Scope::AllStages)
            .map(|m| MeasureView::new(&base, m, None))
            .collect(),
        sales_note: base.tx(&catalog::SALES_AFTER_PRODUCTION_NOTE),
        base,
    }
}

pub struct TypeLevel {
    pub name: &'static str,
    pub level: &'static str,
    pub level_name: &'static str,
    pub low: Vec<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "catalog/stage.html")]
pub struct StagePage {
    base: Base,
    /// None for the all-stages (coordinator) page.
    stage: Option<StageHead>,
    heading: String,
    description: Option<&'static str>,
    columns: Vec<(&'static str, Vec<&'static str>)>,
    measures: Vec<MeasureView>,
    types: Vec<TypeLevel>,
    notes: Vec<&'static str>,
    prev: Option<u8>,
    next: Option<u8>,
    all_stages: Vec<StageHead>,
}

pub async fn stage(
    UiLang(lang): UiLang,
    uri: Uri,
    Path(stage): Path<String>,
) -> Result<StagePage, AppError> {
    let scope = if stage == "common" {
        Scope::AllStages
    } else {
        Scope::Stage(
            stage
                .parse::<u8>()
                .ok()
                .and_then(Stage::from_number)
                .ok_or(AppError::NotFound)?,
        )
    };
    let heading = match scope {
        Scope::Stage(s) => format!(
            "{}{} {}",
            tr(lang, "段階", "Stage "),
            s.mark(),
            s.name().get(lang)
        ),
        Scope::AllStages => format!(
            "{}{}",
            Scope::AllStages.name().get(lang),
            tr(lang, "（コーディネーター）", " (coordinators)")
        ),
    };
    let base = Base::new(lang, uri.to_string(), heading.clone(), "stages");
    let columns = Column::ALL
        .into_iter()
        .map(|c| {
            (
                base.tx(&c.name()),
                catalog::table_items(scope, c)
                    .map(|i| base.tx(&i.text))
                    .collect(),
            )
        })
        .collect();
    let types = match scope {
        Scope::Stage(s) => CompanyType::ALL
            .into_iter()
            .map(|t| {
                let a = catalog::stage_applicability(t, s);
                TypeLevel {
                    name: base.tx(&t.name()),
                    level: a.level.code(),
                    level_name: base.tx(&a.level.name()),
                    low: a
                        .low_measures
                        .iter()
                        .filter_map(|c| catalog::measure(c))
                        .map(|m| base.tx(&m.name))
                        .collect(),
                }
            })
            .collect(),
        Scope::AllStages => CompanyType::ALL
            .into_iter()
            .map(|t| TypeLevel {
                name: base.tx(&t.name()),
                level: CellLevel::High.code(),
                level_name: base.tx(&CellLevel::High.name()),
                low: vec![],
            })
            .collect(),
    };
    let mut notes = Vec::new();
    if matches!(scope, Scope::Stage(Stage::Sales | Stage::Production)) {
        notes.push(base.tx(&catalog::SALES_AFTER_PRODUCTION_NOTE));
    }
    if scope == Scope::Stage(Stage::Production) {
        notes.push(base.tx(&catalog::PRODUCTION_NO_VOICES_NOTE));
    }
    let number = scope.stage().map(Stage::number);
    Ok(StagePage {
        stage: scope.stage().map(|s| StageHead::new(&base, s)),
        heading,
        description: scope.stage().map(|s| base.tx(&s.description())),
        columns,
        measures: catalog::measures_in(scope)
            .map(|m| MeasureView::new(&base, m, None))
            .collect(),
        types,
        notes,
        prev: number.and_then(|n| (n > 1).then(|| n - 1)),
        next: number.and_then(|n| (n < 8).then(|| n + 1)),
        all_stages: Stage::ALL
            .into_iter()
            .map(|s| StageHead::new(&base, s))
            .collect(),
        base,
    })
}
