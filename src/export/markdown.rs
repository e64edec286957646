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
///
/// Most cells are printable ASCII with none of those characters, and are written as they
/// are, without a copy.
fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    let plain =
        |b: u8| (b' '..=b'~').contains(&b) && !matches!(b, b'\\' | b'|' | b'[' | b']' | b'<');
    if text.bytes().all(plain) {
        return std::borrow::Cow::Borrowed(text);
    }
    let flat = text.replace(['\r', '\n'], " ");
    escape_controls(&flat)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "&lt;")
        .into()
}

impl Exporter for MarkdownExporter {
    /// Writes the table row by row into `out`: one line's text is built at a time.
    fn write(&self, view: &View, out: &mut dyn std::io::Write) -> Result<()> {
        write_markdown(view, out).map_err(super::write_failed)
    }
}

fn write_markdown(view: &View, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let report = view.report;
    let mut header = vec!["Rank".to_owned(), "Program".to_owned(), "Score".to_owned()];
    header.extend(report.criteria.iter().map(|c| cell(&c.label).into_owned()));
    if view.show_costs {
        header.extend(
            report
                .cost_columns()
                .iter()
                .map(|(_, title)| cell(title).into_owned()),
        );
    }
    header.push("Red flags".into());
    writeln!(out, "| {} |", header.join(" | "))?;
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
    writeln!(out, "| {} |", align.join(" | "))?;
    // One line at a time, in one reused buffer.
    let mut line = String::new();
    for program in view.ranked() {
        line.clear();
        line.push_str("| ");
        if let Some(rank) = program.rank() {
            let _ = write!(line, "{rank}");
        }
        let _ = write!(
            line,
            " | {} | {}",
            cell(program.name()),
            fixed(program.score(), 2)
        );
        for c in program.criteria().iter() {
            let _ = write!(line, " | {}", rating_text(c.rating));
        }
        if view.show_costs {
            for text in super::cost_texts(report, &program) {
                let _ = write!(line, " | {}", cell(&text));
            }
        }
        line.push_str(" | ");
        for (i, flag) in program.flags().iter().enumerate() {
            if i > 0 {
                line.push_str(", ");
            }
            line.push_str(&cell(&flag.id));
        }
        line.push_str(" |\n");
        out.write_all(line.as_bytes())?;
    }
    let mut flagged = view
        .ranked()
        .iter()
        .filter(|p| !p.flags().is_empty())
        .peekable();
    if flagged.peek().is_some() {
        writeln!(out, "\n**Red flags**\n")?;
        for program in flagged {
            for flag in program.flags().iter() {
                writeln!(
                    out,
                    "- {}: `{}` ({}) {}",
                    cell(program.name()),
                    cell(&flag.id),
                    flag.severity,
                    cell(&flag.message)
                )?;
            }
        }
    }
    let mut excluded = super::excluded_lines(report).peekable();
    if excluded.peek().is_some() {
        writeln!(out, "\n**Excluded**\n")?;
        for line in excluded {
            writeln!(out, "- {}", cell(&line))?;
        }
    }
    if let Some(line) = report.alternatives_line() {
        for sentence in line.lines() {
            writeln!(out, "\n{}", cell(sentence))?;
        }
    }
    writeln!(out, "\nWeights: {}", cell(&report.weights_summary()))
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

    proptest::proptest! {
        /// A cell written as it is is one the escapes would not have changed.
        #[test]
        fn a_cell_is_its_escapes_applied_in_turn(text in "(\\PC|[\r\n\\\\|\\[\\]<\u{1b}\u{202e}a])*") {
            let escaped = escape_controls(&text.replace(['\r', '\n'], " "))
                .replace('\\', "\\\\")
                .replace('|', "\\|")
                .replace('[', "\\[")
                .replace(']', "\\]")
                .replace('<', "&lt;");
            proptest::prop_assert_eq!(cell(&text), escaped);
        }
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
