//! The demo's bridges to the state: in each pilot city, the pilot company asks its desk to
//! prepare a consultation with PMDA about its product; the desk hands the case to the
//! city's coordinator and
//! bridges it to PMDA's RS総合相談 (the company consented, sharing the record with AMED;
//! sent, replied, closed as held: support on the product) and to AMED's consultation
//! (waiting for the company's consent). Loaded after the demo's cases, through the same use
//! cases as the pages.

use anyhow::Context;
use renkei_app::App;
use renkei_app::access::Caller;
use renkei_app::bridges::{self, Refused};
use renkei_app::consultations;
use renkei_domain::access::{Action, Role};
use renkei_domain::bridge::MoveForm;
use renkei_domain::city::CityCode;
use renkei_domain::consultation::CaseDraft;
use renkei_store::{BridgeRecord, Store};

use super::consultations::caller;

pub const SUBJECT: &str = "PMDA への事前相談の準備";

fn refused(r: Refused) -> anyhow::Error {
    anyhow::anyhow!("demo bridge refused: {r:?}")
}

/// A move on a bridge by `who`, from the version it is at.
async fn step(
    app: &App,
    who: &Caller,
    r: &BridgeRecord,
    form: MoveForm,
) -> anyhow::Result<BridgeRecord> {
    let checked = bridges::load(app, who, Action::Read, r.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo bridge {}: {e}", r.id))?;
    bridges::move_bridge(app, who, &checked, r.version, &form)
        .await?
        .map_err(refused)
}

fn form(code: &str) -> MoveForm {
    MoveForm {
        code: code.into(),
        ..Default::default()
    }
}

/// Loads the bridges of every pilot city.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let app = App::new(store.clone(), "");
    let bodies = store.national_bodies().await?;
    let body = |code: &str| {
        bodies
            .iter()
            .find(|b| b.code == code)
            .with_context(|| format!("the national body {code} is seeded"))
    };
    let (pmda, amed) = (body("pmda")?, body("amed")?);
    for code in renkei_domain::city::PILOT_CITIES {
        let city = CityCode::parse(code).context("pilot city code")?;
        let company = super::pilot_company(store, code).await?;
        let product = store
            .company_product_names(company.id)
            .await?
            .into_iter()
            .next()
            .map(|(id, _)| id);
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
        let draft = CaseDraft {
            kind: "regulatory".into(),
            subject: SUBJECT.into(),
            detail: "製品の承認申請に向けて、PMDA の相談を受けたい。申込書の準備を手伝ってほしい。"
                .into(),
        };
        let case = consultations::open(&app, &firm, &company, product, &draft)
            .await
            .map_err(|e| anyhow::anyhow!("demo case: {e}"))?
            .map_err(|e| anyhow::anyhow!("demo case is invalid: {e:?}"))?;
        let case = consultations::load(&app, &desk, Action::Read, case.id)
            .await
            .map_err(|e| anyhow::anyhow!("demo case: {e}"))?;
        let coordinator = super::coordinator(store, code).await?;
        let taken = consultations::move_case(
            &app,
            &desk,
            &case,
            case.version,
            ("take_in", ""),
            Some(coordinator.id.0),
        )
        .await?
        .map_err(|r| anyhow::anyhow!("demo case refused: {r:?}"))?;
        let case = consultations::load(&app, &desk, Action::Read, taken.id)
            .await
            .map_err(|e| anyhow::anyhow!("demo case: {e}"))?;
        // To PMDA: consented (with AMED), sent, replied, closed as held.
        let r = bridges::open(&app, &desk, &case, Some(pmda.id), "rs-general")
            .await?
            .map_err(refused)?;
        let r = step(&app, &desk, &r, form("ask_consent")).await?;
        let consent = MoveForm {
            shared: r.answers.iter().map(|(label, _)| label.clone()).collect(),
            amed: true,
            ..form("consent")
        };
        let r = step(&app, &firm, &r, consent).await?;
        let sent = MoveForm {
            date: "2026-11-09".into(),
            ..form("mark_sent")
        };
        let r = step(&app, &desk, &r, sent).await?;
        let reply = MoveForm {
            date: "2026-11-12".into(),
            text: "RS総合相談の日程を11月下旬で調整する旨の回答。".into(),
            ..form("record_reply")
        };
        let r = step(&app, &desk, &r, reply).await?;
        let close = MoveForm {
            outcome: "held".into(),
            text: "RS総合相談を実施。承認申請に必要な試験の範囲について助言を得た。".into(),
            ..form("close")
        };
        step(&app, &desk, &r, close).await?;
        // To AMED: waiting for the company's consent.
        let r = bridges::open(&app, &desk, &case, Some(amed.id), &amed.types[0].0)
            .await?
            .map_err(refused)?;
        step(&app, &desk, &r, form("ask_consent")).await?;
    }
    Ok(())
}
