//! The threads' pages: the list of the threads the viewer reads (filtered by kind), the form
//! that starts one (a topic, or about the product or referral in its query), and a thread's
//! page with its posts and the reply form.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use renkei_app::network::threads::{self, About, Thread};
use renkei_domain::access::{Action, Decision, Resource, decide};
use renkei_domain::network::thread::{Kind, ThreadDraft, ThreadFacts};
use renkei_domain::{FieldError, Lang};
use renkei_store::{ProductId, ReferralId, ThreadFilter, ThreadId, ThreadRecord};
use serde::Deserialize;

use crate::AppState;
use crate::access::Viewer;
use crate::error::AppError;
use crate::extract::FormInput;
use crate::shared::format::show_time;
use crate::shared::forms::{Errors, one};
use crate::shared::layout::{Base, tr};
use crate::shared::page::PageContext;

/// A thread as a list's row or a page's heading shows it.
pub struct ThreadView {
    pub id: i64,
    pub title: String,
    pub kind: &'static str,
    /// What it is about: (link, name), none for a topic.
    pub about: Option<(String, String)>,
    /// The cities that read it, or "every designated city".
    pub readers: String,
    pub posts: usize,
    pub last_post_at: String,
}

/// What a thread is about, as a link the viewer may open: a showcased product's page for a
/// network's product thread, the product's own page for its city's, the referral's page.
pub(super) async fn about(
    state: &AppState,
    t: &ThreadRecord,
    network: bool,
) -> Result<Option<(String, String)>, AppError> {
    Ok(match (t.product_id, t.referral_id) {
        (Some(p), _) => {
            let name = state.store.product(p).await?.map(|p| p.name);
            let link = if network {
                format!("/showcase/{p}")
            } else {
                format!("/products/{p}")
            };
            Some((link, name.unwrap_or_default()))
        }
        (None, Some(r)) => Some((format!("/referrals/{r}"), format!("#{r}"))),
        _ => None,
    })
}

/// Who reads a thread of `facts`, in words.
pub(super) fn readers(state: &AppState, lang: Lang, facts: &ThreadFacts) -> String {
    if facts.network {
        tr(
            lang,
            "全指定都市の職員・コーディネーター",
            "Every city's staff and coordinators",
        )
        .to_owned()
    } else {
        facts
            .cities
            .iter()
            .map(|c| state.store.city_name(&c.to_string()))
            .collect::<Vec<_>>()
            .join("・")
    }
}

pub(super) async fn view(
    state: &AppState,
    lang: Lang,
    t: &Thread,
    posts: usize,
) -> Result<ThreadView, AppError> {
    Ok(ThreadView {
        id: t.record.id.0,
        title: t.record.title.clone(),
        kind: t.record.kind.name().get(lang),
        about: about(state, &t.record, t.facts.network).await?,
        readers: readers(state, lang, &t.facts),
        posts,
        last_post_at: show_time(t.record.last_post_at),
    })
}

/// The list's filter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub kind: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "threads/list.html")]
pub struct ListPage {
    base: Base,
    rows: Vec<ThreadView>,
    /// (code, name, selected).
    kinds: Vec<(&'static str, &'static str, bool)>,
    /// Whether the viewer may start a topic.
    starts: bool,
}

/// The threads the viewer reads, of the kind asked.
pub async fn list(
    PageContext(state, lang, _uri, viewer): PageContext,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let caller = viewer.caller();
    let kind = Kind::from_code(q.kind.trim());
    let filter = ThreadFilter {
        kind,
        ..Default::default()
    };
    let mut rows = Vec::new();
    for (t, n) in threads::list(&state.app, &caller, &filter).await? {
        rows.push(view(&state, lang, &t, n).await?);
    }
    let starts = decide(&caller.subject, Action::Write, Resource::Threads) == Decision::Allow;
    Ok(ListPage {
        base: Base::new(
            lang,
            "/threads",
            tr(lang, "情報交換（スレッド）", "Threads"),
            "threads",
        ),
        rows,
        kinds: Kind::ALL
            .iter()
            .map(|k| (k.code(), k.name().get(lang), Some(*k) == kind))
            .collect(),
        starts,
    })
}

/// What the new thread's form is about, as its query (or its hidden fields) give it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewQuery {
    pub product: String,
    pub referral: String,
}

fn about_of(product: &str, referral: &str) -> About {
    let id = |v: &str| v.trim().parse::<i64>().ok();
    match (id(referral), id(product)) {
        (Some(r), _) => About::Referral(ReferralId(r)),
        (None, Some(p)) => About::Product(ProductId(p)),
        _ => About::Topic,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "threads/new.html")]
pub struct NewPage {
    base: Base,
    csrf: String,
    /// (hidden field, id, name, who will read it), none for a topic.
    about: Option<(&'static str, i64, String)>,
    readers: String,
    form: HashMap<String, String>,
    errors: Errors,
}

impl NewPage {
    fn value(&self, key: &str) -> &str {
        self.form.get(key).map(String::as_str).unwrap_or_default()
    }
}

async fn new_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    form: HashMap<String, String>,
    errors: &[FieldError],
) -> Result<NewPage, AppError> {
    let asked = about_of(&one(&form, "product"), &one(&form, "referral"));
    let s = threads::subject(&state.app, &viewer.caller(), asked).await?;
    let about = match asked {
        About::Topic => None,
        About::Product(p) => Some(("product", p.0, s.name.clone().unwrap_or_default())),
        About::Referral(r) => Some(("referral", r.0, s.name.clone().unwrap_or_default())),
    };
    Ok(NewPage {
        base: Base::new(
            lang,
            "/threads/new",
            tr(lang, "スレッドを始める", "Start a thread"),
            "threads",
        ),
        csrf: viewer.csrf().to_owned(),
        about,
        readers: readers(state, lang, &s.facts),
        form,
        errors: Errors::of(lang, errors),
    })
}

/// The form that starts a thread.
pub async fn new(
    PageContext(state, lang, _uri, viewer): PageContext,
    Query(q): Query<NewQuery>,
) -> Result<NewPage, AppError> {
    let form = HashMap::from([
        ("product".to_owned(), q.product),
        ("referral".to_owned(), q.referral),
    ]);
    new_page(&state, (lang, &viewer), form, &[]).await
}

/// A thread started: 303 to its page, or the form again with each problem at its field.
pub async fn start(
    PageContext(state, lang, _uri, viewer): PageContext,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    if !caller.subject.is_signed_in() {
        return Err(AppError::SignInRequired);
    }
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let about = about_of(&one(&form, "product"), &one(&form, "referral"));
    let draft = ThreadDraft {
        title: one(&form, "title"),
        body: one(&form, "body"),
    };
    match threads::start(&state.app, &caller, about, &draft).await? {
        Ok(t) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/threads/{}", t.record.id)).into_response())
        }
        Err(errors) => {
            let page = new_page(&state, (lang, &viewer), form, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}

/// A post as the thread's page shows it.
pub struct PostView {
    pub id: i64,
    pub author: String,
    pub at: String,
    pub body: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "threads/thread.html")]
pub struct ThreadPage {
    base: Base,
    t: ThreadView,
    posts: Vec<PostView>,
    /// Whether the viewer may post.
    replies: bool,
    csrf: String,
    body: String,
    errors: Errors,
}

async fn thread_page(
    state: &AppState,
    (lang, viewer): (Lang, &Viewer),
    t: &Thread,
    body: String,
    errors: &[FieldError],
) -> Result<ThreadPage, AppError> {
    let posts: Vec<PostView> = state
        .store
        .thread_posts(t.record.id)
        .await?
        .into_iter()
        .map(|p| PostView {
            id: p.id,
            author: p.author_label,
            at: show_time(p.created_at),
            body: p.body,
        })
        .collect();
    let replies = decide(
        &viewer.caller().subject,
        Action::Write,
        Resource::Thread(&t.facts),
    ) == Decision::Allow;
    Ok(ThreadPage {
        base: Base::new(
            lang,
            format!("/threads/{}", t.record.id),
            t.record.title.clone(),
            "threads",
        ),
        t: view(state, lang, t, posts.len()).await?,
        posts,
        replies,
        csrf: viewer.csrf().to_owned(),
        body,
        errors: Errors::of(lang, errors),
    })
}

/// A thread's page.
pub async fn show(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ThreadId>,
) -> Result<ThreadPage, AppError> {
    let t = threads::load(&state.app, &viewer.caller(), Action::Read, id).await?;
    thread_page(&state, (lang, &viewer), &t, String::new(), &[]).await
}

/// A reply: 303 to the post on the thread's page, or the page again with the problem.
pub async fn reply(
    PageContext(state, lang, _uri, viewer): PageContext,
    Path(id): Path<ThreadId>,
    FormInput(form): FormInput<HashMap<String, String>>,
) -> Result<Response, AppError> {
    let caller = viewer.caller();
    let t = threads::load(&state.app, &caller, Action::Write, id).await?;
    viewer.check_csrf(&one(&form, "csrf")).await?;
    let body = one(&form, "body");
    match threads::post(&state.app, &caller, &t, &body).await? {
        Ok(p) => {
            state.mail_queued();
            Ok(Redirect::to(&format!("/threads/{id}#post-{}", p.id)).into_response())
        }
        Err(errors) => {
            let page = thread_page(&state, (lang, &viewer), &t, body, &errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
