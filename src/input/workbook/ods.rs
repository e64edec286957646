//! Our own streaming reader for the `content.xml` of an OpenDocument spreadsheet (`.ods`).
//!
//! calamine's ODS reader spins forever on a `content.xml` that ends before
//! `</table:table>` (it ignores the end of the file), and copies every
//! `number-rows-repeated` / `number-columns-repeated` into real cells before anything can
//! count them (an 891-byte file reached 6 GB). This reader walks the XML once, as events:
//! - the end of the file inside any element is an error ("cut short"), never a loop;
//! - a blank cell or row, repeated or not, only moves the position: nothing is stored, so
//!   LibreOffice's million trailing blank rows cost nothing;
//! - a non-blank cell is charged to the [`Budget`], repeats multiplied, before it is copied;
//! - a cell's text (including `<text:s text:c="…"/>` runs of spaces) is capped while it
//!   grows.
//!
//! Values are read as calamine read them, so a sheet ranks the same: numbers (float,
//! percentage, currency) from `office:value` in their shortest form (a currency cell with
//! its `office:currency` marker before it, `€58000`), dates and times as the
//! ISO text stored, booleans as `true`/`false`, strings (and any cell whose value is not in
//! an attribute, as simple exporters write them) from their paragraphs joined by line breaks.

use super::{
    Budget, Cells, Picked, check_cell, choose_sheet, damaged, float_text, place, unsupported,
};
use crate::error::{DataError, Result};
use crate::input::{ReadOptions, SheetChoice};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use std::io::{BufRead, BufReader, Cursor, Read};

const TABLE: &str = "table:table";
const ROW: &str = "table:table-row";

/// Reads the chosen sheet of an `.ods`: its name, the names of every sheet and its
/// non-blank cells.
pub(super) fn read(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Picked> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(name, &e.to_string()))?;
    if let Ok(manifest) = archive.by_name("META-INF/manifest.xml") {
        let mut text = Vec::new();
        let _ = manifest.take(4 << 20).read_to_end(&mut text);
        if text
            .windows(b"manifest:encryption-data".len())
            .any(|w| w == b"manifest:encryption-data")
        {
            return Err(unsupported(
                name,
                "a password-protected (encrypted) workbook",
            ));
        }
    }
    let content = archive
        .by_name("content.xml")
        .map_err(|e| damaged(name, &format!("content.xml: {e}")))?;
    let limited = content.take(options.limits.max_part_bytes);
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(limited));
    xml.config_mut().trim_text(false);
    let mut reader = OdsReader {
        xml,
        buf: Vec::new(),
        file: name,
        options,
        budget: Budget::new(options.limits),
        cells: Cells::default(),
    };
    let (names, chosen) = reader.document()?;
    match chosen {
        Some(sheet) => Ok((sheet, names, reader.cells, false)),
        // No sheet matched: `choose_sheet` says so, listing the sheets (or that there are
        // none).
        None => choose_sheet(name, &names, &[], options)
            .map(|(sheet, _)| (sheet, names, Cells::default(), false)),
    }
}

/// Whether sheet number `index` (from 0), named `sheet`, is the one `--sheet` asks for;
/// with no `--sheet`, the first sheet not `hidden` (as in an `.xlsx`).
fn is_wanted(choice: Option<&SheetChoice>, index: usize, sheet: &str, hidden: bool) -> bool {
    match choice {
        None => !hidden,
        Some(SheetChoice::Number(n)) => index + 1 == *n,
        Some(SheetChoice::Name(wanted)) => sheet.trim().eq_ignore_ascii_case(wanted.trim()),
    }
}

/// What a cell's attributes say about its value.
enum Value {
    /// The value is in an attribute (numbers, dates, booleans, `office:string-value`).
    Attribute(String),
    /// The value is the cell's text content (strings, errors).
    Content,
    /// No value: a blank cell, whatever it contains.
    Blank,
}

struct OdsReader<'a, R: BufRead> {
    xml: quick_xml::Reader<R>,
    buf: Vec<u8>,
    file: &'a str,
    options: &'a ReadOptions,
    budget: Budget,
    cells: Cells,
}

impl<R: BufRead> OdsReader<'_, R> {
    fn next(&mut self) -> Result<Event<'static>> {
        self.buf.clear();
        match self.xml.read_event_into(&mut self.buf) {
            Ok(event) => Ok(event.into_owned()),
            Err(e) => Err(self.broken(&format!(
                "content.xml is not well-formed near byte {}: {e}",
                self.xml.error_position()
            ))),
        }
    }

    fn broken(&self, reason: &str) -> crate::error::Error {
        damaged(self.file, reason)
    }

    fn cut_short(&self, inside: &str) -> crate::error::Error {
        self.broken(&format!(
            "content.xml ends inside {inside}: the file was cut short"
        ))
    }

    /// The whole document: every sheet's name, and the name of the one read, if any.
    fn document(&mut self) -> Result<(Vec<String>, Option<String>)> {
        let mut names = Vec::new();
        let mut chosen = None;
        let mut depth = 0usize;
        // Hidden sheets: LibreOffice gives each a table style (in `office:automatic-styles`,
        // before the sheets) whose `style:table-properties` say `table:display="false"`.
        let mut hidden_styles: Vec<String> = Vec::new();
        let mut table_style: Option<String> = None;
        loop {
            let event = self.next()?;
            match &event {
                Event::Start(e) | Event::Empty(e) if e.name().0 == "style:style" => {
                    table_style = match self.attribute(e, "style:family")?.as_deref() {
                        Some("table") => self.attribute(e, "style:name")?,
                        _ => None,
                    };
                }
                Event::Start(e) | Event::Empty(e) if e.name().0 == "style:table-properties" => {
                    if let Some(style) = &table_style
                        && self.attribute(e, "table:display")?.as_deref() == Some("false")
                        && hidden_styles.len() < 4096
                    {
                        hidden_styles.push(style.clone());
                    }
                }
                _ => {}
            }
            let hidden = |this: &Self, e: &BytesStart<'_>| -> Result<bool> {
                Ok(this
                    .attribute(e, "table:style-name")?
                    .is_some_and(|style| hidden_styles.contains(&style)))
            };
            match event {
                Event::Start(e) if e.name().0 == TABLE => {
                    let sheet = self.attribute(&e, "table:name")?.unwrap_or_default();
                    self.charge_name(&sheet)?;
                    let wanted = chosen.is_none()
                        && is_wanted(
                            self.options.sheet.as_ref(),
                            names.len(),
                            &sheet,
                            hidden(self, &e)?,
                        );
                    names.push(sheet.clone());
                    self.table(wanted, &sheet)?;
                    if wanted {
                        chosen = Some(sheet);
                    }
                }
                Event::Empty(e) if e.name().0 == TABLE => {
                    let sheet = self.attribute(&e, "table:name")?.unwrap_or_default();
                    self.charge_name(&sheet)?;
                    if chosen.is_none()
                        && is_wanted(
                            self.options.sheet.as_ref(),
                            names.len(),
                            &sheet,
                            hidden(self, &e)?,
                        )
                    {
                        chosen = Some(sheet.clone());
                    }
                    names.push(sheet);
                }
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::Eof => {
                    if depth > 0 {
                        return Err(self.cut_short("the document"));
                    }
                    return Ok((names, chosen));
                }
                _ => {}
            }
        }
    }

    /// Charges a sheet's name like a cell: a file of a million empty sheets is bounded too.
    fn charge_name(&mut self, sheet: &str) -> Result<()> {
        let file = self.file;
        let len = u64::try_from(sheet.len()).unwrap_or(u64::MAX);
        self.budget.charge(|| file.to_owned(), 1, len)
    }

    /// One `<table:table>`, after its start tag, up to its end tag.
    fn table(&mut self, wanted: bool, sheet: &str) -> Result<()> {
        let mut row: u64 = 0;
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Event::Start(e) if e.name().0 == ROW => {
                    let repeat = self.repeat(&e, "table:number-rows-repeated")?;
                    self.row(wanted, sheet, row, repeat)?;
                    row = row.saturating_add(repeat);
                }
                Event::Empty(e) if e.name().0 == ROW => {
                    row = row.saturating_add(self.repeat(&e, "table:number-rows-repeated")?);
                }
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(self.cut_short(&format!("the sheet {sheet}"))),
                _ => {}
            }
        }
    }

    /// One `<table:table-row>` repeated `repeat` times from sheet row `row`, after its start
    /// tag, up to its end tag.
    fn row(&mut self, wanted: bool, sheet: &str, row: u64, repeat: u64) -> Result<()> {
        let mut column: u64 = 0;
        let mut depth = 0usize;
        loop {
            let event = self.next()?;
            let (cell, is_start) = match &event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => {
                    depth -= 1;
                    continue;
                }
                Event::Eof => return Err(self.cut_short(&format!("a row of the sheet {sheet}"))),
                _ => continue,
            };
            let name = cell.name().0;
            if name != "table:table-cell" && name != "table:covered-table-cell" {
                if is_start {
                    depth += 1;
                }
                continue;
            }
            let columns = self.repeat(cell, "table:number-columns-repeated")?;
            let value = if wanted {
                self.value(cell)?
            } else {
                Value::Blank
            };
            let text = match value {
                Value::Content if is_start => self.cell_text(sheet, row, column)?,
                Value::Attribute(text) => {
                    if is_start {
                        self.skip(sheet)?;
                    }
                    text
                }
                Value::Content | Value::Blank => {
                    if is_start {
                        self.skip(sheet)?;
                    }
                    String::new()
                }
            };
            if !text.trim().is_empty() && repeat > 0 && columns > 0 {
                self.keep(sheet, row, repeat, column, columns, text)?;
            }
            column = column.saturating_add(columns);
        }
    }

    /// Stores a non-blank cell repeated over `repeat` rows and `columns` columns, after
    /// checking the farthest position and charging every copy to the budget.
    fn keep(
        &mut self,
        sheet: &str,
        row: u64,
        repeat: u64,
        column: u64,
        columns: u64,
        text: String,
    ) -> Result<()> {
        let limits = &self.options.limits;
        let last_row = row.saturating_add(repeat - 1);
        let last_column = column.saturating_add(columns - 1);
        let first = position(row, column);
        let over = |what: String, limit: String| -> crate::error::Error {
            DataError::TooLarge {
                location: place(self.file, sheet, first.0, Some(first.1)).to_string(),
                what,
                limit,
            }
            .into()
        };
        let max_rows = u64::try_from(limits.max_rows)
            .unwrap_or(u64::MAX)
            .min(u64::from(u32::MAX));
        let max_columns = u64::try_from(limits.max_columns)
            .unwrap_or(u64::MAX)
            .min(u64::from(u32::MAX));
        if last_column >= max_columns {
            return Err(over(
                format!("this cell (repeated to column number {})", last_column + 1),
                format!("{max_columns} columns"),
            ));
        }
        if last_row >= max_rows {
            return Err(over(
                format!("this cell (repeated to row {})", last_row + 1),
                format!("{max_rows} rows"),
            ));
        }
        let (r, c) = first;
        check_cell(self.file, sheet, r, c, &text, self.options)?;
        let copies = repeat.saturating_mul(columns);
        let len = u64::try_from(text.len()).unwrap_or(u64::MAX);
        let file = self.file;
        self.budget
            .charge(|| place(file, sheet, r, Some(c)).to_string(), copies, len)?;
        // Every copy of a repeated cell shares its one text.
        let at = self
            .cells
            .store(&text)
            .ok_or_else(|| crate::input::too_much_text(file))?;
        for row in row..=last_row {
            for column in column..=last_column {
                let (row, column) = position(row, column);
                self.cells.push(row, column, at);
            }
        }
        Ok(())
    }

    /// An attribute's value, unescaped.
    fn attribute(&self, e: &BytesStart<'_>, key: &str) -> Result<Option<String>> {
        for attribute in e.attributes() {
            let attribute = attribute
                .map_err(|err| self.broken(&format!("content.xml: a broken attribute: {err}")))?;
            if attribute.key.0 == key {
                let value = attribute
                    .normalized_value(XmlVersion::Implicit1_0)
                    .map_err(|err| self.broken(&format!("content.xml: {key}: {err}")))?;
                return Ok(Some(value.into_owned()));
            }
        }
        Ok(None)
    }

    /// A repeat count (`number-rows-repeated`, `number-columns-repeated`), 1 when absent.
    fn repeat(&self, e: &BytesStart<'_>, key: &str) -> Result<u64> {
        match self.attribute(e, key)? {
            None => Ok(1),
            Some(text) => text.trim().parse::<u64>().map_err(|_| {
                self.broken(&format!(
                    "content.xml: {key}=\"{}\" is not a count",
                    crate::text::escape_controls(&text.chars().take(40).collect::<String>())
                ))
            }),
        }
    }

    /// The currency of a cell whose `office:value-type` is `currency`, from its
    /// `office:currency` code, when progrank knows it.
    fn currency(&self, e: &BytesStart<'_>) -> Result<Option<crate::values::Currency>> {
        if self.attribute(e, "office:value-type")?.as_deref() != Some("currency") {
            return Ok(None);
        }
        Ok(self
            .attribute(e, "office:currency")?
            .and_then(|code| crate::values::Currency::from_marker(&code)))
    }

    /// Where a cell's value is, from its attributes.
    fn value(&self, e: &BytesStart<'_>) -> Result<Value> {
        if let Some(number) = self.attribute(e, "office:value")? {
            let number = number.trim();
            return Ok(Value::Attribute(match number.parse::<f64>() {
                // A currency cell names its currency (`office:currency="EUR"`): the text
                // carries it as the user sees it, for the pipeline's currency detection.
                Ok(f) if f.is_finite() => match self.currency(e)? {
                    Some(currency) => super::numfmt::with_marker(currency, &float_text(f)),
                    None => float_text(f),
                },
                // Kept as written: the column's reader reports it with the cell's place.
                _ => number.to_owned(),
            }));
        }
        if let Some(date) = self.attribute(e, "office:date-value")? {
            return Ok(Value::Attribute(super::iso_date_text(&date)));
        }
        for key in ["office:time-value", "office:string-value"] {
            if let Some(text) = self.attribute(e, key)? {
                return Ok(Value::Attribute(text));
            }
        }
        if let Some(b) = self.attribute(e, "office:boolean-value")? {
            return Ok(Value::Attribute(
                matches!(b.trim(), "true" | "TRUE").to_string(),
            ));
        }
        // A string or an error cell, and any cell whose value is not in an attribute: a
        // cell without `office:value-type` (as simple exporters write every cell) or a
        // number without `office:value`. LibreOffice shows such a cell's text, so it is
        // read; a cell with no text is blank either way.
        Ok(Value::Content)
    }

    /// Skips the element whose start tag was just read, up to its end tag.
    fn skip(&mut self, sheet: &str) -> Result<()> {
        let mut depth = 0usize;
        loop {
            match self.next()? {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(self.cut_short(&format!("a cell of the sheet {sheet}"))),
                _ => {}
            }
        }
    }

    /// A string cell's text: its paragraphs joined by line breaks, `<text:s/>` as spaces,
    /// notes (`office:annotation`) and pictures or shapes anchored to the cell (`draw:frame`)
    /// left out; capped at the cell limit as it grows.
    fn cell_text(&mut self, sheet: &str, row: u64, column: u64) -> Result<String> {
        let cap = self.options.limits.max_cell_bytes;
        let (r, c) = position(row, column);
        let file = self.file;
        let too_large = |size: u64| -> crate::error::Error {
            DataError::TooLarge {
                location: place(file, sheet, r, Some(c)).to_string(),
                what: format!("this cell (at least {size} bytes)"),
                limit: crate::input::human_bytes(u64::try_from(cap).unwrap_or(u64::MAX)),
            }
            .into()
        };
        let mut text = String::new();
        let push = |text: &mut String, piece: &str, times: u64| -> Result<()> {
            let add = u64::try_from(piece.len())
                .unwrap_or(u64::MAX)
                .saturating_mul(times);
            let size = u64::try_from(text.len())
                .unwrap_or(u64::MAX)
                .saturating_add(add);
            if size > u64::try_from(cap).unwrap_or(u64::MAX) {
                return Err(too_large(size));
            }
            let add = usize::try_from(add).map_err(|_| too_large(size))?;
            text.try_reserve(add).map_err(|_| too_large(size))?;
            for _ in 0..times {
                text.push_str(piece);
            }
            Ok(())
        };
        let mut paragraphs = 0usize;
        let mut depth = 0usize;
        loop {
            let event = self.next()?;
            let (e, is_start) = match &event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::Text(t) => {
                    push(&mut text, &t.xml10_content(), 1)?;
                    continue;
                }
                Event::CData(t) => {
                    push(&mut text, t.as_ref(), 1)?;
                    continue;
                }
                Event::GeneralRef(r) => {
                    let resolved = match r.resolve_char_ref() {
                        Ok(Some(ch)) => ch.to_string(),
                        _ => quick_xml::escape::resolve_xml_entity(&r.xml10_content())
                            .ok_or_else(|| self.broken("content.xml: an unknown entity in a cell"))?
                            .to_owned(),
                    };
                    push(&mut text, &resolved, 1)?;
                    continue;
                }
                Event::End(_) if depth == 0 => return Ok(text),
                Event::End(_) => {
                    depth -= 1;
                    continue;
                }
                Event::Eof => return Err(self.cut_short(&format!("a cell of the sheet {sheet}"))),
                _ => continue,
            };
            let element = e.name().0;
            // A note, and a picture or shape anchored to the cell (LibreOffice writes them
            // inside it, with an empty paragraph and any title or description), are not
            // the cell's text: read, they put a line break or a caption in a name.
            if element == "office:annotation"
                || ["draw:", "svg:", "dr3d:", "chart:"]
                    .iter()
                    .any(|prefix| element.starts_with(prefix))
            {
                if is_start {
                    self.skip(sheet)?;
                }
                continue;
            }
            match element {
                "text:p" | "text:h" => {
                    if paragraphs > 0 {
                        push(&mut text, "\n", 1)?;
                    }
                    paragraphs += 1;
                }
                "text:s" => {
                    let count = match self.attribute(e, "text:c")? {
                        None => 1,
                        Some(n) => n.trim().parse::<u64>().map_err(|_| {
                            self.broken("content.xml: text:c in a cell is not a count")
                        })?,
                    };
                    push(&mut text, " ", count)?;
                }
                "text:tab" => push(&mut text, "\t", 1)?,
                "text:line-break" => push(&mut text, "\n", 1)?,
                _ => {}
            }
            if is_start {
                depth += 1;
            }
        }
    }
}

/// A position as the `u32`s a [`RawCell`] holds; callers have checked it against the row
/// and column caps, which are at most `u32::MAX`.
fn position(row: u64, column: u64) -> (u32, u32) {
    (
        u32::try_from(row).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}
