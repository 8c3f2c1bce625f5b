//! A city's settings for expert dispatch (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "dispatch_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub city_code: String,
    pub yearly_visits: i32,
    pub updated_at: DateTimeUtc,
}

super::no_relations!();
