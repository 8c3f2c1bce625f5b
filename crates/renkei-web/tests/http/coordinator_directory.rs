//! The coordinator directory, on each test database: a coordinator keeps their own profile
//! and their city's staff keep it too (not another city's staff, not another coordinator);
//! a form with problems comes back with each at its field and what was typed; a stale
//! version is a conflict; the directory across cities filters by class, city, language and
//! availability, in its page and in the API; companies and the public have no part in it.

use renkei_domain::access::Role;

use crate::brokering::posted;
use crate::consultations::person;
use crate::helpers::{TestApp, audit_actions, staff};

const CHIBA: &str = "121002";
const HIROSHIMA: &str = "341002";

fn coordinator(code: &str) -> Role {
    Role::Coordinator {
        city: crate::helpers::city(code),
    }
}

/// Whether a directory page lists the coordinator `id`.
fn lists(page: &str, id: i64) -> bool {
    page.contains(&format!("href=\"/coordinators/{id}\""))
}

#[tokio::test]
async fn coordinators_keep_their_profiles_and_the_directory_filters_across_cities() {
    for app in TestApp::each(false).await {
        let (chiba, a) = person(&app, &[coordinator(CHIBA)]).await;
        let (hiroshima, b) = person(&app, &[coordinator(HIROSHIMA)]).await;
        let (chiba_staff, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (hiroshima_staff, _) = person(&app, &[staff(HIROSHIMA, false)]).await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: 1 }]).await;

        // Their own, with every problem at its field and what was typed kept.
        let mine = format!("/coordinators/{a}/profile");
        let (status, page) = posted(
            &chiba,
            &mine,
            &[("capacity", "0"), ("summary", "薬事の相談役")],
        )
        .await;
        assert_eq!(status, 422);
        for field in ["stages", "fields", "capacity", "availability"] {
            assert!(
                page.contains(&format!("href=\"#f-{field}\"")),
                "{field}: {page}"
            );
        }
        assert!(page.contains("薬事の相談役"));
        let a_fields = [
            ("stages", "regulatory"),
            ("stages", "clinical"),
            ("fields", "medical-devices"),
            ("classes", "class-2"),
            ("languages", "ja"),
            ("languages", "en"),
            ("capacity", "3"),
            ("availability", "accepting"),
            ("summary", "クラスⅡの認証申請を数多く支援"),
        ];
        assert_eq!(posted(&chiba, &mine, &a_fields).await.0, 303);
        // Another coordinator's, or another city's staff: refused; their own city's staff keep it.
        let theirs = format!("/coordinators/{b}/profile");
        let b_fields = [
            ("stages", "sales"),
            ("fields", "nursing-care"),
            ("languages", "ja"),
            ("capacity", "2"),
            ("availability", "not-accepting"),
            ("until", "2027-03-31"),
        ];
        assert_eq!(posted(&chiba, &theirs, &b_fields).await.0, 403);
        assert_eq!(posted(&chiba_staff, &theirs, &b_fields).await.0, 403);
        assert_eq!(hiroshima_staff.status(&theirs).await, 200);
        assert_eq!(posted(&hiroshima_staff, &theirs, &b_fields).await.0, 303);
        // A change from a version read before: a conflict.
        let mut stale = a_fields.to_vec();
        stale.push(("version", "1"));
        assert_eq!(posted(&chiba_staff, &mine, &stale).await.0, 303);
        assert_eq!(posted(&chiba, &mine, &stale).await.0, 409);
        let p = app
            .store
            .coordinator_profile(renkei_store::UserId(a))
            .await
            .unwrap()
            .unwrap();
        assert_eq!((p.version, p.capacity), (2, 3));
        assert!(
            audit_actions(&app, Some(CHIBA), 50)
                .await
                .contains(&"coordinator_profile.save".to_owned())
        );

        // The directory, for staff and coordinators of every city.
        let (_, page) = hiroshima.get_text("/coordinators?class=class-2").await;
        assert!(lists(&page, a) && !lists(&page, b), "{page}");
        let (_, page) = chiba_staff
            .get_text(&format!("/coordinators?city={HIROSHIMA}"))
            .await;
        assert!(lists(&page, b) && !lists(&page, a));
        let (_, page) = chiba
            .get_text("/coordinators?availability=not-accepting&stage=sales")
            .await;
        assert!(lists(&page, b) && !lists(&page, a));
        let (_, page) = chiba.get_text("/coordinators?language=en").await;
        assert!(lists(&page, a) && !lists(&page, b));
        assert!(page.contains("クラスⅡの認証申請を数多く支援"));
        let (_, page) = chiba.get_text(&format!("/coordinators/{b}")).await;
        assert!(
            page.contains("受付停止中") && page.contains("2027-03-31"),
            "{page}"
        );
        assert!(
            page.contains(&format!("/help-requests/new?coordinator={b}")),
            "{page}"
        );
        let (status, list) = chiba_staff
            .get_json("/api/v1/coordinators?field=nursing-care")
            .await;
        assert_eq!(status, 200);
        let ids: Vec<i64> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert!(ids.contains(&b) && !ids.contains(&a), "{list}");
        let (status, one) = hiroshima
            .get_json(&format!("/api/v1/coordinators/{a}"))
            .await;
        assert_eq!(status, 200);
        assert_eq!(one["profile"]["classes"], serde_json::json!(["class-2"]));

        // Not for companies nor the public.
        assert_eq!(firm.status("/coordinators").await, 403);
        assert_eq!(firm.status(&format!("/coordinators/{a}")).await, 404);
        assert_eq!(firm.get_json("/api/v1/coordinators").await.0, 403);
        assert_eq!(app.status("/coordinators").await, 303);
        assert_eq!(app.get_json("/api/v1/coordinators").await.0, 401);
    }
}
