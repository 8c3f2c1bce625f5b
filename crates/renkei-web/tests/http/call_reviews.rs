//! A wide-area award's review through the pages, on each test database: the four pilot
//! cities' call, blind, with applicants of 千葉市 and 熊本市; the office invites reviewers of
//! 千葉市, 熊本市 and さいたま市 and assigns in bulk — nobody ever gets an applicant of their
//! own city, by the bulk plan or by hand, nor can open one; a declared conflict takes the
//! unscored sheet back; no reviewer sees another's score before submitting their own; the
//! panel's figures show the mean, the median and the disagreement. Outsiders learn nothing;
//! a reviewer not assigned neither opens the application nor reads another's sheet.

use renkei_domain::access::Role;
use renkei_domain::call::application::{Move, Party, State};
use renkei_domain::call::{CallDraft, FieldDraft, Phase, PhaseMove};
use renkei_domain::company::CompanyDraft;
use renkei_store::{
    Actor, ApplicationDraft, ApplicationId, ApplicationWrite, CompanyRecord, UserId,
};

use crate::consultations::{person, posted};
use crate::helpers::{TestApp, city, staff};

const CHIBA: &str = "121002";
const SAITAMA: &str = "111007";
const KUMAMOTO: &str = "431001";
const HIROSHIMA: &str = "341002";

fn system() -> Actor {
    Actor::system("test")
}

async fn company(app: &TestApp, name: &str, home: &str) -> CompanyRecord {
    let draft = CompanyDraft {
        name: name.into(),
        size: "sme".into(),
        ..Default::default()
    }
    .validate(&city(home))
    .unwrap();
    app.store
        .create_company(&draft, &[], &system())
        .await
        .unwrap()
}

/// The wide-area award of the four pilot cities, blind, two reviewers each, in review.
async fn wide_area_call(app: &TestApp) -> i64 {
    wide_area_call_at(
        app,
        &[
            (Phase::Open, PhaseMove::Publish),
            (Phase::Screening, PhaseMove::EndApplications),
            (Phase::Review, PhaseMove::StartReview),
        ],
    )
    .await
}

/// The same call in draft: its id.
async fn draft_call(app: &TestApp) -> i64 {
    wide_area_call_at(app, &[]).await
}

/// The wide-area award moved by `moves` from its draft: its id.
async fn wide_area_call_at(app: &TestApp, moves: &[(Phase, PhaseMove)]) -> i64 {
    let today = (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive();
    let draft = CallDraft {
        title: "指定都市連携 広域ヘルスケア表彰".into(),
        kind: "wide_area_award".into(),
        measure_code: "development.grants-loans".into(),
        partner_cities: vec![SAITAMA.into(), KUMAMOTO.into(), HIROSHIMA.into()],
        opens_on: (today - chrono::Duration::days(20)).to_string(),
        closes_on: (today + chrono::Duration::days(20)).to_string(),
        reviewers_per_application: "2".into(),
        blind: true,
        eligibility: renkei_domain::call::EligibilityDraft {
            home: "call_cities".into(),
            ..Default::default()
        },
        fields: vec![FieldDraft {
            label: "取組の概要".into(),
            kind: "long_text".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let input = draft.validate(&city(CHIBA)).unwrap();
    let tx = app.store.begin().await.unwrap();
    let mut c = app
        .store
        .save_call(&tx, &city(CHIBA), None, &input, None, &system())
        .await
        .unwrap();
    for &(to, m) in moves {
        c = app
            .store
            .write_call_phase(&tx, &c, to, m, &system())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    c.id
}

/// An application of `c` to the call, submitted and accepted (in review): its id.
async fn in_review(app: &TestApp, call: i64, c: &CompanyRecord, seq: i64) -> i64 {
    let a = submitted(app, call, c, seq).await;
    let tx = app.store.begin().await.unwrap();
    let a = app
        .store
        .application_in(&tx, ApplicationId(a))
        .await
        .unwrap();
    let a = app
        .store
        .write_application_move(
            &tx,
            &a,
            State::InReview,
            Party::Office,
            &Move::Accept,
            &ApplicationWrite::default(),
            &system(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    a.id.0
}

/// An application of `c` to the call, submitted: its id.
async fn submitted(app: &TestApp, call: i64, c: &CompanyRecord, seq: i64) -> i64 {
    let tx = app.store.begin().await.unwrap();
    let mut draft = ApplicationDraft::default();
    draft
        .answers
        .insert("q1".into(), format!("地域の介護現場の取組（受付{seq}）"));
    let a = app
        .store
        .insert_application(&tx, call, c.id, &draft, None, &system())
        .await
        .unwrap();
    let receipt = ApplicationWrite {
        receipt: Some((seq, format!("R8-{call:04}-{seq:04}"))),
        ..Default::default()
    };
    let a = app
        .store
        .write_application_move(
            &tx,
            &a,
            State::Submitted,
            Party::Applicant,
            &Move::Submit,
            &receipt,
            &system(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    a.id.0
}

/// The sheet of `user` for application `a`, if assigned.
async fn sheet_of(app: &TestApp, a: i64, user: i64) -> Option<i64> {
    app.store
        .sheets_of_application(ApplicationId(a))
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.user_id == UserId(user))
        .map(|s| s.id.0)
}

/// Invites the account `user` to the panel as of `city` through the office's page.
async fn invite(app: &TestApp, desk: &TestApp, call: i64, user: i64, city: &str) {
    let (u, _) = app.store.user(UserId(user)).await.unwrap().unwrap();
    let email = u.email.to_string();
    let form = [
        ("email", email.as_str()),
        ("name", u.display_name.as_str()),
        ("city", city),
    ];
    let (status, to) = posted(desk, &format!("/calls/{call}/review/reviewers"), &form).await;
    assert_eq!(status, 303, "{to}");
}

#[tokio::test]
async fn a_wide_area_award_is_reviewed_by_several_cities_never_their_own() {
    for app in TestApp::each(false).await {
        let call = wide_area_call(&app).await;
        let a_chiba = company(&app, "千葉ヘルスケア株式会社", CHIBA).await;
        let b_kuma = company(&app, "熊本メディカル株式会社", KUMAMOTO).await;
        let a = in_review(&app, call, &a_chiba, 1).await;
        let b = in_review(&app, call, &b_kuma, 2).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let reviewer = [Role::Reviewer { call }];
        let (r_chiba, chiba_id) = person(&app, &reviewer).await;
        let (r_kuma, kuma_id) = person(&app, &reviewer).await;
        let (r_sai, sai_id) = person(&app, &reviewer).await;
        let (status, page) = posted(
            &desk,
            &format!("/calls/{call}/review/reviewers"),
            &[
                ("email", "not-an-address"),
                ("name", "審査 太郎"),
                ("city", ""),
            ],
        )
        .await;
        assert_eq!(status, 422, "{page}");
        assert!(page.contains(r##"href="#f-email""##));
        invite(&app, &desk, call, chiba_id, CHIBA).await;
        invite(&app, &desk, call, kuma_id, KUMAMOTO).await;
        invite(&app, &desk, call, sai_id, SAITAMA).await;
        assert_eq!(app.store.reviewers(call).await.unwrap().len(), 3);

        let assign = format!("/calls/{call}/review/assign");
        let (status, to) = posted(&desk, &assign, &[("all", "1")]).await;
        assert_eq!(status, 303, "{to}");
        assert_eq!(
            sheet_of(&app, a, chiba_id).await,
            None,
            "never one's own city"
        );
        assert_eq!(
            sheet_of(&app, b, kuma_id).await,
            None,
            "never one's own city"
        );
        for (app_id, user) in [(a, kuma_id), (a, sai_id), (b, chiba_id), (b, sai_id)] {
            assert!(
                sheet_of(&app, app_id, user).await.is_some(),
                "{app_id} → {user}"
            );
        }
        let (aid, cid) = (a.to_string(), chiba_id.to_string());
        let (status, page) = posted(
            &desk,
            &assign,
            &[("application", aid.as_str()), ("reviewer", cid.as_str())],
        )
        .await;
        assert_eq!(status, 422, "{page}");
        assert!(page.contains("自分の市の申請者は審査できません"), "{page}");
        assert_eq!(
            r_chiba.status(&format!("/applications/{a}")).await,
            404,
            "a reviewer of 千葉市 cannot open the applicant of 千葉市"
        );
        let r = r_chiba.get(&format!("/applications/{b}")).await;
        assert_eq!(
            r.status().as_u16(),
            303,
            "an assigned one opens on the sheet"
        );

        conflict(&app, &r_sai, call, &b_kuma, sai_id, b).await;
        scores(&app, (&r_kuma, &r_sai), (a, kuma_id, sai_id), &a_chiba.name).await;
        figures(&desk, call, &a_chiba.name).await;
        release(&app, &desk, call, (a, b), &a_chiba).await;
        outsiders(
            &app,
            call,
            (a, &a_chiba),
            sheet_of(&app, a, kuma_id).await.unwrap(),
        )
        .await;
    }
}

/// さいたま市's reviewer declares a conflict with the applicant of 熊本市: the unscored sheet
/// goes back, and assigning again finds nobody else who may review it.
async fn conflict(
    app: &TestApp,
    r_sai: &TestApp,
    call: i64,
    b_kuma: &CompanyRecord,
    sai: i64,
    b: i64,
) {
    let path = format!("/calls/{call}/review/conflicts");
    let company = b_kuma.id.0.to_string();
    let (status, page) = posted(
        r_sai,
        &path,
        &[("company", company.as_str()), ("reason", "")],
    )
    .await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains(r##"href="#f-reason""##));
    let form = [
        ("company", company.as_str()),
        ("reason", "前職の同僚が役員"),
    ];
    assert_eq!(posted(r_sai, &path, &form).await.0, 303);
    assert_eq!(sheet_of(app, b, sai).await, None, "the sheet goes back");
    let (_, page) = r_sai.get_text(&format!("/calls/{call}/review")).await;
    assert!(page.contains("前職の同僚が役員"), "{page}");
}

/// Each reviewer sees no other score before submitting their own; a submitted sheet stays.
async fn scores(
    app: &TestApp,
    (r_kuma, r_sai): (&TestApp, &TestApp),
    (a, kuma, sai): (i64, i64, i64),
    name: &str,
) {
    let kuma_sheet = sheet_of(app, a, kuma).await.unwrap();
    let sai_sheet = sheet_of(app, a, sai).await.unwrap();
    let version = |id: i64| async move {
        app.store
            .sheet(renkei_store::SheetId(id))
            .await
            .unwrap()
            .version
            .to_string()
    };
    let path = format!("/call-reviews/{sai_sheet}");
    let v = version(sai_sheet).await;
    let (status, page) = posted(
        r_sai,
        &path,
        &[("version", v.as_str()), ("submit", "1"), ("score_0", "5")],
    )
    .await;
    assert_eq!(status, 422, "every criterion to submit: {page}");
    assert!(page.contains("すべての評価項目に評点を付けてください"));
    let mut full: Vec<(String, String)> = (0..5)
        .map(|i| (format!("score_{i}"), "5".to_owned()))
        .collect();
    full.push(("panel_comment".into(), "市場性が高い（審査員間）".into()));
    full.push((
        "applicant_comment".into(),
        "量産体制の説明を充実させてください".into(),
    ));
    full.push(("submit".into(), "1".into()));
    let mut f = full.clone();
    f.push(("version".into(), v));
    let f: Vec<(&str, &str)> = f.iter().map(|(k, x)| (k.as_str(), x.as_str())).collect();
    assert_eq!(posted(r_sai, &path, &f).await.0, 303);
    let (status, page) = posted(r_sai, &path, &f).await;
    assert_ne!(status, 303, "a submitted sheet stays: {page}");

    let (_, page) = r_kuma
        .get_text(&format!("/call-reviews/{kuma_sheet}"))
        .await;
    assert!(page.contains("自分の評価を提出するまで"), "{page}");
    assert!(
        !page.contains("100.0") && !page.contains("市場性が高い"),
        "no other score first"
    );
    assert!(!page.contains(name), "blind review hides the company");
    let v = version(kuma_sheet).await;
    let mut low: Vec<(String, String)> = (0..5)
        .map(|i| (format!("score_{i}"), "1".to_owned()))
        .collect();
    low.push(("submit".into(), "1".into()));
    low.push(("version".into(), v));
    let low: Vec<(&str, &str)> = low.iter().map(|(k, x)| (k.as_str(), x.as_str())).collect();
    assert_eq!(
        posted(r_kuma, &format!("/call-reviews/{kuma_sheet}"), &low)
            .await
            .0,
        303
    );
    let (_, page) = r_kuma
        .get_text(&format!("/call-reviews/{kuma_sheet}"))
        .await;
    assert!(
        page.contains("100.0") && page.contains("市場性が高い"),
        "seen once one's own is in: {page}"
    );
}

/// The office's figures: mean 60, spread 40 shown as disagreement, the company named.
async fn figures(desk: &TestApp, call: i64, name: &str) {
    let (status, page) = desk.get_text(&format!("/calls/{call}/review")).await;
    assert_eq!(status, 200);
    assert!(page.contains("60.0") && page.contains("40.0"), "{page}");
    assert!(page.contains("評価が分かれています") && page.contains(name));
}

/// The office decides both and releases: the applicant reads the comment meant for it, never
/// the one meant for the panel.
async fn release(app: &TestApp, desk: &TestApp, call: i64, (a, b): (i64, i64), c: &CompanyRecord) {
    for (id, verdict) in [(a, "award"), (b, "decline")] {
        let v = app
            .store
            .application(ApplicationId(id))
            .await
            .unwrap()
            .version
            .to_string();
        let decide = [
            ("move", "decide"),
            ("version", v.as_str()),
            ("verdict", verdict),
            ("reason", "審査会の決定"),
        ];
        let (status, to) = posted(desk, &format!("/applications/{id}/move"), &decide).await;
        assert_eq!(status, 303, "{to}");
    }
    let (firm, _) = person(app, &[Role::CompanyUser { company: c.id.0 }]).await;
    let api = format!("/api/v1/applications/{a}");
    let before: serde_json::Value = firm.get(&api).await.json().await.unwrap();
    assert_eq!(
        (before["state"].as_str(), before["verdict"].as_str()),
        (Some("in_review"), None),
        "not before the release: {before}"
    );
    let v = app.store.call(call).await.unwrap().version.to_string();
    let release = [("move", "release"), ("version", v.as_str())];
    assert_eq!(
        posted(desk, &format!("/calls/{call}/phase"), &release)
            .await
            .0,
        303
    );
    let after: serde_json::Value = firm.get(&api).await.json().await.unwrap();
    assert_eq!(
        (after["state"].as_str(), after["verdict"].as_str()),
        (Some("awarded"), Some("award"))
    );
    let (_, page) = firm.get_text(&format!("/applications/{a}")).await;
    assert!(
        page.contains("量産体制の説明を充実させてください"),
        "{page}"
    );
    assert!(
        !page.contains("市場性が高い（審査員間）"),
        "the panel's comment stays the panel's"
    );
}

/// Another city's staff, the applicant and a reviewer of another call learn nothing.
async fn outsiders(app: &TestApp, call: i64, (a, c): (i64, &CompanyRecord), sheet: i64) {
    let (yokohama, _) = person(app, &[staff("141003", false)]).await;
    assert_eq!(yokohama.status(&format!("/calls/{call}/review")).await, 404);
    assert_eq!(
        yokohama.status(&format!("/call-reviews/{sheet}")).await,
        404
    );
    let (firm, _) = person(app, &[Role::CompanyUser { company: c.id.0 }]).await;
    assert_eq!(firm.status(&format!("/call-reviews/{sheet}")).await, 404);
    assert_eq!(firm.status(&format!("/applications/{a}")).await, 200);
    let (other, _) = person(app, &[Role::Reviewer { call }]).await;
    assert_eq!(
        other.status(&format!("/call-reviews/{sheet}")).await,
        403,
        "another reviewer's sheet"
    );
    assert_eq!(
        other.status(&format!("/applications/{a}")).await,
        404,
        "not assigned"
    );
}

#[tokio::test]
async fn the_demo_has_a_subsidy_per_pilot_city_and_the_wide_area_award_in_review() {
    for app in TestApp::each(true).await {
        renkei_web::demo::load_accounts(&app.store).await.unwrap();
        renkei_web::demo::load_consultations(&app.store)
            .await
            .unwrap();
        let mut steps = Vec::new();
        for code in renkei_domain::city::PILOT_CITIES {
            let calls = app.store.calls_of(&city(code)).await.unwrap();
            let subsidy = calls
                .iter()
                .find(|c| c.kind == renkei_domain::call::Kind::Subsidy)
                .unwrap();
            assert!(subsidy.phase.is_published() && !subsidy.fields.is_empty());
            let a = app.store.applications_of_call(subsidy.id).await.unwrap();
            steps.push(a[0].state.code());
        }
        assert_eq!(steps, ["submitted", "returned", "reported", "settled"]);
        let chiba = app.store.calls_of(&city(CHIBA)).await.unwrap();
        let wide = chiba.iter().find(|c| c.kind.is_wide_area()).unwrap();
        assert_eq!((wide.phase, wide.cities.len()), (Phase::Review, 4));
        let panel = app.store.reviewers(wide.id).await.unwrap();
        assert_eq!(panel.len(), 4, "reviewers of all four cities");
        let applications = app.store.applications_of_call(wide.id).await.unwrap();
        assert_eq!(applications.len(), 4);
        let sheets = app.store.sheets_of_call(None, wide.id).await.unwrap();
        assert_eq!(sheets.len(), 8, "two reviewers each");
        assert_eq!(
            sheets.iter().filter(|s| s.submitted_at.is_some()).count(),
            1
        );
        for s in &sheets {
            let a = applications
                .iter()
                .find(|a| a.id == s.application_id)
                .unwrap();
            let (c, _) = app.store.company(a.company_id).await.unwrap().unwrap();
            let r = panel.iter().find(|r| r.user_id == s.user_id).unwrap();
            assert_ne!(r.city, Some(c.home_city), "nobody reviews their own city");
        }
    }
}

#[tokio::test]
async fn an_application_left_unscreened_is_reminded_once_with_two_nodes() {
    for app in TestApp::each(false).await {
        let call = wide_area_call(&app).await;
        let c = company(&app, "リマインド公募株式会社", CHIBA).await;
        submitted(&app, call, &c, 1).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let one = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let two = renkei_app::App::new(app.store.clone(), "http://renkei.test");
        let early = chrono::Utc::now() + chrono::Duration::days(5);
        assert_eq!(renkei_app::calls::remind(&one, early).await.unwrap(), 0);
        let later = chrono::Utc::now() + chrono::Duration::days(11);
        let (a, b) = tokio::join!(
            renkei_app::calls::remind(&one, later),
            renkei_app::calls::remind(&two, later)
        );
        assert_eq!(
            a.unwrap() + b.unwrap(),
            1,
            "one reminder between the two nodes"
        );
        assert_eq!(renkei_app::calls::remind(&one, later).await.unwrap(), 0);
        let (_, page) = desk.get_text("/notifications").await;
        assert!(
            page.contains("広域ヘルスケア表彰") && page.contains("予定の期間を過ぎています"),
            "{page}"
        );
    }
}

#[tokio::test]
async fn a_released_award_is_an_evaluation_and_on_the_winners_list_of_every_city() {
    for app in TestApp::each(false).await {
        let call = wide_area_call(&app).await;
        let c = company(&app, "受賞確認株式会社", KUMAMOTO).await;
        let p = renkei_domain::product::ProductDraft {
            name: "見守りセンサー".into(),
            stage: "5".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let p = app
            .store
            .create_product(&c, &p, None, &system())
            .await
            .unwrap();
        let a = in_review(&app, call, &c, 1).await;
        let tx = app.store.begin().await.unwrap();
        let r = app
            .store
            .application_in(&tx, ApplicationId(a))
            .await
            .unwrap();
        let with_product = ApplicationDraft {
            product: Some(p.id),
            ..Default::default()
        };
        let r = app
            .store
            .save_application(&tx, &r, &with_product, &system())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let v = r.version.to_string();
        let decide = [
            ("move", "decide"),
            ("version", v.as_str()),
            ("verdict", "award"),
            ("reason", "地域課題の解決"),
        ];
        let (status, to) = posted(&desk, &format!("/applications/{a}/move"), &decide).await;
        assert_eq!(status, 303, "{to}");
        let anonymous = app.another_node().await;
        let (_, page) = anonymous.get_text("/cities/141003/calls/winners").await;
        assert!(!page.contains("受賞確認株式会社"), "not before the release");
        let v = app.store.call(call).await.unwrap().version.to_string();
        let release = [("move", "release"), ("version", v.as_str())];
        assert_eq!(
            posted(&desk, &format!("/calls/{call}/phase"), &release)
                .await
                .0,
            303
        );
        let evaluations = app.store.product_evaluations(p.id).await.unwrap();
        assert!(
            evaluations
                .iter()
                .any(|e| e.kind == renkei_domain::product::EvaluationKind::Award
                    && e.title.contains("広域ヘルスケア表彰")),
            "{evaluations:?}"
        );
        let q: String = url::form_urlencoded::byte_serialize("広域ヘルスケア".as_bytes()).collect();
        let (_, page) = desk.get_text(&format!("/search?q={q}")).await;
        assert!(
            page.contains(&format!("/calls/{call}")),
            "a published call is found: {page}"
        );
        for path in [
            "/calls/winners",
            "/cities/141003/calls/winners",
            "/cities/431001/calls/winners",
        ] {
            let (status, page) = anonymous.get_text(path).await;
            assert_eq!(status, 200);
            assert!(
                page.contains("受賞確認株式会社") && page.contains("見守りセンサー"),
                "{path}: {page}"
            );
        }
        // The list as CSV and XLSX, anyone's: the winner with its product.
        let file = crate::exports::both(&anonymous, "/cities/141003/calls/winners").await;
        let row = file
            .rows
            .iter()
            .find(|r| r.cells[4] == "受賞確認株式会社")
            .expect("the winner is listed");
        assert_eq!(row.cells[6], "見守りセンサー");
    }
}

/// What each of the five asks (the applicant, the officer, the assigned reviewer, another
/// city's staff, anonymous) gets in each phase: written by hand from the policy's words. A
/// redirect is 303 (a reviewer's application opens on their sheet; anonymous signs in).
const MATRIX: &[(&str, [u16; 5])] = &[
    ("call", [200, 200, 200, 200, 200]),
    ("application", [200, 200, 303, 404, 303]),
    ("review", [404, 200, 200, 404, 303]),
    ("sheet", [404, 200, 200, 404, 303]),
];

#[tokio::test]
async fn every_phase_answers_each_role_as_the_policy_says() {
    for app in TestApp::each(false).await {
        let call = wide_area_call_at(&app, &[(Phase::Open, PhaseMove::Publish)]).await;
        let c = company(&app, "権限表確認株式会社", CHIBA).await;
        let a = in_review(&app, call, &c, 1).await;
        let (reviewer, rid) = person(&app, &[Role::Reviewer { call }]).await;
        let tx = app.store.begin().await.unwrap();
        let kumamoto = city(KUMAMOTO);
        app.store
            .add_reviewer(&tx, call, UserId(rid), Some(&kumamoto), &system())
            .await
            .unwrap();
        app.store
            .assign_reviewers(&tx, call, &[(ApplicationId(a), UserId(rid))], &system())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let sheet = sheet_of(&app, a, rid).await.unwrap();
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (yokohama, _) = person(&app, &[staff("141003", false)]).await;
        let anonymous = app.another_node().await;
        let who = [&firm, &desk, &reviewer, &yokohama, &anonymous];
        let paths = [
            ("call", format!("/calls/{call}")),
            ("application", format!("/applications/{a}")),
            ("review", format!("/calls/{call}/review")),
            ("sheet", format!("/call-reviews/{sheet}")),
        ];
        // The call goes through every phase it has once published.
        let phases = [
            (Phase::Open, None),
            (Phase::Screening, Some(PhaseMove::EndApplications)),
            (Phase::Review, Some(PhaseMove::StartReview)),
            (Phase::Released, Some(PhaseMove::Release)),
            (Phase::Closed, Some(PhaseMove::Close)),
        ];
        for (phase, m) in phases {
            if let Some(m) = m {
                set_phase(&app, call, phase, m).await;
            }
            for (what, path) in &paths {
                let expected = MATRIX.iter().find(|(w, _)| w == what).unwrap().1;
                for (i, node) in who.iter().enumerate() {
                    let got = node.get(path).await.status().as_u16();
                    assert_eq!(got, expected[i], "{phase:?} {what} asked by #{i}");
                }
            }
            // Only in review does the reviewer's sheet take scores.
            let v = app
                .store
                .sheet(renkei_store::SheetId(sheet))
                .await
                .unwrap()
                .version
                .to_string();
            let save = [("version", v.as_str()), ("save", "1"), ("score_0", "3")];
            let status = posted(&reviewer, &format!("/call-reviews/{sheet}"), &save)
                .await
                .0;
            let expected = if phase == Phase::Review { 303 } else { 422 };
            assert_eq!(status, expected, "{phase:?}: the reviewer saves");
        }
        // A draft is its office's only.
        let draft = draft_call(&app).await;
        let expected = [404, 200, 404, 404, 404];
        for (i, node) in who.iter().enumerate() {
            let got = node.get(&format!("/calls/{draft}")).await.status().as_u16();
            assert_eq!(got, expected[i], "a draft asked by #{i}");
        }
    }
}

/// Moves the call to its next phase `to` by `m`, as the store writes it.
async fn set_phase(app: &TestApp, call: i64, to: Phase, m: PhaseMove) {
    let tx = app.store.begin().await.unwrap();
    let c = app.store.call_in(&tx, call).await.unwrap();
    app.store
        .write_call_phase(&tx, &c, to, m, &system())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}
