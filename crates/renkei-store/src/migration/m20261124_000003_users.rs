//! Accounts and their roles. A person may hold several roles, each with its scope (a city, a
//! company, an organization or a call); see `renkei_domain::access`.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    /// Normalized (`renkei_domain::identity::Email`), unique.
    Email,
    DisplayName,
    /// Argon2id PHC string; null until the person sets a password (invitation).
    PasswordHash,
    Active,
    FailedSignIns,
    LockedUntil,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum UserRoles {
    Table,
    Id,
    UserId,
    /// `platform-admin`, `city-staff`, `coordinator`, `company-user`, `target-contact`,
    /// `jury-member`.
    Role,
    CityCode,
    ReadOnly,
    /// The company, organization or call the role is scoped to.
    ScopeId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(big_pk_auto(Users::Id))
                .col(string_len_uniq(Users::Email, 254))
                .col(string_len(Users::DisplayName, 200))
                .col(string_null(Users::PasswordHash))
                .col(boolean(Users::Active))
                .col(integer(Users::FailedSignIns))
                .col(timestamp_with_time_zone_null(Users::LockedUntil))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UserRoles::Table)
                .col(big_pk_auto(UserRoles::Id))
                .col(big_integer(UserRoles::UserId))
                .col(string_len(UserRoles::Role, 40))
                .col(string_len_null(UserRoles::CityCode, 6))
                .col(boolean(UserRoles::ReadOnly))
                .col(big_integer_null(UserRoles::ScopeId))
                .col(timestamp_with_time_zone(UserRoles::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(UserRoles::Table, UserRoles::UserId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserRoles::Table, UserRoles::CityCode)
                        .to(Cities::Table, Cities::Code),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("user_roles_user")
                .table(UserRoles::Table)
                .col(UserRoles::UserId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
