//! Every route of the router with what it touches, in the policy's words ([`Thing`]):
//! written by hand from `docs/access-policy.md`, as the rest of [`super::policy`].

use renkei_domain::access::Action::{Read, Write};

use super::policy::{Step, Thing};

/// The pages' routes with what they touch (the API's are in `routes_api.rs`). A route of
/// `route_table()` missing from [`all`] fails the walk.
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
    // Calls: a published call and the lists are anyone's; writing one is the city's
    // menu-writing staff's; an application is its company's and its home city's.
    ("/calls", "GET", Thing::Open),
    ("/calls/winners", "GET", Thing::Open),
    ("/cities/{city}/calls/winners", "GET", Thing::Open),
    ("/calls/winners.csv", "GET", Thing::Open),
    ("/calls/winners.xlsx", "GET", Thing::Open),
    ("/cities/{city}/calls/winners.csv", "GET", Thing::Open),
    ("/cities/{city}/calls/winners.xlsx", "GET", Thing::Open),
    ("/cities/{city}/calls", "GET", Thing::Open),
    ("/cities/{city}/calls/new", "GET", Thing::MenuWrite),
    ("/cities/{city}/calls/new", "POST", Thing::MenuWrite),
    ("/calls/{id}", "GET", Thing::Open),
    ("/calls/{id}/edit", "GET", Thing::CallWrite),
    ("/calls/{id}/edit", "POST", Thing::CallWrite),
    ("/calls/{id}/phase", "POST", Thing::CallWrite),
    ("/calls/{id}/applications", "POST", Thing::ApplicationWrite),
    ("/calls/{id}/applications.csv", "GET", Thing::Review(Read)),
    ("/calls/{id}/applications.xlsx", "GET", Thing::Review(Read)),
    ("/calls/{id}/review", "GET", Thing::Review(Read)),
    ("/calls/{id}/review/reviewers", "POST", Thing::Review(Write)),
    ("/calls/{id}/review/assign", "POST", Thing::Review(Write)),
    ("/calls/{id}/review/rubric", "POST", Thing::Review(Write)),
    ("/calls/{id}/review/conflicts", "POST", Thing::Sheet(Write)),
    ("/call-reviews/{id}", "GET", Thing::Sheet(Read)),
    ("/call-reviews/{id}", "POST", Thing::Sheet(Write)),
    ("/applications/{id}", "GET", Thing::Application),
    ("/applications/{id}", "POST", Thing::ApplicationWrite),
    ("/applications/{id}/move", "POST", Thing::ApplicationStep),
    ("/applications/{id}/files", "POST", Thing::ApplicationWrite),
    ("/applications/{id}/files/{file}", "GET", Thing::Application),
    ("/applications/{id}/letter.pdf", "GET", Thing::Letter),
    (
        "/applications/{id}/files/{file}/delete",
        "POST",
        Thing::ApplicationWrite,
    ),
    // The showcase: the list is anyone's (it holds what each may see); a product shown to
    // the network is every city's staff's and coordinators'; asking its home city for a
    // referral is another city's full staff's; showing it is its company's consent.
    ("/showcase", "GET", Thing::Open),
    ("/showcase/{id}", "GET", Thing::Showcase),
    (
        "/showcase/{id}/referral-request",
        "POST",
        Thing::ShowcaseRequest,
    ),
    ("/products/{id}/showcase", "GET", Thing::CompanyConsent),
    ("/products/{id}/showcase", "POST", Thing::CompanyConsent),
    ("/api/v1/showcase", "GET", Thing::Open),
    ("/api/v1/showcase/{id}", "GET", Thing::Showcase),
    ("/api/v1/calls", "GET", Thing::Open),
    ("/api/v1/calls/{id}", "GET", Thing::Open),
    ("/api/v1/applications/{id}", "GET", Thing::Application),
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
    ("/cities/{city}/events.csv", "GET", Thing::CityRecord(Read)),
    ("/cities/{city}/events.xlsx", "GET", Thing::CityRecord(Read)),
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
    ("/bridges.xlsx", "GET", Thing::NeedsSeeds(Read)),
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
    ("/partner-requests.csv", "GET", Thing::NeedsSeeds(Read)),
    ("/partner-requests.xlsx", "GET", Thing::NeedsSeeds(Read)),
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
    (
        "/companies/{id}/partner-listing",
        "POST",
        Thing::CompanyConsent,
    ),
    // The coordinator network: the directory and a coordinator's page for staff and
    // coordinators of every city, a profile kept by its coordinator and their city's full
    // staff; asking for help across cities, a request, its moves and the company's consent.
    ("/coordinators", "GET", Thing::Directory),
    ("/caseload", "GET", Thing::Directory),
    ("/cities/{city}/caseload", "GET", Thing::CityRecord(Read)),
    (
        "/products/{id}/referral-preparations/new",
        "GET",
        Thing::Prepare,
    ),
    (
        "/products/{id}/referral-preparations",
        "POST",
        Thing::Prepare,
    ),
    (
        "/referrals/{id}/target-preparations/new",
        "GET",
        Thing::PrepareTargets,
    ),
    (
        "/referrals/{id}/target-preparations",
        "POST",
        Thing::PrepareTargets,
    ),
    ("/referral-preparations", "GET", Thing::SignedIn),
    ("/referral-preparations/{id}", "GET", Thing::Preparation),
    (
        "/referral-preparations/{id}/move",
        "POST",
        Thing::PreparationStep,
    ),
    ("/api/v1/referral-preparations", "POST", Thing::Prepare),
    (
        "/api/v1/referral-preparations/{id}",
        "GET",
        Thing::Preparation,
    ),
    (
        "/api/v1/referral-preparations/{id}/moves",
        "POST",
        Thing::PreparationStep,
    ),
    ("/coordinators/{id}", "GET", Thing::Coordinator(Read)),
    (
        "/coordinators/{id}/profile",
        "GET",
        Thing::Coordinator(Write),
    ),
    (
        "/coordinators/{id}/profile",
        "POST",
        Thing::Coordinator(Write),
    ),
    ("/api/v1/coordinators", "GET", Thing::Directory),
    ("/api/v1/coordinators/{id}", "GET", Thing::Coordinator(Read)),
    // The sites a coordinator can introduce: read with their page, kept with their profile.
    (
        "/coordinators/{id}/sites",
        "POST",
        Thing::Coordinator(Write),
    ),
    (
        "/coordinators/{id}/sites/{site}/remove",
        "POST",
        Thing::Coordinator(Write),
    ),
    (
        "/api/v1/coordinators/{id}/sites",
        "GET",
        Thing::Coordinator(Read),
    ),
    (
        "/api/v1/coordinators/{id}/sites",
        "POST",
        Thing::Coordinator(Write),
    ),
    // Coordinators' training: curricula and the network's counts for staff and coordinators
    // of every city; a city's curriculum written by its full staff, the network's by the
    // administrators; a city's matrix and gaps for its staff and coordinators; a
    // coordinator's training for them and their city's, its external records for its full
    // staff; a certificate read as the holder's training.
    ("/training/curricula", "GET", Thing::TrainingRead),
    ("/training/curricula/new", "GET", Thing::NetworkCurriculum),
    ("/training/curricula/new", "POST", Thing::NetworkCurriculum),
    (
        "/cities/{city}/training/curricula/new",
        "GET",
        Thing::Curriculum,
    ),
    (
        "/cities/{city}/training/curricula/new",
        "POST",
        Thing::Curriculum,
    ),
    ("/training/curricula/{id}", "GET", Thing::TrainingRead),
    ("/training/curricula/{id}/edit", "GET", Thing::Curriculum),
    ("/training/curricula/{id}/edit", "POST", Thing::Curriculum),
    (
        "/training/curricula/{id}/courses",
        "POST",
        Thing::Curriculum,
    ),
    (
        "/cities/{city}/coordinators/training",
        "GET",
        Thing::CityTraining,
    ),
    ("/coordinators/{id}/training", "GET", Thing::Training(Read)),
    (
        "/coordinators/{id}/training/records",
        "POST",
        Thing::Training(Write),
    ),
    (
        "/training/certificates/{id}/certificate.pdf",
        "GET",
        Thing::Training(Read),
    ),
    ("/network/training", "GET", Thing::TrainingRead),
    ("/network/training.csv", "GET", Thing::TrainingRead),
    ("/network/training.xlsx", "GET", Thing::TrainingRead),
    ("/api/v1/network/training", "GET", Thing::TrainingRead),
    // The evidence: a city's dashboard, its downloads and JSON, its staff and coordinators';
    // the network's, every city's staff and coordinators'.
    ("/cities/{city}/dashboard", "GET", Thing::CityEvidence),
    ("/cities/{city}/dashboard.xlsx", "GET", Thing::CityEvidence),
    ("/cities/{city}/dashboard.csv", "GET", Thing::CityEvidence),
    (
        "/api/v1/cities/{city}/dashboard",
        "GET",
        Thing::CityEvidence,
    ),
    ("/network/dashboard", "GET", Thing::NetworkEvidence),
    ("/network/dashboard.xlsx", "GET", Thing::NetworkEvidence),
    ("/network/dashboard.csv", "GET", Thing::NetworkEvidence),
    ("/api/v1/network/dashboard", "GET", Thing::NetworkEvidence),
    // Open data: the catalog, the menus and the public registries are anyone's.
    ("/open-data", "GET", Thing::Open),
    ("/open-data/hsds.json", "GET", Thing::Open),
    ("/open-data/hsds/organizations.csv", "GET", Thing::Open),
    ("/open-data/hsds/services.csv", "GET", Thing::Open),
    ("/open-data/hsds/taxonomies.csv", "GET", Thing::Open),
    ("/open-data/hsds/taxonomy_terms.csv", "GET", Thing::Open),
    ("/open-data/hsds/attributes.csv", "GET", Thing::Open),
    ("/open-data/events.json", "GET", Thing::Open),
    ("/open-data/award-winners.json", "GET", Thing::Open),
    ("/open-data/datapackage.json", "GET", Thing::Open),
    ("/reports/pilot.pdf", "GET", Thing::NetworkEvidence),
    ("/reports/pilot.xlsx", "GET", Thing::NetworkEvidence),
    ("/reports/proposals.pdf", "GET", Thing::NetworkEvidence),
    ("/reports/proposals.xlsx", "GET", Thing::NetworkEvidence),
    ("/cities/{city}/report.pdf", "GET", Thing::CityEvidence),
    ("/cities/{city}/report.xlsx", "GET", Thing::CityEvidence),
    // The CSR challenge certification: a city's scheme and the registry for anyone; the
    // scheme kept by its full staff; a self-assessment started by a company of the city; a
    // certification read as the company's records and moved by its parties (answers and
    // renewal the company's); the community for every city's staff and coordinators and its
    // members; a matching request its two companies'; contributions proposed by the company
    // and confirmed by its city's full staff.
    ("/cities/{city}/csr", "GET", Thing::CsrPublic),
    ("/cities/{city}/csr/checklist.xlsx", "GET", Thing::CsrPublic),
    ("/cities/{city}/csr/checklist", "POST", Thing::CsrScheme),
    ("/cities/{city}/csr/thresholds", "POST", Thing::CsrScheme),
    ("/cities/{city}/csr/certifications", "POST", Thing::CsrStart),
    ("/cities/{city}/csr/registry", "GET", Thing::CsrPublic),
    ("/csr/registry", "GET", Thing::CsrPublic),
    ("/csr/registry.csv", "GET", Thing::CsrPublic),
    ("/csr/registry.json", "GET", Thing::CsrPublic),
    ("/api/v1/csr/registry", "GET", Thing::CsrPublic),
    ("/csr/certifications", "GET", Thing::SignedIn),
    (
        "/csr/certifications/{id}",
        "GET",
        Thing::CsrCertification(Read),
    ),
    (
        "/csr/certifications/{id}/answers",
        "POST",
        Thing::CsrCompanyStep,
    ),
    (
        "/csr/certifications/{id}/move",
        "POST",
        Thing::CsrCertification(Write),
    ),
    (
        "/csr/certifications/{id}/renew",
        "POST",
        Thing::CsrCompanyStep,
    ),
    (
        "/csr/certifications/{id}/evidence",
        "POST",
        Thing::CsrCompanyStep,
    ),
    (
        "/csr/certifications/{id}/evidence/{file}",
        "GET",
        Thing::CsrCertification(Read),
    ),
    (
        "/csr/certifications/{id}/evidence/{file}/delete",
        "POST",
        Thing::CsrCompanyStep,
    ),
    (
        "/csr/certifications/{id}/answers.xlsx",
        "GET",
        Thing::CsrCertification(Read),
    ),
    (
        "/csr/certifications/{id}/answers.pdf",
        "GET",
        Thing::CsrCertification(Read),
    ),
    (
        "/csr/certifications/{id}/certificate.pdf",
        "GET",
        Thing::CsrCertification(Read),
    ),
    ("/csr/community", "GET", Thing::CsrCommunity(Read)),
    ("/csr/matching", "POST", Thing::CsrCommunity(Write)),
    ("/csr/matching/{id}/move", "POST", Thing::CsrMatching),
    ("/companies/{id}/contributions", "GET", Thing::Company(Read)),
    (
        "/companies/{id}/contributions",
        "POST",
        Thing::ContributionPropose,
    ),
    (
        "/csr/contributions/{id}/move",
        "POST",
        Thing::ContributionStep,
    ),
    ("/help-requests", "GET", Thing::SignedIn),
    ("/help-requests/new", "GET", Thing::HelpAsk),
    ("/help-requests/new", "POST", Thing::HelpAsk),
    ("/help-requests/{id}", "GET", Thing::HelpRequest),
    ("/help-requests/{id}/move", "POST", Thing::HelpStep),
    ("/help-requests/{id}/consent", "POST", Thing::HelpConsent),
    ("/api/v1/help-requests", "GET", Thing::SignedIn),
    ("/api/v1/help-requests/{id}", "GET", Thing::HelpRequest),
    ("/api/v1/help-requests", "POST", Thing::HelpAsk),
    ("/api/v1/help-requests/{id}/moves", "POST", Thing::HelpStep),
    // The cities' threads: the list for staff and coordinators of every city, a topic
    // started by their coordinators and full staff; a thread (the walk's: about the slot's
    // product, not showcased, so its home city's) read by its city's staff and coordinators
    // and posted in by its coordinators and full staff.
    ("/threads", "GET", Thing::Threads(Read)),
    ("/threads/new", "GET", Thing::Threads(Write)),
    ("/threads/new", "POST", Thing::Threads(Write)),
    ("/threads/{id}", "GET", Thing::Thread(Read)),
    ("/threads/{id}/posts", "POST", Thing::Thread(Write)),
    ("/api/v1/threads", "GET", Thing::Threads(Read)),
    ("/api/v1/threads", "POST", Thing::Threads(Write)),
    ("/api/v1/threads/{id}", "GET", Thing::Thread(Read)),
    ("/api/v1/threads/{id}/posts", "POST", Thing::Thread(Write)),
    // Research groups: the list and starting one are the city's records; a group is read by
    // its cities' staff and coordinators and its member companies' people, changed by its
    // cities' full staff (the walk's group is of the slot's city, its company a member).
    (
        "/cities/{city}/research-groups",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/research-groups",
        "POST",
        Thing::CityRecord(Write),
    ),
    (
        "/cities/{city}/research-groups.csv",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/research-groups.xlsx",
        "GET",
        Thing::CityRecord(Read),
    ),
    ("/research-groups/{id}", "GET", Thing::ResearchGroup(Read)),
    ("/research-groups/{id}", "POST", Thing::ResearchGroup(Write)),
    (
        "/research-groups/{id}/members",
        "POST",
        Thing::ResearchGroup(Write),
    ),
    (
        "/research-groups/{id}/members/{member}/leave",
        "POST",
        Thing::ResearchGroup(Write),
    ),
    (
        "/research-groups/{id}/meetings",
        "POST",
        Thing::ResearchGroup(Write),
    ),
    (
        "/research-groups/{id}/meetings/{meeting}",
        "GET",
        Thing::ResearchGroup(Read),
    ),
    (
        "/research-groups/{id}/meetings/{meeting}",
        "POST",
        Thing::ResearchGroup(Write),
    ),
    (
        "/research-groups/{id}/documents",
        "POST",
        Thing::ResearchGroup(Write),
    ),
    (
        "/research-groups/{id}/documents/{document}",
        "GET",
        Thing::ResearchGroup(Read),
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
    ("/products/{id}/support", "POST", Thing::SupportWrite),
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
        "/cities/{city}/registrations.csv",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/registrations.xlsx",
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
    // A city's rubric, expected times and settings of its calls' decision letters: read by
    // whoever reads its records (the page shows them), changed by whoever writes them.
    ("/cities/{city}/rubric", "GET", Thing::CityRecord(Read)),
    ("/cities/{city}/rubric", "POST", Thing::CityRecord(Write)),
    (
        "/cities/{city}/referral-times",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/call-letters",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/cities/{city}/call-letters",
        "POST",
        Thing::CityRecord(Write),
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
];

/// Every route: the pages' and the API's ([`super::routes_api::API`]).
pub fn all() -> impl Iterator<Item = &'static (&'static str, &'static str, Thing)> {
    ROUTES.iter().chain(super::routes_api::API.iter())
}
