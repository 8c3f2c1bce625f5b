//! Support organisations of a city (支援機関): its industry promotion foundation
//! (産業振興財団) and the other bodies working for it — a university's liaison office, a
//! chamber of commerce. Their staff act for the city with the role the city gives them (full
//! or read-only); what they do is recorded as done through their organisation. A referral's
//! steps ① and ④ and every support record may name who helped ([`Help`]): one of the acting
//! city's organisations and/or one of its coordinators.

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

/// Who helped with a step or a support record (支援した機関・コーディネーター): one of the
/// acting city's organisations and/or one of its coordinators (account ids), each optional.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    pub organization: Option<i64>,
    pub coordinator: Option<i64>,
}

impl Help {
    /// Nobody named.
    pub fn is_empty(&self) -> bool {
        self.organization.is_none() && self.coordinator.is_none()
    }
}

/// Who helped, as a form gives it: the ids chosen, empty for none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpDraft {
    pub organization: String,
    pub coordinator: String,
}

impl HelpDraft {
    /// Whether nothing was chosen.
    pub fn is_empty(&self) -> bool {
        self.organization.trim().is_empty() && self.coordinator.trim().is_empty()
    }

    /// Checked against the acting city's `organizations` and active `coordinators` (ids): an
    /// organisation or a person of another city, or none such, is refused with its field.
    pub fn validate(
        &self,
        organizations: &[i64],
        coordinators: &[i64],
    ) -> Result<Help, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut pick = |value: &str, known: &[i64], error: FieldError| {
            let value = crate::text::fold(value);
            match value.trim() {
                "" => None,
                id => {
                    let id = id.parse().ok().filter(|id| known.contains(id));
                    if id.is_none() {
                        errors.push(error);
                    }
                    id
                }
            }
        };
        let organization = pick(
            &self.organization,
            organizations,
            FieldError::new(
                "helped_organization",
                "支援した機関は、この市の支援機関から選んでください（他の市の機関は選べません）。",
                "Choose a support organisation of this city (another city's cannot be named).",
            ),
        );
        let coordinator = pick(
            &self.coordinator,
            coordinators,
            FieldError::new(
                "helped_coordinator",
                "支援したコーディネーターは、この市のコーディネーターから選んでください（他の市の人は選べません）。",
                "Choose a coordinator of this city (another city's cannot be named).",
            ),
        );
        if errors.is_empty() {
            Ok(Help {
                organization,
                coordinator,
            })
        } else {
            Err(errors)
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

    #[test]
    fn who_helped_is_one_of_the_acting_citys_own() {
        let (orgs, coordinators) = ([3, 4], [7]);
        let draft = |o: &str, c: &str| HelpDraft {
            organization: o.into(),
            coordinator: c.into(),
        };
        assert_eq!(
            draft("", " ").validate(&orgs, &coordinators),
            Ok(Help::default())
        );
        assert!(draft("", "").is_empty() && Help::default().is_empty());
        assert_eq!(
            draft("４", "7").validate(&orgs, &coordinators),
            Ok(Help {
                organization: Some(4),
                coordinator: Some(7),
            })
        );
        let errors = draft("9", "x").validate(&orgs, &coordinators).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["helped_organization", "helped_coordinator"]);
        assert!(errors[0].message.ja.contains("他の市"));
        let errors = draft("", "3").validate(&orgs, &coordinators).unwrap_err();
        assert_eq!(
            errors[0].field, "helped_coordinator",
            "an organisation's id names no person"
        );
    }
}
