//! The command line, declared with clap's derive API. Only parsing lives here: each
//! subcommand's own arguments sit beside its `run()` in `cmd/`, and are turned into validated
//! settings before any work starts.

use crate::cmd;
use crate::input::SheetChoice;
use crate::values::parse_decimal;
use clap::{Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;
use std::ffi::OsString;
use std::path::PathBuf;

/// Rank a shortlist of Master's in Medical (Health Professions) Education programs.
///
/// progrank reads your spreadsheet of programs (CSV, TSV, an .xlsx/.xlsm/.xlsb/.xls workbook or
/// an .ods file), scores each one by a weighted priority chart (faculty quality 90, scholarship
/// support 80, funding 75, schedule flexibility 70, brand name 50 by default), raises red flags,
/// and prints a ranked table or writes CSV, JSON, Markdown, an HTML report or an xlsx workbook.
/// Start with `progrank rank FILE`; the user guide is docs/README.md.
#[derive(Debug, Parser)]
#[command(name = "progrank", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score, flag and rank every program in a shortlist (CSV, TSV, .xlsx, .xlsm, .xlsb, .xls,
    /// .ods); print a table or write CSV, JSON, Markdown, HTML or xlsx.
    Rank(cmd::rank::Args),
    /// Decide whether a master's is worth it for your goal, at its cost.
    ///
    /// Walks the article's three questions (education as your main academic identity; a
    /// leadership or research aim; funding or protected time), then prints the path taken, the
    /// verdict, the degree's value for a --career direction, the realistic costs, poor reasons to
    /// enrol and cheaper alternatives. Only the questions on your path need answers. A missing
    /// answer is asked for when standard input is a terminal; otherwise it is a usage error
    /// (exit 2) naming the flags to pass.
    Advise(cmd::advise::Args),
    /// Write a starter programs.csv and weights.toml to fill in (never overwrites).
    Init(cmd::init::Args),
    /// Print a shell completion script (bash, zsh, fish or powershell).
    Completions(cmd::completions::Args),
    /// Print the man page (roff) to standard output.
    Man(cmd::man::Args),
    /// Explain one program's score: points per criterion, flags, what it takes to be #1.
    Explain(cmd::explain::Args),
    /// Test how robust the ranking is to the weights: exact weight ranges, Monte Carlo, SMAA.
    Sensitivity(cmd::sensitivity::Args),
    /// Write a one-page HTML report with charts, to open offline, print or share.
    ///
    /// The page holds the weights, the ranked table with red flags, each program's points
    /// per criterion, the winner's weight ranges and a Monte Carlo share at #1, the excluded
    /// programs and how the scores were computed. It is one file with inline CSS, SVG and one
    /// small script (sliders to try other weights; allowed by hash, nothing else may run or
    /// load): no fonts, no images, no network requests. `rank -o x.html` writes the same page.
    Report(cmd::report::Args),
    /// `progrank FILE`: with a readable file and no subcommand, runs `rank FILE`.
    #[command(external_subcommand)]
    External(Vec<OsString>),
}

/// The subcommands a user may type, for suggestions.
const SUBCOMMANDS: &[&str] = &[
    "rank",
    "advise",
    "init",
    "completions",
    "man",
    "explain",
    "sensitivity",
    "report",
];

/// What `progrank WORD …` means when WORD is no subcommand: `rank WORD …` when WORD is a
/// readable file (or `-`), else a usage error that suggests the nearest subcommand or how
/// to rank a file.
pub fn external(args: Vec<std::ffi::OsString>) -> crate::Result<Cli> {
    let first = args.first().cloned().unwrap_or_default();
    let shown = crate::text::escape_controls(&first.to_string_lossy());
    // The command suggested runs as shown: `My Shortlist (2026).csv` is quoted for a shell.
    let command = format!("progrank rank {}", crate::text::shell_word(&shown));
    let path = std::path::Path::new(&first);
    if first == "-" || path.is_file() {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            format!("note: no subcommand given, so ranking {shown} ({command})\n").as_bytes(),
        );
        let full = ["progrank".into(), "rank".into()]
            .into_iter()
            .chain(args)
            .collect::<Vec<std::ffi::OsString>>();
        return match Cli::try_parse_from(&full) {
            Ok(cli) => Ok(cli),
            Err(e) => match usage_hint(&e, &full[1..]) {
                Some(hint) => Err(crate::Error::usage(hint)),
                None => e.exit(),
            },
        };
    }
    let closest = SUBCOMMANDS
        .iter()
        .map(|c| (strsim::jaro_winkler(c, &shown.to_lowercase()), *c))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let looks_like_a_file = shown.contains(['.', '/', '\\']);
    Err(crate::Error::usage(match closest {
        Some((_, command)) if !looks_like_a_file => format!(
            "{shown:?} is not a subcommand; did you mean: progrank {command}? (progrank --help lists them)"
        ),
        _ if looks_like_a_file => format!(
            "{shown:?} is not a subcommand, and there is no file of that name here; check the \
             path, then run: {command}"
        ),
        _ => format!(
            "{shown:?} is not a subcommand; to rank a spreadsheet, run: progrank rank FILE \
             (progrank --help lists the subcommands)"
        ),
    }))
}

/// A clearer usage error than clap's for two first-run mistakes, given the parse error and
/// the arguments typed (without the program name):
///
/// * options typed before the subcommand (`progrank --top 3 rank data.csv`), which clap
///   refuses as unknown: the same command with the options after it;
/// * a second file after `rank` or `sensitivity` (`rank data.csv out.csv`): `-o` for an
///   output name, one run per file for two inputs, and the file once when it is repeated.
///
/// `None` leaves clap's own message.
pub fn usage_hint(err: &clap::Error, args: &[OsString]) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if err.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let text: Vec<String> = args
        .iter()
        .map(|a| crate::text::escape_controls(&a.to_string_lossy()))
        .collect();
    let word = |t: &String| crate::text::shell_word(t);
    let command = |parts: &[&String]| {
        std::iter::once("progrank".to_owned())
            .chain(parts.iter().map(|t| word(t)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Options before the subcommand: the first word is an option, a later one a subcommand.
    if text.first().is_some_and(|t| t.starts_with('-'))
        && let Some(at) = text.iter().position(|t| SUBCOMMANDS.contains(&t.as_str()))
    {
        let (before, rest) = text.split_at(at);
        let reordered: Vec<&String> = rest.iter().chain(before).collect();
        return Some(format!(
            "options go after the subcommand ({}); run: {}",
            rest[0],
            command(&reordered)
        ));
    }
    let subcommand = text.first()?;
    if !matches!(subcommand.as_str(), "rank" | "sensitivity") {
        return None;
    }
    let Some(ContextValue::String(extra)) = err.get(ContextKind::InvalidArg) else {
        return None;
    };
    if extra.starts_with('-') {
        return None;
    }
    let extra = crate::text::escape_controls(extra);
    // The input: the first word after the subcommand that is not an option or its value
    // is hard to tell in general; the first other argument that names a file will do.
    let twice = text[1..].iter().filter(|t| **t == extra).count() > 1;
    let input = text[1..]
        .iter()
        .find(|t| *t != &extra && !t.starts_with('-') && std::path::Path::new(t.as_str()).exists())
        .or_else(|| {
            text[1..]
                .iter()
                .find(|t| !t.starts_with('-') && *t != &extra)
        })
        .unwrap_or(&extra);
    let without: Vec<&String> = {
        let mut skipped = false;
        text.iter()
            .rev()
            .filter(|t| {
                let skip = !skipped && **t == extra;
                skipped |= skip;
                !skip
            })
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    };
    let extra_path = std::path::Path::new(&extra);
    let same_file = |a: &std::path::Path, b: &std::path::Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b);
    if twice || same_file(extra_path, std::path::Path::new(input.as_str())) {
        return Some(format!(
            "{} is given twice; {subcommand} reads one file: run {}",
            word(&extra),
            command(&without)
        ));
    }
    if crate::config::is_weights_file_name(extra_path) {
        // A weights file typed after the shortlist: it goes with --weights.
        let flag = "--weights".to_owned();
        let with_weights: Vec<&String> = without.iter().copied().chain([&flag, &extra]).collect();
        return Some(format!(
            "{} looks like a weights file, which goes with --weights: {}",
            word(&extra),
            command(&with_weights)
        ));
    }
    if extra_path.is_file() {
        return Some(format!(
            "{subcommand} reads one file at a time, and {} is a second one; run {} on its \
             own (or put every program in one sheet); to write the output to a file, name \
             it with -o, such as -o ranked.csv",
            word(&extra),
            command(&without)
        ));
    }
    // A word without a dot or a slash is more likely a value given to a switch
    // (`--costs yes`) than an output name: clap's message then.
    if !extra.contains(['.', '/']) {
        return None;
    }
    let o = "-o".to_owned();
    let with_o: Vec<&String> = without.iter().copied().chain([&o, &extra]).collect();
    Some(format!(
        "{subcommand} takes one input file; to write the output to {}, name it with -o: {}",
        word(&extra),
        command(&with_o)
    ))
}

/// Options that change how programs are scored, shared by every subcommand that scores.
#[derive(Debug, Clone, clap::Args)]
pub struct ScoringArgs {
    /// Weights file to use instead of the built-in defaults (a copy of weights.toml).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,

    /// Change one criterion's weight for this run, e.g. --weight faculty_quality=95.
    /// Repeat for several criteria.
    #[arg(long = "weight", value_name = "NAME=VALUE", value_parser = parse_weight_override)]
    pub weight: Vec<WeightOverride>,

    /// What to do with a missing rating (an empty cell, N/A, NA, TBD, ?, - or a spreadsheet
    /// error value such as #DIV/0!).
    #[arg(long, value_enum, ignore_case = true, default_value_t = MissingArg::Worst, value_name = "POLICY")]
    pub missing: MissingArg,

    /// Exchange rates for a file whose amounts are in several currencies, as US dollars per
    /// unit: --rates GBP=1.27,EUR=1.08. Amounts are then converted to US dollars.
    #[arg(long, value_name = "CODE=RATE", value_delimiter = ',', value_parser = parse_rate)]
    pub rates: Vec<(crate::values::Currency, Decimal)>,

    /// How a range such as 10-15 in an hours or money cell is read.
    #[arg(long, value_enum, ignore_case = true, value_name = "END")]
    pub ranges: Option<RangesArg>,
}

impl ScoringArgs {
    /// Applies --rates and --ranges to the weights file's settings (the command line wins).
    pub fn apply_reading(&self, config: &mut crate::config::Config) {
        for (currency, rate) in &self.rates {
            config.rates.retain(|(c, _)| c != currency);
            config.rates.push((*currency, *rate));
        }
        if let Some(ranges) = self.ranges {
            config.ranges = match ranges {
                RangesArg::Low => crate::values::RangePick::Low,
                RangesArg::Mid => crate::values::RangePick::Mid,
                RangesArg::High => crate::values::RangePick::High,
            };
        }
    }
}

/// `--ranges`: which value of a range such as `10-15` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RangesArg {
    /// The lower end (10).
    Low,
    /// The midpoint (12.5), the default.
    Mid,
    /// The upper end (15).
    High,
}

/// Parses one `CODE=RATE` of `--rates`: US dollars per unit of the currency.
pub fn parse_rate(text: &str) -> Result<(crate::values::Currency, Decimal), String> {
    let (code, rate) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not CODE=RATE; write e.g. GBP=1.27"))?;
    let rate = parse_decimal(rate)
        .map_err(|_| format!("{rate:?} is not a number; write e.g. {}=1.27", code.trim()))?;
    crate::config::parse_rates(std::iter::once((code.trim().to_owned(), rate)))
        .map(|mut rates| rates.remove(0))
}

/// How to read INPUT, shared by every subcommand that takes one.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct InputArgs {
    /// The workbook sheet to read, by name or by number (1 is the first; default: the first).
    #[arg(long, value_name = "NAME|NUMBER", value_parser = parse_sheet)]
    pub sheet: Option<SheetChoice>,

    /// The CSV delimiter: comma, semicolon, tab or pipe (or the character itself).
    /// Default: Excel's sep= line if present, else sniffed from the first rows.
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// Skip N lines (workbook rows) of titles above the header.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = parse_skip_rows,
          allow_negative_numbers = true)]
    pub skip_rows: usize,

    /// The CSV text encoding. Default: from the byte order mark, else UTF-8, else
    /// Windows-1252 with a notice.
    #[arg(long, value_enum, ignore_case = true, value_name = "ENCODING")]
    pub encoding: Option<EncodingArg>,

    /// The decimal mark of numbers in the file: point (4.5, $42,000.00) or comma (4,5,
    /// 32.000 €). Default: decided from the file's own cells; when they do not tell, a
    /// decimal comma for ; and tab files and a point otherwise (a note says so).
    #[arg(long, value_enum, ignore_case = true, value_name = "MARK")]
    pub decimal: Option<DecimalArg>,

    /// The same as --decimal comma (kept for older scripts).
    #[arg(long, hide = true, conflicts_with = "decimal")]
    pub decimal_comma: bool,

    /// Lift the safety caps (a 1 GiB file, a 1 MiB cell, Excel's 16,384 columns and
    /// 1,048,576 rows) for an input you know is that large.
    #[arg(long)]
    pub no_limits: bool,
}

impl InputArgs {
    /// The options as the input layer's type.
    pub fn read_options(&self) -> crate::input::ReadOptions {
        crate::input::ReadOptions {
            sheet: self.sheet.clone(),
            delimiter: self.delimiter,
            skip_rows: self.skip_rows,
            encoding: self
                .encoding
                .map_or(crate::input::Encoding::Auto, Into::into),
            decimal: match (self.decimal, self.decimal_comma) {
                (Some(DecimalArg::Point), _) => Some(crate::input::dialect::DecimalMark::Point),
                (Some(DecimalArg::Comma), _) | (None, true) => {
                    Some(crate::input::dialect::DecimalMark::Comma)
                }
                (None, false) => None,
            },
            limits: if self.no_limits {
                crate::input::Limits::NONE
            } else {
                crate::input::Limits::default()
            },
        }
    }
}

/// `--decimal`: the decimal mark of the file's numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DecimalArg {
    /// 4.5 and 42,000.00 (US, UK).
    Point,
    /// 4,5 and 42.000,00 (most of Europe).
    Comma,
}

/// Parses `--sheet`: a number from 1 is a position, anything else a name.
pub fn parse_sheet(text: &str) -> Result<SheetChoice, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("the sheet name is empty; give a name or a number such as 1".into());
    }
    match trimmed.parse::<usize>() {
        Ok(0) => Err("sheets are numbered from 1".into()),
        Ok(n) => Ok(SheetChoice::Number(n)),
        Err(_) => Ok(SheetChoice::Name(trimmed.to_owned())),
    }
}

/// Parses `--delimiter`: `comma`, `semicolon`, `tab`, `pipe`, or one of `,` `;` `|` `\t`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text.to_ascii_lowercase().as_str() {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "\t" | "\\t" | "tab" => Ok(b'\t'),
        "|" | "pipe" => Ok(b'|'),
        _ => Err(format!(
            "{text:?} is not a delimiter progrank reads; use comma, semicolon, tab or pipe"
        )),
    }
}

/// `--encoding`: the text encoding of a CSV input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    /// UTF-8 (a byte order mark is allowed); invalid bytes are an error naming the cell.
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// UTF-16 little-endian (Excel's "Unicode text" on Windows).
    #[value(name = "utf-16le", alias = "utf16le")]
    Utf16le,
    /// UTF-16 big-endian.
    #[value(name = "utf-16be", alias = "utf16be")]
    Utf16be,
    /// Windows-1252, Western European (older Excel "CSV").
    #[value(name = "windows-1252", alias = "cp1252")]
    Windows1252,
}

impl From<EncodingArg> for crate::input::Encoding {
    fn from(arg: EncodingArg) -> Self {
        match arg {
            EncodingArg::Utf8 => Self::Utf8,
            EncodingArg::Utf16le => Self::Utf16Le,
            EncodingArg::Utf16be => Self::Utf16Be,
            EncodingArg::Windows1252 => Self::Windows1252,
        }
    }
}

/// Hard limits that exclude programs before ranking, shared by every subcommand that ranks.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LimitArgs {
    /// Exclude programs whose net cost (tuition_usd − funding_usd) is above USD, in the
    /// file's currency (pounds for a file in £), e.g. --max-cost 40000 or, with the dollar
    /// sign quoted, --max-cost '$40,000'.
    #[arg(long, value_name = "USD", value_parser = parse_money_arg, allow_negative_numbers = true)]
    pub max_cost: Option<crate::values::Amount>,

    /// Exclude programs that need more than H hours a week (hours_per_week).
    #[arg(long, value_name = "H", value_parser = parse_non_negative, allow_negative_numbers = true)]
    pub max_hours: Option<Decimal>,

    /// Keep only programs taught this way (delivery column), e.g. --delivery online,hybrid.
    #[arg(
        long,
        ignore_case = true,
        value_delimiter = ',',
        value_name = "LIST",
        value_parser = AsCellReads::<DeliveryArg>(|t| crate::costs::Delivery::parse(t).map(Into::into))
    )]
    pub delivery: Vec<DeliveryArg>,

    /// Keep only programs of these types (program_type column), e.g. --type masters,fellowship.
    #[arg(
        long = "type",
        ignore_case = true,
        value_delimiter = ',',
        value_name = "LIST",
        value_parser = AsCellReads::<TypeArg>(|t| crate::costs::ProgramType::parse(t).map(Into::into))
    )]
    pub program_type: Vec<TypeArg>,
}

impl LimitArgs {
    /// The limits as the domain type.
    pub fn limits(&self) -> crate::costs::Limits {
        crate::costs::Limits {
            max_cost: self.max_cost.map(|a| a.value),
            max_cost_currency: self.max_cost.and_then(|a| a.currency),
            max_hours: self.max_hours,
            delivery: self.delivery.iter().map(|d| (*d).into()).collect(),
            types: self.program_type.iter().map(|t| (*t).into()).collect(),
        }
    }
}

/// Parses `--max-cost`: a non-negative amount such as `40000`, `40,000`, `$40,000` or `40k`, with
/// the currency written on it, if any. `40.000` is refused: it reads as forty with a decimal
/// point, but is forty thousand where a point groups thousands (`32.000 €`).
pub fn parse_money_arg(text: &str) -> Result<crate::values::Amount, String> {
    // `--max-cost $40,000` unquoted: the shell reads `$4` as a variable and passes `0,000`
    // (`$40000` passes `0000`, which would read as a budget of 0 and leave every program out).
    let mut chars = text.trim().chars();
    let eaten = match (chars.next(), chars.next()) {
        (Some(',' | '.'), Some(c)) => c.is_ascii_digit(),
        (Some('0'), Some(c)) => c.is_ascii_digit() || matches!(c, ',' | 'k' | 'K'),
        _ => false,
    };
    if eaten {
        return Err(format!(
            "{text:?} looks like an amount whose start the shell removed: unquoted, $4 in \
             $40,000 is read as a shell variable; write the amount without the dollar sign \
             (--max-cost 40000) or in single quotes (--max-cost '$40,000')"
        ));
    }
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
        .collect();
    if !digits.contains(',')
        && let Some((_, after)) = digits.rsplit_once('.')
        && after.len() == 3
    {
        return Err(format!(
            "{text:?} could be read with a decimal point or with a point between thousands; \
             write the amount without a separator, such as 40000, or with commas, such as \
             40,000.00"
        ));
    }
    match crate::values::parse_amount_or_thousands(text, false) {
        Ok(a) if !a.value.is_sign_negative() => Ok(a),
        _ => Err(format!(
            "{text:?} is not an amount in dollars such as 40000 or $40,000"
        )),
    }
}

/// Parses `--top`: a whole number of programs, 1 or more.
pub fn parse_top(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        Ok(_) => Err("--top needs 1 or more programs; leave --top out to show them all".into()),
        Err(_) if text.trim().bytes().all(|b| b.is_ascii_digit()) && !text.trim().is_empty() => {
            Err(format!(
                "{text} is more programs than progrank can count; leave --top out to show them all"
            ))
        }
        Err(_) => Err(format!(
            "{text:?} is not a whole number of programs such as 10"
        )),
    }
}

/// Parses `--skip-rows`: a whole number of lines, 0 or more.
pub fn parse_skip_rows(text: &str) -> Result<usize, String> {
    text.trim()
        .parse::<usize>()
        .map_err(|_| format!("{text:?} is not a whole number of lines such as 2 (0 skips none)"))
}

/// Parses a number that is zero or more, such as `15` or `12.5`.
pub fn parse_non_negative(text: &str) -> Result<Decimal, String> {
    match parse_decimal(text) {
        Ok(v) if !v.is_sign_negative() => Ok(v),
        _ => Err(format!("{text:?} is not a number that is zero or more")),
    }
}

/// A list value read as its spellings (any case), else as the cell reader of the same
/// column reads it: `--delivery "in person"` and `--type master` mean what those words
/// mean in the sheet. Help, completions and errors list the documented spellings.
#[derive(Clone, Copy)]
pub struct AsCellReads<T>(pub fn(&str) -> Option<T>);

impl<T: ValueEnum + Clone + Send + Sync + 'static> clap::builder::TypedValueParser
    for AsCellReads<T>
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        clap::builder::EnumValueParser::<T>::new()
            .parse_ref(cmd, arg, value)
            .or_else(|err| value.to_str().and_then(self.0).ok_or(err))
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            T::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

impl From<crate::costs::Delivery> for DeliveryArg {
    fn from(delivery: crate::costs::Delivery) -> Self {
        match delivery {
            crate::costs::Delivery::Online => Self::Online,
            crate::costs::Delivery::Hybrid => Self::Hybrid,
            crate::costs::Delivery::InPerson => Self::InPerson,
        }
    }
}

impl From<crate::costs::ProgramType> for TypeArg {
    fn from(kind: crate::costs::ProgramType) -> Self {
        match kind {
            crate::costs::ProgramType::Masters => Self::Masters,
            crate::costs::ProgramType::Certificate => Self::Certificate,
            crate::costs::ProgramType::Fellowship => Self::Fellowship,
            crate::costs::ProgramType::FacultyDevelopment => Self::FacultyDevelopment,
            crate::costs::ProgramType::ShortCourse => Self::ShortCourse,
        }
    }
}

/// `--delivery`: how a program is taught.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DeliveryArg {
    /// Fully online.
    Online,
    /// Partly online, partly on site.
    Hybrid,
    /// On site.
    InPerson,
}

impl From<DeliveryArg> for crate::costs::Delivery {
    fn from(arg: DeliveryArg) -> Self {
        match arg {
            DeliveryArg::Online => Self::Online,
            DeliveryArg::Hybrid => Self::Hybrid,
            DeliveryArg::InPerson => Self::InPerson,
        }
    }
}

/// `--type`: what a program leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TypeArg {
    /// A master's degree.
    Masters,
    /// A graduate certificate.
    Certificate,
    /// A medical education fellowship.
    Fellowship,
    /// A longitudinal faculty development program.
    FacultyDevelopment,
    /// A short course (CME, workshops, a few cross-registered courses).
    ShortCourse,
}

impl From<TypeArg> for crate::costs::ProgramType {
    fn from(arg: TypeArg) -> Self {
        match arg {
            TypeArg::Masters => Self::Masters,
            TypeArg::Certificate => Self::Certificate,
            TypeArg::Fellowship => Self::Fellowship,
            TypeArg::FacultyDevelopment => Self::FacultyDevelopment,
            TypeArg::ShortCourse => Self::ShortCourse,
        }
    }
}

/// `--weight NAME=VALUE`, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightOverride {
    /// The criterion's id or alias, as typed.
    pub name: String,
    /// The new weight, zero or positive.
    pub weight: Decimal,
}

/// Parses `NAME=VALUE` for `--weight`.
pub fn parse_weight_override(text: &str) -> Result<WeightOverride, String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not NAME=VALUE; write e.g. faculty_quality=95"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("{text:?} has no criterion name before ="));
    }
    let weight = parse_decimal(value).map_err(|_| {
        // 30% and 2,5 (a decimal comma) are numbers to their writer: say how to write them.
        let trimmed = value.trim();
        if let Some(number) = trimmed.strip_suffix('%')
            && parse_decimal(number).is_ok()
        {
            format!(
                "{value:?} is not a number: write it without the % sign, {name}={}; weights \
                 count by their ratios, so they need not add up to 100",
                number.trim()
            )
        } else if trimmed.matches(',').count() == 1
            // 1,000 may be a thousand: only a comma not followed by three digits is a decimal.
            && trimmed.split_once(',').is_some_and(|(_, after)| after.len() != 3)
            && parse_decimal(&trimmed.replace(',', ".")).is_ok()
        {
            format!(
                "{value:?} is not a number: write the decimal with a point, {name}={}",
                trimmed.replace(',', ".")
            )
        } else {
            format!("{value:?} is not a number; write e.g. {name}=95")
        }
    })?;
    if weight.is_sign_negative() && !weight.is_zero() {
        return Err(format!(
            "{value} is negative; weights must be zero or positive"
        ));
    }
    Ok(WeightOverride {
        name: name.to_owned(),
        weight,
    })
}

/// `--missing`: how a missing rating is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MissingArg {
    /// Count it as the worst rating on the scale, keeping its weight (the program is flagged
    /// incomplete-data).
    Worst,
    /// Score the program over the criteria it has, rescaling their weights (also flagged).
    Renormalize,
    /// Refuse the input, naming the first missing cell.
    Error,
}

impl From<MissingArg> for crate::scoring::MissingPolicy {
    fn from(arg: MissingArg) -> Self {
        match arg {
            MissingArg::Worst => Self::Worst,
            MissingArg::Renormalize => Self::Renormalize,
            MissingArg::Error => Self::Error,
        }
    }
}

/// `--format`: the output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A table with notes below it, for reading on screen (the default).
    #[value(alias = "txt", alias = "text")]
    Table,
    /// CSV: rank, score, red_flags, then every input column; for the spreadsheet.
    Csv,
    /// JSON: an array of programs with their scores, criteria, flags and columns.
    Json,
    /// A Markdown table, for pasting into a document.
    #[value(alias = "md")]
    Markdown,
    /// A self-contained HTML page with charts, as `progrank report` writes.
    #[value(alias = "htm")]
    Html,
    /// An Excel workbook (.xlsx): the ranking with typed numbers and a frozen header, and a
    /// sheet with the weights used. Needs -o FILE or a redirected standard output.
    Xlsx,
}

impl From<FormatArg> for crate::export::Format {
    fn from(arg: FormatArg) -> Self {
        match arg {
            FormatArg::Table => Self::Table,
            FormatArg::Csv => Self::Csv,
            FormatArg::Json => Self::Json,
            FormatArg::Markdown => Self::Markdown,
            FormatArg::Xlsx => Self::Xlsx,
            FormatArg::Html => Self::Html,
        }
    }
}

/// `--csv-dialect`: how a CSV output is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CsvDialectArg {
    /// As the input was written: its delimiter, decimal mark, encoding and byte order mark
    /// (a workbook input gives comma, decimal point, UTF-8).
    #[default]
    Input,
    /// Comma, decimal point, UTF-8 with a byte order mark (Excel in the US and UK).
    ExcelUs,
    /// Semicolon, decimal comma, UTF-8 with a byte order mark (Excel in most of Europe).
    ExcelEu,
    /// RFC 4180: comma, decimal point, UTF-8 without a byte order mark, CRLF line ends.
    Rfc4180,
}

impl From<CsvDialectArg> for crate::export::DialectChoice {
    fn from(arg: CsvDialectArg) -> Self {
        match arg {
            CsvDialectArg::Input => Self::Input,
            CsvDialectArg::ExcelUs => Self::ExcelUs,
            CsvDialectArg::ExcelEu => Self::ExcelEu,
            CsvDialectArg::Rfc4180 => Self::Rfc4180,
        }
    }
}

/// `--method`: how a program's ratings become its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum MethodArg {
    /// Weighted sum of normalised ratings (the article's chart).
    #[default]
    Wsm,
    /// Weighted product of ratings relative to the top of their scale.
    Wpm,
    /// TOPSIS: closeness to the ideal program (vector normalisation).
    Topsis,
}

impl From<MethodArg> for crate::scoring::methods::Method {
    fn from(arg: MethodArg) -> Self {
        match arg {
            MethodArg::Wsm => Self::Wsm,
            MethodArg::Wpm => Self::Wpm,
            MethodArg::Topsis => Self::Topsis,
        }
    }
}

/// `--color`: when to colour the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// Colour when writing to a terminal, NO_COLOR is not set and TERM is not dumb.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use rust_decimal_macros::dec;

    #[test]
    fn the_cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn limit_arguments_parse() {
        let cli = Cli::try_parse_from([
            "progrank",
            "rank",
            "x.csv",
            "--max-cost",
            "$40,000",
            "--max-hours",
            "15",
            "--delivery",
            "online,in-person",
            "--type",
            "masters,faculty-development",
        ])
        .unwrap();
        let Command::Rank(args) = cli.command else {
            panic!("parsed as rank");
        };
        let limits = args.limits.limits();
        assert_eq!(limits.max_cost, Some(dec!(40000)));
        assert_eq!(parse_money_arg("40k").map(|a| a.value), Ok(dec!(40000)));
        assert_eq!(parse_money_arg("$12.5K").map(|a| a.value), Ok(dec!(12500)));
        assert!(parse_money_arg("4k0").is_err());
        assert_eq!(limits.max_hours, Some(dec!(15)));
        assert_eq!(
            limits.delivery,
            vec![
                crate::costs::Delivery::Online,
                crate::costs::Delivery::InPerson
            ]
        );
        assert_eq!(limits.types.len(), 2);
        assert!(Cli::try_parse_from(["progrank", "rank", "x.csv", "--max-cost", "lots"]).is_err());
        assert!(
            Cli::try_parse_from(["progrank", "rank", "x.csv", "--delivery", "pigeon"]).is_err()
        );
    }

    #[test]
    fn input_arguments_parse() {
        let cli = Cli::try_parse_from([
            "progrank",
            "rank",
            "x.xlsx",
            "--sheet",
            "2",
            "--delimiter",
            "tab",
            "--skip-rows",
            "3",
            "--encoding",
            "windows-1252",
            "--decimal-comma",
            "--no-limits",
        ])
        .unwrap();
        let Command::Rank(args) = cli.command else {
            panic!("parsed as rank");
        };
        let options = args.input_args.read_options();
        assert_eq!(options.sheet, Some(SheetChoice::Number(2)));
        assert_eq!(options.delimiter, Some(b'\t'));
        assert_eq!(options.skip_rows, 3);
        assert_eq!(options.encoding, crate::input::Encoding::Windows1252);
        assert_eq!(
            options.decimal,
            Some(crate::input::dialect::DecimalMark::Comma)
        );
        assert_eq!(options.limits, crate::input::Limits::NONE);
        assert_eq!(
            parse_sheet("Shortlist"),
            Ok(SheetChoice::Name("Shortlist".into()))
        );
        assert!(parse_sheet("0").is_err());
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert!(parse_delimiter("x").is_err());
        assert!(Cli::try_parse_from(["progrank", "rank", "x", "--encoding", "ebcdic"]).is_err());
    }

    #[test]
    fn weight_overrides_parse() {
        assert_eq!(
            parse_weight_override("faculty_quality=95"),
            Ok(WeightOverride {
                name: "faculty_quality".into(),
                weight: dec!(95)
            })
        );
        assert_eq!(parse_weight_override("brand = 0").unwrap().weight, dec!(0));
        assert!(parse_weight_override("brand").is_err());
        assert!(parse_weight_override("=5").is_err());
        assert!(
            parse_weight_override("brand=-1")
                .unwrap_err()
                .contains("negative")
        );
        assert!(
            parse_weight_override("brand=lots")
                .unwrap_err()
                .contains("not a number")
        );
    }
}
