//! Differential test of `progrank rank -o out.csv` against a reference model written here,
//! from the documented rules, without any of the crate's code: exact rational scores, the
//! competition ranking with ties listed by name, the red flags, and the CSV formula guard.
//!
//! The cells are arbitrary Unicode, and notes and names may start with any character a
//! spreadsheet takes for a formula, the full-width `＝＋－＠` included: the one pipeline
//! must guard them all, whatever the file's size or shape (a second, faster path once wrote
//! full-width starts unguarded).

use assert_cmd::cargo::cargo_bin_cmd;
use proptest::prelude::*;
use std::cmp::Ordering;

/// Weights summing to 100 on a 1–5 scale: every score is an exact decimal, so the
/// reference's rationals and the crate's decimals agree on every tie.
const WEIGHTS: &str = r#"
[weights]
a = 50
b = 30
c = 20

[[flags]]
id = "weak-a"
severity = "warning"
message = "a is weak"
when = "a <= 2"

[[flags]]
id = "pricey"
severity = "warning"
message = "costs a lot"
when = "fee > 100"
"#;

/// The characters that make a spreadsheet evaluate a cell, as the CSV format's docs list
/// them.
const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

#[derive(Debug, Clone)]
struct Program {
    name: String,
    ratings: [Option<i64>; 3],
    fee: Option<i64>,
    note: String,
}

/// Text that is never a number: any Unicode (no NUL, which is refused as binary), with a
/// letter at the end; sometimes behind a formula start.
fn text() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop::sample::select(FORMULA_STARTS.to_vec())),
        "[^\u{0}]{0,12}",
    )
        .prop_map(|(start, body)| {
            let mut text = start.map(String::from).unwrap_or_default();
            text.push_str(&body);
            text.push('x');
            text
        })
}

fn program() -> impl Strategy<Value = Program> {
    (
        text(),
        prop::array::uniform3(prop::option::weighted(0.85, 1i64..=5)),
        prop::option::of(0i64..=200),
        text(),
    )
        .prop_map(|(name, ratings, fee, note)| Program {
            name,
            ratings,
            fee,
            note,
        })
}

/// Programs with distinct names (ignoring case, as the tool refuses repeats).
fn shortlist() -> impl Strategy<Value = Vec<Program>> {
    prop::collection::vec(program(), 1..14).prop_map(|mut programs| {
        let mut seen = std::collections::HashSet::new();
        programs.retain(|p| seen.insert(p.name.trim().to_lowercase()));
        programs
    })
}

fn input_csv(programs: &[Program]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["program", "a", "b", "c", "fee", "note"])
        .unwrap();
    let number = |n: Option<i64>| n.map_or_else(String::new, |n| n.to_string());
    for p in programs {
        writer
            .write_record([
                p.name.clone(),
                number(p.ratings[0]),
                number(p.ratings[1]),
                number(p.ratings[2]),
                number(p.fee),
                p.note.clone(),
            ])
            .unwrap();
    }
    writer.into_inner().unwrap()
}

/// The score × 10,000 / 4 as an exact integer: 100 × Σ wᵢ·(rᵢ − 1)/4 / Σ w, where a
/// missing rating counts as the worst (normalised 0). With Σ w = 100 this is
/// Σ wᵢ·(rᵢ − 1) × 25 hundredths.
fn score_hundredths(p: &Program) -> i64 {
    let weights = [50, 30, 20];
    p.ratings
        .iter()
        .zip(weights)
        .map(|(r, w)| r.map_or(0, |r| w * (r - 1)))
        .sum::<i64>()
        * 25
}

fn score_text(hundredths: i64) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn guard(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn flags(p: &Program) -> String {
    let mut raised = Vec::new();
    if p.ratings[0].is_some_and(|a| a <= 2) {
        raised.push("weak-a");
    }
    if p.fee.is_some_and(|fee| fee > 100) {
        raised.push("pricey");
    }
    if p.ratings.iter().any(Option::is_none) {
        raised.push("incomplete-data");
    }
    raised.join(";")
}

/// The expected output rows: best score first; equal scores share the first rank of their
/// group and are listed by name ignoring case, then by name as written.
fn reference(programs: &[Program]) -> Vec<Vec<String>> {
    let mut order: Vec<usize> = (0..programs.len()).collect();
    let name = |i: usize| programs[i].name.trim();
    order.sort_by(|&x, &y| {
        score_hundredths(&programs[y])
            .cmp(&score_hundredths(&programs[x]))
            .then_with(|| name(x).to_lowercase().cmp(&name(y).to_lowercase()))
            .then_with(|| name(x).cmp(name(y)))
            .then(Ordering::Equal)
    });
    let mut rows = Vec::new();
    let mut rank = 0;
    for (position, &i) in order.iter().enumerate() {
        let p = &programs[i];
        let score = score_hundredths(p);
        if position == 0 || score != score_hundredths(&programs[order[position - 1]]) {
            rank = position + 1;
        }
        let number = |n: Option<i64>| n.map_or_else(String::new, |n| n.to_string());
        rows.push(vec![
            rank.to_string(),
            score_text(score),
            flags(p),
            guard(&p.name),
            number(p.ratings[0]),
            number(p.ratings[1]),
            number(p.ratings[2]),
            number(p.fee),
            guard(&p.note),
        ]);
    }
    rows
}

fn run_rank(dir: &std::path::Path, input: &[u8]) -> Vec<Vec<String>> {
    let weights = dir.join("w.toml");
    std::fs::write(&weights, WEIGHTS).unwrap();
    let csv_in = dir.join("in.csv");
    std::fs::write(&csv_in, input).unwrap();
    let out = dir.join("out.csv");
    let _ = std::fs::remove_file(&out);
    cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg(&csv_in)
        .arg("--weights")
        .arg(&weights)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "rank",
            "score",
            "red_flags",
            "program",
            "a",
            "b",
            "c",
            "fee",
            "note"
        ]
    );
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn rank_csv_matches_the_reference_model(programs in shortlist()) {
        let dir = tempfile::tempdir().unwrap();
        let got = run_rank(dir.path(), &input_csv(&programs));
        prop_assert_eq!(got, reference(&programs));
    }
}

#[test]
fn full_width_formula_starts_are_guarded_in_a_plain_two_row_file() {
    // The divergence of issue 15: a quote-free file with `＝SUM(1)` in a note.
    let programs = vec![
        Program {
            name: "Alpha".into(),
            ratings: [Some(5), Some(4), Some(3)],
            fee: None,
            note: "\u{FF1D}SUM(1)".into(),
        },
        Program {
            name: "\u{FF0B}Beta".into(),
            ratings: [Some(2), None, Some(1)],
            fee: Some(150),
            note: "\u{FF20}cmd".into(),
        },
    ];
    let dir = tempfile::tempdir().unwrap();
    let got = run_rank(dir.path(), &input_csv(&programs));
    assert_eq!(got[0][8], "'\u{FF1D}SUM(1)");
    assert_eq!(got[1][3], "'\u{FF0B}Beta");
    assert_eq!(got[1][8], "'\u{FF20}cmd");
    assert_eq!(got, reference(&programs));
}
