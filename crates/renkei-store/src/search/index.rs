//! The index and its records: what a record is as the index holds it (its kind, what it shows,
//! what it is filtered by, and the grams of its folded text), how a record read from the
//! database becomes one ([`Draft::finish`]), and the postings that find records by gram, by
//! key and by city.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::Instant;

use renkei_domain::search::{Gram, equivalents, fold, grams, is_pair};

use super::position::Follow;

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
    /// A published event (the public calendar's).
    Event,
    /// A consultation case at a city's desk.
    Case,
    /// A published call (公募).
    Call,
    /// A product shown to every designated city (or to anyone), by its company's consent.
    Showcase,
    /// A discussion thread between the cities, with its posts.
    Thread,
}

impl DocKind {
    pub const ALL: [DocKind; 13] = [
        DocKind::Company,
        DocKind::Product,
        DocKind::Target,
        DocKind::Coordinator,
        DocKind::Measure,
        DocKind::Referral,
        DocKind::Need,
        DocKind::Seed,
        DocKind::Event,
        DocKind::Case,
        DocKind::Call,
        DocKind::Showcase,
        DocKind::Thread,
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
            DocKind::Event => "event",
            DocKind::Case => "consultation",
            DocKind::Call => "call",
            DocKind::Showcase => "showcase",
            DocKind::Thread => "thread",
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
            DocKind::Event => Text::new("催し", "Events"),
            DocKind::Case => Text::new("相談", "Consultation cases"),
            DocKind::Call => Text::new("公募", "Calls"),
            DocKind::Showcase => Text::new("ショーケース（他都市の製品）", "Showcase"),
            DocKind::Thread => Text::new("スレッド（情報交換）", "Threads"),
        }
    }
}

/// What a record shows and is filtered by, as read from the database.
#[derive(Debug, Clone)]
pub(super) struct Meta {
    pub(super) kind: DocKind,
    pub(super) id: i64,
    pub(super) title: String,
    pub(super) detail: String,
    pub(super) link: String,
    /// The city it belongs to (a referral: the sending city).
    pub(super) city: Option<String>,
    /// A referral's receiving city, once the dossier was sent and while not withdrawn.
    pub(super) receiving: Option<String>,
    pub(super) company: Option<i64>,
    pub(super) stage: Option<i16>,
    pub(super) company_type: Option<String>,
    /// A target's kind.
    pub(super) target_kind: Option<String>,
    /// A target's departments and interests, a product's category: for matching's reasons.
    pub(super) tags: Vec<String>,
    /// A showcased product shown to anyone (else only to the network's staff and
    /// coordinators); a thread every city's staff and coordinators read (else only its
    /// `city`'s and `receiving`'s).
    pub(super) public: bool,
}

/// One record as the index holds it: what it is, and what is derived from it for searching.
#[derive(Debug, Clone)]
pub(super) struct Doc {
    pub(super) meta: Meta,
    /// Each tag's grams, with their signature (see [`signature`]).
    pub(super) tag_grams: Vec<(u64, Vec<Gram>)>,
    pub(super) title_folded: String,
    pub(super) title_grams: Vec<Gram>,
    pub(super) grams: Vec<Gram>,
    /// How many of `grams` are pairs (for similarities).
    pub(super) pairs: u32,
    /// `city` and `receiving` as bits of the designated cities (see [`city_bit`]), and the
    /// company type's place in `CompanyType::ALL` plus one: filters and counts by number.
    pub(super) city_bit: u32,
    pub(super) receiving_bit: u32,
    pub(super) type_no: u8,
    pub(super) alive: bool,
}

/// A 64-bit summary of grams: a text cannot hold grams whose bits its own summary lacks.
pub(super) fn signature(grams: &[Gram]) -> u64 {
    grams
        .iter()
        .fold(0, |s, g| s | 1 << (g.rotate_right(1) % 64))
}

/// A coordinator's record: the person and the city (a person may coordinate for several).
pub(super) fn coordinator_key(user: i64, city: &str) -> i64 {
    let place = renkei_domain::city::DESIGNATED_CITIES
        .iter()
        .position(|c| *c == city)
        .map_or(31, |i| i as i64);
    user * 32 + place
}

/// A designated city's bit (its place among the designated cities); 0 for any other code.
pub(super) fn city_bit(code: Option<&str>) -> u32 {
    code.and_then(|c| {
        renkei_domain::city::DESIGNATED_CITIES
            .iter()
            .position(|d| *d == c)
    })
    .map_or(0, |i| 1 << i)
}

pub(super) fn type_no(code: Option<&str>) -> u8 {
    code.and_then(|c| {
        renkei_domain::catalog::CompanyType::ALL
            .iter()
            .position(|t| t.code() == c)
    })
    .map_or(0, |i| i as u8 + 1)
}

pub(super) struct Draft {
    pub(super) meta: Meta,
    /// Everything else the record says, searched with a lower weight than its title.
    pub(super) body: Vec<String>,
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
    pub(super) fn new(kind: DocKind, id: i64, title: &str, link: String) -> Draft {
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
                public: false,
            },
            body: Vec::new(),
        }
    }

    pub(super) fn finish(self) -> Doc {
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

#[derive(Default)]
pub(super) struct Inner {
    pub(super) docs: Vec<Doc>,
    pub(super) postings: HashMap<Gram, Vec<u32>>,
    pub(super) by_key: HashMap<(DocKind, i64), u32>,
    /// The records of a kind in a city (matching looks in one city).
    pub(super) by_city: HashMap<(DocKind, String), Vec<u32>>,
}

impl Inner {
    pub(super) fn put(&mut self, doc: Doc) {
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
    pub(super) fn in_city(&self, kind: DocKind, city: &str) -> impl Iterator<Item = &Doc> {
        self.by_city
            .get(&(kind, city.to_owned()))
            .into_iter()
            .flatten()
            .map(|i| &self.docs[*i as usize])
            .filter(|d| d.alive)
    }

    /// Gives back the room the lists grew into while being built.
    pub(super) fn shrink(&mut self) {
        for l in self.postings.values_mut() {
            l.shrink_to_fit();
        }
        self.postings.shrink_to_fit();
        self.docs.shrink_to_fit();
    }

    pub(super) fn remove(&mut self, kind: DocKind, id: i64) {
        if let Some(old) = self.by_key.remove(&(kind, id)) {
            self.docs[old as usize].alive = false;
        }
    }

    pub(super) fn live(&self) -> impl Iterator<Item = &Doc> {
        self.docs.iter().filter(|d| d.alive)
    }
}

/// A node's search index.
#[derive(Default)]
pub struct SearchIndex {
    pub(super) inner: RwLock<Inner>,
    pub(super) follow: tokio::sync::Mutex<Follow>,
    /// When the latest completed catch-up began reading the audit trail: a request that
    /// began before it finds everything committed before it began already applied.
    pub(super) read_since: std::sync::Mutex<Option<Instant>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let docs = self.inner.read().map_or(0, |i| i.by_key.len());
        f.debug_struct("SearchIndex").field("docs", &docs).finish()
    }
}
