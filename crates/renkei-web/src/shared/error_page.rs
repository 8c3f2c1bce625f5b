//! The error page: what a page request that failed answers, in the request's language.

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use renkei_domain::{Lang, Text};

use super::layout::Base;
use crate::error::{AppError, details};

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
