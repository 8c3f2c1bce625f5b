//! Grants: a city shares one of its records with another city — who granted what to whom,
//! when, why, and until when. Records a city owns are seen only by its own people and by the
//! cities it has granted them to (`access::Resource::CityRecord`); the referral workflow
//! grants the receiving city its dossier when the dossier is sent.

use chrono::{DateTime, Utc};

use crate::FieldError;
use crate::city::CityCode;
use crate::text::clean;

/// The longest purpose kept.
pub const PURPOSE_MAX: usize = 1000;

/// A grant as asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantDraft {
    /// The kind of record, e.g. `referral`.
    pub object_type: &'static str,
    pub object_id: String,
    pub owner: CityCode,
    pub grantee: CityCode,
    /// Why the record is shared (for the record and for 個人情報保護法's purpose).
    pub purpose: String,
    pub valid_until: Option<DateTime<Utc>>,
}

impl GrantDraft {
    /// Every problem with the draft, or the draft with its purpose cleaned.
    pub fn validate(mut self, now: DateTime<Utc>) -> Result<GrantDraft, Vec<FieldError>> {
        let mut errors = Vec::new();
        self.purpose = clean(&self.purpose);
        if self.purpose.is_empty() {
            errors.push(FieldError::new(
                "purpose",
                "共有の目的を入力してください。",
                "Enter why the record is shared.",
            ));
        } else if self.purpose.chars().count() > PURPOSE_MAX {
            errors.push(FieldError::new(
                "purpose",
                "共有の目的は1000文字以内で入力してください。",
                "Keep the purpose within 1,000 characters.",
            ));
        }
        if self.owner == self.grantee {
            errors.push(FieldError::new(
                "grantee",
                "共有先には自市以外の市を選んでください。",
                "Choose a city other than the owner.",
            ));
        }
        if self.valid_until.is_some_and(|t| t <= now) {
            errors.push(FieldError::new(
                "valid_until",
                "有効期限は未来の日時にしてください。",
                "The end of the grant must be in the future.",
            ));
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> GrantDraft {
        GrantDraft {
            object_type: "referral",
            object_id: "1".into(),
            owner: CityCode::parse("121002").unwrap(),
            grantee: CityCode::parse("341002").unwrap(),
            purpose: "　販路開拓のための紹介 ".into(),
            valid_until: None,
        }
    }

    #[test]
    fn a_grant_needs_a_purpose_another_city_and_a_future_end() {
        let now = Utc::now();
        assert_eq!(
            draft().validate(now).unwrap().purpose,
            "販路開拓のための紹介"
        );
        let bad = GrantDraft {
            grantee: draft().owner,
            purpose: " ".into(),
            valid_until: Some(now),
            ..draft()
        };
        let fields: Vec<_> = bad
            .validate(now)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["purpose", "grantee", "valid_until"]);
        let long = GrantDraft {
            purpose: "あ".repeat(PURPOSE_MAX + 1),
            ..draft()
        };
        assert!(long.validate(now).is_err());
    }
}
