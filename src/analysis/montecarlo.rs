//! Monte Carlo robustness of the ranking: rank the programs again under many random weight
//! vectors and count how often each lands at each rank. Pure, deterministic, no I/O.
//!
//! Two ways to draw the weights:
//!
//! * **Perturb** (the default): every weight is multiplied by an independent factor uniform in
//!   `[1 − spread, 1 + spread]`, drawn on a grid of 10⁻⁶ of the range.
//! * **SMAA** (stochastic multicriteria acceptability analysis, Lahdelma, Hokkanen &
//!   Salminen, *EJOR* 106, 1998; SMAA-2, Lahdelma & Salminen, *Oper. Res.* 49, 2001): weight
//!   vectors uniform over the simplex, i.e. Dirichlet(1,…,1), drawn as independent
//!   exponentials `Eⱼ = −ln Uⱼ` (Devroye, *Non-Uniform Random Variate Generation*, 1986, §XI.4).
//!   Normalising the `Eⱼ` to sum to 1 would not change any ranking, so it is skipped.
//!   Each `Eⱼ` is rounded to 9 decimal places. Criteria with weight 0 in the chart stay at 0.
//!
//! Randomness comes from ChaCha8 seeded with the user's seed, read through a rejection
//! sampler on integers only, so the same seed gives the same samples, bit for bit, on every
//! machine. The weights of each sample are exact `Decimal`s.
//!
//! Ranking a sample only needs the order of `Σ wⱼ·nᵢⱼ` (the shared denominator `Σ w` cannot
//! change it). When every weight and normalised value fits a common fixed-point scale whose
//! products cannot overflow an `i128`, that sum is computed exactly in integers (the same
//! number as the `Decimal` sum, scaled); otherwise the `Decimal` sum itself is used. Either
//! way the ranks are the exact competition ranks (ties share a rank). Samples are split
//! across threads; counts are summed, so the result does not depend on the thread count.

use crate::scoring::ScoreError;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rust_decimal::prelude::MathematicalOps;
use rust_decimal::{Decimal, RoundingStrategy};

/// How the random weights are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Each weight times an independent uniform factor in `[1 − spread, 1 + spread]`
    /// (`spread` a fraction, 0.25 for 25 %).
    Perturb {
        /// Half-width of the factor's range, as a fraction.
        spread: Decimal,
    },
    /// Weight vectors uniform over all weight sets (Dirichlet(1)).
    Smaa,
}

/// A Monte Carlo run's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Number of weight vectors drawn.
    pub samples: u32,
    /// Seed of the random generator.
    pub seed: u64,
    /// How weights are drawn.
    pub mode: Mode,
}

/// The counts of a Monte Carlo run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    programs: usize,
    samples: u32,
    /// `counts[i * programs + r]`: samples in which program `i` had rank `r + 1`.
    counts: Vec<u32>,
}

impl Outcome {
    /// How many samples were drawn.
    pub fn samples(&self) -> u32 {
        self.samples
    }

    /// Samples in which program `i` had competition rank `rank` (1-based).
    pub fn count(&self, i: usize, rank: usize) -> u32 {
        self.counts[i * self.programs + rank - 1]
    }

    /// The fraction of samples in which program `i` had rank `rank` (its rank acceptability).
    pub fn share(&self, i: usize, rank: usize) -> Decimal {
        Decimal::from(self.count(i, rank)) / Decimal::from(self.samples.max(1))
    }

    /// The fraction of samples in which program `i` was #1 (ties included).
    pub fn top_share(&self, i: usize) -> Decimal {
        self.share(i, 1)
    }

    /// Program `i`'s rank at percentile `pct` (0 < pct ≤ 100), by the nearest-rank method:
    /// the smallest rank `r` such that at least `⌈pct·N/100⌉` samples ranked it `r` or better.
    pub fn percentile_rank(&self, i: usize, pct: u32) -> usize {
        let n = u64::from(self.samples);
        let needed = (u64::from(pct) * n).div_ceil(100).max(1);
        let mut seen = 0u64;
        for rank in 1..=self.programs {
            seen += u64::from(self.count(i, rank));
            if seen >= needed {
                return rank;
            }
        }
        self.programs
    }

    /// Program `i`'s median rank (nearest-rank 50th percentile).
    pub fn median_rank(&self, i: usize) -> usize {
        self.percentile_rank(i, 50)
    }
}

/// A uniform integer in `0..n` (n > 0), by rejection: exact and the same on every machine.
fn uniform_below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    let zone = u64::MAX - (u64::MAX % n) - 1;
    loop {
        let x = rng.next_u64();
        if x <= zone {
            return x % n;
        }
    }
}

const GRID: u64 = 1_000_000;

/// Draws `settings.samples` weight vectors, exact `Decimal`s, one row per sample.
pub fn draw_weights(
    weights: &[Decimal],
    settings: &Settings,
) -> Result<Vec<Vec<Decimal>>, ScoreError> {
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let grid = Decimal::from(GRID);
    let mut rows = Vec::with_capacity(settings.samples as usize);
    for _ in 0..settings.samples {
        let mut row = Vec::with_capacity(weights.len());
        for w in weights {
            let drawn = match settings.mode {
                Mode::Perturb { spread } => {
                    // factor = 1 − s + 2s·k/10⁶, k uniform in 0..=10⁶
                    let k = Decimal::from(uniform_below(&mut rng, GRID + 1));
                    let two_s = spread.checked_mul(Decimal::TWO);
                    let factor = two_s
                        .and_then(|t| t.checked_mul(k))
                        .and_then(|x| x.checked_div(grid))
                        .and_then(|x| (Decimal::ONE - spread).checked_add(x))
                        .ok_or(ScoreError::Overflow)?;
                    w.checked_mul(factor).ok_or(ScoreError::Overflow)?
                }
                Mode::Smaa => {
                    // Draw for every criterion so that the stream does not depend on weights.
                    // Keep the integer for now; the logarithms are taken below, in parallel.
                    let k = uniform_below(&mut rng, GRID);
                    if w.is_zero() {
                        Decimal::ZERO
                    } else {
                        Decimal::from(k + 1)
                    }
                }
            };
            row.push(drawn.normalize());
        }
        rows.push(row);
    }
    if settings.mode == Mode::Smaa {
        exponentials(&mut rows)?;
    }
    Ok(rows)
}

/// Turns each drawn integer `k + 1` (0 for a zero weight) into `E = −ln((k + 1)/10⁶)`,
/// rounded to 9 places. Each value depends only on its own integer, so splitting the rows
/// across threads cannot change the result.
fn exponentials(rows: &mut [Vec<Decimal>]) -> Result<(), ScoreError> {
    let grid = Decimal::from(GRID);
    let convert = |rows: &mut [Vec<Decimal>]| -> Result<(), ScoreError> {
        for x in rows.iter_mut().flatten() {
            if !x.is_zero() {
                let u = *x / grid; // in (0, 1]
                let e = -u.checked_ln().ok_or(ScoreError::Overflow)?;
                *x = e
                    .round_dp_with_strategy(9, RoundingStrategy::MidpointAwayFromZero)
                    .normalize();
            }
        }
        Ok(())
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 16);
    let chunk = rows.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = rows
            .chunks_mut(chunk)
            .map(|part| scope.spawn(move || convert(part)))
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().expect("a sampling thread does not panic"))
    })
}

/// Ranks `values` (normalised ratings, one row per program) under every weight vector of
/// `samples` and counts each program's ranks.
pub fn simulate(values: &[Vec<Decimal>], samples: &[Vec<Decimal>]) -> Result<Outcome, ScoreError> {
    let programs = values.len();
    let fixed = FixedPoint::new(values, samples);
    let packed = fixed.as_ref().and_then(|f| f.packed(programs));
    let counts = match (fixed, packed) {
        (Some(fixed), Some(shift)) => parallel(programs, samples.len(), |range, counts| {
            // Sum and program index in one u64: the sort compares plain integers.
            let weights: Vec<u64> = fixed.weights.iter().map(|w| *w as u64).collect();
            let vals: Vec<u64> = fixed.values.iter().map(|v| *v as u64).collect();
            let mut keys = vec![0u64; programs];
            for s in range {
                let w = &weights[s * fixed.m..(s + 1) * fixed.m];
                for (i, key) in keys.iter_mut().enumerate() {
                    let row = &vals[i * fixed.m..(i + 1) * fixed.m];
                    let sum: u64 = row.iter().zip(w).map(|(n, w)| n * w).sum();
                    *key = (sum << shift) | i as u64;
                }
                keys.sort_unstable_by(|a, b| b.cmp(a));
                let mut rank = 1;
                for pos in 0..keys.len() {
                    if pos > 0 && keys[pos] >> shift != keys[pos - 1] >> shift {
                        rank = pos + 1;
                    }
                    let i = (keys[pos] & ((1u64 << shift) - 1)) as usize;
                    counts[i * programs + rank - 1] += 1;
                }
            }
            Ok(())
        })?,
        (Some(fixed), None) => parallel(programs, samples.len(), |range, counts| {
            let mut keys = vec![(0i128, 0u32); programs];
            for s in range {
                let w = &fixed.weights[s * fixed.m..(s + 1) * fixed.m];
                for (i, key) in keys.iter_mut().enumerate() {
                    let row = &fixed.values[i * fixed.m..(i + 1) * fixed.m];
                    // Cannot overflow: FixedPoint::new checked the bound.
                    let sum = row.iter().zip(w).map(|(n, w)| n * w).sum();
                    *key = (sum, i as u32);
                }
                tally(&mut keys, counts, programs);
            }
            Ok(())
        })?,
        (None, _) => parallel(programs, samples.len(), |range, counts| {
            let mut keys = vec![(Decimal::ZERO, 0u32); programs];
            for s in range {
                for (i, key) in keys.iter_mut().enumerate() {
                    let sum = values[i]
                        .iter()
                        .zip(&samples[s])
                        .try_fold(Decimal::ZERO, |acc, (n, w)| {
                            n.checked_mul(*w).and_then(|p| acc.checked_add(p))
                        })
                        .ok_or(ScoreError::Overflow)?;
                    *key = (sum, i as u32);
                }
                tally(&mut keys, counts, programs);
            }
            Ok(())
        })?,
    };
    Ok(Outcome {
        programs,
        samples: u32::try_from(samples.len()).unwrap_or(u32::MAX),
        counts,
    })
}

/// Sorts one sample's keys best first and adds each program's competition rank to `counts`.
fn tally<K: Ord + Copy>(keys: &mut [(K, u32)], counts: &mut [u32], programs: usize) {
    keys.sort_unstable_by_key(|k| std::cmp::Reverse(k.0));
    let mut rank = 1;
    for pos in 0..keys.len() {
        if pos > 0 && keys[pos].0 != keys[pos - 1].0 {
            rank = pos + 1;
        }
        counts[keys[pos].1 as usize * programs + rank - 1] += 1;
    }
}

/// Runs `work` over the samples on all cores, each thread with its own counts, then sums.
fn parallel<F>(programs: usize, samples: usize, work: F) -> Result<Vec<u32>, ScoreError>
where
    F: Fn(std::ops::Range<usize>, &mut [u32]) -> Result<(), ScoreError> + Sync,
{
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 16)
        .min(samples.max(1));
    let chunk = samples.div_ceil(threads).max(1);
    let results: Vec<Result<Vec<u32>, ScoreError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let work = &work;
                scope.spawn(move || {
                    let mut counts = vec![0u32; programs * programs];
                    let start = (t * chunk).min(samples);
                    let end = ((t + 1) * chunk).min(samples);
                    work(start..end, &mut counts).map(|()| counts)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a Monte Carlo thread does not panic"))
            .collect()
    });
    let mut total = vec![0u32; programs * programs];
    for counts in results {
        for (t, c) in total.iter_mut().zip(counts?) {
            *t += c;
        }
    }
    Ok(total)
}

/// Weights and values as integers on a common decimal scale, when their products fit.
struct FixedPoint {
    m: usize,
    /// The largest possible `|Σ n·w|`.
    bound: u128,
    /// True when no weight or value is negative.
    non_negative: bool,
    /// `samples × m`, row-major.
    weights: Vec<i128>,
    /// `programs × m`, row-major.
    values: Vec<i128>,
}

impl FixedPoint {
    fn new(values: &[Vec<Decimal>], samples: &[Vec<Decimal>]) -> Option<FixedPoint> {
        let m = samples.first().map_or(0, Vec::len);
        let max_scale = |rows: &[Vec<Decimal>]| {
            rows.iter()
                .flatten()
                .map(|d| d.normalize().scale())
                .max()
                .unwrap_or(0)
        };
        let (ws, vs) = (max_scale(samples), max_scale(values));
        let to_int = |rows: &[Vec<Decimal>], scale: u32| -> Option<(Vec<i128>, u128)> {
            let mut out = Vec::with_capacity(rows.len() * m);
            let mut largest = 0u128;
            for d in rows.iter().flatten() {
                let d = d.normalize();
                let factor = 10i128.checked_pow(scale - d.scale())?;
                let v = d.mantissa().checked_mul(factor)?;
                largest = largest.max(v.unsigned_abs());
                out.push(v);
            }
            Some((out, largest))
        };
        let (weights, wmax) = to_int(samples, ws)?;
        let (ints, vmax) = to_int(values, vs)?;
        if values.iter().any(|r| r.len() != m) {
            return None;
        }
        // |Σ n·w| ≤ m · max|n| · max|w| must fit an i128.
        let bound = wmax.checked_mul(vmax)?.checked_mul(m.max(1) as u128)?;
        let non_negative = weights.iter().chain(&ints).all(|x| *x >= 0);
        (bound <= i128::MAX as u128).then_some(FixedPoint {
            m,
            bound,
            non_negative,
            weights,
            values: ints,
        })
    }

    /// The shift that packs a sum and a program index into one `u64`, when every sum fits
    /// in the bits left over (all values non-negative).
    fn packed(&self, programs: usize) -> Option<u32> {
        let shift = usize::BITS - programs.max(2).saturating_sub(1).leading_zeros();
        let room = 1u128 << (64 - shift);
        (self.non_negative && self.bound < room).then_some(shift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn settings(seed: u64, mode: Mode) -> Settings {
        Settings {
            samples: 200,
            seed,
            mode,
        }
    }

    const PERTURB: Mode = Mode::Perturb { spread: dec!(0.25) };

    #[test]
    fn same_seed_same_samples_different_seed_different_samples() {
        let w = [dec!(90), dec!(80), dec!(75)];
        let a = draw_weights(&w, &settings(7, PERTURB)).unwrap();
        let b = draw_weights(&w, &settings(7, PERTURB)).unwrap();
        let c = draw_weights(&w, &settings(8, PERTURB)).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        // Every factor stays within ±25 %.
        for row in &a {
            for (x, w) in row.iter().zip(&w) {
                assert!(*x >= w * dec!(0.75) && *x <= w * dec!(1.25), "{x}");
            }
        }
        let s1 = draw_weights(&w, &settings(7, Mode::Smaa)).unwrap();
        assert_eq!(s1, draw_weights(&w, &settings(7, Mode::Smaa)).unwrap());
        assert!(s1.iter().flatten().all(|e| *e >= Decimal::ZERO));
    }

    #[test]
    fn the_first_draws_of_seed_42_are_pinned() {
        // Guards against a change of generator or sampler silently changing every output.
        let rows = draw_weights(
            &[dec!(100)],
            &Settings {
                samples: 3,
                seed: 42,
                mode: PERTURB,
            },
        )
        .unwrap();
        let flat: Vec<String> = rows.iter().flatten().map(ToString::to_string).collect();
        insta::assert_snapshot!(flat.join(" "), @"86.75855 105.3454 92.32455");
    }

    #[test]
    fn a_dominant_program_is_always_first() {
        let values = vec![
            vec![dec!(1), dec!(1)],
            vec![dec!(0.5), dec!(0.25)],
            vec![dec!(0.5), dec!(0.25)],
        ];
        let samples = draw_weights(&[dec!(1), dec!(2)], &settings(1, PERTURB)).unwrap();
        let out = simulate(&values, &samples).unwrap();
        assert_eq!(out.top_share(0), dec!(1));
        // The two identical programs always share rank 2.
        assert_eq!(out.count(1, 2), 200);
        assert_eq!(out.count(2, 2), 200);
        assert_eq!(out.median_rank(2), 2);
        assert_eq!(out.percentile_rank(2, 95), 2);
    }

    #[test]
    fn smaa_acceptabilities_sum_to_one() {
        let values = vec![vec![dec!(1), dec!(0)], vec![dec!(0), dec!(1)]];
        let samples = draw_weights(&[dec!(1), dec!(1)], &settings(3, Mode::Smaa)).unwrap();
        let out = simulate(&values, &samples).unwrap();
        for i in 0..2 {
            let total: u32 = (1..=2).map(|r| out.count(i, r)).sum();
            assert_eq!(total, 200);
        }
        // Symmetric problem: each wins roughly half the time.
        assert!(out.count(0, 1) > 60 && out.count(1, 1) > 60);
    }

    #[test]
    fn the_i128_path_agrees_with_the_decimal_path_when_sums_do_not_pack() {
        // Values with many decimal places push the sums past 64 bits but not 128.
        let values = vec![
            vec![dec!(0.123456789012), dec!(0.5)],
            vec![dec!(0.5), dec!(0.123456789012)],
            vec![dec!(0.5), dec!(0.123456789012)],
        ];
        let samples = draw_weights(&[dec!(1), dec!(1)], &settings(5, PERTURB)).unwrap();
        let fixed = FixedPoint::new(&values, &samples).unwrap();
        assert_eq!(fixed.packed(3), None);
        let out = simulate(&values, &samples).unwrap();
        let mut counts = vec![0u32; 9];
        for w in &samples {
            let mut keys: Vec<(Decimal, u32)> = values
                .iter()
                .enumerate()
                .map(|(i, row)| (row.iter().zip(w).map(|(n, w)| n * w).sum(), i as u32))
                .collect();
            tally(&mut keys, &mut counts, 3);
        }
        assert_eq!(out.counts, counts);
        assert_eq!(out.count(1, 2) + out.count(1, 1), 200);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// The integer fast path ranks exactly as the Decimal sums do.
        #[test]
        fn fixed_point_ranks_equal_decimal_ranks(
            values in prop::collection::vec(
                prop::collection::vec((0u32..=8).prop_map(|q| Decimal::from(q) / dec!(8)), 3), 2..6),
            seed in 0u64..1000,
        ) {
            let samples = draw_weights(&[dec!(5), dec!(3), dec!(2)], &Settings {
                samples: 20, seed, mode: PERTURB }).unwrap();
            let fixed = FixedPoint::new(&values, &samples);
            prop_assert!(fixed.as_ref().and_then(|f| f.packed(values.len())).is_some());
            let fast = simulate(&values, &samples).unwrap();
            // Reference: Decimal sums ranked with the same tally.
            let mut counts = vec![0u32; values.len() * values.len()];
            for w in &samples {
                let mut keys: Vec<(Decimal, u32)> = values.iter().enumerate().map(|(i, row)| {
                    (row.iter().zip(w).map(|(n, w)| n * w).sum(), i as u32)
                }).collect();
                tally(&mut keys, &mut counts, values.len());
            }
            prop_assert_eq!(fast.counts, counts);
        }
    }
}
