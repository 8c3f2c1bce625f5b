//! The evidence's one shape: tables of figures, each with its title, columns and rows, and
//! the column its chart draws. The dashboards' pages, their JSON, the XLSX files and the PDF
//! reports all render the same tables, so that a chart and the table beside it, the page and
//! the download, always say the same. A figure is a count, yen, days or a share; or
//! suppressed (fewer than 3 records of another city); or none (nothing to measure).

use std::collections::BTreeMap;

use renkei_domain::Lang;
use renkei_domain::city::CityCode;
use renkei_domain::evidence::{Audience, Cell};

/// One figure of a table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    Count(Cell<i64>),
    Yen(Cell<i64>),
    /// Days (to a tenth); none when nothing was measured.
    Days(Cell<Option<f64>>),
    /// A share in percent (to a whole); none of nothing.
    Percent(Cell<Option<f64>>),
}

impl Figure {
    /// The figure as a number, for charts and JSON; none when suppressed or not measured.
    pub fn number(self) -> Option<f64> {
        match self {
            Figure::Count(c) | Figure::Yen(c) => c.value().map(|v| v as f64),
            Figure::Days(c) | Figure::Percent(c) => c.value().flatten(),
        }
    }

    pub fn is_suppressed(self) -> bool {
        match self {
            Figure::Count(c) | Figure::Yen(c) => c.is_suppressed(),
            Figure::Days(c) | Figure::Percent(c) => c.is_suppressed(),
        }
    }

    /// As the tables show it: `12`, `1,200,000円`, `3.5日`, `75%`; `3件未満` suppressed, `—`
    /// for nothing measured.
    pub fn text(self, lang: Lang) -> String {
        if self.is_suppressed() {
            return match lang {
                Lang::Ja => "3件未満".to_owned(),
                Lang::En => "fewer than 3".to_owned(),
            };
        }
        let Some(n) = self.number() else {
            return "—".to_owned();
        };
        match (self, lang) {
            (Figure::Count(_), _) => grouped(n as i64),
            (Figure::Yen(_), Lang::Ja) => format!("{}円", grouped(n as i64)),
            (Figure::Yen(_), Lang::En) => format!("¥{}", grouped(n as i64)),
            (Figure::Days(_), Lang::Ja) => format!("{n:.1}日"),
            (Figure::Days(_), Lang::En) => format!("{n:.1} days"),
            (Figure::Percent(_), _) => format!("{n:.0}%"),
        }
    }
}

/// `1234567` as `1,234,567`.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A row: its label and one figure per column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub cells: Vec<Figure>,
}

/// A table of figures, and which column its chart draws (none: no chart).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A stable key (`products-by-stage`), for the JSON and the tests.
    pub key: &'static str,
    pub title: String,
    /// What the rows are (the first column's heading).
    pub rows_are: String,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
    pub chart: Option<usize>,
    /// A note under the table (how a figure is counted).
    pub note: String,
}

impl Table {
    /// The figure at a row (by label) and a column (by index), for tests and reports.
    pub fn figure(&self, row: &str, column: usize) -> Option<Figure> {
        self.rows
            .iter()
            .find(|r| r.label == row)
            .and_then(|r| r.cells.get(column).copied())
    }
}

/// A section of a dashboard: a subject and its tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub key: &'static str,
    pub title: String,
    pub tables: Vec<Table>,
}

/// Counts kept per key and per city, to tell the viewer's own records from other cities'.
#[derive(Debug, Clone, Default)]
pub struct Tally<K: Ord> {
    counts: BTreeMap<K, BTreeMap<CityCode, i64>>,
}

impl<K: Ord + Clone> Tally<K> {
    pub fn new() -> Self {
        Tally {
            counts: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, key: K, city: CityCode, n: i64) {
        *self.counts.entry(key).or_default().entry(city).or_default() += n;
    }

    /// The total of a key and how many of it are other cities' records.
    pub fn get(&self, key: &K, audience: &Audience) -> (i64, i64) {
        match self.counts.get(key) {
            None => (0, 0),
            Some(per_city) => (
                per_city.values().sum(),
                audience.others(per_city.iter().map(|(c, n)| (c, *n))),
            ),
        }
    }

    /// The count of a key as a figure for `audience`.
    pub fn cell(&self, key: &K, audience: &Audience) -> Figure {
        let (n, others) = self.get(key, audience);
        Figure::Count(Cell::of(n, others))
    }
}

/// Values (in seconds) kept per key with the city of each, for medians.
#[derive(Debug, Clone, Default)]
pub struct Durations<K: Ord> {
    values: BTreeMap<K, Vec<(CityCode, i64)>>,
}

impl<K: Ord + Clone> Durations<K> {
    pub fn new() -> Self {
        Durations {
            values: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, key: K, city: CityCode, seconds: i64) {
        self.values.entry(key).or_default().push((city, seconds));
    }

    /// The count, median and 90th percentile of a key, each suppressed alike when too few of
    /// its values are other cities'.
    pub fn figures(&self, key: &K, audience: &Audience) -> [Figure; 3] {
        let values = self.values.get(key).map(Vec::as_slice).unwrap_or_default();
        let secs: Vec<i64> = values.iter().map(|v| v.1).collect();
        let others = values.iter().filter(|(c, _)| !audience.owns(c)).count() as i64;
        let t = renkei_domain::evidence::Times::of_seconds(&secs);
        [
            Figure::Count(Cell::of(t.count as i64, others)),
            Figure::Days(Cell::of(t.median_days, others)),
            Figure::Days(Cell::of(t.p90_days, others)),
        ]
    }
}

/// Words in the viewer's language.
pub fn tr(lang: Lang, ja: &str, en: &str) -> String {
    match lang {
        Lang::Ja => ja.to_owned(),
        Lang::En => en.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_the_tables_show_them() {
        assert_eq!(grouped(1_200_000), "1,200,000");
        assert_eq!(grouped(999), "999");
        assert_eq!(
            Figure::Yen(Cell::Shown(1_500_000)).text(Lang::Ja),
            "1,500,000円"
        );
        assert_eq!(
            Figure::Days(Cell::Shown(Some(3.25))).text(Lang::Ja),
            "3.2日"
        );
        assert_eq!(Figure::Days(Cell::Shown(None)).text(Lang::Ja), "—");
        assert_eq!(Figure::Count(Cell::Suppressed).text(Lang::Ja), "3件未満");
        assert_eq!(
            Figure::Percent(Cell::Shown(Some(75.0))).text(Lang::En),
            "75%"
        );
    }
}
