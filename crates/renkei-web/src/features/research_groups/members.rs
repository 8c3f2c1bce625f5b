//! A group's members: a member added (a company named by its name or corporate number, or
//! an organisation or person by name), and the day one left recorded (the membership stays
//! on the page, as past).

use std::collections::HashMap;

use axum::extract::Path;
use axum::response::{IntoResponse, Response};
use renkei_app::research_groups;
use renkei_domain::access::Action;
use renkei_domain::research_group::MemberDraft;
use renkei_store::{MemberId, ResearchGroupId};

use super::page::{again, saved_to};
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::page::PageContext;

/// A member added.
pub async fn add(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ResearchGroupId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let g = research_groups::load(&state.app, &caller, Action::Write, id).await?;
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let draft = MemberDraft {
        kind: get("kind"),
        company: get("company"),
        name: get("member_name"),
        note: get("note"),
        joined_on: get("joined_on"),
    };
    match research_groups::add_member(&state.app, &caller, &g, &draft).await? {
        Ok(_) => Ok(saved_to(id, "members").into_response()),
        Err(errors) => again(&state, (lang, &viewer), &g, form, &errors).await,
    }
}

/// The day a member left, recorded (empty: today).
pub async fn leave(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((id, member)): Path<(ResearchGroupId, MemberId)>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    viewer
        .check_csrf(form.get("csrf").map(String::as_str).unwrap_or_default())
        .await?;
    let caller = viewer.caller();
    let g = research_groups::load(&state.app, &caller, Action::Write, id).await?;
    let day = form.get("left_on").map_or("", String::as_str);
    match research_groups::leave(&state.app, &caller, &g, member, day).await? {
        Ok(_) => Ok(saved_to(id, "members").into_response()),
        Err(errors) => again(&state, (lang, &viewer), &g, HashMap::new(), &errors).await,
    }
}
