//! Discussion threads between the cities (情報交換) as use cases: a thread loaded with the
//! access check made ([`load`]); the threads the caller reads ([`list`]); starting one about
//! a topic, a product or a referral ([`start`]) and posting in one ([`post`]), where each
//! person the text mentions who may read the thread is told (a notice and its mail, in the
//! post's transaction); and the weekly digest ([`digest`]): every node ticks, and each
//! person's week is claimed once, so two nodes never both send it. Who reads what is
//! `renkei_domain::network::thread` and `access::threads`, asked through `App::require`.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use renkei_domain::FieldError;
use renkei_domain::access::{Action, Decision, Resource, Subject, decide, in_network};
use renkei_domain::network::thread::{self, ThreadDraft, ThreadFacts};
use renkei_store::{
    PostRecord, ProductId, ReferralId, Result, ThreadAbout, ThreadFilter, ThreadId, ThreadRecord,
    Tx, UserRecord,
};

use crate::App;
use crate::access::{Caller, Checked, Denied, signed_in};
use crate::mail::{self, DigestThread};

/// A thread with what the policy knows of it.
#[derive(Debug, Clone)]
pub struct Thread {
    pub record: ThreadRecord,
    pub facts: ThreadFacts,
}

/// What a new thread is about, as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Topic,
    Product(ProductId),
    Referral(ReferralId),
}

/// What a new thread is about, checked: where it is kept, who will read it, and its name
/// (a product's, a referral's number and product), none for a topic.
#[derive(Debug, Clone)]
pub struct Subjected {
    pub about: ThreadAbout,
    pub facts: ThreadFacts,
    pub name: Option<String>,
}

/// The thread of `id`, once the policy allows the caller `action` on it.
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: ThreadId,
) -> std::result::Result<Checked<Thread>, Denied> {
    signed_in(caller)?;
    let Some(record) = app.store().thread(id).await? else {
        return Err(app.absent(caller, action, format!("Thread {id}")).await);
    };
    let facts = app
        .store()
        .thread_facts(std::slice::from_ref(&record))
        .await?
        .remove(0);
    app.require(caller, action, Resource::Thread(&facts))
        .await?;
    Ok(Checked::new(Thread { record, facts }, action))
}

/// The threads `filter` holds that the caller reads, with their number of posts, the one
/// with the latest post first.
pub async fn list(
    app: &App,
    caller: &Caller,
    filter: &ThreadFilter,
) -> std::result::Result<Vec<(Thread, usize)>, Denied> {
    app.require(caller, Action::Read, Resource::Threads).await?;
    let store = app.store();
    let threads = store.threads(filter).await?;
    let facts = store.thread_facts(&threads).await?;
    let counts = store.thread_post_counts().await?;
    Ok(threads
        .into_iter()
        .zip(facts)
        .filter(|(_, f)| {
            decide(&caller.subject, Action::Read, Resource::Thread(f)) == Decision::Allow
        })
        .map(|(record, facts)| {
            let n = counts.get(&record.id.0).copied().unwrap_or_default();
            (Thread { record, facts }, n)
        })
        .collect())
}

/// What a new thread would be about, once the policy allows the caller to start one there:
/// a topic (every city's coordinators and full staff), a product (the network's while it is
/// showcased, else its home city's), a referral (its two cities').
pub async fn subject(
    app: &App,
    caller: &Caller,
    about: About,
) -> std::result::Result<Subjected, Denied> {
    signed_in(caller)?;
    let store = app.store();
    let (about, facts, name) = match about {
        About::Topic => {
            app.require(caller, Action::Write, Resource::Threads)
                .await?;
            (ThreadAbout::Topic, ThreadFacts::topic(), None)
        }
        About::Product(id) => {
            let Some(p) = store.product(id).await? else {
                return Err(app
                    .absent(caller, Action::Write, format!("Product {id}"))
                    .await);
            };
            let shown = store.showcase(id).await?.is_some();
            let facts = ThreadFacts::product(p.home_city, shown);
            let about = ThreadAbout::Product {
                id,
                home: p.home_city,
            };
            (about, facts, Some(p.name))
        }
        About::Referral(id) => {
            let Some(r) = store.referral(id).await? else {
                return Err(app
                    .absent(caller, Action::Write, format!("Referral {id}"))
                    .await);
            };
            let facts =
                ThreadFacts::referral(r.sending_city, r.receiving_city, r.sent_at.is_some());
            let product = store.product(r.product_id).await?.map(|p| p.name);
            let about = ThreadAbout::Referral {
                id,
                sending: r.sending_city,
                receiving: r.receiving_city,
            };
            let name = format!("#{id} {}", product.unwrap_or_default());
            (about, facts, Some(name.trim().to_owned()))
        }
    };
    app.require(caller, Action::Write, Resource::Thread(&facts))
        .await?;
    Ok(Subjected { about, facts, name })
}

/// The active staff and coordinators who read a thread of `facts`: those a post may mention.
async fn readers(app: &App, facts: &ThreadFacts) -> Result<Vec<UserRecord>> {
    Ok(network_people(app)
        .await?
        .into_iter()
        .filter(|(_, s)| decide(s, Action::Read, Resource::Thread(facts)) == Decision::Allow)
        .map(|(u, _)| u)
        .collect())
}

/// Every active account of a city's staff or coordinators, with what the policy knows of it.
async fn network_people(app: &App) -> Result<Vec<(UserRecord, Subject)>> {
    Ok(app
        .store()
        .users_with_roles(None)
        .await?
        .into_iter()
        .filter(|(u, _)| u.active)
        .map(|(u, roles)| {
            let s = Subject {
                roles,
                person: Some(u.id.0),
            };
            (u, s)
        })
        .filter(|(_, s)| in_network(s))
        .collect())
}

/// A person's login as the directory shows it: their address's part before `@`.
fn login(u: &UserRecord) -> String {
    let email = u.email.to_string();
    email.split('@').next().unwrap_or_default().to_owned()
}

/// Tells each reader of the thread whom `post` mentions (the author aside), in `tx`.
async fn tell_mentioned(
    app: &App,
    tx: &Tx,
    (t, facts): (&ThreadRecord, &ThreadFacts),
    post: &PostRecord,
    caller: &Caller,
) -> Result<usize> {
    let people: Vec<UserRecord> = readers(app, facts)
        .await?
        .into_iter()
        .filter(|u| Some(u.id.0) != caller.subject.person)
        .collect();
    let logins: Vec<String> = people.iter().map(login).collect();
    let candidates: Vec<(i64, &str, &str)> = people
        .iter()
        .zip(&logins)
        .map(|(u, l)| (u.id.0, u.display_name.as_str(), l.as_str()))
        .collect();
    let mentioned = thread::mentions(&post.body, &candidates);
    let notice = mail::thread_mention(&caller.actor.label, &t.title, t.id.0, post.id);
    for u in people.iter().filter(|u| mentioned.contains(&u.id.0)) {
        app.notify(tx, u, None, &notice).await?;
    }
    Ok(mentioned.len())
}

/// Starts a thread (its subject checked by [`subject`]) with its first post, telling the
/// readers it mentions; or every problem of the form.
pub async fn start(
    app: &App,
    caller: &Caller,
    about: About,
    draft: &ThreadDraft,
) -> std::result::Result<std::result::Result<Thread, Vec<FieldError>>, Denied> {
    let s = subject(app, caller, about).await?;
    let new = match draft.validate() {
        Ok(n) => n,
        Err(errors) => return Ok(Err(errors)),
    };
    let store = app.store();
    let tx = store.begin().await?;
    let (record, post) = store
        .start_thread(&tx, s.about, (&new.title, &new.body), &caller.actor)
        .await?;
    tell_mentioned(app, &tx, (&record, &s.facts), &post, caller).await?;
    tx.commit().await?;
    Ok(Ok(Thread {
        record,
        facts: s.facts,
    }))
}

/// Posts in a thread loaded for writing, telling the readers the post mentions; or the
/// problem of the text.
pub async fn post(
    app: &App,
    caller: &Caller,
    t: &Checked<Thread>,
    body: &str,
) -> std::result::Result<std::result::Result<PostRecord, Vec<FieldError>>, Denied> {
    if t.action() != Action::Write {
        return Err(Denied::Forbidden);
    }
    let body = match thread::post_body(body) {
        Ok(b) => b,
        Err(errors) => return Ok(Err(errors)),
    };
    let store = app.store();
    let tx = store.begin().await?;
    let post = store
        .add_thread_post(&tx, &t.record, &body, &caller.actor)
        .await?;
    tell_mentioned(app, &tx, (&t.record, &t.facts), &post, caller).await?;
    tx.commit().await?;
    Ok(Ok(post))
}

/// The weekly digest of the week of `now` (see [`digest_week`]).
pub async fn digest(app: &App, now: DateTime<Utc>) -> Result<usize> {
    digest_week(app, now, thread::week_of(now)).await
}

/// Mails each staff member and coordinator who reads threads the new posts (not their own)
/// in the threads they read since their last digest, once for the week of Monday `week`:
/// each person's week is claimed by a conditional update in the transaction that queues the
/// mail, so of the nodes that tick, one sends it. Nothing is sent to someone with nothing
/// new; a first digest tells of the week before `week` at most. Returns how many were sent.
pub async fn digest_week(app: &App, now: DateTime<Utc>, week: NaiveDate) -> Result<usize> {
    let store = app.store();
    // A first digest looks back one week before `week` at most.
    let first = week
        .checked_sub_days(Days::new(7))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|d| renkei_domain::event::jst().from_local_datetime(&d).single())
        .map(|d| d.to_utc())
        .unwrap_or(now);
    // Every node ticks each minute: once everyone's week is claimed, nothing more is read.
    let claimed = store.thread_digests_claimed(week).await?;
    let people: Vec<_> = network_people(app)
        .await?
        .into_iter()
        .filter(|(u, _)| !claimed.contains(&u.id.0))
        .collect();
    if people.is_empty() {
        return Ok(0);
    }
    let threads = store.threads(&ThreadFilter::default()).await?;
    let facts = store.thread_facts(&threads).await?;
    let mut sent = 0;
    for (person, subject) in &people {
        let tx = store.begin().await?;
        let Some(marker) = store.claim_thread_digest(&tx, person.id.0, week).await? else {
            continue;
        };
        let since = (marker == 0).then_some(first);
        let posts = store.thread_posts_after(marker, since).await?;
        let mut told: Vec<DigestThread> = Vec::new();
        for (t, f) in threads.iter().zip(&facts) {
            if decide(subject, Action::Read, Resource::Thread(f)) != Decision::Allow {
                continue;
            }
            let new: Vec<(String, String)> = posts
                .iter()
                .filter(|p| p.thread_id == t.id && p.author_id != Some(person.id.0))
                .map(|p| (p.author_label.clone(), p.body.clone()))
                .collect();
            if !new.is_empty() {
                told.push(DigestThread {
                    title: t.title.clone(),
                    path: format!("/threads/{}", t.id),
                    posts: new,
                });
            }
        }
        if !told.is_empty() {
            let m = mail::thread_digest(person, &told, &app.link(""));
            store.enqueue_mail_in(&tx, &m).await?;
            sent += 1;
        }
        if let Some(last) = posts.iter().map(|p| p.id).max() {
            store
                .thread_digest_sent(&tx, person.id.0, last, now)
                .await?;
        }
        tx.commit().await?;
    }
    Ok(sent)
}
