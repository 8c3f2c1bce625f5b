//! A company asks to be registered (企業登録の申込み): the public form anyone may send to a
//! designated city, its thank-you page, the applicant's link (the request as it stands, and
//! its withdrawal while it waits), and the city's list of requests and each request's
//! page, where its staff who may write approve it (the company and its first user are made)
//! or decline it with a reason. The workflow is `renkei_app::registrations`.

mod applicant;
mod city;
mod public;

use axum::routing::{get, post};
use renkei_domain::access::Action;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The pages of registration requests, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/register-company",
        GET_POST,
        Public,
        get(public::form).post(public::submit),
    )
    .add("/register-company/thanks", GET, Public, get(public::thanks))
    .add(
        "/register-company/withdraw",
        GET_POST,
        Account,
        get(applicant::page).post(applicant::withdraw),
    )
    .add(
        "/register-company/withdrawn",
        GET,
        Public,
        get(applicant::withdrawn),
    )
    .add(
        "/cities/{city}/registrations",
        GET,
        CityRecords(Action::Read),
        get(city::list),
    )
    .add(
        "/cities/{city}/registrations.csv",
        GET,
        CityRecords(Action::Read),
        get(city::list_file),
    )
    .add(
        "/cities/{city}/registrations.xlsx",
        GET,
        CityRecords(Action::Read),
        get(city::list_file),
    )
    .add(
        "/cities/{city}/registrations/{id}",
        GET,
        CityRecords(Action::Read),
        get(city::show),
    )
    .add(
        "/cities/{city}/registrations/{id}/move",
        POST,
        CityRecords(Action::Write),
        post(city::decide),
    )
}
