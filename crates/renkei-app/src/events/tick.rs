//! The events' work no person starts, run by every node's reminder loop (several nodes at
//! once do each piece once): offers not confirmed in time lapse and their place goes to the
//! next person waiting; places that are free while people wait are offered; the reminder
//! before the event goes to each confirmed registrant, once; after the event, the survey to
//! each attendee, once (`super::survey`); and a 商談会 meeting's outcome is asked after it and
//! months later (`meeting_outcomes`).

use chrono::{DateTime, Duration, Utc};
use renkei_domain::event::registration::{Move, Party};
use renkei_store::{Actor, Result, StoreError};

use super::registrations::{MoveInput, REGISTRANT_PATH, RegistrationFlow, promote};
use crate::workflow::make_move_in;
use crate::{App, mail};

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ticked {
    pub lapsed: usize,
    pub offered: usize,
    pub reminded: usize,
    pub surveyed: usize,
}

/// Runs the events' timed work as of `now`.
pub async fn tick(app: &App, now: DateTime<Utc>) -> Result<Ticked> {
    let lapsed = lapse(app, now).await?;
    let offered = offer_free_places(app, now).await?;
    let reminded = remind(app, now).await?;
    let surveyed = super::survey::mail_surveys(app, now).await?;
    super::meeting_outcomes::ask(app, now).await?;
    Ok(Ticked {
        lapsed,
        offered,
        reminded,
        surveyed,
    })
}

/// Lapses the offers past their time (the next person is offered the place below).
async fn lapse(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let store = app.store();
    let flow = RegistrationFlow::new(app);
    let actor = Actor::system("event-waiting-list");
    let mut lapsed = 0;
    for r in store.lapsed_offers(now).await? {
        let tx = store.begin().await?;
        let party = Party::System;
        let input = (party, MoveInput::default());
        match make_move_in(
            app,
            &flow,
            &tx,
            r.id,
            r.version,
            party,
            &Move::Lapse,
            &input,
            &actor,
        )
        .await
        {
            Ok(Ok(_)) => {
                tx.commit().await?;
                lapsed += 1;
            }
            // Another node lapsed it first, or the registrant confirmed in time.
            Ok(Err(_)) | Err(StoreError::Conflict) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(lapsed)
}

/// Offers every free place to the people waiting, in every quota where someone waits.
async fn offer_free_places(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let store = app.store();
    let mut offered = 0;
    let mut events = std::collections::HashMap::new();
    for q in store.quotas_with_waiting().await? {
        let Some(r) = store.waiting_in_quota(q).await? else {
            continue;
        };
        let event = match events.get(&r.event_id) {
            Some(e) => e,
            None => {
                let e = store.event(r.event_id).await?;
                events.entry(r.event_id).or_insert(e)
            }
        };
        // Only where a place is free (read first: most minutes, none is, and nothing is locked).
        if event.quota(q).is_some_and(|quota| quota.free() > 0) {
            offered += promote(app, event, q, now).await?;
        }
    }
    Ok(offered)
}

/// The reminder before each event, to each confirmed registrant, once.
async fn remind(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let store = app.store();
    let mut sent = 0;
    // The earliest reminder an event may ask for is 720 hours before it.
    for r in store.due_event_reminders(now, Duration::hours(720)).await? {
        let event = store.event(r.event_id).await?;
        if event.starts_at - Duration::hours(event.reminder_hours.into()) > now {
            continue;
        }
        let tx = store.begin().await?;
        if !store.claim_event_reminder(&tx, &r, now).await? {
            continue;
        }
        let (token, _) = store.event_registration_tokens(r.id).await?;
        let link = app.link(&format!("{REGISTRANT_PATH}?token={token}"));
        let attachment = super::ics_attachment(app, &event);
        store
            .enqueue_mail_with(&tx, &mail::event_reminder(&event, &r, &link), &attachment)
            .await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}
