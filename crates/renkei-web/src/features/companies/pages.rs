//! The companies' pages: the scoped list (with CSV), registration with the duplicate warning,
//! the company's page (with the form that shares it with another city) and its edit form.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Resource, list_scope};
use renkei_domain::catalog::CompanyType;
use renkei_domain::city::CityCode;
use renkei_domain::company::{CompanyDraft, CompanySize, ContactDraft};
use renkei_domain::{Lang, Text};
use renkei_store::{CompanyQuery, CompanyRecord, ContactRecord, PageRequest};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::csv::{ListFormat, download, utc_stamp};
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::features::companies::load::{load_company, visible_cities, writable_cities};
use crate::shared::city::city_code;
use crate::shared::format::{city_name, encode};
use crate::shared::forms::{
    Choice, Errors, SavedQuery, TextInput, city_choices, company_type_choices,
};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;
use crate::shared::sharing::{ShareForm, SharePanel};

fn type_name(lang: Lang, t: Option<CompanyType>) -> &'static str {
    t.map_or("", |t| t.name().get(lang))
}

fn size_name(lang: Lang, s: Option<CompanySize>) -> &'static str {
    s.map_or("", |s| s.name().get(lang))
}

// ---------------------------------------------------------------------------------------
// The list

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    city: String,
    #[serde(rename = "type")]
    company_type: String,
    q: String,
    page: Option<u64>,
}

pub struct CompanyRow {
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub city: String,
    pub company_type: &'static str,
    pub industry: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "companies/companies.html")]
pub struct CompaniesPage {
    base: Base,
    filter: ListFilter,
    cities: Vec<Choice>,
    types: Vec<Choice>,
    rows: Vec<CompanyRow>,
    total: u64,
    page: u64,
    pages: u64,
    query: String,
    can_create: bool,
}

fn query_of(f: &ListFilter) -> CompanyQuery {
    CompanyQuery {
        city: city_code(&f.city).ok().filter(|_| !f.city.is_empty()),
        company_type: CompanyType::from_code(&f.company_type),
        text: Some(f.q.clone()).filter(|q| !q.trim().is_empty()),
    }
}

pub async fn list(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<CompaniesPage, AppError> {
    let scope = viewer.signed_in_scope().await?;
    let query = query_of(&filter);
    let page = state
        .store
        .companies(
            &scope,
            &query,
            PageRequest::new(filter.page.unwrap_or(1), 50),
        )
        .await?;
    let rows = page
        .items
        .iter()
        .map(|c| CompanyRow {
            id: c.id.0,
            name: c.name.clone(),
            kana: c.name_kana.clone(),
            city: city_name(&state, &c.home_city.to_string()),
            company_type: type_name(lang, c.company_type),
            industry: c.industry.clone(),
        })
        .collect();
    let cities = city_choices(visible_cities(&state, &scope), &filter.city);
    let types = company_type_choices(lang, &filter.company_type);
    Ok(CompaniesPage {
        base: Base::new(
            lang,
            uri.to_string(),
            tr(lang, "企業", "Companies"),
            "companies",
        ),
        query: format!(
            "city={}&type={}&q={}",
            encode(&filter.city),
            encode(&filter.company_type),
            encode(&filter.q)
        ),
        pages: page.total.div_ceil(page.per_page).max(1),
        total: page.total,
        page: page.page,
        rows,
        cities,
        types,
        can_create: !writable_cities(&state, &viewer).is_empty(),
        filter,
    })
}

/// The list as a CSV file (`….csv`) or an Excel file (`….xlsx`): every company the filter
/// selects among those the caller may see.
pub async fn list_file(
    PageContext(state, lang, uri, viewer): PageContext,
    QueryInput(filter): QueryInput<ListFilter>,
) -> Result<Response, AppError> {
    let xlsx = ListFormat::of(&uri) == ListFormat::Xlsx;
    let scope = viewer.signed_in_scope().await?;
    let query = query_of(&filter);
    let mut rows = Vec::new();
    let mut page = 1;
    loop {
        let p = state
            .store
            .companies(
                &scope,
                &query,
                PageRequest::new(page, PageRequest::MAX_PER_PAGE),
            )
            .await?;
        let last = p.page * p.per_page >= p.total;
        rows.extend(p.items);
        if last {
            break;
        }
        page += 1;
    }
    let header = [
        "ID",
        tr(lang, "企業名", "Name"),
        tr(lang, "フリガナ", "Reading"),
        tr(lang, "法人番号", "Corporate number"),
        tr(lang, "本拠地の市", "Home city"),
        tr(lang, "郵便番号", "Postal code"),
        tr(lang, "所在地", "Address"),
        tr(lang, "業種", "Industry"),
        tr(lang, "企業規模", "Size"),
        tr(lang, "類型", "Type"),
        tr(lang, "ウェブサイト", "Website"),
    ];
    let lines = rows.into_iter().map(|c| {
        vec![
            c.id.to_string(),
            c.name,
            c.name_kana,
            c.corporate_number
                .map(|n| n.as_str().to_owned())
                .unwrap_or_default(),
            city_name(&state, &c.home_city.to_string()),
            c.postal_code.unwrap_or_default(),
            c.address,
            c.industry,
            size_name(lang, c.size).to_owned(),
            type_name(lang, c.company_type).to_owned(),
            c.website.unwrap_or_default(),
        ]
    });
    let name = format!("companies-{}", utc_stamp());
    download(xlsx, &name, tr(lang, "企業", "Companies"), &header, lines)
}

// ---------------------------------------------------------------------------------------
// One company

#[derive(Template, WebTemplate)]
#[template(path = "companies/company.html")]
pub struct CompanyPage {
    base: Base,
    c: CompanyRecord,
    city: String,
    company_type: &'static str,
    size: &'static str,
    contacts: Vec<ContactRecord>,
    /// Its products: (id, name, stage).
    products: Vec<(i64, String, String)>,
    can_write: bool,
    saved: bool,
    /// The company it was merged into: (id, name).
    merged_into: Option<(i64, String)>,
    /// Companies of the same city that look the same: (id, name).
    duplicates: Vec<(i64, String)>,
    csrf: String,
    /// The errors of the form that shares it, shown again.
    errors: Errors,
    /// Sharing it with another city, for those who may (write it, and its city's grants).
    sharing: SharePanel,
    /// Whether the caller may see the company's people (its accounts).
    sees_people: bool,
    /// Whether the viewer reads the company's consultation cases.
    sees_cases: bool,
    /// Whether the viewer may ask another city's coordinator for help with it.
    asks_help: bool,
    /// The research groups it belongs or belonged to: (id, name, since and until).
    groups: Vec<(i64, String, String)>,
    /// Its listing as a possible partner for other cities: (what it offers, when, by whom).
    listing: Option<(String, String, String)>,
    /// Whether the viewer is one of its people, who list it or withdraw the listing.
    lists: bool,
    /// The wording its people agree to, and what they typed.
    listing_wording: String,
    listing_offers: String,
    /// Its CSR challenge certifications: (id, state, number and term).
    csr: Vec<(i64, &'static str, String)>,
    /// The contributions (地域貢献) its city confirmed: (kind, title, day).
    contributions: Vec<(&'static str, String, String)>,
}

impl CompanyPage {
    /// The listing form again with what was typed and its problems.
    pub(crate) fn listing_typed(
        &mut self,
        offers: String,
        lang: Lang,
        errors: &[renkei_domain::FieldError],
    ) {
        self.listing_offers = offers;
        self.errors = Errors::of(lang, errors);
    }
}

pub async fn show(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
    QueryInput(q): QueryInput<SavedQuery>,
) -> Result<CompanyPage, AppError> {
    let (c, contacts) = load_company(&state, &viewer, Action::Read, id).await?;
    let mut page = company_page(&state, lang, &uri, &viewer, c, contacts).await?;
    page.saved = q.saved();
    Ok(page)
}

/// The page of a company the caller may read.
pub(crate) async fn company_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    c: CompanyRecord,
    contacts: Vec<ContactRecord>,
) -> Result<CompanyPage, AppError> {
    let id = c.id.0;
    let can_share = viewer.may(Action::Write, Resource::CityGrants(&c.home_city));
    let can_write = viewer.may(
        Action::Write,
        Resource::Company {
            id,
            home_city: &c.home_city,
            shared_with: &[],
        },
    );
    let products = state
        .store
        .products(
            &renkei_domain::access::ListScope {
                all: true,
                ..Default::default()
            },
            &renkei_store::ProductQuery {
                company: Some(id),
                ..Default::default()
            },
            PageRequest::new(1, PageRequest::MAX_PER_PAGE),
        )
        .await?
        .items
        .into_iter()
        .map(|p| {
            let stage = format!("{} {}", p.stage.mark(), p.stage.name().get(lang));
            (p.id.0, p.name, stage)
        })
        .collect();
    let merged_into = match c.merged_into {
        Some(m) => state.store.company(m).await?.map(|(k, _)| (k.id.0, k.name)),
        None => None,
    };
    let duplicates = if can_write && c.merged_into.is_none() {
        state
            .store
            .duplicates_of(&c)
            .await?
            .into_iter()
            .map(|d| (d.id.0, d.name))
            .collect()
    } else {
        vec![]
    };
    let can_share = can_share && can_write && c.merged_into.is_none();
    let sharing = SharePanel::of(
        state,
        can_share,
        &c.home_city,
        ("company", id),
        format!("/companies/{id}/grants"),
    )
    .await?;
    let sees_people = viewer.may(
        Action::Read,
        Resource::CompanyPeople {
            id: c.id.0,
            home_city: &c.home_city,
        },
    );
    let sees_cases = viewer.may(
        Action::Read,
        Resource::Consultation {
            city: &c.home_city,
            company: c.id.0,
        },
    );
    let groups = state
        .store
        .company_research_groups(c.id)
        .await?
        .into_iter()
        .map(|(g, m)| {
            let since = renkei_domain::jdate::wareki(m.joined_on);
            let when = match m.left_on {
                Some(left) => format!("{since}〜{}", renkei_domain::jdate::wareki(left)),
                None => format!("{since}〜"),
            };
            (g.id.0, g.name, when)
        })
        .collect();
    let listing = state.store.partner_listing(c.id).await?.map(|l| {
        let at = crate::shared::format::show_time(l.listed_at);
        (l.offers, at, l.by_label)
    });
    let lists = renkei_app::listings::lists(&viewer.caller(), &c);
    let (csr, contributions) = giving_back(state, lang, &c).await?;
    Ok(CompanyPage {
        csr,
        contributions,
        base: Base::new(lang, uri.to_string(), c.name.clone(), "companies"),
        sees_people,
        sees_cases,
        asks_help: viewer.may(Action::Write, Resource::HelpAsk(&c.home_city)),
        groups,
        listing_offers: listing.as_ref().map(|l| l.0.clone()).unwrap_or_default(),
        listing,
        lists,
        listing_wording: renkei_domain::listing::wording(&c.name),
        sharing,
        errors: Errors::default(),
        products,
        merged_into,
        duplicates,
        csrf: viewer.csrf().to_owned(),
        city: city_name(state, &c.home_city.to_string()),
        company_type: type_name(lang, c.company_type),
        size: size_name(lang, c.size),
        c,
        contacts,
        can_write,
        saved: false,
    })
}

/// A company's CSR challenge certifications and the contributions its city confirmed, for
/// its page (read as the company).
async fn giving_back(
    state: &AppState,
    lang: Lang,
    c: &CompanyRecord,
) -> Result<
    (
        Vec<(i64, &'static str, String)>,
        Vec<(&'static str, String, String)>,
    ),
    AppError,
> {
    use renkei_domain::csr::{certification::term_text, contribution::State};
    let csr = state
        .store
        .certifications_of_company(c.id)
        .await?
        .into_iter()
        .map(|r| {
            let term = match (r.certified_on, r.term_ends_on) {
                (Some(a), Some(b)) => term_text(a, b),
                _ => String::new(),
            };
            let number = r.number.clone().unwrap_or_default();
            (r.id.0, r.state.name().get(lang), format!("{number} {term}"))
        })
        .collect();
    let contributions = state
        .store
        .contributions_of_company(c.id)
        .await?
        .into_iter()
        .filter(|x| x.state == State::Confirmed)
        .map(|x| {
            (
                x.kind.name().get(lang),
                x.title,
                renkei_domain::jdate::wareki(x.happened_on),
            )
        })
        .collect();
    Ok((csr, contributions))
}

impl CompanyPage {
    /// The share form shown again with what was typed and its errors.
    pub(super) fn share_again(&mut self, state: &AppState, form: ShareForm, errors: Errors) {
        self.sharing.again(state, &self.c.home_city, form);
        self.errors = errors;
    }
}

// ---------------------------------------------------------------------------------------
// Registering and editing

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CompanyForm {
    home_city: String,
    name: String,
    name_kana: String,
    corporate_number: String,
    postal_code: String,
    address: String,
    industry: String,
    size: String,
    company_type: String,
    website: String,
    notes: String,
    contact_name: String,
    contact_role: String,
    contact_email: String,
    contact_phone: String,
    /// Set when the person confirmed the company differs from the likely duplicates shown.
    not_a_duplicate: String,
    version: i64,
    csrf: String,
}

impl CompanyForm {
    fn draft(&self) -> CompanyDraft {
        CompanyDraft {
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            corporate_number: self.corporate_number.clone(),
            postal_code: self.postal_code.clone(),
            address: self.address.clone(),
            industry: self.industry.clone(),
            size: self.size.clone(),
            company_type: self.company_type.clone(),
            website: self.website.clone(),
            notes: self.notes.clone(),
        }
    }

    fn contact(&self) -> Option<ContactDraft> {
        let any = [
            &self.contact_name,
            &self.contact_role,
            &self.contact_email,
            &self.contact_phone,
        ]
        .iter()
        .any(|f| !f.trim().is_empty());
        any.then(|| ContactDraft {
            name: self.contact_name.clone(),
            role: self.contact_role.clone(),
            email: self.contact_email.clone(),
            phone: self.contact_phone.clone(),
        })
    }

    fn from_record(c: &CompanyRecord, csrf: &str) -> Self {
        CompanyForm {
            home_city: c.home_city.to_string(),
            name: c.name.clone(),
            name_kana: c.name_kana.clone(),
            corporate_number: c
                .corporate_number
                .as_ref()
                .map(|n| n.as_str().to_owned())
                .unwrap_or_default(),
            postal_code: c.postal_code.clone().unwrap_or_default(),
            address: c.address.clone(),
            industry: c.industry.clone(),
            size: c.size.map(|s| s.code().to_owned()).unwrap_or_default(),
            company_type: c
                .company_type
                .map(|t| t.code().to_owned())
                .unwrap_or_default(),
            website: c.website.clone().unwrap_or_default(),
            notes: c.notes.clone(),
            version: c.version,
            csrf: csrf.to_owned(),
            ..Default::default()
        }
    }
}

fn field(
    lang: Lang,
    name: &'static str,
    label: (&'static str, &'static str),
    hint: (&'static str, &'static str),
    value: &str,
) -> TextInput {
    TextInput {
        name,
        label: tr(lang, label.0, label.1),
        hint: tr(lang, hint.0, hint.1),
        required: name == "name",
        value: value.to_owned(),
        kind: "text",
    }
}

pub struct DuplicateView {
    pub id: i64,
    pub name: String,
    pub city: String,
    pub corporate_number: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "companies/company_form.html")]
pub struct CompanyFormPage {
    base: Base,
    action: String,
    back: String,
    /// Registering (with a home city and a first contact), or editing.
    new: bool,
    form: CompanyForm,
    cities: Vec<Choice>,
    types: Vec<Choice>,
    sizes: Vec<Choice>,
    fields: Vec<TextInput>,
    contact_fields: Vec<TextInput>,
    errors: Errors,
    duplicates: Vec<DuplicateView>,
}

/// The edit form of the company as stored, with `errors`: none when it is opened, the
/// conflict when someone else saved first.
fn edit_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    c: &CompanyRecord,
    errors: Vec<FieldError>,
) -> CompanyFormPage {
    let form = CompanyForm::from_record(c, viewer.csrf());
    form_page(state, lang, uri, viewer, form, Some(c.id.0), errors, vec![])
}

#[allow(clippy::too_many_arguments)]
fn form_page(
    state: &AppState,
    lang: Lang,
    uri: &Uri,
    viewer: &Viewer,
    form: CompanyForm,
    edit: Option<i64>,
    errors: Vec<FieldError>,
    duplicates: Vec<DuplicateView>,
) -> CompanyFormPage {
    let cities = writable_cities(state, viewer)
        .into_iter()
        .map(|c| Choice {
            selected: form.home_city == c.to_string(),
            label: city_name(state, &c.to_string()),
            value: c.to_string(),
        })
        .collect();
    let types = company_type_choices(lang, &form.company_type);
    let sizes = CompanySize::ALL
        .iter()
        .map(|s| Choice {
            value: s.code().into(),
            label: s.name().get(lang).into(),
            selected: form.size == s.code(),
        })
        .collect();
    let (title, action, back) = match edit {
        Some(id) => (
            tr(lang, "企業情報の編集", "Edit the company"),
            format!("/companies/{id}/edit"),
            format!("/companies/{id}"),
        ),
        None => (
            tr(lang, "企業の登録", "Register a company"),
            "/companies/new".to_owned(),
            "/companies".to_owned(),
        ),
    };
    let mut form = form;
    form.csrf = viewer.csrf().to_owned();
    let f = &form;
    let fields = vec![
        field(
            lang,
            "name",
            ("企業名", "Name"),
            ("例：株式会社〇〇、（株）〇〇", "e.g. 株式会社〇〇"),
            &f.name,
        ),
        field(
            lang,
            "name_kana",
            ("フリガナ", "Reading (katakana)"),
            (
                "カタカナ（ひらがなで入力しても構いません）",
                "In katakana or hiragana",
            ),
            &f.name_kana,
        ),
        field(
            lang,
            "corporate_number",
            ("法人番号", "Corporate number"),
            (
                "13桁。個人事業主など法人番号がない場合は空欄",
                "13 digits; leave empty if there is none",
            ),
            &f.corporate_number,
        ),
        field(
            lang,
            "postal_code",
            ("郵便番号", "Postal code"),
            ("例：260-8722", "e.g. 260-8722"),
            &f.postal_code,
        ),
        field(lang, "address", ("所在地", "Address"), ("", ""), &f.address),
        field(
            lang,
            "industry",
            ("業種", "Industry"),
            ("例：医療機器製造", "e.g. medical-device manufacturing"),
            &f.industry,
        ),
        field(
            lang,
            "website",
            ("ウェブサイト", "Website"),
            ("https:// で始まるURL", "A URL starting with https://"),
            &f.website,
        ),
    ];
    let contact_fields = vec![
        field(
            lang,
            "contact_name",
            ("氏名", "Name"),
            ("", ""),
            &f.contact_name,
        ),
        field(
            lang,
            "contact_role",
            ("役職", "Role"),
            ("", ""),
            &f.contact_role,
        ),
        field(
            lang,
            "contact_email",
            ("メールアドレス", "E-mail address"),
            ("", ""),
            &f.contact_email,
        ),
        field(
            lang,
            "contact_phone",
            ("電話番号", "Phone"),
            ("例：043-245-5111", "e.g. 043-245-5111"),
            &f.contact_phone,
        ),
    ];
    CompanyFormPage {
        fields,
        contact_fields,
        base: Base::new(lang, uri.to_string(), title, "companies"),
        action,
        back,
        new: edit.is_none(),
        form,
        cities,
        types,
        sizes,
        errors: Errors(
            errors
                .iter()
                .map(|e| (e.field, e.message.get(lang)))
                .collect(),
        ),
        duplicates,
    }
}

pub async fn new_form(
    PageContext(state, lang, uri, viewer): PageContext,
) -> Result<CompanyFormPage, AppError> {
    viewer.require_signed_in().await?;
    let cities = writable_cities(&state, &viewer);
    let Some(first) = cities.first() else {
        return Err(AppError::Forbidden);
    };
    let form = CompanyForm {
        home_city: if cities.len() == 1 {
            first.to_string()
        } else {
            String::new()
        },
        ..Default::default()
    };
    Ok(form_page(
        &state,
        lang,
        &uri,
        &viewer,
        form,
        None,
        vec![],
        vec![],
    ))
}

pub async fn create(
    PageContext(state, lang, uri, viewer): PageContext,
    FormInput(form): FormInput<CompanyForm>,
) -> Result<Response, AppError> {
    viewer.require_signed_in().await?;
    if writable_cities(&state, &viewer).is_empty() {
        return Err(AppError::Forbidden);
    }
    viewer.check_csrf(&form.csrf).await?;
    let home = city_code(&form.home_city).ok();
    if let Some(h) = &home {
        viewer
            .require(
                Action::Write,
                Resource::CityRecord {
                    owner: h,
                    shared_with: &[],
                },
            )
            .await?;
    }
    let mut errors = Vec::new();
    if home.is_none() {
        errors.push(FieldError::new(
            "home_city",
            "本拠地の市を選んでください。",
            "Choose the home city.",
        ));
    }
    let placeholder = CityCode::parse("121002").expect("a valid city code");
    let company = form
        .draft()
        .validate(home.as_ref().unwrap_or(&placeholder))
        .map_err(|e| errors.extend(e))
        .ok();
    let contact = form
        .contact()
        .map(|c| c.validate().map_err(|e| errors.extend(e)).ok())
        .unwrap_or(None);
    let (Some(company), true) = (company, errors.is_empty()) else {
        let page = form_page(&state, lang, &uri, &viewer, form, None, errors, vec![]);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    if form.not_a_duplicate.is_empty() {
        let scope = list_scope(&viewer.subject);
        let duplicates = state.store.likely_duplicates(&company, &scope).await?;
        if !duplicates.is_empty() {
            let duplicates = duplicates
                .into_iter()
                .map(|d| DuplicateView {
                    id: d.id.0,
                    city: city_name(&state, &d.home_city.to_string()),
                    corporate_number: d
                        .corporate_number
                        .map(|n| n.as_str().to_owned())
                        .unwrap_or_default(),
                    name: d.name,
                })
                .collect();
            let page = form_page(&state, lang, &uri, &viewer, form, None, vec![], duplicates);
            return Ok((StatusCode::CONFLICT, page).into_response());
        }
    }
    let record = state
        .store
        .create_company(&company, contact.as_slice(), &viewer.actor)
        .await?;
    Ok(Redirect::to(&format!("/companies/{}?saved=1", record.id)).into_response())
}

pub async fn edit_form(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
) -> Result<CompanyFormPage, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Write, id).await?;
    Ok(edit_page(&state, lang, &uri, &viewer, &c, vec![]))
}

pub async fn update(
    PageContext(state, lang, uri, viewer): PageContext,
    Path(id): Path<i64>,
    FormInput(form): FormInput<CompanyForm>,
) -> Result<Response, AppError> {
    let (c, _) = load_company(&state, &viewer, Action::Write, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    match form.draft().validate(&c.home_city) {
        Ok(company) => {
            match state
                .store
                .update_company(c.id, form.version, &company, &viewer.actor)
                .await
            {
                Ok(_) => Ok(Redirect::to(&format!("/companies/{id}?saved=1")).into_response()),
                Err(renkei_store::StoreError::Conflict) => {
                    let (latest, _) = state.store.company(c.id).await?.ok_or(AppError::NotFound)?;
                    let conflict = FieldError {
                        field: "version",
                        message: Text::new(
                            "ほかの人が先にこの企業を更新しました。最新の内容を表示しています。確認してからもう一度保存してください。",
                            "Someone else changed this company first. The latest version is shown: check it and save again.",
                        ),
                    };
                    let page = edit_page(&state, lang, &uri, &viewer, &latest, vec![conflict]);
                    Ok((StatusCode::CONFLICT, page).into_response())
                }
                Err(e) => Err(e.into()),
            }
        }
        Err(errors) => {
            let page = form_page(&state, lang, &uri, &viewer, form, Some(id), errors, vec![]);
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
