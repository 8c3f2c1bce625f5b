//! A city's expected time for a waiting step (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "referral_deadlines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub city_code: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub state: String,
    pub days: i32,
}

super::no_relations!();
