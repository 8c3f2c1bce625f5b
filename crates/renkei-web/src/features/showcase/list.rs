//! The showcase's list: the products companies of every designated city show to the network
//! (to every city's staff and coordinators) or to anyone, narrowed by words (searched as the
//! search page searches: じょくそう finds 褥瘡), city, stage and wanted channel kind.

use askama::Template;
use askama_web::WebTemplate;
use renkei_app::showcase::{self, Narrowing};
use renkei_domain::Lang;
use renkei_domain::target::TargetKind;
use renkei_store::{PageRequest, ShowcaseEntry};
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::shared::city::city_code;
use crate::shared::format::{city_name, encode};
use crate::shared::forms::{Choice, city_choices, coded_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;
use crate::shared::stages::{stage_choices, stage_label};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    pub q: String,
    pub city: String,
    pub stage: String,
    pub channel: String,
    pub page: Option<u64>,
}

impl ListFilter {
    /// What the filter narrows to; a city that is not a designated city's code is none.
    pub fn narrowing(&self) -> Narrowing {
        Narrowing {
            q: self.q.clone(),
            city: city_code(&self.city).ok().filter(|_| !self.city.is_empty()),
            stage: renkei_domain::product::parse_stage(&self.stage),
            channel: TargetKind::from_code(&self.channel),
        }
    }
}

/// A showcased product as a row of the list.
pub struct Row {
    pub id: i64,
    pub name: String,
    pub company: String,
    pub city: String,
    pub stage: String,
    pub summary: String,
    pub channels: String,
    pub public: bool,
}

pub(super) fn row(state: &AppState, lang: Lang, e: ShowcaseEntry) -> Row {
    Row {
        id: e.product.id.0,
        stage: stage_label(lang, e.product.stage),
        city: city_name(state, &e.product.home_city.to_string()),
        channels: channel_names(lang, &e.showcase.channels),
        public: e.showcase.is_public(),
        summary: e.showcase.summary,
        company: e.company.name,
        name: e.product.name,
    }
}

/// Channel kinds as people read them: `病院・介護施設`.
pub(super) fn channel_names(lang: Lang, kinds: &[TargetKind]) -> String {
    kinds
        .iter()
        .map(|k| k.name().get(lang))
        .collect::<Vec<_>>()
        .join("・")
}

#[derive(Template, WebTemplate)]
#[template(path = "showcase/list.html")]
pub struct ListPage {
    base: Base,
    filter: ListFilter,
    cities: Vec<Choice>,
    stages: Vec<Choice>,
    channels: Vec<Choice>,
    rows: Vec<Row>,
    total: u64,
    page: u64,
    pages: u64,
    query: String,
    /// Whether the viewer sees the network's part (staff and coordinators of any city).
    network: bool,
}

/// The showcase, narrowed.
pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<ListPage, AppError> {
    let caller = viewer.caller();
    let narrowing = filter.narrowing();
    let page = showcase::list(
        &state.app,
        &caller,
        &narrowing,
        PageRequest::new(filter.page.unwrap_or(1), 50),
    )
    .await?;
    let pages = page.total.div_ceil(page.per_page).max(1);
    let (total, number) = (page.total, page.page);
    let rows = page
        .items
        .into_iter()
        .map(|e| row(&state, lang, e))
        .collect();
    Ok(ListPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "ショーケース（各市の製品）", "Showcase"),
            "showcase",
        ),
        cities: city_choices(state.store.cities(), &filter.city),
        stages: stage_choices(lang, narrowing.stage),
        channels: coded_choices(
            TargetKind::ALL,
            TargetKind::code,
            TargetKind::name,
            lang,
            &filter.channel,
        ),
        query: format!(
            "q={}&city={}&stage={}&channel={}",
            encode(&filter.q),
            encode(&filter.city),
            encode(&filter.stage),
            encode(&filter.channel)
        ),
        network: renkei_domain::access::in_network(&viewer.subject)
            || renkei_domain::access::list_scope(&viewer.subject).all,
        filter,
        rows,
        total,
        page: number,
        pages,
    })
}
