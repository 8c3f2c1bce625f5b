//! A partner request's page: what the company looks for, its candidates each with the state
//! of its approach, the company's consent (the wording shown, kept once given), the moves
//! the viewer may make and its history; Renkei's suggestions and a form for a candidate
//! typed by hand; the close with its outcome. Also the case page's form that opens one.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::access::Checked;
use renkei_app::partnering::{self, MoveForm, Pick, Refused, Suggestion};
use renkei_domain::access::Action;
use renkei_domain::partnering::{
    Candidate, CandidateOutcome, ManualCandidate, Move, Party, RequestDraft,
};
use renkei_domain::workflow::moves_for;
use renkei_domain::{FieldError, Lang};
use renkei_store::{CandidateId, ConsultationId, PartnerRequestId, PartnerRequestRecord};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::show_time;
use crate::shared::forms::{Errors, SavedQuery, one, seen};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A move the viewer may make on a candidate: its code, its name, and whether it is the
/// form that failed (its fields then take the ids the error summary links to).
pub struct MoveButton {
    pub code: &'static str,
    pub name: &'static str,
    pub failed: bool,
}

/// A consent as kept: who, when, the wording's version and the wording.
pub struct ConsentView {
    pub by: String,
    pub at: String,
    pub version: String,
    pub wording: String,
}

/// A suggestion as the page shows it: its key, name, city's name and why.
pub struct SuggestionView {
    pub key: String,
    pub name: String,
    pub city: String,
    pub why: String,
}

/// A candidate as the page shows it.
pub struct CandidateView {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub link: Option<String>,
    pub city: String,
    pub source: &'static str,
    pub state: &'static str,
    pub note: String,
    /// The consent kept.
    pub consent: Option<ConsentView>,
    /// The wording the company is asked to agree to (while its consent is asked).
    pub wording: String,
    pub outcome: String,
    pub moves: Vec<MoveButton>,
    pub history: Vec<(String, &'static str, String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "partnering/request.html")]
pub struct RequestPage {
    base: Base,
    r: PartnerRequestRecord,
    purpose: &'static str,
    kind: &'static str,
    company: String,
    call: String,
    outcome: String,
    csrf: String,
    /// Whether the viewer works the case (adds candidates, closes the request).
    works: bool,
    /// Whether a candidate's move failed (its form, not the close's, holds the errors).
    move_failed: bool,
    candidates: Vec<CandidateView>,
    suggestions: Vec<SuggestionView>,
    cities: Vec<(String, String)>,
    outcomes: Vec<(&'static str, &'static str)>,
    candidate_outcomes: Vec<(&'static str, &'static str)>,
    form: HashMap<String, String>,
    errors: Errors,
    saved: bool,
}

impl RequestPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }

    /// The close form's error for `field`, unless a candidate's move failed.
    fn close_error(&self, field: &str) -> Option<&'static str> {
        if self.move_failed {
            None
        } else {
            self.errors.get(field)
        }
    }
}

/// What failed on the page: the candidate and the move whose form is shown with errors.
type Failed = Option<(i64, String)>;

async fn candidate_views(
    state: &AppState,
    lang: Lang,
    r: &PartnerRequestRecord,
    parties: &[Party],
    failed: &Failed,
) -> Result<Vec<CandidateView>, AppError> {
    let store = &state.store;
    let mut out = Vec::new();
    for c in store.partner_candidates(r.id).await? {
        let mut moves: Vec<MoveButton> = Vec::new();
        for p in parties {
            for m in moves_for::<Candidate>(c.state, *p, &Move::all()) {
                if !moves.iter().any(|b| b.code == m.code()) {
                    let failed = failed
                        .as_ref()
                        .is_some_and(|(id, code)| *id == c.id.0 && code == m.code());
                    moves.push(MoveButton {
                        code: m.code(),
                        name: m.name().get(lang),
                        failed,
                    });
                }
            }
        }
        let candidacy = renkei_store::Candidacy {
            request: r.clone(),
            candidate: c.clone(),
        };
        let wording = if moves.iter().any(|b| b.code == "consent") {
            partnering::consent_wording(&state.app, &candidacy).await?
        } else {
            String::new()
        };
        let history = store
            .candidate_history(c.id)
            .await?
            .into_iter()
            .map(|e| {
                let what = match e.to_state {
                    _ if e.move_code == "add" => tr(lang, "候補に追加", "Added"),
                    Some(s) => s.name().get(lang),
                    None => "",
                };
                (show_time(e.at), what, e.actor_label, e.note)
            })
            .collect();
        out.push(CandidateView {
            id: c.id.0,
            version: c.version,
            // The candidate's own page, for those who work the case (the company reads
            // only its own records).
            link: match (c.company_id, c.target_id) {
                _ if !parties.contains(&Party::Desk) => None,
                (Some(id), _) => Some(format!("/companies/{id}")),
                (_, Some(id)) => Some(format!("/targets/{id}")),
                _ => None,
            },
            city: c
                .city
                .map(|code| store.city_name(&code.to_string()))
                .unwrap_or_else(|| {
                    tr(lang, "指定都市以外", "Outside the designated cities").into()
                }),
            source: c.source.name().get(lang),
            state: c.state.name().get(lang),
            note: c.note.clone(),
            consent: c.consent.as_ref().map(|k| ConsentView {
                by: k.by.clone(),
                at: show_time(k.at),
                version: k.wording_version.clone(),
                wording: k.wording.clone(),
            }),
            wording,
            outcome: match c.outcome {
                Some(o) => {
                    let text = c.outcome_text.clone().unwrap_or_default();
                    format!("{} {text}", o.name().get(lang)).trim().to_owned()
                }
                None => String::new(),
            },
            moves,
            history,
            name: c.name,
        });
    }
    Ok(out)
}

async fn request_page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    r: &Checked<PartnerRequestRecord>,
    (form, failed): (HashMap<String, String>, Failed),
    errors: &[FieldError],
) -> Result<RequestPage, AppError> {
    let caller = viewer.caller();
    let app = &state.app;
    let company = state
        .store
        .company(r.company_id)
        .await?
        .map(|(c, _)| c.name)
        .unwrap_or_default();
    let parties = partnering::parties_to(app, &caller, r).await?;
    let works = parties.contains(&Party::Desk);
    let suggestions = if works && r.open {
        partnering::suggestions(app, &caller, r, 10)
            .await?
            .into_iter()
            .map(|s: Suggestion| SuggestionView {
                city: s
                    .city
                    .map(|c| state.store.city_name(&c))
                    .unwrap_or_default(),
                key: s.key,
                name: s.name,
                why: s.why,
            })
            .collect()
    } else {
        Vec::new()
    };
    let call = match r.call_id {
        Some(id) => partnering::trial_calls(app, &r.city)
            .await?
            .into_iter()
            .find(|c| c.id == id)
            .map(|c| c.title)
            .unwrap_or_default(),
        None => String::new(),
    };
    let purpose = r.purpose.name().get(lang);
    let title = format!("{purpose}#{}", r.id);
    Ok(RequestPage {
        base: Base::new(
            lang,
            format!("/partner-requests/{}", r.id),
            title,
            "companies",
        ),
        purpose,
        kind: r.purpose.kind_name(&r.kind).get(lang),
        company,
        call,
        outcome: r
            .outcome
            .map(|o| o.name().get(lang).to_owned())
            .unwrap_or_default(),
        csrf: viewer.csrf().to_owned(),
        works,
        move_failed: failed.is_some(),
        candidates: candidate_views(state, lang, r, &parties, &failed).await?,
        suggestions,
        cities: state
            .store
            .cities()
            .iter()
            .map(|c| (c.code.to_string(), c.name.clone()))
            .collect(),
        outcomes: r
            .purpose
            .outcomes()
            .into_iter()
            .map(|o| (o.code(), o.name().get(lang)))
            .collect(),
        candidate_outcomes: CandidateOutcome::ALL
            .iter()
            .map(|o| (o.code(), o.name().get(lang)))
            .collect(),
        form,
        errors: Errors::of(lang, errors),
        saved: false,
        r: (**r).clone(),
    })
}

/// The request's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<PartnerRequestId>,
    Query(q): Query<SavedQuery>,
) -> Result<RequestPage, AppError> {
    let r = partnering::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let mut page = request_page(&state, lang, &viewer, &r, (HashMap::new(), None), &[]).await?;
    page.saved = q.saved();
    Ok(page)
}

async fn refused_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    r: &Checked<PartnerRequestRecord>,
    kept: (HashMap<String, String>, Failed),
    refused: Refused,
) -> Result<Response, AppError> {
    match refused {
        Refused::Fields(errors) => {
            let page = request_page(state, lang, viewer, r, kept, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Refused::Step(s) => Err(AppError::step_refused::<Candidate>(s)),
    }
}

fn done(id: PartnerRequestId) -> Response {
    Redirect::to(&format!("/partner-requests/{id}?saved=1")).into_response()
}

/// A move on a candidate, as the viewer's party to it.
pub async fn step(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CandidateId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let c = partnering::load_candidate(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let m = MoveForm {
        code: one(&form, "move"),
        text: one(&form, "text"),
        outcome: one(&form, "outcome"),
        agree: one(&form, "agree") == "yes",
    };
    let version = seen(&form)?;
    let request = c.request.id;
    match partnering::move_candidate(&state.app, &caller, &c, version, &m).await? {
        Ok(_) => {
            state.mail_queued();
            Ok(done(request))
        }
        Err(refused) => {
            let r = partnering::load(&state.app, &caller, Action::Read, request).await?;
            let kept = HashMap::from([("text".to_owned(), m.text)]);
            let failed = Some((id.0, m.code));
            refused_page(&state, (lang, &viewer), &r, (kept, failed), refused).await
        }
    }
}

/// A candidate added: one Renkei suggested (`candidate`), or one typed by hand.
pub async fn add(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<PartnerRequestId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = partnering::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let pick = match form.get("candidate").filter(|k| !k.is_empty()) {
        Some(key) => Pick::Key(key.clone()),
        None => Pick::Manual(ManualCandidate {
            name: one(&form, "name"),
            city: one(&form, "city"),
            note: one(&form, "note"),
        }),
    };
    match partnering::add(&state.app, &caller, &r, &pick).await? {
        Ok(_) => Ok(done(id)),
        Err(refused) => refused_page(&state, (lang, &viewer), &r, (form, None), refused).await,
    }
}

/// The request closed with its outcome.
pub async fn close(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<PartnerRequestId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = partnering::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let version = seen(&form)?;
    let what = (one(&form, "outcome"), one(&form, "close_text"));
    match partnering::close(&state.app, &caller, &r, version, (&what.0, &what.1)).await? {
        Ok(_) => {
            state.mail_queued();
            Ok(done(id))
        }
        Err(refused) => refused_page(&state, (lang, &viewer), &r, (form, None), refused).await,
    }
}

/// A refused request form's problem, named at its field on the case page: the brokering
/// form's fields are `b-…`, the sites form's `s-…`.
fn on_case_page(sites: bool, mut e: FieldError) -> FieldError {
    e.field = match (sites, e.field) {
        (false, "kind") => "b-kind",
        (false, "detail") => "b-detail",
        (false, "words") => "b-words",
        (true, "kind") => "s-kind",
        (true, "detail") => "s-detail",
        (true, "words") => "s-words",
        (true, "call") => "s-call",
        (_, other) => other,
    };
    e
}

/// The case page's form: a request opened on the case, by those who work it; refused, the
/// case page again with what was typed and each problem at its field.
pub async fn open(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ConsultationId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let case = renkei_app::consultations::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let draft = RequestDraft {
        purpose: one(&form, "purpose"),
        kind: one(&form, "kind"),
        detail: one(&form, "detail"),
        words: one(&form, "words"),
    };
    let call = one(&form, "call").parse().ok();
    match partnering::open(&state.app, &caller, &case, &draft, call).await? {
        Ok(r) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/partner-requests/{}", r.id)).into_response())
        }
        Err(Refused::Fields(errors)) => {
            let sites = draft.purpose == "sites";
            let prefix = if sites { "partner_s_" } else { "partner_b_" };
            let kept: HashMap<String, String> = form
                .into_iter()
                .map(|(k, v)| (format!("{prefix}{k}"), v))
                .collect();
            let errors: Vec<FieldError> =
                errors.into_iter().map(|e| on_case_page(sites, e)).collect();
            let page = crate::features::consultations::case_page_with(
                &state, lang, &viewer, &case, kept, &errors,
            )
            .await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(Refused::Step(s)) => Err(AppError::step_refused::<Candidate>(s)),
    }
}
