//! Giving back and the community as the store keeps them: a supported company's contribution
//! (proposed, with its first history line and audit line; confirmed, declined or withdrawn as
//! a conditional update with its history and audit lines; the lists of a company and of a
//! city) and the business-matching requests between certified companies (asked, answered,
//! withdrawn the same way; the requests a company asked or was asked).

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::csr::contribution::{
    Contribution, Kind, MatchMove, MatchParty, MatchState, Move, Party, State,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;

use crate::audit::{self, Actor, Change};
use crate::entity::{csr_contribution as cb, csr_matching_request as mr};
use crate::history::{self, Step, Table};
use crate::kernel::busy;
use crate::records::{CompanyId, Unreadable, code, coded, found, known, readable};
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

crate::records::id_type!(
    /// A contribution's id.
    ContributionId
);
crate::records::id_type!(
    /// A matching request's id.
    MatchingId
);

coded!(State, Kind, MatchState);

/// A contribution, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContributionRecord {
    pub id: ContributionId,
    pub city: CityCode,
    pub company_id: CompanyId,
    /// The support record it gives back for.
    pub support_id: i64,
    #[serde(serialize_with = "code")]
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub happened_on: NaiveDate,
    #[serde(serialize_with = "code")]
    pub state: State,
    pub decline_reason: String,
    pub proposed_by: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<cb::Model> for ContributionRecord {
    type Error = Unreadable;

    fn try_from(m: cb::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "csr_contributions";
        Ok(ContributionRecord {
            id: ContributionId(m.id),
            city: known(T, m.id, "city_code", &m.city_code, |c| {
                CityCode::parse(c).ok()
            })?,
            company_id: CompanyId(m.company_id),
            support_id: m.support_id,
            kind: known(T, m.id, "kind", &m.kind, Kind::from_code)?,
            title: m.title,
            description: m.description,
            happened_on: m.happened_on,
            state: known(T, m.id, "state", &m.state, State::from_code)?,
            decline_reason: m.decline_reason,
            proposed_by: m.actor_label,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

/// A contribution's history line.
pub type ContributionEvent = crate::history::HistoryLine<State>;

/// A matching request, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatchingRecord {
    pub id: MatchingId,
    pub asker: CompanyId,
    pub asked: CompanyId,
    pub message: String,
    #[serde(serialize_with = "code")]
    pub state: MatchState,
    pub asked_by: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<mr::Model> for MatchingRecord {
    type Error = Unreadable;

    fn try_from(m: mr::Model) -> std::result::Result<Self, Unreadable> {
        Ok(MatchingRecord {
            id: MatchingId(m.id),
            asker: CompanyId(m.asker_company_id),
            asked: CompanyId(m.asked_company_id),
            message: m.message,
            state: known(
                "csr_matching_requests",
                m.id,
                "state",
                &m.state,
                MatchState::from_code,
            )?,
            asked_by: m.actor_label,
            version: m.version,
            created_at: m.created_at,
        })
    }
}

async fn audit_line<T: Serialize>(
    db: &impl ConnectionTrait,
    actor: &Actor,
    (action, object_type, id, city): (&'static str, &'static str, i64, Option<&CityCode>),
    (before, after): (Option<&T>, &T),
) -> Result<()> {
    let change = Change {
        action,
        city,
        object_type,
        object_id: id.to_string(),
        before,
        after: Some(after),
    };
    audit::record(db, actor, change).await
}

impl Store {
    /// Records a company's proposed contribution, with its first history line and audit line.
    pub async fn insert_contribution(
        &self,
        (city, company): (&CityCode, CompanyId),
        c: &Contribution,
        actor: &Actor,
    ) -> Result<ContributionRecord> {
        let tx = self.begin().await?;
        let now = Utc::now();
        let row = cb::ActiveModel {
            city_code: Set(city.to_string()),
            company_id: Set(company.0),
            support_id: Set(c.support),
            kind: Set(c.kind.code().to_owned()),
            title: Set(c.title.clone()),
            description: Set(c.description.clone()),
            happened_on: Set(c.happened_on),
            state: Set(State::Proposed.code().to_owned()),
            decline_reason: Set(String::new()),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await
        .map_err(busy)?;
        let r: ContributionRecord = found(Some(row))?;
        let p = State::Proposed.code();
        let step = Step {
            party: Party::Company.code(),
            code: "propose",
            from: p,
            to: p,
            note: "",
        };
        history::write(tx.conn(), Table::CsrContributions, r.id.0, step, actor).await?;
        let what = (
            "csr_contribution.propose",
            "csr_contribution",
            r.id.0,
            Some(city),
        );
        audit_line(tx.conn(), actor, what, (None, &r)).await?;
        tx.commit().await?;
        Ok(r)
    }

    pub async fn contribution(&self, id: ContributionId) -> Result<ContributionRecord> {
        found(cb::Entity::find_by_id(id.0).one(&self.db).await?)
    }

    pub async fn contribution_in(&self, tx: &Tx, id: ContributionId) -> Result<ContributionRecord> {
        found(cb::Entity::find_by_id(id.0).one(tx.conn()).await?)
    }

    /// A company's contributions, newest first.
    pub async fn contributions_of_company(
        &self,
        company: CompanyId,
    ) -> Result<Vec<ContributionRecord>> {
        let rows = cb::Entity::find()
            .filter(cb::Column::CompanyId.eq(company.0))
            .order_by_desc(cb::Column::HappenedOn)
            .order_by_desc(cb::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// A city's contributions, newest first.
    pub async fn contributions_of_city(&self, city: &CityCode) -> Result<Vec<ContributionRecord>> {
        let rows = cb::Entity::find()
            .filter(cb::Column::CityCode.eq(city.to_string()))
            .order_by_desc(cb::Column::HappenedOn)
            .order_by_desc(cb::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Writes a contribution's move from the version read, with its history and audit lines;
    /// someone else first: [`StoreError::Conflict`].
    #[allow(clippy::too_many_arguments)]
    pub async fn write_contribution_move(
        &self,
        tx: &Tx,
        before: &ContributionRecord,
        to: State,
        party: Party,
        m: &Move,
        actor: &Actor,
    ) -> Result<ContributionRecord> {
        let txn = tx.conn();
        let moved = cb::Entity::update_many()
            .col_expr(cb::Column::State, Expr::value(to.code()))
            .col_expr(cb::Column::DeclineReason, Expr::value(m.note()))
            .col_expr(cb::Column::Version, Expr::value(before.version + 1))
            .col_expr(cb::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(cb::Column::Id.eq(before.id.0))
            .filter(cb::Column::Version.eq(before.version))
            .filter(cb::Column::State.eq(before.state.code()))
            .exec(txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        let step = Step {
            party: party.code(),
            code: m.code(),
            from: before.state.code(),
            to: to.code(),
            note: m.note(),
        };
        history::write(txn, Table::CsrContributions, before.id.0, step, actor).await?;
        let after = self.contribution_in(tx, before.id).await?;
        let action = match m {
            Move::Confirm => "csr_contribution.confirm",
            Move::Decline(_) => "csr_contribution.decline",
            Move::Withdraw => "csr_contribution.withdraw",
        };
        let what = (action, "csr_contribution", after.id.0, Some(&after.city));
        audit_line(txn, actor, what, (Some(before), &after)).await?;
        Ok(after)
    }

    /// A contribution's history, oldest first.
    pub async fn contribution_history(&self, id: ContributionId) -> Result<Vec<ContributionEvent>> {
        history::lines(&self.db, Table::CsrContributions, id.0, State::from_code).await
    }

    /// Records a member's matching request to another, with its history and audit lines.
    pub async fn insert_matching(
        &self,
        (asker, asked): (CompanyId, CompanyId),
        message: &str,
        actor: &Actor,
    ) -> Result<MatchingRecord> {
        let tx = self.begin().await?;
        let now = Utc::now();
        let row = mr::ActiveModel {
            asker_company_id: Set(asker.0),
            asked_company_id: Set(asked.0),
            message: Set(message.to_owned()),
            state: Set(MatchState::Requested.code().to_owned()),
            actor_id: Set(actor.id),
            actor_label: Set(actor.label.clone()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await
        .map_err(busy)?;
        let r: MatchingRecord = found(Some(row))?;
        let s = MatchState::Requested.code();
        let step = Step {
            party: MatchParty::Asker.code(),
            code: "ask",
            from: s,
            to: s,
            note: "",
        };
        history::write(tx.conn(), Table::CsrMatching, r.id.0, step, actor).await?;
        let what = ("csr_matching.ask", "csr_matching_request", r.id.0, None);
        audit_line(tx.conn(), actor, what, (None, &r)).await?;
        tx.commit().await?;
        Ok(r)
    }

    pub async fn matching(&self, id: MatchingId) -> Result<MatchingRecord> {
        found(mr::Entity::find_by_id(id.0).one(&self.db).await?)
    }

    /// The requests a company asked or was asked, newest first.
    pub async fn matchings_of(&self, company: CompanyId) -> Result<Vec<MatchingRecord>> {
        let rows = mr::Entity::find()
            .filter(
                Condition::any()
                    .add(mr::Column::AskerCompanyId.eq(company.0))
                    .add(mr::Column::AskedCompanyId.eq(company.0)),
            )
            .order_by_desc(mr::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// Writes a matching request's move from the version read, with its history and audit
    /// lines, in one transaction; someone else first: [`StoreError::Conflict`].
    pub async fn write_matching_move(
        &self,
        before: &MatchingRecord,
        (to, party, m): (MatchState, MatchParty, MatchMove),
        actor: &Actor,
    ) -> Result<MatchingRecord> {
        let tx = self.begin().await?;
        let moved = mr::Entity::update_many()
            .col_expr(mr::Column::State, Expr::value(to.code()))
            .col_expr(mr::Column::Version, Expr::value(before.version + 1))
            .col_expr(mr::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(mr::Column::Id.eq(before.id.0))
            .filter(mr::Column::Version.eq(before.version))
            .filter(mr::Column::State.eq(before.state.code()))
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if moved != 1 {
            return Err(StoreError::Conflict);
        }
        let step = Step {
            party: party.code(),
            code: m.code(),
            from: before.state.code(),
            to: to.code(),
            note: "",
        };
        history::write(tx.conn(), Table::CsrMatching, before.id.0, step, actor).await?;
        let after: MatchingRecord =
            found(mr::Entity::find_by_id(before.id.0).one(tx.conn()).await?)?;
        let what = (
            "csr_matching.move",
            "csr_matching_request",
            after.id.0,
            None,
        );
        audit_line(tx.conn(), actor, what, (Some(before), &after)).await?;
        tx.commit().await?;
        Ok(after)
    }
}
