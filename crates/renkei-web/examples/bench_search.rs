//! Search and matching at national scale (`scripts/bench-search` runs it; BENCHMARKS.md
//! quotes it): loads at least 130,000 sales-channel targets (the regional health bureaus'
//! national list of medical institutions, each given to a designated city, plus generated
//! schools, insurers, care facilities, trading companies and manufacturers), 20,000 companies
//! and 50,000 products into a database, times the index build and its memory, then serves
//! Renkei and measures `/api/v1/search` and `/api/v1/referrals/{id}/matches` under
//! concurrent clients, as a 大阪市 officer (the city with the most targets).
//!
//! cargo run --release --example bench_search -- DATABASE_URL INSTITUTIONS_CSV [CLIENTS,…] [SECONDS]

use std::time::{Duration, Instant};

use renkei_domain::access::{ListScope, Role};
use renkei_domain::city::CityCode;
use renkei_domain::referral::{Move, Party};
use renkei_store::{Actor, Consent, Store};
use renkei_web::demo::PLACE_NAMES;
use renkei_web::{Application, config::Config};

const OSAKA: &str = "271004";

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// A small deterministic generator (no crate needed for a benchmark's variety).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

const DEPARTMENTS: &[&str] = &[
    "内科",
    "外科",
    "整形外科",
    "皮膚科",
    "形成外科",
    "眼科",
    "耳鼻咽喉科",
    "小児科",
    "精神科",
    "リハビリテーション科",
    "看護部",
    "放射線科",
    "歯科",
    "泌尿器科",
    "産婦人科",
    "脳神経外科",
];
const CATEGORIES: &[&str] = &[
    "医療機器",
    "看護・介護支援システム",
    "福祉用具",
    "検査・健康サービス",
    "医療教育機器",
    "見守り機器",
    "介護・リハビリ機器",
    "ヘルスケアアプリ",
    "医療・介護用品",
];
const USES: &[&str] = &[
    "褥瘡予防",
    "見守り",
    "歩行支援",
    "嚥下評価",
    "服薬管理",
    "転倒検知",
    "離床検知",
    "注射訓練",
    "血圧測定",
    "体圧分散",
    "口腔ケア",
    "排泄予測",
    "睡眠解析",
    "リハビリ記録",
    "視覚遮蔽",
    "認知症予防",
    "感染対策",
    "手術支援",
    "検体搬送",
    "遠隔診療",
];
const FORMS: &[&str] = &[
    "マット",
    "センサー",
    "システム",
    "デバイス",
    "アプリ",
    "キット",
    "スーツ",
    "クッション",
    "パーティション",
    "ロボット",
    "クラウド",
    "ライト",
    "ブラシ",
    "トレーニング器",
];
const FIRMS: &[&str] = &[
    "メディカル",
    "精工",
    "ヘルスケア",
    "ケアテック",
    "医療電子",
    "リハビリ工房",
    "デジタルヘルス",
    "樹脂工業",
    "バイオ研究所",
    "医工",
    "テクノ",
    "製作所",
];
/// The places of invented company and organization names: the demo's, and a few more.
const MORE_PLACES: &[&str] = &["わかば", "なぎさ", "いずみ", "かえで", "すばる", "あかね"];

fn place_names() -> Vec<&'static str> {
    PLACE_NAMES.iter().chain(MORE_PLACES).copied().collect()
}

async fn load(store: &Store, institutions: &str) -> anyhow::Result<()> {
    let actor = Actor::system("bench");
    let have = store
        .sales_targets(&Default::default(), renkei_store::PageRequest::new(1, 1))
        .await?
        .total;
    if have >= 130_000 {
        println!("data already loaded ({have} targets)");
        return Ok(());
    }
    let started = Instant::now();
    let cities: Vec<(CityCode, String)> = store
        .cities()
        .iter()
        .map(|c| (c.code, c.name.clone()))
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    load_targets(store, &cities, &mut rng, institutions, &actor, started).await?;
    load_companies_and_products(store, &cities, &mut rng, &actor).await?;
    load_referrals(store, &actor).await?;
    println!(
        "companies 20000, products 50000, referrals 200; loaded in {:.0?}",
        started.elapsed()
    );
    Ok(())
}

/// The national list of medical institutions, each to a designated city, and generated
/// schools, insurers, care facilities, trading companies and manufacturers.
async fn load_targets(
    store: &Store,
    cities: &[(CityCode, String)],
    rng: &mut Rng,
    institutions: &str,
    actor: &Actor,
    started: Instant,
) -> anyhow::Result<()> {
    let places = place_names();
    // The national list: each institution to the designated city it is in, else to one of
    // its prefecture, else to any (the benchmark needs the national count in the cities).
    let bytes = std::fs::read(institutions)?;
    let table = renkei_io::read(&bytes).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut rows = vec![table.headers.clone()];
    rows.extend(table.rows.into_iter().map(|r| r.cells));
    let mut targets = Vec::new();
    for (i, cells) in rows.iter().enumerate() {
        let [code, _, name, postal, address, ..] = cells.as_slice() else {
            continue;
        };
        let pref = code.get(..2).unwrap_or_default();
        let city = cities
            .iter()
            .find(|(c, n)| address.starts_with(n.as_str()) && c.as_string().starts_with(pref))
            .or_else(|| cities.iter().find(|(c, _)| c.as_string().starts_with(pref)))
            .unwrap_or(&cities[i % cities.len()])
            .0;
        let kind = renkei_domain::target::TargetKind::of_medical_institution(name);
        let departments: Vec<&str> = (0..3).map(|_| *rng.pick(DEPARTMENTS)).collect();
        let draft = renkei_domain::target::TargetDraft {
            kind: kind.code().into(),
            name: name.clone(),
            postal_code: postal.clone(),
            address: address.clone(),
            departments: departments.join("\n"),
            interests: rng.pick(CATEGORIES).to_string(),
            source_code: code.clone(),
            ..Default::default()
        };
        if let Ok(t) = draft.validate() {
            targets.push((city, t));
        }
    }
    let medical = targets.len();
    for (kind, label, n) in [
        ("care-facility", "介護老人福祉施設", 23_800),
        ("special-needs-school", "特別支援学校", 1_100),
        ("nursing-school", "看護専門学校", 870),
        ("health-insurance", "健康保険組合", 1_380),
        ("mutual-aid", "職員共済組合", 500),
        ("trading-company", "医療機器商事", 3_000),
        ("manufacturer", "医療機器製作所", 3_000),
    ] {
        for i in 0..n {
            let (city, city_name) = &cities[i % cities.len()];
            let draft = renkei_domain::target::TargetDraft {
                kind: kind.into(),
                name: format!("{}{}{label}（架空）{i}", city_name, rng.pick(&places)),
                address: format!("{city_name}中央区{}-{}", i % 40 + 1, i % 9 + 1),
                departments: rng.pick(DEPARTMENTS).to_string(),
                interests: rng.pick(CATEGORIES).to_string(),
                size: (50 + i % 400).to_string(),
                ..Default::default()
            };
            targets.push((
                *city,
                draft.validate().map_err(|e| anyhow::anyhow!("{e:?}"))?,
            ));
        }
    }
    for chunk in targets.chunks(20_000) {
        store.import_sales_targets(chunk, actor, |_| {}).await?;
    }
    println!(
        "targets: {} ({} medical institutions) in {:.0?}",
        targets.len(),
        medical,
        started.elapsed()
    );
    Ok(())
}

/// 20,000 companies, 1,000 per city; 50,000 products, two or three per company.
async fn load_companies_and_products(
    store: &Store,
    cities: &[(CityCode, String)],
    rng: &mut Rng,
    actor: &Actor,
) -> anyhow::Result<()> {
    let places = place_names();
    let mut companies = Vec::new();
    for i in 0..20_000 {
        let (city, _) = &cities[i % cities.len()];
        let draft = renkei_domain::company::CompanyDraft {
            name: format!("{}{}{i}株式会社", rng.pick(&places), rng.pick(FIRMS)),
            industry: "医療機器製造".into(),
            ..Default::default()
        };
        companies.push((
            draft.validate(city).map_err(|e| anyhow::anyhow!("{e:?}"))?,
            None,
        ));
    }
    store.import_companies(&companies, actor, |_| {}).await?;
    // 50,000 products, two or three per company.
    let records = store
        .companies_by_id((1..=20_000).map(renkei_store::CompanyId))
        .await?;
    let mut products = Vec::new();
    for i in 0..50_000 {
        let company = records
            .get(&renkei_store::CompanyId((i % 20_000) as i64 + 1))
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("company {}", i % 20_000 + 1))?;
        let (use_, form) = (rng.pick(USES), rng.pick(FORMS));
        let draft = renkei_domain::product::ProductDraft {
            name: format!("{use_}{form}"),
            summary: format!(
                "{use_}のための{form}。{}の現場で使う。",
                rng.pick(DEPARTMENTS)
            ),
            category: rng.pick(CATEGORIES).to_string(),
            stage: ((i % 8) + 1).to_string(),
            ..Default::default()
        };
        products.push((
            company,
            draft.validate().map_err(|e| anyhow::anyhow!("{e:?}"))?,
        ));
    }
    for chunk in products.chunks(25_000) {
        store.import_products(chunk, actor, |_| {}).await?;
    }
    Ok(())
}

/// 200 referrals to 大阪市, accepted: its officer matches targets for them.
async fn load_referrals(store: &Store, actor: &Actor) -> anyhow::Result<()> {
    let osaka = CityCode::parse(OSAKA)?;
    let app = renkei_app::App::new(store.clone(), "");
    let mut made = 0;
    let mut product = 0i64;
    while made < 200 {
        product += 1;
        let p = store
            .product(renkei_store::ProductId(product))
            .await?
            .expect("product");
        if p.home_city == osaka {
            continue;
        }
        let r =
            renkei_app::referrals::select(&app, p.id, &osaka, "市の評価を得た製品", actor).await?;
        let consent = Consent {
            kinds: vec![renkei_domain::target::TargetKind::Hospital],
            items: "items".into(),
            purpose: "purpose".into(),
            wording: "wording".into(),
            wording_version: "bench".into(),
        };
        let mut v = r.version;
        for (party, m) in [
            (Party::Company, Move::Consent),
            (Party::SendingCity, Move::Send),
            (Party::ReceivingCity, Move::Accept),
        ] {
            let input = renkei_app::referrals::MoveInput {
                note: String::new(),
                consent: (m == Move::Consent).then(|| consent.clone()),
                ..Default::default()
            };
            v = renkei_app::referrals::move_as(&app, r.id, v, party, &m, &input, actor)
                .await?
                .map_err(|e| anyhow::anyhow!("{e:?}"))?
                .version;
        }
        made += 1;
    }
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn hammer(
    base: &str,
    token: &str,
    paths: &[String],
    clients: usize,
    seconds: u64,
) -> (Vec<Duration>, f64) {
    let client = reqwest::Client::new();
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (client, base, token, paths) = (
            client.clone(),
            base.to_owned(),
            token.to_owned(),
            paths.to_vec(),
        );
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut i = c;
            while Instant::now() < until {
                let path = &paths[i % paths.len()];
                i += 7;
                let t = Instant::now();
                let r = client
                    .get(format!("{base}{path}"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .expect("request");
                assert!(r.status().is_success(), "{path}: {}", r.status());
                let _ = r.bytes().await;
                times.push(t.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.expect("client"));
    }
    let rate = all.len() as f64 / started.elapsed().as_secs_f64();
    all.sort();
    (all, rate)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let url = args.get(1).expect("DATABASE_URL");
    let institutions = args.get(2).expect("INSTITUTIONS_CSV");
    // One or more numbers of concurrent clients, e.g. `4,8`.
    let client_counts: Vec<usize> = args
        .get(3)
        .map(|a| a.split(',').filter_map(|c| c.parse().ok()).collect())
        .unwrap_or_else(|| vec![4, 8]);
    let seconds: u64 = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(20);
    let config = Config {
        addr: "127.0.0.1:0".parse()?,
        database_url: url.clone(),
        db_max_connections: 10,
        ..Config::default()
    };
    let app = Application::build(&config).await?;
    let store = app.store().clone();
    load(&store, institutions).await?;
    time_the_index(&store).await?;
    one_at_a_time(&store).await?;
    let token = officer_token(&store).await?;
    let base = format!("http://{}", app.local_addr());
    tokio::spawn(app.run_until_stopped());
    tokio::time::sleep(Duration::from_millis(200)).await;
    let search = search_paths();
    hammer_each("search", &base, &token, &search, &client_counts, seconds).await;
    let matching = matching_paths(&store).await?;
    hammer_each(
        "matching",
        &base,
        &token,
        &matching,
        &client_counts,
        seconds,
    )
    .await;
    Ok(())
}

/// The index: built once, timed, with the process's memory before and after.
async fn time_the_index(store: &Store) -> anyhow::Result<()> {
    let before = rss_kib();
    let started = Instant::now();
    let n = store.rebuild_search_index().await?;
    let build = started.elapsed();
    let after = rss_kib();
    println!(
        "index: {n} records built in {:.1} s; resident memory {} MiB → {} MiB (+{} MiB)",
        build.as_secs_f64(),
        before / 1024,
        after / 1024,
        (after.saturating_sub(before)) / 1024
    );
    for (kind, count) in store.search_index_counts().await? {
        println!("  {:<12} {count}", kind.code());
    }
    Ok(())
}

/// One call at a time, in the process (no HTTP, no concurrency): where the time goes.
async fn one_at_a_time(store: &Store) -> anyhow::Result<()> {
    let some = store
        .referrals(
            &ListScope {
                all: true,
                ..Default::default()
            },
            &Default::default(),
            renkei_store::PageRequest::new(1, 10),
        )
        .await?;
    let t = Instant::now();
    for r in &some.items {
        store
            .match_targets(r.product_id.0, OSAKA, &["hospital".to_owned()], 20)
            .await?;
    }
    let per = t.elapsed() / some.items.len().max(1) as u32;
    let t = Instant::now();
    for r in &some.items {
        store
            .similar_to(
                (renkei_store::DocKind::Product, r.product_id.0),
                renkei_store::DocKind::Product,
                Some(OSAKA),
                None,
                0.2,
                5,
            )
            .await?;
    }
    println!(
        "one at a time: match_targets {:.1} ms, similar products {:.1} ms",
        per.as_secs_f64() * 1000.0,
        (t.elapsed() / some.items.len().max(1) as u32).as_secs_f64() * 1000.0
    );
    Ok(())
}

/// A 大阪市 officer with an API token: the token.
async fn officer_token(store: &Store) -> anyhow::Result<String> {
    let email = renkei_domain::identity::Email::parse(&format!(
        "bench{}@city.osaka.example.jp",
        std::process::id()
    ))
    .expect("address");
    let role = Role::CityStaff {
        city: CityCode::parse(OSAKA)?,
        read_only: false,
    };
    let actor = Actor::system("bench");
    let user = store
        .create_user(
            &email,
            "大阪 ベンチ",
            None,
            std::slice::from_ref(&role),
            &actor,
        )
        .await?;
    let (_, token) = store
        .create_api_token(user.id, "bench", &role, &actor)
        .await?;
    Ok(token)
}

/// The searches the clients make, in turn.
fn search_paths() -> Vec<String> {
    let enc = |q: &str| url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>();
    let queries = [
        "病院",
        "クリニック",
        "じょくそう",
        "ﾄﾚｰﾆﾝｸﾞ",
        "見守りセンサー",
        "特別支援学校",
        "整形外科",
        "介護老人福祉施設",
        "パーテーション",
        "嚥下",
        "大阪 皮膚科",
        "みなとメディカル",
        "歩行支援スーツ",
        "健康保険組合",
        "医療法人",
        "北区",
        "リハビリ",
        "転倒検知",
    ];
    queries
        .iter()
        .map(|q| format!("/api/v1/search?q={}", enc(q)))
        .collect()
}

/// The matching of every referral, as its receiving city asks for it.
async fn matching_paths(store: &Store) -> anyhow::Result<Vec<String>> {
    let referrals = store
        .referrals(
            &ListScope {
                all: true,
                ..Default::default()
            },
            &Default::default(),
            renkei_store::PageRequest::new(1, 200),
        )
        .await?;
    Ok(referrals
        .items
        .iter()
        .map(|r| format!("/api/v1/referrals/{}/matches", r.id))
        .collect())
}

/// `paths` asked by each number of concurrent clients in turn for `seconds`: the rate and the
/// percentiles of the times, printed after `label`.
async fn hammer_each(
    label: &str,
    base: &str,
    token: &str,
    paths: &[String],
    client_counts: &[usize],
    seconds: u64,
) {
    for &clients in client_counts {
        let (times, rate) = hammer(base, token, paths, clients, seconds).await;
        println!(
            "{label}: {} requests, {clients} clients, {rate:.0} req/s; p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
            times.len(),
            percentile(&times, 0.50),
            percentile(&times, 0.95),
            percentile(&times, 0.99)
        );
    }
}
