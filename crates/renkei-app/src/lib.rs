//! Renkei's application layer: the use cases between the web and the store.
//!
//! The web turns HTTP into calls of this crate and its answers into pages and JSON; the
//! store persists and knows nothing of mail, parties or words. Here are:
//!
//! - [`workflow`]: the engine of the one workflow mechanism (`renkei_domain::workflow`): a
//!   move is decided by the workflow's table, written with its history and audit line, its
//!   side effects and the notifications of the other parties, all in one transaction;
//!   overdue steps are reminded once each.
//! - [`referrals`]: the inter-city referral's use cases, the worked example of the engine.
//! - [`help`]: who helped a step or a support (a city's organisations and coordinators).
//! - [`mail`]: what every e-mail says, Japanese first with English below.
//! - [`oidc`]: sign-in through a city's OpenID Connect provider.
//! - [`people`]: the people of a company and of a sales-channel target, and their invitation.
//! - [`registrations`]: a company asks a city to register it (the public form), a workflow.
//! - [`events`]: events, their registrations (a workflow), the lottery and the waiting list.
//!
//! An [`App`] is cheap to clone: the store's pool and the deployment's address.

pub mod access;
pub mod bridges;
pub mod calls;
pub mod consultations;
pub mod csr;
pub mod dispatches;
pub mod events;
pub mod evidence;
pub mod help;
pub mod listings;
pub mod mail;
pub mod network;
pub mod oidc;
pub mod partnering;
pub mod people;
pub mod referrals;
pub mod registrations;
pub mod research_groups;
pub mod showcase;
pub mod testing;
pub mod training;
pub mod workflow;

use renkei_store::{Notice, OutgoingMail, Store, Tx, UserRecord};

/// The application: what every use case needs.
#[derive(Debug, Clone)]
pub struct App {
    store: Store,
    /// The address people open, without a trailing slash, for links in e-mail.
    public_url: String,
    /// The national holidays open days (開庁日) are counted with: the list compiled in, or a
    /// newer one the deployment reads at start.
    holidays: &'static renkei_domain::business_days::Holidays,
}

impl App {
    pub fn new(store: Store, public_url: &str) -> App {
        App {
            store,
            public_url: public_url.trim_end_matches('/').to_owned(),
            holidays: renkei_domain::business_days::Holidays::shipped(),
        }
    }

    /// The same, counting open days with another holiday list.
    pub fn with_holidays(self, holidays: &'static renkei_domain::business_days::Holidays) -> App {
        App { holidays, ..self }
    }

    /// The holidays open days (開庁日) are counted with.
    pub fn holidays(&self) -> &'static renkei_domain::business_days::Holidays {
        self.holidays
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// A link to `path_and_query` on this deployment, for e-mail.
    pub fn link(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.public_url)
    }

    /// Tells a person something in the app and by e-mail, in the transaction of what it tells
    /// of. `referral`: the referral it is about, if any.
    pub async fn notify(
        &self,
        tx: &Tx,
        person: &UserRecord,
        referral: Option<renkei_store::ReferralId>,
        notice: &Notice,
    ) -> renkei_store::Result<()> {
        let mail: OutgoingMail = mail::notice(person, notice, &self.public_url);
        self.store.notify(tx, person, referral, notice, &mail).await
    }
}
