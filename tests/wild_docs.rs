//! The documented promises, typed as a reader types them: what README.md, `--help`, the man
//! page and docs/guide say a command does, checked through the real binary where the pages
//! have no example that trycmd runs (tests/docs.rs runs those).

mod common;

use common::progrank;

/// docs/guide/setup.md: `progrank man > ~/.local/share/man/man1/progrank.1` installs "the man
/// page". It named the subcommands as pages of their own (`progrank-rank(1)`) that nothing
/// writes, so no option of any subcommand was documented in it.
#[test]
fn the_man_page_documents_every_subcommands_options() {
    let (code, page, stderr) = progrank(&["man"]);
    assert_eq!(code, 0, "{stderr}");
    for (sub, options) in [
        (
            "rank",
            &["max-cost", "max-hours", "delivery", "csv-dialect", "top"][..],
        ),
        ("report", &["title", "samples", "date"][..]),
        ("explain", &["vs"][..]),
        ("sensitivity", &["spread", "mode", "seed"][..]),
        (
            "advise",
            &["education-identity", "aim", "funding", "career"][..],
        ),
    ] {
        let heading = format!(".SH \"PROGRANK {}\"", sub.to_uppercase());
        let at = page
            .find(&heading)
            .unwrap_or_else(|| panic!("no section {heading}"));
        let section = &page[at + heading.len()..];
        let section = &section[..section.find("\n.SH ").unwrap_or(section.len())];
        for option in options {
            let roff = format!("\\fB\\-\\-{}\\fR", option.replace('-', "\\-"));
            assert!(section.contains(&roff), "{sub}: no --{option}");
        }
    }
}

/// The man page is read by groff and mandoc, whose input is not always UTF-8: every
/// non-ASCII character of a help text (`€`, `−`) is a roff escape.
#[test]
fn the_man_page_is_ascii() {
    let (_, page, _) = progrank(&["man"]);
    let raw: Vec<&str> = page.lines().filter(|l| !l.is_ascii()).collect();
    assert!(raw.is_empty(), "raw UTF-8 lines: {raw:?}");
    assert!(
        page.contains("\\[u20AC]"),
        "the euro sign of --decimal's help"
    );
}

/// `--top 0` said "0 is not in 1..18446744073709551615": the type's range, not a reason.
#[test]
fn top_zero_says_what_top_takes() {
    for sub in ["rank", "report"] {
        let (code, _, stderr) = progrank(&[sub, "data/programs.csv", "--top", "0"]);
        assert_eq!(code, 2, "{sub}: {stderr}");
        assert!(stderr.contains("1 or more"), "{sub}: {stderr}");
        assert!(!stderr.contains("18446744073709551615"), "{sub}: {stderr}");
    }
}

/// A negative limit was taken for an unknown option, with clap's tip to write `-- -1`, which
/// makes `-1` a second input file. The value now reaches the option's own check, which says
/// what the option takes.
#[test]
fn a_negative_limit_is_refused_by_the_options_own_check() {
    for (args, expected) in [
        (
            &["rank", "data/programs.csv", "--max-hours", "-1"][..],
            "zero or more",
        ),
        (
            &["rank", "data/programs.csv", "--max-cost", "-5"][..],
            "an amount",
        ),
        (
            &["rank", "data/programs.csv", "--top", "-1"][..],
            "whole number",
        ),
        (
            &["sensitivity", "data/programs.csv", "--spread", "-5"][..],
            "outside 0–100",
        ),
    ] {
        let (code, stdout, stderr) = progrank(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("use '--"), "{args:?}: {stderr}");
    }
}

/// `--max-cost` is in the file's currency (docs/guide/costs-and-limits.md); the help named
/// only dollars.
#[test]
fn max_cost_help_says_the_amount_is_in_the_files_currency() {
    let (code, help, _) = progrank(&["rank", "--help"]);
    assert_eq!(code, 0);
    let at = help.find("--max-cost <USD>").unwrap();
    let text: String = help[at..at + 300]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("in the file's currency"), "{text}");
}

/// An unreadable `--compare` file told the user to "check the --weights path", an option
/// they had not given.
#[test]
fn an_unreadable_compare_file_names_compare() {
    for sub in ["rank", "report"] {
        let (code, _, stderr) = progrank(&[
            sub,
            "data/programs.csv",
            "--compare",
            "tests/data/wild_docs/no-such-mentor.toml",
            "-o",
            "-",
        ]);
        assert_eq!(code, 78, "{sub}: {stderr}");
        assert!(
            stderr.contains("check the --compare path"),
            "{sub}: {stderr}"
        );
        assert!(!stderr.contains("--weights"), "{sub}: {stderr}");
    }
    let (code, _, stderr) = progrank(&["rank", "data/programs.csv", "--weights", "no-such.toml"]);
    assert_eq!(code, 78);
    assert!(stderr.contains("check the --weights path"), "{stderr}");
}

/// docs/guide/report.md: `report --top N` keeps every program for re-weighing, while
/// `rank --top N -o x.html` leaves the others out of the page, with no re-weighing panel and
/// a sentence instead of the weight ranges.
#[test]
fn report_top_keeps_the_panel_and_rank_top_cuts_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let rank = dir.path().join("rank.html");
    let (code, _, stderr) = progrank(&[
        "report",
        "data/programs.csv",
        "--top",
        "3",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = progrank(&[
        "rank",
        "data/programs.csv",
        "--top",
        "3",
        "-o",
        rank.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let report = std::fs::read_to_string(report).unwrap();
    let rank = std::fs::read_to_string(rank).unwrap();
    assert!(report.contains("Try other weights"));
    assert!(!rank.contains("Try other weights"));
    assert!(rank.contains("--top left ranked programs out of this page"));
}

/// docs/guide/weights-file.md and weights.toml: `[settings] ranges` picks how a range such as
/// `10-15` reads, and `--ranges` on the command line wins over it.
#[test]
fn settings_ranges_is_read_and_the_option_wins() {
    let weights = "tests/data/wild_docs/ranges-high.toml";
    let file = "tests/data/real/pounds.csv";
    let (code, _, stderr) = progrank(&["rank", file, "--weights", weights, "-f", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("\"10-15\" as 15"), "{stderr}");
    let (code, _, stderr) = progrank(&[
        "rank",
        file,
        "--weights",
        weights,
        "--ranges",
        "low",
        "-f",
        "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("\"10-15\" as 10"), "{stderr}");
}

/// The weights-file example in docs/guide/weights-file.md is a valid weights file (its
/// criteria other than funding take their labels from a second table here, as the example
/// shows one criterion's details only).
#[test]
fn the_weights_file_example_reads() {
    let page = std::fs::read_to_string("docs/guide/weights-file.md").unwrap();
    let start = page.find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + page[start..].find("```").unwrap();
    let mut toml = page[start..end].to_owned();
    toml.push_str(
        "[criteria.schedule_flexibility]\nlabels = { \"in-person\" = 1, hybrid = 3, online = 5 }\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.toml");
    std::fs::write(&path, toml).unwrap();
    let (code, stdout, stderr) = progrank(&[
        "rank",
        "data/programs.csv",
        "--weights",
        path.to_str().unwrap(),
        "-f",
        "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("rank,score,red_flags,program,"),
        "{stdout}"
    );
}

/// The help suggests `--max-cost '$40,000'`, and the docs say the limit is in the file's
/// currency. On a file in pounds, `'$40,000'` was silently read as £40,000 (the dollar sign
/// dropped); a currency that is not the file's is now refused, naming both.
#[test]
fn max_cost_in_another_currency_is_refused() {
    for (file, limit, file_code) in [
        ("tests/data/real/pounds.csv", "$40,000", "GBP"),
        ("tests/data/real/pounds.csv", "USD 40000", "GBP"),
        ("tests/data/real/euros.csv", "£40,000", "EUR"),
        ("data/programs.csv", "£40,000", "USD"),
    ] {
        for sub in ["rank", "sensitivity"] {
            let (code, stdout, stderr) = progrank(&[sub, file, "--max-cost", limit]);
            assert_eq!(code, 2, "{sub} {file} {limit}: {stderr}");
            assert!(stdout.is_empty(), "{stdout}");
            assert!(
                stderr.contains(&format!("give the limit in {file_code}")),
                "{sub} {file} {limit}: {stderr}"
            );
        }
    }
    // The file's own currency, or none, is the limit as before.
    for (file, limit, shown) in [
        (
            "tests/data/real/pounds.csv",
            "£40,000",
            "--max-cost £40,000",
        ),
        ("tests/data/real/pounds.csv", "40000", "--max-cost £40,000"),
        (
            "tests/data/real/euros.csv",
            "40 000 €",
            "--max-cost €40,000",
        ),
        ("data/programs.csv", "$40,000", "--max-cost $40,000"),
    ] {
        let (code, _, stderr) = progrank(&["rank", file, "--max-cost", limit, "-f", "csv"]);
        assert_eq!(code, 0, "{file} {limit}: {stderr}");
        assert!(stderr.contains(shown), "{file} {limit}: {stderr}");
    }
    // With --rates the amounts are in US dollars, so a dollar limit fits.
    let (code, _, stderr) = progrank(&[
        "rank",
        "tests/data/real/bad-mixed-currency.csv",
        "--rates",
        "GBP=1.27",
        "--max-cost",
        "$40,000",
        "-f",
        "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
}

/// `--max-cost 40.000` (forty thousand, as `32.000 €` is written in the docs' European
/// examples) was read as 40 with a decimal point, and every program was left out. It is
/// refused as ambiguous, as a `1,234` cell is.
#[test]
fn max_cost_with_a_point_before_three_digits_is_refused() {
    for limit in ["40.000", "€40.000", "1.500"] {
        let (code, _, stderr) =
            progrank(&["rank", "tests/data/real/euros.csv", "--max-cost", limit]);
        assert_eq!(code, 2, "{limit}: {stderr}");
        assert!(stderr.contains("40000"), "{limit}: {stderr}");
    }
    for (limit, shown) in [
        ("40,000.00", "€40,000"),
        ("1.5", "€1.50"),
        ("40000.5", "€40,000.50"),
    ] {
        let (code, _, stderr) = progrank(&[
            "rank",
            "tests/data/real/euros.csv",
            "--max-cost",
            limit,
            "-f",
            "csv",
        ]);
        assert_eq!(code, 0, "{limit}: {stderr}");
        assert!(
            stderr.contains(&format!("--max-cost {shown}")),
            "{limit}: {stderr}"
        );
    }
}
