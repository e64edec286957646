//! CSV output in the user's spreadsheet dialect (issue 14 item 2): for each dialect, the
//! written file is read back with the csv crate in that dialect (decoded with encoding_rs)
//! and its values compared with the input's and with the scores of a plain run.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::{Path, PathBuf};

mod common;
use common::read_back;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn data(path: &str) -> PathBuf {
    Path::new(ROOT).join(path)
}

/// Runs `rank INPUT --format csv` with `extra` arguments and returns standard output.
fn rank_csv(input: &Path, extra: &[&str]) -> Vec<u8> {
    let out = cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg(input)
        .args(["--format", "csv"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The input's cells (header included), read with the csv crate.
fn input_records(text: &str, delimiter: u8) -> Vec<Vec<String>> {
    read_back(text.as_bytes(), encoding_rs::UTF_8, false, delimiter)
}

/// Output rows keyed by program name: (score text, the input columns).
fn by_program(records: &[Vec<String>], extra: usize) -> Vec<(String, Vec<String>)> {
    let mut rows: Vec<_> = records[1..]
        .iter()
        .map(|r| (r[1].clone(), r[extra..].to_vec()))
        .collect();
    rows.sort_by(|a, b| a.1[0].cmp(&b.1[0]));
    rows
}

/// Checks a round trip: same input columns, same cells, scores equal to `plain`'s once the
/// decimal mark is a point.
fn assert_same_values(
    written: &[Vec<String>],
    plain: &[Vec<String>],
    input: &[Vec<String>],
    comma: bool,
) {
    assert_eq!(&written[0][3..], &input[0][..], "header");
    let mut input_rows = input[1..].to_vec();
    input_rows.sort();
    let mut written_cells: Vec<Vec<String>> =
        written[1..].iter().map(|r| r[3..].to_vec()).collect();
    written_cells.sort();
    assert_eq!(written_cells, input_rows, "cells copied as written");
    for ((score, cells), (plain_score, plain_cells)) in
        by_program(written, 3).iter().zip(by_program(plain, 3))
    {
        assert_eq!(cells, &plain_cells);
        if comma {
            assert!(score.contains(',') && !score.contains('.'), "{score}");
        } else {
            assert!(!score.contains(','), "{score}");
        }
        assert_eq!(score.replace(',', "."), plain_score, "{}", cells[0]);
    }
}

#[test]
fn a_semicolon_decimal_comma_windows_1252_input_comes_back_the_same_way() {
    // The European Excel file of the issue: `;`, decimal commas, Windows-1252 accents.
    let utf8 =
        std::fs::read_to_string(data("tests/data/quirks/semicolon-decimal-comma.csv")).unwrap();
    let (encoded, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&utf8);
    assert!(!unmappable);
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("eu.csv");
    std::fs::write(&input, &encoded).unwrap();
    let output = dir.path().join("ranked.csv");
    cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .success();
    let bytes = std::fs::read(&output).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "still Windows-1252");
    let written = read_back(&bytes, encoding_rs::WINDOWS_1252, false, b';');
    let plain = read_back(
        &rank_csv(&input, &["--csv-dialect", "excel-us"]),
        encoding_rs::UTF_8,
        true,
        b',',
    );
    assert_same_values(&written, &plain, &input_records(&utf8, b';'), true);
    assert!(written.iter().any(|r| r[3] == "Université Lumière MHPE"));
    assert!(written[1..].iter().all(|r| r.len() == written[0].len()));
}

#[test]
fn a_comma_windows_1252_input_stays_windows_1252() {
    let input = data("tests/data/quirks/windows-1252.csv");
    let bytes = rank_csv(&input, &[]);
    let written = read_back(&bytes, encoding_rs::WINDOWS_1252, false, b',');
    let raw = std::fs::read(&input).unwrap();
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&raw);
    let plain = read_back(
        &rank_csv(&input, &["--csv-dialect", "rfc4180"]),
        encoding_rs::UTF_8,
        false,
        b',',
    );
    assert_same_values(&written, &plain, &input_records(&text, b','), false);
    assert!(written.iter().any(|r| r[3].contains("Montréal")));
}

#[test]
fn a_utf8_comma_input_comes_back_as_it_was_with_a_bom_only_if_it_had_one() {
    let input = data("data/programs.csv");
    let text = std::fs::read_to_string(&input).unwrap();
    let bytes = rank_csv(&input, &[]);
    assert!(!bytes.contains(&b'\r'));
    let written = read_back(&bytes, encoding_rs::UTF_8, false, b',');
    assert_same_values(&written, &written, &input_records(&text, b','), false);

    let dir = tempfile::tempdir().unwrap();
    let with_bom = dir.path().join("bom.csv");
    std::fs::write(
        &with_bom,
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    )
    .unwrap();
    let again = read_back(&rank_csv(&with_bom, &[]), encoding_rs::UTF_8, true, b',');
    assert_eq!(again, written);
}

#[test]
fn each_named_dialect_round_trips() {
    let input = data("data/programs.csv");
    let text = std::fs::read_to_string(&input).unwrap();
    let cells = input_records(&text, b',');
    let plain = read_back(&rank_csv(&input, &[]), encoding_rs::UTF_8, false, b',');
    for (dialect, delimiter, bom, comma, crlf) in [
        ("excel-us", b',', true, false, false),
        ("excel-eu", b';', true, true, false),
        ("rfc4180", b',', false, false, true),
        ("input", b',', false, false, false),
    ] {
        let bytes = rank_csv(&input, &["--csv-dialect", dialect]);
        if crlf {
            let ends = bytes.iter().filter(|&&b| b == b'\n').count();
            assert_eq!(bytes.windows(2).filter(|w| w == b"\r\n").count(), ends);
            assert!(bytes.ends_with(b"\r\n"), "{dialect}");
        } else {
            assert!(!bytes.contains(&b'\r'), "{dialect}");
        }
        let written = read_back(&bytes, encoding_rs::UTF_8, bom, delimiter);
        assert_same_values(&written, &plain, &cells, comma);
    }
}

#[test]
fn an_unknown_dialect_is_refused_with_the_choices() {
    cargo_bin_cmd!("progrank")
        .args([
            "rank",
            "data/programs.csv",
            "--format",
            "csv",
            "--csv-dialect",
            "excel",
        ])
        .current_dir(ROOT)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("excel-eu"));
}
