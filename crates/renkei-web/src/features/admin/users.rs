//! The staff accounts of a city (for its officers) and all accounts (for administrators):
//! lists, each account's page, role changes, deactivation and re-invitation (the invitation
//! itself is `invite`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::city::CityCode;
use renkei_domain::{Lang, Text};
use renkei_store::{UserId, UserRecord};
use serde::Deserialize;

use super::city::{require_city, require_city_form};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::features::account::page::role_text;
use crate::mailer;
use crate::shared::format::city_name;
use crate::shared::forms::{Choice, CsrfForm, SavedQuery};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

// ---------------------------------------------------------------------------------------
// Accounts

pub struct UserRow {
    pub name: String,
    pub email: String,
    pub roles: Vec<String>,
    pub active: bool,
    pub invited: bool,
    pub href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    base: Base,
    users: Vec<UserRow>,
    can_invite: bool,
    invite_href: String,
    /// The city's identity providers (a city's list only).
    idp_href: Option<String>,
    /// The city's support organisations (a city's list only).
    organizations_href: Option<String>,
    /// Whether the city's staff must use a second factor (a city's list only).
    security: Option<super::security::SecurityView>,
    csrf: String,
    saved: bool,
}

fn user_rows(
    state: &AppState,
    lang: Lang,
    users: Vec<(UserRecord, Vec<Role>)>,
    href: impl Fn(UserId) -> String,
) -> Vec<UserRow> {
    users
        .into_iter()
        .map(|(u, roles)| UserRow {
            href: href(u.id),
            roles: roles.iter().map(|r| role_text(state, lang, r)).collect(),
            invited: u.password_hash.is_none(),
            name: u.display_name,
            email: u.email.to_string(),
            active: u.active,
        })
        .collect()
}

pub async fn city_users(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    QueryInput(q): QueryInput<SavedQuery>,
) -> Result<UsersPage, AppError> {
    let code = require_city(&viewer, &city, Action::Read).await?;
    let can_invite = viewer.may(Action::Write, Resource::CityUsers(&code));
    let security = super::security::view(&state, &code, can_invite).await?;
    let name = city_name(&state, &city);
    let users = state.store.users_with_roles(Some(&code)).await?;
    Ok(UsersPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!("{name} {}", tr(lang, "の職員アカウント", "staff accounts")),
            "account",
        ),
        users: user_rows(&state, lang, users, |id| {
            format!("/cities/{code}/users/{id}")
        }),
        can_invite,
        invite_href: format!("/cities/{code}/users/invite"),
        idp_href: Some(format!("/cities/{code}/identity-providers")),
        organizations_href: Some(format!("/cities/{code}/organizations")),
        security: Some(security),
        csrf: viewer.csrf().to_owned(),
        saved: q.saved(),
    })
}

pub async fn all_users(
    PageContext(state, lang, uri, viewer): PageContext,
) -> Result<UsersPage, AppError> {
    viewer.require(Action::Read, Resource::Platform).await?;
    let users = state.store.users_with_roles(None).await?;
    Ok(UsersPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "全アカウント", "All accounts"),
            "account",
        ),
        users: user_rows(&state, lang, users, |id| format!("/admin/users/{id}")),
        can_invite: true,
        invite_href: "/admin/users/invite".into(),
        idp_href: None,
        organizations_href: None,
        security: None,
        csrf: String::new(),
        saved: false,
    })
}

/// The roles a form offers: in a city, its staff (full or read-only) and coordinator; for an
/// administrator's invitation, the platform administrator too.
pub(super) const ROLE_CHOICES: &[(&str, Text)] = &[
    ("city-staff", Text::new("職員（更新可）", "Staff")),
    (
        "city-staff-read-only",
        Text::new("職員（閲覧のみ）", "Staff (read-only)"),
    ),
    ("coordinator", Text::new("コーディネーター", "Coordinator")),
    (
        "platform-admin",
        Text::new("プラットフォーム管理者", "Platform administrator"),
    ),
];

pub(super) fn role_from_choice(choice: &str, city: Option<CityCode>) -> Option<Role> {
    Some(match choice {
        "city-staff" => Role::CityStaff {
            city: city?,
            read_only: false,
        },
        "city-staff-read-only" => Role::CityStaff {
            city: city?,
            read_only: true,
        },
        "coordinator" => Role::Coordinator { city: city? },
        "platform-admin" => Role::PlatformAdmin,
        _ => return None,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/user_detail.html")]
pub struct UserPage {
    base: Base,
    user: UserRow,
    /// The page's own address, the forms post below it.
    here: String,
    back: String,
    csrf: String,
    can_write: bool,
    /// The role in this city, for the role form (city pages only).
    city_roles: Option<Vec<Choice>>,
    /// Whether this caller may deactivate the account here (and remove its second factor).
    can_deactivate: bool,
    /// Whether the account's second factor is on.
    second_factor: bool,
    changed: bool,
    /// The organisation the account works for, and the choices to change it (city pages).
    organization: Option<String>,
    organizations: Option<Vec<Choice>>,
}

/// The account `id` as seen from `city`: it must hold a role there, or it is not found.
/// A form posted to change a city's account: the city (the viewer must manage its accounts)
/// and the account, which must work for it.
pub(super) async fn change_city_user(
    state: &AppState,
    viewer: &Viewer,
    city: &str,
    id: UserId,
    csrf: &str,
) -> Result<(CityCode, (UserRecord, Vec<Role>)), AppError> {
    let code = require_city_form(viewer, city, csrf).await?;
    let user = user_in_city(state, &code, id).await?;
    Ok((code, user))
}

async fn user_in_city(
    state: &AppState,
    city: &CityCode,
    id: UserId,
) -> Result<(UserRecord, Vec<Role>), AppError> {
    let (u, roles) = state.store.user(id).await?.ok_or(AppError::NotFound)?;
    let here = roles.iter().any(|r| match r {
        Role::CityStaff { city: c, .. } | Role::Coordinator { city: c } => c == city,
        _ => false,
    });
    if here {
        Ok((u, roles))
    } else {
        Err(AppError::NotFound)
    }
}

pub(super) fn in_city(role: &Role, city: &CityCode) -> bool {
    matches!(role, Role::CityStaff { city: c, .. } | Role::Coordinator { city: c } if c == city)
}

fn choice_of(role: &Role) -> &'static str {
    match role {
        Role::CityStaff {
            read_only: false, ..
        } => "city-staff",
        Role::CityStaff {
            read_only: true, ..
        } => "city-staff-read-only",
        Role::Coordinator { .. } => "coordinator",
        _ => "",
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Changed {
    changed: Option<u8>,
}

pub async fn city_user(
    PageContext(state, lang, uri, viewer): PageContext,
    Path((city, id)): Path<(String, UserId)>,
    QueryInput(q): QueryInput<Changed>,
) -> Result<UserPage, AppError> {
    let code = require_city(&viewer, &city, Action::Read).await?;
    let (u, roles) = user_in_city(&state, &code, id).await?;
    let can_write = viewer.may(Action::Write, Resource::CityUsers(&code));
    let current = roles
        .iter()
        .find(|r| in_city(r, &code))
        .map(choice_of)
        .unwrap_or("");
    let mut choices: Vec<Choice> = ROLE_CHOICES
        .iter()
        .filter(|(v, _)| *v != "platform-admin")
        .map(|(v, l)| Choice {
            value: (*v).into(),
            label: l.get(lang).into(),
            selected: current == *v,
        })
        .collect();
    choices.push(Choice {
        value: "none".into(),
        label: tr(lang, "この市の役割を外す", "No role in this city").into(),
        selected: false,
    });
    // An officer deactivates only accounts that work for their city alone.
    let only_here = roles.iter().all(|r| in_city(r, &code));
    let second_factor = state
        .store
        .second_factor(id)
        .await?
        .is_some_and(|f| f.confirmed_at.is_some());
    let current = state.store.organization_of(id).await?;
    let all = state.store.organizations_of(&code).await?;
    let organizations = super::organizations::organization_choices(lang, &all, current.as_ref());
    let row = user_rows(&state, lang, vec![(u, roles)], |_| String::new()).remove(0);
    Ok(UserPage {
        base: Base::new(lang, uri.to_string(), row.name.clone(), "account"),
        organization: current.map(|o| o.name),
        organizations: Some(organizations),
        here: format!("/cities/{code}/users/{id}"),
        back: format!("/cities/{code}/users"),
        csrf: viewer.csrf().to_owned(),
        can_write,
        city_roles: Some(choices),
        can_deactivate: can_write
            && row.active
            && (only_here || viewer.subject.roles.contains(&Role::PlatformAdmin)),
        second_factor,
        changed: q.changed.is_some(),
        user: row,
    })
}

pub async fn admin_user(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<UserId>,
    QueryInput(q): QueryInput<Changed>,
) -> Result<UserPage, AppError> {
    viewer.require(Action::Read, Resource::Platform).await?;
    let (u, roles) = state.store.user(id).await?.ok_or(AppError::NotFound)?;
    let second_factor = state
        .store
        .second_factor(id)
        .await?
        .is_some_and(|f| f.confirmed_at.is_some());
    let organization = state.store.organization_of(id).await?.map(|o| o.name);
    let row = user_rows(&state, lang, vec![(u, roles)], |_| String::new()).remove(0);
    Ok(UserPage {
        base: Base::new(lang, uri.to_string(), row.name.clone(), "account"),
        organization,
        organizations: None,
        here: format!("/admin/users/{id}"),
        back: "/admin/users".into(),
        csrf: viewer.csrf().to_owned(),
        can_write: true,
        city_roles: None,
        can_deactivate: row.active,
        second_factor,
        changed: q.changed.is_some(),
        user: row,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleForm {
    role: String,
    csrf: String,
}

pub async fn city_user_role(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, UserId)>,
    FormInput(form): FormInput<RoleForm>,
) -> Result<Response, AppError> {
    let (code, _) = change_city_user(&state, &viewer, &city, id, &form.csrf).await?;
    let roles: Vec<Role> = if form.role == "none" {
        vec![]
    } else {
        let role = role_from_choice(&form.role, Some(code))
            .filter(|r| !matches!(r, Role::PlatformAdmin))
            .ok_or(AppError::Validation(vec![FieldError::new(
                "role",
                "役割を選んでください。",
                "Choose a role.",
            )]))?;
        vec![role]
    };
    state
        .store
        .replace_roles(id, Some(&code), &roles, &viewer.actor)
        .await?;
    let to = if roles.is_empty() {
        format!("/cities/{code}/users")
    } else {
        format!("/cities/{code}/users/{id}?changed=1")
    };
    Ok(Redirect::to(&to).into_response())
}

pub async fn city_user_deactivate(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, UserId)>,
    FormInput(form): FormInput<CsrfForm>,
) -> Result<Response, AppError> {
    let (code, (_, roles)) = change_city_user(&state, &viewer, &city, id, &form.csrf).await?;
    let admin = viewer.subject.roles.contains(&Role::PlatformAdmin);
    if !admin && !roles.iter().all(|r| in_city(r, &code)) {
        return Err(AppError::BadRequest {
            field: None,
            message: Text::new(
                "このアカウントはほかの市の役割も持っているため、停止できません。この市の役割を外すか、管理者に依頼してください。",
                "This account also works for another city: remove its role in this city, or ask an administrator.",
            ),
        });
    }
    state.store.deactivate_user(id, &viewer.actor).await?;
    Ok(Redirect::to(&format!("/cities/{code}/users/{id}?changed=1")).into_response())
}

pub async fn admin_user_deactivate(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<UserId>,
    FormInput(form): FormInput<CsrfForm>,
) -> Result<Response, AppError> {
    viewer
        .require_form(Action::Write, Resource::Platform, &form.csrf)
        .await?;
    state.store.deactivate_user(id, &viewer.actor).await?;
    Ok(Redirect::to(&format!("/admin/users/{id}?changed=1")).into_response())
}

pub async fn city_user_reinvite(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, UserId)>,
    FormInput(form): FormInput<CsrfForm>,
) -> Result<Response, AppError> {
    let (code, (u, _)) = change_city_user(&state, &viewer, &city, id, &form.csrf).await?;
    if u.password_hash.is_some() {
        return Err(AppError::BadRequest {
            field: None,
            message: Text::new(
                "このアカウントはパスワードを設定済みです。忘れた場合は本人がパスワードの再設定を申請できます。",
                "This account has set its password; its holder can ask for a reset.",
            ),
        });
    }
    let invited_by = viewer.actor.label.clone();
    state
        .store
        .reinvite_user(id, &viewer.actor, |user, token| {
            mailer::invitation(
                user,
                &invited_by,
                &state.link(&format!("/account/link?token={token}")),
            )
        })
        .await?;
    state.mail_queued();
    Ok(Redirect::to(&format!("/cities/{code}/users/{id}?changed=1")).into_response())
}
