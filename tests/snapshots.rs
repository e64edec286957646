//! Snapshots of every output format on the shipped sample, through the real binary.
//! A change to any byte of the output shows up here as a reviewable diff.

use assert_cmd::cargo::cargo_bin_cmd;

fn render(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("progrank")
        .env_remove("NO_COLOR")
        .arg("rank")
        .arg("data/programs.csv")
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn sample_table() {
    insta::assert_snapshot!(render(&[]));
}

#[test]
fn sample_table_narrow() {
    insta::assert_snapshot!(render(&["--width", "120", "--top", "4"]));
}

#[test]
fn sample_csv() {
    insta::assert_snapshot!(render(&["--format", "csv"]));
}

#[test]
fn sample_json() {
    insta::assert_snapshot!(render(&["--format", "json", "--top", "2"]));
}

/// Where `status` and the cost fields go in each program's object, after `score`.
#[test]
fn sample_json_costs_and_excluded() {
    insta::assert_snapshot!(render(&[
        "--format",
        "json",
        "--costs",
        "--include-excluded",
        "--max-cost",
        "40000",
        "--top",
        "1"
    ]));
}

#[test]
fn sample_markdown() {
    insta::assert_snapshot!(render(&["--format", "markdown"]));
}

#[test]
fn residency_table() {
    let out = cargo_bin_cmd!("progrank")
        .args([
            "rank",
            "data/residency/programs.csv",
            "--weights",
            "data/residency/weights.toml",
        ])
        .assert()
        .success();
    insta::assert_snapshot!(String::from_utf8(out.get_output().stdout.clone()).unwrap());
}
