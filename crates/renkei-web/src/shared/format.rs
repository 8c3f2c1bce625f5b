//! How values are shown and written on pages: times in Japan Standard Time (with the
//! weekday, and the 和暦 year where forms use it), cities by name, query-string values
//! percent-encoded, a link as a QR code.

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

/// A date and time as Japanese forms write them, in Japan Standard Time:
/// `2027年2月10日（水）13:30`.
pub(crate) fn show_when(t: chrono::DateTime<chrono::Utc>) -> String {
    let day = weekday(t);
    let t = in_jst(t);
    format!(
        "{}（{day}）{}",
        t.format("%Y年%-m月%-d日"),
        t.format("%H:%M")
    )
}

/// The day of the week in Japan, as forms write it: `水`.
fn weekday(t: chrono::DateTime<chrono::Utc>) -> &'static str {
    use chrono::Datelike;
    const DAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    DAYS[in_jst(t).weekday().num_days_from_monday() as usize]
}

/// A date in 和暦 with its weekday: `令和9年2月10日（水）`.
pub(crate) fn show_wareki_day(t: chrono::DateTime<chrono::Utc>) -> String {
    format!("{}（{}）", show_wareki(t), weekday(t))
}

/// A date in 和暦 (`令和9年2月10日`), as official forms write it.
pub(crate) fn show_wareki(t: chrono::DateTime<chrono::Utc>) -> String {
    renkei_domain::jdate::wareki(in_jst(t).date_naive())
}

/// Text (a link, a code) as a QR code: an SVG of black squares on white, without its XML
/// declaration so that it can stand inside the page (empty if it cannot be drawn).
pub(crate) fn qr_svg(text: &str) -> String {
    let Ok(code) = qrcode::QrCode::new(text.as_bytes()) else {
        return String::new();
    };
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    match svg.find("<svg") {
        Some(at) => svg[at..].to_owned(),
        None => String::new(),
    }
}

/// Groups digits by thousands: 10000000 → 10,000,000.
pub(crate) fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// A file name for `filename*=UTF-8''…` (RFC 5987): every byte but letters, digits and
/// `-._~` percent-encoded.
pub(crate) fn rfc5987(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
