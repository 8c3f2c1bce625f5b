//! A research group's meetings (minutes, who attended, the event it was) and its documents
//! (kept in the database; listed without their content, read one at a time), with the
//! group's audit lines.

use chrono::{DateTime, NaiveDate, Utc};
use renkei_domain::research_group::NewMeeting;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::{ResearchGroupId, ResearchGroupRecord, change};
use crate::audit::Actor;
use crate::entity::research_group_document as document;
use crate::entity::research_group_meeting as meeting;
use crate::kernel::busy;
use crate::{Result, Store, StoreError, Tx};

crate::records::id_type!(
    /// A research group meeting's id.
    GroupMeetingId
);

/// A meeting of a group, at one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupMeetingRecord {
    pub id: GroupMeetingId,
    pub group_id: ResearchGroupId,
    pub held_on: NaiveDate,
    pub title: String,
    pub place: String,
    pub event_id: Option<i64>,
    pub minutes: String,
    /// The members who attended (their ids).
    pub attendees: Vec<i64>,
    /// The attending members whose attendance was counted as support (their ids).
    pub supported: Vec<i64>,
    pub actor_label: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<meeting::Model> for GroupMeetingRecord {
    fn from(m: meeting::Model) -> Self {
        GroupMeetingRecord {
            id: GroupMeetingId(m.id),
            group_id: ResearchGroupId(m.group_id),
            held_on: m.held_on,
            title: m.title,
            place: m.place,
            event_id: m.event_id,
            minutes: m.minutes,
            attendees: ids(&m.attendees),
            supported: ids(&m.supported),
            actor_label: m.actor_label,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

fn ids(joined: &str) -> Vec<i64> {
    joined.split(',').filter_map(|a| a.parse().ok()).collect()
}

fn joined(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// A document of a group, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupDocument {
    pub id: i64,
    pub group_id: ResearchGroupId,
    pub meeting_id: Option<GroupMeetingId>,
    pub file_name: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub actor_label: String,
    pub created_at: DateTime<Utc>,
}

type InfoRow = (
    i64,
    i64,
    Option<i64>,
    String,
    String,
    i64,
    String,
    DateTime<Utc>,
);

fn info((id, group, meeting, file_name, media_type, size, actor, at): InfoRow) -> GroupDocument {
    GroupDocument {
        id,
        group_id: ResearchGroupId(group),
        meeting_id: meeting.map(GroupMeetingId),
        file_name,
        media_type,
        size_bytes: size,
        actor_label: actor,
        created_at: at,
    }
}

impl From<document::Model> for GroupDocument {
    fn from(m: document::Model) -> Self {
        let row = (
            m.id,
            m.group_id,
            m.meeting_id,
            m.file_name,
            m.media_type,
            m.size_bytes,
            m.actor_label,
            m.created_at,
        );
        info(row)
    }
}

impl Store {
    /// A group's meetings, the latest first.
    pub async fn research_group_meetings(
        &self,
        id: ResearchGroupId,
    ) -> Result<Vec<GroupMeetingRecord>> {
        let rows = meeting::Entity::find()
            .filter(meeting::Column::GroupId.eq(id.0))
            .order_by_desc(meeting::Column::HeldOn)
            .order_by_desc(meeting::Column::Id)
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(GroupMeetingRecord::from).collect())
    }

    /// A meeting, whoever asks (the caller asks the policy of its group).
    pub async fn research_group_meeting(&self, id: GroupMeetingId) -> Result<GroupMeetingRecord> {
        let row = meeting::Entity::find_by_id(id.0)
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(row.into())
    }

    /// Records a meeting of a group, with the group's audit line, in the caller's
    /// transaction (which also writes what the attendance counts as).
    pub async fn insert_research_group_meeting(
        &self,
        tx: &Tx,
        g: &ResearchGroupRecord,
        m: &NewMeeting,
        actor: &Actor,
    ) -> Result<GroupMeetingRecord> {
        let now = Utc::now();
        let row = meeting::ActiveModel {
            group_id: Set(g.id.0),
            held_on: Set(m.held_on),
            title: Set(m.title.clone()),
            place: Set(m.place.clone()),
            event_id: Set(m.event),
            minutes: Set(m.minutes.clone()),
            attendees: Set(joined(&m.attendees)),
            supported: Set(String::new()),
            actor_label: Set(actor.label.clone()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(tx.conn())
        .await?;
        let record = GroupMeetingRecord::from(row);
        let line = change("research_group.meeting.create", g, (None, &record));
        tx.record(actor, line).await?;
        Ok(record)
    }

    /// Changes a meeting (its minutes, who attended …) from the version the person saw
    /// ([`StoreError::Conflict`] if someone else changed it first), with the group's audit
    /// line, in the caller's transaction.
    pub async fn update_research_group_meeting(
        &self,
        tx: &Tx,
        g: &ResearchGroupRecord,
        (before, seen_version): (&GroupMeetingRecord, i64),
        m: &NewMeeting,
        actor: &Actor,
    ) -> Result<GroupMeetingRecord> {
        let changed = meeting::Entity::update_many()
            .col_expr(meeting::Column::HeldOn, Expr::value(m.held_on))
            .col_expr(meeting::Column::Title, Expr::value(m.title.clone()))
            .col_expr(meeting::Column::Place, Expr::value(m.place.clone()))
            .col_expr(meeting::Column::EventId, Expr::value(m.event))
            .col_expr(meeting::Column::Minutes, Expr::value(m.minutes.clone()))
            .col_expr(
                meeting::Column::Attendees,
                Expr::value(joined(&m.attendees)),
            )
            .col_expr(meeting::Column::Version, Expr::value(seen_version + 1))
            .col_expr(meeting::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(meeting::Column::Id.eq(before.id.0))
            .filter(meeting::Column::GroupId.eq(g.id.0))
            .filter(meeting::Column::Version.eq(seen_version))
            .exec(tx.conn())
            .await
            .map_err(busy)?
            .rows_affected;
        if changed != 1 {
            return Err(StoreError::Conflict);
        }
        let row = meeting::Entity::find_by_id(before.id.0)
            .one(tx.conn())
            .await?
            .ok_or(StoreError::NotFound)?;
        let after = GroupMeetingRecord::from(row);
        let line = change("research_group.meeting.update", g, (Some(before), &after));
        tx.record(actor, line).await?;
        Ok(after)
    }

    /// Notes, in the caller's transaction, that these members' attendance of a meeting was
    /// counted as support (with those noted before).
    pub async fn mark_attendance_supported(
        &self,
        tx: &Tx,
        meeting: &GroupMeetingRecord,
        members: &[i64],
    ) -> Result<()> {
        let mut all = meeting.supported.clone();
        all.extend(members.iter().filter(|m| !meeting.supported.contains(m)));
        meeting::Entity::update_many()
            .col_expr(meeting::Column::Supported, Expr::value(joined(&all)))
            .filter(meeting::Column::Id.eq(meeting.id.0))
            .exec(tx.conn())
            .await
            .map_err(busy)?;
        Ok(())
    }

    /// A group's documents, without their content, the latest first.
    pub async fn research_group_documents(
        &self,
        id: ResearchGroupId,
    ) -> Result<Vec<GroupDocument>> {
        use document::Column as C;
        let rows: Vec<InfoRow> = document::Entity::find()
            .select_only()
            .columns([
                C::Id,
                C::GroupId,
                C::MeetingId,
                C::FileName,
                C::MediaType,
                C::SizeBytes,
                C::ActorLabel,
                C::CreatedAt,
            ])
            .filter(C::GroupId.eq(id.0))
            .order_by_desc(C::CreatedAt)
            .order_by_desc(C::Id)
            .into_tuple()
            .all(&self.db)
            .await?;
        Ok(rows.into_iter().map(info).collect())
    }

    /// Keeps a document of a group (of one of its meetings, if given), with the group's
    /// audit line (naming the file, not holding it).
    pub async fn insert_research_group_document(
        &self,
        g: &ResearchGroupRecord,
        meeting: Option<GroupMeetingId>,
        (file_name, media_type, content): (&str, &str, Vec<u8>),
        actor: &Actor,
    ) -> Result<GroupDocument> {
        let txn = self.begin_audited(actor).await?;
        let size = content.len() as i64;
        let row = document::ActiveModel {
            group_id: Set(g.id.0),
            meeting_id: Set(meeting.map(|m| m.0)),
            file_name: Set(file_name.to_owned()),
            media_type: Set(media_type.to_owned()),
            size_bytes: Set(size),
            content: Set(content),
            actor_label: Set(actor.label.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let record = GroupDocument::from(row);
        txn.commit_with(change("research_group.document.create", g, (None, &record)))
            .await?;
        Ok(record)
    }

    /// A group's document with its content; [`StoreError::NotFound`] if it is not the
    /// group's.
    pub async fn research_group_document(
        &self,
        group: ResearchGroupId,
        id: i64,
    ) -> Result<(GroupDocument, Vec<u8>)> {
        let mut row = document::Entity::find_by_id(id)
            .filter(document::Column::GroupId.eq(group.0))
            .one(&self.db)
            .await?
            .ok_or(StoreError::NotFound)?;
        let content = std::mem::take(&mut row.content);
        Ok((GroupDocument::from(row), content))
    }
}
