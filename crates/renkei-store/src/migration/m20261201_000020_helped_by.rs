//! Who helped (支援した機関・コーディネーター): a referral's history line of ① or ④ may name
//! one of the acting city's support organisations and one of its coordinators; a support
//! record (which already names a coordinator) may name an organisation.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::migration;

migration!(referral_events, support_records);

#[derive(DeriveIden)]
enum ReferralEvents {
    Table,
    HelpedOrganizationId,
    HelpedCoordinatorId,
}

#[derive(DeriveIden)]
enum SupportRecords {
    Table,
    OrganizationId,
}

/// A nullable reference to an organisation or an account; one column per statement, since
/// SQLite adds one at a time. (SQLite cannot add a foreign key to a table: the ids are checked
/// against the acting city's own when written.)
async fn add(
    m: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(table)
            .add_column(big_integer_null(column))
            .to_owned(),
    )
    .await
}

async fn referral_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    add(
        m,
        ReferralEvents::Table,
        ReferralEvents::HelpedOrganizationId,
    )
    .await?;
    add(
        m,
        ReferralEvents::Table,
        ReferralEvents::HelpedCoordinatorId,
    )
    .await
}

async fn support_records(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    add(m, SupportRecords::Table, SupportRecords::OrganizationId).await
}
