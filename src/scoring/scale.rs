//! A criterion's scale as scoring uses it: the range its ratings are normalised against, and
//! which end is better.
//!
//! The weights file declares a scale (`scale = { min = 1, max = 5 }`), a direction
//! (`direction = "cost"`) and how to normalise (`normalize = "scale"` or `"minmax"`). Under
//! `scale` the range is the declared one, known before any data is read; under `minmax` it is
//! the lowest and highest rating in the data, known only once every row is bound. [`Scale`]
//! holds both answers, so this is the one place that turns a criterion into bounds and the
//! one place (with the weights file's parser) that asks which normalisation a criterion uses.

use super::normalize::{Bounds, NormalizeError, normalize};
use crate::config::{Criterion, Direction, Normalize};
use rust_decimal::Decimal;

/// One criterion's scale: its declared range, the range it normalises against, and its
/// direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// Higher or lower is better.
    direction: Direction,
    /// The scale the weights file declares (1 to 5 unless it says otherwise).
    declared: Bounds,
    /// True under `normalize = "minmax"`: the range is the data's.
    follows_data: bool,
    /// The range ratings are normalised against; `None` for a minmax criterion not fitted to
    /// data yet, or whose column holds no rating at all.
    bounds: Option<Bounds>,
}

/// Why a criterion's scale cannot be fitted to the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScaleError {
    /// A minmax criterion whose every rating is this value: its range is empty.
    Constant(Decimal),
}

impl Scale {
    /// The scale a criterion declares, before any data is seen: a `scale` criterion has its
    /// bounds, a `minmax` one none yet.
    pub fn declared(criterion: &Criterion) -> Scale {
        let declared = Bounds {
            low: criterion.scale.min,
            high: criterion.scale.max,
        };
        let follows_data = match criterion.normalize {
            Normalize::Scale => false,
            Normalize::Minmax => true,
        };
        Scale {
            direction: criterion.direction,
            declared,
            follows_data,
            bounds: (!follows_data).then_some(declared),
        }
    }

    /// A declared scale from `bounds` with `direction` (as `normalize = "scale"` gives).
    pub fn fixed(bounds: Bounds, direction: Direction) -> Scale {
        Scale {
            direction,
            declared: bounds,
            follows_data: false,
            bounds: Some(bounds),
        }
    }

    /// The scale of `criterion` over `ratings`, its column's ratings in the data: the
    /// declared range, or for a minmax criterion the lowest to the highest rating (no bounds
    /// when there is none; an error when every rating is the same).
    pub fn fit(
        criterion: &Criterion,
        ratings: impl IntoIterator<Item = Decimal>,
    ) -> Result<Scale, ScaleError> {
        let mut scale = Scale::declared(criterion);
        if scale.follows_data {
            scale.bounds = Bounds::of_values(ratings);
            if let Some(b) = scale.bounds
                && b.low == b.high
            {
                return Err(ScaleError::Constant(b.low));
            }
        }
        Ok(scale)
    }

    /// True for `normalize = "minmax"`: the range moves with the ratings in the data, so a
    /// rating need not lie on the declared scale and adding a program can move the others.
    pub fn follows_data(&self) -> bool {
        self.follows_data
    }

    /// The scale the weights file declares.
    pub fn declared_bounds(&self) -> Bounds {
        self.declared
    }

    /// The range ratings are normalised against, when known.
    pub fn bounds(&self) -> Option<Bounds> {
        self.bounds
    }

    /// The range the weighted product and TOPSIS read a rating against: the normalising range,
    /// or the declared scale when that is not known.
    pub fn range(&self) -> Bounds {
        self.bounds.unwrap_or(self.declared)
    }

    /// Higher or lower is better.
    pub fn direction(&self) -> Direction {
        self.direction
    }

    /// True when lower ratings are better.
    pub fn is_cost(&self) -> bool {
        self.direction == Direction::Cost
    }

    /// The worst end of [`Scale::range`]: what the weighted product and TOPSIS count a
    /// missing rating as.
    pub fn worst(&self) -> Decimal {
        let range = self.range();
        if self.is_cost() {
            range.high
        } else {
            range.low
        }
    }

    /// The rating normalised to 0 (worst) .. 1 (best) against [`Scale::bounds`]; `None` for
    /// a missing rating (or a minmax column without bounds, which has no rating to normalise).
    pub fn normalize(&self, rating: Option<Decimal>) -> Result<Option<Decimal>, NormalizeError> {
        match (rating, self.bounds) {
            (Some(r), Some(b)) => normalize(r, b, self.direction).map(Some),
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, WeightsSource};
    use rust_decimal_macros::dec;

    fn criterion(extra: &str) -> Criterion {
        let text =
            format!("[weights]\nx = 1\n[criteria.x]\nscale = {{ min = 1, max = 5 }}\n{extra}");
        Config::parse(&text, WeightsSource::BuiltIn)
            .unwrap()
            .criteria
            .remove(0)
    }

    #[test]
    fn a_declared_scale_ignores_the_data() {
        let c = criterion("");
        let scale = Scale::fit(&c, [dec!(2), dec!(3)]).unwrap();
        assert!(!scale.follows_data());
        let one_to_five = Bounds {
            low: dec!(1),
            high: dec!(5),
        };
        assert_eq!(scale.bounds(), Some(one_to_five));
        assert_eq!(Scale::declared(&c), scale);
        assert_eq!(scale.normalize(Some(dec!(2))), Ok(Some(dec!(0.25))));
        assert_eq!(scale.normalize(None), Ok(None));
        assert_eq!(scale.worst(), dec!(1));
    }

    #[test]
    fn minmax_fits_the_data_and_refuses_a_constant_column() {
        let c = criterion("normalize = \"minmax\"\ndirection = \"cost\"\n");
        assert_eq!(Scale::declared(&c).bounds(), None);
        let scale = Scale::fit(&c, [dec!(10), dec!(30), dec!(20)]).unwrap();
        assert!(scale.follows_data());
        assert_eq!(
            scale.bounds(),
            Some(Bounds {
                low: dec!(10),
                high: dec!(30)
            })
        );
        // A cost: the lowest value is the best.
        assert_eq!(scale.normalize(Some(dec!(10))), Ok(Some(dec!(1))));
        assert_eq!(scale.worst(), dec!(30));
        assert_eq!(
            Scale::fit(&c, [dec!(7), dec!(7)]),
            Err(ScaleError::Constant(dec!(7)))
        );
        // No rating at all: no bounds, and the declared scale for the methods that need one.
        let empty = Scale::fit(&c, []).unwrap();
        assert_eq!(empty.bounds(), None);
        assert_eq!(empty.range(), empty.declared_bounds());
        assert_eq!(empty.normalize(None), Ok(None));
    }
}
