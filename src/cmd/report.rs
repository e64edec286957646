//! `progrank report`: the ranking as one self-contained HTML page with charts, for the people
//! who talk the choice through with a mentor or a partner rather than read a terminal.
//!
//! Scoring is exactly `rank`'s (same weights, missing-rating policy and hard limits); the page
//! itself comes from [`crate::export::HtmlExporter`], which `rank -o x.html` uses too.

use crate::analysis::sensitivity::DEFAULT_SEED;
use crate::cli::{LimitArgs, MethodArg, ScoringArgs};
use crate::date::Date;
use crate::error::{Error, Result};
use crate::export::{DEFAULT_TITLE, Exporter, HtmlExporter, HtmlOptions};
use crate::input::Source;
use crate::output::{self, Delivery, Destination};
use crate::view::View;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `progrank report`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The shortlist: CSV, TSV, .xlsx, .xlsm, .xlsb, .xls or .ods (one row per program); `-`
    /// reads standard input.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,

    /// The HTML file to write (atomically; never over the input); `-` writes the page to
    /// standard output. Default: INPUT's name with .report.html, beside it.
    #[arg(value_name = "OUT.html", conflicts_with = "output")]
    pub out: Option<PathBuf>,

    /// The HTML file to write, as the second argument does (`-` for standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub input_args: crate::cli::InputArgs,

    #[command(flatten)]
    pub scoring: ScoringArgs,

    /// Scoring method. The page shows the weighted sum's points, weight ranges and re-weighing,
    /// so only wsm (the default) writes a page.
    #[arg(long, value_enum, ignore_case = true, default_value_t = MethodArg::Wsm, value_name = "METHOD")]
    pub method: MethodArg,

    #[command(flatten)]
    pub limits: LimitArgs,

    /// Show net cost, total study hours and points per $1,000 (shown anyway when the file
    /// has cost columns).
    #[arg(long)]
    pub costs: bool,

    /// Accepted as rank takes it: the page always lists excluded programs, with the reason.
    #[arg(long)]
    pub include_excluded: bool,

    /// Show only the first N programs of the ranking (re-weighing can bring others in).
    #[arg(long, value_name = "N", value_parser = crate::cli::parse_top, allow_negative_numbers = true)]
    pub top: Option<u64>,

    /// Compare with a second weights file: the page shows both rankings, what moves, and
    /// offers that file's weights and the compromise as presets.
    #[arg(long, value_name = "FILE")]
    pub compare: Option<PathBuf>,

    /// The page's title and heading.
    #[arg(long, value_name = "TEXT", default_value = DEFAULT_TITLE, value_parser = parse_title)]
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

/// Parses `--title`: any text but a blank one, which would leave the page's heading and its
/// browser tab empty.
fn parse_title(text: &str) -> std::result::Result<String, String> {
    if text.trim().is_empty() {
        return Err(
            "the title is blank; write the heading you want, or leave --title out for \
                    the default"
                .to_owned(),
        );
    }
    Ok(text.to_owned())
}

impl Args {
    /// The files this run reads, `input` (its spreadsheet) among them, which `-o` may not
    /// name (checked before the weights are loaded).
    fn reads<'a>(&'a self, input: &'a Source) -> output::Reads<'a> {
        output::Reads {
            input: input.path(),
            weights: self.scoring.weights.as_deref(),
            compare: self.compare.as_deref(),
        }
    }

    /// The page's options.
    pub fn options(&self) -> HtmlOptions {
        HtmlOptions {
            title: self.title.clone(),
            date: self.date.unwrap_or_else(Date::today_utc),
            samples: self.samples,
            seed: self.seed,
            sensitivity: None,
            top: self.top.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
            costs: self.costs,
            comparison: None,
            command: Vec::new(),
        }
    }

    /// Where the page goes: the second argument, `-o`, or `INPUT-stem.report.html` beside
    /// the input.
    pub fn output_path(&self) -> Result<PathBuf> {
        if let Some(path) = self.out.as_ref().or(self.output.as_ref()) {
            return Ok(path.clone());
        }
        default_output(&self.input)
    }
}

/// `programs.csv` → `programs.report.html` in the same folder.
pub fn default_output(input: &Path) -> Result<PathBuf> {
    if input == Path::new("-") {
        return Err(Error::usage(
            "reading standard input, the report needs a name: progrank report - report.html",
        ));
    }
    let stem = input
        .file_stem()
        .map_or_else(|| "programs".into(), |s| s.to_string_lossy().into_owned());
    Ok(input.with_file_name(format!("{stem}.report.html")))
}

/// Refuses an output name whose extension says another format (`report data.csv out.csv`
/// would put an HTML page in a file a spreadsheet then opens): report writes HTML only, and
/// `rank -o` writes the other formats. A name with no extension (or a device) is the
/// user's choice and is written.
fn refuse_non_html_name(path: &Path, input: &Path) -> Result<()> {
    let Some(ext) = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
    else {
        return Ok(());
    };
    let shown =
        |p: &Path| crate::text::shell_word(&crate::text::escape_controls(&p.display().to_string()));
    let html_name = shown(&path.with_extension("html"));
    let how = match crate::export::Format::from_extension(path) {
        Some(crate::export::Format::Html) => return Ok(()),
        Some(_) => format!(
            "for a .{ext} of the ranking, run: progrank rank {} -o {}",
            shown(input),
            shown(path)
        ),
        None if matches!(ext.as_str(), "htm" | "xhtml") => return Ok(()),
        // `report data.csv weights.toml`: the second argument is the page to write, so the
        // user's weights file would be overwritten by HTML.
        None if ext == "toml" => {
            return Err(Error::usage(format!(
                "{} looks like a weights file, and report would write its HTML page over it; \
                 to score with it, give it with --weights: progrank report {} --weights {}",
                shown(path),
                shown(input),
                shown(path)
            )));
        }
        None if ext == "pdf" => {
            "for a PDF, open the page in a browser and print it to PDF".to_owned()
        }
        None if matches!(
            ext.as_str(),
            "tsv" | "xls" | "xlsm" | "xlsb" | "ods" | "doc" | "docx" | "odt" | "rtf"
        ) =>
        {
            format!(
                "progrank rank {} -o NAME writes .csv, .json, .md, .txt or .xlsx",
                shown(input)
            )
        }
        None => return Ok(()),
    };
    Err(Error::usage(format!(
        "report writes an HTML page, not a .{ext} file; name it {html_name}, or {how}"
    )))
}

/// Runs `progrank report`.
pub fn run(args: Args) -> Result<()> {
    if args.method != MethodArg::Wsm {
        return Err(Error::usage(
            "the HTML report shows the weighted sum's points, weight ranges and Monte Carlo; \
             drop --method (or use --method wsm) to write it",
        ));
    }
    let path = args.output_path()?;
    let input = Source::from_arg(&args.input);
    if path.as_os_str() != "-" {
        let example = default_output(&args.input).ok();
        let example = example.as_deref().and_then(Path::file_name).map_or_else(
            || "report.html".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        output::refuse_folder(&Destination::File(path.clone()), &example)?;
        output::refuse_input(&path, args.reads(&input))?;
        refuse_non_html_name(&path, &args.input)?;
    }
    let scoring =
        crate::settings::Scoring::from_args(&args.scoring)?.with_limits(args.limits.limits());
    let sheet = crate::input::read_sheet(&input, &args.input_args.read_options())?;
    let mut options = args.options();
    let report = match &args.compare {
        None => crate::pipeline::run(sheet, &scoring.config, &scoring.options)?,
        Some(other) => {
            let other = crate::config::Config::from_file_of(other, "--compare")?;
            let (comparison, [report, _, _]) =
                crate::analysis::compare::run(sheet, &scoring.config, &other, &scoring.options)?;
            options.comparison = Some(comparison);
            report
        }
    };
    report.print_notes();
    if args.costs {
        crate::costs::CostColumns::find_in(&report.headers, &scoring.config).require(
            &crate::costs::Limits::default(),
            true,
            &report.input,
            &report.headers,
            &scoring.config,
        )?;
    }
    let view = View {
        show_costs: args.costs,
        include_excluded: args.include_excluded,
        ..View::new(&report)
    };
    options.sensitivity = Some(view.sensitivity(&options.monte_carlo()));
    let destination = Destination::from_arg(Some(&path));
    let exporter = HtmlExporter { options };
    let delivery = output::write_with(&destination, args.reads(&input), |w| {
        exporter.write(&view, w)
    })?;
    if delivery == Delivery::Complete && destination != Destination::Stdout {
        let _ = writeln!(
            std::io::stderr(),
            "wrote the report on {} ranked and {} excluded programs to {}",
            report.ranked().len(),
            report.excluded().len(),
            crate::text::escape_controls(&path.display().to_string())
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
    fn the_output_is_the_second_argument_or_o_or_beside_the_input() {
        let parse = |argv: &[&str]| {
            let cli = Cli::try_parse_from(argv).unwrap();
            let Command::Report(args) = cli.command else {
                panic!("parsed as report");
            };
            args.output_path()
        };
        assert_eq!(
            parse(&["progrank", "report", "x.csv", "out.html"]).unwrap(),
            std::path::PathBuf::from("out.html")
        );
        assert_eq!(
            parse(&["progrank", "report", "x.csv", "-o", "o.html"]).unwrap(),
            std::path::PathBuf::from("o.html")
        );
        assert_eq!(
            parse(&["progrank", "report", "dir/My list.csv"]).unwrap(),
            std::path::PathBuf::from("dir/My list.report.html")
        );
        assert!(parse(&["progrank", "report", "-"]).is_err());
        assert!(
            Cli::try_parse_from(["progrank", "report", "x.csv", "a.html", "-o", "b.html"]).is_err()
        );
    }

    #[test]
    fn dates_and_samples_are_checked() {
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
