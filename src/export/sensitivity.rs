//! `progrank sensitivity`'s output: the [`SensitivityAnalysis`] (with the methods
//! cross-check) as text for people, JSON for programs and CSV for a spreadsheet.
//!
//! Only formatting: every figure comes from [`crate::analysis::sensitivity`]. The JSON is the
//! serialisation of the typed view [`SensitivityJson`], its fields declared once, here, and
//! pinned by snapshots. The CSV goes through the one formula-safe writer in the dialect the
//! command chose (the input's own by default, as `rank` writes), numbers with its decimal
//! mark.

use crate::analysis::compare::Dec;
use crate::analysis::sensitivity::{MethodsAgreement, SensitivityAnalysis};
use crate::analysis::verdict::{
    SMAA_SENTENCE, monte_carlo_sentence, percent, round_down, round_up, tied_phrase,
};
use crate::export::{CsvDialect, FormulaSafeWriter};
use crate::text::{escape_controls, lpad, pad};
use crate::values::{fixed, trimmed};
use indexmap::IndexMap;
use serde::Serialize;
use std::fmt::Write;

/// The version of the JSON shape of `sensitivity`; raised when a field changes meaning or
/// goes away.
pub const SCHEMA_VERSION: u32 = 1;

/// `sensitivity --format json`: the documented object (docs/guide/sensitivity.md, "JSON and
/// CSV").
#[derive(Debug, Serialize)]
pub struct SensitivityJson<'a> {
    /// [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The current #1.
    pub winner: &'a str,
    /// One range per criterion, in criterion order.
    pub weight_ranges: Vec<RangeJson<'a>>,
    /// Each program's Monte Carlo figures, in rank order.
    pub monte_carlo: Vec<FiguresJson<'a>>,
    /// Whether wsm, wpm and topsis give the same top 3 in the same order.
    pub methods_agree_top3: bool,
    /// Each method's top 3 (null when the method could not rank the file).
    pub methods_top3: IndexMap<String, Option<&'a [String]>>,
    /// The one-line verdict.
    pub verdict: String,
    /// `perturb` or `smaa`.
    pub mode: &'static str,
    /// Samples drawn.
    pub samples: u32,
    /// Spread in per cent; null in SMAA mode.
    pub spread: Option<Dec<28>>,
    /// The generator's seed.
    pub seed: u64,
    /// Programs left out by a red flag or a limit.
    pub excluded: usize,
}

/// One criterion's weight range.
#[derive(Debug, Serialize)]
pub struct RangeJson<'a> {
    /// Criterion id.
    pub criterion: &'a str,
    /// The weight used.
    pub weight: Dec<28>,
    /// The lowest weight that keeps the winner, rounded up to 2 places.
    pub low: Dec<2>,
    /// The highest, rounded down to 2 places; null when no weight is too high.
    pub high: Option<Dec<2>>,
    /// The program that takes #1 below `low`.
    pub below: Option<&'a str>,
    /// The program that takes #1 above `high`.
    pub above: Option<&'a str>,
}

/// One program's Monte Carlo figures.
#[derive(Debug, Serialize)]
pub struct FiguresJson<'a> {
    /// The program's name.
    pub program: &'a str,
    /// Share of samples at #1, 0–1, 4 places.
    pub top_share: Dec<4>,
    /// Median rank.
    pub median_rank: usize,
    /// 5th percentile rank.
    pub p5_rank: usize,
    /// 95th percentile rank.
    pub p95_rank: usize,
    /// SMAA only: the share of weight sets at each rank, 4 places.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank_acceptability: Option<Vec<Dec<4>>>,
}

impl<'a> SensitivityJson<'a> {
    /// The view of `a` and `methods`.
    pub fn of(a: &'a SensitivityAnalysis, methods: &'a MethodsAgreement) -> Self {
        let name = |i: Option<usize>| i.map(|i| a.names[i].as_str());
        SensitivityJson {
            schema_version: SCHEMA_VERSION,
            winner: &a.winner,
            weight_ranges: a
                .ranges
                .iter()
                .map(|r| RangeJson {
                    criterion: &a.criteria[r.criterion],
                    weight: Dec(r.weight),
                    low: Dec(round_up(r.low)),
                    high: r.high.map(|h| Dec(round_down(h))),
                    below: name(r.below),
                    above: name(r.above),
                })
                .collect(),
            monte_carlo: a
                .programs
                .iter()
                .map(|p| FiguresJson {
                    program: &p.program,
                    top_share: Dec(p.top_share),
                    median_rank: p.median_rank,
                    p5_rank: p.p5_rank,
                    p95_rank: p.p95_rank,
                    rank_acceptability: a
                        .smaa
                        .then(|| p.acceptability.iter().copied().map(Dec).collect()),
                })
                .collect(),
            methods_agree_top3: methods.agree,
            methods_top3: methods
                .top3
                .iter()
                .map(|(m, t)| (m.to_string(), t.as_deref().ok()))
                .collect(),
            verdict: a.verdict_sentence(),
            mode: if a.smaa { "smaa" } else { "perturb" },
            samples: a.samples,
            spread: a.spread.map(Dec),
            seed: a.seed,
            excluded: a.excluded,
        }
    }
}

/// The analysis as pretty JSON, ending in a newline.
pub fn json(a: &SensitivityAnalysis, methods: &MethodsAgreement) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&SensitivityJson::of(a, methods))
        .expect("a sensitivity analysis always serialises");
    bytes.push(b'\n');
    bytes
}

/// The Monte Carlo figures as CSV in `dialect`, one row per program in rank order: `program,
/// rank, score, top_share, median_rank, p5_rank, p95_rank` and, in SMAA mode, a
/// `rank_N_share` column per rank.
pub fn csv(a: &SensitivityAnalysis, dialect: &CsvDialect) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    // Program names come from the user's file: the one formula-safe writer defuses them.
    let mut w = FormulaSafeWriter::in_dialect(&mut bytes, dialect)?;
    let mut header = vec![
        "program".to_string(),
        "rank".into(),
        "score".into(),
        "top_share".into(),
        "median_rank".into(),
        "p5_rank".into(),
        "p95_rank".into(),
    ];
    if a.smaa {
        header.extend((1..=a.programs.len()).map(|r| format!("rank_{r}_share")));
    }
    w.write_record(&header)?;
    let number = |text: String| dialect.number(text);
    for p in &a.programs {
        let mut row = vec![
            p.program.clone(),
            p.rank.to_string(),
            number(fixed(p.score, 2)),
            number(trimmed(p.top_share, 4)),
            p.median_rank.to_string(),
            p.p5_rank.to_string(),
            p.p95_rank.to_string(),
        ];
        if a.smaa {
            row.extend(p.acceptability.iter().map(|s| number(trimmed(*s, 4))));
        }
        w.write_record(&row)?;
    }
    w.into_inner()?;
    Ok(bytes)
}

/// The widest program name (in terminal columns) the Monte Carlo table lines up in its
/// Program column; a longer one is printed on a line of its own.
const NAME_COLUMNS: usize = 60;

/// The analysis as text.
pub fn text(a: &SensitivityAnalysis, methods: &MethodsAgreement) -> String {
    let mut out = String::new();
    let name = |i: usize| escape_controls(&a.names[i]);
    let _ = write!(
        out,
        "Winner: {} (score {})",
        escape_controls(&a.winner),
        fixed(a.winner_score, 2)
    );
    if !a.verdict.tied_with.is_empty() {
        let _ = write!(out, ", {}", tied_phrase(&a.verdict.tied_with));
    }
    let _ = writeln!(out);
    if let Some(line) = a.analysed_line() {
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Weight ranges: one weight at a time, the others fixed; within the range the winner stays #1 (ties allowed at the ends)"
    );
    let cw = a
        .labels
        .iter()
        .map(|c| crate::text::width(c))
        .max()
        .unwrap_or(0)
        .max(9);
    let _ = writeln!(
        out,
        "{}  {}  {}  {}  Taken over by (below / above)",
        pad("Criterion", cw),
        lpad("Weight", 6),
        lpad("From", 8),
        lpad("To", 8)
    );
    for r in &a.ranges {
        let below = r.below.map_or_else(|| "-".to_string(), name);
        let above = r.above.map_or_else(|| "-".to_string(), name);
        let _ = writeln!(
            out,
            "{}  {}  {}  {}  {below} / {above}",
            pad(&a.labels[r.criterion], cw),
            lpad(&r.weight.normalize().to_string(), 6),
            lpad(&trimmed(round_up(r.low), 2), 8),
            lpad(
                &r.high
                    .map_or_else(|| "no limit".into(), |h| trimmed(round_down(h), 2)),
                8
            ),
        );
    }
    let _ = writeln!(out);
    match a.spread {
        Some(s) => {
            let _ = writeln!(
                out,
                "Monte Carlo: {} {}, each weight times a uniform factor within ±{s} %, seed {}",
                a.samples,
                crate::text::plural(a.samples as usize, "sample", "samples"),
                a.seed
            );
        }
        None => {
            let _ = writeln!(
                out,
                "SMAA: {} {} drawn uniformly over all weight sets (Dirichlet(1)), seed {}",
                a.samples,
                crate::text::plural(a.samples as usize, "weight set", "weight sets"),
                a.seed
            );
        }
    }
    // The Program column is as wide as the longest name up to NAME_COLUMNS; a longer name
    // has a line of its own above its figures, so one long name does not pad every row
    // (a 200,000-character name made 300 rows 60 MB).
    let pw = a
        .programs
        .iter()
        .map(|p| crate::text::width(&escape_controls(&p.program)))
        .filter(|&w| w <= NAME_COLUMNS)
        .max()
        .unwrap_or(0)
        .max(7);
    let shown_ranks = a.programs.len().min(10);
    let mut head = format!(
        "{}  {}  {}  {}",
        pad("Program", pw),
        lpad("#1 share", 8),
        lpad("Median rank", 11),
        lpad("5th-95th pct rank", 17)
    );
    if a.smaa {
        for r in 1..=shown_ranks {
            let _ = write!(head, "  {}", lpad(&format!("#{r}"), 6));
        }
    }
    let _ = writeln!(out, "{head}");
    for p in &a.programs {
        let mut name = escape_controls(&p.program);
        if crate::text::width(&name) > pw {
            let _ = writeln!(out, "{name}");
            name.clear();
        }
        let mut line = format!(
            "{}  {}  {}  {}",
            pad(&name, pw),
            lpad(&percent(p.top_share), 8),
            lpad(&p.median_rank.to_string(), 11),
            lpad(&format!("{}-{}", p.p5_rank, p.p95_rank), 17)
        );
        if a.smaa {
            for s in p.acceptability.iter().take(shown_ranks) {
                let _ = write!(line, "  {}", lpad(&percent(*s), 6));
            }
        }
        let _ = writeln!(out, "{line}");
    }
    if a.smaa && a.programs.len() > shown_ranks {
        let _ = writeln!(
            out,
            "(rank acceptability shown for ranks 1-{shown_ranks}; --format json or csv has all)"
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Methods agree on the top 3: {}",
        if methods.agree { "yes" } else { "no" }
    );
    for (m, t) in &methods.top3 {
        let text = match t {
            Ok(names) => crate::text::join(names.iter().map(|n| escape_controls(n)), "; "),
            Err(e) => format!("not computed: {e}"),
        };
        let _ = writeln!(out, "  {}  {text}", pad(&m.to_string(), 6));
    }
    let _ = writeln!(out, "\nVerdict: {}", a.verdict_sentence());
    let word = a.verdict.word();
    let _ = writeln!(out, "  \"{}\" means: {}.", word.0, word.1);
    let _ = writeln!(
        out,
        "\nMonte Carlo and SMAA ask different questions:\n  {}\n  {SMAA_SENTENCE}",
        monte_carlo_sentence(a.spread)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::montecarlo::{Mode, Settings};
    use crate::analysis::sensitivity::analyse;
    use crate::export::CsvEncoding;

    const CSV: &str = include_str!("../../data/programs.csv");

    fn run(mode: Mode) -> (SensitivityAnalysis, MethodsAgreement) {
        let sheet = crate::input::Sheet::from_csv("programs.csv", CSV.as_bytes()).unwrap();
        let settings = Settings {
            samples: 200,
            seed: 3,
            mode,
        };
        let (_, a, m) = analyse(&sheet, &crate::settings::Scoring::default(), &settings).unwrap();
        (a, m)
    }

    #[test]
    fn rank_acceptability_is_in_the_json_and_csv_of_smaa_only() {
        let (perturb, m) = run(Mode::Perturb {
            spread: rust_decimal::Decimal::new(25, 2),
        });
        let v: serde_json::Value = serde_json::from_slice(&json(&perturb, &m)).unwrap();
        assert_eq!(v["schema_version"], 1);
        assert!(v["monte_carlo"][0].get("rank_acceptability").is_none());
        assert_eq!(v["spread"], 25);
        let (smaa, m) = run(Mode::Smaa);
        let v: serde_json::Value = serde_json::from_slice(&json(&smaa, &m)).unwrap();
        assert_eq!(
            v["monte_carlo"][0]["rank_acceptability"]
                .as_array()
                .unwrap()
                .len(),
            10
        );
        assert!(v["spread"].is_null());
        let text = String::from_utf8(csv(&smaa, &CsvDialect::default()).unwrap()).unwrap();
        assert!(text.lines().next().unwrap().ends_with(",rank_10_share"));
    }

    #[test]
    fn csv_numbers_take_the_dialect_decimal_mark() {
        let (a, _) = run(Mode::Smaa);
        let eu = CsvDialect::choose(crate::export::DialectChoice::ExcelEu, CsvDialect::default());
        let bytes = csv(&a, &eu).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBFprogram;rank;score;"));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let first = text.lines().nth(1).unwrap();
        assert!(
            first.starts_with("Riverside Health Professions Education MHPE;1;76,71;"),
            "{first}"
        );
    }

    #[test]
    fn a_name_windows_1252_cannot_hold_falls_back_to_utf8_with_a_bom() {
        let w1252 = CsvDialect {
            encoding: CsvEncoding::Windows1252,
            ..CsvDialect::default()
        };
        let (kept, note) = w1252.fitting_texts(["Montréal MHPE", "King\u{2019}s"]);
        assert_eq!((kept, note), (w1252, None));
        let (dialect, note) = w1252.fitting_texts(["Montréal MHPE", "Łódź MHPE"]);
        assert_eq!(dialect.encoding, CsvEncoding::Utf8);
        assert!(dialect.bom);
        assert!(note.unwrap().contains("Łódź MHPE"));
    }
}
