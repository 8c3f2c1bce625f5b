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

use crate::FieldError;
use crate::city::CityCode;
use crate::i18n::Text;
use crate::kernel::coded_enum;
use crate::target::TargetKind;
use crate::text::clean;
use crate::workflow::{self, Transition, Workflow};

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

impl Party {
    pub const ALL: [Party; 4] = [
        Party::SendingCity,
        Party::ReceivingCity,
        Party::Company,
        Party::Target,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Party::SendingCity => "sending",
            Party::ReceivingCity => "receiving",
            Party::Company => "company",
            Party::Target => "target",
        }
    }

    pub fn name(self) -> Text {
        match self {
            Party::SendingCity => Text::new("紹介元の市", "Sending city"),
            Party::ReceivingCity => Text::new("紹介先の市", "Receiving city"),
            Party::Company => Text::new("企業", "Company"),
            Party::Target => Text::new("販路開拓先", "Target"),
        }
    }
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

coded_enum!(
    /// Why a receiving city declines (第3章: a competing local product is the report's case).
    DeclineReason {
        CompetingLocalProduct = "competing-local-product" / "市内に競合製品がある" / "A competing local product",
        OutOfScope = "out-of-scope" / "対象外の分野" / "Out of scope",
        NoCapacity = "no-capacity" / "対応できる体制がない" / "No capacity",
        Other = "other" / "その他" / "Other",
    }
);

coded_enum!(
    /// The company's outcome (no prices or terms: cities take no part in negotiation).
    Outcome {
        Adopted = "adopted" / "採用" / "Adopted",
        Trial = "trial" / "試用" / "Trial",
        Continuing = "continuing" / "商談継続中" / "Continuing",
        NotAdopted = "not-adopted" / "不採用" / "Not adopted",
    }
);

coded_enum!(
    /// A target's answer to an introduction.
    TargetAnswer {
        Pending = "pending" / "回答待ち" / "Awaiting an answer",
        Agreed = "agreed" / "話を聞く（同意）" / "Agreed to hear about it",
        Declined = "declined" / "辞退" / "Declined",
        NoAnswer = "no-answer" / "回答なし" / "No answer",
    }
);

coded_enum!(
    /// A line of the company's sales-activity log.
    ActivityKind {
        Contact = "contact" / "連絡" / "Contact",
        Meeting = "meeting" / "面談" / "Meeting",
        Demonstration = "demonstration" / "製品説明・実演" / "Demonstration",
        Other = "other" / "その他" / "Other",
    }
);

impl Move {
    /// Every move, with a placeholder reason or outcome where it takes one.
    pub fn all() -> Vec<Move> {
        vec![
            Move::Consent,
            Move::Send,
            Move::Accept,
            Move::Decline(DeclineReason::Other),
            Move::FeedBack,
            Move::Forward,
            Move::ReportOutcome(Outcome::Continuing),
            Move::Close,
            Move::Withdraw,
        ]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::Consent => "consent",
            Move::Send => "send",
            Move::Accept => "accept",
            Move::Decline(_) => "decline",
            Move::FeedBack => "feed-back",
            Move::Forward => "forward",
            Move::ReportOutcome(_) => "report-outcome",
            Move::Close => "close",
            Move::Withdraw => "withdraw",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::Consent => Text::new("企業が同意", "Company consented"),
            Move::Send => Text::new("紹介先の市へ送付", "Sent to the receiving city"),
            Move::Accept => Text::new("紹介先の市が受入れ", "Accepted"),
            Move::Decline(_) => Text::new("紹介先の市が辞退", "Declined"),
            Move::FeedBack => Text::new("紹介元の市へ結果を報告", "Reported back"),
            Move::Forward => Text::new("企業へ伝達", "Forwarded to the company"),
            Move::ReportOutcome(_) => Text::new("企業が結果を報告", "Outcome reported"),
            Move::Close => Text::new("完了", "Closed"),
            Move::Withdraw => Text::new("取り下げ", "Withdrawn"),
        }
    }

    /// Whether the move may name who helped (`organization::Help`): ④, the receiving
    /// city's acceptance or decline. (① the selection, which is no move, may too.)
    pub fn names_help(&self) -> bool {
        matches!(self, Move::Accept | Move::Decline(_))
    }

    /// A move as a form names it: `move`, and for a decline its `reason`, for an outcome
    /// its `outcome`.
    pub fn parse(code: &str, reason: &str, outcome: &str) -> Result<Move, Vec<FieldError>> {
        let m = match code {
            "consent" => Move::Consent,
            "send" => Move::Send,
            "accept" => Move::Accept,
            "decline" => match DeclineReason::from_code(reason) {
                Some(r) => Move::Decline(r),
                None => {
                    return Err(vec![FieldError::new(
                        "decline_reason",
                        "辞退の理由を選んでください。",
                        "Choose why the referral is declined.",
                    )]);
                }
            },
            "feed-back" => Move::FeedBack,
            "forward" => Move::Forward,
            "report-outcome" => match Outcome::from_code(outcome) {
                Some(o) => Move::ReportOutcome(o),
                None => {
                    return Err(vec![FieldError::new(
                        "outcome",
                        "結果（採用・試用・商談継続中・不採用）を選んでください。",
                        "Choose the outcome (adopted, trial, continuing, not adopted).",
                    )]);
                }
            },
            "close" => Move::Close,
            "withdraw" => Move::Withdraw,
            _ => {
                return Err(vec![FieldError::new(
                    "move",
                    "手続きを選んでください。",
                    "Choose a step.",
                )]);
            }
        };
        Ok(m)
    }
}

/// Why a referral move is refused: the workflow mechanism's refusal over the referral's
/// states ([`Referral::refusal_message`] says each in the report's words).
pub type Refusal = workflow::Refusal<State>;

/// The condition of sending: the company's consent (a provision to third parties under
/// 個人情報保護法 needs it).
pub const CONSENT: &str = "consent";

/// The referral as a workflow of the one mechanism (`crate::workflow`).
pub struct Referral;

impl Workflow for Referral {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "referral";
    const STATES: &'static [State] = &State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use Party::*;
        use State::*;
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
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
        Transition { by, from, to }
    }

    fn state_code(s: State) -> &'static str {
        s.code()
    }

    fn move_code(m: &Move) -> &'static str {
        m.code()
    }

    fn move_name(m: &Move) -> Text {
        m.name()
    }

    fn is_end(s: State) -> bool {
        s.is_end()
    }

    fn waiting_on(s: State) -> Option<Party> {
        waiting_on(s)
    }

    fn expected_days(s: State) -> Option<i32> {
        default_days(s)
    }

    fn too_early(s: State, m: &Move) -> Option<Refusal> {
        (*m == Move::Send && s == State::Selected).then_some(Refusal::Unmet(CONSENT))
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "この手続きは、報告書の手順で別の担当が行うものです。",
                "This step belongs to another party.",
            ),
            Refusal::NotNow => Text::new(
                "この紹介は、すでに別の段階に進んでいるか、まだこの手続きの段階にありません。最新の状態を確認してください。",
                "The referral is not at this step (it may have moved on). Check its latest state.",
            ),
            Refusal::Unmet(_) => Text::new(
                "企業が希望する販路と情報提供への同意を確認していないため、紹介先の市へ送付できません（個人情報の第三者提供には本人の同意が必要です）。",
                "The company has not yet confirmed its channels and consented to its information being shared, so the dossier cannot be sent.",
            ),
            Refusal::Ended(State::Withdrawn) => Text::new(
                "この紹介は取り下げられています。これ以上の手続きはできません。",
                "This referral was withdrawn; no further steps are possible.",
            ),
            Refusal::Ended(State::Declined) => Text::new(
                "この紹介は紹介先の市が辞退しています。これ以上の手続きはできません。",
                "The receiving city declined this referral; no further steps are possible.",
            ),
            Refusal::Ended(_) => Text::new(
                "この紹介は完了しています。これ以上の手続きはできません。",
                "This referral is closed; no further steps are possible.",
            ),
        }
    }
}

/// The state a move leads to, or why it is refused (the mechanism's `apply` over the
/// referral's table).
pub fn apply(state: State, party: Party, m: &Move) -> Result<State, Refusal> {
    workflow::apply::<Referral>(state, party, m)
}

/// Who must act next in a state (and is reminded when the step is overdue); none at an end.
pub fn waiting_on(state: State) -> Option<Party> {
    match state {
        State::Selected | State::Forwarded => Some(Party::Company),
        State::Consented | State::FedBack | State::Reported => Some(Party::SendingCity),
        State::Sent | State::Accepted => Some(Party::ReceivingCity),
        State::Declined | State::Closed | State::Withdrawn => None,
    }
}

/// The expected time of each waiting step, in days, until a city sets its own (the pilot
/// took about a month per hand-over; sales work runs for months).
pub fn default_days(state: State) -> Option<i32> {
    match state {
        State::Selected => Some(14),
        State::Consented | State::FedBack => Some(7),
        State::Sent | State::Reported => Some(14),
        State::Accepted => Some(45),
        State::Forwarded => Some(120),
        State::Declined | State::Closed | State::Withdrawn => None,
    }
}

/// The longest expected time a city may set.
pub const MAX_DAYS: i32 = 365;

/// The version of the consent wording below; kept with each consent.
pub const CONSENT_WORDING_VERSION: &str = "2026-11-v1";

/// What the company's consent covers: the dossier's contents.
pub const CONSENT_ITEMS: &str = "企業概要（名称・所在地・業種・規模・ウェブサイト・担当者の氏名と連絡先）、製品概要（名称・概要・分野・想定利用者・薬事区分・知的財産・評価と採用の実績）、希望する販路、紹介元の市の推薦理由";

/// Why the information is provided (the purpose of the provision to third parties).
pub fn consent_purpose(receiving: &str) -> String {
    format!(
        "{receiving}が市内の病院・学校・保険者等の販路開拓先を探し、製品を紹介するため（価格・取引条件の交渉には市は関与しません）"
    )
}

/// The wording the company agrees to, as shown on the consent form and kept with the consent.
pub fn consent_wording(company: &str, sending: &str, receiving: &str) -> String {
    format!(
        "{company}は、{sending}が、次の情報を{receiving}及び{receiving}が選ぶ販路開拓先（病院・学校・保険者等）に提供することに同意します。提供する情報: {items}。利用目的: {purpose}。この同意は、紹介を取り下げることでいつでも撤回できます（撤回後は新たな提供を行いません）。",
        items = CONSENT_ITEMS,
        purpose = consent_purpose(receiving),
    )
}

/// A selection as typed by the sending city.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectionDraft {
    pub receiving: String,
    pub reason: String,
}

/// The longest reason, note or comment kept.
pub const NOTE_MAX: usize = 4000;

impl SelectionDraft {
    /// The receiving city and the reason, or every problem. `eligibility` is the product's
    /// (`product::referral_eligibility`).
    pub fn validate(
        &self,
        sending: &CityCode,
        eligibility: Result<(), Text>,
    ) -> Result<(CityCode, String), Vec<FieldError>> {
        let mut errors = Vec::new();
        if let Err(why) = eligibility {
            errors.push(FieldError {
                field: "product",
                message: why,
            });
        }
        let receiving = CityCode::parse(self.receiving.trim())
            .ok()
            .filter(|c| crate::city::is_designated(c) && c != sending);
        if receiving.is_none() {
            errors.push(FieldError::new(
                "receiving",
                "紹介先の市を選んでください（自市以外の指定都市）。",
                "Choose the receiving city (a designated city other than your own).",
            ));
        }
        let reason = clean(&self.reason);
        if reason.is_empty() {
            errors.push(FieldError::new(
                "reason",
                "推薦する理由を入力してください。販路開拓先は、市がなぜ紹介するのかが分かると真剣に検討します。",
                "Enter why your city recommends the product: targets take an introduction seriously when they see why a city makes it.",
            ));
        }
        crate::kernel::too_long(&mut errors, "reason", &reason, NOTE_MAX);
        match receiving {
            Some(r) if errors.is_empty() => Ok((r, reason)),
            _ => Err(errors),
        }
    }
}

/// The company's confirmation of the channels it wants, and its consent.
pub fn validate_consent(kinds: &[String], agree: bool) -> Result<Vec<TargetKind>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut wanted = Vec::new();
    for k in kinds {
        match TargetKind::from_code(k) {
            Some(k) if !wanted.contains(&k) => wanted.push(k),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "kinds",
                "販路の種類が正しくありません。",
                "A channel kind is not valid.",
            )),
        }
    }
    if wanted.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            "kinds",
            "希望する販路を1つ以上選んでください。",
            "Choose at least one channel kind.",
        ));
    }
    if !agree {
        errors.push(FieldError::new(
            "agree",
            "情報の提供に同意する場合は、同意欄にチェックしてください。",
            "Tick the consent box to agree to the information being provided.",
        ));
    }
    if errors.is_empty() {
        Ok(wanted)
    } else {
        Err(errors)
    }
}

/// A line of the sales-activity log, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityDraft {
    pub date: String,
    pub kind: String,
    pub note: String,
}

impl ActivityDraft {
    /// The date, the kind and the note, or every problem. Prices and terms are not recorded:
    /// cities take no part in negotiation.
    pub fn validate(&self) -> Result<(chrono::NaiveDate, ActivityKind, String), Vec<FieldError>> {
        let mut errors = Vec::new();
        let date = crate::jdate::parse(&self.date);
        if date.is_none() {
            errors.push(FieldError::new(
                "date",
                "日付を入力してください（例: 2026-11-24、令和8年11月24日、R8.11.24）。",
                "Enter a date, such as 2026-11-24 or R8.11.24.",
            ));
        }
        let kind = ActivityKind::from_code(&self.kind);
        if kind.is_none() {
            errors.push(FieldError::new(
                "kind",
                "活動の種類を選んでください。",
                "Choose the kind of activity.",
            ));
        }
        let note = clean(&self.note);
        if note.is_empty() {
            errors.push(FieldError::new(
                "note",
                "活動の内容を入力してください。",
                "Describe the activity.",
            ));
        } else if mentions_price(&note) {
            errors.push(FieldError::new(
                "note",
                "価格や取引条件は記録しません（市は商談に関与しません）。金額を除いて入力してください。",
                "Prices and terms are not recorded (cities take no part in negotiation). Leave out amounts.",
            ));
        }
        crate::kernel::too_long(&mut errors, "note", &note, NOTE_MAX);
        match (date, kind) {
            (Some(d), Some(k)) if errors.is_empty() => Ok((d, k, note)),
            _ => Err(errors),
        }
    }
}

/// Whether a note states an amount of money (円, ¥, 万円 after a number).
fn mentions_price(note: &str) -> bool {
    let folded = crate::text::fold(note);
    let chars: Vec<char> = folded.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        (*c == '円' || *c == '万')
            && i > 0
            && (chars[i - 1].is_ascii_digit() || "十百千万億".contains(chars[i - 1]))
            || (*c == '¥' || *c == '￥') && chars.get(i + 1).is_some_and(char::is_ascii_digit)
    })
}

/// Feedback (感想) as typed: a rating of 1 to 5 and a comment.
pub fn validate_feedback(rating: &str, comment: &str) -> Result<(i16, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let rating = crate::text::fold(rating)
        .trim()
        .parse::<i16>()
        .ok()
        .filter(|r| (1..=5).contains(r));
    if rating.is_none() {
        errors.push(FieldError::new(
            "rating",
            "評価を1〜5から選んでください。",
            "Choose a rating from 1 to 5.",
        ));
    }
    let comment = clean(comment);
    crate::kernel::too_long(&mut errors, "comment", &comment, NOTE_MAX);
    match rating {
        Some(r) if errors.is_empty() => Ok((r, comment)),
        _ => Err(errors),
    }
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
            let twice = apply(state, party, &m);
            if state.is_end() {
                assert_eq!(twice, Err(Refusal::Ended(state)), "{m:?} twice");
            } else {
                assert_eq!(twice, Err(Refusal::NotNow), "{m:?} twice");
            }
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
                Err(Refusal::Ended(end))
            );
        }
    }

    /// Every state × move × party against the report's table, written out independently of
    /// `apply`: who may make each move, from which states, to which state.
    #[test]
    fn every_state_move_and_party() {
        use Party::*;
        use State::*;
        let table: &[(&str, &[Party], &[State], State)] = &[
            ("consent", &[Company], &[Selected], Consented),
            ("send", &[SendingCity], &[Consented], Sent),
            ("accept", &[ReceivingCity], &[Sent], Accepted),
            ("decline", &[ReceivingCity], &[Sent], Declined),
            ("feed-back", &[ReceivingCity], &[Accepted], FedBack),
            ("forward", &[SendingCity], &[FedBack], Forwarded),
            ("report-outcome", &[Company], &[Forwarded], Reported),
            ("close", &[SendingCity], &[Reported], Closed),
            (
                "withdraw",
                &[Company, SendingCity],
                &[
                    Selected, Consented, Sent, Accepted, FedBack, Forwarded, Reported,
                ],
                Withdrawn,
            ),
        ];
        let allowed = std::cell::Cell::new(0);
        let wrong =
            workflow::check_table::<Referral>(&Party::ALL, &Move::all(), |state, m, party| {
                let (_, owners, from, to) = table.iter().find(|r| r.0 == m.code()).unwrap();
                if !owners.contains(&party) {
                    Err(Refusal::NotYours)
                } else if !from.contains(&state) {
                    Err(if state.is_end() {
                        Refusal::Ended(state)
                    } else if *m == Move::Send && state == Selected {
                        Refusal::Unmet(CONSENT)
                    } else {
                        Refusal::NotNow
                    })
                } else {
                    allowed.set(allowed.get() + 1);
                    Ok(*to)
                }
            });
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
        for r in [
            Refusal::NotYours,
            Refusal::NotNow,
            Refusal::Unmet(CONSENT),
            Refusal::Ended(Withdrawn),
            Refusal::Ended(Declined),
            Refusal::Ended(Closed),
        ] {
            assert!(!Referral::refusal_message(&r).ja.is_empty());
        }
        assert_eq!(
            allowed.get(),
            8 + 7 * 2,
            "each step once, withdrawals from 7 states by 2"
        );
    }

    #[test]
    fn moves_are_read_from_forms() {
        assert_eq!(
            Move::parse("decline", "competing-local-product", ""),
            Ok(Move::Decline(DeclineReason::CompetingLocalProduct))
        );
        assert_eq!(
            Move::parse("decline", "", "").unwrap_err()[0].field,
            "decline_reason"
        );
        assert_eq!(
            Move::parse("report-outcome", "", "trial"),
            Ok(Move::ReportOutcome(Outcome::Trial))
        );
        assert_eq!(Move::parse("", "", "").unwrap_err()[0].field, "move");
        let helped: Vec<_> = Move::all().into_iter().filter(Move::names_help).collect();
        assert_eq!(
            helped,
            [Move::Accept, Move::Decline(DeclineReason::Other)],
            "④ only"
        );
        for m in Move::all() {
            let reason = if let Move::Decline(r) = &m {
                r.code()
            } else {
                ""
            };
            let outcome = if let Move::ReportOutcome(o) = &m {
                o.code()
            } else {
                ""
            };
            assert_eq!(Move::parse(m.code(), reason, outcome), Ok(m.clone()));
        }
    }

    #[test]
    fn selection_consent_activity_and_feedback_are_validated() {
        let chiba = CityCode::parse("121002").unwrap();
        let draft = SelectionDraft {
            receiving: "341002".into(),
            reason: " 市のベンチャーカップでグランプリ ".into(),
        };
        let (to, reason) = draft.validate(&chiba, Ok(())).unwrap();
        assert_eq!(
            (to.as_string(), reason.as_str()),
            ("341002".into(), "市のベンチャーカップでグランプリ")
        );
        let errors = SelectionDraft {
            receiving: "121002".into(),
            reason: String::new(),
        }
        .validate(&chiba, Err(Text::new("対象外", "not eligible")))
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["product", "receiving", "reason"]);
        assert_eq!(
            validate_consent(&["hospital".into(), "hospital".into()], true),
            Ok(vec![TargetKind::Hospital])
        );
        let errors = validate_consent(&[], false).unwrap_err();
        assert_eq!(errors.len(), 2);
        let a = ActivityDraft {
            date: "R8.11.24".into(),
            kind: "meeting".into(),
            note: "看護部長と面談".into(),
        };
        assert!(a.validate().is_ok());
        for priced in ["1台30万円で提示", "単価 ¥12,000", "５千円"] {
            let e = ActivityDraft {
                note: priced.into(),
                ..a.clone()
            }
            .validate()
            .unwrap_err();
            assert_eq!(e[0].field, "note", "{priced}");
        }
        assert_eq!(
            validate_feedback("５", "よかった"),
            Ok((5, "よかった".into()))
        );
        assert!(validate_feedback("6", "").is_err());
        let wording = consent_wording("㈱テスト", "千葉市", "広島市");
        assert!(wording.contains("広島市が市内の") && wording.contains("撤回"));
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
