//! Products (開発案件) with their timeline (stage moves, decisions), evaluations, local
//! adoptions and the support they received. A product carries its company's home city, so
//! that scoping needs no join.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, index, migration};

use super::m20261124_000001_catalog_and_menus::{Cities, Measures};
use super::m20261124_000003_users::Users;
use super::m20261124_000007_companies::Companies;

migration!(products, timeline, support_records);

#[derive(DeriveIden)]
pub enum Products {
    Table,
    Id,
    CompanyId,
    HomeCity,
    Name,
    Summary,
    Category,
    CompanyType,
    /// The stage's number, 1–8.
    Stage,
    /// `active` or `withdrawn`.
    Status,
    TargetUsers,
    RegulatoryClass,
    RegulatoryStatus,
    IpStatus,
    /// The coordinator (an account) the product is assigned to.
    CoordinatorId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum ProductEvents {
    Table,
    Id,
    ProductId,
    At,
    /// `created`, `stage`, `decision`, `coordinator`.
    Kind,
    FromStage,
    ToStage,
    /// For a stage move: `forward`, `skip` or `back`; for a decision: `continue`, `withdraw`.
    Detail,
    /// Why: the reason of a move, the reasons of a decision.
    Reason,
    ActorId,
    ActorLabel,
}

#[derive(DeriveIden)]
pub enum ProductEvaluations {
    Table,
    Id,
    ProductId,
    Kind,
    Title,
    CityCode,
    AwardedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum ProductAdoptions {
    Table,
    Id,
    ProductId,
    Adopter,
    AdopterKind,
    AdoptedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum SupportRecords {
    Table,
    Id,
    ProductId,
    MeasureCode,
    /// Whose measure: `own`, `partner-city`, `prefecture`, `state`.
    Provider,
    /// The city whose measure it was (own or partner city); null for the state's.
    ProviderCity,
    /// The menu entry it came from, when it came from a menu.
    MenuEntryId,
    SupportedOn,
    /// The stage the product was at.
    Stage,
    CoordinatorId,
    Outcome,
    Notes,
    ActorId,
    ActorLabel,
    CreatedAt,
}

/// The products.
async fn products(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Products::Table)
            .id(Products::Id)
            .col(big_integer(Products::CompanyId))
            .col(string_len(Products::HomeCity, 6))
            .col(string_len(Products::Name, 200))
            .col(text(Products::Summary))
            .col(string_len(Products::Category, 200))
            .col(string_len_null(Products::CompanyType, 40))
            .col(small_integer(Products::Stage))
            .col(string_len(Products::Status, 20))
            .col(string_len(Products::TargetUsers, 200))
            .col(string_len_null(Products::RegulatoryClass, 40))
            .col(string_len(Products::RegulatoryStatus, 200))
            .col(string_len_null(Products::IpStatus, 20))
            .col(big_integer_null(Products::CoordinatorId))
            .versioned(Products::Version, Products::CreatedAt, Products::UpdatedAt)
            .references(Products::CompanyId, Companies::Table, Companies::Id)
            .references(Products::HomeCity, Cities::Table, Cities::Code)
            .references(Products::CoordinatorId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    for (name, cols) in [
        ("products_company", vec![Products::CompanyId]),
        (
            "products_city_stage",
            vec![Products::HomeCity, Products::Stage],
        ),
        ("products_coordinator", vec![Products::CoordinatorId]),
    ] {
        index(m, name, Products::Table, cols).await?;
    }
    Ok(())
}

/// The timeline of a product, its evaluations and its local adoptions.
async fn timeline(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(ProductEvents::Table)
            .id(ProductEvents::Id)
            .col(big_integer(ProductEvents::ProductId))
            .col(timestamp_with_time_zone(ProductEvents::At))
            .col(string_len(ProductEvents::Kind, 20))
            .col(small_integer_null(ProductEvents::FromStage))
            .col(small_integer_null(ProductEvents::ToStage))
            .col(string_len(ProductEvents::Detail, 20))
            .col(text(ProductEvents::Reason))
            .actor(ProductEvents::ActorId, ProductEvents::ActorLabel)
            .references(ProductEvents::ProductId, Products::Table, Products::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "product_events_product",
        ProductEvents::Table,
        [ProductEvents::ProductId],
    )
    .await?;
    m.create_table(
        Table::create()
            .table(ProductEvaluations::Table)
            .id(ProductEvaluations::Id)
            .col(big_integer(ProductEvaluations::ProductId))
            .col(string_len(ProductEvaluations::Kind, 40))
            .col(string_len(ProductEvaluations::Title, 200))
            .col(string_len(ProductEvaluations::CityCode, 6))
            .col(date_null(ProductEvaluations::AwardedOn))
            .created_at(ProductEvaluations::CreatedAt)
            .references(ProductEvaluations::ProductId, Products::Table, Products::Id)
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(ProductAdoptions::Table)
            .id(ProductAdoptions::Id)
            .col(big_integer(ProductAdoptions::ProductId))
            .col(string_len(ProductAdoptions::Adopter, 200))
            .col(string_len(ProductAdoptions::AdopterKind, 40))
            .col(date_null(ProductAdoptions::AdoptedOn))
            .created_at(ProductAdoptions::CreatedAt)
            .references(ProductAdoptions::ProductId, Products::Table, Products::Id)
            .to_owned(),
    )
    .await
}

/// The support a product received.
async fn support_records(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(SupportRecords::Table)
            .id(SupportRecords::Id)
            .col(big_integer(SupportRecords::ProductId))
            .col(string_len(SupportRecords::MeasureCode, 80))
            .col(string_len(SupportRecords::Provider, 20))
            .col(string_len_null(SupportRecords::ProviderCity, 6))
            .col(big_integer_null(SupportRecords::MenuEntryId))
            .col(date_null(SupportRecords::SupportedOn))
            .col(small_integer(SupportRecords::Stage))
            .col(big_integer_null(SupportRecords::CoordinatorId))
            .col(text(SupportRecords::Outcome))
            .col(text(SupportRecords::Notes))
            .actor(SupportRecords::ActorId, SupportRecords::ActorLabel)
            .created_at(SupportRecords::CreatedAt)
            .references(SupportRecords::ProductId, Products::Table, Products::Id)
            .references(SupportRecords::MeasureCode, Measures::Table, Measures::Code)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "support_records_product",
        SupportRecords::Table,
        [SupportRecords::ProductId],
    )
    .await
}
