//! API tokens for machine clients: each acts with one role and scope (the columns of a role,
//! `RoleColumns::role_and_scope`), belongs to the account that made it, can be revoked, and is
//! kept only as its SHA-256.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000003_users::RoleColumns;
use super::shared::{Columns, migration};

migration!(api_tokens);

#[derive(DeriveIden)]
pub enum ApiTokens {
    Table,
    Id,
    /// SHA-256 of the token, hex.
    TokenHash,
    Name,
    CreatedAt,
    RevokedAt,
    LastUsedAt,
}

/// The API tokens.
async fn api_tokens(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(ApiTokens::Table)
            .id(ApiTokens::Id)
            .col(string_len_uniq(ApiTokens::TokenHash, 64))
            .col(string_len(ApiTokens::Name, 200))
            .role_and_scope()
            .created_at(ApiTokens::CreatedAt)
            .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
            .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
            .to_owned(),
    )
    .await
}
