//! The sites a coordinator can introduce (紹介できる治験・実証先): hospitals, clinics, care
//! facilities and universities of their city where a product may be trialled or verified,
//! with what each can take on. They are the coordinator network's knowledge that a city's
//! search for clinical and verification sites (`partnering`, purpose sites) draws on across
//! cities: a request's words are matched against each site here ([`Site::matches`]).

use crate::FieldError;
use crate::i18n::Text;
use crate::kernel::{choice, coded_enum, required};
use crate::text::fold;

/// The longest name kept.
pub const NAME_MAX: usize = 200;
/// The longest description of what a site can take on.
pub const OFFERS_MAX: usize = 1000;

coded_enum!(
    /// What kind of place a site is.
    FacilityKind {
        Hospital = "hospital" / "病院" / "Hospital",
        Clinic = "clinic" / "診療所" / "Clinic",
        CareFacility = "care-facility" / "介護施設" / "Care facility",
        University = "university" / "大学・研究機関" / "University or research institute",
        Other = "other" / "その他" / "Other",
    }
);

/// A site as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteDraft {
    pub name: String,
    pub kind: String,
    /// What the site can take on: departments, kinds of trial or verification, conditions.
    pub offers: String,
}

/// A site, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub name: String,
    pub kind: FacilityKind,
    pub offers: String,
}

impl SiteDraft {
    /// The site, or each field's problem.
    pub fn validate(&self) -> Result<Site, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = required(
            &mut errors,
            "name",
            &self.name,
            NAME_MAX,
            ("施設の名称を入力してください。", "Enter the site's name."),
        );
        const KIND: (&str, &str) = (
            "施設の種類を一覧から選んでください。",
            "Choose the kind of site from the list.",
        );
        let kind = choice(
            &mut errors,
            "kind",
            &self.kind,
            FacilityKind::from_code,
            KIND,
        );
        if kind.is_none() && !errors.iter().any(|e| e.field == "kind") {
            errors.push(FieldError::new("kind", KIND.0, KIND.1));
        }
        let offers = required(
            &mut errors,
            "offers",
            &self.offers,
            OFFERS_MAX,
            (
                "受け入れられる内容（診療科、治験・実証の種類など）を入力してください。",
                "Enter what the site can take on (departments, kinds of trial or verification).",
            ),
        );
        match kind {
            Some(kind) if errors.is_empty() => Ok(Site { name, kind, offers }),
            _ => Err(errors),
        }
    }
}

impl Site {
    /// Whether the site answers a request's words: one of the words (NFKC-folded, split at
    /// spaces, each of two characters or more) is in its name, kind or what it takes on.
    pub fn matches(&self, words: &str) -> bool {
        let text = fold(&format!(
            "{} {} {}",
            self.name,
            self.kind.name().ja,
            self.offers
        ));
        fold(words)
            .split_whitespace()
            .filter(|w| w.chars().count() >= 2)
            .any(|w| text.contains(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, kind: &str, offers: &str) -> SiteDraft {
        SiteDraft {
            name: name.into(),
            kind: kind.into(),
            offers: offers.into(),
        }
    }

    #[test]
    fn a_site_needs_a_name_a_kind_and_what_it_takes_on() {
        let errors = draft(" ", "spa", "").validate().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "kind", "offers"]);
        let errors = draft("病院", "", "治験").validate().unwrap_err();
        assert_eq!(errors[0].field, "kind");
        let long = "あ".repeat(NAME_MAX + 1);
        assert!(draft(&long, "hospital", "治験").validate().is_err());
        let site = draft("　さいたま市立病院　", "hospital", "皮膚科 褥瘡の臨床評価")
            .validate()
            .unwrap();
        assert_eq!(site.name, "さいたま市立病院");
        assert_eq!(site.kind, FacilityKind::Hospital);
    }

    #[test]
    fn a_site_matches_any_word_of_two_characters_or_more_in_any_width() {
        let site = draft("ＡＢＣ病院", "hospital", "皮膚科　褥瘡 ケアの実証")
            .validate()
            .unwrap();
        assert!(site.matches("褥瘡"));
        assert!(site.matches("人工呼吸器 褥瘡"));
        assert!(site.matches("ABC"));
        assert!(site.matches("病院"));
        assert!(!site.matches("透析"));
        assert!(!site.matches("褥"), "a single character matches too much");
        assert!(!site.matches(""));
    }
}
