//! The outbox: every e-mail Renkei sends is first a row here, written in the transaction of
//! what caused it (an invitation is never created without its message, nor a message without
//! its invitation). A sender (`renkei-web`'s mailer) claims due messages, hands them to SMTP
//! and marks them sent; several nodes may run it, a claim keeps two from sending one message.
//! A queued message is handed out as an [`OutboxRecord`].

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::entity::outbox;
use crate::handle::Store;
use crate::kernel::{Page, PageRequest, Result};
use crate::records::id_type;

id_type!(
    /// A queued message's id.
    MailId
);

/// A message in the outbox, and how its sending went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRecord {
    pub id: MailId,
    /// What it is: `invitation`, `password-reset` …
    pub kind: String,
    pub to_address: String,
    pub subject: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// Failed attempts so far (and the one that succeeded).
    pub attempts: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    /// Until when a sender has it.
    pub claimed_until: Option<DateTime<Utc>>,
    /// A file sent with it (an event's iCalendar file).
    pub attachment: Option<MailAttachment>,
}

/// A text file sent with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAttachment {
    pub name: String,
    /// Its media type, e.g. `text/calendar; charset=utf-8; method=PUBLISH`.
    pub media_type: String,
    pub body: String,
}

impl From<outbox::Model> for OutboxRecord {
    fn from(m: outbox::Model) -> Self {
        OutboxRecord {
            id: MailId(m.id),
            kind: m.kind,
            to_address: m.to_address,
            subject: m.subject,
            body: m.body,
            created_at: m.created_at,
            sent_at: m.sent_at,
            attempts: m.attempts,
            last_error: m.last_error,
            next_attempt_at: m.next_attempt_at,
            claimed_until: m.claimed_until,
            attachment: match (m.attachment_name, m.attachment_type, m.attachment_body) {
                (Some(name), Some(media_type), Some(body)) => Some(MailAttachment {
                    name,
                    media_type,
                    body,
                }),
                _ => None,
            },
        }
    }
}

/// A message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// What it is: `invitation`, `password-reset` …
    pub kind: &'static str,
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// After this many failed attempts a message is no longer tried; the outbox page shows it.
pub const MAX_ATTEMPTS: i32 = 10;

/// Puts a message in the outbox, in the caller's transaction.
pub(crate) async fn enqueue(db: &impl ConnectionTrait, mail: &OutgoingMail) -> Result<MailId> {
    enqueue_with(db, mail, None).await
}

/// Puts a message with its attachment in the outbox, in the caller's transaction.
pub(crate) async fn enqueue_with(
    db: &impl ConnectionTrait,
    mail: &OutgoingMail,
    attachment: Option<&MailAttachment>,
) -> Result<MailId> {
    let now = Utc::now();
    let row = outbox::ActiveModel {
        kind: Set(mail.kind.to_owned()),
        to_address: Set(mail.to.clone()),
        subject: Set(mail.subject.clone()),
        body: Set(mail.body.clone()),
        created_at: Set(now),
        sent_at: Set(None),
        attempts: Set(0),
        last_error: Set(None),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        attachment_name: Set(attachment.map(|a| a.name.clone())),
        attachment_type: Set(attachment.map(|a| a.media_type.clone())),
        attachment_body: Set(attachment.map(|a| a.body.clone())),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(MailId(row.id))
}

/// How long to wait before trying a message again after `attempts` failures: one minute,
/// doubling, at most six hours.
fn back_off(attempts: i32) -> Duration {
    let minutes = 1i64 << attempts.clamp(0, 9);
    Duration::minutes(Ord::min(minutes, 360))
}

impl Store {
    /// Puts one message in the outbox.
    pub async fn enqueue_mail(&self, mail: &OutgoingMail) -> Result<MailId> {
        enqueue(&self.db, mail).await
    }

    /// The outbox, newest first.
    pub async fn outbox(&self, page: PageRequest) -> Result<Page<OutboxRecord>> {
        let q = outbox::Entity::find().order_by_desc(outbox::Column::Id);
        let rows = page.fetch(q, &self.db).await?;
        Ok(page.of(rows.items.into_iter().map(Into::into).collect(), rows.total))
    }

    /// Claims up to `max` messages that are due, for `lease`: no other node takes them until it
    /// has passed. Each claim is one conditional update, so exactly one node wins a message.
    pub async fn claim_mail(&self, lease: Duration, max: u64) -> Result<Vec<OutboxRecord>> {
        let now = Utc::now();
        let unclaimed = || {
            Condition::any()
                .add(outbox::Column::ClaimedUntil.is_null())
                .add(outbox::Column::ClaimedUntil.lt(now))
        };
        let due = outbox::Entity::find()
            .filter(outbox::Column::SentAt.is_null())
            .filter(outbox::Column::NextAttemptAt.lte(now))
            .filter(outbox::Column::Attempts.lt(MAX_ATTEMPTS))
            .filter(unclaimed())
            .order_by_asc(outbox::Column::Id)
            .limit(max)
            .all(&self.db)
            .await?;
        let mut claimed = Vec::with_capacity(due.len());
        for m in due {
            let won = outbox::Entity::update_many()
                .col_expr(outbox::Column::ClaimedUntil, Expr::value(now + lease))
                .filter(outbox::Column::Id.eq(m.id))
                .filter(outbox::Column::SentAt.is_null())
                .filter(unclaimed())
                .exec(&self.db)
                .await?
                .rows_affected
                == 1;
            if won {
                claimed.push(m.into());
            }
        }
        Ok(claimed)
    }

    /// Marks a claimed message as handed to the SMTP server.
    pub async fn mark_mail_sent(&self, id: MailId) -> Result<()> {
        outbox::Entity::update_many()
            .col_expr(outbox::Column::SentAt, Expr::value(Utc::now()))
            .col_expr(
                outbox::Column::ClaimedUntil,
                Expr::value(None::<DateTime<Utc>>),
            )
            .col_expr(
                outbox::Column::Attempts,
                Expr::col(outbox::Column::Attempts).add(Expr::val(1)),
            )
            .col_expr(outbox::Column::LastError, Expr::value(None::<String>))
            .filter(outbox::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Records a failed attempt; the message is tried again after a back-off.
    pub async fn mark_mail_failed(
        &self,
        id: MailId,
        attempts_before: i32,
        error: &str,
    ) -> Result<()> {
        let next = Utc::now() + back_off(attempts_before);
        outbox::Entity::update_many()
            .col_expr(
                outbox::Column::ClaimedUntil,
                Expr::value(None::<DateTime<Utc>>),
            )
            .col_expr(outbox::Column::Attempts, Expr::value(attempts_before + 1))
            .col_expr(
                outbox::Column::LastError,
                Expr::value(error.chars().take(2000).collect::<String>()),
            )
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(next))
            .filter(outbox::Column::Id.eq(id))
            .exec(&self.db)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_and_stops_at_six_hours() {
        assert_eq!(back_off(0), Duration::minutes(1));
        assert_eq!(back_off(1), Duration::minutes(2));
        assert_eq!(back_off(5), Duration::minutes(32));
        assert_eq!(back_off(9), Duration::minutes(360));
        assert_eq!(back_off(50), Duration::minutes(360));
    }
}
