//! The moves of a referral's workflow, each by the party whose step it is: the steps forward
//! (and back), with who helped where the step names it (④), and the company's consent.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::Uri;
use axum::response::Response;
use renkei_app::access::Checked;
use renkei_app::referrals::{self, MoveInput};
use renkei_domain::FieldError;
use renkei_domain::access::Action;
use renkei_domain::organization::HelpDraft;
use renkei_domain::referral::{self as rules, Move, validate_consent};
use renkei_store::{Consent, ReferralId};
use serde::Deserialize;

use super::load::{Loaded, load_referral};
use super::page::{again, done};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::lang::UiLang;
use crate::shared::format::city_name;

/// Makes a move as whichever of the viewer's parties may make it; the refusal of the most
/// telling party otherwise (a step of the wrong time says more than "not yours").
async fn make_move(
    state: &AppState,
    viewer: &Viewer,
    l: &Checked<Loaded>,
    version: i64,
    m: &Move,
    input: &MoveInput,
) -> Result<(), AppError> {
    referrals::move_referral(&state.app, l, &viewer.caller(), version, m, input)
        .await?
        .map_err(AppError::Refused)?;
    state.mail_queued();
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    #[serde(rename = "move")]
    move_code: String,
    version: i64,
    decline_reason: String,
    outcome: String,
    note: String,
    helped_organization: String,
    helped_coordinator: String,
    csrf: String,
}

pub async fn step(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ReferralId>,
    FormInput(form): FormInput<MoveForm>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let m = match Move::parse(&form.move_code, &form.decline_reason, &form.outcome) {
        Ok(Move::Consent) => {
            return again(
                &state,
                lang,
                &uri,
                &viewer,
                &l,
                vec![FieldError::new(
                    "agree",
                    "同意は同意欄のある画面から行ってください。",
                    "Consent is given with the consent form.",
                )],
            )
            .await;
        }
        Ok(m) => m,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    let note = renkei_domain::text::clean(&form.note);
    if note.chars().count() > rules::NOTE_MAX {
        let e = FieldError::new(
            "note",
            "4000文字以内で入力してください。",
            "Use at most 4,000 characters.",
        );
        return again(&state, lang, &uri, &viewer, &l, vec![e]).await;
    }
    let draft = HelpDraft {
        organization: form.helped_organization,
        coordinator: form.helped_coordinator,
    };
    let help = match referrals::help_for_move(&state.app, &l, &viewer.caller(), &m, &draft).await? {
        Ok(help) => help,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    let input = MoveInput {
        note,
        consent: None,
        help,
    };
    make_move(&state, &viewer, &l, form.version, &m, &input).await?;
    Ok(done(id))
}

/// ② The company confirms its channels and consents (checkboxes `kind_{code}` and `agree`).
pub async fn consent(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<ReferralId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer
        .check_csrf(form.get("csrf").map_or("", String::as_str))
        .await?;
    let kinds: Vec<String> = form
        .keys()
        .filter_map(|k| k.strip_prefix("kind_").map(str::to_owned))
        .collect();
    let wanted = match validate_consent(&kinds, form.contains_key("agree")) {
        Ok(w) => w,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    let company = state
        .store
        .company(l.r.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    let receiving = city_name(&state, &l.r.receiving_city.to_string());
    let consent = Consent {
        kinds: wanted,
        items: rules::CONSENT_ITEMS.to_owned(),
        purpose: rules::consent_purpose(&receiving),
        wording: rules::consent_wording(
            &company,
            &city_name(&state, &l.r.sending_city.to_string()),
            &receiving,
        ),
        wording_version: rules::CONSENT_WORDING_VERSION.to_owned(),
    };
    let version = form
        .get("version")
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    let input = MoveInput {
        consent: Some(consent),
        ..Default::default()
    };
    make_move(&state, &viewer, &l, version, &Move::Consent, &input).await?;
    Ok(done(id))
}
