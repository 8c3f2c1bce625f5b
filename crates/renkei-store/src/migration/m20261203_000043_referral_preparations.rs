//! A referral's step prepared for an officer's approval (紹介の準備と承認): the city whose step
//! it is, the kind (① a selection, ④ targets), for ① the product, the receiving city and the
//! dossier's words, for ④ the referral and the targets proposed (their ids, in order); who
//! prepared it; the workflow's state, since when, its due day in 開庁日 and its one reminder;
//! the officer's return reason; the referral it became. And each preparation's history.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;
use super::m20261124_000008_products::Products;
use super::m20261124_000011_referrals::Referrals;
use super::shared::{Columns, index, migration};

migration!(referral_preparations, referral_preparation_events);

#[derive(DeriveIden)]
enum ReferralPreparations {
    Table,
    Id,
    /// The city whose step it is: the product's home city for ①, the receiving city for ④.
    CityCode,
    /// `selection` or `targets`.
    Kind,
    ProductId,
    /// ① The city the product is to be introduced to.
    ReceivingCity,
    /// ④ The referral the targets are for; for ①, the referral the approval made.
    ReferralId,
    /// ④ The targets proposed: their ids, comma-separated, in order.
    TargetIds,
    /// ① The dossier's words (the selection's reason); ④ the preparer's note.
    Note,
    PreparerId,
    PreparerLabel,
    /// `prepared`, `returned`, `approved`, `withdrawn`.
    State,
    StateSince,
    DueOn,
    RemindedAt,
    ReturnReason,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReferralPreparationEvents {
    Table,
    Id,
    PreparationId,
    At,
    Party,
    Move,
    FromState,
    ToState,
    Note,
    ActorId,
    ActorLabel,
}

async fn referral_preparations(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ReferralPreparations as P;
    m.create_table(
        Table::create()
            .table(P::Table)
            .id(P::Id)
            .col(string_len(P::CityCode, 6))
            .col(string_len(P::Kind, 32))
            .col(big_integer(P::ProductId))
            .col(string_len_null(P::ReceivingCity, 6))
            .col(big_integer_null(P::ReferralId))
            .col(text(P::TargetIds))
            .col(text(P::Note))
            .actor(P::PreparerId, P::PreparerLabel)
            .col(string_len(P::State, 32))
            .col(timestamp_with_time_zone(P::StateSince))
            .col(date_null(P::DueOn))
            .col(timestamp_with_time_zone_null(P::RemindedAt))
            .col(text_null(P::ReturnReason))
            .versioned(P::Version, P::CreatedAt, P::UpdatedAt)
            .references(P::CityCode, Cities::Table, Cities::Code)
            .references(P::ProductId, Products::Table, Products::Id)
            .references(P::ReceivingCity, Cities::Table, Cities::Code)
            .references(P::ReferralId, Referrals::Table, Referrals::Id)
            .references(P::PreparerId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "referral_preparations_city",
        P::Table,
        [P::CityCode, P::State],
    )
    .await?;
    index(
        m,
        "referral_preparations_preparer",
        P::Table,
        [P::PreparerId],
    )
    .await?;
    index(
        m,
        "referral_preparations_due",
        P::Table,
        [P::State, P::DueOn],
    )
    .await
}

async fn referral_preparation_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ReferralPreparationEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(big_integer(E::PreparationId))
            .col(timestamp_with_time_zone(E::At))
            .col(string_len(E::Party, 32))
            .col(string_len(E::Move, 32))
            .col(string_len(E::FromState, 32))
            .col(string_len(E::ToState, 32))
            .col(text(E::Note))
            .actor(E::ActorId, E::ActorLabel)
            .references(
                E::PreparationId,
                ReferralPreparations::Table,
                ReferralPreparations::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "referral_preparation_events_preparation",
        E::Table,
        [E::PreparationId],
    )
    .await
}
