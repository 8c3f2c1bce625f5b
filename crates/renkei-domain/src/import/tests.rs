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
