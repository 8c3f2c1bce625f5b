//! Companies and their contacts; sales-channel targets (販路開拓先) and calls (公募) as the
//! records the target-contact and jury-member roles are scoped to. Every record carries its
//! owner city.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, index, migration};

use super::m20261124_000001_catalog_and_menus::Cities;

migration!(companies, company_contacts, sales_targets, calls);

#[derive(DeriveIden)]
pub enum Companies {
    Table,
    Id,
    HomeCity,
    Name,
    NameKana,
    /// `renkei_domain::company::name_key`: what likely duplicates are found by.
    NameKey,
    CorporateNumber,
    PostalCode,
    Address,
    Industry,
    Size,
    CompanyType,
    Website,
    Notes,
    /// Set when the company was merged into another: it is kept, with its history, and
    /// points to the one that continues.
    MergedInto,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum CompanyContacts {
    Table,
    Id,
    CompanyId,
    Name,
    Role,
    Email,
    Phone,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum SalesTargets {
    Table,
    Id,
    /// The city the organization is in, whose officers approach it.
    CityCode,
    /// `hospital`, `clinic`, `nursing-school`, `special-needs-school`, `mutual-aid`,
    /// `health-insurance`, `care-facility`, `trading-company`, `manufacturer`, `other`.
    Kind,
    Name,
    NameKana,
    Address,
    /// Departments or fields, one per line.
    Departments,
    /// Beds, students or members, as the kind counts them.
    Size,
    /// Product categories it cares about, one per line.
    Interests,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Calls {
    Table,
    Id,
    CityCode,
    /// The measure of the model the call delivers, e.g. `development.grants-loans`.
    MeasureCode,
    Title,
    OpensOn,
    ClosesOn,
    CreatedAt,
}

/// The companies.
async fn companies(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Companies::Table)
            .id(Companies::Id)
            .col(string_len(Companies::HomeCity, 6))
            .col(string_len(Companies::Name, 200))
            .col(string_len(Companies::NameKana, 200))
            .col(string_len(Companies::NameKey, 200))
            .col(string_len_null(Companies::CorporateNumber, 13))
            .col(string_len_null(Companies::PostalCode, 7))
            .col(string_len(Companies::Address, 300))
            .col(string_len(Companies::Industry, 100))
            .col(string_len_null(Companies::Size, 20))
            .col(string_len_null(Companies::CompanyType, 40))
            .col(string_len_null(Companies::Website, 2000))
            .col(text(Companies::Notes))
            .col(big_integer_null(Companies::MergedInto))
            .versioned(
                Companies::Version,
                Companies::CreatedAt,
                Companies::UpdatedAt,
            )
            .references(Companies::HomeCity, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    for (name, columns) in [
        (
            "companies_city_name",
            vec![Companies::HomeCity, Companies::NameKana],
        ),
        ("companies_name_key", vec![Companies::NameKey]),
        (
            "companies_corporate_number",
            vec![Companies::CorporateNumber],
        ),
    ] {
        index(m, name, Companies::Table, columns).await?;
    }
    Ok(())
}

/// The companies' contacts.
async fn company_contacts(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(CompanyContacts::Table)
            .id(CompanyContacts::Id)
            .col(big_integer(CompanyContacts::CompanyId))
            .col(string_len(CompanyContacts::Name, 100))
            .col(string_len(CompanyContacts::Role, 100))
            .col(string_len_null(CompanyContacts::Email, 254))
            .col(string_len(CompanyContacts::Phone, 20))
            .created_at(CompanyContacts::CreatedAt)
            .references(CompanyContacts::CompanyId, Companies::Table, Companies::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "company_contacts_company",
        CompanyContacts::Table,
        [CompanyContacts::CompanyId],
    )
    .await
}

/// The sales-channel targets.
async fn sales_targets(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(SalesTargets::Table)
            .id(SalesTargets::Id)
            .col(string_len(SalesTargets::CityCode, 6))
            .col(string_len(SalesTargets::Kind, 40))
            .col(string_len(SalesTargets::Name, 200))
            .col(string_len(SalesTargets::NameKana, 200))
            .col(string_len(SalesTargets::Address, 300))
            .col(text(SalesTargets::Departments))
            .col(integer_null(SalesTargets::Size))
            .col(text(SalesTargets::Interests))
            .versioned(
                SalesTargets::Version,
                SalesTargets::CreatedAt,
                SalesTargets::UpdatedAt,
            )
            .references(SalesTargets::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "sales_targets_city_kind",
        SalesTargets::Table,
        [SalesTargets::CityCode, SalesTargets::Kind],
    )
    .await
}

/// The calls.
async fn calls(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Calls::Table)
            .id(Calls::Id)
            .col(string_len(Calls::CityCode, 6))
            .col(string_len(Calls::MeasureCode, 80))
            .col(string_len(Calls::Title, 200))
            .col(date_null(Calls::OpensOn))
            .col(date_null(Calls::ClosesOn))
            .created_at(Calls::CreatedAt)
            .references(Calls::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await
}
