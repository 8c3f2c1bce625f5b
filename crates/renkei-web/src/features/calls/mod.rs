//! Calls (公募) and their applications: the public list of published calls and a city's
//! calls with the form to write one (`list`); a call's page with its phase moves, its
//! applications for its office and the start of an application for a company (`page`); an
//! application's page, where the company (or whoever prepares it for the company) fills in
//! the call's form, saves and submits it, attaches files, and the office screens and decides
//! (`application`); its decision letter as a PDF and each city's settings for its letters
//! (`letters`); the calls in the JSON API (`api`, read only). The checks and use cases are
//! `renkei_app::calls`.

mod api;
mod application;
mod form;
mod letters;
mod list;
mod page;
mod report;
mod review;
mod winners;

use std::collections::HashMap;

use axum::routing::{get, post};
use renkei_domain::access::Action;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The calls' operations of the JSON API (read only).
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::list))
        .routes(routes!(api::get_call))
        .routes(routes!(api::get_application))
}

/// The call pages, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add("/calls", GET, Public, get(list::public))
        .add("/calls/winners", GET, Public, get(winners::all))
        .add("/calls/winners.csv", GET, Public, get(winners::file))
        .add("/calls/winners.xlsx", GET, Public, get(winners::file))
        .add(
            "/cities/{city}/calls/winners.csv",
            GET,
            Public,
            get(winners::file),
        )
        .add(
            "/cities/{city}/calls/winners.xlsx",
            GET,
            Public,
            get(winners::file),
        )
        .add(
            "/cities/{city}/calls/winners",
            GET,
            Public,
            get(winners::of_city),
        )
        .add("/cities/{city}/calls", GET, Public, get(list::of_city))
        .add(
            "/cities/{city}/calls/new",
            GET_POST,
            CityMenuWrite,
            get(list::new_form).post(list::create),
        )
        .add("/calls/{id}", GET, Call(Action::Read), get(page::show))
        .add(
            "/calls/{id}/edit",
            GET_POST,
            Call(Action::Write),
            get(page::edit_form).post(page::edit),
        )
        .add(
            "/calls/{id}/phase",
            POST,
            Call(Action::Write),
            post(page::phase),
        )
        .add(
            "/calls/{id}/applications",
            POST,
            CallApplication(Action::Write),
            post(page::apply),
        )
        .add(
            "/calls/{id}/applications.csv",
            GET,
            CallReview(Action::Read),
            get(page::applications_file),
        )
        .add(
            "/calls/{id}/applications.xlsx",
            GET,
            CallReview(Action::Read),
            get(page::applications_file),
        )
        .add(
            "/calls/{id}/review",
            GET,
            CallReview(Action::Read),
            get(review::show),
        )
        .add(
            "/calls/{id}/review/reviewers",
            POST,
            CallReview(Action::Write),
            post(review::invite),
        )
        .add(
            "/calls/{id}/review/assign",
            POST,
            CallReview(Action::Write),
            post(review::assign),
        )
        .add(
            "/calls/{id}/review/rubric",
            POST,
            CallReview(Action::Write),
            post(review::set_rubric),
        )
        .add(
            "/calls/{id}/review/conflicts",
            POST,
            CallSheet(Action::Write),
            post(review::conflict),
        )
        .add(
            "/call-reviews/{id}",
            GET_POST,
            CallSheet(Action::Read),
            get(review::sheet).post(review::score),
        )
        .add(
            "/applications/{id}",
            GET_POST,
            CallApplication(Action::Read),
            get(application::show).post(application::save),
        )
        .add(
            "/applications/{id}/move",
            POST,
            CallApplication(Action::Read),
            post(application::make_move),
        )
        .add(
            "/applications/{id}/files",
            POST,
            CallApplication(Action::Write),
            post(application::upload).layer(application::body_limit()),
        )
        .add(
            "/applications/{id}/files/{file}",
            GET,
            CallApplication(Action::Read),
            get(application::download),
        )
        .add(
            "/applications/{id}/letter.pdf",
            GET,
            CallApplication(Action::Read),
            get(letters::pdf),
        )
        .add(
            "/cities/{city}/call-letters",
            GET,
            CityRecords(Action::Read),
            get(letters::settings_form),
        )
        .add(
            "/cities/{city}/call-letters",
            POST,
            CityRecords(Action::Write),
            post(letters::save_settings),
        )
        .add(
            "/applications/{id}/files/{file}/delete",
            POST,
            CallApplication(Action::Write),
            post(application::remove),
        )
}

/// The version a change was made from: without it a change could overwrite another unseen.
fn seen_version(form: &HashMap<String, String>) -> Result<i64, crate::error::AppError> {
    form.get("version")
        .and_then(|v| v.trim().parse::<i64>().ok())
        .ok_or_else(|| crate::error::AppError::Malformed("version".to_owned()))
}

/// Errors keyed by a form field's own name (an answer's `q3`), in one language, shown as
/// `_errors.html` shows a form's.
#[derive(Debug, Clone, Default)]
pub struct KeyedErrors(pub Vec<(String, String)>);

impl KeyedErrors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
