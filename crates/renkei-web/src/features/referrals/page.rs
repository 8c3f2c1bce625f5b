//! One referral's page: each party sees what the workflow lets it see at its step (the view is
//! in `view.rs`) and the forms of the steps that are its own; a form that fails shows the page
//! again with its errors.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::Lang;
use renkei_domain::access::{Action, Resource};
use renkei_domain::network::thread::ThreadFacts;
use renkei_domain::referral::{
    self as rules, ActivityKind, DeclineReason, Outcome, Party, State as Step, TargetAnswer,
    waiting_on,
};
use renkei_domain::target::TargetKind;
use renkei_store::{ReferralId, ReferralRecord};
use serde::Deserialize;

use super::labels::{kinds_label, step_label};
use super::load::{Loaded, load_referral};
use super::view::{
    ActivityRow, EventRow, FeedbackRow, MatchRow, MoveButton, TargetRow, Viewpoint, dossier,
    event_rows, follow_up, move_buttons, move_helpers, targets_view,
};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::QueryInput;
use crate::features::threads::load::{Discussion, discussion};
use crate::lang::UiLang;
use crate::shared::format::{city_name, in_jst};
use crate::shared::forms::{Choice, Errors, coded_choices};
use crate::shared::helped::HelpChoices;
use crate::shared::layout::{Base, tr};

// ---------------------------------------------------------------------------------------
// The referral's page

#[derive(Template, WebTemplate)]
#[template(path = "referrals/referral.html")]
pub struct ReferralPage {
    base: Base,
    r: ReferralRecord,
    step: &'static str,
    waiting: &'static str,
    sending: String,
    receiving: String,
    /// Whether the viewer may ask another city's coordinator for help with it.
    asks_help: bool,
    /// The threads about it (its two cities') and whether the viewer may start one.
    discussion: Discussion,
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
    /// ④ Who may be named as having helped with the moves that name it.
    helpers: HelpChoices,
    reasons: Vec<Choice>,
    outcomes: Vec<Choice>,
    events: Vec<EventRow>,
    /// Targets: their list is the receiving city's; the others see them after feedback.
    show_targets: bool,
    targets: Vec<TargetRow>,
    target_counts: (usize, usize, usize),
    /// The receiving city adds and answers for targets while it looks for them.
    manage_targets: bool,
    /// Its coordinators and staff prepare targets for an officer's approval meanwhile.
    prepares_targets: bool,
    /// The open preparations of targets for it: (id, state, who prepared).
    preparations: Vec<(i64, &'static str, String)>,
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
    feedback_as: Option<Party>,
    csrf: String,
    saved: bool,
    errors: Errors,
}

impl ReferralPage {
    /// Where a thread about the referral starts.
    fn discussion_new(&self) -> String {
        format!("/threads/new?referral={}", self.r.id)
    }

    fn discussion_label(&self) -> &'static str {
        self.base.t(
            "この紹介について2市で話し合う",
            "Discuss this referral between the two cities",
        )
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    saved: Option<String>,
    /// Words to find candidate targets by.
    tq: String,
}

#[allow(clippy::too_many_arguments)]
pub(super) async fn referral_page(
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
    let vp = Viewpoint::of(viewer, l);
    let step = vp.step;
    let dossier = dossier(state, lang, r, vp.dossier).await?;
    let moves = move_buttons(lang, step, &vp.actors);
    let consent_form = (step == Step::Selected && vp.actors.contains(&Party::Company)).then(|| {
        rules::consent_wording(
            &dossier.company,
            &city_name(state, &r.sending_city.to_string()),
            &city_name(state, &r.receiving_city.to_string()),
        )
    });
    let events = event_rows(state, lang, r, &vp).await?;
    let t = targets_view(state, lang, viewer, l, &vp, tq).await?;
    let f = follow_up(state, lang, viewer, l, &vp, t.own_target.as_ref()).await?;
    let parties = vp
        .readers
        .iter()
        .map(|p| p.name().get(lang))
        .collect::<Vec<_>>()
        .join("・");
    let sending = city_name(state, &r.sending_city.to_string());
    let receiving = city_name(state, &r.receiving_city.to_string());
    let (in_receiving, preparations) = target_preparations(state, lang, viewer, l, &vp).await?;
    let own_company = viewer.may(
        Action::Read,
        Resource::Company {
            id: r.company_id.0,
            home_city: &r.sending_city,
            shared_with: &[],
        },
    );
    Ok(ReferralPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!(
                "{} #{} {}",
                tr(lang, "紹介", "Referral"),
                r.id,
                dossier.product
            ),
            "referrals",
        ),
        step: step_label(lang, step),
        waiting: waiting_on(step).map_or("", |p| p.name().get(lang)),
        asks_help: viewer.may(Action::Write, Resource::HelpAsk(&r.sending_city)),
        discussion: discussion(
            state,
            viewer,
            renkei_store::ThreadFilter {
                referral: Some(r.id),
                ..Default::default()
            },
            &ThreadFacts::referral(r.sending_city, r.receiving_city, r.sent_at.is_some()),
        )
        .await?,
        sending,
        receiving,
        parties,
        product_id: r.product_id.0,
        product_link: own_company,
        product: dossier.product,
        product_summary: dossier.product_summary,
        product_category: dossier.product_category,
        product_users: dossier.product_users,
        evaluations: dossier.evaluations,
        company_id: r.company_id.0,
        company_link: own_company,
        company: dossier.company,
        company_address: dossier.company_address,
        company_industry: dossier.company_industry,
        company_website: dossier.company_website,
        company_contacts: dossier.company_contacts,
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
            .map_or(String::new(), |d| d.name().get(lang).to_owned()),
        outcome: r
            .outcome
            .map_or(String::new(), |o| o.name().get(lang).to_owned()),
        consent_form,
        kinds: TargetKind::ALL
            .iter()
            .map(|k| Choice {
                value: k.code().to_owned(),
                label: k.name().get(lang).to_owned(),
                selected: r.wanted_kinds.contains(k),
            })
            .collect(),
        moves,
        helpers: move_helpers(state, lang, l, &vp).await?,
        reasons: coded_choices(
            DeclineReason::ALL,
            DeclineReason::code,
            DeclineReason::name,
            lang,
            "",
        ),
        outcomes: coded_choices(Outcome::ALL, Outcome::code, Outcome::name, lang, ""),
        events,
        show_targets: t.show_targets,
        targets: t.targets,
        target_counts: t.target_counts,
        manage_targets: t.manage_targets,
        prepares_targets: in_receiving && step == Step::Accepted && !t.manage_targets,
        preparations,
        candidates: t.candidates,
        tq: tq.to_owned(),
        new_link,
        matches: t.matches,
        competing: t.competing,
        own_target: t.own_target,
        answers: coded_choices(
            &TargetAnswer::ALL[1..],
            TargetAnswer::code,
            TargetAnswer::name,
            lang,
            "",
        ),
        activities: f.activities,
        activity_form: f.activity_form,
        activity_kinds: coded_choices(
            ActivityKind::ALL,
            ActivityKind::code,
            ActivityKind::name,
            lang,
            "",
        ),
        feedback: f.feedback,
        feedback_as: f.feedback_as,
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
    Path(id): Path<ReferralId>,
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

pub(super) async fn again(
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

pub(super) fn done(id: ReferralId) -> Response {
    Redirect::to(&format!("/referrals/{id}?saved=1")).into_response()
}

/// Whether the viewer prepares targets for the receiving city, and the referral's open
/// preparations of targets: (id, state, who prepared).
async fn target_preparations(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    l: &Loaded,
    vp: &Viewpoint,
) -> Result<(bool, Vec<(i64, &'static str, String)>), AppError> {
    let r = &l.r;
    let in_receiving = viewer.may(Action::Write, Resource::ReferralPrepare(&r.receiving_city))
        && vp.readers.contains(&Party::ReceivingCity);
    if !in_receiving {
        return Ok((false, Vec::new()));
    }
    let open = renkei_app::referrals::preparations::open_for(&state.app, r.id).await?;
    let rows = open
        .into_iter()
        .map(|p| (p.id.0, p.state.name().get(lang), p.preparer_label))
        .collect();
    Ok((true, rows))
}
