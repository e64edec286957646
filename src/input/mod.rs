//! Reading the shortlist: bytes in, a header and rows of text cells out, each row with the
//! line (or sheet row) it started on so every later error can point at it.
//!
//! Real exports are not tidy: a European Excel writes `;` and decimal commas, "Unicode text"
//! is UTF-16, older files are Windows-1252, and workbooks come as `.xlsx`, `.xls` or `.ods`.
//! This module turns all of them into one [`Sheet`]; everything after it sees only text
//! cells and never has to know which program wrote the file.
//!
//! The input is read whole before anything else happens, and only ever read: a failed run
//! never touches it.

mod cells;
pub mod delimited;
pub mod dialect;
pub mod rows;
pub mod workbook;

pub(crate) use cells::RowIndex;
pub use cells::{CellTable, MAX_TEXT_BYTES, RowCells, RowText};

use crate::error::{At, DataError, Error, Place, Result};
use std::io::{Read, Seek};
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

    /// Reads every byte, refusing an input larger than `max_bytes` before reading it (a
    /// file) or as soon as it grows past it (standard input).
    pub fn read_limited(&self, max_bytes: u64) -> Result<Vec<u8>> {
        let unreadable = |source: std::io::Error| Error::InputUnreadable {
            file: self.display_name(),
            suggestion: match self.path() {
                Some(path) if source.kind() == std::io::ErrorKind::NotFound => {
                    similar_file(path).map(|p| p.display().to_string())
                }
                _ => None,
            },
            source,
        };
        let too_large = || {
            Error::from(DataError::TooLarge {
                location: self.display_name(),
                what: "the file".into(),
                limit: human_bytes(max_bytes),
            })
        };
        // One more byte than allowed is read, so an input over the cap is told from one at it.
        let cap = max_bytes.saturating_add(1);
        let bytes = match self {
            Source::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .lock()
                    .take(cap)
                    .read_to_end(&mut bytes)
                    .map_err(unreadable)?;
                bytes
            }
            Source::File(path) => {
                let mut file = std::fs::File::open(path).map_err(unreadable)?;
                let len = file.metadata().map_err(unreadable)?.len();
                if len > max_bytes {
                    return Err(too_large());
                }
                let len = usize::try_from(len).unwrap_or(0);
                // One buffer of the right size: a growing buffer would copy the file twice.
                let mut bytes = match read_in_parts(&file, len).map_err(unreadable)? {
                    Some(bytes) => {
                        // Reads at an offset leave the file's position at the start.
                        let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
                        file.seek(std::io::SeekFrom::Start(read))
                            .map_err(unreadable)?;
                        bytes
                    }
                    None => Vec::with_capacity(len),
                };
                // Then to the end: all of it unless it was read in parts, and whatever the
                // file grew by since its size was read.
                let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
                file.take(cap.saturating_sub(read))
                    .read_to_end(&mut bytes)
                    .map_err(unreadable)?;
                bytes
            }
        };
        if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > max_bytes {
            return Err(too_large());
        }
        Ok(bytes)
    }
}

/// A file at least this large is read in parts on several threads at once.
const PARALLEL_READ_BYTES: usize = 4 << 20;

/// Reads the first `len` bytes of a large file in one part per core, each on its own
/// thread, so the copying and the first touch of the buffer's pages are shared between
/// cores. `None` when the file is small, or ended before `len` (it shrank since its size
/// was read: it is then read again from the start, in one go), or the system has no reads
/// at an offset.
fn read_in_parts(file: &std::fs::File, len: usize) -> std::io::Result<Option<Vec<u8>>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        if len < PARALLEL_READ_BYTES {
            return Ok(None);
        }
        let parts = crate::workers::cores();
        if parts < 2 {
            return Ok(None);
        }
        // Zeroed memory comes from the system untouched: each part's thread touches its own.
        let mut bytes = vec![0u8; len];
        let size = len.div_ceil(parts);
        let chunks: Vec<std::sync::Mutex<&mut [u8]>> =
            bytes.chunks_mut(size).map(std::sync::Mutex::new).collect();
        let results = crate::workers::in_turn(chunks.len(), parts, |k| {
            let mut chunk = chunks[k]
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            file.read_exact_at(&mut chunk, (k * size) as u64)
        });
        drop(chunks);
        for result in results {
            match result {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
                Err(e) => return Err(e),
            }
        }
        Ok(Some(bytes))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, len);
        Ok(None)
    }
}

/// `1073741824` → `1 GiB`, for messages about limits.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{} {unit}", bytes / size);
        }
    }
    format!("{bytes} bytes")
}

/// Size caps on the input, so a hostile or broken file is refused with a message instead of
/// exhausting memory. `--no-limits` lifts them all.
///
/// The defaults are far above any real shortlist (a few hundred programs, a few dozen
/// columns): a file over 1 GiB or a cell over 1 MiB is almost surely not a shortlist, and
/// the columns and rows are capped at what Excel itself can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest input file, in bytes.
    pub max_file_bytes: u64,
    /// The largest cell, in bytes of UTF-8 text.
    pub max_cell_bytes: usize,
    /// The most columns a sheet may have.
    pub max_columns: usize,
    /// The most rows a workbook sheet may have (delimited text has no row cap).
    pub max_rows: usize,
    /// The most cells a workbook reader may hold or lay out: the cells it stores (repeats
    /// expanded), and the grid its sheet spans, blanks between cells included. Counted
    /// before anything is allocated.
    pub max_cells: u64,
    /// The most bytes of cell text a workbook sheet may hold in all.
    pub max_text_bytes: u64,
    /// The most bytes one part of a zipped workbook (`.xlsx`, `.ods`) or the workbook stream
    /// of an `.xls` may unpack to: its declared size, and the bytes actually inflated.
    pub max_part_bytes: u64,
}

impl Limits {
    /// No caps at all (`--no-limits`).
    pub const NONE: Limits = Limits {
        max_file_bytes: u64::MAX,
        max_cell_bytes: usize::MAX,
        max_columns: usize::MAX,
        max_rows: usize::MAX,
        max_cells: u64::MAX,
        max_text_bytes: u64::MAX,
        max_part_bytes: u64::MAX,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 1 << 30,
            max_cell_bytes: 1 << 20,
            max_columns: 16_384,
            max_rows: 1_048_576,
            // Four million cells (100,000 programs of 40 columns) and 256 MiB keep any
            // workbook under 10 MB within about 512 MB of memory.
            max_cells: 4_000_000,
            max_text_bytes: 256 << 20,
            max_part_bytes: 256 << 20,
        }
    }
}

/// The text encoding of a CSV input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Detect: a byte order mark decides; without one, UTF-8 when the bytes are valid UTF-8,
    /// otherwise Windows-1252 (with a notice).
    #[default]
    Auto,
    /// UTF-8 only: invalid bytes are an error naming the cell.
    Utf8,
    /// UTF-16, little-endian (Excel's "Unicode text" on Windows).
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1252 (Western European; what older Excel versions write as "CSV").
    Windows1252,
}

/// The encoding a delimited input was found in, as read (never [`Encoding::Auto`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextEncoding {
    /// The encoding decoded ([`Encoding::Utf8`], a UTF-16 or [`Encoding::Windows1252`]).
    pub encoding: Encoding,
    /// Whether the file began with a byte order mark.
    pub bom: bool,
}

/// Which sheet of a workbook to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetChoice {
    /// The sheet with this name (compared ignoring case and surrounding spaces).
    Name(String),
    /// The sheet at this position, 1 being the first.
    Number(usize),
}

/// How to read the input, from the command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadOptions {
    /// The workbook sheet to read (default: the first).
    pub sheet: Option<SheetChoice>,
    /// The CSV delimiter; `None` sniffs it.
    pub delimiter: Option<u8>,
    /// Lines (rows, in a workbook) above the header to skip.
    pub skip_rows: usize,
    /// The CSV text encoding.
    pub encoding: Encoding,
    /// The decimal mark, when given (`--decimal point|comma`); `None` decides it from the
    /// file's cells ([`dialect::DecimalEvidence`]).
    pub decimal: Option<dialect::DecimalMark>,
    /// Size caps.
    pub limits: Limits,
}

/// Which kind of file the input is, by its first bytes or else its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Delimited text (CSV, TSV, "Unicode text").
    Delimited,
    /// An Office Open XML workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// A legacy Excel workbook (`.xls`).
    Xls,
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
    /// A binary Excel workbook (`.xlsb`).
    Xlsb,
    /// An Apple Numbers document: not supported.
    Numbers,
}

impl Kind {
    /// Tells the kind from the content first (a renamed file is still read right), then from
    /// the extension.
    pub fn detect(path: Option<&Path>, bytes: &[u8]) -> Kind {
        let ext = path
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if bytes.starts_with(b"PK\x03\x04") {
            // A zip: the workbook kinds are told apart by their entries' names.
            let head = &bytes[..bytes.len().min(64 * 1024)];
            let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
            return if has(b"application/vnd.oasis.opendocument.spreadsheet")
                // An .ods whose `mimetype` entry was deflated (zipped again by a tool other
                // than the suite) hides the text; without Excel's first part it is no .xlsx.
                || (ext == "ods" && !has(b"[Content_Types].xml"))
            {
                Kind::Ods
            } else if ext == "numbers" || has(b"Index/Document.iwa") {
                Kind::Numbers
            } else if ext == "xlsb" || has(b"workbook.bin") {
                Kind::Xlsb
            } else {
                Kind::Xlsx
            };
        }
        if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // A compound file: legacy .xls, or an encrypted (password-protected) .xlsx.
            return if matches!(ext.as_str(), "xlsx" | "xlsm") {
                Kind::Xlsx
            } else {
                Kind::Xls
            };
        }
        match ext.as_str() {
            "xlsx" | "xlsm" => Kind::Xlsx,
            "xls" => Kind::Xls,
            "ods" => Kind::Ods,
            "xlsb" => Kind::Xlsb,
            "numbers" => Kind::Numbers,
            _ => Kind::Delimited,
        }
    }
}

/// Where a sheet's cells came from, which decides how a place in it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Delimited text: places are spreadsheet rows (and lines) and column headers.
    Text {
        /// The delimiter used.
        delimiter: u8,
        /// Whether it was given with `--delimiter` (rather than by a `sep=` line or sniffed).
        delimiter_given: bool,
        /// How lines map to the rows a spreadsheet shows.
        rows: rows::RowNumbering,
    },
    /// A workbook sheet: places are cells such as `D4`.
    Workbook {
        /// The sheet's name.
        sheet: String,
        /// For each column kept, its 0-based index in the sheet.
        columns: Vec<u32>,
        /// Every sheet of the workbook, in order, when this one was read only because it
        /// is the first (no `--sheet`, several sheets); empty otherwise. A header error
        /// lists them: the shortlist may be on another sheet.
        first_of: Vec<String>,
    },
}

impl Origin {
    /// When delimited text's header was read as one cell that holds another delimiter
    /// (`program,faculty,…` read with `--delimiter ;`): the file was split on the wrong
    /// character, and every column is missing. Says which delimiter the header suggests and
    /// how the wrong one came to be used, for the header error, which otherwise never
    /// names the delimiter.
    pub fn delimiter_hint(&self, headers: &[String]) -> Option<String> {
        let (
            Origin::Text {
                delimiter: used,
                delimiter_given,
                ..
            },
            [header],
        ) = (self, headers)
        else {
            return None;
        };
        let (count, looks) = delimited::CANDIDATES
            .into_iter()
            .filter(|d| d != used)
            .map(|d| (header.bytes().filter(|&b| b == d).count(), d))
            .filter(|&(n, _)| n > 0)
            .max_by_key(|&(n, _)| n)?;
        let word = |d: u8| match d {
            b',' => "comma",
            b';' => "semicolon",
            b'\t' => "tab",
            b'|' => "pipe",
            _ => "other",
        };
        let why = if *delimiter_given {
            format!(
                "because --delimiter {} was given; drop --delimiter (progrank finds the \
                 delimiter by itself) or give --delimiter {}",
                word(*used),
                word(looks)
            )
        } else if *used != b',' {
            format!(
                "because the file's first line, sep={}, says so; delete that line or give \
                 --delimiter {}",
                char::from(*used).escape_default(),
                word(looks)
            )
        } else {
            format!(
                "because its rows do not all have the same number of cells, so no delimiter \
                 could be told from them; give --delimiter {} (a row with too many or too few \
                 cells is then named)",
                word(looks)
            )
        };
        Some(format!(
            "The header is one cell holding {} {}{}: the file looks {}-separated, but was read \
             as {}-separated {why}",
            if count == 1 { "a" } else { "several" },
            word(looks),
            if count == 1 { "" } else { "s" },
            word(looks),
            word(*used),
        ))
    }

    /// When the sheet read is the first of several only because no `--sheet` was given:
    /// the other sheets and how to read one, for an error the wrong sheet may explain.
    pub fn other_sheets_hint(&self) -> Option<String> {
        match self {
            Origin::Workbook {
                sheet, first_of, ..
            } if first_of.len() > 1 => Some(workbook::other_sheets(sheet, first_of)),
            _ => None,
        }
    }
}

/// The most columns in front of the input's own that an earlier progrank run writes
/// (`rank`, `score`, `red_flags`, `status` and three cost columns).
const EARLIER_RANKING_MOST: usize = 7;

/// A parsed input: header and rows of text, nothing interpreted yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The input's name for messages.
    pub name: String,
    /// The header cells, surrounding spaces (also non-breaking ones) removed.
    pub headers: Vec<String>,
    /// The line (or sheet row) of the header.
    pub header_line: u64,
    /// The data rows, blank rows skipped, every cell in one arena.
    pub rows: CellTable,
    /// Where the cells came from.
    pub origin: Origin,
    /// Whether numbers in cells use a decimal comma (`3,5`).
    pub decimal_comma: bool,
    /// How delimited text was encoded (decided once, when it was decoded), so CSV output
    /// can be written back the same way; `None` for a workbook.
    pub text_encoding: Option<TextEncoding>,
    /// Things the user should know about how the input was read (encoding, delimiter), for
    /// standard error.
    pub notes: Vec<String>,
}

/// A weights file given where the shortlist goes (`progrank rank weights.toml`): read as a
/// CSV, its lines were "rows" of the wrong length. Told by the `.toml` name of a file whose
/// bytes are not a workbook's.
fn refuse_weights_file(name: &str, path: Option<&Path>) -> Result<()> {
    let Some(path) = path.filter(|p| crate::config::is_weights_file_name(p)) else {
        return Ok(());
    };
    Err(DataError::Malformed {
        location: name.to_owned(),
        message: format!(
            "this is a weights file (TOML), not a shortlist: give the spreadsheet of programs \
             as INPUT and this file with --weights, as in progrank rank programs.csv --weights \
             {}",
            crate::text::shell_word(&crate::text::escape_controls(&path.display().to_string()))
        ),
    }
    .into())
}

/// `--encoding` naming one encoding for text whose first bytes say it is in another: a byte
/// order mark of another (`--encoding utf-16be` on a file starting `FF FE`), or UTF-8 text
/// with no NUL given as UTF-16. Read as told, the text comes out as nonsense (every column
/// missing) or "not valid UTF-16LE; save it again as CSV UTF-8" for a file that is exactly
/// that. Only the first 4 KB are looked at. (Windows-1252 gives way to a byte order mark by
/// itself.)
fn refuse_encoding_contradicted(name: &str, bytes: &[u8], options: &ReadOptions) -> Result<()> {
    let given = match options.encoding {
        Encoding::Utf8 => "utf-8",
        Encoding::Utf16Le => "utf-16le",
        Encoding::Utf16Be => "utf-16be",
        Encoding::Auto | Encoding::Windows1252 => return Ok(()),
    };
    let marked = if bytes.starts_with(b"\xEF\xBB\xBF") {
        Some("utf-8")
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some("utf-16le")
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some("utf-16be")
    } else {
        None
    };
    let found = match marked {
        Some(marked) if marked != given => format!("starts with the byte order mark of {marked}"),
        Some(_) => return Ok(()),
        None if given != "utf-8" => {
            let head = &bytes[..bytes.len().min(4096)];
            // Valid UTF-8 up to the end of the sample (where a letter may be cut), and no
            // NUL: ASCII in UTF-16 has one in every pair.
            let utf8 = match std::str::from_utf8(head) {
                Ok(_) => true,
                Err(e) => e.error_len().is_none(),
            };
            if !utf8 || head.is_empty() || head.contains(&0) {
                return Ok(());
            }
            "is UTF-8 text, not UTF-16".into()
        }
        None => return Ok(()),
    };
    Err(DataError::Malformed {
        location: name.to_owned(),
        message: format!(
            "--encoding {given} was given, but the file {found}; drop --encoding (progrank \
             tells UTF-8, UTF-16 with a byte order mark and Windows-1252 apart by itself)"
        ),
    }
    .into())
}

/// An input found empty after `--skip-rows N` is not "empty": the option skipped every line
/// (`unit`: a text line or a workbook row) there was. Says so, rather than send the user to
/// a file that has rows.
fn skipped_everything(error: Error, options: &ReadOptions, unit: &str) -> Error {
    let n = options.skip_rows;
    match error {
        Error::Data(data) if n > 0 && matches!(*data, DataError::Empty { .. }) => {
            let DataError::Empty { file } = *data else {
                unreachable!("matched above")
            };
            DataError::Malformed {
                location: file.trim_end_matches(',').to_owned(),
                message: format!(
                    "nothing is left after --skip-rows {n}: no header row below the first {n} \
                     {unit}{}; --skip-rows counts only the title {unit}s above the header, so \
                     give fewer, or leave it out when the header is the first {unit}",
                    if n == 1 { "" } else { "s" }
                ),
            }
            .into()
        }
        other => other,
    }
}

impl Sheet {
    /// Parses CSV bytes with the default options (see [`delimited`]).
    pub fn from_csv(name: &str, bytes: &[u8]) -> Result<Sheet> {
        delimited::read(name, bytes, &ReadOptions::default())
    }

    /// Reads any supported input: a workbook by its content or extension, else delimited
    /// text.
    pub fn load(
        name: &str,
        path: Option<&Path>,
        bytes: &[u8],
        options: &ReadOptions,
    ) -> Result<Sheet> {
        match Kind::detect(path, bytes) {
            Kind::Delimited => refuse_weights_file(name, path)
                .and_then(|()| refuse_encoding_contradicted(name, bytes, options))
                .and_then(|()| delimited::read(name, bytes, options))
                .map(|s| s.noting_unused_sheet(options))
                .map_err(|e| skipped_everything(e, options, "line")),
            kind => workbook::read(name, kind, bytes, options)
                .map(|s| s.noting_unused_text_options(options))
                .map_err(|e| skipped_everything(e, options, "row")),
        }
    }

    /// [`Sheet::load`] taking the bytes: delimited text is parsed in place, its cells'
    /// text written over the bytes already read, so the input's memory becomes the sheet's
    /// arena instead of being held beside a copy of its cells.
    pub fn load_owned(
        name: &str,
        path: Option<&Path>,
        bytes: Vec<u8>,
        options: &ReadOptions,
    ) -> Result<Sheet> {
        match Kind::detect(path, &bytes) {
            Kind::Delimited => refuse_weights_file(name, path)
                .and_then(|()| refuse_encoding_contradicted(name, &bytes, options))
                .and_then(|()| delimited::read_owned(name, bytes, options))
                .map(|s| s.noting_unused_sheet(options))
                .map_err(|e| skipped_everything(e, options, "line")),
            kind => workbook::read(name, kind, &bytes, options)
                .map(|s| s.noting_unused_text_options(options))
                .map_err(|e| skipped_everything(e, options, "row")),
        }
    }

    /// A workbook's cells are read as they are, so `--delimiter` and `--encoding`, which
    /// say how to split and decode text, do nothing for it: says so first among the notes,
    /// rather than let a user believe they changed how the file was read. (`--decimal` and
    /// `--skip-rows` apply to workbooks too.)
    fn noting_unused_text_options(mut self, options: &ReadOptions) -> Sheet {
        let mut unused = Vec::new();
        if let Some(delimiter) = options.delimiter {
            unused.push(format!(
                "--delimiter {}",
                match delimiter {
                    b',' => "comma",
                    b';' => "semicolon",
                    b'\t' => "tab",
                    b'|' => "pipe",
                    _ => "(other)",
                }
            ));
        }
        let encoding = match options.encoding {
            Encoding::Auto => None,
            Encoding::Utf8 => Some("utf-8"),
            Encoding::Utf16Le => Some("utf-16le"),
            Encoding::Utf16Be => Some("utf-16be"),
            Encoding::Windows1252 => Some("windows-1252"),
        };
        if let Some(encoding) = encoding {
            unused.push(format!("--encoding {encoding}"));
        }
        if !unused.is_empty() {
            let (was, they) = if unused.len() == 1 {
                ("was", "it applies")
            } else {
                ("were", "they apply")
            };
            self.notes.insert(
                0,
                format!(
                    "{} {was} not used: {} is a workbook, whose cells are read as they are; \
                     {they} to delimited text (CSV or TSV) only",
                    unused.join(" and "),
                    self.name
                ),
            );
        }
        self
    }

    /// Delimited text holds one table, so `--sheet` picks nothing in it: says so first
    /// among the notes, rather than let a user believe another sheet was read.
    fn noting_unused_sheet(mut self, options: &ReadOptions) -> Sheet {
        if let Some(choice) = &options.sheet {
            let given = match choice {
                SheetChoice::Number(n) => n.to_string(),
                SheetChoice::Name(name) => {
                    crate::text::shell_word(&crate::text::escape_controls(name))
                }
            };
            self.notes.insert(
                0,
                format!(
                    "--sheet {given} was not used: {} is delimited text (CSV or TSV), one \
                     table read whole; --sheet picks a sheet of a workbook (.xlsx, .ods)",
                    self.name
                ),
            );
        }
        self
    }

    /// The place of a row (and optionally one of its columns, by index into `headers`).
    pub fn place(&self, line: u64, column: Option<usize>) -> Place {
        place_in(&self.name, &self.origin, &self.headers, line, column)
    }

    /// Drops columns whose header and every cell are blank (spreadsheets export them for
    /// formatted but empty columns at the right edge).
    pub(crate) fn drop_blank_columns(&mut self) {
        let rows = &self.rows;
        let filled: Vec<bool> = (0..self.headers.len())
            .map(|c| (0..rows.len()).any(|r| !is_blank_cell(rows.cell(r, c))))
            .collect();
        self.drop_columns_blank_but(&filled);
    }

    /// Drops the columns whose header is blank and whose `filled` entry is false (no cell of
    /// the column holds anything but spaces; see [`is_blank_cell`]). Returns whether any
    /// column was dropped.
    pub(crate) fn drop_columns_blank_but(&mut self, filled: &[bool]) -> bool {
        let keep: Vec<bool> = self
            .headers
            .iter()
            .zip(filled)
            .map(|(header, &filled)| filled || !is_blank_cell(header))
            .collect();
        self.keep_columns(&keep)
    }

    /// Drops the columns an earlier progrank run put in front of the input's own, when the
    /// input is such a run's output (its first headers `rank`, `score`, `red_flags`, as
    /// the CSV writes them or as the xlsx labels them, then perhaps `status` and the cost
    /// columns): they are worked out again, and read as input they would come back twice
    /// (then clash) in the next output. Says so in a note.
    pub(crate) fn drop_earlier_ranking(&mut self) {
        use crate::export::{RANKING_COLUMNS, STATUS_COLUMN};
        use crate::headers::header_key;
        let keys: Vec<String> = self
            .headers
            .iter()
            .take(EARLIER_RANKING_MOST)
            .map(|h| header_key(h))
            .collect();
        let ranking = RANKING_COLUMNS.len();
        if keys.len() < ranking
            || !keys
                .iter()
                .zip(RANKING_COLUMNS)
                .all(|(k, c)| *k == header_key(c))
        {
            return;
        }
        let mut dropped = ranking;
        if keys
            .get(dropped)
            .is_some_and(|k| *k == header_key(STATUS_COLUMN))
        {
            dropped += 1;
        }
        let cost_starts: [&[&str]; 3] =
            [&["netcost"], &["totalhours", "studyhours"], &["pointsper"]];
        if keys.len() >= dropped + 3
            && cost_starts
                .iter()
                .zip(&keys[dropped..dropped + 3])
                .all(|(starts, key)| starts.iter().any(|s| key.starts_with(s)))
        {
            dropped += 3;
        }
        if dropped == self.headers.len() {
            return;
        }
        let names = crate::text::join(
            self.headers[..dropped]
                .iter()
                .map(|h| format!("\"{}\"", crate::text::escape_controls(h))),
            ", ",
        );
        let keep: Vec<bool> = (0..self.headers.len()).map(|c| c >= dropped).collect();
        self.keep_columns(&keep);
        self.notes.push(format!(
            "{}: columns {names} are the ranking of an earlier progrank run: left out, and worked out again",
            self.name
        ));
    }

    /// Keeps the columns whose `keep` entry is true (headers, cells and, for a workbook,
    /// where each column lies in the sheet). Returns whether any column was dropped.
    fn keep_columns(&mut self, keep: &[bool]) -> bool {
        if keep.iter().all(|k| *k) {
            return false;
        }
        fn retain<T>(items: &mut Vec<T>, keep: &[bool]) {
            let mut i = 0;
            items.retain(|_| {
                i += 1;
                keep[i - 1]
            });
        }
        retain(&mut self.headers, keep);
        self.rows.retain_columns(keep);
        if let Origin::Workbook { columns, .. } = &mut self.origin {
            retain(columns, keep);
        }
        true
    }

    /// Refuses a data row that repeats the header (two exports pasted together).
    pub(crate) fn refuse_repeated_header(&self) -> Result<()> {
        let keys = self.header_keys();
        if self.rows.width() != keys.len() {
            return Ok(());
        }
        match (0..self.rows.len()).find(|&row| repeats_header(self.rows.row(row), &keys)) {
            Some(row) => Err(self.repeated_header_error(self.rows.line(row))),
            None => Ok(()),
        }
    }

    /// The headers' match keys, to compare rows with ([`repeats_header`]).
    pub(crate) fn header_keys(&self) -> Vec<String> {
        self.headers
            .iter()
            .map(|h| crate::text::match_key(h))
            .collect()
    }

    /// The error for the data row on `line` repeating the header.
    pub(crate) fn repeated_header_error(&self, line: u64) -> Error {
        DataError::Malformed {
            location: self.place(line, None).to_string(),
            message: format!(
                "this row repeats the header of {}; delete it (it is usually left \
                 behind when two exports are pasted together)",
                self.place(self.header_line, None).row_words()
            ),
        }
        .into()
    }
}

/// True when a cell holds nothing but white space: a column of such cells under a blank
/// header is dropped.
pub(crate) fn is_blank_cell(cell: &str) -> bool {
    cell.trim().is_empty()
}

/// True when a row's cells match the header's keys ([`Sheet::header_keys`]) one for one.
pub(crate) fn repeats_header<'a>(cells: impl Iterator<Item = &'a str>, keys: &[String]) -> bool {
    cells.zip(keys).all(|(c, k)| key_matches(c, k))
}

/// `match_key(cell) == key`, without building the cell's key while it is ASCII (the same
/// characters dropped: `_`, `-` and white space; the rest lowercased). [`match_key`] maps
/// each character on its own, so the ASCII characters before the first other one map to
/// the start of the cell's key: a difference there is a difference of the keys.
///
/// [`match_key`]: crate::text::match_key
fn key_matches(cell: &str, key: &str) -> bool {
    let mut key_bytes = key.bytes();
    for b in cell.bytes() {
        if !b.is_ascii() {
            return crate::text::match_key(cell) == key;
        }
        if matches!(
            b,
            b'_' | b'-' | b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r'
        ) {
            continue;
        }
        if key_bytes.next() != Some(b.to_ascii_lowercase()) {
            return false;
        }
    }
    key_bytes.next().is_none()
}

/// The error for a sheet whose cells hold more text than a [`CellTable`] can.
pub(crate) fn too_much_text(file: &str) -> Error {
    DataError::TooLarge {
        location: file.to_owned(),
        what: "the text of the cells".into(),
        limit: human_bytes(MAX_TEXT_BYTES as u64),
    }
    .into()
}

/// The place of a row and optional column, for a sheet of the given origin.
pub fn place_in(
    file: &str,
    origin: &Origin,
    headers: &[String],
    line: u64,
    column: Option<usize>,
) -> Place {
    let at = match origin {
        Origin::Text { rows, .. } => At::Line {
            line,
            row: rows.row_of(line),
            column: column.map(|c| {
                headers.get(c).filter(|h| !h.trim().is_empty()).map_or_else(
                    || format!("#{}", c + 1),
                    |h| crate::text::escape_controls(h),
                )
            }),
        },
        Origin::Workbook { sheet, columns, .. } => At::Cell {
            sheet: sheet.clone(),
            row: line,
            column: column.map(|c| {
                columns
                    .get(c)
                    .copied()
                    .unwrap_or_else(|| u32::try_from(c).unwrap_or(u32::MAX))
            }),
        },
    };
    Place {
        file: file.to_owned(),
        at,
    }
}

/// Refuses a delimited header with more columns than `limits.max_columns` by counting the
/// delimiters of its line, before the csv parser builds a record of them (a 50 MB header
/// line of commas took 2 GB before its error). A quoted delimiter counts too: a header with
/// that many of them is no shortlist either.
pub(crate) fn check_header_width(
    name: &str,
    text: &[u8],
    delimiter: u8,
    first_line: u64,
    limits: &Limits,
) -> Result<()> {
    let mut line = first_line;
    for bytes in text.split(|&b| b == b'\n') {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            line += 1;
            continue;
        }
        let columns = bytes.iter().filter(|&&b| b == delimiter).count() + 1;
        if columns > limits.max_columns {
            return Err(DataError::TooLarge {
                location: format!("{} line {line}", crate::error::quote_cell(name)),
                what: format!("the header ({columns} columns)"),
                limit: format!("{} columns", limits.max_columns),
            }
            .into());
        }
        return Ok(());
    }
    Ok(())
}

/// A note for a file that is not valid UTF-8 as a whole but holds valid UTF-8 letters too
/// (text pasted from two sources): read as Windows-1252, those letters turn into pairs such
/// as `Ã©`, so the reader is told where, rather than left with silent mojibake.
pub(crate) fn mixed_encoding_note(name: &str, bytes: &[u8]) -> Option<String> {
    let mut offset = 0;
    let (mut utf8_at, mut other_at) = (None, None);
    for chunk in bytes.utf8_chunks() {
        utf8_at = utf8_at.or_else(|| {
            let i = chunk.valid().bytes().position(|b| !b.is_ascii())?;
            Some(offset + i)
        });
        offset += chunk.valid().len();
        if other_at.is_none() && !chunk.invalid().is_empty() {
            other_at = Some(offset);
        }
        offset += chunk.invalid().len();
        if utf8_at.is_some() && other_at.is_some() {
            break;
        }
    }
    let line = |at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    let (utf8, other) = (line(utf8_at?), line(other_at?));
    Some(format!(
        "{} mixes two encodings: line {utf8} holds UTF-8 text, line {other} Windows-1252; read \
         as Windows-1252, the UTF-8 letters show garbled (é as Ã©). Retype those cells, or \
         save the file as \"CSV UTF-8\" and check the other lines",
        crate::error::quote_cell(name)
    ))
}

/// Reads INPUT for a subcommand: within the file-size cap, as a workbook or delimited text,
/// with any notes on how it was read (encoding, delimiter, sheet) written to standard error.
pub fn read_sheet(source: &Source, options: &ReadOptions) -> Result<Sheet> {
    let bytes = source.read_limited(options.limits.max_file_bytes)?;
    let sheet = Sheet::load_owned(&source.display_name(), source.path(), bytes, options)?;
    let mut stderr = std::io::stderr().lock();
    for note in &sheet.notes {
        crate::output::note(&mut stderr, note);
    }
    Ok(sheet)
}

/// The most directory entries [`similar_file`] looks at: a name mistyped in a huge folder
/// gets no suggestion rather than a slow one.
const SIMILAR_FILE_ENTRIES: usize = 10_000;

/// An input file beside `path` (which was not found) that the user may have meant: the same
/// name in other letter case, the same name with a readable extension (`programs` for
/// `programs.csv`, `programs.xls` for `programs.xlsx`), or a name at most two letters away
/// (`progams.csv`). The closest wins, ties by name; `None` when nothing is close.
pub fn similar_file(path: &Path) -> Option<std::path::PathBuf> {
    similar_file_of(
        path,
        &["csv", "tsv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods"],
    )
}

/// A Windows path typed on a system whose paths use `/` (copied from Explorer into WSL or a
/// Mac terminal): `C:\Users\me\x.csv` as WSL mounts it (`/mnt/c/Users/me/x.csv`), or
/// `data\x.csv` as `data/x.csv`, when that file exists.
fn windows_path_here(path: &Path) -> Option<std::path::PathBuf> {
    if std::path::MAIN_SEPARATOR == '\\' {
        return None;
    }
    let text = path.to_str()?;
    if !text.contains('\\') {
        return None;
    }
    let bytes = text.as_bytes();
    let candidate = if bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        format!(
            "/mnt/{}/{}",
            char::from(bytes[0].to_ascii_lowercase()),
            text[2..].trim_start_matches(['\\', '/']).replace('\\', "/")
        )
    } else {
        text.replace('\\', "/")
    };
    let candidate = std::path::PathBuf::from(candidate);
    candidate.is_file().then_some(candidate)
}

/// [`similar_file`] among the files with one of the extensions `readable` (lowercase).
pub fn similar_file_of(path: &Path, readable: &[&str]) -> Option<std::path::PathBuf> {
    if let Some(here) = windows_path_here(path) {
        return Some(here);
    }
    let wanted = path.file_name()?.to_str()?.to_lowercase();
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let stem = |name: &str| -> String {
        match name.rsplit_once('.') {
            Some((stem, ext)) if readable.contains(&ext) => stem.to_owned(),
            _ => name.to_owned(),
        }
    };
    let wanted_stem = stem(&wanted);
    let mut best: Option<(usize, String)> = None;
    for entry in std::fs::read_dir(dir).ok()?.take(SIMILAR_FILE_ENTRIES) {
        let Ok(entry) = entry else { continue };
        if !entry
            .file_type()
            .is_ok_and(|t| t.is_file() || t.is_symlink())
        {
            continue;
        }
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let lower = name.to_lowercase();
        let readable = lower
            .rsplit_once('.')
            .is_some_and(|(_, ext)| readable.contains(&ext));
        // Distance 0: the name in other case; 1: the same stem, another readable
        // extension; 2 and up: a readable file's name a letter or two away.
        let distance = if lower == wanted {
            0
        } else if readable && stem(&lower) == wanted_stem {
            1
        } else if readable && lower.len() <= 128 {
            match strsim::levenshtein(&lower, &wanted) {
                d @ 1..=2 => d + 1,
                _ => continue,
            }
        } else {
            continue;
        };
        let better = best
            .as_ref()
            .is_none_or(|(d, n)| (distance, &name) < (*d, n));
        if better {
            best = Some((distance, name));
        }
    }
    best.map(|(_, name)| match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(name),
        _ => std::path::PathBuf::from(name),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_matched_to_the_one_the_user_meant() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "programs.csv",
            "shortlist.xlsx",
            "notes.md",
            "Budget 2026.ods",
        ] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join("program.csv")).unwrap();
        let similar = |name: &str| {
            similar_file(&dir.path().join(name))
                .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
        };
        assert_eq!(similar("Programs.csv").as_deref(), Some("programs.csv"));
        assert_eq!(similar("programs").as_deref(), Some("programs.csv"));
        assert_eq!(similar("programs.xlsx").as_deref(), Some("programs.csv"));
        assert_eq!(similar("progams.csv").as_deref(), Some("programs.csv"));
        assert_eq!(similar("shortlist.xls").as_deref(), Some("shortlist.xlsx"));
        assert_eq!(
            similar("budget 2026.ODS").as_deref(),
            Some("Budget 2026.ods")
        );
        // Nothing close, a directory, a file that is not a spreadsheet: no suggestion.
        assert_eq!(similar("ranking.csv"), None);
        assert_eq!(similar("notes.csv"), None);
        assert_eq!(similar("nowhere/programs.csv"), None);
    }

    #[test]
    fn kinds_by_magic_bytes_then_extension() {
        let p = |s: &str| Some(Path::new(s).to_owned());
        assert_eq!(
            Kind::detect(p("a.csv").as_deref(), b"PK\x03\x04xl/workbook.xml"),
            Kind::Xlsx
        );
        assert_eq!(
            Kind::detect(p("a.xlsx").as_deref(), b"program,a\n"),
            Kind::Xlsx
        );
        assert_eq!(Kind::detect(p("a.XLS").as_deref(), b""), Kind::Xls);
        assert_eq!(
            Kind::detect(p("a.numbers").as_deref(), b"PK\x03\x04"),
            Kind::Numbers
        );
        assert_eq!(
            Kind::detect(
                None,
                b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
            ),
            Kind::Ods
        );
        assert_eq!(
            Kind::detect(None, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
            Kind::Xls
        );
        assert_eq!(Kind::detect(None, b"program,a\n"), Kind::Delimited);
    }

    #[test]
    fn ascii_keys_match_as_match_key_does() {
        for cell in [
            "Program",
            " pro_gram ",
            "PRO-GRAM",
            "pro\x0bgram",
            "progra",
            "programs",
            "",
            "P r\tO",
        ] {
            for key in ["program", "pro", ""] {
                assert_eq!(
                    key_matches(cell, key),
                    crate::text::match_key(cell) == key,
                    "{cell:?} {key:?}"
                );
            }
        }
        assert!(key_matches("Prógram", "prógram"));
    }

    proptest::proptest! {
        /// Cells match a header's key as their own [`crate::text::match_key`] does, ASCII
        /// or not, whatever comes after a difference.
        #[test]
        fn keys_match_as_match_key_does(
            cell in proptest::collection::vec(
                proptest::sample::select(vec![
                    "p", "P", "r", "ó", "Ó", "_", "-", " ", "\t", "\u{a0}", "\u{2003}", "x", "İ",
                    "ß", "1",
                ]),
                0..8,
            ),
            key in proptest::sample::select(vec!["pr", "pró", "p", "", "px", "i̇", "ß", "pr1"]),
        ) {
            let cell = cell.concat();
            proptest::prop_assert_eq!(
                key_matches(&cell, key),
                crate::text::match_key(&cell) == key,
                "{:?} {:?}", cell, key
            );
        }
    }

    #[test]
    fn a_large_file_read_in_parts_is_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.csv");
        // Over the size read in parts, and not a multiple of the parts.
        let bytes: Vec<u8> = (0..PARALLEL_READ_BYTES * 2 + 7)
            .map(|i| (i % 251) as u8)
            .collect();
        std::fs::write(&path, &bytes).unwrap();
        let read = Source::File(path.clone()).read_limited(u64::MAX).unwrap();
        assert!(read == bytes, "the bytes read are the file's");
        let err = Source::File(path).read_limited(bytes.len() as u64 - 1);
        let err = err.unwrap_err().to_string();
        assert!(
            err.contains("the file") && err.contains("over the limit"),
            "{err}"
        );
    }

    #[test]
    fn human_bytes_names_round_sizes() {
        assert_eq!(human_bytes(1 << 30), "1 GiB");
        assert_eq!(human_bytes(1 << 20), "1 MiB");
        assert_eq!(human_bytes(1000), "1000 bytes");
    }

    #[test]
    fn reading_refuses_a_file_over_the_cap_before_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(2048).unwrap();
        let err = Source::File(path).read_limited(1024).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::DATA);
        assert!(err.to_string().contains("over the limit of 1 KiB"), "{err}");
    }
}
