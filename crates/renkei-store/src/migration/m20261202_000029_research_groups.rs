//! Research groups (研究会): a group run by a city, alone or with other designated cities
//! (`research_group_cities`, the lead city among them), its members (a company by id, anyone
//! else by name; joined and left on a day), its meetings (minutes, who attended, the event it
//! was, if any) and its documents (kept in the database, so that every node serves them).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000007_companies::Companies;
use super::shared::{Columns, index, migration};

migration!(
    research_groups,
    research_group_cities,
    research_group_members,
    research_group_meetings,
    research_group_documents
);

#[derive(DeriveIden)]
enum ResearchGroups {
    Table,
    Id,
    /// The city that leads it (its record in the audit trail).
    CityCode,
    Name,
    /// `medical-device`, `welfare`, `health`, `ict`, `other`.
    Field,
    Description,
    FoundedOn,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ResearchGroupCities {
    Table,
    GroupId,
    CityCode,
}

#[derive(DeriveIden)]
enum ResearchGroupMembers {
    Table,
    Id,
    GroupId,
    /// `company`, `university`, `hospital`, `coordinator`, `other`.
    Kind,
    CompanyId,
    /// The organisation's or the person's name (a company's is read from the company).
    Name,
    Note,
    JoinedOn,
    LeftOn,
    ActorLabel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ResearchGroupMeetings {
    Table,
    Id,
    GroupId,
    HeldOn,
    Title,
    Place,
    EventId,
    Minutes,
    /// The members who attended: their ids joined by commas.
    Attendees,
    ActorLabel,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ResearchGroupDocuments {
    Table,
    Id,
    GroupId,
    MeetingId,
    FileName,
    MediaType,
    SizeBytes,
    Content,
    ActorLabel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

async fn research_groups(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ResearchGroups as G;
    m.create_table(
        Table::create()
            .table(G::Table)
            .id(G::Id)
            .col(string_len(G::CityCode, 6))
            .col(string(G::Name))
            .col(string_len(G::Field, 32))
            .col(text(G::Description))
            .col(date_null(G::FoundedOn))
            .col(boolean(G::Active))
            .versioned(G::Version, G::CreatedAt, G::UpdatedAt)
            .references(G::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await
}

async fn research_group_cities(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ResearchGroupCities as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .col(big_integer(C::GroupId))
            .col(string_len(C::CityCode, 6))
            .primary_key(Index::create().col(C::GroupId).col(C::CityCode))
            .references(C::GroupId, ResearchGroups::Table, ResearchGroups::Id)
            .references(C::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(m, "research_group_cities_city", C::Table, [C::CityCode]).await
}

async fn research_group_members(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ResearchGroupMembers as M;
    m.create_table(
        Table::create()
            .table(M::Table)
            .id(M::Id)
            .col(big_integer(M::GroupId))
            .col(string_len(M::Kind, 32))
            .col(big_integer_null(M::CompanyId))
            .col(string(M::Name))
            .col(string(M::Note))
            .col(date(M::JoinedOn))
            .col(date_null(M::LeftOn))
            .col(string(M::ActorLabel))
            .created_at(M::CreatedAt)
            .references(M::GroupId, ResearchGroups::Table, ResearchGroups::Id)
            .references(M::CompanyId, Companies::Table, Companies::Id)
            .to_owned(),
    )
    .await?;
    index(m, "research_group_members_group", M::Table, [M::GroupId]).await?;
    index(
        m,
        "research_group_members_company",
        M::Table,
        [M::CompanyId],
    )
    .await
}

async fn research_group_meetings(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ResearchGroupMeetings as T;
    m.create_table(
        Table::create()
            .table(T::Table)
            .id(T::Id)
            .col(big_integer(T::GroupId))
            .col(date(T::HeldOn))
            .col(string(T::Title))
            .col(string(T::Place))
            .col(big_integer_null(T::EventId))
            .col(text(T::Minutes))
            .col(text(T::Attendees))
            .col(string(T::ActorLabel))
            .versioned(T::Version, T::CreatedAt, T::UpdatedAt)
            .references(T::GroupId, ResearchGroups::Table, ResearchGroups::Id)
            .references(T::EventId, Events::Table, Events::Id)
            .to_owned(),
    )
    .await?;
    index(m, "research_group_meetings_group", T::Table, [T::GroupId]).await
}

async fn research_group_documents(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ResearchGroupDocuments as D;
    m.create_table(
        Table::create()
            .table(D::Table)
            .id(D::Id)
            .col(big_integer(D::GroupId))
            .col(big_integer_null(D::MeetingId))
            .col(string(D::FileName))
            .col(string(D::MediaType))
            .col(big_integer(D::SizeBytes))
            .col(blob(D::Content))
            .col(string(D::ActorLabel))
            .created_at(D::CreatedAt)
            .references(D::GroupId, ResearchGroups::Table, ResearchGroups::Id)
            .references(
                D::MeetingId,
                ResearchGroupMeetings::Table,
                ResearchGroupMeetings::Id,
            )
            .to_owned(),
    )
    .await?;
    index(m, "research_group_documents_group", D::Table, [D::GroupId]).await
}
