//! Inter-city referrals (第3章): selection from a product's page, one page per referral that
//! shows each party what the workflow lets it see at its step and the forms of the steps that
//! are its own (consent, sending, accepting or declining, targets and their answers, feedback
//! to the sending city, forwarding, the sales-activity log, the outcome, closing, withdrawal,
//! 感想), the target's page behind a one-time link, the lists (all, overdue, the pilot-style
//! summary), each city's expected times, and notifications.

mod activity;
mod introductions;
mod labels;
mod list;
pub(crate) mod load;
mod moves;
mod new;
mod notifications;
mod page;
mod summary;
mod targets;
mod times;
pub(crate) mod view;

use axum::routing::{get, post};
use renkei_domain::access::Action;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The pages of referrals, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/products/{id}/referrals/new",
        GET_POST,
        Product(Action::Write),
        get(new::new_form).post(new::create),
    )
    .add("/referrals", GET, SignedIn, get(list::list))
    .add("/referrals.csv", GET, SignedIn, get(list::list_file))
    .add("/referrals.xlsx", GET, SignedIn, get(list::list_file))
    .add("/referrals/overdue", GET, SignedIn, get(summary::overdue))
    .add("/referrals/summary", GET, SignedIn, get(summary::summary))
    .add(
        "/referrals/{id}",
        GET,
        Referral(Action::Read),
        get(page::show),
    )
    .add(
        "/referrals/{id}/move",
        POST,
        Referral(Action::Write),
        post(moves::step),
    )
    .add(
        "/referrals/{id}/consent",
        POST,
        Referral(Action::Write),
        post(moves::consent),
    )
    .add(
        "/referrals/{id}/targets",
        POST,
        Referral(Action::Write),
        post(targets::add_target),
    )
    .add(
        "/referrals/{id}/targets/{target}/provide",
        POST,
        Referral(Action::Write),
        post(targets::provide),
    )
    .add(
        "/referrals/{id}/targets/{target}/answer",
        POST,
        Referral(Action::Write),
        post(targets::answer),
    )
    .add(
        "/referrals/{id}/activities",
        POST,
        Referral(Action::Write),
        post(activity::add_activity),
    )
    .add(
        "/referrals/{id}/feedback",
        POST,
        Referral(Action::Write),
        post(activity::add_feedback),
    )
    .add(
        "/cities/{city}/referral-times",
        GET,
        CityRecords(Action::Read),
        get(times::times_form),
    )
    .add(
        "/cities/{city}/referral-times",
        POST,
        CityRecords(Action::Write),
        post(times::save_times),
    )
    .add(
        "/introductions",
        GET,
        SignedIn,
        get(introductions::introductions),
    )
    .add(
        "/introductions/{token}",
        GET_POST,
        Account,
        get(introductions::introduction).post(introductions::answer_introduction),
    )
    .add(
        "/notifications",
        GET,
        SignedIn,
        get(notifications::notifications),
    )
    .add(
        "/notifications/read",
        POST,
        SignedIn,
        post(notifications::read_notifications),
    )
}
