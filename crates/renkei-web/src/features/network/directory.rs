//! The coordinator directory across every city (`/coordinators`, filtered by stage, field,
//! device class, city, organisation, language and availability), one coordinator's page,
//! and the form that keeps their profile (the coordinator's own, or their city's staff's).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::network::{self, Coordinator};
use renkei_domain::access::{Action, Decision, Resource, Role, decide};
use renkei_domain::catalog::Stage;
use renkei_domain::network::{
    Availability, DeviceClass, Field, Filter, FilterCodes, Language, ProfileDraft,
};
use renkei_domain::{FieldError, Lang};
use renkei_store::UserId;
use serde::Deserialize;

use super::sites::{SiteForm, SitesPart};
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::forms::Errors;
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A coordinator as a card shows them.
pub struct CoordinatorView {
    pub id: i64,
    pub name: String,
    pub city: String,
    pub organization: String,
    pub stages: String,
    pub fields: String,
    pub classes: String,
    pub languages: String,
    pub capacity: String,
    pub availability: String,
    pub summary: String,
    pub has_profile: bool,
    /// Whether the viewer may ask them for help (a coordinator of another city).
    pub askable: bool,
}

fn names<T: Copy>(v: &[T], name: impl Fn(T) -> renkei_domain::Text, lang: Lang) -> String {
    v.iter()
        .map(|x| name(*x).get(lang))
        .collect::<Vec<_>>()
        .join("・")
}

/// The cities where the viewer may ask for help (full staff, coordinators).
pub(super) fn asking_cities(viewer: &Viewer) -> Vec<renkei_domain::city::CityCode> {
    let subject = &viewer.caller().subject;
    subject
        .roles
        .iter()
        .filter_map(|r| match r {
            Role::CityStaff { city, .. } | Role::Coordinator { city } => Some(*city),
            _ => None,
        })
        .filter(|c| decide(subject, Action::Write, Resource::HelpAsk(c)) == Decision::Allow)
        .collect()
}

/// The cards of some coordinators, their organisations named.
pub(super) async fn views(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    list: &[Coordinator],
) -> Result<Vec<CoordinatorView>, AppError> {
    let orgs: Vec<i64> = list
        .iter()
        .filter_map(|c| c.profile.as_ref()?.organization_id)
        .collect();
    let named = state.store.helper_names(&orgs, &[]).await?;
    let asking = asking_cities(viewer);
    Ok(list
        .iter()
        .map(|c| {
            let city = c.city();
            let city_name = city
                .map(|c| state.store.city_name(&c.to_string()))
                .unwrap_or_default();
            let askable = !asking.is_empty()
                && c.account.cities.iter().any(|c| !asking.contains(c))
                && viewer.caller().subject.person != Some(c.account.user.id.0);
            let mut v = CoordinatorView {
                id: c.account.user.id.0,
                name: c.account.user.display_name.clone(),
                organization: city_name.clone(),
                city: city_name,
                stages: String::new(),
                fields: String::new(),
                classes: String::new(),
                languages: String::new(),
                capacity: String::new(),
                availability: String::new(),
                summary: String::new(),
                has_profile: c.profile.is_some(),
                askable,
            };
            if let Some(p) = &c.profile {
                if let Some(name) = p.organization_id.and_then(|o| named.organizations.get(&o)) {
                    v.organization = name.clone();
                }
                v.stages = names(&p.stages, Stage::name, lang);
                v.fields = names(&p.fields, Field::name, lang);
                v.classes = names(&p.classes, DeviceClass::name, lang);
                v.languages = names(&p.languages, Language::name, lang);
                v.capacity = format!(
                    "{}{}{}{}",
                    tr(lang, "引受中 ", "open "),
                    c.open,
                    tr(lang, "件／上限 ", " of at most "),
                    p.capacity
                );
                v.availability = match p.until {
                    Some(d) => format!(
                        "{}（{}{}）",
                        p.availability.name().get(lang),
                        d,
                        tr(lang, "まで", " until")
                    ),
                    None => p.availability.name().get(lang).to_owned(),
                };
                v.summary = p.summary.clone();
            }
            v
        })
        .collect())
}

/// The choices of a select: (code, name).
type Choices = Vec<(String, String)>;

fn choices<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    name: impl Fn(T) -> renkei_domain::Text,
    lang: Lang,
) -> Choices {
    all.iter()
        .map(|x| (code(*x).to_owned(), name(*x).get(lang).to_owned()))
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "network/directory.html")]
pub struct DirectoryPage {
    base: Base,
    q: FilterQuery,
    stages: Choices,
    fields: Choices,
    classes: Choices,
    cities: Choices,
    organizations: Choices,
    languages: Choices,
    availabilities: Choices,
    coordinators: Vec<CoordinatorView>,
}

/// The directory's filters as the form sends them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FilterQuery {
    pub stage: String,
    pub field: String,
    pub class: String,
    pub city: String,
    pub organization: String,
    pub language: String,
    pub availability: String,
}

impl FilterQuery {
    pub fn filter(&self) -> Filter {
        let some = |s: &String| Some(s.clone());
        Filter::from_codes(&FilterCodes {
            stage: some(&self.stage),
            field: some(&self.field),
            class: some(&self.class),
            city: some(&self.city),
            organization: some(&self.organization),
            language: some(&self.language),
            availability: some(&self.availability),
        })
    }
}

/// The directory.
pub async fn page(
    PageContext(state, lang, uri, viewer): PageContext,
    Query(q): Query<FilterQuery>,
) -> Result<DirectoryPage, AppError> {
    let caller = viewer.caller();
    let list = network::directory(&state.app, &caller, &q.filter()).await?;
    let everyone = network::coordinators(&state.app).await?;
    let orgs: Vec<i64> = everyone
        .iter()
        .filter_map(|c| c.profile.as_ref()?.organization_id)
        .collect();
    let named = state.store.helper_names(&orgs, &[]).await?;
    let mut organizations: Choices = named
        .organizations
        .iter()
        .map(|(id, name)| (id.to_string(), name.clone()))
        .collect();
    organizations.sort();
    Ok(DirectoryPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "コーディネーター名簿", "Coordinator directory"),
            "coordinators",
        ),
        stages: choices(&Stage::ALL, Stage::code, Stage::name, lang),
        fields: choices(Field::ALL, Field::code, Field::name, lang),
        classes: choices(DeviceClass::ALL, DeviceClass::code, DeviceClass::name, lang),
        cities: state
            .store
            .cities()
            .iter()
            .map(|c| (c.code.to_string(), c.name.clone()))
            .collect(),
        organizations,
        languages: choices(Language::ALL, Language::code, Language::name, lang),
        availabilities: choices(
            Availability::ALL,
            Availability::code,
            Availability::name,
            lang,
        ),
        coordinators: views(&state, lang, &viewer, &list).await?,
        q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "network/coordinator.html")]
pub struct CoordinatorPage {
    base: Base,
    c: CoordinatorView,
    /// Whether the viewer keeps this profile (and its sites).
    keeps: bool,
    /// What was just done, said at the top.
    notice: Option<&'static str>,
    csrf: String,
    sites: SitesPart,
}

impl CoordinatorPage {
    fn site_value(&self, key: &str) -> &str {
        match key {
            "name" => &self.sites.form.name,
            "kind" => &self.sites.form.kind,
            _ => &self.sites.form.offers,
        }
    }
}

/// What a coordinator's page was opened after.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    saved: Option<u8>,
    site: Option<String>,
}

/// A coordinator's page: their card, the sites they can introduce and, for those who keep
/// the profile, the form to add one.
pub(super) async fn coordinator_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    c: &Coordinator,
    notice: Option<&'static str>,
    sites: SitesPart,
) -> Result<CoordinatorPage, AppError> {
    let caller = viewer.caller();
    let id = c.account.user.id;
    let resource = Resource::CoordinatorProfile {
        person: id.0,
        cities: &c.account.cities,
    };
    let keeps = decide(&caller.subject, Action::Write, resource) == Decision::Allow;
    let view = views(state, lang, viewer, std::slice::from_ref(c))
        .await?
        .remove(0);
    Ok(CoordinatorPage {
        base: Base::new(
            lang,
            format!("/coordinators/{id}"),
            view.name.clone(),
            "coordinators",
        ),
        c: view,
        keeps,
        notice,
        csrf: viewer.csrf().to_owned(),
        sites,
    })
}

/// One coordinator's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<UserId>,
    Query(q): Query<ShowQuery>,
) -> Result<CoordinatorPage, AppError> {
    let caller = viewer.caller();
    let c = network::load(&state.app, &caller, Action::Read, id).await?;
    let notice = match (q.saved, q.site.as_deref()) {
        (Some(_), _) => Some(tr(
            lang,
            "プロフィールを保存しました。",
            "The profile is saved.",
        )),
        (_, Some("added")) => Some(tr(
            lang,
            "紹介できる施設を追加しました。",
            "The site is added.",
        )),
        (_, Some("removed")) => Some(tr(
            lang,
            "紹介できる施設を削除しました。",
            "The site is removed.",
        )),
        _ => None,
    };
    let sites = network::sites::of(&state.app, &c).await?;
    let part = SitesPart::new(lang, &sites, SiteForm::default(), &[]);
    coordinator_page(&state, (lang, &viewer), &c, notice, part).await
}

#[derive(Template, WebTemplate)]
#[template(path = "network/profile.html")]
pub struct ProfilePage {
    base: Base,
    id: i64,
    name: String,
    csrf: String,
    version: String,
    stages: Choices,
    fields: Choices,
    classes: Choices,
    languages: Choices,
    availabilities: Choices,
    organizations: Choices,
    city: String,
    /// What was typed: one value per key, every value of the lists.
    one: HashMap<String, String>,
    many: Vec<(String, String)>,
    errors: Errors,
}

impl ProfilePage {
    fn value(&self, key: &str) -> &str {
        self.one.get(key).map(String::as_str).unwrap_or_default()
    }

    fn checked(&self, key: &str, code: &str) -> bool {
        self.many.iter().any(|(k, v)| k == key && v == code)
    }
}

/// The form as the profile is now.
fn form_of(c: &Coordinator) -> Vec<(String, String)> {
    let Some(p) = &c.profile else {
        return vec![
            ("capacity".into(), "3".into()),
            ("availability".into(), "accepting".into()),
            ("languages".into(), "ja".into()),
        ];
    };
    let mut out: Vec<(String, String)> = Vec::new();
    let mut list = |key: &str, codes: Vec<&str>| {
        out.extend(codes.into_iter().map(|c| (key.to_owned(), c.to_owned())));
    };
    list("stages", p.stages.iter().map(|s| s.code()).collect());
    list("fields", p.fields.iter().map(|s| s.code()).collect());
    list("classes", p.classes.iter().map(|s| s.code()).collect());
    list("languages", p.languages.iter().map(|s| s.code()).collect());
    out.push(("capacity".into(), p.capacity.to_string()));
    out.push(("availability".into(), p.availability.code().into()));
    out.push((
        "until".into(),
        p.until.map(|d| d.to_string()).unwrap_or_default(),
    ));
    out.push(("summary".into(), p.summary.clone()));
    out.push((
        "organization".into(),
        p.organization_id.map(|o| o.to_string()).unwrap_or_default(),
    ));
    out.push(("version".into(), p.version.to_string()));
    out
}

async fn profile_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    c: &Coordinator,
    form: Vec<(String, String)>,
    errors: &[FieldError],
) -> Result<ProfilePage, AppError> {
    let organizations = network::organizations(&state.app, c)
        .await?
        .into_iter()
        .map(|o| (o.id.0.to_string(), o.name))
        .collect();
    let one: HashMap<String, String> = form.iter().cloned().collect();
    let name = c.account.user.display_name.clone();
    let id = c.account.user.id.0;
    Ok(ProfilePage {
        base: Base::new(
            lang,
            format!("/coordinators/{id}/profile"),
            format!(
                "{}{name}",
                tr(lang, "プロフィールの編集：", "Edit the profile: ")
            ),
            "coordinators",
        ),
        id,
        name,
        csrf: viewer.csrf().to_owned(),
        version: c
            .profile
            .as_ref()
            .map(|p| p.version.to_string())
            .unwrap_or_default(),
        stages: choices(&Stage::ALL, Stage::code, Stage::name, lang),
        fields: choices(Field::ALL, Field::code, Field::name, lang),
        classes: choices(DeviceClass::ALL, DeviceClass::code, DeviceClass::name, lang),
        languages: choices(Language::ALL, Language::code, Language::name, lang),
        availabilities: choices(
            Availability::ALL,
            Availability::code,
            Availability::name,
            lang,
        ),
        organizations,
        city: c
            .city()
            .map(|c| state.store.city_name(&c.to_string()))
            .unwrap_or_default(),
        one,
        many: form,
        errors: Errors::of(lang, errors),
    })
}

/// The profile's form.
pub async fn edit(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<UserId>,
) -> Result<ProfilePage, AppError> {
    let c = network::load(&state.app, &viewer.caller(), Action::Write, id).await?;
    profile_page(&state, (lang, &viewer), &c, form_of(&c), &[]).await
}

/// The profile saved: 303 to the coordinator's page, or the form again with each problem at
/// its field (422), or with the latest version when someone saved meanwhile (409).
pub async fn save(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<UserId>,
    FormInput(form): FormInput<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let c = network::load(&state.app, &caller, Action::Write, id).await?;
    let one = |key: &str| {
        form.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let many = |key: &str| -> Vec<String> {
        form.iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    };
    viewer.check_csrf(&one("csrf")).await?;
    let draft = ProfileDraft {
        stages: many("stages"),
        fields: many("fields"),
        classes: many("classes"),
        languages: many("languages"),
        organization: one("organization"),
        capacity: one("capacity"),
        availability: one("availability"),
        until: one("until"),
        summary: one("summary"),
    };
    let version = one("version").trim().parse().ok();
    match network::save(&state.app, &caller, &c, &draft, version).await {
        Ok(Ok(_)) => Ok(Redirect::to(&format!("/coordinators/{id}?saved=1")).into_response()),
        Ok(Err(errors)) => {
            let page = profile_page(&state, (lang, &viewer), &c, form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(renkei_store::StoreError::Conflict) => {
            let fresh = network::load(&state.app, &caller, Action::Write, id).await?;
            let mut kept = form;
            kept.retain(|(k, _)| k != "version");
            let errors = [FieldError::new(
                "stages",
                "ほかの人が先に保存しました。最新の内容に入力し直してください。",
                "Someone saved first; enter your changes again on the latest version.",
            )];
            let mut page = profile_page(&state, (lang, &viewer), &fresh, kept, &errors).await?;
            page.version = fresh
                .profile
                .as_ref()
                .map(|p| p.version.to_string())
                .unwrap_or_default();
            Ok((StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
