//! Reading large delimited files end to end: a file over 4 MiB is read from disk in parts on
//! several threads and parsed in pieces, its rows checked a batch at a time, and its lines
//! counted from the reader's own count. The sheet must be the one a single read gives
//! (the same file through standard input), and a bad cell far down must still be named by
//! its line, column and value, whatever line ends the file uses.

use assert_cmd::cargo::cargo_bin_cmd;

const HEADER: &str =
    "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,notes";

/// A file of `rows` rows over 4 MiB, its line ends taken in turn from `ends`, a blank line
/// now and then; row `bad` (if any) ends in `cells` instead of its last two cells. Returns
/// the bytes and the file line of row `bad`.
fn large_file(rows: usize, ends: &[&str], bad: usize, cells: &[u8]) -> (Vec<u8>, u64) {
    let mut text = format!("{HEADER}\n").into_bytes();
    let (mut line, mut bad_line) = (2u64, 0);
    let mut last_end = &b"\n"[..];
    for i in 0..rows {
        let end = ends[i % ends.len()].as_bytes();
        if i % 1_000 == 999 {
            // A blank line (ended as the line before, so a `\r` and a `\n` never make one
            // `\r\n`): the next row is a line further down.
            text.extend_from_slice(last_end);
            line += 1;
        }
        last_end = end;
        text.extend_from_slice(format!("Program {i:07},4,3,5,3,").as_bytes());
        if i == bad {
            text.extend_from_slice(cells);
            bad_line = line;
        } else {
            text.extend_from_slice(b"2,a note long enough to make the file large");
        }
        text.extend_from_slice(end);
        line += 1;
    }
    (text, bad_line)
}

#[test]
fn a_large_file_reads_as_it_does_through_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let (text, _) = large_file(80_000, &["\n", "\r\n", "\r"], usize::MAX, b"");
    assert!(text.len() > 4 << 20, "large enough to be read in parts");
    let path = dir.path().join("large.csv");
    std::fs::write(&path, &text).unwrap();
    let (from_file, from_stdin) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg(&path)
        .arg("-o")
        .arg(&from_file)
        .assert()
        .success();
    cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg("-")
        .arg("-o")
        .arg(&from_stdin)
        .write_stdin(text)
        .assert()
        .success();
    let written = std::fs::read(&from_file).unwrap();
    assert_eq!(written, std::fs::read(&from_stdin).unwrap());
    let rows = csv::Reader::from_reader(written.as_slice())
        .records()
        .count();
    assert_eq!(rows, 80_000);
}

#[test]
fn a_bad_cell_far_down_a_large_file_is_named_by_line_column_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.csv");
    // Not UTF-8, a character split by the delimiter, and over the cell cap; in files with
    // each kind of line end, lone carriage returns among them.
    let big = [&b"2,"[..], &[b'x'; 2 << 20]].concat();
    let cases: [(&[u8], &str); 3] = [
        (
            b"2,caf\xE9",
            "row {line}, column \"notes\": \"caf\u{fffd}\" is not valid UTF-8",
        ),
        (
            b"caf\xC3,\xA9",
            "row {line}, column \"brand_name\": \"caf\u{fffd}\" is not valid UTF-8",
        ),
        (&big, "line {line}, column notes: this cell (2097152 bytes)"),
    ];
    for ends in [&["\r\n"][..], &["\r\n", "\r", "\n"]] {
        for (cells, message) in cases {
            for bad in [3, 79_990] {
                let (text, line) = large_file(80_000, ends, bad, cells);
                std::fs::write(&path, &text).unwrap();
                let out = cargo_bin_cmd!("progrank")
                    .args(["rank", "--encoding", "utf-8"])
                    .arg(&path)
                    .output()
                    .unwrap();
                assert!(!out.status.success());
                let stderr = String::from_utf8_lossy(&out.stderr);
                let expected = message.replace("{line}", &line.to_string());
                assert!(
                    stderr.contains(&expected),
                    "{ends:?} {bad}: {expected}\n{stderr}"
                );
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn a_pipe_named_as_a_file_is_read() {
    // `/dev/stdin` is a pipe here: no size to read it in parts by, and no seeking.
    let text = std::fs::read("data/programs.csv").unwrap();
    let out = cargo_bin_cmd!("progrank")
        .args(["rank", "/dev/stdin", "--format", "json"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let by_path = cargo_bin_cmd!("progrank")
        .args(["rank", "data/programs.csv", "--format", "json"])
        .output()
        .unwrap();
    assert!(by_path.status.success());
    assert_eq!(out.stdout, by_path.stdout);
}
