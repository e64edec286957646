//! issue 14 items 4 and 5 through the real binary: `explain` and `sensitivity` see the list
//! `rank` shows under the same limits, the sensitivity verdict's words are defined (in the
//! output and, word for word, in the docs), and people read criterion labels, not ids.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use progrank::analysis::verdict::{SMAA_SENTENCE, VERDICT_WORDS, monte_carlo_sentence};
use serde_json::Value;

const PROGRAMS: &str = "data/programs.csv";

fn progrank(args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("progrank")
        .args(args)
        .env("NO_COLOR", "1")
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

fn json(assert: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_slice(&assert.get_output().stdout).unwrap()
}

/// `(rank, name)` of every program `rank` ranks with these extra arguments.
fn ranked(extra: &[&str]) -> Vec<(u64, String)> {
    let mut args = vec!["rank", PROGRAMS, "--format", "json"];
    args.extend_from_slice(extra);
    json(&progrank(&args).success())
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["rank"].as_u64().unwrap(),
                p["program"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

const HARBORVIEW: &str = "Harborview Distance MHPE";
const WESTMOOR: &str = "Westmoor University MSc Clinical Education";

#[test]
fn explain_with_max_cost_gives_the_rank_rank_shows_among_the_programs_within_the_limits() {
    let all = ranked(&[]);
    let within = ranked(&["--max-cost", "20000"]);
    let place = |list: &[(u64, String)]| list.iter().find(|(_, n)| n == HARBORVIEW).unwrap().0;
    // The limit changes the program's place: the test would not notice a missing filter
    // otherwise.
    assert_ne!(place(&all), place(&within));

    let v = json(
        &progrank(&[
            "explain",
            PROGRAMS,
            HARBORVIEW,
            "--max-cost",
            "20000",
            "--format",
            "json",
        ])
        .success(),
    );
    assert_eq!(v["rank"].as_u64(), Some(place(&within)));
    assert_eq!(v["of"].as_u64(), Some(within.len() as u64));
    assert_eq!(
        v["excluded"].as_u64(),
        Some((all.len() - within.len()) as u64)
    );
    assert_eq!(v["excluded_because"], serde_json::json!([]));

    let text =
        stdout(&progrank(&["explain", PROGRAMS, HARBORVIEW, "--max-cost", "20000"]).success());
    let expected = format!(
        "#{} of {} programs within your limits; {} excluded. Score",
        place(&within),
        within.len(),
        all.len() - within.len()
    );
    assert!(
        text.lines().nth(1).unwrap().starts_with(&expected),
        "{text}"
    );
    assert!(
        text.contains("To reach #1 among the programs within your limits"),
        "{text}"
    );

    // Without limits, the line stays the plain rank among every program.
    let text = stdout(&progrank(&["explain", PROGRAMS, HARBORVIEW]).success());
    assert!(
        text.contains(&format!("Rank {} of {}, score", place(&all), all.len())),
        "{text}"
    );
}

#[test]
fn explain_with_type_counts_the_programs_of_that_type() {
    let within = ranked(&["--type", "masters"]);
    let v = json(
        &progrank(&[
            "explain",
            PROGRAMS,
            "Lakeshore University MMEd",
            "--type",
            "masters",
            "--format",
            "json",
        ])
        .success(),
    );
    let expected = within
        .iter()
        .find(|(_, n)| n == "Lakeshore University MMEd")
        .unwrap()
        .0;
    assert_eq!(v["rank"].as_u64(), Some(expected));
    assert_eq!(v["of"].as_u64(), Some(within.len() as u64));
}

#[test]
fn explain_on_a_program_outside_the_limits_says_it_is_excluded_and_why() {
    let text = stdout(&progrank(&["explain", PROGRAMS, WESTMOOR, "--max-cost", "20000"]).success());
    let second = text.lines().nth(1).unwrap();
    assert!(
        second.starts_with(
            "Excluded from the ranking by your limits (net cost $45,000 is above your budget of $20,000)"
        ),
        "{text}"
    );
    assert!(
        second.contains("not ranked; 7 programs are within your limits"),
        "{text}"
    );
    assert!(
        !text.contains("Rank "),
        "no rank for an excluded program: {text}"
    );
    assert!(
        text.contains("excluded from the ranking by your limits"),
        "{text}"
    );

    let v = json(
        &progrank(&[
            "explain",
            PROGRAMS,
            WESTMOOR,
            "--max-cost",
            "20000",
            "--format",
            "json",
        ])
        .success(),
    );
    assert_eq!(v["rank"], Value::Null);
    assert_eq!(
        v["excluded_because"],
        serde_json::json!(["net cost $45,000 is above --max-cost $20,000"])
    );
    // Within a larger budget the same program is ranked again.
    let v = json(
        &progrank(&[
            "explain",
            PROGRAMS,
            WESTMOOR,
            "--max-cost",
            "$45,000",
            "--format",
            "json",
        ])
        .success(),
    );
    assert!(v["rank"].as_u64().is_some(), "{v}");
}

#[test]
fn explain_names_criteria_by_label_and_json_keeps_the_ids() {
    let text = stdout(
        &progrank(&[
            "explain",
            PROGRAMS,
            "Lakeshore University MMEd",
            "--vs",
            HARBORVIEW,
        ])
        .success(),
    );
    for label in [
        "Faculty quality",
        "Scholarship support",
        "Schedule flexibility",
        "Brand name",
    ] {
        assert!(text.contains(label), "{label}: {text}");
    }
    for id in [
        "faculty_quality",
        "scholarship_support",
        "schedule_flexibility",
        "brand_name",
    ] {
        assert!(!text.contains(id), "{id}: {text}");
    }
    let v = json(
        &progrank(&[
            "explain",
            PROGRAMS,
            "Lakeshore University MMEd",
            "--format",
            "json",
        ])
        .success(),
    );
    assert_eq!(v["criteria"][0]["criterion"], "faculty_quality");
}

#[test]
fn sensitivity_with_limits_analyses_the_programs_rank_shows() {
    let all = ranked(&[]);
    let within = ranked(&["--max-cost", "20000"]);
    let v = json(
        &progrank(&[
            "sensitivity",
            PROGRAMS,
            "--max-cost",
            "20000",
            "--samples",
            "300",
            "--format",
            "json",
        ])
        .success(),
    );
    let analysed: Vec<String> = v["monte_carlo"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["program"].as_str().unwrap().to_owned())
        .collect();
    let shown: Vec<String> = within.iter().map(|(_, n)| n.clone()).collect();
    assert_eq!(analysed, shown);
    assert_eq!(
        v["excluded"].as_u64(),
        Some((all.len() - within.len()) as u64)
    );
    // Grand Crest, over the budget, takes over Brand name's range without limits; within
    // them it appears nowhere, not even as a program taking over a weight range.
    let text = stdout(
        &progrank(&[
            "sensitivity",
            PROGRAMS,
            "--max-cost",
            "20000",
            "--samples",
            "300",
        ])
        .success(),
    );
    assert!(
        text.contains(&format!(
            "Analysed: {} programs within your limits; {} excluded",
            within.len(),
            all.len() - within.len()
        )),
        "{text}"
    );
    assert!(!text.contains("Grand Crest"), "{text}");
}

#[test]
fn sensitivity_with_no_program_within_the_limits_is_a_clear_error() {
    progrank(&[
        "sensitivity",
        PROGRAMS,
        "--max-cost",
        "0",
        "--type",
        "masters",
    ])
    .code(65)
    .stdout("")
    .stderr(predicate::str::contains("no program is within your limits"))
    .stderr(predicate::str::contains("loosen --max-cost"));
}

#[test]
fn both_modes_explain_how_monte_carlo_and_smaa_differ_and_define_their_verdict_word() {
    for (args, spread) in [
        (vec!["--samples", "300"], Some("25")),
        (vec!["--samples", "300", "--spread", "10"], Some("10")),
        (vec!["--samples", "300", "--mode", "smaa"], None),
    ] {
        let mut all = vec!["sensitivity", PROGRAMS];
        all.extend(args.iter().copied());
        let text = stdout(&progrank(&all).success());
        let mc = monte_carlo_sentence(spread.map(|s| s.parse().unwrap()));
        assert!(text.contains(&mc), "{args:?}: {text}");
        assert!(text.contains(SMAA_SENTENCE), "{args:?}: {text}");
        let verdict = text
            .lines()
            .find_map(|l| l.strip_prefix("Verdict: "))
            .unwrap();
        let (word, meaning) = VERDICT_WORDS
            .iter()
            .find(|(w, _)| verdict.starts_with(&format!("{w}:")))
            .expect("the verdict starts with a defined word");
        assert!(
            text.contains(&format!("\"{word}\" means: {meaning}.")),
            "{args:?}: {text}"
        );
    }
    // The sample file is the case: robust by default, fragile under SMAA.
    let default = stdout(&progrank(&["sensitivity", PROGRAMS, "--samples", "300"]).success());
    let smaa = stdout(
        &progrank(&[
            "sensitivity",
            PROGRAMS,
            "--samples",
            "300",
            "--mode",
            "smaa",
        ])
        .success(),
    );
    assert!(default.contains("Verdict: robust"), "{default}");
    assert!(smaa.contains("Verdict: fragile"), "{smaa}");
}

#[test]
fn the_docs_define_the_verdict_words_exactly_as_the_code_uses_them() {
    let docs = std::fs::read_to_string("docs/guide/sensitivity.md").unwrap();
    assert!(docs.contains("\n## Verdict words\n"));
    for (word, meaning) in VERDICT_WORDS {
        assert!(
            docs.contains(&format!("- **{word}**: {meaning}.")),
            "docs/guide/sensitivity.md lacks the definition of {word}: {meaning}"
        );
    }
}

#[test]
fn xlsx_headers_are_words_and_csv_headers_stay_ids() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ranked.xlsx");
    let args = [
        "rank",
        PROGRAMS,
        "--costs",
        "--include-excluded",
        "--max-cost",
        "20000",
    ];
    cargo_bin_cmd!("progrank")
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let ranked = book.worksheet_range("Ranked").unwrap();
    let header: Vec<String> = ranked
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        header[..8],
        [
            "Rank",
            "Score",
            "Red flags",
            "Status",
            "Net cost",
            "Study hours",
            "Points per $1k",
            "program"
        ]
    );
    let weights = book.worksheet_range("Weights").unwrap();
    let rows: Vec<Vec<String>> = weights
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(rows[0][0], "Criterion");
    assert_eq!(rows[0][7], "Id");
    let labelled: Vec<(&str, &str)> = rows[1..6]
        .iter()
        .map(|r| (r[0].as_str(), r[7].as_str()))
        .collect();
    assert_eq!(
        labelled,
        [
            ("Faculty quality", "faculty_quality"),
            ("Scholarship support", "scholarship_support"),
            ("Funding", "funding"),
            ("Schedule flexibility", "schedule_flexibility"),
            ("Brand name", "brand_name"),
        ]
    );

    // The CSV, which machines read, keeps the ids.
    let csv_out = cargo_bin_cmd!("progrank")
        .args(args)
        .args(["--format", "csv"])
        .assert()
        .success();
    let first = String::from_utf8(csv_out.get_output().stdout.clone()).unwrap();
    let first = first.lines().next().unwrap().to_owned();
    assert!(
        first.starts_with("rank,score,red_flags,status,net_cost_usd"),
        "{first}"
    );
}

#[test]
fn the_markdown_weights_line_names_criteria_by_label() {
    let text = stdout(&progrank(&["rank", PROGRAMS, "--format", "markdown"]).success());
    let line = text.lines().find(|l| l.starts_with("Weights: ")).unwrap();
    assert!(
        line.starts_with("Weights: Faculty quality 90, Scholarship support 80, Funding 75, Schedule flexibility 70, Brand name 50"),
        "{line}"
    );
}
