//! Grants: a city shares one of its records with another city — who granted what to whom,
//! when, why, and until when. Records a city owns are seen only by its own people and by the
//! cities it has granted them to (`access::Resource::CityRecord`); the referral workflow
//! grants the receiving city its dossier when the dossier is sent.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::FieldError;
use crate::city::CityCode;
use crate::text::clean;

/// The longest purpose kept.
pub const PURPOSE_MAX: usize = 1000;

/// The longest a grant may last, in days from its making: a year (a leap year's). A record
/// shared longer is shared again, for a purpose stated again.
pub const MAX_DAYS: i64 = 366;

/// The end of a grant given "until" a day, typed as offices write dates (西暦 or 和暦,
/// `jdate::parse`): the end of that day in Japan Standard Time.
pub fn until_end_of(input: &str) -> Result<DateTime<Utc>, FieldError> {
    if crate::text::fold(input).is_empty() {
        return Err(FieldError::new(
            "valid_until",
            "共有の期限（終了日）を入力してください。",
            "Enter the last day of the grant.",
        ));
    }
    let day: NaiveDate = crate::jdate::parse(input).ok_or_else(|| {
        FieldError::new(
            "valid_until",
            "共有の期限は 2026-04-01 や 令和8年4月1日 のような日付で入力してください。",
            "Enter the last day as a date, e.g. 2026-04-01.",
        )
    })?;
    let next_midnight = day.succ_opt().unwrap_or(day).and_hms_opt(0, 0, 0);
    Ok(next_midnight.expect("midnight exists").and_utc() - Duration::hours(9))
}

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
        } else if self
            .valid_until
            .is_some_and(|t| t > now + Duration::days(MAX_DAYS))
        {
            errors.push(FieldError::new(
                "valid_until",
                "共有の期限は1年以内にしてください。",
                "A grant lasts at most a year.",
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
        let too_long = GrantDraft {
            valid_until: Some(now + Duration::days(MAX_DAYS + 1)),
            ..draft()
        };
        let fields: Vec<_> = too_long
            .validate(now)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["valid_until"], "at most a year");
        let a_year = GrantDraft {
            valid_until: Some(now + Duration::days(MAX_DAYS)),
            ..draft()
        };
        assert!(a_year.validate(now).is_ok());
    }

    #[test]
    fn a_grant_ends_at_the_end_of_its_last_day_in_japan() {
        let end = until_end_of("2026-04-01").unwrap();
        assert_eq!(end.to_rfc3339(), "2026-04-01T15:00:00+00:00");
        assert_eq!(until_end_of("令和8年4月1日").unwrap(), end);
        for bad in ["", "　", "いつか", "2026-02-30"] {
            assert_eq!(until_end_of(bad).unwrap_err().field, "valid_until", "{bad}");
        }
    }
}
