//! Decision letters (決定通知書) of calls: each city's settings for its letters (the issuer as
//! printed, the 文書番号's mark, the 補助条件 of a granted subsidy, the 教示), versioned; the
//! city's last 文書番号 of each fiscal year; and the number each released application was
//! given, once, with the day of its letter, so that printing it again gives the same letter.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261203_000033_calls::CallApplications;
use super::shared::{Columns, migration, unique};

migration!(call_letter_settings, call_letter_counters, call_letters);

#[derive(DeriveIden)]
enum CallLetterSettings {
    Table,
    CityCode,
    /// The issuer's title and name as printed (`千葉市長　神谷　俊一`).
    Issuer,
    /// The 文書番号's mark (`千経産第`).
    NumberMark,
    /// The 補助条件, one a line.
    Conditions,
    /// The 教示.
    Appeal,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CallLetterCounters {
    Table,
    CityCode,
    /// The fiscal year (年度), named by the year it starts in.
    FiscalYear,
    /// The last sequence given.
    LastSeq,
}

#[derive(DeriveIden)]
enum CallLetters {
    Table,
    ApplicationId,
    /// The city whose sequence the number is of (the call's lead city).
    CityCode,
    FiscalYear,
    Seq,
    /// The 文書番号 as printed (`千経産第12号`).
    Number,
    /// The letter's date.
    IssuedOn,
    CreatedAt,
}

async fn call_letter_settings(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallLetterSettings as S;
    m.create_table(
        Table::create()
            .table(S::Table)
            .col(string_len(S::CityCode, 6).primary_key())
            .col(string(S::Issuer))
            .col(string(S::NumberMark))
            .col(text(S::Conditions))
            .col(text(S::Appeal))
            .versioned(S::Version, S::CreatedAt, S::UpdatedAt)
            .references(S::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await
}

async fn call_letter_counters(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallLetterCounters as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .col(string_len(C::CityCode, 6))
            .col(integer(C::FiscalYear))
            .col(big_integer(C::LastSeq))
            .primary_key(Index::create().col(C::CityCode).col(C::FiscalYear))
            .references(C::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await
}

async fn call_letters(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallLetters as L;
    m.create_table(
        Table::create()
            .table(L::Table)
            .col(big_integer(L::ApplicationId).primary_key())
            .col(string_len(L::CityCode, 6))
            .col(integer(L::FiscalYear))
            .col(big_integer(L::Seq))
            .col(string(L::Number))
            .col(date(L::IssuedOn))
            .created_at(L::CreatedAt)
            .references(
                L::ApplicationId,
                CallApplications::Table,
                CallApplications::Id,
            )
            .references(L::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    unique(
        m,
        "call_letters_number",
        L::Table,
        [L::CityCode, L::FiscalYear, L::Seq],
    )
    .await
}
