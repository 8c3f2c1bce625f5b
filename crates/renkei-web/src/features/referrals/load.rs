//! What the referrals feature gives the others: a referral loaded with what its page and
//! its moves need, once the access policy allows what the caller asks; and the composer of
//! the e-mail its notices send.

use renkei_domain::access::{Action, ReferralFacts, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::referral::State as Step;
use renkei_store::{Notice, ReferralRecord, ReferralTargetRecord, SalesTargetRecord, UserRecord};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;

/// A referral, with what the policy needs to know of it.
pub(crate) struct Loaded {
    pub r: ReferralRecord,
    pub sending: CityCode,
    pub receiving: CityCode,
    /// Whether the receiving city holds the dossier's grant now.
    pub sent: bool,
    pub targets: Vec<(ReferralTargetRecord, SalesTargetRecord)>,
    pub target_ids: Vec<i64>,
}

impl Loaded {
    pub fn step(&self) -> Step {
        Step::from_code(&self.r.state).unwrap_or(Step::Withdrawn)
    }

    pub fn facts(&self) -> ReferralFacts<'_> {
        ReferralFacts {
            sending: &self.sending,
            receiving: &self.receiving,
            company: self.r.company_id,
            sent: self.sent,
            open: !self.step().is_end(),
            targets: &self.target_ids,
        }
    }
}

/// The referral of `id`, once the policy allows `action` on it.
pub(crate) async fn load_referral(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    id: i64,
) -> Result<Loaded, AppError> {
    viewer.require_signed_in().await?;
    let r = state.store.referral(id).await?.ok_or(AppError::NotFound)?;
    let sending = CityCode::parse(&r.sending_city).map_err(|_| AppError::NotFound)?;
    let receiving = CityCode::parse(&r.receiving_city).map_err(|_| AppError::NotFound)?;
    let sent = state
        .store
        .referral_shared_with(&r)
        .await?
        .contains(&receiving);
    let targets = state.store.referral_targets(id).await?;
    let target_ids = targets.iter().map(|(_, t)| t.id).collect();
    let loaded = Loaded {
        r,
        sending,
        receiving,
        sent,
        targets,
        target_ids,
    };
    viewer
        .require(action, Resource::Referral(&loaded.facts()))
        .await?;
    Ok(loaded)
}

/// The e-mail of a notice, with this deployment's address.
pub(super) fn composer(
    state: &AppState,
) -> impl Fn(&UserRecord, &Notice) -> renkei_store::OutgoingMail {
    let base = state.link("");
    move |user, notice| crate::mailer::notice(user, notice, &base)
}
