//! What a page handler takes from every request: the application's state, the interface
//! language, the address asked for (the layout's links and language switch use it) and who
//! is asking. One extractor, so that a handler's signature names only what is its own (the
//! path, the query, the form).

use axum::extract::FromRequestParts;
use axum::http::Uri;
use axum::http::request::Parts;
use renkei_domain::Lang;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::lang::UiLang;

/// A page request's context: the state, the language ([`UiLang`]), the URI and the
/// [`Viewer`], taken in this order (the viewer's rejection is this one's).
///
/// Handlers destructure it in their signature, like axum's own extractors:
/// `PageContext(state, lang, uri, viewer): PageContext`.
pub struct PageContext(pub AppState, pub Lang, pub Uri, pub Viewer);

impl FromRequestParts<AppState> for PageContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Ok(UiLang(lang)) = UiLang::from_request_parts(parts, state).await;
        let Ok(uri) = Uri::from_request_parts(parts, state).await;
        let viewer = Viewer::from_request_parts(parts, state).await?;
        Ok(PageContext(state.clone(), lang, uri, viewer))
    }
}
