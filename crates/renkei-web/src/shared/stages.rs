//! How a product's stage is named and offered as choices, on the list, the forms and the
//! product's page (its company type's choices are `shared::forms::company_type_choices`).

use renkei_domain::Lang;
use renkei_domain::catalog::Stage;

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
