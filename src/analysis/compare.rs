//! Two people's weights on one shortlist (`rank --compare` and `report --compare`): both
//! rankings side by side, where they agree, which programs move and why, and a compromise.
//!
//! Nothing here scores a program: the three rankings (the first weights, the second weights
//! and the compromise) are three ordinary runs of [`crate::pipeline::run`] that differ only in
//! their weights, so ranks, ties and scores are exactly what `rank` prints for each. This
//! module builds the second and the compromise weight sets and compares finished reports.
//!
//! The compromise is the mean of the two *normalised* weight vectors, `(a/Σa + b/Σb) / 2`.
//! Only ratios between weights matter, so it is computed as `aᵢ·Σb + bᵢ·Σa` (that vector
//! times `2·Σa·Σb`), which is exact in decimal arithmetic, and reduced by the common divisor
//! when every weight is a whole number so that it reads well on a command line.

use crate::config::{Config, WeightsSource};
use crate::error::{Error, Result};
use crate::report::{ProgramResult, Report};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::collections::BTreeMap;

/// The version of the JSON shape below; raised when a field changes meaning or goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// How many criteria are named as the reason a program moves.
pub const REASONS: usize = 3;

/// A decimal written as a JSON number rounded half away from zero to `DP` places (from its
/// decimal text, never through a float).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dec<const DP: u32>(pub Decimal);

impl<const DP: u32> Dec<DP> {
    /// The value rounded as it is written.
    pub fn rounded(self) -> Decimal {
        self.0
            .round_dp_with_strategy(DP, RoundingStrategy::MidpointAwayFromZero)
            .normalize()
    }
}

impl<const DP: u32> Serialize for Dec<DP> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        let text = self.rounded().to_string();
        match text.parse::<serde_json::Number>() {
            Ok(number) => number.serialize(serializer),
            Err(_) => serializer.serialize_str(&text),
        }
    }
}

/// One set of weights, as the comparison names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    /// A short name: the file's name, or `built-in` for the article's chart.
    pub name: String,
    /// Where the weights came from, in words.
    pub source: String,
    /// The weights file, when the weights came from one.
    pub file: Option<String>,
}

/// One criterion under both weight sets and the compromise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriterionDiff {
    /// The criterion's id.
    pub criterion: String,
    /// Its label.
    pub label: String,
    /// The weight in the first set, as written.
    pub weight_a: Dec<28>,
    /// The weight in the second set, as written.
    pub weight_b: Dec<28>,
    /// The compromise weight (see the module notes), exact.
    pub weight_compromise: Dec<28>,
    /// Share of the first set's total weight, in percent.
    pub share_a: Dec<2>,
    /// Share of the second set's total weight, in percent.
    pub share_b: Dec<2>,
    /// Share of the compromise's total weight, in percent.
    pub share_compromise: Dec<2>,
    /// `share_b − share_a`, in percentage points.
    pub difference: Dec<2>,
    /// The exact difference, scaled by `Σa·Σb` (same sign and order as `difference`).
    #[serde(skip)]
    pub exact_difference: Decimal,
}

/// Where the two rankings agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agreement {
    /// Both sets put the same program(s) at #1.
    pub same_winner: bool,
    /// Both sets rank the same programs within the first three places (order aside).
    pub same_top3: bool,
    /// Every program has the same rank under both sets.
    pub same_order: bool,
    /// The program(s) at #1 under the first set.
    pub winner_a: Vec<String>,
    /// The program(s) at #1 under the second set.
    pub winner_b: Vec<String>,
    /// The programs ranked 1 to 3 under the first set, in rank order.
    pub top3_a: Vec<String>,
    /// The programs ranked 1 to 3 under the second set, in rank order.
    pub top3_b: Vec<String>,
}

/// What a comparison says in place of its winners and moves when no program is ranked under
/// either set (limits or red flags exclude every one): there is no winner to name.
pub const NOTHING_RANKED: &str = "No program is ranked under either set (every one is \
     excluded by a red flag or a limit), so there is no ranking to compare.";

impl Agreement {
    /// The sentence on the two winners (`Same winner: X.` or `Different winners: A puts X
    /// first, B puts Y first.`), each name shown through `show` (escaped for a terminal, or
    /// as it is for a page that escapes on its own).
    pub fn winner_sentence(&self, show: impl Fn(&str) -> String) -> String {
        let names = |v: &[String]| crate::text::join(v.iter().map(|n| show(n)), ", ");
        if self.same_winner {
            format!("Same winner: {}.", names(&self.winner_a))
        } else {
            format!(
                "Different winners: A puts {} first, B puts {} first.",
                names(&self.winner_a),
                names(&self.winner_b)
            )
        }
    }
}

/// One criterion's part in a program's change of score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Effect {
    /// The criterion's id.
    pub criterion: String,
    /// Its label.
    pub label: String,
    /// Points under the second set minus points under the first.
    pub points: Dec<2>,
}

/// One ranked program under the three weight sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgramComparison {
    /// The program's name.
    pub program: String,
    /// Rank under the first set.
    pub rank_a: usize,
    /// Rank under the second set.
    pub rank_b: usize,
    /// Rank under the compromise.
    pub rank_compromise: usize,
    /// Score under the first set.
    pub score_a: Dec<2>,
    /// Score under the second set.
    pub score_b: Dec<2>,
    /// Score under the compromise.
    pub score_compromise: Dec<2>,
    /// Places gained under the second set (`rank_a − rank_b`; negative: lost).
    pub places: i64,
    /// `score_b − score_a`.
    pub score_change: Dec<2>,
    /// The criteria that change its score most, largest effect first (at most three, none
    /// when the score does not change).
    pub because: Vec<Effect>,
}

/// A program's place in the compromise ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placed {
    /// Competition rank.
    pub rank: usize,
    /// The program's name.
    pub program: String,
    /// Its score.
    pub score: Dec<2>,
}

/// Everything `--compare` reports, in the shape of its JSON output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comparison {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The input's name.
    pub input: String,
    /// The first weight set (`--weights`, or the built-in chart).
    pub a: Side,
    /// The second weight set (`--compare`).
    pub b: Side,
    /// Per criterion, in the weights file's order.
    pub criteria: Vec<CriterionDiff>,
    /// True when the two sets are the same once normalised (then nothing moves).
    pub same_weights: bool,
    /// Ids of the criteria whose shares differ, largest difference first.
    pub largest_differences: Vec<String>,
    /// Where the rankings agree.
    pub agreement: Agreement,
    /// Every ranked program, in the first set's rank order.
    pub programs: Vec<ProgramComparison>,
    /// Names of the programs whose rank differs, the largest move first.
    pub movers: Vec<String>,
    /// The ranking under the compromise weights.
    pub compromise: Vec<Placed>,
    /// Programs left out by red flags or limits (the same under every weight set).
    pub excluded: Vec<String>,
}

impl Comparison {
    /// The program entries of [`Comparison::movers`], in that order.
    /// Looked up by name through one index of the programs: a search of the whole list per
    /// mover made an institution-wide list (100,000 programs, most of them moving)
    /// quadratic, minutes for `rank --compare`.
    pub fn mover_entries(&self) -> Vec<&ProgramComparison> {
        let mut by_name: std::collections::HashMap<&str, &ProgramComparison> =
            std::collections::HashMap::with_capacity(self.programs.len());
        for p in &self.programs {
            by_name.entry(p.program.as_str()).or_insert(p);
        }
        self.movers
            .iter()
            .filter_map(|name| by_name.get(name.as_str()).copied())
            .collect()
    }
}

fn overflow() -> Error {
    Error::usage(
        "--compare: the weights are too large to combine exactly; use smaller numbers (only their ratios matter)",
    )
}

fn ids(config: &Config) -> String {
    crate::text::join(config.criteria.iter().map(|c| c.id.as_str()), ", ")
}

/// `base` with the weights of `other`, criteria matched by id; flags, scales and everything
/// else stay `base`'s. Both must have the same criteria.
pub fn with_weights_of(base: &Config, other: &Config) -> Result<Config> {
    let mut config = base.clone();
    let same_set = base.criteria.len() == other.criteria.len()
        && base
            .criteria
            .iter()
            .all(|c| other.criteria.iter().any(|o| o.id == c.id));
    if !same_set {
        return Err(Error::Config {
            file: other.source.to_string(),
            message: format!(
                "--compare needs the same criteria on both sides, but this file has {} and the weights being compared have {}; \
                 give both files the same criterion ids",
                ids(other),
                ids(base)
            ),
        });
    }
    for c in &mut config.criteria {
        if let Some(o) = other.criteria.iter().find(|o| o.id == c.id) {
            c.weight = o.weight;
        }
    }
    config.source = other.source.clone();
    Ok(config)
}

/// The exact compromise weights `aᵢ·Σb + bᵢ·Σa` (see the module notes), reduced by their
/// common divisor when they are whole numbers.
pub fn compromise_weights(a: &[Decimal], b: &[Decimal]) -> Result<Vec<Decimal>> {
    let total = |w: &[Decimal]| {
        w.iter()
            .try_fold(Decimal::ZERO, |acc, x| acc.checked_add(*x))
            .ok_or_else(overflow)
    };
    let (sa, sb) = (total(a)?, total(b)?);
    let weights = a
        .iter()
        .zip(b)
        .map(|(x, y)| {
            x.checked_mul(sb)
                .zip(y.checked_mul(sa))
                .and_then(|(p, q)| p.checked_add(q))
                .map(|w| w.normalize())
                .ok_or_else(overflow)
        })
        .collect::<Result<Vec<Decimal>>>()?;
    Ok(reduce(weights))
}

/// Divides whole-number weights by their greatest common divisor (ratios unchanged).
fn reduce(weights: Vec<Decimal>) -> Vec<Decimal> {
    if weights.iter().any(|w| w.scale() != 0) {
        return weights;
    }
    let ints: Option<Vec<i128>> = weights.iter().map(|w| i128::try_from(*w).ok()).collect();
    let Some(ints) = ints else {
        return weights;
    };
    let gcd = ints.iter().fold(0i128, |g, &x| {
        let (mut p, mut q) = (g, x.abs());
        while q != 0 {
            (p, q) = (q, p % q);
        }
        p
    });
    if gcd <= 1 {
        return weights;
    }
    ints.iter().map(|x| Decimal::from(x / gcd)).collect()
}

/// `a` with the compromise weights of `a` and `b`.
pub fn compromise(a: &Config, b: &Config) -> Result<Config> {
    let wa: Vec<Decimal> = a.criteria.iter().map(|c| c.weight).collect();
    let wb: Vec<Decimal> = a
        .criteria
        .iter()
        .map(|c| {
            b.criteria
                .iter()
                .find(|o| o.id == c.id)
                .map_or(Decimal::ZERO, |o| o.weight)
        })
        .collect();
    let mut config = a.clone();
    for (c, w) in config
        .criteria
        .iter_mut()
        .zip(compromise_weights(&wa, &wb)?)
    {
        c.weight = w;
    }
    config.source = WeightsSource::File(format!("the compromise of {} and {}", a.source, b.source));
    Ok(config)
}

/// A short name for a weight set: the file name, or `built-in`.
pub fn side(source: &WeightsSource) -> Side {
    let name = match source {
        WeightsSource::BuiltIn => "built-in".to_owned(),
        WeightsSource::File(path) => std::path::Path::new(path)
            .file_name()
            .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned()),
    };
    Side {
        name,
        source: source.to_string(),
        file: match source {
            WeightsSource::BuiltIn => None,
            WeightsSource::File(path) => Some(path.clone()),
        },
    }
}

fn percent(part: Decimal, total: Decimal) -> Result<Decimal> {
    part.checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|p| p.checked_div(total))
        .ok_or_else(overflow)
}

/// Compares three finished runs on the same input: under the first weights (`a`), the second
/// (`b`) and the compromise (`mid`). Programs are matched by their input line.
pub fn compare(a: &Report, b: &Report, mid: &Report) -> Result<Comparison> {
    let total = |r: &Report| {
        r.criteria
            .iter()
            .try_fold(Decimal::ZERO, |acc, c| acc.checked_add(c.weight))
            .ok_or_else(overflow)
    };
    let (sa, sb, sm) = (total(a)?, total(b)?, total(mid)?);
    let mut criteria = Vec::with_capacity(a.criteria.len());
    for ((ca, cb), cm) in a.criteria.iter().zip(&b.criteria).zip(&mid.criteria) {
        let share_a = percent(ca.weight, sa)?;
        let share_b = percent(cb.weight, sb)?;
        let exact = cb
            .weight
            .checked_mul(sa)
            .zip(ca.weight.checked_mul(sb))
            .and_then(|(p, q)| p.checked_sub(q))
            .ok_or_else(overflow)?;
        criteria.push(CriterionDiff {
            criterion: ca.id.clone(),
            label: ca.label.clone(),
            weight_a: Dec(ca.weight.normalize()),
            weight_b: Dec(cb.weight.normalize()),
            weight_compromise: Dec(cm.weight.normalize()),
            share_a: Dec(share_a),
            share_b: Dec(share_b),
            share_compromise: Dec(percent(cm.weight, sm)?),
            difference: Dec(share_b - share_a),
            exact_difference: exact,
        });
    }
    let same_weights = criteria.iter().all(|c| c.exact_difference.is_zero());
    let mut differing: Vec<&CriterionDiff> = criteria
        .iter()
        .filter(|c| !c.exact_difference.is_zero())
        .collect();
    // Stable: equal differences keep the weights file's order.
    differing.sort_by_key(|x| std::cmp::Reverse(x.exact_difference.abs()));
    let largest_differences = differing.iter().map(|c| c.criterion.clone()).collect();

    fn by_line(r: &Report) -> BTreeMap<u64, ProgramResult<'_>> {
        r.ranked().iter().map(|p| (p.line(), p)).collect()
    }
    let (in_b, in_mid) = (by_line(b), by_line(mid));
    let mut programs = Vec::with_capacity(a.ranked().len());
    for pa in a.ranked() {
        let (Some(pb), Some(pm)) = (in_b.get(&pa.line()), in_mid.get(&pa.line())) else {
            return Err(Error::usage(format!(
                "--compare: {} is ranked under one set of weights but not the other",
                crate::text::escape_controls(pa.name())
            )));
        };
        let (rank_a, rank_b) = (pa.rank().unwrap_or(0), pb.rank().unwrap_or(0));
        let mut because: Vec<(Decimal, Effect)> = a
            .criteria
            .iter()
            .zip(pa.criteria().iter().zip(pb.criteria().iter()))
            .filter_map(|(c, (x, y))| {
                let d = y.points - x.points;
                let shown = Dec::<2>(d);
                (!shown.rounded().is_zero()).then(|| {
                    (
                        d,
                        Effect {
                            criterion: c.id.clone(),
                            label: c.label.clone(),
                            points: shown,
                        },
                    )
                })
            })
            .collect();
        because.sort_by_key(|x| std::cmp::Reverse(x.0.abs()));
        because.truncate(REASONS);
        programs.push(ProgramComparison {
            program: pa.name().to_owned(),
            rank_a,
            rank_b,
            rank_compromise: pm.rank().unwrap_or(0),
            score_a: Dec(pa.score()),
            score_b: Dec(pb.score()),
            score_compromise: Dec(pm.score()),
            places: rank_a as i64 - rank_b as i64,
            score_change: Dec(pb.score() - pa.score()),
            because: because.into_iter().map(|(_, e)| e).collect(),
        });
    }
    let mut moving: Vec<&ProgramComparison> = programs.iter().filter(|p| p.places != 0).collect();
    moving.sort_by(|x, y| {
        y.places
            .abs()
            .cmp(&x.places.abs())
            .then_with(|| y.score_change.0.abs().cmp(&x.score_change.0.abs()))
            .then_with(|| x.rank_a.cmp(&y.rank_a))
    });
    let movers = moving.iter().map(|p| p.program.clone()).collect();

    let names_where = |r: &Report, within: usize| -> Vec<String> {
        r.ranked()
            .iter()
            .filter(|p| p.rank().is_some_and(|k| k <= within))
            .map(|p| p.name().to_owned())
            .collect()
    };
    let lines_where = |r: &Report, within: usize| -> Vec<u64> {
        let mut lines: Vec<u64> = r
            .ranked()
            .iter()
            .filter(|p| p.rank().is_some_and(|k| k <= within))
            .map(|p| p.line())
            .collect();
        lines.sort_unstable();
        lines
    };
    let agreement = Agreement {
        same_winner: lines_where(a, 1) == lines_where(b, 1),
        same_top3: lines_where(a, 3) == lines_where(b, 3),
        same_order: programs.iter().all(|p| p.rank_a == p.rank_b),
        winner_a: names_where(a, 1),
        winner_b: names_where(b, 1),
        top3_a: names_where(a, 3),
        top3_b: names_where(b, 3),
    };
    let compromise = mid
        .ranked()
        .iter()
        .map(|p| Placed {
            rank: p.rank().unwrap_or(0),
            program: p.name().to_owned(),
            score: Dec(p.score()),
        })
        .collect();
    Ok(Comparison {
        schema_version: SCHEMA_VERSION,
        input: a.input.clone(),
        a: side(&a.weights_source),
        b: side(&b.weights_source),
        criteria,
        same_weights,
        largest_differences,
        agreement,
        programs,
        movers,
        compromise,
        excluded: a.excluded().iter().map(|p| p.name().to_owned()).collect(),
    })
}

/// Runs the pipeline three times on `sheet` (the first weights, the second, the compromise)
/// and compares the rankings. Also returns the three reports, for a page that shows them.
pub fn run(
    sheet: crate::input::Sheet,
    a: &Config,
    other: &Config,
    options: &crate::pipeline::ScoringOptions,
) -> Result<(Comparison, [Report; 3])> {
    let b = with_weights_of(a, other)?;
    let mid = compromise(a, &b)?;
    let ra = crate::pipeline::run(sheet.clone(), a, options)?;
    let mut b_options = options.clone();
    b_options.weight_overrides.clear();
    let rb = crate::pipeline::run(sheet.clone(), &b, &b_options)?;
    let rm = crate::pipeline::run(sheet, &mid, &b_options)?;
    let comparison = compare(&ra, &rb, &rm)?;
    Ok((comparison, [ra, rb, rm]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Sheet;
    use crate::pipeline::ScoringOptions;
    use rust_decimal_macros::dec;

    const SAMPLE: &str = include_str!("../../data/programs.csv");

    fn weights(text: &str, name: &str) -> Config {
        Config::parse(text, WeightsSource::File(name.into())).unwrap()
    }

    fn five(w: [u32; 5], name: &str) -> Config {
        let base = Config::default();
        let mut c = base.clone();
        for (criterion, w) in c.criteria.iter_mut().zip(w) {
            criterion.weight = Decimal::from(w);
        }
        c.source = WeightsSource::File(name.into());
        c
    }

    fn run_sample(a: &Config, b: &Config) -> (Comparison, [Report; 3]) {
        let sheet = Sheet::from_csv("programs.csv", SAMPLE.as_bytes()).unwrap();
        run(sheet, a, b, &ScoringOptions::default()).unwrap()
    }

    #[test]
    fn identical_weights_report_no_difference() {
        let a = Config::default();
        let (c, [ra, rb, rm]) = run_sample(&a, &a);
        assert!(c.same_weights);
        assert!(c.largest_differences.is_empty());
        assert!(c.movers.is_empty());
        assert!(c.agreement.same_winner && c.agreement.same_top3 && c.agreement.same_order);
        assert!(c.programs.iter().all(|p| p.because.is_empty()
            && p.score_change.0.is_zero()
            && p.rank_a == p.rank_compromise));
        assert_eq!(ra.ranked(), rb.ranked());
        let scores = |r: &Report| r.ranked().iter().map(|p| p.score()).collect::<Vec<_>>();
        assert_eq!(scores(&ra), scores(&rm));
    }

    #[test]
    fn proportional_weights_are_the_same_weights() {
        let a = five([90, 80, 70, 60, 50], "a.toml");
        let b = five([9, 8, 7, 6, 5], "b.toml");
        let (c, _) = run_sample(&a, &b);
        assert!(c.same_weights);
        assert!(c.movers.is_empty());
        // The compromise of proportional vectors is the same vector, reduced.
        assert_eq!(
            c.criteria
                .iter()
                .map(|x| x.weight_compromise.0)
                .collect::<Vec<_>>(),
            vec![dec!(9), dec!(8), dec!(7), dec!(6), dec!(5)]
        );
    }

    #[test]
    fn opposite_weights_move_programs_and_explain_why() {
        let a = five([100, 0, 0, 0, 0], "faculty.toml");
        let b = five([0, 0, 0, 0, 100], "brand.toml");
        let (c, [ra, rb, rm]) = run_sample(&a, &b);
        assert!(!c.same_weights);
        assert_eq!(c.largest_differences, vec!["faculty_quality", "brand_name"]);
        assert_eq!(c.criteria[0].difference.rounded(), dec!(-100));
        assert_eq!(c.criteria[4].difference.rounded(), dec!(100));
        assert_eq!(c.criteria[0].share_compromise.rounded(), dec!(50));
        assert!(!c.movers.is_empty());
        // Ranks and scores are the pipeline's own, per side.
        for p in &c.programs {
            let find = |r: &Report| {
                let q = r.ranked().iter().find(|q| q.name() == p.program).unwrap();
                (q.rank(), q.score())
            };
            assert_eq!(Some(p.rank_a), find(&ra).0);
            assert_eq!(Some(p.rank_b), find(&rb).0);
            assert_eq!(Some(p.rank_compromise), find(&rm).0);
            assert_eq!(p.score_a.0, find(&ra).1);
            assert_eq!(p.score_b.0, find(&rb).1);
            // Only the two weighted criteria can explain a change.
            for e in &p.because {
                assert!(e.criterion == "faculty_quality" || e.criterion == "brand_name");
            }
            // The effects add up to the change of score.
            if p.because.len() == 2 {
                let sum: Decimal = p.because.iter().map(|e| e.points.0).sum();
                assert!((sum - p.score_change.0).abs() <= dec!(0.01));
            }
        }
        // Movers come largest move first.
        let moves: Vec<i64> = c.mover_entries().iter().map(|p| p.places.abs()).collect();
        assert!(moves.windows(2).all(|w| w[0] >= w[1]), "{moves:?}");
        // One entry per mover, the mover's own, in the movers' order.
        let entries: Vec<&str> = c
            .mover_entries()
            .iter()
            .map(|p| p.program.as_str())
            .collect();
        assert_eq!(
            entries,
            c.movers.iter().map(String::as_str).collect::<Vec<_>>()
        );
        assert!(!entries.is_empty());
        // The compromise at 50/50 of faculty and brand: each program's score is the mean.
        for p in &c.programs {
            let mean = (p.score_a.0 + p.score_b.0) / dec!(2);
            assert!(
                (mean - p.score_compromise.0).abs() < dec!(0.000001),
                "{}",
                p.program
            );
        }
    }

    #[test]
    fn compromise_is_the_mean_of_normalised_vectors() {
        let w = compromise_weights(&[dec!(3), dec!(1)], &[dec!(1), dec!(1)]).unwrap();
        // (3/4 + 1/2) / 2 = 5/8 and (1/4 + 1/2) / 2 = 3/8.
        assert_eq!(w, vec![dec!(5), dec!(3)]);
        let w = compromise_weights(&[dec!(0.5), dec!(1)], &[dec!(1), dec!(0)]).unwrap();
        // 0.5·1 + 1·1.5 = 2 and 1·1 + 0 = 1
        assert_eq!(w, vec![dec!(2), dec!(1)]);
        assert!(compromise_weights(&[Decimal::MAX], &[Decimal::MAX]).is_err());
    }

    #[test]
    fn different_criteria_are_refused_by_name() {
        let a = Config::default();
        let b = weights("[weights]\nlocation = 10\n", "other.toml");
        let err = with_weights_of(&a, &b).unwrap_err().to_string();
        assert!(err.contains("other.toml"), "{err}");
        assert!(err.contains("location"), "{err}");
        assert!(err.contains("faculty_quality"), "{err}");
    }

    #[test]
    fn the_json_shape_has_a_version_and_exact_numbers() {
        let a = Config::default();
        let b = five([50, 80, 100, 70, 20], "mentor.toml");
        let (c, _) = run_sample(&a, &b);
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["schema_version"], 1);
        assert_eq!(v["b"]["name"], "mentor.toml");
        assert_eq!(v["criteria"][0]["weight_a"].to_string(), "90");
        assert!(v["criteria"][0].get("exact_difference").is_none());
        assert_eq!(v["programs"].as_array().unwrap().len(), c.programs.len());
    }
}
