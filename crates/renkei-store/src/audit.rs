//! The audit trail: every change of a record is written, in the transaction of the change,
//! with who made it, when, from which address, and the record before and after. Rows are
//! only ever inserted; the database refuses updates and deletes (see the migration).

use chrono::Utc;
use renkei_domain::city::CityCode;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

use crate::entity::audit_log;
use crate::{Result, Store};

pub use audit_log::Model as AuditRecord;

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
            serde_json::to_string(v)
                .map_err(|e| crate::StoreError::Setup(format!("audit JSON: {e}")))
        })
        .transpose()
}

/// Writes one audit line in the transaction of the change it records.
pub(crate) async fn record<T: Serialize>(
    txn: &DatabaseTransaction,
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

impl Store {
    /// The newest audit lines, newest first; only `city`'s when given.
    pub async fn audit_log(&self, city: Option<&CityCode>, limit: u64) -> Result<Vec<AuditRecord>> {
        let mut q = audit_log::Entity::find()
            .order_by_desc(audit_log::Column::Id)
            .limit(limit);
        if let Some(c) = city {
            q = q.filter(audit_log::Column::CityCode.eq(c.to_string()));
        }
        Ok(q.all(&self.db).await?)
    }
}
