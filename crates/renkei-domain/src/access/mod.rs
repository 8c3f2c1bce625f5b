//! The access policy, decided in one place. Every handler that reads or writes asks
//! [`decide`] with who is asking ([`Subject`]), what they want to do ([`Action`]) and to what
//! ([`Resource`]); `docs/access-policy.md` says the same in words, and a table test walks it.
//!
//! Three answers: allowed; forbidden (the caller may know the thing exists, but may not do
//! this); or not found (the caller may not even learn that it exists — answered as 404, not
//! 403, so ids cannot be probed).

mod calls;
mod csr;
mod evidence;
mod network;
mod prep;
mod showcase;
mod threads;
mod training;

use crate::city::CityCode;
use crate::referral::Party;
use calls::{call, call_application, call_review};
pub use csr::{CsrThing, contribution_parties, csr_parties, matching_parties};
pub use evidence::EvidenceThing;
pub use network::{HelpFacts, help_parties, sees_company, speaks_for_company};
pub use prep::{PrepFacts, prep_parties};
pub use showcase::{asking_cities, in_network};
pub use threads::reads_thread;
pub use training::TrainingThing;

/// A role a person holds, each with its scope. A person may hold several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The council's secretariat: everything, everywhere.
    PlatformAdmin,
    /// A city officer or foundation staff member (市職員・産業振興財団) of one city.
    CityStaff { city: CityCode, read_only: bool },
    /// A medical-engineering coordinator (医工連携コーディネーター) belonging to a city and
    /// listed to every city.
    Coordinator { city: CityCode },
    /// A person at one company.
    CompanyUser { company: i64 },
    /// A person who manages the people of one company (held beside `CompanyUser`): invites
    /// colleagues and removes them.
    CompanyManager { company: i64 },
    /// A person at a sales-channel target (hospital, school, insurer …).
    TargetContact { organization: i64 },
    /// A reviewer (審査員) of one call or program, of any city or none.
    Reviewer { call: i64 },
}

/// Who is asking: the roles of the signed-in person, none for an anonymous caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subject {
    pub roles: Vec<Role>,
    /// The signed-in person's account, for what is given to a person rather than a role (a
    /// reviewer's assignments).
    pub person: Option<i64>,
}

impl Subject {
    pub fn anonymous() -> Self {
        Subject::default()
    }

    pub fn is_signed_in(&self) -> bool {
        !self.roles.is_empty()
    }

    pub(super) fn is_admin(&self) -> bool {
        self.roles.contains(&Role::PlatformAdmin)
    }

    /// Staff of `city`; with `write`, only those who are not read-only.
    pub(super) fn is_staff_of(&self, city: &CityCode, write: bool) -> bool {
        self.roles.iter().any(|r| match r {
            Role::CityStaff { city: c, read_only } => c == city && !(write && *read_only),
            _ => false,
        })
    }

    /// Staff or coordinator of `city`: the people who work with its records.
    pub(super) fn works_in(&self, city: &CityCode) -> bool {
        self.roles.iter().any(|r| match r {
            Role::CityStaff { city: c, .. } | Role::Coordinator { city: c } => c == city,
            _ => false,
        })
    }

    fn is_any_staff(&self) -> bool {
        self.roles
            .iter()
            .any(|r| matches!(r, Role::CityStaff { .. }))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    /// Create, change or remove.
    Write,
}

/// What is acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource<'a> {
    /// The ideal support success model: the report, compiled in.
    Catalog,
    /// A city's menu of measures: the city's public offering.
    CityMenu(&'a CityCode),
    /// The audit trail: all of it (`None`) or one city's part.
    AuditLog(Option<&'a CityCode>),
    /// The accounts of a city's staff.
    CityUsers(&'a CityCode),
    /// The people of a company (its accounts): seen by its home city's staff and coordinators
    /// and by its own people; invited and removed by the city's staff and its managers.
    CompanyPeople { id: i64, home_city: &'a CityCode },
    /// A record a city owns and does not publish (a company, a product, a referral …), with
    /// the cities it is shared with through grants that are in force.
    CityRecord {
        owner: &'a CityCode,
        shared_with: &'a [CityCode],
    },
    /// A company: its home city's record, shared like one, and seen by its own people.
    Company {
        id: i64,
        home_city: &'a CityCode,
        shared_with: &'a [CityCode],
    },
    /// The grants a city has given and received.
    CityGrants(&'a CityCode),
    /// A consultation case at a city's desk about one of its companies: read by the city's
    /// staff and coordinators and by the company's people; opened by the city's staff who may
    /// write and by the company's people. Who moves it is the case's workflow: the desk, the
    /// one it was handed to, the company.
    Consultation { city: &'a CityCode, company: i64 },
    /// A research group (研究会) of one or several cities: read by their staff and
    /// coordinators and by the people of its member companies; changed by their staff who
    /// may write.
    ResearchGroup {
        cities: &'a [CityCode],
        members: &'a [i64],
    },
    /// A call (公募) of one or several cities: a published one is read by anyone, a draft
    /// only by its cities' staff and coordinators; changed by their staff who may write.
    Call {
        cities: &'a [CityCode],
        published: bool,
    },
    /// An application to a call: read by the company's people, by the call's cities' staff
    /// and coordinators, by the company's home city's (who may prepare it for the company),
    /// and by the call's reviewers it is assigned to (`reviewers`, their accounts); started
    /// and written by the company's people and, for the company, by its home city's
    /// coordinators and staff who may write (代理申請). Who moves it is its workflow.
    CallApplication {
        call: i64,
        cities: &'a [CityCode],
        company: i64,
        home_city: &'a CityCode,
        reviewers: &'a [i64],
    },
    /// A call's review: its panel as a whole (`sheet_of` none), read by the call's cities'
    /// staff and coordinators and by its reviewers, run (reviewers invited, applications
    /// assigned) by its cities' staff who may write; or one reviewer's sheets (`sheet_of`
    /// their account), read by the office and written by that reviewer only.
    CallReview {
        call: i64,
        cities: &'a [CityCode],
        sheet_of: Option<i64>,
    },
    /// A referral between two cities (第3章): seen and moved by its parties only.
    Referral(&'a ReferralFacts<'a>),
    /// A product shown to every designated city (the showcase), by its company's consent:
    /// read by anyone when `public`, by every designated city's staff and coordinators
    /// otherwise, and by the company's people; published, changed and withdrawn by them only.
    Showcase {
        home_city: &'a CityCode,
        company: i64,
        public: bool,
    },
    /// A request to a showcased product's home city to refer it to the caller's city: made
    /// by another designated city's staff who may write.
    ShowcaseRequest { home_city: &'a CityCode },
    /// The directory of coordinators across every city: its staff and coordinators read it.
    CoordinatorDirectory,
    /// A coordinator's profile (`person`, coordinating for `cities`): read as the directory;
    /// kept by the coordinator and by those cities' staff who may write.
    CoordinatorProfile { person: i64, cities: &'a [CityCode] },
    /// Asking for help across cities for a company or a product of a city: its full staff
    /// and its coordinators (write).
    HelpAsk(&'a CityCode),
    /// A request for help across cities: see `network::help_request`.
    HelpRequest(&'a HelpFacts),
    /// Preparing a referral's step ① or ④ of a city for an officer's approval: its
    /// coordinators and staff.
    ReferralPrepare(&'a CityCode),
    /// A prepared step: read by the city's staff and coordinators, moved by its parties
    /// (`prep::prep_parties`).
    ReferralPrep(&'a PrepFacts),
    /// A support record on a product of a city: written by its staff who may write and its
    /// coordinators.
    SupportRecord { home_city: &'a CityCode },
    /// Coordinators' training: curricula, a coordinator's record, a city's training and
    /// gaps, the network's counts (see `training::training`).
    Training(TrainingThing<'a>),
    /// The evidence: a city's dashboard and report, the network's dashboard and reports
    /// (see `evidence::evidence`).
    Evidence(EvidenceThing<'a>),
    /// The discussion threads between the cities (the list, starting a topic): every city's
    /// staff and coordinators read them, its coordinators and staff who may write start one.
    Threads,
    /// One discussion thread (a topic, a product's, a referral's): see `threads::thread` and
    /// `network::thread`.
    Thread(&'a crate::network::thread::ThreadFacts),
    /// The CSR challenge certification and giving back: a city's scheme, a company's
    /// certification, the certified community, matching requests, contributions (see
    /// `csr::csr`).
    Csr(CsrThing<'a>),
    /// The platform's own administration: every account, the outbox.
    Platform,
}

/// What the policy needs to know of a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralFacts<'a> {
    pub sending: &'a CityCode,
    pub receiving: &'a CityCode,
    pub company: i64,
    /// Whether the dossier was ever sent: the receiving city knows nothing before.
    pub sent: bool,
    /// Whether it is still under way (targets see it only then).
    pub open: bool,
    /// The sales-channel targets it was introduced to.
    pub targets: &'a [i64],
}

/// The parties `subject` is to a referral: to read it (`write` false) or to act on it. Staff
/// and coordinators of a city read its referrals; its staff who may write act for it. The
/// receiving city is a party only once the dossier was sent; a target only while it is open.
pub fn referral_parties(subject: &Subject, f: &ReferralFacts<'_>, write: bool) -> Vec<Party> {
    let city = |c: &CityCode| {
        if write {
            subject.is_staff_of(c, true)
        } else {
            subject.works_in(c)
        }
    };
    let mut parties = Vec::new();
    if city(f.sending) {
        parties.push(Party::SendingCity);
    }
    if f.sent && city(f.receiving) {
        parties.push(Party::ReceivingCity);
    }
    if subject
        .roles
        .contains(&Role::CompanyUser { company: f.company })
    {
        parties.push(Party::Company);
    }
    if f.sent
        && f.open
        && subject.roles.iter().any(|r| {
            matches!(r, Role::TargetContact { organization } if f.targets.contains(organization))
        })
    {
        parties.push(Party::Target);
    }
    parties
}

/// Which city-owned records a subject's lists hold: every one (administrators), those of
/// some cities and those shared with them (staff, coordinators), and some companies' own
/// (company users). Lists and searches filter by it, so they never show what `decide` would
/// refuse to show one by one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListScope {
    pub all: bool,
    pub cities: Vec<CityCode>,
    pub companies: Vec<i64>,
}

impl ListScope {
    pub fn is_empty(&self) -> bool {
        !self.all && self.cities.is_empty() && self.companies.is_empty()
    }
}

pub fn list_scope(subject: &Subject) -> ListScope {
    let mut scope = ListScope {
        all: subject.is_admin(),
        ..Default::default()
    };
    for r in &subject.roles {
        match r {
            Role::CityStaff { city, .. } | Role::Coordinator { city }
                if !scope.cities.contains(city) =>
            {
                scope.cities.push(*city);
            }
            Role::CompanyUser { company } => scope.companies.push(*company),
            _ => {}
        }
    }
    scope
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// Known to exist, not allowed: 403 (or, for an anonymous caller, "sign in").
    Forbidden,
    /// Not to be known: 404.
    NotFound,
}

use Decision::*;

/// What an administrator may do: everything, everywhere, but act for a city or a party.
fn admin(action: Action, resource: Resource<'_>) -> Decision {
    match (resource, action) {
        // Administrators see every referral and act as none of its parties.
        (Resource::Referral(_), Action::Write) => Forbidden,
        // Nor ask for help or move a request for help (they act for no city).
        (Resource::HelpAsk(_) | Resource::HelpRequest(_), Action::Write) => Forbidden,
        // Nor prepare or approve a city's referral step (they act for no city).
        (Resource::ReferralPrepare(_) | Resource::ReferralPrep(_), Action::Write) => Forbidden,
        // Nor take part in the cities' threads (they read them).
        (Resource::Threads | Resource::Thread(_), Action::Write) => Forbidden,
        // Nor do they write a company's application (they act as the call's office).
        (Resource::CallApplication { .. }, Action::Write) => Forbidden,
        // Nor score for a reviewer.
        (
            Resource::CallReview {
                sheet_of: Some(_), ..
            },
            Action::Write,
        ) => Forbidden,
        // Nor publish a company's product (the consent is the company's), nor ask for a
        // referral (they are no city's).
        (Resource::Showcase { .. }, Action::Write) | (Resource::ShowcaseRequest { .. }, _) => {
            Forbidden
        }
        // Nor keep a city's CSR scheme, or act for a company or a city in it.
        (Resource::Csr(_), Action::Write) => Forbidden,
        // Nobody edits the report.
        (Resource::Catalog, Action::Write) => Forbidden,
        // Nobody rewrites the audit trail.
        (Resource::AuditLog(_), Action::Write) => Forbidden,
        _ => Allow,
    }
}

pub fn decide(subject: &Subject, action: Action, resource: Resource<'_>) -> Decision {
    if subject.is_admin() {
        return admin(action, resource);
    }
    match (resource, action) {
        (Resource::Catalog | Resource::CityMenu(_), Action::Read) => Allow,
        (Resource::Catalog, Action::Write) => Forbidden,
        (Resource::CityMenu(city), Action::Write) => {
            if subject.is_staff_of(city, true) {
                Allow
            } else {
                Forbidden
            }
        }
        (Resource::AuditLog(_), Action::Write) => Forbidden,
        (Resource::AuditLog(Some(city)), Action::Read) => {
            if subject.is_staff_of(city, false) {
                Allow
            } else if subject.is_any_staff() {
                NotFound
            } else {
                Forbidden
            }
        }
        (Resource::AuditLog(None), Action::Read) => Forbidden,
        (Resource::Call { cities, published }, action) => call(subject, action, cities, published),
        (
            Resource::Showcase {
                home_city,
                company,
                public,
            },
            action,
        ) => showcase::showcase(subject, action, (home_city, company, public)),
        (Resource::ShowcaseRequest { home_city }, _) => {
            showcase::showcase_request(subject, home_city)
        }
        (
            Resource::CityRecord { .. }
            | Resource::CityGrants(_)
            | Resource::Company { .. }
            | Resource::CompanyPeople { .. }
            | Resource::Consultation { .. }
            | Resource::ResearchGroup { .. }
            | Resource::CallApplication { .. }
            | Resource::CallReview { .. }
            | Resource::Referral(_)
            | Resource::CoordinatorDirectory
            | Resource::CoordinatorProfile { .. }
            | Resource::HelpAsk(_)
            | Resource::HelpRequest(_)
            | Resource::ReferralPrepare(_)
            | Resource::ReferralPrep(_)
            | Resource::SupportRecord { .. },
            _,
        ) if !subject.is_signed_in() => Forbidden,
        (Resource::ReferralPrepare(city), _) => prep::prepare(subject, city),
        (Resource::ReferralPrep(f), action) => prep::preparation(subject, action, f),
        (Resource::SupportRecord { home_city }, _) => prep::support_record(subject, home_city),
        (Resource::Training(thing), action) => training::training(subject, action, thing),
        (Resource::Evidence(thing), action) => evidence::evidence(subject, action, thing),
        (Resource::Csr(thing), action) => csr::csr(subject, action, thing),
        (Resource::CoordinatorDirectory, action) => network::directory(subject, action),
        (Resource::CoordinatorProfile { person, cities }, action) => {
            network::profile(subject, action, person, cities)
        }
        (Resource::HelpAsk(city), _) => network::ask(subject, city),
        (Resource::HelpRequest(f), action) => network::help_request(subject, action, f),
        (Resource::Threads, action) => threads::threads(subject, action),
        (Resource::Thread(f), action) => threads::thread(subject, action, f),
        (Resource::CallApplication { .. }, action) => call_application(subject, action, resource),
        (
            Resource::CallReview {
                call,
                cities,
                sheet_of,
            },
            action,
        ) => call_review(subject, action, call, cities, sheet_of),
        (Resource::ResearchGroup { cities, members }, action) => {
            research_group(subject, action, cities, members)
        }
        (Resource::Consultation { city, company }, action) => {
            consultation(subject, action, city, company)
        }
        (Resource::CompanyPeople { id, home_city }, action) => {
            company_people(subject, action, id, home_city)
        }
        (Resource::Referral(f), action) => {
            if !referral_parties(subject, f, action == Action::Write).is_empty() {
                Allow
            } else if !referral_parties(subject, f, false).is_empty() {
                Forbidden
            } else {
                NotFound
            }
        }
        (
            Resource::Company {
                id,
                home_city,
                shared_with,
            },
            action,
        ) => {
            let own = subject.roles.contains(&Role::CompanyUser { company: id });
            match decide(
                subject,
                action,
                Resource::CityRecord {
                    owner: home_city,
                    shared_with,
                },
            ) {
                NotFound if own && action == Action::Read => Allow,
                NotFound if own => Forbidden,
                other => other,
            }
        }
        (Resource::CityRecord { owner, shared_with }, Action::Read) => {
            if subject.works_in(owner) || shared_with.iter().any(|c| subject.works_in(c)) {
                Allow
            } else {
                NotFound
            }
        }
        (Resource::CityRecord { owner, shared_with }, Action::Write) => {
            if subject.is_staff_of(owner, true) {
                Allow
            } else if subject.works_in(owner) || shared_with.iter().any(|c| subject.works_in(c)) {
                Forbidden
            } else {
                NotFound
            }
        }
        (Resource::Platform, _) => Forbidden,
        // A city's grants and its accounts: its staff read them, those who may write change them.
        (Resource::CityGrants(city) | Resource::CityUsers(city), action) => {
            if subject.is_staff_of(city, action == Action::Write) {
                Allow
            } else if subject.is_staff_of(city, false) {
                Forbidden
            } else {
                NotFound
            }
        }
    }
}

/// Who reads and opens a consultation case: the desk's city's staff and coordinators read,
/// its staff who may write open; the company's people do both.
fn consultation(subject: &Subject, action: Action, city: &CityCode, company: i64) -> Decision {
    let own = subject.roles.contains(&Role::CompanyUser { company });
    let allowed = match action {
        Action::Read => subject.works_in(city) || own,
        Action::Write => subject.is_staff_of(city, true) || own,
    };
    if allowed {
        Allow
    } else if subject.works_in(city) {
        Forbidden
    } else {
        NotFound
    }
}

/// Who reads and changes a research group: its cities' staff and coordinators read, their
/// staff who may write change it; the people of a member company read it.
fn research_group(
    subject: &Subject,
    action: Action,
    cities: &[CityCode],
    members: &[i64],
) -> Decision {
    let member = subject
        .roles
        .iter()
        .any(|r| matches!(r, Role::CompanyUser { company } if members.contains(company)));
    let works = cities.iter().any(|c| subject.works_in(c));
    let allowed = match action {
        Action::Read => works || member,
        Action::Write => cities.iter().any(|c| subject.is_staff_of(c, true)),
    };
    if allowed {
        Allow
    } else if works || member {
        Forbidden
    } else {
        NotFound
    }
}

/// Who sees and manages a company's people: its home city's staff (those who may write to
/// invite) and coordinators (to read), its own people (to read) and managers (to invite).
fn company_people(subject: &Subject, action: Action, id: i64, home_city: &CityCode) -> Decision {
    let own = subject.roles.contains(&Role::CompanyUser { company: id });
    let manages = subject
        .roles
        .contains(&Role::CompanyManager { company: id });
    let allowed = match action {
        Action::Read => subject.works_in(home_city) || own || manages,
        Action::Write => subject.is_staff_of(home_city, true) || manages,
    };
    if allowed {
        Allow
    } else if subject.works_in(home_city) || own {
        Forbidden
    } else {
        NotFound
    }
}

#[cfg(test)]
mod tests;
