//! One entry of a city's menu of measures.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "menu_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub city_code: String,
    pub measure_code: String,
    pub offering: String,
    pub partner_city_code: Option<String>,
    pub name: String,
    pub description: String,
    pub contact: String,
    pub period_start: Option<Date>,
    pub period_end: Option<Date>,
    pub budget_yen: Option<i64>,
    pub url: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::measure::Entity",
        from = "Column::MeasureCode",
        to = "super::measure::Column::Code"
    )]
    Measure,
}

impl ActiveModelBehavior for ActiveModel {}
