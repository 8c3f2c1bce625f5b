//! The demo's threads between the cities: a topic every city reads, where 千葉市's
//! coordinator answers 熊本市's with a mention, and a thread on a pilot referral between its
//! two cities, where the sending city's officer mentions the receiving city's coordinator
//! (both are told). Made through the same use cases as the pages.

use anyhow::Context;
use renkei_app::access::Caller;
use renkei_app::network::threads::{self, About};
use renkei_domain::access::{Action, ListScope, Role, Subject};
use renkei_domain::city::CityCode;
use renkei_domain::network::thread::ThreadDraft;
use renkei_store::{Actor, PageRequest, ReferralQuery, Store};

/// The demo account of `who` (`officer`, `coordinator`) of the pilot city `code`, as a caller.
async fn member(store: &Store, who: &str, code: &str) -> anyhow::Result<(Caller, String)> {
    let city = CityCode::parse(code).context("pilot city")?;
    let address = format!("{who}.{code}@demo.renkei.example");
    let email =
        renkei_domain::identity::Email::parse(&address).map_err(|m| anyhow::anyhow!("{}", m.en))?;
    let (user, _) = store
        .user_by_email(&email)
        .await?
        .context("the demo accounts are loaded first")?;
    let role = match who {
        "coordinator" => Role::Coordinator { city },
        _ => Role::CityStaff {
            city,
            read_only: false,
        },
    };
    let caller = Caller {
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
    };
    Ok((caller, user.display_name))
}

async fn start(
    app: &renkei_app::App,
    who: &Caller,
    about: About,
    (title, body): (&str, &str),
) -> anyhow::Result<threads::Thread> {
    let draft = ThreadDraft {
        title: title.into(),
        body: body.into(),
    };
    threads::start(app, who, about, &draft)
        .await
        .map_err(|e| anyhow::anyhow!("demo thread: {e}"))?
        .map_err(|e| anyhow::anyhow!("demo thread is invalid: {e:?}"))
}

async fn reply(
    app: &renkei_app::App,
    who: &Caller,
    t: &threads::Thread,
    body: &str,
) -> anyhow::Result<()> {
    let checked = threads::load(app, who, Action::Write, t.record.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo thread: {e}"))?;
    threads::post(app, who, &checked, body)
        .await
        .map_err(|e| anyhow::anyhow!("demo post: {e}"))?
        .map_err(|e| anyhow::anyhow!("demo post is invalid: {e:?}"))?;
    Ok(())
}

/// The topic, then the referral's thread.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let app = renkei_app::App::new(store.clone(), "");
    let (kumamoto, kumamoto_name) = member(store, "coordinator", "431001").await?;
    let (chiba, _) = member(store, "coordinator", "121002").await?;
    let topic = start(
        &app,
        &kumamoto,
        About::Topic,
        (
            "褥瘡予防の製品を病院に評価してもらうには",
            "熊本市では、病棟での試用の前に看護部と医療安全の委員会に説明しました。各市では、評価の依頼をどの部署から始めていますか。",
        ),
    )
    .await?;
    let answer = format!(
        "@{kumamoto_name} 千葉市では、皮膚・排泄ケア認定看護師に先に相談し、試用の計画を一緒に作ってから委員会に出しています。計画書の様式を共有できます。"
    );
    reply(&app, &chiba, &topic, &answer).await?;

    // A pilot referral already sent: its two cities talk about the targets.
    let all = ListScope {
        all: true,
        ..Default::default()
    };
    let sent = store
        .referrals(&all, &ReferralQuery::default(), PageRequest::new(1, 50))
        .await?
        .items
        .into_iter()
        .find(|r| r.sent_at.is_some())
        .context("a pilot referral sent")?;
    let (officer, _) = member(store, "officer", &sent.sending_city.to_string()).await?;
    let (_, partner) = member(store, "coordinator", &sent.receiving_city.to_string()).await?;
    let body = format!(
        "@{partner} 紹介先の病院に伺う前に、本市での導入時の説明資料をお送りします。病院側で気にされそうな点があれば教えてください。"
    );
    start(
        &app,
        &officer,
        About::Referral(sent.id),
        ("紹介先の病院への説明について", body.as_str()),
    )
    .await?;
    Ok(())
}
