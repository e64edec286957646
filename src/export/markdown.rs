//! Markdown export: a pipe table to paste into a document, then the flags' messages and
//! any excluded programs as lists.

use super::{Exporter, rating_text};
use crate::error::Result;
use crate::text::escape_controls;
use crate::values::fixed;
use crate::view::View;
use std::fmt::Write;

/// Writes the ranking as a Markdown table.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownExporter;

/// Escapes text for a pipe table: `|` and `\` escaped, newlines as spaces, controls visible,
/// and nothing a Markdown viewer would act on: `[` and `]` escaped, so that neither a link
/// `[x](http://…)` nor an image `![x](http://…)` (a tracking pixel in a shared document)
/// renders, and `<` written as `&lt;`, so that no raw HTML or `<http://…>` autolink does.
fn cell(text: &str) -> String {
    let flat = text.replace(['\r', '\n'], " ");
    escape_controls(&flat)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "&lt;")
}

impl Exporter for MarkdownExporter {
    fn write(&self, view: &View, sink: &mut dyn std::io::Write) -> Result<()> {
        let report = view.report;
        let mut out = String::new();
        let mut header = vec!["Rank".to_owned(), "Program".to_owned(), "Score".to_owned()];
        header.extend(report.criteria.iter().map(|c| cell(&c.label)));
        if view.show_costs {
            header.extend(report.cost_columns().iter().map(|(_, title)| cell(title)));
        }
        header.push("Red flags".into());
        let _ = writeln!(out, "| {} |", header.join(" | "));
        let align: Vec<&str> = header
            .iter()
            .enumerate()
            .map(|(i, _)| {
                if i == 1 || i == header.len() - 1 {
                    "---"
                } else {
                    "---:"
                }
            })
            .collect();
        let _ = writeln!(out, "| {} |", align.join(" | "));
        for program in view.ranked() {
            let mut row = vec![
                program.rank.map_or_else(String::new, |r| r.to_string()),
                cell(&program.name),
                fixed(program.score, 2),
            ];
            row.extend(program.criteria.iter().map(|c| rating_text(c.rating)));
            if view.show_costs {
                row.extend(super::cost_texts(report, program).iter().map(|t| cell(t)));
            }
            row.push(crate::text::join(
                program.flags.iter().map(|f| cell(&f.id)),
                ", ",
            ));
            let _ = writeln!(out, "| {} |", row.join(" | "));
        }
        let flagged: Vec<_> = view
            .ranked()
            .iter()
            .filter(|p| !p.flags.is_empty())
            .collect();
        if !flagged.is_empty() {
            let _ = writeln!(out, "\n**Red flags**\n");
            for program in flagged {
                for flag in &program.flags {
                    let _ = writeln!(
                        out,
                        "- {}: `{}` ({}) {}",
                        cell(&program.name),
                        cell(&flag.id),
                        flag.severity,
                        cell(&flag.message)
                    );
                }
            }
        }
        let excluded = super::excluded_lines(report);
        if !excluded.is_empty() {
            let _ = writeln!(out, "\n**Excluded**\n");
            for line in excluded {
                let _ = writeln!(out, "- {}", cell(&line));
            }
        }
        if let Some(line) = report.alternatives_line() {
            for sentence in line.lines() {
                let _ = writeln!(out, "\n{}", cell(sentence));
            }
        }
        let _ = writeln!(out, "\nWeights: {}", cell(&report.weights_summary()));
        sink.write_all(out.as_bytes()).map_err(super::write_failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("two\nlines"), "two lines");
        assert_eq!(cell("<script>"), "&lt;script>");
        assert_eq!(cell("x\u{1b}y"), "x\\\\u{1b}y");
    }

    #[test]
    fn links_and_images_are_inert() {
        assert_eq!(
            cell("![x](http://t.example/p.gif)"),
            "!\\[x\\](http://t.example/p.gif)"
        );
        assert_eq!(cell("[click](javascript:x)"), "\\[click\\](javascript:x)");
        assert_eq!(cell("<http://t.example>"), "&lt;http://t.example>");
    }
}
