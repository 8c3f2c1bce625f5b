//! The sites a coordinator can introduce for trials and verification (紹介できる治験・実証先):
//! kept by the coordinator and their city's staff (whoever may write the profile), read by
//! whoever reads the directory, and offered to every city's search for clinical and
//! verification sites (`partnering::suggestions`) — the coordinator network's knowledge.
//! When a desk takes one up as a candidate, the coordinator is told, without the company's
//! name: it crosses cities only with the company's consent.

use renkei_domain::FieldError;
use renkei_domain::access::Action;
use renkei_domain::network::sites::SiteDraft;
use renkei_store::{Result, SiteId, SiteRecord, StoreError, Tx};

use super::Coordinator;
use crate::App;
use crate::access::{Caller, Checked};

/// The sites a coordinator (loaded for reading) can introduce.
pub async fn of(app: &App, c: &Checked<Coordinator>) -> Result<Vec<SiteRecord>> {
    app.store().coordinator_sites(c.account.user.id).await
}

/// Adds a site to a coordinator loaded for writing, for the city their profile is kept for;
/// or each field's problem.
pub async fn add(
    app: &App,
    caller: &Caller,
    c: &Checked<Coordinator>,
    draft: &SiteDraft,
) -> Result<std::result::Result<SiteRecord, Vec<FieldError>>> {
    debug_assert_eq!(c.action(), Action::Write);
    let Some(city) = c.city() else {
        return Ok(Err(vec![FieldError::new(
            "name",
            "この人はどの市のコーディネーターでもありません。",
            "This person coordinates for no city.",
        )]));
    };
    let site = match draft.validate() {
        Ok(s) => s,
        Err(errors) => return Ok(Err(errors)),
    };
    let saved = app
        .store()
        .add_coordinator_site((c.account.user.id, &city), &site, &caller.actor)
        .await?;
    Ok(Ok(saved))
}

/// Removes one of a coordinator's sites (the coordinator loaded for writing); another's
/// site, or one gone, is not found.
pub async fn remove(
    app: &App,
    caller: &Caller,
    c: &Checked<Coordinator>,
    id: SiteId,
) -> Result<()> {
    debug_assert_eq!(c.action(), Action::Write);
    match app.store().network_site(id).await? {
        Some(s) if s.user_id == c.account.user.id => {
            app.store().remove_coordinator_site(&s, &caller.actor).await
        }
        _ => Err(StoreError::NotFound),
    }
}

/// The sites of active coordinators whose name, kind or what they take on holds one of
/// `words`, each with the name of the coordinator who can introduce it.
pub async fn matching(app: &App, words: &str) -> Result<Vec<(SiteRecord, String)>> {
    let people = super::coordinators(app).await?;
    Ok(app
        .store()
        .network_sites()
        .await?
        .into_iter()
        .filter(|s| s.site().matches(words))
        .filter_map(|s| {
            let who = people.iter().find(|c| c.account.user.id == s.user_id)?;
            let name = who.account.user.display_name.clone();
            Some((s, name))
        })
        .collect())
}

/// Tells the coordinator who can introduce `site` that a city's desk took it up as a
/// candidate for request `request` (no company named), within the candidate's transaction.
pub async fn tell_taken(app: &App, tx: &Tx, site: &SiteRecord, request: i64) -> Result<()> {
    let Some((person, _)) = app.store().user(site.user_id).await? else {
        return Ok(());
    };
    let notice = renkei_store::Notice {
        ja: format!(
            "治験・実証先探し（依頼#{request}）の候補に、あなたが紹介できる「{}」が加わりました。会社の同意の後、依頼した市の担当者から連絡があります。",
            site.name
        ),
        en: format!(
            "A search for trial sites (request #{request}) took up \"{}\", a site you can introduce. The asking city's desk will contact you once the company consents.",
            site.name
        ),
        link: format!("/coordinators/{}", site.user_id),
    };
    app.notify(tx, &person, None, &notice).await
}
