//! Administration: the person's own account, the accounts of a city (for its officers) and of
//! the platform (for administrators), invitations, role changes and deactivation, the audit
//! trail with its filters and CSV export, the outbox, and the grants a city gave and received.
//! Every handler asks the access policy first, before it looks anything up.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::city::CityCode;
use renkei_domain::identity::Email;
use renkei_domain::{Lang, Text, jdate};
use renkei_store::{AuditQuery, AuditRecord, PageRequest, UserRecord};
use serde::Deserialize;

use super::{Base, Choice, city_name, encode, in_jst, tr};
use crate::AppState;
use crate::access::Viewer;
use crate::api::city_code;
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::lang::UiLang;
use crate::mailer;

fn show_time(t: DateTime<Utc>) -> String {
    in_jst(t).format("%Y-%m-%d %H:%M:%S").to_string()
}

/// A role in words, e.g. 「千葉市 職員（更新可）」.
fn role_text(state: &AppState, lang: Lang, role: &Role) -> String {
    match role {
        Role::PlatformAdmin => tr(lang, "プラットフォーム管理者", "Platform administrator").into(),
        Role::CityStaff { city, read_only } => format!(
            "{} {}",
            city_name(state, &city.to_string()),
            if *read_only {
                tr(lang, "職員（閲覧のみ）", "staff (read-only)")
            } else {
                tr(lang, "職員（更新可）", "staff")
            }
        ),
        Role::Coordinator { city } => format!(
            "{} {}",
            city_name(state, &city.to_string()),
            tr(lang, "コーディネーター", "coordinator")
        ),
        Role::CompanyUser { company } => {
            format!("{} #{company}", tr(lang, "企業ユーザー", "Company user"))
        }
        Role::TargetContact { organization } => format!(
            "{} #{organization}",
            tr(lang, "販路開拓先の担当者", "Sales-channel target contact")
        ),
        Role::JuryMember { call } => format!("{} #{call}", tr(lang, "審査員", "Jury member")),
    }
}

// ---------------------------------------------------------------------------------------
// My account

#[derive(Template, WebTemplate)]
#[template(path = "account.html")]
pub struct AccountPage {
    base: Base,
    name: String,
    email: String,
    roles: Vec<String>,
    csrf: String,
    /// Pages this person may open: (href, label).
    links: Vec<(String, String)>,
}

pub async fn account(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<AccountPage, AppError> {
    viewer.require_signed_in().await?;
    let Some(session) = &viewer.session else {
        return Err(AppError::SignInRequired);
    };
    let (_, unread) = state.store.notifications(session.user.id).await?;
    let mut links = vec![(
        "/notifications".to_owned(),
        format!(
            "{}（{} {unread}）",
            tr(lang, "お知らせ", "Notifications"),
            tr(lang, "未読", "unread")
        ),
    )];
    for role in &session.roles {
        match role {
            Role::PlatformAdmin => {
                links.push((
                    "/admin/users".into(),
                    tr(lang, "全アカウント", "All accounts").into(),
                ));
                links.push((
                    "/audit".into(),
                    tr(lang, "監査ログ（全体）", "Audit trail (all)").into(),
                ));
                links.push((
                    "/admin/outbox".into(),
                    tr(lang, "送信メール", "Outbox").into(),
                ));
            }
            Role::CityStaff { city, .. } => {
                let name = city_name(&state, &city.to_string());
                links.push((
                    format!("/cities/{city}/users"),
                    format!("{name} {}", tr(lang, "の職員アカウント", "staff accounts")),
                ));
                links.push((
                    format!("/cities/{city}/audit"),
                    format!("{name} {}", tr(lang, "の監査ログ", "audit trail")),
                ));
                links.push((
                    format!("/cities/{city}/grants"),
                    format!("{name} {}", tr(lang, "の共有（権限付与）", "grants")),
                ));
                links.push((
                    format!("/cities/{city}/voices"),
                    format!(
                        "{name} {}",
                        tr(lang, "の企業の声（段階別）", "company voices by stage")
                    ),
                ));
                links.push((
                    format!("/cities/{city}/rubric"),
                    format!(
                        "{name} {}",
                        tr(lang, "のアイデア検証評価の評価項目", "idea-review rubric")
                    ),
                ));
                links.push((
                    format!("/cities/{city}/referral-times"),
                    format!(
                        "{name} {}",
                        tr(lang, "の紹介の標準期間", "referral expected times")
                    ),
                ));
            }
            Role::TargetContact { .. } => {
                links.push((
                    "/introductions".into(),
                    tr(lang, "市からの製品紹介", "Introductions from the city").into(),
                ));
            }
            Role::CompanyUser { .. } => {
                links.push((
                    "/referrals".into(),
                    tr(lang, "他都市への紹介", "Referrals to other cities").into(),
                ));
            }
            _ => {}
        }
    }
    Ok(AccountPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "アカウント", "Account"),
            "account",
        ),
        name: session.user.display_name.clone(),
        email: session.user.email.clone(),
        roles: session
            .roles
            .iter()
            .map(|r| role_text(&state, lang, r))
            .collect(),
        csrf: session.csrf_token.clone(),
        links,
    })
}

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
#[template(path = "users.html")]
pub struct UsersPage {
    base: Base,
    users: Vec<UserRow>,
    can_invite: bool,
    invite_href: String,
}

fn user_rows(
    state: &AppState,
    lang: Lang,
    users: Vec<(UserRecord, Vec<Role>)>,
    href: impl Fn(i64) -> String,
) -> Vec<UserRow> {
    users
        .into_iter()
        .map(|(u, roles)| UserRow {
            href: href(u.id),
            roles: roles.iter().map(|r| role_text(state, lang, r)).collect(),
            invited: u.password_hash.is_none(),
            name: u.display_name,
            email: u.email,
            active: u.active,
        })
        .collect()
}

pub async fn city_users(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(city): Path<String>,
) -> Result<UsersPage, AppError> {
    let code = city_code(&city)?;
    viewer
        .require(Action::Read, Resource::CityUsers(&code))
        .await?;
    let can_invite = viewer.may(Action::Write, Resource::CityUsers(&code));
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
    })
}

pub async fn all_users(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
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
    })
}

/// The roles a form offers: in a city, its staff (full or read-only) and coordinator; for an
/// administrator's invitation, the platform administrator too.
const ROLE_CHOICES: &[(&str, Text)] = &[
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

fn role_from_choice(choice: &str, city: Option<CityCode>) -> Option<Role> {
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
#[template(path = "user_invite.html")]
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
    errors: super::Errors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    email: String,
    name: String,
    role: String,
    city: String,
    csrf: String,
}

fn invite_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    city: Option<&CityCode>,
    viewer: &Viewer,
    form: &InviteForm,
    errors: Vec<(&'static str, &'static str)>,
) -> InvitePage {
    let choices = ROLE_CHOICES
        .iter()
        .filter(|(v, _)| city.is_none() || *v != "platform-admin")
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
                value: c.code.clone(),
                label: c.name.clone(),
                selected: form.city == c.code,
            })
            .collect()
    });
    let (action, back) = match city {
        Some(c) => (
            format!("/cities/{c}/users/invite"),
            format!("/cities/{c}/users"),
        ),
        None => ("/admin/users/invite".into(), "/admin/users".into()),
    };
    InvitePage {
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
        errors: super::Errors(errors),
    }
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
    Ok(invite_page(
        &state,
        lang,
        &uri,
        Some(&code),
        &viewer,
        &InviteForm::default(),
        vec![],
    ))
}

pub async fn admin_invite_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<InvitePage, AppError> {
    viewer.require(Action::Write, Resource::Platform).await?;
    Ok(invite_page(
        &state,
        lang,
        &uri,
        None,
        &viewer,
        &InviteForm::default(),
        vec![],
    ))
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

/// Validates an invitation and sends it; the account, its roles, the link and the message are
/// written together or not at all.
async fn invite(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    city: Option<CityCode>,
    FormInput(form): FormInput<InviteForm>,
) -> Result<Response, AppError> {
    let mut errors: Vec<(&'static str, &'static str)> = Vec::new();
    let email = Email::parse(&form.email)
        .map_err(|why| errors.push(("email", why.get(lang))))
        .ok();
    let name = renkei_domain::text::clean(&form.name);
    if name.is_empty() {
        errors.push((
            "name",
            tr(lang, "氏名を入力してください。", "Enter the person's name."),
        ));
    } else if name.chars().count() > 200 {
        errors.push((
            "name",
            tr(
                lang,
                "氏名は200文字以内で入力してください。",
                "Keep the name within 200 characters.",
            ),
        ));
    }
    let role_city = city.or_else(|| city_code(&form.city).ok());
    let role = role_from_choice(&form.role, role_city)
        .filter(|r| city.is_none() || !matches!(r, Role::PlatformAdmin));
    if role.is_none() {
        if form.role.is_empty() || !ROLE_CHOICES.iter().any(|(v, _)| *v == form.role) {
            errors.push(("role", tr(lang, "役割を選んでください。", "Choose a role.")));
        } else {
            errors.push((
                "city",
                tr(lang, "所属する市を選んでください。", "Choose the city."),
            ));
        }
    }
    let again = |errors| {
        let page = invite_page(&state, lang, &uri, city.as_ref(), &viewer, &form, errors);
        Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
    };
    let (Some(email), Some(role), true) = (email, role, errors.is_empty()) else {
        return again(errors);
    };
    let invited_by = viewer.session.as_ref().map_or_else(
        || viewer.actor.label.clone(),
        |s| s.user.display_name.clone(),
    );
    let result = state
        .store
        .invite_user(&email, &name, &[role], &viewer.actor, |user, token| {
            let link = state.link(&format!("/account/link?token={token}"));
            mailer::invitation(user, &invited_by, &link)
        })
        .await;
    match result {
        Ok(u) => {
            state.mail_queued();
            let to = match city {
                Some(c) => format!("/cities/{c}/users/{}", u.id),
                None => format!("/admin/users/{}", u.id),
            };
            Ok(Redirect::to(&to).into_response())
        }
        Err(renkei_store::StoreError::Duplicate(_)) => again(vec![(
            "email",
            tr(
                lang,
                "このメールアドレスのアカウントはすでにあります。",
                "An account with this address already exists.",
            ),
        )]),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "user_detail.html")]
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
    /// Whether this caller may deactivate the account here.
    can_deactivate: bool,
    changed: bool,
}

/// The account `id` as seen from `city`: it must hold a role there, or it is not found.
async fn user_in_city(
    state: &AppState,
    city: &CityCode,
    id: i64,
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

fn in_city(role: &Role, city: &CityCode) -> bool {
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
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path((city, id)): Path<(String, i64)>,
    QueryInput(q): QueryInput<Changed>,
) -> Result<UserPage, AppError> {
    let code = city_code(&city)?;
    viewer
        .require(Action::Read, Resource::CityUsers(&code))
        .await?;
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
    let row = user_rows(&state, lang, vec![(u, roles)], |_| String::new()).remove(0);
    Ok(UserPage {
        base: Base::new(lang, uri.to_string(), row.name.clone(), "account"),
        here: format!("/cities/{code}/users/{id}"),
        back: format!("/cities/{code}/users"),
        csrf: viewer.csrf().to_owned(),
        can_write,
        city_roles: Some(choices),
        can_deactivate: can_write
            && row.active
            && (only_here || viewer.subject.roles.contains(&Role::PlatformAdmin)),
        changed: q.changed.is_some(),
        user: row,
    })
}

pub async fn admin_user(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    QueryInput(q): QueryInput<Changed>,
) -> Result<UserPage, AppError> {
    viewer.require(Action::Read, Resource::Platform).await?;
    let (u, roles) = state.store.user(id).await?.ok_or(AppError::NotFound)?;
    let row = user_rows(&state, lang, vec![(u, roles)], |_| String::new()).remove(0);
    Ok(UserPage {
        base: Base::new(lang, uri.to_string(), row.name.clone(), "account"),
        here: format!("/admin/users/{id}"),
        back: "/admin/users".into(),
        csrf: viewer.csrf().to_owned(),
        can_write: true,
        city_roles: None,
        can_deactivate: row.active,
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
    Path((city, id)): Path<(String, i64)>,
    FormInput(form): FormInput<RoleForm>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_form(Action::Write, Resource::CityUsers(&code), &form.csrf)
        .await?;
    user_in_city(&state, &code, id).await?;
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn city_user_deactivate(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, i64)>,
    FormInput(form): FormInput<CsrfForm>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_form(Action::Write, Resource::CityUsers(&code), &form.csrf)
        .await?;
    let (_, roles) = user_in_city(&state, &code, id).await?;
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
    Path(id): Path<i64>,
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
    Path((city, id)): Path<(String, i64)>,
    FormInput(form): FormInput<CsrfForm>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_form(Action::Write, Resource::CityUsers(&code), &form.csrf)
        .await?;
    let (u, _) = user_in_city(&state, &code, id).await?;
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

// ---------------------------------------------------------------------------------------
// The audit trail

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    action: String,
    actor: String,
    address: String,
    from: String,
    until: String,
    page: Option<u64>,
}

pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub address: String,
    pub action: String,
    pub city: String,
    pub object: String,
    pub before: String,
    pub after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "audit.html")]
pub struct AuditPage {
    base: Base,
    action_path: String,
    filter: AuditFilter,
    errors: super::Errors,
    rows: Vec<AuditRow>,
    total: u64,
    page: u64,
    pages: u64,
    csv_href: String,
    /// The filter as a query string, for the paging links.
    query: String,
}

/// A day typed as 2026-11-24, 2026/11/24 or 令和8年11月24日, as the start of that day in JST.
fn day_start(s: &str) -> Option<DateTime<Utc>> {
    let d = jdate::parse(s)?;
    in_jst(Utc::now())
        .timezone()
        .from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
}

fn audit_query(
    city: Option<CityCode>,
    f: &AuditFilter,
    lang: Lang,
) -> Result<AuditQuery, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    let bad_day = tr(
        lang,
        "日付は 2026-11-24 や 令和8年11月24日 の形で入力してください。",
        "Enter a date such as 2026-11-24.",
    );
    let from = if f.from.trim().is_empty() {
        None
    } else {
        day_start(&f.from).or_else(|| {
            errors.push(("from", bad_day));
            None
        })
    };
    // "Until" includes the day typed.
    let until = if f.until.trim().is_empty() {
        None
    } else {
        day_start(&f.until)
            .map(|t| t + chrono::Duration::days(1))
            .or_else(|| {
                errors.push(("until", bad_day));
                None
            })
    };
    let trimmed =
        |s: &str| Some(renkei_domain::text::fold(s).trim().to_owned()).filter(|s| !s.is_empty());
    if errors.is_empty() {
        Ok(AuditQuery {
            city,
            action: trimmed(&f.action),
            actor: trimmed(&f.actor),
            client_address: trimmed(&f.address),
            from,
            until,
        })
    } else {
        Err(errors)
    }
}

fn audit_row(state: &AppState, r: AuditRecord) -> AuditRow {
    AuditRow {
        at: show_time(r.at),
        actor: r.actor_label,
        address: r.client_address.unwrap_or_default(),
        action: r.action,
        city: r
            .city_code
            .map(|c| city_name(state, &c))
            .unwrap_or_default(),
        object: format!("{} {}", r.object_type, r.object_id),
        before: r.before.unwrap_or_default(),
        after: r.after.unwrap_or_default(),
    }
}

async fn audit_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    city: Option<CityCode>,
    filter: AuditFilter,
) -> Result<Response, AppError> {
    let (title, action_path) = match &city {
        Some(c) => (
            format!(
                "{} {}",
                city_name(state, &c.to_string()),
                tr(lang, "の監査ログ", "audit trail")
            ),
            format!("/cities/{c}/audit"),
        ),
        None => (
            tr(lang, "監査ログ", "Audit trail").to_owned(),
            "/audit".to_owned(),
        ),
    };
    let query = format!(
        "action={}&actor={}&address={}&from={}&until={}",
        encode(&filter.action),
        encode(&filter.actor),
        encode(&filter.address),
        encode(&filter.from),
        encode(&filter.until)
    );
    let base = Base::new(lang, uri.to_string(), title, "account");
    let (status, rows, total, page, pages, errors) = match audit_query(city, &filter, lang) {
        Ok(q) => {
            let page = state
                .store
                .audit_page(&q, PageRequest::new(filter.page.unwrap_or(1), 50))
                .await?;
            let pages = page.total.div_ceil(page.per_page).max(1);
            let rows = page
                .items
                .into_iter()
                .map(|r| audit_row(state, r))
                .collect();
            (StatusCode::OK, rows, page.total, page.page, pages, vec![])
        }
        Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, vec![], 0, 1, 1, errors),
    };
    let page = AuditPage {
        base,
        csv_href: format!("{action_path}.csv?{query}"),
        action_path,
        filter,
        errors: super::Errors(errors),
        rows,
        total,
        page,
        pages,
        query,
    };
    Ok((status, page).into_response())
}

pub async fn all_audit(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    QueryInput(filter): QueryInput<AuditFilter>,
) -> Result<Response, AppError> {
    viewer
        .require(Action::Read, Resource::AuditLog(None))
        .await?;
    audit_page(&state, lang, &uri, None, filter).await
}

pub async fn city_audit(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(city): Path<String>,
    QueryInput(filter): QueryInput<AuditFilter>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require(Action::Read, Resource::AuditLog(Some(&code)))
        .await?;
    audit_page(&state, lang, &uri, Some(code), filter).await
}

async fn audit_csv(
    state: &AppState,
    lang: Lang,
    xlsx: bool,
    city: Option<CityCode>,
    filter: AuditFilter,
) -> Result<Response, AppError> {
    let q = audit_query(city, &filter, lang).map_err(|errors| {
        AppError::Validation(
            errors
                .into_iter()
                .map(|(field, _)| {
                    FieldError::new(
                        field,
                        "日付は 2026-11-24 や 令和8年11月24日 の形で入力してください。",
                        "Enter a date such as 2026-11-24.",
                    )
                })
                .collect(),
        )
    })?;
    let records = state
        .store
        .audit_export(&q)
        .await?
        .ok_or(AppError::BadRequest {
            field: None,
            message: Text::new(
                "件数が多すぎるため出力できません（上限10万件）。期間などで絞り込んでください。",
                "Too many lines to export (at most 100,000). Narrow the filter, e.g. by dates.",
            ),
        })?;
    let header = [
        tr(lang, "日時（日本時間）", "Time (JST)"),
        tr(lang, "操作者", "Actor"),
        tr(lang, "接続元", "Client address"),
        tr(lang, "リクエストID", "Request id"),
        tr(lang, "操作", "Action"),
        tr(lang, "市", "City"),
        tr(lang, "対象の種類", "Object type"),
        tr(lang, "対象のID", "Object id"),
        tr(lang, "変更前", "Before"),
        tr(lang, "変更後", "After"),
    ];
    let rows = records.into_iter().map(|r| {
        vec![
            show_time(r.at),
            r.actor_label,
            r.client_address.unwrap_or_default(),
            r.request_id.unwrap_or_default(),
            r.action,
            r.city_code.unwrap_or_default(),
            r.object_type,
            r.object_id,
            r.before.unwrap_or_default(),
            r.after.unwrap_or_default(),
        ]
    });
    let name = format!(
        "audit-{}-{}.csv",
        city.map_or_else(|| "all".to_owned(), |c| c.to_string()),
        in_jst(Utc::now()).format("%Y%m%d%H%M")
    );
    if xlsx {
        let name = name.replace(".csv", ".xlsx");
        return crate::csv::xlsx_response(
            &name,
            tr(lang, "監査ログ", "Audit trail"),
            &header,
            rows,
        );
    }
    Ok(crate::csv::response(&name, &header, rows))
}

pub async fn all_audit_csv(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    QueryInput(filter): QueryInput<AuditFilter>,
) -> Result<Response, AppError> {
    viewer
        .require(Action::Read, Resource::AuditLog(None))
        .await?;
    audit_csv(&state, lang, uri.path().ends_with(".xlsx"), None, filter).await
}

pub async fn city_audit_csv(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(city): Path<String>,
    QueryInput(filter): QueryInput<AuditFilter>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require(Action::Read, Resource::AuditLog(Some(&code)))
        .await?;
    audit_csv(
        &state,
        lang,
        uri.path().ends_with(".xlsx"),
        Some(code),
        filter,
    )
    .await
}

// ---------------------------------------------------------------------------------------
// The outbox

pub struct MailRow {
    pub id: i64,
    pub created: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outbox.html")]
pub struct OutboxPage {
    base: Base,
    rows: Vec<MailRow>,
    total: u64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    page: Option<u64>,
}

pub async fn outbox(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    QueryInput(q): QueryInput<PageQuery>,
) -> Result<OutboxPage, AppError> {
    viewer.require(Action::Read, Resource::Platform).await?;
    let page = state
        .store
        .outbox(PageRequest::new(q.page.unwrap_or(1), 50))
        .await?;
    let rows = page
        .items
        .into_iter()
        .map(|m| MailRow {
            id: m.id,
            created: show_time(m.created_at),
            status: match (m.sent_at, &m.last_error) {
                (Some(t), _) => format!("{} {}", tr(lang, "送信済み", "Sent"), show_time(t)),
                (None, Some(e)) if m.attempts >= renkei_store::MAX_ATTEMPTS => {
                    format!("{}: {e}", tr(lang, "送信できませんでした", "Failed"))
                }
                (None, Some(e)) => {
                    format!("{} ({}): {e}", tr(lang, "再送待ち", "Retrying"), m.attempts)
                }
                (None, None) => tr(
                    lang,
                    "未送信（SMTP未設定または送信待ち）",
                    "Waiting (no SMTP, or queued)",
                )
                .into(),
            },
            to: m.to_address,
            subject: m.subject,
            body: m.body,
        })
        .collect();
    Ok(OutboxPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "送信メール", "Outbox"),
            "account",
        ),
        rows,
        total: page.total,
    })
}

// ---------------------------------------------------------------------------------------
// Grants

pub struct GrantRow {
    pub id: i64,
    pub given: bool,
    pub object: String,
    pub other_city: String,
    pub purpose: String,
    pub by: String,
    pub created: String,
    pub until: String,
    pub state: String,
    pub in_force: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "grants.html")]
pub struct GrantsPage {
    base: Base,
    city: String,
    rows: Vec<GrantRow>,
    csrf: String,
    can_write: bool,
}

pub async fn city_grants(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
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
            let given = g.owner_city == code.to_string();
            let in_force = g.revoked_at.is_none() && g.valid_until.is_none_or(|t| t > now);
            GrantRow {
                id: g.id,
                given,
                object: format!("{} {}", g.object_type, g.object_id),
                other_city: city_name(
                    &state,
                    if given {
                        &g.grantee_city
                    } else {
                        &g.owner_city
                    },
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
