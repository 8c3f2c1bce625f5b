//! Asking a 商談会 meeting's outcome, work no person starts (run by the events' tick): once
//! the meeting's slot has ended, each party's people are mailed a link to their agenda,
//! where they record it; the set number of months later (the set-up's follow-up), again.
//! Each asking is claimed once, whichever node gets there; a party without an account (a
//! hospital the organiser entered) is asked by the organiser.

use std::collections::HashMap;

use chrono::{DateTime, Months, Utc};
use renkei_domain::event::Status;
use renkei_store::{
    EventId, EventRecord, MeetingRecord, MeetingSetupRecord, OutgoingMail, ParticipantRecord,
    Result, Tx,
};

use crate::App;

/// The mail asking a party the outcome of their meeting with `with`.
fn ask_mail(
    e: &EventRecord,
    to: &str,
    with: &ParticipantRecord,
    later: bool,
    link: &str,
) -> OutgoingMail {
    let (ja, en) = if later {
        (
            "商談会から時間が経ちました。その後の状況（連絡なし・協議中・試用・商談成立）をお聞かせください。",
            "Some months have passed since the business meeting: please tell us where it stands (no contact, in discussion, trial, deal).",
        )
    } else {
        (
            "商談おつかれさまでした。商談の結果をお聞かせください。",
            "Thank you for your meeting: please tell us its outcome.",
        )
    };
    OutgoingMail {
        kind: "meeting-outcome",
        to: to.to_owned(),
        subject: format!(
            "【Renkei】商談の結果をお聞かせください: {} / Meeting outcome",
            e.title
        ),
        body: format!(
            "「{title}」での {with} との商談について\n\n{ja}\n\n記録はこちら:\n{link}\n\n----\n\
             {title}: your meeting with {with}\n\n{en}\n\nRecord it here: the link above.\n",
            title = e.title,
            with = with.name,
        ),
    }
}

/// Mails each party of one meeting that has people with accounts.
async fn tell_parties(
    app: &App,
    tx: &Tx,
    e: &EventRecord,
    pair: (&ParticipantRecord, &ParticipantRecord),
    later: bool,
) -> Result<usize> {
    let link = app.link(&format!("/events/{}/meetings/agenda", e.id));
    let mut sent = 0;
    for (me, with) in [(pair.0, pair.1), (pair.1, pair.0)] {
        let Some(company) = me.company_id else {
            continue;
        };
        for user in app.store().company_users(tx, company).await? {
            let mail = ask_mail(e, user.email.as_ref(), with, later, &link);
            app.store().enqueue_mail_in(tx, &mail).await?;
            sent += 1;
        }
    }
    Ok(sent)
}

/// When a meeting ends.
fn ends(setup: &MeetingSetupRecord, m: &MeetingRecord) -> DateTime<Utc> {
    setup.setup().slot_end(m.slot)
}

/// Asks the outcomes due as of `now`: the mails written.
pub async fn ask(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let store = app.store();
    let mut events: HashMap<EventId, Option<(EventRecord, MeetingSetupRecord)>> = HashMap::new();
    let mut sent = 0;
    for (event, m, asked) in store.meetings_to_follow_up().await? {
        if let std::collections::hash_map::Entry::Vacant(slot) = events.entry(event) {
            let e = store.event(event).await?;
            let setup = store.meeting_setup(event).await?;
            let live = (e.status != Status::Cancelled).then_some(e);
            slot.insert(live.zip(setup));
        }
        let Some(Some((e, setup))) = events.get(&event) else {
            continue;
        };
        let end = ends(setup, &m);
        let months = Months::new(u32::try_from(setup.follow_up_months).unwrap_or(6));
        let later = match asked {
            false if end <= now => false,
            true if end.checked_add_months(months).is_some_and(|t| t <= now) => true,
            _ => continue,
        };
        let r = store.meeting_request(m.request_id).await?;
        let buyer = store.meeting_participant(r.buyer_id).await?;
        let seller = store.meeting_participant(r.seller_id).await?;
        let tx = store.begin().await?;
        if !store.claim_outcome_ask(&tx, r.id, later, now).await? {
            continue;
        }
        sent += tell_parties(app, &tx, e, (&buyer, &seller), later).await?;
        tx.commit().await?;
    }
    Ok(sent)
}
