//! Reading the spreadsheet export: bytes in, a header and rows of text cells out, each row
//! with the line it started on so every later error can point at it.
//!
//! The input is read whole before anything else happens, and only ever read: a failed run
//! never touches it. Rows whose every cell is empty (Excel writes `,,,,` for blank rows)
//! are skipped; a UTF-8 byte order mark is dropped by the csv crate.

use crate::error::{Error, Result};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Where the input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file path.
    File(PathBuf),
}

impl Source {
    /// Interprets a command-line INPUT argument: `-` is standard input.
    pub fn from_arg(arg: &Path) -> Source {
        if arg.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(arg.to_owned())
        }
    }

    /// The name used in messages: the path as the user typed it, or `<stdin>`.
    pub fn display_name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".into(),
            Source::File(path) => path.display().to_string(),
        }
    }

    /// The file path, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Stdin => None,
            Source::File(path) => Some(path),
        }
    }

    /// Reads every byte.
    pub fn read_all(&self) -> Result<Vec<u8>> {
        let unreadable = |source| Error::InputUnreadable {
            file: self.display_name(),
            source,
        };
        match self {
            Source::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .read_to_end(&mut bytes)
                    .map_err(unreadable)?;
                Ok(bytes)
            }
            Source::File(path) => std::fs::read(path).map_err(unreadable),
        }
    }
}

/// One data row: its cells and the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The physical line (1-based) where the row starts.
    pub line: u64,
    /// The cells, as many as the header has.
    pub cells: Vec<String>,
}

/// A parsed CSV file: header and rows of text, nothing interpreted yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The input's name for messages.
    pub name: String,
    /// The header cells as written (a BOM removed).
    pub headers: Vec<String>,
    /// The data rows, blank rows skipped.
    pub rows: Vec<Row>,
}

impl Sheet {
    /// Parses CSV bytes. Ragged rows and invalid UTF-8 are errors that name the line.
    pub fn from_csv(name: &str, bytes: &[u8]) -> Result<Sheet> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(false)
            .from_reader(bytes);
        let mut records = reader.byte_records();
        let mut lines = LineCounter::new(bytes);
        let headers = loop {
            match records.next() {
                None => {
                    return Err(crate::error::DataError::Empty { file: name.into() }.into());
                }
                Some(record) => {
                    let record = record.map_err(|e| csv_error(name, e, &mut lines))?;
                    if !is_blank(&record) {
                        break text_cells(name, &record, None, &mut lines)?;
                    }
                }
            }
        };
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| csv_error(name, e, &mut lines))?;
            if is_blank(&record) {
                continue;
            }
            let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
            rows.push(Row {
                line,
                cells: text_cells(name, &record, Some(&headers), &mut lines)?,
            });
        }
        let mut sheet = Sheet {
            name: name.into(),
            headers,
            rows,
        };
        sheet.drop_blank_columns();
        Ok(sheet)
    }

    /// Drops columns whose header and every cell are blank (spreadsheets export them for
    /// formatted but empty columns at the right edge).
    fn drop_blank_columns(&mut self) {
        let keep: Vec<bool> = (0..self.headers.len())
            .map(|c| {
                !self.headers[c].trim().is_empty()
                    || self.rows.iter().any(|r| !r.cells[c].trim().is_empty())
            })
            .collect();
        if keep.iter().all(|k| *k) {
            return;
        }
        let retain = |cells: &mut Vec<String>| {
            let mut i = 0;
            cells.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        };
        retain(&mut self.headers);
        for row in &mut self.rows {
            retain(&mut row.cells);
        }
    }
}

/// Turns byte offsets into 1-based line numbers. The csv crate's own line count skips the
/// blank lines it skips, so a row after a blank line would be reported a line too early.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of `byte`; offsets must be asked for in increasing order.
    fn line_at(&mut self, byte: u64) -> u64 {
        let target = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while self.offset < target {
            match self.bytes[self.offset] {
                b'\n' => self.line += 1,
                b'\r' if self.bytes.get(self.offset + 1) != Some(&b'\n') => self.line += 1,
                _ => {}
            }
            self.offset += 1;
        }
        // The csv crate places a record after any blank lines it skipped to reach it.
        while let Some(&b) = self.bytes.get(self.offset) {
            match b {
                b'\n' => self.line += 1,
                b'\r' if self.bytes.get(self.offset + 1) != Some(&b'\n') => self.line += 1,
                b'\r' => {}
                _ => break,
            }
            self.offset += 1;
        }
        self.line
    }
}

fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|cell| cell.trim_ascii().is_empty())
}

/// Decodes a record's cells as UTF-8; a cell that is not names its line and column.
fn text_cells(
    name: &str,
    record: &csv::ByteRecord,
    headers: Option<&[String]>,
    lines: &mut LineCounter,
) -> Result<Vec<String>> {
    record
        .iter()
        .enumerate()
        .map(|(i, cell)| match std::str::from_utf8(cell) {
            Ok(text) => Ok(text.to_owned()),
            Err(_) => {
                let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
                let column = headers
                    .and_then(|h| h.get(i))
                    .map_or_else(|| format!("#{}", i + 1), |h| crate::text::escape_controls(h));
                Err(crate::error::DataError::InvalidValue {
                    file: name.into(),
                    line,
                    column,
                    value: crate::text::escape_controls(&String::from_utf8_lossy(cell)),
                    expected: "valid UTF-8 text".into(),
                    hint: "save the file as \"CSV UTF-8\" (in Excel: File > Save As > CSV UTF-8) and try again".into(),
                }
                .into())
            }
        })
        .collect()
}

fn csv_error(name: &str, err: csv::Error, lines: &mut LineCounter) -> Error {
    let mut line_of =
        |pos: &Option<csv::Position>| pos.as_ref().map_or(0, |p| lines.line_at(p.byte()));
    let (line, detail) = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => (
            line_of(pos),
            format!(
                "this row has {len} cells but the header has {expected_len}; \
                 every row needs one cell per column (check for a stray comma or an unquoted comma inside a cell)"
            ),
        ),
        other => (0, format!("the file cannot be read as CSV: {other:?}")),
    };
    Error::Csv {
        file: name.into(),
        line,
        detail,
        source: err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_header_and_rows_with_lines() {
        let sheet = Sheet::from_csv("t.csv", b"program,a\nX,1\n\nY,2\n").unwrap();
        assert_eq!(sheet.headers, vec!["program", "a"]);
        assert_eq!(sheet.rows.len(), 2);
        assert_eq!(sheet.rows[0].line, 2);
        assert_eq!(sheet.rows[1].line, 4);
        assert_eq!(sheet.rows[1].cells, vec!["Y", "2"]);
    }

    #[test]
    fn bom_and_blank_excel_rows_are_dropped() {
        let sheet = Sheet::from_csv("t.csv", b"\xEF\xBB\xBFprogram,a\nX,1\n,\n").unwrap();
        assert_eq!(sheet.headers[0], "program");
        assert_eq!(sheet.rows.len(), 1);
    }

    #[test]
    fn quoted_newlines_keep_the_starting_line() {
        let sheet = Sheet::from_csv("t.csv", b"program,a\n\"Two\nlines\",1\nZ,2\n").unwrap();
        assert_eq!(sheet.rows[0].cells[0], "Two\nlines");
        assert_eq!(sheet.rows[1].line, 4);
    }

    #[test]
    fn blank_edge_columns_are_dropped() {
        let sheet = Sheet::from_csv("t.csv", b"program,a,,\nX,1,,\nY,2,,\n").unwrap();
        assert_eq!(sheet.headers, vec!["program", "a"]);
        assert_eq!(sheet.rows[1].cells, vec!["Y", "2"]);
        let kept = Sheet::from_csv("t.csv", b"program,,b\nX,note,1\n").unwrap();
        assert_eq!(kept.headers.len(), 3);
    }

    #[test]
    fn empty_input_is_an_error() {
        for bytes in [&b""[..], b"\n\n", b",,\n"] {
            let err = Sheet::from_csv("t.csv", bytes).unwrap_err();
            assert!(err.to_string().contains("t.csv is empty"), "{err}");
        }
    }

    #[test]
    fn lines_count_blank_lines_and_lone_carriage_returns() {
        let sheet = Sheet::from_csv("t.csv", b"program,a\r\n\r\n\r\nX,1\r\n").unwrap();
        assert_eq!(sheet.rows[0].line, 4);
        let sheet = Sheet::from_csv("t.csv", b"program,a\rX,1\rY,2\r").unwrap();
        assert_eq!(sheet.rows[1].line, 3);
        let err = Sheet::from_csv("t.csv", b"program,a\n\nX,1\n\nY\n").unwrap_err();
        assert!(err.to_string().starts_with("t.csv line 5:"), "{err}");
    }

    #[test]
    fn ragged_rows_name_the_line() {
        let err = Sheet::from_csv("t.csv", b"program,a\nX,1\nY,2,3\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("t.csv line 3:"), "{msg}");
        assert!(msg.contains("3 cells but the header has 2"), "{msg}");
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn invalid_utf8_suggests_csv_utf8() {
        let err = Sheet::from_csv("t.csv", b"program,a\nX,1\nCaf\xE9,2\n").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with(
                "t.csv line 3, column program: \"Caf\u{fffd}\" is not valid UTF-8 text"
            ),
            "{msg}"
        );
        assert!(msg.contains("CSV UTF-8"), "{msg}");
    }
}
