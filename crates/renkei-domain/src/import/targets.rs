//! Sales-channel targets from a table: their fields, and each row made into a target of its
//! city.

use super::fields::{Columns, FieldSpec, RowError, all_or_errors, auto_map_with};
use std::collections::HashMap;

use crate::city::CityCode;
use crate::i18n::Text;
use crate::target::TargetKind;
use crate::text::fold;

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
        synonyms: &[
            "種類",
            "区分",
            "施設種別",
            "施設区分",
            "施設種類",
            "業務種別",
            "業態",
            "事業所種別",
            "サービス種別",
            "機関種別",
            "kind",
            "type",
        ],
    },
    FieldSpec {
        key: "name",
        label: Text::new("名称", "Name"),
        synonyms: &[
            "施設名",
            "施設名称",
            "施設正式名称",
            "正式名称",
            "機関名",
            "機関名称",
            "医療機関名",
            "医療機関名称",
            "薬局名",
            "薬局名称",
            "事業所名",
            "事業所名称",
            "団体名",
            "学校名",
            "name",
        ],
    },
    FieldSpec {
        key: "name_kana",
        label: Text::new("名称（カナ）", "Reading"),
        synonyms: &[
            "フリガナ",
            "ふりがな",
            "カナ",
            "よみ",
            "名称カナ",
            "施設名カナ",
            "施設名称カナ",
            "reading",
            "kana",
        ],
    },
    FieldSpec {
        key: "postal_code",
        label: Text::new("郵便番号", "Postal code"),
        synonyms: &["〒", "郵便", "postalcode", "zip"],
    },
    FieldSpec {
        key: "address",
        label: Text::new("所在地", "Address"),
        synonyms: &[
            "住所",
            "所在地住所",
            "施設所在地",
            "施設住所",
            "事業所所在地",
            "address",
        ],
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
        synonyms: &["電話", "tel", "電話番号(代表)", "代表電話番号", "phone"],
    },
    FieldSpec {
        key: "source_code",
        label: Text::new("元の一覧のコード", "Source code"),
        synonyms: &[
            "医療機関コード",
            "機関コード",
            "施設コード",
            "事業所番号",
            "許可番号",
            "コード",
            "code",
        ],
    },
];

pub fn auto_map_targets(headers: &[String]) -> Vec<Option<&'static str>> {
    auto_map_with(TARGET_FIELDS, headers)
}

/// What the person said the values of a file's kind column mean where no kind is named by
/// them (`調剤薬局` → 薬局, `店舗販売業` → その他), keyed by [`kind_value_key`].
pub type KindValues = HashMap<String, TargetKind>;

/// A kind column's value as [`KindValues`] keys it (NFKC-folded, trimmed).
pub fn kind_value_key(value: &str) -> String {
    fold(value)
}

/// The distinct values of the kind column that name no kind (by [`TargetKind::parse`]), in
/// the order they first appear, each with how many rows hold it: what the person is asked to
/// map. Empty values are not listed (they are a row's problem).
pub fn unknown_kind_values(
    rows: &[(u64, Vec<String>)],
    mapping: &[Option<&str>],
) -> Vec<(String, usize)> {
    let Some(column) = mapping.iter().position(|m| *m == Some("kind")) else {
        return Vec::new();
    };
    let mut out: Vec<(String, usize)> = Vec::new();
    for (_, cells) in rows {
        let value = kind_value_key(cells.get(column).map_or("", String::as_str));
        if value.is_empty() || TargetKind::parse(&value).is_some() {
            continue;
        }
        match out.iter_mut().find(|(v, _)| *v == value) {
            Some((_, n)) => *n += 1,
            None => out.push((value, 1)),
        }
    }
    out
}

/// A row's kind: the kind the person mapped its value to, else as typed.
fn kind_of(typed: String, kind_values: &KindValues) -> String {
    match kind_values.get(&kind_value_key(&typed)) {
        Some(k) => k.code().to_owned(),
        None => typed,
    }
}

/// Sales-channel targets from the rows of a file, each with its city (the `city` column, or
/// `default_city`) and its kind (as typed, or as `kind_values` maps it), or every problem of
/// every row. Rows whose source code is in `known` (an earlier import of the same list) are
/// left out.
pub fn targets_from_rows(
    headers: &[String],
    rows: &[(u64, Vec<String>)],
    mapping: &[Option<&str>],
    kind_values: &KindValues,
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
            line: RowError::HEADER_ROW,
            column: "名称・種別".into(),
            message: Text::new(
                "必要な列（名称・種別）がありません。列の対応づけで選んでください。",
                "A required column (name, kind) is missing. Match it.",
            ),
        });
    }
    if column_of("city").is_none() && default_city.is_none() {
        errors.push(RowError {
            line: RowError::HEADER_ROW,
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
            kind: kind_of(get("kind"), kind_values),
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
            (Err(es), _) => errors.extend(columns.row_errors(*line, es)),
        }
    }
    all_or_errors(out, errors)
}
