//! Search and matching: one in-memory index per node over companies, products, sales-channel
//! targets, coordinators, the model's measures, referrals, needs and seeds, by the character
//! grams of their folded text (`renkei_domain::search`).
//!
//! It stays current by following the audit trail, which every change writes in the
//! transaction that makes it: before each search the node reads the audit lines after the
//! last it applied and re-reads the records they name. Ids of lines not yet visible (a
//! PostgreSQL transaction that took an id and has not committed) are waited for, up to a
//! minute, so no change is skipped; nothing else is shared between nodes. Visibility is
//! decided at query time with the caller's scope and the grants in force read then, so a
//! revoked grant or a changed role takes effect at the next search. `renkei reindex` asks
//! every node to rebuild from the database.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::RwLock;
use std::time::Instant;

use chrono::Utc;
use renkei_domain::access::ListScope;
use renkei_domain::catalog::{MEASURES, Scope};
use renkei_domain::search::{
    Gram, common_pairs, coverage, dice, equivalents, fold, grams, is_pair, query_grams,
};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::audit::{self, Actor, Change};
use crate::entity::{
    audit_log, company, grant, need_seed, product, referral, sales_target, user, user_role,
};
use crate::{Result, Store};

/// What a search finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DocKind {
    Company,
    Product,
    Target,
    Coordinator,
    Measure,
    Referral,
    Need,
    Seed,
}

impl DocKind {
    pub const ALL: [DocKind; 8] = [
        DocKind::Company,
        DocKind::Product,
        DocKind::Target,
        DocKind::Coordinator,
        DocKind::Measure,
        DocKind::Referral,
        DocKind::Need,
        DocKind::Seed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocKind::Company => "company",
            DocKind::Product => "product",
            DocKind::Target => "target",
            DocKind::Coordinator => "coordinator",
            DocKind::Measure => "measure",
            DocKind::Referral => "referral",
            DocKind::Need => "need",
            DocKind::Seed => "seed",
        }
    }

    pub fn from_code(code: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn name(self) -> renkei_domain::Text {
        use renkei_domain::Text;
        match self {
            DocKind::Company => Text::new("企業", "Companies"),
            DocKind::Product => Text::new("開発案件", "Products"),
            DocKind::Target => Text::new("販路開拓先", "Targets"),
            DocKind::Coordinator => Text::new("コーディネーター", "Coordinators"),
            DocKind::Measure => Text::new("支援施策", "Measures"),
            DocKind::Referral => Text::new("都市間の紹介", "Referrals"),
            DocKind::Need => Text::new("ニーズ", "Needs"),
            DocKind::Seed => Text::new("シーズ", "Seeds"),
        }
    }
}

/// What a record shows and is filtered by, as read from the database.
#[derive(Debug, Clone)]
struct Meta {
    kind: DocKind,
    id: i64,
    title: String,
    detail: String,
    link: String,
    /// The city it belongs to (a referral: the sending city).
    city: Option<String>,
    /// A referral's receiving city, once the dossier was sent and while not withdrawn.
    receiving: Option<String>,
    company: Option<i64>,
    stage: Option<i16>,
    company_type: Option<String>,
    /// A target's kind.
    target_kind: Option<String>,
    /// A target's departments and interests, a product's category: for matching's reasons.
    tags: Vec<String>,
}

/// One record as the index holds it: what it is, and what is derived from it for searching.
#[derive(Debug, Clone)]
struct Doc {
    meta: Meta,
    /// Each tag's grams, with their signature (see [`signature`]).
    tag_grams: Vec<(u64, Vec<Gram>)>,
    title_folded: String,
    title_grams: Vec<Gram>,
    grams: Vec<Gram>,
    /// How many of `grams` are pairs (for similarities).
    pairs: u32,
    /// `city` and `receiving` as bits of the designated cities (see [`city_bit`]), and the
    /// company type's place in `CompanyType::ALL` plus one: filters and counts by number.
    city_bit: u32,
    receiving_bit: u32,
    type_no: u8,
    alive: bool,
}

/// A 64-bit summary of grams: a text cannot hold grams whose bits its own summary lacks.
fn signature(grams: &[Gram]) -> u64 {
    grams
        .iter()
        .fold(0, |s, g| s | 1 << (g.rotate_right(1) % 64))
}

/// Whether a text (its grams and their signature) speaks of a tag: it holds every pair of
/// the tag, or one of its own tags is the same.
fn speaks_of(text: (&[Gram], u64), own_tags: &[(u64, Vec<Gram>)], tag: &(u64, Vec<Gram>)) -> bool {
    (tag.0 & !text.1 == 0 && !tag.1.is_empty() && coverage(&tag.1, text.0) >= 0.99)
        || own_tags.iter().any(|t| t.1 == tag.1)
}

/// A coordinator's record: the person and the city (a person may coordinate for several).
fn coordinator_key(user: i64, city: &str) -> i64 {
    let place = renkei_domain::city::DESIGNATED_CITIES
        .iter()
        .position(|c| *c == city)
        .map_or(31, |i| i as i64);
    user * 32 + place
}

/// A designated city's bit (its place among the designated cities); 0 for any other code.
fn city_bit(code: Option<&str>) -> u32 {
    code.and_then(|c| {
        renkei_domain::city::DESIGNATED_CITIES
            .iter()
            .position(|d| *d == c)
    })
    .map_or(0, |i| 1 << i)
}

fn type_no(code: Option<&str>) -> u8 {
    code.and_then(|c| {
        renkei_domain::catalog::CompanyType::ALL
            .iter()
            .position(|t| t.code() == c)
    })
    .map_or(0, |i| i as u8 + 1)
}

struct Draft {
    meta: Meta,
    /// Everything else the record says, searched with a lower weight than its title.
    body: Vec<String>,
}

impl std::ops::Deref for Doc {
    type Target = Meta;

    fn deref(&self) -> &Meta {
        &self.meta
    }
}

impl std::ops::Deref for Draft {
    type Target = Meta;

    fn deref(&self) -> &Meta {
        &self.meta
    }
}

impl std::ops::DerefMut for Draft {
    fn deref_mut(&mut self) -> &mut Meta {
        &mut self.meta
    }
}

impl Draft {
    fn new(kind: DocKind, id: i64, title: &str, link: String) -> Draft {
        Draft {
            meta: Meta {
                kind,
                id,
                title: title.to_owned(),
                detail: String::new(),
                link,
                city: None,
                receiving: None,
                company: None,
                stage: None,
                company_type: None,
                target_kind: None,
                tags: Vec::new(),
            },
            body: Vec::new(),
        }
    }

    fn finish(self) -> Doc {
        let title_folded = fold(&self.title);
        let mut text = title_folded.clone();
        for part in self.body.iter().chain(&self.tags) {
            text.push(' ');
            text.push_str(&fold(part));
        }
        let extra = equivalents(&text);
        text.push(' ');
        text.push_str(&extra);
        let mut title_text = title_folded.clone();
        title_text.push(' ');
        title_text.push_str(&equivalents(&title_folded));
        let grams = grams(&text);
        let meta = self.meta;
        Doc {
            tag_grams: meta
                .tags
                .iter()
                .map(|t| {
                    let g = renkei_domain::search::grams(&fold(t));
                    (signature(&g), g)
                })
                .collect(),
            title_folded,
            title_grams: renkei_domain::search::grams(&title_text),
            pairs: grams.iter().filter(|g| is_pair(**g)).count() as u32,
            grams,
            city_bit: city_bit(meta.city.as_deref()),
            receiving_bit: city_bit(meta.receiving.as_deref()),
            type_no: type_no(meta.company_type.as_deref()),
            meta,
            alive: true,
        }
    }
}

fn lines(s: &str) -> Vec<String> {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[derive(Default)]
struct Inner {
    docs: Vec<Doc>,
    postings: HashMap<Gram, Vec<u32>>,
    by_key: HashMap<(DocKind, i64), u32>,
    /// The records of a kind in a city (matching looks in one city).
    by_city: HashMap<(DocKind, String), Vec<u32>>,
}

impl Inner {
    fn put(&mut self, doc: Doc) {
        if let Some(old) = self.by_key.get(&(doc.kind, doc.id)).copied() {
            self.docs[old as usize].alive = false;
        }
        let at = self.docs.len() as u32;
        for g in &doc.grams {
            self.postings.entry(*g).or_default().push(at);
        }
        self.by_key.insert((doc.kind, doc.id), at);
        if let Some(city) = &doc.city {
            self.by_city
                .entry((doc.kind, city.clone()))
                .or_default()
                .push(at);
        }
        self.docs.push(doc);
    }

    /// The live records of a kind in a city.
    fn in_city(&self, kind: DocKind, city: &str) -> impl Iterator<Item = &Doc> {
        self.by_city
            .get(&(kind, city.to_owned()))
            .into_iter()
            .flatten()
            .map(|i| &self.docs[*i as usize])
            .filter(|d| d.alive)
    }

    /// Gives back the room the lists grew into while being built.
    fn shrink(&mut self) {
        for l in self.postings.values_mut() {
            l.shrink_to_fit();
        }
        self.postings.shrink_to_fit();
        self.docs.shrink_to_fit();
    }

    fn remove(&mut self, kind: DocKind, id: i64) {
        if let Some(old) = self.by_key.remove(&(kind, id)) {
            self.docs[old as usize].alive = false;
        }
    }

    fn live(&self) -> impl Iterator<Item = &Doc> {
        self.docs.iter().filter(|d| d.alive)
    }
}

/// Where a node is in the audit trail.
#[derive(Default)]
struct Follow {
    /// The highest audit id applied.
    seen: i64,
    /// Ids below `seen` not applied yet, as ranges (first, last) with when they were first
    /// missed: a transaction that took its ids and has not committed (a long import), or one
    /// that rolled back (given up on after [`GAP_PATIENCE`]).
    missing: BTreeSet<(i64, i64)>,
    missed_at: HashMap<(i64, i64), Instant>,
    built: bool,
}

impl Follow {
    /// Marks `id` applied: advances `seen` (ids jumped over become missing) or fills a gap.
    fn mark(&mut self, id: i64, now: Instant) {
        if id > self.seen {
            if id > self.seen + 1 {
                let range = (self.seen + 1, id - 1);
                self.missing.insert(range);
                self.missed_at.insert(range, now);
            }
            self.seen = id;
            return;
        }
        let Some(&range) = self.missing.iter().find(|(a, b)| *a <= id && id <= *b) else {
            return;
        };
        self.missing.remove(&range);
        let since = self.missed_at.remove(&range).unwrap_or(now);
        for part in [(range.0, id - 1), (id + 1, range.1)] {
            if part.0 <= part.1 {
                self.missing.insert(part);
                self.missed_at.insert(part, since);
            }
        }
    }

    /// Gives up on gaps missing for longer than the patience allows.
    fn expire(&mut self, now: Instant) {
        let old: Vec<(i64, i64)> = self
            .missed_at
            .iter()
            .filter(|(_, t)| now.duration_since(**t) >= GAP_PATIENCE)
            .map(|(r, _)| *r)
            .collect();
        for r in old {
            self.missing.remove(&r);
            self.missed_at.remove(&r);
        }
    }
}

/// A node's search index.
#[derive(Default)]
pub struct SearchIndex {
    inner: RwLock<Inner>,
    follow: tokio::sync::Mutex<Follow>,
    /// When the latest completed catch-up began reading the audit trail: a request that
    /// began before it finds everything committed before it began already applied.
    read_since: std::sync::Mutex<Option<Instant>>,
}

/// How long an audit id may be missing before it is taken as rolled back (longer than the
/// longest import transaction).
const GAP_PATIENCE: std::time::Duration = std::time::Duration::from_secs(30 * 60);

/// How far below the end of the audit trail a rebuild looks for ids not yet visible.
const RECENT_IDS: i64 = 200_000;

/// The audit-trail action that asks every node to rebuild its index.
pub const REINDEX_ACTION: &str = "search.reindex";

/// A search as asked.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    pub text: String,
    pub kind: Option<DocKind>,
    pub city: Option<String>,
    pub stage: Option<i16>,
    pub company_type: Option<String>,
    pub page: u64,
    pub per_page: u64,
}

/// One record found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: DocKind,
    pub id: i64,
    pub title: String,
    pub detail: String,
    pub link: String,
    pub city: Option<String>,
    pub score: f64,
}

/// What a search found: one page of hits, how many in all, and the counts per filter value
/// (each counted with the other filters applied).
#[derive(Debug, Clone, Default)]
pub struct SearchResult {
    pub hits: Vec<Hit>,
    pub total: usize,
    pub kinds: Vec<(DocKind, usize)>,
    pub cities: Vec<(String, usize)>,
    pub stages: Vec<(i16, usize)>,
    pub types: Vec<(String, usize)>,
}

/// A target ranked for a product, with why.
#[derive(Debug, Clone)]
pub struct TargetMatch {
    pub id: i64,
    pub name: String,
    pub score: f64,
    pub reasons: Vec<renkei_domain::Text>,
    pub details: Vec<String>,
}

/// A record like another, and how alike (0–1).
#[derive(Debug, Clone)]
pub struct Similar {
    pub kind: DocKind,
    pub id: i64,
    pub title: String,
    pub city: Option<String>,
    pub link: String,
    pub similarity: f64,
}

/// What the caller may see: its scope, with its cities as the index writes them, and the
/// records shared with its cities by grants in force now.
struct Viewing<'a> {
    scope: &'a ListScope,
    /// The caller's cities as bits (see [`city_bit`]).
    mask: u32,
    shared: HashSet<(DocKind, i64)>,
}

impl Viewing<'_> {
    fn in_scope(&self, bit: u32) -> bool {
        bit & self.mask != 0
    }

    fn sees(&self, d: &Doc) -> bool {
        let scope = self.scope;
        if scope.all {
            return true;
        }
        let staff = !scope.cities.is_empty();
        match d.kind {
            DocKind::Measure => true,
            // Coordinators are listed to every city; needs and seeds are matched across
            // cities.
            DocKind::Coordinator | DocKind::Need | DocKind::Seed => staff,
            DocKind::Target => self.in_scope(d.city_bit),
            DocKind::Company => {
                self.in_scope(d.city_bit)
                    || scope.companies.contains(&d.id)
                    || self.shared.contains(&(DocKind::Company, d.id))
            }
            DocKind::Product => {
                self.in_scope(d.city_bit)
                    || d.company.is_some_and(|c| {
                        scope.companies.contains(&c) || self.shared.contains(&(DocKind::Company, c))
                    })
                    || self.shared.contains(&(DocKind::Product, d.id))
            }
            DocKind::Referral => {
                self.in_scope(d.city_bit)
                    || d.company.is_some_and(|c| scope.companies.contains(&c))
                    || (self.in_scope(d.receiving_bit)
                        && self.shared.contains(&(DocKind::Referral, d.id)))
            }
        }
    }
}

impl Store {
    async fn viewing<'a>(&self, scope: &'a ListScope) -> Result<Viewing<'a>> {
        let cities: Vec<String> = scope.cities.iter().map(ToString::to_string).collect();
        let mut shared = HashSet::new();
        if !scope.all && !cities.is_empty() {
            let now = Utc::now();
            let rows: Vec<(String, String)> = grant::Entity::find()
                .select_only()
                .column(grant::Column::ObjectType)
                .column(grant::Column::ObjectId)
                .filter(grant::Column::GranteeCity.is_in(cities.clone()))
                .filter(grant::Column::RevokedAt.is_null())
                .filter(
                    Condition::any()
                        .add(grant::Column::ValidUntil.is_null())
                        .add(grant::Column::ValidUntil.gt(now)),
                )
                .into_tuple()
                .all(&self.db)
                .await?;
            for (t, id) in rows {
                let kind = match t.as_str() {
                    "company" => DocKind::Company,
                    "product" => DocKind::Product,
                    "referral" => DocKind::Referral,
                    _ => continue,
                };
                if let Ok(id) = id.parse() {
                    shared.insert((kind, id));
                }
            }
        }
        Ok(Viewing {
            scope,
            mask: scope
                .cities
                .iter()
                .fold(0, |m, c| m | city_bit(Some(&c.to_string()))),
            shared,
        })
    }

    /// The drafts of some records of one kind (`None`: all of them), read from the database.
    async fn drafts(&self, kind: DocKind, ids: Option<&[i64]>) -> Result<Vec<Draft>> {
        let db = &self.db;
        let city = |code: &str| self.city_name(code);
        let mut out = Vec::new();
        match kind {
            DocKind::Company => {
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
            }
            DocKind::Product => {
                let mut q = product::Entity::find();
                if let Some(ids) = ids {
                    q = q.filter(product::Column::Id.is_in(ids.iter().copied()));
                }
                let products = q.all(db).await?;
                let names = self
                    .companies_by_id(products.iter().map(|p| p.company_id))
                    .await?;
                for p in products {
                    let company = names.get(&p.company_id).map(|c| c.name.clone());
                    let mut d = Draft::new(kind, p.id, &p.name, format!("/products/{}", p.id));
                    d.detail = format!(
                        "{} {}",
                        company.clone().unwrap_or_default(),
                        city(&p.home_city)
                    );
                    d.body = vec![
                        p.summary,
                        p.target_users,
                        company.unwrap_or_default(),
                        city(&p.home_city),
                    ];
                    d.tags = lines(&p.category);
                    d.city = Some(p.home_city);
                    d.company = Some(p.company_id);
                    d.stage = Some(p.stage);
                    d.company_type = p.company_type;
                    out.push(d);
                }
            }
            DocKind::Target => {
                let mut q = sales_target::Entity::find();
                if let Some(ids) = ids {
                    q = q.filter(sales_target::Column::Id.is_in(ids.iter().copied()));
                }
                for t in q.all(db).await? {
                    let kind_name = renkei_domain::target::TargetKind::from_code(&t.kind)
                        .map_or("", |k| k.name().ja);
                    let mut d = Draft::new(kind, t.id, &t.name, format!("/sales-targets/{}", t.id));
                    d.detail = format!("{kind_name} {} {}", city(&t.city_code), t.address);
                    d.body = vec![
                        t.name_kana,
                        t.address,
                        kind_name.to_owned(),
                        city(&t.city_code),
                    ];
                    d.tags = lines(&t.departments);
                    d.tags.extend(lines(&t.interests));
                    d.target_kind = Some(t.kind);
                    d.city = Some(t.city_code);
                    out.push(d);
                }
            }
            DocKind::Referral => {
                let mut q = referral::Entity::find();
                if let Some(ids) = ids {
                    q = q.filter(referral::Column::Id.is_in(ids.iter().copied()));
                }
                let referrals = q.all(db).await?;
                let products = self
                    .products_by_id(referrals.iter().map(|r| r.product_id))
                    .await?;
                for r in referrals {
                    let name = products
                        .get(&r.product_id)
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
            }
            DocKind::Coordinator => {
                let mut q =
                    user_role::Entity::find().filter(user_role::Column::Role.eq("coordinator"));
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
            }
            DocKind::Need | DocKind::Seed => {
                let mut q =
                    need_seed::Entity::find().filter(need_seed::Column::Kind.eq(kind.code()));
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
            }
            DocKind::Measure => {
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
            }
        }
        Ok(out)
    }

    /// Builds this node's index from the database (every record, then the audit lines written
    /// meanwhile). Returns how many records it holds.
    pub async fn rebuild_search_index(&self) -> Result<usize> {
        let mut follow = self.search.follow.lock().await;
        self.rebuild_locked(&mut follow).await
    }

    async fn rebuild_locked(&self, follow: &mut Follow) -> Result<usize> {
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

    /// Applies the audit lines written since this node last looked (building the index
    /// first, if this node has none yet).
    pub async fn catch_up_search_index(&self) -> Result<()> {
        let begun = Instant::now();
        let fresh = || {
            self.search
                .read_since
                .lock()
                .expect("catch-up clock")
                .is_some_and(|t| t >= begun)
        };
        if fresh() {
            return Ok(());
        }
        let mut follow = self.search.follow.lock().await;
        // Another request may have caught up while this one waited.
        if fresh() {
            return Ok(());
        }
        let reading = Instant::now();
        if !follow.built {
            self.rebuild_locked(&mut follow).await?;
        }
        // The lines after the last seen, and any that were missing below it.
        let mut wanted = Condition::any().add(audit_log::Column::Id.gt(follow.seen));
        for (first, last) in follow.missing.iter().take(50) {
            wanted = wanted.add(audit_log::Column::Id.between(*first, *last));
        }
        let rows: Vec<(i64, String, String, String)> = audit_log::Entity::find()
            .select_only()
            .column(audit_log::Column::Id)
            .column(audit_log::Column::Action)
            .column(audit_log::Column::ObjectType)
            .column(audit_log::Column::ObjectId)
            .filter(wanted)
            .order_by_asc(audit_log::Column::Id)
            .limit(50_000)
            .into_tuple()
            .all(&self.db)
            .await?;
        let now = Instant::now();
        follow.expire(now);
        if rows.is_empty() {
            *self.search.read_since.lock().expect("catch-up clock") = Some(reading);
            return Ok(());
        }
        let mut changed: HashMap<DocKind, Vec<i64>> = HashMap::new();
        let mut rebuild = false;
        for (id, action, object_type, object_id) in &rows {
            follow.mark(*id, now);
            if action == REINDEX_ACTION {
                rebuild = true;
            }
            let kind = match object_type.as_str() {
                "company" => Some(DocKind::Company),
                "product" => Some(DocKind::Product),
                "sales_target" => Some(DocKind::Target),
                "referral" => Some(DocKind::Referral),
                "user" => Some(DocKind::Coordinator),
                "need_seed" => None,
                _ => continue,
            };
            let Ok(object) = object_id.parse::<i64>() else {
                continue;
            };
            match kind {
                Some(k) => changed.entry(k).or_default().push(object),
                None => {
                    changed.entry(DocKind::Need).or_default().push(object);
                    changed.entry(DocKind::Seed).or_default().push(object);
                }
            }
            // A referral's title is its product's name.
            if kind == Some(DocKind::Product) {
                let referrals: Vec<i64> = referral::Entity::find()
                    .select_only()
                    .column(referral::Column::Id)
                    .filter(referral::Column::ProductId.eq(object))
                    .into_tuple()
                    .all(&self.db)
                    .await?;
                changed
                    .entry(DocKind::Referral)
                    .or_default()
                    .extend(referrals);
            }
            // A product's company name is in its text, and a company's change can be a merge
            // (its products and referrals move to the company it merged into).
            if kind == Some(DocKind::Company) {
                let referrals: Vec<i64> = referral::Entity::find()
                    .select_only()
                    .column(referral::Column::Id)
                    .filter(referral::Column::CompanyId.eq(object))
                    .into_tuple()
                    .all(&self.db)
                    .await?;
                changed
                    .entry(DocKind::Referral)
                    .or_default()
                    .extend(referrals);
                let products: Vec<i64> = product::Entity::find()
                    .select_only()
                    .column(product::Column::Id)
                    .filter(product::Column::CompanyId.eq(object))
                    .into_tuple()
                    .all(&self.db)
                    .await?;
                changed
                    .entry(DocKind::Product)
                    .or_default()
                    .extend(products);
            }
        }
        if rebuild {
            self.rebuild_locked(&mut follow).await?;
            *self.search.read_since.lock().expect("catch-up clock") = Some(reading);
            return Ok(());
        }
        for (kind, mut ids) in changed {
            ids.sort_unstable();
            ids.dedup();
            for chunk in ids.chunks(1000) {
                let drafts = self.drafts(kind, Some(chunk)).await?;
                let mut inner = self.search.inner.write().expect("index lock");
                for id in chunk {
                    if kind == DocKind::Coordinator {
                        for city in renkei_domain::city::DESIGNATED_CITIES {
                            inner.remove(kind, coordinator_key(*id, city));
                        }
                    } else {
                        inner.remove(kind, *id);
                    }
                }
                for d in drafts {
                    inner.put(d.finish());
                }
            }
        }
        *self.search.read_since.lock().expect("catch-up clock") = Some(reading);
        Ok(())
    }

    /// Asks every node to rebuild its index from the database (an audit line they follow),
    /// and rebuilds this one. Returns how many records it holds.
    pub async fn request_reindex(&self, actor: &Actor) -> Result<usize> {
        let change: Change<'_, ()> = Change {
            action: REINDEX_ACTION,
            city: None,
            object_type: "search",
            object_id: String::new(),
            before: None,
            after: None,
        };
        audit::record(&self.db, actor, change).await?;
        self.rebuild_search_index().await
    }

    /// Searches what `scope` may see.
    pub async fn search(&self, scope: &ListScope, q: &SearchQuery) -> Result<SearchResult> {
        self.catch_up_search_index().await?;
        let viewing = self.viewing(scope).await?;
        let folded = fold(&q.text);
        let wanted = query_grams(&folded);
        // Words of one character are looked for inside longer words, character by character.
        let singles: Vec<char> = folded
            .split(' ')
            .filter(|w| w.chars().count() == 1)
            .filter_map(|w| w.chars().next())
            .collect();
        let pairs: Vec<Gram> = wanted.iter().copied().filter(|g| is_pair(*g)).collect();
        if pairs.is_empty() && singles.is_empty() {
            return Ok(SearchResult::default());
        }
        let inner = self.search.inner.read().expect("index lock");
        // Candidates: the records holding every pair; if none does, those holding most.
        let mut candidates: Vec<u32> = if pairs.is_empty() {
            (0..inner.docs.len() as u32).collect()
        } else {
            let mut lists: Vec<&Vec<u32>> = pairs
                .iter()
                .map(|g| inner.postings.get(g).unwrap_or(&EMPTY))
                .collect();
            lists.sort_by_key(|l| l.len());
            let mut all: Vec<u32> = lists[0].clone();
            for l in &lists[1..] {
                all = intersect(&all, l);
                if all.is_empty() {
                    break;
                }
            }
            if all.is_empty() && pairs.len() > 2 {
                let mut hits: HashMap<u32, usize> = HashMap::new();
                for l in &lists {
                    for d in l.iter() {
                        *hits.entry(*d).or_default() += 1;
                    }
                }
                let need = (pairs.len() * 2).div_ceil(3);
                all = hits
                    .into_iter()
                    .filter(|(_, n)| *n >= need)
                    .map(|(d, _)| d)
                    .collect();
            }
            all
        };
        if !singles.is_empty() {
            candidates.retain(|i| {
                let d = &inner.docs[*i as usize];
                singles.iter().all(|c| d.title_folded.contains(*c))
            });
        }
        let want_city = q.city.as_deref().map(|c| city_bit(Some(c)));
        let want_type = q.company_type.as_deref().map(|t| type_no(Some(t)));
        // Which filters a record fails (one bit per filter: kind, city, stage, type).
        let fails = |d: &Doc| -> u8 {
            u8::from(q.kind.is_some_and(|k| k != d.kind))
                | u8::from(want_city.is_some_and(|c| c != d.city_bit || c == 0)) << 1
                | u8::from(q.stage.is_some_and(|s| d.stage != Some(s))) << 2
                | u8::from(want_type.is_some_and(|t| t != d.type_no || t == 0)) << 3
        };
        let mut kinds = [0usize; 8];
        let mut cities = [0usize; 32];
        let mut stages = [0usize; 9];
        let mut types = [0usize; 4];
        let mut found: Vec<(&Doc, f64)> = Vec::new();
        for i in candidates {
            let d = &inner.docs[i as usize];
            if !d.alive || !viewing.sees(d) {
                continue;
            }
            // Each filter's counts are taken with the other filters applied.
            let f = fails(d);
            if f & !1 == 0 {
                kinds[d.kind as usize] += 1;
            }
            if f & !2 == 0 && d.city_bit != 0 {
                cities[d.city_bit.trailing_zeros() as usize] += 1;
            }
            if f & !4 == 0
                && let Some(s) = d.stage
            {
                stages[s.clamp(0, 8) as usize] += 1;
            }
            if f & !8 == 0 && d.type_no != 0 {
                types[d.type_no as usize] += 1;
            }
            if f != 0 {
                continue;
            }
            let mut score = 2.0 * coverage(&wanted, &d.title_grams);
            if pairs.len() > 2 {
                // Only a partial match needs its share counted.
                score += coverage(&pairs, &d.grams);
            } else {
                score += 1.0;
            }
            if d.title_folded == folded {
                score += 3.0;
            } else if d.title_folded.starts_with(&folded) {
                score += 1.5;
            } else if d.title_folded.contains(&folded) {
                score += 1.0;
            }
            // Shorter titles that hold the words are closer to what was asked.
            score -= (d.title_folded.len() as f64 / 1200.0).min(0.2);
            found.push((d, score));
        }
        let order = |a: &(&Doc, f64), b: &(&Doc, f64)| {
            b.1.partial_cmp(&a.1)
                .unwrap_or(std::cmp::Ordering::Equal)
                // Of records as close, the record itself before what refers to it.
                .then_with(|| a.0.kind.cmp(&b.0.kind))
                .then_with(|| a.0.title.cmp(&b.0.title))
                .then_with(|| a.0.id.cmp(&b.0.id))
        };
        let total = found.len();
        let per_page = q.per_page.clamp(1, 200) as usize;
        let skip = (q.page.clamp(1, 1_000_000) as usize - 1) * per_page;
        // Only the records up to this page need their order.
        let upto = (skip + per_page).min(total);
        if upto > 0 && upto < total {
            found.select_nth_unstable_by(upto - 1, order);
            found.truncate(upto);
        }
        found.sort_by(order);
        let counted = |counts: &[usize], key: &dyn Fn(usize) -> Option<String>| {
            sorted(
                counts
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| **n > 0)
                    .filter_map(|(i, n)| Some((key(i)?, *n)))
                    .collect(),
            )
        };
        Ok(SearchResult {
            hits: found
                .iter()
                .skip(skip)
                .take(per_page)
                .map(|(d, score)| Hit {
                    kind: d.kind,
                    // A coordinator's record is the person's in one city: the person's id.
                    id: if d.kind == DocKind::Coordinator {
                        d.id / 32
                    } else {
                        d.id
                    },
                    title: d.title.clone(),
                    detail: d.detail.clone(),
                    link: d.link.clone(),
                    city: d.city.clone(),
                    score: *score,
                })
                .collect(),
            total,
            kinds: sorted(
                DocKind::ALL
                    .iter()
                    .filter(|k| kinds[**k as usize] > 0)
                    .map(|k| (*k, kinds[*k as usize]))
                    .collect(),
            ),
            cities: counted(&cities, &|i| {
                renkei_domain::city::DESIGNATED_CITIES
                    .get(i)
                    .map(|c| (*c).to_owned())
            }),
            stages: sorted(
                (1..=8)
                    .filter(|s| stages[*s] > 0)
                    .map(|s| (s as i16, stages[s]))
                    .collect(),
            ),
            types: counted(&types, &|i| {
                i.checked_sub(1)
                    .and_then(|i| renkei_domain::catalog::CompanyType::ALL.get(i))
                    .map(|t| t.code().to_owned())
            }),
        })
    }

    /// The receiving city's targets for a referral's product, ranked by fit: the kinds the
    /// company wants, departments and interests the product's text speaks to, and the
    /// similarity of their texts; each with its reasons.
    pub async fn match_targets(
        &self,
        product: i64,
        city: &str,
        wanted: &[String],
        limit: usize,
    ) -> Result<Vec<TargetMatch>> {
        use renkei_domain::Text;
        self.catch_up_search_index().await?;
        let inner = self.search.inner.read().expect("index lock");
        let Some(p) = inner
            .by_key
            .get(&(DocKind::Product, product))
            .map(|i| &inner.docs[*i as usize])
        else {
            return Ok(Vec::new());
        };
        let p_signature = signature(&p.grams);
        // Scored first, explained only for the best.
        let score_of = |t: &Doc| -> (f64, bool, bool, f64) {
            let kind = t.target_kind.as_ref().is_some_and(|k| wanted.contains(k));
            let tags = t
                .tag_grams
                .iter()
                .any(|tag| speaks_of((&p.grams, p_signature), &p.tag_grams, tag));
            let sim = dice(
                common_pairs(&p.grams, &t.grams),
                p.pairs as usize,
                t.pairs as usize,
            );
            let score = f64::from(u8::from(kind)) + 0.8 * f64::from(u8::from(tags)) + sim;
            (score, kind, tags, sim)
        };
        // The wanted kind and the tags are cheap to check and worth 1.0 and 0.8; the text's
        // similarity (at most 1.0) is the costly part. It is computed for the targets the
        // cheap checks select; the others (scoring at most 1.0) are scored too only when
        // fewer than `limit` selected targets score above 1.0.
        let base_of = |t: &Doc| {
            let kind = t.target_kind.as_ref().is_some_and(|k| wanted.contains(k));
            let tags = t
                .tag_grams
                .iter()
                .any(|tag| speaks_of((&p.grams, p_signature), &p.tag_grams, tag));
            f64::from(u8::from(kind)) + 0.8 * f64::from(u8::from(tags))
        };
        let sim_of = |t: &Doc| {
            dice(
                common_pairs(&p.grams, &t.grams),
                p.pairs as usize,
                t.pairs as usize,
            )
        };
        let targets: Vec<(&Doc, f64)> = inner
            .in_city(DocKind::Target, city)
            .map(|t| (t, base_of(t)))
            .collect();
        let mut scored: Vec<(f64, &Doc)> = targets
            .iter()
            .filter(|(_, base)| *base > 0.0)
            .map(|(t, base)| (base + sim_of(t), *t))
            .collect();
        let above_one = scored.iter().filter(|(s, _)| *s > 1.0).count();
        if above_one < limit {
            scored.extend(
                targets
                    .iter()
                    .filter(|(_, base)| *base == 0.0)
                    .map(|(t, _)| (sim_of(t), *t))
                    .filter(|(s, _)| *s > 0.0),
            );
        }
        let order = |a: &(f64, &Doc), b: &(f64, &Doc)| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| a.1.id.cmp(&b.1.id))
        };
        if scored.len() > limit && limit > 0 {
            scored.select_nth_unstable_by(limit - 1, order);
            scored.truncate(limit);
        }
        scored.sort_by(order);
        let mut out = Vec::new();
        for (score, t) in scored.into_iter().take(limit) {
            let (_, kind, tags, sim) = score_of(t);
            let mut reasons = Vec::new();
            let mut details = Vec::new();
            if kind {
                reasons.push(Text::new(
                    "企業が希望する販路の種別",
                    "A kind of channel the company wants",
                ));
            }
            if tags {
                reasons.push(Text::new(
                    "診療科・部門・関心分野が製品の分野や説明に合う",
                    "Departments or interests match the product",
                ));
                for (tag, g) in t.tags.iter().zip(&t.tag_grams) {
                    if speaks_of((&p.grams, p_signature), &p.tag_grams, g) {
                        details.push(tag.clone());
                    }
                }
            }
            if sim >= 0.08 {
                reasons.push(Text::new("製品の説明と文章が近い", "Similar in wording"));
            }
            out.push(TargetMatch {
                id: t.id,
                name: t.title.clone(),
                score,
                reasons,
                details,
            });
        }
        Ok(out)
    }

    /// Records of `kind` like a product, need or seed, best first, above `threshold`
    /// (`city`: only that city's; `exclude_company`: not that company's).
    pub async fn similar_to(
        &self,
        (of_kind, of_id): (DocKind, i64),
        kind: DocKind,
        city: Option<&str>,
        exclude_company: Option<i64>,
        threshold: f64,
        limit: usize,
    ) -> Result<Vec<Similar>> {
        self.catch_up_search_index().await?;
        let inner = self.search.inner.read().expect("index lock");
        let Some(source) = inner
            .by_key
            .get(&(of_kind, of_id))
            .map(|i| &inner.docs[*i as usize])
        else {
            return Ok(Vec::new());
        };
        let candidates: Box<dyn Iterator<Item = &Doc>> = match city {
            Some(c) => Box::new(inner.in_city(kind, c)),
            None => Box::new(inner.live().filter(|d| d.kind == kind)),
        };
        let mut out: Vec<Similar> = candidates
            .filter(|d| !(d.kind == of_kind && d.id == of_id))
            .filter(|d| exclude_company.is_none_or(|c| d.company != Some(c)))
            .filter_map(|d| {
                let s = dice(
                    common_pairs(&source.grams, &d.grams),
                    source.pairs as usize,
                    d.pairs as usize,
                );
                (s >= threshold).then(|| Similar {
                    kind: d.kind,
                    id: d.id,
                    title: d.title.clone(),
                    city: d.city.clone(),
                    link: d.link.clone(),
                    similarity: s,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.similarity
                .partial_cmp(&a.similarity)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        out.truncate(limit);
        Ok(out)
    }

    /// How many records this node's index holds, by kind (after catching up).
    pub async fn search_index_counts(&self) -> Result<Vec<(DocKind, usize)>> {
        self.catch_up_search_index().await?;
        let inner = self.search.inner.read().expect("index lock");
        let mut counts: HashMap<DocKind, usize> = HashMap::new();
        for d in inner.live() {
            *counts.entry(d.kind).or_default() += 1;
        }
        Ok(sorted(counts.into_iter().collect()))
    }
}

static EMPTY: Vec<u32> = Vec::new();

/// The ids in both sorted lists: by walking both when they are of like length, by looking
/// each of the short list up in the long one otherwise.
fn intersect(short: &[u32], long: &[u32]) -> Vec<u32> {
    if long.len() > short.len() * 16 {
        return short
            .iter()
            .copied()
            .filter(|d| long.binary_search(d).is_ok())
            .collect();
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(short.len());
    while i < short.len() && j < long.len() {
        match short[i].cmp(&long[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(short[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let docs = self.inner.read().map_or(0, |i| i.by_key.len());
        f.debug_struct("SearchIndex").field("docs", &docs).finish()
    }
}

fn sorted<K: Ord + Clone>(mut v: Vec<(K, usize)>) -> Vec<(K, usize)> {
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
