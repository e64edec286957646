//! The weights file: which criteria a program is scored on, how much each counts, and which
//! red flags to raise.
//!
//! The defaults are the repository's top-level `weights.toml`, compiled into the binary, so
//! the tool works with no configuration anywhere. A user's `--weights FILE` replaces them
//! whole: copy `weights.toml`, edit it, and point `--weights` at the copy.
//!
//! The file is read with serde into "raw" structs that mirror the TOML, then checked and
//! turned into [`Config`], whose values are all valid: weights non-negative and not all zero,
//! every scale with min below max, every label on its scale, every condition parsed.

pub mod condition;

use crate::error::{Error, Result};
use crate::text::{join, label_from_id, match_key};
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use toml::Spanned;

pub use condition::{CompareOp, Condition, Literal};

/// The text of the top-level `weights.toml`, compiled in.
pub const DEFAULT_WEIGHTS_TOML: &str = include_str!("../../weights.toml");

/// Whether `path` is named as a weights file (`.toml`, any case): given where a shortlist
/// goes, it is the user's weights, which belong with `--weights`.
pub fn is_weights_file_name(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The columns that may hold the program's name, matched like every header.
pub const NAME_COLUMNS: &[&str] = &["program", "name", "program_name"];

/// Where the weights came from, for the report's footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeightsSource {
    /// The compiled-in defaults (the article's priority chart).
    BuiltIn,
    /// A file given with `--weights`.
    File(String),
}

impl fmt::Display for WeightsSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeightsSource::BuiltIn => f.write_str("built-in article chart"),
            WeightsSource::File(path) => f.write_str(path),
        }
    }
}

/// Whether a higher rating is better or worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Higher is better (the default).
    Benefit,
    /// Lower is better, as for a price.
    Cost,
}

/// How a rating becomes a value from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Normalize {
    /// Against the criterion's declared scale (the default): adding or removing a program
    /// never changes another program's score.
    Scale,
    /// Against the lowest and highest value in the data, for raw counts with no fixed scale.
    Minmax,
}

/// A rating scale, such as 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// The worst rating on a benefit criterion.
    pub min: Decimal,
    /// The best rating on a benefit criterion.
    pub max: Decimal,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            min: Decimal::ONE,
            max: Decimal::from(5),
        }
    }
}

impl Scale {
    /// True when `value` lies on the scale, ends included.
    pub fn contains(&self, value: Decimal) -> bool {
        self.min <= value && value <= self.max
    }
}

/// One thing a program is scored on.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Canonical id, such as `faculty_quality`.
    pub id: String,
    /// Human label, such as `Faculty quality`.
    pub label: String,
    /// A shorter label for narrow places such as a table header, such as `Faculty`
    /// (the weights file's `label_short`; defaults to `label`).
    pub label_short: String,
    /// Other header names that mean this criterion.
    pub aliases: Vec<String>,
    /// Relative importance; non-negative.
    pub weight: Decimal,
    /// The rating scale.
    pub scale: Scale,
    /// Benefit or cost.
    pub direction: Direction,
    /// Scale or min–max normalisation.
    pub normalize: Normalize,
    /// Words accepted in place of numbers, keyed by their lower-case form, in file order.
    pub labels: Vec<(String, Decimal)>,
}

impl Criterion {
    /// Every name (id first, then aliases) this criterion's column may have.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str()).chain(self.aliases.iter().map(String::as_str))
    }

    /// The numeric value of a label, matched as headers are (case, spaces, `_`, `-`,
    /// accents and a trailing `?` aside: `In person` is `in-person`).
    pub fn label_value(&self, word: &str) -> Option<Decimal> {
        let lower = word.trim().to_lowercase();
        if let Some((_, v)) = self.labels.iter().find(|(label, _)| *label == lower) {
            return Some(*v);
        }
        // Numbers, by far the most common cell, are never labels written another way.
        if !word.chars().any(char::is_alphabetic) {
            return None;
        }
        let key = crate::headers::header_key(word);
        if key.is_empty() {
            return None;
        }
        self.labels
            .iter()
            .find(|(label, _)| crate::headers::header_key(label) == key)
            .map(|(_, v)| *v)
    }
}

/// How bad a raised flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing before applying.
    Warning,
    /// A serious problem with the program or with the data.
    Critical,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        })
    }
}

/// A red-flag rule: when its condition holds for a program, the flag is raised.
#[derive(Debug, Clone, PartialEq)]
pub struct RedFlag {
    /// Short id such as `weak-faculty`.
    pub id: String,
    /// What the flag means for the applicant.
    pub message: String,
    /// Warning or critical.
    pub severity: Severity,
    /// The condition, as written.
    pub when: String,
    /// The parsed condition.
    pub condition: Condition,
    /// Whether a flagged program is dropped from the ranking.
    pub exclude: bool,
}

/// The id of the built-in flag raised for rows with missing ratings.
pub const INCOMPLETE_DATA: &str = "incomplete-data";

/// A validated weights file.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Criteria in file order.
    pub criteria: Vec<Criterion>,
    /// Red-flag rules in file order.
    pub flags: Vec<RedFlag>,
    /// Study weeks in a year, for total study hours (`[settings] weeks_per_year`, default 48).
    pub weeks_per_year: Decimal,
    /// Where this came from.
    pub source: WeightsSource,
    /// Other header names for the fact columns (`tuition_usd`, `hours_per_week`, …) and the
    /// program name (`program`), from `[columns]`: the built-in lists, extended by a weights
    /// file's own.
    pub columns: Vec<(String, Vec<String>)>,
    /// Exchange rates from `[currency]` or `--rates`: how many US dollars one unit of each
    /// currency is worth, used to convert amounts of several currencies to one.
    pub rates: Vec<(crate::values::Currency, Decimal)>,
    /// How a range such as `10-15` in an hours or money cell is read (`[settings] ranges` or
    /// `--ranges`).
    pub ranges: crate::values::RangePick,
}

/// Weeks of study in a year when the weights file does not say.
pub const DEFAULT_WEEKS_PER_YEAR: u32 = 48;

impl Default for Config {
    /// The compiled-in defaults: the article's priority chart and red flags.
    fn default() -> Self {
        Config::parse(DEFAULT_WEIGHTS_TOML, WeightsSource::BuiltIn)
            .expect("the built-in weights.toml is checked by a unit test")
    }
}

/// A weight or rating as written in TOML: an integer, a float or a string, kept exact.
#[derive(Debug, Clone, Copy)]
struct TomlDecimal(Decimal);

impl<'de> Deserialize<'de> for TomlDecimal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = TomlDecimal;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number such as 75 or 12.5")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<TomlDecimal, E> {
                Ok(TomlDecimal(Decimal::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<TomlDecimal, E> {
                Ok(TomlDecimal(Decimal::from(v)))
            }
            fn visit_i128<E: serde::de::Error>(
                self,
                v: i128,
            ) -> std::result::Result<TomlDecimal, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u128<E: serde::de::Error>(
                self,
                v: u128,
            ) -> std::result::Result<TomlDecimal, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<TomlDecimal, E> {
                // A TOML float's shortest decimal text is what the user typed (up to 17 digits);
                // one too large or too small to hold is quoted as written (1e300, not 300 digits).
                let text = v.to_string();
                crate::values::parse_decimal(&text)
                    .map(TomlDecimal)
                    .map_err(|e| match e {
                        crate::values::NumberError::TooManyDigits => {
                            number_error(&format!("{v:e}"), e)
                        }
                        _ => number_error(&format!("{text:?}"), e),
                    })
            }
            fn visit_str<E: serde::de::Error>(
                self,
                v: &str,
            ) -> std::result::Result<TomlDecimal, E> {
                // A long string is cut as a cell is, so a stray paste does not flood the
                // terminal.
                let shown = if v.chars().count() > crate::error::QUOTE_CHARS {
                    format!("\"{}\"", crate::error::quote_cell(v))
                } else {
                    format!("{v:?}")
                };
                crate::values::parse_decimal(v)
                    .map(TomlDecimal)
                    .map_err(|e| number_error(&shown, e))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// The message for a weight or number in the weights file that is not one progrank holds.
fn number_error<E: serde::de::Error>(shown: &str, error: crate::values::NumberError) -> E {
    match error {
        crate::values::NumberError::TooManyDigits => E::custom(format!(
            "{shown} has more digits than progrank holds exactly (28); write a number such as 75 or 12.5"
        )),
        _ => E::custom(format!("{shown} is not a number such as 75 or 12.5")),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(deserialize_with = "weight_lines")]
    weights: IndexMap<String, Spanned<TomlDecimal>>,
    #[serde(default)]
    criteria: IndexMap<String, Spanned<RawCriterion>>,
    #[serde(default, deserialize_with = "flag_list")]
    flags: Vec<Spanned<RawFlag>>,
    #[serde(default)]
    settings: RawSettings,
    #[serde(default)]
    columns: IndexMap<String, Spanned<NameList>>,
    #[serde(default)]
    currency: IndexMap<String, Spanned<TomlDecimal>>,
}

/// A sequence read with `what` as the message for anything else, so that a string written
/// where a list goes says what to write instead of "expected a sequence".
fn seq_of<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
    what: &'static str,
) -> std::result::Result<Vec<T>, D::Error> {
    struct Visitor<T>(&'static str, std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Vec<T>, A::Error> {
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(items)
        }
    }
    d.deserialize_seq(Visitor(what, std::marker::PhantomData))
}

/// A table read with `what` as the message for anything else ("expected a map" otherwise).
fn map_of<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
    what: &'static str,
) -> std::result::Result<IndexMap<String, T>, D::Error> {
    struct Visitor<T>(&'static str, std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
        type Value = IndexMap<String, T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            let mut items = IndexMap::with_capacity(map.size_hint().unwrap_or(0).min(1024));
            // TOML itself refuses a key given twice.
            while let Some((key, value)) = map.next_entry::<String, T>()? {
                items.insert(key, value);
            }
            Ok(items)
        }
    }
    d.deserialize_map(Visitor(what, std::marker::PhantomData))
}

/// Reads `[weights]`.
fn weight_lines<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<IndexMap<String, Spanned<TomlDecimal>>, D::Error> {
    map_of(
        d,
        "a [weights] table with one line per criterion, such as faculty_quality = 90",
    )
}

/// Reads a criterion's `aliases`.
fn alias_list<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<Spanned<String>>, D::Error> {
    seq_of(
        d,
        "a list of header names in brackets, such as aliases = [\"Faculty\", \"Teaching\"]",
    )
}

/// Reads a criterion's `labels`.
fn label_table<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<IndexMap<String, Spanned<TomlDecimal>>, D::Error> {
    map_of(
        d,
        "words and the ratings they stand for, in braces, such as labels = { none = 1, full = 5 }",
    )
}

/// The header names of one `[columns]` line.
#[derive(Debug)]
struct NameList(Vec<String>);

impl<'de> Deserialize<'de> for NameList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        seq_of(
            d,
            "a list of header names in brackets, such as tuition_usd = [\"Tuition\", \"Fees\"]",
        )
        .map(NameList)
    }
}

/// Reads `[[flags]]` entries; a single `[flags]` table (one pair of brackets, a common slip)
/// is refused with a message that says to double the brackets, not "expected a sequence".
fn flag_list<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<Spanned<RawFlag>>, D::Error> {
    struct Visitor;
    impl<'de> serde::de::Visitor<'de> for Visitor {
        type Value = Vec<Spanned<RawFlag>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(
                "red flags, each under its own [[flags]] line (two pairs of brackets, not [flags])",
            )
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Vec<Spanned<RawFlag>>, A::Error> {
            let mut flags = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(flag) = seq.next_element()? {
                flags.push(flag);
            }
            Ok(flags)
        }
    }
    d.deserialize_seq(Visitor)
}

/// Only the `[columns]` table of a weights file (the built-in one, to extend).
#[derive(Debug, Deserialize)]
struct RawColumns {
    #[serde(default)]
    columns: IndexMap<String, Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a [settings] table such as `weeks_per_year = 48`"
)]
struct RawSettings {
    weeks_per_year: Option<Spanned<TomlDecimal>>,
    ranges: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a table of details under [criteria.ID], such as `label = \"Funding\"`"
)]
struct RawCriterion {
    label: Option<String>,
    label_short: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "alias_list")]
    aliases: Vec<Spanned<String>>,
    scale: Option<Spanned<RawScale>>,
    direction: Option<Direction>,
    normalize: Option<Normalize>,
    #[serde(default, deserialize_with = "label_table")]
    labels: IndexMap<String, Spanned<TomlDecimal>>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a scale such as `{ min = 1, max = 5 }`"
)]
struct RawScale {
    min: TomlDecimal,
    max: TomlDecimal,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a red flag with id, severity, when and message, under a [[flags]] line"
)]
struct RawFlag {
    id: String,
    message: String,
    severity: Severity,
    when: String,
    #[serde(default)]
    exclude: bool,
}

impl Config {
    /// Reads and validates a weights file's text.
    pub fn parse(text: &str, source: WeightsSource) -> Result<Config> {
        let file = source.to_string();
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let mut message = syntax_message(&e, text);
            let at = e.span().map(|span| span.start);
            if let Some(hint) = at
                .and_then(|at| syntax_hint(text, at))
                .map(str::to_owned)
                .or_else(|| shape_hint(e.message(), line_at(text, at.unwrap_or(0))))
            {
                message.push('\n');
                message.push_str(&hint);
            }
            Error::ConfigSyntax {
                file: file.clone(),
                message,
                source: Box::new(e),
            }
        })?;
        let invalid = |message: String| Error::Config {
            file: file.clone(),
            message,
        };
        // A problem with one key or table: its line, as a TOML error gives it.
        let invalid_at = |(span, message): (Range<usize>, String)| {
            invalid(format!("line {}: {message}", line_of(text, span.start)))
        };
        let RawConfig {
            weights,
            mut criteria,
            flags,
            settings,
            columns,
            currency,
        } = raw;
        let columns = merge_columns(columns, &source).map_err(|e| match e {
            (Some(span), message) => invalid_at((span, message)),
            (None, message) => invalid(message),
        })?;
        // Each rate alone first, so a bad one is named at its line.
        for (code, rate) in &currency {
            parse_rates(std::iter::once((code.clone(), rate.get_ref().0)))
                .map_err(|e| invalid_at((rate.span(), format!("[currency] {e}"))))?;
        }
        let rates = parse_rates(currency.into_iter().map(|(k, v)| (k, v.into_inner().0)))
            .map_err(|e| invalid(format!("[currency] {e}")))?;
        let ranges = match &settings.ranges {
            None => crate::values::RangePick::default(),
            Some(word) => parse_range_pick(word.get_ref())
                .map_err(|e| invalid_at((word.span(), format!("[settings] ranges: {e}"))))?,
        };
        let (weeks_span, weeks_per_year) = settings
            .weeks_per_year
            .map_or((0..0, Decimal::from(DEFAULT_WEEKS_PER_YEAR)), |w| {
                (w.span(), w.into_inner().0)
            });
        if weeks_per_year <= Decimal::ZERO || weeks_per_year > Decimal::from(53) {
            return Err(invalid_at((
                weeks_span,
                format!(
                    "[settings] weeks_per_year = {weeks_per_year} is not between 0 and 53; a year of part-time study is usually 44 to 52 weeks"
                ),
            )));
        }

        if weights.is_empty() {
            return Err(invalid(
                "[weights] lists no criteria; add lines such as `faculty_quality = 90`".into(),
            ));
        }
        if let Some((orphan, table)) = criteria.iter().find(|(id, _)| !weights.contains_key(*id)) {
            // `faculty-quality = 90` beside [criteria.faculty_quality]: the same name spelled
            // two ways. Adding the line as asked would then clash with the other spelling.
            let key = match_key(orphan);
            if let Some(near) = weights.keys().find(|id| match_key(id) == key) {
                return Err(invalid_at((
                    table.span(),
                    format!(
                        "[criteria.{orphan}] describes a criterion with no weight, and [weights] has `{near}`; \
                     ids must be spelled exactly alike: rename one so both read {orphan} (or both {near})"
                    ),
                )));
            }
            return Err(invalid_at((
                table.span(),
                format!(
                    "[criteria.{orphan}] describes a criterion with no weight; add `{orphan} = <weight>` under [weights] or delete the table"
                ),
            )));
        }

        let mut built = Vec::with_capacity(weights.len());
        let mut name_spans = Vec::with_capacity(weights.len());
        for (id, weight) in weights {
            // swap_remove: O(1) (shift_remove moves every later entry, which made loading
            // many criteria quadratic); orphans were refused above, so order is unused.
            let raw = criteria.swap_remove(&id);
            let (criterion, spans) = build_criterion(id, weight, raw).map_err(&invalid_at)?;
            built.push(criterion);
            name_spans.push(spans);
        }
        if built.iter().all(|c| c.weight.is_zero()) {
            return Err(invalid(
                "every weight is zero; give at least one criterion a positive weight".into(),
            ));
        }
        check_names_unique(&built, &name_spans).map_err(&invalid_at)?;

        let mut red_flags: Vec<RedFlag> = Vec::with_capacity(flags.len());
        let mut flag_ids = std::collections::HashSet::with_capacity(flags.len());
        for raw in flags {
            let span = raw.span();
            let flag = build_flag(raw.into_inner()).map_err(|e| invalid_at((span.clone(), e)))?;
            if !flag_ids.insert(flag.id.clone()) || flag.id == INCOMPLETE_DATA {
                return Err(invalid_at((
                    span,
                    format!(
                        "flag id {:?} is used twice (incomplete-data is built in); give each [[flags]] entry its own id",
                        flag.id
                    ),
                )));
            }
            red_flags.push(flag);
        }

        // Ids, labels and messages from a weights file reach terminals through every text
        // output (table, explain, exclusion notes): the one sanitiser makes any control
        // character in them visible, once, here.
        for c in &mut built {
            c.id = crate::text::escape_controls(&c.id);
            c.label = crate::text::escape_controls(&c.label);
            c.label_short = crate::text::escape_controls(&c.label_short);
        }
        for f in &mut red_flags {
            f.id = crate::text::escape_controls(&f.id);
            f.message = crate::text::escape_controls(&f.message);
        }
        Ok(Config {
            criteria: built,
            flags: red_flags,
            weeks_per_year,
            source,
            columns,
            rates,
            ranges,
        })
    }

    /// Reads a weights file from disk (given with `--weights`).
    pub fn from_file(path: &std::path::Path) -> Result<Config> {
        Config::from_file_of(path, "--weights")
    }

    /// Reads a weights file from disk given with `option` (`--weights`, `--compare`), which
    /// an unreadable path's message names.
    pub fn from_file_of(path: &std::path::Path, option: &str) -> Result<Config> {
        let shown = path.display().to_string();
        let unreadable = |e: std::io::Error| {
            let suggestion = match e.kind() {
                std::io::ErrorKind::NotFound => crate::input::similar_file_of(path, &["toml"])
                    .map(|p| format!(" (did you mean {}?)", p.display())),
                _ => None,
            };
            Error::Config {
                file: shown.clone(),
                message: format!(
                    "cannot read the weights file: {e}; check the {option} path{}",
                    suggestion.unwrap_or_default()
                ),
            }
        };
        let CappedRead { bytes, over } = read_capped(path, option).map_err(|e| match e {
            Capped::Io(e) => unreadable(e),
            Capped::Folder(message) => Error::Config {
                file: shown.clone(),
                message,
            },
        })?;
        // The shortlist given where the weights go (`--weights programs.csv`): say so rather
        // than show a TOML error on its header line or its bytes.
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let workbook =
            crate::input::Kind::detect(Some(path), &bytes) != crate::input::Kind::Delimited;
        if workbook || matches!(extension.as_str(), "csv" | "tsv" | "tab") {
            return Err(Error::Config {
                file: shown,
                message: format!(
                    "this is a spreadsheet, not a weights file: {option} takes a TOML file such \
                     as weights.toml (progrank init writes one to fill in); give the \
                     spreadsheet itself as INPUT, as in progrank rank {}",
                    crate::text::shell_word(&crate::text::escape_controls(
                        &path.display().to_string()
                    ))
                ),
            });
        }
        if let Some(size) = over {
            return Err(Error::Config {
                file: shown,
                message: too_large_message(size, option),
            });
        }
        let text = weights_text(bytes).map_err(|message| Error::Config {
            file: shown.clone(),
            message,
        })?;
        Config::parse(&text, WeightsSource::File(shown))
    }

    /// Sets one criterion's weight (from `--weight NAME=VALUE`), matching the name like a header.
    pub fn override_weight(&mut self, name: &str, weight: Decimal) -> Result<()> {
        let key = match_key(name);
        let known = join(self.criteria.iter().map(|c| c.id.as_str()), ", ");
        let criterion = self
            .criteria
            .iter_mut()
            .find(|c| c.names().any(|n| match_key(n) == key))
            .ok_or_else(|| {
                Error::usage(format!(
                    "--weight {name}=…: no criterion is called {name:?}; the criteria are {known}"
                ))
            })?;
        criterion.weight = weight;
        if self.criteria.iter().all(|c| c.weight.is_zero()) {
            return Err(Error::Config {
                file: "--weight".into(),
                message: "every weight is now zero; give at least one criterion a positive weight"
                    .into(),
            });
        }
        Ok(())
    }

    /// This config fitted to a sheet's `headers`: without the criteria weighted zero whose
    /// column the sheet does not have (`--weight brand_name=0` on a sheet with no brand
    /// column), which then count for nothing and have nothing to read; with the ids of those
    /// left out, in config order. A config with no zero weight is returned as it is, without
    /// matching any header. At least one criterion stays: validation refuses all-zero weights.
    pub fn fitted_to(&self, headers: &[String]) -> (std::borrow::Cow<'_, Config>, Vec<String>) {
        if self.criteria.iter().all(|c| !c.weight.is_zero()) {
            return (std::borrow::Cow::Borrowed(self), Vec::new());
        }
        let map = crate::headers::HeaderMap::new(headers, self);
        let absent = |i: usize| self.criteria[i].weight.is_zero() && map.criteria[i].is_none();
        let left_out: Vec<String> = (0..self.criteria.len())
            .filter(|&i| absent(i))
            .map(|i| self.criteria[i].id.clone())
            .collect();
        if left_out.is_empty() {
            return (std::borrow::Cow::Borrowed(self), left_out);
        }
        let mut fitted = self.clone();
        let mut i = 0;
        fitted.criteria.retain(|_| {
            i += 1;
            !absent(i - 1)
        });
        (std::borrow::Cow::Owned(fitted), left_out)
    }

    /// The sum of all weights (positive, by validation).
    pub fn total_weight(&self) -> Decimal {
        self.criteria.iter().map(|c| c.weight).sum()
    }
}

/// The largest weights file read, in bytes. The built-in weights.toml is under 10 KB; a file
/// a hundred times larger is not a weights file (a log, a data dump, a path typed wrong), so
/// it is refused before more than this is read. `--no-limits` does not lift it: that flag
/// is about the input spreadsheet, and no real weights file (a few KB) comes near the cap.
pub const MAX_WEIGHTS_FILE_BYTES: u64 = 1 << 20;

/// Why [`read_capped`] read nothing.
enum Capped {
    Io(std::io::Error),
    /// The path is a folder: the message says what to give instead.
    Folder(String),
}

/// A weights file as read by [`read_capped`].
struct CappedRead {
    /// The whole file, or only its first bytes when it is over the cap (enough to tell a
    /// spreadsheet by).
    bytes: Vec<u8>,
    /// `Some` when the file is over the cap, with its size when that is known (a pipe that
    /// goes on past the cap has none).
    over: Option<Option<u64>>,
}

/// Reads at most [`MAX_WEIGHTS_FILE_BYTES`] and one byte more of the file at `path`; a file
/// whose size is known to be over the cap has only its first few KB read.
fn read_capped(path: &std::path::Path, option: &str) -> Result<CappedRead, Capped> {
    use std::io::Read;
    let metadata = std::fs::metadata(path).map_err(Capped::Io)?;
    if metadata.is_dir() {
        let inside = path.join("weights.toml");
        let instead = if inside.is_file() {
            format!(
                "; did you mean {option} {}?",
                crate::text::shell_word(&crate::text::escape_controls(
                    &inside.display().to_string()
                ))
            )
        } else {
            String::new()
        };
        return Err(Capped::Folder(format!(
            "this is a folder, not a file: {option} takes a weights file such as weights.toml \
             (progrank init writes one to fill in){instead}"
        )));
    }
    let file = std::fs::File::open(path).map_err(Capped::Io)?;
    // Enough of a file known to be too large to tell a workbook or a CSV by its first bytes.
    const SNIFF: u64 = 4096;
    let too_large = metadata.is_file() && metadata.len() > MAX_WEIGHTS_FILE_BYTES;
    let want = if too_large {
        SNIFF
    } else {
        MAX_WEIGHTS_FILE_BYTES + 1
    };
    let expected = if metadata.is_file() {
        metadata.len().min(want)
    } else {
        0
    };
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    file.take(want)
        .read_to_end(&mut bytes)
        .map_err(Capped::Io)?;
    let over = if too_large {
        Some(Some(metadata.len()))
    } else if bytes.len() as u64 > MAX_WEIGHTS_FILE_BYTES {
        // The file grew while it was read, or is a pipe or a device with no size.
        Some(None)
    } else {
        None
    };
    Ok(CappedRead { bytes, over })
}

/// The message for a weights file over [`MAX_WEIGHTS_FILE_BYTES`] (`size` when known).
fn too_large_message(size: Option<u64>, option: &str) -> String {
    let size = match size {
        Some(bytes) => format!("{} ({bytes} bytes), ", size_in_words(bytes)),
        None => String::new(),
    };
    format!(
        "the weights file is {size}over the limit of {} for a weights file (which is a few \
         KB), so it is probably not the file you meant; check the {option} path: it \
         takes a TOML file such as weights.toml (progrank init writes one to fill in)",
        crate::input::human_bytes(MAX_WEIGHTS_FILE_BYTES)
    )
}

/// A size for people: `300.0 MiB`, `1.5 GiB`, `12.3 KiB`.
fn size_in_words(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            let tenths = u128::from(bytes) * 10 / u128::from(unit);
            return format!("{}.{} {name}", tenths / 10, tenths % 10);
        }
    }
    format!("{bytes} bytes")
}

/// The longest line of a TOML error shown as it is: toml quotes the whole line of the error,
/// which in a file of one huge line is the whole file.
const LONGEST_QUOTED_LINE: usize = 300;

/// toml's message for `e` (line, column, the line quoted, what is wrong), or, when that would
/// quote a line too long to read, the same without the quoted line.
fn syntax_message(e: &toml::de::Error, text: &str) -> String {
    let full = e.to_string().trim_end().to_owned();
    if full.lines().all(|l| l.len() <= LONGEST_QUOTED_LINE) {
        return full;
    }
    let at = e.span().map_or(0, |span| span.start.min(text.len()));
    let before = text.get(..at).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!(
        "TOML parse error at line {line}, column {column} (a line too long to show)\n{}",
        e.message().trim_end()
    )
}

/// What to do about two slips TOML's own message does not explain, found on the line of a
/// syntax error at byte `at`: typographic quotes typed by an editor's "smart quotes" (TOML
/// says the value "must be quoted" although it looks quoted), and a percent sign after a
/// number.
fn syntax_hint(text: &str, at: usize) -> Option<&'static str> {
    let line = line_at(text, at);
    if line.contains(['\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}']) {
        Some(
            "the line has typographic quotes (\u{201C} \u{201D} or \u{2018} \u{2019}), which TOML does not read as quotes; \
             type straight quotes (\" or ') instead, and turn off smart quotes in your editor",
        )
    } else if line
        .split_once('=')
        .is_some_and(|(_, value)| value.contains('%') && !value.contains(['"', '\'']))
    {
        Some(
            "write the number without the % sign, 30 rather than 30%; weights count by their ratios, \
             so they need not add up to 100",
        )
    } else {
        None
    }
}

/// The line of `text` that byte `at` is on.
fn line_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text.get(start..end).unwrap_or("")
}

/// The tables a weights file may have.
const TABLES: [&str; 6] = [
    "weights", "criteria", "flags", "settings", "columns", "currency",
];

/// What to do about a weights file whose tables are not where they belong, from toml's
/// `message` about `line`: a misspelt table name (`[weight]`, `[criterion.funding]`), a
/// weight written inside a `[criteria.ID]` table, criteria written above any `[weights]`
/// line, and no `[weights]` table at all.
fn shape_hint(message: &str, line: &str) -> Option<String> {
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name);
    let top_level = message.contains("`weights`, `criteria`");
    if let Some(name) = unknown
        && top_level
        && line.trim_start().starts_with('[')
    {
        let closest = TABLES
            .iter()
            .map(|t| (strsim::jaro_winkler(t, &name.to_lowercase()), *t))
            .filter(|(score, _)| *score >= 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))?;
        let written = line.trim().replacen(name, closest.1, 1);
        return Some(format!(
            "did you mean {written}? (the tables are [weights], [criteria.ID], [[flags]], \
             [settings], [columns] and [currency])"
        ));
    }
    if unknown == Some("weight") && message.contains("`label`") {
        Some(
            "a criterion's weight goes on its own line under [weights], such as funding = 75; \
             its [criteria.ID] table holds only the details listed above"
                .into(),
        )
    } else if unknown.is_some() && top_level {
        Some(
            "criteria and their weights go under a [weights] line: put [weights] on a line of \
             its own above them (and other tables, such as [criteria.funding], below them)"
                .into(),
        )
    } else if message.starts_with("missing field `weights`") {
        Some(
            "a weights file lists each criterion and its weight under a [weights] line, such \
             as [weights] then faculty_quality = 90 on the next line; progrank init writes a \
             full one to edit"
                .into(),
        )
    } else {
        None
    }
}

/// A weights file's bytes as text: UTF-8 (a byte order mark is fine), or UTF-16 with its byte
/// order mark, as Notepad's "Unicode" saves it. Anything else is an error saying how to save
/// the file, rather than a hint at the path (the file was found and read).
fn weights_text(bytes: Vec<u8>) -> Result<String, String> {
    let text = decode_weights(bytes)?;
    // No text file a person writes holds NUL: this is UTF-16 or UTF-32 without a byte
    // order mark (or UTF-32 read as UTF-16), or not text at all. TOML would quote it back
    // as a line of \u{0} escapes.
    if let Some(at) = text.find('\0') {
        let line = text[..at].matches('\n').count() + 1;
        return Err(format!(
            "line {line}: the weights file holds NUL characters, so it is not plain text: it \
             was saved as UTF-16 without a byte order mark or as UTF-32, or is not a text file; \
             save it again as UTF-8 (in Notepad: Save As, Encoding \"UTF-8\")"
        ));
    }
    Ok(text)
}

/// [`weights_text`]'s decoding, before the check for NUL.
fn decode_weights(bytes: Vec<u8>) -> Result<String, String> {
    let utf16 = if bytes.starts_with(b"\xFF\xFE") {
        Some(encoding_rs::UTF_16LE)
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    };
    let save_as = "save it again as UTF-8 (in Notepad: Save As, Encoding \"UTF-8\")";
    if let Some(encoding) = utf16 {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[2..]);
        if had_errors {
            return Err(format!(
                "the weights file is not valid {} text; {save_as}",
                encoding.name()
            ));
        }
        return Ok(text.into_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..at]);
        let line = text.matches('\n').count() + 1;
        format!("line {line}: the weights file is not UTF-8 text (byte {at} is not valid UTF-8); {save_as}")
    })
}

/// The built-in `[columns]` aliases, extended by a weights file's own (its ids first kept in
/// the built-in order, new ids after).
/// The fact columns' header names, by id.
type ColumnNames = Vec<(String, Vec<String>)>;

fn merge_columns(
    own: IndexMap<String, Spanned<NameList>>,
    source: &WeightsSource,
) -> Result<ColumnNames, (Option<Range<usize>>, String)> {
    let mut merged: ColumnNames = if *source == WeightsSource::BuiltIn {
        Vec::new()
    } else {
        let built_in: RawColumns = toml::from_str(DEFAULT_WEIGHTS_TOML)
            .map_err(|e| (None, format!("the built-in [columns] table is broken: {e}")))?;
        built_in.columns.into_iter().collect()
    };
    for (id, aliases) in own {
        let span = aliases.span();
        let NameList(aliases) = aliases.into_inner();
        if match_key(&id).is_empty() || aliases.iter().any(|a| match_key(a).is_empty()) {
            return Err((
                Some(span),
                format!(
                    "[columns] {id:?} has an empty name; write e.g. tuition_usd = [\"tuition\", \"fees\"]"
                ),
            ));
        }
        match merged
            .iter_mut()
            .find(|(k, _)| match_key(k) == match_key(&id))
        {
            Some((_, list)) => list.extend(aliases),
            None => merged.push((id, aliases)),
        }
    }
    Ok(merged)
}

/// Parses exchange rates given as `CODE = dollars per unit` (`GBP = 1.27`).
pub fn parse_rates(
    pairs: impl Iterator<Item = (String, Decimal)>,
) -> Result<Vec<(crate::values::Currency, Decimal)>, String> {
    let mut rates: Vec<(crate::values::Currency, Decimal)> = Vec::new();
    for (code, rate) in pairs {
        let currency = crate::values::Currency::from_code(&code).ok_or_else(|| {
            format!(
                "{code:?} is not a currency code progrank knows; use one of {}",
                join(crate::values::Currency::codes(), ", ")
            )
        })?;
        if rate <= Decimal::ZERO {
            return Err(format!(
                "the rate of {code} is {rate}; give how many US dollars one {code} is worth, such as {code}=1.27"
            ));
        }
        rates.retain(|(c, _)| *c != currency);
        rates.push((currency, rate));
    }
    Ok(rates)
}

/// Parses `low`, `mid` or `high` (how a range such as `10-15` is read).
pub fn parse_range_pick(word: &str) -> Result<crate::values::RangePick, String> {
    match word.trim().to_ascii_lowercase().as_str() {
        "low" => Ok(crate::values::RangePick::Low),
        "mid" | "middle" | "midpoint" => Ok(crate::values::RangePick::Mid),
        "high" => Ok(crate::values::RangePick::High),
        _ => Err(format!("{word:?} is not low, mid or high")),
    }
}

/// The line (from 1) of byte `at` of `text`.
fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// A problem found in one place of the weights file: where (a byte range) and what.
type Placed = (Range<usize>, String);

/// Checks one criterion (its weight line and its `[criteria.ID]` table, if any) and builds
/// it, with where each of its names is written (the id at its weight, then each alias).
fn build_criterion(
    id: String,
    weight: Spanned<TomlDecimal>,
    raw: Option<Spanned<RawCriterion>>,
) -> Result<(Criterion, Vec<Range<usize>>), Placed> {
    let weight_span = weight.span();
    let TomlDecimal(weight) = weight.into_inner();
    let (table_span, raw) = match raw {
        Some(raw) => (raw.span(), raw.into_inner()),
        None => (weight_span.clone(), RawCriterion::default()),
    };
    if id.trim().is_empty() || match_key(&id).is_empty() {
        return Err((
            weight_span,
            "a criterion id is empty; use a name such as faculty_quality".into(),
        ));
    }
    if weight.is_sign_negative() && !weight.is_zero() {
        return Err((
            weight_span,
            format!("the weight of {id} is {weight}; weights must be zero or positive"),
        ));
    }
    let scale = match &raw.scale {
        Some(scale) => {
            let RawScale {
                min: TomlDecimal(min),
                max: TomlDecimal(max),
            } = *scale.get_ref();
            (scale.span(), Scale { min, max })
        }
        None => (table_span.clone(), Scale::default()),
    };
    let (scale_span, scale) = scale;
    if scale.min >= scale.max {
        return Err((
            scale_span,
            format!(
                "[criteria.{id}] scale min {} is not below max {}; write scale = {{ min = 1, max = 5 }}",
                scale.min, scale.max
            ),
        ));
    }
    let normalize = raw.normalize.unwrap_or(Normalize::Scale);
    let mut labels = Vec::with_capacity(raw.labels.len());
    for (word, value) in raw.labels {
        let span = value.span();
        let TomlDecimal(value) = value.into_inner();
        let key = word.trim().to_lowercase();
        if normalize == Normalize::Scale && !scale.contains(value) {
            return Err((
                span,
                format!(
                    "[criteria.{id}] label {word:?} = {value} is off the scale {} to {}",
                    scale.min, scale.max
                ),
            ));
        }
        if crate::values::is_missing(&key) || labels.iter().any(|(k, _)| *k == key) {
            return Err((
                span,
                format!(
                    "[criteria.{id}] label {word:?} is empty, repeated or a missing-value marker; choose another word"
                ),
            ));
        }
        labels.push((key, value));
    }
    let label = raw.label.unwrap_or_else(|| label_from_id(&id));
    let label_short = match raw.label_short {
        Some(short) if short.get_ref().trim().is_empty() => {
            return Err((
                short.span(),
                format!(
                    "[criteria.{id}] label_short is empty; write a short word such as label_short = \"Faculty\", or leave the key out"
                ),
            ));
        }
        Some(short) => short.get_ref().trim().to_owned(),
        None => label.clone(),
    };
    let mut spans = Vec::with_capacity(1 + raw.aliases.len());
    spans.push(weight_span);
    let aliases = raw
        .aliases
        .into_iter()
        .map(|alias| {
            spans.push(alias.span());
            alias.into_inner()
        })
        .collect();
    Ok((
        Criterion {
            label,
            label_short,
            aliases,
            weight,
            scale,
            direction: raw.direction.unwrap_or(Direction::Benefit),
            normalize,
            labels,
            id,
        },
        spans,
    ))
}

/// Refuses a name (id or alias) used twice, at the second one's place; `spans` holds each
/// criterion's name places, in [`Criterion::names`] order.
fn check_names_unique(criteria: &[Criterion], spans: &[Vec<Range<usize>>]) -> Result<(), Placed> {
    let mut seen: std::collections::HashMap<String, &str> = NAME_COLUMNS
        .iter()
        .map(|n| (match_key(n), "the program name column"))
        .collect();
    for (criterion, spans) in criteria.iter().zip(spans) {
        for (name, span) in criterion.names().zip(spans) {
            let key = match_key(name);
            if let Some(owner) = seen.get(&key) {
                return Err((
                    span.clone(),
                    format!(
                        "the name {name:?} of criterion {} is already used by {owner}; every id and alias must be unique",
                        criterion.id
                    ),
                ));
            }
            seen.insert(key, &criterion.id);
        }
    }
    Ok(())
}

fn build_flag(raw: RawFlag) -> Result<RedFlag, String> {
    if raw.id.trim().is_empty() {
        return Err("a [[flags]] entry has an empty id".into());
    }
    let condition = condition::parse(&raw.when)
        .map_err(|e| format!("flag {}: when = {:?}: {e}", raw.id, raw.when))?;
    Ok(RedFlag {
        id: raw.id,
        message: raw.message,
        severity: raw.severity,
        when: raw.when,
        condition,
        exclude: raw.exclude,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, WeightsSource::File("test.toml".into()))
    }

    fn config_message(text: &str) -> String {
        let err = parse(text).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::CONFIG, "{err}");
        err.to_string()
    }

    #[test]
    fn built_in_weights_are_the_articles_chart() {
        let config = Config::default();
        let weights: Vec<(&str, Decimal)> = config
            .criteria
            .iter()
            .map(|c| (c.id.as_str(), c.weight))
            .collect();
        assert_eq!(
            weights,
            vec![
                ("faculty_quality", dec!(90)),
                ("scholarship_support", dec!(80)),
                ("funding", dec!(75)),
                ("schedule_flexibility", dec!(70)),
                ("brand_name", dec!(50)),
            ]
        );
        assert_eq!(config.source, WeightsSource::BuiltIn);
        let ids: Vec<&str> = config.flags.iter().map(|f| f.id.as_str()).collect();
        for expected in [
            "weak-faculty",
            "no-scholarship-mentorship",
            "brand-over-substance",
            "unfunded",
            "high-cost",
            "heavy-time-load",
            "no-graduate-outcomes",
            "theory-only",
            "generic-education",
        ] {
            assert!(ids.contains(&expected), "missing default flag {expected}");
        }
        assert!(config.flags.iter().all(|f| !f.exclude));
    }

    #[test]
    fn weeks_per_year_defaults_to_48_and_is_checked() {
        assert_eq!(Config::default().weeks_per_year, dec!(48));
        let config = parse("[weights]\na = 1\n[settings]\nweeks_per_year = 44\n").unwrap();
        assert_eq!(config.weeks_per_year, dec!(44));
        let msg = config_message("[weights]\na = 1\n[settings]\nweeks_per_year = 0\n");
        assert!(msg.contains("weeks_per_year"), "{msg}");
        let msg = config_message("[weights]\na = 1\n[settings]\nweeks = 4\n");
        assert!(msg.contains("unknown field `weeks`"), "{msg}");
    }

    #[test]
    fn a_criterion_needs_only_a_weight() {
        let config = parse("[weights]\nlocation = 40\n").unwrap();
        let c = &config.criteria[0];
        assert_eq!(c.id, "location");
        assert_eq!(c.label, "Location");
        assert_eq!(c.weight, dec!(40));
        assert_eq!(c.scale, Scale::default());
        assert_eq!(c.direction, Direction::Benefit);
        assert_eq!(c.normalize, Normalize::Scale);
    }

    #[test]
    fn label_short_is_read_and_defaults_to_the_label() {
        let config = parse(
            "[weights]\na = 1\nb = 1\n[criteria.a]\nlabel = \"Alpha quality\"\nlabel_short = \" Alpha \"\n[criteria.b]\nlabel = \"Beta support\"\n",
        )
        .unwrap();
        assert_eq!(config.criteria[0].label_short, "Alpha");
        assert_eq!(config.criteria[1].label_short, "Beta support");
        let defaults = Config::default();
        let shorts: Vec<&str> = defaults
            .criteria
            .iter()
            .map(|c| c.label_short.as_str())
            .collect();
        assert_eq!(
            shorts,
            ["Faculty", "Scholarship", "Funding", "Flexibility", "Brand"]
        );
        let msg = config_message("[weights]\na = 1\n[criteria.a]\nlabel_short = \" \"\n");
        assert!(msg.contains("label_short is empty"), "{msg}");
    }

    #[test]
    fn weights_too_large_or_too_fine_say_so_as_written_and_big_integers_are_read() {
        // 1e300 was quoted as 301 digits, 1e-30 was called "not a number", and an integer
        // past 2^63 was refused as "integer ... as i128".
        let msg = config_message("[weights]\na = 1e300\n");
        assert!(
            msg.contains("1e300 has more digits than progrank holds exactly (28)"),
            "{msg}"
        );
        assert!(!msg.contains("000000000000000000000000000000"), "{msg}");
        let msg = config_message("[weights]\na = 1e-30\n");
        assert!(msg.contains("1e-30 has more digits"), "{msg}");
        let msg = config_message("[weights]\na = 99999999999999999999999999999\n");
        assert!(msg.contains("has more digits"), "{msg}");
        assert!(!msg.contains("i128"), "{msg}");
        let config = parse("[weights]\na = 99999999999999999999\nb = 1\n").unwrap();
        assert_eq!(config.criteria[0].weight, dec!(99999999999999999999));
        let msg = config_message("[weights]\na = nan\n");
        assert!(
            msg.contains("\"NaN\" is not a number such as 75 or 12.5"),
            "{msg}"
        );
    }

    #[test]
    fn a_criteria_table_spelled_unlike_its_weight_says_to_spell_them_alike() {
        // The advice was to add `faculty_quality = <weight>`, which then clashed with the
        // `faculty-quality` line already there.
        let msg = config_message(
            "[weights]\nfaculty-quality = 90\nfunding = 1\n[criteria.faculty_quality]\nlabel = \"F\"\n",
        );
        assert!(
            msg.contains("[weights] has `faculty-quality`; ids must be spelled exactly alike"),
            "{msg}"
        );
        assert!(!msg.contains("add `faculty_quality = <weight>`"), "{msg}");
        // A table with no weight under any spelling keeps the old advice.
        let msg = config_message("[weights]\nfunding = 1\n[criteria.location]\nlabel = \"L\"\n");
        assert!(
            msg.contains("add `location = <weight>` under [weights]"),
            "{msg}"
        );
    }

    #[test]
    fn float_weights_stay_exact() {
        let config = parse("[weights]\na = 0.1\nb = 12.345\nc = \"7.77\"\n").unwrap();
        let w: Vec<Decimal> = config.criteria.iter().map(|c| c.weight).collect();
        assert_eq!(w, vec![dec!(0.1), dec!(12.345), dec!(7.77)]);
    }

    #[test]
    fn labels_match_case_insensitively() {
        let config = parse(
            "[weights]\nfunding = 1\n[criteria.funding]\nlabels = { None = 1, Partial = 3, FULL = 5 }\n",
        )
        .unwrap();
        let funding = &config.criteria[0];
        assert_eq!(funding.label_value("partial"), Some(dec!(3)));
        assert_eq!(funding.label_value(" full "), Some(dec!(5)));
        assert_eq!(funding.label_value("some"), None);
    }

    #[test]
    fn labels_match_like_headers() {
        let config = Config::default();
        let schedule = &config.criteria[3];
        assert_eq!(schedule.label_value("In person"), Some(dec!(1)));
        assert_eq!(schedule.label_value("IN-PERSON"), Some(dec!(1)));
        assert_eq!(schedule.label_value("Online?"), Some(dec!(5)));
    }

    #[test]
    fn columns_extend_the_built_in_aliases_and_rates_are_checked() {
        let config = parse(
            "[weights]\na = 1\n[columns]\ntuition_usd = [\"Studiengebühr\"]\n[currency]\nGBP = 1.27\n",
        )
        .unwrap();
        let tuition = &config
            .columns
            .iter()
            .find(|(id, _)| id == "tuition_usd")
            .unwrap()
            .1;
        assert!(tuition.contains(&"tuition".to_owned()));
        assert!(tuition.contains(&"Studiengebühr".to_owned()));
        assert_eq!(config.rates.len(), 1);
        let msg = config_message("[weights]\na = 1\n[currency]\nXYZ = 2\n");
        assert!(msg.contains("\"XYZ\" is not a currency code"), "{msg}");
        let msg = config_message("[weights]\na = 1\n[currency]\nGBP = 0\n");
        assert!(msg.contains("the rate of GBP is 0"), "{msg}");
        let msg = config_message("[weights]\na = 1\n[settings]\nranges = \"most\"\n");
        assert!(msg.contains("not low, mid or high"), "{msg}");
    }

    /// Drops criterion `id` from the built-in file the way its comment says: its line under
    /// [weights] and its [criteria.ID] table.
    fn drop_criterion(id: &str) -> String {
        let table = format!("[criteria.{id}]");
        let mut out = String::new();
        let mut in_table = false;
        for line in DEFAULT_WEIGHTS_TOML.lines() {
            if line.starts_with('[') {
                in_table = line == table;
            }
            if in_table || line.starts_with(&format!("{id} = ")) {
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    #[test]
    fn dropping_a_criterion_as_the_built_in_comment_says_works() {
        // The comment once said "drop one by deleting its line", and a file edited that way
        // was refused: the criterion's [criteria.ID] table must go too.
        let comment = DEFAULT_WEIGHTS_TOML
            .split("[weights]")
            .next()
            .and_then(|head| head.rsplit("# Criteria.").next())
            .unwrap();
        assert!(
            comment.contains("deleting its line and its [criteria.ID] table"),
            "{comment}"
        );
        let only_line = DEFAULT_WEIGHTS_TOML.replace("brand_name = 50\n", "");
        let msg = config_message(&only_line);
        assert!(msg.contains("[criteria.brand_name]"), "{msg}");
        for id in ["faculty_quality", "brand_name", "funding"] {
            let config = parse(&drop_criterion(id)).unwrap();
            assert_eq!(config.criteria.len(), 4, "{id}");
            assert!(config.criteria.iter().all(|c| c.id != id), "{id}");
        }
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let msg = config_message("[weights]\nfaculty = 90\nfunding = = 3\n");
        assert!(msg.contains("line 3"), "{msg}");
        assert!(msg.starts_with("test.toml"), "{msg}");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let msg = config_message("[weights]\na = 1\n[criteria.a]\nlable = \"A\"\n");
        assert!(msg.contains("lable"), "{msg}");
        let msg = config_message("colour = 1\n[weights]\na = 1\n");
        assert!(msg.contains("colour"), "{msg}");
    }

    #[test]
    fn negative_and_all_zero_weights_are_refused() {
        let msg = config_message("[weights]\na = -5\nb = 1\n");
        assert!(msg.contains("the weight of a is -5"), "{msg}");
        let msg = config_message("[weights]\na = 0\nb = 0.0\n");
        assert!(msg.contains("every weight is zero"), "{msg}");
        assert!(parse("[weights]\na = 0\nb = 1\n").is_ok());
    }

    #[test]
    fn scale_must_run_upwards() {
        let msg = config_message("[weights]\na = 1\n[criteria.a]\nscale = { min = 5, max = 5 }\n");
        assert!(msg.contains("scale min 5 is not below max 5"), "{msg}");
    }

    #[test]
    fn labels_must_be_on_the_scale() {
        let msg = config_message("[weights]\na = 1\n[criteria.a]\nlabels = { great = 9 }\n");
        assert!(msg.contains("off the scale"), "{msg}");
    }

    #[test]
    fn criteria_tables_need_a_weight() {
        let msg = config_message("[weights]\na = 1\n[criteria.brand_name]\nlabel = \"Brand\"\n");
        assert!(msg.contains("[criteria.brand_name]"), "{msg}");
    }

    #[test]
    fn names_must_be_unique() {
        let msg = config_message("[weights]\na = 1\nb = 1\n[criteria.b]\naliases = [\"A\"]\n");
        assert!(msg.contains("already used by a"), "{msg}");
        let msg = config_message("[weights]\nname = 1\n");
        assert!(msg.contains("program name column"), "{msg}");
    }

    #[test]
    fn flags_are_checked() {
        let base = "[weights]\na = 1\n";
        let msg = config_message(&format!(
            "{base}[[flags]]\nid = \"x\"\nmessage = \"m\"\nseverity = \"warning\"\nwhen = \"a <=\"\n"
        ));
        assert!(msg.contains("flag x"), "{msg}");
        let msg = config_message(&format!(
            "{base}[[flags]]\nid = \"x\"\nmessage = \"m\"\nseverity = \"fatal\"\nwhen = \"a < 2\"\n"
        ));
        assert!(msg.contains("fatal"), "{msg}");
        let flag =
            "[[flags]]\nid = \"x\"\nmessage = \"m\"\nseverity = \"warning\"\nwhen = \"a < 2\"\n";
        let msg = config_message(&format!("{base}{flag}{flag}"));
        assert!(msg.contains("used twice"), "{msg}");
    }

    #[test]
    fn fitting_leaves_out_only_zero_weights_without_a_column() {
        let mut config = Config::default();
        config.override_weight("brand_name", dec!(0)).unwrap();
        config.override_weight("funding", dec!(0)).unwrap();
        let headers: Vec<String> = [
            "program",
            "faculty",
            "scholarship",
            "funding",
            "flexibility",
        ]
        .map(String::from)
        .to_vec();
        let (fitted, left_out) = config.fitted_to(&headers);
        assert_eq!(left_out, ["brand_name"]);
        let ids: Vec<&str> = fitted.criteria.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "faculty_quality",
                "scholarship_support",
                "funding",
                "schedule_flexibility"
            ]
        );
        assert_eq!(fitted.flags, config.flags);
        // No zero weight: the config itself, whatever the headers.
        let defaults = Config::default();
        let (same, none) = defaults.fitted_to(&headers[..1]);
        assert!(matches!(same, std::borrow::Cow::Borrowed(_)) && none.is_empty());
    }

    #[test]
    fn sizes_are_worded_to_a_tenth() {
        assert_eq!(size_in_words(300_000_000), "286.1 MiB");
        assert_eq!(size_in_words(2 << 20), "2.0 MiB");
        assert_eq!(size_in_words(1536), "1.5 KiB");
        assert_eq!(size_in_words(5 << 30), "5.0 GiB");
        assert_eq!(size_in_words(999), "999 bytes");
    }

    #[test]
    fn override_weight_matches_like_a_header() {
        let mut config = Config::default();
        config.override_weight("Faculty-Quality", dec!(95)).unwrap();
        assert_eq!(config.criteria[0].weight, dec!(95));
        config.override_weight("brand", dec!(0)).unwrap();
        assert_eq!(config.criteria[4].weight, dec!(0));
        let err = config.override_weight("location", dec!(5)).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::USAGE);
        assert!(err.to_string().contains("faculty_quality"), "{err}");
    }
}
