//! End-to-end tests of `progrank rank`, driving the real binary: every format, stdin,
//! atomic `-o`, and one test per error message with its exit code.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use std::path::Path;

fn progrank() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("progrank");
    cmd.env_remove("NO_COLOR");
    cmd
}

const SAMPLE: &str = "data/programs.csv";

/// Runs `rank` with `args` and returns stdout, asserting success.
fn rank_ok(args: &[&str]) -> String {
    let out = progrank().arg("rank").args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// Runs `rank` on `file`, asserting the exit code, empty stdout and that stderr holds `needles`.
fn rank_fails(args: &[&str], code: i32, needles: &[&str]) -> String {
    let out = progrank()
        .arg("rank")
        .args(args)
        .assert()
        .code(code)
        .stdout(predicate::str::is_empty());
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.starts_with("error: "), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} not in {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The happy path

#[test]
fn sample_table_ranks_every_program_with_a_shared_rank() {
    // Wide enough for every name on one line (piped output is 100 columns by default).
    let out = rank_ok(&[SAMPLE, "--width", "200"]);
    assert!(out.contains("Riverside Health Professions Education MHPE"));
    // The three programs with a weighted sum of 222.5 share rank 3; the next is 6th.
    let rank_of = |name: &str| {
        out.lines()
            .find(|l| l.contains(name))
            .and_then(|l| l.trim_start_matches('│').split('┆').next())
            .map(|c| c.trim().to_owned())
            .unwrap()
    };
    assert_eq!(rank_of("Lakeshore University MMEd"), "3");
    assert_eq!(rank_of("Northfield College of Medicine MHPE"), "3");
    assert_eq!(rank_of("Summit Institute Certificate in Assessment"), "3");
    assert_eq!(rank_of("Pinecrest School of Health Sciences MHPE"), "6");
    assert!(out.contains("Weights: Faculty quality 90, Scholarship support 80, Funding 75, Schedule flexibility 70, Brand name 50 (built-in article chart)"));
    assert!(!out.contains('\u{1b}'), "no colour when not a terminal");
}

#[test]
fn sample_raises_every_default_flag() {
    let out = rank_ok(&[SAMPLE, "--format", "csv"]);
    let rows = csv_rows(&out);
    let flags: String = rows[1..].iter().map(|r| r[2].clone() + ";").collect();
    for id in [
        "weak-faculty",
        "no-scholarship-mentorship",
        "brand-over-substance",
        "unfunded",
        "high-cost",
        "heavy-time-load",
        "no-graduate-outcomes",
        "theory-only",
        "generic-education",
        "incomplete-data",
    ] {
        assert!(flags.contains(id), "{id} is never raised by the sample");
    }
}

#[test]
fn csv_export_keeps_every_column_in_order() {
    let out = rank_ok(&[SAMPLE, "--format", "csv"]);
    let rows = csv_rows(&out);
    let input = std::fs::read_to_string(SAMPLE).unwrap();
    let input_rows = csv_rows(&input);
    let mut expected_header = vec!["rank".to_owned(), "score".into(), "red_flags".into()];
    expected_header.extend(input_rows[0].clone());
    assert_eq!(rows[0], expected_header);
    assert_eq!(rows.len(), input_rows.len());
    // Every input row comes back whole, after the three new columns.
    for row in &rows[1..] {
        assert!(input_rows.contains(&row[3..].to_vec()), "{row:?}");
    }
    // Scores have two decimals, ranks never rise down the file.
    let ranks: Vec<usize> = rows[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    for row in &rows[1..] {
        let (_, decimals) = row[1].split_once('.').unwrap();
        assert_eq!(decimals.len(), 2, "{row:?}");
    }
    assert_eq!(rows[1][1], "76.71");
}

#[test]
fn json_export_is_an_array_of_programs_with_exact_numbers() {
    let out = rank_ok(&[SAMPLE, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    let programs = value.as_array().unwrap();
    assert_eq!(programs.len(), 10);
    let first = &programs[0];
    assert_eq!(first["rank"], 1);
    assert_eq!(
        first["program"],
        "Riverside Health Professions Education MHPE"
    );
    assert_eq!(first["score"].to_string(), "76.71");
    let criteria = first["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 5);
    assert_eq!(criteria[0]["criterion"], "faculty_quality");
    assert_eq!(criteria[0]["rating"].to_string(), "5");
    assert_eq!(criteria[0]["normalized"].to_string(), "1");
    assert_eq!(criteria[0]["weight"].to_string(), "90");
    assert_eq!(criteria[0]["points"].to_string(), "24.66");
    assert_eq!(
        first["columns"]["notes"],
        "Capstone run in your own department, two mentors"
    );
    let westmoor = programs
        .iter()
        .find(|p| p["program"] == "Westmoor University MSc Clinical Education")
        .unwrap();
    assert!(westmoor["criteria"][2]["rating"].is_null());
    assert_eq!(westmoor["flags"][0]["id"], "incomplete-data");
    assert_eq!(westmoor["flags"][0]["severity"], "warning");
}

#[test]
fn markdown_export_is_a_pipe_table() {
    let out = rank_ok(&[SAMPLE, "--format", "markdown"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("| Rank | Program | Score | Faculty quality"));
    assert!(lines[1].starts_with("| ---: | --- |"));
    assert!(lines[2].starts_with("| 1 | Riverside Health Professions Education MHPE | 76.71 |"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let input = std::fs::read(SAMPLE).unwrap();
    let out = progrank()
        .args(["rank", "-", "--format", "csv"])
        .write_stdin(input)
        .assert()
        .success();
    let from_stdin = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(from_stdin, rank_ok(&[SAMPLE, "--format", "csv"]));
}

#[test]
fn same_input_same_bytes() {
    for format in ["table", "csv", "json", "markdown"] {
        assert_eq!(
            rank_ok(&[SAMPLE, "--format", format]),
            rank_ok(&[SAMPLE, "--format", format]),
            "{format}"
        );
    }
}

#[test]
fn weight_override_changes_the_order() {
    let base = rank_ok(&[SAMPLE, "--format", "csv"]);
    let tilted = rank_ok(&[
        SAMPLE,
        "--format",
        "csv",
        "--weight",
        "funding=400",
        "--weight",
        "brand=0",
    ]);
    let first = |text: &str| csv_rows(text)[1][3].clone();
    assert_eq!(first(&base), "Riverside Health Professions Education MHPE");
    // Summit: 90·.5 + 80·.25 + 400·1 + 70·1 = 535 beats Eastbrook's 527.5 out of 640.
    assert_eq!(first(&tilted), "Summit Institute Certificate in Assessment");
    let table = rank_ok(&[SAMPLE, "--weight", "funding=400"]);
    assert!(table.contains("Funding 400"), "{table}");
    assert!(
        table.contains("changed with --weight funding=400"),
        "{table}"
    );
}

#[test]
fn top_keeps_the_first_n_and_says_when_ties_were_cut() {
    let out = rank_ok(&[SAMPLE, "--format", "csv", "--top", "3"]);
    assert_eq!(csv_rows(&out).len(), 4);
    let table = rank_ok(&[SAMPLE, "--top", "3"]);
    assert!(
        table.contains("Showing the top 3 of 10 ranked programs; 2 more share rank 3."),
        "{table}"
    );
}

#[test]
fn a_user_weights_file_replaces_the_criteria() {
    let out = rank_ok(&[
        "tests/data/two-criteria.csv",
        "--weights",
        "tests/data/weights/two-criteria.toml",
        "--format",
        "json",
    ]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    // Near: 60·0.5 + 40·1 = 70; Far: 60·1 + 40·0 = 60.
    assert_eq!(value[0]["program"], "Near");
    assert_eq!(value[0]["score"].to_string(), "70");
    assert_eq!(value[1]["score"].to_string(), "60");
    assert_eq!(value[0]["criteria"][1]["criterion"], "location");
}

#[test]
fn the_residency_example_runs_with_its_own_weights() {
    let out = rank_ok(&[
        "data/residency/programs.csv",
        "--weights",
        "data/residency/weights.toml",
        "--format",
        "csv",
    ]);
    let rows = csv_rows(&out);
    assert_eq!(rows.len(), 7);
    assert!(rows.iter().any(|r| r[2] == "low-board-pass"));
    assert!(rows.iter().any(|r| r[2] == "poor-wellness"));
}

#[test]
fn excluded_programs_are_listed_under_the_table() {
    let out = rank_ok(&[SAMPLE, "--weights", "tests/data/weights/excluding.toml"]);
    assert!(out.contains("Excluded from the ranking"));
    assert!(out.contains("Grand Crest University Online MEd: weak-faculty (Weak faculty.)"));
    let csv = rank_ok(&[
        SAMPLE,
        "--weights",
        "tests/data/weights/excluding.toml",
        "-f",
        "csv",
    ]);
    assert!(!csv.contains("Grand Crest"));
}

#[test]
fn checks_that_cannot_run_are_named() {
    let out = rank_ok(&[
        "tests/data/two-criteria.csv",
        "--weights",
        "tests/data/weights/two-criteria.toml",
    ]);
    assert!(
        !out.contains("Checks that could not run"),
        "no flags, nothing to report"
    );
    let out = rank_ok(&["tests/data/bom.csv"]);
    assert!(
        out.contains("high-cost not checked: add column tuition_usd to enable it"),
        "{out}"
    );
    assert!(
        out.contains("no-scholarship-mentorship checked only in part: add column mentorship"),
        "{out}"
    );
}

#[test]
fn missing_policies() {
    let file = "tests/data/missing-rating.csv";
    let worst = rank_ok(&[file, "-f", "csv"]);
    assert!(worst.contains("incomplete-data"));
    let renorm = rank_ok(&[file, "-f", "csv", "--missing", "renormalize"]);
    // Beta 3,3,_,3,3 scores 50 over the criteria present, 100·(0.5·290)/365 = 39.73 as worst.
    assert!(renorm.contains("50.00"), "{renorm}");
    assert!(worst.contains("39.73"), "{worst}");
    rank_fails(
        &[file, "--missing", "error"],
        65,
        &[
            "missing-rating.csv row 3, column \"funding\"",
            "--missing worst",
        ],
    );
}

#[test]
fn a_utf8_bom_is_accepted_silently() {
    progrank()
        .args(["rank", "tests/data/bom.csv"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty())
        .stdout(predicate::str::contains("Alpha"));
}

#[test]
fn headers_match_loosely_and_labels_are_read() {
    let out = rank_ok(&["tests/data/loose-headers.csv", "-f", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value[0]["program"], "Alpha");
    assert_eq!(value[0]["criteria"][2]["rating"].to_string(), "5");
    assert_eq!(value[1]["criteria"][3]["rating"].to_string(), "1");
    assert_eq!(value[1]["columns"]["extra"], "a, b");
}

#[test]
fn csv_export_defuses_formulas() {
    let out = rank_ok(&["tests/data/formula.csv", "-f", "csv"]);
    let rows = csv_rows(&out);
    let names: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();
    assert!(names.contains(&"'=HYPERLINK(\"http://x\")"), "{names:?}");
    assert!(names.contains(&"'@SUM"), "{names:?}");
    assert!(rows.iter().any(|r| r.last().unwrap() == "'+cmd"));
    assert!(
        rows.iter().any(|r| r.last().unwrap() == "-5"),
        "numbers stay numbers"
    );
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let out = rank_ok(&["tests/data/control-chars.csv"]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("\\u{1b}[31mRed\\u{1b}[0m"), "{out}");
    assert!(out.contains("Two Lines"), "{out}");
}

#[test]
fn color_only_when_asked_or_on_a_terminal_and_never_with_no_color() {
    let colored = rank_ok(&[SAMPLE, "--color", "always"]);
    assert!(colored.contains('\u{1b}'));
    let plain = rank_ok(&[SAMPLE]);
    assert!(!plain.contains('\u{1b}'));
    let out = progrank()
        .args(["rank", SAMPLE])
        .env("NO_COLOR", "1")
        .assert()
        .success();
    assert!(!String::from_utf8_lossy(&out.get_output().stdout).contains('\u{1b}'));
}

#[test]
fn width_wraps_the_table() {
    let narrow = rank_ok(&[SAMPLE, "--width", "80"]);
    let table_lines = narrow.lines().take_while(|l| !l.is_empty());
    for line in table_lines {
        assert!(line.chars().count() <= 80, "{line}");
    }
    let wide = rank_ok(&[SAMPLE]);
    assert!(wide.lines().next().unwrap().chars().count() > 80);
}

// ---------------------------------------------------------------------------------------------
// -o: atomic, format from the extension, never over the input

#[test]
fn output_file_format_follows_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (name, check) in [
        ("ranked.csv", "rank,score,red_flags,program"),
        ("ranked.json", "\"program\": \"Riverside"),
        ("ranked.md", "| Rank | Program |"),
        ("ranked.txt", "Riverside Health Professions Education MHPE"),
    ] {
        let path = dir.path().join(name);
        progrank()
            .args(["rank", SAMPLE, "-o"])
            .arg(&path)
            .assert()
            .success()
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains("wrote 10 ranked programs"));
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(written.contains(check), "{name}: {written}");
    }
    // An explicit --format wins over the extension.
    let path = dir.path().join("data.txt");
    progrank()
        .args(["rank", SAMPLE, "--format", "json", "-o"])
        .arg(&path)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&path).unwrap().starts_with('['));
}

#[test]
fn a_failed_run_leaves_no_file_behind() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ranked.csv");
    progrank()
        .args(["rank", "tests/data/bad/not-a-number.csv", "-o"])
        .arg(&path)
        .assert()
        .code(65);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_failed_run_keeps_the_old_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ranked.csv");
    std::fs::write(&path, "previous results").unwrap();
    progrank()
        .args(["rank", "tests/data/bad/ragged.csv", "-o"])
        .arg(&path)
        .assert()
        .code(65);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous results");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn writing_over_the_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("programs.csv");
    std::fs::copy(SAMPLE, &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = progrank()
        .arg("rank")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join(".").join("programs.csv"))
        .assert()
        .code(73);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr);
    assert!(
        stderr.contains("refusing to write over the input file"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn writing_over_a_weights_file_the_run_reads_is_refused() {
    // `--format csv -o weights.toml` used to replace the weights file with the ranking.
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("weights.toml");
    std::fs::copy(
        env!("CARGO_MANIFEST_DIR").to_owned() + "/weights.toml",
        &weights,
    )
    .unwrap();
    let before = std::fs::read(&weights).unwrap();
    for (command, flag) in [
        (
            vec!["rank", SAMPLE, "--format", "csv", "--weights"],
            "--weights",
        ),
        (
            vec!["rank", SAMPLE, "--format", "json", "--compare"],
            "--compare",
        ),
        (
            vec!["sensitivity", SAMPLE, "--format", "json", "--weights"],
            "--weights",
        ),
        (vec!["report", SAMPLE, "--weights"], "--weights"),
        (vec!["report", SAMPLE, "--compare"], "--compare"),
    ] {
        let out = progrank()
            .args(&command)
            .arg(&weights)
            .arg("-o")
            .arg(&weights)
            .assert()
            .code(73);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr);
        assert!(
            stderr.contains("refusing to write over the weights file")
                && stderr.contains(&format!("(read with {flag})")),
            "{command:?}: {stderr}"
        );
        assert_eq!(std::fs::read(&weights).unwrap(), before, "{command:?}");
    }
}

#[test]
fn an_unwritable_output_exits_73() {
    rank_fails(
        &[SAMPLE, "-o", "/nonexistent-folder/ranked.csv"],
        73,
        &["cannot write /nonexistent-folder/ranked.csv"],
    );
}

#[test]
fn an_unknown_output_extension_is_a_usage_error() {
    rank_fails(
        &[SAMPLE, "-o", "ranked.xyz"],
        2,
        &["cannot tell the format", "--format"],
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // A large input so the writer is still writing when the reader goes away.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    let mut text = String::from(
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n",
    );
    for i in 0..20_000 {
        text.push_str(&format!("Program {i},{},3,3,3,3\n", i % 5 + 1));
    }
    std::fs::write(&big, text).unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin!("progrank"))
        .args(["rank", "--format", "csv"])
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

// ---------------------------------------------------------------------------------------------
// One test per error message

#[test]
fn error_missing_input_file() {
    rank_fails(&["no-such-file.csv"], 66, &["cannot read no-such-file.csv"]);
}

#[test]
fn error_empty_file() {
    rank_fails(
        &["tests/data/bad/empty.csv"],
        65,
        &["tests/data/bad/empty.csv is empty", "header row"],
    );
}

#[test]
fn error_header_only() {
    rank_fails(
        &["tests/data/bad/header-only.csv"],
        65,
        &["has a header but no program rows"],
    );
}

#[test]
fn error_missing_column_lists_the_columns_found() {
    rank_fails(
        &["tests/data/bad/missing-column.csv"],
        65,
        &[
            "row 1: missing column scholarship_support (or scholarship, scholarship_mentorship, scholarship and mentorship, …)",
            "the columns found are \"program\", \"faculty_quality\", \"funding\"",
        ],
    );
}

#[test]
fn error_duplicate_program_names() {
    rank_fails(
        &["tests/data/bad/duplicate-program.csv"],
        65,
        &[
            "row 4, column \"program\": program \"alpha\" already appears on row 2",
            "unique",
        ],
    );
}

#[test]
fn error_duplicate_names_in_a_large_file_names_the_first_pair_in_file_order() {
    // Large enough for the read and the duplicate check to be split over threads: the pair a
    // scan in file order meets first is the one reported, whichever thread finds it, and a
    // bad cell further down does not hide it.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    let mut text = String::from(
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n",
    );
    for i in 0..30_000 {
        let name = match i {
            25_000 => "PROGRAM 7".to_owned(),
            27_000 => "Program 26999".to_owned(),
            _ => format!("Program {i}"),
        };
        let rating = if i == 29_000 { "lots" } else { "3" };
        text.push_str(&format!("{name},{},3,3,3,{rating}\n", i % 5 + 1));
    }
    std::fs::write(&big, text).unwrap();
    rank_fails(
        &[big.to_str().unwrap()],
        65,
        &[
            "row 25002, column \"program\": program \"PROGRAM 7\" already appears on row 9",
            "unique",
        ],
    );
}

#[test]
fn error_ragged_rows() {
    rank_fails(
        &["tests/data/bad/ragged.csv"],
        65,
        &["ragged.csv line 3: this row has 5 cells but the header has 6"],
    );
}

#[test]
fn error_value_off_the_scale() {
    rank_fails(
        &["tests/data/bad/off-scale.csv"],
        65,
        &[
            "off-scale.csv row 4, column \"scholarship_support\": \"7\" is not a number from 1 to 5",
            "widen the scale",
        ],
    );
}

#[test]
fn error_not_a_number_matches_the_documented_message() {
    rank_fails(
        &["tests/data/bad/not-a-number.csv"],
        65,
        &[
            "error: tests/data/bad/not-a-number.csv row 4, column \"funding\": \"lots\" is not a number from 1 to 5 nor one of the labels none, partial, full",
        ],
    );
}

#[test]
fn error_invalid_utf8_under_encoding_utf8_suggests_csv_utf8() {
    rank_fails(
        &["tests/data/bad/latin1.csv", "--encoding", "utf-8"],
        65,
        &[
            "latin1.csv row 3, column \"program\"",
            "not valid UTF-8",
            "CSV UTF-8",
        ],
    );
}

#[test]
fn error_fact_column_not_a_number() {
    rank_fails(
        &["tests/data/bad/fact-not-a-number.csv"],
        65,
        &[
            "row 2, column \"graduate_publications\": \"lots\" is not a number (red flag no-graduate-outcomes reads this column)",
        ],
    );
}

#[test]
fn error_money_cell_that_is_not_money() {
    rank_fails(
        &["tests/data/bad/not-money.csv"],
        65,
        &[
            "not-money.csv row 3, column \"funding_usd\": \"about half\" is not an amount of money in USD",
            "$15,000",
        ],
    );
}

#[test]
fn error_fact_column_not_yes_or_no() {
    rank_fails(
        &["tests/data/bad/fact-not-yes-no.csv"],
        65,
        &["row 2, column \"mentorship\": \"maybe\" is not yes or no"],
    );
}

#[test]
fn error_weights_syntax_names_the_line() {
    rank_fails(
        &[SAMPLE, "--weights", "tests/data/weights/syntax-error.toml"],
        78,
        &["syntax-error.toml", "line 3"],
    );
}

#[test]
fn error_weights_unknown_key() {
    rank_fails(
        &[SAMPLE, "--weights", "tests/data/weights/unknown-key.toml"],
        78,
        &["unknown-key.toml", "line 5", "unknown field `lable`"],
    );
}

#[test]
fn error_negative_weight() {
    rank_fails(
        &[SAMPLE, "--weights", "tests/data/weights/negative.toml"],
        78,
        &["the weight of brand_name is -50"],
    );
}

#[test]
fn error_all_zero_weights() {
    rank_fails(
        &[SAMPLE, "--weights", "tests/data/weights/all-zero.toml"],
        78,
        &["every weight is zero"],
    );
    rank_fails(
        &[
            SAMPLE,
            "--weight",
            "faculty_quality=0",
            "--weight",
            "scholarship_support=0",
            "--weight",
            "funding=0",
            "--weight",
            "schedule_flexibility=0",
            "--weight",
            "brand_name=0",
        ],
        78,
        &["every weight is now zero"],
    );
}

#[test]
fn error_scale_min_not_below_max() {
    rank_fails(
        &[SAMPLE, "--weights", "tests/data/weights/bad-scale.toml"],
        78,
        &["scale min 5 is not below max 1"],
    );
}

#[test]
fn error_missing_weights_file() {
    rank_fails(
        &[SAMPLE, "--weights", "nope.toml"],
        78,
        &["nope.toml", "cannot read the weights file"],
    );
}

#[test]
fn error_unknown_criterion_in_weight_override() {
    rank_fails(
        &[SAMPLE, "--weight", "location=40"],
        2,
        &[
            "no criterion is called \"location\"",
            "faculty_quality, scholarship_support",
        ],
    );
}

#[test]
fn error_malformed_weight_override() {
    for bad in [
        "faculty_quality",
        "faculty_quality=-3",
        "faculty_quality=lots",
    ] {
        progrank()
            .args(["rank", SAMPLE, "--weight", bad])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--weight"));
    }
}

#[test]
fn error_bad_flag_values_are_usage_errors() {
    progrank()
        .args(["rank", SAMPLE, "--format", "xml"])
        .assert()
        .code(2);
    progrank()
        .args(["rank", SAMPLE, "--missing", "zero"])
        .assert()
        .code(2);
    progrank()
        .args(["rank", SAMPLE, "--top", "0"])
        .assert()
        .code(2);
    progrank().args(["rank"]).assert().code(2);
}

#[test]
fn the_input_is_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("p.csv");
    std::fs::copy(SAMPLE, &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let modified = std::fs::metadata(&input).unwrap().modified().unwrap();
    progrank()
        .arg("rank")
        .arg(&input)
        .arg("-o")
        .arg(dir.path().join("out.csv"))
        .assert()
        .success();
    assert_eq!(std::fs::read(&input).unwrap(), before);
    assert_eq!(
        std::fs::metadata(&input).unwrap().modified().unwrap(),
        modified
    );
    assert!(Path::new(&dir.path().join("out.csv")).exists());
}
