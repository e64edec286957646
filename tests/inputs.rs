//! End-to-end tests of the input layer: every quirk of real spreadsheet exports under
//! `tests/data/quirks/` is read, and every file under `tests/data/bad/` fails with its
//! documented exit code and message, checked by one table.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::Path;

fn progrank() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("progrank");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `rank --format csv` and returns (stdout, stderr), asserting success. The CSV is
/// asked for as `excel-us` (comma, decimal point, UTF-8; BOM removed here) whatever the
/// input's dialect, so the values read are compared in one form (tests/dialect.rs checks
/// the input's own dialect).
fn rank_csv(args: &[&str]) -> (String, String) {
    let out = progrank()
        .arg("rank")
        .args(args)
        .args(["--format", "csv", "--csv-dialect", "excel-us"])
        .assert()
        .success();
    let output = out.get_output();
    let stdout = output.stdout.strip_prefix(b"\xEF\xBB\xBF").unwrap();
    (
        String::from_utf8(stdout.to_vec()).unwrap(),
        String::from_utf8(output.stderr.clone()).unwrap(),
    )
}

/// The rows of a CSV export.
fn rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// (rank, score, name) of every exported row.
fn ranking(text: &str) -> Vec<(String, String, String)> {
    let rows = rows(text);
    let name = rows[0].iter().position(|h| h == "program").unwrap();
    rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[name].clone()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Quirks that must be read

/// Alpha 4,3,3,3,3 and Beta 3,5,3,3,3 under the default chart.
const ALPHA_BETA: [(&str, &str); 2] = [("Beta", "60.96"), ("Alpha", "56.16")];

fn assert_alpha_beta(stdout: &str) {
    let got: Vec<(String, String)> = ranking(stdout)
        .into_iter()
        .map(|(_, score, name)| (name, score))
        .collect();
    let want: Vec<(String, String)> = ALPHA_BETA
        .iter()
        .map(|(n, s)| ((*n).to_owned(), (*s).to_owned()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn excel_sep_line_sets_the_delimiter_and_is_noted() {
    let (out, err) = rank_csv(&["tests/data/quirks/sep-line.csv"]);
    assert_alpha_beta(&out);
    assert!(err.contains("separated by semicolon (;)"), "{err}");
}

#[test]
fn ratings_written_out_of_their_top_or_in_stars_are_read() {
    // `4/5`, `3 out of 5` and `★★★☆☆` are 4, 3 and 3 on the 1-5 scale: the same ranking
    // as the plain numbers.
    let (stdout, _) = rank_csv(&["tests/data/quirks/out-of-ratings.csv"]);
    assert_alpha_beta(&stdout);
}

#[test]
fn a_mistyped_file_name_suggests_the_file_beside_it() {
    let out = progrank()
        .args(["rank", "data/Programs.csv"])
        .assert()
        .code(66);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.starts_with("error: cannot read data/Programs.csv: "),
        "{stderr}"
    );
    assert!(
        stderr.trim_end().ends_with(
            "check the path and that you may read the file (did you mean data/programs.csv?)"
        ),
        "{stderr}"
    );
    // Nothing close: the message as it was.
    let out = progrank()
        .args(["rank", "data/nothing-like-it.csv"])
        .assert()
        .code(66);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(!stderr.contains("did you mean"), "{stderr}");
    // The weights file too, among .toml files.
    let out = progrank()
        .args(["rank", "data/programs.csv", "--weights", "weights.tml"])
        .assert()
        .code(78);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr
            .trim_end()
            .ends_with("check the --weights path (did you mean weights.toml?)"),
        "{stderr}"
    );
}

#[test]
fn title_rows_are_skipped_with_skip_rows() {
    let (out, _) = rank_csv(&["tests/data/quirks/title-rows.csv", "--skip-rows", "2"]);
    assert_alpha_beta(&out);
    let out = progrank()
        .args(["rank", "tests/data/quirks/title-rows.csv"])
        .assert()
        .code(65);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("--skip-rows"), "{err}");
}

#[test]
fn semicolons_mean_decimal_commas_in_ratings_and_money() {
    let (out, err) = rank_csv(&["tests/data/quirks/semicolon-decimal-comma.csv", "--costs"]);
    assert!(err.contains("separated by semicolon"), "{err}");
    let rows = rows(&out);
    assert_eq!(rows[1][6], "Université Lumière MHPE");
    // 15.000 € tuition − 5.000,50 funding.
    assert_eq!(rows[1][3], "9999.5");
    assert_eq!(rows[2][3], "12000");
    // 4,5 on faculty scores above a 3.
    assert_eq!(rows[1][1], "64.73");
}

#[test]
fn decimal_comma_flag_and_delimiter_override() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.csv");
    std::fs::write(
        &path,
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n\
         Alpha,\"4,5\",3,3,3,3\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    // The cell itself shows a decimal comma (issue 13: by evidence, not by delimiter)…
    let (out, err) = rank_csv(&[p]);
    assert_eq!(rows(&out)[1][1], "59.25");
    assert!(err.contains("read with a decimal comma"), "{err}");
    // …and --decimal point says otherwise, so the cell is refused.
    progrank()
        .args(["rank", p, "--decimal", "point"])
        .assert()
        .code(65);
    let (out, _) = rank_csv(&[p, "--decimal-comma"]);
    assert_eq!(rows(&out)[1][1], "59.25");
    // Forcing the wrong delimiter gives one column, so the header is missing columns.
    progrank()
        .args(["rank", p, "--delimiter", "semicolon"])
        .assert()
        .code(65)
        .stderr(predicates::str::contains("missing column"));
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs() {
    let (out, err) = rank_csv(&["tests/data/quirks/unicode-text-utf16le.txt"]);
    assert!(err.contains("separated by tab"), "{err}");
    let r = ranking(&out);
    assert_eq!(r[0].2, "Université Lumière MHPE");
    assert_eq!(r[1].2, "Zürich Institut MME");
}

#[test]
fn utf16_big_endian_with_bom() {
    let (out, err) = rank_csv(&["tests/data/quirks/utf16be.csv"]);
    assert_eq!(ranking(&out)[0].2, "École Beta");
    assert!(!err.contains("separated"), "a comma is not noted: {err}");
}

#[test]
fn windows_1252_is_decoded_with_a_notice() {
    let (out, err) = rank_csv(&["tests/data/quirks/windows-1252.csv"]);
    assert_eq!(ranking(&out)[1].2, "Université de Montréal – MHPE");
    assert!(
        err.contains("is not valid UTF-8; read it as Windows-1252"),
        "{err}"
    );
    let (out, err) = rank_csv(&[
        "tests/data/quirks/windows-1252.csv",
        "--encoding",
        "windows-1252",
    ]);
    assert_eq!(ranking(&out)[1].2, "Université de Montréal – MHPE");
    assert!(
        !err.contains("Windows-1252"),
        "asked for, so no notice: {err}"
    );
}

#[test]
fn padded_headers_blank_edges_and_cr_only_lines_read_the_same() {
    for file in [
        "padded-headers.csv",
        "trailing-blank.csv",
        "cr-only.csv",
        "pipe.csv",
    ] {
        let (out, _) = rank_csv(&[&format!("tests/data/quirks/{file}")]);
        let got: Vec<String> = ranking(&out).into_iter().map(|r| r.1).collect();
        assert_eq!(got, vec!["60.96", "56.16"], "{file}");
    }
    let (out, _) = rank_csv(&["tests/data/quirks/trailing-blank.csv"]);
    assert_eq!(rows(&out)[0].len(), 9, "blank columns dropped");
}

#[test]
fn quoted_newlines_stay_in_the_cell() {
    let (out, _) = rank_csv(&["tests/data/quirks/quoted-newlines.csv"]);
    assert_eq!(ranking(&out)[1].2, "Alpha\nEvening track");
}

#[test]
fn excel_error_cells_are_missing_and_flagged_never_zero() {
    let (out, _) = rank_csv(&["tests/data/quirks/excel-errors.csv"]);
    let rows = rows(&out);
    let beta = rows.iter().find(|r| r[3] == "Beta").unwrap();
    assert_eq!(beta[2], "incomplete-data");
    // Worst-case policy: faculty and brand count as 1, not 0 (a 0 would be off the scale
    // and score lower still).
    assert_eq!(beta[1], "41.78");
    progrank()
        .args([
            "rank",
            "tests/data/quirks/excel-errors.csv",
            "--missing",
            "error",
        ])
        .assert()
        .code(65)
        .stderr(predicates::str::contains(
            "row 3, column \"faculty_quality\": \"#DIV/0!\" is not a rating",
        ));
}

#[test]
fn emoji_cjk_and_rtl_names_keep_the_table_aligned() {
    let out = progrank()
        .args(["rank", "tests/data/quirks/unicode-names.csv"])
        .assert()
        .success();
    let table = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let widths: Vec<usize> = table
        .lines()
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with(['│', '┌', '└', '╞', '├']))
        .map(unicode_columns)
        .collect();
    assert!(widths.len() >= 5, "{table}");
    assert!(
        widths.iter().all(|w| *w == widths[0]),
        "{widths:?}\n{table}"
    );
    assert!(table.contains("北京协和医学院"));
}

/// Terminal columns of a line: wide (CJK, emoji) characters take two.
fn unicode_columns(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

// ---------------------------------------------------------------------------------------------
// Bad input: one table, every file under tests/data/bad/

/// (file, extra arguments, exit code, key words of the message).
const BAD: &[(&str, &[&str], i32, &[&str])] = &[
    (
        "20000-columns.csv",
        &[],
        65,
        &["line 1", "20000 columns", "16384", "--no-limits"],
    ),
    (
        "ambiguous-money.csv",
        &[],
        65,
        &[
            "row 2, column \"tuition_usd\"",
            "\"1,234\"",
            "decimal commas",
            "1234",
        ],
    ),
    (
        "duplicate-header-case.csv",
        &[],
        65,
        &[
            "row 1",
            "\"faculty_quality\" and \"Faculty_Quality\"",
            "both mean",
        ],
    ),
    (
        "duplicate-program.csv",
        &[],
        65,
        &["row 4, column \"program\"", "already appears on row 2"],
    ),
    ("empty.csv", &[], 65, &["is empty", "header row"]),
    (
        "rating-with-words.csv",
        &[],
        65,
        &[
            "row 3, column \"faculty_quality\"",
            "\"4 (good)\"",
            "write the rating alone (4) and keep the words in a notes column",
        ],
    ),
    (
        "rating-out-of-10.csv",
        &[],
        65,
        &[
            "row 3, column \"faculty_quality\"",
            "\"8/10\"",
            "rates out of 10, but faculty_quality is rated from 1 to 5",
        ],
    ),
    (
        "fact-not-a-number.csv",
        &[],
        65,
        &[
            "row 2, column \"graduate_publications\"",
            "\"lots\" is not a number",
        ],
    ),
    (
        "fact-not-yes-no.csv",
        &[],
        65,
        &["row 2, column \"mentorship\"", "not yes or no"],
    ),
    ("header-only.csv", &[], 65, &["no program rows"]),
    (
        "latin1.csv",
        &["--encoding", "utf-8"],
        65,
        &["row 3, column \"program\"", "not valid UTF-8", "CSV UTF-8"],
    ),
    (
        "missing-column.csv",
        &[],
        65,
        &["row 1: missing column scholarship_support", "columns found"],
    ),
    (
        "not-a-delivery.csv",
        &[],
        65,
        &["row 2, column \"delivery\"", "\"by pigeon\""],
    ),
    (
        "not-a-number.csv",
        &[],
        65,
        &["row 4, column \"funding\": \"lots\" is not a number from 1 to 5"],
    ),
    (
        "not-a-type.csv",
        &[],
        65,
        &["column \"program_type\"", "\"phd\""],
    ),
    (
        "not-money.csv",
        &[],
        65,
        &["row 3, column \"funding_usd\"", "not an amount of money"],
    ),
    ("nul-byte.csv", &[], 65, &["line 3", "NUL byte"]),
    (
        "off-scale.csv",
        &[],
        65,
        &[
            "row 4, column \"scholarship_support\"",
            "\"7\"",
            "from 1 to 5",
        ],
    ),
    (
        "ragged.csv",
        &[],
        65,
        &["line 3", "5 cells but the header has 6"],
    ),
    (
        "repeated-header.csv",
        &[],
        65,
        &["row 3", "repeats the header of row 1"],
    ),
    (
        "shortlist.numbers",
        &[],
        65,
        &["Numbers", "not supported", "export"],
    ),
    (
        "too-many-digits.csv",
        &[],
        65,
        &[
            "row 2, column \"faculty_quality\"",
            "at most 28 significant digits",
        ],
    ),
    (
        "unterminated-quote.csv",
        &[],
        65,
        &["line 3", "never closed"],
    ),
    (
        "utf16-no-bom.csv",
        &[],
        65,
        &["UTF-16", "without a byte order mark", "--encoding utf-16le"],
    ),
];

#[test]
fn every_bad_file_fails_with_its_code_and_message() {
    let mut listed: Vec<&str> = BAD.iter().map(|(f, ..)| *f).collect();
    listed.sort_unstable();
    let mut present: Vec<String> = std::fs::read_dir("tests/data/bad")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    present.sort_unstable();
    assert_eq!(
        present, listed,
        "every file in tests/data/bad/ needs a row in BAD"
    );

    for (file, args, code, needles) in BAD {
        let path = Path::new("tests/data/bad").join(file);
        let out = progrank()
            .arg("rank")
            .arg(&path)
            .args(*args)
            .assert()
            .code(*code);
        let output = out.get_output();
        assert!(output.stdout.is_empty(), "{file}: no partial output");
        let stderr = String::from_utf8(output.stderr.clone()).unwrap();
        assert!(stderr.starts_with("error: "), "{file}: {stderr}");
        assert!(
            stderr.contains(&path.display().to_string()),
            "{file}: the message names the file: {stderr}"
        );
        for needle in *needles {
            assert!(
                stderr.contains(needle),
                "{file}: {needle:?} not in {stderr}"
            );
        }
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    }
}

// ---------------------------------------------------------------------------------------------
// Caps

#[test]
fn a_50_mb_cell_is_refused_by_the_cell_cap() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.csv");
    let mut bytes = b"program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,notes\nAlpha,4,3,3,3,3,".to_vec();
    bytes.resize(bytes.len() + 50 * 1024 * 1024, b'x');
    bytes.push(b'\n');
    std::fs::write(&path, &bytes).unwrap();
    drop(bytes);
    progrank()
        .arg("rank")
        .arg(&path)
        .assert()
        .code(65)
        .stdout("")
        .stderr(predicates::str::contains(
            "line 2, column notes: this cell (52428800 bytes) is over the limit of 1 MiB",
        ));
}

#[test]
fn a_file_over_1_gib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sparse.csv");
    let file = std::fs::File::create(&path).unwrap();
    // Sparse: takes no disk space, and is refused from its size alone.
    file.set_len((1 << 30) + 1).unwrap();
    progrank()
        .arg("rank")
        .arg(&path)
        .assert()
        .code(65)
        .stderr(predicates::str::contains(
            "the file is over the limit of 1 GiB",
        ));
}

#[test]
fn twenty_thousand_columns_pass_with_no_limits() {
    let (out, _) = rank_csv(&["tests/data/bad/20000-columns.csv", "--no-limits"]);
    assert_eq!(rows(&out)[0].len(), 3 + 6 + 19_994);
}
