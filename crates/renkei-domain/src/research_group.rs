//! Research groups (研究会): groups a city runs, alone or with other designated cities, where
//! companies, universities, hospitals and coordinators meet (the report's さいたま市医療機器
//! 研究会 and 福祉用具開発研究会). A group has members, who join and leave on a day; meetings,
//! each a record with its minutes and who attended (or one of the city's events of kind
//! 研究会); and documents. A company's membership counts as an evaluation of its products
//! for referral eligibility in each of the group's cities ([`membership_evaluations`]), as
//! the report's pilot used it.
//!
//! The drafts here are what the pages' forms send; `validate` reads every field at once and
//! names each problem in both languages.

use chrono::NaiveDate;

use crate::FieldError;
use crate::Text;
use crate::city::CityCode;
use crate::kernel::{choice, coded_enum, invalid, required, text};
use crate::product::EvaluationKind;
use crate::text::fold;

coded_enum!(
    /// What a group works on.
    Field {
        MedicalDevice = "medical-device" / "医療機器" / "Medical devices",
        Welfare = "welfare" / "福祉用具・介護" / "Welfare equipment and nursing care",
        Health = "health" / "ヘルスケア・健康" / "Health care and wellbeing",
        Ict = "ict" / "ICT・ソフトウェア" / "ICT and software",
        Other = "other" / "その他" / "Other",
    }
);

coded_enum!(
    /// Who a member is.
    MemberKind {
        Company = "company" / "企業" / "Company",
        University = "university" / "大学・研究機関" / "University or research institute",
        Hospital = "hospital" / "病院・医療機関" / "Hospital or medical institution",
        Coordinator = "coordinator" / "コーディネーター" / "Coordinator",
        Other = "other" / "支援機関・その他" / "Support body or other",
    }
);

/// The longest name, title or place kept.
pub const LINE_MAX: usize = 200;
/// The longest description, note or minutes kept.
pub const TEXT_MAX: usize = 4000;
/// The largest document kept (10 MB): larger ones are refused, not cut.
pub const DOCUMENT_MAX_BYTES: usize = 10 * 1024 * 1024;

/// A group as its form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupDraft {
    pub name: String,
    pub field: String,
    pub description: String,
    /// Other designated cities running it with the lead city (codes).
    pub partners: Vec<String>,
    pub founded_on: String,
    pub active: bool,
}

/// A group checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGroup {
    pub name: String,
    pub field: Field,
    pub description: String,
    pub partners: Vec<CityCode>,
    pub founded_on: Option<NaiveDate>,
    pub active: bool,
}

impl GroupDraft {
    /// Every problem at once. `lead` is the city running it; `cities` the designated cities
    /// a partner is chosen from.
    pub fn validate(
        &self,
        lead: &CityCode,
        cities: &[CityCode],
    ) -> Result<NewGroup, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = required(
            &mut errors,
            "name",
            &self.name,
            LINE_MAX,
            (
                "研究会の名称を入力してください（例：医療機器研究会）。",
                "Enter the group's name.",
            ),
        );
        let field = choice(
            &mut errors,
            "field",
            &self.field,
            Field::from_code,
            ("分野を一覧から選んでください。", "Choose the field."),
        );
        if field.is_none() && fold(&self.field).is_empty() {
            invalid::<()>(
                &mut errors,
                "field",
                "分野を一覧から選んでください。",
                "Choose the field.",
            );
        }
        let description = text(&mut errors, "description", &self.description, TEXT_MAX);
        let mut partners = Vec::new();
        for code in &self.partners {
            match cities.iter().find(|c| c.to_string() == fold(code)) {
                Some(c) if c != lead && !partners.contains(c) => partners.push(*c),
                Some(_) => {}
                None => {
                    invalid::<()>(
                        &mut errors,
                        "partners",
                        "共同で運営する市は指定都市の一覧から選んでください。",
                        "Choose the partner cities from the list of designated cities.",
                    );
                }
            }
        }
        let founded_on = optional_date(&mut errors, "founded_on", &self.founded_on);
        match field {
            Some(field) if errors.is_empty() => Ok(NewGroup {
                name,
                field,
                description,
                partners,
                founded_on,
                active: self.active,
            }),
            _ => Err(errors),
        }
    }
}

/// A day typed as `2026-04-01` or in 和暦; empty: none.
fn optional_date(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        return None;
    }
    crate::jdate::parse(value).or_else(|| {
        invalid(
            errors,
            field,
            "日付は 2026-04-01 や 令和8年4月1日 の形で入力してください。",
            "Enter the date as 2026-04-01.",
        )
    })
}

/// A day that must be given and be no later than `today`.
fn past_date(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    value: &str,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if value.trim().is_empty() {
        return invalid(
            errors,
            field,
            "日付を入力してください（例：2026-04-01、令和8年4月1日）。",
            "Enter the date, e.g. 2026-04-01.",
        );
    }
    match optional_date(errors, field, value) {
        Some(d) if d > today => invalid(
            errors,
            field,
            "今日より後の日付は記録できません。",
            "The date cannot be after today.",
        ),
        d => d,
    }
}

/// A member as the group page's form sends it: a company by its id, anyone else by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberDraft {
    pub kind: String,
    /// The company's id, for a company (the use case finds it from the name typed).
    pub company: String,
    /// The organisation's or the person's name, for any other member.
    pub name: String,
    pub note: String,
    /// Empty: today.
    pub joined_on: String,
}

/// A member checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub kind: MemberKind,
    pub company: Option<i64>,
    pub name: String,
    pub note: String,
    pub joined_on: NaiveDate,
}

impl MemberDraft {
    /// Every problem at once; the day of joining may not be after `today`.
    pub fn validate(&self, today: NaiveDate) -> Result<NewMember, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = match fold(&self.kind).as_str() {
            "" => invalid(
                &mut errors,
                "kind",
                "会員の種別を選んでください。",
                "Choose what kind of member it is.",
            ),
            code => choice(
                &mut errors,
                "kind",
                code,
                MemberKind::from_code,
                ("会員の種別を一覧から選んでください。", "Choose the kind."),
            ),
        };
        let mut company = None;
        let mut name = String::new();
        if kind == Some(MemberKind::Company) {
            company = fold(&self.company).parse::<i64>().ok().filter(|id| *id > 0);
            if company.is_none() {
                invalid::<()>(
                    &mut errors,
                    "company",
                    "参加する企業の名称か法人番号を入力してください。",
                    "Enter the company's name or corporate number.",
                );
            }
        } else if kind.is_some() {
            name = required(
                &mut errors,
                "member_name",
                &self.name,
                LINE_MAX,
                (
                    "大学・病院・支援機関の名称、またはコーディネーターの氏名を入力してください。",
                    "Enter the organisation's or the person's name.",
                ),
            );
        }
        let note = text(&mut errors, "note", &self.note, LINE_MAX);
        let joined_on = if self.joined_on.trim().is_empty() {
            Some(today)
        } else {
            past_date(&mut errors, "joined_on", &self.joined_on, today)
        };
        match (kind, joined_on) {
            (Some(kind), Some(joined_on)) if errors.is_empty() => Ok(NewMember {
                kind,
                company,
                name,
                note,
                joined_on,
            }),
            _ => Err(errors),
        }
    }
}

/// The day a member left, as typed (empty: today), checked against the day it joined.
pub fn leaving_day(
    value: &str,
    joined_on: NaiveDate,
    today: NaiveDate,
) -> Result<NaiveDate, Vec<FieldError>> {
    let mut errors = Vec::new();
    let day = if value.trim().is_empty() {
        Some(today)
    } else {
        past_date(&mut errors, "left_on", value, today)
    };
    match day {
        Some(d) if d < joined_on => Err(vec![FieldError::new(
            "left_on",
            "退会日は入会日より前にできません。",
            "The day of leaving cannot be before the day of joining.",
        )]),
        Some(d) if errors.is_empty() => Ok(d),
        _ => Err(errors),
    }
}

/// A meeting as its form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingDraft {
    pub held_on: String,
    pub title: String,
    pub place: String,
    /// One of the city's events of kind 研究会 (its id), or empty.
    pub event: String,
    pub minutes: String,
    /// The members who attended (their ids).
    pub attendees: Vec<String>,
}

/// A meeting checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub held_on: NaiveDate,
    pub title: String,
    pub place: String,
    pub event: Option<i64>,
    pub minutes: String,
    pub attendees: Vec<i64>,
}

impl MeetingDraft {
    /// Every problem at once. A meeting is recorded once held: not after `today`. `members`
    /// are the ids of the group's members an attendee is chosen from.
    pub fn validate(
        &self,
        today: NaiveDate,
        members: &[i64],
    ) -> Result<NewMeeting, Vec<FieldError>> {
        let mut errors = Vec::new();
        let held_on = past_date(&mut errors, "held_on", &self.held_on, today);
        let title = required(
            &mut errors,
            "title",
            &self.title,
            LINE_MAX,
            (
                "会合の名称を入力してください（例：第3回 例会）。",
                "Enter the meeting's title.",
            ),
        );
        let place = text(&mut errors, "place", &self.place, LINE_MAX);
        let event = match fold(&self.event).as_str() {
            "" => None,
            id => id.parse::<i64>().ok().or_else(|| {
                invalid(
                    &mut errors,
                    "event",
                    "イベントは一覧から選んでください。",
                    "Choose the event from the list.",
                )
            }),
        };
        let minutes = text(&mut errors, "minutes", &self.minutes, TEXT_MAX);
        let mut attendees = Vec::new();
        for a in &self.attendees {
            match fold(a)
                .parse::<i64>()
                .ok()
                .filter(|id| members.contains(id))
            {
                Some(id) if !attendees.contains(&id) => attendees.push(id),
                Some(_) => {}
                None => {
                    invalid::<()>(
                        &mut errors,
                        "attendees",
                        "出席者は研究会の会員から選んでください。",
                        "Choose the attendees from the group's members.",
                    );
                }
            }
        }
        match held_on {
            Some(held_on) if errors.is_empty() => Ok(NewMeeting {
                held_on,
                title,
                place,
                event,
                minutes,
                attendees,
            }),
            _ => Err(errors),
        }
    }
}

/// The kinds of document kept, by the name's ending: (extension, media type).
pub const DOCUMENT_TYPES: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    ("doc", "application/msword"),
    ("xls", "application/vnd.ms-excel"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("txt", "text/plain; charset=utf-8"),
    ("csv", "text/csv"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
];

/// A document to keep: its media type, by the name's ending, or why it is refused (empty,
/// larger than [`DOCUMENT_MAX_BYTES`], of a kind not kept).
pub fn document_type(name: &str, size: usize) -> Result<&'static str, FieldError> {
    if name.trim().is_empty() || size == 0 {
        return Err(FieldError::new(
            "file",
            "ファイルを選んでください。",
            "Choose a file.",
        ));
    }
    if size > DOCUMENT_MAX_BYTES {
        return Err(FieldError::new(
            "file",
            "ファイルが大きすぎます。10MB以下のファイルを選んでください。",
            "The file is too large: choose one of at most 10 MB.",
        ));
    }
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    DOCUMENT_TYPES
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, t)| *t)
        .ok_or_else(|| {
            FieldError::new(
                "file",
                "保存できるのは PDF、Word、Excel、PowerPoint、テキスト、CSV、PNG、JPEG のファイルです。",
                "Only PDF, Word, Excel, PowerPoint, text, CSV, PNG and JPEG files are kept.",
            )
        })
}

/// What a company's memberships count as: an evaluation of kind 研究会への参加 in each city
/// running a group the company belongs to (`cities` per membership in force).
pub fn membership_evaluations(groups: &[Vec<CityCode>]) -> Vec<(EvaluationKind, CityCode)> {
    groups
        .iter()
        .flatten()
        .map(|c| (EvaluationKind::ResearchGroup, *c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::product::referral_eligibility;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn city(c: &str) -> CityCode {
        CityCode::parse(c).unwrap()
    }

    #[test]
    fn a_group_needs_a_name_and_a_field_and_partners_from_the_list() {
        let lead = city("111007");
        let cities = [lead, city("121002"), city("431001")];
        let errors = GroupDraft {
            partners: vec!["999999".into()],
            founded_on: "昨日".into(),
            ..Default::default()
        }
        .validate(&lead, &cities)
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "field", "partners", "founded_on"]);
        let g = GroupDraft {
            name: " 医療機器研究会 ".into(),
            field: "ｍｅｄｉｃａｌ-ｄｅｖｉｃｅ".into(),
            partners: vec!["121002".into(), "111007".into(), "121002".into()],
            founded_on: "平成20年4月1日".into(),
            active: true,
            ..Default::default()
        }
        .validate(&lead, &cities)
        .unwrap();
        assert_eq!(g.name, "医療機器研究会");
        assert_eq!(g.field, Field::MedicalDevice);
        assert_eq!(
            g.partners,
            vec![city("121002")],
            "the lead and repeats drop"
        );
        assert_eq!(g.founded_on, Some(day("2008-04-01")));
    }

    #[test]
    fn a_company_member_is_named_by_id_and_others_by_name() {
        let today = day("2026-12-02");
        let m = MemberDraft {
            kind: "company".into(),
            company: "１２".into(),
            ..Default::default()
        }
        .validate(today)
        .unwrap();
        assert_eq!((m.company, m.joined_on), (Some(12), today));
        let e = MemberDraft {
            kind: "university".into(),
            joined_on: "2026-12-03".into(),
            ..Default::default()
        }
        .validate(today)
        .unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["member_name", "joined_on"]);
        let e = MemberDraft::default().validate(today).unwrap_err();
        assert_eq!(e[0].field, "kind");
    }

    #[test]
    fn leaving_is_not_before_joining_nor_after_today() {
        let today = day("2026-12-02");
        let joined = day("2026-04-01");
        assert_eq!(leaving_day("", joined, today), Ok(today));
        assert!(leaving_day("2026-03-31", joined, today).is_err());
        assert!(leaving_day("2027-01-01", joined, today).is_err());
        assert_eq!(
            leaving_day("令和8年10月1日", joined, today),
            Ok(day("2026-10-01"))
        );
    }

    #[test]
    fn a_meeting_is_held_by_today_and_attended_by_members() {
        let today = day("2026-12-02");
        let ok = MeetingDraft {
            held_on: "2026-11-20".into(),
            title: "第3回 例会".into(),
            attendees: vec!["4".into(), "４".into()],
            ..Default::default()
        }
        .validate(today, &[4, 5])
        .unwrap();
        assert_eq!(ok.attendees, vec![4]);
        let e = MeetingDraft {
            held_on: "2026-12-24".into(),
            attendees: vec!["9".into()],
            event: "x".into(),
            ..Default::default()
        }
        .validate(today, &[4, 5])
        .unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["held_on", "title", "event", "attendees"]);
    }

    #[test]
    fn documents_are_kept_by_kind_and_size() {
        assert_eq!(document_type("議事録.PDF", 10), Ok("application/pdf"));
        assert!(document_type("a.exe", 10).is_err());
        assert!(document_type("a.pdf", 0).is_err());
        assert!(document_type("a.pdf", DOCUMENT_MAX_BYTES + 1).is_err());
        assert!(document_type("a.pdf", DOCUMENT_MAX_BYTES).is_ok());
    }

    #[test]
    fn a_membership_makes_a_product_eligible_in_the_groups_cities() {
        let home = city("111007");
        assert!(referral_eligibility(&home, &[], 0).is_err());
        let other = membership_evaluations(&[vec![city("121002")]]);
        assert!(referral_eligibility(&home, &other, 0).is_err());
        let joint = membership_evaluations(&[vec![city("121002"), home]]);
        assert!(referral_eligibility(&home, &joint, 0).is_ok());
    }
}
