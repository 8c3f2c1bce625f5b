//! The people page of a company or a sales-channel target: its accounts, the invitation form
//! (for those who may invite) and a button to remove each person.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::people::{self, Team};
use renkei_domain::access::{Action, Resource};
use renkei_domain::identity::Invitee;
use renkei_domain::{FieldError, Lang};
use renkei_store::{CompanyId, Invited, TargetId, UserId};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::shared::forms::{CsrfForm, Errors};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// Whose people a request is about, from its path (`/companies/{id}/people…` or
/// `/sales-targets/{id}/people…`).
#[derive(Debug, Clone, Copy)]
pub enum Whose {
    Company(i64),
    Target(i64),
}

impl<S: Send + Sync> FromRequestParts<S> for Whose {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let mut segments = parts.uri.path().split('/').skip(1);
        let kind = segments.next();
        let id = segments
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or(AppError::NotFound)?;
        match kind {
            Some("companies") => Ok(Whose::Company(id)),
            Some("sales-targets") => Ok(Whose::Target(id)),
            _ => Err(AppError::NotFound),
        }
    }
}

impl Whose {
    async fn load(
        self,
        state: &AppState,
        viewer: &Viewer,
        action: Action,
    ) -> Result<Checked<Team>, AppError> {
        let caller = viewer.caller();
        Ok(match self {
            Whose::Company(id) => {
                state
                    .app
                    .company_people(&caller, action, CompanyId(id))
                    .await?
            }
            Whose::Target(id) => {
                state
                    .app
                    .target_people(&caller, action, TargetId(id))
                    .await?
            }
        })
    }

    /// The record's page.
    fn record(self) -> String {
        match self {
            Whose::Company(id) => format!("/companies/{id}"),
            Whose::Target(id) => format!("/sales-targets/{id}"),
        }
    }

    fn people(self) -> String {
        format!("{}/people", self.record())
    }
}

pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub manager: bool,
    /// Invited, no password set yet.
    pub invited: bool,
    pub active: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "people/page.html")]
pub struct PeoplePage {
    base: Base,
    record_href: String,
    record_name: String,
    here: String,
    is_company: bool,
    people: Vec<PersonRow>,
    can_invite: bool,
    csrf: String,
    email: String,
    name: String,
    manager: bool,
    errors: Errors,
    /// What the last invitation or removal did, to say so.
    done: Option<&'static str>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    done: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    email: String,
    name: String,
    manager: Option<String>,
    csrf: String,
}

/// What a `?done=` says.
fn done_text(lang: Lang, done: &str) -> Option<&'static str> {
    Some(match done {
        "invited" => tr(
            lang,
            "招待メールを送りました。招待された人はメールのリンクからパスワードを設定します。",
            "The invitation was sent. The person sets a password from the link in the message.",
        ),
        "added" => tr(
            lang,
            "すでにアカウントのある人を追加し、メールでお知らせしました。",
            "The person already had an account: it was added, and they were told by e-mail.",
        ),
        "held" => tr(
            lang,
            "この人はすでに利用者です。",
            "The person is already one of them.",
        ),
        "removed" => tr(lang, "利用者から外しました。", "The person was removed."),
        _ => return None,
    })
}

struct Shown<'a> {
    form: &'a InviteForm,
    errors: Vec<FieldError>,
    done: &'a str,
}

async fn page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    whose: Whose,
    team: &Checked<Team>,
    shown: Shown<'_>,
) -> Result<PeoplePage, AppError> {
    let members = people::members(&state.app, team).await?;
    let is_company = matches!(**team, Team::Company(_));
    let title = if is_company {
        tr(lang, "企業の利用者", "People of the company")
    } else {
        tr(lang, "販路開拓先の担当者", "Contacts of the target")
    };
    let can_invite = match &**team {
        Team::Company(c) => viewer.may(
            Action::Write,
            Resource::CompanyPeople {
                id: c.id.0,
                home_city: &c.home_city,
            },
        ),
        Team::Target(t) => viewer.may_write_in(&t.city_code),
    };
    Ok(PeoplePage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!("{}：{title}", team.name()),
            if is_company { "companies" } else { "referrals" },
        ),
        record_href: whose.record(),
        record_name: team.name().to_owned(),
        here: whose.people(),
        is_company,
        people: members
            .into_iter()
            .map(|m| PersonRow {
                id: m.user.id.0,
                invited: m.user.password_hash.is_none(),
                active: m.user.active,
                name: m.user.display_name,
                email: m.user.email.to_string(),
                manager: m.manager,
            })
            .collect(),
        can_invite,
        csrf: viewer.csrf().to_owned(),
        email: shown.form.email.chars().take(254).collect(),
        name: shown.form.name.chars().take(200).collect(),
        manager: shown.form.manager.is_some(),
        errors: Errors::of(lang, &shown.errors),
        done: done_text(lang, shown.done),
    })
}

async fn show(
    state: AppState,
    lang: Lang,
    uri: Uri,
    viewer: Viewer,
    whose: Whose,
    done: &str,
) -> Result<PeoplePage, AppError> {
    let team = whose.load(&state, &viewer, Action::Read).await?;
    let shown = Shown {
        form: &InviteForm::default(),
        errors: vec![],
        done,
    };
    page(&state, lang, &uri, &viewer, whose, &team, shown).await
}

/// The people page of the company or the target in the path.
pub async fn people(
    PageContext(state, lang, uri, viewer): PageContext,
    whose: Whose,
    QueryInput(q): QueryInput<DoneQuery>,
) -> Result<PeoplePage, AppError> {
    show(state, lang, uri, viewer, whose, &q.done).await
}

/// Checks the form and invites; the page again with the errors (422) when it is not right.
async fn invite(
    state: AppState,
    lang: Lang,
    uri: Uri,
    viewer: Viewer,
    whose: Whose,
    form: InviteForm,
) -> Result<Response, AppError> {
    let team = whose.load(&state, &viewer, Action::Write).await?;
    viewer.check_csrf(&form.csrf).await?;
    let again = |errors: Vec<FieldError>| {
        let (state, uri, viewer, team, form) = (&state, &uri, &viewer, &team, &form);
        async move {
            let shown = Shown {
                form,
                errors,
                done: "",
            };
            let page = page(state, lang, uri, viewer, whose, team, shown).await?;
            Ok::<_, AppError>((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    };
    let invitee = match Invitee::parse(&form.email, &form.name) {
        Ok(i) => i,
        Err(errors) => return again(errors).await,
    };
    let invited_by = viewer.session.as_ref().map_or_else(
        || viewer.actor.label.clone(),
        |s| s.user.display_name.clone(),
    );
    let manager = form.manager.is_some() && matches!(*team, Team::Company(_));
    let done = match people::invite(
        &state.app,
        &team,
        &viewer.caller(),
        &invited_by,
        &invitee.email,
        &invitee.name,
        manager,
    )
    .await?
    {
        Invited::New(_) => "invited",
        Invited::Added(_) => "added",
        Invited::AlreadyHeld(_) => "held",
        Invited::Inactive(_) => {
            return again(vec![FieldError::new(
                "email",
                "このメールアドレスのアカウントは停止されています。管理者に再開を依頼してください。",
                "The account of this address is deactivated. Ask an administrator to restore it.",
            )])
            .await;
        }
    };
    state.mail_queued();
    Ok(Redirect::to(&format!("{}?done={done}", whose.people())).into_response())
}

/// Invites a person to the company or the target in the path.
pub async fn invite_person(
    PageContext(state, lang, uri, viewer): PageContext,
    whose: Whose,
    FormInput(form): FormInput<InviteForm>,
) -> Result<Response, AppError> {
    invite(state, lang, uri, viewer, whose, form).await
}

async fn remove(
    state: AppState,
    viewer: Viewer,
    whose: Whose,
    user: i64,
    form: CsrfForm,
) -> Result<Response, AppError> {
    let team = whose.load(&state, &viewer, Action::Write).await?;
    viewer.check_csrf(&form.csrf).await?;
    people::remove(&state.app, &team, &viewer.caller(), UserId(user)).await?;
    Ok(Redirect::to(&format!("{}?done=removed", whose.people())).into_response())
}

/// Removes a person from the company or the target in the path.
pub async fn remove_person(
    State(state): State<AppState>,
    viewer: Viewer,
    whose: Whose,
    Path((_, user)): Path<(i64, i64)>,
    FormInput(form): FormInput<CsrfForm>,
) -> Result<Response, AppError> {
    remove(state, viewer, whose, user, form).await
}
