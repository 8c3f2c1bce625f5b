//! The demo's partner requests: in each pilot city, the pilot company asks its desk for a
//! manufacturing partner and for a verification site; the desk hands the case to the city's
//! coordinator, who works both. Brokering: a maker of the city (approached at once, agreed,
//! introduced, contracted) and a lab of the next pilot city (the company consented;
//! approached, its answer awaited), so the request is still open. Sites: linked to the
//! city's trial-funding call (made here), the city's first sales-channel target approached,
//! agreed, introduced and concluded, and the request closed as a site agreed (support on the
//! product). Invented names are marked （例）. Loaded after the demo's cases, through the
//! same use cases as the pages.

use anyhow::Context;
use renkei_app::App;
use renkei_app::access::Caller;
use renkei_app::consultations;
use renkei_app::partnering::{self, MoveForm, Pick, Refused};
use renkei_domain::access::{Action, Role};
use renkei_domain::city::{CityCode, PILOT_CITIES};
use renkei_domain::consultation::CaseDraft;
use renkei_domain::partnering::{ManualCandidate, RequestDraft};
use renkei_store::{Actor, CandidateRecord, PartnerRequestRecord, Store};

use super::consultations::caller;

pub const SUBJECT: &str = "量産の協力先と実証先を探したい";

fn refused(r: Refused) -> anyhow::Error {
    anyhow::anyhow!("demo partner request refused: {r:?}")
}

/// Moves on a candidate by `who`, one after another, from the version it is at.
async fn steps(
    app: &App,
    who: &Caller,
    c: &CandidateRecord,
    moves: &[(&str, &str, &str)],
) -> anyhow::Result<()> {
    for (code, text, outcome) in moves {
        let checked = partnering::load_candidate(app, who, Action::Read, c.id)
            .await
            .map_err(|e| anyhow::anyhow!("demo candidate {}: {e}", c.id))?;
        let form = MoveForm {
            code: (*code).into(),
            text: (*text).into(),
            outcome: (*outcome).into(),
            agree: true,
        };
        let version = checked.candidate.version;
        partnering::move_candidate(app, who, &checked, version, &form)
            .await?
            .map_err(refused)?;
    }
    Ok(())
}

/// Adds a candidate to a request.
async fn add(
    app: &App,
    who: &Caller,
    r: &PartnerRequestRecord,
    pick: Pick,
) -> anyhow::Result<CandidateRecord> {
    let checked = partnering::load(app, who, Action::Read, r.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo partner request {}: {e}", r.id))?;
    partnering::add(app, who, &checked, &pick)
        .await?
        .map_err(refused)
}

fn by_hand(name: &str, city: &str, note: &str) -> Pick {
    Pick::Manual(ManualCandidate {
        name: name.into(),
        city: city.into(),
        note: note.into(),
    })
}

/// Loads the partner requests of every pilot city.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    let app = App::new(store.clone(), "");
    for (i, code) in PILOT_CITIES.iter().enumerate() {
        let city = CityCode::parse(code).context("pilot city code")?;
        let next = PILOT_CITIES[(i + 1) % PILOT_CITIES.len()];
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
            kind: "development".into(),
            subject: SUBJECT.into(),
            detail: "量産に向けた筐体の加工先と、病院での実証先を紹介してほしい。".into(),
        };
        let case = consultations::open(&app, &firm, &company, product, &draft)
            .await
            .map_err(|e| anyhow::anyhow!("demo case: {e}"))?
            .map_err(|e| anyhow::anyhow!("demo case is invalid: {e:?}"))?;
        let case = consultations::load(&app, &desk, Action::Read, case.id)
            .await
            .map_err(|e| anyhow::anyhow!("demo case: {e}"))?;
        let coordinator = super::coordinator(store, code).await?;
        consultations::move_case(
            &app,
            &desk,
            &case,
            case.version,
            ("take_in", ""),
            Some(coordinator.id.0),
        )
        .await?
        .map_err(|r| anyhow::anyhow!("demo case refused: {r:?}"))?;
        let works = caller(
            Role::Coordinator { city },
            Some(coordinator.id.0),
            &format!("demo {}", coordinator.display_name),
        );
        let case = consultations::load(&app, &works, Action::Read, case.id)
            .await
            .map_err(|e| anyhow::anyhow!("demo case: {e}"))?;
        let brokering = RequestDraft {
            purpose: "brokering".into(),
            kind: "manufacturing".into(),
            detail: "センサー筐体の量産（年1万台規模）を任せられる加工・組立の協力先".into(),
            words: "精密加工".into(),
        };
        let r = partnering::open(&app, &works, &case, &brokering, None)
            .await?
            .map_err(refused)?;
        let near = add(
            &app,
            &works,
            &r,
            by_hand("精密加工メーカー（例）", code, ""),
        )
        .await?;
        let note = "展示会で知り合った試作・量産の受託先";
        let far = add(&app, &works, &r, by_hand("試作開発ラボ（例）", next, note)).await?;
        let done = [
            ("approach", "協力の可能性を電話で打診", ""),
            ("agree", "面談に応じる", ""),
            ("introduce", "企業と先方の面談を設定", ""),
            ("conclude", "試作・量産の委託契約を締結", "contracted"),
        ];
        steps(&app, &works, &near, &done).await?;
        steps(&app, &works, &far, &[("ask_consent", "", "")]).await?;
        steps(&app, &firm, &far, &[("consent", "", "")]).await?;
        steps(&app, &works, &far, &[("approach", "メールで打診", "")]).await?;
        sites(&app, store, (&works, &case), city).await?;
    }
    Ok(())
}

/// The site request of a pilot city's case: linked to the city's trial-funding call, its
/// first sales-channel target agreed, the request closed as a site agreed.
async fn sites(
    app: &App,
    store: &Store,
    (works, case): (
        &Caller,
        &renkei_app::access::Checked<renkei_store::ConsultationRecord>,
    ),
    city: CityCode,
) -> anyhow::Result<()> {
    let call = store
        .create_call(
            &city,
            partnering::TRIAL_FUNDING,
            "令和8年度 治験・実証支援事業（例）",
            &Actor::system("demo"),
        )
        .await?;
    let draft = RequestDraft {
        purpose: "sites".into(),
        kind: "verification".into(),
        detail: "回復期リハビリテーション病棟で、離床センサーの使い勝手を3か月評価したい".into(),
        words: "リハビリテーション".into(),
    };
    let r = partnering::open(app, works, case, &draft, Some(call.id))
        .await?
        .map_err(refused)?;
    let target = store
        .sales_targets_of(&city)
        .await?
        .into_iter()
        .next()
        .context("a pilot city has sales-channel targets")?;
    let key = Pick::Key(format!("target:{}", target.id));
    let site = add(app, works, &r, key).await?;
    let done = [
        ("approach", "看護部に実証の可否を打診", ""),
        ("agree", "病棟での実証に合意", ""),
        ("introduce", "企業・病棟・市で打合せ", ""),
        ("conclude", "実証の覚書を締結", "contracted"),
    ];
    steps(app, works, &site, &done).await?;
    let checked = partnering::load(app, works, Action::Read, r.id)
        .await
        .map_err(|e| anyhow::anyhow!("demo partner request {}: {e}", r.id))?;
    let text = format!("{}で3か月の実証を行う", target.name);
    partnering::close(
        app,
        works,
        &checked,
        checked.version,
        ("site-agreed", &text),
    )
    .await?
    .map_err(refused)?;
    Ok(())
}
