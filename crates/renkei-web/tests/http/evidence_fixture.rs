//! A small fixed data set for the evidence's tests, written straight into the database so
//! that every time is known (the figures are computed by hand from it in `evidence.rs`):
//! four pilot cities' companies and products (one moved ⑧ → ⑦, one withdrawn), their
//! timelines, four referrals (one that went back a step, one declined, one overdue, one of
//! the year before), targets, adoptions and company voices. All times are 00:00 UTC (09:00
//! in Japan). The ids start at 9000 so as not to meet what the application makes.

use renkei_store::testing::execute_raw;

use crate::helpers::TestApp;

pub const CHIBA: &str = "121002";
pub const SAITAMA: &str = "111007";
pub const KUMAMOTO: &str = "431001";
pub const HIROSHIMA: &str = "341002";

fn t(day: &str) -> String {
    format!("'{day}T00:00:00+00:00'")
}

fn company(id: i64, city: &str, name: &str, kind: &str) -> String {
    format!(
        "INSERT INTO companies (id, home_city, name, name_kana, name_key, address, industry, \
         company_type, notes, version, created_at, updated_at) VALUES ({id}, '{city}', '{name}', \
         '', '{name}-{id}', '', '', '{kind}', '', 1, {ts}, {ts})",
        ts = t("2026-04-01")
    )
}

fn product(
    id: i64,
    company: i64,
    city: &str,
    kind: Option<&str>,
    stage: i16,
    status: &str,
) -> String {
    let kind = kind.map_or("NULL".to_owned(), |k| format!("'{k}'"));
    format!(
        "INSERT INTO products (id, company_id, home_city, name, summary, category, company_type, \
         stage, status, target_users, regulatory_status, version, created_at, updated_at) VALUES \
         ({id}, {company}, '{city}', '製品{id}', '', '', {kind}, {stage}, '{status}', '', '', 1, \
         {ts}, {ts})",
        ts = t("2026-04-01")
    )
}

fn line(id: i64, product: i64, at: &str, kind: &str, from: Option<i16>, to: i16) -> String {
    let from = from.map_or("NULL".to_owned(), |f| f.to_string());
    let detail = if kind == "stage" { "forward" } else { "" };
    format!(
        "INSERT INTO product_events (id, product_id, at, kind, from_stage, to_stage, detail, \
         reason, actor_label) VALUES ({id}, {product}, {}, '{kind}', {from}, {to}, '{detail}', '', \
         'テスト')",
        t(at)
    )
}

#[allow(clippy::too_many_arguments)]
fn referral(
    id: i64,
    product: i64,
    company: i64,
    (from, to): (&str, &str),
    state: &str,
    since: &str,
    created: &str,
    outcome: Option<&str>,
) -> String {
    let outcome = outcome.map_or("NULL".to_owned(), |o| format!("'{o}'"));
    format!(
        "INSERT INTO referrals (id, product_id, company_id, sending_city, receiving_city, state, \
         version, state_since, wanted_kinds, reason, outcome, outcome_note, created_by_label, \
         created_at, updated_at) VALUES ({id}, {product}, {company}, '{from}', '{to}', '{state}', \
         1, {}, '', '', {outcome}, '', 'テスト', {}, {})",
        t(since),
        t(created),
        t(since)
    )
}

/// A referral's history: (at, move, from, to), the first its selection.
fn steps(first_id: i64, referral: i64, lines: &[(&str, &str, &str, &str)]) -> Vec<String> {
    lines
        .iter()
        .enumerate()
        .map(|(i, (at, mv, from, to))| {
            format!(
                "INSERT INTO referral_events (id, referral_id, at, party, move, from_state, \
                 to_state, note, actor_label) VALUES ({}, {referral}, {}, 'sending', '{mv}', \
                 '{from}', '{to}', '', 'テスト')",
                first_id + i as i64,
                t(at)
            )
        })
        .collect()
}

fn target(id: i64, city: &str) -> String {
    format!(
        "INSERT INTO sales_targets (id, city_code, kind, name, name_kana, address, departments, \
         interests, postal_code, contact_name, contact_department, contact_email, contact_phone, \
         source_code, version, created_at, updated_at) VALUES ({id}, '{city}', 'hospital', \
         '病院{id}', '', '', '', '', '', '', '', '', '', '', 1, {ts}, {ts})",
        ts = t("2026-04-01")
    )
}

fn introduced(id: i64, referral: i64, target: i64, answer: &str, answered: &str) -> String {
    format!(
        "INSERT INTO referral_targets (id, referral_id, target_id, provided_at, answer, \
         answered_at, answer_note, answered_via, version, created_at) VALUES ({id}, {referral}, \
         {target}, {}, '{answer}', {}, '', 'staff', 1, {})",
        t("2026-10-20"),
        t(answered),
        t("2026-10-20")
    )
}

fn adoption(id: i64, product: i64, on: &str) -> String {
    format!(
        "INSERT INTO product_adoptions (id, product_id, adopter, adopter_kind, adopted_on, \
         created_at) VALUES ({id}, {product}, '市民病院', 'hospital', '{on}', {})",
        t(on)
    )
}

fn voice(id: i64, city: &str, stage: i16, topic: &str, at: &str) -> String {
    format!(
        "INSERT INTO company_voices (id, city_code, stage, topic, text, actor_label, created_at) \
         VALUES ({id}, '{city}', {stage}, '{topic}', '声{id}', 'テスト', {})",
        t(at)
    )
}

fn feedback(id: i64, referral: i64, party: &str, rating: i16, comment: &str) -> String {
    format!(
        "INSERT INTO referral_feedback (id, referral_id, party_key, author_label, rating, \
         comment, created_at) VALUES ({id}, {referral}, '{party}', 'テスト', {rating}, \
         '{comment}', {})",
        t("2026-11-05")
    )
}

/// The participants' feedback on the first referral, one per party, as the pilot's report
/// quotes them (第3章 5).
pub const COMPANY_SAID: &str = "単独では難しい全国への販路開拓が可能となった。";
pub const TARGET_SAID: &str = "全国の優良商品の紹介が得られた。";
pub const CITY_SAID: &str = "これまで接点のない販路開拓先へのアプローチに苦慮した。";

/// Writes the data set.
pub async fn load(app: &TestApp) {
    let mut sql = vec![
        company(9101, CHIBA, "アミン", "medical-company-led"),
        company(9102, SAITAMA, "ICST", "manufacturer-entry"),
        company(9103, KUMAMOTO, "ゼロシステム", "manufacturer-entry"),
        company(9104, HIROSHIMA, "畑林工業", "metro-needs-ict"),
        product(9001, 9101, CHIBA, None, 7, "active"),
        product(9002, 9102, SAITAMA, None, 3, "active"),
        product(9003, 9103, KUMAMOTO, None, 5, "active"),
        product(9004, 9104, HIROSHIMA, Some("metro-needs-ict"), 2, "active"),
        product(9005, 9101, CHIBA, Some("manufacturer-entry"), 1, "active"),
        product(9006, 9103, KUMAMOTO, None, 1, "withdrawn"),
        // ⑧ for 40 days, then ⑦ (sales after production).
        line(9201, 9001, "2026-05-01", "created", None, 8),
        line(9202, 9001, "2026-06-10", "stage", Some(8), 7),
        line(9203, 9002, "2026-04-01", "created", None, 1),
        line(9204, 9002, "2026-04-11", "stage", Some(1), 2),
        line(9205, 9002, "2026-07-11", "stage", Some(2), 3),
        line(9206, 9003, "2026-04-01", "created", None, 1),
        line(9207, 9003, "2026-05-01", "stage", Some(1), 2),
        line(9208, 9003, "2026-10-01", "stage", Some(2), 5),
        line(9209, 9004, "2026-04-01", "created", None, 2),
        line(9210, 9005, "2025-12-01", "created", None, 1),
        line(9211, 9006, "2026-04-01", "created", None, 1),
        target(9301, KUMAMOTO),
        target(9302, KUMAMOTO),
        // 千葉市 → 熊本市: back from ④ to ③ once, then on to ⑨ (continuing).
        referral(
            9401,
            9001,
            9101,
            (CHIBA, KUMAMOTO),
            "reported",
            "2026-10-30",
            "2026-10-01",
            Some("continuing"),
        ),
        // さいたま市 → 千葉市: declined at ③.
        referral(
            9402,
            9002,
            9102,
            (SAITAMA, CHIBA),
            "declined",
            "2026-10-20",
            "2026-10-01",
            None,
        ),
        // 熊本市 → 広島市: at ② since 10-04, overdue.
        referral(
            9403,
            9003,
            9103,
            (KUMAMOTO, HIROSHIMA),
            "consented",
            "2026-10-04",
            "2026-10-02",
            None,
        ),
        // 広島市 → さいたま市, of the fiscal year before.
        referral(
            9404,
            9004,
            9104,
            (HIROSHIMA, SAITAMA),
            "consented",
            "2025-11-02",
            "2025-11-01",
            None,
        ),
        introduced(9601, 9401, 9301, "agreed", "2026-10-22"),
        introduced(9602, 9401, 9302, "declined", "2026-10-23"),
        adoption(9801, 9002, "2026-06-01"),
        adoption(9802, 9003, "2026-08-01"),
        adoption(9803, 9003, "2025-08-01"),
        voice(9701, CHIBA, 7, "sales", "2026-05-10"),
        voice(9702, SAITAMA, 3, "funding", "2026-08-10"),
        voice(9703, KUMAMOTO, 5, "regulation", "2026-11-10"),
        voice(9704, KUMAMOTO, 5, "regulation", "2027-02-10"),
        voice(9705, HIROSHIMA, 2, "people", "2026-04-02"),
        feedback(9901, 9401, "company", 5, COMPANY_SAID),
        feedback(9902, 9401, "target:9301", 4, TARGET_SAID),
        feedback(9903, 9401, "receiving", 3, CITY_SAID),
    ];
    sql.extend(steps(
        9501,
        9401,
        &[
            ("2026-10-01", "select", "", "selected"),
            ("2026-10-03", "consent", "selected", "consented"),
            ("2026-10-05", "send", "consented", "sent"),
            ("2026-10-10", "accept", "sent", "accepted"),
            ("2026-10-12", "reopen", "accepted", "sent"),
            ("2026-10-15", "accept", "sent", "accepted"),
            ("2026-10-25", "feed-back", "accepted", "fed-back"),
            ("2026-10-27", "forward", "fed-back", "forwarded"),
            ("2026-10-30", "report-outcome", "forwarded", "reported"),
        ],
    ));
    sql.extend(steps(
        9520,
        9402,
        &[
            ("2026-10-01", "select", "", "selected"),
            ("2026-10-05", "consent", "selected", "consented"),
            ("2026-10-06", "send", "consented", "sent"),
            ("2026-10-20", "decline", "sent", "declined"),
        ],
    ));
    sql.extend(steps(
        9530,
        9403,
        &[
            ("2026-10-02", "select", "", "selected"),
            ("2026-10-04", "consent", "selected", "consented"),
        ],
    ));
    sql.extend(steps(
        9540,
        9404,
        &[
            ("2025-11-01", "select", "", "selected"),
            ("2025-11-02", "consent", "selected", "consented"),
        ],
    ));
    for s in sql {
        execute_raw(&app.store, &s)
            .await
            .unwrap_or_else(|e| panic!("{e}: {s}"));
    }
}
