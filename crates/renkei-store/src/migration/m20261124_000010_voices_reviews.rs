//! Company voices (企業の声), each city's idea-review rubric, and the reviews of products.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, index, migration};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000008_products::Products;

migration!(company_voices, rubrics, idea_reviews);

#[derive(DeriveIden)]
pub enum CompanyVoices {
    Table,
    Id,
    CityCode,
    CompanyId,
    ProductId,
    Stage,
    Topic,
    Text,
    ActorId,
    ActorLabel,
    CreatedAt,
}

#[derive(DeriveIden)]
pub enum Rubrics {
    Table,
    CityCode,
    /// JSON: `[{"name": …, "weight": …}, …]`.
    Criteria,
    Scale,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum IdeaReviews {
    Table,
    Id,
    ProductId,
    ReviewerId,
    ReviewerLabel,
    /// The rubric as it was when the review was made (JSON), so later edits do not change it.
    Rubric,
    /// JSON: the score of each criterion, in order.
    Scores,
    /// Weighted, out of 100.
    Total,
    Comment,
    CreatedAt,
}

/// The company voices.
async fn company_voices(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(CompanyVoices::Table)
            .id(CompanyVoices::Id)
            .col(string_len(CompanyVoices::CityCode, 6))
            .col(big_integer_null(CompanyVoices::CompanyId))
            .col(big_integer_null(CompanyVoices::ProductId))
            .col(small_integer(CompanyVoices::Stage))
            .col(string_len(CompanyVoices::Topic, 20))
            .col(text(CompanyVoices::Text))
            .actor(CompanyVoices::ActorId, CompanyVoices::ActorLabel)
            .created_at(CompanyVoices::CreatedAt)
            .references(CompanyVoices::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "company_voices_city_stage",
        CompanyVoices::Table,
        [CompanyVoices::CityCode, CompanyVoices::Stage],
    )
    .await
}

/// Each city's idea-review rubric.
async fn rubrics(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Rubrics::Table)
            .col(string_len(Rubrics::CityCode, 6).primary_key())
            .col(text(Rubrics::Criteria))
            .col(integer(Rubrics::Scale))
            .col(big_integer(Rubrics::Version))
            .col(timestamp_with_time_zone(Rubrics::UpdatedAt))
            .references(Rubrics::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await
}

/// The reviews of products.
async fn idea_reviews(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(IdeaReviews::Table)
            .id(IdeaReviews::Id)
            .col(big_integer(IdeaReviews::ProductId))
            .col(big_integer_null(IdeaReviews::ReviewerId))
            .col(string(IdeaReviews::ReviewerLabel))
            .col(text(IdeaReviews::Rubric))
            .col(text(IdeaReviews::Scores))
            .col(double(IdeaReviews::Total))
            .col(text(IdeaReviews::Comment))
            .created_at(IdeaReviews::CreatedAt)
            .references(IdeaReviews::ProductId, Products::Table, Products::Id)
            .to_owned(),
    )
    .await
}
