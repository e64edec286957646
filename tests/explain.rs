//! `progrank explain` through the real binary.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

const PROGRAMS: &str = "data/programs.csv";

fn explain(args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("progrank")
        .arg("explain")
        .args(args)
        .env("NO_COLOR", "1")
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

#[test]
fn table_with_vs() {
    let out = explain(&[
        PROGRAMS,
        "lakeshore university mmed",
        "--vs",
        "Riverside Health Professions Education MHPE",
    ])
    .success();
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "no escapes when not a terminal");
    insta::assert_snapshot!("explain_table_vs", text);
}

#[test]
fn json_has_exactly_the_documented_fields_and_points_add_up() {
    let out = explain(&[
        PROGRAMS,
        "Eastbrook Medical Education Fellowship",
        "--format",
        "json",
    ])
    .success();
    let text = stdout(&out);
    insta::assert_snapshot!("explain_json", text);
    let v: Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "schema_version",
            "program",
            "rank",
            "of",
            "excluded",
            "excluded_because",
            "score",
            "criteria",
            "flags",
            "to_reach_first"
        ]
    );
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["rank"], 2);
    let cents = |x: &Value| {
        (x.as_str().map_or_else(|| x.to_string(), str::to_owned))
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    let total: rust_decimal::Decimal = v["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| cents(&c["points"]))
        .sum();
    assert_eq!(total, cents(&v["score"]));
    let crit = &v["criteria"][0];
    let ckeys: Vec<&str> = crit
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        ckeys,
        [
            "criterion",
            "rating",
            "normalized",
            "weight",
            "share",
            "points"
        ]
    );
    assert_eq!(v["flags"][0]["id"], "heavy-time-load");
    // Schedule flexibility 4 (up from 1) ties Riverside for #1; the others cannot do it alone.
    assert_eq!(v["to_reach_first"][3]["criterion"], "schedule_flexibility");
    assert_eq!(v["to_reach_first"][3]["rating"], 4);
    assert_eq!(v["to_reach_first"][0]["rating"], Value::Null);
}

#[test]
fn json_with_vs_adds_a_vs_object() {
    let out = explain(&[
        PROGRAMS,
        "Riverside Health Professions Education MHPE",
        "--vs",
        "Lakeshore University MMEd",
        "--format",
        "json",
    ])
    .success();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["vs"]["program"], "Lakeshore University MMEd");
    assert_eq!(v["vs"]["difference"].to_string(), "15.75");
    assert_eq!(
        v["vs"]["deciding"],
        serde_json::json!(["scholarship_support"])
    );
}

#[test]
fn an_unknown_program_suggests_the_closest_names() {
    explain(&[PROGRAMS, "Lakeshor Univrsity"])
        .code(65)
        .stdout("")
        .stderr(predicate::str::contains(
            "no program named \"Lakeshor Univrsity\"",
        ))
        .stderr(predicate::str::contains("\"Lakeshore University MMEd\""));
    explain(&[
        PROGRAMS,
        "Riverside Health Professions Education MHPE",
        "--vs",
        "Nowhere",
    ])
    .code(65);
}

#[test]
fn vs_the_same_program_is_a_usage_error() {
    explain(&[
        PROGRAMS,
        "Summit Institute Certificate in Assessment",
        "--vs",
        "SUMMIT INSTITUTE CERTIFICATE IN ASSESSMENT",
    ])
    .code(2)
    .stderr(predicate::str::contains("same program"));
}

#[test]
fn a_missing_input_is_exit_66() {
    explain(&["tests/data/does-not-exist.csv", "X"]).code(66);
}

#[test]
fn weights_options_change_the_explanation() {
    let out = explain(&[
        PROGRAMS,
        "Summit Institute Certificate in Assessment",
        "--weight",
        "faculty_quality=0",
        "--weight",
        "scholarship_support=0",
        "--format",
        "json",
    ])
    .success();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["criteria"][0]["weight"], 0);
    assert_eq!(v["criteria"][0]["points"], 0);
}

#[test]
fn an_excluded_program_is_explained_without_a_rank() {
    let out = explain(&[
        "tests/data/excluded.csv",
        "glossy med",
        "--weights",
        "tests/data/exclude.toml",
        "--format",
        "json",
    ])
    .success();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["rank"], Value::Null);
    assert_eq!(v["flags"][0]["id"], "weak-faculty");
    assert!(
        v["to_reach_first"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["rating"].is_null())
    );
}

/// Ranks the residency file with one cell of one program replaced, and returns that
/// program's rank.
fn residency_rank_after(program: &str, column: usize, value: &str) -> u64 {
    let text = std::fs::read_to_string("data/residency/programs.csv").unwrap();
    let edited: String = text
        .lines()
        .map(|line| {
            let mut cells: Vec<String> = line.split(',').map(str::to_owned).collect();
            if cells[0] == program {
                cells[column] = value.to_owned();
            }
            cells.join(",") + "\n"
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edited.csv");
    std::fs::write(&path, edited).unwrap();
    let out = cargo_bin_cmd!("progrank")
        .args([
            "rank",
            path.to_str().unwrap(),
            "--weights",
            "data/residency/weights.toml",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .find(|p| p["program"] == program)
        .unwrap()["rank"]
        .as_u64()
        .unwrap()
}

#[test]
fn to_reach_first_holds_for_benefit_and_cost_criteria_through_the_binary() {
    let program = "Valley Community Internal Medicine";
    let out = explain(&[
        "data/residency/programs.csv",
        program,
        "--weights",
        "data/residency/weights.toml",
        "--format",
        "json",
    ])
    .success();
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let reach = |i: usize| v["to_reach_first"][i]["rating"].to_string();
    // fellowship_match (benefit, column 2): the lowest rating that is enough, rounded up.
    assert_eq!(reach(1), "2.41");
    assert_eq!(residency_rank_after(program, 2, "2.41"), 1);
    assert_ne!(residency_rank_after(program, 2, "2.40"), 1);
    // call_burden (cost, column 3): the highest rating that is enough, rounded down.
    assert_eq!(reach(2), "1.34");
    assert_eq!(residency_rank_after(program, 3, "1.34"), 1);
    assert_ne!(residency_rank_after(program, 3, "1.35"), 1);
    // salary_usd is minmax: not analysed.
    assert_eq!(v["to_reach_first"][5]["rating"], Value::Null);
}

/// The `--vs` object and an excluded program's `rank: null` and `excluded_because`, pinned
/// (the same bytes as before the JSON came from typed views, plus `schema_version`).
#[test]
fn json_with_vs_and_for_an_excluded_program() {
    let out = explain(&[
        PROGRAMS,
        "eastbrook",
        "--vs",
        "lakeshore",
        "--format",
        "json",
    ])
    .success();
    let text = stdout(&out);
    insta::assert_snapshot!("explain_json_vs", text);
    let v: Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&str> = v["vs"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "program",
            "rank",
            "score",
            "difference",
            "criteria",
            "deciding"
        ]
    );
    let out = explain(&[
        PROGRAMS,
        "Westmoor University MSc Clinical Education",
        "--max-cost",
        "20000",
        "--format",
        "json",
    ])
    .success();
    let text = stdout(&out);
    insta::assert_snapshot!("explain_json_excluded", text);
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["rank"], Value::Null);
    assert_eq!(
        v["excluded_because"][0],
        "net cost $45,000 is above --max-cost $20,000"
    );
}
