//! The grants a city gave and received (共有・権限付与), for its officers, and their
//! revocation.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::city::city_code;
use crate::shared::format::city_name;
use crate::shared::format::show_time;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

// ---------------------------------------------------------------------------------------
// Grants

pub struct GrantRow {
    pub id: i64,
    pub given: bool,
    pub object: String,
    /// The shared record's page, for a company, a product or a referral.
    pub link: Option<String>,
    pub other_city: String,
    pub purpose: String,
    pub by: String,
    pub created: String,
    pub until: String,
    pub state: String,
    pub in_force: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/grants.html")]
pub struct GrantsPage {
    base: Base,
    city: String,
    rows: Vec<GrantRow>,
    csrf: String,
    can_write: bool,
}

pub async fn city_grants(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<GrantsPage, AppError> {
    let code = city_code(&city)?;
    viewer
        .require(Action::Read, Resource::CityGrants(&code))
        .await?;
    let can_write = viewer.may(Action::Write, Resource::CityGrants(&code));
    let now = Utc::now();
    let rows = state
        .store
        .grants_of_city(&code)
        .await?
        .into_iter()
        .map(|g| {
            let given = g.owner_city == code;
            let in_force = g.in_force(now);
            GrantRow {
                id: g.id,
                given,
                object: format!("{} {}", g.object_type, g.object_id),
                link: match g.object_type.as_str() {
                    "company" => Some(format!("/companies/{}", g.object_id)),
                    "product" => Some(format!("/products/{}", g.object_id)),
                    "referral" => Some(format!("/referrals/{}", g.object_id)),
                    _ => None,
                },
                other_city: city_name(
                    &state,
                    &if given { g.grantee_city } else { g.owner_city }.to_string(),
                ),
                purpose: g.purpose,
                by: g.granted_by_label,
                created: show_time(g.created_at),
                until: g.valid_until.map(show_time).unwrap_or_default(),
                state: match (&g.revoked_at, in_force) {
                    (Some(t), _) => format!(
                        "{} {}（{}）",
                        tr(lang, "取り消し", "Revoked"),
                        show_time(*t),
                        g.revoke_reason.unwrap_or_default()
                    ),
                    (None, true) => tr(lang, "有効", "In force").into(),
                    (None, false) => tr(lang, "期限切れ", "Expired").into(),
                },
                in_force,
            }
        })
        .collect();
    Ok(GrantsPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!(
                "{} {}",
                city_name(&state, &city),
                tr(lang, "の共有（権限付与）", "grants")
            ),
            "account",
        ),
        city: code.to_string(),
        rows,
        csrf: viewer.csrf().to_owned(),
        can_write,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RevokeForm {
    reason: String,
    csrf: String,
}

pub async fn revoke_grant(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, i64)>,
    FormInput(form): FormInput<RevokeForm>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_form(Action::Write, Resource::CityGrants(&code), &form.csrf)
        .await?;
    let reason = renkei_domain::text::clean(&form.reason);
    if reason.is_empty() {
        return Err(AppError::Validation(vec![FieldError::new(
            "reason",
            "取り消しの理由を入力してください。",
            "Enter why the grant is revoked.",
        )]));
    }
    state
        .store
        .revoke_grant(id, &code, &reason, &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("/cities/{code}/grants")).into_response())
}
