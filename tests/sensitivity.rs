//! `progrank sensitivity` and `rank --method` through the real binary.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

const PROGRAMS: &str = "data/programs.csv";

fn progrank(args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("progrank").args(args).assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

#[test]
fn table() {
    let out = progrank(&["sensitivity", PROGRAMS, "--samples", "2000"]).success();
    insta::assert_snapshot!("sensitivity_table", stdout(&out));
}

#[test]
fn json_has_the_documented_fields() {
    let out = progrank(&[
        "sensitivity",
        PROGRAMS,
        "--samples",
        "2000",
        "--format",
        "json",
    ])
    .success();
    let text = stdout(&out);
    insta::assert_snapshot!("sensitivity_json", text);
    let v: Value = serde_json::from_str(&text).unwrap();
    let top: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        top,
        [
            "schema_version",
            "winner",
            "weight_ranges",
            "monte_carlo",
            "methods_agree_top3",
            "methods_top3",
            "verdict",
            "mode",
            "samples",
            "spread",
            "seed",
            "excluded"
        ]
    );
    assert_eq!(v["schema_version"], 1);
    for key in [
        "winner",
        "weight_ranges",
        "monte_carlo",
        "methods_agree_top3",
        "verdict",
        "samples",
        "spread",
        "seed",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["winner"], "Riverside Health Professions Education MHPE");
    assert_eq!(v["samples"], 2000);
    assert_eq!(v["spread"], 25);
    assert_eq!(v["seed"], 42);
    let range = &v["weight_ranges"][2];
    let keys: Vec<&str> = range
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["criterion", "weight", "low", "high", "below", "above"]
    );
    assert_eq!(range["criterion"], "funding");
    assert_eq!(range["above"], "Eastbrook Medical Education Fellowship");
    let mc = &v["monte_carlo"][0];
    let keys: Vec<&str> = mc.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["program", "top_share", "median_rank", "p5_rank", "p95_rank"]
    );
    assert_eq!(v["methods_agree_top3"], false);
}

#[test]
fn csv() {
    let out = progrank(&[
        "sensitivity",
        PROGRAMS,
        "--samples",
        "2000",
        "--format",
        "csv",
    ])
    .success();
    let text = stdout(&out);
    assert!(text.starts_with("program,rank,score,top_share,median_rank,p5_rank,p95_rank\n"));
    insta::assert_snapshot!("sensitivity_csv", text);
}

#[test]
fn smaa_reports_rank_acceptability_that_sums_to_one() {
    let out = progrank(&[
        "sensitivity",
        PROGRAMS,
        "--samples",
        "1000",
        "--mode",
        "smaa",
        "--format",
        "json",
    ])
    .success();
    let text = stdout(&out);
    insta::assert_snapshot!("sensitivity_smaa_json", text);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["mode"], "smaa");
    assert_eq!(v["spread"], Value::Null);
    for p in v["monte_carlo"].as_array().unwrap() {
        let total: rust_decimal::Decimal = p["rank_acceptability"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.to_string().parse::<rust_decimal::Decimal>().unwrap())
            .sum();
        // Each share is rounded to 4 places.
        assert!(
            (total - rust_decimal::Decimal::ONE).abs() <= rust_decimal::Decimal::new(10, 4),
            "{total}"
        );
    }
}

#[test]
fn same_seed_same_bytes_different_seed_different_samples() {
    let run = |seed: &str| {
        stdout(
            &progrank(&[
                "sensitivity",
                PROGRAMS,
                "--samples",
                "500",
                "--spread",
                "60",
                "--seed",
                seed,
                "--format",
                "csv",
            ])
            .success(),
        )
    };
    assert_eq!(run("7"), run("7"));
    assert_ne!(run("7"), run("8"));
}

#[test]
fn a_near_tie_is_fragile() {
    let out = progrank(&[
        "sensitivity",
        "tests/data/near_tie.csv",
        "--samples",
        "1000",
        "--format",
        "json",
    ])
    .success();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let verdict = v["verdict"].as_str().unwrap();
    assert!(verdict.starts_with("fragile"), "{verdict}");
    assert!(verdict.contains("Faculty quality below 80"), "{verdict}");
    assert_eq!(v["weight_ranges"][0]["low"], 80);
    assert_eq!(v["weight_ranges"][0]["below"], "Bravo MMEd");
}

#[test]
fn bad_options_are_usage_errors() {
    progrank(&["sensitivity", PROGRAMS, "--spread", "150"]).code(2);
    progrank(&["sensitivity", PROGRAMS, "--samples", "0"]).code(2);
    progrank(&["sensitivity", PROGRAMS, "--missing", "renormalize"])
        .code(2)
        .stderr(predicate::str::contains("--missing worst"));
    progrank(&["sensitivity", "tests/data/does-not-exist.csv"]).code(66);
}

#[test]
fn rank_method_scores_are_100_times_the_method_value() {
    // rank, score and program of each row.
    let ranking = |extra: &[&str]| {
        let mut args = vec!["rank", PROGRAMS, "--format", "csv"];
        args.extend_from_slice(extra);
        stdout(&progrank(&args).success())
            .lines()
            .skip(1)
            .map(|l| {
                let cells: Vec<&str> = l.split(',').collect();
                format!("{},{},{}", cells[0], cells[1], cells[3])
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(ranking(&["--method", "wsm"]), ranking(&[]));
    insta::assert_snapshot!("rank_method_wpm", ranking(&["--method", "wpm"]));
    insta::assert_snapshot!("rank_method_topsis", ranking(&["--method", "topsis"]));
}

#[test]
fn wpm_refuses_a_zero_rating() {
    progrank(&[
        "rank",
        "tests/data/zero_rating.csv",
        "--weights",
        "tests/data/zero_scale.toml",
        "--method",
        "wpm",
    ])
    .code(65)
    .stderr(predicate::str::contains("Able has rating 0 on support"));
    progrank(&[
        "rank",
        "tests/data/zero_rating.csv",
        "--weights",
        "tests/data/zero_scale.toml",
        "--method",
        "topsis",
    ])
    .success();
}
