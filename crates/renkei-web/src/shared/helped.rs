//! Who helped (支援した機関・コーディネーター): the choice on the forms of a referral's ① and ④
//! and of a support record — the acting city's organisations and coordinators
//! (`renkei_app::help`, which checks what is sent) — and who helped, in words, where those
//! records are shown. Knows no feature.

use renkei_domain::Lang;
use renkei_domain::city::CityCode;
use renkei_domain::organization::Help;
use renkei_store::HelperNames;

use crate::AppState;
use crate::error::AppError;
use crate::shared::forms::Choice;
use crate::shared::layout::tr;

/// The two selects' options, each led by "none".
pub struct HelpChoices {
    pub organizations: Vec<Choice>,
    pub coordinators: Vec<Choice>,
}

impl HelpChoices {
    /// Whether the city has anybody to name.
    pub fn is_empty(&self) -> bool {
        self.organizations.len() + self.coordinators.len() <= 2
    }
}

/// The organisations and coordinators of `city` to choose from, `chosen` selected.
pub async fn help_choices(
    state: &AppState,
    lang: Lang,
    city: &CityCode,
    chosen: Help,
) -> Result<HelpChoices, AppError> {
    let (organizations, coordinators) = renkei_app::help::choices(&state.app, city).await?;
    let none = |selected: bool| Choice {
        value: String::new(),
        label: tr(lang, "（なし）", "(none)").into(),
        selected,
    };
    let organizations = std::iter::once(none(chosen.organization.is_none()))
        .chain(organizations.into_iter().map(|o| Choice {
            selected: chosen.organization == Some(o.id.0),
            value: o.id.to_string(),
            label: o.name,
        }))
        .collect();
    let coordinators = std::iter::once(none(chosen.coordinator.is_none()))
        .chain(coordinators.into_iter().map(|u| Choice {
            selected: chosen.coordinator == Some(u.id.0),
            value: u.id.to_string(),
            label: u.display_name,
        }))
        .collect();
    Ok(HelpChoices {
        organizations,
        coordinators,
    })
}

/// The names of everyone `helps` name (two queries).
pub async fn helper_names(
    state: &AppState,
    helps: impl IntoIterator<Item = Help>,
) -> Result<HelperNames, AppError> {
    let (mut organizations, mut people) = (Vec::new(), Vec::new());
    for h in helps {
        organizations.extend(h.organization);
        people.extend(h.coordinator);
    }
    if organizations.is_empty() && people.is_empty() {
        return Ok(HelperNames::default());
    }
    Ok(state.store.helper_names(&organizations, &people).await?)
}

/// "支援: 千葉市産業振興財団・山田花子", or nothing when nobody was named.
pub fn helped_label(lang: Lang, names: &HelperNames, help: Help) -> String {
    names
        .label(help)
        .map(|who| format!("{}{who}", tr(lang, "支援: ", "Helped by: ")))
        .unwrap_or_default()
}
