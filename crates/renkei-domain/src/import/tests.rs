//! The imports checked on small tables of every kind.

use super::*;
use crate::catalog::CompanyType;
use crate::city::CityCode;
use crate::company::CompanySize;
use crate::i18n::Text;

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
        &Default::default(),
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
        &Default::default(),
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

#[test]
fn the_headers_public_lists_use_are_recognised() {
    let hospitals = headers(&["施設正式名称", "施設区分", "住所", "電話番号", "許可病床数"]);
    assert_eq!(
        auto_map_targets(&hospitals),
        [
            Some("name"),
            Some("kind"),
            Some("address"),
            Some("contact_phone"),
            Some("size")
        ]
    );
    let pharmacies = headers(&["業務種別", "名称", "所在地", "開設者氏名", "有効期間"]);
    assert_eq!(
        auto_map_targets(&pharmacies),
        [Some("kind"), Some("name"), Some("address"), None, None],
        "the opener and the 和暦 period are not read"
    );
    let facilities = headers(&["施設名称", "施設種別", "所在地住所", "施設コード"]);
    assert_eq!(
        auto_map_targets(&facilities),
        [
            Some("name"),
            Some("kind"),
            Some("address"),
            Some("source_code")
        ]
    );
    assert_eq!(
        ImportKind::Targets.auto_map(&headers(&["施設名", "施設正式名称"])),
        [Some("name"), None],
        "a field is taken by one column only"
    );
}

/// A list like 熊本市's pharmacies: 業務種別, 名称, 所在地, 開設者氏名, 有効期間 (和暦).
fn pharmacy_rows() -> Vec<(u64, Vec<String>)> {
    [
        "薬局,くまもと中央薬局,熊本市中央区手取本町1-1,株式会社くまもと,令和6年1月1日～令和11年12月31日",
        "保険薬局,白川調剤薬局,熊本市中央区水前寺1-2-3,白川 一郎,令和5年4月1日～令和11年3月31日",
        "店舗販売業,ドラッグ熊本東店,熊本市東区健軍2-3-4,有限会社ドラッグ熊本,令和4年10月1日～令和10年9月30日",
        "店舗販売業,ドラッグ熊本北店,熊本市北区清水5-6-7,有限会社ドラッグ熊本,令和4年10月1日～令和10年9月30日",
        "高度管理医療機器等販売業,肥後メディカル,熊本市西区春日8-9,肥後メディカル株式会社,令和3年6月1日～令和9年5月31日",
    ]
    .iter()
    .enumerate()
    .map(|(i, l)| (i as u64 + 2, l.split(',').map(String::from).collect()))
    .collect()
}

#[test]
fn kind_values_no_kind_names_are_mapped_by_the_person() {
    let h = headers(&["業務種別", "名称", "所在地", "開設者氏名", "有効期間"]);
    let mapping = auto_map_targets(&h);
    let rows = pharmacy_rows();
    let kumamoto = CityCode::parse("431001").ok();
    assert_eq!(
        unknown_kind_values(&rows, &mapping),
        [
            ("店舗販売業".to_owned(), 2),
            ("高度管理医療機器等販売業".to_owned(), 1)
        ],
        "薬局 and 保険薬局 are kinds already"
    );
    let errors = targets_from_rows(
        &h,
        &rows,
        &mapping,
        &Default::default(),
        kumamoto,
        |_| None,
        &Default::default(),
    )
    .unwrap_err();
    let at: Vec<_> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
    assert_eq!(at, [(4, "業務種別"), (5, "業務種別"), (6, "業務種別")]);
    let values: KindValues = [
        (
            kind_value_key(" 店舗販売業 "),
            crate::target::TargetKind::Pharmacy,
        ),
        (
            kind_value_key("高度管理医療機器等販売業"),
            crate::target::TargetKind::Other,
        ),
    ]
    .into_iter()
    .collect();
    let targets = targets_from_rows(
        &h,
        &rows,
        &mapping,
        &values,
        kumamoto,
        |_| None,
        &Default::default(),
    )
    .unwrap();
    let kinds: Vec<_> = targets.iter().map(|(_, t)| t.kind.code()).collect();
    assert_eq!(
        kinds,
        ["pharmacy", "pharmacy", "pharmacy", "pharmacy", "other"]
    );
    assert_eq!(targets[0].1.address, "熊本市中央区手取本町1-1");
    let mut values = values;
    values.insert(kind_value_key("保険薬局"), crate::target::TargetKind::Other);
    let targets = targets_from_rows(
        &h,
        &rows,
        &mapping,
        &values,
        kumamoto,
        |_| None,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        targets[1].1.kind,
        crate::target::TargetKind::Other,
        "what the person maps goes before what the value would name"
    );
    assert_eq!(targets[0].0.as_string(), "431001");
}

#[test]
fn a_header_row_problem_is_said_to_be_in_the_header_row() {
    let h = headers(&["所在地", "開設者氏名"]);
    let errors = targets_from_rows(
        &h,
        &pharmacy_rows(),
        &auto_map_targets(&h),
        &Default::default(),
        CityCode::parse("431001").ok(),
        |_| None,
        &Default::default(),
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line, RowError::HEADER_ROW);
    assert_eq!(errors[0].place(crate::Lang::Ja), "見出し行");
    assert_eq!(errors[0].place(crate::Lang::En), "header row");
    let h = headers(&["名称", "種別"]);
    let rows = vec![(2, vec!["青葉病院".to_owned(), "銀行".to_owned()])];
    let errors = targets_from_rows(
        &h,
        &rows,
        &auto_map_targets(&h),
        &Default::default(),
        CityCode::parse("121002").ok(),
        |_| None,
        &Default::default(),
    )
    .unwrap_err();
    assert_eq!(
        (
            errors[0].place(crate::Lang::Ja),
            errors[0].place(crate::Lang::En)
        ),
        ("2行目".to_owned(), "row 2".to_owned()),
        "the first row under the header is row 2, as a spreadsheet shows it"
    );
}
