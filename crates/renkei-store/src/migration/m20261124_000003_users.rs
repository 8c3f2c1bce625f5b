//! Accounts and their roles. A person may hold several roles, each with its scope (a city, a
//! company, an organization or a call); see `renkei_domain::access`.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::shared::{Columns, index, migration};

migration!(users, user_roles);

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
    CreatedAt,
}

/// The columns of a role with its scope, which roles and API tokens share
/// (`RoleColumns::role_and_scope`).
#[derive(DeriveIden)]
pub enum RoleScope {
    /// The account that holds the role (an API token's: the account that made it and answers
    /// for it).
    UserId,
    /// `platform-admin`, `city-staff`, `coordinator`, `company-user`, `target-contact`,
    /// `jury-member` (read as `reviewer`); later versions add `company-manager`, `reviewer`.
    Role,
    CityCode,
    ReadOnly,
    /// The company, organization or call the role is scoped to.
    ScopeId,
}

/// The columns of a role with its scope, on the tables that hold one.
pub(super) trait RoleColumns {
    /// A role with its scope (`RoleScope`): the account, the role, its city, whether it only
    /// reads, and the record it is scoped to; with the foreign keys to the account and the city.
    fn role_and_scope(&mut self) -> &mut Self;
}

impl RoleColumns for TableCreateStatement {
    fn role_and_scope(&mut self) -> &mut Self {
        self.col(big_integer(RoleScope::UserId))
            .col(string_len(RoleScope::Role, 40))
            .col(string_len_null(RoleScope::CityCode, 6))
            .col(boolean(RoleScope::ReadOnly))
            .col(big_integer_null(RoleScope::ScopeId))
            .references(RoleScope::UserId, Users::Table, Users::Id)
            .references(RoleScope::CityCode, Cities::Table, Cities::Code)
    }
}

/// The accounts.
async fn users(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Users::Table)
            .id(Users::Id)
            .col(string_len_uniq(Users::Email, 254))
            .col(string_len(Users::DisplayName, 200))
            .col(string_null(Users::PasswordHash))
            .col(boolean(Users::Active))
            .col(integer(Users::FailedSignIns))
            .col(timestamp_with_time_zone_null(Users::LockedUntil))
            .stamps(Users::CreatedAt, Users::UpdatedAt)
            .to_owned(),
    )
    .await
}

/// The roles of the accounts, each with its scope.
async fn user_roles(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(UserRoles::Table)
            .id(UserRoles::Id)
            .role_and_scope()
            .created_at(UserRoles::CreatedAt)
            .to_owned(),
    )
    .await?;
    index(m, "user_roles_user", UserRoles::Table, [RoleScope::UserId]).await?;
    Ok(())
}
