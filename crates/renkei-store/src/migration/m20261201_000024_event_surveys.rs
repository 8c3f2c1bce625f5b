//! The survey after an event: one row per attended registration, made when its mail is
//! claimed (so several nodes send it once) or when the attendee answers first; the answer
//! (satisfaction, what was useful, the company's stage now, the topic) and the company voice
//! it became, if it said something in words.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000010_voices_reviews::CompanyVoices;
use super::shared::{Columns, migration};

migration!(surveys);

#[derive(DeriveIden)]
enum EventRegistrations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum EventSurveys {
    Table,
    Id,
    /// The attended registration it is of (one survey each).
    RegistrationId,
    EventId,
    /// When its mail was claimed and queued (none: not mailed yet).
    MailedAt,
    /// When it was answered (none: not yet).
    AnsweredAt,
    /// 1–5.
    Satisfaction,
    /// What was useful, in the attendee's words.
    Useful,
    /// The company's stage (1–8) and the topic (a company voice's topic code).
    Stage,
    Topic,
    /// The company voice the answer became.
    VoiceId,
    CreatedAt,
}

async fn surveys(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventSurveys as S;
    m.create_table(
        Table::create()
            .table(S::Table)
            .id(S::Id)
            .col(big_integer(S::RegistrationId))
            .col(big_integer(S::EventId))
            .col(timestamp_with_time_zone_null(S::MailedAt))
            .col(timestamp_with_time_zone_null(S::AnsweredAt))
            .col(small_integer_null(S::Satisfaction))
            .col(text(S::Useful))
            .col(small_integer_null(S::Stage))
            .col(string_null(S::Topic))
            .col(big_integer_null(S::VoiceId))
            .created_at(S::CreatedAt)
            .references(
                S::RegistrationId,
                EventRegistrations::Table,
                EventRegistrations::Id,
            )
            .references(S::EventId, Events::Table, Events::Id)
            .references(S::VoiceId, CompanyVoices::Table, CompanyVoices::Id)
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("event_surveys_registration")
            .table(S::Table)
            .col(S::RegistrationId)
            .unique()
            .to_owned(),
    )
    .await
}
