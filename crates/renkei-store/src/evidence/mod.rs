//! What the evidence reads (第3章 5, 第4章): grouped counts and bounded histories, written
//! once for both databases, each one query whatever the number of cities. Counts are
//! grouped in SQL (`GROUP BY` city and what the figure is by); histories (a product's
//! stages, a referral's steps) are read for the filter's records only, ordered, so that the
//! use case computes each stay's time (medians need the values). Every row names its city,
//! so that the use case can tell the viewer's own records from other cities'. No decision on
//! who may see what (`renkei_domain::access::evidence`, `evidence::disclosure`).
//!
//! The filter: a fiscal year (counts of what happened in it; the products' stages as they
//! are now), a city (a referral is the city's when it sent or received it), a company type
//! (the product's, else its company's) and a stage.

mod programs;

pub use programs::{
    AdoptionCount, ApplicationCount, BridgeCount, CaseRow, CsrCount, DispatchCount, EventCount,
    MeetingCount, TargetCount, VoiceRow,
};

use chrono::{DateTime, Utc};
use renkei_domain::catalog::{CompanyType, Stage};
use renkei_domain::city::CityCode;
use renkei_domain::evidence::Filter;
use renkei_domain::referral::{Outcome, State as Step};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationDef,
};

use crate::entity::{company, product, product_event, referral, referral_event, support_record};
use crate::{Result, Store};

/// How many active products of a city are at a stage, of a company type (none: not given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductCount {
    pub city: CityCode,
    pub stage: Stage,
    pub company_type: Option<CompanyType>,
    pub count: i64,
}

/// One line of a product's timeline that put it at a stage: its registration or a move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageLine {
    pub product: i64,
    pub city: CityCode,
    pub at: DateTime<Utc>,
    /// None: the registration (it started at `to`).
    pub from: Option<Stage>,
    pub to: Stage,
}

/// How many support records of a measure a city's products of a company type received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportCount {
    pub city: CityCode,
    pub measure: String,
    pub company_type: Option<CompanyType>,
    pub count: i64,
}

/// A referral with its history, as the funnel reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferralHistory {
    pub id: i64,
    pub sending: CityCode,
    pub receiving: CityCode,
    pub state: Step,
    pub state_since: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub outcome: Option<Outcome>,
    /// Each move: when, and the step it led to, in order.
    pub moves: Vec<(DateTime<Utc>, Step)>,
}

/// A grouped row of products: city, stage, the product's and its company's type, count.
type ProductRow = (String, i16, Option<String>, Option<String>, i64);
/// A grouped row of support: city, measure, the product's and its company's type, count.
type SupportRow = (String, String, Option<String>, Option<String>, i64);
/// A timeline line: product, city, when, from and to stage.
type LineRow = (i64, String, DateTime<Utc>, Option<i16>, Option<i16>);

/// Products joined to their companies, for the company type.
fn product_company() -> RelationDef {
    product::Entity::belongs_to(company::Entity)
        .from(product::Column::CompanyId)
        .to(company::Column::Id)
        .into()
}

/// The products of the filter's city, company type and stage.
fn product_condition(f: &Filter) -> Condition {
    let mut c = Condition::all();
    if let Some(city) = f.city {
        c = c.add(product::Column::HomeCity.eq(city.to_string()));
    }
    if let Some(t) = f.company_type {
        c = c.add(
            Condition::any()
                .add(product::Column::CompanyType.eq(t.code()))
                .add(
                    Condition::all()
                        .add(product::Column::CompanyType.is_null())
                        .add(company::Column::CompanyType.eq(t.code())),
                ),
        );
    }
    c
}

fn stage_of(n: i16) -> Option<Stage> {
    Stage::from_number(u8::try_from(n).ok()?)
}

fn city_of(code: &str) -> Option<CityCode> {
    CityCode::parse(code).ok()
}

impl Store {
    /// Active products by city, stage and company type, as they are now.
    pub async fn evidence_products(&self, f: &Filter) -> Result<Vec<ProductCount>> {
        let mut q = product::Entity::find()
            .select_only()
            .column(product::Column::HomeCity)
            .column(product::Column::Stage)
            .column(product::Column::CompanyType)
            .column_as(company::Column::CompanyType, "company_company_type")
            .column_as(product::Column::Id.count(), "n")
            .join(JoinType::InnerJoin, product_company())
            .filter(product::Column::Status.eq("active"))
            .filter(product_condition(f));
        if let Some(s) = f.stage {
            q = q.filter(product::Column::Stage.eq(i16::from(s.number())));
        }
        let rows: Vec<ProductRow> = q
            .group_by(product::Column::HomeCity)
            .group_by(product::Column::Stage)
            .group_by(product::Column::CompanyType)
            .group_by(company::Column::CompanyType)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut out: Vec<ProductCount> = Vec::new();
        for (city, stage, own, of_company, n) in rows {
            let (Some(city), Some(stage)) = (city_of(&city), stage_of(stage)) else {
                continue;
            };
            let company_type = own.or(of_company).and_then(|t| CompanyType::from_code(&t));
            match out
                .iter_mut()
                .find(|p| p.city == city && p.stage == stage && p.company_type == company_type)
            {
                Some(p) => p.count += n,
                None => out.push(ProductCount {
                    city,
                    stage,
                    company_type,
                    count: n,
                }),
            }
        }
        Ok(out)
    }

    /// Support records written in the year on the filter's products, by city, measure and
    /// company type (the use of each measure).
    pub async fn evidence_support(&self, f: &Filter) -> Result<Vec<SupportCount>> {
        let (start, end) = f.bounds();
        let mut q = support_record::Entity::find()
            .select_only()
            .column(product::Column::HomeCity)
            .column(support_record::Column::MeasureCode)
            .column(product::Column::CompanyType)
            .column_as(company::Column::CompanyType, "company_company_type")
            .column_as(support_record::Column::Id.count(), "n")
            .join(
                JoinType::InnerJoin,
                support_record::Entity::belongs_to(product::Entity)
                    .from(support_record::Column::ProductId)
                    .to(product::Column::Id)
                    .into(),
            )
            .join(JoinType::InnerJoin, product_company())
            .filter(support_record::Column::CreatedAt.gte(start))
            .filter(support_record::Column::CreatedAt.lt(end))
            .filter(product_condition(f));
        if let Some(s) = f.stage {
            q = q.filter(support_record::Column::Stage.eq(i16::from(s.number())));
        }
        let rows: Vec<SupportRow> = q
            .group_by(product::Column::HomeCity)
            .group_by(support_record::Column::MeasureCode)
            .group_by(product::Column::CompanyType)
            .group_by(company::Column::CompanyType)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(city, measure, own, of_company, n)| {
                Some(SupportCount {
                    city: city_of(&city)?,
                    measure,
                    company_type: own.or(of_company).and_then(|t| CompanyType::from_code(&t)),
                    count: n,
                })
            })
            .collect())
    }

    /// The stage lines (registrations and moves) of the filter's products up to the end of
    /// its year, in order per product: the stays they make end in the year or before.
    pub async fn evidence_stage_lines(&self, f: &Filter) -> Result<Vec<StageLine>> {
        let (_, end) = f.bounds();
        let rows: Vec<LineRow> = product_event::Entity::find()
            .select_only()
            .column(product_event::Column::ProductId)
            .column(product::Column::HomeCity)
            .column(product_event::Column::At)
            .column(product_event::Column::FromStage)
            .column(product_event::Column::ToStage)
            .join(
                JoinType::InnerJoin,
                product_event::Entity::belongs_to(product::Entity)
                    .from(product_event::Column::ProductId)
                    .to(product::Column::Id)
                    .into(),
            )
            .join(JoinType::InnerJoin, product_company())
            .filter(product_event::Column::Kind.is_in(["created", "stage"]))
            .filter(product_event::Column::ToStage.is_not_null())
            .filter(product_event::Column::At.lt(end))
            .filter(product_condition(f))
            .order_by_asc(product_event::Column::ProductId)
            .order_by_asc(product_event::Column::At)
            .order_by_asc(product_event::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(product, city, at, from, to)| {
                Some(StageLine {
                    product,
                    city: city_of(&city)?,
                    at,
                    from: from.and_then(stage_of),
                    to: stage_of(to?)?,
                })
            })
            .collect())
    }

    /// The referrals started in the filter's year (of its city, sent or received; of its
    /// company type), each with its history.
    pub async fn evidence_referrals(&self, f: &Filter) -> Result<Vec<ReferralHistory>> {
        let (start, end) = f.bounds();
        let scope = referral_condition(f, start, end);
        let with_product = || -> RelationDef {
            referral::Entity::belongs_to(product::Entity)
                .from(referral::Column::ProductId)
                .to(product::Column::Id)
                .into()
        };
        let heads = referral::Entity::find()
            .join(JoinType::InnerJoin, with_product())
            .join(JoinType::InnerJoin, product_company())
            .filter(scope.clone())
            .order_by_asc(referral::Column::Id)
            .all(&self.db)
            .await?;
        let lines: Vec<(i64, DateTime<Utc>, String)> = referral_event::Entity::find()
            .select_only()
            .column(referral_event::Column::ReferralId)
            .column(referral_event::Column::At)
            .column(referral_event::Column::ToState)
            .join(
                JoinType::InnerJoin,
                referral_event::Entity::belongs_to(referral::Entity)
                    .from(referral_event::Column::ReferralId)
                    .to(referral::Column::Id)
                    .into(),
            )
            .join(JoinType::InnerJoin, with_product())
            .join(JoinType::InnerJoin, product_company())
            .filter(scope)
            .order_by_asc(referral_event::Column::ReferralId)
            .order_by_asc(referral_event::Column::At)
            .order_by_asc(referral_event::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut out: Vec<ReferralHistory> = heads
            .into_iter()
            .filter_map(|r| {
                Some(ReferralHistory {
                    id: r.id,
                    sending: city_of(&r.sending_city)?,
                    receiving: city_of(&r.receiving_city)?,
                    state: Step::from_code(&r.state)?,
                    state_since: r.state_since,
                    created_at: r.created_at,
                    outcome: r.outcome.as_deref().and_then(Outcome::from_code),
                    moves: Vec::new(),
                })
            })
            .collect();
        for (id, at, to) in lines {
            let (Ok(i), Some(to)) = (
                out.binary_search_by_key(&id, |r| r.id),
                Step::from_code(&to),
            ) else {
                continue;
            };
            out[i].moves.push((at, to));
        }
        Ok(out)
    }
}

/// The referrals of a filter: started in `[start, end)`, of its city (either side), of its
/// company type (through the product).
fn referral_condition(f: &Filter, start: DateTime<Utc>, end: DateTime<Utc>) -> Condition {
    let mut c = Condition::all()
        .add(referral::Column::CreatedAt.gte(start))
        .add(referral::Column::CreatedAt.lt(end));
    if let Some(city) = f.city {
        c = c.add(
            Condition::any()
                .add(referral::Column::SendingCity.eq(city.to_string()))
                .add(referral::Column::ReceivingCity.eq(city.to_string())),
        );
    }
    let narrowed = Filter { city: None, ..*f };
    c.add(product_condition(&narrowed))
}
