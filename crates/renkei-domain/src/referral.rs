//! The inter-city sales-channel referral (第3章): the nine steps of the report as one workflow
//! with explicit states, each move allowed only to the party the report gives it, and what each
//! party may see at each step. Storage and pages build on these rules; nothing here knows them.
//!
//! 1. The sending city selects the product (eligible: `product::referral_eligibility`).
//! 2. The company confirms the channel kinds it wants and consents to its information being
//!    given to the receiving city and the targets (a provision to third parties under
//!    個人情報保護法: who, when, what, for which purpose, which wording).
//! 3. The sending city sends the dossier.
//! 4. The receiving city accepts, or declines with a reason.
//! 5. It gives targets the information; each target answers (agreed, declined, no answer).
//! 6. It reports back to the sending city, which (7) forwards the agreed targets to the company.
//! 8. The company logs its sales activity, and (9) reports the outcome; the sending city closes.
//!
//! The company or the sending city may withdraw at any point before the end.

use crate::i18n::Text;

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// ① Selected by the sending city; waiting for the company's confirmation and consent.
    Selected,
    /// ② The company confirmed its channels and consented; ready to send.
    Consented,
    /// ③ The dossier is with the receiving city.
    Sent,
    /// ④ The receiving city looks for targets (⑤ answers are recorded per target).
    Accepted,
    /// ④ The receiving city declined, with its reason. An end.
    Declined,
    /// ⑥ The receiving city reported the targets that agreed.
    FedBack,
    /// ⑦ The sending city forwarded them to the company; ⑧ sales activity under way.
    Forwarded,
    /// ⑨ The company reported its outcome.
    Reported,
    /// Closed by the sending city. An end.
    Closed,
    /// Withdrawn by the company or the sending city. An end.
    Withdrawn,
}

impl State {
    pub const ALL: [State; 10] = [
        State::Selected,
        State::Consented,
        State::Sent,
        State::Accepted,
        State::Declined,
        State::FedBack,
        State::Forwarded,
        State::Reported,
        State::Closed,
        State::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Selected => "selected",
            State::Consented => "consented",
            State::Sent => "sent",
            State::Accepted => "accepted",
            State::Declined => "declined",
            State::FedBack => "fed-back",
            State::Forwarded => "forwarded",
            State::Reported => "reported",
            State::Closed => "closed",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            State::Selected => Text::new("①選定（企業の同意待ち）", "Selected (awaiting consent)"),
            State::Consented => Text::new("②同意済み（送付待ち）", "Consented (to be sent)"),
            State::Sent => Text::new("③紹介先の市に送付済み", "Sent to the receiving city"),
            State::Accepted => Text::new(
                "④⑤受入れ・販路開拓先に紹介中",
                "Accepted; targets approached",
            ),
            State::Declined => Text::new("④受入れ辞退", "Declined"),
            State::FedBack => Text::new("⑥紹介元の市へ報告済み", "Reported back"),
            State::Forwarded => Text::new("⑦⑧企業へ伝達・販促活動中", "Forwarded; sales under way"),
            State::Reported => Text::new("⑨企業から結果報告済み", "Outcome reported"),
            State::Closed => Text::new("完了", "Closed"),
            State::Withdrawn => Text::new("取り下げ", "Withdrawn"),
        }
    }

    /// An end: nothing moves any more.
    pub fn is_end(self) -> bool {
        matches!(self, State::Declined | State::Closed | State::Withdrawn)
    }

    /// Whether the dossier has reached the receiving city (it sees nothing before).
    pub fn dossier_sent(self) -> bool {
        !matches!(self, State::Selected | State::Consented)
    }
}

/// Who acts on a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The city that introduces its company's product (紹介元).
    SendingCity,
    /// The city that finds targets for it (紹介先).
    ReceivingCity,
    /// The company whose product it is.
    Company,
    /// A sales-channel target (販路開拓先) the receiving city approached.
    Target,
}

/// What a party does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    Consent,
    Send,
    Accept,
    Decline(DeclineReason),
    FeedBack,
    Forward,
    ReportOutcome(Outcome),
    Close,
    Withdraw,
}

/// Why a receiving city declines (第3章: a competing local product is the report's case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeclineReason {
    CompetingLocalProduct,
    OutOfScope,
    NoCapacity,
    Other,
}

impl DeclineReason {
    pub fn name(self) -> Text {
        match self {
            DeclineReason::CompetingLocalProduct => {
                Text::new("市内に競合製品がある", "A competing local product")
            }
            DeclineReason::OutOfScope => Text::new("対象外の分野", "Out of scope"),
            DeclineReason::NoCapacity => Text::new("対応できる体制がない", "No capacity"),
            DeclineReason::Other => Text::new("その他", "Other"),
        }
    }
}

/// The company's outcome (no prices or terms: cities take no part in negotiation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Adopted,
    Trial,
    Continuing,
    NotAdopted,
}

impl Outcome {
    pub fn name(self) -> Text {
        match self {
            Outcome::Adopted => Text::new("採用", "Adopted"),
            Outcome::Trial => Text::new("試用", "Trial"),
            Outcome::Continuing => Text::new("商談継続中", "Continuing"),
            Outcome::NotAdopted => Text::new("不採用", "Not adopted"),
        }
    }
}

/// Why a move is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not this party's move (403).
    NotYours,
    /// Not possible in this state (409: someone else moved first, or it is too early).
    NotNow,
}

impl Refusal {
    pub fn message(self) -> Text {
        match self {
            Refusal::NotYours => Text::new(
                "この手続きは、報告書の手順で別の担当が行うものです。",
                "This step belongs to another party.",
            ),
            Refusal::NotNow => Text::new(
                "この紹介は、すでに別の段階に進んでいるか、まだこの手続きの段階にありません。最新の状態を確認してください。",
                "The referral is not at this step (it may have moved on). Check its latest state.",
            ),
        }
    }
}

/// The state a move leads to, or why it is refused. The only place the workflow is decided.
pub fn apply(state: State, party: Party, m: &Move) -> Result<State, Refusal> {
    use Party::*;
    use State::*;
    let (owner, from, to): (&[Party], &[State], State) = match m {
        Move::Consent => (&[Company], &[Selected], Consented),
        Move::Send => (&[SendingCity], &[Consented], Sent),
        Move::Accept => (&[ReceivingCity], &[Sent], Accepted),
        Move::Decline(_) => (&[ReceivingCity], &[Sent], Declined),
        Move::FeedBack => (&[ReceivingCity], &[Accepted], FedBack),
        Move::Forward => (&[SendingCity], &[FedBack], Forwarded),
        Move::ReportOutcome(_) => (&[Company], &[Forwarded], Reported),
        Move::Close => (&[SendingCity], &[Reported], Closed),
        Move::Withdraw => (
            &[Company, SendingCity],
            &[
                Selected, Consented, Sent, Accepted, FedBack, Forwarded, Reported,
            ],
            Withdrawn,
        ),
    };
    if !owner.contains(&party) {
        return Err(Refusal::NotYours);
    }
    if !from.contains(&state) {
        return Err(Refusal::NotNow);
    }
    Ok(to)
}

/// What a party may see of a referral in a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visibility {
    /// The referral and its dossier (company overview, product, wanted channels, reasons).
    pub dossier: bool,
    /// A target's contact details: for the sending city and the company, only of targets that
    /// agreed, and only once the receiving city has reported back.
    pub agreed_target_contacts: bool,
}

/// `sent`: whether the dossier was ever sent (a referral withdrawn before it was sent stays
/// unknown to the receiving city).
pub fn visibility(state: State, party: Party, sent: bool, target_agreed: bool) -> Visibility {
    let after_feedback = matches!(
        state,
        State::FedBack | State::Forwarded | State::Reported | State::Closed
    );
    match party {
        Party::SendingCity | Party::Company => Visibility {
            dossier: true,
            agreed_target_contacts: after_feedback && target_agreed,
        },
        // Its own city's targets: it knows them.
        Party::ReceivingCity => Visibility {
            dossier: sent,
            agreed_target_contacts: sent,
        },
        Party::Target => Visibility {
            dossier: sent && !state.is_end(),
            agreed_target_contacts: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nine_steps_in_order_each_by_its_party() {
        use Party::*;
        let path = [
            (Company, Move::Consent, State::Consented),
            (SendingCity, Move::Send, State::Sent),
            (ReceivingCity, Move::Accept, State::Accepted),
            (ReceivingCity, Move::FeedBack, State::FedBack),
            (SendingCity, Move::Forward, State::Forwarded),
            (
                Company,
                Move::ReportOutcome(Outcome::Trial),
                State::Reported,
            ),
            (SendingCity, Move::Close, State::Closed),
        ];
        let mut state = State::Selected;
        for (party, m, expected) in path {
            for other in [SendingCity, ReceivingCity, Company, Target] {
                if other != party && m != Move::Withdraw {
                    assert_eq!(
                        apply(state, other, &m),
                        Err(Refusal::NotYours),
                        "{m:?} by {other:?}"
                    );
                }
            }
            state = apply(state, party, &m).unwrap();
            assert_eq!(state, expected);
            assert_eq!(apply(state, party, &m), Err(Refusal::NotNow), "{m:?} twice");
        }
        assert!(state.is_end());
    }

    #[test]
    fn a_receiving_city_may_decline_and_either_side_may_withdraw_until_the_end() {
        let declined = apply(
            State::Sent,
            Party::ReceivingCity,
            &Move::Decline(DeclineReason::CompetingLocalProduct),
        );
        assert_eq!(declined, Ok(State::Declined));
        assert_eq!(
            apply(State::Consented, Party::ReceivingCity, &Move::Accept),
            Err(Refusal::NotNow),
            "not before it is sent"
        );
        for s in [
            State::Selected,
            State::Sent,
            State::Forwarded,
            State::Reported,
        ] {
            assert_eq!(
                apply(s, Party::Company, &Move::Withdraw),
                Ok(State::Withdrawn)
            );
            assert_eq!(
                apply(s, Party::SendingCity, &Move::Withdraw),
                Ok(State::Withdrawn)
            );
            assert_eq!(
                apply(s, Party::ReceivingCity, &Move::Withdraw),
                Err(Refusal::NotYours)
            );
        }
        for end in [State::Declined, State::Closed, State::Withdrawn] {
            assert_eq!(
                apply(end, Party::Company, &Move::Withdraw),
                Err(Refusal::NotNow)
            );
        }
    }

    #[test]
    fn visibility_follows_the_steps() {
        use Party::*;
        let v = visibility;
        assert!(!v(State::Consented, ReceivingCity, false, false).dossier);
        assert!(v(State::Sent, ReceivingCity, true, false).dossier);
        assert!(
            !v(State::Withdrawn, ReceivingCity, false, false).dossier,
            "withdrawn before it was sent: never known"
        );
        assert!(
            !v(State::Accepted, SendingCity, true, true).agreed_target_contacts,
            "not before feedback"
        );
        assert!(v(State::FedBack, Company, true, true).agreed_target_contacts);
        assert!(
            !v(State::FedBack, Company, true, false).agreed_target_contacts,
            "only agreed targets"
        );
        assert!(!v(State::Consented, Target, false, false).dossier);
        assert!(v(State::Accepted, Target, true, false).dossier);
        assert!(
            !v(State::Closed, Target, true, false).dossier,
            "not after the end"
        );
        for s in State::ALL {
            assert_eq!(State::from_code(s.code()), Some(s));
        }
    }
}
