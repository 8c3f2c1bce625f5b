//! The records the walk asks about, per city: the ones every request reads, and fresh ones
//! for the requests that change or use up what they act on (an edit's version, a deletion, a
//! merge, a referral's step, a one-time link). Made with the store's calls, as
//! `renkei admin` and the demo loader make records; the requests themselves go through HTTP.

use renkei_app::referrals;
use std::collections::HashMap;

use renkei_domain::access::Role;
use renkei_domain::city::CityCode;
use renkei_domain::referral::{Move, Outcome, Party, State, TargetAnswer, waiting_on};
use renkei_store::{
    Actor, CompanyRecord, OutgoingMail, ProductRecord, ReferralRecord, SalesTargetRecord, Store,
};

use super::policy::Slot;

pub const OWN: &str = "121002";
pub const FOREIGN: &str = "341002";
/// A third city, neither party to anything the walk asks about: grants go to it.
pub const THIRD: &str = "431001";

fn city(code: &str) -> CityCode {
    CityCode::parse(code).unwrap()
}

fn system() -> Actor {
    Actor::system("authorization-test")
}

/// The lasting records of one city.
pub struct CityFacts {
    pub code: CityCode,
    pub other: CityCode,
    /// In the own city, the company user's company.
    pub company: CompanyRecord,
    pub product: ProductRecord,
    /// In the own city, the sales-target contact's organization.
    pub target: SalesTargetRecord,
    /// Another target, for adding to a referral this city receives.
    pub second_target: SalesTargetRecord,
    pub menu_entry: i64,
    /// A staff member's account (invited, no password yet), a coordinator's account.
    pub staff_account: i64,
    pub coordinator_account: i64,
    pub need: i64,
    /// A published event open to the public for registration, and a closed lottery.
    pub event: i64,
    pub lottery: i64,
}

/// A referral made for one request: where it stands, and its introduced target's row.
#[derive(Debug, Clone)]
pub struct Fresh {
    pub r: ReferralRecord,
    /// The introduced target's row on the referral, its version and its one-time link.
    pub row: Option<(i64, i64, String)>,
}

pub struct World {
    pub store: Store,
    pub cities: HashMap<Slot, CityFacts>,
    /// The referral each city sent to the other, accepted there, with the other city's
    /// target introduced (a one-time link given, no answer yet).
    pub referrals: HashMap<Slot, Fresh>,
    seq: std::sync::atomic::AtomicUsize,
}

impl World {
    pub async fn build(store: &Store) -> World {
        let mut world = World {
            store: store.clone(),
            cities: HashMap::new(),
            referrals: HashMap::new(),
            seq: Default::default(),
        };
        for (slot, code, other) in [(Slot::Own, OWN, FOREIGN), (Slot::Foreign, FOREIGN, OWN)] {
            let facts = world.city_facts(city(code), city(other)).await;
            world.cities.insert(slot, facts);
        }
        // The referrals, once both cities have their targets.
        for slot in [Slot::Own, Slot::Foreign] {
            let r = world.referral(slot, State::Accepted, true, false).await;
            world.referrals.insert(slot, r);
        }
        world
    }

    pub fn of(&self, slot: Slot) -> &CityFacts {
        &self.cities[&slot]
    }

    /// A number no other record of the walk has: for names and addresses.
    pub fn next(&self) -> usize {
        self.seq.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    /// The roles of the walk's company user and sales-target contact.
    pub fn company_user(&self) -> Role {
        Role::CompanyUser {
            company: self.of(Slot::Own).company.id.0,
        }
    }

    pub fn target_contact(&self) -> Role {
        Role::TargetContact {
            organization: self.of(Slot::Own).target.id.0,
        }
    }

    async fn city_facts(&self, code: CityCode, other: CityCode) -> CityFacts {
        let company = self.company(&code).await;
        let product = self.product(&company, "5").await;
        let target = self.target(&code).await;
        let second_target = self.target(&code).await;
        let menu_entry = self.menu_entry(&code).await;
        let (staff_account, _) = self
            .invite(&[Role::CityStaff {
                city: code,
                read_only: false,
            }])
            .await;
        let coordinator_account = self.account(&[Role::Coordinator { city: code }]).await;
        let need = self
            .store
            .create_need_seed(
                "need",
                &code,
                &format!("権限確認用のニーズ {code}"),
                "病棟での見守り",
                &[],
                "",
                &system(),
            )
            .await
            .unwrap()
            .id;
        let event = super::events::event(&self.store, &code, true).await;
        let lottery = super::events::event(&self.store, &code, false).await;
        CityFacts {
            event,
            lottery,
            code,
            other,
            company,
            product,
            target,
            second_target,
            menu_entry,
            staff_account,
            coordinator_account,
            need,
        }
    }

    pub async fn company(&self, code: &CityCode) -> CompanyRecord {
        let company = renkei_domain::company::CompanyDraft {
            name: format!("権限確認用の企業{}号", self.next()),
            ..Default::default()
        }
        .validate(code)
        .unwrap();
        self.store
            .create_company(&company, &[], &system())
            .await
            .unwrap()
    }

    /// A product of `company` at `stage`, eligible for a referral (an award at home).
    pub async fn product(&self, company: &CompanyRecord, stage: &str) -> ProductRecord {
        let product = renkei_domain::product::ProductDraft {
            name: format!("権限確認用の製品{}号", self.next()),
            summary: "病棟の見守りを支援する".into(),
            stage: stage.into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let product = self
            .store
            .create_product(company, &product, None, &system())
            .await
            .unwrap();
        let home = company.home_city;
        let award = renkei_domain::product::EvaluationDraft {
            kind: "award".into(),
            title: "権限確認用の賞".into(),
            ..Default::default()
        }
        .validate(&home)
        .unwrap();
        self.store
            .add_evaluation(&product, &award, &system())
            .await
            .unwrap();
        product
    }

    /// A product of the slot's company (the company user's own in the own city).
    pub async fn fresh_product(&self, slot: Slot) -> ProductRecord {
        self.product(&self.of(slot).company, "5").await
    }

    async fn target(&self, code: &CityCode) -> SalesTargetRecord {
        let target = renkei_domain::target::TargetDraft {
            kind: "hospital".into(),
            name: format!("権限確認用の病院{}号", self.next()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        self.store
            .create_sales_target(code, &target, &system())
            .await
            .unwrap()
    }

    pub async fn menu_entry(&self, code: &CityCode) -> i64 {
        let entry = renkei_domain::menu::MenuEntryDraft {
            measure: "development.grants-loans".into(),
            offering: "own".into(),
            name: format!("権限確認用の施策{}号", self.next()),
            ..Default::default()
        }
        .validate(code)
        .unwrap();
        self.store
            .create_menu_entry(code, &system(), &entry)
            .await
            .unwrap()
            .id
            .0
    }

    /// An account with `roles` (password [`crate::helpers::TEST_PASSWORD`]): its id.
    pub async fn account(&self, roles: &[Role]) -> i64 {
        use renkei_domain::identity::{Email, NewPassword};
        let address = format!("walk{}@test.renkei.example", uuid::Uuid::new_v4().simple());
        let email = Email::parse(&address).unwrap();
        let hash = NewPassword::parse(crate::helpers::TEST_PASSWORD, &email)
            .unwrap()
            .hash();
        self.store
            .create_user(&email, "権限確認用の利用者", Some(hash), roles, &system())
            .await
            .unwrap()
            .id
            .0
    }

    /// A staff account of the slot's city.
    pub async fn staff_account(&self, slot: Slot) -> i64 {
        self.account(&[Role::CityStaff {
            city: self.of(slot).code,
            read_only: false,
        }])
        .await
    }

    /// A grant the slot's city gave a third city (of its company's record).
    pub async fn grant(&self, slot: Slot) -> i64 {
        let facts = self.of(slot);
        let draft = renkei_domain::grant::GrantDraft {
            object_type: "company",
            object_id: facts.company.id.to_string(),
            owner: facts.code,
            grantee: city(THIRD),
            purpose: "権限確認のための共有".into(),
            valid_until: None,
        };
        self.store.grant(draft, &system()).await.unwrap().id
    }

    /// A contact of the slot's company.
    pub async fn contact(&self, slot: Slot) -> i64 {
        let contact = renkei_domain::company::ContactDraft {
            name: format!("担当者{}号", self.next()),
            ..Default::default()
        }
        .validate()
        .unwrap();
        self.store
            .add_contact(&self.of(slot).company, &contact, &system())
            .await
            .unwrap()
            .id
    }

    /// A one-time invitation link's token, for a new account.
    pub async fn invitation(&self) -> String {
        self.invite(&[]).await.1
    }

    /// Invites a person with `roles`: the account's id and its link's token.
    async fn invite(&self, roles: &[Role]) -> (i64, String) {
        let email = renkei_domain::identity::Email::parse(&format!(
            "invited{}@test.renkei.example",
            uuid::Uuid::new_v4().simple()
        ))
        .unwrap();
        let token = std::sync::Mutex::new(String::new());
        let user = self
            .store
            .invite_user(&email, "招待された人", roles, &system(), |user, t| {
                *token.lock().unwrap() = t.to_owned();
                OutgoingMail {
                    kind: "test",
                    to: user.email.to_string(),
                    subject: "招待".into(),
                    body: t.to_owned(),
                }
            })
            .await
            .unwrap();
        (user.id.0, token.into_inner().unwrap())
    }

    /// A referral of a fresh product of the slot's company, sent by the slot's city to the
    /// other, brought to `state` by its parties' moves. From ⑤ on, the receiving city's
    /// target is introduced (`provide`: given its one-time link); past ⑤ (or with `answer`)
    /// it agreed.
    pub async fn referral(&self, slot: Slot, state: State, provide: bool, answer: bool) -> Fresh {
        let facts = self.of(slot);
        let product = self.fresh_product(slot).await;
        let mut r = referrals::select(
            &renkei_app::testing::app(&self.store),
            product.id,
            &facts.other,
            "権限確認",
            &system(),
        )
        .await
        .unwrap();
        // Each move of the way to ⑧ is made by the party its state waits on.
        let path = [
            (Move::Consent, State::Consented),
            (Move::Send, State::Sent),
            (Move::Accept, State::Accepted),
            (Move::FeedBack, State::FedBack),
            (Move::Forward, State::Forwarded),
            (Move::ReportOutcome(Outcome::Continuing), State::Reported),
        ];
        let mut row = None;
        for (m, reached) in path {
            if r.state == state {
                break;
            }
            let party = waiting_on(r.state).expect("an open step");
            r = self.step(&r, party, &m).await;
            assert_eq!(r.state, reached);
            if reached == State::Accepted {
                let other = if slot == Slot::Own {
                    Slot::Foreign
                } else {
                    Slot::Own
                };
                let answered = answer || state != State::Accepted;
                row = Some(self.introduce(&r, other, provide, answered).await);
            }
        }
        assert_eq!(r.state, state);
        Fresh { r, row }
    }

    async fn step(&self, r: &ReferralRecord, party: Party, m: &Move) -> ReferralRecord {
        renkei_app::testing::step(&self.store, r, party, m.clone()).await
    }

    /// Introduces the receiving city's (`receiving`) target to an accepted referral.
    async fn introduce(
        &self,
        r: &ReferralRecord,
        receiving: Slot,
        provide: bool,
        answer: bool,
    ) -> (i64, i64, String) {
        let target = &self.of(receiving).target;
        let row = self
            .store
            .add_referral_target(r.id, target, &system())
            .await
            .unwrap()
            .unwrap();
        let mut version = row.version;
        let mut token = String::new();
        if provide || answer {
            let tx = self.store.begin().await.unwrap();
            token = self
                .store
                .provide_to_target(&tx, r.id, row.id, &system())
                .await
                .unwrap()
                .unwrap()
                .0;
            tx.commit().await.unwrap();
            version += 1;
        }
        if answer {
            let answered = referrals::answer_for_target(
                &renkei_app::testing::app(&self.store),
                r.id,
                row.id,
                version,
                TargetAnswer::Agreed,
                "",
                "officer",
                &system(),
            )
            .await
            .unwrap()
            .unwrap();
            version = answered.version;
        }
        (row.id, version, token)
    }
}
