//! A company's request to be registered by a designated city (the public form), and its
//! history: who moved it from which state to which, when.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::shared::{Columns, index, migration};

migration!(company_registrations, company_registration_events);

#[derive(DeriveIden)]
enum CompanyRegistrations {
    Table,
    Id,
    /// The designated city asked.
    CityCode,
    /// `submitted`, `approved`, `declined`, `withdrawn`.
    State,
    StateSince,
    /// The company as the applicant gave it.
    Name,
    NameKana,
    NameKey,
    CorporateNumber,
    PostalCode,
    Address,
    Industry,
    Size,
    Website,
    /// The applicant: the company's first user once approved.
    ApplicantName,
    ApplicantEmail,
    Department,
    Note,
    /// The city's reason, told to the applicant.
    DeclineReason,
    /// The company and the account made on approval.
    CompanyId,
    UserId,
    ClientAddress,
    /// SHA-256 of the applicant's link (to see and withdraw the request), hex.
    ApplicantTokenHash,
    /// When the city's staff were reminded of a decision overdue (once per request).
    RemindedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CompanyRegistrationEvents {
    Table,
    Id,
    RegistrationId,
    At,
    Party,
    Move,
    FromState,
    ToState,
    Note,
    ActorId,
    ActorLabel,
}

async fn company_registrations(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CompanyRegistrations as R;
    m.create_table(
        Table::create()
            .table(R::Table)
            .id(R::Id)
            .col(string_len(R::CityCode, 6))
            .col(string_len(R::State, 32))
            .col(timestamp_with_time_zone(R::StateSince))
            .col(string(R::Name))
            .col(string(R::NameKana))
            .col(string(R::NameKey))
            .col(string_len_null(R::CorporateNumber, 13))
            .col(string_len_null(R::PostalCode, 7))
            .col(text(R::Address))
            .col(string(R::Industry))
            .col(string_len_null(R::Size, 32))
            .col(string_null(R::Website))
            .col(string(R::ApplicantName))
            .col(string(R::ApplicantEmail))
            .col(string(R::Department))
            .col(text(R::Note))
            .col(text_null(R::DeclineReason))
            .col(big_integer_null(R::CompanyId))
            .col(big_integer_null(R::UserId))
            .col(string_null(R::ClientAddress))
            .col(string_len_uniq(R::ApplicantTokenHash, 64))
            .col(timestamp_with_time_zone_null(R::RemindedAt))
            .versioned(R::Version, R::CreatedAt, R::UpdatedAt)
            .references(R::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "company_registrations_city",
        R::Table,
        [R::CityCode, R::State],
    )
    .await
}

async fn company_registration_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CompanyRegistrationEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(big_integer(E::RegistrationId))
            .col(timestamp_with_time_zone(E::At))
            .col(string_len(E::Party, 32))
            .col(string_len(E::Move, 32))
            .col(string_len(E::FromState, 32))
            .col(string_len(E::ToState, 32))
            .col(text(E::Note))
            .actor(E::ActorId, E::ActorLabel)
            .references(
                E::RegistrationId,
                CompanyRegistrations::Table,
                CompanyRegistrations::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "company_registration_events_registration",
        E::Table,
        [E::RegistrationId],
    )
    .await
}
