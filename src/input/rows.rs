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

/// Reads the quote states of `text[range]`, which starts at a line start outside quotes
/// or, with `inside`, inside a quoted cell.
fn scan_part(
    text: &[u8],
    range: Range<usize>,
    delimiter: u8,
    targets: &[usize],
    inside: bool,
) -> PartScan {
    // The csv reader's quote states, one table lookup per byte: a byte is one of five
    // classes, and the next state is `NEXT[state][class]`.
    const START: u8 = 0; // at the start of a cell
    const UNQUOTED: u8 = 1; // inside an unquoted cell
    const QUOTED: u8 = 2; // inside a quoted cell
    const QUOTE_IN_QUOTED: u8 = 3; // just after a quote inside a quoted cell
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
    let mut part = PartScan {
        breaks: Vec::new(),
        cuts: Vec::new(),
        targets_left: false,
        first_record_end: None,
        opened_at: None,
        line_ends: 0,
        ends_inside: false,
    };
    let mut state = if inside { QUOTED } else { START };
    let mut opened_at = usize::MAX;
    let mut targets = targets.iter().copied().peekable();
    let start = range.start;
    for (i, &b) in text[range].iter().enumerate() {
        let i = start + i;
        let c = class[usize::from(b)];
        let next = NEXT[usize::from(state)][usize::from(c)];
        if state == START && c == QUOTE {
            opened_at = i;
        }
        // `\r\n` is one line end, counted at its `\n`; a lone `\r` is one too.
        if c >= LF && (c == LF || text.get(i + 1) != Some(&b'\n')) {
            if next == QUOTED {
                part.breaks.push(part.line_ends);
            } else {
                part.first_record_end.get_or_insert(i + 1);
                if targets.peek().is_some_and(|&target| i >= target) {
                    part.cuts.push(i + 1);
                    while targets.next_if(|&target| target <= i).is_some() {}
                }
            }
            part.line_ends += 1;
        }
        state = next;
    }
    part.targets_left = targets.peek().is_some();
    part.opened_at = (opened_at != usize::MAX).then_some(opened_at);
    part.ends_inside = state == QUOTED;
    part
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
