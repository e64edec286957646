//! The neutral report model: everything a run found, in rank order, with no formatting.
//!
//! Every output format renders this one model, so the table, the CSV, the JSON and the
//! Markdown can never disagree about a score, a rank or a flag.

use crate::config::{Criterion, WeightsSource};
use crate::costs::{CostFacts, LimitCheck, Limits};
use crate::flags::{RaisedFlag, UncheckedRule};
use crate::input::RowCells;
use crate::scoring::MissingPolicy;
use rust_decimal::Decimal;
use std::sync::Arc;

/// A list shared by many programs (the criteria results of one ratings tuple, the flags of
/// one set of raised rules): cloning it costs a reference count, not a copy.
#[derive(Debug, PartialEq, Eq)]
pub struct Shared<T>(Arc<[T]>);

impl<T> Shared<T> {
    /// Two lists are the same allocation (so the same list): for memo tables.
    pub fn ptr_eq(&self, other: &Shared<T>) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// The address of the shared list, as a key for memo tables.
    pub fn addr(&self) -> usize {
        Arc::as_ptr(&self.0).cast::<()>() as usize
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<T> From<Vec<T>> for Shared<T> {
    fn from(items: Vec<T>) -> Self {
        Shared(Arc::from(items))
    }
}

impl<T> FromIterator<T> for Shared<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Shared(items.into_iter().collect())
    }
}

impl<'a, T> IntoIterator for &'a Shared<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// One criterion's part in one program's score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionResult {
    /// The rating as read (a label turned into its number), `None` when missing.
    pub rating: Option<Decimal>,
    /// The normalised value, 0..1 (0 for a missing rating).
    pub normalized: Decimal,
    /// The criterion's weight.
    pub weight: Decimal,
    /// The weight as a fraction of the weights counted for this program.
    pub share: Decimal,
    /// Points contributed to the score.
    pub points: Decimal,
}

/// One program, scored and flagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramResult {
    /// Competition rank (1, 2, 2, 4); `None` for an excluded program.
    pub rank: Option<usize>,
    /// The exact score.
    pub score: Decimal,
    /// One entry per criterion, in config order (shared by every program with the same
    /// ratings: they are computed once per distinct ratings tuple).
    pub criteria: Shared<CriterionResult>,
    /// Flags raised, in rule order, `incomplete-data` last (shared by every program that
    /// raised the same set).
    pub flags: Shared<RaisedFlag>,
    /// Every cell of the input row, in header order, borrowed from the input's cell table.
    pub cells: RowCells,
    /// Net cost, study hours, delivery and type, where the input has them.
    pub costs: CostFacts,
    /// The hard limits this program breaks or could not be checked against; `None` (no
    /// allocation) when there is nothing to say, as for almost every program.
    pub limits: Option<Box<LimitCheck>>,
}

impl ProgramResult {
    /// The program's name: its name cell, trimmed, read from the shared cell table.
    pub fn name(&self) -> &str {
        self.cells.name()
    }

    /// The line the row starts on in the input (read from the shared cell table).
    pub fn line(&self) -> u64 {
        self.cells.line()
    }

    /// Hard limits this program breaks (then it is excluded), as sentences.
    pub fn limits_broken(&self) -> &[crate::costs::BrokenLimit] {
        self.limits.as_deref().map_or(&[], |l| l.broken.as_slice())
    }

    /// Hard limits that could not be checked for lack of data.
    pub fn limits_unknown(&self) -> &[String] {
        self.limits.as_deref().map_or(&[], |l| l.unknown.as_slice())
    }

    /// The flags that exclude this program (empty for a ranked one).
    pub fn exclusion_reasons(&self) -> impl Iterator<Item = &RaisedFlag> {
        self.flags.iter().filter(|f| f.exclude)
    }

    /// Why the program is excluded: excluding flags' ids, then the limits it breaks.
    pub fn exclusions(&self) -> Vec<String> {
        self.exclusion_reasons()
            .map(|f| f.id.clone())
            .chain(self.limits_broken().iter().map(ToString::to_string))
            .collect()
    }

    /// `ranked`, or `excluded: <reasons>` with the reasons separated by `; ` (only that one
    /// is built: a million ranked programs cost no allocation).
    pub fn status(&self) -> std::borrow::Cow<'static, str> {
        if self.rank.is_some() {
            "ranked".into()
        } else {
            format!("excluded: {}", self.exclusions().join("; ")).into()
        }
    }

    /// Points of score per $1,000 of net cost, when the cost is known and not zero.
    pub fn points_per_thousand(&self) -> Option<Decimal> {
        crate::costs::points_per_thousand(self.score, self.costs.net_cost)
    }
}

pub use crate::analysis::alternatives::AlternativeComparison;

/// The result of ranking one input: what the run found. How it is shown (`--top`, the cost
/// columns, the excluded rows, the table's width, the CSV dialect) is a
/// [`crate::view::View`] of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The input's name as the user gave it.
    pub input: String,
    /// The input's header cells as written.
    pub headers: Vec<String>,
    /// How each input column's cells were read (decimal mark, currency, money, ratings),
    /// for outputs that write the cells back typed (xlsx).
    pub cell_reading: crate::dataset::CellReading,
    /// The currency of the input's amounts (US dollars unless its cells or money headers
    /// say otherwise, or after conversion with rates): every renderer shows money in it.
    pub currency: crate::values::Currency,
    /// How the input was read, for standard error: headers read loosely, the currency,
    /// conversions and ranges.
    pub notes: Vec<String>,
    /// The criteria with the weights actually used.
    pub criteria: Vec<Criterion>,
    /// Where the weights came from.
    pub weights_source: WeightsSource,
    /// Weights changed on the command line, as `id=value`.
    pub weight_overrides: Vec<String>,
    /// How missing ratings were treated.
    pub missing_policy: MissingPolicy,
    /// Ranked programs, best first.
    pub ranked: Vec<ProgramResult>,
    /// Programs left out of the ranking by an excluding flag, in input order.
    pub excluded: Vec<ProgramResult>,
    /// Red-flag rules that could not be checked fully.
    pub unchecked: Vec<UncheckedRule>,
    /// The hard limits applied.
    pub limits: Limits,
    /// The best master's against the best alternative, when both are ranked.
    pub alternatives: Option<AlternativeComparison>,
}

impl Report {
    /// An amount in the input's currency, for people: `$62,000`, `£35,000`, `CHF 32,000`.
    pub fn money(&self, amount: Decimal) -> String {
        crate::values::money_text(amount, self.currency)
    }

    /// The `--costs` columns for this input's currency, as (CSV/JSON name, table heading):
    /// `net_cost_usd` for dollars, `net_cost_gbp` for pounds.
    pub fn cost_columns(&self) -> [(String, String); 3] {
        let code = self.currency.code.to_ascii_lowercase();
        let symbol = self.currency.symbol.trim();
        [
            (format!("net_cost_{code}"), "Net cost".to_owned()),
            ("total_hours".to_owned(), "Study hours".to_owned()),
            (
                format!("points_per_1000_{code}"),
                format!("Points per {symbol}1k"),
            ),
        ]
    }

    /// Writes [`Report::notes`] (how the input was read) to standard error, one `note:` line
    /// each.
    pub fn print_notes(&self) {
        let mut stderr = std::io::stderr().lock();
        for note in &self.notes {
            crate::output::note(&mut stderr, note);
        }
    }

    /// A sentence comparing the best master's with the best alternative, if both exist.
    pub fn alternatives_line(&self) -> Option<String> {
        Some(self.alternatives.as_ref()?.sentence(self))
    }

    /// The criteria's weights and each ranked program's normalised values (rows in rank
    /// order): the input of the weight-range and Monte Carlo analyses.
    pub fn weights_and_values(&self) -> (Vec<Decimal>, Vec<Vec<Decimal>>) {
        let weights = self.criteria.iter().map(|c| c.weight).collect();
        let values = self
            .ranked
            .iter()
            .map(|p| p.criteria.iter().map(|c| c.normalized).collect())
            .collect();
        (weights, values)
    }

    /// A one-line description of the weights for people to read, by label (CSV and JSON
    /// keep the ids), such as `Faculty quality 90, … (built-in article chart)`.
    pub fn weights_summary(&self) -> String {
        let weights = crate::text::join(
            self.criteria
                .iter()
                .map(|c| format!("{} {}", c.label, c.weight.normalize())),
            ", ",
        );
        format!("{weights} ({})", self.weights_source_summary())
    }

    /// Where the weights came from, with the `--weight` changes made to them.
    pub fn weights_source_summary(&self) -> String {
        let mut source = self.weights_source.to_string();
        if !self.weight_overrides.is_empty() {
            source.push_str(&format!(
                "; changed with --weight {}",
                crate::text::join(&self.weight_overrides, " --weight ")
            ));
        }
        source
    }

    /// A sentence on how missing ratings were treated.
    pub fn missing_summary(&self) -> &'static str {
        match self.missing_policy {
            MissingPolicy::Worst => {
                "missing ratings count as the worst rating on their scale (--missing worst)"
            }
            MissingPolicy::Renormalize => {
                "missing ratings are left out and the remaining weights rescaled (--missing renormalize)"
            }
            MissingPolicy::Error => "missing ratings are refused (--missing error)",
        }
    }

    /// Lines describing checks that could not run, such as
    /// `high-cost not checked: add a tuition_usd column`.
    pub fn unchecked_lines(&self) -> Vec<String> {
        unchecked_lines(&self.unchecked)
    }
}

/// Lines describing checks that could not run, such as
/// `high-cost not checked: add a tuition_usd column`.
pub fn unchecked_lines(unchecked: &[UncheckedRule]) -> Vec<String> {
    unchecked
        .iter()
        .map(|u| {
            let columns = crate::text::join(&u.missing_columns, ", ");
            if u.partly_checked {
                format!(
                    "{} checked only in part: add column {columns} to check it fully",
                    u.id
                )
            } else {
                format!("{} not checked: add column {columns} to enable it", u.id)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_program_result_stays_small() {
        // A million-row run holds a million of these and sorts them: the name lives in the
        // shared cell table and the (rare) limit notes behind one pointer, not in each row.
        let size = std::mem::size_of::<ProgramResult>();
        eprintln!("size_of::<ProgramResult>() = {size}");
        assert!(size <= 152, "ProgramResult grew to {size} bytes");
    }
}
