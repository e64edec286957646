//! `progrank explain`: why one program ranks where it does.
//!
//! Thin on purpose: the arguments become settings, the pipeline ranks the sheet,
//! [`crate::analysis::explain`] builds the explanation of the program asked about and
//! [`crate::export::explain`] renders it as text or JSON.

use crate::analysis::explain::Explanation;
use crate::cli::{ColorArg, LimitArgs, ScoringArgs};
use crate::error::Result;
use crate::input::Source;
use crate::output::{self, Destination};
use crate::settings::{Scoring, use_color};
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
    #[arg(short, long, value_enum, ignore_case = true, default_value_t = ExplainFormat::Table, value_name = "FORMAT")]
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
    #[value(alias = "txt", alias = "text")]
    Table,
    /// One JSON object.
    Json,
}

/// Runs `progrank explain`.
pub fn run(args: Args) -> Result<()> {
    let scoring = Scoring::from_args(&args.scoring)?.with_limits(args.limits.limits());
    let input = Source::from_arg(&args.input);
    let sheet = crate::input::read_sheet(&input, &args.input_args.read_options())?;
    let report = crate::pipeline::run(sheet, &scoring.config, &scoring.options)?;
    report.print_notes();
    let explanation = Explanation::asked(&report, args.program.as_deref(), args.vs.as_deref())?;
    let bytes = match args.format {
        ExplainFormat::Json => crate::export::explain::json(&explanation),
        ExplainFormat::Table => {
            crate::export::explain::text(&explanation, use_color(ColorArg::Auto, true)).into_bytes()
        }
    };
    output::write(&Destination::Stdout, &bytes, output::Reads::default()).map(drop)
}
