//! A city's menu entry as the store hands it out: typed (its city and partner city as
//! `CityCode`, its measure as the catalog's, its offering as the domain's `Offering`, its id
//! as a newtype), converted once here where rows are read, so that nobody parses it again.
//!
//! A row holding what this version does not know (a city, a measure of a newer catalog, an
//! offering) is [`Unreadable`] (see `crate::records`): a menu leaves it out. Only the menu
//! writes these columns, from a validated `MenuEntry`.
//!
//! It serializes (for the audit trail's before and after) with the row's field names and
//! the codes the columns hold, so the audit JSON is what it was when it was the ORM's model.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::catalog::{self, Measure};
use renkei_domain::city::CityCode;
use renkei_domain::menu::Offering;
use serde::{Serialize, Serializer};

use crate::entity::menu_entry;
use crate::records::{Unreadable, code, id_type, known};

id_type!(
    /// A menu entry's id.
    MenuEntryId
);

/// An entry of a city's menu, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MenuRecord {
    pub id: MenuEntryId,
    /// The city whose menu it is on.
    pub city_code: CityCode,
    /// The catalog measure it offers.
    #[serde(rename = "measure_code", serialize_with = "measure_code")]
    pub measure: &'static Measure,
    #[serde(serialize_with = "code")]
    pub offering: Offering,
    /// For a partner city's measure: that city.
    pub partner_city_code: Option<CityCode>,
    pub name: String,
    pub description: String,
    pub contact: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub budget_yen: Option<i64>,
    pub url: Option<String>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn measure_code<S: Serializer>(m: &&'static Measure, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(m.code)
}

impl TryFrom<menu_entry::Model> for MenuRecord {
    type Error = Unreadable;

    fn try_from(m: menu_entry::Model) -> Result<Self, Unreadable> {
        const T: &str = "menu_entries";
        let city = |field, code: &str| known(T, m.id, field, code, |c| CityCode::parse(c).ok());
        let partner_city_code = m
            .partner_city_code
            .as_deref()
            .map(|c| city("partner_city_code", c))
            .transpose()?;
        Ok(MenuRecord {
            id: MenuEntryId(m.id),
            city_code: city("city_code", &m.city_code)?,
            measure: known(T, m.id, "measure_code", &m.measure_code, catalog::measure)?,
            offering: known(T, m.id, "offering", &m.offering, Offering::from_code)?,
            partner_city_code,
            name: m.name,
            description: m.description,
            contact: m.contact,
            period_start: m.period_start,
            period_end: m.period_end,
            budget_yen: m.budget_yen,
            url: m.url,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

crate::records::coded!(Offering);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::readable;

    fn row() -> menu_entry::Model {
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        menu_entry::Model {
            id: 5,
            city_code: "121002".into(),
            measure_code: "development.grants-loans".into(),
            offering: "partner-city".into(),
            partner_city_code: Some("431001".into()),
            name: "補助金".into(),
            description: "d".into(),
            contact: "c".into(),
            period_start: NaiveDate::from_ymd_opt(2026, 4, 1),
            period_end: None,
            budget_yen: Some(10_000_000),
            url: Some("https://www.city.chiba.jp/".into()),
            version: 3,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_record_serializes_as_its_row_did() {
        for m in [
            row(),
            menu_entry::Model {
                offering: "own".into(),
                partner_city_code: None,
                url: None,
                ..row()
            },
        ] {
            let typed = MenuRecord::try_from(m.clone()).unwrap();
            assert_eq!(typed.measure.code, m.measure_code);
            assert_eq!(typed.offering.code(), m.offering);
            assert_eq!(
                serde_json::to_string(&typed).unwrap(),
                serde_json::to_string(&m).unwrap()
            );
        }
    }

    #[test]
    fn a_row_with_an_unknown_code_is_unreadable() {
        for m in [
            menu_entry::Model {
                city_code: "999999".into(),
                ..row()
            },
            menu_entry::Model {
                measure_code: "development.time-travel".into(),
                ..row()
            },
            menu_entry::Model {
                offering: "galactic".into(),
                ..row()
            },
            menu_entry::Model {
                partner_city_code: Some("12100".into()),
                ..row()
            },
        ] {
            assert!(MenuRecord::try_from(m).is_err());
        }
        let rows = vec![
            row(),
            menu_entry::Model {
                offering: "galactic".into(),
                ..row()
            },
        ];
        assert_eq!(readable::<_, MenuRecord>(rows).len(), 1);
    }
}
