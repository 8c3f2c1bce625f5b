//! At most one open referral of a product to a city, kept by the database itself: two
//! officers selecting the same product for the same city at once cannot both succeed. A
//! partial unique index, in the one syntax SQLite and PostgreSQL share.

use sea_orm_migration::prelude::*;

use super::shared::migration;

migration!(one_open_referral);

/// The partial unique index.
async fn one_open_referral(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.get_connection()
        .execute_unprepared(
            "CREATE UNIQUE INDEX referrals_one_open ON referrals (product_id, receiving_city) \
             WHERE state NOT IN ('declined', 'closed', 'withdrawn')",
        )
        .await
        .map(|_| ())
}
