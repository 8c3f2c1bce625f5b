//! Company voices (企業の声) — recorded on a product's page, gathered per stage and topic on
//! the city's page the way the report's tables show them — and idea reviews against the
//! city's own rubric, which its officers edit.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::access::{Action, Resource};
use renkei_domain::catalog::Stage;
use renkei_domain::city::CityCode;
use renkei_domain::review::{Rubric, Topic, VoiceDraft, validate_voice};
use renkei_store::ProductId;
use serde::Deserialize;
use std::collections::HashMap;

use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::products::load::load_product;
use crate::features::products::page::{again, saved};
use crate::shared::city::city_code;
use crate::shared::format::{city_name, show_time};
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct VoiceForm {
    voice_stage: String,
    topic: String,
    voice: String,
    csrf: String,
}

pub async fn add_voice(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<VoiceForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let draft = VoiceDraft {
        stage: form.voice_stage,
        topic: form.topic,
        text: form.voice,
    };
    match validate_voice(&draft) {
        Ok((stage, topic, text)) => {
            state
                .store
                .add_voice(
                    &p.home_city,
                    Some(p.company_id),
                    Some(p.id),
                    stage,
                    topic,
                    &text,
                    &viewer.actor,
                )
                .await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ReviewForm {
    #[serde(flatten)]
    fields: HashMap<String, String>,
}

pub async fn add_review(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<ProductId>,
    FormInput(ReviewForm { fields }): FormInput<ReviewForm>,
) -> Result<Response, AppError> {
    let p = load_product(&state, &viewer, Action::Write, id).await?;
    viewer
        .check_csrf(fields.get("csrf").map_or("", String::as_str))
        .await?;
    let (rubric, _) = state.store.rubric_of(&p.home_city).await?;
    let scores: Vec<String> = (0..rubric.criteria.len())
        .map(|i| {
            fields
                .get(&format!("score_{i}"))
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    let comment = renkei_domain::text::clean(fields.get("comment").map_or("", String::as_str));
    match rubric.score(&scores) {
        Ok((values, total)) => {
            state
                .store
                .add_review(&p, &rubric, &values, total, &comment, &viewer.actor)
                .await?;
            Ok(saved(id))
        }
        Err(errors) => again(&state, lang, &uri, &viewer, p, errors).await,
    }
}

pub struct TopicCount {
    pub name: &'static str,
    pub count: usize,
}

pub struct StageVoices {
    pub label: String,
    pub topics: Vec<TopicCount>,
    pub voices: Vec<(String, &'static str)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "reviews/voices.html")]
pub struct VoicesPage {
    base: Base,
    city: String,
    total: usize,
    stages: Vec<StageVoices>,
}

/// A city's company voices, per stage and topic, as the report's stage tables gather them.
pub async fn city_voices(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require(
            Action::Read,
            Resource::CityRecord {
                owner: &code,
                shared_with: &[],
            },
        )
        .await?;
    let voices = state.store.voices_of_city(&code).await?;
    let format = ListFormat::of(&uri);
    if format != ListFormat::Page {
        return voices_file(lang, &code, voices, format == ListFormat::Xlsx);
    }
    let name = city_name(&state, &city);
    let stages = Stage::ALL
        .iter()
        .map(|s| {
            let here: Vec<_> = voices.iter().filter(|v| v.stage == *s).collect();
            StageVoices {
                label: format!("{} {}", s.mark(), s.name().get(lang)),
                topics: Topic::ALL
                    .iter()
                    .map(|t| TopicCount {
                        name: t.name().get(lang),
                        count: here.iter().filter(|v| v.topic == *t).count(),
                    })
                    .filter(|t| t.count > 0)
                    .collect(),
                voices: here
                    .iter()
                    .map(|v| (v.text.clone(), v.topic.name().get(lang)))
                    .collect(),
            }
        })
        .collect();
    Ok(VoicesPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!(
                "{name} {}",
                tr(lang, "の企業の声（段階別）", "company voices by stage")
            ),
            "products",
        ),
        city: code.to_string(),
        total: voices.len(),
        stages,
    }
    .into_response())
}

/// A city's company voices as CSV or XLSX, one row each, the newest last.
fn voices_file(
    lang: renkei_domain::Lang,
    code: &CityCode,
    voices: Vec<renkei_store::VoiceRecord>,
    xlsx: bool,
) -> Result<Response, AppError> {
    let header = [
        "ID",
        tr(lang, "段階", "Stage"),
        tr(lang, "話題", "Topic"),
        tr(lang, "企業の声", "Voice"),
        tr(lang, "企業ID", "Company ID"),
        tr(lang, "開発案件ID", "Product ID"),
        tr(lang, "記録者", "Recorded by"),
        tr(lang, "記録日時", "Recorded at"),
    ];
    let rows = voices.into_iter().map(|v| {
        vec![
            v.id.to_string(),
            format!("{} {}", v.stage.mark(), v.stage.name().get(lang)),
            v.topic.name().get(lang).to_owned(),
            v.text,
            v.company_id.map(|c| c.to_string()).unwrap_or_default(),
            v.product_id.map(|p| p.to_string()).unwrap_or_default(),
            v.actor_label,
            show_time(v.created_at),
        ]
    });
    let name = format!("voices-{code}-{}", utc_stamp());
    download(xlsx, &name, tr(lang, "企業の声", "Voices"), &header, rows)
}

#[derive(Template, WebTemplate)]
#[template(path = "reviews/rubric.html")]
pub struct RubricPage {
    base: Base,
    city: String,
    lines: String,
    scale: String,
    version: i64,
    csrf: String,
    errors: Errors,
    saved: bool,
    /// Whether the viewer may change it (else the page only shows it).
    can_edit: bool,
}

/// The city's rubric as a record of the city: read by whoever may read its records, changed
/// by whoever may write them.
fn rubric_resource(code: &CityCode) -> Resource<'_> {
    Resource::CityRecord {
        owner: code,
        shared_with: &[],
    }
}

fn rubric_page(lang: Lang, uri: &Uri, name: &str, code: &CityCode, viewer: &Viewer) -> RubricPage {
    RubricPage {
        base: Base::new(
            lang,
            uri.to_string(),
            format!(
                "{name} {}",
                tr(lang, "のアイデア検証評価の評価項目", "idea-review rubric")
            ),
            "products",
        ),
        city: code.to_string(),
        lines: String::new(),
        scale: String::new(),
        version: 0,
        csrf: viewer.csrf().to_owned(),
        errors: Errors::default(),
        saved: false,
        can_edit: viewer.may(Action::Write, rubric_resource(code)),
    }
}

use renkei_domain::Lang;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RubricForm {
    criteria: String,
    scale: String,
    version: i64,
    csrf: String,
    saved: Option<u8>,
}

pub async fn rubric_form(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    crate::extract::QueryInput(q): crate::extract::QueryInput<RubricForm>,
) -> Result<RubricPage, AppError> {
    let code = city_code(&city)?;
    viewer.require(Action::Read, rubric_resource(&code)).await?;
    let (rubric, version) = state.store.rubric_of(&code).await?;
    let name = city_name(&state, &city);
    let mut page = rubric_page(lang, &uri, &name, &code, &viewer);
    page.lines = rubric.to_lines();
    page.scale = rubric.scale.to_string();
    page.version = version;
    page.saved = q.saved.is_some();
    Ok(page)
}

pub async fn save_rubric(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(city): Path<String>,
    FormInput(form): FormInput<RubricForm>,
) -> Result<Response, AppError> {
    let code = city_code(&city)?;
    viewer
        .require_form(Action::Write, rubric_resource(&code), &form.csrf)
        .await?;
    match Rubric::parse(&form.criteria, &form.scale) {
        Ok(r) => {
            state
                .store
                .save_rubric(&code, form.version, &r, &viewer.actor)
                .await?;
            Ok(Redirect::to(&format!("/cities/{code}/rubric?saved=1")).into_response())
        }
        Err(errors) => {
            let name = city_name(&state, &city);
            let mut page = rubric_page(lang, &uri, &name, &code, &viewer);
            page.lines = form.criteria;
            page.scale = form.scale;
            page.version = form.version;
            page.errors = Errors(
                errors
                    .iter()
                    .map(|e| (e.field, e.message.get(lang)))
                    .collect(),
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
