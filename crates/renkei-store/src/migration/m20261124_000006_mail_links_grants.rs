//! The outbox of e-mail, one-time links (invitations and password resets), the attempts that
//! throttling counts, and grants: how a city shares a record with another city.
//!
//! Sign-in failures move from the account's row to `attempts`, counted per address typed and
//! per client address, so that an address nobody holds is locked exactly like one that exists
//! and the answer reveals nothing.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, index, migration};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;

migration!(
    outbox,
    one_time_links,
    attempts,
    grants,
    users_without_lockout
);

#[derive(DeriveIden)]
pub enum Outbox {
    Table,
    Id,
    /// What the message is, e.g. `invitation`, `password-reset`.
    Kind,
    ToAddress,
    Subject,
    Body,
    CreatedAt,
    /// When it was handed to the SMTP server; null while waiting.
    SentAt,
    Attempts,
    LastError,
    /// Not tried again before this time (back-off after a failure).
    NextAttemptAt,
    /// A node that is sending it holds it until this time, so two nodes never send it twice.
    ClaimedUntil,
}

#[derive(DeriveIden)]
pub enum OneTimeLinks {
    Table,
    Id,
    /// SHA-256 of the token, hex; the token itself is only in the message.
    TokenHash,
    /// `invitation` or `password-reset`.
    Purpose,
    UserId,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
pub enum Attempts {
    Table,
    Id,
    /// What was tried, e.g. `sign-in-failure`, `reset-request`.
    Kind,
    /// Whom it counts against: `email:…` or `client:…`.
    Key,
    At,
}

#[derive(DeriveIden)]
pub enum Grants {
    Table,
    Id,
    /// What is shared: a kind of record and its id (e.g. `referral`, `42`).
    ObjectType,
    ObjectId,
    /// The city whose record it is, and which grants.
    OwnerCity,
    /// The city it is shared with.
    GranteeCity,
    /// What the grantee may do: `read` (or `write`).
    Permission,
    /// Why: the purpose, in the granting officer's words.
    Purpose,
    GrantedBy,
    GrantedByLabel,
    CreatedAt,
    /// Until when; null for as long as the record's own rules keep it.
    ValidUntil,
    RevokedAt,
    RevokedByLabel,
    RevokeReason,
}

/// The outbox of mail.
async fn outbox(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Outbox::Table)
            .id(Outbox::Id)
            .col(string_len(Outbox::Kind, 40))
            .col(string_len(Outbox::ToAddress, 254))
            .col(string_len(Outbox::Subject, 300))
            .col(text(Outbox::Body))
            .created_at(Outbox::CreatedAt)
            .col(timestamp_with_time_zone_null(Outbox::SentAt))
            .col(integer(Outbox::Attempts))
            .col(text_null(Outbox::LastError))
            .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
            .col(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "outbox_waiting",
        Outbox::Table,
        [Outbox::SentAt, Outbox::NextAttemptAt],
    )
    .await
}

/// One-time links (invitations, password resets).
async fn one_time_links(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(OneTimeLinks::Table)
            .id(OneTimeLinks::Id)
            .col(string_len_uniq(OneTimeLinks::TokenHash, 64))
            .col(string_len(OneTimeLinks::Purpose, 20))
            .col(big_integer(OneTimeLinks::UserId))
            .created_at(OneTimeLinks::CreatedAt)
            .col(timestamp_with_time_zone(OneTimeLinks::ExpiresAt))
            .col(timestamp_with_time_zone_null(OneTimeLinks::UsedAt))
            .references(OneTimeLinks::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await
}

/// Attempts, counted to throttle sign-in.
async fn attempts(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Attempts::Table)
            .id(Attempts::Id)
            .col(string_len(Attempts::Kind, 40))
            .col(string_len(Attempts::Key, 300))
            .col(timestamp_with_time_zone(Attempts::At))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "attempts_kind_key_at",
        Attempts::Table,
        [Attempts::Kind, Attempts::Key, Attempts::At],
    )
    .await
}

/// Grants of a city's records to another city.
async fn grants(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Grants::Table)
            .id(Grants::Id)
            .col(string_len(Grants::ObjectType, 40))
            .col(string_len(Grants::ObjectId, 80))
            .col(string_len(Grants::OwnerCity, 6))
            .col(string_len(Grants::GranteeCity, 6))
            .col(string_len(Grants::Permission, 10))
            .col(text(Grants::Purpose))
            .col(big_integer_null(Grants::GrantedBy))
            .col(string(Grants::GrantedByLabel))
            .created_at(Grants::CreatedAt)
            .col(timestamp_with_time_zone_null(Grants::ValidUntil))
            .col(timestamp_with_time_zone_null(Grants::RevokedAt))
            .col(string_null(Grants::RevokedByLabel))
            .col(text_null(Grants::RevokeReason))
            .references(Grants::OwnerCity, Cities::Table, Cities::Code)
            .references(Grants::GranteeCity, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "grants_object",
        Grants::Table,
        [Grants::ObjectType, Grants::ObjectId],
    )
    .await?;
    index(m, "grants_grantee", Grants::Table, [Grants::GranteeCity]).await
}

/// The lockout columns leave the accounts: `attempts` counts the failures now.
async fn users_without_lockout(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    for column in [Users::FailedSignIns, Users::LockedUntil] {
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(column)
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}
