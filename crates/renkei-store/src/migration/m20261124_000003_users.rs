//! Accounts and their roles. A person may hold several roles, each with its scope (a city, a
//! company, an organization or a call); see `renkei_domain::access`.

use sea_orm_migration::{prelude::*, schema::*};

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
/// (`Columns::role_and_scope`).
#[derive(DeriveIden)]
pub enum RoleScope {
    /// The account that holds the role (an API token's: the account that made it and answers
    /// for it).
    UserId,
    /// `platform-admin`, `city-staff`, `coordinator`, `company-user`, `target-contact`,
    /// `jury-member`.
    Role,
    CityCode,
    ReadOnly,
    /// The company, organization or call the role is scoped to.
    ScopeId,
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
