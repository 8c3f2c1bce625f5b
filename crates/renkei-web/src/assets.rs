//! Static assets, compiled into the binary so that a node needs nothing beside it and works
//! behind a closed network: the Digital Agency's design tokens and Renkei's stylesheet.

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "vendor/digital-go-jp-design-tokens/tokens.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/digital-go-jp-design-tokens/tokens.css"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "search.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/search.js"),
    ),
];

pub async fn serve(Path(path): Path<String>) -> Response {
    match ASSETS.iter().find(|(p, _, _)| *p == path) {
        Some((_, mime, bytes)) => (
            [
                (header::CONTENT_TYPE, *mime),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *bytes,
        )
            .into_response(),
        None => AppError::NotFound.into_response(),
    }
}
