//! The demo's 商談会: 千葉市's 「医療・介護・健康機器 指定都市合同商談会」 with さいたま市, 熊本市
//! and 広島市 as co-organisers, tied to the catalog's sales-channel measure of 商談会・交流会.
//! About forty buyers (the pilot cities' sales-channel targets and invented makers, medical
//! trading firms and wholesalers of the designated cities) and eighty-odd sellers (the pilot
//! companies and invented companies of the four cities, one product each), meeting requests
//! from both sides mostly accepted, the scheduler's agenda with one meeting placed by hand,
//! made final. Every step is the use case a page calls, with the form's validation; every
//! name is invented, chosen from fixed lists (no randomness).

use std::collections::HashSet;

use anyhow::Context;
use chrono::{Duration, DurationRound, Utc};
use renkei_app::App;
use renkei_app::access::Caller;
use renkei_app::events::meetings::{self, Entrant};
use renkei_domain::access::{Action, Role, Subject};
use renkei_domain::city::CityCode;
use renkei_domain::event::meeting::{Move, ProfileDraft, SetupDraft, Side};
use renkei_domain::event::{Allocation, Audience, EventInput, Kind, Priority, Quota};
use renkei_store::{Actor, CompanyId, EventRecord, ParticipantRecord, Store};

use super::invented;
use super::{CHIBA, HIROSHIMA, KUMAMOTO, SAITAMA};

/// The measure the 商談会 delivers (⑦ 販路開拓).
const MEASURE: &str = "sales.business-meetings";

/// Invented buyer companies: home city, name, reading, industry, what they look for.
const BUYERS: [(&str, &str, &str, &str, &str); 31] = [
    (
        CHIBA,
        "房総メディカルサプライ株式会社",
        "ボウソウメディカルサプライ",
        "医療機器卸売",
        "病院向けの消耗品・小型機器",
    ),
    (
        CHIBA,
        "千葉ケア用品販売株式会社",
        "チバケアヨウヒンハンバイ",
        "介護用品卸売",
        "在宅介護向けの福祉用具",
    ),
    (
        CHIBA,
        "京葉医科器械株式会社",
        "ケイヨウイカキカイ",
        "医療機器卸売",
        "手術室・検査室向けの機器",
    ),
    (
        CHIBA,
        "幕張ヘルスケア商事株式会社",
        "マクハリヘルスケアショウジ",
        "医療商社",
        "健診・予防のサービス",
    ),
    (
        SAITAMA,
        "武蔵野医療機器販売株式会社",
        "ムサシノイリョウキキハンバイ",
        "医療機器卸売",
        "病棟の見守り・記録の仕組み",
    ),
    (
        SAITAMA,
        "埼玉介護用品卸株式会社",
        "サイタマカイゴヨウヒンオロシ",
        "介護用品卸売",
        "介護施設向けの用品",
    ),
    (
        SAITAMA,
        "関東メディカル商事株式会社",
        "カントウメディカルショウジ",
        "医療商社",
        "リハビリテーション機器",
    ),
    (
        SAITAMA,
        "大宮ヘルステック販売株式会社",
        "オオミヤヘルステックハンバイ",
        "医療機器卸売",
        "検査・測定のデバイス",
    ),
    (
        KUMAMOTO,
        "肥後医療器株式会社",
        "ヒゴイリョウキ",
        "医療機器卸売",
        "看護教育・病棟の機器",
    ),
    (
        KUMAMOTO,
        "九州ケアサプライ株式会社",
        "キュウシュウケアサプライ",
        "介護用品卸売",
        "介護施設の省力化機器",
    ),
    (
        KUMAMOTO,
        "火の国メディカル商事株式会社",
        "ヒノクニメディカルショウジ",
        "医療商社",
        "在宅医療の機器",
    ),
    (
        KUMAMOTO,
        "阿蘇ヘルスケア流通株式会社",
        "アソヘルスケアリュウツウ",
        "医療商社",
        "健康管理のアプリ・サービス",
    ),
    (
        HIROSHIMA,
        "安芸医科商事株式会社",
        "アキイカショウジ",
        "医療商社",
        "病院・診療所向けの機器",
    ),
    (
        HIROSHIMA,
        "中国メディカルサプライ株式会社",
        "チュウゴクメディカルサプライ",
        "医療機器卸売",
        "手術・処置の用品",
    ),
    (
        HIROSHIMA,
        "瀬戸内ケア用品株式会社",
        "セトウチケアヨウヒン",
        "介護用品卸売",
        "福祉用具・入浴用品",
    ),
    (
        HIROSHIMA,
        "広島ヘルスケア販売株式会社",
        "ヒロシマヘルスケアハンバイ",
        "医療商社",
        "リハビリ・記録のシステム",
    ),
    (
        "141003",
        "横浜メディカルデバイス株式会社",
        "ヨコハマメディカルデバイス",
        "医療機器製造",
        "OEMで組み込む部材・技術",
    ),
    (
        "141003",
        "港北医療器械株式会社",
        "コウホクイリョウキカイ",
        "医療機器製造",
        "精密加工・樹脂成形の協力先",
    ),
    (
        "141305",
        "川崎ライフサイエンス機器株式会社",
        "カワサキライフサイエンスキキ",
        "医療機器製造",
        "センサー・計測の技術",
    ),
    (
        "231002",
        "名古屋医療機器工業株式会社",
        "ナゴヤイリョウキキコウギョウ",
        "医療機器製造",
        "試作・量産の協力先",
    ),
    (
        "231002",
        "中部メディカル商事株式会社",
        "チュウブメディカルショウジ",
        "医療商社",
        "病院向けの新製品",
    ),
    (
        "271004",
        "大阪ヘルスケアホールディングス株式会社",
        "オオサカヘルスケアホールディングス",
        "医療商社",
        "全国に卸せる製品",
    ),
    (
        "271004",
        "浪速医療器販売株式会社",
        "ナニワイリョウキハンバイ",
        "医療機器卸売",
        "診療所向けの機器",
    ),
    (
        "281000",
        "神戸バイオメディカル株式会社",
        "コウベバイオメディカル",
        "医療機器製造",
        "検査キット・試薬の技術",
    ),
    (
        "261009",
        "京都精密医療機器株式会社",
        "キョウトセイミツイリョウキキ",
        "医療機器製造",
        "精密部品の供給先",
    ),
    (
        "401307",
        "博多メディカルサプライ株式会社",
        "ハカタメディカルサプライ",
        "医療機器卸売",
        "九州の病院向けの製品",
    ),
    (
        "401005",
        "北九州介護機器販売株式会社",
        "キタキュウシュウカイゴキキハンバイ",
        "介護用品卸売",
        "介護ロボット・見守り機器",
    ),
    (
        "011002",
        "札幌ケアネット株式会社",
        "サッポロケアネット",
        "介護用品卸売",
        "寒冷地の在宅介護用品",
    ),
    (
        "041009",
        "仙台医療サービス株式会社",
        "センダイイリョウサービス",
        "医療商社",
        "健診・検査のサービス",
    ),
    (
        "221309",
        "浜松光医療機器株式会社",
        "ハママツヒカリイリョウキキ",
        "医療機器製造",
        "光学・電子の部品",
    ),
    (
        "331007",
        "岡山メディカル流通株式会社",
        "オカヤマメディカルリュウツウ",
        "医療商社",
        "中四国の病院向けの製品",
    ),
];

/// The first parts of the invented sellers' names in each pilot city, with readings.
const SELLER_PLACES: [(&str, [(&str, &str); 5]); 4] = [
    (
        CHIBA,
        [
            ("幕張", "マクハリ"),
            ("稲毛", "イナゲ"),
            ("検見川", "ケミガワ"),
            ("蘇我", "ソガ"),
            ("花見川", "ハナミガワ"),
        ],
    ),
    (
        SAITAMA,
        [
            ("与野", "ヨノ"),
            ("浦和", "ウラワ"),
            ("岩槻", "イワツキ"),
            ("見沼", "ミヌマ"),
            ("指扇", "サシオウギ"),
        ],
    ),
    (
        KUMAMOTO,
        [
            ("水前寺", "スイゼンジ"),
            ("江津", "エヅ"),
            ("託麻", "タクマ"),
            ("植木", "ウエキ"),
            ("城南", "ジョウナン"),
        ],
    ),
    (
        HIROSHIMA,
        [
            ("宇品", "ウジナ"),
            ("安佐", "アサ"),
            ("己斐", "コイ"),
            ("五日市", "イツカイチ"),
            ("可部", "カベ"),
        ],
    ),
];

/// The second parts of the sellers' names, with readings and industries.
const SELLER_KINDS: [(&str, &str, &str); 4] = [
    ("精密", "セイミツ", "精密機械製造"),
    ("医工", "イコウ", "医療機器製造"),
    ("テクノ", "テクノ", "電子機器製造"),
    ("ケアシステム", "ケアシステム", "ソフトウェア開発"),
];

/// The sellers' products (name, category), in turn.
const SELLER_PRODUCTS: [(&str, &str); 10] = [
    ("携帯型心電計", "医療機器"),
    ("点滴残量センサー", "医療機器"),
    ("介護用移乗リフト", "介護・リハビリ機器"),
    ("エア式体圧分散マットレス", "福祉用具"),
    ("服薬支援ロボット", "介護・リハビリ機器"),
    ("手指衛生モニター", "医療・介護用品"),
    ("在宅血圧記録アプリ", "ヘルスケアアプリ"),
    ("内視鏡用洗浄ブラシ", "医療・介護用品"),
    ("看護記録音声入力システム", "看護・介護支援システム"),
    ("足圧計測インソール", "検査・健康サービス"),
];

fn caller(role: Role, actor: &Actor) -> Caller {
    Caller {
        subject: Subject {
            roles: vec![role],
            person: None,
        },
        actor: actor.clone(),
    }
}

fn refused<T>(what: &str) -> impl FnOnce(T) -> anyhow::Error
where
    T: std::fmt::Debug,
{
    let what = what.to_owned();
    move |r| anyhow::anyhow!("demo {what} refused: {r:?}")
}

/// The slots a participant can meet in: all, or (every fourth) the afternoon's first or
/// second half.
fn available(k: usize, slots: usize) -> Vec<usize> {
    match k % 8 {
        3 => (0..slots / 2).collect(),
        7 => (slots / 2..slots).collect(),
        _ => (0..slots).collect(),
    }
}

/// The 商談会 itself, published, with its set-up.
async fn event(app: &App, organiser: &Caller) -> anyhow::Result<EventRecord> {
    let store = app.store();
    let now = Utc::now().duration_trunc(Duration::hours(1))?;
    let day = (now + Duration::days(30)).with_timezone(&renkei_domain::event::jst());
    let date = day.format("%Y-%m-%d").to_string();
    let starts = renkei_domain::event::parse_local(&format!("{date}T13:00")).context("start")?;
    let chiba = CityCode::parse(CHIBA)?;
    let input = EventInput {
        title: "医療・介護・健康機器 指定都市合同商談会".to_owned(),
        description: "千葉市・さいたま市・熊本市・広島市の医療・介護・健康機器の企業（セラー）と、\
                      大手医療機器メーカー・医療商社・介護用品卸・病院など（バイヤー）の\
                      事前予約制の個別商談会です。1枠20分。"
            .to_owned(),
        kind: Kind::BusinessMeeting,
        co_organisers: vec![
            CityCode::parse(SAITAMA)?,
            CityCode::parse(KUMAMOTO)?,
            CityCode::parse(HIROSHIMA)?,
        ],
        venue: "幕張メッセ 国際会議場".to_owned(),
        online_url: None,
        starts_at: starts,
        ends_at: starts + Duration::hours(4),
        registration_opens_at: now - Duration::days(10),
        registration_closes_at: now + Duration::days(20),
        cancel_until: now + Duration::days(25),
        audience: Audience::Designated,
        allocation: Allocation::FirstCome,
        priority: Priority::None,
        offer_hours: 48,
        reminder_hours: 24,
        quotas: vec![Quota {
            name: "商談会参加枠".to_owned(),
            capacity: 150,
        }],
        questions: vec![],
    };
    let e = super::events::publish(store, &chiba, &input, MEASURE, &organiser.actor).await?;
    let e = renkei_app::events::load_as_organiser(app, organiser, Action::Write, e.id)
        .await
        .map_err(|d| anyhow::anyhow!("demo 商談会: {d}"))?;
    let setup = SetupDraft {
        slots: "12".to_owned(),
        slot_minutes: "20".to_owned(),
        first_slot_at: format!("{date}T13:00"),
        tables: "20".to_owned(),
        mode: "opt_in".to_owned(),
        follow_up_months: "6".to_owned(),
    };
    meetings::save_setup(app, organiser, &e, 0, &setup)
        .await?
        .map_err(refused("set-up"))?;
    Ok(e.into_inner())
}

/// The buyers: the organiser enters the pilot cities' sales-channel targets and the
/// invented buyer companies (made first, as a city officer registers a company).
async fn buyers(
    app: &App,
    organiser: &Caller,
    e: &renkei_app::access::Checked<EventRecord>,
) -> anyhow::Result<Vec<ParticipantRecord>> {
    let store = app.store();
    let mut entrants = Vec::new();
    for code in renkei_domain::city::PILOT_CITIES {
        let city = CityCode::parse(code)?;
        for t in store.sales_targets_of(&city).await? {
            let text = format!(
                "{}の{}に合う製品・技術を探しています。",
                t.name,
                t.interests.replace('\n', "・")
            );
            entrants.push((Entrant::Target(t.id), text));
        }
    }
    for (code, name, kana, industry, wants) in BUYERS {
        let city = CityCode::parse(code)?;
        let city_name = store.city(&city)?.name.clone();
        let draft = renkei_domain::company::CompanyDraft {
            name: name.into(),
            name_kana: kana.into(),
            industry: industry.into(),
            size: "large".into(),
            address: format!("{city_name}内"),
            ..Default::default()
        };
        let company = invented::company(store, &organiser.actor, &city, draft).await?;
        let text = format!("{wants}を探しています。取扱い・共同開発の相談に応じます。");
        entrants.push((Entrant::Company(company.id), text));
    }
    let mut out = Vec::new();
    for (k, (who, text)) in entrants.into_iter().enumerate() {
        let draft = ProfileDraft {
            text,
            max_meetings: (6 + k % 5).to_string(),
            available: available(k, 12),
        };
        let p = meetings::add_participant(app, organiser, e, Side::Buyer, Some(who), &draft)
            .await?
            .map_err(refused("buyer"))?;
        out.push(p);
    }
    Ok(out)
}

/// A seller: a company user enters their company with its product, as on the 商談会's page.
async fn seller(
    app: &App,
    e: &EventRecord,
    company: CompanyId,
    text: String,
    k: usize,
    actor: &Actor,
) -> anyhow::Result<ParticipantRecord> {
    let user = caller(Role::CompanyUser { company: company.0 }, actor);
    let checked = app
        .company(&user, Action::Read, company)
        .await
        .map_err(|d| anyhow::anyhow!("demo seller: {d}"))?
        .map(|(c, _)| c);
    let products: Vec<i64> = app
        .store()
        .company_product_names(company)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .take(1)
        .collect();
    let draft = ProfileDraft {
        text,
        max_meetings: String::new(),
        available: available(k, 12),
    };
    meetings::save_profile(
        app,
        &user,
        e,
        &checked,
        Some(Side::Seller),
        0,
        &draft,
        &products,
    )
    .await?
    .map_err(refused("seller"))
}

/// The sellers: the pilot companies and twenty invented companies in each pilot city, each
/// with one product at ⑦ 販路開拓.
async fn sellers(
    app: &App,
    e: &EventRecord,
    actor: &Actor,
) -> anyhow::Result<Vec<ParticipantRecord>> {
    let store = app.store();
    let mut out = Vec::new();
    for p in super::PILOT_COMPANIES {
        let company = super::pilot_company(store, p.city).await?;
        let text = format!("{}（{}）をご紹介します。", p.product, p.summary);
        out.push(seller(app, e, company.id, text, out.len(), actor).await?);
    }
    for (code, places) in SELLER_PLACES {
        let city = CityCode::parse(code)?;
        let city_name = store.city(&city)?.name.clone();
        for (i, (place, place_kana)) in places.into_iter().enumerate() {
            for (j, (kind, kind_kana, industry)) in SELLER_KINDS.into_iter().enumerate() {
                let draft = renkei_domain::company::CompanyDraft {
                    name: format!("{place}{kind}株式会社"),
                    name_kana: format!("{place_kana}{kind_kana}"),
                    industry: industry.into(),
                    size: if (i + j) % 3 == 0 {
                        "small-scale"
                    } else {
                        "sme"
                    }
                    .into(),
                    company_type: "manufacturer-entry".into(),
                    address: format!("{city_name}内"),
                    ..Default::default()
                };
                let company = invented::company(store, actor, &city, draft).await?;
                let (product, category) = SELLER_PRODUCTS[(out.len() * 3) % SELLER_PRODUCTS.len()];
                let draft = renkei_domain::product::ProductDraft {
                    name: product.into(),
                    category: category.into(),
                    stage: "7".into(),
                    summary: format!("{city_name}の{}が開発した{product}。", company.name),
                    ..Default::default()
                };
                invented::product(store, actor, &company, draft).await?;
                let text = format!(
                    "{product}（{category}）。病院・施設での導入実績あり、代理店を募集しています。"
                );
                out.push(seller(app, e, company.id, text, out.len(), actor).await?);
            }
        }
    }
    Ok(out)
}

/// Loads the demo's 商談会.
pub async fn load(store: &Store, actor: &Actor) -> anyhow::Result<()> {
    let app = App::new(store.clone(), "");
    let chiba = CityCode::parse(CHIBA)?;
    let organiser = caller(
        Role::CityStaff {
            city: chiba,
            read_only: false,
        },
        actor,
    );
    let e = event(&app, &organiser).await?;
    let checked = renkei_app::events::load_as_organiser(&app, &organiser, Action::Write, e.id)
        .await
        .map_err(|d| anyhow::anyhow!("demo 商談会: {d}"))?;
    let buyers = buyers(&app, &organiser, &checked).await?;
    let sellers = sellers(&app, &e, actor).await?;
    requests(&app, &organiser, &checked, &buyers, &sellers).await?;
    meetings::schedule(&app, &organiser, &checked)
        .await?
        .map_err(refused("schedule"))?;
    // The organiser fixes one meeting where the scheduler put it, and runs it again.
    let first = store
        .meetings(e.id)
        .await?
        .into_iter()
        .next()
        .context("a meeting scheduled")?;
    meetings::lock(
        &app,
        &organiser,
        &checked,
        first.request_id,
        Some((first.slot, first.table_no)),
    )
    .await?
    .map_err(refused("lock"))?;
    meetings::schedule(&app, &organiser, &checked)
        .await?
        .map_err(refused("schedule"))?;
    meetings::set_final(&app, &organiser, &checked, true)
        .await?
        .map_err(refused("final agenda"))?;
    Ok(())
}

/// The requests: each seller asks two buyers, each buyer four sellers (a pair asked once),
/// with priorities; the side asked accepts most, declines one in ten, and leaves a few open.
async fn requests(
    app: &App,
    organiser: &Caller,
    e: &renkei_app::access::Checked<EventRecord>,
    buyers: &[ParticipantRecord],
    sellers: &[ParticipantRecord],
) -> anyhow::Result<()> {
    let (nb, ns) = (buyers.len(), sellers.len());
    let mut asked: Vec<(&ParticipantRecord, &ParticipantRecord)> = Vec::new();
    let mut pairs = HashSet::new();
    for (s, seller) in sellers.iter().enumerate() {
        for b in [(s * 7) % nb, (s * 13 + 5) % nb] {
            if pairs.insert((b, s)) {
                asked.push((seller, &buyers[b]));
            }
        }
    }
    for (b, buyer) in buyers.iter().enumerate() {
        for s in [
            (b * 11 + 3) % ns,
            (b * 17 + 1) % ns,
            (b * 3 + 40) % ns,
            (b * 29 + 7) % ns,
        ] {
            if pairs.insert((b, s)) {
                asked.push((buyer, &sellers[s]));
            }
        }
    }
    for (k, (me, with)) in asked.into_iter().enumerate() {
        let priority = ["1", "2", "2", "3"][k % 4];
        let r = meetings::request(app, organiser, e, me, with.id, priority)
            .await?
            .map_err(refused("request"))?;
        let answer = match k % 20 {
            0 | 10 => Some(Move::Decline),
            7 => None,
            _ => Some(Move::Accept),
        };
        if let Some(m) = answer {
            meetings::move_request(app, organiser, e, Some(with), (r.id, r.version), m)
                .await?
                .map_err(refused("answer"))?;
        }
    }
    Ok(())
}
