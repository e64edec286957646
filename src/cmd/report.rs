//! `progrank report`: the ranking as one self-contained HTML page with charts, for the people
//! who talk the choice through with a mentor or a partner rather than read a terminal.
//!
//! Scoring is exactly `rank`'s (same weights, missing-rating policy and hard limits); the page
//! itself comes from [`crate::export::HtmlExporter`], which `rank -o x.html` uses too.

use crate::cli::{LimitArgs, ScoringArgs};
use crate::cmd::sensitivity::DEFAULT_SEED;
use crate::date::Date;
use crate::error::Result;
use crate::export::{DEFAULT_TITLE, Exporter, HtmlExporter, HtmlOptions};
use crate::input::Source;
use crate::output::{self, Delivery, Destination};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `progrank report`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The shortlist as CSV (one row per program); `-` reads standard input.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,

    /// The HTML file to write (atomically; never over the input); `-` writes the page to
    /// standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    #[command(flatten)]
    pub input_args: crate::cli::InputArgs,

    #[command(flatten)]
    pub scoring: ScoringArgs,

    #[command(flatten)]
    pub limits: LimitArgs,

    /// The page's title and heading.
    #[arg(long, value_name = "TEXT", default_value = DEFAULT_TITLE)]
    pub title: String,

    /// Number of random weight sets for the Monte Carlo share at #1.
    #[arg(long, value_name = "N", default_value_t = 10_000,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub samples: u32,

    /// Seed of the Monte Carlo's random generator: the same seed gives the same page.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED)]
    pub seed: u64,

    /// The date printed on the page, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = Date::parse)]
    pub date: Option<Date>,
}

impl Args {
    /// The page's options.
    pub fn options(&self) -> HtmlOptions {
        HtmlOptions {
            title: self.title.clone(),
            date: self.date.unwrap_or_else(Date::today_utc),
            samples: self.samples,
            seed: self.seed,
        }
    }
}

/// Runs `progrank report`.
pub fn run(args: Args) -> Result<()> {
    let scoring =
        crate::settings::Scoring::from_args(&args.scoring)?.with_limits(args.limits.limits());
    let input = Source::from_arg(&args.input);
    let sheet = crate::input::read_sheet(&input, &args.input_args.read_options())?;
    let report = crate::pipeline::run(sheet, &scoring.config, &scoring.options)?;
    let html = HtmlExporter {
        options: args.options(),
    }
    .render(&report)?;
    let destination = Destination::from_arg(Some(&args.output));
    let delivery = output::write(&destination, &html, input.path())?;
    if delivery == Delivery::Complete && destination != Destination::Stdout {
        let _ = writeln!(
            std::io::stderr(),
            "wrote the report on {} ranked and {} excluded programs to {}",
            report.ranked.len(),
            report.excluded.len(),
            args.output.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::cli::{Cli, Command};
    use clap::Parser;

    #[test]
    fn arguments_parse_with_rank_options() {
        let cli = Cli::try_parse_from([
            "progrank",
            "report",
            "x.csv",
            "-o",
            "r.html",
            "--weight",
            "brand_name=10",
            "--missing",
            "renormalize",
            "--max-cost",
            "40000",
            "--title",
            "Mine",
            "--samples",
            "500",
            "--seed",
            "7",
            "--date",
            "2026-01-31",
        ])
        .unwrap();
        let Command::Report(args) = cli.command else {
            panic!("parsed as report");
        };
        let options = args.options();
        assert_eq!(options.title, "Mine");
        assert_eq!(options.samples, 500);
        assert_eq!(options.seed, 7);
        assert_eq!(options.date.to_string(), "2026-01-31");
        assert_eq!(args.scoring.weight.len(), 1);
        assert!(args.limits.max_cost.is_some());
    }

    #[test]
    fn output_is_required_and_dates_are_checked() {
        assert!(Cli::try_parse_from(["progrank", "report", "x.csv"]).is_err());
        assert!(
            Cli::try_parse_from([
                "progrank",
                "report",
                "x.csv",
                "-o",
                "r.html",
                "--date",
                "2026-02-30"
            ])
            .is_err()
        );
        assert!(
            Cli::try_parse_from([
                "progrank",
                "report",
                "x.csv",
                "-o",
                "r.html",
                "--samples",
                "0"
            ])
            .is_err()
        );
    }
}
