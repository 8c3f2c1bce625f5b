//! The API's routes with what each touches, in the policy's words ([`Thing`]): the rest of
//! `routes.rs`, written by hand from `docs/access-policy.md` as it is.

use renkei_domain::access::Action::{Read, Write};

use super::policy::{Step, Thing};

/// The API's operations with what they touch.
pub const API: &[(&str, &str, Thing)] = &[
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
    ("/api/v1/products/{id}/support", "POST", Thing::SupportWrite),
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
        "/api/v1/consultations/{id}/bridges",
        "POST",
        Thing::CaseNote,
    ),
    ("/api/v1/bridges/{id}", "GET", Thing::Consultation(Read)),
    ("/api/v1/bridges/{id}/answers", "POST", Thing::CaseNote),
    ("/api/v1/bridges/{id}/moves", "POST", Thing::CaseStep),
    (
        "/api/v1/cities/{city}/research-groups",
        "GET",
        Thing::CityRecord(Read),
    ),
    (
        "/api/v1/research-groups/{id}",
        "GET",
        Thing::ResearchGroup(Read),
    ),
    (
        "/api/v1/referrals/{id}/matches",
        "GET",
        Thing::Referral(Step::Read),
    ),
];
