//! Consultation cases in search, on each test database: a case is found by words of its
//! subject and its question by the desk's city's staff and coordinators and by the company's
//! people, as the case itself is read; another city's staff and another company's people do
//! not find it. The product's page lists the case about it.

use renkei_domain::access::Role;
use serde_json::Value;

use crate::consultations::{company, person, posted};
use crate::helpers::{TestApp, city, staff};

const CHIBA: &str = "121002";

/// The consultation cases a search finds for this person: their links.
async fn cases_found(node: &TestApp, q: &str) -> Vec<String> {
    let q: String = url::form_urlencoded::byte_serialize(q.as_bytes()).collect();
    let (status, body) = node
        .get_json(&format!("/api/v1/search?q={q}&kind=consultation"))
        .await;
    assert_eq!(status, 200, "{body}");
    body["items"]
        .as_array()
        .unwrap_or_else(|| panic!("{body}"))
        .iter()
        .map(|h: &Value| h["link"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn cases_are_found_by_those_who_read_them() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "検索テスト医工株式会社").await;
        let (other, _) = company(&app, "別の検索テスト株式会社").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (stranger, _) = person(
            &app,
            &[Role::CompanyUser {
                company: other.id.0,
            }],
        )
        .await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (coordinator, _) = person(&app, &[Role::Coordinator { city: city(CHIBA) }]).await;
        let (osaka, _) = person(&app, &[staff("271004", false)]).await;
        let pid = p.id.0.to_string();
        let ask = [
            ("kind", "ip"),
            ("subject", "嚥下センサーの特許出願"),
            ("detail", "先行技術の調べ方を知りたい"),
            ("product", pid.as_str()),
        ];
        let (status, to) = posted(&firm, &format!("/companies/{}/consultations", c.id), &ask).await;
        assert_eq!(status, 303, "{to}");
        let link = to.split('?').next().unwrap().to_owned();
        for who in [&firm, &desk, &coordinator] {
            assert_eq!(cases_found(who, "嚥下センサー").await, vec![link.clone()]);
            assert_eq!(cases_found(who, "先行技術").await, vec![link.clone()]);
        }
        for who in [&stranger, &osaka] {
            assert!(cases_found(who, "嚥下センサー").await.is_empty());
        }
        // The product's page lists the case about it.
        let product = format!("/products/{}", p.id);
        for who in [&firm, &desk] {
            let (_, page) = who.get_text(&product).await;
            assert!(page.contains(&format!(r#"href="{link}""#)), "{page}");
        }
    }
}
