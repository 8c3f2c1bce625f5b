//! Calls (公募), grown from their first small form: what each call gives, its phase and
//! version, its partner cities, the measure's menu entry, amounts, how many reviewers each
//! application gets and whether review is blind, who may apply and its own application form
//! (both as JSON, frozen once published), and its receipt counter; the phase history; the
//! applications with their answers, receipt numbers, returns, decisions and amounts; their
//! files, kept in the database so that every node serves them; and their history. A company
//! has at most one application in force (not withdrawn) per call.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000007_companies::{Calls, Companies};
use super::m20261124_000008_products::Products;
use super::shared::{Columns, index, migration};

migration!(
    call_columns,
    call_cities,
    call_events,
    call_applications,
    call_application_files,
    call_application_events,
    one_application
);

#[derive(DeriveIden)]
enum CallsMore {
    #[sea_orm(iden = "calls")]
    Table,
    Description,
    /// `subsidy`, `award`, `certification`, `wide_area_award`.
    Kind,
    /// `draft`, `open`, `screening`, `review`, `released`, `closed`.
    Phase,
    PhaseSince,
    MenuEntryId,
    BudgetYen,
    MaxAmountYen,
    ReviewersPerApplication,
    Blind,
    /// The rules of who may apply, as JSON.
    Eligibility,
    /// The application form's fields, as JSON.
    Form,
    /// The last receipt number's place.
    ReceiptCount,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CallCities {
    Table,
    CallId,
    CityCode,
    /// 0 for the lead city.
    Position,
}

#[derive(DeriveIden)]
enum CallEvents {
    Table,
    Id,
    CallId,
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
pub(super) enum CallApplications {
    Table,
    Id,
    CallId,
    CompanyId,
    ProductId,
    /// See `renkei_domain::call::application::State`.
    State,
    StateSince,
    /// The answers, as JSON (a field's key to its value).
    Answers,
    RequestedYen,
    ReceiptSeq,
    ReceiptNo,
    SubmittedAt,
    /// Who prepared it for the company (代理申請), if anyone.
    PreparedById,
    PreparedByLabel,
    CorrectionReason,
    CorrectionDue,
    /// `award`, `decline`, once decided.
    Verdict,
    DecisionReason,
    GrantedYen,
    /// The 実績報告, in the company's words.
    Report,
    FixedYen,
    RemindedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CallApplicationFiles {
    Table,
    Id,
    ApplicationId,
    FieldKey,
    FileName,
    ContentType,
    SizeBytes,
    Content,
    ActorLabel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CallApplicationEvents {
    Table,
    Id,
    ApplicationId,
    At,
    Party,
    Move,
    FromState,
    ToState,
    Note,
    ActorId,
    ActorLabel,
}

/// One column added to `calls` (SQLite adds one at a time).
async fn add(m: &SchemaManager<'_>, column: ColumnDef) -> Result<(), DbErr> {
    let mut column = column;
    m.alter_table(
        Table::alter()
            .table(CallsMore::Table)
            .add_column(&mut column)
            .to_owned(),
    )
    .await
}

async fn call_columns(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallsMore as C;
    add(m, text(C::Description).default("").to_owned()).await?;
    add(m, string_len(C::Kind, 32).default("subsidy").to_owned()).await?;
    add(m, string_len(C::Phase, 32).default("draft").to_owned()).await?;
    add(m, timestamp_with_time_zone_null(C::PhaseSince)).await?;
    add(m, big_integer_null(C::MenuEntryId)).await?;
    add(m, big_integer_null(C::BudgetYen)).await?;
    add(m, big_integer_null(C::MaxAmountYen)).await?;
    add(m, integer(C::ReviewersPerApplication).default(2).to_owned()).await?;
    add(m, boolean(C::Blind).default(false).to_owned()).await?;
    add(m, text(C::Eligibility).default("{}").to_owned()).await?;
    add(m, text(C::Form).default("[]").to_owned()).await?;
    add(m, big_integer(C::ReceiptCount).default(0).to_owned()).await?;
    add(m, big_integer(C::Version).default(1).to_owned()).await?;
    add(m, timestamp_with_time_zone_null(C::UpdatedAt)).await?;
    index(m, "calls_city_phase", C::Table, [Calls::CityCode]).await
}

async fn call_cities(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallCities as T;
    m.create_table(
        Table::create()
            .table(T::Table)
            .col(big_integer(T::CallId))
            .col(string_len(T::CityCode, 6))
            .col(integer(T::Position))
            .primary_key(Index::create().col(T::CallId).col(T::CityCode))
            .references(T::CallId, Calls::Table, Calls::Id)
            .references(T::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(m, "call_cities_city", T::Table, [T::CityCode]).await
}

async fn call_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(big_integer(E::CallId))
            .col(timestamp_with_time_zone(E::At))
            .col(string_len(E::Party, 32))
            .col(string_len(E::Move, 32))
            .col(string_len(E::FromState, 32))
            .col(string_len(E::ToState, 32))
            .col(text(E::Note))
            .actor(E::ActorId, E::ActorLabel)
            .references(E::CallId, Calls::Table, Calls::Id)
            .to_owned(),
    )
    .await?;
    index(m, "call_events_call", E::Table, [E::CallId]).await
}

async fn call_applications(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallApplications as A;
    m.create_table(
        Table::create()
            .table(A::Table)
            .id(A::Id)
            .col(big_integer(A::CallId))
            .col(big_integer(A::CompanyId))
            .col(big_integer_null(A::ProductId))
            .col(string_len(A::State, 32))
            .col(timestamp_with_time_zone(A::StateSince))
            .col(text(A::Answers))
            .col(big_integer_null(A::RequestedYen))
            .col(big_integer_null(A::ReceiptSeq))
            .col(string_len_null(A::ReceiptNo, 32))
            .col(timestamp_with_time_zone_null(A::SubmittedAt))
            .col(big_integer_null(A::PreparedById))
            .col(string(A::PreparedByLabel))
            .col(text_null(A::CorrectionReason))
            .col(date_null(A::CorrectionDue))
            .col(string_len_null(A::Verdict, 16))
            .col(text_null(A::DecisionReason))
            .col(big_integer_null(A::GrantedYen))
            .col(text_null(A::Report))
            .col(big_integer_null(A::FixedYen))
            .col(timestamp_with_time_zone_null(A::RemindedAt))
            .versioned(A::Version, A::CreatedAt, A::UpdatedAt)
            .references(A::CallId, Calls::Table, Calls::Id)
            .references(A::CompanyId, Companies::Table, Companies::Id)
            .references(A::ProductId, Products::Table, Products::Id)
            .to_owned(),
    )
    .await?;
    index(m, "call_applications_call", A::Table, [A::CallId, A::State]).await?;
    index(m, "call_applications_company", A::Table, [A::CompanyId]).await?;
    index(
        m,
        "call_applications_state",
        A::Table,
        [A::State, A::StateSince],
    )
    .await
}

async fn call_application_files(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallApplicationFiles as F;
    m.create_table(
        Table::create()
            .table(F::Table)
            .id(F::Id)
            .col(big_integer(F::ApplicationId))
            .col(string_len(F::FieldKey, 16))
            .col(string_len(F::FileName, 255))
            .col(string_len(F::ContentType, 100))
            .col(big_integer(F::SizeBytes))
            .col(blob(F::Content))
            .col(string(F::ActorLabel))
            .created_at(F::CreatedAt)
            .references(
                F::ApplicationId,
                CallApplications::Table,
                CallApplications::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "call_application_files_application",
        F::Table,
        [F::ApplicationId],
    )
    .await
}

async fn call_application_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CallApplicationEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(big_integer(E::ApplicationId))
            .col(timestamp_with_time_zone(E::At))
            .col(string_len(E::Party, 32))
            .col(string_len(E::Move, 32))
            .col(string_len(E::FromState, 32))
            .col(string_len(E::ToState, 32))
            .col(text(E::Note))
            .actor(E::ActorId, E::ActorLabel)
            .references(
                E::ApplicationId,
                CallApplications::Table,
                CallApplications::Id,
            )
            .to_owned(),
    )
    .await?;
    index(
        m,
        "call_application_events_application",
        E::Table,
        [E::ApplicationId],
    )
    .await
}

async fn one_application(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.get_connection()
        .execute_unprepared(
            "CREATE UNIQUE INDEX call_applications_in_force \
             ON call_applications (call_id, company_id) \
             WHERE state <> 'withdrawn'",
        )
        .await?;
    m.get_connection()
        .execute_unprepared(
            "CREATE UNIQUE INDEX call_applications_receipt \
             ON call_applications (call_id, receipt_seq)",
        )
        .await?;
    Ok(())
}
