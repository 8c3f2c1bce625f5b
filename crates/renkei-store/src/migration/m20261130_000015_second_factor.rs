//! The second factor of a sign-in: each account's TOTP secret (RFC 6238), when it was
//! confirmed and the last time step accepted (a code is taken once); its recovery codes, kept
//! only as SHA-256 and each used once; the sign-ins waiting for their second factor after a
//! right password; and, per city, whether its staff must use a second factor.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;
use super::shared::{Columns, index, migration};

migration!(
    second_factors,
    recovery_codes,
    pending_sign_ins,
    city_security
);

#[derive(DeriveIden)]
enum SecondFactors {
    Table,
    /// One per account.
    UserId,
    /// The TOTP secret, base32. Never on a page after enrolment, in a log or in the audit
    /// trail.
    Secret,
    /// When a first code confirmed it; until then it is an enrolment under way.
    ConfirmedAt,
    /// The last time step accepted (Unix time / 30): a code of it or an older one is refused.
    LastStep,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    Id,
    UserId,
    /// SHA-256 of the normalized code, hex.
    CodeHash,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PendingSignIns {
    Table,
    Id,
    /// SHA-256 of the token in the browser's cookie, hex.
    TokenHash,
    UserId,
    /// Wrong codes so far.
    Attempts,
    CreatedAt,
    /// When the second factor was given (a waiting sign-in is taken once).
    UsedAt,
}

#[derive(DeriveIden)]
enum CitySecurity {
    Table,
    CityCode,
    /// Whether the city's staff must sign in with a second factor.
    RequireSecondFactor,
    Version,
    CreatedAt,
    UpdatedAt,
}

async fn second_factors(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(SecondFactors::Table)
            .col(big_integer(SecondFactors::UserId).primary_key())
            .col(string_len(SecondFactors::Secret, 64))
            .col(timestamp_with_time_zone_null(SecondFactors::ConfirmedAt))
            .col(big_integer_null(SecondFactors::LastStep))
            .stamps(SecondFactors::CreatedAt, SecondFactors::UpdatedAt)
            .references(SecondFactors::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await
}

async fn recovery_codes(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(RecoveryCodes::Table)
            .id(RecoveryCodes::Id)
            .col(big_integer(RecoveryCodes::UserId))
            .col(string_len(RecoveryCodes::CodeHash, 64))
            .col(timestamp_with_time_zone_null(RecoveryCodes::UsedAt))
            .created_at(RecoveryCodes::CreatedAt)
            .references(RecoveryCodes::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "recovery_codes_user",
        RecoveryCodes::Table,
        [RecoveryCodes::UserId, RecoveryCodes::CodeHash],
    )
    .await
}

async fn pending_sign_ins(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(PendingSignIns::Table)
            .id(PendingSignIns::Id)
            .col(string_len_uniq(PendingSignIns::TokenHash, 64))
            .col(big_integer(PendingSignIns::UserId))
            .col(integer(PendingSignIns::Attempts))
            .created_at(PendingSignIns::CreatedAt)
            .col(timestamp_with_time_zone_null(PendingSignIns::UsedAt))
            .references(PendingSignIns::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "pending_sign_ins_created",
        PendingSignIns::Table,
        [PendingSignIns::CreatedAt],
    )
    .await
}

async fn city_security(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(CitySecurity::Table)
            .col(string_len(CitySecurity::CityCode, 6).primary_key())
            .col(boolean(CitySecurity::RequireSecondFactor))
            .versioned(
                CitySecurity::Version,
                CitySecurity::CreatedAt,
                CitySecurity::UpdatedAt,
            )
            .references(CitySecurity::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await
}
