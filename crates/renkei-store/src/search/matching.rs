//! Matching: a city's targets ranked for a product (the kinds the company wants, the
//! departments and interests the product speaks of, the similarity of their texts, each with
//! its reasons), and records like another (competing products, needs and seeds).

use renkei_domain::search::{Gram, common_pairs, coverage, dice};

use super::index::{Doc, DocKind, signature};
use crate::handle::Store;
use crate::kernel::Result;

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

/// Whether a text (its grams and their signature) speaks of a tag: it holds every pair of
/// the tag, or one of its own tags is the same.
fn speaks_of(text: (&[Gram], u64), own_tags: &[(u64, Vec<Gram>)], tag: &(u64, Vec<Gram>)) -> bool {
    (tag.0 & !text.1 == 0 && !tag.1.is_empty() && coverage(&tag.1, text.0) >= 0.99)
        || own_tags.iter().any(|t| t.1 == tag.1)
}

impl Store {
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
}
