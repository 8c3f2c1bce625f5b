//! A granted subsidy's 実績報告 keeps its receipts' dates (見積 → 発注 → 納品 → 請求 → 支払),
//! as JSON: a receipt's code to its date. Their files are the application's, under
//! `report_{code}`.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::migration;

migration!(report_dates);

#[derive(DeriveIden)]
enum CallApplications {
    Table,
    /// `{"estimate": "2026-06-01", …}`, once reported.
    ReportDates,
}

async fn report_dates(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.alter_table(
        Table::alter()
            .table(CallApplications::Table)
            .add_column(text_null(CallApplications::ReportDates))
            .to_owned(),
    )
    .await
}
