//! The ideal support success model applied to one product: stage by stage, the measures its
//! type can use, which it used (and who helped: the support organisation, the coordinator),
//! and where each is offered. The product's page and the API's `/model` show it.

use renkei_domain::Lang;
use renkei_domain::catalog::{self, Level, Scope, Stage};
use renkei_domain::organization::Help;
use renkei_store::{HelperNames, ProductRecord, SupportRecord};

use crate::AppState;
use crate::error::AppError;
use crate::shared::format::city_name;
use crate::shared::helped::helper_names;
use crate::shared::stages::stage_label;

/// Who a support record names as having helped.
pub(crate) fn support_help(r: &SupportRecord) -> Help {
    Help {
        organization: r.organization_id,
        coordinator: r.coordinator_id,
    }
}

/// The names of who helped with a product's support.
pub(crate) async fn support_helpers(
    state: &AppState,
    support: &[SupportRecord],
) -> Result<HelperNames, AppError> {
    helper_names(state, support.iter().map(support_help)).await
}

pub struct MeasureRow {
    pub code: &'static str,
    pub name: &'static str,
    pub is_new: bool,
    pub high: bool,
    pub used: usize,
    /// Who helped with the support it received through it: "支援機関・コーディネーター" each.
    pub helped: Vec<String>,
    /// The cities that provided the support it received through it (names, once each).
    pub by: Vec<String>,
    /// The home city's menu entries for it.
    pub here: Vec<String>,
    /// Other cities offering it (names).
    pub elsewhere: Vec<String>,
    pub state_measure: bool,
}

pub struct StageView {
    pub stage: Stage,
    pub label: String,
    pub current: bool,
    pub next: bool,
    pub past: bool,
    pub measures: Vec<MeasureRow>,
}

/// The model applied to a product: stage by stage, the measures its type can use, which it
/// used, and where each is offered (its home city's menu, other cities, the state). A measure
/// of all stages (a coordinator's support) is shown at the stages it was received at.
pub(crate) async fn model_view(
    state: &AppState,
    lang: Lang,
    p: &ProductRecord,
    support: &[SupportRecord],
    names: &HelperNames,
) -> Result<Vec<StageView>, AppError> {
    let current = p.stage;
    let codes: Vec<&str> = catalog::MEASURES.iter().map(|m| m.code).collect();
    let entries = state.store.entries_for_measures(&codes).await?;
    let row = |m: &'static catalog::Measure, received: Vec<&SupportRecord>| {
        let (here, elsewhere): (Vec<_>, Vec<_>) = entries
            .iter()
            .filter(|e| e.entry.measure.code == m.code)
            .partition(|e| e.city_code == p.home_city);
        let mut elsewhere: Vec<String> = elsewhere
            .iter()
            .map(|e| city_name(state, &e.city_code.to_string()))
            .collect();
        elsewhere.dedup();
        MeasureRow {
            code: m.code,
            name: m.name.get(lang),
            is_new: m.novelty == catalog::Novelty::New,
            high: p
                .company_type
                .is_none_or(|t| catalog::applicability(t, m) == Level::High),
            used: received.len(),
            helped: received
                .iter()
                .filter_map(|r| names.label(support_help(r)))
                .collect(),
            by: provided_by(state, &received),
            here: here.iter().map(|e| e.entry.name.clone()).collect(),
            elsewhere,
            state_measure: m.provider == catalog::Provider::State,
        }
    };
    Ok(Stage::ALL
        .iter()
        .map(|s| {
            let mut measures: Vec<MeasureRow> = catalog::measures_in(Scope::Stage(*s))
                .map(|m| {
                    row(
                        m,
                        support
                            .iter()
                            .filter(|r| r.measure.code == m.code)
                            .collect(),
                    )
                })
                .collect();
            for m in catalog::measures_in(Scope::AllStages) {
                let at: Vec<&SupportRecord> = support
                    .iter()
                    .filter(|r| r.measure.code == m.code && r.stage == *s)
                    .collect();
                if !at.is_empty() {
                    measures.push(row(m, at));
                }
            }
            StageView {
                stage: *s,
                label: stage_label(lang, *s),
                current: *s == current,
                next: catalog::may_follow(current, *s),
                past: s.number() < current.number(),
                measures,
            }
        })
        .collect())
}

/// The cities that provided a product's support through a measure: names, once each.
fn provided_by(state: &AppState, received: &[&SupportRecord]) -> Vec<String> {
    let mut by: Vec<String> = Vec::new();
    for r in received {
        if let Some(c) = r.provider_city {
            let name = city_name(state, &c.to_string());
            if !by.contains(&name) {
                by.push(name);
            }
        }
    }
    by
}
