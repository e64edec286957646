//! How robust a ranking is to its weights, as one value: the exact range of each weight
//! over which the winner stays #1 ([`super::breakpoints::weight_ranges`]), a Monte Carlo or
//! SMAA run ([`super::montecarlo`]) giving each program's share of #1 places and its rank
//! spread, and the verdict ([`super::verdict`]).
//!
//! Weights are the least certain input: few people can say whether faculty quality is worth
//! 90 or 80. `progrank sensitivity` prints this analysis with a cross-check of the scoring
//! methods ([`MethodsAgreement`]); the HTML report shows it in its robustness section. Both
//! receive the same [`SensitivityAnalysis`], built here from a finished
//! [`crate::report::Report`]; neither computes any of it.

use super::breakpoints::{WeightRange, weight_ranges};
use super::montecarlo::{self, Mode, Outcome, Settings};
use super::verdict::Verdict;
use crate::error::{DataError, Error};
use crate::input::Sheet;
use crate::pipeline::{Bound, Flagged};
use crate::report::Report;
use crate::scoring::MissingPolicy;
use crate::scoring::methods::Method;
use crate::settings::Scoring;
use rust_decimal::Decimal;

/// The most ranked programs the analysis takes: its rank counts grow with the square.
pub const MAX_PROGRAMS: usize = 4096;

/// The seed used when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 42;

/// One program's Monte Carlo figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramFigures {
    /// Name.
    pub program: String,
    /// Rank under the chart's weights.
    pub rank: usize,
    /// Exact score under the chart's weights.
    pub score: Decimal,
    /// Fraction of samples at #1.
    pub top_share: Decimal,
    /// Median rank.
    pub median_rank: usize,
    /// 5th percentile rank.
    pub p5_rank: usize,
    /// 95th percentile rank.
    pub p95_rank: usize,
    /// Share of samples at each rank (index 0 = rank 1).
    pub acceptability: Vec<Decimal>,
}

/// The weight ranges, the Monte Carlo (or SMAA) figures and the verdict for one ranking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SensitivityAnalysis {
    /// The input's name.
    pub input: String,
    /// Programs left out of the analysis by a red flag or a limit.
    pub excluded: usize,
    /// Whether hard limits (`--max-cost`, `--type`, …) were set.
    pub limits_set: bool,
    /// Criterion ids (in criterion order).
    pub criteria: Vec<String>,
    /// Criterion labels, for people to read (in criterion order).
    pub labels: Vec<String>,
    /// The current #1.
    pub winner: String,
    /// Its score.
    pub winner_score: Decimal,
    /// Weight ranges, in criterion order.
    pub ranges: Vec<WeightRange>,
    /// Program names in rank order (indices of `ranges.below/above`).
    pub names: Vec<String>,
    /// Monte Carlo figures, in rank order.
    pub programs: Vec<ProgramFigures>,
    /// Samples drawn.
    pub samples: u32,
    /// Spread in per cent (perturb mode).
    pub spread: Option<Decimal>,
    /// Seed.
    pub seed: u64,
    /// SMAA mode.
    pub smaa: bool,
    /// The verdict on the winner.
    pub verdict: Verdict,
}

/// Why a ranking cannot be analysed. Each reader words it: `sensitivity` as an error
/// ([`Unanalysable::error`]), the HTML report as a sentence in place of its section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unanalysable {
    /// No program is ranked.
    NothingRanked,
    /// `--top` cut ranked programs out of what is shown (decided by
    /// [`crate::view::View::sensitivity`]), and any of them could take #1.
    CutByTop,
    /// More ranked programs than [`MAX_PROGRAMS`].
    TooMany(usize),
    /// `--missing renormalize` with a missing rating: programs are scored over different
    /// weights.
    Renormalized,
    /// A weight or rating too large to analyse exactly.
    TooLarge,
}

impl Unanalysable {
    /// The error `progrank sensitivity` stops with, for `report`.
    pub fn error(self, report: &Report) -> Error {
        let unrankable = |message: String| -> Error {
            DataError::Unrankable {
                file: report.input.clone(),
                message,
            }
            .into()
        };
        match self {
            Unanalysable::CutByTop => unrankable(
                "--top cut ranked programs out, and any of them could take #1 when the weights move; \
                 analyse the whole ranking"
                    .into(),
            ),
            Unanalysable::NothingRanked => {
                unrankable(if report.limits.is_empty() {
                    "no program is left in the ranking (every one is excluded by a red flag), so there is nothing to analyse".into()
                } else {
                    format!(
                        "no program is within your limits ({} excluded by a red flag or a limit), so there is nothing to analyse; loosen --max-cost, --max-hours, --delivery or --type",
                        report.excluded().len()
                    )
                })
            }
            Unanalysable::TooMany(n) => unrankable(format!(
                "{n} programs are ranked; sensitivity keeps a rank count for every program at every rank and handles up to {MAX_PROGRAMS}; \
                 analyse a shortlist (for example the output of rank --top {MAX_PROGRAMS})"
            )),
            Unanalysable::Renormalized => Error::usage(
                "sensitivity needs every program scored over the same weights, but --missing renormalize \
                 rescales the weights of programs with missing ratings; use --missing worst or fill in the ratings",
            ),
            Unanalysable::TooLarge => {
                unrankable("a weight or rating is too large to analyse exactly".into())
            }
        }
    }
}

impl SensitivityAnalysis {
    /// Analyses `report`'s ranking with the Monte Carlo `settings`.
    pub fn of(
        report: &Report,
        settings: &Settings,
    ) -> std::result::Result<SensitivityAnalysis, Unanalysable> {
        if report.ranked().is_empty() {
            return Err(Unanalysable::NothingRanked);
        }
        if report.ranked().len() > MAX_PROGRAMS {
            return Err(Unanalysable::TooMany(report.ranked().len()));
        }
        if report.missing_policy == MissingPolicy::Renormalize
            && report
                .ranked()
                .iter()
                .any(|p| p.criteria().iter().any(|c| c.rating.is_none()))
        {
            return Err(Unanalysable::Renormalized);
        }
        let (weights, values) = report.weights_and_values();
        let overflow = |_| Unanalysable::TooLarge;
        let ranges = weight_ranges(&weights, &values, 0).map_err(overflow)?;
        let samples = montecarlo::draw_weights(&weights, settings).map_err(overflow)?;
        let outcome = montecarlo::simulate(&values, &samples).map_err(overflow)?;
        let programs = figures(report, &outcome);
        let names: Vec<String> = report
            .ranked()
            .iter()
            .map(|p| p.name().to_owned())
            .collect();
        let smaa = settings.mode == Mode::Smaa;
        let mut verdict = Verdict::of(&ranges, &names, &names[0], programs[0].top_share, smaa);
        verdict.tied_with = report
            .ranked()
            .iter()
            .skip(1)
            .take_while(|p| p.rank() == Some(1))
            .map(|p| p.name().to_owned())
            .collect();
        Ok(SensitivityAnalysis {
            input: report.input.clone(),
            excluded: report.excluded().len(),
            limits_set: !report.limits.is_empty(),
            criteria: report.criteria.iter().map(|c| c.id.clone()).collect(),
            labels: report.criteria.iter().map(|c| c.label.clone()).collect(),
            winner: names[0].clone(),
            winner_score: report.ranked().get(0).unwrap().score(),
            ranges,
            names,
            programs,
            samples: settings.samples,
            spread: match settings.mode {
                Mode::Perturb { spread } => Some((spread * Decimal::ONE_HUNDRED).normalize()),
                Mode::Smaa => None,
            },
            seed: settings.seed,
            smaa,
            verdict,
        })
    }

    /// The verdict as `sensitivity` prints it, criteria named by label.
    pub fn verdict_sentence(&self) -> String {
        self.verdict.sentence(&self.labels)
    }

    /// Which programs were analysed, when some were left out or limits were set: `7 programs
    /// within your limits; 5 excluded`.
    pub fn analysed_line(&self) -> Option<String> {
        let n = self.programs.len();
        let programs = crate::text::plural(n, "program", "programs");
        if self.limits_set {
            Some(format!(
                "Analysed: {n} {programs} within your limits; {} excluded",
                self.excluded
            ))
        } else if self.excluded > 0 {
            Some(format!(
                "Analysed: {n} ranked {programs}; {} excluded by a red flag",
                self.excluded
            ))
        } else {
            None
        }
    }
}

/// Each ranked program's Monte Carlo figures, in rank order (`outcome` indexed like
/// `report.ranked`).
pub fn figures(report: &Report, outcome: &Outcome) -> Vec<ProgramFigures> {
    let n = report.ranked().len();
    report
        .ranked()
        .iter()
        .enumerate()
        .map(|(i, p)| ProgramFigures {
            program: p.name().to_owned(),
            rank: p.rank().unwrap_or(i + 1),
            score: p.score(),
            top_share: outcome.top_share(i),
            median_rank: outcome.median_rank(i),
            p5_rank: outcome.percentile_rank(i, 5),
            p95_rank: outcome.percentile_rank(i, 95),
            acceptability: (1..=n).map(|r| outcome.share(i, r)).collect(),
        })
        .collect()
}

/// Whether the weighted sum, the weighted product and TOPSIS agree on the top 3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodsAgreement {
    /// Top 3 names under wsm, wpm and topsis, in that order (`Err` with the reason when a
    /// method failed).
    pub top3: Vec<(Method, std::result::Result<Vec<String>, String>)>,
    /// Whether the three methods agree on the top 3 (same programs in the same order).
    pub agree: bool,
}

fn top3(report: &Report) -> Vec<String> {
    report
        .ranked()
        .iter()
        .take(3)
        .map(|p| p.name().to_owned())
        .collect()
}

impl MethodsAgreement {
    /// Ranks a sheet already bound and flagged with the weighted product and TOPSIS (only
    /// the scoring and the ranking are done again, once per method) and compares their top
    /// 3 with `report`'s, the weighted sum's ranking of the same sheet.
    pub fn of(bound: &Bound<'_>, flagged: &Flagged, report: &Report) -> MethodsAgreement {
        MethodsAgreement::compare(top3(report), |method| {
            bound
                .score(flagged, method, &bound.weights())
                .map(|s| top3(&crate::pipeline::rank(bound, flagged.clone(), s)))
                .map_err(|e| e.to_string())
        })
    }

    /// The weighted sum's top 3 against the weighted product's and TOPSIS's, as `top3_of`
    /// finds them.
    fn compare(
        wsm: Vec<String>,
        top3_of: impl Fn(Method) -> std::result::Result<Vec<String>, String>,
    ) -> MethodsAgreement {
        let mut tops = vec![(Method::Wsm, Ok(wsm))];
        for method in [Method::Wpm, Method::Topsis] {
            tops.push((method, top3_of(method)));
        }
        let agree = tops
            .iter()
            .all(|(_, t)| t.as_ref().ok() == tops[0].1.as_ref().ok());
        MethodsAgreement { top3: tops, agree }
    }
}

/// Ranks `sheet` under `scoring` and cross-checks the top 3 with the other methods, binding
/// and flagging the sheet once for all three (the stages of [`crate::pipeline`]).
pub fn rank_and_cross_check(
    sheet: Sheet,
    scoring: &Scoring,
) -> crate::error::Result<(Report, MethodsAgreement)> {
    let bound = crate::pipeline::bind(sheet, &scoring.config, &scoring.options)?;
    let flagged = bound.flag()?;
    let scores = bound.score(&flagged, scoring.options.method, &bound.weights())?;
    let report = crate::pipeline::rank(&bound, flagged.clone(), scores);
    let methods = MethodsAgreement::of(&bound, &flagged, &report);
    Ok((report, methods))
}

/// Everything `progrank sensitivity` reports on one sheet: the analysis of its weighted-sum
/// ranking under `scoring`, and the methods cross-check. Returns the ranking too, for its
/// notes.
pub fn analyse(
    sheet: &Sheet,
    scoring: &Scoring,
    settings: &Settings,
) -> crate::error::Result<(Report, SensitivityAnalysis, MethodsAgreement)> {
    let (report, methods) = rank_and_cross_check(sheet.clone(), scoring)?;
    let analysis = SensitivityAnalysis::of(&report, settings).map_err(|why| why.error(&report))?;
    Ok((report, analysis, methods))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const CSV: &str = include_str!("../../data/programs.csv");

    #[test]
    fn one_bind_gives_what_three_runs_give() {
        // The ranking and the methods' top 3 from one bind equal separate whole runs.
        let sheet = crate::input::Sheet::from_csv("programs.csv", CSV.as_bytes()).unwrap();
        let scoring = Scoring::default();
        let (report, methods) = rank_and_cross_check(sheet.clone(), &scoring).unwrap();
        let run = |method| {
            let mut options = scoring.options.clone();
            options.method = method;
            crate::pipeline::run(sheet.clone(), &scoring.config, &options).unwrap()
        };
        assert_eq!(report, run(Method::Wsm));
        assert_eq!(methods.top3.len(), 3);
        for (method, top) in &methods.top3 {
            assert_eq!(top.as_ref().unwrap(), &top3(&run(*method)), "{method}");
        }
        let all_same = methods.top3.iter().all(|(_, t)| t == &methods.top3[0].1);
        assert_eq!(methods.agree, all_same);
    }

    fn run_on(csv: &str, samples: u32, seed: u64, mode: Mode) -> SensitivityAnalysis {
        let sheet = crate::input::Sheet::from_csv("programs.csv", csv.as_bytes()).unwrap();
        let settings = Settings {
            samples,
            seed,
            mode,
        };
        analyse(&sheet, &Scoring::default(), &settings).unwrap().1
    }

    #[test]
    fn the_sample_file_has_a_winner_and_exact_ranges() {
        let a = run_on(CSV, 500, 42, Mode::Perturb { spread: dec!(0.25) });
        assert_eq!(a.winner, "Riverside Health Professions Education MHPE");
        // Every interval contains the current weight.
        for r in &a.ranges {
            assert!(
                r.low <= r.weight && r.high.is_none_or(|h| h >= r.weight),
                "{r:?}"
            );
        }
        let shares: Decimal = a.programs.iter().map(|p| p.top_share).sum();
        assert!(shares >= dec!(1), "ties can make shares add to more than 1");
        assert_eq!(a.verdict.winner, a.winner);
        assert_eq!(a.verdict.top_share, a.programs[0].top_share);
    }

    #[test]
    fn same_seed_same_figures_different_seed_different_figures() {
        let m = Mode::Perturb { spread: dec!(0.5) };
        let a = run_on(CSV, 300, 1, m);
        let b = run_on(CSV, 300, 1, m);
        let c = run_on(CSV, 300, 2, m);
        assert_eq!(a, b);
        assert_ne!(a.programs, c.programs);
    }

    #[test]
    fn verdict_is_fragile_for_a_near_tie() {
        let csv = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n\
                   A,5,3,3,3,3\nB,3,5,3,3,3\n";
        let a = run_on(csv, 200, 42, Mode::Perturb { spread: dec!(0.25) });
        let verdict = a.verdict_sentence();
        assert!(verdict.starts_with("fragile"), "{verdict}");
        assert!(verdict.contains("Faculty quality below 80"), "{verdict}");
    }

    #[test]
    fn a_ranking_it_cannot_analyse_says_why() {
        let sheet = crate::input::Sheet::from_csv("programs.csv", CSV.as_bytes()).unwrap();
        let scoring = Scoring::default();
        let mut report = crate::pipeline::run(sheet, &scoring.config, &scoring.options).unwrap();
        let settings = Settings {
            samples: 10,
            seed: 1,
            mode: Mode::Smaa,
        };
        let view = crate::view::View {
            top: Some(3),
            ..crate::view::View::new(&report)
        };
        assert_eq!(view.sensitivity(&settings), Err(Unanalysable::CutByTop));
        assert!(
            crate::view::View::new(&report)
                .sensitivity(&settings)
                .is_ok()
        );
        report.programs.clear_ranked();
        assert_eq!(
            SensitivityAnalysis::of(&report, &settings),
            Err(Unanalysable::NothingRanked)
        );
        let error = Unanalysable::NothingRanked.error(&report);
        assert_eq!(error.exit_code(), crate::error::exit::DATA);
    }
}
