//! The agenda typeset for real and read back with poppler's tools: its text as printed and
//! the fonts embedded in it.

mod common;

use common::{ipaex_embedded, poppler};
use renkei_pdf::{AgendaDocument, AgendaLine, agenda};

fn document(lines: usize) -> AgendaDocument {
    AgendaDocument {
        lang: "ja",
        heading: "商談スケジュール（確定）".into(),
        event: "医療機器メーカー商談会".into(),
        venue: "千葉市産業振興会館".into(),
        participant: "株式会社サンプル医工".into(),
        dates: "令和8年12月10日 13:00–17:00".into(),
        issued: "令和8年12月2日 作成".into(),
        columns: [
            "時間".into(),
            "テーブル".into(),
            "相手".into(),
            "プロフィール".into(),
        ],
        empty: "商談はまだありません。".into(),
        lines: (0..lines)
            .map(|i| AgendaLine {
                when: format!("12/10 {:02}:00–{:02}:20", 13 + i / 3, 13 + i / 3),
                table: format!("{}", i + 1),
                with: format!("バイヤー{i}商事"),
                profile: "在宅介護向けの見守り機器を探しています。".into(),
            })
            .collect(),
    }
}

#[test]
fn an_agenda_prints_every_meeting_in_japanese() {
    let pdf = agenda(&document(4)).expect("typeset");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = poppler("pdftotext", &pdf, &["-layout"]);
    for want in [
        "商談スケジュール（確定）",
        "医療機器メーカー商談会",
        "株式会社サンプル医工",
        "令和8年12月10日",
        "バイヤー0商事",
        "バイヤー3商事",
        "在宅介護向けの見守り機器",
        "令和8年12月2日 作成",
    ] {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
    assert!(text.replace(' ', "").contains("1/1"), "the page of pages");
}

#[test]
fn the_japanese_font_is_embedded() {
    let pdf = agenda(&document(1)).expect("typeset");
    ipaex_embedded(&pdf).unwrap();
}

#[test]
fn an_agenda_without_meetings_says_so() {
    let pdf = agenda(&document(0)).expect("typeset");
    let text = poppler("pdftotext", &pdf, &[]);
    assert!(text.contains("商談はまだありません。"), "{text}");
}

#[test]
fn a_long_agenda_runs_over_pages() {
    let pdf = agenda(&document(60)).expect("typeset");
    let text = poppler("pdftotext", &pdf, &["-layout"]);
    assert!(text.contains("バイヤー59商事"));
    // Each page's footer: when it was made, and the page of pages.
    let footers: Vec<String> = text
        .lines()
        .filter(|l| l.contains("作成"))
        .filter_map(|l| l.split_whitespace().last().map(str::to_owned))
        .collect();
    let n = footers.len();
    assert!(n >= 2, "one page only:\n{text}");
    let expected: Vec<String> = (1..=n).map(|i| format!("{i}/{n}")).collect();
    assert_eq!(footers, expected);
}

#[test]
fn the_same_agenda_gives_the_same_file() {
    assert_eq!(agenda(&document(3)).unwrap(), agenda(&document(3)).unwrap());
}
