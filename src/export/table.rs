//! The terminal table (comfy-table), with the notes a person needs under it: each raised
//! flag's message, excluded programs, checks that could not run, and the weights used.
//!
//! The table always fits a width: `--width`, else the terminal's, else [`DEFAULT_WIDTH`] for a
//! pipe or a file. [`layout`] decides which columns show and how wide each is; [`wrap`] fills
//! every cell to its width before comfy-table sees it, so comfy-table never wraps anything (its
//! wrapping splits words and is quadratic in a cell's length). Words are never split: names
//! wrap at spaces, headers use the weights file's short labels, and only a word wider than its
//! whole column is cut, with `…`. The notes under the table wrap to the same width.
//!
//! Colour is added only when the caller says so (a terminal without `NO_COLOR`); comfy-table
//! is told there is no terminal otherwise, so output to a file or a pipe is plain and stable.
//! Every string from the input or a weights file has its control characters made visible
//! first ([`escape_controls`]).

pub mod layout;
pub mod wrap;

use self::layout::{Measure, Plan};
use self::wrap::longest_word;
use super::{Exporter, rating_text};
use crate::config::Severity;
use crate::error::Result;
use crate::report::{Listed, ProgramResult};
use crate::text::width as text_width;
use crate::text::{escape_controls, join};
use crate::values::fixed;
use crate::view::View;
use comfy_table::{Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// The width of the table when it goes to a pipe or a file and `--width` is not given.
pub const DEFAULT_WIDTH: u16 = 100;

/// How the table is laid out on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TableStyle {
    /// Fit the table in this many columns; `None` uses the terminal's width when
    /// `fit_terminal` is set, else [`DEFAULT_WIDTH`].
    pub width: Option<u16>,
    /// Read the terminal's width (standard output is a terminal).
    pub fit_terminal: bool,
    /// Colour flags by severity.
    pub color: bool,
}

impl TableStyle {
    /// The number of columns the table and its notes must fit in.
    pub fn target_width(&self) -> usize {
        let width = match (self.width, self.fit_terminal) {
            (Some(width), _) => width,
            // comfy-table asks the terminal (it is the one crate here that knows how); a
            // terminal that reports no columns (some pseudo-terminals say 0) gets the default.
            (None, true) => Table::new()
                .width()
                .filter(|w| *w > 0)
                .unwrap_or(DEFAULT_WIDTH),
            (None, false) => DEFAULT_WIDTH,
        };
        usize::from(width)
    }
}

/// Renders the ranking as a table followed by notes, in the view's [`TableStyle`].
#[derive(Debug, Clone, Copy, Default)]
pub struct TableExporter;

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

const NAME_HEADER: &str = "Program";
const SCORE_HEADER: &str = "Score";
const FLAGS_HEADER: &str = "Red flags";

/// A rating or cost column: its heading and its width.
struct Extra {
    title: String,
    width: usize,
}

/// One ranked program's texts, made safe for a terminal: worked out when the table is
/// measured and again when its rows are drawn, so that no more than one piece of rows holds
/// them at once.
struct RowText {
    name: String,
    score_plain: String,
    score_bar: String,
    /// The ratings, then (with `--costs`) the cost cells.
    extras: Vec<String>,
    /// The flag ids, escaped.
    flags: Vec<String>,
}

impl RowText {
    fn new(view: &View, program: &ProgramResult) -> RowText {
        let report = view.report;
        let score_plain = fixed(program.score(), 1);
        let score_bar = format!("{score_plain:>5} {}", score_bar(program.score()));
        let criteria = program.criteria();
        let mut extras: Vec<String> = (0..report.criteria.len())
            .map(|i| rating_text(criteria.get(i).and_then(|c| c.rating)))
            .collect();
        if view.show_costs {
            extras.extend(super::cost_texts(report, program));
        }
        RowText {
            name: escape_controls(program.name()),
            score_plain,
            score_bar,
            extras,
            flags: program
                .flags()
                .iter()
                .map(|f| escape_controls(&f.id))
                .collect(),
        }
    }
}

/// What the table shows, measured, before layout.
struct Grid<'a> {
    view: View<'a>,
    ranked: Listed<'a>,
    extras: Vec<Extra>,
    /// Flag ids in the order they first appear, numbered from 1 by position.
    marker_ids: Vec<String>,
    measure: Measure,
}

impl<'a> Grid<'a> {
    fn new(view: &View<'a>) -> Grid<'a> {
        let report = view.report;
        let ranked = view.ranked();
        let mut titles: Vec<String> = report
            .criteria
            .iter()
            .map(|c| escape_controls(&c.label_short))
            .collect();
        // Least weight goes first; of equal weights, the one further right.
        let mut drop_order: Vec<usize> = (0..titles.len()).collect();
        drop_order.sort_by(|&a, &b| {
            report.criteria[a]
                .weight
                .cmp(&report.criteria[b].weight)
                .then(b.cmp(&a))
        });
        if view.show_costs {
            let first = titles.len();
            titles.extend(report.cost_columns().into_iter().map(|(_, title)| title));
            drop_order.extend((first..titles.len()).rev());
        }
        // One pass over the rows: the widest text of every column, and the flags in the
        // order they first appear.
        let mut widths: Vec<usize> = titles.iter().map(|t| longest_word(t).max(1)).collect();
        let (mut name_natural, mut name_longest_word) = (0, 0);
        let (mut score_bar_width, mut score_plain_width, mut flag_ids) = (0, 0, 0);
        let mut marker_ids: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for program in ranked {
            let text = RowText::new(view, &program);
            let (natural, longest) = name_widths(&text.name);
            name_natural = name_natural.max(natural);
            name_longest_word = name_longest_word.max(longest);
            score_bar_width = score_bar_width.max(text_width(&text.score_bar));
            score_plain_width = score_plain_width.max(text_width(&text.score_plain));
            for (width, value) in widths.iter_mut().zip(&text.extras) {
                *width = (*width).max(text_width(value));
            }
            for id in text.flags {
                flag_ids = flag_ids.max(text_width(&id));
                if !seen.contains(&id) {
                    seen.insert(id.clone());
                    marker_ids.push(id);
                }
            }
        }
        let extras: Vec<Extra> = titles
            .into_iter()
            .zip(widths)
            .map(|(title, width)| Extra { title, width })
            .collect();
        let flag_title = longest_word(FLAGS_HEADER);
        let measure = Measure {
            rank: ranked
                .iter()
                .filter_map(|p| p.rank())
                .map(|r| r.to_string().len())
                .max()
                .unwrap_or(0)
                .max(1),
            score_bar: score_bar_width.max(SCORE_HEADER.len()),
            score_plain: score_plain_width.max(SCORE_HEADER.len()),
            extras: extras.iter().map(|e| e.width).collect(),
            drop_order,
            flag_ids: flag_ids.max(flag_title),
            flag_markers: marker(marker_ids.len()).len().max(flag_title),
            name_natural: name_natural.max(NAME_HEADER.len()),
            name_longest_word,
        };
        Grid {
            view: *view,
            ranked,
            extras,
            marker_ids,
            measure,
        }
    }

    /// Writes the table into `out` in pieces of `chunk` programs, each drawn by comfy-table
    /// with every column at its width over the whole table, so the pieces join into the one
    /// table comfy-table would draw of all the rows (its top border and header first, its
    /// bottom border last), without all the rows' cells and lines in memory at once.
    fn write(
        &self,
        plan: &Plan,
        color: bool,
        chunk: usize,
        threads: usize,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        let rows = self.ranked.len();
        let chunks: Vec<std::ops::Range<usize>> = (0..rows)
            .step_by(chunk.max(1))
            .map(|start| start..(start + chunk.max(1)).min(rows))
            .collect();
        // The pieces are drawn on `threads` threads: comfy-table's layout of a row costs far
        // more than writing it.
        let threads = threads.min(chunks.len()).max(1);
        // First the width of every column over the header and all the rows...
        let mut widths: Vec<u16> = Vec::new();
        let pieces = crate::workers::in_turn(chunks.len(), threads, |i| {
            self.draw(plan, color, chunks[i].clone(), i == 0, None)
                .column_max_content_widths()
        });
        for piece in pieces {
            widths.resize(widths.len().max(piece.len()), 0);
            for (w, p) in widths.iter_mut().zip(piece) {
                *w = (*w).max(p);
            }
        }
        // ...then the rows at those widths, piece by piece, written in order: each piece
        // but the first without its top border (the previous piece's bottom one), each but
        // the last without its bottom border.
        let last = chunks.len().saturating_sub(1);
        super::write_in_order(
            chunks.len(),
            threads,
            || (),
            |(), i| {
                let table = self.draw(plan, color, chunks[i].clone(), i == 0, Some(&widths));
                let lines: Vec<String> = table.lines().collect();
                let from = usize::from(i > 0);
                let to = if i < last {
                    lines.len().saturating_sub(1)
                } else {
                    lines.len()
                };
                let mut text = String::new();
                for line in lines.get(from..to).unwrap_or_default() {
                    text.push_str(line);
                    text.push('\n');
                }
                Ok(text)
            },
            out,
        )
    }

    /// The rows `rows` as comfy-table draws them, every cell already wrapped to its column;
    /// with the header when `header`, and every column at `widths` when given.
    fn draw(
        &self,
        plan: &Plan,
        color: bool,
        rows: std::ops::Range<usize>,
        header: bool,
        widths: Option<&[u16]>,
    ) -> Table {
        let mut table = Table::new();
        table.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        table.force_no_tty();
        if color {
            table.enforce_styling();
        }
        table.set_content_arrangement(ContentArrangement::Disabled);
        let shown: Vec<&Extra> = self
            .extras
            .iter()
            .zip(&plan.shown)
            .filter(|(_, shown)| **shown)
            .map(|(e, _)| e)
            .collect();
        let shown_values = |values: &[String]| -> Vec<Cell> {
            values
                .iter()
                .zip(&plan.shown)
                .filter(|(_, shown)| **shown)
                .map(|(v, _)| Cell::new(v))
                .collect()
        };
        let flag_width = if plan.markers {
            self.measure.flag_markers
        } else {
            self.measure.flag_ids
        };
        if header {
            let mut header = vec![
                Cell::new("#"),
                Cell::new(wrap::cut(NAME_HEADER, plan.name)),
                Cell::new(SCORE_HEADER),
            ];
            header.extend(
                shown
                    .iter()
                    .map(|e| Cell::new(wrap::wrap(&e.title, e.width).join("\n"))),
            );
            header.push(Cell::new(wrap::wrap(FLAGS_HEADER, flag_width).join("\n")));
            table.set_header(header);
        }
        let markers: HashMap<&str, String> = if plan.markers {
            self.marker_ids
                .iter()
                .enumerate()
                .map(|(i, id)| (id.as_str(), marker(i + 1)))
                .collect()
        } else {
            HashMap::new()
        };
        for program in self.ranked.slice(rows) {
            let text = RowText::new(&self.view, &program);
            let score = if plan.bars {
                &text.score_bar
            } else {
                &text.score_plain
            };
            let mut row = vec![
                Cell::new(program.rank().map_or_else(String::new, |r| r.to_string())),
                Cell::new(wrap::wrap(&text.name, plan.name).join("\n")),
                Cell::new(score),
            ];
            row.extend(shown_values(&text.extras));
            let flags = if plan.markers {
                let marks = join(
                    text.flags
                        .iter()
                        .map(|id| markers.get(id.as_str()).map_or("", String::as_str)),
                    " ",
                );
                wrap::wrap(&marks, flag_width).join("\n")
            } else {
                text.flags.join("\n")
            };
            row.push(flag_cell(flags, &program, color));
            table.add_row(row);
        }
        // Numbers line up on the right; names, flags and the score with its bar read from
        // the left.
        let score = (!plan.bars).then_some(2);
        for i in std::iter::once(0).chain(score).chain(3..3 + shown.len()) {
            if let Some(column) = table.column_mut(i) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
        if let Some(widths) = widths {
            // Content width plus the cell's padding, one space either side.
            table.set_constraints(
                widths
                    .iter()
                    .map(|w| ColumnConstraint::Absolute(Width::Fixed(w.saturating_add(2)))),
            );
        }
        table
    }

    /// The lines under the table that explain what the layout changed.
    fn layout_notes(&self, plan: &Plan, width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        if plan.markers && !self.marker_ids.is_empty() {
            let items = self
                .marker_ids
                .iter()
                .enumerate()
                .map(|(i, id)| format!("{} {id}", marker(i + 1)));
            lines.extend(wrap::pack("Flags: ", items, "  ", width));
        }
        let dropped: Vec<&str> = self
            .extras
            .iter()
            .zip(&plan.shown)
            .filter(|(_, shown)| !**shown)
            .map(|(e, _)| e.title.as_str())
            .collect();
        if !dropped.is_empty() {
            let all = self.measure.width_for_all_columns().max(width + 1);
            lines.push(format!(
                "Not shown at {width} columns: {}. --width {all} shows every column, as do \
                 --format csv and --format markdown.",
                join(&dropped, ", ")
            ));
        }
        lines
    }
}

/// A name's width on one line (words joined by single spaces) and its widest word that the
/// layout keeps whole (see [`layout::NAME_WORD_KEPT`]).
fn name_widths(name: &str) -> (usize, usize) {
    let (mut total, mut longest, mut words) = (0, 0, 0);
    for word in name.split_whitespace() {
        let w = text_width(word);
        total += w;
        if w <= layout::NAME_WORD_KEPT {
            longest = longest.max(w);
        }
        words += 1;
    }
    (total + words.max(1) - 1, longest)
}

/// The numbered marker that stands for a flag in a narrow table: `[3]`.
fn marker(n: usize) -> String {
    format!("[{n}]")
}

fn flag_cell(text: String, program: &ProgramResult, color: bool) -> Cell {
    let cell = Cell::new(text);
    match program.flags().iter().map(|f| f.severity).max() {
        Some(severity) if color => cell.fg(severity_color(severity)),
        _ => cell,
    }
}

/// Programs drawn by comfy-table at a time: the table goes out in pieces of this many rows.
/// A piece's cells and lines take a few KiB a row while it is drawn, so pieces of 4,096
/// rows held about 19 MiB; 1,024 held a quarter of that. Pieces are drawn on every core
/// (each core holds one, and a few wait to be written), so they are smaller again: a
/// million rows peak at 73 MiB in 256-row pieces, 80 MiB in 1,024-row ones, in the same
/// time.
const CHUNK_ROWS: usize = 256;

impl Exporter for TableExporter {
    fn write(&self, view: &View, out: &mut dyn std::io::Write) -> Result<()> {
        let threads = crate::workers::threads_for(view.ranked().len());
        write_table(view, CHUNK_ROWS, threads, out).map_err(super::write_failed)
    }
}

/// The table, in pieces of `chunk` programs drawn on up to `threads` threads, then the
/// notes under it, line by line.
fn write_table(
    view: &View,
    chunk: usize,
    threads: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let width = view.table.target_width();
    let mut under = Vec::new();
    if view.ranked().is_empty() {
        out.write_all(b"No program is left to rank: every program was excluded.\n")?;
    } else {
        let grid = Grid::new(view);
        let plan = grid.measure.plan(width);
        grid.write(&plan, view.table.color, chunk, threads, out)?;
        under = grid.layout_notes(&plan, width);
    }
    let mut text = NoteLines::new(out, width);
    for line in &under {
        let _ = writeln!(text, "{line}");
    }
    notes(view, width, &mut text);
    text.finish()
}

/// Writes the notes as they come, each line wrapped to the width ([`wrap::wrap_note`]) once
/// it is complete.
struct NoteLines<'w> {
    /// The output, which keeps the first write that failed and writes nothing after it.
    out: super::TextToBytes<'w>,
    width: usize,
    line: String,
}

impl<'w> NoteLines<'w> {
    fn new(out: &'w mut dyn std::io::Write, width: usize) -> Self {
        NoteLines {
            out: super::TextToBytes::new(out),
            width,
            line: String::new(),
        }
    }

    /// Wraps and writes the line gathered so far.
    fn emit(&mut self) {
        let line = self.line.strip_suffix('\r').unwrap_or(&self.line);
        for piece in wrap::wrap_note(line, self.width) {
            let _ = writeln!(self.out, "{piece}");
        }
        self.line.clear();
    }

    /// Writes the last line (if it has no line end) and reports a write that failed.
    fn finish(mut self) -> std::io::Result<()> {
        if !self.line.is_empty() {
            self.emit();
        }
        self.out.finish()
    }
}

impl std::fmt::Write for NoteLines<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        let mut rest = text;
        while let Some(end) = rest.find('\n') {
            self.line.push_str(&rest[..end]);
            self.emit();
            rest = &rest[end + 1..];
        }
        self.line.push_str(rest);
        Ok(())
    }
}

/// The notes under the table. Every string in them is escaped for the terminal here.
fn notes(view: &View, width: usize, out: &mut impl std::fmt::Write) {
    let report = view.report;
    let ranked = view.ranked();
    if view.omitted_by_top() > 0 {
        let _ = write!(
            out,
            "\nShowing the top {} of {} ranked programs",
            ranked.len(),
            report.ranked().len()
        );
        if view.ties_cut_by_top() > 0 {
            let rank = ranked.last().and_then(|p| p.rank()).unwrap_or(0);
            let _ = write!(out, "; {} more share rank {rank}", view.ties_cut_by_top());
        }
        let _ = out.write_str(".\n");
    }
    // Read as they are written: no list of the flagged programs is made.
    let mut flagged = ranked.iter().filter(|p| !p.flags().is_empty()).peekable();
    if flagged.peek().is_some() {
        let _ = out.write_str("\nRed flags\n");
        for program in flagged {
            let _ = writeln!(out, "  {}", escape_controls(program.name()));
            for flag in program.flags().iter() {
                let _ = writeln!(
                    out,
                    "    {} ({}): {}",
                    escape_controls(&flag.id),
                    flag.severity,
                    escape_controls(&flag.message)
                );
            }
        }
    }
    let mut excluded = super::excluded_lines(report).peekable();
    if excluded.peek().is_some() {
        let _ = out.write_str("\nExcluded from the ranking\n");
        for line in excluded {
            let _ = writeln!(out, "  {}", escape_controls(&line));
        }
    }
    let mut unknown = view.limit_unknown_lines().peekable();
    if unknown.peek().is_some() {
        let _ = out.write_str("\nLimits that could not be checked (kept in the ranking)\n");
        for line in unknown {
            let _ = writeln!(out, "  {}", escape_controls(&line));
        }
    }
    if let Some(line) = report.alternatives_line() {
        // Several sentences on lines of their own: each line is escaped, the breaks kept.
        let _ = writeln!(
            out,
            "\n{}",
            join(line.split('\n').map(escape_controls), "\n")
        );
    }
    let unchecked = report.unchecked_lines();
    if !unchecked.is_empty() {
        let _ = out.write_str("\nChecks that could not run\n");
        for line in unchecked {
            let _ = writeln!(out, "  {}", escape_controls(&line));
        }
    }
    // People read this line: criteria by label (the CSV and JSON keep the ids), and a label
    // stays on one line with its weight.
    let count = report.criteria.len();
    let items = report
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let comma = if i + 1 < count { "," } else { "" };
            escape_controls(&format!("{} {}{comma}", c.label, c.weight.normalize()))
        })
        .chain(std::iter::once(escape_controls(&format!(
            "({})",
            report.weights_source_summary()
        ))));
    let _ = out.write_char('\n');
    for line in wrap::pack("Weights: ", items, " ", width) {
        let _ = writeln!(out, "{line}");
    }
    let any_missing = ranked
        .iter()
        .chain(&report.excluded())
        .any(|p| p.criteria().iter().any(|c| c.rating.is_none()));
    if any_missing {
        let _ = writeln!(out, "Missing: {}.", report.missing_summary());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_table_written_in_pieces_is_the_table_written_whole() {
        let name = |i: usize| {
            if i.is_multiple_of(5) {
                format!("P{i} a rather long programme name that must wrap")
            } else {
                format!("P{i}")
            }
        };
        let report = super::super::fixture::report(
            23,
            name,
            |_| String::new(),
            &crate::pipeline::ScoringOptions::default(),
        );
        assert!(report.ranked().iter().any(|p| !p.flags().is_empty()));
        for (width, costs) in [(100, false), (60, true), (200, true)] {
            let view = View {
                show_costs: costs,
                table: TableStyle {
                    width: Some(width),
                    ..TableStyle::default()
                },
                ..View::new(&report)
            };
            let text = |chunk, threads| {
                let mut out = Vec::new();
                write_table(&view, chunk, threads, &mut out).unwrap();
                String::from_utf8(out).unwrap()
            };
            let whole = text(1000, 1);
            assert!(whole.starts_with('┌') && whole.contains("\n└"), "{whole}");
            for chunk in [1, 2, 3, 7, 22, 23] {
                // Pieces drawn on several threads still join in order.
                for threads in [1, 2, 3] {
                    assert_eq!(
                        text(chunk, threads),
                        whole,
                        "pieces of {chunk} on {threads} threads at {width}"
                    );
                }
            }
        }
    }

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
