//! A designated city.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub code: String,
    pub name: String,
    pub kana: String,
    pub prefecture_code: i16,
    pub prefecture_name: String,
    pub url: String,
}

super::no_relations!();
