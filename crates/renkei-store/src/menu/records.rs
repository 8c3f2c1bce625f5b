//! A city's menu entry as the store hands it out: the domain's validated `MenuEntry` (its
//! measure the catalog's, its offering the domain's `Offering`, its partner city a
//! `CityCode`) with its id (a newtype), its city and its version, converted once here where
//! rows are read, so that nobody parses it again.
//!
//! A row holding what this version does not know (a city, a measure of a newer catalog, an
//! offering) is [`Unreadable`] (see `crate::records`): a menu leaves it out. Only the menu
//! writes these columns, from a validated `MenuEntry`.
//!
//! It serializes (for the audit trail's before and after) as its row, so the audit JSON is
//! what it was when it was the ORM's model.

use chrono::{DateTime, Utc};
use renkei_domain::catalog;
use renkei_domain::city::CityCode;
use renkei_domain::menu::{MenuEntry, Offering};
use serde::{Serialize, Serializer};

use crate::entity::menu_entry;
use crate::records::{Unreadable, id_type, known};

id_type!(
    /// A menu entry's id.
    MenuEntryId
);

/// An entry of a city's menu, at one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuRecord {
    pub id: MenuEntryId,
    /// The city whose menu it is on.
    pub city_code: CityCode,
    /// What it offers: the measure, who runs it, and the city's own words for it.
    pub entry: MenuEntry,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl MenuRecord {
    /// The row it was read from.
    fn row(&self) -> menu_entry::Model {
        let e = &self.entry;
        menu_entry::Model {
            id: self.id.0,
            city_code: self.city_code.to_string(),
            measure_code: e.measure.code.to_owned(),
            offering: e.offering.code().to_owned(),
            partner_city_code: e.partner_city.map(|c| c.to_string()),
            name: e.name.clone(),
            description: e.description.clone(),
            contact: e.contact.clone(),
            period_start: e.period_start,
            period_end: e.period_end,
            budget_yen: e.budget_yen,
            url: e.url.clone(),
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

impl Serialize for MenuRecord {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.row().serialize(s)
    }
}

impl TryFrom<menu_entry::Model> for MenuRecord {
    type Error = Unreadable;

    fn try_from(m: menu_entry::Model) -> Result<Self, Unreadable> {
        const T: &str = "menu_entries";
        let city = |field, code: &str| known(T, m.id, field, code, |c| CityCode::parse(c).ok());
        let partner_city = m
            .partner_city_code
            .as_deref()
            .map(|c| city("partner_city_code", c))
            .transpose()?;
        let entry = MenuEntry {
            measure: known(T, m.id, "measure_code", &m.measure_code, catalog::measure)?,
            offering: known(T, m.id, "offering", &m.offering, Offering::from_code)?,
            partner_city,
            name: m.name,
            description: m.description,
            contact: m.contact,
            period_start: m.period_start,
            period_end: m.period_end,
            budget_yen: m.budget_yen,
            url: m.url,
        };
        Ok(MenuRecord {
            id: MenuEntryId(m.id),
            city_code: city("city_code", &m.city_code)?,
            entry,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::readable;
    use chrono::NaiveDate;

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
            assert_eq!(typed.entry.measure.code, m.measure_code);
            assert_eq!(typed.entry.offering.code(), m.offering);
            assert_eq!(typed.row(), m);
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
