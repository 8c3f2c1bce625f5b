//! How a product's stage and its company type are named and offered as choices, on the list,
//! the forms and the product's page.

use renkei_domain::Lang;
use renkei_domain::catalog::{CompanyType, Stage};

use crate::shared::forms::Choice;

pub(super) fn stage_label(lang: Lang, s: Stage) -> String {
    format!("{} {}", s.mark(), s.name().get(lang))
}

pub(super) fn stage_choices(lang: Lang, selected: Option<Stage>) -> Vec<Choice> {
    Stage::ALL
        .iter()
        .map(|s| Choice {
            value: s.number().to_string(),
            label: stage_label(lang, *s),
            selected: Some(*s) == selected,
        })
        .collect()
}

pub(super) fn type_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    CompanyType::ALL
        .iter()
        .map(|t| Choice {
            value: t.code().into(),
            label: format!("{} {}", t.mark(), t.name().get(lang)),
            selected: selected == t.code(),
        })
        .collect()
}
