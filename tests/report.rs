//! `progrank report` and `rank -o x.html` through the real binary: the snapshot of the
//! sample page, escaping of hostile program names, determinism and the error cases.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use std::path::Path;

const SAMPLE: &str = "data/programs.csv";
const HOSTILE: &str = "tests/data/hostile.csv";

/// Runs `progrank report INPUT -o <dir>/NAME ARGS…` and returns the page.
fn report(input: &str, dir: &Path, name: &str, args: &[&str]) -> String {
    let out = dir.join(name);
    cargo_bin_cmd!("progrank")
        .args(["report", input, "-o"])
        .arg(&out)
        .args(args)
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("wrote the report on"));
    std::fs::read_to_string(out).unwrap()
}

/// Every `http` in the page is the SVG namespace (and the page uses none at all).
fn assert_no_address(page: &str) {
    let rest = page.replace("http://www.w3.org/2000/svg", "");
    for needle in [
        "http", "://", "href=", "url(", "@import", "<link", "<script",
    ] {
        assert!(!rest.contains(needle), "{needle} in the page");
    }
}

#[test]
fn sample_report_html() {
    let dir = tempfile::tempdir().unwrap();
    let page = report(
        SAMPLE,
        dir.path(),
        "report.html",
        &["--date", "2026-01-31", "--samples", "2000"],
    );
    assert_no_address(&page);
    insta::assert_snapshot!("report_sample_html", page);
}

#[test]
fn rank_with_an_html_output_writes_the_same_page_as_report() {
    let dir = tempfile::tempdir().unwrap();
    let render = || {
        let from_report = report(SAMPLE, dir.path(), "a.html", &[]);
        cargo_bin_cmd!("progrank")
            .args(["rank", SAMPLE, "-o"])
            .arg(dir.path().join("b.HTML"))
            .assert()
            .success()
            .stdout(predicate::str::is_empty());
        let from_rank = std::fs::read_to_string(dir.path().join("b.HTML")).unwrap();
        (from_report, from_rank)
    };
    let (mut a, mut b) = render();
    if a != b {
        // The two runs straddled midnight (UTC): the date differs; run again.
        (a, b) = render();
    }
    assert_eq!(a, b);
    assert!(a.starts_with("<!DOCTYPE html>"));
    // --format html to standard output is the same page as well.
    let out = cargo_bin_cmd!("progrank")
        .args(["rank", SAMPLE, "--format", "html"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.len(), a.len());
}

#[test]
fn report_takes_the_same_scoring_and_limit_options_as_rank() {
    let dir = tempfile::tempdir().unwrap();
    let page = report(
        SAMPLE,
        dir.path(),
        "r.html",
        &[
            "--date",
            "2026-01-31",
            "--samples",
            "200",
            "--weight",
            "brand_name=10",
            "--max-cost",
            "20000",
            "--delivery",
            "hybrid,online",
            "--title",
            "Dr <Lee>'s shortlist",
        ],
    );
    assert!(page.contains("<title>Dr &#60;Lee&#62;&#39;s shortlist</title>"));
    assert!(page.contains("changed with --weight brand_name=10"));
    assert!(page.contains("Brand name 10"));
    assert!(page.contains("limit: "));
    assert!(!page.contains("Excluded: <b>0</b>"));
}

#[test]
fn hostile_program_names_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let page = report(
        HOSTILE,
        dir.path(),
        "r.html",
        &["--date", "2026-01-31", "--samples", "200"],
    );
    assert_no_address(&page);
    for tag in ["<script", "<img", "<svg onload", "<b>bold"] {
        assert!(!page.contains(tag), "{tag} got through");
    }
    assert!(page.contains("<th scope=\"row\">&#60;script&#62;alert(1)&#60;/script&#62;</th>"));
    assert!(page.contains("<th scope=\"row\">&#60;img src=x onerror=alert(1)&#62;</th>"));
    assert!(page.contains("<title>&#60;img src=x onerror=alert(1)&#62;: #1 in"));
}

#[test]
fn same_seed_same_bytes_other_seed_other_shares() {
    let dir = tempfile::tempdir().unwrap();
    let args = |seed: &'static str| ["--date", "2026-01-31", "--samples", "500", "--seed", seed];
    let near_tie = "tests/data/near_tie.csv";
    let a = report(near_tie, dir.path(), "a.html", &args("1"));
    let b = report(near_tie, dir.path(), "b.html", &args("1"));
    let c = report(near_tie, dir.path(), "c.html", &args("2"));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn bad_arguments_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.html");
    cargo_bin_cmd!("progrank")
        .args(["report", SAMPLE, "-o"])
        .arg(&out)
        .args(["--date", "2026-02-30"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a day of the calendar"));
    cargo_bin_cmd!("progrank")
        .args(["report", SAMPLE])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--output"));
    cargo_bin_cmd!("progrank")
        .args(["rank", SAMPLE, "--method", "topsis", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("drop --method"));
    assert!(!out.exists());
    cargo_bin_cmd!("progrank")
        .args(["report", SAMPLE, "-o", SAMPLE])
        .assert()
        .code(73);
}
