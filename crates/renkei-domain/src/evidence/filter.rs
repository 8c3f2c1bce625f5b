//! The dashboards' filter: a fiscal year (年度, April to March, named in 和暦 too), and
//! optionally a city, a company type (3類型) and a stage (8段階). Typed as query parameters;
//! anything else is told back in Japanese and English, field by field, never a failure.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::FieldError;
use crate::catalog::{CompanyType, Stage};
use crate::city::{CityCode, is_designated};
use crate::jdate::fiscal_year_name;
use crate::product::parse_stage;
use crate::text::fold;

/// The first and last fiscal years a filter may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// What a filter was typed as (each empty when not given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterInput {
    pub year: String,
    pub city: String,
    pub company_type: String,
    pub stage: String,
}

/// A checked filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    /// The fiscal year by the calendar year it starts in (2026: 2026-04-01 to 2027-03-31).
    pub year: i32,
    pub city: Option<CityCode>,
    pub company_type: Option<CompanyType>,
    pub stage: Option<Stage>,
}

impl Filter {
    /// The whole fiscal year `year`, nothing else narrowed.
    pub fn year(year: i32) -> Filter {
        Filter {
            year,
            city: None,
            company_type: None,
            stage: None,
        }
    }

    /// Checks what was typed; an empty year is `this_year`. The year may be written as
    /// `2026`, `２０２６`, `2026年度` or `R8` / `令和8` (令和 only: the dashboards start in it).
    pub fn parse(input: &FilterInput, this_year: i32) -> Result<Filter, Vec<FieldError>> {
        let mut errors = Vec::new();
        let year = match fold(&input.year).trim_end_matches("年度").trim() {
            "" => Some(this_year),
            y => parse_year(y).filter(|y| YEARS.contains(y)),
        };
        if year.is_none() {
            errors.push(FieldError::new(
                "year",
                "年度は西暦（例: 2026）または令和（例: 令和8）で、2000年度から2100年度までを指定してください。",
                "Give the fiscal year as a year between 2000 and 2100 (e.g. 2026) or in 令和 (e.g. 令和8).",
            ));
        }
        let city = match input.city.trim() {
            "" => None,
            c => match CityCode::parse(c) {
                Ok(code) if is_designated(&code) => Some(code),
                _ => {
                    errors.push(FieldError::new(
                        "city",
                        "市は指定都市の地方公共団体コード（6桁、例: 121002）で指定してください。",
                        "Give the city as a designated city's 6-digit code (e.g. 121002).",
                    ));
                    None
                }
            },
        };
        let company_type = match fold(&input.company_type).as_str() {
            "" => None,
            t => {
                let found = CompanyType::from_code(t).or_else(|| {
                    let n: usize = t.trim_start_matches("類型").parse().ok()?;
                    CompanyType::ALL.get(n.checked_sub(1)?).copied()
                });
                if found.is_none() {
                    errors.push(FieldError::new(
                        "company_type",
                        "企業の類型は一覧から選んでください（1〜3）。",
                        "Choose the company type from the list (1 to 3).",
                    ));
                }
                found
            }
        };
        let stage = match input.stage.trim() {
            "" => None,
            s => {
                let found = parse_stage(s);
                if found.is_none() {
                    errors.push(FieldError::new(
                        "stage",
                        "段階は一覧から選んでください（①〜⑧）。",
                        "Choose the stage from the list (① to ⑧).",
                    ));
                }
                found
            }
        };
        match year {
            Some(year) if errors.is_empty() => Ok(Filter {
                year,
                city,
                company_type,
                stage,
            }),
            _ => Err(errors),
        }
    }

    /// The year as people name it: `2026年度（令和8年度）`.
    pub fn year_name(&self) -> String {
        fiscal_year_name(self.year)
    }

    /// The instants the fiscal year starts and ends (exclusive), at midnight in Japan.
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        (year_start(self.year), year_start(self.year + 1))
    }

    /// The first and last day of the fiscal year (inclusive), for date columns.
    pub fn dates(&self) -> (NaiveDate, NaiveDate) {
        let first = NaiveDate::from_ymd_opt(self.year, 4, 1).unwrap_or_default();
        let last = NaiveDate::from_ymd_opt(self.year + 1, 3, 31).unwrap_or_default();
        (first, last)
    }
}

/// 1 April of `year`, 00:00 in Japan (UTC+9, no summer time).
fn year_start(year: i32) -> DateTime<Utc> {
    let jst = chrono::FixedOffset::east_opt(9 * 3600).expect("UTC+9 is an offset");
    jst.with_ymd_and_hms(year, 4, 1, 0, 0, 0)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// The fiscal quarter (1 to 4, April to June first) of a day.
pub fn quarter(date: NaiveDate) -> u8 {
    use chrono::Datelike;
    match date.month() {
        4..=6 => 1,
        7..=9 => 2,
        10..=12 => 3,
        _ => 4,
    }
}

fn parse_year(y: &str) -> Option<i32> {
    if let Ok(n) = y.parse::<i32>() {
        return Some(n);
    }
    let reiwa = y
        .strip_prefix("令和")
        .or_else(|| y.strip_prefix("r"))
        .or_else(|| y.strip_prefix("R"))?;
    let n: i32 = match reiwa.trim() {
        "元" => 1,
        n => n.parse().ok()?,
    };
    (n >= 1).then_some(2018 + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(year: &str, city: &str, t: &str, stage: &str) -> FilterInput {
        FilterInput {
            year: year.into(),
            city: city.into(),
            company_type: t.into(),
            stage: stage.into(),
        }
    }

    #[test]
    fn years_are_read_in_both_calendars() {
        let f = |y: &str| Filter::parse(&input(y, "", "", ""), 2026).map(|f| f.year);
        assert_eq!(f(""), Ok(2026));
        assert_eq!(f("2025"), Ok(2025));
        assert_eq!(f("２０２４年度"), Ok(2024));
        assert_eq!(f("令和8"), Ok(2026));
        assert_eq!(f("R7"), Ok(2025));
        assert_eq!(f("令和元"), Ok(2019));
        let e = f("1999").unwrap_err();
        assert_eq!(e[0].field, "year");
        assert!(e[0].message.ja.contains("2000年度から2100年度"));
        assert!(f("来年").is_err());
        assert_eq!(Filter::year(2026).year_name(), "2026年度（令和8年度）");
    }

    #[test]
    fn city_type_and_stage_are_checked() {
        let ok = Filter::parse(&input("2026", "121002", "2", "⑦"), 2026).unwrap();
        assert_eq!(ok.city.unwrap().to_string(), "121002");
        assert_eq!(ok.company_type, Some(CompanyType::ManufacturerEntry));
        assert_eq!(ok.stage, Some(Stage::Sales));
        let by_code = Filter::parse(&input("", "", "metro-needs-ict", "production"), 2026).unwrap();
        assert_eq!(by_code.company_type, Some(CompanyType::MetroNeedsIct));
        assert_eq!(by_code.stage, Some(Stage::Production));
        // 東京都千代田区 is a valid code but not a designated city.
        let e = Filter::parse(&input("x", "131016", "9", "9"), 2026).unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["year", "city", "company_type", "stage"]);
    }

    #[test]
    fn the_year_runs_april_to_march_in_japan() {
        let (from, to) = Filter::year(2026).bounds();
        assert_eq!(from.to_rfc3339(), "2026-03-31T15:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2027-03-31T15:00:00+00:00");
        let (first, last) = Filter::year(2026).dates();
        assert_eq!(
            (first.to_string(), last.to_string()),
            ("2026-04-01".into(), "2027-03-31".into())
        );
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(
            [
                quarter(d(4, 1)),
                quarter(d(9, 30)),
                quarter(d(12, 31)),
                quarter(d(1, 1))
            ],
            [1, 2, 3, 4]
        );
    }
}
