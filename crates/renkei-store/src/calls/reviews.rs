//! A call's review as the store keeps it: its panel (reviewers, each with their city), the
//! conflicts of interest they declare, and their sheets — one per application and reviewer,
//! made when the reviewer is assigned and scored later. A sheet is saved at the version its
//! reviewer saw, and once submitted it is never changed. Every write has its audit line; who
//! may do what, and what is shown to whom, is decided by the caller
//! (`renkei_domain::call::review`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::review::Rubric;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::applications::ApplicationId;
use crate::audit::{self, Actor, Change};
use crate::entity::user;
use crate::entity::{call, call_review as sheet, call_review_conflict as conflict, call_reviewer};
use crate::kernel::{busy, duplicate_or_busy};
use crate::records::CompanyId;
use crate::tx::Tx;
use crate::users::UserId;
use crate::{Result, Store, StoreError};

/// A member of a call's panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewerRecord {
    pub call_id: i64,
    pub user_id: UserId,
    pub name: String,
    pub email: String,
    /// The designated city they belong to; none for an outside expert.
    pub city: Option<CityCode>,
    pub added_at: DateTime<Utc>,
}

/// A conflict of interest a reviewer declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictRecord {
    pub user_id: UserId,
    pub company_id: CompanyId,
    pub reason: String,
    pub declared_at: DateTime<Utc>,
}

crate::records::id_type!(
    /// A review sheet's id.
    SheetId
);

/// One reviewer's sheet for one application.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SheetRecord {
    pub id: SheetId,
    pub call_id: i64,
    pub application_id: ApplicationId,
    pub user_id: UserId,
    pub assigned_by: String,
    /// The scores in the rubric's order, once scored.
    pub scores: Vec<u32>,
    /// The rubric scored on.
    pub rubric: Option<Rubric>,
    /// The weighted score out of 100.
    pub total: Option<f64>,
    pub panel_comment: String,
    pub applicant_comment: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl From<sheet::Model> for SheetRecord {
    fn from(m: sheet::Model) -> Self {
        SheetRecord {
            id: SheetId(m.id),
            call_id: m.call_id,
            application_id: ApplicationId(m.application_id),
            user_id: UserId(m.user_id),
            assigned_by: m.assigned_by,
            scores: m
                .scores
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default(),
            rubric: m.rubric.and_then(|r| serde_json::from_str(&r).ok()),
            total: m.total,
            panel_comment: m.panel_comment,
            applicant_comment: m.applicant_comment,
            submitted_at: m.submitted_at,
            version: m.version,
            updated_at: m.updated_at,
        }
    }
}

/// What a reviewer writes on a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetWrite {
    pub scores: Vec<u32>,
    pub rubric: Rubric,
    pub total: f64,
    pub panel_comment: String,
    pub applicant_comment: String,
    /// Submitted (final), or saved to go on later.
    pub submit: bool,
}

async fn audit_line<T: Serialize>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    object: (&'static str, String),
    (before, after): (Option<&T>, Option<&T>),
) -> Result<()> {
    let change = Change {
        action,
        city: None,
        object_type: object.0,
        object_id: object.1,
        before,
        after,
    };
    audit::record(db, actor, change).await
}

async fn read_sheet(db: &impl ConnectionTrait, id: SheetId) -> Result<SheetRecord> {
    sheet::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .map(SheetRecord::from)
        .ok_or(StoreError::NotFound)
}

impl Store {
    /// Adds a person to a call's panel, with their city, and its audit line, in the caller's
    /// transaction; one already on it is [`StoreError::Duplicate`].
    pub async fn add_reviewer(
        &self,
        tx: &Tx,
        call_id: i64,
        user: UserId,
        city: Option<&CityCode>,
        actor: &Actor,
    ) -> Result<()> {
        let row = call_reviewer::ActiveModel {
            call_id: Set(call_id),
            user_id: Set(user.0),
            city_code: Set(city.map(ToString::to_string)),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await
        .map_err(duplicate_or_busy("reviewer"))?;
        let after = serde_json::json!({
            "call": call_id, "user": user.0, "city": row.city_code,
        });
        let object = ("call_reviewer", format!("{call_id}/{}", user.0));
        audit_line(
            tx.conn(),
            actor,
            "call.reviewer_add",
            object,
            (None, Some(&after)),
        )
        .await
    }

    /// A call's panel, in the order they were added.
    pub async fn reviewers(&self, call_id: i64) -> Result<Vec<ReviewerRecord>> {
        let rows = call_reviewer::Entity::find()
            .filter(call_reviewer::Column::CallId.eq(call_id))
            .order_by_asc(call_reviewer::Column::Id)
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
        let users: HashMap<i64, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let u = users.get(&r.user_id);
                ReviewerRecord {
                    call_id: r.call_id,
                    user_id: UserId(r.user_id),
                    name: u.map(|u| u.display_name.clone()).unwrap_or_default(),
                    email: u.map(|u| u.email.clone()).unwrap_or_default(),
                    city: r.city_code.and_then(|c| CityCode::parse(&c).ok()),
                    added_at: r.created_at,
                }
            })
            .collect())
    }

    /// Records a reviewer's conflict of interest with a company and takes away their sheets
    /// not yet submitted for its applications to the call, with the audit line, in the
    /// caller's transaction. Declared twice is [`StoreError::Duplicate`].
    pub async fn declare_conflict(
        &self,
        tx: &Tx,
        call_id: i64,
        user: UserId,
        (company, applications): (CompanyId, &[ApplicationId]),
        reason: &str,
        actor: &Actor,
    ) -> Result<u64> {
        conflict::ActiveModel {
            call_id: Set(call_id),
            user_id: Set(user.0),
            company_id: Set(company.0),
            reason: Set(reason.to_owned()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(tx.conn())
        .await
        .map_err(duplicate_or_busy("company"))?;
        let removed = sheet::Entity::delete_many()
            .filter(sheet::Column::UserId.eq(user.0))
            .filter(sheet::Column::ApplicationId.is_in(applications.iter().map(|a| a.0)))
            .filter(sheet::Column::SubmittedAt.is_null())
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        let after = serde_json::json!({
            "call": call_id, "user": user.0, "company": company.0, "reason": reason,
            "sheets_removed": removed,
        });
        let object = ("call_review_conflict", format!("{call_id}/{}", user.0));
        audit_line(
            tx.conn(),
            actor,
            "call.conflict",
            object,
            (None, Some(&after)),
        )
        .await?;
        Ok(removed)
    }

    /// The conflicts declared on a call, read in the caller's transaction when it gives one.
    pub async fn conflicts(&self, tx: Option<&Tx>, call_id: i64) -> Result<Vec<ConflictRecord>> {
        let q = conflict::Entity::find()
            .filter(conflict::Column::CallId.eq(call_id))
            .order_by_asc(conflict::Column::Id);
        let rows = match tx {
            Some(tx) => q.all(tx.conn()).await?,
            None => q.all(&self.db).await?,
        };
        Ok(rows
            .into_iter()
            .map(|c| ConflictRecord {
                user_id: UserId(c.user_id),
                company_id: CompanyId(c.company_id),
                reason: c.reason,
                declared_at: c.created_at,
            })
            .collect())
    }

    /// Makes the sheets of assignments (application, reviewer), with one audit line, in the
    /// caller's transaction; an assignment that exists already is [`StoreError::Duplicate`].
    pub async fn assign_reviewers(
        &self,
        tx: &Tx,
        call_id: i64,
        pairs: &[(ApplicationId, UserId)],
        actor: &Actor,
    ) -> Result<()> {
        let now = Utc::now();
        for (application, user) in pairs {
            sheet::ActiveModel {
                call_id: Set(call_id),
                application_id: Set(application.0),
                user_id: Set(user.0),
                assigned_by: Set(actor.label.clone()),
                panel_comment: Set(String::new()),
                applicant_comment: Set(String::new()),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(tx.conn())
            .await
            .map_err(duplicate_or_busy("reviewer"))?;
        }
        let after: Vec<(i64, i64)> = pairs.iter().map(|(a, u)| (a.0, u.0)).collect();
        let object = ("call", call_id.to_string());
        audit_line(
            tx.conn(),
            actor,
            "call.assign",
            object,
            (None, Some(&after)),
        )
        .await
    }

    /// Takes away a sheet not yet submitted, with its audit line; a submitted one (or one
    /// gone) is [`StoreError::Conflict`].
    pub async fn unassign(&self, tx: &Tx, s: &SheetRecord, actor: &Actor) -> Result<()> {
        let gone = sheet::Entity::delete_many()
            .filter(sheet::Column::Id.eq(s.id.0))
            .filter(sheet::Column::SubmittedAt.is_null())
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if gone != 1 {
            return Err(StoreError::Conflict);
        }
        let object = ("call_review", s.id.to_string());
        audit_line(tx.conn(), actor, "call.unassign", object, (Some(s), None)).await
    }

    /// One sheet.
    pub async fn sheet(&self, id: SheetId) -> Result<SheetRecord> {
        read_sheet(&self.db, id).await
    }

    /// A call's sheets, read in the caller's transaction when it gives one, by application
    /// then in the order assigned.
    pub async fn sheets_of_call(&self, tx: Option<&Tx>, call_id: i64) -> Result<Vec<SheetRecord>> {
        let q = sheet::Entity::find()
            .filter(sheet::Column::CallId.eq(call_id))
            .order_by_asc(sheet::Column::ApplicationId)
            .order_by_asc(sheet::Column::Id);
        let rows = match tx {
            Some(tx) => q.all(tx.conn()).await?,
            None => q.all(&self.db).await?,
        };
        Ok(rows.into_iter().map(SheetRecord::from).collect())
    }

    /// The sheets of one application.
    pub async fn sheets_of_application(&self, id: ApplicationId) -> Result<Vec<SheetRecord>> {
        let rows = sheet::Entity::find()
            .filter(sheet::Column::ApplicationId.eq(id.0))
            .order_by_asc(sheet::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(SheetRecord::from).collect())
    }

    /// Writes a reviewer's sheet at the version they saw, while it is not submitted, with its
    /// audit line; anything else is [`StoreError::Conflict`].
    pub async fn write_sheet(
        &self,
        tx: &Tx,
        before: &SheetRecord,
        w: &SheetWrite,
        actor: &Actor,
    ) -> Result<SheetRecord> {
        let now = Utc::now();
        let mut update = sheet::Entity::update_many()
            .col_expr(
                sheet::Column::Scores,
                Expr::value(serde_json::to_string(&w.scores).ok()),
            )
            .col_expr(
                sheet::Column::Rubric,
                Expr::value(serde_json::to_string(&w.rubric).ok()),
            )
            .col_expr(sheet::Column::Total, Expr::value(w.total))
            .col_expr(
                sheet::Column::PanelComment,
                Expr::value(w.panel_comment.clone()),
            )
            .col_expr(
                sheet::Column::ApplicantComment,
                Expr::value(w.applicant_comment.clone()),
            )
            .col_expr(sheet::Column::Version, Expr::value(before.version + 1))
            .col_expr(sheet::Column::UpdatedAt, Expr::value(now));
        if w.submit {
            update = update.col_expr(sheet::Column::SubmittedAt, Expr::value(now));
        }
        let changed = update
            .filter(sheet::Column::Id.eq(before.id.0))
            .filter(sheet::Column::Version.eq(before.version))
            .filter(sheet::Column::SubmittedAt.is_null())
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let after = read_sheet(tx.conn(), before.id).await?;
        let action = if w.submit {
            "call_review.submit"
        } else {
            "call_review.save"
        };
        let object = ("call_review", before.id.to_string());
        audit_line(
            tx.conn(),
            actor,
            action,
            object,
            (Some(before), Some(&after)),
        )
        .await?;
        Ok(after)
    }

    /// Sets a call's rubric (none: the lead city's), at the call's version, with its audit
    /// line.
    pub async fn set_call_rubric(
        &self,
        call_id: i64,
        version: i64,
        rubric: &Rubric,
        actor: &Actor,
    ) -> Result<()> {
        let tx = self.begin().await?;
        let changed = call::Entity::update_many()
            .col_expr(
                call::Column::Rubric,
                Expr::value(serde_json::to_string(rubric).ok()),
            )
            .col_expr(call::Column::Version, Expr::value(version + 1))
            .col_expr(call::Column::UpdatedAt, Expr::value(Some(Utc::now())))
            .filter(call::Column::Id.eq(call_id))
            .filter(call::Column::Version.eq(version))
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let object = ("call", call_id.to_string());
        audit_line(
            tx.conn(),
            actor,
            "call.rubric",
            object,
            (None, Some(rubric)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
