//! Review of a call's applications (審査): who may review whom, assignment in bulk, and the
//! panel's figures.
//!
//! A call's panel ([`Panelist`]) is invited per call and may come from any city, or none (an
//! outside expert). A panelist may not review an applicant they declared a conflict of
//! interest with (利益相反), and in a wide-area call nobody reviews an applicant of their own
//! city ([`bar`]). [`plan`] gives each application `k` reviewers, the least loaded first,
//! never a barred one, and says which applications it could not fill. Each sheet is scored on
//! the call's weighted rubric (`crate::review::Rubric`, out of 100); [`aggregate`] gives an
//! application's mean, median, total and spread (standard deviation), and [`ranking`] orders
//! the applications by mean. A reviewer sees no other sheet of an application before their
//! own is submitted ([`sees_others`]).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::city::CityCode;
use crate::i18n::Text;

/// A member of a call's panel: the person and the city they belong to, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Panelist {
    pub person: i64,
    pub city: Option<CityCode>,
}

/// An application as review needs it: its company and the company's home city.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub application: i64,
    pub company: i64,
    pub home_city: CityCode,
}

/// Why a panelist may not review an applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bar {
    /// A wide-area call, and the applicant is of the panelist's own city.
    OwnCity,
    /// The panelist declared a conflict of interest with the company.
    Conflict,
}

impl Bar {
    pub fn words(self) -> Text {
        match self {
            Bar::OwnCity => Text::new(
                "広域の公募では、自分の市の申請者は審査できません。",
                "In a wide-area call nobody reviews an applicant of their own city.",
            ),
            Bar::Conflict => Text::new(
                "利益相反を申告した申請者は審査できません。",
                "A reviewer does not review an applicant they declared a conflict with.",
            ),
        }
    }
}

/// Whether `panelist` may review `candidate`: `None` if so, else why not. `conflicts` are the
/// companies the panelist declared a conflict with.
pub fn bar(
    wide_area: bool,
    panelist: &Panelist,
    candidate: &Candidate,
    conflicts: &HashSet<(i64, i64)>,
) -> Option<Bar> {
    if conflicts.contains(&(panelist.person, candidate.company)) {
        Some(Bar::Conflict)
    } else if wide_area && panelist.city.as_ref() == Some(&candidate.home_city) {
        Some(Bar::OwnCity)
    } else {
        None
    }
}

/// What [`plan`] gives: the new assignments (application, person), and the applications it
/// could not give `k` reviewers, with how many they still lack.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub assignments: Vec<(i64, i64)>,
    pub short: Vec<(i64, usize)>,
}

/// Gives each candidate `k` reviewers in all, counting those it already has (`existing`,
/// pairs of application and person): the hardest applications (fewest possible reviewers)
/// first, each taking the possible panelists with the lightest load (ties by person id, so
/// the same input gives the same plan). Never a barred panelist, never one twice.
pub fn plan(
    k: usize,
    wide_area: bool,
    candidates: &[Candidate],
    panel: &[Panelist],
    conflicts: &HashSet<(i64, i64)>,
    existing: &[(i64, i64)],
) -> Plan {
    let mut load: BTreeMap<i64, usize> = panel.iter().map(|p| (p.person, 0)).collect();
    let mut taken: HashSet<(i64, i64)> = HashSet::new();
    for &(application, person) in existing {
        taken.insert((application, person));
        if let Some(l) = load.get_mut(&person) {
            *l += 1;
        }
    }
    let possible = |c: &Candidate| -> Vec<&Panelist> {
        panel
            .iter()
            .filter(|p| bar(wide_area, p, c, conflicts).is_none())
            .collect()
    };
    let mut order: Vec<&Candidate> = candidates.iter().collect();
    order.sort_by_key(|c| (possible(c).len(), c.application));
    let mut result = Plan::default();
    for c in order {
        let has = taken.iter().filter(|(a, _)| *a == c.application).count();
        let mut want = k.saturating_sub(has);
        let mut choices: Vec<&Panelist> = possible(c)
            .into_iter()
            .filter(|p| !taken.contains(&(c.application, p.person)))
            .collect();
        choices.sort_by_key(|p| (load.get(&p.person).copied().unwrap_or(0), p.person));
        for p in choices.into_iter().take(want) {
            taken.insert((c.application, p.person));
            *load.entry(p.person).or_default() += 1;
            result.assignments.push((c.application, p.person));
            want -= 1;
        }
        if want > 0 {
            result.short.push((c.application, want));
        }
    }
    result
}

/// The spread (standard deviation, out of 100) from which reviewers are shown as disagreeing.
pub const DISAGREEMENT: f64 = 15.0;

/// An application's figures from its submitted sheets (each a weighted score out of 100).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aggregate {
    pub sheets: usize,
    pub mean: f64,
    pub median: f64,
    pub total: f64,
    /// The population standard deviation: how far the reviewers disagree.
    pub spread: f64,
    /// Whether the spread is [`DISAGREEMENT`] or more.
    pub disagreement: bool,
}

fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The figures of `scores`, or `None` when there are none yet.
pub fn aggregate(scores: &[f64]) -> Option<Aggregate> {
    if scores.is_empty() {
        return None;
    }
    let n = scores.len() as f64;
    let total: f64 = scores.iter().sum();
    let mean = total / n;
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    let median = if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    };
    let spread = (scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n).sqrt();
    Some(Aggregate {
        sheets: scores.len(),
        mean: tenth(mean),
        median: tenth(median),
        total: tenth(total),
        spread: tenth(spread),
        disagreement: spread >= DISAGREEMENT,
    })
}

/// The applications in the panel's order: the highest mean first, then the highest median,
/// then the earliest application; those without a submitted sheet last.
pub fn ranking(figures: &[(i64, Option<Aggregate>)]) -> Vec<i64> {
    let mut order: Vec<&(i64, Option<Aggregate>)> = figures.iter().collect();
    order.sort_by(|(a, x), (b, y)| match (x, y) {
        (Some(x), Some(y)) => y
            .mean
            .total_cmp(&x.mean)
            .then(y.median.total_cmp(&x.median))
            .then(a.cmp(b)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(b),
    });
    order.into_iter().map(|(id, _)| *id).collect()
}

/// Whether a reviewer sees the other sheets of an application: only once their own is
/// submitted (the call's office sees them all).
pub fn sees_others(own_submitted: bool) -> bool {
    own_submitted
}

/// The longest comment kept, to the panel or to the applicant.
pub const COMMENT_MAX: usize = 4_000;

#[cfg(test)]
mod tests {
    use super::*;

    fn city(code: &str) -> CityCode {
        CityCode::parse(code).unwrap()
    }

    const CHIBA: &str = "121002";
    const KUMAMOTO: &str = "431001";
    const SAITAMA: &str = "111007";

    fn panelist(person: i64, c: &str) -> Panelist {
        Panelist {
            person,
            city: Some(city(c)),
        }
    }

    fn candidate(application: i64, c: &str) -> Candidate {
        Candidate {
            application,
            company: application * 10,
            home_city: city(c),
        }
    }

    #[test]
    fn nobody_reviews_their_own_city_in_a_wide_area_call() {
        let none = HashSet::new();
        let chiba = panelist(1, CHIBA);
        assert_eq!(
            bar(true, &chiba, &candidate(1, CHIBA), &none),
            Some(Bar::OwnCity)
        );
        assert_eq!(bar(false, &chiba, &candidate(1, CHIBA), &none), None);
        assert_eq!(bar(true, &chiba, &candidate(1, KUMAMOTO), &none), None);
        let declared = HashSet::from([(1, 20)]);
        assert_eq!(
            bar(false, &chiba, &candidate(2, KUMAMOTO), &declared),
            Some(Bar::Conflict)
        );
    }

    #[test]
    fn a_plan_balances_load_and_respects_every_bar() {
        let panel = [
            panelist(1, CHIBA),
            panelist(2, KUMAMOTO),
            panelist(3, SAITAMA),
            Panelist {
                person: 4,
                city: None,
            },
        ];
        let candidates: Vec<Candidate> = (1..=6)
            .map(|i| candidate(i, [CHIBA, KUMAMOTO, SAITAMA][(i % 3) as usize]))
            .collect();
        let conflicts = HashSet::from([(4, 10)]);
        let p = plan(2, true, &candidates, &panel, &conflicts, &[]);
        assert!(p.short.is_empty(), "{p:?}");
        assert_eq!(p.assignments.len(), 12);
        for (a, person) in &p.assignments {
            let c = candidates.iter().find(|c| c.application == *a).unwrap();
            let r = panel.iter().find(|r| r.person == *person).unwrap();
            assert_eq!(bar(true, r, c, &conflicts), None, "{a} → {person}");
        }
        let mut loads: BTreeMap<i64, usize> = BTreeMap::new();
        for (_, person) in &p.assignments {
            *loads.entry(*person).or_default() += 1;
        }
        assert_eq!(loads.values().copied().collect::<Vec<_>>(), [3, 3, 3, 3]);
        // The same input gives the same plan; what exists counts toward k.
        assert_eq!(p, plan(2, true, &candidates, &panel, &conflicts, &[]));
        let again = plan(2, true, &candidates, &panel, &conflicts, &p.assignments);
        assert_eq!(again, Plan::default());
    }

    #[test]
    fn a_plan_says_which_applications_it_could_not_fill() {
        let panel = [panelist(1, CHIBA), panelist(2, CHIBA)];
        let p = plan(
            2,
            true,
            &[candidate(1, CHIBA), candidate(2, KUMAMOTO)],
            &panel,
            &HashSet::new(),
            &[],
        );
        assert_eq!(p.assignments, [(2, 1), (2, 2)]);
        assert_eq!(p.short, [(1, 2)]);
    }

    #[test]
    fn figures_and_ranking() {
        let a = aggregate(&[80.0, 60.0, 70.0, 90.0]).unwrap();
        assert_eq!((a.mean, a.median, a.total), (75.0, 75.0, 300.0));
        assert_eq!(a.spread, 11.2);
        assert!(!a.disagreement);
        let b = aggregate(&[100.0, 40.0]).unwrap();
        assert_eq!((b.mean, b.spread, b.disagreement), (70.0, 30.0, true));
        assert_eq!(aggregate(&[]), None);
        let order = ranking(&[(1, Some(b)), (2, None), (3, Some(a))]);
        assert_eq!(order, [3, 1, 2]);
        assert!(!sees_others(false));
    }
}
