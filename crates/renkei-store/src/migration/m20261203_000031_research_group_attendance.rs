//! Research groups, second step: each meeting keeps the members whose attendance was
//! already counted as support (`supported`, member ids joined by commas), so that ticking a
//! member again never counts it twice; and a company belongs to a group at most once at a
//! time (a partial unique index, written once for both databases), so that two people adding
//! it at once cannot both succeed.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::migration;

migration!(supported, one_membership);

#[derive(DeriveIden)]
enum ResearchGroupMeetings {
    Table,
    Supported,
}

async fn supported(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use ResearchGroupMeetings as T;
    m.alter_table(
        Table::alter()
            .table(T::Table)
            .add_column(text(T::Supported).default(""))
            .to_owned(),
    )
    .await
}

async fn one_membership(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.get_connection()
        .execute_unprepared(
            "CREATE UNIQUE INDEX research_group_members_in_force \
             ON research_group_members (group_id, company_id) \
             WHERE left_on IS NULL AND company_id IS NOT NULL",
        )
        .await?;
    Ok(())
}
