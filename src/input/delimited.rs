//! Delimited text (CSV, TSV, Excel's "Unicode text"): decoding, the quirks of real exports,
//! and the csv parse itself.
//!
//! In order: the text encoding is found from a byte order mark or the bytes themselves and
//! decoded to UTF-8; NUL bytes and unterminated quotes are refused; Excel's `sep=;` first
//! line is honoured and `--skip-rows` title lines dropped; the delimiter is sniffed among
//! `,` `;` tab `|` by checking which one splits the first rows consistently; then the csv
//! crate's parser (`csv_core`, driven on the bytes themselves) reads the records. Rows whose every cell is empty (Excel writes `,,,,` for blank
//! rows) are skipped, and blank columns at the right edge dropped.
//!
//! A large text is parsed in pieces on all cores: one quote scan finds record boundaries
//! (line ends outside quoted cells) to cut at, each piece gets a reader of the one
//! configuration (`reader_config`) that reads the file's first record again before its own
//! (so every row's length is compared with that record, as one reader does), and the pieces'
//! tables are joined in order. The checks that look at every cell (decimal-mark evidence,
//! blank columns, a repeated header) are gathered on the same threads, and the first error in
//! file order is the one reported: the sheet and the messages do not depend on the number of
//! pieces.

use super::dialect::DecimalEvidence;
use super::{
    CellTable, Encoding, MAX_TEXT_BYTES, Origin, ReadOptions, RowIndex, Sheet, TextEncoding,
};
use crate::error::{DataError, Error, Result};
use std::borrow::Cow;
use std::ops::Range;

/// The delimiters sniffed, in order of preference when two split the rows equally well.
pub const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many records the delimiter sniffer looks at.
const SNIFF_RECORDS: usize = 20;

/// How many bytes, at most, the delimiter sniffer looks at (cut at a line end).
const SNIFF_BYTES: usize = 64 * 1024;

/// A delimiter's name in messages.
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b',' => "comma (,)".into(),
        b';' => "semicolon (;)".into(),
        b'\t' => "tab".into(),
        b'|' => "pipe (|)".into(),
        other => format!("{:?}", char::from(other)),
    }
}

/// Reads delimited text into a sheet (from a copy of the bytes: see [`read_owned`]).
pub fn read(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<Sheet> {
    read_in_pieces(name, Cow::Borrowed(bytes), options, None)
}

/// Reads delimited text into a sheet, parsing it in place: the cells' text is written over
/// the bytes as they are read, and those bytes become the sheet's arena (UTF-16 and
/// Windows-1252 text is decoded first, and the bytes dropped then).
pub fn read_owned(name: &str, bytes: Vec<u8>, options: &ReadOptions) -> Result<Sheet> {
    read_in_pieces(name, Cow::Owned(bytes), options, None)
}

/// [`read`], parsing the records in `pieces` pieces of about equal size, each on its own
/// thread; `None` decides from the size of the text ([`PARALLEL_MIN_BYTES`]) and the cores.
/// The sheet (and any error) is the same whatever the number of pieces.
fn read_in_pieces(
    name: &str,
    bytes: Cow<[u8]>,
    options: &ReadOptions,
    pieces: Option<usize>,
) -> Result<Sheet> {
    let mut notes = Vec::new();
    // The decoded text, when decoding made a new one, or where the text starts in the
    // bytes (past a byte order mark).
    let (decoded, start, text_encoding) = {
        let (text, text_encoding) = decode(name, &bytes, options.encoding, &mut notes)?;
        if let Some(at) = memchr::memchr(0, &text) {
            let message = match looks_like_utf16(&bytes) {
                Some(order) if options.encoding == Encoding::Auto => format!(
                    "the file looks like UTF-16 text without a byte order mark; pass \
                     --encoding {order}, or save it again as \"CSV UTF-8\""
                ),
                _ => "the file holds a NUL byte, so it is not plain text (or not in the encoding \
                      given); check that this is the CSV export, and save it again as \"CSV UTF-8\""
                    .into(),
            };
            return Err(DataError::Malformed {
                location: format!("{name} line {}", line_of_offset(&text, at, 1)),
                message,
            }
            .into());
        }
        match text {
            Cow::Owned(text) => (Some(text), 0, text_encoding),
            Cow::Borrowed(text) => (None, bytes.len() - text.len(), text_encoding),
        }
    };
    // The one buffer from here on: the text is parsed in it, and it becomes the arena.
    let buffer = match decoded {
        Some(text) => {
            drop(bytes);
            text
        }
        None => bytes.into_owned(),
    };
    let text = &buffer[start..];
    let (rest, sep_delimiter, first_line) = strip_preamble(text, options.skip_rows);
    let start = start + (text.len() - rest.len());
    let text = rest;
    let delimiter = match options.delimiter.or(sep_delimiter) {
        Some(d) => d,
        None => sniff(text),
    };
    let pieces = pieces.unwrap_or_else(|| {
        if text.len() > PARALLEL_MIN_BYTES {
            crate::workers::cores()
                .saturating_mul(PIECES_PER_THREAD)
                .min(MAX_PIECES)
        } else {
            1
        }
    });
    let targets: Vec<usize> = (1..pieces).map(|k| text.len() / pieces * k).collect();
    let parts = if pieces == 1 {
        1
    } else {
        crate::workers::cores().min(pieces)
    };
    let quotes = super::rows::scan_quotes(text, first_line, delimiter, &targets, parts);
    if let Some(at) = quotes.unclosed {
        return Err(unclosed_quote_error(
            name,
            line_of_offset(text, at, first_line),
        ));
    }
    if delimiter != b',' {
        notes.push(format!(
            "{name}: columns are separated by {}",
            delimiter_name(delimiter)
        ));
    }
    super::check_header_width(name, text, delimiter, first_line, &options.limits)?;
    let (mut sheet, decimal) = parse(
        name,
        buffer,
        start,
        delimiter,
        first_line,
        options,
        &quotes.cuts,
    )?;
    sheet.origin = Origin::Text {
        delimiter,
        delimiter_given: options.delimiter.is_some(),
        rows: super::rows::RowNumbering::new(u64::from(sep_delimiter.is_some()), quotes.breaks),
    };
    let decimal = decimal.decide(name, delimiter, options.decimal);
    sheet.decimal_comma = decimal.comma;
    notes.extend(decimal.note);
    sheet.text_encoding = Some(text_encoding);
    sheet.notes = notes;
    sheet.drop_earlier_ranking();
    Ok(sheet)
}

/// Text longer than this is parsed in pieces on several threads; a shortlist never is.
const PARALLEL_MIN_BYTES: usize = 1 << 20;

/// Pieces per core: a thread slowed by another program leaves its next pieces to the
/// others.
const PIECES_PER_THREAD: usize = 4;

/// The most pieces the records are parsed in.
const MAX_PIECES: usize = 64;

/// The error for a quote opened on `line` and never closed.
fn unclosed_quote_error(name: &str, line: u64) -> Error {
    DataError::Malformed {
        location: format!("{name} line {line}"),
        message: "a cell opens a quote (\") that is never closed, so the rest of the \
                  file would be read as one cell; add the closing quote, or double a \
                  quote that belongs to the text (\"\")"
            .into(),
    }
    .into()
}

/// The reader configuration, the one used for every read of delimited text: the csv
/// crate's dialect (`"` quotes, `""` for a quote inside them, `\r`, `\n` or `\r\n` ending
/// a record). Records are read by [`Records`], which compares their lengths itself.
///
/// Each use builds its own: a built reader must not be cloned (csv-core 0.1.13's `Dfa`
/// clone copies the transition table only, and a clone then never finishes a record).
fn reader_config(delimiter: u8) -> csv_core::Reader {
    csv_core::ReaderBuilder::new().delimiter(delimiter).build()
}

/// One record as read: its cells' bytes end to end, and where each cell ends.
#[derive(Debug)]
struct Record {
    bytes: Vec<u8>,
    /// Cell `i` ends at `ends[i]` in `bytes`; only the first `cells` are this record's.
    ends: Vec<usize>,
    cells: usize,
    /// How many of `bytes` are this record's.
    used: usize,
}

impl Record {
    fn new() -> Record {
        Record {
            bytes: vec![0; 1024],
            ends: vec![0; 64],
            cells: 0,
            used: 0,
        }
    }

    /// The cells' bytes end to end.
    fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.used]
    }

    /// How many cells the record has.
    fn len(&self) -> usize {
        self.cells
    }

    /// The cells' bytes.
    fn iter(&self) -> impl DoubleEndedIterator<Item = &[u8]> + ExactSizeIterator + '_ {
        (0..self.cells).map(|i| {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            &self.bytes[start..self.ends[i]]
        })
    }
}

/// What reading on from some input found.
#[derive(Debug, PartialEq, Eq)]
enum Read {
    /// A record, ending after this many bytes of the input.
    Record(usize),
    /// The input ran out inside a record (only when not at the end of the text).
    More,
    /// No record is left.
    End,
}

/// Reads the next record from `input` into `record` with the reader `core` (one of
/// [`reader_config`]). At the end of the text (`eof`), the input running out ends the last
/// record; otherwise it asks for more (the record so far is kept in `record`, which the
/// next call, with `continued`, reads on into).
fn read_record(
    core: &mut csv_core::Reader,
    input: &[u8],
    record: &mut Record,
    eof: bool,
    continued: bool,
) -> Read {
    use csv_core::ReadRecordResult;
    let (mut nin, mut nout, mut nends) = if continued {
        (0, record.used, record.cells)
    } else {
        (0, 0, 0)
    };
    loop {
        // An empty input is the end of the text to the reader: past a piece's bytes, ask.
        if !eof && nin == input.len() {
            record.used = nout;
            record.cells = nends;
            return Read::More;
        }
        let (result, i, o, e) = core.read_record(
            &input[nin..],
            &mut record.bytes[nout..],
            &mut record.ends[nends..],
        );
        nin += i;
        nout += o;
        nends += e;
        match result {
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputFull => {
                let grown = record.bytes.len().saturating_mul(2);
                record.bytes.resize(grown, 0);
            }
            ReadRecordResult::OutputEndsFull => {
                let grown = record.ends.len().saturating_mul(2);
                record.ends.resize(grown, 0);
            }
            ReadRecordResult::Record => {
                record.used = nout;
                record.cells = nends;
                return Read::Record(nin);
            }
            ReadRecordResult::End => {
                record.used = 0;
                record.cells = 0;
                return Read::End;
            }
        }
    }
}

/// The records of a whole text, each compared in length with the first unless `flexible`:
/// the csv crate's reader, without its buffer.
struct Records<'t> {
    core: csv_core::Reader,
    text: &'t [u8],
    /// Where the next record's bytes start.
    pos: usize,
    /// The first record's length.
    first_len: Option<usize>,
    flexible: bool,
}

/// A record whose length is not the first record's: the offset it starts at, its length
/// and the first record's.
#[derive(Debug)]
struct Unequal {
    start: usize,
    len: usize,
    expected: usize,
}

impl<'t> Records<'t> {
    fn new(text: &'t [u8], delimiter: u8, flexible: bool) -> Records<'t> {
        Records {
            core: reader_config(delimiter),
            text,
            pos: 0,
            first_len: None,
            flexible,
        }
    }

    /// Reads the next record; `Ok(false)` at the end of the text. The record starts at the
    /// offset before the call (with any blank lines the reader skips).
    fn next(&mut self, record: &mut Record) -> std::result::Result<bool, Unequal> {
        let start = self.pos;
        match read_record(&mut self.core, &self.text[start..], record, true, false) {
            Read::Record(n) => {
                self.pos += n;
                check_len(&mut self.first_len, self.flexible, start, record)?;
                Ok(true)
            }
            Read::More | Read::End => {
                self.pos = self.text.len();
                Ok(false)
            }
        }
    }
}

/// Compares a record's length with the first record's (and remembers the first), as the
/// csv crate's strict reader does.
fn check_len(
    first_len: &mut Option<usize>,
    flexible: bool,
    start: usize,
    record: &Record,
) -> std::result::Result<(), Unequal> {
    match *first_len {
        None => *first_len = Some(record.len()),
        Some(expected) if !flexible && expected != record.len() => {
            return Err(Unequal {
                start,
                len: record.len(),
                expected,
            });
        }
        Some(_) => {}
    }
    Ok(())
}

/// Decodes the bytes to UTF-8 as `encoding` says (see [`Encoding`]). Under
/// [`Encoding::Utf8`] the bytes are returned as they are and invalid ones reported per cell.
/// Also returns the encoding decided and whether a byte order mark was there.
fn decode<'a>(
    name: &str,
    bytes: &'a [u8],
    encoding: Encoding,
    notes: &mut Vec<String>,
) -> Result<(Cow<'a, [u8]>, TextEncoding)> {
    let found = |encoding: Encoding, bom: bool| TextEncoding { encoding, bom };
    let utf8_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let utf16_bom = |be: bool| bytes.starts_with(if be { b"\xFE\xFF" } else { b"\xFF\xFE" });
    const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
    let utf16 = |enc: &'static encoding_rs::Encoding, body: &'a [u8]| -> Result<Cow<'a, [u8]>> {
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(DataError::Malformed {
                location: name.to_owned(),
                message: format!(
                    "the file is not valid {}; save it again as \"CSV UTF-8\"",
                    enc.name()
                ),
            }
            .into());
        }
        Ok(Cow::Owned(text.into_owned().into_bytes()))
    };
    let windows_1252 = |body: &'a [u8]| -> Cow<'a, [u8]> {
        let (text, _, _) = encoding_rs::WINDOWS_1252.decode(body);
        Cow::Owned(text.into_owned().into_bytes())
    };
    match encoding {
        Encoding::Utf8 => Ok((
            Cow::Borrowed(bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)),
            found(Encoding::Utf8, utf8_bom),
        )),
        Encoding::Utf16Le => Ok((
            utf16(
                encoding_rs::UTF_16LE,
                bytes.strip_prefix(b"\xFF\xFE").unwrap_or(bytes),
            )?,
            found(Encoding::Utf16Le, utf16_bom(false)),
        )),
        Encoding::Utf16Be => Ok((
            utf16(
                encoding_rs::UTF_16BE,
                bytes.strip_prefix(b"\xFE\xFF").unwrap_or(bytes),
            )?,
            found(Encoding::Utf16Be, utf16_bom(true)),
        )),
        Encoding::Windows1252 => Ok((windows_1252(bytes), found(Encoding::Windows1252, false))),
        Encoding::Auto => {
            if let Some(body) = bytes.strip_prefix(UTF8_BOM) {
                Ok((Cow::Borrowed(body), found(Encoding::Utf8, true)))
            } else if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
                Ok((
                    utf16(encoding_rs::UTF_16LE, body)?,
                    found(Encoding::Utf16Le, true),
                ))
            } else if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
                Ok((
                    utf16(encoding_rs::UTF_16BE, body)?,
                    found(Encoding::Utf16Be, true),
                ))
            } else if std::str::from_utf8(bytes).is_ok() {
                Ok((Cow::Borrowed(bytes), found(Encoding::Utf8, false)))
            } else if let Some(order) = looks_like_utf16(bytes) {
                Err(DataError::Malformed {
                    location: name.to_owned(),
                    message: format!(
                        "the file looks like UTF-16 text without a byte order mark; pass \
                         --encoding {order}, or save it again as \"CSV UTF-8\""
                    ),
                }
                .into())
            } else {
                notes.push(format!(
                    "{name} is not valid UTF-8; read it as Windows-1252 (Western European). \
                     If names look wrong, pass --encoding, or save the file as \"CSV UTF-8\""
                ));
                notes.extend(super::mixed_encoding_note(name, bytes));
                Ok((windows_1252(bytes), found(Encoding::Windows1252, false)))
            }
        }
    }
}

/// UTF-16 text without a BOM: mostly ASCII, so one byte of each pair is zero. Returns the
/// `--encoding` value to suggest.
fn looks_like_utf16(bytes: &[u8]) -> Option<&'static str> {
    let sample = &bytes[..bytes.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 >= pairs * 3 && even * 10 < pairs {
        Some("utf-16le")
    } else if even * 10 >= pairs * 3 && odd * 10 < pairs {
        Some("utf-16be")
    } else {
        None
    }
}

/// The 1-based line of byte `offset`, counting `\n`, `\r\n` and a lone `\r` as line ends.
fn line_of_offset(text: &[u8], offset: usize, first_line: u64) -> u64 {
    first_line + line_ends(text, 0..offset.min(text.len()))
}

/// The line ends in `text[range]`: each `\n`, and each `\r` that no `\n` follows (looking
/// past the range's end, so a `\r\n` cut after its `\r` counts once, at its `\n`). The
/// one count of lines every place here uses.
fn line_ends(text: &[u8], range: Range<usize>) -> u64 {
    let segment = &text[range.clone()];
    // A record's few bytes (the counter moves on one record at a time) are counted with
    // plain loops; `memchr`'s setup costs more than it saves there.
    if segment.len() < 64 {
        // Loops without a branch per byte, so the compiler runs them on many bytes at once
        // (a count under 64 fits in a byte, sixteen of which are added in one step).
        let count = |byte: u8| {
            let n = segment
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == byte)));
            usize::from(n)
        };
        let (newlines, returns) = (count(b'\n'), count(b'\r'));
        let lone_returns = if returns == 0 {
            0
        } else {
            let pairs = segment.windows(2).filter(|pair| pair == b"\r\n").count();
            let cut_pair = segment.last() == Some(&b'\r') && text.get(range.end) == Some(&b'\n');
            returns - pairs - usize::from(cut_pair)
        };
        return (newlines + lone_returns) as u64;
    }
    let newlines = memchr::memchr_iter(b'\n', segment).count();
    let lone_returns = memchr::memchr_iter(b'\r', segment)
        .filter(|&at| text.get(range.start + at + 1) != Some(&b'\n'))
        .count();
    u64::try_from(newlines + lone_returns).unwrap_or(u64::MAX)
}

/// The byte offset just past the first line end, or the end of the text.
fn after_first_line(text: &[u8]) -> usize {
    match text.iter().position(|&b| b == b'\n' || b == b'\r') {
        Some(i) if text[i] == b'\r' && text.get(i + 1) == Some(&b'\n') => i + 2,
        Some(i) => i + 1,
        None => text.len(),
    }
}

/// The delimiter X of Excel's `sep=X` first line (its line end trimmed), also as another
/// program saves it again after reading it as a cell: quoted (`"sep=;"`) or followed by the
/// row's empty cells (`"sep=;";;;`).
fn sep_line(line: &[u8]) -> Option<u8> {
    let (quoted, body) = match line.strip_prefix(b"\"") {
        Some(body) => (true, body),
        None => (false, line),
    };
    if body.len() < 5 || !body[..4].eq_ignore_ascii_case(b"sep=") {
        return None;
    }
    let delimiter = body[4];
    let mut rest = &body[5..];
    if quoted {
        rest = rest.strip_prefix(b"\"")?;
    }
    rest.iter().all(|&b| b == delimiter).then_some(delimiter)
}

/// Drops Excel's `sep=X` line (returning X) and then `skip_rows` title lines. Returns the
/// rest, the delimiter named by `sep=`, and the line number the rest starts on.
fn strip_preamble(text: &[u8], skip_rows: usize) -> (&[u8], Option<u8>, u64) {
    let mut rest = text;
    let mut line = 1;
    let mut sep = None;
    let first = &rest[..after_first_line(rest)];
    let first_trimmed = first.trim_ascii_end();
    if let Some(delimiter) = sep_line(first_trimmed) {
        sep = Some(delimiter);
        rest = &rest[first.len()..];
        line += 1;
    }
    for _ in 0..skip_rows {
        if rest.is_empty() {
            break;
        }
        rest = &rest[after_first_line(rest)..];
        line += 1;
    }
    (rest, sep, line)
}

/// The line of a quote that opens a cell and is never closed, if any. A quote opens a cell
/// only at its start, as the csv crate reads it; one inside unquoted text (`5" screen`) is
/// text.
#[cfg(test)]
fn unterminated_quote(text: &[u8], first_line: u64, delimiter: u8) -> Option<u64> {
    let at = super::rows::scan_quotes(text, first_line, delimiter, &[], 1).unclosed?;
    Some(line_of_offset(text, at, first_line))
}

/// Picks the delimiter that splits the first non-blank records into the same number of
/// cells, more than one; among several, the one giving the most cells. A comma when none
/// does (the csv error then names the ragged line).
pub fn sniff(text: &[u8]) -> u8 {
    // The first rows are enough, and a huge cell further down must not be read four times.
    let text = if text.len() > SNIFF_BYTES {
        let head = &text[..SNIFF_BYTES];
        head.iter()
            .rposition(|&b| b == b'\n')
            .map_or(head, |end| &head[..=end])
    } else {
        text
    };
    let mut best: Option<(usize, u8)> = None;
    for candidate in CANDIDATES {
        let mut records = Records::new(text, candidate, true);
        let mut record = Record::new();
        let mut counts = Vec::with_capacity(SNIFF_RECORDS);
        for _ in 0..SNIFF_RECORDS * 4 {
            if !matches!(records.next(&mut record), Ok(true)) {
                break;
            }
            if is_blank(&record) {
                continue;
            }
            let used = record.len()
                - record
                    .iter()
                    .rev()
                    .take_while(|c| c.trim_ascii().is_empty())
                    .count();
            counts.push((record.len(), used));
            if counts.len() == SNIFF_RECORDS {
                break;
            }
        }
        let Some(&(width, _)) = counts.first() else {
            continue;
        };
        let consistent = counts.iter().all(|&(w, _)| w == width);
        let used = counts.iter().map(|&(_, u)| u).max().unwrap_or(0);
        if consistent && used > 1 && best.is_none_or(|(w, _)| used > w) {
            best = Some((used, candidate));
        }
    }
    best.map_or(b',', |(_, d)| d)
}

/// Parses the records of `buffer[start..]` (already decoded, preamble removed) into a
/// sheet, and gathers the cells' evidence of the decimal mark. The records after the
/// header are parsed in pieces, one per range between the `cuts` (offsets of record starts
/// in the text, ascending), each on its own thread and in place: a piece writes its cells'
/// text over its own bytes as it reads them (a cell is never longer than the bytes it was
/// read from). The pieces' texts are then moved together at the front of the buffer, which
/// becomes the table's arena.
fn parse(
    name: &str,
    mut buffer: Vec<u8>,
    start: usize,
    delimiter: u8,
    first_line: u64,
    options: &ReadOptions,
    cuts: &[usize],
) -> Result<(Sheet, DecimalEvidence)> {
    let limits = options.limits;
    let text = &buffer[start..];
    let mut records = Records::new(text, delimiter, false);
    let mut lines = LineCounter::new(first_line);
    let mut record = Record::new();
    // Where the first record (often the header) ends: each piece's reader reads it again
    // first (so a byte order mark further on is text to it, as to one reader of the whole
    // text), and compares every row's length with it.
    let mut first_end = None;
    let (headers, header_line) = loop {
        let start = records.pos;
        match records.next(&mut record) {
            Ok(false) => {
                return Err(DataError::Empty { file: name.into() }.into());
            }
            Err(unequal) => {
                let line = lines.line_at(text, unequal.start);
                let skip = u64::try_from(options.skip_rows).unwrap_or(u64::MAX);
                let above = line.saturating_add(skip).saturating_sub(first_line);
                return Err(unequal_error(name, &unequal, line, above));
            }
            Ok(true) => {
                first_end.get_or_insert(records.pos);
                if !is_blank(&record) {
                    let line = lines.line_at(text, start);
                    if record.len() > limits.max_columns {
                        return Err(DataError::TooLarge {
                            location: format!("{name} line {line}"),
                            what: format!("the header ({} columns)", record.len()),
                            limit: format!("{} columns", limits.max_columns),
                        }
                        .into());
                    }
                    let cells = text_cells(name, &record, line, None, limits.max_cell_bytes)?;
                    break (
                        cells
                            .into_iter()
                            .map(|c| c.trim().to_owned())
                            .collect::<Vec<_>>(),
                        line,
                    );
                }
            }
        }
    };
    let data_start = records.pos;
    let first_end = first_end.unwrap_or_default();
    let mut sheet = Sheet {
        name: name.into(),
        headers,
        header_line,
        rows: CellTable::new(0),
        origin: Origin::Text {
            delimiter,
            delimiter_given: options.delimiter.is_some(),
            rows: super::rows::RowNumbering::default(),
        },
        decimal_comma: false,
        text_encoding: None,
        notes: Vec::new(),
    };
    let mut starts = vec![data_start];
    starts.extend(
        cuts.iter()
            .copied()
            .filter(|&cut| cut > data_start && cut < text.len()),
    );
    let first_lines = lines_at(text, first_line, &starts);
    let ranges: Vec<(Range<usize>, u64)> = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&text.len()]))
        .map(|(&start, &end)| start..end)
        .zip(first_lines)
        .collect();
    // The first record, read again by every piece, is copied: the first piece writes over it.
    let prefix = text[..first_end].to_vec();
    let context = PieceContext {
        name,
        prefix: &prefix,
        delimiter,
        headers: &sheet.headers,
        keys: sheet.header_keys(),
        max_cell_bytes: limits.max_cell_bytes,
        decimal: options.decimal.is_none(),
        first_line,
        skip_rows: u64::try_from(options.skip_rows).unwrap_or(u64::MAX),
    };
    // Each piece's bytes, for its thread to take.
    let mut chunks = Vec::with_capacity(ranges.len());
    let mut rest = &mut buffer[start + data_start..];
    for (range, _) in &ranges {
        let (chunk, tail) = rest.split_at_mut(range.len());
        chunks.push(std::sync::Mutex::new(Some(chunk)));
        rest = tail;
    }
    let results = crate::workers::in_turn(ranges.len(), crate::workers::cores(), |k| {
        let chunk = chunks[k]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
            .unwrap_or_default();
        context.parse(chunk, ranges[k].1)
    });
    drop(chunks);
    // The pieces in file order: the first error is the one a single reader meets first,
    // and text over the arena's cap is refused where that reader would refuse it.
    let mut text_bytes = 0usize;
    let mut pieces = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(piece) => {
                text_bytes = text_bytes.saturating_add(piece.written);
                if text_bytes > MAX_TEXT_BYTES {
                    return Err(super::too_much_text(name));
                }
                pieces.push(piece);
            }
            Err((error, bytes_before)) => {
                if text_bytes.saturating_add(bytes_before) > MAX_TEXT_BYTES {
                    return Err(super::too_much_text(name));
                }
                return Err(error);
            }
        }
    }
    let width = sheet.headers.len();
    let mut filled = vec![false; width];
    let mut decimal = DecimalEvidence::default();
    let mut repeated = None;
    let mut rows = 0;
    // The pieces' texts moved to the front of the buffer, end to end.
    let mut indexes = Vec::with_capacity(pieces.len());
    let mut end = 0;
    for (piece, (range, _)) in pieces.into_iter().zip(&ranges) {
        for (all, filled) in filled.iter_mut().zip(piece.filled) {
            *all |= filled;
        }
        decimal = decimal.then(piece.decimal);
        repeated = repeated.or(piece.repeated.map(|row| rows + row));
        rows += piece.index.len();
        // Piece k's bytes start at its range's start in the text.
        let from = start + range.start;
        buffer.copy_within(from..from + piece.written, end);
        indexes.push((piece.index, end));
        end += piece.written;
    }
    buffer.truncate(end);
    buffer.shrink_to_fit();
    // Every row was checked to be UTF-8 as it was read, so this only confirms it.
    let text = String::from_utf8(buffer).map_err(|_| not_utf8(name))?;
    sheet.rows = CellTable::from_pieces(width, text, indexes);
    if sheet.drop_columns_blank_but(&filled) {
        // The pieces compared rows with every column of the header; with columns dropped,
        // the rows are compared again with the columns kept.
        sheet.refuse_repeated_header()?;
    } else if let Some(row) = repeated {
        return Err(sheet.repeated_header_error(sheet.rows.line(row)));
    }
    Ok((sheet, decimal))
}

/// The line each of `offsets` (ascending) is on, the text starting on `first_line`.
fn lines_at(text: &[u8], first_line: u64, offsets: &[usize]) -> Vec<u64> {
    let mut lines = Vec::with_capacity(offsets.len());
    let (mut line, mut from) = (first_line, 0);
    for &offset in offsets {
        line += line_ends(text, from..offset);
        from = offset;
        lines.push(line);
    }
    lines
}

/// What every piece's parse shares.
struct PieceContext<'a> {
    name: &'a str,
    /// A copy of the text up to the end of its first record.
    prefix: &'a [u8],
    delimiter: u8,
    headers: &'a [String],
    /// The header's match keys, to find a row repeating it.
    keys: Vec<String>,
    max_cell_bytes: usize,
    /// Whether to gather the cells' evidence of the decimal mark (not when it is given).
    decimal: bool,
    /// The line the text starts on and the `--skip-rows` lines above it, to count the lines
    /// above a row for the title hint of a row longer than a one-cell header.
    first_line: u64,
    skip_rows: u64,
}

/// The rows of one piece of the text, with what the checks after parsing need of them.
struct Piece {
    /// The rows' offsets (in the piece's text) and lines.
    index: RowIndex,
    /// The bytes of cell text written at the start of the piece's bytes.
    written: usize,
    /// For each column, whether any of the piece's cells in it is not blank.
    filled: Vec<bool>,
    decimal: DecimalEvidence,
    /// The piece's first row repeating the header (comparing every column).
    repeated: Option<usize>,
}

/// A piece, or the first error in it with the bytes of cell text its rows before the
/// error hold.
type PieceResult = std::result::Result<Piece, (Error, usize)>;

impl PieceContext<'_> {
    /// Parses the records starting in `bytes` (which start at a record and on `line`),
    /// writing their text at the start of `bytes`.
    fn parse(&self, bytes: &mut [u8], line: u64) -> PieceResult {
        let width = self.headers.len();
        let mut piece = Piece {
            // A row of n cells usually takes n + 2 bytes or more (cells, delimiters, line end).
            index: RowIndex::with_capacity(width, bytes.len() / (width + 2).max(2)),
            written: 0,
            filled: vec![false; width],
            decimal: DecimalEvidence::default(),
            repeated: None,
        };
        match self.parse_into(bytes, line, &mut piece) {
            Ok(()) => Ok(piece),
            Err(error) => Err((error, piece.written)),
        }
    }

    fn parse_into(&self, bytes: &mut [u8], line: u64, piece: &mut Piece) -> Result<()> {
        let name = self.name;
        let mut core = reader_config(self.delimiter);
        let mut record = Record::new();
        // The file's first record again (read without error before), which may run on into
        // the piece's bytes only when it is the whole text.
        if read_record(&mut core, self.prefix, &mut record, false, false) == Read::More {
            read_record(&mut core, bytes, &mut record, true, true);
        }
        let mut lines = PieceLines::new(bytes, line, core.line());
        let mut first_len = Some(record.len());
        let mut batch = Batch {
            row: 0,
            from: 0,
            ends: Vec::with_capacity(BATCH_BYTES),
            unfilled: piece.filled.len(),
        };
        let mut pos = 0;
        loop {
            let start = pos;
            let newlines = core.line();
            match read_record(&mut core, &bytes[start..], &mut record, true, false) {
                Read::Record(n) => pos += n,
                Read::More | Read::End => break,
            }
            if let Err(unequal) = check_len(&mut first_len, false, start, &record) {
                self.check_batch(bytes, piece, &mut batch)?;
                let line = lines.line_at(bytes, start, newlines);
                let above = line
                    .saturating_add(self.skip_rows)
                    .saturating_sub(self.first_line);
                return Err(unequal_error(name, &unequal, line, above));
            }
            if is_blank(&record) {
                continue;
            }
            let line = lines.line_at(bytes, start, newlines);
            let len = record.used;
            // A cell over the cap: the rows before it are checked first, then the row as
            // one reader checks it, naming the first bad cell.
            if len > self.max_cell_bytes && record.iter().any(|c| c.len() > self.max_cell_bytes) {
                self.check_batch(bytes, piece, &mut batch)?;
                checked_cells(name, &record, line, Some(self.headers), self.max_cell_bytes)?;
            }
            let at = piece.written;
            if !piece
                .index
                .push(line, at, len, &record.ends[..record.cells])
            {
                self.check_batch(bytes, piece, &mut batch)?;
                checked_cells(name, &record, line, Some(self.headers), self.max_cell_bytes)?;
                return Err(super::too_much_text(name));
            }
            // The text goes no further than the bytes it was read from (`at` <= `start`,
            // and the delimiters and line end are not copied), so the bytes still to read
            // are left as they are.
            bytes[at..at + len].copy_from_slice(record.as_slice());
            piece.written += len;
            let base = at - batch.from;
            let ends = &record.ends[..record.cells];
            batch.ends.extend(ends.iter().map(|&end| base + end));
            if piece.written - batch.from >= BATCH_BYTES {
                self.check_batch(bytes, piece, &mut batch)?;
            }
        }
        self.check_batch(bytes, piece, &mut batch)
    }

    /// Checks the rows written since the last batch (their text at `batch.from` up to
    /// `piece.written` in `bytes`): their text is UTF-8 and each cell is (a character may
    /// not be split by a delimiter); then looks at their cells for filled columns, the
    /// decimal mark and a repeated header. An invalid row is named as [`checked_cells`]
    /// names it, and the piece's text cut back to the rows before it.
    fn check_batch(&self, bytes: &[u8], piece: &mut Piece, batch: &mut Batch) -> Result<()> {
        let width = self.headers.len().max(1);
        let text = &bytes[batch.from..piece.written];
        let ends = &batch.ends;
        let checked = std::str::from_utf8(text)
            .ok()
            .filter(|t| t.is_ascii() || ends.iter().all(|&end| t.is_char_boundary(end)));
        let Some(text) = checked else {
            for (r, row) in ends.chunks_exact(width).enumerate() {
                let mut start = if r == 0 { 0 } else { ends[r * width - 1] };
                let row_start = start;
                let cells = row.iter().map(|&end| {
                    let cell = &text[start..end];
                    start = end;
                    cell
                });
                let line = piece.index.line(batch.row + r);
                if let Err(error) =
                    check_cells(self.name, cells, line, Some(self.headers), usize::MAX)
                {
                    piece.written = batch.from + row_start;
                    return Err(error);
                }
            }
            // Not reached: the cells are each UTF-8 only when their text is.
            return Err(not_utf8(self.name));
        };
        // Cell `k` of the batch is `text[ends[k - 1]..ends[k]]` (the first from 0).
        let cell = |k: usize| {
            let start = if k == 0 { 0 } else { ends[k - 1] };
            text.get(start..ends[k]).unwrap_or_default()
        };
        // The points and commas of the rows, found in one search of their text (most rows
        // have none): only a cell holding one can say anything of the decimal mark, so only
        // those cells are looked at, each once, in reading order.
        let mut marks = memchr::memchr2_iter(b'.', b',', text.as_bytes()).peekable();
        let look_for_marks = self.decimal && !piece.decimal.settled();
        // The cell the last mark was found in (marks come in order, so cells do too).
        let mut marked = 0;
        let mut last_marked = None;
        for r in 0..ends.len() / width {
            let first = r * width;
            let cells = || (first..first + width).map(cell);
            if batch.unfilled > 0 {
                for (filled, cell) in piece.filled.iter_mut().zip(cells()) {
                    if !*filled && !super::is_blank_cell(cell) {
                        *filled = true;
                        batch.unfilled -= 1;
                    }
                }
            }
            if look_for_marks {
                let row_end = ends[first + width - 1];
                while let Some(at) = marks.next_if(|&at| at < row_end) {
                    // The cell holding `at`: the first that ends after it.
                    while ends[marked] <= at {
                        marked += 1;
                    }
                    if last_marked != Some(marked) && !piece.decimal.settled() {
                        piece.decimal.add_marked(cell(marked));
                        last_marked = Some(marked);
                    }
                }
            }
            if piece.repeated.is_none() && super::repeats_header(cells(), &self.keys) {
                piece.repeated = Some(batch.row + r);
            }
        }
        batch.row = piece.index.len();
        batch.from = piece.written;
        batch.ends.clear();
        Ok(())
    }
}

/// About this many bytes of rows' text are checked at once ([`PieceContext::check_batch`]):
/// few enough to be read again from the cache, enough to make the checks' setup cheap.
const BATCH_BYTES: usize = 16 * 1024;

/// The rows of a piece written but not yet checked.
struct Batch {
    /// The first row.
    row: usize,
    /// Where its text starts in the piece's bytes.
    from: usize,
    /// Where each cell of the rows ends, counted from `from`, row after row.
    ends: Vec<usize>,
    /// How many columns have no filled cell in the rows checked.
    unfilled: usize,
}

/// The lines records start on in one piece, from the reader's own count of the `\n` it
/// read and the piece's lone `\r`s (found once, before any byte is written over): the
/// line ends [`line_ends`] counts, without a pass over each record's bytes.
struct PieceLines {
    /// The line the piece starts on.
    first_line: u64,
    /// The reader's count of `\n` at the piece's start.
    base: u64,
    /// Every `\r` of the piece that no `\n` follows, ascending.
    lone_returns: Vec<usize>,
    /// How many of them come before the last record asked for.
    passed: usize,
}

impl PieceLines {
    /// The lines of `bytes`, a piece starting on `first_line`, read by a reader that had
    /// counted `newlines` `\n` before it.
    fn new(bytes: &[u8], first_line: u64, newlines: u64) -> PieceLines {
        PieceLines {
            first_line,
            base: newlines,
            lone_returns: lone_returns(bytes),
            passed: 0,
        }
    }

    /// The line of a record starting at `start` in `bytes` (unchanged from `start` on),
    /// read by the reader once it had counted `newlines` `\n`; records must be asked for
    /// in the order they are read. As in [`LineCounter::line_at`], the record is on the
    /// line of its first byte that is not a line end.
    fn line_at(&mut self, bytes: &[u8], start: usize, newlines: u64) -> u64 {
        while self
            .lone_returns
            .get(self.passed)
            .is_some_and(|&at| at < start)
        {
            self.passed += 1;
        }
        let before = newlines.saturating_sub(self.base) + self.passed as u64;
        blank_lines_at(bytes, start, self.first_line + before).0
    }
}

/// Offsets of every `\r` in `bytes` that no `\n` follows (the lone ones [`line_ends`]
/// counts as line ends), ascending.
fn lone_returns(bytes: &[u8]) -> Vec<usize> {
    if memchr::memchr(b'\r', bytes).is_none() {
        return Vec::new();
    }
    // A Windows file has a `\r` on every line, each before a `\n`: one look at each byte
    // and the next (many at once: the loop has no branch) says whether any is alone.
    let ends_alone = bytes.last() == Some(&b'\r');
    let mut pairs = bytes.chunks(4096).zip(bytes[1..].chunks(4096));
    let lone = pairs.any(|(these, next)| {
        let alone = these.iter().zip(next).fold(0u8, |alone, (&b, &after)| {
            alone | u8::from((b == b'\r') & (after != b'\n'))
        });
        alone != 0
    });
    if !lone && !ends_alone {
        return Vec::new();
    }
    memchr::memchr_iter(b'\r', bytes)
        .filter(|&at| bytes.get(at + 1) != Some(&b'\n'))
        .collect()
}

/// Skips the line ends at `offset` in `bytes` (the blank lines a reader passes over before
/// a record), counting them on from `line`: the line of the first byte that is not a line
/// end, and its offset.
fn blank_lines_at(bytes: &[u8], mut offset: usize, mut line: u64) -> (u64, usize) {
    while let Some(&b) = bytes.get(offset) {
        match b {
            b'\n' => line += 1,
            b'\r' if bytes.get(offset + 1) != Some(&b'\n') => line += 1,
            b'\r' => {}
            _ => break,
        }
        offset += 1;
    }
    (line, offset)
}

/// Turns offsets of records into 1-based line numbers, reading the line ends in the bytes
/// given with each offset. The reader skips blank lines before a record, so a record is on
/// the line of its first byte that is not a line end.
struct LineCounter {
    /// The offset in the bytes counted up to.
    offset: usize,
    line: u64,
}

impl LineCounter {
    /// A counter for bytes that start on line `first_line`.
    fn new(first_line: u64) -> Self {
        LineCounter {
            offset: 0,
            line: first_line,
        }
    }

    /// The line of a record starting at `offset` in `bytes` (the same bytes every time,
    /// unchanged from the offset last asked for on); offsets must be asked for in
    /// increasing order.
    fn line_at(&mut self, bytes: &[u8], offset: usize) -> u64 {
        let target = offset.min(bytes.len());
        if self.offset < target {
            self.line += line_ends(bytes, self.offset..target);
            self.offset = target;
        }
        // The reader places a record after any blank lines it skipped to reach it.
        (self.line, self.offset) = blank_lines_at(bytes, self.offset, self.line);
        self.line
    }
}

fn is_blank(record: &Record) -> bool {
    record.iter().all(|cell| cell.trim_ascii().is_empty())
}

/// Decodes a record's cells as UTF-8; a cell that is not names its line and column.
fn text_cells(
    name: &str,
    record: &Record,
    line: u64,
    headers: Option<&[String]>,
    max_cell_bytes: usize,
) -> Result<Vec<String>> {
    checked_cells(name, record, line, headers, max_cell_bytes)?;
    Ok(record
        .iter()
        .map(|cell| String::from_utf8_lossy(cell).into_owned())
        .collect())
}

/// Checks that every cell of a record (on `line`) is UTF-8 and within the cell size cap,
/// and returns the text of its cells end to end; the error names the line and column.
fn checked_cells<'r>(
    name: &str,
    record: &'r Record,
    line: u64,
    headers: Option<&[String]>,
    max_cell_bytes: usize,
) -> Result<&'r str> {
    // The common case in one pass over the record's bytes: the cells end to end are UTF-8,
    // and each cell is, as no cell ends inside a character.
    if let Ok(joined) = std::str::from_utf8(record.as_slice()) {
        let mut end = 0;
        let fits = record.iter().all(|cell| {
            end += cell.len();
            cell.len() <= max_cell_bytes && joined.is_char_boundary(end)
        });
        if fits {
            return Ok(joined);
        }
    }
    check_cells(name, record.iter(), line, headers, max_cell_bytes)?;
    // Not reached: some cell above is not UTF-8 or over the cap.
    Ok(std::str::from_utf8(record.as_slice()).unwrap_or_default())
}

/// The first of a row's `cells` (on `line`) that is not UTF-8 or is over the cell size cap,
/// in column order, as an error naming the line, the column and the value.
fn check_cells<'c>(
    name: &str,
    cells: impl Iterator<Item = &'c [u8]>,
    line: u64,
    headers: Option<&[String]>,
    max_cell_bytes: usize,
) -> Result<()> {
    for (i, cell) in cells.enumerate() {
        let column = || {
            headers.and_then(|h| h.get(i)).map_or_else(
                || format!("#{}", i + 1),
                |h| crate::text::escape_controls(h),
            )
        };
        match std::str::from_utf8(cell) {
            Ok(_) if cell.len() > max_cell_bytes => {
                return Err(DataError::TooLarge {
                    location: format!("{name} line {line}, column {}", column()),
                    what: format!("this cell ({} bytes)", cell.len()),
                    limit: super::human_bytes(u64::try_from(max_cell_bytes).unwrap_or(u64::MAX)),
                }
                .into());
            }
            Ok(_) => {}
            Err(_) => {
                return Err(DataError::InvalidValue {
                    place: crate::error::Place {
                        file: name.into(),
                        at: crate::error::At::Line {
                            line,
                            row: line,
                            column: Some(column()),
                        },
                    },
                    value: crate::text::escape_controls(&String::from_utf8_lossy(cell)),
                    expected: "valid UTF-8 text".into(),
                    hint: "save the file as \"CSV UTF-8\" (in Excel: File > Save As > CSV UTF-8) and try again".into(),
                }
                .into());
            }
        }
    }
    Ok(())
}

/// The error for text that is not UTF-8 where no cell could be named.
fn not_utf8(name: &str) -> Error {
    DataError::Malformed {
        location: name.to_owned(),
        message: "the file is not valid UTF-8; save it again as \"CSV UTF-8\"".into(),
    }
    .into()
}

/// The error for a record (starting on `line`) whose length is not the first record's: the
/// message the csv crate's error was explained with, naming the record's line.
///
/// A header of one cell (or at most half as many as the row) above a row of several is a
/// title line read as the header (`My shortlist`, `Shortlist, May 2026` above the real one):
/// the message then says how many lines `--skip-rows` must skip, `lines_above` (the lines
/// above `line`, after any `sep=` line).
fn unequal_error(name: &str, unequal: &Unequal, line: u64, lines_above: u64) -> Error {
    let Unequal { len, expected, .. } = *unequal;
    let title = if expected <= len / 2 && lines_above > 0 {
        format!(
            "; if the line{} above line {line} {} a title, not the header, skip {} with --skip-rows {lines_above}",
            if lines_above == 1 { "" } else { "s" },
            if lines_above == 1 { "is" } else { "are" },
            if lines_above == 1 { "it" } else { "them" },
        )
    } else {
        String::new()
    };
    DataError::Malformed {
        location: format!("{name} line {line}"),
        message: format!(
            "this row has {len} cells but the header has {expected}; \
             every row needs one cell per column (check for a stray comma or an unquoted comma inside a cell){title}"
        ),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_header_and_rows_with_lines() {
        let sheet = Sheet::from_csv("t.csv", b"program,a\nX,1\n\nY,2\n").unwrap();
        assert_eq!(sheet.headers, vec!["program", "a"]);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows.line(0), 2);
        assert_eq!(sheet.rows.line(1), 4);
        assert_eq!(sheet.rows.row_vec(1), vec!["Y", "2"]);
    }

    #[test]
    fn bom_and_blank_excel_rows_are_dropped() {
        let sheet = Sheet::from_csv("t.csv", b"\xEF\xBB\xBFprogram,a\nX,1\n,\n").unwrap();
        assert_eq!(sheet.headers[0], "program");
        assert_eq!(sheet.rows.len(), 1);
    }

    #[test]
    fn quoted_newlines_keep_the_starting_line() {
        let sheet = Sheet::from_csv("t.csv", b"program,a\n\"Two\nlines\",1\nZ,2\n").unwrap();
        assert_eq!(sheet.rows.cell(0, 0), "Two\nlines");
        assert_eq!(sheet.rows.line(1), 4);
    }

    #[test]
    fn blank_edge_columns_are_dropped() {
        let sheet = Sheet::from_csv("t.csv", b"program,a,,\nX,1,,\nY,2,,\n").unwrap();
        assert_eq!(sheet.headers, vec!["program", "a"]);
        assert_eq!(sheet.rows.row_vec(1), vec!["Y", "2"]);
        let kept = Sheet::from_csv("t.csv", b"program,,b\nX,note,1\n").unwrap();
        assert_eq!(kept.headers.len(), 3);
    }

    #[test]
    fn empty_input_is_an_error() {
        for bytes in [&b""[..], b"\n\n", b",,\n"] {
            let err = Sheet::from_csv("t.csv", bytes).unwrap_err();
            assert!(err.to_string().contains("t.csv is empty"), "{err}");
        }
    }

    #[test]
    fn lines_count_blank_lines_and_lone_carriage_returns() {
        let sheet = Sheet::from_csv("t.csv", b"program,a\r\n\r\n\r\nX,1\r\n").unwrap();
        assert_eq!(sheet.rows.line(0), 4);
        let sheet = Sheet::from_csv("t.csv", b"program,a\rX,1\rY,2\r").unwrap();
        assert_eq!(sheet.rows.line(1), 3);
        let err = Sheet::from_csv("t.csv", b"program,a\n\nX,1\n\nY\n").unwrap_err();
        assert!(err.to_string().starts_with("t.csv line 5:"), "{err}");
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let err = Sheet::from_csv("t.csv", b"program,a\nX,1\nY,2,3\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("t.csv line 3:"), "{msg}");
        assert!(msg.contains("3 cells but the header has 2"), "{msg}");
        assert_eq!(err.exit_code(), crate::error::exit::DATA);
    }

    #[test]
    fn invalid_utf8_suggests_csv_utf8_under_encoding_utf8() {
        let options = ReadOptions {
            encoding: Encoding::Utf8,
            ..ReadOptions::default()
        };
        let err = read("t.csv", b"program,a\nX,1\nCaf\xE9,2\n", &options).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with(
                "t.csv row 3, column \"program\": \"Caf\u{fffd}\" is not valid UTF-8 text"
            ),
            "{msg}"
        );
        assert!(msg.contains("CSV UTF-8"), "{msg}");
    }

    #[test]
    fn sniffing_picks_the_consistent_delimiter() {
        assert_eq!(sniff(b"program;a;b\nX;3,5;1\nY;2;1\n"), b';');
        assert_eq!(sniff(b"program\ta\nX\t1\n"), b'\t');
        assert_eq!(sniff(b"program|a\n\"X, Inc\"|1\n"), b'|');
        assert_eq!(sniff(b"program,a\nX,1\n"), b',');
        assert_eq!(sniff(b"just one column\n"), b',');
    }

    #[test]
    fn sep_line_and_title_rows_shift_the_line_numbers() {
        for (line, sep) in [
            (&b"sep=;"[..], Some(b';')),
            (b"SEP=\t", Some(b'\t')),
            (b"\"sep=;\"", Some(b';')),
            (b"\"sep=;\";;;", Some(b';')),
            (b"\"sep=,\",,", Some(b',')),
            (b"sep=;;", Some(b';')),
            (b"\"sep=;", None),
            (b"\"sep=;\",x", None),
            (b"separate", None),
        ] {
            assert_eq!(sep_line(line), sep, "{}", String::from_utf8_lossy(line));
        }
        let (rest, sep, line) = strip_preamble(b"sep=;\r\nTitle\r\nprogram;a\r\n", 1);
        assert_eq!((rest, sep, line), (&b"program;a\r\n"[..], Some(b';'), 3));
        let sheet = read("t.csv", b"sep=;\nprogram;a\nX;1\n", &ReadOptions::default()).unwrap();
        assert_eq!(sheet.header_line, 2);
        assert_eq!(sheet.rows.line(0), 3);
        assert!(sheet.decimal_comma);
    }

    #[test]
    fn only_a_quote_that_opens_a_cell_must_close() {
        assert_eq!(unterminated_quote(b"a,b\n\"x,1\n", 1, b','), Some(2));
        assert_eq!(unterminated_quote(b"a,b\n5\" screen,1\n", 1, b','), None);
        assert_eq!(
            unterminated_quote(b"a,b\n\"say \"\"hi\"\"\",1\n", 1, b','),
            None
        );
        // A quote after a character that is not this file's delimiter is text.
        assert_eq!(unterminated_quote(b"a,b\nx;\"y,1\n", 1, b','), None);
        assert_eq!(unterminated_quote(b"a;b\nx;\"y;1\n", 1, b';'), Some(2));
    }

    #[test]
    fn caps_are_checked_with_lowered_limits() {
        let options = ReadOptions {
            limits: crate::input::Limits {
                max_cell_bytes: 7,
                max_columns: 2,
                max_rows: 1,
                ..crate::input::Limits::default()
            },
            ..ReadOptions::default()
        };
        let err = read("t.csv", b"program,a\nX,12345678\n", &options).unwrap_err();
        assert!(
            err.to_string()
                .contains("line 2, column a: this cell (8 bytes)"),
            "{err}"
        );
        let err = read("t.csv", b"program,a,b\nX,1,2\n", &options).unwrap_err();
        assert!(err.to_string().contains("the header (3 columns)"), "{err}");
        // Delimited text has no row cap: generated what-if files run to millions of rows.
        assert_eq!(
            read("t.csv", b"program,a\nX,1\nY,2\n", &options)
                .unwrap()
                .rows
                .len(),
            2
        );
    }

    /// Reads `text` in `pieces` pieces; the sheet, or the error's text.
    fn read_pieces(text: &[u8], pieces: usize) -> std::result::Result<Sheet, String> {
        read_in_pieces(
            "t.csv",
            Cow::Borrowed(text),
            &ReadOptions::default(),
            Some(pieces),
        )
        .map_err(|e| e.to_string())
    }

    /// The offset of the first occurrence of `needle` in `text`.
    fn offset_of(text: &[u8], needle: &[u8]) -> usize {
        text.windows(needle.len())
            .position(|w| w == needle)
            .expect("needle in text")
    }

    #[test]
    fn pieces_cut_between_records_only() {
        let text: &[u8] = b"program,notes\nA,\"two\nlines\"\r\nB,x\rC,\"a\"\"b\"\n\n\nD,1\n";
        let all: Vec<usize> = (0..text.len()).collect();
        let quoted = super::super::rows::scan_quotes(text, 1, b',', &all, 1);
        let plain_text: &[u8] = b"program,notes\nA,x\r\nB,x\rC,y\n\n\nD,1\n";
        let plain = super::super::rows::scan_quotes(plain_text, 1, b',', &all, 1);
        // Every cut follows a line end outside quotes, and none falls inside "two\nlines".
        let after = |t: &[u8], needle: &[u8]| offset_of(t, needle) + needle.len();
        assert_eq!(
            quoted.cuts,
            vec![
                after(text, b"notes\n"),
                after(text, b"lines\"\r\n"),
                after(text, b"B,x\r"),
                after(text, b"b\"\n"),
                after(text, b"b\"\n\n"),
                after(text, b"b\"\n\n\n"),
                text.len()
            ]
        );
        assert_eq!(quoted.breaks, vec![2]);
        assert_eq!(
            plain.cuts,
            vec![
                after(plain_text, b"notes\n"),
                after(plain_text, b"A,x\r\n"),
                after(plain_text, b"B,x\r"),
                after(plain_text, b"C,y\n"),
                after(plain_text, b"C,y\n\n"),
                after(plain_text, b"C,y\n\n\n"),
                plain_text.len()
            ]
        );
        // A target on the `\n` of a `\r\n` cuts after it, in both scans.
        let at_lf = offset_of(plain_text, b"\nB,x");
        assert_eq!(
            super::super::rows::scan_quotes(plain_text, 1, b',', &[at_lf], 1).cuts,
            vec![at_lf + 1]
        );
        let with_quote = [plain_text, b"E,\"q\"\n"].concat();
        assert_eq!(
            super::super::rows::scan_quotes(&with_quote, 1, b',', &[at_lf], 1).cuts,
            vec![at_lf + 1]
        );
    }

    #[test]
    fn any_number_of_pieces_reads_the_same_sheet() {
        let mut text = b"sep=,\r\nprogram,notes,fee,\r\n".to_vec();
        for i in 0..40 {
            let row: &[u8] = match i % 6 {
                0 => b"A,\"two\r\nlines\",\"4,5\",\r\n",
                1 => b"B,x,3,\r",
                2 => b"\n\n,,,\n",
                3 => b"C,\"say \"\"hi\"\"\",7.5,\n",
                4 => b"D,5\" screen,\"a\nb\nc\",\r\n",
                _ => b"E,,1,\n",
            };
            text.extend_from_slice(row);
        }
        let one = read_pieces(&text, 1).unwrap();
        assert_eq!(one.rows.len(), 33);
        assert_eq!(one.headers, vec!["program", "notes", "fee"]);
        for pieces in 2..=40 {
            assert_eq!(
                read_pieces(&text, pieces).as_ref(),
                Ok(&one),
                "{pieces} pieces"
            );
        }
    }

    #[test]
    fn a_ragged_row_first_in_a_piece_names_its_line() {
        let mut text = b"program,a\n".to_vec();
        for i in 0..30 {
            text.extend_from_slice(format!("P{i},1\n").as_bytes());
        }
        let ragged = text.len();
        text.extend_from_slice(b"Bad,1,2\n");
        for i in 0..30 {
            text.extend_from_slice(format!("Q{i},1,2,3\n").as_bytes());
        }
        // Two pieces cut right before the ragged row.
        let cut = super::super::rows::scan_quotes(&text, 1, b',', &[text.len() / 2], 1).cuts;
        let pieces = (2..10)
            .find(|&n| {
                let targets: Vec<usize> = (1..n).map(|k| text.len() / n * k).collect();
                super::super::rows::scan_quotes(&text, 1, b',', &targets, 1)
                    .cuts
                    .contains(&ragged)
            })
            .unwrap_or_else(|| panic!("no piece starts at the ragged row ({cut:?})"));
        let err = read_pieces(&text, pieces).unwrap_err();
        assert!(err.starts_with("t.csv line 32:"), "{err}");
        assert!(err.contains("3 cells but the header has 2"), "{err}");
        assert_eq!(Err(err), read_pieces(&text, 1));
    }

    #[test]
    fn the_first_error_in_file_order_wins() {
        let mut text = b"program,a\n".to_vec();
        for i in 0..50 {
            text.extend_from_slice(format!("P{i},1\n").as_bytes());
        }
        text.extend_from_slice(b"program,A\n");
        for i in 0..50 {
            text.extend_from_slice(format!("R{i},1\n").as_bytes());
        }
        text.extend_from_slice(b"Bad,1,2\n");
        let one = read_pieces(&text, 1).unwrap_err();
        assert!(one.contains("3 cells but the header has 2"), "{one}");
        for pieces in 2..8 {
            assert_eq!(read_pieces(&text, pieces).unwrap_err(), one, "{pieces}");
        }
        // Without the ragged row, the repeated header is the error, in any number of pieces.
        let cut = text.len() - b"Bad,1,2\n".len();
        let one = read_pieces(&text[..cut], 1).unwrap_err();
        assert!(one.starts_with("t.csv row 52:"), "{one}");
        for pieces in 2..8 {
            assert_eq!(read_pieces(&text[..cut], pieces).unwrap_err(), one);
        }
    }

    #[test]
    fn a_character_split_by_a_delimiter_is_an_error_not_a_panic() {
        let options = ReadOptions {
            encoding: Encoding::Utf8,
            ..ReadOptions::default()
        };
        // `\xC3` and `\xA9` make "é" together, but they are in two cells.
        let err = read("t.csv", b"program,a\nX\xC3,\xA9\n", &options).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.csv row 2, column \"program\": \"X\u{fffd}\""),
            "{err}"
        );
    }

    proptest::proptest! {
        /// Line ends are counted alike on a record's few bytes and on a long stretch: each
        /// `\n`, and each `\r` no `\n` follows, looking past the range's end.
        #[test]
        fn line_ends_count_as_byte_by_byte(
            text in proptest::collection::vec(proptest::sample::select(b"\r\n\nab".to_vec()), 0..200),
            from in 0usize..200,
            len in 0usize..200,
        ) {
            let from = from.min(text.len());
            let to = (from + len).min(text.len());
            let expected = (from..to)
                .filter(|&i| text[i] == b'\n' || (text[i] == b'\r' && text.get(i + 1) != Some(&b'\n')))
                .count() as u64;
            proptest::prop_assert_eq!(line_ends(&text, from..to), expected);
        }
    }

    proptest::proptest! {
        /// The lone `\r`s are those a look at each byte and the next finds, wherever they
        /// fall in the blocks the bytes are looked at in.
        #[test]
        fn lone_returns_are_found_byte_by_byte(
            text in proptest::collection::vec(proptest::sample::select(b"\r\n\n\r\nab".to_vec()), 1..9000),
            lone in proptest::option::of(0usize..9000),
        ) {
            let mut text = text;
            // Mostly `\r\n` pairs, now and then one `\r` alone somewhere.
            for i in 0..text.len() {
                if text[i] == b'\r' && i + 1 < text.len() {
                    text[i + 1] = b'\n';
                }
            }
            if let Some(at) = lone {
                let at = at % text.len();
                text[at] = b'\r';
                if at + 1 < text.len() && text[at + 1] == b'\n' {
                    text[at + 1] = b'a';
                }
            }
            let expected: Vec<usize> = (0..text.len())
                .filter(|&i| text[i] == b'\r' && text.get(i + 1) != Some(&b'\n'))
                .collect();
            proptest::prop_assert_eq!(lone_returns(&text), expected);
        }
    }

    proptest::proptest! {
        /// A piece's lines, from the reader's count of `\n` and the lone `\r`s found before,
        /// are the lines [`LineCounter`] counts byte by byte, for every record of any text.
        #[test]
        fn piece_lines_count_as_the_line_counter_does(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", ",", "\n", "\r", "\r\n", "\"", "\"x\ny\"", "\"p\rq\"", " ", "\n\n",
                ]),
                0..60,
            ),
            first_line in 1u64..5,
        ) {
            let text = parts.concat().into_bytes();
            let mut core = reader_config(b',');
            let mut record = Record::new();
            let mut pieces = PieceLines::new(&text, first_line, core.line());
            let mut counter = LineCounter::new(first_line);
            let mut pos = 0;
            loop {
                let (start, newlines) = (pos, core.line());
                match read_record(&mut core, &text[start..], &mut record, true, false) {
                    Read::Record(n) => pos += n,
                    Read::More | Read::End => break,
                }
                proptest::prop_assert_eq!(
                    pieces.line_at(&text, start, newlines),
                    counter.line_at(&text, start),
                    "record at {}", start
                );
            }
        }
    }

    /// [`read_pieces`] with cells capped at `max_cell_bytes` and the text taken as UTF-8.
    fn read_utf8_pieces(
        text: &[u8],
        pieces: usize,
        max_cell_bytes: usize,
    ) -> std::result::Result<Sheet, String> {
        let options = ReadOptions {
            encoding: Encoding::Utf8,
            limits: crate::input::Limits {
                max_cell_bytes,
                ..crate::input::Limits::default()
            },
            ..ReadOptions::default()
        };
        read_in_pieces("t.csv", Cow::Borrowed(text), &options, Some(pieces))
            .map_err(|e| e.to_string())
    }

    /// The first error a record-by-record check of every data row finds: each non-blank
    /// record after the header checked on its own with [`checked_cells`], its line counted
    /// by [`LineCounter`].
    fn first_cell_error(text: &[u8], max_cell_bytes: usize) -> Option<String> {
        let mut records = Records::new(text, b',', true);
        let mut record = Record::new();
        let mut lines = LineCounter::new(1);
        let mut header = None;
        loop {
            let start = records.pos;
            if !matches!(records.next(&mut record), Ok(true)) {
                return None;
            }
            if is_blank(&record) {
                continue;
            }
            let line = lines.line_at(text, start);
            let Some(headers) = &header else {
                header = Some(text_cells("t.csv", &record, line, None, max_cell_bytes).unwrap());
                continue;
            };
            if let Err(error) = checked_cells("t.csv", &record, line, Some(headers), max_cell_bytes)
            {
                return Some(error.to_string());
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Rows checked a batch at a time name the first bad cell (not UTF-8, a character
        /// split by a delimiter, or over the cap) as a record-by-record check does, in any
        /// number of pieces; a text without one reads.
        #[test]
        fn batches_name_the_first_bad_cell_as_each_record_does(
            rows in proptest::collection::vec(
                (
                    proptest::collection::vec(
                        proptest::sample::select(vec![
                            &b"x"[..], b"", b"1", b"\xC3\xA9", b"caf\xC3", b"\xA9", b"\xFF",
                            b"\"q\xC3\"", b"\"a,\xC3\xA9\"", b"long cell", b"\"l\no\r\nng\"", b" ",
                        ]),
                        3,
                    ),
                    proptest::sample::select(vec![&b"\n"[..], b"\r\n", b"\r", b"\n\n"]),
                ),
                1..300,
            ),
            good in 0usize..300,
            max_cell_bytes in proptest::sample::select(vec![6usize, 100]),
        ) {
            let mut text = b"prog,a,b\n".to_vec();
            for (k, (cells, end)) in rows.iter().enumerate() {
                // Many good rows make batches of rows before the first bad one.
                if k < good {
                    text.extend_from_slice(format!("P{k},1,2").as_bytes());
                } else {
                    text.extend_from_slice(&cells.join(&b","[..]));
                }
                text.extend_from_slice(end);
            }
            let expected = first_cell_error(&text, max_cell_bytes);
            for pieces in [1, 2, 5] {
                let read = read_utf8_pieces(&text, pieces, max_cell_bytes);
                match &expected {
                    Some(error) => proptest::prop_assert_eq!(read.as_ref().err(), Some(error)),
                    None => proptest::prop_assert!(read.is_ok(), "{:?}", read.err()),
                }
            }
        }
    }

    proptest::proptest! {
        /// The reader looks only at the cells holding a point or a comma for the decimal
        /// mark; it decides as looking at every cell in reading order does, in one piece or
        /// several.
        #[test]
        fn the_decimal_mark_is_decided_as_from_every_cell(
            delimiter in proptest::sample::select(vec![b';', b'\t']),
            rows in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::sample::select(vec![
                        "", "x", "12", "4,5", "4.5", "1,234", "1,234,567", "1.234.567",
                        "32.000 €", "$42,000", "23,456$", "a. b", "3,5,", " 7,25 ", ",", ".",
                    ]),
                    3,
                ),
                1..30,
            ),
        ) {
            let d = char::from(delimiter).to_string();
            let mut text = format!("program{d}a{d}b{d}c\n");
            for (i, cells) in rows.iter().enumerate() {
                text.push_str(&format!("P{i}{d}{}\n", cells.join(&d)));
            }
            let expected = super::super::dialect::decide_decimal(
                "t.csv",
                rows.iter().flatten().copied(),
                delimiter,
                None,
            );
            for pieces in [1, 3] {
                let sheet = read_pieces(text.as_bytes(), pieces).unwrap();
                proptest::prop_assert_eq!(sheet.decimal_comma, expected.comma, "{} pieces", pieces);
                if let Some(note) = &expected.note {
                    proptest::prop_assert!(sheet.notes.contains(note), "{:?}", sheet.notes);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Reading in pieces gives the sheet (or the error) of reading in one go, wherever
        /// the cuts fall: quoted line breaks, CRLF, lone CRs, blank lines, ragged rows.
        #[test]
        fn pieces_read_as_one_reader_does(
            header in proptest::sample::select(vec!["program,a,b", "program,a,", "Program;a;b", "\"program\",a,b"]),
            rows in proptest::collection::vec(
                (
                    proptest::collection::vec(
                        proptest::sample::select(vec![
                            "", " ", "x", "1", "4,5", "4.5", "\"1,234\"", "\"q\"", "\"x\ny\"",
                            "\"a\"\"b\"", "\"\r\n\"", "x\"y", "program", "A", "B", "é",
                        ]),
                        3,
                    ),
                    // Now and then a ragged row: one cell more or one less.
                    0u16..200,
                    proptest::sample::select(vec!["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"]),
                ),
                0..40,
            ),
        ) {
            let mut text = format!("{header}\n");
            for (cells, ragged, end) in &rows {
                let mut cells = cells.clone();
                match ragged {
                    0 => cells.push("r"),
                    1 => drop(cells.pop()),
                    _ => {}
                }
                text.push_str(&cells.join(if header.contains(';') { ";" } else { "," }));
                text.push_str(end);
            }
            let one = read_pieces(text.as_bytes(), 1);
            for pieces in [2, 3, 7] {
                proptest::prop_assert_eq!(&read_pieces(text.as_bytes(), pieces), &one, "{} pieces", pieces);
            }
        }
    }
}
