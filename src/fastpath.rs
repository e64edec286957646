//! The streaming fast path for large inputs: `rank IN -o OUT.csv` on a million rows.
//!
//! The general pipeline builds a full report (owned strings for every cell, a breakdown per
//! program), which costs microseconds a row. This path produces the same CSV, byte for byte,
//! without building it:
//!
//! 1. One pass over the input with `csv-core` (no allocation per row) checks every row the
//!    way the pipeline would (UTF-8, cell count, ratings, the cells the flags and cost columns
//!    read) and keeps 16 bytes per row: where the record starts, where its name is, and ids
//!    of its ratings tuple and of its set of flags.
//! 2. Ratings take few distinct values, so each distinct tuple is scored once, by the same
//!    function the pipeline uses ([`crate::pipeline::score_ratings`]); flags that read only
//!    ratings are evaluated once per tuple too. Scores are exact decimals; the sort key is the
//!    position of a row's score among the distinct scores, an integer.
//! 3. Rows are ordered by name (a presorted input is a single run, so this is linear), then
//!    counting-sorted by score group: best score first, ties by name, as in
//!    [`crate::ranking::rank`]. With `--top N` only the groups that reach N rows are sorted.
//! 4. Each kept record is parsed again from the input and written through the csv crate's
//!    writer with the same formula guard as [`crate::export::CsvExporter`].
//!
//! Anything unusual (invalid UTF-8, a bad or duplicate cell, a non-ASCII name, a `minmax`
//! criterion, an excluding flag, limits, extra output columns) makes [`prepare`] return
//! `None` and the caller runs the general pipeline, which also gives the positioned error.
//! A test checks that both paths write identical bytes on random inputs.

use crate::config::Config;
use crate::costs::CostColumns;
use crate::dataset::{Cells, ColumnMap, RowRef, read_rating};
use crate::export::defuse_formula;
use crate::flags::{RuleSet, UncheckedRule};
use crate::input::Origin;
use crate::pipeline::{ScoringOptions, scale_bounds, score_ratings};
use crate::scoring::MissingPolicy;
use crate::values::fixed;
use csv_core::{ReadRecordResult, Reader};
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

/// The most criteria a ratings tuple can pack (8 bits each into a `u64`).
const MAX_CRITERIA: usize = 8;

/// One data row, in 16 bytes.
#[derive(Debug, Clone, Copy)]
struct FastRow {
    /// Offset of the record's first cell in the input.
    start: u32,
    /// Offset of the trimmed name in the input, or in the name arena when `in_arena`.
    name_start: u32,
    /// Length of the trimmed name, with the `IN_ARENA` and `AS_IS` bits.
    name_len: u16,
    /// Index of the row's ratings tuple.
    tuple: u16,
    /// Index of the row's set of raised flags.
    flags: u16,
}

/// `name_len` bit: the name is in the arena (its cell was quoted).
const IN_ARENA: u16 = 1 << 15;
/// `name_len` bit: the record can be copied to the output as it is.
const AS_IS: u16 = 1 << 14;
/// `name_len` bits holding the length.
const NAME_LEN: u16 = AS_IS - 1;

/// A ranking ready to be written, holding only offsets into the input.
pub struct Prepared<'a> {
    bytes: &'a [u8],
    arena: Vec<u8>,
    headers: Vec<String>,
    rows: Vec<FastRow>,
    /// Rows to write, in rank order (indices into `rows`).
    order: Vec<u32>,
    /// Score group of each tuple (0 = best score).
    tuple_group: Vec<u32>,
    /// Competition rank of each score group.
    group_rank: Vec<usize>,
    /// Score text (2 decimals) of each score group.
    group_score: Vec<String>,
    /// `red_flags` text of each flag set.
    flag_text: Vec<String>,
    /// Rules that could not be checked fully, for the notes.
    pub unchecked: Vec<UncheckedRule>,
}

impl Prepared<'_> {
    /// How many programs will be written.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when no program will be written.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Writes the ranking as CSV, exactly as the general pipeline's CSV exporter would.
    pub fn write_csv(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut line = String::from("rank,score,red_flags");
        for header in &self.headers {
            line.push(',');
            push_csv_field(&mut line, &defuse_formula(header));
        }
        line.push('\n');
        out.write_all(line.as_bytes())?;

        let flag_fields: Vec<String> = self
            .flag_text
            .iter()
            .map(|t| {
                let mut field = String::new();
                push_csv_field(&mut field, t);
                field
            })
            .collect();
        let mut reader = Reader::new();
        let mut fields = vec![0u8; 1 << 12];
        let mut ends = vec![0usize; self.headers.len() + 1];
        // Rows come out in score order, scattered over the input: fetch a batch's rows and
        // first input bytes together so their cache misses overlap instead of queueing.
        let mut batch: Vec<FastRow> = Vec::with_capacity(BATCH);
        for chunk in self.order.chunks(BATCH) {
            batch.clear();
            batch.extend(chunk.iter().map(|&i| self.rows[i as usize]));
            let touched = batch
                .iter()
                .fold(0u8, |acc, r| acc ^ self.bytes[r.start as usize]);
            std::hint::black_box(touched);
            for row in &batch {
                self.write_row(
                    row,
                    out,
                    &mut line,
                    &flag_fields,
                    &mut reader,
                    &mut fields,
                    &mut ends,
                )?;
            }
        }
        out.flush()
    }

    #[allow(clippy::too_many_arguments)]
    fn write_row(
        &self,
        row: &FastRow,
        out: &mut dyn Write,
        line: &mut String,
        flag_fields: &[String],
        reader: &mut Reader,
        fields: &mut Vec<u8>,
        ends: &mut Vec<usize>,
    ) -> std::io::Result<()> {
        let changed = || std::io::Error::other("the input changed while it was read");
        {
            let group = self.tuple_group[row.tuple as usize] as usize;
            line.clear();
            let _ = write!(line, "{},", self.group_rank[group]);
            line.push_str(&self.group_score[group]);
            line.push(',');
            line.push_str(&flag_fields[row.flags as usize]);
            line.push(',');
            let start = row.start as usize;
            if row.name_len & AS_IS != 0 {
                let rest = &self.bytes[start..];
                let end = rest
                    .iter()
                    .position(|&b| b == b'\n' || b == b'\r')
                    .unwrap_or(rest.len());
                out.write_all(line.as_bytes())?;
                out.write_all(&rest[..end])?;
                return out.write_all(b"\n");
            }
            reader.reset();
            let (n_fields, _) =
                read_one(reader, &self.bytes[start..], fields, ends).ok_or_else(changed)?;
            let mut begin = 0;
            for (i, &end) in ends[..n_fields].iter().enumerate() {
                let cell = std::str::from_utf8(&fields[begin..end]).map_err(|_| changed())?;
                if i > 0 {
                    line.push(',');
                }
                push_csv_field(line, &defuse_formula(cell));
                begin = end;
            }
            line.push('\n');
            out.write_all(line.as_bytes())
        }
    }
}

/// Rows fetched together when writing (see `write_csv`).
const BATCH: usize = 64;

/// A row's name, from the input or from the arena of names that needed unquoting.
fn name_of<'x>(bytes: &'x [u8], arena: &'x [u8], row: &FastRow) -> &'x [u8] {
    let start = row.name_start as usize;
    let len = usize::from(row.name_len & NAME_LEN);
    if row.name_len & IN_ARENA != 0 {
        &arena[start..start + len]
    } else {
        &bytes[start..start + len]
    }
}

/// Appends one CSV field as the csv crate's writer writes it by default (`QuoteStyle::Necessary`
/// with doubled quotes): quoted when it holds a comma, a quote or a line break.
fn push_csv_field(line: &mut String, text: &str) {
    if text.contains([',', '"', '\r', '\n']) {
        line.push('"');
        line.push_str(&text.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(text);
    }
}

/// Reads one record from `input` into `fields`/`ends`, growing them as needed. Returns the
/// number of fields and of input bytes consumed, or `None` at the end of the input.
fn read_one(
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

/// Whether the fast path can produce this output at all (before reading the input).
pub fn applies(config: &Config, options: &ScoringOptions) -> bool {
    config.criteria.len() <= MAX_CRITERIA
        && options.method == crate::scoring::methods::Method::Wsm
        && scale_bounds(config).is_some()
        && options.limits.is_empty()
        && !config.flags.iter().any(|f| f.exclude)
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
        let bytes = cell.as_bytes();
        if bytes.len() == 1 && bytes[0].is_ascii_digit() {
            let slot = usize::from(bytes[0] - b'0');
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

/// Reads, checks and orders `bytes` (a CSV file) for the CSV ranking, or returns `None`
/// when the general pipeline must do it (see the module documentation).
pub fn prepare<'a>(
    file: &str,
    bytes: &'a [u8],
    config: &Config,
    options: &ScoringOptions,
    top: Option<usize>,
) -> Option<Prepared<'a>> {
    let limits = crate::input::Limits::default();
    prepare_with_progress(file, bytes, config, options, top, &limits, &mut |_| {})
}

/// [`prepare`], calling `progress` with the number of input bytes read every 65,536 rows.
pub fn prepare_with_progress<'a>(
    file: &str,
    bytes: &'a [u8],
    config: &Config,
    options: &ScoringOptions,
    top: Option<usize>,
    limits: &crate::input::Limits,
    progress: &mut dyn FnMut(usize),
) -> Option<Prepared<'a>> {
    if !applies(config, options) || u32::try_from(bytes.len()).is_err() {
        return None;
    }
    let bounds = scale_bounds(config)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let offset = bytes.len() - body.len();
    // What the input reader would read differently or refuse, the pipeline handles: a NUL
    // byte, Excel's `sep=` line, another delimiter, a quote that never closes.
    if body.contains(&0)
        || body
            .get(..4)
            .is_some_and(|s| s.eq_ignore_ascii_case(b"sep="))
        || crate::input::delimited::sniff(body) != b','
        || (body.contains(&b'"')
            && crate::input::delimited::unterminated_quote(body, 1, b',').is_some())
    {
        return None;
    }

    let mut reader = Reader::new();
    let mut fields = vec![0u8; 1 << 12];
    let mut ends = vec![0usize; 64];
    let mut pos = 0;

    // The header: the first record that is not blank.
    let headers: Vec<String> = loop {
        let (n, used) = read_one(&mut reader, &body[pos..], &mut fields, &mut ends)?;
        pos += used;
        let cells = split(&fields, &ends[..n])?;
        if !cells.iter().all(|c| c.trim_ascii().is_empty()) {
            break cells
                .iter()
                .map(|c| std::str::from_utf8(c).ok().map(|c| c.trim().to_owned()))
                .collect::<Option<_>>()?;
        }
    };
    if headers.iter().any(String::is_empty)
        || headers.len() > limits.max_columns
        || headers.iter().any(|h| h.len() > limits.max_cell_bytes)
    {
        return None;
    }
    let name_header = crate::text::match_key(&headers[columns_name_index(&headers)?]);
    let origin = Origin::Text { delimiter: b',' };
    let columns = ColumnMap::resolve(file, &origin, 1, &headers, config).ok()?;
    let rules = RuleSet::bind_headers(config, &headers).ok()?;
    if rules.len() >= 63 || (0..rules.len()).any(|i| rules.excludes(i)) {
        return None;
    }
    let row_rules: Vec<usize> = (0..rules.len()).filter(|&i| rules.reads_cells(i)).collect();
    let cost_columns = CostColumns::find_in(&headers);

    let criteria = &config.criteria;
    let mut caches: Vec<RatingCache> = criteria.iter().map(|_| RatingCache::new()).collect();
    let mut tuple_ids: HashMap<u64, u16, FastKeys> = HashMap::default();
    let mut tuples: Vec<(Vec<Option<Decimal>>, u64)> = Vec::new(); // ratings, rating-only flag mask
    let mut flag_ids: HashMap<u64, u16, FastKeys> = HashMap::default();
    let mut flag_masks: Vec<u64> = Vec::new();
    let mut rows: Vec<FastRow> = Vec::with_capacity(body.len() / 32);
    let mut arena: Vec<u8> = Vec::new();
    let mut ratings: Vec<Option<Decimal>> = vec![None; criteria.len()];

    loop {
        let record_start = pos;
        if rows.len().is_multiple_of(1 << 16) {
            progress(offset + pos);
        }
        let Some((n, used)) = read_one(&mut reader, &body[pos..], &mut fields, &mut ends) else {
            break;
        };
        pos += used;
        if n == 1 && ends[0] == 0 {
            continue;
        }
        if n != headers.len() {
            return None;
        }
        // Valid UTF-8 as a whole with every cell boundary on a character boundary is the same
        // as every cell being valid UTF-8, in one pass.
        let text = std::str::from_utf8(&fields[..ends[n - 1]]).ok()?;
        if !ends[..n].iter().all(|&end| text.is_char_boundary(end)) {
            return None;
        }
        let record = RecordCells {
            text,
            ends: &ends[..n],
        };
        if (0..n).all(|i| record.cell(i).trim_ascii().is_empty()) {
            continue;
        }
        if (0..n).any(|i| record.cell(i).len() > limits.max_cell_bytes) {
            return None;
        }
        let cells = &record;
        // The name: trimmed, ASCII (case folding beyond ASCII is left to the pipeline).
        let name_cell = cells.cell(columns.name_column);
        let name = name_cell.trim();
        if name.is_empty() || !name.is_ascii() || name.len() >= usize::from(AS_IS) {
            return None;
        }
        // A header repeated in the data is refused by the reader.
        if crate::text::match_key(name) == name_header {
            return None;
        }
        let raw = &body[record_start..pos];
        let content = record_start
            + raw
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        let quoted = raw.contains(&b'"');
        // An unquoted record none of whose cells the formula guard changes is written back
        // as it was read: the csv writer would not quote any of its cells either.
        let copy_as_is = !quoted
            && (0..n).all(|i| {
                !matches!(
                    cells.cell(i).as_bytes().first(),
                    Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
                )
            });
        let (name_start, in_arena) = if quoted {
            let start = arena.len();
            arena.extend_from_slice(name.as_bytes());
            (start, IN_ARENA)
        } else {
            // Unquoted: the cells are the raw bytes between delimiters.
            let field_start = if columns.name_column == 0 {
                content
            } else {
                content + ends[columns.name_column - 1] + columns.name_column
            };
            let leading = name_cell.len() - name_cell.trim_start().len();
            (offset + field_start + leading, 0)
        };

        // Ratings: a small id per criterion, packed into a tuple key.
        let mut key = 0u64;
        for (i, criterion) in criteria.iter().enumerate() {
            let id = caches[i].id(cells.cell(columns.criterion_columns[i]), criterion)?;
            ratings[i] = caches[i].values[usize::from(id)];
            key |= u64::from(id) << (8 * i);
        }
        if options.missing == MissingPolicy::Error && ratings.iter().any(Option::is_none) {
            return None;
        }
        let row = RowRef {
            file,
            headers: &headers,
            origin: &origin,
            decimal_comma: false,
            line: 0,
            cells,
            ratings: &ratings,
        };
        let tuple = match tuple_ids.get(&key) {
            Some(&t) => t,
            None => {
                let mut mask = 0u64;
                for i in (0..rules.len()).filter(|i| !rules.reads_cells(*i)) {
                    if rules.is_raised(i, &row).ok()? {
                        mask |= 1 << i;
                    }
                }
                if ratings.iter().any(Option::is_none) {
                    mask |= 1 << 63;
                }
                let t = u16::try_from(tuples.len()).ok()?;
                tuples.push((ratings.clone(), mask));
                tuple_ids.insert(key, t);
                t
            }
        };
        let mut mask = tuples[usize::from(tuple)].1;
        for &i in &row_rules {
            if rules.is_raised(i, &row).ok()? {
                mask |= 1 << i;
            }
        }
        // The cost columns are read only to refuse what the pipeline would refuse.
        cost_columns.read_row(&row, config.weeks_per_year).ok()?;
        let flags = match flag_ids.get(&mask) {
            Some(&f) => f,
            None => {
                let f = u16::try_from(flag_masks.len()).ok()?;
                flag_masks.push(mask);
                flag_ids.insert(mask, f);
                f
            }
        };
        rows.push(FastRow {
            start: u32::try_from(offset + content).ok()?,
            name_start: u32::try_from(name_start).ok()?,
            name_len: u16::try_from(name.len()).ok()?
                | in_arena
                | if copy_as_is { AS_IS } else { 0 },
            tuple,
            flags,
        });
    }
    if rows.is_empty() {
        return None;
    }

    // Score every distinct tuple once, and group equal scores.
    let mut scores: Vec<Decimal> = Vec::with_capacity(tuples.len());
    for (ratings, _) in &tuples {
        scores.push(
            score_ratings(ratings, config, &bounds, options.missing)
                .ok()?
                .score,
        );
    }
    let mut by_score: Vec<usize> = (0..tuples.len()).collect();
    by_score.sort_by(|&a, &b| scores[b].cmp(&scores[a]));
    let mut tuple_group = vec![0u32; tuples.len()];
    let mut group_score: Vec<String> = Vec::new();
    let mut group_value: Vec<Decimal> = Vec::new();
    for &t in &by_score {
        if group_value.last() != Some(&scores[t]) {
            group_value.push(scores[t]);
            group_score.push(fixed(scores[t], 2));
        }
        tuple_group[t] = u32::try_from(group_value.len() - 1).ok()?;
    }
    let flag_text: Vec<String> = flag_masks
        .iter()
        .map(|&mask| {
            let mut ids: Vec<String> = (0..rules.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| rules.raised(i).id)
                .collect();
            if mask & (1 << 63) != 0 {
                ids.push(crate::config::INCOMPLETE_DATA.to_owned());
            }
            ids.join(";")
        })
        .collect();

    let mut prepared = Prepared {
        bytes,
        arena,
        headers,
        rows,
        order: Vec::new(),
        tuple_group,
        group_rank: Vec::new(),
        group_score,
        flag_text,
        unchecked: rules.unchecked.clone(),
    };
    prepared.order_rows(top)?;
    Some(prepared)
}

/// The cells of the record csv-core just read, validated as UTF-8 as a whole.
struct RecordCells<'f> {
    text: &'f str,
    ends: &'f [usize],
}

impl Cells for RecordCells<'_> {
    fn cell(&self, column: usize) -> &str {
        let begin = if column == 0 {
            0
        } else {
            self.ends[column - 1]
        };
        // Every cell boundary was checked to be a character boundary.
        self.text.get(begin..self.ends[column]).unwrap_or_default()
    }
}

/// The index of the program-name column, as the dataset finds it.
fn columns_name_index(headers: &[String]) -> Option<usize> {
    let keys: Vec<String> = crate::config::NAME_COLUMNS
        .iter()
        .map(|n| crate::text::match_key(n))
        .collect();
    headers
        .iter()
        .position(|h| keys.contains(&crate::text::match_key(h)))
}

/// Splits csv-core's output into cells.
fn split<'f>(fields: &'f [u8], ends: &[usize]) -> Option<Vec<&'f [u8]>> {
    let mut begin = 0;
    let mut cells = Vec::with_capacity(ends.len());
    for &end in ends {
        cells.push(fields.get(begin..end)?);
        begin = end;
    }
    Some(cells)
}

impl Prepared<'_> {
    /// Orders rows best first, ties by name; refuses duplicate names (returns `None`).
    fn order_rows(&mut self, top: Option<usize>) -> Option<()> {
        let groups = self.group_score.len();
        let mut counts = vec![0usize; groups];
        for row in &self.rows {
            counts[self.tuple_group[row.tuple as usize] as usize] += 1;
        }
        let mut rank = 1;
        self.group_rank = counts
            .iter()
            .map(|&c| {
                let r = rank;
                rank += c;
                r
            })
            .collect();

        let (bytes, arena) = (self.bytes, std::mem::take(&mut self.arena));
        let by_name = |a: &FastRow, b: &FastRow| -> Ordering {
            let (x, y) = (name_of(bytes, &arena, a), name_of(bytes, &arena, b));
            compare_folded(x, y).then_with(|| x.cmp(y))
        };
        match top {
            Some(n) if n < self.rows.len() => {
                refuse_duplicate_names_hashed(bytes, &arena, &self.rows)?;
                // Only the best groups that reach n rows are sorted.
                let mut needed = 0;
                let mut last_group = 0;
                for (g, &c) in counts.iter().enumerate() {
                    needed += c;
                    last_group = g;
                    if needed >= n {
                        break;
                    }
                }
                let mut chosen: Vec<u32> = (0..self.rows.len() as u32)
                    .filter(|&i| {
                        self.tuple_group[self.rows[i as usize].tuple as usize] as usize
                            <= last_group
                    })
                    .collect();
                chosen.sort_unstable_by(|&a, &b| {
                    let (ra, rb) = (&self.rows[a as usize], &self.rows[b as usize]);
                    let (ga, gb) = (
                        self.tuple_group[ra.tuple as usize],
                        self.tuple_group[rb.tuple as usize],
                    );
                    ga.cmp(&gb).then_with(|| by_name(ra, rb))
                });
                chosen.truncate(n);
                self.order = chosen;
            }
            _ => {
                let mut rows = std::mem::take(&mut self.rows);
                rows.sort_by(|a, b| by_name(a, b));
                let duplicate = rows.windows(2).any(|w| {
                    compare_folded(name_of(bytes, &arena, &w[0]), name_of(bytes, &arena, &w[1]))
                        == Ordering::Equal
                });
                self.rows = rows;
                if duplicate {
                    return None;
                }
                // Counting sort by group keeps the name order within each group.
                let mut next: Vec<usize> = self.group_rank.iter().map(|r| r - 1).collect();
                let mut order = vec![0u32; self.rows.len()];
                for (i, row) in self.rows.iter().enumerate() {
                    let g = self.tuple_group[row.tuple as usize] as usize;
                    order[next[g]] = i as u32;
                    next[g] += 1;
                }
                self.order = order;
            }
        }
        self.arena = arena;
        Some(())
    }
}

fn refuse_duplicate_names_hashed(bytes: &[u8], arena: &[u8], rows: &[FastRow]) -> Option<()> {
    let mut seen: std::collections::HashSet<FoldedName<'_>> =
        std::collections::HashSet::with_capacity(rows.len());
    for row in rows {
        if !seen.insert(FoldedName(name_of(bytes, arena, row))) {
            return None;
        }
    }
    Some(())
}

/// Hashing for the internal `u64` keys (packed rating ids, flag masks): one multiply instead
/// of SipHash, which guards against hostile keys these maps never see (the keys are small ids
/// the fast path makes itself, and each map holds at most 65,536 of them).
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

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

/// Compares ASCII names as `str::to_lowercase` would order them.
fn compare_folded(a: &[u8], b: &[u8]) -> Ordering {
    a.iter()
        .map(u8::to_ascii_lowercase)
        .cmp(b.iter().map(u8::to_ascii_lowercase))
}

/// An ASCII name compared and hashed without case.
struct FoldedName<'a>(&'a [u8]);

impl PartialEq for FoldedName<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for FoldedName<'_> {}

impl std::hash::Hash for FoldedName<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for b in self.0 {
            state.write_u8(b.to_ascii_lowercase());
        }
    }
}
