//! The cells of a sheet, kept in one arena: every cell's text in one `String`, one end
//! offset per cell and one line number per row.
//!
//! A `Vec<String>` per row costs an allocation and 24 bytes of header per cell, which for a
//! million-row export is most of the memory a run uses; here a cell costs its bytes and four
//! bytes of offset. Everything after reading borrows cells from this table (through
//! [`RowCells`], a cheap shared handle on one row) instead of copying them.

/// The data rows of a sheet: `width` cells per row, in one text arena.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellTable {
    width: usize,
    text: String,
    /// The end of each cell in `text`, row after row; a cell starts where the one before ends.
    ends: Vec<u32>,
    /// The line (or sheet row) each row starts on.
    lines: Vec<u64>,
    /// The column holding the programs' names (set once the headers are matched), so a
    /// row can give its name without a copy of it.
    name_column: usize,
}

/// The arena holds at most this many bytes of cell text (offsets are 32-bit).
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

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
            ends: Vec::with_capacity(rows.saturating_mul(width)),
            lines: Vec::with_capacity(rows),
            name_column: 0,
        }
    }

    /// Appends a row. `cells` must yield exactly `width` cells. Returns `false`, and leaves
    /// the table as it was, when the text would pass [`MAX_TEXT_BYTES`].
    pub fn push_row<'a>(&mut self, line: u64, cells: impl IntoIterator<Item = &'a str>) -> bool {
        let (text_len, ends_len) = (self.text.len(), self.ends.len());
        for cell in cells {
            let Some(end) = self
                .text
                .len()
                .checked_add(cell.len())
                .filter(|&end| end <= MAX_TEXT_BYTES)
            else {
                self.text.truncate(text_len);
                self.ends.truncate(ends_len);
                return false;
            };
            self.text.push_str(cell);
            self.ends.push(end as u32);
        }
        debug_assert_eq!(
            self.ends.len() - ends_len,
            self.width,
            "one cell per column"
        );
        self.lines.push(line);
        true
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
        let (text_len, ends_len) = (self.text.len(), self.ends.len());
        if text_len + text.len() > MAX_TEXT_BYTES {
            return false;
        }
        let mut end = text_len;
        for length in lengths {
            end += length;
            self.ends.push(end as u32);
        }
        if end != text_len + text.len() || self.ends.len() - ends_len != self.width {
            self.ends.truncate(ends_len);
            return false;
        }
        self.text.push_str(text);
        self.lines.push(line);
        true
    }

    /// Appends every row of `other` (as wide as this table) after this table's rows, in
    /// order. Returns `false`, and leaves the table as it was, when the text would pass
    /// [`MAX_TEXT_BYTES`] (checked before anything is allocated) or the widths differ.
    pub fn append(&mut self, other: CellTable) -> bool {
        let base = self.text.len();
        if other.width != self.width || base + other.text.len() > MAX_TEXT_BYTES {
            return false;
        }
        self.text.reserve_exact(other.text.len());
        self.ends.reserve_exact(other.ends.len());
        self.lines.reserve_exact(other.lines.len());
        self.text.push_str(&other.text);
        // Both texts fit in the arena together, so every shifted end still fits in 32 bits.
        self.ends
            .extend(other.ends.iter().map(|&end| end + base as u32));
        self.lines.extend_from_slice(&other.lines);
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
        self.ends.clear();
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
        self.lines.len()
    }

    /// True when the table holds no row.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
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
        self.lines[row]
    }

    /// The text of cell `column` of row `row`.
    #[inline]
    pub fn cell(&self, row: usize, column: usize) -> &str {
        assert!(column < self.width, "column {column} of {}", self.width);
        let k = row * self.width + column;
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.text[start..self.ends[k] as usize]
    }

    /// The cells of row `row`, in column order.
    pub fn row(&self, row: usize) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.width).map(move |c| self.cell(row, c))
    }

    /// Row `row`'s cells in one go: its text and its cells' ends, found with one look-up
    /// (for a writer that visits every cell of many rows; [`CellTable::cell`] looks each
    /// cell up on its own).
    #[inline]
    pub fn row_text(&self, row: usize) -> RowText<'_> {
        let first = row * self.width;
        let ends = &self.ends[first..first + self.width];
        let start = if first == 0 { 0 } else { self.ends[first - 1] };
        let end = ends.last().map_or(start, |&end| end);
        RowText {
            text: &self.text[start as usize..end as usize],
            ends,
            start,
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
            let fits = kept.push_row(self.lines[row], cells);
            debug_assert!(fits);
        }
        *self = kept;
    }

    /// Frees capacity reserved but not used.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.lines.shrink_to_fit();
    }
}

/// One row's cells taken from a [`CellTable`] in one go ([`CellTable::row_text`]): the
/// row's text and where each cell ends in the arena. Iterating it yields the cells in
/// column order, as [`CellTable::row`] does.
#[derive(Debug, Clone, Copy)]
pub struct RowText<'a> {
    text: &'a str,
    ends: &'a [u32],
    /// Where `text` starts in the arena (the offset `ends` count from).
    start: u32,
}

impl RowText<'_> {
    /// The first byte of the row's text (0 when every cell is empty): reading it brings the
    /// row's text into the cache.
    #[inline]
    pub fn first_byte(&self) -> u8 {
        self.text.as_bytes().first().copied().unwrap_or(0)
    }
}

impl<'a> IntoIterator for RowText<'a> {
    type Item = &'a str;
    type IntoIter = RowTextCells<'a>;

    fn into_iter(self) -> RowTextCells<'a> {
        RowTextCells {
            text: self.text,
            ends: self.ends.iter(),
            start: self.start,
        }
    }
}

/// The cells of a [`RowText`], in column order.
#[derive(Debug, Clone)]
pub struct RowTextCells<'a> {
    /// The text of the cells not yet yielded.
    text: &'a str,
    ends: std::slice::Iter<'a, u32>,
    /// Where `text` starts in the arena.
    start: u32,
}

impl<'a> Iterator for RowTextCells<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let end = *self.ends.next()?;
        let (cell, rest) = self.text.split_at((end - self.start) as usize);
        self.text = rest;
        self.start = end;
        Some(cell)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ends.size_hint()
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
        }
        let mut empty = CellTable::new(0);
        assert!(empty.push_row(1, []));
        assert_eq!(empty.row_text(0).into_iter().count(), 0);
    }
}
