//! Support organisations of a city (産業振興財団, a university's liaison office, a chamber of
//! commerce), and which organisation each of their staff works for: an account belongs to at
//! most one; its roles stay in `user_roles`.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;
use super::shared::{Columns, index, migration};

migration!(organizations, organization_members);

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    CityCode,
    Name,
    /// `foundation`, `university`, `chamber`, `other` (`renkei_domain::organization`).
    Kind,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OrganizationMembers {
    Table,
    /// The account; one organisation at most.
    UserId,
    OrganizationId,
    CreatedAt,
}

/// The organisations.
async fn organizations(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Organizations::Table)
            .id(Organizations::Id)
            .col(string_len(Organizations::CityCode, 6))
            .col(string_len(Organizations::Name, 200))
            .col(string_len(Organizations::Kind, 20))
            .versioned(
                Organizations::Version,
                Organizations::CreatedAt,
                Organizations::UpdatedAt,
            )
            .references(Organizations::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "organizations_city",
        Organizations::Table,
        [Organizations::CityCode],
    )
    .await
}

/// Who works for which organisation.
async fn organization_members(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(OrganizationMembers::Table)
            .col(big_integer(OrganizationMembers::UserId).primary_key())
            .col(big_integer(OrganizationMembers::OrganizationId))
            .created_at(OrganizationMembers::CreatedAt)
            .references(OrganizationMembers::UserId, Users::Table, Users::Id)
            .references(
                OrganizationMembers::OrganizationId,
                Organizations::Table,
                Organizations::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "organization_members_organization",
        OrganizationMembers::Table,
        [OrganizationMembers::OrganizationId],
    )
    .await
}
