//! A person's account: signing in and out (with a password, or through a city's identity
//! provider, then a second factor when it is on), password resets and the one-time links
//! that set a password (invitations, resets), the signed-in person's own page and their
//! second factor.

mod links;
mod oidc;
pub(crate) mod page;
mod prompt;
mod providers;
mod second_factor;
mod sign_in;

use axum::routing::{get, post};

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The pages of account, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/sign-in",
        GET_POST,
        Account,
        get(sign_in::form).post(sign_in::sign_in),
    )
    .add("/sign-out", POST, Account, post(sign_in::sign_out))
    .add("/sign-in/oidc/callback", GET, Account, get(oidc::callback))
    .add("/sign-in/oidc/{provider}", GET, Account, get(oidc::start))
    .add(
        "/password-reset",
        GET_POST,
        Account,
        get(links::reset_form).post(links::request_reset),
    )
    .add(
        "/account/link",
        GET_POST,
        Account,
        get(links::link_form).post(links::set_password),
    )
    .add(
        "/sign-in/second-factor",
        GET_POST,
        Account,
        get(prompt::form).post(prompt::answer),
    )
    .add("/account", GET, SignedIn, get(page::account))
    .add(
        "/account/second-factor",
        GET,
        SignedIn,
        get(second_factor::page),
    )
    .add(
        "/account/second-factor/start",
        POST,
        SignedIn,
        post(second_factor::start),
    )
    .add(
        "/account/second-factor/confirm",
        POST,
        SignedIn,
        post(second_factor::confirm),
    )
    .add(
        "/account/second-factor/disable",
        POST,
        SignedIn,
        post(second_factor::disable),
    )
}
