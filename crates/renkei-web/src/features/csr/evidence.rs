//! A certification's evidence files (`/csr/certifications/{id}/evidence`): one kept from the
//! certification's page for an item that needs a document (a multipart form: the item, the
//! file; of a kind kept and at most 10 MB, else the page again with 422 saying why, nothing
//! kept), one removed, and one sent back as it was kept (its name in RFC 5987 form) to
//! whoever may read the certification.

use axum::extract::{DefaultBodyLimit, Multipart, Path};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::csr::Refused;
use renkei_app::csr::certification as cert;
use renkei_app::csr::evidence;
use renkei_domain::FieldError;
use renkei_domain::access::Action;
use renkei_domain::research_group::DOCUMENT_MAX_BYTES;
use renkei_store::CertificationId;

use super::certification::{cert_page, refused};
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::page::PageContext;

/// The request size an evidence form may have: the largest file kept, and room for the
/// form's other fields; larger ones are cut off and refused by the body limit.
pub(super) fn body_limit() -> DefaultBodyLimit {
    DefaultBodyLimit::max(DOCUMENT_MAX_BYTES + 64 * 1024)
}

/// `POST /csr/certifications/{id}/evidence`: a file kept for an item.
pub async fn upload(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<CertificationId>,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, AppError> {
    let mut multipart = multipart.map_err(|e| AppError::Malformed(e.body_text()))?;
    let (mut file, mut name, mut item, mut csrf) =
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
                    Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                        // The rest of the request is not read: the form's fields before
                        // the file (the page sends them first) are all there is.
                        too_large = true;
                        break;
                    }
                    Err(e) => return Err(AppError::Malformed(e.body_text())),
                }
            }
            "item" => item = field.text().await.unwrap_or_default(),
            "csrf" => csrf = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    viewer.check_csrf(&csrf).await?;
    let caller = viewer.caller();
    let r = cert::load(&state.app, &caller, Action::Write, id).await?;
    let form = vec![("item".to_owned(), item.clone())];
    let errors = if too_large {
        vec![FieldError::new(
            "file",
            "ファイルが大きすぎます。10MB以下のファイルを選んでください。",
            "The file is too large: choose one of at most 10 MB.",
        )]
    } else {
        match evidence::add(&state.app, &caller, &r, &item, (&name, file)).await? {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/csr/certifications/{id}?saved=1#evidence"))
                        .into_response(),
                );
            }
            Err(Refused::Fields(e)) => e,
            Err(Refused::Step(s)) => return Err(refused(s)),
        }
    };
    let page = cert_page(&state, (lang, &viewer), &r, form, &errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// `POST /csr/certifications/{id}/evidence/{file}/delete`: a file removed.
pub async fn remove(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path((id, file)): Path<(CertificationId, i64)>,
    FormInput(form): FormInput<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let r = cert::load(&state.app, &caller, Action::Write, id).await?;
    let csrf = form
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    viewer.check_csrf(&csrf).await?;
    match evidence::remove(&state.app, &caller, &r, file).await? {
        Ok(()) => {
            Ok(Redirect::to(&format!("/csr/certifications/{id}?saved=1#evidence")).into_response())
        }
        Err(Refused::Fields(e)) => Err(AppError::Validation(e)),
        Err(Refused::Step(s)) => Err(refused(s)),
    }
}

/// `GET /csr/certifications/{id}/evidence/{file}`: a file, as it was kept (its name in the
/// download's header, in UTF-8).
pub async fn download(
    PageContext(state, _lang, _uri, viewer): PageContext,
    Path((id, file)): Path<(CertificationId, i64)>,
) -> Result<Response, AppError> {
    let r = cert::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let (f, content) = state.store.evidence_file(r.id, file).await?;
    let disposition = format!(
        "attachment; filename=\"evidence-{}\"; filename*=UTF-8''{}",
        f.id,
        crate::shared::format::rfc5987(&f.file_name)
    );
    Ok((
        [
            (header::CONTENT_TYPE, f.media_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        content,
    )
        .into_response())
}
