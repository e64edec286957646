//! The prior question asked of a ranking: is the best master's worth its cost against the
//! best shorter path (a certificate, a fellowship, faculty development, a short course)?
//! Built when the input has a `program_type` column; the report holds it and every format
//! shows its sentence.

use crate::costs::ProgramType;
use crate::report::{Listed, ProgramResult, Report};
use rust_decimal::Decimal;

/// The best master's against the best shorter alternative, when `program_type` is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlternativeComparison<'a> {
    /// The best-ranked master's.
    pub masters: ProgramResult<'a>,
    /// The best-ranked program of any other type.
    pub alternative: ProgramResult<'a>,
}

impl<'a> AlternativeComparison<'a> {
    /// Where in `ranked` (best first) the first master's and the first program of another
    /// type are; `None` unless both exist.
    pub fn find(ranked: Listed<'_>) -> Option<(usize, usize)> {
        let (mut masters, mut alternative) = (None, None);
        for (i, p) in ranked.iter().enumerate() {
            match p.costs().program_type {
                Some(ProgramType::Masters) => masters = masters.or(Some(i)),
                Some(_) => alternative = alternative.or(Some(i)),
                None => {}
            }
            if let (Some(m), Some(a)) = (masters, alternative) {
                return Some((m, a));
            }
        }
        None
    }

    /// The first master's and the first program of another type in `ranked` (best first);
    /// `None` unless both exist.
    pub fn of(ranked: Listed<'a>) -> Option<AlternativeComparison<'a>> {
        let (masters, alternative) = Self::find(ranked)?;
        Some(AlternativeComparison {
            masters: ranked.get(masters)?,
            alternative: ranked.get(alternative)?,
        })
    }

    /// The comparison in words, amounts in `report`'s currency: each program's type, rank,
    /// score, net cost and study hours, then the alternative's share of the master's score
    /// and of its net cost.
    pub fn sentence(&self, report: &Report) -> String {
        let AlternativeComparison {
            masters: m,
            alternative: a,
        } = self;
        let describe = |p: &ProgramResult<'_>| {
            let cost = p.costs().net_cost.map_or_else(
                || "cost unknown".to_owned(),
                |c| format!("net cost {}", report.money(c)),
            );
            let hours = p.costs().total_hours.map_or_else(
                || "hours unknown".to_owned(),
                |h| format!("{} study hours", crate::costs::hours(h)),
            );
            format!(
                "{} ({}, #{}, score {}, {cost}, {hours})",
                crate::text::escape_controls(p.name()),
                p.costs()
                    .program_type
                    .map_or_else(String::new, |t| t.to_string()),
                p.rank().unwrap_or(0),
                crate::values::fixed(p.score(), 1)
            )
        };
        let mut line = format!(
            "Best master's: {}.\nBest alternative: {}.",
            describe(m),
            describe(a)
        );
        let percent = |part: Decimal, whole: Decimal| {
            part.checked_div(whole)
                .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
                .map(|p| crate::values::fixed(p, 0))
        };
        if let Some(share) = percent(a.score(), m.score()) {
            line.push_str(&format!(
                "\nThe alternative reaches {share}% of the master's score"
            ));
            let cost_share = match (a.costs().net_cost, m.costs().net_cost) {
                (Some(ac), Some(mc)) => percent(ac, mc),
                _ => None,
            };
            if let Some(cost_share) = cost_share {
                line.push_str(&format!(" for {cost_share}% of its net cost"));
            }
            line.push('.');
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::input::Sheet;
    use crate::pipeline::{ScoringOptions, run};

    fn report(csv: &str) -> Report {
        let sheet = Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        run(sheet, &Config::default(), &ScoringOptions::default()).unwrap()
    }

    const HEADER: &str = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd,program_type\n";

    #[test]
    fn the_best_of_each_kind_and_their_shares() {
        let r = report(&format!(
            "{HEADER}M1,5,5,5,5,5,40000,masters\nC1,4,4,4,4,4,10000,certificate\nM2,3,3,3,3,3,20000,masters\n"
        ));
        let a = r.alternatives().unwrap();
        assert_eq!((a.masters.name(), a.alternative.name()), ("M1", "C1"));
        let sentence = a.sentence(&r);
        assert!(
            sentence.starts_with("Best master's: M1 (masters, #1"),
            "{sentence}"
        );
        assert!(sentence.contains("net cost $40,000"), "{sentence}");
        // C1's score over M1's, and 10,000 over 40,000.
        let share = crate::values::fixed(
            a.alternative.score() / a.masters.score() * Decimal::ONE_HUNDRED,
            0,
        );
        assert!(
            sentence.ends_with(&format!(
                "{share}% of the master's score for 25% of its net cost."
            )),
            "{sentence}"
        );
    }

    #[test]
    fn none_without_both_kinds() {
        let r = report(&format!(
            "{HEADER}M1,5,5,5,5,5,40000,masters\nM2,3,3,3,3,3,20000,masters\n"
        ));
        assert!(r.alternatives().is_none());
        assert!(AlternativeComparison::of(r.ranked()).is_none());
        assert_eq!(r.alternatives_line(), None);
    }
}
