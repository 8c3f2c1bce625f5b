//! The request as the document the company sends (`/bridges/{id}/request.pdf`): typeset by
//! `renkei_pdf` with the fields the company agreed to share and their answers, and only once
//! it has consented (before, a refusal that says so).

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use renkei_app::bridges;
use renkei_domain::access::Action;
use renkei_domain::bridge::{Bridge, Refusal};
use renkei_store::BridgeId;

use crate::error::AppError;
use crate::shared::layout::tr;
use crate::shared::page::PageContext;

use super::page::today_line;

pub async fn request(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<BridgeId>,
) -> Result<Response, AppError> {
    let r = bridges::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    if !r.state.consented() {
        return Err(AppError::step_refused::<Bridge>(Refusal::Unmet("consent")));
    }
    // The company and the product are printed only when the company agreed to share a
    // field naming them (相談者・企業名, 製品); otherwise only what it ticked goes out.
    let fields = r.shared_answers();
    let shares = |words: &[&str]| {
        fields
            .iter()
            .any(|(label, _)| words.iter().any(|w| label.contains(w)))
    };
    let company = match shares(&["企業", "相談者"]) {
        true => state
            .store
            .company(r.company_id)
            .await?
            .map(|(c, _)| c.name),
        false => None,
    };
    let product = match (shares(&["製品"]), r.product_id) {
        (true, Some(p)) => state.store.product(p).await?.map(|p| p.name),
        _ => None,
    };
    let city = crate::shared::format::city_name(&state, &r.city.as_string());
    let doc = renkei_pdf::BridgeDocument {
        lang: lang.code(),
        heading: tr(lang, "相談申込書", "Consultation request").to_owned(),
        body: r.body_name.clone(),
        consultation_type: r.type_name.clone(),
        company: company.unwrap_or_default(),
        product: product.unwrap_or_default(),
        labels: [
            tr(lang, "申込先", "To").to_owned(),
            tr(lang, "相談の種類", "Consultation").to_owned(),
            tr(lang, "企業", "Company").to_owned(),
            tr(lang, "製品", "Product").to_owned(),
        ],
        fields,
        amed: if r.share_with_amed {
            tr(
                lang,
                "本相談の記録を AMED と共有することに同意します。",
                "The company agrees that this consultation's record be shared with AMED.",
            )
        } else {
            tr(
                lang,
                "本相談の記録の AMED との共有には同意しません。",
                "The company does not agree to share this consultation's record with AMED.",
            )
        }
        .to_owned(),
        date: today_line(lang),
        footer: format!(
            "{} {city} — Renkei #{}",
            tr(lang, "橋渡し支援", "Bridge support"),
            r.id
        ),
    };
    let pdf = tokio::task::spawn_blocking(move || renkei_pdf::bridge(&doc))
        .await
        .map_err(|e| AppError::Internal(e.into()))?
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"bridge-{}.pdf\"", r.id),
            ),
            (CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        pdf,
    )
        .into_response())
}
