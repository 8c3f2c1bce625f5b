//! Calls (公募) as the store keeps them: the call with its cities (the lead first), its rules
//! of who may apply and its application form, written and changed with their audit lines;
//! a phase move as a conditional update (`WHERE id AND version AND phase`) with its history
//! and audit lines, so that of two people moving a call at once exactly one wins; the lists
//! of a city's calls and of the published ones. Applications are in [`applications`], their
//! files in [`files`], their decision letters' numbers and each city's settings for them in
//! [`letters`]. No words and no mail: the caller composes them, and decides who may do
//! what (`renkei_domain::call`).

pub mod applications;
pub mod files;
pub mod letters;
pub mod reviews;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::call::{
    CallInput, Eligibility, EligibilityDraft, Field, Kind, Phase, PhaseMove,
};
use renkei_domain::city::CityCode;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use crate::StoreError;
use crate::audit::{self, Actor, Change};
use crate::entity::{call, call_city};
use crate::handle::Store;
use crate::history::{self, Step, Table};
use crate::kernel::{Result, busy};
use crate::records::{Unreadable, code, coded, known};
use crate::tx::Tx;

coded!(Kind, Phase);

/// A call, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallRecord {
    pub id: i64,
    /// The lead city.
    pub city_code: CityCode,
    /// Every city that owns it, the lead first.
    pub cities: Vec<CityCode>,
    /// The measure of the catalog it delivers (`renkei_domain::catalog::measure`).
    pub measure_code: String,
    pub title: String,
    pub description: String,
    #[serde(serialize_with = "code")]
    pub kind: Kind,
    #[serde(serialize_with = "code")]
    pub phase: Phase,
    pub phase_since: Option<DateTime<Utc>>,
    pub opens_on: Option<NaiveDate>,
    pub closes_on: Option<NaiveDate>,
    pub budget_yen: Option<i64>,
    pub max_amount_yen: Option<i64>,
    pub reviewers_per_application: i32,
    pub blind: bool,
    pub eligibility: Eligibility,
    pub fields: Vec<Field>,
    /// The rubric its review scores on, if set (else the lead city's).
    pub rubric: Option<renkei_domain::review::Rubric>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl CallRecord {
    /// Whether the call takes applications on `day` (Japan's date).
    pub fn takes_applications(&self, day: NaiveDate) -> bool {
        match (self.opens_on, self.closes_on) {
            (Some(o), Some(c)) => renkei_domain::call::takes_applications(self.phase, o, c, day),
            _ => false,
        }
    }
}

fn eligibility_from(json: &str) -> Eligibility {
    let v: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    let list = |k: &str| -> Vec<String> {
        v.get(k)
            .and_then(|x| x.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let draft = EligibilityDraft {
        company_types: list("company_types"),
        sizes: list("sizes"),
        stages: list("stages"),
        home: v
            .get("home")
            .and_then(|h| h.as_str())
            .unwrap_or_default()
            .to_owned(),
    };
    draft.validate(&mut Vec::new())
}

fn record_from(
    m: call::Model,
    mut cities: Vec<CityCode>,
) -> std::result::Result<CallRecord, Unreadable> {
    const T: &str = "calls";
    let city_code = known(T, m.id, "city_code", &m.city_code, |c| {
        CityCode::parse(c).ok()
    })?;
    let kind = known(T, m.id, "kind", &m.kind, Kind::from_code)?;
    let phase = known(T, m.id, "phase", &m.phase, Phase::from_code)?;
    if cities.is_empty() {
        cities.push(city_code);
    }
    Ok(CallRecord {
        id: m.id,
        city_code,
        cities,
        measure_code: m.measure_code,
        title: m.title,
        description: m.description,
        kind,
        phase,
        phase_since: m.phase_since,
        opens_on: m.opens_on,
        closes_on: m.closes_on,
        budget_yen: m.budget_yen,
        max_amount_yen: m.max_amount_yen,
        reviewers_per_application: m.reviewers_per_application,
        blind: m.blind,
        eligibility: eligibility_from(&m.eligibility),
        fields: serde_json::from_str(&m.form).unwrap_or_default(),
        rubric: m.rubric.and_then(|r| serde_json::from_str(&r).ok()),
        version: m.version,
        created_at: m.created_at,
    })
}

/// The calls of rows, each with its cities, in the rows' order; unreadable ones left out.
async fn with_cities(db: &impl ConnectionTrait, rows: Vec<call::Model>) -> Result<Vec<CallRecord>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut cities: HashMap<i64, Vec<(i32, CityCode)>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let links = call_city::Entity::find()
            .filter(call_city::Column::CallId.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for l in links {
            if let Ok(c) = CityCode::parse(&l.city_code) {
                cities.entry(l.call_id).or_default().push((l.position, c));
            }
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let mut cs = cities.remove(&m.id).unwrap_or_default();
        cs.sort_by_key(|(p, _)| *p);
        match record_from(m, cs.into_iter().map(|(_, c)| c).collect()) {
            Ok(r) => out.push(r),
            Err(e) => e.warn(),
        }
    }
    Ok(out)
}

async fn read(db: &impl ConnectionTrait, id: i64) -> Result<CallRecord> {
    let row = call::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    with_cities(db, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

async fn audit_line(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    (before, after): (Option<&CallRecord>, Option<&CallRecord>),
) -> Result<()> {
    let r = after.or(before).ok_or(StoreError::NotFound)?;
    let change = Change {
        action,
        city: Some(&r.city_code),
        object_type: "call",
        object_id: r.id.to_string(),
        before,
        after,
    };
    audit::record(db, actor, change).await
}

async fn write_cities(
    db: &impl ConnectionTrait,
    id: i64,
    lead: &CityCode,
    partners: &[CityCode],
) -> Result<()> {
    call_city::Entity::delete_many()
        .filter(call_city::Column::CallId.eq(id))
        .exec(db)
        .await
        .map_err(busy)?;
    for (i, c) in std::iter::once(lead).chain(partners).enumerate() {
        call_city::ActiveModel {
            call_id: Set(id),
            city_code: Set(c.to_string()),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Creates a call of a city in draft, with only its measure and title (the rest as the
    /// defaults: a subsidy, no period, no form), and its audit line.
    pub async fn create_call(
        &self,
        city: &CityCode,
        measure_code: &str,
        title: &str,
        actor: &Actor,
    ) -> Result<CallRecord> {
        let tx = self.begin().await?;
        let now = Utc::now();
        let row = call::ActiveModel {
            city_code: Set(city.to_string()),
            measure_code: Set(measure_code.to_owned()),
            title: Set(title.to_owned()),
            opens_on: Set(None),
            closes_on: Set(None),
            created_at: Set(now),
            description: Set(String::new()),
            kind: Set(Kind::Subsidy.code().to_owned()),
            phase: Set(Phase::Draft.code().to_owned()),
            phase_since: Set(Some(now)),
            menu_entry_id: Set(None),
            budget_yen: Set(None),
            max_amount_yen: Set(None),
            reviewers_per_application: Set(2),
            blind: Set(false),
            eligibility: Set("{}".to_owned()),
            form: Set("[]".to_owned()),
            receipt_count: Set(0),
            version: Set(1),
            updated_at: Set(Some(now)),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        write_cities(tx.conn(), row.id, city, &[]).await?;
        let record = read(tx.conn(), row.id).await?;
        audit_line(tx.conn(), actor, "call.create", (None, Some(&record))).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Writes a whole call (a new one when `before` is none) of `lead` with its audit line,
    /// in the caller's transaction; a changed one only at the version the person saw.
    pub async fn save_call(
        &self,
        tx: &Tx,
        lead: &CityCode,
        before: Option<&CallRecord>,
        input: &CallInput,
        menu_entry: Option<i64>,
        actor: &Actor,
    ) -> Result<CallRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let eligibility = serde_json::to_string(&input.eligibility).unwrap_or_default();
        let form = serde_json::to_string(&input.fields).unwrap_or_default();
        let id = match before {
            None => {
                let row = call::ActiveModel {
                    city_code: Set(lead.to_string()),
                    measure_code: Set(input.measure_code.clone()),
                    title: Set(input.title.clone()),
                    opens_on: Set(Some(input.opens_on)),
                    closes_on: Set(Some(input.closes_on)),
                    created_at: Set(now),
                    description: Set(input.description.clone()),
                    kind: Set(input.kind.code().to_owned()),
                    phase: Set(Phase::Draft.code().to_owned()),
                    phase_since: Set(Some(now)),
                    menu_entry_id: Set(menu_entry),
                    budget_yen: Set(input.budget_yen),
                    max_amount_yen: Set(input.max_amount_yen),
                    reviewers_per_application: Set(input.reviewers_per_application),
                    blind: Set(input.blind),
                    eligibility: Set(eligibility),
                    form: Set(form),
                    receipt_count: Set(0),
                    version: Set(1),
                    updated_at: Set(Some(now)),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                row.id
            }
            Some(b) => {
                let changed = call::Entity::update_many()
                    .col_expr(
                        call::Column::MeasureCode,
                        Expr::value(input.measure_code.clone()),
                    )
                    .col_expr(call::Column::Title, Expr::value(input.title.clone()))
                    .col_expr(
                        call::Column::Description,
                        Expr::value(input.description.clone()),
                    )
                    .col_expr(call::Column::Kind, Expr::value(input.kind.code()))
                    .col_expr(call::Column::OpensOn, Expr::value(input.opens_on))
                    .col_expr(call::Column::ClosesOn, Expr::value(input.closes_on))
                    .col_expr(call::Column::MenuEntryId, Expr::value(menu_entry))
                    .col_expr(call::Column::BudgetYen, Expr::value(input.budget_yen))
                    .col_expr(
                        call::Column::MaxAmountYen,
                        Expr::value(input.max_amount_yen),
                    )
                    .col_expr(
                        call::Column::ReviewersPerApplication,
                        Expr::value(input.reviewers_per_application),
                    )
                    .col_expr(call::Column::Blind, Expr::value(input.blind))
                    .col_expr(call::Column::Eligibility, Expr::value(eligibility))
                    .col_expr(call::Column::Form, Expr::value(form))
                    .col_expr(call::Column::Version, Expr::value(b.version + 1))
                    .col_expr(call::Column::UpdatedAt, Expr::value(now))
                    .filter(call::Column::Id.eq(b.id))
                    .filter(call::Column::Version.eq(b.version))
                    .exec(txn)
                    .await
                    .map_err(busy)?
                    .rows_affected;
                if changed != 1 {
                    return Err(StoreError::Conflict);
                }
                b.id
            }
        };
        write_cities(txn, id, lead, &input.partner_cities).await?;
        let after = read(txn, id).await?;
        let action = if before.is_some() {
            "call.update"
        } else {
            "call.create"
        };
        audit_line(txn, actor, action, (before, Some(&after))).await?;
        Ok(after)
    }

    /// A call, whoever asks (the caller asks the policy).
    pub async fn call(&self, id: i64) -> Result<CallRecord> {
        read(&self.db, id).await
    }

    /// A call read in a transaction (what a move starts from).
    pub async fn call_in(&self, tx: &Tx, id: i64) -> Result<CallRecord> {
        read(tx.conn(), id).await
    }

    /// Writes a phase move the rules allowed, from `before` (at the version the person saw)
    /// to `to`, with its history and audit lines; if someone else moved first, nothing is
    /// written and the answer is [`StoreError::Conflict`].
    pub async fn write_call_phase(
        &self,
        tx: &Tx,
        before: &CallRecord,
        to: Phase,
        m: PhaseMove,
        actor: &Actor,
    ) -> Result<CallRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let moved = call::Entity::update_many()
            .col_expr(call::Column::Phase, Expr::value(to.code()))
            .col_expr(call::Column::PhaseSince, Expr::value(now))
            .col_expr(call::Column::Version, Expr::value(before.version + 1))
            .col_expr(call::Column::UpdatedAt, Expr::value(now))
            .filter(call::Column::Id.eq(before.id))
            .filter(call::Column::Version.eq(before.version))
            .filter(call::Column::Phase.eq(before.phase.code()))
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        let step = Step {
            party: "owner",
            code: m.code(),
            from: before.phase.code(),
            to: to.code(),
            note: "",
        };
        history::write(txn, Table::Calls, before.id, step, actor).await?;
        let after = read(txn, before.id).await?;
        let action = match m {
            PhaseMove::Publish => "call.publish",
            PhaseMove::EndApplications => "call.end_applications",
            PhaseMove::StartReview => "call.start_review",
            PhaseMove::Release => "call.release",
            PhaseMove::Close => "call.close",
        };
        audit_line(txn, actor, action, (Some(before), Some(&after))).await?;
        Ok(after)
    }

    /// A call's phase history, oldest first.
    pub async fn call_history(&self, id: i64) -> Result<Vec<history::HistoryLine<Phase>>> {
        history::lines(&self.db, Table::Calls, id, Phase::from_code).await
    }

    /// The calls a city owns or shares, newest first.
    pub async fn calls_of(&self, city: &CityCode) -> Result<Vec<CallRecord>> {
        let ids: Vec<i64> = call_city::Entity::find()
            .filter(call_city::Column::CityCode.eq(city.to_string()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|l| l.call_id)
            .collect();
        let rows = call::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(call::Column::CityCode.eq(city.to_string()))
                    .add(call::Column::Id.is_in(ids)),
            )
            .order_by_desc(call::Column::Id)
            .all(&self.db)
            .await?;
        with_cities(&self.db, rows).await
    }

    /// Every city's calls, by city and then oldest first.
    pub async fn calls(&self) -> Result<Vec<CallRecord>> {
        let rows = call::Entity::find()
            .order_by_asc(call::Column::CityCode)
            .order_by_asc(call::Column::Id)
            .all(&self.db)
            .await?;
        with_cities(&self.db, rows).await
    }

    /// The published calls (not drafts), the ones still taking or judging applications first,
    /// then newest first: the public list.
    pub async fn published_calls(&self) -> Result<Vec<CallRecord>> {
        let rows = call::Entity::find()
            .filter(call::Column::Phase.ne(Phase::Draft.code()))
            .order_by_desc(call::Column::ClosesOn)
            .order_by_desc(call::Column::Id)
            .all(&self.db)
            .await?;
        with_cities(&self.db, rows).await
    }

    /// Takes the call's next receipt number's place, in the caller's transaction (the row's
    /// update serializes two submissions at once).
    pub async fn next_receipt(&self, tx: &Tx, call_id: i64) -> Result<i64> {
        let txn = tx.conn();
        call::Entity::update_many()
            .col_expr(
                call::Column::ReceiptCount,
                Expr::col(call::Column::ReceiptCount).add(1),
            )
            .filter(call::Column::Id.eq(call_id))
            .exec(txn)
            .await
            .map_err(busy)?;
        let row = call::Entity::find_by_id(call_id).one(txn).await?;
        Ok(row.ok_or(StoreError::NotFound)?.receipt_count)
    }
}
