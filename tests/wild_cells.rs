//! What a cell of a user's own spreadsheet means: rows that are not programs (a footnote
//! below the table, a name showing a spreadsheet error), names typed over two lines,
//! percentages and dates where a number was meant. Each test reads a small hand-made file
//! (or a workbook written here) the way a first-time user would run progrank on it.

use assert_cmd::cargo::cargo_bin_cmd;

fn progrank() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("progrank");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs progrank with `args`; returns (success, stdout, stderr).
fn run(args: &[&str]) -> (bool, String, String) {
    let output = progrank().args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn a_footnote_below_the_table_is_not_ranked_as_a_program() {
    let (ok, stdout, stderr) = run(&["rank", "tests/data/wild_cells/footnote.csv"]);
    assert!(!ok, "ranked a footnote: {stdout}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("row 4"), "{stderr}");
    assert!(
        stderr.contains("\"Source: university websites, 2026\""),
        "{stderr}"
    );
    assert!(stderr.contains("delete it"), "{stderr}");
    assert!(stderr.contains("N/A"), "{stderr}");
}

#[test]
fn a_name_only_row_among_programs_or_a_list_of_names_is_still_ranked() {
    for file in ["names_only.csv", "name_only_middle.csv"] {
        let path = format!("tests/data/wild_cells/{file}");
        let (ok, stdout, stderr) = run(&["rank", &path, "--format", "csv"]);
        assert!(ok, "{file}: {stderr}");
        assert!(stdout.contains("Alpha MHPE"), "{file}: {stdout}");
        assert!(stdout.contains("Beta MMEd"), "{file}: {stdout}");
    }
}

#[test]
fn a_name_showing_a_spreadsheet_error_is_not_a_program_name() {
    let (ok, stdout, stderr) = run(&["rank", "tests/data/wild_cells/na_name.csv"]);
    assert!(!ok, "ranked #N/A: {stdout}");
    assert!(stderr.contains("row 3"), "{stderr}");
    assert!(stderr.contains("\"#N/A\""), "{stderr}");
    assert!(stderr.contains("spreadsheet error"), "{stderr}");
}

/// The cells of a CSV output.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn a_name_typed_over_two_lines_reads_as_one_line_with_a_space() {
    // `Alpha` Alt+Enter `MHPE`, and a Windows line break in `Beta` `MMEd`.
    let file = "tests/data/wild_cells/two_line_names.csv";
    let (ok, table, _) = run(&["rank", file]);
    assert!(ok);
    assert!(table.contains("Alpha MHPE"), "{table}");
    assert!(table.contains("Beta MMEd"), "{table}");
    assert!(!table.contains("\\u{"), "{table}");
    let (ok, markdown, _) = run(&["rank", file, "-f", "markdown"]);
    assert!(ok);
    assert!(markdown.contains("| Alpha MHPE |"), "{markdown}");
    assert!(markdown.contains("| Beta MMEd |"), "{markdown}");
    let (ok, explain, _) = run(&["explain", file, "Alpha\nMHPE"]);
    assert!(ok);
    assert_eq!(explain.lines().next(), Some("Alpha MHPE"), "{explain}");
    // A note on standard error stays one line.
    let (ok, csv, notes) = run(&["rank", file, "-f", "csv", "--max-hours", "30"]);
    assert!(ok);
    assert!(
        notes
            .lines()
            .any(|l| l == "note: excluded Beta MMEd: 40 hours a week is above --max-hours 30"),
        "{notes}"
    );
    assert!(
        notes.lines().any(|l| l.starts_with("note: Alpha MHPE: ")),
        "{notes}"
    );
    // CSV keeps the cell as it was typed.
    let names: Vec<String> = csv_rows(&csv)[1..].iter().map(|r| r[3].clone()).collect();
    assert!(names.contains(&"Alpha\nMHPE".to_owned()), "{names:?}");
    // Every other control character still reaches the terminal escaped.
    let (ok, table, _) = run(&["rank", "tests/data/control-chars.csv"]);
    assert!(ok);
    assert!(table.contains("\\u{1b}[31mRed"), "{table}");
    assert!(!table.contains('\u{1b}'), "{table:?}");
}
