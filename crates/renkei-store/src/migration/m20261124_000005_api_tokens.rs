//! API tokens for machine clients: each acts with one role and scope, belongs to the account
//! that made it, can be revoked, and is kept only as its SHA-256.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum ApiTokens {
    Table,
    Id,
    /// SHA-256 of the token, hex.
    TokenHash,
    Name,
    /// The account that made the token and answers for it.
    UserId,
    Role,
    CityCode,
    ReadOnly,
    ScopeId,
    CreatedAt,
    RevokedAt,
    LastUsedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ApiTokens::Table)
                .col(big_pk_auto(ApiTokens::Id))
                .col(string_len_uniq(ApiTokens::TokenHash, 64))
                .col(string_len(ApiTokens::Name, 200))
                .col(big_integer(ApiTokens::UserId))
                .col(string_len(ApiTokens::Role, 40))
                .col(string_len_null(ApiTokens::CityCode, 6))
                .col(boolean(ApiTokens::ReadOnly))
                .col(big_integer_null(ApiTokens::ScopeId))
                .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiTokens::Table, ApiTokens::UserId)
                        .to(Users::Table, Users::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(ApiTokens::Table, ApiTokens::CityCode)
                        .to(Cities::Table, Cities::Code),
                )
                .to_owned(),
        )
        .await
    }
}
