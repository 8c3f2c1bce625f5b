//! The sites a coordinator can introduce for trials and verification (紹介できる治験・実証先):
//! one row per site, kept for the coordinator's city, with who added it. Removing a site
//! deletes its row (the audit trail keeps it). A partner request's candidate taken up from
//! such a site keeps the site's id (`partner_candidates.site_id`; no foreign key, since SQLite
//! cannot add one, and the site may be removed while the candidate stays).

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000003_users::Users;
use super::shared::{Columns, index, migration};

migration!(coordinator_sites, candidate_site);

#[derive(DeriveIden)]
enum CoordinatorSites {
    Table,
    Id,
    UserId,
    CityCode,
    Name,
    Kind,
    Offers,
    ByUserId,
    ByLabel,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PartnerCandidates {
    Table,
    SiteId,
}

async fn candidate_site(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(PartnerCandidates::Table)
            .add_column(big_integer_null(PartnerCandidates::SiteId))
            .to_owned(),
    )
    .await
}

async fn coordinator_sites(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use CoordinatorSites as S;
    m.create_table(
        Table::create()
            .table(S::Table)
            .id(S::Id)
            .col(big_integer(S::UserId))
            .col(string_len(S::CityCode, 6))
            .col(text(S::Name))
            .col(string(S::Kind))
            .col(text(S::Offers))
            .actor(S::ByUserId, S::ByLabel)
            .created_at(S::CreatedAt)
            .references(S::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await?;
    index(m, "coordinator_sites_user", S::Table, [S::UserId, S::Id]).await
}
