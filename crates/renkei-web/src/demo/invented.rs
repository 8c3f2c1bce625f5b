//! The demo's invented companies: nine in each pilot city with one product each, at a stage
//! of its own, with the support it received, an evaluation, a move forward and a voice; and
//! the two helpers every invented company and product of the demo is made with (validated as
//! a city officer's form would be).

use anyhow::Context;
use renkei_domain::city::CityCode;
use renkei_domain::company::CompanyDraft;
use renkei_domain::product::ProductDraft;
use renkei_domain::review::Topic;
use renkei_store::{Actor, CompanyRecord, ProductRecord, Store};

/// A demo company of `city`, checked as the registration form checks it.
pub(super) async fn company(
    store: &Store,
    actor: &Actor,
    city: &CityCode,
    draft: CompanyDraft,
) -> anyhow::Result<CompanyRecord> {
    let name = draft.name.clone();
    let company = draft
        .validate(city)
        .map_err(|e| anyhow::anyhow!("demo company {name:?} is invalid: {e:?}"))?;
    Ok(store.create_company(&company, &[], actor).await?)
}

/// A demo product of `company`, checked as the product form checks it.
pub(super) async fn product(
    store: &Store,
    actor: &Actor,
    company: &CompanyRecord,
    draft: ProductDraft,
) -> anyhow::Result<ProductRecord> {
    let name = draft.name.clone();
    let product = draft
        .validate()
        .map_err(|e| anyhow::anyhow!("demo product {name:?} is invalid: {e:?}"))?;
    Ok(store.create_product(company, &product, None, actor).await?)
}

/// The places invented company names begin with (the benchmark's names too); the
/// invented companies' second parts (with their readings and industries), their products
/// and their voices follow.
pub const PLACE_NAMES: [&str; 9] = [
    "みなと",
    "さくら",
    "あおば",
    "ひかり",
    "つばさ",
    "みらい",
    "はやて",
    "こもれび",
    "あさひ",
];
const FIRST_KANA: [&str; 9] = [
    "ミナト",
    "サクラ",
    "アオバ",
    "ヒカリ",
    "ツバサ",
    "ミライ",
    "ハヤテ",
    "コモレビ",
    "アサヒ",
];
const SECOND: [(&str, &str, &str); 9] = [
    ("メディカル", "メディカル", "医療機器製造"),
    ("精工", "セイコウ", "精密機械製造"),
    ("ヘルスケア", "ヘルスケア", "健康サービス"),
    ("ケアテック", "ケアテック", "介護機器製造"),
    ("医療電子", "イリョウデンシ", "電子機器製造"),
    ("リハビリ工房", "リハビリコウボウ", "福祉用具製造"),
    ("デジタルヘルス", "デジタルヘルス", "ソフトウェア開発"),
    ("樹脂工業", "ジュシコウギョウ", "プラスチック製品製造"),
    ("バイオ研究所", "バイオケンキュウショ", "研究開発"),
];
const PRODUCTS: [(&str, &str); 9] = [
    ("歩行アシストスーツ", "介護・リハビリ機器"),
    ("服薬管理アプリ", "ヘルスケアアプリ"),
    ("ベッド離床見守りセンサー", "見守り機器"),
    ("嚥下機能評価デバイス", "医療機器"),
    ("手術室用無影ライト", "医療機器"),
    ("車いす用体圧分散クッション", "福祉用具"),
    ("リハビリ記録クラウド", "看護・介護支援システム"),
    ("口腔ケア用吸引ブラシ", "医療・介護用品"),
    ("唾液ストレス測定キット", "検査・健康サービス"),
];

/// Invented companies (nine in each pilot city) with a product each, spread over the eight
/// stages and three types, with some support, evaluations, moves and voices — so that the
/// lists and the pages look like a city at work. Every name is invented.
/// Loads the invented companies.
pub(super) async fn load(store: &Store, actor: &Actor) -> anyhow::Result<()> {
    use renkei_domain::catalog::Stage;
    let types = [
        "medical-company-led",
        "manufacturer-entry",
        "metro-needs-ict",
    ];
    let sizes = ["small-scale", "sme", "sme", "mid-sized"];
    for (n, code) in renkei_domain::city::PILOT_CITIES.into_iter().enumerate() {
        let city = CityCode::parse(code).context("pilot city code")?;
        let city_name = store.city(&city)?.name.clone();
        for i in 0..9 {
            let (second, second_kana, industry) = SECOND[(i + n) % 9];
            let draft = CompanyDraft {
                name: format!("{}{}株式会社", PLACE_NAMES[i], second),
                name_kana: format!("{}{}", FIRST_KANA[i], second_kana),
                industry: industry.into(),
                size: sizes[(i + n) % sizes.len()].into(),
                company_type: types[(i + n) % 3].into(),
                address: format!("{city_name}内"),
                ..Default::default()
            };
            let company = company(store, actor, &city, draft).await?;
            let (product_name, category) = PRODUCTS[(i + 2 * n) % 9];
            let stage = Stage::ALL[(i + n) % 8];
            let draft = ProductDraft {
                name: product_name.into(),
                category: category.into(),
                stage: stage.number().to_string(),
                summary: format!("{city_name}の{}が開発する{product_name}。", company.name),
                ..Default::default()
            };
            let product = product(store, actor, &company, draft).await?;
            invented_history(
                store,
                actor,
                (&city, &city_name),
                &company,
                &product,
                stage,
                i + n,
            )
            .await?;
        }
    }
    Ok(())
}

/// What the invented companies say (企業の声), in turn.
const VOICES: [(Topic, &str); 6] = [
    (Topic::Funding, "試作品を作る資金が足りない"),
    (
        Topic::Regulation,
        "薬事の区分がわからず、相談先を探している",
    ),
    (Topic::Sales, "病院に製品を紹介する窓口がない"),
    (Topic::People, "医療現場を知る技術者がいない"),
    (Topic::Partners, "臨床評価に協力してくれる医師を探している"),
    (Topic::Information, "他都市の支援制度の情報が手に入りにくい"),
];

/// What an invented product received on its way (a measure of an earlier stage, from the
/// city's menu or the state; an evaluation), a move forward, and a voice of its company, in
/// its city (with the city's name); `k` varies them from one product to the next.
async fn invented_history(
    store: &Store,
    actor: &Actor,
    (city, city_name): (&CityCode, &str),
    company: &CompanyRecord,
    product: &ProductRecord,
    stage: renkei_domain::catalog::Stage,
    k: usize,
) -> anyhow::Result<()> {
    use renkei_domain::catalog::Stage;
    use renkei_domain::product::{EvaluationDraft, MoveKind, SupportDraft};
    // What it received on its way: a measure of an earlier stage, from the city's menu
    // or the state.
    if stage.number() >= 3 {
        let (measure, provider) = match k % 3 {
            0 => ("planning.idea-review", "own"),
            1 => ("development.grants-loans", "own"),
            _ => ("regulatory.pmda-consultation", "state"),
        };
        let support = SupportDraft {
            measure: measure.into(),
            provider: provider.into(),
            outcome: "助言・採択を受けた".into(),
            ..Default::default()
        }
        .validate(city)
        .map_err(|e| anyhow::anyhow!("invented support is invalid: {e:?}"))?;
        let help = renkei_domain::organization::Help {
            coordinator: product.coordinator_id,
            organization: None,
        };
        store.add_support(product, &support, help, actor).await?;
    }
    if k.is_multiple_of(4) {
        let evaluation = EvaluationDraft {
            kind: "rd-grant".into(),
            title: format!("{city_name} 研究開発補助金に採択"),
            ..Default::default()
        }
        .validate(city)
        .map_err(|e| anyhow::anyhow!("invented evaluation is invalid: {e:?}"))?;
        store.add_evaluation(product, &evaluation, actor).await?;
    }
    if stage.number() < 8 && k % 3 == 1 {
        let next = Stage::ALL[usize::from(stage.number())];
        store
            .move_stage(
                product.id,
                stage,
                next,
                MoveKind::Forward,
                "前の段階の支援を終えたため",
                actor,
            )
            .await?;
    }
    let (topic, text) = VOICES[k % VOICES.len()];
    store
        .add_voice(
            city,
            Some(company.id),
            Some(product.id),
            stage,
            topic,
            text,
            actor,
        )
        .await?;
    Ok(())
}
