//! The per-type, per-city guide: "what can a ものづくり企業活用型 company use at stage ⑤ in
//! 熊本市, and where else?" — the model's measures of the stage, how likely the type is to use
//! each, what the city offers for it, and what other cities, the prefecture and the state offer.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::Uri;
use renkei_domain::catalog::{self, CompanyType, Level, Novelty, Scope, Stage};
use renkei_domain::city::CityCode;
use renkei_domain::menu::Offering;
use renkei_store::MenuEntryId;
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::lang::UiLang;
use crate::shared::city::city_code;
use crate::shared::forms::Choice;
use crate::shared::layout::{Base, tr};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct GuideParams {
    #[serde(rename = "type")]
    company_type: String,
    stage: String,
    city: String,
}

pub struct Offer {
    pub city: String,
    pub city_code: CityCode,
    pub id: MenuEntryId,
    pub name: String,
    pub kind: Offering,
    pub offering: &'static str,
}

pub struct GuideItem {
    pub code: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub is_new: bool,
    pub high: bool,
    pub level_name: &'static str,
    pub provider: &'static str,
    pub here: Vec<Offer>,
    pub elsewhere: Vec<Offer>,
}

pub struct GuideResult {
    pub heading: String,
    pub note: &'static str,
    pub items: Vec<GuideItem>,
}

#[derive(Template, WebTemplate)]
#[template(path = "guide/guide.html")]
pub struct GuidePage {
    base: Base,
    types: Vec<Choice>,
    stages: Vec<Choice>,
    cities: Vec<Choice>,
    result: Option<GuideResult>,
}

pub async fn guide(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    QueryInput(p): QueryInput<GuideParams>,
) -> Result<GuidePage, AppError> {
    let base = Base::new(
        lang,
        uri.to_string(),
        tr(lang, "類型・都市別ガイド", "Guide by type and city"),
        "guide",
    );
    let company_type = CompanyType::from_code(&p.company_type);
    let stage = p.stage.parse::<u8>().ok().and_then(Stage::from_number);
    let city = if p.city.is_empty() {
        None
    } else {
        Some(city_code(&p.city)?)
    };
    let cities = state.store.cities();
    let types = CompanyType::ALL
        .into_iter()
        .map(|t| Choice {
            value: t.code().into(),
            label: format!("{} {}", t.mark(), t.name().get(lang)),
            selected: company_type == Some(t),
        })
        .collect();
    let stages = Stage::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.number().to_string(),
            label: format!("{} {}", s.mark(), s.name().get(lang)),
            selected: stage == Some(s),
        })
        .collect();
    let city_choices = cities
        .iter()
        .map(|c| Choice {
            value: c.code.to_string(),
            label: c.name.clone(),
            selected: city == Some(c.code),
        })
        .collect();
    let result = match (company_type, stage, city) {
        (Some(t), Some(s), Some(code)) => {
            let city_name = cities
                .iter()
                .find(|c| c.code == code)
                .map_or_else(String::new, |c| c.name.clone());
            let measures: Vec<_> = catalog::measures_in(Scope::Stage(s))
                .chain(catalog::measures_in(Scope::AllStages))
                .collect();
            let codes: Vec<&str> = measures.iter().map(|m| m.code).collect();
            let entries = state.store.entries_for_measures(&codes).await?;
            let name_of = |c: CityCode| {
                cities
                    .iter()
                    .find(|x| x.code == c)
                    .map_or_else(|| c.to_string(), |x| x.name.clone())
            };
            let items = measures
                .into_iter()
                .map(|m| {
                    let level = catalog::applicability(t, m);
                    let offers = entries
                        .iter()
                        .filter(|r| r.entry.measure.code == m.code)
                        .map(|r| Offer {
                            city: name_of(r.city_code),
                            city_code: r.city_code,
                            id: r.id,
                            name: r.entry.name.clone(),
                            kind: r.entry.offering,
                            offering: r.entry.offering.name().get(lang),
                        });
                    let (here, elsewhere): (Vec<Offer>, Vec<Offer>) =
                        offers.partition(|o| o.city_code == code);
                    GuideItem {
                        code: m.code,
                        name: m.name.get(lang),
                        kind: m.kind.name().get(lang),
                        is_new: m.novelty == Novelty::New,
                        high: level == Level::High,
                        level_name: level.name().get(lang),
                        provider: m.provider.name().get(lang),
                        here,
                        // Other cities' links out are not theirs to offer: show what they run.
                        elsewhere: elsewhere
                            .into_iter()
                            .filter(|o| !o.kind.is_link())
                            .collect(),
                    }
                })
                .collect();
            Some(GuideResult {
                heading: match lang {
                    renkei_domain::Lang::Ja => format!(
                        "{}で{}の企業が段階{} {}で使える支援",
                        city_name,
                        t.name().ja,
                        s.mark(),
                        s.name().ja
                    ),
                    renkei_domain::Lang::En => format!(
                        "What a {} company can use at stage {} ({}) in {}",
                        t.name().en.to_lowercase(),
                        s.mark(),
                        s.name().en,
                        city_name
                    ),
                },
                note: t.applicability_note().get(lang),
                items,
            })
        }
        _ => None,
    };
    Ok(GuidePage {
        base,
        types,
        stages,
        cities: city_choices,
        result,
    })
}
