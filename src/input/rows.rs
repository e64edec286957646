//! Spreadsheet row numbers for delimited text.
//!
//! A person looks for a bad cell by the row number the spreadsheet shows, with the header
//! in row 1 (or below title rows). A file line is not that as soon as a cell holds a line
//! break (a note over two lines in Google Sheets or Excel): every later row's line is one
//! more than its row. Excel also hides a `sep=;` first line. This module counts both from
//! the text once, so every message can name the row and, when it differs, the line.

use std::ops::Range;
use std::sync::Arc;

/// Turns a physical line where a record starts into the spreadsheet's row number.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowNumbering {
    /// Lines a spreadsheet does not show as rows (Excel's `sep=` line).
    hidden: u64,
    /// Every line that ends inside a quoted cell, ascending.
    breaks: Arc<[u64]>,
}

impl RowNumbering {
    /// Scans `text` (starting at line `first_line`, quotes as the csv reader sees them with
    /// `delimiter`) for line breaks inside quoted cells. `hidden` lines come before it. (The
    /// reader takes them from its one [`scan_quotes`]; this is for the tests.)
    #[cfg(test)]
    fn scan(text: &[u8], first_line: u64, delimiter: u8, hidden: u64) -> RowNumbering {
        RowNumbering::new(
            hidden,
            scan_quotes(text, first_line, delimiter, &[], 1).breaks,
        )
    }

    /// The numbering for `hidden` lines before the text and the lines `breaks` (ascending)
    /// that end inside quoted cells, as [`scan_quotes`] finds them.
    pub fn new(hidden: u64, breaks: Vec<u64>) -> RowNumbering {
        RowNumbering {
            hidden,
            breaks: breaks.into(),
        }
    }

    /// The spreadsheet row of the record that starts on `line`.
    pub fn row_of(&self, line: u64) -> u64 {
        let inside = self.breaks.partition_point(|&b| b < line);
        line.saturating_sub(self.hidden)
            .saturating_sub(u64::try_from(inside).unwrap_or(u64::MAX))
            .max(1)
    }
}

/// What one pass over delimited text finds out about its quotes: everything the reader
/// needs from the quote state (an unclosed quote, line breaks inside cells, and where the
/// text may be cut between records) comes from this one state machine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteScan {
    /// The offset of a quote that opens a cell and is never closed, if any.
    pub unclosed: Option<usize>,
    /// Every line that ends inside a quoted cell, ascending.
    pub breaks: Vec<u64>,
    /// Offsets just after a line end that also ends a record (not inside quotes): for each
    /// target asked for, the first such offset past it, without repeats, ascending.
    pub cuts: Vec<usize>,
}

/// Reads the quotes of `text` (starting at line `first_line`) as the csv reader does with
/// `delimiter`: a `"` opens a quoted cell only at the start of a cell (after the delimiter,
/// a line end, or at the start of the text), `""` inside one is a quote, and a quote inside
/// unquoted text (`5" screen`) is text. `targets` (ascending offsets) ask for record
/// boundaries to cut the text at. Text without any quote is read at `memchr` speed; other
/// text in `parts` parts on as many threads (see [`scan_part`]).
pub fn scan_quotes(
    text: &[u8],
    first_line: u64,
    delimiter: u8,
    targets: &[usize],
    parts: usize,
) -> QuoteScan {
    let mut scan = QuoteScan::default();
    if memchr::memchr(b'"', text).is_none() {
        // No quote: every line end ends a record.
        for &target in targets {
            if scan.cuts.last().is_some_and(|&cut| cut > target) {
                continue;
            }
            let Some(at) = memchr::memchr2(b'\n', b'\r', text.get(target..).unwrap_or_default())
            else {
                break;
            };
            let at = target + at;
            let cut = if text[at] == b'\r' && text.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            scan.cuts.push(cut);
        }
        return scan;
    }
    // Parts start just after a `\n`, where the state is at the start of a cell or inside
    // a quoted one. Each part is read as if it started outside quotes, which it nearly
    // always does; one that did not is read again once the part before it is known.
    let mut starts = vec![0];
    for k in 1..parts.max(1) {
        let from = (text.len() / parts * k).max(starts[starts.len() - 1]);
        if let Some(at) = memchr::memchr(b'\n', &text[from..])
            && from + at + 1 < text.len()
            && from + at + 1 > starts[starts.len() - 1]
        {
            starts.push(from + at + 1);
        }
    }
    let ranges: Vec<Range<usize>> = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&text.len()]))
        .map(|(&start, &end)| start..end)
        .collect();
    let read = |range: &Range<usize>, inside: bool| {
        let lo = targets.partition_point(|&t| t < range.start);
        let hi = targets.partition_point(|&t| t < range.end);
        scan_part(text, range.clone(), delimiter, &targets[lo..hi], inside)
    };
    let guesses: Vec<PartScan> =
        crate::workers::in_turn(ranges.len(), ranges.len(), |k| read(&ranges[k], false));
    // The parts in order: lines counted on, a target left without a record end in its part
    // cut at the first one after it.
    let mut line = first_line;
    let mut inside = false;
    let mut opened_at = None;
    let mut pending = false;
    for (range, guess) in ranges.iter().zip(guesses) {
        let part = if inside { read(range, true) } else { guess };
        if pending && let Some(end) = part.first_record_end {
            if scan.cuts.last() != Some(&end) && part.cuts.first() != Some(&end) {
                scan.cuts.push(end);
            }
            pending = false;
        }
        pending |= part.targets_left;
        scan.cuts.extend(part.cuts);
        scan.breaks.extend(part.breaks.iter().map(|b| line + b));
        line += part.line_ends;
        opened_at = part.opened_at.or(opened_at);
        inside = part.ends_inside;
    }
    scan.unclosed = if inside { opened_at } else { None };
    scan
}

/// What reading one part of the text finds, lines counted from 0 at its start.
struct PartScan {
    breaks: Vec<u64>,
    cuts: Vec<usize>,
    /// Whether some target was left without a record end after it in the part.
    targets_left: bool,
    /// Just past the part's first line end outside quotes.
    first_record_end: Option<usize>,
    /// The last quote that opened a cell.
    opened_at: Option<usize>,
    line_ends: u64,
    /// Whether the part ends inside a quoted cell.
    ends_inside: bool,
}

/// The csv reader's quote states, as [`scan_part`] tracks them.
const START: u8 = 0; // at the start of a cell
const UNQUOTED: u8 = 1; // inside an unquoted cell
const QUOTED: u8 = 2; // inside a quoted cell
const QUOTE_IN_QUOTED: u8 = 3; // just after a quote inside a quoted cell

/// Bytes read at once by [`scan_part`]: one bit of a `u64` mask each.
const BLOCK: usize = 64;

/// Reads the quote states of `text[range]`, which starts at a line start outside quotes
/// or, with `inside`, inside a quoted cell.
///
/// The text is read 64 bytes at a time, as bit masks of its quotes, delimiters and line
/// ends ([`Block`]): a quote toggles between inside and outside a quoted cell, which is the
/// reader's own rule as long as every quote met outside a quoted cell opens one, that is
/// stands at the start of a cell (or doubles a closing quote). A block where one does not
/// (`5" screen`, a quote that is text) is read byte by byte instead ([`Scan::bytes`]).
fn scan_part(
    text: &[u8],
    range: Range<usize>,
    delimiter: u8,
    targets: &[usize],
    inside: bool,
) -> PartScan {
    let mut scan = Scan {
        part: PartScan {
            breaks: Vec::new(),
            cuts: Vec::new(),
            targets_left: false,
            first_record_end: None,
            opened_at: None,
            line_ends: 0,
            ends_inside: false,
        },
        state: if inside { QUOTED } else { START },
        opened_at: usize::MAX,
        targets: targets.iter().copied().peekable(),
    };
    let mut at = range.start;
    while at < range.end {
        let end = (at + BLOCK).min(range.end);
        let block = Block::read(text, at..end, delimiter);
        if !scan.block(&block, at) {
            scan.bytes(text, at..end, delimiter);
        }
        at = end;
    }
    let Scan {
        mut part,
        state,
        opened_at,
        mut targets,
    } = scan;
    part.targets_left = targets.peek().is_some();
    part.opened_at = (opened_at != usize::MAX).then_some(opened_at);
    part.ends_inside = state == QUOTED;
    part
}

/// The bytes of up to 64 bytes of text that matter to the quote states, one bit each (bit
/// `i` for byte `i`).
struct Block {
    /// Bits of the bytes the block holds (all 64 but in the text's last block).
    valid: u64,
    quotes: u64,
    /// Delimiters, `\n` and `\r`: the bytes that end a cell outside quotes.
    separators: u64,
    /// Line ends: each `\n`, and each `\r` that no `\n` follows (looking past the block).
    line_ends: u64,
}

impl Block {
    /// The masks of `text[range]` (at most [`BLOCK`] bytes).
    fn read(text: &[u8], range: Range<usize>, delimiter: u8) -> Block {
        let len = range.len();
        let mut bytes = [0u8; BLOCK];
        bytes[..len].copy_from_slice(&text[range.clone()]);
        let valid = if len == BLOCK {
            u64::MAX
        } else {
            (1u64 << len) - 1
        };
        let quotes = mask_of(&bytes, b'"') & valid;
        let lf = mask_of(&bytes, b'\n') & valid;
        let cr = mask_of(&bytes, b'\r') & valid;
        let separators = (mask_of(&bytes, delimiter) & valid) | lf | cr;
        // A `\r` ends a line unless a `\n` follows it, also in the next block.
        let lf_after = (lf >> 1) | (u64::from(text.get(range.end) == Some(&b'\n')) << (len - 1));
        Block {
            valid,
            quotes,
            separators,
            line_ends: lf | (cr & !lf_after),
        }
    }
}

/// Bit `i` set where `bytes[i] == byte`. The compare runs on all 64 bytes at once (the
/// compiler's vector code), and each eight flags (0 or 1 a byte) are gathered into eight
/// bits by one multiplication: flag `k` lands on bit `56 + k`, no two products on one bit.
#[inline]
fn mask_of(bytes: &[u8; BLOCK], byte: u8) -> u64 {
    let mut flags = [0u8; BLOCK];
    for (flag, &b) in flags.iter_mut().zip(bytes) {
        *flag = u8::from(b == byte);
    }
    let mut mask = 0;
    for (k, word) in flags.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        mask |= (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k);
    }
    mask
}

/// Each bit set where an odd number of bits are set at or below it in `bits`.
#[inline]
fn prefix_xor(mut bits: u64) -> u64 {
    for shift in [1, 2, 4, 8, 16, 32] {
        bits ^= bits << shift;
    }
    bits
}

/// A part being read: what was found so far and the state the reader is in.
struct Scan<'t> {
    part: PartScan,
    state: u8,
    /// The last quote that opened a cell (`usize::MAX`: none yet).
    opened_at: usize,
    targets: std::iter::Peekable<std::iter::Copied<std::slice::Iter<'t, usize>>>,
}

impl Scan<'_> {
    /// Reads the block starting at `at` by its masks; returns `false`, having changed
    /// nothing, when a quote in it is text (met outside quotes, not at a cell's start).
    fn block(&mut self, block: &Block, at: usize) -> bool {
        let state = self.state;
        // Bit i: inside a quoted cell after byte i, each quote toggling.
        let inside = prefix_xor(block.quotes) ^ if state == QUOTED { u64::MAX } else { 0 };
        // Quotes met outside (inside after them): each must follow a separator, or a quote
        // that closed a cell (`""`), or the block's start in a state that lets it open.
        let opening = block.quotes & inside;
        let may_open = u64::from(state == START || state == QUOTE_IN_QUOTED);
        if opening & !((block.separators | block.quotes) << 1 | may_open) != 0 {
            return false;
        }
        let opened = opening & (block.separators << 1 | u64::from(state == START));
        if opened != 0 {
            self.opened_at = at + 63 - opened.leading_zeros() as usize;
        }
        let part = &mut self.part;
        let mut breaks = block.line_ends & inside;
        while breaks != 0 {
            let bit = breaks.trailing_zeros();
            let before = (block.line_ends & ((1u64 << bit) - 1)).count_ones();
            part.breaks.push(part.line_ends + u64::from(before));
            breaks &= breaks - 1;
        }
        part.line_ends += u64::from(block.line_ends.count_ones());
        let mut record_ends = block.line_ends & !inside;
        if record_ends != 0 && part.first_record_end.is_none() {
            part.first_record_end = Some(at + record_ends.trailing_zeros() as usize + 1);
        }
        // Each target is cut at the first record end at or after it.
        while record_ends != 0 {
            let Some(&target) = self.targets.peek() else {
                break;
            };
            let from = target.saturating_sub(at);
            if from >= BLOCK {
                break;
            }
            let after = record_ends & (u64::MAX << from);
            if after == 0 {
                break;
            }
            let i = at + after.trailing_zeros() as usize;
            part.cuts.push(i + 1);
            while self.targets.next_if(|&target| target <= i).is_some() {}
            record_ends = after & (after - 1);
        }
        let last = 63 - block.valid.leading_zeros();
        let bit = |mask: u64| mask >> last & 1 == 1;
        self.state = if bit(inside) {
            QUOTED
        } else if bit(block.quotes) {
            QUOTE_IN_QUOTED
        } else if bit(block.separators) {
            START
        } else {
            UNQUOTED
        };
        true
    }

    /// Reads `text[range]` byte by byte, one table lookup per byte: a byte is one of five
    /// classes, and the next state is `NEXT[state][class]`.
    fn bytes(&mut self, text: &[u8], range: Range<usize>, delimiter: u8) {
        const OTHER: u8 = 0;
        const QUOTE: u8 = 1;
        const DELIMITER: u8 = 2;
        const LF: u8 = 3;
        const CR: u8 = 4;
        const NEXT: [[u8; 5]; 4] = [
            [UNQUOTED, QUOTED, START, START, START],
            [UNQUOTED, UNQUOTED, START, START, START],
            [QUOTED, QUOTE_IN_QUOTED, QUOTED, QUOTED, QUOTED],
            [UNQUOTED, QUOTED, START, START, START],
        ];
        let mut class = [OTHER; 256];
        class[usize::from(delimiter)] = DELIMITER;
        class[usize::from(b'"')] = QUOTE;
        class[usize::from(b'\n')] = LF;
        class[usize::from(b'\r')] = CR;
        let part = &mut self.part;
        let start = range.start;
        for (i, &b) in text[range].iter().enumerate() {
            let i = start + i;
            let c = class[usize::from(b)];
            let next = NEXT[usize::from(self.state)][usize::from(c)];
            if self.state == START && c == QUOTE {
                self.opened_at = i;
            }
            // `\r\n` is one line end, counted at its `\n`; a lone `\r` is one too.
            if c >= LF && (c == LF || text.get(i + 1) != Some(&b'\n')) {
                if next == QUOTED {
                    part.breaks.push(part.line_ends);
                } else {
                    part.first_record_end.get_or_insert(i + 1);
                    if self.targets.peek().is_some_and(|&target| i >= target) {
                        part.cuts.push(i + 1);
                        while self.targets.next_if(|&target| target <= i).is_some() {}
                    }
                }
                part.line_ends += 1;
            }
            self.state = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quote states of the csv reader, byte by byte: the reference [`scan_quotes`]
    /// must agree with.
    fn reference(text: &[u8], first_line: u64, delimiter: u8, targets: &[usize]) -> QuoteScan {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Start,
            Unquoted,
            Quoted,
            QuoteInQuoted,
        }
        let mut scan = QuoteScan::default();
        let mut state = State::Start;
        let mut line = first_line;
        let mut targets = targets.iter().copied().peekable();
        for (i, &b) in text.iter().enumerate() {
            let line_byte = b == b'\n' || b == b'\r';
            let separator = line_byte || b == delimiter;
            state = match (state, b) {
                (State::Start, b'"') => {
                    scan.unclosed = Some(i);
                    State::Quoted
                }
                (State::Start | State::Unquoted | State::QuoteInQuoted, _) if separator => {
                    State::Start
                }
                (State::Start | State::Unquoted, _) => State::Unquoted,
                (State::Quoted, b'"') => State::QuoteInQuoted,
                (State::Quoted, _) => State::Quoted,
                (State::QuoteInQuoted, b'"') => State::Quoted,
                (State::QuoteInQuoted, _) => State::Unquoted,
            };
            if line_byte && (b == b'\n' || text.get(i + 1) != Some(&b'\n')) {
                if state == State::Quoted {
                    scan.breaks.push(line);
                } else if targets.peek().is_some_and(|&target| i >= target) {
                    scan.cuts.push(i + 1);
                    while targets.next_if(|&target| target <= i).is_some() {}
                }
                line += 1;
            }
        }
        if state != State::Quoted {
            scan.unclosed = None;
        }
        scan
    }

    proptest::proptest! {
        #[test]
        fn the_scan_reads_quotes_as_the_byte_by_byte_states_do(
            text in proptest::collection::vec(
                proptest::sample::select(b"\"\"\",;\r\n\nab".to_vec()),
                0..200,
            ),
            targets in proptest::collection::vec(0usize..220, 0..6),
            delimiter in proptest::sample::select(vec![b',', b';']),
        ) {
            let mut targets = targets;
            targets.sort_unstable();
            let mut text = text;
            // Now and then a text without any quote, read by the other road.
            if targets.len() == 1 {
                text.retain(|&b| b != b'"');
            }
            let expected = reference(&text, 3, delimiter, &targets);
            for parts in [1, 2, 3, 7] {
                proptest::prop_assert_eq!(
                    &scan_quotes(&text, 3, delimiter, &targets, parts),
                    &expected,
                    "{} parts",
                    parts
                );
            }
        }
    }

    proptest::proptest! {
        /// Texts of many 64-byte blocks, quoted cells spanning them, now and then a quote
        /// that is text (a block read byte by byte) and `\r\n` cut between two blocks.
        #[test]
        fn blocks_read_quotes_as_the_byte_by_byte_states_do(
            cells in proptest::collection::vec(
                proptest::sample::select(vec![
                    "abc", "12", "", "\"q,q\"", "\"two\nlines\"", "\"say \"\"hi\"\"\"",
                    "5\" screen", "\"x\"y", "\"\r\n\"", "\"", "long cell of text here",
                ]),
                0..150,
            ),
            ends in proptest::collection::vec(
                proptest::sample::select(vec![",", ",", ",", "\n", "\r\n", "\r", ";"]),
                150,
            ),
            targets in proptest::collection::vec(0usize..2500, 0..8),
        ) {
            let mut text = Vec::new();
            for (cell, end) in cells.iter().zip(&ends) {
                text.extend_from_slice(cell.as_bytes());
                text.extend_from_slice(end.as_bytes());
            }
            let mut targets = targets;
            targets.sort_unstable();
            let expected = reference(&text, 1, b',', &targets);
            for parts in [1, 2, 5] {
                proptest::prop_assert_eq!(
                    &scan_quotes(&text, 1, b',', &targets, parts),
                    &expected,
                    "{} parts",
                    parts
                );
            }
        }
    }

    #[test]
    fn masks_mark_every_byte_equal() {
        let mut bytes = [b'a'; BLOCK];
        for i in [0, 7, 8, 31, 63] {
            bytes[i] = b'"';
        }
        assert_eq!(
            mask_of(&bytes, b'"'),
            1 | 1 << 7 | 1 << 8 | 1 << 31 | 1 << 63
        );
        assert_eq!(mask_of(&bytes, b'a').count_ones(), 59);
        assert_eq!(prefix_xor(0b1001_0010), 0b1110 | u64::MAX << 7);
    }

    #[test]
    fn rows_skip_line_breaks_inside_quotes_and_the_sep_line() {
        let text = b"program,notes\nA,\"two\nlines\"\nB,\"three\r\nlines\r\nhere\"\nC,x\n";
        let rows = RowNumbering::scan(text, 1, b',', 0);
        assert_eq!(rows.row_of(1), 1);
        assert_eq!(rows.row_of(2), 2);
        assert_eq!(rows.row_of(4), 3);
        assert_eq!(rows.row_of(7), 4);
        let sep = RowNumbering::scan(b"program;a\nA;1\n", 2, b';', 1);
        assert_eq!(sep.row_of(3), 2);
        // A quote inside unquoted text opens nothing.
        let inch = RowNumbering::scan(b"a,b\n5\" screen,1\nB,2\n", 1, b',', 0);
        assert_eq!(inch.row_of(3), 3);
    }
}
