//! Workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) read one sheet into a [`Sheet`] of
//! text cells, so the rest of progrank treats a workbook like a CSV export.
//!
//! A workbook is a few kilobytes that can claim to hold billions of cells, so every reader
//! works within one [`Budget`] (`Limits`: cells, text bytes, bytes per unpacked part),
//! charged *before* anything is allocated:
//! - zipped workbooks are inflated once up front, part by part, counting the bytes actually
//!   produced (a declared size can lie) and the shared strings an `.xlsx` announces;
//! - `.xlsx` and `.xlsb` sheets are read with calamine's streaming cell readers, never
//!   `worksheet_range()`, whose grid spans the used area (one cell at `XFD1048576` costs
//!   gigabytes); blank cells are never stored;
//! - `.ods` is read by our own streaming reader ([`ods`]): calamine's loops forever on a
//!   `content.xml` cut short and expands `number-rows-repeated`/`number-columns-repeated`
//!   into real cells. Ours treats the end of the file as an error and charges a repeat to the
//!   budget before copying it; blank repeats (LibreOffice writes a million trailing blank
//!   rows) are skipped, never materialised;
//! - `.xls` is parsed whole by calamine when it is opened, every sheet as a dense grid, so
//!   [`biff`] walks its records first and refuses a sheet whose grid would be over budget;
//! - the kept grid spans only the rows and columns that hold something, and its size is
//!   charged before it is laid out.
//!
//! A number shown in a currency format keeps its currency: an `.xlsx` number whose style's
//! number format shows one ([`numfmt`]; `styles.xml` is a part like the others, held to
//! `max_part_bytes`) and an `.ods` currency cell are read as the amount with its marker
//! (`€24500`), so the pipeline's one currency detection sees what the user sees.
//!
//! A formula cell whose value was never calculated (written by a library that does not
//! recalculate, which asks Excel to "calculate on load") is an error naming the cell, never
//! a silent 0. calamine has panicked on malformed files; every call into it runs under
//! `catch_unwind`, and a panic becomes a "cannot be read" error.

mod biff;
mod numfmt;
mod ods;

use super::{CellTable, Kind, Limits, Origin, ReadOptions, Sheet, SheetChoice};
use crate::error::{At, DataError, Place, Result, column_letters};
use crate::values::Currency;
use calamine::{Data, DataRef, Reader};
use std::io::{Cursor, Read};

/// What a reader hands back: the name of the sheet read, the names of every sheet, its
/// non-blank cells, and whether a chart sheet before it was passed over.
type Picked = (String, Vec<String>, Cells, bool);

/// One non-blank cell: its 0-based position and where its text lies in its [`Cells`].
#[derive(Debug, Clone, Copy)]
struct RawCell {
    row: u32,
    column: u32,
    /// Where the text starts in the arena, and its length in bytes.
    start: u32,
    len: u32,
}

/// The non-blank cells a reader kept, their texts in one arena: a `String` per cell cost
/// more than most cells' text (about 70 MB held for the 1.1 million cells of a
/// 100,000-row sheet), and the cells an `.ods` repeat expands share one text.
#[derive(Debug, Default)]
struct Cells {
    text: String,
    cells: Vec<RawCell>,
}

impl Cells {
    /// Appends `text` to the arena and says where it lies; `None` past what 32-bit offsets
    /// reach (the caller's [`Budget`] has charged it already).
    fn store(&mut self, text: &str) -> Option<(u32, u32)> {
        let start = u32::try_from(self.text.len()).ok()?;
        let len = u32::try_from(text.len()).ok()?;
        start.checked_add(len)?;
        self.text.push_str(text);
        Some((start, len))
    }

    /// Keeps a cell at `row` and `column` whose text [`Cells::store`] put `at`.
    fn push(&mut self, row: u32, column: u32, at: (u32, u32)) {
        let (start, len) = at;
        self.cells.push(RawCell {
            row,
            column,
            start,
            len,
        });
    }

    /// Gives cell `index` the text `text`, stored after the others (its old text stays in
    /// the arena, unused); `None` as [`Cells::store`].
    fn replace(&mut self, index: usize, text: &str) -> Option<()> {
        let (start, len) = self.store(text)?;
        let cell = &mut self.cells[index];
        cell.start = start;
        cell.len = len;
        Some(())
    }

    /// The text of `cell`.
    fn text(&self, cell: &RawCell) -> &str {
        let start = cell.start as usize;
        &self.text[start..start + cell.len as usize]
    }
}

/// What a reader has used of the [`Limits`]: cells stored and bytes of text, charged before
/// they are allocated.
struct Budget {
    limits: Limits,
    cells: u64,
    text_bytes: u64,
}

impl Budget {
    fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            cells: 0,
            text_bytes: 0,
        }
    }

    /// Charges `count` copies of a cell of `text_len` bytes, or says which cap it would pass.
    fn charge(
        &mut self,
        location: impl FnOnce() -> String,
        count: u64,
        text_len: u64,
    ) -> Result<()> {
        let cells = self.cells.saturating_add(count);
        if cells > self.limits.max_cells {
            return Err(DataError::TooLarge {
                location: location(),
                what: format!("the number of cells ({cells} so far, repeats counted)"),
                limit: format!("{} cells", self.limits.max_cells),
            }
            .into());
        }
        self.charge_bytes(location, count.saturating_mul(text_len))?;
        self.cells = cells;
        Ok(())
    }

    /// Charges `extra` bytes of text added to a cell already counted.
    fn charge_bytes(&mut self, location: impl FnOnce() -> String, extra: u64) -> Result<()> {
        let text = self.text_bytes.saturating_add(extra);
        if text > self.limits.max_text_bytes {
            return Err(DataError::TooLarge {
                location: location(),
                what: format!("the text of the cells ({text} bytes so far, repeats counted)"),
                limit: super::human_bytes(self.limits.max_text_bytes),
            }
            .into());
        }
        self.text_bytes = text;
        Ok(())
    }
}

/// Reads the chosen sheet of a workbook.
pub fn read(name: &str, kind: Kind, bytes: &[u8], options: &ReadOptions) -> Result<Sheet> {
    match kind {
        Kind::Numbers => {
            return Err(DataError::Unsupported {
                file: name.into(),
                what: "an Apple Numbers document".into(),
                // Numbers cannot save as .xlsx, only export: the generic hint's "save it as
                // .xlsx" names no step a Numbers user can find.
                hint: "in Numbers choose File > Export To > Excel (or CSV) and pass the \
                       exported file"
                    .into(),
            }
            .into());
        }
        Kind::Delimited => return super::delimited::read(name, bytes, options),
        _ => {}
    }
    // A file of no bytes (a failed save or download) is empty, as an empty CSV is, not a
    // "damaged" zip missing its directory.
    if bytes.is_empty() {
        return Err(DataError::Empty { file: name.into() }.into());
    }
    if let Some(error) = text_named_as_workbook(name, bytes) {
        return Err(error);
    }
    if is_encrypted(bytes) {
        return Err(unsupported(
            name,
            "a password-protected (encrypted) workbook",
        ));
    }
    let recalc_pending = match kind {
        Kind::Xlsx | Kind::Ods | Kind::Xlsb => inspect_zip(name, bytes, options)?,
        Kind::Xls => {
            biff::check(name, bytes, &options.limits)?;
            false
        }
        Kind::Delimited | Kind::Numbers => false,
    };
    let outcome = contain_panics(|| match kind {
        Kind::Ods => ods::read(name, bytes, options),
        _ => read_cells(name, kind, bytes, options, recalc_pending),
    });
    let (sheet_name, sheets, cells, chart_passed) = match outcome {
        Some(result) => result?,
        None => {
            return Err(malformed(
                name,
                "the workbook is damaged and cannot be read (the reader gave up on it); \
                 open it in Excel or LibreOffice, save it again, or export the sheet as CSV UTF-8",
            ));
        }
    };
    let sheet_count = sheets.len();
    let first_of = if options.sheet.is_none() && sheet_count > 1 {
        sheets
    } else {
        Vec::new()
    };
    let mut sheet = build_sheet(name, sheet_name, first_of, cells, options)?;
    if let (
        None,
        true,
        Origin::Workbook {
            sheet: chosen,
            first_of,
            ..
        },
    ) = (&options.sheet, sheet_count > 1, &sheet.origin)
    {
        let note = if chart_passed {
            format!(
                "{name}: read the first visible sheet of cells, {chosen}, of {sheet_count} (chart sheets and hidden sheets are passed over); pass --sheet NAME or --sheet NUMBER to read another"
            )
        } else if first_of.first().is_some_and(|first| first != chosen) {
            format!(
                "{name}: read the first visible sheet, {chosen}, of {sheet_count} (hidden sheets are passed over); pass --sheet NAME or --sheet NUMBER to read another"
            )
        } else {
            format!(
                "{name}: read the first sheet, {chosen}, of {sheet_count}; pass --sheet NAME or --sheet NUMBER to read another"
            )
        };
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

/// The error for a workbook that is cut short or broken, with the reader's reason.
fn damaged(name: &str, reason: &str) -> crate::error::Error {
    malformed(
        name,
        &format!(
            "the workbook is damaged or truncated ({reason}); open it in Excel or LibreOffice \
             and save it again, or export the sheet as CSV UTF-8"
        ),
    )
}

/// The error for a file named as a workbook (`.xls`, `.xlsx`, `.ods`) whose content is text:
/// a web page, an Excel 2003 XML sheet (both what "Export to Excel" buttons of web sites
/// save as `.xls`), or delimited text. Told from the first bytes: neither a zip nor a
/// compound file, no NUL byte (or a UTF-16 byte order mark). `None` for anything else,
/// which the workbook readers judge.
fn text_named_as_workbook(name: &str, bytes: &[u8]) -> Option<crate::error::Error> {
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0];
    if bytes.is_empty() || bytes.starts_with(b"PK") || bytes.starts_with(CFB) {
        return None;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 && head.contains(&0) {
        return None;
    }
    let lower: Vec<u8> = head
        .iter()
        .filter(|b| **b != 0)
        .map(u8::to_ascii_lowercase)
        .collect();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    let what = if has(b"urn:schemas-microsoft-com:office:spreadsheet") {
        "an Excel 2003 XML spreadsheet"
    } else if has(b"<html") || has(b"<table") || has(b"<!doctype html") {
        "a web page (HTML)"
    } else {
        return Some(malformed(
            name,
            "this file is plain text, not a workbook, although its name ends like one; rename \
             it to .csv (or .txt) and run again to read it as delimited text",
        ));
    };
    Some(malformed(
        name,
        &format!(
            "this file is {what}, not an .xlsx, .xls or .ods workbook, although its name ends \
             like one (a web site's \"Export to Excel\" often saves one so); open it in Excel or \
             LibreOffice and save it as .xlsx or as CSV UTF-8"
        ),
    ))
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

/// The error for a part of a zipped workbook that unpacks past `max_part_bytes`.
fn part_too_large(name: &str, part: &str, size: &str, limits: &Limits) -> crate::error::Error {
    DataError::TooLarge {
        location: name.into(),
        what: format!(
            "the part {part} of the workbook, which unpacks to {size} (a file that inflates this much may be a zip bomb)"
        ),
        limit: super::human_bytes(limits.max_part_bytes),
    }
    .into()
}

/// A zip entry's name for messages (a name that is not UTF-8 is shown lossily).
fn part_name(name: zip::result::ZipResult<std::borrow::Cow<'_, str>>) -> String {
    name.map_or_else(
        |e| format!("(unnamed: {e})"),
        |n| crate::text::escape_controls(&n),
    )
}

/// A writer that throws bytes away, counting them and the shared-string entries (`<si>`)
/// among them.
#[derive(Default)]
struct CountingSink {
    bytes: u64,
    strings: u64,
    /// The last bytes of the previous write, so a `<si>` split between writes is found.
    tail: Vec<u8>,
    count_strings: bool,
}

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes = self
            .bytes
            .saturating_add(u64::try_from(buf.len()).unwrap_or(u64::MAX));
        if self.count_strings {
            // A match is counted in the write that brings its last byte: the 3 bytes kept
            // from before cannot hold a whole `<si>` themselves.
            let mut window = std::mem::take(&mut self.tail);
            window.extend_from_slice(buf);
            self.strings += window
                .windows(4)
                .filter(|w| w.starts_with(b"<si") && matches!(w[3], b'>' | b' ' | b'/'))
                .count() as u64;
            self.tail = window[window.len().saturating_sub(3)..].to_vec();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Checks a zipped workbook before any reader opens it: inflates every part once, counting
/// the bytes actually produced, and refuses a part past `max_part_bytes` or a whole past the
/// file cap (a zip bomb), shared strings past `max_cells`, and a part that is cut short or
/// fails its checksum (damaged). Reports whether formulas await recalculation
/// (`fullCalcOnLoad`, written by libraries that leave 0 as every formula's value).
fn inspect_zip(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<bool> {
    let limits = &options.limits;
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(name, &format!("{e}")))?;
    let cap = limits.max_file_bytes;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| damaged(name, &format!("{e}")))?;
        if entry.size() > limits.max_part_bytes {
            return Err(part_too_large(
                name,
                &part_name(entry.name()),
                &format!("{} bytes", entry.size()),
                limits,
            ));
        }
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
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| damaged(name, &format!("{e}")))?;
        let part = part_name(entry.name());
        if entry.is_dir() {
            continue;
        }
        let mut sink = CountingSink {
            count_strings: part.eq_ignore_ascii_case("xl/sharedStrings.xml"),
            ..CountingSink::default()
        };
        let mut head = Vec::new();
        if part == "xl/workbook.xml" {
            (&mut entry)
                .take(4 << 20)
                .read_to_end(&mut head)
                .map_err(|e| damaged(name, &format!("{part}: {e}")))?;
            let text = String::from_utf8_lossy(&head);
            recalc =
                text.contains("fullCalcOnLoad=\"1\"") || text.contains("fullCalcOnLoad=\"true\"");
        }
        let room = limits.max_part_bytes.saturating_add(1);
        std::io::copy(&mut (&mut entry).take(room), &mut sink)
            .map_err(|e| damaged(name, &format!("{part}: {e}")))?;
        let inflated = sink
            .bytes
            .saturating_add(u64::try_from(head.len()).unwrap_or(u64::MAX));
        if inflated > limits.max_part_bytes {
            return Err(part_too_large(
                name,
                &part,
                &format!("more than {inflated} bytes"),
                limits,
            ));
        }
        if sink.strings > limits.max_cells {
            return Err(DataError::TooLarge {
                location: name.into(),
                what: format!("the shared strings ({} entries)", sink.strings),
                limit: format!("{} cells", limits.max_cells),
            }
            .into());
        }
        drop(entry);
        if part.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            check_unique_count(name, &mut archive, &part, limits)?;
        }
    }
    Ok(recalc)
}

/// calamine reserves room for the `uniqueCount` an `.xlsx`'s shared strings declare, before
/// reading them: a declared count past `max_cells` is refused first.
fn check_unique_count<R: Read + std::io::Seek>(
    name: &str,
    archive: &mut zip::ZipArchive<R>,
    part: &str,
    limits: &Limits,
) -> Result<()> {
    let mut head = Vec::new();
    if let Ok(entry) = archive.by_name(part) {
        let _ = entry.take(4096).read_to_end(&mut head);
    }
    let text = String::from_utf8_lossy(&head);
    let Some(at) = text.find("uniqueCount=") else {
        return Ok(());
    };
    let digits: String = text[at + "uniqueCount=".len()..]
        .chars()
        .skip(1)
        .take_while(char::is_ascii_digit)
        .collect();
    let count = digits.parse::<u64>().unwrap_or(u64::MAX);
    if count > limits.max_cells {
        return Err(DataError::TooLarge {
            location: name.into(),
            what: format!("the shared strings it declares ({digits})"),
            limit: format!("{} cells", limits.max_cells),
        }
        .into());
    }
    Ok(())
}

/// Opens an `.xlsx`, `.xlsb` or `.xls` workbook, picks the sheet and returns its name, the
/// names of every sheet and its non-empty cells as text.
fn read_cells(
    name: &str,
    kind: Kind,
    bytes: &[u8],
    options: &ReadOptions,
    recalc_pending: bool,
) -> Result<Picked> {
    let cursor = Cursor::new(bytes);
    let damaged = |e: &dyn std::fmt::Display| {
        let text = e.to_string();
        if text.to_lowercase().contains("password") {
            unsupported(name, "a password-protected (encrypted) workbook")
        } else {
            damaged(name, &text)
        }
    };
    let mut budget = Budget::new(options.limits);
    let mut cells = Cells::default();
    // Stores a non-blank cell; says whether it was stored.
    let mut keep = |sheet: &str, row: u32, column: u32, text: String| -> Result<bool> {
        check_position(name, sheet, row, column, options)?;
        if text.trim().is_empty() {
            return Ok(false);
        }
        check_cell(name, sheet, row, column, &text, options)?;
        let len = u64::try_from(text.len()).unwrap_or(u64::MAX);
        budget.charge(|| place(name, sheet, row, Some(column)).to_string(), 1, len)?;
        let at = cells
            .store(&text)
            .ok_or_else(|| super::too_much_text(name))?;
        cells.push(row, column, at);
        Ok(true)
    };
    match kind {
        Kind::Xlsx => {
            let mut workbook: calamine::Xlsx<_> =
                calamine::Xlsx::new(cursor).map_err(|e| damaged(&e))?;
            let names = workbook.sheet_names();
            let skips = sheet_skips(workbook.sheets_metadata());
            let (sheet, chart_passed) = choose_sheet(name, &names, &skips, options)?;
            let mut reader = workbook
                .worksheet_cells_reader(&sheet)
                .map_err(|e| damaged(&e))?;
            // The currency each style shows, by style id: one entry per `<xf>` of
            // styles.xml, a part already held to `max_part_bytes` by `inspect_zip`.
            let currencies: Vec<Option<Currency>> = reader
                .styles()
                .iter()
                .map(|style| {
                    style.number_format.as_ref().and_then(|format| {
                        numfmt::currency_of_format(&format.format_code, format.format_id)
                    })
                })
                .collect();
            // Whether each style shows its number as a percentage (`0%`).
            let percents: Vec<bool> = reader
                .styles()
                .iter()
                .map(|style| {
                    style.number_format.as_ref().is_some_and(|format| {
                        numfmt::is_percent_format(&format.format_code, format.format_id)
                    })
                })
                .collect();
            let any_currency =
                currencies.iter().any(Option::is_some) || percents.iter().any(|&p| p);
            // The numbers kept, as (place among the sheet's `<c>` elements, index in
            // `cells`); gathered only when some style shows a currency or a percentage.
            let mut numbers: Vec<(u64, usize)> = Vec::new();
            let mut ordinal: u64 = 0;
            let mut kept = 0usize;
            while let Some(cell) = reader.next_cell_with_formula().map_err(|e| damaged(&e))? {
                let (row, column) = cell.pos;
                if cell.formula.is_some()
                    && (recalc_pending || matches!(cell.value, DataRef::Empty))
                {
                    check_position(name, &sheet, row, column, options)?;
                    return Err(uncalculated(name, &sheet, row, column));
                }
                let number = matches!(cell.value, DataRef::Int(_) | DataRef::Float(_));
                if keep(&sheet, row, column, data_ref_text(&cell.value))? {
                    if any_currency && number {
                        numbers.push((ordinal, kept));
                    }
                    kept += 1;
                }
                ordinal += 1;
            }
            drop(reader);
            if !numbers.is_empty() {
                // calamine 0.38 streams a cell's value with its formula
                // (`next_cell_with_formula`) or with its style id
                // (`next_cell_with_style_id`), never both in one call, and its whole-sheet
                // `worksheet_style` holds every styled cell. So a workbook whose styles
                // show a currency gets a second streaming pass over the same sheet: both
                // passes see the same `<c>` elements in the same order, so the n-th cell of
                // one is the n-th of the other, and `numbers` (already within the cell
                // budget) is all that is kept between them.
                let mut reader = workbook
                    .worksheet_cells_reader(&sheet)
                    .map_err(|e| damaged(&e))?;
                let mut ordinal: u64 = 0;
                let mut pending = numbers.into_iter().peekable();
                while let Some(&(wanted, index)) = pending.peek() {
                    let Some((_, style)) =
                        reader.next_cell_with_style_id().map_err(|e| damaged(&e))?
                    else {
                        break;
                    };
                    if ordinal == wanted {
                        pending.next();
                        let cell = cells.cells[index];
                        let shown = match currencies.get(style) {
                            Some(Some(currency)) => {
                                Some(numfmt::with_marker(*currency, cells.text(&cell)))
                            }
                            _ if percents.get(style).copied().unwrap_or(false) => {
                                numfmt::as_percent(cells.text(&cell))
                            }
                            _ => None,
                        };
                        if let Some(text) = shown {
                            check_cell(name, &sheet, cell.row, cell.column, &text, options)?;
                            let extra = text.len().saturating_sub(cell.len as usize);
                            budget.charge_bytes(
                                || place(name, &sheet, cell.row, Some(cell.column)).to_string(),
                                u64::try_from(extra).unwrap_or(u64::MAX),
                            )?;
                            cells
                                .replace(index, &text)
                                .ok_or_else(|| super::too_much_text(name))?;
                        }
                    }
                    ordinal += 1;
                }
            }
            Ok((sheet, names, cells, chart_passed))
        }
        Kind::Xlsb => {
            let mut workbook: calamine::Xlsb<_> =
                calamine::Xlsb::new(cursor).map_err(|e| damaged(&e))?;
            let names = workbook.sheet_names();
            let skips = sheet_skips(workbook.sheets_metadata());
            let (sheet, chart_passed) = choose_sheet(name, &names, &skips, options)?;
            let mut reader = workbook
                .worksheet_cells_reader(&sheet)
                .map_err(|e| damaged(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| damaged(&e))? {
                let (row, column) = cell.get_position();
                keep(&sheet, row, column, data_ref_text(cell.get_value()))?;
            }
            Ok((sheet, names, cells, chart_passed))
        }
        Kind::Xls => {
            // calamine parses every sheet of an .xls when it opens it; `biff::check` has
            // already refused grids over budget.
            let mut workbook: calamine::Xls<_> =
                calamine::Xls::new(cursor).map_err(|e| damaged(&e))?;
            let names = workbook.sheet_names();
            let skips = sheet_skips(workbook.sheets_metadata());
            let (sheet, chart_passed) = choose_sheet(name, &names, &skips, options)?;
            let range = workbook.worksheet_range(&sheet).map_err(|e| damaged(&e))?;
            let (top, left) = range.start().unwrap_or((0, 0));
            for (row, column, value) in range.used_cells() {
                let row = u32::try_from(row).unwrap_or(u32::MAX).saturating_add(top);
                let column = u32::try_from(column)
                    .unwrap_or(u32::MAX)
                    .saturating_add(left);
                keep(&sheet, row, column, data_text(value))?;
            }
            Ok((sheet, names, cells, chart_passed))
        }
        Kind::Ods | Kind::Delimited | Kind::Numbers => unreachable!("handled by the caller"),
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

/// Says that `sheet`, the one read, is only the first of `sheets`, listing them with how
/// to read another: `this is the first sheet, "Notes", of 2: 1 "Notes", 2 "Shortlist"; if
/// the shortlist is on another sheet, pass --sheet NAME or --sheet NUMBER`.
pub(super) fn other_sheets(sheet: &str, sheets: &[String]) -> String {
    let list = crate::text::join(
        sheets
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} \"{}\"", i + 1, crate::error::quote_cell(s))),
        ", ",
    );
    let visible = if sheets.first().is_some_and(|first| first != sheet) {
        " visible"
    } else {
        ""
    };
    format!(
        "this is the first{visible} sheet, \"{}\", of {}: {list}; if the shortlist is on another \
         sheet, pass --sheet NAME or --sheet NUMBER",
        crate::error::quote_cell(sheet),
        sheets.len()
    )
}

/// Why a sheet is passed over when no `--sheet` is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    /// A sheet of cells the user sees: never passed over.
    No,
    /// A hidden sheet of cells (lookups, an old shortlist).
    Hidden,
    /// A sheet that holds no cells: a chart sheet (Excel puts one made with "Move Chart →
    /// New sheet" before the data), a dialog or macro sheet.
    NotCells(&'static str),
}

/// Why each of a workbook's sheets would be passed over, in sheet order.
fn sheet_skips(metadata: &[calamine::Sheet]) -> Vec<Skip> {
    metadata
        .iter()
        .map(|s| match s.typ {
            calamine::SheetType::WorkSheet if s.visible == calamine::SheetVisible::Visible => {
                Skip::No
            }
            calamine::SheetType::WorkSheet => Skip::Hidden,
            calamine::SheetType::ChartSheet => Skip::NotCells("a chart"),
            _ => Skip::NotCells("a dialog or macro sheet"),
        })
        .collect()
}

/// Picks the sheet `--sheet` names (by name ignoring case, or by number from 1), or the
/// first one the user sees: the first sheet of cells not hidden (a hidden sheet of lookups
/// or of an old shortlist is not the one a user means, a chart sheet has no cells), or the
/// first sheet of cells if all are hidden. Also says whether a chart sheet was passed over.
/// A sheet asked for that holds no cells is a usage error naming the sheets that do.
fn choose_sheet(
    name: &str,
    sheets: &[String],
    skips: &[Skip],
    options: &ReadOptions,
) -> Result<(String, bool)> {
    if sheets.is_empty() {
        return Err(malformed(
            name,
            "the workbook has no sheets; open it in Excel or LibreOffice, check that it holds \
             the shortlist and save it again, or export the sheet as CSV UTF-8",
        ));
    }
    let skip = |i: usize| skips.get(i).copied().unwrap_or(Skip::No);
    let list = |pick: &dyn Fn(usize) -> bool| {
        crate::text::join(
            sheets
                .iter()
                .enumerate()
                .filter(|(i, _)| pick(*i))
                .map(|(i, s)| format!("{} \"{}\"", i + 1, crate::text::escape_controls(s))),
            ", ",
        )
    };
    let found = match &options.sheet {
        None => (0..sheets.len())
            .find(|&i| skip(i) == Skip::No)
            .or_else(|| (0..sheets.len()).find(|&i| skip(i) == Skip::Hidden))
            .or_else(|| (!sheets.is_empty()).then_some(0)),
        Some(SheetChoice::Number(n)) => n.checked_sub(1).filter(|&i| i < sheets.len()),
        Some(SheetChoice::Name(wanted)) => sheets
            .iter()
            .position(|s| s.trim().eq_ignore_ascii_case(wanted.trim())),
    };
    if let Some(i) = found
        && let Skip::NotCells(what) = skip(i)
    {
        let cells = list(&|j| !matches!(skip(j), Skip::NotCells(_)));
        let others = if cells.is_empty() {
            "the workbook has no sheet of cells; open it in Excel or LibreOffice and check \
             that it holds the shortlist, or export the sheet as CSV UTF-8"
                .to_owned()
        } else {
            format!(
                "the sheets of cells are {cells}. Pass --sheet with one of those names or numbers"
            )
        };
        return Err(crate::error::Error::usage(format!(
            "{name}: the sheet \"{}\" is {what}, not a table of cells; {others}",
            crate::text::escape_controls(&sheets[i])
        )));
    }
    let found = found.map(|i| {
        let chart_passed =
            options.sheet.is_none() && (0..i).any(|j| matches!(skip(j), Skip::NotCells(_)));
        (sheets[i].clone(), chart_passed)
    });
    found.ok_or_else(|| {
        let asked = match &options.sheet {
            Some(SheetChoice::Number(n)) => format!("there is no sheet number {n}"),
            Some(SheetChoice::Name(s)) => format!("there is no sheet named \"{s}\""),
            None => "the workbook has no sheets".into(),
        };
        let list = list(&|_| true);
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
        DataRef::DateTimeIso(s) => iso_date_text(s),
        DataRef::DurationIso(s) => s.clone(),
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
        Data::DateTimeIso(s) => iso_date_text(s),
        Data::DurationIso(s) => s.clone(),
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

/// A date stored as ISO 8601 text (an `.xlsx` `t="d"` cell, as Excel's Strict Open XML
/// writes dates; an `.ods` `office:date-value`) in the form [`date_text`] gives a date
/// stored as a serial number: `2026-09-01T00:00:00` is `2026-09-01`, `2026-09-01T12:30:00`
/// is `2026-09-01 12:30:00`. Text of any other shape is kept as written.
fn iso_date_text(iso: &str) -> String {
    let iso = iso.trim();
    let Some((date, time)) = iso.split_once('T') else {
        return iso.to_owned();
    };
    let time = time.strip_suffix('Z').unwrap_or(time);
    let time = match time.split_once('.') {
        Some((whole, fraction)) if fraction.bytes().all(|b| b == b'0') => whole,
        _ => time,
    };
    let shaped = |text: &str, pattern: &str| {
        text.len() == pattern.len()
            && text.bytes().zip(pattern.bytes()).all(|(t, p)| match p {
                b'9' => t.is_ascii_digit(),
                _ => t == p,
            })
    };
    if !shaped(date, "9999-99-99") || !shaped(time, "99:99:99") {
        return iso.to_owned();
    }
    if time == "00:00:00" {
        date.to_owned()
    } else {
        format!("{date} {time}")
    }
}

/// A number as the spreadsheet shows it: rounded to 15 significant digits, the precision
/// Excel, LibreOffice and Google Sheets show, keep when a number is typed and write to CSV,
/// in plain decimal form without trailing zeros (`4.5`, `0.1`, `15000`). A formula's value
/// carries binary noise the suite never shows: `=24500*1.1` is stored as
/// `26950.000000000004` and shown, exported and compared as `26950`, and `=0.1+0.2` as `0.3`.
fn float_text(f: f64) -> String {
    // A whole number below 10^15 has at most 15 significant digits, so rounding leaves it
    // as it is: its digits, without the decimal formatting below (most numbers in a
    // shortlist are ratings, hours and amounts). The general branch gives the same text.
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return (f as i64).to_string();
    }
    float_text_general(f)
}

/// [`float_text`] for any number.
fn float_text_general(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    // `{:.14e}` rounds exactly to 15 significant digits: `2.69500000000000e4`.
    let scientific = format!("{f:.14e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return format!("{f}");
    };
    let Ok(exponent) = exponent.parse::<i64>() else {
        return format!("{f}");
    };
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        return "0".into();
    }
    // The decimal point goes after `point` digits (before them when negative).
    let point = exponent.saturating_add(1);
    let len = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let zeros = |n: i64| "0".repeat(usize::try_from(n).unwrap_or(0));
    let body = if point <= 0 {
        format!("0.{}{digits}", zeros(-point))
    } else if point >= len {
        format!("{digits}{}", zeros(point - len))
    } else {
        let at = usize::try_from(point).unwrap_or(0);
        format!("{}.{}", &digits[..at], &digits[at..])
    };
    format!("{sign}{body}")
}

/// Lays the cells out as a sheet: header at the first non-blank row after `--skip-rows`,
/// columns spanning only those that hold something.
fn build_sheet(
    name: &str,
    sheet_name: String,
    first_of: Vec<String>,
    mut cells: Cells,
    options: &ReadOptions,
) -> Result<Sheet> {
    let skip = u32::try_from(options.skip_rows).unwrap_or(u32::MAX);
    cells.cells.retain(|cell| cell.row >= skip);
    // In sheet order, row by row; a position given twice (a malformed file) keeps the text
    // given last, the sort being stable.
    cells.cells.sort_by_key(|cell| (cell.row, cell.column));
    let kept = &cells.cells;
    let mut columns: Vec<u32> = kept.iter().map(|cell| cell.column).collect();
    columns.sort_unstable();
    columns.dedup();
    let row_count = kept.chunk_by(|a, b| a.row == b.row).count();
    // The dense grid is rows × kept columns: a diagonal of far-apart cells spans far more
    // than it holds, so the grid is charged before it is laid out.
    let grid = u64::try_from(row_count)
        .unwrap_or(u64::MAX)
        .saturating_mul(u64::try_from(columns.len()).unwrap_or(u64::MAX));
    if grid > options.limits.max_cells {
        return Err(DataError::TooLarge {
            location: format!("{name}, sheet {sheet_name}"),
            what: format!(
                "the grid its cells span ({row_count} rows by {} columns, {grid} cells)",
                columns.len()
            ),
            limit: format!("{} cells", options.limits.max_cells),
        }
        .into());
    }
    let index: std::collections::HashMap<u32, usize> =
        columns.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let width = columns.len();
    // Each row is laid out in `dense` in turn, blanks between its cells, and copied into
    // the table: no row is held as strings of its own.
    fn lay_out<'t>(
        dense: &mut Vec<&'t str>,
        row: &[RawCell],
        index: &std::collections::HashMap<u32, usize>,
        cells: &'t Cells,
    ) -> u64 {
        dense.clear();
        dense.resize(index.len(), "");
        for cell in row {
            dense[index[&cell.column]] = cells.text(cell);
        }
        u64::from(row[0].row) + 1
    }
    let mut rows = kept.chunk_by(|a, b| a.row == b.row);
    let Some(header) = rows.next() else {
        if first_of.len() > 1 {
            return Err(malformed(
                &format!("{name}, sheet {sheet_name}"),
                &format!(
                    "this sheet is empty; {}",
                    other_sheets(&sheet_name, &first_of)
                ),
            ));
        }
        return Err(DataError::Empty {
            file: format!("{name}, sheet {sheet_name},"),
        }
        .into());
    };
    let mut dense: Vec<&str> = Vec::with_capacity(width);
    let header_line = lay_out(&mut dense, header, &index, &cells);
    let headers = dense.iter().map(|h| h.trim().to_owned()).collect();
    let mut table = CellTable::new(width);
    for row in rows {
        let line = lay_out(&mut dense, row, &index, &cells);
        if !table.push_row(line, dense.iter().copied()) {
            return Err(super::too_much_text(name));
        }
    }
    let origin = Origin::Workbook {
        sheet: sheet_name,
        columns,
        first_of,
    };
    let mut sheet = Sheet {
        name: name.into(),
        headers,
        header_line,
        rows: table,
        origin,
        decimal_comma: options.decimal == Some(super::dialect::DecimalMark::Comma),
        text_encoding: None,
        notes: Vec::new(),
    };
    sheet.drop_blank_columns();
    sheet.refuse_repeated_header()?;
    sheet.drop_earlier_ranking();
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_read_as_serial_dates_do() {
        assert_eq!(iso_date_text("2026-09-01T00:00:00"), "2026-09-01");
        assert_eq!(iso_date_text("2026-09-01T00:00:00.000Z"), "2026-09-01");
        assert_eq!(iso_date_text("2026-09-01T12:30:05"), "2026-09-01 12:30:05");
        assert_eq!(iso_date_text("2026-09-01"), "2026-09-01");
        // Other shapes (a fraction of a second, an offset, a time alone) stay as written.
        for kept in [
            "2026-09-01T12:30:05.250",
            "2026-09-01T12:30:05+02:00",
            "PT36H00M00S",
            "T12:00:00",
        ] {
            assert_eq!(iso_date_text(kept), kept);
        }
    }

    proptest::proptest! {
        /// A whole number's text is its digits, as the general branch of [`float_text`]
        /// writes them (so the shortcut for whole numbers changes nothing).
        #[test]
        fn whole_numbers_read_as_their_digits(
            whole in -999_999_999_999_999i64..=999_999_999_999_999,
            small in -100_000i64..=100_000,
        ) {
            for n in [whole, small] {
                proptest::prop_assert_eq!(float_text_general(n as f64), n.to_string());
                proptest::prop_assert_eq!(float_text(n as f64), n.to_string());
            }
        }
    }

    #[test]
    fn cells_are_laid_out_by_position_whatever_their_order() {
        let mut cells = Cells::default();
        let put = |cells: &mut Cells, row: u32, column: u32, text: &str| {
            let at = cells.store(text).unwrap();
            cells.push(row, column, at);
        };
        // Out of order, as a malformed or hand-written workbook may list them.
        put(&mut cells, 2, 1, "5");
        put(&mut cells, 0, 0, "A title row");
        put(&mut cells, 1, 3, "note");
        put(&mut cells, 1, 1, "faculty_quality");
        put(&mut cells, 1, 0, "program");
        put(&mut cells, 2, 0, "first");
        // The same position again: the text given last wins.
        put(&mut cells, 2, 0, "A");
        // One text shared by two cells, as an `.ods` repeat stores them.
        let four = cells.store("4").unwrap();
        put(&mut cells, 4, 0, "B");
        cells.push(4, 1, four);
        put(&mut cells, 4, 3, "x");
        put(&mut cells, 5, 0, "C");
        cells.push(5, 1, four);
        // A currency style rewrites a cell's text after the fact.
        cells.replace(0, "€5").unwrap();
        let options = ReadOptions {
            skip_rows: 1,
            ..ReadOptions::default()
        };
        let sheet = build_sheet(
            "t.xlsx",
            "Sheet1".into(),
            vec!["Sheet1".into()],
            cells,
            &options,
        )
        .unwrap();
        assert_eq!(sheet.headers, ["program", "faculty_quality", "note"]);
        assert_eq!(sheet.header_line, 2);
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows.row_vec(0), ["A", "€5", ""]);
        assert_eq!(sheet.rows.row_vec(1), ["B", "4", "x"]);
        assert_eq!(sheet.rows.row_vec(2), ["C", "4", ""]);
        assert_eq!(
            (0..3).map(|r| sheet.rows.line(r)).collect::<Vec<_>>(),
            [3, 5, 6]
        );
    }

    #[test]
    fn floats_print_as_the_spreadsheet_shows_them() {
        assert_eq!(float_text(4.5), "4.5");
        assert_eq!(float_text(0.1), "0.1");
        assert_eq!(float_text(15000.0), "15000");
        // A formula's binary noise is rounded away at 15 significant digits, as shown.
        assert_eq!(float_text(24500.0 * 1.1), "26950");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(1234.56 * 36.0), "44444.16");
        assert_eq!(float_text(4.35 * 100.0), "435");
        assert_eq!(float_text(1.0 / 3.0), "0.333333333333333");
        assert_eq!(float_text(-2.0 / 3.0), "-0.666666666666667");
        assert_eq!(float_text(-1200.0), "-1200");
        assert_eq!(float_text(0.0), "0");
        assert_eq!(float_text(-0.0), "0");
        assert_eq!(float_text(0.000125), "0.000125");
        assert_eq!(float_text(1e20), "100000000000000000000");
        assert_eq!(float_text(123456789012345.0), "123456789012345");
        assert_eq!(float_text(1.5e-7), "0.00000015");
        assert_eq!(float_text(f64::NAN), "NaN");
    }

    fn one_part_zip(name: &str, bytes: &[u8]) -> Vec<u8> {
        use std::io::Write as _;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(name, options).unwrap();
        writer.write_all(bytes).unwrap();
        writer.finish().unwrap().into_inner()
    }

    fn limited(max_part_bytes: u64) -> ReadOptions {
        ReadOptions {
            limits: Limits {
                max_part_bytes,
                max_cells: 3,
                ..Limits::default()
            },
            ..ReadOptions::default()
        }
    }

    #[test]
    fn parts_are_refused_by_their_size_and_a_lying_size_is_damage() {
        let mut zip = one_part_zip("xl/worksheets/sheet1.xml", &[b'x'; 5000]);
        // Both headers now claim 100 bytes.
        let mut patched = 0;
        for at in 0..zip.len() - 46 {
            let size_at = match &zip[at..at + 4] {
                b"PK\x03\x04" => at + 22,
                b"PK\x01\x02" => at + 24,
                _ => continue,
            };
            zip[size_at..size_at + 4].copy_from_slice(&100u32.to_le_bytes());
            patched += 1;
        }
        assert_eq!(patched, 2);
        // The zip reader stops at the declared size: the lie is a damaged part, never a
        // part read past its size.
        let err = inspect_zip("lie.xlsx", &zip, &limited(1 << 20)).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::DATA, "{err}");
        assert!(err.to_string().contains("damaged or truncated"), "{err}");
        // An honest part over the cap is refused by its size.
        let zip = one_part_zip("xl/worksheets/sheet1.xml", &[b'x'; 5000]);
        let err = inspect_zip("big.xlsx", &zip, &limited(1000)).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("xl/worksheets/sheet1.xml") && text.contains("5000 bytes"),
            "{text}"
        );
    }

    #[test]
    fn shared_strings_are_counted_across_writes() {
        let strings = "<sst><si><t>a</t></si><si><t>b</t></si><si/><si ><t>c</t></si></sst>";
        let zip = one_part_zip("xl/sharedStrings.xml", strings.as_bytes());
        let err = inspect_zip("s.xlsx", &zip, &limited(1 << 20)).unwrap_err();
        assert!(
            err.to_string().contains("shared strings (4 entries)"),
            "{err}"
        );
        let mut sink = CountingSink {
            count_strings: true,
            ..CountingSink::default()
        };
        for chunk in strings.as_bytes().chunks(2) {
            std::io::Write::write_all(&mut sink, chunk).unwrap();
        }
        assert_eq!(sink.strings, 4);
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
        let pick = |skips: &[Skip], choice| {
            choose_sheet("w", &sheets, skips, &by(choice)).map(|(sheet, _)| sheet)
        };
        assert_eq!(pick(&[], None).unwrap(), "Notes");
        assert_eq!(
            pick(&[], Some(SheetChoice::Number(2))).unwrap(),
            "Shortlist"
        );
        assert_eq!(
            pick(&[], Some(SheetChoice::Name("shortlist".into()))).unwrap(),
            "Shortlist"
        );
        // A hidden first sheet is passed over by default, never when asked for.
        let hidden = [Skip::Hidden, Skip::No];
        assert_eq!(pick(&hidden, None).unwrap(), "Shortlist");
        assert_eq!(
            pick(&hidden, Some(SheetChoice::Number(1))).unwrap(),
            "Notes"
        );
        assert_eq!(pick(&[Skip::Hidden, Skip::Hidden], None).unwrap(), "Notes");
        let err = pick(&[], Some(SheetChoice::Name("x".into()))).unwrap_err();
        assert!(
            err.to_string()
                .contains("no sheet named \"x\"; the sheets are 1 \"Notes\", 2 \"Shortlist\""),
            "{err}"
        );
        // A chart sheet is passed over (and said to be), even before a hidden sheet of
        // cells; asked for, it is refused, naming the sheets of cells.
        let chart = [Skip::NotCells("a chart"), Skip::No];
        assert_eq!(
            choose_sheet("w", &sheets, &chart, &by(None)).unwrap(),
            ("Shortlist".to_owned(), true)
        );
        assert_eq!(
            choose_sheet("w", &sheets, &hidden, &by(None)).unwrap(),
            ("Shortlist".to_owned(), false)
        );
        assert_eq!(
            pick(&[Skip::NotCells("a chart"), Skip::Hidden], None).unwrap(),
            "Shortlist"
        );
        let err = pick(&chart, Some(SheetChoice::Name("notes".into()))).unwrap_err();
        assert!(
            err.to_string().contains(
                "the sheet \"Notes\" is a chart, not a table of cells; the sheets of cells are 2 \"Shortlist\""
            ),
            "{err}"
        );
        let charts = [Skip::NotCells("a chart"), Skip::NotCells("a chart")];
        let err = pick(&charts, None).unwrap_err();
        assert!(err.to_string().contains("no sheet of cells"), "{err}");
    }
}
