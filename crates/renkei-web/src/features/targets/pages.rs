//! Sales-channel targets (販路開拓先): each city's list of the hospitals, schools, insurers
//! and others its officers approach, with registration and editing. Imports go through the
//! common import pages (`/companies/import`, kind "targets") and `renkei import targets`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::access::Action;
use renkei_domain::city::CityCode;
use renkei_domain::target::{TargetDraft, TargetKind};
use renkei_domain::{Lang, Text};
use renkei_store::{PageRequest, SalesTargetRecord, StoreError, TargetId, TargetQuery};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::features::companies::load::{visible_cities, writable_cities};
use crate::shared::format::{city_name, encode};
use crate::shared::forms::{Choice, Errors, SavedQuery, city_choices};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// The target of `id`, once the policy allows `action` on it (a record of its city).
async fn load_target(
    state: &AppState,
    viewer: &Viewer,
    action: Action,
    id: i64,
) -> Result<SalesTargetRecord, AppError> {
    let checked = state
        .app
        .sales_target(&viewer.caller(), action, TargetId(id))
        .await?;
    Ok(checked.into_inner())
}

fn kind_choices(lang: Lang, selected: &str) -> Vec<Choice> {
    TargetKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.code().to_owned(),
            label: k.name().get(lang).to_owned(),
            selected: k.code() == selected,
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    city: String,
    kind: String,
    q: String,
    page: Option<u64>,
}

pub struct Row {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub city: String,
    pub address: String,
    pub size: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/targets.html")]
pub struct ListPage {
    base: Base,
    rows: Vec<Row>,
    kinds: Vec<Choice>,
    cities: Vec<Choice>,
    filter: ListFilter,
    total: u64,
    page: u64,
    pages: u64,
    query: String,
    may_create: bool,
}

/// The query of the list's filter within the cities the caller sees (none: it sees none).
/// Staff see their own cities' targets; one city at a time when they work in several.
fn query_of(
    scope: &renkei_domain::access::ListScope,
    visible: &[&renkei_store::City],
    filter: &ListFilter,
) -> Option<TargetQuery> {
    let chosen = CityCode::parse(&filter.city)
        .ok()
        .filter(|c| visible.iter().any(|v| v.code == *c));
    let first = visible.first()?;
    let city = chosen.or_else(|| (visible.len() == 1 || !scope.all).then_some(first.code));
    Some(TargetQuery {
        city,
        kind: TargetKind::from_code(&filter.kind),
        text: (!filter.q.trim().is_empty()).then(|| renkei_domain::text::fold(&filter.q)),
    })
}

/// The list of the filter as CSV or XLSX: every target it holds, with its contact.
pub async fn list_file(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<Response, AppError> {
    let scope = viewer.signed_in_scope().await?;
    let visible = visible_cities(&state, &scope);
    let mut all = Vec::new();
    if let Some(q) = query_of(&scope, &visible, &filter) {
        let mut page = 1;
        loop {
            let p = state
                .store
                .sales_targets(&q, PageRequest::new(page, PageRequest::MAX_PER_PAGE))
                .await?;
            let last = p.page * p.per_page >= p.total;
            all.extend(p.items);
            if last {
                break;
            }
            page += 1;
        }
    }
    let header = [
        "ID",
        tr(lang, "市", "City"),
        tr(lang, "種別", "Kind"),
        tr(lang, "名称", "Name"),
        tr(lang, "フリガナ", "Reading"),
        tr(lang, "郵便番号", "Postal code"),
        tr(lang, "所在地", "Address"),
        tr(lang, "診療科・分野", "Departments"),
        tr(lang, "規模", "Size"),
        tr(lang, "関心のある分野", "Interests"),
        tr(lang, "担当者", "Contact"),
        tr(lang, "担当部署", "Contact's department"),
        tr(lang, "メールアドレス", "E-mail"),
        tr(lang, "電話番号", "Telephone"),
        tr(lang, "出典のコード", "Source code"),
    ];
    let rows = all.into_iter().map(|t| {
        vec![
            t.id.to_string(),
            city_name(&state, &t.city_code.to_string()),
            t.kind.name().get(lang).to_owned(),
            t.name,
            t.name_kana,
            t.postal_code,
            t.address,
            t.departments.replace('\n', "・"),
            t.size.map(|s| s.to_string()).unwrap_or_default(),
            t.interests.replace('\n', "・"),
            t.contact_name,
            t.contact_department,
            t.contact_email,
            t.contact_phone,
            t.source_code,
        ]
    });
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let name = format!("sales-targets-{}", utc_stamp());
    download(
        xlsx,
        &name,
        tr(lang, "販路開拓先", "Targets"),
        &header,
        rows,
    )
}

pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<ListPage, AppError> {
    let scope = viewer.signed_in_scope().await?;
    let visible = visible_cities(&state, &scope);
    let page = match query_of(&scope, &visible, &filter) {
        None => renkei_store::Page {
            items: Vec::new(),
            total: 0,
            page: 1,
            per_page: 50,
        },
        Some(q) => {
            state
                .store
                .sales_targets(&q, PageRequest::new(filter.page.unwrap_or(1), 50))
                .await?
        }
    };
    let rows = page
        .items
        .iter()
        .map(|t| Row {
            id: t.id.0,
            name: t.name.clone(),
            kind: t.kind.name().get(lang),
            city: city_name(&state, &t.city_code.to_string()),
            address: t.address.clone(),
            size: t.size.map(|s| s.to_string()).unwrap_or_default(),
        })
        .collect();
    Ok(ListPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "販路開拓先", "Sales-channel targets"),
            "referrals",
        ),
        rows,
        kinds: kind_choices(lang, &filter.kind),
        cities: city_choices(visible, &filter.city),
        total: page.total,
        page: page.page,
        pages: page.total.div_ceil(page.per_page).max(1),
        query: format!(
            "city={}&kind={}&q={}",
            encode(&filter.city),
            encode(&filter.kind),
            encode(&filter.q)
        ),
        may_create: !writable_cities(&state, &viewer).is_empty(),
        filter,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TargetForm {
    city: String,
    kind: String,
    name: String,
    name_kana: String,
    postal_code: String,
    address: String,
    departments: String,
    size: String,
    interests: String,
    contact_name: String,
    contact_department: String,
    contact_email: String,
    contact_phone: String,
    version: i64,
    csrf: String,
}

impl TargetForm {
    fn draft(&self) -> TargetDraft {
        TargetDraft {
            kind: self.kind.clone(),
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            postal_code: self.postal_code.clone(),
            address: self.address.clone(),
            departments: self.departments.clone(),
            size: self.size.clone(),
            interests: self.interests.clone(),
            contact_name: self.contact_name.clone(),
            contact_department: self.contact_department.clone(),
            contact_email: self.contact_email.clone(),
            contact_phone: self.contact_phone.clone(),
            source_code: String::new(),
        }
    }

    fn of(t: &SalesTargetRecord) -> Self {
        TargetForm {
            city: t.city_code.to_string(),
            kind: t.kind.code().to_owned(),
            name: t.name.clone(),
            name_kana: t.name_kana.clone(),
            postal_code: t.postal_code.clone(),
            address: t.address.clone(),
            departments: t.departments.clone(),
            size: t.size.map(|s| s.to_string()).unwrap_or_default(),
            interests: t.interests.clone(),
            contact_name: t.contact_name.clone(),
            contact_department: t.contact_department.clone(),
            contact_email: t.contact_email.clone(),
            contact_phone: t.contact_phone.clone(),
            version: t.version,
            csrf: String::new(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/target_form.html")]
pub struct FormPage {
    base: Base,
    /// The target being edited; none for a new one.
    id: Option<i64>,
    cities: Vec<Choice>,
    kinds: Vec<Choice>,
    form: TargetForm,
    errors: Errors,
}

/// The edit form of the target as stored, with `errors`: none when it is opened, the conflict
/// when someone else saved first.
fn edit_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    t: &SalesTargetRecord,
    errors: &[FieldError],
) -> FormPage {
    form_page(
        state,
        lang,
        uri,
        viewer,
        Some(t.id.0),
        TargetForm::of(t),
        errors,
    )
}

fn form_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    id: Option<i64>,
    mut form: TargetForm,
    errors: &[FieldError],
) -> FormPage {
    form.csrf = viewer.csrf().to_owned();
    let cities = writable_cities(state, viewer)
        .iter()
        .map(|c| Choice {
            value: c.to_string(),
            label: city_name(state, &c.to_string()),
            selected: c.to_string() == form.city,
        })
        .collect();
    FormPage {
        base: Base::new(
            lang,
            uri.to_string(),
            if id.is_some() {
                tr(lang, "販路開拓先の編集", "Edit a target")
            } else {
                tr(lang, "販路開拓先の登録", "Register a target")
            },
            "referrals",
        ),
        id,
        cities,
        kinds: kind_choices(lang, &form.kind),
        form,
        errors: Errors::of(lang, errors),
    }
}

pub async fn new_form(
    PageContext(state, lang, uri, viewer): PageContext,
) -> Result<FormPage, AppError> {
    viewer.require_signed_in().await?;
    let cities = writable_cities(&state, &viewer);
    if cities.is_empty() {
        return Err(AppError::Forbidden);
    }
    let form = TargetForm {
        city: cities[0].to_string(),
        ..Default::default()
    };
    Ok(form_page(&state, lang, &uri, &viewer, None, form, &[]))
}

pub async fn create(
    PageContext(state, lang, uri, viewer): PageContext,
    FormInput(form): FormInput<TargetForm>,
) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    if writable_cities(&state, &viewer).is_empty() {
        return Err(AppError::Forbidden);
    }
    viewer.check_csrf(&form.csrf).await?;
    let city = CityCode::parse(&form.city)
        .ok()
        .filter(|c| writable_cities(&state, &viewer).contains(c));
    let result = form.draft().validate();
    match (city, result) {
        (Some(city), Ok(t)) => {
            let record = state
                .store
                .create_sales_target(&city, &t, &viewer.actor)
                .await?;
            Ok(Redirect::to(&format!("/sales-targets/{}", record.id)).into_response())
        }
        (city, result) => {
            let mut errors = result.err().unwrap_or_default();
            if city.is_none() {
                errors.insert(
                    0,
                    FieldError::new(
                        "city",
                        "登録できる市を選んでください。",
                        "Choose a city you may register in.",
                    ),
                );
            }
            let page = form_page(&state, lang, &uri, &viewer, None, form, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "targets/target.html")]
pub struct ShowPage {
    base: Base,
    t: SalesTargetRecord,
    kind: &'static str,
    size_unit: &'static str,
    city: String,
    may_edit: bool,
    saved: bool,
}

pub async fn show(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
    QueryInput(q): QueryInput<SavedQuery>,
) -> Result<ShowPage, AppError> {
    let t = load_target(&state, &viewer, Action::Read, id).await?;
    Ok(ShowPage {
        base: Base::new(lang, uri.to_string(), t.name.clone(), "referrals"),
        kind: t.kind.name().get(lang),
        size_unit: t.kind.size_unit().get(lang),
        city: city_name(&state, &t.city_code.to_string()),
        may_edit: viewer.may_write_in(&t.city_code),
        saved: q.saved(),
        t,
    })
}

pub async fn edit_form(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
) -> Result<FormPage, AppError> {
    let t = load_target(&state, &viewer, Action::Write, id).await?;
    Ok(edit_page(&state, lang, &uri, &viewer, &t, &[]))
}

pub async fn update(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(mut form): FormInput<TargetForm>,
) -> Result<Response, AppError> {
    let t = load_target(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    // A target stays in its city.
    form.city = t.city_code.to_string();
    match form.draft().validate() {
        Ok(valid) => {
            match state
                .store
                .update_sales_target(t.id, form.version, &valid, &viewer.actor)
                .await
            {
                Ok(_) => Ok(Redirect::to(&format!("/sales-targets/{id}?saved=1")).into_response()),
                Err(StoreError::Conflict) => {
                    let errors = [FieldError {
                        field: "name",
                        message: Text::new(
                            "ほかの人が先にこの販路開拓先を更新しました。最新の内容を確認してから、もう一度保存してください。",
                            "Someone else changed this target first. Check the latest version and save again.",
                        ),
                    }];
                    let page = edit_page(&state, lang, &uri, &viewer, &t, &errors);
                    Ok((StatusCode::CONFLICT, page).into_response())
                }
                Err(e) => Err(e.into()),
            }
        }
        Err(errors) => {
            let page = form_page(&state, lang, &uri, &viewer, Some(id), form, &errors);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
