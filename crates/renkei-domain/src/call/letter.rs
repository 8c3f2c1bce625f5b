//! Decision letters (決定通知書) of calls: what each city sets for its letters
//! ([`LetterSettings`]: the issuer as printed, the mark of its 文書番号, the 補助条件 a granted
//! subsidy is given on, and the 教示), with the defaults a city starts from; the letter's
//! title by the call's kind and the verdict ([`title`]); its 文書番号 ([`document_number`]);
//! and whether it carries the 教示 ([`carries_appeal`]).
//!
//! The 教示: a decision on a subsidy under a city's 補助金交付規則 (交付決定, 不交付決定) is an
//! administrative disposition (処分); 行政不服審査法 第82条 and 行政事件訴訟法 第46条 ask that
//! the person be told in writing whether, to whom and within when they may contest it, and
//! municipalities print the 【教示】 on both notices. A 表彰 or a 認定 under a 要綱 neither gives
//! nor takes a right: it is not treated as a 処分, and municipalities do not print a 教示 on
//! its notice (nor on the 審査結果通知書 of one not chosen). Renkei does as they do: the 教示
//! on subsidy decisions only.

use serde::Serialize;

use super::Kind;
use super::application::Verdict;
use crate::FieldError;
use crate::i18n::Text;
use crate::text::clean;

/// The longest issuer or mark kept.
pub const LINE_MAX: usize = 100;
/// The longest 補助条件 or 教示 kept.
pub const TEXT_MAX: usize = 4_000;
/// The most 補助条件 a letter lists.
pub const CONDITIONS_MAX: usize = 30;

/// A city's settings for its decision letters, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LetterSettings {
    /// The issuer's title and name as printed (`千葉市長　神谷　俊一`).
    pub issuer: String,
    /// The 文書番号's mark (`千経産第`): the number is the mark, the city's sequence of the
    /// fiscal year and `号`.
    pub number_mark: String,
    /// The 補助条件 of a granted subsidy, one a line.
    pub conditions: String,
    /// The 教示, as printed under 【教示】.
    pub appeal: String,
}

/// The 補助条件 a city starts from, one a line.
const DEFAULT_CONDITIONS: &str = "\
補助事業の内容又は経費の配分を変更しようとするときは、あらかじめ市長の承認を受けること。
補助事業を中止し、又は廃止しようとするときは、あらかじめ市長の承認を受けること。
補助事業が予定の期間内に完了しない場合又は補助事業の遂行が困難となった場合は、速やかに市長に報告し、その指示を受けること。
補助事業が完了したときは、完了の日から起算して30日以内に実績報告書を提出すること。
補助事業に係る収入及び支出を明らかにした帳簿及び証拠書類を整備し、補助事業の完了の日の属する年度の終了後5年間保存すること。
偽りその他不正の手段により補助金の交付を受けたとき、又は補助条件に違反したときは、交付決定の全部又は一部を取り消し、既に交付した補助金の返還を命ずることがある。";

/// The 教示 a city starts from: the standard notice of 行政不服審査法 (審査請求 to the mayor
/// within three months) and 行政事件訴訟法 (取消訴訟 against the city, which the mayor
/// represents, within six months), `{city}` the city's name. A default: each city checks it
/// against its own rules (例規) before its letters go out.
const DEFAULT_APPEAL: &str = "\
1　この決定に不服がある場合は、この決定があったことを知った日の翌日から起算して3か月以内に、{city}長に対して審査請求をすることができます。
2　この決定の取消しを求める訴えは、この決定があったことを知った日の翌日から起算して6か月以内に、{city}を被告として（訴訟において{city}を代表する者は{city}長となります。）提起することができます。なお、上記1の審査請求をした場合には、この決定の取消しを求める訴えは、その審査請求に対する裁決があったことを知った日の翌日から起算して6か月以内に提起することができます。
3　ただし、上記の期間が経過する前に、この決定（審査請求をした場合には、その審査請求に対する裁決）があった日の翌日から起算して1年を経過した場合は、審査請求をすることや決定の取消しを求める訴えを提起することができなくなります。なお、正当な理由があるときは、上記の期間やこの決定（裁決）があった日の翌日から起算して1年を経過した後であっても審査請求をすることや決定の取消しを求める訴えを提起することが認められる場合があります。";

impl LetterSettings {
    /// What a city starts from before it sets its own: its mayor (`千葉市長`, no name), no
    /// mark, the usual 補助条件 and the standard 教示 naming the city — defaults the city's
    /// staff are asked to check.
    pub fn defaults(city_name: &str) -> Self {
        LetterSettings {
            issuer: format!("{city_name}長"),
            number_mark: String::new(),
            conditions: DEFAULT_CONDITIONS.to_owned(),
            appeal: DEFAULT_APPEAL.replace("{city}", city_name),
        }
    }

    /// The 補助条件, one a line, without empty lines or the numbers people type before
    /// them (the letter numbers them).
    pub fn condition_lines(&self) -> Vec<String> {
        lines(&self.conditions).map(unnumbered).collect()
    }

    /// The 教示's paragraphs, one a line (empty lines left out).
    pub fn appeal_paragraphs(&self) -> Vec<String> {
        lines(&self.appeal).map(str::to_owned).collect()
    }
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// A line without the number typed before it: `1　`, `(2) `, `（3）`, `4.`, `５、`.
fn unnumbered(line: &str) -> String {
    let rest = line.trim_start_matches(['(', '（']);
    let digits = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .count();
    if digits == 0 {
        return line.to_owned();
    }
    let after: String = rest.chars().skip(digits).collect();
    let Some(first) = after.chars().next() else {
        return line.to_owned();
    };
    if !matches!(first, ')' | '）' | '.' | '．' | '、' | ' ' | '　') {
        return line.to_owned();
    }
    let stripped = after[first.len_utf8()..].trim_start_matches([' ', '　']);
    if stripped.is_empty() {
        line.to_owned()
    } else {
        stripped.to_owned()
    }
}

/// A city's settings as the form gives them, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterSettingsDraft {
    pub issuer: String,
    pub number_mark: String,
    pub conditions: String,
    pub appeal: String,
}

impl From<&LetterSettings> for LetterSettingsDraft {
    fn from(s: &LetterSettings) -> Self {
        LetterSettingsDraft {
            issuer: s.issuer.clone(),
            number_mark: s.number_mark.clone(),
            conditions: s.conditions.clone(),
            appeal: s.appeal.clone(),
        }
    }
}

/// A field's problem, when `bad`.
fn check(
    e: &mut Vec<FieldError>,
    bad: bool,
    field: &'static str,
    (ja, en): (&'static str, &'static str),
) {
    if bad {
        e.push(FieldError::new(field, ja, en));
    }
}

impl LetterSettingsDraft {
    /// The settings, or every field that is wrong, each named.
    pub fn validate(&self) -> Result<LetterSettings, Vec<FieldError>> {
        let mut e = Vec::new();
        let issuer = clean(&self.issuer);
        check(
            &mut e,
            issuer.is_empty(),
            "issuer",
            (
                "発行者（市長の職名と氏名）を入力してください。",
                "Enter the issuer (the mayor's title and name).",
            ),
        );
        check(
            &mut e,
            issuer.chars().count() > LINE_MAX || issuer.contains('\n'),
            "issuer",
            (
                "発行者（市長の職名と氏名）は1行・100文字以内で入力してください。",
                "Write the issuer on one line, in at most 100 characters.",
            ),
        );
        let number_mark = clean(&self.number_mark);
        check(
            &mut e,
            number_mark.chars().count() > LINE_MAX || number_mark.contains('\n'),
            "number_mark",
            (
                "文書番号の記号は1行・100文字以内で入力してください（例: 千経産第）。",
                "Write the document number's mark on one line, in at most 100 characters.",
            ),
        );
        check(
            &mut e,
            number_mark.ends_with(|c: char| c.is_ascii_digit() || c == '号'),
            "number_mark",
            (
                "文書番号の記号には番号と「号」を含めないでください（例: 千経産第）。番号は自動で付きます。",
                "Leave the number and 号 out of the document number's mark; they are added.",
            ),
        );
        let conditions = clean(&self.conditions);
        check(
            &mut e,
            conditions.chars().count() > TEXT_MAX,
            "conditions",
            (
                "補助条件は4000文字以内で入力してください。",
                "Write the conditions of a grant in at most 4,000 characters.",
            ),
        );
        check(
            &mut e,
            lines(&conditions).count() > CONDITIONS_MAX,
            "conditions",
            (
                "補助条件は30項目（30行）以内にしてください。",
                "List at most 30 conditions of a grant (one a line).",
            ),
        );
        let appeal = clean(&self.appeal);
        check(
            &mut e,
            appeal.is_empty(),
            "appeal",
            (
                "教示の文を入力してください（補助金の決定通知書に記載します）。",
                "Enter the notice of the right to appeal (printed on subsidy decisions).",
            ),
        );
        check(
            &mut e,
            appeal.chars().count() > TEXT_MAX,
            "appeal",
            (
                "教示の文は4000文字以内で入力してください。",
                "Write the notice of the right to appeal in at most 4,000 characters.",
            ),
        );
        if e.is_empty() {
            Ok(LetterSettings {
                issuer,
                number_mark,
                conditions,
                appeal,
            })
        } else {
            Err(e)
        }
    }
}

/// A 文書番号: the mark, the sequence and `号` (`千経産第12号`); `第12号` without a mark.
pub fn document_number(mark: &str, seq: i64) -> String {
    if mark.is_empty() {
        format!("第{seq}号")
    } else {
        format!("{mark}{seq}号")
    }
}

/// The letter's title by the call's kind and the verdict.
pub fn title(kind: Kind, verdict: Verdict) -> Text {
    match (kind, verdict) {
        (Kind::Subsidy, Verdict::Award) => {
            Text::new("補助金交付決定通知書", "Notice of a subsidy grant")
        }
        (Kind::Subsidy, Verdict::Decline) => Text::new(
            "補助金不交付決定通知書",
            "Notice of a decision not to grant a subsidy",
        ),
        (Kind::Award, Verdict::Award) => Text::new("表彰決定通知書", "Notice of an award"),
        (Kind::Certification, Verdict::Award) => {
            Text::new("認定通知書", "Notice of a certification")
        }
        (Kind::WideAreaAward, Verdict::Award) => {
            Text::new("広域表彰決定通知書", "Notice of a wide-area award")
        }
        (_, Verdict::Decline) => Text::new(
            "審査結果通知書（不採択）",
            "Notice of the review's result (not chosen)",
        ),
    }
}

/// Whether the letter carries the 教示 (see the module's doc): subsidy decisions only.
pub fn carries_appeal(kind: Kind) -> bool {
    kind.grants_money()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> LetterSettingsDraft {
        LetterSettingsDraft::from(&LetterSettings::defaults("千葉市"))
    }

    #[test]
    fn the_defaults_name_the_city_and_pass_their_own_checks() {
        let d = LetterSettings::defaults("千葉市");
        assert_eq!(d.issuer, "千葉市長");
        assert!(d.appeal.contains("千葉市長に対して審査請求"));
        assert!(d.appeal.contains("千葉市を被告として"));
        assert!(d.appeal.contains("3か月以内") && d.appeal.contains("6か月以内"));
        assert_eq!(draft().validate(), Ok(d.clone()));
        assert_eq!(d.condition_lines().len(), 6);
        assert_eq!(d.appeal_paragraphs().len(), 3);
    }

    #[test]
    fn every_wrong_field_is_named() {
        let mut d = draft();
        d.issuer = " ".into();
        d.number_mark = "千経産第12号".into();
        d.conditions = "条件\n".repeat(31);
        d.appeal = String::new();
        let e = d.validate().unwrap_err();
        let fields: Vec<&str> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["issuer", "number_mark", "conditions", "appeal"]);
        assert!(e[0].message.ja.contains("発行者") && e[0].message.en.contains("issuer"));
        assert!(e[1].message.ja.contains("文書番号の記号"));
        assert!(e[2].message.ja.contains("補助条件"));
        assert!(e[3].message.ja.contains("教示"));
    }

    #[test]
    fn conditions_lose_the_numbers_typed_before_them() {
        let s = LetterSettings {
            conditions:
                "1　報告すること。\n\n（2）保存すること。\n３．返還すること。\n2026年度に限る。"
                    .into(),
            ..LetterSettings::defaults("千葉市")
        };
        assert_eq!(
            s.condition_lines(),
            [
                "報告すること。",
                "保存すること。",
                "返還すること。",
                "2026年度に限る。"
            ]
        );
    }

    #[test]
    fn a_document_number_is_the_mark_the_sequence_and_go() {
        assert_eq!(document_number("千経産第", 12), "千経産第12号");
        assert_eq!(document_number("", 3), "第3号");
    }

    #[test]
    fn titles_by_kind_and_verdict_and_the_appeal_on_subsidies_only() {
        assert_eq!(
            title(Kind::Subsidy, Verdict::Award).ja,
            "補助金交付決定通知書"
        );
        assert_eq!(
            title(Kind::Subsidy, Verdict::Decline).ja,
            "補助金不交付決定通知書"
        );
        assert_eq!(title(Kind::Award, Verdict::Award).ja, "表彰決定通知書");
        assert_eq!(title(Kind::Certification, Verdict::Award).ja, "認定通知書");
        assert_eq!(
            title(Kind::WideAreaAward, Verdict::Award).ja,
            "広域表彰決定通知書"
        );
        for k in [Kind::Award, Kind::Certification, Kind::WideAreaAward] {
            assert_eq!(title(k, Verdict::Decline).ja, "審査結果通知書（不採択）");
            assert!(!carries_appeal(k));
        }
        assert!(carries_appeal(Kind::Subsidy));
    }
}
