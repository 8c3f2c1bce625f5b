//! Sending the outbox: every few seconds (and at once when a message is queued on this node)
//! the sender claims due messages and hands them to the SMTP server of `RENKEI_SMTP_URL`.
//! Without one, messages wait in the outbox, where administrators read them
//! (`/admin/outbox`) — that is how the demo shows its mail. What the messages say is
//! `renkei_app::mail`.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use renkei_store::{OutboxRecord, Store};
use tokio::sync::Notify;

/// Where and as whom mail is sent.
#[derive(Clone)]
pub struct Mailer {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
    /// Wakes the sender when this node queues a message.
    pub wake: Arc<Notify>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("smtp", &self.transport.is_some())
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl Mailer {
    /// Checks the settings: a bad `RENKEI_SMTP_URL` or `RENKEI_MAIL_FROM` stops start-up.
    pub fn new(smtp_url: Option<&str>, from: &str) -> anyhow::Result<Mailer> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("RENKEI_MAIL_FROM: not an address ({e})"))?;
        let transport = smtp_url
            .map(|url| {
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map(|b| b.timeout(Some(Duration::from_secs(30))).build())
                    .map_err(|e| anyhow::anyhow!("RENKEI_SMTP_URL: cannot use it ({e})"))
            })
            .transpose()?;
        Ok(Mailer {
            transport,
            from,
            wake: Arc::new(Notify::new()),
        })
    }

    /// Runs the sender until the process ends. Without SMTP it does nothing.
    pub async fn run(self, store: Store, poll: Duration) {
        let Some(transport) = self.transport.clone() else {
            return;
        };
        loop {
            match store.claim_mail(chrono::Duration::minutes(2), 20).await {
                Ok(batch) => {
                    for m in batch {
                        self.send_one(&store, &transport, m).await;
                    }
                }
                Err(e) => tracing::warn!(error = %e, "outbox: cannot claim messages"),
            }
            tokio::select! {
                () = tokio::time::sleep(poll) => {},
                () = self.wake.notified() => {},
            }
        }
    }

    async fn send_one(
        &self,
        store: &Store,
        transport: &AsyncSmtpTransport<Tokio1Executor>,
        m: OutboxRecord,
    ) {
        let result = match self.message(&m) {
            Ok(message) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        let stored = match &result {
            Ok(()) => store.mark_mail_sent(m.id).await,
            Err(e) => {
                tracing::warn!(id = m.id.0, error = %e, "outbox: sending failed");
                store.mark_mail_failed(m.id, m.attempts, e).await
            }
        };
        if let Err(e) = stored {
            tracing::warn!(id = m.id.0, error = %e, "outbox: cannot record the attempt");
        } else if result.is_ok() {
            tracing::info!(id = m.id.0, kind = %m.kind, "outbox: sent");
        }
    }

    /// The message as it goes out: UTF-8 plain text (with its file, multipart/mixed); lettre
    /// encodes the Japanese subject as an RFC 2047 encoded word and the body in base64 or
    /// quoted-printable.
    fn message(&self, m: &OutboxRecord) -> Result<Message, String> {
        let to: Mailbox = m
            .to_address
            .parse()
            .map_err(|e| format!("bad recipient address: {e}"))?;
        let builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone());
        let Some(a) = &m.attachment else {
            return builder
                .header(ContentType::TEXT_PLAIN)
                .body(m.body.clone())
                .map_err(|e| e.to_string());
        };
        // A file with it (an event's iCalendar file): the text, then the file.
        let kind = ContentType::parse(&a.media_type).map_err(|e| e.to_string())?;
        let file = Attachment::new(a.name.clone()).body(a.body.clone(), kind);
        builder
            .multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(m.body.clone()))
                    .singlepart(file),
            )
            .map_err(|e| e.to_string())
    }
}

pub use renkei_app::mail::{invitation, password_reset};
