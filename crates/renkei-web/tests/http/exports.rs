//! Every list a city works from comes as CSV and as Excel (XLSX) with the rows its page
//! shows, on every database: a city's menu (anyone's), its company voices, its sales-channel
//! targets, the referrals it is a party to, and the needs and seeds; both files read back to
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
