//! The demo's consultation cases: in each pilot city, the pilot company asks its desk about
//! its product, and the desk and the city's coordinator work the cases through the same use
//! cases as the pages, so that every kind of case and every state appears: a case closed with
//! its summary (support on the product), one waiting on the company, one being worked, one
//! not yet taken in. Loaded after the demo's accounts (the coordinator works the cases).

use anyhow::Context;
use renkei_app::App;
use renkei_app::access::Caller;
use renkei_app::consultations::{self, Refused};
use renkei_domain::access::{Action, Role, Subject};
use renkei_domain::city::CityCode;
use renkei_domain::consultation::CaseDraft;
use renkei_store::{Actor, ConsultationRecord, Store};

/// How far a demo case goes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Until {
    New,
    Worked,
    Waiting,
    Closed,
}

/// The cases of one pilot city: kind, subject, what was asked, how far it goes.
const CASES: &[(&str, &str, &str, Until)] = &[
    (
        "regulatory",
        "医療機器への該当性の確認",
        "製品が医療機器に該当するか、該当する場合のクラス分類を知りたい。",
        Until::Closed,
    ),
    (
        "ip",
        "特許出願の前の先行技術調査",
        "出願前に先行技術を調べたい。弁理士の紹介も希望。",
        Until::Waiting,
    ),
    (
        "sales",
        "市外の病院への販路開拓",
        "市外の病院に製品を紹介したい。指定都市間の紹介の使い方を知りたい。",
        Until::Worked,
    ),
    (
        "funding",
        "開発補助金の申請の相談",
        "次年度の研究開発補助金に応募したい。対象経費を確認したい。",
        Until::New,
    ),
];

fn refused(r: Refused) -> anyhow::Error {
    anyhow::anyhow!("demo consultation refused: {r:?}")
}

/// A caller with one role, acting as the account of `id` (if any) named `label`.
pub(super) fn caller(role: Role, id: Option<i64>, label: &str) -> Caller {
    Caller {
        subject: Subject {
            roles: vec![role],
            person: None,
        },
        actor: Actor {
            id,
            ..Actor::system(label)
        },
    }
}

async fn step(
    app: &App,
    who: &Caller,
    r: &ConsultationRecord,
    m: (&str, &str),
    handler: Option<i64>,
) -> anyhow::Result<ConsultationRecord> {
    let checked = consultations::load(app, who, Action::Read, r.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo case {}: {e}", r.id))?;
    consultations::move_case(app, who, &checked, r.version, m, handler)
        .await?
        .map_err(refused)
}

/// Loads the cases of every pilot city.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let app = App::new(store.clone(), "");
    for code in renkei_domain::city::PILOT_CITIES {
        let city = CityCode::parse(code).context("pilot city code")?;
        let company = super::pilot_company(store, code).await?;
        let product = store
            .company_product_names(company.id)
            .await?
            .into_iter()
            .next()
            .map(|(id, _)| id);
        let coordinator = super::coordinator(store, code).await?;
        let firm = caller(
            Role::CompanyUser {
                company: company.id.0,
            },
            None,
            &format!("demo {}", company.name),
        );
        let desk = caller(
            Role::CityStaff {
                city,
                read_only: false,
            },
            None,
            &format!("demo {}", store.city(&city)?.name),
        );
        let handler = caller(
            Role::Coordinator { city },
            Some(coordinator.id.0),
            &coordinator.display_name,
        );
        for (kind, subject, detail, until) in CASES {
            let draft = CaseDraft {
                kind: (*kind).into(),
                subject: (*subject).into(),
                detail: (*detail).into(),
            };
            let mut r = consultations::open(&app, &firm, &company, product, &draft)
                .await
                .map_err(|e| anyhow::anyhow!("demo case: {e}"))?
                .map_err(|e| anyhow::anyhow!("demo case is invalid: {e:?}"))?;
            if *until >= Until::Worked {
                let id = Some(coordinator.id.0);
                r = step(&app, &desk, &r, ("take_in", ""), id).await?;
            }
            if *until >= Until::Waiting {
                let ask = "製品の仕様書と使用目的を記した資料をお送りください。";
                r = step(&app, &handler, &r, ("ask_company", ask), None).await?;
            }
            if *until == Until::Closed {
                r = step(&app, &firm, &r, ("answer", "資料を送付しました。"), None).await?;
                let summary =
                    "資料を確認し、クラス分類と必要な手続きを説明した。PMDA の相談の活用を勧めた。";
                step(&app, &handler, &r, ("close", summary), None).await?;
            }
        }
    }
    Ok(())
}
