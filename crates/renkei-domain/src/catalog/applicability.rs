//! The applicability of measures and stages to the three company types (活用可能性), as the
//! text under the ideal-model figure states it.

use serde::Serialize;

use super::{CompanyType, Measure, Scope, Stage, measures_in};
use crate::i18n::Text;

/// How likely a company type is to use a measure (活用可能性).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    High,
    Low,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::High => "high",
            Level::Low => "low",
        }
    }

    pub fn name(self) -> Text {
        match self {
            Level::High => Text::new("活用可能性が高い", "High"),
            Level::Low => Text::new("活用可能性が低い", "Low"),
        }
    }
}

/// The applicability of a measure to a company type, as the text under the figure states it.
pub fn applicability(company_type: CompanyType, measure: &Measure) -> Level {
    let stage = measure.scope.stage();
    let low = match company_type {
        CompanyType::MedicalCompanyLed => measure.code == "discovery.entry-seminar",
        CompanyType::ManufacturerEntry => false,
        CompanyType::MetroNeedsIct => {
            matches!(
                stage,
                Some(Stage::Regulatory | Stage::Clinical | Stage::Production)
            )
        }
    };
    if low { Level::Low } else { Level::High }
}

/// A cell of the applicability matrix (type × stage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageApplicability {
    pub company_type: CompanyType,
    pub stage: Stage,
    /// High when every measure of the stage is high, low when every one is low, and
    /// `partial` when the report names some measures of the stage as low.
    pub level: CellLevel,
    /// The measures of the stage that are of low use to the type.
    pub low_measures: Vec<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CellLevel {
    High,
    Partial,
    Low,
}

impl CellLevel {
    pub fn code(self) -> &'static str {
        match self {
            CellLevel::High => "high",
            CellLevel::Partial => "partial",
            CellLevel::Low => "low",
        }
    }

    pub fn name(self) -> Text {
        match self {
            CellLevel::High => Text::new("高い", "High"),
            CellLevel::Partial => Text::new("一部低い", "Partly low"),
            CellLevel::Low => Text::new("低い", "Low"),
        }
    }
}

/// One cell of the matrix, derived from the measure-level rule.
pub fn stage_applicability(company_type: CompanyType, stage: Stage) -> StageApplicability {
    let measures: Vec<&Measure> = measures_in(Scope::Stage(stage)).collect();
    let low_measures: Vec<&'static str> = measures
        .iter()
        .filter(|m| applicability(company_type, m) == Level::Low)
        .map(|m| m.code)
        .collect();
    let level = if low_measures.is_empty() {
        CellLevel::High
    } else if low_measures.len() == measures.len() {
        CellLevel::Low
    } else {
        CellLevel::Partial
    };
    StageApplicability {
        company_type,
        stage,
        level,
        low_measures,
    }
}

/// The whole matrix, type by type, stage by stage.
pub fn applicability_matrix() -> Vec<StageApplicability> {
    CompanyType::ALL
        .into_iter()
        .flat_map(|t| {
            Stage::ALL
                .into_iter()
                .map(move |s| stage_applicability(t, s))
        })
        .collect()
}
