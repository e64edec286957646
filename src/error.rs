//! Every way a run can fail, as one enum, with the exit code each maps to.
//!
//! Messages are written for the person who has to fix the spreadsheet or the weights file:
//! they name the file, the line and the column, quote the bad value, say what was expected
//! and how to fix it. The exit codes follow BSD `sysexits.h` so that scripts can tell a bad
//! file from a bad command line.

use std::path::PathBuf;

/// Exit codes, as documented in the README.
pub mod exit {
    /// Everything went well.
    pub const OK: u8 = 0;
    /// The command line was wrong (clap uses the same code for its own errors).
    pub const USAGE: u8 = 2;
    /// The input data is wrong (`EX_DATAERR`).
    pub const DATA: u8 = 65;
    /// The input file is missing or cannot be read (`EX_NOINPUT`).
    pub const NO_INPUT: u8 = 66;
    /// The output file cannot be written, or `init` would overwrite a file (`EX_CANTCREAT`).
    pub const CANT_CREATE: u8 = 73;
    /// The weights file is wrong (`EX_CONFIG`).
    pub const CONFIG: u8 = 78;
}

/// A failed run. `Display` gives the whole message; `exit_code` the documented code.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A mistake on the command line that clap could not catch by itself.
    #[error("{message}")]
    Usage {
        /// What was wrong and how to fix it.
        message: String,
    },

    /// The input file could not be opened or read.
    #[error("cannot read {file}: {source}; check the path and that you may read the file{}",
        .suggestion.as_ref().map(|s| format!(" (did you mean {s}?)")).unwrap_or_default())]
    InputUnreadable {
        /// The input as the user named it.
        file: String,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
        /// A file beside it the user may have meant, when the name was not found
        /// ([`crate::input::similar_file`]).
        suggestion: Option<String>,
    },

    /// A cell, a row or the shape of the input is wrong.
    #[error("{0}")]
    Data(Box<DataError>),

    /// The weights file is not valid TOML or does not fit the schema.
    #[error("{file}: {message}")]
    ConfigSyntax {
        /// The weights file, or "built-in weights".
        file: String,
        /// toml's own message, which names the line and column.
        message: String,
        /// The TOML parser's error.
        #[source]
        source: Box<toml::de::Error>,
    },

    /// The weights file parses but says something impossible.
    #[error("{file}: {message}")]
    Config {
        /// The weights file, or "built-in weights".
        file: String,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The output file could not be written.
    #[error("cannot write {}: {source}{}", path.display(), unwritable_advice(.source))]
    OutputUnwritable {
        /// The path given with `-o`.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },

    /// `init` would overwrite files that already exist; nothing was written.
    #[error(
        "refusing to overwrite existing {}; nothing was written. Move {} away, or run init in another folder",
        crate::text::join(paths.iter().map(|p| p.display().to_string()), " and "),
        if paths.len() == 1 { "it" } else { "them" }
    )]
    WouldOverwrite {
        /// Every file that is in the way.
        paths: Vec<PathBuf>,
    },

    /// The output format cannot hold the result (rows or columns of an .xlsx sheet, the
    /// length of one of its cells); found before anything is built or written.
    #[error("{message}")]
    OutputLimit {
        /// What does not fit, the limit, and what to do instead.
        message: String,
    },

    /// `-o` names a symbolic link to a file; progrank does not write through links.
    #[error(
        "refusing to write to {}: it is a symbolic link (to {}), and progrank never replaces or \
         writes through a link; name the file itself with -o, or leave -o out to write to \
         standard output",
        path.display(),
        target.display()
    )]
    OutputIsLink {
        /// The path given with `-o`.
        path: PathBuf,
        /// Where the link points.
        target: PathBuf,
    },

    /// `-o` names a file the run reads: the input, or a weights file.
    #[error("refusing to write over {what} {}{read_with}; choose another name for -o", path.display())]
    OutputIsInput {
        /// The path given with `-o`.
        path: PathBuf,
        /// Which file it is: "the input file", "the weights file".
        what: &'static str,
        /// How it was given, when not as the input: " (read with --weights)".
        read_with: &'static str,
    },
}

/// What to check when an output cannot be written; nothing more when the name is a
/// folder, whose message already says what to write instead.
fn unwritable_advice(source: &std::io::Error) -> &'static str {
    if source.kind() == std::io::ErrorKind::IsADirectory {
        ""
    } else {
        "; check that the folder exists and is writable"
    }
}

/// Something wrong with the data in the input file. Each message names the place.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file has no bytes (or only blank lines).
    #[error("{file} is empty; it needs a header row and one row per program")]
    Empty {
        /// The input as the user named it.
        file: String,
    },

    /// The input, or one cell, row count or column count of it, is over a size cap.
    #[error(
        "{location}: {what} is over the limit of {limit}; a shortlist is never this large, so the \
         file is probably not the one you meant. If it is, run again with --no-limits"
    )]
    TooLarge {
        /// The file, or the file and the place in it.
        location: String,
        /// What is too large: "the file", "this cell", "the header (20000 columns)".
        what: String,
        /// The cap, in words.
        limit: String,
    },

    /// The file's structure is broken: a NUL byte, an unterminated quote, a repeated header,
    /// an unreadable workbook.
    #[error("{location}: {message}")]
    Malformed {
        /// The file, or the file and the place in it.
        location: String,
        /// What is wrong and how to fix it.
        message: String,
    },

    /// The file is of a kind progrank cannot read (Apple Numbers, an encrypted workbook).
    #[error("{file}: {what} is not supported; {hint}")]
    Unsupported {
        /// The input as the user named it.
        file: String,
        /// What kind of file it is.
        what: String,
        /// How to get a file progrank reads.
        hint: String,
    },

    /// The file has a header but no program rows.
    #[error("{file} has a header but no program rows; add one row per program below the header")]
    NoRows {
        /// The input as the user named it.
        file: String,
    },

    /// A required column (the program name or a criterion) is not in the header.
    #[error(
        "{place}: missing column {missing}; the columns found are {found}. \
         Add the column, rename a column to match, or remove the criterion from the weights file{also}"
    )]
    MissingColumn {
        /// The header row.
        place: Place,
        /// The missing column with the names it may go by.
        missing: String,
        /// The header as found, comma-separated.
        found: String,
        /// Another way out, starting with its own punctuation (`--weight NAME=0` for a
        /// criterion), or empty.
        also: String,
    },

    /// Several header problems at once (missing columns, two headers for one column), so a
    /// user fixes every header in one go.
    #[error(
        "{place}: {} problems with the header:\n{}\nThe columns found are {found}.{also}",
        problems.len(),
        crate::text::join(problems.iter().map(|p| format!("  - {p}")), "\n")
    )]
    HeaderProblems {
        /// The header row.
        place: Place,
        /// One sentence per problem, each with its fix.
        problems: Vec<String>,
        /// The header as found, comma-separated.
        found: String,
        /// Another way out, starting with its own punctuation, or empty.
        also: String,
    },

    /// Two header cells mean the same column.
    #[error(
        "{place}: columns {first} and {second} both mean {meaning}; keep one of them or rename the other{also}"
    )]
    DuplicateColumn {
        /// The header row.
        place: Place,
        /// The first header cell, quoted.
        first: String,
        /// The second header cell, quoted.
        second: String,
        /// Another way out, starting with its own punctuation, or empty.
        also: String,
        /// What both resolve to.
        meaning: String,
    },

    /// Two rows name the same program.
    #[error(
        "{place}: program \"{name}\" already appears on {first}; \
         program names must be unique: merge the rows or tell them apart"
    )]
    DuplicateProgram {
        /// The later row's name cell.
        place: Place,
        /// The program name.
        name: String,
        /// Where the name first appears: `line 2` in a text file, `row 2` in a workbook.
        first: String,
    },

    /// A cell holds a value that does not fit its column.
    #[error("{place}: {} is not {expected}; {hint}", shown_value(value))]
    InvalidValue {
        /// The cell: file and line and column, or file, sheet and cell.
        place: Place,
        /// The cell text, with control characters escaped.
        value: String,
        /// What the column accepts.
        expected: String,
        /// How to fix it.
        hint: String,
    },

    /// Scoring one row could not be done exactly (overflow, constant column, nothing to score).
    #[error("{place}: {message}")]
    Unscorable {
        /// The row.
        place: Place,
        /// What went wrong and how to fix it.
        message: String,
    },

    /// The programs as a whole cannot be ranked or analysed as asked.
    #[error("{file}: {message}")]
    Unrankable {
        /// The input as the user named it.
        file: String,
        /// What went wrong and how to fix it.
        message: String,
    },

    /// A program named on the command line is not in the input.
    #[error("{file} has no program named \"{name}\"; the closest names are {suggestions}")]
    UnknownProgram {
        /// The input as the user named it.
        file: String,
        /// The name as typed.
        name: String,
        /// The closest names in the file, quoted and comma-separated.
        suggestions: String,
    },

    /// Scoring a whole column could not be done (for example a constant column under minmax).
    #[error("{file}, column {column}: {message}")]
    ColumnUnscorable {
        /// The input as the user named it.
        file: String,
        /// The column's header as written in the file.
        column: String,
        /// What went wrong and how to fix it.
        message: String,
    },
}

/// Where in the input something is, for messages: the file and a line of a text file, or
/// the file, a sheet and a row or cell of a workbook.
///
/// A workbook has no lines; calling its rows lines would send the user looking in the wrong
/// place, so the two kinds of place are rendered the way each program shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The input as the user named it.
    pub file: String,
    /// The spot within it.
    pub at: At,
}

/// The spot within an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// A row of a text file (1-based, as a spreadsheet opening it numbers it), the line it
    /// starts on, and optionally a column by its header.
    Line {
        /// The physical line.
        line: u64,
        /// The row as a spreadsheet shows it (header = row 1); differs from the line when a
        /// cell above holds a line break.
        row: u64,
        /// The column's header as written in the file.
        column: Option<String>,
    },
    /// A row of a workbook sheet (1-based, as the spreadsheet numbers it), and optionally a
    /// column (0-based, shown as letters: 3 is `D`).
    Cell {
        /// The sheet's name.
        sheet: String,
        /// The row number as the spreadsheet shows it.
        row: u64,
        /// The column index within the sheet.
        column: Option<u32>,
    },
}

impl Place {
    /// The place without the file's name: `row 4, column "Funding"`, `sheet S, cell D4`.
    pub fn without_file(&self) -> String {
        let full = self.to_string();
        full.strip_prefix(&self.file).map_or(full.clone(), |rest| {
            rest.trim_start_matches([',', ' ']).to_owned()
        })
    }

    /// The row alone, in the words of its kind of file: `line 4` or `row 4`.
    pub fn row_words(&self) -> String {
        match &self.at {
            At::Line { line, row, .. } if line == row => format!("row {row}"),
            At::Line { line, row, .. } => format!("row {row} (line {line})"),
            At::Cell { row, .. } => format!("row {row}"),
        }
    }
}

impl std::fmt::Display for Place {
    /// The file name, the header and the sheet name come from the user's files: each is
    /// escaped (and a long one cut) by [`quote_cell`] before it reaches a terminal.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let file = quote_cell(&self.file);
        match &self.at {
            At::Line { line, row, column } => {
                write!(f, "{file} row {row}")?;
                if line != row {
                    write!(f, " (line {line})")?;
                }
                if let Some(column) = column {
                    write!(f, ", column \"{}\"", quote_cell(column))?;
                }
                Ok(())
            }
            At::Cell { sheet, row, column } => {
                let sheet = quote_cell(sheet);
                match column {
                    Some(c) => write!(f, "{file}, sheet {sheet}, cell {}{row}", column_letters(*c)),
                    None => write!(f, "{file}, sheet {sheet}, row {row}"),
                }
            }
        }
    }
}

/// A 0-based column index as spreadsheet letters: 0 is `A`, 25 `Z`, 26 `AA`.
pub fn column_letters(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

impl From<DataError> for Error {
    fn from(err: DataError) -> Self {
        Error::Data(Box::new(err))
    }
}

impl Error {
    /// The documented exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage { .. } => exit::USAGE,
            Error::InputUnreadable { .. } => exit::NO_INPUT,
            Error::Data(_) => exit::DATA,
            Error::ConfigSyntax { .. } | Error::Config { .. } => exit::CONFIG,
            Error::OutputUnwritable { .. }
            | Error::OutputIsInput { .. }
            | Error::OutputIsLink { .. }
            | Error::OutputLimit { .. }
            | Error::WouldOverwrite { .. } => exit::CANT_CREATE,
        }
    }

    /// A usage error with the given message.
    pub fn usage(message: impl Into<String>) -> Self {
        Error::Usage {
            message: message.into(),
        }
    }
}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A cell's text as a message shows it: in quotes, or `(empty)` for a blank cell.
fn shown_value(value: &str) -> String {
    if value.trim().is_empty() {
        "(empty)".into()
    } else {
        format!("\"{value}\"")
    }
}

/// The most characters of a cell quoted in a message; a longer cell is cut and its length
/// given, so a 900 KB cell does not flood the terminal.
pub const QUOTE_CHARS: usize = 80;

/// Makes a cell safe to quote in a one-line message: control characters become visible
/// escapes, and a cell over [`QUOTE_CHARS`] characters is cut to its first 80 with its
/// length, as in `aaaa… (900,000 characters)`.
pub fn quote_cell(value: &str) -> String {
    match value.char_indices().nth(QUOTE_CHARS) {
        None => crate::text::escape_controls(value),
        Some((cut, _)) => format!(
            "{}… ({} characters)",
            crate::text::escape_controls(&value[..cut]),
            crate::text::thousands(value.chars().count())
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(3), "D");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(16_383), "XFD");
    }

    #[test]
    fn long_cells_are_cut_in_messages_and_escapes_shown() {
        let long = "a".repeat(900_000);
        let quoted = quote_cell(&long);
        assert_eq!(quoted, format!("{}… (900,000 characters)", "a".repeat(80)));
        assert_eq!(quote_cell(&"b".repeat(80)), "b".repeat(80));
        assert_eq!(quote_cell("x\u{1b}[2J"), "x\\u{1b}[2J");
        let wide = "é".repeat(81);
        assert_eq!(
            quote_cell(&wide),
            format!("{}… (81 characters)", "é".repeat(80))
        );
    }

    #[test]
    fn places_read_like_their_file_kind() {
        let line = Place {
            file: "p.csv".into(),
            at: At::Line {
                line: 4,
                row: 4,
                column: Some("funding".into()),
            },
        };
        assert_eq!(line.to_string(), "p.csv row 4, column \"funding\"");
        let moved = Place {
            file: "p.csv".into(),
            at: At::Line {
                line: 13,
                row: 12,
                column: Some("Funding".into()),
            },
        };
        assert_eq!(
            moved.to_string(),
            "p.csv row 12 (line 13), column \"Funding\""
        );
        assert_eq!(moved.row_words(), "row 12 (line 13)");
        let cell = Place {
            file: "programs.xlsx".into(),
            at: At::Cell {
                sheet: "Shortlist".into(),
                row: 4,
                column: Some(3),
            },
        };
        assert_eq!(cell.to_string(), "programs.xlsx, sheet Shortlist, cell D4");
        assert_eq!(cell.row_words(), "row 4");
    }
}
