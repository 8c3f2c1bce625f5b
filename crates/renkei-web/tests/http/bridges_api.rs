//! Bridges to national bodies through the JSON API, on each test database: the desk prepares
//! one from a case (a body that does not exist named as the field at fault); the company's
//! consent comes before anything is sent (sending first is refused with why); the company
//! consents to some of the fields; sent, replied and closed, the bridge becomes support on
//! the product; its history is read back; another city's staff are not told it exists.

use renkei_domain::access::Role;
use reqwest::Method;
use serde_json::json;

use crate::consultations::{company, person};
use crate::helpers::{TestApp, error_fields, staff};

const CHIBA: &str = "121002";

#[tokio::test]
async fn a_bridge_is_prepared_consented_sent_and_closed_through_the_api() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "橋渡しAPI医工株式会社").await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (osaka, _) = person(&app, &[staff("271004", false)]).await;
        let ask = json!({"kind": "regulatory", "subject": "PMDAへの相談", "product": p.id.0});
        let (status, case) = firm
            .send_json(
                Method::POST,
                &format!("/api/v1/companies/{}/consultations", c.id),
                &ask,
            )
            .await;
        assert_eq!(status, 201, "{case}");
        let case = case["id"].as_i64().unwrap();
        let opens = format!("/api/v1/consultations/{case}/bridges");
        let (status, body) = desk
            .send_json(
                Method::POST,
                &opens,
                &json!({"body": 999_999, "type": "rs-general"}),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(error_fields(&body), ["body"], "{body}");
        let pmda = app.store.national_bodies().await.unwrap().remove(0);
        let open = json!({"body": pmda.id, "type": "rs-general"});
        let (status, _) = firm.send_json(Method::POST, &opens, &open).await;
        assert_eq!(status, 403, "the desk prepares it");
        let (status, b) = desk.send_json(Method::POST, &opens, &open).await;
        assert_eq!(status, 201, "{b}");
        let id = b["id"].as_i64().unwrap();
        assert_eq!(b["state"], "preparing");
        let fields: Vec<String> = b["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["field"].as_str().unwrap().to_owned())
            .collect();
        assert!(fields.len() >= 2, "{b}");

        // Nothing goes to the body before the company consents.
        let moves = format!("/api/v1/bridges/{id}/moves");
        let send = |v: i64| json!({"move": "mark_sent", "version": v, "date": "2025-12-25"});
        let (status, body) = desk.send_json(Method::POST, &moves, &send(1)).await;
        assert_eq!(status, 409, "{body}");
        let ask_consent = json!({"move": "ask_consent", "version": 1});
        let (status, b) = desk.send_json(Method::POST, &moves, &ask_consent).await;
        assert_eq!(status, 200, "{b}");
        let (status, body) = desk.send_json(Method::POST, &moves, &send(2)).await;
        assert_eq!(status, 409, "{body}");
        assert!(
            body.to_string().contains("同意"),
            "the refusal says why: {body}"
        );
        let consent =
            json!({"move": "consent", "version": 2, "shared": [fields[0]], "amed": false});
        let (status, _) = desk.send_json(Method::POST, &moves, &consent).await;
        assert_eq!(status, 403, "the company consents, not the desk");
        let (status, b) = firm.send_json(Method::POST, &moves, &consent).await;
        assert_eq!(status, 200, "{b}");
        assert_eq!(b["shared"], json!([fields[0]]));
        assert_eq!(b["waiting_on"], "desk");

        // Sent, replied, closed: support on the product.
        let (status, b) = desk.send_json(Method::POST, &moves, &send(3)).await;
        assert_eq!(status, 200, "{b}");
        assert_eq!(b["reply_due"], "2026-01-06");
        let reply = json!({"move": "record_reply", "version": 4, "date": "2026-01-06", "text": "面談日の連絡"});
        assert_eq!(desk.send_json(Method::POST, &moves, &reply).await.0, 200);
        let close =
            json!({"move": "close", "version": 5, "outcome": "held", "text": "クラスⅡの方針"});
        let (status, b) = desk.send_json(Method::POST, &moves, &close).await;
        assert_eq!(status, 200, "{b}");
        assert!(b["support_record"].is_i64(), "{b}");
        let (status, got) = firm.get_json(&format!("/api/v1/bridges/{id}")).await;
        assert_eq!(status, 200);
        let steps: Vec<&str> = got["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["move"].as_str().unwrap())
            .collect();
        assert_eq!(
            steps,
            [
                "open",
                "ask_consent",
                "consent",
                "mark_sent",
                "record_reply",
                "close"
            ]
        );
        assert_eq!(
            osaka.get_json(&format!("/api/v1/bridges/{id}")).await.0,
            404
        );
    }
}
