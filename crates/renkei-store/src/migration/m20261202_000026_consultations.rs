//! Consultation cases (相談案件) at a city's desk: the case (about a company and perhaps one
//! of its products, its kind, who works it, its service level's first answer), its history
//! (who moved it from which state to which, when, with what words), and its notes and next
//! actions (a note with a due date, ticked when done).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;
use super::m20261124_000007_companies::Companies;
use super::m20261124_000008_products::Products;
use super::shared::{Columns, index, migration};

migration!(consultations, consultation_events, consultation_notes);

#[derive(DeriveIden)]
enum Consultations {
    Table,
    Id,
    /// The desk's city.
    CityCode,
    CompanyId,
    ProductId,
    /// `regulatory`, `ip`, `development`, `sales`, `funding`, `other`.
    Kind,
    Subject,
    Detail,
    /// `new`, `in_progress`, `waiting_on_company`, `closed`, `withdrawn`.
    State,
    StateSince,
    /// `company` (asked from its page) or `desk` (opened by the city's staff).
    OpenedBy,
    /// The account working the case (staff or a coordinator of the city), once handed over.
    HandlerId,
    HandlerLabel,
    /// The day (JST) the first answer is due, three open days after the case was opened.
    FirstAnswerDue,
    /// When the case was first taken in: its first answer.
    FirstAnsweredAt,
    /// The closing summary.
    Summary,
    /// The support record the closed case became, on its product.
    SupportRecordId,
    /// When the party the current step waits on was reminded (cleared by every move).
    RemindedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SupportRecords {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ConsultationEvents {
    Table,
    Id,
    ConsultationId,
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
enum ConsultationNotes {
    Table,
    Id,
    ConsultationId,
    Body,
    /// A next action's due day; none for a plain note.
    DueOn,
    DoneAt,
    DoneBy,
    ActorId,
    ActorLabel,
    CreatedAt,
}

async fn consultations(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Consultations as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .id(C::Id)
            .col(string_len(C::CityCode, 6))
            .col(big_integer(C::CompanyId))
            .col(big_integer_null(C::ProductId))
            .col(string_len(C::Kind, 32))
            .col(string(C::Subject))
            .col(text(C::Detail))
            .col(string_len(C::State, 32))
            .col(timestamp_with_time_zone(C::StateSince))
            .col(string_len(C::OpenedBy, 32))
            .col(big_integer_null(C::HandlerId))
            .col(string(C::HandlerLabel))
            .col(date(C::FirstAnswerDue))
            .col(timestamp_with_time_zone_null(C::FirstAnsweredAt))
            .col(text_null(C::Summary))
            .col(big_integer_null(C::SupportRecordId))
            .col(timestamp_with_time_zone_null(C::RemindedAt))
            .versioned(C::Version, C::CreatedAt, C::UpdatedAt)
            .references(C::CityCode, Cities::Table, Cities::Code)
            .references(C::CompanyId, Companies::Table, Companies::Id)
            .references(C::ProductId, Products::Table, Products::Id)
            .references(C::HandlerId, Users::Table, Users::Id)
            .references(
                C::SupportRecordId,
                SupportRecords::Table,
                SupportRecords::Id,
            )
            .to_owned(),
    )
    .await?;
    index(m, "consultations_city", C::Table, [C::CityCode, C::State]).await?;
    index(m, "consultations_company", C::Table, [C::CompanyId]).await
}

async fn consultation_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ConsultationEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(big_integer(E::ConsultationId))
            .col(timestamp_with_time_zone(E::At))
            .col(string_len(E::Party, 32))
            .col(string_len(E::Move, 32))
            .col(string_len(E::FromState, 32))
            .col(string_len(E::ToState, 32))
            .col(text(E::Note))
            .actor(E::ActorId, E::ActorLabel)
            .references(E::ConsultationId, Consultations::Table, Consultations::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "consultation_events_consultation",
        E::Table,
        [E::ConsultationId],
    )
    .await
}

async fn consultation_notes(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ConsultationNotes as N;
    m.create_table(
        Table::create()
            .table(N::Table)
            .id(N::Id)
            .col(big_integer(N::ConsultationId))
            .col(text(N::Body))
            .col(date_null(N::DueOn))
            .col(timestamp_with_time_zone_null(N::DoneAt))
            .col(string_null(N::DoneBy))
            .actor(N::ActorId, N::ActorLabel)
            .created_at(N::CreatedAt)
            .references(N::ConsultationId, Consultations::Table, Consultations::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "consultation_notes_consultation",
        N::Table,
        [N::ConsultationId],
    )
    .await
}
