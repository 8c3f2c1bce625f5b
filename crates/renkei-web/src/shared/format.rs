//! How values are shown and written on pages: times in Japan Standard Time, cities by name,
//! query-string values percent-encoded.

use crate::AppState;

/// A city's name for a page (its code, if it is not a designated city).
pub(crate) fn city_name(state: &AppState, code: &str) -> String {
    state.store.city_name(code)
}

/// A query-string value, percent-encoded.
pub(crate) fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A time in Japan Standard Time (no daylight saving), in which every time is shown.
pub(crate) fn in_jst(t: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    t.with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).expect("a valid offset"))
}

/// A time to the second, in Japan Standard Time.
pub(crate) fn show_time(t: chrono::DateTime<chrono::Utc>) -> String {
    in_jst(t).format("%Y-%m-%d %H:%M:%S").to_string()
}
