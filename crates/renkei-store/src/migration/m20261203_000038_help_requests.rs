//! Requests for help across cities (相互支援の依頼): the asking city, the company and
//! optionally its product or the referral of it, who asked, the coordinator asked (none while
//! open to the network) and their city, the need (field, stage, class) and the question; the
//! workflow's state, since when, its due day in 開庁日 and its one reminder; the company's
//! consent to what is shared (who, when, the items, the wording and its version); the outcome
//! summary and the support record it became. And each request's history.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;
use super::m20261124_000007_companies::Companies;
use super::m20261124_000008_products::{Products, SupportRecords};
use super::m20261124_000011_referrals::Referrals;
use super::shared::{Columns, index, migration};

migration!(help_requests, help_request_events);

#[derive(DeriveIden)]
enum HelpRequests {
    Table,
    Id,
    /// The asking city (the company's home city).
    CityCode,
    CompanyId,
    ProductId,
    /// The referral it is about, if any (of the asking city).
    ReferralId,
    AskerId,
    AskerLabel,
    /// The coordinator asked, or who took it; none while open to the network.
    HelperId,
    HelperCity,
    /// `medical-devices` … (`renkei_domain::network::Field`).
    Field,
    Stage,
    Class,
    Question,
    /// `asked`, `accepted`, `concluded`, `declined`, `withdrawn`.
    State,
    StateSince,
    DueOn,
    RemindedAt,
    ConsentUserId,
    ConsentByLabel,
    ConsentAt,
    ConsentItems,
    ConsentWording,
    ConsentWordingVersion,
    Summary,
    ConcludedAt,
    SupportRecordId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum HelpRequestEvents {
    Table,
    Id,
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

async fn help_requests(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use HelpRequests as R;
    m.create_table(
        Table::create()
            .table(R::Table)
            .id(R::Id)
            .col(string_len(R::CityCode, 6))
            .col(big_integer(R::CompanyId))
            .col(big_integer_null(R::ProductId))
            .col(big_integer_null(R::ReferralId))
            .actor(R::AskerId, R::AskerLabel)
            .col(big_integer_null(R::HelperId))
            .col(string_len_null(R::HelperCity, 6))
            .col(string_len(R::Field, 32))
            .col(string_len_null(R::Stage, 32))
            .col(string_len_null(R::Class, 32))
            .col(text(R::Question))
            .col(string_len(R::State, 32))
            .col(timestamp_with_time_zone(R::StateSince))
            .col(date_null(R::DueOn))
            .col(timestamp_with_time_zone_null(R::RemindedAt))
            .col(big_integer_null(R::ConsentUserId))
            .col(string_null(R::ConsentByLabel))
            .col(timestamp_with_time_zone_null(R::ConsentAt))
            .col(text_null(R::ConsentItems))
            .col(text_null(R::ConsentWording))
            .col(string_len_null(R::ConsentWordingVersion, 40))
            .col(text_null(R::Summary))
            .col(timestamp_with_time_zone_null(R::ConcludedAt))
            .col(big_integer_null(R::SupportRecordId))
            .versioned(R::Version, R::CreatedAt, R::UpdatedAt)
            .references(R::CityCode, Cities::Table, Cities::Code)
            .references(R::CompanyId, Companies::Table, Companies::Id)
            .references(R::ProductId, Products::Table, Products::Id)
            .references(R::ReferralId, Referrals::Table, Referrals::Id)
            .references(R::AskerId, Users::Table, Users::Id)
            .references(R::HelperId, Users::Table, Users::Id)
            .references(R::HelperCity, Cities::Table, Cities::Code)
            .references(
                R::SupportRecordId,
                SupportRecords::Table,
                SupportRecords::Id,
            )
            .to_owned(),
    )
    .await?;
    index(m, "help_requests_city", R::Table, [R::CityCode]).await?;
    index(m, "help_requests_helper", R::Table, [R::HelperId]).await?;
    index(m, "help_requests_due", R::Table, [R::State, R::DueOn]).await
}

async fn help_request_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use HelpRequestEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(big_integer(E::RequestId))
            .col(timestamp_with_time_zone(E::At))
            .col(string_len(E::Party, 32))
            .col(string_len(E::Move, 32))
            .col(string_len(E::FromState, 32))
            .col(string_len(E::ToState, 32))
            .col(text(E::Note))
            .actor(E::ActorId, E::ActorLabel)
            .references(E::RequestId, HelpRequests::Table, HelpRequests::Id)
            .to_owned(),
    )
    .await?;
    index(m, "help_request_events_request", E::Table, [E::RequestId]).await
}
