//! The referral feature's records as the store hands them out: typed (states, answers,
//! reasons, outcomes, kinds and parties as the domain's enums, cities as `CityCode`, ids as
//! newtypes), converted once here where rows are read, so that nobody parses them again.
//!
//! A row holding a code this version does not know (a state, city, answer, party, kind,
//! reason, outcome or wanted channel kind written by a newer version, or by hand) is
//! [`Unreadable`] (see `crate::records`). Only this feature writes these columns, always
//! from the enums' codes.
//!
//! They serialize (for the audit trail's before and after) with the rows' field names and
//! the codes the columns hold, so the audit JSON is what it was when these were the ORM's
//! models.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::referral::{ActivityKind, DeclineReason, Outcome, Party, State, TargetAnswer};
use renkei_domain::target::TargetKind;
use serde::Serialize;

pub use crate::records::{CompanyId, ProductId, ReferralId, TargetId};
use crate::records::{Unreadable, code, joined_codes, known, optional_code};

use crate::entity::{
    notification, referral, referral_activity, referral_event, referral_feedback, referral_target,
};

/// A referral (第3章), at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralRecord {
    pub id: ReferralId,
    pub product_id: ProductId,
    pub company_id: CompanyId,
    pub sending_city: CityCode,
    pub receiving_city: CityCode,
    #[serde(serialize_with = "code")]
    pub state: State,
    pub version: i64,
    pub state_since: DateTime<Utc>,
    /// ② The channel kinds the company wants (empty until it consents).
    #[serde(serialize_with = "joined_codes")]
    pub wanted_kinds: Vec<TargetKind>,
    pub reason: String,
    pub consent_user_id: Option<i64>,
    pub consent_by_label: Option<String>,
    pub consent_at: Option<DateTime<Utc>>,
    pub consent_items: Option<String>,
    pub consent_purpose: Option<String>,
    pub consent_wording: Option<String>,
    pub consent_wording_version: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "optional_code")]
    pub decline_reason: Option<DeclineReason>,
    #[serde(serialize_with = "optional_code")]
    pub outcome: Option<Outcome>,
    pub outcome_note: String,
    pub created_by_label: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// ⑤ A target a referral was introduced to, and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralTargetRecord {
    pub id: i64,
    pub referral_id: ReferralId,
    pub target_id: TargetId,
    pub provided_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "code")]
    pub answer: TargetAnswer,
    pub answered_at: Option<DateTime<Utc>>,
    pub answer_note: String,
    /// `officer`, `link` or `account` (empty while no answer).
    pub answered_via: String,
    pub link_expires_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

/// A line of a referral's history: a move, or a step on its targets (`target-add`…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferralEventRecord {
    pub id: i64,
    pub referral_id: ReferralId,
    pub at: DateTime<Utc>,
    #[serde(serialize_with = "code")]
    pub party: Party,
    /// The move's code (`Move::code`) or a target step's (`target-add`, `target-agreed`…).
    pub move_code: String,
    /// `None` for the selection, which has no state before it.
    #[serde(serialize_with = "optional_code")]
    pub from_state: Option<State>,
    #[serde(serialize_with = "code")]
    pub to_state: State,
    pub note: String,
    pub actor_id: Option<i64>,
    pub actor_label: String,
    /// ① and ④: the acting city's support organisation that helped, if one was named.
    pub helped_organization_id: Option<i64>,
    /// ① and ④: the acting city's coordinator (an account) who helped, if one was named.
    pub helped_coordinator_id: Option<i64>,
}

/// ⑧ A line of the company's sales-activity log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivityRecord {
    pub id: i64,
    pub referral_id: ReferralId,
    pub on_date: NaiveDate,
    #[serde(serialize_with = "code")]
    pub kind: ActivityKind,
    pub target_id: Option<i64>,
    pub note: String,
    pub actor_label: String,
    pub created_at: DateTime<Utc>,
}

/// A party's feedback (感想) on a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeedbackRecord {
    pub id: i64,
    pub referral_id: ReferralId,
    #[serde(serialize_with = "code")]
    pub party: Party,
    /// The target organization that gave it, when `party` is a target.
    pub target_id: Option<i64>,
    pub author_label: String,
    pub rating: i16,
    pub comment: String,
    pub created_at: DateTime<Utc>,
}

impl FeedbackRecord {
    /// Whether it is the feedback of this party (and target).
    pub fn is_of(&self, party: Party, target: Option<i64>) -> bool {
        self.party == party && self.target_id == target
    }
}

/// A notification to one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotificationRecord {
    pub id: i64,
    pub user_id: i64,
    /// The referral it is about, if any.
    pub referral_id: Option<ReferralId>,
    pub message_ja: String,
    pub message_en: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

/// The column that holds a feedback's party: `sending`, `receiving`, `company` or
/// `target:{id}`.
pub(super) fn party_key(party: Party, target: Option<i64>) -> String {
    match (party, target) {
        (Party::Target, Some(id)) => format!("target:{id}"),
        (p, _) => p.code().to_owned(),
    }
}

fn party_from_code(code: &str) -> Option<Party> {
    Party::ALL.into_iter().find(|p| p.code() == code)
}

impl TryFrom<referral::Model> for ReferralRecord {
    type Error = Unreadable;

    fn try_from(m: referral::Model) -> Result<Self, Unreadable> {
        let at = |field, code: &str| Unreadable {
            table: "referrals",
            id: m.id,
            field,
            code: code.to_owned(),
        };
        let city = |field, code: &str| CityCode::parse(code).map_err(|_| at(field, code));
        let wanted_kinds = m
            .wanted_kinds
            .split(',')
            .filter(|k| !k.is_empty())
            .map(|k| TargetKind::from_code(k).ok_or_else(|| at("wanted_kinds", k)))
            .collect::<Result<_, _>>()?;
        let decline_reason = m
            .decline_reason
            .as_deref()
            .map(|c| DeclineReason::from_code(c).ok_or_else(|| at("decline_reason", c)))
            .transpose()?;
        let outcome = m
            .outcome
            .as_deref()
            .map(|c| Outcome::from_code(c).ok_or_else(|| at("outcome", c)))
            .transpose()?;
        Ok(ReferralRecord {
            id: ReferralId(m.id),
            product_id: ProductId(m.product_id),
            company_id: CompanyId(m.company_id),
            sending_city: city("sending_city", &m.sending_city)?,
            receiving_city: city("receiving_city", &m.receiving_city)?,
            state: State::from_code(&m.state).ok_or_else(|| at("state", &m.state))?,
            version: m.version,
            state_since: m.state_since,
            wanted_kinds,
            reason: m.reason,
            consent_user_id: m.consent_user_id,
            consent_by_label: m.consent_by_label,
            consent_at: m.consent_at,
            consent_items: m.consent_items,
            consent_purpose: m.consent_purpose,
            consent_wording: m.consent_wording,
            consent_wording_version: m.consent_wording_version,
            sent_at: m.sent_at,
            decline_reason,
            outcome,
            outcome_note: m.outcome_note,
            created_by_label: m.created_by_label,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

impl TryFrom<referral_target::Model> for ReferralTargetRecord {
    type Error = Unreadable;

    fn try_from(m: referral_target::Model) -> Result<Self, Unreadable> {
        let answer = known(
            "referral_targets",
            m.id,
            "answer",
            &m.answer,
            TargetAnswer::from_code,
        )?;
        Ok(ReferralTargetRecord {
            id: m.id,
            referral_id: ReferralId(m.referral_id),
            target_id: TargetId(m.target_id),
            provided_at: m.provided_at,
            answer,
            answered_at: m.answered_at,
            answer_note: m.answer_note,
            answered_via: m.answered_via,
            link_expires_at: m.link_expires_at,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

impl TryFrom<referral_event::Model> for ReferralEventRecord {
    type Error = Unreadable;

    fn try_from(m: referral_event::Model) -> Result<Self, Unreadable> {
        const T: &str = "referral_events";
        let party = known(T, m.id, "party", &m.party, party_from_code)?;
        let from_state = match m.from_state.as_str() {
            "" => None,
            code => Some(known(T, m.id, "from_state", code, State::from_code)?),
        };
        let to_state = known(T, m.id, "to_state", &m.to_state, State::from_code)?;
        Ok(ReferralEventRecord {
            id: m.id,
            referral_id: ReferralId(m.referral_id),
            at: m.at,
            party,
            move_code: m.move_code,
            from_state,
            to_state,
            note: m.note,
            actor_id: m.actor_id,
            actor_label: m.actor_label,
            helped_organization_id: m.helped_organization_id,
            helped_coordinator_id: m.helped_coordinator_id,
        })
    }
}

impl TryFrom<referral_activity::Model> for ActivityRecord {
    type Error = Unreadable;

    fn try_from(m: referral_activity::Model) -> Result<Self, Unreadable> {
        let kind = known(
            "referral_activities",
            m.id,
            "kind",
            &m.kind,
            ActivityKind::from_code,
        )?;
        Ok(ActivityRecord {
            id: m.id,
            referral_id: ReferralId(m.referral_id),
            on_date: m.on_date,
            kind,
            target_id: m.target_id,
            note: m.note,
            actor_label: m.actor_label,
            created_at: m.created_at,
        })
    }
}

impl TryFrom<referral_feedback::Model> for FeedbackRecord {
    type Error = Unreadable;

    fn try_from(m: referral_feedback::Model) -> Result<Self, Unreadable> {
        let (party, target_id) = known(
            "referral_feedback",
            m.id,
            "party_key",
            &m.party_key,
            |key| match key.strip_prefix("target:") {
                Some(id) => Some((Party::Target, Some(id.parse().ok()?))),
                None => party_from_code(key)
                    .filter(|p| *p != Party::Target)
                    .map(|p| (p, None)),
            },
        )?;
        Ok(FeedbackRecord {
            id: m.id,
            referral_id: ReferralId(m.referral_id),
            party,
            target_id,
            author_label: m.author_label,
            rating: m.rating,
            comment: m.comment,
            created_at: m.created_at,
        })
    }
}

impl From<notification::Model> for NotificationRecord {
    fn from(m: notification::Model) -> Self {
        NotificationRecord {
            id: m.id,
            user_id: m.user_id,
            referral_id: m.referral_id.map(ReferralId),
            message_ja: m.message_ja,
            message_en: m.message_en,
            link: m.link,
            created_at: m.created_at,
            read_at: m.read_at,
        }
    }
}

crate::records::coded!(
    State,
    Party,
    TargetAnswer,
    DeclineReason,
    Outcome,
    ActivityKind,
    TargetKind
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::readable;

    fn row() -> referral::Model {
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        referral::Model {
            id: 7,
            product_id: 3,
            company_id: 2,
            sending_city: "121002".into(),
            receiving_city: "341002".into(),
            state: "declined".into(),
            version: 4,
            state_since: at,
            wanted_kinds: "hospital,clinic".into(),
            reason: "r".into(),
            consent_user_id: Some(9),
            consent_by_label: Some("c".into()),
            consent_at: Some(at),
            consent_items: Some("i".into()),
            consent_purpose: Some("p".into()),
            consent_wording: Some("w".into()),
            consent_wording_version: Some("v1".into()),
            sent_at: None,
            decline_reason: Some("out-of-scope".into()),
            outcome: None,
            outcome_note: String::new(),
            created_by_label: "l".into(),
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_record_serializes_as_its_row_did() {
        let m = row();
        let typed = ReferralRecord::try_from(m.clone()).unwrap();
        assert_eq!(typed.state, State::Declined);
        assert_eq!(
            typed.wanted_kinds,
            [TargetKind::Hospital, TargetKind::Clinic]
        );
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
        let fresh = referral::Model {
            wanted_kinds: String::new(),
            decline_reason: None,
            ..m
        };
        let typed = ReferralRecord::try_from(fresh.clone()).unwrap();
        assert!(typed.wanted_kinds.is_empty());
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&fresh).unwrap()
        );
    }

    #[test]
    fn a_row_with_an_unknown_code_is_unreadable() {
        for m in [
            referral::Model {
                state: "on-hold".into(),
                ..row()
            },
            referral::Model {
                receiving_city: "999999".into(),
                ..row()
            },
            referral::Model {
                wanted_kinds: "hospital,airline".into(),
                ..row()
            },
            referral::Model {
                outcome: Some("sold".into()),
                ..row()
            },
        ] {
            assert!(ReferralRecord::try_from(m).is_err());
        }
        let rows = vec![
            row(),
            referral::Model {
                state: "on-hold".into(),
                ..row()
            },
        ];
        assert_eq!(readable::<_, ReferralRecord>(rows).len(), 1);
    }
}
