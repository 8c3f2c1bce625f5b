//! Sign-in sessions, in the database so that any node can serve any request.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000003_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Sessions {
    Table,
    /// SHA-256 of the session token, hex: the token itself is only ever in the cookie.
    IdHash,
    UserId,
    /// The synchronizer token that state-changing requests of this session must carry.
    CsrfToken,
    CreatedAt,
    LastSeenAt,
    ClientAddress,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(string_len(Sessions::IdHash, 64).primary_key())
                .col(big_integer(Sessions::UserId))
                .col(string_len(Sessions::CsrfToken, 64))
                .col(timestamp_with_time_zone(Sessions::CreatedAt))
                .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                .col(string_null(Sessions::ClientAddress))
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::UserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("sessions_user")
                .table(Sessions::Table)
                .col(Sessions::UserId)
                .to_owned(),
        )
        .await
    }
}
