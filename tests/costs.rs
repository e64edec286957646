//! End-to-end tests of costs and hard limits in `rank`: `--costs`, `--max-cost`,
//! `--max-hours`, `--delivery`, `--type`, `--include-excluded`, and the comparison of the best
//! master's with the best alternative.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

const COSTS: &str = "tests/data/costs.csv";

fn rank(args: &[&str]) -> (String, String) {
    let out = cargo_bin_cmd!("progrank")
        .arg("rank")
        .args(args)
        .assert()
        .success();
    let o = out.get_output();
    (
        String::from_utf8(o.stdout.clone()).unwrap(),
        String::from_utf8(o.stderr.clone()).unwrap(),
    )
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn names(rows: &[Vec<String>], column: usize) -> Vec<String> {
    rows[1..].iter().map(|r| r[column].clone()).collect()
}

#[test]
fn costs_adds_net_cost_hours_and_points_per_thousand() {
    let (out, _) = rank(&[COSTS, "--costs", "-f", "csv"]);
    let rows = csv_rows(&out);
    assert_eq!(
        rows[0][..7],
        [
            "rank",
            "score",
            "red_flags",
            "net_cost_usd",
            "total_hours",
            "points_per_1000_usd",
            "program"
        ]
    );
    let row = |name: &str| rows.iter().find(|r| r[6] == name).unwrap().clone();
    // $60,000 − 10 000 = 50,000; 15 h × 48 weeks × 2 years = 1,440 h.
    let dear = row("Dear Masters");
    assert_eq!(dear[3], "50000");
    assert_eq!(dear[4], "1440");
    let score: rust_decimal::Decimal = dear[1].parse().unwrap();
    assert_eq!(
        dear[5],
        format!(
            "{:.2}",
            (score / rust_decimal::Decimal::from(50)).round_dp(2)
        )
    );
    // Funding covering all tuition: net cost 0, no points per $1,000 (never a division by zero).
    let campus = row("Campus Masters");
    assert_eq!(campus[3], "0");
    assert_eq!(campus[5], "");
    // No cost data: empty cells, not zeros.
    let mystery = row("Mystery Masters");
    assert_eq!(mystery[3..6], ["", "", ""]);
}

#[test]
fn costs_in_the_table_say_when_data_is_missing() {
    let (out, _) = rank(&[COSTS, "--costs"]);
    assert!(out.contains("$50,000"), "{out}");
    assert!(out.contains("no data"), "{out}");
    assert!(out.contains("free"), "{out}");
}

#[test]
fn costs_in_json_are_numbers_or_null() {
    let (out, _) = rank(&[COSTS, "--costs", "-f", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let find = |name: &str| {
        value
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["program"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(find("Dear Masters")["net_cost_usd"].to_string(), "50000");
    assert_eq!(find("Dear Masters")["total_hours"].to_string(), "1440");
    assert!(find("Mystery Masters")["net_cost_usd"].is_null());
    assert!(find("Campus Masters")["points_per_1000_usd"].is_null());
}

#[test]
fn weeks_per_year_comes_from_the_weights_file() {
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("w.toml");
    let text = progrank::config::DEFAULT_WEIGHTS_TOML
        .replace("weeks_per_year = 48", "weeks_per_year = 40");
    std::fs::write(&weights, text).unwrap();
    let (out, _) = rank(&[
        COSTS,
        "--costs",
        "-f",
        "csv",
        "--weights",
        weights.to_str().unwrap(),
    ]);
    let rows = csv_rows(&out);
    let dear = rows.iter().find(|r| r[6] == "Dear Masters").unwrap();
    assert_eq!(dear[4], "1200");
}

#[test]
fn max_cost_excludes_and_lists_the_reason() {
    let (out, _) = rank(&[COSTS, "--max-cost", "$40,000"]);
    assert!(out.contains("Excluded from the ranking"));
    assert!(
        out.contains("Dear Masters: net cost $50,000 is above --max-cost $40,000"),
        "{out}"
    );
    assert!(
        out.contains("Mystery Masters: not checked against --max-cost (no tuition_usd)"),
        "{out}"
    );
    let (csv, stderr) = rank(&[COSTS, "--max-cost", "40000", "-f", "csv"]);
    assert!(!csv.contains("Dear Masters"));
    assert!(
        stderr.contains("note: excluded Dear Masters: net cost $50,000"),
        "{stderr}"
    );
}

#[test]
fn max_hours_delivery_and_type_limits() {
    let (out, _) = rank(&[COSTS, "--max-hours", "20", "-f", "csv"]);
    assert!(!out.contains("Long Fellowship"));
    let (out, _) = rank(&[COSTS, "--delivery", "online", "-f", "csv"]);
    let kept = names(&csv_rows(&out), 3);
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert!(
        kept.contains(&"Mystery Masters".to_owned()),
        "unknown delivery is kept"
    );
    assert!(!kept.contains(&"Campus Masters".to_owned()));
    let (out, _) = rank(&[COSTS, "--type", "certificate,fellowship", "-f", "csv"]);
    let mut kept = names(&csv_rows(&out), 3);
    kept.sort();
    assert_eq!(kept, vec!["Cheap Certificate", "Long Fellowship"]);
}

#[test]
fn include_excluded_adds_a_status() {
    let (out, _) = rank(&[
        COSTS,
        "--max-cost",
        "40000",
        "--type",
        "masters",
        "--include-excluded",
        "-f",
        "csv",
    ]);
    let rows = csv_rows(&out);
    assert_eq!(rows[0][..4], ["rank", "score", "red_flags", "status"]);
    assert_eq!(rows.len(), 6, "every program is listed");
    let status = |name: &str| rows.iter().find(|r| r[4] == name).unwrap()[3].clone();
    assert_eq!(status("Campus Masters"), "ranked");
    assert_eq!(
        status("Dear Masters"),
        "excluded: net cost $50,000 is above --max-cost $40,000"
    );
    assert_eq!(
        status("Long Fellowship"),
        "excluded: type fellowship is not in --type masters"
    );
    // Excluded rows come after the ranked ones and have no rank.
    assert_eq!(rows[5][0], "");
    let (json, _) = rank(&[
        COSTS,
        "--max-cost",
        "40000",
        "--include-excluded",
        "-f",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let dear = value
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["program"] == "Dear Masters")
        .unwrap();
    assert!(dear["rank"].is_null());
    assert!(dear["status"].as_str().unwrap().starts_with("excluded: "));
    // Without the flag there is no status column.
    let (plain, _) = rank(&[COSTS, "-f", "csv"]);
    assert!(!csv_rows(&plain)[0].contains(&"status".to_owned()));
}

#[test]
fn the_best_masters_is_compared_with_the_best_alternative() {
    let (out, _) = rank(&[COSTS]);
    assert!(
        out.contains("Best master's: Dear Masters (masters, #1"),
        "{out}"
    );
    assert!(
        out.contains("Best alternative: Long Fellowship (fellowship"),
        "{out}"
    );
    assert!(out.contains("of the master's score"), "{out}");
    let (md, _) = rank(&[COSTS, "-f", "markdown"]);
    assert!(md.contains("Best alternative:"), "{md}");
}

#[test]
fn bad_limit_values_are_usage_errors() {
    for args in [
        ["--max-cost", "lots"],
        ["--max-hours", "-3"],
        ["--delivery", "pigeon"],
        ["--type", "phd"],
    ] {
        cargo_bin_cmd!("progrank")
            .args(["rank", COSTS])
            .args(args)
            .assert()
            .code(2);
    }
}

#[test]
fn a_delivery_or_type_cell_that_is_unknown_is_a_positioned_error() {
    cargo_bin_cmd!("progrank")
        .args(["rank", "tests/data/bad/not-a-delivery.csv"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "row 2, column \"delivery\": \"by pigeon\" is not one of online, hybrid or in-person",
        ));
    cargo_bin_cmd!("progrank")
        .args(["rank", "tests/data/bad/not-a-type.csv"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "column \"program_type\": \"phd\" is not one of masters, certificate",
        ));
}

/// A budget that leaves out a long list names the first programs on standard error and
/// counts the rest, instead of a note per program (a million-row what-if list printed a
/// million lines there, taking longer than the ranking itself).
#[test]
fn a_long_list_of_excluded_programs_is_counted_not_listed_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("many.csv");
    let mut text = String::from(
        "name,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,tuition_usd\n",
    );
    // Programs 0-2 fit the budget, 3-27 (25 programs) do not.
    for i in 0..28 {
        let tuition = if i < 3 { 10_000 } else { 60_000 + i };
        text.push_str(&format!("Program {i:02},3,3,3,3,3,{tuition}\n"));
    }
    std::fs::write(&input, text).unwrap();
    let input = input.to_str().unwrap();
    let (csv, stderr) = rank(&[input, "--max-cost", "40000", "-f", "csv"]);
    assert_eq!(csv_rows(&csv).len(), 4, "{csv}");
    let named: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("note: excluded "))
        .collect();
    assert_eq!(named.len(), 20, "{stderr}");
    // The first twenty in file order, each with its reason.
    assert!(named[0].starts_with("note: excluded Program 03: net cost $60,003 is above"));
    assert!(
        named[19].starts_with("note: excluded Program 22: "),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "note: 5 more programs were excluded and not named here: add --include-excluded"
        ),
        "{stderr}"
    );
    // The summary points at a flag that does list them all.
    let (all, stderr) = rank(&[
        input,
        "--max-cost",
        "40000",
        "-f",
        "csv",
        "--include-excluded",
    ]);
    assert_eq!(csv_rows(&all).len(), 29, "{all}");
    assert!(!stderr.contains("more programs were excluded"), "{stderr}");

    // Exactly one over the limit: the count says so in the singular.
    let short: String = std::fs::read_to_string(input)
        .unwrap()
        .lines()
        .take(1 + 3 + 21)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(input, short).unwrap();
    let (_, stderr) = rank(&[input, "--max-cost", "40000", "-f", "csv"]);
    assert!(
        stderr.contains("note: 1 more program was excluded and not named here"),
        "{stderr}"
    );
}
