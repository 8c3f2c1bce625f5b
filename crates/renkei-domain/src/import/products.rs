//! Products from a table: their fields, and each row made into a product of its company.

use super::companies::type_of;
use super::fields::{Columns, FieldSpec, RowError, all_or_errors, auto_map_with};
use crate::i18n::{Lang, Text};
use crate::text::fold;

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

/// The header of a product export: the labels of [`PRODUCT_FIELDS`] in `lang`, so that the
/// file imports again.
pub fn product_header(lang: Lang) -> Vec<&'static str> {
    PRODUCT_FIELDS.iter().map(|f| f.label.get(lang)).collect()
}

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
                line: RowError::HEADER_ROW,
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
            Err(es) => errors.extend(columns.row_errors(*line, es)),
        }
    }
    all_or_errors(out, errors)
}
