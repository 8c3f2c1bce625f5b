//! Sign-in sessions, in the database so that any node can serve any request.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, index, migration};

use super::m20261124_000003_users::Users;

migration!(sessions);

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

/// The sessions.
async fn sessions(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Sessions::Table)
            .col(string_len(Sessions::IdHash, 64).primary_key())
            .col(big_integer(Sessions::UserId))
            .col(string_len(Sessions::CsrfToken, 64))
            .created_at(Sessions::CreatedAt)
            .col(timestamp_with_time_zone(Sessions::LastSeenAt))
            .col(string_null(Sessions::ClientAddress))
            .references(Sessions::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    index(m, "sessions_user", Sessions::Table, [Sessions::UserId]).await
}
