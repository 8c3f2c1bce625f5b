//! Events (セミナー・見学会・商談会・交流会・研究会): the public calendar of every city and
//! of one (a page and an iCalendar feed), each event's page with its registration form, the
//! registrant's link (confirming the address, the QR code for the reception, accepting a
//! place offered from the waiting list, cancelling, changing answers), and the organiser's
//! pages: the city's events, the event's form, publishing, the registrations with their
//! exports, the lottery's draw and the check-in a staff member's phone opens from a QR code.
//! The workflow and its use cases are `renkei_app::events`.

mod agenda_pdf;
mod api;
mod api_meetings;
mod calendar;
mod edit;
mod meetings;
mod meetings_file;
mod meetings_organiser;
mod organiser;
mod register;
mod survey;

use axum::routing::{get, post};
use renkei_domain::access::Action;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

/// An event as a list shows it, for other features' pages (the CSR community's events).
pub(crate) use calendar::{EventView, view};

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The events' operations of the JSON API.
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::list_events))
        .routes(routes!(api::get_event))
        .routes(routes!(api::create_event))
        .routes(routes!(api::update_event))
        .routes(routes!(api::set_status))
        .routes(routes!(api::list_registrations))
        .routes(routes!(api::move_registration))
        .routes(routes!(api_meetings::matchmaking))
        .routes(routes!(api_meetings::agenda))
        .routes(routes!(api_meetings::survey))
}

/// The pages of events, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    let t = t
        .add("/events", GET, Public, get(calendar::list))
        .add("/events.ics", GET, Public, get(calendar::feed))
        .add(
            "/cities/{city}/events.ics",
            GET,
            Public,
            get(calendar::city_feed),
        )
        .add("/events/{id}", GET, Public, get(calendar::show))
        .add("/events/{id}/calendar.ics", GET, Public, get(calendar::one))
        .add(
            "/events/{id}/register",
            POST,
            Public,
            post(register::submit),
        )
        .add("/events/registered", GET, Public, get(register::registered))
        .add(
            "/events/registration",
            GET_POST,
            Account,
            get(register::page).post(register::act),
        )
        .add(
            "/cities/{city}/events",
            GET,
            CityRecords(Action::Read),
            get(organiser::list),
        )
        .add(
            "/cities/{city}/events.csv",
            GET,
            CityRecords(Action::Read),
            get(organiser::list_file),
        )
        .add(
            "/cities/{city}/events.xlsx",
            GET,
            CityRecords(Action::Read),
            get(organiser::list_file),
        )
        .add(
            "/cities/{city}/events/new",
            GET_POST,
            CityRecords(Action::Write),
            get(edit::new_form).post(edit::create),
        )
        .add(
            "/cities/{city}/events/{id}/edit",
            GET_POST,
            CityRecords(Action::Write),
            get(edit::edit_form).post(edit::update),
        )
        .add(
            "/cities/{city}/events/{id}/status",
            POST,
            CityRecords(Action::Write),
            post(edit::status),
        )
        .add(
            "/cities/{city}/events/{id}/registrations",
            GET,
            CityRecords(Action::Read),
            get(organiser::registrations),
        )
        .add(
            "/cities/{city}/events/{id}/registrations.csv",
            GET,
            CityRecords(Action::Read),
            get(organiser::registrations),
        )
        .add(
            "/cities/{city}/events/{id}/registrations.xlsx",
            GET,
            CityRecords(Action::Read),
            get(organiser::registrations),
        )
        .add(
            "/cities/{city}/events/{id}/registrations/move",
            POST,
            CityRecords(Action::Write),
            post(organiser::step),
        )
        .add(
            "/cities/{city}/events/{id}/draw",
            POST,
            CityRecords(Action::Write),
            post(organiser::draw),
        )
        .add(
            "/cities/{city}/events/{id}/check-in",
            GET_POST,
            CityRecords(Action::Write),
            get(organiser::check_in_page).post(organiser::check_in),
        );
    meeting_routes(t)
}

/// The 商談会's matchmaking: the participants' pages and the organiser's.
fn meeting_routes(t: Table) -> Table {
    use meetings as p;
    use meetings_organiser as o;
    let w = CityRecords(Action::Write);
    t.add(
        "/events/{id}/meetings",
        GET_POST,
        SignedIn,
        get(p::show).post(p::save),
    )
    .add(
        "/events/{id}/meetings/requests",
        POST,
        SignedIn,
        post(p::request),
    )
    .add(
        "/events/{id}/meetings/requests/move",
        POST,
        SignedIn,
        post(p::step),
    )
    .add(
        "/events/{id}/meetings/agenda",
        GET,
        SignedIn,
        get(p::agenda),
    )
    .add(
        "/events/{id}/meetings/agenda.ics",
        GET,
        SignedIn,
        get(p::agenda_ics),
    )
    .add(
        "/events/{id}/meetings/agenda.pdf",
        GET,
        SignedIn,
        get(agenda_pdf::participant),
    )
    .add(
        "/events/{id}/meetings/outcomes",
        POST,
        SignedIn,
        post(p::outcome),
    )
    .add(
        "/cities/{city}/events/{id}/meetings",
        GET,
        CityRecords(Action::Read),
        get(o::show),
    )
    .add(
        "/cities/{city}/events/{id}/meetings.csv",
        GET,
        CityRecords(Action::Read),
        get(meetings_file::schedule_file),
    )
    .add(
        "/cities/{city}/events/{id}/meetings.xlsx",
        GET,
        CityRecords(Action::Read),
        get(meetings_file::schedule_file),
    )
    .add(
        "/cities/{city}/events/{id}/meetings/setup",
        POST,
        w,
        post(o::setup),
    )
    .add(
        "/cities/{city}/events/{id}/meetings/participants",
        POST,
        w,
        post(o::add),
    )
    .add(
        "/cities/{city}/events/{id}/meetings/requests",
        POST,
        w,
        post(o::arrange),
    )
    .add(
        "/cities/{city}/events/{id}/meetings/requests/move",
        POST,
        w,
        post(o::step),
    )
    .add(
        "/cities/{city}/events/{id}/meetings/schedule",
        POST,
        w,
        post(o::schedule),
    )
    .add(
        "/cities/{city}/events/{id}/meetings/lock",
        POST,
        w,
        post(o::lock),
    )
    .add(
        "/cities/{city}/events/{id}/meetings/final",
        POST,
        w,
        post(o::final_agenda),
    )
    .add(
        "/cities/{city}/events/{id}/meetings/agenda/{participant}",
        GET,
        CityRecords(Action::Read),
        get(o::agenda),
    )
    .add(
        "/cities/{city}/events/{id}/meetings/agenda/{participant}/agenda.pdf",
        GET,
        CityRecords(Action::Read),
        get(agenda_pdf::organiser),
    )
    .add(
        "/cities/{city}/events/{id}/meetings/outcomes",
        POST,
        w,
        post(o::outcome),
    )
}
