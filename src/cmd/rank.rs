//! `progrank rank`: score, flag and rank a shortlist, then print or export the ranking.

use crate::cli::{
    ColorArg, CsvDialectArg, FormatArg, InputArgs, LimitArgs, MethodArg, ScoringArgs,
};
use crate::error::{Error, Result};
use crate::export::{
    CsvDialect, CsvExporter, Exporter, Format, HtmlExporter, HtmlOptions, JsonExporter,
    MarkdownExporter, TableExporter, TableStyle, XlsxExporter,
};
use crate::input::{Sheet, Source};
use crate::output::{self, Delivery, Destination};
use crate::settings::{RankSettings, Scoring, use_color};
use crate::view::View;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Arguments of `progrank rank`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The shortlist: CSV, TSV, .xlsx, .xlsm, .xlsb, .xls or .ods (one row per program); `-`
    /// reads standard input.
    #[arg(value_name = "INPUT")]
    pub input: PathBuf,

    #[command(flatten)]
    pub input_args: InputArgs,

    #[command(flatten)]
    pub scoring: ScoringArgs,

    /// Scoring method: the score column becomes 100 × the method's value.
    #[arg(long, value_enum, ignore_case = true, default_value_t = MethodArg::Wsm, value_name = "METHOD")]
    pub method: MethodArg,

    #[command(flatten)]
    pub limits: LimitArgs,

    /// Add net cost, total study hours and points per $1,000 of net cost to the output.
    #[arg(long)]
    pub costs: bool,

    /// Also list excluded programs in CSV, JSON and xlsx output, with a status column saying why.
    #[arg(long)]
    pub include_excluded: bool,

    /// Output format. Default: table, or the one -o's extension names (.csv, .json, .md, .txt,
    /// .html, .xlsx).
    #[arg(short, long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub format: Option<FormatArg>,

    /// How CSV output is written: the input's own delimiter, decimal mark, encoding and
    /// byte order mark (`input`), or a fixed dialect. See docs/guide/output-formats.md.
    #[arg(long, value_enum, ignore_case = true, default_value_t = CsvDialectArg::Input, value_name = "DIALECT")]
    pub csv_dialect: CsvDialectArg,

    /// Write to FILE instead of standard output (atomically; never over the input; `-` is
    /// standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Show only the first N programs of the ranking.
    #[arg(long, value_name = "N", value_parser = crate::cli::parse_top, allow_negative_numbers = true)]
    pub top: Option<u64>,

    /// Fit the table in this many columns (default: the terminal's width, or 100 when piped).
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,

    /// When to colour the table's flags.
    #[arg(long, value_enum, ignore_case = true, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,

    /// Compare with a second weights file (a mentor's, say): both rankings side by side,
    /// what moves and why, and a compromise. Prints a table, or JSON with --format json.
    #[arg(long, value_name = "FILE")]
    pub compare: Option<PathBuf>,
}

impl Args {
    /// Checks the arguments and loads the weights.
    pub fn settings(&self) -> Result<RankSettings> {
        let destination = Destination::from_arg(self.output.as_deref());
        let example = match self.format.map(Format::from) {
            Some(Format::Table) => "ranked.txt",
            Some(Format::Json) => "ranked.json",
            Some(Format::Markdown) => "ranked.md",
            Some(Format::Html) => "ranked.html",
            Some(Format::Xlsx) => "ranked.xlsx",
            Some(Format::Csv) | None => "ranked.csv",
        };
        output::refuse_folder(&destination, example)?;
        let format = match (self.format, &destination) {
            (Some(format), _) => format.into(),
            (None, Destination::Stdout) => Format::Table,
            (None, Destination::File(path)) => Format::from_extension(path).ok_or_else(|| {
                Error::usage(format!(
                    "cannot tell the format from the name {}; use a .csv, .json, .md, .txt, .html or .xlsx name, or pass --format",
                    path.display()
                ))
            })?,
        };
        let to_stdout = destination == Destination::Stdout;
        if format == Format::Xlsx && to_stdout && std::io::stdout().is_terminal() {
            return Err(Error::usage(
                "an .xlsx workbook is binary and would garble the terminal; write it with -o ranked.xlsx",
            ));
        }
        let table = TableStyle {
            width: self.width,
            fit_terminal: self.width.is_none() && to_stdout && std::io::stdout().is_terminal(),
            color: use_color(self.color, to_stdout),
        };
        let mut scoring = Scoring::from_args(&self.scoring)?.with_limits(self.limits.limits());
        scoring.options.method = self.method.into();
        if format == Format::Html && self.method != MethodArg::Wsm {
            return Err(Error::usage(
                "the HTML report shows the weighted sum's points, weight ranges and Monte Carlo; \
                 drop --method (or use --method wsm) to write it",
            ));
        }
        Ok(RankSettings {
            input: Source::from_arg(&self.input),
            read: self.input_args.read_options(),
            scoring,
            show_costs: self.costs,
            include_excluded: self.include_excluded,
            csv_dialect: self.csv_dialect.into(),
            format,
            destination,
            table,
            top: self.top.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
        })
    }
}

/// Runs `progrank rank`.
pub fn run(args: Args) -> Result<()> {
    let settings = args.settings()?;
    if let Some(other) = &args.compare {
        return crate::cmd::compare::run(&settings, other);
    }
    let bytes = settings
        .input
        .read_limited(settings.read.limits.max_file_bytes)?;
    // The sheet takes the bytes: delimited text is parsed in place and becomes its arena.
    let sheet = Sheet::load_owned(
        &settings.input.display_name(),
        settings.input.path(),
        bytes,
        &settings.read,
    )?;
    let input_dialect = CsvDialect::of_input(&sheet);
    let input_notes = sheet.notes.clone();
    let report = crate::pipeline::run(sheet, &settings.scoring.config, &settings.scoring.options)?;
    if settings.show_costs {
        crate::costs::CostColumns::find_in(&report.headers, &settings.scoring.config).require(
            &crate::costs::Limits::default(),
            true,
            &report.input,
            &report.headers,
            &settings.scoring.config,
        )?;
    }
    let mut view = View {
        top: settings.top,
        show_costs: settings.show_costs,
        include_excluded: settings.include_excluded,
        table: settings.table,
        ..View::new(&report)
    };
    let method = settings.scoring.options.method;
    if method != crate::scoring::methods::Method::Wsm {
        let _ = writeln!(
            std::io::stderr(),
            "note: scores are 100 × the {} value (--method {method}); criterion points are that score split by criterion",
            match method {
                crate::scoring::methods::Method::Topsis => "TOPSIS closeness",
                _ => "weighted product",
            }
        );
    }
    let mut dialect_note = None;
    if settings.format == Format::Csv {
        let (dialect, note) =
            CsvDialect::choose(settings.csv_dialect, input_dialect).fitting(&view);
        dialect_note = note;
        view.csv = dialect;
    }
    // Every format writes as it goes, into the destination (a file only by rename at the end).
    let exporter = exporter(settings.format, &view);
    let reads = settings.scoring.reads(&settings.input);
    let delivery = output::write_with(&settings.destination, reads, |w| exporter.write(&view, w))?;
    let data_or_file =
        settings.format != Format::Table || settings.destination != Destination::Stdout;
    if delivery == Delivery::Complete {
        // Buffered like the notes below: standard error writes every line on its own.
        let mut stderr = std::io::BufWriter::new(std::io::stderr().lock());
        for note in input_notes.iter().chain(&report.notes).chain(&dialect_note) {
            crate::output::note(&mut stderr, note);
        }
    }
    if delivery == Delivery::Complete && data_or_file {
        report_notes_on_stderr(&view, &settings);
    }
    // The process ends now: freeing a million programs one by one would only cost time,
    // and the operating system takes the memory back at once.
    std::mem::forget(report);
    Ok(())
}

fn exporter(format: Format, view: &View) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(TableExporter),
        Format::Csv => Box::new(CsvExporter),
        Format::Json => Box::new(JsonExporter),
        Format::Markdown => Box::new(MarkdownExporter),
        Format::Html => {
            let mut options = HtmlOptions::default();
            // None when --top cut ranked programs out of the page (any could take #1).
            let analysis = view.sensitivity(&options.monte_carlo());
            options.sensitivity = Some(analysis);
            Box::new(HtmlExporter { options })
        }
        Format::Xlsx => Box::new(XlsxExporter),
    }
}

/// The most excluded programs named on standard error, a line per reason each: a budget
/// can leave out most of a long list, and a screen of notes would bury the rest; one more
/// line says how many were left unnamed and how to list them all.
const EXCLUDED_NOTES: usize = 20;

/// When the output is data, the notes a person needs go to standard error.
fn report_notes_on_stderr(view: &View, settings: &RankSettings) {
    let report = view.report;
    // Buffered: a limit can leave out most of a million rows, a note each, and standard
    // error writes every line on its own otherwise.
    let mut stderr = std::io::BufWriter::new(std::io::stderr().lock());
    if let Destination::File(path) = &settings.destination {
        let ranked = view.ranked().len();
        // The data exports list the excluded programs too with --include-excluded.
        let excluded = if matches!(settings.format, Format::Csv | Format::Json | Format::Xlsx) {
            view.exported_len() - ranked
        } else {
            0
        };
        let programs = |n: usize| crate::text::plural(n, "program", "programs");
        let counts = if excluded == 0 {
            format!("{ranked} ranked {}", programs(ranked))
        } else {
            format!(
                "{ranked} ranked and {excluded} excluded {}",
                programs(ranked + excluded)
            )
        };
        let _ = writeln!(
            stderr,
            "wrote {counts} to {}",
            crate::text::escape_controls(&path.display().to_string())
        );
    }
    if settings.format == Format::Table {
        return;
    }
    if !view.include_excluded {
        let excluded = report.excluded();
        for program in excluded.iter().take(EXCLUDED_NOTES) {
            for line in crate::export::exclusion_lines(&program) {
                crate::output::note(&mut stderr, &format!("excluded {line}"));
            }
        }
        if let Some(more) = excluded
            .len()
            .checked_sub(EXCLUDED_NOTES)
            .filter(|&n| n > 0)
        {
            let programs = crate::text::plural(more, "program was", "programs were");
            crate::output::note(
                &mut stderr,
                &format!(
                    "{} more {programs} excluded and not named here: add \
                     --include-excluded to list every program with the reason it is out",
                    crate::text::thousands(more)
                ),
            );
        }
    }
    for line in view.limit_unknown_lines() {
        crate::output::note(&mut stderr, &line);
    }
    for line in report.unchecked_lines() {
        crate::output::note(&mut stderr, &line);
    }
}
