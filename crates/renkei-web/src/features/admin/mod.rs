//! Administration: the accounts of a city (for its officers) and of the platform (for
//! administrators), invitations, role changes and deactivation; a city's identity providers
//! and whether its staff must use a second factor; the audit trail with its filters
//! and CSV export; the outbox; and the grants a city gave and received. Every handler asks the
//! access policy first, before it looks anything up.

mod audit;
mod city;
mod grants;
mod identity_providers;
mod invite;
mod organizations;
mod outbox;
mod security;
mod users;

use axum::routing::{get, post};
use renkei_domain::access::Action;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The pages of admin, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/cities/{city}/users",
        GET,
        CityUsers(Action::Read),
        get(users::city_users),
    )
    .add(
        "/cities/{city}/users/invite",
        GET_POST,
        CityUsers(Action::Write),
        get(invite::city_invite_form).post(invite::city_invite),
    )
    .add(
        "/cities/{city}/users/{id}",
        GET,
        CityUsers(Action::Read),
        get(users::city_user),
    )
    .add(
        "/cities/{city}/users/{id}/organization",
        POST,
        CityUsers(Action::Write),
        post(organizations::set_membership),
    )
    .add(
        "/cities/{city}/organizations",
        GET,
        CityUsers(Action::Read),
        get(organizations::list),
    )
    .add(
        "/cities/{city}/organizations",
        POST,
        CityUsers(Action::Write),
        post(organizations::create),
    )
    .add(
        "/cities/{city}/users/{id}/role",
        POST,
        CityUsers(Action::Write),
        post(users::city_user_role),
    )
    .add(
        "/cities/{city}/users/{id}/deactivate",
        POST,
        CityUsers(Action::Write),
        post(users::city_user_deactivate),
    )
    .add(
        "/cities/{city}/users/{id}/reinvite",
        POST,
        CityUsers(Action::Write),
        post(users::city_user_reinvite),
    )
    .add(
        "/cities/{city}/users/{id}/second-factor",
        POST,
        CityUsers(Action::Write),
        post(security::reset_second_factor),
    )
    .add(
        "/cities/{city}/second-factor",
        POST,
        CityUsers(Action::Write),
        post(security::set_requirement),
    )
    .add(
        "/cities/{city}/identity-providers",
        GET,
        CityUsers(Action::Read),
        get(identity_providers::list),
    )
    .add(
        "/cities/{city}/identity-providers",
        POST,
        CityUsers(Action::Write),
        post(identity_providers::create),
    )
    .add(
        "/cities/{city}/identity-providers/{id}",
        GET_POST,
        CityUsers(Action::Write),
        get(identity_providers::edit).post(identity_providers::update),
    )
    .add(
        "/cities/{city}/audit",
        GET,
        CityAudit,
        get(audit::city_audit),
    )
    .add(
        "/cities/{city}/audit.csv",
        GET,
        CityAudit,
        get(audit::city_audit),
    )
    .add(
        "/cities/{city}/audit.xlsx",
        GET,
        CityAudit,
        get(audit::city_audit),
    )
    .add(
        "/cities/{city}/grants",
        GET,
        CityGrants(Action::Read),
        get(grants::city_grants),
    )
    .add(
        "/cities/{city}/grants/{id}/revoke",
        POST,
        CityGrants(Action::Write),
        post(grants::revoke_grant),
    )
    .add("/audit", GET, AllAudit, get(audit::all_audit))
    .add("/audit.csv", GET, AllAudit, get(audit::all_audit))
    .add("/audit.xlsx", GET, AllAudit, get(audit::all_audit))
    .add(
        "/admin/users",
        GET,
        Platform(Action::Read),
        get(users::all_users),
    )
    .add(
        "/admin/users/invite",
        GET_POST,
        Platform(Action::Write),
        get(invite::admin_invite_form).post(invite::admin_invite),
    )
    .add(
        "/admin/users/{id}",
        GET,
        Platform(Action::Read),
        get(users::admin_user),
    )
    .add(
        "/admin/users/{id}/deactivate",
        POST,
        Platform(Action::Write),
        post(users::admin_user_deactivate),
    )
    .add(
        "/admin/outbox",
        GET,
        Platform(Action::Read),
        get(outbox::outbox),
    )
}
