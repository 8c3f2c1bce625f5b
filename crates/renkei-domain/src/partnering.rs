//! Finding a partner for a company on a consultation case (連携先探し), two kinds of request
//! on one set of rules: inter-company brokering (企業間連携の斡旋: a technology,
//! manufacturing, software or clinical partner) and clinical and verification sites
//! (治験・実証先: hospitals and facilities for a trial, clinical research or a verification).
//!
//! A request ([`RequestDraft`]) is opened on a case by those who work it and holds
//! candidates, suggested by Renkei (search and matching) or added by hand. Each candidate's
//! approach is a workflow of the one mechanism ([`Candidate`]): suggested → (asking the
//! company's consent → consented) → approached → agreed / declined → introduced → concluded
//! with its [`CandidateOutcome`]; withdrawn at any open step. A candidate outside the case's
//! city is not approached before the company consented to what is shared ([`check_move`]:
//! `Unmet("consent")`); the consent is kept with its wording and version
//! ([`consent_wording`]). The request is closed with its [`Outcome`], which becomes a support
//! record on the case's product for [`Purpose::measure`].

use crate::FieldError;
use crate::i18n::Text;
use crate::kernel::{coded_enum, too_long};
use crate::text::clean;
use crate::workflow::{self, Transition, Workflow};

/// The longest text kept (what is sought, a note, an outcome).
pub const TEXT_MAX: usize = 4_000;
/// The longest search words or candidate name.
pub const NAME_MAX: usize = 200;

coded_enum!(
    /// What a request looks for.
    Purpose {
        Brokering = "brokering" / "企業間連携の斡旋" / "Brokering a partner company",
        Sites = "sites" / "治験・実証先の確保" / "Clinical and verification sites",
    }
);

impl Purpose {
    /// The catalog measure a closed request counts as support for.
    pub fn measure(self) -> &'static str {
        match self {
            Purpose::Brokering => "development.inter-company-brokering",
            Purpose::Sites => "clinical.trial-coordinator",
        }
    }

    /// The kinds of partner or site it may ask for, as (code, name).
    pub fn kinds(self) -> Vec<(&'static str, Text)> {
        match self {
            Purpose::Brokering => PartnerKind::ALL
                .iter()
                .map(|k| (k.code(), k.name()))
                .collect(),
            Purpose::Sites => SiteKind::ALL.iter().map(|k| (k.code(), k.name())).collect(),
        }
    }

    /// The name of a kind's code (the code itself when unknown).
    pub fn kind_name(self, code: &str) -> Text {
        self.kinds()
            .into_iter()
            .find(|(c, _)| *c == code)
            .map(|(_, n)| n)
            .unwrap_or(Text::new("その他", "Other"))
    }

    /// The outcomes a request of this purpose may close with.
    pub fn outcomes(self) -> Vec<Outcome> {
        let found = match self {
            Purpose::Brokering => Outcome::Partnered,
            Purpose::Sites => Outcome::SiteAgreed,
        };
        vec![
            found,
            Outcome::NoneFound,
            Outcome::Withdrawn,
            Outcome::Other,
        ]
    }
}

coded_enum!(
    /// The partner a company asks for.
    PartnerKind {
        Technology = "technology" / "技術" / "Technology",
        Manufacturing = "manufacturing" / "製造" / "Manufacturing",
        Software = "software" / "ソフトウェア" / "Software",
        Clinical = "clinical" / "臨床パートナー" / "Clinical partner",
        Other = "other" / "その他" / "Other",
    }
);

coded_enum!(
    /// The site a company asks for.
    SiteKind {
        Trial = "trial" / "治験" / "Clinical trial",
        ClinicalResearch = "clinical-research" / "臨床研究" / "Clinical research",
        Verification = "verification" / "実証・評価" / "Verification and evaluation",
        Other = "other" / "その他" / "Other",
    }
);

coded_enum!(
    /// How a request ended.
    Outcome {
        Partnered = "partnered" / "連携先が決まった" / "A partner was found",
        SiteAgreed = "site-agreed" / "実施先が決まった" / "A site agreed",
        NoneFound = "none-found" / "見つからなかった" / "None found",
        Withdrawn = "withdrawn" / "企業が取り下げた" / "Withdrawn by the company",
        Other = "other" / "その他" / "Other",
    }
);

coded_enum!(
    /// How a candidate's approach ended once introduced.
    CandidateOutcome {
        Contracted = "contracted" / "契約・連携が成立" / "Contracted",
        Continuing = "continuing" / "協議を継続" / "Talks continue",
        NotPursued = "not-pursued" / "見送り" / "Not pursued",
    }
);

coded_enum!(
    /// Where a candidate came from.
    Source {
        Search = "search" / "Renkeiの検索・マッチング" / "Renkei's search and matching",
        Manual = "manual" / "担当者が追加" / "Added by hand",
        Network = "network" / "コーディネーターネットワークの紹介" / "Introduced through the coordinator network",
    }
);

/// A request as the case page's form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestDraft {
    pub purpose: String,
    pub kind: String,
    /// What the company looks for, in its words.
    pub detail: String,
    /// The words Renkei searches candidates with.
    pub words: String,
}

/// A request, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub purpose: Purpose,
    pub kind: &'static str,
    pub detail: String,
    pub words: String,
}

impl RequestDraft {
    pub fn validate(&self) -> Result<NewRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let purpose = Purpose::from_code(self.purpose.trim());
        if purpose.is_none() {
            errors.push(FieldError::new(
                "purpose",
                "依頼の種類を選んでください。",
                "Choose what is looked for.",
            ));
        }
        let purpose = purpose.unwrap_or(Purpose::Brokering);
        let kind = purpose
            .kinds()
            .into_iter()
            .map(|(c, _)| c)
            .find(|c| *c == self.kind.trim());
        if kind.is_none() {
            errors.push(FieldError::new(
                "kind",
                "探す相手の種類を選んでください。",
                "Choose the kind of partner or site.",
            ));
        }
        let detail = clean(&self.detail);
        if detail.is_empty() {
            errors.push(FieldError::new(
                "detail",
                "探している相手と目的を入力してください。",
                "Say what is looked for and why.",
            ));
        }
        too_long(&mut errors, "detail", &detail, TEXT_MAX);
        let words = clean(&self.words);
        too_long(&mut errors, "words", &words, NAME_MAX);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewRequest {
            purpose,
            kind: kind.unwrap_or("other"),
            detail,
            words,
        })
    }
}

/// A candidate added by hand: its name and, when it is in a designated city, the city's code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ManualCandidate {
    pub name: String,
    pub city: String,
    pub note: String,
}

/// A candidate added by hand, checked: the city is a designated city's code or none.
pub fn check_manual(
    c: &ManualCandidate,
) -> Result<(String, Option<crate::city::CityCode>, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = clean(&c.name);
    if name.is_empty() {
        errors.push(FieldError::new(
            "name",
            "候補の名称を入力してください。",
            "Enter the candidate's name.",
        ));
    }
    too_long(&mut errors, "name", &name, NAME_MAX);
    let city = match c.city.trim() {
        "" => None,
        code => {
            let parsed = crate::city::CityCode::parse(code).ok();
            if parsed.is_none() {
                errors.push(FieldError::new(
                    "city",
                    "所在する指定都市を選んでください（指定都市以外は空欄）。",
                    "Choose the designated city (leave empty for elsewhere).",
                ));
            }
            parsed
        }
    };
    let note = clean(&c.note);
    too_long(&mut errors, "note", &note, TEXT_MAX);
    if errors.is_empty() {
        Ok((name, city, note))
    } else {
        Err(errors)
    }
}

/// Where a candidate's approach stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    /// Suggested by Renkei or added; not approached yet.
    Suggested,
    /// Waiting for the company's consent to what is shared with the candidate.
    AwaitingConsent,
    /// The company consented: the candidate may be approached.
    Consented,
    /// Approached; its answer is awaited.
    Approached,
    /// The candidate agreed to be introduced.
    Agreed,
    /// Introduced to the company; the outcome is awaited.
    Introduced,
    /// The outcome is recorded. An end.
    Concluded,
    /// The candidate declined. An end.
    Declined,
    /// The company refused to share. An end.
    Refused,
    /// Withdrawn by the company or those who work the case. An end.
    Withdrawn,
}

impl State {
    pub const ALL: [State; 10] = [
        State::Suggested,
        State::AwaitingConsent,
        State::Consented,
        State::Approached,
        State::Agreed,
        State::Introduced,
        State::Concluded,
        State::Declined,
        State::Refused,
        State::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Suggested => "suggested",
            State::AwaitingConsent => "awaiting_consent",
            State::Consented => "consented",
            State::Approached => "approached",
            State::Agreed => "agreed",
            State::Introduced => "introduced",
            State::Concluded => "concluded",
            State::Declined => "declined",
            State::Refused => "refused",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            State::Suggested => Text::new("候補", "Suggested"),
            State::AwaitingConsent => Text::new("企業の同意待ち", "Waiting for consent"),
            State::Consented => Text::new("同意済み（打診前）", "Consented (not approached)"),
            State::Approached => Text::new("打診中（回答待ち）", "Approached (answer due)"),
            State::Agreed => Text::new("先方が合意", "Agreed"),
            State::Introduced => Text::new("紹介済み（結果待ち）", "Introduced (outcome due)"),
            State::Concluded => Text::new("結果を記録済み", "Concluded"),
            State::Declined => Text::new("先方が辞退", "Declined by the candidate"),
            State::Refused => Text::new("企業が同意しなかった", "Refused by the company"),
            State::Withdrawn => Text::new("取りやめ", "Withdrawn"),
        }
    }

    pub fn is_end(self) -> bool {
        matches!(
            self,
            State::Concluded | State::Declined | State::Refused | State::Withdrawn
        )
    }
}

/// Who acts on a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The asking company's people.
    Company,
    /// Those who work the case: the desk's full staff, administrators, the coordinator or
    /// staff the case was handed to.
    Desk,
}

impl Party {
    pub const ALL: [Party; 2] = [Party::Company, Party::Desk];

    pub fn code(self) -> &'static str {
        match self {
            Party::Company => "company",
            Party::Desk => "desk",
        }
    }
}

/// What a party does to a candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    AskConsent,
    /// The company consents to the wording shown (`consent_wording`).
    Consent,
    /// The company refuses to share.
    Refuse,
    Approach(String),
    Agree(String),
    Decline(String),
    Introduce(String),
    Conclude(CandidateOutcome, String),
    Withdraw(String),
}

impl Move {
    /// One of each move (with placeholder values), for tables and buttons.
    pub fn all() -> Vec<Move> {
        let t = String::new;
        vec![
            Move::AskConsent,
            Move::Consent,
            Move::Refuse,
            Move::Approach(t()),
            Move::Agree(t()),
            Move::Decline(t()),
            Move::Introduce(t()),
            Move::Conclude(CandidateOutcome::Contracted, t()),
            Move::Withdraw(t()),
        ]
    }

    pub fn code(&self) -> &'static str {
        match self {
            Move::AskConsent => "ask_consent",
            Move::Consent => "consent",
            Move::Refuse => "refuse",
            Move::Approach(_) => "approach",
            Move::Agree(_) => "agree",
            Move::Decline(_) => "decline",
            Move::Introduce(_) => "introduce",
            Move::Conclude(..) => "conclude",
            Move::Withdraw(_) => "withdraw",
        }
    }

    pub fn name(&self) -> Text {
        match self {
            Move::AskConsent => Text::new("企業に同意を求める", "Ask the company's consent"),
            Move::Consent => Text::new("情報の提供に同意する", "Consent to sharing"),
            Move::Refuse => Text::new("情報の提供に同意しない", "Refuse to share"),
            Move::Approach(_) => Text::new("候補に打診したことを記録", "Record the approach"),
            Move::Agree(_) => Text::new("先方の合意を記録", "Record the agreement"),
            Move::Decline(_) => Text::new("先方の辞退を記録", "Record the decline"),
            Move::Introduce(_) => Text::new("企業に紹介したことを記録", "Record the introduction"),
            Move::Conclude(..) => Text::new("結果を記録", "Record the outcome"),
            Move::Withdraw(_) => Text::new("この候補を取りやめる", "Withdraw this candidate"),
        }
    }

    /// The words a move carries (its history line's note).
    pub fn note(&self) -> String {
        match self {
            Move::Approach(t)
            | Move::Agree(t)
            | Move::Decline(t)
            | Move::Introduce(t)
            | Move::Withdraw(t) => t.clone(),
            Move::Conclude(o, t) => format!("{} {t}", o.name().ja).trim().to_owned(),
            Move::AskConsent | Move::Consent | Move::Refuse => String::new(),
        }
    }

    /// Whether the move shares the company's information with the candidate.
    pub fn shares(&self) -> bool {
        matches!(self, Move::Approach(_))
    }

    /// The move a form sends: `code`, its words, its outcome, and whether the consent box
    /// was ticked.
    pub fn parse(
        code: &str,
        text: &str,
        outcome: &str,
        agree: bool,
    ) -> Result<Move, Vec<FieldError>> {
        let text = clean(text);
        let mut errors = Vec::new();
        too_long(&mut errors, "text", &text, TEXT_MAX);
        let m = match code {
            "ask_consent" => Move::AskConsent,
            "consent" => {
                if !agree {
                    errors.push(FieldError::new(
                        "agree",
                        "同意の内容を確かめ、同意する欄に印を付けてください。",
                        "Read the wording and tick the box to consent.",
                    ));
                }
                Move::Consent
            }
            "refuse" => Move::Refuse,
            "approach" => Move::Approach(text),
            "agree" => Move::Agree(text),
            "decline" => Move::Decline(text),
            "introduce" => Move::Introduce(text),
            "withdraw" => Move::Withdraw(text),
            "conclude" => {
                let o = CandidateOutcome::from_code(outcome.trim());
                if o.is_none() {
                    errors.push(FieldError::new(
                        "outcome",
                        "結果を選んでください。",
                        "Choose the outcome.",
                    ));
                }
                Move::Conclude(o.unwrap_or(CandidateOutcome::NotPursued), text)
            }
            _ => {
                return Err(vec![FieldError::new(
                    "move",
                    "手続きを選んでください。",
                    "Choose a step.",
                )]);
            }
        };
        if errors.is_empty() {
            Ok(m)
        } else {
            Err(errors)
        }
    }
}

pub type Refusal = workflow::Refusal<State>;

/// A candidate's approach, as a workflow.
pub struct Candidate;

const OPEN: &[State] = &[
    State::Suggested,
    State::AwaitingConsent,
    State::Consented,
    State::Approached,
    State::Agreed,
    State::Introduced,
];

impl Workflow for Candidate {
    type State = State;
    type Party = Party;
    type Move = Move;
    const KIND: &'static str = "partner_candidate";
    const STATES: &'static [State] = &State::ALL;

    fn transition(m: &Move) -> Transition<State, Party> {
        use Party::{Company, Desk};
        use State::*;
        let (by, from, to): (&'static [Party], &'static [State], State) = match m {
            Move::AskConsent => (&[Desk], &[Suggested], AwaitingConsent),
            Move::Consent => (&[Company], &[AwaitingConsent], Consented),
            Move::Refuse => (&[Company], &[AwaitingConsent], Refused),
            Move::Approach(_) => (&[Desk], &[Suggested, Consented], Approached),
            Move::Agree(_) => (&[Desk], &[Approached], Agreed),
            Move::Decline(_) => (&[Desk], &[Approached], Declined),
            Move::Introduce(_) => (&[Desk], &[Agreed], Introduced),
            Move::Conclude(..) => (&[Desk], &[Introduced], Concluded),
            Move::Withdraw(_) => (&[Desk, Company], OPEN, Withdrawn),
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
        match s {
            State::AwaitingConsent => Some(Party::Company),
            State::Suggested
            | State::Consented
            | State::Approached
            | State::Agreed
            | State::Introduced => Some(Party::Desk),
            State::Concluded | State::Declined | State::Refused | State::Withdrawn => None,
        }
    }

    fn expected_days(s: State) -> Option<i32> {
        match s {
            State::Suggested | State::AwaitingConsent | State::Consented => Some(7),
            State::Approached => Some(14),
            State::Agreed => Some(7),
            State::Introduced => Some(60),
            State::Concluded | State::Declined | State::Refused | State::Withdrawn => None,
        }
    }

    fn too_early(s: State, m: &Move) -> Option<Refusal> {
        (s == State::AwaitingConsent && m.shares()).then_some(Refusal::Unmet("consent"))
    }

    fn refusal_message(r: &Refusal) -> Text {
        match r {
            Refusal::NotYours => Text::new(
                "この手続きは、相談を担当する人（または相談した企業）が行うものです。",
                "This step belongs to those who work the case (or the company).",
            ),
            Refusal::Unmet(_) => Text::new(
                "企業の同意を得るまでは、ほかの市や機関の候補に企業の情報を提供できません。",
                "No company information goes to a candidate in another city or body before the company consents.",
            ),
            Refusal::Ended(_) => Text::new(
                "この候補への打診は終了しています。",
                "This candidate's approach has ended.",
            ),
            Refusal::NotNow => Text::new(
                "この手続きは、いまの段階ではできません。最新の状態を確認してください。",
                "This step is not possible at this stage. Check the latest state.",
            ),
        }
    }
}

pub fn apply(state: State, party: Party, m: &Move) -> Result<State, Refusal> {
    workflow::apply::<Candidate>(state, party, m)
}

/// The move's own condition beyond the table: a move that shares the company's information
/// with a candidate outside the case's city (`crosses`: another city, or none known) waits
/// for the company's consent.
pub fn check_move(m: &Move, crosses: bool, consented: bool) -> Result<(), Refusal> {
    if m.shares() && crosses && !consented {
        return Err(Refusal::Unmet("consent"));
    }
    Ok(())
}

/// The version of the consent wording below; kept with each consent.
pub const CONSENT_WORDING_VERSION: &str = "2026-12-v1";

/// What the company's consent covers.
pub const CONSENT_ITEMS: &str = "企業概要（名称・所在地・担当者の氏名と連絡先）、製品概要（名称・概要・開発段階）、依頼の内容（探している相手と目的）";

/// Why the information is provided.
pub fn consent_purpose(purpose: Purpose, candidate: &str) -> String {
    match purpose {
        Purpose::Brokering => format!(
            "{candidate}に連携（共同開発・製造・委託等）の可能性を打診し、双方が望めば紹介するため"
        ),
        Purpose::Sites => format!(
            "{candidate}に治験・臨床研究・実証の実施先となる可能性を打診し、双方が望めば紹介するため"
        ),
    }
}

/// The wording the company agrees to, as shown on the form and kept with the consent.
pub fn consent_wording(company: &str, city: &str, purpose: Purpose, candidate: &str) -> String {
    format!(
        "{company}は、{city}が、次の情報を{candidate}に提供することに同意します。提供する情報: {CONSENT_ITEMS}。利用目的: {}。この同意は、この候補を取りやめることでいつでも撤回できます（撤回後は新たな提供を行いません）。",
        consent_purpose(purpose, candidate),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::check_table;

    /// The table, written out by hand: every state × move × party.
    fn expected(s: State, m: &Move, p: Party) -> Result<State, Refusal> {
        use Party::{Company, Desk};
        use State::*;
        let mine = match m {
            Move::Consent | Move::Refuse => p == Company,
            Move::Withdraw(_) => true,
            _ => p == Desk,
        };
        if !mine {
            return Err(Refusal::NotYours);
        }
        match (m, s) {
            (_, Concluded | Declined | Refused | Withdrawn) => Err(Refusal::Ended(s)),
            (Move::AskConsent, Suggested) => Ok(AwaitingConsent),
            (Move::Consent, AwaitingConsent) => Ok(Consented),
            (Move::Refuse, AwaitingConsent) => Ok(Refused),
            (Move::Approach(_), Suggested | Consented) => Ok(Approached),
            (Move::Approach(_), AwaitingConsent) => Err(Refusal::Unmet("consent")),
            (Move::Agree(_) | Move::Decline(_), Approached) => Ok(if matches!(m, Move::Agree(_)) {
                Agreed
            } else {
                Declined
            }),
            (Move::Introduce(_), Agreed) => Ok(Introduced),
            (Move::Conclude(..), Introduced) => Ok(Concluded),
            (Move::Withdraw(_), _) => Ok(Withdrawn),
            _ => Err(Refusal::NotNow),
        }
    }

    #[test]
    fn every_state_move_and_party_answers_as_the_table_says() {
        let wrong = check_table::<Candidate>(&Party::ALL, &Move::all(), expected);
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn each_open_state_waits_on_someone_and_an_end_on_nobody() {
        for s in State::ALL {
            assert_eq!(Candidate::waiting_on(s).is_none(), s.is_end(), "{s:?}");
            assert_eq!(Candidate::expected_days(s).is_none(), s.is_end());
            assert_eq!(State::from_code(s.code()), Some(s));
        }
    }

    #[test]
    fn a_candidate_outside_the_city_is_approached_only_once_the_company_consented() {
        let approach = Move::Approach(String::new());
        assert_eq!(
            check_move(&approach, true, false),
            Err(Refusal::Unmet("consent"))
        );
        assert_eq!(check_move(&approach, true, true), Ok(()));
        assert_eq!(check_move(&approach, false, false), Ok(()));
        let agree = Move::Agree(String::new());
        assert_eq!(check_move(&agree, true, false), Ok(()));
    }

    #[test]
    fn a_request_is_checked_per_purpose_with_every_problem_named() {
        let ok = RequestDraft {
            purpose: "sites".into(),
            kind: "trial".into(),
            detail: " 在宅の高齢者で評価したい ".into(),
            words: "訪問看護".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.purpose, Purpose::Sites);
        assert_eq!(ok.kind, "trial");
        assert_eq!(ok.detail, "在宅の高齢者で評価したい");
        let wrong = RequestDraft {
            purpose: "brokering".into(),
            kind: "trial".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = wrong.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "detail"]);
        assert_eq!(
            Purpose::Brokering.measure(),
            "development.inter-company-brokering"
        );
        assert!(crate::catalog::measure(Purpose::Sites.measure()).is_some());
        assert!(crate::catalog::measure(Purpose::Brokering.measure()).is_some());
        assert!(Purpose::Sites.outcomes().contains(&Outcome::SiteAgreed));
        assert!(!Purpose::Sites.outcomes().contains(&Outcome::Partnered));
    }

    #[test]
    fn a_move_is_read_from_its_form() {
        assert_eq!(
            Move::parse("consent", "", "", false).unwrap_err()[0].field,
            "agree"
        );
        assert_eq!(Move::parse("consent", "", "", true).unwrap(), Move::Consent);
        assert_eq!(
            Move::parse("conclude", "", "", false).unwrap_err()[0].field,
            "outcome"
        );
        assert_eq!(
            Move::parse("conclude", " 共同開発契約 ", "contracted", false).unwrap(),
            Move::Conclude(CandidateOutcome::Contracted, "共同開発契約".into())
        );
        assert_eq!(
            Move::parse("nothing", "", "", false).unwrap_err()[0].field,
            "move"
        );
        let manual = ManualCandidate {
            name: "".into(),
            city: "999999".into(),
            note: String::new(),
        };
        let fields: Vec<_> = check_manual(&manual)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["name", "city"]);
        let wording = consent_wording("株式会社テスト", "千葉市", Purpose::Sites, "広島市民病院");
        assert!(wording.contains("広島市民病院") && wording.contains(CONSENT_ITEMS));
    }
}
