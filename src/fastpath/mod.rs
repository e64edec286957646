//! The streaming fast path for large inputs: `rank IN -o OUT.csv` on a million rows.
//!
//! The general pipeline builds a full report (owned strings for every cell, a breakdown per
//! program), which costs microseconds a row. This path produces the same CSV, byte for byte,
//! without building it, in four stages:
//!
//! 1. [`scan`]: one pass over the input checks every row the way the pipeline would and
//!    keeps 24 bytes per row (an [`Entry`]): a sort key, where the record starts, and the id
//!    of its set of red flags. A file without quotes is split by hand (its records are its
//!    lines); one with quotes goes through `csv-core`. Large quote-free files are scanned by
//!    two threads, one per half. Rows of the input's common [`shape`] (single-digit ratings,
//!    whole numbers) are read in one pass, and their flags looked up by ratings tuple and by
//!    where each number falls among the rules' thresholds.
//! 2. Ratings take few distinct values, so each scanning thread scores each distinct tuple
//!    it met once, by the same function the pipeline uses
//!    ([`crate::pipeline::score_ratings`]), and so are the flags that read only ratings. Flags that read cells are evaluated per row from plain cells
//!    ([`crate::values::PlainCell`]), or by the general evaluator for any other cell.
//! 3. [`order`]: the key is the score group (0 = best score) over the first 16 characters of
//!    the case-folded name, so one in-place sort orders rows as [`crate::ranking::rank`]
//!    does; longer names that share 16 characters are ordered by their full names afterwards.
//!    With `--top N` only the best N rows are sorted (partial selection).
//! 4. [`write`]: each row is written as `rank,score,red_flags` followed by its record,
//!    copied from the input when the csv writer would not change it.
//!
//! Anything unusual (invalid UTF-8, a bad or duplicate cell, a non-ASCII name, a `minmax`
//! criterion, an excluding flag, limits, extra output columns) makes [`prepare`] return
//! `None` and the caller runs the general pipeline, which also gives the positioned error.
//! A test checks that both paths write identical bytes on random inputs.

mod order;
mod scan;
mod shape;
mod write;

use crate::config::Config;
use crate::flags::UncheckedRule;
use crate::memory::LargeBuffer;
use crate::parallel::join;
use crate::pipeline::{ScoringOptions, scale_bounds, score_ratings};
use crate::values::fixed;
use order::Entry;
use rust_decimal::Decimal;
use scan::{Scanned, Scanner, Shared};
use std::collections::HashMap;

/// The most criteria a ratings tuple can pack (8 bits each into a `u64`).
const MAX_CRITERIA: usize = 8;

/// When the fast path uses a second thread (on a machine with at least two cores).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threads {
    /// Inputs at least this large (in bytes) are scanned by two threads.
    pub scan_bytes: usize,
    /// Rankings at least this long are sorted and written by two threads.
    pub rows: usize,
}

impl Default for Threads {
    /// Below these sizes a thread costs more than it saves.
    fn default() -> Self {
        Threads {
            scan_bytes: 4 << 20,
            rows: 1 << 16,
        }
    }
}

impl Threads {
    /// Always two threads where the work can be split: lets tests take the threaded code
    /// on small inputs.
    pub const ALWAYS: Threads = Threads {
        scan_bytes: 0,
        rows: 0,
    };

    /// Whether to scan an input of `len` bytes with two threads.
    fn scan(&self, len: usize) -> bool {
        len >= self.scan_bytes && crate::parallel::two_cores()
    }

    /// Whether to sort and write `rows` rows with two threads.
    pub(crate) fn rows(&self, rows: usize) -> bool {
        rows >= self.rows && crate::parallel::two_cores()
    }
}

/// A ranking ready to be written, holding only offsets into the input.
pub struct Prepared<'a> {
    bytes: &'a [u8],
    headers: Vec<String>,
    /// The rows to write, in rank order.
    entries: LargeBuffer<Entry>,
    /// `rank,score,` of each score group.
    group_prefix: Vec<String>,
    /// The `red_flags` field (CSV-quoted when needed) of each flag set.
    flag_fields: Vec<String>,
    /// Rules that could not be checked fully, for the notes.
    pub unchecked: Vec<UncheckedRule>,
    threads: Threads,
}

impl Prepared<'_> {
    /// How many programs will be written.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no program will be written.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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

/// Reads, checks and orders `bytes` (a CSV file) for the CSV ranking, or returns `None`
/// when the general pipeline must do it (see the module documentation).
pub fn prepare<'a>(
    file: &str,
    bytes: &'a [u8],
    config: &Config,
    options: &ScoringOptions,
    top: Option<usize>,
) -> Option<Prepared<'a>> {
    prepare_with_threads(file, bytes, config, options, top, Threads::default())
}

/// [`prepare`] with the given thread thresholds (tests use [`Threads::ALWAYS`]).
pub fn prepare_with_threads<'a>(
    file: &str,
    bytes: &'a [u8],
    config: &Config,
    options: &ScoringOptions,
    top: Option<usize>,
    threads: Threads,
) -> Option<Prepared<'a>> {
    let limits = crate::input::Limits::default();
    let mut progress = |_| {};
    let input = Input {
        file,
        bytes,
        limits: &limits,
    };
    prepare_with_progress(input, config, options, top, threads, &mut progress)
}

/// The input to rank: its name for messages, its bytes and the reading limits.
pub struct Input<'i, 'a> {
    pub file: &'i str,
    pub bytes: &'a [u8],
    pub limits: &'i crate::input::Limits,
}

/// [`prepare`], calling `progress` with the number of input bytes read every 65,536 rows.
pub fn prepare_with_progress<'a>(
    input: Input<'_, 'a>,
    config: &Config,
    options: &ScoringOptions,
    top: Option<usize>,
    threads: Threads,
    progress: &mut dyn FnMut(usize),
) -> Option<Prepared<'a>> {
    let Input {
        file,
        bytes,
        limits,
    } = input;
    if !applies(config, options) || u32::try_from(bytes.len()).is_err() {
        return None;
    }
    let bounds = scale_bounds(config)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let offset = bytes.len() - body.len();
    // What the input reader would read differently or refuse, the pipeline handles: invalid
    // UTF-8 (another encoding), a NUL byte, Excel's `sep=` line, another delimiter, a quote
    // that never closes.
    if body
        .get(..4)
        .is_some_and(|s| s.eq_ignore_ascii_case(b"sep="))
        || crate::input::delimited::sniff(body) != b','
    {
        return None;
    }
    let (headers, data_start) = scan::header(body)?;
    if headers.iter().any(String::is_empty)
        || headers.len() > limits.max_columns
        || headers.iter().any(|h| h.len() > limits.max_cell_bytes)
    {
        return None;
    }
    let shared = Shared::new(file, &headers, config, options, limits)?;

    // One pass over each half of a large input (one thread each) finds its first quote or
    // NUL and, when it has neither, counts its line breaks: the bound of its rows. Without
    // quotes a line break always ends a record, so the halves are also the two threads'
    // regions to scan; a file with a quote is checked and scanned in one piece.
    let split = threads
        .scan(body.len())
        .then(|| {
            let middle = data_start + (body.len() - data_start) / 2;
            memchr::memchr(b'\n', &body[middle..]).map(|i| middle + i + 1)
        })
        .flatten();
    let halves: Vec<(usize, usize)> = match split {
        Some(mid) => vec![(data_start, mid), (mid, body.len())],
        None => vec![(data_start, body.len())],
    };
    // The first half is searched from the start of the file, header included.
    let survey = |(from, to): (usize, usize), search_from: usize| match memchr::memchr2(
        b'"',
        0,
        &body[search_from..to],
    ) {
        Some(at) => (Some(body[search_from + at]), 0),
        None => (None, scan::record_bound(&body[from..to])),
    };
    let surveys: Vec<(Option<u8>, usize)> = match halves.as_slice() {
        [first, second] => {
            let (mine, theirs) = join(true, || survey(*first, 0), || survey(*second, second.0));
            vec![mine, theirs?]
        }
        _ => vec![survey(halves[0], 0)],
    };
    if surveys.iter().any(|&(found, _)| found == Some(0)) {
        return None;
    }
    let quoted = surveys.iter().any(|&(found, _)| found == Some(b'"'));
    // A file without quotes is checked for UTF-8 region by region, by the threads that scan it.
    if quoted
        && (memchr::memchr(0, body).is_some()
            || std::str::from_utf8(body).is_err()
            || crate::input::delimited::unterminated_quote(body, 1, b',').is_some())
    {
        return None;
    }
    let (regions, bounds_of): (Vec<(usize, usize)>, Vec<usize>) = if quoted {
        let all = (data_start, body.len());
        (vec![all], vec![scan::record_bound(&body[data_start..])])
    } else {
        (halves, surveys.iter().map(|&(_, bound)| bound).collect())
    };
    let rows_bound = bounds_of.iter().sum();
    let mut entries = LargeBuffer::<Entry>::zeroed(rows_bound);
    let (scanned, scores_of): (Vec<Scanned>, Vec<Vec<Decimal>>) = {
        let (first, second) = entries.split_at_mut(bounds_of[0]);
        let scan_region = |region: (usize, usize),
                           out: &mut [Entry],
                           progress: &mut dyn FnMut(usize)|
         -> Option<(Scanned, Vec<Decimal>)> {
            let mut scanner = Scanner::new(&shared);
            let count = if quoted {
                scanner.scan_quoted(body, region, offset, out, progress)?
            } else {
                scanner.scan_plain(body, region, offset, out, progress)?
            };
            let scanned = scanner.finish(count);
            // Each thread scores the tuples it met as soon as it is done, while the other
            // may still be scanning.
            let scores = scanned
                .tuples
                .iter()
                .map(|t| {
                    score_ratings(&t.ratings, config, &bounds, options.missing)
                        .ok()
                        .map(|s| s.score)
                })
                .collect::<Option<Vec<Decimal>>>()?;
            Some((scanned, scores))
        };
        if regions.len() == 2 {
            // The first half reports for both: its share of the work is the same.
            let half = |read: usize| data_start + 2 * read.saturating_sub(data_start);
            let (mine, theirs) = join(
                true,
                || scan_region(regions[0], first, &mut |read| progress(half(read))),
                || scan_region(regions[1], second, &mut |_| {}),
            );
            [mine?, theirs.flatten()?].into_iter().unzip()
        } else {
            [scan_region(regions[0], first, progress)?]
                .into_iter()
                .unzip()
        }
    };
    // Close the gap between the two halves' rows (a few rows: blank lines, the header) by
    // moving the second half's last rows into it; order before the sort does not matter.
    let mut count = scanned[0].count;
    if let Some(second) = scanned.get(1) {
        let moved = second.count.min(bounds_of[0] - count);
        let from = bounds_of[0] + second.count - moved;
        entries.copy_within(from..from + moved, count);
        count += second.count;
    }
    entries.truncate(count);
    if entries.is_empty() {
        return None;
    }

    // Group equal scores (over all regions): group 0 holds the best.
    let mut distinct: Vec<Decimal> = scores_of.iter().flatten().copied().collect();
    distinct.sort_unstable_by(|a, b| b.cmp(a));
    distinct.dedup();
    let group_of_tuple: Vec<Vec<u16>> = scores_of
        .iter()
        .map(|scores| {
            scores
                .iter()
                .map(|s| u16::try_from(distinct.binary_search_by(|d| s.cmp(d)).ok()?).ok())
                .collect::<Option<_>>()
        })
        .collect::<Option<_>>()?;

    // Number the flag sets over all regions.
    let mut mask_ids: HashMap<u64, u16> = HashMap::new();
    let mut masks: Vec<u64> = Vec::new();
    let mut local_flags: Vec<Vec<u16>> = Vec::new();
    for s in &scanned {
        let mut ids = Vec::with_capacity(s.flag_masks.len());
        for &mask in &s.flag_masks {
            let next = u16::try_from(masks.len()).ok()?;
            let id = *mask_ids.entry(mask).or_insert(next);
            if id == next {
                masks.push(mask);
            }
            ids.push(id);
        }
        local_flags.push(ids);
    }
    if masks.len() > usize::from(order::FLAG_SET) {
        return None;
    }

    // Give each row its score group and global flag set and count the rows per group:
    // each region's rows by their own thread.
    let tables: Vec<(&[u16], &[u16])> = group_of_tuple
        .iter()
        .zip(&local_flags)
        .map(|(groups, flags)| (groups.as_slice(), flags.as_slice()))
        .collect();
    let (first, second) = entries.split_at_mut(scanned[0].count);
    let pass = |part: &mut [Entry], (groups, flags): &(&[u16], &[u16])| {
        let mut sizes = vec![0usize; distinct.len()];
        for entry in part.iter_mut() {
            let group = groups[entry.group()];
            sizes[usize::from(group)] += 1;
            entry.set_group(group);
            entry.set_flag_set(flags[entry.flag_set()]);
        }
        sizes
    };
    let (mut group_sizes, other) = match tables.get(1) {
        Some(table) => join(true, || pass(first, &tables[0]), || pass(second, table)),
        None => (pass(first, &tables[0]), None),
    };
    if tables.len() > 1 {
        group_sizes
            .iter_mut()
            .zip(other?)
            .for_each(|(a, b)| *a += b);
    }
    let name_column = shared.columns.name_column;
    // A full ranking sorts every row and finds duplicate names on the way (no memory per
    // row); a partial one marks hashed slots and compares the rows that share one.
    if top.is_some_and(|n| n < count) {
        let mut name_slots = order::NameSlots::new(count);
        entries.iter().for_each(|e| name_slots.mark(e));
        let candidates = (0u32..)
            .zip(entries.iter())
            .filter_map(|(i, e)| Some((name_slots.candidate(e)?, i)))
            .collect();
        drop(name_slots);
        order::refuse_duplicate_names(candidates, &entries, bytes, name_column)?;
    }
    order::sort(&mut entries, &group_sizes, top, bytes, name_column, threads)?;

    let mut rank = 1;
    let group_prefix = distinct
        .iter()
        .zip(&group_sizes)
        .map(|(score, &size)| {
            let prefix = format!("{rank},{},", fixed(*score, 2));
            rank += size;
            prefix
        })
        .collect();
    let rules = &shared.rules;
    let unchecked = rules.unchecked.clone();
    let flag_fields = masks
        .iter()
        .map(|&mask| {
            let mut ids: Vec<String> = (0..rules.len())
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| rules.raised(i).id)
                .collect();
            if mask & scan::INCOMPLETE != 0 {
                ids.push(crate::config::INCOMPLETE_DATA.to_owned());
            }
            let mut field = String::new();
            write::push_csv_field(&mut field, &ids.join(";"));
            field
        })
        .collect();
    drop(shared);
    Some(Prepared {
        bytes,
        headers,
        entries,
        group_prefix,
        flag_fields,
        unchecked,
        threads,
    })
}
