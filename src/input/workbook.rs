//! Workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) read with `calamine`, one sheet into
//! a [`Sheet`] of text cells, so the rest of progrank treats a workbook like a CSV export.
//!
//! Three things make this more than a call to calamine:
//! - `.xlsx` sheets are read with calamine's streaming cell reader, never `worksheet_range()`:
//!   the grid it allocates spans the used area, so one stray cell at `XFD1048576` costs
//!   gigabytes. Rows and columns are capped as cells arrive, and the kept grid spans only
//!   the columns that hold something.
//! - A formula cell whose value was never calculated (written by a library that does not
//!   recalculate, which asks Excel to "calculate on load") is an error naming the cell, never
//!   a silent 0.
//! - calamine has panicked on malformed files; every call into it runs under
//!   `catch_unwind`, and a panic becomes a "cannot be read" error.

use super::{CellTable, Kind, Origin, ReadOptions, Row, Sheet, SheetChoice};
use crate::error::{At, DataError, Place, Result, column_letters};
use calamine::{Data, DataRef, Reader};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// One cell as text, with its 0-based position.
struct RawCell {
    row: u32,
    column: u32,
    text: String,
}

/// Reads the chosen sheet of a workbook.
pub fn read(name: &str, kind: Kind, bytes: &[u8], options: &ReadOptions) -> Result<Sheet> {
    match kind {
        Kind::Numbers => {
            return Err(unsupported(name, "an Apple Numbers document"));
        }
        Kind::Delimited => return super::delimited::read(name, bytes, options),
        _ => {}
    }
    if is_encrypted(bytes) {
        return Err(unsupported(
            name,
            "a password-protected (encrypted) workbook",
        ));
    }
    let recalc_pending = if matches!(kind, Kind::Xlsx | Kind::Ods) {
        inspect_zip(name, bytes, options)?
    } else {
        false
    };
    let outcome = contain_panics(|| read_cells(name, kind, bytes, options, recalc_pending));
    let (sheet_name, sheet_count, cells) = match outcome {
        Some(result) => result?,
        None => {
            return Err(malformed(
                name,
                "the workbook is damaged and cannot be read (the reader gave up on it); \
                 open it in Excel or LibreOffice, save it again, or export the sheet as CSV UTF-8",
            ));
        }
    };
    let mut sheet = build_sheet(name, sheet_name, cells, options)?;
    if let (None, true, Origin::Workbook { sheet: chosen, .. }) =
        (&options.sheet, sheet_count > 1, &sheet.origin)
    {
        let note = format!(
            "{name}: read the first sheet, {chosen}, of {sheet_count}; pass --sheet NAME or --sheet NUMBER to read another"
        );
        sheet.notes.push(note);
    }
    Ok(sheet)
}

fn unsupported(name: &str, what: &str) -> crate::error::Error {
    DataError::Unsupported {
        file: name.into(),
        what: what.into(),
        hint: "export the sheet as CSV UTF-8 (or save it as .xlsx without a password) and pass that file"
            .into(),
    }
    .into()
}

fn malformed(location: &str, message: &str) -> crate::error::Error {
    DataError::Malformed {
        location: location.into(),
        message: message.into(),
    }
    .into()
}

/// An encrypted Office file is a compound file holding an `EncryptedPackage` stream.
fn is_encrypted(bytes: &[u8]) -> bool {
    let cfb = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    cfb && bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Runs `f`, turning a panic into `None` without printing the panic message.
fn contain_panics<T>(f: impl FnOnce() -> T) -> Option<T> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    result.ok()
}

/// Checks a zipped workbook before calamine opens it: refuses entries that would inflate past
/// the file cap (a zip bomb), and reports whether formulas await recalculation
/// (`fullCalcOnLoad`, written by libraries that leave 0 as every formula's value).
fn inspect_zip(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<bool> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        malformed(
            name,
            &format!(
                "the workbook is damaged or truncated ({e}); open it in Excel or LibreOffice and save it again"
            ),
        )
    })?;
    let cap = options.limits.max_file_bytes;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        total = total.saturating_add(entry.size());
    }
    if total > cap {
        return Err(DataError::TooLarge {
            location: name.into(),
            what: format!(
                "the unpacked workbook ({} bytes; a file that inflates this much may be a zip bomb)",
                total
            ),
            limit: super::human_bytes(cap),
        }
        .into());
    }
    let mut recalc = false;
    if let Ok(entry) = archive.by_name("xl/workbook.xml") {
        let mut text = String::new();
        if entry.take(4 << 20).read_to_string(&mut text).is_ok() {
            recalc =
                text.contains("fullCalcOnLoad=\"1\"") || text.contains("fullCalcOnLoad=\"true\"");
        }
    }
    Ok(recalc)
}

/// Opens the workbook, picks the sheet and returns its name and non-empty cells as text.
fn read_cells(
    name: &str,
    kind: Kind,
    bytes: &[u8],
    options: &ReadOptions,
    recalc_pending: bool,
) -> Result<(String, usize, Vec<RawCell>)> {
    let cursor = Cursor::new(bytes);
    let damaged = |e: &dyn std::fmt::Display| {
        let text = e.to_string();
        if text.to_lowercase().contains("password") {
            unsupported(name, "a password-protected (encrypted) workbook")
        } else {
            malformed(
                name,
                &format!(
                    "the workbook cannot be read ({text}); open it in Excel or LibreOffice and save it again, \
                     or export the sheet as CSV UTF-8"
                ),
            )
        }
    };
    match kind {
        Kind::Xlsx => {
            let mut workbook: calamine::Xlsx<_> =
                calamine::Xlsx::new(cursor).map_err(|e| damaged(&e))?;
            let names = workbook.sheet_names();
            let sheet = choose_sheet(name, &names, options)?;
            let mut reader = workbook
                .worksheet_cells_reader(&sheet)
                .map_err(|e| damaged(&e))?;
            let mut cells = Vec::new();
            while let Some(cell) = reader.next_cell_with_formula().map_err(|e| damaged(&e))? {
                let (row, column) = cell.pos;
                check_position(name, &sheet, row, column, options)?;
                if cell.formula.is_some()
                    && (recalc_pending || matches!(cell.value, DataRef::Empty))
                {
                    return Err(uncalculated(name, &sheet, row, column));
                }
                let text = data_ref_text(&cell.value);
                if !text.trim().is_empty() {
                    check_cell(name, &sheet, row, column, &text, options)?;
                    cells.push(RawCell { row, column, text });
                }
            }
            Ok((sheet, names.len(), cells))
        }
        Kind::Xls | Kind::Xlsb | Kind::Ods => {
            // These formats have no streaming reader in calamine; their sheets are parsed
            // whole by calamine itself, then capped here.
            let mut workbook =
                calamine::open_workbook_auto_from_rs(cursor).map_err(|e| damaged(&e))?;
            let names = workbook.sheet_names();
            let sheet = choose_sheet(name, &names, options)?;
            let range = workbook.worksheet_range(&sheet).map_err(|e| damaged(&e))?;
            let mut cells = Vec::new();
            for (row, column, value) in range.used_cells() {
                let (row, column) = (
                    u32::try_from(row).unwrap_or(u32::MAX),
                    u32::try_from(column).unwrap_or(u32::MAX),
                );
                let (row, column) = (
                    row.saturating_add(range.start().map_or(0, |s| s.0)),
                    column.saturating_add(range.start().map_or(0, |s| s.1)),
                );
                check_position(name, &sheet, row, column, options)?;
                let text = data_text(value);
                if !text.trim().is_empty() {
                    check_cell(name, &sheet, row, column, &text, options)?;
                    cells.push(RawCell { row, column, text });
                }
            }
            Ok((sheet, names.len(), cells))
        }
        Kind::Delimited | Kind::Numbers => unreachable!("handled by the caller"),
    }
}

fn place(name: &str, sheet: &str, row: u32, column: Option<u32>) -> Place {
    Place {
        file: name.into(),
        at: At::Cell {
            sheet: sheet.into(),
            row: u64::from(row) + 1,
            column,
        },
    }
}

fn uncalculated(name: &str, sheet: &str, row: u32, column: u32) -> crate::error::Error {
    malformed(
        &place(name, sheet, row, Some(column)).to_string(),
        "this formula cell has no calculated value saved (the file was written by a program \
         that does not recalculate); open the workbook in Excel or LibreOffice and save it, \
         or replace the formula with its value",
    )
}

fn check_position(
    name: &str,
    sheet: &str,
    row: u32,
    column: u32,
    options: &ReadOptions,
) -> Result<()> {
    let limits = options.limits;
    let over = |what: String, limit: String| -> crate::error::Error {
        DataError::TooLarge {
            location: place(name, sheet, row, Some(column)).to_string(),
            what,
            limit,
        }
        .into()
    };
    if usize::try_from(column).unwrap_or(usize::MAX) >= limits.max_columns {
        return Err(over(
            format!("column {}", column_letters(column)),
            format!("{} columns", limits.max_columns),
        ));
    }
    if usize::try_from(row).unwrap_or(usize::MAX) >= limits.max_rows {
        return Err(over(
            format!("row {}", u64::from(row) + 1),
            format!("{} rows", limits.max_rows),
        ));
    }
    Ok(())
}

fn check_cell(
    name: &str,
    sheet: &str,
    row: u32,
    column: u32,
    text: &str,
    options: &ReadOptions,
) -> Result<()> {
    if text.len() > options.limits.max_cell_bytes {
        return Err(DataError::TooLarge {
            location: place(name, sheet, row, Some(column)).to_string(),
            what: format!("this cell ({} bytes)", text.len()),
            limit: super::human_bytes(
                u64::try_from(options.limits.max_cell_bytes).unwrap_or(u64::MAX),
            ),
        }
        .into());
    }
    Ok(())
}

/// Picks the sheet `--sheet` names (by name ignoring case, or by number from 1), or the first.
fn choose_sheet(name: &str, sheets: &[String], options: &ReadOptions) -> Result<String> {
    let found = match &options.sheet {
        None => sheets.first().cloned(),
        Some(SheetChoice::Number(n)) => sheets.get(n.saturating_sub(1)).cloned(),
        Some(SheetChoice::Name(wanted)) => sheets
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case(wanted.trim()))
            .cloned(),
    };
    found.ok_or_else(|| {
        let asked = match &options.sheet {
            Some(SheetChoice::Number(n)) => format!("there is no sheet number {n}"),
            Some(SheetChoice::Name(s)) => format!("there is no sheet named \"{s}\""),
            None => "the workbook has no sheets".into(),
        };
        let list = crate::text::join(
            sheets
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{} \"{}\"", i + 1, crate::text::escape_controls(s))),
            ", ",
        );
        crate::error::Error::usage(format!(
            "{name}: {asked}; the sheets are {list}. Pass --sheet with one of those names or numbers"
        ))
    })
}

/// A cell's value as text: numbers in their shortest exact decimal form, dates as ISO
/// 8601, booleans as `true`/`false`, errors as the spreadsheet shows them (`#DIV/0!`).
fn data_ref_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => date_text(d),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn data_text(value: &Data) -> String {
    match value {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::String(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => date_text(d),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

/// A date as ISO 8601 (`2026-09-01`, with the time when there is one); a duration as its
/// number of days.
fn date_text(d: &calamine::ExcelDateTime) -> String {
    if d.is_duration() {
        return float_text(d.as_f64());
    }
    let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{day:02}")
    } else {
        format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// The shortest decimal text that reads back as the same `f64` (`4.5`, `0.1`, `15000`):
/// what the spreadsheet shows, without binary noise such as `0.30000000000000004`.
fn float_text(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    // `{}` prints the shortest text that reads back as the same f64, never with an exponent.
    format!("{f}")
}

/// Lays the cells out as a sheet: header at the first non-blank row after `--skip-rows`,
/// columns spanning only those that hold something.
fn build_sheet(
    name: &str,
    sheet_name: String,
    cells: Vec<RawCell>,
    options: &ReadOptions,
) -> Result<Sheet> {
    let skip = u32::try_from(options.skip_rows).unwrap_or(u32::MAX);
    let mut by_row: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    for cell in cells {
        if cell.row < skip {
            continue;
        }
        by_row
            .entry(cell.row)
            .or_default()
            .push((cell.column, cell.text));
    }
    let mut columns: Vec<u32> = by_row
        .values()
        .flat_map(|cells| cells.iter().map(|(c, _)| *c))
        .collect();
    columns.sort_unstable();
    columns.dedup();
    let index: std::collections::HashMap<u32, usize> =
        columns.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let mut rows = by_row.into_iter().map(|(row, cells)| {
        let mut dense = vec![String::new(); columns.len()];
        for (c, text) in cells {
            dense[index[&c]] = text;
        }
        Row {
            line: u64::from(row) + 1,
            cells: dense,
        }
    });
    let Some(header) = rows.next() else {
        return Err(DataError::Empty {
            file: format!("{name}, sheet {sheet_name},"),
        }
        .into());
    };
    let mut sheet = Sheet {
        name: name.into(),
        headers: header.cells.iter().map(|h| h.trim().to_owned()).collect(),
        header_line: header.line,
        rows: CellTable::from_rows(name, columns.len(), rows)?,
        origin: Origin::Workbook {
            sheet: sheet_name,
            columns,
        },
        decimal_comma: options.decimal_comma,
        text_encoding: None,
        notes: Vec::new(),
    };
    sheet.drop_blank_columns();
    sheet.refuse_repeated_header()?;
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_the_spreadsheet_shows_them() {
        assert_eq!(float_text(4.5), "4.5");
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(15000.0), "15000");
    }

    #[test]
    fn a_panic_is_contained() {
        assert_eq!(contain_panics(|| 1), Some(1));
        assert_eq!(contain_panics(|| -> i32 { panic!("boom") }), None);
    }

    #[test]
    fn sheets_are_chosen_by_name_or_number() {
        let sheets = vec!["Notes".to_owned(), "Shortlist".to_owned()];
        let by = |choice| ReadOptions {
            sheet: choice,
            ..ReadOptions::default()
        };
        assert_eq!(choose_sheet("w", &sheets, &by(None)).unwrap(), "Notes");
        assert_eq!(
            choose_sheet("w", &sheets, &by(Some(SheetChoice::Number(2)))).unwrap(),
            "Shortlist"
        );
        assert_eq!(
            choose_sheet(
                "w",
                &sheets,
                &by(Some(SheetChoice::Name("shortlist".into())))
            )
            .unwrap(),
            "Shortlist"
        );
        let err = choose_sheet("w", &sheets, &by(Some(SheetChoice::Name("x".into())))).unwrap_err();
        assert!(
            err.to_string()
                .contains("no sheet named \"x\"; the sheets are 1 \"Notes\", 2 \"Shortlist\""),
            "{err}"
        );
    }
}
