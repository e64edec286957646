//! Reading a large quoted file end to end: quoted cells with line breaks, doubled quotes and
//! quotes that are text, over many 64-byte blocks and several pieces read on their own
//! threads. A bad cell far down must be named by its spreadsheet row and its file line.

use assert_cmd::cargo::cargo_bin_cmd;

/// A file over 1 MiB (read in pieces); returns it and the (row, line) of its bad cell.
fn quoted_file(rows: usize, bad: usize) -> (String, u64, u64) {
    let mut text = String::from(
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,notes\r\n",
    );
    let (mut line, mut at) = (2u64, (0, 0));
    for i in 0..rows {
        let rating = if i == bad { "nine" } else { "4" };
        if i == bad {
            at = (i as u64 + 2, line);
        }
        match i % 4 {
            // A note over three lines, with a doubled quote.
            0 => {
                text.push_str(&format!(
                    "\"Program {i}\",{rating},3,5,3,2,\"first line\nsecond \"\"quoted\"\" line\r\nthird {i}\"\r\n"
                ));
                line += 3;
            }
            // A quote that is text: it opens nothing.
            1 => {
                text.push_str(&format!("Program {i},{rating},3,5,3,2,a 5\" screen\r\n"));
                line += 1;
            }
            // A quoted cell with the delimiter in it.
            2 => {
                text.push_str(&format!(
                    "\"Program {i}\",{rating},3,5,3,2,\"a, b and c\"\r\n"
                ));
                line += 1;
            }
            _ => {
                text.push_str(&format!("Program {i},{rating},3,5,3,2,\r\n"));
                line += 1;
            }
        }
    }
    (text, at.0, at.1)
}

#[test]
fn a_bad_cell_far_down_a_quoted_file_names_its_row_and_line() {
    let dir = tempfile::tempdir().unwrap();
    for bad in [29_998, 30_001] {
        let (text, row, line) = quoted_file(30_000 + 500, bad);
        assert!(text.len() > 1 << 20, "large enough to be read in pieces");
        let path = dir.path().join("quoted.csv");
        std::fs::write(&path, &text).unwrap();
        let out = cargo_bin_cmd!("progrank")
            .arg("rank")
            .arg(&path)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let expected = format!("row {row} (line {line}), column \"faculty_quality\"");
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
        assert!(stderr.contains("\"nine\""), "{stderr}");
    }
}

#[test]
fn every_row_of_a_large_quoted_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _, _) = quoted_file(30_000, usize::MAX);
    let path = dir.path().join("quoted.csv");
    let output = dir.path().join("out.csv");
    std::fs::write(&path, &text).unwrap();
    cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg(&path)
        .arg("-o")
        .arg(&output)
        .assert()
        .success();
    let written = std::fs::read_to_string(&output).unwrap();
    let mut reader = csv::Reader::from_reader(written.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let notes = headers
        .iter()
        .position(|h| h == "notes")
        .expect("notes column");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 30_000);
    // The notes come back as written: three lines, a doubled quote read as one.
    let multi = records
        .iter()
        .filter(|r| r[notes].starts_with("first line\nsecond \"quoted\" line\r\nthird "))
        .count();
    assert_eq!(multi, 7_500);
    assert_eq!(
        records
            .iter()
            .filter(|r| &r[notes] == "a 5\" screen")
            .count(),
        7_500
    );
}
