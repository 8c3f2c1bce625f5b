//! Inter-city referrals (第3章): selection from a product's page, one page per referral that
//! shows each party what the workflow lets it see at its step and the forms of the steps that
//! are its own (consent, sending, accepting or declining, targets and their answers, feedback
//! to the sending city, forwarding, the sales-activity log, the outcome, closing, withdrawal,
//! 感想), the target's page behind a one-time link, the lists (all, overdue, the pilot-style
//! summary), each city's expected times, and notifications.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use renkei_app::referrals::{self, MoveInput};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, ReferralFacts, Resource, Role, list_scope, referral_parties};
use renkei_domain::city::CityCode;
use renkei_domain::product::EvaluationKind;
use renkei_domain::referral::{
    self as rules, ActivityDraft, ActivityKind, DeclineReason, Move, Outcome, Party, Refusal,
    SelectionDraft, State as Step, TargetAnswer, validate_consent, validate_feedback, visibility,
    waiting_on,
};
use renkei_domain::target::TargetKind;
use renkei_domain::{Lang, Text};
use renkei_store::{
    Consent, PageRequest, ReferralQuery, ReferralRecord, ReferralTargetRecord, SalesTargetRecord,
    StoreError, TargetLinkError, TargetQuery,
};
use serde::Deserialize;

use super::{Base, Choice, Errors, city_name, coded_choices, encode, in_jst, load_product, tr};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::{Caller, FormInput, QueryInput};
use crate::lang::UiLang;

/// A referral, with what the policy needs to know of it.
pub(crate) struct Loaded {
    pub r: ReferralRecord,
    pub sending: CityCode,
    pub receiving: CityCode,
    /// Whether the receiving city holds the dossier's grant now.
    pub sent: bool,
    pub targets: Vec<(ReferralTargetRecord, SalesTargetRecord)>,
    pub target_ids: Vec<i64>,
}

impl Loaded {
    pub fn step(&self) -> Step {
        Step::from_code(&self.r.state).unwrap_or(Step::Withdrawn)
    }

    pub fn facts(&self) -> ReferralFacts<'_> {
        ReferralFacts {
            sending: &self.sending,
            receiving: &self.receiving,
            company: self.r.company_id,
            sent: self.sent,
            open: !self.step().is_end(),
            targets: &self.target_ids,
        }
    }
}

/// The referral of `id`, once the policy allows `action` on it.
pub(crate) async fn load_referral(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    id: i64,
) -> Result<Loaded, AppError> {
    viewer.require_signed_in().await?;
    let r = state.store.referral(id).await?.ok_or(AppError::NotFound)?;
    let sending = CityCode::parse(&r.sending_city).map_err(|_| AppError::NotFound)?;
    let receiving = CityCode::parse(&r.receiving_city).map_err(|_| AppError::NotFound)?;
    let sent = state
        .store
        .referral_shared_with(&r)
        .await?
        .contains(&receiving);
    let targets = state.store.referral_targets(id).await?;
    let target_ids = targets.iter().map(|(_, t)| t.id).collect();
    let loaded = Loaded {
        r,
        sending,
        receiving,
        sent,
        targets,
        target_ids,
    };
    viewer
        .require(action, Resource::Referral(&loaded.facts()))
        .await?;
    Ok(loaded)
}

fn step_label(lang: Lang, s: Step) -> &'static str {
    s.name().get(lang)
}

fn kinds_label(lang: Lang, codes: &str) -> String {
    codes
        .split(',')
        .filter_map(TargetKind::from_code)
        .map(|k| k.name().get(lang))
        .collect::<Vec<_>>()
        .join("、")
}

// ---------------------------------------------------------------------------------------
// ① Selection, from the product's page

#[derive(Template, WebTemplate)]
#[template(path = "referral_new.html")]
pub struct NewPage {
    base: Base,
    product_id: i64,
    product: String,
    company: String,
    eligibility: Option<String>,
    cities: Vec<Choice>,
    reason: String,
    csrf: String,
    errors: Errors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewForm {
    receiving: String,
    reason: String,
    csrf: String,
}

async fn eligibility_of(
    state: &AppState,
    p: &renkei_store::ProductRecord,
) -> Result<Result<(), Text>, AppError> {
    let home = CityCode::parse(&p.home_city).map_err(|_| AppError::NotFound)?;
    let evaluations = state.store.product_evaluations(p.id).await?;
    let adoptions = state.store.product_adoptions(p.id).await?.len();
    Ok(super::products::eligibility_of(
        &home,
        &evaluations,
        adoptions,
    ))
}

async fn new_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    p: &renkei_store::ProductRecord,
    form: &NewForm,
    errors: &[FieldError],
) -> Result<NewPage, AppError> {
    let eligibility = eligibility_of(state, p)
        .await?
        .err()
        .map(|t| t.get(lang).to_owned());
    let company = state
        .store
        .company(p.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    let cities = state
        .store
        .cities()
        .iter()
        .filter(|c| c.code != p.home_city)
        .map(|c| Choice {
            value: c.code.clone(),
            label: c.name.clone(),
            selected: c.code == form.receiving,
        })
        .collect();
    Ok(NewPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "他都市への紹介（選定）", "Refer to another city"),
            "referrals",
        ),
        product_id: p.id,
        product: p.name.clone(),
        company,
        eligibility,
        cities,
        reason: form.reason.clone(),
        csrf: viewer.csrf().to_owned(),
        errors: Errors::of(lang, errors),
    })
}

pub async fn new_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> Result<NewPage, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    new_page(&state, lang, &uri, &viewer, &p, &NewForm::default(), &[]).await
}

pub async fn create(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<NewForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let home = CityCode::parse(&p.home_city).map_err(|_| AppError::NotFound)?;
    let draft = SelectionDraft {
        receiving: form.receiving.clone(),
        reason: form.reason.clone(),
    };
    let errors = match draft.validate(&home, eligibility_of(&state, &p).await?) {
        Ok((receiving, reason)) => {
            match referrals::select(&state.app, p.id, &receiving, &reason, &viewer.actor).await {
                Ok(r) => {
                    state.mail_queued();
                    return Ok(Redirect::to(&format!("/referrals/{}", r.id)).into_response());
                }
                Err(StoreError::Duplicate(_)) => vec![FieldError::new(
                    "receiving",
                    "この市への紹介はすでに進行中です。紹介の一覧から開いてください。",
                    "A referral of this product to that city is already under way.",
                )],
                Err(e) => return Err(e.into()),
            }
        }
        Err(errors) => errors,
    };
    let page = new_page(&state, lang, &uri, &viewer, &p, &form, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

// ---------------------------------------------------------------------------------------
// The referral's page

pub struct MoveButton {
    pub code: &'static str,
    pub label: &'static str,
    pub needs_reason: bool,
    pub needs_outcome: bool,
    /// Ends the referral: the button says so.
    pub ends: bool,
}

pub struct EventRow {
    pub at: String,
    pub what: String,
    pub note: String,
    pub who: String,
}

pub struct TargetRow {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub kind: &'static str,
    pub departments: String,
    pub answer: &'static str,
    pub pending: bool,
    pub answered_at: String,
    pub provided: bool,
    /// The contact, where the viewer may see it.
    pub contact: Option<String>,
}

pub struct MatchRow {
    pub id: i64,
    pub name: String,
    pub reasons: Vec<&'static str>,
    pub details: String,
}

pub struct FeedbackRow {
    pub party: String,
    pub rating: i16,
    pub comment: String,
    pub at: String,
}

pub struct ActivityRow {
    pub date: String,
    pub kind: &'static str,
    pub note: String,
    pub who: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "referral.html")]
pub struct ReferralPage {
    base: Base,
    r: ReferralRecord,
    step: &'static str,
    waiting: &'static str,
    sending: String,
    receiving: String,
    parties: String,
    /// The dossier: shown to those who may see it.
    product_id: i64,
    product_link: bool,
    product: String,
    product_summary: String,
    product_category: String,
    product_users: String,
    evaluations: Vec<String>,
    company_id: i64,
    company_link: bool,
    company: String,
    company_address: String,
    company_industry: String,
    company_website: String,
    company_contacts: Vec<String>,
    wanted: String,
    consent: Option<(String, String)>,
    decline_reason: String,
    outcome: String,
    /// The company's consent form (①→②).
    consent_form: Option<String>,
    kinds: Vec<Choice>,
    moves: Vec<MoveButton>,
    reasons: Vec<Choice>,
    outcomes: Vec<Choice>,
    events: Vec<EventRow>,
    /// Targets: their list is the receiving city's; the others see them after feedback.
    show_targets: bool,
    targets: Vec<TargetRow>,
    target_counts: (usize, usize, usize),
    /// The receiving city adds and answers for targets while it looks for them.
    manage_targets: bool,
    candidates: Vec<Choice>,
    tq: String,
    new_link: Option<String>,
    /// The receiving city's targets ranked for the product, with why (while it looks).
    matches: Vec<MatchRow>,
    /// The receiving city's own products like this one (競合製品の可能性).
    competing: Vec<(String, String, u32)>,
    /// The viewer is a target of this referral: its own row.
    own_target: Option<TargetRow>,
    answers: Vec<Choice>,
    activities: Vec<ActivityRow>,
    activity_form: bool,
    activity_kinds: Vec<Choice>,
    feedback: Vec<FeedbackRow>,
    feedback_as: Option<String>,
    csrf: String,
    saved: bool,
    errors: Errors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    saved: Option<String>,
    /// Words to find candidate targets by.
    tq: String,
}

fn party_key(p: Party, viewer: &Viewer, l: &Loaded) -> Option<String> {
    match p {
        Party::SendingCity => Some("sending".into()),
        Party::ReceivingCity => Some("receiving".into()),
        Party::Company => Some("company".into()),
        Party::Target => viewer.subject.roles.iter().find_map(|r| match r {
            Role::TargetContact { organization } if l.target_ids.contains(organization) => {
                Some(format!("target:{organization}"))
            }
            _ => None,
        }),
    }
}

fn feedback_party_label(lang: Lang, key: &str, l: &Loaded) -> String {
    match key {
        "sending" => Party::SendingCity.name().get(lang).to_owned(),
        "receiving" => Party::ReceivingCity.name().get(lang).to_owned(),
        "company" => Party::Company.name().get(lang).to_owned(),
        other => {
            let id: i64 = other
                .strip_prefix("target:")
                .and_then(|v| v.parse().ok())
                .unwrap_or_default();
            l.targets
                .iter()
                .find(|(_, t)| t.id == id)
                .map_or_else(|| other.to_owned(), |(_, t)| t.name.clone())
        }
    }
}

fn target_row(
    lang: Lang,
    rt: &ReferralTargetRecord,
    t: &SalesTargetRecord,
    contact: bool,
) -> TargetRow {
    let answer = TargetAnswer::from_code(&rt.answer).unwrap_or(TargetAnswer::Pending);
    let contact_text = [
        t.contact_department.as_str(),
        t.contact_name.as_str(),
        t.contact_phone.as_str(),
        t.contact_email.as_str(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" ");
    TargetRow {
        id: rt.id,
        version: rt.version,
        name: t.name.clone(),
        kind: TargetKind::from_code(&t.kind).map_or("", |k| k.name().get(lang)),
        departments: t.departments.replace('\n', "、"),
        answer: answer.name().get(lang),
        pending: answer == TargetAnswer::Pending,
        answered_at: rt
            .answered_at
            .map(|t| in_jst(t).format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        provided: rt.provided_at.is_some(),
        contact: (contact && !contact_text.is_empty()).then_some(contact_text),
    }
}

#[allow(clippy::too_many_arguments)]
async fn referral_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    l: &Loaded,
    tq: &str,
    new_link: Option<String>,
    errors: &[FieldError],
    saved: bool,
) -> Result<ReferralPage, AppError> {
    let r = &l.r;
    let step = l.step();
    let facts = l.facts();
    let readers = referral_parties(&viewer.subject, &facts, false);
    let actors = referral_parties(&viewer.subject, &facts, true);
    let is = |p: Party| readers.contains(&p);
    let admin = viewer.subject.roles.contains(&Role::PlatformAdmin);
    let dossier = admin
        || readers
            .iter()
            .any(|p| visibility(step, *p, l.sent, false).dossier);
    let product = state.store.product(r.product_id).await?;
    let (company, contacts) = state
        .store
        .company(r.company_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let evaluations = if dossier {
        state
            .store
            .product_evaluations(r.product_id)
            .await?
            .iter()
            .map(|e| {
                let kind = EvaluationKind::from_code(&e.kind).map_or("", |k| k.name().get(lang));
                format!("{kind}: {}", e.title)
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut moves = Vec::new();
    for m in Move::all() {
        if m == Move::Consent {
            continue;
        }
        if actors.iter().any(|p| rules::apply(step, *p, &m).is_ok()) {
            moves.push(MoveButton {
                code: m.code(),
                label: m.name().get(lang),
                needs_reason: matches!(m, Move::Decline(_)),
                needs_outcome: matches!(m, Move::ReportOutcome(_)),
                ends: matches!(m, Move::Withdraw | Move::Decline(_) | Move::Close),
            });
        }
    }
    let consent_form = (step == Step::Selected && actors.contains(&Party::Company)).then(|| {
        rules::consent_wording(
            &company.name,
            &city_name(state, &r.sending_city),
            &city_name(state, &r.receiving_city),
        )
    });
    let events = state
        .store
        .referral_events(r.id)
        .await?
        .into_iter()
        .filter(|e| {
            // Which targets were approached, and how each answered, is the receiving city's:
            // the others see the targets that agreed, in the table below.
            is(Party::ReceivingCity) || admin || !e.move_code.starts_with("target-")
        })
        .map(|e| {
            let what = match e.move_code.as_str() {
                "select" => tr(lang, "①紹介する製品として選定", "Selected").to_owned(),
                "target-add" => tr(lang, "販路開拓先を追加", "Target added").to_owned(),
                "target-provide" => {
                    tr(lang, "販路開拓先へ情報提供", "Information provided").to_owned()
                }
                code if code.starts_with("target-") => format!(
                    "{}（{}）",
                    tr(lang, "販路開拓先の回答", "Target's answer"),
                    TargetAnswer::from_code(&code["target-".len()..])
                        .map_or("", |a| a.name().get(lang))
                ),
                code => Move::parse(code, "other", "continuing")
                    .map(|m| m.name().get(lang).to_owned())
                    .unwrap_or_else(|_| code.to_owned()),
            };
            EventRow {
                at: in_jst(e.at).format("%Y-%m-%d %H:%M").to_string(),
                what,
                note: e.note,
                who: e.actor_label,
            }
        })
        .collect();
    // Targets: the receiving city sees its own; the sending city and the company see them
    // once it reported back, with the contacts of those that agreed.
    let receiving_view = is(Party::ReceivingCity) || admin;
    // The sending city and the company see the targets that agreed once the receiving city
    // reported back; a target sees only its own row (below), never the others.
    let after_feedback = (is(Party::SendingCity) || is(Party::Company))
        && visibility(step, Party::SendingCity, l.sent, true).agreed_target_contacts;
    let show_targets = receiving_view || after_feedback;
    let targets: Vec<TargetRow> = l
        .targets
        .iter()
        .filter(|(rt, _)| receiving_view || rt.answer == TargetAnswer::Agreed.code())
        .map(|(rt, t)| target_row(lang, rt, t, true))
        .collect();
    let count = |a: TargetAnswer| {
        l.targets
            .iter()
            .filter(|(rt, _)| rt.answer == a.code())
            .count()
    };
    let target_counts = (
        l.targets.len(),
        count(TargetAnswer::Agreed),
        count(TargetAnswer::Declined) + count(TargetAnswer::NoAnswer),
    );
    let manage_targets = step == Step::Accepted && actors.contains(&Party::ReceivingCity);
    let candidates = if manage_targets {
        let wanted: Vec<&str> = r.wanted_kinds.split(',').collect();
        let mut found = Vec::new();
        for kind in wanted.iter().map(|k| Some((*k).to_owned())).chain([None]) {
            let q = TargetQuery {
                city: Some(l.receiving),
                kind,
                text: (!tq.trim().is_empty()).then(|| tq.to_owned()),
            };
            for t in state
                .store
                .sales_targets(&q, PageRequest::new(1, 50))
                .await?
                .items
            {
                if !l.target_ids.contains(&t.id) && !found.iter().any(|(id, _)| *id == t.id) {
                    found.push((t.id, t));
                }
            }
            if found.len() >= 50 {
                break;
            }
        }
        found
            .into_iter()
            .take(50)
            .map(|(id, t)| Choice {
                value: id.to_string(),
                label: format!(
                    "{}（{}）",
                    t.name,
                    TargetKind::from_code(&t.kind).map_or("", |k| k.name().get(lang))
                ),
                selected: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    let matches = if manage_targets {
        let wanted: Vec<String> = r.wanted_kinds.split(',').map(str::to_owned).collect();
        state
            .store
            .match_targets(r.product_id, &r.receiving_city, &wanted, 10)
            .await?
            .into_iter()
            .filter(|m| !l.target_ids.contains(&m.id))
            .map(|m| MatchRow {
                id: m.id,
                name: m.name,
                reasons: m.reasons.iter().map(|t| t.get(lang)).collect(),
                details: m.details.join("、"),
            })
            .collect()
    } else {
        Vec::new()
    };
    let competing = if receiving_view && matches!(step, Step::Sent | Step::Accepted) {
        state
            .store
            .similar_to(
                (renkei_store::DocKind::Product, r.product_id),
                renkei_store::DocKind::Product,
                Some(&r.receiving_city),
                Some(r.company_id),
                0.2,
                5,
            )
            .await?
            .into_iter()
            .map(|s| (s.title, s.link, (s.similarity * 100.0).round() as u32))
            .collect()
    } else {
        Vec::new()
    };
    let own_target = if is(Party::Target) {
        l.targets
            .iter()
            .find(|(_, t)| {
                viewer
                    .subject
                    .roles
                    .contains(&Role::TargetContact { organization: t.id })
            })
            .map(|(rt, t)| target_row(lang, rt, t, false))
    } else {
        None
    };
    let activities = if is(Party::SendingCity) || is(Party::Company) || admin {
        state
            .store
            .activities(r.id)
            .await?
            .into_iter()
            .map(|a| ActivityRow {
                date: a.on_date.to_string(),
                kind: ActivityKind::from_code(&a.kind).map_or("", |k| k.name().get(lang)),
                note: a.note,
                who: a.actor_label,
            })
            .collect()
    } else {
        Vec::new()
    };
    let activity_form =
        actors.contains(&Party::Company) && matches!(step, Step::Forwarded | Step::Reported);
    let feedback_records = state.store.feedback_on(&[r.id]).await?;
    let feedback_as = if matches!(step, Step::Reported | Step::Closed | Step::Declined)
        || (is(Party::Target) && own_target.as_ref().is_some_and(|t| !t.pending))
    {
        actors
            .iter()
            .filter_map(|p| party_key(*p, viewer, l))
            .find(|k| !feedback_records.iter().any(|f| &f.party_key == k))
    } else {
        None
    };
    let feedback = if is(Party::Target) && !(is(Party::SendingCity) || is(Party::ReceivingCity)) {
        Vec::new()
    } else {
        feedback_records
            .iter()
            .map(|f| FeedbackRow {
                // A target's name only for the city that approached it.
                party: if receiving_view || !f.party_key.starts_with("target:") {
                    feedback_party_label(lang, &f.party_key, l)
                } else {
                    Party::Target.name().get(lang).to_owned()
                },
                rating: f.rating,
                comment: f.comment.clone(),
                at: in_jst(f.created_at).format("%Y-%m-%d").to_string(),
            })
            .collect()
    };
    let parties = readers
        .iter()
        .map(|p| p.name().get(lang))
        .collect::<Vec<_>>()
        .join("・");
    let (product_name, summary, category, users) = product
        .map(|p| (p.name, p.summary, p.category, p.target_users))
        .unwrap_or_default();
    let sending = city_name(state, &r.sending_city);
    let receiving = city_name(state, &r.receiving_city);
    let own_company = viewer.may(
        Action::Read,
        Resource::Company {
            id: r.company_id,
            home_city: &l.sending,
            shared_with: &[],
        },
    );
    Ok(ReferralPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!("{} #{} {product_name}", tr(lang, "紹介", "Referral"), r.id),
            "referrals",
        ),
        step: step_label(lang, step),
        waiting: waiting_on(step).map_or("", |p| p.name().get(lang)),
        sending,
        receiving,
        parties,
        product_id: r.product_id,
        product_link: own_company,
        product: product_name,
        product_summary: if dossier { summary } else { String::new() },
        product_category: category,
        product_users: if dossier { users } else { String::new() },
        evaluations,
        company_id: r.company_id,
        company_link: own_company,
        company: company.name.clone(),
        company_address: if dossier {
            company.address.clone()
        } else {
            String::new()
        },
        company_industry: company.industry.clone(),
        company_website: if dossier {
            company.website.clone().unwrap_or_default()
        } else {
            String::new()
        },
        company_contacts: if dossier {
            contacts
                .iter()
                .map(|c| {
                    [
                        c.name.as_str(),
                        c.role.as_str(),
                        c.email.as_deref().unwrap_or_default(),
                        c.phone.as_str(),
                    ]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ")
                })
                .collect()
        } else {
            Vec::new()
        },
        wanted: kinds_label(lang, &r.wanted_kinds),
        consent: r.consent_at.map(|at| {
            (
                format!(
                    "{} {}",
                    in_jst(at).format("%Y-%m-%d %H:%M"),
                    r.consent_by_label.clone().unwrap_or_default()
                ),
                r.consent_wording.clone().unwrap_or_default(),
            )
        }),
        decline_reason: r
            .decline_reason
            .as_deref()
            .and_then(DeclineReason::from_code)
            .map_or(String::new(), |d| d.name().get(lang).to_owned()),
        outcome: r
            .outcome
            .as_deref()
            .and_then(Outcome::from_code)
            .map_or(String::new(), |o| o.name().get(lang).to_owned()),
        consent_form,
        kinds: TargetKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.code().to_owned(),
                label: k.name().get(lang).to_owned(),
                selected: r.wanted_kinds.split(',').any(|w| w == k.code()),
            })
            .collect(),
        moves,
        reasons: coded_choices(
            DeclineReason::ALL,
            DeclineReason::code,
            DeclineReason::name,
            lang,
            "",
        ),
        outcomes: coded_choices(Outcome::ALL, Outcome::code, Outcome::name, lang, ""),
        events,
        show_targets,
        targets,
        target_counts,
        manage_targets,
        candidates,
        tq: tq.to_owned(),
        new_link,
        matches,
        competing,
        own_target,
        answers: coded_choices(
            &TargetAnswer::ALL[1..],
            TargetAnswer::code,
            TargetAnswer::name,
            lang,
            "",
        ),
        activities,
        activity_form,
        activity_kinds: coded_choices(
            ActivityKind::ALL,
            ActivityKind::code,
            ActivityKind::name,
            lang,
            "",
        ),
        feedback,
        feedback_as,
        csrf: viewer.csrf().to_owned(),
        saved,
        errors: Errors::of(lang, errors),
        r: r.clone(),
    })
}

pub async fn show(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    QueryInput(q): QueryInput<ShowQuery>,
) -> Result<ReferralPage, AppError> {
    let l = load_referral(&state, &viewer, Action::Read, id).await?;
    referral_page(
        &state,
        lang,
        &uri,
        &viewer,
        &l,
        &q.tq,
        None,
        &[],
        q.saved.is_some(),
    )
    .await
}

async fn again(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    l: &Loaded,
    errors: Vec<FieldError>,
) -> Result<Response, AppError> {
    let page = referral_page(state, lang, uri, viewer, l, "", None, &errors, false).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

fn done(id: i64) -> Response {
    Redirect::to(&format!("/referrals/{id}?saved=1")).into_response()
}

/// Makes a move as whichever of the viewer's parties may make it; the refusal of the most
/// telling party otherwise (a step of the wrong time says more than "not yours").
async fn make_move(
    state: &AppState,
    viewer: &Viewer,
    l: &Loaded,
    version: i64,
    m: &Move,
    note: &str,
    consent: Option<&Consent>,
) -> Result<(), AppError> {
    let parties = referral_parties(&viewer.subject, &l.facts(), true);
    let input = MoveInput {
        note: note.to_owned(),
        consent: consent.cloned(),
    };
    let party = renkei_domain::workflow::party_for::<renkei_domain::referral::Referral>(
        l.step(),
        &parties,
        m,
    )
    .map_err(AppError::Refused)?;
    match referrals::move_as(&state.app, l.r.id, version, party, m, &input, &viewer.actor).await? {
        Ok(_) => {
            state.mail_queued();
            Ok(())
        }
        Err(refusal) => Err(AppError::Refused(refusal)),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MoveForm {
    #[serde(rename = "move")]
    move_code: String,
    version: i64,
    decline_reason: String,
    outcome: String,
    note: String,
    csrf: String,
}

pub async fn step(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<MoveForm>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let m = match Move::parse(&form.move_code, &form.decline_reason, &form.outcome) {
        Ok(Move::Consent) => {
            return again(
                &state,
                lang,
                &uri,
                &viewer,
                &l,
                vec![FieldError::new(
                    "agree",
                    "同意は同意欄のある画面から行ってください。",
                    "Consent is given with the consent form.",
                )],
            )
            .await;
        }
        Ok(m) => m,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    let note = renkei_domain::text::clean(&form.note);
    if note.chars().count() > rules::NOTE_MAX {
        let e = FieldError::new(
            "note",
            "4000文字以内で入力してください。",
            "Use at most 4,000 characters.",
        );
        return again(&state, lang, &uri, &viewer, &l, vec![e]).await;
    }
    make_move(&state, &viewer, &l, form.version, &m, &note, None).await?;
    Ok(done(id))
}

/// ② The company confirms its channels and consents (checkboxes `kind_{code}` and `agree`).
pub async fn consent(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer
        .check_csrf(form.get("csrf").map_or("", String::as_str))
        .await?;
    let kinds: Vec<String> = form
        .keys()
        .filter_map(|k| k.strip_prefix("kind_").map(str::to_owned))
        .collect();
    let wanted = match validate_consent(&kinds, form.contains_key("agree")) {
        Ok(w) => w,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    let company = state
        .store
        .company(l.r.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    let receiving = city_name(&state, &l.r.receiving_city);
    let consent = Consent {
        kinds: wanted,
        items: rules::CONSENT_ITEMS.to_owned(),
        purpose: rules::consent_purpose(&receiving),
        wording: rules::consent_wording(
            &company,
            &city_name(&state, &l.r.sending_city),
            &receiving,
        ),
        wording_version: rules::CONSENT_WORDING_VERSION.to_owned(),
    };
    let version = form
        .get("version")
        .and_then(|v| v.parse().ok())
        .unwrap_or_default();
    make_move(
        &state,
        &viewer,
        &l,
        version,
        &Move::Consent,
        "",
        Some(&consent),
    )
    .await?;
    Ok(done(id))
}

/// The receiving city's part in ⑤: whether the viewer acts for it now.
fn require_receiving(viewer: &Viewer, l: &Loaded) -> Result<(), AppError> {
    let parties = referral_parties(&viewer.subject, &l.facts(), true);
    if !parties.contains(&Party::ReceivingCity) {
        return Err(AppError::Refused(Refusal::NotYours));
    }
    if l.step() != Step::Accepted {
        return Err(AppError::Refused(if l.step().is_end() {
            Refusal::Ended(l.step())
        } else {
            Refusal::NotNow
        }));
    }
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddTargetForm {
    target: String,
    csrf: String,
}

pub async fn add_target(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<AddTargetForm>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let target = match form.target.trim().parse::<i64>() {
        Ok(t) => state.store.sales_target(t).await?,
        Err(_) => None,
    };
    let Some(target) = target.filter(|t| t.city_code == l.r.receiving_city) else {
        let e = FieldError::new(
            "target",
            "自市の販路開拓先を選んでください。",
            "Choose one of your city's targets.",
        );
        return again(&state, lang, &uri, &viewer, &l, vec![e]).await;
    };
    require_receiving(&viewer, &l)?;
    match state
        .store
        .add_referral_target(id, &target, &viewer.actor)
        .await
    {
        Ok(Ok(_)) => Ok(done(id)),
        Ok(Err(refusal)) => Err(AppError::Refused(refusal)),
        Err(StoreError::Duplicate(_)) => {
            let e = FieldError::new(
                "target",
                "この販路開拓先はすでに追加されています。",
                "This target is already on the referral.",
            );
            again(&state, lang, &uri, &viewer, &l, vec![e]).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CsrfOnly {
    csrf: String,
}

/// ⑤ The receiving city gives a target the information: a one-time link to the target's
/// page, e-mailed to its contact if it has an address and shown here once to pass on.
pub async fn provide(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path((id, rt)): Path<(i64, i64)>,
    FormInput(form): FormInput<CsrfOnly>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    if !l.targets.iter().any(|(r, _)| r.id == rt) {
        return Err(AppError::NotFound);
    }
    require_receiving(&viewer, &l)?;
    let token = referrals::provide_to_target(&state.app, &l.r, rt, &viewer.actor)
        .await?
        .map_err(AppError::Refused)?;
    state.mail_queued();
    let link = state.link(&format!("/introductions/{token}"));
    let page = referral_page(&state, lang, &uri, &viewer, &l, "", Some(link), &[], true).await?;
    Ok(page.into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    answer: String,
    version: i64,
    note: String,
    csrf: String,
}

fn parse_answer(form: &AnswerForm) -> Result<(TargetAnswer, String), Vec<FieldError>> {
    let answer = TargetAnswer::from_code(&form.answer).filter(|a| *a != TargetAnswer::Pending);
    let note = renkei_domain::text::clean(&form.note);
    let mut errors = Vec::new();
    if answer.is_none() {
        errors.push(FieldError::new(
            "answer",
            "回答を選んでください。",
            "Choose an answer.",
        ));
    }
    if note.chars().count() > rules::NOTE_MAX {
        errors.push(FieldError::new(
            "note",
            "4000文字以内で入力してください。",
            "Use at most 4,000 characters.",
        ));
    }
    match answer {
        Some(a) if errors.is_empty() => Ok((a, note)),
        _ => Err(errors),
    }
}

/// A target's answer: recorded by the receiving city (by phone, by letter), or given by the
/// target's contact signed in with their account.
pub async fn answer(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path((id, rt)): Path<(i64, i64)>,
    FormInput(form): FormInput<AnswerForm>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let (_, target) = l
        .targets
        .iter()
        .find(|(r, _)| r.id == rt)
        .ok_or(AppError::NotFound)?;
    let (answer, note) = match parse_answer(&form) {
        Ok(a) => a,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    let parties = referral_parties(&viewer.subject, &l.facts(), true);
    let via = if parties.contains(&Party::ReceivingCity) {
        "officer"
    } else if viewer.subject.roles.contains(&Role::TargetContact {
        organization: target.id,
    }) {
        "account"
    } else {
        return Err(AppError::Refused(Refusal::NotYours));
    };
    referrals::answer_for_target(
        &state.app,
        id,
        rt,
        form.version,
        answer,
        &note,
        via,
        &viewer.actor,
    )
    .await?
    .map_err(AppError::Refused)?;
    state.mail_queued();
    Ok(done(id))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ActivityForm {
    date: String,
    kind: String,
    note: String,
    csrf: String,
}

/// ⑧ The company's sales-activity log.
pub async fn add_activity(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<ActivityForm>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = ActivityDraft {
        date: form.date,
        kind: form.kind,
        note: form.note,
    };
    let (on, kind, note) = match draft.validate() {
        Ok(v) => v,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    if !referral_parties(&viewer.subject, &l.facts(), true).contains(&Party::Company) {
        return Err(AppError::Refused(Refusal::NotYours));
    }
    state
        .store
        .add_activity(id, (on, kind, &note), None, &viewer.actor)
        .await?
        .map_err(AppError::Refused)?;
    Ok(done(id))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedbackForm {
    rating: String,
    comment: String,
    csrf: String,
}

/// 感想: once per party, after the outcome (a target: once it has answered).
pub async fn add_feedback(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormInput(form): FormInput<FeedbackForm>,
) -> Result<Response, AppError> {
    let l = load_referral(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let (rating, comment) = match validate_feedback(&form.rating, &form.comment) {
        Ok(v) => v,
        Err(errors) => return again(&state, lang, &uri, &viewer, &l, errors).await,
    };
    let parties = referral_parties(&viewer.subject, &l.facts(), true);
    let given = state.store.feedback_on(&[id]).await?;
    let key = parties
        .iter()
        .filter_map(|p| party_key(*p, &viewer, &l))
        .find(|k| !given.iter().any(|f| &f.party_key == k))
        .ok_or(AppError::Refused(Refusal::NotNow))?;
    let is_target = key.starts_with("target:");
    let answered = l
        .targets
        .iter()
        .any(|(rt, t)| key == format!("target:{}", t.id) && rt.answer != "pending");
    if is_target && !answered {
        return Err(AppError::Refused(Refusal::NotNow));
    }
    match state
        .store
        .add_feedback(id, &key, (rating, &comment), is_target, &viewer.actor)
        .await
    {
        Ok(Ok(_)) => Ok(done(id)),
        Ok(Err(refusal)) => Err(AppError::Refused(refusal)),
        Err(StoreError::Duplicate(_)) => Err(AppError::Refused(Refusal::NotNow)),
        Err(e) => Err(e.into()),
    }
}

// ---------------------------------------------------------------------------------------
// Lists

pub struct ListRow {
    pub id: i64,
    pub product: String,
    pub company: String,
    pub from: String,
    pub to: String,
    pub step: &'static str,
    pub waiting: &'static str,
    pub since: String,
    pub created: String,
    pub sent: String,
    pub outcome: String,
    pub due: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "referrals.html")]
pub struct ListPage {
    base: Base,
    rows: Vec<ListRow>,
    states: Vec<Choice>,
    total: u64,
    page: u64,
    pages: u64,
    query: String,
    overdue: usize,
    cities: Vec<(String, String)>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    state: String,
    page: Option<u64>,
}

async fn rows_of(
    state: &AppState,
    lang: Lang,
    items: &[ReferralRecord],
) -> Result<Vec<ListRow>, AppError> {
    let products = state
        .store
        .products_by_id(items.iter().map(|r| r.product_id))
        .await?;
    let companies = state
        .store
        .companies_by_id(items.iter().map(|r| r.company_id))
        .await?;
    Ok(items
        .iter()
        .map(|r| {
            let step = Step::from_code(&r.state).unwrap_or(Step::Withdrawn);
            ListRow {
                id: r.id,
                product: products
                    .get(&r.product_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                company: companies
                    .get(&r.company_id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default(),
                from: city_name(state, &r.sending_city),
                to: city_name(state, &r.receiving_city),
                step: step_label(lang, step),
                waiting: waiting_on(step).map_or("", |p| p.name().get(lang)),
                since: in_jst(r.state_since).format("%Y-%m-%d").to_string(),
                created: in_jst(r.created_at).format("%Y-%m-%d").to_string(),
                sent: r
                    .sent_at
                    .map(|t| in_jst(t).format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                outcome: r
                    .outcome
                    .as_deref()
                    .and_then(Outcome::from_code)
                    .map_or(String::new(), |o| o.name().get(lang).to_owned()),
                due: String::new(),
            }
        })
        .collect())
}

pub async fn list(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<ListPage, AppError> {
    viewer.require_signed_in().await?;
    let scope = list_scope(&viewer.subject);
    let q = ReferralQuery {
        state: Step::from_code(&filter.state),
        ..Default::default()
    };
    let page = state
        .store
        .referrals(&scope, &q, PageRequest::new(filter.page.unwrap_or(1), 50))
        .await?;
    let overdue = state
        .store
        .overdue_referrals(&scope, Utc::now())
        .await?
        .len();
    let rows = rows_of(&state, lang, &page.items).await?;
    let cities = scope
        .cities
        .iter()
        .filter(|c| {
            viewer.may(
                Action::Write,
                Resource::CityRecord {
                    owner: c,
                    shared_with: &[],
                },
            )
        })
        .map(|c| (c.to_string(), city_name(&state, &c.to_string())))
        .collect();
    Ok(ListPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "指定都市間の紹介", "Inter-city referrals"),
            "referrals",
        ),
        rows,
        states: Step::ALL
            .iter()
            .map(|s| Choice {
                value: s.code().to_owned(),
                label: step_label(lang, *s).to_owned(),
                selected: s.code() == filter.state,
            })
            .collect(),
        total: page.total,
        page: page.page,
        pages: page.total.div_ceil(page.per_page).max(1),
        query: format!("state={}", encode(&filter.state)),
        overdue,
        cities,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "referrals_overdue.html")]
pub struct OverduePage {
    base: Base,
    rows: Vec<ListRow>,
}

pub async fn overdue(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<OverduePage, AppError> {
    viewer.require_signed_in().await?;
    let scope = list_scope(&viewer.subject);
    let overdue = state.store.overdue_referrals(&scope, Utc::now()).await?;
    let items: Vec<ReferralRecord> = overdue.iter().map(|o| o.referral.clone()).collect();
    let mut rows = rows_of(&state, lang, &items).await?;
    for (row, o) in rows.iter_mut().zip(&overdue) {
        row.due = in_jst(o.due).format("%Y-%m-%d").to_string();
    }
    Ok(OverduePage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "期限を過ぎた紹介", "Overdue referrals"),
            "referrals",
        ),
        rows,
    })
}

pub struct PairRow {
    pub from: String,
    pub to: String,
    pub total: usize,
    pub open: usize,
    pub agreed_targets: usize,
    pub closed: usize,
    pub declined: usize,
    pub withdrawn: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "referrals_summary.html")]
pub struct SummaryPage {
    base: Base,
    rows: Vec<ListRow>,
    pairs: Vec<PairRow>,
    feedback: Vec<(i64, FeedbackRow)>,
}

/// The pilot-style summary (第3章 5): every referral with its step, dates and outcome, the
/// counts per city pair, and the feedback.
pub async fn summary(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<SummaryPage, AppError> {
    viewer.require_signed_in().await?;
    let scope = list_scope(&viewer.subject);
    let page = state
        .store
        .referrals(
            &scope,
            &ReferralQuery::default(),
            PageRequest::new(1, PageRequest::MAX_PER_PAGE),
        )
        .await?;
    let rows = rows_of(&state, lang, &page.items).await?;
    let ids: Vec<i64> = page.items.iter().map(|r| r.id).collect();
    let agreed = state.store.agreed_targets(&ids).await?;
    let mut pairs: Vec<PairRow> = Vec::new();
    for r in &page.items {
        let (from, to) = (
            city_name(&state, &r.sending_city),
            city_name(&state, &r.receiving_city),
        );
        let agreed = agreed.get(&r.id).copied().unwrap_or(0);
        let pair = match pairs.iter_mut().position(|p| p.from == from && p.to == to) {
            Some(i) => &mut pairs[i],
            None => {
                pairs.push(PairRow {
                    from,
                    to,
                    total: 0,
                    open: 0,
                    agreed_targets: 0,
                    closed: 0,
                    declined: 0,
                    withdrawn: 0,
                });
                pairs.last_mut().expect("just pushed")
            }
        };
        pair.total += 1;
        pair.agreed_targets += agreed;
        match Step::from_code(&r.state) {
            Some(Step::Closed) => pair.closed += 1,
            Some(Step::Declined) => pair.declined += 1,
            Some(Step::Withdrawn) => pair.withdrawn += 1,
            _ => pair.open += 1,
        }
    }
    let mut feedback = Vec::new();
    for f in state.store.feedback_on(&ids).await? {
        let party = match f.party_key.as_str() {
            "sending" => Party::SendingCity.name().get(lang).to_owned(),
            "receiving" => Party::ReceivingCity.name().get(lang).to_owned(),
            "company" => Party::Company.name().get(lang).to_owned(),
            _ => Party::Target.name().get(lang).to_owned(),
        };
        feedback.push((
            f.referral_id,
            FeedbackRow {
                party,
                rating: f.rating,
                comment: f.comment,
                at: in_jst(f.created_at).format("%Y-%m-%d").to_string(),
            },
        ));
    }
    Ok(SummaryPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "紹介の実施状況（取りまとめ）", "Referrals: summary"),
            "referrals",
        ),
        rows,
        pairs,
        feedback,
    })
}

// ---------------------------------------------------------------------------------------
// A city's expected times

#[derive(Template, WebTemplate)]
#[template(path = "referral_times.html")]
pub struct TimesPage {
    base: Base,
    city: String,
    city_name: String,
    rows: Vec<(String, String, String)>,
    csrf: String,
    saved: bool,
    errors: Errors,
}

async fn times_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    city: &CityCode,
    typed: Option<&HashMap<String, String>>,
    errors: &[FieldError],
) -> Result<TimesPage, AppError> {
    let rows = state
        .store
        .referral_deadlines(city)
        .await?
        .into_iter()
        .map(|(s, d)| {
            let value = typed
                .and_then(|t| t.get(&format!("days_{}", s.code())).cloned())
                .unwrap_or_else(|| d.to_string());
            (s.code().to_owned(), step_label(lang, s).to_owned(), value)
        })
        .collect();
    Ok(TimesPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(
                lang,
                "紹介の各手順の標準期間",
                "Expected times of the referral steps",
            ),
            "referrals",
        ),
        city: city.to_string(),
        city_name: city_name(state, &city.to_string()),
        rows,
        csrf: viewer.csrf().to_owned(),
        saved: uri.query().is_some_and(|q| q.contains("saved")),
        errors: Errors::of(lang, errors),
    })
}

async fn require_city_write(viewer: &Viewer, city: &CityCode) -> Result<(), AppError> {
    viewer
        .require(
            Action::Write,
            Resource::CityRecord {
                owner: city,
                shared_with: &[],
            },
        )
        .await
}

pub async fn times_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(city): Path<String>,
) -> Result<TimesPage, AppError> {
    let city = crate::api::city_code(&city)?;
    require_city_write(&viewer, &city).await?;
    times_page(&state, lang, &uri, &viewer, &city, None, &[]).await
}

pub async fn save_times(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(city): Path<String>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let city = crate::api::city_code(&city)?;
    require_city_write(&viewer, &city).await?;
    viewer
        .check_csrf(form.get("csrf").map_or("", String::as_str))
        .await?;
    let mut days = Vec::new();
    let mut errors = Vec::new();
    for s in Step::ALL {
        if rules::default_days(s).is_none() {
            continue;
        }
        let typed = form
            .get(&format!("days_{}", s.code()))
            .map(|v| renkei_domain::text::fold(v))
            .unwrap_or_default();
        match typed.trim().parse::<i32>() {
            Ok(d) if (1..=rules::MAX_DAYS).contains(&d) => days.push((s, d)),
            _ => errors.push(FieldError::new(
                "days",
                "日数は1〜365の整数で入力してください。",
                "Enter whole days from 1 to 365.",
            )),
        }
    }
    if !errors.is_empty() {
        errors.truncate(1);
        let page = times_page(&state, lang, &uri, &viewer, &city, Some(&form), &errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    state
        .store
        .save_referral_deadlines(&city, &days, &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("/cities/{city}/referral-times?saved=1")).into_response())
}

// ---------------------------------------------------------------------------------------
// The target's page: by a one-time link, or the target-contact account's list

#[derive(Template, WebTemplate)]
#[template(path = "introduction.html")]
pub struct IntroductionPage {
    base: Base,
    target: String,
    city: String,
    from_city: String,
    product: String,
    summary: String,
    category: String,
    users: String,
    company: String,
    company_industry: String,
    evaluations: Vec<String>,
    reason: String,
    answers: Vec<Choice>,
    token: String,
    errors: Errors,
}

fn link_gone(e: TargetLinkError) -> AppError {
    AppError::Gone(match e {
        TargetLinkError::Unknown => Text::new(
            "このリンクは正しくありません。市の担当者にお問い合わせください。",
            "This link is not valid. Please contact the city.",
        ),
        TargetLinkError::Expired => Text::new(
            "このリンクの有効期限（30日）が過ぎています。市の担当者にお問い合わせください。",
            "This link has expired (30 days). Please contact the city.",
        ),
        TargetLinkError::Answered => Text::new(
            "この紹介にはすでに回答いただいています。ありがとうございました。",
            "You have already answered this introduction. Thank you.",
        ),
        TargetLinkError::Closed => Text::new(
            "この紹介は回答の受付を終了しました。",
            "This introduction no longer takes answers.",
        ),
    })
}

async fn introduction_page(
    state: &AppState,
    lang: Lang,
    _uri: &Uri,
    token: &str,
    errors: &[FieldError],
) -> Result<IntroductionPage, AppError> {
    let (_, r, target) = state.store.target_link(token).await?.map_err(link_gone)?;
    let product = state.store.product(r.product_id).await?;
    let company = state.store.company(r.company_id).await?.map(|(c, _)| c);
    let evaluations = state
        .store
        .product_evaluations(r.product_id)
        .await?
        .iter()
        .map(|e| e.title.clone())
        .collect();
    let (name, summary, category, users) = product
        .map(|p| (p.name, p.summary, p.category, p.target_users))
        .unwrap_or_default();
    Ok(IntroductionPage {
        base: Base::new(
            lang,
            // The token stays out of the language switch's link.
            "/introductions".to_owned(),
            format!("{}「{name}」", tr(lang, "製品のご紹介", "Introducing")),
            "",
        ),
        target: target.name,
        city: city_name(state, &r.receiving_city),
        from_city: city_name(state, &r.sending_city),
        product: name,
        summary,
        category,
        users,
        company: company.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        company_industry: company.map(|c| c.industry).unwrap_or_default(),
        evaluations,
        reason: r.reason,
        answers: coded_choices(
            &[TargetAnswer::Agreed, TargetAnswer::Declined],
            TargetAnswer::code,
            TargetAnswer::name,
            lang,
            "",
        ),
        token: token.to_owned(),
        errors: Errors::of(lang, errors),
    })
}

pub async fn introduction(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    Path(token): Path<String>,
) -> Result<IntroductionPage, AppError> {
    introduction_page(&state, lang, &uri, &token, &[]).await
}

#[derive(Template, WebTemplate)]
#[template(path = "introduction_done.html")]
pub struct AnsweredPage {
    base: Base,
    agreed: bool,
}

/// The target answers through its link. The link itself is the credential (256 bits, used
/// once), so this form needs no session.
pub async fn answer_introduction(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    Caller(actor): Caller,
    Path(token): Path<String>,
    FormInput(form): FormInput<AnswerForm>,
) -> Result<Response, AppError> {
    let (answer, note) = match parse_answer(&form) {
        Ok(a) => a,
        Err(errors) => {
            let page = introduction_page(&state, lang, &uri, &token, &errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    referrals::answer_by_link(&state.app, &token, answer, &note, &actor)
        .await?
        .map_err(link_gone)?;
    state.mail_queued();
    Ok(AnsweredPage {
        base: Base::new(
            lang,
            "/introductions".to_owned(),
            tr(lang, "回答を受け付けました", "Thank you for your answer"),
            "",
        ),
        agreed: answer == TargetAnswer::Agreed,
    }
    .into_response())
}

pub struct IntroductionRow {
    pub referral: i64,
    pub product: String,
    pub city: String,
    pub answer: &'static str,
    pub open: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "introductions.html")]
pub struct IntroductionsPage {
    base: Base,
    rows: Vec<IntroductionRow>,
}

/// A target contact's introductions (those still open link to their page).
pub async fn introductions(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<IntroductionsPage, AppError> {
    viewer.require_signed_in().await?;
    let targets: Vec<i64> = viewer
        .subject
        .roles
        .iter()
        .filter_map(|r| match r {
            Role::TargetContact { organization } => Some(*organization),
            _ => None,
        })
        .collect();
    let found = state.store.introductions_of(&targets).await?;
    let products = state
        .store
        .products_by_id(found.iter().map(|(_, r)| r.product_id))
        .await?;
    let rows = found
        .into_iter()
        .filter(|(_, r)| r.sent_at.is_some())
        .map(|(rt, r)| {
            let step = Step::from_code(&r.state).unwrap_or(Step::Withdrawn);
            IntroductionRow {
                referral: r.id,
                product: products
                    .get(&r.product_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                city: city_name(&state, &r.receiving_city),
                answer: TargetAnswer::from_code(&rt.answer).map_or("", |a| a.name().get(lang)),
                open: !step.is_end(),
            }
        })
        .collect();
    Ok(IntroductionsPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "市からの製品紹介", "Introductions from the city"),
            "referrals",
        ),
        rows,
    })
}

// ---------------------------------------------------------------------------------------
// Notifications

pub struct NotificationRow {
    pub at: String,
    pub text: String,
    pub link: String,
    pub unread: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
pub struct NotificationsPage {
    base: Base,
    rows: Vec<NotificationRow>,
    unread: u64,
    csrf: String,
}

pub async fn notifications(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
) -> Result<NotificationsPage, AppError> {
    viewer.require_signed_in().await?;
    let Some(session) = &viewer.session else {
        return Err(AppError::Forbidden);
    };
    let (items, unread) = state.store.notifications(session.user.id).await?;
    Ok(NotificationsPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "お知らせ", "Notifications"),
            "account",
        ),
        rows: items
            .into_iter()
            .map(|n| NotificationRow {
                at: in_jst(n.created_at).format("%Y-%m-%d %H:%M").to_string(),
                text: if lang == Lang::En {
                    n.message_en
                } else {
                    n.message_ja
                },
                link: n.link,
                unread: n.read_at.is_none(),
            })
            .collect(),
        unread,
        csrf: viewer.csrf().to_owned(),
    })
}

pub async fn read_notifications(
    State(state): State<AppState>,
    viewer: Viewer,
    FormInput(form): FormInput<CsrfOnly>,
) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    viewer.check_csrf(&form.csrf).await?;
    if let Some(session) = &viewer.session {
        state.store.mark_notifications_read(session.user.id).await?;
    }
    Ok(Redirect::to("/notifications").into_response())
}
