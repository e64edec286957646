//! End-to-end tests of workbook input. Every fixture is written by a real writer
//! (`rust_xlsxwriter`) into a temporary folder, so the files are what a program produces,
//! not XML typed by hand.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use rust_xlsxwriter::{Formula, Workbook, Worksheet};
use std::path::{Path, PathBuf};

fn progrank() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("progrank");
    cmd.env_remove("NO_COLOR");
    cmd
}

const HEADER: [&str; 6] = [
    "program",
    "faculty_quality",
    "scholarship_support",
    "funding",
    "schedule_flexibility",
    "brand_name",
];

/// Writes the header at (row, col) and the given rows below it; numbers as numbers.
fn write_table(sheet: &mut Worksheet, row: u32, col: u16, rows: &[(&str, [f64; 5])]) {
    for (i, h) in HEADER.iter().enumerate() {
        sheet.write_string(row, col + i as u16, *h).unwrap();
    }
    for (r, (name, ratings)) in rows.iter().enumerate() {
        let r = row + 1 + r as u32;
        sheet.write_string(r, col, *name).unwrap();
        for (i, v) in ratings.iter().enumerate() {
            sheet.write_number(r, col + 1 + i as u16, *v).unwrap();
        }
    }
}

fn save(dir: &Path, file: &str, workbook: &mut Workbook) -> PathBuf {
    let path = dir.join(file);
    workbook.save(&path).unwrap();
    path
}

/// A workbook with a "Notes" sheet first and the "Shortlist" second.
fn two_sheets(dir: &Path) -> PathBuf {
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet().set_name("Notes").unwrap();
    notes
        .write_string(0, 0, "Ratings from the open days")
        .unwrap();
    let sheet = workbook.add_worksheet().set_name("Shortlist").unwrap();
    write_table(
        sheet,
        0,
        0,
        &[
            ("Alpha", [4.5, 3.0, 3.0, 3.0, 3.0]),
            ("Beta", [3.0, 5.0, 3.0, 3.0, 3.0]),
        ],
    );
    save(dir, "programs.xlsx", &mut workbook)
}

fn csv_of(args: &[&str]) -> Vec<Vec<String>> {
    let out = progrank()
        .arg("rank")
        .args(args)
        .args(["--format", "csv"])
        .assert()
        .success();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(out.get_output().stdout.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn a_sheet_is_chosen_by_name_or_number_and_numbers_stay_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path());
    let p = path.to_str().unwrap();
    let by_name = csv_of(&[p, "--sheet", "Shortlist"]);
    let by_number = csv_of(&[p, "--sheet", "2"]);
    assert_eq!(by_name, by_number);
    assert_eq!(by_name[1][3], "Beta");
    assert_eq!(by_name[2][3], "Alpha");
    assert_eq!(
        by_name[2][4], "4.5",
        "a float cell reads as the number shown"
    );
    assert_eq!(by_name[2][1], "59.25");
}

#[test]
fn the_first_sheet_is_the_default_and_an_unknown_sheet_lists_the_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path());
    progrank()
        .arg("rank")
        .arg(&path)
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "sheet Notes, row 1: 6 problems with the header:\n  - missing column program",
        ));
    progrank()
        .arg("rank")
        .arg(&path)
        .args(["--sheet", "Programs"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "there is no sheet named \"Programs\"; the sheets are 1 \"Notes\", 2 \"Shortlist\"",
        ));
}

#[test]
fn errors_name_the_sheet_and_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Shortlist").unwrap();
    write_table(
        sheet,
        0,
        0,
        &[
            ("Alpha", [4.0, 3.0, 3.0, 3.0, 3.0]),
            ("Beta", [3.0, 5.0, 3.0, 3.0, 3.0]),
            ("Gamma", [3.0, 3.0, 3.0, 3.0, 3.0]),
        ],
    );
    sheet.write_string(3, 3, "lots").unwrap();
    let path = save(dir.path(), "programs.xlsx", &mut workbook);
    let out = progrank()
        .current_dir(dir.path())
        .args(["rank", "programs.xlsx"])
        .assert()
        .code(65)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: programs.xlsx, sheet Shortlist, cell D4: \"lots\" is not a number from 1 to 5",
        ));
    // Shown with --nocapture; docs/input-formats.md quotes it.
    eprint!("{}", String::from_utf8_lossy(&out.get_output().stderr));
    assert!(path.exists());
}

#[test]
fn blank_rows_and_columns_at_the_edges_are_ignored_and_cells_keep_their_letters() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "").unwrap();
    write_table(
        sheet,
        2,
        2,
        &[
            ("Alpha", [4.0, 3.0, 3.0, 3.0, 3.0]),
            ("Beta", [3.0, 5.0, 3.0, 3.0, 9.0]),
        ],
    );
    let path = save(dir.path(), "offset.xlsx", &mut workbook);
    progrank()
        .arg("rank")
        .arg(&path)
        .assert()
        .code(65)
        .stderr(predicate::str::contains("sheet Sheet1, cell H5: \"9\""));
}

#[test]
fn a_formula_with_no_saved_value_is_an_error_naming_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Shortlist").unwrap();
    write_table(sheet, 0, 0, &[("Alpha", [4.0, 3.0, 3.0, 3.0, 3.0])]);
    sheet.write_formula(1, 2, Formula::new("=B2-1")).unwrap();
    let path = save(dir.path(), "formula.xlsx", &mut workbook);
    progrank()
        .arg("rank")
        .arg(&path)
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "sheet Shortlist, cell C2: this formula cell has no calculated value saved",
        ));
}

#[test]
fn one_far_away_cell_does_not_allocate_the_grid() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_table(sheet, 0, 0, &[("Alpha", [4.0, 3.0, 3.0, 3.0, 3.0])]);
    sheet.write_string(1_048_575, 16_383, "stray").unwrap();
    let path = save(dir.path(), "stray.xlsx", &mut workbook);
    // The grid would be 2^34 cells; the reader keeps only the columns that hold something,
    // so the run ends at once with the stray cell named.
    progrank()
        .arg("rank")
        .arg(&path)
        .assert()
        .code(65)
        .stderr(predicate::str::contains("cell XFD1:"))
        .stderr(predicate::str::contains("not a column name"));
}

#[test]
fn content_decides_over_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path());
    let renamed = dir.path().join("export.csv");
    std::fs::rename(&path, &renamed).unwrap();
    let rows = csv_of(&[renamed.to_str().unwrap(), "--sheet", "Shortlist"]);
    assert_eq!(rows[1][3], "Beta");
}

#[test]
fn a_truncated_workbook_is_a_clean_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    for cut in [bytes.len() / 2, bytes.len() - 30, 100] {
        let truncated = dir.path().join("truncated.xlsx");
        std::fs::write(&truncated, &bytes[..cut]).unwrap();
        let out = progrank()
            .arg("rank")
            .arg(&truncated)
            .assert()
            .code(65)
            .stdout("");
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(
            err.contains("damaged") || err.contains("cannot be read"),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_zip_bomb_is_refused_by_the_unpacked_size() {
    let dir = tempfile::tempdir().unwrap();
    let path = two_sheets(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    let options = progrank::input::ReadOptions {
        limits: progrank::input::Limits {
            max_file_bytes: 2048,
            ..progrank::input::Limits::default()
        },
        ..progrank::input::ReadOptions::default()
    };
    let err = progrank::input::Sheet::load("bomb.xlsx", None, &bytes, &options).unwrap_err();
    assert!(err.to_string().contains("may be a zip bomb"), "{err}");
    assert_eq!(err.exit_code(), 65);
}

#[test]
fn password_protected_and_numbers_files_are_not_supported() {
    let dir = tempfile::tempdir().unwrap();
    // An encrypted Office file is a compound file with an EncryptedPackage stream; no
    // writer here encrypts, so this one is built to that layout.
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.resize(512, 0);
    bytes.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    bytes.resize(4096, 0);
    let path = dir.path().join("locked.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    progrank()
        .arg("rank")
        .arg(&path)
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "a password-protected (encrypted) workbook is not supported",
        ));
}

// ---------------------------------------------------------------------------------------------
// -o ranked.xlsx

#[test]
fn xlsx_export_has_typed_numbers_a_frozen_header_flags_and_the_weights() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ranked.xlsx");
    progrank()
        .args([
            "rank",
            "data/programs.csv",
            "--weight",
            "brand_name=40",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout("");
    let bytes = std::fs::read(&out).unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), vec!["Ranked", "Weights"]);
    let ranked = book.worksheet_range("Ranked").unwrap();
    let header: Vec<String> = ranked
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    // People read these headers: words (the CSV and JSON keep rank, score, red_flags).
    assert_eq!(&header[..4], ["Rank", "Score", "Red flags", "program"]);
    let first = ranked.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::Float(1.0));
    assert!(matches!(first[1], Data::Float(s) if s > 0.0 && s <= 100.0));
    assert!(
        matches!(first[4], Data::Float(_)),
        "ratings are numbers: {:?}",
        first[4]
    );
    let flags: Vec<String> = ranked.rows().skip(1).map(|r| r[2].to_string()).collect();
    assert!(
        flags.iter().any(|f| f.contains("weak-faculty")),
        "{flags:?}"
    );

    let weights = book.worksheet_range("Weights").unwrap();
    let rows: Vec<Vec<String>> = weights
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][..3], ["Criterion", "Weight", "Share"]);
    assert_eq!(rows[0][7], "Id");
    assert_eq!(rows[1][..2], ["Faculty quality", "90"]);
    assert_eq!(rows[1][7], "faculty_quality");
    assert!(
        rows.iter().any(|r| r[0] == "Brand name" && r[1] == "40"),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r[1] == "brand_name=40"), "{rows:?}");

    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""),
        "{xml}"
    );
}

#[test]
fn an_exported_workbook_reads_back_to_the_same_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ranked.xlsx");
    progrank()
        .args(["rank", "data/programs.csv", "-o"])
        .arg(&out)
        .assert()
        .success();
    let from_csv = csv_of(&["data/programs.csv"]);
    let from_xlsx = csv_of(&[out.to_str().unwrap()]);
    let names = |rows: &[Vec<String>], col: usize| -> Vec<(String, String)> {
        rows[1..]
            .iter()
            .map(|r| (r[1].clone(), r[col].clone()))
            .collect()
    };
    // The workbook adds rank, score and red_flags in front of the input columns; read
    // again, they are an earlier run's and are worked out afresh, not kept twice.
    assert_eq!(names(&from_csv, 3), names(&from_xlsx, 3));
    assert_eq!(
        from_csv[0], from_xlsx[0],
        "one set of rank, score and red_flags"
    );
    progrank()
        .arg("rank")
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "read the first sheet, Ranked, of 2; pass --sheet NAME or --sheet NUMBER",
        ));
}

#[test]
fn xlsx_to_a_pipe_is_written_as_a_workbook() {
    let out = progrank()
        .args(["rank", "data/programs.csv", "--format", "xlsx"])
        .assert()
        .success();
    assert!(out.get_output().stdout.starts_with(b"PK\x03\x04"));
}

// ---------------------------------------------------------------------------------------------
// Files written by LibreOffice (see tests/data/workbooks/README.md)

#[test]
fn ods_and_xls_from_libreoffice_rank_like_the_csv() {
    let from_csv = csv_of(&["data/programs.csv"]);
    for file in ["shortlist.ods", "shortlist.xls"] {
        let path = format!("tests/data/workbooks/{file}");
        assert_eq!(csv_of(&[&path]), from_csv, "{file}");
    }
}

#[test]
fn ods_errors_name_the_sheet_and_the_cell() {
    progrank()
        .args(["rank", "tests/data/workbooks/bad-cell.ods"])
        .assert()
        .code(65)
        .stderr(predicate::str::contains(
            "bad-cell.ods, sheet bad-cell, cell D4: \"lots\" is not a number from 1 to 5",
        ));
}

#[test]
fn a_formula_with_its_saved_value_reads_as_that_value() {
    let rows = csv_of(&["tests/data/workbooks/formula-cached.xlsx"]);
    let alpha = rows.iter().find(|r| r[3] == "Alpha").unwrap();
    assert_eq!(alpha[4], "4");
    assert_eq!(alpha[1], "56.16");
}

#[test]
fn every_subcommand_that_takes_input_reads_workbooks() {
    let dir = tempfile::tempdir().unwrap();
    let book = two_sheets(dir.path());
    let book = book.to_str().unwrap();
    let out = progrank()
        .args(["explain", book, "--sheet", "2", "--format", "json"])
        .arg(first_program_of_sheet_two(book))
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(value["rank"], 1);
    progrank()
        .args([
            "sensitivity",
            book,
            "--sheet",
            "2",
            "--samples",
            "200",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("\"winner\""));
    let html = dir.path().join("r.html");
    progrank()
        .args([
            "report",
            book,
            "--sheet",
            "2",
            "--samples",
            "200",
            "--date",
            "2026-01-01",
            "-o",
        ])
        .arg(&html)
        .assert()
        .success();
    assert!(std::fs::read_to_string(&html).unwrap().contains("<svg"));
}

/// The program ranked first on sheet 2 of [`two_sheets`], read through `rank`.
fn first_program_of_sheet_two(book: &str) -> String {
    let rows = csv_of(&[book, "--sheet", "2"]);
    let program = rows[0].iter().position(|h| h == "program").unwrap();
    rows[1][program].clone()
}
