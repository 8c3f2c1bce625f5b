//! The certified community and giving back: the community's page (`/csr/community`: the
//! directory of certified companies, a member's business-matching requests asked and
//! received with their answers, and the form that asks another member); and a company's
//! contributions (`/companies/{id}/contributions`: each tied to the support it received,
//! proposed by the company, confirmed or declined by its city's full staff).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::csr::Refused;
use renkei_app::csr::community as cm;
use renkei_domain::access::{Action, contribution_parties};
use renkei_domain::csr::contribution::{
    ContributionDraft, ContributionFlow, Kind, MatchMove, MatchingFlow, Move,
};
use renkei_domain::{FieldError, Lang, jdate};
use renkei_store::{CompanyId, ContributionId, MatchingId};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::forms::{Choice, Errors, SavedQuery, coded_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::moves::{MoveButton, buttons};
use crate::shared::page::PageContext;

type Form = Vec<(String, String)>;

fn one(form: &Form, key: &str) -> String {
    form.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn version_of(form: &Form) -> Result<i64, AppError> {
    one(form, "version")
        .trim()
        .parse()
        .map_err(|_| AppError::Malformed("version".to_owned()))
}

pub struct MatchView {
    pub id: i64,
    pub version: i64,
    pub asker: String,
    pub asked: String,
    pub message: String,
    pub state: &'static str,
    pub moves: Vec<MoveButton>,
}

#[derive(Template, WebTemplate)]
#[template(path = "csr/community.html")]
pub struct CommunityPage {
    base: Base,
    members: Vec<super::registry::EntryView>,
    member: bool,
    events: Vec<crate::features::events::EventView>,
    choices: Vec<Choice>,
    requests: Vec<MatchView>,
    csrf: String,
    form: Form,
    errors: Errors,
    saved: bool,
}

impl CommunityPage {
    fn value(&self, key: &str) -> String {
        one(&self.form, key)
    }
}

async fn company_name(state: &AppState, id: CompanyId) -> Result<String, AppError> {
    Ok(state
        .store
        .company(id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default())
}

async fn community_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    form: Form,
    errors: &[FieldError],
) -> Result<CommunityPage, AppError> {
    let caller = viewer.caller();
    let cm::Community {
        listed,
        requests,
        members,
        events,
    } = cm::community(&state.app, &caller).await?;
    let asked = one(&form, "asked");
    let choices = listed
        .iter()
        .filter(|c| !members.contains(&c.company_id))
        .map(|c| Choice {
            value: c.company_id.to_string(),
            label: format!(
                "{}（{}）",
                c.company,
                state.store.city_name(&c.city.to_string())
            ),
            selected: asked == c.company_id.to_string(),
        })
        .collect();
    let mut views = Vec::new();
    for r in requests {
        let parties =
            renkei_domain::access::matching_parties(&caller.subject, r.asker.0, r.asked.0);
        views.push(MatchView {
            id: r.id.0,
            version: r.version,
            asker: company_name(state, r.asker).await?,
            asked: company_name(state, r.asked).await?,
            message: r.message.clone(),
            state: r.state.name().get(lang),
            moves: buttons::<MatchingFlow>(lang, r.state, &parties, &MatchMove::ALL),
        });
    }
    Ok(CommunityPage {
        base: Base::new(
            lang,
            "/csr/community",
            tr(
                lang,
                "CSRチャレンジ企業コミュニティ",
                "CSR challenge community",
            ),
            "cities",
        ),
        members: listed
            .iter()
            .map(|c| super::registry::EntryView {
                number: c.number.clone(),
                company: c.company.clone(),
                city: state.store.city_name(&c.city.to_string()),
                code: c.city.to_string(),
                term: renkei_domain::csr::certification::term_text(c.certified_on, c.term_ends_on),
            })
            .collect(),
        member: !members.is_empty(),
        events: events
            .iter()
            .map(|e| crate::features::events::view(state, lang, e))
            .collect(),
        choices,
        requests: views,
        csrf: viewer.csrf().to_owned(),
        form,
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

/// `GET /csr/community`: members and every city's staff and coordinators.
pub async fn page(
    PageContext(state, lang, _uri, viewer): PageContext,
    Query(q): Query<SavedQuery>,
) -> Result<CommunityPage, AppError> {
    let mut page = community_page(&state, (lang, &viewer), Vec::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

/// `POST /csr/matching`: a member asks another.
pub async fn ask(
    PageContext(state, lang, _uri, viewer): PageContext,
    FormInput(form): FormInput<Form>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    viewer.require_signed_in().await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let asked = one(&form, "asked").trim().parse::<i64>().unwrap_or(-1);
    match cm::ask(
        &state.app,
        &caller,
        CompanyId(asked),
        &one(&form, "message"),
    )
    .await?
    {
        Ok(_) => {
            state.mail_queued();
            Ok(Redirect::to("/csr/community?saved=1").into_response())
        }
        Err(Refused::Fields(errors)) => {
            let page = community_page(&state, (lang, &viewer), form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Step(s)) => Err(AppError::step_refused::<MatchingFlow>(s)),
    }
}

/// `POST /csr/matching/{id}/move`: the member asked answers; the asker withdraws.
pub async fn step_matching(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path(id): Path<MatchingId>,
    FormInput(form): FormInput<Form>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = cm::load_matching(&state.app, &caller, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let version = version_of(&form)?;
    let m = MatchMove::from_code(&one(&form, "move")).ok_or_else(|| {
        AppError::Validation(vec![FieldError::new(
            "move",
            "手続きを選んでください。",
            "Choose a step.",
        )])
    })?;
    match cm::move_matching(&state.app, &caller, &r, version, m).await? {
        Ok(_) => {
            state.mail_queued();
            Ok(Redirect::to("/csr/community?saved=1").into_response())
        }
        Err(s) => Err(AppError::step_refused::<MatchingFlow>(s)),
    }
}

pub struct ContributionView {
    pub id: i64,
    pub version: i64,
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub happened_on: String,
    pub support: String,
    pub state: &'static str,
    pub confirmed: bool,
    pub decline_reason: String,
    pub moves: Vec<MoveButton>,
}

#[derive(Template, WebTemplate)]
#[template(path = "csr/contributions.html")]
pub struct ContributionsPage {
    base: Base,
    company_id: i64,
    company: String,
    rows: Vec<ContributionView>,
    /// The company's people may propose one.
    proposes: bool,
    kinds: Vec<Choice>,
    support: Vec<Choice>,
    csrf: String,
    form: Form,
    errors: Errors,
    saved: bool,
}

impl ContributionsPage {
    fn value(&self, key: &str) -> String {
        one(&self.form, key)
    }
}

async fn contributions_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    id: CompanyId,
    form: Form,
    errors: &[FieldError],
) -> Result<ContributionsPage, AppError> {
    let caller = viewer.caller();
    let c = state.app.company(&caller, Action::Read, id).await?;
    let company = c.0.clone();
    let support = cm::support_received(&state.app, id).await?;
    let parties = contribution_parties(&caller.subject, &company.home_city, id.0);
    let mut rows = Vec::new();
    for r in cm::contributions(&state.app, &c).await? {
        let what = support
            .iter()
            .find(|(s, _)| *s == r.support_id)
            .map(|(_, w)| w.clone())
            .unwrap_or_default();
        rows.push(ContributionView {
            id: r.id.0,
            version: r.version,
            kind: r.kind.name().get(lang),
            title: r.title.clone(),
            description: r.description.clone(),
            happened_on: jdate::wareki(r.happened_on),
            support: what,
            state: r.state.name().get(lang),
            confirmed: r.state == renkei_domain::csr::contribution::State::Confirmed,
            decline_reason: r.decline_reason.clone(),
            moves: buttons::<ContributionFlow>(lang, r.state, &parties, &Move::all()),
        });
    }
    let chosen = one(&form, "support");
    Ok(ContributionsPage {
        base: Base::new(
            lang,
            format!("/companies/{id}/contributions"),
            format!(
                "{}{}",
                company.name,
                tr(lang, "の地域貢献", ": giving back")
            ),
            "companies",
        ),
        company_id: id.0,
        company: company.name.clone(),
        rows,
        proposes: parties.contains(&renkei_domain::csr::contribution::Party::Company),
        kinds: coded_choices(Kind::ALL, Kind::code, Kind::name, lang, &one(&form, "kind")),
        support: support
            .into_iter()
            .map(|(s, what)| Choice {
                selected: chosen == s.to_string(),
                value: s.to_string(),
                label: what,
            })
            .collect(),
        csrf: viewer.csrf().to_owned(),
        form,
        errors: Errors::of(lang, errors),
        saved: false,
    })
}

/// `GET /companies/{id}/contributions`: the company's people and its city's staff and
/// coordinators.
pub async fn contributions(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CompanyId>,
    Query(q): Query<SavedQuery>,
) -> Result<ContributionsPage, AppError> {
    let mut page = contributions_page(&state, (lang, &viewer), id, Vec::new(), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

/// `POST /companies/{id}/contributions`: the company proposes one.
pub async fn propose(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CompanyId>,
    FormInput(form): FormInput<Form>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let c = state.app.company(&caller, Action::Read, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let draft = ContributionDraft {
        kind: one(&form, "kind"),
        title: one(&form, "title"),
        description: one(&form, "description"),
        happened_on: one(&form, "happened_on"),
        support: one(&form, "support"),
    };
    match cm::propose(&state.app, &caller, &c.0, &draft).await? {
        Ok(_) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/companies/{id}/contributions?saved=1")).into_response())
        }
        Err(errors) => {
            let page = contributions_page(&state, (lang, &viewer), id, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// `POST /csr/contributions/{id}/move`: the city confirms or declines; the company withdraws.
pub async fn step_contribution(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ContributionId>,
    FormInput(form): FormInput<Form>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = cm::load_contribution(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let version = version_of(&form)?;
    let m = match Move::parse(&one(&form, "move"), &one(&form, "reason")) {
        Ok(m) => m,
        Err(errors) => {
            let page =
                contributions_page(&state, (lang, &viewer), r.company_id, form, &errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    match cm::move_contribution(&state.app, &caller, &r, version, &m).await? {
        Ok(_) => {
            state.mail_queued();
            let to = format!("/companies/{}/contributions?saved=1", r.company_id);
            Ok(Redirect::to(&to).into_response())
        }
        Err(s) => Err(AppError::step_refused::<ContributionFlow>(s)),
    }
}
