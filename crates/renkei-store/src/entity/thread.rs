//! A discussion thread between the cities (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "threads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub product_id: Option<i64>,
    pub referral_id: Option<i64>,
    pub city_code: Option<String>,
    pub other_city: Option<String>,
    pub author_id: Option<i64>,
    pub author_label: String,
    pub last_post_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

super::no_relations!();
