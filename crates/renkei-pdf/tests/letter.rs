//! A decision letter typeset for real and read back with poppler's tools: the 文書番号, the
//! day in 和暦, the amount, the 補助条件 numbered, the 教示, and the font embedded.

mod common;

use common::{ipaex_embedded, poppler};
use renkei_pdf::{DecisionLetter, LetterItem, letter};

fn grant() -> DecisionLetter {
    DecisionLetter {
        lang: "ja",
        number: "千経産第12号".into(),
        date: "令和8年12月3日".into(),
        addressee: vec![
            "株式会社サンプル医工".into(),
            "代表取締役　山田　太郎".into(),
        ],
        honorific: "様".into(),
        issuer: "千葉市長　神谷　俊一".into(),
        title: "補助金交付決定通知書".into(),
        body: "　令和8年11月1日付けで申請のあった「医療機器開発補助金」について、審査の結果、下記のとおり補助金を交付することに決定したので通知します。".into(),
        record: "記".into(),
        end: "以上".into(),
        items: vec![
            LetterItem {
                label: "受付番号".into(),
                text: "R8-0001-0001".into(),
                ..Default::default()
            },
            LetterItem {
                label: "交付決定額".into(),
                text: "金1,500,000円".into(),
                ..Default::default()
            },
            LetterItem {
                label: "補助条件".into(),
                lines: vec![
                    "補助事業が完了したときは、実績報告書を提出すること。".into(),
                    "帳簿及び証拠書類を5年間保存すること。".into(),
                ],
                ..Default::default()
            },
        ],
        appeal_heading: "【教示】".into(),
        appeal: vec![
            "1　この決定に不服がある場合は、この決定があったことを知った日の翌日から起算して3か月以内に、千葉市長に対して審査請求をすることができます。".into(),
            "2　この決定の取消しを求める訴えは、千葉市を被告として提起することができます。".into(),
        ],
        footer: "受付番号 R8-0001-0001".into(),
        ..Default::default()
    }
}

/// The text as printed, without the line breaks and spaces typesetting put in.
fn flat(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn a_subsidy_grant_prints_its_number_day_amount_conditions_and_appeal() {
    let pdf = letter(&grant()).expect("typeset");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = flat(&poppler("pdftotext", &pdf, &[]));
    for want in [
        "千経産第12号",
        "令和8年12月3日",
        "株式会社サンプル医工",
        "代表取締役山田太郎様",
        "千葉市長神谷俊一",
        "補助金交付決定通知書",
        "医療機器開発補助金",
        "記",
        "R8-0001-0001",
        "1,500,000円",
        "(1)補助事業が完了したときは、実績報告書を提出すること。",
        "(2)帳簿及び証拠書類を5年間保存すること。",
        "以上",
        "【教示】",
        "3か月以内に、千葉市長に対して審査請求",
        "千葉市を被告として",
    ] {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
    let order: Vec<usize> = [
        "千経産第12号",
        "補助金交付決定通知書",
        "記",
        "以上",
        "【教示】",
    ]
    .iter()
    .map(|w| text.find(w).unwrap())
    .collect();
    assert!(order.is_sorted(), "in the letter's order: {order:?}");
}

#[test]
fn the_letters_font_is_embedded() {
    ipaex_embedded(&letter(&grant()).expect("typeset")).unwrap();
}

#[test]
fn a_letter_without_an_appeal_prints_none() {
    let doc = DecisionLetter {
        title: "表彰決定通知書".into(),
        appeal_heading: String::new(),
        appeal: Vec::new(),
        draft: "【案】".into(),
        ..grant()
    };
    let text = flat(&poppler("pdftotext", &letter(&doc).unwrap(), &[]));
    assert!(
        text.contains("表彰決定通知書") && text.starts_with("【案】"),
        "{text}"
    );
    assert!(!text.contains("教示"), "{text}");
}

#[test]
fn an_english_letter_and_the_same_letter_twice() {
    let doc = DecisionLetter {
        lang: "en",
        title: "Notice of a subsidy grant".into(),
        honorific: String::new(),
        ..grant()
    };
    let text = poppler("pdftotext", &letter(&doc).unwrap(), &[]);
    assert!(text.contains("Notice of a subsidy grant"), "{text}");
    assert_eq!(letter(&grant()).unwrap(), letter(&grant()).unwrap());
}
