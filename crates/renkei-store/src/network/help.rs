//! Requests for help across cities as the store keeps them: a request asked (with its first
//! history line and audit line) in the caller's transaction; a move as a conditional update
//! (`WHERE id AND version AND state`) with what it carries (the helper who accepts or is
//! handed the request, the due day, the outcome summary), its history and audit lines; the
//! company's consent, kept with its wording and version, likewise; the lists a scope holds;
//! the steps past their due day and their one reminder. No words and no mail.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::network::help::{Move, Party, State};
use renkei_domain::network::{DeviceClass, Field};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::help_request as hr;
use crate::history::{self, Step, Table};
use crate::kernel::busy;
use crate::records::{
    CompanyId, ProductId, ReferralId, Unreadable, code, coded, found, known, readable,
};
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

crate::records::id_type!(
    /// A request for help's id.
    HelpRequestId
);

coded!(State);

/// The company's consent to what is shared with the helper, as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HelpConsent {
    pub user_id: Option<i64>,
    pub by: String,
    pub at: DateTime<Utc>,
    pub items: String,
    pub wording: String,
    pub wording_version: String,
}

/// A request for help, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HelpRequestRecord {
    pub id: HelpRequestId,
    /// The asking city (the company's home city).
    pub city: CityCode,
    pub company_id: CompanyId,
    pub product_id: Option<ProductId>,
    /// The referral it is about, if any.
    pub referral_id: Option<ReferralId>,
    pub asker_id: Option<i64>,
    pub asker_label: String,
    /// The coordinator asked (or who took it); none while open to the network.
    pub helper_id: Option<i64>,
    pub helper_city: Option<CityCode>,
    #[serde(serialize_with = "code")]
    pub field: Field,
    pub stage: Option<&'static str>,
    pub class: Option<&'static str>,
    pub question: String,
    #[serde(serialize_with = "code")]
    pub state: State,
    pub state_since: DateTime<Utc>,
    pub due_on: Option<NaiveDate>,
    pub consent: Option<HelpConsent>,
    pub summary: Option<String>,
    pub concluded_at: Option<DateTime<Utc>>,
    pub support_record_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl HelpRequestRecord {
    /// Whether it waits for any coordinator of another city to take it.
    pub fn open_to_network(&self) -> bool {
        self.helper_id.is_none() && self.state == State::Asked
    }

    pub fn stage(&self) -> Option<Stage> {
        self.stage.and_then(Stage::from_code)
    }

    pub fn class(&self) -> Option<DeviceClass> {
        self.class.and_then(DeviceClass::from_code)
    }
}

impl TryFrom<hr::Model> for HelpRequestRecord {
    type Error = Unreadable;

    fn try_from(m: hr::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "help_requests";
        let city = |field, c: &str| known(T, m.id, field, c, |c| CityCode::parse(c).ok());
        let helper_city = match &m.helper_city {
            Some(c) => Some(city("helper_city", c)?),
            None => None,
        };
        let stage = match &m.stage {
            Some(s) => Some(known(T, m.id, "stage", s, Stage::from_code)?.code()),
            None => None,
        };
        let class = match &m.class {
            Some(c) => Some(known(T, m.id, "class", c, DeviceClass::from_code)?.code()),
            None => None,
        };
        let consent = m.consent_at.map(|at| HelpConsent {
            user_id: m.consent_user_id,
            by: m.consent_by_label.clone().unwrap_or_default(),
            at,
            items: m.consent_items.clone().unwrap_or_default(),
            wording: m.consent_wording.clone().unwrap_or_default(),
            wording_version: m.consent_wording_version.clone().unwrap_or_default(),
        });
        Ok(HelpRequestRecord {
            id: HelpRequestId(m.id),
            city: city("city_code", &m.city_code)?,
            company_id: CompanyId(m.company_id),
            product_id: m.product_id.map(ProductId),
            referral_id: m.referral_id.map(ReferralId),
            asker_id: m.asker_id,
            asker_label: m.asker_label,
            helper_id: m.helper_id,
            helper_city,
            field: known(T, m.id, "field", &m.field, Field::from_code)?,
            stage,
            class,
            question: m.question,
            state: known(T, m.id, "state", &m.state, State::from_code)?,
            state_since: m.state_since,
            due_on: m.due_on,
            consent,
            summary: m.summary,
            concluded_at: m.concluded_at,
            support_record_id: m.support_record_id,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

/// A history line of a request.
pub type HelpEvent = history::HistoryLine<State>;

/// A request being asked.
#[derive(Debug, Clone)]
pub struct HelpAsking<'a> {
    pub city: CityCode,
    pub company: CompanyId,
    pub product: Option<ProductId>,
    pub referral: Option<ReferralId>,
    pub helper: Option<(i64, CityCode)>,
    pub field: Field,
    pub stage: Option<Stage>,
    pub class: Option<DeviceClass>,
    pub question: &'a str,
    pub due_on: Option<NaiveDate>,
}

/// What a move writes besides its state: a new helper (taken, or handed over), the due day
/// of the state it leads to.
#[derive(Debug, Clone, Default)]
pub struct HelpWrite {
    pub helper: Option<(i64, CityCode)>,
    pub due_on: Option<NaiveDate>,
}

/// Which requests a list holds: every one, those of some asking cities, those asked of or by
/// some people, those of some companies, and those open to the network asked by a city other
/// than `network_from`'s cities (a coordinator's).
#[derive(Debug, Clone, Default)]
pub struct HelpScope {
    pub all: bool,
    pub cities: Vec<CityCode>,
    pub people: Vec<i64>,
    pub companies: Vec<CompanyId>,
    pub network_except: Option<Vec<CityCode>>,
}

async fn read(db: &impl ConnectionTrait, id: HelpRequestId) -> Result<HelpRequestRecord> {
    found(hr::Entity::find_by_id(id.0).one(db).await?)
}

async fn audit_line(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &'static str,
    (before, after): (Option<&HelpRequestRecord>, &HelpRequestRecord),
) -> Result<()> {
    let change = Change {
        action,
        city: Some(&after.city),
        object_type: "help_request",
        object_id: after.id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

/// Updates a request from `before` (at its version and state) with `columns`, the version
/// moved on and the reminder cleared; someone else first is [`StoreError::Conflict`].
async fn update_from(
    db: &impl ConnectionTrait,
    before: &HelpRequestRecord,
    columns: Vec<(hr::Column, SimpleExpr)>,
) -> Result<()> {
    let now = Utc::now();
    let mut update = hr::Entity::update_many()
        .col_expr(hr::Column::Version, Expr::value(before.version + 1))
        .col_expr(hr::Column::UpdatedAt, Expr::value(now));
    for (column, value) in columns {
        update = update.col_expr(column, value);
    }
    let moved = update
        .filter(hr::Column::Id.eq(before.id.0))
        .filter(hr::Column::Version.eq(before.version))
        .filter(hr::Column::State.eq(before.state.code()))
        .exec(db)
        .await
        .map_err(busy)?
        .rows_affected;
    if moved == 1 {
        Ok(())
    } else {
        Err(StoreError::Conflict)
    }
}

impl Store {
    /// Asks a request, with its first history line and its audit line, in the caller's
    /// transaction.
    pub async fn insert_help_request(
        &self,
        tx: &Tx,
        a: &HelpAsking<'_>,
        actor: &Actor,
    ) -> Result<HelpRequestRecord> {
        let now = Utc::now();
        let row = hr::ActiveModel {
            city_code: Set(a.city.to_string()),
            company_id: Set(a.company.0),
            product_id: Set(a.product.map(|p| p.0)),
            referral_id: Set(a.referral.map(|r| r.0)),
            asker_id: Set(actor.id),
            asker_label: Set(actor.label.clone()),
            helper_id: Set(a.helper.map(|h| h.0)),
            helper_city: Set(a.helper.map(|h| h.1.to_string())),
            field: Set(a.field.code().to_owned()),
            stage: Set(a.stage.map(|s| s.code().to_owned())),
            class: Set(a.class.map(|c| c.code().to_owned())),
            question: Set(a.question.to_owned()),
            state: Set(State::Asked.code().to_owned()),
            state_since: Set(now),
            due_on: Set(a.due_on),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let r: HelpRequestRecord = found(Some(row))?;
        let asked = State::Asked.code();
        let step = Step {
            party: Party::Asker.code(),
            code: "ask",
            from: asked,
            to: asked,
            note: "",
        };
        history::write(tx.conn(), Table::HelpRequests, r.id.0, step, actor).await?;
        audit_line(tx.conn(), actor, "help_request.ask", (None, &r)).await?;
        Ok(r)
    }

    /// A request, whoever asks (the caller asks the policy).
    pub async fn help_request(&self, id: HelpRequestId) -> Result<HelpRequestRecord> {
        read(&self.db, id).await
    }

    /// A request, read in a transaction (what a move starts from).
    pub async fn help_request_in(&self, tx: &Tx, id: HelpRequestId) -> Result<HelpRequestRecord> {
        read(tx.conn(), id).await
    }

    /// The requests a scope holds, newest first.
    pub async fn help_requests(&self, scope: &HelpScope) -> Result<Vec<HelpRequestRecord>> {
        let mut any = Condition::any();
        if !scope.all {
            if !scope.cities.is_empty() {
                let cities = scope.cities.iter().map(|c| c.to_string());
                any = any.add(hr::Column::CityCode.is_in(cities));
            }
            if !scope.people.is_empty() {
                let people = scope.people.iter().copied();
                any = any
                    .add(hr::Column::AskerId.is_in(people.clone()))
                    .add(hr::Column::HelperId.is_in(people));
            }
            if !scope.companies.is_empty() {
                let ids = scope.companies.iter().map(|c| c.0);
                any = any.add(hr::Column::CompanyId.is_in(ids));
            }
            if let Some(except) = &scope.network_except {
                let cities = except.iter().map(|c| c.to_string());
                any = any.add(
                    Condition::all()
                        .add(hr::Column::HelperId.is_null())
                        .add(hr::Column::State.eq(State::Asked.code()))
                        .add(hr::Column::CityCode.is_not_in(cities)),
                );
            }
            if any.is_empty() {
                return Ok(Vec::new());
            }
        }
        let mut q = hr::Entity::find();
        if !scope.all {
            q = q.filter(any);
        }
        let rows = q.order_by_desc(hr::Column::Id).all(&self.db).await?;
        Ok(readable(rows))
    }

    /// Writes a move the rules allowed, from `before` (at the version the person saw) to
    /// `to`, with what it carries, its history line and its audit line; if someone else moved
    /// first, nothing is written and the answer is [`StoreError::Conflict`].
    #[allow(clippy::too_many_arguments)]
    pub async fn write_help_move(
        &self,
        tx: &Tx,
        before: &HelpRequestRecord,
        to: State,
        party: Party,
        m: &Move,
        w: &HelpWrite,
        actor: &Actor,
    ) -> Result<HelpRequestRecord> {
        let txn = tx.conn();
        let now = Utc::now();
        let mut columns = vec![
            (hr::Column::State, Expr::value(to.code())),
            (hr::Column::StateSince, Expr::value(now)),
            (hr::Column::DueOn, Expr::value(w.due_on)),
            (hr::Column::RemindedAt, Expr::value(None::<DateTime<Utc>>)),
        ];
        if let Some((helper, city)) = w.helper {
            columns.push((hr::Column::HelperId, Expr::value(helper)));
            columns.push((hr::Column::HelperCity, Expr::value(city.to_string())));
        }
        if let Move::Conclude(summary) = m {
            columns.push((hr::Column::Summary, Expr::value(summary.clone())));
            columns.push((hr::Column::ConcludedAt, Expr::value(now)));
        }
        update_from(txn, before, columns).await?;
        let step = Step {
            party: party.code(),
            code: m.code(),
            from: before.state.code(),
            to: to.code(),
            note: m.note(),
        };
        history::write(txn, Table::HelpRequests, before.id.0, step, actor).await?;
        let after = read(txn, before.id).await?;
        let action = match m {
            Move::Accept => "help_request.accept",
            Move::Decline(_) => "help_request.decline",
            Move::HandOver(_) => "help_request.hand_over",
            Move::Conclude(_) => "help_request.conclude",
            Move::Withdraw(_) => "help_request.withdraw",
        };
        audit_line(txn, actor, action, (Some(before), &after)).await?;
        Ok(after)
    }

    /// Keeps the company's consent on an open request from the version read (a stale one,
    /// or a request that ended meanwhile, is [`StoreError::Conflict`]), with a history line
    /// and its audit line, in the caller's transaction.
    pub async fn write_help_consent(
        &self,
        tx: &Tx,
        before: &HelpRequestRecord,
        c: &HelpConsent,
        actor: &Actor,
    ) -> Result<HelpRequestRecord> {
        let txn = tx.conn();
        let columns = vec![
            (hr::Column::ConsentUserId, Expr::value(c.user_id)),
            (hr::Column::ConsentByLabel, Expr::value(c.by.clone())),
            (hr::Column::ConsentAt, Expr::value(c.at)),
            (hr::Column::ConsentItems, Expr::value(c.items.clone())),
            (hr::Column::ConsentWording, Expr::value(c.wording.clone())),
            (
                hr::Column::ConsentWordingVersion,
                Expr::value(c.wording_version.clone()),
            ),
        ];
        if before.state.is_end() {
            return Err(StoreError::Conflict);
        }
        update_from(txn, before, columns).await?;
        let state = before.state.code();
        let step = Step {
            party: "company",
            code: "consent",
            from: state,
            to: state,
            note: "",
        };
        history::write(txn, Table::HelpRequests, before.id.0, step, actor).await?;
        let after = read(txn, before.id).await?;
        audit_line(txn, actor, "help_request.consent", (Some(before), &after)).await?;
        Ok(after)
    }

    /// Names the support record a concluded request became, in the caller's transaction
    /// (the record's own audit line tells of it).
    pub async fn set_help_support(&self, tx: &Tx, id: HelpRequestId, support: i64) -> Result<()> {
        hr::Entity::update_many()
            .col_expr(hr::Column::SupportRecordId, Expr::value(support))
            .filter(hr::Column::Id.eq(id.0))
            .exec(tx.conn())
            .await
            .map_err(busy)?;
        Ok(())
    }

    /// How many open requests (asked, accepted) each coordinator has, by account.
    pub async fn open_help_counts(&self) -> Result<std::collections::HashMap<i64, usize>> {
        let open = [State::Asked.code(), State::Accepted.code()];
        let rows = hr::Entity::find()
            .filter(hr::Column::State.is_in(open))
            .filter(hr::Column::HelperId.is_not_null())
            .all(&self.db)
            .await?;
        let mut counts = std::collections::HashMap::new();
        for helper in rows.into_iter().filter_map(|r| r.helper_id) {
            *counts.entry(helper).or_insert(0) += 1;
        }
        Ok(counts)
    }

    /// A request's history, oldest first.
    pub async fn help_history(&self, id: HelpRequestId) -> Result<Vec<HelpEvent>> {
        history::lines(&self.db, Table::HelpRequests, id.0, State::from_code).await
    }

    /// The open requests past their due day (before `today`) not reminded yet, oldest first.
    pub async fn overdue_help_requests(&self, today: NaiveDate) -> Result<Vec<HelpRequestRecord>> {
        let open = [State::Asked.code(), State::Accepted.code()];
        let rows = hr::Entity::find()
            .filter(hr::Column::State.is_in(open))
            .filter(hr::Column::DueOn.lt(today))
            .filter(hr::Column::RemindedAt.is_null())
            .order_by_asc(hr::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Claims the one reminder of a request's overdue step: true for the one caller that
    /// gets it.
    pub async fn claim_help_reminder(
        &self,
        tx: &Tx,
        r: &HelpRequestRecord,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let columns = history::ReminderColumns {
            id: hr::Column::Id,
            version: hr::Column::Version,
            reminded_at: hr::Column::RemindedAt,
        };
        history::claim_reminder::<hr::Entity>(tx.conn(), columns, (r.id.0, r.version), now).await
    }
}
