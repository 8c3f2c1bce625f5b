//! Companies and their contacts, each company owned by its home city. Lists are filtered by
//! the caller's `ListScope` in the query itself, so a list never holds a company the caller
//! could not open.
//!
//! - `records`: the typed records these hand out, read once from the rows.

mod records;

use std::collections::HashMap;

use chrono::Utc;
use renkei_domain::access::ListScope;
use renkei_domain::catalog::CompanyType;
use renkei_domain::city::CityCode;
use renkei_domain::company::{Company, Contact, name_key};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::audit::{Actor, AuditedTx, Change};
use crate::entity::{company, company_contact};
use crate::grants::shared_ids;
use crate::handle::Store;
use crate::kernel::{Page, PageRequest, Result, StoreError, containing};
use crate::records::{found, readable};

pub use records::{CompanyId, CompanyRecord, ContactRecord};

crate::audited::audited!(CompanyRecord, "company", home_city);

/// Filters of the company list; all combine with "and".
#[derive(Debug, Clone, Default)]
pub struct CompanyQuery {
    pub city: Option<CityCode>,
    pub company_type: Option<CompanyType>,
    /// Found in the name (by its matching key), the reading or the corporate number.
    pub text: Option<String>,
}

/// What the caller's scope allows, as a condition on `companies`.
async fn visible(store: &Store, scope: &ListScope) -> Result<Option<Condition>> {
    if scope.all {
        return Ok(Some(Condition::all()));
    }
    if scope.is_empty() {
        return Ok(None);
    }
    let cities: Vec<String> = scope.cities.iter().map(|c| c.to_string()).collect();
    let shared = shared_ids(store, "company", &cities).await?;
    Ok(Some(
        Condition::any()
            .add(company::Column::HomeCity.is_in(cities))
            .add(company::Column::Id.is_in(shared))
            .add(company::Column::Id.is_in(scope.companies.clone())),
    ))
}

fn active_model(c: &Company) -> company::ActiveModel {
    company::ActiveModel {
        home_city: Set(c.home_city.to_string()),
        name: Set(c.name.clone()),
        name_kana: Set(c.name_kana.clone()),
        name_key: Set(c.name_key.clone()),
        corporate_number: Set(c.corporate_number.as_ref().map(|n| n.as_str().to_owned())),
        postal_code: Set(c.postal_code.clone()),
        address: Set(c.address.clone()),
        industry: Set(c.industry.clone()),
        size: Set(c.size.map(|s| s.code().to_owned())),
        company_type: Set(c.company_type.map(|t| t.code().to_owned())),
        website: Set(c.website.clone()),
        notes: Set(c.notes.clone()),
        ..Default::default()
    }
}

/// A company read in the caller's transaction ([`StoreError::NotFound`] if there is none, or
/// this version cannot read it).
async fn read_company(db: &impl ConnectionTrait, id: CompanyId) -> Result<CompanyRecord> {
    found(company::Entity::find_by_id(id.0).one(db).await?)
}

/// The companies among those `within` selects that look like one of this matching key or
/// corporate number: not merged, at most 20, by id.
async fn look_alikes(
    db: &impl ConnectionTrait,
    name_key: &str,
    corporate_number: Option<&str>,
    within: Condition,
) -> Result<Vec<CompanyRecord>> {
    let mut same = Condition::any().add(company::Column::NameKey.eq(name_key));
    if let Some(n) = corporate_number {
        same = same.add(company::Column::CorporateNumber.eq(n));
    }
    let rows = company::Entity::find()
        .filter(within)
        .filter(same)
        .filter(company::Column::MergedInto.is_null())
        .order_by_asc(company::Column::Id)
        .limit(20)
        .all(db)
        .await?;
    Ok(readable(rows))
}

/// Points the rows of `E` whose `column` names the company `from` at `into` (a merge).
async fn repoint<E: EntityTrait>(
    txn: &AuditedTx<'_>,
    column: E::Column,
    from: CompanyId,
    into: CompanyId,
) -> Result<()> {
    E::update_many()
        .col_expr(column, Expr::value(into))
        .filter(column.eq(from))
        .exec(txn)
        .await?;
    Ok(())
}

/// Inserts a company with its contacts in the caller's transaction, with its audit line.
async fn insert_company(
    txn: &AuditedTx<'_>,
    c: &Company,
    contacts: &[Contact],
) -> Result<CompanyRecord> {
    insert_company_as(txn, txn.actor(), c, contacts).await
}

/// Inserts a company with its contacts in a transaction held by the caller, with its audit
/// line as `actor`'s (a registration request approved in its move's transaction).
pub(crate) async fn insert_company_as(
    txn: &impl ConnectionTrait,
    actor: &Actor,
    c: &Company,
    contacts: &[Contact],
) -> Result<CompanyRecord> {
    let now = Utc::now();
    let mut m = active_model(c);
    m.merged_into = Set(None);
    m.version = Set(1);
    m.created_at = Set(now);
    m.updated_at = Set(now);
    let record: CompanyRecord = found(Some(m.insert(txn).await?))?;
    for contact in contacts {
        company_contact::ActiveModel {
            company_id: Set(record.id.0),
            name: Set(contact.name.clone()),
            role: Set(contact.role.clone()),
            email: Set(contact.email.clone()),
            phone: Set(contact.phone.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    let change = Change {
        action: "company.create",
        city: Some(&record.home_city),
        object_type: "company",
        object_id: record.id.to_string(),
        before: None,
        after: Some(&record),
    };
    crate::audit::record(txn, actor, change).await?;
    Ok(record)
}

impl Store {
    /// Registers a company with its contacts, in one transaction.
    pub async fn create_company(
        &self,
        c: &Company,
        contacts: &[Contact],
        actor: &Actor,
    ) -> Result<CompanyRecord> {
        let txn = self.begin_audited(actor).await?;
        let record = insert_company(&txn, c, contacts).await?;
        txn.commit().await?;
        Ok(record)
    }

    /// Companies the caller can see that are likely the same as `c`: the same matching key
    /// or the same corporate number. Merged companies are left out.
    pub async fn likely_duplicates(
        &self,
        c: &Company,
        scope: &ListScope,
    ) -> Result<Vec<CompanyRecord>> {
        let Some(visible) = visible(self, scope).await? else {
            return Ok(vec![]);
        };
        let number = c.corporate_number.as_ref().map(|n| n.as_str());
        look_alikes(&self.db, &c.name_key, number, visible).await
    }

    /// The companies of some ids, by id, in one query (for lists of products).
    pub async fn companies_by_id(
        &self,
        ids: impl IntoIterator<Item = CompanyId>,
    ) -> Result<HashMap<CompanyId, CompanyRecord>> {
        let mut ids: Vec<CompanyId> = ids.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        let rows = company::Entity::find()
            .filter(company::Column::Id.is_in(ids))
            .all(&self.db)
            .await?;
        Ok(readable::<_, CompanyRecord>(rows)
            .into_iter()
            .map(|c| (c.id, c))
            .collect())
    }

    /// A company with its contacts (whatever the caller may see: the caller asks the policy);
    /// `None` if there is none, or this version cannot read it.
    pub async fn company(
        &self,
        id: CompanyId,
    ) -> Result<Option<(CompanyRecord, Vec<ContactRecord>)>> {
        let row = company::Entity::find_by_id(id.0).one(&self.db).await?;
        let Some(c) = found(row).ok() else {
            return Ok(None);
        };
        let contacts = company_contact::Entity::find()
            .filter(company_contact::Column::CompanyId.eq(id))
            .order_by_asc(company_contact::Column::Id)
            .all(&self.db)
            .await?;
        Ok(Some((c, contacts.into_iter().map(Into::into).collect())))
    }

    /// One page of the companies the caller can see, by reading.
    pub async fn companies(
        &self,
        scope: &ListScope,
        query: &CompanyQuery,
        page: PageRequest,
    ) -> Result<Page<CompanyRecord>> {
        let Some(visible) = visible(self, scope).await? else {
            return Ok(page.empty());
        };
        let mut q = company::Entity::find()
            .filter(visible)
            .filter(company::Column::MergedInto.is_null());
        if let Some(c) = &query.city {
            q = q.filter(company::Column::HomeCity.eq(c.to_string()));
        }
        if let Some(t) = query.company_type {
            q = q.filter(company::Column::CompanyType.eq(t.code()));
        }
        if let Some(text) = query
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            let key = name_key(text);
            let kana = renkei_domain::text::fold(text);
            let mut any = Condition::any()
                .add(company::Column::NameKana.like(containing(&kana)))
                .add(company::Column::CorporateNumber.eq(kana.as_str()));
            if !key.is_empty() {
                any = any.add(company::Column::NameKey.like(containing(&key)));
            }
            q = q.filter(any);
        }
        let q = q
            .order_by_asc(company::Column::NameKana)
            .order_by_asc(company::Column::Id);
        let p = page.fetch(q, &self.db).await?;
        Ok(page.of(readable(p.items), p.total))
    }

    /// Changes a company, checked against the version the caller read.
    pub async fn update_company(
        &self,
        id: CompanyId,
        version: i64,
        c: &Company,
        actor: &Actor,
    ) -> Result<CompanyRecord> {
        let txn = self.begin_audited(actor).await?;
        let before = read_company(&txn, id).await?;
        if before.version != version {
            return Err(StoreError::Conflict);
        }
        let mut m = active_model(c);
        m.id = Set(id.0);
        m.version = Set(version + 1);
        m.updated_at = Set(Utc::now());
        let updated = company::Entity::update_many()
            .set(m)
            .filter(company::Column::Id.eq(id))
            .filter(company::Column::Version.eq(version))
            .exec(&txn)
            .await?
            .rows_affected;
        if updated != 1 {
            return Err(StoreError::Conflict);
        }
        let after = read_company(&txn, id).await?;
        txn.record_change("company.update", Some(&before), &after)
            .await?;
        txn.commit().await?;
        Ok(after)
    }

    /// Imports companies (already checked, every row) in one transaction: all of them or, if
    /// anything fails or the process stops midway, none. Each company has its audit line.
    /// `progress` is told how many are written, every 1,000 and at the end.
    pub async fn import_companies(
        &self,
        rows: &[(Company, Option<Contact>)],
        actor: &Actor,
        progress: impl Fn(usize),
    ) -> Result<usize> {
        self.import_rows(actor, rows, progress, async |txn, (company, contact)| {
            insert_company(txn, company, contact.as_slice()).await
        })
        .await
    }

    /// The designated city a cell names: its code, or its name with or without 市.
    pub fn city_named(&self, value: &str) -> Option<CityCode> {
        let v = renkei_domain::text::fold(value);
        self.cities()
            .iter()
            .find(|c| c.code.to_string() == v || c.name == v || c.name.trim_end_matches('市') == v)
            .map(|c| c.code)
    }

    /// Merges the company `from` into `into` (both of one city, the caller has checked it may
    /// change both): its products, contacts, voices and the accounts of its people move to
    /// `into`; `from` stays, marked as merged into `into`, with its own audit history. One
    /// transaction, recorded under both companies.
    pub async fn merge_companies(
        &self,
        from: CompanyId,
        into: CompanyId,
        actor: &Actor,
    ) -> Result<CompanyRecord> {
        use crate::entity::{company_voice, product, referral, user_role};
        if from == into {
            return Err(StoreError::Conflict);
        }
        let txn = self.begin_audited(actor).await?;
        let before = read_company(&txn, from).await?;
        let keeper = read_company(&txn, into).await?;
        if before.merged_into.is_some() || keeper.merged_into.is_some() {
            return Err(StoreError::Conflict);
        }
        repoint::<product::Entity>(&txn, product::Column::CompanyId, from, into).await?;
        repoint::<company_contact::Entity>(&txn, company_contact::Column::CompanyId, from, into)
            .await?;
        repoint::<company_voice::Entity>(&txn, company_voice::Column::CompanyId, from, into)
            .await?;
        repoint::<referral::Entity>(&txn, referral::Column::CompanyId, from, into).await?;
        user_role::Entity::update_many()
            .col_expr(user_role::Column::ScopeId, Expr::value(into))
            .filter(user_role::Column::Role.eq("company-user"))
            .filter(user_role::Column::ScopeId.eq(from))
            .exec(&txn)
            .await?;
        company::Entity::update_many()
            .col_expr(company::Column::MergedInto, Expr::value(into))
            .col_expr(company::Column::Version, Expr::value(before.version + 1))
            .col_expr(company::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(company::Column::Id.eq(from))
            .exec(&txn)
            .await?;
        let after = read_company(&txn, from).await?;
        for (object, b, a) in [
            (from, Some(&before), Some(&after)),
            (into, None, Some(&keeper)),
        ] {
            let change = Change {
                action: "company.merge",
                city: Some(&keeper.home_city),
                object_type: "company",
                object_id: object.to_string(),
                before: b,
                after: a,
            };
            txn.record(change).await?;
        }
        txn.commit().await?;
        Ok(keeper)
    }

    /// Adds a contact to a company.
    pub async fn add_contact(
        &self,
        company: &CompanyRecord,
        c: &Contact,
        actor: &Actor,
    ) -> Result<ContactRecord> {
        let txn = self.begin_audited(actor).await?;
        let record: ContactRecord = company_contact::ActiveModel {
            company_id: Set(company.id.0),
            name: Set(c.name.clone()),
            role: Set(c.role.clone()),
            email: Set(c.email.clone()),
            phone: Set(c.phone.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?
        .into();
        let change = Change {
            action: "company.contact-add",
            city: Some(&company.home_city),
            object_type: "company",
            object_id: company.id.to_string(),
            before: None,
            after: Some(&record),
        };
        txn.commit_with(change).await?;
        Ok(record)
    }

    /// Removes a contact of a company (one of another company is not found).
    pub async fn remove_contact(
        &self,
        company: &CompanyRecord,
        contact: i64,
        actor: &Actor,
    ) -> Result<()> {
        let txn = self.begin_audited(actor).await?;
        let before: ContactRecord = company_contact::Entity::find_by_id(contact)
            .filter(company_contact::Column::CompanyId.eq(company.id))
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?
            .into();
        company_contact::Entity::delete_by_id(contact)
            .exec(&txn)
            .await?;
        let change = Change {
            action: "company.contact-remove",
            city: Some(&company.home_city),
            object_type: "company",
            object_id: company.id.to_string(),
            before: Some(&before),
            after: None,
        };
        txn.commit_with(change).await?;
        Ok(())
    }

    /// Other companies of the same city that look like `c` (same matching key or corporate
    /// number): the candidates to merge it with.
    pub async fn duplicates_of(&self, c: &CompanyRecord) -> Result<Vec<CompanyRecord>> {
        let others = Condition::all()
            .add(company::Column::HomeCity.eq(c.home_city.to_string()))
            .add(company::Column::Id.ne(c.id));
        let number = c.corporate_number.as_ref().map(|n| n.as_str());
        look_alikes(&self.db, &c.name_key, number, others).await
    }

    /// The companies (not merged) of some cities, or of all, to find the owners of imported
    /// products.
    pub async fn company_index(&self, cities: Option<&[CityCode]>) -> Result<CompanyIndex> {
        let mut q = company::Entity::find().filter(company::Column::MergedInto.is_null());
        if let Some(cs) = cities {
            q = q.filter(company::Column::HomeCity.is_in(cs.iter().map(|c| c.to_string())));
        }
        let mut index = CompanyIndex::default();
        for c in readable::<_, CompanyRecord>(q.all(&self.db).await?) {
            if let Some(n) = &c.corporate_number {
                index.by_number.insert(n.as_str().to_owned(), c.clone());
            }
            index.by_key.entry(c.name_key.clone()).or_default().push(c);
        }
        Ok(index)
    }
}

/// Companies by corporate number and by matching key, to resolve the company column of an
/// import.
#[derive(Debug, Default)]
pub struct CompanyIndex {
    by_number: HashMap<String, CompanyRecord>,
    by_key: HashMap<String, Vec<CompanyRecord>>,
}

impl CompanyIndex {
    /// The company a cell names: a corporate number, or a name however it is written.
    pub fn resolve(&self, value: &str) -> std::result::Result<CompanyRecord, renkei_domain::Text> {
        use renkei_domain::Text;
        if value.trim().is_empty() {
            return Err(Text::new("企業を入れてください。", "Give the company."));
        }
        if let Ok(n) = renkei_domain::company::CorporateNumber::parse(value) {
            return self.by_number.get(n.as_str()).cloned().ok_or(Text::new(
                "この法人番号の企業は登録されていません（または取り込める市の企業ではありません）。",
                "No company you may import into has this corporate number.",
            ));
        }
        match self.by_key.get(&name_key(value)).map(Vec::as_slice) {
            Some([one]) => Ok(one.clone()),
            Some([_, _, ..]) => Err(Text::new(
                "同じ名前の企業が複数あります。法人番号で指定してください。",
                "Several companies have this name. Give the corporate number.",
            )),
            _ => Err(Text::new(
                "この名前の企業は登録されていません。先に企業を登録してください。",
                "No company of this name is registered. Register it first.",
            )),
        }
    }
}
