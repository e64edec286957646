//! Exact scoring: pure `Decimal` arithmetic, no I/O.
//!
//! The score is the weighted sum model (simple additive weighting) the article's priority
//! chart implies, scaled to 0–100:
//!
//! ```text
//! score = 100 × Σ wᵢ·nᵢ / Σ wᵢ
//! ```
//!
//! with `nᵢ` the normalised rating (see [`normalize`]). Every operation is checked, so a
//! huge value is an error rather than a panic. The sum is divided once, at the end, so two
//! programs with the same weighted sum get bit-for-bit the same score; the result is then
//! quantised to [`SCORE_DP`] places so that the last-digit noise of a non-terminating
//! division (a scale of 0 to 3, say) cannot split a real tie.

pub mod methods;
pub mod normalize;
pub mod scale;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places kept in an exact score (far beyond the 1–2 places ever shown).
pub const SCORE_DP: u32 = 20;

/// Distinct ratings tuples, one rating per criterion in config order (`None` when
/// missing), kept flat: tuple `t` is `tuples[t]`.
pub type Tuples = crate::flat::FlatRows<Option<Decimal>>;

/// What to do with a missing rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingPolicy {
    /// Count it as the worst value (normalised 0), keeping its weight. The default.
    #[default]
    Worst,
    /// Leave the criterion out of this program's score and divide by the weights present.
    Renormalize,
    /// Refuse the input.
    Error,
}

/// One criterion's input to a program's score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The criterion's weight.
    pub weight: Decimal,
    /// The normalised rating, or `None` when the rating is missing.
    pub normalized: Option<Decimal>,
}

/// A program's score and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    /// The score, 0–100 for ratings on their scale, quantised to [`SCORE_DP`] places.
    pub score: Decimal,
    /// Per criterion: the weight as a fraction of the weights counted (0 when left out).
    pub shares: Vec<Decimal>,
    /// Per criterion: the points contributed, `100 × wᵢ·nᵢ / Σ w` (before quantising).
    pub points: Vec<Decimal>,
    /// Per criterion: the normalised value used (0 for a missing rating).
    pub normalized: Vec<Decimal>,
}

/// Why a score could not be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreError {
    /// A product or sum exceeded what a 96-bit decimal holds.
    Overflow,
    /// Under `renormalize`, every rating with a positive weight is missing.
    NothingToScore,
}

/// Why one program's ratings could not be scored by the weighted sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreFailure {
    /// Criterion `.0` could not be normalised.
    Normalize(usize, normalize::NormalizeError),
    /// The weighted sum could not be computed.
    Score(ScoreError),
}

/// The weights counted in a program's score: every criterion's, or under `renormalize`
/// only those of the ratings present.
fn counted(term: &Term, policy: MissingPolicy) -> bool {
    term.normalized.is_some() || policy != MissingPolicy::Renormalize
}

/// Computes the score of one program alone, `100 × Σ wᵢ·nᵢ / Σ w`: what ranking needs. The
/// one implementation of the score; [`weighted_score`] adds where it came from.
pub fn score(terms: &[Term], policy: MissingPolicy) -> Result<Decimal, ScoreError> {
    score_and_total(terms, policy).map(|(score, _)| score)
}

/// [`score`], and `Σ w` over the weights counted, which it divides by.
fn score_and_total(
    terms: &[Term],
    policy: MissingPolicy,
) -> Result<(Decimal, Decimal), ScoreError> {
    let total_weight = total_weight(terms, policy)?;
    let mut weighted_sum = Decimal::ZERO;
    for term in terms {
        let product = term
            .weight
            .checked_mul(term.normalized.unwrap_or(Decimal::ZERO))
            .ok_or(ScoreError::Overflow)?;
        weighted_sum = weighted_sum
            .checked_add(product)
            .ok_or(ScoreError::Overflow)?;
    }
    let score = Decimal::ONE_HUNDRED
        .checked_mul(weighted_sum)
        .and_then(|s| s.checked_div(total_weight))
        .ok_or(ScoreError::Overflow)?
        .round_dp_with_strategy(SCORE_DP, RoundingStrategy::MidpointAwayFromZero);
    Ok((score, total_weight))
}

/// `Σ w` over the weights counted; an error when it is zero.
fn total_weight(terms: &[Term], policy: MissingPolicy) -> Result<Decimal, ScoreError> {
    let total = terms
        .iter()
        .filter(|t| counted(t, policy))
        .try_fold(Decimal::ZERO, |acc, t| acc.checked_add(t.weight))
        .ok_or(ScoreError::Overflow)?;
    if total.is_zero() {
        return Err(ScoreError::NothingToScore);
    }
    Ok(total)
}

/// Computes the weighted score of one program ([`score`]) and where it came from: each
/// criterion's share of the weights and its points.
///
/// Once [`score`] succeeds this cannot fail: weights are non-negative and normalised
/// ratings lie in 0..1 (ratings are checked against their scale as they are read), so each
/// `wᵢ·nᵢ` is at most their sum, each point at most the score and each share at most 1.
/// The checks stay, for terms built otherwise.
pub fn weighted_score(terms: &[Term], policy: MissingPolicy) -> Result<Breakdown, ScoreError> {
    let (score, total_weight) = score_and_total(terms, policy)?;
    let hundred = Decimal::ONE_HUNDRED;
    let mut shares = Vec::with_capacity(terms.len());
    let mut points = Vec::with_capacity(terms.len());
    let mut normalized = Vec::with_capacity(terms.len());
    for term in terms {
        let n = term.normalized.unwrap_or(Decimal::ZERO);
        let (share, point) = if counted(term, policy) {
            let product = term.weight.checked_mul(n).ok_or(ScoreError::Overflow)?;
            let share = term
                .weight
                .checked_div(total_weight)
                .ok_or(ScoreError::Overflow)?;
            let point = hundred
                .checked_mul(product)
                .and_then(|p| p.checked_div(total_weight))
                .ok_or(ScoreError::Overflow)?;
            (share, point)
        } else {
            (Decimal::ZERO, Decimal::ZERO)
        };
        shares.push(share);
        points.push(point);
        normalized.push(n);
    }
    Ok(Breakdown {
        score,
        shares,
        points,
        normalized,
    })
}

/// Rounds `parts` to `dp` places so that they add up exactly to `total` rounded half away
/// from zero to `dp` places (largest-remainder, or Hamilton's, method).
///
/// Every part is first rounded down; the units of `10^-dp` still missing go one each to the
/// parts with the largest remainders (ties to the earlier part). If the exact parts overshoot
/// the rounded total, units are taken back from the smallest remainders. No part moves by
/// more than one unit from its exact value unless the parts do not add up to `total`.
pub fn largest_remainder(parts: &[Decimal], total: Decimal, dp: u32) -> Vec<Decimal> {
    let unit = Decimal::new(1, dp);
    let target = total.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let mut rounded: Vec<Decimal> = parts
        .iter()
        .map(|p| p.round_dp_with_strategy(dp, RoundingStrategy::ToNegativeInfinity))
        .collect();
    if parts.is_empty() {
        return rounded;
    }
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // Largest remainder first; stable, so ties go to the earlier part. (Rounding down never
    // moves a part by a unit or more, so the remainders cannot overflow.)
    let remainder = |i: usize| parts[i].saturating_sub(rounded[i]);
    order.sort_by_key(|&i| std::cmp::Reverse(remainder(i)));
    // Units still missing (negative: too many). Checked: parts derived from huge weights
    // may not add up within a decimal; then the plainly rounded parts are the answer.
    let missing = rounded
        .iter()
        .try_fold(Decimal::ZERO, |acc, r| acc.checked_add(*r))
        .and_then(|sum| target.checked_sub(sum))
        .and_then(|gap| gap.checked_div(unit))
        .map(|units| units.round());
    let Some(missing) = missing.filter(|m| !m.is_zero()) else {
        return rounded;
    };
    // Unit `u` (0, 1, …) goes to (or is taken from) `order[u % n]`, counted from the largest
    // remainder when adding and from the smallest when taking back: each part gets
    // `⌊|missing| / n⌋` units, and the first `|missing| mod n` one more.
    let n = Decimal::from(order.len());
    let (each, extra) = (
        (missing.abs() / n).floor(),
        (missing.abs() % n).to_usize().unwrap_or(0),
    );
    if missing.is_sign_negative() {
        order.reverse();
    }
    let adjusted: Option<Vec<(usize, Decimal)>> = order
        .iter()
        .enumerate()
        .map(|(pos, &i)| {
            let units = if pos < extra {
                each.checked_add(Decimal::ONE)?
            } else {
                each
            };
            let delta = units.checked_mul(unit)?;
            let moved = if missing.is_sign_negative() {
                rounded[i].checked_sub(delta)
            } else {
                rounded[i].checked_add(delta)
            }?;
            Some((i, moved))
        })
        .collect();
    for (i, value) in adjusted.into_iter().flatten() {
        rounded[i] = value;
    }
    rounded
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn term(weight: Decimal, n: Option<Decimal>) -> Term {
        Term {
            weight,
            normalized: n,
        }
    }

    #[test]
    fn all_best_scores_one_hundred_and_all_worst_zero() {
        let best: Vec<Term> = [90, 80, 75, 70, 50]
            .iter()
            .map(|w| term(Decimal::from(*w), Some(dec!(1))))
            .collect();
        assert_eq!(
            weighted_score(&best, MissingPolicy::Worst).unwrap().score,
            dec!(100)
        );
        let worst: Vec<Term> = best.iter().map(|t| term(t.weight, Some(dec!(0)))).collect();
        assert_eq!(
            weighted_score(&worst, MissingPolicy::Worst).unwrap().score,
            dec!(0)
        );
    }

    #[test]
    fn worked_example_from_the_article_weights() {
        // ratings 4, 3, 3, 4, 3 on 1–5: Σ w·n = 90·.75 + 80·.5 + 75·.5 + 70·.75 + 50·.5 = 222.5
        let terms = [
            term(dec!(90), Some(dec!(0.75))),
            term(dec!(80), Some(dec!(0.5))),
            term(dec!(75), Some(dec!(0.5))),
            term(dec!(70), Some(dec!(0.75))),
            term(dec!(50), Some(dec!(0.5))),
        ];
        let b = weighted_score(&terms, MissingPolicy::Worst).unwrap();
        // 100 × 222.5 / 365 = 60.958904109589041095890410958…
        assert_eq!(b.score, dec!(60.95890410958904109589));
        assert_eq!(b.points[0], dec!(100) * dec!(67.5) / dec!(365));
        assert_eq!(b.shares[4], dec!(50) / dec!(365));
    }

    #[test]
    fn missing_counts_as_worst_or_is_left_out() {
        let terms = [term(dec!(1), Some(dec!(1))), term(dec!(1), None)];
        let worst = weighted_score(&terms, MissingPolicy::Worst).unwrap();
        assert_eq!(worst.score, dec!(50));
        assert_eq!(worst.shares, vec![dec!(0.5), dec!(0.5)]);
        let renorm = weighted_score(&terms, MissingPolicy::Renormalize).unwrap();
        assert_eq!(renorm.score, dec!(100));
        assert_eq!(renorm.shares, vec![dec!(1), dec!(0)]);
        assert_eq!(renorm.points, vec![dec!(100), dec!(0)]);
    }

    #[test]
    fn nothing_to_score_is_an_error() {
        let terms = [term(dec!(1), None), term(dec!(0), Some(dec!(1)))];
        assert_eq!(
            weighted_score(&terms, MissingPolicy::Renormalize),
            Err(ScoreError::NothingToScore)
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_panic() {
        let terms = [
            term(Decimal::MAX, Some(dec!(2))),
            term(dec!(1), Some(dec!(1))),
        ];
        assert_eq!(
            weighted_score(&terms, MissingPolicy::Worst),
            Err(ScoreError::Overflow)
        );
    }

    #[test]
    fn equal_weighted_sums_are_equal_scores() {
        // 4,3,3,4,3 and 3,5,3,3,3 have the same weighted sum under 90/80/75/70/50.
        let a = [dec!(0.75), dec!(0.5), dec!(0.5), dec!(0.75), dec!(0.5)];
        let b = [dec!(0.5), dec!(1), dec!(0.5), dec!(0.5), dec!(0.5)];
        let weights = [dec!(90), dec!(80), dec!(75), dec!(70), dec!(50)];
        let score = |ns: [Decimal; 5]| {
            let terms: Vec<Term> = weights
                .iter()
                .zip(ns)
                .map(|(w, n)| term(*w, Some(n)))
                .collect();
            weighted_score(&terms, MissingPolicy::Worst).unwrap().score
        };
        assert_eq!(score(a), score(b));
    }
}
