//! The target's side of an introduction: its page behind a one-time link (where it answers
//! without an account), and a target contact's list of the introductions it received.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use renkei_domain::FieldError;
use renkei_domain::access::Role;
use renkei_domain::referral::TargetAnswer;
use renkei_domain::{Lang, Text};
use renkei_store::TargetLinkError;

use super::targets::{AnswerForm, parse_answer};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::{Caller, FormInput};
use crate::lang::UiLang;
use crate::shared::format::city_name;
use crate::shared::forms::{Choice, Errors, coded_choices};
use crate::shared::layout::{Base, tr};

// ---------------------------------------------------------------------------------------
// The target's page: by a one-time link, or the target-contact account's list

#[derive(Template, WebTemplate)]
#[template(path = "referrals/introduction.html")]
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
        city: city_name(state, &r.receiving_city.to_string()),
        from_city: city_name(state, &r.sending_city.to_string()),
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
#[template(path = "referrals/introduction_done.html")]
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
    renkei_app::referrals::answer_by_link(&state.app, &token, answer, &note, &actor)
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
#[template(path = "referrals/introductions.html")]
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
            let step = r.state;
            IntroductionRow {
                referral: r.id.0,
                product: products
                    .get(&r.product_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                city: city_name(&state, &r.receiving_city.to_string()),
                answer: rt.answer.name().get(lang),
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
