//! A local adoption of a product (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "product_adoptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub adopter: String,
    pub adopter_kind: String,
    pub adopted_on: Option<Date>,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
