//! A company listed as a possible partner for other cities (see the migration that creates
//! it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "partner_listings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub company_id: i64,
    pub offers: String,
    pub wording: String,
    pub wording_version: String,
    pub user_id: Option<i64>,
    pub by_label: String,
    pub listed_at: DateTimeUtc,
}

super::no_relations!();
