//! Binding a sheet to the criteria: find the name column and each criterion's column, then
//! read every rating as an exact decimal on its scale (or as one of its labels).
//!
//! This is the boundary where cell text becomes typed data; everything after it works on
//! `Decimal`s and never sees a malformed cell.

use crate::config::{Config, Criterion, NAME_COLUMNS};
use crate::error::{DataError, Error, Place, Result, quote_cell};
use crate::flat::{FlatRows, FlatSet};
use crate::hash::FastHash;
use crate::headers::HeaderMap;
use crate::input::{CellTable, Origin, Sheet};
use crate::scoring::Tuples;
use crate::text::{join, match_key};
use crate::values::{
    Currency, MoneyRules, NumberError, is_missing, parse_amount, parse_number, split_currency,
};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// One program row: where it is and which distinct ratings tuple it has.
///
/// Its cells live in the dataset's [`CellTable`] and its ratings in the dataset's table of
/// distinct ratings tuples ([`Dataset::ratings`]): a million rows usually share a few
/// thousand tuples, and each is read, scored and flagged once.
///
/// Made when asked for ([`Dataset::program`]): the dataset stores only each program's
/// tuple, 4 bytes a program (a million-row input holds a million of them), since program
/// `i` is row `i` of the cell table; the line it starts on is the table's
/// ([`Dataset::line`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Program {
    row: u32,
    tuple: u32,
}

impl Program {
    /// The row's index in the dataset's cell table.
    pub fn row(self) -> usize {
        self.row as usize
    }

    /// The index of its ratings in [`Dataset::tuples`].
    pub fn tuple(self) -> usize {
        self.tuple as usize
    }
}

/// The ids of the criteria whose rating is missing in `ratings`, in config order.
pub fn missing_criteria<'a>(
    ratings: &[Option<Decimal>],
    criteria: &'a [Criterion],
) -> Vec<&'a str> {
    criteria
        .iter()
        .zip(ratings)
        .filter(|(_, r)| r.is_none())
        .map(|(c, _)| c.id.as_str())
        .collect()
}

/// Read access to one row's cells, whatever holds them.
pub trait Cells {
    /// The cell in `column` (header order).
    fn cell(&self, column: usize) -> &str;
}

impl Cells for Vec<String> {
    fn cell(&self, column: usize) -> &str {
        &self[column]
    }
}

impl Cells for Vec<&str> {
    fn cell(&self, column: usize) -> &str {
        self[column]
    }
}

/// One row of a [`CellTable`].
#[derive(Clone, Copy)]
pub struct TableRow<'a> {
    table: &'a CellTable,
    row: usize,
}

impl<'a> TableRow<'a> {
    /// The cell in `column` (header order).
    pub fn cell(&self, column: usize) -> &'a str {
        self.table.cell(self.row, column)
    }
}

impl Cells for TableRow<'_> {
    fn cell(&self, column: usize) -> &str {
        self.table.cell(self.row, column)
    }
}

/// One row as the stages after binding see it: where it is, its cells and its ratings.
#[derive(Clone, Copy)]
pub struct RowRef<'a> {
    /// The input's name for messages.
    pub file: &'a str,
    /// The header cells.
    pub headers: &'a [String],
    /// Where the cells came from, which decides how places are named.
    pub origin: &'a Origin,
    /// Whether numbers use a decimal comma (`3,5`).
    pub decimal_comma: bool,
    /// The file's currency, exchange rates and how ranges are read.
    pub money: &'a MoneyRules,
    /// The physical line (or sheet row) the row starts on.
    pub line: u64,
    /// The row's cells, in header order.
    pub cells: TableRow<'a>,
    /// One rating per criterion, in config order.
    pub ratings: &'a [Option<Decimal>],
}

impl RowRef<'_> {
    /// The place of one of this row's cells, for messages.
    pub fn place(&self, column: usize) -> Place {
        crate::input::place_in(
            self.file,
            self.origin,
            self.headers,
            self.line,
            Some(column),
        )
    }

    /// Reads a plain number cell (or a range such as `10-15`), with a decimal comma when the
    /// input uses one.
    pub fn number(&self, cell: &str) -> Result<Decimal, NumberError> {
        self.money.number(cell, self.decimal_comma)
    }

    /// Reads a money cell (or a range), in the file's currency, with a decimal comma when
    /// the input uses one.
    pub fn money(&self, cell: &str) -> Result<Decimal, NumberError> {
        self.money.money(cell, self.decimal_comma)
    }

    /// An error about one of this row's cells; a cell that shows a common slip (a date
    /// the spreadsheet made of what was typed, a decimal comma) gets the hint for it
    /// ([`slip_hint`]) instead of `hint`.
    pub fn invalid(&self, column: usize, cell: &str, expected: String, hint: &str) -> Error {
        let hint = slip_hint(cell, self.decimal_comma).unwrap_or_else(|| hint.into());
        DataError::InvalidValue {
            place: self.place(column),
            value: quote_cell(cell.trim()),
            expected,
            hint,
        }
        .into()
    }
}

/// The hint for a number cell refused because of a common slip, the same for every reader
/// (ratings, money, hours, years, red-flag rules):
/// - a date: a spreadsheet turns `4/5` typed into a rating cell, or `10-15` into an hours
///   cell, into a date, which the workbook stores as `2026-05-04` while the cell shows
///   `4-May`;
/// - a decimal comma (`4,5`) in a file read with decimal points: in a workbook, a number
///   typed as text.
///
/// `None` when the cell shows neither.
pub fn slip_hint(cell: &str, decimal_comma: bool) -> Option<String> {
    let cell = crate::values::trim_invisible(cell);
    let shaped = |text: &str, pattern: &str| {
        text.len() == pattern.len()
            && text.bytes().zip(pattern.bytes()).all(|(t, p)| match p {
                b'9' => t.is_ascii_digit(),
                _ => t == p,
            })
    };
    let date = match cell.split_once(' ') {
        Some((day, time)) => shaped(day, "9999-99-99") && shaped(time, "99:99:99"),
        None => shaped(cell, "9999-99-99"),
    };
    if crate::values::percent_number(cell, decimal_comma).is_some_and(|p| p.is_ok()) {
        return Some(
            "a percentage is not an amount, of money or of time: write the amount itself (a \
             share of the tuition as money: 50% of 38,000 is 19,000), or leave the cell empty"
                .into(),
        );
    }
    if date {
        return Some(
            "the cell holds a date (the spreadsheet may show it as 4-May or 15-Oct): a \
             spreadsheet turns a value such as 4/5 or 10-15 into a date as it is typed; \
             format the column as Text (or type an apostrophe first, '10-15), then type the \
             value again, or leave the cell empty"
                .into(),
        );
    }
    let comma = !decimal_comma
        && cell.matches(',').count() == 1
        && cell.split_once(',').is_some_and(|(whole, fraction)| {
            !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && (1..=2).contains(&fraction.len())
                && fraction.bytes().all(|b| b.is_ascii_digit())
        });
    comma.then(|| {
        format!(
            "the number is written with a decimal comma; write it with a point ({}), or pass \
             --decimal comma if the file's numbers use decimal commas",
            cell.replace(',', ".")
        )
    })
}

/// A sheet whose columns are matched to the criteria and whose ratings are read.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The input's name for messages.
    pub name: String,
    /// The header cells as written.
    pub headers: Vec<String>,
    /// Index of the program-name column.
    pub name_column: usize,
    /// Index of each criterion's column, in config order.
    pub criterion_columns: Vec<usize>,
    /// Each program's ratings tuple, in file order: program `i` is row `i` of the cell
    /// table, so its row is not stored (4 bytes a program; see [`Dataset::program`]).
    tuple_of: Vec<u32>,
    /// Every cell of every program row, shared with the report.
    pub cells: Arc<CellTable>,
    /// The ratings tuples (one rating per criterion, in config order; `None` when missing),
    /// one per distinct combination of rating cell texts, in the order they first appear.
    pub tuples: Tuples,
    /// For each tuple, the first program that has it ([`Dataset::first_of_tuple`]).
    first_of_tuple: Vec<u32>,
    /// The line (or sheet row) of the header.
    pub header_line: u64,
    /// Where the cells came from, which decides how places are named.
    pub origin: Origin,
    /// Whether numbers use a decimal comma (`3,5`).
    pub decimal_comma: bool,
    /// Where every wanted column (name, criteria, fact columns) was found.
    pub header_map: HeaderMap,
    /// The file's currency, exchange rates and how ranges are read.
    pub money: MoneyRules,
    /// How the input was read, for standard error: headers read loosely
    /// (`reading "Tuition ($)" as tuition_usd`) and the input's own notes.
    pub notes: Vec<String>,
}

impl Dataset {
    /// Matches the sheet's columns to `config` and reads every rating.
    pub fn bind(sheet: Sheet, config: &Config) -> Result<Dataset> {
        let Sheet {
            name: file,
            headers,
            header_line,
            rows,
            origin,
            decimal_comma,
            text_encoding: _,
            notes: _,
        } = sheet;
        let place = |line: u64, column: Option<usize>| {
            crate::input::place_in(&file, &origin, &headers, line, column)
        };
        let (
            ColumnMap {
                name_column,
                criterion_columns,
            },
            header_map,
        ) = ColumnMap::resolve_map(&file, &origin, header_line, &headers, config)?;
        let mut notes: Vec<String> = header_map
            .notes(&headers)
            .into_iter()
            .map(|n| format!("{file}: {n}"))
            .collect();
        let (money, money_notes) = crate::costs::money_rules(
            &crate::costs::MoneyInput {
                file: &file,
                origin: &origin,
                headers: &headers,
                header_map: &header_map,
                decimal_comma,
            },
            &rows,
            config,
        )?;
        notes.extend(money_notes);
        if rows.is_empty() {
            return Err(DataError::NoRows { file }.into());
        }

        // Rows are read in chunks on all cores; each chunk reads a rating cell once per
        // distinct text of its column and keeps its distinct ratings tuples, which are then
        // merged in file order. Repeated names are found by a second pass, split by the
        // name's hash. The error reported is the one a scan in file order meets first.
        let reader = RowReader {
            rows: &rows,
            config,
            criterion_columns: &criterion_columns,
            name_column,
            roles: CellRoles::new(name_column, &criterion_columns),
            decimal_comma,
            money: &money,
            place: &place,
        };
        let chunks: Vec<ReadChunk> =
            crate::workers::in_parts(rows.len(), |range| reader.read(range));
        // The names scattered by their hashes, chunk after chunk, up to the first chunk
        // that stopped early (a duplicate after its failure is not reported anyway).
        let duplicate = {
            let upto = chunks
                .iter()
                .position(|c| c.failure.is_some())
                .map_or(chunks.len(), |k| k + 1);
            let names: Vec<&NameParts> = chunks[..upto].iter().map(|c| &c.names).collect();
            first_duplicate(&rows, name_column, &names)
        };

        let failure = chunks
            .iter()
            .find_map(|c| c.failure.as_ref().map(|(row, _)| *row));
        if let Some((row, first)) = duplicate
            && failure.is_none_or(|bad| row <= bad)
        {
            return Err(DataError::DuplicateProgram {
                place: place(rows.line(row), Some(name_column)),
                name: quote_cell(rows.cell(row, name_column).trim()),
                first: place(rows.line(first), None).row_words(),
            }
            .into());
        }
        // The first chunk's programs become the dataset's (no copy), the others' appended.
        let mut programs: Vec<u32> = Vec::new();
        let mut tuples: FlatSet<Option<Decimal>> = FlatSet::new(criterion_columns.len());
        // At most the chunks' tuples together: the table never grows.
        tuples.reserve(chunks.iter().map(|c| c.keys.len()).sum());
        let mut first_of_tuple = Vec::new();
        let mut ratings: Vec<Option<Decimal>> = Vec::with_capacity(criterion_columns.len());
        for chunk in chunks {
            if let Some((_, error)) = chunk.failure {
                return Err(error);
            }
            let global: Vec<usize> = chunk
                .keys
                .iter()
                .zip(chunk.first_of_tuple)
                .map(|(keys, first)| {
                    ratings.clear();
                    ratings.extend(
                        keys.iter()
                            .zip(&chunk.values)
                            .map(|(&k, values)| values[k as usize]),
                    );
                    let (id, new) = tuples.insert(&ratings);
                    if new {
                        first_of_tuple.push(first);
                    }
                    id
                })
                .collect();
            if programs.is_empty() {
                programs = chunk.programs;
                // Its ids change only where two of its tuples read the same (`4`, `4.0`).
                if global.iter().enumerate().any(|(k, &id)| k != id) {
                    for tuple in &mut programs {
                        *tuple = global[*tuple as usize] as u32;
                    }
                }
                programs.reserve_exact(rows.len() - programs.len());
                continue;
            }
            programs.extend(
                chunk
                    .programs
                    .into_iter()
                    .map(|tuple| global[tuple as usize] as u32),
            );
        }
        if let Some(row) = trailing_note(&rows, name_column) {
            return Err(DataError::InvalidValue {
                place: place(rows.line(row), Some(name_column)),
                value: quote_cell(rows.cell(row, name_column).trim()),
                expected: "a program with at least one cell filled in".into(),
                hint: "this row below the programs has a name and nothing else, like a note \
                       or a source line; delete it or move it to another sheet (for a \
                       program not yet looked into, type N/A in one of its rating cells)"
                    .into(),
            }
            .into());
        }
        let mut rows = rows;
        rows.set_name_column(name_column);
        let cells = Arc::new(rows);
        Ok(Dataset {
            name: file,
            headers,
            name_column,
            criterion_columns,
            tuple_of: programs,
            cells,
            tuples: tuples.into_rows(),
            first_of_tuple,
            header_line,
            origin,
            decimal_comma,
            header_map,
            money,
            notes,
        })
    }

    /// Program `index`, in file order (row `index` of the cell table).
    #[inline]
    pub fn program(&self, index: usize) -> Program {
        Program {
            row: u32::try_from(index).expect("the cell table holds at most u32::MAX rows"),
            tuple: self.tuple_of[index],
        }
    }

    /// The programs, in file order.
    pub fn programs(
        &self,
    ) -> impl ExactSizeIterator<Item = Program> + DoubleEndedIterator + Clone + '_ {
        self.tuple_of
            .iter()
            .enumerate()
            .map(|(row, &tuple)| Program {
                row: row as u32,
                tuple,
            })
    }

    /// Programs `range`, in file order.
    pub fn programs_in(
        &self,
        range: std::ops::Range<usize>,
    ) -> impl ExactSizeIterator<Item = Program> + '_ {
        let start = range.start;
        self.tuple_of[range]
            .iter()
            .enumerate()
            .map(move |(k, &tuple)| Program {
                row: (start + k) as u32,
                tuple,
            })
    }

    /// How many programs there are (one per data row).
    pub fn len(&self) -> usize {
        self.tuple_of.len()
    }

    /// True when the input has no program.
    pub fn is_empty(&self) -> bool {
        self.tuple_of.is_empty()
    }

    /// The first program (in file order) whose ratings are tuple `t`.
    pub fn first_of_tuple(&self, t: usize) -> usize {
        self.first_of_tuple[t] as usize
    }

    /// The ratings of `program`, one per criterion in config order.
    pub fn ratings(&self, program: &Program) -> &[Option<Decimal>] {
        &self.tuples[program.tuple()]
    }

    /// The line (or sheet row) `program` starts on.
    pub fn line(&self, program: &Program) -> u64 {
        self.cells.line(program.row())
    }

    /// The name of `program`, trimmed.
    pub fn name(&self, program: &Program) -> &str {
        self.cells.cell(program.row(), self.name_column).trim()
    }

    /// The cell of `program` in `column`.
    pub fn cell(&self, program: &Program, column: usize) -> &str {
        self.cells.cell(program.row(), column)
    }

    /// The ids of the criteria whose rating `program` lacks, in config order.
    pub fn missing_criteria<'a>(
        &self,
        program: &Program,
        criteria: &'a [Criterion],
    ) -> Vec<&'a str> {
        missing_criteria(self.ratings(program), criteria)
    }

    /// The place of a row (by its line) and optionally one column, for messages.
    pub fn place(&self, line: u64, column: Option<usize>) -> Place {
        crate::input::place_in(&self.name, &self.origin, &self.headers, line, column)
    }

    /// Reads a plain number cell (or a range), with a decimal comma when the input uses one.
    pub fn number(&self, cell: &str) -> Result<Decimal, NumberError> {
        self.money.number(cell, self.decimal_comma)
    }

    /// Reads a money cell (or a range) in the file's currency.
    pub fn money(&self, cell: &str) -> Result<Decimal, NumberError> {
        self.money.money(cell, self.decimal_comma)
    }

    /// A view of one of this dataset's programs for the flag and cost stages.
    pub fn row<'a>(&'a self, program: &Program) -> RowRef<'a> {
        RowRef {
            file: &self.name,
            headers: &self.headers,
            origin: &self.origin,
            decimal_comma: self.decimal_comma,
            money: &self.money,
            line: self.line(program),
            cells: TableRow {
                table: &self.cells,
                row: program.row(),
            },
            ratings: &self.tuples[program.tuple()],
        }
    }
}

/// How many distinct combinations of rating cell texts a reading chunk remembers whole.
const TEXT_MEMO_ENTRIES: usize = 1 << 16;

/// What reading the ratings of a run of rows needs.
struct RowReader<'a, P> {
    rows: &'a CellTable,
    config: &'a Config,
    criterion_columns: &'a [usize],
    name_column: usize,
    /// What each cell of a row is read for, up to the last one read.
    roles: CellRoles,
    decimal_comma: bool,
    money: &'a MoneyRules,
    place: &'a P,
}

/// What each column of a row is read for, up to the last column read (the name's or a
/// criterion's): a row is walked once, up to there, and only those cells are looked at.
struct CellRoles(Vec<u8>);

impl CellRoles {
    /// The column holds the program's name.
    const NAME: u8 = 1;
    /// The column holds a criterion's rating, part of the row's [`TextKey`].
    const RATING: u8 = 2;

    fn new(name_column: usize, criterion_columns: &[usize]) -> CellRoles {
        let last = criterion_columns
            .iter()
            .copied()
            .chain([name_column])
            .max()
            .unwrap_or(0);
        let mut roles = vec![0u8; last + 1];
        roles[name_column] |= CellRoles::NAME;
        for &column in criterion_columns {
            roles[column] |= CellRoles::RATING;
        }
        CellRoles(roles)
    }
}

/// The programs of a run of rows, their ratings tuples (indices local to the chunk) and
/// the first error met, if any (reading stops there).
struct ReadChunk {
    /// Each row's ratings tuple (local to the chunk), row after row from the chunk's first.
    programs: Vec<u32>,
    /// The chunk's distinct tuples, as indices into `values` (one per criterion): twenty
    /// bytes a tuple where its ratings take a hundred, which matters when almost every row
    /// has its own (two-decimal ratings).
    keys: FlatRows<u32>,
    /// Per criterion: the ratings of the column's distinct texts in the chunk.
    values: Vec<Vec<Option<Decimal>>>,
    first_of_tuple: Vec<u32>,
    /// The rows' names hashed as [`Folded`] and scattered by hash, for the duplicate check:
    /// every name is hashed and scattered once, here, on the reading threads.
    names: NameParts,
    failure: Option<(usize, Error)>,
}

/// The rating cells' texts of a row (in column order, a column once however many criteria
/// read it), each followed by a byte no UTF-8 text holds (0xFF), in a fixed-width key: up
/// to [`TEXT_KEY_BYTES`] bytes, little-endian, zero-padded, then their length in the last
/// byte. Equal keys mean equal texts in every rating column, hence one ratings tuple.
/// Comparing it is four words, with no pointer to follow, and hashing it two multiplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TextKey([u64; 4]);

impl std::hash::Hash for TextKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Each half folded by a full 64×64→128-bit multiply, so every byte of the key
        // reaches the low bits the table indexes by (a plain FxHash round of one word
        // leaves them to the word's low bytes alone); the two multiplies run side by side.
        fn fold(x: u64, y: u64) -> u64 {
            let product = u128::from(x).wrapping_mul(u128::from(y));
            (product as u64) ^ ((product >> 64) as u64)
        }
        let [a, b, c, d] = self.0;
        state.write_u64(
            fold(a ^ 0x243f_6a88_85a3_08d3, b ^ 0x1319_8a2e_0370_7344)
                ^ fold(c ^ 0xa409_3822_299f_31d0, d ^ 0x082e_fa98_ec4e_6c89),
        );
    }
}

/// The most bytes of rating texts (separators included) a [`TextKey`] holds.
const TEXT_KEY_BYTES: usize = 31;

/// A [`TextKey`] being built, cell after cell, in two registers rather than byte by byte
/// in memory: rating cells are a few bytes long, and each is put in place as one word.
#[derive(Default)]
struct TextKeyBuilder {
    /// Bytes 0–15 and 16–31 of the key.
    low: u128,
    high: u128,
    len: usize,
    /// The texts were too long for a key.
    full: bool,
}

impl TextKeyBuilder {
    /// Appends a cell's text and its separator (nothing more once the key is full).
    #[inline]
    fn push(&mut self, cell: &str) {
        let cell = cell.as_bytes();
        if self.full || self.len + cell.len() >= TEXT_KEY_BYTES {
            self.full = true;
            return;
        }
        let mut pieces = cell.chunks_exact(8);
        for piece in &mut pieces {
            self.put(little_endian(piece), 8);
        }
        let rest = pieces.remainder();
        // At most seven bytes, and the separator after them in the same word.
        self.put(
            little_endian(rest) | 0xFF << (8 * rest.len()),
            rest.len() + 1,
        );
    }

    /// Puts the `count` low bytes of `word` (the rest zero) after the key's bytes.
    #[inline]
    fn put(&mut self, word: u64, count: usize) {
        let at = 8 * self.len as u32;
        let word = u128::from(word);
        if at < 128 {
            self.low |= word << at;
            if at > 64 {
                self.high |= word >> (128 - at);
            }
        } else {
            self.high |= word << (at - 128);
        }
        self.len += count;
    }

    /// The key, or `None` when the texts were too long for one.
    fn finish(self) -> Option<TextKey> {
        if self.full {
            return None;
        }
        Some(TextKey([
            self.low as u64,
            (self.low >> 64) as u64,
            self.high as u64,
            (self.high >> 64) as u64 | (self.len as u64) << 56,
        ]))
    }
}

/// Up to eight bytes as a little-endian word, zero-padded (a loop in registers: a copy of
/// a few bytes would call `memcpy`, and reading its result back stalls).
#[inline]
fn little_endian(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(word) => u64::from_le_bytes(*word),
        None => bytes
            .iter()
            .rev()
            .fold(0, |word, &byte| word << 8 | u64::from(byte)),
    }
}

/// The names a spreadsheet gives a summary row below a table (compared ignoring case and a
/// trailing `:` or `.`): never a program's name.
const SUMMARY_LABELS: &[&str] = &[
    "total",
    "totals",
    "grand total",
    "subtotal",
    "sub-total",
    "sum",
    "average",
    "averages",
    "avg",
    "mean",
    "median",
    "min",
    "minimum",
    "max",
    "maximum",
    // The same rows in a German, French or Spanish spreadsheet.
    "summe",
    "gesamt",
    "gesamtsumme",
    "durchschnitt",
    "mittelwert",
    "somme",
    "moyenne",
    "promedio",
];

/// The longest of [`SUMMARY_LABELS`] with its trailing mark, in bytes.
const SUMMARY_LABEL_MAX: usize = 13;

/// True when a (trimmed) name is a summary row's label such as `Total` or `Average:`.
#[inline(never)]
fn is_summary_label(name: &str) -> bool {
    let word = name.strip_suffix([':', '.']).unwrap_or(name).trim_end();
    SUMMARY_LABELS
        .iter()
        .any(|label| word.eq_ignore_ascii_case(label))
}

/// The first of the rows ending the table that hold only a name (every other cell empty):
/// a footnote such as `Source: university websites, 2026` typed below the programs, not a
/// program. Only the table's end is looked at; a row in the middle of the programs is one
/// of them. `None` when the last row holds more than its name, or when no row does.
fn trailing_note(rows: &CellTable, name_column: usize) -> Option<usize> {
    let name_only = |row: usize| {
        rows.row(row)
            .enumerate()
            .all(|(column, cell)| column == name_column || cell.trim().is_empty())
    };
    // A table of names alone (a shortlist not yet looked into) has no end to tell apart.
    let mut first = rows.len();
    while first > 0 && name_only(first - 1) {
        first -= 1;
    }
    (first > 0 && first < rows.len()).then_some(first)
}

/// A program's name without the white space around it, as [`str::trim`] gives it: a name
/// whose first and last bytes are printable ASCII has none (the usual case, told without
/// decoding a character).
#[inline]
fn trim_name(cell: &str) -> &str {
    let plain = |byte: u8| byte > b' ' && byte < 0x80;
    match cell.as_bytes() {
        [first, .., last] if plain(*first) && plain(*last) => cell,
        [only] if plain(*only) => cell,
        _ => cell.trim(),
    }
}

impl<P: Fn(u64, Option<usize>) -> Place + Sync> RowReader<'_, P> {
    /// Checks the names and reads the ratings of rows `range`.
    fn read(&self, range: std::ops::Range<usize>) -> ReadChunk {
        let first_row = range.start;
        let mut name_hashes = NameHashes::with_capacity(range.len());
        let columns = self.criterion_columns.len();
        let mut chunk = ReadChunk {
            programs: Vec::with_capacity(range.len()),
            keys: FlatRows::new(columns),
            values: vec![Vec::new(); columns],
            first_of_tuple: Vec::new(),
            names: NameParts::default(),
            failure: None,
        };
        let mut tuple_ids = FlatSet::new(columns);
        self.read_rows(range, &mut chunk, &mut tuple_ids, &mut name_hashes);
        chunk.keys = tuple_ids.into_rows();
        chunk.names = NameParts::scatter(&name_hashes, first_row);
        chunk
    }

    /// Reads rows `range` into `chunk`, their distinct tuples of indices into `tuple_ids`
    /// and their names' hashes into `name_hashes`, up to the first error.
    fn read_rows(
        &self,
        range: std::ops::Range<usize>,
        chunk: &mut ReadChunk,
        tuple_ids: &mut FlatSet<u32>,
        name_hashes: &mut NameHashes,
    ) {
        let (rows, place) = (self.rows, self.place);
        let columns = self.criterion_columns.len();
        // Per column: cell text → index of its rating among the column's distinct texts.
        let mut memo: Vec<HashMap<&str, u32, FastHash>> = vec![HashMap::default(); columns];
        let values = &mut chunk.values;
        // A tuple is keyed by those indices: hashing small integers, not decimals.
        let mut keys: Vec<u32> = Vec::with_capacity(columns);
        // In front of those: the row's rating cells' texts ([`TextKey`]) → its tuple. Most
        // rows repeat a combination already seen, and then one lookup replaces one per
        // criterion. Bounded: past `TEXT_MEMO_ENTRIES` combinations new ones are no longer
        // remembered here (they still are per column and per tuple), nor are texts too long
        // for a key.
        let mut tuple_of_text: HashMap<TextKey, usize, FastHash> = HashMap::default();
        for row in range {
            // One walk over the row's cells up to the last one read: its name and the
            // texts of its rating cells.
            let mut name = "";
            let mut key = TextKeyBuilder::default();
            for (cell, &role) in rows.row_text(row).into_iter().zip(&self.roles.0) {
                if role & CellRoles::NAME != 0 {
                    name = cell;
                }
                if role & CellRoles::RATING != 0 {
                    key.push(cell);
                }
            }
            let name = trim_name(name);
            if let Some(hint) = name_refusal(name) {
                chunk.failure = Some((
                    row,
                    DataError::InvalidValue {
                        place: place(rows.line(row), Some(self.name_column)),
                        value: quote_cell(name),
                        expected: "a program name".into(),
                        hint: hint.into(),
                    }
                    .into(),
                ));
                return;
            }
            let text = key.finish();
            if let Some(&tuple) = text.as_ref().and_then(|text| tuple_of_text.get(text)) {
                chunk.programs.push(tuple as u32);
                name_hashes.push(folded_hash(name));
                continue;
            }
            keys.clear();
            for (((criterion, &column), memo), values) in self
                .config
                .criteria
                .iter()
                .zip(self.criterion_columns)
                .zip(&mut memo)
                .zip(values.iter_mut())
            {
                let cell = rows.cell(row, column);
                let key = match memo.get(cell) {
                    Some(&key) => key,
                    None => match read_rating_with(
                        cell,
                        criterion,
                        self.decimal_comma,
                        Some(self.money),
                    ) {
                        Ok(rating) => {
                            let key = u32::try_from(values.len()).unwrap_or(u32::MAX);
                            values.push(rating);
                            memo.insert(cell, key);
                            key
                        }
                        Err((expected, hint)) => {
                            chunk.failure = Some((
                                row,
                                DataError::InvalidValue {
                                    place: place(rows.line(row), Some(column)),
                                    value: quote_cell(cell.trim()),
                                    expected,
                                    hint,
                                }
                                .into(),
                            ));
                            return;
                        }
                    },
                };
                keys.push(key);
            }
            let (tuple, new) = tuple_ids.insert(&keys);
            if new {
                chunk
                    .first_of_tuple
                    .push(u32::try_from(row).expect("at most u32::MAX programs"));
            }
            if let Some(text) = text
                && tuple_of_text.len() < TEXT_MEMO_ENTRIES
            {
                tuple_of_text.insert(text, tuple);
            }
            chunk.programs.push(tuple as u32);
            name_hashes.push(folded_hash(name));
        }
    }
}

/// A run of rows' names' hashes ([`folded_hash`]), as far as the duplicate check keeps
/// them: the top [`NAME_PART_BITS`] bits choose the name's part, and 32 bits below them
/// are its key within the part (five bytes a row, where the whole hash took eight).
struct NameHashes {
    parts: Vec<u8>,
    keys: Vec<u32>,
}

impl NameHashes {
    fn with_capacity(rows: usize) -> NameHashes {
        NameHashes {
            parts: Vec::with_capacity(rows),
            keys: Vec::with_capacity(rows),
        }
    }

    /// Keeps the next row's name's hash.
    #[inline]
    fn push(&mut self, hash: u64) {
        self.parts.push((hash >> (64 - NAME_PART_BITS)) as u8);
        self.keys.push((hash >> (32 - NAME_PART_BITS)) as u32);
    }
}

/// A run of rows' names, hashed as [`Folded`] and scattered, in row order, into
/// [`NAME_PARTS`] parts by their hash's top bits: equal names (case ignored) land in one
/// part.
#[derive(Default)]
struct NameParts {
    /// Each name's key ([`NameHashes`]) and row, as `key << 32 | row`, part after part.
    entries: Vec<u64>,
    /// `starts[p]..starts[p + 1]` are part `p`'s entries.
    starts: Vec<usize>,
}

impl NameParts {
    /// Scatters `hashes`, the hashes of the names of rows `first_row..`, by part.
    fn scatter(hashes: &NameHashes, first_row: usize) -> NameParts {
        let mut starts = vec![0usize; NAME_PARTS + 1];
        for &part in &hashes.parts {
            starts[usize::from(part) + 1] += 1;
        }
        for part in 0..NAME_PARTS {
            starts[part + 1] += starts[part];
        }
        let mut entries: Vec<u64> = vec![0; hashes.parts.len()];
        let mut next = starts.clone();
        for ((row, &part), &key) in (first_row..).zip(&hashes.parts).zip(&hashes.keys) {
            let slot = &mut next[usize::from(part)];
            let row = u32::try_from(row).expect("the cell table holds at most u32::MAX rows");
            entries[*slot] = u64::from(key) << 32 | u64::from(row);
            *slot += 1;
        }
        NameParts { entries, starts }
    }

    /// Part `part`'s names' keys and rows, in row order.
    fn part(&self, part: usize) -> impl Iterator<Item = (u32, usize)> + '_ {
        let entries = match self.starts.get(part..part + 2) {
            Some(&[start, end]) => &self.entries[start..end],
            _ => &[],
        };
        entries
            .iter()
            .map(|&entry| ((entry >> 32) as u32, (entry & u64::from(u32::MAX)) as usize))
    }
}

/// A name's hash as [`Folded`] (case ignored).
fn folded_hash(name: &str) -> u64 {
    std::hash::BuildHasher::hash_one(&FastHash::default(), Folded(name))
}

/// The first row whose name (case ignored) an earlier row already has, with that earlier
/// row: the pair a scan in file order meets first. `names` are the names of consecutive
/// runs of rows, in row order ([`NameParts::scatter`]; rows after them are not looked at);
/// every name is non-blank (a blank one stops the read before its hash).
///
/// Equal names have equal hashes, so they lie in the same part of every run; each part
/// is searched, run after run, with a map small enough to stay in the cache (one map
/// over a million names misses it on almost every row), the parts split over the cores.
/// Each part's first repeat is the first in file order among its names, and the earliest
/// of those is the file's.
fn first_duplicate(
    rows: &CellTable,
    name_column: usize,
    names: &[&NameParts],
) -> Option<(usize, usize)> {
    let total: usize = names.iter().map(|n| n.entries.len()).sum();
    let threads = crate::workers::threads_for(total);
    crate::workers::in_n_parts(NAME_PARTS, threads, |parts| {
        let mut seen: HashMap<Hashed<'_>, usize, FastHash> = HashMap::default();
        let mut first: Option<(usize, usize)> = None;
        for part in parts {
            seen.clear();
            'part: for run in names {
                for (hash, row) in run.part(part) {
                    let key = Hashed {
                        hash,
                        row,
                        names: (rows, name_column),
                    };
                    match seen.entry(key) {
                        std::collections::hash_map::Entry::Occupied(earlier) => {
                            let found = (row, *earlier.get());
                            first = Some(first.map_or(found, |f| f.min(found)));
                            break 'part;
                        }
                        std::collections::hash_map::Entry::Vacant(slot) => {
                            slot.insert(row);
                        }
                    }
                }
            }
        }
        first
    })
    .into_iter()
    .flatten()
    .min()
}

/// Bits of a name's hash that choose its part in [`first_duplicate`].
const NAME_PART_BITS: u32 = 8;

/// Parts the names are scattered into to find a repeat.
const NAME_PARTS: usize = 1 << NAME_PART_BITS;

/// A name with its [`Folded`] hash worked out once: the map hashes the hash, not the name.
///
/// The name itself is read from the cell table only when two hashes are equal: the rows of
/// one part lie all over the table, and reading each name would miss the cache every time.
#[derive(Clone, Copy)]
struct Hashed<'a> {
    /// The name's key ([`NameHashes`]).
    hash: u32,
    row: usize,
    /// The cell table and its name column.
    names: (&'a CellTable, usize),
}

impl Hashed<'_> {
    fn name(&self) -> Folded<'_> {
        let (rows, column) = self.names;
        Folded(rows.cell(self.row, column).trim())
    }
}

impl std::hash::Hash for Hashed<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u32(self.hash);
    }
}

impl PartialEq for Hashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.name() == other.name()
    }
}

impl Eq for Hashed<'_> {}

/// A name as a hash key that ignores case exactly as [`str::to_lowercase`] does, without
/// lowercasing a copy of every ASCII name.
#[derive(Clone, Copy)]
struct Folded<'a>(&'a str);

impl std::hash::Hash for Folded<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Both branches hash the lowercase text's bytes the same way (eight at a time, then
        // the rest with its length), so names equal but for case hash equal whichever
        // branch each takes (`\u{212A}` is non-ASCII and lowercases to `k`).
        if self.0.is_ascii() {
            hash_words(
                self.0.as_bytes(),
                crate::ranking::lowercase_ascii_word,
                state,
            );
        } else {
            hash_words(self.0.to_lowercase().as_bytes(), |word| word, state);
        }
    }
}

/// Feeds `bytes` to `state` as little-endian words through `map`, eight bytes a word; the
/// last (zero-padded) word carries the count of bytes it holds in its top bits.
fn hash_words<H: std::hash::Hasher>(bytes: &[u8], map: impl Fn(u64) -> u64, state: &mut H) {
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        state.write_u64(map(u64::from_le_bytes(chunk.try_into().expect("8 bytes"))));
    }
    let rest = chunks.remainder();
    state.write_u64(map(little_endian(rest)) ^ ((rest.len() as u64) << 59));
}

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        crate::ranking::cmp_folded(self.0, other.0).is_eq()
    }
}

impl Eq for Folded<'_> {}

/// Where the name and each criterion live in a header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    /// Index of the program-name column.
    pub name_column: usize,
    /// Index of each criterion's column, in config order.
    pub criterion_columns: Vec<usize>,
}

impl ColumnMap {
    /// Matches `headers` to the name column and `config`'s criteria, refusing blank headers,
    /// two headers with one meaning and missing columns: every header problem in one error.
    pub fn resolve(
        file: &str,
        origin: &Origin,
        header_line: u64,
        headers: &[String],
        config: &Config,
    ) -> Result<ColumnMap> {
        Self::resolve_map(file, origin, header_line, headers, config).map(|(columns, _)| columns)
    }

    /// As [`ColumnMap::resolve`], also returning the whole [`HeaderMap`] (fact columns and
    /// which headers were read loosely).
    pub fn resolve_map(
        file: &str,
        origin: &Origin,
        header_line: u64,
        headers: &[String],
        config: &Config,
    ) -> Result<(ColumnMap, HeaderMap)> {
        let place = |column: Option<usize>| {
            crate::input::place_in(file, origin, headers, header_line, column)
        };
        let map = HeaderMap::new(headers, config);
        let sheets = origin.other_sheets_hint();
        check_headers(
            &place(None),
            &|i| place(Some(i)),
            headers,
            &map,
            sheets.as_deref(),
        )?;
        let problems = header_problems(&map, headers, config);
        if !problems.is_empty() {
            let hint = origin
                .delimiter_hint(headers)
                .map(|hint| format!("{hint}."))
                .or_else(|| data_row_hint(headers));
            let also = match hint {
                Some(hint) if problems.len() == 1 => format!(". {}", hint.trim_end_matches('.')),
                Some(hint) => format!("\n{hint}"),
                None => weight_zero_hint(&map, headers, config, problems.len()),
            };
            return Err(header_error(place(None), headers, problems, sheets, also).into());
        }
        // A header naming a scale other than its criterion's (`Faculty quality (1-10)` read
        // on 1 to 5) would read a 5 of 10 as the best rating: refused, naming the header.
        for (criterion, column) in config.criteria.iter().zip(&map.criteria) {
            let Some(column) = *column else { continue };
            if let Some(top) = crate::headers::header_scale_top(&headers[column])
                && criterion.normalize == crate::config::Normalize::Scale
                && Decimal::from(top) != criterion.scale.max
            {
                let (min, max) = (criterion.scale.min, criterion.scale.max);
                return Err(DataError::InvalidValue {
                    place: place(Some(column)),
                    value: quote_cell(&headers[column]),
                    expected: format!(
                        "a header for {}, whose ratings run from {min} to {max}",
                        criterion.id
                    ),
                    hint: format!(
                        "the header says they run to {top}; rate on {min} to {max} (and change \
                         the header), or declare scale = {{ min = {min}, max = {top} }} under \
                         [criteria.{}] in a weights file",
                        criterion.id
                    ),
                }
                .into());
            }
        }
        let columns = ColumnMap {
            name_column: map
                .name
                .expect("no problem means the name column was found"),
            criterion_columns: map.criteria.iter().flatten().copied().collect(),
        };
        Ok((columns, map))
    }
}

/// One header problem: a column not found, or two headers for one column.
enum HeaderProblem {
    Missing(String),
    Clash(String, String, String),
}

/// Every missing name or criterion column and every clash, in that order.
fn header_problems(map: &HeaderMap, headers: &[String], config: &Config) -> Vec<HeaderProblem> {
    let quoted = |h: usize| format!("\"{}\"", quote_cell(&headers[h]));
    let mut problems = Vec::new();
    let missing = |id: &str, names: Vec<&str>, table: Option<&str>| {
        let aliases: Vec<&str> = names.iter().copied().filter(|n| *n != id).collect();
        match map.closest_unclaimed(headers, &names) {
            Some(h) => HeaderProblem::Missing(format!(
                "{id}: {} looks like it; rename it to {id}, or add it to the aliases {}",
                quoted(h),
                table.map_or_else(
                    || "of program under [columns] in the weights file".to_owned(),
                    |t| format!("under [criteria.{t}] in the weights file")
                )
            )),
            None => {
                let shown = aliases.iter().take(3).copied().collect::<Vec<_>>();
                let more = if aliases.len() > 3 { ", …" } else { "" };
                HeaderProblem::Missing(if shown.is_empty() {
                    id.to_owned()
                } else {
                    format!("{id} (or {}{more})", join(shown, ", "))
                })
            }
        }
    };
    if map.name.is_none() {
        let mut names: Vec<&str> = NAME_COLUMNS.to_vec();
        if let Some((_, aliases)) = config.columns.iter().find(|(id, _)| id == "program") {
            names.extend(aliases.iter().map(String::as_str));
        }
        problems.push(missing("program", names, None));
    }
    for (criterion, column) in config.criteria.iter().zip(&map.criteria) {
        if column.is_none() {
            problems.push(missing(
                &criterion.id,
                criterion.names().collect(),
                Some(&criterion.id),
            ));
        }
    }
    for clash in &map.clashes {
        problems.push(HeaderProblem::Clash(
            quoted(clash.first),
            quoted(clash.second),
            clash.id.clone(),
        ));
    }
    problems
}

/// For criteria without a column, the way out that needs no file edited: `--weight ID=0`
/// leaves a criterion out of the run ([`Config::fitted_to`]). Offered only when the criteria
/// that were found still carry weight (with none found, the sheet or its delimiter is more
/// likely wrong), and not for a criterion with a look-alike header (renaming it is the fix).
/// Worded to follow the one problem's message, or the list of `problems`.
fn weight_zero_hint(
    map: &HeaderMap,
    headers: &[String],
    config: &Config,
    problems: usize,
) -> String {
    // A line of more flags than this is no way out anyone types.
    const MOST: usize = 5;
    let absent = map.criteria.iter().filter(|c| c.is_none()).count();
    let weighed = config
        .criteria
        .iter()
        .zip(&map.criteria)
        .any(|(c, column)| column.is_some() && c.weight > Decimal::ZERO);
    if absent == 0 || absent > MOST || !weighed {
        return String::new();
    }
    let missing: Vec<&str> = config
        .criteria
        .iter()
        .zip(&map.criteria)
        .filter(|(c, column)| {
            column.is_none()
                && map
                    .closest_unclaimed(headers, &c.names().collect::<Vec<_>>())
                    .is_none()
        })
        .map(|(c, _)| c.id.as_str())
        .collect();
    if missing.is_empty() {
        return String::new();
    }
    let flags = join(missing.iter().map(|id| format!("--weight {id}=0")), " ");
    if problems == 1 {
        format!("; or, to leave it out of this run, add {flags}")
    } else {
        let them = if missing.len() == 1 {
            missing[0]
        } else {
            "the missing criteria"
        };
        format!("\nTo leave {them} out of this run instead, add {flags}.")
    }
}

/// The error for the header problems: the one problem's own message, or all of them listed.
/// `sheets` (the workbook's other sheets, when the first was read by default) follows the
/// headers found: a header with none of the columns is often the wrong sheet's.
fn header_error(
    place: Place,
    headers: &[String],
    problems: Vec<HeaderProblem>,
    sheets: Option<String>,
    also: String,
) -> DataError {
    let mut found = join(
        headers.iter().map(|h| format!("\"{}\"", quote_cell(h))),
        ", ",
    );
    if let Some(sheets) = sheets {
        found = format!("{found} ({sheets})");
    }
    if problems.len() == 1 {
        return match problems.into_iter().next().expect("one problem") {
            HeaderProblem::Missing(missing) => DataError::MissingColumn {
                place,
                missing,
                found,
                also,
            },
            HeaderProblem::Clash(first, second, meaning) => DataError::DuplicateColumn {
                place,
                first,
                second,
                meaning,
                also,
            },
        };
    }
    DataError::HeaderProblems {
        place,
        problems: problems
            .into_iter()
            .map(|p| match p {
                HeaderProblem::Missing(missing) => format!("missing column {missing}"),
                HeaderProblem::Clash(first, second, meaning) => format!(
                    "columns {first} and {second} both mean {meaning}; keep one of them or rename the other"
                ),
            })
            .collect(),
        found,
        also,
    }
}

/// Why a row's name cell (trimmed) is not a program's name, as its error's hint; `None`
/// for a name. Asked of every row: most names are told apart by their first or last byte.
#[inline]
fn name_refusal(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("every row needs a name; fill it in or delete the row");
    }
    // `#N/A`, `#REF!`: a formula that failed (a lookup that found nothing), not a
    // program's name. Every error value starts with `#` or `Err:`.
    if (name.as_bytes()[0] == b'#'
        || name
            .get(..4)
            .is_some_and(|head| head.eq_ignore_ascii_case("err:")))
        && crate::values::is_spreadsheet_error(name)
    {
        return Some(
            "the cell shows a spreadsheet error (its formula failed), not a name; type the \
             program's name, or fix the formula",
        );
    }
    // A name such as `Total` or `Average` is a spreadsheet's summary row below the
    // programs, not a program: ranked, it would sit among them. Most names cost a length,
    // a first-letter or a last-byte comparison (no label ends in a digit).
    if name.len() <= SUMMARY_LABEL_MAX
        && matches!(
            name.as_bytes()[0] | 0x20,
            b'a' | b'd' | b'g' | b'm' | b'p' | b's' | b't'
        )
        && !name.as_bytes().last().is_some_and(u8::is_ascii_digit)
        && is_summary_label(name)
    {
        return Some(
            "this row looks like a total or average of the rows above, not a program; \
             delete the row, or move the summary to another sheet",
        );
    }
    None
}

/// A hint for a header row that is a row of data: a third or more of its non-empty cells
/// (at least two) are numbers (`5`, `4.5`, `$42,000`). A file with no header row, or a
/// `--skip-rows` that skipped the header, reads a program's row as the header; the missing
/// columns and the clashes between `"5"` and `"5"` that follow would not say why.
fn data_row_hint(headers: &[String]) -> Option<String> {
    let cells: Vec<&str> = headers
        .iter()
        .map(|h| h.trim())
        .filter(|h| !h.is_empty())
        .collect();
    let is_number = |cell: &&str| -> bool {
        let digits: String = cell
            .trim_start_matches(['$', '£', '€'])
            .chars()
            .filter(|&c| c != ',')
            .collect();
        digits.parse::<f64>().is_ok_and(f64::is_finite)
    };
    let numbers = cells.iter().copied().filter(is_number).count();
    (numbers >= 2 && numbers * 3 >= cells.len()).then(|| {
        format!(
            "This header row looks like a row of data ({numbers} of its {} cells are \
             numbers): the first row read must name the columns (program, then the \
             criteria). Add a header row, or, if --skip-rows skipped it, skip fewer rows.",
            cells.len()
        )
    })
}

/// Refuses headers that are blank yet hold data, and two headers that are the same name
/// (case, spaces, `_` and `-` aside) and match no column (two headers matching one column
/// are a [`HeaderMap`] clash). `sheets` lists a workbook's other sheets when the one read
/// is only the first of several: a blank header there may mean the wrong sheet (Apple
/// Numbers puts an "Export Summary" sheet first).
fn check_headers(
    header_row: &Place,
    header_cell: &dyn Fn(usize) -> Place,
    headers: &[String],
    map: &HeaderMap,
    sheets: Option<&str>,
) -> Result<()> {
    // Key → first header with it: one pass, so a sheet of 20,000 columns is not quadratic.
    let mut seen: std::collections::HashMap<String, usize> =
        std::collections::HashMap::with_capacity(headers.len());
    for (i, header) in headers.iter().enumerate() {
        if header.trim().is_empty() {
            let mut hint = String::from(
                "this column has data but no header; give it a name in the header row \
                 (if the rows above the header are titles, skip them with --skip-rows N)",
            );
            if let Some(sheets) = sheets {
                hint = format!("{hint}; {sheets}");
            }
            return Err(DataError::InvalidValue {
                place: header_cell(i),
                value: String::new(),
                expected: "a column name".into(),
                hint,
            }
            .into());
        }
        let key = match_key(header);
        if map.matched.iter().any(|m| m.column == i) || map.clashes.iter().any(|c| c.second == i) {
            continue;
        }
        if let Some(&earlier) = seen.get(&key) {
            return Err(DataError::DuplicateColumn {
                place: header_row.clone(),
                first: format!("\"{}\"", quote_cell(&headers[earlier])),
                second: format!("\"{}\"", quote_cell(header)),
                meaning: format!("the column {key:?}"),
                also: data_row_hint(headers).map_or_else(String::new, |hint| format!(". {hint}")),
            }
            .into());
        }
        seen.insert(key, i);
    }
    Ok(())
}

/// Reads one rating cell: a missing marker, a label or a number on the scale. On error
/// returns (what was expected, how to fix it).
pub fn read_rating(
    cell: &str,
    criterion: &Criterion,
    decimal_comma: bool,
) -> Result<Option<Decimal>, (String, String)> {
    read_rating_with(cell, criterion, decimal_comma, None)
}

/// Reads one rating cell as [`read_rating`] does; a cost criterion (`direction = "cost"`)
/// also takes the money forms the cost columns take (`$42,000.00`, `£35,000`) under `money`.
pub fn read_rating_with(
    cell: &str,
    criterion: &Criterion,
    decimal_comma: bool,
    money: Option<&MoneyRules>,
) -> Result<Option<Decimal>, (String, String)> {
    // Read once per distinct text of a column: trimming here costs nothing per row.
    let cell = crate::values::trim_invisible(cell);
    if is_missing(cell) {
        return Ok(None);
    }
    if let Some(value) = criterion.label_value(cell) {
        return Ok(Some(value));
    }
    let on_scale = !crate::scoring::scale::Scale::declared(criterion).follows_data();
    let expected = || {
        let mut text = if on_scale {
            format!(
                "a number from {} to {}",
                criterion.scale.min, criterion.scale.max
            )
        } else {
            "a number".to_owned()
        };
        if !criterion.labels.is_empty() {
            let words = join(criterion.labels.iter().map(|(w, _)| w.as_str()), ", ");
            text.push_str(&format!(" nor one of the labels {words}"));
        }
        text
    };
    let hint = format!(
        "correct the cell, leave it empty if the rating is not known yet, or declare the word as a label under [criteria.{}] in the weights file",
        criterion.id
    );
    let parsed = match money {
        Some(rules) if criterion.direction == crate::config::Direction::Cost => {
            rules.money(cell, decimal_comma)
        }
        // `85%`: 85 on a 0–100 scale, 0.85 on a 0–1 scale (the number a workbook stores for
        // a cell formatted as a percentage); on any other scale a percentage is no rating.
        _ if let Some(percent) = crate::values::percent_number(cell, decimal_comma) => {
            let top = criterion.scale.max;
            if top == Decimal::ONE_HUNDRED {
                percent
            } else if top == Decimal::ONE {
                percent.map(|p| p / Decimal::ONE_HUNDRED)
            } else {
                return Err((
                    expected(),
                    format!(
                        "a percentage is not a rating of {} (rated from {} to {}): write the \
                         rating on that scale, or set scale = [0, 100] under [criteria.{}] in \
                         the weights file",
                        criterion.id, criterion.scale.min, criterion.scale.max, criterion.id
                    ),
                ));
            }
        }
        _ => match out_of(cell, decimal_comma) {
            Some((value, top)) => {
                // The rating is on its scale only when it was written against the scale's
                // top: `8/10` on a 1-5 scale is not 8, nor (silently) 4.
                if top.is_some_and(|top| !on_scale || top != criterion.scale.max) {
                    return Err((
                        expected(),
                        format!(
                            "the cell rates out of {}, but {} is rated from {} to {}: write the rating on that scale, or set the scale under [criteria.{}] in the weights file",
                            top.map(|t| t.normalize().to_string()).unwrap_or_default(),
                            criterion.id,
                            criterion.scale.min,
                            criterion.scale.max,
                            criterion.id
                        ),
                    ));
                }
                Ok(value)
            }
            None => parse_number(cell, decimal_comma),
        },
    };
    match parsed {
        Ok(value) if !on_scale || criterion.scale.contains(value) => Ok(Some(value)),
        Ok(_) => Err((
            expected(),
            format!(
                "correct the cell, or widen the scale under [criteria.{}] in the weights file",
                criterion.id
            ),
        )),
        Err(NumberError::TooManyDigits) => Err((
            format!("{} with at most 28 significant digits", expected()),
            "shorten the number".into(),
        )),
        Err(NumberError::NotANumber | NumberError::AmbiguousComma) => {
            if let Some(hint) = slip_hint(cell, decimal_comma) {
                return Err((expected(), hint));
            }
            match leading_number(cell, decimal_comma) {
                // `4 (good)`, `4 - strong`, `4*`: a rating with words after it.
                Some(number) => Err((
                    expected(),
                    format!(
                        "write the rating alone ({number}) and keep the words in a notes column, or leave the cell empty if the rating is not known yet"
                    ),
                )),
                None => Err((expected(), hint)),
            }
        }
    }
}

/// The number a cell starts with when words or marks follow it (`4` of `4 (good)`), for the
/// hint of a refused rating; `None` when the cell does not start with one.
fn leading_number(cell: &str, decimal_comma: bool) -> Option<&str> {
    let end = cell
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || (decimal_comma && c == ',')))
        .unwrap_or(cell.len());
    let number = &cell[..end];
    let rest = cell[end..].trim();
    (!number.is_empty() && !rest.is_empty() && parse_number(number, decimal_comma).is_ok())
        .then_some(number)
}

/// A rating written against its scale's top, as people write one in a spreadsheet: a
/// fraction (`4/5`, `4 / 5`, `3,5/5`), `4 out of 5`, or stars (`★★★★☆`, `⭐⭐⭐`). Returns
/// the rating and the top it was written against (none for stars without empty ones);
/// `None` when the cell is none of these.
fn out_of(cell: &str, decimal_comma: bool) -> Option<(Decimal, Option<Decimal>)> {
    const FILLED: [char; 2] = ['★', '⭐'];
    const EMPTY: char = '☆';
    if cell.contains(FILLED) || cell.contains(EMPTY) {
        if !cell
            .chars()
            .all(|c| FILLED.contains(&c) || c == EMPTY || c.is_whitespace())
        {
            return None;
        }
        let filled = cell.chars().filter(|c| FILLED.contains(c)).count();
        let empty = cell.chars().filter(|&c| c == EMPTY).count();
        let top = (empty > 0).then(|| Decimal::from(filled + empty));
        return Some((Decimal::from(filled), top));
    }
    let (rating, top) = match cell.split_once('/') {
        Some(parts) => parts,
        None => {
            // Byte offsets in the lowercase copy are the cell's own (ASCII case only).
            let at = cell.to_ascii_lowercase().find(" out of ")?;
            (&cell[..at], &cell[at + " out of ".len()..])
        }
    };
    let number = |text: &str| parse_number(text.trim(), decimal_comma).ok();
    Some((number(rating)?, Some(number(top)?)))
}

/// What the pipeline reads one input column as, kept for the outputs that write the input's
/// cells back typed (the xlsx workbook).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// The program names: text, whatever they look like.
    Name,
    /// A criterion's ratings (its index in config order): numbers, labels or missing markers.
    Rating(usize),
    /// Amounts of money (tuition, funding), read in the file's currency.
    Money,
    /// Plain numbers (hours per week, years).
    Number,
    /// Any other column, read (if at all) by red-flag rules.
    Other,
}

/// How the input's cells were read: the decimal mark, the file's currency and what each
/// column holds. [`CellReading::typed`] reads one cell back with the pipeline's own parsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellReading {
    /// Whether numbers use a decimal comma (`3,5`).
    pub decimal_comma: bool,
    /// The file's currency (what a bare amount in a money column is in).
    pub currency: Currency,
    /// One kind per input column, in header order.
    pub kinds: Vec<ColumnKind>,
}

impl Default for CellReading {
    fn default() -> Self {
        CellReading {
            decimal_comma: false,
            currency: Currency::USD,
            kinds: Vec::new(),
        }
    }
}

/// One input cell as the pipeline read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellValue {
    /// Not a number (a word, a label, a missing marker, a range, a note): kept as written.
    Text,
    /// A number, as parsed; `grouped` when written with thousands separators (`12,000`).
    Number {
        /// The exact value.
        value: Decimal,
        /// Written with thousands separators.
        grouped: bool,
    },
    /// An amount of money as written: its value in `currency` (never converted), and
    /// whether the currency was written after the amount (`24.500,00 €`).
    Money {
        /// The exact value, in `currency`.
        value: Decimal,
        /// The currency marked on the cell, or the file's.
        currency: Currency,
        /// The marker came after the amount.
        after: bool,
    },
}

impl Dataset {
    /// How this dataset's cells were read, column by column.
    pub fn cell_reading(&self, config: &Config) -> CellReading {
        let mut kinds = vec![ColumnKind::Other; self.headers.len()];
        let mut set = |column: Option<usize>, kind: ColumnKind| {
            if let Some(slot) = column.and_then(|c| kinds.get_mut(c)) {
                *slot = kind;
            }
        };
        for id in [crate::costs::column::HOURS, crate::costs::column::YEARS] {
            set(self.header_map.column(config, id), ColumnKind::Number);
        }
        for id in crate::headers::MONEY_COLUMNS {
            set(self.header_map.column(config, id), ColumnKind::Money);
        }
        for (i, &column) in self.criterion_columns.iter().enumerate() {
            set(Some(column), ColumnKind::Rating(i));
        }
        set(Some(self.name_column), ColumnKind::Name);
        CellReading {
            decimal_comma: self.decimal_comma,
            currency: self.money.currency,
            kinds,
        }
    }
}

impl CellReading {
    /// Reads `cell` of input column `column` as the pipeline reads that column, with the
    /// same parsers: ratings with [`parse_number`] (labels and missing markers stay text;
    /// a cost criterion's cells as money), money columns with [`parse_amount`], hours and
    /// years with [`parse_number`], and any other column as the red-flag rules read a number
    /// ([`parse_amount`], then [`parse_number`]), where a leading zero (`0012`, an id) keeps
    /// the cell text. Ranges (`10-15`) stay text: the cell holds two numbers, not one.
    /// A number a spreadsheet's double cannot show digit for digit (more than 15
    /// significant digits) stays text too.
    pub fn typed(&self, column: usize, cell: &str, criteria: &[Criterion]) -> CellValue {
        let comma = self.decimal_comma;
        let kind = self.kinds.get(column).copied().unwrap_or(ColumnKind::Other);
        if kind == ColumnKind::Name || is_missing(cell) {
            return CellValue::Text;
        }
        let read = match kind {
            ColumnKind::Name => None,
            ColumnKind::Rating(i) => match criteria.get(i) {
                Some(c) if c.label_value(cell).is_some() => None,
                Some(c) if c.direction == crate::config::Direction::Cost => self.amount(cell),
                _ => self.number(cell, false),
            },
            ColumnKind::Money => self.money(cell),
            ColumnKind::Number => self.number(cell, false),
            ColumnKind::Other => {
                let trimmed = cell.trim();
                let leading_zero = trimmed.starts_with('0')
                    && trimmed[1..].starts_with(|c: char| c.is_ascii_digit());
                if leading_zero {
                    None
                } else {
                    match parse_amount(cell, comma) {
                        Ok(_) => self.amount(cell),
                        Err(NumberError::NotANumber) => self.number(cell, false),
                        Err(_) => None,
                    }
                }
            }
        };
        read.filter(|value| {
            let value = match value {
                CellValue::Number { value, .. } | CellValue::Money { value, .. } => value,
                CellValue::Text => return true,
            };
            value.normalize().mantissa().unsigned_abs() < 1_000_000_000_000_000
        })
        .unwrap_or(CellValue::Text)
    }

    /// A plain number ([`parse_number`] with the file's decimal mark).
    fn number(&self, cell: &str, grouped: bool) -> Option<CellValue> {
        parse_number(cell, self.decimal_comma)
            .ok()
            .map(|value| CellValue::Number { value, grouped })
    }

    /// An amount of money ([`parse_amount`] with the file's decimal mark), in the currency
    /// written on it; a bare number is a number, with `grouped` when written with thousands
    /// separators.
    fn amount(&self, cell: &str) -> Option<CellValue> {
        let amount = parse_amount(cell, self.decimal_comma).ok()?;
        let (_, body) = split_currency(cell).ok()?;
        Some(match amount.currency {
            Some(currency) => CellValue::Money {
                value: amount.value,
                currency,
                after: cell.trim().starts_with(body),
            },
            None => {
                let thousands = if self.decimal_comma { '.' } else { ',' };
                CellValue::Number {
                    value: amount.value,
                    grouped: body.contains([thousands, ' ', '\'', '’', '\u{a0}', '\u{202f}']),
                }
            }
        })
    }

    /// A money column's amount: as [`CellReading::amount`], a bare number in the file's
    /// currency.
    fn money(&self, cell: &str) -> Option<CellValue> {
        match self.amount(cell)? {
            CellValue::Number { value, .. } => Some(CellValue::Money {
                value,
                currency: self.currency,
                after: false,
            }),
            other => Some(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn bind(csv: &str) -> Result<Dataset> {
        let sheet = Sheet::from_csv("t.csv", csv.as_bytes())?;
        Dataset::bind(sheet, &Config::default())
    }

    #[test]
    fn ratings_written_against_their_scale_top_are_read() {
        let config = Config::default();
        let faculty = &config.criteria[0];
        let read = |cell: &str, comma: bool| read_rating(cell, faculty, comma);
        for (cell, comma, value) in [
            ("4/5", false, dec!(4)),
            (" 4 / 5 ", false, dec!(4)),
            ("3.5/5", false, dec!(3.5)),
            ("3,5/5", true, dec!(3.5)),
            ("4 out of 5", false, dec!(4)),
            ("2 Out Of 5", false, dec!(2)),
            ("★★★★☆", false, dec!(4)),
            ("★★★", false, dec!(3)),
            ("⭐⭐⭐⭐⭐", false, dec!(5)),
            ("★ ★ ☆ ☆ ☆", false, dec!(2)),
        ] {
            assert_eq!(read(cell, comma), Ok(Some(value)), "{cell:?}");
        }
        // Written against another top: refused, saying which, not read as 8 or as 4.
        for (cell, top) in [("8/10", "10"), ("4 out of 10", "10"), ("★★★☆☆☆☆☆☆☆", "10")]
        {
            let (expected, hint) = read(cell, false).unwrap_err();
            assert_eq!(expected, "a number from 1 to 5", "{cell:?}");
            assert!(
                hint.starts_with(&format!(
                    "the cell rates out of {top}, but faculty_quality is rated from 1 to 5"
                )),
                "{cell:?}: {hint}"
            );
        }
        // A rating with words after it: the hint says to write it alone.
        for (cell, number) in [
            ("4 (good)", "4"),
            ("4 - strong", "4"),
            ("3.5*", "3.5"),
            ("4★ ok", "4"),
        ] {
            let (_, hint) = read(cell, false).unwrap_err();
            assert!(
                hint.starts_with(&format!(
                    "write the rating alone ({number}) and keep the words in a notes column"
                )),
                "{cell:?}: {hint}"
            );
        }
        let (_, hint) = read("good", false).unwrap_err();
        assert!(hint.starts_with("correct the cell"), "{hint}");
        // Not a rating of this form: refused as before.
        for cell in ["4/", "/5", "a/5", "12/03/2024", "★ good", "6/5", "0/5"] {
            assert!(read(cell, false).is_err(), "{cell:?}");
        }
    }

    #[test]
    fn slips_get_their_own_hint() {
        for date in ["2026-05-04", "2026-10-15 00:30:00", " 2026-05-04 "] {
            let hint = slip_hint(date, false).unwrap();
            assert!(hint.contains("holds a date"), "{date}: {hint}");
        }
        let hint = slip_hint("4,5", false).unwrap();
        assert!(
            hint.contains("(4.5)") && hint.contains("--decimal comma"),
            "{hint}"
        );
        // Not slips: a decimal comma where the file uses them, thousands, words, ranges.
        for cell in [
            "4,5 ", "15,000", "4,", ",5", "1,2,3", "2026-5-4", "10-15", "good",
        ] {
            let decimal_comma = cell == "4,5 ";
            assert_eq!(slip_hint(cell, decimal_comma), None, "{cell:?}");
        }
    }

    /// Binds `csv` under two criteria `a` and `b` rated 0 to 100, equally weighted.
    fn bind_two_percent_ratings(csv: &str) -> Dataset {
        let weights = "[weights]\na = 1\nb = 1\n[criteria.a]\nscale = [0, 100]\n\
                       [criteria.b]\nscale = [0, 100]\n";
        let config = Config::parse(weights, crate::config::WeightsSource::BuiltIn).unwrap();
        let sheet = Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        Dataset::bind(sheet, &config).unwrap()
    }

    /// The [`TextKey`] of `cells`, built as a row's walk builds it.
    fn key_of(cells: &[&str]) -> Option<TextKey> {
        let mut key = TextKeyBuilder::default();
        cells.iter().for_each(|cell| key.push(cell));
        key.finish()
    }

    /// The [`TextKey`] layout spelled out byte by byte: each text and a 0xFF after it,
    /// zero-padded to 31 bytes, then the length; `None` past 31 bytes.
    fn key_by_bytes(cells: &[&str]) -> Option<[u64; 4]> {
        let mut bytes: Vec<u8> = Vec::new();
        for cell in cells {
            bytes.extend_from_slice(cell.as_bytes());
            bytes.push(0xFF);
        }
        if bytes.len() > TEXT_KEY_BYTES {
            return None;
        }
        let len = bytes.len();
        bytes.resize(32, 0);
        bytes[31] = u8::try_from(len).unwrap();
        let word = |k: usize| u64::from_le_bytes(bytes[8 * k..8 * k + 8].try_into().unwrap());
        Some([word(0), word(1), word(2), word(3)])
    }

    proptest::proptest! {
        #[test]
        fn a_text_key_holds_the_texts_byte_by_byte(
            cells in proptest::collection::vec("(.{0,3}|[0-9.,]{0,12}|x{7,9}|.{15,17})", 0..9)
        ) {
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(key_of(&cells).map(|k| k.0), key_by_bytes(&cells));
        }

        #[test]
        fn keys_are_equal_exactly_when_the_texts_are(
            a in proptest::collection::vec("[0-9a\\.]{0,4}", 1..6),
            b in proptest::collection::vec("[0-9a\\.]{0,4}", 1..6),
        ) {
            let (a, b): (Vec<&str>, Vec<&str>) = (
                a.iter().map(String::as_str).collect(),
                b.iter().map(String::as_str).collect(),
            );
            if let (Some(x), Some(y)) = (key_of(&a), key_of(&b)) {
                proptest::prop_assert_eq!(x == y, a == b);
            }
        }

        #[test]
        fn a_name_is_trimmed_as_str_trim_does(
            name in "[ \\t\u{a0}\u{3000}\u{85}\u{1c}]{0,2}(.{0,6}|[a-zA-Z0-9 ]{0,20})[ \\t\r\n\u{a0}\u{2028}\u{7f}]{0,2}"
        ) {
            proptest::prop_assert_eq!(trim_name(&name), name.trim());
        }

        #[test]
        fn a_few_bytes_read_as_a_word_as_a_copy_reads_them(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..9)) {
            let mut word = [0u8; 8];
            word[..bytes.len()].copy_from_slice(&bytes);
            proptest::prop_assert_eq!(little_endian(&bytes), u64::from_le_bytes(word));
        }

        #[test]
        fn names_equal_under_folding_are_equal_and_hash_equal(
            name in "(.{0,20}|[a-zA-Z0-9 KkSs\u{212a}\u{17f}\u{130}éÉ]{0,20})"
        ) {
            // Each name against its upper and lower case (the fold ignores exactly those):
            // one road or the other, the hashes agree whenever `Folded` says equal.
            for other in [name.to_uppercase(), name.to_lowercase(), name.to_ascii_uppercase()] {
                let equal = name.to_lowercase() == other.to_lowercase();
                proptest::prop_assert_eq!(Folded(&name) == Folded(&other), equal);
                if equal {
                    proptest::prop_assert_eq!(folded_hash(&name), folded_hash(&other));
                }
            }
        }
    }

    #[test]
    fn rows_share_a_tuple_only_when_every_rating_cell_is_the_same_text() {
        // With scale 0-100 ratings, `1`+`23` and `12`+`3` run together as the same digits:
        // the memo of whole rows must still tell them apart.
        let csv = "program,a,b\nP,1,23\nQ,12,3\nR,1,23\nS,12,3\nT, 1,23\n";
        let dataset = bind_two_percent_ratings(csv);
        let tuples: Vec<usize> = dataset.programs().map(|p| p.tuple()).collect();
        assert_eq!(tuples[0], tuples[2]);
        assert_eq!(tuples[1], tuples[3]);
        assert_ne!(tuples[0], tuples[1]);
        // ` 1` is another text for the same rating: read again, same ratings.
        assert_eq!(
            dataset.ratings(&dataset.program(4)),
            dataset.ratings(&dataset.program(0))
        );
        assert_eq!(
            dataset.ratings(&dataset.program(1)),
            [Some(dec!(12)), Some(dec!(3))]
        );
    }

    #[test]
    fn cells_read_back_typed_as_each_column_was_read() {
        let weights = "[weights]\nquality = 2\nprice = 1\n\
            [criteria.quality]\nlabels = { high = 5 }\n\
            [criteria.price]\ndirection = \"cost\"\nnormalize = \"minmax\"\n";
        let config = Config::parse(weights, crate::config::WeightsSource::BuiltIn).unwrap();
        let csv = "program,quality,price,tuition_usd,hours_per_week,code,fee\n\
                   2024,4.50,\"$1,200\",\"£35,000\",10-15,0012,\"1,250\"\n\
                   B,High,900,35000,12,12,n/a\n";
        let sheet = Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        let config = Config {
            rates: vec![(Currency::from_code("GBP").unwrap(), dec!(1.25))],
            ..config
        };
        let dataset = Dataset::bind(sheet, &config).unwrap();
        let reading = dataset.cell_reading(&config);
        assert_eq!(
            reading.kinds,
            [
                ColumnKind::Name,
                ColumnKind::Rating(0),
                ColumnKind::Rating(1),
                ColumnKind::Money,
                ColumnKind::Number,
                ColumnKind::Other,
                ColumnKind::Other,
            ]
        );
        let typed = |row: usize, column: usize| {
            let cell = dataset.cell(&dataset.program(row), column);
            reading.typed(column, cell, &config.criteria)
        };
        let gbp = Currency::from_code("GBP").unwrap();
        let number = |value, grouped| CellValue::Number { value, grouped };
        // A name is text even when it looks like a number; a label stays the word written.
        assert_eq!(typed(0, 0), CellValue::Text);
        assert_eq!(typed(1, 1), CellValue::Text);
        // The places written are kept (4.50 has two).
        assert_eq!(typed(0, 1), number(dec!(4.50), false));
        assert!(
            matches!(typed(0, 1), CellValue::Number { value, .. } if value.scale() == 2),
            "Decimal's == ignores the places: check them"
        );
        // A cost criterion reads money, in the currency written.
        assert_eq!(
            typed(0, 2),
            CellValue::Money {
                value: dec!(1200),
                currency: Currency::USD,
                after: false
            }
        );
        // An amount in another currency keeps it (never converted at the rate); a bare
        // amount in a money column is in the file's currency.
        assert_eq!(
            typed(0, 3),
            CellValue::Money {
                value: dec!(35000),
                currency: gbp,
                after: false
            }
        );
        assert_eq!(
            typed(1, 3),
            CellValue::Money {
                value: dec!(35000),
                currency: Currency::USD,
                after: false
            }
        );
        // A range is two numbers: text.
        assert_eq!(typed(0, 4), CellValue::Text);
        assert_eq!(typed(1, 4), number(dec!(12), false));
        // In other columns: an id with a leading zero stays text, separators are kept.
        assert_eq!(typed(0, 5), CellValue::Text);
        assert_eq!(typed(1, 5), number(dec!(12), false));
        assert_eq!(typed(0, 6), number(dec!(1250), true));
        assert_eq!(typed(1, 6), CellValue::Text);
    }

    #[test]
    fn decimal_comma_cells_read_back_as_the_pipeline_read_them() {
        let reading = CellReading {
            decimal_comma: true,
            currency: Currency::from_code("EUR").unwrap(),
            kinds: vec![ColumnKind::Money, ColumnKind::Number, ColumnKind::Other],
        };
        let eur = reading.currency;
        assert_eq!(
            reading.typed(0, "24.500,00 €", &[]),
            CellValue::Money {
                value: dec!(24500.00),
                currency: eur,
                after: true
            }
        );
        assert_eq!(
            reading.typed(0, "21.500", &[]),
            CellValue::Money {
                value: dec!(21500),
                currency: eur,
                after: false
            }
        );
        assert_eq!(
            reading.typed(1, "12,5", &[]),
            CellValue::Number {
                value: dec!(12.5),
                grouped: false
            }
        );
        // `1,234` could be either: the money reader refuses it, and so does the workbook.
        assert_eq!(reading.typed(2, "1,234", &[]), CellValue::Text);
        assert_eq!(
            reading.typed(2, "1.234", &[]),
            CellValue::Number {
                value: dec!(1234),
                grouped: true
            }
        );
        // More digits than a double shows stay text.
        assert_eq!(reading.typed(1, "1234567890123456", &[]), CellValue::Text);
    }

    const HEADER: &str =
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name";

    #[test]
    fn matches_headers_loosely_and_reads_labels() {
        let ds = bind(
            "Program Name,Faculty,Scholarship,Funding,Flexibility,Brand\nA,5,3.5,partial,Online,N/A\n",
        )
        .unwrap();
        assert_eq!(ds.name_column, 0);
        assert_eq!(ds.criterion_columns, vec![1, 2, 3, 4, 5]);
        assert_eq!(
            ds.ratings(&ds.program(0)),
            vec![
                Some(dec!(5)),
                Some(dec!(3.5)),
                Some(dec!(3)),
                Some(dec!(5)),
                None
            ]
        );
        let config = Config::default();
        let missing = ds.missing_criteria(&ds.program(0), &config.criteria);
        assert_eq!(missing, vec!["brand_name"]);
    }

    #[test]
    fn missing_column_lists_what_was_found() {
        let err = bind("program,faculty_quality,funding\nA,1,2\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("3 problems with the header"), "{msg}");
        assert!(msg.contains("missing column scholarship_support"), "{msg}");
        assert!(
            msg.contains("\"program\", \"faculty_quality\", \"funding\""),
            "{msg}"
        );
    }

    #[test]
    fn summary_labels_are_whole_names_only() {
        for label in [
            "Total",
            "TOTAL:",
            "Grand total",
            "Average.",
            "avg",
            "Mean",
            "Max",
            "Summe:",
            "Moyenne",
            "Durchschnitt.",
        ] {
            assert!(is_summary_label(label), "{label}");
            assert!(label.len() <= SUMMARY_LABEL_MAX, "{label}");
        }
        for name in [
            "Total Health MHPE",
            "Averill College",
            "Maxwell",
            "Summit",
            "MMEd",
        ] {
            assert!(!is_summary_label(name), "{name}");
        }
        assert!(SUMMARY_LABELS.iter().all(|l| l.len() < SUMMARY_LABEL_MAX));
        // The first-letter filter in front of `is_summary_label` lets every label through.
        assert!(SUMMARY_LABELS.iter().all(|l| matches!(
            l.as_bytes()[0] | 0x20,
            b'a' | b'd' | b'g' | b'm' | b'p' | b's' | b't'
        )));
        let err = bind("program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\nA,4,4,4,4,4\nTotal,,,,,\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("t.csv row 3, column \"program\": \"Total\" is not a program name"),
            "{err}"
        );
    }

    #[test]
    fn header_only_has_no_rows() {
        let err = bind(&format!("{HEADER}\n")).unwrap_err();
        assert!(err.to_string().contains("no program rows"), "{err}");
    }

    #[test]
    fn off_scale_and_non_numbers_are_positioned() {
        let err = bind(&format!("{HEADER}\nA,5,3,lots,3,3\n")).unwrap_err();
        assert_eq!(
            err.to_string().split(';').next().unwrap(),
            "t.csv row 2, column \"funding\": \"lots\" is not a number from 1 to 5 nor one of the labels none, partial, full"
        );
        let err = bind(&format!("{HEADER}\nA,5,3,3,3,3\nB,6,3,3,3,3\n")).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "t.csv row 3, column \"faculty_quality\": \"6\" is not a number from 1 to 5"
            ),
            "{err}"
        );
    }

    #[test]
    fn duplicate_names_point_at_both_lines() {
        let err = bind(&format!(
            "{HEADER}\nA,5,3,3,3,3\nB,1,1,1,1,1\n a ,2,2,2,2,2\n"
        ))
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("row 4"), "{msg}");
        assert!(msg.contains("already appears on row 2"), "{msg}");
    }

    #[test]
    fn the_first_repeated_name_is_the_one_a_scan_in_file_order_meets() {
        // Many names, several repeated (case ignored), spread over the hash parts: the pair
        // found must be what one pass with one map finds.
        let names: Vec<String> = (0..30_000u64)
            .map(|i| {
                let k = (i * 7_919) % 26_000;
                if k % 3 == 0 {
                    format!("NAME {k}")
                } else {
                    format!("name {k}")
                }
            })
            .collect();
        let mut table = CellTable::new(1);
        for (line, name) in names.iter().enumerate() {
            assert!(table.push_row(line as u64 + 2, [name.as_str()]));
        }
        let hasher = FastHash::default();
        let hashes: Vec<u64> = names
            .iter()
            .map(|n| std::hash::BuildHasher::hash_one(&hasher, Folded(n)))
            .collect();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let expected = names.iter().enumerate().find_map(|(row, name)| {
            match seen.entry(name.to_lowercase()) {
                std::collections::hash_map::Entry::Occupied(first) => Some((row, *first.get())),
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(row);
                    None
                }
            }
        });
        assert!(expected.is_some());
        // The names in runs of rows, as the reading threads scatter them: one run, or
        // three unequal ones.
        let runs = |hashes: &[u64], cuts: &[usize]| -> Vec<NameParts> {
            let mut bounds = vec![0];
            bounds.extend(cuts.iter().map(|&c| c.min(hashes.len())));
            bounds.push(hashes.len());
            bounds.sort_unstable();
            bounds
                .windows(2)
                .map(|w| {
                    let mut run = NameHashes::with_capacity(w[1] - w[0]);
                    hashes[w[0]..w[1]].iter().for_each(|&hash| run.push(hash));
                    NameParts::scatter(&run, w[0])
                })
                .collect()
        };
        let find = |hashes: &[u64], cuts: &[usize]| {
            let runs = runs(hashes, cuts);
            first_duplicate(&table, 0, &runs.iter().collect::<Vec<_>>())
        };
        let before = expected.unwrap().0;
        for cuts in [&[][..], &[1_000, 1_001, 17_000], &[before, before + 1]] {
            assert_eq!(find(&hashes, cuts), expected, "{cuts:?}");
            // Only the rows hashed are looked at.
            assert_eq!(find(&hashes[..before], cuts), None, "{cuts:?}");
            assert_eq!(find(&hashes[..1], cuts), None, "{cuts:?}");
        }
    }

    #[test]
    fn names_whose_keys_collide_are_told_apart_by_their_text() {
        // Every name given one hash: one part, one key, so only the names' text can tell
        // a repeat from a collision.
        let names = ["Alder", "Birch", "cedar", "ALDER", "Dogwood", "Cedar"];
        let mut table = CellTable::new(1);
        for (line, name) in names.iter().enumerate() {
            assert!(table.push_row(line as u64 + 2, [*name]));
        }
        let find = |rows: usize| {
            let mut hashes = NameHashes::with_capacity(rows);
            (0..rows).for_each(|_| hashes.push(0x5A5A_5A5A_5A5A_5A5A));
            first_duplicate(&table, 0, &[&NameParts::scatter(&hashes, 0)])
        };
        assert_eq!(find(3), None);
        assert_eq!(find(4), Some((3, 0)));
        assert_eq!(find(6), Some((3, 0)));
    }

    #[test]
    fn names_equal_but_for_case_hash_equal_by_either_road() {
        // Every ASCII byte, in every place of a word, lowercases as `to_ascii_lowercase`.
        for byte in 0u8..0x80 {
            for place in 0..8 {
                let mut word = [b'a'; 8];
                word[place] = byte;
                let lowered = crate::ranking::lowercase_ascii_word(u64::from_le_bytes(word));
                assert_eq!(
                    lowered.to_le_bytes().to_vec(),
                    word.to_ascii_lowercase(),
                    "{byte} at {place}"
                );
            }
        }
        // ASCII names hash through the word road, the others through `to_lowercase`: names
        // that fold to the same text hash equal either way, at every length.
        let pairs = [
            ("KILO", "\u{212A}ilo"),
            (
                "Kilometre Programme Seventeen",
                "\u{212A}ilometre programme seventeen",
            ),
            ("abcdefgh", "ABCDEFGH"),
            ("École", "éCOLE"),
            ("", ""),
        ];
        for (a, b) in pairs {
            assert!(Folded(a) == Folded(b), "{a} / {b}");
            assert_eq!(folded_hash(a), folded_hash(b), "{a} / {b}");
        }
        for (a, b) in [
            ("a", "a\0"),
            ("abcdefgh", "abcdefgh\0"),
            ("kilo", "kila"),
            ("[", "{"),
        ] {
            assert_ne!(folded_hash(a), folded_hash(b), "{a:?} / {b:?}");
        }
    }

    #[test]
    fn rating_texts_too_long_for_a_key_are_read_all_the_same() {
        // Rows whose rating cells are long texts (labels, padded numbers) skip the text
        // memo; they must get the same tuples as short ones.
        let long = "0000000000000000000000000000012";
        let csv = format!("program,a,b\nP,12,3\nQ,{long},3\nR,12,{long}\nS,{long},3\n");
        let dataset = bind_two_percent_ratings(&csv);
        let tuples: Vec<usize> = dataset.programs().map(|p| p.tuple()).collect();
        assert_eq!(tuples, [0, 0, 1, 0]);
        assert_eq!(
            dataset.ratings(&dataset.program(2)),
            [Some(dec!(12)), Some(dec!(12))]
        );
        assert!(key_of(&["1", "2"]).is_some());
        assert!(key_of(&[long, "2"]).is_none());
        assert_ne!(key_of(&["1", "23"]), key_of(&["12", "3"]));
    }

    #[test]
    fn duplicate_columns_are_refused() {
        let err = bind(&format!("{HEADER},Faculty\nA,5,3,3,3,3,4\n")).unwrap_err();
        assert!(
            err.to_string().contains("the criterion faculty_quality"),
            "{err}"
        );
        let err = bind(&format!("{HEADER},notes, Notes\nA,5,3,3,3,3,x,y\n")).unwrap_err();
        assert!(err.to_string().contains("both mean"), "{err}");
    }

    /// A file large enough to be bound on several threads, with `edit` applied to its rows.
    fn large(edit: impl Fn(usize, &mut String)) -> String {
        let mut text = format!("{HEADER}\n");
        for i in 0..(2 * crate::workers::PARALLEL_ROWS + 11) {
            let mut row = format!("P{i},{},3,3,3,{}", i % 5 + 1, i % 4 + 1);
            edit(i, &mut row);
            text.push_str(&row);
            text.push('\n');
        }
        text
    }

    #[test]
    fn on_several_threads_the_first_error_in_file_order_wins() {
        let ok = bind(&large(|_, _| {})).unwrap();
        assert_eq!(ok.len(), 2 * crate::workers::PARALLEL_ROWS + 11);
        assert!(ok.tuples.len() <= 20, "{}", ok.tuples.len());
        let ratings = ok.ratings(&ok.program(7));
        assert_eq!(ratings[0], Some(dec!(3)));
        assert_eq!(ratings[4], Some(dec!(4)));
        // A repeat in the second half before a bad rating later in the first half of the
        // lines counts only by line: the bad rating comes first in the file.
        let late_repeat = crate::workers::PARALLEL_ROWS + 100;
        let text = large(|i, row| {
            if i == late_repeat {
                *row = row.replacen(&format!("P{i},"), "p5,", 1);
            }
            if i == 300 {
                *row = "P300,9,3,3,3,3".into();
            }
        });
        let err = bind(&text).unwrap_err().to_string();
        assert!(
            err.starts_with("t.csv row 302, column \"faculty_quality\""),
            "{err}"
        );
        // A repeat before any other error is the error, naming both lines.
        let text = large(|i, row| {
            if i == 200 {
                *row = row.replacen("P200,", "p5,", 1);
            }
            if i == late_repeat {
                *row = format!("P{i},9,3,3,3,3");
            }
        });
        let err = bind(&text).unwrap_err().to_string();
        assert!(err.starts_with("t.csv row 202"), "{err}");
        assert!(err.contains("already appears on row 7"), "{err}");
    }

    #[test]
    fn empty_name_is_refused() {
        let err = bind(&format!("{HEADER}\n ,5,3,3,3,3\n")).unwrap_err();
        assert!(err.to_string().contains("a program name"), "{err}");
    }
}
