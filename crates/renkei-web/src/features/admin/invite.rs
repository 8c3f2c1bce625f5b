//! Inviting a person (`/admin/users/invite` for administrators, `/cities/{city}/users/invite`
//! for a city's officers): the address, the name and the role; for an officer, optionally the
//! city's support organisation the person works for (made a member with the invitation, in its
//! transaction, audited); for an administrator, the city of a city role, or the call of a
//! reviewer (審査員), who may be of any city or none and may already have an account (the role
//! is then added to it).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::city::CityCode;
use renkei_domain::identity::Invitee;
use renkei_domain::{Lang, Text};
use renkei_store::{Invited, OrganizationId};
use serde::Deserialize;

use super::organizations::organization_choices;
use super::users::{ROLE_CHOICES, role_from_choice};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::lang::UiLang;
use crate::mailer;
use crate::shared::city::city_code;
use crate::shared::forms::Choice;
use crate::shared::layout::{Base, tr};

/// The reviewer's choice, offered to administrators only: a reviewer is scoped to a call and
/// may be of any city.
const REVIEWER: (&str, Text) = (
    "reviewer",
    Text::new("審査員（公募ごと）", "Reviewer (of one call)"),
);

#[derive(Template, WebTemplate)]
#[template(path = "admin/user_invite.html")]
pub struct InvitePage {
    base: Base,
    action: String,
    back: String,
    csrf: String,
    email: String,
    name: String,
    roles: Vec<Choice>,
    /// For an administrator: the city of a city role.
    cities: Option<Vec<Choice>>,
    /// For an administrator: the call of a reviewer.
    calls: Option<Vec<Choice>>,
    /// For a city's officer: the city's support organisations (when it has any).
    organizations: Option<Vec<Choice>>,
    errors: crate::shared::forms::Errors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    email: String,
    name: String,
    role: String,
    city: String,
    call: String,
    /// A support organisation of the city (an id; empty for none).
    organization: String,
    csrf: String,
}

/// Every call of every city, as (id, "city: title"), for a reviewer's invitation.
async fn every_call(state: &AppState) -> Result<Vec<(i64, String)>, AppError> {
    let calls = state.store.calls().await?;
    Ok(calls
        .into_iter()
        .map(|call| {
            let city = crate::shared::format::city_name(state, &call.city_code.to_string());
            (call.id, format!("{city}：{}", call.title))
        })
        .collect())
}

async fn invite_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    city: Option<&CityCode>,
    viewer: &Viewer,
    form: &InviteForm,
    errors: Vec<(&'static str, &'static str)>,
) -> Result<InvitePage, AppError> {
    let reviewer = city.is_none().then_some(&REVIEWER);
    let choices = ROLE_CHOICES
        .iter()
        .filter(|(v, _)| city.is_none() || *v != "platform-admin")
        .chain(reviewer)
        .map(|(v, l)| Choice {
            value: (*v).into(),
            label: l.get(lang).into(),
            selected: form.role == *v,
        })
        .collect();
    let cities = city.is_none().then(|| {
        state
            .store
            .cities()
            .iter()
            .map(|c| Choice {
                value: c.code.to_string(),
                label: c.name.clone(),
                selected: form.city == c.code.to_string(),
            })
            .collect()
    });
    let calls = match city {
        Some(_) => None,
        None => Some(
            every_call(state)
                .await?
                .into_iter()
                .map(|(id, label)| Choice {
                    selected: form.call == id.to_string(),
                    value: id.to_string(),
                    label,
                })
                .collect(),
        ),
    };
    let organizations = match city {
        Some(c) => {
            let all = state.store.organizations_of(c).await?;
            let chosen = all.iter().find(|o| o.id.to_string() == form.organization);
            (!all.is_empty()).then(|| organization_choices(lang, &all, chosen))
        }
        None => None,
    };
    let (action, back) = match city {
        Some(c) => (
            format!("/cities/{c}/users/invite"),
            format!("/cities/{c}/users"),
        ),
        None => ("/admin/users/invite".into(), "/admin/users".into()),
    };
    Ok(InvitePage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "アカウントの招待", "Invite a person"),
            "account",
        ),
        action,
        back,
        csrf: viewer.csrf().to_owned(),
        email: form.email.chars().take(254).collect(),
        name: form.name.chars().take(200).collect(),
        roles: choices,
        cities,
        calls,
        organizations,
        errors: crate::shared::forms::Errors(errors),
    })
}

pub async fn city_invite_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(city): Path<String>,
) -> Result<InvitePage, AppError> {
    let code = city_code(&city)?;
    viewer
        .require(Action::Write, Resource::CityUsers(&code))
        .await?;
    let form = InviteForm::default();
    invite_page(&state, lang, &uri, Some(&code), &viewer, &form, vec![]).await
}

pub async fn admin_invite_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<InvitePage, AppError> {
    viewer.require(Action::Write, Resource::Platform).await?;
    let form = InviteForm::default();
    invite_page(&state, lang, &uri, None, &viewer, &form, vec![]).await
}

pub async fn city_invite(
    state: State<AppState>,
    lang: UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(city): Path<String>,
    form: FormInput<InviteForm>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_form(Action::Write, Resource::CityUsers(&code), &form.0.csrf)
        .await?;
    invite(state, lang, uri, viewer, Some(code), form).await
}

pub async fn admin_invite(
    state: State<AppState>,
    lang: UiLang,
    uri: Uri,
    viewer: Viewer,
    form: FormInput<InviteForm>,
) -> Result<Response, AppError> {
    viewer
        .require_form(Action::Write, Resource::Platform, &form.0.csrf)
        .await?;
    invite(state, lang, uri, viewer, None, form).await
}

/// The role a form asks for, or the field to name: a city role needs its city, a reviewer
/// (administrators only) one of the calls.
async fn chosen_role(
    state: &AppState,
    city: Option<CityCode>,
    form: &InviteForm,
) -> Result<Result<Role, (&'static str, Text)>, AppError> {
    if form.role == REVIEWER.0 && city.is_none() {
        let call = form.call.parse::<i64>().ok();
        let known = every_call(state).await?;
        return Ok(match call.filter(|c| known.iter().any(|(id, _)| id == c)) {
            Some(call) => Ok(Role::Reviewer { call }),
            None => Err((
                "call",
                Text::new(
                    "審査する公募を選んでください。",
                    "Choose the call to review.",
                ),
            )),
        });
    }
    let role_city = city.or_else(|| city_code(&form.city).ok());
    let role = role_from_choice(&form.role, role_city)
        .filter(|r| city.is_none() || !matches!(r, Role::PlatformAdmin));
    Ok(match role {
        Some(role) => Ok(role),
        None if form.role.is_empty() || !ROLE_CHOICES.iter().any(|(v, _)| *v == form.role) => {
            Err((
                "role",
                Text::new("役割を選んでください。", "Choose a role."),
            ))
        }
        None => Err((
            "city",
            Text::new("所属する市を選んでください。", "Choose the city."),
        )),
    })
}

/// The support organisation of `city` a form names, if any, or the field's problem: one of
/// another city, or none such, is refused.
async fn chosen_organization(
    state: &AppState,
    city: Option<CityCode>,
    form: &InviteForm,
) -> Result<Result<Option<(CityCode, OrganizationId)>, (&'static str, Text)>, AppError> {
    let (Some(city), id) = (city, form.organization.trim()) else {
        return Ok(Ok(None));
    };
    if id.is_empty() {
        return Ok(Ok(None));
    }
    let all = state.store.organizations_of(&city).await?;
    Ok(match all.iter().find(|o| o.id.to_string() == id) {
        Some(o) => Ok(Some((city, o.id))),
        None => Err((
            "organization",
            Text::new(
                "所属する支援機関は、この市の支援機関から選んでください。",
                "Choose a support organisation of this city.",
            ),
        )),
    })
}

/// Validates an invitation and sends it; the account, its roles, its organisation, the link
/// and the message are written together or not at all. A reviewer who already has an account
/// is given the role.
async fn invite(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    city: Option<CityCode>,
    FormInput(form): FormInput<InviteForm>,
) -> Result<Response, AppError> {
    let (invitee, mut errors) = match Invitee::parse(&form.email, &form.name) {
        Ok(i) => (Some(i), vec![]),
        Err(e) => (
            None,
            e.iter().map(|e| (e.field, e.message.get(lang))).collect(),
        ),
    };
    let role = match chosen_role(&state, city, &form).await? {
        Ok(role) => Some(role),
        Err((field, message)) => {
            errors.push((field, message.get(lang)));
            None
        }
    };
    let organization = match chosen_organization(&state, city, &form).await? {
        Ok(o) => o,
        Err((field, message)) => {
            errors.push((field, message.get(lang)));
            None
        }
    };
    let (Some(Invitee { email, name }), Some(role), true) = (invitee, role, errors.is_empty())
    else {
        let page = invite_page(&state, lang, &uri, city.as_ref(), &viewer, &form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let invited_by = viewer.session.as_ref().map_or_else(
        || viewer.actor.label.clone(),
        |s| s.user.display_name.clone(),
    );
    let compose = |user: &renkei_store::UserRecord, token: &str| {
        let link = state.link(&format!("/account/link?token={token}"));
        mailer::invitation(user, &invited_by, &link)
    };
    let result = if matches!(role, Role::Reviewer { .. }) {
        let added = |user: &renkei_store::UserRecord| {
            let what = tr(lang, "審査員", "reviewer");
            renkei_app::mail::role_added(user, &invited_by, what, &state.link("/sign-in"))
        };
        state
            .store
            .invite_or_add(&email, &name, &[role], &viewer.actor, compose, added)
            .await
            .map(|invited| match invited {
                Invited::New(u) | Invited::Added(u) | Invited::AlreadyHeld(u) => Ok(u),
                Invited::Inactive(_) => Err(()),
            })
    } else if let Some((city, o)) = organization {
        let member = (&city, o);
        let store = &state.store;
        store
            .invite_member((&email, &name), &[role], member, &viewer.actor, compose)
            .await
            .map(Ok)
    } else {
        state
            .store
            .invite_user(&email, &name, &[role], &viewer.actor, compose)
            .await
            .map(Ok)
    };
    let (state, uri, viewer, form) = (&state, &uri, &viewer, &form);
    let taken = |message: (&'static str, &'static str)| async move {
        let errors = vec![("email", tr(lang, message.0, message.1))];
        let page = invite_page(state, lang, uri, city.as_ref(), viewer, form, errors).await?;
        Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    match result {
        Ok(Ok(u)) => {
            state.mail_queued();
            let to = match city {
                Some(c) => format!("/cities/{c}/users/{}", u.id),
                None => format!("/admin/users/{}", u.id),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Ok(Err(())) => {
            taken((
                "このメールアドレスのアカウントは停止されています。",
                "The account of this address is deactivated.",
            ))
            .await
        }
        Err(renkei_store::StoreError::Duplicate(_)) => {
            taken((
                "このメールアドレスのアカウントはすでにあります。",
                "An account with this address already exists.",
            ))
            .await
        }
        Err(e) => Err(e.into()),
    }
}
