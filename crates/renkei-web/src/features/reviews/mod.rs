//! Company voices (企業の声) and idea reviews (アイデア検証評価): recorded on a product's page,
//! a city's voices by stage and topic, and a city's review rubric.

mod pages;

use axum::routing::{get, post};
use renkei_domain::access::Action;

use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, POST, Table};

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
        "/cities/{city}/voices.csv",
        GET,
        CityRecords(Action::Read),
        get(pages::city_voices),
    )
    .add(
        "/cities/{city}/voices.xlsx",
        GET,
        CityRecords(Action::Read),
        get(pages::city_voices),
    )
    .add(
        "/cities/{city}/rubric",
        GET,
        CityRecords(Action::Read),
        get(pages::rubric_form),
    )
    .add(
        "/cities/{city}/rubric",
        POST,
        CityRecords(Action::Write),
        post(pages::save_rubric),
    )
}
