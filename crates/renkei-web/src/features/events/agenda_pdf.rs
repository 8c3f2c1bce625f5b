//! A 商談会 participant's agenda as a PDF (typeset by `renkei_pdf`, Japanese fonts
//! embedded): for the participant from their agenda page, and for the organiser from each
//! participant's agenda. The same meetings, times and tables as the page; the event's date
//! in 和暦 for a Japanese reader.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use renkei_app::events::meetings;
use renkei_domain::Lang;
use renkei_store::{EventId, EventRecord, MeetingSetupRecord, ParticipantRecord};

use crate::AppState;
use crate::error::AppError;
use crate::shared::format::{in_jst, show_wareki, show_wareki_day};
use crate::shared::layout::tr;
use crate::shared::page::PageContext;

use super::meetings::{ctx, slot_label};
use super::meetings_organiser::organiser_participant;

/// A day as forms write it: `令和8年12月22日（火）`; `2026-12-22 (Tue)` in English.
fn day(lang: Lang, t: chrono::DateTime<chrono::Utc>) -> String {
    match lang {
        Lang::Ja => show_wareki_day(t),
        Lang::En => in_jst(t).format("%Y-%m-%d (%a)").to_string(),
    }
}

/// The event's date and hours as the document's second line.
fn dates(lang: Lang, e: &EventRecord) -> String {
    let (start, end) = (in_jst(e.starts_at), in_jst(e.ends_at));
    if start.date_naive() == end.date_naive() {
        format!(
            "{} {}–{}",
            day(lang, e.starts_at),
            start.format("%H:%M"),
            end.format("%H:%M")
        )
    } else {
        format!(
            "{} {} – {} {}",
            day(lang, e.starts_at),
            start.format("%H:%M"),
            day(lang, e.ends_at),
            end.format("%H:%M")
        )
    }
}

/// Typesets the participant's agenda and answers with the file.
async fn agenda_file(
    state: &AppState,
    lang: Lang,
    e: &EventRecord,
    setup: &MeetingSetupRecord,
    me: &ParticipantRecord,
) -> Result<Response, AppError> {
    let items = meetings::agenda(&state.app, e, setup, me).await?;
    let now = chrono::Utc::now();
    let doc = renkei_pdf::AgendaDocument {
        lang: lang.code(),
        heading: if setup.final_agenda {
            tr(lang, "商談スケジュール（確定）", "Meeting agenda (final)")
        } else {
            tr(
                lang,
                "商談スケジュール（仮）",
                "Meeting agenda (preliminary)",
            )
        }
        .to_owned(),
        event: e.title.clone(),
        venue: e.venue.clone(),
        participant: me.name.clone(),
        dates: dates(lang, e),
        issued: match lang {
            Lang::Ja => format!("{} {} 作成", show_wareki(now), in_jst(now).format("%H:%M")),
            Lang::En => format!("Made {}", in_jst(now).format("%Y-%m-%d %H:%M")),
        },
        columns: [
            tr(lang, "時間", "Time").to_owned(),
            tr(lang, "テーブル", "Table").to_owned(),
            tr(lang, "相手", "With").to_owned(),
            tr(lang, "プロフィール", "Profile").to_owned(),
        ],
        empty: tr(
            lang,
            "まだ商談は組まれていません。",
            "No meetings are scheduled yet.",
        )
        .to_owned(),
        lines: items
            .iter()
            .map(|i| renkei_pdf::AgendaLine {
                when: slot_label(setup, i.slot),
                table: (i.table_no + 1).to_string(),
                with: i.with.name.clone(),
                profile: i.with.profile.clone(),
            })
            .collect(),
    };
    let pdf = tokio::task::spawn_blocking(move || renkei_pdf::agenda(&doc))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"agenda-{}-{}.pdf\"", e.id, me.id.0),
            ),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response())
}

/// The participant's own agenda as a PDF.
pub async fn participant(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<EventId>,
) -> Result<Response, AppError> {
    let c = ctx(&state, &viewer, id).await?;
    let me = c.me.as_ref().ok_or(AppError::NotFound)?;
    agenda_file(&state, lang, &c.e, &c.setup, me).await
}

/// A participant's agenda as a PDF, for the organiser.
pub async fn organiser(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path((city, id, participant)): Path<(String, EventId, i64)>,
) -> Result<Response, AppError> {
    let (e, setup, me) = organiser_participant(&state, &viewer, &city, id, participant).await?;
    agenda_file(&state, lang, &e, &setup, &me).await
}
