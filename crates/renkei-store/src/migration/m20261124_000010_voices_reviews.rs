//! Company voices (企業の声), each city's idea-review rubric, and the reviews of products.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::m20261124_000008_products::Products;

#[derive(DeriveMigrationName)]
pub struct Migration;

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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CompanyVoices::Table)
                .col(big_pk_auto(CompanyVoices::Id))
                .col(string_len(CompanyVoices::CityCode, 6))
                .col(big_integer_null(CompanyVoices::CompanyId))
                .col(big_integer_null(CompanyVoices::ProductId))
                .col(small_integer(CompanyVoices::Stage))
                .col(string_len(CompanyVoices::Topic, 20))
                .col(text(CompanyVoices::Text))
                .col(big_integer_null(CompanyVoices::ActorId))
                .col(string(CompanyVoices::ActorLabel))
                .col(timestamp_with_time_zone(CompanyVoices::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CompanyVoices::Table, CompanyVoices::CityCode)
                        .to(Cities::Table, Cities::Code),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("company_voices_city_stage")
                .table(CompanyVoices::Table)
                .col(CompanyVoices::CityCode)
                .col(CompanyVoices::Stage)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Rubrics::Table)
                .col(string_len(Rubrics::CityCode, 6).primary_key())
                .col(text(Rubrics::Criteria))
                .col(integer(Rubrics::Scale))
                .col(big_integer(Rubrics::Version))
                .col(timestamp_with_time_zone(Rubrics::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Rubrics::Table, Rubrics::CityCode)
                        .to(Cities::Table, Cities::Code),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(IdeaReviews::Table)
                .col(big_pk_auto(IdeaReviews::Id))
                .col(big_integer(IdeaReviews::ProductId))
                .col(big_integer_null(IdeaReviews::ReviewerId))
                .col(string(IdeaReviews::ReviewerLabel))
                .col(text(IdeaReviews::Rubric))
                .col(text(IdeaReviews::Scores))
                .col(double(IdeaReviews::Total))
                .col(text(IdeaReviews::Comment))
                .col(timestamp_with_time_zone(IdeaReviews::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(IdeaReviews::Table, IdeaReviews::ProductId)
                        .to(Products::Table, Products::Id),
                )
                .to_owned(),
        )
        .await
    }
}
