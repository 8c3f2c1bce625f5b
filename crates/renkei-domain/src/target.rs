//! Sales-channel targets (販路開拓先): the hospitals, schools, insurers and others of a city
//! that its officers approach for a product another city introduces (第3章).

use crate::FieldError;
use crate::i18n::Text;
use crate::identity::Email;
use crate::kernel::coded_enum;
use crate::kernel::too_long;
use crate::text::{clean, fold};

coded_enum!(
    /// The kinds of organization the report's cities approached, and the channel kinds a
    /// company asks for.
    TargetKind {
        Hospital = "hospital" / "病院" / "Hospital",
        Clinic = "clinic" / "診療所" / "Clinic",
        DentalClinic = "dental-clinic" / "歯科診療所" / "Dental clinic",
        Pharmacy = "pharmacy" / "薬局" / "Pharmacy",
        NursingSchool = "nursing-school" / "看護学校" / "Nursing school",
        SpecialNeedsSchool = "special-needs-school" / "特別支援学校" / "Special-needs school",
        University = "university" / "大学・研究機関" / "University or research institute",
        MutualAid = "mutual-aid" / "共済組合" / "Mutual-aid association",
        HealthInsurance = "health-insurance" / "健康保険組合" / "Health insurance society",
        CareFacility = "care-facility" / "介護施設" / "Nursing-care facility",
        CareProvider = "care-provider" / "介護事業所" / "Nursing-care provider",
        PublicBody = "public-body" / "自治体・公的機関" / "Local government or public body",
        TradingCompany = "trading-company" / "商社" / "Trading company",
        Manufacturer = "manufacturer" / "大手メーカー" / "Large manufacturer",
        Other = "other" / "その他" / "Other",
    }
);

impl TargetKind {
    /// The kind typed in a form or a file: its code, its Japanese or English name, or a name
    /// public lists use for it (歯科医院, 保険薬局, 大学, 市役所 …).
    pub fn parse(input: &str) -> Option<TargetKind> {
        let s = fold(input).trim().to_lowercase();
        TargetKind::ALL
            .iter()
            .copied()
            .find(|k| k.code() == s || fold(k.name().ja) == s || k.name().en.to_lowercase() == s)
            .or_else(|| {
                ALIASES
                    .iter()
                    .find(|(alias, _)| fold(alias) == s)
                    .map(|(_, k)| *k)
            })
    }

    /// What its size counts.
    pub fn size_unit(self) -> Text {
        match self {
            TargetKind::Hospital | TargetKind::Clinic | TargetKind::CareFacility => {
                Text::new("床", "beds")
            }
            TargetKind::NursingSchool | TargetKind::SpecialNeedsSchool => {
                Text::new("人（生徒）", "students")
            }
            TargetKind::University => Text::new("人（学生）", "students"),
            TargetKind::MutualAid | TargetKind::HealthInsurance => {
                Text::new("人（加入者）", "members")
            }
            _ => Text::new("人（従業員）", "employees"),
        }
    }

    /// A medical institution's kind from its name: a hospital (病院, 20 beds or more), a
    /// dental clinic (歯科) or a clinic, as the regional health bureaus' lists name them.
    pub fn of_medical_institution(name: &str) -> TargetKind {
        if name.contains("病院") {
            TargetKind::Hospital
        } else if name.contains("歯科") {
            TargetKind::DentalClinic
        } else {
            TargetKind::Clinic
        }
    }
}

/// Other names public lists give a kind (the names the kinds carry are read anyway).
const ALIASES: &[(&str, TargetKind)] = &[
    ("医院", TargetKind::Clinic),
    ("クリニック", TargetKind::Clinic),
    ("一般診療所", TargetKind::Clinic),
    ("歯科医院", TargetKind::DentalClinic),
    ("歯科", TargetKind::DentalClinic),
    ("保険薬局", TargetKind::Pharmacy),
    ("調剤薬局", TargetKind::Pharmacy),
    ("大学", TargetKind::University),
    ("研究機関", TargetKind::University),
    ("大学病院", TargetKind::Hospital),
    ("自治体", TargetKind::PublicBody),
    ("公的機関", TargetKind::PublicBody),
    ("介護事業者", TargetKind::CareProvider),
    ("介護サービス事業所", TargetKind::CareProvider),
    ("介護老人福祉施設", TargetKind::CareFacility),
    ("介護老人保健施設", TargetKind::CareFacility),
    ("特別養護老人ホーム", TargetKind::CareFacility),
];

/// A sales-channel target as typed (a form, an import row).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetDraft {
    pub kind: String,
    pub name: String,
    pub name_kana: String,
    pub postal_code: String,
    pub address: String,
    /// Departments or fields, one per line (or separated by 、 or ,).
    pub departments: String,
    /// Beds, students or members.
    pub size: String,
    /// The product categories it cares about, one per line (or separated by 、 or ,).
    pub interests: String,
    pub contact_name: String,
    pub contact_department: String,
    pub contact_email: String,
    pub contact_phone: String,
    /// The code of the list it came from (e.g. a medical institution code).
    pub source_code: String,
}

/// A valid sales-channel target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub kind: TargetKind,
    pub name: String,
    pub name_kana: String,
    pub postal_code: String,
    pub address: String,
    pub departments: Vec<String>,
    pub size: Option<i32>,
    pub interests: Vec<String>,
    pub contact_name: String,
    pub contact_department: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub source_code: String,
}

/// A list typed one item per line or separated by 、 , ・ or ;, cleaned and without repeats.
pub fn list(input: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in fold(input).split(['\n', '、', ',', ';', '，', '/']) {
        let item = clean(item);
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

impl TargetDraft {
    /// Every problem with the draft, or the target.
    pub fn validate(&self) -> Result<Target, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = TargetKind::parse(&self.kind);
        if kind.is_none() {
            errors.push(FieldError::new(
                "kind",
                "種別を選んでください（病院、診療所、歯科診療所、薬局、看護学校、特別支援学校、大学・研究機関、共済組合、健康保険組合、介護施設、介護事業所、自治体・公的機関、商社、大手メーカー、その他）。",
                "Choose a kind (hospital, clinic, dental clinic, pharmacy, nursing school, special-needs school, university or research institute, mutual-aid association, health insurance society, nursing-care facility, nursing-care provider, local government or public body, trading company, large manufacturer, other).",
            ));
        }
        let name = clean(&self.name);
        if name.is_empty() {
            errors.push(FieldError::new(
                "name",
                "名称を入力してください。",
                "Enter the organization's name.",
            ));
        }
        too_long(&mut errors, "name", &name, 200);
        let name_kana = clean(&self.name_kana);
        too_long(&mut errors, "name_kana", &name_kana, 200);
        let postal_code: String = fold(&self.postal_code)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        if !postal_code.is_empty() && postal_code.len() != 7 {
            errors.push(FieldError::new(
                "postal_code",
                "郵便番号は7桁の数字で入力してください（例: 260-8722）。",
                "Enter a 7-digit postal code, such as 260-8722.",
            ));
        }
        let address = clean(&self.address);
        too_long(&mut errors, "address", &address, 300);
        let departments = list(&self.departments);
        too_long(&mut errors, "departments", &departments.join("\n"), 4000);
        let interests = list(&self.interests);
        too_long(&mut errors, "interests", &interests.join("\n"), 4000);
        let size_text: String = fold(&self.size).replace([',', ' '], "");
        let size_text = size_text.trim_end_matches(['床', '人', '名']);
        let size = if size_text.is_empty() {
            None
        } else {
            match size_text.parse::<i32>() {
                Ok(n) if n >= 0 => Some(n),
                _ => {
                    errors.push(FieldError::new(
                        "size",
                        "規模（病床数・生徒数・加入者数）は0以上の整数で入力してください。",
                        "Enter the size (beds, students, members) as a whole number.",
                    ));
                    None
                }
            }
        };
        let contact_name = clean(&self.contact_name);
        too_long(&mut errors, "contact_name", &contact_name, 100);
        let contact_department = clean(&self.contact_department);
        too_long(&mut errors, "contact_department", &contact_department, 100);
        let contact_email = if clean(&self.contact_email).is_empty() {
            String::new()
        } else {
            match Email::parse(&self.contact_email) {
                Ok(e) => e.as_str().to_owned(),
                Err(message) => {
                    errors.push(FieldError {
                        field: "contact_email",
                        message,
                    });
                    String::new()
                }
            }
        };
        let contact_phone = clean(&self.contact_phone);
        if contact_phone.chars().count() > 40
            || !contact_phone
                .chars()
                .all(|c| c.is_ascii_digit() || "-()+ 内線".contains(c))
        {
            errors.push(FieldError::new(
                "contact_phone",
                "電話番号は数字とハイフンで入力してください（例: 043-245-5111）。",
                "Enter the phone number in digits and hyphens, such as 043-245-5111.",
            ));
        }
        let source_code = clean(&self.source_code);
        if source_code.chars().count() > 20 {
            errors.push(FieldError::new(
                "source_code",
                "元の一覧のコードは20文字以内です。",
                "The source code is at most 20 characters.",
            ));
        }
        match (kind, errors.is_empty()) {
            (Some(kind), true) => Ok(Target {
                kind,
                name,
                name_kana,
                postal_code,
                address,
                departments,
                size,
                interests,
                contact_name,
                contact_department,
                contact_email,
                contact_phone,
                source_code,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_read_from_codes_and_names() {
        assert_eq!(TargetKind::parse("病院"), Some(TargetKind::Hospital));
        assert_eq!(TargetKind::parse("Hospital"), Some(TargetKind::Hospital));
        assert_eq!(
            TargetKind::parse("special-needs-school"),
            Some(TargetKind::SpecialNeedsSchool)
        );
        assert_eq!(TargetKind::parse("銀行"), None);
        assert_eq!(TargetKind::parse("薬局"), Some(TargetKind::Pharmacy));
        assert_eq!(TargetKind::parse("保険薬局"), Some(TargetKind::Pharmacy));
        assert_eq!(
            TargetKind::parse("歯科診療所"),
            Some(TargetKind::DentalClinic)
        );
        assert_eq!(
            TargetKind::parse("大学・研究機関"),
            Some(TargetKind::University)
        );
        assert_eq!(
            TargetKind::parse("自治体・公的機関"),
            Some(TargetKind::PublicBody)
        );
        assert_eq!(
            TargetKind::parse("介護事業所"),
            Some(TargetKind::CareProvider)
        );
        assert_eq!(
            TargetKind::parse("dental-clinic"),
            Some(TargetKind::DentalClinic)
        );
        assert_eq!(
            TargetKind::of_medical_institution("医療法人 愛全病院"),
            TargetKind::Hospital
        );
        assert_eq!(
            TargetKind::of_medical_institution("さくら内科クリニック"),
            TargetKind::Clinic
        );
        assert_eq!(
            TargetKind::of_medical_institution("医療法人 さくら歯科医院"),
            TargetKind::DentalClinic
        );
        assert_eq!(
            TargetKind::of_medical_institution("東京歯科大学市川総合病院"),
            TargetKind::Hospital
        );
    }

    #[test]
    fn every_kind_has_its_own_kebab_case_code_and_names() {
        let mut codes = std::collections::HashSet::new();
        for k in TargetKind::ALL {
            assert!(codes.insert(k.code()), "{} twice", k.code());
            assert!(
                k.code().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                k.code()
            );
            assert_eq!(TargetKind::parse(k.code()), Some(*k));
            assert_eq!(TargetKind::parse(k.name().ja), Some(*k));
            assert_eq!(TargetKind::parse(k.name().en), Some(*k));
        }
        let message = TargetDraft::default().validate().unwrap_err()[0].message;
        for k in TargetKind::ALL {
            assert!(message.ja.contains(k.name().ja), "{} listed", k.name().ja);
        }
    }

    #[test]
    fn a_target_is_validated_field_by_field() {
        let t = TargetDraft {
            kind: "病院".into(),
            name: "  千葉市立青葉病院 ".into(),
            postal_code: "２６０－０８５２".into(),
            departments: "リハビリテーション科、看護部\n看護部".into(),
            size: "３８２床".into(),
            contact_email: "Renkei@Example.JP".into(),
            contact_phone: "043-227-1131".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(t.name, "千葉市立青葉病院");
        assert_eq!(t.postal_code, "2600852");
        assert_eq!(t.departments, ["リハビリテーション科", "看護部"]);
        assert_eq!(t.size, Some(382));
        assert_eq!(t.contact_email, "renkei@example.jp");
        let errors = TargetDraft {
            kind: "bank".into(),
            size: "many".into(),
            postal_code: "123".into(),
            contact_email: "nope".into(),
            contact_phone: "call me".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "kind",
                "name",
                "postal_code",
                "size",
                "contact_email",
                "contact_phone"
            ]
        );
    }
}
