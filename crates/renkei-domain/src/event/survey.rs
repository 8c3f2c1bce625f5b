//! The short survey after an event, sent to those who attended (never to no-shows): how
//! satisfied they were (1–5), what was useful (words, optional), the stage their company is
//! at now (①–⑧) and the topic of what they said (the company voices' topics). An answer with
//! words becomes a company voice of the organising city, tagged with that stage and topic.

use crate::FieldError;
use crate::catalog::Stage;
use crate::product::parse_stage;
use crate::review::Topic;
use crate::text::{clean, fold};

/// The survey as the form gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SurveyDraft {
    pub satisfaction: String,
    pub useful: String,
    pub stage: String,
    pub topic: String,
}

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyAnswer {
    /// 1 (dissatisfied) to 5 (satisfied).
    pub satisfaction: u8,
    /// What was useful, in the attendee's words (may be empty).
    pub useful: String,
    pub stage: Stage,
    pub topic: Topic,
}

impl SurveyAnswer {
    /// Whether the answer says something in words (and so becomes a company voice).
    pub fn has_comment(&self) -> bool {
        !self.useful.is_empty()
    }
}

/// The highest satisfaction.
pub const SATISFACTION_MAX: u8 = 5;

impl SurveyDraft {
    /// The answer, or every problem with it.
    pub fn validate(&self) -> Result<SurveyAnswer, Vec<FieldError>> {
        let mut errors = Vec::new();
        let satisfaction = fold(&self.satisfaction)
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=SATISFACTION_MAX).contains(n));
        if satisfaction.is_none() {
            errors.push(FieldError::new(
                "satisfaction",
                "満足度を1〜5から選んでください。",
                "Choose a satisfaction from 1 to 5.",
            ));
        }
        let useful = clean(&self.useful);
        if useful.chars().count() > 2000 {
            errors.push(FieldError::new(
                "useful",
                "2000文字以内で入力してください。",
                "Use at most 2,000 characters.",
            ));
        }
        let stage = parse_stage(&self.stage);
        if stage.is_none() {
            errors.push(FieldError::new(
                "survey_stage",
                "現在の段階を選んでください。",
                "Choose your company's current stage.",
            ));
        }
        let topic = Topic::from_code(&fold(&self.topic));
        if topic.is_none() {
            errors.push(FieldError::new(
                "survey_topic",
                "分類を選んでください。",
                "Choose the topic.",
            ));
        }
        match (satisfaction, stage, topic, errors.is_empty()) {
            (Some(satisfaction), Some(stage), Some(topic), true) => Ok(SurveyAnswer {
                satisfaction,
                useful,
                stage,
                topic,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_survey_needs_a_satisfaction_a_stage_and_a_topic_and_words_are_optional() {
        let ok = SurveyDraft {
            satisfaction: "４".into(),
            useful: "  薬事の相談先が分かった ".into(),
            stage: "3".into(),
            topic: "regulation".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.satisfaction, 4);
        assert_eq!(ok.useful, "薬事の相談先が分かった");
        assert!(ok.has_comment());
        let quiet = SurveyDraft {
            satisfaction: "5".into(),
            stage: "1".into(),
            topic: "other".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert!(!quiet.has_comment());
        let errors = SurveyDraft::default().validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["satisfaction", "survey_stage", "survey_topic"]);
        let six = SurveyDraft {
            satisfaction: "6".into(),
            stage: "1".into(),
            topic: "other".into(),
            ..Default::default()
        };
        assert_eq!(six.validate().unwrap_err()[0].field, "satisfaction");
    }
}
