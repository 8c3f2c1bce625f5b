//! Keys the server signs with, shared by every node through the database: one row per use
//! (`form-tokens`: the forms filled in before signing in), made by the first node that needs
//! it.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, migration};

migration!(server_keys);

#[derive(DeriveIden)]
enum ServerKeys {
    Table,
    /// What the key is for.
    Name,
    /// 256 random bits, as 64 hex characters.
    Secret,
    CreatedAt,
}

async fn server_keys(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(ServerKeys::Table)
            .col(string_len(ServerKeys::Name, 64).primary_key())
            .col(string_len(ServerKeys::Secret, 64))
            .created_at(ServerKeys::CreatedAt)
            .to_owned(),
    )
    .await
}
