//! Inter-city referrals through the pages: selection and its eligibility check, who sees
//! what at each step, the target's one-time link, reminders of overdue steps, feedback and
//! the summary. The workflow's table and its races are the application crate's tests
//! (`crates/renkei-app/tests/referrals.rs`).

use renkei_app::testing::{self, step};
pub(crate) use renkei_app::testing::{eligible_product, referral_in};
use renkei_domain::referral::{Move, Party, State};
use renkei_store::Actor;

use crate::helpers::{TestApp, city, eventually, staff, upload};

/// The id in a `/referrals/{id}` redirect.
fn referral_id(r: &reqwest::Response) -> i64 {
    let at = crate::helpers::location(r);
    at.trim_start_matches("/referrals/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("not a referral: {at}"))
}

/// The version a referral page's step forms carry.
fn version_of(page: &str) -> String {
    let at = page.find(r#"name="version" value=""#).expect("a form");
    let rest = &page[at + r#"name="version" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// Takes a step through the referral's page: reads the version its forms carry, and posts.
async fn act(who: &TestApp, path: &str, m: &str, extra: &[(&str, &str)]) -> reqwest::Response {
    let (_, page) = who.get_text(path).await;
    let v = version_of(&page);
    let mut form = vec![("move", m), ("version", v.as_str())];
    form.extend_from_slice(extra);
    who.post_form(&format!("{path}/move"), &form).await
}

/// The people of a referral's parties, each signed in on a node of their own: the sending
/// city (千葉市), the receiving city (広島市), a city with no part (熊本市) and the company.
struct Parties {
    chiba: TestApp,
    hiroshima: TestApp,
    kumamoto: TestApp,
    firm: TestApp,
}

#[tokio::test]
async fn the_pages_refuse_what_the_steps_do_not_allow_and_show_each_party_its_part() {
    for app in TestApp::each(false).await {
        let (company, product) = eligible_product(&app.store, "画面の製品").await;
        let chiba = app.another_node().await;
        chiba.sign_in_as(&[staff("121002", false)]).await;
        let hiroshima = app.another_node().await;
        hiroshima.sign_in_as(&[staff("341002", false)]).await;
        let kumamoto = app.another_node().await;
        kumamoto.sign_in_as(&[staff("431001", false)]).await;
        let firm = app.another_node().await;
        firm.sign_in_as(&[renkei_domain::access::Role::CompanyUser { company }])
            .await;
        let p = Parties {
            chiba,
            hiroshima,
            kumamoto,
            firm,
        };
        refused_when_ineligible_or_incomplete(&app, &p.chiba, company, product).await;
        let (id, path) = selected(&app, &p, product).await;
        let page = consented(&p, &path).await;
        let page = sent(&p, &path, &page).await;
        accepted_and_introduced(&app, &p, id, &path, &page).await;
        reported_back_and_followed_up(&app, &p, &path).await;
        told_and_reminded(&app, &p.chiba, id).await;
        closed_with_feedback(&p, &path).await;
    }
}

/// An ineligible product is refused with the report's reason, and nothing is written;
/// without a reason, or to its own city: every problem listed.
async fn refused_when_ineligible_or_incomplete(
    app: &TestApp,
    chiba: &TestApp,
    company: i64,
    product: i64,
) {
    let chiba_city = city("121002");
    let bare = renkei_domain::product::ProductDraft {
        name: "評価のない製品".into(),
        stage: "7".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let (company_record, _) = app
        .store
        .company(renkei_store::CompanyId(company))
        .await
        .unwrap()
        .unwrap();
    let bare = app
        .store
        .create_product(&company_record, &bare, None, &Actor::system("test"))
        .await
        .unwrap();
    let r = chiba
        .post_form(
            &format!("/products/{}/referrals/new", bare.id),
            &[("receiving", "341002"), ("reason", "理由")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
    let page = r.text().await.unwrap();
    assert!(page.contains("本拠地の市で研究開発助成・表彰"), "{page}");
    let all = renkei_domain::access::ListScope {
        all: true,
        ..Default::default()
    };
    let none = app
        .store
        .referrals(
            &all,
            &Default::default(),
            renkei_store::PageRequest::new(1, 10),
        )
        .await
        .unwrap();
    assert_eq!(none.total, 0, "nothing written");
    // Without a reason, or to its own city: every problem listed.
    let r = chiba
        .post_form(
            &format!("/products/{product}/referrals/new"),
            &[("receiving", "121002"), ("reason", "")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("紹介先の市を選んでください")
            && page.contains("推薦する理由を入力してください")
    );
    let _ = chiba_city;
}

/// ① Selected by 千葉市 for 広島市, which knows nothing of it yet; 熊本市 never will. Steps
/// out of turn are refused with why. Returns the referral's id and path.
async fn selected(app: &TestApp, p: &Parties, product: i64) -> (i64, String) {
    let Parties {
        chiba,
        hiroshima,
        kumamoto,
        ..
    } = p;
    // ① Selected by 千葉市 for 広島市.
    let r = chiba
        .post_form(
            &format!("/products/{product}/referrals/new"),
            &[
                ("receiving", "341002"),
                (
                    "reason",
                    "千葉市ベンチャーカップでグランプリを受賞した製品です。",
                ),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
    let id = referral_id(&r);
    let path = format!("/referrals/{id}");
    // 広島市 knows nothing of it yet; 熊本市 never will.
    assert_eq!(hiroshima.status(&path).await, 404);
    assert_eq!(kumamoto.status(&path).await, 404);
    let (_, list) = hiroshima.get_text("/referrals").await;
    assert!(
        !list.contains("画面の製品"),
        "not in the receiving city's list yet"
    );

    // Sending before the company consented: refused with why.
    let r = act(chiba, &path, "send", &[]).await;
    assert_eq!(r.status().as_u16(), 409);
    assert!(r.text().await.unwrap().contains("同意"));
    // Accepting is not the sending city's step: 403, with why.
    let r = act(chiba, &path, "accept", &[]).await;
    assert_eq!(r.status().as_u16(), 403);
    assert!(r.text().await.unwrap().contains("別の担当"));
    (id, path)
}

/// ② The company consents: without ticking the box it is told so. Returns the sending
/// city's page.
async fn consented(p: &Parties, path: &str) -> String {
    let Parties { chiba, firm, .. } = p;
    // ② The company consents: without ticking the box it is told so.
    let (_, page) = firm.get_text(path).await;
    assert!(
        page.contains("個人情報") || page.contains("同意します"),
        "the wording is shown"
    );
    let v = version_of(&page);
    let r = firm
        .post_form(
            &format!("{path}/consent"),
            &[("kind_hospital", "on"), ("version", &v)],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("同意欄にチェック"));
    let r = firm
        .post_form(
            &format!("{path}/consent"),
            &[("kind_hospital", "on"), ("agree", "on"), ("version", &v)],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = chiba.get_text(path).await;
    assert!(page.contains("consent-record") && page.contains("2026-11-v1"));
    page
}

/// ③ Sent: now 広島市 sees the dossier and the reason; 熊本市 still nothing. Returns the
/// receiving city's page.
async fn sent(p: &Parties, path: &str, page: &str) -> String {
    let Parties {
        chiba,
        hiroshima,
        kumamoto,
        ..
    } = p;
    let v = version_of(page);
    let r = chiba
        .post_form(
            &format!("{path}/move"),
            &[("move", "send"), ("version", &v)],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let (status, page) = hiroshima.get_text(path).await;
    assert_eq!(status, 200);
    assert!(page.contains("グランプリ") && page.contains("病院"));
    assert_eq!(kumamoto.status(path).await, 404);
    // A stale form (the version before sending) is a conflict.
    let r = chiba
        .post_form(
            &format!("{path}/move"),
            &[("move", "withdraw"), ("version", &v)],
        )
        .await;
    assert_eq!(r.status().as_u16(), 409);
    page
}

/// ④ Accepted; ⑤ a target added and given its link, which answers once.
async fn accepted_and_introduced(app: &TestApp, p: &Parties, id: i64, path: &str, page: &str) {
    let Parties {
        chiba, hiroshima, ..
    } = p;
    let v = version_of(page);
    let r = hiroshima
        .post_form(
            &format!("{path}/move"),
            &[("move", "accept"), ("version", &v)],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let target = renkei_domain::target::TargetDraft {
        kind: "hospital".into(),
        name: "広島テスト病院".into(),
        contact_name: "看護部長".into(),
        contact_email: "kango@hiroshima-test.example.jp".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let target = app
        .store
        .create_sales_target(&city("341002"), &target, &Actor::system("test"))
        .await
        .unwrap();
    // Who may act is checked before the form: the sending city learns nothing of whose the
    // target is from the answer.
    for other in [&format!("{}", target.id.0), "99999999"] {
        let r = chiba
            .post_form(&format!("{path}/targets"), &[("target", other)])
            .await;
        assert_eq!(r.status().as_u16(), 403, "{other}");
    }
    let r = hiroshima
        .post_form(
            &format!("{path}/targets"),
            &[("target", &target.id.to_string())],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let rt = app
        .store
        .referral_targets(renkei_store::ReferralId(id))
        .await
        .unwrap()[0]
        .0
        .id;
    // Nor may it provide to a target or answer for one, whatever the form holds: who may act
    // is checked before the form (an empty answer would otherwise be a 422).
    for (step, form) in [("provide", &[][..]), ("answer", &[("answer", "")][..])] {
        let r = chiba
            .post_form(&format!("{path}/targets/{rt}/{step}"), form)
            .await;
        assert_eq!(r.status().as_u16(), 403, "{step}");
    }
    let r = hiroshima
        .post_form(&format!("{path}/targets/{rt}/provide"), &[])
        .await;
    assert_eq!(r.status().as_u16(), 200);
    let page = r.text().await.unwrap();
    let at = page.find("/introductions/").expect("the link is shown");
    let token = page[at + "/introductions/".len()..]
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    // The target's page needs no account: it says why the city recommends the product.
    let stranger = app.another_node().await;
    let (status, intro) = stranger.get_text(&format!("/introductions/{token}")).await;
    assert_eq!(status, 200);
    assert!(intro.contains("グランプリ") && intro.contains("画面の製品"));
    // The sending city does not see the target before the receiving city reports back.
    let (_, page) = chiba.get_text(path).await;
    assert!(!page.contains("広島テスト病院"));
    let r = stranger
        .client
        .post(stranger.url(&format!("/introductions/{token}")))
        .form(&[("answer", "agreed"), ("note", "看護部で検討します")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let again = stranger
        .client
        .post(stranger.url(&format!("/introductions/{token}")))
        .form(&[("answer", "declined")])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 410, "a link answers once");
}

/// ⑥ Reported back: the sending city and the company now see the agreed contact.
async fn reported_back_and_followed_up(app: &TestApp, p: &Parties, path: &str) {
    let Parties {
        chiba,
        hiroshima,
        firm,
        ..
    } = p;
    let r = act(hiroshima, path, "feed-back", &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    for who in [&chiba, &firm] {
        let (_, page) = who.get_text(path).await;
        assert!(
            page.contains("広島テスト病院") && page.contains("kango@hiroshima-test.example.jp"),
            "{}",
            app.backend
        );
    }
    // Sales activity with a price is refused: cities take no part in negotiation.
    let r = act(chiba, path, "forward", &[]).await;
    assert_eq!(r.status().as_u16(), 303);
    let r = firm
        .post_form(
            &format!("{path}/activities"),
            &[
                ("date", "R8.11.30"),
                ("kind", "meeting"),
                ("note", "1台30万円で提示"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("価格や取引条件は記録しません")
    );
    let r = firm
        .post_form(
            &format!("{path}/activities"),
            &[
                ("date", "R8.11.30"),
                ("kind", "meeting"),
                ("note", "看護部長と面談"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
}

/// The in-app notifications and the e-mails of the hand-overs; the overdue step's reminder.
async fn told_and_reminded(app: &TestApp, chiba: &TestApp, id: i64) {
    let (_, notices) = chiba.get_text("/notifications").await;
    assert!(notices.contains(&format!("紹介#{id}")), "{}", app.backend);
    let admin = app.another_node().await;
    admin.sign_in_admin().await;
    let (_, outbox) = admin.get_text("/admin/outbox").await;
    assert!(
        outbox.contains("kango@hiroshima-test.example.jp"),
        "the target's e-mail"
    );

    // Overdue: long after, the company's step (⑧, on 千葉市's expected time) is past due;
    // its people are reminded once, never twice for the same step.
    let later = chrono::Utc::now() + chrono::Duration::days(200);
    let sent = renkei_app::referrals::remind(&testing::app(&app.store), later)
        .await
        .unwrap();
    assert_eq!(sent, 1, "{}", app.backend);
    let again = renkei_app::referrals::remind(&testing::app(&app.store), later)
        .await
        .unwrap();
    assert_eq!(again, 0, "never twice for the same step");
    let (_, overdue) = chiba.get_text("/referrals/overdue").await;
    assert!(!overdue.contains("画面の製品"), "not overdue today");
}

/// ⑨ The outcome, closing, and feedback; the summary shows it all.
async fn closed_with_feedback(p: &Parties, path: &str) {
    let Parties { chiba, firm, .. } = p;
    let r = act(firm, path, "report-outcome", &[("outcome", "trial")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let r = firm
        .post_form(
            &format!("{path}/feedback"),
            &[("rating", "5"), ("comment", "全国への販路が開けた")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let r = firm
        .post_form(
            &format!("{path}/feedback"),
            &[("rating", "4"), ("comment", "二度目")],
        )
        .await;
    assert_eq!(r.status().as_u16(), 409, "once per party");
    let (_, summary) = chiba.get_text("/referrals/summary").await;
    assert!(summary.contains("千葉市 → 広島市") && summary.contains("全国への販路が開けた"));
    assert!(summary.contains("試用"));
}

#[tokio::test]
async fn targets_are_imported_and_registered_on_the_pages_and_answer_with_their_accounts() {
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("341002", false)]).await;
        let other = targets_imported(&app, &officer).await;
        let target_id = a_target_registered_by_hand(&officer, &other).await;
        a_target_answers_with_its_account(&app, target_id).await;
        expected_times_set(&app, &officer, &other).await;
    }
}

/// A city's list from Excel (XLSX), imported through the import page; another city's officer
/// does not see them. Returns that officer.
async fn targets_imported(app: &TestApp, officer: &TestApp) -> TestApp {
    let rows = vec![
        vec![
            "病院".to_owned(),
            "広島取込病院".to_owned(),
            "300".to_owned(),
            "看護部\n皮膚科".to_owned(),
        ],
        vec![
            "看護学校".to_owned(),
            "広島取込看護学校".to_owned(),
            "120".to_owned(),
            String::new(),
        ],
    ];
    let xlsx = renkei_io::write_xlsx(
        "販路開拓先",
        &["種別", "名称", "病床数", "診療科"],
        rows.into_iter(),
    )
    .unwrap();
    let fields = [("city", "341002"), ("kind", "targets")];
    let (status, page, _) = upload(officer, "広島.xlsx", xlsx, &fields).await;
    assert_eq!(status, 303, "{}", app.backend);
    let (_, body) = officer.get_text(&page).await;
    assert!(body.contains("2件の販路開拓先を取り込めます"), "{body}");
    let r = officer.post_form(&page, &[("commit", "1")]).await;
    assert_eq!(r.status().as_u16(), 303);
    let done = eventually(|| async {
        let (_, body) = officer.get_text(&page).await;
        body.contains("件の販路開拓先を取り込みました")
    })
    .await;
    assert!(done, "{}: the import finished", app.backend);
    let (_, list) = officer.get_text("/sales-targets?kind=hospital").await;
    assert!(list.contains("広島取込病院") && !list.contains("広島取込看護学校"));
    // Another city's officer does not see them.
    let other = app.another_node().await;
    other.sign_in_as(&[staff("121002", false)]).await;
    let (_, list) = other.get_text("/sales-targets").await;
    assert!(!list.contains("広島取込病院"));
    other
}

/// Registered by hand: every wrong field listed, then saved. Returns the target's id.
async fn a_target_registered_by_hand(officer: &TestApp, other: &TestApp) -> i64 {
    let r = officer
        .post_form(
            "/sales-targets/new",
            &[
                ("city", "341002"),
                ("kind", ""),
                ("name", ""),
                ("size", "多い"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("種別を選んでください") && body.contains("名称を入力してください"));
    let r = officer
        .post_form(
            "/sales-targets/new",
            &[
                ("city", "341002"),
                ("kind", "special-needs-school"),
                ("name", "広島登録特別支援学校"),
                ("size", "１２０"),
            ],
        )
        .await;
    assert_eq!(r.status().as_u16(), 303);
    let target_id: i64 = crate::helpers::location(&r)
        .trim_start_matches("/sales-targets/")
        .parse()
        .unwrap();
    assert_eq!(
        other.status(&format!("/sales-targets/{target_id}")).await,
        404
    );
    target_id
}

/// A referral reaches it; its contact answers with an account, and gives 感想.
async fn a_target_answers_with_its_account(app: &TestApp, target_id: i64) {
    let (_, product) = eligible_product(&app.store, "支援学校向けの製品").await;
    let r = referral_in(&app.store, product, State::Accepted).await;
    let target = app
        .store
        .sales_target(renkei_store::TargetId(target_id))
        .await
        .unwrap()
        .unwrap();
    let row = app
        .store
        .add_referral_target(r.id, &target, &Actor::system("test"))
        .await
        .unwrap()
        .unwrap();
    let contact = app.another_node().await;
    contact
        .sign_in_as(&[renkei_domain::access::Role::TargetContact {
            organization: target_id,
        }])
        .await;
    let (_, mine) = contact.get_text("/introductions").await;
    assert!(mine.contains("支援学校向けの製品"), "{mine}");
    let path = format!("/referrals/{}", r.id);
    let (status, page) = contact.get_text(&path).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("推薦理由") && !page.contains("consent-wording"),
        "{page}"
    );
    assert!(page.contains("id=\"answer\""), "{page}");
    // The cities' and the company's steps, who took them and their notes are not its part;
    // nor is the receiving city's search for targets.
    assert!(
        !page.contains("id=\"history\"") && !page.contains("販路開拓先を探しています"),
        "{page}"
    );
    let v = version_of(&page);
    let r2 = contact
        .post_form(
            &format!("{path}/targets/{}/answer", row.id),
            &[("answer", "agreed"), ("version", &v)],
        )
        .await;
    assert_eq!(r2.status().as_u16(), 303, "{}", app.backend);
    let r2 = contact
        .post_form(
            &format!("{path}/feedback"),
            &[("rating", "4"), ("comment", "意義がよく分かった")],
        )
        .await;
    assert_eq!(r2.status().as_u16(), 303);
    // Not another organization's answer, and no step of the workflow.
    let version = app
        .store
        .referral(r.id)
        .await
        .unwrap()
        .unwrap()
        .version
        .to_string();
    let r2 = contact
        .post_form(
            &format!("{path}/move"),
            &[("move", "feed-back"), ("version", &version)],
        )
        .await;
    assert_eq!(r2.status().as_u16(), 403);
    // Once the referral ends, the target no longer sees it.
    step(&app.store, &r, Party::SendingCity, Move::Withdraw).await;
    assert_eq!(contact.status(&path).await, 404);
}

/// A city sets its expected times; wrong numbers are refused.
async fn expected_times_set(app: &TestApp, officer: &TestApp, other: &TestApp) {
    let r2 = officer
        .post_form("/cities/341002/referral-times", &[("days_sent", "0")])
        .await;
    assert_eq!(r2.status().as_u16(), 422);
    let mut form = vec![];
    for s in State::ALL {
        if renkei_domain::referral::default_days(s).is_some() {
            form.push((format!("days_{}", s.code()), "３".to_owned()));
        }
    }
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r2 = officer
        .post_form("/cities/341002/referral-times", &form)
        .await;
    assert_eq!(r2.status().as_u16(), 303);
    let set = app.store.referral_deadlines(&city("341002")).await.unwrap();
    assert!(set.iter().all(|(_, d)| *d == 3));
    assert_eq!(
        other.status("/cities/341002/referral-times").await,
        404,
        "another city's settings are not found"
    );
}

#[tokio::test]
async fn the_demo_holds_the_pilots_four_referrals_where_the_report_left_them() {
    let app = TestApp::each(true).await.remove(0);
    let admin = app.another_node().await;
    admin.sign_in_admin().await;
    let (_, summary) = admin.get_text("/referrals/summary").await;
    for pair in [
        "千葉市 → さいたま市",
        "さいたま市 → 熊本市",
        "熊本市 → 広島市",
        "広島市 → 千葉市",
    ] {
        assert!(summary.contains(pair), "{pair}");
    }
    for product in [
        "脳梗塞リスク評価サービス",
        "注射トレーニング器",
        "卓上型パーティション",
    ] {
        assert!(summary.contains(product), "{product}");
    }
    assert_eq!(summary.matches("⑦⑧企業へ伝達・販促活動中").count(), 4);
    // The demo target contact of 千葉市 sees the introduction of 広島市's partition.
    let targets = app.store.sales_targets_of(&city("121002")).await.unwrap();
    let contact = app.another_node().await;
    contact
        .sign_in_as(&[renkei_domain::access::Role::TargetContact {
            organization: targets[0].id.0,
        }])
        .await;
    let (_, mine) = contact.get_text("/introductions").await;
    assert!(mine.contains("卓上型パーティション"), "{mine}");
    no_demo_text_ends_twice(&admin, &summary).await;
}

/// The demo's texts (the referrals' reasons, the products, the summary) never end in "。。".
async fn no_demo_text_ends_twice(admin: &TestApp, summary: &str) {
    assert!(!summary.contains("。。"), "{summary}");
    let mut pages: Vec<String> = summary
        .split("href=\"/referrals/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|id| id.chars().all(|c| c.is_ascii_digit()))
        .map(|id| format!("/referrals/{id}"))
        .collect();
    pages.sort();
    pages.dedup();
    assert_eq!(pages.len(), 4, "{pages:?}");
    pages.extend(["/products".to_owned(), "/companies".to_owned()]);
    for page in pages {
        let (status, body) = admin.get_text(&page).await;
        assert_eq!(status, 200, "{page}");
        assert!(
            !body.contains("。。"),
            "{page}: {}",
            body.split("。。").next().unwrap_or_default()
        );
        if page.starts_with("/referrals/") {
            assert!(
                body.contains("市が推薦します。"),
                "{page}: the reason is shown"
            );
        }
    }
}

#[tokio::test]
async fn a_target_never_sees_another_and_the_workflow_keeps_its_grant_and_company() {
    for app in TestApp::each(false).await {
        let actor = Actor::system("test");
        let (company, product) = eligible_product(&app.store, "二つの病院に紹介する製品").await;
        let r = referral_in(&app.store, product, State::Accepted).await;
        let mut rows = Vec::new();
        for (name, email) in [
            ("広島第一病院（架空）", "one@hiroshima-one.example.jp"),
            ("広島第二病院（架空）", "two@hiroshima-two.example.jp"),
        ] {
            let t = renkei_domain::target::TargetDraft {
                kind: "hospital".into(),
                name: name.into(),
                contact_email: email.into(),
                ..Default::default()
            }
            .validate()
            .unwrap();
            let t = app
                .store
                .create_sales_target(&city("341002"), &t, &actor)
                .await
                .unwrap();
            let row = app
                .store
                .add_referral_target(r.id, &t, &actor)
                .await
                .unwrap()
                .unwrap();
            renkei_app::referrals::answer_for_target(
                &testing::app(&app.store),
                r.id,
                row.id,
                row.version,
                renkei_domain::referral::TargetAnswer::Agreed,
                "",
                "officer",
                &actor,
            )
            .await
            .unwrap()
            .unwrap();
            rows.push(t);
        }
        let now = app.store.referral(r.id).await.unwrap().unwrap();
        let fed = step(&app.store, &now, Party::ReceivingCity, Move::FeedBack).await;
        // An answer after the report back is refused and changes nothing.
        let late = app.store.referral_targets(r.id).await.unwrap()[0].0.clone();
        let refused = renkei_app::referrals::answer_for_target(
            &testing::app(&app.store),
            r.id,
            late.id,
            late.version,
            renkei_domain::referral::TargetAnswer::Declined,
            "",
            "officer",
            &actor,
        )
        .await
        .unwrap();
        assert!(refused.is_err(), "{}", app.backend);
        let path = format!("/referrals/{}", r.id);
        // The first hospital's contact sees its own answer, not the other hospital.
        let first = app.another_node().await;
        first
            .sign_in_as(&[renkei_domain::access::Role::TargetContact {
                organization: rows[0].id.0,
            }])
            .await;
        let (status, page) = first.get_text(&path).await;
        assert_eq!(status, 200, "{}", app.backend);
        assert!(
            !page.contains("広島第二病院") && !page.contains("two@hiroshima-two.example.jp"),
            "{}: a target saw another",
            app.backend
        );
        // The sending city sees both, with contacts.
        let chiba = app.another_node().await;
        chiba.sign_in_as(&[staff("121002", false)]).await;
        let (_, page) = chiba.get_text(&path).await;
        assert!(page.contains("two@hiroshima-two.example.jp"));
        // The dossier's grant is the workflow's: not revoked from the grants page.
        let grant = app
            .store
            .grants_of_city(&city("121002"))
            .await
            .unwrap()
            .into_iter()
            .find(|g| g.object_type == "referral" && g.object_id == r.id.to_string())
            .unwrap();
        let resp = chiba
            .post_form(
                &format!("/cities/121002/grants/{}/revoke", grant.id),
                &[("reason", "手で取り消す")],
            )
            .await;
        assert_eq!(resp.status().as_u16(), 400, "{}", app.backend);
        assert!(resp.text().await.unwrap().contains("取り下げ"));
        assert!(
            app.store
                .referral_shared_with(&fed)
                .await
                .unwrap()
                .contains(&city("341002"))
        );
        // Merged into another company, the referral follows it.
        let keeper = renkei_domain::company::CompanyDraft {
            name: "統合先の会社㈱".into(),
            ..Default::default()
        }
        .validate(&city("121002"))
        .unwrap();
        let keeper = app
            .store
            .create_company(&keeper, &[], &actor)
            .await
            .unwrap();
        app.store
            .merge_companies(renkei_store::CompanyId(company), keeper.id, &actor)
            .await
            .unwrap();
        assert_eq!(
            app.store.referral(r.id).await.unwrap().unwrap().company_id,
            keeper.id
        );
    }
}
