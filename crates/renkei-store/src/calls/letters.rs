//! Decision letters (決定通知書) of calls as the store keeps them: each city's settings for its
//! letters, changed at the version the person saw with their audit line; and the 文書番号 of
//! a released application's letter, given once (the city's next of the fiscal year) with the
//! letter's day, and kept, so that printing the letter again gives the same number and day.
//! No words: the caller composes the letter (`renkei_domain::call::letter`).

use chrono::{NaiveDate, Utc};
use renkei_domain::call::letter::{LetterSettings, document_number};
use renkei_domain::city::CityCode;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::applications::ApplicationId;
use crate::audit::{self, Actor, Change};
use crate::entity::call_letter_setting as setting;
use crate::entity::{call_letter as letter, call_letter_counter as counter};
use crate::kernel::{busy, duplicate_or_busy};
use crate::tx::Tx;
use crate::{Result, Store, StoreError};

/// A city's settings for its letters, at one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterSettingsRecord {
    pub settings: LetterSettings,
    pub version: i64,
}

impl From<setting::Model> for LetterSettingsRecord {
    fn from(m: setting::Model) -> Self {
        LetterSettingsRecord {
            settings: LetterSettings {
                issuer: m.issuer,
                number_mark: m.number_mark,
                conditions: m.conditions,
                appeal: m.appeal,
            },
            version: m.version,
        }
    }
}

/// The 文書番号 and day given to an application's letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRecord {
    pub application_id: ApplicationId,
    pub fiscal_year: i32,
    pub seq: i64,
    /// As printed (`千経産第12号`).
    pub number: String,
    pub issued_on: NaiveDate,
}

impl From<letter::Model> for LetterRecord {
    fn from(m: letter::Model) -> Self {
        LetterRecord {
            application_id: ApplicationId(m.application_id),
            fiscal_year: m.fiscal_year,
            seq: m.seq,
            number: m.number,
            issued_on: m.issued_on,
        }
    }
}

async fn settings_row(
    db: &impl ConnectionTrait,
    city: &CityCode,
) -> Result<Option<setting::Model>> {
    Ok(setting::Entity::find_by_id(city.to_string())
        .one(db)
        .await?)
}

impl Store {
    /// A city's settings for its letters, if it has saved some.
    pub async fn letter_settings(&self, city: &CityCode) -> Result<Option<LetterSettingsRecord>> {
        Ok(settings_row(&self.db, city).await?.map(Into::into))
    }

    /// Saves a city's settings for its letters at the version the person saw (0: none saved
    /// yet), with its audit line; someone else saving first is [`StoreError::Conflict`].
    pub async fn save_letter_settings(
        &self,
        city: &CityCode,
        seen_version: i64,
        s: &LetterSettings,
        actor: &Actor,
    ) -> Result<LetterSettingsRecord> {
        let txn = self.begin_audited(actor).await?;
        let before = settings_row(&txn, city).await?;
        let now = Utc::now();
        if seen_version == 0 {
            setting::ActiveModel {
                city_code: Set(city.to_string()),
                issuer: Set(s.issuer.clone()),
                number_mark: Set(s.number_mark.clone()),
                conditions: Set(s.conditions.clone()),
                appeal: Set(s.appeal.clone()),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(|e| match duplicate_or_busy("city")(e) {
                StoreError::Duplicate(_) => StoreError::Conflict,
                other => other,
            })?;
        } else {
            let changed = setting::Entity::update_many()
                .col_expr(setting::Column::Issuer, Expr::value(s.issuer.clone()))
                .col_expr(
                    setting::Column::NumberMark,
                    Expr::value(s.number_mark.clone()),
                )
                .col_expr(
                    setting::Column::Conditions,
                    Expr::value(s.conditions.clone()),
                )
                .col_expr(setting::Column::Appeal, Expr::value(s.appeal.clone()))
                .col_expr(setting::Column::Version, Expr::value(seen_version + 1))
                .col_expr(setting::Column::UpdatedAt, Expr::value(now))
                .filter(setting::Column::CityCode.eq(city.to_string()))
                .filter(setting::Column::Version.eq(seen_version))
                .exec(&txn)
                .await
                .map_err(busy)?
                .rows_affected;
            if changed != 1 {
                return Err(StoreError::Conflict);
            }
        }
        let after = settings_row(&txn, city)
            .await?
            .ok_or(StoreError::NotFound)?;
        let change = Change {
            action: "call_letter_settings.update",
            city: Some(city),
            object_type: "call_letter_settings",
            object_id: city.to_string(),
            before: before.as_ref(),
            after: Some(&after),
        };
        txn.commit_with(change).await?;
        Ok(after.into())
    }

    /// The number and day of an application's letter, if it was given them.
    pub async fn letter_of(&self, id: ApplicationId) -> Result<Option<LetterRecord>> {
        let row = letter::Entity::find_by_id(id.0).one(&self.db).await?;
        Ok(row.map(Into::into))
    }

    /// Gives an application's letter its 文書番号 — `city`'s next of the fiscal year of
    /// `issued_on`, after the city's mark — and its day, with the audit line, in the caller's
    /// transaction; an application already given them keeps them (the answer is what it was
    /// given). The city's counter row is locked first, so that the letters of a city are
    /// numbered one at a time and two people printing one letter at once give it one number.
    pub async fn issue_letter(
        &self,
        tx: &Tx,
        id: ApplicationId,
        city: &CityCode,
        issued_on: NaiveDate,
        actor: &Actor,
    ) -> Result<LetterRecord> {
        let txn = tx.conn();
        let fiscal_year = renkei_domain::jdate::fiscal_year(issued_on);
        let key = || {
            counter::Column::CityCode
                .eq(city.to_string())
                .and(counter::Column::FiscalYear.eq(fiscal_year))
        };
        counter::Entity::insert(counter::ActiveModel {
            city_code: Set(city.to_string()),
            fiscal_year: Set(fiscal_year),
            last_seq: Set(0),
        })
        .on_conflict(
            // A write that changes nothing, for the row's lock.
            OnConflict::columns([counter::Column::CityCode, counter::Column::FiscalYear])
                .value(
                    counter::Column::LastSeq,
                    Expr::col((counter::Entity, counter::Column::LastSeq)),
                )
                .to_owned(),
        )
        .exec(txn)
        .await
        .map_err(busy)?;
        if let Some(given) = letter::Entity::find_by_id(id.0).one(txn).await? {
            return Ok(given.into());
        }
        counter::Entity::update_many()
            .col_expr(
                counter::Column::LastSeq,
                Expr::col(counter::Column::LastSeq).add(1),
            )
            .filter(key())
            .exec(txn)
            .await
            .map_err(busy)?;
        let seq = counter::Entity::find()
            .filter(key())
            .one(txn)
            .await?
            .ok_or(StoreError::NotFound)?
            .last_seq;
        let mark = settings_row(txn, city)
            .await?
            .map(|s| s.number_mark)
            .unwrap_or_default();
        let row = letter::ActiveModel {
            application_id: Set(id.0),
            city_code: Set(city.to_string()),
            fiscal_year: Set(fiscal_year),
            seq: Set(seq),
            number: Set(document_number(&mark, seq)),
            issued_on: Set(issued_on),
            created_at: Set(Utc::now()),
        }
        .insert(txn)
        .await
        .map_err(|e| match duplicate_or_busy("letter")(e) {
            StoreError::Duplicate(_) => StoreError::Conflict,
            other => other,
        })?;
        let change = Change {
            action: "call_letter.issue",
            city: Some(city),
            object_type: "call_letter",
            object_id: id.to_string(),
            before: None,
            after: Some(&row),
        };
        audit::record(txn, actor, change).await?;
        Ok(row.into())
    }
}
