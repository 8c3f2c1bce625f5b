//! In-app notifications (`notifications`, migration `m20261124_000011_referrals`) and the
//! e-mail that goes with each: written in the caller's transaction, so a notice exists
//! exactly when what it tells of happened. What a notice says and whom it goes to is the
//! application layer's; here are the people a city or a company acts through, the writing,
//! and each person's list.

use chrono::Utc;
use renkei_domain::city::CityCode;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set,
};

use crate::entity::{notification, user, user_role};
use crate::mail::{self, OutgoingMail};
use crate::records::readable;
use crate::referrals::{CompanyId, ReferralId};
use crate::tx::Tx;
use crate::users::{UserId, UserRecord};
use crate::{Result, Store};

pub use crate::referrals::NotificationRecord;

/// A notification to one person: the words in both languages and the page it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub ja: String,
    pub en: String,
    /// A path of the site, e.g. `/referrals/12`.
    pub link: String,
}

/// The active accounts holding the roles `roles` selects, in id order.
async fn active_holders(
    db: &impl ConnectionTrait,
    roles: Select<user_role::Entity>,
) -> Result<Vec<UserRecord>> {
    let ids: Vec<i64> = roles
        .select_only()
        .column(user_role::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?;
    Ok(readable(rows))
}

impl Store {
    /// The people who act for a city: its staff who may write (read-only staff are not told
    /// of steps they cannot take).
    pub async fn city_staff(&self, tx: &Tx, city: &CityCode) -> Result<Vec<UserRecord>> {
        let staff = user_role::Entity::find()
            .filter(user_role::Column::Role.eq("city-staff"))
            .filter(user_role::Column::CityCode.eq(city.to_string()))
            .filter(user_role::Column::ReadOnly.eq(false));
        active_holders(tx.conn(), staff).await
    }

    /// The people of a company (its company-user accounts).
    pub async fn company_users(&self, tx: &Tx, company: CompanyId) -> Result<Vec<UserRecord>> {
        let people = user_role::Entity::find()
            .filter(user_role::Column::Role.eq("company-user"))
            .filter(user_role::Column::ScopeId.eq(company.0));
        active_holders(tx.conn(), people).await
    }

    /// The contacts of a sales target (its target-contact accounts).
    pub async fn target_contacts(&self, tx: &Tx, target: i64) -> Result<Vec<UserRecord>> {
        let people = user_role::Entity::find()
            .filter(user_role::Column::Role.eq("target-contact"))
            .filter(user_role::Column::ScopeId.eq(target));
        active_holders(tx.conn(), people).await
    }

    /// Tells a person something, in the app and by e-mail, in the caller's transaction.
    /// `referral`: the referral it is about, if any.
    pub async fn notify(
        &self,
        tx: &Tx,
        person: &UserRecord,
        referral: Option<ReferralId>,
        notice: &Notice,
        mail: &OutgoingMail,
    ) -> Result<()> {
        notification::ActiveModel {
            user_id: Set(person.id.0),
            referral_id: Set(referral.map(|id| id.0)),
            message_ja: Set(notice.ja.clone()),
            message_en: Set(notice.en.clone()),
            link: Set(notice.link.clone()),
            created_at: Set(Utc::now()),
            read_at: Set(None),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        mail::enqueue(tx.conn(), mail).await.map(|_| ())
    }

    /// Queues an e-mail with a file attached, in the caller's transaction.
    pub async fn enqueue_mail_with(
        &self,
        tx: &Tx,
        mail: &OutgoingMail,
        attachment: &mail::MailAttachment,
    ) -> Result<()> {
        mail::enqueue_with(tx.conn(), mail, Some(attachment))
            .await
            .map(|_| ())
    }

    /// Queues an e-mail in the caller's transaction (to someone without an account).
    pub async fn enqueue_mail_in(&self, tx: &Tx, mail: &OutgoingMail) -> Result<()> {
        mail::enqueue(tx.conn(), mail).await.map(|_| ())
    }

    /// A person's latest notifications, newest first, and how many are unread.
    pub async fn notifications(&self, user_id: UserId) -> Result<(Vec<NotificationRecord>, u64)> {
        let unread = notification::Entity::find()
            .filter(notification::Column::UserId.eq(user_id))
            .filter(notification::Column::ReadAt.is_null())
            .count(&self.db)
            .await?;
        let items = notification::Entity::find()
            .filter(notification::Column::UserId.eq(user_id))
            .order_by_desc(notification::Column::Id)
            .limit(100)
            .all(&self.db)
            .await?;
        Ok((items.into_iter().map(Into::into).collect(), unread))
    }

    /// Marks all of a person's notifications read.
    pub async fn mark_notifications_read(&self, user_id: UserId) -> Result<()> {
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(Some(Utc::now())))
            .filter(notification::Column::UserId.eq(user_id))
            .filter(notification::Column::ReadAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(())
    }
}
