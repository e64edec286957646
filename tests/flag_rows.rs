//! End-to-end tests of the flag stage (`Bound::flag`): which flags each row raises when there
//! are more rules than fit one word of bits, and which error a bad cell gives when a cost
//! column and a red-flag rule both read it (each row's cells are read once, and an error is
//! worded only when it is the one reported).

use assert_cmd::cargo::cargo_bin_cmd;
use std::fmt::Write as _;

const HEADER: &str =
    "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name";

/// Runs `rank` on `csv` (written to a file named `name`) with `args`, as CSV on stdout.
fn rank(name: &str, csv: &str, args: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, csv).unwrap();
    let mut cmd = cargo_bin_cmd!("progrank");
    cmd.current_dir(dir.path())
        .arg("rank")
        .arg(name)
        .args(["-f", "csv"])
        .args(args);
    cmd.output().unwrap()
}

/// The error line `rank` printed for `csv`, which must have failed with the data exit code.
fn error(name: &str, csv: &str, args: &[&str]) -> String {
    let out = rank(name, csv, args);
    assert_eq!(out.status.code(), Some(65), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error in {stderr}"))
        .to_owned()
}

/// Every program's red flags, by name.
fn flags_by_name(stdout: &[u8]) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = csv::Reader::from_reader(stdout)
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[3].to_owned(), r[2].to_owned())
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_bad_cell_read_by_a_cost_column_and_a_rule_is_the_cost_columns_error() {
    let header = format!("{HEADER},tuition_usd,hours_per_week,delivery");
    // The built-in rules read tuition_usd (high-cost) and hours_per_week (heavy-time-load):
    // the cost columns are read first, and their words are the ones shown.
    for (cells, column, said) in [
        (
            "lots,10,online",
            "tuition_usd",
            "\"lots\" is not an amount of money in USD; write an amount such as 15000, 15,000 or $15,000",
        ),
        (
            "-5,10,online",
            "tuition_usd",
            "\"-5\" is not an amount of money in USD",
        ),
        (
            "12345678901234567890123456789012,10,online",
            "tuition_usd",
            "is not an amount with at most 28 significant digits; shorten the number",
        ),
        (
            "20000,many,online",
            "hours_per_week",
            "\"many\" is not a number of hours per week such as 12; write a plain number that is zero or more",
        ),
        (
            "20000,-3,online",
            "hours_per_week",
            "\"-3\" is not a number of hours per week such as 12",
        ),
        (
            "20000,10,pigeon",
            "delivery",
            "\"pigeon\" is not one of online, hybrid or in-person; use one of those words",
        ),
    ] {
        let csv = format!("{header}\nGood,3,3,3,3,3,20000,10,online\nBad,3,3,3,3,3,{cells}\n");
        let line = error("t.csv", &csv, &[]);
        assert!(
            line.starts_with(&format!("error: t.csv row 3, column \"{column}\": ")),
            "{line}"
        );
        assert!(line.contains(said), "{cells}: {line}");
        assert!(!line.contains("red flag"), "{line}");
    }
}

#[test]
fn a_cell_only_a_rule_reads_names_the_rule() {
    let weights = "[weights]\nfaculty_quality = 1\n\
        [[flags]]\nid = \"few-papers\"\nseverity = \"warning\"\nmessage = \"m\"\nwhen = \"papers < 2\"\n\
        [[flags]]\nid = \"no-mentor\"\nseverity = \"warning\"\nmessage = \"m\"\nwhen = \"mentorship = no\"\n";
    let dir = tempfile::tempdir().unwrap();
    let weights_file = dir.path().join("w.toml");
    std::fs::write(&weights_file, weights).unwrap();
    let w = weights_file.to_str().unwrap();
    for (cells, column, said) in [
        (
            "many,yes",
            "papers",
            "\"many\" is not a number (red flag few-papers reads this column)",
        ),
        (
            "3,maybe",
            "mentorship",
            "\"maybe\" is not yes or no (red flag no-mentor reads this column); write yes or no",
        ),
    ] {
        let csv = format!("program,faculty_quality,papers,mentorship\nA,3,1,no\nB,4,{cells}\n");
        let line = error("t.csv", &csv, &["--weights", w]);
        assert!(
            line.starts_with(&format!("error: t.csv row 3, column \"{column}\": ")),
            "{line}"
        );
        assert!(line.contains(said), "{line}");
    }
    // The first bad row in the file is the one reported, whichever reader finds it.
    let csv = "program,faculty_quality,papers,mentorship\nA,3,1,maybe\nB,4,many,no\n";
    let line = error("t.csv", csv, &["--weights", w]);
    assert!(line.contains("row 2, column \"mentorship\""), "{line}");
}

#[test]
fn a_decimal_comma_file_refuses_an_ambiguous_amount_in_the_cost_columns_words() {
    let header = format!("{HEADER},tuition_usd").replace(',', ";");
    let csv = format!("{header}\nA;3;3;3;3;3;25333,00\nB;3;3;3;3;3;1,234\n");
    let line = error("t.csv", &csv, &[]);
    assert!(
        line.starts_with("error: t.csv row 3, column \"tuition_usd\": \"1,234\" is not an unambiguous amount of money"),
        "{line}"
    );
}

#[test]
fn more_rules_than_one_word_of_bits_raise_on_the_rows_that_meet_them() {
    // Rule k is raised when tuition is above k × 1,000; the last one reads only a rating, so
    // both the rows' and the ratings' bits run past the 64th rule.
    let rules = 70;
    let mut weights = String::from("[weights]\nfaculty_quality = 1\n");
    for k in 0..rules - 1 {
        write!(
            weights,
            "[[flags]]\nid = \"above-{k}\"\nseverity = \"warning\"\nmessage = \"m\"\nwhen = \"tuition_usd > {}\"\n",
            k * 1000
        )
        .unwrap();
    }
    weights.push_str(
        "[[flags]]\nid = \"weak\"\nseverity = \"critical\"\nmessage = \"m\"\nwhen = \"faculty_quality <= 1\"\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let weights_file = dir.path().join("w.toml");
    std::fs::write(&weights_file, &weights).unwrap();
    // Enough rows to be flagged on several threads, in several chunks.
    let programs = 30_000;
    let tuition = |i: usize| (i * 7919) % 75_000;
    let rating = |i: usize| i % 5 + 1;
    let mut csv = String::from("program,faculty_quality,tuition_usd\n");
    for i in 0..programs {
        writeln!(csv, "P{i:05},{},{}", rating(i), tuition(i)).unwrap();
    }
    let out = rank(
        "t.csv",
        &csv,
        &["--weights", weights_file.to_str().unwrap()],
    );
    assert!(out.status.success(), "{out:?}");
    let got = flags_by_name(&out.stdout);
    let mut want: Vec<(String, String)> = (0..programs)
        .map(|i| {
            let mut ids: Vec<String> = (0..rules - 1)
                .filter(|k| tuition(i) > k * 1000)
                .map(|k| format!("above-{k}"))
                .collect();
            if rating(i) <= 1 {
                ids.push("weak".into());
            }
            (format!("P{i:05}"), ids.join(";"))
        })
        .collect();
    want.sort();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    assert!(
        got.iter()
            .any(|(_, f)| f.contains("above-68") && f.ends_with(";weak")),
        "a row raises rules on both sides of the 64th"
    );
}

#[test]
fn of_two_bad_cells_in_a_large_file_the_first_in_file_order_is_reported() {
    // Enough rows for the flag stage's chunks to be made on several threads, which may finish
    // out of order: the bad cell further down is in a chunk that can fail first, and a stage
    // that reported the first chunk to fail, not the first in the file, could name it.
    let programs = 30_000;
    let bad = [20_000, 12_345];
    let mut csv = format!("{HEADER},tuition_usd\n");
    for i in 0..programs {
        let tuition = if bad.contains(&i) {
            "abc".to_owned()
        } else {
            (10_000 + i).to_string()
        };
        let r = i % 5 + 1;
        writeln!(csv, "P{i:05},{r},{r},{r},{r},{r},{tuition}").unwrap();
    }
    let line = error("t.csv", &csv, &[]);
    // Data row 12,345 (from 0) is line 12,347 of the file, after the header.
    assert!(
        line.starts_with("error: t.csv row 12347, column \"tuition_usd\": \"abc\""),
        "{line}"
    );
}
