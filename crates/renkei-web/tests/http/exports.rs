//! Every list a city works from comes as CSV and as Excel (XLSX) with the rows its page
//! shows, on every database: a city's menu (anyone's), its company voices, its sales-channel
//! targets, the referrals it is a party to, the needs and seeds, and the programs' lists (a
//! city's events, its research groups and registration requests, a call's applications; the
//! winners' in `call_reviews.rs`); both files read back to
//! the same table, and another city's officer is told a city's voices do not exist.

use std::collections::BTreeSet;

use renkei_store::{MenuQuery, PageRequest};

use crate::helpers::{TestApp, city, staff};

const CHIBA: &str = "121002";

/// The table of `path`'s CSV and XLSX files, checked to be the same.
pub(crate) async fn both(node: &TestApp, path: &str) -> renkei_io::Table {
    let mut tables = Vec::new();
    for ext in ["csv", "xlsx"] {
        let (base, query) = path.split_once('?').unwrap_or((path, ""));
        let r = node.get(&format!("{base}.{ext}?{query}")).await;
        assert_eq!(r.status().as_u16(), 200, "{base}.{ext}");
        let disposition = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(disposition.contains(&format!(".{ext}\"")), "{disposition}");
        let bytes = r.bytes().await.unwrap();
        tables.push(renkei_io::read(&bytes).expect("a readable file"));
    }
    let xlsx = tables.pop().unwrap();
    let csv = tables.pop().unwrap();
    assert_eq!(csv.headers, xlsx.headers, "{path}");
    let cells = |t: &renkei_io::Table| t.rows.iter().map(|r| r.cells.clone()).collect::<Vec<_>>();
    assert_eq!(cells(&csv), cells(&xlsx), "{path}");
    csv
}

fn column(t: &renkei_io::Table, i: usize) -> BTreeSet<String> {
    t.rows.iter().map(|r| r.cells[i].clone()).collect()
}

#[tokio::test]
async fn every_list_comes_as_csv_and_xlsx_with_the_rows_its_page_shows() {
    for app in TestApp::each(true).await {
        let chiba = city(CHIBA);
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CHIBA, false)]).await;

        // The menu, anyone's: every entry, with its measure.
        let visitor = app.another_node().await;
        let menu = both(&visitor, &format!("/cities/{CHIBA}/menu")).await;
        let all = PageRequest::new(1, PageRequest::MAX_PER_PAGE);
        let entries = app
            .store
            .menu(
                &chiba,
                MenuQuery {
                    scope: None,
                    page: all,
                },
            )
            .await
            .unwrap();
        assert_eq!(menu.rows.len() as u64, entries.total, "{}", app.backend);
        let codes = column(&menu, 2);
        assert!(
            entries
                .items
                .iter()
                .all(|e| codes.contains(e.entry.measure.code))
        );

        // The city's company voices.
        let voices = both(&officer, &format!("/cities/{CHIBA}/voices")).await;
        let kept = app.store.voices_of_city(&chiba).await.unwrap();
        assert!(!kept.is_empty());
        assert_eq!(
            column(&voices, 3),
            kept.iter().map(|v| v.text.clone()).collect()
        );
        let osaka = app.another_node().await;
        osaka.sign_in_as(&[staff("271004", false)]).await;
        let r = osaka.get(&format!("/cities/{CHIBA}/voices.csv")).await;
        assert_eq!(r.status().as_u16(), 404, "another city's records");

        // The city's sales-channel targets, with their contacts.
        let targets = both(&officer, "/sales-targets?city=121002").await;
        let names: BTreeSet<String> = app
            .store
            .sales_targets_of(&chiba)
            .await
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert!(!names.is_empty());
        assert_eq!(column(&targets, 3), names);

        // The referrals the city is a party to: the same as its list page.
        let referrals = both(&officer, "/referrals").await;
        let (_, page) = officer.get_text("/referrals").await;
        let listed: BTreeSet<String> = page
            .split(r#"href="/referrals/"#)
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .filter(|id| id.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_owned)
            .collect();
        assert!(!listed.is_empty());
        assert_eq!(column(&referrals, 0), listed, "{}", app.backend);

        // Needs and seeds: one recorded through the form comes out with its words.
        let r = officer
            .post_form(
                "/needs-seeds",
                &[
                    ("kind", "need"),
                    ("city", CHIBA),
                    ("title", "夜間の見守りを楽にしたい"),
                    ("description", "病棟の夜勤の負担を減らしたい"),
                    ("fields", "看護部\n介護"),
                ],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let needs = both(&officer, "/needs-seeds").await;
        let row = needs
            .rows
            .iter()
            .find(|r| r.cells[3] == "夜間の見守りを楽にしたい")
            .expect("the need is listed");
        assert_eq!(row.cells[1], "ニーズ");
        assert_eq!(row.cells[5], "看護部・介護");
    }
}

#[tokio::test]
async fn each_programs_list_comes_as_csv_and_xlsx_with_the_rows_its_page_shows() {
    for app in TestApp::each(true).await {
        // The programs' demo: research groups, calls with their applications and winners.
        renkei_web::demo::load_accounts(&app.store).await.unwrap();
        renkei_web::demo::load_consultations(&app.store)
            .await
            .unwrap();
        let chiba = city(CHIBA);
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff(CHIBA, false)]).await;
        let visitor = app.another_node().await;

        // The city's events (organised or co-organised this past year), by their titles.
        let events = both(&officer, &format!("/cities/{CHIBA}/events")).await;
        let q = renkei_store::EventQuery {
            organiser: Some(chiba),
            from: Some(chrono::Utc::now() - chrono::Duration::days(365)),
            limit: 2_000,
            ..Default::default()
        };
        let kept: BTreeSet<String> = app
            .store
            .events(&q)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.title)
            .collect();
        assert!(!kept.is_empty(), "{}", app.backend);
        assert_eq!(column(&events, 1), kept);
        let r = visitor.get(&format!("/cities/{CHIBA}/events.csv")).await;
        assert_eq!(
            r.status().as_u16(),
            303,
            "the organiser's list is the city's"
        );
        assert!(crate::helpers::location(&r).starts_with("/sign-in"));

        // The requests to register a company sent to the city: one sent through the public
        // form comes out with what the applicant wrote.
        let form = crate::registrations::fields("書出医工株式会社", "kakidashi@example.jp", "");
        let r = crate::registrations::send(&visitor, &form).await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);
        let requests = both(&officer, &format!("/cities/{CHIBA}/registrations")).await;
        let kept = app.store.registrations_of(&chiba).await.unwrap();
        assert_eq!(requests.rows.len(), kept.len(), "{}", app.backend);
        let row = requests
            .rows
            .iter()
            .find(|r| r.cells[1] == "書出医工株式会社")
            .expect("the request is listed");
        assert_eq!(row.cells[8], "kakidashi@example.jp");

        // さいたま市's research groups (the report's own), by their names.
        let saitama = app.another_node().await;
        saitama.sign_in_as(&[staff("111007", true)]).await;
        let groups = both(&saitama, "/cities/111007/research-groups").await;
        let kept: BTreeSet<String> = app
            .store
            .research_groups_of(&city("111007"))
            .await
            .unwrap()
            .into_iter()
            .map(|g| g.name)
            .collect();
        assert!(!kept.is_empty(), "{}", app.backend);
        assert_eq!(column(&groups, 1), kept);

        // A call's applications, for its office (its lead city's staff): one row each.
        let mut found = false;
        for c in app.store.calls().await.unwrap() {
            let kept = app.store.applications_of_call(c.id).await.unwrap();
            if kept.is_empty() {
                continue;
            }
            found = true;
            let office = app.another_node().await;
            office
                .sign_in_as(&[staff(&c.city_code.to_string(), true)])
                .await;
            let list = both(&office, &format!("/calls/{}/applications", c.id)).await;
            let ids: BTreeSet<String> = kept.iter().map(|a| a.id.0.to_string()).collect();
            assert_eq!(column(&list, 0), ids, "{}", app.backend);
            let r = visitor
                .get(&format!("/calls/{}/applications.csv", c.id))
                .await;
            assert_eq!(r.status().as_u16(), 303, "applications are the office's");
            let firm = app.another_node().await;
            firm.sign_in_as(&[renkei_domain::access::Role::CompanyUser {
                company: kept[0].company_id.0,
            }])
            .await;
            let r = firm
                .get(&format!("/calls/{}/applications.xlsx", c.id))
                .await;
            assert_eq!(r.status().as_u16(), 404, "not even to an applicant");
            break;
        }
        assert!(found, "the demo has a call with applications");
    }
}
