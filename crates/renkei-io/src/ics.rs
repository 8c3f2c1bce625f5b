//! iCalendar files (RFC 5545): the events a city holds (seminars, tours, 商談会 meetings)
//! as one `.ics` text, attached to a mail or published as a calendar feed.
//!
//! [`write_ics`] writes a `VCALENDAR` with one `VEVENT` per [`CalendarEvent`]: times in UTC
//! (`…Z`, so no `VTIMEZONE` is needed; `X-WR-TIMEZONE:Asia/Tokyo` tells a calendar which
//! zone to show them in), CRLF line ends, TEXT values escaped (`\\`, `\;`, `\,`, `\n`),
//! control characters removed (a tab becomes a space, CR LF and a lone CR become a line
//! break), and every content line folded at 75 octets without splitting a UTF-8 character:
//! Japanese text is three octets a character, so a fold falls one or two octets short of 75
//! where the 75th octet would be inside one.
//!
//! Written by hand rather than with the `icalendar` crate: what is needed is about a hundred
//! lines, and that crate (0.17, read with default features off) would bring `uuid` (with
//! its random source) and `iso8601` for a UID and a parser Renkei does not use, keeps control
//! characters and lone CRs in TEXT values, and decides where to fold by mixing a character
//! index with a byte offset (harmless for ASCII, not what it means for Japanese).

use chrono::{DateTime, Utc};

/// The media type of an `.ics` file; with a method, as a mail's calendar part says it
/// (`text/calendar; charset=utf-8; method=REQUEST`).
pub fn media_type(method: Option<&str>) -> String {
    match method.map(method_name).filter(|m| !m.is_empty()) {
        Some(m) => format!("text/calendar; charset=utf-8; method={m}"),
        None => "text/calendar; charset=utf-8".to_owned(),
    }
}

/// One event of a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable across the event's updates and cancellation: a calendar replaces the event
    /// with the same UID (and a higher `sequence`).
    pub uid: String,
    pub summary: String,
    /// Left out when empty.
    pub description: String,
    pub location: Option<String>,
    pub url: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// When this version of the event was written (`DTSTAMP`).
    pub stamp: DateTime<Utc>,
    /// Raised by one at each change a participant should see (RFC 5545 3.8.7.4).
    pub sequence: u32,
    /// `STATUS:CANCELLED` rather than `STATUS:CONFIRMED`.
    pub cancelled: bool,
    /// The organizer's name and mail address.
    pub organizer: Option<(String, String)>,
}

/// Octets a content line may hold, its line end left out (RFC 5545 3.1).
const LINE_OCTETS: usize = 75;

/// A calendar of the events, as one `.ics` text with CRLF line ends. `method` (`PUBLISH`
/// for a feed, `REQUEST` or `CANCEL` for a mail's invitation) is written when given.
pub fn write_ics(calendar_name: &str, method: Option<&str>, events: &[CalendarEvent]) -> String {
    let mut out = String::new();
    let mut line = |name: &str, value: &str| {
        fold(&format!("{name}:{value}"), &mut out);
    };
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", "-//Renkei//Renkei//JA");
    line("CALSCALE", "GREGORIAN");
    if let Some(m) = method.map(method_name).filter(|m| !m.is_empty()) {
        line("METHOD", &m);
    }
    line("X-WR-CALNAME", &text(calendar_name));
    line("X-WR-TIMEZONE", "Asia/Tokyo");
    for e in events {
        line("BEGIN", "VEVENT");
        line("UID", &text(&e.uid));
        line("DTSTAMP", &utc(e.stamp));
        line("DTSTART", &utc(e.start));
        line("DTEND", &utc(e.end));
        line("SUMMARY", &text(&e.summary));
        if !e.description.is_empty() {
            line("DESCRIPTION", &text(&e.description));
        }
        if let Some(location) = &e.location {
            line("LOCATION", &text(location));
        }
        if let Some(url) = &e.url {
            line("URL", &plain(url));
        }
        line("SEQUENCE", &e.sequence.to_string());
        line(
            "STATUS",
            if e.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            },
        );
        if let Some((name, mail)) = &e.organizer {
            line(
                &format!("ORGANIZER;CN={}", parameter(name)),
                &format!("mailto:{}", plain(mail).replace(' ', "")),
            );
        }
        line("END", "VEVENT");
    }
    line("END", "VCALENDAR");
    out
}

/// A method as iCalendar writes it: ASCII letters, digits and `-`, upper case.
fn method_name(method: &str) -> String {
    method
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A time as a UTC DATE-TIME: `20260610T010000Z`.
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A TEXT value: line breaks as `\n`, `\`, `;` and `,` escaped, a tab as a space, other
/// control characters removed.
fn text(value: &str) -> String {
    let value = value.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A value that is not TEXT (a URI, an address): control characters removed, nothing
/// escaped.
fn plain(value: &str) -> String {
    value.chars().filter(|c| !c.is_control()).collect()
}

/// A parameter's value (a name): control characters removed, a double quote (which no
/// parameter value may hold) made a single one, and quoted when it holds `:`, `;` or `,`.
fn parameter(value: &str) -> String {
    let value: String = plain(value).replace('"', "'");
    if value.contains([':', ';', ',']) {
        format!("\"{value}\"")
    } else {
        value
    }
}

/// A content line, folded: at most 75 octets on the first line and 74 after the space that
/// starts each following one, each cut at a character boundary; then CRLF.
fn fold(line: &str, out: &mut String) {
    let mut rest = line;
    let mut limit = LINE_OCTETS;
    while rest.len() > limit {
        // A character is at most 4 octets, so a boundary is at most 3 back.
        let cut = (limit - 3..=limit)
            .rev()
            .find(|&i| rest.is_char_boundary(i))
            .unwrap_or(limit);
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        limit = LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn seminar() -> CalendarEvent {
        CalendarEvent {
            uid: "event-42@renkei.example".to_owned(),
            summary: "販路開拓セミナー; 医療機器編, 第2回 \\ 予約制".to_owned(),
            description: "2026年度 医療機器の販路開拓セミナーです。病院・介護施設への導入事例を紹介します。\r\n参加費は無料, 定員は30名（先着順）です。"
                .to_owned(),
            location: Some("さいたま市中央区新都心1-1 3F, 会議室A\u{0}".to_owned()),
            url: Some("https://renkei.example/events/42?lang=ja".to_owned()),
            start: at(2026, 6, 10, 1, 0),
            end: at(2026, 6, 10, 3, 0),
            stamp: at(2026, 5, 1, 0, 0),
            sequence: 0,
            cancelled: false,
            organizer: Some((
                "さいたま市 産業展開推進課".to_owned(),
                "sangyo@city.saitama.example".to_owned(),
            )),
        }
    }

    /// The content lines of a calendar, unfolded (RFC 5545 3.1).
    fn unfold(ics: &str) -> Vec<String> {
        ics.replace("\r\n ", "")
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// A TEXT value unescaped.
    fn unescape(value: &str) -> String {
        let mut out = String::new();
        let mut chars = value.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n' | 'N') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => {}
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The raw values of a property (name, then `:` or `;`) in the unfolded lines.
    fn values<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
        lines
            .iter()
            .filter(|l| {
                l.strip_prefix(name)
                    .is_some_and(|r| r.starts_with([':', ';']))
            })
            .map(|l| {
                // The value follows the first colon outside a quoted parameter value.
                let mut quoted = false;
                let at = l
                    .char_indices()
                    .find(|(_, c)| {
                        if *c == '"' {
                            quoted = !quoted;
                        }
                        *c == ':' && !quoted
                    })
                    .map_or(l.len(), |(i, _)| i + 1);
                &l[at..]
            })
            .collect()
    }

    #[test]
    fn writes_a_japanese_event_escaped_and_folded_at_character_boundaries() {
        let ics = write_ics("さいたま市 セミナー・商談会", Some("publish"), &[seminar()]);
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Renkei//Renkei//JA",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:さいたま市 セミナー・商談会",
            "X-WR-TIMEZONE:Asia/Tokyo",
            "BEGIN:VEVENT",
            "UID:event-42@renkei.example",
            "DTSTAMP:20260501T000000Z",
            "DTSTART:20260610T010000Z",
            "DTEND:20260610T030000Z",
            "SUMMARY:販路開拓セミナー\\; 医療機器編\\, 第2回 \\\\ 予約制",
            // 74 octets: the 75th is the second of 院's three.
            "DESCRIPTION:2026年度 医療機器の販路開拓セミナーです。病",
            " 院・介護施設への導入事例を紹介します。\\n参加費は無",
            " 料\\, 定員は30名（先着順）です。",
            "LOCATION:さいたま市中央区新都心1-1 3F\\, 会議室A",
            "URL:https://renkei.example/events/42?lang=ja",
            "SEQUENCE:0",
            "STATUS:CONFIRMED",
            "ORGANIZER;CN=さいたま市 産業展開推進課:mailto:sangyo@city.saita",
            " ma.example",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        .map(|l| format!("{l}\r\n"))
        .concat();
        assert_eq!(ics, expected);
        assert_eq!(
            ics.lines().nth(13).map(str::len),
            Some(74),
            "the description's first line stops short of a split character"
        );
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
            assert!(!line.contains(['\r', '\n', '\0']));
        }
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }

    #[test]
    fn reads_back_as_written() {
        let mut event = seminar();
        event.description = format!(
            "{}\n改行\\n ではない; 区切り, \t タブ\u{7f}",
            "長い説明文です。".repeat(30)
        );
        let ics = write_ics("講座", None, &[event.clone()]);
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{line:?}");
        }
        let lines = unfold(&ics);
        let one = |name: &str| {
            let found = values(&lines, name);
            assert_eq!(found.len(), 1, "{name}: {found:?}");
            unescape(found[0])
        };
        assert_eq!(one("SUMMARY"), event.summary);
        assert_eq!(
            one("DESCRIPTION"),
            event.description.replace('\t', " ").replace('\u{7f}', "")
        );
        assert_eq!(one("LOCATION"), "さいたま市中央区新都心1-1 3F, 会議室A");
        assert_eq!(one("UID"), event.uid);
        assert_eq!(one("URL"), "https://renkei.example/events/42?lang=ja");
        assert_eq!(one("X-WR-CALNAME"), "講座");
        assert_eq!(one("ORGANIZER"), "mailto:sangyo@city.saitama.example");
        assert_eq!(one("DTSTART"), "20260610T010000Z");
        assert!(values(&lines, "METHOD").is_empty(), "no method given");
    }

    #[test]
    fn a_cancelled_event_says_so_with_its_next_sequence() {
        let mut event = seminar();
        event.cancelled = true;
        event.sequence = 3;
        event.organizer = Some(("Sales, \"Team\"; 1".to_owned(), "a@b.example".to_owned()));
        event.location = None;
        event.url = None;
        event.description.clear();
        let ics = write_ics("講座", Some("CANCEL"), &[event]);
        let lines = unfold(&ics);
        assert_eq!(values(&lines, "STATUS"), ["CANCELLED"]);
        assert_eq!(values(&lines, "SEQUENCE"), ["3"]);
        assert_eq!(values(&lines, "METHOD"), ["CANCEL"]);
        assert!(lines.contains(&"ORGANIZER;CN=\"Sales, 'Team'; 1\":mailto:a@b.example".to_owned()));
        for absent in ["LOCATION", "URL", "DESCRIPTION"] {
            assert!(values(&lines, absent).is_empty(), "{absent}");
        }
        assert_eq!(
            media_type(Some("cancel")),
            "text/calendar; charset=utf-8; method=CANCEL"
        );
        assert_eq!(media_type(None), "text/calendar; charset=utf-8");
    }

    #[test]
    fn a_feed_holds_every_event_in_order() {
        let mut events = Vec::new();
        for i in 0..3u32 {
            let mut e = seminar();
            e.uid = format!("event-{i}@renkei.example");
            e.summary = format!("商談会 {i}");
            e.start = at(2026, 7, 1 + i, 0, 0);
            e.end = at(2026, 7, 1 + i, 8, 0);
            e.organizer = None;
            events.push(e);
        }
        events[1].cancelled = true;
        let ics = write_ics("商談会", Some("PUBLISH"), &events);
        let lines = unfold(&ics);
        assert_eq!(
            values(&lines, "BEGIN"),
            ["VCALENDAR", "VEVENT", "VEVENT", "VEVENT"]
        );
        assert_eq!(
            values(&lines, "UID"),
            [
                "event-0@renkei.example",
                "event-1@renkei.example",
                "event-2@renkei.example"
            ]
        );
        assert_eq!(
            values(&lines, "STATUS"),
            ["CONFIRMED", "CANCELLED", "CONFIRMED"]
        );
        assert_eq!(
            values(&lines, "DTEND"),
            ["20260701T080000Z", "20260702T080000Z", "20260703T080000Z"]
        );
        assert!(values(&lines, "ORGANIZER").is_empty());
        assert_eq!(values(&lines, "PRODID"), ["-//Renkei//Renkei//JA"], "once");
        let empty = write_ics("空", None, &[]);
        assert_eq!(unfold(&empty).len(), 7);
    }

    #[test]
    fn folds_four_octet_characters_and_long_ascii_too() {
        let mut out = String::new();
        fold(&format!("X:{}", "𠮷".repeat(40)), &mut out);
        for line in out.split("\r\n") {
            assert!(line.len() <= 75);
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("X:{}\r\n", "𠮷".repeat(40))
        );
        let mut ascii = String::new();
        fold(&"a".repeat(150), &mut ascii);
        let lens: Vec<usize> = ascii.split("\r\n").map(str::len).collect();
        assert_eq!(
            lens,
            [75, 75, 2, 0],
            "75, then a space and 74, then the rest"
        );
    }
}
