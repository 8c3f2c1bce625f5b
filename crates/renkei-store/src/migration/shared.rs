//! What the migrations share: their `Migration` (each runs its steps in one transaction), the
//! column groups that tables repeat (a 64-bit id, a version, the times a row was made and
//! changed, who acted), a foreign key and an index. Each builds the very
//! statement the migrations wrote out in full before, so a shipped migration's schema stays the
//! same.

use sea_orm_migration::{prelude::*, schema::*};

/// The migration of the module it stands in: `migration!(a, b)` declares `Migration`, which
/// runs in one transaction (on SQLite as on PostgreSQL) the module's steps `a` then `b`, each
/// an `async fn(&SchemaManager<'_>) -> Result<(), DbErr>`. Its name is the module's file name.
macro_rules! migration {
    ($($step:ident),+ $(,)?) => {
        #[derive(DeriveMigrationName)]
        pub struct Migration;

        #[async_trait::async_trait]
        impl MigrationTrait for Migration {
            fn use_transaction(&self) -> Option<bool> {
                Some(true)
            }

            async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
                $($step(m).await?;)+
                Ok(())
            }
        }
    };
}
pub(super) use migration;

/// The columns and keys a table is made of, beyond sea-query's `col`.
pub(super) trait Columns {
    /// A 64-bit auto-increment primary key.
    fn id(&mut self, id: impl IntoIden) -> &mut Self;

    /// When the row was made.
    fn created_at(&mut self, created_at: impl IntoIden) -> &mut Self;

    /// When the row was made and when it was last changed.
    fn stamps(&mut self, created_at: impl IntoIden, updated_at: impl IntoIden) -> &mut Self;

    /// A versioned record's last columns: its version (64-bit, for optimistic concurrency),
    /// when it was made and when it was last changed.
    fn versioned(
        &mut self,
        version: impl IntoIden,
        created_at: impl IntoIden,
        updated_at: impl IntoIden,
    ) -> &mut Self;

    /// Who acted: the account, if any, and the label shown for it.
    fn actor(&mut self, id: impl IntoIden, label: impl IntoIden) -> &mut Self;

    /// A foreign key from `column` of this table (named before) to `to_column` of `to_table`.
    fn references(
        &mut self,
        column: impl IntoIden,
        to_table: impl IntoIden,
        to_column: impl IntoIden,
    ) -> &mut Self;
}

impl Columns for TableCreateStatement {
    fn id(&mut self, id: impl IntoIden) -> &mut Self {
        self.col(big_pk_auto(id))
    }

    fn created_at(&mut self, created_at: impl IntoIden) -> &mut Self {
        self.col(timestamp_with_time_zone(created_at))
    }

    fn stamps(&mut self, created_at: impl IntoIden, updated_at: impl IntoIden) -> &mut Self {
        self.created_at(created_at)
            .col(timestamp_with_time_zone(updated_at))
    }

    fn versioned(
        &mut self,
        version: impl IntoIden,
        created_at: impl IntoIden,
        updated_at: impl IntoIden,
    ) -> &mut Self {
        self.col(big_integer(version))
            .stamps(created_at, updated_at)
    }

    fn actor(&mut self, id: impl IntoIden, label: impl IntoIden) -> &mut Self {
        self.col(big_integer_null(id)).col(string(label))
    }

    fn references(
        &mut self,
        column: impl IntoIden,
        to_table: impl IntoIden,
        to_column: impl IntoIden,
    ) -> &mut Self {
        let table = self
            .get_table_name()
            .cloned()
            .expect("a table is named before its foreign keys");
        self.foreign_key(
            ForeignKey::create()
                .from(table, column)
                .to(to_table, to_column),
        )
    }
}

/// An index named `name` on `columns` of `table`.
pub(super) async fn index<C: IntoIden>(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
) -> Result<(), DbErr> {
    create_index(m, name, table, columns, false).await
}

/// A unique index over `columns` of `table`.
pub(super) async fn unique<C: IntoIden>(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
) -> Result<(), DbErr> {
    create_index(m, name, table, columns, true).await
}

async fn create_index<C: IntoIden>(
    m: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: impl IntoIterator<Item = C>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    if unique {
        index.unique();
    }
    for column in columns {
        index.col(column);
    }
    m.create_index(index.to_owned()).await
}
