//! Sending the outbox: every few seconds (and at once when a message is queued on this node)
//! the sender claims due messages and hands them to the SMTP server of `RENKEI_SMTP_URL`.
//! Without one, messages wait in the outbox, where administrators read them
//! (`/admin/outbox`) — that is how the demo shows its mail. What the messages say is written
//! here too, Japanese first with English below, so every person can read them.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use renkei_store::{OutboxRecord, OutgoingMail, Store, UserRecord};
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
                tracing::warn!(id = m.id, error = %e, "outbox: sending failed");
                store.mark_mail_failed(m.id, m.attempts, e).await
            }
        };
        if let Err(e) = stored {
            tracing::warn!(id = m.id, error = %e, "outbox: cannot record the attempt");
        } else if result.is_ok() {
            tracing::info!(id = m.id, kind = %m.kind, "outbox: sent");
        }
    }

    /// The message as it goes out: UTF-8 plain text; lettre encodes the Japanese subject as
    /// an RFC 2047 encoded word and the body in base64 or quoted-printable.
    fn message(&self, m: &OutboxRecord) -> Result<Message, String> {
        let to: Mailbox = m
            .to_address
            .parse()
            .map_err(|e| format!("bad recipient address: {e}"))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(m.body.clone())
            .map_err(|e| e.to_string())
    }
}

/// The message inviting a person to Renkei.
pub fn invitation(user: &UserRecord, invited_by: &str, link: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "invitation",
        to: user.email.clone(),
        subject: "【Renkei】アカウントへの招待 / Invitation to Renkei".to_owned(),
        body: format!(
            "{name} 様\n\n\
             {by} さんから、指定都市の医療・介護・健康関連産業支援プラットフォーム「Renkei」に招待されました。\n\
             次のリンクを開き、パスワードを設定してください（72時間有効・1回限り）。\n\n\
             {link}\n\n\
             お心当たりのない場合は、このメールを破棄してください。\n\n\
             ----\n\
             {by} has invited you to Renkei, the designated cities' platform for the medical,\n\
             nursing-care and health industries. Open the link above to set your password\n\
             (valid for 72 hours, once). If you did not expect this, ignore this message.\n",
            name = user.display_name,
            by = invited_by,
        ),
    }
}

/// The message carrying a password-reset link.
pub fn password_reset(user: &UserRecord, link: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "password-reset",
        to: user.email.clone(),
        subject: "【Renkei】パスワードの再設定 / Resetting your password".to_owned(),
        body: format!(
            "{name} 様\n\n\
             パスワードの再設定が申請されました。次のリンクを開き、新しいパスワードを設定してください（1時間有効・1回限り）。\n\n\
             {link}\n\n\
             申請した覚えがない場合は、このメールを破棄してください。パスワードは変わりません。\n\n\
             ----\n\
             Someone asked to reset your Renkei password. Open the link above to set a new one\n\
             (valid for one hour, once). If it was not you, ignore this message: your password\n\
             stays as it is.\n",
            name = user.display_name,
        ),
    }
}

/// The e-mail of a referral notification (a hand-over, a target's answer, a reminder).
pub fn notice(user: &UserRecord, notice: &renkei_store::Notice, public_url: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "referral-notice",
        to: user.email.clone(),
        subject: format!(
            "【Renkei】{}",
            notice.ja.chars().take(60).collect::<String>()
        ),
        body: format!(
            "{name} 様\n\n{ja}\n\n{public_url}{link}\n\n\
             ----\n{en}\n",
            name = user.display_name,
            ja = notice.ja,
            en = notice.en,
            link = notice.link,
        ),
    }
}

/// The e-mail giving a sales-channel target's contact the one-time link to an introduction.
pub fn introduction(to: &str, target: &str, city: &str, product: &str, link: &str) -> OutgoingMail {
    OutgoingMail {
        kind: "target-introduction",
        to: to.to_owned(),
        subject: format!("【{city}】製品のご紹介「{product}」"),
        body: format!(
            "{target} ご担当者様\n\n\
             {city}より、他の指定都市の企業の製品「{product}」をご紹介します。\n\
             市がこの製品を紹介する理由と製品の概要を、次のページでご覧いただけます。\n\
             ご関心があれば「話を聞く」、なければ「辞退する」をお選びください（30日間有効・回答は1回限り）。\n\n\
             {link}\n\n\
             市は紹介までを担い、価格や取引条件の交渉には関与しません。\n\n\
             ----\n\
             {city} introduces \"{product}\", a product of a company in another designated city.\n\
             The page above says why the city recommends it; answer whether you would like to\n\
             hear about it (valid for 30 days, one answer).\n"
        ),
    }
}
