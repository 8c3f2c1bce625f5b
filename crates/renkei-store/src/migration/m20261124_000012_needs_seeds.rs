//! Needs (ニーズ: a hospital department's problem …) and seeds (シーズ: a company's
//! technology), recorded by coordinators and officers and matched across every city.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NeedsSeeds {
    Table,
    Id,
    /// `need` or `seed`.
    Kind,
    CityCode,
    Title,
    Description,
    /// Fields, departments or technologies, one per line.
    Fields,
    /// Who it comes from (a department, a company), as typed.
    Source,
    CreatedById,
    CreatedByLabel,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(NeedsSeeds::Table)
                .col(big_pk_auto(NeedsSeeds::Id))
                .col(string_len(NeedsSeeds::Kind, 10))
                .col(string_len(NeedsSeeds::CityCode, 6))
                .col(string_len(NeedsSeeds::Title, 200))
                .col(text(NeedsSeeds::Description))
                .col(text(NeedsSeeds::Fields))
                .col(string_len(NeedsSeeds::Source, 200))
                .col(big_integer_null(NeedsSeeds::CreatedById))
                .col(string(NeedsSeeds::CreatedByLabel))
                .col(big_integer(NeedsSeeds::Version))
                .col(timestamp_with_time_zone(NeedsSeeds::CreatedAt))
                .col(timestamp_with_time_zone(NeedsSeeds::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(NeedsSeeds::Table, NeedsSeeds::CityCode)
                        .to(Cities::Table, Cities::Code),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("needs_seeds_kind")
                .table(NeedsSeeds::Table)
                .col(NeedsSeeds::Kind)
                .col(NeedsSeeds::Id)
                .to_owned(),
        )
        .await
    }
}
