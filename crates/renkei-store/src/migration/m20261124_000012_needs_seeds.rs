//! Needs (ニーズ: a hospital department's problem …) and seeds (シーズ: a company's
//! technology), recorded by coordinators and officers and matched across every city.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, index, migration};

use super::m20261124_000001_catalog_and_menus::Cities;

migration!(needs_seeds);

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

/// The needs and seeds.
async fn needs_seeds(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(NeedsSeeds::Table)
            .id(NeedsSeeds::Id)
            .col(string_len(NeedsSeeds::Kind, 10))
            .col(string_len(NeedsSeeds::CityCode, 6))
            .col(string_len(NeedsSeeds::Title, 200))
            .col(text(NeedsSeeds::Description))
            .col(text(NeedsSeeds::Fields))
            .col(string_len(NeedsSeeds::Source, 200))
            .col(big_integer_null(NeedsSeeds::CreatedById))
            .col(string(NeedsSeeds::CreatedByLabel))
            .versioned(
                NeedsSeeds::Version,
                NeedsSeeds::CreatedAt,
                NeedsSeeds::UpdatedAt,
            )
            .references(NeedsSeeds::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "needs_seeds_kind",
        NeedsSeeds::Table,
        [NeedsSeeds::Kind, NeedsSeeds::Id],
    )
    .await
}
