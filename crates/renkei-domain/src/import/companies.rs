//! Companies from a table: their fields, and each row made into a company and its contact.

use std::collections::HashMap;

use super::fields::{Columns, FieldSpec, RowError, all_or_errors, auto_map_with};
use crate::catalog::CompanyType;
use crate::city::CityCode;
use crate::company::{Company, CompanyDraft, CompanySize, Contact, ContactDraft};
use crate::i18n::Text;
use crate::text::fold;

/// The fields of a company import, in the order a template file lists them.
pub const COMPANY_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        key: "home_city",
        label: Text::new("本拠地の市", "Home city"),
        synonyms: &[
            "本拠地",
            "本拠地の市",
            "市",
            "所在市",
            "都市",
            "city",
            "homecity",
        ],
    },
    FieldSpec {
        key: "name",
        label: Text::new("企業名", "Name"),
        synonyms: &[
            "企業名",
            "会社名",
            "事業者名",
            "法人名",
            "名称",
            "name",
            "company",
            "companyname",
        ],
    },
    FieldSpec {
        key: "name_kana",
        label: Text::new("フリガナ", "Reading"),
        synonyms: &[
            "フリガナ",
            "ふりがな",
            "カナ",
            "企業名カナ",
            "企業名フリガナ",
            "読み",
            "kana",
            "reading",
        ],
    },
    FieldSpec {
        key: "corporate_number",
        label: Text::new("法人番号", "Corporate number"),
        synonyms: &["法人番号", "corporatenumber"],
    },
    FieldSpec {
        key: "postal_code",
        label: Text::new("郵便番号", "Postal code"),
        synonyms: &["郵便番号", "〒", "postalcode", "zip", "zipcode"],
    },
    FieldSpec {
        key: "address",
        label: Text::new("所在地", "Address"),
        synonyms: &["所在地", "住所", "address"],
    },
    FieldSpec {
        key: "industry",
        label: Text::new("業種", "Industry"),
        synonyms: &["業種", "industry"],
    },
    FieldSpec {
        key: "size",
        label: Text::new("企業規模", "Size"),
        synonyms: &["企業規模", "規模", "size"],
    },
    FieldSpec {
        key: "company_type",
        label: Text::new("類型", "Type"),
        synonyms: &["類型", "type", "companytype"],
    },
    FieldSpec {
        key: "website",
        label: Text::new("ウェブサイト", "Website"),
        synonyms: &["ウェブサイト", "ホームページ", "url", "website", "hp"],
    },
    FieldSpec {
        key: "notes",
        label: Text::new("備考", "Notes"),
        synonyms: &["備考", "メモ", "notes", "note"],
    },
    FieldSpec {
        key: "contact_name",
        label: Text::new("担当者名", "Contact name"),
        synonyms: &["担当者", "担当者名", "contact", "contactname"],
    },
    FieldSpec {
        key: "contact_role",
        label: Text::new("担当者の役職", "Contact role"),
        synonyms: &["役職", "担当者役職", "担当者の役職", "role"],
    },
    FieldSpec {
        key: "contact_email",
        label: Text::new("担当者のメールアドレス", "Contact e-mail"),
        synonyms: &[
            "メールアドレス",
            "メール",
            "担当者メール",
            "email",
            "e-mail",
        ],
    },
    FieldSpec {
        key: "contact_phone",
        label: Text::new("担当者の電話番号", "Contact phone"),
        synonyms: &["電話番号", "電話", "tel", "phone"],
    },
];

/// The field each column means, found from its header; `None` for a column left out.
pub fn auto_map(headers: &[String]) -> Vec<Option<&'static str>> {
    auto_map_with(COMPANY_FIELDS, headers)
}

fn size_of(value: &str) -> String {
    let v = fold(value);
    CompanySize::ALL
        .into_iter()
        .find(|s| s.code() == v || fold(s.name().ja) == v || s.name().en.eq_ignore_ascii_case(&v))
        .map_or(v, |s| s.code().to_owned())
}

pub(super) fn type_of(value: &str) -> String {
    let v = fold(value);
    CompanyType::ALL
        .into_iter()
        .find(|t| {
            t.code() == v
                || t.name().ja == v
                || t.mark() == value.trim()
                || t.number().to_string() == v
                || t.name().en.eq_ignore_ascii_case(&v)
        })
        .map_or(v, |t| t.code().to_owned())
}

/// Checks every row and makes the companies (each with its contact, if the row names one).
/// `city` turns a cell into a designated city (a code or a name); `default_city` is used for
/// rows without one. Every problem of every row is reported; nothing is returned unless
/// there is none.
pub fn companies_from_rows(
    headers: &[String],
    rows: &[(u64, Vec<String>)],
    mapping: &[Option<&str>],
    default_city: Option<CityCode>,
    city: impl Fn(&str) -> Option<CityCode>,
) -> Result<Vec<(Company, Option<Contact>)>, Vec<RowError>> {
    let mut errors = Vec::new();
    let columns = Columns { headers, mapping };
    let column_of = |field: &str| columns.of(field);
    if column_of("name").is_none() {
        errors.push(RowError {
            line: RowError::HEADER_ROW,
            column: "企業名".into(),
            message: Text::new(
                "「企業名」にあたる列がありません。列の対応づけで企業名の列を選んでください。",
                "No column holds the company's name. Choose it when matching the columns.",
            ),
        });
    }
    if column_of("home_city").is_none() && default_city.is_none() {
        errors.push(RowError {
            line: RowError::HEADER_ROW,
            column: "本拠地の市".into(),
            message: Text::new(
                "本拠地の市の列がありません。列を対応づけるか、取り込み先の市を選んでください。",
                "No column holds the home city. Match one, or choose the city to import into.",
            ),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let header_of = |field: &str| columns.header(field);
    let mut seen_numbers: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for (line, cells) in rows {
        let get = |field: &str| columns.cell(cells, field);
        let mut push = |field: &str, message: Text| {
            errors.push(RowError {
                line: *line,
                column: header_of(field),
                message,
            })
        };
        let home = match get("home_city").trim() {
            "" if default_city.is_none() => {
                push(
                    "home_city",
                    Text::new("本拠地の市を入れてください。", "Give the home city."),
                );
                None
            }
            "" => default_city,
            v => city(v).or_else(|| {
                push(
                    "home_city",
                    Text::new(
                        "指定都市の名前（例：千葉市）か地方公共団体コード（例：121002）を入れてください。",
                        "Give a designated city's name or local-government code.",
                    ),
                );
                None
            }),
        };
        let draft = CompanyDraft {
            name: get("name"),
            name_kana: get("name_kana"),
            corporate_number: get("corporate_number"),
            postal_code: get("postal_code"),
            address: get("address"),
            industry: get("industry"),
            size: size_of(&get("size")),
            company_type: type_of(&get("company_type")),
            website: get("website"),
            notes: get("notes"),
        };
        let company =
            match draft.validate(&home.unwrap_or(CityCode::parse("121002").expect("a code"))) {
                Ok(c) => Some(c),
                Err(es) => {
                    for e in es {
                        push(e.field, e.message);
                    }
                    None
                }
            };
        let contact_draft = ContactDraft {
            name: get("contact_name"),
            role: get("contact_role"),
            email: get("contact_email"),
            phone: get("contact_phone"),
        };
        let any_contact = [
            &contact_draft.name,
            &contact_draft.role,
            &contact_draft.email,
            &contact_draft.phone,
        ]
        .iter()
        .any(|v| !v.trim().is_empty());
        let contact = if any_contact {
            match contact_draft.validate() {
                Ok(c) => Some(c),
                Err(es) => {
                    for e in es {
                        push(e.field, e.message);
                    }
                    None
                }
            }
        } else {
            None
        };
        if let Some(c) = &company
            && let Some(n) = &c.corporate_number
        {
            if let Some(first) = seen_numbers.get(n.as_str()) {
                let message = Text::new(
                    "同じ法人番号がファイルの中にもう一度出てきます（最初の行を確認してください）。",
                    "The same corporate number appears earlier in the file.",
                );
                errors.push(RowError {
                    line: *line,
                    column: format!("{}（{}行目）", header_of("corporate_number"), first),
                    message,
                });
            } else {
                seen_numbers.insert(n.as_str().to_owned(), *line);
            }
        }
        if let (Some(mut c), Some(h)) = (company, home) {
            c.home_city = h;
            out.push((c, contact));
        }
    }
    all_or_errors(out, errors)
}
