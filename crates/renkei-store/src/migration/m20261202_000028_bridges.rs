//! The bridge to the state (橋渡し支援): the national bodies a consultation case can be
//! handed to, as the platform administrator configures them (seeded with PMDA and AMED), and
//! each bridge request (a case handed to one body for one of its consultation types: the
//! form's fields and answers, the company's consent, the days sent and replied, the
//! outcome) with its history.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000007_companies::Companies;
use super::m20261124_000008_products::Products;
use super::shared::{Columns, index, migration};

migration!(national_bodies, seed_bodies, bridges, bridge_events);

#[derive(DeriveIden)]
enum NationalBodies {
    Table,
    Id,
    /// A stable code (`pmda`, `amed`).
    Code,
    NameJa,
    NameEn,
    /// JSON: `[[code, name], …]`, the consultation types it offers.
    Types,
    /// The usual first reply time, in open days (開庁日).
    ReplyDays,
    /// JSON: `[label, …]`, the fields its application form asks for.
    Fields,
    Active,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Consultations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SupportRecords {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Bridges {
    Table,
    Id,
    ConsultationId,
    /// The case's city (the desk's).
    CityCode,
    CompanyId,
    ProductId,
    /// The product's stage (its code) when the bridge was opened, for the counts.
    ProductStage,
    BodyId,
    /// The body's code and name and the type's code and name when it was opened.
    BodyCode,
    BodyName,
    TypeCode,
    TypeName,
    ReplyDays,
    /// JSON: `[[label, answer], …]`, the form's fields with their answers.
    Answers,
    /// `preparing`, `awaiting_consent`, `consented`, `sent`, `replied`, `closed`,
    /// `declined`, `cancelled`.
    State,
    StateSince,
    /// JSON: `[label, …]`, what the company agreed may be shared; none before its consent.
    Shared,
    /// Whether the consultation record may be shared with AMED.
    ShareWithAmed,
    ConsentedAt,
    SentOn,
    ReplyDue,
    RepliedOn,
    Reply,
    /// `held`, `policy-decided`, `out-of-scope`, `other`.
    Outcome,
    OutcomeText,
    SupportRecordId,
    RemindedAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BridgeEvents {
    Table,
    Id,
    BridgeId,
    At,
    Party,
    Move,
    FromState,
    ToState,
    Note,
    ActorId,
    ActorLabel,
}

async fn national_bodies(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use NationalBodies as N;
    m.create_table(
        Table::create()
            .table(N::Table)
            .id(N::Id)
            .col(string_len_uniq(N::Code, 32))
            .col(string(N::NameJa))
            .col(string(N::NameEn))
            .col(text(N::Types))
            .col(integer(N::ReplyDays))
            .col(text(N::Fields))
            .col(boolean(N::Active))
            .versioned(N::Version, N::CreatedAt, N::UpdatedAt)
            .to_owned(),
    )
    .await
}

/// PMDA and AMED, as the report and their sites describe them.
async fn seed_bodies(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use NationalBodies as N;
    let pmda_fields = [
        "相談者（企業名・担当者）",
        "製品の名称と概要",
        "開発段階",
        "相談区分",
        "相談したい事項",
        "希望する相談日",
    ];
    let amed_fields = [
        "相談者（企業名・担当者）",
        "製品の名称と概要",
        "開発段階",
        "相談区分",
        "相談したい事項",
        "これまでの支援機関への相談状況",
    ];
    let bodies = [
        (
            "pmda",
            "独立行政法人 医薬品医療機器総合機構（PMDA）",
            "Pharmaceuticals and Medical Devices Agency (PMDA)",
            serde_json::json!([
                ["rs-general", "RS総合相談"],
                ["rs-strategy-pre", "RS戦略相談 事前面談"]
            ]),
            3,
            serde_json::json!(pmda_fields),
        ),
        (
            "amed",
            "国立研究開発法人 日本医療研究開発機構（AMED）",
            "Japan Agency for Medical Research and Development (AMED)",
            serde_json::json!([["accompany", "医療機器開発の伴走支援相談"]]),
            10,
            serde_json::json!(amed_fields),
        ),
    ];
    let now = chrono::Utc::now();
    for (code, ja, en, types, days, fields) in bodies {
        let insert = Query::insert()
            .into_table(N::Table)
            .columns([
                N::Code,
                N::NameJa,
                N::NameEn,
                N::Types,
                N::ReplyDays,
                N::Fields,
                N::Active,
                N::Version,
                N::CreatedAt,
                N::UpdatedAt,
            ])
            .values_panic([
                code.into(),
                ja.into(),
                en.into(),
                types.to_string().into(),
                days.into(),
                fields.to_string().into(),
                true.into(),
                1i64.into(),
                now.into(),
                now.into(),
            ])
            .to_owned();
        m.exec_stmt(insert).await?;
    }
    Ok(())
}

async fn bridges(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use Bridges as B;
    m.create_table(
        Table::create()
            .table(B::Table)
            .id(B::Id)
            .col(big_integer(B::ConsultationId))
            .col(string_len(B::CityCode, 6))
            .col(big_integer(B::CompanyId))
            .col(big_integer_null(B::ProductId))
            .col(string_len_null(B::ProductStage, 32))
            .col(big_integer(B::BodyId))
            .col(string_len(B::BodyCode, 32))
            .col(string(B::BodyName))
            .col(string_len(B::TypeCode, 32))
            .col(string(B::TypeName))
            .col(integer(B::ReplyDays))
            .col(text(B::Answers))
            .col(string_len(B::State, 32))
            .col(timestamp_with_time_zone(B::StateSince))
            .col(text_null(B::Shared))
            .col(boolean(B::ShareWithAmed))
            .col(timestamp_with_time_zone_null(B::ConsentedAt))
            .col(date_null(B::SentOn))
            .col(date_null(B::ReplyDue))
            .col(date_null(B::RepliedOn))
            .col(text_null(B::Reply))
            .col(string_len_null(B::Outcome, 32))
            .col(text_null(B::OutcomeText))
            .col(big_integer_null(B::SupportRecordId))
            .col(timestamp_with_time_zone_null(B::RemindedAt))
            .versioned(B::Version, B::CreatedAt, B::UpdatedAt)
            .references(B::ConsultationId, Consultations::Table, Consultations::Id)
            .references(B::CityCode, Cities::Table, Cities::Code)
            .references(B::CompanyId, Companies::Table, Companies::Id)
            .references(B::ProductId, Products::Table, Products::Id)
            .references(B::BodyId, NationalBodies::Table, NationalBodies::Id)
            .references(
                B::SupportRecordId,
                SupportRecords::Table,
                SupportRecords::Id,
            )
            .to_owned(),
    )
    .await?;
    index(m, "bridges_consultation", B::Table, [B::ConsultationId]).await?;
    index(m, "bridges_state", B::Table, [B::State, B::StateSince]).await
}

async fn bridge_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use BridgeEvents as E;
    m.create_table(
        Table::create()
            .table(E::Table)
            .id(E::Id)
            .col(big_integer(E::BridgeId))
            .col(timestamp_with_time_zone(E::At))
            .col(string_len(E::Party, 32))
            .col(string_len(E::Move, 32))
            .col(string_len(E::FromState, 32))
            .col(string_len(E::ToState, 32))
            .col(text(E::Note))
            .actor(E::ActorId, E::ActorLabel)
            .references(E::BridgeId, Bridges::Table, Bridges::Id)
            .to_owned(),
    )
    .await?;
    index(m, "bridge_events_bridge", E::Table, [E::BridgeId]).await
}
