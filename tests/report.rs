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

/// Every `http` in the page is the SVG namespace or the CSP's `http-equiv` (and the page
/// uses none at all); the only scripts are the data block and the one hashed script.
fn assert_no_address(page: &str) {
    let rest = page
        .replace("http://www.w3.org/2000/svg", "")
        .replace("<meta http-equiv=\"Content-Security-Policy\"", "");
    for needle in ["http", "://", "href=", "url(", "@import", "<link"] {
        assert!(!rest.contains(needle), "{needle} in the page");
    }
    assert_eq!(page.matches("<script").count(), 2, "scripts in the page");
    assert_eq!(
        page.matches("<script type=\"application/json\" id=\"progrank-data\">")
            .count(),
        1
    );
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
    assert!(page.contains("is above your budget of $20,000"), "{page}");
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
    for tag in ["<script>alert", "<img", "<svg onload", "<b>bold"] {
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
        .args(["report", SAMPLE, "a.html", "-o", "b.html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    cargo_bin_cmd!("progrank")
        .args(["report", "-"])
        .write_stdin("program,faculty_quality\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("progrank report - report.html"));
    cargo_bin_cmd!("progrank")
        .args(["report", SAMPLE, "--method", "wpm", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("drop --method"));
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

#[test]
fn the_output_is_the_second_argument_or_beside_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("my list.csv");
    std::fs::copy(SAMPLE, &input).unwrap();
    let expected = dir.path().join("my list.report.html");
    cargo_bin_cmd!("progrank")
        .arg("report")
        .arg(&input)
        .args(["--samples", "100"])
        .assert()
        .success()
        .stderr(predicate::str::contains(expected.display().to_string()));
    assert!(
        std::fs::read_to_string(&expected)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let second = dir.path().join("second.html");
    cargo_bin_cmd!("progrank")
        .arg("report")
        .arg(&input)
        .arg(&second)
        .args(["--samples", "100"])
        .assert()
        .success();
    assert!(second.exists());
}

#[test]
fn costs_top_and_a_comparison_on_the_page() {
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
            "--costs",
            "--top",
            "4",
            "--compare",
            "tests/data/compare/mentor.toml",
        ],
    );
    assert_no_address(&page);
    assert!(page.contains("Points per $1,000"));
    assert!(page.contains("6 more ranked programs are not shown (--top)"));
    // Every program is in the page for re-weighing; six are hidden until weights move.
    assert_eq!(page.matches("<tr data-i=").count(), 10);
    assert_eq!(page.matches("\" hidden><td").count(), 6);
    assert!(page.contains("Two sets of weights: A = built-in, B = mentor.toml"));
    assert!(page.contains("data-preset=\"2\">B: mentor.toml</button>"));
    assert!(page.contains("data-preset=\"3\">The compromise of both</button>"));
    assert!(page.contains("Coastal Faculty Development Program: #9 → #4"));
}
