//! Events: seminars, maker tours, 商談会 and the like, organised by a city (with other cities
//! as co-organisers) and tied to the menu entry they deliver. Here are the event's checked
//! load ([`load`]: a published event is anyone's to read; a draft is its organising cities'),
//! its writes by the organiser's staff ([`create`], [`update`], [`set_status`]), the lists
//! (a city's events, the public calendar) and the event as an iCalendar entry ([`ics`]).
//! [`registrations`] is a registration's workflow and its use cases; [`tick`] the work no
//! person starts: offers that lapse, places offered from the waiting list, reminders, the
//! survey after the event ([`survey`], with the support an attendance counts as).

pub mod meeting_outcomes;
pub mod meetings;
pub mod registrations;
pub mod survey;
pub mod tick;

use renkei_domain::access::{Action, Resource};
use renkei_domain::city::CityCode;
use renkei_domain::event::{EventInput, Status, registration};
use renkei_io::ics::{CalendarEvent, write_ics};
use renkei_store::{EventId, EventLinks, EventQuery, EventRecord, Result, StoreError};

use crate::App;
use crate::access::{Caller, Checked, Denied};

/// The event of `id`, once the policy allows the caller `action` on it: a published event is
/// anyone's to read (the public calendar); a draft, and every write, is the organising
/// cities' record (the organiser's staff who may write change it; co-organisers read it).
pub async fn load(
    app: &App,
    caller: &Caller,
    action: Action,
    id: EventId,
) -> std::result::Result<Checked<EventRecord>, Denied> {
    let e = match app.store().event(id).await {
        Ok(e) => e,
        Err(StoreError::NotFound) => return Err(Denied::NotFound),
        Err(e) => return Err(e.into()),
    };
    if action == Action::Read && e.status != Status::Draft {
        return Ok(Checked::new(e, action));
    }
    require_organiser(app, caller, action, &e).await?;
    Ok(Checked::new(e, action))
}

/// The event of `id` for its organisers' pages (its registrations, its check-in): the
/// organising cities' record whatever its status.
pub async fn load_as_organiser(
    app: &App,
    caller: &Caller,
    action: Action,
    id: EventId,
) -> std::result::Result<Checked<EventRecord>, Denied> {
    let e = match app.store().event(id).await {
        Ok(e) => e,
        Err(StoreError::NotFound) => return Err(Denied::NotFound),
        Err(e) => return Err(e.into()),
    };
    require_organiser(app, caller, action, &e).await?;
    Ok(Checked::new(e, action))
}

/// The organising cities' check: the organiser's record, shared with the co-organisers.
pub async fn require_organiser(
    app: &App,
    caller: &Caller,
    action: Action,
    e: &EventRecord,
) -> std::result::Result<(), Denied> {
    let resource = Resource::CityRecord {
        owner: &e.city,
        shared_with: &e.organisers[1..],
    };
    app.require(caller, action, resource).await
}

/// A new event of `city`, by its staff who may write (a draft until published).
pub async fn create(
    app: &App,
    caller: &Caller,
    city: &CityCode,
    input: &EventInput,
    links: &EventLinks,
) -> std::result::Result<EventRecord, Denied> {
    let resource = Resource::CityRecord {
        owner: city,
        shared_with: &[],
    };
    app.require(caller, Action::Write, resource).await?;
    Ok(app
        .store()
        .insert_event(city, input, links, &caller.actor)
        .await?)
}

/// Changes an event loaded for writing, from the version the person saw.
pub async fn update(
    app: &App,
    caller: &Caller,
    e: &Checked<EventRecord>,
    seen_version: i64,
    input: &EventInput,
    links: &EventLinks,
) -> Result<EventRecord> {
    if e.action() != Action::Write {
        return Err(StoreError::NotFound);
    }
    app.store()
        .update_event(e, seen_version, input, links, &caller.actor)
        .await
}

/// Publishes an event, takes it back to a draft or calls it off. Calling it off cancels every
/// registration that has not ended, each registrant told by mail that the event is off.
pub async fn set_status(
    app: &App,
    caller: &Caller,
    e: &Checked<EventRecord>,
    seen_version: i64,
    status: Status,
) -> Result<EventRecord> {
    if e.action() != Action::Write {
        return Err(StoreError::NotFound);
    }
    let after = app
        .store()
        .set_event_status(e, seen_version, status, &caller.actor)
        .await?;
    if status == Status::Cancelled {
        let checked = Checked::new(after.clone(), Action::Write);
        for r in app.store().event_registrations(after.id).await? {
            if r.state.is_end() || r.state == registration::State::NoShow {
                continue;
            }
            let m = registration::Move::Cancel;
            // One moved by someone else meanwhile has ended already: nothing more to do.
            match registrations::organise(app, caller, &checked, r.id, r.version, &m).await {
                Ok(_) | Err(StoreError::Conflict) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(after)
}

/// The events a city organises or co-organises, for its staff and coordinators.
pub async fn of_city(
    app: &App,
    caller: &Caller,
    city: &CityCode,
    q: EventQuery,
) -> std::result::Result<Vec<EventRecord>, Denied> {
    let resource = Resource::CityRecord {
        owner: city,
        shared_with: &[],
    };
    app.require(caller, Action::Read, resource).await?;
    Ok(app
        .store()
        .events(&EventQuery {
            organiser: Some(*city),
            ..q
        })
        .await?)
}

/// The public calendar: published events (of one city, or of every city), anyone's to read.
pub async fn calendar(app: &App, q: EventQuery) -> Result<Vec<EventRecord>> {
    app.store()
        .events(&EventQuery {
            published_only: true,
            ..q
        })
        .await
}

/// An event as an iCalendar entry (its page's address as the URL).
pub fn calendar_entry(app: &App, e: &EventRecord) -> CalendarEvent {
    let host = app
        .link("")
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let location = match (&e.venue, &e.online_url) {
        (v, Some(u)) if v.is_empty() => Some(u.clone()),
        (v, Some(u)) => Some(format!("{v} / {u}")),
        (v, None) => Some(v.clone()),
    };
    CalendarEvent {
        uid: format!("event-{}@{host}", e.id),
        summary: e.title.clone(),
        description: e.description.clone(),
        location,
        url: Some(app.link(&format!("/events/{}", e.id))),
        start: e.starts_at,
        end: e.ends_at,
        stamp: e.updated_at,
        sequence: u32::try_from(e.version).unwrap_or(0),
        cancelled: e.status == Status::Cancelled,
        organizer: None,
    }
}

/// Events as an iCalendar file (a feed, or one event attached to a mail).
pub fn ics(app: &App, name: &str, method: Option<&str>, events: &[EventRecord]) -> String {
    let entries: Vec<CalendarEvent> = events.iter().map(|e| calendar_entry(app, e)).collect();
    write_ics(name, method, &entries)
}

/// An event as the `.ics` file its registrant's mail carries (an invitation: `REQUEST`).
pub fn ics_attachment(app: &App, e: &EventRecord) -> renkei_store::MailAttachment {
    renkei_store::MailAttachment {
        name: format!("event-{}.ics", e.id),
        media_type: renkei_io::ics::media_type(Some("REQUEST")),
        body: ics(app, &e.title, Some("REQUEST"), std::slice::from_ref(e)),
    }
}
