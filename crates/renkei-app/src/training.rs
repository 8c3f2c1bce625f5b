//! Coordinators' training (確保・育成): curricula defined by a city's staff (or, for the whole
//! network, by the administrators) and their training events ([`link_course`]: an event of
//! the kind 研修 tied to a module, with the hours it counts); the hours a coordinator earns
//! — an attendance checked in at such an event ([`attended`], run in the check-in's own
//! transaction) or an external course their city's staff record ([`record_external`]) —;
//! the certificate (修了証) issued once, in the same transaction, when a curriculum is
//! completed ([`settle`]); a coordinator's record and matrix ([`person_training`]), a city's
//! matrix and gaps ([`city_training`]) and the network's counts ([`network_training`]).
//! Who may do what is `access::training`, asked through `App::require`.

use chrono::{NaiveDate, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, Role, TrainingThing};
use renkei_domain::catalog::Stage;
use renkei_domain::city::{CityCode, DESIGNATED_CITIES};
use renkei_domain::event::Kind;
use renkei_domain::jdate;
use renkei_domain::training::{
    Cell, CurriculumDraft, Gap, Hours, RecordDraft, completes, gaps, matrix, parse_hours,
};
use renkei_store::{
    Actor, CertificateId, CertificateRecord, CourseRecord, CurriculumId, CurriculumRecord, EventId,
    EventRecord, EventRegistrationRecord, NewTrainingRecord, Result, StoreError, TrainingRecord,
    Tx, UserId,
};

use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};
use crate::network::{Coordinator, coordinators};

fn today() -> NaiveDate {
    Utc::now()
        .with_timezone(&renkei_domain::event::jst())
        .date_naive()
}

/// Every curriculum, for the network's staff and coordinators.
pub async fn curricula(
    app: &App,
    caller: &Caller,
) -> std::result::Result<Vec<CurriculumRecord>, Denied> {
    let thing = TrainingThing::Curriculum(None);
    app.require(caller, Action::Read, Resource::Training(thing))
        .await?;
    Ok(app.store().curricula().await?)
}

/// A curriculum, once the policy allows the caller `action` on it.
pub async fn load_curriculum(
    app: &App,
    caller: &Caller,
    action: Action,
    id: CurriculumId,
) -> std::result::Result<Checked<CurriculumRecord>, Denied> {
    signed_in(caller)?;
    let c = match app.store().curriculum(id).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => {
            return Err(app.absent(caller, action, format!("Curriculum {id}")).await);
        }
        Err(e) => return Err(e.into()),
    };
    let thing = TrainingThing::Curriculum(c.city.as_ref());
    app.require(caller, action, Resource::Training(thing))
        .await?;
    Ok(Checked::new(c, action))
}

/// Whether the caller may define a curriculum of `city` (none: the network's).
pub async fn may_define(
    app: &App,
    caller: &Caller,
    city: Option<&CityCode>,
) -> std::result::Result<(), Denied> {
    let thing = TrainingThing::Curriculum(city);
    app.require(caller, Action::Write, Resource::Training(thing))
        .await
}

/// Defines a curriculum of `city` (none: the network's).
pub async fn define(
    app: &App,
    caller: &Caller,
    city: Option<&CityCode>,
    draft: &CurriculumDraft,
) -> std::result::Result<std::result::Result<CurriculumRecord, Vec<FieldError>>, Denied> {
    may_define(app, caller, city).await?;
    let c = match draft.validate(&[]) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(app
        .store()
        .insert_curriculum(city, &c, &caller.actor)
        .await?))
}

/// Changes a curriculum loaded for writing, from the version read (a stale one is
/// `StoreError::Conflict`). Its modules keep their keys; a module left out is no longer
/// required (records naming it keep counting at its stages).
pub async fn edit(
    app: &App,
    caller: &Caller,
    c: &Checked<CurriculumRecord>,
    version: i64,
    draft: &CurriculumDraft,
) -> Result<std::result::Result<CurriculumRecord, Vec<FieldError>>> {
    if c.action() != Action::Write {
        return Err(StoreError::NotFound);
    }
    let known: Vec<u32> = c.modules.iter().map(|m| m.key).collect();
    let checked = match draft.validate(&known) {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    Ok(Ok(app
        .store()
        .update_curriculum(c.id, version, &checked, &caller.actor)
        .await?))
}

/// The training events a curriculum's course form may name: the events of the kind 研修 of
/// the curriculum's city (every city's for the network's).
pub async fn course_events(app: &App, c: &CurriculumRecord) -> Result<Vec<EventRecord>> {
    let q = renkei_store::EventQuery {
        organiser: c.city,
        kind: Some(Kind::Training),
        ..Default::default()
    };
    Ok(app
        .store()
        .events(&q)
        .await?
        .into_iter()
        .filter(|e| c.city.is_none_or(|city| e.city == city))
        .collect())
}

/// Ties a training event to one of the curriculum's modules (a curriculum loaded for
/// writing): the event one of [`course_events`], the module one of its keys, the hours an
/// attendance counts (half hours; empty: the module's).
pub async fn link_course(
    app: &App,
    caller: &Caller,
    c: &Checked<CurriculumRecord>,
    (event, module, hours): (&str, &str, &str),
) -> Result<std::result::Result<CourseRecord, Vec<FieldError>>> {
    if c.action() != Action::Write {
        return Err(StoreError::NotFound);
    }
    let mut errors = Vec::new();
    let events = course_events(app, c).await?;
    let fold = renkei_domain::text::fold;
    let e = fold(event)
        .parse::<i64>()
        .ok()
        .and_then(|id| events.into_iter().find(|e| e.id.0 == id));
    if e.is_none() {
        errors.push(FieldError::new(
            "event",
            "研修（種類が「コーディネーター研修」）の催しを一覧から選んでください。",
            "Choose a training event from the list.",
        ));
    }
    let m = fold(module)
        .parse::<u32>()
        .ok()
        .and_then(|k| c.module(k).cloned());
    if m.is_none() {
        errors.push(FieldError::new(
            "module",
            "科目を一覧から選んでください。",
            "Choose the module from the list.",
        ));
    }
    let half_hours = match (fold(hours).is_empty(), &m) {
        (true, Some(m)) => Some(m.half_hours),
        (true, None) => None,
        (false, _) => parse_hours("hours", hours)
            .map_err(|err| errors.push(err))
            .ok(),
    };
    let (Some(e), Some(m), Some(half_hours), true) = (e, m, half_hours, errors.is_empty()) else {
        return Ok(Err(errors));
    };
    let course = CourseRecord {
        event_id: e.id,
        curriculum_id: c.id,
        module_key: m.key,
        half_hours,
    };
    Ok(Ok(app
        .store()
        .set_course((e.id, &e.city), &course, &caller.actor)
        .await?))
}

/// The courses of a curriculum with their events.
pub async fn courses(app: &App, c: &CurriculumRecord) -> Result<Vec<(CourseRecord, EventRecord)>> {
    let mut out = Vec::new();
    for course in app.store().courses_of(c.id).await? {
        out.push((course, app.store().event(course.event_id).await?));
    }
    Ok(out)
}

/// The city an account's training counts for: its first coordinator city, else its first
/// staff city; none for an account of neither.
fn training_city(roles: &[Role]) -> Option<CityCode> {
    roles
        .iter()
        .find_map(|r| match r {
            Role::Coordinator { city } => Some(*city),
            _ => None,
        })
        .or_else(|| {
            roles.iter().find_map(|r| match r {
                Role::CityStaff { city, .. } => Some(*city),
                _ => None,
            })
        })
}

/// A registration of a training event tied to a module was checked in: the attendance is
/// the registrant's training record (once), and any curriculum it completes gives its
/// certificate — in the check-in's transaction. Nothing for another event or a registrant
/// without an account of a city.
pub async fn attended(
    app: &App,
    tx: &Tx,
    event: &EventRecord,
    r: &EventRegistrationRecord,
    actor: &Actor,
) -> Result<()> {
    let (Some(user), Kind::Training) = (r.user_id, event.kind) else {
        return Ok(());
    };
    let store = app.store();
    let Some(course) = store.course_in(tx, event.id).await? else {
        return Ok(());
    };
    let Some(city) = training_city(&store.roles_of(user).await?) else {
        return Ok(());
    };
    let c = store.curriculum(course.curriculum_id).await?;
    let stages = c
        .module(course.module_key)
        .map(|m| m.stage_list())
        .unwrap_or_default();
    let city_name = store.city_name(&event.city.to_string());
    let new = NewTrainingRecord {
        user,
        city,
        source: "event",
        event: Some(event.id),
        module: Some((course.curriculum_id, course.module_key)),
        stages,
        held_on: event
            .starts_at
            .with_timezone(&renkei_domain::event::jst())
            .date_naive(),
        half_hours: course.half_hours,
        provider: city_name,
        title: event.title.clone(),
    };
    if store
        .insert_training_record(tx, &new, actor)
        .await?
        .is_some()
    {
        settle(app, tx, (user, &city), actor).await?;
    }
    Ok(())
}

/// Issues, in the caller's transaction, the certificate of every curriculum the account's
/// records now complete and it does not hold yet. The certificates issued.
pub async fn settle(
    app: &App,
    tx: &Tx,
    (user, city): (UserId, &CityCode),
    actor: &Actor,
) -> Result<Vec<CertificateRecord>> {
    let store = app.store();
    let records: Vec<Hours> = store
        .training_records_in(tx, user)
        .await?
        .iter()
        .map(TrainingRecord::hours)
        .collect();
    let mut issued = Vec::new();
    for c in store.curricula().await? {
        if !completes(c.id.0, &c.modules, &records) {
            continue;
        }
        let half_hours = records
            .iter()
            .filter(|r| r.module.is_some_and(|(cid, _)| cid == c.id.0))
            .map(|r| r.half_hours)
            .sum();
        if let Some(cert) = store
            .issue_certificate(tx, (user, city), &c, (half_hours, today()), actor)
            .await?
        {
            issued.push(cert);
        }
    }
    Ok(issued)
}

/// A coordinator, once the policy allows the caller `action` on their training.
pub async fn load_person(
    app: &App,
    caller: &Caller,
    action: Action,
    id: UserId,
) -> std::result::Result<Checked<Coordinator>, Denied> {
    signed_in(caller)?;
    let Some(c) = coordinators(app)
        .await?
        .into_iter()
        .find(|c| c.account.user.id == id)
    else {
        return Err(app
            .absent(caller, action, format!("Coordinator {id}"))
            .await);
    };
    let thing = TrainingThing::Person {
        person: id.0,
        cities: &c.account.cities,
    };
    app.require(caller, action, Resource::Training(thing))
        .await?;
    Ok(Checked::new(c, action))
}

/// The modules an external record may name: every curriculum's, as `(curriculum, module)`.
pub async fn modules(app: &App) -> Result<Vec<CurriculumRecord>> {
    app.store().curricula().await
}

/// Records an external course for a coordinator loaded for writing (their city's full
/// staff), and issues any certificate it completes, in one transaction.
pub async fn record_external(
    app: &App,
    caller: &Caller,
    c: &Checked<Coordinator>,
    draft: &RecordDraft,
) -> Result<std::result::Result<(TrainingRecord, Vec<CertificateRecord>), Vec<FieldError>>> {
    if c.action() != Action::Write {
        return Err(StoreError::NotFound);
    }
    let Some(city) = c.city() else {
        return Err(StoreError::NotFound);
    };
    let curricula = app.store().curricula().await?;
    let named: Vec<(i64, &renkei_domain::training::Module)> = curricula
        .iter()
        .flat_map(|cur| cur.modules.iter().map(move |m| (cur.id.0, m)))
        .collect();
    let r = match draft.validate(&named, today()) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    let user = c.account.user.id;
    let new = NewTrainingRecord {
        user,
        city,
        source: "external",
        event: None,
        module: r.module.map(|(cid, k)| (CurriculumId(cid), k)),
        stages: r.stages,
        held_on: r.held_on,
        half_hours: r.half_hours,
        provider: r.provider,
        title: r.title,
    };
    let store = app.store();
    let tx = store.begin().await?;
    let Some(record) = store
        .insert_training_record(&tx, &new, &caller.actor)
        .await?
    else {
        return Err(StoreError::Conflict);
    };
    let issued = settle(app, &tx, (user, &city), &caller.actor).await?;
    tx.commit().await?;
    Ok(Ok((record, issued)))
}

/// A coordinator's training as their page shows it.
#[derive(Debug, Clone)]
pub struct PersonTraining {
    pub records: Vec<TrainingRecord>,
    pub certificates: Vec<CertificateRecord>,
    pub row: [Cell; 8],
    /// Each curriculum they earned hours towards, with the half hours earned per module.
    pub progress: Vec<(CurriculumRecord, Vec<(u32, u32)>)>,
}

fn certified_stages(certs: &[CertificateRecord], curricula: &[CurriculumRecord]) -> Vec<Stage> {
    let mut out = Vec::new();
    for cert in certs {
        if let Some(c) = curricula.iter().find(|c| c.id == cert.curriculum_id) {
            for s in c.modules.iter().flat_map(|m| m.stage_list()) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
        }
    }
    out
}

fn expertise(c: &Coordinator) -> Vec<Stage> {
    c.profile
        .as_ref()
        .map(|p| p.stages.clone())
        .unwrap_or_default()
}

/// The training of a coordinator loaded for reading.
pub async fn person_training(app: &App, c: &Checked<Coordinator>) -> Result<PersonTraining> {
    let store = app.store();
    let user = c.account.user.id;
    let records = store.training_records_of(user).await?;
    let certificates = store.certificates_of(user).await?;
    let curricula = store.curricula().await?;
    let hours: Vec<Hours> = records.iter().map(TrainingRecord::hours).collect();
    let row = matrix(
        &expertise(c),
        &hours,
        &certified_stages(&certificates, &curricula),
    );
    let progress = curricula
        .into_iter()
        .filter(|cur| {
            hours
                .iter()
                .any(|h| h.module.is_some_and(|(x, _)| x == cur.id.0))
        })
        .map(|cur| {
            let earned = renkei_domain::training::module_hours(cur.id.0, &hours);
            let per = cur
                .modules
                .iter()
                .map(|m| (m.key, earned.get(&m.key).copied().unwrap_or(0)))
                .collect();
            (cur, per)
        })
        .collect();
    Ok(PersonTraining {
        records,
        certificates,
        row,
        progress,
    })
}

/// One coordinator's row of a city's matrix.
#[derive(Debug, Clone)]
pub struct MatrixRow {
    pub coordinator: Coordinator,
    pub row: [Cell; 8],
    pub half_hours: u32,
    pub certificates: usize,
}

/// A city's coordinators' training and its gaps.
#[derive(Debug, Clone)]
pub struct CityTraining {
    pub rows: Vec<MatrixRow>,
    pub gaps: Vec<Gap>,
}

/// The matrix rows of `city`'s coordinators (those whose training counts for it).
async fn rows_of(
    app: &App,
    city: &CityCode,
    curricula: &[CurriculumRecord],
) -> Result<Vec<MatrixRow>> {
    let store = app.store();
    let records = store.training_records(Some(city)).await?;
    let certs = store.certificates(Some(city)).await?;
    let mut rows = Vec::new();
    for c in coordinators(app).await? {
        if c.city() != Some(*city) {
            continue;
        }
        let user = c.account.user.id;
        let mine: Vec<Hours> = records
            .iter()
            .filter(|r| r.user_id == user)
            .map(TrainingRecord::hours)
            .collect();
        let my_certs: Vec<CertificateRecord> = certs
            .iter()
            .filter(|x| x.user_id == user)
            .cloned()
            .collect();
        let row = matrix(
            &expertise(&c),
            &mine,
            &certified_stages(&my_certs, curricula),
        );
        rows.push(MatrixRow {
            half_hours: mine.iter().map(|h| h.half_hours).sum(),
            certificates: my_certs.len(),
            coordinator: c,
            row,
        });
    }
    Ok(rows)
}

/// A city's training page: each of its coordinators' row and its gaps.
pub async fn city_training(
    app: &App,
    caller: &Caller,
    city: &CityCode,
) -> std::result::Result<CityTraining, Denied> {
    app.require(
        caller,
        Action::Read,
        Resource::Training(TrainingThing::City(city)),
    )
    .await?;
    let curricula = app.store().curricula().await?;
    let rows = rows_of(app, city, &curricula).await?;
    let products = app.store().product_stage_counts(city).await?;
    let cells: Vec<[Cell; 8]> = rows.iter().map(|r| r.row).collect();
    Ok(CityTraining {
        gaps: gaps(products, &cells),
        rows,
    })
}

/// One city's line of the network's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkRow {
    pub city: CityCode,
    pub coordinators: usize,
    /// Half hours of training held in the fiscal year.
    pub half_hours: u32,
    /// Certificates issued in the fiscal year.
    pub certificates: usize,
    /// Stages its products are at with no coordinator of it trained for.
    pub uncovered: Vec<Stage>,
}

/// The network's counts for fiscal year `year` (年度), city by city (every designated city).
pub async fn network_training(
    app: &App,
    caller: &Caller,
    year: i32,
) -> std::result::Result<Vec<NetworkRow>, Denied> {
    app.require(
        caller,
        Action::Read,
        Resource::Training(TrainingThing::Network),
    )
    .await?;
    let store = app.store();
    let curricula = store.curricula().await?;
    let mut out = Vec::new();
    for code in DESIGNATED_CITIES {
        let Ok(city) = CityCode::parse(code) else {
            continue;
        };
        let rows = rows_of(app, &city, &curricula).await?;
        let records = store.training_records(Some(&city)).await?;
        let certs = store.certificates(Some(&city)).await?;
        let products = store.product_stage_counts(&city).await?;
        let cells: Vec<[Cell; 8]> = rows.iter().map(|r| r.row).collect();
        out.push(NetworkRow {
            city,
            coordinators: rows.len(),
            half_hours: records
                .iter()
                .filter(|r| jdate::fiscal_year(r.held_on) == year)
                .map(|r| r.half_hours)
                .sum(),
            certificates: certs
                .iter()
                .filter(|c| jdate::fiscal_year(c.issued_on) == year)
                .count(),
            uncovered: gaps(products, &cells)
                .into_iter()
                .filter(Gap::uncovered)
                .map(|g| g.stage)
                .collect(),
        });
    }
    Ok(out)
}

/// The fiscal year today is in.
pub fn this_fiscal_year() -> i32 {
    jdate::fiscal_year(today())
}

/// A certificate with its holder, read as the holder's training.
pub async fn certificate(
    app: &App,
    caller: &Caller,
    id: CertificateId,
) -> std::result::Result<(CertificateRecord, Checked<Coordinator>), Denied> {
    signed_in(caller)?;
    let cert = match app.store().certificate(id).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => {
            return Err(app
                .absent(caller, Action::Read, format!("Certificate {id}"))
                .await);
        }
        Err(e) => return Err(e.into()),
    };
    let holder = load_person(app, caller, Action::Read, cert.user_id).await?;
    Ok((cert, holder))
}

/// An event's course, if it is tied to a module (for its page).
pub async fn course_of(app: &App, event: EventId) -> Result<Option<CourseRecord>> {
    app.store().course(event).await
}
