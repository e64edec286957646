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
    /// Writes the array a batch of programs at a time, straight into `out`: no program's
    /// object exists as a tree, and the whole text never sits in memory. The batches are
    /// formatted on every core and written in order ([`super::write_in_order`]).
    fn write(&self, view: &View, out: &mut dyn std::io::Write) -> Result<()> {
        let programs = view.exported_len();
        let threads = crate::workers::threads_for(programs);
        write_array(view, BATCH, threads, out).map_err(super::write_failed)
    }
}

/// Programs formatted as one batch: about 200 KB of JSON.
const BATCH: usize = 128;

/// The array of `view`'s programs as serde_json's pretty printer writes it (two spaces an
/// indent), in batches of `batch` programs formatted on up to `threads` threads.
///
/// Each program is written by the pretty printer on its own, one level deeper: every line
/// break it writes is a line of layout (JSON strings hold theirs as `\n`), so two more
/// spaces after each one ([`indent_into`]) make the object exactly as the printer writes it
/// inside the array, and the array's own brackets and commas go around it as the printer
/// puts them (`[]` when empty).
fn write_array(
    view: &View,
    batch: usize,
    threads: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let programs = view.exported_len();
    if programs == 0 {
        return out.write_all(b"[]\n").and_then(|()| out.flush());
    }
    out.write_all(b"[")?;
    let batch = batch.max(1);
    super::write_in_order(
        programs.div_ceil(batch),
        threads,
        || (crate::view::program::Programs::new(*view), Vec::new()),
        |(json, object), k| {
            let mut text = Vec::new();
            for (i, program) in view.exported_from(k * batch, batch).enumerate() {
                text.extend_from_slice(if k == 0 && i == 0 { b"\n  " } else { b",\n  " });
                object.clear();
                serde_json::to_writer_pretty(&mut *object, &json.program(program))?;
                indent_into(&mut text, object);
            }
            Ok(text)
        },
        out,
    )?;
    out.write_all(b"\n]\n")?;
    out.flush()
}

/// Appends `json` to `out` with two spaces after every line break: the text one indent
/// deeper. (The serializer writes into a plain buffer first: its many small writes are
/// copies there, where through an adapter each would be a call.)
fn indent_into(out: &mut Vec<u8>, json: &[u8]) {
    let mut rest = json;
    while let Some(at) = memchr::memchr(b'\n', rest) {
        out.extend_from_slice(&rest[..=at]);
        out.extend_from_slice(b"  ");
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn batches_on_several_threads_are_the_array_the_pretty_printer_writes() {
        let options = crate::pipeline::ScoringOptions {
            limits: crate::costs::Limits {
                max_cost: Some(dec!(60000)),
                ..Default::default()
            },
            ..Default::default()
        };
        let note = |i: usize| match i % 4 {
            0 => "\"two\nlines\"",
            1 => "",
            2 => "\"[{a, b}]\"",
            _ => "plain",
        };
        let report =
            super::super::fixture::report(37, |i| format!("P{i}"), |i| note(i).into(), &options);
        assert!(!report.excluded().is_empty() && !report.ranked().is_empty());
        for (costs, excluded) in [(false, false), (true, true)] {
            let view = View {
                show_costs: costs,
                include_excluded: excluded,
                ..View::new(&report)
            };
            // The reference: the whole array through the pretty printer at once.
            let mut whole =
                serde_json::to_vec_pretty(&crate::view::program::Programs::new(view)).unwrap();
            whole.push(b'\n');
            for batch in [1, 2, 5, 36, 37, 100] {
                for threads in [1, 2, 3] {
                    let mut out = Vec::new();
                    write_array(&view, batch, threads, &mut out).unwrap();
                    assert!(
                        out == whole,
                        "batches of {batch} on {threads} threads:\n{}",
                        String::from_utf8_lossy(&out)
                    );
                }
            }
        }
        let none = View {
            top: Some(0),
            ..View::new(&report)
        };
        let mut out = Vec::new();
        write_array(&none, 4, 2, &mut out).unwrap();
        let mut whole =
            serde_json::to_vec_pretty(&crate::view::program::Programs::new(none)).unwrap();
        whole.push(b'\n');
        assert_eq!(
            String::from_utf8(out).unwrap(),
            String::from_utf8(whole).unwrap()
        );
    }

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
