//! The subcommands other than `rank` (explain, sensitivity, report, compare, advise, init) as a
//! first-time user runs them on their own spreadsheet: names in their own spelling, ties,
//! a list of one or two programs.
//!
//! Each test is the smallest input that showed a problem, through the real binary.

const DATA: &str = "tests/data/wild_commands";

mod common;
use common::progrank;

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

/// Two programs with the same ratings share #1 (rank prints both at 1). Before, sensitivity
/// named the first by alphabet alone as "Winner" and its verdict said it "stays #1", as if
/// the other were behind; now both the winner line and the verdict (text, JSON and the HTML
/// report read the same sentence) say the #1 is shared.
#[test]
fn sensitivity_says_when_the_winner_shares_first_place() {
    let file = data("tied_top.csv");
    let (code, out, err) = progrank(&["sensitivity", &file, "--samples", "200"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Winner: Alpha MHPE (score 75.00), tied at #1 with Beta MHPE\n"),
        "{out}"
    );
    assert!(
        out.contains("Verdict: robust: Alpha MHPE, tied at #1 with Beta MHPE, stays #1"),
        "{out}"
    );
    let (code, out, err) = progrank(&["sensitivity", &file, "--samples", "200", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        json["verdict"]
            .as_str()
            .unwrap()
            .contains("tied at #1 with Beta MHPE"),
        "{json}"
    );
}

/// With one program ranked there is nothing for the weights to change. Before, the verdict
/// read "robust: X stays #1 in 100.0 % of samples and across ±50 % on every single weight",
/// a claim about robustness that a list of one cannot support; now it says the program is the
/// only one ranked.
#[test]
fn sensitivity_on_one_program_says_there_is_nothing_to_compare() {
    let file = data("one_program.csv");
    let (code, out, err) = progrank(&["sensitivity", &file, "--samples", "100"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Verdict: robust: Only Program is the only program ranked, so no weights can put another program at #1"),
        "{out}"
    );
    assert!(!out.contains("stays #1 in 100.0 %"), "{out}");
    // The HTML report's robustness section reads the same sentence.
    let (code, out, err) = progrank(&[
        "report",
        &file,
        "-",
        "--samples",
        "100",
        "--date",
        "2026-01-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Only Program is the only program ranked"),
        "{out}"
    );
}

/// `rank --compare` when a limit excludes every program. Before, it printed "Same winner: .
/// Same top 3 (ranks 1 to 3). No program changes rank." over an empty table and an empty
/// compromise ranking; now it says that nothing is ranked under either set, and lists the
/// excluded programs. The HTML report's comparison section says the same.
#[test]
fn compare_with_every_program_excluded_says_there_is_nothing_to_compare() {
    let file = data("costly.csv");
    let mentor = "tests/data/compare/mentor.toml";
    let (code, out, err) = progrank(&["rank", &file, "--max-cost", "1000", "--compare", mentor]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("Same winner: ."), "{out}");
    assert!(!out.contains("Compromise ranking"), "{out}");
    assert!(
        out.contains(
            "No program is ranked under either set (every one is excluded by a red flag or a limit)"
        ),
        "{out}"
    );
    assert!(
        out.contains("Excluded under both (red flags or limits): Alpha MHPE, Beta MMEd"),
        "{out}"
    );
    let (code, page, err) = progrank(&[
        "report",
        &file,
        "-",
        "--max-cost",
        "1000",
        "--compare",
        mentor,
        "--date",
        "2026-01-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!page.contains("Same winner: ."), "{page}");
    assert!(
        page.contains("No program is ranked under either set"),
        "{page}"
    );
}

/// `--samples 1` is accepted; the heading said "1 samples" (and "1 weight sets" in SMAA).
#[test]
fn sensitivity_counts_one_sample_in_the_singular() {
    let file = data("tied_top.csv");
    let (code, out, err) = progrank(&["sensitivity", &file, "--samples", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Monte Carlo: 1 sample, each weight"), "{out}");
    let (code, out, err) = progrank(&["sensitivity", &file, "--samples", "1", "--mode", "smaa"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("SMAA: 1 weight set drawn uniformly"), "{out}");
    let (code, out, err) = progrank(&["sensitivity", &file, "--samples", "2"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Monte Carlo: 2 samples, each weight"), "{out}");
}

/// The #1 program with a rating missing (scored over the rest with `--missing renormalize`).
/// Before, explain's "To reach #1" told the program that is already #1 it needed "3.75 or
/// more (now n/a)" on that criterion; now the line says it is already #1 and that a rating as
/// low as 3.75, filled in, would keep it there, like its other lines.
#[test]
fn explain_tells_a_first_place_with_a_missing_rating_that_it_is_already_first() {
    let file = data("first_with_gap.csv");
    let (code, out, err) = progrank(&["explain", &file, "first", "--missing", "renormalize"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Rank 1 of 3"), "{out}");
    assert!(
        out.contains("Scholarship support   already #1 (now n/a); as low as 3.75 would keep it #1"),
        "{out}"
    );
    assert!(!out.contains("or more (now n/a)"), "{out}");
    // A program below #1 with a missing rating is still told what it takes.
    let (code, out, err) = progrank(&["explain", &file, "second", "--missing", "renormalize"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Rank 2 of 3"), "{out}");
    assert!(
        out.contains("Faculty quality       4.29 or more (now 4)"),
        "{out}"
    );
}

/// `report --top 2` on a list where three programs share #1. `rank --top 2` says "1 more
/// share rank 1"; the page only said "7 more ranked programs are not shown (--top)", so it
/// read as if two programs shared #1. The page's note now says a hidden one shares the last
/// shown rank.
#[test]
fn report_top_says_when_a_hidden_program_shares_the_last_shown_rank() {
    let file = data("tied_top3.csv");
    let (code, page, err) = progrank(&["report", &file, "-", "--top", "2", "--date", "2026-01-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        page.contains("2 more ranked programs are not shown (--top); 1 of them shares rank 1 with the last one shown"),
        "{page}"
    );
    let (code, page, err) = progrank(&["report", &file, "-", "--top", "3", "--date", "2026-01-01"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        page.contains("1 more ranked program is not shown (--top)<"),
        "{page}"
    );
    // rank's table says the same.
    let (code, out, err) = progrank(&["rank", &file, "--top", "2"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1 more share rank 1"), "{out}");
}

/// `report --title ""` (or spaces) wrote a page whose heading and browser tab were empty;
/// it is now a usage error that says what to do.
#[test]
fn report_refuses_a_blank_title() {
    for blank in ["", "   "] {
        let (code, out, err) = progrank(&["report", &data("tied_top3.csv"), "-", "--title", blank]);
        assert_eq!(code, 2, "{blank:?}: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(err.contains("--title"), "{err}");
        assert!(err.contains("the title is blank"), "{err}");
    }
    let (code, out, err) = progrank(&["report", &data("tied_top3.csv"), "-", "--title", "Mine"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("<h1>Mine</h1>") || out.contains(">Mine</h1>"),
        "{err}"
    );
}

/// `explain A --vs B` where B scores higher but a limit leaves it out of the ranking, in which
/// A is #1. Before, the last line said only "Beta MMEd is ahead; decided by …", as if Beta
/// were ranked above; now it adds that it is ahead only on score.
#[test]
fn explain_versus_says_when_the_higher_score_is_left_out_of_the_ranking() {
    let file = data("costly.csv");
    let expected = "Beta MMEd is ahead; decided by Faculty quality (+6.16). Only on score: \
                    Beta MMEd is left out of the ranking, and Alpha MHPE is #1.\n";
    for (this, other) in [("alpha", "beta"), ("beta", "alpha")] {
        let (code, out, err) =
            progrank(&["explain", &file, this, "--vs", other, "--max-cost", "55000"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.ends_with(expected), "{out}");
    }
    // Without the limit both are ranked and the sentence is as before.
    let (code, out, err) = progrank(&["explain", &file, "alpha", "--vs", "beta"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("Beta MMEd is ahead; decided by Faculty quality (+6.16).\n"),
        "{out}"
    );
}

/// A notes cell written on two lines with a Windows line break (`\r\n` inside the quoted
/// cell) keeps one line break on the HTML page, whose notes cell is `white-space:
/// pre-line`; its other control characters are still shown as escapes and its markup
/// escaped. Before, the page showed `Pros: mentors\u{d}` then the second line: the notes
/// cell's escaper kept the `\n` and made the `\r` visible.
#[test]
fn report_notes_keep_their_line_breaks_and_escape_the_rest() {
    let (code, page, err) = progrank(&[
        "report",
        &data("notes_lines.csv"),
        "-",
        "--date",
        "2026-01-01",
    ]);
    assert_eq!(code, 0, "{err}");
    let wide =
        "<span class=\"notes-wide\">Pros: mentors\nCons: travel \\u{1b}[31m&#60;b&#62;</span>";
    assert!(page.contains(wide), "{page}");
    assert!(!page.contains('\u{1b}'), "{page}");
    assert!(!page.contains("\r\n"), "{page}");
}

/// `progrank init myshortlist.csv`, as a user expecting init to write that file types it.
/// Before, init made a folder named `myshortlist.csv` holding programs.csv and weights.toml;
/// now it is a usage error that says init takes a folder, and nothing is created. A folder
/// that already exists under such a name is still used, and a plain new folder is created.
#[test]
fn init_refuses_a_new_folder_named_like_a_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["myshortlist.csv", "Shortlist.XLSX", "weights.toml"] {
        let target = dir.path().join(name);
        let (code, out, err) = progrank(&["init", target.to_str().unwrap()]);
        assert_eq!(code, 2, "{name}: {out}{err}");
        assert!(err.contains("looks like a file name"), "{err}");
        assert!(err.contains("into a folder"), "{err}");
        assert!(!target.exists(), "{name} was created");
    }
    let existing = dir.path().join("old.csv");
    std::fs::create_dir(&existing).unwrap();
    let (code, _, err) = progrank(&["init", existing.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(existing.join("programs.csv").is_file());
    let plain = dir.path().join("my-shortlist");
    let (code, _, err) = progrank(&["init", plain.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(plain.join("weights.toml").is_file());
}
