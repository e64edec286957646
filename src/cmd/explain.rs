//! `progrank explain`: why one program ranks where it does.
//!
//! A ranked list is trusted when its reader can see where each point came from and what it
//! would take to change the answer. For one program this prints its points per criterion
//! (rounded so that they add up to the shown score), its red flags, the rating on each
//! criterion that would be enough to make it #1, optionally a criterion-by-criterion
//! comparison with another program, and a stacked bar of its contributions.
//!
//! All arithmetic is exact (`Decimal`); the break points come from
//! [`crate::analysis::breakpoints::Reach`], in closed form.

use crate::analysis::breakpoints::{Reach, largest_remainder};
use crate::cli::{ColorArg, LimitArgs, ScoringArgs};
use crate::config::{Direction, Normalize};
use crate::error::{DataError, Error, Result};
use crate::export::json_number as number;
use crate::export::rating_text;
use crate::input::Source;
use crate::output::{self, Destination};
use crate::report::{ProgramResult, Report};
use crate::scoring::normalize::Bounds;
use crate::scoring::{ScoreError, Term};
use crate::settings::{Scoring, use_color};
use crate::text::{escape_controls, join, lpad, pad};
use crate::values::{fixed, trimmed};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::PathBuf;

/// Arguments of `progrank explain`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The shortlist: CSV, TSV, .xlsx, .xlsm, .xlsb, .xls or .ods (one row per program); `-`
    /// reads standard input.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,

    /// The program to explain, by name: case, accents and punctuation do not matter, and a
    /// unique part of the name is enough ("hopkins"). Left out, the programs are listed.
    #[arg(value_name = "PROGRAM")]
    pub program: Option<String>,

    /// Compare with this program, criterion by criterion (matched like PROGRAM).
    #[arg(long, value_name = "OTHER")]
    pub vs: Option<String>,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = ExplainFormat::Table, value_name = "FORMAT")]
    pub format: ExplainFormat,

    #[command(flatten)]
    pub input_args: crate::cli::InputArgs,

    #[command(flatten)]
    pub scoring: ScoringArgs,

    /// The same hard limits as `rank`: the program is placed among the programs within them.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `explain --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// Text for reading, with a stacked bar on a terminal.
    Table,
    /// One JSON object.
    Json,
}

/// One criterion's line of the explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Canonical id, such as `faculty_quality`.
    pub criterion: String,
    /// The label people read, such as `Faculty quality`.
    pub label: String,
    /// The rating, `None` when missing.
    pub rating: Option<Decimal>,
    /// Normalised value 0..1.
    pub normalized: Decimal,
    /// The weight.
    pub weight: Decimal,
    /// The weight's share of the weights counted, 0..1, exact.
    pub share: Decimal,
    /// The share in per cent, rounded so that the shares add up to 100.00.
    pub share_percent: Decimal,
    /// Exact points.
    pub points_exact: Decimal,
    /// Points rounded to 2 places so that they add up to the rounded score.
    pub points: Decimal,
}

/// What it takes, on one criterion alone, to be #1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachLine {
    /// Canonical id.
    pub criterion: String,
    /// The label people read.
    pub label: String,
    /// The least sufficient rating (lowest for a benefit criterion, highest for a cost one),
    /// `None` when not reachable on this criterion alone.
    pub rating: Option<Decimal>,
    /// The current rating.
    pub current: Option<Decimal>,
    /// Lower ratings are better.
    pub cost: bool,
    /// Why it was not computed, when it was not.
    pub skipped: Option<&'static str>,
}

/// The comparison with `--vs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versus {
    /// The other program's name.
    pub program: String,
    /// Its rank.
    pub rank: Option<usize>,
    /// Its exact score.
    pub score: Decimal,
    /// Its points per criterion, rounded to add up to its rounded score.
    pub points: Vec<Decimal>,
    /// This program's points minus the other's, per criterion, rounded so that they add up
    /// to the rounded score difference.
    pub differences: Vec<Decimal>,
    /// The exact score difference (this minus other).
    pub difference: Decimal,
    /// Indices of the criteria that decide the order, largest first: the fewest of the
    /// leader's advantages that outweigh all of the other program's advantages together.
    pub deciding: Vec<usize>,
}

/// Everything `explain` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The program's name as in the file.
    pub program: String,
    /// Its rank; `None` when an excluding flag or a limit left it out.
    pub rank: Option<usize>,
    /// Number of ranked programs (those within the limits, when limits are set).
    pub of: usize,
    /// Number of programs left out of the ranking, by a red flag or a limit.
    pub excluded: usize,
    /// Whether hard limits (`--max-cost`, `--type`, …) were set.
    pub limits_set: bool,
    /// The limits this program breaks, as sentences (empty when within them).
    pub limits_broken: Vec<String>,
    /// The limits that could not be checked for this program for lack of data.
    pub limits_unknown: Vec<String>,
    /// The exact score.
    pub score: Decimal,
    /// One line per criterion, in config order.
    pub lines: Vec<Line>,
    /// Flags `(id, severity, message, excludes)`.
    pub flags: Vec<(String, String, String, bool)>,
    /// "To reach #1", one per criterion.
    pub reach: Vec<ReachLine>,
    /// `--vs`.
    pub versus: Option<Versus>,
}

/// A program name as compared: accents and curly quotes folded, lower case, punctuation
/// dropped, words separated by one space (`King’s College` → `kings college`).
fn name_key(name: &str) -> String {
    let folded = crate::headers::fold(name).to_lowercase();
    let mut key = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.replace('\'', ""))
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word);
    }
    key
}

/// `"Johns Hopkins MEHP" (#3)`, or `(excluded)` for a program left out.
fn with_rank(p: &ProgramResult) -> String {
    let rank = p
        .rank
        .map_or_else(|| "excluded".to_owned(), |r| format!("#{r}"));
    format!("\"{}\" ({rank})", escape_controls(&p.name))
}

/// Finds a program by name as people type names: case, accents, punctuation and curly or
/// straight quotes aside (`kings college` finds `King’s College`); failing that, by a unique
/// part of the name or the starts of its words (`hopkins` finds `Johns Hopkins MEHP`). A name
/// that fits several programs is a usage error listing them; one that fits none is a data
/// error that lists the closest names, most similar first.
pub fn find_program<'r>(report: &'r Report, name: &str) -> Result<&'r ProgramResult> {
    let wanted = name_key(name);
    let all: Vec<&ProgramResult> = report.ranked.iter().chain(&report.excluded).collect();
    let keys: Vec<String> = all.iter().map(|p| name_key(&p.name)).collect();
    let exact: Vec<usize> = (0..all.len()).filter(|&i| keys[i] == wanted).collect();
    let partial: Vec<usize> = if wanted.is_empty() {
        Vec::new()
    } else {
        let compact = wanted.replace(' ', "");
        (0..all.len())
            .filter(|&i| {
                let words: Vec<&str> = keys[i].split(' ').collect();
                keys[i].replace(' ', "").contains(&compact)
                    || wanted
                        .split(' ')
                        .all(|w| words.iter().any(|word| word.starts_with(w)))
            })
            .collect()
    };
    let hits = if exact.is_empty() { partial } else { exact };
    match hits.as_slice() {
        [one] => return Ok(all[*one]),
        [] => {}
        several => {
            return Err(Error::usage(format!(
                "\"{}\" fits {} programs: {}; give more of the name",
                escape_controls(name.trim()),
                several.len(),
                join(several.iter().map(|&i| with_rank(all[i])), ", ")
            )));
        }
    }
    let mut scored: Vec<(f64, &str)> = all
        .iter()
        .zip(&keys)
        .map(|(p, key)| (strsim::jaro_winkler(key, &wanted), p.name.as_str()))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let suggestions = join(
        scored
            .iter()
            .take(3)
            .map(|(_, n)| format!("\"{}\"", escape_controls(n))),
        ", ",
    );
    Err(DataError::UnknownProgram {
        file: report.input.clone(),
        name: escape_controls(name),
        suggestions,
    }
    .into())
}

/// The usage error for `explain` without a program: every program with its rank.
fn name_a_program(report: &Report) -> Error {
    let all: Vec<&ProgramResult> = report.ranked.iter().chain(&report.excluded).collect();
    Error::usage(format!(
        "name the program to explain, e.g. progrank explain {} \"{}\" (part of the name is enough); \
         the programs are: {}",
        report.input,
        all.first()
            .map(|p| escape_controls(&p.name))
            .unwrap_or_default(),
        join(all.iter().map(|p| with_rank(p)), ", ")
    ))
}

fn score_error(report: &Report, program: &ProgramResult, _e: ScoreError) -> Error {
    DataError::Unscorable {
        place: crate::error::Place {
            file: report.input.clone(),
            at: crate::error::At::Line {
                line: program.line,
                row: program.line,
                column: None,
            },
        },
        message: "a value is too large to compute what it takes to be #1 exactly".into(),
    }
    .into()
}

/// Builds the explanation of `program` (one of `report`'s programs).
pub fn explain(
    report: &Report,
    program: &ProgramResult,
    other: Option<&ProgramResult>,
) -> Result<Explanation> {
    let total_share: Decimal = program
        .criteria
        .iter()
        .map(|c| c.share * Decimal::ONE_HUNDRED)
        .sum();
    let exact_points: Vec<Decimal> = program.criteria.iter().map(|c| c.points).collect();
    let points = largest_remainder(&exact_points, program.score, 2);
    let percents = largest_remainder(
        &program
            .criteria
            .iter()
            .map(|c| c.share * Decimal::ONE_HUNDRED)
            .collect::<Vec<_>>(),
        total_share,
        2,
    );
    let lines = report
        .criteria
        .iter()
        .zip(&program.criteria)
        .enumerate()
        .map(|(i, (criterion, c))| Line {
            criterion: criterion.id.clone(),
            label: criterion.label.clone(),
            rating: c.rating,
            normalized: c.normalized,
            weight: c.weight,
            share: c.share,
            share_percent: percents[i],
            points_exact: c.points,
            points: points[i],
        })
        .collect();

    let terms: Vec<Term> = program
        .criteria
        .iter()
        .map(|c| Term {
            weight: c.weight,
            normalized: c.rating.map(|_| c.normalized),
        })
        .collect();
    let target = report
        .ranked
        .iter()
        .filter(|p| !std::ptr::eq(*p, program))
        .map(|p| p.score)
        .max();
    let excluded = program.rank.is_none();
    let excluded_why = if program.exclusion_reasons().next().is_some() {
        "excluded from the ranking by a red flag"
    } else {
        "excluded from the ranking by your limits"
    };
    let mut reach = Vec::with_capacity(report.criteria.len());
    for (k, criterion) in report.criteria.iter().enumerate() {
        let cost = criterion.direction == Direction::Cost;
        let skipped = if excluded {
            Some(excluded_why)
        } else if criterion.normalize == Normalize::Minmax {
            Some("not computed: a minmax criterion's scale moves with the ratings")
        } else {
            None
        };
        let rating = match skipped {
            Some(_) => None,
            None => Reach {
                terms: &terms,
                policy: report.missing_policy,
                criterion: k,
                scale: Bounds {
                    low: criterion.scale.min,
                    high: criterion.scale.max,
                },
                direction: criterion.direction,
                target,
            }
            .rating()
            .map_err(|e| score_error(report, program, e))?,
        };
        reach.push(ReachLine {
            criterion: criterion.id.clone(),
            label: criterion.label.clone(),
            rating,
            current: program.criteria[k].rating,
            cost,
            skipped,
        });
    }

    let versus = other.map(|o| versus(program, o));
    Ok(Explanation {
        program: program.name.clone(),
        rank: program.rank,
        of: report.ranked.len(),
        excluded: report.excluded.len(),
        limits_set: !report.limits.is_empty(),
        limits_broken: program.limits_broken.clone(),
        limits_unknown: program.limits_unknown.clone(),
        score: program.score,
        lines,
        flags: program
            .flags
            .iter()
            .map(|f| {
                (
                    f.id.clone(),
                    f.severity.to_string(),
                    f.message.clone(),
                    f.exclude,
                )
            })
            .collect(),
        reach,
        versus,
    })
}

fn versus(program: &ProgramResult, other: &ProgramResult) -> Versus {
    let other_exact: Vec<Decimal> = other.criteria.iter().map(|c| c.points).collect();
    let other_points = largest_remainder(&other_exact, other.score, 2);
    let exact: Vec<Decimal> = program
        .criteria
        .iter()
        .zip(&other.criteria)
        .map(|(a, b)| a.points - b.points)
        .collect();
    let difference = program.score - other.score;
    // Rounded differences: the exact per-criterion differences, rounded so that they add up
    // to the difference of the two rounded scores (the Total row).
    let round2 = |d: Decimal| {
        d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    let differences = largest_remainder(&exact, round2(program.score) - round2(other.score), 2);
    let sign = if difference.is_zero() {
        Decimal::ZERO
    } else if difference.is_sign_positive() {
        Decimal::ONE
    } else {
        -Decimal::ONE
    };
    let mut deciding = Vec::new();
    if !sign.is_zero() {
        let against: Decimal = exact
            .iter()
            .map(|d| d * sign)
            .filter(|d| *d < Decimal::ZERO)
            .map(|d| -d)
            .sum();
        let mut order: Vec<usize> = (0..exact.len())
            .filter(|&i| exact[i] * sign > Decimal::ZERO)
            .collect();
        order.sort_by(|&a, &b| (exact[b] * sign).cmp(&(exact[a] * sign)));
        let mut gathered = Decimal::ZERO;
        for i in order {
            deciding.push(i);
            gathered += exact[i] * sign;
            if gathered > against {
                break;
            }
        }
    }
    Versus {
        program: other.name.clone(),
        rank: other.rank,
        score: other.score,
        points: other_points,
        differences,
        difference,
        deciding,
    }
}

/// Why the program is left out of the ranking: its excluding flags' ids, then the limits it
/// breaks as sentences; empty for a ranked program.
pub fn excluded_because(e: &Explanation) -> Vec<String> {
    e.flags
        .iter()
        .filter(|f| f.3)
        .map(|f| f.0.clone())
        .chain(e.limits_broken.iter().cloned())
        .collect()
}

/// The explanation as one JSON object.
pub fn to_json(e: &Explanation) -> Value {
    let criteria: Vec<Value> = e
        .lines
        .iter()
        .map(|l| {
            json!({
                "criterion": l.criterion,
                "rating": l.rating.map_or(Value::Null, |r| number(r, 28)),
                "normalized": number(l.normalized, 4),
                "weight": number(l.weight, 28),
                "share": number(l.share, 4),
                "points": number(l.points, 2),
            })
        })
        .collect();
    let flags: Vec<Value> = e
        .flags
        .iter()
        .map(|(id, severity, message, _)| json!({"id": id, "severity": severity, "message": message}))
        .collect();
    let reach: Vec<Value> = e
        .reach
        .iter()
        .map(|r| {
            json!({
                "criterion": r.criterion,
                "rating": r.rating.map_or(Value::Null, |x| number(x, 2)),
            })
        })
        .collect();
    let mut object = json!({
        "program": e.program,
        "rank": e.rank,
        "of": e.of,
        "excluded": e.excluded,
        "excluded_because": excluded_because(e),
        "score": number(e.score, 2),
        "criteria": criteria,
        "flags": flags,
        "to_reach_first": reach,
    });
    if let Some(v) = &e.versus {
        let rows: Vec<Value> = e
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "criterion": l.criterion,
                    "points": number(l.points, 2),
                    "other_points": number(v.points[i], 2),
                    "difference": number(v.differences[i], 2),
                })
            })
            .collect();
        object["vs"] = json!({
            "program": v.program,
            "rank": v.rank,
            "score": number(v.score, 2),
            "difference": number(e.score.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                - v.score.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero), 2),
            "criteria": rows,
            "deciding": v.deciding.iter().map(|&i| e.lines[i].criterion.clone()).collect::<Vec<_>>(),
        });
    }
    object
}

const BAR_WIDTH: u32 = 50;
const GLYPHS: [char; 10] = ['#', '=', '+', '*', '~', '%', '@', '&', 'o', 'x'];
const COLOURS: [u8; 6] = [34, 32, 33, 35, 36, 31];

/// The stacked bar: one cell per 2 points, each criterion's cells together. In colour on a
/// terminal; with one plain character per criterion otherwise.
pub fn stacked_bar(e: &Explanation, colour: bool) -> String {
    let scale = Decimal::from(BAR_WIDTH) / Decimal::ONE_HUNDRED;
    let exact: Vec<Decimal> = e
        .lines
        .iter()
        .map(|l| (l.points_exact * scale).max(Decimal::ZERO))
        .collect();
    let cells = largest_remainder(&exact, (e.score * scale).max(Decimal::ZERO), 0);
    let mut bar = String::from("|");
    let mut legend = Vec::new();
    for (i, (line, n)) in e.lines.iter().zip(&cells).enumerate() {
        let n = usize::try_from(n.mantissa())
            .unwrap_or(0)
            .min(BAR_WIDTH as usize);
        let glyph = GLYPHS[i % GLYPHS.len()];
        if colour {
            let code = COLOURS[i % COLOURS.len()];
            let _ = write!(bar, "\x1b[{code}m{}\x1b[0m", "█".repeat(n));
            legend.push(format!("\x1b[{code}m█\x1b[0m {}", line.label));
        } else {
            bar.push_str(&glyph.to_string().repeat(n));
            legend.push(format!("{glyph} {}", line.label));
        }
    }
    let used: usize = cells
        .iter()
        .map(|c| usize::try_from(c.mantissa()).unwrap_or(0))
        .sum();
    bar.push_str(&" ".repeat((BAR_WIDTH as usize).saturating_sub(used)));
    bar.push('|');
    format!("{bar} {}\n  {}\n", fixed(e.score, 2), legend.join("  "))
}

/// The explanation as text.
pub fn to_text(e: &Explanation, colour: bool) -> String {
    let mut out = String::new();
    let name = escape_controls(&e.program);
    let _ = writeln!(out, "{name}");
    let _ = writeln!(out, "{}", standing(e));
    for unknown in &e.limits_unknown {
        let _ = writeln!(out, "Not checked against {unknown}");
    }
    let width = e
        .lines
        .iter()
        .map(|l| l.label.chars().count())
        .max()
        .unwrap_or(0)
        .max(9);
    let _ = writeln!(
        out,
        "\n{}  {}  {}  {}  {}",
        pad("Criterion", width),
        lpad("Rating", 6),
        lpad("Normalised", 10),
        lpad("Weight share", 12),
        lpad("Points", 6)
    );
    for l in &e.lines {
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}",
            pad(&l.label, width),
            lpad(&rating_text(l.rating), 6),
            lpad(&fixed(l.normalized, 4), 10),
            lpad(&format!("{} %", fixed(l.share_percent, 2)), 12),
            lpad(&fixed(l.points, 2), 6)
        );
    }
    let total_share: Decimal = e.lines.iter().map(|l| l.share_percent).sum();
    let _ = writeln!(
        out,
        "{}  {}  {}  {}  {}",
        pad("Total", width),
        lpad("", 6),
        lpad("", 10),
        lpad(&format!("{} %", fixed(total_share, 2)), 12),
        lpad(&fixed(e.score, 2), 6)
    );
    let _ = writeln!(
        out,
        "\nContributions (one cell = 2 points)\n{}",
        stacked_bar(e, colour)
    );
    let _ = writeln!(out, "Red flags");
    if e.flags.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for (id, severity, message, exclude) in &e.flags {
        let excl = if *exclude { ", excludes" } else { "" };
        let _ = writeln!(out, "  {id} ({severity}{excl}): {message}");
    }
    let _ = writeln!(
        out,
        "\nTo reach #1{} (one criterion at a time, everything else fixed; a shared #1 counts)",
        if e.limits_set {
            " among the programs within your limits"
        } else {
            ""
        }
    );
    for r in &e.reach {
        let now = rating_text(r.current);
        let text = match (r.skipped, r.rating) {
            (Some(why), _) => why.to_string(),
            (None, None) => "not reachable on this criterion alone".into(),
            (None, Some(x)) => {
                let enough_now = r
                    .current
                    .is_some_and(|c| if r.cost { c <= x } else { c >= x });
                let (more, less) = if r.cost {
                    ("or less", "as high as")
                } else {
                    ("or more", "as low as")
                };
                if enough_now && e.rank == Some(1) {
                    format!(
                        "already #1 (now {now}); {less} {} would keep it #1",
                        trimmed(x, 2)
                    )
                } else {
                    format!("{} {more} (now {now})", trimmed(x, 2))
                }
            }
        };
        let _ = writeln!(out, "  {}  {text}", pad(&r.label, width));
    }
    if let Some(v) = &e.versus {
        let other = escape_controls(&v.program);
        let _ = writeln!(out, "\nVersus {other}");
        let _ = writeln!(
            out,
            "{}  {}  {}  {}",
            pad("Criterion", width),
            lpad("This", 6),
            lpad("Other", 6),
            lpad("Difference", 10)
        );
        for (i, l) in e.lines.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}  {}  {}  {}",
                pad(&l.label, width),
                lpad(&fixed(l.points, 2), 6),
                lpad(&fixed(v.points[i], 2), 6),
                lpad(&signed(v.differences[i]), 10)
            );
        }
        let total: Decimal = v.differences.iter().sum();
        let _ = writeln!(
            out,
            "{}  {}  {}  {}",
            pad("Total", width),
            lpad(&fixed(e.score, 2), 6),
            lpad(&fixed(v.score, 2), 6),
            lpad(&signed(total), 10)
        );
        if v.deciding.is_empty() {
            let _ = writeln!(
                out,
                "The two scores are equal: no criterion decides the order."
            );
        } else {
            let leader = if v.difference.is_sign_positive() {
                name.as_str()
            } else {
                other.as_str()
            };
            let names = join(
                v.deciding
                    .iter()
                    .map(|&i| format!("{} ({})", e.lines[i].label, signed(v.differences[i].abs()))),
                ", ",
            );
            let _ = writeln!(out, "{leader} is ahead; decided by {names}.");
        }
    }
    out
}

/// The first line under the name: the rank among the ranked programs (saying so when limits
/// filtered them, and how many were left out), or why the program is not ranked.
pub fn standing(e: &Explanation) -> String {
    let score = fixed(e.score, 2);
    let programs = if e.of == 1 { "program" } else { "programs" };
    match e.rank {
        Some(rank) if e.limits_set => format!(
            "#{rank} of {} {programs} within your limits; {} excluded. Score {score}",
            e.of, e.excluded
        ),
        Some(rank) if e.excluded > 0 => format!(
            "Rank {rank} of {}, score {score} ({} excluded by a red flag)",
            e.of, e.excluded
        ),
        Some(rank) => format!("Rank {rank} of {}, score {score}", e.of),
        None => {
            let flagged = e.flags.iter().any(|f| f.3);
            let mut why = Vec::new();
            if flagged {
                why.push("by a red flag".to_owned());
            }
            if !e.limits_broken.is_empty() {
                let sentences = e
                    .limits_broken
                    .iter()
                    .map(|l| crate::export::limit_sentence(l));
                why.push(format!(
                    "by your limits ({})",
                    escape_controls(&join(sentences, "; "))
                ));
            }
            let among = if e.limits_set {
                let are = if e.of == 1 { "is" } else { "are" };
                format!("; {} {programs} {are} within your limits", e.of)
            } else {
                String::new()
            };
            format!(
                "Excluded from the ranking {}; score {score}, not ranked{among}",
                why.join(" and ")
            )
        }
    }
}

fn signed(d: Decimal) -> String {
    let text = fixed(d, 2);
    if d > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

/// Runs `progrank explain`.
pub fn run(args: Args) -> Result<()> {
    let scoring = Scoring::from_args(&args.scoring)?.with_limits(args.limits.limits());
    let input = Source::from_arg(&args.input);
    let sheet = crate::input::read_sheet(&input, &args.input_args.read_options())?;
    let report = crate::pipeline::run(sheet, &scoring.config, &scoring.options)?;
    report.print_notes();
    let Some(wanted) = &args.program else {
        return Err(name_a_program(&report));
    };
    let program = find_program(&report, wanted)?;
    let other = match &args.vs {
        Some(name) => {
            let other = find_program(&report, name)?;
            if std::ptr::eq(other, program) {
                return Err(Error::usage(format!(
                    "--vs names the same program as PROGRAM ({}); name another program",
                    escape_controls(&program.name)
                )));
            }
            Some(other)
        }
        None => None,
    };
    let explanation = explain(&report, program, other)?;
    let bytes = match args.format {
        ExplainFormat::Json => {
            let mut b = serde_json::to_vec_pretty(&to_json(&explanation))
                .expect("a Value always serialises");
            b.push(b'\n');
            b
        }
        ExplainFormat::Table => to_text(&explanation, use_color(ColorArg::Auto, true)).into_bytes(),
    };
    output::write(&Destination::Stdout, &bytes, None).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::pipeline::ScoringOptions;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    const CSV: &str = include_str!("../../data/programs.csv");

    fn report(csv: &str) -> Report {
        let sheet = crate::input::Sheet::from_csv("programs.csv", csv.as_bytes()).unwrap();
        crate::pipeline::run(sheet, &Config::default(), &ScoringOptions::default()).unwrap()
    }

    #[test]
    fn names_match_case_insensitively_and_unknown_names_get_suggestions() {
        let r = report(CSV);
        let p = find_program(&r, "  lakeshore university mmed ").unwrap();
        assert_eq!(p.name, "Lakeshore University MMEd");
        let err = find_program(&r, "Lakeshor Univrsity MMEd").unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::DATA);
        assert!(
            err.to_string()
                .contains("closest names are \"Lakeshore University MMEd\""),
            "{err}"
        );
    }

    #[test]
    fn names_match_as_people_type_them() {
        let r = report(CSV);
        for typed in [
            "lakeshore",
            "Lakeshore Univ MMEd",
            "LAKESHORE-university",
            "lakeshore university mmed.",
        ] {
            assert_eq!(
                find_program(&r, typed).unwrap().name,
                "Lakeshore University MMEd",
                "{typed:?}"
            );
        }
        let err = find_program(&r, "mhpe").unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::USAGE);
        let msg = err.to_string();
        assert!(msg.contains("fits 4 programs"), "{msg}");
        assert!(
            msg.contains("\"Riverside Health Professions Education MHPE\" (#1)"),
            "{msg}"
        );
        assert_eq!(name_key("King’s Collège, London"), "kings college london");
        assert_eq!(
            name_key("Kings College London"),
            name_key("King's College - London")
        );
        let listing = name_a_program(&r).to_string();
        assert!(
            listing.contains("\"Lakeshore University MMEd\" (#3)"),
            "{listing}"
        );
    }

    #[test]
    fn points_add_up_to_the_shown_score_for_every_program() {
        let r = report(CSV);
        for p in r.ranked.iter().chain(&r.excluded) {
            let e = explain(&r, p, None).unwrap();
            let total: Decimal = e.lines.iter().map(|l| l.points).sum();
            assert_eq!(fixed(total, 2), fixed(e.score, 2), "{}", p.name);
            let shares: Decimal = e.lines.iter().map(|l| l.share_percent).sum();
            assert_eq!(shares, Decimal::ONE_HUNDRED);
        }
    }

    /// Replaces one rating of one program in the CSV text and ranks again.
    fn rank_after_change(program: &str, criterion: usize, rating: Decimal) -> Option<usize> {
        let mut out = String::new();
        for (i, line) in CSV.lines().enumerate() {
            if i > 0 && line.starts_with(program) {
                let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
                cells[1 + criterion] = rating.to_string();
                out.push_str(&cells.join(","));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        let r = report(&out);
        r.ranked
            .iter()
            .find(|p| p.name == program)
            .and_then(|p| p.rank)
    }

    #[test]
    fn to_reach_first_really_reaches_first_through_the_whole_pipeline() {
        let r = report(CSV);
        let mut checked = 0;
        for p in &r.ranked {
            if p.name.contains(',') {
                continue;
            }
            let e = explain(&r, p, None).unwrap();
            for (k, reach) in e.reach.iter().enumerate() {
                if let Some(x) = reach.rating {
                    assert_eq!(
                        rank_after_change(&p.name, k, x),
                        Some(1),
                        "{} {k} {x}",
                        p.name
                    );
                    let less = x - Decimal::new(1, 2);
                    if less >= Decimal::ONE {
                        assert_ne!(
                            rank_after_change(&p.name, k, less),
                            Some(1),
                            "{} {k} {less}",
                            p.name
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked >= 5, "only {checked} reachable cases");
    }

    #[test]
    fn versus_names_the_deciding_criteria() {
        let r = report(CSV);
        let a = find_program(&r, "Riverside Health Professions Education MHPE").unwrap();
        let b = find_program(&r, "Lakeshore University MMEd").unwrap();
        let e = explain(&r, a, Some(b)).unwrap();
        let v = e.versus.unwrap();
        let sum: Decimal = v.differences.iter().sum();
        assert_eq!(sum, dec!(76.71) - dec!(60.96));
        // Riverside leads on faculty (+6.16) and scholarship (+8.77); Lakeshore on schedule
        // (+4.80); brand +2.74 for Riverside. Scholarship alone outweighs schedule.
        let ids: Vec<&str> = v
            .deciding
            .iter()
            .map(|&i| e.lines[i].criterion.as_str())
            .collect();
        assert_eq!(ids, vec!["scholarship_support"]);
    }

    #[test]
    fn the_plain_bar_has_fifty_cells_at_most_and_no_escapes() {
        let r = report(CSV);
        let e = explain(&r, &r.ranked[0], None).unwrap();
        let bar = stacked_bar(&e, false);
        let first = bar.lines().next().unwrap();
        assert!(!bar.contains('\x1b'));
        // 76.71 points → 38 cells of 2 points.
        assert_eq!(first.chars().filter(|c| GLYPHS.contains(c)).count(), 38);
        assert!(stacked_bar(&e, true).contains("\x1b[34m"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Contributions always add up to the shown score, whatever the ratings and weights.
        #[test]
        fn contributions_sum_to_the_score(
            ratings in prop::collection::vec(1u32..=5, 5),
            weights in prop::collection::vec(1u32..=100, 5),
        ) {
            let header = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name";
            let row = join(ratings.iter().map(u32::to_string), ",");
            let csv = format!("{header}\nX,{row}\nY,3,3,3,3,3\n");
            let mut config = Config::default();
            for (c, w) in ["faculty_quality", "scholarship_support", "funding", "schedule_flexibility", "brand_name"].iter().zip(&weights) {
                config.override_weight(c, Decimal::from(*w)).unwrap();
            }
            let sheet = crate::input::Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
            let r = crate::pipeline::run(sheet, &config, &ScoringOptions::default()).unwrap();
            for p in &r.ranked {
                let e = explain(&r, p, None).unwrap();
                let total: Decimal = e.lines.iter().map(|l| l.points).sum();
                prop_assert_eq!(fixed(total, 2), fixed(e.score, 2));
            }
        }
    }
}
