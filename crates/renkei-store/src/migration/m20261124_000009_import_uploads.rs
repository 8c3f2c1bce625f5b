//! Files uploaded for import, kept between the upload, the column matching and the commit
//! (any node may serve each step), with the progress of a running import.

use sea_orm_migration::{prelude::*, schema::*};

use super::m20261124_000003_users::Users;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum ImportUploads {
    Table,
    Id,
    /// The account that uploaded it: only they see it.
    UserId,
    /// What is imported: `companies`.
    Kind,
    Filename,
    Content,
    /// The home city of rows that give none.
    DefaultCity,
    /// `uploaded`, `running`, `done`, `failed`.
    Status,
    Total,
    Done,
    Message,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ImportUploads::Table)
                .col(big_pk_auto(ImportUploads::Id))
                .col(big_integer(ImportUploads::UserId))
                .col(string_len(ImportUploads::Kind, 20))
                .col(string_len(ImportUploads::Filename, 255))
                .col(blob(ImportUploads::Content))
                .col(string_len_null(ImportUploads::DefaultCity, 6))
                .col(string_len(ImportUploads::Status, 20))
                .col(big_integer(ImportUploads::Total))
                .col(big_integer(ImportUploads::Done))
                .col(text(ImportUploads::Message))
                .col(timestamp_with_time_zone(ImportUploads::CreatedAt))
                .col(timestamp_with_time_zone(ImportUploads::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ImportUploads::Table, ImportUploads::UserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await
    }
}
