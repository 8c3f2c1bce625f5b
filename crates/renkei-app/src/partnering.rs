//! Finding a partner on a consultation case (連携先探し: inter-company brokering, clinical and
//! verification sites). A request belongs to its case: reading it is reading the case
//! (`Resource::Consultation`); those who work the case (the desk, the one it was handed to)
//! open it, add candidates, move them and close it; the company consents to what is shared
//! with each candidate ([`parties`]).
//!
//! [`open`] opens a request on a case (with a trial-funding call of the city's, if chosen:
//! [`trial_calls`]); [`suggestions`] are Renkei's candidates from what the caller may see
//! (companies found by the search for brokering; sales-channel targets found and matched to
//! the product for sites, and the sites coordinators of every city can introduce:
//! `network::sites`); [`add`] adds one, or one typed by hand. Each candidate's approach
//! is a workflow of the one mechanism ([`CandidateFlow`], `partnering::Candidate`): a
//! candidate outside the case's city is not approached before the company consented, and
//! the consent is kept with its wording. [`close`] closes the request with its outcome, which
//! becomes a support record on the case's product ([`Purpose::measure`]). [`counts`] are
//! the requests by city, purpose, kind and outcome.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, list_scope};
use renkei_domain::consultation::Party as CaseParty;
use renkei_domain::partnering::{
    self, Candidate, ManualCandidate, Move, Outcome, Party, Purpose, Refusal, RequestDraft, Source,
    State,
};
use renkei_domain::product::{Provider, Support};
use renkei_domain::workflow;
use renkei_store::{
    Actor, CallRecord, Candidacy, CandidateConsent, CandidateId, CandidateRecord, CandidateWrite,
    CompanyId, ConsultationRecord, NewCandidate, Notice, PartnerRequestId, PartnerRequestRecord,
    RequestOpening, Result, SiteRecord, Store, TargetId, Tx, UserRecord,
};

use crate::App;
use crate::access::{Caller, Checked, Denied, found, signed_in};
use crate::consultations::{ConsultationFlow, today};
use crate::workflow::{Flow, Overdue, make_move, overdue_since, overdue_steps};

/// The measure of the trial-funding calls a site request may be linked to.
pub const TRIAL_FUNDING: &str = "clinical.trial-funding";

/// A candidate's record, checks and notices, for the engine.
pub struct CandidateFlow<'a> {
    app: &'a App,
}

impl<'a> CandidateFlow<'a> {
    pub fn new(app: &'a App) -> Self {
        CandidateFlow { app }
    }

    fn store(&self) -> &Store {
        self.app.store()
    }
}

impl Flow for CandidateFlow<'_> {
    type W = Candidate;
    type Record = Candidacy;
    type Id = CandidateId;
    type Input = CandidateWrite;

    fn state(r: &Candidacy) -> State {
        r.candidate.state
    }

    fn version(r: &Candidacy) -> i64 {
        r.candidate.version
    }

    fn id(r: &Candidacy) -> CandidateId {
        r.candidate.id
    }

    async fn load(&self, tx: &Tx, id: CandidateId) -> Result<Candidacy> {
        self.store().candidacy_in(tx, id).await
    }

    /// Nothing moves on a closed request; a candidate outside the case's city is not
    /// approached before the company consented.
    fn check(
        &self,
        before: &Candidacy,
        m: &Move,
        _input: &CandidateWrite,
    ) -> std::result::Result<(), Refusal> {
        if !before.request.open {
            return Err(Refusal::NotNow);
        }
        let consented = before.candidate.consent.is_some();
        partnering::check_move(m, before.crosses_city(), consented)
    }

    async fn write(
        &self,
        tx: &Tx,
        before: &Candidacy,
        to: State,
        party: Party,
        m: &Move,
        input: &CandidateWrite,
        actor: &Actor,
    ) -> Result<Candidacy> {
        self.store()
            .write_candidate_move(tx, before, to, party, m, input, actor)
            .await
    }

    async fn effects(&self, _tx: &Tx, _after: &Candidacy, _m: &Move, _a: &Actor) -> Result<()> {
        Ok(())
    }

    fn told(&self, after: &Candidacy, mover: Party) -> Vec<Party> {
        match (after.candidate.state, mover) {
            (State::AwaitingConsent, _) => vec![Party::Company],
            (State::Consented | State::Refused, _) | (State::Withdrawn, Party::Company) => {
                vec![Party::Desk]
            }
            (
                State::Agreed
                | State::Declined
                | State::Introduced
                | State::Concluded
                | State::Withdrawn,
                _,
            ) => vec![Party::Company],
            _ => Vec::new(),
        }
    }

    /// The company's people; for those who work the case, its city's staff and the one it
    /// was handed to (as the case's own notices find them).
    async fn people(&self, tx: &Tx, party: Party, r: &Candidacy) -> Result<Vec<UserRecord>> {
        let store = self.store();
        match party {
            Party::Company => store.company_users(tx, r.request.company_id).await,
            Party::Desk => {
                let mut people = store.city_staff(tx, &r.request.city).await?;
                let case = store.consultation_in(tx, r.request.consultation_id).await?;
                let cases = ConsultationFlow::new(self.app);
                for p in cases.people(tx, CaseParty::Handler, &case).await? {
                    if !people.iter().any(|q| q.id == p.id) {
                        people.push(p);
                    }
                }
                Ok(people)
            }
        }
    }

    async fn notice(&self, _tx: &Tx, r: &Candidacy, what: (&str, &str)) -> Result<Notice> {
        Ok(notice(&r.request, &r.candidate.name, what))
    }

    async fn overdue(&self, now: DateTime<Utc>) -> Result<Vec<Overdue<Candidacy, Party>>> {
        let since = overdue_since::<Candidate>(now);
        let rows = self.store().overdue_candidates(&since).await?;
        Ok(overdue_steps::<Candidate, _>(rows, |c| {
            (c.candidate.state, c.candidate.state_since)
        }))
    }

    async fn claim_reminder(
        &self,
        tx: &Tx,
        o: &Overdue<Candidacy, Party>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        self.store()
            .claim_candidate_reminder(tx, &o.record.candidate, now)
            .await
    }
}

/// A notice about a request (and one of its candidates, named).
fn notice(r: &PartnerRequestRecord, candidate: &str, what: (&str, &str)) -> Notice {
    let name = r.purpose.name();
    let about = if candidate.is_empty() {
        String::new()
    } else {
        format!("（{candidate}）")
    };
    Notice {
        ja: format!("{}#{}{about}: {}", name.ja, r.id, what.0),
        en: format!("{} #{}{about}: {}", name.en, r.id, what.1),
        link: format!("/partner-requests/{}", r.id),
    }
}

/// The parties a caller is to a case's requests: the company's people; those who work the
/// case (its desk's full staff, administrators, the one it was handed to).
pub fn parties(caller: &Caller, case: &ConsultationRecord) -> Vec<Party> {
    let mut parties = Vec::new();
    for p in crate::consultations::parties(caller, case) {
        let p = match p {
            CaseParty::Company => Party::Company,
            CaseParty::Desk | CaseParty::Handler => Party::Desk,
        };
        if !parties.contains(&p) {
            parties.push(p);
        }
    }
    parties
}

async fn case_of(app: &App, r: &PartnerRequestRecord) -> Result<ConsultationRecord> {
    app.store().consultation(r.consultation_id).await
}

/// The parties a caller is to a request (by its case).
pub async fn parties_to(
    app: &App,
    caller: &Caller,
    r: &PartnerRequestRecord,
) -> Result<Vec<Party>> {
    Ok(parties(caller, &case_of(app, r).await?))
}

async fn require_case(
    app: &App,
    caller: &Caller,
    action: Action,
    r: &PartnerRequestRecord,
) -> std::result::Result<(), Denied> {
    let resource = Resource::Consultation {
        city: &r.city,
        company: r.company_id.0,
    };
    app.require(caller, action, resource).await
}

/// The request of `id`, once the policy allows the caller `action` on its case.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: PartnerRequestId,
) -> std::result::Result<Checked<PartnerRequestRecord>, Denied> {
    signed_in(caller)?;
    let r = found(app.store().partner_request(id).await)?;
    require_case(app, caller, action, &r).await?;
    Ok(Checked::new(r, action))
}

/// The candidate of `id` with its request, once the policy allows the caller `action` on
/// its case.
pub async fn load_candidate(
    app: &App,
    caller: &Caller,
    action: Action,
    id: CandidateId,
) -> std::result::Result<Checked<Candidacy>, Denied> {
    signed_in(caller)?;
    let c = found(app.store().candidacy(id).await)?;
    require_case(app, caller, action, &c.request).await?;
    Ok(Checked::new(c, action))
}

/// Why a request, a candidate or a move was refused.
#[derive(Debug)]
pub enum Refused {
    Fields(Vec<FieldError>),
    Step(Refusal),
}

fn field(name: &'static str, ja: &'static str, en: &'static str) -> Refused {
    Refused::Fields(vec![FieldError::new(name, ja, en)])
}

/// The city's calls of the trial-funding measure, a site request may be linked to.
pub async fn trial_calls(
    app: &App,
    city: &renkei_domain::city::CityCode,
) -> Result<Vec<CallRecord>> {
    Ok(app
        .store()
        .calls_of(city)
        .await?
        .into_iter()
        .filter(|c| c.measure_code == TRIAL_FUNDING)
        .collect())
}

/// Opens a request on a case the caller may read, by those who work it; a site request may
/// be linked to one of the city's trial-funding calls. The company is told.
pub async fn open(
    app: &App,
    caller: &Caller,
    case: &Checked<ConsultationRecord>,
    draft: &RequestDraft,
    call: Option<i64>,
) -> Result<std::result::Result<PartnerRequestRecord, Refused>> {
    if !parties(caller, case).contains(&Party::Desk) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    if case.state.is_end() {
        return Ok(Err(field(
            "purpose",
            "終了した相談では連携先を探せません。新しい相談として受け付けてください。",
            "This case has ended; open a new case instead.",
        )));
    }
    let new = match draft.validate() {
        Ok(n) => n,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let call = match call {
        Some(id) if new.purpose == Purpose::Sites => {
            if !trial_calls(app, &case.city)
                .await?
                .iter()
                .any(|c| c.id == id)
            {
                return Ok(Err(field(
                    "call",
                    "治験に係る資金支援の公募から選んでください。",
                    "Choose one of the city's trial-funding calls.",
                )));
            }
            Some(id)
        }
        _ => None,
    };
    let opening = RequestOpening {
        case,
        purpose: new.purpose,
        kind: new.kind,
        detail: &new.detail,
        words: &new.words,
        call_id: call,
    };
    let store = app.store();
    let tx = store.begin().await?;
    let r = store
        .insert_partner_request(&tx, &opening, &caller.actor)
        .await?;
    let what = ("依頼を受け付けました", "the request was opened");
    for person in store.company_users(&tx, r.company_id).await? {
        app.notify(&tx, &person, None, &notice(&r, "", what))
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(r))
}

/// A candidate Renkei suggests: what to add it by (`company:ID` or `target:ID`), its name,
/// its city's code and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub key: String,
    pub name: String,
    pub city: Option<String>,
    pub why: String,
}

/// Renkei's candidates for a request, from what the caller may see and not yet added: for
/// brokering, companies found by the request's words (the asking company left out), and
/// those of other cities listed as possible partners with their consent; for
/// sites, the sales-channel targets of the case's city matched to the product, then those
/// found by the words, then the sites coordinators of any city can introduce that answer
/// the words. At most `limit`.
pub async fn suggestions(
    app: &App,
    caller: &Caller,
    r: &Checked<PartnerRequestRecord>,
    limit: usize,
) -> Result<Vec<Suggestion>> {
    use renkei_store::{DocKind, SearchQuery};
    let store = app.store();
    let taken: Vec<String> = store
        .partner_candidates(r.id)
        .await?
        .iter()
        .filter_map(key_of)
        .collect();
    let mut out: Vec<Suggestion> = Vec::new();
    if let (Purpose::Sites, Some(product)) = (r.purpose, r.product_id) {
        let city = r.city.to_string();
        for t in store.match_targets(product.0, &city, &[], limit).await? {
            let why = t
                .reasons
                .iter()
                .map(|w| w.ja)
                .collect::<Vec<_>>()
                .join("・");
            out.push(Suggestion {
                key: format!("target:{}", t.id),
                name: t.name,
                city: Some(city.clone()),
                why,
            });
        }
    }
    let words = if r.words.is_empty() {
        r.purpose.kind_name(&r.kind).ja.to_owned()
    } else {
        r.words.clone()
    };
    let (kind, prefix) = match r.purpose {
        Purpose::Brokering => (DocKind::Company, "company"),
        Purpose::Sites => (DocKind::Target, "target"),
    };
    let q = SearchQuery {
        text: words,
        kind: Some(kind),
        per_page: u64::try_from(limit).unwrap_or(20),
        ..Default::default()
    };
    let found = store.search(&list_scope(&caller.subject), &q).await?;
    for h in found.hits {
        if kind == DocKind::Company && h.id == r.company_id.0 {
            continue;
        }
        out.push(Suggestion {
            key: format!("{prefix}:{}", h.id),
            name: h.title,
            city: h.city,
            why: h.detail,
        });
    }
    // What other cities offer (companies listed, sites coordinators know) keeps up to half
    // the places, so the city's own many matches never crowd it out.
    let mut others = match r.purpose {
        Purpose::Brokering => listed_suggestions(app, r, &q.text).await?,
        Purpose::Sites => network_suggestions(app, &q.text).await?,
    };
    let mut seen = taken;
    let mut fresh = |s: &Suggestion| {
        let fresh = !seen.contains(&s.key);
        seen.push(s.key.clone());
        fresh
    };
    out.retain(&mut fresh);
    others.retain(&mut fresh);
    out.truncate(limit.saturating_sub(others.len().min(limit / 2)));
    out.extend(others);
    out.truncate(limit);
    Ok(out)
}

/// Companies of other cities that listed themselves as possible partners (their consent to
/// be shown: `renkei_domain::listing`) and whose name, industry or what they offer holds one
/// of the request's words.
async fn listed_suggestions(
    app: &App,
    r: &PartnerRequestRecord,
    words: &str,
) -> Result<Vec<Suggestion>> {
    use renkei_domain::text::fold;
    let store = app.store();
    let listed = store.partner_listings().await?;
    let ids = listed.iter().map(|l| l.company_id);
    let companies = store.companies_by_id(ids).await?;
    let words: Vec<String> = fold(words).split_whitespace().map(str::to_owned).collect();
    let mut out = Vec::new();
    for l in &listed {
        let Some(c) = companies.get(&l.company_id) else {
            continue;
        };
        if c.id == r.company_id || c.home_city == r.city || c.merged_into.is_some() {
            continue;
        }
        let text = fold(&format!("{} {} {}", c.name, c.industry, l.offers));
        if words.iter().any(|w| text.contains(w.as_str())) {
            out.push(Suggestion {
                key: format!("company:{}", c.id),
                name: c.name.clone(),
                city: Some(c.home_city.to_string()),
                why: format!("連携候補として公開：{}", l.offers),
            });
        }
    }
    Ok(out)
}

/// The sites coordinators of any city can introduce (the coordinator network's knowledge)
/// that answer the request's words, each naming who can introduce it.
async fn network_suggestions(app: &App, words: &str) -> Result<Vec<Suggestion>> {
    Ok(crate::network::sites::matching(app, words)
        .await?
        .into_iter()
        .map(|(s, who)| Suggestion {
            key: format!("network:{}", s.id),
            why: format!(
                "コーディネーター{who}さんが紹介可能（{}）：{}",
                s.kind.name().ja,
                s.offers
            ),
            name: s.name,
            city: Some(s.city.to_string()),
        })
        .collect())
}

fn key_of(c: &CandidateRecord) -> Option<String> {
    match (c.company_id, c.target_id, c.site_id) {
        (Some(id), _, _) => Some(format!("company:{id}")),
        (_, Some(id), _) => Some(format!("target:{id}")),
        (_, _, Some(id)) => Some(format!("network:{id}")),
        _ => None,
    }
}

/// What is added as a candidate: a suggestion's key, or one typed by hand.
#[derive(Debug, Clone)]
pub enum Pick {
    Key(String),
    Manual(ManualCandidate),
}

/// The candidate a suggestion's key names, once the caller may read it (a company for
/// brokering, a sales-channel target for sites).
async fn picked(
    app: &App,
    caller: &Caller,
    purpose: Purpose,
    key: &str,
) -> Result<Option<(NewCandidate, Option<SiteRecord>)>> {
    let (kind, id) = key.split_once(':').unwrap_or_default();
    let Ok(id) = id.parse::<i64>() else {
        return Ok(None);
    };
    if (purpose, kind) == (Purpose::Sites, "network") {
        return network_pick(app, renkei_store::SiteId(id)).await;
    }
    let c = match (purpose, kind) {
        // A company of another city that listed itself: its consent shows its name and city.
        (Purpose::Brokering, "company")
            if app.store().partner_listing(CompanyId(id)).await?.is_some() =>
        {
            app.store()
                .company(CompanyId(id))
                .await?
                .filter(|(c, _)| c.merged_into.is_none())
                .map(|(c, _)| (Some(c.id), None, c.name, c.home_city))
        }
        (Purpose::Brokering, "company") => {
            match app.company(caller, Action::Read, CompanyId(id)).await {
                Ok(c) => {
                    let (company, _) = &*c;
                    Some((
                        Some(CompanyId(id)),
                        None,
                        company.name.clone(),
                        company.home_city,
                    ))
                }
                Err(Denied::Store(e)) => return Err(e),
                Err(_) => None,
            }
        }
        (Purpose::Sites, "target") => {
            match app.sales_target(caller, Action::Read, TargetId(id)).await {
                Ok(t) => Some((None, Some(id), t.name.clone(), t.city_code)),
                Err(Denied::Store(e)) => return Err(e),
                Err(_) => None,
            }
        }
        _ => None,
    };
    Ok(c.map(|(company_id, target_id, name, city)| {
        let new = NewCandidate {
            source: Source::Search,
            company_id,
            target_id,
            site_id: None,
            name,
            city: Some(city),
            note: String::new(),
        };
        (new, None)
    }))
}

/// A site a coordinator can introduce, as a candidate: open to every city's desk (the
/// directory's knowledge), noting who introduces it.
async fn network_pick(
    app: &App,
    id: renkei_store::SiteId,
) -> Result<Option<(NewCandidate, Option<SiteRecord>)>> {
    let Some(site) = app.store().network_site(id).await? else {
        return Ok(None);
    };
    let Some((who, _)) = app.store().user(site.user_id).await? else {
        return Ok(None);
    };
    let new = NewCandidate {
        source: Source::Network,
        company_id: None,
        target_id: None,
        site_id: Some(site.id.0),
        note: format!(
            "紹介：コーディネーター{}さん（{}）。{}",
            who.display_name,
            app.store().city_name(&site.city.to_string()),
            site.offers
        ),
        name: site.name.clone(),
        city: Some(site.city),
    };
    Ok(Some((new, Some(site))))
}

/// Adds a candidate to an open request, by those who work the case: one Renkei suggested
/// (which the caller may read), or one typed by hand.
pub async fn add(
    app: &App,
    caller: &Caller,
    r: &Checked<PartnerRequestRecord>,
    pick: &Pick,
) -> Result<std::result::Result<CandidateRecord, Refused>> {
    if !parties_to(app, caller, r).await?.contains(&Party::Desk) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    if !r.open {
        return Ok(Err(Refused::Step(Refusal::NotNow)));
    }
    let (new, site) = match pick {
        Pick::Key(key) => match picked(app, caller, r.purpose, key).await? {
            Some(c) if c.0.company_id != Some(r.company_id) => c,
            _ => {
                return Ok(Err(field(
                    "candidate",
                    "候補を一覧から選んでください。",
                    "Choose a candidate from the list.",
                )));
            }
        },
        Pick::Manual(m) => match partnering::check_manual(m) {
            Ok((name, city, note)) => {
                let new = NewCandidate {
                    source: Source::Manual,
                    company_id: None,
                    target_id: None,
                    site_id: None,
                    name,
                    city,
                    note,
                };
                (new, None)
            }
            Err(errors) => return Ok(Err(Refused::Fields(errors))),
        },
    };
    let taken = app.store().partner_candidates(r.id).await?;
    let same = |c: &&CandidateRecord| match (&new.company_id, new.target_id, new.site_id) {
        (Some(id), _, _) => c.company_id == Some(*id),
        (_, Some(id), _) => c.target_id == Some(id),
        (_, _, Some(id)) => c.site_id == Some(id),
        _ => false,
    };
    if taken.iter().any(|c| same(&c) && !c.state.is_end()) {
        return Ok(Err(field(
            "candidate",
            "この候補はすでに追加されています。",
            "This candidate is already on the list.",
        )));
    }
    let tx = app.store().begin().await?;
    let c = app
        .store()
        .insert_partner_candidate(&tx, r, &new, &caller.actor)
        .await?;
    // The coordinator of a site taken up from the network is told (as read when picked).
    if let Some(site) = site {
        crate::network::sites::tell_taken(app, &tx, &site, r.id.0).await?;
    }
    tx.commit().await?;
    Ok(Ok(c))
}

/// A candidate's move as a form sends it.
#[derive(Debug, Clone, Default)]
pub struct MoveForm {
    pub code: String,
    pub text: String,
    pub outcome: String,
    pub agree: bool,
}

/// The consent as kept: who, when, what, why and the words agreed to (with their version).
async fn consent_of(app: &App, caller: &Caller, c: &Candidacy) -> Result<CandidateConsent> {
    let company = app
        .store()
        .company(c.request.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    let city = app.store().city_name(&c.request.city.to_string());
    let purpose = c.request.purpose;
    Ok(CandidateConsent {
        user_id: caller.actor.id,
        by: caller.actor.label.clone(),
        at: Utc::now(),
        items: partnering::CONSENT_ITEMS.to_owned(),
        purpose: partnering::consent_purpose(purpose, &c.candidate.name),
        wording: partnering::consent_wording(&company, &city, purpose, &c.candidate.name),
        wording_version: partnering::CONSENT_WORDING_VERSION.to_owned(),
    })
}

/// The wording the company is asked to agree to for a candidate.
pub async fn consent_wording(app: &App, c: &Candidacy) -> Result<String> {
    let company = app
        .store()
        .company(c.request.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    Ok(partnering::consent_wording(
        &company,
        &app.store().city_name(&c.request.city.to_string()),
        c.request.purpose,
        &c.candidate.name,
    ))
}

/// Makes a move on a candidate the caller may read, as the first of their parties the table
/// allows, from the version they saw.
pub async fn move_candidate(
    app: &App,
    caller: &Caller,
    c: &Checked<Candidacy>,
    seen_version: i64,
    form: &MoveForm,
) -> Result<std::result::Result<Candidacy, Refused>> {
    let m = match Move::parse(&form.code, &form.text, &form.outcome, form.agree) {
        Ok(m) => m,
        Err(errors) => return Ok(Err(Refused::Fields(errors))),
    };
    let parties = parties_to(app, caller, &c.request).await?;
    let party = match workflow::party_for::<Candidate>(c.candidate.state, &parties, &m) {
        Ok(p) => p,
        Err(refusal) => return Ok(Err(Refused::Step(refusal))),
    };
    let write = CandidateWrite {
        consent: match m {
            Move::Consent => Some(consent_of(app, caller, c).await?),
            _ => None,
        },
    };
    let flow = CandidateFlow::new(app);
    let id = c.candidate.id;
    let moved = make_move(
        app,
        &flow,
        id,
        seen_version,
        party,
        &m,
        &write,
        &caller.actor,
    )
    .await?;
    Ok(moved.map_err(Refused::Step))
}

/// Closes an open request with its outcome, by those who work the case, once no candidate's
/// approach is still open: a support record on the case's product (if it is still active)
/// for the purpose's measure, provided by the case's city; the company is told.
pub async fn close(
    app: &App,
    caller: &Caller,
    r: &Checked<PartnerRequestRecord>,
    version: i64,
    (outcome, text): (&str, &str),
) -> Result<std::result::Result<PartnerRequestRecord, Refused>> {
    if !parties_to(app, caller, r).await?.contains(&Party::Desk) {
        return Ok(Err(Refused::Step(Refusal::NotYours)));
    }
    if !r.open {
        return Ok(Err(Refused::Step(Refusal::NotNow)));
    }
    let outcome = Outcome::from_code(outcome.trim()).filter(|o| r.purpose.outcomes().contains(o));
    let text = renkei_domain::text::clean(text);
    let mut errors = Vec::new();
    if outcome.is_none() {
        errors.push(FieldError::new(
            "outcome",
            "結果を選んでください。",
            "Choose the outcome.",
        ));
    }
    renkei_domain::kernel::too_long(&mut errors, "text", &text, partnering::TEXT_MAX);
    let store = app.store();
    let candidates = store.partner_candidates(r.id).await?;
    if candidates.iter().any(|c| !c.state.is_end()) {
        errors.push(FieldError::new(
            "outcome",
            "打診中の候補があります。各候補の結果を記録するか取りやめてから完了してください。",
            "Some candidates are still being approached: conclude or withdraw them first.",
        ));
    }
    let Some(outcome) = outcome.filter(|_| errors.is_empty()) else {
        return Ok(Err(Refused::Fields(errors)));
    };
    let tx = store.begin().await?;
    let support = support_of(app, &tx, r, outcome, &text, &caller.actor).await?;
    let after = store
        .close_partner_request(&tx, r, version, (outcome, &text), support, &caller.actor)
        .await?;
    let name = outcome.name();
    for person in store.company_users(&tx, r.company_id).await? {
        app.notify(&tx, &person, None, &notice(&after, "", (name.ja, name.en)))
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(after))
}

/// The support record a closed request becomes on the case's product, if it is active.
async fn support_of(
    app: &App,
    tx: &Tx,
    r: &PartnerRequestRecord,
    outcome: Outcome,
    text: &str,
    actor: &Actor,
) -> Result<Option<i64>> {
    let store = app.store();
    let (Some(product), Some(measure)) = (
        r.product_id,
        renkei_domain::catalog::measure(r.purpose.measure()),
    ) else {
        return Ok(None);
    };
    let products = store.company_products_in(tx, r.company_id).await?;
    let Some(product) = products.iter().find(|p| p.id == product) else {
        return Ok(None);
    };
    let words = outcome.name().ja;
    let support = Support {
        measure,
        provider: if product.home_city == r.city {
            Provider::Own
        } else {
            Provider::PartnerCity
        },
        provider_city: Some(r.city),
        date: Some(today()),
        outcome: if text.is_empty() {
            words.to_owned()
        } else {
            format!("{words}: {text}")
        },
        notes: format!(
            "{}#{}（{}）相談#{}",
            r.purpose.name().ja,
            r.id,
            r.purpose.kind_name(&r.kind).ja,
            r.consultation_id
        ),
    };
    let record = store
        .add_support_in(tx, product, &support, None, actor)
        .await?;
    Ok(Some(record.id))
}

/// Reminds the party each overdue candidate's step waits on, once per step.
pub async fn remind(app: &App, now: DateTime<Utc>) -> Result<usize> {
    crate::workflow::remind(app, &CandidateFlow::new(app), now).await
}

/// One line of the counts: a city, a purpose, a kind and how the request stands (its
/// outcome once closed, otherwise `open`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CountKey {
    pub city: String,
    pub purpose: &'static str,
    pub kind: String,
    pub standing: &'static str,
}

/// The requests counted by city × purpose × kind × outcome.
pub fn counts(requests: &[PartnerRequestRecord]) -> Vec<(CountKey, usize)> {
    let mut counted: BTreeMap<CountKey, usize> = BTreeMap::new();
    for r in requests {
        let key = CountKey {
            city: r.city.to_string(),
            purpose: r.purpose.code(),
            kind: r.kind.clone(),
            standing: r.outcome.map(|o| o.code()).unwrap_or("open"),
        };
        *counted.entry(key).or_default() += 1;
    }
    counted.into_iter().collect()
}
