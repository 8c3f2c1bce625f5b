//! The demo's events, made the way an officer and the public make them (validated input,
//! the same use cases as the pages): 千葉市's market-entry seminar, full, with people on its
//! waiting list; さいたま市's tour of a medical-device maker, decided by a lottery whose seed
//! and order are recorded. Times are relative to the moment the demo is loaded.

use anyhow::Context;
use chrono::{Duration, DurationRound, Utc};
use renkei_app::App;
use renkei_app::events::registrations as regs;
use renkei_domain::city::CityCode;
use renkei_domain::event::{
    Allocation, Audience, EventInput, Kind, Priority, Question, QuestionKind, Quota, Status,
};
use renkei_store::{Actor, EventLinks, EventRecord, Store};

/// The seed the demo's lottery is drawn with.
pub const DEMO_SEED: u64 = 20_261_201;

pub(super) async fn links(
    store: &Store,
    city: &CityCode,
    measure: &str,
) -> anyhow::Result<EventLinks> {
    let entry = store
        .entries_for_measures(&[measure])
        .await?
        .into_iter()
        .find(|m| m.city_code == *city);
    Ok(EventLinks {
        menu_entry: entry.as_ref().map(|m| m.id),
        measure_code: Some(measure.to_owned()),
        organization: None,
    })
}

pub(super) async fn publish(
    store: &Store,
    city: &CityCode,
    input: &EventInput,
    measure: &str,
    actor: &Actor,
) -> anyhow::Result<EventRecord> {
    let links = links(store, city, measure).await?;
    let e = store.insert_event(city, input, &links, actor).await?;
    Ok(store
        .set_event_status(&e, e.version, Status::Published, actor)
        .await?)
}

/// People of the public registering and confirming their address, `n` of them.
async fn register(app: &App, e: &EventRecord, n: usize, answer: &str) -> anyhow::Result<()> {
    let quota = e.quotas.last().context("a quota")?.id;
    for i in 1..=n {
        let email = format!("demo-participant{i}@example.jp");
        let name = format!(
            "参加 {}",
            [
                "一郎", "二郎", "三郎", "四郎", "五郎", "六子", "七海", "八重", "九美", "十和"
            ][(i - 1) % 10]
        );
        let actor = Actor::anonymous(None, None);
        let answers = [answer.to_owned()];
        let done = regs::register_public(app, e, quota, &name, &email, "", &answers, &actor)
            .await?
            .map_err(|r| anyhow::anyhow!("demo registration refused: {r:?}"))?;
        regs::verify(app, &done.record, &actor)
            .await?
            .map_err(|r| anyhow::anyhow!("demo confirmation refused: {r:?}"))?;
    }
    Ok(())
}

/// Loads the demo's events.
pub async fn load(store: &Store, actor: &Actor) -> anyhow::Result<()> {
    let app = App::new(store.clone(), "");
    let now = Utc::now().duration_trunc(Duration::hours(1))?;
    let chiba = CityCode::parse(super::CHIBA)?;
    let seminar = EventInput {
        title: "医療機器参入支援セミナー（令和8年度 第2回）".to_owned(),
        description: "医療機器の開発に関心のある市内企業向けに、薬事の基礎と開発の進め方、\
                      市の支援メニューを紹介します。"
            .to_owned(),
        kind: Kind::Seminar,
        co_organisers: vec![],
        venue: "千葉市役所 本庁舎 会議室".to_owned(),
        online_url: None,
        starts_at: now + Duration::days(21),
        ends_at: now + Duration::days(21) + Duration::hours(2),
        registration_opens_at: now - Duration::days(7),
        registration_closes_at: now + Duration::days(20),
        cancel_until: now + Duration::days(20),
        audience: Audience::Public,
        allocation: Allocation::FirstCome,
        priority: Priority::None,
        offer_hours: 48,
        reminder_hours: 24,
        quotas: vec![Quota {
            name: "一般枠".to_owned(),
            capacity: 6,
        }],
        questions: vec![Question {
            label: "参加の目的".to_owned(),
            kind: QuestionKind::Choice,
            choices: vec!["情報収集".to_owned(), "具体的な開発の相談".to_owned()],
            required: true,
        }],
    };
    let e = publish(store, &chiba, &seminar, "discovery.entry-seminar", actor).await?;
    register(&app, &e, 8, "情報収集").await?;

    let saitama = CityCode::parse(super::SAITAMA)?;
    let tour = EventInput {
        title: "医療機器メーカー見学会（抽選）".to_owned(),
        description: "市内の医療機器メーカーの工場を見学し、開発の現場と求める部材・技術を\
                      伺います。定員を超えた場合は抽選（初参加の方を優先）。"
            .to_owned(),
        kind: Kind::MakerTour,
        venue: "さいたま市内 医療機器メーカー工場".to_owned(),
        starts_at: now + Duration::days(14),
        ends_at: now + Duration::days(14) + Duration::hours(3),
        registration_opens_at: now - Duration::days(14),
        registration_closes_at: now + Duration::days(3),
        cancel_until: now + Duration::days(13),
        allocation: Allocation::Lottery,
        priority: Priority::FirstTime,
        quotas: vec![Quota {
            name: "見学枠".to_owned(),
            capacity: 4,
        }],
        questions: vec![],
        ..seminar
    };
    let e = publish(store, &saitama, &tour, "discovery.maker-tour", actor).await?;
    register(&app, &e, 10, "").await?;
    // Registration closes, and the officer draws.
    let closed = EventInput {
        registration_closes_at: now - Duration::hours(1),
        ..tour
    };
    let links = links(store, &saitama, "discovery.maker-tour").await?;
    let e = store
        .update_event(&e, e.version, &closed, &links, actor)
        .await?;
    let caller = renkei_app::access::Caller {
        subject: renkei_domain::access::Subject {
            roles: vec![renkei_domain::access::Role::CityStaff {
                city: saitama,
                read_only: false,
            }],
            person: None,
        },
        actor: actor.clone(),
    };
    let e = renkei_app::events::load_as_organiser(
        &app,
        &caller,
        renkei_domain::access::Action::Write,
        e.id,
    )
    .await
    .map_err(|d| anyhow::anyhow!("demo event: {d}"))?;
    regs::draw(&app, &caller, &e, DEMO_SEED)
        .await?
        .map_err(|r| anyhow::anyhow!("demo draw refused: {r:?}"))?;
    Ok(())
}
