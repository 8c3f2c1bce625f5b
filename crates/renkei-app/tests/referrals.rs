//! The referral's workflow on real databases, through the application layer's use cases:
//! every state × move × party (a refusal changes nothing), concurrent moves from several
//! nodes (exactly one wins, the history stays a chain), concurrent selections (one
//! referral). SQLite always; PostgreSQL too when `RENKEI_TEST_POSTGRES` is set.

use renkei_app::referrals::{move_as, select};
use renkei_app::testing::{self, eligible_product, referral_in, step};
use renkei_domain::city::CityCode;
use renkei_domain::referral::{CONSENT, Move, Outcome, Party, Referral, Refusal, State, apply};
use renkei_domain::workflow::Workflow;
use renkei_store::testing::{TestDatabase, test_databases};
use renkei_store::{Actor, Consent, ProductId, ReferralId, ReferralRecord, Store, StoreError};

fn city(code: &str) -> CityCode {
    CityCode::parse(code).unwrap()
}

/// One app node on a test database.
struct Node {
    store: Store,
    backend: &'static str,
}

impl Node {
    async fn start(db: &TestDatabase) -> Node {
        let store = Store::connect(&db.url, 8).await.expect("connect");
        store.migrate().await.expect("migrate");
        Node {
            store,
            backend: db.backend,
        }
    }
}

/// A move as `party` from the version `(id, version)`, by the test's actor.
async fn try_move(
    store: &Store,
    (id, version): (ReferralId, i64),
    party: Party,
    m: &Move,
    consent: Option<&Consent>,
) -> Result<Result<ReferralRecord, Refusal>, StoreError> {
    let input = renkei_app::referrals::MoveInput {
        note: String::new(),
        consent: consent.cloned(),
        ..Default::default()
    };
    move_as(
        &testing::app(store),
        id,
        version,
        party,
        m,
        &input,
        &Actor::system("test"),
    )
    .await
}

fn consent() -> Consent {
    testing::consent()
}

/// What a refused move must leave as it was: the row, its history, its grants.
async fn snapshot(store: &Store, r: &ReferralRecord) -> (ReferralRecord, usize, usize) {
    (
        store.referral(r.id).await.unwrap().unwrap(),
        store.referral_events(r.id).await.unwrap().len(),
        store.referral_shared_with(r).await.unwrap().len(),
    )
}

#[tokio::test]
async fn every_state_move_and_party_is_decided_by_the_workflow_and_refusals_change_nothing() {
    for db in test_databases().await {
        let app = Node::start(&db).await;
        let store = &app.store;
        let (_, product) = eligible_product(store, "状態表の製品").await;
        let (mut refused, mut allowed) = (0, 0);
        for state in State::ALL {
            // One referral in this state for the refusals (they leave it as it is), a fresh
            // one for each move that succeeds. One open referral per product and city: each
            // is brought to an end before the next is made.
            let mut r = referral_in(store, product, state).await;
            for m in Move::all() {
                for party in Party::ALL {
                    let expected = apply(state, party, &m);
                    let before = snapshot(store, &r).await;
                    let consent = consent();
                    let with = (m == Move::Consent).then_some(&consent);
                    let got = try_move(store, (r.id, r.version), party, &m, with)
                        .await
                        .unwrap();
                    match expected {
                        Err(refusal) => {
                            refused += 1;
                            assert_eq!(
                                got.as_ref().err(),
                                Some(&refusal),
                                "{}: {m:?} by {party:?} in {state:?}",
                                app.backend
                            );
                            assert!(!Referral::refusal_message(&refusal).ja.is_empty());
                            assert_eq!(
                                snapshot(store, &r).await,
                                before,
                                "{}: a refused {m:?} by {party:?} in {state:?} changed something",
                                app.backend
                            );
                        }
                        Ok(to) => {
                            allowed += 1;
                            let moved = got.unwrap_or_else(|e| {
                                panic!("{}: {m:?} by {party:?} in {state:?}: {e:?}", app.backend)
                            });
                            assert_eq!(moved.state, to);
                            assert_eq!(moved.version, r.version + 1);
                            // The remaining moves are asked of a fresh referral in the same
                            // state (one open referral per product and city: this one ends).
                            if !to.is_end() {
                                step(store, &moved, Party::Company, Move::Withdraw).await;
                            }
                            r = referral_in(store, product, state).await;
                        }
                    }
                }
            }
            if !state.is_end() {
                step(store, &r, Party::SendingCity, Move::Withdraw).await;
            }
        }
        assert_eq!(refused + allowed, 10 * 9 * 4);
        assert_eq!(allowed, 8 + 7 * 2, "{}", app.backend);
        // The specific refusals the report's rules call for, with their reasons.
        let r = referral_in(store, product, State::Selected).await;
        let sent = try_move(
            store,
            (r.id, r.version),
            Party::SendingCity,
            &Move::Send,
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            sent,
            Err(Refusal::Unmet(CONSENT)),
            "no sending without consent"
        );
        let no_data = try_move(
            store,
            (r.id, r.version),
            Party::Company,
            &Move::Consent,
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            no_data,
            Err(Refusal::Unmet(CONSENT)),
            "a consent is recorded or refused"
        );
        let withdrawn = step(store, &r, Party::Company, Move::Withdraw).await;
        let after = try_move(
            store,
            (r.id, withdrawn.version),
            Party::Company,
            &Move::Consent,
            Some(&consent()),
        )
        .await
        .unwrap();
        assert_eq!(after, Err(Refusal::Ended(State::Withdrawn)));
        assert!(
            Referral::refusal_message(&Refusal::Ended(State::Withdrawn))
                .ja
                .contains("取り下げ")
        );
        // A version that is no longer current is a conflict, and changes nothing.
        let r = referral_in(store, product, State::Selected).await;
        let before = snapshot(store, &r).await;
        let stale = try_move(
            store,
            (r.id, r.version - 1),
            Party::Company,
            &Move::Consent,
            Some(&consent()),
        )
        .await;
        assert!(matches!(stale, Err(StoreError::Conflict)));
        assert_eq!(snapshot(store, &r).await, before);
    }
}

#[tokio::test]
async fn concurrent_moves_from_several_nodes_let_exactly_one_win_each_time() {
    for db in test_databases().await {
        let app = Node::start(&db).await;
        let (_, product) = eligible_product(&app.store, "同時操作の製品").await;
        let mut stores = vec![app.store.clone()];
        for _ in 0..2 {
            stores.push(Node::start(&db).await.store);
        }
        let r = select(
            &testing::app(&app.store),
            ProductId(product),
            &city("341002"),
            "推薦理由",
            &Actor::system("test"),
        )
        .await
        .unwrap();
        use Party::*;
        // At each step, 12 moves at once from three nodes: the step's own move by its party
        // (several officers clicking), and withdrawals by the company and the sending city.
        let path = [
            (Company, Move::Consent),
            (SendingCity, Move::Send),
            (ReceivingCity, Move::Accept),
            (ReceivingCity, Move::FeedBack),
            (SendingCity, Move::Forward),
            (Company, Move::ReportOutcome(Outcome::Trial)),
            (SendingCity, Move::Close),
        ];
        let mut version = r.version;
        let mut state = State::Selected;
        for (party, m) in path {
            let mut tasks = Vec::new();
            for i in 0..12 {
                let store = stores[i % stores.len()].clone();
                let (party, m) = if i % 6 == 5 {
                    (
                        if i % 2 == 0 { Company } else { SendingCity },
                        Move::Withdraw,
                    )
                } else {
                    (party, m.clone())
                };
                tasks.push(tokio::spawn(async move {
                    let actor = Actor::system(&format!("node-{i}"));
                    let app = testing::app(&store);
                    let input = testing::input_for(&m);
                    let got = move_as(&app, r.id, version, party, &m, &input, &actor).await;
                    (m, got)
                }));
            }
            let mut winners = Vec::new();
            for t in tasks {
                let (m, got) = t.await.unwrap();
                match got {
                    Ok(Ok(after)) => winners.push((m, after)),
                    Err(StoreError::Conflict) | Ok(Err(Refusal::NotNow | Refusal::Ended(_))) => {}
                    other => panic!("{}: unexpected answer {other:?}", app.backend),
                }
            }
            assert_eq!(
                winners.len(),
                1,
                "{}: exactly one of 12 concurrent moves wins",
                app.backend
            );
            let (m, after) = winners.remove(0);
            assert_eq!(after.version, version + 1);
            state = after.state;
            version = after.version;
            if m == Move::Withdraw {
                break;
            }
        }
        // The history is a chain: each move starts where the one before ended, one per
        // version.
        let events = app.store.referral_events(r.id).await.unwrap();
        assert_eq!(events.len() as i64, version, "{}", app.backend);
        for pair in events.windows(2) {
            assert_eq!(
                pair[1].from_state,
                Some(pair[0].to_state),
                "{}",
                app.backend
            );
        }
        assert_eq!(events.last().unwrap().to_state, state);
        let now = app.store.referral(r.id).await.unwrap().unwrap();
        assert_eq!((now.state, now.version), (state, version));
    }
}

#[tokio::test]
async fn two_officers_selecting_one_product_for_one_city_at_once_make_one_referral() {
    for db in test_databases().await {
        let app = Node::start(&db).await;
        let (_, product) = eligible_product(&app.store, "同時選定の製品").await;
        let mut stores = vec![app.store.clone()];
        for _ in 0..2 {
            stores.push(Node::start(&db).await.store);
        }
        let mut tasks = Vec::new();
        for i in 0..9 {
            let store = stores[i % 3].clone();
            tasks.push(tokio::spawn(async move {
                let actor = Actor::system(&format!("officer-{i}"));
                select(
                    &testing::app(&store),
                    ProductId(product),
                    &city("341002"),
                    "推薦理由",
                    &actor,
                )
                .await
            }));
        }
        let mut made = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(_) => made += 1,
                Err(StoreError::Duplicate("receiving") | StoreError::Conflict) => {}
                Err(e) => panic!("{}: {e:?}", app.backend),
            }
        }
        assert_eq!(made, 1, "{}", app.backend);
    }
}
