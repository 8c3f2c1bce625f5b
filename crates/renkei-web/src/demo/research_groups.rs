//! The demo's research groups (研究会): さいたま市's 医療機器研究会 and 福祉用具開発研究会, which
//! the report's pilot counted as evaluations, and an example group in each other pilot city;
//! each with the city's pilot company, a university, a hospital and the city's coordinator
//! as members (the other members and the minutes marked as examples), and a meeting with
//! its minutes and attendance. Loaded through the same use cases as the pages.

use anyhow::Context;
use renkei_app::App;
use renkei_app::research_groups::{self, Group};
use renkei_domain::access::{Action, Role};
use renkei_domain::city::CityCode;
use renkei_domain::research_group::{GroupDraft, MeetingDraft, MemberDraft};
use renkei_store::Store;

use super::consultations::caller;

/// A pilot city's groups: (city, name, field, what it does).
const GROUPS: &[(&str, &str, &str, &str)] = &[
    (
        "111007",
        "さいたま市医療機器研究会",
        "medical-device",
        "市内のものづくり企業が医療機器の開発・製造に参入するための研究会。医療現場のニーズの紹介、薬事の勉強会、企業と医療機関の交流を行う（活動内容は例）。",
    ),
    (
        "111007",
        "さいたま市福祉用具開発研究会",
        "welfare",
        "介護・福祉の現場で使う用具の開発を目指す企業の研究会。施設での試用と意見交換を行う（活動内容は例）。",
    ),
    (
        "121002",
        "千葉市ヘルスケア産業研究会（例）",
        "health",
        "デモ用の例です。ヘルスケア分野の新事業を検討する企業の研究会。",
    ),
    (
        "431001",
        "熊本市医工連携研究会（例）",
        "medical-device",
        "デモ用の例です。企業と大学・病院の医工連携を進める研究会。",
    ),
    (
        "341002",
        "広島市医療・福祉機器研究会（例）",
        "welfare",
        "デモ用の例です。医療・福祉機器の開発に取り組む企業の研究会。",
    ),
];

fn refused(what: &str, e: Vec<renkei_domain::FieldError>) -> anyhow::Error {
    anyhow::anyhow!("demo research group {what} is invalid: {e:?}")
}

/// Loads the groups of every pilot city, with members and a meeting each.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let app = App::new(store.clone(), "");
    for (code, name, field, description) in GROUPS {
        let city = CityCode::parse(code).context("pilot city code")?;
        let desk = caller(
            Role::CityStaff {
                city,
                read_only: false,
            },
            None,
            &format!("demo {}", store.city(&city)?.name),
        );
        let draft = GroupDraft {
            name: (*name).into(),
            field: (*field).into(),
            description: (*description).into(),
            partners: vec![],
            founded_on: "2020-04-01".into(),
            active: true,
        };
        let g = research_groups::create(&app, &desk, &city, &draft)
            .await
            .map_err(|e| anyhow::anyhow!("demo research group: {e}"))?
            .map_err(|e| refused("group", e))?;
        let checked = research_groups::load(&app, &desk, Action::Write, g.id)
            .await
            .map_err(|e| anyhow::anyhow!("demo research group: {e}"))?;
        let company = super::pilot_company(store, code).await?;
        let coordinator = super::coordinator(store, code).await?;
        let members = [
            (
                "company",
                format!("#{}", company.id),
                String::new(),
                "会員企業",
            ),
            (
                "university",
                String::new(),
                "（例）市内大学 工学部".to_owned(),
                "アドバイザー",
            ),
            (
                "hospital",
                String::new(),
                "（例）市立病院 臨床工学室".to_owned(),
                "医療現場の意見",
            ),
            (
                "coordinator",
                String::new(),
                coordinator.display_name.clone(),
                "事務局",
            ),
        ];
        for (kind, company, name, note) in members {
            let draft = MemberDraft {
                kind: kind.into(),
                company,
                name,
                note: note.into(),
                joined_on: "2025-04-01".into(),
            };
            research_groups::add_member(&app, &desk, &checked, &draft)
                .await?
                .map_err(|e| refused("member", e))?;
        }
        let checked = research_groups::load(&app, &desk, Action::Write, g.id)
            .await
            .map_err(|e| anyhow::anyhow!("demo research group: {e}"))?;
        meeting(&app, &desk, &checked).await?;
    }
    Ok(())
}

/// A meeting held with every member present, its minutes marked as an example.
async fn meeting(
    app: &App,
    desk: &renkei_app::access::Caller,
    g: &renkei_app::access::Checked<Group>,
) -> anyhow::Result<()> {
    let draft = MeetingDraft {
        held_on: "2026-10-15".into(),
        title: "令和8年度 第2回 例会".into(),
        place: "市役所 会議室".into(),
        event: String::new(),
        minutes: "（例）医療機関から現場の困りごとを紹介。会員企業が試作品の進み具合を報告し、薬事の分類について意見交換した。次回は試作品の試用の結果を共有する。".into(),
        attendees: g.members.iter().map(|m| m.id.to_string()).collect(),
    };
    research_groups::add_meeting(app, desk, g, &draft)
        .await?
        .map_err(|e| refused("meeting", e))?;
    Ok(())
}
