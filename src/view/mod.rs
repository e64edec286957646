//! What is shown of a report, and how: the presentation switches (`--top`, `--costs`,
//! `--include-excluded`, the table's width and style, the CSV dialect) kept apart from the
//! [`Report`], which holds only what the run found.
//!
//! Every exporter receives a [`View`]; none of them changes the report. `--top` is a view of
//! the ranking, not a cut of it: [`View::ranked`] is the first N programs, and the view
//! counts the programs left out (and how many of those share the last shown rank) from the
//! whole ranking, which stays in the report.
//!
//! The machine-readable outputs are made from the `Serialize` types here: [`program`] for
//! `rank --format json`, [`advice`] for `advise --format json`.

pub mod advice;
pub mod program;

use crate::analysis::montecarlo::Settings;
use crate::analysis::sensitivity::{SensitivityAnalysis, Unanalysable};
use crate::export::{CsvDialect, TableStyle};
use crate::report::{Listed, ProgramResult, Report};

/// The version of the shape of the JSON `rank` and `advise` write, given in every object
/// as `schema_version`. It changes only when a field is renamed, removed or changes
/// meaning; a new field does not change it.
pub const SCHEMA_VERSION: u32 = 1;

/// A report as it is to be shown.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    /// What the run found.
    pub report: &'a Report,
    /// Show only the first N ranked programs (`--top`); `None` shows all.
    pub top: Option<usize>,
    /// Add net cost, study hours and points per 1,000 to the output (`--costs`).
    pub show_costs: bool,
    /// List excluded programs in the data exports with a `status` (`--include-excluded`).
    pub include_excluded: bool,
    /// The terminal table's width and colour.
    pub table: TableStyle,
    /// The CSV's delimiter, decimal mark, encoding, BOM and line end.
    pub csv: CsvDialect,
}

impl<'a> View<'a> {
    /// Every program of `report`, no cost columns, no excluded rows, the default table
    /// style and CSV dialect.
    pub fn new(report: &'a Report) -> View<'a> {
        View {
            report,
            top: None,
            show_costs: false,
            include_excluded: false,
            table: TableStyle::default(),
            csv: CsvDialect::default(),
        }
    }

    /// The ranked programs shown, best first: all of them, or the first `--top` N.
    pub fn ranked(&self) -> Listed<'a> {
        let ranked = self.report.ranked();
        let shown = self.top.map_or(ranked.len(), |n| n.min(ranked.len()));
        ranked.slice(..shown)
    }

    /// Ranked programs not shown because of `--top`.
    pub fn omitted_by_top(&self) -> usize {
        self.report.ranked().len() - self.ranked().len()
    }

    /// Of the programs `--top` leaves out, how many share the rank of the last one shown
    /// (a tie cut in two).
    pub fn ties_cut_by_top(&self) -> usize {
        let shown = self.ranked();
        let Some(last_rank) = shown.last().and_then(|p| p.rank()) else {
            return 0;
        };
        self.report
            .ranked()
            .slice(shown.len()..)
            .iter()
            .filter(|p| p.rank() == Some(last_rank))
            .count()
    }

    /// The programs the data exports list: the ranked ones shown, then (with
    /// `--include-excluded`) the excluded ones.
    pub fn exported(&self) -> impl Iterator<Item = ProgramResult<'a>> + 'a {
        let (ranked, excluded) = self.exported_parts();
        ranked.iter().chain(excluded)
    }

    /// How many programs [`View::exported`] lists.
    pub fn exported_len(&self) -> usize {
        let (ranked, excluded) = self.exported_parts();
        ranked.len() + excluded.len()
    }

    /// Programs `from..from + count` of [`View::exported`] (fewer past its end), reached
    /// without walking the ones before.
    pub fn exported_from(
        &self,
        from: usize,
        count: usize,
    ) -> impl Iterator<Item = ProgramResult<'a>> + 'a {
        let (ranked, excluded) = self.exported_parts();
        let end = from.saturating_add(count);
        let in_ranked = from.min(ranked.len())..end.min(ranked.len());
        let in_excluded = from.saturating_sub(ranked.len()).min(excluded.len())
            ..end.saturating_sub(ranked.len()).min(excluded.len());
        ranked
            .slice(in_ranked)
            .iter()
            .chain(excluded.slice(in_excluded))
    }

    /// The ranked programs shown and the excluded programs listed.
    fn exported_parts(&self) -> (Listed<'a>, Listed<'a>) {
        let excluded = self.report.excluded();
        let excluded = excluded.slice(
            ..if self.include_excluded {
                excluded.len()
            } else {
                0
            },
        );
        (self.ranked(), excluded)
    }

    /// The weight analysis (ranges, Monte Carlo or SMAA) of the ranking shown. A ranking cut
    /// by `--top` is not analysed ([`Unanalysable::CutByTop`]): any program left out could
    /// take #1 when the weights move.
    pub fn sensitivity(
        &self,
        settings: &Settings,
    ) -> std::result::Result<SensitivityAnalysis, Unanalysable> {
        if self.ranked().is_empty() {
            return Err(Unanalysable::NothingRanked);
        }
        if self.omitted_by_top() > 0 {
            return Err(Unanalysable::CutByTop);
        }
        SensitivityAnalysis::of(self.report, settings)
    }

    /// Limits that could not be checked, per ranked program shown, as lines.
    pub fn limit_unknown_lines(&self) -> impl Iterator<Item = String> + '_ {
        // Most runs have no such program: then no program is read at all.
        let ranked = match self.report.programs.any_limit_unknown() {
            true => self.ranked(),
            false => self.ranked().slice(..0),
        };
        ranked.into_iter().filter_map(|p| {
            let unknown = p.limits_unknown();
            (!unknown.is_empty()).then(|| {
                format!(
                    "{}: not checked against {}",
                    crate::text::escape_controls(p.name()),
                    unknown.join(", ")
                )
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ranks 1, 2, 2, 2, 5, and X left out by `--max-cost 50000`.
    fn tied() -> Report {
        let csv = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,\
                   brand_name,tuition_usd\n\
                   A,5,5,5,5,5,1000\nB,4,4,4,4,4,1000\nC,4,4,4,4,4,1000\nD,4,4,4,4,4,1000\n\
                   E,3,3,3,3,3,1000\nX,5,5,5,5,5,90000\n";
        under_max_cost_50000(csv)
    }

    /// The report on `csv` with `--max-cost 50000`.
    fn under_max_cost_50000(csv: &str) -> Report {
        let sheet = crate::input::Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
        let options = crate::pipeline::ScoringOptions {
            limits: crate::costs::Limits {
                max_cost: Some(rust_decimal::Decimal::from(50_000)),
                ..Default::default()
            },
            ..Default::default()
        };
        crate::pipeline::run(sheet, &crate::config::Config::default(), &options).unwrap()
    }

    fn ranks(programs: Listed<'_>) -> Vec<Option<usize>> {
        programs.iter().map(|p| p.rank()).collect()
    }

    #[test]
    fn a_part_of_the_exported_programs_is_the_same_part_of_the_list() {
        let r = tied();
        for top in [None, Some(0), Some(2), Some(9)] {
            for include_excluded in [false, true] {
                let mut view = View::new(&r);
                view.top = top;
                view.include_excluded = include_excluded;
                let all: Vec<(Option<usize>, String)> = view
                    .exported()
                    .map(|p| (p.rank(), p.name().to_owned()))
                    .collect();
                assert_eq!(view.exported_len(), all.len());
                for from in 0..=all.len() + 1 {
                    for count in 0..=all.len() + 1 {
                        let part: Vec<(Option<usize>, String)> = view
                            .exported_from(from, count)
                            .map(|p| (p.rank(), p.name().to_owned()))
                            .collect();
                        let expected: Vec<_> = all.iter().skip(from).take(count).cloned().collect();
                        assert_eq!(part, expected, "{top:?} {include_excluded} {from} {count}");
                    }
                }
            }
        }
    }

    #[test]
    fn limits_not_checked_are_listed_per_shown_program_and_only_then() {
        // Every cost known: nothing to say, and (by design) no program is read to say so.
        let r = tied();
        assert!(!r.programs.any_limit_unknown());
        assert_eq!(View::new(&r).limit_unknown_lines().count(), 0);
        // B and D have no tuition: each gets its line, in rank order, unless `--top` hides it.
        let csv = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,\
                   brand_name,tuition_usd\n\
                   A,5,5,5,5,5,1000\nB,4,4,4,4,4,\nC,3,3,3,3,3,1000\nD,2,2,2,2,2,\n";
        let r = under_max_cost_50000(csv);
        assert!(r.programs.any_limit_unknown());
        let lines: Vec<String> = View::new(&r).limit_unknown_lines().collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with("B: not checked against "), "{lines:?}");
        assert!(lines[1].starts_with("D: not checked against "), "{lines:?}");
        let top = View {
            top: Some(2),
            ..View::new(&r)
        };
        assert_eq!(top.limit_unknown_lines().count(), 1);
    }

    #[test]
    fn top_shows_the_first_n_and_counts_the_rest_and_the_ties_cut() {
        let r = tied();
        assert_eq!(
            ranks(r.ranked()),
            [Some(1), Some(2), Some(2), Some(2), Some(5)]
        );
        let cut = |n| {
            let v = View {
                top: Some(n),
                ..View::new(&r)
            };
            (v.ranked().len(), v.omitted_by_top(), v.ties_cut_by_top())
        };
        assert_eq!(cut(1), (1, 4, 0));
        assert_eq!(cut(2), (2, 3, 2));
        assert_eq!(cut(3), (3, 2, 1));
        assert_eq!(cut(4), (4, 1, 0));
        assert_eq!(cut(5), (5, 0, 0));
        assert_eq!(cut(50), (5, 0, 0));
        assert_eq!(cut(0), (0, 5, 0));
        let all = View::new(&r);
        assert_eq!(
            (
                all.ranked().len(),
                all.omitted_by_top(),
                all.ties_cut_by_top()
            ),
            (5, 0, 0)
        );
        // The report itself is untouched by a view.
        assert_eq!(r.ranked().len(), 5);
    }

    #[test]
    fn exported_lists_the_shown_ranked_then_the_excluded_when_asked() {
        let r = tied();
        assert_eq!(r.excluded().len(), 1);
        let names = |v: View| {
            v.exported()
                .map(|p| p.name().to_owned())
                .collect::<Vec<_>>()
        };
        let v = View {
            top: Some(2),
            ..View::new(&r)
        };
        assert_eq!(names(v), ["A", "B"]);
        let v = View {
            include_excluded: true,
            ..v
        };
        assert_eq!(names(v), ["A", "B", "X"]);
    }
}
