//! After the event: the survey to those who attended, and the support the attendance counts
//! as.
//!
//! Once an event has ended, each registration checked in (`attended`, never a no-show nor
//! anyone else) is mailed the link to its registration's page, where the survey is — once,
//! whichever node's loop gets there first ([`mail_surveys`], run by `tick`). The attendee
//! answers once ([`answer`]): an answer with words becomes a company voice of the organising
//! city, tagged with the stage and topic the attendee chose, so the city's voices page shows
//! it. When a company's registration is checked in, the attendance is recorded as support
//! for the company's product — the one it registered for, or its only active product, when
//! the event delivers a measure of the model — in the check-in's transaction ([`record_support`]), so the
//! product's model view shows the measure used and the city that provided it.

use chrono::{DateTime, Duration, Utc};
use renkei_domain::FieldError;
use renkei_domain::event::jst;
use renkei_domain::event::registration::State;
use renkei_domain::event::survey::SurveyDraft;
use renkei_domain::product::{Provider, Support};
use renkei_store::{
    Actor, EventRecord, EventRegistrationRecord, Result, StoreError, SurveyRecord, Tx,
};

use super::registrations::REGISTRANT_PATH;
use crate::{App, mail};

/// How long after an event its survey still goes out (a check-in recorded late).
const SURVEY_WITHIN_DAYS: i64 = 30;

/// Mails the survey to each attendee of the events that ended, once. The count mailed.
pub async fn mail_surveys(app: &App, now: DateTime<Utc>) -> Result<usize> {
    let store = app.store();
    let within = Duration::days(SURVEY_WITHIN_DAYS);
    let mut sent = 0;
    for r in store.due_event_surveys(now, within).await? {
        let event = store.event(r.event_id).await?;
        let tx = store.begin().await?;
        if !store.claim_event_survey(&tx, &r, now).await? {
            continue;
        }
        let (token, _) = store.event_registration_tokens(r.id).await?;
        let link = app.link(&format!("{REGISTRANT_PATH}?token={token}#survey"));
        store
            .enqueue_mail_in(&tx, &mail::event_survey(&event, &r, &link))
            .await?;
        tx.commit().await?;
        sent += 1;
    }
    Ok(sent)
}

/// Whether the registrant may answer the survey: they attended.
pub fn may_answer(r: &EventRegistrationRecord) -> bool {
    r.state == State::Attended
}

/// Why an answer is refused (nothing is written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotAnswered {
    /// Only those who attended answer.
    NotAttended,
    /// It was answered already.
    Already,
    /// What the form got wrong, every problem.
    Fields(Vec<FieldError>),
}

/// The attendee answers the survey through their registration's link, once: an answer with
/// words becomes a company voice of the organising city, in the same transaction.
pub async fn answer(
    app: &App,
    r: &EventRegistrationRecord,
    draft: &SurveyDraft,
    actor: &Actor,
) -> Result<std::result::Result<SurveyRecord, NotAnswered>> {
    if !may_answer(r) {
        return Ok(Err(NotAnswered::NotAttended));
    }
    let answer = match draft.validate() {
        Ok(a) => a,
        Err(e) => return Ok(Err(NotAnswered::Fields(e))),
    };
    let store = app.store();
    if store
        .event_survey(r.id)
        .await?
        .is_some_and(|s| s.answered_at.is_some())
    {
        return Ok(Err(NotAnswered::Already));
    }
    let event = store.event(r.event_id).await?;
    let voice_of = answer.has_comment().then_some(&event.city);
    let actor = Actor {
        id: None,
        label: format!("registrant <{}>", r.email),
        ..actor.clone()
    };
    match store
        .answer_event_survey(r, &answer, voice_of, &actor)
        .await
    {
        Ok((survey, _)) => Ok(Ok(survey)),
        Err(StoreError::Conflict) => Ok(Err(NotAnswered::Already)),
        Err(e) => Err(e),
    }
}

/// A company's check-in counts as support for its product (the one it registered for, or
/// its only active product) when the event delivers a measure of the model: a support record (the
/// measure, the organising city as provider, the event's day, its title as the note) is
/// written in the check-in's transaction.
pub(crate) async fn record_support(
    app: &App,
    tx: &Tx,
    event: &EventRecord,
    r: &EventRegistrationRecord,
    actor: &Actor,
) -> Result<()> {
    let (Some(company), Some(measure)) = (
        r.company_id,
        event
            .measure_code
            .as_deref()
            .and_then(renkei_domain::catalog::measure),
    ) else {
        return Ok(());
    };
    let store = app.store();
    let products = store.company_products_in(tx, company).await?;
    let product = match r.product_id {
        // The product the company registered for, if it is still active.
        Some(p) => products.iter().find(|x| x.id == p),
        None => match products.as_slice() {
            [only] => Some(only),
            _ => None,
        },
    };
    let Some(product) = product else {
        return Ok(());
    };
    let provider = if product.home_city == event.city {
        Provider::Own
    } else {
        Provider::PartnerCity
    };
    let support = Support {
        measure,
        provider,
        provider_city: Some(event.city),
        date: Some(event.starts_at.with_timezone(&jst()).date_naive()),
        outcome: String::new(),
        notes: format!("{}（{}）", event.title, event.kind.name().ja),
    };
    let entry = event.menu_entry_id.map(|m| m.0);
    store
        .add_support_in(tx, product, &support, entry, actor)
        .await?;
    Ok(())
}
