//! The expected answers, written by hand from `docs/access-policy.md` (not from the code that
//! decides them): what each route touches ([`routes`]), and what each role may do to it in
//! its own city and in another ([`expect`]).
//!
//! The two cities of the walk: 千葉市 (121002) is every role's own city, 広島市 (341002) the
//! other. In the walk a route is asked about the records of one of them, the *slot*:
//!
//! - a city in the path is the slot's city;
//! - a company, a product, a sales target, a need, a grant, an account in the path is one of
//!   the slot's city; the slot's company is, in the own city, the company user's own;
//! - a referral in the path is, in the own slot, of the own city's company, sent to the other
//!   city, which introduced one of its targets; in the foreign slot, of the other city's
//!   company, sent to the own city, which introduced its target — the organization of the
//!   sales-target contact. So the own city is the sending city in the own slot and the
//!   receiving city in the foreign one.
//! - a route without a city or a record (lists, forms that register something new, the
//!   account pages) is asked the same way in both slots; what it registers goes to the own
//!   city.

use renkei_domain::access::Action::{self, Read, Write};

/// Who is asking: the roles of the walk, each scoped to the own city where it has a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Admin,
    /// City staff of the own city, full.
    Staff,
    /// City staff of the own city, read-only.
    StaffRo,
    /// A coordinator belonging to the own city.
    Coordinator,
    /// A person at the own city's company.
    Company,
    /// A person at a sales-channel target (hospital) of the own city.
    Target,
    /// A reviewer of one call.
    Reviewer,
}

pub const EVERYONE: [Who; 8] = [
    Who::Anonymous,
    Who::Admin,
    Who::Staff,
    Who::StaffRo,
    Who::Coordinator,
    Who::Company,
    Who::Target,
    Who::Reviewer,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Own,
    Foreign,
}

/// The policy's three answers. For an anonymous caller, `Forbidden` is "sign in first": the
/// redirect to /sign-in for a page, 401 for the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Allow,
    Forbidden,
    NotFound,
}

/// A step of a referral, as the route that takes it; each is tried on a referral at the point
/// of the workflow where its party may take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading it (its page, its matches), once sent and with its target introduced.
    Read,
    /// ② The company's consent, before the dossier is sent.
    Consent,
    /// A move once the receiving city accepted: the sending city or the company withdraws,
    /// the receiving city reports back.
    Move,
    /// ⑤ The receiving city adds a target or gives it the information.
    Introduce,
    /// ⑤ A target's answer: recorded by the receiving city, or given by the target's contact.
    Answer,
    /// ⑧ The company's sales activity, once forwarded.
    Activity,
    /// 感想 after the outcome, from each party. The document's table does not name it among
    /// the company's steps ("consent, outcome, activity, withdrawal") nor the target's
    /// ("answer"); it is taken here as every party's, as "each step only to its party" reads.
    Feedback,
}

/// What a route touches, in the policy's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    /// The model (catalog): read by anyone.
    Catalog,
    /// A city's menu, read: anyone.
    Menu,
    /// The menu of the city in the path, written.
    MenuWrite,
    /// Signing in and out (with a password or an identity provider), password resets,
    /// one-time links: open to anyone (the link, the credentials or the provider are the
    /// proof).
    Open,
    /// One's own account page, and the lists, searches and exports of what one may see: any
    /// signed-in person (the list holds only what they could open one by one).
    SignedIn,
    /// The staff accounts of the city in the path.
    CityUsers(Action),
    /// The audit trail of the city in the path.
    CityAudit,
    /// The whole audit trail.
    AllAudit,
    /// The grants of the city in the path.
    CityGrants(Action),
    /// The platform's administration: every account, the outbox.
    Platform,
    /// Registering new city records (a company, an import, a sales target) in the own city.
    Register,
    /// The slot's company (the company user's own in the own city), or its product.
    Company(Action),
    /// The people (accounts) of the slot's company.
    CompanyPeople(Action),
    /// Another company of the slot's city (merged into the slot's company).
    AnotherCompany(Action),
    /// A record of the slot's city that it does not publish: voices, rubric, referral times,
    /// sales targets.
    CityRecord(Action),
    /// Needs and seeds: the list (read), recording one (write).
    NeedsSeeds(Action),
    /// One need of the slot's city.
    NeedSeed,
    /// The slot's referral.
    Referral(Step),
    /// Registering for a published public event of the slot's city: a company user for
    /// their company (companies of any designated city may), anyone without an account;
    /// other signed-in people have no company to register.
    EventRegister,
    /// A 商談会's participant pages: a company user for their company (any city's, on a
    /// published 商談会 with its set-up); other people have no company to take part with.
    EventMeetings,
    /// The consultation cases of the slot's company, at its city's desk: read, or opened.
    Consultation(Action),
    /// A step of the slot's case, waiting to be taken in: the desk takes it in, the company
    /// withdraws it (each asks its own step).
    CaseStep,
    /// A note on the slot's case: those who work it (the desk, the one it was handed to).
    CaseNote,
    /// A research group of the slot's city, the slot's company among its members.
    ResearchGroup(Action),
    /// The slot's company's own consent (its listing as a possible partner for other
    /// cities): given and withdrawn by its own people only.
    CompanyConsent,
    /// A published call of the slot's city: changed (and its phases moved) by its full
    /// staff.
    CallWrite,
    /// The slot's company's application to a call of its city: read by the company's people
    /// and the city's staff and coordinators.
    Application,
    /// Writing the slot's company's application (starting one, saving, files): the company's
    /// people and, preparing it for the company, the city's coordinators and full staff.
    ApplicationWrite,
    /// The decision letter of the slot's company's application, released (awarded): the
    /// company's people, and those who read the application (the call's office, the
    /// company's home city: the slot's city in the walk); a reviewer never.
    Letter,
    /// A step of the slot's company's submitted application: the company withdraws it, the
    /// office (full staff, administrators) screens it.
    ApplicationStep,
    /// The review of a call of the slot's city: read by its staff and coordinators (and its
    /// reviewers, none of whom the walk has), run by its full staff.
    Review(Action),
    /// A reviewer's sheet of a call of the slot's city (the walk's people are none of its
    /// reviewers): read by the office; written by its reviewer only.
    Sheet(Action),
    /// A product of the slot's company shown to the network (the showcase): read by every
    /// designated city's staff and coordinators and the company's people.
    Showcase,
    /// Asking the slot's city to refer its showcased product: another city's full staff.
    ShowcaseRequest,
    /// The cities' threads: the list (read), starting a topic (write).
    Threads(Action),
    /// A thread about the slot's product, not showcased: its home city's.
    Thread(Action),
    /// The coordinator directory: staff and coordinators of every city.
    Directory,
    /// The slot's city's coordinator: their page (read as the directory) or their profile
    /// kept (the coordinator — not the walk's — and their city's full staff).
    Coordinator(Action),
    /// Asking for help across cities for the own city's product: its full staff and its
    /// coordinators.
    HelpAsk,
    /// The slot's request for help (own slot: asked by the own city about its company, of
    /// the other city's coordinator; foreign slot: asked by the other city of the network).
    HelpRequest,
    /// A move on it: the own city's full staff withdraw theirs, the walk's coordinator takes
    /// the other city's request from the network.
    HelpStep,
    /// The company's consent on it: the company's own people.
    HelpConsent,
    /// Preparing ① for the slot's product, for an officer's approval: the city's
    /// coordinators and staff (full or read-only).
    Prepare,
    /// Preparing ④ for the slot's referral, accepted by the other city: the receiving city's
    /// coordinators and staff.
    PrepareTargets,
    /// A preparation of the slot's city (prepared by someone else): read by the city's
    /// staff and coordinators.
    Preparation,
    /// Approving it: the city's full staff.
    PreparationStep,
    /// Recording support on the slot's product: the city's full staff and coordinators.
    SupportWrite,
    /// Coordinators' training read across the network (curricula, the network's counts):
    /// staff and coordinators of every city.
    TrainingRead,
    /// A curriculum of the whole network, defined: administrators only.
    NetworkCurriculum,
    /// A curriculum of the slot's city, defined or changed (and its courses): its full staff.
    Curriculum,
    /// The slot's city's coordinators' training and gaps: its staff and coordinators.
    CityTraining,
    /// The training of the slot's city's coordinator (not the walk's): read by their city's
    /// staff and coordinators, an external course recorded by its full staff.
    Training(Action),
    /// The slot's city's evidence (its dashboard, its report): its staff and coordinators.
    CityEvidence,
    /// The network's evidence (its dashboard, the reports across cities): staff and
    /// coordinators of every city.
    NetworkEvidence,
    /// A city's CSR scheme read (every question, its checklist's XLSX) and the registry of
    /// certified companies (its pages, CSV, JSON and API): anyone.
    CsrPublic,
    /// The slot's city's CSR scheme kept (a new checklist version): its full staff.
    CsrScheme,
    /// Starting a self-assessment in the slot's city: the people of a company at home there
    /// (the walk's company is the own city's).
    CsrStart,
    /// The slot's company's CSR certification: read by its people and its city's staff and
    /// coordinators; a move (the company withdraws its draft, the staff check an
    /// application) to its parties.
    CsrCertification(Action),
    /// What only the company does on its certification: save answers, start a renewal.
    CsrCompanyStep,
    /// The certified community (the walk's company holds no certification whose term runs):
    /// read by every city's staff and coordinators; a matching request asked by members.
    CsrCommunity(Action),
    /// A matching request the slot's company asked: its two companies' people.
    CsrMatching,
    /// Proposing a contribution of the slot's company: its own people.
    ContributionPropose,
    /// A move on the slot's company's contribution: the city's full staff confirm, the
    /// company withdraws.
    ContributionStep,
}

pub use super::routes::all as routes;

/// What the access policy answers `who` about `thing` in `slot`, by the rows of the
/// document's decision table.
pub fn expect(thing: Thing, who: Who, slot: Slot) -> Answer {
    use Answer::*;
    use Who::*;
    let own = slot == Slot::Own;
    match thing {
        // "the model (catalog) | read | allow" for everyone; menus are public offerings;
        // signing in, resets and one-time links need no account.
        Thing::Catalog | Thing::Menu | Thing::Open => Allow,
        // "register for an event | company user, or anyone without an account for a public
        // event | allow"; other accounts: forbidden. "a 商談会's participant pages | company
        // user: allow for their company"; anonymous: sign in; other accounts: forbidden.
        Thing::EventRegister | Thing::EventMeetings => match (thing, who) {
            (_, Company) | (Thing::EventRegister, Anonymous) => Allow,
            _ => Forbidden,
        },
        // "one's own account page | read | sign in | allow …"; lists hold what one may see.
        Thing::SignedIn => match who {
            Anonymous => Forbidden,
            _ => Allow,
        },
        // "own city's menu | write": admin and full staff; "another city's menu": admin.
        // "a call | write": its cities' full staff; the others know it exists (published).
        Thing::MenuWrite | Thing::CallWrite => match who {
            Admin => Allow,
            Staff if own => Allow,
            _ => Forbidden,
        },
        // "the whole audit trail | read": administrators only. The platform's administration
        // likewise.
        Thing::AllAudit | Thing::Platform => match who {
            Admin => Allow,
            _ => Forbidden,
        },
        // "own city's audit trail": staff, full or read-only; "another city's": not found for
        // staff, forbidden for the other roles.
        Thing::CityAudit => match who {
            Admin => Allow,
            Staff | StaffRo if own => Allow,
            Staff | StaffRo => NotFound,
            _ => Forbidden,
        },
        // "own city's staff accounts": not found for anyone but its staff (anonymous
        // included); read-only staff may read, not write.
        Thing::CityUsers(action) => match who {
            Admin => Allow,
            Staff if own => Allow,
            StaffRo if own && action == Read => Allow,
            StaffRo if own => Forbidden,
            _ => NotFound,
        },
        // "own city's grants": like its staff accounts, but an anonymous caller signs in.
        Thing::CityGrants(action) => match who {
            Anonymous => Forbidden,
            Admin => Allow,
            Staff if own => Allow,
            StaffRo if own && action == Read => Allow,
            StaffRo if own => Forbidden,
            _ => NotFound,
        },
        Thing::CityRecord(action) | Thing::AnotherCompany(action) => city_record(action, who, own),
        // "a company": as a city record, and its own people read it (they may not change it).
        // "a research group": its cities' staff and coordinators read it, their full staff
        // change it; a member company's people read it.
        Thing::Company(action) | Thing::ResearchGroup(action) => match who {
            Company if own && action == Read => Allow,
            Company if own => Forbidden,
            _ => city_record(action, who, own),
        },
        // "a company's people": read as the company (its own people read them too); invited
        // and removed by its city's full staff and its managers (the walk's company user is
        // not one).
        Thing::CompanyPeople(action) => match who {
            Company if own && action == Read => Allow,
            Company if own => Forbidden,
            _ => city_record(action, who, own),
        },
        // Registering writes a record of the own city: those who may write a city's records
        // do; for the others the form exists but is refused (there is no record to hide).
        Thing::Register => match who {
            Admin | Staff => Allow,
            _ => Forbidden,
        },
        // "coordinators, needs and seeds for staff and coordinators of any city" (listed
        // across cities for matching); read-only staff read, and do not write.
        Thing::NeedsSeeds(action) => match who {
            Admin | Staff | Coordinator => Allow,
            StaffRo if action == Read => Allow,
            _ => Forbidden,
        },
        Thing::NeedSeed => match who {
            Anonymous => Forbidden,
            Admin | Staff | StaffRo | Coordinator => Allow,
            _ => NotFound,
        },
        Thing::Referral(step) => referral(step, who, own),
        // "a company's listing as a possible partner | its own people: allow"; the others
        // who read the company are forbidden (the consent is not theirs to give).
        Thing::CompanyConsent => match who {
            Company if own => Allow,
            _ => match city_record(Read, who, own) {
                Allow => Forbidden,
                other => other,
            },
        },
        // "an application | read": the company, the city's staff and coordinators.
        Thing::Application => match who {
            Company if own => Allow,
            _ => city_record(Read, who, own),
        },
        // "an application's decision letter | read": once released, the company and whoever
        // reads the application but a reviewer (the office earlier, as a draft).
        Thing::Letter => match who {
            Company if own => Allow,
            _ => city_record(Read, who, own),
        },
        // "an application | write": the company, and for it its home city's coordinators and
        // full staff (代理申請); administrators act as the office only.
        Thing::ApplicationWrite => match who {
            Company | Coordinator if own => Allow,
            Admin => Forbidden,
            _ => city_record(Write, who, own),
        },
        // "a consultation case | read": the desk's city's staff and coordinators and the
        // company; "| write": its full staff and the company open one.
        Thing::Consultation(action) => match who {
            Company if own => Allow,
            _ => city_record(action, who, own),
        },
        // "its steps only to its party": the desk (full staff, administrators) takes a case
        // in, the company withdraws it; the others who read it are forbidden.
        Thing::CaseStep | Thing::ApplicationStep => match who {
            Company if own => Allow,
            _ => city_record(Write, who, own),
        },
        // "a call's review": its cities' staff and coordinators read it, its full staff run it
        // (invite, assign, the rubric); "a reviewer's sheet": the office reads it, only its
        // reviewer writes it (administrators included, the others who read it are forbidden).
        Thing::Review(action) | Thing::Sheet(action @ Read) => city_record(action, who, own),
        Thing::Sheet(Write) => match city_record(Read, who, own) {
            Allow => Forbidden,
            other => other,
        },
        // "a showcased product (shown to the network) | read": every designated city's staff
        // and coordinators, whichever city, and the company's people; nobody else learns of
        // it, and an anonymous caller signs in.
        Thing::Showcase => match who {
            Anonymous => Forbidden,
            Admin | Staff | StaffRo | Coordinator => Allow,
            Company if own => Allow,
            _ => NotFound,
        },
        // "ask a showcased product's home city for a referral": another designated city's
        // full staff; those who read it otherwise are forbidden (its own city refers it from
        // the product's page; administrators are no city's).
        Thing::ShowcaseRequest => match who {
            Anonymous | Admin | StaffRo | Coordinator => Forbidden,
            Staff if own => Forbidden,
            Staff => Allow,
            Company if own => Forbidden,
            _ => NotFound,
        },
        Thing::Directory
        | Thing::Coordinator(_)
        | Thing::HelpAsk
        | Thing::HelpRequest
        | Thing::HelpStep
        | Thing::HelpConsent => network(thing, who, own),
        Thing::Prepare
        | Thing::PrepareTargets
        | Thing::Preparation
        | Thing::PreparationStep
        | Thing::SupportWrite => prepared(thing, who, own),
        Thing::TrainingRead
        | Thing::NetworkCurriculum
        | Thing::Curriculum
        | Thing::CityTraining
        | Thing::Training(_) => training(thing, who, own),
        Thing::Threads(_) | Thing::Thread(_) => threads(thing, who, own),
        Thing::CityEvidence | Thing::NetworkEvidence => evidence(thing, who, own),
        Thing::CsrPublic
        | Thing::CsrScheme
        | Thing::CsrStart
        | Thing::CsrCertification(_)
        | Thing::CsrCompanyStep
        | Thing::CsrCommunity(_)
        | Thing::CsrMatching
        | Thing::ContributionPropose
        | Thing::ContributionStep => csr(thing, who, own),
        // Notes: those who work the case; the company reads the case, not its notes.
        Thing::CaseNote => match who {
            Company if own => Forbidden,
            _ => city_record(Write, who, own),
        },
    }
}

/// "the coordinator directory | read": staff and coordinators of every city; "a
/// coordinator's profile | write": the coordinator and their city's full staff; "asking for
/// help across cities": the city's full staff and coordinators; "a request for help": read
/// by the asking city's staff and coordinators, its parties and the company's people, each
/// move only to its party, the consent the company's; administrators read it and act as
/// none of its parties; anyone else does not learn it exists.
fn network(thing: Thing, who: Who, own: bool) -> Answer {
    use Answer::*;
    use Who::*;
    let staff_or_coordinator = matches!(who, Admin | Staff | StaffRo | Coordinator);
    match thing {
        Thing::Directory if staff_or_coordinator => Allow,
        Thing::Directory => Forbidden,
        _ if who == Anonymous => Forbidden,
        Thing::Coordinator(Read) if staff_or_coordinator => Allow,
        Thing::Coordinator(Write) => match who {
            Admin => Allow,
            Staff if own => Allow,
            Staff | StaffRo | Coordinator => Forbidden,
            _ => NotFound,
        },
        Thing::HelpAsk => match who {
            Staff | Coordinator => Allow,
            _ => Forbidden,
        },
        // Own slot: the own city asked of the other city's coordinator about the walk's
        // company. Foreign slot: the other city asked the network about its company.
        Thing::HelpRequest => match who {
            Admin => Allow,
            Staff | StaffRo | Company if own => Allow,
            Coordinator => Allow,
            _ => NotFound,
        },
        Thing::HelpStep => match who {
            Admin => Forbidden,
            Staff if own => Allow,
            Coordinator if !own => Allow,
            StaffRo | Coordinator | Company if own => Forbidden,
            _ => NotFound,
        },
        Thing::HelpConsent => match who {
            Admin => Forbidden,
            Company if own => Allow,
            Staff | StaffRo | Coordinator if own => Forbidden,
            Coordinator => Forbidden,
            _ => NotFound,
        },
        _ => NotFound,
    }
}

/// "prepare ① or ④ for an officer's approval": the city's coordinators and staff, full or
/// read-only, once they read the product or the referral (administrators act for no city);
/// "a preparation": read by the city's staff and coordinators, approved by its full staff
/// (the walk's coordinator did not prepare it); "a support record": written by the product's
/// city's full staff and coordinators.
fn prepared(thing: Thing, who: Who, own: bool) -> Answer {
    use Answer::*;
    use Who::*;
    let works_here = matches!(who, Staff | StaffRo | Coordinator);
    match thing {
        _ if who == Anonymous => Forbidden,
        // ① on the slot's product: read by its city's people and the company's.
        Thing::Prepare => match who {
            Admin => Forbidden,
            _ if works_here && own => Allow,
            Company if own => Forbidden,
            _ => NotFound,
        },
        // ④ on the slot's referral: the own city receives it in the foreign slot; it reads
        // it as sending city in the own slot, as do the company and (foreign slot) the target.
        Thing::PrepareTargets => match who {
            Admin => Forbidden,
            _ if works_here && !own => Allow,
            _ if works_here => Forbidden,
            Company if own => Forbidden,
            Target if !own => Forbidden,
            _ => NotFound,
        },
        Thing::Preparation => match who {
            Admin => Allow,
            _ if works_here && own => Allow,
            _ => NotFound,
        },
        Thing::PreparationStep => match who {
            Admin => Forbidden,
            Staff if own => Allow,
            StaffRo | Coordinator if own => Forbidden,
            _ => NotFound,
        },
        Thing::SupportWrite => match who {
            Admin => Allow,
            Staff | Coordinator if own => Allow,
            StaffRo | Company if own => Forbidden,
            _ => NotFound,
        },
        _ => NotFound,
    }
}

/// "the evidence": a city's dashboard and report read by its staff and coordinators (nobody
/// else learns of them); the network's dashboard and the reports across cities by the staff
/// and coordinators of every city; administrators read both.
fn evidence(thing: Thing, who: Who, own: bool) -> Answer {
    use Answer::*;
    use Who::*;
    let works_here = matches!(who, Staff | StaffRo | Coordinator);
    match thing {
        Thing::NetworkEvidence if works_here || who == Admin => Allow,
        Thing::NetworkEvidence => Forbidden,
        _ if who == Anonymous => Forbidden,
        Thing::CityEvidence => match who {
            Admin => Allow,
            _ if works_here && own => Allow,
            _ => NotFound,
        },
        _ => NotFound,
    }
}

/// "a city's CSR challenge scheme | read | allow" and its registry; "| write": its full staff
/// (administrators act for no city); "what only a company's people do": their own company;
/// "a company's CSR certification": read as the company's records (its people, its city's
/// staff and coordinators), each step only to its party (the others who read it are
/// forbidden), administrators act for nobody; "the certified community": every city's staff
/// and coordinators read it, members write (the walk's company is none); "a matching
/// request": its two companies; "a contribution": proposed by the company, confirmed by its
/// city's full staff, withdrawn by the company.
fn csr(thing: Thing, who: Who, own: bool) -> Answer {
    use Answer::*;
    use Who::*;
    let reader_forbidden = |who| match city_record(Read, who, own) {
        Allow => Forbidden,
        other => other,
    };
    match thing {
        Thing::CsrPublic => Allow,
        Thing::CsrScheme => match who {
            Staff if own => Allow,
            _ => Forbidden,
        },
        Thing::CsrStart => match who {
            Company if own => Allow,
            _ => Forbidden,
        },
        Thing::CsrCertification(Read) => match who {
            Company if own => Allow,
            _ => city_record(Read, who, own),
        },
        Thing::CsrCertification(Write) | Thing::ContributionStep => match who {
            Admin => Forbidden,
            Company if own => Allow,
            _ => city_record(Write, who, own),
        },
        Thing::CsrCompanyStep | Thing::ContributionPropose => match who {
            Company if own => Allow,
            Admin => Forbidden,
            _ => reader_forbidden(who),
        },
        Thing::CsrCommunity(Read) => match who {
            Admin | Staff | StaffRo | Coordinator => Allow,
            _ => Forbidden,
        },
        Thing::CsrCommunity(Write) => Forbidden,
        Thing::CsrMatching => match who {
            Anonymous | Admin => Forbidden,
            Company if own => Allow,
            _ => NotFound,
        },
        _ => NotFound,
    }
}

/// "coordinators' training": curricula and the network's counts read by staff and
/// coordinators of every city; a city's curriculum written by its full staff, the network's
/// by administrators; a city's training and one coordinator's read by its staff and
/// coordinators (nobody else learns of them), a coordinator's external courses recorded by
/// their city's full staff.
fn training(thing: Thing, who: Who, own: bool) -> Answer {
    use Answer::*;
    use Who::*;
    let network = matches!(who, Admin | Staff | StaffRo | Coordinator);
    match thing {
        Thing::TrainingRead if network => Allow,
        Thing::TrainingRead => Forbidden,
        Thing::NetworkCurriculum => match who {
            Admin => Allow,
            _ => Forbidden,
        },
        Thing::Curriculum => match who {
            Admin => Allow,
            Staff if own => Allow,
            _ => Forbidden,
        },
        _ if who == Anonymous => Forbidden,
        Thing::CityTraining | Thing::Training(Read) => match who {
            Admin => Allow,
            Staff | StaffRo | Coordinator if own => Allow,
            _ => NotFound,
        },
        Thing::Training(Write) => match who {
            Admin => Allow,
            Staff if own => Allow,
            StaffRo | Coordinator if own => Forbidden,
            _ => NotFound,
        },
        _ => NotFound,
    }
}

/// "the threads | read": staff (full or read-only) and coordinators of every city; "start a
/// topic": coordinators and full staff; "a thread": read by the staff and coordinators of the
/// cities that read it (a product without its company's consent to show it: its home city),
/// posted in by their coordinators and full staff; administrators read and do not post;
/// companies, targets and the public have no part in them (signed out: sign in first).
fn threads(thing: Thing, who: Who, own: bool) -> Answer {
    use Answer::*;
    use Who::*;
    match (thing, who) {
        (_, Anonymous) => Forbidden,
        (Thing::Threads(Read), Admin | Staff | StaffRo | Coordinator) => Allow,
        (Thing::Threads(Write), Staff | Coordinator) => Allow,
        (Thing::Threads(_), _) => Forbidden,
        (Thing::Thread(Read), Admin) => Allow,
        (Thing::Thread(Write), Admin) => Forbidden,
        (Thing::Thread(Read), Staff | StaffRo | Coordinator) if own => Allow,
        (Thing::Thread(Write), Staff | Coordinator) if own => Allow,
        (Thing::Thread(Write), StaffRo) if own => Forbidden,
        _ => NotFound,
    }
}

/// "a record a city owns and does not publish": its city's staff and coordinators read it
/// (nobody else learns it exists); its full staff write it, the others who may read it are
/// forbidden.
fn city_record(action: Action, who: Who, own: bool) -> Answer {
    use Answer::*;
    use Who::*;
    match who {
        Anonymous => Forbidden,
        Admin => Allow,
        Staff | StaffRo | Coordinator if own && action == Read => Allow,
        Staff if own => Allow,
        StaffRo | Coordinator if own => Forbidden,
        _ => NotFound,
    }
}

/// "a referral": its parties read it — the sending city's staff and coordinators, the
/// receiving city's once the dossier is sent, the company, a target once introduced to it
/// while open; administrators read it and act as none of its parties; each step only to its
/// party, others who may read it are forbidden ("not yours").
fn referral(step: Step, who: Who, own: bool) -> Answer {
    use Answer::*;
    use Who::*;
    if who == Anonymous {
        return Forbidden;
    }
    // Who may read the referral the step is tried on. In the own slot the own city sends;
    // in the foreign slot it receives, and its target is introduced from ⑤ on.
    let reads = match who {
        Anonymous | Reviewer => false,
        Admin => true,
        Staff | StaffRo | Coordinator => own || step != Step::Consent,
        Company => own,
        Target => !own && step != Step::Consent,
    };
    if !reads {
        return NotFound;
    }
    // Whose step it is: the sending city (own slot), the receiving city (foreign slot), the
    // company, the target (foreign slot).
    let mine = match (step, who) {
        (Step::Read, _) => true,
        (_, Admin | StaffRo | Coordinator | Reviewer | Anonymous) => false,
        (Step::Consent | Step::Activity, Staff | Target) => false,
        (Step::Consent | Step::Activity, Company) => true,
        (Step::Move, Staff) => true,
        (Step::Move, Company) => true,
        (Step::Move | Step::Introduce, Target) => false,
        (Step::Introduce | Step::Answer, Staff) => !own,
        (Step::Introduce | Step::Answer, Company) => false,
        (Step::Answer, Target) => true,
        (Step::Feedback, Staff | Company | Target) => true,
    };
    if mine { Allow } else { Forbidden }
}

/// Where the application answers otherwise than the document says, found by this walk and
/// left for the policy's owners to settle: (who, method, route, what the application
/// answers, why it differs). Each is printed with the walk's summary instead of failing it,
/// and the walk fails once one of them answers as the document says, so that its row goes
/// with the fix.
pub const DISAGREEMENTS: &[(Who, &str, &str, u16, &str)] = &[];
