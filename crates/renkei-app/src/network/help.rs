//! Requests for help across cities (相互支援の依頼). [`ask`]: an officer or a coordinator asks
//! a named coordinator of another city, or the network, for help with one of their city's
//! companies or products; the one asked (or, for the network, the coordinators of other
//! cities whose profile answers the need) and the company are told. Each request moves on the
//! one workflow mechanism ([`HelpFlow`], `network::help::HelpRequest`): accepted (taken, for
//! the network), declined, handed over, concluded (the outcome becomes support on the product,
//! provided by the helper's city), withdrawn ([`move_request`]). The company's people consent
//! to what is shared ([`consent`]); until then the helper reads only the question and the
//! anonymised need ([`sees_company`]). Each open step is due in 開庁日 and reminded once
//! ([`remind`]).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, HelpFacts, Resource, Role, help_parties, speaks_for_company};
use renkei_domain::city::CityCode;
use renkei_domain::network::help::{
    self, CONSENT_ITEMS, CONSENT_WORDING_VERSION, HelpDraft, HelpRequest, Move, Party, Refusal,
    State,
};
use renkei_domain::organization::Help;
use renkei_domain::product::{Provider, Support};
use renkei_domain::workflow;
use renkei_store::{
    Actor, CompanyId, HelpAsking, HelpConsent, HelpRequestId, HelpRequestRecord, HelpScope,
    HelpWrite, Notice, ProductId, ReferralId, Result, Store, StoreError, Tx, UserId, UserRecord,
};

use crate::App;
use crate::access::{Caller, Checked, Denied, found, signed_in};
use crate::consultations::today;
use crate::workflow::{Flow, Overdue, make_move};

/// What the policy knows of a request.
pub fn facts(r: &HelpRequestRecord) -> HelpFacts {
    HelpFacts {
        city: r.city,
        company: r.company_id.0,
        asker: r.asker_id.unwrap_or(-1),
        helper: r.helper_id,
        open_to_network: r.open_to_network(),
    }
}

/// The parties a caller is to a request.
pub fn parties(caller: &Caller, r: &HelpRequestRecord) -> Vec<Party> {
    help_parties(&caller.subject, &facts(r))
}

/// Whether the caller reads the company's name and its product's details.
pub fn sees_company(caller: &Caller, r: &HelpRequestRecord) -> bool {
    renkei_domain::access::sees_company(&caller.subject, &facts(r), r.consent.is_some())
}

/// Whether the caller is one of the company's people (who consent).
pub fn speaks_for(caller: &Caller, r: &HelpRequestRecord) -> bool {
    speaks_for_company(&caller.subject, &facts(r))
}

/// A request's record, moves and notices, for the engine.
pub struct HelpFlow<'a> {
    app: &'a App,
}

impl<'a> HelpFlow<'a> {
    pub fn new(app: &'a App) -> Self {
        HelpFlow { app }
    }

    fn store(&self) -> &Store {
        self.app.store()
    }
}

/// A notice about a request: its number and its field, never the company.
fn notice(r: &HelpRequestRecord, what: (&str, &str)) -> Notice {
    crate::mail::help_notice(r.id.0, r.field.name(), what)
}

impl Flow for HelpFlow<'_> {
    type W = HelpRequest;
    type Record = HelpRequestRecord;
    type Id = HelpRequestId;
    type Input = HelpWrite;

    fn state(r: &HelpRequestRecord) -> State {
        r.state
    }

    fn version(r: &HelpRequestRecord) -> i64 {
        r.version
    }

    fn id(r: &HelpRequestRecord) -> HelpRequestId {
        r.id
    }

    async fn load(&self, tx: &Tx, id: HelpRequestId) -> Result<HelpRequestRecord> {
        self.store().help_request_in(tx, id).await
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &HelpRequestRecord,
        to: State,
        party: Party,
        m: &Move,
        input: &HelpWrite,
        actor: &Actor,
    ) -> Result<HelpRequestRecord> {
        self.store()
            .write_help_move(tx, before, to, party, m, input, actor)
            .await
    }

    /// A conclusion becomes support on the product (if it is still active), provided by the
    /// helper's city as a partner city, naming the helper as who helped.
    async fn effects(&self, tx: &Tx, after: &HelpRequestRecord, m: &Move, a: &Actor) -> Result<()> {
        let Move::Conclude(summary) = m else {
            return Ok(());
        };
        let store = self.store();
        let (Some(product), Some(measure)) = (
            after.product_id,
            renkei_domain::catalog::measure(help::MEASURE),
        ) else {
            return Ok(());
        };
        let products = store.company_products_in(tx, after.company_id).await?;
        let Some(product) = products.iter().find(|p| p.id == product) else {
            return Ok(());
        };
        let support = Support {
            measure,
            provider: Provider::PartnerCity,
            provider_city: after.helper_city,
            date: Some(today()),
            outcome: summary.clone(),
            notes: format!("相互支援の依頼#{}（{}）", after.id, after.field.name().ja),
        };
        let help = Help {
            organization: None,
            coordinator: after.helper_id,
        };
        let record = store
            .add_helped_support_in(tx, product, (&support, help), None, a)
            .await?;
        store.set_help_support(tx, after.id, record.id).await
    }

    fn told(&self, after: &HelpRequestRecord, mover: Party) -> Vec<Party> {
        match (after.state, mover) {
            (State::Asked, _) => vec![Party::Helper, Party::Asker],
            (State::Accepted | State::Declined, _) | (State::Concluded, Party::Helper) => {
                vec![Party::Asker]
            }
            (State::Concluded | State::Withdrawn, _) => vec![Party::Helper],
        }
    }

    /// The asker (or, if their account is gone, the asking city's staff); the helper.
    async fn people(
        &self,
        tx: &Tx,
        party: Party,
        r: &HelpRequestRecord,
    ) -> Result<Vec<UserRecord>> {
        let store = self.store();
        let one = |id: Option<i64>| async move {
            match id {
                Some(id) => Ok(store
                    .user(UserId(id))
                    .await?
                    .map(|(u, _)| u)
                    .filter(|u| u.active)),
                None => Ok::<_, StoreError>(None),
            }
        };
        match party {
            Party::Asker => match one(r.asker_id).await? {
                Some(u) => Ok(vec![u]),
                None => store.city_staff(tx, &r.city).await,
            },
            Party::Helper => Ok(one(r.helper_id).await?.into_iter().collect()),
            Party::Taker => Ok(Vec::new()),
        }
    }

    async fn notice(&self, _tx: &Tx, r: &HelpRequestRecord, what: (&str, &str)) -> Result<Notice> {
        Ok(notice(r, what))
    }

    /// The open requests past their due day; one nobody took is its asker's to act on.
    async fn overdue(&self, now: DateTime<Utc>) -> Result<Vec<Overdue<HelpRequestRecord, Party>>> {
        let rows = self.store().overdue_help_requests(day(now)).await?;
        Ok(rows
            .into_iter()
            .map(|r| Overdue {
                waiting_on: if r.helper_id.is_some() {
                    Party::Helper
                } else {
                    Party::Asker
                },
                due: r
                    .due_on
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|d| Utc.from_utc_datetime(&d))
                    .unwrap_or(now),
                record: r,
            })
            .collect())
    }

    async fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<HelpRequestRecord, Party>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.store().claim_help_reminder(tx, &o.record, now).await
    }
}

/// The day of `now` in Japan.
fn day(now: DateTime<Utc>) -> NaiveDate {
    crate::consultations::day(now)
}

/// The request of `id`, once the policy allows the caller `action` on it.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: HelpRequestId,
) -> std::result::Result<Checked<HelpRequestRecord>, Denied> {
    signed_in(caller)?;
    let r = found(app.store().help_request(id).await)?;
    app.require(caller, action, Resource::HelpRequest(&facts(&r)))
        .await?;
    Ok(Checked::new(r, action))
}

/// The requests the caller may read: asked by or of them, their cities', their company's,
/// and (a coordinator's) those open to the network from other cities. Newest first.
pub async fn list(app: &App, caller: &Caller) -> Result<Vec<HelpRequestRecord>> {
    let mut scope = HelpScope {
        people: caller.subject.person.into_iter().collect(),
        ..Default::default()
    };
    let mut coordinates = Vec::new();
    for r in &caller.subject.roles {
        match r {
            Role::PlatformAdmin => scope.all = true,
            Role::CityStaff { city, .. } => scope.cities.push(*city),
            Role::Coordinator { city } => {
                scope.cities.push(*city);
                coordinates.push(*city);
            }
            Role::CompanyUser { company } => scope.companies.push(CompanyId(*company)),
            _ => {}
        }
    }
    if !coordinates.is_empty() {
        scope.network_except = Some(coordinates);
    }
    if !caller.subject.is_signed_in() {
        return Ok(Vec::new());
    }
    app.store().help_requests(&scope).await
}

/// Why a request, a move or a consent was refused.
#[derive(Debug)]
pub enum Refused {
    Fields(Vec<FieldError>),
    Step(Refusal),
}

fn field(name: &'static str, ja: &'static str, en: &'static str) -> Refused {
    Refused::Fields(vec![FieldError::new(name, ja, en)])
}

/// What a request is about: a company of the asker's city, one of its products, or a
/// referral the city sent of one.
#[derive(Debug, Clone, Copy)]
pub enum About {
    Company(CompanyId),
    Product(ProductId),
    Referral(ReferralId),
}

/// What a request is about, found: the company, the product, the referral and the asking
/// city.
#[derive(Debug, Clone)]
pub struct Topic {
    pub company: CompanyId,
    pub product: Option<renkei_store::ProductRecord>,
    pub referral: Option<ReferralId>,
    pub city: CityCode,
}

/// What a request is about, once the caller may read it and ask for help for its city (a
/// referral's sending city).
pub async fn about(app: &App, caller: &Caller, about: About) -> std::result::Result<Topic, Denied> {
    let (product, referral) = match about {
        About::Company(id) => {
            let c = app.company(caller, Action::Read, id).await?;
            let s = Topic {
                company: c.0.id,
                product: None,
                referral: None,
                city: c.0.home_city,
            };
            app.require(caller, Action::Write, Resource::HelpAsk(&s.city))
                .await?;
            return Ok(s);
        }
        About::Product(id) => (id, None),
        About::Referral(id) => {
            let r = crate::referrals::load(app, caller, Action::Read, id).await?;
            app.require(caller, Action::Write, Resource::HelpAsk(&r.r.sending_city))
                .await?;
            (r.r.product_id, Some(id))
        }
    };
    let p = app
        .product(caller, Action::Read, product)
        .await?
        .into_inner();
    app.require(caller, Action::Write, Resource::HelpAsk(&p.home_city))
        .await?;
    Ok(Topic {
        company: p.company_id,
        city: p.home_city,
        product: Some(p),
        referral,
    })
}

/// A coordinator who may be asked for a request of `city`: an active coordinator of
/// another city (the first of theirs that is not `city`), not `but`.
async fn helper(
    app: &App,
    id: i64,
    city: &CityCode,
    but: Option<i64>,
) -> Result<Option<(i64, CityCode)>> {
    if but == Some(id) {
        return Ok(None);
    }
    Ok(app
        .store()
        .coordinator_accounts()
        .await?
        .into_iter()
        .find(|a| a.user.id.0 == id)
        .and_then(|a| a.cities.into_iter().find(|c| c != city))
        .map(|c| (id, c)))
}

/// Asks for help: of the coordinator named (of another city) or of the network. The one
/// asked — for the network, each coordinator of another city whose profile answers the need
/// and who takes requests — and the company's people (whose consent is asked) are told.
pub async fn ask(
    app: &App,
    caller: &Caller,
    about_: About,
    draft: &HelpDraft,
) -> Result<std::result::Result<HelpRequestRecord, Refused>> {
    let Topic {
        company,
        product,
        referral,
        city,
    } = match about(app, caller, about_).await {
        Ok(found) => found,
        Err(Denied::Store(e)) => return Err(e),
        Err(_) => return Ok(Err(Refused::Step(Refusal::NotYours))),
    };
    let new = match draft.validate() {
        Ok(n) => n,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let helper = match new.coordinator {
        Some(id) => match helper(app, id, &city, caller.subject.person).await? {
            Some(h) => Some(h),
            None => {
                return Ok(Err(field(
                    "coordinator",
                    "他の指定都市のコーディネーターを一覧から選んでください。",
                    "Choose a coordinator of another designated city.",
                )));
            }
        },
        None => None,
    };
    let asking = HelpAsking {
        city,
        company,
        product: product.as_ref().map(|p| p.id),
        referral,
        helper,
        field: new.field,
        stage: new.stage.or(product.as_ref().map(|p| p.stage)),
        class: new.class,
        question: &new.question,
        due_on: help::due(app.holidays(), State::Asked, today()),
    };
    let store = app.store();
    let tx = store.begin().await?;
    let r = store
        .insert_help_request(&tx, &asking, &caller.actor)
        .await?;
    let asked = (
        "相談の依頼が届きました",
        "a request for help was sent to you",
    );
    let people = match helper {
        Some((id, _)) => store
            .user(UserId(id))
            .await?
            .into_iter()
            .map(|(u, _)| u)
            .collect(),
        None => matching(app, &r).await?,
    };
    for person in people {
        app.notify(&tx, &person, None, &notice(&r, asked)).await?;
    }
    let consent = (
        "貴社について他市のコーディネーターへの相談が依頼されました。情報の提供への同意をお願いします",
        "a coordinator of another city was asked for help about your company; your consent to share is asked",
    );
    for person in store.company_users(&tx, r.company_id).await? {
        app.notify(&tx, &person, None, &notice(&r, consent)).await?;
    }
    tx.commit().await?;
    Ok(Ok(r))
}

/// The coordinators of other cities whose profile answers a network request's need, who
/// take requests today and have room for one more.
pub async fn matching(app: &App, r: &HelpRequestRecord) -> Result<Vec<UserRecord>> {
    let today = today();
    Ok(super::coordinators(app)
        .await?
        .into_iter()
        .filter(|c| !c.account.cities.contains(&r.city))
        .filter(|c| {
            c.profile.as_ref().is_some_and(|p| {
                let p = p.profile();
                p.takes_requests(today)
                    && p.has_room(c.open)
                    && p.answers(r.field, r.stage(), r.class())
            })
        })
        .map(|c| c.account.user)
        .collect())
}

/// A move as a form sends it: its code, its words, and the coordinator it is handed to.
#[derive(Debug, Clone, Default)]
pub struct MoveForm {
    pub code: String,
    pub text: String,
    pub to: String,
}

/// Makes a move on a request the caller may read, as the first of their parties the table
/// allows, from the version they saw.
pub async fn move_request(
    app: &App,
    caller: &Caller,
    r: &Checked<HelpRequestRecord>,
    seen_version: i64,
    form: &MoveForm,
) -> Result<std::result::Result<HelpRequestRecord, Refused>> {
    let m = match Move::parse(&form.code, &form.text) {
        Ok(m) => m,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let party = match workflow::party_for::<HelpRequest>(r.state, &parties(caller, r), &m) {
        Ok(p) => p,
        Err(refusal) => return Ok(Err(Refused::Step(refusal))),
    };
    let mut write = HelpWrite::default();
    match (&m, party) {
        (Move::HandOver(_), _) => {
            let id = renkei_domain::text::fold(&form.to).trim().parse().ok();
            let to = match id {
                Some(id) => helper(app, id, &r.city, r.helper_id).await?,
                None => None,
            };
            if to.is_none() {
                return Ok(Err(field(
                    "to",
                    "引き継ぐコーディネーター（依頼した市以外）を一覧から選んでください。",
                    "Choose the coordinator to hand over to (not of the asking city).",
                )));
            }
            write.helper = to;
        }
        (Move::Accept, Party::Taker) => {
            let mine = caller.subject.roles.iter().find_map(|role| match role {
                Role::Coordinator { city } if *city != r.city => Some(*city),
                _ => None,
            });
            write.helper = caller.subject.person.zip(mine);
        }
        _ => {}
    }
    let to = workflow::apply::<HelpRequest>(r.state, party, &m).unwrap_or(r.state);
    write.due_on = help::due(app.holidays(), to, today());
    let flow = HelpFlow::new(app);
    let moved = make_move(
        app,
        &flow,
        r.id,
        seen_version,
        party,
        &m,
        &write,
        &caller.actor,
    )
    .await?;
    Ok(moved.map_err(Refused::Step))
}

/// The wording the company is asked to agree to.
pub async fn consent_wording(app: &App, r: &HelpRequestRecord) -> Result<String> {
    let company = app
        .store()
        .company(r.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    let city = app.store().city_name(&r.city.to_string());
    Ok(help::consent_wording(&company, &city, r.id.0))
}

/// The company's consent to what is shared with the helper, by one of its people, with the
/// box ticked, from the version they saw; the helper (if any) and the asker are told.
pub async fn consent(
    app: &App,
    caller: &Caller,
    r: &Checked<HelpRequestRecord>,
    seen_version: i64,
    agree: bool,
) -> Result<std::result::Result<HelpRequestRecord, Refused>> {
    if !speaks_for(caller, r) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    if r.state.is_end() {
        return Ok(Err(Refused::Step(Refusal::Ended(r.state))));
    }
    if r.consent.is_some() {
        return Ok(Err(Refused::Step(Refusal::NotNow)));
    }
    if !agree {
        return Ok(Err(field(
            "agree",
            "同意の内容を確かめ、同意する欄に印を付けてください。",
            "Read the wording and tick the box to consent.",
        )));
    }
    if r.version != seen_version {
        return Err(StoreError::Conflict);
    }
    let kept = HelpConsent {
        user_id: caller.actor.id,
        by: caller.actor.label.clone(),
        at: Utc::now(),
        items: CONSENT_ITEMS.to_owned(),
        wording: consent_wording(app, r).await?,
        wording_version: CONSENT_WORDING_VERSION.to_owned(),
    };
    let store = app.store();
    let tx = store.begin().await?;
    let after = store
        .write_help_consent(&tx, r, &kept, &caller.actor)
        .await?;
    let flow = HelpFlow::new(app);
    let what = (
        "企業が情報の提供に同意しました",
        "the company consented to sharing",
    );
    crate::workflow::tell(
        app,
        &flow,
        &tx,
        &after,
        &[Party::Helper, Party::Asker],
        what,
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(after))
}

/// Reminds the party each overdue request waits on, once per step.
pub async fn remind(app: &App, now: DateTime<Utc>) -> Result<usize> {
    crate::workflow::remind(app, &HelpFlow::new(app), now).await
}
