//! Calls' part of the walk: for each request about a call, a fresh published call of the
//! slot's city, taking applications today, its form a short answer and a file; for each
//! request about an application, a fresh application of the slot's company to it — prepared
//! for the company by the city's coordinator (so that those who prepare and the company may
//! change it), or submitted (so that the company may withdraw it and the office screen it), or
//! released (so that its decision letter is the company's).

use std::collections::BTreeMap;

use renkei_domain::call::application::{Move, Party, State, Verdict};
use renkei_domain::call::{CallDraft, FieldDraft, Phase, PhaseMove};
use renkei_store::{Actor, ApplicationDraft, ApplicationWrite, UserId};

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

fn actor() -> Actor {
    Actor::system("authorization-test")
}

/// Whether a route is the calls' (the walk asks this module for its requests).
pub fn owns(path: &str) -> bool {
    [
        "/calls/",
        "/call-reviews/",
        "/applications/",
        "/api/v1/calls",
        "/api/v1/applications/",
        "/cities/{city}/calls",
        "/cities/{city}/call-letters",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

/// The call's form as posted (and as written to the store).
fn fields(title: &str) -> Vec<(&'static str, String)> {
    let today = (chrono::Utc::now() + chrono::Duration::hours(9)).date_naive();
    vec![
        ("title", title.to_owned()),
        ("kind", "subsidy".to_owned()),
        ("measure_code", "development.grants-loans".to_owned()),
        ("opens_on", (today - chrono::Duration::days(10)).to_string()),
        (
            "closes_on",
            (today + chrono::Duration::days(30)).to_string(),
        ),
        ("eligible_home", "call_cities".to_owned()),
        ("field_label_0", "事業名".to_owned()),
        ("field_kind_0", "short_text".to_owned()),
        ("field_label_1", "見積書".to_owned()),
        ("field_kind_1", "file".to_owned()),
    ]
}

/// A fresh published call of the slot's city: its id.
async fn call(world: &World, slot: Slot) -> i64 {
    let code = world.of(slot).code;
    let f: BTreeMap<&str, String> = fields(&format!("権限確認の公募{}", world.next()))
        .into_iter()
        .collect();
    let draft = CallDraft {
        title: f["title"].clone(),
        kind: f["kind"].clone(),
        measure_code: f["measure_code"].clone(),
        opens_on: f["opens_on"].clone(),
        closes_on: f["closes_on"].clone(),
        fields: vec![
            FieldDraft {
                label: "事業名".into(),
                kind: "short_text".into(),
                ..Default::default()
            },
            FieldDraft {
                label: "見積書".into(),
                kind: "file".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let input = draft.validate(&code).unwrap();
    let tx = world.store.begin().await.unwrap();
    let c = world
        .store
        .save_call(&tx, &code, None, &input, None, &actor())
        .await
        .unwrap();
    let c = world
        .store
        .write_call_phase(&tx, &c, Phase::Open, PhaseMove::Publish, &actor())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    c.id
}

/// A fresh application of the slot's company to a fresh call, prepared by the city's
/// coordinator (in draft), or submitted: its id.
async fn application(world: &World, slot: Slot, submitted: bool) -> i64 {
    let facts = world.of(slot);
    let call = call(world, slot).await;
    let tx = world.store.begin().await.unwrap();
    let agent = (
        UserId(facts.coordinator_account),
        "権限確認のコーディネーター".to_owned(),
    );
    let a = world
        .store
        .insert_application(
            &tx,
            call,
            facts.company.id,
            &ApplicationDraft::default(),
            Some(agent),
            &actor(),
        )
        .await
        .unwrap();
    let a = if submitted {
        let write = ApplicationWrite {
            receipt: Some((1, format!("R8-{call:04}-0001"))),
            ..Default::default()
        };
        world
            .store
            .write_application_move(
                &tx,
                &a,
                State::Submitted,
                Party::Applicant,
                &Move::Submit,
                &write,
                &actor(),
            )
            .await
            .unwrap()
    } else {
        a
    };
    tx.commit().await.unwrap();
    a.id.0
}

/// A fresh application of the slot's company, submitted, accepted, decided (awarded) and
/// released, so that its decision letter is the company's: its id.
async fn released(world: &World, slot: Slot) -> i64 {
    let id = application(world, slot, true).await;
    let store = &world.store;
    let tx = store.begin().await.unwrap();
    let mut a = store
        .application_in(&tx, renkei_store::ApplicationId(id))
        .await
        .unwrap();
    let granted = ApplicationWrite {
        granted_yen: Some(1_000_000),
        ..Default::default()
    };
    let decide = Move::Decide {
        verdict: Verdict::Award,
        reason: "権限確認".into(),
    };
    for (to, m, w) in [
        (State::InReview, Move::Accept, ApplicationWrite::default()),
        (State::Decided, decide, granted),
        (
            State::Awarded,
            Move::Release(Verdict::Award),
            ApplicationWrite::default(),
        ),
    ] {
        a = store
            .write_application_move(&tx, &a, to, Party::Office, &m, &w, &actor())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    id
}

/// A fresh call of the slot's city in review: its id and version.
async fn call_in_review(world: &World, slot: Slot) -> (i64, i64) {
    let id = call(world, slot).await;
    let tx = world.store.begin().await.unwrap();
    let mut c = world.store.call_in(&tx, id).await.unwrap();
    for (to, m) in [
        (Phase::Screening, PhaseMove::EndApplications),
        (Phase::Review, PhaseMove::StartReview),
    ] {
        c = world
            .store
            .write_call_phase(&tx, &c, to, m, &actor())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    (c.id, c.version)
}

/// A sheet of the slot's company's submitted application, its reviewer the city's
/// coordinator's account (on the call's panel): its id.
async fn sheet(world: &World, slot: Slot) -> i64 {
    let a = application(world, slot, true).await;
    let a = world
        .store
        .application(renkei_store::ApplicationId(a))
        .await
        .unwrap();
    let reviewer = UserId(world.of(slot).coordinator_account);
    let tx = world.store.begin().await.unwrap();
    let store = &world.store;
    store
        .add_reviewer(&tx, a.call_id, reviewer, None, &actor())
        .await
        .unwrap();
    store
        .assign_reviewers(&tx, a.call_id, &[(a.id, reviewer)], &actor())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let sheets = store.sheets_of_application(a.id).await.unwrap();
    sheets[0].id.0
}

/// A file kept under the application's file field: its id.
async fn file(world: &World, id: i64) -> i64 {
    let a = world
        .store
        .application(renkei_store::ApplicationId(id))
        .await
        .unwrap();
    let tx = world.store.begin().await.unwrap();
    let f = world
        .store
        .insert_application_file(
            &tx,
            &a,
            "q2",
            ("見積書.pdf", "application/pdf", b"%PDF".to_vec()),
            &actor(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    f.id
}

/// The request of a calls route, or none for another route.
pub async fn request(
    world: &World,
    who: Who,
    path: &str,
    method: &str,
    slot: Slot,
) -> Option<Request> {
    let code = world.of(slot).code.to_string();
    let at = |id: i64, body: Body| {
        Some(Request {
            url: path
                .replace("{city}", &code)
                .replace("{id}", &id.to_string()),
            body,
        })
    };
    let posted = |v: Vec<(&'static str, String)>| {
        Body::Form(v.into_iter().map(|(k, x)| (k.to_owned(), x)).collect())
    };
    match (path, method) {
        ("/cities/{city}/calls/new", "GET") => at(0, Body::None),
        ("/cities/{city}/calls/new", "POST") => at(0, posted(fields("権限確認で書いた公募"))),
        ("/calls/{id}/edit", "POST") => {
            let mut f = fields("権限確認の公募（変更）");
            f.push(("version", "2".to_owned()));
            at(call(world, slot).await, posted(f))
        }
        ("/calls/{id}/phase", "POST") => at(
            call(world, slot).await,
            form(&[("move", "end_applications"), ("version", "2")]),
        ),
        ("/calls/{id}/applications", "POST") => {
            let company = world.of(slot).company.id.0.to_string();
            at(call(world, slot).await, form(&[("company", &company)]))
        }
        ("/applications/{id}", "POST") => at(
            application(world, slot, false).await,
            form(&[("version", "1"), ("action", "save"), ("a_q1", "権限確認")]),
        ),
        ("/applications/{id}/move", "POST") => {
            let body = if who == Who::Company {
                form(&[("move", "withdraw"), ("version", "2")])
            } else {
                form(&[("move", "accept"), ("version", "2")])
            };
            at(application(world, slot, true).await, body)
        }
        ("/applications/{id}/files", "POST") => at(
            application(world, slot, false).await,
            Body::Attach("q2".to_owned()),
        ),
        ("/applications/{id}/files/{file}", "GET") => {
            let id = application(world, slot, false).await;
            let f = file(world, id).await;
            let url = path
                .replace("{id}", &id.to_string())
                .replace("{file}", &f.to_string());
            Some(Request {
                url,
                body: Body::None,
            })
        }
        ("/applications/{id}/files/{file}/delete", "POST") => {
            let id = application(world, slot, false).await;
            let f = file(world, id).await;
            let url = path
                .replace("{id}", &id.to_string())
                .replace("{file}", &f.to_string());
            Some(Request {
                url,
                body: form(&[]),
            })
        }
        ("/applications/{id}" | "/api/v1/applications/{id}", "GET") => {
            at(application(world, slot, false).await, Body::None)
        }
        ("/applications/{id}/letter.pdf", "GET") => at(released(world, slot).await, Body::None),
        ("/cities/{city}/call-letters", "GET") => at(0, Body::None),
        ("/cities/{city}/call-letters", "POST") => {
            let city = world.of(slot).code;
            let saved = world.store.letter_settings(&city).await.unwrap();
            let version = saved.map_or(0, |s| s.version).to_string();
            let f = [
                ("version", version.as_str()),
                ("issuer", "権限確認市長"),
                ("number_mark", "権確第"),
                ("conditions", "報告すること。"),
                ("appeal", "権限確認の教示"),
            ];
            at(0, form(&f))
        }
        ("/calls/{id}/review/reviewers", "POST") => {
            let email = format!("walk-reviewer-{}@example.jp", world.next());
            let f = [
                ("email", email.as_str()),
                ("name", "権限確認 審査員"),
                ("city", ""),
            ];
            at(call(world, slot).await, form(&f))
        }
        ("/calls/{id}/review/assign", "POST") => {
            at(call_in_review(world, slot).await.0, form(&[("all", "1")]))
        }
        ("/calls/{id}/review/rubric", "POST") => {
            let (id, v) = call_in_review(world, slot).await;
            let v = v.to_string();
            let f = [
                ("criteria", "新規性, 2\n市場性"),
                ("scale", "5"),
                ("version", &v),
            ];
            at(id, form(&f))
        }
        ("/calls/{id}/review/conflicts", "POST") => {
            let company = world.of(slot).company.id.0.to_string();
            let f = [("company", company.as_str()), ("reason", "権限確認")];
            at(call(world, slot).await, form(&f))
        }
        ("/call-reviews/{id}", "GET") => at(sheet(world, slot).await, Body::None),
        ("/call-reviews/{id}", "POST") => at(
            sheet(world, slot).await,
            form(&[("version", "1"), ("save", "1")]),
        ),
        (_, "GET") => at(call(world, slot).await, Body::None),
        _ => None,
    }
}
