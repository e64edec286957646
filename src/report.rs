//! The neutral report model: everything a run found, in rank order, with no formatting.
//!
//! Every output format renders this one model, so the table, the CSV, the JSON and the
//! Markdown can never disagree about a score, a rank or a flag.

use crate::config::{Criterion, WeightsSource};
use crate::costs::{CostColumns, CostFacts, LimitCheck, LimitSummary, Limits};
use crate::dataset::{Dataset, Program};
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

/// What the flag stage keeps of one input row, in file order (eight bytes: a million-row
/// input keeps a million): its set of raised flags and, when there is anything to say, its
/// limits. The program's cells, ratings tuple and costs are read from the input when they
/// are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// The flags raised, as an index into the distinct sets.
    pub(crate) set: u32,
    /// The limits broken or not checked, as an index into the limit checks plus one; 0
    /// (for almost every program) when there is nothing to say.
    pub(crate) limits: u32,
}

/// How a program's costs are read from its cells: the cost columns found and the weeks of
/// study a year (the flag stage's own reading, kept for the outputs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct CostReading {
    pub(crate) columns: CostColumns,
    pub(crate) weeks_per_year: Decimal,
}

/// The programs' verdicts on the hard limits and the limits they were judged by: a
/// verdict is worded ([`Limits::word`]) only when a program's limits are shown, so a
/// limit that leaves out most of a million programs keeps a small value per distinct
/// verdict, not its sentences.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LimitReading {
    /// The distinct summaries of verdicts with something to say; an [`Outcome`]'s
    /// `limits` indexes this, plus one.
    pub(crate) verdicts: Vec<LimitSummary>,
    /// The limits set.
    pub(crate) rules: Limits,
}

impl CostReading {
    /// `program`'s costs, read from `input` by [`CostColumns::read`]. The flag stage read
    /// the same cells the same way without an error (or there would be no report), so the
    /// read succeeds; were it to fail, the costs are shown unknown rather than stopping
    /// the output halfway.
    fn read(&self, input: &Dataset, program: Program) -> CostFacts {
        self.columns
            .read(input, &program, self.weeks_per_year)
            .unwrap_or_default()
    }
}

/// One entry of a listed ranking: which row, at which rank (0: excluded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    row: u32,
    rank: u32,
}

/// Every program of one run, kept compact and read in place: the bound input (its cell
/// table, each program's row and ratings tuple), one [`Outcome`] per program, the few limit
/// checks there are, the scores and criteria of each distinct ratings tuple and the
/// distinct sets of raised flags (named once each), with the ranking as (row, rank) pairs.
/// A [`ProgramResult`] is a two-word handle into it, made when a program is read, so a
/// million-row report holds no million results; a program's costs are read from its cells
/// by the one cost reader the flag stage used, when they are shown.
#[derive(Debug, Clone)]
pub struct Programs {
    input: Arc<Dataset>,
    costs: CostReading,
    rows: Vec<Outcome>,
    limits: LimitReading,
    scores: crate::pipeline::Scores,
    sets: Vec<Shared<RaisedFlag>>,
    /// The ranked programs, best first.
    ranked: Vec<Entry>,
    /// The programs left out, in input order.
    excluded: Vec<Entry>,
}

impl Programs {
    /// The programs of one run: `rows` in file order; `ranked` as (row, rank) in rank order;
    /// `excluded` the rows left out, in file order.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        input: Arc<Dataset>,
        costs: CostReading,
        rows: Vec<Outcome>,
        limits: LimitReading,
        scores: crate::pipeline::Scores,
        sets: Vec<Shared<RaisedFlag>>,
        ranked: impl IntoIterator<Item = (usize, usize)>,
        excluded: impl IntoIterator<Item = usize>,
    ) -> Programs {
        let entry = |row: usize, rank: usize| Entry {
            row: u32::try_from(row).expect("at most u32::MAX programs"),
            rank: u32::try_from(rank).expect("at most u32::MAX programs"),
        };
        Programs {
            ranked: ranked
                .into_iter()
                .map(|(row, rank)| entry(row, rank))
                .collect(),
            excluded: excluded.into_iter().map(|row| entry(row, 0)).collect(),
            input,
            costs,
            rows,
            limits,
            scores,
            sets,
        }
    }

    /// Leaves every program out of the ranking (for tests of an empty ranking).
    #[cfg(test)]
    pub(crate) fn clear_ranked(&mut self) {
        self.ranked.clear();
    }

    /// The result of `entry`.
    #[inline]
    fn result(&self, entry: Entry) -> ProgramResult<'_> {
        ProgramResult {
            programs: self,
            entry,
        }
    }

    /// The scores the programs were ranked by.
    pub(crate) fn scores(&self) -> &crate::pipeline::Scores {
        &self.scores
    }

    /// The ranked programs, best first.
    pub fn ranked(&self) -> Listed<'_> {
        Listed {
            programs: self,
            entries: &self.ranked,
        }
    }

    /// Whether any program has a hard limit that could not be checked for lack of data:
    /// asked of the few distinct verdicts, so a run with none reads no program.
    pub fn any_limit_unknown(&self) -> bool {
        self.limits.verdicts.iter().any(LimitSummary::has_unknown)
    }

    /// The programs left out of the ranking, in input order.
    pub fn excluded(&self) -> Listed<'_> {
        Listed {
            programs: self,
            entries: &self.excluded,
        }
    }
}

impl PartialEq for Programs {
    /// The same programs with the same results in the same order (however they are stored).
    fn eq(&self, other: &Programs) -> bool {
        self.ranked() == other.ranked() && self.excluded() == other.excluded()
    }
}

/// A list of programs of a [`Report`] (its ranking, a part of it, or the excluded programs),
/// read as [`ProgramResult`]s.
#[derive(Clone, Copy)]
pub struct Listed<'a> {
    programs: &'a Programs,
    entries: &'a [Entry],
}

impl<'a> Listed<'a> {
    /// How many programs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `i`-th program.
    pub fn get(&self, i: usize) -> Option<ProgramResult<'a>> {
        Some(self.programs.result(*self.entries.get(i)?))
    }

    /// The first program.
    pub fn first(&self) -> Option<ProgramResult<'a>> {
        self.get(0)
    }

    /// The last program.
    pub fn last(&self) -> Option<ProgramResult<'a>> {
        self.get(self.len().wrapping_sub(1))
    }

    /// The programs `range` of this list.
    pub fn slice(&self, range: impl std::ops::RangeBounds<usize>) -> Listed<'a> {
        let bounds = (range.start_bound().cloned(), range.end_bound().cloned());
        Listed {
            programs: self.programs,
            entries: &self.entries[bounds],
        }
    }

    /// The programs in order.
    pub fn iter(&self) -> ListedIter<'a> {
        ListedIter {
            programs: self.programs,
            entries: self.entries.iter(),
        }
    }
}

impl<'a> IntoIterator for Listed<'a> {
    type Item = ProgramResult<'a>;
    type IntoIter = ListedIter<'a>;

    fn into_iter(self) -> ListedIter<'a> {
        self.iter()
    }
}

impl<'a> IntoIterator for &Listed<'a> {
    type Item = ProgramResult<'a>;
    type IntoIter = ListedIter<'a>;

    fn into_iter(self) -> ListedIter<'a> {
        self.iter()
    }
}

impl PartialEq for Listed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Listed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The programs of a [`Listed`], in order.
#[derive(Clone)]
pub struct ListedIter<'a> {
    programs: &'a Programs,
    entries: std::slice::Iter<'a, Entry>,
}

impl<'a> Iterator for ListedIter<'a> {
    type Item = ProgramResult<'a>;

    #[inline]
    fn next(&mut self) -> Option<ProgramResult<'a>> {
        Some(self.programs.result(*self.entries.next()?))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<ProgramResult<'a>> {
        Some(self.programs.result(*self.entries.nth(n)?))
    }
}

impl DoubleEndedIterator for ListedIter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        Some(self.programs.result(*self.entries.next_back()?))
    }
}

impl ExactSizeIterator for ListedIter<'_> {}

/// One program, scored and flagged: a handle read from the report's [`Programs`] (two
/// words; copying it copies no result).
#[derive(Clone, Copy)]
pub struct ProgramResult<'a> {
    programs: &'a Programs,
    entry: Entry,
}

impl<'a> ProgramResult<'a> {
    fn outcome(&self) -> Outcome {
        self.programs.rows[self.entry.row as usize]
    }

    /// Where the program is in the input: its cell row and ratings tuple.
    fn program(&self) -> Program {
        self.programs.input.program(self.entry.row as usize)
    }

    /// Reads, each on its own, the words a row of an export looks up first (its input
    /// position, its flag outcome, where its cells start): a loop of these over a run of
    /// programs lets their cache misses overlap before the run is read in earnest. The
    /// value means nothing.
    #[inline]
    pub fn warm(&self) -> u32 {
        let row = self.entry.row as usize;
        let tuple = self.programs.input.program(row).tuple();
        let outcome = self.programs.rows[row];
        let cells = self.programs.input.cells.warm(row);
        tuple as u32 ^ outcome.set ^ cells
    }

    /// The first byte of the program's cell text: as [`ProgramResult::warm`], once that
    /// has brought where the text lies into the cache.
    #[inline]
    pub fn warm_text(&self) -> u8 {
        self.programs.input.cells.warm_text(self.entry.row as usize)
    }

    /// The same program of the same report (not merely an equal result).
    pub fn is(&self, other: &ProgramResult<'_>) -> bool {
        std::ptr::eq(self.programs, other.programs) && self.entry == other.entry
    }

    /// Competition rank (1, 2, 2, 4); `None` for an excluded program.
    pub fn rank(&self) -> Option<usize> {
        (self.entry.rank != 0).then_some(self.entry.rank as usize)
    }

    /// The exact score.
    pub fn score(&self) -> Decimal {
        self.programs
            .scores
            .of(self.program().tuple(), self.entry.rank != 0)
    }

    /// One entry per criterion, in config order (shared by every program with the same
    /// ratings: worked out per distinct ratings tuple when asked for, and kept a while).
    pub fn criteria(&self) -> Shared<CriterionResult> {
        let t = self.program().tuple();
        let ratings = &self.programs.input.tuples[t];
        self.programs
            .scores
            .criteria(t, self.entry.rank != 0, ratings)
    }

    /// Flags raised, in rule order, `incomplete-data` last (shared by every program that
    /// raised the same set).
    pub fn flags(&self) -> &'a Shared<RaisedFlag> {
        &self.programs.sets[self.outcome().set as usize]
    }

    /// Every cell of the input row, in header order, read from the input's cell table.
    pub fn cells(&self) -> RowCells<'a> {
        RowCells::new(&self.programs.input.cells, self.program().row())
    }

    /// Net cost, study hours, delivery and type, where the input has them: read from the
    /// program's cells (each call reads them again; keep the value when it is needed twice).
    pub fn costs(&self) -> CostFacts {
        self.programs
            .costs
            .read(&self.programs.input, self.program())
    }

    /// What the program's verdict on the hard limits says; `None` when there is nothing to
    /// say.
    fn verdict(&self) -> Option<&'a LimitSummary> {
        let at = self.outcome().limits.checked_sub(1)?;
        self.programs.limits.verdicts.get(at as usize)
    }

    /// The hard limits this program breaks or could not be checked against, worded;
    /// `None` when there is nothing to say, as for almost every program. The verdict is
    /// judged again from the program's costs, read from its cells as the flag stage read
    /// them, by the one [`Limits::judge`].
    pub fn limits(&self) -> Option<LimitCheck> {
        self.verdict().map(|_| {
            let rules = &self.programs.limits.rules;
            rules.word(&rules.judge(&self.costs()), &self.programs.input.money)
        })
    }

    /// The program's name: its name cell, trimmed, read from the shared cell table.
    pub fn name(&self) -> &'a str {
        self.cells().name()
    }

    /// The line the row starts on in the input (read from the shared cell table).
    pub fn line(&self) -> u64 {
        self.cells().line()
    }

    /// Hard limits this program breaks (then it is excluded), as sentences.
    pub fn limits_broken(&self) -> Vec<crate::costs::BrokenLimit> {
        match self.verdict() {
            Some(verdict) if verdict.breaks_any() => self.limits().unwrap_or_default().broken,
            _ => Vec::new(),
        }
    }

    /// Hard limits that could not be checked for lack of data.
    pub fn limits_unknown(&self) -> Vec<String> {
        match self.verdict() {
            Some(verdict) if verdict.has_unknown() => self.limits().unwrap_or_default().unknown,
            _ => Vec::new(),
        }
    }

    /// The flags that exclude this program (empty for a ranked one).
    pub fn exclusion_reasons(&self) -> impl Iterator<Item = &'a RaisedFlag> + 'a {
        self.flags().iter().filter(|f| f.exclude)
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
        if self.rank().is_some() {
            "ranked".into()
        } else {
            format!("excluded: {}", self.exclusions().join("; ")).into()
        }
    }

    /// Points of score per $1,000 of net cost, when the cost is known and not zero.
    pub fn points_per_thousand(&self) -> Option<Decimal> {
        crate::costs::points_per_thousand(self.score(), self.costs().net_cost)
    }
}

impl PartialEq for ProgramResult<'_> {
    /// The same result: rank, score, criteria, flags, cells, costs and limits (wherever
    /// they are stored).
    fn eq(&self, other: &Self) -> bool {
        self.rank() == other.rank()
            && self.score() == other.score()
            && self.criteria()[..] == other.criteria()[..]
            && self.flags()[..] == other.flags()[..]
            && self.cells() == other.cells()
            && self.costs() == other.costs()
            && self.limits() == other.limits()
    }
}

impl Eq for ProgramResult<'_> {}

impl std::fmt::Debug for ProgramResult<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProgramResult")
            .field("rank", &self.rank())
            .field("score", &self.score())
            .field("criteria", &&self.criteria()[..])
            .field("flags", &&self.flags()[..])
            .field("cells", &self.cells())
            .field("costs", &self.costs())
            .field("limits", &self.limits())
            .finish()
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
    /// Every program, ranked (best first) and left out (in input order): read them with
    /// [`Report::ranked`] and [`Report::excluded`].
    pub(crate) programs: Programs,
    /// Red-flag rules that could not be checked fully.
    pub unchecked: Vec<UncheckedRule>,
    /// The hard limits applied.
    pub limits: Limits,
    /// Where in the ranking the best master's and the best alternative are, when the input
    /// has program types and both are ranked ([`Report::alternatives`]).
    pub(crate) alternatives_at: Option<(usize, usize)>,
}

impl Report {
    /// Ranked programs, best first.
    pub fn ranked(&self) -> Listed<'_> {
        self.programs.ranked()
    }

    /// Programs left out of the ranking (an excluding flag, a limit broken), in input order.
    pub fn excluded(&self) -> Listed<'_> {
        self.programs.excluded()
    }

    /// The best master's against the best alternative, when both are ranked.
    pub fn alternatives(&self) -> Option<AlternativeComparison<'_>> {
        let (masters, alternative) = self.alternatives_at?;
        Some(AlternativeComparison {
            masters: self.ranked().get(masters)?,
            alternative: self.ranked().get(alternative)?,
        })
    }

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
        Some(self.alternatives()?.sentence(self))
    }

    /// The criteria's weights and each ranked program's normalised values (rows in rank
    /// order): the input of the weight-range and Monte Carlo analyses.
    pub fn weights_and_values(&self) -> (Vec<Decimal>, Vec<Vec<Decimal>>) {
        let weights = self.criteria.iter().map(|c| c.weight).collect();
        let values = self
            .ranked()
            .iter()
            .map(|p| p.criteria().iter().map(|c| c.normalized).collect())
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
    fn what_a_report_keeps_per_program_stays_small() {
        // A million-row report keeps a million outcomes and entries (and its input's
        // `Program`s); a result is a handle made when a program is read.
        assert_eq!(std::mem::size_of::<Outcome>(), 8);
        assert_eq!(std::mem::size_of::<Entry>(), 8);
        assert_eq!(std::mem::size_of::<crate::ranking::Placing>(), 8);
        assert_eq!(std::mem::size_of::<ProgramResult<'_>>(), 16);
    }

    fn report(csv: &str, options: &crate::pipeline::ScoringOptions) -> Report {
        let sheet = crate::input::Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        crate::pipeline::run(sheet, &crate::config::Config::default(), options).unwrap()
    }

    #[test]
    fn a_result_reads_its_own_row_score_flags_costs_and_limits() {
        let options = crate::pipeline::ScoringOptions {
            limits: Limits {
                max_cost: Some(Decimal::from(30_000)),
                ..Default::default()
            },
            ..Default::default()
        };
        let r = report(
            "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd\n\
             Dear,5,5,5,5,5,45000\nCheap,2,2,2,2,2,1000\nBest value,4,4,4,4,4,\nMid,4,4,4,4,4,20000\n",
            &options,
        );
        let ranked: Vec<_> = r.ranked().iter().map(|p| (p.name(), p.rank())).collect();
        // Best value and Mid share the tuple (4,…) and so the score: a tie, listed by name.
        assert_eq!(
            ranked,
            [
                ("Best value", Some(1)),
                ("Mid", Some(1)),
                ("Cheap", Some(3))
            ]
        );
        let best = r.ranked().get(0).unwrap();
        let mid = r.ranked().get(1).unwrap();
        assert!(
            best.criteria().ptr_eq(&mid.criteria()),
            "one tuple, one list"
        );
        assert_eq!(best.score(), mid.score());
        assert_eq!(mid.costs().net_cost, Some(Decimal::from(20_000)));
        assert_eq!(best.costs().net_cost, None);
        assert_eq!(best.limits_unknown().len(), 1, "{:?}", best.limits());
        assert!(mid.limits().is_none());
        assert_eq!((best.line(), mid.line()), (4, 5));
        assert!(best.is(&r.ranked().get(0).unwrap()) && !best.is(&mid));
        assert_ne!(best, mid, "equal scores, different rows");
        let dear = r.excluded().get(0).unwrap();
        assert_eq!((dear.name(), dear.rank()), ("Dear", None));
        assert_eq!(dear.costs().net_cost, Some(Decimal::from(45_000)));
        assert_eq!(dear.limits_broken().len(), 1);
        assert!(dear.status().starts_with("excluded: "), "{}", dear.status());
        assert_eq!(r.excluded().len(), 1);
        assert_eq!(r.ranked().slice(1..).len(), 2);
        assert_eq!(r.ranked().last().unwrap().name(), "Cheap");
        let back: Vec<_> = r.ranked().iter().rev().map(|p| p.name()).collect();
        assert_eq!(back, ["Cheap", "Mid", "Best value"]);
    }
}
