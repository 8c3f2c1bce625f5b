//! Coordinators' training (確保・育成): curricula and their training events (`curricula`), a
//! coordinator's training with their matrix, external records and certificates as PDF
//! (`person`), a city's matrix and gaps (`city`), and the network's counts as a page, CSV,
//! XLSX and in the JSON API (`network`). The rules are `renkei_app::training`; an event of
//! the kind 研修 takes registrations of staff and coordinators on its own page (`events`).

mod city;
mod curricula;
mod network;
mod person;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The training's operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(network::counts))
}

/// The training's pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/training/curricula",
        GET,
        TrainingNetwork,
        get(curricula::list),
    )
    .add(
        "/training/curricula/new",
        GET_POST,
        Platform(Action::Write),
        get(curricula::new_network_form).post(curricula::create_network),
    )
    .add(
        "/cities/{city}/training/curricula/new",
        GET_POST,
        TrainingCurriculum(Action::Write),
        get(curricula::new_city_form).post(curricula::create_city),
    )
    .add(
        "/training/curricula/{id}",
        GET,
        TrainingNetwork,
        get(curricula::show),
    )
    .add(
        "/training/curricula/{id}/edit",
        GET_POST,
        TrainingCurriculum(Action::Write),
        get(curricula::edit_form).post(curricula::update),
    )
    .add(
        "/training/curricula/{id}/courses",
        POST,
        TrainingCurriculum(Action::Write),
        post(curricula::link),
    )
    .add(
        "/cities/{city}/coordinators/training",
        GET,
        TrainingCity,
        get(city::page),
    )
    .add(
        "/coordinators/{id}/training",
        GET,
        TrainingPerson(Action::Read),
        get(person::page),
    )
    .add(
        "/coordinators/{id}/training/records",
        POST,
        TrainingPerson(Action::Write),
        post(person::record),
    )
    .add(
        "/training/certificates/{id}/certificate.pdf",
        GET,
        TrainingPerson(Action::Read),
        get(person::pdf),
    )
    .add(
        "/network/training",
        GET,
        TrainingNetwork,
        get(network::page),
    )
    .add(
        "/network/training.csv",
        GET,
        TrainingNetwork,
        get(network::page),
    )
    .add(
        "/network/training.xlsx",
        GET,
        TrainingNetwork,
        get(network::page),
    )
}
