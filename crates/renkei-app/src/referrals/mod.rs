//! The inter-city referral's use cases (第3章), the worked example of the workflow engine.
//!
//! The nine steps are `renkei_domain::referral::Referral`, a workflow of the one mechanism;
//! [`ReferralFlow`] is what the engine needs besides: the record in the store, the side
//! effects of a move (sending grants the receiving city the dossier; withdrawing revokes it
//! and closes the targets' links, as do declining, reporting back and closing), who is told
//! (the other parties: the cities' writing staff and the company's people — the receiving
//! city only once the dossier was sent) and in which words, and the overdue steps.
//!
//! ① and ④ may name who helped (`crate::help`): [`help_for_selection`], [`help_for_move`];
//! a coordinator may prepare them for an officer's approval ([`preparations`]).
//!
//! Besides the moves: ① selection (the company is told), ⑤ a target's introduction (its
//! one-time link, e-mailed to the target's contact) and its answers (a target's own answer
//! is told to the receiving city), and the reminders.

use chrono::{DateTime, Utc};
use renkei_domain::FieldError;
use renkei_domain::Text;
use renkei_domain::access::{Action, ListScope, ReferralFacts, Resource, referral_parties};
use renkei_domain::city::CityCode;
use renkei_domain::organization::{Help, HelpDraft};
use renkei_domain::product::EvaluationKind;
use renkei_domain::referral::{CONSENT, Move, Party, Referral, Refusal, State, TargetAnswer};
use renkei_domain::workflow::{self, Workflow};
use renkei_store::{
    Actor, Answered, Consent, Notice, ProductId, ProductRecord, ReferralId, ReferralRecord,
    ReferralTargetRecord, Result, SalesTargetRecord, Store, TargetLinkError, Tx, UserRecord,
};

pub mod preparations;

use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};
use crate::workflow::{Flow, Overdue, make_move, tell};

/// What a referral move carries besides itself.
#[derive(Debug, Clone, Default)]
pub struct MoveInput {
    /// The history line's note (an outcome's note, a withdrawal's reason…).
    pub note: String,
    /// ② The company's consent, as it is kept (the consent move needs it).
    pub consent: Option<Consent>,
    /// ④ Who helped the receiving city (checked with [`help_for_move`]); kept with the
    /// history line of a move that may name it (`Move::names_help`), ignored otherwise.
    pub help: Help,
}

/// The referral's record, side effects and notifications, for the engine.
pub struct ReferralFlow<'a> {
    store: &'a Store,
}

impl<'a> ReferralFlow<'a> {
    pub fn new(app: &'a App) -> Self {
        ReferralFlow { store: app.store() }
    }
}

impl Flow for ReferralFlow<'_> {
    type W = Referral;
    type Record = ReferralRecord;
    type Id = ReferralId;
    type Input = MoveInput;

    fn state(r: &ReferralRecord) -> State {
        r.state
    }

    fn version(r: &ReferralRecord) -> i64 {
        r.version
    }

    fn id(r: &ReferralRecord) -> ReferralId {
        r.id
    }

    async fn load(&self, tx: &Tx, id: ReferralId) -> Result<ReferralRecord> {
        self.store.referral_in(tx, id).await
    }

    fn check(
        &self,
        _before: &ReferralRecord,
        m: &Move,
        input: &MoveInput,
    ) -> std::result::Result<(), Refusal> {
        if *m == Move::Consent && input.consent.is_none() {
            return Err(Refusal::Unmet(CONSENT));
        }
        Ok(())
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &ReferralRecord,
        to: State,
        party: Party,
        m: &Move,
        input: &MoveInput,
        actor: &Actor,
    ) -> Result<ReferralRecord> {
        self.store
            .write_referral_move(
                tx,
                before,
                to,
                party,
                m,
                &input.note,
                input.consent.as_ref(),
                if m.names_help() {
                    input.help
                } else {
                    Help::default()
                },
                actor,
            )
            .await
    }

    async fn effects(
        &self,
        tx: &Tx,
        after: &ReferralRecord,
        m: &Move,
        actor: &Actor,
    ) -> Result<()> {
        match m {
            Move::Send => self.store.grant_dossier(tx, after, actor).await,
            Move::Withdraw => {
                self.store.revoke_dossier(tx, after, actor).await?;
                self.store.close_target_links(tx, after.id).await
            }
            Move::Close | Move::Decline(_) | Move::FeedBack => {
                self.store.close_target_links(tx, after.id).await
            }
            _ => Ok(()),
        }
    }

    fn told(&self, after: &ReferralRecord, mover: Party) -> Vec<Party> {
        let sent = after.sent_at.is_some();
        [Party::SendingCity, Party::ReceivingCity, Party::Company]
            .into_iter()
            .filter(|p| *p != mover && (*p != Party::ReceivingCity || sent))
            .collect()
    }

    async fn people(&self, tx: &Tx, party: Party, r: &ReferralRecord) -> Result<Vec<UserRecord>> {
        match party {
            Party::SendingCity => self.store.city_staff(tx, &r.sending_city).await,
            Party::ReceivingCity => self.store.city_staff(tx, &r.receiving_city).await,
            Party::Company => self.store.company_users(tx, r.company_id).await,
            Party::Target => Ok(Vec::new()),
        }
    }

    async fn notice(&self, _tx: &Tx, r: &ReferralRecord, what: (&str, &str)) -> Result<Notice> {
        let product = self
            .store
            .product(r.product_id)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        Ok(notice_words(self.store, r, &product, what))
    }

    fn referral_of(&self, r: &ReferralRecord) -> Option<ReferralId> {
        Some(r.id)
    }

    async fn overdue(&self, now: DateTime<Utc>) -> Result<Vec<Overdue<ReferralRecord, Party>>> {
        let all = ListScope {
            all: true,
            ..Default::default()
        };
        Ok(self
            .store
            .overdue_referrals(&all, now)
            .await?
            .into_iter()
            .map(|o| Overdue {
                record: o.referral,
                waiting_on: o.waiting_on,
                due: o.due,
            })
            .collect())
    }

    async fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<ReferralRecord, Party>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let overdue = renkei_store::Overdue {
            referral: o.record.clone(),
            waiting_on: o.waiting_on,
            due: o.due,
        };
        self.store.claim_referral_reminder(tx, &overdue, now).await
    }
}

/// The words of a notice about a referral: which referral, what happened, who acts next.
fn notice_words(store: &Store, r: &ReferralRecord, product: &str, what: (&str, &str)) -> Notice {
    let (from, to) = (
        store.city_name(&r.sending_city.to_string()),
        store.city_name(&r.receiving_city.to_string()),
    );
    let (next_ja, next_en) = match Referral::waiting_on(r.state) {
        Some(p) => (
            format!("次は{}の手続きです。", p.name().ja),
            format!("Next: the {}.", p.name().en.to_lowercase()),
        ),
        None => (
            "この紹介は終了しました。".to_owned(),
            "The referral has ended.".to_owned(),
        ),
    };
    Notice {
        ja: format!(
            "紹介#{}「{product}」（{from}→{to}）: {}。{next_ja}",
            r.id, what.0
        ),
        en: format!(
            "Referral #{} \"{product}\" ({from} → {to}): {}. {next_en}",
            r.id, what.1
        ),
        link: format!("/referrals/{}", r.id),
    }
}

/// A referral with what the policy needs to know of it: whether the receiving city holds
/// the dossier's grant now, and the targets it was introduced to.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub r: ReferralRecord,
    /// Whether the receiving city holds the dossier's grant now.
    pub sent: bool,
    pub targets: Vec<(ReferralTargetRecord, SalesTargetRecord)>,
    pub target_ids: Vec<i64>,
}

impl Loaded {
    pub fn step(&self) -> State {
        self.r.state
    }

    pub fn facts(&self) -> ReferralFacts<'_> {
        ReferralFacts {
            sending: &self.r.sending_city,
            receiving: &self.r.receiving_city,
            company: self.r.company_id.0,
            sent: self.sent,
            open: !self.step().is_end(),
            targets: &self.target_ids,
        }
    }

    /// The parties the caller acts as on this referral.
    pub fn parties_of(&self, caller: &Caller) -> Vec<Party> {
        referral_parties(&caller.subject, &self.facts(), true)
    }
}

/// The referral of `id`, once the policy allows the caller `action` on it: its parties only
/// (the receiving city once the dossier was sent, a target once introduced).
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: ReferralId,
) -> std::result::Result<Checked<Loaded>, Denied> {
    signed_in(caller)?;
    let store = app.store();
    let Some(r) = store.referral(id).await? else {
        return Err(app.absent(caller, action, format!("Referral {id}")).await);
    };
    let sent = store
        .referral_shared_with(&r)
        .await?
        .contains(&r.receiving_city);
    let targets = store.referral_targets(r.id).await?;
    let target_ids = targets.iter().map(|(_, t)| t.id.0).collect();
    let loaded = Loaded {
        r,
        sent,
        targets,
        target_ids,
    };
    app.require(caller, action, Resource::Referral(&loaded.facts()))
        .await?;
    Ok(Checked::new(loaded, action))
}

/// ① The sending city selects a product for another city (its eligibility checked by the
/// caller with `referral::SelectionDraft`); the company is told. One open referral per
/// product and receiving city: a second is `StoreError::Duplicate("receiving")`.
pub async fn select(
    app: &App,
    product_id: ProductId,
    receiving: &CityCode,
    reason: &str,
    actor: &Actor,
) -> Result<ReferralRecord> {
    select_helped(app, product_id, receiving, reason, Help::default(), actor).await
}

/// ① as [`select`], naming who helped the sending city (checked with
/// [`help_for_selection`]), kept with the selection's history line.
pub async fn select_helped(
    app: &App,
    product_id: ProductId,
    receiving: &CityCode,
    reason: &str,
    help: Help,
    actor: &Actor,
) -> Result<ReferralRecord> {
    insert(app, (product_id, receiving, reason, help), &[], actor).await
}

/// ① at the receiving city's request (from the showcase): the product is selected for the
/// city that asked, with the reason it gave; the company is asked for its consent as on any
/// selection, and the home city (the sending city, whose referral it is to send or withdraw)
/// is told who asked. One open referral per product and city, as [`select`].
pub async fn select_requested(
    app: &App,
    product_id: ProductId,
    receiving: &CityCode,
    reason: &str,
    actor: &Actor,
) -> Result<ReferralRecord> {
    let asked = Text::new(
        "他の市から、この製品の紹介の依頼がありました。内容を確認し、紹介を進めるか取り下げてください",
        "another city asked for this product to be referred to it; send it on or withdraw it",
    );
    let selection = (product_id, receiving, reason, Help::default());
    insert(app, selection, &[(Party::SendingCity, asked)], actor).await
}

/// ① written with its history line, the company told to consent, and `others` told what
/// each is told.
async fn insert(
    app: &App,
    selection: (ProductId, &CityCode, &str, Help),
    others: &[(Party, Text)],
    actor: &Actor,
) -> Result<ReferralRecord> {
    let tx = app.store().begin().await?;
    let r = insert_in(app, &tx, selection, others, actor).await?;
    tx.commit().await?;
    Ok(r)
}

/// [`insert`] in the caller's transaction (an approved preparation).
pub(crate) async fn insert_in(
    app: &App,
    tx: &Tx,
    (product_id, receiving, reason, help): (ProductId, &CityCode, &str, Help),
    others: &[(Party, Text)],
    actor: &Actor,
) -> Result<ReferralRecord> {
    let flow = ReferralFlow::new(app);
    let r = app
        .store()
        .insert_referral(tx, product_id, receiving, reason, help, actor)
        .await?;
    let selected = Text::new(
        "紹介の候補に選ばれました。希望する販路と情報提供への同意を確認してください",
        "selected for a referral; confirm the channels you want and your consent",
    );
    let what = (selected.ja, selected.en);
    tell(app, &flow, tx, &r, &[Party::Company], what).await?;
    for (party, text) in others {
        tell(app, &flow, tx, &r, &[*party], (text.ja, text.en)).await?;
    }
    Ok(r)
}

/// Whether `p` may be introduced to other cities: its evaluations, its company's
/// research-group memberships (each an evaluation in the group's cities) and its adoptions
/// (`product::referral_eligibility`); why not, otherwise.
pub async fn eligibility(app: &App, p: &ProductRecord) -> Result<std::result::Result<(), Text>> {
    let store = app.store();
    let mut all: Vec<(EvaluationKind, CityCode)> = store
        .product_evaluations(p.id)
        .await?
        .iter()
        .map(|e| (e.kind, e.city_code))
        .collect();
    all.extend(crate::research_groups::membership_evaluations(app, p.company_id).await?);
    let adoptions = store.product_adoptions(p.id).await?.len();
    Ok(renkei_domain::product::referral_eligibility(
        &p.home_city,
        &all,
        adoptions,
    ))
}

/// ① Who helped the sending city select `product`: one of its home city's (the sending
/// city's) organisations and coordinators.
pub async fn help_for_selection(
    app: &App,
    product: &ProductRecord,
    draft: &HelpDraft,
) -> Result<std::result::Result<Help, Vec<FieldError>>> {
    crate::help::check(app, &product.home_city, draft).await
}

/// ④ Who helped with move `m`, checked against the organisations and coordinators of the
/// city whose step it is (the receiving city's acceptance or decline). Naming someone for a
/// move that names nobody is a field error; a move the caller may not make names nobody (the
/// move itself is then refused, with why).
pub async fn help_for_move(
    app: &App,
    l: &Checked<Loaded>,
    caller: &Caller,
    m: &Move,
    draft: &HelpDraft,
) -> Result<std::result::Result<Help, Vec<FieldError>>> {
    if draft.is_empty() {
        return Ok(Ok(Help::default()));
    }
    if !m.names_help() {
        return Ok(Err(vec![FieldError::new(
            "helped_organization",
            "支援した機関・コーディネーターを記録できるのは、①選定と④受入れ・辞退の手続きです。",
            "Who helped is recorded with ① the selection and ④ the acceptance or decline only.",
        )]));
    }
    let parties = l.parties_of(caller);
    let party = workflow::party_for::<Referral>(l.step(), &parties, m);
    match party.ok().and_then(|p| city_of(&l.r, p)) {
        Some(city) => crate::help::check(app, &city, draft).await,
        None => Ok(Ok(Help::default())),
    }
}

/// The city a party of the referral acts for (none for the company and the targets).
pub fn city_of(r: &ReferralRecord, party: Party) -> Option<CityCode> {
    match party {
        Party::SendingCity => Some(r.sending_city),
        Party::ReceivingCity => Some(r.receiving_city),
        Party::Company | Party::Target => None,
    }
}

/// Makes a move on a referral loaded for writing, as whichever of the caller's parties may
/// make it (the most telling refusal otherwise), from the version the person saw.
pub async fn move_referral(
    app: &App,
    l: &Checked<Loaded>,
    caller: &Caller,
    seen_version: i64,
    m: &Move,
    input: &MoveInput,
) -> Result<std::result::Result<ReferralRecord, Refusal>> {
    if l.action() != Action::Write {
        return Ok(Err(Refusal::NotYours));
    }
    let parties = l.parties_of(caller);
    let party = match workflow::party_for::<Referral>(l.step(), &parties, m) {
        Ok(p) => p,
        Err(refusal) => return Ok(Err(refusal)),
    };
    move_as(app, l.r.id, seen_version, party, m, input, &caller.actor).await
}

/// Makes a move as one party (the demo's and the tests' way to act as a party).
#[allow(clippy::too_many_arguments)]
pub async fn move_as(
    app: &App,
    id: ReferralId,
    seen_version: i64,
    party: Party,
    m: &Move,
    input: &MoveInput,
    actor: &Actor,
) -> Result<std::result::Result<ReferralRecord, Refusal>> {
    let flow = ReferralFlow::new(app);
    make_move(app, &flow, id, seen_version, party, m, input, actor).await
}

/// ⑤ The receiving city gives a target the information: a one-time link, e-mailed to the
/// target's contact if it has an address. The link is returned, to be shown once and passed
/// on by other means.
pub async fn provide_to_target(
    app: &App,
    r: &ReferralRecord,
    referral_target_id: i64,
    actor: &Actor,
) -> Result<std::result::Result<String, Refusal>> {
    let store = app.store();
    let product = store
        .product(r.product_id)
        .await?
        .map(|p| p.name)
        .unwrap_or_default();
    let city = store.city_name(&r.receiving_city.to_string());
    let tx = store.begin().await?;
    let (token, target) = match store
        .provide_to_target(&tx, r.id, referral_target_id, actor)
        .await?
    {
        Ok(provided) => provided,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if !target.contact_email.is_empty() {
        let link = app.link(&format!("/introductions/{token}"));
        let mail =
            crate::mail::introduction(&target.contact_email, &target.name, &city, &product, &link);
        store.enqueue_mail_in(&tx, &mail).await?;
    }
    tx.commit().await?;
    Ok(Ok(token))
}

/// Records a target's answer for it (`via`: `officer` or `account`), if the row is still at
/// the version the person saw and the referral still takes answers. A target's own answer
/// is told to the receiving city.
#[allow(clippy::too_many_arguments)]
pub async fn answer_for_target(
    app: &App,
    id: ReferralId,
    referral_target_id: i64,
    seen_version: i64,
    answer: TargetAnswer,
    note: &str,
    via: &str,
    actor: &Actor,
) -> Result<std::result::Result<renkei_store::ReferralTargetRecord, Refusal>> {
    let tx = app.store().begin().await?;
    let a = match app
        .store()
        .answer_for_target(
            &tx,
            id,
            referral_target_id,
            seen_version,
            answer,
            note,
            via,
            actor,
        )
        .await?
    {
        Ok(a) => a,
        Err(refusal) => return Ok(Err(refusal)),
    };
    told_of_answer(app, &tx, &a, answer).await?;
    tx.commit().await?;
    Ok(Ok(a.row))
}

/// A target answers through its one-time link: once (two clicks cannot both answer).
pub async fn answer_by_link(
    app: &App,
    token: &str,
    answer: TargetAnswer,
    note: &str,
    actor: &Actor,
) -> Result<std::result::Result<renkei_store::ReferralTargetRecord, TargetLinkError>> {
    let tx = app.store().begin().await?;
    let a = match app
        .store()
        .answer_by_link(&tx, token, answer, note, actor)
        .await?
    {
        Ok(a) => a,
        Err(e) => return Ok(Err(e)),
    };
    told_of_answer(app, &tx, &a, answer).await?;
    tx.commit().await?;
    Ok(Ok(a.row))
}

async fn told_of_answer(app: &App, tx: &Tx, a: &Answered, answer: TargetAnswer) -> Result<()> {
    if !a.by_target {
        return Ok(());
    }
    let flow = ReferralFlow::new(app);
    let name = answer.name();
    let ja = format!("{}が回答しました（{}）", a.target, name.ja);
    let en = format!("{} answered ({})", a.target, name.en);
    tell(
        app,
        &flow,
        tx,
        &a.referral,
        &[Party::ReceivingCity],
        (&ja, &en),
    )
    .await
}

/// Reminds the people of each overdue referral step, once per step ever. The count sent.
pub async fn remind(app: &App, now: DateTime<Utc>) -> Result<usize> {
    crate::workflow::remind(app, &ReferralFlow::new(app), now).await
}
