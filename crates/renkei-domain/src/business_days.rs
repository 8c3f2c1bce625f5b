//! Business days (開庁日) of a Japanese municipal office, for the service levels of a
//! consultation: the office is open Monday to Friday except on national holidays (国民の祝日,
//! 振替休日 and 国民の休日) and during the year-end closure, 29 December to 3 January.
//!
//! The holidays come from a list, `YYYY-MM-DD: 名称` a line ([`Holidays::parse`]). The one
//! compiled in ([`Holidays::shipped`], `data/holidays-jp.yml`: holiday-jp/holiday_jp,
//! 1970–2050, MIT; see `data/README.md` at the repository's root) is computed from the 祝日法,
//! so its future years are projections: the Cabinet Office fixes 春分の日 and 秋分の日 only a
//! year ahead, and the law may change. The list is therefore data, replaceable without a
//! release: the binary may read a newer file and give it to [`Holidays::parse`]; this module
//! reads no file itself.
//!
//! Outside the years a list covers ([`Holidays::covers`]) no day is a holiday: weekends and
//! the year-end closure still close the office.
//!
//! Counting is by days after a start: [`Holidays::open_days_between`] counts the open days
//! `d` with `from < d <= to`, so a request received on a day is answered "within 5 open
//! days" when the answer comes on or before [`Holidays::add_open_days`]`(received, 5)`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::{Lang, Text};

/// A list of national holidays, each date with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holidays {
    days: BTreeMap<NaiveDate, String>,
}

/// What is wrong with one line of a holiday list; `line` counts from 1 (0: the list as a
/// whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub message: Text,
}

impl LineError {
    /// Where and what, as a page or the command line says it: `3行目: …` / `line 3: …`.
    pub fn describe(&self, lang: Lang) -> String {
        match (self.line, lang) {
            (0, _) => self.message.get(lang).to_owned(),
            (n, Lang::Ja) => format!("{n}行目: {}", self.message.ja),
            (n, Lang::En) => format!("line {n}: {}", self.message.en),
        }
    }
}

const SHIPPED: &str = include_str!("../data/holidays-jp.yml");

impl Holidays {
    /// Reads a list of `YYYY-MM-DD: 名称` lines (the name may be quoted). Blank lines,
    /// YAML's `---` and `...`, and comments (`#` to the end of the line) are allowed. Every
    /// line that cannot be read is reported, and so is a date given twice.
    pub fn parse(text: &str) -> Result<Holidays, Vec<LineError>> {
        let mut days = BTreeMap::new();
        let mut errors = Vec::new();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let content = match raw.find('#') {
                Some(at) if at == 0 || raw[..at].ends_with([' ', '\t']) => &raw[..at],
                _ => raw,
            }
            .trim();
            if content.is_empty() || content == "---" || content == "..." {
                continue;
            }
            let mut error = |ja, en| {
                errors.push(LineError {
                    line,
                    message: Text::new(ja, en),
                })
            };
            let Some((date, name)) = content.split_once(':') else {
                error(
                    "「YYYY-MM-DD: 名称」の形ではありません。",
                    "Not of the form \"YYYY-MM-DD: name\".",
                );
                continue;
            };
            let date = date.trim();
            let Some(date) = (date.len() == 10)
                .then(|| NaiveDate::parse_from_str(date, "%Y-%m-%d").ok())
                .flatten()
            else {
                error(
                    "日付が読めません（YYYY-MM-DD の形の、実在する日付にしてください）。",
                    "The date cannot be read: write a real date as YYYY-MM-DD.",
                );
                continue;
            };
            let name = unquote(name.trim());
            if name.is_empty() {
                error("祝日の名称がありません。", "The holiday has no name.");
                continue;
            }
            if days.insert(date, name.to_owned()).is_some() {
                error(
                    "この日付は前の行にもあります。",
                    "This date is on an earlier line too.",
                );
            }
        }
        if errors.is_empty() && days.is_empty() {
            errors.push(LineError {
                line: 0,
                message: Text::new("祝日が一つもありません。", "The list holds no holiday."),
            });
        }
        if errors.is_empty() {
            Ok(Holidays { days })
        } else {
            Err(errors)
        }
    }

    /// The list compiled into the binary (`data/holidays-jp.yml`).
    pub fn shipped() -> &'static Holidays {
        static SHIPPED_LIST: OnceLock<Holidays> = OnceLock::new();
        SHIPPED_LIST.get_or_init(|| {
            Holidays::parse(SHIPPED).expect("the shipped holiday list is read by the tests")
        })
    }

    /// The holiday's name on a day, if it is one: `振替休日`, for instance, is written
    /// `こどもの日 振替休日`, and 国民の休日 `休日`.
    pub fn name(&self, d: NaiveDate) -> Option<&str> {
        self.days.get(&d).map(String::as_str)
    }

    /// How many dates the list holds.
    pub fn len(&self) -> usize {
        self.days.len()
    }

    /// Whether the list holds no date (never, for a list [`Holidays::parse`] accepted).
    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// The first and the last day of the years the list covers: 1 January of its first
    /// date's year and 31 December of its last date's.
    pub fn covers(&self) -> (NaiveDate, NaiveDate) {
        let first = self.days.keys().next().map_or(1970, Datelike::year);
        let last = self.days.keys().next_back().map_or(first, Datelike::year);
        (
            NaiveDate::from_ymd_opt(first, 1, 1).unwrap_or(NaiveDate::MIN),
            NaiveDate::from_ymd_opt(last, 12, 31).unwrap_or(NaiveDate::MAX),
        )
    }

    /// Whether the office is open on a day: a weekday, not a holiday, not 29 December to 3
    /// January.
    pub fn is_open(&self, d: NaiveDate) -> bool {
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let closure = matches!((d.month(), d.day()), (12, 29..) | (1, ..=3));
        !weekend && !closure && !self.days.contains_key(&d)
    }

    /// The `n`-th open day after `from` (`from` itself is not counted, open or not); `from`
    /// when `n` is 0. Stops at the last date chrono knows.
    pub fn add_open_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            let Some(next) = day.succ_opt() else {
                return day;
            };
            day = next;
            if self.is_open(day) {
                left -= 1;
            }
        }
        day
    }

    /// The open days after `from` up to and including `to` (`from < d <= to`). When `to` is
    /// before `from` the count is negative: minus the open days after `to` up to and
    /// including `from`; 0 when they are the same day. So `open_days_between(a, b) ==
    /// -open_days_between(b, a)`, and `open_days_between(d, add_open_days(d, n)) == n`.
    pub fn open_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        self.open_days_elapsed(from, to, &[])
    }

    /// As [`Holidays::open_days_between`], leaving out the open days inside a pause (while a
    /// case waits on the company, say). A pause `(paused, resumed)` takes out the open days
    /// `d` with `paused < d <= resumed`, the same days `open_days_between(paused, resumed)`
    /// counts: the day a case is paused counts, the day it is resumed does not. A pause still
    /// running is given as `(paused, to)`; a pause whose `resumed` is not after `paused`
    /// takes out nothing. Pauses may overlap (a day is taken out once) and may reach outside
    /// `from..to`. Negative when `to` is before `from`, as there.
    pub fn open_days_elapsed(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        paused: &[(NaiveDate, NaiveDate)],
    ) -> i64 {
        let (low, high, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let counted = low
            .iter_days()
            .skip(1)
            .take_while(|d| *d <= high)
            .filter(|d| self.is_open(*d) && !paused.iter().any(|(p, r)| p < d && d <= r))
            .count();
        sign * i64::try_from(counted).unwrap_or(i64::MAX)
    }
}

/// A YAML scalar without the quotes around it, if it has a matching pair.
fn unquote(s: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.trim();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn h() -> &'static Holidays {
        Holidays::shipped()
    }

    #[test]
    fn the_shipped_list_reads_and_covers_1970_to_2050() {
        let list = h();
        assert_eq!(list.covers(), (d(1970, 1, 1), d(2050, 12, 31)));
        assert_eq!(list.len(), 1_329);
        assert_eq!(list.name(d(2026, 5, 6)), Some("こどもの日 振替休日"));
        assert_eq!(list.name(d(2026, 9, 22)), Some("休日"));
        assert_eq!(list.name(d(2026, 9, 23)), Some("秋分の日"));
        assert_eq!(list.name(d(2026, 9, 24)), None);
    }

    #[test]
    fn open_days_of_2026_and_2027_as_the_calendar_shows_them() {
        // (day, weekday, open?) written out from the calendar.
        let table = [
            // Golden Week 2026: 昭和の日 on a Wednesday; 5/3 is a Sunday, so 5/6 is its
            // 振替休日.
            ((2026, 4, 28), "火", true),
            ((2026, 4, 29), "水 昭和の日", false),
            ((2026, 4, 30), "木", true),
            ((2026, 5, 1), "金", true),
            ((2026, 5, 2), "土", false),
            ((2026, 5, 3), "日 憲法記念日", false),
            ((2026, 5, 4), "月 みどりの日", false),
            ((2026, 5, 5), "火 こどもの日", false),
            ((2026, 5, 6), "水 振替休日", false),
            ((2026, 5, 7), "木", true),
            // Silver Week 2026: 9/22 lies between two holidays, so it is 国民の休日.
            ((2026, 9, 18), "金", true),
            ((2026, 9, 19), "土", false),
            ((2026, 9, 20), "日", false),
            ((2026, 9, 21), "月 敬老の日", false),
            ((2026, 9, 22), "火 国民の休日", false),
            ((2026, 9, 23), "水 秋分の日", false),
            ((2026, 9, 24), "木", true),
            // The year-end closure, 12/29 to 1/3, holiday or not.
            ((2026, 12, 25), "金", true),
            ((2026, 12, 28), "月 御用納め", true),
            ((2026, 12, 29), "火", false),
            ((2026, 12, 30), "水", false),
            ((2026, 12, 31), "木", false),
            ((2027, 1, 1), "金 元日", false),
            ((2027, 1, 2), "土", false),
            ((2027, 1, 3), "日", false),
            ((2027, 1, 4), "月 御用始め", true),
            ((2027, 1, 11), "月 成人の日", false),
            ((2027, 1, 12), "火", true),
            ((2026, 1, 2), "金", false),
            ((2026, 1, 5), "月", true),
            ((2026, 2, 23), "月 天皇誕生日", false),
            // 春分の日 2027 on a Sunday: Monday 3/22 is its 振替休日.
            ((2027, 3, 19), "金", true),
            ((2027, 3, 21), "日 春分の日", false),
            ((2027, 3, 22), "月 振替休日", false),
            ((2027, 3, 23), "火", true),
            ((2027, 5, 3), "月 憲法記念日", false),
            ((2027, 5, 4), "火 みどりの日", false),
            ((2027, 5, 5), "水 こどもの日", false),
            ((2027, 5, 6), "木", true),
            ((2027, 9, 22), "水", true),
            ((2027, 9, 23), "木 秋分の日", false),
        ];
        const WEEKDAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
        for ((y, m, day), what, open) in table {
            let date = d(y, m, day);
            assert!(
                what.starts_with(WEEKDAYS[date.weekday().num_days_from_monday() as usize]),
                "{date}: the table's weekday"
            );
            assert_eq!(h().is_open(date), open, "{date} ({what})");
        }
    }

    #[test]
    fn adds_open_days_over_golden_week_and_the_year_end() {
        let table = [
            ((2026, 4, 30), 0, (2026, 4, 30)),
            ((2026, 4, 30), 1, (2026, 5, 1)),
            ((2026, 4, 30), 2, (2026, 5, 7)),
            ((2026, 4, 30), 5, (2026, 5, 12)),
            ((2026, 4, 28), 3, (2026, 5, 7)),
            ((2026, 5, 3), 1, (2026, 5, 7)),
            ((2026, 9, 18), 1, (2026, 9, 24)),
            ((2026, 12, 25), 1, (2026, 12, 28)),
            ((2026, 12, 25), 2, (2027, 1, 4)),
            ((2026, 12, 28), 1, (2027, 1, 4)),
            ((2026, 12, 28), 5, (2027, 1, 8)),
            ((2026, 12, 28), 6, (2027, 1, 12)),
            ((2027, 1, 1), 1, (2027, 1, 4)),
        ];
        for ((y, m, day), n, (ey, em, ed)) in table {
            let from = d(y, m, day);
            let end = h().add_open_days(from, n);
            assert_eq!(end, d(ey, em, ed), "{from} + {n}");
            assert_eq!(
                h().open_days_between(from, end),
                i64::from(n),
                "{from} → {end}"
            );
        }
    }

    #[test]
    fn counts_open_days_after_the_start_up_to_the_end() {
        let between = |a: (i32, u32, u32), b: (i32, u32, u32)| {
            h().open_days_between(d(a.0, a.1, a.2), d(b.0, b.1, b.2))
        };
        assert_eq!(between((2026, 4, 28), (2026, 5, 7)), 3, "4/30, 5/1, 5/7");
        assert_eq!(between((2026, 5, 7), (2026, 4, 28)), -3);
        assert_eq!(between((2026, 5, 7), (2026, 5, 7)), 0);
        assert_eq!(between((2026, 5, 2), (2026, 5, 6)), 0, "all closed");
        assert_eq!(between((2026, 9, 18), (2026, 9, 24)), 1);
        assert_eq!(between((2026, 12, 25), (2027, 1, 4)), 2, "12/28 and 1/4");
        // 2026: 261 weekdays, 17 of them holidays, and 1/2, 12/29, 12/30, 12/31 closed.
        assert_eq!(between((2025, 12, 31), (2026, 12, 31)), 240);
    }

    #[test]
    fn a_paused_case_does_not_count_the_days_it_waited() {
        let from = d(2026, 6, 1); // a Monday
        let to = d(2026, 6, 12); // the Friday after next
        // A pause as ((month, day) paused, (month, day) resumed) in 2026.
        type MonthDay = (u32, u32);
        let elapsed = |pauses: &[(MonthDay, MonthDay)]| {
            let pauses: Vec<_> = pauses
                .iter()
                .map(|((pm, pd), (rm, rd))| (d(2026, *pm, *pd), d(2026, *rm, *rd)))
                .collect();
            h().open_days_elapsed(from, to, &pauses)
        };
        assert_eq!(elapsed(&[]), 9, "6/2–6/5 and 6/8–6/12");
        assert_eq!(h().open_days_between(from, to), 9);
        // Paused on Wednesday 6/3 waiting on the company, resumed on Monday 6/8: 6/4, 6/5
        // and 6/8 are not counted.
        assert_eq!(elapsed(&[((6, 3), (6, 8))]), 6);
        // An overlapping second pause adds only 6/9.
        assert_eq!(elapsed(&[((6, 3), (6, 8)), ((6, 5), (6, 9))]), 5);
        assert_eq!(
            elapsed(&[((6, 5), (6, 9)), ((6, 3), (6, 8))]),
            5,
            "any order"
        );
        // A pause begun before the start takes out 6/2 only.
        assert_eq!(elapsed(&[((5, 29), (6, 2))]), 8);
        // Still paused: (6/10, to) takes out 6/11 and 6/12.
        assert_eq!(elapsed(&[((6, 10), (6, 12))]), 7);
        // Pauses outside the span, or resumed before they began, take out nothing.
        assert_eq!(elapsed(&[((5, 1), (5, 10)), ((6, 10), (6, 9))]), 9);
        assert_eq!(
            h().open_days_elapsed(to, from, &[(d(2026, 6, 3), d(2026, 6, 8))]),
            -6
        );
    }

    #[test]
    fn refuses_every_bad_line_of_a_replacement_list_with_its_number() {
        let good = Holidays::parse(
            "\u{feff}---\n# 内閣府の発表による\n\n2026-01-01: 元日\r\n2026-01-12: '成人の日'  # 第2月曜\n2027-12-31: \"大晦日\"\n",
        )
        .unwrap();
        assert_eq!(good.len(), 3);
        assert_eq!(good.name(d(2026, 1, 12)), Some("成人の日"));
        assert_eq!(good.name(d(2027, 12, 31)), Some("大晦日"));
        assert_eq!(good.covers(), (d(2026, 1, 1), d(2027, 12, 31)));

        let errors = Holidays::parse(
            "2026-01-01: 元日\n2026-02-30: 存在しない日\n元日\n2026-1-12: 成人の日\n2026-03-20:\n2026-01-01: 元日\n",
        )
        .unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6]);
        assert_eq!(
            errors[0].describe(Lang::Ja),
            "2行目: 日付が読めません（YYYY-MM-DD の形の、実在する日付にしてください）。"
        );
        assert_eq!(
            errors[4].describe(Lang::En),
            "line 6: This date is on an earlier line too."
        );
        assert_eq!(
            errors[3].describe(Lang::En),
            "line 5: The holiday has no name."
        );

        let empty = Holidays::parse("---\n# nothing yet\n").unwrap_err();
        assert_eq!(empty.len(), 1);
        assert_eq!(empty[0].describe(Lang::En), "The list holds no holiday.");
    }

    #[test]
    fn outside_the_list_only_weekends_and_the_year_end_close() {
        // 2051-01-09 is a Monday: 成人の日 by the law, but not in the list.
        assert!(h().is_open(d(2051, 1, 9)));
        assert!(!h().is_open(d(2051, 1, 2)));
        assert!(!h().is_open(d(2051, 1, 7)), "a Saturday");
        assert_eq!(
            h().add_open_days(NaiveDate::MAX.pred_opt().unwrap(), 10),
            NaiveDate::MAX
        );
    }
}
