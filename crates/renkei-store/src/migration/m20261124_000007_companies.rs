//! Companies and their contacts; sales-channel targets (販路開拓先) and calls (公募) as the
//! records the target-contact and jury-member roles are scoped to. Every record carries its
//! owner city.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;

#[derive(DeriveMigrationName)]
pub struct Migration;

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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let city_fk = |table: DynIden, column: DynIden| {
            ForeignKey::create()
                .from(table, column)
                .to(Cities::Table, Cities::Code)
                .to_owned()
        };
        m.create_table(
            Table::create()
                .table(Companies::Table)
                .col(big_pk_auto(Companies::Id))
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
                .col(big_integer(Companies::Version))
                .col(timestamp_with_time_zone(Companies::CreatedAt))
                .col(timestamp_with_time_zone(Companies::UpdatedAt))
                .foreign_key(&mut city_fk(
                    Companies::Table.into_iden(),
                    Companies::HomeCity.into_iden(),
                ))
                .to_owned(),
        )
        .await?;
        for (name, column) in [
            ("companies_city_name", Companies::HomeCity),
            ("companies_name_key", Companies::NameKey),
            ("companies_corporate_number", Companies::CorporateNumber),
        ] {
            let mut index = Index::create();
            index.name(name).table(Companies::Table).col(column);
            if name == "companies_city_name" {
                index.col(Companies::NameKana);
            }
            m.create_index(index.to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table(CompanyContacts::Table)
                .col(big_pk_auto(CompanyContacts::Id))
                .col(big_integer(CompanyContacts::CompanyId))
                .col(string_len(CompanyContacts::Name, 100))
                .col(string_len(CompanyContacts::Role, 100))
                .col(string_len_null(CompanyContacts::Email, 254))
                .col(string_len(CompanyContacts::Phone, 20))
                .col(timestamp_with_time_zone(CompanyContacts::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CompanyContacts::Table, CompanyContacts::CompanyId)
                        .to(Companies::Table, Companies::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("company_contacts_company")
                .table(CompanyContacts::Table)
                .col(CompanyContacts::CompanyId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SalesTargets::Table)
                .col(big_pk_auto(SalesTargets::Id))
                .col(string_len(SalesTargets::CityCode, 6))
                .col(string_len(SalesTargets::Kind, 40))
                .col(string_len(SalesTargets::Name, 200))
                .col(string_len(SalesTargets::NameKana, 200))
                .col(string_len(SalesTargets::Address, 300))
                .col(text(SalesTargets::Departments))
                .col(integer_null(SalesTargets::Size))
                .col(text(SalesTargets::Interests))
                .col(big_integer(SalesTargets::Version))
                .col(timestamp_with_time_zone(SalesTargets::CreatedAt))
                .col(timestamp_with_time_zone(SalesTargets::UpdatedAt))
                .foreign_key(&mut city_fk(
                    SalesTargets::Table.into_iden(),
                    SalesTargets::CityCode.into_iden(),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sales_targets_city_kind")
                .table(SalesTargets::Table)
                .col(SalesTargets::CityCode)
                .col(SalesTargets::Kind)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Calls::Table)
                .col(big_pk_auto(Calls::Id))
                .col(string_len(Calls::CityCode, 6))
                .col(string_len(Calls::MeasureCode, 80))
                .col(string_len(Calls::Title, 200))
                .col(date_null(Calls::OpensOn))
                .col(date_null(Calls::ClosesOn))
                .col(timestamp_with_time_zone(Calls::CreatedAt))
                .foreign_key(&mut city_fk(
                    Calls::Table.into_iden(),
                    Calls::CityCode.into_iden(),
                ))
                .to_owned(),
        )
        .await
    }
}
