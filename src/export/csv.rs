//! CSV export: `rank,score,red_flags` followed by every input column in its original order,
//! one row per ranked program in rank order, ready to paste back into the spreadsheet.
//!
//! Cells a spreadsheet would run as a formula are defused with a leading `'` (OWASP, "CSV
//! Injection"): text starting with `=`, `+`, `-`, `@`, a tab or a carriage return, or the
//! full-width `＝` `＋` `－` `＠` (which Excel in East Asian locales also evaluates), unless the
//! whole cell is a number such as `-5`.

use super::Exporter;
use super::dialect::{CsvDialect, CsvEncoding, Windows1252Writer};
use crate::error::Result;
use crate::hash::{BoundedMemo, FastHash};
use crate::input::RowText;
use crate::report::ProgramResult;
use crate::values::{fixed, looks_numeric, trimmed};
use crate::view::View;
use std::collections::HashMap;

/// Writes the ranking as CSV in the view's [`CsvDialect`] (by default comma, decimal point,
/// UTF-8).
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvExporter;

/// The leading characters that make a spreadsheet evaluate a cell as a formula.
pub const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// Whether a byte is the first byte of one of [`FORMULA_STARTS`] in UTF-8: a cell starting
/// with any other byte cannot start a formula, and most cells are told apart by this one
/// look-up.
const FORMULA_LEAD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < FORMULA_STARTS.len() {
        let mut utf8 = [0; 4];
        let lead = FORMULA_STARTS[i].encode_utf8(&mut utf8).as_bytes()[0];
        table[lead as usize] = true;
        i += 1;
    }
    table
};

/// Prefixes `'` to a cell that a spreadsheet would otherwise evaluate as a formula.
#[inline]
pub fn defuse_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell
        .as_bytes()
        .first()
        .is_some_and(|&lead| FORMULA_LEAD_BYTES[lead as usize])
        && cell.starts_with(FORMULA_STARTS);
    if risky && !looks_numeric(cell) && !grouped_number(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// A signed number with its thousands grouped, as a spreadsheet writes and reads it:
/// `-1,000.50` or, with a decimal comma, `-1.000,50` (digits in groups of three after the
/// first, then at most one decimal part after the other mark). Only digits and the two
/// marks follow the sign, so nothing in it can call a function; defused, it would come back
/// into the spreadsheet as text with a visible `'`.
fn grouped_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    [(',', '.'), ('.', ',')].into_iter().any(|(group, point)| {
        let (whole, fraction) = match digits.split_once(point) {
            Some((w, f)) => (w, Some(f)),
            None => (digits, None),
        };
        let mut groups = whole.split(group);
        let first = groups.next().unwrap_or_default();
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let mut rest = groups.peekable();
        rest.peek().is_some()
            && (1..=3).contains(&first.len())
            && all_digits(first)
            && rest.all(|g| g.len() == 3 && all_digits(g))
            && fraction.is_none_or(|f| !f.is_empty() && all_digits(f))
    })
}

/// The one CSV writer of progrank: every field of every record, header included, goes
/// through [`defuse_formula`], so no column (program names, flag ids, criterion labels,
/// headers) can reach a spreadsheet as a formula. Numbers pass unchanged.
///
/// Every CSV output (rank, sensitivity, init's starter file) writes through this type or,
/// for the ranking's rows, through the same [`RecordWriter`]; `tests/hostile.rs` fails if a CSV
/// writer is made anywhere else in `src/`.
#[derive(Debug)]
pub struct FormulaSafeWriter<W: std::io::Write> {
    out: W,
    records: RecordWriter,
    /// Records not yet handed to `out`.
    buffer: Vec<u8>,
}

/// Bytes a [`FormulaSafeWriter`] gathers before it writes them on.
const WRITE_BUFFER: usize = 1 << 16;

impl<W: std::io::Write> FormulaSafeWriter<W> {
    /// A writer in the default dialect (comma, `"` quoting as needed, `\n`).
    pub fn new(writer: W) -> Self {
        FormulaSafeWriter {
            out: writer,
            records: RecordWriter::new(&CsvDialect::default()),
            buffer: Vec::new(),
        }
    }

    /// Writes one record, each field defused.
    pub fn write_record<I, T>(&mut self, record: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let start = self.buffer.len();
        for (i, field) in record.into_iter().enumerate() {
            self.records.field(
                &mut self.buffer,
                defuse_formula(field.as_ref()).as_bytes(),
                i == 0,
            );
        }
        self.records.end(&mut self.buffer, start);
        if self.buffer.len() >= WRITE_BUFFER {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }

    /// Writes what is buffered, flushes and returns the underlying writer.
    pub fn into_inner(mut self) -> std::io::Result<W> {
        self.out.write_all(&self.buffer)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

impl<'a> FormulaSafeWriter<Box<dyn std::io::Write + 'a>> {
    /// A writer onto `out` in `dialect`: its byte order mark first (when it has one), then
    /// records with its delimiter and line end, in its encoding. Numbers are the caller's to
    /// write with [`CsvDialect::number`].
    pub fn in_dialect(
        out: &'a mut dyn std::io::Write,
        dialect: &CsvDialect,
    ) -> std::io::Result<Self> {
        if dialect.bom && dialect.encoding == CsvEncoding::Utf8 {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let out: Box<dyn std::io::Write + 'a> = match dialect.encoding {
            CsvEncoding::Utf8 => Box::new(out),
            CsvEncoding::Windows1252 => Box::new(Windows1252Writer::new(out)),
        };
        Ok(FormulaSafeWriter {
            out,
            records: RecordWriter::new(dialect),
            buffer: Vec::new(),
        })
    }
}

/// CSV records in one dialect, appended to a byte buffer.
///
/// Which field needs quotes, and how it is quoted, is the csv crate's rule (`csv_core`'s
/// writer: a field holding the delimiter, a quote, a carriage return or a line feed is put
/// in quotes, its quotes doubled). This adds what `csv::Writer` adds around it: the
/// delimiter between fields, the line end, and `""` for a record with no bytes (one empty
/// field), so that it is not read back as a blank line. Writing into a plain buffer, a
/// record costs no per-field bookkeeping.
#[derive(Debug)]
struct RecordWriter {
    core: csv_core::Writer,
    delimiter: u8,
    line_end: &'static [u8],
}

impl RecordWriter {
    fn new(dialect: &CsvDialect) -> RecordWriter {
        let mut builder = csv_core::WriterBuilder::new();
        builder.delimiter(dialect.delimiter);
        if dialect.crlf {
            builder.terminator(csv_core::Terminator::CRLF);
        }
        RecordWriter {
            core: builder.build(),
            delimiter: dialect.delimiter,
            line_end: if dialect.crlf { b"\r\n" } else { b"\n" },
        }
    }

    /// Appends `field` to the record being written; `first` when it opens the record.
    #[inline]
    fn field(&self, out: &mut Vec<u8>, field: &[u8], first: bool) {
        if !first {
            out.push(self.delimiter);
        }
        if !self.core.should_quote(field) {
            out.extend_from_slice(field);
            return;
        }
        // At worst every byte is a quote and is doubled.
        let start = out.len();
        out.resize(start + 2 * field.len() + 2, 0);
        out[start] = self.core.get_quote();
        let (_, _, written) = csv_core::quote(
            field,
            &mut out[start + 1..],
            self.core.get_quote(),
            self.core.get_escape(),
            self.core.get_double_quote(),
        );
        let end = start + 1 + written;
        out[end] = self.core.get_quote();
        out.truncate(end + 1);
    }

    /// `field` as [`RecordWriter::field`] writes it (quoted when it needs to be), to be kept and
    /// written again with [`RecordWriter::encoded`]: for a value many rows share.
    fn encode(&self, field: &[u8]) -> Vec<u8> {
        let mut encoded = Vec::with_capacity(field.len());
        self.field(&mut encoded, field, true);
        encoded
    }

    /// Appends a field made by [`RecordWriter::encode`]; `first` when it opens the record.
    #[inline]
    fn encoded(&self, out: &mut Vec<u8>, encoded: &[u8], first: bool) {
        if !first {
            out.push(self.delimiter);
        }
        out.extend_from_slice(encoded);
    }

    /// Appends the cells of an input row, each defused, none opening the record. Whether a
    /// field needs quotes is a property of its bytes one by one, so when the row's text as
    /// a whole holds none that needs them, no cell does (a defused cell only gains a `'`):
    /// its cells are then written as they are, asked once instead of once per cell.
    #[inline]
    fn cells(&self, out: &mut Vec<u8>, cells: RowText<'_>) {
        if self.core.should_quote(cells.joined().as_bytes()) {
            for cell in cells {
                self.field(out, defuse_formula(cell).as_bytes(), false);
            }
        } else {
            for cell in cells {
                out.push(self.delimiter);
                out.extend_from_slice(defuse_formula(cell).as_bytes());
            }
        }
    }

    /// Ends the record that started at `start` in `out`.
    #[inline]
    fn end(&self, out: &mut Vec<u8>, start: usize) {
        if out.len() == start {
            out.extend_from_slice(&[self.core.get_quote(); 2]);
        }
        out.extend_from_slice(self.line_end);
    }
}

impl Exporter for CsvExporter {
    /// Writes the CSV to `out` row by row, so a million rows never sit in memory as text.
    ///
    /// A score's text and a flag set's text are worked out once each: the programs share
    /// few distinct scores and flag sets.
    fn write(&self, view: &View, out: &mut dyn std::io::Write) -> Result<()> {
        write_records(view, out).map_err(super::write_failed)
    }
}

/// The columns the ranking puts in front of the input's own, as the CSV names them; a file
/// starting with them is an earlier run's output ([`crate::input::Sheet`] leaves them out).
pub const RANKING_COLUMNS: [&str; 3] = ["rank", "score", "red_flags"];

/// The column `--include-excluded` adds after [`RANKING_COLUMNS`].
pub const STATUS_COLUMN: &str = "status";

fn write_records(view: &View, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let report = view.report;
    let mut header: Vec<String> = RANKING_COLUMNS.map(str::to_owned).to_vec();
    if view.include_excluded {
        header.push(STATUS_COLUMN.into());
    }
    if view.show_costs {
        header.extend(report.cost_columns().into_iter().map(|(name, _)| name));
    }
    header.extend(report.headers.iter().cloned());
    // The header through the one writer, in the view's dialect (its byte order mark and
    // encoding too); the rows then go to the same destination.
    let mut writer = FormulaSafeWriter::in_dialect(out, &view.csv)?;
    writer.write_record(&header)?;
    let mut out = writer.into_inner()?;
    let rows = view.exported_len();
    let batches = rows.div_ceil(BATCH);
    let threads = crate::workers::threads_for(rows).min(batches).max(1);
    write_batches(view, batches, threads, &mut out)
}

/// Rows per batch: the unit of work of a formatting thread. Each thread holds at most two
/// batches' text, so this bounds the writer's memory (about 0.3 MB a batch of 25-byte rows).
const BATCH: usize = 4_096;

/// Rows whose cells are looked up together before any of them is formatted. The rows come
/// in rank order, scattered over the input's cell table, so each row's look-ups miss the
/// cache; a run of rows is warmed first ([`ProgramResult::warm`], then
/// [`ProgramResult::warm_text`]), in tight loops whose reads do not wait for one another,
/// so the misses overlap, and the run's cells are then formatted from cache.
const GATHER: usize = 64;

/// Formats the `batches` batches of exported rows on `threads` threads, this one included,
/// and writes them in order ([`super::write_in_order`]).
fn write_batches(
    view: &View,
    batches: usize,
    threads: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    super::write_in_order(
        batches,
        threads,
        || RowWriter::new(view),
        |rows, batch| Ok(rows.batch(batch)),
        out,
    )?;
    out.flush()
}

/// Writes program rows; the text of a number (score, cost) and of a flag set is worked out
/// once per distinct value.
struct RowWriter<'v> {
    view: &'v View<'v>,
    dialect: CsvDialect,
    records: RecordWriter,
    scores: ScoreTexts,
    /// Each flag set's field as written, keyed by the set's address.
    flags: HashMap<usize, Vec<u8>, FastHash>,
    number: Itoa,
    /// The size of the last batch, to size the next one's buffer.
    last_batch: usize,
}

impl<'v> RowWriter<'v> {
    fn new(view: &'v View<'v>) -> Self {
        RowWriter {
            view,
            dialect: view.csv,
            records: RecordWriter::new(&view.csv),
            scores: ScoreTexts::default(),
            flags: HashMap::default(),
            number: Itoa::default(),
            last_batch: 0,
        }
    }

    /// Batch `batch` of the exported rows (rows `batch * BATCH..`) as CSV bytes.
    fn batch(&mut self, batch: usize) -> Vec<u8> {
        let view: &'v View<'v> = self.view;
        let mut programs = view.exported_from(batch * BATCH, BATCH);
        let mut out = Vec::with_capacity(self.last_batch + self.last_batch / 8);
        let mut run = Vec::with_capacity(GATHER);
        let mut rows = Vec::with_capacity(GATHER);
        loop {
            run.clear();
            run.extend(programs.by_ref().take(GATHER));
            if run.is_empty() {
                break;
            }
            // Each row's first look-ups, all independent, then its text's first byte: the
            // cache misses of the run overlap instead of waiting for each in turn.
            std::hint::black_box(run.iter().fold(0u32, |acc, p| acc ^ p.warm()));
            std::hint::black_box(run.iter().fold(0u8, |acc, p| acc ^ p.warm_text()));
            rows.clear();
            rows.extend(run.iter().map(Gathered::of));
            for (program, row) in run.iter().zip(&rows) {
                self.write_row(&mut out, program, row);
            }
        }
        self.last_batch = out.len();
        out
    }

    #[cfg(test)]
    fn write(&mut self, out: &mut Vec<u8>, program: &ProgramResult) {
        self.write_row(out, program, &Gathered::of(program));
    }

    /// Appends `program`'s row to `out`, `gathered` being what it reads of the program.
    fn write_row(&mut self, out: &mut Vec<u8>, program: &ProgramResult, gathered: &Gathered) {
        let records = &self.records;
        let start = out.len();
        match program.rank() {
            Some(rank) => records.field(out, self.number.format(rank), true),
            None => records.field(out, b"", true),
        }
        let dialect = &self.dialect;
        records.encoded(
            out,
            self.scores.field(gathered.score, dialect, records),
            false,
        );
        let flags = self.flags.entry(gathered.flags.addr()).or_insert_with(|| {
            // A flag id from a weights file could start a formula: guarded like any cell.
            let ids = crate::text::join(gathered.flags.iter().map(|f| f.id.as_str()), ";");
            records.encode(defuse_formula(&ids).as_bytes())
        });
        records.encoded(out, flags, false);
        if self.view.include_excluded {
            records.field(out, defuse_formula(&program.status()).as_bytes(), false);
        }
        if self.view.show_costs {
            // Costs take as many values as there are programs, unlike scores: a table of
            // their texts would mostly miss, so each is formatted on its own.
            let [net_cost, hours, per_thousand] = super::cost_values(program);
            let text = |v: Option<_>, format: fn(_, u32) -> String| {
                v.map_or_else(String::new, |v| dialect.number(format(v, 2)))
            };
            for field in [
                text(net_cost, trimmed),
                text(hours, trimmed),
                text(per_thousand, fixed),
            ] {
                records.field(out, defuse_formula(&field).as_bytes(), false);
            }
        }
        records.cells(out, gathered.cells);
        records.end(out, start);
    }
}

/// What a row of the CSV reads of its program that lies elsewhere in memory (its cells,
/// flag set and score), looked up for a run of rows at a time.
struct Gathered<'a> {
    cells: RowText<'a>,
    flags: &'a crate::report::Shared<crate::flags::RaisedFlag>,
    score: rust_decimal::Decimal,
}

impl<'a> Gathered<'a> {
    #[inline]
    fn of(program: &ProgramResult<'a>) -> Gathered<'a> {
        Gathered {
            cells: program.cells().text(),
            flags: program.flags(),
            score: program.score(),
        }
    }
}

/// Scores' CSV texts (to two places, in the dialect's decimal mark, through the formula
/// guard), each worked out once: the programs share few distinct scores.
///
/// The key is the score's exact representation ([`crate::hash::exact_key`]): cheaper to hash
/// than the value (hashing a `Decimal` normalises it), and exact, so each text is its own
/// score's (`80.5` and `80.50`, equal as values, each get theirs). The memo is bounded
/// ([`BoundedMemo`]), so it stays small even when scores are many.
#[derive(Default)]
struct ScoreTexts {
    texts: BoundedMemo<u128, Vec<u8>>,
}

impl ScoreTexts {
    /// `value`'s field in `dialect`, as `records` writes it (quoted when its decimal comma
    /// is also the delimiter).
    fn field(
        &mut self,
        value: rust_decimal::Decimal,
        dialect: &CsvDialect,
        records: &RecordWriter,
    ) -> &[u8] {
        self.texts
            .get_or_insert_with(crate::hash::exact_key(value), || {
                records.encode(defuse_formula(&dialect.number(fixed(value, 2))).as_bytes())
            })
    }
}

/// Formats whole numbers without allocating (a rank per row).
struct Itoa([u8; 20]);

impl Default for Itoa {
    fn default() -> Self {
        itoa_buffer()
    }
}

fn itoa_buffer() -> Itoa {
    Itoa([0; 20])
}

impl Itoa {
    fn format(&mut self, mut n: usize) -> &[u8] {
        let mut at = self.0.len();
        loop {
            at -= 1;
            self.0[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        &self.0[at..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A csv writer builder for `dialect`'s delimiter and line end: the reference the
    /// writer's output is checked against.
    fn builder(dialect: &CsvDialect) -> csv::WriterBuilder {
        let mut builder = csv::WriterBuilder::new();
        builder.delimiter(dialect.delimiter);
        if dialect.crlf {
            builder.terminator(csv::Terminator::CRLF);
        }
        builder
    }
    use rust_decimal::Decimal;

    #[test]
    fn formulas_are_defused_but_numbers_are_not() {
        for risky in [
            "=1+1",
            "+SUM(A1)",
            "-x",
            "@cmd",
            "\tx",
            "\rx",
            "=HYPERLINK(\"x\")",
            "-1,2,3",
            "-1,000.",
            "-1,000.5.5",
            "+1-555-0100",
            "-,000",
            "-1,000x",
            "-1 000",
        ] {
            assert_eq!(defuse_formula(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in [
            "-5",
            "+3.5",
            "-1e3",
            "plain",
            "",
            "a=b",
            "-1,000.50",
            "-1,000,000",
            "+12,345",
            "-1.000,50",
            "-1.234.567",
        ] {
            assert_eq!(defuse_formula(safe), safe, "{safe:?}");
        }
    }

    #[test]
    fn every_formula_start_is_defused_including_full_width() {
        for start in FORMULA_STARTS {
            for rest in ["1+1", "SUM(A1:A9)", "cmd|' /C calc'!A0", ""] {
                let cell = format!("{start}{rest}");
                if looks_numeric(&cell) {
                    continue;
                }
                assert_eq!(defuse_formula(&cell), format!("'{cell}"), "{cell:?}");
            }
        }
        for full_width in ["\u{FF1D}1+1", "\u{FF0B}1", "\u{FF0D}1", "\u{FF20}SUM(A1)"] {
            assert!(
                defuse_formula(full_width).starts_with('\''),
                "{full_width:?}"
            );
        }
    }

    #[test]
    fn no_other_leading_character_is_touched() {
        let starts = (0u32..0x3000)
            .chain(0xFF00..0xFF70)
            .filter_map(char::from_u32)
            .filter(|c| !FORMULA_STARTS.contains(c));
        for start in starts {
            let cell = format!("{start}x");
            assert_eq!(defuse_formula(&cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn batches_formatted_on_several_threads_are_the_rows_in_order() {
        let rows = 2 * BATCH + 777;
        let report = super::super::fixture::report(
            rows,
            |i| format!("P{i}"),
            |i| if i % 7 == 0 { "=cmd" } else { "plain" }.into(),
            &crate::pipeline::ScoringOptions::default(),
        );
        let view = View::new(&report);
        let parallel = CsvExporter.render(&view).unwrap();
        let mut one = Vec::new();
        let mut writer = RowWriter::new(&view);
        let programs: Vec<ProgramResult<'_>> = view.exported().collect();
        for program in &programs {
            writer.write(&mut one, program);
        }
        let body = &parallel[parallel.iter().position(|&b| b == b'\n').unwrap() + 1..];
        assert_eq!(body.len(), one.len());
        assert!(body == one.as_slice(), "the parallel rows differ");
        assert_eq!(body.iter().filter(|&&b| b == b'\n').count(), rows);
    }

    fn report_with(text: &str, options: &crate::pipeline::ScoringOptions) -> crate::report::Report {
        let sheet = crate::input::Sheet::from_csv("t.csv", text.as_bytes()).unwrap();
        crate::pipeline::run(sheet, &crate::config::Config::default(), options).unwrap()
    }

    /// The CSV of `view` written the plain way: every field through `write_field`, one at a
    /// time, each number formatted on its own.
    fn field_by_field(view: &View) -> Vec<u8> {
        let mut plain = builder(&view.csv).from_writer(Vec::new());
        let mut header = ["rank", "score", "red_flags"].map(str::to_owned).to_vec();
        if view.include_excluded {
            header.push("status".into());
        }
        if view.show_costs {
            header.extend(view.report.cost_columns().map(|(name, _)| name));
        }
        for field in header.iter().chain(&view.report.headers) {
            plain.write_field(defuse_formula(field).as_bytes()).unwrap();
        }
        plain.write_record(None::<&[u8]>).unwrap();
        for program in view.exported() {
            let rank = program.rank().map_or_else(String::new, |r| r.to_string());
            let score = view.csv.number(fixed(program.score(), 2));
            let flags = crate::text::join(program.flags().iter().map(|f| f.id.as_str()), ";");
            let mut fields = vec![rank, score, flags];
            if view.include_excluded {
                fields.push(program.status().into_owned());
            }
            if view.show_costs {
                let [net_cost, hours, per_thousand] = super::super::cost_values(&program);
                let text = |v: Option<Decimal>, format: fn(Decimal, u32) -> String| {
                    v.map_or_else(String::new, |v| view.csv.number(format(v, 2)))
                };
                fields.push(text(net_cost, trimmed));
                fields.push(text(hours, trimmed));
                fields.push(text(per_thousand, fixed));
            }
            for field in fields {
                plain
                    .write_field(defuse_formula(&field).as_bytes())
                    .unwrap();
            }
            for cell in program.cells().iter() {
                plain.write_field(defuse_formula(cell).as_bytes()).unwrap();
            }
            plain.write_record(None::<&[u8]>).unwrap();
        }
        plain.into_inner().unwrap()
    }

    proptest::proptest! {
        /// Any records, in any delimiter and line end, come out byte for byte as the csv
        /// crate's own writer writes them (quotes, doubled quotes, the empty record).
        #[test]
        fn records_are_written_as_the_csv_crate_writes_them(
            records in proptest::collection::vec(
                proptest::collection::vec(
                    proptest::prop_oneof![
                        proptest::strategy::Just(String::new()),
                        "[a;,\t|\"\r\n =-]{0,6}",
                        "\\PC{0,8}",
                    ],
                    0..5,
                ),
                0..6,
            ),
            delimiter in proptest::sample::select(vec![b',', b';', b'\t', b'|']),
            crlf in proptest::bool::ANY,
        ) {
            let dialect = CsvDialect { delimiter, crlf, ..CsvDialect::default() };
            let mut reference = builder(&dialect).flexible(true).from_writer(Vec::new());
            let records_writer = RecordWriter::new(&dialect);
            let mut ours = Vec::new();
            for record in &records {
                reference.write_record(record).unwrap();
                let start = ours.len();
                for (i, field) in record.iter().enumerate() {
                    records_writer.field(&mut ours, field.as_bytes(), i == 0);
                }
                records_writer.end(&mut ours, start);
            }
            let reference = reference.into_inner().unwrap();
            proptest::prop_assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&reference)
            );
        }
    }

    #[test]
    fn rows_written_whole_are_the_rows_written_field_by_field_in_every_dialect() {
        let mut text = String::from(
            "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd,hours_per_week,note\n",
        );
        let notes = [
            "",
            "plain",
            "\"\"\"quoted\"\"\"",
            "\"a,b\"",
            "a;b",
            "a\tb",
            "\"two\nlines\"",
            "\"cr\rhere\"",
            "=SUM(A1)",
            "\u{FF1D}cmd",
            "-5",
            "Montréal €",
            "\" lead space\"",
            "#hash",
        ];
        for (i, note) in notes.iter().cycle().take(5 * notes.len()).enumerate() {
            // Costs with and without cents, some unknown, some free; hours repeat.
            let tuition = match i % 4 {
                0 => String::new(),
                1 => "0".to_owned(),
                2 => format!("{}.50", 20000 + i * 7),
                _ => format!("{}", 20000 + i * 7),
            };
            let hours = if i % 3 == 0 {
                String::new()
            } else {
                (i % 7 + 5).to_string()
            };
            text.push_str(&format!(
                "P{i},{},{},3,,{},{tuition},{hours},{note}\n",
                i % 5 + 1,
                i % 3 + 1,
                i % 4 + 1
            ));
        }
        let options = crate::pipeline::ScoringOptions {
            limits: crate::costs::Limits {
                max_cost: Some(Decimal::new(20200, 0)),
                ..Default::default()
            },
            ..Default::default()
        };
        let report = report_with(&text, &options);
        assert!(!report.ranked().is_empty() && !report.excluded().is_empty());
        let dialects = [
            (b',', false, false),
            (b';', true, false),
            (b'\t', false, false),
            (b',', false, true),
        ];
        let shows = [(false, false), (true, false), (false, true), (true, true)];
        for ((delimiter, decimal_comma, crlf), (show_costs, include_excluded)) in dialects
            .into_iter()
            .flat_map(|d| shows.into_iter().map(move |s| (d, s)))
        {
            let view = View {
                csv: CsvDialect {
                    delimiter,
                    decimal_comma,
                    crlf,
                    ..CsvDialect::default()
                },
                show_costs,
                include_excluded,
                ..View::new(&report)
            };
            let written = CsvExporter.render(&view).unwrap();
            let plain = field_by_field(&view);
            assert!(
                written == plain,
                "{:?}:\n{}\n---\n{}",
                delimiter as char,
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&plain)
            );
        }
    }

    #[test]
    fn each_score_prints_as_its_own_value_whatever_its_scale() {
        let mut negative_zero = Decimal::ZERO;
        negative_zero.set_sign_negative(true);
        // Equal in value, not in representation: 80.5 and 80.50, 0 and -0; and a value
        // whose rounding reaches the next unit.
        let scores = [
            Decimal::new(805, 1),
            Decimal::new(8050, 2),
            Decimal::ZERO,
            negative_zero,
            Decimal::new(99995, 3),
        ];
        assert_eq!(scores[0], scores[1]);
        assert_eq!(scores[2], scores[3]);
        // As the report's other outputs print a score: `fixed` on the program's own value,
        // whichever equal value the memo met first.
        let expected: Vec<String> = scores.iter().map(|s| fixed(*s, 2)).collect();
        assert_eq!(expected, ["80.50", "80.50", "0.00", "-0.00", "100.00"]);
        let mut texts = ScoreTexts::default();
        let dialect = CsvDialect::default();
        let records = RecordWriter::new(&dialect);
        for order in [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0]] {
            for i in order {
                assert_eq!(
                    texts.field(scores[i], &dialect, &records),
                    expected[i].as_bytes()
                );
            }
        }
    }

    #[test]
    fn score_texts_stay_right_and_few_past_their_limit() {
        let dialect = CsvDialect {
            decimal_comma: true,
            ..CsvDialect::default()
        };
        // A decimal comma under a comma delimiter: every field is quoted.
        let records = RecordWriter::new(&dialect);
        let mut texts = ScoreTexts::default();
        for round in 0..2 {
            for i in 0..crate::hash::MEMO_LIMIT as i64 + 100 {
                let value = Decimal::new(i * 10 + 5, 1 + (i % 3) as u32);
                let expected = format!("\"{}\"", dialect.number(fixed(value, 2)));
                assert_eq!(
                    texts.field(value, &dialect, &records),
                    expected.as_bytes(),
                    "{value} in round {round}"
                );
                assert!(texts.texts.len() <= crate::hash::MEMO_LIMIT);
            }
        }
        // Texts go through the formula guard like any cell: `-0.50` is a number to it.
        let negative = Decimal::new(-5, 1);
        let point = CsvDialect::default();
        assert_eq!(
            ScoreTexts::default().field(negative, &point, &RecordWriter::new(&point)),
            b"-0.50"
        );
        assert_eq!(
            texts.field(negative, &dialect, &records),
            records.encode(defuse_formula("-0,50").as_bytes())
        );
        let semicolon = CsvDialect {
            delimiter: b';',
            ..dialect
        };
        assert_eq!(
            ScoreTexts::default().field(negative, &semicolon, &RecordWriter::new(&semicolon)),
            b"-0,50"
        );
    }

    #[test]
    fn number_keys_spread_over_the_tables_buckets() {
        use std::hash::BuildHasher;
        // Whole numbers, numbers with trailing zeros, and numbers to 28 places.
        for (scale, step) in [(0, 1), (2, 100), (28, 7_777_777_777_777)] {
            let buckets: std::collections::HashSet<u64> = (0..4096i64)
                .map(|i| Decimal::from_i128_with_scale(i128::from(20_000 + i) * step, scale))
                .map(|value| FastHash::default().hash_one(crate::hash::exact_key(value)) & 4095)
                .collect();
            assert!(
                buckets.len() > 2048,
                "{} buckets of 4096 at scale {scale}",
                buckets.len()
            );
        }
    }

    #[test]
    fn whole_numbers_are_written_in_full() {
        let mut buffer = itoa_buffer();
        for n in [0, 7, 10, 1234567, usize::MAX] {
            assert_eq!(buffer.format(n), n.to_string().as_bytes());
        }
    }

    #[test]
    fn real_numbers_stay_numbers() {
        // A decimal comma too: a negative score in a `;` export stays `-0,50`, not `'-0,50`.
        for n in ["-5", "+5", "-0.25", "+1e3", "-2E-4", "-0,50", "+3,25"] {
            assert_eq!(defuse_formula(n), n, "{n:?}");
        }
        // Full-width digits are not numbers to a spreadsheet: a full-width minus is defused.
        assert_eq!(defuse_formula("\u{FF0D}5"), "'\u{FF0D}5");
    }
}
