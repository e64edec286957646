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

use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places kept in an exact score (far beyond the 1–2 places ever shown).
pub const SCORE_DP: u32 = 20;

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

/// Computes the weighted score of one program.
pub fn weighted_score(terms: &[Term], policy: MissingPolicy) -> Result<Breakdown, ScoreError> {
    let counted = |t: &Term| t.normalized.is_some() || policy != MissingPolicy::Renormalize;
    let total_weight = terms
        .iter()
        .filter(|t| counted(t))
        .try_fold(Decimal::ZERO, |acc, t| acc.checked_add(t.weight))
        .ok_or(ScoreError::Overflow)?;
    if total_weight.is_zero() {
        return Err(ScoreError::NothingToScore);
    }
    let hundred = Decimal::ONE_HUNDRED;
    let mut weighted_sum = Decimal::ZERO;
    let mut shares = Vec::with_capacity(terms.len());
    let mut points = Vec::with_capacity(terms.len());
    let mut normalized = Vec::with_capacity(terms.len());
    for term in terms {
        let n = term.normalized.unwrap_or(Decimal::ZERO);
        let product = term.weight.checked_mul(n).ok_or(ScoreError::Overflow)?;
        weighted_sum = weighted_sum
            .checked_add(product)
            .ok_or(ScoreError::Overflow)?;
        let (share, point) = if counted(term) {
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
    let score = hundred
        .checked_mul(weighted_sum)
        .and_then(|s| s.checked_div(total_weight))
        .ok_or(ScoreError::Overflow)?
        .round_dp_with_strategy(SCORE_DP, RoundingStrategy::MidpointAwayFromZero);
    Ok(Breakdown {
        score,
        shares,
        points,
        normalized,
    })
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
