//! Expert dispatch (専門家派遣): a city's roster of experts (fields, fee rule, availability),
//! the city's yearly cap of visits per company, the dispatches asked for on consultation
//! cases (expert, field, purpose, visits planned, state, the expert's report and the support
//! record it became) with their history, and the visits carried out (day, time, fee).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000007_companies::Companies;
use super::m20261124_000008_products::Products;
use super::shared::{Columns, index, migration};

migration!(
    experts,
    dispatch_settings,
    dispatches,
    dispatch_events,
    dispatch_visits
);

#[derive(DeriveIden)]
enum Experts {
    Table,
    Id,
    /// The city whose roster the expert is on.
    CityCode,
    Name,
    Organisation,
    /// Field codes joined by commas (`regulatory,clinical`).
    Fields,
    Expertise,
    /// The fee rule: yen per hour, and a fixed fee per visit.
    HourlyFee,
    VisitFee,
    Availability,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DispatchSettings {
    Table,
    CityCode,
    /// Visits per company per fiscal year (年度) the city approves at most.
    YearlyVisits,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Dispatches {
    Table,
    Id,
    CityCode,
    ConsultationId,
    CompanyId,
    ProductId,
    ExpertId,
    /// `regulatory`, `ip`, `design`, `clinical`, `software`, `sales`.
    Field,
    Purpose,
    PlannedVisits,
    /// The fiscal year the dispatch counts in (of the day it was asked for, then approved).
    FiscalYear,
    /// `requested`, `approved`, `closed`, `declined`, `cancelled`.
    State,
    StateSince,
    /// The expert's report (closing) or the reason (declining, cancelling).
    Report,
    SupportRecordId,
    RemindedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Consultations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SupportRecords {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DispatchEvents {
    Table,
    Id,
    DispatchId,
    At,
    Party,
    Move,
    FromState,
    ToState,
    Note,
    ActorId,
    ActorLabel,
}

#[derive(DeriveIden)]
enum DispatchVisits {
    Table,
    Id,
    DispatchId,
    VisitedOn,
    Minutes,
    /// Yen, by the expert's rule or as paid.
    Fee,
    Note,
    ActorId,
    ActorLabel,
    CreatedAt,
}

async fn experts(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Experts as X;
    m.create_table(
        Table::create()
            .table(X::Table)
            .id(X::Id)
            .col(string_len(X::CityCode, 6))
            .col(string(X::Name))
            .col(string(X::Organisation))
            .col(string(X::Fields))
            .col(text(X::Expertise))
            .col(big_integer(X::HourlyFee))
            .col(big_integer(X::VisitFee))
            .col(string(X::Availability))
            .col(boolean(X::Active))
            .versioned(X::Version, X::CreatedAt, X::UpdatedAt)
            .references(X::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(m, "experts_city", X::Table, [X::CityCode]).await
}

async fn dispatch_settings(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use DispatchSettings as S;
    m.create_table(
        Table::create()
            .table(S::Table)
            .col(string_len(S::CityCode, 6).primary_key())
            .col(integer(S::YearlyVisits))
            .col(timestamp_with_time_zone(S::UpdatedAt))
            .references(S::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await
}

async fn dispatches(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Dispatches as D;
    m.create_table(
        Table::create()
            .table(D::Table)
            .id(D::Id)
            .col(string_len(D::CityCode, 6))
            .col(big_integer(D::ConsultationId))
            .col(big_integer(D::CompanyId))
            .col(big_integer_null(D::ProductId))
            .col(big_integer(D::ExpertId))
            .col(string_len(D::Field, 32))
            .col(text(D::Purpose))
            .col(integer(D::PlannedVisits))
            .col(integer(D::FiscalYear))
            .col(string_len(D::State, 32))
            .col(timestamp_with_time_zone(D::StateSince))
            .col(text_null(D::Report))
            .col(big_integer_null(D::SupportRecordId))
            .col(timestamp_with_time_zone_null(D::RemindedAt))
            .versioned(D::Version, D::CreatedAt, D::UpdatedAt)
            .references(D::CityCode, Cities::Table, Cities::Code)
            .references(D::ConsultationId, Consultations::Table, Consultations::Id)
            .references(D::CompanyId, Companies::Table, Companies::Id)
            .references(D::ProductId, Products::Table, Products::Id)
            .references(D::ExpertId, Experts::Table, Experts::Id)
            .references(
                D::SupportRecordId,
                SupportRecords::Table,
                SupportRecords::Id,
            )
            .to_owned(),
    )
    .await?;
    index(m, "dispatches_city", D::Table, [D::CityCode, D::FiscalYear]).await?;
    index(m, "dispatches_consultation", D::Table, [D::ConsultationId]).await?;
    index(
        m,
        "dispatches_company",
        D::Table,
        [D::CompanyId, D::FiscalYear],
    )
    .await
}

async fn dispatch_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use DispatchEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(big_integer(E::DispatchId))
            .col(timestamp_with_time_zone(E::At))
            .col(string_len(E::Party, 32))
            .col(string_len(E::Move, 32))
            .col(string_len(E::FromState, 32))
            .col(string_len(E::ToState, 32))
            .col(text(E::Note))
            .actor(E::ActorId, E::ActorLabel)
            .references(E::DispatchId, Dispatches::Table, Dispatches::Id)
            .to_owned(),
    )
    .await?;
    index(m, "dispatch_events_dispatch", E::Table, [E::DispatchId]).await
}

async fn dispatch_visits(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use DispatchVisits as V;
    m.create_table(
        Table::create()
            .table(V::Table)
            .id(V::Id)
            .col(big_integer(V::DispatchId))
            .col(date(V::VisitedOn))
            .col(integer(V::Minutes))
            .col(big_integer(V::Fee))
            .col(text(V::Note))
            .actor(V::ActorId, V::ActorLabel)
            .created_at(V::CreatedAt)
            .references(V::DispatchId, Dispatches::Table, Dispatches::Id)
            .to_owned(),
    )
    .await?;
    index(m, "dispatch_visits_dispatch", V::Table, [V::DispatchId]).await
}
