//! Charts drawn on the server as SVG: a horizontal bar per row of a table, from the column the
//! table names, with plain `<text>` labels (no font needed to draw it) and the colours of the
//! Digital Agency's design tokens (`assets/vendor/digital-go-jp-design-tokens/tokens.css`:
//! blue-800 bars, solid-gray-800 text, solid-gray-200 axis). Each chart is an image with an
//! accessible name (`role="img"`, `<title>` and `<desc>`: every figure in words), and its table
//! stands beside it with the same figures. No script; it prints as it shows.

use renkei_app::evidence::Table;
use renkei_domain::Lang;

/// The design tokens' colours the charts use.
const BAR: &str = "#0031d8"; // --color-primitive-blue-800
const TEXT: &str = "#333333"; // --color-neutral-solid-gray-800
const AXIS: &str = "#cccccc"; // --color-neutral-solid-gray-200
const MUTED: &str = "#666666"; // --color-neutral-solid-gray-600

const WIDTH: f64 = 640.0;
const LABEL: f64 = 230.0;
const VALUE: f64 = 110.0;
const ROW: f64 = 28.0;
const BAR_HEIGHT: f64 = 18.0;

/// Escapes text for SVG (as XML).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The chart of a table (none when the table names no column to draw).
pub fn bars(table: &Table, lang: Lang) -> Option<String> {
    let col = table.chart?;
    let column = table.columns.get(col)?;
    let figures: Vec<(&str, Option<f64>, String)> = table
        .rows
        .iter()
        .filter_map(|r| {
            let f = r.cells.get(col)?;
            Some((r.label.as_str(), f.number(), f.text(lang)))
        })
        .collect();
    let max = figures.iter().filter_map(|f| f.1).fold(0.0_f64, f64::max);
    let height = ROW * figures.len() as f64 + 12.0;
    let id = format!("chart-{}", table.key);
    let sep = if lang == Lang::Ja { "、" } else { "; " };
    let described: Vec<String> = figures
        .iter()
        .map(|(label, _, text)| format!("{label} {text}"))
        .collect();
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" font-size=\"13\" font-family=\"sans-serif\">\
         <title id=\"{id}-title\">{}（{}）</title><desc id=\"{id}-desc\">{}</desc>",
        esc(&table.title),
        esc(column),
        esc(&described.join(sep)),
    );
    let area = WIDTH - LABEL - VALUE;
    svg.push_str(&format!(
        "<line x1=\"{LABEL}\" y1=\"4\" x2=\"{LABEL}\" y2=\"{}\" stroke=\"{AXIS}\"/>",
        height - 4.0
    ));
    for (i, (label, value, text)) in figures.iter().enumerate() {
        let y = 6.0 + ROW * i as f64;
        let mid = y + BAR_HEIGHT / 2.0 + 4.5;
        let short: String = label.chars().take(18).collect();
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{mid}\" text-anchor=\"end\" fill=\"{TEXT}\">{}</text>",
            LABEL - 8.0,
            esc(&short)
        ));
        let w = match value {
            Some(v) if max > 0.0 => (v / max * area).max(if *v > 0.0 { 1.0 } else { 0.0 }),
            _ => 0.0,
        };
        if w > 0.0 {
            svg.push_str(&format!(
                "<rect x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"{BAR_HEIGHT}\" fill=\"{BAR}\"/>"
            ));
        }
        let colour = if value.is_some() { TEXT } else { MUTED };
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{mid}\" fill=\"{colour}\">{}</text>",
            LABEL + w + 6.0,
            esc(text)
        ));
    }
    svg.push_str("</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use renkei_app::evidence::{Figure, Row};
    use renkei_domain::evidence::Cell;

    #[test]
    fn a_bar_per_row_with_its_figure_in_words() {
        let table = Table {
            key: "t",
            title: "段階別<案件>".into(),
            rows_are: "段階".into(),
            columns: vec!["計".into()],
            rows: vec![
                Row {
                    label: "① 発掘".into(),
                    cells: vec![Figure::Count(Cell::Shown(4))],
                },
                Row {
                    label: "② 企画".into(),
                    cells: vec![Figure::Count(Cell::Suppressed)],
                },
                Row {
                    label: "③ 認定".into(),
                    cells: vec![Figure::Count(Cell::Shown(2))],
                },
            ],
            chart: Some(0),
            note: String::new(),
        };
        let svg = bars(&table, Lang::Ja).unwrap();
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"chart-t-title\">段階別&lt;案件&gt;（計）</title>"));
        assert!(svg.contains("① 発掘 4、② 企画 3件未満、③ 認定 2"));
        assert_eq!(
            svg.matches("<rect").count(),
            2,
            "no bar for a suppressed figure"
        );
        assert!(
            svg.contains("width=\"300.0\""),
            "the largest bar fills the area"
        );
        assert!(svg.contains("width=\"150.0\""));
    }
}
