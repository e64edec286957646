//! Exact, closed-form sensitivity of the weighted sum: how far one weight or one rating can
//! move before the ranking changes. Pure `Decimal` arithmetic, no I/O, no sweeping.
//!
//! The score `100 × Σ wⱼ·nᵢⱼ / Σ wⱼ` is linear in each normalised rating, and the *difference*
//! between two programs' weighted sums is linear in each weight (the denominator `Σ w` is
//! shared, and positive, so it never changes a comparison). Every break point is therefore
//! the root of a linear equation, solved with one checked division (the one-at-a-time
//! sensitivity analysis of Triantaphyllou & Sánchez, "A sensitivity analysis approach for some
//! deterministic multi-criteria decision-making methods", *Decision Sciences* 28(1), 1997).
//!
//! Shown parts are rounded with [`crate::scoring::largest_remainder`], so they add up to the
//! rounded total (Hamilton's method of apportionment).

use crate::config::Direction;
use crate::scoring::normalize::{Bounds, normalize};
use crate::scoring::{MissingPolicy, ScoreError, Term, weighted_score};
use rust_decimal::{Decimal, RoundingStrategy};

/// The interval of one criterion's weight (all other weights fixed) over which the winner
/// stays #1, ties allowed at the ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightRange {
    /// Index of the criterion.
    pub criterion: usize,
    /// Its current weight.
    pub weight: Decimal,
    /// The lowest weight that keeps the winner #1 (0 when nothing overtakes it).
    pub low: Decimal,
    /// The highest such weight; `None` when no weight is too high.
    pub high: Option<Decimal>,
    /// The program (index) that takes over below `low`, if any.
    pub below: Option<usize>,
    /// The program (index) that takes over above `high`, if any.
    pub above: Option<usize>,
}

/// One-at-a-time weight intervals for `winner`, in closed form.
///
/// `values[i][j]` is program `i`'s normalised rating on criterion `j` (0 for a missing rating,
/// as under `--missing worst`), `weights[j]` the criterion's weight. Between programs `w` and
/// `i`, with `t` the weight of criterion `k` and `Bᵢ = Σ_{j≠k} wⱼ·nᵢⱼ`, the winner stays
/// ahead while `(B_w − Bᵢ) + t·(n_wk − nᵢk) ≥ 0`: a half-line in `t`. The interval is the
/// intersection of those half-lines with `t ≥ 0`. Where several programs reach a bound at
/// the same weight, the one whose score moves fastest beyond it is named (then the earlier
/// index, i.e. the better-ranked).
pub fn weight_ranges(
    weights: &[Decimal],
    values: &[Vec<Decimal>],
    winner: usize,
) -> Result<Vec<WeightRange>, ScoreError> {
    let partial = |i: usize, k: usize| -> Result<Decimal, ScoreError> {
        weights
            .iter()
            .zip(&values[i])
            .enumerate()
            .filter(|(j, _)| *j != k)
            .try_fold(Decimal::ZERO, |acc, (_, (w, n))| {
                w.checked_mul(*n).and_then(|p| acc.checked_add(p))
            })
            .ok_or(ScoreError::Overflow)
    };
    let mut ranges = Vec::with_capacity(weights.len());
    for (k, weight) in weights.iter().enumerate() {
        let b_w = partial(winner, k)?;
        // (bound, steepness, index) of the binding program at each end.
        let mut low: Option<(Decimal, Decimal, usize)> = None;
        let mut high: Option<(Decimal, Decimal, usize)> = None;
        for i in 0..values.len() {
            if i == winner {
                continue;
            }
            let a = b_w
                .checked_sub(partial(i, k)?)
                .ok_or(ScoreError::Overflow)?;
            let d = values[winner][k]
                .checked_sub(values[i][k])
                .ok_or(ScoreError::Overflow)?;
            if d.is_sign_positive() && !d.is_zero() {
                // a + t·d ≥ 0  ⇔  t ≥ −a/d
                let bound = (-a).checked_div(d).ok_or(ScoreError::Overflow)?;
                if bound > Decimal::ZERO {
                    let better = match low {
                        None => true,
                        Some((b, s, _)) => bound > b || (bound == b && d > s),
                    };
                    if better {
                        low = Some((bound, d, i));
                    }
                }
            } else if d.is_sign_negative() && !d.is_zero() {
                // a + t·d ≥ 0  ⇔  t ≤ a/(−d)
                let bound = a.checked_div(-d).ok_or(ScoreError::Overflow)?;
                let better = match high {
                    None => true,
                    Some((b, s, _)) => bound < b || (bound == b && -d > s),
                };
                if better {
                    high = Some((bound, -d, i));
                }
            }
        }
        ranges.push(WeightRange {
            criterion: k,
            weight: *weight,
            low: low.map_or(Decimal::ZERO, |(b, _, _)| b),
            high: high.map(|(b, _, _)| b.max(Decimal::ZERO)),
            below: low.map(|(_, _, i)| i),
            above: high.map(|(_, _, i)| i),
        });
    }
    Ok(ranges)
}

/// What "to reach #1" needs to know about one program and one criterion.
#[derive(Debug, Clone, Copy)]
pub struct Reach<'a> {
    /// The program's terms as scored (weights and normalised ratings, `None` when missing).
    pub terms: &'a [Term],
    /// How missing ratings are scored.
    pub policy: MissingPolicy,
    /// The criterion whose rating may change.
    pub criterion: usize,
    /// Its scale.
    pub scale: Bounds,
    /// Benefit or cost.
    pub direction: Direction,
    /// The best score among the other ranked programs; `None` when there are none.
    pub target: Option<Decimal>,
}

/// The rating step of "to reach #1": two decimal places.
pub const REACH_DP: u32 = 2;

impl Reach<'_> {
    /// The program's exact score (as the ranking computes it) with `rating` on the criterion.
    pub fn score_with(&self, rating: Decimal) -> Result<Decimal, ScoreError> {
        let n = normalize(rating, self.scale, self.direction).map_err(|_| ScoreError::Overflow)?;
        let mut terms = self.terms.to_vec();
        terms[self.criterion].normalized = Some(n);
        Ok(weighted_score(&terms, self.policy)?.score)
    }

    /// True when `rating` makes the program #1 (ties allowed: a shared rank 1 counts).
    pub fn is_first_with(&self, rating: Decimal) -> Result<bool, ScoreError> {
        match self.target {
            None => Ok(true),
            Some(target) => Ok(self.score_with(rating)? >= target),
        }
    }

    /// The least change to the rating that makes the program #1, on the 0.01 grid, within
    /// the scale; `None` when no rating on the scale is enough.
    ///
    /// For a benefit criterion this is the *lowest* sufficient rating, rounded up; for a cost
    /// criterion (lower is better) it is the *highest* sufficient rating, rounded down. The
    /// break point comes from the closed form
    /// `n* = (T·W/100 − Σ_{j≠k} wⱼ·nⱼ) / w_k` (`T` the score to match, `W` the weights
    /// counted); the rounded rating is then checked against the ranking's own arithmetic,
    /// which may move it by one 0.01 step where a non-terminating division was rounded.
    pub fn rating(&self) -> Result<Option<Decimal>, ScoreError> {
        let (low, high) = (self.scale.low, self.scale.high);
        let cost = self.direction == Direction::Cost;
        // The end of the scale that is worst for the program, and the one that is best.
        let (worst, best) = if cost { (high, low) } else { (low, high) };
        let Some(target) = self.target else {
            return Ok(Some(worst));
        };
        let weight = self.terms[self.criterion].weight;
        let step = Decimal::new(1, REACH_DP);
        let candidate = if weight.is_zero() {
            worst
        } else {
            let counted = |(j, t): &(usize, &Term)| {
                *j == self.criterion
                    || t.normalized.is_some()
                    || self.policy != MissingPolicy::Renormalize
            };
            let total: Decimal = self
                .terms
                .iter()
                .enumerate()
                .filter(counted)
                .try_fold(Decimal::ZERO, |acc, (_, t)| acc.checked_add(t.weight))
                .ok_or(ScoreError::Overflow)?;
            let others = self
                .terms
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != self.criterion)
                .try_fold(Decimal::ZERO, |acc, (_, t)| {
                    t.weight
                        .checked_mul(t.normalized.unwrap_or_default())
                        .and_then(|p| acc.checked_add(p))
                })
                .ok_or(ScoreError::Overflow)?;
            let numerator = target
                .checked_mul(total)
                .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED))
                .and_then(|x| x.checked_sub(others))
                .ok_or(ScoreError::Overflow)?;
            let span = high.checked_sub(low).ok_or(ScoreError::Overflow)?;
            // n* = numerator / w_k. A tiny weight next to large ones can put n* (or the
            // rating it stands for) beyond any decimal; the weight is positive, so n* has
            // the numerator's sign: far above the scale (start from its best end, which the
            // check below finds not enough) or far below it (the worst end is enough).
            let offset = numerator
                .checked_div(weight)
                .and_then(|n_star| n_star.checked_mul(span));
            let rating = offset.and_then(|offset| {
                if cost {
                    high.checked_sub(offset)
                } else {
                    low.checked_add(offset)
                }
            });
            match rating {
                None if numerator.is_sign_positive() => best,
                None => worst,
                Some(r) if cost => r
                    .round_dp_with_strategy(REACH_DP, RoundingStrategy::ToNegativeInfinity)
                    .min(high)
                    .max(low.saturating_sub(step)),
                Some(r) => r
                    .round_dp_with_strategy(REACH_DP, RoundingStrategy::ToPositiveInfinity)
                    .max(low)
                    .min(high.saturating_add(step)),
            }
        };
        // Towards the program's advantage, and back.
        // Saturating: a step past the largest decimal stays there, and is then off the scale.
        let better = |r: Decimal| {
            if cost {
                r.saturating_sub(step)
            } else {
                r.saturating_add(step)
            }
        };
        let worse = |r: Decimal| {
            if cost {
                r.saturating_add(step)
            } else {
                r.saturating_sub(step)
            }
        };
        let on_scale = |r: Decimal| r >= low && r <= high;
        let mut rating = candidate;
        for _ in 0..3 {
            if on_scale(rating) && self.is_first_with(rating)? {
                break;
            }
            rating = better(rating);
        }
        if !on_scale(rating) || !self.is_first_with(rating)? {
            // Even the best end of the scale is not enough?
            return if self.is_first_with(best)? {
                Ok(Some(best))
            } else {
                Ok(None)
            };
        }
        for _ in 0..3 {
            let next = worse(rating);
            if on_scale(next) && self.is_first_with(next)? {
                rating = next;
            } else {
                break;
            }
        }
        Ok(Some(rating.normalize()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::largest_remainder;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn largest_remainder_sums_to_the_rounded_total() {
        let parts = [
            dec!(24.657),
            dec!(21.918),
            dec!(10.274),
            dec!(9.589),
            dec!(10.274),
        ];
        let total: Decimal = parts.iter().sum(); // 76.712
        let r = largest_remainder(&parts, total, 2);
        assert_eq!(r.iter().sum::<Decimal>(), dec!(76.71));
        assert_eq!(
            r,
            vec![
                dec!(24.66),
                dec!(21.92),
                dec!(10.27),
                dec!(9.59),
                dec!(10.27)
            ]
        );
        // Three thirds of 100: 33.34 + 33.33 + 33.33.
        let third = dec!(100) / dec!(3);
        assert_eq!(
            largest_remainder(&[third, third, third], dec!(100), 2),
            vec![dec!(33.34), dec!(33.33), dec!(33.33)]
        );
    }

    #[test]
    fn weight_range_of_a_two_program_example() {
        // A: (1, 0), B: (0, 1); weights 2 and 1. A wins while w0 ≥ 1 and w1 ≤ 2.
        let values = vec![vec![dec!(1), dec!(0)], vec![dec!(0), dec!(1)]];
        let r = weight_ranges(&[dec!(2), dec!(1)], &values, 0).unwrap();
        assert_eq!((r[0].low, r[0].high), (dec!(1), None));
        assert_eq!((r[0].below, r[0].above), (Some(1), None));
        assert_eq!((r[1].low, r[1].high), (dec!(0), Some(dec!(2))));
        assert_eq!((r[1].below, r[1].above), (None, Some(1)));
    }

    #[test]
    fn reach_with_a_tiny_weight_is_an_answer_not_an_overflow() {
        let tiny = Decimal::new(1, 28);
        let terms = [
            Term {
                weight: dec!(1e27),
                normalized: Some(dec!(0)),
            },
            Term {
                weight: tiny,
                normalized: Some(dec!(0)),
            },
        ];
        // n* = 5e26 / 1e-28 is far beyond a decimal: no rating on the scale is enough.
        assert_eq!(reach(&terms, 1, Some(dec!(50))).rating(), Ok(None));
        // A target already met: the worst end of the scale is enough.
        assert_eq!(reach(&terms, 1, Some(dec!(0))).rating(), Ok(Some(dec!(1))));
        // And the large weight's own criterion still answers exactly.
        assert_eq!(reach(&terms, 0, Some(dec!(50))).rating(), Ok(Some(dec!(3))));
    }

    fn reach(terms: &[Term], criterion: usize, target: Option<Decimal>) -> Reach<'_> {
        Reach {
            terms,
            policy: MissingPolicy::Worst,
            criterion,
            scale: Bounds {
                low: dec!(1),
                high: dec!(5),
            },
            direction: Direction::Benefit,
            target,
        }
    }

    #[test]
    fn reach_of_the_article_example() {
        // Ratings 4,3,3,4,3 (score 60.96); to reach 76.71 on faculty quality alone:
        // 100·(222.5 − 67.5 + 90·n)/365 ≥ 76.71…  ⇒  n ≥ 1.38… > 1: not reachable.
        let n = |r: Decimal| (r - dec!(1)) / dec!(4);
        let w = [dec!(90), dec!(80), dec!(75), dec!(70), dec!(50)];
        let ratings = [dec!(4), dec!(3), dec!(3), dec!(4), dec!(3)];
        let terms: Vec<Term> = w
            .iter()
            .zip(ratings)
            .map(|(w, r)| Term {
                weight: *w,
                normalized: Some(n(r)),
            })
            .collect();
        assert_eq!(reach(&terms, 0, Some(dec!(76.71))).rating().unwrap(), None);
        // To match 62.33 (Eastbrook), faculty quality 4.23 is enough (n ≥ 0.8056…, r ≥ 4.2224…).
        let target = dec!(62.33);
        let r = reach(&terms, 0, Some(target)).rating().unwrap().unwrap();
        assert_eq!(r, dec!(4.23));
        // Already #1 with no rivals: the bottom of the scale is enough.
        assert_eq!(reach(&terms, 0, None).rating().unwrap(), Some(dec!(1)));
    }

    fn small_matrix() -> impl Strategy<Value = (Vec<Decimal>, Vec<Vec<Decimal>>)> {
        (2usize..=4, 2usize..=5).prop_flat_map(|(m, n)| {
            (
                prop::collection::vec((0u32..=10).prop_map(Decimal::from), m),
                prop::collection::vec(
                    prop::collection::vec((0u32..=4).prop_map(|q| Decimal::from(q) / dec!(4)), m),
                    n,
                ),
            )
        })
    }

    fn winner_is_first(weights: &[Decimal], values: &[Vec<Decimal>], winner: usize) -> bool {
        let score = |row: &Vec<Decimal>| {
            let terms: Vec<Term> = weights
                .iter()
                .zip(row)
                .map(|(w, n)| Term {
                    weight: *w,
                    normalized: Some(*n),
                })
                .collect();
            weighted_score(&terms, MissingPolicy::Worst).unwrap().score
        };
        let top = score(&values[winner]);
        values.iter().all(|row| score(row) <= top)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The closed-form interval matches a brute-force sweep of the weight in 0.25 steps.
        #[test]
        fn weight_ranges_match_a_brute_force_sweep((weights, values) in small_matrix()) {
            prop_assume!(weights.iter().any(|w| !w.is_zero()));
            // The current winner by the ranking's own scores.
            let winner = (0..values.len())
                .find(|&i| winner_is_first(&weights, &values, i))
                .unwrap();
            let ranges = weight_ranges(&weights, &values, winner).unwrap();
            for range in &ranges {
                let k = range.criterion;
                let others: Decimal = weights.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, w)| *w).sum();
                for step in 0..=80u32 {
                    let t = Decimal::from(step) / dec!(4);
                    if t.is_zero() && others.is_zero() {
                        continue; // no weight left to score with
                    }
                    let mut w = weights.clone();
                    w[k] = t;
                    let inside = t >= range.low && range.high.is_none_or(|h| t <= h);
                    prop_assert_eq!(winner_is_first(&w, &values, winner), inside,
                        "criterion {} weight {} range {:?}", k, t, range);
                }
                // The named takers-over really are ahead just beyond each end.
                if let Some(i) = range.below {
                    let mut w = weights.clone();
                    w[k] = range.low - dec!(0.001);
                    prop_assert!(!winner_is_first(&w, &values, winner));
                    prop_assert!(i != winner);
                }
                if let (Some(i), Some(h)) = (range.above, range.high) {
                    let mut w = weights.clone();
                    w[k] = h + dec!(0.001);
                    prop_assert!(!winner_is_first(&w, &values, winner));
                    prop_assert!(i != winner);
                }
            }
        }

        /// "To reach #1" gives a rating that makes the program #1, and 0.01 less does not.
        #[test]
        fn reach_rating_is_enough_and_one_step_less_is_not(
            weights in prop::collection::vec((0u32..=100).prop_map(Decimal::from), 5),
            ratings in prop::collection::vec(1u32..=5, 5),
            criterion in 0usize..5,
            target_cents in 0u32..=10000,
        ) {
            prop_assume!(weights.iter().any(|w| !w.is_zero()));
            let terms: Vec<Term> = weights.iter().zip(&ratings).map(|(w, r)| Term {
                weight: *w,
                normalized: Some((Decimal::from(*r) - dec!(1)) / dec!(4)),
            }).collect();
            let target = Decimal::new(i64::from(target_cents), 2);
            let reach = reach(&terms, criterion, Some(target));
            match reach.rating().unwrap() {
                Some(r) => {
                    prop_assert!(reach.is_first_with(r).unwrap());
                    let less = r - dec!(0.01);
                    if less >= dec!(1) {
                        prop_assert!(!reach.is_first_with(less).unwrap(), "{} also enough", less);
                    }
                }
                None => prop_assert!(!reach.is_first_with(dec!(5)).unwrap()),
            }
        }
    }
}
