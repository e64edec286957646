//! `progrank sensitivity`: how robust the ranking is to the weights.
//!
//! For the current #1 it reports the exact interval of each weight (others fixed) over which
//! it stays #1, a Monte Carlo run around the user's weights (or over all weight sets with
//! `--mode smaa`), whether the weighted sum, the weighted product and TOPSIS agree on the top
//! 3, and a one-line verdict with the meaning of its word. It takes `rank`'s limits
//! (`--max-cost`, `--type`, …) and analyses the programs within them.
//!
//! Thin on purpose: the arguments become settings, [`crate::analysis::sensitivity`] ranks and
//! analyses, [`crate::export::sensitivity`] renders, and the bytes go to standard output or,
//! with `-o`, atomically to a file. CSV is written in the input's own dialect unless
//! `--csv-dialect` names another, as `rank` writes it.

use crate::analysis::montecarlo::{Mode, Settings};
use crate::analysis::sensitivity::{DEFAULT_SEED, SensitivityAnalysis};
use crate::cli::{CsvDialectArg, LimitArgs, ScoringArgs};
use crate::error::{Error, Result};
use crate::export::{CsvDialect, Format};
use crate::input::Source;
use crate::output::{self, Delivery, Destination};
use crate::settings::Scoring;
use crate::values::parse_decimal;
use rust_decimal::Decimal;
use std::io::Write;
use std::path::PathBuf;

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
    #[arg(long, value_name = "PCT", default_value = "25", value_parser = parse_spread,
          allow_negative_numbers = true)]
    pub spread: Decimal,

    /// Seed of the random generator: the same seed gives the same output on every machine.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// How random weights are drawn.
    #[arg(long, value_enum, ignore_case = true, default_value_t = ModeArg::Perturb, value_name = "MODE")]
    pub mode: ModeArg,

    /// Output format. Default: table, or the one -o's extension names (.csv, .json, .txt).
    #[arg(short, long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub format: Option<SensitivityFormat>,

    /// How CSV output is written: the input's own delimiter, decimal mark, encoding and
    /// byte order mark (`input`), or a fixed dialect, as for `rank`.
    #[arg(long, value_enum, ignore_case = true, default_value_t = CsvDialectArg::Input, value_name = "DIALECT")]
    pub csv_dialect: CsvDialectArg,

    /// Write to FILE instead of standard output (atomically; never over the input; `-` is
    /// standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub input_args: crate::cli::InputArgs,

    #[command(flatten)]
    pub scoring: ScoringArgs,

    /// The same hard limits as `rank`: only the programs within them are analysed.
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// `--mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeArg {
    /// Perturb every weight around the chart by an independent uniform factor (Monte Carlo:
    /// weights close to yours, within --spread).
    Perturb,
    /// SMAA: draw weight sets uniformly over all possible weight sets (Dirichlet(1)),
    /// however unlike yours, and report each program's rank acceptability (the share of
    /// weight sets that put it at #1, #2, …).
    Smaa,
}

/// `sensitivity --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SensitivityFormat {
    /// Text for reading.
    #[value(alias = "txt", alias = "text")]
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

    /// The output format: `--format`, else the one `-o`'s extension names, else the table.
    pub fn output_format(&self, destination: &Destination) -> Result<SensitivityFormat> {
        if let Some(format) = self.format {
            return Ok(format);
        }
        let Destination::File(path) = destination else {
            return Ok(SensitivityFormat::Table);
        };
        // The one extension table (`rank`'s), narrowed to the formats sensitivity writes.
        match Format::from_extension(path) {
            Some(Format::Csv) => Ok(SensitivityFormat::Csv),
            Some(Format::Json) => Ok(SensitivityFormat::Json),
            Some(Format::Table) => Ok(SensitivityFormat::Table),
            _ => Err(Error::usage(format!(
                "cannot tell the format from the name {}; use a .csv, .json or .txt name, or pass --format",
                path.display()
            ))),
        }
    }
}

/// Runs `progrank sensitivity`.
pub fn run(args: Args) -> Result<()> {
    let destination = Destination::from_arg(args.output.as_deref());
    let example = match args.format {
        Some(SensitivityFormat::Json) => "sensitivity.json",
        Some(SensitivityFormat::Table) => "sensitivity.txt",
        _ => "sensitivity.csv",
    };
    crate::output::refuse_folder(&destination, example)?;
    let format = args.output_format(&destination)?;
    let scoring = Scoring::from_args(&args.scoring)?.with_limits(args.limits.limits());
    let input = Source::from_arg(&args.input);
    let sheet = crate::input::read_sheet(&input, &args.input_args.read_options())?;
    let input_dialect = CsvDialect::of_input(&sheet);
    let (report, methods) = crate::analysis::sensitivity::rank_and_cross_check(sheet, &scoring)?;
    report.print_notes();
    let analysis =
        SensitivityAnalysis::of(&report, &args.settings()).map_err(|why| why.error(&report))?;
    let mut dialect_note = None;
    let bytes = match format {
        SensitivityFormat::Table => {
            crate::export::sensitivity::text(&analysis, &methods).into_bytes()
        }
        SensitivityFormat::Json => crate::export::sensitivity::json(&analysis, &methods),
        SensitivityFormat::Csv => {
            let chosen = CsvDialect::choose(args.csv_dialect.into(), input_dialect);
            let (dialect, note) = chosen.fitting_texts(analysis.names.iter().map(String::as_str));
            dialect_note = note;
            crate::export::sensitivity::csv(&analysis, &dialect)
                .map_err(|e| Error::usage(format!("cannot write CSV: {e}")))?
        }
    };
    let delivery = output::write(&destination, &bytes, scoring.reads(&input))?;
    if delivery == Delivery::Complete {
        let mut stderr = std::io::stderr().lock();
        if let Some(note) = &dialect_note {
            output::note(&mut stderr, note);
        }
        if let Destination::File(path) = &destination {
            let _ = writeln!(
                stderr,
                "wrote the sensitivity analysis of {} {} to {}",
                analysis.programs.len(),
                crate::text::plural(analysis.programs.len(), "program", "programs"),
                crate::text::escape_controls(&path.display().to_string())
            );
        }
    }
    Ok(())
}
