//! A city's expected times (標準期間) for the steps of a referral, after which a step is
//! overdue and its owner reminded.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::Lang;
use renkei_domain::access::{Action, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::referral::{self as rules, State as Step};

use super::labels::step_label;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::lang::UiLang;
use crate::shared::format::city_name;
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};

// ---------------------------------------------------------------------------------------
// A city's expected times

#[derive(Template, WebTemplate)]
#[template(path = "referrals/referral_times.html")]
pub struct TimesPage {
    base: Base,
    city: String,
    city_name: String,
    rows: Vec<(String, String, String)>,
    csrf: String,
    saved: bool,
    errors: Errors,
    /// Whether the viewer may change them (else the page only shows them).
    can_edit: bool,
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
        can_edit: viewer.may(Action::Write, city_records(city)),
    })
}

/// A city's expected times as a record of the city: read by whoever may read its records,
/// changed by whoever may write them.
fn city_records(city: &CityCode) -> Resource<'_> {
    Resource::CityRecord {
        owner: city,
        shared_with: &[],
    }
}

pub async fn times_form(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    viewer: Viewer,
    Path(city): Path<String>,
) -> Result<TimesPage, AppError> {
    let city = crate::shared::city::city_code(&city)?;
    viewer.require(Action::Read, city_records(&city)).await?;
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
    let city = crate::shared::city::city_code(&city)?;
    viewer
        .require_form(
            Action::Write,
            city_records(&city),
            form.get("csrf").map_or("", String::as_str),
        )
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
