//! The outbox: every e-mail the platform queued, with its status, for administrators.

use askama::Template;
use askama_web::WebTemplate;
use renkei_domain::access::{Action, Resource};
use renkei_store::{MailId, PageRequest};
use serde::Deserialize;

use crate::error::AppError;
use crate::extract::QueryInput;
use crate::shared::format::show_time;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

// ---------------------------------------------------------------------------------------
// The outbox

pub struct MailRow {
    pub id: MailId,
    pub created: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/outbox.html")]
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
    PageContext(state, lang, uri, viewer): PageContext,
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
