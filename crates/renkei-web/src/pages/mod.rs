//! Server-rendered pages, Japanese first. Every page works without JavaScript; forms post
//! back and redirect (303) on success, or show the form again with every error listed.

pub(crate) mod account;
mod catalog;
mod cities;
mod guide;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use renkei_domain::{Lang, Text};

use crate::AppState;
use crate::error::{AppError, details};

/// What a route touches, for the access policy: each page route is registered with it, so the
/// authorization test can walk every route the router has and know what the policy says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Open to anyone: the model, the cities, their menus, the guide.
    Public,
    /// Signing in and out: open to anyone.
    Account,
    /// Changes the menu of the city in the path.
    CityMenuWrite,
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
    .add("/guide", GET, Public, get(guide::guide));
    (t.router, t.routes)
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
