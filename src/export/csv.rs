//! CSV export: `rank,score,red_flags` followed by every input column in its original order,
//! one row per ranked program in rank order, ready to paste back into the spreadsheet.
//!
//! Cells a spreadsheet would run as a formula are defused with a leading `'` (OWASP, "CSV
//! Injection"): text starting with `=`, `+`, `-`, `@`, a tab or a carriage return, unless the
//! whole cell is a number such as `-5`.

use super::Exporter;
use crate::error::Result;
use crate::report::Report;
use crate::values::{fixed, looks_numeric, trimmed};

/// Writes the ranking as CSV.
#[derive(Debug, Clone, Copy, Default)]
pub struct CsvExporter;

/// Prefixes `'` to a cell that a spreadsheet would otherwise evaluate as a formula.
pub fn defuse_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !looks_numeric(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

impl Exporter for CsvExporter {
    fn render(&self, report: &Report) -> Result<Vec<u8>> {
        let mut writer = csv::Writer::from_writer(Vec::with_capacity(4096));
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
        record.extend(
            report
                .headers
                .iter()
                .map(|h| defuse_formula(h).into_owned()),
        );
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
            record.extend(program.cells.iter().map(|c| defuse_formula(c).into_owned()));
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
}
