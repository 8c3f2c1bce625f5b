//! Records for tests, made through the same use cases the pages call: a company with a
//! product eligible for referral, and a referral brought to any state by its parties' own
//! moves. Used by this crate's tests and the web crate's.

use renkei_domain::city::CityCode;
use renkei_domain::referral::{DeclineReason, Move, Outcome, Party, State};
use renkei_domain::target::TargetKind;
use renkei_store::{Actor, Consent, ProductId, ReferralRecord, Store};

use crate::App;
use crate::referrals::{MoveInput, move_as, select};

/// An application on a store, with no address for links (tests read paths).
pub fn app(store: &Store) -> App {
    App::new(store.clone(), "")
}

/// A consent as a company gives it (to 広島市's hospitals).
pub fn consent() -> Consent {
    Consent {
        kinds: vec![TargetKind::Hospital],
        items: renkei_domain::referral::CONSENT_ITEMS.into(),
        purpose: "広島市が販路開拓先を探すため".into(),
        wording: "同意します".into(),
        wording_version: renkei_domain::referral::CONSENT_WORDING_VERSION.into(),
    }
}

/// What a move carries in tests: the consent for a consent move, nothing otherwise.
pub fn input_for(m: &Move) -> MoveInput {
    MoveInput {
        note: String::new(),
        consent: (*m == Move::Consent).then(consent),
        ..Default::default()
    }
}

/// A company of 千葉市 with an eligible product (an award in its home city): (company, product).
pub async fn eligible_product(store: &Store, name: &str) -> (i64, i64) {
    let chiba = CityCode::parse("121002").expect("千葉市");
    let actor = Actor::system("test");
    let company = renkei_domain::company::CompanyDraft {
        name: format!("{name}㈱"),
        ..Default::default()
    }
    .validate(&chiba)
    .expect("a valid company");
    let company = store
        .create_company(&company, &[], &actor)
        .await
        .expect("company created");
    let product = renkei_domain::product::ProductDraft {
        name: name.into(),
        summary: "褥瘡の予防を支援する".into(),
        stage: "7".into(),
        ..Default::default()
    }
    .validate()
    .expect("a valid product");
    let product = store
        .create_product(&company, &product, None, &actor)
        .await
        .expect("product created");
    let award = renkei_domain::product::EvaluationDraft {
        kind: "award".into(),
        title: "千葉市ベンチャーカップ".into(),
        ..Default::default()
    }
    .validate(&chiba)
    .expect("a valid award");
    store
        .add_evaluation(&product, &award, &actor)
        .await
        .expect("award added");
    (company.id.0, product.id.0)
}

/// Moves a referral one step as `party`, from the version it is at.
pub async fn step(store: &Store, r: &ReferralRecord, party: Party, m: Move) -> ReferralRecord {
    move_as(
        &app(store),
        r.id,
        r.version,
        party,
        &m,
        &input_for(&m),
        &Actor::system("test"),
    )
    .await
    .expect("the store answers")
    .unwrap_or_else(|e| panic!("{m:?} by {party:?} refused: {e:?}"))
}

/// A referral of `product` to 広島市, brought to `state` by the parties' own moves.
pub async fn referral_in(store: &Store, product: i64, state: State) -> ReferralRecord {
    let hiroshima = CityCode::parse("341002").expect("広島市");
    let mut r = select(
        &app(store),
        ProductId(product),
        &hiroshima,
        "推薦理由",
        &Actor::system("test"),
    )
    .await
    .expect("selected");
    use Party::*;
    let path: &[(Party, Move, State)] = &[
        (Company, Move::Consent, State::Consented),
        (SendingCity, Move::Send, State::Sent),
        (ReceivingCity, Move::Accept, State::Accepted),
        (ReceivingCity, Move::FeedBack, State::FedBack),
        (SendingCity, Move::Forward, State::Forwarded),
        (
            Company,
            Move::ReportOutcome(Outcome::Continuing),
            State::Reported,
        ),
        (SendingCity, Move::Close, State::Closed),
    ];
    let (via, last) = match state {
        State::Declined => (
            State::Sent,
            Some((ReceivingCity, Move::Decline(DeclineReason::NoCapacity))),
        ),
        State::Withdrawn => (State::Sent, Some((Company, Move::Withdraw))),
        s => (s, None),
    };
    for (party, m, reached) in path {
        if r.state == via {
            break;
        }
        r = step(store, &r, *party, m.clone()).await;
        assert_eq!(r.state, *reached);
    }
    if let Some((party, m)) = last {
        r = step(store, &r, party, m).await;
    }
    assert_eq!(r.state, state);
    r
}
