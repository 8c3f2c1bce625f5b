//! A company's listing as a possible partner for other cities, on each test database: its
//! own people list it with their consent (without the box ticked, refused and nothing
//! kept; its city's staff may not give it for them); a brokering request of another city
//! then finds it among Renkei's suggestions, with what it offers, and the desk adds it; the
//! listing withdrawn, it is suggested no more; both are audit lines of its city.

use renkei_domain::access::Role;

use crate::brokering::{CHIBA, SAITAMA, company, posted};
use crate::consultations::person;
use crate::helpers::{TestApp, audit_actions, staff};

#[tokio::test]
async fn a_company_listed_with_its_consent_is_suggested_to_other_cities() {
    for app in TestApp::each(false).await {
        let (asker, p) = company(&app, "掲載テスト医工株式会社", CHIBA).await;
        let (maker, _) = company(&app, "さいたま精密加工株式会社", SAITAMA).await;
        let (firm, _) = person(
            &app,
            &[Role::CompanyUser {
                company: asker.id.0,
            }],
        )
        .await;
        let (maker_people, _) = person(
            &app,
            &[Role::CompanyUser {
                company: maker.id.0,
            }],
        )
        .await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let (saitama, _) = person(&app, &[staff(SAITAMA, false)]).await;

        // A brokering request on a case of 千葉市 looking for machining.
        let pid = p.id.0.to_string();
        let ask = [
            ("kind", "development"),
            ("subject", "量産の相談"),
            ("product", &pid),
        ];
        let (status, to) = posted(
            &firm,
            &format!("/companies/{}/consultations", asker.id),
            &ask,
        )
        .await;
        assert_eq!(status, 303, "{to}");
        let case = to.split('?').next().unwrap().to_owned();
        let fields = [
            ("purpose", "brokering"),
            ("kind", "manufacturing"),
            ("detail", "筐体の量産を任せられる加工会社"),
            ("words", "精密加工"),
        ];
        let (status, to) = posted(&desk, &format!("{case}/partner-requests"), &fields).await;
        assert_eq!(status, 303, "{to}");
        let request = to.split('?').next().unwrap().to_owned();
        let key = format!("company:{}", maker.id);
        assert!(
            !desk.get_text(&request).await.1.contains(&key),
            "not listed yet"
        );

        // The maker's people list it; not without the consent, not its city's staff.
        let listing = format!("/companies/{}/partner-listing", maker.id);
        let offers = [("offers", "精密加工・医療機器筐体の量産"), ("agree", "1")];
        let (status, page) = posted(&maker_people, &listing, &[offers[0]]).await;
        assert_eq!(status, 422);
        assert!(page.contains(r##"href="#f-agree""##), "{page}");
        assert!(page.contains("医療機器筐体の量産"), "what was typed stays");
        assert_eq!(posted(&saitama, &listing, &offers).await.0, 403);
        assert_eq!(posted(&desk, &listing, &offers).await.0, 404);
        assert!(app.store.partner_listing(maker.id).await.unwrap().is_none());
        assert_eq!(posted(&maker_people, &listing, &offers).await.0, 303);
        let l = app.store.partner_listing(maker.id).await.unwrap().unwrap();
        assert_eq!(l.wording_version, renkei_domain::listing::WORDING_VERSION);
        assert!(l.wording.contains("さいたま精密加工株式会社"));
        let (_, page) = saitama.get_text(&format!("/companies/{}", maker.id)).await;
        assert!(
            page.contains("公開しています"),
            "its city sees it is listed"
        );

        // 千葉市's desk now finds it, with what it offers, and adds it.
        let (_, page) = desk.get_text(&request).await;
        assert!(page.contains(&key), "{page}");
        assert!(page.contains("連携候補として公開：精密加工"), "{page}");
        let add = format!("{request}/candidates");
        assert_eq!(posted(&desk, &add, &[("candidate", &key)]).await.0, 303);
        let id: i64 = request.rsplit('/').next().unwrap().parse().unwrap();
        let candidates = app
            .store
            .partner_candidates(renkei_store::PartnerRequestId(id))
            .await
            .unwrap();
        assert_eq!(candidates.len(), 1);
        assert_eq!(candidates[0].name, "さいたま精密加工株式会社");
        assert_eq!(desk.status(&format!("/companies/{}", maker.id)).await, 404);

        // Withdrawn, it is suggested no more.
        assert_eq!(
            posted(&maker_people, &listing, &[("remove", "1")]).await.0,
            303
        );
        assert!(app.store.partner_listing(maker.id).await.unwrap().is_none());
        let fields = [
            ("purpose", "brokering"),
            ("kind", "manufacturing"),
            ("detail", "もう一社"),
            ("words", "精密加工"),
        ];
        let (_, to) = posted(&desk, &format!("{case}/partner-requests"), &fields).await;
        let again = to.split('?').next().unwrap().to_owned();
        assert!(!desk.get_text(&again).await.1.contains(&key));
        let lines = audit_actions(&app, Some(SAITAMA), 20).await;
        for a in [
            "company.partner_listing.set",
            "company.partner_listing.remove",
        ] {
            assert!(lines.iter().any(|l| l == a), "{a}: {lines:?}");
        }
    }
}
