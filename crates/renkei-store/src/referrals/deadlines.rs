//! Each city's expected time for each waiting step of a referral (its own, or the
//! workflow's default), the steps past it, and the claim of each step's one reminder.

use chrono::{DateTime, Duration, Utc};
use renkei_domain::access::ListScope;
use renkei_domain::city::CityCode;
use renkei_domain::referral::{self as rules, Party, State, waiting_on};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::{Overdue, ReferralRecord, readable};
use crate::audit::{Actor, Change};
use crate::entity::{referral, referral_deadline, referral_reminder};
use crate::tx::Tx;
use crate::{Result, Store};

impl Store {
    /// A city's expected time (days) for each waiting step: its own, or the default.
    pub async fn referral_deadlines(&self, city: &CityCode) -> Result<Vec<(State, i32)>> {
        let own = referral_deadline::Entity::find()
            .filter(referral_deadline::Column::CityCode.eq(city.to_string()))
            .all(&self.db)
            .await?;
        Ok(State::ALL
            .into_iter()
            .filter_map(|s| {
                let default = rules::default_days(s)?;
                let set = own.iter().find(|d| d.state == s.code()).map(|d| d.days);
                Some((s, set.unwrap_or(default)))
            })
            .collect())
    }

    /// Sets a city's expected times (already validated), all at once.
    pub async fn save_referral_deadlines(
        &self,
        city: &CityCode,
        days: &[(State, i32)],
        actor: &Actor,
    ) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        referral_deadline::Entity::delete_many()
            .filter(referral_deadline::Column::CityCode.eq(city.to_string()))
            .exec(&txn)
            .await?;
        for (state, d) in days {
            referral_deadline::ActiveModel {
                city_code: Set(city.to_string()),
                state: Set(state.code().to_owned()),
                days: Set(*d),
            }
            .insert(&txn)
            .await?;
        }
        let shown: Vec<String> = days
            .iter()
            .map(|(s, d)| format!("{}={d}", s.code()))
            .collect();
        let change = Change {
            action: "referral.deadlines",
            city: Some(city),
            object_type: "city",
            object_id: city.to_string(),
            before: None,
            after: Some(&shown),
        };
        txn.commit_with(change).await
    }

    /// The open referrals (within `scope`) whose waiting step is past the expected time of
    /// the city it waits on (a company's steps follow its sending city's times).
    pub async fn overdue_referrals(
        &self,
        scope: &ListScope,
        now: DateTime<Utc>,
    ) -> Result<Vec<Overdue>> {
        let open = referral::Entity::find()
            .filter(
                referral::Column::State
                    .is_not_in([State::Declined, State::Closed, State::Withdrawn].map(State::code)),
            )
            .order_by_asc(referral::Column::StateSince)
            .all(&self.db)
            .await?;
        let open: Vec<ReferralRecord> = readable(open);
        let set = referral_deadline::Entity::find().all(&self.db).await?;
        let mut out = Vec::new();
        for r in open {
            let state = r.state;
            let Some(party) = waiting_on(state) else {
                continue;
            };
            let city = if party == Party::ReceivingCity {
                &r.receiving_city
            } else {
                &r.sending_city
            };
            let days = set
                .iter()
                .find(|d| d.city_code == city.to_string() && d.state == state.code())
                .map(|d| d.days)
                .or_else(|| rules::default_days(state))
                .unwrap_or(rules::MAX_DAYS);
            let due = r.state_since + Duration::days(i64::from(days));
            if due > now {
                continue;
            }
            let visible = scope.all
                || scope.cities.iter().any(|c| {
                    *c == r.sending_city || (*c == r.receiving_city && r.sent_at.is_some())
                })
                || scope.companies.contains(&r.company_id.0);
            if visible {
                out.push(Overdue {
                    referral: r,
                    waiting_on: party,
                    due,
                });
            }
        }
        Ok(out)
    }

    /// Claims the reminder of an overdue step, in the caller's transaction: true for the
    /// one caller that gets it (a step is a referral at one version: two nodes reminding at
    /// once send one reminder, and a step is reminded once ever).
    pub async fn claim_referral_reminder(
        &self,
        tx: &Tx,
        o: &Overdue,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let stmt = Query::insert()
            .into_table(referral_reminder::Entity)
            .columns([
                referral_reminder::Column::ReferralId,
                referral_reminder::Column::Version,
                referral_reminder::Column::State,
                referral_reminder::Column::SentAt,
            ])
            .values_panic([
                o.referral.id.into(),
                o.referral.version.into(),
                o.referral.state.code().into(),
                now.into(),
            ])
            .on_conflict(
                OnConflict::columns([
                    referral_reminder::Column::ReferralId,
                    referral_reminder::Column::Version,
                ])
                .do_nothing()
                .to_owned(),
            )
            .to_owned();
        Ok(tx.conn().execute(&stmt).await?.rows_affected() == 1)
    }
}
