//! What the certification gives and what supported companies give back: the public registry
//! of certified companies (per city and for every city: [`registry`]); the certified
//! community — its directory and its events, open to members only ([`community`],
//! [`certified_by`]), and the business-matching requests between its members ([`ask`],
//! [`move_matching`]); and the contributions (地域貢献) of supported
//! companies, each tied to support the company received, proposed by the company
//! ([`propose`]) and confirmed or declined by its city ([`move_contribution`]).

use chrono::NaiveDate;
use renkei_domain::FieldError;
use renkei_domain::access::{Action, CsrThing, Resource, contribution_parties, matching_parties};
use renkei_domain::city::CityCode;
use renkei_domain::csr::contribution::{
    self as rules, ContributionDraft, ContributionFlow, MatchMove, MatchState, MatchingFlow, Move,
    State,
};
use renkei_domain::event::Audience;
use renkei_domain::workflow::{self, Refusal};
use renkei_store::{
    CompanyId, CompanyRecord, ContributionId, ContributionRecord, EventQuery, EventRecord,
    MatchingId, MatchingRecord, Result, StoreError, UserRecord,
};

use super::{Refused, field, own_companies};
use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};
use crate::consultations::today;

/// A certified company as the registry shows it.
#[derive(Debug, Clone)]
pub struct Certified {
    pub number: String,
    pub company_id: CompanyId,
    pub company: String,
    pub city: CityCode,
    pub certified_on: NaiveDate,
    pub term_ends_on: NaiveDate,
}

/// The published certifications whose term has not ended, of a city or of every one: open to
/// anyone.
pub async fn registry(app: &App, city: Option<&CityCode>) -> Result<Vec<Certified>> {
    let today = today();
    let mut out = Vec::new();
    for r in app.store().csr_registry(city).await? {
        let (Some(number), Some(on), Some(ends)) = (r.number, r.certified_on, r.term_ends_on)
        else {
            continue;
        };
        if ends < today {
            continue;
        }
        let Some((c, _)) = app.store().company(r.company_id).await? else {
            continue;
        };
        out.push(Certified {
            number,
            company_id: r.company_id,
            company: c.name,
            city: r.city,
            certified_on: on,
            term_ends_on: ends,
        });
    }
    Ok(out)
}

/// The cities whose certification a company holds now (its term not ended): the community
/// events it may register for are those these cities organise.
pub async fn certified_by(app: &App, company: CompanyId) -> Result<Vec<CityCode>> {
    let today = today();
    Ok(app
        .store()
        .certifications_of_company(company)
        .await?
        .into_iter()
        .filter(|r| r.state.holds() && r.term_ends_on.is_some_and(|e| e >= today))
        .map(|r| r.city)
        .collect())
}

/// The companies of the caller that hold a certification now (the community's members).
pub async fn memberships(app: &App, caller: &Caller) -> Result<Vec<CompanyId>> {
    let mut out = Vec::new();
    for c in own_companies(caller) {
        if !certified_by(app, c).await?.is_empty() {
            out.push(c);
        }
    }
    Ok(out)
}

/// What the community's page shows.
pub struct Community {
    /// The directory: every certified company.
    pub listed: Vec<Certified>,
    /// The caller's member companies' matching requests, asked and received.
    pub requests: Vec<MatchingRecord>,
    /// The caller's companies that are members.
    pub members: Vec<CompanyId>,
    /// The published events for the certified community still to come, of every city.
    pub events: Vec<EventRecord>,
}

/// The community's directory (every certified company), its events and, for a member, its
/// matching requests: for the members and for every city's staff and coordinators.
pub async fn community(app: &App, caller: &Caller) -> std::result::Result<Community, Denied> {
    signed_in(caller)?;
    let members = memberships(app, caller).await?;
    let thing = CsrThing::Community {
        member: !members.is_empty(),
    };
    app.require(caller, Action::Read, Resource::Csr(thing))
        .await?;
    let mut requests = Vec::new();
    for c in &members {
        requests.extend(app.store().matchings_of(*c).await?);
    }
    let events = app
        .store()
        .events(&EventQuery {
            published_only: true,
            audience: Some(Audience::CsrMembers),
            from: Some(chrono::Utc::now()),
            limit: 50,
            ..EventQuery::default()
        })
        .await?;
    Ok(Community {
        listed: registry(app, None).await?,
        requests,
        members,
        events,
    })
}

/// A member asks another member for business matching, with its message.
pub async fn ask(
    app: &App,
    caller: &Caller,
    asked: CompanyId,
    message: &str,
) -> std::result::Result<std::result::Result<MatchingRecord, Refused<MatchState>>, Denied> {
    signed_in(caller)?;
    let members = memberships(app, caller).await?;
    let thing = CsrThing::Community {
        member: !members.is_empty(),
    };
    app.require(caller, Action::Write, Resource::Csr(thing))
        .await?;
    let asker = members[0];
    let listed = registry(app, None).await?;
    let mut errors = Vec::new();
    if asked == asker || !listed.iter().any(|c| c.company_id == asked) {
        errors.push(FieldError::new(
            "asked",
            "依頼先の企業を認証企業の一覧から選んでください（自社は選べません）。",
            "Choose a certified company from the list (not your own).",
        ));
    }
    let message = rules::parse_message(message).unwrap_or_else(|e| {
        errors.extend(e);
        String::new()
    });
    if !errors.is_empty() {
        return Ok(Err(Refused::Fields(errors)));
    }
    let r = app
        .store()
        .insert_matching((asker, asked), &message, &caller.actor)
        .await?;
    tell_company(
        app,
        asked,
        &r,
        ("連携の依頼が届きました", "a matching request arrived"),
    )
    .await?;
    Ok(Ok(r))
}

async fn tell_company(
    app: &App,
    company: CompanyId,
    r: &MatchingRecord,
    what: (&str, &str),
) -> Result<()> {
    let tx = app.store().begin().await?;
    let people: Vec<UserRecord> = app.store().company_users(&tx, company).await?;
    let notice = renkei_store::Notice {
        ja: format!("認証企業コミュニティ 連携の依頼#{}: {}", r.id, what.0),
        en: format!("CSR community matching request #{}: {}", r.id, what.1),
        link: "/csr/community".to_owned(),
    };
    for p in &people {
        app.notify(&tx, p, None, &notice).await?;
    }
    tx.commit().await
}

/// A matching request, if the caller is one of its two companies.
pub async fn load_matching(
    app: &App,
    caller: &Caller,
    id: MatchingId,
) -> std::result::Result<Checked<MatchingRecord>, Denied> {
    signed_in(caller)?;
    let r = match app.store().matching(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => {
            return Err(app
                .absent(caller, Action::Write, format!("Matching {id}"))
                .await);
        }
        Err(e) => return Err(e.into()),
    };
    let thing = CsrThing::Matching {
        asker: r.asker.0,
        asked: r.asked.0,
    };
    app.require(caller, Action::Write, Resource::Csr(thing))
        .await?;
    Ok(Checked::new(r, Action::Write))
}

/// Answers or withdraws a matching request from the version read.
pub async fn move_matching(
    app: &App,
    caller: &Caller,
    r: &Checked<MatchingRecord>,
    seen_version: i64,
    m: MatchMove,
) -> Result<std::result::Result<MatchingRecord, Refusal<MatchState>>> {
    let parties = matching_parties(&caller.subject, r.asker.0, r.asked.0);
    let party = match workflow::party_for::<MatchingFlow>(r.state, &parties, &m) {
        Ok(p) => p,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let to = match workflow::apply::<MatchingFlow>(r.state, party, &m) {
        Ok(to) => to,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if r.version != seen_version {
        return Err(StoreError::Conflict);
    }
    let after = app
        .store()
        .write_matching_move(r, (to, party, m), &caller.actor)
        .await?;
    let other = if party == rules::MatchParty::Asker {
        r.asked
    } else {
        r.asker
    };
    let name = m.name();
    tell_company(app, other, &after, (name.ja, name.en)).await?;
    Ok(Ok(after))
}

/// A company's contributions and the support it received (to tie a new one to), once the
/// caller may read the company.
pub async fn contributions(
    app: &App,
    company: &Checked<(CompanyRecord, Vec<renkei_store::ContactRecord>)>,
) -> Result<Vec<ContributionRecord>> {
    app.store().contributions_of_company(company.0.id).await
}

/// The support a company's products received: (id, what it was), newest first.
pub async fn support_received(app: &App, company: CompanyId) -> Result<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for p in app.store().company_products(company).await? {
        for s in app.store().product_support(p.id).await? {
            let when = s
                .supported_on
                .map(renkei_domain::jdate::wareki)
                .unwrap_or_default();
            out.push((
                s.id,
                format!("{} — {}（{when}）", p.name, s.measure.name.ja),
            ));
        }
    }
    out.sort_by_key(|(id, _)| std::cmp::Reverse(*id));
    Ok(out)
}

/// A company proposes a contribution, tied to support one of its products received; its
/// city's full staff are told.
pub async fn propose(
    app: &App,
    caller: &Caller,
    company: &CompanyRecord,
    draft: &ContributionDraft,
) -> std::result::Result<std::result::Result<ContributionRecord, Vec<FieldError>>, Denied> {
    let thing = CsrThing::Start {
        city: &company.home_city,
        company: company.id.0,
    };
    app.require(caller, Action::Write, Resource::Csr(thing))
        .await?;
    let c = match draft.validate(today()) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e)),
    };
    let support = support_received(app, company.id).await?;
    if !support.iter().any(|(id, _)| *id == c.support) {
        return Ok(Err(vec![FieldError::new(
            "support",
            "自社が受けた支援を一覧から選んでください。",
            "Choose support your company received.",
        )]));
    }
    let r = app
        .store()
        .insert_contribution((&company.home_city, company.id), &c, &caller.actor)
        .await?;
    let tx = app.store().begin().await?;
    let notice = contribution_notice(&r, ("確認をお願いします", "please confirm"));
    for p in app.store().city_staff(&tx, &r.city).await? {
        app.notify(&tx, &p, None, &notice).await?;
    }
    tx.commit().await?;
    Ok(Ok(r))
}

fn contribution_notice(r: &ContributionRecord, what: (&str, &str)) -> renkei_store::Notice {
    renkei_store::Notice {
        ja: format!("地域貢献#{}（{}）: {}", r.id, r.title, what.0),
        en: format!("Contribution #{} ({}): {}", r.id, r.title, what.1),
        link: format!("/companies/{}/contributions", r.company_id),
    }
}

/// A contribution, once the policy allows the caller `action` on it.
pub async fn load_contribution(
    app: &App,
    caller: &Caller,
    action: Action,
    id: ContributionId,
) -> std::result::Result<Checked<ContributionRecord>, Denied> {
    signed_in(caller)?;
    let r = match app.store().contribution(id).await {
        Ok(r) => r,
        Err(StoreError::NotFound) => {
            return Err(app
                .absent(caller, action, format!("Contribution {id}"))
                .await);
        }
        Err(e) => return Err(e.into()),
    };
    let thing = CsrThing::Contribution {
        city: &r.city,
        company: r.company_id.0,
    };
    app.require(caller, action, Resource::Csr(thing)).await?;
    Ok(Checked::new(r, action))
}

/// Confirms, declines or withdraws a contribution from the version read; the other side is
/// told.
pub async fn move_contribution(
    app: &App,
    caller: &Caller,
    r: &Checked<ContributionRecord>,
    seen_version: i64,
    m: &Move,
) -> Result<std::result::Result<ContributionRecord, Refusal<State>>> {
    if r.action() != Action::Write {
        return Ok(Err(Refusal::NotYours));
    }
    let parties = contribution_parties(&caller.subject, &r.city, r.company_id.0);
    let party = match workflow::party_for::<ContributionFlow>(r.state, &parties, m) {
        Ok(p) => p,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let to = match rules::apply(r.state, party, m) {
        Ok(to) => to,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if r.version != seen_version {
        return Err(StoreError::Conflict);
    }
    let tx = app.store().begin().await?;
    let after = app
        .store()
        .write_contribution_move(&tx, r, to, party, m, &caller.actor)
        .await?;
    let name = m.name();
    let notice = contribution_notice(&after, (name.ja, name.en));
    let people = match party {
        rules::Party::City => app.store().company_users(&tx, r.company_id).await?,
        rules::Party::Company => app.store().city_staff(&tx, &r.city).await?,
    };
    for p in &people {
        app.notify(&tx, p, None, &notice).await?;
    }
    tx.commit().await?;
    Ok(Ok(after))
}

/// A city's confirmed contributions by kind (its evidence): (kind, count), every kind.
pub async fn city_counts(app: &App, city: &CityCode) -> Result<Vec<(rules::Kind, usize)>> {
    let all = app.store().contributions_of_city(city).await?;
    Ok(rules::Kind::ALL
        .iter()
        .map(|k| {
            let n = all
                .iter()
                .filter(|c| c.kind == *k && c.state == State::Confirmed)
                .count();
            (*k, n)
        })
        .collect())
}

/// The refusal of a contribution's proposal as a form's error (a company that is not the
/// caller's).
pub fn not_yours<S>() -> Refused<S> {
    field(
        "company",
        "自社の地域貢献だけを登録できます。",
        "You record your own company's contributions only.",
    )
}
