//! What the evidence reads of outcomes and programs, in the filter's fiscal year, grouped by
//! city in SQL: targets approached and agreed (per city pair), 商談会 meetings held and deals
//! (商談成立), adoptions, events and their attendance, applications to calls with awards and
//! the amounts asked and granted, expert dispatches, bridges to PMDA and AMED; and, read row
//! by row for the year (medians and quarters need them), consultation cases and company
//! voices.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::evidence::Filter;
use renkei_domain::review::Topic;
use sea_orm::sea_query::{Alias, Expr, Func};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationDef};

use super::{city_of, stage_of};
use crate::entity::event_meeting::{meeting, outcome, request};
use crate::entity::{
    bridge, call, call_application as application, company_voice, consultation, csr_certification,
    csr_contribution, dispatch, event, event_registration, product, product_adoption, referral,
    referral_target,
};
use crate::{Result, Store};

/// Targets of referrals between two cities: how many were approached (given the dossier) and
/// how many agreed, in the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetCount {
    pub sending: CityCode,
    pub receiving: CityCode,
    pub approached: i64,
    pub agreed: i64,
}

/// A city's 商談会 in the year: meetings held and deals (商談成立) reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingCount {
    pub city: CityCode,
    pub meetings: i64,
    pub deals: i64,
}

/// Local adoptions (地元展開) of a city's products in the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdoptionCount {
    pub city: CityCode,
    pub adoptions: i64,
}

/// A city's published events of a kind starting in the year, and how many attended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCount {
    pub city: CityCode,
    pub kind: String,
    pub events: i64,
    pub attended: i64,
}

/// Applications to a city's calls submitted in the year, by state, with the yen asked and
/// granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationCount {
    pub city: CityCode,
    pub state: String,
    pub applications: i64,
    pub requested_yen: i64,
    pub granted_yen: i64,
}

/// A city's expert dispatches of the year, by state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchCount {
    pub city: CityCode,
    pub state: String,
    pub dispatches: i64,
}

/// A city's CSR challenge certification of the year: self-assessments started, certifications
/// granted (their day in the year) and contributions (地域貢献) it confirmed, made in the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrCount {
    pub city: CityCode,
    pub started: i64,
    pub certified: i64,
    pub contributions: i64,
}

/// A city's bridges to a national body opened in the year, by state and outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BridgeCount {
    pub city: CityCode,
    pub body: String,
    pub state: String,
    pub outcome: Option<String>,
    pub bridges: i64,
}

/// A consultation case opened in the year: what its service level and caseload need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub city: CityCode,
    pub kind: String,
    pub state: String,
    pub handler: String,
    pub opened_at: DateTime<Utc>,
    pub first_answer_due: NaiveDate,
    pub first_answered_at: Option<DateTime<Utc>>,
}

/// A company voice given in the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoiceRow {
    pub city: CityCode,
    pub stage: Stage,
    pub topic: Topic,
    pub at: DateTime<Utc>,
}

/// A grouped row of applications: city, state, count, yen asked, yen granted.
type ApplicationRow = (String, String, i64, i64, i64);
/// A grouped row of bridges: city, body, state, outcome, count.
type BridgeRow = (String, String, String, Option<String>, i64);

/// `SUM(col)` as a 64-bit integer on both databases (PostgreSQL sums BIGINT to NUMERIC).
fn sum_i64(col: Expr) -> Expr {
    let sum = Expr::from(Func::sum(col));
    Expr::from(Func::cast_as(
        Func::coalesce([sum, Expr::val(0)]),
        Alias::new("BIGINT"),
    ))
}

fn in_year<C: ColumnTrait>(col: C, f: &Filter) -> sea_orm::Condition {
    let (start, end) = f.bounds();
    sea_orm::Condition::all()
        .add(col.gte(start))
        .add(col.lt(end))
}

fn city_is<C: ColumnTrait>(col: C, f: &Filter) -> sea_orm::Condition {
    match f.city {
        Some(c) => sea_orm::Condition::all().add(col.eq(c.to_string())),
        None => sea_orm::Condition::all(),
    }
}

fn of_event<E: EntityTrait>(from: E::Column) -> RelationDef {
    E::belongs_to(event::Entity)
        .from(from)
        .to(event::Column::Id)
        .into()
}

impl Store {
    /// Targets approached (given the dossier) and agreed in the year, per city pair.
    pub async fn evidence_targets(&self, f: &Filter) -> Result<Vec<TargetCount>> {
        let join: RelationDef = referral_target::Entity::belongs_to(referral::Entity)
            .from(referral_target::Column::ReferralId)
            .to(referral::Column::Id)
            .into();
        let pair = match f.city {
            Some(c) => sea_orm::Condition::any()
                .add(referral::Column::SendingCity.eq(c.to_string()))
                .add(referral::Column::ReceivingCity.eq(c.to_string())),
            None => sea_orm::Condition::all(),
        };
        let count = |at: referral_target::Column, agreed: bool| {
            let mut q = referral_target::Entity::find()
                .select_only()
                .column(referral::Column::SendingCity)
                .column(referral::Column::ReceivingCity)
                .column_as(referral_target::Column::Id.count(), "n")
                .join(JoinType::InnerJoin, join.clone())
                .filter(pair.clone())
                .filter(in_year(at, f));
            if agreed {
                q = q.filter(referral_target::Column::Answer.eq("agreed"));
            }
            q.group_by(referral::Column::SendingCity)
                .group_by(referral::Column::ReceivingCity)
                .into_tuple::<(String, String, i64)>()
                .all(&self.db)
        };
        let approached = count(referral_target::Column::ProvidedAt, false).await?;
        let agreed = count(referral_target::Column::AnsweredAt, true).await?;
        let mut out: Vec<TargetCount> = Vec::new();
        for (rows, is_agreed) in [(approached, false), (agreed, true)] {
            for (s, r, n) in rows {
                let (Some(sending), Some(receiving)) = (city_of(&s), city_of(&r)) else {
                    continue;
                };
                let i = match out
                    .iter()
                    .position(|t| t.sending == sending && t.receiving == receiving)
                {
                    Some(i) => i,
                    None => {
                        out.push(TargetCount {
                            sending,
                            receiving,
                            approached: 0,
                            agreed: 0,
                        });
                        out.len() - 1
                    }
                };
                if is_agreed {
                    out[i].agreed += n;
                } else {
                    out[i].approached += n;
                }
            }
        }
        Ok(out)
    }

    /// 商談会 meetings held (their event started in the year, before now) and the deals
    /// (商談成立) reported of them, per organising city.
    pub async fn evidence_meetings(&self, f: &Filter) -> Result<Vec<MeetingCount>> {
        let now = Utc::now();
        let held: Vec<(String, i64)> = meeting::Entity::find()
            .select_only()
            .column(event::Column::CityCode)
            .column_as(meeting::Column::Id.count(), "n")
            .join(
                JoinType::InnerJoin,
                of_event::<meeting::Entity>(meeting::Column::EventId),
            )
            .filter(in_year(event::Column::StartsAt, f))
            .filter(event::Column::StartsAt.lt(now))
            .filter(city_is(event::Column::CityCode, f))
            .group_by(event::Column::CityCode)
            .into_tuple()
            .all(&self.db)
            .await?;
        let deals: Vec<(String, i64)> = outcome::Entity::find()
            .select_only()
            .column(event::Column::CityCode)
            .column_as(
                Expr::from(Func::count_distinct(Expr::col((
                    outcome::Entity,
                    outcome::Column::RequestId,
                )))),
                "n",
            )
            .join(
                JoinType::InnerJoin,
                outcome::Entity::belongs_to(request::Entity)
                    .from(outcome::Column::RequestId)
                    .to(request::Column::Id)
                    .into(),
            )
            .join(
                JoinType::InnerJoin,
                of_event::<request::Entity>(request::Column::EventId),
            )
            .filter(outcome::Column::Outcome.eq("deal"))
            .filter(in_year(event::Column::StartsAt, f))
            .filter(city_is(event::Column::CityCode, f))
            .group_by(event::Column::CityCode)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut out: Vec<MeetingCount> = Vec::new();
        for (c, n) in held {
            if let Some(city) = city_of(&c) {
                out.push(MeetingCount {
                    city,
                    meetings: n,
                    deals: 0,
                });
            }
        }
        for (c, n) in deals {
            let Some(city) = city_of(&c) else { continue };
            match out.iter_mut().find(|m| m.city == city) {
                Some(m) => m.deals = n,
                None => out.push(MeetingCount {
                    city,
                    meetings: 0,
                    deals: n,
                }),
            }
        }
        Ok(out)
    }

    /// Local adoptions of each city's products (of the filter's company type) in the year.
    pub async fn evidence_adoptions(&self, f: &Filter) -> Result<Vec<AdoptionCount>> {
        let (first, last) = f.dates();
        let rows: Vec<(String, i64)> = product_adoption::Entity::find()
            .select_only()
            .column(product::Column::HomeCity)
            .column_as(product_adoption::Column::Id.count(), "n")
            .join(
                JoinType::InnerJoin,
                product_adoption::Entity::belongs_to(product::Entity)
                    .from(product_adoption::Column::ProductId)
                    .to(product::Column::Id)
                    .into(),
            )
            .join(JoinType::InnerJoin, super::product_company())
            .filter(product_adoption::Column::AdoptedOn.gte(first))
            .filter(product_adoption::Column::AdoptedOn.lte(last))
            .filter(super::product_condition(f))
            .group_by(product::Column::HomeCity)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, n)| {
                Some(AdoptionCount {
                    city: city_of(&c)?,
                    adoptions: n,
                })
            })
            .collect())
    }

    /// Published events starting in the year by city and kind, with their attendance.
    pub async fn evidence_events(&self, f: &Filter) -> Result<Vec<EventCount>> {
        let events: Vec<(String, String, i64)> = event::Entity::find()
            .select_only()
            .column(event::Column::CityCode)
            .column(event::Column::Kind)
            .column_as(event::Column::Id.count(), "n")
            .filter(event::Column::Status.eq("published"))
            .filter(in_year(event::Column::StartsAt, f))
            .filter(city_is(event::Column::CityCode, f))
            .group_by(event::Column::CityCode)
            .group_by(event::Column::Kind)
            .into_tuple()
            .all(&self.db)
            .await?;
        let attended: Vec<(String, String, i64)> = event_registration::Entity::find()
            .select_only()
            .column(event::Column::CityCode)
            .column(event::Column::Kind)
            .column_as(event_registration::Column::Id.count(), "n")
            .join(
                JoinType::InnerJoin,
                of_event::<event_registration::Entity>(event_registration::Column::EventId),
            )
            .filter(event::Column::Status.eq("published"))
            .filter(event_registration::Column::State.eq("attended"))
            .filter(in_year(event::Column::StartsAt, f))
            .filter(city_is(event::Column::CityCode, f))
            .group_by(event::Column::CityCode)
            .group_by(event::Column::Kind)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(events
            .into_iter()
            .filter_map(|(c, kind, n)| {
                let came = attended
                    .iter()
                    .find(|(ac, ak, _)| *ac == c && *ak == kind)
                    .map_or(0, |a| a.2);
                Some(EventCount {
                    city: city_of(&c)?,
                    kind,
                    events: n,
                    attended: came,
                })
            })
            .collect())
    }

    /// Applications to each city's calls submitted in the year, by state, with the yen.
    pub async fn evidence_applications(&self, f: &Filter) -> Result<Vec<ApplicationCount>> {
        let rows: Vec<ApplicationRow> = application::Entity::find()
            .select_only()
            .column(call::Column::CityCode)
            .column(application::Column::State)
            .column_as(application::Column::Id.count(), "n")
            .column_as(
                sum_i64(Expr::col((
                    application::Entity,
                    application::Column::RequestedYen,
                ))),
                "asked",
            )
            .column_as(
                sum_i64(Expr::col((
                    application::Entity,
                    application::Column::GrantedYen,
                ))),
                "granted",
            )
            .join(
                JoinType::InnerJoin,
                application::Entity::belongs_to(call::Entity)
                    .from(application::Column::CallId)
                    .to(call::Column::Id)
                    .into(),
            )
            .filter(in_year(application::Column::SubmittedAt, f))
            .filter(city_is(call::Column::CityCode, f))
            .group_by(call::Column::CityCode)
            .group_by(application::Column::State)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, state, n, asked, granted)| {
                Some(ApplicationCount {
                    city: city_of(&c)?,
                    state,
                    applications: n,
                    requested_yen: asked,
                    granted_yen: granted,
                })
            })
            .collect())
    }

    /// Expert dispatches of the fiscal year, by city and state.
    pub async fn evidence_dispatches(&self, f: &Filter) -> Result<Vec<DispatchCount>> {
        let rows: Vec<(String, String, i64)> = dispatch::Entity::find()
            .select_only()
            .column(dispatch::Column::CityCode)
            .column(dispatch::Column::State)
            .column_as(dispatch::Column::Id.count(), "n")
            .filter(dispatch::Column::FiscalYear.eq(f.year))
            .filter(city_is(dispatch::Column::CityCode, f))
            .group_by(dispatch::Column::CityCode)
            .group_by(dispatch::Column::State)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, state, n)| {
                Some(DispatchCount {
                    city: city_of(&c)?,
                    state,
                    dispatches: n,
                })
            })
            .collect())
    }

    /// The CSR challenge certification's figures of the fiscal year, by city.
    pub async fn evidence_csr(&self, f: &Filter) -> Result<Vec<CsrCount>> {
        let (first, last) = f.dates();
        let started: Vec<(String, i64)> = csr_certification::Entity::find()
            .select_only()
            .column(csr_certification::Column::CityCode)
            .column_as(csr_certification::Column::Id.count(), "n")
            .filter(in_year(csr_certification::Column::CreatedAt, f))
            .filter(city_is(csr_certification::Column::CityCode, f))
            .group_by(csr_certification::Column::CityCode)
            .into_tuple()
            .all(&self.db)
            .await?;
        let certified: Vec<(String, i64)> = csr_certification::Entity::find()
            .select_only()
            .column(csr_certification::Column::CityCode)
            .column_as(csr_certification::Column::Id.count(), "n")
            .filter(csr_certification::Column::CertifiedOn.between(first, last))
            .filter(city_is(csr_certification::Column::CityCode, f))
            .group_by(csr_certification::Column::CityCode)
            .into_tuple()
            .all(&self.db)
            .await?;
        let confirmed: Vec<(String, i64)> = csr_contribution::Entity::find()
            .select_only()
            .column(csr_contribution::Column::CityCode)
            .column_as(csr_contribution::Column::Id.count(), "n")
            .filter(csr_contribution::Column::State.eq("confirmed"))
            .filter(csr_contribution::Column::HappenedOn.between(first, last))
            .filter(city_is(csr_contribution::Column::CityCode, f))
            .group_by(csr_contribution::Column::CityCode)
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut by: std::collections::BTreeMap<String, [i64; 3]> = Default::default();
        for (i, list) in [started, certified, confirmed].into_iter().enumerate() {
            for (c, n) in list {
                by.entry(c).or_default()[i] += n;
            }
        }
        let out = by
            .into_iter()
            .filter_map(|(c, [started, certified, contributions])| {
                Some(CsrCount {
                    city: city_of(&c)?,
                    started,
                    certified,
                    contributions,
                })
            })
            .collect();
        Ok(out)
    }

    /// Bridges to national bodies opened in the year, by city, body, state and outcome.
    pub async fn evidence_bridges(&self, f: &Filter) -> Result<Vec<BridgeCount>> {
        let rows: Vec<BridgeRow> = bridge::Entity::find()
            .select_only()
            .column(bridge::Column::CityCode)
            .column(bridge::Column::BodyCode)
            .column(bridge::Column::State)
            .column(bridge::Column::Outcome)
            .column_as(bridge::Column::Id.count(), "n")
            .filter(in_year(bridge::Column::CreatedAt, f))
            .filter(city_is(bridge::Column::CityCode, f))
            .group_by(bridge::Column::CityCode)
            .group_by(bridge::Column::BodyCode)
            .group_by(bridge::Column::State)
            .group_by(bridge::Column::Outcome)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, body, state, outcome, n)| {
                Some(BridgeCount {
                    city: city_of(&c)?,
                    body,
                    state,
                    outcome,
                    bridges: n,
                })
            })
            .collect())
    }

    /// Consultation cases opened in the year (their service level, caseload and times).
    pub async fn evidence_cases(&self, f: &Filter) -> Result<Vec<CaseRow>> {
        type Row = (
            String,
            String,
            String,
            String,
            DateTimeUtc,
            NaiveDate,
            Option<DateTimeUtc>,
        );
        type DateTimeUtc = DateTime<Utc>;
        let rows: Vec<Row> = consultation::Entity::find()
            .select_only()
            .column(consultation::Column::CityCode)
            .column(consultation::Column::Kind)
            .column(consultation::Column::State)
            .column(consultation::Column::HandlerLabel)
            .column(consultation::Column::CreatedAt)
            .column(consultation::Column::FirstAnswerDue)
            .column(consultation::Column::FirstAnsweredAt)
            .filter(in_year(consultation::Column::CreatedAt, f))
            .filter(city_is(consultation::Column::CityCode, f))
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, kind, state, handler, opened_at, due, answered)| {
                Some(CaseRow {
                    city: city_of(&c)?,
                    kind,
                    state,
                    handler,
                    opened_at,
                    first_answer_due: due,
                    first_answered_at: answered,
                })
            })
            .collect())
    }

    /// Company voices given in the year (of the filter's stage).
    pub async fn evidence_voices(&self, f: &Filter) -> Result<Vec<VoiceRow>> {
        let mut q = company_voice::Entity::find()
            .select_only()
            .column(company_voice::Column::CityCode)
            .column(company_voice::Column::Stage)
            .column(company_voice::Column::Topic)
            .column(company_voice::Column::CreatedAt)
            .filter(in_year(company_voice::Column::CreatedAt, f))
            .filter(city_is(company_voice::Column::CityCode, f));
        if let Some(s) = f.stage {
            q = q.filter(company_voice::Column::Stage.eq(i16::from(s.number())));
        }
        let rows: Vec<(String, i16, String, DateTime<Utc>)> = q.into_tuple().all(&self.db).await?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, stage, topic, at)| {
                Some(VoiceRow {
                    city: city_of(&c)?,
                    stage: stage_of(stage)?,
                    topic: Topic::from_code(&topic)?,
                    at,
                })
            })
            .collect())
    }
}
