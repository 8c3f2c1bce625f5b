//! The designated cities and their menus (支援メニュー): the list of cities, each city's menu,
//! the forms that add, change and remove its entries, and the same in the JSON API.

mod api;
mod menu_file;
mod pages;

use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::error::AppError;
use crate::shared::routing::Access::*;
use crate::shared::routing::{GET, GET_POST, Table};

/// The pages of cities, with what each touches.
pub(crate) fn routes(t: Table) -> Table {
    t.add("/cities", GET, Public, get(pages::list))
        .add("/cities/{city}", GET, Public, get(pages::menu))
        .add(
            "/cities/{city}/menu.csv",
            GET,
            Public,
            get(menu_file::menu_file),
        )
        .add(
            "/cities/{city}/menu.xlsx",
            GET,
            Public,
            get(menu_file::menu_file),
        )
        .add(
            "/cities/{city}/menu/new",
            GET_POST,
            CityMenuWrite,
            get(pages::new_form).post(pages::create),
        )
        .add(
            "/cities/{city}/menu/{id}/edit",
            GET_POST,
            CityMenuWrite,
            get(pages::edit_form).post(pages::update),
        )
        .add(
            "/cities/{city}/menu/{id}/delete",
            GET_POST,
            CityMenuWrite,
            get(pages::delete_form).post(pages::delete),
        )
}

/// The API operations on cities and their menus, but one entry's (see [`entry_api`]).
pub(crate) fn api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(api::list_cities))
        .routes(routes!(api::get_city))
        .routes(routes!(api::list_menu, api::create_menu_entry))
}

/// The API operations on one entry of a menu. They are registered after the other features'
/// operations, where they always were, so that the OpenAPI document keeps its order.
pub(crate) fn entry_api(r: OpenApiRouter<AppState>) -> OpenApiRouter<AppState> {
    r.routes(routes!(
        api::get_menu_entry,
        api::update_menu_entry,
        api::delete_menu_entry
    ))
}

/// A menu entry's id from the path; anything else is "not found".
fn entry_id(s: &str) -> Result<renkei_store::MenuEntryId, AppError> {
    s.parse()
        .map(renkei_store::MenuEntryId)
        .map_err(|_| AppError::NotFound)
}
