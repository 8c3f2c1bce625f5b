//! Calls (公募) of one or several cities, as use cases: a call loaded with the access check
//! made ([`load`]); written by its cities' staff ([`create`], [`update`]: the form, the rules
//! of who may apply and the kind are frozen once published, since applications answer them);
//! moved through its phases on the one workflow mechanism ([`CallPhaseFlow`],
//! `renkei_domain::call::CallPhases`), the release of the results sweeping every decided
//! application to its released state in the same transaction, so that results reach every
//! applicant at once and two officers releasing at once release them once. Applications are
//! in [`applications`], their decision letters (決定通知書) in [`letters`].

pub mod applications;
pub mod letters;
pub mod report;
pub mod review;
pub mod winners;

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource};
use renkei_domain::call::application::{State as AppState, Verdict};
use renkei_domain::call::{CallDraft, CallPhases, Phase, PhaseMove, PhaseParty};
use renkei_domain::city::CityCode;
use renkei_domain::workflow::Refusal;
use renkei_store::{Actor, CallRecord, Notice, Result, Store, StoreError, Tx, UserRecord};

use crate::App;
use crate::access::{Caller, Checked, Denied};
use crate::workflow::{Flow, Overdue, make_move_in};

pub use applications::ApplicationFlow;

/// Today in Japan: the day periods and deadlines are counted in.
pub fn today() -> NaiveDate {
    renkei_domain::call::japan_day(Utc::now())
}

/// The resource a call is to the policy.
pub fn resource(r: &CallRecord) -> Resource<'_> {
    Resource::Call {
        cities: &r.cities,
        published: r.phase.is_published(),
    }
}

/// The call of `id`, once the policy allows the caller `action` on it.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: i64,
) -> std::result::Result<Checked<CallRecord>, Denied> {
    let r = match app.store().call(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => {
            return Err(app.absent(caller, action, format!("call {id}")).await);
        }
        Err(e) => return Err(e.into()),
    };
    app.require(caller, action, resource(&r)).await?;
    Ok(Checked::new(r, action))
}

/// Whether the caller is of the call's office: its cities' staff and coordinators (who read
/// its applications), and administrators.
pub fn is_office(caller: &Caller, call: &CallRecord) -> bool {
    let unpublished = Resource::Call {
        cities: &call.cities,
        published: false,
    };
    renkei_domain::access::decide(&caller.subject, Action::Read, unpublished)
        == renkei_domain::access::Decision::Allow
}

/// Creates a call of `lead` (in draft) with its audit line.
pub async fn create(
    app: &App,
    caller: &Caller,
    lead: &CityCode,
    draft: &CallDraft,
) -> std::result::Result<std::result::Result<CallRecord, Vec<FieldError>>, Denied> {
    let cities = [*lead];
    let draft_call = Resource::Call {
        cities: &cities,
        published: false,
    };
    app.require(caller, Action::Write, draft_call).await?;
    let input = match draft.validate(lead) {
        Ok(i) => i,
        Err(e) => return Ok(Err(e)),
    };
    let store = app.store();
    let tx = store.begin().await?;
    let menu_entry = menu_entry(store, lead, &input.measure_code).await?;
    let r = store
        .save_call(&tx, lead, None, &input, menu_entry, &caller.actor)
        .await?;
    tx.commit().await?;
    Ok(Ok(r))
}

/// The city's menu entry of a measure, if it has one.
async fn menu_entry(store: &Store, city: &CityCode, measure: &str) -> Result<Option<i64>> {
    let all = renkei_store::MenuQuery {
        scope: None,
        page: renkei_store::PageRequest::new(1, 10_000),
    };
    Ok(store
        .menu(city, all)
        .await?
        .items
        .into_iter()
        .find(|e| e.entry.measure.code == measure)
        .map(|e| e.id.0))
}

/// Changes a call at the version the person saw, with its audit line. Once published, its
/// kind, form and rules of who may apply stay as they are (applications answer them).
pub async fn update(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
    draft: &CallDraft,
    seen_version: i64,
) -> Result<std::result::Result<CallRecord, Vec<FieldError>>> {
    debug_assert_eq!(call.action(), Action::Write);
    let input = match draft.validate(&call.city_code) {
        Ok(i) => i,
        Err(e) => return Ok(Err(e)),
    };
    if call.phase.is_published()
        && (input.kind != call.kind
            || input.fields != call.fields
            || input.eligibility != call.eligibility)
    {
        return Ok(Err(vec![FieldError::new(
            "fields",
            "公開後の公募は、種類・申請要件・申請様式を変更できません（申請がそれに基づいているため）。",
            "Once published, a call's kind, requirements and form cannot change.",
        )]));
    }
    if call.version != seen_version {
        return Err(StoreError::Conflict);
    }
    let store = app.store();
    let tx = store.begin().await?;
    let menu_entry = menu_entry(store, &call.city_code, &input.measure_code).await?;
    let r = store
        .save_call(
            &tx,
            &call.city_code,
            Some(call),
            &input,
            menu_entry,
            &caller.actor,
        )
        .await?;
    tx.commit().await?;
    Ok(Ok(r))
}

/// A call's phases, for the engine: the record in the store, the release's sweep of the
/// decided applications, the owner's notices.
pub struct CallPhaseFlow<'a> {
    app: &'a App,
}

impl<'a> CallPhaseFlow<'a> {
    pub fn new(app: &'a App) -> Self {
        CallPhaseFlow { app }
    }
}

impl Flow for CallPhaseFlow<'_> {
    type W = CallPhases;
    type Record = CallRecord;
    type Id = i64;
    type Input = ();

    fn state(r: &CallRecord) -> Phase {
        r.phase
    }

    fn version(r: &CallRecord) -> i64 {
        r.version
    }

    fn id(r: &CallRecord) -> i64 {
        r.id
    }

    async fn load(&self, tx: &Tx, id: i64) -> Result<CallRecord> {
        self.app.store().call_in(tx, id).await
    }

    /// Publishing needs a form and a period.
    fn check(
        &self,
        before: &CallRecord,
        m: &PhaseMove,
        _: &(),
    ) -> std::result::Result<(), Refusal<Phase>> {
        if *m == PhaseMove::Publish
            && (before.fields.is_empty() || before.opens_on.is_none() || before.closes_on.is_none())
        {
            return Err(Refusal::Unmet("form"));
        }
        Ok(())
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &CallRecord,
        to: Phase,
        _party: PhaseParty,
        m: &PhaseMove,
        _input: &(),
        actor: &Actor,
    ) -> Result<CallRecord> {
        self.app
            .store()
            .write_call_phase(tx, before, to, *m, actor)
            .await
    }

    /// The release: every decided application moves to its released state (and tells its
    /// applicant), in the phase move's transaction.
    async fn effects(
        &self,
        tx: &Tx,
        after: &CallRecord,
        m: &PhaseMove,
        actor: &Actor,
    ) -> Result<()> {
        if *m != PhaseMove::Release {
            return Ok(());
        }
        let flow = ApplicationFlow::new(self.app, after);
        let decided = self
            .app
            .store()
            .applications_in_state(tx, after.id, AppState::Decided)
            .await?;
        for a in decided {
            let verdict = if a.verdict.as_deref() == Some("award") {
                Verdict::Award
            } else {
                Verdict::Decline
            };
            let release = renkei_domain::call::application::Move::Release(verdict);
            let party = renkei_domain::call::application::Party::Office;
            let input = renkei_store::ApplicationWrite::default();
            let moved = make_move_in(
                self.app, &flow, tx, a.id, a.version, party, &release, &input, actor,
            )
            .await?;
            if moved.is_err() {
                return Err(StoreError::Conflict);
            }
        }
        Ok(())
    }

    async fn people(&self, tx: &Tx, _party: PhaseParty, r: &CallRecord) -> Result<Vec<UserRecord>> {
        self.app.store().city_staff(tx, &r.city_code).await
    }

    async fn notice(&self, _tx: &Tx, r: &CallRecord, what: (&str, &str)) -> Result<Notice> {
        Ok(Notice {
            ja: format!("公募「{}」: {}", r.title, what.0),
            en: format!("Call \"{}\": {}", r.title, what.1),
            link: format!("/calls/{}", r.id),
        })
    }

    async fn overdue(&self, _now: DateTime<Utc>) -> Result<Vec<Overdue<CallRecord, PhaseParty>>> {
        Ok(Vec::new())
    }

    async fn claim_reminder(
        &self,
        _tx: &Tx,
        _o: &Overdue<CallRecord, PhaseParty>,
        _now: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(false)
    }
}

/// Moves a call to its next phase from the version the person saw. The release is refused
/// while an application in review is undecided.
pub async fn move_phase(
    app: &App,
    caller: &Caller,
    call: &Checked<CallRecord>,
    seen_version: i64,
    m: PhaseMove,
) -> Result<std::result::Result<CallRecord, Refusal<Phase>>> {
    debug_assert_eq!(call.action(), Action::Write);
    let store = app.store();
    let tx = store.begin().await?;
    if m == PhaseMove::Release
        && call.phase == Phase::Review
        && !store
            .applications_in_state(&tx, call.id, AppState::InReview)
            .await?
            .is_empty()
    {
        return Ok(Err(Refusal::Unmet("undecided")));
    }
    let flow = CallPhaseFlow::new(app);
    let moved = make_move_in(
        app,
        &flow,
        &tx,
        call.id,
        seen_version,
        PhaseParty::Owner,
        &m,
        &(),
        &caller.actor,
    )
    .await?;
    if moved.is_ok() {
        tx.commit().await?;
    }
    Ok(moved)
}

/// Reminds the party each overdue application step waits on (a screening left too long, a
/// correction not resubmitted …), once per step, call by call. The count sent.
pub async fn remind(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let since =
        crate::workflow::overdue_since::<renkei_domain::call::application::CallApplication>(now);
    let mut calls: Vec<i64> = app
        .store()
        .overdue_applications(&since)
        .await?
        .iter()
        .map(|r| r.call_id)
        .collect();
    calls.sort_unstable();
    calls.dedup();
    let mut sent = 0;
    for id in calls {
        let call = app.store().call(id).await?;
        sent += applications::remind(app, &call, now).await?;
    }
    Ok(sent)
}

/// The calls a city owns or shares that the caller may see (drafts only for its office).
pub async fn of_city(app: &App, caller: &Caller, city: &CityCode) -> Result<Vec<CallRecord>> {
    let all = app.store().calls_of(city).await?;
    Ok(all
        .into_iter()
        .filter(|c| {
            renkei_domain::access::decide(&caller.subject, Action::Read, resource(c))
                == renkei_domain::access::Decision::Allow
        })
        .collect())
}
