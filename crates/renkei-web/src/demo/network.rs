//! The demo's coordinator network: a profile for the coordinator of each pilot city, each
//! knowing other things, and three requests for help across cities at different steps — one
//! concluded (its outcome support on the product), one being advised on, one open to the
//! network; the sites each coordinator can introduce for trials and verification. Made
//! through the same use cases as the pages, each step by its party.

use anyhow::Context;
use renkei_app::access::Caller;
use renkei_app::network::help::{self, About, MoveForm};
use renkei_domain::access::{Action, Role, Subject};
use renkei_domain::city::CityCode;
use renkei_domain::network::ProfileDraft;
use renkei_domain::network::help::HelpDraft;
use renkei_store::{Actor, HelpRequestRecord, Store, UserId};

/// Each pilot city's coordinator's profile: stages, fields, classes, languages, capacity,
/// availability (until), introduction.
type Profile = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const PROFILES: [Profile; 4] = [
    (
        "121002",
        &["certification", "regulatory", "development"],
        &["medical-devices", "regulatory"],
        &["class-1", "class-2", "class-3"],
        &["ja", "en"],
        "3",
        "accepting",
        "",
        "医療機器メーカーで薬事申請を15年担当。クラスⅡ・Ⅲの承認・認証の経験があります。",
    ),
    (
        "111007",
        &["sales", "production"],
        &["sales-channels", "welfare-equipment", "nursing-care"],
        &[],
        &["ja"],
        "5",
        "limited",
        "2027-03-31",
        "福祉用具・介護機器の販路開拓と、介護施設での導入・評価の支援が得意です。",
    ),
    (
        "431001",
        &["discovery", "planning", "clinical"],
        &["clinical", "ict-health"],
        &["class-2"],
        &["ja", "en", "zh"],
        "2",
        "accepting",
        "",
        "大学病院の臨床研究支援部門出身。ニーズ発掘から臨床評価の設計まで。",
    ),
    (
        "341002",
        &["development", "certification"],
        &["medical-devices", "ict-health"],
        &["class-1", "class-2"],
        &["ja", "ko"],
        "1",
        "not-accepting",
        "2027-01-31",
        "組込みソフトウェアとプログラム医療機器の開発支援。",
    ),
];

fn list(codes: &[&str]) -> Vec<String> {
    codes.iter().map(|c| (*c).to_owned()).collect()
}

/// A person acting with `role`, as the pages make them.
fn caller(role: Role, user: &renkei_store::UserRecord) -> Caller {
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
/// The sites each pilot city's coordinator can introduce (invented, marked 例): city, name,
/// kind, what it takes on.
const SITES: [(&str, &str, &str, &str); 5] = [
    (
        "121002",
        "千葉臨床評価センター（例）",
        "university",
        "整形外科・リハビリテーション科。歩行支援機器・装具の臨床評価を受け入れ。",
    ),
    (
        "111007",
        "さいたま介護実証ホーム（例）",
        "care-facility",
        "介護老人保健施設。見守りセンサー・移乗支援機器の実証（1〜3か月）。",
    ),
    (
        "111007",
        "さいたま皮膚科クリニック（例）",
        "clinic",
        "皮膚科。褥瘡ケア用品・創傷被覆材の使用評価。",
    ),
    (
        "431001",
        "熊本臨床研究病院（例）",
        "hospital",
        "治験（医療機器）・臨床研究の受入れ。循環器内科・皮膚科、治験コーディネーター在籍。",
    ),
    (
        "341002",
        "広島リハビリ実証病院（例）",
        "hospital",
        "回復期リハビリテーション病棟での実証・評価。",
    ),
];

/// A demo account by its address's first part and its city.
async fn account(store: &Store, who: &str, code: &str) -> anyhow::Result<renkei_store::UserRecord> {
    let address = format!("{who}.{code}@demo.renkei.example");
    let email =
        renkei_domain::identity::Email::parse(&address).map_err(|m| anyhow::anyhow!("{}", m.en))?;
    let (user, _) = store
        .user_by_email(&email)
        .await?
        .context("the demo accounts are loaded first")?;
    Ok(user)
}

/// The coordinator of a pilot city, as a caller.
async fn coordinator(store: &Store, code: &str) -> anyhow::Result<(Caller, i64)> {
    let city = CityCode::parse(code).context("pilot city")?;
    let user = super::coordinator(store, code).await?;
    Ok((caller(Role::Coordinator { city }, &user), user.id.0))
}

async fn step(
    app: &renkei_app::App,
    who: &Caller,
    r: &HelpRequestRecord,
    (code, text): (&str, &str),
) -> anyhow::Result<HelpRequestRecord> {
    let checked = help::load(app, who, Action::Write, r.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo request for help: {e}"))?;
    let form = MoveForm {
        code: code.into(),
        text: text.into(),
        to: String::new(),
    };
    help::move_request(app, who, &checked, checked.version, &form)
        .await?
        .map_err(|r| anyhow::anyhow!("demo move {code} refused: {r:?}"))
}

/// Asks for help with the pilot product of `code`, as `asker`, of `helper` (none: the
/// network).
async fn ask(
    app: &renkei_app::App,
    (asker, code): (&Caller, &str),
    helper: Option<i64>,
    (field, stage, class, question): (&str, &str, &str, &str),
) -> anyhow::Result<HelpRequestRecord> {
    let company = super::pilot_company(app.store(), code).await?;
    let product = app
        .store()
        .company_products(company.id)
        .await?
        .into_iter()
        .next()
        .context("a pilot product")?;
    let draft = HelpDraft {
        coordinator: helper.map(|h| h.to_string()).unwrap_or_default(),
        field: field.into(),
        stage: stage.into(),
        class: class.into(),
        question: question.into(),
    };
    help::ask(app, asker, About::Product(product.id), &draft)
        .await?
        .map_err(|r| anyhow::anyhow!("demo request for help refused: {r:?}"))
}

/// The profiles, then the requests.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let app = renkei_app::App::new(store.clone(), "");
    for (code, stages, fields, classes, languages, capacity, availability, until, summary) in
        PROFILES
    {
        let (who, id) = coordinator(store, code).await?;
        let c = renkei_app::network::load(&app, &who, Action::Write, UserId(id))
            .await
            .map_err(|e| anyhow::anyhow!("demo coordinator: {e}"))?;
        let draft = ProfileDraft {
            stages: list(stages),
            fields: list(fields),
            classes: list(classes),
            languages: list(languages),
            organization: String::new(),
            capacity: capacity.into(),
            availability: availability.into(),
            until: until.into(),
            summary: summary.into(),
        };
        renkei_app::network::save(&app, &who, &c, &draft, None)
            .await?
            .map_err(|e| anyhow::anyhow!("demo profile is invalid: {e:?}"))?;
    }
    for (code, name, kind, offers) in SITES {
        let (who, id) = coordinator(store, code).await?;
        let c = renkei_app::network::load(&app, &who, Action::Write, UserId(id))
            .await
            .map_err(|e| anyhow::anyhow!("demo coordinator: {e}"))?;
        let draft = renkei_domain::network::sites::SiteDraft {
            name: name.into(),
            kind: kind.into(),
            offers: offers.into(),
        };
        renkei_app::network::sites::add(&app, &who, &c, &draft)
            .await?
            .map_err(|e| anyhow::anyhow!("demo site is invalid: {e:?}"))?;
    }
    let officer = |code: &'static str| async move {
        let city = CityCode::parse(code).context("pilot city")?;
        let user = account(store, "officer", code).await?;
        let role = Role::CityStaff {
            city,
            read_only: false,
        };
        anyhow::Ok(caller(role, &user))
    };
    // 広島市 asks 千葉市's coordinator about class II certification: concluded.
    let (chiba, chiba_id) = coordinator(store, "121002").await?;
    let hiroshima = officer("341002").await?;
    let need = (
        "medical-devices",
        "regulatory",
        "class-2",
        "クラスⅡの認証申請に向けて、登録認証機関の選び方と試験項目の見通しについて助言がほしい。",
    );
    let r = ask(&app, (&hiroshima, "341002"), Some(chiba_id), need).await?;
    let r = step(&app, &chiba, &r, ("accept", "")).await?;
    let company = super::pilot_company(store, "341002").await?;
    let firm = caller(
        Role::CompanyUser {
            company: company.id.0,
        },
        &account(store, "company", "341002").await?,
    );
    let checked = help::load(&app, &firm, Action::Write, r.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo consent: {e}"))?;
    let r = help::consent(&app, &firm, &checked, checked.version, true)
        .await?
        .map_err(|e| anyhow::anyhow!("demo consent refused: {e:?}"))?;
    let summary =
        "登録認証機関2社を紹介し、電気安全・EMC試験の計画と認証基準への適合の示し方を助言した。";
    step(&app, &chiba, &r, ("conclude", summary)).await?;
    // 千葉市 asks さいたま市's coordinator about sales to care facilities: being advised on.
    let (saitama, saitama_id) = coordinator(store, "111007").await?;
    let need = (
        "sales-channels",
        "sales",
        "",
        "介護施設への導入を広げたい。施設での評価の進め方と、介護事業者への提案の仕方を相談したい。",
    );
    let r = ask(
        &app,
        (&officer("121002").await?, "121002"),
        Some(saitama_id),
        need,
    )
    .await?;
    step(&app, &saitama, &r, ("accept", "")).await?;
    // 熊本市's coordinator asks the network: waiting to be taken.
    let (kumamoto, _) = coordinator(store, "431001").await?;
    let need = (
        "medical-devices",
        "regulatory",
        "class-3",
        "クラスⅢ相当の機器で治験が必要か、PMDA相談の前に経験者の見立てを聞きたい。",
    );
    ask(&app, (&kumamoto, "431001"), None, need).await?;
    Ok(())
}
