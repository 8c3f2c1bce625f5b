//! The national bodies a consultation case can be bridged to (PMDA, AMED …), as the platform
//! administrator keeps them: listed, added (a code taken is [`StoreError::Duplicate`]) and
//! changed from the version read, each with its audit line.

use chrono::Utc;
use renkei_domain::national_body::NewBody;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::national_body as body;
use crate::kernel::busy;
use crate::{Result, Store, StoreError};

/// A national body, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NationalBodyRecord {
    pub id: i64,
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    /// (code, Japanese name) of each consultation type it offers.
    pub types: Vec<(String, String)>,
    /// The usual first reply time, in open days.
    pub reply_days: u32,
    /// The fields its application form asks for.
    pub fields: Vec<String>,
    pub active: bool,
    pub version: i64,
}

impl From<body::Model> for NationalBodyRecord {
    fn from(m: body::Model) -> Self {
        NationalBodyRecord {
            id: m.id,
            code: m.code,
            name_ja: m.name_ja,
            name_en: m.name_en,
            types: serde_json::from_str(&m.types).unwrap_or_default(),
            reply_days: u32::try_from(m.reply_days).unwrap_or(0),
            fields: serde_json::from_str(&m.fields).unwrap_or_default(),
            active: m.active,
            version: m.version,
        }
    }
}

impl NationalBodyRecord {
    /// The name of one of its types (the code itself for one it no longer offers).
    pub fn type_name(&self, code: &str) -> Option<&str> {
        self.types
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, n)| n.as_str())
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

impl Store {
    /// Every body, active or not, by code.
    pub async fn national_bodies(&self) -> Result<Vec<NationalBodyRecord>> {
        Ok(body::Entity::find()
            .order_by_asc(body::Column::Id)
            .all(&self.db)
            .await?
            .into_iter()
            .map(NationalBodyRecord::from)
            .collect())
    }

    pub async fn national_body(&self, id: i64) -> Result<NationalBodyRecord> {
        body::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .map(NationalBodyRecord::from)
            .ok_or(StoreError::NotFound)
    }

    /// Adds a body; a code another body has is [`StoreError::Duplicate`]`("code")`.
    pub async fn create_national_body(
        &self,
        b: &NewBody,
        actor: &Actor,
    ) -> Result<NationalBodyRecord> {
        let tx = self.begin().await?;
        let taken = body::Entity::find()
            .filter(body::Column::Code.eq(b.code.clone()))
            .one(tx.conn())
            .await?;
        if taken.is_some() {
            return Err(StoreError::Duplicate("code"));
        }
        let now = Utc::now();
        let row = body::ActiveModel {
            code: Set(b.code.clone()),
            name_ja: Set(b.name_ja.clone()),
            name_en: Set(b.name_en.clone()),
            types: Set(json(&b.types)),
            reply_days: Set(i32::try_from(b.reply_days).unwrap_or(i32::MAX)),
            fields: Set(json(&b.fields)),
            active: Set(b.active),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await
        .map_err(busy)?;
        let record = NationalBodyRecord::from(row);
        let change = Change {
            action: "national_body.create",
            city: None,
            object_type: "national_body",
            object_id: record.id.to_string(),
            before: None,
            after: Some(&record),
        };
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Changes a body from the version read (a stale one is [`StoreError::Conflict`]; a code
    /// another body has, [`StoreError::Duplicate`]`("code")`). Bridges already opened keep
    /// the names, fields and reply time they were opened with.
    pub async fn update_national_body(
        &self,
        before: &NationalBodyRecord,
        version: i64,
        b: &NewBody,
        actor: &Actor,
    ) -> Result<NationalBodyRecord> {
        let tx = self.begin().await?;
        let taken = body::Entity::find()
            .filter(body::Column::Code.eq(b.code.clone()))
            .filter(body::Column::Id.ne(before.id))
            .one(tx.conn())
            .await?;
        if taken.is_some() {
            return Err(StoreError::Duplicate("code"));
        }
        let changed = body::Entity::update_many()
            .col_expr(body::Column::Code, Expr::value(b.code.clone()))
            .col_expr(body::Column::NameJa, Expr::value(b.name_ja.clone()))
            .col_expr(body::Column::NameEn, Expr::value(b.name_en.clone()))
            .col_expr(body::Column::Types, Expr::value(json(&b.types)))
            .col_expr(
                body::Column::ReplyDays,
                Expr::value(i32::try_from(b.reply_days).unwrap_or(i32::MAX)),
            )
            .col_expr(body::Column::Fields, Expr::value(json(&b.fields)))
            .col_expr(body::Column::Active, Expr::value(b.active))
            .col_expr(body::Column::Version, Expr::value(version + 1))
            .col_expr(body::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(body::Column::Id.eq(before.id))
            .filter(body::Column::Version.eq(version))
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let row = body::Entity::find_by_id(before.id).one(tx.conn()).await?;
        let after = NationalBodyRecord::from(row.ok_or(StoreError::NotFound)?);
        let change = Change {
            action: "national_body.update",
            city: None,
            object_type: "national_body",
            object_id: after.id.to_string(),
            before: Some(before),
            after: Some(&after),
        };
        audit::record(tx.conn(), actor, change).await?;
        tx.commit().await?;
        Ok(after)
    }
}
