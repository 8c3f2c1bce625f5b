//! What every part of the store shares: its error and result, and pages of lists.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QuerySelect, Select};

/// What can go wrong in the store, in terms the layers above can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// Someone else changed the record since the caller read it.
    #[error("the record was changed by someone else")]
    Conflict,
    /// A value that must be unique is taken (the field is named).
    #[error("{0} is already in use")]
    Duplicate(&'static str),
    /// A referral's grant, which ends only with the referral's withdrawal.
    #[error("a referral's grant ends with the referral's withdrawal")]
    WorkflowGrant,
    /// An API token was asked for a role its account does not hold.
    #[error("the account does not hold this role")]
    RoleNotHeld,
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("cannot prepare the database: {0}")]
    Setup(String),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A `LIKE` pattern for values containing `text` as typed: a `%` or `_` in it is that
/// character, not a wildcard.
pub(crate) fn containing(text: &str) -> sea_orm::sea_query::LikeExpr {
    sea_orm::sea_query::LikeExpr::new(format!("%{}%", escape_like(text))).escape('\\')
}

/// A `LIKE` pattern for values starting with `text` as typed.
pub(crate) fn starting_with(text: &str) -> sea_orm::sea_query::LikeExpr {
    sea_orm::sea_query::LikeExpr::new(format!("{}%", escape_like(text))).escape('\\')
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One page of a list, with the total count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// A request for one page: 1-based page number and page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    pub const MAX_PER_PAGE: u64 = 200;

    pub fn new(page: u64, per_page: u64) -> Self {
        PageRequest {
            page: page.clamp(1, 1_000_000),
            per_page: per_page.clamp(1, Self::MAX_PER_PAGE),
        }
    }

    pub(crate) fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }

    /// This page of `items`, of `total` in all.
    pub(crate) fn of<T>(self, items: Vec<T>, total: u64) -> Page<T> {
        Page {
            items,
            total,
            page: self.page,
            per_page: self.per_page,
        }
    }

    /// This page of a list that holds nothing.
    pub(crate) fn empty<T>(self) -> Page<T> {
        self.of(Vec::new(), 0)
    }

    /// This page of what a query selects (in the query's order), with the count of all.
    pub(crate) async fn fetch<E>(
        self,
        query: Select<E>,
        db: &impl ConnectionTrait,
    ) -> Result<Page<E::Model>>
    where
        E: EntityTrait,
        E::Model: Sync,
    {
        let total = query.clone().count(db).await?;
        let items = query
            .offset(self.offset())
            .limit(self.per_page)
            .all(db)
            .await?;
        Ok(self.of(items, total))
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::new(1, 50)
    }
}

/// A write that found the database busy (SQLite's lock held past its wait) as a conflict: the
/// person tries again, as when someone else moved first; any other error as it is.
/// The one number a statement selects (a revision), or `None` when it finds no row.
pub(crate) async fn read_number(
    db: &impl ConnectionTrait,
    stmt: &sea_orm::sea_query::SelectStatement,
) -> Result<Option<i64>> {
    match db.query_one(stmt).await? {
        Some(row) => Ok(Some(row.try_get_by_index::<i64>(0)?)),
        None => Ok(None),
    }
}

/// An insert's error: a unique key already taken is [`StoreError::Duplicate`] naming
/// `field`; anything else as [`busy`] reads it.
pub(crate) fn duplicate_or_busy(field: &'static str) -> impl Fn(DbErr) -> StoreError {
    move |e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => StoreError::Duplicate(field),
        _ => busy(e),
    }
}

pub(crate) fn busy(e: DbErr) -> StoreError {
    if e.to_string().contains("database is locked") {
        StoreError::Conflict
    } else {
        StoreError::Db(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_requests_are_clamped() {
        assert_eq!(
            PageRequest::new(0, 0),
            PageRequest {
                page: 1,
                per_page: 1
            }
        );
        assert_eq!(
            PageRequest::new(3, 10_000).per_page,
            PageRequest::MAX_PER_PAGE
        );
        assert_eq!(PageRequest::new(3, 20).offset(), 40);
    }
}
