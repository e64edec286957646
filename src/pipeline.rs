//! The ranking pipeline, as stages that can be called one at a time:
//!
//! ```text
//! Sheet ─bind→ Bound ─flag→ Flagged ─score(method, weights)→ Scores ─rank→ Report
//! ```
//!
//! - [`bind`] matches the sheet to the config once: the [`Dataset`] (ratings read once per
//!   distinct cell text, kept as distinct tuples), each criterion's [`Scale`], the flag rules
//!   and the cost columns.
//! - [`Bound::flag`] raises the red flags and checks costs and limits: rating-only rules once
//!   per distinct ratings tuple, the rest per row, on all cores over chunks of rows, each
//!   row's flags a bitset named once per distinct set.
//! - [`Bound::score`] scores every distinct ratings tuple once with a [`ScoringMethod`]
//!   (weighted sum, weighted product or TOPSIS) under given weights. Ranking reads only the
//!   score; each criterion's points, which add up to it, are worked out per tuple when an
//!   output first shows a program with it ([`Scores`]).
//! - [`rank`] leaves the excluded programs out and orders the rest (competition ranks, ties
//!   by name).
//!
//! [`run`] composes them, and is what a subcommand calls for one ranking. A caller that wants
//! several scorings of one input (other methods, other weights) binds and flags once and
//! scores and ranks as often as it likes. Flags come before the score because no flag or limit
//! reads the score, while TOPSIS scores against the programs that are ranked, so which ones
//! are excluded must be known first.
//!
//! Each stage's rules live in their own module; this one wires them together and attaches file
//! and line to the pure stages' errors.
//!
//! [`ScoringMethod`]: crate::scoring::methods::ScoringMethod

use crate::config::Config;
use crate::costs::{CostColumns, LimitSummary, Limits, MoneyMemo, RowCells};
use crate::dataset::Dataset;
use crate::error::{DataError, Error, Result};
use crate::flags::RaisedFlag;
use crate::flags::{RuleSet, incomplete_data};
use crate::flat::SlotCache;
use crate::hash::FastHash;
use crate::input::Sheet;
use crate::report::{AlternativeComparison, CriterionResult, Report, Shared};
use crate::scoring::methods::Method;
use crate::scoring::methods::{Criteria, MethodError, Scored};
use crate::scoring::normalize::NormalizeError;
use crate::scoring::scale::{Scale, ScaleError};
use crate::scoring::{MissingPolicy, ScoreError, ScoreFailure};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// Choices that change how programs are scored, validated by the subcommand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoringOptions {
    /// What to do with missing ratings.
    pub missing: MissingPolicy,
    /// Weights changed on the command line, already applied to the config, for the report.
    pub weight_overrides: Vec<String>,
    /// Hard limits: programs that break one are excluded before ranking.
    pub limits: Limits,
    /// How ratings become a score (`rank --method`); the weighted sum by default.
    pub method: Method,
}

/// Scores, flags and ranks every program of `sheet` under `config`: [`bind`], then
/// [`Bound::flag`], [`Bound::score`] with `options.method` and the config's weights, and
/// [`rank`].
pub fn run(sheet: Sheet, config: &Config, options: &ScoringOptions) -> Result<Report> {
    let bound = bind(sheet, config, options)?;
    let flagged = bound.flag()?;
    let scores = bound.score(&flagged, options.method, &bound.weights())?;
    Ok(rank(&bound, flagged, scores))
}

/// An input bound to a config: the first stage, done once however often it is scored.
#[derive(Debug)]
pub struct Bound<'c> {
    /// The config fitted to the sheet (a copy only when a criterion was left out).
    config: std::borrow::Cow<'c, Config>,
    options: ScoringOptions,
    /// Shared with the report, which reads its programs' cells and costs from it.
    dataset: Arc<Dataset>,
    scales: Vec<Scale>,
    rules: RuleSet<'c>,
    cost_columns: CostColumns,
}

/// Matches `sheet` to `config`: reads every rating, fits each criterion's scale, binds the
/// flag rules and finds the cost columns the limits of `options` need.
///
/// A criterion weighted zero whose column the sheet lacks is left out first
/// ([`Config::fitted_to`]), with a note: every subcommand binds here, so all agree.
pub fn bind<'c>(sheet: Sheet, config: &'c Config, options: &ScoringOptions) -> Result<Bound<'c>> {
    let flags = &config.flags;
    let (config, left_out) = config.fitted_to(&sheet.headers);
    let mut dataset = Dataset::bind(sheet, &config)?;
    if !left_out.is_empty() {
        dataset
            .notes
            .insert(0, left_out_note(&dataset.name, &left_out));
    }
    if options.missing == MissingPolicy::Error {
        refuse_missing(&dataset, &config)?;
    }
    let scales = scales(&dataset, &config)?;
    let rules = RuleSet::bind_flags(flags, &config, &dataset.headers)?;
    let cost_columns = CostColumns::find(&dataset, &config);
    cost_columns.require(
        &options.limits,
        false,
        &dataset.name,
        &dataset.headers,
        &config,
    )?;
    options
        .limits
        .require_currency(&dataset.money, &dataset.name)?;
    Ok(Bound {
        config,
        options: options.clone(),
        dataset: Arc::new(dataset),
        scales,
        rules,
        cost_columns,
    })
}

/// The note for criteria left out of a run: weighted zero, with no column in `file`.
fn left_out_note(file: &str, ids: &[String]) -> String {
    let has = crate::text::plural(ids.len(), "has", "have");
    let them = crate::text::plural(ids.len(), "it is", "they are");
    // A long list is cut: the first ten name what happened.
    let list = crate::text::and_list(ids, 10, "more criteria");
    format!("{file}: {list} {has} weight 0 and no column, so {them} left out of this run")
}

/// Every program flagged and checked against the limits, in file order, not yet scored.
#[derive(Debug, Clone)]
pub struct Flagged {
    /// Per program, in file order: its flag set and limits (the report keeps them as they
    /// are, and reads the program's costs again from its cells when they are shown).
    rows: Vec<RowOutcome>,
    /// The distinct flag sets raised, named once each; a row's `set` indexes this.
    sets: Vec<FlagSet>,
    /// The distinct summaries of the verdicts on the limits with something to say (a limit
    /// broken or not checked), in the order first met in the file; a row's `limits`
    /// indexes this, plus one (the verdict itself is judged again when it is worded).
    limits: Vec<LimitSummary>,
}

/// One distinct set of raised flags, named.
#[derive(Debug, Clone)]
struct FlagSet {
    flags: Shared<RaisedFlag>,
    /// One of the flags excludes the program.
    excludes: bool,
}

impl Flagged {
    /// How many programs are flagged (every program of the input).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when there is no program.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many programs are left out of the ranking (excluding flags, broken limits).
    pub fn excluded(&self) -> usize {
        self.rows.iter().filter(|row| self.is_excluded(row)).count()
    }

    /// Left out of the ranking: an excluding flag, or a limit broken.
    fn is_excluded(&self, row: &RowOutcome) -> bool {
        self.sets[row.set as usize].excludes
            || row
                .limits
                .checked_sub(1)
                .is_some_and(|at| self.limits[at as usize].breaks_any())
    }
}

/// The most tuples' criteria results a [`Scores`] keeps at once (a few MB at most); fewer
/// tuples have a slot each.
const CRITERIA_KEPT: usize = 1 << 14;

/// Every distinct ratings tuple scored by one method under one set of weights.
///
/// Ranking reads only the scores, so a tuple's criteria results (its normalised ratings,
/// weight shares and points) are worked out when an output shows a program with it, and
/// kept for the next ones in a bounded cache ([`SlotCache`]): a file of a million distinct
/// tuples written to CSV never builds one, and written to JSON keeps a few thousand.
#[derive(Debug, Clone)]
pub struct Scores {
    method: Method,
    weights: Vec<Decimal>,
    /// What the criteria results are worked out from (with the tuples' ratings).
    scales: Vec<Scale>,
    missing: MissingPolicy,
    /// Per tuple: the weighted sum's score (what an excluded program shows).
    sums: Vec<Decimal>,
    /// Per tuple: the method's score and contributions, for the tuples of ranked programs
    /// (empty for the weighted sum).
    method_scores: Vec<Option<Scored>>,
    /// The weighted sum's criteria results of the tuples shown last (a slot per tuple, up
    /// to [`CRITERIA_KEPT`]).
    sum_criteria: SlotCache<Shared<CriterionResult>>,
    /// The method's, likewise (the weighted sum's with the method's points; one unused slot
    /// for the weighted sum).
    method_criteria: SlotCache<Shared<CriterionResult>>,
}

impl Scores {
    /// The method that scored.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The weights scored under.
    pub fn weights(&self) -> &[Decimal] {
        &self.weights
    }

    /// The method's score for a ranked program with tuple `t`, the weighted sum's for an
    /// excluded one.
    pub(crate) fn of(&self, t: usize, ranked: bool) -> Decimal {
        match self.method_scores.get(t) {
            Some(Some(scored)) if ranked => scored.score,
            _ => self.sums[t],
        }
    }

    /// Per tuple, the score a ranked program with it has ([`Scores::of`]): the weighted
    /// sums themselves, or the method's where it scored.
    fn ranked_scores(&self) -> std::borrow::Cow<'_, [Decimal]> {
        if self.method_scores.is_empty() {
            return std::borrow::Cow::Borrowed(&self.sums);
        }
        (0..self.sums.len()).map(|t| self.of(t, true)).collect()
    }

    /// The criteria results of a program with tuple `t` and these `ratings` (the tuple's),
    /// ranked or not, as [`Scores::of`] scores it: worked out when asked for, shared while
    /// they stay in the cache (the same values if worked out again).
    pub(crate) fn criteria(
        &self,
        t: usize,
        ranked: bool,
        ratings: &[Option<Decimal>],
    ) -> Shared<CriterionResult> {
        let sums = self.sum_criteria.get_or_insert_with(t, || {
            let criteria = Criteria {
                weights: &self.weights,
                scales: &self.scales,
                missing: self.missing,
            };
            let (breakdown, scored) = crate::scoring::methods::wsm(criteria, ratings)
                .expect("a tuple the weighted sum scored has a breakdown (see weighted_score)");
            ratings
                .iter()
                .enumerate()
                .map(|(i, rating)| CriterionResult {
                    rating: *rating,
                    normalized: breakdown.normalized[i],
                    weight: self.weights[i],
                    share: breakdown.shares[i],
                    points: scored.contributions[i],
                })
                .collect()
        });
        match self.method_scores.get(t) {
            Some(Some(scored)) if ranked => self.method_criteria.get_or_insert_with(t, || {
                sums.iter()
                    .zip(&scored.contributions)
                    .map(|(c, points)| CriterionResult {
                        points: *points,
                        ..c.clone()
                    })
                    .collect()
            }),
            _ => sums,
        }
    }
}

/// A row-stage error and the program (index in file order) it is about; `None` when it is
/// about no row in particular.
struct RowFailure {
    row: Option<usize>,
    error: Error,
}

impl<'c> Bound<'c> {
    /// The config's weights, in criteria order.
    pub fn weights(&self) -> Vec<Decimal> {
        self.config.criteria.iter().map(|c| c.weight).collect()
    }

    /// The bound input.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// Each criterion's scale, fitted to the data.
    pub fn scales(&self) -> &[Scale] {
        &self.scales
    }

    /// Raises every program's red flags and checks its costs against the limits.
    ///
    /// The error is the first in the file: a program that the weighted sum cannot score
    /// under the config's weights (which [`Bound::score`] would refuse) comes before a bad
    /// cell in a later row, as if every row were scored, flagged and checked in turn.
    pub fn flag(&self) -> Result<Flagged> {
        self.flag_rows().map_err(|RowFailure { row, error }| {
            let unscorable = row.and_then(|row| {
                self.weighted_sums(&self.weights())
                    .err()
                    .filter(|(first, _)| *first <= row)
            });
            unscorable.map_or(error, |(_, e)| e)
        })
    }

    /// Scores every distinct ratings tuple with `method` under `weights` (one per criterion,
    /// in config order). The weighted sum is always computed: it must succeed for every
    /// program, and an excluded program shows it. Another method scores the ranked programs,
    /// which are also TOPSIS's reference set.
    pub fn score(&self, flagged: &Flagged, method: Method, weights: &[Decimal]) -> Result<Scores> {
        let sums = self.weighted_sums(weights).map_err(|(_, e)| e)?;
        let mut scores = Scores {
            method,
            weights: weights.to_vec(),
            scales: self.scales.clone(),
            missing: self.options.missing,
            sum_criteria: SlotCache::new(sums.len().min(CRITERIA_KEPT)),
            sums,
            method_scores: Vec::new(),
            method_criteria: SlotCache::new(1),
        };
        if method == Method::Wsm {
            return Ok(scores);
        }
        let dataset = &self.dataset;
        let mut counts = vec![0u64; dataset.tuples.len()];
        for (row, program) in flagged.rows.iter().zip(dataset.programs()) {
            if !flagged.is_excluded(row) {
                counts[program.tuple()] += 1;
            }
        }
        let criteria = self.criteria(weights);
        let fail = |e: MethodError, program: Option<(&str, usize)>| -> Error {
            let message = match (e, program) {
                (MethodError::NotPositive(_, j), Some((name, t))) => format!(
                    "--method {method}: {name} has rating {} on {}, but the weighted product needs ratings above zero; \
                     use --method wsm or topsis, or a scale that starts above zero",
                    criteria.worst_for_missing(&dataset.tuples[t])[j].normalize(),
                    self.config.criteria[j].id
                ),
                (MethodError::NoWeight, _) => format!("--method {method}: every weight is zero"),
                (MethodError::AllIdentical, _) => format!(
                    "--method {method}: every program has the same ratings, so TOPSIS cannot tell them apart; use --method wsm"
                ),
                _ => format!("--method {method}: a value is too large to compute exactly"),
            };
            DataError::Unrankable {
                file: dataset.name.clone(),
                message,
            }
            .into()
        };
        let outcomes = method
            .scorer()
            .score(criteria, &dataset.tuples, &counts)
            .map_err(|e| fail(e, None))?;
        scores.method_scores = vec![None; outcomes.len()];
        for (row, program) in flagged.rows.iter().zip(dataset.programs()) {
            let t = program.tuple();
            if flagged.is_excluded(row) || scores.method_scores[t].is_some() {
                continue;
            }
            let scored = outcomes[t]
                .clone()
                .map_err(|e| fail(e, Some((dataset.name(&program), t))))?;
            scores.method_scores[t] = Some(scored);
        }
        scores.method_criteria = SlotCache::new(outcomes.len().min(CRITERIA_KEPT));
        Ok(scores)
    }

    /// What every method reads about the criteria, under `weights`.
    fn criteria<'a>(&'a self, weights: &'a [Decimal]) -> Criteria<'a> {
        assert_eq!(weights.len(), self.scales.len(), "one weight per criterion");
        Criteria {
            weights,
            scales: &self.scales,
            missing: self.options.missing,
        }
    }

    /// The weighted sum's score of every distinct tuple, or the first program in the file
    /// (its index and the error) that cannot be scored. The tuples are scored in runs, one
    /// per core when they are many (a file of two-decimal ratings has a tuple a row).
    fn weighted_sums(
        &self,
        weights: &[Decimal],
    ) -> std::result::Result<Vec<Decimal>, (usize, Error)> {
        let criteria = self.criteria(weights);
        let dataset = &self.dataset;
        // Per run: its scores, up to its failure of the earliest program, if any.
        let runs = crate::workers::in_parts(dataset.tuples.len(), |range| {
            let mut sums = Vec::with_capacity(range.len());
            let mut first_failure: Option<(usize, ScoreFailure)> = None;
            let mut memo = crate::scoring::methods::WeightedSumMemo::default();
            for t in range {
                match crate::scoring::methods::wsm_score(criteria, &dataset.tuples[t], &mut memo) {
                    Ok(score) => sums.push(score),
                    Err(failure) => {
                        let first = dataset.first_of_tuple(t);
                        if first_failure.is_none_or(|(row, _)| first < row) {
                            first_failure = Some((first, failure));
                        }
                    }
                }
            }
            (sums, first_failure)
        });
        let first_failure = runs
            .iter()
            .filter_map(|(_, failure)| *failure)
            .min_by_key(|(row, _)| *row);
        match first_failure {
            None => {
                let mut runs = runs.into_iter().map(|(sums, _)| sums);
                let mut sums = runs.next().unwrap_or_default();
                sums.reserve_exact(dataset.tuples.len() - sums.len());
                runs.for_each(|run| sums.extend(run));
                Ok(sums)
            }
            Some((row, failure)) => {
                let line = dataset.line(&dataset.program(row));
                Err((
                    row,
                    match failure {
                        ScoreFailure::Normalize(i, e) => normalize_error(e, dataset, line, i),
                        ScoreFailure::Score(e) => score_error(e, dataset, line),
                    },
                ))
            }
        }
    }

    /// The flag stage, with the failing row for [`Bound::flag`]'s choice of the first error.
    fn flag_rows(&self) -> std::result::Result<Flagged, RowFailure> {
        let tuples = self
            .tuple_flags()
            .map_err(|error| RowFailure { row: None, error })?;
        let stage = RowStage {
            bound: self,
            tuples: &tuples,
            no_flags: Shared::from(Vec::new()),
        };
        let rows = self.dataset.len();
        let threads = crate::workers::threads_for(rows);
        // The chunks, put together in file order as they come: the first error of the first
        // chunk that has one is the first error in the file. Each distinct flag set is named
        // once, here, and a chunk's sets are renumbered into the distinct sets of the file.
        let mut flagged = Flagged {
            rows: Vec::with_capacity(rows),
            sets: Vec::new(),
            limits: Vec::new(),
        };
        let mut ids: HashMap<SetKey, u32, FastHash> = HashMap::default();
        // Each distinct summary of a verdict on the limits is kept once, here, as each flag
        // set is named (the verdict is judged again and worded only when a program's limits
        // are shown).
        let mut verdicts: HashMap<LimitSummary, u32, FastHash> = HashMap::default();
        let mut add = |chunk: Chunk| {
            let checked: Vec<u32> = chunk
                .limits
                .into_iter()
                .map(|verdict| {
                    *verdicts.entry(verdict).or_insert_with_key(|verdict| {
                        flagged.limits.push(*verdict);
                        u32::try_from(flagged.limits.len()).expect("fewer verdicts than rows")
                    })
                })
                .collect();
            let global: Vec<u32> = chunk
                .sets
                .into_iter()
                .map(|key| {
                    *ids.entry(key).or_insert_with_key(|key| {
                        let flags = stage.name_flags(key);
                        flagged.sets.push(FlagSet {
                            excludes: flags.iter().any(|f| f.exclude),
                            flags,
                        });
                        u32::try_from(flagged.sets.len() - 1).expect("fewer flag sets than rows")
                    })
                })
                .collect();
            flagged
                .rows
                .extend(chunk.rows.into_iter().map(|outcome| RowOutcome {
                    set: global[outcome.set as usize],
                    limits: match outcome.limits {
                        0 => 0,
                        at => checked[at as usize - 1],
                    },
                }));
        };
        if threads == 1 {
            add(stage.rows(0..rows)?);
        } else {
            // The chunks made on every core, this thread among them, and put together here
            // in file order ([`crate::workers::in_order`]); the first failing chunk stops it.
            let chunks = rows.div_ceil(ROW_CHUNK);
            crate::workers::in_order(
                chunks,
                threads,
                2 * threads,
                || (),
                |(), k| stage.rows(k * ROW_CHUNK..((k + 1) * ROW_CHUNK).min(rows)),
                |chunk| chunk.map(&mut add),
            )?;
        }
        Ok(flagged)
    }

    /// The rating-only rules raised on, and the missing criteria of, every distinct tuple.
    fn tuple_flags(&self) -> Result<TupleFlags> {
        let (dataset, rules) = (&self.dataset, &self.rules);
        let mut missing_sets: HashMap<Vec<String>, u64, FastHash> = HashMap::default();
        let mut flags = TupleFlags {
            base: Vec::with_capacity(dataset.tuples.len()),
            missing_ids: Vec::new(),
        };
        for (t, ratings) in dataset.tuples.iter().enumerate() {
            let missing: Vec<String> =
                crate::dataset::missing_criteria(ratings, &self.config.criteria)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
            let mut key = SetKey::none(rules.len());
            if !missing.is_empty() {
                key.missing = *missing_sets.entry(missing.clone()).or_insert_with(|| {
                    flags.missing_ids.push(missing);
                    flags.missing_ids.len() as u64
                });
            }
            let first = dataset.row(&dataset.program(dataset.first_of_tuple(t)));
            for i in 0..rules.len() {
                if !rules.reads_cells(i) && rules.is_raised(i, &first)? {
                    key.raise(i);
                }
            }
            flags.base.push(key);
        }
        Ok(flags)
    }
}

/// Leaves out the excluded programs and ranks the rest by `scores`: competition ranks, ties
/// listed by name. `flagged` and `scores` come from `bound` (its [`Bound::flag`] and
/// [`Bound::score`]); the report's criteria carry the weights `scores` used.
///
/// The report keeps the flag stage's compact outcomes, the tuples' scores and the flag sets
/// as they are, with the ranking as (row, rank) pairs: no program is copied into a result,
/// and none is moved into rank order.
pub fn rank(bound: &Bound<'_>, flagged: Flagged, scores: Scores) -> Report {
    let dataset = &bound.dataset;
    // The excluded programs, in file order; the others are ranked.
    let rows = u32::try_from(flagged.rows.len()).expect("at most u32::MAX programs");
    let excluded: Vec<u32> = (0..rows)
        .filter(|&i| flagged.is_excluded(&flagged.rows[i as usize]))
        .collect();
    // Programs with the same ratings tuple share a score: the scores are compared per tuple.
    let tuple_scores = scores.ranked_scores();
    let placings = crate::ranking::rank_grouped(
        flagged.rows.len(),
        |i| {
            let i = i as usize;
            (!flagged.is_excluded(&flagged.rows[i])).then(|| dataset.program(i).tuple())
        },
        &tuple_scores,
        |i| dataset.name(&dataset.program(i as usize)),
    );
    drop(tuple_scores);
    let Flagged { rows, sets, limits } = flagged;
    let programs = crate::report::Programs::new(
        bound.dataset.clone(),
        crate::report::CostReading {
            columns: bound.cost_columns,
            weeks_per_year: bound.config.weeks_per_year,
        },
        rows,
        crate::report::LimitReading {
            verdicts: limits,
            rules: bound.options.limits.clone(),
        },
        scores,
        sets.into_iter().map(|set| set.flags).collect(),
        // Into the placings' own memory (an entry is as large as a placing).
        placings.into_iter().map(|p| (p.index(), p.rank())),
        excluded.into_iter().map(|i| i as usize),
    );
    let alternatives_at = bound
        .cost_columns
        .has_program_type()
        .then(|| AlternativeComparison::find(programs.ranked()))
        .flatten();
    let mut criteria = bound.config.criteria.clone();
    for (criterion, weight) in criteria.iter_mut().zip(programs.scores().weights()) {
        criterion.weight = *weight;
    }
    Report {
        input: dataset.name.clone(),
        headers: dataset.headers.clone(),
        cell_reading: dataset.cell_reading(&bound.config),
        currency: dataset.money.currency,
        notes: dataset.notes.clone(),
        criteria,
        weights_source: bound.config.source.clone(),
        weight_overrides: bound.options.weight_overrides.clone(),
        missing_policy: bound.options.missing,
        programs,
        unchecked: bound.rules.unchecked.clone(),
        limits: bound.options.limits.clone(),
        alternatives_at,
    }
}

/// Rows per chunk of the row stage: small enough that few chunks' outcomes wait in memory
/// at once, large enough that handing them over costs nothing.
const ROW_CHUNK: usize = 8_192;

/// The rating-only flags and missing criteria of every distinct tuple.
struct TupleFlags {
    /// Per tuple: the flag set its ratings raise (the rules that read only ratings, and its
    /// missing criteria); a row's set is this one and the rules its cells raise.
    base: Vec<SetKey>,
    /// The distinct sets of missing criteria's ids.
    missing_ids: Vec<Vec<String>>,
}

/// A set of raised flags as bits: the rules raised (by index in the rule set) and the
/// missing criteria. Two words for up to 64 rules, so telling whether a row's set was seen
/// before is a hash of two words; more rules take a third part, allocated.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct SetKey {
    /// Rules 0 to 63.
    first: u64,
    /// Rules 64 on, 64 a word; `None` when there are no more than 64 rules.
    more: Option<Box<[u64]>>,
    /// The missing criteria, as an index into [`TupleFlags::missing_ids`], plus one (0: none).
    missing: u64,
}

impl SetKey {
    /// The empty set, for `rules` rules.
    fn none(rules: usize) -> SetKey {
        SetKey {
            first: 0,
            more: (rules > 64).then(|| vec![0; rules.div_ceil(64) - 1].into_boxed_slice()),
            missing: 0,
        }
    }

    /// Raises rule `i`.
    fn raise(&mut self, i: usize) {
        match i.checked_sub(64) {
            None => self.first |= 1 << i,
            Some(past) => {
                let more = self.more.as_mut().expect("a word for every rule");
                more[past / 64] |= 1 << (past % 64);
            }
        }
    }

    /// True when rule `i` is raised.
    fn is_raised(&self, i: usize) -> bool {
        match i.checked_sub(64) {
            None => self.first & (1 << i) != 0,
            Some(past) => self
                .more
                .as_ref()
                .is_some_and(|more| more[past / 64] & (1 << (past % 64)) != 0),
        }
    }
}

/// What the per-row stage reads: everything decided before it.
struct RowStage<'a> {
    bound: &'a Bound<'a>,
    tuples: &'a TupleFlags,
    no_flags: Shared<RaisedFlag>,
}

/// What the row stage finds for one row (kept by the report as it is).
type RowOutcome = crate::report::Outcome;

/// The outcomes of a run of rows, in file order, and the distinct flag sets they raised.
struct Chunk {
    rows: Vec<RowOutcome>,
    sets: Vec<SetKey>,
    /// The chunk's distinct summaries of verdicts on the limits with something to say; a
    /// row's `limits` indexes this, plus one.
    limits: Vec<LimitSummary>,
}

impl RowStage<'_> {
    /// Costs, limits and flags of rows `range`; stops at the first error.
    ///
    /// Each row's cells are read once: a money cell that both a cost column and a rule read
    /// is parsed once ([`MoneyMemo`]), and an unreadable cell is worded as an error only when
    /// it is the one reported.
    fn rows(&self, range: std::ops::Range<usize>) -> std::result::Result<Chunk, RowFailure> {
        let Bound {
            dataset,
            rules,
            cost_columns,
            config,
            options,
            ..
        } = self.bound;
        let cell_rules: Vec<usize> = (0..rules.len()).filter(|&i| rules.reads_cells(i)).collect();
        let mut ids: HashMap<SetKey, u32, FastHash> = HashMap::default();
        let mut chunk = Chunk {
            rows: Vec::with_capacity(range.len()),
            sets: Vec::new(),
            limits: Vec::new(),
        };
        let memo = MoneyMemo::new(dataset.headers.len());
        let first = range.start;
        for (k, program) in dataset.programs_in(range).enumerate() {
            let row = dataset.row(&program);
            let at = |error| RowFailure {
                row: Some(first + k),
                error,
            };
            memo.next_row();
            let cells = RowCells::new(&row, Some(&memo));
            let costs = cost_columns
                .read_cells(&cells, config.weeks_per_year)
                .map_err(|problem| at(problem.error(&row)))?;
            let limits = options.limits.judge(&costs).summary();
            let mut key = self.tuples.base[program.tuple()].clone();
            for &i in &cell_rules {
                if rules
                    .is_raised_in(i, &cells)
                    .map_err(|problem| at(problem.error(rules, &row)))?
                {
                    key.raise(i);
                }
            }
            let set = match ids.get(&key) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(chunk.sets.len()).expect("fewer flag sets than rows");
                    chunk.sets.push(key.clone());
                    ids.insert(key, id);
                    id
                }
            };
            // At most 256 summaries, and a chunk meets two or three: a search beats a hash.
            let limits = if limits.is_clear() {
                0
            } else {
                let at = match chunk.limits.iter().position(|s| *s == limits) {
                    Some(at) => at,
                    None => {
                        chunk.limits.push(limits);
                        chunk.limits.len() - 1
                    }
                };
                u32::try_from(at + 1).expect("at most 256 summaries")
            };
            chunk.rows.push(RowOutcome { set, limits });
        }
        Ok(chunk)
    }

    /// The flags a set stands for: the raised rules in rule order, then `incomplete-data`
    /// when ratings are missing.
    fn name_flags(&self, key: &SetKey) -> Shared<RaisedFlag> {
        let rules = &self.bound.rules;
        let mut flags: Vec<RaisedFlag> = (0..rules.len())
            .filter(|&i| key.is_raised(i))
            .map(|i| rules.raised(i))
            .collect();
        if let Some(missing) = key.missing.checked_sub(1) {
            let ids = &self.tuples.missing_ids[missing as usize];
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            flags.push(incomplete_data(&ids, self.bound.options.missing));
        }
        if flags.is_empty() {
            return self.no_flags.clone();
        }
        Shared::from(flags)
    }
}

/// Under `--missing error`, the first missing rating is a positioned error.
fn refuse_missing(dataset: &Dataset, config: &Config) -> Result<()> {
    for program in dataset.programs() {
        if let Some(i) = dataset.ratings(&program).iter().position(Option::is_none) {
            let column = dataset.criterion_columns[i];
            return Err(DataError::InvalidValue {
                place: dataset.place(dataset.line(&program), Some(column)),
                value: crate::error::quote_cell(dataset.cell(&program, column).trim()),
                expected: format!("a rating of {}", config.criteria[i].id),
                hint: "fill in the rating, or run with --missing worst or --missing renormalize"
                    .into(),
            }
            .into());
        }
    }
    Ok(())
}

/// Every criterion's [`Scale`], fitted to the data: the one place bounds are built (a
/// `minmax` criterion's range is its column's lowest and highest rating).
fn scales(dataset: &Dataset, config: &Config) -> Result<Vec<Scale>> {
    config
        .criteria
        .iter()
        .enumerate()
        .map(|(i, criterion)| {
            Scale::fit(criterion, dataset.tuples.iter().filter_map(|t| t[i])).map_err(
                |ScaleError::Constant(value)| {
                    DataError::ColumnUnscorable {
                        file: dataset.name.clone(),
                        column: dataset.headers[dataset.criterion_columns[i]].clone(),
                        message: format!(
                            "every value is {value}, so normalize = \"minmax\" cannot tell programs apart (it would divide by zero); \
                             use normalize = \"scale\" for {} or add programs that differ",
                            criterion.id
                        ),
                    }
                    .into()
                },
            )
        })
        .collect()
}

fn normalize_error(err: NormalizeError, dataset: &Dataset, line: u64, criterion: usize) -> Error {
    let column = &dataset.headers[dataset.criterion_columns[criterion]];
    DataError::Unscorable {
        place: dataset.place(line, None),
        message: match err {
            NormalizeError::EmptyRange => format!("column {column} has an empty range"),
            NormalizeError::Overflow => format!(
                "column {column}: the value is too large to normalise exactly; use smaller numbers"
            ),
        },
    }
    .into()
}

fn score_error(err: ScoreError, dataset: &Dataset, line: u64) -> Error {
    DataError::Unscorable {
        place: dataset.place(line, None),
        message: match err {
            ScoreError::Overflow => {
                "the score is too large to compute exactly; use smaller weights or ratings".into()
            }
            ScoreError::NothingToScore => {
                "every weighted rating of this program is missing, so --missing renormalize has nothing to score; \
                 fill in a rating or use --missing worst"
                    .into()
            }
        },
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::WeightsSource;
    use rust_decimal_macros::dec;

    fn report(weights: Option<&str>, csv: &str, missing: MissingPolicy) -> Result<Report> {
        let config = match weights {
            Some(text) => Config::parse(text, WeightsSource::BuiltIn)?,
            None => Config::default(),
        };
        let sheet = Sheet::from_csv("t.csv", csv.as_bytes())?;
        run(
            sheet,
            &config,
            &ScoringOptions {
                missing,
                ..Default::default()
            },
        )
    }

    const HEADER: &str =
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name";

    #[test]
    fn ranks_with_shared_ranks_and_name_order() {
        let csv = format!("{HEADER}\nZed,4,3,3,4,3\nAlp,3,5,3,3,3\nTop,5,5,5,5,5\nLow,1,1,1,1,1\n");
        let r = report(None, &csv, MissingPolicy::Worst).unwrap();
        let order: Vec<(Option<usize>, &str)> =
            r.ranked().iter().map(|p| (p.rank(), p.name())).collect();
        assert_eq!(
            order,
            vec![
                (Some(1), "Top"),
                (Some(2), "Alp"),
                (Some(2), "Zed"),
                (Some(4), "Low")
            ]
        );
        assert_eq!(r.ranked().get(0).unwrap().score(), dec!(100));
        assert_eq!(r.ranked().get(3).unwrap().score(), dec!(0));
        assert_eq!(
            r.ranked().get(1).unwrap().score(),
            r.ranked().get(2).unwrap().score()
        );
    }

    #[test]
    fn missing_ratings_follow_the_policy_and_raise_incomplete_data() {
        let csv = format!("{HEADER}\nA,5,5,5,5,\n");
        let worst = report(None, &csv, MissingPolicy::Worst).unwrap();
        // 100 × (90+80+75+70) / 365
        assert_eq!(
            worst.ranked().get(0).unwrap().score(),
            (dec!(31500) / dec!(365)).round_dp(20)
        );
        assert!(
            worst
                .ranked()
                .get(0)
                .unwrap()
                .flags()
                .iter()
                .any(|f| f.id == "incomplete-data")
        );
        let renorm = report(None, &csv, MissingPolicy::Renormalize).unwrap();
        assert_eq!(renorm.ranked().get(0).unwrap().score(), dec!(100));
        let err = report(None, &csv, MissingPolicy::Error).unwrap_err();
        assert!(
            err.to_string()
                .contains("row 2, column \"brand_name\": (empty)"),
            "{err}"
        );
    }

    #[test]
    fn cost_and_minmax_criteria() {
        let weights = "[weights]\nprice = 1\npapers = 1\n[criteria.price]\ndirection = \"cost\"\nnormalize = \"minmax\"\n[criteria.papers]\nnormalize = \"minmax\"\n";
        let csv = "program,price,papers\nCheap,10000,0\nDear,50000,40\nMid,30000,10\n";
        let r = report(Some(weights), csv, MissingPolicy::Worst).unwrap();
        let scores: Vec<(&str, rust_decimal::Decimal)> =
            r.ranked().iter().map(|p| (p.name(), p.score())).collect();
        assert_eq!(
            scores,
            vec![("Cheap", dec!(50)), ("Dear", dec!(50)), ("Mid", dec!(37.5))]
        );
    }

    #[test]
    fn a_constant_minmax_column_is_an_error() {
        let weights = "[weights]\npapers = 1\n[criteria.papers]\nnormalize = \"minmax\"\n";
        let err = report(
            Some(weights),
            "program,papers\nA,3\nB,3\n",
            MissingPolicy::Worst,
        )
        .unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::DATA);
        assert!(
            err.to_string().contains("column papers: every value is 3"),
            "{err}"
        );
    }

    #[test]
    fn excluding_flags_drop_programs_from_the_ranking() {
        let weights = "[weights]\na = 1\n[[flags]]\nid = \"bad\"\nseverity = \"critical\"\nmessage = \"m\"\nwhen = \"a < 2\"\nexclude = true\n";
        let r = report(
            Some(weights),
            "program,a\nX,1\nY,3\nZ,5\n",
            MissingPolicy::Worst,
        )
        .unwrap();
        assert_eq!(r.ranked().len(), 2);
        assert_eq!(r.excluded().len(), 1);
        assert_eq!(r.excluded().get(0).unwrap().name(), "X");
        assert_eq!(r.excluded().get(0).unwrap().rank(), None);
    }

    #[test]
    fn limits_exclude_and_costs_are_read() {
        let csv = format!(
            "{HEADER},tuition_usd,funding_usd,hours_per_week,duration_years,delivery,program_type\n\
             Dear,5,5,5,5,5,\"$60,000\",10000,12,2,online,masters\n\
             Cheap,3,3,3,3,3,8000,,6,1,hybrid,certificate\n\
             Unknown,4,4,4,4,4,,,,,,masters\n"
        );
        let config = Config::default();
        let options = ScoringOptions {
            limits: Limits {
                max_cost: Some(dec!(40000)),
                ..Limits::default()
            },
            ..ScoringOptions::default()
        };
        let sheet = Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        let r = run(sheet, &config, &options).unwrap();
        let ranked: Vec<&str> = r.ranked().iter().map(|p| p.name()).collect();
        assert_eq!(ranked, vec!["Unknown", "Cheap"]);
        assert_eq!(r.excluded().get(0).unwrap().name(), "Dear");
        assert_eq!(
            r.excluded().get(0).unwrap().costs().net_cost,
            Some(dec!(50000))
        );
        assert_eq!(
            r.excluded().get(0).unwrap().status(),
            "excluded: net cost $50,000 is above --max-cost $40,000"
        );
        assert_eq!(
            r.ranked().get(1).unwrap().costs().total_hours,
            Some(dec!(288))
        );
        assert_eq!(
            r.ranked().get(0).unwrap().limits_unknown(),
            vec!["--max-cost (no tuition_usd)"]
        );
        let cmp = r.alternatives().unwrap();
        assert_eq!(cmp.masters.name(), "Unknown");
        assert_eq!(cmp.alternative.name(), "Cheap");
    }

    #[test]
    fn a_cost_cell_that_is_not_money_is_a_positioned_error() {
        let csv = format!("{HEADER},funding_usd\nA,5,5,5,5,5,lots\n");
        let err = report(None, &csv, MissingPolicy::Worst).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "t.csv row 2, column \"funding_usd\": \"lots\" is not an amount of money in USD"
            ),
            "{err}"
        );
    }

    #[test]
    fn on_several_threads_the_first_bad_cost_cell_in_the_file_is_reported() {
        let rows = crate::workers::PARALLEL_ROWS + 5 * ROW_CHUNK + 3;
        let mut csv = format!("{HEADER},funding_usd\n");
        for i in 0..rows {
            let funding = match i {
                i if i == 3 * ROW_CHUNK + 5 => "lots",
                i if i == 5 * ROW_CHUNK + 1 => "more",
                _ => "100",
            };
            csv.push_str(&format!("P{i},{},3,3,3,3,{funding}\n", i % 5 + 1));
        }
        let err = report(None, &csv, MissingPolicy::Worst).unwrap_err();
        let line = 3 * ROW_CHUNK + 5 + 2;
        assert!(
            err.to_string().starts_with(&format!(
                "t.csv row {line}, column \"funding_usd\": \"lots\""
            )),
            "{err}"
        );
        let fine = csv.replace(",lots\n", ",1\n").replace(",more\n", ",1\n");
        let r = report(None, &fine, MissingPolicy::Worst).unwrap();
        assert_eq!(r.ranked().len(), rows);
        let lines: std::collections::BTreeSet<u64> = r.ranked().iter().map(|p| p.line()).collect();
        assert_eq!(lines.len(), rows, "every row once");
        assert!(r.ranked().iter().all(|p| p.cells()[0] == *p.name()));
    }

    #[test]
    fn points_add_up_to_the_score() {
        let csv = format!("{HEADER}\nA,4,2,partial,hybrid,5\n");
        let r = report(None, &csv, MissingPolicy::Worst).unwrap();
        let p = &r.ranked().get(0).unwrap();
        let total: rust_decimal::Decimal = p.criteria().iter().map(|c| c.points).sum();
        assert_eq!(total.round_dp(18), p.score().round_dp(18));
    }

    #[test]
    fn every_methods_points_add_up_to_its_score_exactly() {
        let csv = format!(
            "{HEADER}\nA,4,2,partial,hybrid,5\nB,5,5,5,5,\nC,1,3,2,5,4\nD,4,2,partial,hybrid,5\n"
        );
        let config = Config::default();
        let mut seen = Vec::new();
        for method in [Method::Wsm, Method::Wpm, Method::Topsis] {
            let options = ScoringOptions {
                method,
                ..Default::default()
            };
            let sheet = Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
            let r = run(sheet, &config, &options).unwrap();
            for p in &r.ranked() {
                let total: Decimal = p.criteria().iter().map(|c| c.points).sum();
                assert_eq!(total, p.score(), "{method} {}", p.name());
            }
            // The same ratings share one list; the normalised values and shares stay the
            // weighted sum's under every method.
            let a = r.ranked().iter().find(|p| p.name() == "A").unwrap();
            let d = r.ranked().iter().find(|p| p.name() == "D").unwrap();
            assert!(a.criteria().ptr_eq(&d.criteria()));
            let shares: Vec<Decimal> = a.criteria().iter().map(|c| c.share).collect();
            seen.push((a.score(), shares));
        }
        assert_ne!(seen[0].0, seen[1].0);
        assert_ne!(seen[1].0, seen[2].0);
        assert!(seen.iter().all(|(_, shares)| *shares == seen[0].1));
    }

    #[test]
    fn criteria_results_are_worked_out_only_for_the_programs_shown() {
        let csv = format!("{HEADER}\nA,4,2,partial,hybrid,5\nB,5,5,5,5,\nC,1,3,2,5,4\n");
        let config = Config::default();
        for method in [Method::Wsm, Method::Topsis] {
            let options = ScoringOptions {
                method,
                ..Default::default()
            };
            let sheet = Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
            let r = run(sheet, &config, &options).unwrap();
            let scores = r.programs.scores();
            let built = |cache: &SlotCache<Shared<CriterionResult>>| {
                (0..3).filter(|&t| cache.get(t).is_some()).count()
            };
            assert_eq!(built(&scores.sum_criteria), 0, "{method}");
            let first = r.ranked().get(0).unwrap();
            let criteria = first.criteria();
            assert_eq!(built(&scores.sum_criteria), 1, "{method}");
            // Asked again: the same list, not a second one.
            assert!(criteria.ptr_eq(&r.ranked().get(0).unwrap().criteria()));
            let total: Decimal = criteria.iter().map(|c| c.points).sum();
            assert_eq!(total, first.score(), "{method}");
        }
    }

    #[test]
    fn the_stages_called_one_by_one_are_run() {
        let csv = format!(
            "{HEADER},tuition_usd\nA,4,2,3,4,5,60000\nB,5,5,5,5,,1000\nC,1,3,2,5,4,\nD,4,2,3,4,5,2000\nE,2,2,2,2,2,\n"
        );
        let weights_file = "[weights]\nfaculty_quality = 90\nscholarship_support = 80\nfunding = 75\nschedule_flexibility = 70\nbrand_name = 50\n[[flags]]\nid = \"dear\"\nseverity = \"critical\"\nmessage = \"m\"\nwhen = \"tuition_usd > 50000\"\nexclude = true\n";
        let config = Config::parse(weights_file, WeightsSource::BuiltIn).unwrap();
        let sheet = Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        let bound = bind(sheet.clone(), &config, &ScoringOptions::default()).unwrap();
        let flagged = bound.flag().unwrap();
        assert_eq!((flagged.len(), flagged.excluded()), (5, 1));
        for method in [Method::Wsm, Method::Wpm, Method::Topsis] {
            let options = ScoringOptions {
                method,
                ..Default::default()
            };
            let scores = bound.score(&flagged, method, &bound.weights()).unwrap();
            assert_eq!(scores.method(), method);
            let staged = rank(&bound, flagged.clone(), scores);
            assert_eq!(
                staged,
                run(sheet.clone(), &config, &options).unwrap(),
                "{method}"
            );
            assert_eq!(staged.excluded().get(0).unwrap().name(), "A");
        }
        // Other weights: the same as running with a config that has them.
        let other = [dec!(0), dec!(1), dec!(0), dec!(0), dec!(3)];
        let mut reweighed = config.clone();
        for (c, w) in reweighed.criteria.iter_mut().zip(other) {
            c.weight = w;
        }
        for method in [Method::Wsm, Method::Wpm, Method::Topsis] {
            let options = ScoringOptions {
                method,
                ..Default::default()
            };
            let scores = bound.score(&flagged, method, &other).unwrap();
            assert_eq!(
                rank(&bound, flagged.clone(), scores),
                run(sheet.clone(), &reweighed, &options).unwrap(),
                "{method}"
            );
        }
    }

    #[test]
    fn the_first_error_in_the_file_is_reported_whichever_stage_finds_it() {
        // Under renormalize, a row with no rating cannot be scored; a bad cost cell is found
        // by the flag stage. The earlier row's error is the one reported.
        let unscorable = "B,,,,,,1";
        let bad_cost = "C,3,3,3,3,3,lots";
        for (rows, line) in [([unscorable, bad_cost], 3), ([bad_cost, unscorable], 3)] {
            let csv = format!(
                "{HEADER},funding_usd\nA,5,5,5,5,5,1\n{}\n{}\n",
                rows[0], rows[1]
            );
            let err = report(None, &csv, MissingPolicy::Renormalize).unwrap_err();
            let text = err.to_string();
            assert!(text.starts_with(&format!("t.csv row {line}")), "{text}");
            if rows[0] == unscorable {
                assert!(text.contains("nothing to score"), "{text}");
            } else {
                assert!(text.contains("\"lots\""), "{text}");
            }
        }
    }

    #[test]
    fn with_tuples_scored_on_several_cores_the_first_unscorable_row_is_reported() {
        // Enough distinct tuples to be scored in runs on several threads, each run with an
        // unscorable row (no rating, under renormalize): the earliest in the file is named.
        let rows = 2 * crate::workers::PARALLEL_ROWS + 10;
        let mut csv = format!("{HEADER},funding_usd\n");
        for i in 0..rows {
            if i == rows / 3 || i == rows - 5 {
                csv.push_str(&format!("P{i},,,,,,1\n"));
            } else {
                let (a, b) = (i % 400, i / 400);
                csv.push_str(&format!("P{i},1.{a:03},2.{b:03},3,4,5,1\n"));
            }
        }
        let err = report(None, &csv, MissingPolicy::Renormalize).unwrap_err();
        let text = err.to_string();
        // Row i is on line i + 2 (the header is line 1).
        let line = rows / 3 + 2;
        assert!(text.starts_with(&format!("t.csv row {line}")), "{text}");
        assert!(text.contains("nothing to score"), "{text}");
    }
}
