//! Company voices (企業の声) and idea reviews (アイデア検証評価): recorded on a product's page,
//! a city's voices by stage and topic, and a city's review rubric.

mod pages;

use axum::routing::{get, post};
use renkei_domain::access::Action;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, POST, Table};

/// The pages of reviews, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add(
        "/products/{id}/voices",
        POST,
        Product(Action::Write),
        post(pages::add_voice),
    )
    .add(
        "/products/{id}/reviews",
        POST,
        Product(Action::Write),
        post(pages::add_review),
    )
    .add(
        "/cities/{city}/voices",
        GET,
        CityRecords(Action::Read),
        get(pages::city_voices),
    )
    .add(
        "/cities/{city}/rubric",
        GET_POST,
        CityRecords(Action::Write),
        get(pages::rubric_form).post(pages::save_rubric),
    )
}
