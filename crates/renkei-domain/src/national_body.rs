//! A national body a consultation case can be bridged to (PMDA, AMED and others), as the
//! platform administrator configures it: its code and names, the consultation types it
//! offers, its usual first reply time in 開庁日 and the fields its application form asks
//! for. [`BodyDraft::validate`] checks the administrator's form, every problem naming its
//! field in both languages.

use crate::FieldError;
use crate::kernel::too_long;
use crate::text::clean;

/// The longest name, type name or field label.
pub const NAME_MAX: usize = 200;
/// The most open days a reply may be expected in.
pub const REPLY_DAYS_MAX: u32 = 60;

/// A body's form as typed: the types one per line as `code 名称` (or `code|名称`), the
/// fields one label per line; `active` a checkbox.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyDraft {
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    pub types: String,
    pub reply_days: String,
    pub fields: String,
    pub active: bool,
}

/// A body checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBody {
    pub code: String,
    pub name_ja: String,
    pub name_en: String,
    /// (code, Japanese name) of each consultation type, in order.
    pub types: Vec<(String, String)>,
    pub reply_days: u32,
    pub fields: Vec<String>,
    pub active: bool,
}

/// A code: 2 to 32 lowercase letters, digits and hyphens.
fn is_code(s: &str) -> bool {
    (2..=32).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The types' lines as (code, name), or none if a line is not `code name`.
fn parse_types(text: &str) -> Option<Vec<(String, String)>> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (code, name) = l.split_once(['|', ' ', '\u{3000}', '\t'])?;
            let (code, name) = (code.trim(), clean(name));
            (is_code(code) && !name.is_empty() && name.chars().count() <= NAME_MAX)
                .then(|| (code.to_owned(), name))
        })
        .collect()
}

impl BodyDraft {
    /// Every problem at once, each naming its field.
    pub fn validate(&self) -> Result<NewBody, Vec<FieldError>> {
        let mut errors = Vec::new();
        let code = crate::text::fold(self.code.trim()).to_lowercase();
        if !is_code(&code) {
            errors.push(FieldError::new(
                "code",
                "コードは半角英小文字・数字・ハイフンの2〜32文字で入力してください（例: pmda）。",
                "Enter the code as 2–32 lowercase letters, digits or hyphens (e.g. pmda).",
            ));
        }
        let name_ja = clean(&self.name_ja);
        if name_ja.is_empty() {
            errors.push(FieldError::new(
                "name_ja",
                "機関の名称（日本語）を入力してください。",
                "Enter the body's name in Japanese.",
            ));
        }
        too_long(&mut errors, "name_ja", &name_ja, NAME_MAX);
        let name_en = clean(&self.name_en);
        if name_en.is_empty() {
            errors.push(FieldError::new(
                "name_en",
                "機関の名称（英語）を入力してください。",
                "Enter the body's name in English.",
            ));
        }
        too_long(&mut errors, "name_en", &name_en, NAME_MAX);
        let types = parse_types(&self.types).unwrap_or_default();
        let mut codes: Vec<&str> = types.iter().map(|(c, _)| c.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        if types.is_empty() || parse_types(&self.types).is_none() || codes.len() != types.len() {
            errors.push(FieldError::new(
                "types",
                "相談の種類を1行に1つ「コード 名称」の形で入力してください（コードは重複不可。例: rs-general RS総合相談）。",
                "Enter one consultation type per line as \"code name\", each code once (e.g. rs-general RS general consultation).",
            ));
        }
        let reply_days = crate::text::fold(&self.reply_days)
            .trim()
            .parse::<u32>()
            .ok();
        let reply_days = reply_days.filter(|d| (1..=REPLY_DAYS_MAX).contains(d));
        if reply_days.is_none() {
            errors.push(FieldError::new(
                "reply_days",
                "回答までの開庁日数を1〜60の数字で入力してください。",
                "Enter the open days to a reply as a number from 1 to 60.",
            ));
        }
        let fields: Vec<String> = self
            .fields
            .lines()
            .map(clean)
            .filter(|l| !l.is_empty())
            .collect();
        let mut distinct = fields.clone();
        distinct.sort_unstable();
        distinct.dedup();
        // Consent is given field by field, by its label: two fields may not share one.
        if fields.is_empty()
            || distinct.len() != fields.len()
            || fields.iter().any(|f| f.chars().count() > NAME_MAX)
        {
            errors.push(FieldError::new(
                "fields",
                "申込書の項目を1行に1つ、200文字以内で、同じ項目を繰り返さずに入力してください。",
                "Enter the application form's fields, one per line, each once and at most 200 characters.",
            ));
        }
        match reply_days {
            Some(reply_days) if errors.is_empty() => Ok(NewBody {
                code,
                name_ja,
                name_en,
                types,
                reply_days,
                fields,
                active: self.active,
            }),
            _ => Err(errors),
        }
    }
}

/// The types as the form shows them again: one `code 名称` per line.
pub fn types_text(types: &[(String, String)]) -> String {
    types
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pmda() -> BodyDraft {
        BodyDraft {
            code: "pmda".into(),
            name_ja: "独立行政法人 医薬品医療機器総合機構".into(),
            name_en: "PMDA".into(),
            types: "rs-general RS総合相談\nrs-strategy-pre|RS戦略相談 事前面談\n".into(),
            reply_days: "3".into(),
            fields: "相談者（企業名・担当者）\n\n製品の名称と概要".into(),
            active: true,
        }
    }

    #[test]
    fn a_body_reads_its_types_and_fields_one_a_line() {
        let b = pmda().validate().unwrap();
        assert_eq!(
            b.types,
            vec![
                ("rs-general".to_owned(), "RS総合相談".to_owned()),
                (
                    "rs-strategy-pre".to_owned(),
                    "RS戦略相談 事前面談".to_owned()
                ),
            ]
        );
        assert_eq!(b.fields.len(), 2);
        assert_eq!(b.reply_days, 3);
        assert_eq!(parse_types(&types_text(&b.types)), Some(b.types));
    }

    #[test]
    fn every_problem_names_its_field() {
        let wrong = BodyDraft {
            code: "PMDA!".into(),
            types: "rs-general RS総合相談\nrs-general 重複".into(),
            reply_days: "0".into(),
            ..Default::default()
        };
        let fields: Vec<_> = wrong
            .validate()
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "code",
                "name_ja",
                "name_en",
                "types",
                "reply_days",
                "fields"
            ]
        );
        let no_name = BodyDraft {
            types: "相談".into(),
            ..pmda()
        };
        assert_eq!(no_name.validate().unwrap_err()[0].field, "types");
    }
}
