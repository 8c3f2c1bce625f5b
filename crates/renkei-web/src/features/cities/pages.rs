//! The cities and each city's menu: list, add, edit, remove.

use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::catalog::{self, Scope, Stage};
use renkei_domain::city::CityCode;
use renkei_domain::jdate;
use renkei_domain::menu::{MenuEntryDraft, Offering};
use renkei_domain::{Lang, Text};
use renkei_store::{City, MenuEntryId, MenuQuery, MenuRecord, PageRequest};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::{AppError, VALIDATION};
use crate::extract::{FormInput, QueryInput};
use crate::lang::UiLang;
use crate::shared::city::city_code;
use crate::shared::forms::{Choice, CsrfForm, city_choices};
use crate::shared::layout::{Base, tr};

use super::entry_id;
use renkei_domain::access::{Action, Resource};

pub struct CityRow {
    pub code: String,
    pub name: String,
    pub prefecture: String,
    pub entries: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "cities/cities.html")]
pub struct CitiesPage {
    base: Base,
    cities: Vec<CityRow>,
}

pub async fn list(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
) -> Result<CitiesPage, AppError> {
    let counts = state.store.menu_counts().await?;
    let cities = state
        .store
        .cities()
        .iter()
        .map(|c| CityRow {
            entries: counts
                .iter()
                .find(|(code, _)| *code == c.code)
                .map_or(0, |(_, n)| *n),
            code: c.code.to_string(),
            name: c.name.clone(),
            prefecture: c.prefecture_name.clone(),
        })
        .collect();
    Ok(CitiesPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "都市の支援メニュー", "Cities' menus"),
            "cities",
        ),
        cities,
    })
}

/// A menu entry as the menu page shows it.
pub struct EntryView {
    pub id: MenuEntryId,
    pub name: String,
    pub measure: &'static str,
    pub is_new: bool,
    pub offering: &'static str,
    pub is_link: bool,
    pub partner_city: Option<String>,
    pub description: String,
    pub contact: String,
    pub period: Option<String>,
    pub budget: Option<String>,
    pub url: Option<String>,
    /// The entry's upcoming published events (on the menu page only).
    pub events: Vec<EntryEvent>,
}

/// An upcoming event delivering a menu entry, as the menu page lists it.
pub struct EntryEvent {
    pub id: i64,
    pub title: String,
    pub when: String,
}

fn format_date(lang: Lang, d: chrono::NaiveDate) -> String {
    match lang {
        Lang::Ja => format!("{}（{}）", jdate::wareki(d), d.format("%Y-%m-%d")),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

impl EntryView {
    pub fn new(base: &Base, r: &MenuRecord, cities: &[City]) -> Self {
        let e = &r.entry;
        let (measure, offering) = (e.measure, e.offering);
        let period = match (e.period_start, e.period_end) {
            (None, None) => None,
            (s, e) => Some(format!(
                "{} 〜 {}",
                s.map(|d| format_date(base.lang, d)).unwrap_or_default(),
                e.map(|d| format_date(base.lang, d)).unwrap_or_default()
            )),
        };
        EntryView {
            id: r.id,
            name: e.name.clone(),
            measure: base.tx(&measure.name),
            is_new: measure.novelty == catalog::Novelty::New,
            offering: base.tx(&offering.name()),
            is_link: offering.is_link(),
            partner_city: e.partner_city.map(|c| {
                cities
                    .iter()
                    .find(|x| x.code == c)
                    .map_or_else(|| c.to_string(), |x| x.name.clone())
            }),
            description: e.description.clone(),
            contact: e.contact.clone(),
            period,
            budget: e.budget_yen.map(|b| {
                format!(
                    "{}{}",
                    crate::shared::format::thousands(b),
                    base.t("円", " yen")
                )
            }),
            url: e.url.clone(),
            events: Vec::new(),
        }
    }
}

pub struct MenuGroup {
    pub heading: String,
    pub anchor: String,
    pub entries: Vec<EntryView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cities/menu.html")]
pub struct MenuPage {
    base: Base,
    city: City,
    /// The rendered menu (`menu_body.html`).
    body: Arc<str>,
    notice: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct MenuParams {
    saved: Option<String>,
    deleted: Option<String>,
}

fn scope_heading(lang: Lang, scope: Scope) -> String {
    match scope {
        Scope::Stage(s) => format!(
            "{}{} {}",
            tr(lang, "段階", "Stage "),
            s.mark(),
            s.name().get(lang)
        ),
        Scope::AllStages => Scope::AllStages.name().get(lang).to_owned(),
    }
}

fn scopes() -> impl Iterator<Item = Scope> {
    Stage::ALL
        .into_iter()
        .map(Scope::Stage)
        .chain([Scope::AllStages])
}

async fn load_city(state: &AppState, city: &str) -> Result<(CityCode, City), AppError> {
    let code = city_code(city)?;
    let record = state.store.city(&code)?.clone();
    Ok((code, record))
}

pub async fn menu(
    State(state): State<AppState>,
    UiLang(lang): UiLang,
    uri: Uri,
    headers: axum::http::HeaderMap,
    Path(city): Path<String>,
    QueryInput(params): QueryInput<MenuParams>,
) -> Result<Response, AppError> {
    let (code, city) = load_city(&state, &city).await?;
    let title = format!(
        "{}{}",
        city.name,
        tr(lang, "の支援メニュー", ": support menu")
    );
    let base = Base::new(lang, uri.to_string(), title, "cities");
    // The menu itself (with each entry's upcoming events) is rendered once per city, language
    // and revision, and again when one of those events ends; every request still asks the
    // database for the revision of the menu and the events (one small read), so a change made
    // on any node shows at once.
    let revision = state.store.menu_and_events_revision(&code).await?;
    let key = format!("menu:{code}:{}", lang.code());
    let now = chrono::Utc::now();
    let body = state
        .fragments
        .get_or_render(key, revision, now, || {
            render_menu_body(&state, &base, &code, &city)
        })
        .await?;
    let notice = if params.saved.is_some() {
        Some(tr(lang, "保存しました。", "Saved."))
    } else if params.deleted.is_some() {
        Some(tr(lang, "削除しました。", "Removed."))
    } else {
        None
    };
    let page = MenuPage {
        base,
        city,
        body: body.text().clone(),
        notice,
    };
    if uri.query().is_some() {
        return Ok(page.into_response());
    }
    // Without a query the whole page is the same for everyone: kept as it is sent, under the
    // body's revision and for as long as the body holds, and sent without a copy (gzipped to
    // those who take it).
    let key = format!("menu-page:{code}:{}", lang.code());
    let until = body.until();
    let whole = state
        .fragments
        .get_or_render(key, revision, now, || async {
            let text = page.render().map_err(|e| AppError::Internal(e.into()))?;
            Ok::<_, AppError>(crate::cache::Rendered { text, until })
        })
        .await?;
    Ok(html(&headers, &whole))
}

/// A kept page as the answer, gzipped when the client takes gzip.
fn html(headers: &axum::http::HeaderMap, f: &crate::cache::Fragment) -> Response {
    use axum::http::header::{CONTENT_ENCODING, CONTENT_TYPE, VARY};
    let gzip = crate::cache::accepts_gzip(headers);
    let body = if gzip {
        axum::body::Body::from(f.gzip())
    } else {
        crate::cache::body(f.text().clone())
    };
    let mut answer = (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (VARY, "Accept-Encoding"),
        ],
        body,
    )
        .into_response();
    if gzip {
        answer.headers_mut().insert(
            CONTENT_ENCODING,
            axum::http::HeaderValue::from_static("gzip"),
        );
    }
    answer
}

#[derive(Template)]
#[template(path = "cities/menu_body.html")]
struct MenuBody<'a> {
    base: &'a Base,
    city: &'a City,
    groups: Vec<MenuGroup>,
    total: u64,
}

async fn render_menu_body(
    state: &AppState,
    base: &Base,
    code: &CityCode,
    city: &City,
) -> Result<crate::cache::Rendered, AppError> {
    let all = PageRequest::new(1, PageRequest::MAX_PER_PAGE);
    let page = state
        .store
        .menu(
            code,
            MenuQuery {
                scope: None,
                page: all,
            },
        )
        .await?;
    let cities = state.store.cities();
    let now = chrono::Utc::now();
    let upcoming = renkei_app::events::calendar(
        &state.app,
        renkei_store::EventQuery {
            organiser: Some(*code),
            from: Some(now),
            limit: 2_000,
            ..Default::default()
        },
    )
    .await?;
    let events_of = |id: MenuEntryId| {
        upcoming
            .iter()
            .filter(|e| e.menu_entry_id == Some(id))
            .map(|e| EntryEvent {
                id: e.id.0,
                title: e.title.clone(),
                when: crate::shared::format::show_when(e.starts_at),
            })
            .collect()
    };
    let groups = scopes()
        .map(|scope| MenuGroup {
            heading: scope_heading(base.lang, scope),
            anchor: scope
                .stage()
                .map_or_else(|| "common".to_owned(), |s| format!("stage-{}", s.number())),
            entries: page
                .items
                .iter()
                .filter(|r| r.entry.measure.scope == scope)
                .map(|r| EntryView {
                    events: events_of(r.id),
                    ..EntryView::new(base, r, cities)
                })
                .collect(),
        })
        .collect();
    let body = MenuBody {
        base,
        city,
        groups,
        total: page.total,
    };
    Ok(crate::cache::Rendered {
        text: body.render().map_err(|e| AppError::Internal(e.into()))?,
        // An event leaves its entry when it ends.
        until: crate::cache::first_after(upcoming.iter().map(|e| e.ends_at), now),
    })
}

/// The fields of the menu-entry form, as posted.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MenuForm {
    measure: String,
    offering: String,
    partner_city: String,
    name: String,
    description: String,
    contact: String,
    period_start: String,
    period_end: String,
    budget_yen: String,
    url: String,
    version: String,
    /// The session's CSRF token, sent back with the form.
    csrf: String,
}

impl MenuForm {
    fn draft(&self) -> MenuEntryDraft {
        MenuEntryDraft {
            measure: self.measure.clone(),
            offering: self.offering.clone(),
            partner_city: self.partner_city.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            contact: self.contact.clone(),
            period_start: self.period_start.clone(),
            period_end: self.period_end.clone(),
            budget_yen: self.budget_yen.clone(),
            url: self.url.clone(),
        }
    }

    fn from_record(r: &MenuRecord, csrf: &str) -> Self {
        let e = &r.entry;
        MenuForm {
            measure: e.measure.code.to_owned(),
            offering: e.offering.code().to_owned(),
            partner_city: e.partner_city.map(|c| c.to_string()).unwrap_or_default(),
            name: e.name.clone(),
            description: e.description.clone(),
            contact: e.contact.clone(),
            period_start: e.period_start.map(|d| d.to_string()).unwrap_or_default(),
            period_end: e.period_end.map(|d| d.to_string()).unwrap_or_default(),
            budget_yen: e.budget_yen.map(|b| b.to_string()).unwrap_or_default(),
            url: e.url.clone().unwrap_or_default(),
            version: r.version.to_string(),
            csrf: csrf.to_owned(),
        }
    }
}

pub struct ChoiceGroup {
    pub label: String,
    pub choices: Vec<Choice>,
}

/// One error, linked from the summary to its field.
pub struct ErrorView {
    pub field: &'static str,
    pub message: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "cities/menu_form.html")]
pub struct MenuFormPage {
    base: Base,
    city: City,
    action: String,
    form: MenuForm,
    measures: Vec<ChoiceGroup>,
    offerings: Vec<Choice>,
    partner_cities: Vec<Choice>,
    summary: Option<&'static str>,
    errors: Vec<ErrorView>,
}

impl MenuFormPage {
    /// The message for a field, if it has one.
    pub fn error(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message)
    }
}

/// The city whose menu the viewer may change, with its code.
async fn writable_city(
    state: &AppState,
    viewer: &Viewer,
    city: &str,
) -> Result<(CityCode, City), AppError> {
    let (code, city) = load_city(state, city).await?;
    viewer
        .require(Action::Write, Resource::CityMenu(&code))
        .await?;
    Ok((code, city))
}

/// Where a menu form is shown and sent: a city whose menu the viewer may change, and the
/// form's address (an existing entry's when editing).
struct FormSite {
    lang: Lang,
    uri: String,
    code: CityCode,
    city: City,
    action: String,
    editing: bool,
}

impl FormSite {
    /// `id`: the entry being edited, none for a new one.
    async fn load(
        state: &AppState,
        viewer: &Viewer,
        lang: Lang,
        uri: &Uri,
        city: &str,
        id: Option<&str>,
    ) -> Result<Self, AppError> {
        let (code, city) = writable_city(state, viewer, city).await?;
        let (action, editing) = match id {
            Some(id) => (format!("/cities/{code}/menu/{}/edit", entry_id(id)?), true),
            None => (format!("/cities/{code}/menu/new"), false),
        };
        Ok(Self {
            lang,
            uri: uri.to_string(),
            code,
            city,
            action,
            editing,
        })
    }

    fn page(
        self,
        state: &AppState,
        form: MenuForm,
        summary: Option<Text>,
        errors: &[FieldError],
    ) -> MenuFormPage {
        form_page(self, state.store.cities(), form, summary, errors)
    }

    /// The form again, with what is wrong in it.
    fn invalid(self, state: &AppState, form: MenuForm, errors: &[FieldError]) -> Response {
        let page = self.page(state, form, Some(VALIDATION), errors);
        (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
    }
}

fn form_page(
    site: FormSite,
    cities: &[City],
    form: MenuForm,
    summary: Option<Text>,
    errors: &[FieldError],
) -> MenuFormPage {
    let FormSite {
        lang,
        uri,
        city,
        action,
        editing,
        ..
    } = site;
    let title = format!(
        "{}{}",
        city.name,
        if editing {
            tr(lang, "：支援メニューの編集", ": edit a menu entry")
        } else {
            tr(lang, "：支援メニューの追加", ": add a menu entry")
        }
    );
    let base = Base::new(lang, uri, title, "cities");
    let measures = scopes()
        .map(|scope| ChoiceGroup {
            label: scope_heading(lang, scope),
            choices: catalog::measures_in(scope)
                .map(|m| Choice {
                    value: m.code.to_owned(),
                    label: format!(
                        "{}{}",
                        m.name.get(lang),
                        if m.novelty == catalog::Novelty::New {
                            tr(lang, "（新規・拡充）", " (new)")
                        } else {
                            ""
                        }
                    ),
                    selected: form.measure == m.code,
                })
                .collect(),
        })
        .collect();
    let offerings = Offering::ALL
        .into_iter()
        .map(|o| Choice {
            value: o.code().to_owned(),
            label: o.name().get(lang).to_owned(),
            selected: form.offering == o.code() || (form.offering.is_empty() && o == Offering::Own),
        })
        .collect();
    let partner_cities = city_choices(
        cities.iter().filter(|c| c.code != city.code),
        &form.partner_city,
    );
    MenuFormPage {
        base,
        city,
        action,
        form,
        measures,
        offerings,
        partner_cities,
        summary: summary.map(|s| s.get(lang)),
        errors: errors
            .iter()
            .map(|e| ErrorView {
                field: e.field,
                message: e.message.get(lang),
            })
            .collect(),
    }
}

#[derive(Deserialize)]
pub struct NewParams {
    measure: Option<String>,
}

pub async fn new_form(
    State(state): State<AppState>,
    viewer: Viewer,
    UiLang(lang): UiLang,
    uri: Uri,
    Path(city): Path<String>,
    QueryInput(params): QueryInput<NewParams>,
) -> Result<MenuFormPage, AppError> {
    let site = FormSite::load(&state, &viewer, lang, &uri, &city, None).await?;
    let form = MenuForm {
        measure: params.measure.unwrap_or_default(),
        csrf: viewer.csrf().to_owned(),
        ..Default::default()
    };
    Ok(site.page(&state, form, None, &[]))
}

pub async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    UiLang(lang): UiLang,
    uri: Uri,
    Path(city): Path<String>,
    FormInput(form): FormInput<MenuForm>,
) -> Result<Response, AppError> {
    let site = FormSite::load(&state, &viewer, lang, &uri, &city, None).await?;
    viewer.check_csrf(&form.csrf).await?;
    match form.draft().validate(&site.code) {
        Ok(entry) => {
            let record = state
                .store
                .create_menu_entry(&site.code, &viewer.actor, &entry)
                .await?;
            Ok(saved(&site.code, record.id))
        }
        Err(errors) => Ok(site.invalid(&state, form, &errors)),
    }
}

/// After a save: back to the menu, at the saved entry, with the "saved" notice.
fn saved(code: &CityCode, id: MenuEntryId) -> Response {
    Redirect::to(&format!("/cities/{code}?saved={id}#entry-{id}")).into_response()
}

pub async fn edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    UiLang(lang): UiLang,
    uri: Uri,
    Path((city, id)): Path<(String, String)>,
) -> Result<MenuFormPage, AppError> {
    let site = FormSite::load(&state, &viewer, lang, &uri, &city, Some(&id)).await?;
    let record = state.store.menu_entry(&site.code, entry_id(&id)?).await?;
    let form = MenuForm::from_record(&record, viewer.csrf());
    Ok(site.page(&state, form, None, &[]))
}

const CONFLICT_SUMMARY: Text = Text::new(
    "ほかの人が先にこの項目を更新しました。下の内容は最新のものです。変更を入れ直してから保存してください。",
    "Someone else changed this entry first. The form now shows the latest version: make your change again and save.",
);

pub async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    UiLang(lang): UiLang,
    uri: Uri,
    Path((city, id)): Path<(String, String)>,
    FormInput(form): FormInput<MenuForm>,
) -> Result<Response, AppError> {
    let site = FormSite::load(&state, &viewer, lang, &uri, &city, Some(&id)).await?;
    let code = site.code;
    viewer.check_csrf(&form.csrf).await?;
    let id = entry_id(&id)?;
    let version = form.version.trim().parse::<i32>().ok();
    match form.draft().validate(&code) {
        Ok(entry) => match state
            .store
            .update_menu_entry(&code, id, version, &viewer.actor, &entry)
            .await
        {
            Ok(record) => Ok(saved(&code, record.id)),
            Err(renkei_store::StoreError::Conflict) => {
                let latest = state.store.menu_entry(&code, id).await?;
                let form = MenuForm::from_record(&latest, viewer.csrf());
                let page = site.page(&state, form, Some(CONFLICT_SUMMARY), &[]);
                Ok((StatusCode::CONFLICT, page).into_response())
            }
            Err(e) => Err(e.into()),
        },
        Err(errors) => {
            // The entry must still exist and belong to the city before we show the form again.
            state.store.menu_entry(&code, id).await?;
            Ok(site.invalid(&state, form, &errors))
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "cities/menu_delete.html")]
pub struct DeletePage {
    base: Base,
    city: City,
    entry: EntryView,
    action: String,
    csrf: String,
}

pub async fn delete_form(
    State(state): State<AppState>,
    viewer: Viewer,
    UiLang(lang): UiLang,
    uri: Uri,
    Path((city, id)): Path<(String, String)>,
) -> Result<DeletePage, AppError> {
    let (code, city) = writable_city(&state, &viewer, &city).await?;
    let record = state.store.menu_entry(&code, entry_id(&id)?).await?;
    let cities = state.store.cities();
    let base = Base::new(
        lang,
        uri.to_string(),
        tr(lang, "支援メニューの削除", "Remove a menu entry"),
        "cities",
    );
    Ok(DeletePage {
        entry: EntryView::new(&base, &record, cities),
        action: format!("/cities/{code}/menu/{}/delete", record.id),
        csrf: viewer.csrf().to_owned(),
        base,
        city,
    })
}

pub async fn delete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((city, id)): Path<(String, String)>,
    FormInput(form): FormInput<CsrfForm>,
) -> Result<Redirect, AppError> {
    let (code, _) = writable_city(&state, &viewer, &city).await?;
    viewer.check_csrf(&form.csrf).await?;
    state
        .store
        .delete_menu_entry(&code, entry_id(&id)?, &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("/cities/{code}?deleted=1")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands() {
        assert_eq!(crate::shared::format::thousands(10_000_000), "10,000,000");
        assert_eq!(crate::shared::format::thousands(999), "999");
        assert_eq!(crate::shared::format::thousands(0), "0");
    }
}
