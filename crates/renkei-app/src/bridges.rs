//! The bridge to the state (橋渡し支援), as a workflow of the one mechanism
//! (`renkei_domain::bridge::Bridge`). A bridge belongs to its consultation case: reading it
//! is reading the case (`Resource::Consultation`), and the workflow's parties decide who
//! moves ([`parties`]: the company's people; the desk, the case's city's staff who may write
//! and administrators).
//!
//! [`open`] prepares a request from a case for one body and one of its types, the body's
//! fields filled in from the case (`bridge::prefill`); [`update_answers`] edits them while
//! preparing. [`BridgeFlow`] gives the engine the record, the close's side effect (a support
//! record on the case's product for the measure `regulatory.pmda-bridge`), who is told of
//! each move, and the overdue steps (a sent request once its reply due day, counted in
//! 開庁日, has passed). [`counts`] are the figures of 第4章: bridges by city, body and type,
//! product stage and outcome.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::bridge::{self, Bridge, CaseFacts, Move, MoveForm, Party, Refusal, State};
use renkei_domain::catalog::Stage;
use renkei_domain::product::{Provider, Support};
use renkei_domain::workflow::{self, Workflow};
use renkei_store::{
    Actor, BridgeId, BridgeOpening, BridgeRecord, BridgeWrite, ConsultationRecord, Notice, Result,
    Store, StoreError, Tx, UserRecord,
};

use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};
use crate::consultations::today;
use crate::workflow::{Flow, Overdue, make_move};

/// The bridge's record, side effects and notices, for the engine.
pub struct BridgeFlow<'a> {
    app: &'a App,
}

impl<'a> BridgeFlow<'a> {
    pub fn new(app: &'a App) -> Self {
        BridgeFlow { app }
    }

    fn store(&self) -> &Store {
        self.app.store()
    }
}

impl Flow for BridgeFlow<'_> {
    type W = Bridge;
    type Record = BridgeRecord;
    type Id = BridgeId;
    type Input = BridgeWrite;

    fn state(r: &BridgeRecord) -> State {
        r.state
    }

    fn version(r: &BridgeRecord) -> i64 {
        r.version
    }

    fn id(r: &BridgeRecord) -> BridgeId {
        r.id
    }

    async fn load(&self, tx: &Tx, id: BridgeId) -> Result<BridgeRecord> {
        self.store().bridge_in(tx, id).await
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &BridgeRecord,
        to: State,
        party: Party,
        m: &Move,
        input: &BridgeWrite,
        actor: &Actor,
    ) -> Result<BridgeRecord> {
        self.store()
            .write_bridge_move(tx, before, to, party, m, input, actor)
            .await
    }

    /// Closing: a support record on the case's product (if it is still active), for the
    /// measure of the bridge to the state, provided by the case's city.
    async fn effects(&self, tx: &Tx, after: &BridgeRecord, m: &Move, actor: &Actor) -> Result<()> {
        let (Move::Close(outcome, text), Some(product)) = (m, after.product_id) else {
            return Ok(());
        };
        let Some(measure) = renkei_domain::catalog::measure(bridge::MEASURE) else {
            return Ok(());
        };
        let store = self.store();
        let products = store.company_products_in(tx, after.company_id).await?;
        let Some(product) = products.iter().find(|p| p.id == product) else {
            return Ok(());
        };
        let provider = if product.home_city == after.city {
            Provider::Own
        } else {
            Provider::PartnerCity
        };
        let words = outcome.name().ja;
        let support = Support {
            measure,
            provider,
            provider_city: Some(after.city),
            date: Some(today()),
            outcome: if text.is_empty() {
                words.to_owned()
            } else {
                format!("{words}: {text}")
            },
            notes: format!(
                "橋渡し#{}（{} {}）相談#{}",
                after.id, after.body_name, after.type_name, after.consultation_id
            ),
        };
        let record = store
            .add_support_in(tx, product, &support, None, actor)
            .await?;
        store.set_bridge_support(tx, after.id, record.id).await
    }

    fn told(&self, after: &BridgeRecord, mover: Party) -> Vec<Party> {
        match (after.state, mover) {
            (State::AwaitingConsent, _) => vec![Party::Company],
            (State::Consented | State::Declined, _) => vec![Party::Desk],
            (State::Sent, Party::Company) => vec![Party::Desk],
            (State::Sent | State::Replied | State::Closed | State::Cancelled, _) => {
                vec![Party::Company]
            }
            _ => Vec::new(),
        }
    }

    async fn people(&self, tx: &Tx, party: Party, r: &BridgeRecord) -> Result<Vec<UserRecord>> {
        match party {
            Party::Company => self.store().company_users(tx, r.company_id).await,
            Party::Desk => self.store().city_staff(tx, &r.city).await,
        }
    }

    async fn notice(&self, _tx: &Tx, r: &BridgeRecord, what: (&str, &str)) -> Result<Notice> {
        Ok(Notice {
            ja: format!(
                "橋渡し#{}（{} {}）: {}",
                r.id, r.body_name, r.type_name, what.0
            ),
            en: format!(
                "Bridge #{} ({} {}): {}",
                r.id, r.body_code, r.type_code, what.1
            ),
            link: format!("/bridges/{}", r.id),
        })
    }

    async fn overdue(&self, now: DateTime<Utc>) -> Result<Vec<Overdue<BridgeRecord, Party>>> {
        let limits: Vec<(State, chrono::Duration)> = State::ALL
            .into_iter()
            .filter_map(|s| Some((s, chrono::Duration::days(Bridge::expected_days(s)?.into()))))
            .collect();
        let since: Vec<(State, DateTime<Utc>)> =
            limits.iter().map(|(s, d)| (*s, now - *d)).collect();
        let today = crate::consultations::today();
        Ok(self
            .store()
            .overdue_bridges(&since, today)
            .await?
            .into_iter()
            .filter_map(|r| {
                let due = match (r.state, r.reply_due) {
                    (State::Sent, Some(d)) => d.and_time(NaiveTime::MIN).and_utc(),
                    _ => r.state_since + limits.iter().find(|(s, _)| *s == r.state)?.1,
                };
                Some(Overdue {
                    due,
                    waiting_on: Bridge::waiting_on(r.state)?,
                    record: r,
                })
            })
            .collect())
    }

    async fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<BridgeRecord, Party>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.store().claim_bridge_reminder(tx, &o.record, now).await
    }
}

/// The parties a caller is to a bridge (or to the case it would be opened from): the
/// company's people; the desk (the city's staff who may write, and administrators).
pub fn parties(caller: &Caller, city: &renkei_domain::city::CityCode, company: i64) -> Vec<Party> {
    let roles = &caller.subject.roles;
    let mut parties = Vec::new();
    if roles.contains(&Role::CompanyUser { company }) {
        parties.push(Party::Company);
    }
    let desk = roles.iter().any(|role| match role {
        Role::PlatformAdmin => true,
        Role::CityStaff { city: c, read_only } => c == city && !read_only,
        _ => false,
    });
    if desk {
        parties.push(Party::Desk);
    }
    parties
}

/// The parties a caller is to a bridge.
pub fn parties_to(caller: &Caller, r: &BridgeRecord) -> Vec<Party> {
    parties(caller, &r.city, r.company_id.0)
}

/// The bridge of `id`, once the policy allows the caller `action` on its case.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: BridgeId,
) -> std::result::Result<Checked<BridgeRecord>, Denied> {
    signed_in(caller)?;
    let r = match app.store().bridge(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => return Err(Denied::NotFound),
        Err(e) => return Err(e.into()),
    };
    let resource = Resource::Consultation {
        city: &r.city,
        company: r.company_id.0,
    };
    app.require(caller, action, resource).await?;
    Ok(Checked::new(r, action))
}

/// Why a bridge was not opened or moved.
#[derive(Debug)]
pub enum Refused {
    Fields(Vec<FieldError>),
    Step(Refusal),
}

/// Prepares a bridge from a case the caller may read, by the desk only: for one active body
/// and one of its types, the body's fields filled in from the case.
pub async fn open(
    app: &App,
    caller: &Caller,
    case: &Checked<ConsultationRecord>,
    body_id: Option<i64>,
    type_code: &str,
) -> Result<std::result::Result<BridgeRecord, Refused>> {
    if !parties(caller, &case.city, case.company_id.0).contains(&Party::Desk) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    if case.state.is_end() {
        return Ok(Err(Refused::Fields(vec![FieldError::new(
            "target",
            "終了した相談は橋渡しできません。新しい相談として受け付けてください。",
            "This case has ended; bridge a new case instead.",
        )])));
    }
    let store = app.store();
    let body = match body_id {
        Some(id) => match store.national_body(id).await {
            Ok(b) if b.active => Some(b),
            Ok(_) | Err(StoreError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let Some(body) = body.filter(|b| b.type_name(type_code).is_some()) else {
        return Ok(Err(Refused::Fields(vec![FieldError::new(
            "target",
            "橋渡し先の機関と相談の種類を選んでください。",
            "Choose the body and its consultation type.",
        )])));
    };
    let company = store.company(case.company_id).await?.map(|(c, _)| c.name);
    let product = match case.product_id {
        Some(p) => store.product(p).await?,
        None => None,
    };
    let stage: Option<Stage> = product.as_ref().map(|p| p.stage);
    let facts = CaseFacts {
        company: company.unwrap_or_default(),
        product: product.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
        product_summary: product
            .as_ref()
            .map(|p| p.summary.clone())
            .unwrap_or_default(),
        stage: stage
            .map(|s| format!("{} {}", s.mark(), s.name().ja))
            .unwrap_or_default(),
        consultation_type: body.type_name(type_code).unwrap_or_default().to_owned(),
        subject: case.subject.clone(),
        detail: case.detail.clone(),
    };
    let answers = body
        .fields
        .iter()
        .map(|f| (f.clone(), bridge::prefill(f, &facts)))
        .collect();
    let opening = BridgeOpening {
        case,
        product_stage: stage.map(Stage::code),
        body: &body,
        type_code,
        answers,
    };
    let tx = store.begin().await?;
    let r = store.insert_bridge(&tx, &opening, &caller.actor).await?;
    tx.commit().await?;
    Ok(Ok(r))
}

/// Changes the answers while the request is prepared, by the desk: one answer per field, in
/// the form's order.
pub async fn update_answers(
    app: &App,
    caller: &Caller,
    r: &Checked<BridgeRecord>,
    version: i64,
    answers: &[String],
) -> Result<std::result::Result<BridgeRecord, Refused>> {
    if !parties_to(caller, r).contains(&Party::Desk) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    if r.state != State::Preparing {
        return Ok(Err(Refused::Step(Refusal::NotNow)));
    }
    let answers = match bridge::check_answers(answers) {
        Ok(a) => a,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let paired: Vec<(String, String)> = r
        .answers
        .iter()
        .enumerate()
        .map(|(i, (label, _))| (label.clone(), answers.get(i).cloned().unwrap_or_default()))
        .collect();
    Ok(Ok(app
        .store()
        .update_bridge_answers(r, version, &paired, &caller.actor)
        .await?))
}

/// Makes a move on a bridge the caller may read, as the first of their parties the table
/// allows, from the version they saw.
pub async fn move_bridge(
    app: &App,
    caller: &Caller,
    r: &Checked<BridgeRecord>,
    seen_version: i64,
    form: &MoveForm,
) -> Result<std::result::Result<BridgeRecord, Refused>> {
    let fields: Vec<String> = r.answers.iter().map(|(l, _)| l.clone()).collect();
    let m = match form.parse(&fields) {
        Ok(m) => m,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    if let Some(error) = day_out_of_range(&m, r) {
        return Ok(Err(Refused::Fields(vec![error])));
    }
    let party = match workflow::party_for::<Bridge>(r.state, &parties_to(caller, r), &m) {
        Ok(p) => p,
        Err(refusal) => return Ok(Err(Refused::Step(refusal))),
    };
    let write = match &m {
        Move::MarkSent(day) => BridgeWrite {
            reply_due: Some(bridge::reply_due(app.holidays(), *day, r.reply_days)),
            note: day.to_string(),
        },
        Move::RecordReply(day, text) => BridgeWrite {
            reply_due: None,
            note: format!("{day} {text}"),
        },
        Move::Close(outcome, text) => BridgeWrite {
            reply_due: None,
            note: format!("{} {text}", outcome.name().ja).trim().to_owned(),
        },
        Move::Consent(c) => BridgeWrite {
            reply_due: None,
            note: format!(
                "{}{}",
                c.shared.join("・"),
                if c.amed {
                    "（AMEDとの共有に同意）"
                } else {
                    ""
                }
            ),
        },
        _ => BridgeWrite::default(),
    };
    let flow = BridgeFlow::new(app);
    let moved = make_move(
        app,
        &flow,
        r.id,
        seen_version,
        party,
        &m,
        &write,
        &caller.actor,
    )
    .await?;
    Ok(moved.map_err(Refused::Step))
}

/// A day sent in the future, or a reply before the day sent: the field's error.
fn day_out_of_range(m: &Move, r: &BridgeRecord) -> Option<FieldError> {
    let today = crate::consultations::today();
    match m {
        Move::MarkSent(day) | Move::RecordReply(day, _) if *day > today => Some(FieldError::new(
            "date",
            "今日より後の日付は入力できません。",
            "The day cannot be after today.",
        )),
        Move::RecordReply(day, _) if r.sent_on.is_some_and(|sent| *day < sent) => {
            Some(FieldError::new(
                "date",
                "回答日は送付日より前にはできません。",
                "The reply cannot come before the day sent.",
            ))
        }
        _ => None,
    }
}

/// Reminds the party each overdue step waits on, once per step.
pub async fn remind(app: &App, now: DateTime<Utc>) -> Result<usize> {
    crate::workflow::remind(app, &BridgeFlow::new(app), now).await
}

/// One line of the counts: a city, a body's type, a product stage and how the bridge stands
/// (its outcome once closed, otherwise its state's code).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CountKey {
    pub city: String,
    pub body: String,
    pub type_name: String,
    pub stage: Option<String>,
    pub standing: String,
}

/// The bridges counted by city × body and type × product stage × outcome (or state).
pub fn counts(bridges: &[BridgeRecord]) -> Vec<(CountKey, usize)> {
    let mut counted: BTreeMap<CountKey, usize> = BTreeMap::new();
    for b in bridges {
        let key = CountKey {
            city: b.city.to_string(),
            body: b.body_code.clone(),
            type_name: b.type_name.clone(),
            stage: b.product_stage.clone(),
            standing: match b.outcome {
                Some(o) => o.code().to_owned(),
                None => b.state.code().to_owned(),
            },
        };
        *counted.entry(key).or_default() += 1;
    }
    counted.into_iter().collect()
}

/// The first and last moments of the fiscal year (April to March, JST) that begins in
/// `year`.
pub fn fiscal_year(year: i32) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |y: i32| {
        NaiveDate::from_ymd_opt(y, 4, 1)
            .unwrap_or_default()
            .and_time(NaiveTime::MIN)
            .and_local_timezone(renkei_domain::event::jst())
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    };
    (start(year), start(year + 1))
}
