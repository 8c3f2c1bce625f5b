//! Companies (地域企業) as cities register them: names as people write them, the corporate
//! number (法人番号) with its check digit, the home city, the company type of the model, and
//! contacts. Names are also reduced to a matching key, so that 「株式会社ＩＣＳＴ」,
//! 「(株)ICST」 and 「㈱ＩＣＳＴ」 are seen as the same company.

use crate::FieldError;
use crate::catalog::CompanyType;
use crate::city::CityCode;
use crate::i18n::Text;
use crate::kernel::{choice, invalid, required, text, too_long};
use crate::text::fold;

pub const NAME_MAX: usize = 200;
pub const ADDRESS_MAX: usize = 300;
pub const SHORT_MAX: usize = 100;
pub const NOTES_MAX: usize = 4000;

/// A 法人番号: 13 digits, the first a check digit over the other twelve.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CorporateNumber(String);

impl CorporateNumber {
    /// Accepts full-width digits, spaces and hyphens as people paste them.
    pub fn parse(input: &str) -> Result<CorporateNumber, Text> {
        let digits: String = fold(input)
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '‐' | '−'))
            .collect();
        if digits.len() != 13 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Text::new(
                "法人番号は13桁の数字で入力してください。",
                "A corporate number has 13 digits.",
            ));
        }
        let d: Vec<u32> = digits.bytes().map(|b| u32::from(b - b'0')).collect();
        // 9 − (Σ Pn × Qn mod 9), Pn the n-th digit of the base counted from the right, Qn 1
        // for odd n and 2 for even n.
        let sum: u32 = (1..=12)
            .map(|n| d[13 - n] * if n % 2 == 1 { 1 } else { 2 })
            .sum();
        if d[0] != 9 - sum % 9 {
            return Err(Text::new(
                "法人番号のチェックデジットが一致しません。番号を確かめてください。",
                "The corporate number's check digit does not match. Check the number.",
            ));
        }
        Ok(CorporateNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A company's size, in the words of Japan's SME policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanySize {
    /// 小規模事業者
    SmallScale,
    /// 中小企業
    Sme,
    /// 中堅企業
    MidSized,
    /// 大企業
    Large,
}

impl CompanySize {
    pub const ALL: [CompanySize; 4] = [
        CompanySize::SmallScale,
        CompanySize::Sme,
        CompanySize::MidSized,
        CompanySize::Large,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CompanySize::SmallScale => "small-scale",
            CompanySize::Sme => "sme",
            CompanySize::MidSized => "mid-sized",
            CompanySize::Large => "large",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn name(self) -> Text {
        match self {
            CompanySize::SmallScale => Text::new("小規模事業者", "Small-scale business"),
            CompanySize::Sme => Text::new("中小企業", "Small or medium enterprise"),
            CompanySize::MidSized => Text::new("中堅企業", "Mid-sized company"),
            CompanySize::Large => Text::new("大企業", "Large company"),
        }
    }
}

/// Legal-form markers left out of the matching key, after NFKC (which turns ㈱ into (株)).
const LEGAL_FORMS: &[&str] = &[
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "特定非営利活動法人",
    "医療法人社団",
    "医療法人財団",
    "医療法人",
    "社会福祉法人",
    "学校法人",
    "(株)",
    "(有)",
    "(同)",
    "(資)",
    "(名)",
    "(社)",
    "(財)",
    "(医)",
    "(福)",
    "(学)",
    "(特非)",
];

/// Katakana to hiragana (ァ..ヶ), so that either spelling matches.
pub fn hiragana(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ァ'..='ヶ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The key a company name is matched by: NFKC, legal forms, spaces and punctuation removed,
/// lower case, katakana as hiragana. 「株式会社ＩＣＳＴ」 and 「(株) icst」 give the same key.
pub fn name_key(name: &str) -> String {
    let mut s = fold(name);
    for form in LEGAL_FORMS {
        s = s.replace(form, "");
    }
    hiragana(
        &s.chars()
            .filter(|c| c.is_alphanumeric() || *c == 'ー')
            .collect::<String>()
            .to_lowercase(),
    )
}

/// A company as entered in a form, an API call or an import row: every field as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyDraft {
    pub name: String,
    pub name_kana: String,
    pub corporate_number: String,
    pub postal_code: String,
    pub address: String,
    pub industry: String,
    pub size: String,
    pub company_type: String,
    pub website: String,
    pub notes: String,
}

/// A valid company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    pub home_city: CityCode,
    pub name: String,
    /// In katakana (hiragana typed is turned into katakana).
    pub name_kana: String,
    pub name_key: String,
    pub corporate_number: Option<CorporateNumber>,
    /// 7 digits, without the hyphen.
    pub postal_code: Option<String>,
    pub address: String,
    pub industry: String,
    pub size: Option<CompanySize>,
    pub company_type: Option<CompanyType>,
    pub website: Option<String>,
    pub notes: String,
}

fn katakana(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'ぁ'..='ゖ' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

impl CompanyDraft {
    /// Validates the draft for a company of `home_city`; every problem is reported.
    pub fn validate(&self, home_city: &CityCode) -> Result<Company, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = required(
            &mut errors,
            "name",
            &self.name,
            NAME_MAX,
            ("企業名を入力してください。", "Enter the company's name."),
        );
        let name_kana = katakana(&fold(&self.name_kana)).replace(' ', "");
        if !name_kana
            .chars()
            .all(|c| matches!(c, 'ァ'..='ヺ' | 'ー' | '・' | '＝') || c.is_ascii_alphanumeric())
        {
            errors.push(FieldError::new(
                "name_kana",
                "フリガナはカタカナ（またはひらがな）で入力してください。",
                "Write the reading in katakana (or hiragana).",
            ));
        }
        too_long(&mut errors, "name_kana", &name_kana, NAME_MAX);
        let corporate_number = if fold(&self.corporate_number).is_empty() {
            None
        } else {
            match CorporateNumber::parse(&self.corporate_number) {
                Ok(n) => Some(n),
                Err(message) => {
                    errors.push(FieldError {
                        field: "corporate_number",
                        message,
                    });
                    None
                }
            }
        };
        let postal: String = fold(&self.postal_code)
            .chars()
            .filter(|c| !matches!(c, '-' | '‐' | '−' | '〒' | ' '))
            .collect();
        let postal_code = if postal.is_empty() {
            None
        } else if postal.len() == 7 && postal.bytes().all(|b| b.is_ascii_digit()) {
            Some(postal)
        } else {
            invalid(
                &mut errors,
                "postal_code",
                "郵便番号は7桁の数字で入力してください（例：260-8722）。",
                "A postal code has 7 digits, e.g. 260-8722.",
            )
        };
        let address = text(&mut errors, "address", &self.address, ADDRESS_MAX);
        let industry = text(&mut errors, "industry", &self.industry, SHORT_MAX);
        let size = choice(
            &mut errors,
            "size",
            &self.size,
            CompanySize::from_code,
            (
                "企業規模は一覧から選んでください。",
                "Choose a size from the list.",
            ),
        );
        let company_type = choice(
            &mut errors,
            "company_type",
            &self.company_type,
            CompanyType::from_code,
            (
                "類型は一覧から選んでください。",
                "Choose a type from the list.",
            ),
        );
        let website = match fold(&self.website).as_str() {
            "" => None,
            w => match url::Url::parse(w) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && w.len() <= 2000 => {
                    Some(w.to_owned())
                }
                _ => invalid(
                    &mut errors,
                    "website",
                    "ウェブサイトは http:// または https:// で始まるURLで入力してください。",
                    "Enter a web address starting with http:// or https://.",
                ),
            },
        };
        let notes = text(&mut errors, "notes", &self.notes, NOTES_MAX);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Company {
            home_city: *home_city,
            name_key: name_key(&name),
            name,
            name_kana,
            corporate_number,
            postal_code,
            address,
            industry,
            size,
            company_type,
            website,
            notes,
        })
    }
}

/// A contact person at a company.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactDraft {
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// A valid contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub role: String,
    pub email: Option<String>,
    pub phone: String,
}

impl ContactDraft {
    pub fn validate(&self) -> Result<Contact, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = required(
            &mut errors,
            "contact_name",
            &self.name,
            SHORT_MAX,
            ("担当者名を入力してください。", "Enter the contact's name."),
        );
        let role = text(&mut errors, "contact_role", &self.role, SHORT_MAX);
        let email = match fold(&self.email).as_str() {
            "" => None,
            e => match crate::identity::Email::parse(e) {
                Ok(e) => Some(e.to_string()),
                Err(message) => {
                    errors.push(FieldError {
                        field: "contact_email",
                        message,
                    });
                    None
                }
            },
        };
        let phone = fold(&self.phone);
        if !phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '(' | ')' | ' ' | '+'))
            || phone.len() > 20
        {
            errors.push(FieldError::new(
                "contact_phone",
                "電話番号は数字とハイフンで入力してください（例：043-245-5111）。",
                "Enter the phone number with digits and hyphens, e.g. 043-245-5111.",
            ));
        }
        if errors.is_empty() {
            Ok(Contact {
                name,
                role,
                email,
                phone,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corporate_numbers_carry_a_check_digit() {
        // 国税庁's own number.
        assert_eq!(
            CorporateNumber::parse("7000012050002").unwrap().as_str(),
            "7000012050002"
        );
        assert_eq!(
            CorporateNumber::parse("７０００－０１２０－５０００２")
                .unwrap()
                .as_str(),
            "7000012050002"
        );
        assert!(
            CorporateNumber::parse("8000012050002").is_err(),
            "a wrong check digit"
        );
        assert!(CorporateNumber::parse("700001205000").is_err(), "12 digits");
        assert!(CorporateNumber::parse("70000120500O2").is_err(), "a letter");
    }

    #[test]
    fn names_match_whatever_the_legal_form_and_width() {
        let key = name_key("株式会社ＩＣＳＴ");
        assert_eq!(key, "icst");
        for same in ["(株)ICST", "㈱ＩＣＳＴ", "ICST 株式会社", "（株） icst"] {
            assert_eq!(name_key(same), key, "{same}");
        }
        assert_eq!(name_key("ゼロシステム㈱"), name_key("ｾﾞﾛｼｽﾃﾑ株式会社"));
        assert_eq!(name_key("ゼロシステム"), name_key("ぜろしすてむ"));
        assert_ne!(name_key("畑林工業㈱"), name_key("畑林商事㈱"));
    }

    #[test]
    fn a_company_is_validated_field_by_field() {
        let chiba = CityCode::parse("121002").unwrap();
        let good = CompanyDraft {
            name: "株式会社アミンファーマ研究所".into(),
            name_kana: "あみんふぁーまけんきゅうしょ".into(),
            corporate_number: "".into(),
            postal_code: "２６０－０８５６".into(),
            address: "千葉県千葉市中央区亥鼻".into(),
            size: "sme".into(),
            company_type: "medical-company-led".into(),
            website: "https://example.jp".into(),
            ..Default::default()
        };
        let c = good.validate(&chiba).unwrap();
        assert_eq!(c.name_kana, "アミンファーマケンキュウショ");
        assert_eq!(c.postal_code.as_deref(), Some("2600856"));
        assert_eq!(c.name_key, "あみんふぁーま研究所");
        let bad = CompanyDraft {
            name: " ".into(),
            name_kana: "漢字".into(),
            corporate_number: "1234567890123".into(),
            postal_code: "12".into(),
            size: "huge".into(),
            company_type: "other".into(),
            website: "javascript:alert(1)".into(),
            ..Default::default()
        };
        let fields: Vec<_> = bad
            .validate(&chiba)
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "name",
                "name_kana",
                "corporate_number",
                "postal_code",
                "size",
                "company_type",
                "website"
            ]
        );
    }

    #[test]
    fn contacts_need_a_name_and_a_usable_address_and_phone() {
        let c = ContactDraft {
            name: "山田 太郎".into(),
            role: "開発部長".into(),
            email: "Yamada@Example.JP".into(),
            phone: "０４３－２４５－５１１１".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(
            (c.email.as_deref(), c.phone.as_str()),
            (Some("yamada@example.jp"), "043-245-5111")
        );
        let fields: Vec<_> = ContactDraft {
            email: "no-at-sign".into(),
            phone: "電話".into(),
            ..Default::default()
        }
        .validate()
        .unwrap_err()
        .iter()
        .map(|e| e.field)
        .collect();
        assert_eq!(fields, ["contact_name", "contact_email", "contact_phone"]);
    }
}
