//! Discussion threads between the cities as the store keeps them: a thread started with its
//! first post, and each post after, in the caller's transaction (so the notices of the
//! people it mentions commit with it), each with its audit line (object `thread`, which the
//! search index follows); the threads and their posts; the posts after a point (what a
//! digest tells of); and each person's weekly digest claimed once, by a conditional update,
//! whichever node gets there first. No words and no decision on who reads what
//! (`renkei_domain::network::thread`, `access::threads`).

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::network::thread::{Kind, ThreadFacts};
use sea_orm::sea_query::{Expr, OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::{
    product_showcase, referral, thread as th, thread_digest as dg, thread_post as tp,
};
use crate::kernel::busy;
use crate::records::{ProductId, ReferralId, Unreadable, code, coded, found, known, readable};
use crate::tx::Tx;
use crate::{Result, Store};

crate::records::id_type!(
    /// A discussion thread's id.
    ThreadId
);

coded!(Kind);

/// What a thread is about, with the cities kept with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadAbout {
    Topic,
    /// A product, of its home city.
    Product {
        id: ProductId,
        home: CityCode,
    },
    /// A referral, between its sending and its receiving city.
    Referral {
        id: ReferralId,
        sending: CityCode,
        receiving: CityCode,
    },
}

/// A thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadRecord {
    pub id: ThreadId,
    #[serde(serialize_with = "code")]
    pub kind: Kind,
    pub title: String,
    pub product_id: Option<ProductId>,
    pub referral_id: Option<ReferralId>,
    /// A product's home city, a referral's sending city.
    pub city: Option<CityCode>,
    /// A referral's receiving city.
    pub other_city: Option<CityCode>,
    pub author_id: Option<i64>,
    pub author_label: String,
    pub last_post_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<th::Model> for ThreadRecord {
    type Error = Unreadable;

    fn try_from(m: th::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "threads";
        let city = |field, c: &Option<String>| match c {
            Some(c) => known(T, m.id, field, c, |c| CityCode::parse(c).ok()).map(Some),
            None => Ok(None),
        };
        Ok(ThreadRecord {
            id: ThreadId(m.id),
            kind: known(T, m.id, "kind", &m.kind, Kind::from_code)?,
            city: city("city_code", &m.city_code)?,
            other_city: city("other_city", &m.other_city)?,
            title: m.title,
            product_id: m.product_id.map(ProductId),
            referral_id: m.referral_id.map(ReferralId),
            author_id: m.author_id,
            author_label: m.author_label,
            last_post_at: m.last_post_at,
            created_at: m.created_at,
        })
    }
}

/// A post in a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostRecord {
    pub id: i64,
    pub thread_id: ThreadId,
    pub body: String,
    pub author_id: Option<i64>,
    pub author_label: String,
    pub created_at: DateTime<Utc>,
}

impl From<tp::Model> for PostRecord {
    fn from(m: tp::Model) -> Self {
        PostRecord {
            id: m.id,
            thread_id: ThreadId(m.thread_id),
            body: m.body,
            author_id: m.author_id,
            author_label: m.author_label,
            created_at: m.created_at,
        }
    }
}

/// Which threads a list holds: of one kind, about one product or one referral (each when
/// given).
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreadFilter {
    pub kind: Option<Kind>,
    pub product: Option<ProductId>,
    pub referral: Option<ReferralId>,
}

/// The audit line of a post: the thread's object, so that the index reads the thread again.
async fn audit_post(
    db: &impl ConnectionTrait,
    actor: &Actor,
    (action, thread): (&'static str, &ThreadRecord),
    post: &PostRecord,
) -> Result<()> {
    let change = Change {
        action,
        city: thread.city.as_ref(),
        object_type: "thread",
        object_id: thread.id.to_string(),
        before: None,
        after: Some(post),
    };
    audit::record(db, actor, change).await
}

async fn insert_post(
    db: &impl ConnectionTrait,
    thread: ThreadId,
    body: &str,
    (actor, now): (&Actor, DateTime<Utc>),
) -> Result<PostRecord> {
    let row = tp::ActiveModel {
        thread_id: Set(thread.0),
        body: Set(body.to_owned()),
        author_id: Set(actor.id),
        author_label: Set(actor.label.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.into())
}

impl Store {
    /// Starts a thread with its first post, with its audit lines, in the caller's
    /// transaction.
    pub async fn start_thread(
        &self,
        tx: &Tx,
        about: ThreadAbout,
        (title, body): (&str, &str),
        actor: &Actor,
    ) -> Result<(ThreadRecord, PostRecord)> {
        let now = Utc::now();
        let (kind, product, referral, city, other) = match about {
            ThreadAbout::Topic => (Kind::Topic, None, None, None, None),
            ThreadAbout::Product { id, home } => {
                (Kind::Product, Some(id.0), None, Some(home), None)
            }
            ThreadAbout::Referral {
                id,
                sending,
                receiving,
            } => (
                Kind::Referral,
                None,
                Some(id.0),
                Some(sending),
                Some(receiving),
            ),
        };
        let row = th::ActiveModel {
            kind: Set(kind.code().to_owned()),
            title: Set(title.to_owned()),
            product_id: Set(product),
            referral_id: Set(referral),
            city_code: Set(city.map(|c| c.to_string())),
            other_city: Set(other.map(|c| c.to_string())),
            author_id: Set(actor.id),
            author_label: Set(actor.label.clone()),
            last_post_at: Set(now),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let thread: ThreadRecord = found(Some(row))?;
        let change = Change {
            action: "thread.start",
            city: thread.city.as_ref(),
            object_type: "thread",
            object_id: thread.id.to_string(),
            before: None,
            after: Some(&thread),
        };
        audit::record(tx.conn(), actor, change).await?;
        let post = insert_post(tx.conn(), thread.id, body, (actor, now)).await?;
        audit_post(tx.conn(), actor, ("thread.post", &thread), &post).await?;
        Ok((thread, post))
    }

    /// Adds a post to a thread (and moves its last post's time), with its audit line, in the
    /// caller's transaction.
    pub async fn add_thread_post(
        &self,
        tx: &Tx,
        thread: &ThreadRecord,
        body: &str,
        actor: &Actor,
    ) -> Result<PostRecord> {
        let now = Utc::now();
        let post = insert_post(tx.conn(), thread.id, body, (actor, now)).await?;
        th::Entity::update_many()
            .col_expr(th::Column::LastPostAt, Expr::value(now))
            .filter(th::Column::Id.eq(thread.id.0))
            .exec(tx.conn())
            .await
            .map_err(busy)?;
        audit_post(tx.conn(), actor, ("thread.post", thread), &post).await?;
        Ok(post)
    }

    /// A thread, whoever asks (the caller asks the policy).
    pub async fn thread(&self, id: ThreadId) -> Result<Option<ThreadRecord>> {
        match found(th::Entity::find_by_id(id.0).one(&self.db).await?) {
            Ok(t) => Ok(Some(t)),
            Err(crate::StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The threads `filter` holds, the one with the latest post first (the caller keeps
    /// those the policy lets the person read).
    pub async fn threads(&self, filter: &ThreadFilter) -> Result<Vec<ThreadRecord>> {
        let mut q = th::Entity::find();
        if let Some(kind) = filter.kind {
            q = q.filter(th::Column::Kind.eq(kind.code()));
        }
        if let Some(p) = filter.product {
            q = q.filter(th::Column::ProductId.eq(p.0));
        }
        if let Some(r) = filter.referral {
            q = q.filter(th::Column::ReferralId.eq(r.0));
        }
        let rows = q
            .order_by_desc(th::Column::LastPostAt)
            .order_by_desc(th::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// The threads of `ids`.
    pub async fn threads_by_id(&self, ids: &[i64]) -> Result<Vec<ThreadRecord>> {
        let rows = th::Entity::find()
            .filter(th::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// What the policy knows of each of `threads`, in their order: a product's thread is the
    /// network's while the product is showcased (its company's consent in force now); a
    /// referral's is its receiving city's too once the dossier was sent.
    pub async fn thread_facts(&self, threads: &[ThreadRecord]) -> Result<Vec<ThreadFacts>> {
        use sea_orm::QuerySelect;
        let products: Vec<i64> = threads
            .iter()
            .filter_map(|t| t.product_id.map(|p| p.0))
            .collect();
        let referrals: Vec<i64> = threads
            .iter()
            .filter_map(|t| t.referral_id.map(|r| r.0))
            .collect();
        let showcased: Vec<i64> = if products.is_empty() {
            Vec::new()
        } else {
            product_showcase::Entity::find()
                .select_only()
                .column(product_showcase::Column::ProductId)
                .filter(product_showcase::Column::ProductId.is_in(products))
                .into_tuple()
                .all(&self.db)
                .await?
        };
        let sent: Vec<i64> = if referrals.is_empty() {
            Vec::new()
        } else {
            referral::Entity::find()
                .select_only()
                .column(referral::Column::Id)
                .filter(referral::Column::Id.is_in(referrals))
                .filter(referral::Column::SentAt.is_not_null())
                .into_tuple()
                .all(&self.db)
                .await?
        };
        Ok(threads
            .iter()
            .map(|t| match (t.kind, t.city, t.other_city) {
                (Kind::Product, Some(home), _) => ThreadFacts::product(
                    home,
                    t.product_id.is_some_and(|p| showcased.contains(&p.0)),
                ),
                (Kind::Referral, Some(sending), Some(receiving)) => ThreadFacts::referral(
                    sending,
                    receiving,
                    t.referral_id.is_some_and(|r| sent.contains(&r.0)),
                ),
                (Kind::Topic, ..) => ThreadFacts::topic(),
                // A row without its cities is read by no city.
                (kind, ..) => ThreadFacts {
                    kind,
                    network: false,
                    cities: Vec::new(),
                },
            })
            .collect())
    }

    /// A thread's posts, oldest first.
    pub async fn thread_posts(&self, id: ThreadId) -> Result<Vec<PostRecord>> {
        let rows = tp::Entity::find()
            .filter(tp::Column::ThreadId.eq(id.0))
            .order_by_asc(tp::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// How many posts each thread has, by thread.
    pub async fn thread_post_counts(&self) -> Result<std::collections::HashMap<i64, usize>> {
        use sea_orm::QuerySelect;
        let ids: Vec<i64> = tp::Entity::find()
            .select_only()
            .column(tp::Column::ThreadId)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut counts = std::collections::HashMap::new();
        for id in ids {
            *counts.entry(id).or_insert(0) += 1;
        }
        Ok(counts)
    }

    /// The posts after the post `after` (written at `since` or later, when given), oldest
    /// first.
    pub async fn thread_posts_after(
        &self,
        after: i64,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<PostRecord>> {
        let mut q = tp::Entity::find().filter(tp::Column::Id.gt(after));
        if let Some(since) = since {
            q = q.filter(tp::Column::CreatedAt.gte(since));
        }
        let rows = q.order_by_asc(tp::Column::Id).all(&self.db).await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The people whose digest of the week of Monday `week` was claimed already (by any
    /// node): what a tick need not try again.
    pub async fn thread_digests_claimed(
        &self,
        week: NaiveDate,
    ) -> Result<std::collections::HashSet<i64>> {
        let rows = dg::Entity::find()
            .filter(dg::Column::WeekOf.gte(week))
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(|r| r.user_id).collect())
    }

    /// Claims the digest of the week of Monday `week` for a person, in the caller's
    /// transaction: the last post their digests told of (0 before the first) for the one
    /// caller that gets it, none if it was claimed already (by this node or another).
    pub async fn claim_thread_digest(
        &self,
        tx: &Tx,
        user: i64,
        week: NaiveDate,
    ) -> Result<Option<i64>> {
        let never = NaiveDate::from_ymd_opt(2000, 1, 3).expect("a Monday");
        // The person's row, made once (a row made meanwhile by another node is kept).
        let stmt = Query::insert()
            .into_table(dg::Entity)
            .columns([dg::Column::UserId, dg::Column::WeekOf, dg::Column::SentUpTo])
            .values_panic([user.into(), never.into(), 0i64.into()])
            .on_conflict(
                OnConflict::column(dg::Column::UserId)
                    .do_nothing()
                    .to_owned(),
            )
            .to_owned();
        tx.conn().execute(&stmt).await.map_err(busy)?;
        let claimed = dg::Entity::update_many()
            .col_expr(dg::Column::WeekOf, Expr::value(week))
            .filter(dg::Column::UserId.eq(user))
            .filter(dg::Column::WeekOf.lt(week))
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if claimed != 1 {
            return Ok(None);
        }
        let row = dg::Entity::find_by_id(user).one(tx.conn()).await?;
        Ok(row.map(|r| r.sent_up_to))
    }

    /// Notes that a person's digest told of the posts up to `up_to`, in the caller's
    /// transaction (with the claim and the mail).
    pub async fn thread_digest_sent(
        &self,
        tx: &Tx,
        user: i64,
        up_to: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        dg::Entity::update_many()
            .col_expr(dg::Column::SentUpTo, Expr::value(up_to))
            .col_expr(dg::Column::SentAt, Expr::value(Some(now)))
            .filter(dg::Column::UserId.eq(user))
            .exec(tx.conn())
            .await
            .map_err(busy)?;
        Ok(())
    }
}
