//! Sales-channel targets (販路開拓先) of a city: registered one by one or imported from a
//! list, found by kind and name, and changed with optimistic concurrency.
//!
//! The store hands them out typed (the city as `CityCode`, the kind as the domain's
//! `TargetKind`, the id as a [`TargetId`]), read once from the rows; a row holding a city or
//! kind this version does not know is left out (see `crate::records`). They serialize (for
//! the audit trail) with the rows' field names and codes.

use chrono::{DateTime, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::target::{Target, TargetKind};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use crate::audit::{Actor, AuditedTx};
use crate::entity::sales_target;
use crate::handle::Store;
use crate::kernel::{Page, PageRequest, Result, StoreError, containing};
use crate::records::{Unreadable, code, found, known, readable};

pub use crate::records::TargetId;

/// A sales-channel target of a city, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SalesTargetRecord {
    pub id: TargetId,
    pub city_code: CityCode,
    #[serde(serialize_with = "code")]
    pub kind: TargetKind,
    pub name: String,
    pub name_kana: String,
    pub address: String,
    /// Departments or fields, one per line.
    pub departments: String,
    /// Beds, students or members (`TargetKind::size_unit`).
    pub size: Option<i32>,
    /// The product categories it cares about, one per line.
    pub interests: String,
    pub postal_code: String,
    pub contact_name: String,
    pub contact_department: String,
    pub contact_email: String,
    pub contact_phone: String,
    /// The code of the list it came from (e.g. a medical institution code), or empty.
    pub source_code: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<sales_target::Model> for SalesTargetRecord {
    type Error = Unreadable;

    fn try_from(m: sales_target::Model) -> Result<Self, Unreadable> {
        const T: &str = "sales_targets";
        let city_code = known(T, m.id, "city_code", &m.city_code, |c| {
            CityCode::parse(c).ok()
        })?;
        let kind = known(T, m.id, "kind", &m.kind, TargetKind::from_code)?;
        Ok(SalesTargetRecord {
            id: TargetId(m.id),
            city_code,
            kind,
            name: m.name,
            name_kana: m.name_kana,
            address: m.address,
            departments: m.departments,
            size: m.size,
            interests: m.interests,
            postal_code: m.postal_code,
            contact_name: m.contact_name,
            contact_department: m.contact_department,
            contact_email: m.contact_email,
            contact_phone: m.contact_phone,
            source_code: m.source_code,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

crate::audited::audited!(SalesTargetRecord, "sales_target", city_code);

/// What a list of targets holds.
#[derive(Debug, Clone, Default)]
pub struct TargetQuery {
    pub city: Option<CityCode>,
    pub kind: Option<TargetKind>,
    /// Words in the name, its reading, the address, departments or interests.
    pub text: Option<String>,
}

fn fill(m: &mut sales_target::ActiveModel, t: &Target) {
    m.kind = Set(t.kind.code().to_owned());
    m.name = Set(t.name.clone());
    m.name_kana = Set(t.name_kana.clone());
    m.postal_code = Set(t.postal_code.clone());
    m.address = Set(t.address.clone());
    m.departments = Set(t.departments.join("\n"));
    m.size = Set(t.size);
    m.interests = Set(t.interests.join("\n"));
    m.contact_name = Set(t.contact_name.clone());
    m.contact_department = Set(t.contact_department.clone());
    m.contact_email = Set(t.contact_email.clone());
    m.contact_phone = Set(t.contact_phone.clone());
    m.source_code = Set(t.source_code.clone());
}

async fn insert_target(
    txn: &AuditedTx<'_>,
    city: &CityCode,
    t: &Target,
) -> Result<SalesTargetRecord> {
    let now = Utc::now();
    let mut m = sales_target::ActiveModel {
        city_code: Set(city.to_string()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut m, t);
    let record: SalesTargetRecord = found(Some(m.insert(txn).await?))?;
    txn.record_change("sales_target.create", None, &record)
        .await?;
    Ok(record)
}

/// A target read in a transaction ([`StoreError::NotFound`] if there is none, or this version
/// cannot read it).
pub(crate) async fn target_in(
    db: &impl ConnectionTrait,
    id: TargetId,
) -> Result<SalesTargetRecord> {
    found(sales_target::Entity::find_by_id(id.0).one(db).await?)
}

impl Store {
    /// Registers a sales-channel target of `city` (already validated).
    pub async fn create_sales_target(
        &self,
        city: &CityCode,
        t: &Target,
        actor: &Actor,
    ) -> Result<SalesTargetRecord> {
        let txn = self.begin_audited(actor).await?;
        let record = insert_target(&txn, city, t).await?;
        txn.commit().await?;
        Ok(record)
    }

    /// Changes a target if it is still at the version the person saw; otherwise
    /// [`StoreError::Conflict`].
    pub async fn update_sales_target(
        &self,
        id: TargetId,
        version: i64,
        t: &Target,
        actor: &Actor,
    ) -> Result<SalesTargetRecord> {
        let txn = self.begin_audited(actor).await?;
        let row = sales_target::Entity::find_by_id(id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let before: SalesTargetRecord = found(Some(row.clone()))?;
        if before.version != version {
            return Err(StoreError::Conflict);
        }
        let mut m: sales_target::ActiveModel = row.into();
        fill(&mut m, t);
        m.version = Set(version + 1);
        m.updated_at = Set(Utc::now());
        let after: SalesTargetRecord = found(Some(m.update(&txn).await?))?;
        txn.record_change("sales_target.update", Some(&before), &after)
            .await?;
        txn.commit().await?;
        Ok(after)
    }

    /// A target (`None` if there is none, or this version cannot read it).
    pub async fn sales_target(&self, id: TargetId) -> Result<Option<SalesTargetRecord>> {
        let row = sales_target::Entity::find_by_id(id.0).one(&self.db).await?;
        Ok(found(row).ok())
    }

    /// Targets by id, in one query.
    pub async fn sales_targets_by_id(&self, ids: &[TargetId]) -> Result<Vec<SalesTargetRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sales_target::Entity::find()
            .filter(sales_target::Column::Id.is_in(ids.iter().copied()))
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// A city's sales-channel targets, oldest first.
    pub async fn sales_targets_of(&self, city: &CityCode) -> Result<Vec<SalesTargetRecord>> {
        let rows = sales_target::Entity::find()
            .filter(sales_target::Column::CityCode.eq(city.to_string()))
            .order_by_asc(sales_target::Column::Id)
            .all(&self.db)
            .await?;
        Ok(readable(rows))
    }

    /// One page of targets, by name.
    pub async fn sales_targets(
        &self,
        q: &TargetQuery,
        page: PageRequest,
    ) -> Result<Page<SalesTargetRecord>> {
        let mut query = sales_target::Entity::find();
        if let Some(city) = &q.city {
            query = query.filter(sales_target::Column::CityCode.eq(city.to_string()));
        }
        if let Some(kind) = q.kind {
            query = query.filter(sales_target::Column::Kind.eq(kind.code()));
        }
        if let Some(text) = &q.text {
            for word in text.split_whitespace() {
                let like = containing(word);
                query = query.filter(
                    Condition::any()
                        .add(sales_target::Column::Name.like(like.clone()))
                        .add(sales_target::Column::NameKana.like(like.clone()))
                        .add(sales_target::Column::Address.like(like.clone()))
                        .add(sales_target::Column::Departments.like(like.clone()))
                        .add(sales_target::Column::Interests.like(like.clone())),
                );
            }
        }
        let query = query
            .order_by_asc(sales_target::Column::NameKana)
            .order_by_asc(sales_target::Column::Name)
            .order_by_asc(sales_target::Column::Id);
        let p = page.fetch(query, &self.db).await?;
        Ok(page.of(readable(p.items), p.total))
    }

    /// The source codes of `city`'s targets already imported from a list.
    pub async fn target_source_codes(&self, city: &CityCode) -> Result<Vec<String>> {
        Ok(sales_target::Entity::find()
            .select_only()
            .column(sales_target::Column::SourceCode)
            .filter(sales_target::Column::CityCode.eq(city.to_string()))
            .filter(Expr::col(sales_target::Column::SourceCode).ne(""))
            .into_tuple::<String>()
            .all(&self.db)
            .await?)
    }

    /// Imports targets (already checked, every row) in one transaction: all of them or none.
    /// `progress` is told how many are written, every 1,000 and at the end.
    pub async fn import_sales_targets(
        &self,
        rows: &[(CityCode, Target)],
        actor: &Actor,
        progress: impl Fn(usize),
    ) -> Result<usize> {
        self.import_rows(actor, rows, progress, async |txn, (city, t)| {
            insert_target(txn, city, t).await
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> sales_target::Model {
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap();
        sales_target::Model {
            id: 4,
            city_code: "341002".into(),
            kind: "nursing-school".into(),
            name: "n".into(),
            name_kana: "k".into(),
            address: "a".into(),
            departments: "内科\n外科".into(),
            size: Some(120),
            interests: String::new(),
            postal_code: "7300011".into(),
            contact_name: String::new(),
            contact_department: String::new(),
            contact_email: String::new(),
            contact_phone: String::new(),
            source_code: "s".into(),
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_record_serializes_as_its_row_did() {
        let m = row();
        let typed = SalesTargetRecord::try_from(m.clone()).unwrap();
        assert_eq!(typed.kind, TargetKind::NursingSchool);
        assert_eq!(typed.id, TargetId(4));
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            serde_json::to_string(&m).unwrap()
        );
    }

    #[test]
    fn a_row_with_an_unknown_code_is_unreadable() {
        for m in [
            sales_target::Model {
                kind: "airline".into(),
                ..row()
            },
            sales_target::Model {
                city_code: "999999".into(),
                ..row()
            },
        ] {
            assert!(SalesTargetRecord::try_from(m).is_err());
        }
    }
}
