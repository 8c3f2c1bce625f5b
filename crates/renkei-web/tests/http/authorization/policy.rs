//! The expected answers, written by hand from `docs/access-policy.md` (not from the code that
//! decides them): what each route touches ([`ROUTES`]), and what each role may do to it in
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
}

/// Every route of the router with what it touches. A route of `route_table()` missing here
/// fails the walk.
pub const ROUTES: &[(&str, &str, Thing)] = &[
    ("/", "GET", Thing::Catalog),
    ("/stages/{stage}", "GET", Thing::Catalog),
    ("/sign-in", "GET", Thing::Open),
    ("/sign-in", "POST", Thing::Open),
    ("/sign-out", "POST", Thing::Open),
    ("/password-reset", "GET", Thing::Open),
    ("/password-reset", "POST", Thing::Open),
    ("/sign-in/oidc/callback", "GET", Thing::Open),
    ("/sign-in/oidc/{provider}", "GET", Thing::Open),
    ("/sign-in/second-factor", "GET", Thing::Open),
    ("/sign-in/second-factor", "POST", Thing::Open),
    ("/account/link", "GET", Thing::Open),
    ("/account/link", "POST", Thing::Open),
    // The public form a company asks a city to register it with: no account needed.
    ("/register-company", "GET", Thing::Open),
    ("/register-company", "POST", Thing::Open),
    ("/register-company/thanks", "GET", Thing::Open),
    // The applicant's link: the token is the proof, as a one-time link's.
    ("/register-company/withdraw", "GET", Thing::Open),
    ("/register-company/withdraw", "POST", Thing::Open),
    ("/register-company/withdrawn", "GET", Thing::Open),
    // Events: the calendar, its feeds and a published event's page are anyone's; registering
    // is a company user's (for their company) or the public's (a public event); the
    // registrant's link is its own proof. The organiser's pages are the city's records.
    ("/events", "GET", Thing::Open),
    ("/events.ics", "GET", Thing::Open),
    ("/cities/{city}/events.ics", "GET", Thing::Open),
    ("/events/{id}", "GET", Thing::Open),
    ("/events/{id}/calendar.ics", "GET", Thing::Open),
    ("/events/{id}/register", "POST", Thing::EventRegister),
    ("/events/registered", "GET", Thing::Open),
    ("/events/registration", "GET", Thing::Open),
    ("/events/registration", "POST", Thing::Open),
    ("/cities/{city}/events", "GET", Thing::CityRecord(Read)),
    // Consultation cases: the desk's list is its city's record; a company's cases and each
    // case are read by the desk's city and the company; each step only to its party.
    (
        "/cities/{city}/consultations",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/consultations.csv",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/consultations.xlsx",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/companies/{id}/consultations",
        "GET",
        Thing::Consultation(Read),
    ),
    (
        "/companies/{id}/consultations",
        "POST",
        Thing::Consultation(Write),
    ),
    ("/consultations/{id}", "GET", Thing::Consultation(Read)),
    ("/consultations/{id}/move", "POST", Thing::CaseStep),
    ("/consultations/{id}/notes", "POST", Thing::CaseNote),
    // Expert dispatch: the roster, the cap and the counts are the city's records; a dispatch
    // is read as its case, asked for and moved by its parties (the company, the desk: as a
    // case's step), its visits recorded by those who work the case (as a case's note).
    ("/cities/{city}/experts", "GET", Thing::CityRecord(Read)),
    ("/cities/{city}/experts", "POST", Thing::CityRecord(Write)),
    (
        "/cities/{city}/experts/{id}",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/experts/{id}",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/dispatch-cap",
        "POST",
        Thing::CityRecord(Write),
    ),
    ("/cities/{city}/dispatches", "GET", Thing::CityRecord(Read)),
    (
        "/cities/{city}/dispatches.csv",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/dispatches.xlsx",
        "GET",
        Thing::CityRecord(Read),
    ),
    ("/consultations/{id}/dispatches", "POST", Thing::CaseStep),
    ("/dispatches/{id}", "GET", Thing::Consultation(Read)),
    ("/dispatches/{id}/move", "POST", Thing::CaseStep),
    ("/dispatches/{id}/visits", "POST", Thing::CaseNote),
    // Bridges to national bodies belong to their case: read as the case; opened, edited and
    // moved by the desk (as a case's notes), consented to by the company (as a case's step);
    // their counts are network figures for staff and coordinators of any city.
    ("/consultations/{id}/bridges", "POST", Thing::CaseNote),
    ("/bridges", "GET", Thing::NeedsSeeds(Read)),
    ("/bridges.csv", "GET", Thing::NeedsSeeds(Read)),
    ("/bridges/{id}", "GET", Thing::Consultation(Read)),
    ("/bridges/{id}/move", "POST", Thing::CaseStep),
    ("/bridges/{id}/answers", "POST", Thing::CaseNote),
    (
        "/bridges/{id}/request.pdf",
        "GET",
        Thing::Consultation(Read),
    ),
    // Partner requests (brokering, sites) belong to their case: read as the case; opened,
    // given candidates and closed by those who work it (as a case's notes); a candidate's
    // moves to its party (as a case's step); their counts are network figures.
    (
        "/consultations/{id}/partner-requests",
        "POST",
        Thing::CaseNote,
    ),
    ("/partner-requests", "GET", Thing::NeedsSeeds(Read)),
    ("/partner-requests/{id}", "GET", Thing::Consultation(Read)),
    ("/partner-requests/{id}/candidates", "POST", Thing::CaseNote),
    ("/partner-requests/{id}/close", "POST", Thing::CaseNote),
    ("/partner-candidates/{id}/move", "POST", Thing::CaseStep),
    (
        "/api/v1/partner-requests/{id}",
        "GET",
        Thing::Consultation(Read),
    ),
    (
        "/api/v1/consultations/{id}/partner-requests",
        "POST",
        Thing::CaseNote,
    ),
    (
        "/api/v1/partner-candidates/{id}/moves",
        "POST",
        Thing::CaseStep,
    ),
    ("/admin/national-bodies", "GET", Thing::Platform),
    ("/admin/national-bodies/new", "GET", Thing::Platform),
    ("/admin/national-bodies/new", "POST", Thing::Platform),
    ("/admin/national-bodies/{id}", "GET", Thing::Platform),
    ("/admin/national-bodies/{id}", "POST", Thing::Platform),
    ("/cities/{city}/events/new", "GET", Thing::CityRecord(Write)),
    (
        "/cities/{city}/events/new",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/edit",
        "GET",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/edit",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/status",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/registrations",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/events/{id}/registrations.csv",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/events/{id}/registrations.xlsx",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/events/{id}/registrations/move",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/draw",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/check-in",
        "GET",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/check-in",
        "POST",
        Thing::CityRecord(Write),
    ),
    // A 商談会's participant pages: a company user's, for their company.
    ("/events/{id}/meetings", "GET", Thing::EventMeetings),
    ("/events/{id}/meetings", "POST", Thing::EventMeetings),
    (
        "/events/{id}/meetings/requests",
        "POST",
        Thing::EventMeetings,
    ),
    (
        "/events/{id}/meetings/requests/move",
        "POST",
        Thing::EventMeetings,
    ),
    ("/events/{id}/meetings/agenda", "GET", Thing::EventMeetings),
    (
        "/events/{id}/meetings/agenda.ics",
        "GET",
        Thing::EventMeetings,
    ),
    (
        "/events/{id}/meetings/agenda.pdf",
        "GET",
        Thing::EventMeetings,
    ),
    (
        "/events/{id}/meetings/outcomes",
        "POST",
        Thing::EventMeetings,
    ),
    // A 商談会's organiser pages: the organising city's record.
    (
        "/cities/{city}/events/{id}/meetings",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/events/{id}/meetings/setup",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/meetings/participants",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/meetings/requests",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/meetings/requests/move",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/meetings/schedule",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/meetings/lock",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/meetings/final",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/events/{id}/meetings.csv",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/events/{id}/meetings.xlsx",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/events/{id}/meetings/agenda/{participant}",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/events/{id}/meetings/agenda/{participant}/agenda.pdf",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/events/{id}/meetings/outcomes",
        "POST",
        Thing::CityRecord(Write),
    ),
    ("/introductions/{token}", "GET", Thing::Open),
    ("/introductions/{token}", "POST", Thing::Open),
    ("/cities", "GET", Thing::Menu),
    ("/cities/{city}", "GET", Thing::Menu),
    ("/cities/{city}/menu.csv", "GET", Thing::Menu),
    ("/cities/{city}/menu.xlsx", "GET", Thing::Menu),
    ("/guide", "GET", Thing::Menu),
    ("/cities/{city}/menu/new", "GET", Thing::MenuWrite),
    ("/cities/{city}/menu/new", "POST", Thing::MenuWrite),
    ("/cities/{city}/menu/{id}/edit", "GET", Thing::MenuWrite),
    ("/cities/{city}/menu/{id}/edit", "POST", Thing::MenuWrite),
    ("/cities/{city}/menu/{id}/delete", "GET", Thing::MenuWrite),
    ("/cities/{city}/menu/{id}/delete", "POST", Thing::MenuWrite),
    ("/account", "GET", Thing::SignedIn),
    // One's own second factor: part of one's own account.
    ("/account/second-factor", "GET", Thing::SignedIn),
    ("/account/second-factor/start", "POST", Thing::SignedIn),
    ("/account/second-factor/confirm", "POST", Thing::SignedIn),
    ("/account/second-factor/disable", "POST", Thing::SignedIn),
    ("/companies", "GET", Thing::SignedIn),
    ("/companies.csv", "GET", Thing::SignedIn),
    ("/companies.xlsx", "GET", Thing::SignedIn),
    ("/products", "GET", Thing::SignedIn),
    ("/products.csv", "GET", Thing::SignedIn),
    ("/products.xlsx", "GET", Thing::SignedIn),
    ("/referrals", "GET", Thing::SignedIn),
    ("/referrals.csv", "GET", Thing::SignedIn),
    ("/referrals.xlsx", "GET", Thing::SignedIn),
    ("/referrals/overdue", "GET", Thing::SignedIn),
    ("/referrals/summary", "GET", Thing::SignedIn),
    ("/introductions", "GET", Thing::SignedIn),
    ("/notifications", "GET", Thing::SignedIn),
    ("/notifications/read", "POST", Thing::SignedIn),
    ("/search", "GET", Thing::SignedIn),
    ("/sales-targets", "GET", Thing::SignedIn),
    ("/sales-targets.csv", "GET", Thing::SignedIn),
    ("/sales-targets.xlsx", "GET", Thing::SignedIn),
    ("/cities/{city}/users", "GET", Thing::CityUsers(Read)),
    (
        "/cities/{city}/users/invite",
        "GET",
        Thing::CityUsers(Write),
    ),
    (
        "/cities/{city}/users/invite",
        "POST",
        Thing::CityUsers(Write),
    ),
    ("/cities/{city}/users/{id}", "GET", Thing::CityUsers(Read)),
    // A city's support organisations, and who works for which: its staff accounts.
    (
        "/cities/{city}/organizations",
        "GET",
        Thing::CityUsers(Read),
    ),
    (
        "/cities/{city}/organizations",
        "POST",
        Thing::CityUsers(Write),
    ),
    (
        "/cities/{city}/users/{id}/organization",
        "POST",
        Thing::CityUsers(Write),
    ),
    (
        "/cities/{city}/users/{id}/role",
        "POST",
        Thing::CityUsers(Write),
    ),
    (
        "/cities/{city}/users/{id}/deactivate",
        "POST",
        Thing::CityUsers(Write),
    ),
    (
        "/cities/{city}/users/{id}/reinvite",
        "POST",
        Thing::CityUsers(Write),
    ),
    // Removing the second factor of a city's person who lost it: writing its staff accounts.
    (
        "/cities/{city}/users/{id}/second-factor",
        "POST",
        Thing::CityUsers(Write),
    ),
    // Whether a city's staff must use a second factor: writing its staff accounts.
    (
        "/cities/{city}/second-factor",
        "POST",
        Thing::CityUsers(Write),
    ),
    // A city's identity providers: like its staff accounts (reading the list; adding and
    // changing one is writing).
    (
        "/cities/{city}/identity-providers",
        "GET",
        Thing::CityUsers(Read),
    ),
    (
        "/cities/{city}/identity-providers",
        "POST",
        Thing::CityUsers(Write),
    ),
    (
        "/cities/{city}/identity-providers/{id}",
        "GET",
        Thing::CityUsers(Write),
    ),
    (
        "/cities/{city}/identity-providers/{id}",
        "POST",
        Thing::CityUsers(Write),
    ),
    ("/cities/{city}/audit", "GET", Thing::CityAudit),
    ("/cities/{city}/audit.csv", "GET", Thing::CityAudit),
    ("/cities/{city}/audit.xlsx", "GET", Thing::CityAudit),
    ("/cities/{city}/grants", "GET", Thing::CityGrants(Read)),
    (
        "/cities/{city}/grants/{id}/revoke",
        "POST",
        Thing::CityGrants(Write),
    ),
    ("/audit", "GET", Thing::AllAudit),
    ("/audit.csv", "GET", Thing::AllAudit),
    ("/audit.xlsx", "GET", Thing::AllAudit),
    ("/admin/users", "GET", Thing::Platform),
    ("/admin/users/invite", "GET", Thing::Platform),
    ("/admin/users/invite", "POST", Thing::Platform),
    ("/admin/users/{id}", "GET", Thing::Platform),
    ("/admin/users/{id}/deactivate", "POST", Thing::Platform),
    ("/admin/outbox", "GET", Thing::Platform),
    ("/companies/new", "GET", Thing::Register),
    ("/companies/new", "POST", Thing::Register),
    ("/companies/import", "GET", Thing::Register),
    ("/companies/import", "POST", Thing::Register),
    ("/companies/import/{id}", "GET", Thing::Register),
    ("/companies/import/{id}", "POST", Thing::Register),
    ("/sales-targets/new", "GET", Thing::Register),
    ("/sales-targets/new", "POST", Thing::Register),
    ("/companies/{id}", "GET", Thing::Company(Read)),
    ("/companies/{id}/edit", "GET", Thing::Company(Write)),
    ("/companies/{id}/edit", "POST", Thing::Company(Write)),
    ("/companies/{id}/contacts", "POST", Thing::Company(Write)),
    ("/companies/{id}/grants", "POST", Thing::Company(Write)),
    (
        "/companies/{id}/contacts/{contact}/delete",
        "POST",
        Thing::Company(Write),
    ),
    (
        "/companies/{id}/merge",
        "POST",
        Thing::AnotherCompany(Write),
    ),
    ("/companies/{id}/products/new", "GET", Thing::Company(Write)),
    (
        "/companies/{id}/products/new",
        "POST",
        Thing::Company(Write),
    ),
    ("/products/{id}", "GET", Thing::Company(Read)),
    ("/products/{id}/edit", "GET", Thing::Company(Write)),
    ("/products/{id}/edit", "POST", Thing::Company(Write)),
    ("/products/{id}/grants", "POST", Thing::Company(Write)),
    ("/products/{id}/stage", "POST", Thing::Company(Write)),
    ("/products/{id}/decision", "POST", Thing::Company(Write)),
    ("/products/{id}/evaluations", "POST", Thing::Company(Write)),
    ("/products/{id}/adoptions", "POST", Thing::Company(Write)),
    ("/products/{id}/support", "POST", Thing::Company(Write)),
    ("/products/{id}/coordinator", "POST", Thing::Company(Write)),
    ("/products/{id}/voices", "POST", Thing::Company(Write)),
    ("/products/{id}/reviews", "POST", Thing::Company(Write)),
    ("/products/{id}/referrals/new", "GET", Thing::Company(Write)),
    (
        "/products/{id}/referrals/new",
        "POST",
        Thing::Company(Write),
    ),
    ("/cities/{city}/voices", "GET", Thing::CityRecord(Read)),
    ("/cities/{city}/voices.csv", "GET", Thing::CityRecord(Read)),
    ("/cities/{city}/voices.xlsx", "GET", Thing::CityRecord(Read)),
    // The requests to register a company sent to a city: its records; deciding is writing.
    (
        "/cities/{city}/registrations",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/registrations/{id}",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/registrations/{id}/move",
        "POST",
        Thing::CityRecord(Write),
    ),
    // A city's rubric and expected times: read by whoever reads its records (the page shows
    // them), changed by whoever writes them.
    ("/cities/{city}/rubric", "GET", Thing::CityRecord(Read)),
    ("/cities/{city}/rubric", "POST", Thing::CityRecord(Write)),
    (
        "/cities/{city}/referral-times",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/referral-times",
        "POST",
        Thing::CityRecord(Write),
    ),
    ("/sales-targets/{id}", "GET", Thing::CityRecord(Read)),
    ("/sales-targets/{id}/people", "GET", Thing::CityRecord(Read)),
    (
        "/sales-targets/{id}/people/invite",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/sales-targets/{id}/people/{user}/remove",
        "POST",
        Thing::CityRecord(Write),
    ),
    ("/companies/{id}/people", "GET", Thing::CompanyPeople(Read)),
    (
        "/companies/{id}/people/invite",
        "POST",
        Thing::CompanyPeople(Write),
    ),
    (
        "/companies/{id}/people/{user}/remove",
        "POST",
        Thing::CompanyPeople(Write),
    ),
    ("/sales-targets/{id}/edit", "GET", Thing::CityRecord(Write)),
    ("/sales-targets/{id}/edit", "POST", Thing::CityRecord(Write)),
    ("/needs-seeds", "GET", Thing::NeedsSeeds(Read)),
    ("/needs-seeds.csv", "GET", Thing::NeedsSeeds(Read)),
    ("/needs-seeds.xlsx", "GET", Thing::NeedsSeeds(Read)),
    ("/needs-seeds", "POST", Thing::NeedsSeeds(Write)),
    ("/needs-seeds/{id}", "GET", Thing::NeedSeed),
    ("/referrals/{id}", "GET", Thing::Referral(Step::Read)),
    (
        "/referrals/{id}/consent",
        "POST",
        Thing::Referral(Step::Consent),
    ),
    ("/referrals/{id}/move", "POST", Thing::Referral(Step::Move)),
    (
        "/referrals/{id}/targets",
        "POST",
        Thing::Referral(Step::Introduce),
    ),
    (
        "/referrals/{id}/targets/{target}/provide",
        "POST",
        Thing::Referral(Step::Introduce),
    ),
    (
        "/referrals/{id}/targets/{target}/answer",
        "POST",
        Thing::Referral(Step::Answer),
    ),
    (
        "/referrals/{id}/activities",
        "POST",
        Thing::Referral(Step::Activity),
    ),
    (
        "/referrals/{id}/feedback",
        "POST",
        Thing::Referral(Step::Feedback),
    ),
    // The API.
    ("/api/v1/company-types", "GET", Thing::Catalog),
    ("/api/v1/stages", "GET", Thing::Catalog),
    ("/api/v1/stages/{stage}", "GET", Thing::Catalog),
    ("/api/v1/measures", "GET", Thing::Catalog),
    ("/api/v1/measures/{code}", "GET", Thing::Catalog),
    ("/api/v1/applicability", "GET", Thing::Catalog),
    ("/api/v1/cities", "GET", Thing::Menu),
    ("/api/v1/cities/{city}", "GET", Thing::Menu),
    ("/api/v1/cities/{city}/menu", "GET", Thing::Menu),
    ("/api/v1/cities/{city}/menu", "POST", Thing::MenuWrite),
    ("/api/v1/cities/{city}/menu/{id}", "GET", Thing::Menu),
    ("/api/v1/cities/{city}/menu/{id}", "PUT", Thing::MenuWrite),
    (
        "/api/v1/cities/{city}/menu/{id}",
        "DELETE",
        Thing::MenuWrite,
    ),
    ("/api/v1/companies", "GET", Thing::SignedIn),
    ("/api/v1/companies", "POST", Thing::Register),
    ("/api/v1/companies/{id}", "GET", Thing::Company(Read)),
    ("/api/v1/companies/{id}", "PUT", Thing::Company(Write)),
    (
        "/api/v1/companies/{id}/products",
        "POST",
        Thing::Company(Write),
    ),
    ("/api/v1/products", "GET", Thing::SignedIn),
    ("/api/v1/products/{id}", "GET", Thing::Company(Read)),
    ("/api/v1/products/{id}", "PUT", Thing::Company(Write)),
    ("/api/v1/products/{id}/stage", "POST", Thing::Company(Write)),
    (
        "/api/v1/products/{id}/support",
        "POST",
        Thing::Company(Write),
    ),
    (
        "/api/v1/products/{id}/reviews",
        "POST",
        Thing::Company(Write),
    ),
    ("/api/v1/products/{id}/model", "GET", Thing::Company(Read)),
    ("/api/v1/search", "GET", Thing::SignedIn),
    ("/api/v1/events", "GET", Thing::Open),
    ("/api/v1/events/{id}", "GET", Thing::Open),
    (
        "/api/v1/cities/{city}/events",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/api/v1/cities/{city}/events/{id}",
        "PUT",
        Thing::CityRecord(Write),
    ),
    (
        "/api/v1/cities/{city}/events/{id}/status",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/api/v1/cities/{city}/events/{id}/registrations",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/api/v1/cities/{city}/events/{id}/registrations/move",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/api/v1/cities/{city}/events/{id}/meetings",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/api/v1/cities/{city}/events/{id}/survey",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/api/v1/events/{id}/meetings/agenda",
        "GET",
        Thing::EventMeetings,
    ),
    (
        "/api/v1/cities/{city}/consultations",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/api/v1/companies/{id}/consultations",
        "POST",
        Thing::Consultation(Write),
    ),
    (
        "/api/v1/consultations/{id}",
        "GET",
        Thing::Consultation(Read),
    ),
    ("/api/v1/consultations/{id}/moves", "POST", Thing::CaseStep),
    (
        "/api/v1/consultations/{id}/dispatches",
        "POST",
        Thing::CaseStep,
    ),
    ("/api/v1/dispatches/{id}", "GET", Thing::Consultation(Read)),
    ("/api/v1/dispatches/{id}/moves", "POST", Thing::CaseStep),
    ("/api/v1/dispatches/{id}/visits", "POST", Thing::CaseNote),
    (
        "/api/v1/referrals/{id}/matches",
        "GET",
        Thing::Referral(Step::Read),
    ),
];

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
        // event | allow"; other accounts: forbidden.
        Thing::EventRegister => match who {
            Anonymous | Company => Allow,
            _ => Forbidden,
        },
        // "a 商談会's participant pages | company user: allow for their company"; anonymous:
        // sign in; other accounts: forbidden.
        Thing::EventMeetings => match who {
            Company => Allow,
            _ => Forbidden,
        },
        // "one's own account page | read | sign in | allow …"; lists hold what one may see.
        Thing::SignedIn => match who {
            Anonymous => Forbidden,
            _ => Allow,
        },
        // "own city's menu | write": admin and full staff; "another city's menu": admin.
        Thing::MenuWrite => match who {
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
        Thing::Company(action) => match who {
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
        // "a consultation case | read": the desk's city's staff and coordinators and the
        // company; "| write": its full staff and the company open one.
        Thing::Consultation(action) => match who {
            Company if own => Allow,
            _ => city_record(action, who, own),
        },
        // "its steps only to its party": the desk (full staff, administrators) takes a case
        // in, the company withdraws it; the others who read it are forbidden.
        Thing::CaseStep => match who {
            Company if own => Allow,
            _ => city_record(Write, who, own),
        },
        // Notes: those who work the case; the company reads the case, not its notes.
        Thing::CaseNote => match who {
            Company if own => Forbidden,
            _ => city_record(Write, who, own),
        },
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
