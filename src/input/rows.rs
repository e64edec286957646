//! Spreadsheet row numbers for delimited text.
//!
//! A person looks for a bad cell by the row number the spreadsheet shows, with the header
//! in row 1 (or below title rows). A file line is not that as soon as a cell holds a line
//! break (a note over two lines in Google Sheets or Excel): every later row's line is one
//! more than its row. Excel also hides a `sep=;` first line. This module counts both from
//! the text once, so every message can name the row and, when it differs, the line.

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
    /// `delimiter`) for line breaks inside quoted cells. `hidden` lines come before it.
    pub fn scan(text: &[u8], first_line: u64, delimiter: u8, hidden: u64) -> RowNumbering {
        let mut breaks = Vec::new();
        let mut line = first_line;
        let mut quoted = false;
        let mut at_start = true;
        let mut i = 0;
        while i < text.len() {
            let b = text[i];
            let line_end = b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n'));
            if quoted {
                if b == b'"' {
                    if text.get(i + 1) == Some(&b'"') {
                        i += 1;
                    } else {
                        quoted = false;
                    }
                } else if line_end {
                    breaks.push(line);
                }
            } else if b == b'"' && at_start {
                quoted = true;
            }
            if line_end {
                line += 1;
            }
            at_start = !quoted && (b == delimiter || b == b'\n' || b == b'\r');
            i += 1;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
