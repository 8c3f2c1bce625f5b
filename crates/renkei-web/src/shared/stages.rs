//! How a stage is named and offered as choices, on the lists, forms and pages of products
//! and the showcase (a company type's: `shared::forms::company_type_choices`).

use renkei_domain::Lang;
use renkei_domain::catalog::Stage;

use crate::shared::forms::Choice;

pub(crate) fn stage_label(lang: Lang, s: Stage) -> String {
    format!("{} {}", s.mark(), s.name().get(lang))
}

pub(crate) fn stage_choices(lang: Lang, selected: Option<Stage>) -> Vec<Choice> {
    Stage::ALL
        .iter()
        .map(|s| Choice {
            value: s.number().to_string(),
            label: stage_label(lang, *s),
            selected: Some(*s) == selected,
        })
        .collect()
}
