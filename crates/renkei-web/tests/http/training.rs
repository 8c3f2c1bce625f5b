//! Coordinators' training, on each test database, through HTTP: a city's staff define a
//! curriculum (another city's staff cannot change it; a stale version is a conflict), tie
//! two training events to its modules; a coordinator registers for each as a person, is
//! checked in at one from the QR code's page and ticked on the list at the other; the hours
//! count per module and stage, the certificate is issued once and its PDF is a PDF; an
//! external course is recorded by the city's staff; the city's matrix and gaps, the network's
//! counts (page, CSV, API); companies and the public have no part in it.

use chrono::Duration;
use renkei_domain::access::Role;
use renkei_domain::product::ProductDraft;
use renkei_store::{Actor, EventLinks, EventRecord, UserId};

use crate::consultations::{company, person, posted};
use crate::event_fixtures::{published, training};
use crate::helpers::{TestApp, audit_actions, staff};

const CHIBA: &str = "121002";
const HIROSHIMA: &str = "341002";

fn coordinator(code: &str) -> Role {
    Role::Coordinator {
        city: crate::helpers::city(code),
    }
}

/// A Chiba training event starting in `days` days (negative: under way), open to register.
async fn course(app: &TestApp, title: &str, days: i64) -> EventRecord {
    let mut input = training(title, 10, 20);
    if days < 0 {
        let now = chrono::Utc::now();
        input.starts_at = now + Duration::days(days);
        input.ends_at = input.starts_at + Duration::hours(3);
        input.registration_opens_at = input.starts_at - Duration::days(5);
        input.registration_closes_at = now + Duration::hours(1);
        input.cancel_until = input.registration_closes_at;
    }
    let city = crate::helpers::city(CHIBA);
    published(&app.store, &city, &input, &EventLinks::default()).await
}

/// Registers `node`'s person for `e` through its page's form: the answer's status.
async fn register(node: &TestApp, e: &EventRecord) -> u16 {
    let q = e.quotas[0].id.to_string();
    let path = format!("/events/{}/register", e.id);
    posted(node, &path, &[("quota", &q)]).await.0
}

#[tokio::test]
async fn a_curriculum_its_courses_hours_certificate_matrix_and_the_network_counts() {
    for app in TestApp::each(false).await {
        let (officer, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (reader, _) = person(&app, &[staff(CHIBA, true)]).await;
        let (hiroshima, _) = person(&app, &[staff(HIROSHIMA, false)]).await;
        let (hiroshima_coord, _) = person(&app, &[coordinator(HIROSHIMA)]).await;
        let (coord, a) = person(&app, &[coordinator(CHIBA)]).await;
        let (other_coord, b) = person(&app, &[coordinator(CHIBA)]).await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: 1 }]).await;
        let visitor = app.another_node().await;

        let people = People {
            reader: &reader,
            other_coord: &other_coord,
            hiroshima: &hiroshima,
            hiroshima_coord: &hiroshima_coord,
            firm: &firm,
            visitor: &visitor,
        };
        let id = curriculum(&app, &officer, &people).await;

        // Two training events, each tied to a module.
        let first = course(&app, "薬事の基礎研修", -1).await;
        let second = course(&app, "販路開拓の実務研修", -1).await;
        let link = format!("/training/curricula/{id}/courses");
        let e1 = first.id.to_string();
        let e2 = second.id.to_string();
        let (status, page) = posted(
            &officer,
            &link,
            &[("event", &e1), ("module", "9"), ("hours", "x")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(page.contains("href=\"#f-module\"") && page.contains("href=\"#f-hours\""));
        assert_eq!(
            posted(&hiroshima, &link, &[("event", &e1), ("module", "1")])
                .await
                .0,
            403
        );
        let ok = [("event", e1.as_str()), ("module", "1"), ("hours", "３")];
        assert_eq!(posted(&officer, &link, &ok).await.0, 303);
        assert_eq!(
            posted(&officer, &link, &[("event", &e2), ("module", "2")])
                .await
                .0,
            303
        );

        // The coordinator registers as a person; another city's coordinator and a company
        // cannot.
        assert_eq!(register(&coord, &first).await, 303);
        assert_eq!(register(&hiroshima_coord, &first).await, 422);
        assert_ne!(register(&firm, &first).await, 303);
        assert_eq!(register(&coord, &second).await, 303);
        let regs = app.store.event_registrations(first.id).await.unwrap();
        let mine = regs
            .iter()
            .find(|r| r.user_id == Some(UserId(a)))
            .expect("registered");
        assert!(mine.company_id.is_none());

        // Checked in from the QR code's page: three hours at module 1, ③ and ④, no certificate.
        let (_, code) = app.store.event_registration_tokens(mine.id).await.unwrap();
        let check_in = format!("/cities/{CHIBA}/events/{}/check-in", first.id);
        let v = mine.version.to_string();
        let r = officer
            .post_form(&check_in, &[("code", code.as_str()), ("version", &v)])
            .await;
        assert_eq!(r.status().as_u16(), 200, "{}", app.backend);
        let records = app.store.training_records_of(UserId(a)).await.unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].half_hours, 6);
        assert!(
            app.store
                .certificates_of(UserId(a))
                .await
                .unwrap()
                .is_empty()
        );

        // Ticked on the list at the second: every module met, the certificate issued.
        let regs = app.store.event_registrations(second.id).await.unwrap();
        let r2 = regs.iter().find(|r| r.user_id == Some(UserId(a))).unwrap();
        let moved = format!("/cities/{CHIBA}/events/{}/registrations/move", second.id);
        let (rid, v2) = (r2.id.to_string(), r2.version.to_string());
        let form = [
            ("registration", rid.as_str()),
            ("version", v2.as_str()),
            ("move", "check_in"),
            ("reason", ""),
        ];
        assert_eq!(posted(&officer, &moved, &form).await.0, 303);
        let certs = app.store.certificates_of(UserId(a)).await.unwrap();
        assert_eq!(certs.len(), 1, "{}", app.backend);
        assert_eq!(certs[0].half_hours, 9);
        assert!(certs[0].number.ends_with(&format!("{:05}", certs[0].id.0)));

        // An external course for the same curriculum issues nothing more.
        let records_path = format!("/coordinators/{a}/training/records");
        let external = [
            ("title", "医療機器開発人材育成講座"),
            ("provider", "厚生労働省"),
            ("held_on", "令和8年11月20日"),
            ("hours", "１．５"),
            ("module", &format!("{id}:2")),
        ];
        let (status, page) = posted(&officer, &records_path, &[("hours", "0.3")]).await;
        assert_eq!(status, 422);
        for field in ["held_on", "hours", "provider", "title", "stages"] {
            assert!(page.contains(&format!("href=\"#f-{field}\"")), "{field}");
        }
        assert_eq!(posted(&coord, &records_path, &external).await.0, 403);
        assert_eq!(posted(&hiroshima, &records_path, &external).await.0, 404);
        assert_eq!(posted(&officer, &records_path, &external).await.0, 303);
        assert_eq!(app.store.certificates_of(UserId(a)).await.unwrap().len(), 1);
        let actions = audit_actions(&app, Some(CHIBA), 100).await;
        for a in [
            "training_curriculum.create",
            "training_curriculum.update",
            "training_course.set",
            "training_record.create",
            "training_certificate.issue",
        ] {
            assert!(actions.contains(&a.to_owned()), "{a}");
        }

        personal_pages(&people, &coord, certs[0].id.to_string(), a).await;
        gaps_and_counts(&app, &people, (a, b)).await;
    }
}

/// Who looks at the figures.
struct People<'a> {
    reader: &'a TestApp,
    other_coord: &'a TestApp,
    hiroshima: &'a TestApp,
    hiroshima_coord: &'a TestApp,
    firm: &'a TestApp,
    visitor: &'a TestApp,
}

/// A curriculum of Chiba defined by `officer` (every problem at its field first), read across
/// the network and changed from its version: its id.
async fn curriculum(app: &TestApp, officer: &TestApp, people: &People<'_>) -> i64 {
    let People {
        reader,
        hiroshima,
        hiroshima_coord,
        firm,
        visitor,
        ..
    } = people;
    // A curriculum of Chiba: every problem at its field first, then two modules.
    let new = format!("/cities/{CHIBA}/training/curricula/new");
    let (status, page) = posted(officer, &new, &[("module_0_title", "薬事")]).await;
    assert_eq!(status, 422);
    for field in ["title", "module_0"] {
        assert!(page.contains(&format!("href=\"#f-{field}\"")), "{field}");
    }
    let fields = [
        ("title", "医工連携コーディネーター基礎課程"),
        ("module_0_title", "薬事の基礎"),
        ("module_0_stages", "regulatory"),
        ("module_0_stages", "certification"),
        ("module_0_hours", "３"),
        ("module_1_title", "販路開拓の実務"),
        ("module_1_stages", "sales"),
        ("module_1_hours", "1.5"),
    ];
    assert_eq!(posted(reader, &new, &fields).await.0, 403);
    assert_eq!(posted(hiroshima, &new, &fields).await.0, 403);
    let (status, to) = posted(officer, &new, &fields).await;
    assert_eq!(status, 303, "{to}");
    let id: i64 = to
        .trim_start_matches("/training/curricula/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let c = app
        .store
        .curriculum(renkei_store::CurriculumId(id))
        .await
        .unwrap();
    assert_eq!(c.modules.len(), 2);
    assert_eq!((c.modules[0].half_hours, c.modules[1].half_hours), (6, 3));

    // Read across the network; changed by its city's full staff only, from the version.
    let page_path = format!("/training/curricula/{id}");
    assert_eq!(hiroshima_coord.status(&page_path).await, 200);
    assert_eq!(firm.status(&page_path).await, 403);
    assert_eq!(visitor.status(&page_path).await, 303, "sign in first");
    let edit = format!("/training/curricula/{id}/edit");
    let mut changed = fields.to_vec();
    changed.extend([
        ("version", "1"),
        ("module_0_key", "1"),
        ("module_1_key", "2"),
    ]);
    assert_eq!(posted(hiroshima, &edit, &changed).await.0, 403);
    assert_eq!(posted(officer, &edit, &changed).await.0, 303);
    assert_eq!(posted(officer, &edit, &changed).await.0, 409, "stale");
    id
}

/// The certificate's PDF and the coordinator's page: theirs and their city's only.
async fn personal_pages(people: &People<'_>, coord: &TestApp, cert: String, a: i64) {
    let People {
        reader,
        other_coord,
        hiroshima,
        hiroshima_coord,
        firm,
        visitor,
    } = people;
    // The certificate as a PDF, for whoever reads the coordinator's training.
    let pdf_path = format!("/training/certificates/{cert}/certificate.pdf");
    let r = coord.get(&pdf_path).await;
    assert_eq!(r.status().as_u16(), 200);
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    assert_eq!(hiroshima.status(&pdf_path).await, 404);
    assert_eq!(firm.status(&pdf_path).await, 404);

    // The coordinator's page: own and their city's; nobody else learns of it.
    let mine_path = format!("/coordinators/{a}/training");
    let (status, page) = coord.get_text(&mine_path).await;
    assert_eq!(status, 200);
    assert!(page.contains("医工連携コーディネーター基礎課程") && page.contains("厚生労働省"));
    assert_eq!(other_coord.status(&mine_path).await, 200);
    assert_eq!(reader.status(&mine_path).await, 200);
    assert_eq!(hiroshima.status(&mine_path).await, 404);
    assert_eq!(hiroshima_coord.status(&mine_path).await, 404);
    assert_eq!(firm.status(&mine_path).await, 404);
    assert_eq!(visitor.status(&mine_path).await, 303);
}

/// The city's matrix and gaps, the network's counts, once coordinator `a` holds the
/// certificate and `b` none.
async fn gaps_and_counts(app: &TestApp, people: &People<'_>, (a, b): (i64, i64)) {
    let People {
        reader,
        other_coord,
        hiroshima,
        hiroshima_coord,
        firm,
        visitor,
    } = people;
    // The city's matrix and gaps: products at ④ (trained) and ⑥ (nobody trained; b's
    // profile names it) — ⑥ is flagged.
    let (_, _) = company(app, "研修確認用の企業").await;
    let (c2, _) = company(app, "治験段階の企業").await;
    let p = ProductDraft {
        name: "治験中の装置".into(),
        stage: "6".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    app.store
        .create_product(&c2, &p, None, &Actor::system("test"))
        .await
        .unwrap();
    let profile = [
        ("stages", "clinical"),
        ("fields", "clinical"),
        ("capacity", "2"),
        ("availability", "accepting"),
    ];
    assert_eq!(
        posted(other_coord, &format!("/coordinators/{b}/profile"), &profile)
            .await
            .0,
        303
    );
    let t = renkei_app::training::city_training(
        &renkei_app::App::new(app.store.clone(), "http://renkei.test"),
        &renkei_app::access::Caller {
            subject: renkei_domain::access::Subject {
                roles: vec![staff(CHIBA, true)],
                person: None,
            },
            actor: Actor::system("test"),
        },
        &crate::helpers::city(CHIBA),
    )
    .await
    .unwrap();
    let regulatory = t.gaps[3];
    assert_eq!((regulatory.products, regulatory.trained), (2, 1));
    assert!(!regulatory.uncovered());
    let clinical = t.gaps[5];
    assert_eq!(
        (clinical.products, clinical.trained, clinical.experienced),
        (1, 0, 1)
    );
    assert!(clinical.uncovered());
    assert_eq!(t.rows.len(), 2);
    let city_path = format!("/cities/{CHIBA}/coordinators/training");
    let (status, page) = reader.get_text(&city_path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("不足（要育成）") && page.contains(&format!("/coordinators/{a}/training"))
    );
    assert_eq!(hiroshima.status(&city_path).await, 404);
    assert_eq!(firm.status(&city_path).await, 404);
    assert_eq!(visitor.status(&city_path).await, 303);

    // The network's counts: this fiscal year's hours (3 + 1.5 + 1.5) and one certificate.
    let year = renkei_app::training::this_fiscal_year();
    let (status, json) = hiroshima_coord
        .get_json(&format!("/api/v1/network/training?year={year}"))
        .await;
    assert_eq!(status, 200);
    let chiba = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["city"] == CHIBA)
        .unwrap();
    assert_eq!(chiba["certificates"], 1);
    assert_eq!(chiba["coordinators"], 2);
    assert_eq!(chiba["uncovered_stages"], serde_json::json!(["clinical"]));
    let held = records_in_year(app, a, year).await;
    assert_eq!(chiba["hours"].as_f64().unwrap(), held);
    let (status, csv) = reader.get_text("/network/training.csv").await;
    assert_eq!(status, 200);
    assert!(
        csv.contains("コーディネーター数") && csv.contains("千葉市"),
        "{csv}"
    );
    assert_eq!(reader.status("/network/training.xlsx").await, 200);
    assert_eq!(firm.get_json("/api/v1/network/training").await.0, 403);
    assert_eq!(visitor.status("/network/training").await, 303);
}

/// The hours of `user`'s records held in fiscal year `year`.
async fn records_in_year(app: &TestApp, user: i64, year: i32) -> f64 {
    let records = app.store.training_records_of(UserId(user)).await.unwrap();
    let halves: u32 = records
        .iter()
        .filter(|r| renkei_domain::jdate::fiscal_year(r.held_on) == year)
        .map(|r| r.half_hours)
        .sum();
    f64::from(halves) / 2.0
}
