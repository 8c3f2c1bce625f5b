//! A company's listing as a possible partner for other cities (連携候補としての公開): what
//! it offers, and its consent — who gave it, when, in which wording and version. One row per
//! listed company; withdrawing the consent removes it (the audit trail keeps both).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000007_companies::Companies;
use super::shared::{Columns, migration};

migration!(partner_listings);

#[derive(DeriveIden)]
enum PartnerListings {
    Table,
    CompanyId,
    Offers,
    Wording,
    WordingVersion,
    UserId,
    ByLabel,
    ListedAt,
}

async fn partner_listings(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use PartnerListings as L;
    m.create_table(
        Table::create()
            .table(L::Table)
            .col(big_integer(L::CompanyId).primary_key())
            .col(text(L::Offers))
            .col(text(L::Wording))
            .col(string(L::WordingVersion))
            .actor(L::UserId, L::ByLabel)
            .col(timestamp_with_time_zone(L::ListedAt))
            .references(L::CompanyId, Companies::Table, Companies::Id)
            .to_owned(),
    )
    .await
}
