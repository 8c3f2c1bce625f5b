//! The JSON shapes of the API. They are the API's contract, kept apart from the domain types
//! so that the domain can change without breaking clients; the OpenAPI document is generated
//! from them.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::Text;
use renkei_domain::catalog::{self, CompanyType, Measure, Stage};
use renkei_store::{City, MenuRecord};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A text in Japanese and English.
#[derive(Debug, Serialize, ToSchema)]
pub struct Localized {
    #[schema(example = "研究開発")]
    pub ja: String,
    #[schema(example = "Research and development")]
    pub en: String,
}

impl From<Text> for Localized {
    fn from(t: Text) -> Self {
        Localized {
            ja: t.ja.to_owned(),
            en: t.en.to_owned(),
        }
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paginated<T: ToSchema> {
    pub items: Vec<T>,
    /// The page number, from 1.
    pub page: u64,
    pub per_page: u64,
    /// How many items the whole list has.
    pub total: u64,
}

impl<T: ToSchema> Paginated<T> {
    /// A page of the store, its records turned into the API's shapes.
    pub fn from_page<R: Into<T>>(p: renkei_store::Page<R>) -> Self {
        Paginated {
            items: p.items.into_iter().map(Into::into).collect(),
            page: p.page,
            per_page: p.per_page,
            total: p.total,
        }
    }
}

/// Paging parameters of every list.
#[derive(Debug, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, from 1 (default 1).
    pub page: Option<u64>,
    /// Items per page, 1–200 (default 50).
    pub per_page: Option<u64>,
}

impl PageParams {
    pub fn request(self) -> renkei_store::PageRequest {
        renkei_store::PageRequest::new(self.page.unwrap_or(1), self.per_page.unwrap_or(50))
    }
}

/// Pages a list held in memory (the catalog is compiled in).
pub fn paginate<T: ToSchema>(all: Vec<T>, params: PageParams) -> Paginated<T> {
    let r = params.request();
    let total = all.len() as u64;
    let items = all
        .into_iter()
        .skip(((r.page - 1) * r.per_page) as usize)
        .take(r.per_page as usize)
        .collect();
    Paginated {
        items,
        page: r.page,
        per_page: r.per_page,
        total,
    }
}

/// A company type (類型).
#[derive(Debug, Serialize, ToSchema)]
pub struct CompanyTypeDto {
    #[schema(example = "manufacturer-entry")]
    pub code: String,
    #[schema(example = 2)]
    pub number: u8,
    pub name: Localized,
    pub description: Localized,
    /// The report's sentence on which stages this type uses.
    pub applicability_note: Localized,
}

impl From<CompanyType> for CompanyTypeDto {
    fn from(t: CompanyType) -> Self {
        CompanyTypeDto {
            code: t.code().into(),
            number: t.number(),
            name: t.name().into(),
            description: t.description().into(),
            applicability_note: t.applicability_note().into(),
        }
    }
}

/// A stage (段階) of development.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageDto {
    #[schema(example = "development")]
    pub code: String,
    #[schema(example = 5)]
    pub number: u8,
    /// The circled number the report uses.
    #[schema(example = "⑤")]
    pub mark: String,
    pub name: Localized,
    /// The second label the report's tables give stages ②, ⑥ and ⑧.
    pub alt_name: Option<Localized>,
    pub description: Localized,
    /// Stages that may come next: the following one, and ⑦ after ⑧.
    pub next_stages: Vec<u8>,
}

impl From<Stage> for StageDto {
    fn from(s: Stage) -> Self {
        StageDto {
            code: s.code().into(),
            number: s.number(),
            mark: s.mark().into(),
            name: s.name().into(),
            alt_name: s.alt_name().map(Into::into),
            description: s.description().into(),
            next_stages: Stage::ALL
                .into_iter()
                .filter(|n| catalog::may_follow(s, *n))
                .map(Stage::number)
                .collect(),
        }
    }
}

/// One line of a stage table.
#[derive(Debug, Serialize, ToSchema)]
pub struct TableItemDto {
    pub text: Localized,
    /// The measure this line names, for current support and remedies.
    pub measure: Option<String>,
}

/// A stage with its table (現状の支援内容・課題（企業の声）・課題解決支援手法) and measures.
#[derive(Debug, Serialize, ToSchema)]
pub struct StageDetailDto {
    pub stage: StageDto,
    pub current_support: Vec<TableItemDto>,
    pub company_voices: Vec<TableItemDto>,
    pub remedies: Vec<TableItemDto>,
    pub measures: Vec<MeasureDto>,
    /// The report's notes on this stage.
    pub notes: Vec<Localized>,
}

/// How likely one company type is to use a measure.
#[derive(Debug, Serialize, ToSchema)]
pub struct TypeLevelDto {
    #[schema(example = "metro-needs-ict")]
    pub company_type: String,
    /// `high` or `low`.
    #[schema(example = "low")]
    pub level: String,
}

/// Where in the report a measure is named.
#[derive(Debug, Serialize, ToSchema)]
pub struct SourcesDto {
    /// In the ideal-model figure.
    pub figure: bool,
    /// In a stage table.
    pub stage_table: bool,
    /// In the proposals to the state (第4章).
    pub proposals: bool,
}

/// A support measure (支援施策) of the model.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeasureDto {
    #[schema(example = "development.software-support")]
    pub code: String,
    /// The stage number, or null for the all-stages coordinator measures.
    #[schema(example = 5)]
    pub stage: Option<u8>,
    pub name: Localized,
    /// The label as printed in the figure.
    pub figure_label: Option<String>,
    /// One of `seminar`, `factory-tour`, `matching`, `evaluation`, `survey`, `award`,
    /// `consultation-desk`, `expert-dispatch`, `subsidy`, `research-group`, `brokering`,
    /// `coordinator`, `referral`, `investment-support`.
    #[schema(example = "subsidy")]
    pub kind: String,
    /// `existing`, or `new` for the report's remedies (new or expanded measures).
    #[schema(example = "new")]
    pub novelty: String,
    /// `city`, `cities` (several cities together), `prefecture` or `state`.
    #[schema(example = "city")]
    pub provider: String,
    pub description: Localized,
    pub sources: SourcesDto,
    pub applicability: Vec<TypeLevelDto>,
}

impl From<&Measure> for MeasureDto {
    fn from(m: &Measure) -> Self {
        MeasureDto {
            code: m.code.into(),
            stage: m.scope.stage().map(Stage::number),
            name: m.name.into(),
            figure_label: m.figure_label.map(Into::into),
            kind: m.kind.code().into(),
            novelty: m.novelty.code().into(),
            provider: m.provider.code().into(),
            description: m.description.into(),
            sources: SourcesDto {
                figure: m.sources.figure,
                stage_table: m.sources.stage_table,
                proposals: m.sources.proposals,
            },
            applicability: CompanyType::ALL
                .into_iter()
                .map(|t| TypeLevelDto {
                    company_type: t.code().into(),
                    level: catalog::applicability(t, m).code().into(),
                })
                .collect(),
        }
    }
}

/// A cell of the applicability matrix (type × stage).
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicabilityDto {
    #[schema(example = "medical-company-led")]
    pub company_type: String,
    #[schema(example = 1)]
    pub stage: u8,
    /// `high`, `low`, or `partial` when only some measures of the stage are of low use.
    #[schema(example = "partial")]
    pub level: String,
    /// The measures of the stage of low use to the type.
    pub low_measures: Vec<String>,
}

/// A designated city.
#[derive(Debug, Serialize, ToSchema)]
pub struct CityDto {
    /// The 6-digit local-government code.
    #[schema(example = "121002")]
    pub code: String,
    #[schema(example = "千葉市")]
    pub name: String,
    #[schema(example = "ちばし")]
    pub kana: String,
    #[schema(example = 12)]
    pub prefecture_code: i16,
    #[schema(example = "千葉県")]
    pub prefecture: String,
    #[schema(example = "https://www.city.chiba.jp/")]
    pub url: String,
}

impl From<City> for CityDto {
    fn from(c: City) -> Self {
        CityDto {
            code: c.code.to_string(),
            name: c.name,
            kana: c.kana,
            prefecture_code: c.prefecture_code,
            prefecture: c.prefecture_name,
            url: c.url,
        }
    }
}

/// An entry of a city's menu.
#[derive(Debug, Serialize, ToSchema)]
pub struct MenuEntryDto {
    pub id: i64,
    #[schema(example = "121002")]
    pub city: String,
    #[schema(example = "development.grants-loans")]
    pub measure: String,
    /// The measure's stage, or null for the all-stages measures.
    pub stage: Option<u8>,
    /// `own`, `joint` (with other cities), `partner-city`, `prefecture` or `state`.
    #[schema(example = "own")]
    pub offering: String,
    /// For `partner-city` entries: the partner city's code.
    pub partner_city: Option<String>,
    #[schema(example = "医療機器等研究開発補助金")]
    pub name: String,
    pub description: String,
    pub contact: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub budget_yen: Option<i64>,
    pub url: Option<String>,
    /// Increases with every change; send it back with an update to detect conflicts.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<MenuRecord> for MenuEntryDto {
    fn from(r: MenuRecord) -> Self {
        let e = r.entry;
        MenuEntryDto {
            id: r.id.0,
            city: r.city_code.to_string(),
            measure: e.measure.code.to_owned(),
            stage: e.measure.scope.stage().map(Stage::number),
            offering: e.offering.code().to_owned(),
            partner_city: e.partner_city.map(|c| c.to_string()),
            name: e.name,
            description: e.description,
            contact: e.contact,
            period_start: e.period_start,
            period_end: e.period_end,
            budget_yen: e.budget_yen,
            url: e.url,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A menu entry to create or replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MenuEntryInput {
    /// The catalog measure the entry offers.
    #[schema(example = "development.grants-loans")]
    pub measure: String,
    /// `own`, `joint`, `partner-city`, `prefecture` or `state`.
    #[schema(example = "own")]
    pub offering: String,
    /// Required for `partner-city`: another designated city's code.
    pub partner_city: Option<String>,
    /// The city's own name for it (1–200 characters).
    #[schema(example = "医療機器等研究開発補助金")]
    pub name: String,
    pub description: Option<String>,
    pub contact: Option<String>,
    /// `YYYY-MM-DD`; 和暦 such as `令和8年4月1日` is accepted too.
    #[schema(example = "2026-04-01")]
    pub period_start: Option<String>,
    #[schema(example = "2026-06-30")]
    pub period_end: Option<String>,
    #[schema(example = 10000000)]
    pub budget_yen: Option<i64>,
    #[schema(example = "https://www.city.chiba.jp/")]
    pub url: Option<String>,
    /// On update: the version you read. If the entry changed since, the answer is 409.
    pub version: Option<i32>,
}

impl MenuEntryInput {
    pub fn draft(&self) -> renkei_domain::menu::MenuEntryDraft {
        renkei_domain::menu::MenuEntryDraft {
            measure: self.measure.clone(),
            offering: self.offering.clone(),
            partner_city: self.partner_city.clone().unwrap_or_default(),
            name: self.name.clone(),
            description: self.description.clone().unwrap_or_default(),
            contact: self.contact.clone().unwrap_or_default(),
            period_start: self.period_start.clone().unwrap_or_default(),
            period_end: self.period_end.clone().unwrap_or_default(),
            budget_yen: self.budget_yen.map(|b| b.to_string()).unwrap_or_default(),
            url: self.url.clone().unwrap_or_default(),
        }
    }
}

/// A step of a workflow's history (a case's, a dispatch's, a bridge's).
#[derive(Debug, Serialize, ToSchema)]
pub struct StepDto {
    pub at: DateTime<Utc>,
    /// Who took it: the workflow's party.
    pub party: String,
    #[serde(rename = "move")]
    pub move_code: String,
    /// The state it led to (none for a note that moved nothing).
    pub to_state: Option<String>,
    /// What was asked, answered, concluded or decided with it.
    pub note: String,
    pub by: String,
}

impl StepDto {
    /// A history line, its state by `code`.
    pub fn of<S: Copy>(line: renkei_store::HistoryLine<S>, code: fn(S) -> &'static str) -> Self {
        StepDto {
            at: line.at,
            party: line.party,
            move_code: line.move_code,
            to_state: line.to_state.map(|s| code(s).to_owned()),
            note: line.note,
            by: line.actor_label,
        }
    }
}
