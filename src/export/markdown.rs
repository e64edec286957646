//! Markdown export: a pipe table to paste into a document, then the flags' messages and
//! any excluded programs as lists.

use super::{Exporter, rating_text};
use crate::error::Result;
use crate::report::{Listed, ProgramResult};
use crate::text::escape_controls;
use crate::values::fixed;
use crate::view::View;
use std::fmt::Write;

/// Writes the ranking as a Markdown table.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownExporter;

/// Escapes text for a pipe table or a list item so that it renders as the very text:
/// `|` and `\\` escaped, newlines as spaces, controls visible, and nothing a Markdown viewer
/// would act on: `[` and `]` escaped, so that neither a link `[x](http://…)` nor an image
/// `![x](http://…)` (a tracking pixel in a shared document) renders; `<` written as `&lt;`,
/// so that no raw HTML or `<http://…>` autolink does; `&` written as `&amp;` where it would
/// start an entity (`&amp;` in a name stays `&amp;`, not `&`); the emphasis, code and
/// strike-through marks `*` `_` `` ` `` `~` escaped; and a start that would open a heading,
/// quote or list in a list item (`# `, `>`, `- `, `+ `, `1. `) escaped.
///
/// Most cells are printable ASCII with none of those characters, and are written as they
/// are, without a copy.
fn cell(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = |b: u8| {
        (b' '..=b'~').contains(&b)
            && !matches!(
                b,
                b'\\' | b'|' | b'[' | b']' | b'<' | b'&' | b'*' | b'_' | b'`' | b'~'
            )
    };
    if text.bytes().all(plain) && block_mark(text).is_none() {
        std::borrow::Cow::Borrowed(text)
    } else {
        escaped(text).into()
    }
}

/// [`cell`]'s escapes, applied to any text.
fn escaped(text: &str) -> String {
    // A line break inside the cell reads as a space (escape_controls).
    let visible = escape_controls(text);
    let mark = block_mark(&visible);
    let mut out = String::with_capacity(visible.len() + 8);
    for (i, c) in visible.char_indices() {
        match c {
            '\\' | '|' | '[' | ']' | '*' | '_' | '`' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '&' if starts_entity(&visible[i + 1..]) => out.push_str("&amp;"),
            _ => {
                if mark == Some(i) {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
}

/// Where `text` has the mark that would make a line starting with it a heading (`# `), a
/// quote (`>`) or a list item (`- `, `+ `, `1. `, `1) `), as a byte offset: the character
/// to escape. `*` is escaped everywhere anyway.
fn block_mark(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let ends_marker = |at: usize| bytes.get(at).is_none_or(|&b| b == b' ' || b == b'\t');
    match bytes.first()? {
        b'>' => Some(0),
        b'-' | b'+' if ends_marker(1) => Some(0),
        b'#' => {
            let hashes = bytes.iter().take_while(|&&b| b == b'#').count();
            (hashes <= 6 && ends_marker(hashes)).then_some(0)
        }
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            (digits <= 9
                && matches!(bytes.get(digits), Some(b'.' | b')'))
                && ends_marker(digits + 1))
            .then_some(digits)
        }
        _ => None,
    }
}

/// Whether the text after a `&` would make it an entity or character reference
/// (`amp;`, `#60;`, `#x3C;`).
fn starts_entity(after: &str) -> bool {
    let name = after.strip_prefix('#').unwrap_or(after);
    let name = name
        .strip_prefix(['x', 'X'])
        .filter(|_| after.starts_with('#'))
        .unwrap_or(name);
    let len = name.bytes().take_while(u8::is_ascii_alphanumeric).count();
    len > 0 && name.as_bytes().get(len) == Some(&b';')
}

/// Text as a Markdown code span: its backticks fenced by a longer run of them, controls
/// visible and newlines as spaces (inside a code span a backslash is literal, so [`cell`]'s
/// escapes would show).
fn code(text: &str) -> String {
    let visible = escape_controls(text);
    let mut longest = 0;
    let mut run = 0;
    for c in visible.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if longest > 0 { " " } else { "" };
    format!("{fence}{pad}{visible}{pad}{fence}")
}

/// [`code`] written straight into a line: a text of printable ASCII without a backtick (every
/// built-in flag id) is fenced as it is, without a copy; any other takes [`code`]'s escapes.
struct Code<'a>(&'a str);

impl std::fmt::Display for Code<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self
            .0
            .bytes()
            .all(|b| (b' '..=b'~').contains(&b) && b != b'`')
        {
            write!(f, "`{}`", self.0)
        } else {
            f.write_str(&code(self.0))
        }
    }
}

impl Exporter for MarkdownExporter {
    /// Writes the table into `out` a batch of rows at a time, the batches made on every
    /// core and written in order ([`super::write_in_order`]).
    fn write(&self, view: &View, out: &mut dyn std::io::Write) -> Result<()> {
        let threads = crate::workers::threads_for(view.ranked().len());
        write_markdown(view, BATCH, threads, out).map_err(super::write_failed)
    }
}

/// Writes the Markdown of `view`, its per-program lines made in batches of `batch` programs
/// on up to `threads` threads.
fn write_markdown(
    view: &View,
    batch: usize,
    threads: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
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
    let ranked = view.ranked();
    in_batches(ranked, batch, threads, out, |program, line| {
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
    })?;
    if ranked.iter().any(|p| !p.flags().is_empty()) {
        writeln!(out, "\n**Red flags**\n")?;
        in_batches(ranked, batch, threads, out, |program, lines| {
            for flag in program.flags().iter() {
                let _ = writeln!(
                    lines,
                    "- {}: {} ({}) {}",
                    cell(program.name()),
                    Code(&flag.id),
                    flag.severity,
                    cell(&flag.message)
                );
            }
        })?;
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

/// Programs whose lines are made as one batch: a few tens of KB of text.
const BATCH: usize = 256;

/// Writes the lines `lines` makes of each of `programs` (appended to the text it is given),
/// in order, the batches of `batch` programs made on up to `threads` threads.
fn in_batches<'a>(
    programs: Listed<'a>,
    batch: usize,
    threads: usize,
    out: &mut dyn std::io::Write,
    lines: impl Fn(ProgramResult<'a>, &mut String) + Sync,
) -> std::io::Result<()> {
    let batch = batch.max(1);
    super::write_in_order(
        programs.len().div_ceil(batch),
        threads,
        || (),
        |(), k| {
            let mut text = String::new();
            let end = (k * batch + batch).min(programs.len());
            for program in programs.slice(k * batch..end) {
                lines(program, &mut text);
            }
            Ok(text)
        },
        out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_made_in_batches_on_several_threads_come_out_in_order() {
        let report = super::super::fixture::report(
            29,
            |i| format!("P{i} | pipe"),
            |_| String::new(),
            &crate::pipeline::ScoringOptions::default(),
        );
        assert!(report.ranked().iter().any(|p| !p.flags().is_empty()));
        for costs in [false, true] {
            let view = View {
                show_costs: costs,
                ..View::new(&report)
            };
            let text = |batch, threads| {
                let mut out = Vec::new();
                write_markdown(&view, batch, threads, &mut out).unwrap();
                String::from_utf8(out).unwrap()
            };
            let whole = text(1000, 1);
            let ranked = report.ranked().len();
            assert!(ranked > 7);
            let rows = whole
                .lines()
                .filter(|l| l.starts_with("| ") && l.contains(" \\| pipe |"))
                .count();
            assert_eq!(rows, ranked, "{whole}");
            for batch in [1, 2, 7, ranked - 1, ranked] {
                for threads in [1, 2, 3] {
                    assert_eq!(text(batch, threads), whole, "{batch} on {threads} threads");
                }
            }
        }
    }

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
        fn a_cell_is_its_escapes_applied_in_turn(
            text in "(\\PC|[\r\n\\\\|\\[\\]<&*_`~#>+\\-1.;\u{1b}\u{202e}a ])*"
        ) {
            proptest::prop_assert_eq!(cell(&text), escaped(&text));
        }
    }

    #[test]
    fn entities_emphasis_code_and_block_starts_are_escaped() {
        assert_eq!(cell("A & B"), "A & B");
        assert_eq!(
            cell("A &amp; B &#60; &#x3C;"),
            "A &amp;amp; B &amp;#60; &amp;#x3C;"
        );
        assert_eq!(
            cell("*a* _b_ `c` ~~d~~"),
            "\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~"
        );
        assert_eq!(cell("# H"), "\\# H");
        assert_eq!(cell("#1 choice"), "#1 choice");
        assert_eq!(cell("> q"), "\\> q");
        assert_eq!(cell("- a"), "\\- a");
        assert_eq!(cell("-5 minus"), "-5 minus");
        assert_eq!(cell("+ a"), "\\+ a");
        assert_eq!(cell("12. a"), "12\\. a");
        assert_eq!(cell("3) a"), "3\\) a");
        assert_eq!(cell("3.5 a"), "3.5 a");
    }

    proptest::proptest! {
        /// A code span written without a copy is the one [`code`] makes.
        #[test]
        fn a_code_span_is_its_escapes_applied(text in "(\\PC|[`\r\n\u{1b}a-])*") {
            proptest::prop_assert_eq!(Code(&text).to_string(), code(&text));
        }
    }

    #[test]
    fn code_spans_fence_their_backticks() {
        assert_eq!(code("weak-faculty"), "`weak-faculty`");
        assert_eq!(code("a_b|c"), "`a_b|c`");
        assert_eq!(code("a`b"), "`` a`b ``");
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
