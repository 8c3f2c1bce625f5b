//! Demo data: the menus of the report's four pilot cities (千葉市, さいたま市, 熊本市, 広島市),
//! built from the programmes the report names for them, plus links to the state's measures;
//! the pilot companies, targets, referrals and calls; and the events of `events`. The 商談会
//! of `business_meeting` (120 companies, 300 requests) is loaded apart, by `renkei demo` and
//! its own test, so the tests that only need the demo's menus and records stay quick.
//! Everything goes through the same validation as a city officer's form.

mod bridges;
mod business_meeting;
mod calls;
mod consultations;
mod csr;
mod dispatches;
mod events;
mod invented;
mod network;
mod partnering;
mod preparations;
mod research_groups;
mod showcase;
mod threads;
mod training;
pub use events::DEMO_SEED;
pub use invented::PLACE_NAMES;

use anyhow::Context;
use renkei_domain::city::CityCode;
use renkei_domain::menu::MenuEntryDraft;
use renkei_store::{Actor, Store};

struct Demo {
    city: &'static str,
    measure: &'static str,
    offering: &'static str,
    partner_city: &'static str,
    name: &'static str,
    description: &'static str,
    contact: &'static str,
    period: (&'static str, &'static str),
    budget_yen: &'static str,
    url: &'static str,
}

const CHIBA: &str = "121002";
const SAITAMA: &str = "111007";
const KUMAMOTO: &str = "431001";
const HIROSHIMA: &str = "341002";

const fn own(
    city: &'static str,
    measure: &'static str,
    name: &'static str,
    description: &'static str,
) -> Demo {
    Demo {
        city,
        measure,
        offering: "own",
        partner_city: "",
        name,
        description,
        contact: "",
        period: ("", ""),
        budget_yen: "",
        url: "",
    }
}

const DEMO: &[Demo] = &[
    Demo {
        contact: "千葉市 経済部 産業支援課",
        url: "https://www.city.chiba.jp/",
        ..own(
            CHIBA,
            "discovery.entry-seminar",
            "医療・介護・健康分野 参入支援セミナー",
            "医療・介護・健康分野への参入を考える市内中小企業向けのセミナー。",
        )
    },
    Demo {
        period: ("令和8年6月1日", "令和8年8月31日"),
        url: "https://www.city.chiba.jp/",
        ..own(
            CHIBA,
            "certification.business-plan-award",
            "ベンチャーカップCHIBA",
            "優れたビジネスプランを表彰するビジネスプランコンテスト。グランプリ受賞企業を市が広く紹介する。",
        )
    },
    Demo {
        period: ("2026-04-01", "2026-05-29"),
        budget_yen: "20000000",
        contact: "千葉市 経済部 産業支援課",
        ..own(
            CHIBA,
            "development.grants-loans",
            "医療機器等研究開発補助金",
            "医療・介護・健康関連機器の研究開発経費の一部を補助する。",
        )
    },
    Demo {
        offering: "joint",
        ..own(
            CHIBA,
            "sales.inter-city-referral",
            "指定都市間連携による販路開拓支援",
            "他の指定都市の販路開拓先（共済組合、健康保険組合など）へ市内企業の商品を紹介する。",
        )
    },
    Demo {
        offering: "state",
        url: "https://www.pmda.go.jp/",
        ..own(
            CHIBA,
            "regulatory.pmda-consultation",
            "PMDA 薬事戦略相談",
            "（独）医薬品医療機器総合機構による薬事戦略相談。個別面談の申込みは PMDA へ。",
        )
    },
    Demo {
        contact: "さいたま市 経済局 産業展開推進課",
        ..own(
            SAITAMA,
            "development.research-group",
            "さいたま市医療機器研究会",
            "市内企業、医療機関、大学が参加し、医療機器の開発を目指す研究会。",
        )
    },
    Demo {
        period: ("令和8年4月15日", "令和8年6月30日"),
        budget_yen: "5000000",
        ..own(
            SAITAMA,
            "sales.exhibition-subsidy",
            "販路開拓事業補助金",
            "展示会への出展など、販路開拓に要する経費の一部を補助する。",
        )
    },
    Demo {
        url: "https://www.city.saitama.jp/",
        ..own(
            SAITAMA,
            "certification.technology-certification",
            "さいたま市CSRチャレンジ企業認証",
            "CSRチェックリストの項目や財務内容等の基準を満たす市内中小企業を認証し、CSRコミュニティへの参加を支援する。",
        )
    },
    Demo {
        offering: "joint",
        ..own(
            SAITAMA,
            "sales.inter-city-referral",
            "指定都市間連携による販路開拓支援",
            "他の指定都市の医療機関・看護学校等へ市内企業の商品を紹介する。",
        )
    },
    Demo {
        url: "https://www.city.kumamoto.jp/",
        ..own(
            KUMAMOTO,
            "certification.technology-certification",
            "熊本市ものづくり大賞",
            "優れた技術・製品を開発した市内のものづくり企業を表彰する。",
        )
    },
    Demo {
        contact: "熊本市 経済観光局 産業部",
        ..own(
            KUMAMOTO,
            "common.coordinator-dispatch",
            "医工連携コーディネーター派遣",
            "医療現場のニーズと企業の技術シーズをつなぐコーディネーターを派遣する。",
        )
    },
    Demo {
        ..own(
            KUMAMOTO,
            "regulatory.pmda-bridge",
            "薬事相談の橋渡し（PMDA 出張個別面談）",
            "薬事法に関する相談を受け、PMDA の出張個別面談などへ橋渡しする。",
        )
    },
    Demo {
        offering: "joint",
        ..own(
            KUMAMOTO,
            "sales.inter-city-referral",
            "指定都市間連携による販路開拓支援",
            "他の指定都市の医療機関へ市内企業の商品を紹介する。",
        )
    },
    Demo {
        ..own(
            HIROSHIMA,
            "development.research-group",
            "福祉用具開発研究会",
            "福祉用具の開発を目指す企業・施設・大学の研究会。",
        )
    },
    Demo {
        period: ("2026-05-01", "2026-06-15"),
        budget_yen: "30000000",
        ..own(
            HIROSHIMA,
            "development.grants-loans",
            "新成長ビジネス事業化支援事業",
            "医療・福祉など新成長分野での事業化を目指す研究開発を支援する。",
        )
    },
    Demo {
        offering: "joint",
        ..own(
            HIROSHIMA,
            "sales.inter-city-referral",
            "指定都市間連携による販路開拓支援",
            "他の指定都市の特別支援学校などへ市内企業の商品を紹介する。",
        )
    },
    Demo {
        offering: "partner-city",
        partner_city: SAITAMA,
        ..own(
            HIROSHIMA,
            "development.research-group",
            "さいたま市医療機器研究会（連携）",
            "医療機器分野の研究会として、さいたま市の研究会への参加を案内する。",
        )
    },
    Demo {
        offering: "state",
        url: "https://www.amed.go.jp/",
        ..own(
            HIROSHIMA,
            "development.amed-funding",
            "AMED 医療機器開発の公募",
            "（独）日本医療研究開発機構（AMED）の医療機器開発に関する公募。",
        )
    },
];

/// A pilot company of the report (第3章), in its home city.
struct PilotCompany {
    city: &'static str,
    name: &'static str,
    kana: &'static str,
    company_type: &'static str,
    industry: &'static str,
    contact: &'static str,
    /// The pilot product, as the report describes it (第3章 3).
    product: &'static str,
    summary: &'static str,
    category: &'static str,
    /// The evaluations the report gives as the reason for choosing it: (kind, title).
    evaluations: &'static [(&'static str, &'static str)],
}

/// The four companies of the report's pilot referrals. Their contacts are invented.
const PILOT_COMPANIES: &[PilotCompany] = &[
    PilotCompany {
        city: CHIBA,
        name: "㈱アミンファーマ研究所",
        kana: "アミンファーマケンキュウショ",
        company_type: "medical-company-led",
        industry: "臨床検査・研究開発",
        contact: "開発 一郎",
        product: "脳梗塞リスク評価サービス",
        summary: "血液分析により、かくれ脳梗塞の可能性を探る脳梗塞リスク評価サービス。",
        category: "検査・健康サービス",
        evaluations: &[
            ("award", "千葉市ベンチャーカップ グランプリ"),
            ("incubation", "千葉市のインキュベーション施設に入居"),
        ],
    },
    PilotCompany {
        city: SAITAMA,
        name: "㈱ＩＣＳＴ",
        kana: "アイシーエスティー",
        company_type: "manufacturer-entry",
        industry: "医療機器製造",
        contact: "注射 花子",
        product: "注射トレーニング器",
        summary: "注射時の注入・吸引圧力の可視化が出来る世界初の注射トレーニング器。",
        category: "医療教育機器",
        evaluations: &[
            ("incubation", "さいたま市のインキュベーション施設に入居"),
            ("research-group", "さいたま市医療機器研究会に参加"),
            ("rd-grant", "さいたま市 販路開拓事業補助金に採択"),
        ],
    },
    PilotCompany {
        city: KUMAMOTO,
        name: "ゼロシステム㈱",
        kana: "ゼロシステム",
        company_type: "metro-needs-ict",
        industry: "ソフトウェア開発",
        contact: "褥瘡 守",
        product: "床擦れ（褥瘡［じょくそう］）予防管理システム",
        summary: "入院患者らの床擦れ（褥瘡［じょくそう］）の予防と早期回復を図る専用の管理システム。",
        category: "看護・介護支援システム",
        evaluations: &[
            ("incubation", "熊本大学連携インキュベーター施設に入居"),
            ("award", "熊本市ものづくり大賞"),
        ],
    },
    PilotCompany {
        city: HIROSHIMA,
        name: "畑林工業㈱",
        kana: "ハタバヤシコウギョウ",
        company_type: "manufacturer-entry",
        industry: "金属製品製造",
        contact: "衝立 学",
        product: "卓上型パーティション",
        summary: "自閉症など発達障害のある子の視覚的な刺激を遮蔽することによって作業や学習に集中できる環境づくりを支援する福祉用具。",
        category: "福祉用具",
        evaluations: &[
            ("research-group", "広島市 福祉用具開発研究会に参加"),
            ("rd-grant", "広島市 新成長ビジネス事業化支援事業に採択"),
        ],
    },
];

/// In each pilot city, an invented sales-channel target (kind, name, reading, departments)
/// and an invented call.
/// Sales-channel targets in each pilot city (invented: the report names none). The first of
/// each city is the one its demo target-contact account works for.
struct PilotTarget {
    city: &'static str,
    kind: &'static str,
    name: &'static str,
    kana: &'static str,
    departments: &'static str,
    size: &'static str,
    interests: &'static str,
    contact: (&'static str, &'static str, &'static str),
}

const PILOT_TARGETS: &[PilotTarget] = &[
    PilotTarget {
        city: CHIBA,
        kind: "special-needs-school",
        name: "ちば若葉特別支援学校（架空）",
        kana: "チバワカバトクベツシエンガッコウ",
        departments: "小学部\n中学部\n高等部",
        size: "180",
        interests: "福祉用具\n学習支援",
        contact: ("教務部", "若葉 教子", "kyomu@wakaba-sn.example.jp"),
    },
    PilotTarget {
        city: CHIBA,
        kind: "mutual-aid",
        name: "ちば市町村職員共済会（架空）",
        kana: "チバシチョウソンショクインキョウサイカイ",
        departments: "保健事業課",
        size: "42000",
        interests: "健診・予防",
        contact: ("保健事業課", "共済 一郎", "hoken@chiba-kyosai.example.jp"),
    },
    PilotTarget {
        city: SAITAMA,
        kind: "mutual-aid",
        name: "さいたま市職員共済組合（架空）",
        kana: "サイタマシショクインキョウサイクミアイ",
        departments: "健康管理課",
        size: "15000",
        interests: "健診・予防\n検査・健康サービス",
        contact: ("健康管理課", "埼玉 健", "kenko@saitama-kyosai.example.jp"),
    },
    PilotTarget {
        city: SAITAMA,
        kind: "health-insurance",
        name: "さいたま機械工業健康保険組合（架空）",
        kana: "サイタマキカイコウギョウケンコウホケンクミアイ",
        departments: "保健事業部",
        size: "23000",
        interests: "健診・予防",
        contact: (
            "保健事業部",
            "保険 花子",
            "hoken@saitama-kikai-kenpo.example.jp",
        ),
    },
    PilotTarget {
        city: KUMAMOTO,
        kind: "nursing-school",
        name: "くまもと中央看護専門学校（架空）",
        kana: "クマモトチュウオウカンゴセンモンガッコウ",
        departments: "看護学科",
        size: "240",
        interests: "医療教育機器",
        contact: ("教務課", "看護 恵", "kyomu@kumamoto-kango.example.jp"),
    },
    PilotTarget {
        city: KUMAMOTO,
        kind: "hospital",
        name: "くまもと森の都病院（架空）",
        kana: "クマモトモリノミヤコビョウイン",
        departments: "看護部\n皮膚科",
        size: "320",
        interests: "医療教育機器\n看護・介護支援システム",
        contact: ("看護部", "森 都子", "kango@morinomiyako-hp.example.jp"),
    },
    PilotTarget {
        city: HIROSHIMA,
        kind: "hospital",
        name: "ひろしま中央病院（架空）",
        kana: "ヒロシマチュウオウビョウイン",
        departments: "看護部\n皮膚科\n形成外科",
        size: "450",
        interests: "看護・介護支援システム",
        contact: ("看護部", "広島 看", "kango@hiroshima-chuo-hp.example.jp"),
    },
    PilotTarget {
        city: HIROSHIMA,
        kind: "hospital",
        name: "広島みなと病院（架空）",
        kana: "ヒロシマミナトビョウイン",
        departments: "看護部\nリハビリテーション科",
        size: "210",
        interests: "看護・介護支援システム",
        contact: ("医事課", "港 守", "iji@hiroshima-minato-hp.example.jp"),
    },
    PilotTarget {
        city: HIROSHIMA,
        kind: "special-needs-school",
        name: "ひろしま青葉特別支援学校（架空）",
        kana: "ヒロシマアオバトクベツシエンガッコウ",
        departments: "小学部\n中学部",
        size: "150",
        interests: "福祉用具",
        contact: ("教務部", "青葉 学", "kyomu@aoba-sn.example.jp"),
    },
];

/// The report's four pilot referrals (第3章 3): the channels each company wanted are the
/// report's; which city each product went to is not in the report, so the pairs are chosen
/// to suit those channels.
const PILOT_REFERRALS: &[(&str, &str, &[&str])] = &[
    (CHIBA, SAITAMA, &["mutual-aid", "health-insurance"]),
    (SAITAMA, KUMAMOTO, &["hospital", "nursing-school"]),
    (KUMAMOTO, HIROSHIMA, &["hospital"]),
    (HIROSHIMA, CHIBA, &["special-needs-school"]),
];

/// Loads the demo records: the pilot cities' menus, the pilot companies, and a sales-channel
/// target and a call in each pilot city. Returns how many menu entries were added.
pub async fn load(store: &Store) -> anyhow::Result<usize> {
    let n = load_menus(store).await?;
    let actor = Actor::system("demo");
    let mut pilots = Vec::new();
    for p in PILOT_COMPANIES {
        let city = CityCode::parse(p.city).context("pilot city code")?;
        let company = renkei_domain::company::CompanyDraft {
            name: p.name.into(),
            name_kana: p.kana.into(),
            industry: p.industry.into(),
            size: "sme".into(),
            company_type: p.company_type.into(),
            ..Default::default()
        }
        .validate(&city)
        .map_err(|e| anyhow::anyhow!("demo company {:?} is invalid: {e:?}", p.name))?;
        let contact = renkei_domain::company::ContactDraft {
            name: p.contact.into(),
            role: "代表取締役".into(),
            ..Default::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("demo contact {:?} is invalid: {e:?}", p.contact))?;
        let company = store.create_company(&company, &[contact], &actor).await?;
        let product = renkei_domain::product::ProductDraft {
            name: p.product.into(),
            summary: p.summary.into(),
            category: p.category.into(),
            // The pilot: targets approached, sales work under way (⑦ 販路開拓).
            stage: "7".into(),
            ..Default::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("demo product {:?} is invalid: {e:?}", p.product))?;
        let product = store
            .create_product(&company, &product, None, &actor)
            .await?;
        pilots.push((product.id, company.name.clone()));
        for (kind, title) in p.evaluations {
            let evaluation = renkei_domain::product::EvaluationDraft {
                kind: (*kind).into(),
                title: (*title).into(),
                ..Default::default()
            }
            .validate(&city)
            .map_err(|e| anyhow::anyhow!("demo evaluation {title:?} is invalid: {e:?}"))?;
            store.add_evaluation(&product, &evaluation, &actor).await?;
        }
    }
    invented::load(store, &actor).await?;
    for t in PILOT_TARGETS {
        let city = CityCode::parse(t.city).context("pilot city code")?;
        let target = renkei_domain::target::TargetDraft {
            kind: t.kind.into(),
            name: t.name.into(),
            name_kana: t.kana.into(),
            departments: t.departments.into(),
            size: t.size.into(),
            interests: t.interests.into(),
            contact_department: t.contact.0.into(),
            contact_name: t.contact.1.into(),
            contact_email: t.contact.2.into(),
            ..Default::default()
        }
        .validate()
        .map_err(|e| anyhow::anyhow!("demo target {:?} is invalid: {e:?}", t.name))?;
        store.create_sales_target(&city, &target, &actor).await?;
    }
    for code in renkei_domain::city::PILOT_CITIES {
        let city = CityCode::parse(code).context("pilot city code")?;
        store
            .create_call(
                &city,
                "development.grants-loans",
                "令和8年度 医療・介護・健康関連機器 研究開発補助金",
                &actor,
            )
            .await?;
    }
    calls::create_wide_area(store).await?;
    load_pilot_referrals(store, &pilots).await?;
    events::load(store, &actor).await?;
    Ok(n)
}

/// The demo's 商談会 of the four pilot cities, with its buyers and sellers, scheduled: loaded
/// after [`load`].
pub async fn load_business_meeting(store: &Store) -> anyhow::Result<()> {
    business_meeting::load(store, &Actor::system("demo")).await
}

/// The demo's consultation cases in the pilot cities, worked by the desk and each city's
/// coordinator, with each city's roster of experts, its dispatches, its bridges to PMDA
/// and AMED, its research groups, its partner requests (brokering, sites), its coordinators'
/// profiles, requests for help across cities, a referral prepared by a coordinator, the
/// coordinators' training, the cities' threads, its showcased products, さいたま市's CSR
/// challenge certification and its calls:
/// loaded after [`load_accounts`].
pub async fn load_consultations(store: &Store) -> anyhow::Result<()> {
    consultations::load(store).await?;
    dispatches::load(store).await?;
    bridges::load(store).await?;
    research_groups::load(store).await?;
    partnering::load(store).await?;
    showcase::load(store).await?;
    network::load(store).await?;
    preparations::load(store).await?;
    training::load(store).await?;
    threads::load(store).await?;
    csr::load(store).await?;
    calls::load(store).await
}

/// The pilot referrals at the point the report describes (第3章 5): targets approached, the
/// targets that agreed passed to the company, sales work under way, no deal yet. Each goes
/// through the same steps, each by its party, as in the pages.
async fn load_pilot_referrals(
    store: &Store,
    pilots: &[(renkei_store::ProductId, String)],
) -> anyhow::Result<()> {
    use renkei_app::referrals::{self as referrals, MoveInput};
    use renkei_domain::referral::{self as rules, Move, Party, TargetAnswer};
    let app = renkei_app::App::new(store.clone(), "");
    for ((from, to, wanted), (product, company)) in PILOT_REFERRALS.iter().zip(pilots) {
        let (from_city, to_city) = (
            CityCode::parse(from).context("pilot city")?,
            CityCode::parse(to).context("pilot city")?,
        );
        let sending = Actor::system(&format!("demo {}", store.city(&from_city)?.name));
        let receiving = Actor::system(&format!("demo {}", store.city(&to_city)?.name));
        let company_actor = Actor::system(&format!("demo {company}"));
        let p = PILOT_COMPANIES
            .iter()
            .find(|p| p.city == *from)
            .context("pilot company")?;
        // The summary is a sentence of its own, ending in its 。.
        let reason = format!(
            "{}。{}の評価を得ており、地域での実績がある製品として市が推薦します。",
            p.summary.trim_end_matches('。'),
            p.evaluations
                .iter()
                .map(|(_, t)| *t)
                .collect::<Vec<_>>()
                .join("、")
        );
        let r = referrals::select(&app, *product, &to_city, &reason, &sending).await?;
        let kinds: Vec<_> = wanted
            .iter()
            .filter_map(|k| renkei_domain::target::TargetKind::from_code(k))
            .collect();
        let receiving_name = store.city(&to_city)?.name.clone();
        let consent = renkei_store::Consent {
            kinds,
            items: rules::CONSENT_ITEMS.to_owned(),
            purpose: rules::consent_purpose(&receiving_name),
            wording: rules::consent_wording(
                company,
                &store.city(&from_city)?.name,
                &receiving_name,
            ),
            wording_version: rules::CONSENT_WORDING_VERSION.to_owned(),
        };
        let mut version = r.version;
        let steps = [
            (Party::Company, Move::Consent, &company_actor),
            (Party::SendingCity, Move::Send, &sending),
            (Party::ReceivingCity, Move::Accept, &receiving),
        ];
        for (party, m, actor) in steps {
            let input = MoveInput {
                note: String::new(),
                consent: (m == Move::Consent).then(|| consent.clone()),
                ..Default::default()
            };
            let moved = referrals::move_as(&app, r.id, version, party, &m, &input, actor)
                .await?
                .map_err(|e| anyhow::anyhow!("demo referral step refused: {e:?}"))?;
            version = moved.version;
        }
        // The receiving city's targets of the wanted kinds: the first agrees, the next does
        // not answer.
        let targets: Vec<_> = store
            .sales_targets_of(&to_city)
            .await?
            .into_iter()
            .filter(|t| wanted.contains(&t.kind.code()))
            .collect();
        for (i, t) in targets.iter().enumerate() {
            let row = store
                .add_referral_target(r.id, t, &receiving)
                .await?
                .map_err(|e| anyhow::anyhow!("demo target refused: {e:?}"))?;
            // Provided without mail: the demo's targets are invented.
            let tx = store.begin().await?;
            store
                .provide_to_target(&tx, r.id, row.id, &receiving)
                .await?
                .map_err(|e| anyhow::anyhow!("demo provision refused: {e:?}"))?;
            tx.commit().await?;
            let answer = if i == 0 {
                TargetAnswer::Agreed
            } else {
                TargetAnswer::NoAnswer
            };
            referrals::answer_for_target(
                &app,
                r.id,
                row.id,
                row.version + 1,
                answer,
                "",
                "officer",
                &receiving,
            )
            .await?
            .map_err(|e| anyhow::anyhow!("demo answer refused: {e:?}"))?;
        }
        for (party, m, actor) in [
            (Party::ReceivingCity, Move::FeedBack, &receiving),
            (Party::SendingCity, Move::Forward, &sending),
        ] {
            let moved =
                referrals::move_as(&app, r.id, version, party, &m, &MoveInput::default(), actor)
                    .await?
                    .map_err(|e| anyhow::anyhow!("demo referral step refused: {e:?}"))?;
            version = moved.version;
        }
        let today = chrono::Utc::now().date_naive();
        store
            .add_activity(
                r.id,
                (
                    today,
                    renkei_domain::referral::ActivityKind::Contact,
                    "紹介先の担当部署に電話で連絡し、製品説明の日程を調整中。",
                ),
                None,
                &company_actor,
            )
            .await?
            .map_err(|e| anyhow::anyhow!("demo activity refused: {e:?}"))?;
        let _ = from_city;
    }
    Ok(())
}

/// Loads the demo menus. Returns how many entries were added.
async fn load_menus(store: &Store) -> anyhow::Result<usize> {
    let actor = Actor::system("demo");
    for d in DEMO {
        let city = CityCode::parse(d.city).context("demo city code")?;
        let draft = MenuEntryDraft {
            measure: d.measure.into(),
            offering: d.offering.into(),
            partner_city: d.partner_city.into(),
            name: d.name.into(),
            description: d.description.into(),
            contact: d.contact.into(),
            period_start: d.period.0.into(),
            period_end: d.period.1.into(),
            budget_yen: d.budget_yen.into(),
            url: d.url.into(),
        };
        let entry = draft
            .validate(&city)
            .map_err(|e| anyhow::anyhow!("demo entry {:?} is invalid: {:?}", d.name, e))?;
        store.create_menu_entry(&city, &actor, &entry).await?;
    }
    Ok(DEMO.len())
}

/// The password of every demo account (printed by `renkei demo`; the demo database is
/// recreated at each start and listens on loopback by default).
pub const DEMO_PASSWORD: &str = "renkei-demo-2026";

/// Demo accounts: the platform administrator, and in each pilot city a city officer, a
/// read-only officer, a coordinator, a person at the city's pilot company, a contact at its
/// sales-channel target and a reviewer of its call. Needs the records of [`load`].
/// Returns each address with what it is, for printing.
pub async fn load_accounts(store: &Store) -> anyhow::Result<Vec<(String, String)>> {
    use renkei_domain::access::Role;
    use renkei_domain::identity::{Email, NewPassword};

    let actor = Actor::system("demo");
    let mut accounts: Vec<(String, String, Role)> = vec![(
        "admin@demo.renkei.example".into(),
        "事務局（プラットフォーム管理者）".into(),
        Role::PlatformAdmin,
    )];
    for code in renkei_domain::city::PILOT_CITIES {
        let city = CityCode::parse(code).context("pilot city code")?;
        let name = store.city(&city)?.name.clone();
        accounts.push((
            format!("officer.{code}@demo.renkei.example"),
            format!("{name} 職員"),
            Role::CityStaff {
                city,
                read_only: false,
            },
        ));
        accounts.push((
            format!("viewer.{code}@demo.renkei.example"),
            format!("{name} 職員（閲覧のみ）"),
            Role::CityStaff {
                city,
                read_only: true,
            },
        ));
        accounts.push((
            format!("coordinator.{code}@demo.renkei.example"),
            format!("{name} 医工連携コーディネーター"),
            Role::Coordinator { city },
        ));
    }
    for p in PILOT_COMPANIES {
        let city = CityCode::parse(p.city).context("pilot city code")?;
        let name = store.city(&city)?.name.clone();
        let company = pilot_company(store, p.city).await?;
        accounts.push((
            format!("company.{}@demo.renkei.example", p.city),
            format!("{} 担当者（{name}の企業）", p.name),
            Role::CompanyUser {
                company: company.id.0,
            },
        ));
        let target = store
            .sales_targets_of(&city)
            .await?
            .into_iter()
            .next()
            .context("the demo targets are loaded first")?;
        accounts.push((
            format!("target.{}@demo.renkei.example", p.city),
            format!("{} 担当者", target.name),
            Role::TargetContact {
                organization: target.id.0,
            },
        ));
        let call = store
            .calls_of(&city)
            .await?
            .into_iter()
            .next()
            .context("the demo calls are loaded first")?;
        accounts.push((
            format!("reviewer.{}@demo.renkei.example", p.city),
            format!("{name} {} 審査員", call.title),
            Role::Reviewer { call: call.id },
        ));
    }
    let mut printed = Vec::new();
    for (address, name, role) in accounts {
        let email = Email::parse(&address).map_err(|m| anyhow::anyhow!("{address}: {}", m.en))?;
        let hash = NewPassword::parse(DEMO_PASSWORD, &email)
            .map_err(|m| anyhow::anyhow!("{}", m.en))?
            .hash();
        store
            .create_user(&email, &name, Some(hash), &[role], &actor)
            .await?;
        printed.push((address, name));
    }
    Ok(printed)
}

/// The pilot company of a pilot city, once the demo's companies are loaded.
pub(crate) async fn pilot_company(
    store: &Store,
    city: &str,
) -> anyhow::Result<renkei_store::CompanyRecord> {
    let pilot = PILOT_COMPANIES
        .iter()
        .find(|p| p.city == city)
        .context("a pilot company per pilot city")?;
    let everything = renkei_domain::access::ListScope {
        all: true,
        ..Default::default()
    };
    let query = renkei_store::CompanyQuery {
        city: Some(CityCode::parse(city).context("pilot city code")?),
        text: Some(pilot.name.into()),
        ..Default::default()
    };
    store
        .companies(&everything, &query, Default::default())
        .await?
        .items
        .into_iter()
        .next()
        .context("the demo companies are loaded first")
}

/// The demo coordinator's account of a pilot city, once the demo's accounts are loaded.
pub(crate) async fn coordinator(
    store: &Store,
    city: &str,
) -> anyhow::Result<renkei_store::UserRecord> {
    let address = format!("coordinator.{city}@demo.renkei.example");
    let email =
        renkei_domain::identity::Email::parse(&address).map_err(|m| anyhow::anyhow!("{}", m.en))?;
    let (user, _) = store
        .user_by_email(&email)
        .await?
        .context("the demo accounts are loaded first")?;
    Ok(user)
}
