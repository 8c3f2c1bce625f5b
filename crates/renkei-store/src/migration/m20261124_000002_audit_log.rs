//! The audit trail: an append-only log of every change of a record (who, when, from which
//! address, what, before and after). The database itself refuses to update or delete its
//! rows, so no code path can, whatever it does.

use sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, index, migration};

migration!(audit_log, append_only);

#[derive(DeriveIden)]
pub enum AuditLog {
    Table,
    Id,
    At,
    /// The account that acted; none until accounts exist or for anonymous callers.
    ActorId,
    /// How the actor is shown: a name, or `anonymous`.
    ActorLabel,
    ClientAddress,
    RequestId,
    /// What happened, e.g. `menu_entry.create`.
    Action,
    /// The city whose record it is, for city-scoped views of the log.
    CityCode,
    ObjectType,
    ObjectId,
    /// The record before and after, as JSON text; null where there is none.
    Before,
    After,
}

/// The audit trail.
async fn audit_log(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(AuditLog::Table)
            .id(AuditLog::Id)
            .col(timestamp_with_time_zone(AuditLog::At))
            .actor(AuditLog::ActorId, AuditLog::ActorLabel)
            .col(string_null(AuditLog::ClientAddress))
            .col(string_null(AuditLog::RequestId))
            .col(string_len(AuditLog::Action, 80))
            .col(string_len_null(AuditLog::CityCode, 6))
            .col(string_len(AuditLog::ObjectType, 80))
            .col(string_len(AuditLog::ObjectId, 80))
            .col(text_null(AuditLog::Before))
            .col(text_null(AuditLog::After))
            .to_owned(),
    )
    .await?;
    index(
        m,
        "audit_log_city_at",
        AuditLog::Table,
        [AuditLog::CityCode, AuditLog::At],
    )
    .await
}

/// Triggers that refuse to change or delete an audit line.
async fn append_only(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    // The one place where the two databases need different SQL: triggers.
    let db = m.get_connection();
    match m.get_database_backend() {
        DbBackend::Sqlite => {
            for (name, event) in [
                ("audit_log_no_update", "UPDATE"),
                ("audit_log_no_delete", "DELETE"),
            ] {
                db.execute_unprepared(&format!(
                    "CREATE TRIGGER {name} BEFORE {event} ON audit_log \
                     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
                ))
                .await?;
            }
        }
        _ => {
            db.execute_unprepared(
                "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ \
                 BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log \
                 FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
            )
            .await?;
            db.execute_unprepared(
                "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log \
                 FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
            )
            .await?;
        }
    }
    Ok(())
}
