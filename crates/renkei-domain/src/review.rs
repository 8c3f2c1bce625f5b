//! Company voices (企業の声) and idea verification (アイデア検証評価 / 事業化可能性評価).
//!
//! A voice is an issue a company raised, tagged with a stage and a topic, so that a city sees
//! its current issues per stage the way the report's tables show them. An idea review scores a
//! product against the city's own rubric — criteria with weights, on a scale the city sets —
//! by several reviewers; the product's result is the mean of their weighted scores.

use crate::FieldError;
use crate::catalog::Stage;
use crate::i18n::Text;
use crate::product::parse_stage;
use crate::text::{clean, fold};

/// What a company voice is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    Funding,
    People,
    Regulation,
    Sales,
    Information,
    Partners,
    Technology,
    Other,
}

impl Topic {
    pub const ALL: [Topic; 8] = [
        Topic::Funding,
        Topic::People,
        Topic::Regulation,
        Topic::Sales,
        Topic::Information,
        Topic::Partners,
        Topic::Technology,
        Topic::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Topic::Funding => "funding",
            Topic::People => "people",
            Topic::Regulation => "regulation",
            Topic::Sales => "sales",
            Topic::Information => "information",
            Topic::Partners => "partners",
            Topic::Technology => "technology",
            Topic::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            Topic::Funding => Text::new("資金", "Funding"),
            Topic::People => Text::new("人材", "People"),
            Topic::Regulation => Text::new("薬事・規制", "Regulation"),
            Topic::Sales => Text::new("販路", "Sales channels"),
            Topic::Information => Text::new("情報", "Information"),
            Topic::Partners => Text::new("連携先", "Partners"),
            Topic::Technology => Text::new("技術", "Technology"),
            Topic::Other => Text::new("その他", "Other"),
        }
    }
}

/// A voice as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VoiceDraft {
    pub stage: String,
    pub topic: String,
    pub text: String,
}

pub fn validate_voice(d: &VoiceDraft) -> Result<(Stage, Topic, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let stage = parse_stage(&d.stage);
    if stage.is_none() {
        errors.push(FieldError::new(
            "voice_stage",
            "段階を選んでください。",
            "Choose the stage.",
        ));
    }
    let topic = Topic::from_code(&fold(&d.topic));
    if topic.is_none() {
        errors.push(FieldError::new(
            "topic",
            "分類を選んでください。",
            "Choose the topic.",
        ));
    }
    let text = clean(&d.text);
    if text.is_empty() {
        errors.push(FieldError::new(
            "voice",
            "企業の声を入力してください。",
            "Enter what the company said.",
        ));
    } else if text.chars().count() > 2000 {
        errors.push(FieldError::new(
            "voice",
            "2000文字以内で入力してください。",
            "Use at most 2,000 characters.",
        ));
    }
    match (stage, topic, errors.is_empty()) {
        (Some(s), Some(t), true) => Ok((s, t, text)),
        _ => Err(errors),
    }
}

/// A criterion of a rubric.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Criterion {
    pub name: String,
    pub weight: u32,
}

/// A city's rubric: its criteria and the top of its scale (scores run 1 to `scale`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Rubric {
    pub criteria: Vec<Criterion>,
    pub scale: u32,
}

impl Rubric {
    /// The rubric a city starts from: the report's points of a business-feasibility review.
    pub fn default_for_cities() -> Rubric {
        let c = |name: &str, weight| Criterion {
            name: name.to_owned(),
            weight,
        };
        Rubric {
            criteria: vec![
                c("ニーズ・市場性", 3),
                c("技術的な実現可能性", 2),
                c("薬事・規制への対応", 2),
                c("競合製品との差別化", 2),
                c("事業体制・資金計画", 1),
            ],
            scale: 5,
        }
    }

    /// Reads a rubric as a city edits it: one criterion per line, `name` or `name, weight`
    /// (full-width digits and 、 accepted), and the scale's top.
    pub fn parse(lines: &str, scale: &str) -> Result<Rubric, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut criteria = Vec::new();
        for line in lines.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let folded = fold(line).replace('、', ",");
            let (name, weight) = match folded.rsplit_once(',') {
                Some((n, w)) if w.trim().parse::<u32>().is_ok() => {
                    (n.trim().to_owned(), w.trim().parse::<u32>().unwrap_or(1))
                }
                _ => (folded.trim().to_owned(), 1),
            };
            if name.is_empty() || name.chars().count() > 100 || !(1..=10).contains(&weight) {
                errors.push(FieldError::new(
                    "criteria",
                    "各行に「評価項目名, 重み（1〜10）」の形で書いてください（項目名は100文字以内）。",
                    "Write one criterion per line as \"name, weight (1–10)\".",
                ));
                break;
            }
            criteria.push(Criterion { name, weight });
        }
        if criteria.is_empty() && errors.is_empty() {
            errors.push(FieldError::new(
                "criteria",
                "評価項目を1つ以上入力してください。",
                "Enter at least one criterion.",
            ));
        }
        if criteria.len() > 20 {
            errors.push(FieldError::new(
                "criteria",
                "評価項目は20個までです。",
                "At most 20 criteria.",
            ));
        }
        let scale = match fold(scale).parse::<u32>() {
            Ok(s) if (2..=10).contains(&s) => s,
            _ => {
                errors.push(FieldError::new(
                    "scale",
                    "評点の段階は2〜10で指定してください。",
                    "The scale runs from 2 to 10.",
                ));
                0
            }
        };
        if errors.is_empty() {
            Ok(Rubric { criteria, scale })
        } else {
            Err(errors)
        }
    }

    /// As the edit form shows it.
    pub fn to_lines(&self) -> String {
        self.criteria
            .iter()
            .map(|c| format!("{}, {}", c.name, c.weight))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Checks one reviewer's scores (one per criterion, 1 to the scale) and gives the
    /// weighted score out of 100.
    pub fn score(&self, scores: &[String]) -> Result<(Vec<u32>, f64), Vec<FieldError>> {
        let mut values = Vec::new();
        let mut errors = Vec::new();
        for i in 0..self.criteria.len() {
            match scores
                .get(i)
                .map(|s| fold(s))
                .and_then(|s| s.parse::<u32>().ok())
            {
                Some(v) if (1..=self.scale).contains(&v) => values.push(v),
                _ => {
                    errors.push(FieldError::new(
                        "scores",
                        "すべての評価項目に評点を付けてください。",
                        "Score every criterion.",
                    ));
                    break;
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let weights: u32 = self.criteria.iter().map(|c| c.weight).sum();
        let got: u32 = self
            .criteria
            .iter()
            .zip(&values)
            .map(|(c, v)| c.weight * v)
            .sum();
        let total = f64::from(got) / f64::from(weights * self.scale) * 100.0;
        Ok((values, (total * 10.0).round() / 10.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_city_writes_its_rubric_as_lines() {
        let r = Rubric::parse("市場性、３\n技術\n\n体制, 2", "５").unwrap();
        assert_eq!(r.scale, 5);
        assert_eq!(
            r.criteria,
            [
                Criterion {
                    name: "市場性".into(),
                    weight: 3
                },
                Criterion {
                    name: "技術".into(),
                    weight: 1
                },
                Criterion {
                    name: "体制".into(),
                    weight: 2
                },
            ]
        );
        assert_eq!(Rubric::parse(&r.to_lines(), "5").unwrap(), r);
        assert!(Rubric::parse("", "5").is_err());
        assert!(Rubric::parse("x, 11", "5").is_err());
        assert!(Rubric::parse("x", "1").is_err());
    }

    #[test]
    fn scores_are_weighted_out_of_a_hundred() {
        let r = Rubric::parse("市場性, 3\n技術, 1", "5").unwrap();
        let (values, total) = r.score(&["5".into(), "１".into()]).unwrap();
        assert_eq!(values, [5, 1]);
        assert_eq!(total, 80.0, "(3×5 + 1×1) / (4×5)");
        assert!(
            r.score(&["6".into(), "1".into()]).is_err(),
            "above the scale"
        );
        assert!(r.score(&["5".into()]).is_err(), "a criterion left out");
    }

    #[test]
    fn voices_need_a_stage_a_topic_and_words() {
        let ok = validate_voice(&VoiceDraft {
            stage: "⑦".into(),
            topic: "sales".into(),
            text: "販路開拓先の情報が少ない".into(),
        })
        .unwrap();
        assert_eq!((ok.0, ok.1), (Stage::Sales, Topic::Sales));
        assert_eq!(validate_voice(&VoiceDraft::default()).unwrap_err().len(), 3);
    }
}
