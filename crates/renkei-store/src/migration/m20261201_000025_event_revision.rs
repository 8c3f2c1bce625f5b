//! The revision of the events as the public sees them: one row, bumped in the transaction of
//! every change to an event or to how many places it has left, so a node may keep a rendered
//! calendar or feed and serve it while the revision it was rendered at is still the one here.
//! And the product a company registered for (the support its attendance counts as is the
//! product's), and when a 商談会's meeting request left unanswered was reminded (once).

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::migration;

migration!(revision, registration_product, request_reminded);

#[derive(DeriveIden)]
pub(crate) enum EventRevision {
    Table,
    /// Always 1: the table has one row.
    Id,
    Revision,
}

async fn revision(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(EventRevision::Table)
            .col(small_integer(EventRevision::Id).primary_key())
            .col(big_integer(EventRevision::Revision))
            .to_owned(),
    )
    .await?;
    let row = Query::insert()
        .into_table(EventRevision::Table)
        .columns([EventRevision::Id, EventRevision::Revision])
        .values_panic([1.into(), 0.into()])
        .to_owned();
    m.exec_stmt(row).await
}

#[derive(DeriveIden)]
enum EventRegistrations {
    Table,
    /// The company's product the registration is for (none: not said). Checked against the
    /// company's own products when written (SQLite cannot add a foreign key to a table).
    ProductId,
}

async fn registration_product(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(EventRegistrations::Table)
            .add_column(big_integer_null(EventRegistrations::ProductId))
            .to_owned(),
    )
    .await
}

#[derive(DeriveIden)]
enum EventMeetingRequests {
    Table,
    /// When the side asked was reminded of a request left unanswered (none: not yet).
    RemindedAt,
}

async fn request_reminded(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(EventMeetingRequests::Table)
            .add_column(timestamp_with_time_zone_null(
                EventMeetingRequests::RemindedAt,
            ))
            .to_owned(),
    )
    .await
}
