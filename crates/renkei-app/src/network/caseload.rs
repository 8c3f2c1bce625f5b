//! A city's caseload (担当案件): what waits on each of its coordinators and staff, and on its
//! officers together, across the programs — consultation cases each works, requests for help
//! asked of them or by them, referral steps they prepared and were returned, and what the
//! city's officers have to approve or move (preparations, new cases at the desk, the
//! referral steps that are the city's). Each item says what it is, where it stands, its due
//! day and whether it is past it. Read by the city's staff and coordinators.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use renkei_domain::Text;
use renkei_domain::access::{Action, ListScope, Resource, Role};
use renkei_domain::city::CityCode;
use renkei_domain::consultation::State as CaseState;
use renkei_domain::network::help::State as HelpState;
use renkei_domain::referral::{self, Party as ReferralParty};
use renkei_domain::referral_prep::State as PrepState;
use renkei_store::{ConsultationQuery, HelpScope, PageRequest, ReferralQuery, Result, UserRecord};

use crate::App;
use crate::access::{Caller, Denied, signed_in};
use crate::consultations::today;

/// One thing waiting: what it is, where it stands, its page and its due day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub program: Text,
    pub title: String,
    pub state: Text,
    pub link: String,
    pub due: Option<NaiveDate>,
    pub overdue: bool,
}

impl Item {
    fn new(
        program: Text,
        title: String,
        state: Text,
        link: String,
        due: Option<NaiveDate>,
    ) -> Self {
        let overdue = due.is_some_and(|d| d < today());
        Item {
            program,
            title,
            state,
            link,
            due,
            overdue,
        }
    }
}

/// One person's row: their account, whether they coordinate, what waits on them.
#[derive(Debug, Clone)]
pub struct Row {
    pub person: UserRecord,
    pub coordinator: bool,
    pub items: Vec<Item>,
}

/// A city's caseload: each person's row (coordinators first), and what waits on the
/// city's officers together.
#[derive(Debug, Clone)]
pub struct Caseload {
    pub rows: Vec<Row>,
    pub officers: Vec<Item>,
}

impl Caseload {
    pub fn overdue(&self) -> usize {
        self.rows
            .iter()
            .flat_map(|r| &r.items)
            .chain(&self.officers)
            .filter(|i| i.overdue)
            .count()
    }
}

const CASE: Text = Text::new("相談案件", "Consultation");
const HELP: Text = Text::new("相互支援の依頼", "Request for help");
const PREP: Text = Text::new("紹介の準備", "Referral preparation");
const REFERRAL: Text = Text::new("市間紹介", "Referral");

/// The caseload of `city`, once the caller may read the city's records.
pub async fn caseload(
    app: &App,
    caller: &Caller,
    city: CityCode,
) -> std::result::Result<Caseload, Denied> {
    signed_in(caller)?;
    let record = Resource::CityRecord {
        owner: &city,
        shared_with: &[],
    };
    app.require(caller, Action::Read, record).await?;
    Ok(gather(app, city).await?)
}

async fn gather(app: &App, city: CityCode) -> Result<Caseload> {
    let store = app.store();
    let (_, coordinators) = crate::help::choices(app, &city).await?;
    let staff_roles = [
        Role::CityStaff {
            city,
            read_only: false,
        },
        Role::CityStaff {
            city,
            read_only: true,
        },
    ];
    let staff: Vec<UserRecord> = store
        .people_holding(&staff_roles)
        .await?
        .into_iter()
        .map(|(u, _)| u)
        .filter(|u| u.active)
        .collect();
    let mut people: BTreeMap<i64, Row> = BTreeMap::new();
    for (person, coordinator) in coordinators
        .into_iter()
        .map(|u| (u, true))
        .chain(staff.into_iter().map(|u| (u, false)))
    {
        people.entry(person.id.0).or_insert(Row {
            person,
            coordinator,
            items: Vec::new(),
        });
    }
    let mut officers = Vec::new();
    cases(app, &city, &mut people, &mut officers).await?;
    help_requests(app, &mut people).await?;
    preparations(app, &city, &mut people, &mut officers).await?;
    referrals(app, &city, &mut officers).await?;
    let mut rows: Vec<Row> = people.into_values().collect();
    rows.sort_by_key(|r| (!r.coordinator, r.person.id.0));
    for r in &mut rows {
        r.items.sort_by_key(|i| (i.due.is_none(), i.due));
    }
    officers.sort_by_key(|i| (i.due.is_none(), i.due));
    Ok(Caseload { rows, officers })
}

/// The desk's open cases: a new one waits on the officers, one worked on its handler.
async fn cases(
    app: &App,
    city: &CityCode,
    people: &mut BTreeMap<i64, Row>,
    officers: &mut Vec<Item>,
) -> Result<()> {
    let open = app
        .store()
        .consultations_of(
            city,
            &ConsultationQuery::default(),
            PageRequest::new(1, 200),
        )
        .await?;
    for c in open.items {
        let due = (c.first_answered_at.is_none()).then_some(c.first_answer_due);
        let item = Item::new(
            CASE,
            format!("#{} {}", c.id, c.subject),
            c.state.name(),
            format!("/consultations/{}", c.id),
            due,
        );
        match (c.state, c.handler_id.and_then(|h| people.get_mut(&h.0))) {
            (CaseState::New, _) | (_, None) => officers.push(item),
            (CaseState::InProgress, Some(row)) => row.items.push(item),
            // Waiting on the company: still the handler's case, not theirs to move now.
            (_, Some(row)) => row.items.push(Item {
                due: None,
                overdue: false,
                ..item
            }),
        }
    }
    Ok(())
}

/// Requests for help asked of each coordinator (to answer or advise on) or by each person
/// (nobody took it yet, or it is to be concluded): one read for every person of the city.
async fn help_requests(app: &App, people: &mut BTreeMap<i64, Row>) -> Result<()> {
    let scope = HelpScope {
        people: people.keys().copied().collect(),
        ..Default::default()
    };
    if scope.people.is_empty() {
        return Ok(());
    }
    for r in app.store().help_requests(&scope).await? {
        if r.state.is_end() {
            continue;
        }
        // The one asked (or who took it); else, while nobody took it, its asker.
        let waits_on = r.helper_id.or(r.asker_id);
        let Some(row) = waits_on.and_then(|id| people.get_mut(&id)) else {
            continue;
        };
        let state = if r.state == HelpState::Asked && r.helper_id.is_none() {
            Text::new("ネットワークに依頼中（引受け待ち）", "Open to the network")
        } else {
            r.state.name()
        };
        row.items.push(Item::new(
            HELP,
            format!("#{} {}", r.id, r.field.name().ja),
            state,
            format!("/help-requests/{}", r.id),
            r.due_on,
        ));
    }
    Ok(())
}

/// Prepared steps wait on the officers; returned ones on their preparer.
async fn preparations(
    app: &App,
    city: &CityCode,
    people: &mut BTreeMap<i64, Row>,
    officers: &mut Vec<Item>,
) -> Result<()> {
    for p in app.store().preparations(std::slice::from_ref(city)).await? {
        let item = Item::new(
            PREP,
            format!("#{} {}", p.id, p.kind.name().ja),
            p.state.name(),
            format!("/referral-preparations/{}", p.id),
            p.due_on,
        );
        match p.state {
            PrepState::Prepared => officers.push(item),
            PrepState::Returned => {
                if let Some(row) = p.preparer_id.and_then(|id| people.get_mut(&id)) {
                    row.items.push(item);
                }
            }
            PrepState::Approved | PrepState::Withdrawn => {}
        }
    }
    Ok(())
}

/// The open referrals whose step is the city's (sending or receiving), the most recently
/// changed 200.
async fn referrals(app: &App, city: &CityCode, officers: &mut Vec<Item>) -> Result<()> {
    let scope = ListScope {
        cities: vec![*city],
        ..Default::default()
    };
    let page = app
        .store()
        .referrals(&scope, &ReferralQuery::default(), PageRequest::new(1, 200))
        .await?;
    for r in page.items {
        let ours = match referral::waiting_on(r.state) {
            Some(ReferralParty::SendingCity) => r.sending_city == *city,
            Some(ReferralParty::ReceivingCity) => r.receiving_city == *city,
            _ => false,
        };
        if !ours {
            continue;
        }
        let due = referral::default_days(r.state)
            .map(|d| crate::consultations::day(r.state_since + chrono::Duration::days(d.into())));
        officers.push(Item::new(
            REFERRAL,
            format!("#{}", r.id),
            r.state.name(),
            format!("/referrals/{}", r.id),
            due,
        ));
    }
    Ok(())
}
