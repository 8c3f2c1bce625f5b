//! A city's own model: the measures it offers (its menu), each with the city's own name,
//! description, contact, application period, budget and link, and entries that point to the
//! state's, the prefecture's or a partner city's measures.

use chrono::NaiveDate;
use serde::Serialize;

use crate::FieldError;
use crate::catalog::{self, Measure};
use crate::city::{self, CityCode};
use crate::i18n::Text;
use crate::jdate;
use crate::text::{clean, fold};

/// Who runs a menu entry, seen from the city whose menu it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Offering {
    /// The city runs it (with its foundation).
    Own,
    /// Several designated cities run it together.
    Joint,
    /// A partner city's measure the city points its companies to.
    PartnerCity,
    /// The prefecture's measure.
    Prefecture,
    /// The state's measure (PMDA, AMED …).
    State,
}

impl Offering {
    pub const ALL: [Offering; 5] = [
        Offering::Own,
        Offering::Joint,
        Offering::PartnerCity,
        Offering::Prefecture,
        Offering::State,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Offering::Own => "own",
            Offering::Joint => "joint",
            Offering::PartnerCity => "partner-city",
            Offering::Prefecture => "prefecture",
            Offering::State => "state",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            Offering::Own => Text::new("市の施策", "The city's own"),
            Offering::Joint => Text::new("指定都市間連携", "Run with other cities"),
            Offering::PartnerCity => Text::new("連携都市の施策", "A partner city's"),
            Offering::Prefecture => Text::new("県の施策", "The prefecture's"),
            Offering::State => Text::new("国の施策", "The state's"),
        }
    }

    /// Whether the entry links out to a measure someone else runs.
    pub fn is_link(self) -> bool {
        matches!(
            self,
            Offering::PartnerCity | Offering::Prefecture | Offering::State
        )
    }
}

/// A menu entry as typed into a form or sent to the API, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MenuEntryDraft {
    pub measure: String,
    pub offering: String,
    pub partner_city: String,
    pub name: String,
    pub description: String,
    pub contact: String,
    pub period_start: String,
    pub period_end: String,
    pub budget_yen: String,
    pub url: String,
}

/// A validated menu entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MenuEntry {
    pub measure: &'static Measure,
    pub offering: Offering,
    pub partner_city: Option<CityCode>,
    pub name: String,
    pub description: String,
    pub contact: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub budget_yen: Option<i64>,
    pub url: Option<String>,
}

pub const NAME_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 4000;
/// A budget is under one trillion yen (1兆円): more than any city's whole budget, far less
/// than the largest number the database holds.
pub const MAX_BUDGET_YEN: i64 = 1_000_000_000_000;
pub const CONTACT_MAX: usize = 500;
pub const URL_MAX: usize = 2000;

impl MenuEntryDraft {
    /// Validates the draft for the menu of `city`. Every problem is reported, not just the first.
    pub fn validate(&self, city: &CityCode) -> Result<MenuEntry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let measure = catalog::measure(self.measure.trim());
        if measure.is_none() {
            errors.push(FieldError::new(
                "measure",
                "支援施策が見つかりません。一覧から選んでください。",
                "Unknown measure: choose one from the list.",
            ));
        }
        let offering = Offering::from_code(self.offering.trim());
        if offering.is_none() {
            errors.push(FieldError::new(
                "offering",
                "実施主体を選んでください。",
                "Choose who runs the measure.",
            ));
        }
        let partner_city = match (offering, fold(&self.partner_city).as_str()) {
            (Some(Offering::PartnerCity), "") => {
                errors.push(FieldError::new(
                    "partner_city",
                    "連携都市を選んでください。",
                    "Choose the partner city.",
                ));
                None
            }
            (Some(Offering::PartnerCity), code) => match CityCode::parse(code) {
                Ok(c) if &c == city => {
                    errors.push(FieldError::new(
                        "partner_city",
                        "連携都市には自市以外の指定都市を選んでください。",
                        "The partner city must be another designated city.",
                    ));
                    None
                }
                Ok(c) if city::is_designated(&c) => Some(c),
                _ => {
                    errors.push(FieldError::new(
                        "partner_city",
                        "連携都市は指定都市から選んでください。",
                        "The partner city must be a designated city.",
                    ));
                    None
                }
            },
            (_, "") => None,
            (_, _) => {
                errors.push(FieldError::new(
                    "partner_city",
                    "連携都市は、実施主体が「連携都市の施策」のときだけ指定できます。",
                    "A partner city can be given only for a partner city's measure.",
                ));
                None
            }
        };
        let name = clean(&self.name);
        if name.is_empty() {
            errors.push(FieldError::new(
                "name",
                "名称を入力してください。",
                "Enter a name.",
            ));
        } else if name.chars().count() > NAME_MAX {
            errors.push(FieldError::new(
                "name",
                "名称は200文字以内で入力してください。",
                "The name must be at most 200 characters.",
            ));
        }
        let description = clean(&self.description);
        if description.chars().count() > DESCRIPTION_MAX {
            errors.push(FieldError::new(
                "description",
                "説明は4000文字以内で入力してください。",
                "The description must be at most 4000 characters.",
            ));
        }
        let contact = clean(&self.contact);
        if contact.chars().count() > CONTACT_MAX {
            errors.push(FieldError::new(
                "contact",
                "問い合わせ先は500文字以内で入力してください。",
                "The contact must be at most 500 characters.",
            ));
        }
        let period_start = parse_date(&self.period_start, "period_start", &mut errors);
        let period_end = parse_date(&self.period_end, "period_end", &mut errors);
        if let (Some(s), Some(e)) = (period_start, period_end)
            && e < s
        {
            errors.push(FieldError::new(
                "period_end",
                "受付期間の終了日が開始日より前になっています。",
                "The application period ends before it starts.",
            ));
        }
        let budget = fold(&self.budget_yen).replace([',', '円'], "");
        let budget_yen = if budget.is_empty() {
            None
        } else {
            match budget.parse::<i64>() {
                Ok(n) if (0..MAX_BUDGET_YEN).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError::new(
                        "budget_yen",
                        "予算額は0以上1兆円未満の整数（円）で入力してください。",
                        "The budget must be a whole number of yen, from zero to under one trillion.",
                    ));
                    None
                }
            }
        };
        let url = fold(&self.url);
        let url = if url.is_empty() {
            None
        } else if url.len() > URL_MAX || !is_web_url(&url) {
            errors.push(FieldError::new(
                "url",
                "URLは http:// または https:// で始まる正しい形式で入力してください。",
                "The link must be a valid URL starting with http:// or https://.",
            ));
            None
        } else {
            Some(url)
        };
        match (measure, offering) {
            (Some(measure), Some(offering)) if errors.is_empty() => Ok(MenuEntry {
                measure,
                offering,
                partner_city,
                name,
                description,
                contact,
                period_start,
                period_end,
                budget_yen,
                url,
            }),
            _ => Err(errors),
        }
    }
}

fn parse_date(s: &str, field: &'static str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    if s.trim().is_empty() {
        return None;
    }
    let date = jdate::parse(s);
    if date.is_none() {
        errors.push(FieldError::new(
            field,
            "日付は 2026-04-01 や 令和8年4月1日 の形式で、実在する日付を入力してください。",
            "Enter a real date, such as 2026-04-01.",
        ));
    }
    date
}

fn is_web_url(s: &str) -> bool {
    url::Url::parse(s)
        .map(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chiba() -> CityCode {
        CityCode::parse("121002").unwrap()
    }

    fn draft() -> MenuEntryDraft {
        MenuEntryDraft {
            measure: "development.grants-loans".into(),
            offering: "own".into(),
            name: "千葉市医療機器等開発補助金".into(),
            period_start: "令和8年4月1日".into(),
            period_end: "2026/6/30".into(),
            budget_yen: "１０，０００，０００".into(),
            url: "ｈｔｔｐｓ://www.city.chiba.jp/".into(),
            ..Default::default()
        }
    }

    fn fields(d: &MenuEntryDraft) -> Vec<&'static str> {
        d.validate(&chiba())
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn accepts_a_good_entry_and_folds_its_widths() {
        let e = draft().validate(&chiba()).unwrap();
        assert_eq!(e.budget_yen, Some(10_000_000));
        assert_eq!(e.url.as_deref(), Some("https://www.city.chiba.jp/"));
        assert_eq!(e.period_start, NaiveDate::from_ymd_opt(2026, 4, 1));
    }

    #[test]
    fn a_budget_is_under_one_trillion_yen() {
        let mut d = draft();
        d.budget_yen = "999,999,999,999円".into();
        assert_eq!(
            d.validate(&chiba()).unwrap().budget_yen,
            Some(999_999_999_999)
        );
        for too_much in ["1,000,000,000,000", "9223372036854775807"] {
            d.budget_yen = too_much.into();
            assert_eq!(fields(&d), ["budget_yen"], "{too_much}");
        }
    }

    #[test]
    fn reports_every_problem() {
        let d = MenuEntryDraft {
            measure: "nope".into(),
            offering: "own".into(),
            name: "  ".into(),
            period_start: "2026-05-01".into(),
            period_end: "2026-04-01".into(),
            url: "javascript:alert(1)".into(),
            budget_yen: "-5".into(),
            ..Default::default()
        };
        assert_eq!(
            fields(&d),
            ["measure", "name", "period_end", "budget_yen", "url"]
        );
    }

    #[test]
    fn partner_city_rules() {
        let mut d = draft();
        d.offering = "partner-city".into();
        assert_eq!(fields(&d), ["partner_city"]);
        d.partner_city = "121002".into();
        assert_eq!(fields(&d), ["partner_city"], "not itself");
        d.partner_city = "012025".into(); // 函館市: not a designated city
        assert_eq!(fields(&d), ["partner_city"]);
        d.partner_city = "431001".into();
        assert!(d.validate(&chiba()).is_ok());
        d.offering = "state".into();
        assert_eq!(
            fields(&d),
            ["partner_city"],
            "only for partner-city entries"
        );
    }

    #[test]
    fn name_length_counts_characters_not_bytes() {
        let mut d = draft();
        d.name = "あ".repeat(NAME_MAX);
        assert!(d.validate(&chiba()).is_ok());
        d.name.push('あ');
        assert_eq!(fields(&d), ["name"]);
    }
}
