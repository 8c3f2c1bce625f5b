//! The CSR challenge certification's checklists (CSRチェックリスト): each city's versions, one
//! row each (its number counting from 1 within the city, never changed once written): the
//! categories and items as JSON (name, kind, key, text, required, evidence, example), the
//! thresholds as JSON (every 守る item, the 伸ばす items needed, the fiscal years a term
//! runs), its title and who wrote it.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000001_catalog_and_menus::Cities;
use super::shared::{Columns, migration, unique};

migration!(checklists);

#[derive(DeriveIden)]
pub(super) enum CsrChecklists {
    Table,
    Id,
    CityCode,
    /// The version's number within the city (1, 2, …).
    VersionNo,
    Title,
    /// The categories and items, as JSON.
    Content,
    /// The thresholds, as JSON.
    Thresholds,
    ActorId,
    ActorLabel,
    CreatedAt,
}

async fn checklists(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CsrChecklists as C;
    m.create_table(
        Table::create()
            .table(C::Table)
            .id(C::Id)
            .col(string_len(C::CityCode, 6))
            .col(integer(C::VersionNo))
            .col(string(C::Title))
            .col(text(C::Content))
            .col(text(C::Thresholds))
            .actor(C::ActorId, C::ActorLabel)
            .created_at(C::CreatedAt)
            .references(C::CityCode, Cities::Table, Cities::Code)
            .to_owned(),
    )
    .await?;
    unique(
        m,
        "csr_checklists_city_version",
        C::Table,
        [C::CityCode, C::VersionNo],
    )
    .await
}
