//! The survey after the event on the registrant's page (`/events/registration?token=…`,
//! mailed to each attendee once the event has ended): satisfaction, what was useful, the
//! company's stage now and the topic; shown once the registrant attended, answered once,
//! posted with the link's token (`move=survey`). The use case is
//! `renkei_app::events::survey`.

use std::collections::HashMap;

use renkei_app::events::survey::{self, NotAnswered};
use renkei_domain::catalog::Stage;
use renkei_domain::event::survey::{SATISFACTION_MAX, SurveyDraft};
use renkei_domain::review::Topic;
use renkei_domain::{FieldError, Lang};
use renkei_store::{Actor, EventRegistrationRecord};

use crate::AppState;
use crate::error::AppError;
use crate::shared::forms::{Choice, coded_choices};
use crate::shared::layout::tr;

/// The survey's part of the registrant's page.
pub struct SurveyView {
    /// Answered already: a thank-you instead of the form.
    pub answered: bool,
    pub satisfaction: Vec<Choice>,
    pub useful: String,
    pub stages: Vec<Choice>,
    pub topics: Vec<Choice>,
}

/// The survey as the form posted it.
pub(super) fn draft_of(form: &HashMap<String, String>) -> SurveyDraft {
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    SurveyDraft {
        satisfaction: field("satisfaction"),
        useful: field("useful"),
        stage: field("survey_stage"),
        topic: field("survey_topic"),
    }
}

/// The survey's part for a registration: none unless it attended.
pub(super) async fn view(
    state: &AppState,
    lang: Lang,
    r: &EventRegistrationRecord,
    posted: Option<&SurveyDraft>,
) -> Result<Option<SurveyView>, AppError> {
    if !survey::may_answer(r) {
        return Ok(None);
    }
    let answered = state
        .store
        .event_survey(r.id)
        .await?
        .is_some_and(|s| s.answered_at.is_some());
    let d = posted.cloned().unwrap_or_default();
    let satisfaction = (1..=SATISFACTION_MAX)
        .rev()
        .map(|n| Choice {
            value: n.to_string(),
            label: match n {
                5 => format!("5 {}", tr(lang, "満足", "satisfied")),
                1 => format!("1 {}", tr(lang, "不満", "dissatisfied")),
                n => n.to_string(),
            },
            selected: d.satisfaction == n.to_string(),
        })
        .collect();
    let stages = Stage::ALL
        .iter()
        .map(|s| Choice {
            value: s.number().to_string(),
            label: format!("{} {}", s.mark(), s.name().get(lang)),
            selected: d.stage == s.number().to_string(),
        })
        .collect();
    Ok(Some(SurveyView {
        answered,
        satisfaction,
        useful: d.useful.clone(),
        stages,
        topics: coded_choices(&Topic::ALL, Topic::code, Topic::name, lang, &d.topic),
    }))
}

/// Answers the survey: the errors to show again (422) when something is wrong.
pub(super) async fn answer(
    state: &AppState,
    r: &EventRegistrationRecord,
    draft: &SurveyDraft,
    actor: &Actor,
) -> Result<Result<(), Vec<FieldError>>, AppError> {
    match survey::answer(&state.app, r, draft, actor).await? {
        Ok(_) => Ok(Ok(())),
        Err(NotAnswered::Fields(errors)) => Ok(Err(errors)),
        Err(NotAnswered::Already) => Ok(Err(vec![FieldError::new(
            "satisfaction",
            "アンケートにはすでにご回答いただいています。",
            "You have answered the survey already.",
        )])),
        Err(NotAnswered::NotAttended) => Err(AppError::step_refused::<
            renkei_domain::event::registration::EventRegistration,
        >(renkei_domain::workflow::Refusal::NotNow)),
    }
}
