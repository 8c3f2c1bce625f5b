//! Dates as Japanese offices write them: 西暦 (`2026-04-01`, `2026/4/1`, `2026年4月1日`) and
//! 和暦 (`令和8年4月1日`, `令和元年5月1日`, `R8.4.1`), in full- or half-width digits.

use chrono::{Datelike, NaiveDate};

use crate::text::fold;

struct Era {
    name: &'static str,
    letter: char,
    start: (i32, u32, u32),
}

/// The modern eras, newest first.
const ERAS: [Era; 4] = [
    Era {
        name: "令和",
        letter: 'R',
        start: (2019, 5, 1),
    },
    Era {
        name: "平成",
        letter: 'H',
        start: (1989, 1, 8),
    },
    Era {
        name: "昭和",
        letter: 'S',
        start: (1926, 12, 25),
    },
    Era {
        name: "大正",
        letter: 'T',
        start: (1912, 7, 30),
    },
];

/// Parses a date in any of the forms above. Returns `None` when it is not a real date, or
/// when a 和暦 date falls outside its era.
pub fn parse(input: &str) -> Option<NaiveDate> {
    let s = fold(input).replace(' ', "");
    if s.is_empty() {
        return None;
    }
    for era in &ERAS {
        let rest = s
            .strip_prefix(era.name)
            .or_else(|| s.strip_prefix(era.letter))
            .or_else(|| s.strip_prefix(era.letter.to_ascii_lowercase()));
        if let Some(rest) = rest {
            let rest = rest.replacen("元", "1", 1);
            let [y, m, d] = split3(&rest)?;
            if y == 0 {
                return None;
            }
            let year = era.start.0 + y as i32 - 1;
            let date = NaiveDate::from_ymd_opt(year, m, d)?;
            let start = NaiveDate::from_ymd_opt(era.start.0, era.start.1, era.start.2)?;
            let next_start = ERAS
                .iter()
                .take_while(|e| e.name != era.name)
                .last()
                .and_then(|e| NaiveDate::from_ymd_opt(e.start.0, e.start.1, e.start.2));
            if date < start || next_start.is_some_and(|n| date >= n) {
                return None;
            }
            return Some(date);
        }
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let (y, md) = s.split_at(4);
        let (m, d) = md.split_at(2);
        return NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    }
    let [y, m, d] = split3(&s)?;
    if !(1000..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// Splits `8年4月1日`, `8.4.1`, `2026-04-01` or `2026/4/1` into three numbers.
fn split3(s: &str) -> Option<[u32; 3]> {
    let s = s.strip_suffix('日').unwrap_or(s);
    let parts: Vec<&str> = s.split(['年', '月', '.', '-', '/']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some([
        parts[0].parse().ok()?,
        parts[1].parse().ok()?,
        parts[2].parse().ok()?,
    ])
}

/// Formats a date in 和暦, as `令和8年4月1日` (`令和元年` for the first year).
pub fn wareki(date: NaiveDate) -> String {
    for era in &ERAS {
        let start =
            NaiveDate::from_ymd_opt(era.start.0, era.start.1, era.start.2).expect("era start");
        if date >= start {
            let y = date.year() - era.start.0 + 1;
            let year = if y == 1 {
                "元".to_owned()
            } else {
                y.to_string()
            };
            return format!("{}{}年{}月{}日", era.name, year, date.month(), date.day());
        }
    }
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// The fiscal year (年度) a day falls in: April to March, named by the year it starts in.
pub fn fiscal_year(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// A fiscal year as people name it: `2026年度（令和8年度）` (the era of its May, so that the
/// year the era changed reads `令和元年度`, as the government names it).
pub fn fiscal_year_name(year: i32) -> String {
    let start = NaiveDate::from_ymd_opt(year, 5, 1).unwrap_or_default();
    let era = wareki(start);
    let era_year = era.split('年').next().unwrap_or_default();
    format!("{year}年度（{era_year}年度）")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn parses_western_forms() {
        assert_eq!(parse("2026-04-01"), d(2026, 4, 1));
        assert_eq!(parse("2026/4/1"), d(2026, 4, 1));
        assert_eq!(parse("２０２６年４月１日"), d(2026, 4, 1));
        assert_eq!(parse("20260401"), d(2026, 4, 1));
        assert_eq!(parse("2026-02-30"), None);
        assert_eq!(parse("26-4-1"), None);
        assert_eq!(parse(""), None);
    }

    #[test]
    fn parses_wareki() {
        assert_eq!(parse("令和8年4月1日"), d(2026, 4, 1));
        assert_eq!(parse("令和元年5月1日"), d(2019, 5, 1));
        assert_eq!(parse("R8.4.1"), d(2026, 4, 1));
        assert_eq!(parse("Ｈ３１．４．３０"), d(2019, 4, 30));
        assert_eq!(parse("平成31年5月1日"), None, "平成 ended on 30 April 2019");
        assert_eq!(parse("令和元年4月30日"), None, "令和 began on 1 May 2019");
        assert_eq!(parse("昭和64年1月7日"), d(1989, 1, 7));
    }

    #[test]
    fn formats_wareki() {
        assert_eq!(wareki(d(2026, 4, 1).unwrap()), "令和8年4月1日");
        assert_eq!(wareki(d(2019, 5, 1).unwrap()), "令和元年5月1日");
        assert_eq!(wareki(d(2019, 4, 30).unwrap()), "平成31年4月30日");
    }

    #[test]
    fn a_fiscal_year_runs_from_april_and_is_named_in_both_calendars() {
        assert_eq!(fiscal_year(d(2027, 3, 31).unwrap()), 2026);
        assert_eq!(fiscal_year(d(2026, 4, 1).unwrap()), 2026);
        assert_eq!(fiscal_year_name(2026), "2026年度（令和8年度）");
        assert_eq!(fiscal_year_name(2019), "2019年度（令和元年度）");
    }
}
