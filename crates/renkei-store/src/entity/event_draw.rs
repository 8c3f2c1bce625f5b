//! A lottery's draw as it was made (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "event_draws")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub seed: i64,
    #[sea_orm(column_type = "Text")]
    pub draw_order: String,
    pub winners: i32,
    pub drawn_at: DateTimeUtc,
    pub actor_id: Option<i64>,
    pub actor_label: String,
}

super::no_relations!();
