//! Coordinators' training (確保・育成): curricula (a city's, or the network's when the city is
//! null) with their modules as JSON (key, title, stage codes, half hours required) and a
//! version; the training events tied to a module (`training_courses`: the event, the module,
//! the half hours attendance counts); each coordinator's training records (from an event's
//! check-in — one per account and event — or an external course recorded by their city,
//! with its day, half hours, provider, module and stage codes); and certificates (修了証),
//! one per account and curriculum, with a number given once.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000003_users::Users;
use super::shared::{Columns, index, migration, unique};

migration!(curricula, courses, records, certificates);

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum TrainingCurricula {
    Table,
    Id,
    /// Null: the network's curriculum (kept by the administrators).
    CityCode,
    Title,
    Description,
    /// JSON: `[{"key":1,"title":…,"stages":["regulatory"],"half_hours":6}]`.
    Modules,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TrainingCourses {
    Table,
    EventId,
    CurriculumId,
    ModuleKey,
    HalfHours,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TrainingRecords {
    Table,
    Id,
    UserId,
    /// The coordinator's city the record counts for.
    CityCode,
    /// `event` (an attendance checked in) or `external`.
    Source,
    EventId,
    CurriculumId,
    ModuleKey,
    /// Stage codes, comma-separated.
    Stages,
    HeldOn,
    HalfHours,
    Provider,
    Title,
    ActorId,
    ActorLabel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TrainingCertificates {
    Table,
    Id,
    UserId,
    CurriculumId,
    CityCode,
    /// `2026-00012`: the fiscal year of issue and the id.
    Number,
    /// The curriculum's title when it was issued.
    Title,
    HalfHours,
    IssuedOn,
    CreatedAt,
}

async fn curricula(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use TrainingCurricula as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .id(C::Id)
            .col(string_len_null(C::CityCode, 6))
            .col(string(C::Title))
            .col(text(C::Description))
            .col(text(C::Modules))
            .versioned(C::Version, C::CreatedAt, C::UpdatedAt)
            .references(C::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(m, "training_curricula_city", C::Table, [C::CityCode]).await
}

async fn courses(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use TrainingCourses as T;
    m.create_table(
        Table::create()
            .table(T::Table)
            .col(big_integer(T::EventId).primary_key())
            .col(big_integer(T::CurriculumId))
            .col(integer(T::ModuleKey))
            .col(integer(T::HalfHours))
            .created_at(T::CreatedAt)
            .references(T::EventId, Events::Table, Events::Id)
            .references(
                T::CurriculumId,
                TrainingCurricula::Table,
                TrainingCurricula::Id,
            )
            .to_owned(),
    )
    .await
}

async fn records(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use TrainingRecords as R;
    m.create_table(
        Table::create()
            .table(R::Table)
            .id(R::Id)
            .col(big_integer(R::UserId))
            .col(string_len(R::CityCode, 6))
            .col(string_len(R::Source, 16))
            .col(big_integer_null(R::EventId))
            .col(big_integer_null(R::CurriculumId))
            .col(integer_null(R::ModuleKey))
            .col(text(R::Stages))
            .col(date(R::HeldOn))
            .col(integer(R::HalfHours))
            .col(string(R::Provider))
            .col(string(R::Title))
            .actor(R::ActorId, R::ActorLabel)
            .created_at(R::CreatedAt)
            .references(R::UserId, Users::Table, Users::Id)
            .references(R::CityCode, Cities::Table, Cities::Code)
            .references(R::EventId, Events::Table, Events::Id)
            .references(
                R::CurriculumId,
                TrainingCurricula::Table,
                TrainingCurricula::Id,
            )
            .to_owned(),
    )
    .await?;
    unique(
        m,
        "training_records_attended",
        R::Table,
        [R::UserId, R::EventId],
    )
    .await?;
    index(
        m,
        "training_records_city",
        R::Table,
        [R::CityCode, R::HeldOn],
    )
    .await
}

async fn certificates(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use TrainingCertificates as T;
    m.create_table(
        Table::create()
            .table(T::Table)
            .id(T::Id)
            .col(big_integer(T::UserId))
            .col(big_integer(T::CurriculumId))
            .col(string_len(T::CityCode, 6))
            .col(string(T::Number))
            .col(string(T::Title))
            .col(integer(T::HalfHours))
            .col(date(T::IssuedOn))
            .created_at(T::CreatedAt)
            .references(T::UserId, Users::Table, Users::Id)
            .references(
                T::CurriculumId,
                TrainingCurricula::Table,
                TrainingCurricula::Id,
            )
            .references(T::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    unique(
        m,
        "training_certificates_once",
        T::Table,
        [T::UserId, T::CurriculumId],
    )
    .await?;
    unique(m, "training_certificates_number", T::Table, [T::Number]).await
}
