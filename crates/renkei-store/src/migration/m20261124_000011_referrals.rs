//! The inter-city referral (第3章): the referrals and their history, the targets each was
//! introduced to and their answers, the company's sales activity, feedback, each city's
//! expected times and the reminders sent, in-app notifications; contacts and the source code
//! of the sales-channel targets.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, index, migration};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;
use super::m20261124_000007_companies::SalesTargets;
use super::m20261124_000008_products::Products;

migration!(
    target_contacts,
    referrals,
    targets,
    activities_and_feedback,
    deadlines_and_reminders,
    notifications
);

#[derive(DeriveIden)]
enum TargetContacts {
    PostalCode,
    ContactName,
    ContactDepartment,
    ContactEmail,
    ContactPhone,
    /// The code of the list it was imported from (e.g. a medical institution code), so a
    /// second import of the same list does not add it twice.
    SourceCode,
}

#[derive(DeriveIden)]
pub enum Referrals {
    Table,
    Id,
    ProductId,
    CompanyId,
    SendingCity,
    ReceivingCity,
    /// `renkei_domain::referral::State::code`.
    State,
    Version,
    /// When it entered its state: the clock of the expected times.
    StateSince,
    /// Channel kinds the company wants (target kind codes, comma-separated).
    WantedKinds,
    /// The sending city's reason for recommending the product.
    Reason,
    // The consent to a provision to third parties (個人情報保護法): who, when, what, for
    // which purpose, in which wording.
    ConsentUserId,
    ConsentByLabel,
    ConsentAt,
    ConsentItems,
    ConsentPurpose,
    ConsentWording,
    ConsentWordingVersion,
    SentAt,
    DeclineReason,
    Outcome,
    OutcomeNote,
    CreatedByLabel,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReferralEvents {
    Table,
    Id,
    ReferralId,
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
enum ReferralTargets {
    Table,
    Id,
    ReferralId,
    TargetId,
    ProvidedAt,
    /// `pending`, `agreed`, `declined`, `no-answer`.
    Answer,
    AnsweredAt,
    AnswerNote,
    /// `officer` (recorded by the receiving city), `link`, `account`.
    AnsweredVia,
    /// SHA-256 of the target's one-time link, while one is out.
    LinkHash,
    LinkExpiresAt,
    Version,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReferralActivities {
    Table,
    Id,
    ReferralId,
    OnDate,
    /// `contact`, `meeting`, `demonstration`, `other`.
    Kind,
    TargetId,
    Note,
    ActorLabel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReferralFeedback {
    Table,
    Id,
    ReferralId,
    /// `company`, `sending`, `receiving` or `target:{id}`: one answer each.
    PartyKey,
    AuthorLabel,
    Rating,
    Comment,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ReferralDeadlines {
    Table,
    CityCode,
    State,
    Days,
}

#[derive(DeriveIden)]
enum ReferralReminders {
    Table,
    ReferralId,
    /// The referral's version when it entered the step: one reminder per step, ever.
    Version,
    State,
    SentAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    ReferralId,
    MessageJa,
    MessageEn,
    Link,
    CreatedAt,
    ReadAt,
}

/// The contacts and the source code of the sales-channel targets.
async fn target_contacts(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    // One column per statement: SQLite adds one at a time.
    for (column, len) in [
        (TargetContacts::PostalCode, 10),
        (TargetContacts::ContactName, 100),
        (TargetContacts::ContactDepartment, 100),
        (TargetContacts::ContactEmail, 254),
        (TargetContacts::ContactPhone, 40),
        (TargetContacts::SourceCode, 20),
    ] {
        m.alter_table(
            Table::alter()
                .table(SalesTargets::Table)
                .add_column(string_len(column, len).default(""))
                .to_owned(),
        )
        .await?;
    }
    m.create_index(
        Index::create()
            .name("sales_targets_source")
            .table(SalesTargets::Table)
            .col(SalesTargets::CityCode)
            .col(TargetContacts::SourceCode)
            .to_owned(),
    )
    .await
}

/// The referrals and their history.
async fn referrals(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Referrals::Table)
            .id(Referrals::Id)
            .col(big_integer(Referrals::ProductId))
            .col(big_integer(Referrals::CompanyId))
            .col(string_len(Referrals::SendingCity, 6))
            .col(string_len(Referrals::ReceivingCity, 6))
            .col(string_len(Referrals::State, 20))
            .col(big_integer(Referrals::Version))
            .col(timestamp_with_time_zone(Referrals::StateSince))
            .col(text(Referrals::WantedKinds))
            .col(text(Referrals::Reason))
            .col(big_integer_null(Referrals::ConsentUserId))
            .col(string_null(Referrals::ConsentByLabel))
            .col(timestamp_with_time_zone_null(Referrals::ConsentAt))
            .col(text_null(Referrals::ConsentItems))
            .col(text_null(Referrals::ConsentPurpose))
            .col(text_null(Referrals::ConsentWording))
            .col(string_len_null(Referrals::ConsentWordingVersion, 40))
            .col(timestamp_with_time_zone_null(Referrals::SentAt))
            .col(string_len_null(Referrals::DeclineReason, 40))
            .col(string_len_null(Referrals::Outcome, 20))
            .col(text(Referrals::OutcomeNote))
            .col(string(Referrals::CreatedByLabel))
            .stamps(Referrals::CreatedAt, Referrals::UpdatedAt)
            .references(Referrals::ProductId, Products::Table, Products::Id)
            .references(Referrals::SendingCity, Cities::Table, Cities::Code)
            .references(Referrals::ReceivingCity, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    for (name, column) in [
        ("referrals_sending", Referrals::SendingCity),
        ("referrals_receiving", Referrals::ReceivingCity),
        ("referrals_product", Referrals::ProductId),
        ("referrals_company", Referrals::CompanyId),
    ] {
        index(m, name, Referrals::Table, [column]).await?;
    }
    m.create_table(
        Table::create()
            .table(ReferralEvents::Table)
            .id(ReferralEvents::Id)
            .col(big_integer(ReferralEvents::ReferralId))
            .col(timestamp_with_time_zone(ReferralEvents::At))
            .col(string_len(ReferralEvents::Party, 20))
            .col(string_len(ReferralEvents::Move, 40))
            .col(string_len(ReferralEvents::FromState, 20))
            .col(string_len(ReferralEvents::ToState, 20))
            .col(text(ReferralEvents::Note))
            .actor(ReferralEvents::ActorId, ReferralEvents::ActorLabel)
            .references(ReferralEvents::ReferralId, Referrals::Table, Referrals::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "referral_events_referral",
        ReferralEvents::Table,
        [ReferralEvents::ReferralId],
    )
    .await
}

/// The targets each referral was introduced to, and their answers.
async fn targets(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(ReferralTargets::Table)
            .id(ReferralTargets::Id)
            .col(big_integer(ReferralTargets::ReferralId))
            .col(big_integer(ReferralTargets::TargetId))
            .col(timestamp_with_time_zone_null(ReferralTargets::ProvidedAt))
            .col(string_len(ReferralTargets::Answer, 20))
            .col(timestamp_with_time_zone_null(ReferralTargets::AnsweredAt))
            .col(text(ReferralTargets::AnswerNote))
            .col(string_len(ReferralTargets::AnsweredVia, 20))
            .col(string_len_null(ReferralTargets::LinkHash, 64))
            .col(timestamp_with_time_zone_null(
                ReferralTargets::LinkExpiresAt,
            ))
            .col(big_integer(ReferralTargets::Version))
            .created_at(ReferralTargets::CreatedAt)
            .references(ReferralTargets::ReferralId, Referrals::Table, Referrals::Id)
            .references(
                ReferralTargets::TargetId,
                SalesTargets::Table,
                SalesTargets::Id,
            )
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("referral_targets_once")
            .table(ReferralTargets::Table)
            .col(ReferralTargets::ReferralId)
            .col(ReferralTargets::TargetId)
            .unique()
            .to_owned(),
    )
    .await?;
    index(
        m,
        "referral_targets_link",
        ReferralTargets::Table,
        [ReferralTargets::LinkHash],
    )
    .await?;
    index(
        m,
        "referral_targets_target",
        ReferralTargets::Table,
        [ReferralTargets::TargetId],
    )
    .await
}

/// The company's sales activity, and each party's feedback.
async fn activities_and_feedback(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(ReferralActivities::Table)
            .id(ReferralActivities::Id)
            .col(big_integer(ReferralActivities::ReferralId))
            .col(date(ReferralActivities::OnDate))
            .col(string_len(ReferralActivities::Kind, 20))
            .col(big_integer_null(ReferralActivities::TargetId))
            .col(text(ReferralActivities::Note))
            .col(string(ReferralActivities::ActorLabel))
            .created_at(ReferralActivities::CreatedAt)
            .references(
                ReferralActivities::ReferralId,
                Referrals::Table,
                Referrals::Id,
            )
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(ReferralFeedback::Table)
            .id(ReferralFeedback::Id)
            .col(big_integer(ReferralFeedback::ReferralId))
            .col(string_len(ReferralFeedback::PartyKey, 40))
            .col(string(ReferralFeedback::AuthorLabel))
            .col(small_integer(ReferralFeedback::Rating))
            .col(text(ReferralFeedback::Comment))
            .created_at(ReferralFeedback::CreatedAt)
            .references(
                ReferralFeedback::ReferralId,
                Referrals::Table,
                Referrals::Id,
            )
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("referral_feedback_once")
            .table(ReferralFeedback::Table)
            .col(ReferralFeedback::ReferralId)
            .col(ReferralFeedback::PartyKey)
            .unique()
            .to_owned(),
    )
    .await
}

/// Each city's expected times, and the reminders sent when a step is overdue.
async fn deadlines_and_reminders(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(ReferralDeadlines::Table)
            .col(string_len(ReferralDeadlines::CityCode, 6))
            .col(string_len(ReferralDeadlines::State, 20))
            .col(integer(ReferralDeadlines::Days))
            .primary_key(
                Index::create()
                    .col(ReferralDeadlines::CityCode)
                    .col(ReferralDeadlines::State),
            )
            .references(ReferralDeadlines::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(ReferralReminders::Table)
            .col(big_integer(ReferralReminders::ReferralId))
            .col(big_integer(ReferralReminders::Version))
            .col(string_len(ReferralReminders::State, 20))
            .col(timestamp_with_time_zone(ReferralReminders::SentAt))
            .primary_key(
                Index::create()
                    .col(ReferralReminders::ReferralId)
                    .col(ReferralReminders::Version),
            )
            .references(
                ReferralReminders::ReferralId,
                Referrals::Table,
                Referrals::Id,
            )
            .to_owned(),
    )
    .await
}

/// In-app notifications.
async fn notifications(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Notifications::Table)
            .id(Notifications::Id)
            .col(big_integer(Notifications::UserId))
            .col(big_integer_null(Notifications::ReferralId))
            .col(text(Notifications::MessageJa))
            .col(text(Notifications::MessageEn))
            .col(string(Notifications::Link))
            .created_at(Notifications::CreatedAt)
            .col(timestamp_with_time_zone_null(Notifications::ReadAt))
            .references(Notifications::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "notifications_user",
        Notifications::Table,
        [Notifications::UserId, Notifications::Id],
    )
    .await
}
