//! The sensitivity verdict: one word, robust or fragile, for how firmly the winner holds, and
//! the sentences that say what the word and the two random modes mean.
//!
//! The words are defined once, here ([`VERDICT_WORDS`]), and the docs' "Verdict words"
//! section quotes the definitions word for word (a test checks it). The Monte Carlo and the
//! SMAA verdict answer different questions, so the same file can be robust under one and
//! fragile under the other; [`monte_carlo_sentence`] and [`SMAA_SENTENCE`] say which question
//! each answers, so that the two read as two answers, not a contradiction.

use super::breakpoints::WeightRange;
use crate::text::escape_controls;
use crate::values::{fixed, trimmed};
use rust_decimal::{Decimal, RoundingStrategy};

/// The verdict's words and what each means; the docs' "Verdict words" section quotes these
/// definitions word for word (a test checks it).
pub const VERDICT_WORDS: [(&str, &str); 2] = [
    (
        "robust",
        "the winner is #1 in at least 95 % of the samples (weight sets, in SMAA) and stays #1 \
         when any one weight, the others fixed, moves anywhere within ±50 % of its value",
    ),
    (
        "fragile",
        "the winner is #1 in fewer than 95 % of the samples (weight sets, in SMAA), or moving \
         one weight, the others fixed, by less than 50 % of its value makes another program #1",
    ),
];

/// What the Monte Carlo verdict answers, in one sentence; `spread` in per cent when known.
pub fn monte_carlo_sentence(spread: Option<Decimal>) -> String {
    let within = spread.map_or_else(
        || "within ±25 % by default".to_owned(),
        |s| format!("within ±{s} %"),
    );
    format!(
        "Monte Carlo (the default) draws weights close to yours (each {within}), so its verdict \
         says whether the winner holds if your weights are about right."
    )
}

/// What the SMAA verdict answers, in one sentence, reconciling it with Monte Carlo's.
pub const SMAA_SENTENCE: &str = "SMAA (--mode smaa) draws any weights at all, however unlike \
     yours, so its verdict says whether the winner wins whatever the priorities; robust under \
     Monte Carlo and fragile under SMAA means it suits your priorities, not everyone's.";

/// Rounds a range's low end up to 2 places, so that the shown bound still keeps the winner.
pub fn round_up(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity)
        .normalize()
}

/// Rounds a range's high end down to 2 places, so that the shown bound still keeps the winner.
pub fn round_down(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::ToNegativeInfinity)
        .normalize()
}

/// A share 0–1 in per cent to one place: `59.5 %`.
pub fn percent(share: Decimal) -> String {
    format!("{} %", fixed(share * Decimal::ONE_HUNDRED, 1))
}

/// The smallest change to one weight, relative to that weight, that hands #1 to another
/// program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmallestChange {
    /// Index of the criterion.
    pub criterion: usize,
    /// The weight must fall below `bound` (else rise above it).
    pub below: bool,
    /// The exact bound.
    pub bound: Decimal,
    /// The criterion's current weight.
    pub weight: Decimal,
    /// `|bound − weight| / weight`; `None` when it does not fit a decimal (larger than any).
    pub change: Option<Decimal>,
    /// The program that takes #1 beyond the bound.
    pub taker: String,
}

/// The verdict on the winner's hold on #1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Robust (else fragile), as [`VERDICT_WORDS`] defines the words.
    pub robust: bool,
    /// Every single weight can move ±50 % without changing the winner.
    pub robust_weights: bool,
    /// The winner's name.
    pub winner: String,
    /// The winner's share of samples at #1.
    pub top_share: Decimal,
    /// The samples were SMAA weight sets.
    pub smaa: bool,
    /// The smallest single-weight change that changes the winner, if any does.
    pub smallest: Option<SmallestChange>,
    /// The winner is the only program ranked: nothing can take #1 from it, whatever the
    /// weights, and the sentence says so rather than calling a list of one robust for its
    /// own sake.
    pub alone: bool,
    /// The other programs that share #1 with the winner under the chart's weights, by name
    /// (empty when the winner is #1 alone).
    pub tied_with: Vec<String>,
}

/// The most programs tied at #1 a sentence names; the rest are counted.
const TIES_NAMED: usize = 3;

/// `tied at #1 with B and C`, `tied at #1 with B, C, D and 4 more`; names sanitised.
pub fn tied_phrase(tied_with: &[String]) -> String {
    let names: Vec<String> = tied_with.iter().map(|n| escape_controls(n)).collect();
    format!(
        "tied at #1 with {}",
        crate::text::and_list(&names, TIES_NAMED, "more")
    )
}

impl Verdict {
    /// The verdict on `winner` (its name and share of samples at #1), from the exact weight
    /// ranges: robust when the winner is #1 in ≥ 95 % of samples and keeps #1 across ±50 %
    /// of every single weight; fragile otherwise. `names` are the ranked programs' names,
    /// indexed as the ranges' `below`/`above`.
    pub fn of(
        ranges: &[WeightRange],
        names: &[String],
        winner: &str,
        top_share: Decimal,
        smaa: bool,
    ) -> Verdict {
        let half = Decimal::new(5, 1);
        // Checked throughout: a weight of 10⁻²⁸ next to one of 10²⁸ is valid, and the relative
        // change it takes to move the winner may not fit a decimal at all.
        let robust_weights = ranges.iter().all(|r| {
            let low_ok = r.weight.checked_mul(half).is_some_and(|l| r.low <= l);
            let high_ok = r.high.is_none_or(|h| {
                r.weight
                    .checked_mul(Decimal::ONE + half)
                    .is_some_and(|limit| h >= limit)
            });
            low_ok && high_ok
        });
        let robust = top_share >= Decimal::new(95, 2) && robust_weights;
        let mut smallest: Option<SmallestChange> = None;
        for r in ranges.iter().filter(|r| !r.weight.is_zero()) {
            let mut consider = |bound: Decimal, taker: usize, below: bool| {
                let change = bound
                    .checked_sub(r.weight)
                    .and_then(|d| d.abs().checked_div(r.weight));
                let smaller = match (&smallest, change) {
                    (None, _) => true,
                    (Some(SmallestChange { change: None, .. }), Some(_)) => true,
                    (
                        Some(SmallestChange {
                            change: Some(c), ..
                        }),
                        Some(change),
                    ) => change < *c,
                    (Some(_), None) => false,
                };
                if smaller {
                    smallest = Some(SmallestChange {
                        criterion: r.criterion,
                        below,
                        bound,
                        weight: r.weight,
                        change,
                        taker: names[taker].clone(),
                    });
                }
            };
            if let Some(i) = r.below {
                consider(r.low, i, true);
            }
            if let (Some(i), Some(h)) = (r.above, r.high) {
                consider(h, i, false);
            }
        }
        Verdict {
            robust,
            robust_weights,
            winner: winner.to_owned(),
            top_share,
            smaa,
            smallest,
            alone: names.len() == 1,
            tied_with: Vec::new(),
        }
    }

    /// The verdict's word and its definition (an entry of [`VERDICT_WORDS`]).
    pub fn word(&self) -> (&'static str, &'static str) {
        if self.robust {
            VERDICT_WORDS[0]
        } else {
            VERDICT_WORDS[1]
        }
    }

    /// The one-line verdict, naming criteria by `criteria` (labels for people), such as
    /// `robust: X stays #1 in 100.0 % of samples …; the smallest single-weight change that
    /// changes the winner: Scholarship support below 3.34 (now 80, −96 %) makes Y #1`. Every
    /// name passes through the terminal sanitiser.
    pub fn sentence(&self, criteria: &[String]) -> String {
        let place = if self.smaa { "weight sets" } else { "samples" };
        let mut winner = escape_controls(&self.winner);
        if self.alone {
            return format!(
                "{}: {winner} is the only program ranked, so no weights can put another \
                 program at #1; add programs to test the ranking",
                self.word().0
            );
        }
        if !self.tied_with.is_empty() {
            winner = format!("{winner}, {},", tied_phrase(&self.tied_with));
        }
        let head = if self.robust {
            format!(
                "robust: {winner} stays #1 in {} of {place} and across ±50 % on every single weight",
                percent(self.top_share)
            )
        } else {
            format!(
                "fragile: {winner} is #1 in {} of {place}{}",
                percent(self.top_share),
                if self.robust_weights {
                    ""
                } else {
                    " and a single weight change of less than 50 % changes the winner"
                }
            )
        };
        match &self.smallest {
            Some(s) => {
                let percent = s
                    .change
                    .and_then(|c| c.checked_mul(Decimal::ONE_HUNDRED))
                    .map_or_else(
                        || "a change too large to state in per cent".to_owned(),
                        |p| format!("{}{} %", if s.below { "−" } else { "+" }, fixed(p, 0)),
                    );
                format!(
                    "{head}; the smallest single-weight change that changes the winner: \
                     {} {} {} (now {}, {percent}) makes {} #1",
                    escape_controls(&criteria[s.criterion]),
                    if s.below { "below" } else { "above" },
                    trimmed(
                        if s.below {
                            round_up(s.bound)
                        } else {
                            round_down(s.bound)
                        },
                        2
                    ),
                    s.weight.normalize(),
                    escape_controls(&s.taker),
                )
            }
            None => format!("{head}; no single weight change alone changes the winner"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn range(weight: Decimal, low: Decimal, high: Option<Decimal>) -> WeightRange {
        WeightRange {
            criterion: 0,
            weight,
            low,
            high,
            below: (low > Decimal::ZERO).then_some(1),
            above: high.map(|_| 1),
        }
    }

    #[test]
    fn a_wide_range_and_a_high_share_are_robust() {
        let names = ["A".to_owned(), "B".to_owned()];
        let v = Verdict::of(
            &[range(dec!(80), dec!(3.341), None)],
            &names,
            "A",
            dec!(1),
            false,
        );
        assert!(v.robust);
        assert_eq!(v.word().0, "robust");
        assert_eq!(
            v.sentence(&["Scholarship support".to_owned()]),
            "robust: A stays #1 in 100.0 % of samples and across ±50 % on every single weight; \
             the smallest single-weight change that changes the winner: Scholarship support \
             below 3.35 (now 80, −96 %) makes B #1"
        );
    }

    #[test]
    fn a_narrow_range_or_a_low_share_is_fragile() {
        let names = ["A".to_owned(), "B".to_owned()];
        let narrow = Verdict::of(
            &[range(dec!(90), dec!(80), None)],
            &names,
            "A",
            dec!(1),
            false,
        );
        assert!(!narrow.robust && !narrow.robust_weights);
        assert!(
            narrow
                .sentence(&["Faculty quality".to_owned()])
                .contains("a single weight change of less than 50 %"),
        );
        let shared = Verdict::of(
            &[range(dec!(90), dec!(0), None)],
            &names,
            "A",
            dec!(0.9),
            true,
        );
        assert!(!shared.robust && shared.robust_weights);
        assert_eq!(
            shared.sentence(&["Faculty quality".to_owned()]),
            "fragile: A is #1 in 90.0 % of weight sets; no single weight change alone changes the winner"
        );
    }

    #[test]
    fn a_list_of_one_and_a_shared_first_place_are_said_as_such() {
        let criteria = ["Faculty quality".to_owned()];
        let alone = Verdict::of(
            &[range(dec!(90), dec!(0), None)],
            &["Solo".to_owned()],
            "Solo",
            dec!(1),
            false,
        );
        assert!(alone.alone);
        assert_eq!(
            alone.sentence(&criteria),
            "robust: Solo is the only program ranked, so no weights can put another program \
             at #1; add programs to test the ranking"
        );
        let names = ["A".to_owned(), "B".to_owned()];
        let mut tied = Verdict::of(
            &[range(dec!(90), dec!(0), None)],
            &names,
            "A",
            dec!(1),
            false,
        );
        assert!(!tied.alone);
        tied.tied_with = vec!["B".to_owned()];
        assert!(
            tied.sentence(&criteria)
                .starts_with("robust: A, tied at #1 with B, stays #1 in 100.0 % of samples"),
            "{}",
            tied.sentence(&criteria)
        );
        let many: Vec<String> = ["B", "C", "D", "E", "F"].map(str::to_owned).to_vec();
        assert_eq!(tied_phrase(&many[..2]), "tied at #1 with B and C");
        assert_eq!(tied_phrase(&many[..3]), "tied at #1 with B, C and D");
        assert_eq!(tied_phrase(&many), "tied at #1 with B, C, D and 2 more");
        assert_eq!(
            tied_phrase(&["X\u{1b}[2J".to_owned()]),
            format!("tied at #1 with {}", escape_controls("X\u{1b}[2J"))
        );
    }
}
