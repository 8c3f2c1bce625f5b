//! The certified community's events: an event open to the CSR-certified companies of its
//! organising city is shown on the community's page, and only a certified company may
//! register for it.

use chrono::Duration;
use renkei_domain::access::Role;
use renkei_domain::event::{Audience, EventInput};
use renkei_store::EventLinks;

use crate::brokering::{SAITAMA, company};
use crate::consultations::person;
use crate::csr::held;
use crate::event_fixtures::{published, seminar};
use crate::evidence::row_of;
use crate::helpers::{TestApp, city, staff};

#[tokio::test]
async fn csr_an_event_for_the_community_is_listed_for_members_and_only_they_register() {
    for app in TestApp::each(false).await {
        let (member, _) = company(&app, "CSR会員企業株式会社", SAITAMA).await;
        let (outsider, _) = company(&app, "CSR未認証企業株式会社", SAITAMA).await;
        let today = renkei_app::consultations::today();
        held(&app, &member, (today, today + Duration::days(300))).await;
        let input = EventInput {
            audience: Audience::CsrMembers,
            ..seminar("認証企業交流会テスト", 20, 10)
        };
        let e = published(&app.store, &city(SAITAMA), &input, &EventLinks::default()).await;
        let path = format!("/events/{}", e.id);
        let quota = e.quotas[0].id.to_string();
        let form = [("quota", quota.as_str())];

        // The member sees the event on the community's page and registers its company.
        let (firm, _) = person(
            &app,
            &[Role::CompanyUser {
                company: member.id.0,
            }],
        )
        .await;
        let (_, community) = firm.get_text("/csr/community").await;
        assert!(community.contains("認証企業交流会テスト"), "{community}");
        let (_, page) = firm.get_text(&path).await;
        assert!(page.contains("CSR会員企業株式会社"), "{page}");
        let r = firm.post_form(&format!("{path}/register"), &form).await;
        assert_eq!(r.status().as_u16(), 303, "{}", app.backend);

        // A company of the same city without the certification: no form, and refused.
        let (other, _) = person(
            &app,
            &[Role::CompanyUser {
                company: outsider.id.0,
            }],
        )
        .await;
        let (_, page) = other.get_text(&path).await;
        assert!(
            page.contains("CSRチャレンジ企業認証を受けている企業"),
            "{page}"
        );
        let r = other.post_form(&format!("{path}/register"), &form).await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        assert!(r.text().await.unwrap().contains("お申込みいただけません"));
        let list = app.store.event_registrations(e.id).await.unwrap();
        let companies: Vec<_> = list.iter().map(|r| r.company_id).collect();
        assert_eq!(companies, [Some(member.id)]);
    }
}

#[tokio::test]
async fn csr_the_city_dashboard_counts_self_assessments_and_certifications_of_the_year() {
    for app in TestApp::each(false).await {
        let (c, _) = company(&app, "CSR集計テスト株式会社", SAITAMA).await;
        let today = renkei_app::consultations::today();
        held(&app, &c, (today, today + Duration::days(300))).await;
        let (officer, _) = person(&app, &[staff(SAITAMA, false)]).await;
        let year = renkei_domain::jdate::fiscal_year(today);
        let path = format!("/api/v1/cities/{SAITAMA}/dashboard?year={year}");
        let (status, d) = officer.get_json(&path).await;
        assert_eq!(status, 200, "{d}");
        assert_eq!(row_of(&d, "programs", "CSR認証の自己診断"), ["1"]);
        assert_eq!(row_of(&d, "programs", "CSRチャレンジ企業認証"), ["1"]);
        assert_eq!(row_of(&d, "programs", "地域貢献"), ["0"]);
        // The year before knows none of it.
        let before = format!("/api/v1/cities/{SAITAMA}/dashboard?year={}", year - 1);
        let d = officer.get_json(&before).await.1;
        assert_eq!(row_of(&d, "programs", "CSRチャレンジ企業認証"), ["0"]);
    }
}
