//! A city's menu page lists the upcoming published events (organised or co-organised by the
//! city) that deliver one of its menu entries, each linked to its event page and to the
//! entry it delivers. Read on every request (the menu itself is cached by revision; events
//! change apart from it).

use renkei_domain::Lang;
use renkei_domain::city::CityCode;
use renkei_store::EventQuery;

use crate::AppState;
use crate::error::AppError;
use crate::shared::format::show_when;

/// How many upcoming events the menu page lists.
const UPCOMING: u64 = 50;

/// An upcoming event on the menu page.
pub struct MenuEventView {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub kind: &'static str,
    /// The menu entry it delivers (the anchor on the page).
    pub entry_id: i64,
    /// The model's measure it delivers, by name.
    pub measure: String,
}

/// The city's upcoming published events that deliver a menu entry, the earliest first.
pub(super) async fn upcoming(
    state: &AppState,
    lang: Lang,
    city: &CityCode,
) -> Result<Vec<MenuEventView>, AppError> {
    let q = EventQuery {
        organiser: Some(*city),
        published_only: true,
        from: Some(chrono::Utc::now()),
        limit: UPCOMING,
        ..EventQuery::default()
    };
    Ok(state
        .store
        .events(&q)
        .await?
        .into_iter()
        .filter_map(|e| {
            let entry_id = e.menu_entry_id?.0;
            let measure = e
                .measure_code
                .as_deref()
                .and_then(renkei_domain::catalog::measure)
                .map(|m| m.name.get(lang).to_owned())
                .unwrap_or_default();
            Some(MenuEventView {
                id: e.id.0,
                title: e.title,
                when: show_when(e.starts_at),
                kind: e.kind.name().get(lang),
                entry_id,
                measure,
            })
        })
        .collect())
}
