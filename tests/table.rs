//! The terminal table at the widths people have: snapshots from 60 to 200 columns, a property
//! that no line is ever wider than the page and no word of a name is ever split, hostile text
//! made visible, and a 1 MB program name rendered under a CPU-time limit (no timing here: the
//! child process is killed by `ulimit -t` if rendering is slow).

use assert_cmd::cargo::cargo_bin_cmd;
use progrank::config::Config;
use progrank::export::{Exporter, TableExporter, TableStyle};
use progrank::input::Sheet;
use progrank::pipeline::{ScoringOptions, run};
use progrank::view::View;
use proptest::prelude::*;
use std::process::Command;
use unicode_width::UnicodeWidthStr;

const SAMPLE: &str = "data/programs.csv";
const LONG_NAMES: &str = "tests/data/table/long-names.csv";
const WIDTHS: [u16; 5] = [60, 80, 100, 120, 200];

fn rank(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("progrank")
        .env_remove("NO_COLOR")
        .arg("rank")
        .args(args)
        .assert()
        .success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn widest_line(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

#[test]
fn sample_at_each_width() {
    for width in WIDTHS {
        let out = rank(&[SAMPLE, "--width", &width.to_string()]);
        assert!(widest_line(&out) <= usize::from(width), "{width}:\n{out}");
        insta::assert_snapshot!(format!("sample_{width}"), out);
    }
}

#[test]
fn long_names_and_five_flags_at_each_width() {
    for width in WIDTHS {
        let out = rank(&[LONG_NAMES, "--width", &width.to_string()]);
        assert!(widest_line(&out) <= usize::from(width), "{width}:\n{out}");
        insta::assert_snapshot!(format!("long_names_{width}"), out);
    }
}

#[test]
fn what_gives_way_comes_in_the_designed_order() {
    // 200: everything, flag ids in full, score bars.
    let wide = rank(&[LONG_NAMES, "--width", "200"]);
    assert!(wide.contains("brand-over-substance │") && wide.contains('█'));
    assert!(!wide.contains("Flags: [1]") && !wide.contains("Not shown"));
    // 100: names wrap, bars go, flags become markers with a legend; every rating stays.
    let hundred = rank(&[LONG_NAMES, "--width", "100"]);
    assert!(!hundred.contains('█'));
    assert!(hundred.contains("Flags: [1] weak-faculty  [2] brand-over-substance"));
    assert!(hundred.contains("Flexibility") && hundred.contains("Brand"));
    assert!(!hundred.contains("Not shown"));
    // 80: the two least-weighted ratings are dropped, and the note says so and how to see them.
    let eighty = rank(&[LONG_NAMES, "--width", "80"]);
    let header: String = eighty.lines().take(3).collect();
    assert!(!header.contains("Flexibility") && !header.contains("Brand"));
    assert!(
        eighty
            .contains("Not shown at 80 columns: Flexibility, Brand. --width 97 shows every column")
    );
    assert!(eighty.contains("--format csv"));
}

#[test]
fn cost_columns_outlast_the_ratings() {
    let out = rank(&[SAMPLE, "--costs", "--width", "80"]);
    assert!(widest_line(&out) <= 80, "{out}");
    let header: String = out.lines().take(4).collect();
    for kept in ["Net", "Study", "Points", "Faculty"] {
        assert!(header.contains(kept), "{kept}: {header}");
    }
    assert!(out.contains("Not shown at 80 columns: Scholarship, Funding, Flexibility, Brand."));
    assert!(out.contains("$19,000") && out.contains("free"));
}

#[test]
fn piped_output_defaults_to_100_columns() {
    let piped = rank(&[SAMPLE]);
    assert!(widest_line(&piped) <= 100);
    assert_eq!(piped, rank(&[SAMPLE, "--width", "100"]));
}

#[test]
fn headers_use_short_labels_and_the_weights_line_uses_labels() {
    let out = rank(&[SAMPLE, "--width", "200"]);
    let header = out.lines().nth(1).unwrap();
    for short in ["Faculty", "Scholarship", "Funding", "Flexibility", "Brand"] {
        assert!(header.contains(&format!(" {short} ")), "{header}");
    }
    assert!(out.contains(
        "Weights: Faculty quality 90, Scholarship support 80, Funding 75, Schedule flexibility 70, Brand name 50 (built-in article chart)"
    ));
    assert!(!out.contains("faculty_quality"));
}

#[test]
fn narrow_widths_below_60_still_render() {
    for width in ["20", "40", "59"] {
        let out = rank(&[SAMPLE, "--width", width]);
        assert!(out.contains("Riverside"), "{out}");
    }
}

#[test]
fn weights_file_text_is_escaped_in_table_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("w.toml");
    std::fs::write(
        &weights,
        r#"
[weights]
faculty_quality = 1
[criteria.faculty_quality]
label = "Fac\u001b[31multy quality"
label_short = "F\u001b]8;;http://x\u0007"
[[flags]]
id = "bad\u001b[2Jflag"
severity = "warning"
when = "faculty_quality <= 5"
message = "msg \u001b[31m red"
"#,
    )
    .unwrap();
    let csv = dir.path().join("p.csv");
    std::fs::write(&csv, "program,faculty_quality\n\"Evil\u{1b}[2J Name\",3\n").unwrap();
    for width in ["60", "200"] {
        let out = rank(&[
            csv.to_str().unwrap(),
            "--weights",
            weights.to_str().unwrap(),
            "--width",
            width,
        ]);
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains(r"\u{1b}"), "{out}");
    }
}

#[test]
fn colour_does_not_change_the_layout() {
    let plain = rank(&[SAMPLE, "--width", "80", "--color", "never"]);
    let coloured = rank(&[SAMPLE, "--width", "80", "--color", "always"]);
    assert!(coloured.contains("\u{1b}["));
    let stripped: String = strip_ansi(&coloured);
    assert_eq!(stripped, plain);
}

fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Runs the binary under a CPU-time limit of `seconds`; a slow render is killed by SIGXCPU.
fn rank_under_cpu_limit(seconds: u32, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -t {seconds}; exec \"$0\" rank \"$@\""))
        .arg(env!("CARGO_BIN_EXE_progrank"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_one_megabyte_name_renders_within_a_cpu_limit() {
    let dir = tempfile::tempdir().unwrap();
    let header =
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n";
    // One word of 1,000,000 characters: cut to its column with an ellipsis.
    let word = dir.path().join("word.csv");
    let huge = "x".repeat(1_000_000);
    std::fs::write(
        &word,
        format!("{header}{huge},3,3,3,3,3\nSmall,4,4,4,4,4\n"),
    )
    .unwrap();
    let out = rank_under_cpu_limit(10, &[word.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(widest_line(&text) <= 100, "{}", widest_line(&text));
    assert!(text.contains("xxx…"));
    // Many words, about 1 MB: wrapped whole, every word kept.
    let words = dir.path().join("words.csv");
    let name: Vec<String> = (0..140_000).map(|i| format!("w{i}")).collect();
    std::fs::write(
        &words,
        format!("{header}{},3,3,3,3,3\nSmall,4,4,4,4,4\n", name.join(" ")),
    )
    .unwrap();
    let out = rank_under_cpu_limit(10, &[words.to_str().unwrap()]);
    assert!(out.status.success(), "{:?}", out.status);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(widest_line(&text) <= 100);
    assert!(text.contains(" w0 ") && text.contains(" w139999 "));
}

/// A word of a name: Latin letters (some accented) or wide CJK characters, short enough to
/// fit the narrowest name column the layout allows.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-zéüçø]{1,16}",
        1 => "[東京大学医教育修士]{1,8}",
    ]
}

fn shortlist() -> impl Strategy<Value = Vec<(Vec<String>, [u8; 5], u32)>> {
    prop::collection::vec(
        (
            prop::collection::vec(word(), 1..10),
            prop::array::uniform5(1u8..=5),
            0u32..40,
        ),
        1..8,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_line_is_wider_than_the_page_and_no_word_is_split(
        programs in shortlist(),
        width in 60u16..=240,
    ) {
        let mut csv = String::from(
            "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name,hours_per_week,tuition_usd\n",
        );
        for (i, (words, ratings, hours)) in programs.iter().enumerate() {
            // A numbered first word keeps names distinct.
            csv.push_str(&format!("P{i} {}", words.join(" ")));
            for r in ratings {
                csv.push_str(&format!(",{r}"));
            }
            csv.push_str(&format!(",{hours},{}\n", u32::from(ratings[0]) * 15_000));
        }
        let sheet = Sheet::from_csv("p.csv", csv.as_bytes()).unwrap();
        let report = run(sheet, &Config::default(), &ScoringOptions::default()).unwrap();
        let view = View {
            table: TableStyle { width: Some(width), fit_terminal: false, color: false },
            ..View::new(&report)
        };
        let out = String::from_utf8(TableExporter.render(&view).unwrap()).unwrap();
        for line in out.lines() {
            prop_assert!(line.width() <= usize::from(width), "{} > {width}: {line}", line.width());
        }
        for (words, _, _) in &programs {
            for word in words {
                let whole = out.lines().any(|line| {
                    line.split(|c: char| !c.is_alphanumeric()).any(|token| token == word)
                });
                prop_assert!(whole, "{word:?} is not whole anywhere in\n{out}");
            }
        }
    }
}
