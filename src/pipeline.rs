//! The ranking pipeline, stage by stage:
//!
//! ```text
//! input (Sheet) → config (Config) → bind (Dataset) → normalise → score → flags → rank → Report
//! ```
//!
//! Each stage lives in its own module; this one only wires them together and attaches file
//! and line to the pure stages' errors. Every subcommand that scores programs calls [`run`].

use crate::config::{Config, Normalize};
use crate::costs::{CostColumns, Limits, ProgramType};
use crate::dataset::Dataset;
use crate::error::{DataError, Error, Result};
use crate::flags::RaisedFlag;
use crate::flags::{RuleSet, incomplete_data};
use crate::hash::FastHash;
use crate::input::RowCells;
use crate::input::Sheet;
use crate::report::{AlternativeComparison, CriterionResult, ProgramResult, Report, Shared};
use crate::scoring::methods::Method;
use crate::scoring::normalize::{Bounds, NormalizeError, normalize};
use crate::scoring::{Breakdown, MissingPolicy, ScoreError, Term, weighted_score};
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

/// Scores, flags and ranks every program of `sheet` under `config`.
///
/// The work is done once per distinct value wherever it can be: ratings are read once per
/// distinct cell text of their column and kept as distinct tuples ([`Dataset::bind`]); each
/// tuple is scored, and its rating-only flags evaluated, once; the flags raised on a row are
/// a bitset, named once per distinct set. What depends on the row itself (costs, limits,
/// flags that read cells) is computed per row, on all cores over chunks of rows.
pub fn run(sheet: Sheet, config: &Config, options: &ScoringOptions) -> Result<Report> {
    let dataset = Dataset::bind(sheet, config)?;
    if options.missing == MissingPolicy::Error {
        refuse_missing(&dataset, config)?;
    }
    let bounds = criterion_bounds(&dataset, config)?;
    let rules = RuleSet::bind(config, &dataset)?;
    let cost_columns = CostColumns::find(&dataset, config);
    cost_columns.require(
        &options.limits,
        false,
        &dataset.name,
        &dataset.headers,
        config,
    )?;
    let scored = score_tuples(&dataset, config, &bounds, &rules, options.missing)?;
    let stage = RowStage {
        dataset: &dataset,
        config,
        options,
        rules: &rules,
        cost_columns,
        scored: &scored,
        no_flags: Shared::from(Vec::new()),
    };

    let rows = dataset.programs.len();
    let threads = if rows >= PARALLEL_ROWS {
        std::thread::available_parallelism().map_or(1, |n| n.get().min(16))
    } else {
        1
    };
    // The chunks, put together in file order as they come: the first error of the first
    // chunk that has one is the first error in the file. The programs are built here, on
    // one thread, so the shared lists' reference counts are not fought over between cores,
    // and a chunk's outcomes are freed as soon as they are used.
    let mut programs: Vec<ProgramResult> = Vec::with_capacity(rows);
    let mut named: HashMap<Box<[u64]>, Shared<RaisedFlag>, FastHash> = HashMap::default();
    let mut next = dataset.programs.iter();
    let mut add = |chunk: Chunk| {
        let names: Vec<Shared<RaisedFlag>> = chunk
            .sets
            .iter()
            .map(|bits| {
                named
                    .entry(bits.clone())
                    .or_insert_with(|| stage.name_flags(bits))
                    .clone()
            })
            .collect();
        for (outcome, program) in chunk.rows.into_iter().zip(&mut next) {
            let (score, criteria) = scored[program.tuple]
                .outcome
                .as_ref()
                .expect("the row stage refused tuples that cannot be scored");
            programs.push(ProgramResult {
                rank: None,
                name: outcome.name,
                line: program.line,
                score: *score,
                criteria: criteria.clone(),
                flags: names[outcome.set as usize].clone(),
                cells: RowCells::new(dataset.cells.clone(), program.row),
                costs: outcome.costs,
                limits_broken: outcome.limits.broken,
                limits_unknown: outcome.limits.unknown,
            });
        }
    };
    if threads == 1 {
        add(stage.rows(0..rows)?);
    } else {
        let chunks = rows.div_ceil(ROW_CHUNK);
        let taken = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| -> Result<()> {
            let (sender, receiver) =
                std::sync::mpsc::sync_channel::<(usize, Result<Chunk>)>(threads * 2);
            for _ in 0..threads {
                let (sender, taken, stage) = (sender.clone(), &taken, &stage);
                scope.spawn(move || {
                    loop {
                        let k = taken.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if k >= chunks {
                            return;
                        }
                        let range = k * ROW_CHUNK..((k + 1) * ROW_CHUNK).min(rows);
                        // A closed channel means an earlier chunk failed: stop.
                        if sender.send((k, stage.rows(range))).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(sender);
            let mut waiting = std::collections::BTreeMap::new();
            for wanted in 0..chunks {
                let chunk = loop {
                    if let Some(chunk) = waiting.remove(&wanted) {
                        break chunk;
                    }
                    let (k, chunk) = receiver
                        .recv()
                        .expect("every chunk is sent before its thread ends");
                    waiting.insert(k, chunk);
                };
                add(chunk?);
            }
            Ok(())
        })?;
    }
    drop(named);

    let excluded: Vec<ProgramResult> = programs
        .extract_if(.., |p| {
            p.flags.iter().any(|f| f.exclude) || !p.limits_broken.is_empty()
        })
        .collect();
    let mut ranked = programs;
    if options.method != Method::Wsm {
        apply_method(options.method, &mut ranked, &dataset, config, &bounds)?;
    }
    let placings = {
        let keys: Vec<_> = ranked.iter().map(|p| (p.score, p.name.as_str())).collect();
        crate::ranking::rank(&keys)
    };
    let mut order = Vec::with_capacity(placings.len());
    for placing in &placings {
        ranked[placing.index].rank = Some(placing.rank);
        order.push(placing.index);
    }
    drop(placings);
    permute(&mut ranked, order);
    let alternatives = cost_columns
        .has_program_type()
        .then(|| compare_alternatives(&ranked))
        .flatten();

    let cell_reading = dataset.cell_reading(config);
    Ok(Report {
        input: dataset.name,
        headers: dataset.headers,
        cell_reading,
        currency: dataset.money.currency,
        notes: dataset.notes,
        criteria: config.criteria.clone(),
        weights_source: config.source.clone(),
        weight_overrides: options.weight_overrides.clone(),
        missing_policy: options.missing,
        ranked,
        excluded,
        unchecked: rules.unchecked,
        limits: options.limits.clone(),
        alternatives,
    })
}

/// Below this many rows one thread does the row stage: starting threads would cost more.
const PARALLEL_ROWS: usize = 20_000;

/// Rows per chunk of the row stage: small enough that few chunks' outcomes wait in memory
/// at once, large enough that handing them over costs nothing.
const ROW_CHUNK: usize = 8_192;

/// Puts `items[order[0]]` first, `items[order[1]]` second and so on, in place.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        // Follow the cycle through `start`, swapping each item into its place.
        let mut current = start;
        while order[current] != start {
            let next = order[current];
            items.swap(current, next);
            order[current] = current;
            current = next;
        }
        order[current] = current;
    }
}

/// One distinct ratings tuple, scored.
struct ScoredTuple {
    /// The score and each criterion's part, or why the tuple cannot be scored.
    outcome: std::result::Result<(Decimal, Shared<CriterionResult>), ScoreFailure>,
    /// The rules that read only ratings and are raised on this tuple, as bits.
    raised: Box<[u64]>,
    /// The tuple's missing criteria, as an index into the distinct missing sets, plus one
    /// (0: nothing missing).
    missing: u64,
    /// The missing sets' ids, by the index above.
    missing_ids: Arc<[Vec<String>]>,
}

/// Every distinct ratings tuple of `dataset`, scored and flagged once.
fn score_tuples(
    dataset: &Dataset,
    config: &Config,
    bounds: &[Option<Bounds>],
    rules: &RuleSet<'_>,
    policy: MissingPolicy,
) -> Result<Vec<ScoredTuple>> {
    let words = rules.len().div_ceil(64);
    let mut missing_sets: HashMap<Vec<String>, u64, FastHash> = HashMap::default();
    let mut missing_ids: Vec<Vec<String>> = Vec::new();
    let mut missing_of = Vec::with_capacity(dataset.tuples.len());
    for ratings in &dataset.tuples {
        let missing: Vec<String> = crate::dataset::missing_criteria(ratings, &config.criteria)
            .into_iter()
            .map(str::to_owned)
            .collect();
        missing_of.push(if missing.is_empty() {
            0
        } else {
            *missing_sets.entry(missing.clone()).or_insert_with(|| {
                missing_ids.push(missing);
                missing_ids.len() as u64
            })
        });
    }
    let missing_ids: Arc<[Vec<String>]> = Arc::from(missing_ids);
    let mut scored = Vec::with_capacity(dataset.tuples.len());
    for (t, ratings) in dataset.tuples.iter().enumerate() {
        let outcome = score_ratings(ratings, config, bounds, policy).map(|breakdown| {
            let criteria: Shared<CriterionResult> = ratings
                .iter()
                .enumerate()
                .map(|(i, rating)| CriterionResult {
                    rating: *rating,
                    normalized: breakdown.normalized[i],
                    weight: config.criteria[i].weight,
                    share: breakdown.shares[i],
                    points: breakdown.points[i],
                })
                .collect();
            (breakdown.score, criteria)
        });
        let mut raised = vec![0u64; words].into_boxed_slice();
        let first = dataset.row(&dataset.programs[dataset.first_of_tuple[t]]);
        for i in 0..rules.len() {
            if !rules.reads_cells(i) && rules.is_raised(i, &first)? {
                raised[i / 64] |= 1 << (i % 64);
            }
        }
        scored.push(ScoredTuple {
            outcome,
            raised,
            missing: missing_of[t],
            missing_ids: missing_ids.clone(),
        });
    }
    Ok(scored)
}

/// What the per-row stage reads: everything decided before it.
struct RowStage<'a> {
    dataset: &'a Dataset,
    config: &'a Config,
    options: &'a ScoringOptions,
    rules: &'a RuleSet<'a>,
    cost_columns: CostColumns,
    scored: &'a [ScoredTuple],
    no_flags: Shared<RaisedFlag>,
}

/// What the row stage finds for one row.
struct RowOutcome {
    name: String,
    costs: crate::costs::CostFacts,
    limits: crate::costs::LimitCheck,
    /// The flags raised, as an index into the chunk's distinct sets.
    set: u32,
}

/// The outcomes of a run of rows, in file order, and the distinct flag sets they raised
/// (bits of the rules, then the missing set).
struct Chunk {
    rows: Vec<RowOutcome>,
    sets: Vec<Box<[u64]>>,
}

impl RowStage<'_> {
    /// Costs, limits and flags of rows `range`; stops at the first error.
    fn rows(&self, range: std::ops::Range<usize>) -> Result<Chunk> {
        let dataset = self.dataset;
        let words = self.rules.len().div_ceil(64);
        let cell_rules: Vec<usize> = (0..self.rules.len())
            .filter(|&i| self.rules.reads_cells(i))
            .collect();
        let mut ids: HashMap<Box<[u64]>, u32, FastHash> = HashMap::default();
        let mut chunk = Chunk {
            rows: Vec::with_capacity(range.len()),
            sets: Vec::new(),
        };
        let mut bits = vec![0u64; words + 1];
        for program in &dataset.programs[range] {
            let scored = &self.scored[program.tuple];
            if let Err(failure) = &scored.outcome {
                return Err(match *failure {
                    ScoreFailure::Normalize(i, e) => normalize_error(e, dataset, program.line, i),
                    ScoreFailure::Score(e) => score_error(e, dataset, program.line),
                });
            }
            let costs = self
                .cost_columns
                .read(dataset, program, self.config.weeks_per_year)?;
            let limits = self.options.limits.check_in(&costs, &dataset.money);
            let row = dataset.row(program);
            bits[..words].copy_from_slice(&scored.raised);
            for &i in &cell_rules {
                if self.rules.is_raised(i, &row)? {
                    bits[i / 64] |= 1 << (i % 64);
                }
            }
            bits[words] = scored.missing;
            let set = match ids.get(bits.as_slice()) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(chunk.sets.len()).expect("fewer flag sets than rows");
                    chunk.sets.push(bits.as_slice().into());
                    ids.insert(bits.as_slice().into(), id);
                    id
                }
            };
            chunk.rows.push(RowOutcome {
                name: dataset.name(program).to_owned(),
                costs,
                limits,
                set,
            });
        }
        Ok(chunk)
    }

    /// The flags a set of bits stands for: the raised rules in rule order, then
    /// `incomplete-data` when ratings are missing.
    fn name_flags(&self, bits: &[u64]) -> Shared<RaisedFlag> {
        let words = self.rules.len().div_ceil(64);
        let mut flags: Vec<RaisedFlag> = (0..self.rules.len())
            .filter(|&i| bits[i / 64] & (1 << (i % 64)) != 0)
            .map(|i| self.rules.raised(i))
            .collect();
        if let Some(missing) = bits[words].checked_sub(1) {
            let ids = &self.scored[0].missing_ids[missing as usize];
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            flags.push(incomplete_data(&ids, self.options.missing));
        }
        if flags.is_empty() {
            return self.no_flags.clone();
        }
        Shared::from(flags)
    }
}

/// The best-ranked master's and the best-ranked program of another type, if both exist.
fn compare_alternatives(ranked: &[ProgramResult]) -> Option<AlternativeComparison> {
    let is_masters = |p: &&ProgramResult| p.costs.program_type == Some(ProgramType::Masters);
    let masters = ranked.iter().find(is_masters)?;
    let alternative = ranked.iter().find(|p| {
        p.costs
            .program_type
            .is_some_and(|t| t != ProgramType::Masters)
    })?;
    Some(AlternativeComparison {
        masters: masters.clone(),
        alternative: alternative.clone(),
    })
}

/// Why one program's ratings could not be scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreFailure {
    /// Criterion `.0` could not be normalised.
    Normalize(usize, NormalizeError),
    /// The weighted sum could not be computed.
    Score(ScoreError),
}

/// Normalises one program's ratings and computes its weighted score: the scoring stage for
/// one row, shared by the full pipeline and the streaming fast path.
pub fn score_ratings(
    ratings: &[Option<Decimal>],
    config: &Config,
    bounds: &[Option<Bounds>],
    policy: MissingPolicy,
) -> std::result::Result<Breakdown, ScoreFailure> {
    let mut terms = Vec::with_capacity(config.criteria.len());
    for (i, criterion) in config.criteria.iter().enumerate() {
        let normalized = match (ratings[i], bounds[i]) {
            (Some(rating), Some(b)) => Some(
                normalize(rating, b, criterion.direction)
                    .map_err(|e| ScoreFailure::Normalize(i, e))?,
            ),
            _ => None,
        };
        terms.push(Term {
            weight: criterion.weight,
            normalized,
        });
    }
    weighted_score(&terms, policy).map_err(ScoreFailure::Score)
}

/// The scale bounds of every criterion, or `None` when one normalises over the data
/// (`minmax`), which needs every row before any can be scored.
pub fn scale_bounds(config: &Config) -> Option<Vec<Option<Bounds>>> {
    config
        .criteria
        .iter()
        .map(|c| match c.normalize {
            Normalize::Scale => Some(Some(Bounds {
                low: c.scale.min,
                high: c.scale.max,
            })),
            Normalize::Minmax => None,
        })
        .collect()
}

/// Replaces the weighted-sum scores of the ranked programs by 100 × the WPM or TOPSIS value.
/// A missing rating counts as the worst end of its scale for both.
fn apply_method(
    method: Method,
    ranked: &mut [ProgramResult],
    dataset: &Dataset,
    config: &Config,
    bounds: &[Option<Bounds>],
) -> Result<()> {
    use crate::scoring::methods::{Column, MethodError, topsis, wpm};
    let columns: Vec<Column> = config
        .criteria
        .iter()
        .zip(bounds)
        .map(|(c, b)| {
            let b = b.unwrap_or(Bounds {
                low: c.scale.min,
                high: c.scale.max,
            });
            Column {
                weight: c.weight,
                low: b.low,
                high: b.high,
                cost: c.direction == crate::config::Direction::Cost,
            }
        })
        .collect();
    let ratings: Vec<Vec<rust_decimal::Decimal>> = ranked
        .iter()
        .map(|p| {
            p.criteria
                .iter()
                .zip(&columns)
                .map(|(c, col)| {
                    c.rating
                        .unwrap_or(if col.cost { col.high } else { col.low })
                })
                .collect()
        })
        .collect();
    let values = match method {
        Method::Wsm => return Ok(()),
        Method::Wpm => wpm(&ratings, &columns),
        Method::Topsis => topsis(&ratings, &columns),
    };
    let values = values.map_err(|e| {
        let message = match e {
            MethodError::Overflow => format!("--method {method}: a value is too large to compute exactly"),
            MethodError::NoWeight => format!("--method {method}: every weight is zero"),
            MethodError::AllIdentical => format!(
                "--method {method}: every program has the same ratings, so TOPSIS cannot tell them apart; use --method wsm"
            ),
            MethodError::NotPositive(i, j) => format!(
                "--method {method}: {} has rating {} on {}, but the weighted product needs ratings above zero; \
                 use --method wsm or topsis, or a scale that starts above zero",
                ranked[i].name,
                ratings[i][j].normalize(),
                config.criteria[j].id
            ),
        };
        Error::from(DataError::Unrankable {
            file: dataset.name.clone(),
            message,
        })
    })?;
    for (program, value) in ranked.iter_mut().zip(values) {
        program.score = value
            .checked_mul(rust_decimal::Decimal::ONE_HUNDRED)
            .ok_or_else(|| {
                Error::from(DataError::Unscorable {
                    place: dataset.place(program.line, None),
                    message: format!("--method {method}: the score is too large"),
                })
            })?;
    }
    Ok(())
}

/// Under `--missing error`, the first missing rating is a positioned error.
fn refuse_missing(dataset: &Dataset, config: &Config) -> Result<()> {
    for program in &dataset.programs {
        if let Some(i) = dataset.ratings(program).iter().position(Option::is_none) {
            let column = dataset.criterion_columns[i];
            return Err(DataError::InvalidValue {
                place: dataset.place(program.line, Some(column)),
                value: crate::error::quote_cell(dataset.cell(program, column).trim()),
                expected: format!("a rating of {}", config.criteria[i].id),
                hint: "fill in the rating, or run with --missing worst or --missing renormalize"
                    .into(),
            }
            .into());
        }
    }
    Ok(())
}

/// The range each criterion normalises against: its scale, or the data's range for minmax
/// (`None` when a minmax column has no values at all).
fn criterion_bounds(dataset: &Dataset, config: &Config) -> Result<Vec<Option<Bounds>>> {
    config
        .criteria
        .iter()
        .enumerate()
        .map(|(i, criterion)| match criterion.normalize {
            Normalize::Scale => Ok(Some(Bounds {
                low: criterion.scale.min,
                high: criterion.scale.max,
            })),
            Normalize::Minmax => {
                let bounds = Bounds::of_values(dataset.tuples.iter().filter_map(|t| t[i]));
                match bounds {
                    Some(b) if b.low == b.high => Err(DataError::ColumnUnscorable {
                        file: dataset.name.clone(),
                        column: dataset.headers[dataset.criterion_columns[i]].clone(),
                        message: format!(
                            "every value is {}, so normalize = \"minmax\" cannot tell programs apart (it would divide by zero); \
                             use normalize = \"scale\" for {} or add programs that differ",
                            b.low, criterion.id
                        ),
                    }
                    .into()),
                    other => Ok(other),
                }
            }
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
            r.ranked.iter().map(|p| (p.rank, p.name.as_str())).collect();
        assert_eq!(
            order,
            vec![
                (Some(1), "Top"),
                (Some(2), "Alp"),
                (Some(2), "Zed"),
                (Some(4), "Low")
            ]
        );
        assert_eq!(r.ranked[0].score, dec!(100));
        assert_eq!(r.ranked[3].score, dec!(0));
        assert_eq!(r.ranked[1].score, r.ranked[2].score);
    }

    #[test]
    fn missing_ratings_follow_the_policy_and_raise_incomplete_data() {
        let csv = format!("{HEADER}\nA,5,5,5,5,\n");
        let worst = report(None, &csv, MissingPolicy::Worst).unwrap();
        // 100 × (90+80+75+70) / 365
        assert_eq!(
            worst.ranked[0].score,
            (dec!(31500) / dec!(365)).round_dp(20)
        );
        assert!(
            worst.ranked[0]
                .flags
                .iter()
                .any(|f| f.id == "incomplete-data")
        );
        let renorm = report(None, &csv, MissingPolicy::Renormalize).unwrap();
        assert_eq!(renorm.ranked[0].score, dec!(100));
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
        let scores: Vec<(&str, rust_decimal::Decimal)> = r
            .ranked
            .iter()
            .map(|p| (p.name.as_str(), p.score))
            .collect();
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
        assert_eq!(r.ranked.len(), 2);
        assert_eq!(r.excluded.len(), 1);
        assert_eq!(r.excluded[0].name, "X");
        assert_eq!(r.excluded[0].rank, None);
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
        let ranked: Vec<&str> = r.ranked.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(ranked, vec!["Unknown", "Cheap"]);
        assert_eq!(r.excluded[0].name, "Dear");
        assert_eq!(r.excluded[0].costs.net_cost, Some(dec!(50000)));
        assert_eq!(
            r.excluded[0].status(),
            "excluded: net cost $50,000 is above --max-cost $40,000"
        );
        assert_eq!(r.ranked[1].costs.total_hours, Some(dec!(288)));
        assert_eq!(
            r.ranked[0].limits_unknown,
            vec!["--max-cost (no tuition_usd)"]
        );
        let cmp = r.alternatives.unwrap();
        assert_eq!(cmp.masters.name, "Unknown");
        assert_eq!(cmp.alternative.name, "Cheap");
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
        let rows = PARALLEL_ROWS + 5 * ROW_CHUNK + 3;
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
        assert_eq!(r.ranked.len(), rows);
        let lines: std::collections::BTreeSet<u64> = r.ranked.iter().map(|p| p.line).collect();
        assert_eq!(lines.len(), rows, "every row once");
        assert!(r.ranked.iter().all(|p| p.cells[0] == *p.name));
    }

    #[test]
    fn points_add_up_to_the_score() {
        let csv = format!("{HEADER}\nA,4,2,partial,hybrid,5\n");
        let r = report(None, &csv, MissingPolicy::Worst).unwrap();
        let p = &r.ranked[0];
        let total: rust_decimal::Decimal = p.criteria.iter().map(|c| c.points).sum();
        assert_eq!(total.round_dp(18), p.score.round_dp(18));
    }
}
