//! Research groups (研究会) through the pages, on each test database: a city's staff start a
//! group run with a partner city (every problem named, nothing written; read-only staff and
//! company people refused); members are added (a company found by the name typed, once;
//! a university by name); the member company's people read the group but do not change it,
//! a city that does not run it is not told it exists; the membership makes the company's
//! product eligible for referral, and leaving takes that back; a meeting is recorded with
//! its minutes and attendance (not in the future; a stale change refused), the attendance
//! support on the company's product (once); documents are
//! kept in the database and served to those who read the group (a kind not kept, or one too
//! large, refused and nothing kept); each change is an audit line.

use renkei_domain::access::Role;
use renkei_store::ResearchGroupId;

use crate::consultations::{company, person, posted};
use crate::helpers::{TestApp, audit_actions, city, staff};

const CHIBA: &str = "121002";
const SAITAMA: &str = "111007";
const NOT_ELIGIBLE: &str = "この商品にはまだどちらの記録もありません";

/// The id at the end of a redirect (`/research-groups/7?saved=1` → 7).
fn id_of(to: &str, prefix: &str) -> i64 {
    to.trim_start_matches(prefix)
        .split(['?', '#'])
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// A file sent with the group page's document form: (status, redirect or page).
async fn upload(
    node: &TestApp,
    group: i64,
    name: &str,
    bytes: Vec<u8>,
    meeting: &str,
) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("csrf", node.csrf_token().unwrap_or_default())
        .text("meeting", meeting.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
    let r = node
        .client
        .post(node.url(&format!("/research-groups/{group}/documents")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let to = crate::helpers::location(&r);
    let body = r.text().await.unwrap_or_default();
    (status, if status == 303 { to } else { body })
}

/// The group is started by Chiba's desk with Saitama as partner: its id.
async fn start(app: &TestApp, desk: &TestApp, reader: &TestApp, firm: &TestApp) -> i64 {
    let list = "/cities/121002/research-groups";
    let (status, page) = posted(desk, list, &[("description", "医療機器の開発を学ぶ")]).await;
    assert_eq!(status, 422, "{page}");
    for f in ["name", "field"] {
        assert!(page.contains(&format!(r##"href="#f-{f}""##)), "{f}: {page}");
    }
    assert!(
        page.contains("医療機器の開発を学ぶ"),
        "what was typed stays"
    );
    let group = [
        ("name", "千葉市医療機器研究会"),
        ("field", "medical-device"),
        ("description", "企業・大学・病院で医療機器の開発を学ぶ"),
        ("founded_on", "令和8年4月1日"),
        ("partner_111007", "1"),
    ];
    assert_eq!(posted(reader, list, &group).await.0, 403);
    assert_eq!(firm.status(list).await, 404);
    assert!(
        app.store
            .research_groups_of(&city(CHIBA))
            .await
            .unwrap()
            .is_empty()
    );
    let (status, to) = posted(desk, list, &group).await;
    assert_eq!(status, 303, "{to}");
    let id = id_of(&to, "/research-groups/");
    let g = app.store.research_group(ResearchGroupId(id)).await.unwrap();
    assert_eq!(g.cities, vec![city(CHIBA), city(SAITAMA)]);
    let (_, shown) = desk.get_text(list).await;
    assert!(shown.contains("千葉市医療機器研究会") && shown.contains("千葉市・さいたま市"));
    let shared = app.store.research_groups_of(&city(SAITAMA)).await.unwrap();
    assert_eq!(shared.len(), 1, "the partner city lists it too");
    id
}

#[tokio::test]
async fn a_research_group_keeps_members_meetings_and_documents_and_counts_for_referral() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "研究会テスト医工株式会社").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (reader, _) = person(&app, &[staff(CHIBA, true)]).await;
        let (saitama, _) = person(&app, &[staff(SAITAMA, false)]).await;
        let (osaka, _) = person(&app, &[staff("271004", false)]).await;
        let id = start(&app, &desk, &reader, &firm).await;
        let page = format!("/research-groups/{id}");
        let product = format!("/products/{}", p.id);
        assert!(desk.get_text(&product).await.1.contains(NOT_ELIGIBLE));

        // Members: a company named as typed (part of its name, full width), once.
        let members = format!("{page}/members");
        let (status, shown) = posted(
            &desk,
            &members,
            &[("kind", "company"), ("company", "存在しない社")],
        )
        .await;
        assert_eq!(status, 422);
        assert!(shown.contains(r##"href="#f-company""##), "{shown}");
        let join = [
            ("kind", "company"),
            ("company", "研究会テスト医工"),
            ("note", "幹事"),
            ("joined_on", "2026-04-01"),
        ];
        assert_eq!(
            posted(&firm, &members, &join).await.0,
            404,
            "not told of it"
        );
        assert_eq!(posted(&desk, &members, &join).await.0, 303);
        let (status, shown) = posted(&desk, &members, &join).await;
        assert_eq!(status, 422, "a company joins once");
        assert!(shown.contains("すでに研究会の会員です"));
        let (status, shown) = posted(&desk, &members, &[("kind", "university")]).await;
        assert_eq!(status, 422);
        assert!(shown.contains(r##"href="#f-member_name""##));
        let university = [("kind", "university"), ("member_name", "千葉大学 工学部")];
        assert_eq!(posted(&saitama, &members, &university).await.0, 303);
        let all = app
            .store
            .research_group_members(ResearchGroupId(id))
            .await
            .unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].name, "研究会テスト医工株式会社");

        // Who reads it: its cities' staff and the member company; not another city.
        assert_eq!(firm.status(&page).await, 200);
        assert_eq!(reader.status(&page).await, 200);
        assert_eq!(osaka.status(&page).await, 404);
        let (_, company_page) = firm.get_text(&format!("/companies/{}", c.id)).await;
        assert!(company_page.contains("千葉市医療機器研究会"));

        // The membership is an evaluation in the home city: the product may be referred.
        let (_, shown) = desk.get_text(&product).await;
        assert!(!shown.contains(NOT_ELIGIBLE), "eligible through the group");
        assert!(shown.contains("研究会への参加：千葉市医療機器研究会"));

        // A meeting: not in the future; with its minutes and who attended.
        let meetings = format!("{page}/meetings");
        let member = all[0].id.0.to_string();
        let attendee = format!("attendee_{member}");
        let future = [("held_on", "2099-01-01"), ("title", "第1回 例会")];
        let (status, shown) = posted(&desk, &meetings, &future).await;
        assert_eq!(status, 422);
        assert!(shown.contains(r##"href="#f-held_on""##));
        let held = [
            ("held_on", "2026-11-20"),
            ("title", "第1回 例会"),
            ("place", "千葉市役所"),
            ("minutes", "薬機法の分類について講演。次回は試作品の発表。"),
            (attendee.as_str(), "1"),
        ];
        // The university joined today: it was not a member on the day held.
        let university = format!("attendee_{}", all[1].id);
        let mut early = held.to_vec();
        early.push((university.as_str(), "1"));
        let (status, shown) = posted(&desk, &meetings, &early).await;
        assert_eq!(status, 422);
        assert!(shown.contains("開催日に会員でなかった出席者"), "{shown}");
        assert_eq!(posted(&firm, &meetings, &held).await.0, 403);
        let (status, to) = posted(&desk, &meetings, &held).await;
        assert_eq!(status, 303, "{to}");
        let meeting = id_of(&to, &format!("{page}/meetings/"));
        let meeting_page = format!("{page}/meetings/{meeting}");
        let (status, shown) = firm.get_text(&meeting_page).await;
        assert_eq!(status, 200);
        assert!(
            shown.contains("薬機法の分類について講演")
                && shown.contains("研究会テスト医工株式会社")
        );
        // The attendance is support for the measure 研究会 on the company's product.
        let support = app.store.product_support(p.id).await.unwrap();
        assert_eq!(support.len(), 1, "{support:?}");
        assert_eq!(support[0].measure.code, "development.research-group");
        assert!(support[0].notes.contains("第1回 例会"), "{support:?}");
        let mut change = held.to_vec();
        change.push(("version", "0"));
        assert_eq!(posted(&desk, &meeting_page, &change).await.0, 409);
        change.pop();
        change.push(("version", "1"));
        change[3] = (
            "minutes",
            "薬機法の分類について講演。次回は試作品の発表（2月）。",
        );
        assert_eq!(posted(&desk, &meeting_page, &change).await.0, 303);
        assert!(desk.get_text(&meeting_page).await.1.contains("（2月）"));
        // Unticked and ticked again: the attendance is still counted once.
        let without: Vec<_> = change
            .iter()
            .filter(|(k, _)| !k.starts_with("attendee_") && *k != "version")
            .copied()
            .chain([("version", "2")])
            .collect();
        assert_eq!(posted(&desk, &meeting_page, &without).await.0, 303);
        change.pop();
        change.push(("version", "3"));
        assert_eq!(posted(&desk, &meeting_page, &change).await.0, 303);
        let again = app.store.product_support(p.id).await.unwrap();
        assert_eq!(again.len(), 1, "counted once for the same attendance");

        documents(&app, (&desk, &firm, &osaka), id, meeting).await;

        // Leaving: not before joining; then the product is no longer eligible through it.
        let leave = format!("{page}/members/{member}/leave");
        let (status, _) = posted(&desk, &leave, &[("left_on", "2020-01-01")]).await;
        assert_eq!(status, 422);
        assert_eq!(posted(&desk, &leave, &[]).await.0, 303);
        assert_eq!(posted(&desk, &leave, &[]).await.0, 422, "left already");
        assert!(desk.get_text(&product).await.1.contains(NOT_ELIGIBLE));
        assert_eq!(
            firm.status(&page).await,
            404,
            "a former member's people no longer read it"
        );

        partner_city_does_not_lead(&saitama, &page).await;

        // The group changed from the version seen; a stale change refused.
        let edit = [
            ("name", "千葉市医療機器研究会"),
            ("field", "medical-device"),
            ("version", "0"),
        ];
        assert_eq!(posted(&desk, &page, &edit).await.0, 409);

        let lines = audit_actions(&app, Some(CHIBA), 50).await;
        for action in [
            "research_group.create",
            "research_group.member.join",
            "research_group.member.leave",
            "research_group.meeting.create",
            "research_group.meeting.update",
            "research_group.document.create",
        ] {
            assert!(lines.iter().any(|l| l == action), "{action}: {lines:?}");
        }
    }
}

/// Documents: a kind not kept and one too large refused, nothing kept; one kept for the
/// meeting, served as it was to a member's people, not to another city.
async fn documents(
    app: &TestApp,
    (desk, firm, osaka): (&TestApp, &TestApp, &TestApp),
    id: i64,
    meeting: i64,
) {
    let page = format!("/research-groups/{id}");
    let meeting_page = format!("{page}/meetings/{meeting}");
    let m = meeting.to_string();
    let (status, shown) = upload(desk, id, "tool.exe", b"MZ".to_vec(), "").await;
    assert_eq!(status, 422);
    assert!(shown.contains("保存できるのは PDF"), "{shown}");
    let big = vec![b'%'; renkei_domain::research_group::DOCUMENT_MAX_BYTES + 1];
    let (status, shown) = upload(desk, id, "big.pdf", big, "").await;
    assert_eq!(status, 422);
    assert!(shown.contains("10MB以下"), "{shown}");
    let docs = app
        .store
        .research_group_documents(ResearchGroupId(id))
        .await
        .unwrap();
    assert!(docs.is_empty());
    let pdf = b"%PDF-1.4 minutes".to_vec();
    let (status, _) = upload(firm, id, "議事録.pdf", pdf.clone(), &m).await;
    assert_eq!(status, 403, "a member reads, does not add");
    let (status, to) = upload(desk, id, "第1回 議事録.pdf", pdf.clone(), &m).await;
    assert_eq!(status, 303, "{to}");
    let docs = app
        .store
        .research_group_documents(ResearchGroupId(id))
        .await
        .unwrap();
    assert_eq!(
        (docs.len(), docs[0].meeting_id.map(|m| m.0)),
        (1, Some(meeting))
    );
    let file = format!("{page}/documents/{}", docs[0].id);
    let r = firm.get(&file).await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        disposition.contains("%E8%AD%B0%E4%BA%8B%E9%8C%B2.pdf"),
        "{disposition}"
    );
    assert_eq!(r.bytes().await.unwrap().to_vec(), pdf);
    assert_eq!(osaka.status(&file).await, 404);
    assert!(
        desk.get_text(&meeting_page)
            .await
            .1
            .contains("第1回 議事録.pdf")
    );
}

#[tokio::test]
async fn the_demo_has_research_groups_in_each_pilot_city() {
    for app in TestApp::each(true).await {
        renkei_web::demo::load_accounts(&app.store).await.unwrap();
        renkei_web::demo::load_consultations(&app.store)
            .await
            .unwrap();
        for code in renkei_domain::city::PILOT_CITIES {
            let groups = app.store.research_groups_of(&city(code)).await.unwrap();
            assert!(!groups.is_empty(), "{code}");
            for g in &groups {
                let members = app.store.research_group_members(g.id).await.unwrap();
                assert_eq!(members.len(), 4, "{}", g.name);
                let meetings = app.store.research_group_meetings(g.id).await.unwrap();
                assert_eq!(meetings.len(), 1, "{}", g.name);
                assert_eq!(meetings[0].attendees.len(), 4);
            }
        }
        // The two groups the report's pilot counted, in さいたま市.
        let saitama = app.store.research_groups_of(&city(SAITAMA)).await.unwrap();
        let names: Vec<&str> = saitama.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(
            names,
            ["さいたま市医療機器研究会", "さいたま市福祉用具開発研究会"]
        );
        // The same through the API, to those who read them.
        let (desk, _) = person(&app, &[staff(SAITAMA, true)]).await;
        let (osaka, _) = person(&app, &[staff("271004", false)]).await;
        let (status, list) = desk.get_json("/api/v1/cities/111007/research-groups").await;
        assert_eq!(status, 200, "{list}");
        assert_eq!(list.as_array().unwrap().len(), 2);
        let one = format!("/api/v1/research-groups/{}", saitama[0].id);
        let (status, g) = desk.get_json(&one).await;
        assert_eq!(status, 200, "{g}");
        assert_eq!(g["group"]["field"], "medical-device");
        assert_eq!(g["members"].as_array().unwrap().len(), 4);
        assert_eq!(g["meetings"][0]["attendees"].as_array().unwrap().len(), 4);
        assert_eq!(osaka.get_json(&one).await.0, 404);
    }
}

/// A partner city's staff are not told of the lead city's companies, and do not change who
/// runs the group.
async fn partner_city_does_not_lead(saitama: &TestApp, page: &str) {
    let chiba_company = [("kind", "company"), ("company", "研究会テスト医工")];
    let (status, shown) = posted(saitama, &format!("{page}/members"), &chiba_company).await;
    assert_eq!(status, 422);
    assert!(shown.contains("見つかりません"), "{shown}");
    let alone = [
        ("name", "千葉市医療機器研究会"),
        ("field", "medical-device"),
        ("version", "1"),
    ];
    let (status, shown) = posted(saitama, page, &alone).await;
    assert_eq!(status, 422);
    assert!(
        shown.contains("主に運営する市の職員が変更します"),
        "{shown}"
    );
}
