//! Support organisations of a city (支援機関): its industry promotion foundation
//! (産業振興財団) and the other bodies working for it — a university's liaison office, a
//! chamber of commerce. Their staff act for the city with the role the city gives them (full
//! or read-only); what they do is recorded as done through their organisation.

use crate::i18n::Text;
use crate::kernel::{FieldError, coded_enum};
use crate::text::clean;

coded_enum!(
    /// What kind of body an organisation is.
    OrganizationKind {
        Foundation = "foundation" / "産業振興財団" / "Industry promotion foundation",
        University = "university" / "大学（産学連携窓口）" / "University (liaison office)",
        Chamber = "chamber" / "商工会議所・商工会" / "Chamber of commerce",
        Other = "other" / "その他の支援機関" / "Other support body",
    }
);

/// An organisation as a form gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganizationDraft {
    pub name: String,
    pub kind: String,
}

/// An organisation, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Cleaned, 1 to 200 characters.
    pub name: String,
    pub kind: OrganizationKind,
}

impl OrganizationDraft {
    /// Checks the name and the kind; every problem, each with its field.
    pub fn validate(&self) -> Result<Organization, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = clean(&self.name);
        if name.is_empty() {
            errors.push(FieldError::new(
                "name",
                "機関の名称を入力してください（例: 千葉市産業振興財団）。",
                "Enter the organisation's name.",
            ));
        } else if name.chars().count() > 200 {
            errors.push(FieldError::new(
                "name",
                "名称は200文字以内で入力してください。",
                "Keep the name within 200 characters.",
            ));
        }
        let kind = OrganizationKind::from_code(&self.kind);
        if kind.is_none() {
            errors.push(FieldError::new(
                "kind",
                "機関の種類を選んでください。",
                "Choose the kind of organisation.",
            ));
        }
        match kind {
            Some(kind) if errors.is_empty() => Ok(Organization { name, kind }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_organisation_needs_a_name_and_a_kind() {
        let ok = OrganizationDraft {
            name: "　公益財団法人千葉市産業振興財団　".into(),
            kind: "foundation".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.name, "公益財団法人千葉市産業振興財団");
        assert_eq!(ok.kind, OrganizationKind::Foundation);
        let errors = OrganizationDraft::default().validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "kind"]);
        let long = OrganizationDraft {
            name: "財".repeat(201),
            kind: "chamber".into(),
        };
        assert_eq!(long.validate().unwrap_err()[0].field, "name");
    }
}
