//! What a program costs you, and the hard limits no weighting may trade away.
//!
//! The article puts a master's at 10–20 hours a week for 1–3 years and $15,000–$50,000 or more
//! when not institutionally funded. These optional columns let progrank show that cost beside
//! the score (`--costs`) and drop programs that break a limit (`--max-cost`, `--max-hours`,
//! `--delivery`, `--type`) before ranking:
//!
//! - `tuition_usd`, `funding_usd`: totals in dollars; net cost = tuition − funding, never below 0
//! - `hours_per_week`, `duration_years`: total study hours = hours × weeks per year × years
//! - `delivery`: online, hybrid or in-person
//! - `program_type`: masters, certificate, fellowship, faculty-development or short-course

use crate::config::Config;
use crate::dataset::{Dataset, Program, RowRef};
use crate::error::{Error, Result};
use crate::headers::HeaderMap;
use crate::values::{MoneyRules, NumberError, is_missing};

/// How to fix a money cell such as `1,234` in a file that uses decimal commas.
pub const AMBIGUOUS_MONEY_HINT: &str = "this file is read with decimal commas (its cells, its delimiter or --decimal comma say so), \
     so the comma could mark thousands or decimals; write 1234 or 1.234,00 for one thousand two hundred and thirty-four, \
     or 1,2340 for one point two three four; if the file uses decimal points, pass --decimal point";
use rust_decimal::Decimal;
use std::cell::Cell;
use std::fmt;

/// The cost columns, by their canonical names.
pub mod column {
    /// Total tuition in dollars.
    pub const TUITION: &str = "tuition_usd";
    /// Total institutional support in dollars.
    pub const FUNDING: &str = "funding_usd";
    /// Study hours per week.
    pub const HOURS: &str = "hours_per_week";
    /// Length in years.
    pub const YEARS: &str = "duration_years";
    /// Online, hybrid or in-person.
    pub const DELIVERY: &str = "delivery";
    /// Masters, certificate, fellowship, faculty-development or short-course.
    pub const TYPE: &str = "program_type";
}

/// How a program is taught.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Delivery {
    /// Fully online.
    Online,
    /// Partly online, partly on site.
    Hybrid,
    /// On site.
    InPerson,
}

impl Delivery {
    /// Every value, in documentation order.
    pub const ALL: [Delivery; 3] = [Delivery::Online, Delivery::Hybrid, Delivery::InPerson];

    /// Reads a cell: `online`, `hybrid`, `in-person` (also `in person`, `on-site`), any case.
    pub fn parse(text: &str) -> Option<Delivery> {
        match crate::text::match_key(text).as_str() {
            "online" | "distance" | "remote" => Some(Delivery::Online),
            "hybrid" | "blended" => Some(Delivery::Hybrid),
            "inperson" | "onsite" | "oncampus" | "facetoface" => Some(Delivery::InPerson),
            _ => None,
        }
    }
}

impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Delivery::Online => "online",
            Delivery::Hybrid => "hybrid",
            Delivery::InPerson => "in-person",
        })
    }
}

/// What kind of qualification a program leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProgramType {
    /// A master's degree.
    Masters,
    /// A graduate certificate.
    Certificate,
    /// A medical education fellowship.
    Fellowship,
    /// A longitudinal faculty development program.
    FacultyDevelopment,
    /// A short course (CME, a workshop series, a few cross-registered courses).
    ShortCourse,
}

impl ProgramType {
    /// Every value, in documentation order.
    pub const ALL: [ProgramType; 5] = [
        ProgramType::Masters,
        ProgramType::Certificate,
        ProgramType::Fellowship,
        ProgramType::FacultyDevelopment,
        ProgramType::ShortCourse,
    ];

    /// Reads a cell: `masters`, `certificate`, `fellowship`, `faculty-development`,
    /// `short-course`, in any case and with a few common variants (`master's`, `cme`), and
    /// the degrees a "Qualification" or "Degree type" column holds (`MSc`, `M.Ed.`, `MHPE`,
    /// `Master of Education`, `PgCert`).
    pub fn parse(text: &str) -> Option<ProgramType> {
        let key: String = crate::text::match_key(text)
            .chars()
            .filter(|c| !matches!(c, '\'' | '’' | '.'))
            .collect();
        match key.as_str() {
            "masters" | "master" | "mastersdegree" | "degree" => Some(ProgramType::Masters),
            "ma" | "ms" | "msc" | "med" | "mmed" | "mhpe" | "mhped" | "mehp" | "mphil" | "mres" => {
                Some(ProgramType::Masters)
            }
            _ if key.starts_with("masterof") || key.starts_with("mastersof") => {
                Some(ProgramType::Masters)
            }
            "certificate"
            | "cert"
            | "graduatecertificate"
            | "pgcert"
            | "pgcertificate"
            | "postgraduatecertificate"
            | "gradcert" => Some(ProgramType::Certificate),
            "fellowship" => Some(ProgramType::Fellowship),
            "facultydevelopment" | "fd" => Some(ProgramType::FacultyDevelopment),
            "shortcourse" | "course" | "cme" | "workshop" => Some(ProgramType::ShortCourse),
            _ => None,
        }
    }
}

impl fmt::Display for ProgramType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProgramType::Masters => "masters",
            ProgramType::Certificate => "certificate",
            ProgramType::Fellowship => "fellowship",
            ProgramType::FacultyDevelopment => "faculty-development",
            ProgramType::ShortCourse => "short-course",
        })
    }
}

/// One program's cost facts, each `None` when its cell or column is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CostFacts {
    /// Tuition minus funding, never below zero; `None` without tuition.
    pub net_cost: Option<Decimal>,
    /// Hours per week × weeks per year × years; `None` without both.
    pub total_hours: Option<Decimal>,
    /// Hours per week.
    pub hours_per_week: Option<Decimal>,
    /// How it is taught.
    pub delivery: Option<Delivery>,
    /// What it leads to.
    pub program_type: Option<ProgramType>,
}

/// The cost columns found in an input, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CostColumns {
    tuition: Option<usize>,
    funding: Option<usize>,
    hours: Option<usize>,
    years: Option<usize>,
    delivery: Option<usize>,
    program_type: Option<usize>,
    /// The delivery column is a yes/no question such as `Online?`: yes is online, no is
    /// in person.
    delivery_is_online_question: bool,
}

impl CostColumns {
    /// Finds the cost columns of `dataset` (header matching as everywhere).
    pub fn find(dataset: &Dataset, config: &Config) -> CostColumns {
        Self::from_map(&dataset.header_map, config)
    }

    /// Finds the cost columns among `headers`.
    pub fn find_in(headers: &[String], config: &Config) -> CostColumns {
        Self::from_map(&HeaderMap::new(headers, config), config)
    }

    fn from_map(map: &HeaderMap, config: &Config) -> CostColumns {
        let index = |name| map.column(config, name);
        let delivery = index(column::DELIVERY);
        CostColumns {
            tuition: index(column::TUITION),
            funding: index(column::FUNDING),
            hours: index(column::HOURS),
            years: index(column::YEARS),
            delivery,
            program_type: index(column::TYPE),
            delivery_is_online_question: delivery.is_some_and(|c| {
                matches!(
                    map.key(c),
                    "online" | "isonline" | "onlineonly" | "fullyonline"
                )
            }),
        }
    }

    /// Refuses limits that cannot be applied because the input has no column for them
    /// (`--max-cost` with no tuition column): a usage error (exit 2) naming the column looked
    /// for, the names it may have, and the headers found. A column that exists but has blank
    /// cells is not refused: those programs get a per-program note.
    pub fn require(
        &self,
        limits: &Limits,
        costs_view: bool,
        file: &str,
        headers: &[String],
        config: &Config,
    ) -> Result<()> {
        let mut problems = Vec::new();
        let looked_for = |id: &str| {
            let aliases: Vec<&str> = config
                .columns
                .iter()
                .find(|(c, _)| c == id)
                .map(|(_, a)| a.iter().take(5).map(String::as_str).collect())
                .unwrap_or_default();
            if aliases.is_empty() {
                id.to_owned()
            } else {
                format!("{id} (or {}, …)", crate::text::join(aliases, ", "))
            }
        };
        let mut need = |flag: &str, id: &str, found: bool| {
            if !found {
                problems.push(format!("{flag} needs a column {}", looked_for(id)));
            }
        };
        if limits.max_cost.is_some() {
            need("--max-cost", column::TUITION, self.tuition.is_some());
        }
        if limits.max_hours.is_some() {
            need("--max-hours", column::HOURS, self.hours.is_some());
        }
        if !limits.delivery.is_empty() {
            need("--delivery", column::DELIVERY, self.delivery.is_some());
        }
        if !limits.types.is_empty() {
            need("--type", column::TYPE, self.program_type.is_some());
        }
        if costs_view && self.tuition.is_none() && self.hours.is_none() {
            problems.push(format!(
                "--costs needs a column {} or {}",
                looked_for(column::TUITION),
                looked_for(column::HOURS)
            ));
        }
        if problems.is_empty() {
            return Ok(());
        }
        // A header that names the column in another unit (`Tuition (per year)`) says why.
        let other_unit = crate::headers::HeaderMap::new(headers, config).other_unit_notes(headers);
        let mut headers = crate::text::join(
            headers
                .iter()
                .map(|h| format!("\"{}\"", crate::text::escape_controls(h))),
            ", ",
        );
        if !other_unit.is_empty() {
            headers = format!("{headers} ({})", crate::text::join(&other_unit, "; "));
        }
        let options: Vec<&str> = problems
            .iter()
            .filter_map(|p| p.split(' ').next())
            .collect();
        Err(Error::usage(format!(
            "cannot apply {} to {file}: {}. The headers found are {headers}. \
             Add the column (one value per program), rename a header to one of those names, \
             or run without {}",
            crate::text::join(&options, " and "),
            crate::text::join(&problems, "; "),
            if options.len() == 1 { "it" } else { "them" }
        )))
    }

    /// True when the input has a `program_type` column.
    pub fn has_program_type(&self) -> bool {
        self.program_type.is_some()
    }

    /// Reads one program's cost facts; a cell that is not what its column holds is an error.
    pub fn read(
        &self,
        dataset: &Dataset,
        program: &Program,
        weeks_per_year: Decimal,
    ) -> Result<CostFacts> {
        self.read_row(&dataset.row(program), weeks_per_year)
    }

    /// Reads one row's cost facts; a cell that is not what its column holds is an error.
    pub fn read_row(&self, row: &RowRef<'_>, weeks_per_year: Decimal) -> Result<CostFacts> {
        self.read_cells(&RowCells::new(row, None), weeks_per_year)
            .map_err(|problem| problem.error(row))
    }

    /// Reads one row's cost facts from `cells`, or says which cell is not what its column
    /// holds ([`CostProblem::error`] words it): the flag stage reads every row this way, and
    /// words only the error it reports.
    pub fn read_cells(
        &self,
        cells: &RowCells<'_>,
        weeks_per_year: Decimal,
    ) -> std::result::Result<CostFacts, CostProblem> {
        let tuition = money_in(cells, self.tuition)?;
        let funding = money_in(cells, self.funding)?;
        let hours = number_in(cells, self.hours, "a number of hours per week such as 12")?;
        // More hours than a week has is a column of other hours (a total, a month's) read
        // as hours a week: refused, never flagged or multiplied as it stands.
        if hours.is_some_and(|h| h > HOURS_IN_A_WEEK) {
            return Err(CostProblem {
                column: self.hours.unwrap_or(0),
                kind: Problem::HoursOverWeek,
            });
        }
        let years = number_in(cells, self.years, "a number of years such as 2 or 1.5")?;
        let too_large = |column: Option<usize>| CostProblem {
            column: column.unwrap_or(0),
            kind: Problem::TooLarge,
        };
        let net_cost = match tuition {
            Some(t) => {
                let net = t
                    .checked_sub(funding.unwrap_or_default())
                    .ok_or_else(|| too_large(self.tuition))?;
                // Never below zero: `net.max(Decimal::ZERO)`, told by the sign alone (a
                // negative zero is not below zero, and stays as it is).
                Some(if net.is_sign_negative() && !net.is_zero() {
                    Decimal::ZERO
                } else {
                    net
                })
            }
            None => None,
        };
        let total_hours = match (hours, years) {
            (Some(h), Some(y)) => Some(
                h.checked_mul(weeks_per_year)
                    .and_then(|hw| hw.checked_mul(y))
                    .ok_or_else(|| too_large(self.hours))?,
            ),
            _ => None,
        };
        let online_question = self.delivery_is_online_question;
        let delivery = word_in(
            cells,
            self.delivery,
            &|cell| {
                Delivery::parse(cell).or_else(|| {
                    online_question
                        .then(|| crate::values::parse_yes_no(cell))
                        .flatten()
                        .map(|yes| {
                            if yes {
                                Delivery::Online
                            } else {
                                Delivery::InPerson
                            }
                        })
                })
            },
            if online_question {
                "yes, no, online, hybrid or in-person"
            } else {
                "online, hybrid or in-person"
            },
            column::DELIVERY,
        )?;
        let program_type = word_in(
            cells,
            self.program_type,
            &ProgramType::parse,
            "masters, certificate, fellowship, faculty-development or short-course",
            column::TYPE,
        )?;
        Ok(CostFacts {
            net_cost,
            total_hours,
            hours_per_week: hours,
            delivery,
            program_type,
        })
    }
}

/// One row's cells as the readers of that row see them (its cost columns, its red-flag
/// rules): with a [`MoneyMemo`], each money cell is read once however many of them ask
/// (the tuition a rule compares is the tuition the net cost is made of).
pub struct RowCells<'a> {
    /// The row.
    pub row: &'a RowRef<'a>,
    memo: Option<&'a MoneyMemo>,
}

impl<'a> RowCells<'a> {
    /// The cells of `row`, its money cells remembered in `memo` or read at each ask
    /// without one. A memo used for an earlier row must be turned to this one first
    /// ([`MoneyMemo::next_row`]).
    pub fn new(row: &'a RowRef<'a>, memo: Option<&'a MoneyMemo>) -> RowCells<'a> {
        RowCells { row, memo }
    }

    /// The cell in `column`, `None` when it holds no value ([`is_missing`]).
    pub fn cell(&self, column: usize) -> Option<&'a str> {
        let cell = self.row.cells.cell(column);
        (!is_missing(cell)).then_some(cell)
    }

    /// The cell in `column` read as money in the file's currency ([`RowRef::money`]), or,
    /// in the hours and years columns, as the cost reader reads them, with their unit
    /// ([`crate::values::MoneyRules::number_in`]); `None` when it holds no value.
    pub fn money(&self, column: usize) -> Option<std::result::Result<Decimal, NumberError>> {
        let read = || {
            self.cell(column).map(|cell| {
                let rules = self.row.money;
                match rules.unit_of(column) {
                    Some(_) => rules.number_in(column, cell, self.row.decimal_comma),
                    None => self.row.money(cell),
                }
            })
        };
        match self.memo {
            Some(memo) => memo.get_or(column, read),
            None => read(),
        }
    }
}

/// The money cells of the row being read, by column, as [`RowCells::money`] read them:
/// one per thread of the flag stage, turned to each row by [`MoneyMemo::next_row`].
pub struct MoneyMemo {
    /// The row being read, counted from 1 (no column was read for row 0).
    row: Cell<u32>,
    /// Per column: the row it was last read for (its value is this row's when it is
    /// [`MoneyMemo::row`]).
    read_for: Vec<Cell<u32>>,
    /// Per column: what it read (`None`: the cell holds no value).
    value: Vec<Cell<Option<std::result::Result<Decimal, NumberError>>>>,
}

impl MoneyMemo {
    /// A memo for rows of `width` columns.
    pub fn new(width: usize) -> MoneyMemo {
        MoneyMemo {
            row: Cell::new(1),
            read_for: vec![Cell::new(0); width],
            value: vec![Cell::new(None); width],
        }
    }

    /// Forgets what was read: the cells asked for next are another row's.
    #[inline]
    pub fn next_row(&self) {
        let next = self.row.get().wrapping_add(1);
        if next == 0 {
            // After 2³² rows the counts would come round again: start from a clean memo.
            for read in &self.read_for {
                read.set(0);
            }
            self.row.set(1);
        } else {
            self.row.set(next);
        }
    }

    #[inline]
    fn get_or(
        &self,
        column: usize,
        read: impl FnOnce() -> Option<std::result::Result<Decimal, NumberError>>,
    ) -> Option<std::result::Result<Decimal, NumberError>> {
        let row = self.row.get();
        if self.read_for[column].get() == row {
            return self.value[column].get();
        }
        let value = read();
        self.read_for[column].set(row);
        self.value[column].set(value);
        value
    }
}

/// A cost cell that is not what its column holds, found by [`CostColumns::read_cells`]:
/// small, so reading a row that has none costs nothing to carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostProblem {
    column: usize,
    kind: Problem,
}

/// What is wrong with a cost cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    /// Not an amount of money (a negative amount is not one either).
    Money(NumberError),
    /// Not a number of zero or more; what the column holds.
    Number(&'static str),
    /// Not one of the column's words; which ones, and the column's id.
    Word(&'static str, &'static str),
    /// A number too large to compute with.
    TooLarge,
    /// More hours a week than a week has.
    HoursOverWeek,
}

/// The hours in a week: no study load a week is more.
const HOURS_IN_A_WEEK: Decimal = Decimal::from_parts(168, 0, 0, false, 0);

impl CostProblem {
    /// The positioned error about `row`'s cell, naming what was expected and how to fix it.
    pub fn error(self, row: &RowRef<'_>) -> Error {
        let column = self.column;
        let cell = row.cells.cell(column);
        let invalid = |expected: &str, hint: &str| row.invalid(column, cell, expected.into(), hint);
        match self.kind {
            Problem::Money(NumberError::AmbiguousComma) => {
                invalid("an unambiguous amount of money", AMBIGUOUS_MONEY_HINT)
            }
            Problem::Money(NumberError::NotANumber) => invalid(
                &format!("an amount of money in {}", row.money.currency),
                &format!(
                    "write an amount such as 15000, 15,000 or {}, or leave the cell empty",
                    row.money.show(Decimal::from(15000))
                ),
            ),
            Problem::Money(NumberError::TooManyDigits) => invalid(
                "an amount with at most 28 significant digits",
                "shorten the number",
            ),
            Problem::Number(expected) => invalid(
                expected,
                "write a plain number that is zero or more, or leave the cell empty",
            ),
            Problem::Word(expected, id) => invalid(
                &format!("one of {expected}"),
                &format!(
                    "use one of those words, or leave the cell empty; if the column holds \
                     something else{}, rename its header, which is read as {id}",
                    if id == column::DELIVERY {
                        " (such as full-time or part-time)"
                    } else {
                        ""
                    }
                ),
            ),
            Problem::TooLarge => invalid(
                "a number small enough to compute with exactly",
                "use smaller numbers",
            ),
            Problem::HoursOverWeek => invalid(
                "a number of hours per week (a week has 168)",
                "if the column holds other hours (a total, hours a month), give hours a week \
                 instead or rename the header (such as Total hours) so it is not read as hours \
                 a week; else correct the cell",
            ),
        }
    }
}

fn money_in(
    cells: &RowCells<'_>,
    column: Option<usize>,
) -> std::result::Result<Option<Decimal>, CostProblem> {
    let Some(column) = column else {
        return Ok(None);
    };
    match cells.money(column) {
        None => Ok(None),
        Some(Ok(v)) if !v.is_sign_negative() => Ok(Some(v)),
        Some(Ok(_)) => Err(CostProblem {
            column,
            kind: Problem::Money(NumberError::NotANumber),
        }),
        Some(Err(e)) => Err(CostProblem {
            column,
            kind: Problem::Money(e),
        }),
    }
}

fn number_in(
    cells: &RowCells<'_>,
    column: Option<usize>,
    expected: &'static str,
) -> std::result::Result<Option<Decimal>, CostProblem> {
    let Some((column, cell)) = column.and_then(|c| Some((c, cells.cell(c)?))) else {
        return Ok(None);
    };
    match cells
        .row
        .money
        .number_in(column, cell, cells.row.decimal_comma)
    {
        Ok(v) if !v.is_sign_negative() => Ok(Some(v)),
        _ => Err(CostProblem {
            column,
            kind: Problem::Number(expected),
        }),
    }
}

fn word_in<T>(
    cells: &RowCells<'_>,
    column: Option<usize>,
    parse: &dyn Fn(&str) -> Option<T>,
    expected: &'static str,
    id: &'static str,
) -> std::result::Result<Option<T>, CostProblem> {
    let Some((column, cell)) = column.and_then(|c| Some((c, cells.cell(c)?))) else {
        return Ok(None);
    };
    parse(cell).map(Some).ok_or(CostProblem {
        column,
        kind: Problem::Word(expected, id),
    })
}

/// What [`money_rules`] needs to know about the input besides its rows.
pub struct MoneyInput<'a> {
    /// The input's name for messages.
    pub file: &'a str,
    /// Where the cells came from.
    pub origin: &'a crate::input::Origin,
    /// The header cells.
    pub headers: &'a [String],
    /// Where each column was found.
    pub header_map: &'a HeaderMap,
    /// Whether numbers use a decimal comma.
    pub decimal_comma: bool,
}

/// One currency seen in the file, and where first.
struct Seen {
    currency: crate::values::Currency,
    /// `row 2, column "Tuition": "£35,000"` or `the header "Tuition (£)"`.
    at: String,
}

/// Decides how the file's money and hours cells are read: its one currency (from the
/// amounts' own markers and the money columns' header units, US dollars when none is
/// marked), the rates converting others when there are several, and how ranges read.
/// Several currencies without rates for them are an error naming two cells. Returns the
/// rules and the notes to show (a currency that is not the dollar, conversions, ranges).
pub fn money_rules(
    input: &MoneyInput<'_>,
    rows: &crate::input::CellTable,
    config: &Config,
) -> Result<(MoneyRules, Vec<String>)> {
    use crate::values::{Currency, parse_amount_or_thousands, split_range};
    let MoneyInput {
        file,
        origin,
        headers,
        header_map,
        decimal_comma,
    } = *input;
    let place = |line: u64, column: usize| {
        crate::input::place_in(file, origin, headers, line, Some(column))
    };
    let mut seen: Vec<Seen> = Vec::new();
    let mut note_seen = |currency: Currency, at: &dyn Fn() -> String| {
        if !seen.iter().any(|s| s.currency == currency) {
            seen.push(Seen { currency, at: at() });
        }
    };
    for id in crate::headers::MONEY_COLUMNS {
        let Some(column) = header_map.column(config, id) else {
            continue;
        };
        let unit = crate::headers::header_unit(&headers[column]).unwrap_or_default();
        for word in unit.split(|c: char| c.is_whitespace() || c == '/' || c == ',') {
            if let Some(currency) = Currency::from_marker(word) {
                note_seen(currency, &|| {
                    format!(
                        "the header \"{}\"",
                        crate::text::escape_controls(&headers[column])
                    )
                });
            }
        }
    }
    let marked = |cell: &str| -> Vec<Currency> {
        if cell
            .bytes()
            .all(|b| b.is_ascii_digit() || b".,- ".contains(&b))
        {
            return Vec::new();
        }
        if let Ok(amount) = parse_amount_or_thousands(cell, decimal_comma) {
            return amount.currency.into_iter().collect();
        }
        split_range(cell).map_or_else(Vec::new, |(low, high)| {
            [low, high]
                .iter()
                .filter_map(|side| {
                    parse_amount_or_thousands(side, decimal_comma)
                        .ok()?
                        .currency
                })
                .collect()
        })
    };
    // The number and money columns, where a range is read by the rules decided here.
    let range_columns: Vec<(usize, bool)> = [
        (column::TUITION, true),
        (column::FUNDING, true),
        (column::HOURS, false),
        (column::YEARS, false),
    ]
    .iter()
    .filter_map(|(id, money)| header_map.column(config, id).map(|c| (c, *money)))
    .collect();
    // One pass over the rows, in parts: where each currency first shows, and which cells of
    // those columns hold a range (row, and index in `range_columns`), read once the rules are
    // known. Taken in row order, the parts give the first place of each currency in the
    // file and the ranges in file order.
    let scans = crate::workers::in_parts(rows.len(), |range| {
        let mut found: Vec<(Currency, usize, usize)> = Vec::new();
        let mut ranged: Vec<(u32, u32)> = Vec::new();
        for row in range {
            // A row whose cells (the name aside) are plain numbers marks no currency and
            // holds no range: told in one pass over its text, most rows stop here.
            let text = rows.row_text(row);
            let bytes = text.joined().as_bytes();
            let plain = |bytes: &[u8]| {
                bytes
                    .iter()
                    .all(|b| matches!(b, b'0'..=b'9' | b'.' | b',' | b' '))
            };
            let all_plain = match header_map.name.filter(|&n| n < rows.width()) {
                Some(name) => {
                    let name = text.span(name);
                    plain(&bytes[..name.start]) && plain(&bytes[name.end..])
                }
                None => plain(bytes),
            };
            if all_plain {
                continue;
            }
            for (column, cell) in rows.row_text(row).into_iter().enumerate() {
                if Some(column) == header_map.name {
                    continue;
                }
                for currency in marked(cell) {
                    if !found.iter().any(|(c, _, _)| *c == currency) {
                        found.push((currency, row, column));
                    }
                }
            }
            for (k, &(column, _)) in range_columns.iter().enumerate() {
                let cell = rows.cell(row, column);
                if split_range(cell).is_some()
                    && crate::values::parse_number(cell, decimal_comma).is_err()
                {
                    // The table's rows and the columns fit in 32 bits.
                    ranged.push((row as u32, k as u32));
                }
            }
        }
        (found, ranged)
    });
    let (first_seen, ranged): (Vec<_>, Vec<_>) = scans.into_iter().unzip();
    for (currency, row, column) in first_seen.into_iter().flatten() {
        let cell = rows.cell(row, column);
        note_seen(currency, &|| {
            format!(
                "{}: \"{}\"",
                place(rows.line(row), column).without_file(),
                crate::text::escape_controls(cell.trim())
            )
        });
    }
    let mut notes = Vec::new();
    let mut rules = MoneyRules {
        currency: Currency::USD,
        rates: Vec::new(),
        ranges: config.ranges,
        units: [
            (column::HOURS, crate::values::Unit::HoursPerWeek),
            (column::YEARS, crate::values::Unit::Years),
        ]
        .iter()
        .filter_map(|&(id, unit)| header_map.column(config, id).map(|c| (c, unit)))
        .collect(),
    };
    if seen.len() < 2 && !config.rates.is_empty() {
        // Rates convert a file mixing currencies; in a file of one, nothing is converted.
        let code = seen.first().map_or(Currency::USD, |s| s.currency).code;
        notes.push(format!(
            "{file}: every amount is in {code}{}, so no amount needed converting and the \
             exchange rates (--rates, or the weights file's [currency] table) were not used",
            if seen.is_empty() {
                " (no currency marked)"
            } else {
                ""
            }
        ));
    }
    match seen.as_slice() {
        [] => {}
        [one] => {
            rules.currency = one.currency;
            if one.currency != Currency::USD {
                let symbol = one.currency.symbol.trim();
                let named = if symbol == one.currency.code {
                    symbol.to_owned()
                } else {
                    format!("{} ({symbol})", one.currency.code)
                };
                notes.push(format!(
                    "{file}: amounts are in {named}, as {} shows; costs and --max-cost are in {} too",
                    one.at, one.currency.code
                ));
            }
        }
        [first, second, ..] => {
            let missing: Vec<&Seen> = seen
                .iter()
                .filter(|s| {
                    s.currency != Currency::USD
                        && !config.rates.iter().any(|(c, _)| *c == s.currency)
                })
                .collect();
            if !missing.is_empty() {
                let (a, b) = match missing.as_slice() {
                    [only] if only.currency == first.currency => (*only, second),
                    [only] => (first, *only),
                    [x, y, ..] => (*x, *y),
                    [] => (first, second),
                };
                let example = missing[0].currency.code;
                return Err(crate::error::DataError::Unrankable {
                    file: file.to_owned(),
                    message: format!(
                        "amounts are in more than one currency: {} is in {} and {} is in {}; \
                         convert them to one currency in the sheet, or give exchange rates in US \
                         dollars per unit, such as --rates {example}=1.27 (or a [currency] table \
                         in the weights file)",
                        a.at, a.currency.code, b.at, b.currency.code
                    ),
                }
                .into());
            }
            rules.rates = config
                .rates
                .iter()
                .filter(|(c, _)| seen.iter().any(|s| s.currency == *c))
                .copied()
                .collect();
            notes.push(format!(
                "{file}: amounts in {} converted to USD ({}); amounts with no currency are read as USD, \
                 and costs and --max-cost are in USD",
                crate::text::join(rules.rates.iter().map(|(c, _)| c.code), " and "),
                crate::text::join(
                    rules
                        .rates
                        .iter()
                        .map(|(c, r)| format!("1 {} = {} USD", c.code, r.normalize())),
                    ", "
                )
            ));
        }
    }
    // The ranges read by `rules`, named in one note.
    let ranges: Vec<String> = ranged
        .into_iter()
        .flatten()
        .filter_map(|(row, k)| {
            let (row, (column, money)) = (row as usize, range_columns[k as usize]);
            let cell = rows.cell(row, column);
            let read = if money {
                rules.money(cell, decimal_comma)
            } else {
                rules.number_in(column, cell, decimal_comma)
            };
            match read {
                Ok(value) if !(money && parse_amount_or_thousands(cell, decimal_comma).is_ok()) => {
                    Some(format!(
                        "{}: \"{}\" as {}",
                        place(rows.line(row), column).without_file(),
                        crate::text::escape_controls(cell.trim()),
                        value.normalize()
                    ))
                }
                _ => None,
            }
        })
        .collect();
    if !ranges.is_empty() {
        let count = ranges.len();
        let shown = crate::text::join(ranges.iter().take(3), "; ");
        let more = if count > 3 {
            format!("; and {} more", count - 3)
        } else {
            String::new()
        };
        notes.push(format!(
            "{file}: read {count} range{} as the {} (--ranges low, mid or high to change): {shown}{more}",
            if count == 1 { "" } else { "s" },
            rules.ranges
        ));
    }
    Ok((rules, notes))
}

/// Points of score per $1,000 of net cost, `None` when the cost is unknown or zero.
pub fn points_per_thousand(score: Decimal, net_cost: Option<Decimal>) -> Option<Decimal> {
    let thousands = net_cost?.checked_div(Decimal::ONE_THOUSAND)?;
    if thousands.is_zero() {
        return None;
    }
    score.checked_div(thousands)
}

/// Hard limits from the command line. Empty lists mean "any".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Limits {
    /// Largest acceptable net cost in dollars.
    pub max_cost: Option<Decimal>,
    /// The currency written on `--max-cost` (`'$40,000'`, `£40,000`), if any; it must be
    /// the one the file's amounts are in ([`Limits::require_currency`]).
    pub max_cost_currency: Option<crate::values::Currency>,
    /// Largest acceptable hours per week.
    pub max_hours: Option<Decimal>,
    /// Acceptable ways of teaching.
    pub delivery: Vec<Delivery>,
    /// Acceptable program types.
    pub types: Vec<ProgramType>,
}

/// One hard limit a program breaks, with the program's value and the limit, both as shown.
///
/// Displayed as the short reason the table, CSV and JSON give (`net cost $62,000 is above
/// --max-cost $40,000`); [`BrokenLimit::sentence`] words it for a person reading a report
/// (`net cost $62,000 is above your budget of $40,000`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrokenLimit {
    /// Net cost above `--max-cost` (amounts in the file's currency).
    Cost { cost: String, max: String },
    /// Hours a week above `--max-hours`.
    Hours { hours: String, max: String },
    /// A delivery not among `--delivery`.
    Delivery {
        delivery: String,
        wanted: Vec<String>,
    },
    /// A program type not among `--type`.
    Type {
        program_type: String,
        wanted: Vec<String>,
    },
}

/// `hour` after a count of exactly 1 (`1 hour a week`), else `hours` (`1.5 hours`, `0 hours`).
fn hours_unit(count: &str) -> &'static str {
    if count == "1" { "hour" } else { "hours" }
}

impl BrokenLimit {
    /// The limit as a sentence for a report: `above your budget of $40,000`, `…, and you
    /// asked for online or hybrid only`.
    pub fn sentence(&self) -> String {
        let only = |wanted: &[String]| crate::text::join(wanted.iter(), " or ");
        match self {
            BrokenLimit::Cost { cost, max } => {
                format!("net cost {cost} is above your budget of {max}")
            }
            BrokenLimit::Hours { hours, max } => {
                format!(
                    "{hours} {} a week is above your limit of {max} {} a week",
                    hours_unit(hours),
                    hours_unit(max)
                )
            }
            BrokenLimit::Delivery { delivery, wanted } => {
                format!(
                    "delivery {delivery}, and you asked for {} only",
                    only(wanted)
                )
            }
            BrokenLimit::Type {
                program_type,
                wanted,
            } => format!(
                "type {program_type}, and you asked for {} only",
                only(wanted)
            ),
        }
    }
}

impl fmt::Display for BrokenLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let listed = |wanted: &[String]| crate::text::join(wanted.iter(), ",");
        match self {
            BrokenLimit::Cost { cost, max } => {
                write!(f, "net cost {cost} is above --max-cost {max}")
            }
            BrokenLimit::Hours { hours, max } => {
                write!(
                    f,
                    "{hours} {} a week is above --max-hours {max}",
                    hours_unit(hours)
                )
            }
            BrokenLimit::Delivery { delivery, wanted } => {
                write!(
                    f,
                    "delivery {delivery} is not in --delivery {}",
                    listed(wanted)
                )
            }
            BrokenLimit::Type {
                program_type,
                wanted,
            } => write!(f, "type {program_type} is not in --type {}", listed(wanted)),
        }
    }
}

/// The outcome of checking one program against the limits.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LimitCheck {
    /// Each limit broken, such as `net cost $62,000 is above --max-cost $40,000`.
    pub broken: Vec<BrokenLimit>,
    /// Each limit that could not be checked for lack of data, such as `--max-cost (no tuition_usd)`.
    pub unknown: Vec<String>,
}

impl Limits {
    /// Refuses a `--max-cost` written in another currency than the file's amounts (`'$40,000'`
    /// on a file in pounds): the limit is compared with the amounts as they are, so it would
    /// silently be read as £40,000. A usage error (exit 2) saying which currency to use.
    pub fn require_currency(&self, money: &MoneyRules, file: &str) -> Result<()> {
        let (Some(max), Some(written)) = (self.max_cost, self.max_cost_currency) else {
            return Ok(());
        };
        if written == money.currency {
            return Ok(());
        }
        let file = crate::text::escape_controls(file);
        let why = if !money.rates.is_empty() {
            format!("--rates converts the amounts of {file} to US dollars")
        } else if money.currency == crate::values::Currency::USD {
            format!(
                "{file} marks no currency on its amounts or money headers, so they are read as \
                 US dollars (name the currency in a money header, such as \"Tuition ({})\", to \
                 read them in {})",
                written.symbol.trim(),
                written.code
            )
        } else {
            format!("the amounts of {file} are in {}", money.currency.code)
        };
        Err(Error::usage(format!(
            "--max-cost {} is in {}, but {why}; give the limit in {} (--max-cost {} is {} \
             here), or leave the currency off",
            crate::values::money_text(max, written),
            written.code,
            money.currency.code,
            max.normalize(),
            money.show(max),
        )))
    }

    /// True when no limit is set.
    pub fn is_empty(&self) -> bool {
        self.max_cost.is_none()
            && self.max_hours.is_none()
            && self.delivery.is_empty()
            && self.types.is_empty()
    }

    /// Checks one program's facts against every limit set, amounts in US dollars.
    pub fn check(&self, facts: &CostFacts) -> LimitCheck {
        self.check_in(facts, &crate::values::US_DOLLARS)
    }

    /// Checks one program's facts against every limit set, amounts in the file's currency:
    /// [`Limits::judge`], worded by [`Limits::word`].
    pub fn check_in(&self, facts: &CostFacts, money: &MoneyRules) -> LimitCheck {
        self.word(&self.judge(facts), money)
    }

    /// Judges one program's facts against every limit set, without wording anything: a
    /// small value, the same for every program the limits treat alike (the flag stage
    /// words each distinct one once, however many programs share it).
    pub fn judge(&self, facts: &CostFacts) -> LimitVerdict {
        let mut verdict = LimitVerdict::default();
        if let Some(max) = self.max_cost {
            match facts.net_cost {
                Some(cost) => verdict.cost = (cost > max).then(|| Exact::of(cost)),
                None => verdict.unknown |= LimitVerdict::COST,
            }
        }
        if let Some(max) = self.max_hours {
            match facts.hours_per_week {
                Some(hours) => verdict.hours = (hours > max).then(|| Exact::of(hours)),
                None => verdict.unknown |= LimitVerdict::HOURS,
            }
        }
        if !self.delivery.is_empty() {
            match facts.delivery {
                Some(d) => verdict.delivery = (!self.delivery.contains(&d)).then_some(d),
                None => verdict.unknown |= LimitVerdict::DELIVERY,
            }
        }
        if !self.types.is_empty() {
            match facts.program_type {
                Some(t) => verdict.program_type = (!self.types.contains(&t)).then_some(t),
                None => verdict.unknown |= LimitVerdict::TYPE,
            }
        }
        verdict
    }

    /// Words a verdict of [`Limits::judge`] (under these limits), amounts in the file's
    /// currency: each limit broken, then each that could not be checked, in the order the
    /// limits are listed (cost, hours, delivery, type). The lists are allocated at their
    /// length (none when empty, as for almost every program).
    pub fn word(&self, verdict: &LimitVerdict, money: &MoneyRules) -> LimitCheck {
        if verdict.is_clear() {
            return LimitCheck::default();
        }
        let mut check = LimitCheck {
            broken: Vec::with_capacity(verdict.broken_count()),
            unknown: Vec::with_capacity(verdict.unknown.count_ones() as usize),
        };
        if let (Some(cost), Some(max)) = (verdict.cost, self.max_cost) {
            check.broken.push(BrokenLimit::Cost {
                cost: money.show(cost.value()),
                max: money.show(max),
            });
        }
        if let (Some(hours), Some(max)) = (verdict.hours, self.max_hours) {
            check.broken.push(BrokenLimit::Hours {
                hours: hours.value().normalize().to_string(),
                max: max.normalize().to_string(),
            });
        }
        if let Some(d) = verdict.delivery {
            check.broken.push(BrokenLimit::Delivery {
                delivery: d.to_string(),
                wanted: self.delivery.iter().map(ToString::to_string).collect(),
            });
        }
        if let Some(t) = verdict.program_type {
            check.broken.push(BrokenLimit::Type {
                program_type: t.to_string(),
                wanted: self.types.iter().map(ToString::to_string).collect(),
            });
        }
        for (bit, column) in [
            (LimitVerdict::COST, ("--max-cost", column::TUITION)),
            (LimitVerdict::HOURS, ("--max-hours", column::HOURS)),
            (LimitVerdict::DELIVERY, ("--delivery", column::DELIVERY)),
            (LimitVerdict::TYPE, ("--type", column::TYPE)),
        ] {
            if verdict.unknown & bit != 0 {
                check
                    .unknown
                    .push(format!("{} (no {})", column.0, column.1));
            }
        }
        check
    }
}

/// What [`Limits::judge`] decides about one program: the limits it breaks, with the values
/// their wording shows, and the limits it could not be checked against. Equal verdicts
/// (under the same limits and money rules) are worded alike by [`Limits::word`], to the
/// byte: the values are kept and compared as written (`25333` and `25333.00` differ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LimitVerdict {
    /// The net cost, when above `--max-cost`.
    cost: Option<Exact>,
    /// The hours a week, when above `--max-hours`.
    hours: Option<Exact>,
    /// The delivery, when not among `--delivery`.
    delivery: Option<Delivery>,
    /// The program type, when not among `--type`.
    program_type: Option<ProgramType>,
    /// The limits that could not be checked for lack of data, one bit each.
    unknown: u8,
}

impl LimitVerdict {
    const COST: u8 = 1;
    const HOURS: u8 = 2;
    const DELIVERY: u8 = 4;
    const TYPE: u8 = 8;

    /// True when there is nothing to say: no limit broken, none left unchecked.
    pub fn is_clear(&self) -> bool {
        *self == LimitVerdict::default()
    }

    /// How many limits are broken.
    fn broken_count(&self) -> usize {
        usize::from(self.cost.is_some())
            + usize::from(self.hours.is_some())
            + usize::from(self.delivery.is_some())
            + usize::from(self.program_type.is_some())
    }

    /// True when a limit is broken: the program is left out of the ranking.
    pub fn breaks_any(&self) -> bool {
        self.broken_count() > 0
    }

    /// True when a limit could not be checked for lack of data.
    pub fn has_unknown(&self) -> bool {
        self.unknown != 0
    }

    /// What the verdict says without the values its wording shows.
    pub fn summary(&self) -> LimitSummary {
        let broken = [
            (self.cost.is_some(), Self::COST),
            (self.hours.is_some(), Self::HOURS),
            (self.delivery.is_some(), Self::DELIVERY),
            (self.program_type.is_some(), Self::TYPE),
        ]
        .into_iter()
        .filter(|(broken, _)| *broken)
        .fold(0, |bits, (_, bit)| bits | bit);
        LimitSummary {
            broken,
            unknown: self.unknown,
        }
    }
}

/// What a [`LimitVerdict`] says, without the values its wording shows: which limits are
/// broken and which could not be checked, a bit each. Verdicts carry a program's cost and
/// hours, so under `--max-cost` almost every program left out has a verdict of its own;
/// their summaries are at most 256. The flag stage keeps a program's summary, and the
/// verdict is judged again from the program's cells, by the same [`Limits::judge`], when
/// it is worded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LimitSummary {
    /// The limits broken ([`LimitVerdict::COST`] and the others).
    broken: u8,
    /// The limits that could not be checked for lack of data.
    unknown: u8,
}

impl LimitSummary {
    /// True when there is nothing to say: no limit broken, none left unchecked.
    pub fn is_clear(&self) -> bool {
        *self == LimitSummary::default()
    }

    /// True when a limit is broken: the program is left out of the ranking.
    pub fn breaks_any(&self) -> bool {
        self.broken != 0
    }

    /// True when a limit could not be checked for lack of data.
    pub fn has_unknown(&self) -> bool {
        self.unknown != 0
    }
}

/// A decimal compared and hashed by its representation (mantissa, scale and sign), not its
/// value: two equal ones are written alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Exact([u8; 16]);

impl Exact {
    fn of(value: Decimal) -> Exact {
        Exact(value.serialize())
    }

    fn value(self) -> Decimal {
        Decimal::deserialize(self.0)
    }
}

/// Formats whole dollars with thousands separators: `$62,000`, `$1,250.50`.
pub fn dollars(amount: Decimal) -> String {
    crate::values::money_text(amount, crate::values::Currency::USD)
}

/// Formats hours with thousands separators and no decimals unless needed: `2,880`.
pub fn hours(amount: Decimal) -> String {
    dollars(amount).replacen('$', "", 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn words_parse_with_variants() {
        assert_eq!(Delivery::parse("In Person"), Some(Delivery::InPerson));
        assert_eq!(Delivery::parse("in-person"), Some(Delivery::InPerson));
        assert_eq!(Delivery::parse("ONLINE"), Some(Delivery::Online));
        assert_eq!(Delivery::parse("carrier pigeon"), None);
        assert_eq!(ProgramType::parse("Master's"), Some(ProgramType::Masters));
        assert_eq!(
            ProgramType::parse("faculty development"),
            Some(ProgramType::FacultyDevelopment)
        );
        assert_eq!(
            ProgramType::parse("short-course"),
            Some(ProgramType::ShortCourse)
        );
        assert_eq!(ProgramType::parse("phd"), None);
        for t in ProgramType::ALL {
            assert_eq!(ProgramType::parse(&t.to_string()), Some(t));
        }
        for d in Delivery::ALL {
            assert_eq!(Delivery::parse(&d.to_string()), Some(d));
        }
    }

    #[test]
    fn in_a_large_file_each_currency_is_named_where_it_first_shows() {
        // Enough rows to be read in parts: £ first shows in the last part, € in the first
        // part after a later £ would, and each shows again further on.
        let rows = 3 * crate::workers::PARALLEL_ROWS;
        let mut csv = String::from(
            "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd\n",
        );
        for i in 0..rows {
            let tuition = match i {
                10 | 40 => "€20000".to_owned(),
                i if i == rows - 50 || i == rows - 5 => "£30000".to_owned(),
                i => (15000 + i).to_string(),
            };
            csv.push_str(&format!("P{i},3,3,3,3,3,{tuition}\n"));
        }
        let sheet = crate::input::Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        let err = crate::dataset::Dataset::bind(sheet, &Config::default()).unwrap_err();
        let message = err.to_string();
        let (euro, pound) = (format!("row {}", 10 + 2), format!("row {}", rows - 50 + 2));
        let (at_euro, at_pound) = (message.find(&euro), message.find(&pound));
        assert!(at_euro.is_some() && at_pound.is_some(), "{message}");
        assert!(at_euro < at_pound, "{message}");
    }

    #[test]
    fn a_memo_reads_each_rows_money_cells_afresh_and_as_without_one() {
        let csv = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd,funding_usd\n\
                   A,3,3,3,3,3,\"$20,000\",500\n\
                   B,3,3,3,3,3,n/a,\n\
                   C,3,3,3,3,3,lots,20000\n\
                   D,3,3,3,3,3,15000-25000,-1\n";
        let sheet = crate::input::Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        let dataset = crate::dataset::Dataset::bind(sheet, &Config::default()).unwrap();
        let memo = MoneyMemo::new(dataset.headers.len());
        let mut seen = Vec::new();
        for program in dataset.programs() {
            memo.next_row();
            let row = dataset.row(&program);
            let (with, without) = (RowCells::new(&row, Some(&memo)), RowCells::new(&row, None));
            for column in [6, 7] {
                // Asked twice: the second answer is the memo's.
                assert_eq!(with.money(column), without.money(column));
                assert_eq!(with.money(column), without.money(column));
                seen.push(with.money(column));
            }
        }
        assert_eq!(
            seen,
            vec![
                Some(Ok(dec!(20000))),
                Some(Ok(dec!(500))),
                None,
                None,
                Some(Err(NumberError::NotANumber)),
                Some(Ok(dec!(20000))),
                Some(Ok(dec!(20000))),
                Some(Ok(dec!(-1))),
            ]
        );
    }

    #[test]
    fn net_cost_is_never_below_zero_and_keeps_the_digits_written() {
        let csv = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd,funding_usd\n\
                   A,3,3,3,3,3,1000,5000\n\
                   B,3,3,3,3,3,0.00,\n\
                   C,3,3,3,3,3,25333.50,333.50\n\
                   D,3,3,3,3,3,2000,2000\n";
        let sheet = crate::input::Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        let config = Config::default();
        let dataset = crate::dataset::Dataset::bind(sheet, &config).unwrap();
        let columns = CostColumns::find(&dataset, &config);
        let net: Vec<String> = dataset
            .programs()
            .map(|p| {
                let facts = columns.read(&dataset, &p, dec!(48)).unwrap();
                facts.net_cost.unwrap().to_string()
            })
            .collect();
        assert_eq!(net, ["0", "0", "25000.00", "0"]);
    }

    #[test]
    fn points_per_thousand_never_divides_by_zero() {
        assert_eq!(
            points_per_thousand(dec!(60), Some(dec!(30000))),
            Some(dec!(2))
        );
        assert_eq!(points_per_thousand(dec!(60), Some(dec!(0))), None);
        assert_eq!(points_per_thousand(dec!(60), None), None);
    }

    #[test]
    fn limits_report_broken_and_unknown() {
        let limits = Limits {
            max_cost: Some(dec!(40000)),
            max_hours: Some(dec!(15)),
            delivery: vec![Delivery::Online, Delivery::Hybrid],
            types: vec![],
            ..Limits::default()
        };
        let facts = CostFacts {
            net_cost: Some(dec!(62000)),
            total_hours: None,
            hours_per_week: Some(dec!(12)),
            delivery: Some(Delivery::InPerson),
            program_type: None,
        };
        let check = limits.check(&facts);
        assert_eq!(
            check
                .broken
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            vec![
                "net cost $62,000 is above --max-cost $40,000",
                "delivery in-person is not in --delivery online,hybrid"
            ]
        );
        assert!(check.unknown.is_empty());
        let check = limits.check(&CostFacts::default());
        assert!(check.broken.is_empty());
        assert_eq!(check.unknown.len(), 3);
        assert!(Limits::default().is_empty());
    }

    #[test]
    fn a_verdict_is_worded_as_the_check_and_keeps_values_as_written() {
        let limits = Limits {
            max_cost: Some(dec!(30000)),
            max_hours: Some(dec!(20)),
            ..Limits::default()
        };
        let facts = |cost: Decimal| CostFacts {
            net_cost: Some(cost),
            hours_per_week: Some(dec!(25.0)),
            ..CostFacts::default()
        };
        let (plain, scaled) = (facts(dec!(31000)), facts(dec!(31000.00)));
        // Equal values written differently are different verdicts (never merged on value)...
        assert_ne!(limits.judge(&plain), limits.judge(&scaled));
        assert_eq!(limits.judge(&plain), limits.judge(&facts(dec!(31000))));
        // ...worded alike, as each program's own check is.
        let money = MoneyRules::default();
        for f in [plain, scaled] {
            let check = limits.word(&limits.judge(&f), &money);
            assert_eq!(check, limits.check(&f));
            assert_eq!(
                check
                    .broken
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>(),
                [
                    "net cost $31,000 is above --max-cost $30,000",
                    "25 hours a week is above --max-hours 20"
                ]
            );
        }
        let within = facts(dec!(30000));
        assert!(!limits.judge(&within).is_clear(), "the hours are above");
        let clear = CostFacts {
            hours_per_week: Some(dec!(20)),
            ..within
        };
        assert!(limits.judge(&clear).is_clear());
        assert_eq!(
            limits.word(&limits.judge(&clear), &money),
            LimitCheck::default()
        );
        let unknown = limits.judge(&CostFacts::default());
        assert!(!unknown.is_clear());
        assert_eq!(
            limits.word(&unknown, &money).unknown,
            [
                "--max-cost (no tuition_usd)",
                "--max-hours (no hours_per_week)"
            ]
        );
    }

    #[test]
    fn a_check_keeps_its_limits_in_order_and_no_spare_room() {
        let limits = Limits {
            max_cost: Some(dec!(40000)),
            max_hours: Some(dec!(15)),
            delivery: vec![Delivery::Online],
            types: vec![ProgramType::Masters],
            ..Limits::default()
        };
        let facts = CostFacts {
            net_cost: Some(dec!(62000)),
            total_hours: None,
            hours_per_week: Some(dec!(20)),
            delivery: None,
            program_type: Some(ProgramType::Fellowship),
        };
        let check = limits.check(&facts);
        assert_eq!(
            check
                .broken
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            vec![
                "net cost $62,000 is above --max-cost $40,000",
                "20 hours a week is above --max-hours 15",
                "type fellowship is not in --type masters",
            ]
        );
        assert_eq!(check.unknown, vec!["--delivery (no delivery)"]);
        assert_eq!(check.broken.capacity(), 3);
        assert_eq!(check.unknown.capacity(), 1);
        let fine = Limits::default().check(&facts);
        assert_eq!((fine.broken.capacity(), fine.unknown.capacity()), (0, 0));
    }

    #[test]
    fn dollars_group_thousands() {
        assert_eq!(dollars(dec!(62000)), "$62,000");
        assert_eq!(dollars(dec!(999)), "$999");
        assert_eq!(dollars(dec!(1234567.5)), "$1,234,567.50");
        assert_eq!(dollars(dec!(0)), "$0");
        assert_eq!(hours(dec!(2880)), "2,880");
    }
}
