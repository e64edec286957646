//! `progrank explain`'s output: the [`Explanation`] as text for people (with a stacked bar
//! of the points, in colour on a terminal) and as JSON for programs.
//!
//! Only formatting: every number comes from [`crate::analysis::explain`]. The JSON is the
//! serialisation of the typed view [`ExplanationJson`], so its field names and nesting are
//! declared once, here, and pinned by a snapshot (`tests/snapshots/explain__explain_json.snap`).

use crate::analysis::compare::Dec;
use crate::analysis::explain::Explanation;
use crate::export::rating_text;
use crate::scoring::largest_remainder;
use crate::text::{escape_controls, join, lpad, pad};
use crate::values::{fixed, trimmed};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use std::fmt::Write;

/// The version of the JSON shape of `explain`; raised when a field changes meaning or goes
/// away.
pub const SCHEMA_VERSION: u32 = 1;

/// `explain --format json`: the documented object (docs/guide/explain.md, "JSON").
#[derive(Debug, Serialize)]
pub struct ExplanationJson<'a> {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The program's name as in the file.
    pub program: &'a str,
    /// Its rank, null when it is left out of the ranking.
    pub rank: Option<usize>,
    /// How many programs are ranked.
    pub of: usize,
    /// How many are left out, by a red flag or a limit.
    pub excluded: usize,
    /// This program's excluding flag ids and broken limits.
    pub excluded_because: Vec<String>,
    /// The score, 2 places.
    pub score: Dec<2>,
    /// One entry per criterion.
    pub criteria: Vec<CriterionJson<'a>>,
    /// The red flags.
    pub flags: Vec<FlagJson<'a>>,
    /// The rating on each criterion alone that would be enough for #1.
    pub to_reach_first: Vec<ReachJson<'a>>,
    /// With `--vs`: the other program, side by side.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs: Option<VersusJson<'a>>,
}

/// One criterion's line.
#[derive(Debug, Serialize)]
pub struct CriterionJson<'a> {
    /// Criterion id.
    pub criterion: &'a str,
    /// The rating as read, null when missing.
    pub rating: Option<Dec<28>>,
    /// Normalised value 0–1, 4 places.
    pub normalized: Dec<4>,
    /// The weight as given.
    pub weight: Dec<28>,
    /// The weight's share of the weights counted, 4 places.
    pub share: Dec<4>,
    /// Points, 2 places, adding up to the score.
    pub points: Dec<2>,
}

/// One red flag.
#[derive(Debug, Serialize)]
pub struct FlagJson<'a> {
    /// Flag id.
    pub id: &'a str,
    /// `critical`, `warning` or `info`.
    pub severity: &'a str,
    /// The message.
    pub message: &'a str,
}

/// What it takes on one criterion to be #1.
#[derive(Debug, Serialize)]
pub struct ReachJson<'a> {
    /// Criterion id.
    pub criterion: &'a str,
    /// The least sufficient rating, 2 places; null when not reachable or not computed.
    pub rating: Option<Dec<2>>,
}

/// The `--vs` comparison.
#[derive(Debug, Serialize)]
pub struct VersusJson<'a> {
    /// The other program.
    pub program: &'a str,
    /// Its rank.
    pub rank: Option<usize>,
    /// Its score, 2 places.
    pub score: Dec<2>,
    /// This rounded score minus the other rounded score.
    pub difference: Dec<2>,
    /// Per criterion.
    pub criteria: Vec<VersusCriterionJson<'a>>,
    /// Ids of the criteria that decide the order, largest first.
    pub deciding: Vec<&'a str>,
}

/// One criterion of the `--vs` comparison.
#[derive(Debug, Serialize)]
pub struct VersusCriterionJson<'a> {
    /// Criterion id.
    pub criterion: &'a str,
    /// This program's points.
    pub points: Dec<2>,
    /// The other program's points.
    pub other_points: Dec<2>,
    /// The difference, rounded to add up to the score difference.
    pub difference: Dec<2>,
}

impl<'a> ExplanationJson<'a> {
    /// The view of `e`.
    pub fn of(e: &'a Explanation) -> Self {
        let round2 =
            |d: Decimal| d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        ExplanationJson {
            schema_version: SCHEMA_VERSION,
            program: &e.program,
            rank: e.rank,
            of: e.of,
            excluded: e.excluded,
            excluded_because: e.excluded_because(),
            score: Dec(e.score),
            criteria: e
                .lines
                .iter()
                .map(|l| CriterionJson {
                    criterion: &l.criterion,
                    rating: l.rating.map(Dec),
                    normalized: Dec(l.normalized),
                    weight: Dec(l.weight),
                    share: Dec(l.share),
                    points: Dec(l.points),
                })
                .collect(),
            flags: e
                .flags
                .iter()
                .map(|f| FlagJson {
                    id: &f.id,
                    severity: &f.severity,
                    message: &f.message,
                })
                .collect(),
            to_reach_first: e
                .reach
                .iter()
                .map(|r| ReachJson {
                    criterion: &r.criterion,
                    rating: r.rating.map(Dec),
                })
                .collect(),
            vs: e.versus.as_ref().map(|v| VersusJson {
                program: &v.program,
                rank: v.rank,
                score: Dec(v.score),
                difference: Dec(round2(e.score) - round2(v.score)),
                criteria: e
                    .lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| VersusCriterionJson {
                        criterion: &l.criterion,
                        points: Dec(l.points),
                        other_points: Dec(v.points[i]),
                        difference: Dec(v.differences[i]),
                    })
                    .collect(),
                deciding: v
                    .deciding
                    .iter()
                    .map(|&i| e.lines[i].criterion.as_str())
                    .collect(),
            }),
        }
    }
}

/// The explanation as pretty JSON, ending in a newline.
pub fn json(e: &Explanation) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&ExplanationJson::of(e))
        .expect("an explanation always serialises");
    bytes.push(b'\n');
    bytes
}

const BAR_WIDTH: u32 = 50;
const GLYPHS: [char; 10] = ['#', '=', '+', '*', '~', '%', '@', '&', 'o', 'x'];
const COLOURS: [u8; 6] = [34, 32, 33, 35, 36, 31];

/// The stacked bar: one cell per 2 points, each criterion's cells together. In colour on a
/// terminal; with one plain character per criterion otherwise.
pub fn stacked_bar(e: &Explanation, colour: bool) -> String {
    let scale = Decimal::from(BAR_WIDTH) / Decimal::ONE_HUNDRED;
    let exact: Vec<Decimal> = e
        .lines
        .iter()
        .map(|l| (l.points_exact * scale).max(Decimal::ZERO))
        .collect();
    let cells = largest_remainder(&exact, (e.score * scale).max(Decimal::ZERO), 0);
    let mut bar = String::from("|");
    let mut legend = Vec::new();
    for (i, (line, n)) in e.lines.iter().zip(&cells).enumerate() {
        let n = usize::try_from(n.mantissa())
            .unwrap_or(0)
            .min(BAR_WIDTH as usize);
        let glyph = GLYPHS[i % GLYPHS.len()];
        if colour {
            let code = COLOURS[i % COLOURS.len()];
            let _ = write!(bar, "\x1b[{code}m{}\x1b[0m", "█".repeat(n));
            legend.push(format!("\x1b[{code}m█\x1b[0m {}", line.label));
        } else {
            bar.push_str(&glyph.to_string().repeat(n));
            legend.push(format!("{glyph} {}", line.label));
        }
    }
    let used: usize = cells
        .iter()
        .map(|c| usize::try_from(c.mantissa()).unwrap_or(0))
        .sum();
    bar.push_str(&" ".repeat((BAR_WIDTH as usize).saturating_sub(used)));
    bar.push('|');
    format!("{bar} {}\n  {}\n", fixed(e.score, 2), legend.join("  "))
}

/// The explanation as text.
pub fn text(e: &Explanation, colour: bool) -> String {
    let mut out = String::new();
    let name = escape_controls(&e.program);
    let _ = writeln!(out, "{name}");
    let _ = writeln!(out, "{}", standing(e));
    for unknown in &e.limits_unknown {
        let _ = writeln!(out, "Not checked against {unknown}");
    }
    let width = e
        .lines
        .iter()
        .map(|l| crate::text::width(&l.label))
        .max()
        .unwrap_or(0)
        .max(9);
    let _ = writeln!(
        out,
        "\n{}  {}  {}  {}  {}",
        pad("Criterion", width),
        lpad("Rating", 6),
        lpad("Normalised", 10),
        lpad("Weight share", 12),
        lpad("Points", 6)
    );
    for l in &e.lines {
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {}",
            pad(&l.label, width),
            lpad(&rating_text(l.rating), 6),
            lpad(&fixed(l.normalized, 4), 10),
            lpad(&format!("{} %", fixed(l.share_percent, 2)), 12),
            lpad(&fixed(l.points, 2), 6)
        );
    }
    let total_share: Decimal = e.lines.iter().map(|l| l.share_percent).sum();
    let _ = writeln!(
        out,
        "{}  {}  {}  {}  {}",
        pad("Total", width),
        lpad("", 6),
        lpad("", 10),
        lpad(&format!("{} %", fixed(total_share, 2)), 12),
        lpad(&fixed(e.score, 2), 6)
    );
    let _ = writeln!(
        out,
        "\nContributions (one cell = 2 points)\n{}",
        stacked_bar(e, colour)
    );
    let _ = writeln!(out, "Red flags");
    if e.flags.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for f in &e.flags {
        let excl = if f.excludes { ", excludes" } else { "" };
        let _ = writeln!(out, "  {} ({}{excl}): {}", f.id, f.severity, f.message);
    }
    let _ = writeln!(
        out,
        "\nTo reach #1{} (one criterion at a time, everything else fixed; a shared #1 counts)",
        if e.limits_set {
            " among the programs within your limits"
        } else {
            ""
        }
    );
    for r in &e.reach {
        let now = rating_text(r.current);
        let text = match (r.skipped, r.rating) {
            (Some(why), _) => why.to_string(),
            (None, None) => "not reachable on this criterion alone".into(),
            (None, Some(x)) => {
                // A #1 with this rating missing is #1 without it: `x` is then the rating that,
                // filled in, keeps it #1, not one it needs to reach #1.
                let enough_now = r
                    .current
                    .is_none_or(|c| if r.cost { c <= x } else { c >= x });
                let (more, less) = if r.cost {
                    ("or less", "as high as")
                } else {
                    ("or more", "as low as")
                };
                if enough_now && e.rank == Some(1) {
                    format!(
                        "already #1 (now {now}); {less} {} would keep it #1",
                        trimmed(x, 2)
                    )
                } else {
                    format!("{} {more} (now {now})", trimmed(x, 2))
                }
            }
        };
        let _ = writeln!(out, "  {}  {text}", pad(&r.label, width));
    }
    if let Some(v) = &e.versus {
        let other = escape_controls(&v.program);
        let _ = writeln!(out, "\nVersus {other}");
        let _ = writeln!(
            out,
            "{}  {}  {}  {}",
            pad("Criterion", width),
            lpad("This", 6),
            lpad("Other", 6),
            lpad("Difference", 10)
        );
        for (i, l) in e.lines.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}  {}  {}  {}",
                pad(&l.label, width),
                lpad(&fixed(l.points, 2), 6),
                lpad(&fixed(v.points[i], 2), 6),
                lpad(&signed(v.differences[i]), 10)
            );
        }
        let total: Decimal = v.differences.iter().sum();
        let _ = writeln!(
            out,
            "{}  {}  {}  {}",
            pad("Total", width),
            lpad(&fixed(e.score, 2), 6),
            lpad(&fixed(v.score, 2), 6),
            lpad(&signed(total), 10)
        );
        if v.deciding.is_empty() {
            let _ = writeln!(
                out,
                "The two scores are equal: no criterion decides the order."
            );
        } else {
            let leader = if v.difference.is_sign_positive() {
                name.as_str()
            } else {
                other.as_str()
            };
            let names = join(
                v.deciding
                    .iter()
                    .map(|&i| format!("{} ({})", e.lines[i].label, signed(v.differences[i].abs()))),
                ", ",
            );
            let _ = write!(out, "{leader} is ahead; decided by {names}.");
            // Ahead on score is not ahead in the ranking when the leader is left out of it.
            let (leader_rank, trailer, trailer_rank) = if v.difference.is_sign_positive() {
                (e.rank, other.as_str(), v.rank)
            } else {
                (v.rank, name.as_str(), e.rank)
            };
            if let (None, Some(rank)) = (leader_rank, trailer_rank) {
                let _ = write!(
                    out,
                    " Only on score: {leader} is left out of the ranking, and {trailer} is #{rank}."
                );
            }
            let _ = writeln!(out);
        }
    }
    out
}

/// The first line under the name: the rank among the ranked programs (saying so when limits
/// filtered them, and how many were left out), or why the program is not ranked.
pub fn standing(e: &Explanation) -> String {
    let score = fixed(e.score, 2);
    let programs = crate::text::plural(e.of, "program", "programs");
    match e.rank {
        Some(rank) if e.limits_set => format!(
            "#{rank} of {} {programs} within your limits; {} excluded. Score {score}",
            e.of, e.excluded
        ),
        Some(rank) if e.excluded > 0 => format!(
            "Rank {rank} of {}, score {score} ({} excluded by a red flag)",
            e.of, e.excluded
        ),
        Some(rank) => format!("Rank {rank} of {}, score {score}", e.of),
        None => {
            let flagged = e.flags.iter().any(|f| f.excludes);
            let mut why = Vec::new();
            if flagged {
                why.push("by a red flag".to_owned());
            }
            if !e.limits_broken.is_empty() {
                let sentences = e
                    .limits_broken
                    .iter()
                    .map(crate::costs::BrokenLimit::sentence);
                why.push(format!(
                    "by your limits ({})",
                    escape_controls(&join(sentences, "; "))
                ));
            }
            let among = if e.limits_set {
                let are = crate::text::plural(e.of, "is", "are");
                format!("; {} {programs} {are} within your limits", e.of)
            } else {
                String::new()
            };
            format!(
                "Excluded from the ranking {}; score {score}, not ranked{among}",
                why.join(" and ")
            )
        }
    }
}

fn signed(d: Decimal) -> String {
    let text = fixed(d, 2);
    if d > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::explain::Explanation;
    use crate::config::Config;
    use crate::pipeline::ScoringOptions;

    const CSV: &str = include_str!("../../data/programs.csv");

    fn report(csv: &str) -> crate::report::Report {
        let sheet = crate::input::Sheet::from_csv("programs.csv", csv.as_bytes()).unwrap();
        crate::pipeline::run(sheet, &Config::default(), &ScoringOptions::default()).unwrap()
    }

    #[test]
    fn the_plain_bar_has_fifty_cells_at_most_and_no_escapes() {
        let r = report(CSV);
        let e = Explanation::of(&r, &r.ranked().get(0).unwrap(), None).unwrap();
        let bar = stacked_bar(&e, false);
        let first = bar.lines().next().unwrap();
        assert!(!bar.contains('\x1b'));
        // 76.71 points → 38 cells of 2 points.
        assert_eq!(first.chars().filter(|c| GLYPHS.contains(c)).count(), 38);
        assert!(stacked_bar(&e, true).contains("\x1b[34m"));
    }
}
