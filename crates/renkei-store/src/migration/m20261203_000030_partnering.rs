//! Finding a partner on a consultation case (連携先探し): each request (inter-company
//! brokering, or clinical and verification sites) with what it looks for, its optional
//! trial-funding call and its outcome; its candidates (a company, a sales-channel target or
//! one added by hand), each with the state of its approach and the company's consent to what
//! is shared (who, when, the items, the purpose, the wording and its version); and each
//! candidate's history.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000007_companies::{Calls, Companies, SalesTargets};
use super::m20261124_000008_products::Products;
use super::shared::{Columns, index, migration};

migration!(
    partner_requests,
    partner_candidates,
    partner_candidate_events
);

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
enum PartnerRequests {
    Table,
    Id,
    ConsultationId,
    /// The case's city (the desk's).
    CityCode,
    CompanyId,
    ProductId,
    /// `brokering`, `sites`.
    Purpose,
    /// The kind of partner (`technology` …) or site (`trial` …).
    Kind,
    /// What the company looks for, in its words.
    Detail,
    /// The words candidates are searched with.
    Words,
    /// The trial-funding call it is linked to, if any.
    CallId,
    /// `open`, `closed`.
    State,
    /// `partnered`, `site-agreed`, `none-found`, `withdrawn`, `other`.
    Outcome,
    OutcomeText,
    ClosedAt,
    SupportRecordId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PartnerCandidates {
    Table,
    Id,
    RequestId,
    /// `search`, `manual`.
    Source,
    /// The candidate company, or the sales-channel target (hospital, facility), if any.
    CandidateCompanyId,
    TargetId,
    Name,
    /// The candidate's designated city, if it is in one.
    CityCode,
    Note,
    /// `suggested`, `awaiting_consent`, `consented`, `approached`, `agreed`, `introduced`,
    /// `concluded`, `declined`, `refused`, `withdrawn`.
    State,
    StateSince,
    ConsentUserId,
    ConsentByLabel,
    ConsentAt,
    ConsentItems,
    ConsentPurpose,
    ConsentWording,
    ConsentWordingVersion,
    /// `contracted`, `continuing`, `not-pursued`.
    Outcome,
    OutcomeText,
    RemindedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PartnerCandidateEvents {
    Table,
    Id,
    CandidateId,
    At,
    Party,
    Move,
    FromState,
    ToState,
    Note,
    ActorId,
    ActorLabel,
}

async fn partner_requests(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use PartnerRequests as R;
    m.create_table(
        Table::create()
            .table(R::Table)
            .id(R::Id)
            .col(big_integer(R::ConsultationId))
            .col(string_len(R::CityCode, 6))
            .col(big_integer(R::CompanyId))
            .col(big_integer_null(R::ProductId))
            .col(string_len(R::Purpose, 32))
            .col(string_len(R::Kind, 32))
            .col(text(R::Detail))
            .col(string_len(R::Words, 200))
            .col(big_integer_null(R::CallId))
            .col(string_len(R::State, 32))
            .col(string_len_null(R::Outcome, 32))
            .col(text_null(R::OutcomeText))
            .col(timestamp_with_time_zone_null(R::ClosedAt))
            .col(big_integer_null(R::SupportRecordId))
            .versioned(R::Version, R::CreatedAt, R::UpdatedAt)
            .references(R::ConsultationId, Consultations::Table, Consultations::Id)
            .references(R::CityCode, Cities::Table, Cities::Code)
            .references(R::CompanyId, Companies::Table, Companies::Id)
            .references(R::ProductId, Products::Table, Products::Id)
            .references(R::CallId, Calls::Table, Calls::Id)
            .references(
                R::SupportRecordId,
                SupportRecords::Table,
                SupportRecords::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "partner_requests_consultation",
        R::Table,
        [R::ConsultationId],
    )
    .await?;
    index(m, "partner_requests_created", R::Table, [R::CreatedAt]).await
}

async fn partner_candidates(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use PartnerCandidates as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .id(C::Id)
            .col(big_integer(C::RequestId))
            .col(string_len(C::Source, 32))
            .col(big_integer_null(C::CandidateCompanyId))
            .col(big_integer_null(C::TargetId))
            .col(string_len(C::Name, 200))
            .col(string_len_null(C::CityCode, 6))
            .col(text(C::Note))
            .col(string_len(C::State, 32))
            .col(timestamp_with_time_zone(C::StateSince))
            .col(big_integer_null(C::ConsentUserId))
            .col(string_null(C::ConsentByLabel))
            .col(timestamp_with_time_zone_null(C::ConsentAt))
            .col(text_null(C::ConsentItems))
            .col(text_null(C::ConsentPurpose))
            .col(text_null(C::ConsentWording))
            .col(string_len_null(C::ConsentWordingVersion, 40))
            .col(string_len_null(C::Outcome, 32))
            .col(text_null(C::OutcomeText))
            .col(timestamp_with_time_zone_null(C::RemindedAt))
            .versioned(C::Version, C::CreatedAt, C::UpdatedAt)
            .references(C::RequestId, PartnerRequests::Table, PartnerRequests::Id)
            .references(C::CandidateCompanyId, Companies::Table, Companies::Id)
            .references(C::TargetId, SalesTargets::Table, SalesTargets::Id)
            .references(C::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(m, "partner_candidates_request", C::Table, [C::RequestId]).await?;
    index(
        m,
        "partner_candidates_state",
        C::Table,
        [C::State, C::StateSince],
    )
    .await
}

async fn partner_candidate_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use PartnerCandidateEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(big_integer(E::CandidateId))
            .col(timestamp_with_time_zone(E::At))
            .col(string_len(E::Party, 32))
            .col(string_len(E::Move, 32))
            .col(string_len(E::FromState, 32))
            .col(string_len(E::ToState, 32))
            .col(text(E::Note))
            .actor(E::ActorId, E::ActorLabel)
            .references(
                E::CandidateId,
                PartnerCandidates::Table,
                PartnerCandidates::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "partner_candidate_events_candidate",
        E::Table,
        [E::CandidateId],
    )
    .await
}
