//! Building the index from the database: each kind's records read as drafts (all of them, or
//! those a catch-up names), and the rebuild that replaces a node's index, noting the audit
//! ids not yet visible so that their changes are read when they commit.

use std::collections::HashMap;
use std::time::Instant;

use renkei_domain::catalog::{MEASURES, Scope};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::index::{DocKind, Draft, Inner, coordinator_key};
use super::position::Follow;
use crate::entity::{
    audit_log, company, need_seed, product, referral, sales_target, user, user_role,
};
use crate::handle::Store;
use crate::kernel::Result;
use crate::products::{ProductRecord, stage_column};
use crate::records::{ProductId, readable};
use crate::targets::SalesTargetRecord;

/// How far below the end of the audit trail a rebuild looks for ids not yet visible.
const RECENT_IDS: i64 = 200_000;

pub(super) fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The measures of the model, as drafts (they are compiled in, not read).
fn measure_drafts() -> Vec<Draft> {
    let kind = DocKind::Measure;
    let mut out = Vec::new();
    for m in MEASURES.iter() {
        let stage = match m.scope {
            Scope::Stage(s) => Some(s.number() as i16),
            Scope::AllStages => None,
        };
        let page = stage.map_or("common".to_owned(), |s| s.to_string());
        let mut d = Draft::new(kind, 0, m.name.ja, format!("/stages/{page}"));
        d.detail = m.description.ja.chars().take(60).collect();
        d.body = vec![
            m.name.en.to_owned(),
            m.description.ja.to_owned(),
            m.figure_label.unwrap_or_default().to_owned(),
        ];
        d.stage = stage;
        out.push(d);
    }
    // Measures have no numeric id: their place in the catalog is theirs.
    for (i, d) in out.iter_mut().enumerate() {
        d.id = i as i64;
    }
    out
}

impl Store {
    /// The drafts of some records of one kind (`None`: all of them), read from the database.
    pub(super) async fn drafts(&self, kind: DocKind, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        match kind {
            DocKind::Company => self.company_drafts(ids).await,
            DocKind::Product => self.product_drafts(ids).await,
            DocKind::Target => self.target_drafts(ids).await,
            DocKind::Referral => self.referral_drafts(ids).await,
            DocKind::Coordinator => self.coordinator_drafts(ids).await,
            DocKind::Need | DocKind::Seed => self.need_seed_drafts(kind, ids).await,
            DocKind::Measure => Ok(measure_drafts()),
            DocKind::Event => self.event_drafts(ids).await,
            DocKind::Case => self.case_drafts(ids).await,
            DocKind::Call => self.call_drafts(ids).await,
            DocKind::Showcase => self.showcase_drafts(ids).await,
            DocKind::Thread => self.thread_drafts(ids).await,
        }
    }

    /// Companies, under their home city.
    async fn company_drafts(&self, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let kind = DocKind::Company;
        let db = &self.db;
        let city = |code: &str| self.city_name(code);
        let mut out = Vec::new();
        let mut q = company::Entity::find();
        if let Some(ids) = ids {
            q = q.filter(company::Column::Id.is_in(ids.iter().copied()));
        }
        // A merged company lives on in the one it merged into.
        for c in q
            .all(db)
            .await?
            .into_iter()
            .filter(|c| c.merged_into.is_none())
        {
            let mut d = Draft::new(kind, c.id, &c.name, format!("/companies/{}", c.id));
            d.detail = format!("{} {}", city(&c.home_city), c.industry);
            d.body = vec![
                c.name_kana,
                c.industry,
                c.address,
                c.notes,
                city(&c.home_city),
            ];
            d.company_type = c.company_type;
            d.city = Some(c.home_city);
            d.company = Some(c.id);
            out.push(d);
        }
        Ok(out)
    }

    /// Products, with their company's name.
    async fn product_drafts(&self, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let kind = DocKind::Product;
        let db = &self.db;
        let city = |code: &str| self.city_name(code);
        let mut out = Vec::new();
        let mut q = product::Entity::find();
        if let Some(ids) = ids {
            q = q.filter(product::Column::Id.is_in(ids.iter().copied()));
        }
        let products: Vec<ProductRecord> = readable(q.all(db).await?);
        let names = self
            .companies_by_id(products.iter().map(|p| p.company_id))
            .await?;
        for p in products {
            let company = names.get(&p.company_id).map(|c| c.name.clone());
            let home = p.home_city.to_string();
            let mut d = Draft::new(kind, p.id.0, &p.name, format!("/products/{}", p.id));
            d.detail = format!("{} {}", company.clone().unwrap_or_default(), city(&home));
            d.body = vec![
                p.summary,
                p.target_users,
                company.unwrap_or_default(),
                city(&home),
            ];
            d.tags = lines(&p.category);
            d.city = Some(home);
            d.company = Some(p.company_id.0);
            d.stage = Some(stage_column(p.stage));
            d.company_type = p.company_type.map(|t| t.code().to_owned());
            out.push(d);
        }
        Ok(out)
    }

    /// Sales-channel targets, with their departments and interests as tags.
    async fn target_drafts(&self, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let kind = DocKind::Target;
        let db = &self.db;
        let city = |code: &str| self.city_name(code);
        let mut out = Vec::new();
        let mut q = sales_target::Entity::find();
        if let Some(ids) = ids {
            q = q.filter(sales_target::Column::Id.is_in(ids.iter().copied()));
        }
        for t in readable::<_, SalesTargetRecord>(q.all(db).await?) {
            let kind_name = t.kind.name().ja;
            let home = t.city_code.to_string();
            let mut d = Draft::new(kind, t.id.0, &t.name, format!("/sales-targets/{}", t.id));
            d.detail = format!("{kind_name} {} {}", city(&home), t.address);
            d.body = vec![t.name_kana, t.address, kind_name.to_owned(), city(&home)];
            d.tags = lines(&t.departments);
            d.tags.extend(lines(&t.interests));
            d.target_kind = Some(t.kind.code().to_owned());
            d.city = Some(home);
            out.push(d);
        }
        Ok(out)
    }

    /// Referrals, titled with their product's name.
    async fn referral_drafts(&self, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let kind = DocKind::Referral;
        let db = &self.db;
        let city = |code: &str| self.city_name(code);
        let mut out = Vec::new();
        let mut q = referral::Entity::find();
        if let Some(ids) = ids {
            q = q.filter(referral::Column::Id.is_in(ids.iter().copied()));
        }
        let referrals = q.all(db).await?;
        let products = self
            .products_by_id(referrals.iter().map(|r| ProductId(r.product_id)))
            .await?;
        for r in referrals {
            let name = products
                .get(&ProductId(r.product_id))
                .map(|p| p.name.clone())
                .unwrap_or_default();
            let mut d = Draft::new(kind, r.id, &name, format!("/referrals/{}", r.id));
            d.detail = format!("{} → {}", city(&r.sending_city), city(&r.receiving_city));
            d.body = vec![r.reason, city(&r.sending_city), city(&r.receiving_city)];
            d.company = Some(r.company_id);
            d.receiving =
                (r.sent_at.is_some() && r.state != "withdrawn").then_some(r.receiving_city);
            d.city = Some(r.sending_city);
            out.push(d);
        }
        Ok(out)
    }

    /// Coordinators: a record per active person and city.
    async fn coordinator_drafts(&self, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let kind = DocKind::Coordinator;
        let db = &self.db;
        let city = |code: &str| self.city_name(code);
        let mut out = Vec::new();
        let mut q = user_role::Entity::find().filter(user_role::Column::Role.eq("coordinator"));
        if let Some(ids) = ids {
            q = q.filter(user_role::Column::UserId.is_in(ids.iter().copied()));
        }
        let roles = q.all(db).await?;
        let users: HashMap<i64, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(roles.iter().map(|r| r.user_id)))
            .filter(user::Column::Active.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        for r in roles {
            let Some(u) = users.get(&r.user_id) else {
                continue;
            };
            let home = r.city_code.clone().unwrap_or_default();
            // One record per city a person coordinates for.
            let mut d = Draft::new(
                kind,
                coordinator_key(u.id, &home),
                &u.display_name,
                String::new(),
            );
            d.detail = format!("{} 医工連携コーディネーター", city(&home));
            d.body = vec![city(&home), "コーディネーター".to_owned()];
            d.city = Some(home);
            out.push(d);
        }
        Ok(out)
    }

    /// Needs or seeds (`kind`), with their fields as tags.
    async fn need_seed_drafts(&self, kind: DocKind, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let db = &self.db;
        let city = |code: &str| self.city_name(code);
        let mut out = Vec::new();
        let mut q = need_seed::Entity::find().filter(need_seed::Column::Kind.eq(kind.code()));
        if let Some(ids) = ids {
            q = q.filter(need_seed::Column::Id.is_in(ids.iter().copied()));
        }
        for n in q.all(db).await? {
            let mut d = Draft::new(kind, n.id, &n.title, format!("/needs-seeds/{}", n.id));
            d.detail = format!("{} {}", city(&n.city_code), n.source);
            d.body = vec![n.description, n.source, city(&n.city_code)];
            d.tags = lines(&n.fields);
            d.city = Some(n.city_code);
            out.push(d);
        }
        Ok(out)
    }

    /// Builds this node's index from the database (every record, then the audit lines written
    /// meanwhile). Returns how many records it holds.
    pub async fn rebuild_search_index(&self) -> Result<usize> {
        let mut follow = self.search.follow.lock().await;
        self.rebuild_locked(&mut follow).await
    }

    pub(super) async fn rebuild_locked(&self, follow: &mut Follow) -> Result<usize> {
        // The trail's end before reading: what is written while reading is applied after.
        let start: Option<i64> = audit_log::Entity::find()
            .select_only()
            .column(audit_log::Column::Id)
            .order_by_desc(audit_log::Column::Id)
            .limit(1)
            .into_tuple::<i64>()
            .one(&self.db)
            .await?;
        let mut inner = Inner::default();
        for kind in DocKind::ALL {
            for d in self.drafts(kind, None).await? {
                inner.put(d.finish());
            }
        }
        inner.shrink();
        let n = inner.by_key.len();
        *self.search.inner.write().expect("index lock") = inner;
        *follow = Follow {
            seen: start.unwrap_or(0),
            built: true,
            ..Default::default()
        };
        // Ids below the end not yet visible belong to transactions still open (a long import):
        // what they change is read when they commit.
        if let Some(end) = start {
            let recent: Vec<i64> = audit_log::Entity::find()
                .select_only()
                .column(audit_log::Column::Id)
                .filter(audit_log::Column::Id.gt(end - RECENT_IDS))
                .filter(audit_log::Column::Id.lte(end))
                .order_by_asc(audit_log::Column::Id)
                .into_tuple()
                .all(&self.db)
                .await?;
            let now = Instant::now();
            let mut expect = (end - RECENT_IDS + 1).max(1);
            for id in recent {
                if id > expect {
                    follow.missing.insert((expect, id - 1));
                    follow.missed_at.insert((expect, id - 1), now);
                }
                expect = id + 1;
            }
        }
        Ok(n)
    }
}
