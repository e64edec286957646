//! End-to-end tests of the bind stage on inputs large enough to be read on several threads:
//! what the one walk over each row must still see (a currency mark or a range among plain
//! numbers, a repeated name under case folding and trimming, a bad rating), wherever in the
//! file it is.

use assert_cmd::cargo::cargo_bin_cmd;

const HEADER: &str = "name,faculty_quality,scholarship_support,funding,schedule_flexibility,\
                      brand_name,tuition_usd,hours_per_week";

/// Rows past the point where binding splits over threads (20,000 rows), plain numbers.
const ROWS: usize = 50_000;

/// A row of plain numbers for program `i`.
fn row(i: usize) -> String {
    format!(
        "P {i:06},{},{},{},{},{},{},{}",
        i % 5 + 1,
        i * 7 % 5 + 1,
        i * 3 % 5 + 1,
        i % 4 + 1,
        i % 3 + 1,
        20_000 + i % 1000,
        10 + i % 20
    )
}

/// The file of [`ROWS`] rows with `edit` applied to each, written to a temporary directory.
fn file(edit: impl Fn(usize, String) -> String) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut text = format!("{HEADER}\n");
    for i in 0..ROWS {
        text.push_str(&edit(i, row(i)));
        text.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Runs `rank` on `path` writing CSV to standard output: (success, stdout, stderr).
fn rank(path: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg(path)
        .args(["-f", "csv"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The row that is `i`'s in the file's numbering (the header is row 1).
fn line(i: usize) -> usize {
    i + 2
}

#[test]
fn a_currency_mark_deep_among_plain_numbers_is_found() {
    let at = 41_234;
    let (_dir, path) = file(|i, row| {
        if i == at {
            row.replacen(&format!(",{},", 20_000 + i % 1000), ",€30000,", 1)
        } else {
            row
        }
    });
    let (ok, _, err) = rank(&path, &[]);
    assert!(ok, "{err}");
    assert!(
        err.contains(&format!(
            "amounts are in EUR (€), as row {}, column \"tuition_usd\": \"€30000\" shows",
            line(at)
        )),
        "{err}"
    );
}

#[test]
fn two_currencies_in_different_threads_rows_are_both_named() {
    let (first, second) = (12_000, 47_000);
    let (_dir, path) = file(|i, row| {
        let cost = format!(",{},", 20_000 + i % 1000);
        match i {
            _ if i == first => row.replacen(&cost, ",\"$20,500\",", 1),
            _ if i == second => row.replacen(&cost, ",£20500,", 1),
            _ => row,
        }
    });
    let (ok, out, err) = rank(&path, &[]);
    assert!(!ok);
    assert!(out.is_empty(), "no partial output: {out}");
    assert!(
        err.contains(&format!(
            "row {}, column \"tuition_usd\": \"$20,500\" is in USD and row {}, column \"tuition_usd\": \"£20500\" is in GBP",
            line(first),
            line(second)
        )),
        "{err}"
    );
}

#[test]
fn a_range_deep_among_plain_numbers_is_read() {
    let at = 45_000;
    let (_dir, path) = file(|i, row| {
        if i == at {
            format!("{},20-25", row.rsplit_once(',').unwrap().0)
        } else {
            row
        }
    });
    let (ok, _, err) = rank(&path, &[]);
    assert!(ok, "{err}");
    assert!(
        err.contains(&format!(
            "read 1 range as the midpoint (--ranges low, mid or high to change): row {}, column \"hours_per_week\": \"20-25\" as 22.5",
            line(at)
        )),
        "{err}"
    );
}

#[test]
fn a_repeated_name_is_found_across_threads_case_and_spaces_aside() {
    // Row `late` repeats row `early`'s name in another case, with a Kelvin sign (which
    // lowercases to `k`) and with spaces (a no-break one too) around it.
    let (early, late) = (1_234, 44_321);
    let (_dir, path) = file(|i, row| match i {
        _ if i == early => row.replacen(&format!("P {i:06}"), "Kappa Programme", 1),
        _ if i == late => row.replacen(&format!("P {i:06}"), "\u{a0} \u{212A}APPA programme ", 1),
        _ => row,
    });
    let (ok, out, err) = rank(&path, &[]);
    assert!(!ok);
    assert!(out.is_empty(), "no partial output: {out}");
    assert!(err.contains(&format!("row {}", line(late))), "{err}");
    assert!(
        err.contains(&format!("already appears on row {}", line(early))),
        "{err}"
    );
}

#[test]
fn names_differing_in_more_than_case_are_not_repeats() {
    // Names alike but for a trailing character, or for a byte past the eighth.
    let (_dir, path) = file(|i, row| match i {
        100 => row.replacen("P 000100", "Programme Alpha", 1),
        30_100 => row.replacen("P 030100", "Programme Alph", 1),
        30_200 => row.replacen("P 030200", "Programme Alpha ii", 1),
        30_300 => row.replacen("P 030300", "Programme Blpha", 1),
        _ => row,
    });
    let (ok, out, err) = rank(&path, &[]);
    assert!(ok, "{err}");
    assert_eq!(out.lines().count(), ROWS + 1);
}

#[test]
fn a_bad_rating_deep_in_the_file_is_named_by_row_and_column() {
    let at = 33_333;
    let (_dir, path) = file(|i, row| {
        if i == at {
            row.replacen(
                &format!("P {i:06},{},", i % 5 + 1),
                &format!("P {i:06},9,"),
                1,
            )
        } else {
            row
        }
    });
    let (ok, out, err) = rank(&path, &[]);
    assert!(!ok);
    assert!(out.is_empty(), "no partial output: {out}");
    assert!(
        err.contains(&format!(
            "row {}, column \"faculty_quality\": \"9\"",
            line(at)
        )),
        "{err}"
    );
}

#[test]
fn ratings_written_differently_score_alike_on_every_thread() {
    // `4`, `4.0` and ` 4 ` are one rating: programs that differ only in how they write it
    // get the same score, whichever thread reads them.
    let forms = ["4", "4.0", " 4 "];
    let (_dir, path) = file(|i, row| {
        let (name, rest) = row.split_once(',').unwrap();
        let rest: Vec<&str> = rest.split(',').collect();
        let form = forms[i % forms.len()];
        format!(
            "{name},{form},{form},{form},{form},{form},{},{}",
            rest[5], rest[6]
        )
    });
    let (ok, out, err) = rank(&path, &[]);
    assert!(ok, "{err}");
    let mut rows = csv::Reader::from_reader(out.as_bytes());
    let headers = rows.headers().unwrap().clone();
    let score = headers.iter().position(|h| h == "score").unwrap();
    let scores: std::collections::BTreeSet<String> = rows
        .records()
        .map(|r| r.unwrap()[score].to_owned())
        .collect();
    assert_eq!(scores.len(), 1, "{scores:?}");
}
