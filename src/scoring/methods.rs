//! The scoring methods of `rank --method`: the weighted sum (WSM, the default), the weighted
//! product model (WPM) and TOPSIS, each a [`ScoringMethod`]. Pure `Decimal` arithmetic, no I/O.
//!
//! The weighted sum is what the article's chart implies, and it stays the default. A ranking
//! that the other two methods agree with is less of an artefact of how the sum trades one
//! criterion off against another.
//!
//! Every method returns, for each program, its score (0–100 for ratings on their scale) *and*
//! each criterion's **points**: the part of the score that criterion contributes. The points
//! add up to the score exactly, in `Decimal`: they are apportioned at the score's own
//! precision by the largest-remainder method ([`largest_remainder`]), so the last unit of
//! rounding goes where the most was cut off, never silently missing.
//!
//! * **WSM**: `score = 100 × Σ wⱼ·nⱼ / Σ w` (see [`super::weighted_score`]); criterion `j`'s
//!   points are its term `100 × wⱼ·nⱼ / Σ w`. The score is kept to [`super::SCORE_DP`] places.
//!
//! The other two work on the *ratings* (a missing rating counts as the worst end of its scale,
//! whatever `--missing` says), not on progrank's 0–1 normalised values:
//!
//! * **WPM** (Bridgman 1922, Miller & Starr 1969; Triantaphyllou, *Multi-Criteria Decision
//!   Making Methods: A Comparative Study*, 2000, §2.2): `P = Π xⱼ^(wⱼ/Σw)` with
//!   `xⱼ = rating / top of scale` for a benefit criterion and `bottom of scale / rating` for a
//!   cost criterion (linear max normalisation). The rating is read as a ratio, so every value
//!   must be above zero; a zero rating is refused rather than silently vetoing the program.
//!   The power is computed as `exp(L)`, `L = Σ (wⱼ/Σw)·ln xⱼ`, with rust_decimal's `ln` and
//!   `exp` (series expansions good to far more places than are ever shown), and the result is
//!   quantised to [`METHOD_DP`] places so that equal products compare equal; the score is
//!   `S = 100 × P`.
//!
//!   *Points.* A product has no terms to add, so the points are defined as a split of `S`:
//!   each criterion starts from its full share `100 × wⱼ/Σw` (what a top rating earns, as in
//!   the weighted sum), and what the product falls short of 100 is charged to the criteria in
//!   proportion to their part of the logarithm:
//!
//!   ```text
//!   pointsⱼ = 100·wⱼ/Σw − (100 − S) · (wⱼ/Σw)·ln xⱼ / L        (L ≠ 0)
//!   pointsⱼ = S · wⱼ/Σw                                        (L = 0)
//!   ```
//!
//!   A criterion rated at the top of its scale (`ln xⱼ = 0`) loses nothing. Because a product
//!   punishes a weak rating harder than a sum, one criterion's charge can exceed its share, and
//!   its points are then below zero. `L = 0` means every weighted rating is at the top (so
//!   `S = 100`) or the logarithms cancel: the score is then split by weight.
//! * **TOPSIS** (Hwang & Yoon, *Multiple Attribute Decision Making*, 1981): vector
//!   normalisation `rᵢⱼ = xᵢⱼ / √Σᵢ xᵢⱼ²`, weighted `vᵢⱼ = (wⱼ/Σw)·rᵢⱼ`, ideal `A⁺` (best value
//!   of each column) and anti-ideal `A⁻` (worst), Euclidean distances `S⁺ᵢ`, `S⁻ᵢ`, and the
//!   closeness coefficient `Cᵢ = S⁻ᵢ / (S⁺ᵢ + S⁻ᵢ)`; the score is `100 × Cᵢ`. TOPSIS is
//!   relative: the columns' norms and the ideal and anti-ideal come from the programs compared
//!   (the ranked ones), so adding or removing a program can move the others. Square roots use
//!   rust_decimal's `sqrt`.
//!
//!   *Points.* The score is split in proportion to each criterion's part of the squared
//!   distance from the anti-ideal, `(S⁻ᵢ)² = Σⱼ (vᵢⱼ − A⁻ⱼ)²`:
//!   `pointsⱼ = score · (vᵢⱼ − A⁻ⱼ)² / (S⁻ᵢ)²`, and all 0 when `S⁻ᵢ = 0` (then the score is 0).
//!   A criterion on which the program is no better than the worst program compared earns
//!   nothing; the points never go below zero.

use super::normalize::NormalizeError;
use super::scale::Scale;
use super::{Breakdown, MissingPolicy, SCORE_DP, ScoreFailure, Term, Tuples, largest_remainder};
use crate::hash::BoundedMemo;
use rust_decimal::prelude::MathematicalOps;
use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places kept in a WPM or TOPSIS value: beyond the error of `ln`, `exp` and `sqrt`,
/// so two programs with the same true value tie.
pub const METHOD_DP: u32 = 16;

/// The scoring method of `rank --method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Weighted sum of normalised ratings (the default, the article's chart).
    #[default]
    Wsm,
    /// Weighted product of ratings relative to the top of their scale.
    Wpm,
    /// TOPSIS closeness to the ideal program.
    Topsis,
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Method::Wsm => "wsm",
            Method::Wpm => "wpm",
            Method::Topsis => "topsis",
        })
    }
}

impl Method {
    /// The method's implementation.
    pub fn scorer(self) -> &'static dyn ScoringMethod {
        match self {
            Method::Wsm => &Wsm,
            Method::Wpm => &Wpm,
            Method::Topsis => &Topsis,
        }
    }
}

/// A program's score under one method and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scored {
    /// The score, 0–100 for ratings on their scale.
    pub score: Decimal,
    /// Per criterion, in config order: the points it contributes (see the module's docs for
    /// what they are under each method). They add up to `score` exactly.
    pub contributions: Vec<Decimal>,
}

/// What every method reads about the criteria, in config order.
#[derive(Debug, Clone, Copy)]
pub struct Criteria<'a> {
    /// Each criterion's weight (non-negative; only ratios matter).
    pub weights: &'a [Decimal],
    /// Each criterion's scale, fitted to the data.
    pub scales: &'a [Scale],
    /// What the weighted sum does with a missing rating (WPM and TOPSIS count it as the
    /// worst end of its scale).
    pub missing: MissingPolicy,
}

impl Criteria<'_> {
    /// The criteria as WPM and TOPSIS read them.
    pub fn columns(&self) -> Vec<Column> {
        self.weights
            .iter()
            .zip(self.scales)
            .map(|(weight, scale)| {
                let range = scale.range();
                Column {
                    weight: *weight,
                    low: range.low,
                    high: range.high,
                    cost: scale.is_cost(),
                }
            })
            .collect()
    }

    /// `ratings` with each missing one replaced by the worst end of its scale, as WPM and
    /// TOPSIS count it.
    pub fn worst_for_missing(&self, ratings: &[Option<Decimal>]) -> Vec<Decimal> {
        ratings
            .iter()
            .zip(self.scales)
            .map(|(r, scale)| r.unwrap_or_else(|| scale.worst()))
            .collect()
    }
}

/// What [`ScoringMethod::score`] returns: per tuple, its score or why it has none; or why no
/// tuple can be scored.
pub type Outcomes = Result<Vec<Result<Scored, MethodError>>, MethodError>;

/// A way of turning ratings into scores: the weighted sum, the weighted product or TOPSIS.
pub trait ScoringMethod: Sync {
    /// Which method this is.
    fn method(&self) -> Method;

    /// Scores every distinct ratings tuple of `tuples` (one rating per criterion, `None` when
    /// missing). `counts[k]` is how many of the programs being compared have tuple `k`: a
    /// relative method (TOPSIS) takes its reference set from them, counting each program, and
    /// leaves out tuples with a count of 0 (which it still scores); WSM and WPM ignore them.
    ///
    /// The outer error is about the whole set (every weight zero, a column too large to
    /// normalise); an inner one is about one tuple.
    fn score(&self, criteria: Criteria<'_>, tuples: &Tuples, counts: &[u64]) -> Outcomes;
}

/// The weighted sum (simple additive weighting), the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wsm;

/// The weighted product model.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wpm;

/// TOPSIS, closeness to the ideal program.
#[derive(Debug, Clone, Copy, Default)]
pub struct Topsis;

/// The weighted sum of one ratings tuple: the breakdown (normalised values, weight shares,
/// exact points) and the score with points that add up to it. The one implementation of the
/// weighted sum for a tuple, which the pipeline memoises per distinct tuple; its score is
/// [`wsm_score`]'s.
pub fn wsm(
    criteria: Criteria<'_>,
    ratings: &[Option<Decimal>],
) -> Result<(Breakdown, Scored), ScoreFailure> {
    let mut terms = Vec::with_capacity(ratings.len());
    wsm_terms(
        criteria,
        ratings,
        |_, scale, rating| scale.normalize(rating),
        &mut terms,
    )?;
    let breakdown = super::weighted_score(&terms, criteria.missing).map_err(ScoreFailure::Score)?;
    let scored = Scored {
        score: breakdown.score,
        contributions: largest_remainder(&breakdown.points, breakdown.score, SCORE_DP),
    };
    Ok((breakdown, scored))
}

/// The weighted sum's score of one ratings tuple alone (what ranking reads), without the
/// breakdown: the pipeline scores every distinct tuple with it, and works out [`wsm`]'s
/// breakdown only for the programs an output shows. It fails exactly where [`wsm`] does.
pub fn wsm_score(
    criteria: Criteria<'_>,
    ratings: &[Option<Decimal>],
    memo: &mut WeightedSumMemo,
) -> Result<Decimal, ScoreFailure> {
    let WeightedSumMemo { columns, terms } = memo;
    wsm_terms(
        criteria,
        ratings,
        |i, scale, rating| columns.normalize(i, scale, rating),
        terms,
    )?;
    super::score(terms, criteria.missing).map_err(ScoreFailure::Score)
}

/// Each criterion's weight and normalised rating, for the weighted sum, into `terms`
/// (emptied first), each rating normalised by `normalize(criterion, scale, rating)`:
/// [`Scale::normalize`], or what it returned before for the same rating
/// ([`RememberedRatings`]).
fn wsm_terms(
    criteria: Criteria<'_>,
    ratings: &[Option<Decimal>],
    mut normalize: impl FnMut(usize, &Scale, Option<Decimal>) -> Result<Option<Decimal>, NormalizeError>,
    terms: &mut Vec<Term>,
) -> Result<(), ScoreFailure> {
    terms.clear();
    for (i, (scale, weight)) in criteria.scales.iter().zip(criteria.weights).enumerate() {
        let normalized =
            normalize(i, scale, ratings[i]).map_err(|e| ScoreFailure::Normalize(i, e))?;
        terms.push(Term {
            weight: *weight,
            normalized,
        });
    }
    Ok(())
}

/// What the pipeline's weighted sum keeps from one tuple to the next on a thread
/// ([`wsm_score`]): each criterion's ratings normalised, and a vector for the terms.
#[derive(Debug, Default)]
pub struct WeightedSumMemo {
    columns: RememberedRatings,
    /// The terms of the tuple last scored, kept for their allocation: one vector per
    /// thread instead of one per tuple.
    terms: Vec<Term>,
}

/// Each criterion's ratings normalised ([`Scale::normalize`]), remembered per rating as
/// written ([`crate::hash::exact_key`]): a division each time otherwise, and a column holds
/// few distinct ratings (five on a 1–5 scale, a few hundred with two decimals) however many
/// tuples they make. For one set of criteria; bounded per criterion ([`BoundedMemo`]).
#[derive(Debug, Default)]
struct RememberedRatings(Vec<BoundedMemo<u128, Result<Option<Decimal>, NormalizeError>>>);

impl RememberedRatings {
    /// `rating` of criterion `criterion` normalised against `scale` (always that
    /// criterion's scale).
    fn normalize(
        &mut self,
        criterion: usize,
        scale: &Scale,
        rating: Option<Decimal>,
    ) -> Result<Option<Decimal>, NormalizeError> {
        let Some(value) = rating else {
            return scale.normalize(None);
        };
        if self.0.len() <= criterion {
            self.0.resize_with(criterion + 1, BoundedMemo::default);
        }
        *self.0[criterion]
            .get_or_insert_with(crate::hash::exact_key(value), || scale.normalize(rating))
    }
}

impl ScoringMethod for Wsm {
    fn method(&self) -> Method {
        Method::Wsm
    }

    fn score(&self, criteria: Criteria<'_>, tuples: &Tuples, _counts: &[u64]) -> Outcomes {
        Ok(tuples
            .iter()
            .map(|t| {
                wsm(criteria, t)
                    .map(|(_, scored)| scored)
                    .map_err(MethodError::Sum)
            })
            .collect())
    }
}

impl ScoringMethod for Wpm {
    fn method(&self) -> Method {
        Method::Wpm
    }

    fn score(&self, criteria: Criteria<'_>, tuples: &Tuples, _counts: &[u64]) -> Outcomes {
        let columns = criteria.columns();
        let exps = exponents(&columns)?;
        Ok(tuples
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let row = criteria.worst_for_missing(t);
                let product = wpm_row(&row, &columns, &exps).map_err(|e| e.at(k))?;
                product.scored(&exps)
            })
            .collect())
    }
}

impl ScoringMethod for Topsis {
    fn method(&self) -> Method {
        Method::Topsis
    }

    fn score(&self, criteria: Criteria<'_>, tuples: &Tuples, counts: &[u64]) -> Outcomes {
        let columns = criteria.columns();
        let rows: Vec<Vec<Decimal>> = tuples
            .iter()
            .map(|t| criteria.worst_for_missing(t))
            .collect();
        let fit = TopsisFit::new(&rows, counts, &columns)?;
        Ok(rows
            .iter()
            .map(|row| fit.closeness(row)?.scored())
            .collect())
    }
}

/// One criterion as WPM and TOPSIS see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The criterion's weight (any non-negative scale; only ratios matter).
    pub weight: Decimal,
    /// Bottom of the scale (or of the data, under minmax).
    pub low: Decimal,
    /// Top of the scale (or of the data, under minmax).
    pub high: Decimal,
    /// True when lower ratings are better.
    pub cost: bool,
}

/// Why a method could not score the programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MethodError {
    /// A product, sum or root exceeded what a 96-bit decimal holds.
    Overflow,
    /// Every weight is zero.
    NoWeight,
    /// WPM needs ratings above zero: `(program index, column index)` of the first that is not.
    NotPositive(usize, usize),
    /// TOPSIS cannot place programs that are all identical on every weighted criterion.
    AllIdentical,
    /// The weighted sum could not score the program.
    Sum(ScoreFailure),
}

impl MethodError {
    /// The error with its program index set to `row`.
    fn at(self, row: usize) -> MethodError {
        match self {
            MethodError::NotPositive(_, j) => MethodError::NotPositive(row, j),
            other => other,
        }
    }
}

fn exponents(columns: &[Column]) -> Result<Vec<Decimal>, MethodError> {
    let total = columns
        .iter()
        .try_fold(Decimal::ZERO, |acc, c| acc.checked_add(c.weight))
        .ok_or(MethodError::Overflow)?;
    if total.is_zero() {
        return Err(MethodError::NoWeight);
    }
    columns
        .iter()
        .map(|c| c.weight.checked_div(total).ok_or(MethodError::Overflow))
        .collect()
}

fn quantise(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(METHOD_DP, RoundingStrategy::MidpointAwayFromZero)
}

/// Splits `100 × value` (a quantised WPM or TOPSIS value) into `parts` that add up to it
/// exactly: the score and its points.
fn apportion(
    value: Decimal,
    parts: impl Fn(Decimal) -> Option<Vec<Decimal>>,
) -> Result<Scored, MethodError> {
    let score = value
        .checked_mul(Decimal::ONE_HUNDRED)
        .ok_or(MethodError::Overflow)?;
    let exact = parts(score).ok_or(MethodError::Overflow)?;
    Ok(Scored {
        score,
        contributions: largest_remainder(&exact, score, METHOD_DP - 2),
    })
}

/// One program's weighted product: its value and each criterion's term `(wⱼ/Σw)·ln xⱼ`.
struct Product {
    value: Decimal,
    logs: Vec<Decimal>,
    log_sum: Decimal,
}

impl Product {
    /// The score `100 × value` and the points defined in the module's docs.
    fn scored(&self, exps: &[Decimal]) -> Result<Scored, MethodError> {
        let hundred = Decimal::ONE_HUNDRED;
        apportion(self.value, |score| {
            if self.log_sum.is_zero() {
                return exps.iter().map(|e| score.checked_mul(*e)).collect();
            }
            let shortfall = hundred.checked_sub(score)?;
            exps.iter()
                .zip(&self.logs)
                .map(|(e, log)| {
                    let charge = shortfall.checked_mul(*log)?.checked_div(self.log_sum)?;
                    hundred.checked_mul(*e)?.checked_sub(charge)
                })
                .collect()
        })
    }
}

/// The weighted product of one row; `NotPositive(0, j)` names the first column that is not
/// above zero.
fn wpm_row(row: &[Decimal], columns: &[Column], exps: &[Decimal]) -> Result<Product, MethodError> {
    let mut log_sum = Decimal::ZERO;
    let mut logs = vec![Decimal::ZERO; columns.len()];
    for (j, (rating, column)) in row.iter().zip(columns).enumerate() {
        if exps[j].is_zero() {
            continue;
        }
        if *rating <= Decimal::ZERO || (!column.cost && column.high <= Decimal::ZERO) {
            return Err(MethodError::NotPositive(0, j));
        }
        let x = if column.cost {
            if column.low <= Decimal::ZERO {
                return Err(MethodError::NotPositive(0, j));
            }
            column.low.checked_div(*rating)
        } else {
            rating.checked_div(column.high)
        }
        .ok_or(MethodError::Overflow)?;
        let ln = x.checked_ln().ok_or(MethodError::Overflow)?;
        logs[j] = exps[j].checked_mul(ln).ok_or(MethodError::Overflow)?;
        log_sum = log_sum.checked_add(logs[j]).ok_or(MethodError::Overflow)?;
    }
    let value = log_sum.checked_exp().ok_or(MethodError::Overflow)?;
    Ok(Product {
        value: quantise(value),
        logs,
        log_sum,
    })
}

/// WPM value of each program, `Π (xⱼ)^(wⱼ/Σw)`, in 0..1 for ratings on their scale.
///
/// `ratings[i][j]` is program `i`'s rating on column `j`.
pub fn wpm(ratings: &[Vec<Decimal>], columns: &[Column]) -> Result<Vec<Decimal>, MethodError> {
    let exps = exponents(columns)?;
    ratings
        .iter()
        .enumerate()
        .map(|(i, row)| {
            wpm_row(row, columns, &exps)
                .map(|p| p.value)
                .map_err(|e| e.at(i))
        })
        .collect()
}

/// The ratio `P(a)/P(b)` of two alternatives' weighted products, as in Triantaphyllou's
/// statement of WPM (the normalisation cancels out of the ratio).
pub fn wpm_ratio(a: &[Decimal], b: &[Decimal], columns: &[Column]) -> Result<Decimal, MethodError> {
    let values = wpm(&[a.to_vec(), b.to_vec()], columns)?;
    values[0]
        .checked_div(values[1])
        .ok_or(MethodError::Overflow)
}

/// TOPSIS fitted to the programs compared: each column's weighting factor `(wⱼ/Σw)/√Σ x²`,
/// the ideal and the anti-ideal.
struct TopsisFit {
    exps: Vec<Decimal>,
    /// `√Σᵢ xᵢⱼ²` of each column, `None` when every rating is 0 (the column cannot tell
    /// programs apart and weighs nothing).
    norms: Vec<Option<Decimal>>,
    ideal: Vec<Decimal>,
    anti: Vec<Decimal>,
}

/// One program's TOPSIS closeness and its squared distances from the anti-ideal per column.
struct Closeness {
    value: Decimal,
    below: Vec<Decimal>,
    below_sum: Decimal,
}

impl TopsisFit {
    /// Fits TOPSIS to `rows`, row `k` counted `counts[k]` times (0: not compared).
    fn new(
        rows: &[Vec<Decimal>],
        counts: &[u64],
        columns: &[Column],
    ) -> Result<TopsisFit, MethodError> {
        let exps = exponents(columns)?;
        let m = columns.len();
        let compared = || rows.iter().zip(counts).filter(|(_, n)| **n > 0);
        let mut fit = TopsisFit {
            exps,
            norms: vec![None; m],
            ideal: vec![Decimal::ZERO; m],
            anti: vec![Decimal::ZERO; m],
        };
        for j in 0..m {
            let sum_sq = compared()
                .try_fold(Decimal::ZERO, |acc, (row, n)| {
                    row[j]
                        .checked_mul(row[j])?
                        .checked_mul(Decimal::from(*n))
                        .and_then(|s| acc.checked_add(s))
                })
                .ok_or(MethodError::Overflow)?;
            if sum_sq.is_zero() {
                continue; // every rating is 0: the column cannot tell programs apart
            }
            fit.norms[j] = Some(sum_sq.sqrt().ok_or(MethodError::Overflow)?);
        }
        let mut lo: Vec<Option<Decimal>> = vec![None; m];
        let mut hi: Vec<Option<Decimal>> = vec![None; m];
        for (row, _) in compared() {
            for j in 0..m {
                let v = fit.weighted(row, j)?;
                lo[j] = Some(lo[j].map_or(v, |l| l.min(v)));
                hi[j] = Some(hi[j].map_or(v, |h| h.max(v)));
            }
        }
        for j in 0..m {
            let (lo, hi) = (lo[j].unwrap_or_default(), hi[j].unwrap_or_default());
            (fit.ideal[j], fit.anti[j]) = if columns[j].cost { (lo, hi) } else { (hi, lo) };
        }
        Ok(fit)
    }

    /// `vᵢⱼ = (wⱼ/Σw) · xᵢⱼ / √Σ x²`.
    fn weighted(&self, row: &[Decimal], j: usize) -> Result<Decimal, MethodError> {
        match self.norms[j] {
            None => Ok(Decimal::ZERO),
            Some(norm) => row[j]
                .checked_div(norm)
                .and_then(|r| r.checked_mul(self.exps[j]))
                .ok_or(MethodError::Overflow),
        }
    }

    /// The closeness of one row to the ideal.
    fn closeness(&self, row: &[Decimal]) -> Result<Closeness, MethodError> {
        let mut plus = Decimal::ZERO;
        let mut below = vec![Decimal::ZERO; self.exps.len()];
        let mut below_sum = Decimal::ZERO;
        let square = |a: Decimal, b: Decimal| {
            let d = a.checked_sub(b)?;
            d.checked_mul(d)
        };
        for (j, below) in below.iter_mut().enumerate() {
            let v = self.weighted(row, j)?;
            plus = square(v, self.ideal[j])
                .and_then(|s| plus.checked_add(s))
                .ok_or(MethodError::Overflow)?;
            *below = square(v, self.anti[j]).ok_or(MethodError::Overflow)?;
            below_sum = below_sum.checked_add(*below).ok_or(MethodError::Overflow)?;
        }
        let plus = plus.sqrt().ok_or(MethodError::Overflow)?;
        let minus = below_sum.sqrt().ok_or(MethodError::Overflow)?;
        let both = plus.checked_add(minus).ok_or(MethodError::Overflow)?;
        if both.is_zero() {
            return Err(MethodError::AllIdentical);
        }
        let c = minus.checked_div(both).ok_or(MethodError::Overflow)?;
        Ok(Closeness {
            value: quantise(c),
            below,
            below_sum,
        })
    }
}

impl Closeness {
    /// The score `100 × C` and the points defined in the module's docs.
    fn scored(&self) -> Result<Scored, MethodError> {
        apportion(self.value, |score| {
            if self.below_sum.is_zero() {
                return Some(vec![Decimal::ZERO; self.below.len()]);
            }
            self.below
                .iter()
                .map(|b| score.checked_mul(*b)?.checked_div(self.below_sum))
                .collect()
        })
    }
}

/// TOPSIS closeness coefficient of each program, 0..1 (1 = the ideal program).
pub fn topsis(ratings: &[Vec<Decimal>], columns: &[Column]) -> Result<Vec<Decimal>, MethodError> {
    let fit = TopsisFit::new(ratings, &vec![1; ratings.len()], columns)?;
    ratings
        .iter()
        .map(|row| fit.closeness(row).map(|c| c.value))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn benefit(weight: Decimal) -> Column {
        Column {
            weight,
            low: dec!(1),
            high: dec!(1),
            cost: false,
        }
    }

    fn round3(d: Decimal) -> Decimal {
        d.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
    }

    /// The worked example of the weighted product model in Triantaphyllou (2000), §2.2,
    /// reproduced in Wikipedia's "Weighted product model" article: three alternatives, four
    /// benefit criteria with weights 0.20, 0.15, 0.40, 0.25. Printed: P(A1/A2) = 1.007,
    /// P(A1/A3) = 1.067, P(A2/A3) = 1.059, so A1 is best.
    #[test]
    fn wpm_reproduces_triantaphyllous_example() {
        let columns = [
            benefit(dec!(0.20)),
            benefit(dec!(0.15)),
            benefit(dec!(0.40)),
            benefit(dec!(0.25)),
        ];
        let a1 = [dec!(25), dec!(20), dec!(15), dec!(30)];
        let a2 = [dec!(10), dec!(30), dec!(20), dec!(30)];
        let a3 = [dec!(30), dec!(10), dec!(30), dec!(10)];
        assert_eq!(round3(wpm_ratio(&a1, &a2, &columns).unwrap()), dec!(1.007));
        assert_eq!(round3(wpm_ratio(&a1, &a3, &columns).unwrap()), dec!(1.067));
        assert_eq!(round3(wpm_ratio(&a2, &a3, &columns).unwrap()), dec!(1.059));
    }

    /// Hwang & Yoon (1981)'s fighter-aircraft example, as reproduced in Yoon & Hwang,
    /// *Multiple Attribute Decision Making: An Introduction* (1995): four aircraft, six
    /// attributes (maximum speed, ferry range, payload, cost [a cost attribute], reliability,
    /// manoeuvrability), weights 0.2, 0.1, 0.1, 0.1, 0.2, 0.3; qualitative ratings on the
    /// book's 1–9 scale. Closeness coefficients to three places: 0.643, 0.268, 0.614, 0.312,
    /// so A1 ≻ A3 ≻ A4 ≻ A2 as in the book. (The three-place values were also recomputed
    /// independently in double precision; check them against the printed table when the book
    /// is at hand.)
    #[test]
    fn topsis_reproduces_hwang_and_yoons_aircraft_example() {
        let w = [
            dec!(0.2),
            dec!(0.1),
            dec!(0.1),
            dec!(0.1),
            dec!(0.2),
            dec!(0.3),
        ];
        let columns: Vec<Column> = w
            .iter()
            .enumerate()
            .map(|(j, w)| Column {
                weight: *w,
                low: dec!(1),
                high: dec!(1),
                cost: j == 3,
            })
            .collect();
        let rows = vec![
            vec![
                dec!(2.0),
                dec!(1500),
                dec!(20000),
                dec!(5.5),
                dec!(5),
                dec!(9),
            ],
            vec![
                dec!(2.5),
                dec!(2700),
                dec!(18000),
                dec!(6.5),
                dec!(3),
                dec!(5),
            ],
            vec![
                dec!(1.8),
                dec!(2000),
                dec!(21000),
                dec!(4.5),
                dec!(7),
                dec!(7),
            ],
            vec![
                dec!(2.2),
                dec!(1800),
                dec!(20000),
                dec!(5.0),
                dec!(5),
                dec!(5),
            ],
        ];
        let c: Vec<Decimal> = topsis(&rows, &columns)
            .unwrap()
            .into_iter()
            .map(round3)
            .collect();
        assert_eq!(c, vec![dec!(0.643), dec!(0.268), dec!(0.614), dec!(0.312)]);
    }

    #[test]
    fn wpm_of_top_ratings_is_one_and_zero_is_refused() {
        let columns = [
            Column {
                weight: dec!(2),
                low: dec!(1),
                high: dec!(5),
                cost: false,
            },
            Column {
                weight: dec!(1),
                low: dec!(1),
                high: dec!(5),
                cost: true,
            },
        ];
        assert_eq!(
            wpm(&[vec![dec!(5), dec!(1)]], &columns).unwrap(),
            vec![dec!(1)]
        );
        assert_eq!(
            wpm(&[vec![dec!(0), dec!(1)]], &columns),
            Err(MethodError::NotPositive(0, 0))
        );
    }

    #[test]
    fn equal_products_tie_exactly() {
        let columns = [benefit(dec!(1)), benefit(dec!(1))];
        let cols = [
            Column {
                high: dec!(5),
                ..columns[0]
            },
            Column {
                high: dec!(5),
                ..columns[1]
            },
        ];
        let v = wpm(&[vec![dec!(2), dec!(4)], vec![dec!(4), dec!(2)]], &cols).unwrap();
        assert_eq!(v[0], v[1]);
    }

    #[test]
    fn topsis_of_identical_programs_is_an_error_not_a_panic() {
        let columns = [benefit(dec!(1))];
        assert_eq!(
            topsis(&[vec![dec!(3)], vec![dec!(3)]], &columns),
            Err(MethodError::AllIdentical)
        );
        assert_eq!(
            topsis(&[vec![dec!(3)]], &[benefit(dec!(0))]),
            Err(MethodError::NoWeight)
        );
    }

    use crate::config::Direction;
    use crate::scoring::normalize::Bounds;
    use proptest::prelude::*;

    fn one_to_five(direction: Direction) -> Scale {
        Scale::fixed(
            Bounds {
                low: dec!(1),
                high: dec!(5),
            },
            direction,
        )
    }

    fn tuples(rows: &[&[Option<Decimal>]]) -> Tuples {
        rows.iter().collect()
    }

    #[test]
    fn remembered_ratings_are_each_criterion_s_own_and_survive_forgetting() {
        // Two criteria with different scales read the same ratings: each keeps its own. More
        // distinct ratings than the memo keeps, twice over, so it forgets and fills again;
        // `3.5` and `3.50` are two entries with one value; a missing rating has none.
        let scales = [
            one_to_five(Direction::Benefit),
            Scale::fixed(
                Bounds {
                    low: dec!(0),
                    high: dec!(10),
                },
                Direction::Cost,
            ),
        ];
        let mut normalized = RememberedRatings::default();
        let limit = crate::hash::MEMO_LIMIT;
        let ratings = (0..2 * limit as i64 + 7)
            .map(|k| Some(Decimal::new(10_000 + k % 40_001, 4)))
            .chain([Some(dec!(3.5)), Some(dec!(3.50)), None, Some(dec!(3.5))]);
        for rating in ratings {
            for _ in 0..2 {
                for (i, scale) in scales.iter().enumerate() {
                    assert_eq!(
                        normalized.normalize(i, scale, rating),
                        scale.normalize(rating),
                        "criterion {i}, rating {rating:?}"
                    );
                }
            }
        }
        assert!(
            normalized
                .0
                .iter()
                .all(|c| !c.is_empty() && c.len() <= limit)
        );
    }

    #[test]
    fn wpm_points_charge_the_shortfall_to_the_weak_criterion() {
        // Equal weights; a top rating and a bottom one: S = 100·√0.2. The top-rated criterion
        // keeps its whole half; the other is charged everything the product falls short of
        // 100, more than its half, so its points are below zero.
        let scales = [one_to_five(Direction::Benefit); 2];
        let weights = [dec!(1), dec!(1)];
        let criteria = Criteria {
            weights: &weights,
            scales: &scales,
            missing: MissingPolicy::Worst,
        };
        let rows = tuples(&[
            &[Some(dec!(5)), Some(dec!(1))],
            &[Some(dec!(5)), Some(dec!(5))],
        ]);
        let out = Wpm.score(criteria, &rows, &[1, 1]).unwrap();
        let weak = out[0].as_ref().unwrap();
        assert_eq!(weak.score.round_dp(6), dec!(44.721360));
        assert_eq!(weak.contributions[0], dec!(50));
        assert_eq!(weak.contributions[1], weak.score - dec!(50));
        assert!(weak.contributions[1].is_sign_negative());
        // All at the top: L = 0, the score is split by weight.
        let top = out[1].as_ref().unwrap();
        assert_eq!(top.score, dec!(100));
        assert_eq!(top.contributions, vec![dec!(50), dec!(50)]);
    }

    #[test]
    fn topsis_points_follow_the_distance_from_the_anti_ideal() {
        let scales = [one_to_five(Direction::Benefit); 2];
        let weights = [dec!(1), dec!(1)];
        let criteria = Criteria {
            weights: &weights,
            scales: &scales,
            missing: MissingPolicy::Worst,
        };
        // A is the best on the first criterion and level with B on the second: all of its
        // distance from the anti-ideal, so all of its points, come from the first.
        let rows = tuples(&[
            &[Some(dec!(4)), Some(dec!(2))],
            &[Some(dec!(2)), Some(dec!(2))],
        ]);
        let out = Topsis.score(criteria, &rows, &[1, 1]).unwrap();
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.score, dec!(100));
        assert_eq!(a.contributions, vec![dec!(100), dec!(0)]);
        let b = out[1].as_ref().unwrap();
        assert_eq!(b.score, dec!(0));
        assert_eq!(b.contributions, vec![dec!(0), dec!(0)]);
        // A tuple nobody compares is scored but stays out of the reference set.
        let rows = tuples(&[
            &[Some(dec!(4)), Some(dec!(2))],
            &[Some(dec!(2)), Some(dec!(2))],
            &[Some(dec!(5)), Some(dec!(5))],
        ]);
        let again = Topsis.score(criteria, &rows, &[1, 1, 0]).unwrap();
        assert_eq!(again[..2], out[..]);
        assert!(again[2].is_ok());
        // Counted, it would be the ideal on both criteria and move A off 100.
        let counted = Topsis.score(criteria, &rows, &[1, 1, 1]).unwrap();
        assert_eq!(counted[2].as_ref().unwrap().score, dec!(100));
        assert!(counted[0].as_ref().unwrap().score < dec!(100));
    }

    #[test]
    fn counting_a_tuple_twice_is_listing_it_twice() {
        let scales = [
            one_to_five(Direction::Benefit),
            one_to_five(Direction::Cost),
        ];
        let weights = [dec!(3), dec!(2)];
        let criteria = Criteria {
            weights: &weights,
            scales: &scales,
            missing: MissingPolicy::Worst,
        };
        let a = [Some(dec!(4)), Some(dec!(2))];
        let b = [Some(dec!(2)), None];
        let counted = Topsis.score(criteria, &tuples(&[&a, &b]), &[2, 1]).unwrap();
        let listed = Topsis
            .score(criteria, &tuples(&[&a, &a, &b]), &[1, 1, 1])
            .unwrap();
        assert_eq!(counted[0], listed[0]);
        assert_eq!(counted[1], listed[2]);
    }

    /// Per criterion: weight, bottom of the scale, its width, cost?
    type Columns = Vec<(u32, i64, i64, bool)>;
    /// Per tuple: a rating per criterion in tenths of the width (or missing), and a count.
    type Rows = Vec<(Vec<Option<i64>>, u64)>;

    fn criteria_and_tuples() -> impl Strategy<Value = (Columns, Rows)> {
        (1usize..=6).prop_flat_map(|m| {
            (
                // weight, bottom of the scale, its width, cost?
                prop::collection::vec((0u32..=100, 1i64..=20, 1i64..=100, any::<bool>()), m),
                // each tuple: a rating per criterion as a fraction of the width (in 1/10),
                // sometimes missing, and how many programs have it
                prop::collection::vec(
                    (
                        prop::collection::vec(prop::option::weighted(0.9, 0i64..=10), m),
                        0u64..=3,
                    ),
                    1..=8,
                ),
            )
        })
    }

    proptest! {
        /// For every method and any criteria and ratings, a scored program's points add up to
        /// its score exactly, one per criterion.
        #[test]
        fn points_add_up_to_the_score_exactly((columns, rows) in criteria_and_tuples(), renormalize in any::<bool>()) {
            let weights: Vec<Decimal> = columns.iter().map(|c| Decimal::from(c.0)).collect();
            let scales: Vec<Scale> = columns
                .iter()
                .map(|&(_, low, width, cost)| {
                    Scale::fixed(
                        Bounds { low: Decimal::from(low), high: Decimal::from(low + width) },
                        if cost { Direction::Cost } else { Direction::Benefit },
                    )
                })
                .collect();
            let tuples: Tuples = rows
                .iter()
                .map(|(ratings, _)| {
                    ratings
                        .iter()
                        .zip(&columns)
                        .map(|(r, &(_, low, width, _))| {
                            r.map(|tenths| Decimal::from(low) + Decimal::from(width * tenths) / Decimal::TEN)
                        })
                        .collect::<Vec<_>>()
                })
                .collect();
            let counts: Vec<u64> = rows.iter().map(|(_, n)| *n).collect();
            let criteria = Criteria {
                weights: &weights,
                scales: &scales,
                missing: if renormalize { MissingPolicy::Renormalize } else { MissingPolicy::Worst },
            };
            let any_weight = weights.iter().any(|w| !w.is_zero());
            for method in [Method::Wsm, Method::Wpm, Method::Topsis] {
                let scorer = method.scorer();
                prop_assert_eq!(scorer.method(), method);
                let outcomes = match scorer.score(criteria, &tuples, &counts) {
                    Ok(outcomes) => outcomes,
                    Err(e) => {
                        prop_assert!(!any_weight, "{} failed: {:?}", method, e);
                        continue;
                    }
                };
                prop_assert_eq!(outcomes.len(), tuples.len());
                for (k, outcome) in outcomes.iter().enumerate() {
                    match outcome {
                        Ok(s) => {
                            prop_assert_eq!(s.contributions.len(), weights.len());
                            let total = s
                                .contributions
                                .iter()
                                .try_fold(Decimal::ZERO, |acc, c| acc.checked_add(*c))
                                .unwrap();
                            prop_assert_eq!(total, s.score, "{} tuple {}", method, k);
                        }
                        // Ratings start at 1, so WPM never fails; the weighted sum fails only
                        // with nothing to weigh, TOPSIS only on a program level with both
                        // the ideal and the anti-ideal.
                        Err(MethodError::Sum(_)) => prop_assert!(method == Method::Wsm),
                        Err(MethodError::AllIdentical) => prop_assert!(method == Method::Topsis),
                        Err(e) => prop_assert!(false, "{} tuple {}: {:?}", method, k, e),
                    }
                }
                if method == Method::Wsm {
                    // One memo for every tuple, as a thread of the pipeline keeps it.
                    let mut memo = WeightedSumMemo::default();
                    // The same scores as the weighted sum itself.
                    for (t, outcome) in tuples.iter().zip(&outcomes) {
                        let terms: Vec<Term> = t
                            .iter()
                            .zip(&scales)
                            .zip(&weights)
                            .map(|((r, s), w)| Term { weight: *w, normalized: s.normalize(*r).unwrap() })
                            .collect();
                        let direct = super::super::weighted_score(&terms, criteria.missing).ok().map(|b| b.score);
                        prop_assert_eq!(outcome.as_ref().ok().map(|s| s.score), direct);
                        // The score alone, which ranking reads, is that score, and fails
                        // exactly where the breakdown does.
                        let alone = wsm_score(criteria, t, &mut memo);
                        prop_assert_eq!(alone.ok(), direct);
                        prop_assert_eq!(wsm(criteria, t).is_ok(), alone.is_ok());
                    }
                }
            }
        }
    }
}
