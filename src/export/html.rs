//! The HTML report: one self-contained page (inline CSS, inline SVG, no script, no URL) that
//! a clinician can open offline, print to PDF or attach to an email, for `progrank report`
//! and `rank -o x.html`.
//!
//! This module only turns the neutral [`Report`] into view rows of display-ready text and
//! chart geometry; the page itself is the compiled askama template `templates/report.html`,
//! which HTML-escapes every value it prints (SVG `<title>`s included). The sensitivity
//! section reuses the exact weight ranges of [`crate::scoring::sensitivity`] and the Monte
//! Carlo of [`crate::scoring::montecarlo`], as `progrank sensitivity` does.

use super::{Exporter, rating_text};
use crate::cmd::sensitivity::{MAX_PROGRAMS, figures, round_down, round_up, verdict};
use crate::config::{Direction, Normalize, WeightsSource};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::report::Report;
use crate::scoring::MissingPolicy;
use crate::scoring::montecarlo::{self, Mode, Settings};
use crate::scoring::sensitivity::{largest_remainder, weight_ranges};
use crate::values::{fixed, trimmed};
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
    /// Monte Carlo samples for the sensitivity section.
    pub samples: u32,
    /// Seed of the Monte Carlo's random generator.
    pub seed: u64,
}

/// The title used when `--title` is not given.
pub const DEFAULT_TITLE: &str = "Master's in Medical Education programs, ranked";

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            title: DEFAULT_TITLE.to_owned(),
            date: Date::today_utc(),
            samples: 10_000,
            seed: crate::cmd::sensitivity::DEFAULT_SEED,
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
    fn render(&self, report: &Report) -> Result<Vec<u8>> {
        let page = Page::build(report, &self.options)?;
        let mut html = page
            .render()
            .map_err(|e| Error::usage(format!("cannot render the HTML report: {e}")))?;
        if !html.ends_with('\n') {
            html.push('\n');
        }
        Ok(html.into_bytes())
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
    severity: &'static str,
    message: String,
}

/// One ranked program.
#[derive(Debug, Clone)]
struct Row {
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
}

/// An excluded program and why.
#[derive(Debug, Clone)]
struct Excluded {
    name: String,
    reasons: Vec<String>,
}

/// Everything the template prints, as display-ready text.
#[derive(Template)]
#[template(path = "report.html")]
struct Page {
    title: String,
    date: String,
    input: String,
    ranked_count: usize,
    excluded_count: usize,
    criteria: Vec<CriterionView>,
    weights_source: String,
    weights_label: String,
    rows: Vec<Row>,
    footnotes: Vec<Footnote>,
    sensitivity: Option<Sensitivity>,
    /// Why there is no sensitivity section, when there is none.
    sensitivity_note: String,
    samples: u32,
    seed: u64,
    spread: u32,
    excluded: Vec<Excluded>,
    missing_summary: &'static str,
    missing_notes: Vec<String>,
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

impl Page {
    fn build(report: &Report, options: &HtmlOptions) -> Result<Page> {
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

        let mut footnotes = Vec::new();
        let rows = report
            .ranked
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let exact: Vec<Decimal> = p.criteria.iter().map(|c| c.points).collect();
                let shown = largest_remainder(&exact, p.score, 2);
                let mut x = Decimal::ZERO;
                let segments: Vec<Segment> = report
                    .criteria
                    .iter()
                    .zip(&p.criteria)
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
                    p.name,
                    fixed(p.score, 2),
                    crate::text::join(segments.iter().map(|s| s.text.as_str()), "; ")
                );
                let badges = p
                    .flags
                    .iter()
                    .map(|f| {
                        footnotes.push(Footnote {
                            number: footnotes.len() + 1,
                            program: p.name.clone(),
                            id: f.id.clone(),
                            severity: severity_class(f.severity),
                            message: f.message.clone(),
                        });
                        Badge {
                            id: f.id.clone(),
                            severity: severity_class(f.severity),
                            message: f.message.clone(),
                            note: footnotes.len(),
                        }
                    })
                    .collect();
                Row {
                    rank: p.rank.unwrap_or(i + 1),
                    name: p.name.clone(),
                    score: fixed(p.score, 2),
                    score_bar: num(p.score.clamp(Decimal::ZERO, dec100())),
                    ratings: p.criteria.iter().map(|c| rating_text(c.rating)).collect(),
                    badges,
                    segments,
                    segments_label,
                }
            })
            .collect();

        let (sensitivity, sensitivity_note) = match sensitivity(report, options) {
            Ok(s) => (Some(s), String::new()),
            Err(why) => (None, why),
        };

        let excluded = report
            .excluded
            .iter()
            .map(|p| Excluded {
                name: p.name.clone(),
                reasons: p
                    .exclusion_reasons()
                    .map(|f| format!("red flag {} ({}): {}", f.id, f.severity, f.message))
                    .chain(p.limits_broken.iter().map(|l| format!("limit: {l}")))
                    .collect(),
            })
            .collect();

        let missing_notes = report
            .ranked
            .iter()
            .chain(&report.excluded)
            .filter_map(|p| {
                let missing: Vec<&str> = report
                    .criteria
                    .iter()
                    .zip(&p.criteria)
                    .filter(|(_, c)| c.rating.is_none())
                    .map(|(criterion, _)| criterion.label.as_str())
                    .collect();
                (!missing.is_empty()).then(|| {
                    format!(
                        "{}: no rating for {}",
                        p.name,
                        crate::text::join(&missing, ", ")
                    )
                })
            })
            .collect();

        let mut notes = report.limit_unknown_lines();
        notes.extend(report.unchecked_lines());
        if report.omitted_by_top > 0 {
            notes.push(format!(
                "{} more ranked program{} not shown (--top)",
                report.omitted_by_top,
                if report.omitted_by_top == 1 {
                    " is"
                } else {
                    "s are"
                }
            ));
        }

        Ok(Page {
            title: options.title.clone(),
            date: options.date.to_string(),
            input: report.input.clone(),
            ranked_count: report.ranked.len() + report.omitted_by_top,
            excluded_count: report.excluded.len(),
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
            alternatives: report
                .alternatives_line()
                .map(|l| l.lines().map(str::to_owned).collect())
                .unwrap_or_default(),
        })
    }
}

fn dec100() -> Decimal {
    Decimal::ONE_HUNDRED
}

/// `1–5, higher is better, against the scale`, in words.
fn scale_text(c: &crate::config::Criterion) -> String {
    let direction = match c.direction {
        Direction::Benefit => "higher is better",
        Direction::Cost => "lower is better",
    };
    match c.normalize {
        Normalize::Scale => format!(
            "ratings {} to {}, {direction}; normalised against the scale",
            c.scale.min.normalize(),
            c.scale.max.normalize()
        ),
        Normalize::Minmax => {
            format!("{direction}; normalised against the lowest and highest value in the data")
        }
    }
}

/// The sensitivity section, or a sentence saying why it is left out.
fn sensitivity(report: &Report, options: &HtmlOptions) -> std::result::Result<Sensitivity, String> {
    if report.ranked.is_empty() {
        return Err("No program is ranked, so there is nothing to analyse.".into());
    }
    if report.omitted_by_top > 0 {
        return Err(
            "--top left ranked programs out of this page, and any of them could take #1 \
             when the weights move; write the page without --top to see the weight ranges \
             and the Monte Carlo."
                .into(),
        );
    }
    if report.ranked.len() > MAX_PROGRAMS {
        return Err(format!(
            "{} programs are ranked; the analysis handles up to {MAX_PROGRAMS}.",
            report.ranked.len()
        ));
    }
    if report.missing_policy == MissingPolicy::Renormalize
        && report
            .ranked
            .iter()
            .any(|p| p.criteria.iter().any(|c| c.rating.is_none()))
    {
        return Err(
            "The weight analysis needs every program scored over the same weights, but \
             --missing renormalize rescales the weights of programs with missing ratings; \
             use --missing worst or fill in the ratings to see it."
                .into(),
        );
    }
    let overflow = |_| "A weight or rating is too large to analyse exactly.".to_owned();
    let (weights, values) = report.weights_and_values();
    let ranges = weight_ranges(&weights, &values, 0).map_err(overflow)?;
    let settings = Settings {
        samples: options.samples,
        seed: options.seed,
        mode: Mode::Perturb {
            spread: Decimal::from(SPREAD_PERCENT) / dec100(),
        },
    };
    let samples = montecarlo::draw_weights(&weights, &settings).map_err(overflow)?;
    let outcome = montecarlo::simulate(&values, &samples).map_err(overflow)?;
    let programs = figures(report, &outcome);
    let names: Vec<String> = report.ranked.iter().map(|p| p.name.clone()).collect();
    let ids: Vec<String> = report.criteria.iter().map(|c| c.id.clone()).collect();

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
    Ok(Sensitivity {
        winner: names[0].clone(),
        axis_max: trimmed(axis_max, 1),
        ranges: range_rows,
        shares,
        verdict: verdict(&names, &ids, &ranges, &programs[0], false),
    })
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
        }
    }

    fn html(report: &Report) -> String {
        let bytes = HtmlExporter { options: options() }.render(report).unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn every_text_from_the_input_is_escaped() {
        let page = html(&report(HOSTILE, &ScoringOptions::default()));
        assert!(!page.contains("<script"), "a script tag got through");
        assert!(!page.contains("<img"), "an img tag got through");
        assert!(!page.contains("<svg onload"), "an svg handler got through");
        assert!(page.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
        assert!(page.contains("&#60;img src=x onerror=alert(1)&#62;"));
        // In a title attribute, in an SVG <title> and in an aria-label alike.
        assert!(page.contains("<title>&#60;script&#62;alert(1)&#60;/script&#62;: score"));
        assert!(page.contains("aria-label=\"&#60;img src=x onerror=alert(1)&#62;: score"));
        assert!(page.contains("Quote &#34; and &#38; ampersand"));
        assert!(page.contains("<title>Test &#60;report&#62;</title>"));
    }

    #[test]
    fn the_page_holds_no_script_and_no_address() {
        let page = html(&report(SAMPLE, &ScoringOptions::default()));
        for needle in [
            "<script", "http:", "https:", "href", "src=", "url(", "@import", "<link", "<img",
            "<iframe", "<object", "<embed", " on",
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
        let a = HtmlExporter { options: options() }
            .render(&hostile)
            .unwrap();
        let b = HtmlExporter { options: other }.render(&hostile).unwrap();
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
        let page = Page::build(&r, &options()).unwrap();
        for (row, program) in page.rows.iter().zip(&r.ranked) {
            for (k, s) in row.segments.iter().enumerate() {
                assert_eq!(s.colour, PALETTE[k]);
            }
            let last = row.segments.last().unwrap();
            let end = last.x.parse::<Decimal>().unwrap() + last.width.parse::<Decimal>().unwrap();
            assert!((end - program.score).abs() <= Decimal::new(2, 2), "{end}");
        }
        for (k, c) in page.criteria.iter().enumerate() {
            assert_eq!(c.colour, PALETTE[k]);
        }
        assert_eq!(page.criteria[0].bar, "100");
    }

    #[test]
    fn flags_get_badges_and_numbered_footnotes() {
        let r = report(SAMPLE, &ScoringOptions::default());
        let page = Page::build(&r, &options()).unwrap();
        let flags: usize = r.ranked.iter().map(|p| p.flags.len()).sum();
        assert_eq!(page.footnotes.len(), flags);
        let numbers: Vec<usize> = page
            .rows
            .iter()
            .flat_map(|row| row.badges.iter().map(|b| b.note))
            .collect();
        assert_eq!(numbers, (1..=flags).collect::<Vec<_>>());
        let text = html(&r);
        assert!(text.contains("<span class=\"badge critical\" title=\"critical: "));
        assert!(text.contains("<span class=\"badge warning\" title=\"warning: "));
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
        let s = sensitivity(&r, &options()).unwrap();
        assert_eq!(s.winner, r.ranked[0].name);
        assert_eq!(s.ranges.len(), r.criteria.len());
        assert_eq!(s.shares.len(), r.ranked.len());
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
    fn a_page_cut_by_top_says_so_and_leaves_the_analysis_out() {
        let mut r = report(SAMPLE, &ScoringOptions::default());
        r.keep_top(3);
        let page = html(&r);
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
        assert!(page.contains("<b>A</b>:<ul><li>limit: "));
    }
}
