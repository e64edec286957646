//! Shortlists as real spreadsheet programs export them (issue 13): Excel's CSV UTF-8 with a
//! BOM, Excel's European `;` CSV in Windows-1252, Excel's "Unicode Text", Google Sheets CSV
//! and TSV, LibreOffice with `sep=`, Numbers with curly quotes, a US tab paste, pounds,
//! euros, Swiss francs and a title row. Every file holds the same four programs, so each
//! must give the same ranking, the same costs and the same limit results, whatever its
//! headers, delimiter, encoding, decimal mark or currency. Then one test per new message.
//!
//! The expected values are worked out by hand from the built-in weights (90/80/75/70/50,
//! ratings on 1–5, score = 100 × Σ weight × (rating − 1)/4 ÷ 365):
//!
//! | program    | ratings             | score  | tuition − funding      | hours | total hours |
//! |------------|---------------------|--------|------------------------|-------|-------------|
//! | Maastricht | 5, 5, full, 3, 3    | 83.56  | 24,500 − 12,000 = 12,500 | 12  | 1,152       |
//! | Hopkins    | 5, 4.5, partial, 3, 5 | 77.40 | 58,000 − 10,000 = 48,000 | 15 | 1,440       |
//! | King’s     | 4, 4, 3, online, 4  | 74.66  | 35,000 − 0 = 35,000    | 10–15 → 12.5 | 1,200 |
//! | Lakeshore  | 2, 2, none, online, 2 | 34.25 | 62,000 − 0 = 62,000   | 20    | 1,920       |

use assert_cmd::cargo::cargo_bin_cmd;

const MAASTRICHT: &str = "Maastricht University MHPE";
const HOPKINS: &str = "Johns Hopkins MEHP";
const KINGS: &str = "King’s College London MA Clinical Education";
const LAKESHORE: &str = "Lakeshore Online MEd";

fn progrank() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("progrank");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn real(file: &str) -> String {
    format!("tests/data/real/{file}")
}

/// Runs `rank FILE --format csv --costs --csv-dialect rfc4180 ARGS`, asserting success; returns the CSV records
/// (header first) and standard error.
fn rank(file: &str, args: &[&str]) -> (Vec<Vec<String>>, String) {
    let out = progrank()
        // A fixed output dialect: these tests check how each file is read; the output's
        // own dialect (the input's by default) is tested in tests/dialect.rs.
        .args(["rank", &real(file), "--format", "csv", "--costs"])
        .args(["--csv-dialect", "rfc4180"])
        .args(args)
        .assert()
        .success();
    let output = out.get_output();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(output.stdout.as_slice());
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (rows, String::from_utf8(output.stderr.clone()).unwrap())
}

/// Runs progrank with `args`, asserting the exit code and empty standard output; returns
/// standard error.
fn fails(args: &[&str], code: i32) -> String {
    let out = progrank().args(args).assert().code(code).stdout("");
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

/// The value of column `name` in each data row.
fn column(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let i = rows[0]
        .iter()
        .position(|h| h == name || (name.ends_with('_') && h.starts_with(name)))
        .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[i].clone()).collect()
}

/// The program names in rank order (the first input column after the added ones).
fn names(rows: &[Vec<String>]) -> Vec<String> {
    rows[1..].iter().map(|r| r[6].clone()).collect()
}

/// Checks one file: the ranking, scores, costs, hours and flags with no limit, then
/// `--max-cost 40000` (in the file's currency), `--max-hours 14` and, when the file has a
/// delivery column, `--delivery online`.
fn check_file(file: &str, extra: &[&str], symbol: &str, has_delivery: bool) {
    let (rows, err) = rank(file, extra);
    assert_eq!(
        names(&rows),
        [MAASTRICHT, HOPKINS, KINGS, LAKESHORE],
        "{file}: {err}"
    );
    assert_eq!(column(&rows, "score"), ["83.56", "77.40", "74.66", "34.25"]);
    assert_eq!(column(&rows, "rank"), ["1", "2", "3", "4"]);
    assert_eq!(
        column(&rows, "net_cost_"),
        ["12500", "48000", "35000", "62000"],
        "{file}"
    );
    assert_eq!(
        column(&rows, "total_hours"),
        ["1152", "1440", "1200", "1920"]
    );
    let flags = column(&rows, "red_flags");
    assert_eq!(flags[0], "", "{file}");
    assert_eq!(flags[1], "high-cost", "{file}");
    assert!(flags[3].contains("weak-faculty"), "{file}: {flags:?}");
    assert!(flags[3].contains("high-cost"), "{file}: {flags:?}");

    let mut args = extra.to_vec();
    args.extend(["--max-cost", "40000"]);
    let (rows, err) = rank(file, &args);
    assert_eq!(names(&rows), [MAASTRICHT, KINGS], "{file}: {err}");
    assert!(
        err.contains(&format!(
            "excluded {HOPKINS}: net cost {symbol}48,000 is above --max-cost {symbol}40,000"
        )),
        "{file}: {err}"
    );
    assert!(
        err.contains(&format!(
            "excluded {LAKESHORE}: net cost {symbol}62,000 is above --max-cost {symbol}40,000"
        )),
        "{file}: {err}"
    );

    let mut args = extra.to_vec();
    args.extend(["--max-hours", "14"]);
    let (rows, err) = rank(file, &args);
    assert_eq!(names(&rows), [MAASTRICHT, KINGS], "{file}: {err}");
    assert!(
        err.contains(&format!(
            "excluded {HOPKINS}: 15 hours a week is above --max-hours 14"
        )),
        "{file}: {err}"
    );

    if has_delivery {
        let mut args = extra.to_vec();
        args.extend(["--delivery", "online"]);
        let (rows, err) = rank(file, &args);
        assert_eq!(names(&rows), [KINGS, LAKESHORE], "{file}: {err}");
        assert!(
            err.contains(&format!(
                "excluded {MAASTRICHT}: delivery in-person is not in --delivery online"
            )),
            "{file}: {err}"
        );
    }
}

#[test]
fn excel_csv_utf8_with_bom_and_headers_with_units() {
    check_file("excel-csv-utf8-bom.csv", &[], "$", true);
    let (_, err) = rank("excel-csv-utf8-bom.csv", &[]);
    assert!(
        err.contains("reading \"Tuition ($)\" as tuition_usd"),
        "{err}"
    );
    assert!(
        err.contains("reading \"Faculty Quality (1-5)\" as faculty_quality"),
        "{err}"
    );
    assert!(
        err.contains("reading \"Hours/week\" as hours_per_week"),
        "{err}"
    );
}

#[test]
fn excel_european_semicolons_windows_1252_decimal_commas_and_euros() {
    check_file("excel-european-semicolon-1252.csv", &[], "€", true);
    let (rows, err) = rank("excel-european-semicolon-1252.csv", &[]);
    // Windows-1252 decoded: the curly apostrophe survives.
    assert_eq!(names(&rows)[2], KINGS);
    assert!(err.contains("amounts are in EUR (€"), "{err}");
}

#[test]
fn excel_unicode_text_utf16_tabs_with_dollars_and_cents() {
    check_file("excel-unicode-text-utf16.txt", &[], "$", true);
    let (_, err) = rank("excel-unicode-text-utf16.txt", &[]);
    assert!(
        err.contains("numbers are read with a decimal point, as cells such as \"4.5\" show"),
        "{err}"
    );
}

#[test]
fn google_sheets_csv_with_multi_line_notes_and_true_false() {
    check_file("google-sheets.csv", &[], "$", true);
    let (rows, _) = rank("google-sheets.csv", &[]);
    // TRUE/FALSE answer the yes/no rules: Lakeshore's FALSE raises theory-only.
    let flags = column(&rows, "red_flags");
    assert!(flags[3].contains("theory-only"), "{flags:?}");
    assert!(!flags[0].contains("theory-only"), "{flags:?}");
    assert_eq!(
        column(&rows, "Notes")[0],
        "Strong research track\nThesis required"
    );
}

#[test]
fn google_sheets_tsv_with_dollars_ranks_with_no_option() {
    check_file("google-sheets.tsv", &[], "$", true);
    let (_, err) = rank("google-sheets.tsv", &[]);
    assert!(
        err.contains("read 1 range as the midpoint (--ranges low, mid or high to change): row 3, column \"Weekly hours\": \"10-15\" as 12.5"),
        "{err}"
    );
}

#[test]
fn libreoffice_with_a_sep_line_and_decimal_commas() {
    check_file("libreoffice-sep-line.csv", &[], "$", true);
}

#[test]
fn numbers_with_curly_quotes_and_an_online_question() {
    // "Online?" is read as the delivery column: Yes is online, No is in person.
    check_file("numbers-curly-quotes.csv", &[], "$", true);
    let (_, err) = rank("numbers-curly-quotes.csv", &[]);
    assert!(err.contains("reading \"Online?\" as delivery"), "{err}");
}

#[test]
fn a_us_tab_paste_with_dollar_thousands_ranks_with_no_option() {
    check_file("us-tab-paste.tsv", &[], "$", true);
}

#[test]
fn pounds_are_pounds_everywhere() {
    check_file("pounds.csv", &[], "£", true);
    let (_, err) = rank("pounds.csv", &[]);
    assert!(
        err.contains("amounts are in GBP (£), as the header \"Tuition (£)\" shows; costs and --max-cost are in GBP too"),
        "{err}"
    );
}

#[test]
fn euros_before_the_amount() {
    check_file("euros.csv", &[], "€", true);
    let (_, err) = rank("euros.csv", &[]);
    assert!(err.contains("reading \"Fees\" as tuition_usd"), "{err}");
    assert!(err.contains("\"10 to 15\" as 12.5"), "{err}");
}

#[test]
fn a_title_row_is_skipped_and_counted_in_row_numbers() {
    check_file("title-row.csv", &["--skip-rows", "1"], "$", true);
    // Without --skip-rows the title is the header, and the message says how to skip it.
    let err = fails(&["rank", &real("title-row.csv")], 65);
    assert!(err.contains("--skip-rows"), "{err}");
}

#[test]
fn swiss_francs_and_the_words_people_type() {
    // CHF 58'000, "10–15", "In person", ✓/y/No and a TBC brand rating.
    let (rows, err) = rank("swiss-francs-words.csv", &[]);
    assert_eq!(
        names(&rows),
        [MAASTRICHT, HOPKINS, KINGS, LAKESHORE],
        "{err}"
    );
    // TBC is missing: brand counts as the worst rating, 125 − 12.5 = 112.5 of 365.
    assert_eq!(column(&rows, "score"), ["83.56", "77.40", "74.66", "30.82"]);
    assert!(column(&rows, "red_flags")[3].contains("incomplete-data"));
    // hpe_specific ✓ / y / Yes are yes; No raises generic-education.
    let flags = column(&rows, "red_flags");
    assert!(flags[3].contains("generic-education"), "{flags:?}");
    assert!(!flags[0].contains("generic-education"), "{flags:?}");
    assert_eq!(
        column(&rows, "net_cost_"),
        ["12500", "48000", "35000", "62000"]
    );
}

#[test]
fn the_multi_problem_header_report_suggests_the_closest_header() {
    let err = fails(&["rank", &real("bad-header-typos.csv")], 65);
    assert!(err.contains("row 1: 2 problems with the header:"), "{err}");
    assert!(
        err.contains(
            "missing column faculty_quality: \"Faculy Quality (1-5)\" looks like it; rename it to faculty_quality, or add it to the aliases under [criteria.faculty_quality] in the weights file"
        ),
        "{err}"
    );
    assert!(
        err.contains("missing column brand_name (or brand, prestige, reputation, …)"),
        "{err}"
    );
}

#[test]
fn two_headers_for_one_column_name_both() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.csv");
    std::fs::write(
        &path,
        "Program,Faculty,Scholarship,Funding,Flexibility,Brand,Tuition,Tuition (USD)\nA,5,5,5,5,5,1,1\n",
    )
    .unwrap();
    let err = fails(&["rank", path.to_str().unwrap()], 65);
    assert!(
        err.contains("columns \"Tuition\" and \"Tuition (USD)\" both mean the column tuition_usd"),
        "{err}"
    );
}

#[test]
fn limits_without_a_column_are_usage_errors() {
    let file = real("no-cost-columns.csv");
    for (flag, value, column) in [
        ("--max-cost", "40000", "tuition_usd"),
        ("--max-hours", "15", "hours_per_week"),
        ("--delivery", "online", "delivery"),
        ("--type", "masters", "program_type"),
    ] {
        let err = fails(&["rank", &file, flag, value], 2);
        assert!(
            err.contains(&format!(
                "cannot apply {flag} to {file}: {flag} needs a column {column}"
            )),
            "{err}"
        );
        assert!(
            err.contains("The headers found are \"Program\", \"Faculty quality\""),
            "{err}"
        );
    }
    let err = fails(&["rank", &file, "--costs"], 2);
    assert!(err.contains("--costs needs a column tuition_usd"), "{err}");
    // Two at once are named together.
    let err = fails(
        &["rank", &file, "--max-cost", "1", "--delivery", "online"],
        2,
    );
    assert!(
        err.contains("cannot apply --max-cost and --delivery"),
        "{err}"
    );
}

#[test]
fn mixed_currencies_name_two_cells_unless_rates_convert_them() {
    let file = real("bad-mixed-currency.csv");
    let err = fails(&["rank", &file], 65);
    assert!(
        err.contains(
            "amounts are in more than one currency: row 2, column \"Tuition\": \"$58,000\" is in USD and row 3, column \"Tuition\": \"£35,000\" is in GBP"
        ),
        "{err}"
    );
    assert!(err.contains("--rates GBP=1.27"), "{err}");
    // With a rate, £35,000 is $44,450: over --max-cost 40000, and the output says so.
    let out = progrank()
        .args([
            "rank",
            &file,
            "-f",
            "csv",
            "--costs",
            "--rates",
            "GBP=1.27",
            "--max-cost",
            "40000",
        ])
        .assert()
        .success();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("amounts in GBP converted to USD (1 GBP = 1.27 USD)"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "excluded {KINGS}: net cost $44,450 is above --max-cost $40,000"
        )),
        "{err}"
    );
}

#[test]
fn cell_errors_name_the_spreadsheet_row_and_the_line_after_a_multi_line_note() {
    let err = fails(&["rank", &real("bad-cell-after-multiline-note.csv")], 65);
    assert!(
        err.contains(
            "bad-cell-after-multiline-note.csv row 4 (line 5), column \"Faculty quality\": \"lots\" is not a number from 1 to 5"
        ),
        "{err}"
    );
}

#[test]
fn a_blank_cell_is_shown_as_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.csv");
    std::fs::write(
        &path,
        "Program,Faculty,Scholarship,Funding,Flexibility,Brand\nA,5,5,5,5,\n",
    )
    .unwrap();
    let err = fails(&["rank", path.to_str().unwrap(), "--missing", "error"], 65);
    assert!(
        err.contains("row 2, column \"Brand\": (empty) is not a rating of brand_name"),
        "{err}"
    );
}

#[test]
fn decimal_point_or_comma_can_be_forced() {
    // The US tab paste reads "4.5" as four and a half by evidence; --decimal comma turns
    // "$58,000" into an ambiguous amount, which is refused with the cell named.
    let err = fails(
        &[
            "rank",
            &real("us-tab-paste.tsv"),
            "--decimal",
            "comma",
            "--costs",
        ],
        65,
    );
    assert!(err.contains("column \"Tuition\": \"$58,000\""), "{err}");
}

#[test]
fn explain_finds_names_as_people_type_them() {
    let file = real("numbers-curly-quotes.csv");
    for typed in ["hopkins", "JOHNS HOPKINS", "johns-hopkins mehp"] {
        let out = progrank()
            .args(["explain", &file, typed])
            .assert()
            .success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(text.contains(HOPKINS), "{typed}: {text}");
    }
    // A straight apostrophe finds the curly one, and --vs matches the same way.
    let out = progrank()
        .args(["explain", &file, "Kings College", "--vs", "maastricht"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains(KINGS), "{text}");
    assert!(text.contains(MAASTRICHT), "{text}");
    let err = fails(&["explain", &file, "ma"], 2);
    assert!(err.contains("\"ma\" fits 2 programs"), "{err}");
    assert!(err.contains(&format!("\"{MAASTRICHT}\" (#1)")), "{err}");
    let err = fails(&["explain", &file], 2);
    assert!(err.contains(&format!("\"{LAKESHORE}\" (#4)")), "{err}");
}

#[test]
fn a_file_with_no_subcommand_is_ranked() {
    let out = progrank()
        .args([&real("pounds.csv"), "--format", "csv"])
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        stdout.lines().nth(1).unwrap().contains(MAASTRICHT),
        "{stdout}"
    );
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("no subcommand given"), "{err}");
    let err = fails(&["rnak", "x.csv"], 2);
    assert!(err.contains("did you mean: progrank rank?"), "{err}");
    let err = fails(&["missing-file.csv"], 2);
    assert!(err.contains("progrank rank missing-file.csv"), "{err}");
}

#[test]
fn cost_columns_are_named_and_shown_in_the_files_currency() {
    let (rows, _) = rank("pounds.csv", &[]);
    assert!(
        rows[0].contains(&"net_cost_gbp".to_owned()),
        "{:?}",
        rows[0]
    );
    assert!(
        rows[0].contains(&"points_per_1000_gbp".to_owned()),
        "{:?}",
        rows[0]
    );
    assert!(
        !rows[0]
            .iter()
            .any(|h| h.ends_with("_usd") && h.starts_with("net_cost"))
    );
    let (dollars, _) = rank("excel-csv-utf8-bom.csv", &[]);
    assert!(
        dollars[0].contains(&"net_cost_usd".to_owned()),
        "{:?}",
        dollars[0]
    );
    let out = progrank()
        .args(["rank", &real("pounds.csv"), "--costs", "--width", "200"])
        .assert()
        .success();
    let table = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(table.contains("£12,500"), "{table}");
    assert!(table.contains("£1k"), "{table}");
    assert!(!table.contains("$12,500"), "{table}");
}
