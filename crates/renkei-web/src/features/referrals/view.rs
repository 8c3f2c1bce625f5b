//! The referral's page as each party sees it: who the viewer is on the referral, the dossier
//! (shown in full to those the workflow lets see it), the moves the viewer may make, the
//! history, the targets (the receiving city's, or a target's own row), and what follows the
//! introduction (activities, feedback).

use renkei_app::referrals;
use renkei_domain::Lang;
use renkei_domain::access::{Role, referral_parties};
use renkei_domain::organization::Help;
use renkei_domain::referral::{
    self as rules, Move, Party, Referral, State as Step, TargetAnswer, visibility,
};
use renkei_domain::workflow::party_for;
use renkei_store::{
    FeedbackRecord, PageRequest, ReferralEventRecord, ReferralRecord, ReferralTargetRecord,
    SalesTargetRecord, TargetQuery,
};

use super::load::Loaded;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::shared::format::in_jst;
use crate::shared::forms::Choice;
use crate::shared::helped::{HelpChoices, help_choices, helped_label, helper_names};
use crate::shared::layout::tr;

pub struct MoveButton {
    pub code: &'static str,
    pub label: &'static str,
    pub needs_reason: bool,
    pub needs_outcome: bool,
    /// Ends the referral: the button says so.
    pub ends: bool,
    /// ④ May name who helped; the choice's ids begin with `help_prefix`.
    pub names_help: bool,
    pub help_prefix: String,
}

pub struct EventRow {
    pub at: String,
    pub what: String,
    pub note: String,
    pub who: String,
    /// ① and ④: "支援: …" when who helped was named.
    pub helped: String,
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

/// Who the viewer is on the referral: the parties it reads and acts as, at the referral's step.
pub(super) struct Viewpoint {
    pub step: Step,
    pub readers: Vec<Party>,
    pub actors: Vec<Party>,
    pub admin: bool,
    /// Whether the viewer sees the dossier (the product and the company in full).
    pub dossier: bool,
}

impl Viewpoint {
    pub fn of(viewer: &Viewer, l: &Loaded) -> Viewpoint {
        let step = l.step();
        let facts = l.facts();
        let readers = referral_parties(&viewer.subject, &facts, false);
        let actors = referral_parties(&viewer.subject, &facts, true);
        let admin = viewer.subject.roles.contains(&Role::PlatformAdmin);
        let dossier = admin
            || readers
                .iter()
                .any(|p| visibility(step, *p, l.sent, false).dossier);
        Viewpoint {
            step,
            readers,
            actors,
            admin,
            dossier,
        }
    }

    pub fn is(&self, p: Party) -> bool {
        self.readers.contains(&p)
    }

    /// The receiving city's view (or an administrator's): its targets in full.
    pub fn receiving_view(&self) -> bool {
        self.is(Party::ReceivingCity) || self.admin
    }
}

/// The dossier: the product and its company, in full for those who may see it.
pub(super) struct Dossier {
    pub product: String,
    pub product_summary: String,
    pub product_category: String,
    pub product_users: String,
    pub evaluations: Vec<String>,
    pub company: String,
    pub company_address: String,
    pub company_industry: String,
    pub company_website: String,
    pub company_contacts: Vec<String>,
}

pub(super) async fn dossier(
    state: &AppState,
    lang: Lang,
    r: &ReferralRecord,
    dossier: bool,
) -> Result<Dossier, AppError> {
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
            .map(|e| format!("{}: {}", e.kind.name().get(lang), e.title))
            .collect()
    } else {
        Vec::new()
    };
    let (product_name, summary, category, users) = product
        .map(|p| (p.name, p.summary, p.category, p.target_users))
        .unwrap_or_default();
    Ok(Dossier {
        product: product_name,
        product_summary: if dossier { summary } else { String::new() },
        product_category: category,
        product_users: if dossier { users } else { String::new() },
        evaluations,
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
    })
}

/// The moves the viewer's parties may make at `step` (consent has its own form).
pub(super) fn move_buttons(lang: Lang, step: Step, actors: &[Party]) -> Vec<MoveButton> {
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
                names_help: m.names_help(),
                help_prefix: format!("{}-", m.code()),
            });
        }
    }
    moves
}

/// Who helped the viewer's moves that name it (④): the organisations and coordinators of the
/// city whose step it is.
pub(super) async fn move_helpers(
    state: &AppState,
    lang: Lang,
    l: &Loaded,
    vp: &Viewpoint,
) -> Result<HelpChoices, AppError> {
    let city = Move::all()
        .iter()
        .filter(|m| m.names_help())
        .find_map(|m| party_for::<Referral>(vp.step, &vp.actors, m).ok())
        .and_then(|party| referrals::city_of(&l.r, party));
    match city {
        Some(city) => help_choices(state, lang, &city, Help::default()).await,
        None => Ok(HelpChoices {
            organizations: Vec::new(),
            coordinators: Vec::new(),
        }),
    }
}

/// Who a history line names as having helped.
fn helped_in(e: &ReferralEventRecord) -> Help {
    Help {
        organization: e.helped_organization_id,
        coordinator: e.helped_coordinator_id,
    }
}

/// The referral's history; the targets' part only for the receiving city. A target's contact
/// sees none of it: the steps are the cities' and the company's, with who took them and the
/// notes they left for one another (the contact's own answer is shown where it answered).
pub(super) async fn event_rows(
    state: &AppState,
    lang: Lang,
    r: &ReferralRecord,
    vp: &Viewpoint,
) -> Result<Vec<EventRow>, AppError> {
    let is = |p: Party| vp.is(p);
    let admin = vp.admin;
    let only_a_target = is(Party::Target)
        && !admin
        && ![Party::SendingCity, Party::ReceivingCity, Party::Company]
            .into_iter()
            .any(is);
    if only_a_target {
        return Ok(Vec::new());
    }
    let events = state.store.referral_events(r.id).await?;
    let names = helper_names(state, events.iter().map(helped_in)).await?;
    Ok(events
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
                helped: helped_label(lang, &names, helped_in(&e)),
                what,
                note: e.note,
                who: e.actor_label,
            }
        })
        .collect())
}

/// The targets of the referral as the viewer sees them, and what the receiving city needs
/// to find more while it looks.
pub(super) struct TargetsView {
    pub show_targets: bool,
    pub targets: Vec<TargetRow>,
    pub target_counts: (usize, usize, usize),
    pub manage_targets: bool,
    pub candidates: Vec<Choice>,
    pub matches: Vec<MatchRow>,
    pub competing: Vec<(String, String, u32)>,
    pub own_target: Option<TargetRow>,
}

pub(super) async fn targets_view(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    l: &Loaded,
    vp: &Viewpoint,
    tq: &str,
) -> Result<TargetsView, AppError> {
    let r = &l.r;
    let step = vp.step;
    let actors = &vp.actors;
    let is = |p: Party| vp.is(p);
    let admin = vp.admin;
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
        .filter(|(rt, _)| receiving_view || rt.answer == TargetAnswer::Agreed)
        .map(|(rt, t)| target_row(lang, rt, t, true))
        .collect();
    let count = |a: TargetAnswer| l.targets.iter().filter(|(rt, _)| rt.answer == a).count();
    let target_counts = (
        l.targets.len(),
        count(TargetAnswer::Agreed),
        count(TargetAnswer::Declined) + count(TargetAnswer::NoAnswer),
    );
    let manage_targets = step == Step::Accepted && actors.contains(&Party::ReceivingCity);
    let candidates = if manage_targets {
        candidates(state, lang, l, tq).await?
    } else {
        Vec::new()
    };
    let matches = if manage_targets {
        match_rows(state, lang, l).await?
    } else {
        Vec::new()
    };
    let competing = if receiving_view && matches!(step, Step::Sent | Step::Accepted) {
        state
            .store
            .similar_to(
                (renkei_store::DocKind::Product, r.product_id.0),
                renkei_store::DocKind::Product,
                Some(&r.receiving_city.to_string()),
                Some(r.company_id.0),
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
                viewer.subject.roles.contains(&Role::TargetContact {
                    organization: t.id.0,
                })
            })
            .map(|(rt, t)| target_row(lang, rt, t, false))
    } else {
        None
    };
    Ok(TargetsView {
        show_targets,
        targets,
        target_counts,
        manage_targets,
        candidates,
        matches,
        competing,
        own_target,
    })
}

/// Targets of the receiving city not yet on the referral, of the kinds wanted first, found
/// by `tq`.
pub(crate) async fn candidates(
    state: &AppState,
    lang: Lang,
    l: &Loaded,
    tq: &str,
) -> Result<Vec<Choice>, AppError> {
    let r = &l.r;
    let mut found = Vec::new();
    let wanted = r.wanted_kinds.iter().map(|k| Some(*k));
    for kind in wanted.chain([None]) {
        let q = TargetQuery {
            city: Some(r.receiving_city),
            kind,
            text: (!tq.trim().is_empty()).then(|| tq.to_owned()),
        };
        for t in state
            .store
            .sales_targets(&q, PageRequest::new(1, 50))
            .await?
            .items
        {
            if !l.target_ids.contains(&t.id.0) && !found.iter().any(|(id, _)| *id == t.id) {
                found.push((t.id, t));
            }
        }
        if found.len() >= 50 {
            break;
        }
    }
    Ok(found
        .into_iter()
        .take(50)
        .map(|(id, t)| Choice {
            value: id.to_string(),
            label: format!("{}（{}）", t.name, t.kind.name().get(lang)),
            selected: false,
        })
        .collect())
}

/// The receiving city's targets ranked for the product, with why.
async fn match_rows(state: &AppState, lang: Lang, l: &Loaded) -> Result<Vec<MatchRow>, AppError> {
    let r = &l.r;
    let wanted: Vec<String> = r.wanted_kinds.iter().map(|k| k.code().to_owned()).collect();
    Ok(state
        .store
        .match_targets(r.product_id.0, &r.receiving_city.to_string(), &wanted, 10)
        .await?
        .into_iter()
        .filter(|m| !l.target_ids.contains(&m.id))
        .map(|m| MatchRow {
            id: m.id,
            name: m.name,
            reasons: m.reasons.iter().map(|t| t.get(lang)).collect(),
            details: m.details.join("、"),
        })
        .collect())
}

/// What follows the introduction: the sales activities, and the feedback of the parties.
pub(super) struct FollowUp {
    pub activities: Vec<ActivityRow>,
    pub activity_form: bool,
    pub feedback: Vec<FeedbackRow>,
    pub feedback_as: Option<Party>,
}

pub(super) async fn follow_up(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    l: &Loaded,
    vp: &Viewpoint,
    own_target: Option<&TargetRow>,
) -> Result<FollowUp, AppError> {
    let r = &l.r;
    let step = vp.step;
    let actors = &vp.actors;
    let is = |p: Party| vp.is(p);
    let admin = vp.admin;
    let receiving_view = vp.receiving_view();
    let activities = if is(Party::SendingCity) || is(Party::Company) || admin {
        state
            .store
            .activities(r.id)
            .await?
            .into_iter()
            .map(|a| ActivityRow {
                date: a.on_date.to_string(),
                kind: a.kind.name().get(lang),
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
        || (is(Party::Target) && own_target.is_some_and(|t| !t.pending))
    {
        actors
            .iter()
            .filter_map(|p| feedback_party(*p, viewer, l))
            .find(|(p, t)| !feedback_records.iter().any(|f| f.is_of(*p, *t)))
            .map(|(p, _)| p)
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
                party: if receiving_view || f.party != Party::Target {
                    feedback_party_label(lang, f, l)
                } else {
                    Party::Target.name().get(lang).to_owned()
                },
                rating: f.rating,
                comment: f.comment.clone(),
                at: in_jst(f.created_at).format("%Y-%m-%d").to_string(),
            })
            .collect()
    };
    Ok(FollowUp {
        activities,
        activity_form,
        feedback,
        feedback_as,
    })
}

/// Who the viewer gives feedback as, when acting as `p`: the party, and for a target, which
/// (the viewer's organization among the referral's targets).
pub(super) fn feedback_party(
    p: Party,
    viewer: &Viewer,
    l: &Loaded,
) -> Option<(Party, Option<i64>)> {
    match p {
        Party::SendingCity | Party::ReceivingCity | Party::Company => Some((p, None)),
        Party::Target => viewer.subject.roles.iter().find_map(|r| match r {
            Role::TargetContact { organization } if l.target_ids.contains(organization) => {
                Some((Party::Target, Some(*organization)))
            }
            _ => None,
        }),
    }
}

fn feedback_party_label(lang: Lang, f: &FeedbackRecord, l: &Loaded) -> String {
    match (f.party, f.target_id) {
        (Party::Target, Some(id)) => l
            .targets
            .iter()
            .find(|(_, t)| t.id.0 == id)
            .map_or_else(|| format!("target:{id}"), |(_, t)| t.name.clone()),
        (p, _) => p.name().get(lang).to_owned(),
    }
}

fn target_row(
    lang: Lang,
    rt: &ReferralTargetRecord,
    t: &SalesTargetRecord,
    contact: bool,
) -> TargetRow {
    let answer = rt.answer;
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
        kind: t.kind.name().get(lang),
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
