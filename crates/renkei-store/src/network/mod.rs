//! The coordinator network as the store keeps it: each coordinator's profile (one per
//! account, written from the version read, with its audit line) and the coordinators'
//! accounts with their cities; requests for help across cities in [`help`]; discussion threads
//! and their weekly digest in [`threads`]; the sites each can introduce in [`sites`]. No words and no
//! decision on who may do what (`renkei_domain::network`, `access::network`).

pub(crate) mod help;
pub(crate) mod sites;
pub(crate) mod threads;

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::network::{Availability, DeviceClass, Field, Language, Profile};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::audit::Change;
use crate::entity::coordinator_profile as cp;
use crate::entity::{user, user_role};
use crate::kernel::{busy, duplicate_or_busy};
use crate::records::{Unreadable, code, coded, found, joined_codes, known, readable};
use crate::{Actor, Result, Store, StoreError, UserId, UserRecord};

coded!(Stage, Field, DeviceClass, Language, Availability);

/// A coordinator's profile, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProfileRecord {
    pub user_id: UserId,
    /// The city it is kept for (one the account coordinates for).
    pub city: CityCode,
    pub organization_id: Option<i64>,
    #[serde(serialize_with = "joined_codes")]
    pub stages: Vec<Stage>,
    #[serde(serialize_with = "joined_codes")]
    pub fields: Vec<Field>,
    #[serde(serialize_with = "joined_codes")]
    pub classes: Vec<DeviceClass>,
    #[serde(serialize_with = "joined_codes")]
    pub languages: Vec<Language>,
    pub capacity: u32,
    #[serde(serialize_with = "code")]
    pub availability: Availability,
    pub until: Option<NaiveDate>,
    pub summary: String,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl ProfileRecord {
    /// The profile the domain's rules read.
    pub fn profile(&self) -> Profile {
        Profile {
            stages: self.stages.clone(),
            fields: self.fields.clone(),
            classes: self.classes.clone(),
            languages: self.languages.clone(),
            organization: self.organization_id,
            capacity: self.capacity,
            availability: self.availability,
            until: self.until,
            summary: self.summary.clone(),
        }
    }
}

/// A comma-separated list of codes, each known, or the row is unreadable.
fn list<T>(
    id: i64,
    field: &'static str,
    codes: &str,
    read: impl Fn(&str) -> Option<T>,
) -> std::result::Result<Vec<T>, Unreadable> {
    codes
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|c| known("coordinator_profiles", id, field, c, &read))
        .collect()
}

impl TryFrom<cp::Model> for ProfileRecord {
    type Error = Unreadable;

    fn try_from(m: cp::Model) -> std::result::Result<Self, Unreadable> {
        const T: &str = "coordinator_profiles";
        let id = m.user_id;
        Ok(ProfileRecord {
            user_id: UserId(id),
            city: known(T, id, "city_code", &m.city_code, |c| {
                CityCode::parse(c).ok()
            })?,
            organization_id: m.organization_id,
            stages: list(id, "stages", &m.stages, Stage::from_code)?,
            fields: list(id, "fields", &m.fields, Field::from_code)?,
            classes: list(id, "classes", &m.classes, DeviceClass::from_code)?,
            languages: list(id, "languages", &m.languages, Language::from_code)?,
            capacity: u32::try_from(m.capacity).unwrap_or_default(),
            availability: known(
                T,
                id,
                "availability",
                &m.availability,
                Availability::from_code,
            )?,
            until: m.available_until,
            summary: m.summary,
            version: m.version,
            updated_at: m.updated_at,
        })
    }
}

fn joined<T: Copy>(v: &[T], code: impl Fn(T) -> &'static str) -> String {
    v.iter().map(|x| code(*x)).collect::<Vec<_>>().join(",")
}

/// A coordinator's account with the cities it coordinates for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoordinatorAccount {
    pub user: UserRecord,
    pub cities: Vec<CityCode>,
}

impl Store {
    /// The active accounts holding a coordinator role, with their cities, oldest first.
    pub async fn coordinator_accounts(&self) -> Result<Vec<CoordinatorAccount>> {
        let roles = user_role::Entity::find()
            .filter(user_role::Column::Role.eq("coordinator"))
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = roles.iter().map(|r| r.user_id).collect();
        let users: Vec<UserRecord> = readable(
            user::Entity::find()
                .filter(user::Column::Id.is_in(ids))
                .filter(user::Column::Active.eq(true))
                .order_by_asc(user::Column::Id)
                .all(&self.db)
                .await?,
        );
        Ok(users
            .into_iter()
            .map(|user| {
                let cities = roles
                    .iter()
                    .filter(|r| r.user_id == user.id.0)
                    .filter_map(|r| r.city_code.as_deref())
                    .filter_map(|c| CityCode::parse(c).ok())
                    .collect();
                CoordinatorAccount { user, cities }
            })
            .collect())
    }

    /// Every profile, by account.
    pub async fn coordinator_profiles(&self) -> Result<Vec<ProfileRecord>> {
        let rows = cp::Entity::find()
            .order_by_asc(cp::Column::UserId)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// One account's profile, if it keeps one.
    pub async fn coordinator_profile(&self, user: UserId) -> Result<Option<ProfileRecord>> {
        match found(cp::Entity::find_by_id(user.0).one(&self.db).await?) {
            Ok(p) => Ok(Some(p)),
            Err(StoreError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Writes an account's profile for `city`: the first one (`version` none; one made
    /// meanwhile is a conflict) or a change from the version read (a stale one is
    /// [`StoreError::Conflict`]), with its audit line.
    pub async fn save_coordinator_profile(
        &self,
        (user, city): (UserId, &CityCode),
        p: &Profile,
        version: Option<i64>,
        actor: &Actor,
    ) -> Result<ProfileRecord> {
        let txn = self.begin_audited(actor).await?;
        let before: Option<ProfileRecord> = match version {
            None => None,
            Some(_) => Some(found(cp::Entity::find_by_id(user.0).one(&txn).await?)?),
        };
        let now = Utc::now();
        let capacity = i32::try_from(p.capacity).unwrap_or(i32::MAX);
        match version {
            None => {
                cp::ActiveModel {
                    user_id: Set(user.0),
                    city_code: Set(city.to_string()),
                    organization_id: Set(p.organization),
                    stages: Set(joined(&p.stages, Stage::code)),
                    fields: Set(joined(&p.fields, Field::code)),
                    classes: Set(joined(&p.classes, DeviceClass::code)),
                    languages: Set(joined(&p.languages, Language::code)),
                    capacity: Set(capacity),
                    availability: Set(p.availability.code().to_owned()),
                    available_until: Set(p.until),
                    summary: Set(p.summary.clone()),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                }
                .insert(&txn)
                .await
                .map_err(duplicate_or_busy("profile"))
                .map_err(|e| match e {
                    StoreError::Duplicate(_) => StoreError::Conflict,
                    e => e,
                })?;
            }
            Some(v) => {
                let changed = cp::Entity::update_many()
                    .col_expr(cp::Column::CityCode, Expr::value(city.to_string()))
                    .col_expr(cp::Column::OrganizationId, Expr::value(p.organization))
                    .col_expr(
                        cp::Column::Stages,
                        Expr::value(joined(&p.stages, Stage::code)),
                    )
                    .col_expr(
                        cp::Column::Fields,
                        Expr::value(joined(&p.fields, Field::code)),
                    )
                    .col_expr(
                        cp::Column::Classes,
                        Expr::value(joined(&p.classes, DeviceClass::code)),
                    )
                    .col_expr(
                        cp::Column::Languages,
                        Expr::value(joined(&p.languages, Language::code)),
                    )
                    .col_expr(cp::Column::Capacity, Expr::value(capacity))
                    .col_expr(cp::Column::Availability, Expr::value(p.availability.code()))
                    .col_expr(cp::Column::AvailableUntil, Expr::value(p.until))
                    .col_expr(cp::Column::Summary, Expr::value(p.summary.clone()))
                    .col_expr(cp::Column::Version, Expr::value(v + 1))
                    .col_expr(cp::Column::UpdatedAt, Expr::value(now))
                    .filter(cp::Column::UserId.eq(user.0))
                    .filter(cp::Column::Version.eq(v))
                    .exec(&txn)
                    .await
                    .map_err(busy)?
                    .rows_affected;
                if changed != 1 {
                    return Err(StoreError::Conflict);
                }
            }
        }
        let after: ProfileRecord = found(cp::Entity::find_by_id(user.0).one(&txn).await?)?;
        let change = Change {
            action: "coordinator_profile.save",
            city: Some(city),
            object_type: "coordinator_profile",
            object_id: user.to_string(),
            before: before.as_ref(),
            after: Some(&after),
        };
        txn.commit_with(change).await?;
        Ok(after)
    }
}
