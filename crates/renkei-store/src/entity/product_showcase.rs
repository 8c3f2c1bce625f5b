//! A product shown to every designated city (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_showcases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub product_id: i64,
    pub company_id: i64,
    pub home_city: String,
    pub audience: String,
    pub summary: String,
    /// The channel kinds' codes, as a JSON array.
    pub channels: String,
    pub wording: String,
    pub wording_version: String,
    pub user_id: Option<i64>,
    pub by_label: String,
    pub published_at: DateTimeUtc,
}

super::no_relations!();
