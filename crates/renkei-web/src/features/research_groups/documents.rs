//! A group's documents: one kept from the group's page (a multipart form: the file and,
//! optionally, the meeting it belongs to; of a kind kept and at most 10 MB, else the page
//! again saying why, nothing kept), and one sent back as it was kept, to whoever may read
//! the group.

use std::collections::HashMap;

use axum::extract::{DefaultBodyLimit, Multipart, Path};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use renkei_app::research_groups;
use renkei_domain::FieldError;
use renkei_domain::access::Action;
use renkei_domain::research_group::DOCUMENT_MAX_BYTES;
use renkei_store::{GroupMeetingId, ResearchGroupId};

use super::page::{again, saved_to};
use crate::error::AppError;
use crate::shared::page::PageContext;

/// The request size a document's form may have: the largest document kept, and room for
/// the form's other fields; larger ones are cut off and refused by the body limit.
pub(super) fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(DOCUMENT_MAX_BYTES + 64 * 1024)
}

/// A document kept.
pub async fn upload(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ResearchGroupId>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let mut multipart = multipart.map_err(|e| AppError::Malformed(e.body_text()))?;
    let (mut file, mut name, mut meeting, mut csrf) =
        (Vec::new(), String::new(), String::new(), String::new());
    let mut too_large = false;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::Malformed(e.body_text()))?
    {
        match field.name().unwrap_or_default() {
            "file" => {
                name = field.file_name().unwrap_or_default().to_owned();
                match field.bytes().await {
                    Ok(b) => file = b.to_vec(),
                    Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                        // The rest of the request is not read: the form's fields before
                        // the file (the page sends them first) are all there is.
                        too_large = true;
                        break;
                    }
                    Err(e) => return Err(AppError::Malformed(e.body_text())),
                }
            }
            "meeting" => meeting = field.text().await.unwrap_or_default(),
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    viewer.check_csrf(&csrf).await?;
    let caller = viewer.caller();
    let g = research_groups::load(&state.app, &caller, Action::Write, id).await?;
    let form = HashMap::from([("meeting".to_owned(), meeting.clone())]);
    if too_large {
        let e = FieldError::new(
            "file",
            "ファイルが大きすぎます。10MB以下のファイルを選んでください。",
            "The file is too large: choose one of at most 10 MB.",
        );
        return again(&state, (lang, &viewer), &g, form, &[e]).await;
    }
    let meeting = match meeting.trim().parse::<i64>() {
        Ok(m) => Some(research_groups::meeting(&state.app, &g, GroupMeetingId(m)).await?),
        Err(_) => None,
    };
    match research_groups::add_document(&state.app, &caller, &g, meeting.as_ref(), (&name, file))
        .await?
    {
        Ok(_) => Ok(saved_to(id, "documents").into_response()),
        Err(errors) => again(&state, (lang, &viewer), &g, form, &errors).await,
    }
}

/// A document, as it was kept (its name in the download's header, in UTF-8).
pub async fn download(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path((id, document)): Path<(ResearchGroupId, i64)>,
) -> Result<Response, AppError> {
    let g = research_groups::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let (d, content) = state
        .store
        .research_group_document(g.record.id, document)
        .await?;
    let disposition = format!(
        "attachment; filename=\"document-{}\"; filename*=UTF-8''{}",
        d.id,
        crate::shared::format::rfc5987(&d.file_name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, d.media_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        content,
    )
        .into_response())
}
