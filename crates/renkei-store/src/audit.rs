//! The audit trail: every change of a record is written, in the transaction of the change,
//! with who made it, when, from which address, and the record before and after. Rows are
//! only ever inserted; the database refuses updates and deletes (see the migration).
//!
//! A change and its line go together through an [`AuditedTx`]: the store's one transaction
//! ([`Tx`]) with the actor whose lines it writes, begun with [`Store::begin_audited`] (or
//! [`Tx::audited`] where a use case holds the transaction), ended with
//! [`AuditedTx::commit_with`], which writes the line in the transaction and commits.
//!
//! A line is read as a typed record ([`AuditRecord`]: its city as `CityCode`, its actor's
//! account as a `UserId`); the before and after stay the JSON they were written as.

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, ExecResult,
    PaginatorTrait, QueryFilter, QueryOrder, QueryResult, QuerySelect, Set, Statement,
};
use serde::Serialize;

use crate::entity::audit_log;
use crate::handle::Store;
use crate::kernel::{Page, PageRequest, Result, StoreError, containing, starting_with};
use crate::records::UserId;
use crate::records::{Unreadable, known, readable};
use crate::tx::Tx;

/// A line of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: DateTime<Utc>,
    /// The account that acted, if any.
    pub actor_id: Option<UserId>,
    pub actor_label: String,
    pub client_address: Option<String>,
    pub request_id: Option<String>,
    /// What was done, e.g. `menu_entry.update`.
    pub action: String,
    /// The city whose part of the trail it is, if any.
    pub city_code: Option<CityCode>,
    pub object_type: String,
    pub object_id: String,
    /// The record before and after, as JSON.
    pub before: Option<String>,
    pub after: Option<String>,
}

impl TryFrom<audit_log::Model> for AuditRecord {
    type Error = Unreadable;

    fn try_from(m: audit_log::Model) -> std::result::Result<Self, Unreadable> {
        let city_code = m
            .city_code
            .as_deref()
            .map(|c| {
                known("audit_log", m.id, "city_code", c, |c| {
                    CityCode::parse(c).ok()
                })
            })
            .transpose()?;
        Ok(AuditRecord {
            id: m.id,
            at: m.at,
            actor_id: m.actor_id.map(UserId),
            actor_label: m.actor_label,
            client_address: m.client_address,
            request_id: m.request_id,
            action: m.action,
            city_code,
            object_type: m.object_type,
            object_id: m.object_id,
            before: m.before,
            after: m.after,
        })
    }
}

/// Who is acting, and from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account, once accounts exist; `None` for anonymous callers and the system.
    pub id: Option<i64>,
    pub label: String,
    pub client_address: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    /// A caller who has not signed in.
    pub fn anonymous(client_address: Option<String>, request_id: Option<String>) -> Self {
        Actor {
            id: None,
            label: "anonymous".into(),
            client_address,
            request_id,
        }
    }

    /// Renkei itself (demo data, imports run from the command line …).
    pub fn system(label: &str) -> Self {
        Actor {
            id: None,
            label: format!("system:{label}"),
            client_address: None,
            request_id: None,
        }
    }
}

/// What changed, for one audit line.
pub(crate) struct Change<'a, T: Serialize> {
    pub action: &'static str,
    pub city: Option<&'a CityCode>,
    pub object_type: &'static str,
    pub object_id: String,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
}

fn to_json<T: Serialize>(value: Option<&T>) -> Result<Option<String>> {
    value
        .map(|v| {
            serde_json::to_string(v).map_err(|e| StoreError::Setup(format!("audit JSON: {e}")))
        })
        .transpose()
}

/// Writes one audit line, in the transaction of the change it records (or alone, for an
/// event that changes nothing else: a sign-in, a refused request).
pub(crate) async fn record<T: Serialize>(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    change: Change<'_, T>,
) -> Result<()> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor.id),
        actor_label: Set(actor.label.clone()),
        client_address: Set(actor.client_address.clone()),
        request_id: Set(actor.request_id.clone()),
        action: Set(change.action.to_owned()),
        city_code: Set(change.city.map(|c| c.to_string())),
        object_type: Set(change.object_type.to_owned()),
        object_id: Set(change.object_id),
        before: Set(to_json(change.before)?),
        after: Set(to_json(change.after)?),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// A transaction that changes records as `actor`, and writes the audit line of its change in
/// itself before it commits ([`AuditedTx::commit_with`]). Dropped without committing (an
/// early `?` or `return`), it rolls back: neither the change nor its line is kept.
pub(crate) struct AuditedTx<'a> {
    txn: Tx,
    actor: &'a Actor,
}

impl Store {
    /// Begins a change made by `actor`, to be committed with its audit line.
    pub(crate) async fn begin_audited<'a>(&self, actor: &'a Actor) -> Result<AuditedTx<'a>> {
        Ok(self.begin().await?.audited(actor))
    }
}

impl Tx {
    /// This transaction, writing its audit lines as `actor`'s.
    pub(crate) fn audited(self, actor: &Actor) -> AuditedTx<'_> {
        AuditedTx { txn: self, actor }
    }

    /// Writes one audit line in this transaction.
    pub(crate) async fn record<T: Serialize>(
        &self,
        actor: &Actor,
        change: Change<'_, T>,
    ) -> Result<()> {
        record(self.conn(), actor, change).await
    }
}

impl<'a> AuditedTx<'a> {
    /// Who makes the change.
    pub(crate) fn actor(&self) -> &'a Actor {
        self.actor
    }

    /// Writes the change's audit line, then commits: the usual end of a change.
    pub(crate) async fn commit_with<T: Serialize>(self, change: Change<'_, T>) -> Result<()> {
        self.record(change).await?;
        self.commit().await
    }

    /// Writes one audit line now, for a change that writes several (a merge, an import).
    pub(crate) async fn record<T: Serialize>(&self, change: Change<'_, T>) -> Result<()> {
        self.txn.record(self.actor, change).await
    }

    /// Commits what is written, its audit lines written already with [`AuditedTx::record`].
    pub(crate) async fn commit(self) -> Result<()> {
        self.txn.commit().await
    }

    pub(crate) async fn rollback(self) -> Result<()> {
        self.txn.rollback().await
    }

    /// The same transaction, its lines written from now on as `actor`'s (a person who has
    /// just shown who they are).
    pub(crate) fn acting_as(self, actor: &Actor) -> AuditedTx<'_> {
        AuditedTx {
            txn: self.txn,
            actor,
        }
    }
}

/// Queries run in the transaction, as in any other connection.
#[async_trait::async_trait]
impl ConnectionTrait for AuditedTx<'_> {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.conn().get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.conn().execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.conn().execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.conn().query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.conn().query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.conn().support_returning()
    }
}

/// Which audit lines to show: filters combine with "and".
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// Only this city's part (a city officer's view is always this).
    pub city: Option<CityCode>,
    /// Actions starting with this, e.g. `session.` or `menu_entry.update`.
    pub action: Option<String>,
    /// Actor label containing this (an address, `anonymous`, a token's name).
    pub actor: Option<String>,
    /// The client address, exactly.
    pub client_address: Option<String>,
    pub from: Option<DateTime<Utc>>,
    /// Up to, not including.
    pub until: Option<DateTime<Utc>>,
}

impl AuditQuery {
    fn select(&self) -> sea_orm::Select<audit_log::Entity> {
        let mut q = audit_log::Entity::find().order_by_desc(audit_log::Column::Id);
        if let Some(c) = &self.city {
            q = q.filter(audit_log::Column::CityCode.eq(c.to_string()));
        }
        if let Some(a) = self.action.as_deref().filter(|a| !a.is_empty()) {
            q = q.filter(audit_log::Column::Action.like(starting_with(a)));
        }
        if let Some(a) = self.actor.as_deref().filter(|a| !a.is_empty()) {
            q = q.filter(audit_log::Column::ActorLabel.like(containing(a)));
        }
        if let Some(a) = self.client_address.as_deref().filter(|a| !a.is_empty()) {
            q = q.filter(audit_log::Column::ClientAddress.eq(a));
        }
        if let Some(t) = self.from {
            q = q.filter(audit_log::Column::At.gte(t));
        }
        if let Some(t) = self.until {
            q = q.filter(audit_log::Column::At.lt(t));
        }
        q
    }
}

/// The most lines one export holds; a wider export is refused with a request to narrow it.
pub const EXPORT_MAX: u64 = 100_000;

impl Store {
    /// The newest audit lines, newest first; only `city`'s when given.
    pub async fn audit_log(&self, city: Option<&CityCode>, limit: u64) -> Result<Vec<AuditRecord>> {
        let query = AuditQuery {
            city: city.copied(),
            ..Default::default()
        };
        Ok(readable(query.select().limit(limit).all(&self.db).await?))
    }

    /// One page of the audit lines a query selects, newest first.
    pub async fn audit_page(
        &self,
        query: &AuditQuery,
        page: PageRequest,
    ) -> Result<Page<AuditRecord>> {
        let rows = page.fetch(query.select(), &self.db).await?;
        Ok(page.of(readable(rows.items), rows.total))
    }

    /// Every line a query selects, newest first, for an export; `None` when there are more
    /// than [`EXPORT_MAX`].
    pub async fn audit_export(&self, query: &AuditQuery) -> Result<Option<Vec<AuditRecord>>> {
        if query.select().count(&self.db).await? > EXPORT_MAX {
            return Ok(None);
        }
        Ok(Some(readable(query.select().all(&self.db).await?)))
    }

    /// Records an event that changes no record, such as a refused request.
    pub async fn record_event(
        &self,
        actor: &Actor,
        action: &'static str,
        city: Option<&CityCode>,
        object_type: &'static str,
        object_id: &str,
    ) -> Result<()> {
        let change: Change<'_, ()> = Change {
            action,
            city,
            object_type,
            object_id: object_id.chars().take(80).collect(),
            before: None,
            after: None,
        };
        record(&self.db, actor, change).await
    }
}
