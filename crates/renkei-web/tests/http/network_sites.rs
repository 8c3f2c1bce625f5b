//! Sites a coordinator can introduce (紹介できる治験・実証先), on each test database: kept by
//! the coordinator and their city's full staff, refused to a coordinator of another city and
//! to a company; a bad form answers 422 with each field named and what was typed kept; the
//! site is read by another city's desk and offered to its search for trial sites, where it is
//! taken up as a candidate of the network (once only), the coordinator told without the
//! company's name, and approached only once the company consents (the site is in another
//! city); removed, it leaves the suggestions while the candidate stays; the API reads and adds
//! sites with the same refusals; audit lines in the coordinator's city.

use renkei_domain::access::Role;
use renkei_domain::partnering::{Source, State};
use renkei_store::PartnerRequestId;
use serde_json::json;

use crate::brokering::{CHIBA, SAITAMA, candidate, case_of, company, posted, step};
use crate::consultations::person;
use crate::helpers::{TestApp, audit_actions, city, staff};

const HIROSHIMA: &str = "341002";
const FIRM: &str = "実証先探し医工株式会社";
const SITE: &str = "さいたま褥瘡ケア病院";

fn coordinator(code: &str) -> Role {
    Role::Coordinator { city: city(code) }
}

#[tokio::test]
async fn a_coordinators_site_is_offered_to_another_citys_search_for_trial_sites() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, FIRM, CHIBA).await;
        let (saitama, s) = person(&app, &[coordinator(SAITAMA)]).await;
        let (saitama_staff, _) = person(&app, &[staff(SAITAMA, false)]).await;
        let (other, _) = person(&app, &[coordinator(HIROSHIMA)]).await;
        let (firm, _) = person(&app, &[Role::CompanyUser { company: c.id.0 }]).await;
        let (desk, _) = person(&app, &[staff(CHIBA, false)]).await;
        let path = format!("/coordinators/{s}/sites");
        let site = [
            ("name", SITE),
            ("kind", "hospital"),
            ("offers", "皮膚科　褥瘡ケア製品の臨床評価を受け入れ"),
        ];
        assert_eq!(posted(&other, &path, &site).await.0, 403, "another city's");
        assert_eq!(
            posted(&firm, &path, &site).await.0,
            404,
            "a company: not theirs to see"
        );
        let bad = [
            ("name", "途中まで書いた病院"),
            ("kind", "spa"),
            ("offers", ""),
        ];
        let (status, page) = posted(&saitama, &path, &bad).await;
        assert_eq!(status, 422);
        assert!(
            page.contains("施設の種類を一覧から選んでください。"),
            "{page}"
        );
        assert!(page.contains("受け入れられる内容"), "offers named");
        assert!(
            page.contains("途中まで書いた病院"),
            "what was typed is kept"
        );
        assert!(
            app.store
                .coordinator_sites(renkei_store::UserId(s))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(posted(&saitama, &path, &site).await.0, 303);
        let by_staff = [
            ("name", "さいたま介護実証ホーム"),
            ("kind", "care-facility"),
            ("offers", "見守り機器の実証"),
        ];
        assert_eq!(
            posted(&saitama_staff, &path, &by_staff).await.0,
            303,
            "the city's staff"
        );

        // Another city's desk reads it on the coordinator's page.
        let (_, page) = desk.get_text(&format!("/coordinators/{s}")).await;
        assert!(
            page.contains(SITE) && page.contains("褥瘡ケア製品"),
            "{page}"
        );
        assert!(!page.contains("施設を追加する"), "not theirs to keep");

        // The desk's search for sites offers it.
        let case = case_of(&firm, &c, &p).await;
        let fields = [
            ("purpose", "sites"),
            ("kind", "trial"),
            ("detail", "褥瘡予防マットの臨床評価先を探したい"),
            ("words", "褥瘡"),
        ];
        let (status, to) = posted(&desk, &format!("{case}/partner-requests"), &fields).await;
        assert_eq!(status, 303, "{to}");
        let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
        let sites = app
            .store
            .coordinator_sites(renkei_store::UserId(s))
            .await
            .unwrap();
        let key = format!("network:{}", sites[0].id);
        let (_, page) = desk.get_text(&to).await;
        assert!(page.contains(&key), "suggested: {page}");
        assert!(
            !page.contains(&format!("network:{}", sites[1].id)),
            "見守り does not answer 褥瘡"
        );
        let add = format!("{to}/candidates");
        assert_eq!(posted(&desk, &add, &[("candidate", &key)]).await.0, 303);
        let (status, page) = posted(&desk, &add, &[("candidate", &key)]).await;
        assert_eq!(status, 422, "once only: {page}");
        let all = app
            .store
            .partner_candidates(PartnerRequestId(id))
            .await
            .unwrap();
        let k = all.iter().find(|k| k.name == SITE).unwrap();
        assert_eq!(
            (k.source, k.site_id, k.city),
            (Source::Network, Some(sites[0].id.0), Some(city(SAITAMA)))
        );
        assert!(k.note.contains("さいたま市"), "{}", k.note);
        let (_, page) = desk.get_text(&to).await;
        assert!(!page.contains(&key), "taken: no longer suggested");

        // The coordinator is told, without the company.
        let (_, told) = saitama.get_text("/notifications").await;
        assert!(
            told.contains(SITE) && told.contains("治験・実証先探し"),
            "{told}"
        );
        assert!(!told.contains(FIRM), "no company before consent");

        // In another city: approached only after the company's consent.
        let at = (id, SITE);
        assert_eq!(step(&app, &desk, at, &[("move", "approach")]).await.0, 409);
        assert_eq!(
            step(&app, &desk, at, &[("move", "ask_consent")]).await.0,
            303
        );
        assert_eq!(
            step(&app, &firm, at, &[("move", "consent"), ("agree", "yes")])
                .await
                .0,
            303
        );
        assert_eq!(step(&app, &desk, at, &[("move", "approach")]).await.0, 303);
        assert_eq!(candidate(&app, id, SITE).await.1, State::Approached);

        // Removed: no longer offered; the candidate stays.
        let remove = format!("/coordinators/{s}/sites/{}/remove", sites[1].id);
        assert_eq!(posted(&other, &remove, &[]).await.0, 403);
        assert_eq!(posted(&saitama, &remove, &[]).await.0, 303);
        let gone = format!("/coordinators/{s}/sites/{}/remove", sites[1].id);
        assert_eq!(posted(&saitama, &gone, &[]).await.0, 404, "gone");
        let remove = format!("/coordinators/{s}/sites/{}/remove", sites[0].id);
        assert_eq!(posted(&saitama, &remove, &[]).await.0, 303);
        let left = app
            .store
            .partner_candidates(PartnerRequestId(id))
            .await
            .unwrap();
        assert!(left.iter().any(|k| k.name == SITE), "the candidate stays");

        api(&saitama, &other, &desk, s).await;
        let actions = audit_actions(&app, Some(SAITAMA), 40).await;
        for a in ["coordinator_site.add", "coordinator_site.remove"] {
            assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
        }
    }
}

/// The API reads and adds a coordinator's sites, with the pages' refusals.
async fn api(saitama: &TestApp, other: &TestApp, desk: &TestApp, s: i64) {
    let path = format!("/api/v1/coordinators/{s}/sites");
    let site = json!({"name": "さいたま臨床研究センター", "kind": "university", "offers": "歩行解析の実証"});
    let (status, _) = other.send_json(reqwest::Method::POST, &path, &site).await;
    assert_eq!(status, 403);
    let bad = json!({"name": "", "kind": "hospital", "offers": "x"});
    let (status, body) = saitama.send_json(reqwest::Method::POST, &path, &bad).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("name"), "{body}");
    let (status, body) = saitama.send_json(reqwest::Method::POST, &path, &site).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["kind"], "university");
    assert_eq!(body["city"], SAITAMA);
    let (status, body) = desk.get_json(&path).await;
    assert_eq!(status, 200, "{body}");
    let names: Vec<&str> = body
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["さいたま臨床研究センター"]);
}
