//! Server-rendered pages, Japanese first. Every page works without JavaScript; forms post
//! back and redirect (303) on success, or show the form again with every error listed.

pub(crate) mod account;
mod admin;
mod catalog;
mod cities;
mod companies;
pub(crate) use companies::{load_company, writable_cities};
mod guide;
mod imports;
mod links;
mod products;
mod referrals;
mod reviews;
mod search;
mod targets;
pub(crate) use products::{load_product, model_view};
pub(crate) use referrals::load_referral;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use renkei_domain::access::{Action, Decision, Resource, Subject, decide};
use renkei_domain::city::CityCode;
use renkei_domain::{Lang, Text};

use crate::AppState;
use crate::error::{AppError, details};

/// What a route touches, for the access policy: each page route is registered with it, so the
/// authorization test can walk every route the router has and know what the policy says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Open to anyone: the model, the cities, their menus, the guide.
    Public,
    /// Signing in and out, password resets, one-time links: open to anyone.
    Account,
    /// The signed-in person's own page: anyone signed in.
    SignedIn,
    /// Changes the menu of the city in the path.
    CityMenuWrite,
    /// The staff accounts of the city in the path.
    CityUsers(Action),
    /// The audit trail of the city in the path.
    CityAudit,
    /// The grants of the city in the path.
    CityGrants(Action),
    /// The whole audit trail.
    AllAudit,
    /// The platform's administration (every account, the outbox).
    Platform(Action),
    /// Registering a company: in a city where the caller may write.
    CompanyCreate,
    /// The company in the path.
    Company(Action),
    /// The product in the path (its company's record).
    Product(Action),
    /// The records of the city in the path that it does not publish (voices, rubric).
    CityRecords(Action),
    /// The sales-channel target in the path (a record of its city).
    SalesTarget(Action),
    /// The referral in the path: its parties only.
    Referral(Action),
    /// Needs and seeds: staff and coordinators of any city.
    StaffAnywhere,
    /// A need or a seed in the path (one that does not exist: not found for those who may).
    NeedSeed,
}

impl Access {
    /// What the access policy answers `subject` on such a route in `city`, where the record
    /// in the path is (or belongs to) the company `company`, of that city; a referral in the
    /// path is of that company's product, sent to `partner` (and not introduced to targets).
    pub fn decision(
        self,
        subject: &Subject,
        city: &CityCode,
        partner: &CityCode,
        company: i64,
    ) -> Decision {
        let ask = |action, resource| decide(subject, action, resource);
        match self {
            Access::Public | Access::Account => Decision::Allow,
            Access::SignedIn if subject.is_signed_in() => Decision::Allow,
            Access::SignedIn => Decision::Forbidden,
            Access::StaffAnywhere | Access::NeedSeed => {
                let scope = renkei_domain::access::list_scope(subject);
                if scope.all || !scope.cities.is_empty() {
                    Decision::Allow
                } else if self == Access::NeedSeed && subject.is_signed_in() {
                    Decision::NotFound
                } else {
                    Decision::Forbidden
                }
            }
            Access::CityMenuWrite => ask(Action::Write, Resource::CityMenu(city)),
            Access::CityUsers(a) => ask(a, Resource::CityUsers(city)),
            Access::CityAudit => ask(Action::Read, Resource::AuditLog(Some(city))),
            Access::CityGrants(a) => ask(a, Resource::CityGrants(city)),
            Access::AllAudit => ask(Action::Read, Resource::AuditLog(None)),
            Access::Platform(a) => ask(a, Resource::Platform),
            Access::CompanyCreate if !subject.is_signed_in() => Decision::Forbidden,
            Access::CompanyCreate => {
                let anywhere = renkei_domain::city::DESIGNATED_CITIES.iter().any(|code| {
                    CityCode::parse(code).is_ok_and(|c| {
                        decide(
                            subject,
                            Action::Write,
                            Resource::CityRecord {
                                owner: &c,
                                shared_with: &[],
                            },
                        ) == Decision::Allow
                    })
                });
                if anywhere {
                    Decision::Allow
                } else {
                    Decision::Forbidden
                }
            }
            Access::CityRecords(a) | Access::SalesTarget(a) => ask(
                a,
                Resource::CityRecord {
                    owner: city,
                    shared_with: &[],
                },
            ),
            Access::Referral(a) => ask(
                a,
                Resource::Referral(&renkei_domain::access::ReferralFacts {
                    sending: city,
                    receiving: partner,
                    company,
                    sent: true,
                    open: true,
                    targets: &[],
                }),
            ),
            Access::Company(a) | Access::Product(a) => ask(
                a,
                Resource::Company {
                    id: company,
                    home_city: city,
                    shared_with: &[],
                },
            ),
        }
    }
}

/// A page route: its path, its methods, and what it touches.
#[derive(Debug, Clone)]
pub struct RouteInfo {
    pub path: &'static str,
    pub methods: &'static [&'static str],
    pub access: Access,
}

/// Builds the router and the table of its routes together, so neither can miss a route.
struct Table {
    router: Router<AppState>,
    routes: Vec<RouteInfo>,
}

impl Table {
    fn add(
        mut self,
        path: &'static str,
        methods: &'static [&'static str],
        access: Access,
        handler: axum::routing::MethodRouter<AppState>,
    ) -> Self {
        self.router = self.router.route(path, handler);
        self.routes.push(RouteInfo {
            path,
            methods,
            access,
        });
        self
    }
}

/// The page routes, with the table of what each touches.
pub fn routes() -> (Router<AppState>, Vec<RouteInfo>) {
    use Access::*;
    use axum::routing::post;
    const GET: &[&str] = &["GET"];
    const GET_POST: &[&str] = &["GET", "POST"];
    const POST: &[&str] = &["POST"];
    let t = Table {
        router: Router::new(),
        routes: Vec::new(),
    }
    .add("/", GET, Public, get(catalog::overview))
    .add("/stages/{stage}", GET, Public, get(catalog::stage))
    .add(
        "/sign-in",
        GET_POST,
        Account,
        get(account::form).post(account::sign_in),
    )
    .add("/sign-out", &["POST"], Account, post(account::sign_out))
    .add("/cities", GET, Public, get(cities::list))
    .add("/cities/{city}", GET, Public, get(cities::menu))
    .add(
        "/cities/{city}/menu/new",
        GET_POST,
        CityMenuWrite,
        get(cities::new_form).post(cities::create),
    )
    .add(
        "/cities/{city}/menu/{id}/edit",
        GET_POST,
        CityMenuWrite,
        get(cities::edit_form).post(cities::update),
    )
    .add(
        "/cities/{city}/menu/{id}/delete",
        GET_POST,
        CityMenuWrite,
        get(cities::delete_form).post(cities::delete),
    )
    .add("/guide", GET, Public, get(guide::guide))
    .add(
        "/password-reset",
        GET_POST,
        Account,
        get(links::reset_form).post(links::request_reset),
    )
    .add(
        "/account/link",
        GET_POST,
        Account,
        get(links::link_form).post(links::set_password),
    )
    .add("/account", GET, SignedIn, get(admin::account))
    .add(
        "/cities/{city}/users",
        GET,
        CityUsers(Action::Read),
        get(admin::city_users),
    )
    .add(
        "/cities/{city}/users/invite",
        GET_POST,
        CityUsers(Action::Write),
        get(admin::city_invite_form).post(admin::city_invite),
    )
    .add(
        "/cities/{city}/users/{id}",
        GET,
        CityUsers(Action::Read),
        get(admin::city_user),
    )
    .add(
        "/cities/{city}/users/{id}/role",
        POST,
        CityUsers(Action::Write),
        post(admin::city_user_role),
    )
    .add(
        "/cities/{city}/users/{id}/deactivate",
        POST,
        CityUsers(Action::Write),
        post(admin::city_user_deactivate),
    )
    .add(
        "/cities/{city}/users/{id}/reinvite",
        POST,
        CityUsers(Action::Write),
        post(admin::city_user_reinvite),
    )
    .add(
        "/cities/{city}/audit",
        GET,
        CityAudit,
        get(admin::city_audit),
    )
    .add(
        "/cities/{city}/audit.csv",
        GET,
        CityAudit,
        get(admin::city_audit_csv),
    )
    .add(
        "/cities/{city}/audit.xlsx",
        GET,
        CityAudit,
        get(admin::city_audit_csv),
    )
    .add(
        "/cities/{city}/grants",
        GET,
        CityGrants(Action::Read),
        get(admin::city_grants),
    )
    .add(
        "/cities/{city}/grants/{id}/revoke",
        POST,
        CityGrants(Action::Write),
        post(admin::revoke_grant),
    )
    .add("/companies", GET, SignedIn, get(companies::list))
    .add("/companies.csv", GET, SignedIn, get(companies::list_file))
    .add("/companies.xlsx", GET, SignedIn, get(companies::list_file))
    .add(
        "/companies/new",
        GET_POST,
        CompanyCreate,
        get(companies::new_form).post(companies::create),
    )
    .add(
        "/companies/import",
        GET_POST,
        CompanyCreate,
        get(imports::upload_form).post(imports::upload).layer(
            axum::extract::DefaultBodyLimit::max(imports::MAX_UPLOAD + 64 * 1024),
        ),
    )
    .add(
        "/companies/import/{id}",
        GET_POST,
        CompanyCreate,
        get(imports::show).post(imports::step),
    )
    .add(
        "/companies/{id}",
        GET,
        Company(Action::Read),
        get(companies::show),
    )
    .add(
        "/companies/{id}/edit",
        GET_POST,
        Company(Action::Write),
        get(companies::edit_form).post(companies::update),
    )
    .add(
        "/companies/{id}/contacts",
        POST,
        Company(Action::Write),
        post(companies::add_contact),
    )
    .add(
        "/companies/{id}/contacts/{contact}/delete",
        POST,
        Company(Action::Write),
        post(companies::remove_contact),
    )
    .add(
        "/companies/{id}/merge",
        POST,
        Company(Action::Write),
        post(companies::merge),
    )
    .add(
        "/companies/{id}/products/new",
        GET_POST,
        Company(Action::Write),
        get(products::new_form).post(products::create),
    )
    .add("/products", GET, SignedIn, get(products::list))
    .add("/products.csv", GET, SignedIn, get(products::list_file))
    .add("/products.xlsx", GET, SignedIn, get(products::list_file))
    .add(
        "/products/{id}",
        GET,
        Product(Action::Read),
        get(products::show),
    )
    .add(
        "/products/{id}/stage",
        POST,
        Product(Action::Write),
        post(products::move_stage),
    )
    .add(
        "/products/{id}/decision",
        POST,
        Product(Action::Write),
        post(products::decide),
    )
    .add(
        "/products/{id}/evaluations",
        POST,
        Product(Action::Write),
        post(products::add_evaluation),
    )
    .add(
        "/products/{id}/adoptions",
        POST,
        Product(Action::Write),
        post(products::add_adoption),
    )
    .add(
        "/products/{id}/support",
        POST,
        Product(Action::Write),
        post(products::add_support),
    )
    .add(
        "/products/{id}/coordinator",
        POST,
        Product(Action::Write),
        post(products::assign_coordinator),
    )
    .add(
        "/products/{id}/voices",
        POST,
        Product(Action::Write),
        post(reviews::add_voice),
    )
    .add(
        "/products/{id}/reviews",
        POST,
        Product(Action::Write),
        post(reviews::add_review),
    )
    .add(
        "/cities/{city}/voices",
        GET,
        CityRecords(Action::Read),
        get(reviews::city_voices),
    )
    .add(
        "/cities/{city}/rubric",
        GET_POST,
        CityRecords(Action::Write),
        get(reviews::rubric_form).post(reviews::save_rubric),
    )
    .add(
        "/products/{id}/referrals/new",
        GET_POST,
        Product(Action::Write),
        get(referrals::new_form).post(referrals::create),
    )
    .add("/referrals", GET, SignedIn, get(referrals::list))
    .add("/referrals/overdue", GET, SignedIn, get(referrals::overdue))
    .add("/referrals/summary", GET, SignedIn, get(referrals::summary))
    .add(
        "/referrals/{id}",
        GET,
        Referral(Action::Read),
        get(referrals::show),
    )
    .add(
        "/referrals/{id}/move",
        POST,
        Referral(Action::Write),
        post(referrals::step),
    )
    .add(
        "/referrals/{id}/consent",
        POST,
        Referral(Action::Write),
        post(referrals::consent),
    )
    .add(
        "/referrals/{id}/targets",
        POST,
        Referral(Action::Write),
        post(referrals::add_target),
    )
    .add(
        "/referrals/{id}/targets/{target}/provide",
        POST,
        Referral(Action::Write),
        post(referrals::provide),
    )
    .add(
        "/referrals/{id}/targets/{target}/answer",
        POST,
        Referral(Action::Write),
        post(referrals::answer),
    )
    .add(
        "/referrals/{id}/activities",
        POST,
        Referral(Action::Write),
        post(referrals::add_activity),
    )
    .add(
        "/referrals/{id}/feedback",
        POST,
        Referral(Action::Write),
        post(referrals::add_feedback),
    )
    .add(
        "/cities/{city}/referral-times",
        GET_POST,
        CityRecords(Action::Write),
        get(referrals::times_form).post(referrals::save_times),
    )
    .add(
        "/introductions",
        GET,
        SignedIn,
        get(referrals::introductions),
    )
    .add(
        "/introductions/{token}",
        GET_POST,
        Account,
        get(referrals::introduction).post(referrals::answer_introduction),
    )
    .add(
        "/notifications",
        GET,
        SignedIn,
        get(referrals::notifications),
    )
    .add(
        "/notifications/read",
        POST,
        SignedIn,
        post(referrals::read_notifications),
    )
    .add("/search", GET, SignedIn, get(search::search))
    .add(
        "/needs-seeds",
        GET_POST,
        StaffAnywhere,
        get(search::needs).post(search::create_need),
    )
    .add("/needs-seeds/{id}", GET, NeedSeed, get(search::need))
    .add("/sales-targets", GET, SignedIn, get(targets::list))
    .add(
        "/sales-targets/new",
        GET_POST,
        CompanyCreate,
        get(targets::new_form).post(targets::create),
    )
    .add(
        "/sales-targets/{id}",
        GET,
        SalesTarget(Action::Read),
        get(targets::show),
    )
    .add(
        "/sales-targets/{id}/edit",
        GET_POST,
        SalesTarget(Action::Write),
        get(targets::edit_form).post(targets::update),
    )
    .add("/audit", GET, AllAudit, get(admin::all_audit))
    .add("/audit.csv", GET, AllAudit, get(admin::all_audit_csv))
    .add("/audit.xlsx", GET, AllAudit, get(admin::all_audit_csv))
    .add(
        "/admin/users",
        GET,
        Platform(Action::Read),
        get(admin::all_users),
    )
    .add(
        "/admin/users/invite",
        GET_POST,
        Platform(Action::Write),
        get(admin::admin_invite_form).post(admin::admin_invite),
    )
    .add(
        "/admin/users/{id}",
        GET,
        Platform(Action::Read),
        get(admin::admin_user),
    )
    .add(
        "/admin/users/{id}/deactivate",
        POST,
        Platform(Action::Write),
        post(admin::admin_user_deactivate),
    )
    .add(
        "/admin/outbox",
        GET,
        Platform(Action::Read),
        get(admin::outbox),
    );
    (t.router, t.routes)
}

/// A city's name for a page (its code, if it is not a designated city).
pub(crate) fn city_name(state: &AppState, code: &str) -> String {
    state.store.city_name(code)
}

/// A query-string value, percent-encoded.
pub(crate) fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A time in Japan Standard Time (no daylight saving), in which every time is shown.
pub(crate) fn in_jst(t: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::FixedOffset> {
    t.with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).expect("a valid offset"))
}

/// One option of a select or a radio group.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The options of a coded value (its code, its name in `lang`), `selected` chosen.
pub(crate) fn coded_choices<T: Copy>(
    all: &[T],
    code: impl Fn(T) -> &'static str,
    name: impl Fn(T) -> Text,
    lang: Lang,
    selected: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: code(*v).into(),
            label: name(*v).get(lang).into(),
            selected: selected == code(*v),
        })
        .collect()
}

/// The errors of a form, field by field, in the page's language.
#[derive(Debug, Clone, Default)]
pub struct Errors(pub Vec<(&'static str, &'static str)>);

impl Errors {
    /// A form's errors as the domain reports them, in `lang`.
    pub fn of(lang: Lang, errors: &[renkei_domain::FieldError]) -> Errors {
        Errors(
            errors
                .iter()
                .map(|e| (e.field, e.message.get(lang)))
                .collect(),
        )
    }

    /// The message for one field, if it has one.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| *m)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Picks the text for a language.
pub fn tr(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En { en } else { ja }
}

/// What every page's layout needs.
#[derive(Debug, Clone)]
pub struct Base {
    pub lang: Lang,
    /// The path and query of this page, for the language switch.
    pub here: String,
    pub title: String,
    /// Which item of the main navigation is current.
    pub section: &'static str,
}

impl Base {
    pub fn new(
        lang: Lang,
        here: impl Into<String>,
        title: impl Into<String>,
        section: &'static str,
    ) -> Self {
        Base {
            lang,
            here: here.into(),
            title: title.into(),
            section,
        }
    }

    /// Picks the text for the page's language.
    pub fn t(&self, ja: &'static str, en: &'static str) -> &'static str {
        if self.lang == Lang::En { en } else { ja }
    }

    pub fn tx(&self, text: &Text) -> &'static str {
        text.get(self.lang)
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    fn other(&self) -> Lang {
        if self.lang == Lang::En {
            Lang::Ja
        } else {
            Lang::En
        }
    }

    pub fn other_lang_code(&self) -> &'static str {
        self.other().code()
    }

    /// This page in the other language; following it also remembers the choice.
    pub fn switch_href(&self) -> String {
        let (path, query) = self.here.split_once('?').unwrap_or((&self.here, ""));
        let mut params: Vec<&str> = query
            .split('&')
            .filter(|p| !p.is_empty() && !p.starts_with("lang="))
            .collect();
        let lang = format!("lang={}", self.other().code());
        params.push(&lang);
        format!("{path}?{}", params.join("&"))
    }

    pub fn switch_label(&self) -> &'static str {
        if self.lang == Lang::En {
            "日本語"
        } else {
            "English"
        }
    }

    pub fn current(&self, section: &str) -> bool {
        self.section == section
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    base: Base,
    status: u16,
    heading: &'static str,
    details: Vec<String>,
}

/// The error page for an error, in `lang`.
pub fn error_page(error: &AppError, lang: Lang, here: String) -> Response {
    let status = error.status();
    let heading = match status {
        StatusCode::NOT_FOUND => Text::new("ページが見つかりません", "Page not found"),
        StatusCode::CONFLICT => Text::new("更新が競合しました", "Conflicting change"),
        StatusCode::GONE => Text::new("このリンクは使えません", "This link cannot be used"),
        StatusCode::INTERNAL_SERVER_ERROR => Text::new("システムエラー", "System error"),
        _ => Text::new(
            "リクエストを処理できません",
            "The request cannot be processed",
        ),
    };
    let page = ErrorPage {
        base: Base::new(lang, here, heading.get(lang), ""),
        status: status.as_u16(),
        heading: heading.get(lang),
        details: details(error, lang).into_iter().map(|(_, d)| d).collect(),
    };
    (status, page).into_response()
}
