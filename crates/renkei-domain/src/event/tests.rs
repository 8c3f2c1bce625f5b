use super::*;

fn city() -> CityCode {
    CityCode::parse("121002").unwrap()
}

fn draft() -> EventDraft {
    EventDraft {
        title: "医療機器参入支援セミナー".into(),
        kind: "seminar".into(),
        venue: "千葉市役所 会議室".into(),
        starts_at: "2027-02-10T13:30".into(),
        ends_at: "2027-02-10T16:00".into(),
        registration_opens_at: "2026-12-01T09:00".into(),
        registration_closes_at: "2027-02-09T17:00".into(),
        audience: "public".into(),
        allocation: "first_come".into(),
        quotas: vec![
            QuotaDraft {
                name: "企業枠".into(),
                capacity: "３０".into(),
            },
            QuotaDraft::default(),
        ],
        ..EventDraft::default()
    }
}

#[test]
fn a_complete_draft_is_an_event_in_jst() {
    let e = draft().validate(&city()).unwrap();
    assert_eq!(e.kind, Kind::Seminar);
    assert_eq!(e.starts_at.to_rfc3339(), "2027-02-10T04:30:00+00:00");
    assert_eq!(
        e.cancel_until, e.starts_at,
        "cancelling is open until the start by default"
    );
    assert_eq!(
        e.quotas,
        vec![Quota {
            name: "企業枠".into(),
            capacity: 30
        }]
    );
    assert_eq!(
        (e.offer_hours, e.reminder_hours),
        (OFFER_HOURS, REMINDER_HOURS)
    );
    assert_eq!(local_value(e.starts_at), "2027-02-10T13:30");
    assert_eq!(parse_local("2027-02-10T13:30:00+09:00"), Some(e.starts_at));
    assert_eq!(parse_local("２０２７-02-10T04:30:00Z"), Some(e.starts_at));
}

#[test]
fn every_problem_is_reported_with_its_field() {
    let d = EventDraft {
        online_url: "ftp://example.jp".into(),
        starts_at: "2027-02-10T13:30".into(),
        ends_at: "2027-02-10T12:00".into(),
        registration_opens_at: "昨日".into(),
        quotas: vec![QuotaDraft {
            name: "".into(),
            capacity: "0".into(),
        }],
        co_organisers: vec!["131016".into()],
        ..EventDraft::default()
    };
    let fields: Vec<&str> = d
        .validate(&city())
        .unwrap_err()
        .iter()
        .map(|f| f.field)
        .collect();
    for f in [
        "title",
        "kind",
        "online_url",
        "venue",
        "ends_at",
        "registration_opens_at",
        "registration_closes_at",
        "audience",
        "allocation",
        "quotas",
        "co_organisers",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
}

#[test]
fn registration_closes_by_the_start() {
    let mut d = draft();
    d.registration_closes_at = "2027-02-10T14:00".into();
    let e = d.validate(&city()).unwrap_err();
    assert_eq!(e[0].field, "registration_closes_at");
}

#[test]
fn answers_are_checked_against_the_questions() {
    let qs = vec![
        Question {
            label: "参加の目的".into(),
            kind: QuestionKind::Text,
            choices: vec![],
            required: true,
        },
        Question {
            label: "参加方法".into(),
            kind: QuestionKind::Choice,
            choices: vec!["会場".into(), "オンライン".into()],
            required: false,
        },
    ];
    let e = check_answers(&qs, &["".into(), "電話".into()]).unwrap_err();
    assert_eq!(
        e.iter().map(|f| f.field).collect::<Vec<_>>(),
        ["answer_0", "answer_1"]
    );
    assert_eq!(
        check_answers(&qs, &[" 情報収集 ".into()]).unwrap(),
        ["情報収集", ""]
    );
}

#[test]
fn who_may_register() {
    let chiba = city();
    let osaka = CityCode::parse("271004").unwrap();
    let tokyo_chiyoda = CityCode::parse("131016").unwrap();
    let may = |a, home: &CityCode, certified: &[CityCode]| {
        company_may_register(a, &[chiba], home, certified)
    };
    assert!(may(Audience::Organisers, &chiba, &[]));
    assert!(!may(Audience::Organisers, &osaka, &[]));
    assert!(may(Audience::Designated, &osaka, &[]));
    assert!(!may(Audience::Designated, &tokyo_chiyoda, &[]));
    // The certified community's events: certified by an organising city, wherever the
    // company is; not certified, or certified by another city only, refused.
    assert!(may(Audience::CsrMembers, &chiba, &[chiba]));
    assert!(may(Audience::CsrMembers, &osaka, &[osaka, chiba]));
    assert!(!may(Audience::CsrMembers, &chiba, &[]));
    assert!(!may(Audience::CsrMembers, &chiba, &[osaka]));
}

#[test]
fn the_registration_window() {
    let t = |s: &str| parse_local(s).unwrap();
    let (o, c) = (t("2026-12-01T09:00"), t("2026-12-20T17:00"));
    assert_eq!(window(o, c, t("2026-11-30T23:59")), Window::NotYet);
    assert_eq!(window(o, c, t("2026-12-01T09:00")), Window::Open);
    assert_eq!(window(o, c, t("2026-12-20T17:00")), Window::Closed);
}
