//! The outcomes and programs' figures of a fiscal year: outcomes, not outputs (targets that
//! agreed, 商談会 meetings held and deals 商談成立, adoptions, the referrals' reported
//! results), the referrals per city pair, the programs (events and attendance, applications,
//! awards and yen granted, expert dispatches, bridges to PMDA and AMED), consultations by
//! kind with their service level (the first answer by the day the desk set, in 開庁日) and
//! time to a first answer, the caseload of each person at a city's desk (a city's own
//! dashboard only), and company voices per stage and topic and per quarter.
//! The CSR challenge certification's self-assessments, certifications and confirmed
//! contributions are rows of the programs table.

use std::collections::BTreeMap;

use chrono::Utc;
use renkei_domain::Lang;
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::consultation::Kind;
use renkei_domain::evidence::{Audience, Cell, Filter, quarter, row};
use renkei_domain::referral::Outcome;
use renkei_domain::review::Topic;
use renkei_store::{CaseRow, ReferralHistory};

use super::Scope;
use super::pipeline::{jst_day, quarter_label, stage_label};
use super::table::{Durations, Figure, Row, Section, Table, Tally, tr};
use crate::App;
use crate::access::Denied;

/// Application states that mean an award (採択), and those carried on after it.
const AWARDED: [&str; 3] = ["awarded", "reported", "settled"];
/// Dispatch states that mean the expert went (approved, or done and reported).
const DISPATCHED: [&str; 2] = ["approved", "closed"];
/// Bridge outcomes that mean the national body's consultation took place.
const HELD: [&str; 2] = ["held", "policy-decided"];

pub(super) async fn sections(
    app: &App,
    f: &Filter,
    audience: &Audience,
    scope: Scope,
    lang: Lang,
) -> Result<Vec<Section>, Denied> {
    let store = app.store();
    let referrals = store.evidence_referrals(f).await?;
    let cases = store.evidence_cases(f).await?;
    let tables = vec![
        outcomes_table(app, f, &referrals, audience, lang).await?,
        pairs_table(app, f, &referrals, audience, lang).await?,
    ];
    let programs = vec![
        programs_table(app, f, audience, lang).await?,
        consultations_table(&cases, audience, lang),
    ];
    let mut people = Vec::new();
    if let Scope::City(_) = scope {
        people.push(caseload_table(&cases, lang));
    }
    let voices = store.evidence_voices(f).await?;
    let mut by_stage = Tally::new();
    let mut by_quarter = Tally::new();
    for v in &voices {
        by_stage.add((v.stage, v.topic.code()), v.city, 1);
        by_quarter.add(quarter(jst_day(v.at)), v.city, 1);
    }
    let mut out = vec![
        Section {
            key: "outcomes",
            title: tr(lang, "成果", "Outcomes"),
            tables,
        },
        Section {
            key: "programs",
            title: tr(lang, "事業の利用", "Programs"),
            tables: programs,
        },
    ];
    if !people.is_empty() {
        out.push(Section {
            key: "caseload",
            title: tr(lang, "担当者の対応状況", "Caseload"),
            tables: people,
        });
    }
    out.push(Section {
        key: "voices",
        title: tr(lang, "企業の声", "Company voices"),
        tables: vec![
            voices_table(&by_stage, f, audience, lang),
            voices_quarter_table(&by_quarter, audience, lang),
        ],
    });
    Ok(out)
}

/// The city a referral is counted under for `audience`: one of its two that is the
/// viewer's, else the sending city.
fn referral_city(r: &ReferralHistory, audience: &Audience) -> CityCode {
    if audience.owns(&r.receiving) {
        r.receiving
    } else {
        r.sending
    }
}

async fn outcomes_table(
    app: &App,
    f: &Filter,
    referrals: &[ReferralHistory],
    audience: &Audience,
    lang: Lang,
) -> Result<Table, Denied> {
    let store = app.store();
    let mut t = Tally::new();
    for p in store.evidence_targets(f).await? {
        let city = if audience.owns(&p.receiving) {
            p.receiving
        } else {
            p.sending
        };
        t.add("approached", city, p.approached);
        t.add("agreed", city, p.agreed);
    }
    for m in store.evidence_meetings(f).await? {
        t.add("meetings", m.city, m.meetings);
        t.add("deals", m.city, m.deals);
    }
    for a in store.evidence_adoptions(f).await? {
        t.add("adoptions", a.city, a.adoptions);
    }
    for r in referrals {
        if let Some(o) = r.outcome {
            t.add(o.code(), referral_city(r, audience), 1);
        }
    }
    let mut rows: Vec<(&str, String)> = vec![
        (
            "approached",
            tr(
                lang,
                "紹介先の市が情報提供した販路開拓先",
                "Targets given the dossier",
            ),
        ),
        (
            "agreed",
            tr(lang, "紹介に同意した販路開拓先", "Targets that agreed"),
        ),
        (
            "meetings",
            tr(lang, "商談会で実施した商談", "Meetings held at 商談会"),
        ),
        ("deals", tr(lang, "商談成立", "Deals")),
        (
            "adoptions",
            tr(lang, "地元での採用（地元展開）", "Local adoptions"),
        ),
    ];
    for o in Outcome::ALL {
        rows.push((
            o.code(),
            format!(
                "{}{}",
                tr(lang, "紹介の結果：", "Referral result: "),
                o.name().get(lang)
            ),
        ));
    }
    Ok(Table {
        key: "outcomes",
        title: tr(lang, "成果（開催数ではなく結果）", "Outcomes, not outputs"),
        rows_are: tr(lang, "成果", "Outcome"),
        columns: vec![tr(lang, "件数", "Count")],
        rows: rows
            .into_iter()
            .map(|(k, label)| Row {
                label,
                cells: vec![t.cell(&k, audience)],
            })
            .collect(),
        chart: Some(0),
        note: tr(
            lang,
            "年度内の記録。紹介の結果は年度内に始まった紹介について企業が報告したもの。",
            "Recorded in the fiscal year; referral results as the companies reported them, of referrals started in the year.",
        ),
    })
}

async fn pairs_table(
    app: &App,
    f: &Filter,
    referrals: &[ReferralHistory],
    audience: &Audience,
    lang: Lang,
) -> Result<Table, Denied> {
    // Keyed by the pair; counted under the pair's own city where the viewer has one, so
    // that a pair of two other cities is suppressed below 3.
    let mut count: BTreeMap<(CityCode, CityCode), [i64; 4]> = BTreeMap::new();
    for r in referrals {
        let c = count.entry((r.sending, r.receiving)).or_default();
        c[0] += 1;
        c[3] += i64::from(r.outcome.is_some());
    }
    for p in app.store().evidence_targets(f).await? {
        let c = count.entry((p.sending, p.receiving)).or_default();
        c[1] += p.approached;
        c[2] += p.agreed;
    }
    let store = app.store();
    let rows = count
        .into_iter()
        .map(|((s, r), c)| {
            let own = audience.owns(&s) || audience.owns(&r);
            Row {
                label: format!(
                    "{} → {}",
                    store.city_name(&s.to_string()),
                    store.city_name(&r.to_string())
                ),
                cells: c
                    .iter()
                    .map(|n| Figure::Count(Cell::of(*n, if own { 0 } else { *n })))
                    .collect(),
            }
        })
        .collect();
    Ok(Table {
        key: "referrals-by-pair",
        title: tr(
            lang,
            "紹介元・紹介先の市の組み合わせ別",
            "Referrals per pair of cities",
        ),
        rows_are: tr(lang, "紹介元 → 紹介先", "From → to"),
        columns: vec![
            tr(lang, "紹介", "Referrals"),
            tr(lang, "情報提供した販路開拓先", "Targets approached"),
            tr(lang, "同意した販路開拓先", "Targets agreed"),
            tr(lang, "結果の報告", "Results reported"),
        ],
        rows,
        chart: Some(0),
        note: tr(
            lang,
            "紹介は年度内に始まったもの、販路開拓先は年度内に情報提供・回答したもの。",
            "Referrals started in the fiscal year; targets approached or answering in it.",
        ),
    })
}

async fn programs_table(
    app: &App,
    f: &Filter,
    audience: &Audience,
    lang: Lang,
) -> Result<Table, Denied> {
    let store = app.store();
    let mut n = Tally::new();
    let mut yen = Tally::new();
    for e in store.evidence_events(f).await? {
        n.add("events".to_owned(), e.city, e.events);
        n.add("attended".to_owned(), e.city, e.attended);
        if e.kind == "business_meeting" {
            n.add("business_meetings".to_owned(), e.city, e.events);
        }
    }
    for a in store.evidence_applications(f).await? {
        n.add("applications".to_owned(), a.city, a.applications);
        yen.add("requested".to_owned(), a.city, a.requested_yen);
        if AWARDED.contains(&a.state.as_str()) {
            n.add("awards".to_owned(), a.city, a.applications);
            yen.add("granted".to_owned(), a.city, a.granted_yen);
        }
    }
    for d in store.evidence_dispatches(f).await? {
        if DISPATCHED.contains(&d.state.as_str()) {
            n.add("dispatches".to_owned(), d.city, d.dispatches);
        }
    }
    for c in store.evidence_csr(f).await? {
        n.add("csr_started".to_owned(), c.city, c.started);
        n.add("csr_certified".to_owned(), c.city, c.certified);
        n.add("csr_contributions".to_owned(), c.city, c.contributions);
    }
    let mut bodies: Vec<String> = Vec::new();
    for b in store.evidence_bridges(f).await? {
        if !bodies.contains(&b.body) {
            bodies.push(b.body.clone());
        }
        n.add(format!("bridge:{}", b.body), b.city, b.bridges);
        if b.outcome.as_deref().is_some_and(|o| HELD.contains(&o)) {
            n.add(format!("held:{}", b.body), b.city, b.bridges);
        }
    }
    let count = |k: &str| n.cell(&k.to_owned(), audience);
    // Yen is suppressed as the records it sums are (applications; awards).
    let money = |k: &str, records: &str| {
        let (sum, _) = yen.get(&k.to_owned(), audience);
        let (_, others) = n.get(&records.to_owned(), audience);
        Figure::Yen(Cell::of(sum, others))
    };
    let mut rows = vec![
        (tr(lang, "イベントの開催", "Events held"), count("events")),
        (
            tr(lang, "うち商談会", "Of which 商談会"),
            count("business_meetings"),
        ),
        (
            tr(lang, "イベントへの出席者", "Attendance"),
            count("attended"),
        ),
        (
            tr(lang, "公募への申請", "Applications to calls"),
            count("applications"),
        ),
        (
            tr(lang, "申請額", "Yen asked"),
            money("requested", "applications"),
        ),
        (tr(lang, "採択", "Awards"), count("awards")),
        (
            tr(lang, "交付決定額", "Yen granted"),
            money("granted", "awards"),
        ),
        (
            tr(lang, "専門家派遣", "Expert dispatches"),
            count("dispatches"),
        ),
        (
            tr(
                lang,
                "CSR認証の自己診断（開始）",
                "CSR self-assessments started",
            ),
            count("csr_started"),
        ),
        (
            tr(lang, "CSRチャレンジ企業認証", "CSR certifications granted"),
            count("csr_certified"),
        ),
        (
            tr(lang, "地域貢献（市が確認）", "Contributions confirmed"),
            count("csr_contributions"),
        ),
    ];
    bodies.sort();
    for b in &bodies {
        let upper = b.to_uppercase();
        rows.push((
            format!("{}{upper}", tr(lang, "国の機関への橋渡し：", "Bridged to ")),
            count(&format!("bridge:{b}")),
        ));
        rows.push((
            format!(
                "{}{upper}",
                tr(lang, "うち相談実施：", "Of which consulted: ")
            ),
            count(&format!("held:{b}")),
        ));
    }
    Ok(Table {
        key: "programs",
        title: tr(lang, "事業の利用", "Use of the programs"),
        rows_are: tr(lang, "事業", "Program"),
        columns: vec![tr(lang, "年度の実績", "In the year")],
        rows: rows
            .into_iter()
            .map(|(label, c)| Row {
                label,
                cells: vec![c],
            })
            .collect(),
        chart: None,
        note: tr(
            lang,
            "イベントは年度内に開催（公開）したもの、申請は年度内に提出されたもの、派遣は年度の承認・完了分、橋渡しは年度内に始めたもの。CSR認証は年度内に自己診断を始めたもの・認証日が年度内のもの、地域貢献は年度内の取組で市が確認したもの。",
            "Events held (published) in the year; applications submitted in it; dispatches of the year approved or done; bridges opened in it; CSR self-assessments started and certifications granted in the year; contributions made in it that the city confirmed.",
        ),
    })
}

/// Whether a case's first answer came by its due day (in Japan); none while it is not yet
/// due and unanswered.
fn met(c: &CaseRow, today: chrono::NaiveDate) -> Option<bool> {
    match c.first_answered_at {
        Some(at) => Some(jst_day(at) <= c.first_answer_due),
        None if today > c.first_answer_due => Some(false),
        None => None,
    }
}

fn consultations_table(cases: &[CaseRow], audience: &Audience, lang: Lang) -> Table {
    let today = jst_day(Utc::now());
    let mut n = Tally::new();
    let mut ok = Tally::new();
    let mut due = Tally::new();
    let mut first = Durations::new();
    for c in cases {
        n.add(c.kind.clone(), c.city, 1);
        if let Some(m) = met(c, today) {
            due.add(c.kind.clone(), c.city, 1);
            ok.add(c.kind.clone(), c.city, i64::from(m));
        }
        if let Some(at) = c.first_answered_at {
            first.add(
                c.kind.clone(),
                c.city,
                (at - c.opened_at).num_seconds().max(0),
            );
        }
    }
    let rows = Kind::ALL
        .iter()
        .map(|k| {
            let key = k.code().to_owned();
            let (cases, others) = n.get(&key, audience);
            let (met, _) = ok.get(&key, audience);
            let (measured, _) = due.get(&key, audience);
            let share = (measured > 0).then(|| (met as f64 * 100.0 / measured as f64).round());
            let [_, median, _] = first.figures(&key, audience);
            Row {
                label: k.name().get(lang).to_owned(),
                cells: vec![
                    Figure::Count(Cell::of(cases, others)),
                    Figure::Count(Cell::of(met, others)),
                    Figure::Percent(Cell::of(share, others)),
                    median,
                ],
            }
        })
        .collect();
    Table {
        key: "consultations",
        title: tr(
            lang,
            "相談の種類別の件数とサービスレベル",
            "Consultations by kind and service level",
        ),
        rows_are: tr(lang, "相談の種類", "Kind"),
        columns: vec![
            tr(lang, "相談", "Cases"),
            tr(lang, "期限内に初回回答", "First answer in time"),
            tr(lang, "達成率", "Met"),
            tr(
                lang,
                "初回回答までの中央値",
                "Median time to a first answer",
            ),
        ],
        rows,
        chart: Some(0),
        note: tr(
            lang,
            "年度内に受け付けた相談。達成率は、初回回答の期限（開庁日で数えた日）を過ぎたか回答済みの相談のうち、期限までに回答したものの割合。",
            "Cases opened in the fiscal year. Met: of the cases answered or past their due day (counted in 開庁日), the share answered by it.",
        ),
    }
}

/// Who at a city's desk has how many cases open and closed (a city's own dashboard only:
/// people's names are the city's own record).
fn caseload_table(cases: &[CaseRow], lang: Lang) -> Table {
    let mut per: BTreeMap<String, [i64; 2]> = BTreeMap::new();
    for c in cases {
        let who = if c.handler.is_empty() {
            tr(lang, "（未割当て）", "(not handed over)")
        } else {
            c.handler.clone()
        };
        let closed = matches!(c.state.as_str(), "closed" | "withdrawn");
        per.entry(who).or_default()[usize::from(closed)] += 1;
    }
    Table {
        key: "caseload",
        title: tr(lang, "担当者別の相談", "Cases per person"),
        rows_are: tr(lang, "担当者", "Person"),
        columns: vec![tr(lang, "対応中", "Open"), tr(lang, "完了", "Closed")],
        rows: per
            .into_iter()
            .map(|(label, c)| Row {
                label,
                cells: c.iter().map(|n| Figure::Count(Cell::Shown(*n))).collect(),
            })
            .collect(),
        chart: Some(0),
        note: tr(
            lang,
            "年度内に受け付けた相談。コーディネーターへの相互支援の依頼は「依頼の状況」のページ。",
            "Cases opened in the fiscal year. Requests for help across cities are on the caseload page.",
        ),
    }
}

fn voices_table(
    by: &Tally<(Stage, &'static str)>,
    f: &Filter,
    audience: &Audience,
    lang: Lang,
) -> Table {
    let mut columns: Vec<String> = Topic::ALL
        .iter()
        .map(|t| t.name().get(lang).to_owned())
        .collect();
    columns.push(tr(lang, "計", "Total"));
    let rows = Stage::ALL
        .into_iter()
        .filter(|s| f.stage.is_none_or(|only| only == *s))
        .map(|s| {
            let counts: Vec<(i64, i64)> = Topic::ALL
                .iter()
                .map(|t| by.get(&(s, t.code()), audience))
                .collect();
            let (cells, total) = row(&counts);
            let mut cells: Vec<Figure> = cells.into_iter().map(Figure::Count).collect();
            cells.push(Figure::Count(total));
            Row {
                label: stage_label(s, lang),
                cells,
            }
        })
        .collect();
    Table {
        key: "voices-by-stage",
        title: tr(
            lang,
            "段階別・テーマ別の企業の声",
            "Company voices by stage and topic",
        ),
        rows_are: tr(lang, "段階", "Stage"),
        chart: Some(columns.len() - 1),
        columns,
        rows,
        note: tr(
            lang,
            "年度内に記録された企業の声。",
            "Voices recorded in the fiscal year.",
        ),
    }
}

fn voices_quarter_table(by: &Tally<u8>, audience: &Audience, lang: Lang) -> Table {
    Table {
        key: "voices-by-quarter",
        title: tr(lang, "四半期別の企業の声", "Company voices per quarter"),
        rows_are: tr(lang, "四半期", "Quarter"),
        columns: vec![tr(lang, "件数", "Voices")],
        rows: (1..=4)
            .map(|q| Row {
                label: quarter_label(q, lang),
                cells: vec![by.cell(&q, audience)],
            })
            .collect(),
        chart: Some(0),
        note: String::new(),
    }
}
