//! A company's CSR challenge certification: the city and company, the checklist version it
//! answers (answers stay tied to it), the certification it renews, the answers as JSON (by
//! item key: answer and note), the workflow's state and since when, the interview's record,
//! the committee's reasons, the return's and the end's reasons, the number, the day
//! certified and the term's last day, when it was published, its two renewal reminders
//! (90 days before the term's end, the early one, and 30, the late one; each claimed once); and each one's history.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000007_companies::Companies;
use super::m20261203_000044_csr_checklists::CsrChecklists;
use super::shared::{Columns, index, migration};

migration!(certifications, certification_events);

#[derive(DeriveIden)]
pub(super) enum CsrCertifications {
    Table,
    Id,
    CityCode,
    CompanyId,
    ChecklistId,
    /// The certification this one renews.
    PreviousId,
    /// The answers, as JSON.
    Answers,
    State,
    StateSince,
    InterviewOn,
    InterviewAttendees,
    InterviewNotes,
    DecisionReason,
    ReturnReason,
    /// Why it lapsed or was withdrawn.
    EndReason,
    Number,
    CertifiedOn,
    TermEndsOn,
    PublishedAt,
    RemindedEarlyAt,
    RemindedLateAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CsrCertificationEvents {
    Table,
    Id,
    CertificationId,
    At,
    Party,
    Move,
    FromState,
    ToState,
    Note,
    ActorId,
    ActorLabel,
}

async fn certifications(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CsrCertifications as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .id(C::Id)
            .col(string_len(C::CityCode, 6))
            .col(big_integer(C::CompanyId))
            .col(big_integer(C::ChecklistId))
            .col(big_integer_null(C::PreviousId))
            .col(text(C::Answers))
            .col(string_len(C::State, 32))
            .col(timestamp_with_time_zone(C::StateSince))
            .col(date_null(C::InterviewOn))
            .col(text(C::InterviewAttendees))
            .col(text(C::InterviewNotes))
            .col(text(C::DecisionReason))
            .col(text(C::ReturnReason))
            .col(text(C::EndReason))
            .col(string_null(C::Number))
            .col(date_null(C::CertifiedOn))
            .col(date_null(C::TermEndsOn))
            .col(timestamp_with_time_zone_null(C::PublishedAt))
            .col(timestamp_with_time_zone_null(C::RemindedEarlyAt))
            .col(timestamp_with_time_zone_null(C::RemindedLateAt))
            .versioned(C::Version, C::CreatedAt, C::UpdatedAt)
            .references(C::CityCode, Cities::Table, Cities::Code)
            .references(C::CompanyId, Companies::Table, Companies::Id)
            .references(C::ChecklistId, CsrChecklists::Table, CsrChecklists::Id)
            .references(C::PreviousId, C::Table, C::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "csr_certifications_city",
        C::Table,
        [C::CityCode, C::State],
    )
    .await?;
    index(m, "csr_certifications_company", C::Table, [C::CompanyId]).await?;
    index(
        m,
        "csr_certifications_term",
        C::Table,
        [C::State, C::TermEndsOn],
    )
    .await
}

async fn certification_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CsrCertificationEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(big_integer(E::CertificationId))
            .col(timestamp_with_time_zone(E::At))
            .col(string_len(E::Party, 32))
            .col(string_len(E::Move, 32))
            .col(string_len(E::FromState, 32))
            .col(string_len(E::ToState, 32))
            .col(text(E::Note))
            .actor(E::ActorId, E::ActorLabel)
            .references(
                E::CertificationId,
                CsrCertifications::Table,
                CsrCertifications::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "csr_certification_events_certification",
        E::Table,
        [E::CertificationId],
    )
    .await
}
