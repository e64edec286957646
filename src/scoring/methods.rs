//! Other scoring methods, as a cross-check on the weighted sum: the weighted product model
//! (WPM) and TOPSIS. Pure `Decimal` arithmetic, no I/O.
//!
//! The weighted sum is what the article's chart implies, and it stays the default. A ranking
//! that the other two methods agree with is less of an artefact of how the sum trades one
//! criterion off against another.
//!
//! Both methods here work on the *ratings* (a missing rating counts as the worst end of its
//! scale), not on progrank's 0–1 normalised values:
//!
//! * **WPM** (Bridgman 1922, Miller & Starr 1969; Triantaphyllou, *Multi-Criteria Decision
//!   Making Methods: A Comparative Study*, 2000, §2.2): `P = Π xⱼ^(wⱼ/Σw)` with
//!   `xⱼ = rating / top of scale` for a benefit criterion and `bottom of scale / rating` for a
//!   cost criterion (linear max normalisation). The rating is read as a ratio, so every value
//!   must be above zero; a zero rating is refused rather than silently vetoing the program.
//!   The power is computed as `exp(Σ (wⱼ/Σw)·ln xⱼ)` with rust_decimal's `ln` and `exp`
//!   (series expansions good to far more places than are ever shown), and the result is
//!   quantised to [`METHOD_DP`] places so that equal products compare equal.
//! * **TOPSIS** (Hwang & Yoon, *Multiple Attribute Decision Making*, 1981): vector
//!   normalisation `rᵢⱼ = xᵢⱼ / √Σᵢ xᵢⱼ²`, weighted `vᵢⱼ = (wⱼ/Σw)·rᵢⱼ`, ideal `A⁺` (best value
//!   of each column) and anti-ideal `A⁻` (worst), Euclidean distances `S⁺ᵢ`, `S⁻ᵢ`, and the
//!   closeness coefficient `Cᵢ = S⁻ᵢ / (S⁺ᵢ + S⁻ᵢ)`. TOPSIS is relative: adding or removing a
//!   program can move the others. Square roots use rust_decimal's `sqrt`.

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

/// One criterion as the cross-check methods see it.
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

/// WPM value of each program, `Π (xⱼ)^(wⱼ/Σw)`, in 0..1 for ratings on their scale.
///
/// `ratings[i][j]` is program `i`'s rating on column `j`.
pub fn wpm(ratings: &[Vec<Decimal>], columns: &[Column]) -> Result<Vec<Decimal>, MethodError> {
    let exps = exponents(columns)?;
    ratings
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut log_sum = Decimal::ZERO;
            for (j, (rating, column)) in row.iter().zip(columns).enumerate() {
                if exps[j].is_zero() {
                    continue;
                }
                if *rating <= Decimal::ZERO || (!column.cost && column.high <= Decimal::ZERO) {
                    return Err(MethodError::NotPositive(i, j));
                }
                let x = if column.cost {
                    if column.low <= Decimal::ZERO {
                        return Err(MethodError::NotPositive(i, j));
                    }
                    column.low.checked_div(*rating)
                } else {
                    rating.checked_div(column.high)
                }
                .ok_or(MethodError::Overflow)?;
                let ln = x.checked_ln().ok_or(MethodError::Overflow)?;
                log_sum = exps[j]
                    .checked_mul(ln)
                    .and_then(|t| log_sum.checked_add(t))
                    .ok_or(MethodError::Overflow)?;
            }
            let value = log_sum.checked_exp().ok_or(MethodError::Overflow)?;
            Ok(quantise(value))
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

/// TOPSIS closeness coefficient of each program, 0..1 (1 = the ideal program).
pub fn topsis(ratings: &[Vec<Decimal>], columns: &[Column]) -> Result<Vec<Decimal>, MethodError> {
    let exps = exponents(columns)?;
    let m = columns.len();
    // Column norms √Σ x².
    let mut weighted = vec![vec![Decimal::ZERO; m]; ratings.len()];
    for j in 0..m {
        let sum_sq = ratings
            .iter()
            .try_fold(Decimal::ZERO, |acc, row| {
                row[j].checked_mul(row[j]).and_then(|s| acc.checked_add(s))
            })
            .ok_or(MethodError::Overflow)?;
        if sum_sq.is_zero() {
            continue; // every rating is 0: the column cannot tell programs apart
        }
        let norm = sum_sq.sqrt().ok_or(MethodError::Overflow)?;
        for (i, row) in ratings.iter().enumerate() {
            weighted[i][j] = row[j]
                .checked_div(norm)
                .and_then(|r| r.checked_mul(exps[j]))
                .ok_or(MethodError::Overflow)?;
        }
    }
    let mut ideal = vec![Decimal::ZERO; m];
    let mut anti = vec![Decimal::ZERO; m];
    for j in 0..m {
        let column = weighted.iter().map(|row| row[j]);
        let (lo, hi) = column.fold(
            (None, None),
            |(lo, hi): (Option<Decimal>, Option<Decimal>), v| {
                (
                    Some(lo.map_or(v, |l| l.min(v))),
                    Some(hi.map_or(v, |h| h.max(v))),
                )
            },
        );
        let (lo, hi) = (lo.unwrap_or_default(), hi.unwrap_or_default());
        (ideal[j], anti[j]) = if columns[j].cost { (lo, hi) } else { (hi, lo) };
    }
    let distance = |row: &[Decimal], target: &[Decimal]| -> Result<Decimal, MethodError> {
        let sum = row
            .iter()
            .zip(target)
            .try_fold(Decimal::ZERO, |acc, (v, t)| {
                let d = v.checked_sub(*t)?;
                d.checked_mul(d).and_then(|s| acc.checked_add(s))
            })
            .ok_or(MethodError::Overflow)?;
        sum.sqrt().ok_or(MethodError::Overflow)
    };
    weighted
        .iter()
        .map(|row| {
            let plus = distance(row, &ideal)?;
            let minus = distance(row, &anti)?;
            let both = plus.checked_add(minus).ok_or(MethodError::Overflow)?;
            if both.is_zero() {
                return Err(MethodError::AllIdentical);
            }
            let c = minus.checked_div(both).ok_or(MethodError::Overflow)?;
            Ok(quantise(c))
        })
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
}
