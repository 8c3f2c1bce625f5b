//! Tabular files as city staff exchange them: CSV from Excel (UTF-8, UTF-8 with a byte-order
//! mark, or Shift_JIS / CP932 as Japanese Excel writes it) and XLSX in; CSV (UTF-8 with BOM,
//! so Excel opens it) and XLSX out. Output is safe against formula injection: in CSV a field
//! starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`; in XLSX
//! every cell is written as a string, which a spreadsheet never evaluates.
//!
//! This crate knows files, not records: what the columns mean is `renkei_domain::import`'s.

use std::io::Cursor;

/// One row of a file: its line (CSV) or row (XLSX) number as a spreadsheet shows it, and its
/// cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// A file read: its header row and its data rows (rows with every cell empty are left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
    pub format: Format,
}

/// What a file turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Utf8,
    Utf8Bom,
    ShiftJis,
    Xlsx,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Utf8 => "CSV (UTF-8)",
            Format::Utf8Bom => "CSV (UTF-8 BOM)",
            Format::ShiftJis => "CSV (Shift_JIS)",
            Format::Xlsx => "Excel (XLSX)",
        }
    }
}

/// Why a file cannot be read; the messages are for the person who uploaded it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    #[error("ファイルが空です。/ The file is empty.")]
    Empty,
    #[error(
        "文字コードを判別できません。UTF-8 または Shift_JIS（Excel の「CSV（コンマ区切り）」）で保存してください。/ The text encoding is not UTF-8 or Shift_JIS."
    )]
    Encoding,
    #[error("CSVの{line}行目を読めません: {reason} / Line {line} of the CSV cannot be read.")]
    Csv { line: u64, reason: String },
    #[error("Excelファイルを読めません: {0} / The Excel file cannot be read.")]
    Xlsx(String),
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a CSV or XLSX file, whatever its encoding.
pub fn read(bytes: &[u8]) -> Result<Table, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    let (text, format) = if let Some(rest) = bytes.strip_prefix(BOM) {
        (
            std::str::from_utf8(rest)
                .map_err(|_| ReadError::Encoding)?
                .to_owned(),
            Format::Utf8Bom,
        )
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_owned(), Format::Utf8)
    } else {
        let (decoded, _, had_errors) = encoding_rs::SHIFT_JIS.decode(bytes);
        if had_errors {
            return Err(ReadError::Encoding);
        }
        (decoded.into_owned(), Format::ShiftJis)
    };
    read_csv(&text, format)
}

fn read_csv(text: &str, format: Format) -> Result<Table, ReadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // A record's line is counted from the text itself: where the reader stopped after the
    // last record depends on its line ends (before the \n of a \r\n, after a lone \n),
    // so the line ends and blank lines before the record are skipped, and the \n before it
    // counted. The header is on line 1 of a file that starts with it, the first row on 2.
    let bytes = text.as_bytes();
    let (mut counted, mut line) = (0usize, 1u64);
    loop {
        let begin = usize::try_from(reader.position().byte()).unwrap_or(bytes.len());
        let first = begin
            + bytes
                .get(begin..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        if first > counted {
            line += bytes[counted..first]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            counted = first;
        }
        let more = reader
            .read_record(&mut record)
            .map_err(|e| ReadError::Csv {
                line,
                reason: e.to_string(),
            })?;
        if !more {
            break;
        }
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if headers.is_none() {
            headers = Some(cells);
        } else {
            rows.push(Row { line, cells });
        }
    }
    Ok(Table {
        headers: headers.ok_or(ReadError::Empty)?,
        rows,
        format,
    })
}

/// An Excel serial day (days since 1899-12-30) as YYYY-MM-DD.
fn serial_date(serial: f64) -> Option<String> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor();
    if !(1.0..=2_958_465.0).contains(&days) {
        return None;
    }
    Some(
        (epoch + chrono::Duration::days(days as i64))
            .format("%Y-%m-%d")
            .to_string(),
    )
}

fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        // Whole numbers as people typed them: 13-digit corporate numbers, postal codes.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => serial_date(dt.as_f64()).unwrap_or_else(|| dt.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, ReadError> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ReadError::Xlsx(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(ReadError::Empty)?
        .map_err(|e| ReadError::Xlsx(e.to_string()))?;
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r)) + 1;
    let mut headers = None;
    let mut rows = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let cells: Vec<String> = r.iter().map(cell_text).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if headers.is_none() {
            headers = Some(cells);
        } else {
            rows.push(Row {
                line: first_row + i as u64,
                cells,
            });
        }
    }
    Ok(Table {
        headers: headers.ok_or(ReadError::Empty)?,
        rows,
        format: Format::Xlsx,
    })
}

/// One CSV field, quoted, and defused if a spreadsheet would take it for a formula.
pub fn csv_field(value: &str) -> String {
    let risky = value.chars().next().is_some_and(|c| {
        matches!(
            c,
            '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠'
        )
    });
    let value = if risky {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// A whole CSV file for Excel: BOM, header, rows, CRLF line ends.
pub fn write_csv<S: AsRef<str>>(header: &[&str], rows: impl Iterator<Item = Vec<S>>) -> String {
    let mut out = String::from("\u{feff}");
    let mut line = |cells: Vec<String>| {
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(header.iter().map(|h| csv_field(h)).collect());
    for row in rows {
        line(row.iter().map(|c| csv_field(c.as_ref())).collect());
    }
    out
}

/// A whole XLSX file with one sheet: a bold header row and the rows, every cell a string.
pub fn write_xlsx<S: AsRef<str>>(
    sheet: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<S>>,
) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(|e| e.to_string())?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, v.as_ref())
                .map_err(|e| e.to_string())?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    book.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "企業名,法人番号,所在地\r\n㈱ＩＣＳＴ,,さいたま市\r\n,,\r\n\"畑林工業㈱\",7000012050002,\"広島市, 中区\"\r\n\"ゼロ\nシステム㈱\",,熊本市\r\n㈱アミン,,千葉市\r\n";

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_shows_them_whatever_the_line_ends() {
        for end in ["\r\n", "\n"] {
            let text = [
                "名称,種別",
                "青葉病院,病院",
                "",
                "中央薬局,薬局",
                "\"二行\n目\",x",
                "末尾,y",
            ]
            .join(end);
            let table = read(text.as_bytes()).unwrap();
            let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, [2, 4, 5, 7], "{end:?}: the header is row 1");
        }
        let late = read("\n\n名称\n青葉病院\n".as_bytes()).unwrap();
        assert_eq!(
            late.rows[0].line, 4,
            "blank lines before the header count too"
        );
    }

    #[test]
    fn reads_utf8_with_and_without_bom_and_shift_jis_alike() {
        let plain = read(CSV.as_bytes()).unwrap();
        assert_eq!(plain.format, Format::Utf8);
        assert_eq!(plain.headers, ["企業名", "法人番号", "所在地"]);
        assert_eq!(plain.rows.len(), 4, "the empty row is left out");
        assert_eq!(plain.rows[3].line, 7, "after a field spanning two lines");
        assert_eq!(plain.rows[0].line, 2);
        assert_eq!(plain.rows[1].line, 4, "lines as the file numbers them");
        assert_eq!(plain.rows[1].cells[2], "広島市, 中区");

        let mut bom = BOM.to_vec();
        bom.extend_from_slice(CSV.as_bytes());
        let with_bom = read(&bom).unwrap();
        assert_eq!(with_bom.format, Format::Utf8Bom);
        assert_eq!(
            with_bom.headers[0], "企業名",
            "no BOM left in the first header"
        );

        let (sjis, _, unmappable) = encoding_rs::SHIFT_JIS.encode(CSV);
        assert!(!unmappable, "㈱ is in CP932");
        let from_excel = read(&sjis).unwrap();
        assert_eq!(from_excel.format, Format::ShiftJis);
        assert_eq!(from_excel.rows, plain.rows);
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert_eq!(read(b"  \n"), Err(ReadError::Empty));
        assert_eq!(
            read(&[0x82, 0xa0, 0xff, 0xfe, 0x00, 0x81]),
            Err(ReadError::Encoding)
        );
        assert!(matches!(read(b"PK\x03\x04broken"), Err(ReadError::Xlsx(_))));
    }

    #[test]
    fn writes_xlsx_that_reads_back_and_csv_that_cannot_run_formulas() {
        let rows = vec![
            vec!["=HYPERLINK(\"http://x\")", "2026-04-01"],
            vec!["千葉市", "7000012050002"],
        ];
        let xlsx = write_xlsx("企業", &["名称", "値"], rows.clone().into_iter()).unwrap();
        let back = read(&xlsx).unwrap();
        assert_eq!(back.format, Format::Xlsx);
        assert_eq!(back.headers, ["名称", "値"]);
        assert_eq!(
            back.rows[0].cells[0], "=HYPERLINK(\"http://x\")",
            "kept as text"
        );
        assert_eq!(back.rows[1].line, 3);
        let csv = write_csv(&["名称", "値"], rows.into_iter());
        assert!(csv.starts_with('\u{feff}'));
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""));
        assert_eq!(csv_field("-1"), "\"'-1\"");
        assert_eq!(csv_field("＠x"), "\"'＠x\"");
        assert_eq!(serial_date(46113.0).as_deref(), Some("2026-04-01"));
    }
}
