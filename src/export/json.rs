//! JSON export: an array of programs, best first, each object a
//! [`crate::view::program::ProgramJson`] (`schema_version`, `rank`, `program`, `score`,
//! `criteria`, `flags`, `columns`, …).
//!
//! Numbers are written from their exact decimal text (serde_json's arbitrary-precision
//! numbers), never through a float: scores and points to 2 places, normalised values and
//! shares to 4, ratings and weights as given.

use super::Exporter;
use crate::error::Result;
use crate::values::trimmed;
use crate::view::View;
use rust_decimal::Decimal;
use serde_json::Number;
use std::io::Write;

/// Writes the ranking as a JSON array.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonExporter;

/// A decimal as a JSON number, rounded half away from zero to `dp` places.
pub fn number(value: Decimal, dp: u32) -> Number {
    trimmed(value, dp)
        .parse()
        .expect("a decimal's text is a valid JSON number")
}

impl Exporter for JsonExporter {
    /// Writes the array one program at a time, straight into `out`: no program's object
    /// exists as a tree, and the whole text never sits in memory.
    ///
    /// The serializer writes a few bytes at a time (a brace, an indent, a key): it writes
    /// them into a buffer of its own, where each is a copy, rather than through `out`'s
    /// dynamic `write_all`, a call each.
    fn write(&self, view: &View, out: &mut dyn std::io::Write) -> Result<()> {
        let programs = crate::view::program::Programs::new(*view);
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut buffered, &programs)
            .map_err(|e| super::write_failed(e.into()))?;
        buffered
            .write_all(b"\n")
            .and_then(|()| buffered.flush())
            .map_err(super::write_failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_keep_their_digits() {
        assert_eq!(number(dec!(85.275), 2).to_string(), "85.28");
        assert_eq!(number(dec!(85.50), 2).to_string(), "85.5");
        assert_eq!(
            number(dec!(1234567890123456789.012345678), 28).to_string(),
            "1234567890123456789.012345678"
        );
        assert_eq!(number(dec!(100), 2).to_string(), "100");
    }
}
