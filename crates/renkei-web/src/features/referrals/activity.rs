//! What the parties record on a referral after the introduction: activities (meetings,
//! trials) and feedback on each other.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use renkei_domain::access::{Action, referral_parties};
use renkei_domain::referral::{ActivityDraft, Party, Refusal, TargetAnswer, validate_feedback};
use renkei_store::{ReferralId, StoreError};
use serde::Deserialize;

use super::load::load_referral;
use super::page::{again, done};
use super::view::feedback_party;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::lang::UiLang;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    date: String,
    kind: String,
    note: String,
    csrf: String,
}

/// ⑧ The company's sales-activity log.
pub async fn add_activity(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ReferralId>,
    FormInput(form): FormInput<ActivityForm>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = ActivityDraft {
        date: form.date,
        kind: form.kind,
        note: form.note,
    };
    let (on, kind, note) = match draft.validate() {
        Ok(v) => v,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    if !referral_parties(&viewer.subject, &l.facts(), true).contains(&Party::Company) {
        return Err(AppError::Refused(Refusal::NotYours));
    }
    state
        .store
        .add_activity(id, (on, kind, &note), None, &viewer.actor)
        .await?
        .map_err(AppError::Refused)?;
    Ok(done(id))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedbackForm {
    rating: String,
    comment: String,
    csrf: String,
}

/// 感想: once per party, after the outcome (a target: once it has answered).
pub async fn add_feedback(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ReferralId>,
    FormInput(form): FormInput<FeedbackForm>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let (rating, comment) = match validate_feedback(&form.rating, &form.comment) {
        Ok(v) => v,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    let parties = referral_parties(&viewer.subject, &l.facts(), true);
    let given = state.store.feedback_on(&[id]).await?;
    let (party, target) = parties
        .iter()
        .filter_map(|p| feedback_party(*p, &viewer, &l))
        .find(|(p, t)| !given.iter().any(|f| f.is_of(*p, *t)))
        .ok_or(AppError::Refused(Refusal::NotNow))?;
    let is_target = party == Party::Target;
    let answered = l
        .targets
        .iter()
        .any(|(rt, t)| target == Some(t.id.0) && rt.answer != TargetAnswer::Pending);
    if is_target && !answered {
        return Err(AppError::Refused(Refusal::NotNow));
    }
    match state
        .store
        .add_feedback(
            id,
            (party, target),
            (rating, &comment),
            is_target,
            &viewer.actor,
        )
        .await
    {
        Ok(Ok(_)) => Ok(done(id)),
        Ok(Err(refusal)) => Err(AppError::Refused(refusal)),
        Err(StoreError::Duplicate(_)) => Err(AppError::Refused(Refusal::NotNow)),
        Err(e) => Err(e.into()),
    }
}
