//! The 商談会's matchmaking: the organiser's set-up of an event (slots, their length, the
//! first slot's start, tables, how requests are agreed, whether the agenda is final), its
//! participants (buyers and sellers with their profiles and free slots), the meeting
//! requests between them with their history, the meetings the scheduler (or the organiser,
//! by hand) placed, and each meeting's outcomes as they were given.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000007_companies::{Companies, SalesTargets};
use super::shared::{Columns, index, migration};

migration!(setups, participants, requests, history, meetings, outcomes);

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum EventMeetingSetups {
    Table,
    /// One set-up per event.
    EventId,
    Slots,
    SlotMinutes,
    FirstSlotAt,
    Tables,
    /// `opt_in`, `arranged`.
    Mode,
    /// After how many months the outcome is asked again.
    FollowUpMonths,
    /// Whether the agenda is final (otherwise preliminary).
    FinalAgenda,
    /// When the scheduler last ran.
    ScheduledAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventMeetingParticipants {
    Table,
    Id,
    EventId,
    /// `buyer`, `seller`.
    Side,
    /// The company taking part, or the sales-channel target (a hospital …) entered by the
    /// organiser.
    CompanyId,
    SalesTargetId,
    /// The company's registration for the event, when it registered.
    RegistrationId,
    /// The name shown (the company's or the target's, at the time).
    Name,
    /// What they look for (a buyer) or offer (a seller).
    Profile,
    MaxMeetings,
    /// One boolean per slot, as JSON.
    Available,
    /// The seller's products presented, as a JSON array of ids.
    Products,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventMeetingRequests {
    Table,
    Id,
    EventId,
    BuyerId,
    SellerId,
    /// `buyer`, `seller`, `organiser`: who asked.
    RequestedBy,
    /// 1 (low) to 3 (high).
    Priority,
    State,
    StateSince,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventMeetingRequestEvents {
    Table,
    Id,
    RequestId,
    At,
    Party,
    Move,
    FromState,
    ToState,
    ActorId,
    ActorLabel,
}

#[derive(DeriveIden)]
enum EventMeetings {
    Table,
    Id,
    EventId,
    /// One meeting per request.
    RequestId,
    Slot,
    TableNo,
    /// Placed by the organiser's hand: the scheduler keeps it.
    Locked,
    /// When its parties were asked its outcome right after it, and again months later
    /// (each claimed once, whichever node gets there).
    AskedAt,
    FollowedUpAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EventMeetingOutcomes {
    Table,
    Id,
    RequestId,
    /// `right_after`, `later`.
    Asked,
    /// `no_contact`, `discussion`, `trial`, `deal`.
    Outcome,
    /// `buyer`, `seller`, `organiser`.
    GivenBy,
    Note,
    At,
    ActorId,
    ActorLabel,
}

async fn setups(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventMeetingSetups as S;
    m.create_table(
        Table::create()
            .table(S::Table)
            .col(big_integer(S::EventId).primary_key())
            .col(integer(S::Slots))
            .col(integer(S::SlotMinutes))
            .col(timestamp_with_time_zone(S::FirstSlotAt))
            .col(integer(S::Tables))
            .col(string_len(S::Mode, 32))
            .col(integer(S::FollowUpMonths))
            .col(boolean(S::FinalAgenda))
            .col(timestamp_with_time_zone_null(S::ScheduledAt))
            .versioned(S::Version, S::CreatedAt, S::UpdatedAt)
            .references(S::EventId, Events::Table, Events::Id)
            .to_owned(),
    )
    .await
}

async fn participants(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventMeetingParticipants as P;
    m.create_table(
        Table::create()
            .table(P::Table)
            .id(P::Id)
            .col(big_integer(P::EventId))
            .col(string_len(P::Side, 16))
            .col(big_integer_null(P::CompanyId))
            .col(big_integer_null(P::SalesTargetId))
            .col(big_integer_null(P::RegistrationId))
            .col(string(P::Name))
            .col(text(P::Profile))
            .col(integer(P::MaxMeetings))
            .col(text(P::Available))
            .col(text(P::Products))
            .versioned(P::Version, P::CreatedAt, P::UpdatedAt)
            .references(P::EventId, Events::Table, Events::Id)
            .references(P::CompanyId, Companies::Table, Companies::Id)
            .references(P::SalesTargetId, SalesTargets::Table, SalesTargets::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "event_meeting_participants_event",
        P::Table,
        [P::EventId, P::Side],
    )
    .await?;
    index(
        m,
        "event_meeting_participants_company",
        P::Table,
        [P::CompanyId],
    )
    .await
}

async fn requests(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventMeetingParticipants as P;
    use EventMeetingRequests as R;
    m.create_table(
        Table::create()
            .table(R::Table)
            .id(R::Id)
            .col(big_integer(R::EventId))
            .col(big_integer(R::BuyerId))
            .col(big_integer(R::SellerId))
            .col(string_len(R::RequestedBy, 16))
            .col(integer(R::Priority))
            .col(string_len(R::State, 32))
            .col(timestamp_with_time_zone(R::StateSince))
            .versioned(R::Version, R::CreatedAt, R::UpdatedAt)
            .references(R::EventId, Events::Table, Events::Id)
            .references(R::BuyerId, P::Table, P::Id)
            .references(R::SellerId, P::Table, P::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "event_meeting_requests_event",
        R::Table,
        [R::EventId, R::State],
    )
    .await
}

async fn history(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventMeetingRequestEvents as H;
    m.create_table(
        Table::create()
            .table(H::Table)
            .id(H::Id)
            .col(big_integer(H::RequestId))
            .col(timestamp_with_time_zone(H::At))
            .col(string_len(H::Party, 32))
            .col(string_len(H::Move, 32))
            .col(string_len(H::FromState, 32))
            .col(string_len(H::ToState, 32))
            .actor(H::ActorId, H::ActorLabel)
            .references(
                H::RequestId,
                EventMeetingRequests::Table,
                EventMeetingRequests::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "event_meeting_request_events_request",
        H::Table,
        [H::RequestId],
    )
    .await
}

async fn meetings(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventMeetings as M;
    m.create_table(
        Table::create()
            .table(M::Table)
            .id(M::Id)
            .col(big_integer(M::EventId))
            .col(big_integer_uniq(M::RequestId))
            .col(integer(M::Slot))
            .col(integer(M::TableNo))
            .col(boolean(M::Locked))
            .col(timestamp_with_time_zone_null(M::AskedAt))
            .col(timestamp_with_time_zone_null(M::FollowedUpAt))
            .created_at(M::CreatedAt)
            .references(M::EventId, Events::Table, Events::Id)
            .references(
                M::RequestId,
                EventMeetingRequests::Table,
                EventMeetingRequests::Id,
            )
            .to_owned(),
    )
    .await?;
    index(m, "event_meetings_event", M::Table, [M::EventId, M::Slot]).await
}

async fn outcomes(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use EventMeetingOutcomes as O;
    m.create_table(
        Table::create()
            .table(O::Table)
            .id(O::Id)
            .col(big_integer(O::RequestId))
            .col(string_len(O::Asked, 16))
            .col(string_len(O::Outcome, 16))
            .col(string_len(O::GivenBy, 16))
            .col(text(O::Note))
            .col(timestamp_with_time_zone(O::At))
            .actor(O::ActorId, O::ActorLabel)
            .references(
                O::RequestId,
                EventMeetingRequests::Table,
                EventMeetingRequests::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "event_meeting_outcomes_request",
        O::Table,
        [O::RequestId],
    )
    .await
}
