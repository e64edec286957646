//! Why one program ranks where it does, as one value: its points per criterion (rounded so
//! that they add up to the shown score), its red flags, the rating on each criterion that
//! would be enough to make it #1, and optionally a criterion-by-criterion comparison with
//! another program.
//!
//! A ranked list is trusted when its reader can see where each point came from and what it
//! would take to change the answer. [`Explanation::asked`] finds the program a person named
//! in a finished [`Report`] and builds its [`Explanation`]; `export::explain` renders it as
//! text or JSON and `cmd/explain.rs` only wires the two together.
//!
//! All arithmetic is exact (`Decimal`); the break points come from
//! [`crate::analysis::breakpoints::Reach`], in closed form.

use crate::analysis::breakpoints::Reach;
use crate::config::Direction;
use crate::error::{DataError, Error, Result, quote_cell};
use crate::report::{ProgramResult, Report};
use crate::scoring::largest_remainder;
use crate::scoring::scale::Scale;
use crate::scoring::{ScoreError, Term};
use crate::text::{escape_controls, join, shell_word, thousands};
use rust_decimal::Decimal;

/// One criterion's line of the explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Canonical id, such as `faculty_quality`.
    pub criterion: String,
    /// The label people read, such as `Faculty quality`.
    pub label: String,
    /// The rating, `None` when missing.
    pub rating: Option<Decimal>,
    /// Normalised value 0..1.
    pub normalized: Decimal,
    /// The weight.
    pub weight: Decimal,
    /// The weight's share of the weights counted, 0..1, exact.
    pub share: Decimal,
    /// The share in per cent, rounded so that the shares add up to 100.00.
    pub share_percent: Decimal,
    /// Exact points.
    pub points_exact: Decimal,
    /// Points rounded to 2 places so that they add up to the rounded score.
    pub points: Decimal,
}

/// What it takes, on one criterion alone, to be #1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachLine {
    /// Canonical id.
    pub criterion: String,
    /// The label people read.
    pub label: String,
    /// The least sufficient rating (lowest for a benefit criterion, highest for a cost one),
    /// `None` when not reachable on this criterion alone.
    pub rating: Option<Decimal>,
    /// The current rating.
    pub current: Option<Decimal>,
    /// Lower ratings are better.
    pub cost: bool,
    /// Why it was not computed, when it was not.
    pub skipped: Option<&'static str>,
}

/// The comparison with `--vs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versus {
    /// The other program's name.
    pub program: String,
    /// Its rank.
    pub rank: Option<usize>,
    /// Its exact score.
    pub score: Decimal,
    /// Its points per criterion, rounded to add up to its rounded score.
    pub points: Vec<Decimal>,
    /// This program's points minus the other's, per criterion, rounded so that they add up
    /// to the rounded score difference.
    pub differences: Vec<Decimal>,
    /// The exact score difference (this minus other).
    pub difference: Decimal,
    /// Indices of the criteria that decide the order, largest first: the fewest of the
    /// leader's advantages that outweigh all of the other program's advantages together.
    pub deciding: Vec<usize>,
}

/// One red flag of the program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagLine {
    /// The flag's id, such as `no-hpe-focus`.
    pub id: String,
    /// `critical`, `warning` or `info`.
    pub severity: String,
    /// The message for people.
    pub message: String,
    /// The flag excludes the program from the ranking.
    pub excludes: bool,
}

/// Everything `explain` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// The program's name as in the file.
    pub program: String,
    /// Its rank; `None` when an excluding flag or a limit left it out.
    pub rank: Option<usize>,
    /// Number of ranked programs (those within the limits, when limits are set).
    pub of: usize,
    /// Number of programs left out of the ranking, by a red flag or a limit.
    pub excluded: usize,
    /// Whether hard limits (`--max-cost`, `--type`, …) were set.
    pub limits_set: bool,
    /// The limits this program breaks, as sentences (empty when within them).
    pub limits_broken: Vec<crate::costs::BrokenLimit>,
    /// The limits that could not be checked for this program for lack of data.
    pub limits_unknown: Vec<String>,
    /// The exact score.
    pub score: Decimal,
    /// One line per criterion, in config order.
    pub lines: Vec<Line>,
    /// The program's red flags, in the order raised.
    pub flags: Vec<FlagLine>,
    /// "To reach #1", one per criterion.
    pub reach: Vec<ReachLine>,
    /// `--vs`.
    pub versus: Option<Versus>,
}

/// A program name as compared: accents and curly quotes folded, lower case, punctuation
/// dropped, words separated by one space (`King’s College` → `kings college`).
fn name_key(name: &str) -> String {
    let folded = crate::headers::fold(name).to_lowercase();
    let mut key = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.replace('\'', ""))
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word);
    }
    key
}

/// `"Johns Hopkins MEHP" (#3)`, or `(excluded)` for a program left out. A long name is cut
/// as any quoted cell is ([`quote_cell`]).
fn with_rank(p: &ProgramResult) -> String {
    let rank = p
        .rank()
        .map_or_else(|| "excluded".to_owned(), |r| format!("#{r}"));
    format!("\"{}\" ({rank})", quote_cell(p.name()))
}

/// The characters of a name compared when suggesting the closest names.
const SIMILAR_CHARS: usize = 200;

/// The first `n` characters of `text`.
fn first_chars(text: &str, n: usize) -> &str {
    text.char_indices()
        .nth(n)
        .map_or(text, |(at, _)| &text[..at])
}

/// The most programs an error lists by name; the rest are counted.
pub const LISTED: usize = 20;

/// The first [`LISTED`] of `items` joined by `, `, then `and 4,980 more` for the rest, so
/// that a message on a file of thousands of programs stays a few lines.
fn listed(items: impl ExactSizeIterator<Item = String>) -> String {
    let total = items.len();
    let mut text = join(items.take(LISTED), ", ");
    if total > LISTED {
        text.push_str(&format!(", and {} more", thousands(total - LISTED)));
    }
    text
}

/// Finds a program by name as people type names: case, accents, punctuation and curly or
/// straight quotes aside (`kings college` finds `King’s College`); failing that, by a unique
/// part of the name or the starts of its words (`hopkins` finds `Johns Hopkins MEHP`). A name
/// that fits several programs is a usage error listing them; one that fits none is a data
/// error that lists the closest names, most similar first.
pub fn find_program<'r>(report: &'r Report, name: &str) -> Result<ProgramResult<'r>> {
    let wanted = name_key(name);
    let all: Vec<ProgramResult<'_>> = report.ranked().iter().chain(report.excluded()).collect();
    let keys: Vec<String> = all.iter().map(|p| name_key(p.name())).collect();
    let exact: Vec<usize> = (0..all.len()).filter(|&i| keys[i] == wanted).collect();
    let partial: Vec<usize> = if wanted.is_empty() {
        Vec::new()
    } else {
        let compact = wanted.replace(' ', "");
        (0..all.len())
            .filter(|&i| {
                let words: Vec<&str> = keys[i].split(' ').collect();
                keys[i].replace(' ', "").contains(&compact)
                    || wanted
                        .split(' ')
                        .all(|w| words.iter().any(|word| word.starts_with(w)))
            })
            .collect()
    };
    let hits = if exact.is_empty() { partial } else { exact };
    let hits = as_typed(hits, name, |i| all[i].name());
    match hits.as_slice() {
        [one] => return Ok(all[*one]),
        [] => {}
        several => {
            // Names that differ only in case, spacing or punctuation cannot be told apart by
            // giving more of the name, only by typing one exactly.
            let how = if several.iter().all(|&i| keys[i] == keys[several[0]]) {
                "type the name exactly as the file writes it"
            } else {
                "give more of the name"
            };
            return Err(Error::usage(format!(
                "\"{}\" fits {} programs: {}; {how}",
                quote_cell(name.trim()),
                thousands(several.len()),
                listed(several.iter().map(|&i| with_rank(&all[i])))
            )));
        }
    }
    // Similarity costs the product of the two lengths: a pasted 5,000-character "name"
    // against thousands of long names took most of a minute. The first SIMILAR_CHARS
    // characters of each tell names apart as well.
    let wanted_start = first_chars(&wanted, SIMILAR_CHARS);
    let mut scored: Vec<(f64, &str)> = all
        .iter()
        .zip(&keys)
        .map(|(p, key)| {
            let similarity = strsim::jaro_winkler(first_chars(key, SIMILAR_CHARS), wanted_start);
            (similarity, p.name())
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let suggestions = join(
        scored
            .iter()
            .take(3)
            .map(|(_, n)| format!("\"{}\"", quote_cell(n))),
        ", ",
    );
    Err(DataError::UnknownProgram {
        file: report.input.clone(),
        name: quote_cell(name),
        suggestions,
    }
    .into())
}

/// Narrows several programs that fit a typed name to the one written exactly as typed:
/// names may differ only in case or spacing (`Maastricht MHPE` and `maastricht mhpe` are two
/// rows), and typing one of them in full must find it. Tried in turn: the same text, the same
/// text with runs of spaces as one, then that in any case; the first test that leaves exactly
/// one program decides, else `hits` stay as they are.
fn as_typed<'n>(hits: Vec<usize>, typed: &str, name: impl Fn(usize) -> &'n str) -> Vec<usize> {
    if hits.len() < 2 {
        return hits;
    }
    let spaced = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let typed_spaced = spaced(typed);
    let typed_lower = typed_spaced.to_lowercase();
    let tests: [&dyn Fn(&str) -> bool; 3] = [
        &|n: &str| n.trim() == typed.trim(),
        &|n: &str| spaced(n) == typed_spaced,
        &|n: &str| spaced(n).to_lowercase() == typed_lower,
    ];
    for test in tests {
        let narrowed: Vec<usize> = hits.iter().copied().filter(|&i| test(name(i))).collect();
        if narrowed.len() == 1 {
            return narrowed;
        }
    }
    hits
}

/// The usage error for `explain` without a program: an example command to copy, then the
/// programs with their ranks.
pub fn name_a_program(report: &Report) -> Error {
    let all: Vec<ProgramResult<'_>> = report.ranked().iter().chain(report.excluded()).collect();
    // The example must run as shown: the file is quoted for the shell when it needs it
    // (`My Shortlist (2026).csv`), and the name is in double quotes unless it holds a
    // character a shell reads inside them, then in single quotes.
    let example = all.first().map_or_else(String::new, |p| {
        let name = quote_cell(p.name());
        if name.contains(['"', '$', '`', '\\', '!']) {
            shell_word(&name)
        } else {
            format!("\"{name}\"")
        }
    });
    Error::usage(format!(
        "name the program to explain, e.g. progrank explain {} {example} (part of the name is \
         enough); the programs are: {}",
        shell_word(&report.input),
        listed(all.iter().map(|p| with_rank(p)))
    ))
}

fn score_error(report: &Report, program: &ProgramResult, _e: ScoreError) -> Error {
    DataError::Unscorable {
        place: crate::error::Place {
            file: report.input.clone(),
            at: crate::error::At::Line {
                line: program.line(),
                row: program.line(),
                column: None,
            },
        },
        message: "a value is too large to compute what it takes to be #1 exactly".into(),
    }
    .into()
}

impl Explanation {
    /// The explanation of the program named `wanted` (matched as [`find_program`] does),
    /// compared with the one named `vs` when given. Without a name it is a usage error that
    /// lists every program with its rank; `vs` naming the same program is one too.
    pub fn asked(report: &Report, wanted: Option<&str>, vs: Option<&str>) -> Result<Explanation> {
        let Some(wanted) = wanted else {
            return Err(name_a_program(report));
        };
        let program = find_program(report, wanted)?;
        let other = match vs {
            Some(name) => {
                let other = find_program(report, name)?;
                if other.is(&program) {
                    return Err(Error::usage(format!(
                        "--vs names the same program as PROGRAM ({}); name another program",
                        escape_controls(program.name())
                    )));
                }
                Some(other)
            }
            None => None,
        };
        Explanation::of(report, &program, other.as_ref())
    }

    /// Builds the explanation of `program` (one of `report`'s programs), compared with
    /// `other` when given.
    pub fn of(
        report: &Report,
        program: &ProgramResult,
        other: Option<&ProgramResult>,
    ) -> Result<Explanation> {
        explain(report, program, other)
    }

    /// Why the program is left out of the ranking: its excluding flags' ids, then the limits
    /// it breaks as sentences; empty for a ranked program.
    pub fn excluded_because(&self) -> Vec<String> {
        self.flags
            .iter()
            .filter(|f| f.excludes)
            .map(|f| f.id.clone())
            .chain(self.limits_broken.iter().map(ToString::to_string))
            .collect()
    }
}

fn explain(
    report: &Report,
    program: &ProgramResult,
    other: Option<&ProgramResult>,
) -> Result<Explanation> {
    let results = program.criteria();
    let total_share: Decimal = results.iter().map(|c| c.share * Decimal::ONE_HUNDRED).sum();
    let exact_points: Vec<Decimal> = results.iter().map(|c| c.points).collect();
    let points = largest_remainder(&exact_points, program.score(), 2);
    let percents = largest_remainder(
        &results
            .iter()
            .map(|c| c.share * Decimal::ONE_HUNDRED)
            .collect::<Vec<_>>(),
        total_share,
        2,
    );
    let lines = report
        .criteria
        .iter()
        .zip(results.iter())
        .enumerate()
        .map(|(i, (criterion, c))| Line {
            criterion: criterion.id.clone(),
            label: criterion.label.clone(),
            rating: c.rating,
            normalized: c.normalized,
            weight: c.weight,
            share: c.share,
            share_percent: percents[i],
            points_exact: c.points,
            points: points[i],
        })
        .collect();

    let terms: Vec<Term> = results
        .iter()
        .map(|c| Term {
            weight: c.weight,
            normalized: c.rating.map(|_| c.normalized),
        })
        .collect();
    let target = report
        .ranked()
        .iter()
        .filter(|p| !p.is(program))
        .map(|p| p.score())
        .max();
    let excluded = program.rank().is_none();
    let excluded_why = if program.exclusion_reasons().next().is_some() {
        "excluded from the ranking by a red flag"
    } else {
        "excluded from the ranking by your limits"
    };
    let mut reach = Vec::with_capacity(report.criteria.len());
    for (k, criterion) in report.criteria.iter().enumerate() {
        let cost = criterion.direction == Direction::Cost;
        let scale = Scale::declared(criterion);
        let skipped = if excluded {
            Some(excluded_why)
        } else if scale.follows_data() {
            Some("not computed: a minmax criterion's scale moves with the ratings")
        } else {
            None
        };
        let rating = match skipped {
            Some(_) => None,
            None => Reach {
                terms: &terms,
                policy: report.missing_policy,
                criterion: k,
                scale: scale.declared_bounds(),
                direction: criterion.direction,
                target,
            }
            .rating()
            .map_err(|e| score_error(report, program, e))?,
        };
        reach.push(ReachLine {
            criterion: criterion.id.clone(),
            label: criterion.label.clone(),
            rating,
            current: results[k].rating,
            cost,
            skipped,
        });
    }

    let versus = other.map(|o| versus(program, o));
    Ok(Explanation {
        program: program.name().to_owned(),
        rank: program.rank(),
        of: report.ranked().len(),
        excluded: report.excluded().len(),
        limits_set: !report.limits.is_empty(),
        limits_broken: program.limits_broken().to_vec(),
        limits_unknown: program.limits_unknown().to_vec(),
        score: program.score(),
        lines,
        flags: program
            .flags()
            .iter()
            .map(|f| FlagLine {
                id: f.id.clone(),
                severity: f.severity.to_string(),
                message: f.message.clone(),
                excludes: f.exclude,
            })
            .collect(),
        reach,
        versus,
    })
}

fn versus(program: &ProgramResult, other: &ProgramResult) -> Versus {
    let other_results = other.criteria();
    let other_exact: Vec<Decimal> = other_results.iter().map(|c| c.points).collect();
    let other_points = largest_remainder(&other_exact, other.score(), 2);
    let exact: Vec<Decimal> = program
        .criteria()
        .iter()
        .zip(other_results.iter())
        .map(|(a, b)| a.points - b.points)
        .collect();
    let difference = program.score() - other.score();
    // Rounded differences: the exact per-criterion differences, rounded so that they add up
    // to the difference of the two rounded scores (the Total row).
    let round2 = |d: Decimal| {
        d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    let differences = largest_remainder(&exact, round2(program.score()) - round2(other.score()), 2);
    let sign = if difference.is_zero() {
        Decimal::ZERO
    } else if difference.is_sign_positive() {
        Decimal::ONE
    } else {
        -Decimal::ONE
    };
    let mut deciding = Vec::new();
    if !sign.is_zero() {
        let against: Decimal = exact
            .iter()
            .map(|d| d * sign)
            .filter(|d| *d < Decimal::ZERO)
            .map(|d| -d)
            .sum();
        let mut order: Vec<usize> = (0..exact.len())
            .filter(|&i| exact[i] * sign > Decimal::ZERO)
            .collect();
        order.sort_by(|&a, &b| (exact[b] * sign).cmp(&(exact[a] * sign)));
        let mut gathered = Decimal::ZERO;
        for i in order {
            deciding.push(i);
            gathered += exact[i] * sign;
            if gathered > against {
                break;
            }
        }
    }
    Versus {
        program: other.name().to_owned(),
        rank: other.rank(),
        score: other.score(),
        points: other_points,
        differences,
        difference,
        deciding,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::pipeline::ScoringOptions;
    use crate::values::fixed;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    const CSV: &str = include_str!("../../data/programs.csv");

    fn report(csv: &str) -> Report {
        let sheet = crate::input::Sheet::from_csv("programs.csv", csv.as_bytes()).unwrap();
        crate::pipeline::run(sheet, &Config::default(), &ScoringOptions::default()).unwrap()
    }

    #[test]
    fn names_match_case_insensitively_and_unknown_names_get_suggestions() {
        let r = report(CSV);
        let p = find_program(&r, "  lakeshore university mmed ").unwrap();
        assert_eq!(p.name(), "Lakeshore University MMEd");
        let err = find_program(&r, "Lakeshor Univrsity MMEd").unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::DATA);
        assert!(
            err.to_string()
                .contains("closest names are \"Lakeshore University MMEd\""),
            "{err}"
        );
    }

    #[test]
    fn names_match_as_people_type_them() {
        let r = report(CSV);
        for typed in [
            "lakeshore",
            "Lakeshore Univ MMEd",
            "LAKESHORE-university",
            "lakeshore university mmed.",
        ] {
            assert_eq!(
                find_program(&r, typed).unwrap().name(),
                "Lakeshore University MMEd",
                "{typed:?}"
            );
        }
        let err = find_program(&r, "mhpe").unwrap_err();
        assert_eq!(err.exit_code(), crate::error::exit::USAGE);
        let msg = err.to_string();
        assert!(msg.contains("fits 4 programs"), "{msg}");
        assert!(
            msg.contains("\"Riverside Health Professions Education MHPE\" (#1)"),
            "{msg}"
        );
        assert_eq!(name_key("King’s Collège, London"), "kings college london");
        assert_eq!(
            name_key("Kings College London"),
            name_key("King's College - London")
        );
        let listing = name_a_program(&r).to_string();
        assert!(
            listing.contains("\"Lakeshore University MMEd\" (#3)"),
            "{listing}"
        );
    }

    #[test]
    fn points_add_up_to_the_shown_score_for_every_program() {
        let r = report(CSV);
        for p in r.ranked().iter().chain(&r.excluded()) {
            let e = Explanation::of(&r, &p, None).unwrap();
            let total: Decimal = e.lines.iter().map(|l| l.points).sum();
            assert_eq!(fixed(total, 2), fixed(e.score, 2), "{}", p.name());
            let shares: Decimal = e.lines.iter().map(|l| l.share_percent).sum();
            assert_eq!(shares, Decimal::ONE_HUNDRED);
        }
    }

    /// Replaces one rating of one program in the CSV text and ranks again.
    fn rank_after_change(program: &str, criterion: usize, rating: Decimal) -> Option<usize> {
        let mut out = String::new();
        for (i, line) in CSV.lines().enumerate() {
            if i > 0 && line.starts_with(program) {
                let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
                cells[1 + criterion] = rating.to_string();
                out.push_str(&cells.join(","));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        let r = report(&out);
        r.ranked()
            .iter()
            .find(|p| p.name() == program)
            .and_then(|p| p.rank())
    }

    #[test]
    fn to_reach_first_really_reaches_first_through_the_whole_pipeline() {
        let r = report(CSV);
        let mut checked = 0;
        for p in &r.ranked() {
            if p.name().contains(',') {
                continue;
            }
            let e = Explanation::of(&r, &p, None).unwrap();
            for (k, reach) in e.reach.iter().enumerate() {
                if let Some(x) = reach.rating {
                    assert_eq!(
                        rank_after_change(p.name(), k, x),
                        Some(1),
                        "{} {k} {x}",
                        p.name()
                    );
                    let less = x - Decimal::new(1, 2);
                    if less >= Decimal::ONE {
                        assert_ne!(
                            rank_after_change(p.name(), k, less),
                            Some(1),
                            "{} {k} {less}",
                            p.name()
                        );
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked >= 5, "only {checked} reachable cases");
    }

    #[test]
    fn versus_names_the_deciding_criteria() {
        let r = report(CSV);
        let a = find_program(&r, "Riverside Health Professions Education MHPE").unwrap();
        let b = find_program(&r, "Lakeshore University MMEd").unwrap();
        let e = Explanation::of(&r, &a, Some(&b)).unwrap();
        let v = e.versus.unwrap();
        let sum: Decimal = v.differences.iter().sum();
        assert_eq!(sum, dec!(76.71) - dec!(60.96));
        // Riverside leads on faculty (+6.16) and scholarship (+8.77); Lakeshore on schedule
        // (+4.80); brand +2.74 for Riverside. Scholarship alone outweighs schedule.
        let ids: Vec<&str> = v
            .deciding
            .iter()
            .map(|&i| e.lines[i].criterion.as_str())
            .collect();
        assert_eq!(ids, vec!["scholarship_support"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Contributions always add up to the shown score, whatever the ratings and weights.
        #[test]
        fn contributions_sum_to_the_score(
            ratings in prop::collection::vec(1u32..=5, 5),
            weights in prop::collection::vec(1u32..=100, 5),
        ) {
            let header = "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name";
            let row = join(ratings.iter().map(u32::to_string), ",");
            let csv = format!("{header}\nX,{row}\nY,3,3,3,3,3\n");
            let mut config = Config::default();
            for (c, w) in ["faculty_quality", "scholarship_support", "funding", "schedule_flexibility", "brand_name"].iter().zip(&weights) {
                config.override_weight(c, Decimal::from(*w)).unwrap();
            }
            let sheet = crate::input::Sheet::from_csv("t.csv", csv.as_bytes()).unwrap();
            let r = crate::pipeline::run(sheet, &config, &ScoringOptions::default()).unwrap();
            for p in &r.ranked() {
                let e = Explanation::of(&r, &p, None).unwrap();
                let total: Decimal = e.lines.iter().map(|l| l.points).sum();
                prop_assert_eq!(fixed(total, 2), fixed(e.score, 2));
            }
        }
    }
}
