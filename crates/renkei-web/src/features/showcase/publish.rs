//! Showcasing a product, from its page, by its company's own people: the introduction, the
//! channel kinds it wants, who it is shown to, and their consent to the wording shown (kept
//! with its version); changed or withdrawn the same way. Anyone else who reads the product is
//! refused (the consent is not theirs to give). The rules are `renkei_app::showcase`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::showcase::{self, Refused};
use renkei_domain::access::Action;
use renkei_domain::showcase::{Audience, ShowcaseDraft, wording};
use renkei_domain::target::TargetKind;
use renkei_domain::{FieldError, Lang};
use renkei_store::{ProductId, ProductRecord, ShowcaseRecord};

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::features::companies::load::company_name;
use crate::shared::forms::{Choice, Errors};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

#[derive(Template, WebTemplate)]
#[template(path = "showcase/publish.html")]
pub struct PublishPage {
    base: Base,
    id: i64,
    product: String,
    /// Whether it is showcased now (and since when, by whom).
    shown: Option<String>,
    summary: String,
    channels: Vec<Choice>,
    audiences: Vec<Choice>,
    /// The wording for each audience, as the consent box agrees to it.
    wordings: Vec<(String, String)>,
    errors: Errors,
    csrf: String,
}

/// What the form holds: what was typed, or what is shown now.
struct Typed {
    summary: String,
    channels: Vec<String>,
    audience: String,
}

impl Typed {
    fn of(s: Option<&ShowcaseRecord>) -> Typed {
        Typed {
            summary: s.map(|s| s.summary.clone()).unwrap_or_default(),
            channels: s
                .map(|s| s.channels.iter().map(|k| k.code().to_owned()).collect())
                .unwrap_or_default(),
            audience: s
                .map_or(Audience::Network.code(), |s| s.audience.code())
                .to_owned(),
        }
    }
}

async fn page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    p: &ProductRecord,
    (now, typed): (Option<ShowcaseRecord>, Typed),
    errors: &[FieldError],
) -> Result<PublishPage, AppError> {
    let company = company_name(state, p.company_id).await?;
    let choice = |value: &str, label: &str, selected: bool| Choice {
        value: value.to_owned(),
        label: label.to_owned(),
        selected,
    };
    Ok(PublishPage {
        base: Base::new(
            lang,
            format!("/products/{}/showcase", p.id),
            tr(lang, "ショーケースへの公開", "Showcase this product"),
            "products",
        ),
        id: p.id.0,
        product: p.name.clone(),
        shown: now.map(|s| {
            format!(
                "{}（{}）",
                crate::shared::format::show_wareki(s.published_at),
                s.by_label
            )
        }),
        summary: typed.summary,
        channels: TargetKind::ALL
            .iter()
            .map(|k| {
                let on = typed.channels.iter().any(|c| c == k.code());
                choice(k.code(), k.name().get(lang), on)
            })
            .collect(),
        audiences: Audience::ALL
            .iter()
            .map(|a| choice(a.code(), a.name().get(lang), typed.audience == a.code()))
            .collect(),
        wordings: Audience::ALL
            .iter()
            .map(|a| (a.code().to_owned(), wording(&company, &p.name, *a)))
            .collect(),
        errors: Errors::of(lang, errors),
        csrf: viewer.csrf().to_owned(),
    })
}

/// The product of `id` to its company's own people (the others who read it: forbidden).
async fn own_product(
    state: &AppState,
    viewer: &Viewer,
    id: ProductId,
) -> Result<renkei_app::access::Checked<ProductRecord>, AppError> {
    let caller = viewer.caller();
    let p = state.app.product(&caller, Action::Read, id).await?;
    if !showcase::publishes(&caller, &p) {
        return Err(AppError::Forbidden);
    }
    Ok(p)
}

/// The form, with what is shown now.
pub async fn form(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ProductId>,
) -> Result<PublishPage, AppError> {
    let p = own_product(&state, &viewer, id).await?;
    let now = state.store.showcase(p.id).await?;
    let typed = Typed::of(now.as_ref());
    page(&state, (lang, &viewer), &p, (now, typed), &[]).await
}

/// Publishes or changes (`summary`, `channels`, `audience` with the `agree` box), or withdraws
/// (`remove`).
pub async fn change(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let p = own_product(&state, &viewer, id).await?;
    let field = |k: &str| {
        form.iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    viewer.check_csrf(&field("csrf")).await?;
    let caller = viewer.caller();
    let typed = Typed {
        summary: field("summary"),
        channels: form
            .iter()
            .filter(|(f, _)| f == "channels")
            .map(|(_, v)| v.clone())
            .collect(),
        audience: field("audience"),
    };
    let outcome = if form.iter().any(|(f, _)| f == "remove") {
        showcase::withdraw(&state.app, &caller, &p).await?
    } else {
        let draft = ShowcaseDraft {
            summary: typed.summary.clone(),
            channels: typed.channels.clone(),
            audience: typed.audience.clone(),
            agree: form.iter().any(|(f, _)| f == "agree"),
        };
        let company = company_name(&state, p.company_id).await?;
        showcase::publish(&state.app, &caller, &p, &company, &draft)
            .await?
            .map(|_| ())
    };
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/products/{id}?saved=1#showcase")).into_response()),
        Err(Refused::Fields(errors)) => {
            let now = state.store.showcase(p.id).await?;
            let page = page(&state, (lang, &viewer), &p, (now, typed), &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(_) => Err(AppError::Forbidden),
    }
}
