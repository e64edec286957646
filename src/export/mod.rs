//! Output formats. Each renders the neutral [`Report`] to bytes; nothing here decides a
//! score, a rank or a flag.
//!
//! Rendering to bytes first, then writing, is what lets a failed run leave no half-written
//! file behind (see [`crate::output`]).

mod csv;
mod json;
mod markdown;
mod table;

pub use self::csv::CsvExporter;
pub use self::json::{JsonExporter, number as json_number};
pub use self::markdown::MarkdownExporter;
pub use self::table::{TableExporter, TableStyle};

use crate::error::Result;
use crate::report::Report;
use std::path::Path;

/// Renders a report in one format.
pub trait Exporter {
    /// The whole output, ready to write.
    fn render(&self, report: &Report) -> Result<Vec<u8>>;
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
}

impl Format {
    /// Guesses the format from an output file's extension (`.csv`, `.json`, `.md`, `.txt`).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Table),
            _ => None,
        }
    }
}

/// Formats a rating for display: as written, trailing zeros dropped, or `n/a` when missing.
pub(crate) fn rating_text(rating: Option<rust_decimal::Decimal>) -> String {
    rating.map_or_else(|| "n/a".to_owned(), |r| r.normalize().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(Format::from_extension(Path::new("r.xlsx")), None);
        assert_eq!(Format::from_extension(Path::new("noext")), None);
    }
}
