//! A 商談会 and an event's survey in the JSON API, under the same checks as their pages: the
//! organising cities read the matchmaking (set-up, participants, requests, the schedule with
//! each meeting's outcomes) and the survey's answers; a participating company reads its own
//! agenda. Writes stay on the pages for now.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use chrono::{DateTime, Utc};
use renkei_app::events::meetings;
use renkei_domain::access::Action;
use renkei_domain::event::Kind;
use renkei_store::{EventId, MeetingSetupRecord, OutcomeRecord, ParticipantRecord, SurveyRecord};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, ErrorEnvelope};

use super::edit::load;

/// A 商談会's set-up.
#[derive(Debug, Serialize, ToSchema)]
pub struct SetupDto {
    pub slots: i32,
    pub slot_minutes: i32,
    pub first_slot_at: DateTime<Utc>,
    pub tables: i32,
    /// `opt_in` (the other side accepts) or `organiser` (the organiser arranges).
    pub mode: String,
    /// Months after the event when each meeting's outcome is asked again.
    pub follow_up_months: i32,
    /// The agenda is final (otherwise preliminary).
    pub final_agenda: bool,
    pub scheduled_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl From<&MeetingSetupRecord> for SetupDto {
    fn from(s: &MeetingSetupRecord) -> Self {
        SetupDto {
            slots: s.slots,
            slot_minutes: s.slot_minutes,
            first_slot_at: s.first_slot_at,
            tables: s.tables,
            mode: s.mode.code().into(),
            follow_up_months: s.follow_up_months,
            final_agenda: s.final_agenda,
            scheduled_at: s.scheduled_at,
            version: s.version,
        }
    }
}

/// A buyer or a seller with their profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantDto {
    pub id: i64,
    /// `buyer` or `seller`.
    pub side: String,
    pub company: Option<i64>,
    /// A sales-channel target taking part as a buyer.
    pub sales_target: Option<i64>,
    #[schema(example = "医療商社A")]
    pub name: String,
    pub profile: String,
    pub max_meetings: i32,
    /// Per slot: free to meet.
    pub available: Vec<bool>,
    pub products: Vec<i64>,
}

impl From<&ParticipantRecord> for ParticipantDto {
    fn from(p: &ParticipantRecord) -> Self {
        ParticipantDto {
            id: p.id.0,
            side: p.side.code().into(),
            company: p.company_id.map(|c| c.0),
            sales_target: p.sales_target_id,
            name: p.name.clone(),
            profile: p.profile.clone(),
            max_meetings: p.max_meetings,
            available: p.available.clone(),
            products: p.products.clone(),
        }
    }
}

/// A meeting request.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingRequestDto {
    pub id: i64,
    pub buyer: i64,
    pub seller: i64,
    /// `buyer`, `seller` or `organiser`.
    pub requested_by: String,
    /// 1 (low) to 3 (high).
    pub priority: i32,
    /// `requested`, `accepted`, `declined` or `withdrawn`.
    pub state: String,
    pub state_since: DateTime<Utc>,
    pub version: i64,
}

/// A meeting's outcome as one party (or the organiser) gave it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutcomeDto {
    /// `right_after` or `later` (some months after).
    pub asked: String,
    /// `no_contact`, `discussion`, `trial` or `deal` (商談成立).
    pub outcome: String,
    /// `buyer`, `seller` or `organiser`.
    pub given_by: String,
    pub note: String,
    pub at: DateTime<Utc>,
}

impl From<&OutcomeRecord> for OutcomeDto {
    fn from(o: &OutcomeRecord) -> Self {
        OutcomeDto {
            asked: o.asked.code().into(),
            outcome: o.outcome.code().into(),
            given_by: o.given_by.clone(),
            note: o.note.clone(),
            at: o.at,
        }
    }
}

/// A placed meeting: its request, slot and table, and the outcomes given so far.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingDto {
    pub request: i64,
    /// From 0.
    pub slot: i32,
    /// From 0 (the pages show it from 1).
    pub table: i32,
    /// Placed by hand: the scheduler keeps it.
    pub locked: bool,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub outcomes: Vec<OutcomeDto>,
}

/// A 商談会's matchmaking as its organiser sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchmakingDto {
    /// None until the organiser sets the slots and tables.
    pub setup: Option<SetupDto>,
    pub participants: Vec<ParticipantDto>,
    pub requests: Vec<MeetingRequestDto>,
    /// By slot and table.
    pub meetings: Vec<MeetingDto>,
}

/// A 商談会's matchmaking: set-up, participants, requests and the schedule with outcomes.
/// The organising cities' record; another kind of event is not found.
#[utoipa::path(get, path = "/api/v1/cities/{city}/events/{id}/meetings", tag = "events",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002"), ("id" = i64, Path)),
    responses((status = 200, body = MatchmakingDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn matchmaking(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, EventId)>,
) -> Result<Json<MatchmakingDto>, AppError> {
    let (_, e) = load(&state, &viewer, Action::Read, &city, id).await?;
    if e.kind != Kind::BusinessMeeting {
        return Err(AppError::NotFound);
    }
    let store = &state.store;
    let setup = store.meeting_setup(e.id).await?;
    let mut outcomes: HashMap<i64, Vec<OutcomeDto>> = HashMap::new();
    for o in store.meeting_outcomes(e.id).await? {
        outcomes
            .entry(o.request_id.0)
            .or_default()
            .push(OutcomeDto::from(&o));
    }
    let mut placed = store.meetings(e.id).await?;
    placed.sort_by_key(|m| (m.slot, m.table_no));
    let meetings = match &setup {
        Some(s) => {
            let rules = s.setup();
            placed
                .iter()
                .map(|m| MeetingDto {
                    request: m.request_id.0,
                    slot: m.slot,
                    table: m.table_no,
                    locked: m.locked,
                    starts_at: rules.slot_start(m.slot),
                    ends_at: rules.slot_end(m.slot),
                    outcomes: outcomes.remove(&m.request_id.0).unwrap_or_default(),
                })
                .collect()
        }
        None => Vec::new(),
    };
    let requests = store
        .meeting_requests(e.id)
        .await?
        .into_iter()
        .map(|r| MeetingRequestDto {
            id: r.id.0,
            buyer: r.buyer_id.0,
            seller: r.seller_id.0,
            requested_by: r.requested_by,
            priority: r.priority,
            state: r.state.code().into(),
            state_since: r.state_since,
            version: r.version,
        })
        .collect();
    let participants = store.meeting_participants(e.id).await?;
    Ok(Json(MatchmakingDto {
        setup: setup.as_ref().map(SetupDto::from),
        participants: participants.iter().map(ParticipantDto::from).collect(),
        requests,
        meetings,
    }))
}

/// A meeting on a participant's agenda.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaItemDto {
    pub request: i64,
    pub slot: i32,
    /// From 0 (the pages show it from 1).
    pub table: i32,
    pub locked: bool,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The other side.
    pub with: ParticipantDto,
}

/// A participant's agenda.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaDto {
    /// The caller's company as a participant.
    pub participant: ParticipantDto,
    /// Final (otherwise preliminary: it may still change).
    pub final_agenda: bool,
    pub items: Vec<AgendaItemDto>,
}

/// The signed-in company user's agenda at a 商談会 their company takes part in.
#[utoipa::path(get, path = "/api/v1/events/{id}/meetings/agenda", tag = "events",
    security(("api_token" = []), ("session" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = AgendaDto), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn agenda(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<EventId>,
) -> Result<Json<AgendaDto>, AppError> {
    let c = super::meetings::ctx(&state, &viewer, id).await?;
    let me = c.me.as_ref().ok_or(AppError::NotFound)?;
    let items = meetings::agenda(&state.app, &c.e, &c.setup, me).await?;
    Ok(Json(AgendaDto {
        participant: ParticipantDto::from(me),
        final_agenda: c.setup.final_agenda,
        items: items
            .iter()
            .map(|i| AgendaItemDto {
                request: i.request.id.0,
                slot: i.slot,
                table: i.table_no,
                locked: i.locked,
                starts_at: i.start,
                ends_at: i.end,
                with: ParticipantDto::from(&i.with),
            })
            .collect(),
    }))
}

/// An attendee's survey.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyAnswerDto {
    pub registration: i64,
    pub mailed_at: Option<DateTime<Utc>>,
    /// None until answered.
    pub answered_at: Option<DateTime<Utc>>,
    /// 1 to 5.
    pub satisfaction: Option<u8>,
    /// What was useful, in the attendee's words.
    pub useful: String,
    /// The company's stage (1–8) when it answered.
    pub stage: Option<u8>,
    /// The topic's code (as company voices).
    pub topic: Option<String>,
    /// The company voice the answer became.
    pub voice: Option<i64>,
}

impl From<&SurveyRecord> for SurveyAnswerDto {
    fn from(s: &SurveyRecord) -> Self {
        SurveyAnswerDto {
            registration: s.registration_id.0,
            mailed_at: s.mailed_at,
            answered_at: s.answered_at,
            satisfaction: s.satisfaction,
            useful: s.useful.clone(),
            stage: s.stage.map(|s| s.number()),
            topic: s.topic.map(|t| t.code().to_owned()),
            voice: s.voice_id,
        }
    }
}

/// An event's survey: how many were asked and answered, the mean satisfaction, each answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SurveyDto {
    /// Surveys mailed (to those who attended).
    pub mailed: usize,
    pub answered: usize,
    /// Mean of the answers' satisfaction (1–5), none before the first answer.
    pub mean_satisfaction: Option<f64>,
    pub answers: Vec<SurveyAnswerDto>,
}

impl SurveyDto {
    pub(super) fn of(list: &[SurveyRecord]) -> Self {
        let scores: Vec<f64> = list
            .iter()
            .filter_map(|s| s.satisfaction.map(f64::from))
            .collect();
        #[allow(clippy::cast_precision_loss)]
        let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
        SurveyDto {
            mailed: list.iter().filter(|s| s.mailed_at.is_some()).count(),
            answered: list.iter().filter(|s| s.answered_at.is_some()).count(),
            mean_satisfaction: mean.map(|m| (m * 100.0).round() / 100.0),
            answers: list.iter().map(SurveyAnswerDto::from).collect(),
        }
    }
}

/// The survey after an event: the organising cities' record.
#[utoipa::path(get, path = "/api/v1/cities/{city}/events/{id}/survey", tag = "events",
    security(("api_token" = []), ("session" = [])),
    params(("city" = String, Path, example = "121002"), ("id" = i64, Path)),
    responses((status = 200, body = SurveyDto), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub(super) async fn survey(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, EventId)>,
) -> Result<Json<SurveyDto>, AppError> {
    let (_, e) = load(&state, &viewer, Action::Read, &city, id).await?;
    let list = state.store.event_surveys(e.id).await?;
    Ok(Json(SurveyDto::of(&list)))
}
