//! Research groups (研究会), checked: a group is loaded with its members and the policy asked
//! about it (`Resource::ResearchGroup`: its cities' staff and coordinators read, their staff
//! who may write change it, member companies' people read) before anything is read or
//! written. The use cases check what the forms send against what is on record — a company
//! member is one of the group's cities' companies, a meeting's event one the group's cities
//! organise of kind 研究会, a document of a kind and size kept — and then write through the
//! store, which keeps each change atomic with its audit line.
//!
//! [`membership_evaluations`] is what a company's memberships count for referral
//! eligibility; a meeting's attendance counts as support for the measure 研究会 on the
//! attending companies' products, written with the meeting.

use renkei_domain::FieldError;
use renkei_domain::access::{Action, ListScope, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::event::Kind;
use renkei_domain::product::{EvaluationKind, Provider, Support};
use renkei_domain::research_group::{
    self, GroupDraft, MeetingDraft, MemberDraft, MemberKind, NewMeeting,
};
use renkei_store::{
    CompanyId, CompanyQuery, EventId, GroupDocument, GroupMeetingId, GroupMeetingRecord, MemberId,
    MemberRecord, PageRequest, ResearchGroupId, ResearchGroupRecord, Result, StoreError, Tx,
};

use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};
use crate::consultations::today;

/// A group with its members (those who left too).
#[derive(Debug, Clone)]
pub struct Group {
    pub record: ResearchGroupRecord,
    pub members: Vec<MemberRecord>,
}

impl Group {
    /// The companies that belong to it now.
    pub fn member_companies(&self) -> Vec<i64> {
        self.members
            .iter()
            .filter(|m| m.in_force())
            .filter_map(|m| m.company_id.map(|c| c.0))
            .collect()
    }
}

/// The group of `id` with its members, once the policy allows `action` on it.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: ResearchGroupId,
) -> std::result::Result<Checked<Group>, Denied> {
    signed_in(caller)?;
    let record = match app.store().research_group(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => return Err(Denied::NotFound),
        Err(e) => return Err(e.into()),
    };
    let members = app.store().research_group_members(id).await?;
    let group = Group { record, members };
    let companies = group.member_companies();
    let resource = Resource::ResearchGroup {
        cities: &group.record.cities,
        members: &companies,
    };
    app.require(caller, action, resource).await?;
    Ok(Checked::new(group, action))
}

/// A meeting of a checked group; [`Denied::NotFound`] if it is another group's.
pub async fn meeting(
    app: &App,
    group: &Checked<Group>,
    id: GroupMeetingId,
) -> std::result::Result<GroupMeetingRecord, Denied> {
    match app.store().research_group_meeting(id).await {
        Ok(m) if m.group_id == group.record.id => Ok(m),
        Ok(_) | Err(StoreError::NotFound) => Err(Denied::NotFound),
        Err(e) => Err(e.into()),
    }
}

/// A group made by a city's staff, who lead it (the policy asked about the city's records).
pub async fn create(
    app: &App,
    caller: &Caller,
    lead: &CityCode,
    draft: &GroupDraft,
) -> std::result::Result<std::result::Result<ResearchGroupRecord, Vec<FieldError>>, Denied> {
    let resource = Resource::CityRecord {
        owner: lead,
        shared_with: &[],
    };
    app.require(caller, Action::Write, resource).await?;
    let cities: Vec<CityCode> = app.store().cities().iter().map(|c| c.code).collect();
    match draft.validate(lead, &cities) {
        Ok(g) => Ok(Ok(app
            .store()
            .insert_research_group(lead, &g, &caller.actor)
            .await?)),
        Err(errors) => Ok(Err(errors)),
    }
}

/// Changes a group from the version the person saw.
pub async fn update(
    app: &App,
    caller: &Caller,
    group: &Checked<Group>,
    seen_version: i64,
    draft: &GroupDraft,
) -> Result<std::result::Result<ResearchGroupRecord, Vec<FieldError>>> {
    debug_assert_eq!(group.action(), Action::Write);
    let cities: Vec<CityCode> = app.store().cities().iter().map(|c| c.code).collect();
    let g = match draft.validate(&group.record.city, &cities) {
        Ok(g) => g,
        Err(errors) => return Ok(Err(errors)),
    };
    // Who runs the group decides who reads its members, minutes and documents: only the
    // lead city's staff change its partners.
    let mut partners = g.partners.clone();
    partners.sort();
    let before = &group.record.cities[1..];
    let lead = Resource::CityRecord {
        owner: &group.record.city,
        shared_with: &[],
    };
    let leads = renkei_domain::access::decide(&caller.subject, Action::Write, lead)
        == renkei_domain::access::Decision::Allow;
    if partners != before && !leads {
        return refused(
            "partners",
            "共同で運営する市は、研究会を主に運営する市の職員が変更します。",
            "Only the lead city's staff change the partner cities.",
        );
    }
    Ok(Ok(app
        .store()
        .update_research_group(&group.record, seen_version, &g, &caller.actor)
        .await?))
}

fn refused<T>(
    field: &'static str,
    ja: &'static str,
    en: &'static str,
) -> Result<std::result::Result<T, Vec<FieldError>>> {
    Ok(Err(vec![FieldError::new(field, ja, en)]))
}

/// The company a member form names: by its id (`#12`), its corporate number or its name
/// (or part of it, or its reading), among the companies of the group's cities that the
/// caller may read (a partner city's staff are not told of the lead city's companies);
/// several found, the form asks for a closer name.
async fn company_named(
    app: &App,
    caller: &Caller,
    group: &Group,
    typed: &str,
) -> Result<std::result::Result<i64, FieldError>> {
    let text = renkei_domain::text::fold(typed);
    let cities = &group.record.cities;
    let not_ours = || {
        FieldError::new(
            "company",
            "研究会を運営する市の企業に、この名称・法人番号の企業は見つかりません。",
            "No company of the group's cities has this name or corporate number.",
        )
    };
    if let Some(id) = text
        .strip_prefix('#')
        .and_then(|n| n.trim().parse::<i64>().ok())
    {
        return Ok(
            match app.company(caller, Action::Read, CompanyId(id)).await {
                Ok(c) if cities.contains(&c.0.home_city) => Ok(id),
                Ok(_) | Err(Denied::NotFound | Denied::Forbidden | Denied::SignInRequired) => {
                    Err(not_ours())
                }
                Err(Denied::Store(e)) => return Err(e),
            },
        );
    }
    let mut scope = renkei_domain::access::list_scope(&caller.subject);
    if scope.all {
        scope = ListScope {
            all: false,
            cities: cities.clone(),
            companies: Vec::new(),
        };
    } else {
        scope.cities.retain(|c| cities.contains(c));
        scope.companies.clear();
    }
    let query = CompanyQuery {
        text: Some(text.clone()),
        ..Default::default()
    };
    let mut found = app
        .store()
        .companies(&scope, &query, PageRequest::new(1, 6))
        .await?;
    found.items.retain(|c| cities.contains(&c.home_city));
    let exact = found
        .items
        .iter()
        .filter(|c| renkei_domain::text::fold(&c.name) == text)
        .collect::<Vec<_>>();
    Ok(match (found.items.as_slice(), exact.as_slice()) {
        (_, [one]) => Ok(one.id.0),
        ([one], _) => Ok(one.id.0),
        ([], _) => Err(not_ours()),
        _ => Err(FieldError::new(
            "company",
            "この名称に当てはまる企業が複数あります。正確な名称か法人番号（13桁）を入力してください。",
            "Several companies match: enter the exact name or the corporate number.",
        )),
    })
}

/// Adds a member: a company of one of the group's cities, named as typed (once: a second
/// time while it belongs is refused), or an organisation or person by name.
pub async fn add_member(
    app: &App,
    caller: &Caller,
    group: &Checked<Group>,
    draft: &MemberDraft,
) -> Result<std::result::Result<MemberRecord, Vec<FieldError>>> {
    debug_assert_eq!(group.action(), Action::Write);
    let mut draft = draft.clone();
    let mut errors = Vec::new();
    if renkei_domain::text::fold(&draft.kind) == MemberKind::Company.code()
        && !draft.company.trim().is_empty()
    {
        match company_named(app, caller, group, &draft.company).await? {
            Ok(id) => draft.company = id.to_string(),
            Err(e) => errors.push(e),
        }
    }
    let m = match draft.validate(today()) {
        Ok(m) if errors.is_empty() => m,
        Ok(_) => return Ok(Err(errors)),
        Err(more) => {
            let named = !errors.is_empty();
            errors.extend(more.into_iter().filter(|e| e.field != "company" || !named));
            return Ok(Err(errors));
        }
    };
    match app
        .store()
        .add_research_group_member(&group.record, &m, &caller.actor)
        .await
    {
        Ok(r) => Ok(Ok(r)),
        Err(StoreError::Duplicate(_)) => refused(
            "company",
            "この企業はすでに研究会の会員です。",
            "This company already belongs to the group.",
        ),
        Err(e) => Err(e),
    }
}

/// Records the day a member left (typed; empty: today).
pub async fn leave(
    app: &App,
    caller: &Caller,
    group: &Checked<Group>,
    member: MemberId,
    day: &str,
) -> std::result::Result<std::result::Result<MemberRecord, Vec<FieldError>>, Denied> {
    debug_assert_eq!(group.action(), Action::Write);
    let Some(m) = group.members.iter().find(|m| m.id == member) else {
        return Err(Denied::NotFound);
    };
    if !m.in_force() {
        return Ok(refused(
            "left_on",
            "この会員はすでに退会しています。",
            "This member has already left.",
        )?);
    }
    let left_on = match research_group::leaving_day(day, m.joined_on, today()) {
        Ok(d) => d,
        Err(errors) => return Ok(Err(errors)),
    };
    Ok(Ok(app
        .store()
        .end_research_group_membership(&group.record, m, left_on, &caller.actor)
        .await?))
}

/// A meeting checked: the attendees among the members, the event one of the group's cities'
/// research-group events.
async fn checked_meeting(
    app: &App,
    group: &Checked<Group>,
    draft: &MeetingDraft,
) -> Result<std::result::Result<NewMeeting, Vec<FieldError>>> {
    let members: Vec<i64> = group.members.iter().map(|m| m.id.0).collect();
    let m = match draft.validate(today(), &members) {
        Ok(m) => m,
        Err(errors) => return Ok(Err(errors)),
    };
    // An attendee was a member on the day held (joined by then, not left before).
    let member_then = |id: &i64| {
        group.members.iter().any(|x| {
            x.id.0 == *id && x.joined_on <= m.held_on && x.left_on.is_none_or(|l| m.held_on <= l)
        })
    };
    if !m.attendees.iter().all(member_then) {
        return refused(
            "attendees",
            "開催日に会員でなかった出席者がいます。入会日・退会日を確かめてください。",
            "Someone ticked was not a member on the day held: check the days of joining and leaving.",
        );
    }
    if let Some(id) = m.event {
        let ours = match app.store().event(EventId(id)).await {
            Ok(e) => {
                e.kind == Kind::ResearchGroup
                    && e.status == renkei_domain::event::Status::Published
                    && e.organisers.iter().any(|c| group.record.cities.contains(c))
            }
            Err(StoreError::NotFound) => false,
            Err(e) => return Err(e),
        };
        if !ours {
            return refused(
                "event",
                "イベントは研究会の市が主催する「研究会」のイベントから選んでください。",
                "Choose one of the group's cities' research-group events.",
            );
        }
    }
    Ok(Ok(m))
}

/// What a meeting's attendance counts as: for each company member among the attendees
/// not counted before, a support record of the measure 研究会 on its product (its only
/// active one, as an event's check-in), the lead city as provider, the day held, the group
/// and meeting as the note — written in the meeting's transaction, and the members noted so
/// that ticking them again never counts twice. A meeting held as one of the city's events
/// counts through the event's check-ins instead.
async fn record_attendance(
    app: &App,
    tx: &Tx,
    group: &Group,
    m: &GroupMeetingRecord,
    actor: &renkei_store::Actor,
) -> Result<()> {
    let Some(measure) = renkei_domain::catalog::measure(MEASURE) else {
        return Ok(());
    };
    if m.event_id.is_some() {
        return Ok(());
    }
    let store = app.store();
    let new: Vec<i64> = m
        .attendees
        .iter()
        .copied()
        .filter(|a| !m.supported.contains(a))
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    store.mark_attendance_supported(tx, m, &new).await?;
    let companies = group
        .members
        .iter()
        .filter(|x| new.contains(&x.id.0))
        .filter_map(|x| x.company_id);
    for company in companies {
        let products = store.company_products_in(tx, company).await?;
        let [product] = products.as_slice() else {
            continue;
        };
        let city = group.record.city;
        let support = Support {
            measure,
            provider: if product.home_city == city {
                Provider::Own
            } else {
                Provider::PartnerCity
            },
            provider_city: Some(city),
            date: Some(m.held_on),
            outcome: String::new(),
            notes: format!("{} {}（研究会）", group.record.name, m.title),
        };
        store
            .add_support_in(tx, product, &support, None, actor)
            .await?;
    }
    Ok(())
}

/// The measure a research group's meetings deliver.
const MEASURE: &str = "development.research-group";

/// Records a meeting held; the attending companies' support with it.
pub async fn add_meeting(
    app: &App,
    caller: &Caller,
    group: &Checked<Group>,
    draft: &MeetingDraft,
) -> Result<std::result::Result<GroupMeetingRecord, Vec<FieldError>>> {
    debug_assert_eq!(group.action(), Action::Write);
    let m = match checked_meeting(app, group, draft).await? {
        Ok(m) => m,
        Err(errors) => return Ok(Err(errors)),
    };
    let tx = app.store().begin().await?;
    let actor = &caller.actor;
    let record = app
        .store()
        .insert_research_group_meeting(&tx, &group.record, &m, actor)
        .await?;
    record_attendance(app, &tx, group, &record, actor).await?;
    tx.commit().await?;
    Ok(Ok(record))
}

/// Changes a meeting (its minutes, who attended …) from the version the person saw; those
/// ticked as attending whose attendance was not counted before get their support with it.
pub async fn update_meeting(
    app: &App,
    caller: &Caller,
    group: &Checked<Group>,
    (before, seen_version): (&GroupMeetingRecord, i64),
    draft: &MeetingDraft,
) -> Result<std::result::Result<GroupMeetingRecord, Vec<FieldError>>> {
    debug_assert_eq!(group.action(), Action::Write);
    let m = match checked_meeting(app, group, draft).await? {
        Ok(m) => m,
        Err(errors) => return Ok(Err(errors)),
    };
    let tx = app.store().begin().await?;
    let actor = &caller.actor;
    let after = app
        .store()
        .update_research_group_meeting(&tx, &group.record, (before, seen_version), &m, actor)
        .await?;
    record_attendance(app, &tx, group, &after, actor).await?;
    tx.commit().await?;
    Ok(Ok(after))
}

/// Keeps a document of the group (of one of its meetings, if given): of a kind kept, at
/// most `research_group::DOCUMENT_MAX_BYTES`.
pub async fn add_document(
    app: &App,
    caller: &Caller,
    group: &Checked<Group>,
    meeting: Option<&GroupMeetingRecord>,
    (name, content): (&str, Vec<u8>),
) -> Result<std::result::Result<GroupDocument, Vec<FieldError>>> {
    debug_assert_eq!(group.action(), Action::Write);
    let name = renkei_domain::text::clean(name);
    let media_type = match research_group::document_type(&name, content.len()) {
        Ok(t) => t,
        Err(e) => return Ok(Err(vec![e])),
    };
    let meeting = meeting.map(|m| m.id);
    Ok(Ok(app
        .store()
        .insert_research_group_document(
            &group.record,
            meeting,
            (&name, media_type, content),
            &caller.actor,
        )
        .await?))
}

/// The groups a company belongs to now, with its membership in each.
pub async fn memberships(
    app: &App,
    company: CompanyId,
) -> Result<Vec<(ResearchGroupRecord, MemberRecord)>> {
    let mut all = app.store().company_research_groups(company).await?;
    all.retain(|(_, m)| m.in_force());
    Ok(all)
}

/// What memberships in force count as for referral eligibility: an evaluation of kind
/// 研究会への参加 in each city running a group the company belongs to.
pub fn evaluations_of(
    memberships: &[(ResearchGroupRecord, MemberRecord)],
) -> Vec<(EvaluationKind, CityCode)> {
    let cities: Vec<Vec<CityCode>> = memberships.iter().map(|(g, _)| g.cities.clone()).collect();
    research_group::membership_evaluations(&cities)
}

/// What a company's memberships in force count as for referral eligibility
/// ([`evaluations_of`] its [`memberships`]).
pub async fn membership_evaluations(
    app: &App,
    company: CompanyId,
) -> Result<Vec<(EvaluationKind, CityCode)>> {
    Ok(evaluations_of(&memberships(app, company).await?))
}
