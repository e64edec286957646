//! The HTML report: one self-contained page (inline CSS, inline SVG, no URL) that a
//! clinician can open offline, print to PDF or attach to an email, for `progrank report`
//! and `rank -o x.html`.
//!
//! This module only turns the neutral [`Report`] into view rows of display-ready text and
//! chart geometry; the page itself is the compiled askama template `templates/report.html`,
//! which HTML-escapes every value it prints (SVG `<title>`s included). The robustness
//! section shows the [`SensitivityAnalysis`] the command computed and handed over in
//! [`HtmlOptions::sensitivity`] (the same value `progrank sensitivity` prints); this module
//! only lays it out and computes nothing of it.
//!
//! The page works with scripts off (the static ranking at the file's weights). With scripts
//! on, one small inline script (`templates/report.js`) re-ranks the page as the weights move,
//! in exact integer arithmetic, from ONE JSON block of the parsed values (escaped for
//! `<script>`). A Content-Security-Policy meta tag allows that script by its SHA-256 hash,
//! computed here at render time, and forbids every other script and every request.

use super::{Exporter, rating_text};
use crate::analysis::montecarlo::{Mode, Settings};
use crate::analysis::sensitivity::{MAX_PROGRAMS, SensitivityAnalysis, Unanalysable};
use crate::analysis::verdict::{round_down, round_up};
use crate::config::{Direction, WeightsSource};
use crate::date::Date;
use crate::error::Result;
use crate::report::{Listed, ProgramResult, Report};
use crate::scoring::MissingPolicy;
use crate::scoring::largest_remainder;
use crate::values::{fixed, trimmed};
use crate::view::View;
use askama::Template;
use rust_decimal::Decimal;

/// The Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), black left out: eight
/// colours told apart with every common colour-vision deficiency. Criterion `i` always gets
/// `PALETTE[i % 7]`, in every chart of the page.
pub const PALETTE: [&str; 7] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
];

/// The spread of the report's Monte Carlo: each weight times a uniform factor within ±25 %,
/// the default of `progrank sensitivity`.
pub const SPREAD_PERCENT: u32 = 25;

/// What the page says besides the report itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlOptions {
    /// The page's title and heading.
    pub title: String,
    /// The date printed in the header.
    pub date: Date,
    /// Monte Carlo samples the page states (see [`HtmlOptions::monte_carlo`]).
    pub samples: u32,
    /// Seed of the Monte Carlo's random generator, as the page states it.
    pub seed: u64,
    /// The robustness section: the analysis of the report, computed by the command with
    /// [`HtmlOptions::monte_carlo`]'s settings (`SensitivityAnalysis::of(&report,
    /// &options.monte_carlo())`), or why it could not be made. `None` leaves the section
    /// out, saying it was not computed.
    pub sensitivity: Option<std::result::Result<SensitivityAnalysis, Unanalysable>>,
    /// Show only the first N programs of the (live) ranking; the page still holds all of
    /// them, so that re-weighing can bring another one into view.
    pub top: Option<usize>,
    /// Show net cost, study hours and points per $1,000 even when no program has cost data.
    pub costs: bool,
    /// A second weight set compared with the report's (`report --compare`): its ranking
    /// and the compromise become presets of the re-weighing panel.
    pub comparison: Option<crate::analysis::compare::Comparison>,
    /// The words of the `progrank rank …` command line the panel completes with
    /// `--weight` arguments (input, weights file, missing policy, limits).
    pub command: Vec<String>,
}

/// The title used when `--title` is not given.
pub const DEFAULT_TITLE: &str = "Master's in Medical Education programs, ranked";

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            title: DEFAULT_TITLE.to_owned(),
            date: Date::today_utc(),
            samples: 10_000,
            seed: crate::analysis::sensitivity::DEFAULT_SEED,
            sensitivity: None,
            top: None,
            costs: false,
            comparison: None,
            command: Vec::new(),
        }
    }
}

impl HtmlOptions {
    /// The Monte Carlo settings of the page's robustness section: [`HtmlOptions::samples`]
    /// and [`HtmlOptions::seed`], each weight within ±[`SPREAD_PERCENT`] %.
    pub fn monte_carlo(&self) -> Settings {
        Settings {
            samples: self.samples,
            seed: self.seed,
            mode: Mode::Perturb {
                spread: Decimal::from(SPREAD_PERCENT) / dec100(),
            },
        }
    }
}

/// Renders the report as one HTML page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HtmlExporter {
    /// Title, date and Monte Carlo settings.
    pub options: HtmlOptions,
}

impl Exporter for HtmlExporter {
    /// Streams the page to `out` as the template prints it: the programs' rows are built
    /// one at a time ([`Rows`], [`Footnotes`]), so a page of many programs is never held
    /// in memory whole. The page ends with a line break.
    fn write(&self, view: &View, out: &mut dyn std::io::Write) -> Result<()> {
        let page = Page::build(view, &self.options)?;
        let mut out = LastByte { out, last: None };
        page.write_into(&mut out).map_err(super::write_failed)?;
        if out.last != Some(b'\n') {
            std::io::Write::write_all(&mut out, b"\n").map_err(super::write_failed)?;
        }
        Ok(())
    }
}

/// Passes bytes on to `out`, remembering the last one written.
struct LastByte<'w> {
    out: &'w mut dyn std::io::Write,
    last: Option<u8>,
}

impl std::io::Write for LastByte<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        if let Some(&byte) = buf[..n].last() {
            self.last = Some(byte);
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// One criterion, with its colour and its bar in the weights chart.
#[derive(Debug, Clone)]
struct CriterionView {
    label: String,
    id: String,
    colour: &'static str,
    weight: String,
    /// Share of the total weight, e.g. `24.7 %`.
    share: String,
    /// Bar length, 0–100 (the largest weight is 100).
    bar: String,
    /// The scale and direction in words.
    scale: String,
}

/// One criterion's points in one program's stacked bar.
#[derive(Debug, Clone)]
struct Segment {
    x: String,
    width: String,
    colour: &'static str,
    /// Tooltip and accessible text: `Faculty quality: 18.49 points (rating 4)`.
    text: String,
}

/// A red-flag badge.
#[derive(Debug, Clone)]
struct Badge {
    id: String,
    /// The id in words: `no-hpe-focus` → `No HPE focus`.
    label: String,
    severity: &'static str,
    message: String,
    /// The footnote's number.
    note: usize,
}

/// A footnote under the ranked table: the flag's message, for print.
#[derive(Debug, Clone)]
struct Footnote {
    number: usize,
    program: String,
    id: String,
    label: String,
    severity: &'static str,
    message: String,
}

/// One ranked program.
#[derive(Debug, Clone)]
struct Row {
    /// Position in the report's ranking (the script's key for the row).
    index: usize,
    /// Beyond `--top`: in the page for re-weighing, not shown.
    hidden: bool,
    /// Net cost, study hours, points per $1,000 (when the page shows costs).
    costs: Vec<String>,
    /// The user's notes cell as HTML ([`lines_html`]: its line breaks kept for the cell's
    /// `white-space: pre-line`), empty when none.
    notes: String,
    rank: usize,
    name: String,
    score: String,
    /// Score bar length, 0–100.
    score_bar: String,
    ratings: Vec<String>,
    badges: Vec<Badge>,
    segments: Vec<Segment>,
    /// The stacked bar in words, for screen readers.
    segments_label: String,
}

/// The ranked programs' rows of the table and of the points chart, each built as the
/// template prints it and dropped after: a page of a million programs streams out in the
/// memory of one row. Each loop over them builds them again (two loops, two builds).
struct Rows<'v> {
    report: &'v Report,
    ranked: Listed<'v>,
    /// The page's own `--top`: rows past it are in the page, hidden.
    top: Option<usize>,
    show_costs: bool,
    notes_column: Option<usize>,
}

impl<'v> Rows<'v> {
    fn is_empty(&self) -> bool {
        self.ranked.is_empty()
    }

    /// The row of `p`, the `i`th ranked program, whose badges' footnotes are numbered
    /// after the `notes` of the rows before it.
    fn row(&self, i: usize, p: &ProgramResult<'v>, notes: usize) -> Row {
        let report = self.report;
        let results = p.criteria();
        let exact: Vec<Decimal> = results.iter().map(|c| c.points).collect();
        let shown = largest_remainder(&exact, p.score(), 2);
        let mut x = Decimal::ZERO;
        let segments: Vec<Segment> = report
            .criteria
            .iter()
            .zip(results.iter())
            .enumerate()
            .map(|(k, (criterion, c))| {
                let segment = Segment {
                    x: num(x),
                    width: num(c.points),
                    colour: colour(k),
                    text: format!(
                        "{}: {} points (rating {})",
                        criterion.label,
                        fixed(shown[k], 2),
                        rating_text(c.rating)
                    ),
                };
                x += c.points;
                segment
            })
            .collect();
        let segments_label = format!(
            "{}: score {}; {}",
            p.name(),
            fixed(p.score(), 2),
            crate::text::join(segments.iter().map(|s| s.text.as_str()), "; ")
        );
        let badges = p
            .flags()
            .iter()
            .enumerate()
            .map(|(k, f)| Badge {
                id: f.id.clone(),
                label: flag_label(&f.id),
                severity: severity_class(f.severity),
                message: f.message.clone(),
                note: notes + k + 1,
            })
            .collect();
        Row {
            index: i,
            hidden: self.top.is_some_and(|n| i >= n),
            costs: if self.show_costs {
                super::cost_texts(report, p).to_vec()
            } else {
                Vec::new()
            },
            notes: self
                .notes_column
                .and_then(|c| p.cells().get(c))
                .map_or_else(String::new, |t| lines_html(t.trim())),
            rank: p.rank().unwrap_or(i + 1),
            name: p.name().to_owned(),
            score: fixed(p.score(), 2),
            score_bar: num(p.score().clamp(Decimal::ZERO, dec100())),
            ratings: results.iter().map(|c| rating_text(c.rating)).collect(),
            badges,
            segments,
            segments_label,
        }
    }
}

impl<'a, 'v> IntoIterator for &'a Rows<'v> {
    type Item = Row;
    type IntoIter = Box<dyn Iterator<Item = Row> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        let mut notes = 0;
        Box::new(self.ranked.iter().enumerate().map(move |(i, p)| {
            let row = self.row(i, &p, notes);
            notes += row.badges.len();
            row
        }))
    }
}

/// The footnotes under the ranked table, one per raised flag of each ranked program in
/// rank order, numbered as [`Rows`] numbers the badges; built as the template prints them.
struct Footnotes<'v> {
    ranked: Listed<'v>,
}

impl Footnotes<'_> {
    fn is_empty(&self) -> bool {
        self.ranked.iter().all(|p| p.flags().is_empty())
    }
}

impl<'a, 'v> IntoIterator for &'a Footnotes<'v> {
    type Item = Footnote;
    type IntoIter = Box<dyn Iterator<Item = Footnote> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        let notes = self.ranked.iter().flat_map(|p| {
            let program = p.name();
            p.flags().iter().map(move |f| (program, f))
        });
        Box::new(notes.enumerate().map(|(k, (program, f))| Footnote {
            number: k + 1,
            program: program.to_owned(),
            id: f.id.clone(),
            label: flag_label(&f.id),
            severity: severity_class(f.severity),
            message: f.message.clone(),
        }))
    }
}

/// The excluded programs and why, each made as the template prints it.
struct ExcludedList<'v>(Listed<'v>);

impl ExcludedList<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a ExcludedList<'_> {
    type Item = Excluded;
    type IntoIter = Box<dyn Iterator<Item = Excluded> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.0.iter().map(|p| {
            Excluded {
                name: p.name().to_owned(),
                reasons: p
                    .exclusion_reasons()
                    .map(|f| {
                        format!(
                            "red flag: {} ({}, {}): {}",
                            flag_label(&f.id),
                            f.id,
                            f.severity,
                            f.message
                        )
                    })
                    .chain(
                        p.limits_broken()
                            .iter()
                            .map(crate::costs::BrokenLimit::sentence),
                    )
                    .collect(),
            }
        }))
    }
}

/// The programs shown or excluded that lack a rating, a line each, made as the template
/// prints them.
struct MissingNotes<'v> {
    report: &'v Report,
    /// The ranked programs the page shows.
    ranked: Listed<'v>,
}

impl MissingNotes<'_> {
    fn is_empty(&self) -> bool {
        self.into_iter().next().is_none()
    }
}

impl<'a> IntoIterator for &'a MissingNotes<'_> {
    type Item = String;
    type IntoIter = Box<dyn Iterator<Item = String> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        let report = self.report;
        Box::new(
            self.ranked
                .iter()
                .chain(report.excluded())
                .filter_map(move |p| {
                    let missing: Vec<&str> = report
                        .criteria
                        .iter()
                        .zip(p.criteria().iter())
                        .filter(|(_, c)| c.rating.is_none())
                        .map(|(criterion, _)| criterion.label.as_str())
                        .collect();
                    (!missing.is_empty()).then(|| {
                        format!(
                            "{}: no rating for {}",
                            p.name(),
                            crate::text::join(&missing, ", ")
                        )
                    })
                }),
        )
    }
}

/// One criterion's weight range for the winner.
#[derive(Debug, Clone)]
struct RangeRow {
    label: String,
    colour: &'static str,
    /// Band start and width on the chart's 0–100 axis.
    x: String,
    width: String,
    /// The current weight's marker on the same axis.
    marker: String,
    /// The current weight.
    weight: String,
    /// `from 44.2 to 112.5 (now 90)`.
    text: String,
    /// Who takes over beyond the ends, in words (empty when nobody does).
    takers: String,
}

/// One program's share of Monte Carlo samples at #1.
#[derive(Debug, Clone)]
struct ShareRow {
    rank: usize,
    name: String,
    percent: String,
    bar: String,
}

/// The sensitivity section, when it can be computed.
#[derive(Debug, Clone)]
struct Sensitivity {
    winner: String,
    axis_max: String,
    ranges: Vec<RangeRow>,
    shares: Vec<ShareRow>,
    verdict: String,
    /// Each criterion's exact range (low, high) for the panel's slider marks.
    raw: Vec<(Decimal, Option<Decimal>)>,
}

/// An excluded program and why.
#[derive(Debug, Clone)]
struct Excluded {
    name: String,
    reasons: Vec<String>,
}

/// One criterion's slider in the re-weighing panel.
#[derive(Debug, Clone)]
struct Slider {
    index: usize,
    label: String,
    colour: &'static str,
    value: String,
    max: String,
    step: &'static str,
    /// The band of weights that keep the winner #1, in percent of the slider's track.
    band: Option<(String, String)>,
    /// The band in words.
    band_text: String,
}

/// The re-weighing panel, when the page carries its script.
#[derive(Debug, Clone)]
struct Panel {
    sliders: Vec<Slider>,
    /// Preset buttons: (index in the data's presets, label).
    presets: Vec<(usize, String)>,
    winner: String,
}

/// The comparison of two weight sets on the page (`report --compare`).
#[derive(Debug, Clone)]
struct ComparisonView {
    a: String,
    b: String,
    agreement: String,
    /// Rank under A, B, compromise; name.
    rows: Vec<(usize, usize, usize, String)>,
    movers: Vec<String>,
}

/// The escaper of every value the template prints (askama.toml names it for `.html`
/// templates): the text as [`crate::text::escape_controls`] shows it (control characters
/// and bidi overrides written as `\u{..}`, line breaks as spaces), then HTML-escaped by
/// askama's own escaper. A name holding U+202E (right-to-left override) would otherwise
/// show its cell's text reversed in the browser, and a control character would vanish.
#[derive(Debug, Clone, Copy, Default)]
pub struct VisibleHtml;

/// Text of several lines as HTML: [`crate::text::escape_lines`] (line breaks kept, every
/// other control character and bidi override made visible), then HTML escaping; printed
/// with `|safe`. [`VisibleHtml`] reads a line break as a space, right for names but not for
/// the notes column, which shows the cell's own lines. A Windows line break (`\r\n`) in the
/// cell is one line break, not a visible `\u{d}` before it.
fn lines_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = askama::filters::Escaper::write_escaped_str(
        &askama::filters::Html,
        &mut out,
        &crate::text::escape_lines(&text.replace("\r\n", "\n")),
    );
    out
}

impl askama::filters::Escaper for VisibleHtml {
    fn write_escaped_str<W: std::fmt::Write>(&self, dest: W, string: &str) -> std::fmt::Result {
        askama::filters::Html.write_escaped_str(dest, &crate::text::escape_controls_cow(string))
    }
}

/// Everything the template prints, as display-ready text.
#[derive(Template)]
#[template(path = "report.html")]
struct Page<'v> {
    /// The Content-Security-Policy of the page.
    csp: String,
    /// The one inline script, when the panel is on.
    script: &'static str,
    /// The data block for the script: JSON, escaped for `<script>`.
    data_json: ScriptJson<PanelData<'v>>,
    panel: Option<Panel>,
    comparison: Option<ComparisonView>,
    /// Show the cost columns.
    show_costs: bool,
    /// 1,000 of the input's currency, for the points-per-thousand heading: `$1,000`, `£1,000`.
    thousand: String,
    /// The header of the notes column, when the input has one.
    notes_header: String,
    title: String,
    date: String,
    input: String,
    ranked_count: usize,
    excluded_count: usize,
    criteria: Vec<CriterionView>,
    weights_source: String,
    weights_label: String,
    rows: Rows<'v>,
    footnotes: Footnotes<'v>,
    sensitivity: Option<Sensitivity>,
    /// Why there is no sensitivity section, when there is none.
    sensitivity_note: String,
    samples: u32,
    seed: u64,
    spread: u32,
    excluded: ExcludedList<'v>,
    missing_summary: &'static str,
    missing_notes: MissingNotes<'v>,
    notes: Vec<String>,
    alternatives: Vec<String>,
}

fn num(value: Decimal) -> String {
    trimmed(value, 2)
}

fn severity_class(severity: crate::config::Severity) -> &'static str {
    match severity {
        crate::config::Severity::Warning => "warning",
        crate::config::Severity::Critical => "critical",
    }
}

fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

impl<'v> Page<'v> {
    fn build(view: &View<'v>, options: &HtmlOptions) -> Result<Page<'v>> {
        let report = view.report;
        let max_weight = report
            .criteria
            .iter()
            .map(|c| c.weight)
            .max()
            .unwrap_or(Decimal::ZERO);
        // Checked: weights from a weights file may add up to more than a decimal holds
        // (then no share is shown).
        let total_weight = report
            .criteria
            .iter()
            .try_fold(Decimal::ZERO, |acc, c| acc.checked_add(c.weight))
            .unwrap_or_default();
        let criteria: Vec<CriterionView> = report
            .criteria
            .iter()
            .enumerate()
            .map(|(i, c)| CriterionView {
                label: c.label.clone(),
                id: c.id.clone(),
                colour: colour(i),
                weight: c.weight.normalize().to_string(),
                share: c
                    .weight
                    .checked_div(total_weight)
                    .and_then(|s| s.checked_mul(dec100()))
                    .map_or_else(|| "–".into(), |s| format!("{} %", fixed(s, 1))),
                bar: c
                    .weight
                    .checked_div(max_weight)
                    .and_then(|r| r.checked_mul(dec100()))
                    .map_or_else(|| "0".into(), num),
                scale: scale_text(c),
            })
            .collect();
        let weights_label = crate::text::join(
            criteria.iter().map(|c| format!("{} {}", c.label, c.weight)),
            ", ",
        );
        let mut weights_source = match &report.weights_source {
            WeightsSource::BuiltIn => {
                "the built-in chart of the article's priorities (progrank's defaults)".to_owned()
            }
            WeightsSource::File(path) => format!("the weights file {path}"),
        };
        if !report.weight_overrides.is_empty() {
            weights_source.push_str(&format!(
                ", changed with --weight {}",
                crate::text::join(&report.weight_overrides, " --weight ")
            ));
        }

        let show_costs = options.costs
            || view.show_costs
            || view.ranked().iter().any(|p| {
                let costs = p.costs();
                costs.net_cost.is_some() || costs.total_hours.is_some()
            });
        let notes_column = notes_column(&report.headers);
        let rows = Rows {
            report,
            ranked: view.ranked(),
            top: options.top,
            show_costs,
            notes_column,
        };
        let footnotes = Footnotes {
            ranked: view.ranked(),
        };

        let (sensitivity, sensitivity_note) = match &options.sensitivity {
            Some(Ok(a)) => (Some(sensitivity_view(report, a)), String::new()),
            Some(Err(why)) => (None, unanalysable_note(*why)),
            None => (
                None,
                "The weight analysis was not computed for this page.".to_owned(),
            ),
        };

        let excluded = ExcludedList(report.excluded());
        let missing_notes = MissingNotes {
            report,
            ranked: view.ranked(),
        };

        let mut notes: Vec<String> = view.limit_unknown_lines().collect();
        notes.extend(report.unchecked_lines());
        // The programs the page shows: the view's, cut again by the page's own --top.
        let listed = View {
            top: match (view.top, options.top) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
            ..*view
        };
        let omitted = listed.omitted_by_top();
        if omitted > 0 {
            let mut note = format!(
                "{} more ranked {} not shown (--top)",
                omitted,
                crate::text::plural(omitted, "program is", "programs are")
            );
            // As rank's table says it: a program not shown may share the last shown rank.
            let last_rank = listed.ranked().last().and_then(|p| p.rank());
            let ties = listed.ties_cut_by_top();
            if let (Some(rank), true) = (last_rank, ties > 0) {
                note.push_str(&format!(
                    "; {ties} of them {} rank {rank} with the last one shown",
                    crate::text::plural(ties, "shares", "share")
                ));
            }
            notes.push(note);
        }
        let mut alternatives: Vec<String> = report
            .alternatives_line()
            .map(|l| l.lines().map(str::to_owned).collect())
            .unwrap_or_default();
        if let Some(cmp) = &report.alternatives() {
            for (role, p) in [
                ("master's", &cmp.masters),
                ("alternative", &cmp.alternative),
            ] {
                for f in p
                    .flags()
                    .iter()
                    .filter(|f| f.severity == crate::config::Severity::Critical)
                {
                    alternatives.push(format!(
                        "Before choosing it: the best {role}, {}, has a critical red flag, {}: {}",
                        p.name(),
                        flag_label(&f.id),
                        f.message
                    ));
                }
            }
        }
        let panel_data = if view.omitted_by_top() > 0 || view.ranked().is_empty() {
            None
        } else {
            Some(panel(report, options, sensitivity.as_ref())?)
        };
        let (panel, data_json) = match panel_data {
            Some((panel, data)) => (Some(panel), ScriptJson(Some(data))),
            None => (None, ScriptJson(None)),
        };
        let script: &'static str = if panel.is_some() { SCRIPT } else { "" };
        let csp = csp(script);

        Ok(Page {
            csp,
            script,
            data_json,
            panel,
            comparison: options.comparison.as_ref().map(comparison_view),
            show_costs,
            thousand: report.money(rust_decimal::Decimal::ONE_THOUSAND),
            notes_header: notes_column
                .map(|c| report.headers[c].trim().to_owned())
                .unwrap_or_default(),
            title: options.title.clone(),
            date: options.date.to_string(),
            input: report.input.clone(),
            ranked_count: report.ranked().len(),
            excluded_count: report.excluded().len(),
            criteria,
            weights_source,
            weights_label,
            rows,
            footnotes,
            sensitivity,
            sensitivity_note,
            samples: options.samples,
            seed: options.seed,
            spread: SPREAD_PERCENT,
            excluded,
            missing_summary: report.missing_summary(),
            missing_notes,
            notes,
            alternatives,
        })
    }
}

fn dec100() -> Decimal {
    Decimal::ONE_HUNDRED
}

/// The re-weighing script, allowed by its hash in the page's Content-Security-Policy.
const SCRIPT: &str = include_str!("../../templates/report.js");

/// The page's Content-Security-Policy: nothing may load; the one inline script (if any) runs
/// because its SHA-256 hash is listed; inline styles are allowed.
fn csp(script: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let scripts = if script.is_empty() {
        "'none'".to_owned()
    } else {
        let digest = sha2::Sha256::digest(script.as_bytes());
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    };
    format!(
        "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
    )
}

/// What the page's re-ranking script reads (the `<script type="application/json">` block):
/// the criteria, the weight presets and every ranked program's normalised ratings, so the
/// page can re-score with other weights without a server.
#[derive(serde::Serialize)]
struct PanelData<'r> {
    criteria: Vec<CriterionData>,
    /// How a missing rating is scored: `renormalize` or `worst`.
    policy: &'static str,
    presets: Vec<PresetData>,
    programs: ProgramsData<'r>,
    /// `--top`: how many programs the page lists.
    top: Option<usize>,
    /// The command that re-creates the ranking, word by word.
    command: Vec<String>,
}

/// A criterion as the script names it.
#[derive(serde::Serialize)]
struct CriterionData {
    id: String,
    /// The label with control characters made visible.
    label: String,
}

/// A named set of weights (one decimal text per criterion) the page offers.
#[derive(serde::Serialize)]
struct PresetData {
    name: String,
    weights: Vec<String>,
}

/// A ranked program as the script re-scores it.
#[derive(serde::Serialize)]
struct ProgramData {
    /// The name as written: ties are ordered by it, as the ranking orders them.
    name: String,
    /// The name as the page prints it (control characters made visible).
    shown: String,
    /// The line of the input the program is on.
    line: u64,
    /// Each criterion's normalised rating (0 to 1, as decimal text); `null` when missing.
    n: Vec<Option<String>>,
    /// Each criterion's rating as written in the table (`n/a` when missing).
    ratings: Vec<String>,
    /// The net cost, when known.
    net: Option<String>,
}

/// The ranked programs as the script re-scores them, each made as it is serialised: the
/// data block of a page of many programs is never held as values.
struct ProgramsData<'r>(&'r Report);

impl serde::Serialize for ProgramsData<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.ranked().iter().map(|p| {
            let results = p.criteria();
            ProgramData {
                name: p.name().to_owned(),
                shown: crate::text::escape_controls(p.name()),
                line: p.line(),
                n: results
                    .iter()
                    .map(|c| c.rating.map(|_| c.normalized.to_string()))
                    .collect(),
                ratings: results.iter().map(|c| rating_text(c.rating)).collect(),
                net: p.costs().net_cost.map(|n| n.to_string()),
            }
        }))
    }
}

/// The script's data block: [`PanelData`] as JSON made safe inside `<script>` (see
/// [`ScriptSafe`]), serialised straight into the page as the template prints it.
struct ScriptJson<T>(Option<T>);

impl<T: serde::Serialize> std::fmt::Display for ScriptJson<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(data) => serde_json::to_writer(ScriptSafe(f), data).map_err(|_| std::fmt::Error),
            None => Ok(()),
        }
    }
}

/// Passes JSON text on with no `<`, `>` or `&` (so no `</script>` and no `<!--`) and no
/// line or paragraph separator, each written as its `\u` escape: the same string inside
/// `<script>`. serde_json writes whole characters at a time (its fragments are `str`s), so
/// every piece it writes is UTF-8 on its own.
struct ScriptSafe<'a, 'f>(&'a mut std::fmt::Formatter<'f>);

impl std::io::Write for ScriptSafe<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = std::str::from_utf8(buf)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
        let fail = |_| std::io::Error::other("cannot write the page's data block");
        let mut rest = text;
        while let Some(at) = rest.find(['<', '>', '&', '\u{2028}', '\u{2029}']) {
            let c = rest[at..]
                .chars()
                .next()
                .expect("a character was found there");
            self.0.write_str(&rest[..at]).map_err(fail)?;
            write!(self.0, "\\u{:04x}", u32::from(c)).map_err(fail)?;
            rest = &rest[at + c.len_utf8()..];
        }
        self.0.write_str(rest).map_err(fail)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A flag id in words: `no-hpe-focus` → `No hpe focus`.
fn flag_label(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The input's notes column: a header such as `notes`, `Notes` or `comments`.
fn notes_column(headers: &[String]) -> Option<usize> {
    headers.iter().position(|h| {
        let key: String = h
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        matches!(key.as_str(), "notes" | "note" | "comments" | "comment")
    })
}

/// The command line words that rank the same input with the same options as this page,
/// before the `--weight` arguments: the options' own, or made from the report.
fn command_words(report: &Report, options: &HtmlOptions) -> Vec<String> {
    if !options.command.is_empty() {
        return options.command.clone();
    }
    let mut words = vec![
        "progrank".to_owned(),
        "rank".to_owned(),
        report.input.clone(),
    ];
    if let WeightsSource::File(path) = &report.weights_source {
        words.extend(["--weights".to_owned(), path.clone()]);
    }
    match report.missing_policy {
        MissingPolicy::Worst => {}
        MissingPolicy::Renormalize => words.extend(["--missing".into(), "renormalize".into()]),
        MissingPolicy::Error => words.extend(["--missing".into(), "error".into()]),
    }
    let limits = &report.limits;
    if let Some(max) = limits.max_cost {
        words.extend(["--max-cost".into(), max.normalize().to_string()]);
    }
    if let Some(max) = limits.max_hours {
        words.extend(["--max-hours".into(), max.normalize().to_string()]);
    }
    if !limits.delivery.is_empty() {
        words.extend([
            "--delivery".into(),
            crate::text::join(limits.delivery.iter().map(ToString::to_string), ","),
        ]);
    }
    if !limits.types.is_empty() {
        words.extend([
            "--type".into(),
            crate::text::join(limits.types.iter().map(ToString::to_string), ","),
        ]);
    }
    words.iter().map(|w| crate::text::shell_word(w)).collect()
}

/// The panel's sliders and presets, and the script's data block.
fn panel<'r>(
    report: &'r Report,
    options: &HtmlOptions,
    sensitivity: Option<&Sensitivity>,
) -> Result<(Panel, PanelData<'r>)> {
    let weights: Vec<Decimal> = report.criteria.iter().map(|c| c.weight).collect();
    let text = |w: &Decimal| w.normalize().to_string();
    let mut presets = vec![("Reset to the file's weights".to_owned(), weights.clone())];
    let article = crate::config::Config::default();
    let same_criteria = article.criteria.len() == report.criteria.len()
        && report
            .criteria
            .iter()
            .all(|c| article.criteria.iter().any(|a| a.id == c.id));
    if same_criteria {
        let chart = report
            .criteria
            .iter()
            .map(|c| {
                article
                    .criteria
                    .iter()
                    .find(|a| a.id == c.id)
                    .map_or(Decimal::ZERO, |a| a.weight)
            })
            .collect();
        presets.push(("The article's chart".to_owned(), chart));
    }
    if let Some(cmp) = &options.comparison {
        presets.push((
            format!("B: {}", cmp.b.name),
            cmp.criteria.iter().map(|c| c.weight_b.0).collect(),
        ));
        presets.push((
            "The compromise of both".to_owned(),
            cmp.criteria.iter().map(|c| c.weight_compromise.0).collect(),
        ));
    }
    let max_weight = weights.iter().copied().max().unwrap_or(Decimal::ZERO);
    let slider_max = (max_weight * Decimal::TWO)
        .ceil()
        .max(Decimal::ONE_HUNDRED)
        .normalize();
    let whole = presets
        .iter()
        .flat_map(|(_, w)| w.iter())
        .all(|w| w.normalize().scale() == 0);
    let on_track = |v: Decimal| num((v / slider_max * dec100()).clamp(Decimal::ZERO, dec100()));
    let sliders = report
        .criteria
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let raw = sensitivity.and_then(|s| s.raw.get(k));
            let band = raw.map(|(low, high)| {
                let end = high.unwrap_or(slider_max).min(slider_max);
                let start = (*low).min(slider_max);
                (on_track(start), on_track((end - start).max(Decimal::ZERO)))
            });
            let band_text = sensitivity
                .and_then(|s| s.ranges.get(k))
                .map_or_else(String::new, |r| r.text.clone());
            Slider {
                index: k,
                label: c.label.clone(),
                colour: colour(k),
                value: text(&c.weight),
                max: slider_max.to_string(),
                step: if whole { "1" } else { "any" },
                band,
                band_text,
            }
        })
        .collect();
    let data = PanelData {
        criteria: report
            .criteria
            .iter()
            .map(|c| CriterionData {
                id: c.id.clone(),
                label: crate::text::escape_controls(&c.label),
            })
            .collect(),
        policy: match report.missing_policy {
            MissingPolicy::Renormalize => "renormalize",
            _ => "worst",
        },
        presets: presets
            .iter()
            .map(|(name, w)| PresetData {
                name: name.clone(),
                weights: w.iter().map(text).collect(),
            })
            .collect(),
        programs: ProgramsData(report),
        top: options.top,
        command: command_words(report, options),
    };
    let panel = Panel {
        sliders,
        presets: presets
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (i, name.clone()))
            .collect(),
        winner: sensitivity.map_or_else(String::new, |s| s.winner.clone()),
    };
    Ok((panel, data))
}

/// The comparison section's rows and sentences.
fn comparison_view(c: &crate::analysis::compare::Comparison) -> ComparisonView {
    let agreement = if c.programs.is_empty() {
        crate::analysis::compare::NOTHING_RANKED.to_owned()
    } else if c.same_weights {
        "The two sets are the same once scaled to shares: both rank every program alike.".to_owned()
    } else {
        let winner = c.agreement.winner_sentence(str::to_owned);
        let top3 = if c.agreement.same_top3 {
            "Same programs at ranks 1 to 3."
        } else {
            "Different programs at ranks 1 to 3."
        };
        let programs = crate::text::plural(c.movers.len(), "program changes", "programs change");
        format!("{winner} {top3} {} {programs} rank.", c.movers.len())
    };
    ComparisonView {
        a: c.a.name.clone(),
        b: c.b.name.clone(),
        agreement,
        rows: c
            .programs
            .iter()
            .map(|p| (p.rank_a, p.rank_b, p.rank_compromise, p.program.clone()))
            .collect(),
        movers: c
            .mover_entries()
            .iter()
            .take(5)
            .map(|p| {
                let why = crate::text::join(
                    p.because.iter().map(|e| {
                        let v = e.points.rounded();
                        let sign = if v.is_sign_negative() { "−" } else { "+" };
                        format!("{} {sign}{}", e.label, fixed(v.abs(), 2))
                    }),
                    ", ",
                );
                format!(
                    "{}: #{} → #{}{}",
                    p.program,
                    p.rank_a,
                    p.rank_b,
                    if why.is_empty() {
                        String::new()
                    } else {
                        format!(" ({why} points)")
                    }
                )
            })
            .collect(),
    }
}

/// `1–5, higher is better, against the scale`, in words.
fn scale_text(c: &crate::config::Criterion) -> String {
    let direction = match c.direction {
        Direction::Benefit => "higher is better",
        Direction::Cost => "lower is better",
    };
    if crate::scoring::scale::Scale::declared(c).follows_data() {
        format!("{direction}; normalised against the lowest and highest value in the data")
    } else {
        format!(
            "ratings {} to {}, {direction}; normalised against the scale",
            c.scale.min.normalize(),
            c.scale.max.normalize()
        )
    }
}

/// Why the robustness section is left out, as the page says it.
fn unanalysable_note(why: Unanalysable) -> String {
    match why {
        Unanalysable::NothingRanked => {
            "No program is ranked, so there is nothing to analyse.".into()
        }
        Unanalysable::CutByTop => {
            "--top left ranked programs out of this page, and any of them could take #1 \
             when the weights move; write the page without --top to see the weight ranges \
             and the Monte Carlo."
                .into()
        }
        Unanalysable::TooMany(n) => {
            format!("{n} programs are ranked; the analysis handles up to {MAX_PROGRAMS}.")
        }
        Unanalysable::Renormalized => {
            "The weight analysis needs every program scored over the same weights, but \
             --missing renormalize rescales the weights of programs with missing ratings; \
             use --missing worst or fill in the ratings to see it."
                .into()
        }
        Unanalysable::TooLarge => "A weight or rating is too large to analyse exactly.".into(),
    }
}

/// The robustness section's rows and chart geometry, from the analysis of `report`.
fn sensitivity_view(report: &Report, a: &SensitivityAnalysis) -> Sensitivity {
    let ranges = &a.ranges;
    let names = &a.names;
    let programs = &a.programs;
    let weights: Vec<Decimal> = report.criteria.iter().map(|c| c.weight).collect();

    // The axis runs to twice the largest weight, or further when a finite range ends beyond.
    let max_weight = weights.iter().copied().max().unwrap_or(Decimal::ZERO);
    let axis_max = ranges
        .iter()
        .filter_map(|r| r.high)
        .chain([max_weight.saturating_mul(Decimal::TWO)])
        .max()
        .unwrap_or(Decimal::ONE)
        .max(Decimal::ONE);
    // A share of the axis in per cent, 0 to 100 (checked: the axis may end near the
    // largest decimal).
    let percent_of_axis = |v: Decimal| {
        v.checked_div(axis_max)
            .and_then(|x| x.checked_mul(dec100()))
            .unwrap_or_else(dec100)
            .clamp(Decimal::ZERO, dec100())
    };
    let on_axis = |v: Decimal| num(percent_of_axis(v));
    let range_rows = ranges
        .iter()
        .map(|r| {
            let c = &report.criteria[r.criterion];
            let end = r.high.unwrap_or(axis_max);
            // Shown as `sensitivity` shows them: the low end rounded up and the high end
            // rounded down, so that every shown weight really keeps the winner at #1.
            let low_text = trimmed(round_up(r.low), 2);
            let high_text = r.high.map_or_else(
                || "no upper limit".to_owned(),
                |h| trimmed(round_down(h), 2),
            );
            let mut takers = Vec::new();
            if let Some(i) = r.below {
                takers.push(format!("below {low_text}: {} takes #1", names[i]));
            }
            if let (Some(i), Some(_)) = (r.above, r.high) {
                takers.push(format!("above {high_text}: {} takes #1", names[i]));
            }
            RangeRow {
                label: c.label.clone(),
                colour: colour(r.criterion),
                x: on_axis(r.low),
                width: num(percent_of_axis(end.min(axis_max))
                    .saturating_sub(percent_of_axis(r.low.min(axis_max)))),
                marker: on_axis(r.weight),
                weight: r.weight.normalize().to_string(),
                text: format!("from {low_text} to {high_text}"),
                takers: crate::text::join(&takers, "; "),
            }
        })
        .collect();
    let shares = programs
        .iter()
        .map(|p| ShareRow {
            rank: p.rank,
            name: p.program.clone(),
            percent: format!("{} %", fixed(p.top_share * dec100(), 1)),
            bar: num(p.top_share * dec100()),
        })
        .collect();
    Sensitivity {
        winner: names[0].clone(),
        axis_max: trimmed(axis_max, 1),
        ranges: range_rows,
        shares,
        // Criteria by id, as the page has always named them here (the rest of the page uses
        // labels).
        verdict: a.verdict.sentence(&a.labels),
        raw: ranges.iter().map(|r| (r.low, r.high)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::input::Sheet;
    use crate::pipeline::ScoringOptions;

    const SAMPLE: &str = include_str!("../../data/programs.csv");
    const HOSTILE: &str = include_str!("../../tests/data/hostile.csv");

    fn report(csv: &str, options: &ScoringOptions) -> Report {
        let sheet = Sheet::from_csv("in.csv", csv.as_bytes()).unwrap();
        crate::pipeline::run(sheet, &Config::default(), options).unwrap()
    }

    fn options() -> HtmlOptions {
        HtmlOptions {
            title: "Test <report>".into(),
            date: Date::parse("2026-01-31").unwrap(),
            samples: 300,
            seed: 42,
            ..HtmlOptions::default()
        }
    }

    /// `options` with the robustness section analysed on `report`, as the commands do.
    fn analysed(mut options: HtmlOptions, report: &Report) -> HtmlOptions {
        options.sensitivity = Some(SensitivityAnalysis::of(report, &options.monte_carlo()));
        options
    }

    fn html(report: &Report) -> String {
        html_of(&View::new(report))
    }

    fn html_of(view: &View) -> String {
        let mut options = options();
        options.sensitivity = Some(view.sensitivity(&options.monte_carlo()));
        let bytes = HtmlExporter { options }.render(view).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn the_data_block_writes_what_could_end_the_script_as_escapes_and_parses_back() {
        let names = [
            "</script><!-- x -->",
            "A & B > C < D",
            "line\u{2028}paragraph\u{2029}end",
            "Quote \" and \\ backslash, École, 東京",
        ];
        let data = ScriptJson(Some(names)).to_string();
        for needle in ["<", ">", "&", "\u{2028}", "\u{2029}"] {
            assert!(!data.contains(needle), "{needle:?} in {data}");
        }
        for escape in [r"\u003c", r"\u003e", r"\u0026", r"\u2028", r"\u2029"] {
            assert!(data.contains(escape), "{escape} not in {data}");
        }
        let back: Vec<String> = serde_json::from_str(&data).unwrap();
        assert_eq!(back, names);
        assert_eq!(ScriptJson(None::<u8>).to_string(), "");
    }

    #[test]
    fn every_text_from_the_input_is_escaped() {
        let page = html(&report(HOSTILE, &ScoringOptions::default()));
        assert_eq!(
            page.matches("<script").count(),
            2,
            "only the data block and the script"
        );
        assert!(!page.contains("<script>alert"), "a script tag got through");
        assert!(!page.contains("<img"), "an img tag got through");
        assert!(!page.contains("<svg onload"), "an svg handler got through");
        assert!(page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
        assert!(page.contains("&#60;img src=x onerror=alert(1)&#62;"));
        // In a title attribute, in an SVG <title> and in an aria-label alike.
        assert!(
            page.contains("<title data-title>&#60;script&#62;alert(1)&#60;/script&#62;: score")
        );
        assert!(page.contains("aria-label=\"&#60;img src=x onerror=alert(1)&#62;: score"));
        assert!(page.contains("Quote &#34; and &#38; ampersand"));
        assert!(page.contains("<title>Test &#60;report&#62;</title>"));
    }

    #[test]
    fn controls_and_bidi_overrides_in_a_name_show_as_escapes() {
        // U+202E would show the rest of the cell reversed ("Bidi evil" as "Bidi live");
        // U+001B and U+0001 would vanish. Every other output shows them as `\u{..}`.
        let csv = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n\
                   Bidi \u{202e}evil,5,5,5,5,5\n\
                   A\u{1}x\u{1b}[31mred,4,4,4,4,4\n";
        let page = html(&report(csv, &ScoringOptions::default()));
        let (data, _) = scripts(&page);
        // Only the data block (never displayed) holds the name as it is.
        let shown = page.replace(&data, "");
        assert!(!shown.contains('\u{202e}'), "a raw bidi override");
        assert!(!shown.contains('\u{1b}'), "a raw escape");
        assert!(!shown.contains('\u{1}'), "a raw control");
        assert!(page.contains("<th scope=\"row\">Bidi \\u{202e}evil</th>"));
        assert!(page.contains("<th scope=\"row\">A\\u{1}x\\u{1b}[31mred</th>"));
        // The script prints the same text when it re-ranks; it orders ties by the name.
        assert!(data.contains(r#""shown":"Bidi \\u{202e}evil""#), "{data}");
        assert!(data.contains("\"name\":\"Bidi \u{202e}evil\""), "{data}");
    }

    /// The data block and the script, as the page holds them.
    fn scripts(page: &str) -> (String, String) {
        let data_start = page
            .find("<script type=\"application/json\" id=\"progrank-data\">")
            .unwrap();
        let data = &page[data_start..];
        let data = &data[data.find('>').unwrap() + 1..data.find("</script>").unwrap()];
        let script_start = page.rfind("<script>").unwrap() + "<script>".len();
        let script =
            &page[script_start..script_start + page[script_start..].find("</script>").unwrap()];
        (data.to_owned(), script.to_owned())
    }

    #[test]
    fn the_one_script_is_allowed_by_its_hash_and_nothing_else_loads() {
        use base64::Engine as _;
        use sha2::Digest as _;
        let page = html(&report(HOSTILE, &ScoringOptions::default()));
        let (data, script) = scripts(&page);
        assert_eq!(script, SCRIPT);
        let hash = base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(script.as_bytes()));
        assert!(page.contains(&format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; script-src &#39;sha256-{hash}&#39;;"
        )));
        // The data block: no character that could end it or open a comment, and it parses
        // back to the names as read.
        for needle in ["<", ">", "&", "\u{2028}"] {
            assert!(!data.contains(needle), "{needle} in the data block");
        }
        let value: serde_json::Value = serde_json::from_str(&data).unwrap();
        let r = report(HOSTILE, &ScoringOptions::default());
        let names: Vec<&str> = value["programs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            r.ranked().iter().map(|p| p.name()).collect::<Vec<_>>()
        );
        // The script never parses text as HTML.
        for needle in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "Function(",
        ] {
            assert!(!SCRIPT.contains(needle), "{needle} in the script");
        }
    }

    #[test]
    fn a_page_cut_by_rank_top_has_no_script() {
        let r = report(SAMPLE, &ScoringOptions::default());
        let page = html_of(&View {
            top: Some(3),
            ..View::new(&r)
        });
        assert!(!page.contains("<script"));
        assert!(page.contains("script-src &#39;none&#39;"));
    }

    #[test]
    fn top_hides_rows_but_keeps_them_for_re_weighing() {
        let r = report(SAMPLE, &ScoringOptions::default());
        let mut o = analysed(options(), &r);
        o.top = Some(3);
        let page =
            String::from_utf8(HtmlExporter { options: o }.render(&View::new(&r)).unwrap()).unwrap();
        assert_eq!(page.matches("<tr data-i=").count(), 10);
        assert_eq!(page.matches("<tr data-i=\"").filter(|_| true).count(), 10);
        assert_eq!(page.matches("\" hidden><td").count(), 7);
        assert!(page.contains("7 more ranked programs are not shown (--top)"));
        assert!(page.contains("Share of Monte Carlo samples"));
    }

    #[test]
    fn costs_notes_flag_labels_and_limit_sentences() {
        let page = html(&report(SAMPLE, &ScoringOptions::default()));
        assert!(page.contains("<th scope=\"col\" class=\"num\">Points per $1,000</th>"));
        assert!(page.contains("<th scope=\"col\">notes</th>"));
        assert!(page.contains("<summary>notes</summary>Thesis optional</details>"));
        assert!(page.contains(">Weak faculty<sup>"));
        let cost = crate::costs::BrokenLimit::Cost {
            cost: "$50,000".into(),
            max: "$40,000".into(),
        };
        assert_eq!(
            cost.to_string(),
            "net cost $50,000 is above --max-cost $40,000"
        );
        assert_eq!(
            cost.sentence(),
            "net cost $50,000 is above your budget of $40,000"
        );
        let kind = crate::costs::BrokenLimit::Type {
            program_type: "certificate".into(),
            wanted: vec!["masters".into(), "fellowship".into()],
        };
        assert_eq!(
            kind.to_string(),
            "type certificate is not in --type masters,fellowship"
        );
        assert_eq!(
            kind.sentence(),
            "type certificate, and you asked for masters or fellowship only"
        );
        assert_eq!(flag_label("no-hpe-focus"), "No hpe focus");
    }

    #[test]
    fn the_page_holds_no_address() {
        let page = html(&report(SAMPLE, &ScoringOptions::default()));
        for needle in [
            "http:", "https:", "href", "src=", "url(", "@import", "<link", "<img", "<iframe",
            "<object", "<embed", " on",
        ] {
            let hits: Vec<_> = page.match_indices(needle).collect();
            let allowed = needle == " on"
                && hits.iter().all(|(i, _)| {
                    // " on" occurs in prose ("one", "only"); never as an attribute.
                    !page[*i..].starts_with(" onload") && !page[*i..].starts_with(" onerror")
                });
            assert!(hits.is_empty() || allowed, "{needle} in the page");
        }
    }

    #[test]
    fn same_input_and_seed_give_the_same_bytes_and_another_seed_another_share() {
        let r = report(SAMPLE, &ScoringOptions::default());
        assert_eq!(html(&r), html(&r));
        let mut other = options();
        other.seed = 7;
        other.samples = 50;
        let hostile = report(HOSTILE, &ScoringOptions::default());
        let a = HtmlExporter {
            options: analysed(options(), &hostile),
        }
        .render(&View::new(&hostile))
        .unwrap();
        let b = HtmlExporter {
            options: analysed(other, &hostile),
        }
        .render(&View::new(&hostile))
        .unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn the_header_and_every_section_are_there() {
        let page = html(&report(SAMPLE, &ScoringOptions::default()));
        for text in [
            "<time datetime=\"2026-01-31\">2026-01-31</time>",
            "Input: <b>in.csv</b>",
            "Ranked: <b>10</b>",
            "Excluded: <b>0</b>",
            "id=\"weights\"",
            "id=\"ranking\"",
            "id=\"points\"",
            "id=\"sensitivity\"",
            "id=\"excluded\"",
            "id=\"notes\"",
            "id=\"method\"",
            "score = 100 × Σ wᵢ·nᵢ / Σ wᵢ",
            "<th scope=\"col\" class=\"num\">Rank</th>",
            "<th scope=\"row\">Riverside Health Professions Education MHPE</th>",
            "class=\"table-wrap\"",
            "@media print",
            "the built-in chart of the article",
            "Westmoor University MSc Clinical Education: no rating for Funding",
        ] {
            assert!(page.contains(text), "missing {text}");
        }
        assert!(page.ends_with("</html>\n"));
    }

    #[test]
    fn each_criterion_keeps_one_colour_and_segments_add_up_to_the_score() {
        let r = report(SAMPLE, &ScoringOptions::default());
        let page = Page::build(&View::new(&r), &options()).unwrap();
        for (row, program) in (&page.rows).into_iter().zip(&r.ranked()) {
            for (k, s) in row.segments.iter().enumerate() {
                assert_eq!(s.colour, PALETTE[k]);
            }
            let last = row.segments.last().unwrap();
            let end = last.x.parse::<Decimal>().unwrap() + last.width.parse::<Decimal>().unwrap();
            assert!((end - program.score()).abs() <= Decimal::new(2, 2), "{end}");
        }
        for (k, c) in page.criteria.iter().enumerate() {
            assert_eq!(c.colour, PALETTE[k]);
        }
        assert_eq!(page.criteria[0].bar, "100");
    }

    #[test]
    fn flags_get_badges_and_numbered_footnotes() {
        let r = report(SAMPLE, &ScoringOptions::default());
        let page = Page::build(&View::new(&r), &options()).unwrap();
        let flags: usize = r.ranked().iter().map(|p| p.flags().len()).sum();
        let notes: Vec<(usize, String)> = (&page.footnotes)
            .into_iter()
            .map(|f| (f.number, f.id))
            .collect();
        let badges: Vec<(usize, String)> = (&page.rows)
            .into_iter()
            .flat_map(|row| row.badges.into_iter().map(|b| (b.note, b.id)))
            .collect();
        assert_eq!(badges.len(), flags);
        assert_eq!(
            badges.iter().map(|b| b.0).collect::<Vec<_>>(),
            (1..=flags).collect::<Vec<_>>()
        );
        // Each badge's number is its footnote's, for the same flag.
        assert_eq!(notes, badges);
        assert!(!page.footnotes.is_empty());
        let text = html(&r);
        assert!(text.contains("<span class=\"badge critical\" title=\"critical ("));
        assert!(text.contains("<span class=\"badge warning\" title=\"warning ("));
    }

    #[test]
    fn sensitivity_is_left_out_with_a_reason_when_weights_differ_per_program() {
        let options = ScoringOptions {
            missing: MissingPolicy::Renormalize,
            ..ScoringOptions::default()
        };
        let page = html(&report(SAMPLE, &options));
        assert!(page.contains("--missing renormalize rescales the weights"));
        assert!(!page.contains("Share of Monte Carlo samples"));
    }

    #[test]
    fn sensitivity_shares_and_ranges_come_from_the_shared_maths() {
        let r = report(SAMPLE, &ScoringOptions::default());
        let analysis = SensitivityAnalysis::of(&r, &options().monte_carlo()).unwrap();
        let s = sensitivity_view(&r, &analysis);
        assert_eq!(s.winner, r.ranked().get(0).unwrap().name());
        assert_eq!(s.ranges.len(), r.criteria.len());
        assert_eq!(s.shares.len(), r.ranked().len());
        assert!(s.verdict.starts_with("robust") || s.verdict.starts_with("fragile"));
        // Every band contains the current weight's marker.
        for range in &s.ranges {
            let x: Decimal = range.x.parse().unwrap();
            let w: Decimal = range.width.parse().unwrap();
            let m: Decimal = range.marker.parse().unwrap();
            assert!(x <= m && m <= x + w, "{range:?}");
        }
    }

    #[test]
    fn the_alternative_comparison_names_a_critical_flag() {
        let csv = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,program_type\n\
                   Shiny MEd,2,5,5,5,5,masters\n\
                   Modest Certificate,4,3,3,3,3,certificate\n";
        let page = html(&report(csv, &ScoringOptions::default()));
        assert!(
            page.contains("Before choosing it: the best master&#39;s, Shiny MEd, has a critical red flag, Weak faculty: Faculty rated 2 of 5"),
            "{page}"
        );
        assert!(!page.contains("the best alternative, Modest Certificate, has a critical"));
    }

    #[test]
    fn a_page_cut_by_top_says_so_and_leaves_the_analysis_out() {
        let r = report(SAMPLE, &ScoringOptions::default());
        let page = html_of(&View {
            top: Some(3),
            ..View::new(&r)
        });
        assert!(page.contains("7 more ranked programs are not shown (--top)"));
        assert!(page.contains("Ranked: <b>10</b>"));
        assert!(page.contains("write the page without --top"));
        assert!(!page.contains("Share of Monte Carlo samples"));
    }

    #[test]
    fn everything_excluded_still_renders() {
        let csv = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd,funding_usd\n\
                   A,5,5,5,5,5,90000,0\n";
        let options = ScoringOptions {
            limits: crate::costs::Limits {
                max_cost: Some(Decimal::from(1000)),
                ..Default::default()
            },
            ..ScoringOptions::default()
        };
        let page = html(&report(csv, &options));
        assert!(page.contains("No program is ranked"));
        assert!(page.contains("<b>A</b>:<ul><li>net cost $90,000 is above your budget of $1,000"));
    }
}
