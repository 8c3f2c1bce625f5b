//! The registration of page routes: what each route touches ([`Access`], for the access
//! policy), and the [`Table`] that builds the router and the list of its routes together. Each
//! feature adds its own routes to the table.

use axum::Router;
use renkei_domain::access::{
    Action, Decision, EvidenceThing, Resource, Subject, TrainingThing, decide,
};
use renkei_domain::city::CityCode;

use crate::AppState;

/// What a route touches, for the access policy: each page route is registered with it, so the
/// authorization test can walk every route the router has and know what the policy says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Open to anyone: the model, the cities, their menus, the guide.
    Public,
    /// Signing in and out, password resets, one-time links: open to anyone.
    Account,
    /// The signed-in person's own page: anyone signed in.
    SignedIn,
    /// Changes the menu of the city in the path.
    CityMenuWrite,
    /// The staff accounts of the city in the path.
    CityUsers(Action),
    /// The audit trail of the city in the path.
    CityAudit,
    /// The grants of the city in the path.
    CityGrants(Action),
    /// The whole audit trail.
    AllAudit,
    /// The platform's administration (every account, the outbox).
    Platform(Action),
    /// Registering a company: in a city where the caller may write.
    CompanyCreate,
    /// The company in the path.
    Company(Action),
    /// The people (accounts) of the company in the path.
    CompanyPeople(Action),
    /// The product in the path (its company's record).
    Product(Action),
    /// The records of the city in the path that it does not publish (voices, rubric).
    CityRecords(Action),
    /// The sales-channel target in the path (a record of its city).
    SalesTarget(Action),
    /// The referral in the path: its parties only.
    Referral(Action),
    /// The consultation cases of the company in the path, or the case in the path (about a
    /// company of the city): read by the desk's city and the company, opened by its full
    /// staff and the company; each move only to its party (the workflow decides).
    Consultation(Action),
    /// The research group in the path (of the city, with the company among its members):
    /// read by its cities' staff and coordinators and its members' people, changed by its
    /// cities' full staff.
    ResearchGroup(Action),
    /// The call in the path (of the city, published): read by anyone, changed by its
    /// cities' full staff.
    Call(Action),
    /// An application to the call in the path, or the application in the path (of the
    /// company, at home in the city, to a call of the city): read by the company's people
    /// and the city's staff and coordinators, written by the company's people and, for the
    /// company, by the city's coordinators and full staff; each move only to its party.
    CallApplication(Action),
    /// The review of the call in the path (of the city): read by its cities' staff and
    /// coordinators and its reviewers, run by its cities' full staff. A reviewer of another
    /// call is not told it exists.
    CallReview(Action),
    /// A reviewer's sheet in the path, for an application to a call of the city: read by
    /// the call's office, written by its reviewer only.
    CallSheet(Action),
    /// The showcased product in the path (of the company, of the city, shown to the network):
    /// read by every designated city's staff and coordinators and the company's people.
    Showcase,
    /// Asking the city in the path for a referral of its showcased product: another
    /// designated city's full staff.
    ShowcaseRequest,
    /// Needs and seeds: staff and coordinators of any city.
    StaffAnywhere,
    /// The coordinator directory and a coordinator's page: staff and coordinators of any
    /// city.
    Coordinators,
    /// The profile of the coordinator in the path (of the city), kept: the coordinator and
    /// the city's full staff.
    CoordinatorProfile,
    /// Asking for help across cities for a company or product of the own city: its full staff
    /// and its coordinators.
    HelpAsk,
    /// The request for help in the path (asked by the city about the company, of another
    /// city's coordinator): read by the city's staff and coordinators, its parties and the
    /// company; each move only to its party.
    HelpRequest(Action),
    /// A need or a seed in the path (one that does not exist: not found for those who may).
    NeedSeed,
    /// Preparing ① for a product of the city in the path, for an officer's approval: the
    /// city's coordinators and staff.
    ReferralPrepare,
    /// Preparing ④ for the referral in the path, received by the partner city: its
    /// coordinators and staff.
    TargetPrepare,
    /// A preparation of the city in the path: read by its staff and coordinators, moved by
    /// its parties (the city's full staff approve or return; the preparer resubmits).
    ReferralPrep(Action),
    /// Recording support on the product in the path (of the company, of the city): the
    /// city's full staff and its coordinators.
    SupportRecord,
    /// Coordinators' training read across the network (curricula, the network's counts):
    /// staff and coordinators of any city.
    TrainingNetwork,
    /// A curriculum of the city in the path (or the curriculum in the path, of the city),
    /// written: the city's full staff.
    TrainingCurriculum(Action),
    /// The city in the path's coordinators' training and gaps: its staff and coordinators.
    TrainingCity,
    /// The training of the coordinator in the path (of the city): the coordinator and the
    /// city's staff and coordinators read it, its full staff record courses.
    TrainingPerson(Action),
    /// The discussion threads between the cities: read by every city's staff and
    /// coordinators, a topic started by its coordinators and full staff.
    Threads(Action),
    /// The thread in the path (one of the city's referrals to the partner, once sent): read
    /// by its cities' staff and coordinators, posted in by its coordinators and full staff.
    Thread(Action),
    /// The evidence of the city in the path (its dashboard, lists and fiscal-year report):
    /// its staff and coordinators.
    EvidenceCity,
    /// The network's evidence (its dashboard, the reports across cities): staff and
    /// coordinators of any city, their figures of other cities aggregated.
    EvidenceNetwork,
    /// The CSR scheme of the city in the path, kept (its checklist's versions): its full
    /// staff.
    CsrScheme,
    /// What only the company's people do for it (of the company in the path, or the
    /// caller's at home in the city in the path): start a self-assessment, propose a
    /// contribution.
    CsrStart,
    /// The CSR certification in the path (of the company, of the city): read by the
    /// company's people and the city's staff and coordinators, written by the company's
    /// people and the city's full staff (each move only to its party).
    CsrCertification(Action),
    /// The certified community: read by its members and every city's staff and
    /// coordinators, a matching request asked by its members.
    CsrCommunity(Action),
    /// A matching request in the path (asked by the company): its two companies' people.
    CsrMatching,
    /// A contribution in the path (of the company, of the city): read by the company's
    /// people and the city's staff and coordinators; confirmed by its full staff, withdrawn
    /// by the company.
    CsrContribution(Action),
}

impl Access {
    /// What the policy answers on the coordinator network's routes (the directory, profiles,
    /// training, requests for help, threads, referral steps prepared for approval, support
    /// written by coordinators); "not found" for a route that is not one of them.
    fn network(
        self,
        subject: &Subject,
        city: &CityCode,
        partner: &CityCode,
        company: i64,
    ) -> Decision {
        let ask = |action, resource| decide(subject, action, resource);
        match self {
            Access::Coordinators => ask(Action::Read, Resource::CoordinatorDirectory),
            Access::TrainingNetwork => {
                ask(Action::Read, Resource::Training(TrainingThing::Network))
            }
            Access::TrainingCurriculum(a) => {
                ask(a, Resource::Training(TrainingThing::Curriculum(Some(city))))
            }
            Access::TrainingCity => {
                ask(Action::Read, Resource::Training(TrainingThing::City(city)))
            }
            Access::TrainingPerson(a) => ask(
                a,
                Resource::Training(TrainingThing::Person {
                    person: -1,
                    cities: std::slice::from_ref(city),
                }),
            ),
            Access::CoordinatorProfile => ask(
                Action::Write,
                Resource::CoordinatorProfile {
                    person: -1,
                    cities: std::slice::from_ref(city),
                },
            ),
            Access::HelpAsk => ask(Action::Write, Resource::HelpAsk(city)),
            Access::HelpRequest(a) => ask(
                a,
                Resource::HelpRequest(&renkei_domain::access::HelpFacts {
                    city: *city,
                    company,
                    asker: -1,
                    helper: None,
                    open_to_network: false,
                }),
            ),
            Access::Threads(a) => ask(a, Resource::Threads),
            Access::Thread(a) => ask(
                a,
                Resource::Thread(&renkei_domain::network::thread::ThreadFacts::referral(
                    *city, *partner, true,
                )),
            ),
            Access::ReferralPrepare => ask(Action::Write, Resource::ReferralPrepare(city)),
            Access::TargetPrepare => ask(Action::Write, Resource::ReferralPrepare(partner)),
            Access::ReferralPrep(a) => ask(
                a,
                Resource::ReferralPrep(&renkei_domain::access::PrepFacts {
                    city: *city,
                    preparer: -1,
                }),
            ),
            Access::SupportRecord => {
                match Access::Product(Action::Read).decision(subject, city, partner, company) {
                    Decision::Allow => {
                        ask(Action::Write, Resource::SupportRecord { home_city: city })
                    }
                    other => other,
                }
            }
            _ => Decision::NotFound,
        }
    }

    /// What the policy answers on the CSR certification's routes; "not found" for another.
    fn csr(self, subject: &Subject, city: &CityCode, company: i64) -> Decision {
        use renkei_domain::access::CsrThing;
        let ask = |action, thing| decide(subject, action, Resource::Csr(thing));
        match self {
            Access::CsrScheme => ask(Action::Write, CsrThing::Scheme(city)),
            Access::CsrStart => ask(Action::Write, CsrThing::Start { city, company }),
            Access::CsrCertification(a) => ask(a, CsrThing::Certification { city, company }),
            Access::CsrCommunity(a) => ask(a, CsrThing::Community { member: false }),
            Access::CsrMatching => ask(
                Action::Write,
                CsrThing::Matching {
                    asker: company,
                    asked: -1,
                },
            ),
            Access::CsrContribution(a) => ask(a, CsrThing::Contribution { city, company }),
            _ => Decision::NotFound,
        }
    }

    /// What the access policy answers `subject` on such a route in `city`, where the record
    /// in the path is (or belongs to) the company `company`, of that city; a referral in the
    /// path is of that company's product, sent to `partner` (and not introduced to targets).
    pub fn decision(
        self,
        subject: &Subject,
        city: &CityCode,
        partner: &CityCode,
        company: i64,
    ) -> Decision {
        let ask = |action, resource| decide(subject, action, resource);
        match self {
            Access::Coordinators
            | Access::CoordinatorProfile
            | Access::HelpAsk
            | Access::HelpRequest(_)
            | Access::Threads(_)
            | Access::Thread(_)
            | Access::ReferralPrepare
            | Access::TargetPrepare
            | Access::ReferralPrep(_)
            | Access::SupportRecord
            | Access::TrainingNetwork
            | Access::TrainingCurriculum(_)
            | Access::TrainingCity
            | Access::TrainingPerson(_) => self.network(subject, city, partner, company),
            Access::EvidenceCity => {
                ask(Action::Read, Resource::Evidence(EvidenceThing::City(city)))
            }
            Access::EvidenceNetwork => {
                ask(Action::Read, Resource::Evidence(EvidenceThing::Network))
            }
            Access::CsrScheme
            | Access::CsrStart
            | Access::CsrCertification(_)
            | Access::CsrCommunity(_)
            | Access::CsrMatching
            | Access::CsrContribution(_) => self.csr(subject, city, company),
            Access::Public | Access::Account => Decision::Allow,
            Access::SignedIn if subject.is_signed_in() => Decision::Allow,
            Access::SignedIn => Decision::Forbidden,
            Access::StaffAnywhere | Access::NeedSeed => {
                let scope = renkei_domain::access::list_scope(subject);
                if scope.all || !scope.cities.is_empty() {
                    Decision::Allow
                } else if self == Access::NeedSeed && subject.is_signed_in() {
                    Decision::NotFound
                } else {
                    Decision::Forbidden
                }
            }
            Access::CityMenuWrite => ask(Action::Write, Resource::CityMenu(city)),
            Access::CityUsers(a) => ask(a, Resource::CityUsers(city)),
            Access::CityAudit => ask(Action::Read, Resource::AuditLog(Some(city))),
            Access::CityGrants(a) => ask(a, Resource::CityGrants(city)),
            Access::AllAudit => ask(Action::Read, Resource::AuditLog(None)),
            Access::Platform(a) => ask(a, Resource::Platform),
            Access::CompanyCreate => company_create(subject),
            Access::CityRecords(a) | Access::SalesTarget(a) => ask(
                a,
                Resource::CityRecord {
                    owner: city,
                    shared_with: &[],
                },
            ),
            Access::Referral(a) => ask(
                a,
                Resource::Referral(&renkei_domain::access::ReferralFacts {
                    sending: city,
                    receiving: partner,
                    company,
                    sent: true,
                    open: true,
                    targets: &[],
                }),
            ),
            Access::Consultation(a) => ask(a, Resource::Consultation { city, company }),
            Access::ResearchGroup(a) => ask(
                a,
                Resource::ResearchGroup {
                    cities: std::slice::from_ref(city),
                    members: &[company],
                },
            ),
            Access::Call(a) => ask(
                a,
                Resource::Call {
                    cities: std::slice::from_ref(city),
                    published: true,
                },
            ),
            Access::CallApplication(a) => ask(
                a,
                Resource::CallApplication {
                    call: 0,
                    cities: std::slice::from_ref(city),
                    company,
                    home_city: city,
                    reviewers: &[],
                },
            ),
            Access::CallReview(a) => ask(
                a,
                Resource::CallReview {
                    call: 0,
                    cities: std::slice::from_ref(city),
                    sheet_of: None,
                },
            ),
            Access::CallSheet(a) => ask(
                a,
                Resource::CallReview {
                    call: 0,
                    cities: std::slice::from_ref(city),
                    sheet_of: Some(subject.person.unwrap_or_default()),
                },
            ),
            Access::Showcase => ask(
                Action::Read,
                Resource::Showcase {
                    home_city: city,
                    company,
                    public: false,
                },
            ),
            Access::ShowcaseRequest => {
                ask(Action::Write, Resource::ShowcaseRequest { home_city: city })
            }
            Access::CompanyPeople(a) => ask(
                a,
                Resource::CompanyPeople {
                    id: company,
                    home_city: city,
                },
            ),
            Access::Company(a) | Access::Product(a) => ask(
                a,
                Resource::Company {
                    id: company,
                    home_city: city,
                    shared_with: &[],
                },
            ),
        }
    }
}

/// A page route: its path, its methods, and what it touches.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub path: &'static str,
    pub methods: &'static [&'static str],
    pub access: Access,
}

/// Builds the router and the table of its routes together, so neither can miss a route.
pub(crate) struct Table {
    router: Router<AppState>,
    routes: Vec<RouteInfo>,
}

impl Table {
    pub(crate) fn add(
        mut self,
        path: &'static str,
        methods: &'static [&'static str],
        access: Access,
        handler: axum::routing::MethodRouter<AppState>,
    ) -> Self {
        self.router = self.router.route(path, handler);
        self.routes.push(RouteInfo {
            path,
            methods,
            access,
        });
        self
    }

    /// A table with no route yet.
    pub(crate) fn new() -> Self {
        Table {
            router: Router::new(),
            routes: Vec::new(),
        }
    }

    /// The router and the table of its routes.
    pub(crate) fn into_parts(self) -> (Router<AppState>, Vec<RouteInfo>) {
        (self.router, self.routes)
    }
}

/// The methods of a route that only shows a page.
pub(crate) const GET: &[&str] = &["GET"];
/// The methods of a page with a form that posts back to it.
pub(crate) const GET_POST: &[&str] = &["GET", "POST"];
/// The methods of a route that only takes a form.
pub(crate) const POST: &[&str] = &["POST"];

/// Registering a company: allowed to whoever may write some designated city's records.
fn company_create(subject: &Subject) -> Decision {
    if !subject.is_signed_in() {
        return Decision::Forbidden;
    }
    let anywhere = renkei_domain::city::DESIGNATED_CITIES.iter().any(|code| {
        CityCode::parse(code).is_ok_and(|c| {
            decide(
                subject,
                Action::Write,
                Resource::CityRecord {
                    owner: &c,
                    shared_with: &[],
                },
            ) == Decision::Allow
        })
    });
    if anywhere {
        Decision::Allow
    } else {
        Decision::Forbidden
    }
}
