//! Research groups in the JSON API, read under the same checks as their pages: a city's
//! groups (its records), and a group with its members and meetings (its cities' staff and
//! coordinators, its member companies' people).

use axum::Json;
use axum::extract::{Path, State};
use chrono::NaiveDate;
use renkei_app::research_groups::{self, Group};
use renkei_domain::access::{Action, Resource};
use renkei_store::{GroupMeetingRecord, MemberRecord, ResearchGroupId, ResearchGroupRecord};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};
use crate::shared::city::city_code;

/// A research group (研究会).
#[derive(Debug, Serialize, ToSchema)]
pub struct ResearchGroupDto {
    pub id: i64,
    /// The lead city, then its partners.
    #[schema(example = json!(["111007"]))]
    pub cities: Vec<String>,
    pub name: String,
    /// `medical-device`, `welfare`, `health`, `ict` or `other`.
    pub field: String,
    pub description: String,
    pub founded_on: Option<NaiveDate>,
    pub active: bool,
    pub version: i64,
}

impl From<ResearchGroupRecord> for ResearchGroupDto {
    fn from(g: ResearchGroupRecord) -> Self {
        ResearchGroupDto {
            id: g.id.0,
            cities: g.cities.iter().map(ToString::to_string).collect(),
            name: g.name,
            field: g.field.code().into(),
            description: g.description,
            founded_on: g.founded_on,
            active: g.active,
            version: g.version,
        }
    }
}

/// A member of a group.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberDto {
    pub id: i64,
    /// `company`, `university`, `hospital`, `coordinator` or `other`.
    pub kind: String,
    pub company: Option<i64>,
    pub name: String,
    pub note: String,
    pub joined_on: NaiveDate,
    /// None while it belongs.
    pub left_on: Option<NaiveDate>,
}

impl From<MemberRecord> for MemberDto {
    fn from(m: MemberRecord) -> Self {
        MemberDto {
            id: m.id.0,
            kind: m.kind.code().into(),
            company: m.company_id.map(|c| c.0),
            name: m.name,
            note: m.note,
            joined_on: m.joined_on,
            left_on: m.left_on,
        }
    }
}

/// A meeting of a group.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupMeetingDto {
    pub id: i64,
    pub held_on: NaiveDate,
    pub title: String,
    pub place: String,
    pub event: Option<i64>,
    pub minutes: String,
    /// The members who attended (their ids).
    pub attendees: Vec<i64>,
}

impl From<GroupMeetingRecord> for GroupMeetingDto {
    fn from(m: GroupMeetingRecord) -> Self {
        GroupMeetingDto {
            id: m.id.0,
            held_on: m.held_on,
            title: m.title,
            place: m.place,
            event: m.event_id,
            minutes: m.minutes,
            attendees: m.attendees,
        }
    }
}

/// A group with its members (past ones too) and meetings (the latest first).
#[derive(Debug, Serialize, ToSchema)]
pub struct ResearchGroupWithMembersDto {
    pub group: ResearchGroupDto,
    pub members: Vec<MemberDto>,
    pub meetings: Vec<GroupMeetingDto>,
}

/// The research groups a city runs, alone or with others.
#[utoipa::path(get, path = "/api/v1/cities/{city}/research-groups", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "111007")),
    responses((status = 200, body = Vec<ResearchGroupDto>), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(city): Path<String>,
) -> Result<Json<Vec<ResearchGroupDto>>, AppError> {
    let code = city_code(&city)?;
    let resource = Resource::CityRecord {
        owner: &code,
        shared_with: &[],
    };
    viewer.require(Action::Read, resource).await?;
    let groups = state.store.research_groups_of(&code).await?;
    Ok(Json(groups.into_iter().map(Into::into).collect()))
}

/// A research group with its members and meetings.
#[utoipa::path(get, path = "/api/v1/research-groups/{id}", tag = "consultations",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = ResearchGroupWithMembersDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn get_group(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<ResearchGroupId>,
) -> Result<Json<ResearchGroupWithMembersDto>, AppError> {
    let g = research_groups::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let meetings = state.store.research_group_meetings(id).await?;
    let Group { record, members } = g.into_inner();
    Ok(Json(ResearchGroupWithMembersDto {
        group: record.into(),
        members: members.into_iter().map(Into::into).collect(),
        meetings: meetings.into_iter().map(Into::into).collect(),
    }))
}
