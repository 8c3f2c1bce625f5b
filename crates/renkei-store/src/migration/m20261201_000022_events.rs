//! Events (seminars, maker tours, 商談会 …): the event with its organising cities and its
//! 参加枠 (quotas), the registrations with their history, and the lottery's draws as they
//! were made (the seed and the order), so that a draw can be run again and checked; and a
//! message's one attachment in the outbox (the confirmation's iCalendar file).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::{Cities, MenuEntries};
use super::m20261124_000006_mail_links_grants::Outbox;
use super::shared::{Columns, index, migration};

migration!(
    events,
    organisers,
    quotas,
    registrations,
    history,
    draws,
    attachments
);

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    /// The city that organises it (its staff edit it).
    CityCode,
    /// The support organisation running it for the city, if any.
    OrganizationId,
    /// The menu entry it delivers, and that entry's catalog measure.
    MenuEntryId,
    MeasureCode,
    Title,
    Description,
    /// `seminar`, `maker_tour`, `business_meeting`, `exchange`, `research_group`, `other`.
    Kind,
    Venue,
    OnlineUrl,
    StartsAt,
    EndsAt,
    RegistrationOpensAt,
    RegistrationClosesAt,
    /// Until when a registrant may cancel.
    CancelUntil,
    /// `organisers`, `designated`, `public`.
    Audience,
    /// `first_come`, `approval`, `lottery`.
    Allocation,
    /// The lottery's priority rule: `none`, `first_time`.
    Priority,
    /// How long a promoted person has to confirm, and how early the reminder goes.
    OfferHours,
    ReminderHours,
    /// `draft`, `published`, `cancelled`.
    Status,
    /// The event's own questions, as JSON (label, kind, choices, required).
    Questions,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventOrganisers {
    Table,
    EventId,
    CityCode,
}

#[derive(DeriveIden)]
enum EventQuotas {
    Table,
    Id,
    EventId,
    Position,
    Name,
    Capacity,
    /// How many registrations arrived in it: each takes the next number, under the row's
    /// lock, which is the order of the waiting list.
    Arrivals,
}

#[derive(DeriveIden)]
enum EventRegistrations {
    Table,
    Id,
    EventId,
    QuotaId,
    /// Its number in the order of arrival in its quota (or of the draw, once drawn).
    Arrival,
    State,
    StateSince,
    /// A company user's registration: the company and the account.
    CompanyId,
    UserId,
    Name,
    Email,
    /// The organisation a member of the public gave.
    Organization,
    /// The answers to the event's questions, as a JSON array of strings.
    Answers,
    /// Whether they came to none of the organiser's events before (the lottery's priority).
    FirstTime,
    /// SHA-256 of the registrant's link (to confirm, see, cancel), hex.
    TokenHash,
    /// SHA-256 of the check-in code on the confirmation (its QR code), hex.
    CheckInHash,
    /// Until when an offered place waits for the registrant's confirmation.
    OfferExpiresAt,
    /// When the reminder before the event was sent (once, whichever node claims it).
    RemindedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventRegistrationEvents {
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

#[derive(DeriveIden)]
enum EventDraws {
    Table,
    Id,
    EventId,
    /// The seed as a signed 64-bit number (the same bits as the unsigned seed).
    Seed,
    /// Every entrant's registration id in the draw's order, winners first, as JSON.
    DrawOrder,
    Winners,
    DrawnAt,
    ActorId,
    ActorLabel,
}

async fn events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Events as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(string_len(E::CityCode, 6))
            .col(big_integer_null(E::OrganizationId))
            .col(big_integer_null(E::MenuEntryId))
            .col(string_len_null(E::MeasureCode, 64))
            .col(string(E::Title))
            .col(text(E::Description))
            .col(string_len(E::Kind, 32))
            .col(string(E::Venue))
            .col(text_null(E::OnlineUrl))
            .col(timestamp_with_time_zone(E::StartsAt))
            .col(timestamp_with_time_zone(E::EndsAt))
            .col(timestamp_with_time_zone(E::RegistrationOpensAt))
            .col(timestamp_with_time_zone(E::RegistrationClosesAt))
            .col(timestamp_with_time_zone(E::CancelUntil))
            .col(string_len(E::Audience, 32))
            .col(string_len(E::Allocation, 32))
            .col(string_len(E::Priority, 32))
            .col(integer(E::OfferHours))
            .col(integer(E::ReminderHours))
            .col(string_len(E::Status, 32))
            .col(text(E::Questions))
            .versioned(E::Version, E::CreatedAt, E::UpdatedAt)
            .references(E::CityCode, Cities::Table, Cities::Code)
            .references(E::MenuEntryId, MenuEntries::Table, MenuEntries::Id)
            .to_owned(),
    )
    .await?;
    index(m, "events_city_start", E::Table, [E::CityCode, E::StartsAt]).await?;
    index(m, "events_status_start", E::Table, [E::Status, E::StartsAt]).await
}

async fn organisers(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventOrganisers as O;
    m.create_table(
        Table::create()
            .table(O::Table)
            .col(big_integer(O::EventId))
            .col(string_len(O::CityCode, 6))
            .primary_key(Index::create().col(O::EventId).col(O::CityCode))
            .references(O::EventId, Events::Table, Events::Id)
            .references(O::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "event_organisers_city",
        O::Table,
        [O::CityCode, O::EventId],
    )
    .await
}

async fn quotas(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventQuotas as Q;
    m.create_table(
        Table::create()
            .table(Q::Table)
            .id(Q::Id)
            .col(big_integer(Q::EventId))
            .col(integer(Q::Position))
            .col(string(Q::Name))
            .col(integer(Q::Capacity))
            .col(big_integer(Q::Arrivals))
            .references(Q::EventId, Events::Table, Events::Id)
            .to_owned(),
    )
    .await?;
    index(m, "event_quotas_event", Q::Table, [Q::EventId, Q::Position]).await
}

async fn registrations(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventRegistrations as R;
    m.create_table(
        Table::create()
            .table(R::Table)
            .id(R::Id)
            .col(big_integer(R::EventId))
            .col(big_integer(R::QuotaId))
            .col(big_integer(R::Arrival))
            .col(string_len(R::State, 32))
            .col(timestamp_with_time_zone(R::StateSince))
            .col(big_integer_null(R::CompanyId))
            .col(big_integer_null(R::UserId))
            .col(string(R::Name))
            .col(string(R::Email))
            .col(string(R::Organization))
            .col(text(R::Answers))
            .col(boolean(R::FirstTime))
            .col(string_len_uniq(R::TokenHash, 64))
            .col(string_len_uniq(R::CheckInHash, 64))
            .col(timestamp_with_time_zone_null(R::OfferExpiresAt))
            .col(timestamp_with_time_zone_null(R::RemindedAt))
            .versioned(R::Version, R::CreatedAt, R::UpdatedAt)
            .references(R::EventId, Events::Table, Events::Id)
            .references(R::QuotaId, EventQuotas::Table, EventQuotas::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "event_registrations_event",
        R::Table,
        [R::EventId, R::State],
    )
    .await?;
    index(
        m,
        "event_registrations_quota",
        R::Table,
        [R::QuotaId, R::State, R::Arrival],
    )
    .await?;
    index(m, "event_registrations_user", R::Table, [R::UserId]).await?;
    index(m, "event_registrations_email", R::Table, [R::Email]).await
}

async fn history(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventRegistrationEvents as H;
    m.create_table(
        Table::create()
            .table(H::Table)
            .id(H::Id)
            .col(big_integer(H::RegistrationId))
            .col(timestamp_with_time_zone(H::At))
            .col(string_len(H::Party, 32))
            .col(string_len(H::Move, 32))
            .col(string_len(H::FromState, 32))
            .col(string_len(H::ToState, 32))
            .col(text(H::Note))
            .actor(H::ActorId, H::ActorLabel)
            .references(
                H::RegistrationId,
                EventRegistrations::Table,
                EventRegistrations::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "event_registration_events_registration",
        H::Table,
        [H::RegistrationId],
    )
    .await
}

async fn draws(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventDraws as D;
    m.create_table(
        Table::create()
            .table(D::Table)
            .id(D::Id)
            .col(big_integer(D::EventId))
            .col(big_integer(D::Seed))
            .col(text(D::DrawOrder))
            .col(integer(D::Winners))
            .col(timestamp_with_time_zone(D::DrawnAt))
            .actor(D::ActorId, D::ActorLabel)
            .references(D::EventId, Events::Table, Events::Id)
            .to_owned(),
    )
    .await?;
    index(m, "event_draws_event", D::Table, [D::EventId]).await
}

#[derive(DeriveIden)]
#[allow(clippy::enum_variant_names)]
enum OutboxAttachment {
    /// The attachment's file name, media type and content (text: an iCalendar file).
    AttachmentName,
    AttachmentType,
    AttachmentBody,
}

async fn attachments(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use OutboxAttachment as A;
    // One column per statement: SQLite adds one column at a time.
    for col in [
        string_null(A::AttachmentName),
        string_null(A::AttachmentType),
        text_null(A::AttachmentBody),
    ] {
        m.alter_table(
            Table::alter()
                .table(Outbox::Table)
                .add_column(col)
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}
