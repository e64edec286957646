//! Normalisation: every rating becomes a value from 0 (worst) to 1 (best).
//!
//! Linear rescaling, the first step of a weighted-sum model (simple additive weighting):
//! `n = (r − low) / (high − low)` for a benefit criterion and `n = (high − r) / (high − low)`
//! for a cost criterion, where `low`–`high` is the declared scale or, under `minmax`, the
//! smallest and largest value in the data (Triantaphyllou, *Multi-Criteria Decision Making
//! Methods: A Comparative Study*, 2000, ch. 2).

use crate::config::Direction;
use rust_decimal::Decimal;

/// The range a rating is normalised against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// The value that normalises to 0 on a benefit criterion.
    pub low: Decimal,
    /// The value that normalises to 1 on a benefit criterion.
    pub high: Decimal,
}

/// Why a value could not be normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NormalizeError {
    /// `high == low`: every value is the same, so there is nothing to tell apart.
    EmptyRange,
    /// The arithmetic would exceed what a 96-bit decimal holds.
    Overflow,
}

impl Bounds {
    /// The smallest and largest of `values`, or `None` when there are none.
    pub fn of_values(values: impl IntoIterator<Item = Decimal>) -> Option<Bounds> {
        values.into_iter().fold(None, |acc, v| match acc {
            None => Some(Bounds { low: v, high: v }),
            Some(b) => Some(Bounds {
                low: b.low.min(v),
                high: b.high.max(v),
            }),
        })
    }
}

/// Normalises `value` to 0..1 within `bounds` (values outside the bounds go outside 0..1).
pub fn normalize(
    value: Decimal,
    bounds: Bounds,
    direction: Direction,
) -> Result<Decimal, NormalizeError> {
    let range = bounds
        .high
        .checked_sub(bounds.low)
        .ok_or(NormalizeError::Overflow)?;
    if range.is_zero() {
        return Err(NormalizeError::EmptyRange);
    }
    let distance = match direction {
        Direction::Benefit => value.checked_sub(bounds.low),
        Direction::Cost => bounds.high.checked_sub(value),
    }
    .ok_or(NormalizeError::Overflow)?;
    distance.checked_div(range).ok_or(NormalizeError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const ONE_TO_FIVE: Bounds = Bounds {
        low: dec!(1),
        high: dec!(5),
    };

    #[test]
    fn benefit_runs_from_zero_to_one() {
        assert_eq!(
            normalize(dec!(1), ONE_TO_FIVE, Direction::Benefit),
            Ok(dec!(0))
        );
        assert_eq!(
            normalize(dec!(3.5), ONE_TO_FIVE, Direction::Benefit),
            Ok(dec!(0.625))
        );
        assert_eq!(
            normalize(dec!(5), ONE_TO_FIVE, Direction::Benefit),
            Ok(dec!(1))
        );
    }

    #[test]
    fn cost_runs_the_other_way() {
        assert_eq!(
            normalize(dec!(1), ONE_TO_FIVE, Direction::Cost),
            Ok(dec!(1))
        );
        assert_eq!(
            normalize(dec!(4), ONE_TO_FIVE, Direction::Cost),
            Ok(dec!(0.25))
        );
    }

    #[test]
    fn an_empty_range_is_an_error_not_a_panic() {
        let flat = Bounds {
            low: dec!(3),
            high: dec!(3),
        };
        assert_eq!(
            normalize(dec!(3), flat, Direction::Benefit),
            Err(NormalizeError::EmptyRange)
        );
    }

    #[test]
    fn huge_values_overflow_cleanly() {
        let wide = Bounds {
            low: Decimal::MIN,
            high: Decimal::MAX,
        };
        assert_eq!(
            normalize(dec!(0), wide, Direction::Benefit),
            Err(NormalizeError::Overflow)
        );
    }

    #[test]
    fn bounds_of_values() {
        assert_eq!(
            Bounds::of_values([dec!(3), dec!(9), dec!(1)]),
            Some(Bounds {
                low: dec!(1),
                high: dec!(9)
            })
        );
        assert_eq!(Bounds::of_values(std::iter::empty()), None);
    }
}
