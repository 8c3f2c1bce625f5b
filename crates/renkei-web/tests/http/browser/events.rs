//! A company user registers their company for a seminar, is mailed the confirmation with its
//! iCalendar file and the QR code's page, is checked in from that QR code by a staff member's
//! browser, and answers the survey after the event: the answer is among the city's voices.

use thirtyfour::prelude::*;

use renkei_domain::access::Role;
use renkei_domain::company::CompanyDraft;
use renkei_domain::event::registration::State;
use renkei_domain::event::{Audience, EventInput, Question, QuestionKind};
use renkei_store::{Actor, EventLinks, PageRequest};

use super::helpers::{
    choose, click_and_wait, contains, fill, h1, main_text, open, switch_to, with_browser,
};
use crate::event_fixtures;
use crate::helpers::{TestApp, city, staff};

const CHIBA: &str = "121002";

#[tokio::test]
async fn a_company_user_registers_is_checked_in_by_qr_code_and_answers_the_survey() {
    let app = TestApp::each(false).await.remove(0);
    let actor = Actor::system("test");
    let input = EventInput {
        description: "介護現場での導入事例".into(),
        venue: "千葉市 産業振興会館".into(),
        audience: Audience::Organisers,
        quotas: vec![event_fixtures::quota("企業枠", 20)],
        questions: vec![Question {
            label: "参加の目的".into(),
            kind: QuestionKind::Text,
            choices: vec![],
            required: true,
        }],
        ..event_fixtures::seminar("介護ロボット導入セミナー", 7, 20)
    };
    let e =
        event_fixtures::published(&app.store, &city(CHIBA), &input, &EventLinks::default()).await;
    let company = CompanyDraft {
        name: "千葉ケアテック株式会社".into(),
        ..Default::default()
    }
    .validate(&city(CHIBA))
    .unwrap();
    let company = app
        .store
        .create_company(&company, &[], &actor)
        .await
        .unwrap();
    let path = format!("/events/{}", e.id);
    with_browser("events-test", async |web: &WebDriver| {
        // The company user registers: the required question first left empty.
        switch_to(
            web,
            &app,
            &[Role::CompanyUser {
                company: company.id.0,
            }],
        )
        .await?;
        open(web, &app, &path, h1("介護ロボット導入セミナー")).await?;
        let send = By::Css(format!(
            "form[action='{path}/register'] button[type=submit]"
        ));
        click_and_wait(web, send.clone(), contains("#error-summary", "回答が必要")).await?;
        fill(web, "f-answer_0", "導入事例の情報収集").await?;
        click_and_wait(web, send, h1("お申込みの確認")).await?;
        let page = main_text(web).await?;
        assert!(
            page.contains("参加確定") && page.contains("千葉ケアテック株式会社"),
            "{page}"
        );
        assert!(
            web.find(By::Css("figure.qr-code svg")).await.is_ok(),
            "the QR code"
        );

        // The confirmation mail carries the event as an iCalendar file.
        let r = app.store.event_registrations(e.id).await.unwrap().remove(0);
        let outbox = app
            .store
            .outbox(PageRequest::new(1, 20))
            .await
            .unwrap()
            .items;
        let mail = outbox
            .iter()
            .find(|m| m.to_address == r.email)
            .expect("mailed");
        let ics = mail.attachment.as_ref().expect("an .ics");
        assert!(ics.name.ends_with(".ics"));
        assert!(
            ics.body.contains("SUMMARY:介護ロボット導入セミナー"),
            "{}",
            ics.body
        );

        // The QR code opens the check-in page on a staff member's phone: one button.
        let (_, code) = app.store.event_registration_tokens(r.id).await.unwrap();
        let qr = format!("/cities/{CHIBA}/events/{}/check-in?code={code}", e.id);
        switch_to(web, &app, &[staff(CHIBA, false)]).await?;
        open(web, &app, &qr, contains("main", "千葉ケアテック株式会社")).await?;
        let check_in = By::Css("main form button[type=submit]");
        click_and_wait(web, check_in, contains("main", "受付しました")).await?;
        let r = app.store.event_registration(r.id).await.unwrap();
        assert_eq!(r.state, State::Attended);

        // The company user answers the survey from their link; the city reads it as a voice.
        let (token, _) = app.store.event_registration_tokens(r.id).await.unwrap();
        switch_to(
            web,
            &app,
            &[Role::CompanyUser {
                company: company.id.0,
            }],
        )
        .await?;
        let link = format!("/events/registration?token={token}");
        open(web, &app, &link, contains("#survey", "参加者アンケート")).await?;
        web.find(By::Css("input[name=satisfaction][value='4']"))
            .await?
            .click()
            .await?;
        fill(web, "f-useful", "導入事例が具体的で参考になった").await?;
        choose(web, "f-survey_stage", "7").await?;
        choose(web, "f-survey_topic", "sales").await?;
        let send = By::Css("button[name=move][value=survey]");
        click_and_wait(web, send, contains("main", "ありがとうございました")).await?;
        switch_to(web, &app, &[staff(CHIBA, false)]).await?;
        let voices = format!("/cities/{CHIBA}/voices");
        open(
            web,
            &app,
            &voices,
            contains("main", "導入事例が具体的で参考になった"),
        )
        .await?;
        Ok(())
    })
    .await;
}
