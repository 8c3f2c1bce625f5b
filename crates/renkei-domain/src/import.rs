//! Importing companies from a table (CSV or XLSX, read by `renkei_io`): which column is which
//! field — found from the headers people write in Japanese or English, or chosen by the
//! person — and every row checked, every problem reported with its line, its column and the
//! reason, so that a file is taken whole or not at all.

use std::collections::HashMap;

use crate::catalog::CompanyType;
use crate::city::CityCode;
use crate::company::{Company, CompanyDraft, CompanySize, Contact, ContactDraft};
use crate::i18n::Text;
use crate::text::fold;

/// A field an import column can fill.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub key: &'static str,
    pub label: Text,
    /// Headers taken to mean this field (compared after NFKC, lower-cased, spaces removed).
    pub synonyms: &'static [&'static str],
}

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

fn header_key(h: &str) -> String {
    fold(h)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .collect()
}

/// The field each column means, found from its header; `None` for a column left out.
pub fn auto_map(headers: &[String]) -> Vec<Option<&'static str>> {
    auto_map_with(COMPANY_FIELDS, headers)
}

fn auto_map_with(fields: &[FieldSpec], headers: &[String]) -> Vec<Option<&'static str>> {
    let mut taken = Vec::new();
    headers
        .iter()
        .map(|h| {
            let k = header_key(h);
            let field = fields
                .iter()
                .find(|f| {
                    header_key(f.key) == k
                        || header_key(f.label.ja) == k
                        || header_key(f.label.en) == k
                        || f.synonyms.iter().any(|s| header_key(s) == k)
                })
                .map(|f| f.key)
                .filter(|f| !taken.contains(f));
            if let Some(f) = field {
                taken.push(f);
            }
            field
        })
        .collect()
}

/// The columns of a file as matched to fields.
struct Columns<'a> {
    headers: &'a [String],
    mapping: &'a [Option<&'a str>],
}

impl Columns<'_> {
    /// The column of a field.
    fn of(&self, field: &str) -> Option<usize> {
        self.mapping.iter().position(|m| *m == Some(field))
    }

    /// The header a person sees for a field (the field's key if no column holds it).
    fn header(&self, field: &str) -> String {
        self.of(field)
            .and_then(|i| self.headers.get(i).cloned())
            .unwrap_or_else(|| field.to_owned())
    }

    /// A row's cell for a field (empty if the row or the file has none).
    fn cell(&self, cells: &[String], field: &str) -> String {
        self.of(field)
            .and_then(|i| cells.get(i))
            .cloned()
            .unwrap_or_default()
    }
}

/// One problem of an import: where (a line of the file and a column) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// 0 for a problem of the file as a whole.
    pub line: u64,
    pub column: String,
    pub message: Text,
}

fn size_of(value: &str) -> String {
    let v = fold(value);
    CompanySize::ALL
        .into_iter()
        .find(|s| s.code() == v || fold(s.name().ja) == v || s.name().en.eq_ignore_ascii_case(&v))
        .map_or(v, |s| s.code().to_owned())
}

fn type_of(value: &str) -> String {
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
            line: 0,
            column: "企業名".into(),
            message: Text::new(
                "「企業名」にあたる列がありません。列の対応づけで企業名の列を選んでください。",
                "No column holds the company's name. Choose it when matching the columns.",
            ),
        });
    }
    if column_of("home_city").is_none() && default_city.is_none() {
        errors.push(RowError {
            line: 0,
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
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The fields of a product import: the company (by corporate number or name) and the product.
pub const PRODUCT_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        key: "company",
        label: Text::new(
            "企業（法人番号または企業名）",
            "Company (corporate number or name)",
        ),
        synonyms: &[
            "企業",
            "企業名",
            "会社名",
            "事業者名",
            "法人番号",
            "company",
        ],
    },
    FieldSpec {
        key: "name",
        label: Text::new("商品・サービス名", "Product name"),
        synonyms: &[
            "商品名",
            "製品名",
            "サービス名",
            "商品・サービス名",
            "開発案件",
            "開発案件名",
            "名称",
            "product",
            "name",
        ],
    },
    FieldSpec {
        key: "stage",
        label: Text::new("現在の段階", "Current stage"),
        synonyms: &["段階", "現在の段階", "ステージ", "stage"],
    },
    FieldSpec {
        key: "summary",
        label: Text::new("概要", "Summary"),
        synonyms: &["概要", "説明", "summary"],
    },
    FieldSpec {
        key: "category",
        label: Text::new("分野", "Category"),
        synonyms: &["分野", "カテゴリ", "category"],
    },
    FieldSpec {
        key: "company_type",
        label: Text::new("類型", "Type"),
        synonyms: &["類型", "type"],
    },
    FieldSpec {
        key: "target_users",
        label: Text::new("想定利用者", "Target users"),
        synonyms: &["想定利用者", "利用者", "対象", "target"],
    },
    FieldSpec {
        key: "regulatory_class",
        label: Text::new("薬事上の区分", "Regulatory class"),
        synonyms: &["薬事区分", "薬事上の区分", "クラス分類", "regulatoryclass"],
    },
    FieldSpec {
        key: "regulatory_status",
        label: Text::new("薬事の状況", "Regulatory status"),
        synonyms: &["薬事の状況", "薬事状況", "regulatorystatus"],
    },
    FieldSpec {
        key: "ip_status",
        label: Text::new("知的財産", "Intellectual property"),
        synonyms: &["知的財産", "知財", "特許", "ip"],
    },
];

/// The field each column of a product file means.
pub fn auto_map_products(headers: &[String]) -> Vec<Option<&'static str>> {
    auto_map_with(PRODUCT_FIELDS, headers)
}

fn coded<T: Copy>(
    value: &str,
    all: &[T],
    code: impl Fn(T) -> &'static str,
    name: impl Fn(T) -> Text,
) -> String {
    let v = fold(value);
    all.iter()
        .copied()
        .find(|x| code(*x) == v || fold(name(*x).ja) == v || name(*x).en.eq_ignore_ascii_case(&v))
        .map_or(v, |x| code(x).to_owned())
}

/// Checks every row of a product file and makes the products, each with its company's key as
/// `company` resolves it (or says why it cannot).
pub fn products_from_rows<K>(
    headers: &[String],
    rows: &[(u64, Vec<String>)],
    mapping: &[Option<&str>],
    company: impl Fn(&str) -> Result<K, Text>,
) -> Result<Vec<(K, crate::product::Product)>, Vec<RowError>> {
    use crate::product::{IpStatus, ProductDraft, RegulatoryClass};
    let columns = Columns { headers, mapping };
    let column_of = |field: &str| columns.of(field);
    let mut errors = Vec::new();
    for (field, label) in [
        ("company", "企業"),
        ("name", "商品・サービス名"),
        ("stage", "現在の段階"),
    ] {
        if column_of(field).is_none() {
            errors.push(RowError {
                line: 0,
                column: label.into(),
                message: Text::new(
                    "必要な列（企業・商品・サービス名・現在の段階）がありません。列の対応づけで選んでください。",
                    "A required column (company, product name, current stage) is missing. Match it.",
                ),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let header_of = |field: &str| columns.header(field);
    let mut out = Vec::with_capacity(rows.len());
    for (line, cells) in rows {
        let get = |field: &str| columns.cell(cells, field);
        let owner = match company(get("company").trim()) {
            Ok(k) => Some(k),
            Err(message) => {
                errors.push(RowError {
                    line: *line,
                    column: header_of("company"),
                    message,
                });
                None
            }
        };
        let draft = ProductDraft {
            name: get("name"),
            summary: get("summary"),
            category: get("category"),
            company_type: {
                let t = get("company_type");
                if t.trim().is_empty() { t } else { type_of(&t) }
            },
            stage: get("stage"),
            target_users: get("target_users"),
            regulatory_class: coded(
                &get("regulatory_class"),
                RegulatoryClass::ALL,
                RegulatoryClass::code,
                RegulatoryClass::name,
            ),
            regulatory_status: get("regulatory_status"),
            ip_status: coded(
                &get("ip_status"),
                IpStatus::ALL,
                IpStatus::code,
                IpStatus::name,
            ),
        };
        match draft.validate() {
            Ok(p) => {
                if let Some(k) = owner {
                    out.push((k, p));
                }
            }
            Err(es) => {
                for e in es {
                    errors.push(RowError {
                        line: *line,
                        column: header_of(e.field),
                        message: e.message,
                    });
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The fields of a sales-channel target import.
pub const TARGET_FIELDS: &[FieldSpec] = &[
    FieldSpec {
        key: "city",
        label: Text::new("所在の市", "City"),
        synonyms: &["市", "所在市", "都市", "市区町村", "city"],
    },
    FieldSpec {
        key: "kind",
        label: Text::new("種別", "Kind"),
        synonyms: &["種類", "区分", "施設種別", "kind", "type"],
    },
    FieldSpec {
        key: "name",
        label: Text::new("名称", "Name"),
        synonyms: &["施設名", "機関名", "医療機関名", "団体名", "学校名", "name"],
    },
    FieldSpec {
        key: "name_kana",
        label: Text::new("名称（カナ）", "Reading"),
        synonyms: &["フリガナ", "ふりがな", "カナ", "よみ", "reading", "kana"],
    },
    FieldSpec {
        key: "postal_code",
        label: Text::new("郵便番号", "Postal code"),
        synonyms: &["〒", "郵便", "postalcode", "zip"],
    },
    FieldSpec {
        key: "address",
        label: Text::new("所在地", "Address"),
        synonyms: &["住所", "address"],
    },
    FieldSpec {
        key: "departments",
        label: Text::new("診療科・部門", "Departments or fields"),
        synonyms: &["診療科", "部門", "分野", "学科", "departments", "fields"],
    },
    FieldSpec {
        key: "size",
        label: Text::new(
            "規模（病床数・生徒数・加入者数）",
            "Size (beds, students, members)",
        ),
        synonyms: &[
            "病床数",
            "許可病床数",
            "生徒数",
            "加入者数",
            "組合員数",
            "規模",
            "size",
            "beds",
        ],
    },
    FieldSpec {
        key: "interests",
        label: Text::new("関心のある製品分野", "Product categories of interest"),
        synonyms: &["関心分野", "関心", "interests"],
    },
    FieldSpec {
        key: "contact_name",
        label: Text::new("担当者名", "Contact name"),
        synonyms: &["担当者", "窓口担当", "contact", "contactname"],
    },
    FieldSpec {
        key: "contact_department",
        label: Text::new("担当部署", "Contact's department"),
        synonyms: &["部署", "所属", "窓口", "department"],
    },
    FieldSpec {
        key: "contact_email",
        label: Text::new("メールアドレス", "E-mail"),
        synonyms: &["メール", "電子メール", "email", "e-mail", "mail"],
    },
    FieldSpec {
        key: "contact_phone",
        label: Text::new("電話番号", "Phone"),
        synonyms: &["電話", "tel", "phone"],
    },
    FieldSpec {
        key: "source_code",
        label: Text::new("元の一覧のコード", "Source code"),
        synonyms: &["医療機関コード", "機関コード", "コード", "code"],
    },
];

pub fn auto_map_targets(headers: &[String]) -> Vec<Option<&'static str>> {
    auto_map_with(TARGET_FIELDS, headers)
}

/// Sales-channel targets from the rows of a file, each with its city (the `city` column, or
/// `default_city`), or every problem of every row. Rows whose source code is in `known` (an
/// earlier import of the same list) are left out.
pub fn targets_from_rows(
    headers: &[String],
    rows: &[(u64, Vec<String>)],
    mapping: &[Option<&str>],
    default_city: Option<CityCode>,
    city: impl Fn(&str) -> Option<CityCode>,
    known: &std::collections::HashSet<(CityCode, String)>,
) -> Result<Vec<(CityCode, crate::target::Target)>, Vec<RowError>> {
    use crate::target::TargetDraft;
    let columns = Columns { headers, mapping };
    let column_of = |field: &str| columns.of(field);
    let mut errors = Vec::new();
    if column_of("name").is_none() || column_of("kind").is_none() {
        errors.push(RowError {
            line: 0,
            column: "名称・種別".into(),
            message: Text::new(
                "必要な列（名称・種別）がありません。列の対応づけで選んでください。",
                "A required column (name, kind) is missing. Match it.",
            ),
        });
    }
    if column_of("city").is_none() && default_city.is_none() {
        errors.push(RowError {
            line: 0,
            column: "所在の市".into(),
            message: Text::new(
                "所在の市の列がありません。列を対応づけるか、取り込み先の市を選んでください。",
                "There is no city column. Match one, or choose the city to import into.",
            ),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let header_of = |field: &str| columns.header(field);
    let mut out = Vec::with_capacity(rows.len());
    let mut seen = std::collections::HashSet::new();
    for (line, cells) in rows {
        let get = |field: &str| columns.cell(cells, field);
        let typed_city = get("city");
        let at = if typed_city.trim().is_empty() {
            default_city
        } else {
            city(typed_city.trim())
        };
        if at.is_none() {
            errors.push(RowError {
                line: *line,
                column: header_of("city"),
                message: Text::new(
                    "指定都市の名前またはコードを入力してください（例: 千葉市、121002）。",
                    "Enter a designated city's name or code, such as 千葉市 or 121002.",
                ),
            });
        }
        let draft = TargetDraft {
            kind: get("kind"),
            name: get("name"),
            name_kana: get("name_kana"),
            postal_code: get("postal_code"),
            address: get("address"),
            departments: get("departments"),
            size: get("size"),
            interests: get("interests"),
            contact_name: get("contact_name"),
            contact_department: get("contact_department"),
            contact_email: get("contact_email"),
            contact_phone: get("contact_phone"),
            source_code: get("source_code"),
        };
        match (draft.validate(), at) {
            (Ok(t), Some(c)) => {
                let key = (c, t.source_code.clone());
                if t.source_code.is_empty() || (!known.contains(&key) && seen.insert(key)) {
                    out.push((c, t));
                }
            }
            (Ok(_), None) => {}
            (Err(es), _) => {
                for e in es {
                    errors.push(RowError {
                        line: *line,
                        column: header_of(e.field),
                        message: e.message,
                    });
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// The regional health bureaus' list of medical institutions (no header row: the 9-digit
/// institution code, the 7-digit code, the name, the postal code, the address without its
/// prefecture): the rows in the designated cities `cities` (code and name), as targets of
/// those cities — hospitals and clinics by name. Rows elsewhere are skipped, not errors.
pub fn medical_institutions(
    rows: &[(u64, Vec<String>)],
    cities: &[(CityCode, String)],
    known: &std::collections::HashSet<(CityCode, String)>,
) -> Result<Vec<(CityCode, crate::target::Target)>, Vec<RowError>> {
    let headers: Vec<String> = ["機関コード", "コード", "名称", "郵便番号", "所在地"]
        .map(String::from)
        .to_vec();
    let mapping = [
        Some("source_code"),
        None,
        Some("name"),
        Some("postal_code"),
        Some("address"),
        Some("kind"),
        Some("city"),
    ];
    let mut picked = Vec::new();
    for (line, cells) in rows {
        let [code, _, name, _, address, ..] = cells.as_slice() else {
            continue;
        };
        let address = fold(address);
        let Some((city, _)) = cities.iter().find(|(c, n)| {
            address.starts_with(n.as_str()) && code.get(..2) == c.as_string().get(..2)
        }) else {
            continue;
        };
        let mut cells = cells.clone();
        cells.truncate(5);
        cells.push(
            crate::target::TargetKind::of_medical_institution(name)
                .code()
                .to_owned(),
        );
        cells.push(city.as_string());
        picked.push((*line, cells));
    }
    targets_from_rows(
        &headers,
        &picked,
        &mapping,
        None,
        |c| CityCode::parse(c).ok(),
        known,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medical_institutions_of_the_designated_cities_become_targets() {
        let rows: Vec<(u64, Vec<String>)> = [
            "010112489,0112489,医療法人 愛全病院,0050813,札幌市南区川沿１３条２丁目１番３８号",
            "121234567,1234567,中央内科クリニック,2600013,千葉市中央区中央１丁目１番１号",
            "121234568,1234568,千葉市立青葉病院,2600852,千葉市中央区青葉町１２７３番地２",
            "122345678,2345678,市原病院,2900000,市原市五井１番地",
            "341111111,1111111,広島記念病院,7300802,広島市中区本川町１丁目４番３号",
        ]
        .iter()
        .enumerate()
        .map(|(i, l)| (i as u64 + 1, l.split(',').map(String::from).collect()))
        .collect();
        let chiba = CityCode::parse("121002").unwrap();
        let hiroshima = CityCode::parse("341002").unwrap();
        let cities = vec![
            (chiba, "千葉市".to_owned()),
            (hiroshima, "広島市".to_owned()),
        ];
        let known = [(chiba, "121234567".to_owned())].into_iter().collect();
        let got = medical_institutions(&rows, &cities, &known).unwrap();
        let names: Vec<_> = got
            .iter()
            .map(|(c, t)| (c.as_string(), t.name.as_str(), t.kind.code()))
            .collect();
        assert_eq!(
            names,
            [
                ("121002".into(), "千葉市立青葉病院", "hospital"),
                ("341002".into(), "広島記念病院", "hospital")
            ],
            "Sapporo and Ichihara are not designated here; the known clinic is not added twice"
        );
        assert_eq!(got[0].1.postal_code, "2600852");
        assert_eq!(got[0].1.source_code, "121234568");
    }

    #[test]
    fn targets_are_read_with_their_problems_by_line() {
        let headers: Vec<String> = ["種別", "名称", "病床数", "メール"]
            .map(String::from)
            .to_vec();
        let mapping = auto_map_targets(&headers);
        assert_eq!(
            mapping,
            [
                Some("kind"),
                Some("name"),
                Some("size"),
                Some("contact_email")
            ]
        );
        let rows = vec![
            (
                2,
                vec!["病院".into(), "青葉病院".into(), "382".into(), "".into()],
            ),
            (3, vec!["銀行".into(), "".into(), "多い".into(), "x".into()]),
        ];
        let chiba = CityCode::parse("121002").ok();
        let errors = targets_from_rows(
            &headers,
            &rows,
            &mapping,
            chiba,
            |_| None,
            &Default::default(),
        )
        .unwrap_err();
        let at: Vec<_> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(at, [(3, "種別"), (3, "名称"), (3, "病床数"), (3, "メール")]);
        let ok = targets_from_rows(
            &headers,
            &rows[..1],
            &mapping,
            chiba,
            |_| None,
            &Default::default(),
        )
        .unwrap();
        assert_eq!(ok[0].1.size, Some(382));
    }

    fn city(v: &str) -> Option<CityCode> {
        match v {
            "千葉市" | "121002" => CityCode::parse("121002").ok(),
            "熊本市" | "431001" => CityCode::parse("431001").ok(),
            _ => None,
        }
    }

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn columns_are_found_from_the_headers_people_write() {
        let h = headers(&[
            "会社名",
            "ﾌﾘｶﾞﾅ",
            "法人番号",
            "住所",
            "メールアドレス",
            "感想",
            "E-mail",
        ]);
        assert_eq!(
            auto_map(&h),
            [
                Some("name"),
                Some("name_kana"),
                Some("corporate_number"),
                Some("address"),
                Some("contact_email"),
                None,
                None
            ]
        );
    }

    #[test]
    fn every_problem_of_every_row_is_listed_with_its_line_and_column() {
        let h = headers(&[
            "市",
            "企業名",
            "法人番号",
            "類型",
            "規模",
            "担当者",
            "メール",
        ]);
        let rows = vec![
            (
                2,
                vec![
                    "千葉市",
                    "㈱アミンファーマ研究所",
                    "",
                    "①",
                    "中小企業",
                    "",
                    "",
                ]
                .into_iter()
                .map(String::from)
                .collect(),
            ),
            (
                3,
                vec!["横浜", "", "1234567890123", "x", "", "", "bad"]
                    .into_iter()
                    .map(String::from)
                    .collect(),
            ),
            (
                4,
                vec![
                    "熊本市",
                    "ゼロシステム㈱",
                    "7000012050002",
                    "3",
                    "",
                    "褥瘡 守",
                    "zero@example.jp",
                ]
                .into_iter()
                .map(String::from)
                .collect(),
            ),
            (
                5,
                vec!["", "二重㈱", "7000012050002", "", "", "", ""]
                    .into_iter()
                    .map(String::from)
                    .collect(),
            ),
        ];
        let mapping = auto_map(&h);
        let errors = companies_from_rows(&h, &rows, &mapping, None, city).unwrap_err();
        let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(
            found,
            [
                (3, "市"),
                (3, "企業名"),
                (3, "法人番号"),
                (3, "類型"),
                (3, "担当者"),
                (3, "メール"),
                (5, "市"),
                (5, "法人番号（4行目）"),
            ]
        );
        assert!(errors[0].message.ja.contains("指定都市"));
        let good: Vec<_> = rows
            .iter()
            .filter(|(l, _)| *l == 2 || *l == 4)
            .cloned()
            .collect();
        let companies = companies_from_rows(&h, &good, &mapping, None, city).unwrap();
        assert_eq!(
            companies[0].0.company_type,
            Some(CompanyType::MedicalCompanyLed)
        );
        assert_eq!(companies[0].0.size, Some(CompanySize::Sme));
        assert_eq!(companies[1].0.home_city, CityCode::parse("431001").unwrap());
        assert_eq!(
            companies[1].1.as_ref().unwrap().email.as_deref(),
            Some("zero@example.jp")
        );
    }

    #[test]
    fn product_rows_name_their_company_and_their_stage() {
        let h = headers(&["法人番号", "製品名", "段階", "薬事区分"]);
        let rows = vec![
            (
                2,
                vec![
                    "7000012050002",
                    "嚥下訓練器",
                    "②",
                    "管理医療機器（クラスⅡ）",
                ]
                .into_iter()
                .map(String::from)
                .collect(),
            ),
            (
                3,
                vec!["9999999999999", "", "9", "x"]
                    .into_iter()
                    .map(String::from)
                    .collect(),
            ),
        ];
        let mapping = auto_map_products(&h);
        assert_eq!(
            mapping,
            [
                Some("company"),
                Some("name"),
                Some("stage"),
                Some("regulatory_class")
            ]
        );
        let company = |v: &str| {
            if v == "7000012050002" {
                Ok(1)
            } else {
                Err(Text::new("企業が見つかりません。", "No such company."))
            }
        };
        let errors = products_from_rows(&h, &rows, &mapping, company).unwrap_err();
        let found: Vec<(u64, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(
            found,
            [(3, "法人番号"), (3, "製品名"), (3, "段階"), (3, "薬事区分")]
        );
        let ok = products_from_rows(&h, &rows[..1], &mapping, company).unwrap();
        assert_eq!(ok[0].0, 1);
        assert_eq!(
            ok[0].1.regulatory_class,
            Some(crate::product::RegulatoryClass::ClassII)
        );
    }

    #[test]
    fn a_file_without_a_name_column_is_refused_as_a_whole() {
        let h = headers(&["住所"]);
        let errors = companies_from_rows(&h, &[], &auto_map(&h), None, city).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 0);
    }
}
