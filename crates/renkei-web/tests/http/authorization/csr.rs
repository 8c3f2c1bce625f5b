//! The CSR certification's part of the walk: the slot's city's checklist (made once, small:
//! one item of each kind), its import (a valid file) and new thresholds; a self-assessment
//! started by the walk's company (any open one of its ended first); an evidence file of a
//! draft (one kept for the item that needs a document, downloaded, removed); a certification of the
//! slot's company at the state the caller's move needs (a draft the company withdraws, an
//! application the staff check, a certification whose term ended — so the company is no
//! member of the community — for the downloads); a matching request the slot's company asked
//! of a fresh company (the company withdraws it); a contribution of the slot's company tied
//! to support its product received (the company withdraws it, the city confirms it).

use chrono::NaiveDate;
use renkei_domain::csr::certification::{Move, Party, State};
use renkei_domain::csr::checklist::{
    COLUMNS, Category, Checklist, Evidence, Item, Kind, Thresholds,
};
use renkei_domain::csr::contribution::Contribution;
use renkei_store::{Actor, CertificationRecord, CertificationWrite, ChecklistRecord, CompanyId};

use super::policy::{Slot, Who};
use super::requests::{Body, Request, form};
use super::world::World;

/// Whether the walk's request for `path` is written here.
pub fn owns(path: &str) -> bool {
    path.contains("/csr") || path.ends_with("/contributions")
}

fn system() -> Actor {
    Actor::system("authorization-test")
}

fn list() -> Checklist {
    let item = |key: &str, kind, category: &str| Item {
        key: key.into(),
        category: category.into(),
        kind,
        text: format!("権限確認の項目{key}"),
        required: false,
        evidence: Evidence::None,
        example: true,
    };
    Checklist {
        categories: vec![
            Category {
                name: "企業統治".into(),
                kind: Kind::Protect,
            },
            Category {
                name: "地域志向".into(),
                kind: Kind::Grow,
            },
        ],
        items: vec![
            item("守-01", Kind::Protect, "企業統治"),
            Item {
                evidence: Evidence::File,
                ..item("伸-01", Kind::Grow, "地域志向")
            },
        ],
    }
}

/// The slot's city's checklist, made the first time.
async fn checklist(world: &World, slot: Slot) -> ChecklistRecord {
    let code = world.of(slot).code;
    if let Some(c) = world.store.current_checklist(&code).await.unwrap() {
        return c;
    }
    let t = Thresholds {
        protect_all: true,
        grow_min: 1,
        term_years: 1,
    };
    world
        .store
        .insert_checklist(&code, ("権限確認のチェックリスト", &list(), &t), &system())
        .await
        .unwrap()
}

/// Ends every open certification of a company (so that it may start one).
async fn end_open(world: &World, company: CompanyId) {
    let tx = world.store.begin().await.unwrap();
    while let Some(r) = world
        .store
        .open_certification_of(&tx, company)
        .await
        .unwrap()
    {
        world
            .store
            .write_certification_move(
                &tx,
                &r,
                State::Withdrawn,
                Party::Staff,
                &Move::Withdraw("権限確認".into()),
                &CertificationWrite::default(),
                &system(),
            )
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

/// A certification of the slot's company moved to `to` (at most certified: its term ended).
async fn certification(world: &World, slot: Slot, to: State) -> CertificationRecord {
    let c = checklist(world, slot).await;
    let facts = world.of(slot);
    end_open(world, facts.company.id).await;
    let tx = world.store.begin().await.unwrap();
    let mut r = world
        .store
        .insert_certification(&tx, (&facts.code, facts.company.id, c.id), None, &system())
        .await
        .unwrap();
    let path = [
        (Move::Apply, Party::Company, State::Applied),
        (Move::CheckEvidence, Party::Staff, State::Checked),
        (Move::Interview, Party::Staff, State::Interviewed),
        (
            Move::Certify("権限確認".into()),
            Party::Committee,
            State::Certified,
        ),
    ];
    for (m, party, next) in path {
        if r.state == to {
            break;
        }
        let mut w = CertificationWrite::default();
        if next == State::Certified {
            let on = NaiveDate::from_ymd_opt(2020, 6, 1).unwrap();
            let ends = NaiveDate::from_ymd_opt(2021, 3, 31).unwrap();
            w.certified = Some((format!("CSR-WALK-{}", world.next()), on, ends));
        }
        r = world
            .store
            .write_certification_move(&tx, &r, next, party, &m, &w, &system())
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    r
}

/// Support the slot's company's product received: its id.
async fn support(world: &World, slot: Slot) -> i64 {
    let facts = world.of(slot);
    if let Some(s) = world
        .store
        .product_support(facts.product.id)
        .await
        .unwrap()
        .first()
    {
        return s.id;
    }
    let s = renkei_domain::product::SupportDraft {
        measure: "development.grants-loans".into(),
        provider: "own".into(),
        outcome: "権限確認の支援".into(),
        ..Default::default()
    }
    .validate(&facts.code)
    .unwrap();
    world
        .store
        .add_support(&facts.product, &s, Default::default(), &system())
        .await
        .unwrap()
        .id
}

/// A fresh contribution of the slot's company, proposed: its id and version.
async fn contribution(world: &World, slot: Slot) -> (i64, i64) {
    let facts = world.of(slot);
    let c = Contribution {
        kind: renkei_domain::csr::contribution::Kind::Seminar,
        title: format!("権限確認の講演{}", world.next()),
        description: String::new(),
        happened_on: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        support: support(world, slot).await,
    };
    let r = world
        .store
        .insert_contribution((&facts.code, facts.company.id), &c, &system())
        .await
        .unwrap();
    (r.id.0, r.version)
}

/// The checklist file the import sends.
fn file() -> Vec<u8> {
    let rows = renkei_domain::csr::checklist::to_rows(&list());
    renkei_io::write_xlsx("チェックリスト", &COLUMNS, rows.into_iter()).unwrap()
}

/// The request of a CSR route, or none for another route.
pub async fn request(
    world: &World,
    who: Who,
    path: &str,
    method: &str,
    slot: Slot,
) -> Option<Request> {
    let at = |id: i64, body: Body| {
        Some(Request {
            url: path
                .replace("{id}", &id.to_string())
                .replace("{city}", &world.of(slot).code.to_string()),
            body,
        })
    };
    let scheme = [
        ("title", "権限確認のチェックリスト"),
        ("grow_min", "0"),
        ("term_years", "1"),
        ("protect_all", "on"),
    ];
    match (path, method) {
        ("/cities/{city}/csr" | "/cities/{city}/csr/registry", "GET") => at(0, Body::None),
        ("/cities/{city}/csr/checklist.xlsx", "GET") => {
            checklist(world, slot).await;
            at(0, Body::None)
        }
        ("/cities/{city}/csr/thresholds", "POST") => {
            checklist(world, slot).await;
            at(0, form(&scheme))
        }
        ("/cities/{city}/csr/checklist", "POST") => {
            let fields = scheme
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect();
            at(0, Body::Multipart(fields, file()))
        }
        ("/cities/{city}/csr/certifications", "POST") => {
            checklist(world, slot).await;
            end_open(world, world.of(Slot::Own).company.id).await;
            at(0, form(&[]))
        }
        (
            "/csr/certifications/{id}"
            | "/csr/certifications/{id}/answers.xlsx"
            | "/csr/certifications/{id}/answers.pdf",
            "GET",
        ) => at(
            certification(world, slot, State::Draft).await.id.0,
            Body::None,
        ),
        ("/csr/certifications/{id}/certificate.pdf", "GET") => at(
            certification(world, slot, State::Certified).await.id.0,
            Body::None,
        ),
        ("/csr/certifications/{id}/answers", "POST") => {
            let r = certification(world, slot, State::Draft).await;
            let v = r.version.to_string();
            at(r.id.0, form(&[("version", &v), ("a_守-01", "yes")]))
        }
        ("/csr/certifications/{id}/evidence", "POST") => {
            let r = certification(world, slot, State::Draft).await;
            let fields = vec![("item".to_owned(), "伸-01".to_owned())];
            at(r.id.0, Body::Multipart(fields, file()))
        }
        (
            "/csr/certifications/{id}/evidence/{file}"
            | "/csr/certifications/{id}/evidence/{file}/delete",
            _,
        ) => {
            let r = certification(world, slot, State::Draft).await;
            let f = world
                .store
                .insert_evidence_file(
                    &r,
                    "伸-01",
                    ("決算書.pdf", "application/pdf", b"%PDF-1.4".to_vec()),
                    &system(),
                )
                .await
                .unwrap();
            let body = if method == "GET" {
                Body::None
            } else {
                form(&[])
            };
            let mut req = at(r.id.0, body)?;
            req.url = req.url.replace("{file}", &f.id.to_string());
            Some(req)
        }
        ("/csr/certifications/{id}/renew", "POST") => {
            let r = certification(world, slot, State::Certified).await;
            at(r.id.0, form(&[]))
        }
        ("/csr/certifications/{id}/move", "POST") => {
            // The company withdraws its draft; the city's staff check an application.
            let (state, fields) = match who {
                Who::Company => (
                    State::Draft,
                    vec![("move", "withdraw"), ("text", "権限確認")],
                ),
                _ => (State::Applied, vec![("move", "check")]),
            };
            let r = certification(world, slot, state).await;
            let v = r.version.to_string();
            let mut fields = fields;
            fields.push(("version", &v));
            at(r.id.0, form(&fields))
        }
        ("/csr/matching", "POST") => {
            let asked = world.company(&world.of(slot).code).await.id.0.to_string();
            at(0, form(&[("asked", &asked), ("message", "権限確認の依頼")]))
        }
        ("/csr/matching/{id}/move", "POST") => {
            let asked = world.company(&world.of(slot).code).await;
            let r = world
                .store
                .insert_matching((world.of(slot).company.id, asked.id), "権限確認", &system())
                .await
                .unwrap();
            let v = r.version.to_string();
            at(r.id.0, form(&[("move", "withdraw"), ("version", &v)]))
        }
        ("/companies/{id}/contributions", "GET") => at(world.of(slot).company.id.0, Body::None),
        ("/companies/{id}/contributions", "POST") => {
            let s = support(world, slot).await.to_string();
            let fields = [
                ("kind", "tour"),
                ("title", "権限確認の見学会"),
                ("happened_on", "2026-11-01"),
                ("support", s.as_str()),
            ];
            at(world.of(slot).company.id.0, form(&fields))
        }
        ("/csr/contributions/{id}/move", "POST") => {
            let (id, version) = contribution(world, slot).await;
            let m = if who == Who::Company {
                "withdraw"
            } else {
                "confirm"
            };
            let v = version.to_string();
            at(id, form(&[("move", m), ("version", &v)]))
        }
        ("/api/v1/csr/registry", "GET") => at(0, Body::None),
        _ => None,
    }
}
