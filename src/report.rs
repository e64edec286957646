//! The neutral report model: everything a run found, in rank order, with no formatting.
//!
//! Every output format renders this one model, so the table, the CSV, the JSON and the
//! Markdown can never disagree about a score, a rank or a flag.

use crate::config::{Criterion, WeightsSource};
use crate::flags::{RaisedFlag, UncheckedRule};
use crate::scoring::MissingPolicy;
use rust_decimal::Decimal;

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
    /// The program's name.
    pub name: String,
    /// The line the row starts on in the input.
    pub line: u64,
    /// The exact score.
    pub score: Decimal,
    /// One entry per criterion, in config order.
    pub criteria: Vec<CriterionResult>,
    /// Flags raised, in rule order, `incomplete-data` last.
    pub flags: Vec<RaisedFlag>,
    /// Every cell of the input row, in header order.
    pub cells: Vec<String>,
}

impl ProgramResult {
    /// The ids of the flags that exclude this program (empty for a ranked one).
    pub fn exclusion_reasons(&self) -> impl Iterator<Item = &RaisedFlag> {
        self.flags.iter().filter(|f| f.exclude)
    }
}

/// The result of ranking one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The input's name as the user gave it.
    pub input: String,
    /// The input's header cells as written.
    pub headers: Vec<String>,
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
    /// Ranked programs not shown because of `--top`.
    pub omitted_by_top: usize,
    /// Of those, how many share the rank of the last program shown.
    pub ties_cut_by_top: usize,
}

impl Report {
    /// Keeps only the first `n` ranked programs, remembering how many were cut and how many
    /// of those share the rank of the last one kept.
    pub fn keep_top(&mut self, n: usize) {
        if self.ranked.len() <= n {
            return;
        }
        let last_rank = n.checked_sub(1).and_then(|i| self.ranked[i].rank);
        self.ties_cut_by_top += self.ranked[n..]
            .iter()
            .filter(|p| last_rank.is_some() && p.rank == last_rank)
            .count();
        self.omitted_by_top += self.ranked.len() - n;
        self.ranked.truncate(n);
    }

    /// A one-line description of the weights, such as
    /// `faculty_quality 90, … (built-in article chart)`.
    pub fn weights_summary(&self) -> String {
        let weights = crate::text::join(
            self.criteria
                .iter()
                .map(|c| format!("{} {}", c.id, c.weight.normalize())),
            ", ",
        );
        let mut source = self.weights_source.to_string();
        if !self.weight_overrides.is_empty() {
            source.push_str(&format!(
                "; changed with --weight {}",
                crate::text::join(&self.weight_overrides, " --weight ")
            ));
        }
        format!("{weights} ({source})")
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
        self.unchecked
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
}
