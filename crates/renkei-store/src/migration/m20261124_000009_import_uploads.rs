//! Files uploaded for import, kept between the upload, the column matching and the commit
//! (any node may serve each step), with the progress of a running import.

use sea_orm_migration::{prelude::*, schema::*};

use super::shared::{Columns, migration};

use super::m20261124_000003_users::Users;

migration!(import_uploads);

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

/// The uploaded files.
async fn import_uploads(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(ImportUploads::Table)
            .id(ImportUploads::Id)
            .col(big_integer(ImportUploads::UserId))
            .col(string_len(ImportUploads::Kind, 20))
            .col(string_len(ImportUploads::Filename, 255))
            .col(blob(ImportUploads::Content))
            .col(string_len_null(ImportUploads::DefaultCity, 6))
            .col(string_len(ImportUploads::Status, 20))
            .col(big_integer(ImportUploads::Total))
            .col(big_integer(ImportUploads::Done))
            .col(text(ImportUploads::Message))
            .stamps(ImportUploads::CreatedAt, ImportUploads::UpdatedAt)
            .references(ImportUploads::UserId, Users::Table, Users::Id)
            .to_owned(),
    )
    .await
}
