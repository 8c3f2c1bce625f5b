//! Needs and seeds (ニーズ・シーズ): what staff and coordinators of any city record, listed
//! (`/needs-seeds`), and each with its best counterparts across all cities
//! (`/needs-seeds/{id}`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::Lang;
use renkei_domain::access::{Action, Resource, list_scope};
use renkei_domain::search::NeedSeedDraft;
use renkei_store::DocKind;
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::companies::load::writable_cities;
use crate::shared::format::{city_name, show_time};
use crate::shared::forms::{Choice, Errors};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

// ---------------------------------------------------------------------------------------
// Needs and seeds

pub struct NeedRow {
    pub id: i64,
    pub kind: &'static str,
    pub title: String,
    pub city: String,
    pub source: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "search/needs_seeds.html")]
pub struct NeedsPage {
    base: Base,
    rows: Vec<NeedRow>,
    cities: Vec<Choice>,
    form: NeedForm,
    csrf: String,
    errors: Errors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NeedForm {
    kind: String,
    city: String,
    title: String,
    description: String,
    fields: String,
    source: String,
    csrf: String,
}

fn kind_label(lang: Lang, kind: &str) -> &'static str {
    if kind == "need" {
        tr(lang, "ニーズ", "Need")
    } else {
        tr(lang, "シーズ", "Seed")
    }
}

/// Needs and seeds are for the people who match them: staff and coordinators.
fn works_anywhere(viewer: &Viewer) -> bool {
    let scope = list_scope(&viewer.subject);
    scope.all || !scope.cities.is_empty()
}

async fn needs_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    form: NeedForm,
    errors: &[renkei_domain::FieldError],
) -> Result<NeedsPage, AppError> {
    let rows = state
        .store
        .needs_seeds()
        .await?
        .into_iter()
        .map(|n| NeedRow {
            id: n.id,
            kind: kind_label(lang, &n.kind),
            title: n.title,
            city: city_name(state, &n.city_code.to_string()),
            source: n.source,
        })
        .collect();
    let cities = recording_cities(state, viewer)
        .into_iter()
        .map(|c| Choice {
            label: city_name(state, &c.to_string()),
            selected: form.city == c.to_string(),
            value: c.to_string(),
        })
        .collect();
    Ok(NeedsPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "ニーズとシーズ", "Needs and seeds"),
            "search",
        ),
        rows,
        cities,
        form,
        csrf: viewer.csrf().to_owned(),
        errors: Errors::of(lang, errors),
    })
}

/// The cities whose needs and seeds the viewer records: those it writes for, and a
/// coordinator's own.
fn recording_cities(state: &AppState, viewer: &Viewer) -> Vec<renkei_domain::city::CityCode> {
    let mut cities = writable_cities(state, viewer);
    for r in &viewer.subject.roles {
        if let renkei_domain::access::Role::Coordinator { city } = r
            && !cities.contains(city)
        {
            cities.push(*city);
        }
    }
    cities
}

pub async fn needs(
    PageContext(state, lang, uri, viewer): PageContext,
) -> Result<NeedsPage, AppError> {
    viewer.require_signed_in().await?;
    if !works_anywhere(&viewer) {
        return Err(AppError::Forbidden);
    }
    needs_page(&state, lang, &uri, &viewer, NeedForm::default(), &[]).await
}

/// Every need and seed as CSV or XLSX (newest first), for the same people as the page.
pub async fn needs_file(
    PageContext(state, lang, uri, viewer): PageContext,
) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    if !works_anywhere(&viewer) {
        return Err(AppError::Forbidden);
    }
    let header = [
        "ID",
        tr(lang, "種類", "Kind"),
        tr(lang, "市", "City"),
        tr(lang, "件名", "Title"),
        tr(lang, "内容", "Description"),
        tr(lang, "分野・診療科・技術", "Fields"),
        tr(lang, "出どころ", "From"),
        tr(lang, "記録者", "Recorded by"),
        tr(lang, "記録日時", "Recorded at"),
    ];
    let rows = state.store.needs_seeds().await?.into_iter().map(|n| {
        vec![
            n.id.to_string(),
            kind_label(lang, &n.kind).to_owned(),
            city_name(&state, &n.city_code.to_string()),
            n.title,
            n.description,
            n.fields.replace('\n', "・"),
            n.source,
            n.created_by_label,
            show_time(n.created_at),
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("needs-seeds-{}", utc_stamp());
    download(
        xlsx,
        &name,
        tr(lang, "ニーズとシーズ", "Needs and seeds"),
        &header,
        rows,
    )
}

pub async fn create_need(
    PageContext(state, lang, uri, viewer): PageContext,
    FormInput(form): FormInput<NeedForm>,
) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    // Staff who may write in no city (read-only staff) record nothing: refused, not asked to
    // choose a city.
    if !works_anywhere(&viewer) || recording_cities(&state, &viewer).is_empty() {
        return Err(AppError::Forbidden);
    }
    viewer.check_csrf(&form.csrf).await?;
    let draft = NeedSeedDraft {
        kind: form.kind.clone(),
        title: form.title.clone(),
        description: form.description.clone(),
        fields: form.fields.clone(),
        source: form.source.clone(),
    };
    let city = renkei_domain::city::CityCode::parse(&form.city)
        .ok()
        .filter(|c| recording_cities(&state, &viewer).contains(c));
    let result = draft.validate();
    match (city, result) {
        (Some(city), Ok((kind, title, description, fields, source))) => {
            let r = state
                .store
                .create_need_seed(
                    kind,
                    &city,
                    &title,
                    &description,
                    &fields,
                    &source,
                    &viewer.actor,
                )
                .await?;
            Ok(Redirect::to(&format!("/needs-seeds/{}", r.id)).into_response())
        }
        (city, result) => {
            let mut errors = result.err().unwrap_or_default();
            if city.is_none() {
                errors.insert(
                    0,
                    renkei_domain::FieldError::new(
                        "city",
                        "記録する市を選んでください（自分が担当する市）。",
                        "Choose a city you record for.",
                    ),
                );
            }
            let page = needs_page(&state, lang, &uri, &viewer, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

pub struct Counterpart {
    pub title: String,
    pub city: String,
    pub link: String,
    pub percent: u32,
}

#[derive(Template, WebTemplate)]
#[template(path = "search/need_seed.html")]
pub struct NeedPage {
    base: Base,
    kind: &'static str,
    other: &'static str,
    n: renkei_store::NeedSeedRecord,
    city: String,
    counterparts: Vec<Counterpart>,
    products: Vec<Counterpart>,
}

pub async fn need(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
) -> Result<NeedPage, AppError> {
    viewer.require_signed_in().await?;
    if !works_anywhere(&viewer) {
        return Err(AppError::NotFound);
    }
    let n = state.store.need_seed(id).await?.ok_or(AppError::NotFound)?;
    let (this, other) = if n.kind == "need" {
        (DocKind::Need, DocKind::Seed)
    } else {
        (DocKind::Seed, DocKind::Need)
    };
    let to_rows = |v: Vec<renkei_store::Similar>| -> Vec<Counterpart> {
        v.into_iter()
            .map(|s| Counterpart {
                title: s.title,
                city: s.city.map(|c| city_name(&state, &c)).unwrap_or_default(),
                link: s.link,
                percent: (s.similarity * 100.0).round() as u32,
            })
            .collect()
    };
    let counterparts = to_rows(
        state
            .store
            .similar_to((this, id), other, None, None, 0.02, 10)
            .await?,
    );
    // For a need, the products that may answer it, among those the viewer may see.
    let products = if this == DocKind::Need {
        let scope = list_scope(&viewer.subject);
        let mut v = state
            .store
            .similar_to((this, id), DocKind::Product, None, None, 0.02, 30)
            .await?;
        if !scope.all {
            let cities: Vec<String> = scope.cities.iter().map(ToString::to_string).collect();
            v.retain(|s| s.city.as_ref().is_some_and(|c| cities.contains(c)));
        }
        v.truncate(10);
        to_rows(v)
    } else {
        Vec::new()
    };
    let _ = viewer.may(Action::Read, Resource::Catalog);
    Ok(NeedPage {
        base: Base::new(lang, uri.to_string(), n.title.clone(), "search"),
        kind: kind_label(lang, &n.kind),
        other: kind_label(lang, other.code()),
        city: city_name(&state, &n.city_code.to_string()),
        counterparts,
        products,
        n,
    })
}
