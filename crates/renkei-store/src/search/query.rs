//! Queries and ranking: what the caller may see (its scope and the grants in force), the
//! candidates that hold the query's pairs, their scores, one page of them in order, and the
//! counts of each filter's values.

use std::collections::{HashMap, HashSet};

use renkei_domain::access::ListScope;
use renkei_domain::search::{Gram, coverage, fold, is_pair, query_grams};

use super::index::{Doc, DocKind, Inner, city_bit, type_no};
use crate::grants::shared_with_cities;
use crate::handle::Store;
use crate::kernel::Result;

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
            // Only published events and calls are indexed: anyone's to read.
            DocKind::Measure | DocKind::Event | DocKind::Call => true,
            // A showcased product: to anyone if public, else to every city's staff and
            // coordinators; not to those who read the product itself (its city, its company).
            DocKind::Showcase => {
                (d.public || staff)
                    && !self.in_scope(d.city_bit)
                    && !d.company.is_some_and(|c| scope.companies.contains(&c))
            }
            // A thread: every city's staff and coordinators when it is the network's, else
            // its cities' (a referral's receiving city once sent); never a company's people.
            DocKind::Thread if d.public => staff,
            DocKind::Thread => self.in_scope(d.city_bit) || self.in_scope(d.receiving_bit),
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
            // A case: its desk's city's staff and coordinators, the company's people (cases
            // are not shared by grants).
            DocKind::Case => {
                self.in_scope(d.city_bit) || d.company.is_some_and(|c| scope.companies.contains(&c))
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
    /// What `scope` may see, with the grants in force now.
    async fn viewing<'a>(&self, scope: &'a ListScope) -> Result<Viewing<'a>> {
        let cities: Vec<String> = scope.cities.iter().map(ToString::to_string).collect();
        let mut shared = HashSet::new();
        if !scope.all && !cities.is_empty() {
            for (t, id) in shared_with_cities(&self.db, &cities).await? {
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
        let mut candidates = candidates(&inner, &pairs);
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
        let mut kinds = [0usize; DocKind::ALL.len()];
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
            let score = score(d, &folded, &wanted, &pairs);
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

/// The records holding every pair of the query; if none does and the query has more than
/// two, those holding two thirds of them. Every record, when the query has no pair.
fn candidates(inner: &Inner, pairs: &[Gram]) -> Vec<u32> {
    if pairs.is_empty() {
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
    }
}

/// How close a record is to a query (its folded text, its grams and its pairs): how much of
/// the query its title holds counts double, then the rest of its text, then how its title
/// begins.
fn score(d: &Doc, folded: &str, wanted: &[Gram], pairs: &[Gram]) -> f64 {
    let mut score = 2.0 * coverage(wanted, &d.title_grams);
    if pairs.len() > 2 {
        // Only a partial match needs its share counted.
        score += coverage(pairs, &d.grams);
    } else {
        score += 1.0;
    }
    if d.title_folded == folded {
        score += 3.0;
    } else if d.title_folded.starts_with(folded) {
        score += 1.5;
    } else if d.title_folded.contains(folded) {
        score += 1.0;
    }
    // Shorter titles that hold the words are closer to what was asked.
    score -= (d.title_folded.len() as f64 / 1200.0).min(0.2);
    score
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

fn sorted<K: Ord + Clone>(mut v: Vec<(K, usize)>) -> Vec<(K, usize)> {
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
