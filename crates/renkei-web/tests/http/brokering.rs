//! Inter-company brokering (企業間連携の斡旋) through the pages, on each test database: the
//! desk opens a request on a company's case (the company may not); Renkei suggests a company
//! of the city found by the request's words; the desk adds it and one of another city by
//! hand; the one in the city is approached at once, the one in another city only once the
//! company has consented (its wording kept with its version); each move only to its party;
//! the candidates agree, are introduced, concluded or decline; the request is closed into a
//! support record on the product for the brokering measure; audit lines, notices, counts,
//! and nobody else sees it.

use renkei_domain::access::Role;
use renkei_domain::company::CompanyDraft;
use renkei_domain::partnering::State;
use renkei_domain::product::ProductDraft;
use renkei_store::{Actor, CandidateId, CompanyRecord, PartnerRequestId, ProductRecord};

use crate::helpers::{TestApp, audit_actions, city, location, staff};

pub(crate) const CHIBA: &str = "121002";
pub(crate) const SAITAMA: &str = "111007";

/// A company of `code` with a product at ④.
pub(crate) async fn company(
    app: &TestApp,
    name: &str,
    code: &str,
) -> (CompanyRecord, ProductRecord) {
    let draft = CompanyDraft {
        name: name.into(),
        ..Default::default()
    }
    .validate(&city(code))
    .unwrap();
    let system = Actor::system("test");
    let c = app
        .store
        .create_company(&draft, &[], &system)
        .await
        .unwrap();
    let p = ProductDraft {
        name: format!("{name}の見守りセンサー"),
        stage: "4".into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let p = app
        .store
        .create_product(&c, &p, None, &system)
        .await
        .unwrap();
    (c, p)
}

pub(crate) async fn posted(node: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
    let r = node.post_form(path, fields).await;
    let status = r.status().as_u16();
    let to = location(&r);
    let body = r.text().await.unwrap_or_default();
    (status, if status == 303 { to } else { body })
}

/// The company asks its desk: the case's address.
pub(crate) async fn case_of(firm: &TestApp, c: &CompanyRecord, p: &ProductRecord) -> String {
    let pid = p.id.0.to_string();
    let ask = [
        ("kind", "other"),
        ("subject", "連携先を探したい"),
        ("detail", "量産に向けた相手を探している"),
        ("product", pid.as_str()),
    ];
    let (status, to) = posted(firm, &format!("/companies/{}/consultations", c.id), &ask).await;
    assert_eq!(status, 303, "{to}");
    to.split('?').next().unwrap().to_owned()
}

/// The candidate of `name` on a request.
pub(crate) async fn candidate(app: &TestApp, id: i64, name: &str) -> (i64, State, String) {
    let all = app
        .store
        .partner_candidates(PartnerRequestId(id))
        .await
        .unwrap();
    let c = all.iter().find(|c| c.name == name).unwrap();
    (c.id.0, c.state, c.version.to_string())
}

/// A move on a candidate by `node`: the status (and the page, unless redirected).
pub(crate) async fn step(
    app: &TestApp,
    node: &TestApp,
    (id, name): (i64, &str),
    fields: &[(&str, &str)],
) -> (u16, String) {
    let (cid, _, version) = candidate(app, id, name).await;
    let mut all = vec![("version", version.as_str())];
    all.extend_from_slice(fields);
    posted(node, &format!("/partner-candidates/{cid}/move"), &all).await
}

struct Scene {
    c: CompanyRecord,
    p: ProductRecord,
    firm: TestApp,
    desk: TestApp,
}

#[tokio::test]
async fn a_partner_is_brokered_with_consent_across_cities_and_closed_into_support() {
    for app in TestApp::each(false).await {
        let (c, p) = company(&app, "連携依頼医工株式会社", CHIBA).await;
        let (partner, _) = company(&app, "精密切削加工株式会社", CHIBA).await;
        let firm = app.another_node().await;
        firm.sign_in_as(&[Role::CompanyUser { company: c.id.0 }])
            .await;
        let desk = app.another_node().await;
        desk.sign_in_as(&[staff(CHIBA, false)]).await;
        let s = Scene { c, p, firm, desk };
        let id = open(&app, &s).await;
        suggest_and_add(&app, &s, id, &partner).await;
        approach(&app, &s, id).await;
        close(&app, &s, id).await;
        others_do_not_see_it(&app, id).await;
    }
}

/// The desk opens a brokering request on the case; the company may not.
async fn open(app: &TestApp, s: &Scene) -> i64 {
    let case = case_of(&s.firm, &s.c, &s.p).await;
    let (_, page) = s.firm.get_text(&case).await;
    assert!(
        !page.contains("企業間連携の斡旋を始める"),
        "the company does not open one"
    );
    let (_, page) = s.desk.get_text(&case).await;
    assert!(page.contains("企業間連携の斡旋を始める"), "{page}");
    let path = format!("{case}/partner-requests");
    let fields = [
        ("purpose", "brokering"),
        ("kind", "manufacturing"),
        ("detail", "センサー筐体の量産を任せられる加工会社"),
        ("words", "切削加工"),
    ];
    assert_eq!(posted(&s.firm, &path, &fields).await.0, 403);
    let wrong = [
        ("purpose", "brokering"),
        ("kind", "trial"),
        ("detail", ""),
        ("words", "切削加工"),
    ];
    let (status, page) = posted(&s.desk, &path, &wrong).await;
    assert_eq!(status, 422);
    // The case page again: each problem linked to its field, what was typed kept.
    for f in ["b-kind", "b-detail"] {
        assert!(page.contains(&format!(r##"href="#f-{f}""##)), "{f}: {page}");
    }
    assert!(page.contains(r#"value="切削加工""#), "{page}");
    let (status, to) = posted(&s.desk, &path, &fields).await;
    assert_eq!(status, 303, "{to}");
    let id: i64 = to.rsplit('/').next().unwrap().parse().unwrap();
    let r = app
        .store
        .partner_request(PartnerRequestId(id))
        .await
        .unwrap();
    assert_eq!((r.kind.as_str(), r.open), ("manufacturing", true));
    assert_eq!(r.product_id, Some(s.p.id));
    let (_, page) = s.desk.get_text(&case).await;
    assert!(page.contains(&format!("/partner-requests/{id}")), "{page}");
    id
}

/// Renkei suggests the company of the city its words find (not the asking one); the desk
/// adds it, and one of another city by hand.
async fn suggest_and_add(app: &TestApp, s: &Scene, id: i64, partner: &CompanyRecord) {
    let (status, page) = s.desk.get_text(&format!("/partner-requests/{id}")).await;
    assert_eq!(status, 200);
    let key = format!("company:{}", partner.id);
    assert!(page.contains(&key), "suggested: {page}");
    assert!(
        !page.contains(&format!("company:{}\"", s.c.id)),
        "not itself"
    );
    let (_, page) = s.firm.get_text(&format!("/partner-requests/{id}")).await;
    assert!(!page.contains(&key), "the company sees no suggestions");
    let add = format!("/partner-requests/{id}/candidates");
    assert_eq!(posted(&s.firm, &add, &[("candidate", &key)]).await.0, 403);
    assert_eq!(posted(&s.desk, &add, &[("candidate", &key)]).await.0, 303);
    let (status, _) = posted(&s.desk, &add, &[("candidate", &key)]).await;
    assert_eq!(status, 422, "already a candidate");
    let itself = format!("company:{}", s.c.id);
    let (status, _) = posted(&s.desk, &add, &[("candidate", &itself)]).await;
    assert_eq!(status, 422, "not the asking company");
    let (status, page) = posted(&s.desk, &add, &[("name", ""), ("city", "999999")]).await;
    assert_eq!(status, 422);
    assert!(page.contains(r##"href="#f-name""##) && page.contains(r##"href="#f-city""##));
    let hand = [
        ("name", "さいたま試作工房"),
        ("city", SAITAMA),
        ("note", "展示会で名刺交換"),
    ];
    assert_eq!(posted(&s.desk, &add, &hand).await.0, 303);
    let (_, state, _) = candidate(app, id, "精密切削加工株式会社").await;
    assert_eq!(state, State::Suggested);
}

/// The one in the city is approached at once; the one in another city only once the company
/// consented; each move only to its party.
async fn approach(app: &TestApp, s: &Scene, id: i64) {
    let near = (id, "精密切削加工株式会社");
    let far = (id, "さいたま試作工房");
    let approach = [("move", "approach"), ("text", "電話で打診")];
    assert_eq!(step(app, &s.firm, near, &approach).await.0, 403);
    assert_eq!(step(app, &s.desk, near, &approach).await.0, 303);
    let (status, page) = step(app, &s.desk, far, &approach).await;
    assert_eq!(status, 409, "another city: consent first");
    assert!(page.contains("企業の同意を得るまでは"), "{page}");
    let ask = [("move", "ask_consent")];
    assert_eq!(step(app, &s.firm, far, &ask).await.0, 403);
    assert_eq!(step(app, &s.desk, far, &ask).await.0, 303);
    let (status, _) = step(app, &s.desk, far, &approach).await;
    assert_eq!(status, 409, "still not consented");
    let (_, page) = s.firm.get_text(&format!("/partner-requests/{id}")).await;
    assert!(
        page.contains("さいたま試作工房に提供することに同意します"),
        "{page}"
    );
    let (status, page) = step(app, &s.firm, far, &[("move", "consent")]).await;
    assert_eq!(status, 422, "the box is ticked");
    assert!(page.contains(r##"href="#f-agree""##), "{page}");
    let consent = [("move", "consent"), ("agree", "yes")];
    assert_eq!(
        step(app, &s.desk, far, &consent).await.0,
        403,
        "the company's"
    );
    assert_eq!(step(app, &s.firm, far, &consent).await.0, 303);
    let (cid, state, _) = candidate(app, id, "さいたま試作工房").await;
    assert_eq!(state, State::Consented);
    let c = app
        .store
        .candidacy(CandidateId(cid))
        .await
        .unwrap()
        .candidate;
    let kept = c.consent.unwrap();
    assert_eq!(
        kept.wording_version,
        renkei_domain::partnering::CONSENT_WORDING_VERSION
    );
    assert!(kept.wording.contains("連携依頼医工株式会社") && kept.wording.contains("千葉市"));
    assert_eq!(step(app, &s.desk, far, &approach).await.0, 303);
    for m in ["agree", "introduce"] {
        let not_theirs = step(app, &s.firm, near, &[("move", m)]).await.0;
        assert_eq!(not_theirs, 403, "{m} is the desk's");
        assert_eq!(step(app, &s.desk, near, &[("move", m)]).await.0, 303, "{m}");
    }
    let (status, _) = step(app, &s.desk, near, &[("move", "conclude")]).await;
    assert_eq!(status, 422, "an outcome");
    let done = [
        ("move", "conclude"),
        ("outcome", "contracted"),
        ("text", "試作委託契約"),
    ];
    assert_eq!(step(app, &s.desk, near, &done).await.0, 303);
    let (status, _) = posted(
        &s.desk,
        &format!("/partner-requests/{id}/close"),
        &[("outcome", "partnered"), ("version", "1")],
    )
    .await;
    assert_eq!(status, 422, "one candidate is still approached");
    assert_eq!(step(app, &s.desk, far, &[("move", "decline")]).await.0, 303);
    assert_eq!(
        step(app, &s.desk, far, &[("move", "withdraw")]).await.0,
        409,
        "ended"
    );
    let (_, page) = s.firm.get_text("/notifications").await;
    assert!(
        page.contains(&format!("企業間連携の斡旋#{id}")),
        "the company is told"
    );
}

/// Closed by the desk with its outcome: support on the product for the brokering measure.
async fn close(app: &TestApp, s: &Scene, id: i64) {
    let path = format!("/partner-requests/{id}/close");
    let v = app
        .store
        .partner_request(PartnerRequestId(id))
        .await
        .unwrap()
        .version
        .to_string();
    let wrong = [("outcome", "site-agreed"), ("version", v.as_str())];
    let (status, page) = posted(&s.desk, &path, &wrong).await;
    assert_eq!(status, 422, "not a brokering outcome");
    assert!(page.contains(r##"href="#f-outcome""##));
    let good = [
        ("outcome", "partnered"),
        ("close_text", "精密切削加工と試作委託"),
        ("version", v.as_str()),
    ];
    assert_eq!(posted(&s.firm, &path, &good).await.0, 403);
    assert_eq!(posted(&s.desk, &path, &good).await.0, 303);
    assert_eq!(posted(&s.desk, &path, &good).await.0, 409, "closed");
    let r = app
        .store
        .partner_request(PartnerRequestId(id))
        .await
        .unwrap();
    assert!(!r.open && r.support_record_id.is_some());
    let (_, page) = s.desk.get_text(&format!("/products/{}", s.p.id)).await;
    assert!(
        page.contains("精密切削加工と試作委託"),
        "support on the product"
    );
    assert!(
        page.contains("企業間連携の斡旋"),
        "for the brokering measure"
    );
    let add = [("name", "遅れて来た候補")];
    let (status, _) = posted(&s.desk, &format!("/partner-requests/{id}/candidates"), &add).await;
    assert_eq!(status, 409, "no candidate on a closed request");
    let actions = audit_actions(app, Some(CHIBA), 60).await;
    for a in [
        "partner_request.open",
        "partner_candidate.add",
        "partner_candidate.ask_consent",
        "partner_candidate.consent",
        "partner_candidate.approach",
        "partner_candidate.conclude",
        "partner_candidate.decline",
        "partner_request.close",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    let (status, page) = s.desk.get_text("/partner-requests").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("連携先が決まった") && page.contains("製造"),
        "{page}"
    );
    assert_eq!(s.firm.get_text("/partner-requests").await.0, 403);
    let (status, csv) = s.desk.get_text("/partner-requests.csv").await;
    assert_eq!(status, 200);
    assert!(
        csv.contains("連携先が決まった") && csv.contains("千葉市"),
        "{csv}"
    );
    assert_eq!(s.firm.get_text("/partner-requests.csv").await.0, 403);
}

async fn others_do_not_see_it(app: &TestApp, id: i64) {
    let (other, _) = company(app, "別の連携医工株式会社", CHIBA).await;
    let stranger = app.another_node().await;
    stranger
        .sign_in_as(&[Role::CompanyUser {
            company: other.id.0,
        }])
        .await;
    let away = app.another_node().await;
    away.sign_in_as(&[staff(SAITAMA, false)]).await;
    for node in [&stranger, &away] {
        let path = format!("/partner-requests/{id}");
        assert_eq!(node.get_text(&path).await.0, 404, "{path}");
    }
}

#[tokio::test]
async fn the_demo_has_a_brokering_and_a_site_request_in_each_pilot_city() {
    use renkei_domain::partnering::{Outcome, Purpose};
    for app in TestApp::each(true).await {
        renkei_web::demo::load_accounts(&app.store).await.unwrap();
        renkei_web::demo::load_consultations(&app.store)
            .await
            .unwrap();
        let (from, _) = renkei_app::bridges::fiscal_year(2020);
        let (_, until) = renkei_app::bridges::fiscal_year(2100);
        let all = app
            .store
            .partner_requests_opened(from, until)
            .await
            .unwrap();
        for code in renkei_domain::city::PILOT_CITIES {
            let mine: Vec<_> = all.iter().filter(|r| r.city == city(code)).collect();
            let brokering = mine
                .iter()
                .find(|r| r.purpose == Purpose::Brokering)
                .unwrap();
            assert!(brokering.open, "{code}: brokering still open");
            let states: Vec<State> = app
                .store
                .partner_candidates(brokering.id)
                .await
                .unwrap()
                .iter()
                .map(|c| c.state)
                .collect();
            assert_eq!(states, [State::Concluded, State::Approached], "{code}");
            let sites = mine.iter().find(|r| r.purpose == Purpose::Sites).unwrap();
            assert_eq!(sites.outcome, Some(Outcome::SiteAgreed), "{code}");
            assert!(sites.support_record_id.is_some() && sites.call_id.is_some());
        }
    }
}
