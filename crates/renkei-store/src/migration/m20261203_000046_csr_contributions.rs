//! Giving back (地域貢献) and the certified community: a supported company's contributions
//! (its home city, the support record it gives back for, the kind, title, description, the
//! day it happened, the workflow's state, a decline's reason, who proposed it) with their
//! history; and business-matching requests between member companies (the asker, the asked,
//! the message, the state, who asked) with theirs.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000007_companies::Companies;
use super::m20261124_000008_products::SupportRecords;
use super::shared::{Columns, index, migration};

migration!(
    contributions,
    contribution_events,
    matching,
    matching_events
);

#[derive(DeriveIden)]
enum CsrContributions {
    Table,
    Id,
    CityCode,
    CompanyId,
    SupportId,
    Kind,
    Title,
    Description,
    HappenedOn,
    State,
    DeclineReason,
    ActorId,
    ActorLabel,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CsrMatchingRequests {
    Table,
    Id,
    AskerCompanyId,
    AskedCompanyId,
    Message,
    State,
    ActorId,
    ActorLabel,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Events {
    Id,
    ContributionId,
    RequestId,
    At,
    Party,
    Move,
    FromState,
    ToState,
    Note,
    ActorId,
    ActorLabel,
}

async fn contributions(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CsrContributions as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .id(C::Id)
            .col(string_len(C::CityCode, 6))
            .col(big_integer(C::CompanyId))
            .col(big_integer(C::SupportId))
            .col(string_len(C::Kind, 32))
            .col(string(C::Title))
            .col(text(C::Description))
            .col(date(C::HappenedOn))
            .col(string_len(C::State, 32))
            .col(text(C::DeclineReason))
            .actor(C::ActorId, C::ActorLabel)
            .versioned(C::Version, C::CreatedAt, C::UpdatedAt)
            .references(C::CityCode, Cities::Table, Cities::Code)
            .references(C::CompanyId, Companies::Table, Companies::Id)
            .references(C::SupportId, SupportRecords::Table, SupportRecords::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "csr_contributions_city",
        C::Table,
        [C::CityCode, C::State],
    )
    .await?;
    index(m, "csr_contributions_company", C::Table, [C::CompanyId]).await
}

/// A history table of `table` whose rows name their record in `record`.
fn history(name: &str, record: Events, parent: impl IntoIden) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(Alias::new(name))
        .id(Events::Id)
        .col(big_integer(record))
        .col(timestamp_with_time_zone(Events::At))
        .col(string_len(Events::Party, 32))
        .col(string_len(Events::Move, 32))
        .col(string_len(Events::FromState, 32))
        .col(string_len(Events::ToState, 32))
        .col(text(Events::Note))
        .actor(Events::ActorId, Events::ActorLabel)
        .references(record, parent, Alias::new("id"));
    t.to_owned()
}

async fn contribution_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let name = "csr_contribution_events";
    m.create_table(history(
        name,
        Events::ContributionId,
        CsrContributions::Table,
    ))
    .await?;
    index(
        m,
        "csr_contribution_events_contribution",
        Alias::new(name),
        [Events::ContributionId],
    )
    .await
}

async fn matching(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CsrMatchingRequests as R;
    m.create_table(
        Table::create()
            .table(R::Table)
            .id(R::Id)
            .col(big_integer(R::AskerCompanyId))
            .col(big_integer(R::AskedCompanyId))
            .col(text(R::Message))
            .col(string_len(R::State, 32))
            .actor(R::ActorId, R::ActorLabel)
            .versioned(R::Version, R::CreatedAt, R::UpdatedAt)
            .references(R::AskerCompanyId, Companies::Table, Companies::Id)
            .references(R::AskedCompanyId, Companies::Table, Companies::Id)
            .to_owned(),
    )
    .await?;
    index(m, "csr_matching_asker", R::Table, [R::AskerCompanyId]).await?;
    index(m, "csr_matching_asked", R::Table, [R::AskedCompanyId]).await
}

async fn matching_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let name = "csr_matching_request_events";
    m.create_table(history(name, Events::RequestId, CsrMatchingRequests::Table))
        .await?;
    index(
        m,
        "csr_matching_request_events_request",
        Alias::new(name),
        [Events::RequestId],
    )
    .await
}
