//! Stage 1 of the fast path: reading records and checking each one as the pipeline would,
//! keeping an [`Entry`] per data row.
//!
//! A row of the input's common [`Shape`] is read in one pass and its flags looked up (the
//! general checks run once per ratings tuple and combination of number classes). Another
//! row that is plain (single-digit ratings, empty or whole-number cost cells) is checked
//! here with a few byte comparisons; any other row is handed, cell by cell, to the same
//! functions the pipeline calls ([`read_rating`], [`RuleSet::is_raised`],
//! [`CostColumns::read_row`]), so an unusual cell costs time, never a different answer.

use super::order::Entry;
use super::shape::{Shape, ShapedRow};
use crate::config::Config;
use crate::costs::CostColumns;
use crate::dataset::{Cells, ColumnMap, RowRef, read_rating};
use crate::flags::RuleSet;
use crate::input::{Limits, Origin};
use crate::pipeline::ScoringOptions;
use crate::scoring::MissingPolicy;
use crate::text::match_key;
use crate::values::PlainCell;
use csv_core::{ReadRecordResult, Reader};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Bit of a flag mask: a rating is missing (the `incomplete-data` flag).
pub const INCOMPLETE: u64 = 1 << 63;

/// Columns classified once per row (more are classified at each use).
const MAX_FACTS: usize = 8;
/// `Shared::fact_slot` of a column no rule or cost reads as a number.
const NO_FACT: u8 = u8::MAX;
/// Up to this many criteria, single-digit ratings index a table of tuple ids directly.
const DIGIT_CRITERIA: u32 = 5;
/// A digit-table slot not yet seen.
const NO_TUPLE: u16 = u16::MAX;
/// A slot of the flag-set memo not yet filled.
const NO_FLAG_SET: u16 = u16::MAX;
/// Most slots of the flag-set memo (ratings tuples × combinations of number classes).
const MAX_MEMO: usize = 1 << 20;

/// Rows between two progress reports.
const PROGRESS_EVERY: usize = 1 << 16;

/// What every scanner of one input shares: the bound columns and rules.
pub struct Shared<'s> {
    file: &'s str,
    headers: &'s [String],
    origin: Origin,
    config: &'s Config,
    options: &'s ScoringOptions,
    /// The name and criterion columns.
    pub columns: ColumnMap,
    /// The flag rules bound to the headers.
    pub rules: RuleSet<'s>,
    /// Rules that read cells, evaluated per row.
    row_rules: Vec<usize>,
    /// Rules that read only ratings, evaluated once per ratings tuple.
    rating_rules: Vec<usize>,
    cost_columns: CostColumns,
    /// Per column, its slot among the columns rules and costs read as numbers (`NO_FACT`
    /// for the others): those cells are classified once per row.
    fact_slot: Vec<u8>,
    /// The columns with a fact slot, in slot order.
    fact_columns: Vec<usize>,
    /// The base in which single-digit ratings are read as one number to index the table of
    /// tuple ids: one more than the highest digit any scale reaches (10 when a scale goes
    /// beyond 9 or is not whole), or 0 for no table (more than 5 criteria). A 1–5 scale
    /// gives base 6: 7,776 slots that stay in the L1 cache, where base 10 needed 100,000.
    digit_base: usize,
    /// The name column's header as [`match_key`] folds it (a row repeating it is refused).
    name_header: String,
    max_cell_bytes: usize,
    /// The common row shape, when this input's checks can be decided by it.
    shape: Option<Shape>,
}

impl<'s> Shared<'s> {
    /// Binds the columns and rules, or `None` when the pipeline must handle this input.
    pub fn new(
        file: &'s str,
        headers: &'s [String],
        config: &'s Config,
        options: &'s ScoringOptions,
        limits: &Limits,
    ) -> Option<Shared<'s>> {
        let origin = Origin::Text {
            delimiter: b',',
            rows: crate::input::rows::RowNumbering::default(),
        };
        let columns = ColumnMap::resolve(file, &origin, 1, headers, config).ok()?;
        // A header read loosely gets a note, which only the general pipeline prints.
        if !crate::headers::HeaderMap::new(headers, config)
            .notes(headers)
            .is_empty()
        {
            return None;
        }
        let rules = RuleSet::bind_headers(config, headers).ok()?;
        // 63 rules and the incomplete-data bit fill a u64 mask.
        if rules.len() >= 63 || (0..rules.len()).any(|i| rules.excludes(i)) {
            return None;
        }
        let (row_rules, rating_rules): (Vec<usize>, Vec<usize>) =
            (0..rules.len()).partition(|&i| rules.reads_cells(i));
        let cost_columns = CostColumns::find_in(headers, config);
        let mut fact_columns: Vec<usize> = row_rules
            .iter()
            .flat_map(|&i| rules.columns_read(i))
            .chain(cost_columns.columns())
            .collect();
        fact_columns.sort_unstable();
        fact_columns.dedup();
        fact_columns.truncate(MAX_FACTS);
        let mut fact_slot = vec![NO_FACT; headers.len()];
        for (slot, &column) in fact_columns.iter().enumerate() {
            fact_slot[column] = slot as u8;
        }
        let digit_base = if config.criteria.len() <= DIGIT_CRITERIA as usize {
            digit_base(config)
        } else {
            0
        };
        let shape = Shape::new(
            headers.len(),
            columns.name_column,
            &columns.criterion_columns,
            digit_base,
            &rules,
            &cost_columns,
        );
        Some(Shared {
            file,
            headers,
            origin,
            config,
            options,
            name_header: match_key(&headers[columns.name_column]),
            columns,
            rules,
            row_rules,
            rating_rules,
            cost_columns,
            fact_slot,
            fact_columns,
            digit_base,
            max_cell_bytes: limits.max_cell_bytes,
            shape,
        })
    }
}

/// A distinct ratings tuple met by a scanner.
pub struct Tuple {
    /// One rating per criterion, in config order.
    pub ratings: Vec<Option<Decimal>>,
    /// The rules raised by the ratings alone, and [`INCOMPLETE`].
    mask: u64,
}

/// What one scanner found: its rows are the first `count` entries of its slice, whose
/// group field holds an index into `tuples` and whose flag set an index into `flag_masks`.
pub struct Scanned {
    pub count: usize,
    pub tuples: Vec<Tuple>,
    pub flag_masks: Vec<u64>,
}

/// Reads the rows of one region of the input.
pub struct Scanner<'a, 's> {
    shared: &'a Shared<'s>,
    caches: Vec<RatingCache>,
    tuple_ids: HashMap<u64, u16, FastKeys>,
    /// Tuple id by the ratings' digits read as one number in base `Shared::digit_base`.
    digit_tuples: Vec<u16>,
    tuples: Vec<Tuple>,
    flag_ids: HashMap<u64, u16, FastKeys>,
    flag_masks: Vec<u64>,
    ratings: Vec<Option<Decimal>>,
    spans: Vec<(usize, usize)>,
    /// Flag-set id by ratings tuple and combination of number classes (see [`Shape`]),
    /// filled by the general checks the first time a combination is met.
    flag_memo: Vec<u16>,
}

impl<'a, 's> Scanner<'a, 's> {
    pub fn new(shared: &'a Shared<'s>) -> Self {
        let criteria = shared.config.criteria.len();
        Scanner {
            shared,
            caches: (0..criteria).map(|_| RatingCache::new()).collect(),
            tuple_ids: HashMap::default(),
            digit_tuples: if shared.digit_base > 0 {
                vec![NO_TUPLE; shared.digit_base.pow(criteria as u32)]
            } else {
                Vec::new()
            },
            tuples: Vec::new(),
            flag_ids: HashMap::default(),
            flag_masks: Vec::new(),
            ratings: vec![None; criteria],
            spans: Vec::new(),
            flag_memo: Vec::new(),
        }
    }

    /// What was found, with the number of rows written.
    pub fn finish(self, count: usize) -> Scanned {
        Scanned {
            count,
            tuples: self.tuples,
            flag_masks: self.flag_masks,
        }
    }

    /// Scans `body[from..to]` of a file without quotes: every record is a line, every cell
    /// the text between commas. Line breaks (`\n`, `\r`, `\r\n`) and blank lines between
    /// records are skipped, as `csv-core` skips them. `from` must start a line. Rows go to
    /// `out`; returns how many, or `None` when the pipeline must handle the input (this
    /// includes text that is not UTF-8). Rows of the common [`Shape`] are read in one pass
    /// and checked by lookup; any other row is split into cells and checked in full.
    pub fn scan_plain(
        &mut self,
        body: &[u8],
        (from, to): (usize, usize),
        offset: usize,
        out: &mut [Entry],
        progress: &mut dyn FnMut(usize),
    ) -> Option<usize> {
        let text = std::str::from_utf8(&body[from..to]).ok()?;
        let bytes = text.as_bytes();
        let base = offset + from;
        let shared = self.shared;
        let mut spans = std::mem::take(&mut self.spans);
        let (mut count, mut at) = (0, 0);
        loop {
            while matches!(bytes.get(at), Some(b'\n' | b'\r')) {
                at += 1;
            }
            if at >= bytes.len() {
                break;
            }
            if count % PROGRESS_EVERY == 0 {
                progress(base + at);
            }
            let shaped = shared
                .shape
                .as_ref()
                .and_then(|shape| shape.read(bytes, at));
            if let Some(row) = &shaped
                && let Some(entry) = self.shaped_entry(row, bytes, at, base)
            {
                *out.get_mut(count)? = entry;
                count += 1;
                at = row.end;
                continue;
            }
            let end = match &shaped {
                Some(row) => row.end,
                None => memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i),
            };
            spans.clear();
            let mut begin = at;
            for comma in memchr::memchr_iter(b',', &bytes[at..end]) {
                spans.push((begin, at + comma));
                begin = at + comma + 1;
            }
            spans.push((begin, end));
            let record = Record {
                text,
                spans: &spans,
            };
            if let Some(entry) = self.entry(&record, base + at, end - at, false)? {
                if let Some(row) = &shaped {
                    self.remember_flag_set(row, &entry);
                }
                *out.get_mut(count)? = entry;
                count += 1;
            }
            at = end;
        }
        self.spans = spans;
        Some(count)
    }

    /// The entry of a row of the common shape when its ratings tuple and its combination
    /// of number classes were met before and its name needs no general check; `None`
    /// sends the row through [`Scanner::entry`].
    #[inline]
    fn shaped_entry(&self, row: &ShapedRow, bytes: &[u8], at: usize, base: usize) -> Option<Entry> {
        let shared = self.shared;
        let name = bytes.get(row.name.0..row.name.1)?;
        let space = |b: &u8| char::from(*b).is_whitespace();
        if name.first().is_none_or(space)
            || name.last().is_none_or(space)
            || !name.is_ascii()
            || row.end - at > shared.max_cell_bytes
            || folds_to(name, &shared.name_header)
        {
            return None;
        }
        let tuple = *self.digit_tuples.get(row.digits)?;
        let combinations = shared.shape.as_ref()?.combinations;
        let slot = usize::from(tuple).checked_mul(combinations)? + row.combination;
        let flag_set = *self.flag_memo.get(slot)?;
        if tuple == NO_TUPLE || flag_set == NO_FLAG_SET {
            return None;
        }
        Entry::new(tuple, name, base + at, row.end - at, flag_set, row.as_is)
    }

    /// Records the flag set the general checks gave a row of the common shape, for every
    /// later row with its ratings tuple and combination of number classes.
    fn remember_flag_set(&mut self, row: &ShapedRow, entry: &Entry) {
        let Some(shape) = &self.shared.shape else {
            return;
        };
        let slot = entry.group() * shape.combinations + row.combination;
        if slot >= MAX_MEMO {
            return;
        }
        if slot >= self.flag_memo.len() {
            let len = (entry.group() + 1) * shape.combinations;
            self.flag_memo.resize(len, NO_FLAG_SET);
        }
        self.flag_memo[slot] = entry.flag_set() as u16;
    }

    /// Scans `body[from..to]` with `csv-core`, for files with quoted cells.
    pub fn scan_quoted(
        &mut self,
        body: &[u8],
        (from, to): (usize, usize),
        offset: usize,
        out: &mut [Entry],
        progress: &mut dyn FnMut(usize),
    ) -> Option<usize> {
        let mut reader = Reader::new();
        let mut fields = vec![0u8; 1 << 12];
        let mut ends = vec![0usize; 64];
        let mut spans = std::mem::take(&mut self.spans);
        let (mut pos, mut count) = (from, 0);
        loop {
            let record_start = pos;
            let Some((n, used)) = read_one(&mut reader, &body[pos..to], &mut fields, &mut ends)
            else {
                break;
            };
            pos += used;
            let raw = &body[record_start..pos];
            let content = record_start
                + raw
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
            let text = std::str::from_utf8(&fields[..*ends.get(n.checked_sub(1)?)?]).ok()?;
            spans.clear();
            let mut begin = 0;
            for &end in &ends[..n] {
                spans.push((begin, end));
                begin = end;
            }
            if count % PROGRESS_EVERY == 0 {
                progress(offset + record_start);
            }
            let record = Record {
                text,
                spans: &spans,
            };
            if let Some(entry) = self.entry(&record, offset + content, 0, raw.contains(&b'"'))? {
                *out.get_mut(count)? = entry;
                count += 1;
            }
        }
        self.spans = spans;
        Some(count)
    }

    /// Checks one record (`len` bytes from `start` up to its line break, or 0 when not
    /// known): `Some(None)` for a blank row (skipped), `None` for anything the pipeline must
    /// handle.
    fn entry(
        &mut self,
        record: &Record<'_>,
        start: usize,
        len: usize,
        quoted: bool,
    ) -> Option<Option<Entry>> {
        let shared = self.shared;
        let n = record.spans.len();
        if n != shared.headers.len() {
            return (n == 1 && record.cell(0).is_empty()).then_some(None);
        }
        let name = record.cell(shared.columns.name_column).trim();
        if name.is_empty() {
            let blank = (0..n).all(|i| record.cell(i).trim_ascii().is_empty());
            return blank.then_some(None);
        }
        let span = record.spans[n - 1].1 - record.spans[0].0;
        if span > shared.max_cell_bytes
            && (0..n).any(|i| record.cell(i).len() > shared.max_cell_bytes)
        {
            return None;
        }
        // Case folding beyond ASCII is left to the pipeline; a header repeated in the data
        // is refused by the reader.
        if !name.is_ascii() || folds_to(name.as_bytes(), &shared.name_header) {
            return None;
        }

        let tuple = self.tuple(record)?;
        let ratings = &self.tuples[usize::from(tuple)].ratings;

        // Rules that read cells, and the cost cells the pipeline would refuse.
        let mut facts = [None; MAX_FACTS];
        for (slot, &column) in shared.fact_columns.iter().enumerate() {
            facts[slot] = PlainCell::of(record.cell(column));
        }
        let plain = |column: usize| match shared.fact_slot[column] {
            NO_FACT => PlainCell::of(record.cell(column)),
            slot => facts[usize::from(slot)],
        };
        let mut mask = self.tuples[usize::from(tuple)].mask;
        let mut general = false;
        for &i in &shared.row_rules {
            match shared.rules.is_raised_plain(i, ratings, &plain) {
                Some(true) => mask |= 1 << i,
                Some(false) => {}
                None => {
                    general = true;
                    break;
                }
            }
        }
        let weeks = shared.config.weeks_per_year;
        if general || !shared.cost_columns.accepts_plain(weeks, &plain) {
            let row = self.row_ref(record, ratings);
            mask = self.tuples[usize::from(tuple)].mask;
            for &i in &shared.row_rules {
                if shared.rules.is_raised(i, &row).ok()? {
                    mask |= 1 << i;
                }
            }
            shared.cost_columns.read_row(&row, weeks).ok()?;
        }
        let flag_set = match self.flag_ids.get(&mask) {
            Some(&f) => f,
            None => {
                let f = u16::try_from(self.flag_masks.len()).ok()?;
                self.flag_masks.push(mask);
                self.flag_ids.insert(mask, f);
                f
            }
        };
        // An unquoted record none of whose cells the formula guard changes is written back
        // as it was read: the csv writer would not quote any of its cells either.
        let text = record.text.as_bytes();
        let as_is = !quoted
            && record.spans.iter().all(|&(begin, end)| {
                begin == end
                    || !matches!(
                        text.get(begin),
                        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
                    )
            });
        Entry::new(tuple, name.as_bytes(), start, len, flag_set, as_is).map(Some)
    }

    /// The id of the record's ratings tuple, adding the tuple when it is new.
    fn tuple(&mut self, record: &Record<'_>) -> Option<u16> {
        let shared = self.shared;
        let columns = &shared.columns.criterion_columns;
        // Single-digit ratings (the common case) index the digit table directly.
        let mut digits = (!self.digit_tuples.is_empty()).then_some(0usize);
        let text = record.text.as_bytes();
        for &column in columns {
            let (begin, end) = record.spans[column];
            digits = match (digits, text.get(begin)) {
                (Some(index), Some(&d @ b'0'..=b'9'))
                    if end == begin + 1 && usize::from(d - b'0') < shared.digit_base =>
                {
                    Some(index * shared.digit_base + usize::from(d - b'0'))
                }
                _ => None,
            };
        }
        if let Some(index) = digits {
            let known = self.digit_tuples[index];
            if known != NO_TUPLE {
                return Some(known);
            }
        }
        // Otherwise a small id per criterion, packed into a key.
        let mut key = 0u64;
        for (i, criterion) in shared.config.criteria.iter().enumerate() {
            let id = self.caches[i].id(record.cell(columns[i]), criterion)?;
            self.ratings[i] = self.caches[i].values[usize::from(id)];
            key |= u64::from(id) << (8 * i);
        }
        let tuple = match self.tuple_ids.get(&key) {
            Some(&t) => t,
            None => self.add_tuple(key, record)?,
        };
        if let Some(index) = digits {
            self.digit_tuples[index] = tuple;
        }
        Some(tuple)
    }

    /// Scores nothing yet: records a new ratings tuple and the rules its ratings raise.
    fn add_tuple(&mut self, key: u64, record: &Record<'_>) -> Option<u16> {
        let shared = self.shared;
        let missing = self.ratings.iter().any(Option::is_none);
        if missing && shared.options.missing == MissingPolicy::Error {
            return None;
        }
        let row = self.row_ref(record, &self.ratings);
        let mut mask = if missing { INCOMPLETE } else { 0 };
        for &i in &shared.rating_rules {
            if shared.rules.is_raised(i, &row).ok()? {
                mask |= 1 << i;
            }
        }
        let t = u16::try_from(self.tuples.len()).ok()?;
        self.tuples.push(Tuple {
            ratings: self.ratings.clone(),
            mask,
        });
        self.tuple_ids.insert(key, t);
        Some(t)
    }

    /// The row as the flag and cost stages see it (for the general evaluators).
    fn row_ref<'r>(&'r self, record: &'r Record<'r>, ratings: &'r [Option<Decimal>]) -> RowRef<'r> {
        RowRef {
            file: self.shared.file,
            headers: self.shared.headers,
            origin: &self.shared.origin,
            decimal_comma: false,
            money: &crate::values::US_DOLLARS,
            line: 0,
            cells: record,
            ratings,
        }
    }
}

/// The cells of one record: byte ranges of `text`, on character boundaries (the input was
/// checked to be UTF-8 and cells are split at ASCII bytes).
struct Record<'r> {
    text: &'r str,
    spans: &'r [(usize, usize)],
}

impl Cells for Record<'_> {
    fn cell(&self, column: usize) -> &str {
        let (begin, end) = self.spans[column];
        self.text.get(begin..end).unwrap_or_default()
    }
}

/// The high bit of each byte of `word` that is a comma, `\n` or `\r` (exact: no carry
/// crosses bytes).
pub(super) fn delimiters(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    let zero_bytes = |v: u64| !(((v & LOW7) + LOW7) | v | LOW7);
    zero_bytes(word ^ (ONES * u64::from(b',')))
        | zero_bytes(word ^ (ONES * u64::from(b'\n')))
        | zero_bytes(word ^ (ONES * u64::from(b'\r')))
}

/// See `Shared::digit_base`.
fn digit_base(config: &Config) -> usize {
    let highest = config
        .criteria
        .iter()
        .map(|c| c.scale.min.max(c.scale.max))
        .max()
        .unwrap_or_default();
    match u8::try_from(highest) {
        Ok(digit @ 0..=8) if highest.fract().is_zero() => usize::from(digit) + 1,
        _ => 10,
    }
}

/// True when the ASCII `name` folds to `key` as [`match_key`] folds (without allocating).
fn folds_to(name: &[u8], key: &str) -> bool {
    name.iter()
        .copied()
        .filter(|&b| !matches!(b, b'_' | b'-') && !char::from(b).is_whitespace())
        .map(|b| b.to_ascii_lowercase())
        .eq(key.bytes())
}

/// Per-criterion cache from cell text to a small rating id.
struct RatingCache {
    digits: [u8; 10],
    words: HashMap<String, u8>,
    values: Vec<Option<Decimal>>,
}

const UNSEEN: u8 = u8::MAX;

impl RatingCache {
    fn new() -> Self {
        RatingCache {
            digits: [UNSEEN; 10],
            words: HashMap::new(),
            values: Vec::new(),
        }
    }

    fn id(&mut self, cell: &str, criterion: &crate::config::Criterion) -> Option<u8> {
        if let &[digit @ b'0'..=b'9'] = cell.as_bytes() {
            let slot = usize::from(digit - b'0');
            if self.digits[slot] == UNSEEN {
                self.digits[slot] = self.insert(cell, criterion)?;
            }
            return Some(self.digits[slot]);
        }
        if let Some(&id) = self.words.get(cell) {
            return Some(id);
        }
        let id = self.insert(cell, criterion)?;
        self.words.insert(cell.to_owned(), id);
        Some(id)
    }

    fn insert(&mut self, cell: &str, criterion: &crate::config::Criterion) -> Option<u8> {
        let value = read_rating(cell, criterion, false).ok()?;
        // Two texts for one value ("3" and "3.0") share an id.
        if let Some(existing) = self.values.iter().position(|v| *v == value) {
            return u8::try_from(existing).ok();
        }
        let id = u8::try_from(self.values.len())
            .ok()
            .filter(|id| *id < UNSEEN)?;
        self.values.push(value);
        Some(id)
    }
}

/// The header (the first record that is not blank, cells trimmed) and the offset in `body`
/// where the data starts.
pub fn header(body: &[u8]) -> Option<(Vec<String>, usize)> {
    let mut reader = Reader::new();
    let mut fields = vec![0u8; 1 << 12];
    let mut ends = vec![0usize; 64];
    let mut pos = 0;
    loop {
        let (n, used) = read_one(&mut reader, &body[pos..], &mut fields, &mut ends)?;
        pos += used;
        let mut begin = 0;
        let mut cells = Vec::with_capacity(n);
        for &end in &ends[..n] {
            cells.push(std::str::from_utf8(fields.get(begin..end)?).ok()?.trim());
            begin = end;
        }
        if !cells.iter().all(|c| c.is_empty()) {
            return Some((cells.into_iter().map(str::to_owned).collect(), pos));
        }
    }
}

/// At least as many as the records in `bytes`: every record but the last ends with a line
/// break (`\n`, `\r` or `\r\n`).
pub fn record_bound(bytes: &[u8]) -> usize {
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let lone_cr = if memchr::memchr(b'\r', bytes).is_some() {
        memchr::memchr_iter(b'\r', bytes).count()
            - memchr::memmem::find_iter(bytes, b"\r\n").count()
    } else {
        0
    };
    lf + lone_cr + 1
}

/// Reads one record from `input` into `fields`/`ends`, growing them as needed. Returns the
/// number of fields and of input bytes consumed, or `None` at the end of the input.
pub fn read_one(
    reader: &mut Reader,
    input: &[u8],
    fields: &mut Vec<u8>,
    ends: &mut Vec<usize>,
) -> Option<(usize, usize)> {
    let (mut pos, mut out_len, mut ends_len) = (0, 0, 0);
    loop {
        let (result, n_in, n_out, n_ends) =
            reader.read_record(&input[pos..], &mut fields[out_len..], &mut ends[ends_len..]);
        pos += n_in;
        out_len += n_out;
        ends_len += n_ends;
        match result {
            ReadRecordResult::InputEmpty => {}
            ReadRecordResult::OutputFull => {
                let len = fields.len();
                fields.resize(len * 2, 0);
            }
            ReadRecordResult::OutputEndsFull => {
                let len = ends.len();
                ends.resize(len * 2, 0);
            }
            ReadRecordResult::Record => return Some((ends_len, pos)),
            ReadRecordResult::End => return None,
        }
    }
}

/// Hashing for the internal `u64` keys (packed rating ids, flag masks): one multiply instead
/// of SipHash, which guards against hostile keys these maps never see (the keys are small ids
/// the fast path makes itself, and each map holds at most 65,536 of them).
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type FastKeys = std::hash::BuildHasherDefault<KeyHasher>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_bound_counts_every_kind_of_line_break() {
        assert_eq!(record_bound(b""), 1);
        assert_eq!(record_bound(b"a\nb\n"), 3);
        assert_eq!(record_bound(b"a\r\nb\r\n"), 3);
        assert_eq!(record_bound(b"a\rb\rc"), 3);
        assert_eq!(record_bound(b"a\r\n\rb\n"), 4);
    }

    #[test]
    fn delimiters_marks_exactly_commas_and_line_breaks() {
        let text = b"a,b\r\nc\n\x80,\xff\x0c\x2b\x2d\x0b\x0e,";
        for chunk in text.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            let mask = delimiters(u64::from_le_bytes(word));
            for (i, &b) in word.iter().enumerate() {
                let marked = mask & (0x80 << (8 * i)) != 0;
                assert_eq!(marked, matches!(b, b',' | b'\n' | b'\r'), "byte {b:#x}");
            }
            assert_eq!(mask & !0x8080_8080_8080_8080, 0);
        }
    }

    #[test]
    fn the_digit_table_base_covers_every_scale() {
        let base_for = |scales: &[(i64, i64)]| {
            let mut config = Config::default();
            config.criteria.truncate(scales.len());
            for (criterion, &(min, max)) in config.criteria.iter_mut().zip(scales) {
                criterion.scale.min = Decimal::from(min);
                criterion.scale.max = Decimal::from(max);
            }
            digit_base(&config)
        };
        assert_eq!(base_for(&[(1, 5), (1, 5)]), 6);
        assert_eq!(base_for(&[(1, 5), (0, 3)]), 6);
        assert_eq!(base_for(&[(1, 5), (1, 8)]), 9);
        // A 9 must stay a digit the table can index; beyond that, and below zero, base 10.
        assert_eq!(base_for(&[(1, 9)]), 10);
        assert_eq!(base_for(&[(0, 10)]), 10);
        assert_eq!(base_for(&[(-2, 2)]), 3);
        // Whatever the base, a digit is only a rating once the general reader accepted it.
        let mut half = Config::default();
        half.criteria.truncate(1);
        half.criteria[0].scale.max = Decimal::new(45, 1);
        assert_eq!(digit_base(&half), 10);
    }

    #[test]
    fn folds_to_matches_match_key() {
        for (name, header) in [
            ("Program", "program"),
            ("PROGRAM_NAME", "program name"),
            ("program-name", "Program Name"),
            ("Programme", "program"),
            (" name ", "Name"),
            ("n\u{b}ame", "name"),
        ] {
            assert_eq!(
                folds_to(name.as_bytes(), &match_key(header)),
                match_key(name) == match_key(header),
                "{name:?} vs {header:?}"
            );
        }
    }
}
