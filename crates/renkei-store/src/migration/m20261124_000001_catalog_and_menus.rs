//! The catalog of the ideal support success model, the cities, and each city's menu.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, index, migration};

migration!(catalog, cities, menu_entries);

#[derive(DeriveIden)]
pub enum CompanyTypes {
    Table,
    Code,
    Number,
    NameJa,
    NameEn,
}

#[derive(DeriveIden)]
pub enum Stages {
    Table,
    Code,
    Number,
    NameJa,
    NameEn,
    AltNameJa,
    AltNameEn,
}

#[derive(DeriveIden)]
pub enum Measures {
    Table,
    Code,
    StageCode,
    Position,
    Kind,
    Novelty,
    Provider,
    NameJa,
    NameEn,
    FigureLabel,
}

#[derive(DeriveIden)]
pub enum TableItems {
    Table,
    Id,
    StageCode,
    ColumnCode,
    Position,
    TextJa,
    TextEn,
    MeasureCode,
}

#[derive(DeriveIden)]
pub enum Applicability {
    Table,
    CompanyTypeCode,
    MeasureCode,
    Level,
}

#[derive(DeriveIden)]
pub enum Cities {
    Table,
    Code,
    Name,
    Kana,
    PrefectureCode,
    PrefectureName,
    Url,
}

/// Per city, a counter bumped in the same transaction as every change to its menu, so that
/// any node can tell with one small query whether what it holds is still current.
#[derive(DeriveIden)]
pub enum MenuRevisions {
    Table,
    CityCode,
    Revision,
}

#[derive(DeriveIden)]
pub enum MenuEntries {
    Table,
    Id,
    CityCode,
    MeasureCode,
    Offering,
    PartnerCityCode,
    Name,
    Description,
    Contact,
    PeriodStart,
    PeriodEnd,
    BudgetYen,
    Url,
    Version,
    CreatedAt,
    UpdatedAt,
}

/// The catalog: company types, stages, measures, the stages' tables and the applicability matrix.
async fn catalog(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(CompanyTypes::Table)
            .col(string_len(CompanyTypes::Code, 40).primary_key())
            .col(small_integer_uniq(CompanyTypes::Number))
            .col(string(CompanyTypes::NameJa))
            .col(string(CompanyTypes::NameEn))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(Stages::Table)
            .col(string_len(Stages::Code, 40).primary_key())
            .col(small_integer_uniq(Stages::Number))
            .col(string(Stages::NameJa))
            .col(string(Stages::NameEn))
            .col(string_null(Stages::AltNameJa))
            .col(string_null(Stages::AltNameEn))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(Measures::Table)
            .col(string_len(Measures::Code, 80).primary_key())
            .col(string_len_null(Measures::StageCode, 40))
            .col(integer(Measures::Position))
            .col(string_len(Measures::Kind, 40))
            .col(string_len(Measures::Novelty, 20))
            .col(string_len(Measures::Provider, 20))
            .col(string(Measures::NameJa))
            .col(string(Measures::NameEn))
            .col(string_null(Measures::FigureLabel))
            .references(Measures::StageCode, Stages::Table, Stages::Code)
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(TableItems::Table)
            .col(pk_auto(TableItems::Id))
            .col(string_len_null(TableItems::StageCode, 40))
            .col(string_len(TableItems::ColumnCode, 40))
            .col(integer(TableItems::Position))
            .col(text(TableItems::TextJa))
            .col(text(TableItems::TextEn))
            .col(string_len_null(TableItems::MeasureCode, 80))
            .references(TableItems::StageCode, Stages::Table, Stages::Code)
            .references(TableItems::MeasureCode, Measures::Table, Measures::Code)
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(Applicability::Table)
            .col(string_len(Applicability::CompanyTypeCode, 40))
            .col(string_len(Applicability::MeasureCode, 80))
            .col(string_len(Applicability::Level, 10))
            .primary_key(
                Index::create()
                    .col(Applicability::CompanyTypeCode)
                    .col(Applicability::MeasureCode),
            )
            .references(
                Applicability::CompanyTypeCode,
                CompanyTypes::Table,
                CompanyTypes::Code,
            )
            .references(Applicability::MeasureCode, Measures::Table, Measures::Code)
            .to_owned(),
    )
    .await
}

/// The cities, and the revision of each one's menu.
async fn cities(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Cities::Table)
            .col(string_len(Cities::Code, 6).primary_key())
            .col(string(Cities::Name))
            .col(string(Cities::Kana))
            .col(small_integer(Cities::PrefectureCode))
            .col(string(Cities::PrefectureName))
            .col(string(Cities::Url))
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(MenuRevisions::Table)
            .col(string_len(MenuRevisions::CityCode, 6).primary_key())
            .col(big_integer(MenuRevisions::Revision))
            .references(MenuRevisions::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await
}

/// Each city's menu.
async fn menu_entries(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(MenuEntries::Table)
            .id(MenuEntries::Id)
            .col(string_len(MenuEntries::CityCode, 6))
            .col(string_len(MenuEntries::MeasureCode, 80))
            .col(string_len(MenuEntries::Offering, 20))
            .col(string_len_null(MenuEntries::PartnerCityCode, 6))
            .col(string_len(MenuEntries::Name, 200))
            .col(text(MenuEntries::Description))
            .col(text(MenuEntries::Contact))
            .col(date_null(MenuEntries::PeriodStart))
            .col(date_null(MenuEntries::PeriodEnd))
            .col(big_integer_null(MenuEntries::BudgetYen))
            .col(text_null(MenuEntries::Url))
            .col(integer(MenuEntries::Version))
            .stamps(MenuEntries::CreatedAt, MenuEntries::UpdatedAt)
            .references(MenuEntries::CityCode, Cities::Table, Cities::Code)
            .references(MenuEntries::MeasureCode, Measures::Table, Measures::Code)
            .references(MenuEntries::PartnerCityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "menu_entries_city_measure",
        MenuEntries::Table,
        [MenuEntries::CityCode, MenuEntries::MeasureCode],
    )
    .await?;
    index(
        m,
        "menu_entries_measure",
        MenuEntries::Table,
        [MenuEntries::MeasureCode],
    )
    .await?;
    Ok(())
}
