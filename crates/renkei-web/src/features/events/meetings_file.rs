//! A 商談会's schedule as a file for its organiser (`/cities/{city}/events/{id}/meetings.csv`,
//! `.xlsx`): one row per meeting, by slot and table, with the buyer, the seller, whether it
//! was placed by hand, and the latest outcome asked right after it and months later.

use std::collections::HashMap;

use axum::extract::Path;
use axum::response::Response;
use renkei_domain::access::Action;
use renkei_domain::event::Kind;
use renkei_domain::event::meeting::Asked;
use renkei_store::{EventId, ParticipantId};

use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::shared::layout::tr;
use crate::shared::page::PageContext;

use super::edit::load;
use super::meetings::slot_label;

pub async fn schedule_file(
    PageContext(state, lang, uri, viewer): PageContext,
    Path((city, id)): Path<(String, EventId)>,
) -> Result<Response, AppError> {
    let (_, e) = load(&state, &viewer, Action::Read, &city, id).await?;
    if e.kind != Kind::BusinessMeeting {
        return Err(AppError::NotFound);
    }
    let store = &state.store;
    let setup = store.meeting_setup(e.id).await?.ok_or(AppError::NotFound)?;
    let names: HashMap<ParticipantId, String> = store
        .meeting_participants(e.id)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let requests: HashMap<_, _> = store
        .meeting_requests(e.id)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    // The latest outcome of each meeting at each asking (they come in the order given).
    let mut outcomes = HashMap::new();
    for o in store.meeting_outcomes(e.id).await? {
        outcomes.insert((o.request_id, o.asked), o.outcome.name().get(lang));
    }
    let mut placed = store.meetings(e.id).await?;
    placed.sort_by_key(|m| (m.slot, m.table_no));
    let header = [
        tr(lang, "時間枠", "Slot"),
        tr(lang, "テーブル", "Table"),
        tr(lang, "バイヤー", "Buyer"),
        tr(lang, "セラー", "Seller"),
        tr(lang, "固定", "Locked"),
        tr(lang, "商談直後の結果", "Outcome right after"),
        tr(lang, "数か月後の結果", "Outcome months later"),
        tr(lang, "申込番号", "Request"),
    ];
    let name_of = |p: ParticipantId| names.get(&p).cloned().unwrap_or_default();
    let rows = placed.into_iter().map(|m| {
        let (buyer, seller) = requests
            .get(&m.request_id)
            .map(|r| (name_of(r.buyer_id), name_of(r.seller_id)))
            .unwrap_or_default();
        let outcome = |a: Asked| {
            outcomes
                .get(&(m.request_id, a))
                .map(|o| (*o).to_owned())
                .unwrap_or_default()
        };
        vec![
            slot_label(&setup, m.slot),
            (m.table_no + 1).to_string(),
            buyer,
            seller,
            if m.locked {
                tr(lang, "固定", "locked")
            } else {
                ""
            }
            .to_owned(),
            outcome(Asked::RightAfter),
            outcome(Asked::Later),
            m.request_id.to_string(),
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("event-{}-meetings-{}", e.id, utc_stamp());
    download(
        xlsx,
        &name,
        tr(lang, "商談スケジュール", "Meetings"),
        &header,
        rows,
    )
}
