//! What the referrals feature gives the others: a referral loaded with what its page and
//! its moves need, once the access policy allows what the caller asks (the application
//! layer's `referrals::load`, whose `Checked` value is the proof its moves ask for).

use renkei_app::access::Checked;
use renkei_domain::access::Action;
use renkei_store::ReferralId;

pub(crate) use renkei_app::referrals::Loaded;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;

/// The referral of `id`, once the policy allows `action` on it.
pub(crate) async fn load_referral(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    id: ReferralId,
) -> Result<Checked<Loaded>, AppError> {
    Ok(renkei_app::referrals::load(&state.app, &viewer.caller(), action, id).await?)
}
