//! A product shown to every designated city (the showcase) by its company's consent: who it
//! is shown to (the network's staff and coordinators, or anyone), the introduction and the
//! channel kinds it wants, and the consent — who gave it, when, in which wording and
//! version. One row per showcased product; withdrawing the consent removes it (the audit
//! trail keeps both). The company and the home city are kept with it, so that lists filter
//! without reading the product.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000008_products::Products;
use super::shared::{Columns, index, migration};

migration!(product_showcases);

#[derive(DeriveIden)]
enum ProductShowcases {
    Table,
    ProductId,
    CompanyId,
    HomeCity,
    Audience,
    Summary,
    Channels,
    Wording,
    WordingVersion,
    UserId,
    ByLabel,
    PublishedAt,
}

async fn product_showcases(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ProductShowcases as S;
    m.create_table(
        Table::create()
            .table(S::Table)
            .col(big_integer(S::ProductId).primary_key())
            .col(big_integer(S::CompanyId))
            .col(string_len(S::HomeCity, 6))
            .col(string(S::Audience))
            .col(text(S::Summary))
            .col(text(S::Channels))
            .col(text(S::Wording))
            .col(string(S::WordingVersion))
            .actor(S::UserId, S::ByLabel)
            .col(timestamp_with_time_zone(S::PublishedAt))
            .references(S::ProductId, Products::Table, Products::Id)
            .to_owned(),
    )
    .await?;
    index(
        m,
        "product_showcases_published",
        S::Table,
        [S::PublishedAt, S::ProductId],
    )
    .await
}
