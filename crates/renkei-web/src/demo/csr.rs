//! The demo's CSR challenge certification: さいたま市 runs it with a checklist of 31 守るCSR
//! and 59 伸ばすCSR items and three financial criteria, drafted under the categories the
//! report names and marked as examples (例); its pilot company is certified and published
//! (in the registry and the community), another of its companies is self-assessing, half
//! way through; the certified company's mentoring of a newer firm, tied to the support it
//! received, is confirmed by the city. Made through the same use cases as the pages.

use anyhow::Context;
use renkei_app::App;
use renkei_app::access::Caller;
use renkei_app::csr::{self, certification as cert, community};
use renkei_domain::access::{Role, Subject};
use renkei_domain::city::CityCode;
use renkei_domain::csr::certification::{InterviewDraft, Move};
use renkei_domain::csr::checklist::{Category, Checklist, Evidence, Item, Kind, Thresholds};
use renkei_domain::csr::contribution::{ContributionDraft, Move as CMove};
use renkei_store::{Actor, CompanyId, Store};

const SAITAMA: &str = "111007";

/// 守るCSR: what every firm keeps (31 items).
const PROTECT: &[(&str, &[&str])] = &[
    (
        "企業風土",
        &[
            "経営理念・行動指針を文書にし、社員に周知している",
            "法令を守ることを経営者が社内外に表明している",
            "社員が不正や問題を相談できる窓口がある",
            "取引先との公正な取引の方針を定めている",
            "反社会的勢力と関係を持たない方針を定めている",
        ],
    ),
    (
        "企業統治",
        &[
            "役員の職務と権限を定めている",
            "重要な意思決定の記録を残している",
            "会計処理を適正に行い、決算書を作成している",
            "事業上のリスクを洗い出し、対応を決めている",
            "事業継続計画（BCP）を定めている",
        ],
    ),
    (
        "情報セキュリティ",
        &[
            "個人情報の取扱いの方針を定め、公表している",
            "情報機器のウイルス対策を行っている",
            "重要な情報の持出し・廃棄の手順を定めている",
            "パスワードやアクセス権限を管理している",
            "情報漏えい時の連絡・対応の手順を定めている",
        ],
    ),
    (
        "労務管理",
        &[
            "就業規則を定め、社員が見られるようにしている",
            "労働時間を適正に把握・管理している",
            "労働保険・社会保険に加入している",
            "健康診断を実施している",
            "ハラスメント防止の方針と相談窓口がある",
            "安全衛生の担当者を定めている",
        ],
    ),
    (
        "製品及びサービスの提供",
        &[
            "製品・サービスの品質を管理する仕組みがある",
            "製品の安全に関する法令（薬機法等）を確認している",
            "顧客からの苦情に対応する手順がある",
            "表示・広告を正しく行っている",
            "不具合時の回収・連絡の手順を定めている",
        ],
    ),
    (
        "環境経営",
        &[
            "廃棄物を法令に従って処理している",
            "環境に関する法令を確認している",
            "省エネルギーに取り組んでいる",
            "化学物質を適正に管理している",
            "環境への取組の担当者を定めている",
        ],
    ),
];

/// 伸ばすCSR: what a firm grows (59 items).
const GROW: &[(&str, &[&str])] = &[
    (
        "経営革新",
        &[
            "中期の経営計画を立てている",
            "新製品・新サービスの開発に取り組んでいる",
            "産学官の連携に取り組んでいる",
            "知的財産を取得・管理している",
            "医療・介護の現場のニーズを集めている",
            "業務の電子化・効率化に取り組んでいる",
            "新たな販路の開拓に取り組んでいる",
            "社員の提案を経営に活かしている",
            "公的な支援制度を活用している",
            "品質の国際規格等の認証を得ている",
            "経営の数値目標を立て、振り返っている",
            "事業承継の計画がある",
        ],
    ),
    (
        "社内コミュニケーション",
        &[
            "経営方針を社員に説明する場がある",
            "定期的に社員と面談している",
            "社員の意見を聞く仕組みがある",
            "部署を越えて情報を共有している",
            "社員の研修・資格取得を支援している",
            "社員の表彰制度がある",
            "仕事と育児・介護の両立を支援している",
            "多様な人材（女性・高齢者・障害者）が活躍している",
            "テレワーク等の柔軟な働き方ができる",
            "年次有給休暇の取得を促している",
            "社員の健康づくりに取り組んでいる",
            "社内行事・交流の機会がある",
        ],
    ),
    (
        "地域志向",
        &[
            "地元から社員を採用している",
            "地元の企業から調達している",
            "地元の学校の職場体験・インターンシップを受け入れている",
            "地元の大学・病院と連携している",
            "地元の経済団体・業界団体に参加している",
            "地元の産品・サービスを使っている",
            "地域の課題を事業で解決しようとしている",
            "市の事業・研究会に参加している",
            "地元の後進企業に助言している",
            "地域の行事に協賛・参加している",
            "地元の金融機関・支援機関と連携している",
            "地域に向けて自社の取組を発信している",
        ],
    ),
    (
        "安全・安心",
        &[
            "防災訓練を行っている",
            "災害時の備蓄をしている",
            "地域の防災活動に協力している",
            "交通安全に取り組んでいる",
            "製品の安全性を利用者に分かりやすく伝えている",
            "医療・介護の利用者の声を製品に反映している",
            "労働災害ゼロに取り組んでいる",
            "メンタルヘルス対策を行っている",
            "食品・衛生等の安全管理を行っている",
            "見守り・防犯の活動に協力している",
            "感染症の対策を定めている",
        ],
    ),
    (
        "社会貢献・地域協働",
        &[
            "ボランティア活動を支援している",
            "寄付・協賛を行っている",
            "NPO・市民団体と協働している",
            "福祉施設と連携している",
            "障害者の就労を支援している",
            "子ども・子育てを支援する活動をしている",
            "高齢者を支援する活動をしている",
            "環境保全の地域活動に参加している",
            "セミナー・見学会で知見を共有している",
            "社会貢献活動の方針を定めている",
            "社会貢献活動を報告・公表している",
            "支援を受けた制度・事業に協力している",
        ],
    ),
];

/// The financial criteria.
const FINANCIAL: &[&str] = &[
    "直近の決算で債務超過でない",
    "税を滞納していない",
    "直近2期のいずれかで経常利益を計上している",
];

/// The demo checklist: 31 + 59 items and 3 criteria, every one an example.
pub fn checklist() -> Checklist {
    let mut list = Checklist {
        categories: Vec::new(),
        items: Vec::new(),
    };
    let groups = [(Kind::Protect, "守", PROTECT), (Kind::Grow, "伸", GROW)];
    for (kind, prefix, cats) in groups {
        let mut n = 0;
        for (name, items) in cats.iter() {
            list.categories.push(Category {
                name: (*name).to_owned(),
                kind,
            });
            for text in items.iter() {
                n += 1;
                list.items.push(Item {
                    key: format!("{prefix}-{n:02}"),
                    category: (*name).to_owned(),
                    kind,
                    text: (*text).to_owned(),
                    // The law and the firm's accounts are required; a few need evidence.
                    required: kind == Kind::Protect && n <= 2,
                    evidence: if kind == Kind::Protect && n % 5 == 1 {
                        Evidence::Note
                    } else {
                        Evidence::None
                    },
                    example: true,
                });
            }
        }
    }
    list.categories.push(Category {
        name: "財務基準".to_owned(),
        kind: Kind::Financial,
    });
    for (i, text) in FINANCIAL.iter().enumerate() {
        list.items.push(Item {
            key: format!("財-{:02}", i + 1),
            category: "財務基準".to_owned(),
            kind: Kind::Financial,
            text: (*text).to_owned(),
            required: true,
            evidence: if i == 0 {
                Evidence::File
            } else {
                Evidence::None
            },
            example: true,
        });
    }
    list
}

/// A demo account as a caller.
async fn caller(store: &Store, address: &str) -> anyhow::Result<Caller> {
    let email =
        renkei_domain::identity::Email::parse(address).map_err(|m| anyhow::anyhow!("{}", m.en))?;
    let (user, roles) = store
        .user_by_email(&email)
        .await?
        .context("the demo accounts are loaded first")?;
    Ok(Caller {
        subject: Subject {
            roles: roles.clone(),
            person: Some(user.id.0),
        },
        actor: Actor {
            id: Some(user.id.0),
            label: user.display_name.clone(),
            client_address: None,
            request_id: None,
        },
    })
}

/// Every item of `list` answered: yes, with a note where one is needed; the first `no` of
/// the growing items answered in progress.
fn answers(list: &Checklist, upto: usize, grow_no: usize) -> Vec<(String, String)> {
    let mut form = Vec::new();
    let mut grown = 0;
    for item in list.items.iter().take(upto) {
        let answer = if item.kind == Kind::Grow {
            grown += 1;
            if grown <= grow_no {
                "in_progress"
            } else {
                "yes"
            }
        } else {
            "yes"
        };
        form.push((format!("a_{}", item.key), answer.to_owned()));
        if item.evidence != Evidence::None {
            form.push((
                format!("n_{}", item.key),
                "就業規則・決算書（令和7年度）を面談で確認".to_owned(),
            ));
        }
    }
    form
}

fn refused<T: std::fmt::Debug>(what: &str) -> impl Fn(T) -> anyhow::Error + '_ {
    move |e| anyhow::anyhow!("demo CSR {what}: {e:?}")
}

/// さいたま市's scheme, its certified company and one self-assessing, and a contribution.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let app = App::new(store.clone(), "");
    let city = CityCode::parse(SAITAMA).context("pilot city")?;
    let officer = caller(store, &format!("officer.{SAITAMA}@demo.renkei.example")).await?;
    let firm = caller(store, &format!("company.{SAITAMA}@demo.renkei.example")).await?;
    let list = checklist();
    let t = Thresholds {
        protect_all: true,
        grow_min: 40,
        term_years: 3,
    };
    let title = "さいたま市CSRチャレンジ企業認証 チェックリスト（例）";
    csr::define(&app, &officer, &city, (title, &list, &t))
        .await
        .map_err(refused("checklist"))?
        .map_err(refused("checklist"))?;

    // The pilot company: self-assessed, applied, checked, interviewed, certified, published.
    let company = super::pilot_company(store, SAITAMA).await?;
    let r = cert::start(&app, &firm, &city, company.id)
        .await
        .map_err(refused("start"))?
        .map_err(refused("start"))?;
    let l = cert::load(&app, &firm, renkei_domain::access::Action::Write, r.id)
        .await
        .map_err(refused("load"))?;
    let form = answers(&list, list.items.len(), 10);
    let r = cert::save_answers(&app, &firm, &l, r.version, &form)
        .await?
        .map_err(refused("answers"))?;
    for i in list
        .items
        .iter()
        .filter(|i| i.required && i.evidence == renkei_domain::csr::checklist::Evidence::File)
    {
        let pdf = (
            &*format!("{}.pdf", i.key),
            "application/pdf",
            b"%PDF-1.4".to_vec(),
        );
        store
            .insert_evidence_file(&r, &i.key, pdf, &firm.actor)
            .await?;
    }
    let interview = InterviewDraft {
        held_on: renkei_app::consultations::today().to_string(),
        attendees: format!("{} 代表取締役、さいたま市 経済局 担当者2名", company.name),
        notes: "経営者と2時間面談。就業規則、決算書、地域での取組を確認した。".into(),
    };
    let steps: [(&Caller, Move); 5] = [
        (&firm, Move::Apply),
        (&officer, Move::CheckEvidence),
        (&officer, Move::Interview),
        (
            &officer,
            Move::Certify(
                "守るCSRのすべてと伸ばすCSRの多くを満たし、地域での後進企業への助言が評価された。"
                    .into(),
            ),
        ),
        (&officer, Move::Publish),
    ];
    let mut version = r.version;
    for (who, m) in steps {
        let l = cert::load(&app, who, renkei_domain::access::Action::Write, r.id)
            .await
            .map_err(refused("load"))?;
        let moved = cert::move_certification(&app, who, &l, version, &m, &interview)
            .await?
            .map_err(refused("move"))?;
        version = moved.version;
    }

    // Another company of the city, half way through its self-assessment.
    in_progress(store, &app, &city, &list).await?;

    // An exchange meeting for the certified community only.
    member_event(store, &city, &officer.actor).await?;

    // The certified company's mentoring, tied to support it received, confirmed by the city.
    contribution(store, &app, (&firm, &officer), company.id).await
}

/// さいたま市's exchange meeting for its certified companies (認証企業交流会), published.
async fn member_event(store: &Store, city: &CityCode, actor: &Actor) -> anyhow::Result<()> {
    use renkei_domain::event::{Allocation, Audience, EventInput, Kind, Priority, Quota};
    let starts = chrono::Utc::now() + chrono::Duration::days(30);
    let input = EventInput {
        title: "CSRチャレンジ認証企業 交流会（認証企業限定）".to_owned(),
        description: "認証企業どうしで、地域貢献の取組と連携のきっかけを共有します。\
                      後進企業への助言の進め方も紹介します。"
            .to_owned(),
        kind: Kind::Exchange,
        co_organisers: vec![],
        venue: "さいたま市産業創造財団 会議室".to_owned(),
        online_url: None,
        starts_at: starts,
        ends_at: starts + chrono::Duration::hours(2),
        registration_opens_at: chrono::Utc::now() - chrono::Duration::days(1),
        registration_closes_at: starts - chrono::Duration::days(2),
        cancel_until: starts - chrono::Duration::days(2),
        audience: Audience::CsrMembers,
        allocation: Allocation::FirstCome,
        priority: Priority::None,
        offer_hours: 48,
        reminder_hours: 24,
        quotas: vec![Quota {
            name: "認証企業枠".to_owned(),
            capacity: 30,
        }],
        questions: vec![],
    };
    let measure = "certification.technology-certification";
    super::events::publish(store, city, &input, measure, actor).await?;
    Ok(())
}

async fn in_progress(
    store: &Store,
    app: &App,
    city: &CityCode,
    list: &Checklist,
) -> anyhow::Result<()> {
    let pilot = super::pilot_company(store, SAITAMA).await?;
    let everything = renkei_domain::access::ListScope {
        all: true,
        ..Default::default()
    };
    let query = renkei_store::CompanyQuery {
        city: Some(*city),
        ..Default::default()
    };
    let Some(other) = store
        .companies(&everything, &query, Default::default())
        .await?
        .items
        .into_iter()
        .find(|c| c.id != pilot.id)
    else {
        return Ok(());
    };
    let who = Caller {
        subject: Subject {
            roles: vec![Role::CompanyUser {
                company: other.id.0,
            }],
            person: None,
        },
        actor: Actor::system("demo"),
    };
    let r = cert::start(app, &who, city, other.id)
        .await
        .map_err(refused("start"))?
        .map_err(refused("start"))?;
    let l = cert::load(app, &who, renkei_domain::access::Action::Write, r.id)
        .await
        .map_err(refused("load"))?;
    let form = answers(list, 45, 3);
    cert::save_answers(app, &who, &l, r.version, &form)
        .await?
        .map_err(refused("answers"))?;
    Ok(())
}

async fn contribution(
    store: &Store,
    app: &App,
    (firm, officer): (&Caller, &Caller),
    company: CompanyId,
) -> anyhow::Result<()> {
    if community::support_received(app, company).await?.is_empty() {
        given_support(store, company).await?;
    }
    let Some((support, _)) = community::support_received(app, company)
        .await?
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    let Some((record, _)) = store.company(company).await? else {
        return Ok(());
    };
    let draft = ContributionDraft {
        kind: "mentoring".into(),
        title: "創業間もない医療機器ベンチャーへの助言（販路開拓の経験の共有）".into(),
        description:
            "市の研究会で出会った創業2年目の企業に、薬事と販路開拓の経験を3回にわたり助言した。"
                .into(),
        happened_on: (renkei_app::consultations::today() - chrono::Duration::days(20)).to_string(),
        support: support.to_string(),
    };
    let c = community::propose(app, firm, &record, &draft)
        .await
        .map_err(refused("contribution"))?
        .map_err(refused("contribution"))?;
    let l = community::load_contribution(app, officer, renkei_domain::access::Action::Write, c.id)
        .await
        .map_err(refused("contribution"))?;
    community::move_contribution(app, officer, &l, c.version, &CMove::Confirm)
        .await?
        .map_err(refused("confirm"))?;
    Ok(())
}

/// Support the company's product received from the city (the subsidy its evaluation names).
async fn given_support(store: &Store, company: CompanyId) -> anyhow::Result<()> {
    let city = CityCode::parse(SAITAMA).context("pilot city")?;
    let Some(product) = store.company_products(company).await?.into_iter().next() else {
        return Ok(());
    };
    let support = renkei_domain::product::SupportDraft {
        measure: "development.grants-loans".into(),
        provider: "own".into(),
        outcome: "販路開拓事業補助金に採択".into(),
        ..Default::default()
    }
    .validate(&city)
    .map_err(refused("support"))?;
    store
        .add_support(
            &product,
            &support,
            Default::default(),
            &Actor::system("demo"),
        )
        .await?;
    Ok(())
}
