//! A city's support organisations through the pages, on every database: its officer registers
//! the industry promotion foundation, says a person works for it, and what that person does
//! is recorded as done through the foundation; wrong input, a read-only officer, another city.

use renkei_store::UserId;

use crate::helpers::{TEST_PASSWORD, TestApp, account, city, staff};
use crate::identity::sign_in;

const FOUNDATION: &str = "公益財団法人千葉市産業振興財団";

#[tokio::test]
async fn a_foundations_staff_act_for_the_city_and_are_recorded_as_its() {
    for app in TestApp::each(false).await {
        let officer = app.another_node().await;
        officer.sign_in_as(&[staff("121002", false)]).await;
        let page = "/cities/121002/organizations";

        // Wrong input: both fields named, nothing registered.
        let r = officer
            .post_form(page, &[("name", " "), ("kind", "bank")])
            .await;
        assert_eq!(r.status().as_u16(), 422, "{}", app.backend);
        let html = r.text().await.unwrap();
        assert!(html.contains(r#"id="e-name""#) && html.contains(r#"id="e-kind""#));
        let r = officer
            .post_form(page, &[("name", FOUNDATION), ("kind", "foundation")])
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let (_, html) = officer.get_text(page).await;
        assert!(html.contains(FOUNDATION) && html.contains("産業振興財団"));
        let foundation = app.store.organizations_of(&city("121002")).await.unwrap()[0].id;

        // A person of the foundation, with the role the city gives them.
        let person = app.make_account(&[staff("121002", false)]).await;
        let (user, _) = account(&app, &person).await;
        let membership = format!("/cities/121002/users/{}/organization", user.id);
        let id = foundation.to_string();
        let r = officer
            .post_form(&membership, &[("organization", &id)])
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let (_, html) = officer
            .get_text(&format!("/cities/121002/users/{}", user.id))
            .await;
        assert!(html.contains(FOUNDATION));
        let org = app.store.organization_of(UserId(user.id.0)).await.unwrap();
        assert_eq!(org.map(|o| o.id), Some(foundation));

        // What they do is recorded as done through the foundation.
        let worker = app.another_node().await;
        assert_eq!(sign_in(&worker, &person, TEST_PASSWORD).await, 303);
        worker.refresh_csrf().await;
        let company = [
            ("home_city", "121002"),
            ("name", "財団が登録した企業株式会社"),
            ("not_a_duplicate", "1"),
        ];
        let r = worker.post_form("/companies/new", &company).await;
        assert_eq!(r.status().as_u16(), 303);
        let lines = app
            .store
            .audit_log(Some(&city("121002")), 20)
            .await
            .unwrap();
        let created = lines
            .iter()
            .find(|l| l.action == "company.create")
            .expect("the company's audit line");
        assert_eq!(created.actor_label, format!("{person}（{FOUNDATION}）"));

        // A read-only officer reads, does not register; another city learns nothing; an
        // organisation of another city cannot be chosen.
        let reader = app.another_node().await;
        reader.sign_in_as(&[staff("121002", true)]).await;
        assert_eq!(reader.status(page).await, 200);
        let r = reader
            .post_form(page, &[("name", "別の財団"), ("kind", "foundation")])
            .await;
        assert_eq!(r.status().as_u16(), 403);
        let stranger = app.another_node().await;
        stranger.sign_in_as(&[staff("341002", false)]).await;
        assert_eq!(stranger.status(page).await, 404);
        let r = stranger
            .post_form(
                "/cities/341002/organizations",
                &[("name", "広島市産業振興センター"), ("kind", "foundation")],
            )
            .await;
        assert_eq!(r.status().as_u16(), 303);
        let theirs = app.store.organizations_of(&city("341002")).await.unwrap()[0].id;
        let r = officer
            .post_form(&membership, &[("organization", &theirs.to_string())])
            .await;
        assert_eq!(r.status().as_u16(), 404);
    }
}
