//! The receiving city's targets of a referral: adding them, providing the product's
//! information to them (with a one-time link), and recording their answers.

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Role, referral_parties};
use renkei_domain::referral::{self as rules, Party, Refusal, State as Step, TargetAnswer};
use renkei_store::{ReferralId, StoreError, TargetId};
use serde::Deserialize;

use super::load::{Loaded, load_referral};
use super::page::{again, done, referral_page};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::lang::UiLang;
use renkei_app::referrals;

/// The receiving city's part in ⑤: whether the viewer acts for it now.
fn require_receiving(viewer: &Viewer, l: &Loaded) -> Result<(), AppError> {
    let parties = referral_parties(&viewer.subject, &l.facts(), true);
    if !parties.contains(&Party::ReceivingCity) {
        return Err(AppError::Refused(Refusal::NotYours));
    }
    if l.step() != Step::Accepted {
        return Err(AppError::Refused(if l.step().is_end() {
            Refusal::Ended(l.step())
        } else {
            Refusal::NotNow
        }));
    }
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddTargetForm {
    target: String,
    csrf: String,
}

pub async fn add_target(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ReferralId>,
    FormInput(form): FormInput<AddTargetForm>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    // Who may act first: the form's answer would tell whose a target is.
    require_receiving(&viewer, &l)?;
    let target = match form.target.trim().parse() {
        Ok(t) => state.store.sales_target(TargetId(t)).await?,
        Err(_) => None,
    };
    let Some(target) = target.filter(|t| t.city_code == l.r.receiving_city) else {
        let e = FieldError::new(
            "target",
            "自市の販路開拓先を選んでください。",
            "Choose one of your city's targets.",
        );
        return again(&state, lang, &uri, &viewer, &l, vec![e]).await;
    };
    match state
        .store
        .add_referral_target(id, &target, &viewer.actor)
        .await
    {
        Ok(Ok(_)) => Ok(done(id)),
        Ok(Err(refusal)) => Err(AppError::Refused(refusal)),
        Err(StoreError::Duplicate(_)) => {
            let e = FieldError::new(
                "target",
                "この販路開拓先はすでに追加されています。",
                "This target is already on the referral.",
            );
            again(&state, lang, &uri, &viewer, &l, vec![e]).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfOnly {
    pub(super) csrf: String,
}

/// ⑤ The receiving city gives a target the information: a one-time link to the target's
/// page, e-mailed to its contact if it has an address and shown here once to pass on.
pub async fn provide(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path((id, rt)): Path<(ReferralId, i64)>,
    FormInput(form): FormInput<CsrfOnly>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    // Who may act first: whether a target is on the referral is the receiving city's to know.
    require_receiving(&viewer, &l)?;
    if !l.targets.iter().any(|(r, _)| r.id == rt) {
        return Err(AppError::NotFound);
    }
    let token = referrals::provide_to_target(&state.app, &l.r, rt, &viewer.actor)
        .await?
        .map_err(AppError::Refused)?;
    state.mail_queued();
    let link = state.link(&format!("/introductions/{token}"));
    let page = referral_page(&state, lang, &uri, &viewer, &l, "", Some(link), &[], true).await?;
    Ok(page.into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    answer: String,
    version: i64,
    note: String,
    csrf: String,
}

pub(super) fn parse_answer(form: &AnswerForm) -> Result<(TargetAnswer, String), Vec<FieldError>> {
    let answer = TargetAnswer::from_code(&form.answer).filter(|a| *a != TargetAnswer::Pending);
    let note = renkei_domain::text::clean(&form.note);
    let mut errors = Vec::new();
    if answer.is_none() {
        errors.push(FieldError::new(
            "answer",
            "回答を選んでください。",
            "Choose an answer.",
        ));
    }
    if note.chars().count() > rules::NOTE_MAX {
        errors.push(FieldError::new(
            "note",
            "4000文字以内で入力してください。",
            "Use at most 4,000 characters.",
        ));
    }
    match answer {
        Some(a) if errors.is_empty() => Ok((a, note)),
        _ => Err(errors),
    }
}

/// A target's answer: recorded by the receiving city (by phone, by letter), or given by the
/// target's contact signed in with their account.
pub async fn answer(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path((id, rt)): Path<(ReferralId, i64)>,
    FormInput(form): FormInput<AnswerForm>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let (_, target) = l
        .targets
        .iter()
        .find(|(r, _)| r.id == rt)
        .ok_or(AppError::NotFound)?;
    // Who may answer is checked before the form.
    let parties = referral_parties(&viewer.subject, &l.facts(), true);
    let via = if parties.contains(&Party::ReceivingCity) {
        "officer"
    } else if viewer.subject.roles.contains(&Role::TargetContact {
        organization: target.id.0,
    }) {
        "account"
    } else {
        return Err(AppError::Refused(Refusal::NotYours));
    };
    let (answer, note) = match parse_answer(&form) {
        Ok(a) => a,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    referrals::answer_for_target(
        &state.app,
        id,
        rt,
        form.version,
        answer,
        &note,
        via,
        &viewer.actor,
    )
    .await?
    .map_err(AppError::Refused)?;
    state.mail_queued();
    Ok(done(id))
}
