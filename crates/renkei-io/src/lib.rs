//! Tabular files as city staff exchange them: CSV from Excel (UTF-8, UTF-8 with a byte-order
//! mark, or Shift_JIS / CP932 as Japanese Excel writes it) and XLSX in; CSV (UTF-8 with BOM,
//! so Excel opens it) and XLSX out. Output is safe against formula injection: in CSV a field
//! starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`; in XLSX
//! every cell is written as a string, which a spreadsheet never evaluates.
//!
//! Every file is read within [`Limits`]: its size, an XLSX's size unpacked, its rows,
//! columns and cell lengths, each checked before what it measures is kept, so a hostile file
//! (a zip bomb, a sheet with one cell at `XFD1048576`, a million columns) is refused with a
//! message saying which limit it passed, at a cost bounded by the limits.
//!
//! Calendars out: [`ics::write_ics`] writes events (seminars, tours, 商談会 meetings) as an
//! iCalendar (RFC 5545) file, for a mail's attachment or a published feed.
//!
//! This crate knows files, not records: what the columns mean is `renkei_domain::import`'s.

pub mod ics;
mod xlsx;

/// How much a file may hold. Each limit is checked before what it measures is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The file as given, in bytes.
    pub file_bytes: usize,
    /// An XLSX's parts unpacked, in bytes: as the archive declares them and as unpacking
    /// really gives them.
    pub unpacked_bytes: u64,
    /// Rows holding something, the header row included.
    pub rows: usize,
    /// Columns: no cell beyond this one may hold anything.
    pub columns: usize,
    /// Characters in one cell (Excel itself holds at most 32,767).
    pub cell_chars: usize,
}

impl Limits {
    /// What a file uploaded on a page may hold: 50 MB (100 MB unpacked), 100,000 rows of at
    /// most 200 columns.
    pub const UPLOAD: Limits = Limits {
        file_bytes: 50 * 1024 * 1024,
        unpacked_bytes: 100 * 1024 * 1024,
        rows: 100_001,
        columns: 200,
        cell_chars: 32_767,
    };

    /// What the command line reads (national-scale imports run by an administrator): 1 GB
    /// (2 GB unpacked), 5,000,000 rows of at most 1,000 columns.
    pub const COMMAND_LINE: Limits = Limits {
        file_bytes: 1024 * 1024 * 1024,
        unpacked_bytes: 2 * 1024 * 1024 * 1024,
        rows: 5_000_001,
        columns: 1_000,
        cell_chars: 32_767,
    };
}

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
    /// Whether a file's name says what its content turned out to be: `.xlsx` for Excel,
    /// `.csv` or `.txt` for text (letters in either case).
    pub fn fits_name(self, file_name: &str) -> bool {
        let extension = file_name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match self {
            Format::Xlsx => extension == "xlsx",
            Format::Utf8 | Format::Utf8Bom | Format::ShiftJis => {
                extension == "csv" || extension == "txt"
            }
        }
    }

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
    #[error(
        "ファイルが大きすぎます（上限 {limit_mb} MB）。分けて取り込んでください。/ The file is larger than {limit_mb} MB; split it."
    )]
    FileTooLarge { limit_mb: usize },
    #[error(
        "Excelファイルの中身が大きすぎます（展開後の上限 {limit_mb} MB）。不要なシートや書式を除いて保存し直すか、分けて取り込んでください。/ The Excel file unpacks to more than {limit_mb} MB."
    )]
    UnpackedTooLarge { limit_mb: u64 },
    #[error(
        "Excelファイルとして読めません（中の部品が{limit}個を超えています）。/ Not an Excel file as saved by Excel: more than {limit} parts."
    )]
    TooManyParts { limit: usize },
    #[error(
        "行が多すぎます（見出し行のほか上限 {limit}行）。ファイルを分けて取り込んでください。/ More than {limit} rows besides the header; split the file."
    )]
    TooManyRows { limit: usize },
    #[error(
        "{line}行目の{column}列目に値があります。読み取れるのは{limit}列目までです。不要な列を削除してください。/ Row {line} has a value in column {column}; at most {limit} columns are read."
    )]
    TooManyColumns {
        line: u64,
        column: usize,
        limit: usize,
    },
    #[error(
        "{line}行目の{column}列目の値が長すぎます（上限 {limit}文字）。/ The value in row {line}, column {column} is longer than {limit} characters."
    )]
    CellTooLong {
        line: u64,
        column: usize,
        limit: usize,
    },
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a CSV or XLSX file, whatever its encoding, within the command line's limits.
pub fn read(bytes: &[u8]) -> Result<Table, ReadError> {
    read_within(bytes, &Limits::COMMAND_LINE)
}

/// Reads a CSV or XLSX file, whatever its encoding, refusing it when it passes a limit.
pub fn read_within(bytes: &[u8], limits: &Limits) -> Result<Table, ReadError> {
    if bytes.len() > limits.file_bytes {
        return Err(ReadError::FileTooLarge {
            limit_mb: limits.file_bytes / 1024 / 1024,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx::read_xlsx(bytes, limits);
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
    read_csv(&text, format, limits)
}

fn read_csv(text: &str, format: Format, limits: &Limits) -> Result<Table, ReadError> {
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
        // Empty cells at the end of a line (Excel writes them) are not columns.
        let width = record
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .last()
            .map_or(0, |(i, _)| i + 1);
        if width > limits.columns {
            return Err(ReadError::TooManyColumns {
                line,
                column: width,
                limit: limits.columns,
            });
        }
        for (i, cell) in record.iter().enumerate() {
            check_cell(cell, line, i + 1, limits)?;
        }
        let cells: Vec<String> = record
            .iter()
            .take(limits.columns)
            .map(str::to_owned)
            .collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if usize::from(headers.is_some()) + rows.len() >= limits.rows {
            return Err(ReadError::TooManyRows {
                limit: limits.rows.saturating_sub(1),
            });
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

/// A cell's text against the limit on its length.
pub(crate) fn check_cell(
    text: &str,
    line: u64,
    column: usize,
    limits: &Limits,
) -> Result<(), ReadError> {
    // Bytes first: a cell under the limit in bytes is under it in characters.
    if text.len() > limits.cell_chars && text.chars().count() > limits.cell_chars {
        return Err(ReadError::CellTooLong {
            line,
            column,
            limit: limits.cell_chars,
        });
    }
    Ok(())
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

pub(crate) fn cell_text(d: &calamine::Data) -> String {
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

/// One sheet of a workbook: its name (at most 31 characters, none of `[]:*?/\\`), a header
/// row and rows of strings.
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A whole XLSX file of several sheets, each with a bold header row (a report's tables).
pub fn write_xlsx_sheets(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for sheet in sheets {
        let ws = book.add_worksheet();
        let name: String = sheet
            .name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        ws.set_name(name).map_err(|e| e.to_string())?;
        for (c, h) in sheet.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)
                .map_err(|e| e.to_string())?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, v)
                    .map_err(|e| e.to_string())?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(|e| e.to_string())?;
    }
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

    fn sheet(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for (r, c, v) in cells {
            ws.write_string(*r, *c, *v).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    fn limits(change: impl FnOnce(&mut Limits)) -> Limits {
        let mut l = Limits::UPLOAD;
        change(&mut l);
        l
    }

    #[test]
    fn a_sheet_costs_its_cells_not_its_area() {
        // Two cells at opposite corners of the largest sheet Excel allows: a dense reading
        // would ask for 2^34 cells.
        let corners = sheet(&[(0, 0, "名称"), (1_048_575, 16_383, "x")]);
        assert!(corners.len() < 10_000);
        assert_eq!(
            read_within(&corners, &Limits::UPLOAD),
            Err(ReadError::TooManyColumns {
                line: 1_048_576,
                column: 16_384,
                limit: 200
            })
        );
        // Within the columns, far apart rows are two rows, numbered as the sheet numbers them.
        let far = read_within(
            &sheet(&[(0, 0, "名称"), (1_048_575, 25, "x")]),
            &Limits::UPLOAD,
        )
        .unwrap();
        assert_eq!(far.headers.len(), 26);
        assert_eq!(far.rows.len(), 1);
        assert_eq!(far.rows[0].line, 1_048_576);
        assert_eq!(far.rows[0].cells[25], "x");
        // A sheet starting at C3 reads from C, as a spreadsheet's used range does.
        let offset = read_within(
            &sheet(&[(2, 2, "名称"), (3, 2, "青葉病院")]),
            &Limits::UPLOAD,
        )
        .unwrap();
        assert_eq!(offset.headers, ["名称"]);
        assert_eq!(offset.rows[0].line, 4);
    }

    #[test]
    fn refuses_files_past_the_limits_before_keeping_them() {
        let many: Vec<Vec<String>> = (0..5_000)
            .map(|i| vec![format!("企業{i}"), "同じ説明文。".repeat(20)])
            .collect();
        let xlsx = write_xlsx("企業", &["名称", "説明"], many.clone().into_iter()).unwrap();
        assert!(read_within(&xlsx, &Limits::UPLOAD).is_ok());
        assert_eq!(
            read_within(&xlsx, &limits(|l| l.unpacked_bytes = 64 * 1024)),
            Err(ReadError::UnpackedTooLarge { limit_mb: 0 })
        );
        assert_eq!(
            read_within(&xlsx, &limits(|l| l.rows = 1_000)),
            Err(ReadError::TooManyRows { limit: 999 })
        );
        assert_eq!(
            read_within(&xlsx, &limits(|l| l.file_bytes = 1024)),
            Err(ReadError::FileTooLarge { limit_mb: 0 })
        );
        let csv = write_csv(&["名称", "説明"], many.into_iter());
        assert_eq!(
            read_within(csv.as_bytes(), &limits(|l| l.rows = 1_000)),
            Err(ReadError::TooManyRows { limit: 999 })
        );
        assert_eq!(
            read_within(csv.as_bytes(), &limits(|l| l.cell_chars = 100)),
            Err(ReadError::CellTooLong {
                line: 2,
                column: 2,
                limit: 100
            })
        );
    }

    #[test]
    fn an_archive_that_understates_its_parts_is_measured_by_what_they_hold() {
        let rows = (0..20_000).map(|i| vec![format!("{i}"), "繰り返し".repeat(10)]);
        let mut xlsx = write_xlsx("企業", &["番号", "説明"], rows).unwrap();
        // Every part's central directory entry now says it unpacks to one byte.
        let mut at = 0;
        while let Some(found) = xlsx[at..].windows(4).position(|w| w == b"PK\x01\x02") {
            let entry = at + found;
            xlsx[entry + 24..entry + 28].copy_from_slice(&1u32.to_le_bytes());
            at = entry + 4;
        }
        let refused = read_within(&xlsx, &limits(|l| l.unpacked_bytes = 256 * 1024));
        assert!(
            matches!(
                refused,
                Err(ReadError::UnpackedTooLarge { .. } | ReadError::Xlsx(_))
            ),
            "{refused:?}"
        );
    }

    #[test]
    fn a_files_name_must_say_what_it_holds() {
        assert!(Format::Xlsx.fits_name("企業一覧.XLSX"));
        assert!(Format::ShiftJis.fits_name("千葉.csv"));
        assert!(Format::Utf8.fits_name("list.txt"));
        assert!(!Format::Xlsx.fits_name("企業一覧.csv"));
        assert!(!Format::Utf8Bom.fits_name("企業一覧.xlsx"));
        assert!(!Format::Utf8.fits_name("setup.exe"));
        assert!(!Format::Utf8.fits_name("名前だけ"));
    }

    #[test]
    fn an_archive_of_too_many_parts_is_refused_before_any_is_unpacked() {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..1_001 {
            zip.start_file(
                format!("part{i}.xml"),
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        assert_eq!(
            read_within(&bytes, &Limits::UPLOAD),
            Err(ReadError::TooManyParts { limit: 1_000 })
        );
    }

    #[test]
    fn a_csv_may_have_empty_columns_at_the_end_but_not_too_many_filled() {
        let trailing = format!(
            "企業名{}\r\n㈱アミン{}\r\n",
            ",".repeat(5_000),
            ",".repeat(5_000)
        );
        let read = read_within(trailing.as_bytes(), &Limits::UPLOAD).unwrap();
        assert_eq!(read.rows[0].cells[0], "㈱アミン");
        assert_eq!(
            read.headers.len(),
            200,
            "empty cells past the limit are not kept"
        );
        let wide = format!("企業名{}\r\n", ",x".repeat(1_000));
        assert_eq!(
            read_within(wide.as_bytes(), &Limits::UPLOAD),
            Err(ReadError::TooManyColumns {
                line: 1,
                column: 1_001,
                limit: 200
            })
        );
    }
}
