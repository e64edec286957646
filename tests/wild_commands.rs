//! The subcommands other than `rank` (explain, sensitivity, report, compare, advise, init) as a
//! first-time user runs them on their own spreadsheet: names in their own spelling, ties,
//! a list of one or two programs.
//!
//! Each test is the smallest input that showed a problem, through the real binary.

use assert_cmd::cargo::cargo_bin_cmd;

const DATA: &str = "tests/data/wild_commands";

fn progrank(args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("progrank")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn data(name: &str) -> String {
    format!("{DATA}/{name}")
}

/// Two rows whose names differ only in case or spacing are two programs to `rank`; typing
/// either name exactly as the file writes it must explain that one. Before, both matched
/// every spelling and explain stopped with "fits 2 programs; give more of the name", which
/// no more of the name could satisfy.
#[test]
fn explain_finds_a_name_typed_exactly_among_case_and_spacing_twins() {
    let file = data("case_twins.csv");
    for (typed, found) in [
        ("maastricht mhpe", "maastricht mhpe\n"),
        ("Maastricht  MHPE", "Maastricht  MHPE\n"),
        ("Maastricht MHPE", "Maastricht  MHPE\n"),
        ("🎓", "🎓\n"),
        ("📚", "📚\n"),
    ] {
        let (code, out, err) = progrank(&["explain", &file, typed]);
        assert_eq!(code, 0, "{typed:?}: {err}");
        assert!(out.starts_with(found), "{typed:?} found {out}");
    }
    // --vs is matched the same way.
    let (code, out, err) = progrank(&[
        "explain",
        &file,
        "maastricht mhpe",
        "--vs",
        "Maastricht  MHPE",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("maastricht mhpe\n"), "{out}");
    // A spelling that fits both only up to case still asks, and says how to choose.
    let (code, _, err) = progrank(&["explain", &file, "MAASTRICHT MHPE"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("fits 2 programs"), "{err}");
    assert!(
        err.contains("type the name exactly as the file writes it"),
        "{err}"
    );
    // A part of several different names still asks for more of the name.
    let (code, _, err) = progrank(&["explain", &file, "maastricht"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("fits 3 programs"), "{err}");
    assert!(err.contains("give more of the name"), "{err}");
}
