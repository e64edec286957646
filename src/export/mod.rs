//! Output formats. Each writes a [`View`] of the neutral [`Report`] to a writer; nothing
//! here decides a score, a rank or a flag.
//!
//! Exporters write as they go: no failed run leaves a half-written file behind because
//! [`crate::output`] writes a file to a temporary beside it and renames it only when the
//! exporter has finished.

pub mod compare;
mod csv;
mod dialect;
pub mod explain;
mod html;
mod json;
mod markdown;
pub mod sensitivity;
mod table;
mod xlsx;

pub use self::csv::{
    CsvExporter, FormulaSafeWriter, RANKING_COLUMNS, STATUS_COLUMN, defuse_formula,
};
pub use self::dialect::{
    CsvDialect, CsvEncoding, DialectChoice, Windows1252Writer, fits_windows_1252,
};
pub use self::html::{DEFAULT_TITLE, HtmlExporter, HtmlOptions, PALETTE};
pub use self::json::{JsonExporter, number as json_number};
pub use self::markdown::MarkdownExporter;
pub use self::table::{TableExporter, TableStyle};
pub use self::xlsx::XlsxExporter;

use crate::error::{Error, Result};
use crate::report::Report;
use crate::view::View;
use std::io::Write;
use std::path::Path;

/// Writes a view of a report in one format.
pub trait Exporter {
    /// Writes the output to `out`. An I/O error comes back as [`write_failed`]'s error;
    /// [`crate::output`] names the real destination.
    fn write(&self, view: &View, out: &mut dyn Write) -> Result<()>;

    /// The whole output as bytes (for tests and small outputs).
    fn render(&self, view: &View) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.write(view, &mut bytes)?;
        Ok(bytes)
    }
}

/// The error for an I/O error met while an exporter writes. The path is a placeholder:
/// [`crate::output`] sees the I/O error itself and reports it against the destination.
pub fn write_failed(source: std::io::Error) -> Error {
    Error::OutputUnwritable {
        path: std::path::PathBuf::from("<output>"),
        source,
    }
}

/// The output formats of `rank`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for the terminal, with notes below it.
    Table,
    /// CSV to put back into the spreadsheet.
    Csv,
    /// JSON for programs.
    Json,
    /// A Markdown table for documents.
    Markdown,
    /// A self-contained HTML page with charts (the same page as `progrank report`).
    Html,
    /// An Excel workbook: the ranked sheet and the weights used.
    Xlsx,
}

impl Format {
    /// Guesses the format from an output file's extension (`.csv`, `.json`, `.md`, `.txt`,
    /// `.html`, `.xlsx`).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Table),
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Writes `batches` batches of an export into `out` in order, batch `k` made by
/// `make(&mut state, k)` on up to `threads` threads, this one included, each with its own
/// `state()` ([`crate::workers::in_order`]: this thread makes a batch only when the next one
/// to write is not ready). At most two batches a thread wait to be written, which bounds
/// the memory an export holds; the first error, made or written, stops it.
pub(crate) fn write_in_order<S, B: AsRef<[u8]> + Send>(
    batches: usize,
    threads: usize,
    state: impl Fn() -> S + Sync,
    make: impl Fn(&mut S, usize) -> std::io::Result<B> + Sync,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    crate::workers::in_order(batches, threads, 2 * threads, state, make, |batch| {
        out.write_all(batch?.as_ref())
    })
}

/// Text written with `write!` going straight to an I/O writer: the first I/O error is kept
/// (`write!` can only say that one happened) and returned by [`TextToBytes::finish`], and
/// nothing is written after it.
pub(crate) struct TextToBytes<'w> {
    out: &'w mut dyn std::io::Write,
    failed: Option<std::io::Error>,
}

impl<'w> TextToBytes<'w> {
    pub(crate) fn new(out: &'w mut dyn std::io::Write) -> Self {
        TextToBytes { out, failed: None }
    }

    /// The first error met, if any.
    pub(crate) fn finish(self) -> std::io::Result<()> {
        self.failed.map_or(Ok(()), Err)
    }
}

impl std::fmt::Write for TextToBytes<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        if self.failed.is_some() {
            return Err(std::fmt::Error);
        }
        self.out.write_all(text.as_bytes()).map_err(|e| {
            self.failed = Some(e);
            std::fmt::Error
        })
    }
}

/// Formats a rating for display: as written, trailing zeros dropped, or `n/a` when missing.
pub fn rating_text(rating: Option<rust_decimal::Decimal>) -> String {
    rating.map_or_else(|| "n/a".to_owned(), |r| r.normalize().to_string())
}

/// A program's cost values for data exports: net cost, total hours, points per $1,000.
pub(crate) fn cost_values(
    program: &crate::report::ProgramResult,
) -> [Option<rust_decimal::Decimal>; 3] {
    let costs = program.costs();
    [
        costs.net_cost,
        costs.total_hours,
        crate::costs::points_per_thousand(program.score(), costs.net_cost),
    ]
}

/// A program's cost cells for people: `$19,000`, `2,880`, `4.04`; `no data` when unknown and
/// `free` for points per $1,000 of a program that costs nothing.
pub(crate) fn cost_texts(report: &Report, program: &crate::report::ProgramResult) -> [String; 3] {
    let no_data = || "no data".to_owned();
    let [net_cost, total_hours, per_thousand] = cost_values(program);
    let per_thousand = match (net_cost, per_thousand) {
        (_, Some(p)) => crate::values::fixed(p, 2),
        (Some(_), None) => "free".to_owned(),
        (None, None) => no_data(),
    };
    [
        net_cost.map_or_else(no_data, |amount| report.money(amount)),
        total_hours.map_or_else(no_data, crate::costs::hours),
        per_thousand,
    ]
}

/// Lines for the excluded programs: `name: reason` for each excluding flag and broken limit,
/// made one program at a time as they are read (a limit can leave out most of a million
/// rows).
pub fn excluded_lines(report: &Report) -> impl Iterator<Item = String> + '_ {
    report
        .excluded()
        .into_iter()
        .flat_map(|program| exclusion_lines(&program))
}

/// One excluded program's lines of [`excluded_lines`]: `name: reason` for each excluding
/// flag, then each broken limit.
pub fn exclusion_lines(program: &crate::report::ProgramResult) -> Vec<String> {
    let name = crate::text::escape_controls(program.name());
    let flags = program
        .exclusion_reasons()
        .map(|flag| format!("{name}: {} ({})", flag.id, flag.message));
    let limits = program
        .limits_broken()
        .into_iter()
        .map(|limit| format!("{name}: {limit}"));
    flags.chain(limits).collect()
}

/// Generated reports for the exporters' tests.
#[cfg(test)]
pub(crate) mod fixture {
    /// The report of `rows` generated programs: ratings cycling through the scale (schedule
    /// flexibility missing, so every program raises `incomplete-data`), tuition rising by
    /// $3,000 a row from $20,000 (past the high-cost threshold after 10 rows), `name(i)` and
    /// `note(i)` as the cells of row `i` (CSV fields, quoted by the caller where needed).
    pub fn report(
        rows: usize,
        name: impl Fn(usize) -> String,
        note: impl Fn(usize) -> String,
        options: &crate::pipeline::ScoringOptions,
    ) -> crate::report::Report {
        let mut csv = String::from(
            "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd,note\n",
        );
        for i in 0..rows {
            csv.push_str(&format!(
                "{},{},{},3,,{},{}000,{}\n",
                name(i),
                i % 5 + 1,
                i % 3 + 1,
                i % 4 + 1,
                20 + i * 3,
                note(i)
            ));
        }
        let sheet = crate::input::Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        crate::pipeline::run(sheet, &crate::config::Config::default(), options).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_to_bytes_keeps_the_first_io_error_and_writes_nothing_after_it() {
        use std::fmt::Write as _;
        /// Takes up to `room` bytes, then fails as a full disk does.
        struct Full {
            taken: Vec<u8>,
            room: usize,
        }
        impl std::io::Write for Full {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if self.taken.len() + buf.len() > self.room {
                    return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
                }
                self.taken.extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut full = Full {
            taken: Vec::new(),
            room: 8,
        };
        let mut text = TextToBytes::new(&mut full);
        assert!(write!(text, "line {}", 1).is_ok());
        assert!(writeln!(text, " and more").is_err());
        assert!(
            write!(text, "x").is_err(),
            "nothing is written after an error"
        );
        let error = text.finish().unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::StorageFull);
        assert_eq!(full.taken, b"line 1");

        let mut fine = Vec::new();
        let mut text = TextToBytes::new(&mut fine);
        let name = "a.csv";
        let _ = writeln!(text, "Two sets of weights on {name}");
        text.finish().unwrap();
        assert_eq!(fine, b"Two sets of weights on a.csv\n");
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(
            Format::from_extension(Path::new("out.CSV")),
            Some(Format::Csv)
        );
        assert_eq!(
            Format::from_extension(Path::new("a/b.json")),
            Some(Format::Json)
        );
        assert_eq!(
            Format::from_extension(Path::new("r.md")),
            Some(Format::Markdown)
        );
        assert_eq!(
            Format::from_extension(Path::new("r.txt")),
            Some(Format::Table)
        );
        assert_eq!(
            Format::from_extension(Path::new("report.HTML")),
            Some(Format::Html)
        );
        assert_eq!(
            Format::from_extension(Path::new("r.htm")),
            Some(Format::Html)
        );
        assert_eq!(
            Format::from_extension(Path::new("r.XLSX")),
            Some(Format::Xlsx)
        );
        assert_eq!(Format::from_extension(Path::new("r.ods")), None);
        assert_eq!(Format::from_extension(Path::new("noext")), None);
    }
}
