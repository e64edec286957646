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
    // LibreOffice's error values too.
    let (ok, _, stderr) = run(&["rank", "tests/data/wild_cells/err_name.csv"]);
    assert!(!ok);
    assert!(stderr.contains("\"Err:502\""), "{stderr}");
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

const HEADERS: [&str; 8] = [
    "program",
    "faculty_quality",
    "scholarship_support",
    "funding",
    "schedule_flexibility",
    "brand_name",
    "hours_per_week",
    "funding_usd",
];

/// Writes a workbook of `HEADERS` and two programs rated 4 everywhere with 10 hours a week
/// and $5,000 of funding; `edit` then changes the second program's row (sheet row 2).
fn workbook(
    dir: &std::path::Path,
    name: &str,
    edit: impl FnOnce(&mut rust_xlsxwriter::Worksheet),
) -> String {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, name) in [(1u32, "Alpha MHPE"), (2, "Beta MMEd")] {
        sheet.write_string(r, 0, name).unwrap();
        for c in 1..=5u16 {
            sheet.write_number(r, c, 4).unwrap();
        }
        sheet.write_number(r, 6, 10).unwrap();
        sheet.write_number(r, 7, 5000).unwrap();
    }
    edit(sheet);
    let path = dir.join(name);
    book.save(&path).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_value_the_spreadsheet_turned_into_a_date_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let shown = rust_xlsxwriter::Format::new().set_num_format("d-mmm");
    // `4/5` typed into a rating cell, `10-15` into an hours cell: Excel stores dates.
    let rating = workbook(dir.path(), "rating.xlsx", |sheet| {
        let may = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 5, 4).unwrap();
        sheet
            .write_datetime_with_format(2, 2, &may, &shown)
            .unwrap();
    });
    let hours = workbook(dir.path(), "hours.xlsx", |sheet| {
        let oct = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 10, 15).unwrap();
        sheet
            .write_datetime_with_format(2, 6, &oct, &shown)
            .unwrap();
    });
    for (file, cell) in [(rating, "cell C3"), (hours, "cell G3")] {
        let (ok, _, stderr) = run(&["rank", &file, "--costs"]);
        assert!(!ok, "{file}");
        assert!(stderr.contains(cell), "{stderr}");
        assert!(stderr.contains("holds a date"), "{stderr}");
        assert!(stderr.contains("format the column as Text"), "{stderr}");
        assert!(stderr.contains("apostrophe"), "{stderr}");
        assert!(!stderr.contains("write the rating alone"), "{stderr}");
    }
}

#[test]
fn a_decimal_comma_typed_as_text_in_a_workbook_points_to_the_decimal_option() {
    let dir = tempfile::tempdir().unwrap();
    let file = workbook(dir.path(), "comma.xlsx", |sheet| {
        sheet.write_string(2, 1, "4,5").unwrap();
    });
    let (ok, _, stderr) = run(&["rank", &file]);
    assert!(!ok);
    assert!(stderr.contains("\"4,5\""), "{stderr}");
    assert!(stderr.contains("--decimal comma"), "{stderr}");
    assert!(stderr.contains("(4.5)"), "{stderr}");
    // As the hint says: with --decimal comma the cell is four and a half.
    let (ok, csv, stderr) = run(&["rank", &file, "--decimal", "comma", "-f", "csv"]);
    assert!(ok, "{stderr}");
    assert!(csv.contains("Beta MMEd;4,5;"), "{csv}");
}

#[test]
fn a_percentage_in_a_money_column_is_refused_not_read_as_cents() {
    // A CSV cell typed `50%`, and a workbook cell formatted 50% (stored as 0.5).
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("funding.csv");
    std::fs::write(
        &csv,
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,\
         tuition_usd,funding_usd\nAlpha MHPE,4,4,4,4,4,38000,50%\n",
    )
    .unwrap();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    let book = workbook(dir.path(), "funding.xlsx", |sheet| {
        sheet.write_number_with_format(2, 7, 0.5, &percent).unwrap();
    });
    for (file, place) in [
        (csv.to_str().unwrap().to_owned(), "column \"funding_usd\""),
        (book, "cell H3"),
    ] {
        let (ok, stdout, stderr) = run(&["rank", &file, "--costs"]);
        assert!(!ok, "{file}: {stdout}");
        assert!(stderr.contains(place), "{stderr}");
        assert!(stderr.contains("\"50%\""), "{stderr}");
        assert!(stderr.contains("a percentage is not an amount"), "{stderr}");
    }
    // A workbook whose money cells are plain numbers reads as before.
    let plain = workbook(dir.path(), "plain.xlsx", |_| {});
    let (ok, _, stderr) = run(&["rank", &plain, "--costs"]);
    assert!(ok, "{stderr}");
}

/// A workbook of two programs rated 4 on faculty_quality, with a `column` of shares shown
/// as percentages (number format `0%`), as Excel stores `85%` typed into a cell.
fn percent_workbook(path: &std::path::Path, column: &str, programs: [(&str, f64); 2]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let percent = rust_xlsxwriter::Format::new().set_num_format("0%");
    for (c, h) in ["program", "faculty_quality", column].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (name, share)) in (1u32..).zip(programs) {
        sheet.write_string(r, 0, name).unwrap();
        sheet.write_number(r, 1, 4).unwrap();
        sheet
            .write_number_with_format(r, 2, share, &percent)
            .unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn a_percentage_rates_a_criterion_on_a_0_to_100_scale() {
    let dir = tempfile::tempdir().unwrap();
    let weights = "tests/data/wild_cells/percent-weights.toml";
    // Typed into a CSV, and shown by workbook cells formatted as percentages.
    let csv = dir.path().join("acceptance.csv");
    std::fs::write(
        &csv,
        "program,faculty_quality,acceptance\nAlpha MHPE,4,85%\nBeta MMEd,4,40 %\n",
    )
    .unwrap();
    let xlsx = dir.path().join("acceptance.xlsx");
    percent_workbook(
        &xlsx,
        "acceptance",
        [("Alpha MHPE", 0.85), ("Beta MMEd", 0.4)],
    );
    for file in [&csv, &xlsx] {
        let file = file.to_str().unwrap();
        let (ok, out, stderr) = run(&["rank", file, "--weights", weights, "-f", "csv"]);
        assert!(ok, "{file}: {stderr}");
        let rows = csv_rows(&out);
        // (0.75 + 0.85) / 2 and (0.75 + 0.40) / 2.
        assert_eq!(rows[1][1], "80.00", "{file}: {out}");
        assert_eq!(rows[2][1], "57.50", "{file}: {out}");
    }
}

#[test]
fn a_red_flag_rule_reads_a_percentage_as_its_fraction() {
    // `acceptance_rate < 0.2` on cells typed 15% or formatted as a percentage.
    let weights = "tests/data/wild_cells/percent-flag.toml";
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("rates.csv");
    std::fs::write(
        &csv,
        "program,faculty_quality,acceptance_rate\nAlpha MHPE,4,15%\nBeta MMEd,3,25%\n",
    )
    .unwrap();
    let xlsx = dir.path().join("rates.xlsx");
    percent_workbook(
        &xlsx,
        "acceptance_rate",
        [("Alpha MHPE", 0.15), ("Beta MMEd", 0.25)],
    );
    for file in [&csv, &xlsx] {
        let file = file.to_str().unwrap();
        let (ok, out, stderr) = run(&["rank", file, "--weights", weights, "-f", "csv"]);
        assert!(ok, "{file}: {stderr}");
        let rows = csv_rows(&out);
        let flagged: Vec<(&str, &str)> = rows[1..]
            .iter()
            .map(|r| (r[3].as_str(), r[2].as_str()))
            .collect();
        assert!(
            flagged.contains(&("Alpha MHPE", "selective")),
            "{file}: {out}"
        );
        assert!(flagged.contains(&("Beta MMEd", "")), "{file}: {out}");
    }
}

#[test]
fn hours_and_years_written_with_their_unit_are_read_by_every_reader() {
    let file = "tests/data/wild_cells/units.csv";
    let (ok, out, notes) = run(&["rank", file, "--costs", "-f", "csv"]);
    assert!(ok, "{notes}");
    let rows = csv_rows(&out);
    let at = |header: &str| rows[0].iter().position(|h| h == header).unwrap();
    let (name, hours, flags) = (at("program"), at("total_hours"), at("red_flags"));
    let by_name = |wanted: &str| rows[1..].iter().find(|r| r[name] == wanted).unwrap();
    // 48 weeks a year: 15 h × 2 years, 12.5 h (the range's midpoint) × 1.5, 25 h × 1.5.
    assert_eq!(by_name("Alpha MHPE")[hours], "1440", "{out}");
    assert_eq!(by_name("Beta MMEd")[hours], "900", "{out}");
    assert_eq!(by_name("Gamma MHPE")[hours], "1800", "{out}");
    // The red-flag rules read the same hours: 25 hours a week is a heavy load.
    assert!(
        by_name("Gamma MHPE")[flags].contains("heavy-time-load"),
        "{out}"
    );
    assert!(
        !by_name("Alpha MHPE")[flags].contains("heavy-time-load"),
        "{out}"
    );
    // The note on ranges names the range with its unit.
    assert!(notes.contains("\"10 to 15 hours\" as 12.5"), "{notes}");
    // --max-hours compares the same number.
    let (ok, out, _) = run(&["rank", file, "--max-hours", "20", "-f", "csv"]);
    assert!(ok);
    assert!(
        !out.contains("Gamma MHPE") && out.contains("Beta MMEd"),
        "{out}"
    );
    // A unit that contradicts the column is refused, never read as the number.
    for (file, value) in [
        ("units_wrong_hours.csv", "\"2 days\""),
        ("units_wrong_years.csv", "\"15 hours\""),
    ] {
        let path = format!("tests/data/wild_cells/{file}");
        let (ok, out, stderr) = run(&["rank", &path]);
        assert!(!ok, "{file}: {out}");
        assert!(stderr.contains(value), "{stderr}");
    }
}
