//! A person's weekly digest of threads: the week last claimed and the last post told of
//! (see the migration that creates it).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "thread_digests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub week_of: Date,
    pub sent_up_to: i64,
    pub sent_at: Option<DateTimeUtc>,
}

super::no_relations!();
