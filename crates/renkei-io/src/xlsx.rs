//! Reading an XLSX within limits. The file is a zip archive: its parts are sized first, by
//! what the archive declares and by what unpacking them really gives (read into nothing, a
//! bounded number of bytes), so a zip bomb is refused before anything is kept. The first
//! sheet is then read cell by cell, keeping only the cells that hold something: a sheet whose
//! cells lie far apart (`A1` and `XFD1048576`) costs what its cells cost, never its area.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use crate::{Format, Limits, ReadError, Row, Table, cell_text, check_cell};

/// Reads the first sheet of an XLSX file: its first row holding something is the header.
pub(crate) fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Table, ReadError> {
    use calamine::Reader;
    size_parts(bytes, limits)?;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| ReadError::Xlsx(e.to_string()))?;
    let sheet = book
        .sheet_names()
        .into_iter()
        .next()
        .ok_or(ReadError::Empty)?;
    let mut cells = match book.worksheet_cells_reader(&sheet) {
        Ok(cells) => cells,
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Err(ReadError::Empty),
        Err(e) => return Err(ReadError::Xlsx(e.to_string())),
    };
    // Row index → its cells by column index; only cells holding something.
    let mut rows: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
    let mut first_column = u32::MAX;
    while let Some(cell) = cells
        .next_cell()
        .map_err(|e| ReadError::Xlsx(e.to_string()))?
    {
        let (row, column) = cell.get_position();
        let text = cell_text(&calamine::Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let line = u64::from(row) + 1;
        if column as usize >= limits.columns {
            return Err(ReadError::TooManyColumns {
                line,
                column: column as usize + 1,
                limit: limits.columns,
            });
        }
        check_cell(&text, line, column as usize + 1, limits)?;
        if !rows.contains_key(&row) && rows.len() >= limits.rows {
            return Err(ReadError::TooManyRows {
                limit: limits.rows.saturating_sub(1),
            });
        }
        first_column = first_column.min(column);
        rows.entry(row).or_default().insert(column, text);
    }
    // As a spreadsheet range: columns counted from the first one holding something, every
    // row as wide as the widest.
    let width = rows
        .values()
        .filter_map(|r| r.keys().next_back())
        .map(|last| (last - first_column + 1) as usize)
        .max()
        .unwrap_or(0);
    let mut headers = None;
    let mut table_rows = Vec::new();
    for (row, filled) in rows {
        let mut cells = vec![String::new(); width];
        for (column, text) in filled {
            cells[(column - first_column) as usize] = text;
        }
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if headers.is_none() {
            headers = Some(cells);
        } else {
            table_rows.push(Row {
                line: u64::from(row) + 1,
                cells,
            });
        }
    }
    Ok(Table {
        headers: headers.ok_or(ReadError::Empty)?,
        rows: table_rows,
        format: Format::Xlsx,
    })
}

/// An XLSX has a few dozen parts; an archive of more is refused before any is unpacked.
const MAX_PARTS: usize = 1_000;

/// Refuses an archive of too many parts, or whose parts, unpacked, come to more than the limit: first by what the
/// archive declares, then by what unpacking really gives (a part may declare less than it
/// holds).
fn size_parts(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let too_large = || ReadError::UnpackedTooLarge {
        limit_mb: limits.unpacked_bytes / 1024 / 1024,
    };
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Xlsx(e.to_string()))?;
    if zip.len() > MAX_PARTS {
        return Err(ReadError::TooManyParts { limit: MAX_PARTS });
    }
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let part = zip
            .by_index_raw(i)
            .map_err(|e| ReadError::Xlsx(e.to_string()))?;
        declared = declared.saturating_add(part.size());
        if declared > limits.unpacked_bytes {
            return Err(too_large());
        }
    }
    let mut real = 0u64;
    for i in 0..zip.len() {
        let part = zip
            .by_index(i)
            .map_err(|e| ReadError::Xlsx(e.to_string()))?;
        let budget = limits.unpacked_bytes - real;
        real += std::io::copy(&mut part.take(budget + 1), &mut std::io::sink())
            .map_err(|e| ReadError::Xlsx(e.to_string()))?;
        if real > limits.unpacked_bytes {
            return Err(too_large());
        }
    }
    Ok(())
}
