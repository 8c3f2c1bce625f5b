//! Where the access policy meets HTTP: [`Viewer`] is who is asking (the session of the
//! request's cookie, or nobody), and every handler that reads or writes something scoped
//! asks [`Viewer::require`], which asks `renkei_domain::access::decide` — the one place the
//! policy is decided. State-changing requests also carry the session's CSRF token: a hidden
//! `csrf` field in forms, the `X-CSRF-Token` header in API calls. Machine clients use an API
//! token instead of a session (`Authorization: Bearer rnk_…`), acting with the token's role.

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use renkei_domain::access::{Action, Decision, ListScope, Resource, Subject, decide, list_scope};
use renkei_domain::city::CityCode;
use renkei_store::{Actor, SessionInfo};

use crate::AppState;
use crate::error::AppError;
use crate::extract::Caller;
use crate::shared::cookies::{SESSION_COOKIE, cookie};

/// The API's header for the session's CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Where a person enrols a second factor (their account's page for it).
pub const ENROL_PATH: &str = "/account/second-factor";

/// The pages a person who must enrol a second factor may still open: the enrolment's own
/// pages and signing out.
fn open_before_enrolment(path: &str) -> bool {
    path == ENROL_PATH || path.starts_with("/account/second-factor/") || path == "/sign-out"
}

/// Who is asking.
pub struct Viewer {
    pub session: Option<SessionInfo>,
    /// Set when the request came with an API token (`Authorization: Bearer rnk_…`): such a
    /// request carries no cookie, so it needs no CSRF token.
    pub via_token: bool,
    pub subject: Subject,
    /// For the audit trail: the account (or anonymous), its address and the request id.
    pub actor: Actor,
    /// Where refusals are recorded.
    app: renkei_app::App,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Ok(Caller(anonymous)) = Caller::from_request_parts(parts, state).await;
        if let Some(bearer) = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        {
            // A token that is not (or no longer) valid is refused outright, never anonymous.
            let token = bearer.strip_prefix("Bearer ").unwrap_or_default().trim();
            let Some(info) = state.store.api_token(token).await? else {
                // Recorded with the token's first characters only: enough to recognise a
                // leaked or revoked one, not enough to use it.
                let shown: String = token.chars().take(8).collect();
                state
                    .store
                    .record_event(
                        &anonymous,
                        "access.token-refused",
                        None,
                        "api_token",
                        &shown,
                    )
                    .await?;
                return Err(AppError::SignInRequired);
            };
            let actor = Actor {
                id: Some(info.user.id.0),
                label: format!(
                    "{} (token #{} {})",
                    info.user.email, info.token.id, info.token.name
                ),
                ..anonymous
            };
            let subject = Subject {
                roles: vec![info.role],
                person: Some(info.user.id.0),
            };
            return Ok(Viewer {
                session: None,
                via_token: true,
                subject,
                actor,
                app: state.app.clone(),
            });
        }
        let session = match cookie(state, &parts.headers, SESSION_COOKIE).filter(|t| t.len() == 64)
        {
            Some(token) => state.store.session(token).await?,
            None => None,
        };
        // Staff of a city that requires a second factor enrol before anything else: only the
        // enrolment page, signing out and the pages that need no session stay open.
        if session.as_ref().is_some_and(|s| s.second_factor_due)
            && !open_before_enrolment(parts.uri.path())
        {
            return Err(AppError::SecondFactorDue);
        }
        let (subject, actor) = match &session {
            Some(s) => (
                Subject {
                    roles: s.roles.clone(),
                    person: Some(s.user.id.0),
                },
                Actor {
                    id: Some(s.user.id.0),
                    // What staff of a support organisation do is recorded as done through it.
                    label: match &s.organization {
                        Some(o) => format!("{}（{}）", s.user.email, o.name),
                        None => s.user.email.to_string(),
                    },
                    ..anonymous
                },
            ),
            None => (Subject::anonymous(), anonymous),
        };
        Ok(Viewer {
            session,
            via_token: false,
            subject,
            actor,
            app: state.app.clone(),
        })
    }
}

impl Viewer {
    /// Who is asking, as the application layer knows them.
    pub fn caller(&self) -> renkei_app::access::Caller {
        renkei_app::access::Caller {
            subject: self.subject.clone(),
            actor: self.actor.clone(),
        }
    }

    /// Allowed, or the error the policy's answer means: not found (404); forbidden (403);
    /// or, for someone not signed in, "sign in first". Every refusal is written to the audit
    /// trail (who, from where, what was asked).
    pub async fn require(&self, action: Action, resource: Resource<'_>) -> Result<(), AppError> {
        Ok(self.app.require(&self.caller(), action, resource).await?)
    }

    /// Whether the policy allows this, without refusing anything (to show or hide a form).
    pub fn may(&self, action: Action, resource: Resource<'_>) -> bool {
        decide(&self.subject, action, resource) == Decision::Allow
    }

    /// Whether the policy lets the viewer write a record of `city` of its own (not shared with
    /// it by another city): where it may register companies, targets or referrals.
    pub fn may_write_in(&self, city: &CityCode) -> bool {
        self.may(
            Action::Write,
            Resource::CityRecord {
                owner: city,
                shared_with: &[],
            },
        )
    }

    /// Refused unless signed in (for pages about records whose existence is not public: an
    /// anonymous caller is asked to sign in whether or not the record exists).
    pub async fn require_signed_in(&self) -> Result<(), AppError> {
        if self.subject.is_signed_in() {
            Ok(())
        } else {
            Err(AppError::SignInRequired)
        }
    }

    /// What the lists may show the viewer ([`list_scope`]), once [`Self::require_signed_in`]
    /// has let them through: every list and export starts here.
    pub async fn signed_in_scope(&self) -> Result<ListScope, AppError> {
        self.require_signed_in().await?;
        Ok(list_scope(&self.subject))
    }

    /// The session's CSRF token, for the forms of a page.
    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |s| s.csrf_token.as_str())
    }

    /// Checks the CSRF token a state-changing request carried; a wrong one is recorded in
    /// the audit trail.
    pub async fn check_csrf(&self, sent: &str) -> Result<(), AppError> {
        if self.via_token {
            return Ok(());
        }
        match &self.session {
            None => Err(AppError::SignInRequired),
            Some(s) if constant_time_eq(s.csrf_token.as_bytes(), sent.as_bytes()) => Ok(()),
            Some(_) => {
                self.app
                    .store()
                    .record_event(&self.actor, "access.csrf-refused", None, "access", "csrf")
                    .await?;
                Err(AppError::CsrfMismatch)
            }
        }
    }

    /// Both checks of an API write: the policy, then the `X-CSRF-Token` header.
    pub async fn require_write(
        &self,
        resource: Resource<'_>,
        headers: &HeaderMap,
    ) -> Result<(), AppError> {
        self.require(Action::Write, resource).await?;
        let sent = headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        self.check_csrf(sent).await
    }

    /// Both checks of a form: the policy, then the form's `csrf` field.
    pub async fn require_form(
        &self,
        action: Action,
        resource: Resource<'_>,
        csrf: &str,
    ) -> Result<(), AppError> {
        self.require(action, resource).await?;
        self.check_csrf(csrf).await
    }
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
