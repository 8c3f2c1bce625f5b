//! Who helped (支援した機関・コーディネーター), through the pages and the API, on every
//! database: a referral's ① selection and ④ acceptance name one of the acting city's support
//! organisations and coordinators and show them in its history; a support record names them and
//! the product's model shows them; an invitation makes the person a member of the city's
//! organisation. One of another city is refused with its field, and nothing is written.

use renkei_app::testing::{eligible_product, step};
use renkei_domain::access::{ListScope, Role};
use renkei_domain::organization::OrganizationDraft;
use renkei_domain::referral::{Move, Party, State};
use renkei_store::{Actor, OrganizationId, PageRequest, ProductId, ReferralId, UserId};
use serde_json::json;

use crate::helpers::{TestApp, account, city, error_fields, location, staff};

const FOUNDATION: &str = "公益財団法人千葉市産業振興財団";
const HIROSHIMA_CENTER: &str = "公益財団法人ひろしま産業振興機構";

/// An organisation of the city of `code`.
async fn organization(app: &TestApp, code: &str, name: &str) -> OrganizationId {
    let o = OrganizationDraft {
        name: name.into(),
        kind: "foundation".into(),
    }
    .validate()
    .unwrap();
    let actor = Actor::system("test");
    app.store
        .create_organization(&city(code), &o, &actor)
        .await
        .unwrap()
        .id
}

/// A coordinator of the city of `code`, by name.
async fn coordinator(app: &TestApp, code: &str, name: &str) -> UserId {
    let address = format!("{}@coordinators.example.jp", uuid::Uuid::new_v4().simple());
    let email = renkei_domain::identity::Email::parse(&address).unwrap();
    let roles = [Role::Coordinator { city: city(code) }];
    let actor = Actor::system("test");
    let u = app.store.create_user(&email, name, None, &roles, &actor);
    u.await.unwrap().id
}

async fn referral_count(app: &TestApp) -> u64 {
    let all = ListScope {
        all: true,
        ..Default::default()
    };
    let page = PageRequest::new(1, 10);
    app.store
        .referrals(&all, &Default::default(), page)
        .await
        .unwrap()
        .total
}

/// The version a referral page's step forms carry.
fn version_of(page: &str) -> String {
    let at = page.find(r#"name="version" value=""#).expect("a form");
    let rest = &page[at + r#"name="version" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_owned()
}

#[tokio::test]
async fn a_referrals_selection_and_acceptance_name_who_helped_of_the_acting_city() {
    for app in TestApp::each(false).await {
        let (_, product) = eligible_product(&app.store, "支援を受けた製品").await;
        let foundation = organization(&app, "121002", FOUNDATION).await.to_string();
        let theirs = organization(&app, "341002", HIROSHIMA_CENTER)
            .await
            .to_string();
        let yamada = coordinator(&app, "121002", "山田コーディネーター")
            .await
            .to_string();
        let chiba = app.another_node().await;
        chiba.sign_in_as(&[staff("121002", false)]).await;
        let new = format!("/products/{product}/referrals/new");

        // ① The form offers 千葉市's organisations and coordinators, not 広島市's.
        let (_, page) = chiba.get_text(&new).await;
        assert!(page.contains(FOUNDATION) && page.contains("山田コーディネーター"));
        assert!(!page.contains(HIROSHIMA_CENTER), "{}", app.backend);
        // Another city's organisation is refused with its field; nothing is written.
        let reason = ("reason", "財団の支援で市の表彰を受けた製品です。");
        let r = chiba
            .post_form(
                &new,
                &[
                    ("receiving", "341002"),
                    reason,
                    ("helped_organization", &theirs),
                ],
            )
            .await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        let page = r.text().await.unwrap();
        assert!(
            page.contains("この市の支援機関から選んでください"),
            "{page}"
        );
        assert_eq!(referral_count(&app).await, 0, "nothing written");
        // 千葉市's own: the referral, with who helped in its history.
        let r = chiba
            .post_form(
                &new,
                &[
                    ("receiving", "341002"),
                    reason,
                    ("helped_organization", &foundation),
                    ("helped_coordinator", &yamada),
                ],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let path = location(&r);
        let (_, page) = chiba.get_text(&path).await;
        assert!(
            page.contains(&format!("支援: {FOUNDATION}・山田コーディネーター")),
            "{page}"
        );

        let id: i64 = path.trim_start_matches("/referrals/").parse().unwrap();
        let r = app.store.referral(ReferralId(id)).await.unwrap().unwrap();
        let r = step(&app.store, &r, Party::Company, Move::Consent).await;
        step(&app.store, &r, Party::SendingCity, Move::Send).await;
        accepted_with_help(&app, &path, (&foundation, &theirs)).await;
    }
}

/// ④ 広島市 accepts, named with its own organisation; 千葉市's is refused; a step that names
/// nobody refuses a name.
async fn accepted_with_help(app: &TestApp, path: &str, (foundation, theirs): (&str, &str)) {
    let hiroshima = app.another_node().await;
    hiroshima.sign_in_as(&[staff("341002", false)]).await;
    let (_, page) = hiroshima.get_text(path).await;
    assert!(
        page.contains(&format!(
            r#"<option value="{theirs}">{HIROSHIMA_CENTER}</option>"#
        )),
        "the receiving city's own to choose from: {page}"
    );
    assert!(!page.contains(&format!(r#"<option value="{foundation}">"#)));
    let v = version_of(&page);
    let move_path = format!("{path}/move");
    let accept = [("move", "accept"), ("version", v.as_str())];
    let mut wrong = accept.to_vec();
    wrong.push(("helped_organization", foundation));
    let r = hiroshima.post_form(&move_path, &wrong).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("他の市の機関は選べません"));
    let id: i64 = path.trim_start_matches("/referrals/").parse().unwrap();
    let r = app.store.referral(ReferralId(id)).await.unwrap().unwrap();
    assert_eq!(r.state, State::Sent, "nothing written");
    let mut right = accept.to_vec();
    right.push(("helped_organization", theirs));
    let r = hiroshima.post_form(&move_path, &right).await;
    assert_eq!(r.status().as_u16(), 303);
    let (_, page) = hiroshima.get_text(path).await;
    assert!(
        page.contains(&format!("支援: {HIROSHIMA_CENTER}")),
        "{page}"
    );
    let events = app.store.referral_events(ReferralId(id)).await.unwrap();
    let accepted = events.iter().find(|e| e.move_code == "accept").unwrap();
    assert_eq!(
        (
            accepted.helped_organization_id,
            accepted.helped_coordinator_id
        ),
        (Some(theirs.parse().unwrap()), None)
    );
    // ⑥ names nobody: a name is refused, with which steps take one.
    let v = version_of(&page);
    let feed_back = [
        ("move", "feed-back"),
        ("version", v.as_str()),
        ("helped_organization", theirs),
    ];
    let r = hiroshima.post_form(&move_path, &feed_back).await;
    assert_eq!(r.status().as_u16(), 422);
    assert!(r.text().await.unwrap().contains("①選定と④受入れ・辞退"));
}

#[tokio::test]
async fn a_support_record_names_who_helped_and_the_model_shows_it() {
    for app in TestApp::each(false).await {
        let (_, product) = eligible_product(&app.store, "財団が支援した製品").await;
        let foundation = organization(&app, "121002", FOUNDATION).await;
        let theirs = organization(&app, "341002", HIROSHIMA_CENTER).await;
        let yamada = coordinator(&app, "121002", "山田コーディネーター").await;
        let other = coordinator(&app, "341002", "広島のコーディネーター").await;
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let page_path = format!("/products/{product}");
        let (_, page) = officer.get_text(&page_path).await;
        assert!(page.contains(r#"name="helped_organization""#) && page.contains(FOUNDATION));
        assert!(!page.contains(HIROSHIMA_CENTER));

        // Another city's coordinator or organisation: refused, nothing written.
        let support = format!("/products/{product}/support");
        let base = [("measure", "development.grants-loans"), ("provider", "own")];
        let (theirs_s, other_s) = (theirs.to_string(), other.to_string());
        let mut wrong = base.to_vec();
        wrong.extend([
            ("helped_organization", theirs_s.as_str()),
            ("helped_coordinator", other_s.as_str()),
        ]);
        let r = officer.post_form(&support, &wrong).await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        let page = r.text().await.unwrap();
        assert!(page.contains("この市のコーディネーターから選んでください"));
        let records = app.store.product_support(ProductId(product)).await.unwrap();
        assert!(records.is_empty(), "nothing written");

        // 千葉市's own: on the record, in the list and in the model.
        let (foundation_s, yamada_s) = (foundation.to_string(), yamada.to_string());
        let mut right = base.to_vec();
        right.extend([
            ("helped_organization", foundation_s.as_str()),
            ("helped_coordinator", yamada_s.as_str()),
        ]);
        let r = officer.post_form(&support, &right).await;
        assert_eq!(r.status().as_u16(), 303);
        let records = app.store.product_support(ProductId(product)).await.unwrap();
        assert_eq!(
            (records[0].organization_id, records[0].coordinator_id),
            (Some(foundation.0), Some(yamada.0))
        );
        let (_, page) = officer.get_text(&page_path).await;
        let helped = format!("{FOUNDATION}・山田コーディネーター");
        assert!(page.contains("支援機関・コーディネーター") && page.contains(&helped));
        assert!(
            page.contains(&format!("支援: {helped}")),
            "the model shows it"
        );

        // The API: the same check, and the model's `helped_by`.
        let api = format!("/api/v1/products/{product}/support");
        let post = reqwest::Method::POST;
        let body = json!({"measure": "sales.exhibition-subsidy", "provider": "own",
            "helped_organization": theirs.0});
        let (status, body) = officer.send_json(post.clone(), &api, &body).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(error_fields(&body), ["helped_organization"]);
        let body = json!({"measure": "sales.exhibition-subsidy", "provider": "own",
            "helped_organization": foundation.0});
        let (status, body) = officer.send_json(post, &api, &body).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["helped_organization"], json!(foundation.0));
        let (_, model) = officer
            .get_json(&format!("/api/v1/products/{product}/model"))
            .await;
        let measures = model
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["measures"].as_array().unwrap().clone());
        let named: Vec<_> = measures
            .filter(|m| m.get("helped_by").is_some())
            .map(|m| (m["code"].clone(), m["helped_by"].clone()))
            .collect();
        assert_eq!(
            named,
            [
                (json!("development.grants-loans"), json!([helped])),
                (json!("sales.exhibition-subsidy"), json!([FOUNDATION])),
            ]
        );
    }
}

#[tokio::test]
async fn an_invitation_makes_the_person_a_member_of_the_citys_organisation() {
    for app in TestApp::each(false).await {
        let foundation = organization(&app, "121002", FOUNDATION).await;
        let theirs = organization(&app, "341002", HIROSHIMA_CENTER).await;
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let invite = "/cities/121002/users/invite";
        let (_, page) = officer.get_text(invite).await;
        assert!(page.contains(r#"name="organization""#) && page.contains(FOUNDATION));
        assert!(!page.contains(HIROSHIMA_CENTER));

        let address = "zaidan-shokuin@chiba-zaidan.example.jp";
        let person = [
            ("email", address),
            ("name", "財団 職員"),
            ("role", "city-staff"),
        ];
        let theirs = theirs.to_string();
        let mut wrong = person.to_vec();
        wrong.push(("organization", &theirs));
        let r = officer.post_form(invite, &wrong).await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("この市の支援機関から選んでください")
        );
        let email = renkei_domain::identity::Email::parse(address).unwrap();
        assert!(app.store.user_by_email(&email).await.unwrap().is_none());

        let id = foundation.to_string();
        let mut right = person.to_vec();
        right.push(("organization", &id));
        let r = officer.post_form(invite, &right).await;
        assert_eq!(r.status().as_u16(), 303);
        let (user, roles) = account(&app, address).await;
        assert_eq!(roles, [staff("121002", false)]);
        let org = app.store.organization_of(user.id).await.unwrap();
        assert_eq!(org.map(|o| o.id), Some(foundation));
        let lines = app
            .store
            .audit_log(Some(&city("121002")), 20)
            .await
            .unwrap();
        let membership = lines
            .iter()
            .find(|l| l.action == "user.organization")
            .expect("the membership is audited");
        assert_eq!(membership.object_id, user.id.to_string());
        let (_, page) = officer
            .get_text(&format!("/cities/121002/users/{}", user.id))
            .await;
        assert!(page.contains(FOUNDATION));
    }
}
