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
    #[error("cannot read {file}: {source}; check the path and that you may read the file")]
    InputUnreadable {
        /// The input as the user named it.
        file: String,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },

    /// A cell, a row or the shape of the input is wrong.
    #[error("{0}")]
    Data(Box<DataError>),

    /// The csv parser itself rejected the input (ragged rows, bad UTF-8).
    #[error("{file} line {line}: {detail}")]
    Csv {
        /// The input as the user named it.
        file: String,
        /// The physical line (1-based) where the offending record starts.
        line: u64,
        /// Our explanation, with the fix.
        detail: String,
        /// The csv crate's error, which carries the exact position.
        #[source]
        source: csv::Error,
    },

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
    #[error("cannot write {}: {source}; check that the folder exists and is writable", path.display())]
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

    /// `-o` names the input file.
    #[error("refusing to write over the input file {}; choose another name for -o", path.display())]
    OutputIsInput {
        /// The path given with `-o`.
        path: PathBuf,
    },
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

    /// The file has a header but no program rows.
    #[error("{file} has a header but no program rows; add one row per program below the header")]
    NoRows {
        /// The input as the user named it.
        file: String,
    },

    /// A required column (the program name or a criterion) is not in the header.
    #[error(
        "{file} line 1: missing column {missing}; the columns found are {found}. \
         Add the column, rename a column to match, or remove the criterion from the weights file"
    )]
    MissingColumn {
        /// The input as the user named it.
        file: String,
        /// The missing column with the names it may go by.
        missing: String,
        /// The header as found, comma-separated.
        found: String,
    },

    /// Two header cells mean the same column.
    #[error(
        "{file} line 1: columns {first} and {second} both mean {meaning}; keep one of them or rename the other"
    )]
    DuplicateColumn {
        /// The input as the user named it.
        file: String,
        /// The first header cell, quoted.
        first: String,
        /// The second header cell, quoted.
        second: String,
        /// What both resolve to.
        meaning: String,
    },

    /// Two rows name the same program.
    #[error(
        "{file} line {line}, column {column}: program \"{name}\" already appears on line {first_line}; \
         program names must be unique: merge the rows or tell them apart"
    )]
    DuplicateProgram {
        /// The input as the user named it.
        file: String,
        /// The later line.
        line: u64,
        /// The name column's header.
        column: String,
        /// The program name.
        name: String,
        /// The line where the name first appears.
        first_line: u64,
    },

    /// A cell holds a value that does not fit its column.
    #[error("{file} line {line}, column {column}: \"{value}\" is not {expected}; {hint}")]
    InvalidValue {
        /// The input as the user named it.
        file: String,
        /// The physical line of the row.
        line: u64,
        /// The column's header as written in the file.
        column: String,
        /// The cell text, with control characters escaped.
        value: String,
        /// What the column accepts.
        expected: String,
        /// How to fix it.
        hint: String,
    },

    /// Scoring one row could not be done exactly (overflow, constant column, nothing to score).
    #[error("{file} line {line}: {message}")]
    Unscorable {
        /// The input as the user named it.
        file: String,
        /// The physical line of the row (0 for a whole-column problem).
        line: u64,
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
            Error::Data(_) | Error::Csv { .. } => exit::DATA,
            Error::ConfigSyntax { .. } | Error::Config { .. } => exit::CONFIG,
            Error::OutputUnwritable { .. }
            | Error::OutputIsInput { .. }
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

/// Makes a cell safe to quote in a one-line message: control characters become visible escapes.
pub fn quote_cell(value: &str) -> String {
    crate::text::escape_controls(value)
}
