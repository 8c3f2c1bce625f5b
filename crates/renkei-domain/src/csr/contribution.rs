//! Giving back (地域貢献): what a supported company does for the region in return — mentoring
//! a newer firm, speaking at a seminar, hosting a tour, hiring or buying locally, sharing
//! know-how, supporting the program that helped it — each tied to the support it received.
//! The company proposes it, the city confirms or declines it ([`ContributionFlow`], a small
//! workflow of the one mechanism); confirmed ones show on the company's page and count in the
//! city's evidence. And the certified community's business-matching requests between members
//! ([`MatchingFlow`]): a member asks another, who accepts or declines.

use chrono::NaiveDate;

use crate::FieldError;
use crate::i18n::Text;
use crate::jdate;
use crate::kernel::{choice, coded_enum, required, text};
use crate::workflow::{self, Transition, Workflow};

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 4_000;

coded_enum!(
    /// What a company gave back.
    Kind {
        Mentoring = "mentoring" / "後進企業へのメンタリング" / "Mentoring a newer firm",
        Seminar = "seminar" / "セミナーでの講演" / "Speaking at a seminar",
        Tour = "tour" / "見学会の受入れ" / "Hosting a tour",
        LocalHiring = "local_hiring" / "地元雇用" / "Local hiring",
        LocalProcurement = "local_procurement" / "地元調達" / "Local procurement",
        KnowHow = "know_how" / "ノウハウの共有" / "Sharing know-how",
        ProgramSupport = "program_support" / "支援制度への協力" / "Supporting the program",
    }
);

coded_enum!(
    /// Where a contribution stands: proposed by the company, confirmed or declined by the city.
    State {
        Proposed = "proposed" / "確認待ち" / "Proposed",
        Confirmed = "confirmed" / "市が確認済み" / "Confirmed",
        Declined = "declined" / "確認できず" / "Declined",
        Withdrawn = "withdrawn" / "取下げ" / "Withdrawn",
    }
);

coded_enum!(
    /// Who acts on a contribution.
    Party {
        Company = "company" / "企業" / "Company",
        City = "city" / "市の職員" / "City staff",
    }
);

/// What a party does to a contribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    Confirm,
    Decline(String),
    Withdraw,
}

impl Move {
    pub fn all() -> Vec<Move> {
        vec![Move::Confirm, Move::Decline(String::new()), Move::Withdraw]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::Confirm => "confirm",
            Move::Decline(_) => "decline",
            Move::Withdraw => "withdraw",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::Confirm => Text::new("確認する", "Confirm"),
            Move::Decline(_) => Text::new("確認できないと伝える", "Decline"),
            Move::Withdraw => Text::new("取り下げる", "Withdraw"),
        }
    }

    pub fn note(&self) -> &str {
        match self {
            Move::Decline(t) => t,
            _ => "",
        }
    }

    /// The move a form sends: a decline needs its reason.
    pub fn parse(code: &str, reason: &str) -> Result<Move, Vec<FieldError>> {
        match code.trim() {
            "confirm" => Ok(Move::Confirm),
            "withdraw" => Ok(Move::Withdraw),
            "decline" => crate::kernel::decline_reason(reason, TEXT_MAX).map(Move::Decline),
            _ => Err(vec![FieldError::new(
                "move",
                "手続きを選んでください。",
                "Choose a step.",
            )]),
        }
    }
}

/// A contribution, as a workflow.
pub struct ContributionFlow;

impl Workflow for ContributionFlow {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "csr_contribution";
    const STATES: &'static [State] = State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use State::*;
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::Confirm => (&[Party::City], &[Proposed], Confirmed),
            Move::Decline(_) => (&[Party::City], &[Proposed], Declined),
            Move::Withdraw => (&[Party::Company], &[Proposed], Withdrawn),
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
        s != State::Proposed
    }

    fn waiting_on(s: State) -> Option<Party> {
        (s == State::Proposed).then_some(Party::City)
    }

    fn expected_days(_s: State) -> Option<i32> {
        None
    }
}

/// A contribution as its form gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContributionDraft {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub happened_on: String,
    /// The support record it gives back for (its id), one of the company's.
    pub support: String,
}

/// A contribution, checked (the support record's being the company's is checked by the
/// caller, who knows the records).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contribution {
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub happened_on: NaiveDate,
    pub support: i64,
}

impl ContributionDraft {
    pub fn validate(&self, today: NaiveDate) -> Result<Contribution, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = choice(
            &mut errors,
            "kind",
            &self.kind,
            Kind::from_code,
            ("貢献の種類を選んでください。", "Choose the kind."),
        );
        if self.kind.trim().is_empty() {
            errors.push(FieldError::new(
                "kind",
                "貢献の種類を選んでください。",
                "Choose the kind.",
            ));
        }
        let title = required(
            &mut errors,
            "title",
            &self.title,
            TITLE_MAX,
            ("件名を入力してください。", "Enter a title."),
        );
        let description = text(&mut errors, "description", &self.description, TEXT_MAX);
        let happened_on = match jdate::parse(&self.happened_on) {
            Some(d) if d <= today => Some(d),
            _ => {
                errors.push(FieldError::new(
                    "happened_on",
                    "実施日を今日以前の日付で入力してください（例: 令和8年11月20日）。",
                    "Enter the day it happened, not in the future.",
                ));
                None
            }
        };
        let support = self.support.trim().parse::<i64>().ok().filter(|s| *s > 0);
        if support.is_none() {
            errors.push(FieldError::new(
                "support",
                "この貢献のもとになった、受けた支援を選んでください。",
                "Choose the support this gives back for.",
            ));
        }
        match (kind, happened_on, support) {
            (Some(kind), Some(happened_on), Some(support)) if errors.is_empty() => {
                Ok(Contribution {
                    kind,
                    title,
                    description,
                    happened_on,
                    support,
                })
            }
            _ => Err(errors),
        }
    }
}

coded_enum!(
    /// Where a business-matching request between members stands.
    MatchState {
        Requested = "requested" / "回答待ち" / "Awaiting an answer",
        Accepted = "accepted" / "承諾" / "Accepted",
        Declined = "declined" / "辞退" / "Declined",
        Withdrawn = "withdrawn" / "取下げ" / "Withdrawn",
    }
);

coded_enum!(
    /// Who acts on a matching request: the member who asked, the member asked.
    MatchParty {
        Asker = "asker" / "依頼した企業" / "Asking member",
        Asked = "asked" / "依頼された企業" / "Member asked",
    }
);

/// What a party does to a matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchMove {
    Accept,
    Decline,
    Withdraw,
}

impl MatchMove {
    pub const ALL: [MatchMove; 3] = [MatchMove::Accept, MatchMove::Decline, MatchMove::Withdraw];

    pub fn code(self) -> &'static str {
        match self {
            MatchMove::Accept => "accept",
            MatchMove::Decline => "decline",
            MatchMove::Withdraw => "withdraw",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code.trim())
    }

    pub fn name(self) -> Text {
        match self {
            MatchMove::Accept => Text::new("承諾する", "Accept"),
            MatchMove::Decline => Text::new("辞退する", "Decline"),
            MatchMove::Withdraw => Text::new("取り下げる", "Withdraw"),
        }
    }
}

/// A matching request, as a workflow.
pub struct MatchingFlow;

impl Workflow for MatchingFlow {
    type State = MatchState;
    type Party = MatchParty;
    type Move = MatchMove;
    const KIND: &'static str = "csr_matching";
    const STATES: &'static [MatchState] = MatchState::ALL;

    fn transition(m: &MatchMove) -> Transition<MatchState, MatchParty> {
        use MatchState::*;
        let (by, from, to): (&'static [MatchParty], &'static [MatchState], MatchState) = match m {
            MatchMove::Accept => (&[MatchParty::Asked], &[Requested], Accepted),
            MatchMove::Decline => (&[MatchParty::Asked], &[Requested], Declined),
            MatchMove::Withdraw => (&[MatchParty::Asker], &[Requested], Withdrawn),
        };
        Transition { by, from, to }
    }

    fn state_code(s: MatchState) -> &'static str {
        s.code()
    }

    fn move_code(m: &MatchMove) -> &'static str {
        m.code()
    }

    fn move_name(m: &MatchMove) -> Text {
        m.name()
    }

    fn is_end(s: MatchState) -> bool {
        s != MatchState::Requested
    }

    fn waiting_on(s: MatchState) -> Option<MatchParty> {
        (s == MatchState::Requested).then_some(MatchParty::Asked)
    }

    fn expected_days(_s: MatchState) -> Option<i32> {
        None
    }
}

/// A matching request's message: required, at most 4,000 characters.
pub fn parse_message(message: &str) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let m = required(
        &mut errors,
        "message",
        message,
        TEXT_MAX,
        (
            "依頼の内容（求めている連携）を入力してください。",
            "Enter what you are looking for.",
        ),
    );
    if errors.is_empty() {
        Ok(m)
    } else {
        Err(errors)
    }
}

pub fn apply(state: State, party: Party, m: &Move) -> Result<State, workflow::Refusal<State>> {
    workflow::apply::<ContributionFlow>(state, party, m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::{Refusal, check_table};

    #[test]
    fn the_city_confirms_what_the_company_proposed() {
        let wrong = check_table::<ContributionFlow>(Party::ALL, &Move::all(), |s, m, p| {
            let mine = match m {
                Move::Withdraw => p == Party::Company,
                _ => p == Party::City,
            };
            match (mine, s, m) {
                (false, _, _) => Err(Refusal::NotYours),
                (true, State::Proposed, Move::Confirm) => Ok(State::Confirmed),
                (true, State::Proposed, Move::Decline(_)) => Ok(State::Declined),
                (true, State::Proposed, Move::Withdraw) => Ok(State::Withdrawn),
                (true, s, _) => Err(Refusal::Ended(s)),
            }
        });
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn the_member_asked_answers_and_the_asker_withdraws() {
        let wrong = check_table::<MatchingFlow>(MatchParty::ALL, &MatchMove::ALL, |s, m, p| {
            let mine = match m {
                MatchMove::Withdraw => p == MatchParty::Asker,
                _ => p == MatchParty::Asked,
            };
            match (mine, s, m) {
                (false, _, _) => Err(Refusal::NotYours),
                (true, MatchState::Requested, MatchMove::Accept) => Ok(MatchState::Accepted),
                (true, MatchState::Requested, MatchMove::Decline) => Ok(MatchState::Declined),
                (true, MatchState::Requested, MatchMove::Withdraw) => Ok(MatchState::Withdrawn),
                (true, s, _) => Err(Refusal::Ended(s)),
            }
        });
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert!(parse_message(" ").is_err());
    }

    #[test]
    fn a_contribution_names_its_kind_day_and_the_support_it_gives_back_for() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let ok = ContributionDraft {
            kind: "mentoring".into(),
            title: "創業間もない企業への助言".into(),
            description: String::new(),
            happened_on: "R8.11.20".into(),
            support: "12".into(),
        };
        let c = ok.validate(today).unwrap();
        assert_eq!((c.kind, c.support), (Kind::Mentoring, 12));
        let fields: Vec<_> = ContributionDraft::default()
            .validate(today)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["kind", "title", "happened_on", "support"]);
        assert_eq!(Move::parse("decline", "").unwrap_err()[0].field, "reason");
    }
}
