//! The demo's expert dispatch: each pilot city's roster (a 薬事 consultant, a patent
//! attorney, a designer and a software engineer, marked as example people), and on the
//! pilot company's open cases a dispatch carried out and closed with the expert's report
//! (support on the product) and one waiting for the desk's approval. Loaded after the
//! demo's cases, through the same use cases as the pages.

use anyhow::Context;
use renkei_app::App;
use renkei_app::dispatches;
use renkei_domain::access::{Action, Role};
use renkei_domain::city::CityCode;
use renkei_domain::dispatch::{DispatchDraft, ExpertDraft, VisitDraft};
use renkei_store::{ConsultationQuery, ConsultationRecord, PageRequest, Store};

use super::consultations::caller;

/// The roster of a pilot city: name, organisation, fields, hourly fee, fee per visit.
const ROSTER: &[(&str, &str, &[&str], &str, &str)] = &[
    (
        "薬事 花子（例）",
        "薬事コンサルティング事務所（例）",
        &["regulatory", "clinical"],
        "15000",
        "2000",
    ),
    ("知財 一郎（例）", "特許事務所（例）", &["ip"], "12000", "0"),
    (
        "意匠 三郎（例）",
        "プロダクトデザイン事務所（例）",
        &["design"],
        "10000",
        "1000",
    ),
    (
        "情報 四葉（例）",
        "医療ソフトウェア開発支援（例）",
        &["software"],
        "12000",
        "0",
    ),
];

/// The open case of the pilot company with this subject.
fn case<'a>(
    cases: &'a [ConsultationRecord],
    subject: &str,
) -> anyhow::Result<&'a ConsultationRecord> {
    cases
        .iter()
        .find(|c| c.subject == subject)
        .context("the demo cases are loaded first")
}

fn refused(r: dispatches::Refused) -> anyhow::Error {
    anyhow::anyhow!("demo dispatch refused: {r:?}")
}

/// Loads the roster and the dispatches of every pilot city.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let app = App::new(store.clone(), "");
    for code in renkei_domain::city::PILOT_CITIES {
        let city = CityCode::parse(code).context("pilot city code")?;
        let desk = caller(
            Role::CityStaff {
                city,
                read_only: false,
            },
            None,
            &format!("demo {}", store.city(&city)?.name),
        );
        let mut experts = Vec::new();
        for (name, organisation, fields, hourly, visit) in ROSTER {
            let draft = ExpertDraft {
                name: (*name).into(),
                organisation: (*organisation).into(),
                fields: fields.iter().map(|f| (*f).to_owned()).collect(),
                expertise: "デモ用の例です。".into(),
                hourly_fee: (*hourly).into(),
                visit_fee: (*visit).into(),
                availability: "平日（要相談）".into(),
                active: true,
            };
            let x = dispatches::add_expert(&app, &desk, &city, &draft)
                .await?
                .map_err(|e| anyhow::anyhow!("demo expert is invalid: {e:?}"))?;
            experts.push(x.id.0);
        }
        let all = ConsultationQuery {
            all: true,
            ..Default::default()
        };
        let cases = store
            .consultations_of(&city, &all, PageRequest::new(1, 50))
            .await?
            .items;
        // The patent attorney, on the IP case: approved, visited, closed with the report.
        let ip = case(&cases, "特許出願の前の先行技術調査")?;
        let asked = ask(
            &app,
            &desk,
            ip,
            (experts[1], "ip"),
            "先行技術調査の進め方と出願の方針の助言",
        )
        .await?;
        let checked = dispatches::load(&app, &desk, Action::Read, asked.id)
            .await
            .map_err(|e| anyhow::anyhow!("demo dispatch: {e}"))?;
        let approved = dispatches::move_dispatch(
            &app,
            &desk,
            (&checked.0, &checked.1),
            asked.version,
            ("approve", ""),
        )
        .await?
        .map_err(refused)?;
        let checked = dispatches::load(&app, &desk, Action::Read, approved.id)
            .await
            .map_err(|e| anyhow::anyhow!("demo dispatch: {e}"))?;
        let visit = VisitDraft {
            date: "2026-11-16".into(),
            hours: "2".into(),
            fee: String::new(),
            note: "先行技術の検索式を一緒に作成した。".into(),
        };
        dispatches::add_visit(&app, &desk, (&checked.0, &checked.1), &visit)
            .await?
            .map_err(refused)?;
        let report = "類似の先行特許2件を確認。請求項の書き分けで出願可能と助言した。";
        dispatches::move_dispatch(
            &app,
            &desk,
            (&checked.0, &checked.1),
            approved.version,
            ("close", report),
        )
        .await?
        .map_err(refused)?;
        // The 薬事 consultant, on the sales case: waiting for the desk's approval.
        let sales = case(&cases, "市外の病院への販路開拓")?;
        ask(
            &app,
            &desk,
            sales,
            (experts[0], "regulatory"),
            "販売先の病院に示す薬事上の位置づけの整理",
        )
        .await?;
    }
    Ok(())
}

/// A dispatch asked for on a case by its desk.
async fn ask(
    app: &App,
    desk: &renkei_app::access::Caller,
    case: &ConsultationRecord,
    (expert, field): (i64, &str),
    purpose: &str,
) -> anyhow::Result<renkei_store::DispatchRecord> {
    let checked = renkei_app::consultations::load(app, desk, Action::Read, case.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo case {}: {e}", case.id))?;
    let draft = DispatchDraft {
        expert: expert.to_string(),
        field: field.into(),
        purpose: purpose.into(),
        planned_visits: "2".into(),
    };
    dispatches::request(app, desk, &checked, &draft)
        .await?
        .map_err(refused)
}
