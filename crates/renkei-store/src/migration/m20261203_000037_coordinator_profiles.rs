//! Coordinators' profiles (the coordinator network's directory): one per account, with the
//! city it was kept for, the organisation (one of the city's support organisations, or none
//! for the city itself), the stages, fields, device classes and languages as comma-separated
//! codes (`renkei_domain::network`), the capacity, the availability with its optional last
//! day, and a short introduction.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;
use super::shared::{Columns, migration};

migration!(coordinator_profiles);

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CoordinatorProfiles {
    Table,
    UserId,
    CityCode,
    OrganizationId,
    /// Stage codes, comma-separated.
    Stages,
    /// `medical-devices`, `nursing-care` …, comma-separated.
    Fields,
    /// `class-1` … `class-4`, comma-separated.
    Classes,
    /// `ja`, `en` …, comma-separated.
    Languages,
    Capacity,
    /// `accepting`, `limited`, `not-accepting`.
    Availability,
    AvailableUntil,
    Summary,
    Version,
    CreatedAt,
    UpdatedAt,
}

async fn coordinator_profiles(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CoordinatorProfiles as P;
    m.create_table(
        Table::create()
            .table(P::Table)
            .col(big_integer(P::UserId).primary_key())
            .col(string_len(P::CityCode, 6))
            .col(big_integer_null(P::OrganizationId))
            .col(text(P::Stages))
            .col(text(P::Fields))
            .col(text(P::Classes))
            .col(text(P::Languages))
            .col(integer(P::Capacity))
            .col(string_len(P::Availability, 32))
            .col(date_null(P::AvailableUntil))
            .col(text(P::Summary))
            .versioned(P::Version, P::CreatedAt, P::UpdatedAt)
            .references(P::UserId, Users::Table, Users::Id)
            .references(P::CityCode, Cities::Table, Cities::Code)
            .references(P::OrganizationId, Organizations::Table, Organizations::Id)
            .to_owned(),
    )
    .await
}
