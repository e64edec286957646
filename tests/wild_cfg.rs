//! A user's own weights file and the decision commands, one step past the first run: weights
//! files saved by ordinary editors, edits made by following the file's own comments, and
//! `advise` answers typed the way people type them. Each test is a regression test for a bug
//! a user met.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

const SHORTLIST: &str = "tests/data/wild_cfg/shortlist.csv";

/// The weights as UTF-16 text with a byte order mark, as Notepad's "Unicode" saves them.
fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        let pair = if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        };
        bytes.extend(pair);
    }
    bytes
}

fn rank_csv(weights: &std::path::Path) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("progrank")
        .args(["rank", SHORTLIST, "--format", "csv", "--weights"])
        .arg(weights)
        .assert()
}

#[test]
fn a_weights_file_saved_as_utf16_by_notepad_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // Only funding counts: Cedar (5) beats Birch (4) beats Alder (2).
    let text = "[weights]\r\nfunding = 90\r\n[criteria.funding]\r\nlabel = \"Financement é\"\r\n";
    for big_endian in [false, true] {
        let path = dir.path().join("weights.toml");
        std::fs::write(&path, utf16(text, big_endian)).unwrap();
        let out = rank_csv(&path).success().get_output().stdout.clone();
        let out = String::from_utf8(out).unwrap();
        let programs: Vec<&str> = out
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(3).unwrap())
            .collect();
        assert_eq!(
            programs,
            ["Cedar Fellowship", "Birch MMEd", "Alder MHPE"],
            "{out}"
        );
    }
}

#[test]
fn a_weights_file_in_another_encoding_says_to_save_it_as_utf8_not_to_check_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weights.toml");
    // "Qualité" in Windows-1252, on line 4.
    std::fs::write(
        &path,
        b"[weights]\nfaculty_quality = 90\n[criteria.faculty_quality]\nlabel = \"Qualit\xe9\"\n",
    )
    .unwrap();
    rank_csv(&path)
        .code(78)
        .stdout("")
        .stderr(predicate::str::contains(
            "line 4: the weights file is not UTF-8 text",
        ))
        .stderr(predicate::str::contains("save it again as UTF-8"))
        .stderr(predicate::str::contains("check the --weights path").not());
}

/// `advise` with an empty pipe on standard input (so it never prompts), as JSON.
fn advise_json(args: &[&str]) -> serde_json::Value {
    let out = cargo_bin_cmd!("progrank")
        .arg("advise")
        .args(args)
        .args(["--format", "json"])
        .write_stdin("")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

#[test]
fn advise_answers_on_the_command_line_match_in_any_case_like_the_prompts_and_career() {
    // The prompts accept "Yes" and --career accepts any case; the answer flags refused it.
    let typed = advise_json(&[
        "--education-identity",
        "Yes",
        "--aim",
        "Research",
        "--funding",
        "NO",
    ]);
    let lower = advise_json(&[
        "--education-identity",
        "yes",
        "--aim",
        "research",
        "--funding",
        "no",
    ]);
    assert_eq!(typed, lower);
    assert_eq!(typed["path"][1]["answer"], "research", "{typed}");
    assert_eq!(typed["path"][2]["answer"], "no", "{typed}");
    // A word that is no answer stays a usage error listing the answers.
    cargo_bin_cmd!("progrank")
        .args(["advise", "--education-identity", "maybe"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("[possible values: yes, no]"));
}

#[test]
fn weights_file_shape_errors_say_what_to_write_not_internal_type_names() {
    let cases = [
        (
            "single-bracket-flags.toml",
            "line 4",
            "each under its own [[flags]] line (two pairs of brackets, not [flags])",
        ),
        (
            "scale-as-text.toml",
            "line 5",
            "expected a scale such as `{ min = 1, max = 5 }`",
        ),
    ];
    for (file, line, expected) in cases {
        let path = std::path::Path::new("tests/data/wild_cfg").join(file);
        rank_csv(&path)
            .code(78)
            .stdout("")
            .stderr(predicate::str::contains(line))
            .stderr(predicate::str::contains(expected))
            .stderr(predicate::str::contains("Raw").not())
            .stderr(predicate::str::contains("expected a sequence").not());
    }
}

#[test]
fn smart_quotes_and_percent_signs_in_a_weights_file_get_a_hint_below_tomls_message() {
    let cases = [
        (
            "smart-quotes.toml",
            "line 5",
            "the line has typographic quotes",
        ),
        (
            "percent-weights.toml",
            "line 2",
            "write the number without the % sign, 30 rather than 30%",
        ),
    ];
    for (file, line, hint) in cases {
        let path = std::path::Path::new("tests/data/wild_cfg").join(file);
        rank_csv(&path)
            .code(78)
            .stdout("")
            .stderr(predicate::str::contains(line))
            .stderr(predicate::str::contains("string values must be quoted"))
            .stderr(predicate::str::contains(hint));
    }
    // Other syntax errors get no hint.
    rank_csv(std::path::Path::new("tests/data/weights/syntax-error.toml"))
        .code(78)
        .stderr(predicate::str::contains("typographic").not())
        .stderr(predicate::str::contains("% sign").not());
}
