//! Notifications (お知らせ): what the signed-in person was told about referrals, and marking
//! them read.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::Lang;

use super::targets::CsrfOnly;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::lang::UiLang;
use crate::shared::format::in_jst;
use crate::shared::layout::{Base, tr};

// ---------------------------------------------------------------------------------------
// Notifications

pub struct NotificationRow {
    pub at: String,
    pub text: String,
    pub link: String,
    pub unread: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "referrals/notifications.html")]
pub struct NotificationsPage {
    base: Base,
    rows: Vec<NotificationRow>,
    unread: u64,
    csrf: String,
}

pub async fn notifications(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<NotificationsPage, AppError> {
    viewer.require_signed_in().await?;
    let Some(session) = &viewer.session else {
        return Err(AppError::Forbidden);
    };
    let (items, unread) = state.store.notifications(session.user.id).await?;
    Ok(NotificationsPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "お知らせ", "Notifications"),
            "account",
        ),
        rows: items
            .into_iter()
            .map(|n| NotificationRow {
                at: in_jst(n.created_at).format("%Y-%m-%d %H:%M").to_string(),
                text: if lang == Lang::En {
                    n.message_en
                } else {
                    n.message_ja
                },
                link: n.link,
                unread: n.read_at.is_none(),
            })
            .collect(),
        unread,
        csrf: viewer.csrf().to_owned(),
    })
}

pub async fn read_notifications(
    State(state): State<AppState>,
    viewer: Viewer,
    FormInput(form): FormInput<CsrfOnly>,
) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    viewer.check_csrf(&form.csrf).await?;
    if let Some(session) = &viewer.session {
        state.store.mark_notifications_read(session.user.id).await?;
    }
    Ok(Redirect::to("/notifications").into_response())
}
