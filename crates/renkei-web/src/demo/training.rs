//! The demo's coordinator training: 千葉市's curriculum of two modules (薬事の基礎 on ③④, 販路
//! 開拓の実務 on ⑦), a training event held a month ago tied to its first module, which 千葉市's
//! coordinator and its read-only officer attended (checked in by the officer), and an
//! external course for the second module, so that the coordinator holds one certificate.
//! Made through the same use cases as the pages, each by its party.

use anyhow::Context;
use chrono::{Duration, Utc};
use renkei_app::access::Caller;
use renkei_app::events::registrations;
use renkei_app::training;
use renkei_domain::access::{Action, Role, Subject};
use renkei_domain::city::CityCode;
use renkei_domain::event::registration::Move;
use renkei_domain::event::{Allocation, Audience, EventInput, Kind, Priority, Quota, Status};
use renkei_domain::training::{CurriculumDraft, ModuleDraft, RecordDraft};
use renkei_store::{Actor, EventLinks, NewEventRegistration, Store, UserRecord};

fn caller(role: Role, user: &UserRecord) -> Caller {
    Caller {
        subject: Subject {
            roles: vec![role],
            person: Some(user.id.0),
        },
        actor: Actor {
            id: Some(user.id.0),
            label: user.display_name.clone(),
            client_address: None,
            request_id: None,
        },
    }
}

async fn account(store: &Store, who: &str) -> anyhow::Result<UserRecord> {
    let email = renkei_domain::identity::Email::parse(&format!("{who}@demo.renkei.example"))
        .map_err(|m| anyhow::anyhow!("{}", m.en))?;
    Ok(store
        .user_by_email(&email)
        .await?
        .context("the demo accounts are loaded first")?
        .0)
}

fn module(title: &str, stages: &[&str], hours: &str) -> ModuleDraft {
    ModuleDraft {
        key: String::new(),
        title: title.into(),
        stages: stages.iter().map(|s| (*s).to_owned()).collect(),
        hours: hours.into(),
    }
}

/// The training event held a month ago (three hours, 研修枠 of 20).
fn held() -> EventInput {
    let starts_at = Utc::now() - Duration::days(30);
    EventInput {
        title: "コーディネーター研修：薬事の基礎".into(),
        description: "医療機器の承認・認証の流れと、相談を受けたときの進め方。".into(),
        kind: Kind::Training,
        co_organisers: vec![],
        venue: "千葉市役所 会議室".into(),
        online_url: None,
        starts_at,
        ends_at: starts_at + Duration::hours(3),
        registration_opens_at: starts_at - Duration::days(20),
        registration_closes_at: starts_at - Duration::days(1),
        cancel_until: starts_at - Duration::days(1),
        audience: Audience::Organisers,
        allocation: Allocation::FirstCome,
        priority: Priority::None,
        offer_hours: 48,
        reminder_hours: 24,
        quotas: vec![Quota {
            name: "研修枠".into(),
            capacity: 20,
        }],
        questions: vec![],
    }
}

pub async fn load(store: &Store) -> anyhow::Result<()> {
    let app = renkei_app::App::new(store.clone(), "");
    let chiba = CityCode::parse("121002").context("千葉市")?;
    let officer_user = account(store, "officer.121002").await?;
    let officer = caller(
        Role::CityStaff {
            city: chiba,
            read_only: false,
        },
        &officer_user,
    );
    let draft = CurriculumDraft {
        title: "医工連携コーディネーター基礎課程".into(),
        description: "新任コーディネーターが1年目に受ける課程。".into(),
        modules: vec![
            module("薬事の基礎", &["certification", "regulatory"], "3"),
            module("販路開拓の実務", &["sales"], "1.5"),
        ],
    };
    let c = training::define(&app, &officer, Some(&chiba), &draft)
        .await
        .map_err(|e| anyhow::anyhow!("demo curriculum: {e}"))?
        .map_err(|e| anyhow::anyhow!("demo curriculum: {e:?}"))?;
    let e = store
        .insert_event(&chiba, &held(), &EventLinks::default(), &officer.actor)
        .await?;
    let e = store
        .set_event_status(&e, e.version, Status::Published, &officer.actor)
        .await?;
    let checked = training::load_curriculum(&app, &officer, Action::Write, c.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo curriculum: {e}"))?;
    let id = e.id.to_string();
    training::link_course(&app, &officer, &checked, (&id, "1", ""))
        .await?
        .map_err(|e| anyhow::anyhow!("demo course: {e:?}"))?;
    let organiser = renkei_app::events::load_as_organiser(&app, &officer, Action::Write, e.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo event: {e}"))?;
    let coordinator = super::coordinator(store, "121002").await?;
    let viewer = account(store, "viewer.121002").await?;
    for who in [&coordinator, &viewer] {
        // Registered before the event (as the page does), then checked in on the day.
        let new = NewEventRegistration {
            event: e.id,
            quota: e.quotas[0].id,
            company: None,
            product: None,
            user: Some(who.id),
            name: who.display_name.clone(),
            email: who.email.to_string(),
            organization: "千葉市".into(),
            answers: vec![],
            first_time: true,
        };
        let tx = store.begin().await?;
        let r = store
            .insert_event_registration(&tx, &new, &officer.actor)
            .await?;
        let r = registrations::place(&app, &tx, &e, &r, &officer.actor)
            .await?
            .map_err(|r| anyhow::anyhow!("demo registration: {r:?}"))?;
        tx.commit().await?;
        registrations::organise(&app, &officer, &organiser, r.id, r.version, &Move::CheckIn)
            .await?
            .map_err(|r| anyhow::anyhow!("demo check-in: {r:?}"))?;
    }
    let person = training::load_person(&app, &officer, Action::Write, coordinator.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo coordinator: {e}"))?;
    let external = RecordDraft {
        held_on: (Utc::now() - Duration::days(10))
            .date_naive()
            .format("%Y-%m-%d")
            .to_string(),
        hours: "2".into(),
        provider: "日本医療機器産業連合会".into(),
        title: "医療機器の販路開拓セミナー".into(),
        module: format!("{}:2", c.id),
        stages: vec![],
    };
    let (_, issued) = training::record_external(&app, &officer, &person, &external)
        .await?
        .map_err(|e| anyhow::anyhow!("demo external course: {e:?}"))?;
    anyhow::ensure!(issued.len() == 1, "the demo coordinator's certificate");
    Ok(())
}
