//! The companies feature's records as the store hands them out: typed (the home city as
//! `CityCode`, size and company type as the domain's enums, the corporate number checked,
//! ids as newtypes), converted once here where rows are read, so that nobody parses them
//! again.
//!
//! A row holding a value this version cannot read (a city, size or type it does not know,
//! a corporate number whose check digit fails: written by a newer version, or by hand) is
//! [`Unreadable`] (see `crate::records`). Only this feature writes these columns, always from
//! the domain's values.
//!
//! They serialize (for the audit trail's before and after) with the rows' field names and
//! the codes the columns hold, so the audit JSON is what it was when these were the ORM's
//! models.

use chrono::{DateTime, Utc};
use renkei_domain::catalog::CompanyType;
use renkei_domain::city::CityCode;
use renkei_domain::company::{CompanySize, CorporateNumber};
use serde::{Serialize, Serializer};

pub use crate::records::CompanyId;
use crate::records::{Unreadable, known, optional_code};

use crate::entity::{company, company_contact};

/// A company, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompanyRecord {
    pub id: CompanyId,
    pub home_city: CityCode,
    pub name: String,
    /// In katakana.
    pub name_kana: String,
    /// The key its name is matched by (`renkei_domain::company::name_key`).
    pub name_key: String,
    #[serde(serialize_with = "corporate_number")]
    pub corporate_number: Option<CorporateNumber>,
    /// 7 digits, without the hyphen.
    pub postal_code: Option<String>,
    pub address: String,
    pub industry: String,
    #[serde(serialize_with = "optional_code")]
    pub size: Option<CompanySize>,
    #[serde(serialize_with = "optional_code")]
    pub company_type: Option<CompanyType>,
    pub website: Option<String>,
    pub notes: String,
    /// The company it was merged into (it is then left out of lists).
    pub merged_into: Option<CompanyId>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A contact person at a company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRecord {
    pub id: i64,
    pub company_id: CompanyId,
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: String,
    pub created_at: DateTime<Utc>,
}

fn corporate_number<S: Serializer>(v: &Option<CorporateNumber>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(n) => s.serialize_some(n.as_str()),
        None => s.serialize_none(),
    }
}

impl TryFrom<company::Model> for CompanyRecord {
    type Error = Unreadable;

    fn try_from(m: company::Model) -> Result<Self, Unreadable> {
        const T: &str = "companies";
        let home_city = known(T, m.id, "home_city", &m.home_city, |c| {
            CityCode::parse(c).ok()
        })?;
        let corporate_number = m
            .corporate_number
            .as_deref()
            .map(|n| {
                known(T, m.id, "corporate_number", n, |n| {
                    CorporateNumber::parse(n).ok().filter(|p| p.as_str() == n)
                })
            })
            .transpose()?;
        let size = m
            .size
            .as_deref()
            .map(|c| known(T, m.id, "size", c, CompanySize::from_code))
            .transpose()?;
        let company_type = m
            .company_type
            .as_deref()
            .map(|c| known(T, m.id, "company_type", c, CompanyType::from_code))
            .transpose()?;
        Ok(CompanyRecord {
            id: CompanyId(m.id),
            home_city,
            name: m.name,
            name_kana: m.name_kana,
            name_key: m.name_key,
            corporate_number,
            postal_code: m.postal_code,
            address: m.address,
            industry: m.industry,
            size,
            company_type,
            website: m.website,
            notes: m.notes,
            merged_into: m.merged_into.map(CompanyId),
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

impl From<company_contact::Model> for ContactRecord {
    fn from(m: company_contact::Model) -> Self {
        ContactRecord {
            id: m.id,
            company_id: CompanyId(m.company_id),
            name: m.name,
            role: m.role,
            email: m.email,
            phone: m.phone,
            created_at: m.created_at,
        }
    }
}

crate::records::coded!(CompanySize, CompanyType);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::readable;

    fn row() -> company::Model {
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        company::Model {
            id: 7,
            home_city: "121002".into(),
            name: "株式会社ＩＣＳＴ".into(),
            name_kana: "アイシーエスティー".into(),
            name_key: "icst".into(),
            corporate_number: Some("7000012050002".into()),
            postal_code: Some("2608722".into()),
            address: "千葉市中央区".into(),
            industry: "製造".into(),
            size: Some("sme".into()),
            company_type: Some("metro-needs-ict".into()),
            website: None,
            notes: String::new(),
            merged_into: Some(3),
            version: 2,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_record_serializes_as_its_row_did() {
        let m = row();
        let typed = CompanyRecord::try_from(m.clone()).unwrap();
        assert_eq!(typed.size, Some(CompanySize::Sme));
        assert_eq!(typed.company_type, Some(CompanyType::MetroNeedsIct));
        assert_eq!(typed.merged_into, Some(CompanyId(3)));
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
        let bare = company::Model {
            corporate_number: None,
            postal_code: None,
            size: None,
            company_type: None,
            merged_into: None,
            ..m
        };
        let typed = CompanyRecord::try_from(bare.clone()).unwrap();
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&bare).unwrap()
        );
        let contact = company_contact::Model {
            id: 1,
            company_id: 7,
            name: "n".into(),
            role: "r".into(),
            email: Some("a@example.jp".into()),
            phone: "043-245-5111".into(),
            created_at: bare.created_at,
        };
        assert_eq!(
            serde_json::to_string(&ContactRecord::from(contact.clone())).unwrap(),
            serde_json::to_string(&contact).unwrap()
        );
    }

    #[test]
    fn a_row_with_an_unknown_value_is_unreadable() {
        for m in [
            company::Model {
                home_city: "999999".into(),
                ..row()
            },
            company::Model {
                size: Some("huge".into()),
                ..row()
            },
            company::Model {
                company_type: Some("other".into()),
                ..row()
            },
            company::Model {
                corporate_number: Some("7000012050003".into()),
                ..row()
            },
        ] {
            assert!(CompanyRecord::try_from(m).is_err());
        }
        let rows = vec![
            row(),
            company::Model {
                size: Some("huge".into()),
                ..row()
            },
        ];
        assert_eq!(readable::<_, CompanyRecord>(rows).len(), 1);
    }
}
