//! CSV export: `rank,score,red_flags` followed by every input column in its original order,
//! one row per ranked program in rank order, ready to paste back into the spreadsheet.
//!
//! Cells a spreadsheet would run as a formula are defused with a leading `'` (OWASP, "CSV
//! Injection"): text starting with `=`, `+`, `-`, `@`, a tab or a carriage return, or the
//! full-width `＝` `＋` `－` `＠` (which Excel in East Asian locales also evaluates), unless the
//! whole cell is a number such as `-5`.

use super::Exporter;
use crate::error::Result;
use crate::report::Report;
use crate::values::{fixed, looks_numeric, trimmed};

/// Writes the ranking as CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvExporter;

/// The leading characters that make a spreadsheet evaluate a cell as a formula.
pub const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// Prefixes `'` to a cell that a spreadsheet would otherwise evaluate as a formula.
pub fn defuse_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(FORMULA_STARTS);
    if risky && !looks_numeric(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The one CSV writer of progrank: every field of every record, header included, goes
/// through [`defuse_formula`], so no column (program names, flag ids, criterion labels,
/// headers) can reach a spreadsheet as a formula. Numbers pass unchanged.
///
/// Every CSV output (rank, sensitivity, init's starter file) writes through this type;
/// `tests/hostile.rs` fails if `csv::Writer` is used anywhere else in `src/`.
#[derive(Debug)]
pub struct FormulaSafeWriter<W: std::io::Write> {
    inner: ::csv::Writer<W>,
}

impl<W: std::io::Write> FormulaSafeWriter<W> {
    /// A writer with the csv crate's defaults (comma, `"` quoting as needed, `\n`).
    pub fn new(writer: W) -> Self {
        FormulaSafeWriter {
            inner: ::csv::Writer::from_writer(writer),
        }
    }

    /// Writes one record, each field defused.
    pub fn write_record<I, T>(&mut self, record: I) -> ::csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for field in record {
            self.inner
                .write_field(defuse_formula(field.as_ref()).as_bytes())?;
        }
        self.inner.write_record(None::<&[u8]>)
    }

    /// Flushes and returns the underlying writer.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

impl Exporter for CsvExporter {
    fn render(&self, report: &Report) -> Result<Vec<u8>> {
        let mut writer = FormulaSafeWriter::new(Vec::with_capacity(4096));
        let mut record: Vec<String> = vec!["rank".into(), "score".into(), "red_flags".into()];
        if report.include_excluded {
            record.push("status".into());
        }
        if report.show_costs {
            record.extend(
                super::COST_COLUMNS
                    .iter()
                    .map(|(name, _)| (*name).to_owned()),
            );
        }
        record.extend(report.headers.iter().cloned());
        writer
            .write_record(&record)
            .expect("writing to a Vec cannot fail");
        for program in report.exported() {
            record.clear();
            record.push(program.rank.map_or_else(String::new, |r| r.to_string()));
            record.push(fixed(program.score, 2));
            record.push(crate::text::join(
                program.flags.iter().map(|f| f.id.as_str()),
                ";",
            ));
            if report.include_excluded {
                record.push(program.status());
            }
            if report.show_costs {
                let [net_cost, hours, per_thousand] = super::cost_values(program);
                let text = |v: Option<_>, format: fn(_, u32) -> String| {
                    v.map_or_else(String::new, |v| format(v, 2))
                };
                record.push(text(net_cost, trimmed));
                record.push(text(hours, trimmed));
                record.push(text(per_thousand, fixed));
            }
            record.extend(program.cells.iter().cloned());
            writer
                .write_record(&record)
                .expect("writing to a Vec cannot fail");
        }
        Ok(writer.into_inner().expect("flushing a Vec cannot fail"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_but_numbers_are_not() {
        for risky in [
            "=1+1",
            "+SUM(A1)",
            "-x",
            "@cmd",
            "\tx",
            "\rx",
            "=HYPERLINK(\"x\")",
        ] {
            assert_eq!(defuse_formula(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["-5", "+3.5", "-1e3", "plain", "", "a=b"] {
            assert_eq!(defuse_formula(safe), safe, "{safe:?}");
        }
    }

    #[test]
    fn every_formula_start_is_defused_including_full_width() {
        for start in FORMULA_STARTS {
            for rest in ["1+1", "SUM(A1:A9)", "cmd|' /C calc'!A0", ""] {
                let cell = format!("{start}{rest}");
                if looks_numeric(&cell) {
                    continue;
                }
                assert_eq!(defuse_formula(&cell), format!("'{cell}"), "{cell:?}");
            }
        }
        for full_width in ["\u{FF1D}1+1", "\u{FF0B}1", "\u{FF0D}1", "\u{FF20}SUM(A1)"] {
            assert!(
                defuse_formula(full_width).starts_with('\''),
                "{full_width:?}"
            );
        }
    }

    #[test]
    fn no_other_leading_character_is_touched() {
        let starts = (0u32..0x3000)
            .chain(0xFF00..0xFF70)
            .filter_map(char::from_u32)
            .filter(|c| !FORMULA_STARTS.contains(c));
        for start in starts {
            let cell = format!("{start}x");
            assert_eq!(defuse_formula(&cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn real_numbers_stay_numbers() {
        for n in ["-5", "+5", "-0.25", "+1e3", "-2E-4"] {
            assert_eq!(defuse_formula(n), n, "{n:?}");
        }
        // Full-width digits are not numbers to a spreadsheet: a full-width minus is defused.
        assert_eq!(defuse_formula("\u{FF0D}5"), "'\u{FF0D}5");
    }
}
