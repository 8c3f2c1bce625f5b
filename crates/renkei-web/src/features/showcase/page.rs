//! A showcased product's page: what its company shows other cities (the introduction, the
//! product, its evaluations and adoptions, the channel kinds it wants) and, for another
//! city's staff who may write, the form that asks the home city to refer it to their city;
//! refused, the page again with the problem named and what was typed kept.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::showcase::{self, Profile, Refused};
use renkei_domain::access::Action;
use renkei_domain::city::CityCode;
use renkei_domain::jdate::wareki;
use renkei_domain::network::thread::ThreadFacts;
use renkei_domain::{FieldError, Lang};
use renkei_store::ProductId;
use serde::Deserialize;

use super::list::channel_names;
use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::{FormInput, QueryInput};
use crate::features::threads::load::{Discussion, discussion};
use crate::shared::city::city_code;
use crate::shared::format::{city_name, show_wareki};
use crate::shared::forms::{Choice, Errors};
use crate::shared::layout::Base;
use crate::shared::page::PageContext;
use crate::shared::stages::stage_label;

/// An evaluation or an adoption as the page lists it.
pub struct Line {
    pub what: String,
    pub title: String,
    pub when: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "showcase/page.html")]
pub struct ShowcasePage {
    base: Base,
    id: i64,
    name: String,
    company: String,
    city: String,
    stage: String,
    category: String,
    introduction: String,
    summary: String,
    target_users: String,
    channels: String,
    public: bool,
    published: String,
    evaluations: Vec<Line>,
    adoptions: Vec<Line>,
    /// The company's own people: they change or withdraw it.
    own: bool,
    /// The cities the viewer may ask for (none: no form).
    asking: Vec<Choice>,
    reason: String,
    /// Just asked: the notice.
    requested: bool,
    errors: Errors,
    csrf: String,
    /// The threads about the product and whether the viewer may start one.
    discussion: Discussion,
}

impl ShowcasePage {
    /// Where a thread about the product starts.
    fn discussion_new(&self) -> String {
        format!("/threads/new?product={}", self.id)
    }

    fn discussion_label(&self) -> &'static str {
        self.base
            .t("この製品について話し合う", "Discuss this product")
    }

    /// The threads about the product, as the viewer reads them.
    async fn discuss(
        &mut self,
        state: &AppState,
        viewer: &Viewer,
        home: CityCode,
    ) -> Result<(), AppError> {
        let filter = renkei_store::ThreadFilter {
            product: Some(ProductId(self.id)),
            ..Default::default()
        };
        let facts = ThreadFacts::product(home, true);
        self.discussion = discussion(state, viewer, filter, &facts).await?;
        Ok(())
    }
}

fn page(
    state: &AppState,
    lang: Lang,
    viewer: &Viewer,
    p: Profile,
    (reason, chosen): (&str, &str),
    errors: &[FieldError],
) -> ShowcasePage {
    let caller = viewer.caller();
    let asking = showcase::asking_cities(&caller, &p)
        .into_iter()
        .map(|c| Choice {
            label: city_name(state, &c.to_string()),
            selected: c.to_string() == chosen,
            value: c.to_string(),
        })
        .collect();
    let date = |d: Option<chrono::NaiveDate>| d.map(wareki).unwrap_or_default();
    let evaluations = p
        .evaluations
        .iter()
        .map(|e| Line {
            what: e.kind.name().get(lang).to_owned(),
            title: format!(
                "{}（{}）",
                e.title,
                city_name(state, &e.city_code.to_string())
            ),
            when: date(e.awarded_on),
        })
        .collect();
    let adoptions = p
        .adoptions
        .iter()
        .map(|a| Line {
            what: a.adopter_kind.name().get(lang).to_owned(),
            title: a.adopter.clone(),
            when: date(a.adopted_on),
        })
        .collect();
    let own = showcase::publishes(&caller, &p.product);
    let s = p.showcase;
    ShowcasePage {
        base: Base::new(
            lang,
            format!("/showcase/{}", s.product_id),
            p.product.name.clone(),
            "showcase",
        ),
        id: s.product_id.0,
        city: city_name(state, &s.home_city.to_string()),
        stage: stage_label(lang, p.product.stage),
        category: p.product.category,
        introduction: s.summary,
        summary: p.product.summary,
        target_users: p.product.target_users,
        channels: channel_names(lang, &s.channels),
        public: s.audience == renkei_domain::showcase::Audience::Public,
        published: show_wareki(s.published_at),
        evaluations,
        adoptions,
        own,
        asking,
        reason: reason.to_owned(),
        requested: false,
        errors: Errors::of(lang, errors),
        csrf: viewer.csrf().to_owned(),
        discussion: Discussion::default(),
        name: p.product.name,
        company: p.company.name,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Shown {
    requested: Option<String>,
}

/// A showcased product, to those it is shown to.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ProductId>,
    QueryInput(q): QueryInput<Shown>,
) -> Result<ShowcasePage, AppError> {
    let p = showcase::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    let home = p.showcase.home_city;
    let mut page = page(&state, lang, &viewer, p.into_inner(), ("", ""), &[]);
    page.requested = q.requested.is_some();
    page.discuss(&state, &viewer, home).await?;
    Ok(page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    city: String,
    reason: String,
    csrf: String,
}

/// Asks the home city to refer the product to the caller's city: a referral starts at ①
/// there (the asking city reads it once the dossier is sent).
pub async fn request(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ProductId>,
    FormInput(form): FormInput<RequestForm>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let p = showcase::load(&state.app, &caller, Action::Read, id).await?;
    viewer.check_csrf(&form.csrf).await?;
    let city = city_code(&form.city).ok().filter(|_| !form.city.is_empty());
    let errors = match showcase::request(&state.app, &caller, &p, city, &form.reason).await? {
        Ok(_) => {
            state.mail_queued();
            return Ok(Redirect::to(&format!("/showcase/{id}?requested=1")).into_response());
        }
        Err(Refused::Fields(errors)) => errors,
        Err(Refused::Ineligible(why)) => vec![FieldError {
            field: "reason",
            message: why,
        }],
        Err(Refused::UnderWay) => vec![FieldError::new(
            "city",
            "この製品のその市への紹介は、すでに進行中です。",
            "A referral of this product to that city is already under way.",
        )],
        Err(Refused::NotYours) => return Err(AppError::Forbidden),
    };
    let home = p.showcase.home_city;
    let mut page = page(
        &state,
        lang,
        &viewer,
        p.into_inner(),
        (&form.reason, &form.city),
        &errors,
    );
    page.discuss(&state, &viewer, home).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}
