//! A company's CSR challenge certification on the workflow engine
//! (`renkei_domain::csr::certification`): a company's people start a self-assessment against
//! their city's current checklist ([`start`]) and save their answers over several sittings
//! ([`save_answers`]) and attach their documents (`evidence`); they apply once the thresholds
//! are met and every required item's document is attached; the city's staff check the
//! evidence or return it, record the interview; the committee (the city's full staff)
//! certifies — the number and the term to the end of a fiscal year given in the move — or
//! refuses, with its reasons; the staff publish it. A lapse and a withdrawal are recorded with
//! their reason. A renewal starts from the previous answers ([`renew`]); its reminders go 90
//! and 30 days before the term's end, once each however many nodes run them
//! ([`remind_renewals`]); a term that ends unrenewed lapses by itself the next day
//! ([`lapse_ended`]).

use chrono::{DateTime, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, CsrThing, Resource, csr_parties};
use renkei_domain::city::CityCode;
use renkei_domain::csr::certification::{
    self as rules, Certification, InterviewDraft, Move, Party, Refusal, State,
};
use renkei_domain::csr::checklist::{self, Answers, Evaluation};
use renkei_domain::workflow;
use renkei_store::{
    Actor, CertificationId, CertificationRecord, CertificationWrite, ChecklistRecord, CompanyId,
    EvidenceFile, Notice, Result, Store, StoreError, Tx, UserRecord,
};

use super::{Refused, field, own_companies};
use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};
use crate::consultations::{day, today};
use crate::workflow::{Flow, Overdue, make_move, tell};

/// A certification's record, moves and notices, for the engine.
pub struct CertificationFlow<'a> {
    app: &'a App,
}

impl<'a> CertificationFlow<'a> {
    pub fn new(app: &'a App) -> Self {
        CertificationFlow { app }
    }

    fn store(&self) -> &Store {
        self.app.store()
    }
}

fn notice(r: &CertificationRecord, what: (&str, &str)) -> Notice {
    Notice {
        ja: format!("CSRチャレンジ企業認証#{}: {}", r.id, what.0),
        en: format!("CSR challenge certification #{}: {}", r.id, what.1),
        link: format!("/csr/certifications/{}", r.id),
    }
}

impl Flow for CertificationFlow<'_> {
    type W = Certification;
    type Record = CertificationRecord;
    type Id = CertificationId;
    type Input = CertificationWrite;

    fn state(r: &CertificationRecord) -> State {
        r.state
    }

    fn version(r: &CertificationRecord) -> i64 {
        r.version
    }

    fn id(r: &CertificationRecord) -> CertificationId {
        r.id
    }

    async fn load(&self, tx: &Tx, id: CertificationId) -> Result<CertificationRecord> {
        self.store().certification_in(tx, id).await
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &CertificationRecord,
        to: State,
        party: Party,
        m: &Move,
        input: &CertificationWrite,
        actor: &Actor,
    ) -> Result<CertificationRecord> {
        self.store()
            .write_certification_move(tx, before, to, party, m, input, actor)
            .await
    }

    async fn effects(&self, _: &Tx, _: &CertificationRecord, _: &Move, _: &Actor) -> Result<()> {
        Ok(())
    }

    /// The company hears of every step of the city's; the city's staff of the company's.
    fn told(&self, _after: &CertificationRecord, mover: Party) -> Vec<Party> {
        match mover {
            Party::Company => vec![Party::Staff],
            Party::Staff | Party::Committee => vec![Party::Company],
            Party::System => vec![Party::Company, Party::Staff],
        }
    }

    async fn people(
        &self,
        tx: &Tx,
        party: Party,
        r: &CertificationRecord,
    ) -> Result<Vec<UserRecord>> {
        match party {
            Party::Company => self.store().company_users(tx, r.company_id).await,
            Party::Staff | Party::Committee => self.store().city_staff(tx, &r.city).await,
            Party::System => Ok(Vec::new()),
        }
    }

    async fn notice(&self, _: &Tx, r: &CertificationRecord, what: (&str, &str)) -> Result<Notice> {
        Ok(notice(r, what))
    }

    /// No step is reminded by its age (the renewal reminders go by the term's end).
    async fn overdue(
        &self,
        _now: DateTime<Utc>,
    ) -> Result<Vec<Overdue<CertificationRecord, Party>>> {
        Ok(Vec::new())
    }

    async fn claim_reminder(
        &self,
        _tx: &Tx,
        _o: &Overdue<CertificationRecord, Party>,
        _now: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(false)
    }
}

/// The parties a caller is to a certification.
pub fn parties(caller: &Caller, r: &CertificationRecord) -> Vec<Party> {
    csr_parties(&caller.subject, &r.city, r.company_id.0)
}

/// A certification, once the policy allows the caller `action` on it.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: CertificationId,
) -> std::result::Result<Checked<CertificationRecord>, Denied> {
    signed_in(caller)?;
    let r = match app.store().certification(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => {
            return Err(app
                .absent(caller, action, format!("Certification {id}"))
                .await);
        }
        Err(e) => return Err(e.into()),
    };
    let thing = CsrThing::Certification {
        city: &r.city,
        company: r.company_id.0,
    };
    app.require(caller, action, Resource::Csr(thing)).await?;
    Ok(Checked::new(r, action))
}

/// A certification with what its page shows: the checklist version it answers, the
/// evaluation of its answers (with the items whose document is missing), its evidence files,
/// the previous answers (a renewal's) and the keys changed since.
pub struct Assessment {
    pub checklist: ChecklistRecord,
    pub files: Vec<EvidenceFile>,
    pub evaluation: Evaluation,
    pub previous: Option<Answers>,
    pub changed: Vec<String>,
}

/// What the page of a certification shows besides the record.
pub async fn assessment(app: &App, r: &CertificationRecord) -> Result<Assessment> {
    let checklist = app.store().checklist(r.checklist_id).await?;
    let mut evaluation = checklist::evaluate(&checklist.list, &checklist.thresholds, &r.answers);
    let files = app.store().evidence_files(r.id).await?;
    let has = |k: &str| files.iter().any(|f| f.item_key == k);
    evaluation
        .unmet
        .extend(checklist::missing_files(&checklist.list, &r.answers, has));
    let previous = match r.previous_id {
        Some(p) => Some(app.store().certification(p).await?.answers),
        None => None,
    };
    let changed = previous
        .as_ref()
        .map(|p| checklist::changed(p, &r.answers))
        .unwrap_or_default();
    Ok(Assessment {
        checklist,
        files,
        evaluation,
        previous,
        changed,
    })
}

/// The certifications the caller sees: their companies' and, for staff and coordinators,
/// their cities'.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<CertificationRecord>> {
    let mut all = Vec::new();
    for c in own_companies(caller) {
        all.extend(app.store().certifications_of_company(c).await?);
    }
    for city in renkei_domain::access::list_scope(&caller.subject).cities {
        for r in app.store().certifications_of_city(&city).await? {
            if !all.iter().any(|x: &CertificationRecord| x.id == r.id) {
                all.push(r);
            }
        }
    }
    all.sort_by_key(|r| std::cmp::Reverse(r.id));
    Ok(all)
}

/// Starts a self-assessment of the caller's company at home in `city` against the city's
/// current checklist; refused while the company has one under way.
pub async fn start(
    app: &App,
    caller: &Caller,
    city: &CityCode,
    company: CompanyId,
) -> std::result::Result<std::result::Result<CertificationRecord, Refused<State>>, Denied> {
    signed_in(caller)?;
    // A company applies to its home city's scheme only: any other is refused as the policy
    // refuses a company that is not the caller's.
    let home = app
        .store()
        .company(company)
        .await?
        .map(|(c, _)| c.home_city);
    let company_id = if home.as_ref() == Some(city) {
        company.0
    } else {
        -1
    };
    let thing = CsrThing::Start {
        city,
        company: company_id,
    };
    app.require(caller, Action::Write, Resource::Csr(thing))
        .await?;
    let Some(list) = app.store().current_checklist(city).await? else {
        return Ok(Err(field(
            "checklist",
            "この市はまだチェックリストを公開していません。",
            "The city has not published its checklist yet.",
        )));
    };
    Ok(insert(app, caller, (city, company, &list), None).await?)
}

async fn insert(
    app: &App,
    caller: &Caller,
    (city, company, list): (&CityCode, CompanyId, &ChecklistRecord),
    previous: Option<&CertificationRecord>,
) -> Result<std::result::Result<CertificationRecord, Refused<State>>> {
    let tx = app.store().begin().await?;
    if app
        .store()
        .open_certification_of(&tx, company)
        .await?
        .is_some()
    {
        return Ok(Err(Refused::Step(Refusal::Unmet("renewal"))));
    }
    let r = app
        .store()
        .insert_certification(&tx, (city, company, list.id), previous, &caller.actor)
        .await?;
    tx.commit().await?;
    Ok(Ok(r))
}

/// Starts the renewal of a certification the company holds, from its answers, against the
/// city's current checklist.
pub async fn renew(
    app: &App,
    caller: &Caller,
    r: &Checked<CertificationRecord>,
) -> Result<std::result::Result<CertificationRecord, Refused<State>>> {
    if r.action() != Action::Write || !parties(caller, r).contains(&Party::Company) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    if !r.state.holds() {
        return Ok(Err(Refused::Step(Refusal::NotNow)));
    }
    let Some(list) = app.store().current_checklist(&r.city).await? else {
        return Ok(Err(Refused::Step(Refusal::NotNow)));
    };
    insert(app, caller, (&r.city, r.company_id, &list), Some(&**r)).await
}

/// Saves the company's answers from the version it read, while it may change them.
pub async fn save_answers(
    app: &App,
    caller: &Caller,
    r: &Checked<CertificationRecord>,
    seen_version: i64,
    form: &[(String, String)],
) -> Result<std::result::Result<CertificationRecord, Refused<State>>> {
    if r.action() != Action::Write || !parties(caller, r).contains(&Party::Company) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    if !r.state.editable() {
        return Ok(Err(Refused::Step(if r.state.is_end() {
            Refusal::Ended(r.state)
        } else {
            Refusal::NotNow
        })));
    }
    if r.version != seen_version {
        return Err(StoreError::Conflict);
    }
    let list = app.store().checklist(r.checklist_id).await?;
    let answers = match checklist::parse_answers(&list.list, form) {
        Ok(a) => a,
        Err(e) => return Ok(Err(Refused::Fields(e))),
    };
    Ok(Ok(app
        .store()
        .save_answers(r, &answers, &caller.actor)
        .await?))
}

/// Makes a move on a certification loaded for writing, from the version the person saw: an
/// application needs the thresholds met; an interview its record; a certification gets its
/// number and its term.
pub async fn move_certification(
    app: &App,
    caller: &Caller,
    r: &Checked<CertificationRecord>,
    seen_version: i64,
    m: &Move,
    interview: &InterviewDraft,
) -> Result<std::result::Result<CertificationRecord, Refused<State>>> {
    if r.action() != Action::Write {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    let party = match workflow::party_for::<Certification>(r.state, &parties(caller, r), m) {
        Ok(p) => p,
        Err(refusal) => return Ok(Err(Refused::Step(refusal))),
    };
    let mut write = CertificationWrite::default();
    match m {
        Move::Apply => {
            let list = app.store().checklist(r.checklist_id).await?;
            if !checklist::evaluate(&list.list, &list.thresholds, &r.answers).met() {
                return Ok(Err(Refused::Step(Refusal::Unmet("thresholds"))));
            }
            if !super::evidence::missing(app, r, &list).await?.is_empty() {
                return Ok(Err(Refused::Fields(vec![super::evidence::missing_error()])));
            }
        }
        Move::Interview => match interview.validate(today()) {
            Ok(i) => write.interview = Some((i.held_on, i.attendees, i.notes)),
            Err(e) => return Ok(Err(Refused::Fields(e))),
        },
        Move::Certify(_) => {
            let list = app.store().checklist(r.checklist_id).await?;
            let on = today();
            let number = rules::number(&r.city.to_string(), on, r.id.0);
            let ends = rules::term_end(on, list.thresholds.term_years);
            write.certified = Some((number, on, ends));
        }
        _ => {}
    }
    let flow = CertificationFlow::new(app);
    let moved = make_move(
        app,
        &flow,
        r.id,
        seen_version,
        party,
        m,
        &write,
        &caller.actor,
    )
    .await?;
    Ok(moved.map_err(Refused::Step))
}

/// A certification's history.
pub async fn history(
    app: &App,
    r: &Checked<CertificationRecord>,
) -> Result<Vec<renkei_store::CertificationEvent>> {
    app.store().certification_history(r.id).await
}

/// Whether a renewal of `r` is under way (started and not ended).
async fn renewing(app: &App, r: &CertificationRecord) -> Result<bool> {
    Ok(app
        .store()
        .certifications_of_company(r.company_id)
        .await?
        .iter()
        .any(|x| x.previous_id == Some(r.id) && !x.state.is_end()))
}

/// Whether `r` was renewed: a certification that follows it is held.
async fn renewed(app: &App, r: &CertificationRecord) -> Result<bool> {
    Ok(app
        .store()
        .certifications_of_company(r.company_id)
        .await?
        .iter()
        .any(|x| x.previous_id == Some(r.id) && x.state.holds()))
}

/// Tells the companies whose term ends in 90 or 30 days (and the city's staff) to renew,
/// once each reminder, whichever node comes first; none once a renewal is under way. The
/// count sent.
pub async fn remind_renewals(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let today = day(now);
    let last = today + chrono::Duration::days(rules::REMINDER_DAYS[0]);
    let flow = CertificationFlow::new(app);
    let mut sent = 0;
    for r in app.store().renewals_due(today, last).await? {
        let Some(end) = r.term_ends_on else { continue };
        let Some(days) = rules::renewal_reminder(end, today, r.reminded) else {
            continue;
        };
        if renewing(app, &r).await? {
            continue;
        }
        let tx = app.store().begin().await?;
        let late = days == rules::REMINDER_DAYS[1];
        if !app
            .store()
            .claim_renewal_reminder(&tx, r.id, late, now)
            .await?
        {
            continue;
        }
        let ja = format!(
            "認証期間の満了（{}）まであと{}日です。更新の申請をお願いします",
            renkei_domain::jdate::wareki(end),
            (end - today).num_days()
        );
        let en = format!(
            "the term ends on {end} ({} days left); please apply for renewal",
            (end - today).num_days()
        );
        tell(
            app,
            &flow,
            &tx,
            &r,
            &[Party::Company, Party::Staff],
            (&ja, &en),
        )
        .await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

/// Records the lapse of every certification whose term ended before `now`'s day and was
/// neither renewed nor withdrawn or lapsed by hand: Renkei makes the move, with the term in 和暦 as its
/// reason, and the company and the city's staff hear of it; once, whichever node comes
/// first. The count lapsed.
pub async fn lapse_ended(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let flow = CertificationFlow::new(app);
    let actor = Actor::system("csr-term-end");
    let input = CertificationWrite::default();
    let mut lapsed = 0;
    for r in app.store().terms_ended(day(now)).await? {
        let Some(end) = r.term_ends_on else { continue };
        // Renewed: the company holds the certification that follows it; nothing lapsed.
        if renewed(app, &r).await? {
            continue;
        }
        let m = Move::Lapse(rules::term_ended_reason(end));
        let party = Party::System;
        match make_move(app, &flow, r.id, r.version, party, &m, &input, &actor).await {
            Ok(Ok(_)) => lapsed += 1,
            // Another node lapsed it first, or the staff recorded its end meanwhile.
            Ok(Err(_)) | Err(StoreError::Conflict) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(lapsed)
}

/// The words of a refused step, for the pages.
pub fn refusal_text(r: &Refusal) -> renkei_domain::Text {
    <Certification as workflow::Workflow>::refusal_message(r)
}

/// The fields of an interview's form, for the page that shows it again.
pub fn interview_errors(e: &[FieldError]) -> bool {
    e.iter()
        .any(|f| matches!(f.field, "held_on" | "attendees" | "notes"))
}
