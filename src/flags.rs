//! Red flags: evaluating the rules of the weights file against each program.
//!
//! A rule's names are bound once per input: a criterion id reads the program's rating, any
//! other name reads the input column of that name. A rule whose columns are all absent is
//! not evaluated; one with some absent is evaluated with those parts unknown, and both are
//! reported so the user knows which column would enable the check.
//!
//! Evaluation uses three-valued logic: a missing cell makes its comparison unknown, `unknown
//! or true` is true, `unknown and false` is false, and a rule whose result is unknown is not
//! raised. Missing ratings raise the built-in `incomplete-data` flag instead.

use crate::config::{CompareOp, Condition, Config, Criterion, Literal, RedFlag, Severity};
use crate::costs::RowCells;
use crate::dataset::{Dataset, Program, RowRef};
use crate::error::{Error, Result};
use crate::text::{join, match_key};
use crate::values::{NumberError, parse_yes_no};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// A flag raised on one program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaisedFlag {
    /// The rule's id, such as `weak-faculty`.
    pub id: String,
    /// Warning or critical.
    pub severity: Severity,
    /// What it means, for this program.
    pub message: String,
    /// Whether this flag drops the program from the ranking.
    pub exclude: bool,
}

/// A rule that could not be checked fully because the input lacks columns it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncheckedRule {
    /// The rule's id.
    pub id: String,
    /// The names of the absent columns.
    pub missing_columns: Vec<String>,
    /// True when other parts of the rule could still be checked.
    pub partly_checked: bool,
}

/// What a name in a condition reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operand {
    Rating(usize),
    Column(usize),
    Absent,
}

/// A condition whose names are resolved against one dataset and whose literals are typed.
#[derive(Debug, Clone, PartialEq)]
enum Bound {
    Rating {
        criterion: usize,
        op: CompareOp,
        value: Decimal,
    },
    Number {
        column: usize,
        op: CompareOp,
        value: Decimal,
    },
    YesNo {
        column: usize,
        op: CompareOp,
        value: bool,
    },
    Text {
        column: usize,
        op: CompareOp,
        value: String,
    },
    Unknown,
    And(Box<Bound>, Box<Bound>),
    Or(Box<Bound>, Box<Bound>),
    Not(Box<Bound>),
}

impl Bound {
    fn reads_cells(&self) -> bool {
        match self {
            Bound::Rating { .. } | Bound::Unknown => false,
            Bound::Number { .. } | Bound::YesNo { .. } | Bound::Text { .. } => true,
            Bound::And(a, b) | Bound::Or(a, b) => a.reads_cells() || b.reads_cells(),
            Bound::Not(inner) => inner.reads_cells(),
        }
    }
}

/// The rules of a config, bound to one dataset and ready to evaluate.
#[derive(Debug, Clone)]
pub struct RuleSet<'c> {
    rules: Vec<(&'c RedFlag, Bound)>,
    /// Rules that could not be checked fully, for the report.
    pub unchecked: Vec<UncheckedRule>,
}

impl<'c> RuleSet<'c> {
    /// Binds every rule of `config` to the columns of `dataset`.
    pub fn bind(config: &'c Config, dataset: &Dataset) -> Result<RuleSet<'c>> {
        Self::bind_headers(config, &dataset.headers)
    }

    /// Binds every rule of `config` to the columns named by `headers`.
    pub fn bind_headers(config: &'c Config, headers: &[String]) -> Result<RuleSet<'c>> {
        Self::bind_flags(&config.flags, config, headers)
    }

    /// Binds the rules `flags` to the columns named by `headers`, with the criteria of
    /// `config` (a config [fitted](Config::fitted_to) to the sheet, whose flags are these).
    pub fn bind_flags(
        flags: &'c [crate::config::RedFlag],
        config: &Config,
        headers: &[String],
    ) -> Result<RuleSet<'c>> {
        let mut rules = Vec::with_capacity(flags.len());
        let mut unchecked = Vec::new();
        let map = crate::headers::HeaderMap::new(headers, config);
        for rule in flags {
            let names = rule.condition.names();
            let operands: Vec<(&str, Operand)> = names
                .iter()
                .map(|name| (*name, resolve(name, config, &map)))
                .collect();
            let absent: Vec<String> = operands
                .iter()
                .filter(|(_, o)| *o == Operand::Absent)
                .map(|(n, _)| n.to_string())
                .collect();
            if !absent.is_empty() {
                unchecked.push(UncheckedRule {
                    id: rule.id.clone(),
                    partly_checked: absent.len() < operands.len(),
                    missing_columns: absent.clone(),
                });
                if absent.len() == operands.len() {
                    continue;
                }
            }
            let bound = bind_condition(&rule.condition, &operands, &config.criteria).map_err(
                |message| Error::Config {
                    file: config.source.to_string(),
                    message: format!("flag {}: when = {:?}: {message}", rule.id, rule.when),
                },
            )?;
            rules.push((rule, bound));
        }
        Ok(RuleSet { rules, unchecked })
    }

    /// The flags raised on `program`, in rule order. A cell the rule cannot read is an error.
    pub fn evaluate(&self, program: &Program, dataset: &Dataset) -> Result<Vec<RaisedFlag>> {
        let mut raised = Vec::new();
        self.for_each_raised(&dataset.row(program), |i| raised.push(self.raised(i)))?;
        Ok(raised)
    }

    /// Calls `f` with the index of every rule raised on `row`, in rule order.
    pub fn for_each_raised(&self, row: &RowRef<'_>, mut f: impl FnMut(usize)) -> Result<()> {
        let cells = RowCells::new(row, None);
        for i in 0..self.rules.len() {
            if self
                .is_raised_in(i, &cells)
                .map_err(|problem| problem.error(self, row))?
            {
                f(i);
            }
        }
        Ok(())
    }

    /// Whether bound rule `index` is raised on `row`.
    pub fn is_raised(&self, index: usize, row: &RowRef<'_>) -> Result<bool> {
        self.is_raised_in(index, &RowCells::new(row, None))
            .map_err(|problem| problem.error(self, row))
    }

    /// Whether bound rule `index` is raised on the row of `cells`, or which cell it cannot
    /// read ([`RuleProblem::error`] words it): the flag stage evaluates every row this way,
    /// and words only the error it reports.
    pub fn is_raised_in(
        &self,
        index: usize,
        cells: &RowCells<'_>,
    ) -> std::result::Result<bool, RuleProblem> {
        let ctx = Context { cells };
        match ctx.eval(&self.rules[index].1) {
            Ok(raised) => Ok(raised == Some(true)),
            Err((column, kind)) => Err(RuleProblem {
                rule: index,
                column,
                kind,
            }),
        }
    }

    /// True when bound rule `index` reads input cells, not only ratings: its outcome then
    /// depends on more than the program's ratings.
    pub fn reads_cells(&self, index: usize) -> bool {
        self.rules[index].1.reads_cells()
    }

    /// True when bound rule `index` drops the programs it flags from the ranking.
    pub fn excludes(&self, index: usize) -> bool {
        self.rules[index].0.exclude
    }

    /// How many rules are bound (and so can be raised).
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when no rule can be raised.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The flag of bound rule `index`.
    pub fn raised(&self, index: usize) -> RaisedFlag {
        let rule = self.rules[index].0;
        RaisedFlag {
            id: rule.id.clone(),
            severity: rule.severity,
            message: rule.message.clone(),
            exclude: rule.exclude,
        }
    }
}

/// The built-in flag for a program with missing ratings.
pub fn incomplete_data(missing: &[&str], policy: crate::scoring::MissingPolicy) -> RaisedFlag {
    let treatment = match policy {
        crate::scoring::MissingPolicy::Renormalize => "left out of the score",
        _ => "counted as the worst rating",
    };
    RaisedFlag {
        id: crate::config::INCOMPLETE_DATA.into(),
        severity: Severity::Warning,
        message: format!(
            "Missing ratings for {} ({treatment}); fill them in for a fair comparison.",
            join(missing, ", ")
        ),
        exclude: false,
    }
}

fn resolve(name: &str, config: &Config, map: &crate::headers::HeaderMap) -> Operand {
    let key = match_key(name);
    if let Some(i) = config.criteria.iter().position(|c| match_key(&c.id) == key) {
        return Operand::Rating(i);
    }
    match map.column(config, name) {
        Some(column) => Operand::Column(column),
        None => Operand::Absent,
    }
}

fn bind_condition(
    condition: &Condition,
    operands: &[(&str, Operand)],
    criteria: &[Criterion],
) -> std::result::Result<Bound, String> {
    let recurse = |c: &Condition| bind_condition(c, operands, criteria).map(Box::new);
    Ok(match condition {
        Condition::And(a, b) => Bound::And(recurse(a)?, recurse(b)?),
        Condition::Or(a, b) => Bound::Or(recurse(a)?, recurse(b)?),
        Condition::Not(inner) => Bound::Not(recurse(inner)?),
        Condition::Compare { name, op, value } => {
            let operand = operands
                .iter()
                .find(|(n, _)| n == name)
                .map_or(Operand::Absent, |(_, o)| *o);
            let op = *op;
            match (operand, value) {
                (Operand::Absent, _) => Bound::Unknown,
                (Operand::Rating(criterion), Literal::Number(n)) => Bound::Rating {
                    criterion,
                    op,
                    value: *n,
                },
                (Operand::Rating(criterion), Literal::Text(word)) => {
                    let c = &criteria[criterion];
                    let value = c.label_value(word).ok_or_else(|| {
                        format!(
                            "{name} is compared with {word:?}, which is not a number nor one of its labels"
                        )
                    })?;
                    Bound::Rating {
                        criterion,
                        op,
                        value,
                    }
                }
                (Operand::Column(column), Literal::Number(n)) => Bound::Number {
                    column,
                    op,
                    value: *n,
                },
                (Operand::Column(column), Literal::Text(word)) => {
                    if !op.is_equality() {
                        return Err(format!(
                            "{name} {op} {word:?}: text can only be compared with = or !="
                        ));
                    }
                    match parse_yes_no(word) {
                        Some(value) if !word.trim().chars().all(|c| c.is_ascii_digit()) => {
                            Bound::YesNo { column, op, value }
                        }
                        _ => Bound::Text {
                            column,
                            op,
                            value: word.trim().to_lowercase(),
                        },
                    }
                }
            }
        }
    })
}

/// Three-valued `and` (`None` = unknown): false wins, then unknown.
fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(false), _) | (_, Some(false)) => Some(false),
        (Some(true), Some(true)) => Some(true),
        _ => None,
    }
}

/// Three-valued `or` (`None` = unknown): true wins, then unknown.
fn or(a: Option<bool>, b: Option<bool>) -> Option<bool> {
    match (a, b) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

struct Context<'a> {
    cells: &'a RowCells<'a>,
}

/// A cell a rule cannot read, found by [`RuleSet::is_raised_in`]: small, so evaluating a
/// row that has none costs nothing to carry it; [`RuleProblem::error`] words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleProblem {
    /// The rule that reads the cell.
    rule: usize,
    column: usize,
    kind: Unreadable,
}

/// Why a rule cannot read a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unreadable {
    /// Compared with a number, and not one.
    Number(NumberError),
    /// Compared with yes or no, and not one.
    YesNo,
}

impl RuleProblem {
    /// The positioned error about `row`'s cell, naming the rule that reads it.
    pub fn error(self, rules: &RuleSet<'_>, row: &RowRef<'_>) -> Error {
        let cell = row.cells.cell(self.column);
        let (expected, hint) = match self.kind {
            Unreadable::Number(NumberError::TooManyDigits) => (
                "a number with at most 28 significant digits",
                "shorten the number",
            ),
            Unreadable::Number(NumberError::NotANumber) => (
                "a number",
                "write a plain number such as 35000 (\"$35,000\" also works), or leave the cell empty",
            ),
            Unreadable::Number(NumberError::AmbiguousComma) => {
                ("an unambiguous number", crate::costs::AMBIGUOUS_MONEY_HINT)
            }
            Unreadable::YesNo => (
                "yes or no",
                "write yes or no, or leave the cell empty if you do not know; if the column \
                 holds something else (a name, a description), rename its header so the rule \
                 does not read it",
            ),
        };
        let expected = format!(
            "{expected} (red flag {} reads this column)",
            rules.rules[self.rule].0.id
        );
        row.invalid(self.column, cell, expected, hint)
    }
}

impl Context<'_> {
    fn eval(&self, bound: &Bound) -> std::result::Result<Option<bool>, (usize, Unreadable)> {
        Ok(match bound {
            Bound::Unknown => None,
            Bound::Not(inner) => self.eval(inner)?.map(|b| !b),
            Bound::And(a, b) => and(self.eval(a)?, self.eval(b)?),
            Bound::Or(a, b) => or(self.eval(a)?, self.eval(b)?),
            Bound::Rating {
                criterion,
                op,
                value,
            } => self.cells.row.ratings[*criterion].map(|r| op.holds(r.cmp(value))),
            // A percentage (`15%`, or a workbook cell formatted as one) is its fraction,
            // 0.15, the number the spreadsheet stores.
            Bound::Number { column, op, value } => match self
                .cells
                .cell(*column)
                .and_then(|cell| crate::values::percent_number(cell, self.cells.row.decimal_comma))
                .and_then(Result::ok)
                .and_then(|percent| percent.checked_div(Decimal::ONE_HUNDRED))
            {
                Some(fraction) => Some(op.holds(fraction.cmp(value))),
                None => match self.cells.money(*column) {
                    None => None,
                    Some(Ok(number)) => Some(op.holds(number.cmp(value))),
                    Some(Err(e)) => return Err((*column, Unreadable::Number(e))),
                },
            },
            Bound::YesNo { column, op, value } => {
                let Some(cell) = self.cells.cell(*column) else {
                    return Ok(None);
                };
                let answer = parse_yes_no(cell).ok_or((*column, Unreadable::YesNo))?;
                Some(op.holds(if answer == *value {
                    Ordering::Equal
                } else {
                    Ordering::Less
                }))
            }
            Bound::Text { column, op, value } => {
                let Some(cell) = self.cells.cell(*column) else {
                    return Ok(None);
                };
                let equal = cell.trim().to_lowercase() == *value;
                Some(op.holds(if equal {
                    Ordering::Equal
                } else {
                    Ordering::Less
                }))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::WeightsSource;
    use crate::input::Sheet;

    fn setup(weights: &str, csv: &str) -> (Config, Dataset) {
        let config = Config::parse(weights, WeightsSource::BuiltIn).unwrap();
        let sheet = Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        let dataset = Dataset::bind(sheet, &config).unwrap();
        (config, dataset)
    }

    fn raised(config: &Config, dataset: &Dataset) -> Vec<Vec<String>> {
        let rules = RuleSet::bind(config, dataset).unwrap();
        dataset
            .programs()
            .map(|p| {
                rules
                    .evaluate(&p, dataset)
                    .unwrap()
                    .into_iter()
                    .map(|f| f.id)
                    .collect()
            })
            .collect()
    }

    const WEIGHTS: &str = r#"
[weights]
faculty = 1
funding = 1
[criteria.funding]
labels = { none = 1, full = 5 }
[[flags]]
id = "weak"
severity = "critical"
message = "m"
when = "faculty <= 2 or mentorship = no"
[[flags]]
id = "pricey"
severity = "warning"
message = "m"
when = "tuition_usd > 50000 and funding != full"
[[flags]]
id = "online"
severity = "warning"
message = "m"
when = "not delivery = online"
"#;

    #[test]
    fn rules_read_ratings_and_columns_with_three_valued_logic() {
        let (config, dataset) = setup(
            WEIGHTS,
            "program,faculty,funding,mentorship,tuition_usd,delivery\n\
             A,2,full,yes,\"$60,000\",Online\n\
             B,4,none,no,40000,hybrid\n\
             C,4,1,,60000,\n\
             D,,full,TBD,,ONLINE\n",
        );
        assert_eq!(
            raised(&config, &dataset),
            vec![
                vec!["weak"],
                vec!["weak", "online"],
                vec!["pricey"],
                Vec::<&str>::new(),
            ]
        );
    }

    #[test]
    fn absent_columns_are_reported_not_guessed() {
        let (config, dataset) = setup(WEIGHTS, "program,faculty,funding\nA,4,1\nB,1,1\n");
        let rules = RuleSet::bind(&config, &dataset).unwrap();
        assert_eq!(
            rules.unchecked,
            vec![
                UncheckedRule {
                    id: "weak".into(),
                    missing_columns: vec!["mentorship".into()],
                    partly_checked: true
                },
                UncheckedRule {
                    id: "pricey".into(),
                    missing_columns: vec!["tuition_usd".into()],
                    partly_checked: true
                },
                UncheckedRule {
                    id: "online".into(),
                    missing_columns: vec!["delivery".into()],
                    partly_checked: false
                },
            ]
        );
        assert_eq!(
            raised(&config, &dataset),
            vec![Vec::<String>::new(), vec!["weak".into()]]
        );
    }

    #[test]
    fn unreadable_cells_are_positioned_errors() {
        let (config, dataset) = setup(
            WEIGHTS,
            "program,faculty,funding,mentorship,tuition_usd\nA,4,1,maybe,1\n",
        );
        let rules = RuleSet::bind(&config, &dataset).unwrap();
        let err = rules.evaluate(&dataset.program(0), &dataset).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("t.csv row 2, column \"mentorship\": \"maybe\" is not yes or no (red flag weak reads this column)"),
            "{err}"
        );
        let (config, dataset) = setup(WEIGHTS, "program,faculty,funding,tuition_usd\nA,4,1,lots\n");
        let rules = RuleSet::bind(&config, &dataset).unwrap();
        let err = rules.evaluate(&dataset.program(0), &dataset).unwrap_err();
        assert!(
            err.to_string().contains("\"lots\" is not a number"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_label_in_a_rule_is_a_config_error() {
        let weights = "[weights]\nfunding = 1\n[[flags]]\nid = \"x\"\nseverity = \"warning\"\nmessage = \"m\"\nwhen = \"funding = lots\"\n";
        let config = Config::parse(weights, WeightsSource::BuiltIn).unwrap();
        let sheet = Sheet::from_csv("t.csv", b"program,funding\nA,1\n").unwrap();
        let dataset = Dataset::bind(sheet, &config).unwrap();
        let err = RuleSet::bind(&config, &dataset).unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::CONFIG);
        assert!(
            err.to_string()
                .contains("not a number nor one of its labels"),
            "{err}"
        );
    }

    #[test]
    fn incomplete_data_names_the_criteria() {
        let flag = incomplete_data(
            &["funding", "brand_name"],
            crate::scoring::MissingPolicy::Worst,
        );
        assert_eq!(flag.id, "incomplete-data");
        assert!(flag.message.contains("funding, brand_name"));
        assert!(flag.message.contains("worst"));
    }
}
