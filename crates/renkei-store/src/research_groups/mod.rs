//! Research groups (研究会): a group and the cities running it, its members (joined and left
//! on a day), read and changed with their audit lines (a group's change from the version the
//! person saw, so that of two people editing at once one wins and the other is told). The
//! meetings and documents are in [`meetings`].

mod meetings;

pub use meetings::{GroupDocument, GroupMeetingId, GroupMeetingRecord};

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::city::CityCode;
use renkei_domain::research_group::{Field, MemberKind, NewGroup, NewMember};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

use crate::audit::{Actor, AuditedTx};
use crate::entity::research_group_member as member;
use crate::entity::{company, research_group as group, research_group_city as gcity};
use crate::kernel::{busy, duplicate_or_busy};
use crate::records::{CompanyId, Unreadable, code, known};
use crate::{Result, Store, StoreError};

crate::records::id_type!(
    /// A research group's id.
    ResearchGroupId
);
crate::records::id_type!(
    /// A research group member's id.
    MemberId
);

crate::records::coded!(Field, MemberKind);

/// A research group, at one version, with the cities running it (the lead first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResearchGroupRecord {
    pub id: ResearchGroupId,
    /// The lead city.
    pub city: CityCode,
    pub cities: Vec<CityCode>,
    pub name: String,
    #[serde(serialize_with = "code")]
    pub field: Field,
    pub description: String,
    pub founded_on: Option<NaiveDate>,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

crate::audited::audited!(ResearchGroupRecord, "research_group", city);

/// A member of a group: a company (its current name) or an organisation or person by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberRecord {
    pub id: MemberId,
    pub group_id: ResearchGroupId,
    #[serde(serialize_with = "code")]
    pub kind: MemberKind,
    pub company_id: Option<CompanyId>,
    pub name: String,
    pub note: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    pub actor_label: String,
    pub created_at: DateTime<Utc>,
}

impl MemberRecord {
    /// Whether the member belongs to the group (has not left).
    pub fn in_force(&self) -> bool {
        self.left_on.is_none()
    }
}

fn group_record(
    m: group::Model,
    mut cities: Vec<CityCode>,
) -> std::result::Result<ResearchGroupRecord, Unreadable> {
    let city = known("research_groups", m.id, "city_code", &m.city_code, |c| {
        CityCode::parse(c).ok()
    })?;
    let field = known("research_groups", m.id, "field", &m.field, Field::from_code)?;
    cities.retain(|c| *c != city);
    cities.sort();
    cities.insert(0, city);
    Ok(ResearchGroupRecord {
        id: ResearchGroupId(m.id),
        city,
        cities,
        name: m.name,
        field,
        description: m.description,
        founded_on: m.founded_on,
        active: m.active,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn member_record(
    m: member::Model,
    company_name: Option<String>,
) -> std::result::Result<MemberRecord, Unreadable> {
    let kind = known(
        "research_group_members",
        m.id,
        "kind",
        &m.kind,
        MemberKind::from_code,
    )?;
    Ok(MemberRecord {
        id: MemberId(m.id),
        group_id: ResearchGroupId(m.group_id),
        kind,
        company_id: m.company_id.map(CompanyId),
        name: company_name.unwrap_or(m.name),
        note: m.note,
        joined_on: m.joined_on,
        left_on: m.left_on,
        actor_label: m.actor_label,
        created_at: m.created_at,
    })
}

/// The cities of each of `ids`.
async fn cities_of(
    db: &impl sea_orm::ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<(i64, CityCode)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = gcity::Entity::find()
        .filter(gcity::Column::GroupId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| Some((r.group_id, CityCode::parse(&r.city_code).ok()?)))
        .collect())
}

/// Rows of groups with their cities, those unreadable left out and logged.
async fn groups_with_cities(
    db: &impl sea_orm::ConnectionTrait,
    rows: Vec<group::Model>,
) -> Result<Vec<ResearchGroupRecord>> {
    let ids: Vec<i64> = rows.iter().map(|g| g.id).collect();
    let cities = cities_of(db, &ids).await?;
    Ok(rows
        .into_iter()
        .filter_map(|g| {
            let of: Vec<CityCode> = cities
                .iter()
                .filter(|(id, _)| *id == g.id)
                .map(|(_, c)| *c)
                .collect();
            group_record(g, of).map_err(|u| u.warn()).ok()
        })
        .collect())
}

/// Writes the cities running a group: the lead and the partners, replacing those before.
async fn write_cities(
    txn: &AuditedTx<'_>,
    id: i64,
    lead: &CityCode,
    partners: &[CityCode],
) -> Result<()> {
    gcity::Entity::delete_many()
        .filter(gcity::Column::GroupId.eq(id))
        .exec(txn)
        .await?;
    let rows = std::iter::once(lead)
        .chain(partners.iter().filter(|c| *c != lead))
        .map(|c| gcity::ActiveModel {
            group_id: Set(id),
            city_code: Set(c.to_string()),
        });
    gcity::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

impl Store {
    /// The groups a city runs, alone or with others: those in activity first, then by name.
    pub async fn research_groups_of(&self, city: &CityCode) -> Result<Vec<ResearchGroupRecord>> {
        let ids: Vec<i64> = gcity::Entity::find()
            .filter(gcity::Column::CityCode.eq(city.to_string()))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|r| r.group_id)
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = group::Entity::find()
            .filter(group::Column::Id.is_in(ids))
            .order_by_desc(group::Column::Active)
            .order_by_asc(group::Column::Name)
            .order_by_asc(group::Column::Id)
            .all(&self.db)
            .await?;
        groups_with_cities(&self.db, rows).await
    }

    /// A group, whoever asks (the caller asks the policy with its cities and members).
    pub async fn research_group(&self, id: ResearchGroupId) -> Result<ResearchGroupRecord> {
        let row = group::Entity::find_by_id(id.0).one(&self.db).await?;
        let row = row.ok_or(StoreError::NotFound)?;
        groups_with_cities(&self.db, vec![row])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)
    }

    /// Makes a group led by `lead`, with its audit line.
    pub async fn insert_research_group(
        &self,
        lead: &CityCode,
        g: &NewGroup,
        actor: &Actor,
    ) -> Result<ResearchGroupRecord> {
        let txn = self.begin_audited(actor).await?;
        let now = Utc::now();
        let row = group::ActiveModel {
            city_code: Set(lead.to_string()),
            name: Set(g.name.clone()),
            field: Set(g.field.code().to_owned()),
            description: Set(g.description.clone()),
            founded_on: Set(g.founded_on),
            active: Set(g.active),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        write_cities(&txn, row.id, lead, &g.partners).await?;
        let mut cities = vec![*lead];
        cities.extend(g.partners.iter().copied());
        let record = group_record(row, cities).map_err(|_| StoreError::NotFound)?;
        txn.record_change("research_group.create", None, &record)
            .await?;
        txn.commit().await?;
        Ok(record)
    }

    /// Changes a group from the version the person saw ([`StoreError::Conflict`] if someone
    /// else changed it first), with its audit line. The lead city stays.
    pub async fn update_research_group(
        &self,
        before: &ResearchGroupRecord,
        seen_version: i64,
        g: &NewGroup,
        actor: &Actor,
    ) -> Result<ResearchGroupRecord> {
        let txn = self.begin_audited(actor).await?;
        let changed = group::Entity::update_many()
            .col_expr(group::Column::Name, Expr::value(g.name.clone()))
            .col_expr(group::Column::Field, Expr::value(g.field.code()))
            .col_expr(
                group::Column::Description,
                Expr::value(g.description.clone()),
            )
            .col_expr(group::Column::FoundedOn, Expr::value(g.founded_on))
            .col_expr(group::Column::Active, Expr::value(g.active))
            .col_expr(group::Column::Version, Expr::value(seen_version + 1))
            .col_expr(group::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(group::Column::Id.eq(before.id.0))
            .filter(group::Column::Version.eq(seen_version))
            .exec(&txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        write_cities(&txn, before.id.0, &before.city, &g.partners).await?;
        let row = group::Entity::find_by_id(before.id.0)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        let after = groups_with_cities(&txn, vec![row])
            .await?
            .pop()
            .ok_or(StoreError::NotFound)?;
        txn.record_change("research_group.update", Some(before), &after)
            .await?;
        txn.commit().await?;
        Ok(after)
    }

    /// A group's members, those in force first, each by the day it joined.
    pub async fn research_group_members(&self, id: ResearchGroupId) -> Result<Vec<MemberRecord>> {
        let rows = member::Entity::find()
            .filter(member::Column::GroupId.eq(id.0))
            .order_by_asc(member::Column::JoinedOn)
            .order_by_asc(member::Column::Id)
            .all(&self.db)
            .await?;
        let mut members = self.members_named(rows).await?;
        members.sort_by_key(|m| m.left_on.is_some());
        Ok(members)
    }

    /// Rows of members with their companies' current names.
    async fn members_named(&self, rows: Vec<member::Model>) -> Result<Vec<MemberRecord>> {
        let ids: Vec<i64> = rows.iter().filter_map(|m| m.company_id).collect();
        let names: Vec<(i64, String)> = if ids.is_empty() {
            Vec::new()
        } else {
            company::Entity::find()
                .filter(company::Column::Id.is_in(ids))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|c| (c.id, c.name))
                .collect()
        };
        Ok(rows
            .into_iter()
            .filter_map(|m| {
                let name = m
                    .company_id
                    .and_then(|id| names.iter().find(|(c, _)| *c == id))
                    .map(|(_, n)| n.clone());
                member_record(m, name).map_err(|u| u.warn()).ok()
            })
            .collect())
    }

    /// Adds a member, with the group's audit line. A company that already belongs to the
    /// group is [`StoreError::Duplicate`]`("company")`.
    pub async fn add_research_group_member(
        &self,
        g: &ResearchGroupRecord,
        m: &NewMember,
        actor: &Actor,
    ) -> Result<MemberRecord> {
        let txn = self.begin_audited(actor).await?;
        if let Some(company) = m.company {
            let already = member::Entity::find()
                .filter(member::Column::GroupId.eq(g.id.0))
                .filter(member::Column::CompanyId.eq(company))
                .filter(member::Column::LeftOn.is_null())
                .one(&txn)
                .await?;
            if already.is_some() {
                return Err(StoreError::Duplicate("company"));
            }
        }
        let row = member::ActiveModel {
            group_id: Set(g.id.0),
            kind: Set(m.kind.code().to_owned()),
            company_id: Set(m.company),
            name: Set(m.name.clone()),
            note: Set(m.note.clone()),
            joined_on: Set(m.joined_on),
            left_on: Set(None),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await
        // Another person added the same company at the same moment.
        .map_err(duplicate_or_busy("company"))?;
        let record = member_record(row, None).map_err(|_| StoreError::NotFound)?;
        txn.commit_with(change("research_group.member.join", g, (None, &record)))
            .await?;
        Ok(record)
    }

    /// Records the day a member left ([`StoreError::Conflict`] if it has left already), with
    /// the group's audit line.
    pub async fn end_research_group_membership(
        &self,
        g: &ResearchGroupRecord,
        before: &MemberRecord,
        left_on: NaiveDate,
        actor: &Actor,
    ) -> Result<MemberRecord> {
        let txn = self.begin_audited(actor).await?;
        let changed = member::Entity::update_many()
            .col_expr(member::Column::LeftOn, Expr::value(left_on))
            .filter(member::Column::Id.eq(before.id.0))
            .filter(member::Column::GroupId.eq(g.id.0))
            .filter(member::Column::LeftOn.is_null())
            .exec(&txn)
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let after = MemberRecord {
            left_on: Some(left_on),
            ..before.clone()
        };
        let line = change("research_group.member.leave", g, (Some(before), &after));
        txn.commit_with(line).await?;
        Ok(after)
    }

    /// The groups a company belongs or belonged to, with its membership in each: those in
    /// force first.
    pub async fn company_research_groups(
        &self,
        company: CompanyId,
    ) -> Result<Vec<(ResearchGroupRecord, MemberRecord)>> {
        let rows = member::Entity::find()
            .filter(member::Column::CompanyId.eq(company.0))
            .order_by_asc(member::Column::JoinedOn)
            .all(&self.db)
            .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = rows.iter().map(|m| m.group_id).collect();
        let groups = group::Entity::find()
            .filter(group::Column::Id.is_in(ids))
            .all(&self.db)
            .await?;
        let groups = groups_with_cities(&self.db, groups).await?;
        let members = self.members_named(rows).await?;
        let mut out: Vec<_> = members
            .into_iter()
            .filter_map(|m| {
                let g = groups.iter().find(|g| g.id == m.group_id)?;
                Some((g.clone(), m))
            })
            .collect();
        out.sort_by_key(|(_, m)| m.left_on.is_some());
        Ok(out)
    }
}

/// The audit line of a change to a group's membership, meeting or document: the group is
/// the object, the changed part before and after.
pub(super) fn change<'a, T: Serialize>(
    action: &'static str,
    g: &'a ResearchGroupRecord,
    (before, after): (Option<&'a T>, &'a T),
) -> crate::audit::Change<'a, T> {
    crate::audit::Change {
        action,
        city: Some(&g.city),
        object_type: "research_group",
        object_id: g.id.to_string(),
        before,
        after: Some(after),
    }
}
