//! The CSR challenge certification and giving back, on each test database, through HTTP:
//! さいたま市's staff import a checklist (a bad file refused whole, read-only staff refused),
//! anyone reads every question; a company self-assesses over two sittings (a stale version
//! is a conflict), cannot apply while a required item is answered no, applies; the staff
//! check the evidence, record the interview, the committee certifies with its reasons, the
//! staff publish; the registry shows it (page, CSV, JSON with its licence), the certificate
//! and the answers download; a new checklist version leaves the answers tied to theirs; a
//! renewal starts from the previous answers with changes highlighted; a lapse takes it out
//! of the registry. Each role's part (another city's staff and another company never learn
//! of it). The renewal reminders go once each across nodes. A contribution is proposed by the
//! company and confirmed by the city, and shows on the company's page.

use chrono::{Duration, NaiveDate, Utc};
use renkei_domain::access::Role;
use renkei_domain::csr::certification::{Move, Party, State};
use renkei_domain::csr::checklist::{COLUMNS, Checklist, Thresholds};
use renkei_store::{
    Actor, CertificationId, CertificationRecord, CertificationWrite, CompanyRecord,
};

use crate::brokering::{CHIBA, SAITAMA, company};
use crate::consultations::{person, posted};
use crate::helpers::{TestApp, audit_actions, city, staff};

/// The test's checklist as spreadsheet rows (header first).
pub(crate) fn rows(bad: bool) -> Vec<Vec<String>> {
    let r = |cells: [&str; 7]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    let mut out = vec![
        r([
            "守る",
            "企業統治",
            "守-01",
            "法令を守る方針がある",
            "○",
            "記述",
            "例",
        ]),
        r(["守る", "労務管理", "守-02", "就業規則がある", "", "", "例"]),
        r([
            "伸ばす",
            "地域志向",
            "伸-01",
            "地元から採用している",
            "",
            "",
            "",
        ]),
        r([
            "伸ばす",
            "地域志向",
            "伸-02",
            "地元から調達している",
            "",
            "",
            "",
        ]),
        r([
            "伸ばす",
            "社会貢献・地域協働",
            "伸-03",
            "後進企業に助言している",
            "",
            "",
            "",
        ]),
        r(["財務", "財務基準", "財-01", "債務超過でない", "○", "", ""]),
    ];
    if bad {
        out.push(r(["守れ", "企業統治", "守-09", "読めない区分", "", "", ""]));
    }
    out
}

fn xlsx(bad: bool) -> Vec<u8> {
    renkei_io::write_xlsx("チェックリスト", &COLUMNS, rows(bad).into_iter()).unwrap()
}

/// Posts the import form with `file`: the status and the page or where it leads.
pub(crate) async fn import(node: &TestApp, file: Vec<u8>, grow_min: &str) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", node.csrf_token().unwrap_or_default())
        .text("title", "テストCSRチェックリスト")
        .text("grow_min", grow_min.to_owned())
        .text("term_years", "2")
        .text("protect_all", "on")
        .part(
            "file",
            reqwest::multipart::Part::bytes(file).file_name("checklist.xlsx"),
        );
    let r = node
        .client
        .post(node.url(&format!("/cities/{SAITAMA}/csr/checklist")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let to = crate::helpers::location(&r);
    (
        status,
        if status == 303 {
            to
        } else {
            r.text().await.unwrap()
        },
    )
}

pub(crate) async fn record(app: &TestApp, id: i64) -> CertificationRecord {
    app.store.certification(CertificationId(id)).await.unwrap()
}

/// A move on certification `id` from its current version.
pub(crate) async fn step(
    app: &TestApp,
    node: &TestApp,
    id: i64,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let v = record(app, id).await.version.to_string();
    let mut form = vec![("version", v.as_str())];
    form.extend_from_slice(fields);
    posted(node, &format!("/csr/certifications/{id}/move"), &form).await
}

/// Saves answers to certification `id` from its current version.
pub(crate) async fn answer(
    app: &TestApp,
    node: &TestApp,
    id: i64,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let v = record(app, id).await.version.to_string();
    let mut form = vec![("version", v.as_str())];
    form.extend_from_slice(fields);
    posted(node, &format!("/csr/certifications/{id}/answers"), &form).await
}

pub(crate) struct People {
    pub(crate) officer: TestApp,
    reader: TestApp,
    coord: TestApp,
    pub(crate) chiba: TestApp,
    pub(crate) firm: TestApp,
    pub(crate) other: TestApp,
    visitor: TestApp,
}

pub(crate) async fn people(app: &TestApp, c: &CompanyRecord, other: &CompanyRecord) -> People {
    let coordinator = Role::Coordinator {
        city: city(SAITAMA),
    };
    People {
        officer: person(app, &[staff(SAITAMA, false)]).await.0,
        reader: person(app, &[staff(SAITAMA, true)]).await.0,
        coord: person(app, &[coordinator]).await.0,
        chiba: person(app, &[staff(CHIBA, false)]).await.0,
        firm: person(app, &[Role::CompanyUser { company: c.id.0 }])
            .await
            .0,
        other: person(
            app,
            &[Role::CompanyUser {
                company: other.id.0,
            }],
        )
        .await
        .0,
        visitor: app.another_node().await,
    }
}

#[tokio::test]
async fn csr_a_city_checklist_a_self_assessment_over_two_sittings_certified_published_renewed() {
    for app in TestApp::each(false).await {
        let (c, _) = company(&app, "CSR認証テスト株式会社", SAITAMA).await;
        let (other, _) = company(&app, "CSR別会社株式会社", SAITAMA).await;
        let p = people(&app, &c, &other).await;
        let saitama = city(SAITAMA);

        // The checklist: a bad row refuses the whole file; read-only staff cannot import.
        let (status, page) = import(&p.officer, xlsx(true), "2").await;
        assert_eq!(status, 422, "{}", app.backend);
        assert!(page.contains("8行目"), "{page}");
        assert!(app.store.checklists_of(&saitama).await.unwrap().is_empty());
        assert_eq!(import(&p.reader, xlsx(false), "2").await.0, 403);
        assert_eq!(import(&p.officer, xlsx(false), "9").await.0, 422);
        let (status, to) = import(&p.officer, xlsx(false), "2").await;
        assert_eq!(status, 303, "{to}");
        let v1 = app
            .store
            .current_checklist(&saitama)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((v1.version_no, v1.list.items.len()), (1, 6));

        // Every question, before anyone starts; the checklist back as XLSX.
        let (status, page) = p.visitor.get_text(&format!("/cities/{SAITAMA}/csr")).await;
        assert_eq!(status, 200);
        assert!(page.contains("後進企業に助言している") && page.contains("財務基準"));
        let r = p
            .visitor
            .get(&format!("/cities/{SAITAMA}/csr/checklist.xlsx"))
            .await;
        assert_eq!(r.status().as_u16(), 200);
        let table = renkei_io::read(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(table.rows.len(), 6);
        assert_eq!(table.rows[0].cells[2], "守-01");

        let id = started(&app, &p).await;
        sittings(&app, &p, id).await;
        certified(&app, &p, id).await;
        published(&app, &p, id, &c).await;
        renewed(&app, &p, id).await;
        let actions = audit_actions(&app, Some(SAITAMA), 200).await;
        for a in [
            "csr_checklist.create",
            "csr_certification.certify",
            "csr_certification.lapse",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a}: {actions:?}");
        }
    }
}

/// The company starts; a second start while under way is refused; who reads it.
async fn started(app: &TestApp, p: &People) -> i64 {
    let start = format!("/cities/{SAITAMA}/csr/certifications");
    assert_eq!(posted(&p.officer, &start, &[]).await.0, 403);
    let (status, to) = posted(&p.firm, &start, &[]).await;
    assert_eq!(status, 303, "{to}");
    let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    assert_eq!(posted(&p.firm, &start, &[]).await.0, 409);
    let page = format!("/csr/certifications/{id}");
    assert_eq!(p.coord.status(&page).await, 200);
    assert_eq!(p.reader.status(&page).await, 200);
    assert_eq!(p.chiba.status(&page).await, 404);
    assert_eq!(p.other.status(&page).await, 404);
    assert_ne!(p.visitor.status(&page).await, 200);
    assert_eq!(record(app, id).await.state, State::Draft);
    id
}

/// Two sittings: some answers saved, the rest later; a stale save is a conflict; a required
/// item answered no refuses the application.
async fn sittings(app: &TestApp, p: &People, id: i64) {
    let first = [
        ("a_守-01", "yes"),
        ("n_守-01", "就業規則を確認"),
        ("a_伸-01", "yes"),
    ];
    assert_eq!(answer(app, &p.firm, id, &first).await.0, 303);
    let r = record(app, id).await;
    assert_eq!(r.answers.len(), 2);
    assert_eq!(r.answers["守-01"].note, "就業規則を確認");
    let stale = (r.version - 1).to_string();
    let path = format!("/csr/certifications/{id}/answers");
    let (status, _) = posted(&p.firm, &path, &[("version", &stale), ("a_伸-02", "yes")]).await;
    assert_eq!(status, 409);
    assert_eq!(answer(app, &p.officer, id, &first).await.0, 403);
    let (status, page) = answer(app, &p.firm, id, &[("a_伸-02", "maybe")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("href=\"#f-answers\""), "{page}");
    assert_eq!(record(app, id).await.answers.len(), 2, "nothing partial");

    // Too early: not every item answered.
    assert_eq!(step(app, &p.firm, id, &[("move", "apply")]).await.0, 409);
    // The second sitting: every item, but the required financial criterion no.
    let second = [
        ("a_守-01", "yes"),
        ("n_守-01", "就業規則を確認"),
        ("a_守-02", "na"),
        ("a_伸-01", "yes"),
        ("a_伸-02", "yes"),
        ("a_伸-03", "in_progress"),
        ("a_財-01", "no"),
    ];
    assert_eq!(answer(app, &p.firm, id, &second).await.0, 303);
    let (status, body) = step(app, &p.firm, id, &[("move", "apply")]).await;
    assert_eq!(status, 409);
    assert!(body.contains("認証の基準を満たしていない"), "{body}");
    let (_, page) = p.firm.get_text(&format!("/csr/certifications/{id}")).await;
    assert!(
        page.contains("必須の項目「財-01」が「はい」ではありません"),
        "{page}"
    );
    let mut fixed = second.to_vec();
    fixed.retain(|(k, _)| *k != "a_財-01");
    fixed.push(("a_財-01", "yes"));
    assert_eq!(answer(app, &p.firm, id, &fixed).await.0, 303);
    assert_eq!(step(app, &p.officer, id, &[("move", "apply")]).await.0, 403);
    assert_eq!(step(app, &p.firm, id, &[("move", "apply")]).await.0, 303);
    assert_eq!(record(app, id).await.state, State::Applied);
    // Applied: the answers no longer change.
    assert_eq!(answer(app, &p.firm, id, &fixed).await.0, 409);
}

/// The staff check and interview; the committee decides with its reasons.
async fn certified(app: &TestApp, p: &People, id: i64) {
    assert_eq!(step(app, &p.firm, id, &[("move", "check")]).await.0, 403);
    assert_eq!(step(app, &p.coord, id, &[("move", "check")]).await.0, 403);
    let (status, body) = step(app, &p.officer, id, &[("move", "interview")]).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("書類の確認を終えて"), "{body}");
    assert_eq!(step(app, &p.officer, id, &[("move", "check")]).await.0, 303);
    let (status, page) = step(
        app,
        &p.officer,
        id,
        &[("move", "interview"), ("held_on", "2099-01-01")],
    )
    .await;
    assert_eq!(status, 422);
    for f in ["held_on", "attendees", "notes"] {
        assert!(page.contains(&format!("href=\"#f-{f}\"")), "{f}: {page}");
    }
    let today = Utc::now().date_naive().to_string();
    let interview = [
        ("move", "interview"),
        ("held_on", today.as_str()),
        ("attendees", "代表取締役、市の担当者2名"),
        ("notes", "2時間の面談で取組を確認した"),
    ];
    assert_eq!(step(app, &p.officer, id, &interview).await.0, 303);
    let r = record(app, id).await;
    assert_eq!(r.interview_attendees, "代表取締役、市の担当者2名");
    let (status, page) = step(app, &p.officer, id, &[("move", "certify")]).await;
    assert_eq!(status, 422, "{page}");
    let reasons = [("move", "certify"), ("text", "基準をすべて満たす")];
    assert_eq!(step(app, &p.officer, id, &reasons).await.0, 303);
    let r = record(app, id).await;
    assert_eq!(r.state, State::Certified);
    assert_eq!(r.decision_reason, "基準をすべて満たす");
    let on = r.certified_on.unwrap();
    let fy = renkei_domain::jdate::fiscal_year(on);
    assert_eq!(r.term_ends_on, NaiveDate::from_ymd_opt(fy + 2, 3, 31));
    assert_eq!(
        r.number.as_deref(),
        Some(format!("CSR-R{}-{SAITAMA}-{id:04}", fy - 2018).as_str())
    );
}

/// Published: the registry (page, CSV, JSON), the certificate and the answers download.
async fn published(app: &TestApp, p: &People, id: i64, c: &CompanyRecord) {
    let registry = format!("/cities/{SAITAMA}/csr/registry");
    assert!(!p.visitor.get_text(&registry).await.1.contains(&c.name));
    assert_eq!(
        step(app, &p.officer, id, &[("move", "publish")]).await.0,
        303
    );
    let number = record(app, id).await.number.unwrap();
    let (status, page) = p.visitor.get_text(&registry).await;
    assert_eq!(status, 200);
    assert!(page.contains(&c.name) && page.contains(&number), "{page}");
    assert!(
        p.visitor
            .get_text("/csr/registry")
            .await
            .1
            .contains(&c.name)
    );
    let (_, csv) = p.visitor.get_text("/csr/registry.csv").await;
    assert!(csv.contains(&number) && csv.contains("CC BY 4.0"), "{csv}");
    let (status, json) = p.visitor.get_json("/csr/registry.json").await;
    assert_eq!(status, 200);
    assert_eq!(json["license"], "CC BY 4.0");
    assert_eq!(json["companies"][0]["number"], number.as_str());
    let (_, api) = p.visitor.get_json("/api/v1/csr/registry?city=111007").await;
    assert_eq!(api["companies"].as_array().unwrap().len(), 1);
    for (path, magic) in [
        ("certificate.pdf", &b"%PDF"[..]),
        ("answers.pdf", &b"%PDF"[..]),
        ("answers.xlsx", &b"PK"[..]),
    ] {
        let r = p
            .firm
            .get(&format!("/csr/certifications/{id}/{path}"))
            .await;
        assert_eq!(r.status().as_u16(), 200, "{path}");
        assert!(r.bytes().await.unwrap().starts_with(magic), "{path}");
        let chiba = p
            .chiba
            .get(&format!("/csr/certifications/{id}/{path}"))
            .await;
        assert_eq!(chiba.status().as_u16(), 404, "{path}");
    }
    let (_, notices) = p.firm.get_text("/notifications").await;
    assert!(notices.contains("CSRチャレンジ企業認証"), "{notices}");
}

/// A new version leaves the answers tied to theirs; the renewal starts from the previous
/// answers against the new version, a change highlighted; withdrawn; the original lapses.
async fn renewed(app: &TestApp, p: &People, id: i64) {
    let form = [
        ("title", "テストCSRチェックリスト 改訂"),
        ("grow_min", "1"),
        ("term_years", "3"),
        ("protect_all", "on"),
    ];
    let path = format!("/cities/{SAITAMA}/csr/thresholds");
    assert_eq!(posted(&p.reader, &path, &form).await.0, 403);
    assert_eq!(posted(&p.officer, &path, &form).await.0, 303);
    let saitama = city(SAITAMA);
    let v2 = app
        .store
        .current_checklist(&saitama)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v2.version_no, 2);
    let held = record(app, id).await;
    assert_ne!(
        held.checklist_id, v2.id,
        "the answers stay tied to version 1"
    );

    let renew = format!("/csr/certifications/{id}/renew");
    assert_eq!(posted(&p.officer, &renew, &[]).await.0, 403);
    let (status, to) = posted(&p.firm, &renew, &[]).await;
    assert_eq!(status, 303, "{to}");
    let next: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    let r = record(app, next).await;
    assert_eq!((r.checklist_id, r.previous_id), (v2.id, Some(held.id)));
    assert_eq!(r.answers, held.answers);
    assert_eq!(
        answer(app, &p.firm, next, &[("a_伸-03", "yes")]).await.0,
        303
    );
    let (_, page) = p
        .firm
        .get_text(&format!("/csr/certifications/{next}"))
        .await;
    assert!(page.contains("前回から変更"), "{page}");
    let withdraw = [("move", "withdraw"), ("text", "中小企業の規模を超えたため")];
    assert_eq!(step(app, &p.officer, next, &withdraw).await.0, 303);
    assert_eq!(record(app, next).await.state, State::Withdrawn);

    let lapse = [("move", "lapse"), ("text", "更新されず認証期間が満了")];
    assert_eq!(step(app, &p.firm, id, &lapse).await.0, 403);
    assert_eq!(step(app, &p.officer, id, &lapse).await.0, 303);
    let r = record(app, id).await;
    assert_eq!(
        (r.state, r.end_reason.as_str()),
        (State::Lapsed, "更新されず認証期間が満了")
    );
    let registry = p.visitor.get_text("/csr/registry").await.1;
    assert!(!registry.contains("CSR認証テスト株式会社"));
}

/// A certification of `c` certified on `on` with a term ending on `ends`, straight in the store.
pub(crate) async fn held(
    app: &TestApp,
    c: &CompanyRecord,
    (on, ends): (NaiveDate, NaiveDate),
) -> i64 {
    let system = Actor::system("test");
    let saitama = city(SAITAMA);
    let list = Checklist {
        categories: Vec::new(),
        items: Vec::new(),
    };
    let v = app
        .store
        .insert_checklist(
            &saitama,
            ("リマインダー確認", &list, &Thresholds::default()),
            &system,
        )
        .await
        .unwrap();
    let tx = app.store.begin().await.unwrap();
    let mut r = app
        .store
        .insert_certification(&tx, (&saitama, c.id, v.id), None, &system)
        .await
        .unwrap();
    let steps = [
        (Move::Apply, Party::Company, State::Applied),
        (Move::CheckEvidence, Party::Staff, State::Checked),
        (Move::Interview, Party::Staff, State::Interviewed),
        (
            Move::Certify("基準を満たす".into()),
            Party::Committee,
            State::Certified,
        ),
        (Move::Publish, Party::Staff, State::Published),
    ];
    for (m, party, to) in steps {
        let mut w = CertificationWrite::default();
        if to == State::Certified {
            w.certified = Some(("CSR-TEST".into(), on, ends));
        }
        r = app
            .store
            .write_certification_move(&tx, &r, to, party, &m, &w, &system)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    r.id.0
}

#[tokio::test]
async fn csr_renewal_reminders_go_90_and_30_days_before_once_each_across_nodes() {
    for app in TestApp::each(false).await {
        let (c, _) = company(&app, "CSR更新通知テスト株式会社", SAITAMA).await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let now = Utc::now();
        let today = now.date_naive();
        let ends = today + Duration::days(100);
        let id = held(&app, &c, (today, ends)).await;
        let one = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let two = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let remind = |at: chrono::DateTime<Utc>| {
            let (one, two) = (&one, &two);
            async move {
                let (a, b) = tokio::join!(
                    renkei_app::csr::certification::remind_renewals(one, at),
                    renkei_app::csr::certification::remind_renewals(two, at)
                );
                a.unwrap() + b.unwrap()
            }
        };
        // 100 days left: nothing yet.
        assert_eq!(remind(now).await, 0);
        // 85 days left: the 90-day reminder, once between the nodes, then no more.
        let at = now + Duration::days(15);
        assert_eq!(remind(at).await, 1, "{}", app.backend);
        assert_eq!(remind(at).await, 0);
        assert_eq!(remind(now + Duration::days(40)).await, 0);
        // 25 days left: the 30-day reminder, once.
        let at = now + Duration::days(75);
        assert_eq!(remind(at).await, 1);
        assert_eq!(remind(at).await, 0);
        let r = record(&app, id).await;
        assert_eq!(r.reminded, [true, true]);
        let (_, notices) = firm.get_text("/notifications").await;
        assert!(notices.contains("更新の申請をお願いします"), "{notices}");

        // A renewal under way: no reminder for it.
        let (d, _) = company(&app, "CSR更新中テスト株式会社", SAITAMA).await;
        let other = held(&app, &d, (today, today + Duration::days(20))).await;
        let tx = app.store.begin().await.unwrap();
        let previous = record(&app, other).await;
        let system = Actor::system("test");
        app.store
            .insert_certification(
                &tx,
                (&previous.city, d.id, previous.checklist_id),
                Some(&previous),
                &system,
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(remind(now).await, 0);
    }
}

#[tokio::test]
async fn csr_a_term_that_ended_unrenewed_lapses_by_itself_once_across_nodes() {
    for app in TestApp::each(false).await {
        let (c, _) = company(&app, "CSR期間満了テスト株式会社", SAITAMA).await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let visitor = app.another_node().await;
        let now = Utc::now();
        let today = renkei_app::consultations::today();
        let id = held(&app, &c, (today, today + Duration::days(10))).await;
        let one = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let two = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let lapse = |at: chrono::DateTime<Utc>| {
            let (one, two) = (&one, &two);
            async move {
                let (a, b) = tokio::join!(
                    renkei_app::csr::certification::lapse_ended(one, at),
                    renkei_app::csr::certification::lapse_ended(two, at)
                );
                a.unwrap() + b.unwrap()
            }
        };
        // On the term's last day it still holds, and shows in the registry.
        assert_eq!(lapse(now + Duration::days(10)).await, 0);
        assert_eq!(record(&app, id).await.state, State::Published);
        let registry = visitor.get_text("/csr/registry").await.1;
        assert!(registry.contains("CSR期間満了テスト株式会社"), "{registry}");

        // The day after: lapsed once between the two nodes, the term named as the reason.
        assert_eq!(lapse(now + Duration::days(11)).await, 1, "{}", app.backend);
        assert_eq!(lapse(now + Duration::days(12)).await, 0);
        let r = record(&app, id).await;
        let end = renkei_domain::jdate::wareki(today + Duration::days(10));
        assert_eq!(
            (r.state, r.end_reason),
            (
                State::Lapsed,
                format!("認証期間（{end}まで）の満了により失効")
            )
        );
        let registry = visitor.get_text("/csr/registry").await.1;
        assert!(!registry.contains("CSR期間満了テスト株式会社"));
        let (_, notices) = firm.get_text("/notifications").await;
        assert!(notices.contains("失効を記録する"), "{notices}");
    }
}

#[tokio::test]
async fn csr_a_contribution_tied_to_support_is_proposed_by_the_company_and_confirmed_by_the_city() {
    for app in TestApp::each(false).await {
        let (c, product) = company(&app, "地域貢献テスト株式会社", SAITAMA).await;
        let support = renkei_domain::product::SupportDraft {
            measure: "development.grants-loans".into(),
            provider: "own".into(),
            outcome: "補助金に採択".into(),
            ..Default::default()
        }
        .validate(&city(SAITAMA))
        .unwrap();
        let s = app
            .store
            .add_support(
                &product,
                &support,
                Default::default(),
                &Actor::system("test"),
            )
            .await
            .unwrap();
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (officer, _) = person(&app, &[staff(SAITAMA, false)]).await;
        let (coord, _) = person(
            &app,
            &[Role::Coordinator {
                city: city(SAITAMA),
            }],
        )
        .await;
        let (chiba, _) = person(&app, &[staff(CHIBA, false)]).await;
        let path = format!("/companies/{}/contributions", c.id);
        let sid = s.id.to_string();
        let form = [
            ("kind", "mentoring"),
            ("title", "創業企業への助言"),
            ("happened_on", "令和8年11月20日"),
            ("support", sid.as_str()),
        ];
        let (status, page) = posted(&firm, &path, &[("kind", "x"), ("support", "999999")]).await;
        assert_eq!(status, 422);
        for f in ["kind", "title", "happened_on"] {
            assert!(page.contains(&format!("href=\"#f-{f}\"")), "{f}");
        }
        let (status, page) = posted(
            &firm,
            &path,
            &[
                ("support", "999999"),
                ("kind", "tour"),
                ("title", "見学会"),
                ("happened_on", "2026-11-01"),
            ],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("href=\"#f-support\""), "{page}");
        assert_eq!(posted(&officer, &path, &form).await.0, 403);
        assert_eq!(posted(&chiba, &path, &form).await.0, 404);
        assert_eq!(posted(&firm, &path, &form).await.0, 303);
        let made = app.store.contributions_of_company(c.id).await.unwrap();
        assert_eq!((made.len(), made[0].support_id), (1, s.id));
        let mv = format!("/csr/contributions/{}/move", made[0].id);
        let v = made[0].version.to_string();
        let confirm = [("move", "confirm"), ("version", v.as_str())];
        assert_eq!(posted(&firm, &mv, &confirm).await.0, 403);
        assert_eq!(posted(&coord, &mv, &confirm).await.0, 403);
        assert_eq!(posted(&chiba, &mv, &confirm).await.0, 404);
        let (status, _) = posted(&officer, &mv, &[("move", "decline"), ("version", &v)]).await;
        assert_eq!(status, 422, "a decline names its reason");
        assert_eq!(posted(&officer, &mv, &confirm).await.0, 303);
        assert_eq!(posted(&officer, &mv, &confirm).await.0, 409);
        let (_, page) = firm.get_text(&format!("/companies/{}", c.id)).await;
        assert!(page.contains("創業企業への助言"), "{page}");
        let (_, page) = officer.get_text(&format!("/cities/{SAITAMA}/csr")).await;
        assert!(page.contains("後進企業へのメンタリング：1"), "{page}");
    }
}

#[tokio::test]
async fn csr_the_demo_runs_saitamas_scheme_with_example_items_a_certified_company_and_one_under_way()
 {
    use renkei_domain::csr::checklist::Kind;
    for app in TestApp::each(true).await {
        renkei_web::demo::load_accounts(&app.store).await.unwrap();
        renkei_web::demo::load_consultations(&app.store)
            .await
            .unwrap();
        let saitama = city(SAITAMA);
        let list = app
            .store
            .current_checklist(&saitama)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(list.list.count(Kind::Protect), 31);
        assert_eq!(list.list.count(Kind::Grow), 59);
        assert!(list.list.items.iter().all(|i| i.example));
        let all = app.store.certifications_of_city(&saitama).await.unwrap();
        let states: Vec<State> = all.iter().map(|r| r.state).collect();
        assert!(states.contains(&State::Published) && states.contains(&State::Draft));
        let published = all.iter().find(|r| r.state == State::Published).unwrap();
        let visitor = app.another_node().await;
        let (_, page) = visitor.get_text("/csr/registry").await;
        assert!(
            page.contains(published.number.as_deref().unwrap()),
            "{page}"
        );
        let given = app
            .store
            .contributions_of_company(published.company_id)
            .await
            .unwrap();
        assert_eq!(
            given[0].state,
            renkei_domain::csr::contribution::State::Confirmed
        );
    }
}

#[tokio::test]
async fn csr_members_ask_one_another_for_matching_and_the_member_asked_answers() {
    for app in TestApp::each(false).await {
        let today = Utc::now().date_naive();
        let term = (today, today + Duration::days(300));
        let (a, _) = company(&app, "CSR会員A株式会社", SAITAMA).await;
        let (b, _) = company(&app, "CSR会員B株式会社", CHIBA).await;
        let (outsider, _) = company(&app, "CSR非会員株式会社", SAITAMA).await;
        held(&app, &a, term).await;
        held(&app, &b, term).await;
        let (asker, _) = person(&app, &[Role::CompanyUser { company: a.id.0 }]).await;
        let (asked, _) = person(&app, &[Role::CompanyUser { company: b.id.0 }]).await;
        let (other, _) = person(
            &app,
            &[Role::CompanyUser {
                company: outsider.id.0,
            }],
        )
        .await;
        let (chiba, _) = person(&app, &[staff(CHIBA, true)]).await;

        // The directory: members and every city's staff; not a company without a certification.
        let (status, page) = asker.get_text("/csr/community").await;
        assert_eq!(status, 200);
        assert!(page.contains("CSR会員B株式会社"), "{page}");
        assert_eq!(chiba.status("/csr/community").await, 200);
        assert_eq!(other.status("/csr/community").await, 403);

        let b_id = b.id.0.to_string();
        let ask = [
            ("asked", b_id.as_str()),
            ("message", "共同で見守り機器を開発したい"),
        ];
        assert_eq!(posted(&other, "/csr/matching", &ask).await.0, 403);
        let own = a.id.0.to_string();
        let (status, page) =
            posted(&asker, "/csr/matching", &[("asked", &own), ("message", "")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("href=\"#f-asked\"") && page.contains("href=\"#f-message\""));
        assert_eq!(posted(&asker, "/csr/matching", &ask).await.0, 303);
        let r = app.store.matchings_of(b.id).await.unwrap().remove(0);
        let path = format!("/csr/matching/{}/move", r.id);
        let v = r.version.to_string();
        let accept = [("move", "accept"), ("version", v.as_str())];
        assert_eq!(
            posted(&asker, &path, &accept).await.0,
            403,
            "the asker does not accept"
        );
        assert_eq!(posted(&other, &path, &accept).await.0, 404);
        assert_eq!(posted(&asked, &path, &accept).await.0, 303);
        let r = app.store.matching(r.id).await.unwrap();
        assert_eq!(
            r.state,
            renkei_domain::csr::contribution::MatchState::Accepted
        );
        let (_, notices) = asker.get_text("/notifications").await;
        assert!(notices.contains("承諾する"), "{notices}");
    }
}
