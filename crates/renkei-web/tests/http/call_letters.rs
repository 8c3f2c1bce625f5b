//! Decision letters (決定通知書) of calls, on each test database: 千葉市's staff set the city's
//! letters through its page (a wrong field refused and named, what was typed shown again,
//! nothing saved); a subsidy's application, decided, is the office's draft and not yet the
//! company's (404); once the results are released it is given the city's next 文書番号, and
//! the company downloads its letter, whose text (read back with pdftotext) has the day in 和暦,
//! the number with the city's mark, the amount, the city's 補助条件 and 教示 — the same
//! number and the same file when printed again. Another city's staff learn nothing of it.

use std::process::Command;

use renkei_domain::access::Role;
use renkei_domain::call::application::{Move, Party, State, Verdict};
use renkei_domain::call::{CallDraft, FieldDraft, Phase, PhaseMove};
use renkei_domain::company::{CompanyDraft, ContactDraft};
use renkei_store::{Actor, ApplicationDraft, ApplicationId, ApplicationWrite, CompanyRecord};

use crate::consultations::{person, posted};
use crate::helpers::{TestApp, city, staff};

const CHIBA: &str = "121002";
const SETTINGS: &str = "/cities/121002/call-letters";
/// The city's own words for its 教示 (a test's: any text the city writes is printed).
const APPEAL: &str = "この決定に不服がある場合は、この決定があったことを知った日の翌日から起算して3か月以内に、千葉市長に対して審査請求をすることができます（千葉市の教示・試験文）。";

fn system() -> Actor {
    Actor::system("test")
}

/// Today in Japan.
fn today() -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive()
}

/// The PDF's text as pdftotext (Debian's poppler-utils) reads it, without the line breaks
/// and spaces typesetting put in.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!(
        "renkei-letter-{}-{:?}.pdf",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    std::fs::remove_file(&path).ok();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The letter as `node` gets it: its status and bytes.
async fn letter(node: &TestApp, id: i64) -> (u16, Vec<u8>) {
    let r = node.get(&format!("/applications/{id}/letter.pdf")).await;
    let status = r.status().as_u16();
    (status, r.bytes().await.unwrap().to_vec())
}

/// 千葉市's staff set its letters: a wrong field first (named, kept as typed, nothing saved).
async fn set_letters(app: &TestApp, desk: &TestApp) {
    let (status, page) = desk.get_text(SETTINGS).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"id="defaults""#) && page.contains("千葉市長に対して審査請求"),
        "the defaults, to be checked: {page}"
    );
    let wrong = [
        ("version", "0"),
        ("issuer", ""),
        ("number_mark", "千経産第5号"),
        ("conditions", "交付決定額の範囲内で事業を行うこと。"),
        ("appeal", APPEAL),
    ];
    let (status, page) = posted(desk, SETTINGS, &wrong).await;
    assert_eq!(status, 422, "{page}");
    for f in ["issuer", "number_mark"] {
        assert!(page.contains(&format!(r##"href="#f-{f}""##)), "{f}: {page}");
    }
    assert!(page.contains("発行者（市長の職名と氏名）を入力してください"));
    assert!(page.contains("文書番号の記号には番号と「号」を含めないで"));
    assert!(page.contains("（千葉市の教示・試験文）"), "kept as typed");
    assert!(
        app.store
            .letter_settings(&city(CHIBA))
            .await
            .unwrap()
            .is_none(),
        "nothing saved"
    );
    let right = [
        ("version", "0"),
        ("issuer", "千葉市長　神谷　俊一"),
        ("number_mark", "千経産第"),
        (
            "conditions",
            "1　交付決定額の範囲内で事業を行うこと。\n2　事業の成果を千葉市に報告すること。",
        ),
        ("appeal", APPEAL),
    ];
    let (status, to) = posted(desk, SETTINGS, &right).await;
    assert_eq!(status, 303, "{to}");
    assert_eq!(to, format!("{SETTINGS}?saved=1"));
    let saved = app.store.letter_settings(&city(CHIBA)).await.unwrap();
    assert_eq!(saved.map(|s| s.version), Some(1));
    let (status, page) = posted(desk, SETTINGS, &right).await;
    assert_eq!(status, 409, "a stale version: {page}");
}

/// A company of 千葉市 with its representative.
async fn company(app: &TestApp) -> CompanyRecord {
    let draft = CompanyDraft {
        name: "株式会社通知書テスト医工".into(),
        size: "sme".into(),
        ..Default::default()
    }
    .validate(&city(CHIBA))
    .unwrap();
    let head = ContactDraft {
        name: "山田　太郎".into(),
        role: "代表取締役".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    app.store
        .create_company(&draft, &[head], &system())
        .await
        .unwrap()
}

/// A subsidy of 千葉市 in review, with the company's application decided (awarded
/// 1,500,000円): the call's and the application's ids.
async fn decided(app: &TestApp, c: &CompanyRecord) -> (i64, i64) {
    let draft = CallDraft {
        title: "医療機器開発補助金（通知書）".into(),
        kind: "subsidy".into(),
        measure_code: "development.grants-loans".into(),
        opens_on: (today() - chrono::Duration::days(20)).to_string(),
        closes_on: (today() + chrono::Duration::days(20)).to_string(),
        max_amount_yen: "2,000,000".into(),
        fields: vec![FieldDraft {
            label: "事業計画".into(),
            kind: "long_text".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    let input = draft.validate(&city(CHIBA)).unwrap();
    let store = &app.store;
    let tx = store.begin().await.unwrap();
    let mut call = store
        .save_call(&tx, &city(CHIBA), None, &input, None, &system())
        .await
        .unwrap();
    for (to, m) in [
        (Phase::Open, PhaseMove::Publish),
        (Phase::Screening, PhaseMove::EndApplications),
        (Phase::Review, PhaseMove::StartReview),
    ] {
        call = store
            .write_call_phase(&tx, &call, to, m, &system())
            .await
            .unwrap();
    }
    let mut a = store
        .insert_application(
            &tx,
            call.id,
            c.id,
            &ApplicationDraft::default(),
            None,
            &system(),
        )
        .await
        .unwrap();
    let receipt = ApplicationWrite {
        receipt: Some((1, format!("R8-{:04}-0001", call.id))),
        ..Default::default()
    };
    let granted = ApplicationWrite {
        granted_yen: Some(1_500_000),
        ..Default::default()
    };
    let decide = Move::Decide {
        verdict: Verdict::Award,
        reason: "地域の医療現場の課題に応える計画である".into(),
    };
    for (to, party, m, w) in [
        (State::Submitted, Party::Applicant, Move::Submit, &receipt),
        (
            State::InReview,
            Party::Office,
            Move::Accept,
            &ApplicationWrite::default(),
        ),
        (State::Decided, Party::Office, decide, &granted),
    ] {
        a = store
            .write_application_move(&tx, &a, to, party, &m, w, &system())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    (call.id, a.id.0)
}

#[tokio::test]
async fn a_released_subsidy_has_its_letter_with_the_citys_number_and_appeal() {
    for app in TestApp::each(false).await {
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        set_letters(&app, &desk).await;
        let c = company(&app).await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (call, id) = decided(&app, &c).await;

        assert_eq!(
            letter(&firm, id).await.0,
            404,
            "not the company's before release"
        );
        let (_, page) = firm.get_text(&format!("/applications/{id}")).await;
        assert!(
            !page.contains("決定通知書（PDF）"),
            "no link before release"
        );
        let (status, draft) = letter(&desk, id).await;
        assert_eq!(status, 200, "the office checks its draft");
        let draft = pdf_text(&draft);
        assert!(
            draft.contains("【案】") && draft.contains("千経産第"),
            "{draft}"
        );
        assert!(
            !draft.contains("千経産第1号"),
            "no number before the release: {draft}"
        );
        assert!(
            app.store
                .letter_of(ApplicationId(id))
                .await
                .unwrap()
                .is_none()
        );

        let v = app.store.call(call).await.unwrap().version.to_string();
        let release = [("move", "release"), ("version", v.as_str())];
        let (status, to) = posted(&desk, &format!("/calls/{call}/phase"), &release).await;
        assert_eq!(status, 303, "{to}");
        let given = app.store.letter_of(ApplicationId(id)).await.unwrap();
        let given = given.expect("the number is given at the release");
        assert_eq!(given.number, "千経産第1号");
        assert_eq!(given.issued_on, today());

        let (_, page) = firm.get_text(&format!("/applications/{id}")).await;
        assert!(page.contains(&format!(r#"href="/applications/{id}/letter.pdf""#)));
        assert!(page.contains("決定通知書（PDF）"), "{page}");
        let (status, first) = letter(&firm, id).await;
        assert_eq!(status, 200);
        let text = pdf_text(&first);
        for want in [
            renkei_domain::jdate::wareki(today()).as_str(),
            "千経産第1号",
            "補助金交付決定通知書",
            "株式会社通知書テスト医工",
            "代表取締役山田太郎様",
            "千葉市長神谷俊一",
            "医療機器開発補助金（通知書）",
            "1,500,000円",
            "(1)交付決定額の範囲内で事業を行うこと。",
            "(2)事業の成果を千葉市に報告すること。",
            "【教示】",
            "千葉市長に対して審査請求をすることができます（千葉市の教示・試験文）。",
        ] {
            assert!(text.contains(want), "{want} missing from:\n{text}");
        }
        let (_, again) = letter(&firm, id).await;
        assert_eq!(
            pdf_text(&again),
            text,
            "the same number and day when printed again"
        );
        assert_eq!(again, first, "the same file");

        let (yokohama, _) = person(&app, &[staff("141003", false)]).await;
        assert_eq!(letter(&yokohama, id).await.0, 404, "another city's staff");
    }
}
