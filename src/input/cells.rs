//! The cells of a sheet, kept in one arena: every cell's text in one `String`, one start
//! offset per row, one small end offset per cell, and the rows' line numbers as runs.
//!
//! A `Vec<String>` per row costs an allocation and 24 bytes of header per cell, which for a
//! million-row export is most of the memory a run uses; here a cell costs its bytes and one
//! byte of offset when every row's text is under 256 bytes (two under 64 KiB, four beyond):
//! a cell's end is counted from its row's start, so the offsets take the width the longest
//! row needs, not the whole arena's. A row's line is kept only where it breaks the run of
//! one row per line (after a blank line, or a cell holding a line break). Everything after
//! reading borrows cells from this table (through [`RowCells`], a cheap shared handle on
//! one row) instead of copying them.

/// The data rows of a sheet: `width` cells per row, in one text arena.
#[derive(Debug, Clone, Default)]
pub struct CellTable {
    width: usize,
    text: String,
    /// Where each row's text starts in `text`.
    starts: Vec<u32>,
    /// The end of each cell counted from its row's start, row after row; a cell starts
    /// where the one before it in the row ends (the first at the row's start).
    ends: Ends,
    /// The line (or sheet row) each row starts on.
    lines: Lines,
    /// The column holding the programs' names (set once the headers are matched), so a
    /// row can give its name without a copy of it.
    name_column: usize,
}

/// The arena holds at most this many bytes of cell text (offsets are 32-bit).
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// Cells' ends within their rows, all of one width: the narrowest that holds the longest
/// row's length. A longer row widens them all (once per width, so at most twice).
#[derive(Debug, Clone)]
enum Ends {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl Default for Ends {
    fn default() -> Ends {
        Ends::U8(Vec::new())
    }
}

/// The rank of the width an offset of `len` needs (0: a byte, 1: two, 2: four).
fn rank_for(len: usize) -> u8 {
    if len <= usize::from(u8::MAX) {
        0
    } else if len <= usize::from(u16::MAX) {
        1
    } else {
        2
    }
}

impl Ends {
    fn with_capacity(capacity: usize) -> Ends {
        Ends::U8(Vec::with_capacity(capacity))
    }

    fn len(&self) -> usize {
        match self {
            Ends::U8(v) => v.len(),
            Ends::U16(v) => v.len(),
            Ends::U32(v) => v.len(),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Ends::U8(_) => 0,
            Ends::U16(_) => 1,
            Ends::U32(_) => 2,
        }
    }

    /// End `k`.
    #[inline]
    fn get(&self, k: usize) -> u32 {
        match self {
            Ends::U8(v) => u32::from(v[k]),
            Ends::U16(v) => u32::from(v[k]),
            Ends::U32(v) => v[k],
        }
    }

    /// Ends `first..first + count`.
    #[inline]
    fn slice(&self, first: usize, count: usize) -> EndsSlice<'_> {
        match self {
            Ends::U8(v) => EndsSlice::U8(&v[first..first + count]),
            Ends::U16(v) => EndsSlice::U16(&v[first..first + count]),
            Ends::U32(v) => EndsSlice::U32(&v[first..first + count]),
        }
    }

    /// Widens every end to at least the width of `rank` (see [`rank_for`]).
    #[inline]
    fn widen_to(&mut self, rank: u8) {
        if rank > self.rank() {
            self.widen(rank);
        }
    }

    /// [`Ends::widen_to`] a wider rank than the ends have.
    fn widen(&mut self, rank: u8) {
        let wide: Vec<u32> = match self {
            Ends::U8(v) => v.iter().map(|&e| u32::from(e)).collect(),
            Ends::U16(v) => v.iter().map(|&e| u32::from(e)).collect(),
            Ends::U32(_) => return,
        };
        *self = if rank == 1 {
            // Every end came from a u8 (the only width below u16).
            Ends::U16(wide.into_iter().map(|e| e as u16).collect())
        } else {
            Ends::U32(wide)
        };
    }

    /// Appends `end`, which the width must hold ([`Ends::widen_to`] first).
    #[inline]
    fn push(&mut self, end: usize) {
        match self {
            Ends::U8(v) => v.push(end as u8),
            Ends::U16(v) => v.push(end as u16),
            Ends::U32(v) => v.push(end as u32),
        }
    }

    /// Appends the ends of a row `len` bytes long made of cells of `lengths`; returns
    /// `false`, and leaves the ends as they were, unless there are `width` lengths adding
    /// up to `len`.
    fn push_row(
        &mut self,
        len: usize,
        width: usize,
        lengths: impl IntoIterator<Item = usize>,
    ) -> bool {
        fn push<T: Copy>(
            ends: &mut Vec<T>,
            len: usize,
            width: usize,
            lengths: impl IntoIterator<Item = usize>,
            cast: impl Fn(usize) -> T,
        ) -> bool {
            let before = ends.len();
            let mut end = 0;
            for length in lengths {
                end += length;
                if end > len {
                    break;
                }
                ends.push(cast(end));
            }
            if end != len || ends.len() - before != width {
                ends.truncate(before);
                return false;
            }
            true
        }
        self.widen_to(rank_for(len));
        // Widened to hold `len`, and no end passes it.
        match self {
            Ends::U8(v) => push(v, len, width, lengths, |end| end as u8),
            Ends::U16(v) => push(v, len, width, lengths, |end| end as u16),
            Ends::U32(v) => push(v, len, width, lengths, |end| end as u32),
        }
    }

    /// Appends the ends of a row `len` bytes long whose cells end at `ends` (counted from
    /// the row's start, ascending, the last one `len`, as the csv reader gives them).
    #[inline]
    fn push_ends(&mut self, len: usize, ends: &[usize]) {
        debug_assert!(ends.windows(2).all(|w| w[0] <= w[1]) && ends.last() == Some(&len));
        self.widen_to(rank_for(len));
        // Widened to hold `len`, and no end passes it.
        match self {
            Ends::U8(v) => v.extend(ends.iter().map(|&end| end as u8)),
            Ends::U16(v) => v.extend(ends.iter().map(|&end| end as u16)),
            Ends::U32(v) => v.extend(ends.iter().map(|&end| end as u32)),
        }
    }

    fn truncate(&mut self, len: usize) {
        match self {
            Ends::U8(v) => v.truncate(len),
            Ends::U16(v) => v.truncate(len),
            Ends::U32(v) => v.truncate(len),
        }
    }

    /// Appends `other`'s ends (widening these first when `other`'s are wider).
    fn extend(&mut self, other: &Ends) {
        self.widen_to(other.rank());
        match (self, other) {
            (Ends::U8(v), Ends::U8(o)) => v.extend_from_slice(o),
            (Ends::U16(v), Ends::U8(o)) => v.extend(o.iter().map(|&e| u16::from(e))),
            (Ends::U16(v), Ends::U16(o)) => v.extend_from_slice(o),
            (Ends::U32(v), Ends::U8(o)) => v.extend(o.iter().map(|&e| u32::from(e))),
            (Ends::U32(v), Ends::U16(o)) => v.extend(o.iter().map(|&e| u32::from(e))),
            (Ends::U32(v), Ends::U32(o)) => v.extend_from_slice(o),
            // Widened above to at least `other`'s width.
            _ => unreachable!("ends widened to the wider of the two"),
        }
    }

    fn reserve_exact(&mut self, more: usize) {
        match self {
            Ends::U8(v) => v.reserve_exact(more),
            Ends::U16(v) => v.reserve_exact(more),
            Ends::U32(v) => v.reserve_exact(more),
        }
    }

    fn shrink_to(&mut self, len: usize) {
        match self {
            Ends::U8(v) => v.shrink_to(len),
            Ends::U16(v) => v.shrink_to(len),
            Ends::U32(v) => v.shrink_to(len),
        }
    }
}

/// A run of rows' ends borrowed from [`Ends`].
#[derive(Debug, Clone, Copy)]
enum EndsSlice<'a> {
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
}

impl EndsSlice<'_> {
    fn len(&self) -> usize {
        match self {
            EndsSlice::U8(s) => s.len(),
            EndsSlice::U16(s) => s.len(),
            EndsSlice::U32(s) => s.len(),
        }
    }

    /// Takes the first end off.
    #[inline]
    fn pop_front(&mut self) -> Option<u32> {
        match self {
            EndsSlice::U8(s) => {
                let (&first, rest) = s.split_first()?;
                *s = rest;
                Some(u32::from(first))
            }
            EndsSlice::U16(s) => {
                let (&first, rest) = s.split_first()?;
                *s = rest;
                Some(u32::from(first))
            }
            EndsSlice::U32(s) => {
                let (&first, rest) = s.split_first()?;
                *s = rest;
                Some(first)
            }
        }
    }

    /// End `i` (`i` below [`EndsSlice::len`]).
    #[inline]
    fn at(&self, i: usize) -> u32 {
        match self {
            EndsSlice::U8(s) => u32::from(s[i]),
            EndsSlice::U16(s) => u32::from(s[i]),
            EndsSlice::U32(s) => s[i],
        }
    }

    /// The last end (the row's length), 0 for a row without cells.
    fn last(&self) -> u32 {
        match self {
            EndsSlice::U8(s) => s.last().map_or(0, |&e| u32::from(e)),
            EndsSlice::U16(s) => s.last().map_or(0, |&e| u32::from(e)),
            EndsSlice::U32(s) => s.last().copied().unwrap_or(0),
        }
    }
}

/// The rows' lines. Most rows start on the line after the one before, so the lines are
/// kept as runs (each the first row of the run and its line less its row number); a table
/// where runs would take more room than a line per row keeps a line per row.
#[derive(Debug, Clone)]
enum Lines {
    /// `(first row, line − row)` per run, ascending (the difference wrapping, so any line
    /// is kept as given).
    Runs(Vec<(usize, u64)>),
    /// A line per row.
    Each(Vec<u64>),
}

impl Default for Lines {
    fn default() -> Lines {
        Lines::Runs(Vec::new())
    }
}

impl Lines {
    /// Sets the line of row `row` (the row after the last one set).
    #[inline]
    fn push(&mut self, row: usize, line: u64) {
        self.push_run(row, row + 1, line.wrapping_sub(row as u64));
    }

    /// Sets the lines of rows `first..end` (the rows after the last one set) to each row's
    /// number plus `shift` (wrapping).
    #[inline]
    fn push_run(&mut self, first: usize, end: usize, shift: u64) {
        match self {
            Lines::Runs(runs) => {
                if runs.last().is_some_and(|&(_, last)| last == shift) {
                    return;
                }
                runs.push((first, shift));
                // A run takes two words, a line one: past half as many runs as rows, a line
                // per row is smaller.
                if runs.len() > 64 && runs.len() * 2 > end {
                    let each = (0..end).map(|row| Lines::line_in(runs, row)).collect();
                    *self = Lines::Each(each);
                }
            }
            Lines::Each(lines) => {
                lines.extend((first..end).map(|row| (row as u64).wrapping_add(shift)));
            }
        }
    }

    fn line_in(runs: &[(usize, u64)], row: usize) -> u64 {
        let run = runs.partition_point(|&(first, _)| first <= row);
        let (_, shift) = runs[run.saturating_sub(1)];
        (row as u64).wrapping_add(shift)
    }

    /// The line of row `row`, which the table holds.
    #[inline]
    fn get(&self, row: usize) -> u64 {
        match self {
            Lines::Runs(runs) => Lines::line_in(runs, row),
            Lines::Each(lines) => lines[row],
        }
    }

    /// Appends the lines of `other`'s `count` rows, its first row being row `base` here.
    fn extend(&mut self, base: usize, other: &Lines, count: usize) {
        match other {
            Lines::Runs(runs) => {
                for (k, &(first, shift)) in runs.iter().enumerate() {
                    let end = runs.get(k + 1).map_or(count, |&(next, _)| next);
                    // Row `first` there is row `base + first` here, on the same line.
                    self.push_run(base + first, base + end, shift.wrapping_sub(base as u64));
                }
            }
            Lines::Each(lines) => {
                for (row, &line) in lines.iter().enumerate() {
                    self.push(base + row, line);
                }
            }
        }
    }

    fn shrink_to(&mut self, len: usize) {
        match self {
            Lines::Runs(runs) => runs.shrink_to(len),
            Lines::Each(lines) => lines.shrink_to(len),
        }
    }

    fn clear(&mut self) {
        match self {
            Lines::Runs(runs) => runs.clear(),
            Lines::Each(lines) => lines.clear(),
        }
    }
}

impl CellTable {
    /// An empty table of rows `width` cells wide.
    pub fn new(width: usize) -> CellTable {
        CellTable {
            width,
            ..CellTable::default()
        }
    }

    /// An empty table with room for about `rows` rows of `bytes` bytes of text in all.
    pub fn with_capacity(width: usize, rows: usize, bytes: usize) -> CellTable {
        CellTable {
            width,
            text: String::with_capacity(bytes.min(MAX_TEXT_BYTES)),
            starts: Vec::with_capacity(rows),
            ends: Ends::with_capacity(rows.saturating_mul(width)),
            lines: Lines::default(),
            name_column: 0,
        }
    }

    /// Appends a row. `cells` must yield exactly `width` cells. Returns `false`, and leaves
    /// the table as it was, when the text would pass [`MAX_TEXT_BYTES`].
    pub fn push_row<'a>(&mut self, line: u64, cells: impl IntoIterator<Item = &'a str>) -> bool {
        let (start, ends_len) = (self.text.len(), self.ends.len());
        for cell in cells {
            let Some(end) = self
                .text
                .len()
                .checked_add(cell.len())
                .filter(|&end| end <= MAX_TEXT_BYTES)
            else {
                self.text.truncate(start);
                self.ends.truncate(ends_len);
                return false;
            };
            self.text.push_str(cell);
            self.ends.widen_to(rank_for(end - start));
            self.ends.push(end - start);
        }
        debug_assert_eq!(
            self.ends.len() - ends_len,
            self.width,
            "one cell per column"
        );
        self.end_row(start, line);
        true
    }

    /// Records a row whose text starts at `start` and whose ends are pushed.
    fn end_row(&mut self, start: usize, line: u64) {
        let row = self.starts.len();
        // The text is within MAX_TEXT_BYTES, so its offsets fit in 32 bits.
        self.starts.push(start as u32);
        self.lines.push(row, line);
    }

    /// Appends a row given as the concatenated text of its cells and each cell's length
    /// (one copy for the row, as a CSV record holds it). Returns `false`, and leaves the
    /// table as it was, when the text would pass [`MAX_TEXT_BYTES`] or the lengths do not
    /// add up to the text.
    pub fn push_joined(
        &mut self,
        line: u64,
        text: &str,
        lengths: impl IntoIterator<Item = usize>,
    ) -> bool {
        let start = self.text.len();
        if start + text.len() > MAX_TEXT_BYTES
            || !self.ends.push_row(text.len(), self.width, lengths)
        {
            return false;
        }
        self.text.push_str(text);
        self.end_row(start, line);
        true
    }

    /// The table of the rows `pieces` index, each piece's text found in `text` from the
    /// offset given with it (the pieces in order, their texts end to end). The pieces'
    /// offsets are moved into the first one's, each piece freed once moved.
    pub(crate) fn from_pieces(
        width: usize,
        text: String,
        pieces: impl IntoIterator<Item = (RowIndex, usize)>,
    ) -> CellTable {
        let mut table = CellTable {
            width,
            text,
            ..CellTable::default()
        };
        let pieces: Vec<(RowIndex, usize)> = pieces.into_iter().collect();
        // Room for every row at once: one move of the first piece's offsets at most.
        let all_rows: usize = pieces.iter().map(|(piece, _)| piece.starts.len()).sum();
        let widest = pieces.iter().map(|(piece, _)| piece.ends.rank()).max();
        for (piece, base) in pieces {
            let rows = table.len();
            if rows == 0 && base == 0 {
                (table.starts, table.ends, table.lines) = (piece.starts, piece.ends, piece.lines);
                table.starts.reserve_exact(all_rows - table.starts.len());
                table.ends.widen_to(widest.unwrap_or(0));
                table
                    .ends
                    .reserve_exact((all_rows * width).saturating_sub(table.ends.len()));
                continue;
            }
            table.starts.reserve_exact(piece.starts.len());
            // The text holds every piece, so every shifted start fits in 32 bits.
            table
                .starts
                .extend(piece.starts.iter().map(|&start| start + base as u32));
            table.ends.widen_to(piece.ends.rank());
            table.ends.reserve_exact(piece.ends.len());
            table.ends.extend(&piece.ends);
            table.lines.extend(rows, &piece.lines, piece.starts.len());
            CellTable {
                starts: piece.starts,
                ends: piece.ends,
                lines: piece.lines,
                ..CellTable::default()
            }
            .release();
        }
        debug_assert!(
            table
                .starts
                .last()
                .is_none_or(|&start| (start as usize) <= table.text.len())
        );
        table
    }

    /// Appends every row of `other` (as wide as this table) after this table's rows, in
    /// order. Returns `false`, and leaves the table as it was, when the text would pass
    /// [`MAX_TEXT_BYTES`] (checked before anything is allocated) or the widths differ.
    pub fn append(&mut self, other: CellTable) -> bool {
        let base = self.text.len();
        if other.width != self.width || base + other.text.len() > MAX_TEXT_BYTES {
            return false;
        }
        let rows = self.len();
        self.text.reserve_exact(other.text.len());
        self.starts.reserve_exact(other.starts.len());
        self.ends.widen_to(other.ends.rank());
        self.ends.reserve_exact(other.ends.len());
        self.text.push_str(&other.text);
        // Both texts fit in the arena together, so every shifted start still fits in 32 bits.
        self.starts
            .extend(other.starts.iter().map(|&start| start + base as u32));
        self.ends.extend(&other.ends);
        self.lines.extend(rows, &other.lines, other.len());
        other.release();
        true
    }

    /// Gives the table's memory back, the large blocks shrunk to a few bytes first: glibc's
    /// allocator, freeing a large block, raises the size from which it maps blocks of their
    /// own, so later large buffers would come from a heap that keeps their pages (25 MB more
    /// peak memory on a million rows read in pieces); a block shrunk first is freed small.
    fn release(mut self) {
        self.text.clear();
        self.text.shrink_to(1);
        self.starts.clear();
        self.starts.shrink_to(1);
        self.ends.truncate(0);
        self.ends.shrink_to(1);
        self.lines.clear();
        self.lines.shrink_to(1);
    }

    /// The bytes of cell text the table holds.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// How many rows the table holds.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True when the table holds no row.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Cells per row.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Marks `column` as the one holding the programs' names (see [`RowCells::name`]).
    pub fn set_name_column(&mut self, column: usize) {
        assert!(column < self.width, "column {column} of {}", self.width);
        self.name_column = column;
    }

    /// The line (or sheet row) row `row` starts on.
    pub fn line(&self, row: usize) -> u64 {
        assert!(row < self.len(), "row {row} of {}", self.len());
        self.lines.get(row)
    }

    /// The text of cell `column` of row `row`.
    #[inline]
    pub fn cell(&self, row: usize, column: usize) -> &str {
        assert!(column < self.width, "column {column} of {}", self.width);
        let k = row * self.width + column;
        let row_start = self.starts[row] as usize;
        let start = if column == 0 {
            0
        } else {
            self.ends.get(k - 1) as usize
        };
        &self.text[row_start + start..row_start + self.ends.get(k) as usize]
    }

    /// The cells of row `row`, in column order.
    pub fn row(&self, row: usize) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.width).map(move |c| self.cell(row, c))
    }

    /// Reads where row `row` starts and its first cell's end, and returns them mixed: for a
    /// caller about to visit many scattered rows, a loop of these lets their cache misses
    /// overlap (none of the reads waits for another) before the rows are read in earnest.
    #[inline]
    pub fn warm(&self, row: usize) -> u32 {
        let first_end = if self.width == 0 {
            0
        } else {
            self.ends.get(row * self.width)
        };
        self.starts[row] ^ first_end
    }

    /// The first byte of row `row`'s text (0 past the end): as [`CellTable::warm`], for the
    /// text once the row's start is in the cache.
    #[inline]
    pub fn warm_text(&self, row: usize) -> u8 {
        let start = self.starts[row] as usize;
        self.text.as_bytes().get(start).copied().unwrap_or(0)
    }

    /// Row `row`'s cells in one go: its text and its cells' ends, found with one look-up
    /// (for a writer that visits every cell of many rows; [`CellTable::cell`] looks each
    /// cell up on its own).
    #[inline]
    pub fn row_text(&self, row: usize) -> RowText<'_> {
        let ends = self.ends.slice(row * self.width, self.width);
        let start = self.starts[row] as usize;
        RowText {
            text: &self.text[start..start + ends.last() as usize],
            ends,
        }
    }

    /// Every cell of every row, row after row, borrowed from the arena.
    pub fn cells(&self) -> impl Iterator<Item = &str> + Clone + '_ {
        (0..self.len()).flat_map(move |row| self.row(row))
    }

    /// Row `row`'s cells as owned strings (for tests and small outputs).
    pub fn row_vec(&self, row: usize) -> Vec<String> {
        self.row(row).map(str::to_owned).collect()
    }

    /// Keeps only the columns whose `keep` entry is true.
    pub fn retain_columns(&mut self, keep: &[bool]) {
        let width = keep.iter().filter(|k| **k).count();
        let mut kept = CellTable::with_capacity(width, self.len(), self.text.len());
        for row in 0..self.len() {
            let cells = self.row(row).zip(keep).filter(|(_, k)| **k).map(|(c, _)| c);
            // Dropping columns only shrinks the text, so it still fits.
            let fits = kept.push_row(self.line(row), cells);
            debug_assert!(fits);
        }
        *self = kept;
    }

    /// Frees capacity reserved but not used.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
        self.ends.shrink_to(0);
        self.lines.shrink_to(0);
    }
}

/// The offsets and lines of rows whose text a reader writes into an arena of its own (a
/// piece of delimited text parsed in place); [`CellTable::from_pieces`] joins them with
/// the text.
#[derive(Debug, Default)]
pub(crate) struct RowIndex {
    width: usize,
    starts: Vec<u32>,
    ends: Ends,
    lines: Lines,
}

impl RowIndex {
    /// An empty index of rows `width` cells wide, with room for about `rows` rows.
    pub(crate) fn with_capacity(width: usize, rows: usize) -> RowIndex {
        RowIndex {
            width,
            starts: Vec::with_capacity(rows),
            ends: Ends::with_capacity(rows.saturating_mul(width)),
            lines: Lines::default(),
        }
    }

    /// Appends a row on `line` whose text is `len` bytes from `start` of the piece's text,
    /// its cells ending at `ends` (counted from the row's start, ascending). Returns
    /// `false`, and leaves the index as it was, when the text would pass [`MAX_TEXT_BYTES`]
    /// or the ends are not one per column, the last at `len`.
    #[inline]
    pub(crate) fn push(&mut self, line: u64, start: usize, len: usize, ends: &[usize]) -> bool {
        if start.saturating_add(len) > MAX_TEXT_BYTES
            || ends.len() != self.width
            || ends.last().copied().unwrap_or(0) != len
        {
            return false;
        }
        self.ends.push_ends(len, ends);
        let row = self.starts.len();
        self.starts.push(start as u32);
        self.lines.push(row, line);
        true
    }

    /// The line row `row` starts on.
    pub(crate) fn line(&self, row: usize) -> u64 {
        self.lines.get(row)
    }

    /// How many rows the index holds.
    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }
}

/// Tables are equal when they hold the same rows (cells and lines) in the same columns,
/// however their offsets and lines are stored.
impl PartialEq for CellTable {
    fn eq(&self, other: &CellTable) -> bool {
        self.width == other.width
            && self.name_column == other.name_column
            && self.len() == other.len()
            && (0..self.len())
                .all(|row| self.line(row) == other.line(row) && self.row(row).eq(other.row(row)))
    }
}

impl Eq for CellTable {}

/// One row's cells taken from a [`CellTable`] in one go ([`CellTable::row_text`]): the
/// row's text and where each cell ends in it. Iterating it yields the cells in column
/// order, as [`CellTable::row`] does.
#[derive(Debug, Clone, Copy)]
pub struct RowText<'a> {
    text: &'a str,
    ends: EndsSlice<'a>,
}

impl<'a> RowText<'a> {
    /// Every cell's text, one after another, with nothing between them.
    #[inline]
    pub fn joined(&self) -> &'a str {
        self.text
    }

    /// Where cell `column` lies in [`RowText::joined`].
    #[inline]
    pub fn span(&self, column: usize) -> std::ops::Range<usize> {
        let start = match column.checked_sub(1) {
            Some(before) => self.ends.at(before) as usize,
            None => 0,
        };
        start..self.ends.at(column) as usize
    }
}

impl<'a> IntoIterator for RowText<'a> {
    type Item = &'a str;
    type IntoIter = RowTextCells<'a>;

    fn into_iter(self) -> RowTextCells<'a> {
        RowTextCells {
            text: self.text,
            ends: self.ends,
            start: 0,
        }
    }
}

/// The cells of a [`RowText`], in column order.
#[derive(Debug, Clone)]
pub struct RowTextCells<'a> {
    /// The text of the cells not yet yielded.
    text: &'a str,
    ends: EndsSlice<'a>,
    /// Where `text` starts in the row.
    start: u32,
}

impl<'a> Iterator for RowTextCells<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let end = self.ends.pop_front()?;
        let (cell, rest) = self.text.split_at((end - self.start) as usize);
        self.text = rest;
        self.start = end;
        Some(cell)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.ends.len(), Some(self.ends.len()))
    }
}

impl ExactSizeIterator for RowTextCells<'_> {}

/// One row of a [`CellTable`]: what a program's result reads of its input row, without
/// copying a cell (two words; copying it copies no cell).
#[derive(Debug, Clone, Copy)]
pub struct RowCells<'a> {
    table: &'a CellTable,
    row: usize,
}

impl<'a> RowCells<'a> {
    /// Row `row` of `table`.
    pub fn new(table: &'a CellTable, row: usize) -> RowCells<'a> {
        assert!(row < table.len(), "row {row} of {}", table.len());
        RowCells { table, row }
    }

    /// The cells in column order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a str> + Clone + 'a {
        self.table.row(self.row)
    }

    /// The cells in one go (see [`CellTable::row_text`]).
    #[inline]
    pub fn text(&self) -> RowText<'a> {
        self.table.row_text(self.row)
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.table.width()
    }

    /// True when the row has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The line (or sheet row) the row starts on in the input.
    pub fn line(&self) -> u64 {
        self.table.line(self.row)
    }

    /// The program's name: the name column's cell, trimmed.
    pub fn name(&self) -> &'a str {
        self.table.cell(self.row, self.table.name_column).trim()
    }

    /// The cell in `column`.
    pub fn get(&self, column: usize) -> Option<&'a str> {
        (column < self.len()).then(|| self.table.cell(self.row, column))
    }

    /// The cells as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.table.row_vec(self.row)
    }
}

impl std::ops::Index<usize> for RowCells<'_> {
    type Output = str;

    fn index(&self, column: usize) -> &str {
        self.table.cell(self.row, column)
    }
}

impl<'a> IntoIterator for RowCells<'a> {
    type Item = &'a str;
    type IntoIter = Box<dyn Iterator<Item = &'a str> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl PartialEq for RowCells<'_> {
    fn eq(&self, other: &RowCells<'_>) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for RowCells<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_cells_and_lines() {
        let mut table = CellTable::new(3);
        assert!(table.push_row(2, ["a", "", "ccc"]));
        assert!(table.push_joined(5, "x", [0, 1, 0]));
        assert!(
            !table.push_joined(6, "xy", [0, 1, 0]),
            "lengths that do not add up"
        );
        assert_eq!(table.len(), 2);
        assert_eq!(table.row_vec(0), vec!["a", "", "ccc"]);
        assert_eq!(table.row_vec(1), vec!["", "x", ""]);
        assert_eq!((table.line(0), table.line(1)), (2, 5));
        table.retain_columns(&[false, true, true]);
        assert_eq!(table.width(), 2);
        assert_eq!(table.row_vec(0), vec!["", "ccc"]);
        assert_eq!(table.row_vec(1), vec!["x", ""]);
        let mut more = CellTable::new(2);
        assert!(more.push_row(9, ["é", "z"]));
        let mut both = table.clone();
        assert!(both.append(more.clone()));
        assert_eq!(both.len(), 3);
        assert_eq!(both.row_vec(1), vec!["x", ""]);
        assert_eq!(both.row_vec(2), vec!["é", "z"]);
        assert_eq!(both.line(2), 9);
        assert_eq!(both.text_len(), table.text_len() + 3);
        assert!(!both.append(CellTable::new(3)), "another width");
        assert_eq!(both.len(), 3);
        let mut empty = CellTable::new(2);
        assert!(empty.append(more.clone()));
        assert_eq!(empty, more);
        table.set_name_column(1);
        let shared = table;
        let row = RowCells::new(&shared, 0);
        assert_eq!(&row[1], "ccc");
        assert_eq!(row.name(), "ccc");
        assert_eq!(row.line(), 2);
        assert_eq!(row.get(2), None);
        assert_eq!(row, RowCells::new(&shared, 0));
    }

    #[test]
    fn a_row_taken_in_one_go_has_the_cells_taken_one_by_one() {
        let mut table = CellTable::new(3);
        for (line, cells) in [
            ["", "", ""],
            ["a", "", "ccc"],
            ["é", "x,y", ""],
            ["", "", "z"],
        ]
        .into_iter()
        .enumerate()
        {
            assert!(table.push_row(line as u64, cells));
        }
        for row in 0..table.len() {
            let cells = table.row_text(row).into_iter();
            assert_eq!(cells.len(), 3);
            assert!(cells.eq(table.row(row)), "row {row}");
            let text = table.row_text(row);
            for column in 0..3 {
                assert_eq!(
                    &text.joined()[text.span(column)],
                    table.cell(row, column),
                    "row {row}, column {column}"
                );
            }
        }
        let mut empty = CellTable::new(0);
        assert!(empty.push_row(1, []));
        assert_eq!(empty.row_text(0).into_iter().count(), 0);
    }

    /// A table built row by row, and the same rows kept as plain vectors.
    fn both(rows: &[(u64, Vec<String>)], width: usize) -> CellTable {
        let mut table = CellTable::new(width);
        for (line, cells) in rows {
            assert!(table.push_row(*line, cells.iter().map(String::as_str)));
        }
        table
    }

    /// Checks every row of `table` against `rows`, looked up each way the table offers.
    fn assert_holds(table: &CellTable, rows: &[(u64, Vec<String>)]) {
        assert_eq!(table.len(), rows.len());
        for (row, (line, cells)) in rows.iter().enumerate() {
            assert_eq!(table.line(row), *line, "line of row {row}");
            assert_eq!(&table.row_vec(row), cells, "row {row}");
            assert!(
                table
                    .row_text(row)
                    .into_iter()
                    .eq(cells.iter().map(String::as_str))
            );
            for (column, cell) in cells.iter().enumerate() {
                assert_eq!(table.cell(row, column), cell);
            }
        }
    }

    #[test]
    fn long_rows_widen_the_offsets_and_keep_every_cell() {
        // Rows of 2, 300 (past a byte) and 70,000 bytes (past two), in every order.
        let short = vec!["a".to_string(), "b".to_string()];
        let middle = vec!["x".repeat(200), "é".repeat(50)];
        let long = vec![String::new(), "y".repeat(70_000)];
        for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2], [0, 2, 1]] {
            let rows: Vec<(u64, Vec<String>)> = order
                .iter()
                .chain(&[0, 0])
                .enumerate()
                .map(|(i, &k)| (i as u64 + 2, [&short, &middle, &long][k].clone()))
                .collect();
            let table = both(&rows, 2);
            assert_holds(&table, &rows);
            // Pieces of every split, joined, hold the same rows as one table.
            for cut in 0..=rows.len() {
                let mut first = both(&rows[..cut], 2);
                assert!(first.append(both(&rows[cut..], 2)));
                assert_holds(&first, &rows);
                assert_eq!(first, table);
            }
            let mut joined = CellTable::new(2);
            for (line, cells) in &rows {
                let text = cells.concat();
                assert!(joined.push_joined(*line, &text, cells.iter().map(String::len)));
            }
            assert_eq!(joined, table);
        }
    }

    #[test]
    fn lines_kept_as_runs_or_one_per_row_read_back_as_given() {
        // Lines in runs, with jumps (blank lines, cells over two lines), then a stretch
        // where every row jumps (so runs would outgrow a line per row), then runs again.
        let mut lines = Vec::new();
        let mut line = 2u64;
        for row in 0..600u64 {
            lines.push(line);
            line += match row {
                0..100 => 1 + u64::from(row % 37 == 0),
                100..400 => 2 + row % 3,
                _ => 1,
            };
        }
        lines.extend([u64::MAX, 0, 5]);
        let rows: Vec<(u64, Vec<String>)> = lines
            .iter()
            .enumerate()
            .map(|(i, &line)| (line, vec![format!("r{i}")]))
            .collect();
        let table = both(&rows, 1);
        assert_holds(&table, &rows);
        assert!(matches!(table.lines, Lines::Each(_)));
        // Jumps after rows 0, 37 and 74: four runs.
        let regular = both(&rows[..100], 1);
        assert!(matches!(&regular.lines, Lines::Runs(runs) if runs.len() == 4));
        for cut in [0, 1, 50, 100, 101, 250, 400, 599, 603] {
            let mut first = both(&rows[..cut], 1);
            assert!(first.append(both(&rows[cut..], 1)));
            assert_holds(&first, &rows);
        }
        let mut kept = table.clone();
        kept.retain_columns(&[true]);
        assert_eq!(kept, table);
    }
}
