//! The inter-city referral (第3章): the referrals and their history, the targets each was
//! introduced to and their answers, the company's sales activity, feedback, each city's
//! expected times and the reminders sent, in-app notifications; contacts and the source code
//! of the sales-channel targets.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;
use super::m20261124_000007_companies::SalesTargets;
use super::m20261124_000008_products::Products;

#[derive(DeriveMigrationName)]
pub struct Migration;

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

fn fk(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
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
        .await?;
        m.create_table(
            Table::create()
                .table(Referrals::Table)
                .col(big_pk_auto(Referrals::Id))
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
                .col(timestamp_with_time_zone(Referrals::CreatedAt))
                .col(timestamp_with_time_zone(Referrals::UpdatedAt))
                .foreign_key(&mut fk(
                    (Referrals::Table, Referrals::ProductId),
                    (Products::Table, Products::Id),
                ))
                .foreign_key(&mut fk(
                    (Referrals::Table, Referrals::SendingCity),
                    (Cities::Table, Cities::Code),
                ))
                .foreign_key(&mut fk(
                    (Referrals::Table, Referrals::ReceivingCity),
                    (Cities::Table, Cities::Code),
                ))
                .to_owned(),
        )
        .await?;
        for (name, column) in [
            ("referrals_sending", Referrals::SendingCity),
            ("referrals_receiving", Referrals::ReceivingCity),
            ("referrals_product", Referrals::ProductId),
            ("referrals_company", Referrals::CompanyId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Referrals::Table)
                    .col(column)
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(ReferralEvents::Table)
                .col(big_pk_auto(ReferralEvents::Id))
                .col(big_integer(ReferralEvents::ReferralId))
                .col(timestamp_with_time_zone(ReferralEvents::At))
                .col(string_len(ReferralEvents::Party, 20))
                .col(string_len(ReferralEvents::Move, 40))
                .col(string_len(ReferralEvents::FromState, 20))
                .col(string_len(ReferralEvents::ToState, 20))
                .col(text(ReferralEvents::Note))
                .col(big_integer_null(ReferralEvents::ActorId))
                .col(string(ReferralEvents::ActorLabel))
                .foreign_key(&mut fk(
                    (ReferralEvents::Table, ReferralEvents::ReferralId),
                    (Referrals::Table, Referrals::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("referral_events_referral")
                .table(ReferralEvents::Table)
                .col(ReferralEvents::ReferralId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReferralTargets::Table)
                .col(big_pk_auto(ReferralTargets::Id))
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
                .col(timestamp_with_time_zone(ReferralTargets::CreatedAt))
                .foreign_key(&mut fk(
                    (ReferralTargets::Table, ReferralTargets::ReferralId),
                    (Referrals::Table, Referrals::Id),
                ))
                .foreign_key(&mut fk(
                    (ReferralTargets::Table, ReferralTargets::TargetId),
                    (SalesTargets::Table, SalesTargets::Id),
                ))
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
        m.create_index(
            Index::create()
                .name("referral_targets_link")
                .table(ReferralTargets::Table)
                .col(ReferralTargets::LinkHash)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("referral_targets_target")
                .table(ReferralTargets::Table)
                .col(ReferralTargets::TargetId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReferralActivities::Table)
                .col(big_pk_auto(ReferralActivities::Id))
                .col(big_integer(ReferralActivities::ReferralId))
                .col(date(ReferralActivities::OnDate))
                .col(string_len(ReferralActivities::Kind, 20))
                .col(big_integer_null(ReferralActivities::TargetId))
                .col(text(ReferralActivities::Note))
                .col(string(ReferralActivities::ActorLabel))
                .col(timestamp_with_time_zone(ReferralActivities::CreatedAt))
                .foreign_key(&mut fk(
                    (ReferralActivities::Table, ReferralActivities::ReferralId),
                    (Referrals::Table, Referrals::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReferralFeedback::Table)
                .col(big_pk_auto(ReferralFeedback::Id))
                .col(big_integer(ReferralFeedback::ReferralId))
                .col(string_len(ReferralFeedback::PartyKey, 40))
                .col(string(ReferralFeedback::AuthorLabel))
                .col(small_integer(ReferralFeedback::Rating))
                .col(text(ReferralFeedback::Comment))
                .col(timestamp_with_time_zone(ReferralFeedback::CreatedAt))
                .foreign_key(&mut fk(
                    (ReferralFeedback::Table, ReferralFeedback::ReferralId),
                    (Referrals::Table, Referrals::Id),
                ))
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
        .await?;
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
                .foreign_key(&mut fk(
                    (ReferralDeadlines::Table, ReferralDeadlines::CityCode),
                    (Cities::Table, Cities::Code),
                ))
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
                .foreign_key(&mut fk(
                    (ReferralReminders::Table, ReferralReminders::ReferralId),
                    (Referrals::Table, Referrals::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(big_pk_auto(Notifications::Id))
                .col(big_integer(Notifications::UserId))
                .col(big_integer_null(Notifications::ReferralId))
                .col(text(Notifications::MessageJa))
                .col(text(Notifications::MessageEn))
                .col(string(Notifications::Link))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .foreign_key(&mut fk(
                    (Notifications::Table, Notifications::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("notifications_user")
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col(Notifications::Id)
                .to_owned(),
        )
        .await
    }
}
