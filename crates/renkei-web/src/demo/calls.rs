//! The demo's calls (公募): each pilot city's research-and-development subsidy, filled in and
//! at a different phase with the city's pilot company's application at a different step
//! (千葉市: open, submitted; さいたま市: screening, returned for correction; 熊本市:
//! released, awarded and reported; 広島市: closed, settled), and the wide-area award of the
//! four pilot cities in review: the four pilot companies' applications, the demo reviewers of
//! all four cities on its panel, assigned in bulk (nobody to their own city's applicant) and
//! one sheet submitted. The records are written through the store as the pages' moves write
//! them; the assignment goes through the same use case as the panel page.

use anyhow::Context;
use renkei_domain::call::application::{Move, Party, State, Verdict, receipt_number, reiwa_year};
use renkei_domain::call::{CallDraft, EligibilityDraft, FieldDraft, Kind, Phase, PhaseMove};
use renkei_domain::city::{CityCode, PILOT_CITIES};
use renkei_domain::identity::Email;
use renkei_store::{
    Actor, ApplicationDraft, ApplicationRecord, ApplicationWrite, CallRecord, SheetWrite, Store,
};

use super::consultations::caller;

fn actor() -> Actor {
    Actor::system("demo")
}

/// A call's form as the demo fills it: a description, a period around today, its questions.
fn draft(kind: &str, title: &str, partners: &[&str]) -> CallDraft {
    let today = renkei_app::calls::today();
    let field = |label: &str, kind: &str, section: &str| FieldDraft {
        section: section.into(),
        label: label.into(),
        kind: kind.into(),
        required: true,
        ..Default::default()
    };
    CallDraft {
        title: title.into(),
        description:
            "医療・介護・健康分野の製品開発に取り組む市内中小企業を支援します（デモ用の例です）。"
                .into(),
        kind: kind.into(),
        measure_code: "development.grants-loans".into(),
        partner_cities: partners.iter().map(|p| (*p).to_owned()).collect(),
        opens_on: (today - chrono::Duration::days(45)).to_string(),
        closes_on: (today + chrono::Duration::days(30)).to_string(),
        budget_yen: if kind == "subsidy" {
            "20000000".into()
        } else {
            String::new()
        },
        max_amount_yen: if kind == "subsidy" {
            "3000000".into()
        } else {
            String::new()
        },
        reviewers_per_application: "2".into(),
        eligibility: EligibilityDraft {
            home: "call_cities".into(),
            ..Default::default()
        },
        fields: vec![
            field("事業名", "short_text", "事業の概要"),
            field("事業計画", "long_text", "事業の概要"),
            field("見積書", "file", "添付書類"),
        ],
        ..Default::default()
    }
}

/// Moves a call along `moves` in one transaction.
async fn phases(
    store: &Store,
    mut c: CallRecord,
    moves: &[(Phase, PhaseMove)],
) -> anyhow::Result<CallRecord> {
    let tx = store.begin().await?;
    for (to, m) in moves {
        c = store.write_call_phase(&tx, &c, *to, *m, &actor()).await?;
    }
    tx.commit().await?;
    Ok(c)
}

/// The pilot company of `city` applies to `call` and submits: its application.
async fn submitted(
    store: &Store,
    call: &CallRecord,
    city: &str,
) -> anyhow::Result<ApplicationRecord> {
    let company = super::pilot_company(store, city).await?;
    let product = store.company_products(company.id).await?.into_iter().next();
    let mut d = ApplicationDraft {
        product: product.map(|p| p.id),
        requested_yen: call.kind.grants_money().then_some(2_500_000),
        ..Default::default()
    };
    d.answers
        .insert("q1".into(), format!("{}の改良と実証", company.name));
    d.answers.insert(
        "q2".into(),
        "協力病院での試用と評価を行い、量産に向けた設計を固める。".into(),
    );
    let tx = store.begin().await?;
    let a = store
        .insert_application(&tx, call.id, company.id, &d, None, &actor())
        .await?;
    let seq = store.next_receipt(&tx, call.id).await?;
    let fy = renkei_domain::jdate::fiscal_year(renkei_app::calls::today());
    let write = ApplicationWrite {
        receipt: Some((seq, receipt_number(reiwa_year(fy), call.id, seq))),
        ..Default::default()
    };
    let a = store
        .write_application_move(
            &tx,
            &a,
            State::Submitted,
            Party::Applicant,
            &Move::Submit,
            &write,
            &actor(),
        )
        .await?;
    tx.commit().await?;
    Ok(a)
}

/// Moves an application along `moves`, each by its party, in one transaction.
async fn steps(
    store: &Store,
    mut a: ApplicationRecord,
    moves: &[(State, Party, Move, ApplicationWrite)],
) -> anyhow::Result<ApplicationRecord> {
    let tx = store.begin().await?;
    for (to, party, m, w) in moves {
        a = store
            .write_application_move(&tx, &a, *to, *party, m, w, &actor())
            .await?;
    }
    tx.commit().await?;
    Ok(a)
}

fn none() -> ApplicationWrite {
    ApplicationWrite::default()
}

/// Each pilot city's subsidy, filled in, at its phase, with its application at its step.
async fn subsidies(store: &Store) -> anyhow::Result<()> {
    use {Phase as P, PhaseMove as M};
    for code in PILOT_CITIES {
        let city = CityCode::parse(code).context("pilot city")?;
        let before = store
            .calls_of(&city)
            .await?
            .into_iter()
            .find(|c| c.kind == Kind::Subsidy && c.city_code == city)
            .context("the demo's subsidies are loaded first")?;
        let input = draft("subsidy", &before.title, &[])
            .validate(&city)
            .map_err(|e| anyhow::anyhow!("demo call: {e:?}"))?;
        let tx = store.begin().await?;
        let c = store
            .save_call(&tx, &city, Some(&before), &input, None, &actor())
            .await?;
        tx.commit().await?;
        let c = phases(store, c, &[(P::Open, M::Publish)]).await?;
        let a = submitted(store, &c, code).await?;
        let decide = |verdict| Move::Decide {
            verdict,
            reason: "審査会の評価に基づく".into(),
        };
        let granted = ApplicationWrite {
            granted_yen: Some(2_500_000),
            ..Default::default()
        };
        let review = [
            (P::Screening, M::EndApplications),
            (P::Review, M::StartReview),
        ];
        match code {
            "111007" => {
                phases(store, c, &review[..1]).await?;
                let due = renkei_app::calls::today() + chrono::Duration::days(14);
                let back = Move::Return {
                    reason: "見積書の宛名と日付を確認し、再提出してください。".into(),
                    due,
                };
                steps(store, a, &[(State::Returned, Party::Office, back, none())]).await?;
            }
            "431001" | "341002" => {
                let c = phases(store, c, &review).await?;
                let a = steps(
                    store,
                    a,
                    &[
                        (State::InReview, Party::Office, Move::Accept, none()),
                        (
                            State::Decided,
                            Party::Office,
                            decide(Verdict::Award),
                            granted,
                        ),
                    ],
                )
                .await?;
                let c = phases(store, c, &[(P::Released, M::Release)]).await?;
                let report = ApplicationWrite {
                    report: Some("試作3台を製作し、協力病院で評価を終えた。".into()),
                    ..Default::default()
                };
                let mut moves = vec![
                    (
                        State::Awarded,
                        Party::Office,
                        Move::Release(Verdict::Award),
                        none(),
                    ),
                    (State::Reported, Party::Applicant, Move::Report, report),
                ];
                if code == "341002" {
                    moves.push((
                        State::Settled,
                        Party::Office,
                        Move::Settle(2_380_000),
                        none(),
                    ));
                }
                steps(store, a, &moves).await?;
                if code == "341002" {
                    phases(store, c, &[(P::Closed, M::Close)]).await?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The wide-area award in review: the four pilot companies' applications, the demo
/// reviewers of the four cities on the panel, assigned in bulk, one sheet submitted.
async fn wide_area(store: &Store) -> anyhow::Result<()> {
    let chiba = CityCode::parse("121002").context("千葉市")?;
    let before = store
        .calls_of(&chiba)
        .await?
        .into_iter()
        .find(|c| c.kind == Kind::WideAreaAward)
        .context("the demo's wide-area award is loaded first")?;
    let c = phases(store, before, &[(Phase::Open, PhaseMove::Publish)]).await?;
    let mut applications = Vec::new();
    for code in PILOT_CITIES {
        applications.push(submitted(store, &c, code).await?);
    }
    let c = phases(
        store,
        c,
        &[
            (Phase::Screening, PhaseMove::EndApplications),
            (Phase::Review, PhaseMove::StartReview),
        ],
    )
    .await?;
    for a in applications {
        steps(
            store,
            a,
            &[(State::InReview, Party::Office, Move::Accept, none())],
        )
        .await?;
    }
    let tx = store.begin().await?;
    for code in PILOT_CITIES {
        let email = Email::parse(&format!("reviewer.{code}@demo.renkei.example"))
            .map_err(|m| anyhow::anyhow!("{}", m.en))?;
        let (user, _) = store
            .user_by_email(&email)
            .await?
            .context("demo reviewer")?;
        let city = CityCode::parse(code).context("pilot city")?;
        store
            .add_reviewer(&tx, c.id, user.id, Some(&city), &actor())
            .await?;
    }
    tx.commit().await?;
    let office = caller(
        renkei_domain::access::Role::CityStaff {
            city: chiba,
            read_only: false,
        },
        None,
        "デモ（千葉市 公募担当）",
    );
    let app = renkei_app::App::new(store.clone(), "http://localhost");
    let checked = renkei_app::calls::load(&app, &office, renkei_domain::access::Action::Read, c.id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    renkei_app::calls::review::assign_all(&app, &office, &checked)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let sheet = store
        .sheets_of_call(None, c.id)
        .await?
        .into_iter()
        .next()
        .context("the bulk assignment gives sheets")?;
    let rubric = renkei_app::calls::review::rubric(&app, &c).await?;
    let scores: Vec<String> = rubric.criteria.iter().map(|_| "4".to_owned()).collect();
    let (values, total) = rubric
        .score(&scores)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let write = SheetWrite {
        scores: values,
        rubric,
        total,
        panel_comment: "臨床現場での有用性が高い。".into(),
        applicant_comment: "販路の計画をさらに具体的に示してください。".into(),
        submit: true,
    };
    let tx = store.begin().await?;
    store.write_sheet(&tx, &sheet, &write, &actor()).await?;
    tx.commit().await?;
    Ok(())
}

/// Loads the demo's calls: after the accounts (the reviewers) and the pilot companies.
pub async fn load(store: &Store) -> anyhow::Result<()> {
    subsidies(store).await?;
    wide_area(store).await
}

/// The wide-area award of the four pilot cities, in draft, made before the accounts so that
/// the demo's reviewers are its reviewers.
pub async fn create_wide_area(store: &Store) -> anyhow::Result<()> {
    let chiba = CityCode::parse("121002").context("千葉市")?;
    let partners = ["111007", "431001", "341002"];
    let mut d = draft(
        "wide_area_award",
        "令和8年度 指定都市連携 広域ヘルスケア製品表彰",
        &partners,
    );
    d.description = "4つの指定都市が連携して、地域の医療・介護・健康の課題を解決する製品を表彰します。審査は4市の審査員が行い、自市の申請者は審査しません（デモ用の例です）。".into();
    d.blind = true;
    let input = d
        .validate(&chiba)
        .map_err(|e| anyhow::anyhow!("demo call: {e:?}"))?;
    let tx = store.begin().await?;
    store
        .save_call(&tx, &chiba, None, &input, None, &actor())
        .await?;
    tx.commit().await?;
    Ok(())
}
