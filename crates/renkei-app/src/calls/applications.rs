//! Applications to calls (申請), as use cases on the one workflow mechanism
//! (`renkei_domain::call::application::CallApplication`). [`ApplicationFlow`] is what the
//! engine needs besides: the application in the store, the conditions a move has on its call
//! (submitted within the period, resubmitted by the day to correct, screened before review,
//! decided in review, reports only for subsidies), the released decision's letter number and
//! the released award's support record on the product, who is told of each move (the receipt
//! number reaches the company by mail), and the overdue steps, reminded once each.
//!
//! [`start`] begins an application for a company, by its people or prepared for it by its
//! home city's coordinators and staff (代理申請); [`save`] keeps what was typed (save and
//! resume: nothing typed is lost, wrong answers are kept as typed and listed); [`submit`]
//! checks the call's rules of who may apply, naming each rule not met, and every answer,
//! before the move; [`make`] makes the other moves; [`attach`] and [`detach`] keep files in
//! the database.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, Role};
use renkei_domain::call::Kind;
use renkei_domain::call::Phase;
use renkei_domain::call::application::{CallApplication, Move, Party, State};
use renkei_domain::call::eligibility::{self, Applicant};
use renkei_domain::call::form::{self, AnswerError, FieldKind};
use renkei_domain::i18n::Words;
use renkei_domain::product::{Evaluation, EvaluationKind, Provider, Support};
use renkei_domain::workflow;
use renkei_domain::workflow::Refusal;
use renkei_store::{
    Actor, ApplicationDraft, ApplicationFile, ApplicationId, ApplicationRecord, ApplicationWrite,
    CallRecord, CompanyRecord, Notice, ProductId, Result, Store, StoreError, Tx, UserId,
    UserRecord,
};

use super::today;
use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};
use crate::workflow::{Flow, Moved, Overdue, make_move_in, overdue_since, overdue_steps, tell};

/// An application's record, side effects and notices, for the engine, with its call.
pub struct ApplicationFlow<'a> {
    app: &'a App,
    call: &'a CallRecord,
}

impl<'a> ApplicationFlow<'a> {
    pub fn new(app: &'a App, call: &'a CallRecord) -> Self {
        ApplicationFlow { app, call }
    }

    fn store(&self) -> &Store {
        self.app.store()
    }
}

impl Flow for ApplicationFlow<'_> {
    type W = CallApplication;
    type Record = ApplicationRecord;
    type Id = ApplicationId;
    type Input = ApplicationWrite;

    fn state(r: &ApplicationRecord) -> State {
        r.state
    }

    fn version(r: &ApplicationRecord) -> i64 {
        r.version
    }

    fn id(r: &ApplicationRecord) -> ApplicationId {
        r.id
    }

    async fn load(&self, tx: &Tx, id: ApplicationId) -> Result<ApplicationRecord> {
        self.store().application_in(tx, id).await
    }

    /// The move's conditions on its call.
    fn check(
        &self,
        before: &ApplicationRecord,
        m: &Move,
        input: &ApplicationWrite,
    ) -> std::result::Result<(), Refusal<State>> {
        let call = self.call;
        let day = today();
        match m {
            Move::Submit
                if before.state == State::Returned
                    && before.correction_due.is_some_and(|d| day > d) =>
            {
                return Err(Refusal::Unmet("correction_due"));
            }
            Move::Submit if before.state == State::Returned => {}
            Move::Submit | Move::HandOver if !call.takes_applications(day) => {
                return Err(Refusal::Unmet("closed"));
            }
            Move::Return { .. } | Move::Accept | Move::Refuse(_)
                if !matches!(call.phase, Phase::Open | Phase::Screening) =>
            {
                return Err(Refusal::Unmet("phase"));
            }
            Move::Decide { .. } if call.phase != Phase::Review => {
                return Err(Refusal::Unmet("phase"));
            }
            Move::Report | Move::ReturnReport(_) | Move::Settle(_) if !call.kind.grants_money() => {
                return Err(Refusal::Unmet("subsidy"));
            }
            Move::Settle(yen) if before.granted_yen.is_some_and(|g| *yen > g) => {
                return Err(Refusal::Unmet("over_max"));
            }
            Move::Decide { .. }
                if input
                    .granted_yen
                    .zip(call.max_amount_yen)
                    .is_some_and(|(g, m)| g > m) =>
            {
                return Err(Refusal::Unmet("over_max"));
            }
            _ => {}
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn write(
        &self,
        tx: &Tx,
        before: &ApplicationRecord,
        to: State,
        party: Party,
        m: &Move,
        input: &ApplicationWrite,
        actor: &Actor,
    ) -> Result<ApplicationRecord> {
        self.store()
            .write_application_move(tx, before, to, party, m, input, actor)
            .await
    }

    /// A release: the decision letter's 文書番号 (the lead city's next). A released award:
    /// a support record on the product applied with, for the call's measure, provided by the
    /// call's lead city; and the product's evaluation (第3章 3: it counts toward referral), of
    /// the kind the call gives.
    async fn effects(
        &self,
        tx: &Tx,
        after: &ApplicationRecord,
        m: &Move,
        actor: &Actor,
    ) -> Result<()> {
        if let Move::Release(_) = m {
            super::letters::issue(self.app, tx, &self.call.city_code, after.id, actor).await?;
        }
        let (Move::Release(renkei_domain::call::application::Verdict::Award), Some(product)) =
            (m, after.product_id)
        else {
            return Ok(());
        };
        let Some(measure) = renkei_domain::catalog::measure(&self.call.measure_code) else {
            return Ok(());
        };
        let store = self.store();
        let products = store.company_products_in(tx, after.company_id).await?;
        let Some(product) = products.iter().find(|p| p.id == product) else {
            return Ok(());
        };
        let provider = if self.call.cities.contains(&product.home_city) {
            Provider::Own
        } else {
            Provider::PartnerCity
        };
        let granted = after
            .granted_yen
            .map(|y| format!("（{}）", renkei_domain::call::yen_text(y)))
            .unwrap_or_default();
        let support = Support {
            measure,
            provider,
            provider_city: Some(self.call.city_code),
            date: Some(today()),
            outcome: format!("{}{granted}", self.call.kind.name().ja),
            notes: format!(
                "公募#{}「{}」受付番号 {}",
                self.call.id,
                self.call.title,
                after.receipt_no.as_deref().unwrap_or("—")
            ),
        };
        store
            .add_support_in(tx, product, &support, None, actor)
            .await?;
        let evaluation = Evaluation {
            kind: evaluation_kind(self.call.kind),
            title: self.call.title.clone(),
            city: self.call.city_code,
            date: Some(today()),
        };
        store
            .add_evaluation_in(tx, product, &evaluation, actor)
            .await?;
        Ok(())
    }

    fn told(&self, after: &ApplicationRecord, _mover: Party) -> Vec<Party> {
        match after.state {
            State::Prepared
            | State::Returned
            | State::Refused
            | State::InReview
            | State::Awarded
            | State::NotAwarded
            | State::Settled => vec![Party::Applicant],
            State::Submitted => {
                let mut p = vec![Party::Applicant, Party::Office];
                if after.prepared_by_id.is_some() {
                    p.push(Party::Agent);
                }
                p
            }
            State::Reported => vec![Party::Office],
            State::Withdrawn if after.submitted_at.is_some() => vec![Party::Office],
            _ => Vec::new(),
        }
    }

    async fn people(
        &self,
        tx: &Tx,
        party: Party,
        r: &ApplicationRecord,
    ) -> Result<Vec<UserRecord>> {
        match party {
            Party::Applicant => self.store().company_users(tx, r.company_id).await,
            Party::Office => self.store().city_staff(tx, &self.call.city_code).await,
            Party::Agent => match r.prepared_by_id {
                Some(id) => Ok(self
                    .store()
                    .user(id)
                    .await?
                    .map(|(u, _)| u)
                    .filter(|u| u.active)
                    .into_iter()
                    .collect()),
                None => Ok(Vec::new()),
            },
        }
    }

    async fn notice(&self, _tx: &Tx, r: &ApplicationRecord, what: (&str, &str)) -> Result<Notice> {
        let receipt = r
            .receipt_no
            .as_deref()
            .map(|n| {
                (
                    format!("（受付番号 {n}）"),
                    format!(" (receipt number {n})"),
                )
            })
            .unwrap_or_default();
        Ok(Notice {
            ja: format!("公募「{}」の申請{}: {}", self.call.title, receipt.0, what.0),
            en: format!(
                "Application to \"{}\"{}: {}",
                self.call.title, receipt.1, what.1
            ),
            link: format!("/applications/{}", r.id),
        })
    }

    async fn overdue(&self, now: DateTime<Utc>) -> Result<Vec<Overdue<ApplicationRecord, Party>>> {
        let since = overdue_since::<CallApplication>(now);
        let rows = self.store().overdue_applications(&since).await?;
        let rows = rows
            .into_iter()
            .filter(|r| r.call_id == self.call.id)
            .collect();
        Ok(overdue_steps::<CallApplication, _>(rows, |r| {
            (r.state, r.state_since)
        }))
    }

    async fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<ApplicationRecord, Party>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.store()
            .claim_application_reminder(tx, &o.record, now)
            .await
    }
}

/// An application with its call and its company: what its pages and moves need.
#[derive(Debug, Clone)]
pub struct Application {
    pub record: ApplicationRecord,
    pub call: CallRecord,
    pub company: CompanyRecord,
}

/// The application of `id`, once the policy allows the caller `action` on it.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: ApplicationId,
) -> std::result::Result<Checked<Application>, Denied> {
    signed_in(caller)?;
    let store = app.store();
    let record = match store.application(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => {
            return Err(app
                .absent(caller, action, format!("application {id}"))
                .await);
        }
        Err(e) => return Err(e.into()),
    };
    let call = store.call(record.call_id).await?;
    let company = store
        .company(record.company_id)
        .await?
        .ok_or(Denied::NotFound)?
        .0;
    // The reviewers it is assigned to read it; asked only of one who reviews this call.
    let reviewing = caller
        .subject
        .roles
        .contains(&Role::Reviewer { call: call.id });
    let reviewers: Vec<i64> = if reviewing {
        let sheets = store.sheets_of_application(record.id).await?;
        sheets.iter().map(|s| s.user_id.0).collect()
    } else {
        Vec::new()
    };
    let resource = Resource::CallApplication {
        call: call.id,
        cities: &call.cities,
        company: company.id.0,
        home_city: &company.home_city,
        reviewers: &reviewers,
    };
    app.require(caller, action, resource).await?;
    Ok(Checked::new(
        Application {
            record,
            call,
            company,
        },
        action,
    ))
}

/// The evaluation an award of a call of `kind` is: a grant (研究開発助成・補助金の採択), an
/// award (the wide-area one included), a certification (技術認定).
pub fn evaluation_kind(kind: Kind) -> EvaluationKind {
    match kind {
        Kind::Subsidy => EvaluationKind::RdGrant,
        Kind::Award | Kind::WideAreaAward => EvaluationKind::Award,
        Kind::Certification => EvaluationKind::Certification,
    }
}

/// The parties a caller is to an application: the company's people; the one who prepared
/// it (or another of its home city's coordinators and staff who may write) while it was
/// prepared for the company; the call's office (its cities' staff who may write, and
/// administrators).
pub fn parties(caller: &Caller, a: &Application) -> Vec<Party> {
    let roles = &caller.subject.roles;
    let mut parties = Vec::new();
    if roles.contains(&Role::CompanyUser {
        company: a.company.id.0,
    }) {
        parties.push(Party::Applicant);
    }
    let home = a.company.home_city;
    let agent = roles.iter().any(|r| match r {
        Role::Coordinator { city } => *city == home,
        Role::CityStaff { city, read_only } => *city == home && !read_only,
        _ => false,
    });
    if a.record.prepared_by_id.is_some() && agent {
        parties.push(Party::Agent);
    }
    let office = roles.iter().any(|r| match r {
        Role::PlatformAdmin => true,
        Role::CityStaff { city, read_only } => a.call.cities.contains(city) && !read_only,
        _ => false,
    });
    if office {
        parties.push(Party::Office);
    }
    parties
}

/// Why an application was not started, saved or moved.
#[derive(Debug)]
pub enum Refused {
    /// A form's fields (a reason, an amount, the product).
    Fields(Vec<FieldError>),
    /// Answers that are missing or wrong, each under its field's key (what was typed is
    /// saved all the same).
    Answers(Vec<AnswerError>),
    /// The rules of who may apply that are not met, each named.
    Ineligible(Vec<Words>),
    /// The workflow's refusal: not this caller's step, or not now.
    Step(Refusal<State>),
}

/// Starts an application of `company` to a published call taking applications: by the
/// company's people, or prepared for it (代理申請) by its home city's coordinators and staff
/// who may write. A company has one application in force per call.
pub async fn start(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
    company: &CompanyRecord,
) -> std::result::Result<std::result::Result<ApplicationRecord, Refused>, Denied> {
    signed_in(caller)?;
    let resource = Resource::CallApplication {
        call: call.id,
        cities: &call.cities,
        company: company.id.0,
        home_city: &company.home_city,
        reviewers: &[],
    };
    app.require(caller, Action::Write, resource).await?;
    if !call.takes_applications(today()) {
        return Ok(Err(Refused::Step(Refusal::Unmet("closed"))));
    }
    let own = caller.subject.roles.contains(&Role::CompanyUser {
        company: company.id.0,
    });
    let agent = (!own).then(|| {
        (
            UserId(caller.actor.id.unwrap_or_default()),
            caller.actor.label.clone(),
        )
    });
    let store = app.store();
    let tx = store.begin().await?;
    let draft = ApplicationDraft::default();
    match store
        .insert_application(&tx, call.id, company.id, &draft, agent, &caller.actor)
        .await
    {
        Ok(r) => {
            tx.commit().await?;
            Ok(Ok(r))
        }
        Err(StoreError::Duplicate(_)) => Ok(Err(Refused::Fields(vec![FieldError::new(
            "company",
            "この企業はこの公募にすでに申請しています（取り下げた申請を除く）。申請一覧から開いてください。",
            "This company already has an application to this call; open it from the list.",
        )]))),
        Err(e) => Err(e.into()),
    }
}

/// What a person typed into an application.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub answers: BTreeMap<String, String>,
    pub requested_yen: String,
    pub product: Option<i64>,
}

/// Whether the caller may change what the application says now: the company while it is
/// written, prepared or returned; the one preparing it while it is in draft.
pub fn may_edit(caller: &Caller, a: &Application) -> bool {
    let parties = parties(caller, a);
    let own = parties.contains(&Party::Applicant);
    match a.record.state {
        State::Draft => own || a.record.prepared_by_id.is_some() && parties.contains(&Party::Agent),
        State::Prepared | State::Returned => own,
        _ => false,
    }
}

/// Keeps what was typed at the version the person saw (save and resume). Wrong answers are
/// kept as typed and listed; the product, if named, must be one of the company's.
pub async fn save(
    app: &App,
    caller: &Caller,
    a: &Checked<Application>,
    typed: &Typed,
    seen_version: i64,
) -> Result<std::result::Result<(ApplicationRecord, Vec<AnswerError>), Refused>> {
    debug_assert_eq!(a.action(), Action::Write);
    if !may_edit(caller, a) {
        return Ok(Err(Refused::Step(Refusal::NotNow)));
    }
    let store = app.store();
    let tx = store.begin().await?;
    let (draft, mut errors) = read_typed(store, &tx, a, typed).await?;
    let before = store.application_in(&tx, a.record.id).await?;
    if before.version != seen_version {
        return Err(StoreError::Conflict);
    }
    let after = store
        .save_application(&tx, &before, &draft, &caller.actor)
        .await?;
    tx.commit().await?;
    errors.sort_by(|x, y| x.key.cmp(&y.key));
    Ok(Ok((after, errors)))
}

/// The draft to keep from what was typed, and what is wrong with it (not yet the
/// completeness a submission asks).
async fn read_typed(
    store: &Store,
    tx: &Tx,
    a: &Application,
    typed: &Typed,
) -> Result<(ApplicationDraft, Vec<AnswerError>)> {
    let (answers, mut errors) = form::check_answers(&a.call.fields, &typed.answers, &[], false);
    let requested_yen = match renkei_domain::call::parse_yen(&typed.requested_yen) {
        Some(v) => v,
        None => {
            errors.push(answer_error(
                "requested_yen",
                "金額は0以上の円単位の数字で入力してください（例: 1,000,000）。",
                "Enter an amount in yen.",
            ));
            None
        }
    };
    let mut product = None;
    if let Some(p) = typed.product {
        let products = store.company_products_in(tx, a.company.id).await?;
        if products.iter().any(|x| x.id.0 == p) {
            product = Some(ProductId(p));
        } else {
            errors.push(answer_error(
                "product",
                "この企業の開発案件から選んでください。",
                "Choose one of the company's products.",
            ));
        }
    }
    Ok((
        ApplicationDraft {
            product,
            answers,
            requested_yen,
        },
        errors,
    ))
}

fn answer_error(key: &str, ja: &'static str, en: &'static str) -> AnswerError {
    AnswerError {
        key: key.to_owned(),
        message: renkei_domain::i18n::Words::new(ja, en),
    }
}

/// Submits (or resubmits, or confirms what was prepared) at the version the person saw: the
/// call's rules of who may apply, every answer and, for a subsidy, the amount asked (within
/// the call's largest) are checked first, each failure named; the first submission takes
/// the call's next receipt number (受付番号), which reaches the company with the notice.
pub async fn submit(
    app: &App,
    caller: &Caller,
    a: &Checked<Application>,
    seen_version: i64,
) -> Result<std::result::Result<ApplicationRecord, Refused>> {
    debug_assert_eq!(a.action(), Action::Write);
    let party = match workflow::party_for::<CallApplication>(
        a.record.state,
        &parties(caller, a),
        &Move::Submit,
    ) {
        Ok(p) => p,
        Err(r) => return Ok(Err(Refused::Step(r))),
    };
    let store = app.store();
    let tx = store.begin().await?;
    let r = store.application_in(&tx, a.record.id).await?;
    let products = store.company_products_in(&tx, a.company.id).await?;
    let stage = r
        .product_id
        .and_then(|p| products.iter().find(|x| x.id == p))
        .map(|p| p.stage);
    let applicant = Applicant {
        company_type: a.company.company_type,
        size: a.company.size,
        home_city: &a.company.home_city,
        product_stage: stage,
    };
    let unmet = eligibility::unmet(&a.call.eligibility, &a.call.cities, &applicant);
    if !unmet.is_empty() {
        return Ok(Err(Refused::Ineligible(unmet)));
    }
    let files: Vec<String> = store
        .application_files(r.id)
        .await?
        .into_iter()
        .map(|f| f.field_key)
        .collect();
    let typed: BTreeMap<String, String> = r.answers.clone();
    let (_, mut errors) = form::check_answers(&a.call.fields, &typed, &files, true);
    if a.call.kind.grants_money() {
        match (r.requested_yen, a.call.max_amount_yen) {
            (None, _) => errors.push(answer_error(
                "requested_yen",
                "申請額を入力してください。",
                "Enter the amount applied for.",
            )),
            (Some(y), Some(max)) if y > max => errors.push(answer_error(
                "requested_yen",
                "申請額が1件あたりの上限額を超えています。",
                "The amount exceeds the most per application.",
            )),
            _ => {}
        }
    }
    if !errors.is_empty() {
        return Ok(Err(Refused::Answers(errors)));
    }
    let mut write = ApplicationWrite::default();
    if r.receipt_no.is_none() && a.call.takes_applications(today()) {
        let seq = store.next_receipt(&tx, a.call.id).await?;
        let fy = renkei_domain::jdate::fiscal_year(today());
        let no = renkei_domain::call::application::receipt_number(
            renkei_domain::call::application::reiwa_year(fy),
            a.call.id,
            seq,
        );
        write.receipt = Some((seq, no));
    }
    let flow = ApplicationFlow::new(app, &a.call);
    let moved = make_move_in(
        app,
        &flow,
        &tx,
        r.id,
        seen_version,
        party,
        &Move::Submit,
        &write,
        &caller.actor,
    )
    .await?;
    finish(tx, moved).await
}

async fn finish(
    tx: Tx,
    moved: Moved<ApplicationFlow<'_>>,
) -> Result<std::result::Result<ApplicationRecord, Refused>> {
    match moved {
        Ok(r) => {
            tx.commit().await?;
            Ok(Ok(r))
        }
        Err(refusal) => Ok(Err(Refused::Step(refusal))),
    }
}

/// Makes any other move at the version the person saw, as whichever party the caller is
/// whose move it is. `granted_yen`: the amount a decision to award grants.
pub async fn make(
    app: &App,
    caller: &Caller,
    a: &Checked<Application>,
    seen_version: i64,
    m: &Move,
    write: &ApplicationWrite,
) -> Result<std::result::Result<ApplicationRecord, Refused>> {
    debug_assert_eq!(a.action(), Action::Read);
    let party = match workflow::party_for::<CallApplication>(a.record.state, &parties(caller, a), m)
    {
        Ok(p) => p,
        Err(r) => return Ok(Err(Refused::Step(r))),
    };
    let store = app.store();
    let tx = store.begin().await?;
    let flow = ApplicationFlow::new(app, &a.call);
    let moved = make_move_in(
        app,
        &flow,
        &tx,
        a.record.id,
        seen_version,
        party,
        m,
        write,
        &caller.actor,
    )
    .await?;
    finish(tx, moved).await
}

/// Keeps a file under a file field of the application's form, while the caller may change
/// what it says; refused cleanly when empty, too large or of a kind not kept.
pub async fn attach(
    app: &App,
    caller: &Caller,
    a: &Checked<Application>,
    field_key: &str,
    (name, content): (&str, Vec<u8>),
) -> Result<std::result::Result<ApplicationFile, Refused>> {
    debug_assert_eq!(a.action(), Action::Write);
    if !super::report::may_change_file(caller, a, field_key) {
        return Ok(Err(Refused::Step(Refusal::NotNow)));
    }
    // The report's receipts, or the form's file fields.
    let is_file = renkei_domain::call::report::Receipt::of_file_key(field_key).is_some()
        || a.call
            .fields
            .iter()
            .any(|f| f.key == field_key && f.kind() == FieldKind::File);
    if !is_file {
        return Ok(Err(Refused::Answers(vec![answer_error(
            field_key,
            "この項目にはファイルを添付できません。",
            "This field does not take a file.",
        )])));
    }
    let name = renkei_domain::text::clean(name);
    let media_type = match renkei_domain::research_group::document_type(&name, content.len()) {
        Ok(t) => t,
        Err(e) => {
            return Ok(Err(Refused::Answers(vec![AnswerError {
                key: field_key.to_owned(),
                message: e.message.into(),
            }])));
        }
    };
    let store = app.store();
    let tx = store.begin().await?;
    let f = store
        .insert_application_file(
            &tx,
            &a.record,
            field_key,
            (&name, media_type, content),
            &caller.actor,
        )
        .await?;
    tx.commit().await?;
    Ok(Ok(f))
}

/// Removes a file of the application, while the caller may change what it says.
pub async fn detach(
    app: &App,
    caller: &Caller,
    a: &Checked<Application>,
    file: i64,
) -> Result<std::result::Result<(), Refused>> {
    debug_assert_eq!(a.action(), Action::Write);
    let store = app.store();
    let (f, _) = store.application_file(a.record.id, file).await?;
    if !super::report::may_change_file(caller, a, &f.field_key) {
        return Ok(Err(Refused::Step(Refusal::NotNow)));
    }
    let tx = store.begin().await?;
    store
        .remove_application_file(&tx, &a.record, &f, &caller.actor)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// The applications of a call, for its office only (its cities' staff and coordinators).
pub async fn of_call(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
) -> std::result::Result<Vec<ApplicationRecord>, Denied> {
    if !super::is_office(caller, call) {
        return Err(Denied::Forbidden);
    }
    Ok(app.store().applications_of_call(call.id).await?)
}

/// Reminds the party each overdue step of a call's applications waits on, once each.
pub async fn remind(app: &App, call: &CallRecord, now: DateTime<Utc>) -> Result<usize> {
    crate::workflow::remind(app, &ApplicationFlow::new(app, call), now).await
}

/// Tells the call's office of something about an application (outside a move).
pub async fn tell_office(app: &App, tx: &Tx, a: &Application, what: (&str, &str)) -> Result<()> {
    let flow = ApplicationFlow::new(app, &a.call);
    tell(app, &flow, tx, &a.record, &[Party::Office], what).await
}
