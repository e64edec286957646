//! `sensitivity -o out.csv` in the user's spreadsheet dialect (issue 14 item 2, for
//! `sensitivity` as for `rank`): the written file is read back with the csv crate in that
//! dialect (decoded with encoding_rs) and its values compared with a run in a plain dialect.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::{Path, PathBuf};

mod common;
use common::read_back;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const EU: &str = "tests/data/real/excel-european-semicolon-1252.csv";
const PROGRAMS: &str = "data/programs.csv";

fn data(path: &str) -> PathBuf {
    Path::new(ROOT).join(path)
}

/// Runs `sensitivity INPUT` with `extra` arguments (a fixed seed and few samples) and
/// returns (exit code, standard output, standard error).
fn sensitivity(input: &Path, extra: &[&str]) -> (i32, Vec<u8>, String) {
    let out = cargo_bin_cmd!("progrank")
        .arg("sensitivity")
        .arg(input)
        .args(["--samples", "300", "--seed", "7", "--mode", "smaa"])
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every number cell of `records` with a decimal point (the header row left as is).
fn with_points(records: &[Vec<String>]) -> Vec<Vec<String>> {
    records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            r.iter()
                .enumerate()
                .map(|(j, c)| {
                    // Column 0 is the program's name: only numbers change their mark.
                    if i == 0 || j == 0 {
                        c.clone()
                    } else {
                        c.replace(',', ".")
                    }
                })
                .collect()
        })
        .collect()
}

/// The plain reference: RFC 4180 (comma, decimal point, UTF-8, no BOM, CRLF).
fn plain(input: &Path) -> Vec<Vec<String>> {
    let (code, stdout, stderr) =
        sensitivity(input, &["--format", "csv", "--csv-dialect", "rfc4180"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    read_back(&stdout, encoding_rs::UTF_8, false, b',')
}

#[test]
fn a_european_windows_1252_file_gets_its_own_dialect_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("robust.csv");
    let (code, stdout, stderr) = sensitivity(&data(EU), &["-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "the CSV went to the file");
    assert!(
        stderr.contains("wrote the sensitivity analysis of"),
        "{stderr}"
    );
    let bytes = std::fs::read(&out).unwrap();
    let written = read_back(&bytes, encoding_rs::WINDOWS_1252, false, b';');
    // Same rows, same values, once the decimal mark is a point.
    let reference = plain(&data(EU));
    assert_eq!(with_points(&written), reference);
    // Numbers really use the decimal comma, and the curly apostrophe survived Windows-1252.
    assert!(written[1][2].contains(','), "score {}", written[1][2]);
    assert!(
        written
            .iter()
            .any(|r| r[0] == "King\u{2019}s College London MA Clinical Education"),
        "{written:?}"
    );
    // SMAA: one share column per rank, each share a decimal-comma fraction.
    let ranks = written.len() - 1;
    assert_eq!(written[0].len(), 7 + ranks);
    assert_eq!(written[0][7], "rank_1_share");
}

#[test]
fn csv_dialect_overrides_the_input_dialect() {
    let reference = plain(&data(PROGRAMS));
    let (code, eu, stderr) = sensitivity(
        &data(PROGRAMS),
        &["--format", "csv", "--csv-dialect", "excel-eu"],
    );
    assert_eq!(code, 0, "{stderr}");
    let eu = read_back(&eu, encoding_rs::UTF_8, true, b';');
    assert_eq!(with_points(&eu), reference);
    assert!(eu[1][2].contains(','), "decimal comma: {}", eu[1][2]);

    let (code, us, stderr) = sensitivity(
        &data(PROGRAMS),
        &["--format", "csv", "--csv-dialect", "excel-us"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(read_back(&us, encoding_rs::UTF_8, true, b','), reference);

    // The input's own dialect for a plain comma UTF-8 file: comma, no BOM, `\n`.
    let (code, own, stderr) = sensitivity(&data(PROGRAMS), &["--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!own.contains(&b'\r'));
    assert_eq!(read_back(&own, encoding_rs::UTF_8, false, b','), reference);
}

#[test]
fn the_output_format_follows_the_name_of_o() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("robust.json");
    let (code, _, stderr) = sensitivity(&data(PROGRAMS), &["-o", json.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let (_, stdout, _) = sensitivity(&data(PROGRAMS), &["--format", "json"]);
    assert_eq!(std::fs::read(&json).unwrap(), stdout);

    let odd = dir.path().join("robust.ods");
    let (code, _, stderr) = sensitivity(&data(PROGRAMS), &["-o", odd.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot tell the format"), "{stderr}");
    assert!(!odd.exists());
}

#[test]
fn o_never_writes_over_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("programs.csv");
    std::fs::copy(data(PROGRAMS), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let (code, _, stderr) = sensitivity(&input, &["-o", input.to_str().unwrap()]);
    assert_ne!(code, 0, "{stderr}");
    assert_eq!(std::fs::read(&input).unwrap(), before);
}
