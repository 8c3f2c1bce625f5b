//! What the product's page records, each from its own form: stage moves, the continue-or-withdraw
//! decision, evaluations, adoptions, support received, and the coordinator in charge. A form
//! that fails shows the product's page again with its errors.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::organization::HelpDraft;
use renkei_domain::product::{
    AdoptionDraft, EvaluationDraft, SupportDraft, validate_decision, validate_move,
};
use renkei_store::ProductId;
use serde::Deserialize;

use super::load::load_product;
use super::page::{again, saved};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::lang::UiLang;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    /// The stage the person saw.
    from: String,
    to: String,
    reason: String,
    csrf: String,
}

pub async fn move_stage(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<MoveForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let seen = renkei_domain::product::parse_stage(&form.from).unwrap_or(p.stage);
    match validate_move(seen, &form.to, &form.reason) {
        Ok((to, kind, reason)) => {
            state
                .store
                .move_stage(id, seen, to, kind, &reason, &viewer.actor)
                .await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    decision: String,
    reasons: String,
    csrf: String,
}

pub async fn decide(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<DecisionForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    match validate_decision(&form.decision, &form.reasons) {
        Ok((d, reasons)) => {
            state
                .store
                .decide_product(id, d, &reasons, &viewer.actor)
                .await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EvaluationForm {
    kind: String,
    title: String,
    city: String,
    date: String,
    csrf: String,
}

pub async fn add_evaluation(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<EvaluationForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = EvaluationDraft {
        kind: form.kind,
        title: form.title,
        city: form.city,
        date: form.date,
    };
    match draft.validate(&p.home_city) {
        Ok(e) => {
            state.store.add_evaluation(&p, &e, &viewer.actor).await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AdoptionForm {
    adopter: String,
    adopter_kind: String,
    adopted_on: String,
    csrf: String,
}

pub async fn add_adoption(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<AdoptionForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = AdoptionDraft {
        adopter: form.adopter,
        adopter_kind: form.adopter_kind,
        date: form.adopted_on,
    };
    match draft.validate() {
        Ok(a) => {
            state.store.add_adoption(&p, &a, &viewer.actor).await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SupportForm {
    measure: String,
    provider: String,
    provider_city: String,
    supported_on: String,
    outcome: String,
    notes: String,
    helped_organization: String,
    helped_coordinator: String,
    csrf: String,
}

/// Records support received, with who helped (one of the home city's organisations and
/// coordinators: another city's is refused with its field, and nothing is written).
pub async fn add_support(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<SupportForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Read, id).await?;
    let home = Resource::SupportRecord {
        home_city: &p.home_city,
    };
    viewer.require(Action::Write, home).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = SupportDraft {
        measure: form.measure,
        provider: form.provider,
        provider_city: form.provider_city,
        date: form.supported_on,
        outcome: form.outcome,
        notes: form.notes,
    };
    let help = HelpDraft {
        organization: form.helped_organization,
        coordinator: form.helped_coordinator,
    };
    let help = renkei_app::help::check(&state.app, &p.home_city, &help).await?;
    match (draft.validate(&p.home_city), help) {
        (Ok(s), Ok(help)) => {
            state.store.add_support(&p, &s, help, &viewer.actor).await?;
            Ok(saved(id))
        }
        (support, help) => {
            let errors = [support.err(), help.err()].into_iter().flatten().flatten();
            again(&state, lang, &uri, &viewer, p, errors.collect()).await
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CoordinatorForm {
    coordinator: String,
    csrf: String,
}

pub async fn assign_coordinator(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<CoordinatorForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let home = p.home_city;
    let chosen = match form.coordinator.trim() {
        "" => None,
        s => {
            // Only a coordinator of the product's home city.
            let valid = match s.parse::<i64>() {
                Ok(uid) => state
                    .store
                    .user(renkei_store::UserId(uid))
                    .await?
                    .filter(|(u, roles)| {
                        u.active && roles.contains(&Role::Coordinator { city: home })
                    })
                    .map(|(u, _)| u.id.0),
                Err(_) => None,
            };
            match valid {
                Some(uid) => Some(uid),
                None => {
                    let errors = vec![FieldError::new(
                        "coordinator",
                        "この市のコーディネーターを選んでください。",
                        "Choose a coordinator of this city.",
                    )];
                    return again(&state, lang, &uri, &viewer, p, errors).await;
                }
            }
        }
    };
    state
        .store
        .assign_coordinator(id, chosen, &viewer.actor)
        .await?;
    Ok(saved(id))
}
