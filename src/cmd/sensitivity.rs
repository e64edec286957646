//! `progrank sensitivity`: how robust the ranking is to the weights.
//!
//! Weights are the least certain input: few people can say whether faculty quality is worth
//! 90 or 80. This command reports, for the current #1,
//!
//! * the exact interval of each weight (others fixed) over which it stays #1, and who takes
//!   over beyond each end ([`crate::analysis::breakpoints::weight_ranges`], closed form);
//! * a Monte Carlo run around the user's weights, or over all weight sets with `--mode smaa`
//!   ([`crate::analysis::montecarlo`]), giving each program's share of #1 places and its rank
//!   spread;
//! * whether the weighted sum, the weighted product and TOPSIS agree on the top 3;
//! * a one-line verdict, the meaning of its word ([`VERDICT_WORDS`], the same text as the
//!   "Verdict words" section of docs/guide/sensitivity.md) and one sentence each on what the
//!   Monte Carlo and the SMAA verdicts answer, so that "robust" under one and "fragile" under
//!   the other read as two answers to two questions, not a contradiction.
//!
//! It takes `rank`'s limits (`--max-cost`, `--type`, …) and analyses the programs within them.

use crate::analysis::breakpoints::{WeightRange, weight_ranges};
use crate::analysis::montecarlo::{self, Mode, Outcome, Settings};
use crate::cli::{LimitArgs, ScoringArgs};
use crate::error::{DataError, Error, Result};
use crate::export::json_number as number;
use crate::input::{Sheet, Source};
use crate::output::{self, Destination};
use crate::report::Report;
use crate::scoring::MissingPolicy;
use crate::scoring::methods::Method;
use crate::settings::Scoring;
use crate::text::{escape_controls, lpad, pad};
use crate::values::{fixed, parse_decimal, trimmed};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::PathBuf;

/// The most ranked programs `sensitivity` analyses: its rank counts grow with the square.
pub const MAX_PROGRAMS: usize = 4096;

/// The seed used when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 42;

/// Arguments of `progrank sensitivity`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The shortlist: CSV, TSV, .xlsx, .xlsm, .xlsb, .xls or .ods (one row per program); `-`
    /// reads standard input.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,

    /// Number of random weight sets to rank under.
    #[arg(long, value_name = "N", default_value_t = 10_000,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub samples: u32,

    /// Each weight is multiplied by a random factor within ± this many per cent (perturb mode).
    #[arg(long, value_name = "PCT", default_value = "25", value_parser = parse_spread)]
    pub spread: Decimal,

    /// Seed of the random generator: the same seed gives the same output on every machine.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// How random weights are drawn.
    #[arg(long, value_enum, default_value_t = ModeArg::Perturb, value_name = "MODE")]
    pub mode: ModeArg,

    /// Output format.
    #[arg(short, long, value_enum, default_value_t = SensitivityFormat::Table, value_name = "FORMAT")]
    pub format: SensitivityFormat,

    #[command(flatten)]
    pub input_args: crate::cli::InputArgs,

    #[command(flatten)]
    pub scoring: ScoringArgs,

    /// The same hard limits as `rank`: only the programs within them are analysed.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// The verdict's words and what each means; the docs' "Verdict words" section quotes these
/// definitions word for word (a test checks it).
pub const VERDICT_WORDS: [(&str, &str); 2] = [
    (
        "robust",
        "the winner is #1 in at least 95 % of the samples (weight sets, in SMAA) and stays #1 \
         when any one weight, the others fixed, moves anywhere within ±50 % of its value",
    ),
    (
        "fragile",
        "the winner is #1 in fewer than 95 % of the samples (weight sets, in SMAA), or moving \
         one weight, the others fixed, by less than 50 % of its value makes another program #1",
    ),
];

/// What the Monte Carlo verdict answers, in one sentence; `spread` in per cent when known.
pub fn monte_carlo_sentence(spread: Option<Decimal>) -> String {
    let within = spread.map_or_else(
        || "within ±25 % by default".to_owned(),
        |s| format!("within ±{s} %"),
    );
    format!(
        "Monte Carlo (the default) draws weights close to yours (each {within}), so its verdict \
         says whether the winner holds if your weights are about right."
    )
}

/// What the SMAA verdict answers, in one sentence, reconciling it with Monte Carlo's.
pub const SMAA_SENTENCE: &str = "SMAA (--mode smaa) draws any weights at all, however unlike \
     yours, so its verdict says whether the winner wins whatever the priorities; robust under \
     Monte Carlo and fragile under SMAA means it suits your priorities, not everyone's.";

/// `--mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    /// Perturb every weight around the chart by an independent uniform factor.
    Perturb,
    /// Draw weight sets uniformly over all possible weight sets (Dirichlet(1)) and report
    /// each program's rank acceptability.
    Smaa,
}

/// `sensitivity --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SensitivityFormat {
    /// Text for reading.
    Table,
    /// One JSON object.
    Json,
    /// One CSV row per program with its Monte Carlo figures.
    Csv,
}

/// Parses `--spread`: a percentage from 0 to 100.
pub fn parse_spread(text: &str) -> std::result::Result<Decimal, String> {
    let pct = parse_decimal(text.trim().trim_end_matches('%'))
        .map_err(|_| format!("{text:?} is not a number; write e.g. 25 for ±25 %"))?;
    if pct < Decimal::ZERO || pct > Decimal::ONE_HUNDRED {
        return Err(format!("{text} is outside 0–100; write e.g. 25 for ±25 %"));
    }
    Ok(pct)
}

/// One program's Monte Carlo figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramFigures {
    /// Name.
    pub program: String,
    /// Rank under the chart's weights.
    pub rank: usize,
    /// Exact score under the chart's weights.
    pub score: Decimal,
    /// Fraction of samples at #1.
    pub top_share: Decimal,
    /// Median rank.
    pub median_rank: usize,
    /// 5th percentile rank.
    pub p5_rank: usize,
    /// 95th percentile rank.
    pub p95_rank: usize,
    /// Share of samples at each rank (index 0 = rank 1).
    pub acceptability: Vec<Decimal>,
}

/// Everything `sensitivity` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The input's name.
    pub input: String,
    /// Programs left out of the analysis by a red flag or a limit.
    pub excluded: usize,
    /// Whether hard limits (`--max-cost`, `--type`, …) were set.
    pub limits_set: bool,
    /// Criterion labels, for people to read (in criterion order).
    pub labels: Vec<String>,
    /// The current #1.
    pub winner: String,
    /// Its score.
    pub winner_score: Decimal,
    /// Criterion ids.
    pub criteria: Vec<String>,
    /// Weight ranges, in criterion order.
    pub ranges: Vec<WeightRange>,
    /// Program names in rank order (indices of `ranges.below/above`).
    pub names: Vec<String>,
    /// Monte Carlo figures, in rank order.
    pub programs: Vec<ProgramFigures>,
    /// Samples drawn.
    pub samples: u32,
    /// Spread in per cent (perturb mode).
    pub spread: Option<Decimal>,
    /// Seed.
    pub seed: u64,
    /// SMAA mode.
    pub smaa: bool,
    /// Top 3 names under wsm, wpm and topsis (`Err` with the reason when a method failed).
    pub top3: Vec<(Method, std::result::Result<Vec<String>, String>)>,
    /// Whether the three methods agree on the top 3 (same programs in the same order).
    pub methods_agree_top3: bool,
    /// The one-line verdict.
    pub verdict: String,
}

fn top3(report: &Report) -> Vec<String> {
    report
        .ranked
        .iter()
        .take(3)
        .map(|p| p.name.clone())
        .collect()
}

/// Runs the analysis on a sheet.
pub fn analyse(sheet: Sheet, scoring: &Scoring, settings: &Settings) -> Result<Analysis> {
    let report = crate::pipeline::run(sheet.clone(), &scoring.config, &scoring.options)?;
    report.print_notes();
    if report.ranked.is_empty() {
        return Err(DataError::Unrankable {
            file: report.input.clone(),
            message: if report.limits.is_empty() {
                "no program is left in the ranking (every one is excluded by a red flag), so there is nothing to analyse".into()
            } else {
                format!(
                    "no program is within your limits ({} excluded by a red flag or a limit), so there is nothing to analyse; loosen --max-cost, --max-hours, --delivery or --type",
                    report.excluded.len()
                )
            },
        }
        .into());
    }
    if report.ranked.len() > MAX_PROGRAMS {
        return Err(DataError::Unrankable {
            file: report.input.clone(),
            message: format!(
                "{} programs are ranked; sensitivity keeps a rank count for every program at every rank and handles up to {MAX_PROGRAMS}; \
                 analyse a shortlist (for example the output of rank --top {MAX_PROGRAMS})",
                report.ranked.len()
            ),
        }
        .into());
    }
    if report.missing_policy == MissingPolicy::Renormalize
        && report
            .ranked
            .iter()
            .any(|p| p.criteria.iter().any(|c| c.rating.is_none()))
    {
        return Err(Error::usage(
            "sensitivity needs every program scored over the same weights, but --missing renormalize \
             rescales the weights of programs with missing ratings; use --missing worst or fill in the ratings",
        ));
    }
    let (weights, values) = report.weights_and_values();
    let overflow = |_| -> Error {
        DataError::Unrankable {
            file: report.input.clone(),
            message: "a weight or rating is too large to analyse exactly".into(),
        }
        .into()
    };
    let ranges = weight_ranges(&weights, &values, 0).map_err(overflow)?;
    let samples = montecarlo::draw_weights(&weights, settings).map_err(overflow)?;
    let outcome = montecarlo::simulate(&values, &samples).map_err(overflow)?;
    let programs = figures(&report, &outcome);

    let mut tops = vec![(Method::Wsm, Ok(top3(&report)))];
    for method in [Method::Wpm, Method::Topsis] {
        let mut options = scoring.options.clone();
        options.method = method;
        let result = crate::pipeline::run(sheet.clone(), &scoring.config, &options)
            .map(|r| top3(&r))
            .map_err(|e| e.to_string());
        tops.push((method, result));
    }
    let agree = tops
        .iter()
        .all(|(_, t)| t.as_ref().ok() == tops[0].1.as_ref().ok());

    let names: Vec<String> = report.ranked.iter().map(|p| p.name.clone()).collect();
    let criteria: Vec<String> = report.criteria.iter().map(|c| c.id.clone()).collect();
    let labels: Vec<String> = report.criteria.iter().map(|c| c.label.clone()).collect();
    let smaa = settings.mode == Mode::Smaa;
    let verdict = verdict(&names, &labels, &ranges, &programs[0], smaa);
    Ok(Analysis {
        input: report.input.clone(),
        excluded: report.excluded.len(),
        limits_set: !report.limits.is_empty(),
        labels,
        winner: names[0].clone(),
        winner_score: report.ranked[0].score,
        criteria,
        ranges,
        names,
        programs,
        samples: settings.samples,
        spread: match settings.mode {
            Mode::Perturb { spread } => Some((spread * Decimal::ONE_HUNDRED).normalize()),
            Mode::Smaa => None,
        },
        seed: settings.seed,
        smaa,
        top3: tops,
        methods_agree_top3: agree,
        verdict,
    })
}

/// Each ranked program's Monte Carlo figures, in rank order (`outcome` indexed like
/// `report.ranked`).
pub fn figures(report: &Report, outcome: &Outcome) -> Vec<ProgramFigures> {
    let n = report.ranked.len();
    report
        .ranked
        .iter()
        .enumerate()
        .map(|(i, p)| ProgramFigures {
            program: p.name.clone(),
            rank: p.rank.unwrap_or(i + 1),
            score: p.score,
            top_share: outcome.top_share(i),
            median_rank: outcome.median_rank(i),
            p5_rank: outcome.percentile_rank(i, 5),
            p95_rank: outcome.percentile_rank(i, 95),
            acceptability: (1..=n).map(|r| outcome.share(i, r)).collect(),
        })
        .collect()
}

/// Rounds a range's low end up to 2 places, so that the shown bound still keeps the winner.
pub fn round_up(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity)
        .normalize()
}

/// Rounds a range's high end down to 2 places, so that the shown bound still keeps the winner.
pub fn round_down(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity)
        .normalize()
}

fn percent(share: Decimal) -> String {
    format!("{} %", fixed(share * Decimal::ONE_HUNDRED, 1))
}

/// The verdict: robust when the winner is #1 in ≥ 95 % of samples and keeps #1 across ±50 %
/// of every single weight; fragile otherwise (the words as [`VERDICT_WORDS`] defines them).
/// Either way, names the smallest single-weight change (relative to the weight) that changes
/// the winner, naming criteria by `labels`.
pub fn verdict(
    names: &[String],
    labels: &[String],
    ranges: &[WeightRange],
    winner: &ProgramFigures,
    smaa: bool,
) -> String {
    let half = Decimal::new(5, 1);
    // Checked throughout: a weight of 10⁻²⁸ next to one of 10²⁸ is valid, and the relative
    // change it takes to move the winner may not fit a decimal at all.
    let robust_weights = ranges.iter().all(|r| {
        let low_ok = r.weight.checked_mul(half).is_some_and(|l| r.low <= l);
        let high_ok = r.high.is_none_or(|h| {
            r.weight
                .checked_mul(Decimal::ONE + half)
                .is_some_and(|limit| h >= limit)
        });
        low_ok && high_ok
    });
    let robust = winner.top_share >= Decimal::new(95, 2) && robust_weights;
    // (relative change, text); `None` is a change too large for a decimal: larger than any.
    let mut smallest: Option<(Option<Decimal>, String)> = None;
    for r in ranges.iter().filter(|r| !r.weight.is_zero()) {
        let id = escape_controls(&labels[r.criterion]);
        let mut consider = |bound: Decimal, taker: usize, below: bool| {
            let change = bound
                .checked_sub(r.weight)
                .and_then(|d| d.abs().checked_div(r.weight));
            let percent = change
                .and_then(|c| c.checked_mul(Decimal::ONE_HUNDRED))
                .map_or_else(
                    || "a change too large to state in per cent".to_owned(),
                    |p| format!("{}{} %", if below { "−" } else { "+" }, fixed(p, 0)),
                );
            let text = format!(
                "{id} {} {} (now {}, {percent}) makes {} #1",
                if below { "below" } else { "above" },
                trimmed(
                    if below {
                        round_up(bound)
                    } else {
                        round_down(bound)
                    },
                    2
                ),
                r.weight.normalize(),
                escape_controls(&names[taker]),
            );
            let smaller = match (&smallest, change) {
                (None, _) => true,
                (Some((None, _)), Some(_)) => true,
                (Some((Some(c), _)), Some(change)) => change < *c,
                (Some(_), None) => false,
            };
            if smaller {
                smallest = Some((change, text));
            }
        };
        if let Some(i) = r.below {
            consider(r.low, i, true);
        }
        if let (Some(i), Some(h)) = (r.above, r.high) {
            consider(h, i, false);
        }
    }
    let place = if smaa { "weight sets" } else { "samples" };
    let head = if robust {
        format!(
            "robust: {} stays #1 in {} of {place} and across ±50 % on every single weight",
            escape_controls(&winner.program),
            percent(winner.top_share)
        )
    } else {
        format!(
            "fragile: {} is #1 in {} of {place}{}",
            escape_controls(&winner.program),
            percent(winner.top_share),
            if robust_weights {
                ""
            } else {
                " and a single weight change of less than 50 % changes the winner"
            }
        )
    };
    match smallest {
        Some((_, text)) => {
            format!("{head}; the smallest single-weight change that changes the winner: {text}")
        }
        None => format!("{head}; no single weight change alone changes the winner"),
    }
}

/// The analysis as one JSON object.
pub fn to_json(a: &Analysis) -> Value {
    let ranges: Vec<Value> = a
        .ranges
        .iter()
        .map(|r| {
            json!({
                "criterion": a.criteria[r.criterion],
                "weight": number(r.weight, 28),
                "low": number(round_up(r.low), 2),
                "high": r.high.map_or(Value::Null, |h| number(round_down(h), 2)),
                "below": r.below.map_or(Value::Null, |i| Value::String(a.names[i].clone())),
                "above": r.above.map_or(Value::Null, |i| Value::String(a.names[i].clone())),
            })
        })
        .collect();
    let mc: Vec<Value> = a
        .programs
        .iter()
        .map(|p| {
            let mut v = json!({
                "program": p.program,
                "top_share": number(p.top_share, 4),
                "median_rank": p.median_rank,
                "p5_rank": p.p5_rank,
                "p95_rank": p.p95_rank,
            });
            if a.smaa {
                v["rank_acceptability"] =
                    Value::Array(p.acceptability.iter().map(|s| number(*s, 4)).collect());
            }
            v
        })
        .collect();
    let tops: serde_json::Map<String, Value> = a
        .top3
        .iter()
        .map(|(m, t)| {
            (
                m.to_string(),
                match t {
                    Ok(names) => json!(names),
                    Err(_) => Value::Null,
                },
            )
        })
        .collect();
    json!({
        "winner": a.winner,
        "weight_ranges": ranges,
        "monte_carlo": mc,
        "methods_agree_top3": a.methods_agree_top3,
        "methods_top3": tops,
        "verdict": a.verdict,
        "mode": if a.smaa { "smaa" } else { "perturb" },
        "samples": a.samples,
        "spread": a.spread.map_or(Value::Null, |s| number(s, 28)),
        "seed": a.seed,
        "excluded": a.excluded,
    })
}

/// The Monte Carlo figures as CSV, one row per program in rank order.
pub fn to_csv(a: &Analysis) -> Result<Vec<u8>> {
    // Program names come from the user's file: the one formula-safe writer defuses them.
    let mut w = crate::export::FormulaSafeWriter::new(Vec::new());
    let mut header = vec![
        "program".to_string(),
        "rank".into(),
        "score".into(),
        "top_share".into(),
        "median_rank".into(),
        "p5_rank".into(),
        "p95_rank".into(),
    ];
    if a.smaa {
        header.extend((1..=a.programs.len()).map(|r| format!("rank_{r}_share")));
    }
    let csv_error = |e: csv::Error| Error::usage(format!("cannot write CSV: {e}"));
    w.write_record(&header).map_err(csv_error)?;
    for p in &a.programs {
        let mut row = vec![
            p.program.clone(),
            p.rank.to_string(),
            fixed(p.score, 2),
            trimmed(p.top_share, 4),
            p.median_rank.to_string(),
            p.p5_rank.to_string(),
            p.p95_rank.to_string(),
        ];
        if a.smaa {
            row.extend(p.acceptability.iter().map(|s| trimmed(*s, 4)));
        }
        w.write_record(&row).map_err(csv_error)?;
    }
    w.into_inner()
        .map_err(|e| Error::usage(format!("cannot write CSV: {e}")))
}

/// The analysis as text.
pub fn to_text(a: &Analysis) -> String {
    let mut out = String::new();
    let name = |i: usize| escape_controls(&a.names[i]);
    let _ = writeln!(
        out,
        "Winner: {} (score {})",
        escape_controls(&a.winner),
        fixed(a.winner_score, 2)
    );
    if let Some(line) = analysed_line(a) {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Weight ranges: one weight at a time, the others fixed; within the range the winner stays #1 (ties allowed at the ends)"
    );
    let cw = a
        .labels
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0)
        .max(9);
    let _ = writeln!(
        out,
        "{}  {}  {}  {}  Taken over by (below / above)",
        pad("Criterion", cw),
        lpad("Weight", 6),
        lpad("From", 8),
        lpad("To", 8)
    );
    for r in &a.ranges {
        let below = r.below.map_or_else(|| "-".to_string(), name);
        let above = r.above.map_or_else(|| "-".to_string(), name);
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {below} / {above}",
            pad(&a.labels[r.criterion], cw),
            lpad(&r.weight.normalize().to_string(), 6),
            lpad(&trimmed(round_up(r.low), 2), 8),
            lpad(
                &r.high
                    .map_or_else(|| "no limit".into(), |h| trimmed(round_down(h), 2)),
                8
            ),
        );
    }
    let _ = writeln!(out);
    match a.spread {
        Some(s) => {
            let _ = writeln!(
                out,
                "Monte Carlo: {} samples, each weight times a uniform factor within ±{s} %, seed {}",
                a.samples, a.seed
            );
        }
        None => {
            let _ = writeln!(
                out,
                "SMAA: {} weight sets drawn uniformly over all weight sets (Dirichlet(1)), seed {}",
                a.samples, a.seed
            );
        }
    }
    let pw = a
        .programs
        .iter()
        .map(|p| escape_controls(&p.program).chars().count())
        .max()
        .unwrap_or(0)
        .max(7);
    let shown_ranks = a.programs.len().min(10);
    let mut head = format!(
        "{}  {}  {}  {}",
        pad("Program", pw),
        lpad("#1 share", 8),
        lpad("Median rank", 11),
        lpad("5th-95th pct rank", 17)
    );
    if a.smaa {
        for r in 1..=shown_ranks {
            let _ = write!(head, "  {}", lpad(&format!("#{r}"), 6));
        }
    }
    let _ = writeln!(out, "{head}");
    for p in &a.programs {
        let mut line = format!(
            "{}  {}  {}  {}",
            pad(&escape_controls(&p.program), pw),
            lpad(&percent(p.top_share), 8),
            lpad(&p.median_rank.to_string(), 11),
            lpad(&format!("{}-{}", p.p5_rank, p.p95_rank), 17)
        );
        if a.smaa {
            for s in p.acceptability.iter().take(shown_ranks) {
                let _ = write!(line, "  {}", lpad(&percent(*s), 6));
            }
        }
        let _ = writeln!(out, "{line}");
    }
    if a.smaa && a.programs.len() > shown_ranks {
        let _ = writeln!(
            out,
            "(rank acceptability shown for ranks 1-{shown_ranks}; --format json or csv has all)"
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Methods agree on the top 3: {}",
        if a.methods_agree_top3 { "yes" } else { "no" }
    );
    for (m, t) in &a.top3 {
        let text = match t {
            Ok(names) => crate::text::join(names.iter().map(|n| escape_controls(n)), "; "),
            Err(e) => format!("not computed: {e}"),
        };
        let _ = writeln!(out, "  {}  {text}", pad(&m.to_string(), 6));
    }
    let _ = writeln!(out, "\nVerdict: {}", a.verdict);
    let word = if a.verdict.starts_with("robust") {
        VERDICT_WORDS[0]
    } else {
        VERDICT_WORDS[1]
    };
    let _ = writeln!(out, "  \"{}\" means: {}.", word.0, word.1);
    let _ = writeln!(
        out,
        "\nMonte Carlo and SMAA ask different questions:\n  {}\n  {SMAA_SENTENCE}",
        monte_carlo_sentence(a.spread)
    );
    out
}

/// Which programs were analysed, when some were left out or limits were set: `7 programs
/// within your limits; 5 excluded`.
pub fn analysed_line(a: &Analysis) -> Option<String> {
    let n = a.programs.len();
    let programs = if n == 1 { "program" } else { "programs" };
    if a.limits_set {
        Some(format!(
            "Analysed: {n} {programs} within your limits; {} excluded",
            a.excluded
        ))
    } else if a.excluded > 0 {
        Some(format!(
            "Analysed: {n} ranked {programs}; {} excluded by a red flag",
            a.excluded
        ))
    } else {
        None
    }
}

impl Args {
    /// The Monte Carlo settings.
    pub fn settings(&self) -> Settings {
        Settings {
            samples: self.samples,
            seed: self.seed,
            mode: match self.mode {
                ModeArg::Perturb => Mode::Perturb {
                    spread: self.spread / Decimal::ONE_HUNDRED,
                },
                ModeArg::Smaa => Mode::Smaa,
            },
        }
    }
}

/// Runs `progrank sensitivity`.
pub fn run(args: Args) -> Result<()> {
    let scoring = Scoring::from_args(&args.scoring)?.with_limits(args.limits.limits());
    let input = Source::from_arg(&args.input);
    let sheet = crate::input::read_sheet(&input, &args.input_args.read_options())?;
    let analysis = analyse(sheet, &scoring, &args.settings())?;
    let bytes = match args.format {
        SensitivityFormat::Table => to_text(&analysis).into_bytes(),
        SensitivityFormat::Json => {
            let mut b =
                serde_json::to_vec_pretty(&to_json(&analysis)).expect("a Value always serialises");
            b.push(b'\n');
            b
        }
        SensitivityFormat::Csv => to_csv(&analysis)?,
    };
    output::write(&Destination::Stdout, &bytes, None).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const CSV: &str = include_str!("../../data/programs.csv");

    fn run_on(csv: &str, samples: u32, seed: u64, mode: Mode) -> Analysis {
        let sheet = crate::input::Sheet::from_csv("programs.csv", csv.as_bytes()).unwrap();
        analyse(
            sheet,
            &Scoring::default(),
            &Settings {
                samples,
                seed,
                mode,
            },
        )
        .unwrap()
    }

    #[test]
    fn spread_parses_percentages() {
        assert_eq!(parse_spread("25"), Ok(dec!(25)));
        assert_eq!(parse_spread("12.5%"), Ok(dec!(12.5)));
        assert!(parse_spread("101").is_err());
        assert!(parse_spread("-1").is_err());
        assert!(parse_spread("lots").is_err());
    }

    #[test]
    fn the_sample_file_has_a_winner_and_exact_ranges() {
        let a = run_on(CSV, 500, 42, Mode::Perturb { spread: dec!(0.25) });
        assert_eq!(a.winner, "Riverside Health Professions Education MHPE");
        // Every interval contains the current weight.
        for r in &a.ranges {
            assert!(
                r.low <= r.weight && r.high.is_none_or(|h| h >= r.weight),
                "{r:?}"
            );
        }
        let shares: Decimal = a.programs.iter().map(|p| p.top_share).sum();
        assert!(shares >= dec!(1), "ties can make shares add to more than 1");
        assert!(a.verdict.starts_with("robust") || a.verdict.starts_with("fragile"));
    }

    #[test]
    fn same_seed_same_output_different_seed_different_output() {
        let m = Mode::Perturb { spread: dec!(0.5) };
        let a = to_json(&run_on(CSV, 300, 1, m));
        let b = to_json(&run_on(CSV, 300, 1, m));
        let c = to_json(&run_on(CSV, 300, 2, m));
        assert_eq!(a, b);
        assert_ne!(a["monte_carlo"], c["monte_carlo"]);
    }

    #[test]
    fn verdict_is_fragile_for_a_near_tie() {
        let csv = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n\
                   A,5,3,3,3,3\nB,3,5,3,3,3\n";
        let a = run_on(csv, 200, 42, Mode::Perturb { spread: dec!(0.25) });
        assert!(a.verdict.starts_with("fragile"), "{}", a.verdict);
        assert!(
            a.verdict.contains("Faculty quality below 80"),
            "{}",
            a.verdict
        );
    }
}
