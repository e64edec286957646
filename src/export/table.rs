//! The terminal table (comfy-table), with the notes a person needs under it: each raised
//! flag's message, excluded programs, checks that could not run, and the weights used.
//!
//! Colour is added only when the caller says so (a terminal without `NO_COLOR`); comfy-table
//! is told there is no terminal otherwise, so output to a file or a pipe is plain and stable.
//! Every cell from the input has its control characters made visible first.

use super::{Exporter, rating_text};
use crate::config::Severity;
use crate::error::Result;
use crate::report::{ProgramResult, Report};
use crate::text::{escape_controls, join};
use crate::values::fixed;
use comfy_table::{Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write;

/// How the table is laid out on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TableStyle {
    /// Wrap the table to this many columns; `None` lets it be as wide as its content.
    pub width: Option<u16>,
    /// Let comfy-table read the terminal's width itself.
    pub fit_terminal: bool,
    /// Colour flags by severity.
    pub color: bool,
}

/// Renders the ranking as a table followed by notes.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableExporter {
    /// Layout and colour.
    pub style: TableStyle,
}

const BAR_CELLS: u32 = 10;
const PARTIAL_BLOCKS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/// A bar of up to ten cells for a 0–100 score, in eighths of a cell.
pub fn score_bar(score: Decimal) -> String {
    let eighths = (score * Decimal::from(BAR_CELLS * 8) / Decimal::ONE_HUNDRED)
        .floor()
        .clamp(Decimal::ZERO, Decimal::from(BAR_CELLS * 8));
    let eighths = eighths.to_u32().unwrap_or(0);
    let mut bar = "█".repeat((eighths / 8) as usize);
    bar.push_str(PARTIAL_BLOCKS[(eighths % 8) as usize]);
    bar
}

fn severity_color(severity: Severity) -> Color {
    match severity {
        Severity::Critical => Color::Red,
        Severity::Warning => Color::Yellow,
    }
}

impl TableExporter {
    fn table(&self, report: &Report, compact: bool) -> Table {
        let mut table = Table::new();
        table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        if !self.style.fit_terminal {
            table.force_no_tty();
        }
        if self.style.color {
            table.enforce_styling();
        }
        match (self.style.width, self.style.fit_terminal) {
            (Some(width), _) => {
                table
                    .set_width(width)
                    .set_content_arrangement(ContentArrangement::Dynamic);
            }
            (None, true) => {
                table.set_content_arrangement(ContentArrangement::Dynamic);
            }
            (None, false) => {
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        let mut header = vec![Cell::new("#"), Cell::new("Program"), Cell::new("Score")];
        // One word per line keeps rating columns narrow enough to fit beside long names.
        header.extend(report.criteria.iter().map(|c| {
            Cell::new(
                escape_controls(&c.label)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        }));
        if report.show_costs {
            header.extend(
                super::COST_COLUMNS
                    .iter()
                    .map(|(_, title)| Cell::new(title.replace(' ', "\n"))),
            );
        }
        header.push(Cell::new("Red flags"));
        table.set_header(header);
        for program in &report.ranked {
            table.add_row(self.row(program, compact, report.show_costs));
        }
        // Rank, score and ratings keep their width; names and flags wrap when space is short.
        let cost_columns = if report.show_costs {
            super::COST_COLUMNS.len()
        } else {
            0
        };
        let numeric = std::iter::once(0)
            .chain(std::iter::once(2))
            .chain(3..3 + report.criteria.len() + cost_columns);
        for i in numeric {
            if let Some(column) = table.column_mut(i) {
                column.set_constraint(if compact && i > 2 {
                    ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(3))
                } else {
                    ColumnConstraint::ContentWidth
                });
                if i != 2 {
                    column.set_cell_alignment(CellAlignment::Right);
                }
            }
        }
        // Names matter more than flag ids when the table must wrap.
        if let Some(column) = table.column_mut(1) {
            column.set_constraint(ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(
                20,
            )));
        }
        table
    }

    fn row(&self, program: &ProgramResult, compact: bool, costs: bool) -> Vec<Cell> {
        let score = if compact {
            fixed(program.score, 1)
        } else {
            format!(
                "{:>5} {}",
                fixed(program.score, 1),
                score_bar(program.score)
            )
        };
        let mut row = vec![
            Cell::new(program.rank.map_or_else(String::new, |r| r.to_string())),
            Cell::new(escape_controls(&program.name)),
            Cell::new(score),
        ];
        row.extend(
            program
                .criteria
                .iter()
                .map(|c| Cell::new(rating_text(c.rating))),
        );
        if costs {
            row.extend(super::cost_texts(program).into_iter().map(Cell::new));
        }
        let flags = Cell::new(join(program.flags.iter().map(|f| f.id.as_str()), "\n"));
        let worst = program.flags.iter().map(|f| f.severity).max();
        row.push(match worst {
            Some(severity) if self.style.color => flags.fg(severity_color(severity)),
            _ => flags,
        });
        row
    }
}

impl Exporter for TableExporter {
    fn render(&self, report: &Report) -> Result<Vec<u8>> {
        let mut out = String::new();
        if report.ranked.is_empty() {
            out.push_str("No program is left to rank: every program was excluded.\n");
        } else {
            // Bars and whole-word headers first; if that cannot fit the width, drop the bars
            // and let rating headers wrap.
            let table = self.table(report, false);
            let limit = table.width().map(usize::from);
            let text = table.to_string();
            let fits = limit.is_none_or(|w| text.lines().all(|l| l.chars().count() <= w));
            let text = if fits {
                text
            } else {
                self.table(report, true).to_string()
            };
            let _ = writeln!(out, "{text}");
        }
        notes(report, &mut out);
        Ok(out.into_bytes())
    }
}

/// The notes under the table, shared by every human-readable rendering.
fn notes(report: &Report, out: &mut String) {
    if report.omitted_by_top > 0 {
        let _ = write!(
            out,
            "\nShowing the top {} of {} ranked programs",
            report.ranked.len(),
            report.ranked.len() + report.omitted_by_top
        );
        if report.ties_cut_by_top > 0 {
            let rank = report.ranked.last().and_then(|p| p.rank).unwrap_or(0);
            let _ = write!(out, "; {} more share rank {rank}", report.ties_cut_by_top);
        }
        out.push_str(".\n");
    }
    let flagged: Vec<&ProgramResult> = report
        .ranked
        .iter()
        .filter(|p| !p.flags.is_empty())
        .collect();
    if !flagged.is_empty() {
        out.push_str("\nRed flags\n");
        for program in flagged {
            let _ = writeln!(out, "  {}", escape_controls(&program.name));
            for flag in &program.flags {
                let _ = writeln!(out, "    {} ({}): {}", flag.id, flag.severity, flag.message);
            }
        }
    }
    let excluded = super::excluded_lines(report);
    if !excluded.is_empty() {
        out.push_str("\nExcluded from the ranking\n");
        for line in excluded {
            let _ = writeln!(out, "  {line}");
        }
    }
    let unknown = report.limit_unknown_lines();
    if !unknown.is_empty() {
        out.push_str("\nLimits that could not be checked (kept in the ranking)\n");
        for line in unknown {
            let _ = writeln!(out, "  {line}");
        }
    }
    if let Some(line) = report.alternatives_line() {
        let _ = writeln!(out, "\n{line}");
    }
    let unchecked = report.unchecked_lines();
    if !unchecked.is_empty() {
        out.push_str("\nChecks that could not run\n");
        for line in unchecked {
            let _ = writeln!(out, "  {line}");
        }
    }
    let _ = writeln!(
        out,
        "\nWeights: {}",
        escape_controls(&report.weights_summary())
    );
    let any_missing = report
        .ranked
        .iter()
        .chain(&report.excluded)
        .any(|p| p.criteria.iter().any(|c| c.rating.is_none()));
    if any_missing {
        let _ = writeln!(out, "Missing: {}.", report.missing_summary());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn bars_grow_in_eighths() {
        assert_eq!(score_bar(dec!(0)), "");
        assert_eq!(score_bar(dec!(100)), "██████████");
        assert_eq!(score_bar(dec!(50)), "█████");
        assert_eq!(score_bar(dec!(61.25)), "██████▏");
        assert_eq!(score_bar(dec!(99.99)), "█████████▉");
        assert_eq!(score_bar(dec!(150)), "██████████");
        assert_eq!(score_bar(dec!(-3)), "");
    }
}
