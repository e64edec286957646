//! The outputs on a clinician's own words: names and labels in CJK (two terminal columns a
//! character), with combining accents, ampersands, Markdown and HTML characters, and very
//! long or very many names, read the way their consumer reads them (a terminal, a Markdown
//! renderer, a browser).
//!
//! Each test is the smallest input that showed a problem, through the real binary.

use assert_cmd::cargo::cargo_bin_cmd;
use unicode_width::UnicodeWidthStr;

const WIDE: &str = "tests/data/wild_out/wide.csv";
const WIDE_LABELS: &str = "tests/data/wild_out/wide-labels.toml";

mod common;
use common::progrank;

fn stdout_of(args: &[&str]) -> String {
    let (code, stdout, stderr) = progrank(args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

/// The terminal columns where the second field of an aligned line starts and ends: the
/// first field (a label, which may hold single spaces) ends at the first double space after
/// the indentation; the second is the next run of non-spaces.
fn second_field(line: &str) -> (usize, usize) {
    let indent = line.len() - line.trim_start().len();
    let label_end = indent + line[indent..].find("  ").expect(line);
    let rest = &line[label_end..];
    let start = label_end + (rest.len() - rest.trim_start().len());
    let end = start + line[start..].find(' ').unwrap_or(line.len() - start);
    (line[..start].width(), line[..end].width())
}

/// The lines of `text` from the one starting with `header` up to the next blank line.
fn block<'t>(text: &'t str, header: &str) -> Vec<&'t str> {
    text.lines()
        .skip_while(|l| !l.starts_with(header))
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

fn all_equal(values: &[usize]) -> bool {
    values.windows(2).all(|w| w[0] == w[1])
}

#[test]
fn explain_columns_line_up_under_a_japanese_criterion_label() {
    let text = stdout_of(&["explain", WIDE, "plain", "--weights", WIDE_LABELS]);
    let rows = block(&text, "Criterion");
    assert_eq!(rows.len(), 7, "{text}");
    // The last column is right-aligned: every line ends at the same terminal column.
    let widths: Vec<usize> = rows.iter().map(|l| l.width()).collect();
    assert!(all_equal(&widths), "{widths:?}\n{text}");
    // The "To reach #1" list starts each criterion's text at one column.
    let reach = block(&text, "To reach #1");
    let starts: Vec<usize> = reach[1..].iter().map(|l| second_field(l).0).collect();
    assert_eq!(starts.len(), 5, "{text}");
    assert!(all_equal(&starts), "{starts:?}\n{text}");
}

#[test]
fn sensitivity_columns_line_up_under_wide_names_and_labels() {
    let text = stdout_of(&[
        "sensitivity",
        WIDE,
        "--weights",
        WIDE_LABELS,
        "--samples",
        "50",
    ]);
    // Weight ranges: the weight is right-aligned under "Weight".
    let ranges = block(&text, "Criterion");
    assert_eq!(ranges.len(), 6, "{text}");
    let ends: Vec<usize> = ranges.iter().map(|l| second_field(l).1).collect();
    assert!(all_equal(&ends), "{ends:?}\n{text}");
    // Monte Carlo: the last column is right-aligned, so every line has one width.
    let programs = block(&text, "Program");
    assert_eq!(programs.len(), 5, "{text}");
    let widths: Vec<usize> = programs.iter().map(|l| l.width()).collect();
    assert!(all_equal(&widths), "{widths:?}\n{text}");
}

#[test]
fn compare_columns_line_up_under_a_japanese_criterion_label() {
    let text = stdout_of(&[
        "rank",
        WIDE,
        "--weights",
        WIDE_LABELS,
        "--compare",
        WIDE_LABELS,
    ]);
    let rows = block(&text, "Criterion");
    // The header and five criteria; the last column is right-aligned.
    let widths: Vec<usize> = rows[..6].iter().map(|l| l.width()).collect();
    assert!(all_equal(&widths), "{widths:?}\n{text}");
}

/// The program names of the Markdown output as a renderer shows them (CommonMark with
/// GitHub's tables and strike-through): the text of each row's Program cell, and of each
/// red-flag list item up to its `: `. Fails on any element a name must not make (emphasis,
/// code, a link, an image, raw HTML, a heading, a quote, a nested list).
fn rendered_markdown_names(markdown: &str) -> (Vec<String>, Vec<String>) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let (mut cells, mut items) = (Vec::new(), Vec::new());
    let (mut in_body, mut column, mut in_item, mut depth) = (false, 0, false, 0);
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(Tag::TableRow) => column = 0,
            Event::End(TagEnd::TableHead) => in_body = true,
            Event::End(TagEnd::Table) => in_body = false,
            Event::Start(Tag::TableCell) => text.clear(),
            Event::End(TagEnd::TableCell) => {
                if in_body && column == 1 {
                    cells.push(text.clone());
                }
                column += 1;
            }
            Event::Start(Tag::List(_)) => {
                depth += 1;
                assert_eq!(depth, 1, "a name opened a nested list:\n{markdown}");
            }
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) => {
                in_item = true;
                text.clear();
            }
            Event::End(TagEnd::Item) => {
                in_item = false;
                items.push(text.split(": ").next().unwrap().to_owned());
            }
            Event::Text(t) => text.push_str(&t),
            Event::Code(t) if in_item => text.push_str(&t),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) if !in_body => {}
            Event::Start(Tag::Paragraph | Tag::Table(_) | Tag::TableHead)
            | Event::End(TagEnd::Paragraph | TagEnd::TableRow)
            | Event::SoftBreak => {}
            other => panic!("a name made Markdown act: {other:?}\n{markdown}"),
        }
    }
    (cells, items)
}

#[test]
fn markdown_shows_every_name_as_written() {
    let input = "tests/data/wild_out/markdown-names.csv";
    let markdown = stdout_of(&["rank", input, "--format", "markdown"]);
    let mut names: Vec<String> = csv::Reader::from_path(input)
        .unwrap()
        .records()
        .map(|r| r.unwrap()[0].to_owned())
        .collect();
    names.sort();
    let (mut cells, mut items) = rendered_markdown_names(&markdown);
    cells.sort();
    items.sort();
    assert_eq!(cells, names, "table cells\n{markdown}");
    assert_eq!(items, names, "red-flag list items\n{markdown}");
}

/// The start of a long message, for an assertion's text.
fn head(text: &str) -> &str {
    &text[..text
        .char_indices()
        .nth(300)
        .map_or(text.len(), |(at, _)| at)]
}

/// A shortlist of `n` programs named `Program 0 …` to `Program n-1 …`, each name `pad` long.
fn many_programs(dir: &std::path::Path, n: usize, pad: usize) -> String {
    let mut text = String::from(
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n",
    );
    for i in 0..n {
        text.push_str(&format!("Program {i} {},3,3,3,3,3\n", "x".repeat(pad)));
    }
    let path = dir.join("many.csv");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn explain_errors_on_many_or_long_names_stay_a_few_lines() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_programs(dir.path(), 2000, 300);
    // No name: the programs are listed, the first 20 of them.
    let (code, _, stderr) = progrank(&["explain", &input]);
    assert_eq!(code, 2, "{}", head(&stderr));
    assert!(stderr.contains(", and 1,980 more"), "{}", head(&stderr));
    assert!(stderr.len() < 4_000, "{} bytes", stderr.len());
    // A name that fits 1,111 of them.
    let (code, _, stderr) = progrank(&["explain", &input, "Program 1"]);
    assert_eq!(code, 2, "{}", head(&stderr));
    assert!(stderr.contains("fits 1,111 programs"), "{}", head(&stderr));
    assert!(
        stderr.contains(", and 1,091 more; give more of the name"),
        "{}",
        head(&stderr)
    );
    assert!(stderr.len() < 4_000, "{} bytes", stderr.len());
    // A name that fits none, typed (or pasted) very long: quoted cut, with its length.
    let typed = format!("Nowhere {}", "y".repeat(5000));
    let (code, _, stderr) = progrank(&["explain", &input, &typed]);
    assert_eq!(code, 65, "{}", head(&stderr));
    assert!(stderr.contains("… (5,008 characters)"), "{}", head(&stderr));
    assert!(stderr.len() < 1_500, "{} bytes", stderr.len());
}

#[test]
fn output_paths_with_control_characters_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let runs: Vec<Vec<String>> = vec![
        vec!["init".into(), at("sheet\u{1b}[2Jdir")],
        vec![
            "rank".into(),
            WIDE.into(),
            "-o".into(),
            at("r\u{1b}[2J.csv"),
        ],
        vec![
            "report".into(),
            WIDE.into(),
            "-o".into(),
            at("p\u{1b}[2J.html"),
        ],
        vec![
            "sensitivity".into(),
            WIDE.into(),
            "--samples".into(),
            "20".into(),
            "-o".into(),
            at("s\u{1b}[2J.csv"),
        ],
        vec![
            "rank".into(),
            WIDE.into(),
            "--compare".into(),
            WIDE_LABELS.into(),
            "-o".into(),
            at("c\u{1b}[2J.txt"),
        ],
    ];
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout, stderr) = progrank(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        let said = format!("{stdout}{stderr}");
        assert!(!said.contains('\u{1b}'), "{args:?}: {said:?}");
        assert!(said.contains("\\u{1b}[2J"), "{args:?}: {said:?}");
    }
}

#[test]
fn one_long_name_does_not_pad_every_sensitivity_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n",
    );
    text.push_str(&format!("Long {},5,5,5,5,5\n", "y".repeat(20_000)));
    for i in 0..50 {
        text.push_str(&format!("P{i},{},3,{},3,3\n", 1 + i % 5, 1 + i % 3));
    }
    let input = dir.path().join("long.csv");
    std::fs::write(&input, text).unwrap();
    let out = stdout_of(&["sensitivity", input.to_str().unwrap(), "--samples", "20"]);
    // The name in full where it is named (the winner, its own line, the methods, the
    // verdict: 124 KB), not also 20,000 spaces on each of the 50 other rows (1.1 MB).
    assert!(out.len() < 200_000, "{} bytes", out.len());
    let rows = block(&out, "Program");
    let figures: Vec<usize> = rows
        .iter()
        .filter(|l| !l.starts_with("Long yyy"))
        .map(|l| l.width())
        .collect();
    assert_eq!(figures.len(), 52, "{}", head(&out));
    assert!(all_equal(&figures), "{figures:?}");
    assert!(
        rows.iter()
            .any(|l| l.starts_with("Long yyy") && l.len() == 20_005)
    );
}

#[test]
fn a_negative_number_with_thousands_stays_a_number_in_csv() {
    let input = "tests/data/wild_out/negative-grouped.csv";
    let csv_text = stdout_of(&["rank", input, "--format", "csv"]);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    let cell = |program: &str, column: usize| {
        rows.iter().find(|r| &r[3] == program).unwrap()[column].to_owned()
    };
    // Numbers as the spreadsheet wrote them, for it to read back as numbers.
    assert_eq!(cell("Lakeshore MMEd", 9), "-1,250.00", "{csv_text}");
    assert_eq!(cell("Riverside MHPE", 9), "-12,000", "{csv_text}");
    // A phone number is text a spreadsheet would compute: still defused.
    assert_eq!(cell("Lakeshore MMEd", 10), "'+1-555-0100", "{csv_text}");
}

#[test]
fn explains_example_command_runs_as_shown_in_a_shell() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("My Shortlist (2026).csv");
    std::fs::write(
        &input,
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,brand_name\n\
         St. Mary's \"Best\" $HOME Program,5,5,5,5,5\nOther,3,3,3,3,3\n",
    )
    .unwrap();
    let (code, _, stderr) = progrank(&["explain", input.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    let example = stderr
        .split("e.g. ")
        .nth(1)
        .and_then(|rest| rest.split(" (part of the name").next())
        .unwrap_or_else(|| panic!("{stderr}"));
    // The example, pasted into a POSIX shell, explains the program it names.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("progrank() {{ \"$PROGRANK\" \"$@\"; }}; {example}"))
        .env("PROGRANK", env!("CARGO_BIN_EXE_progrank"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{example}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.starts_with("St. Mary's \"Best\" $HOME Program\nRank 1 of 2"),
        "{example}: {stdout}"
    );
}

/// The chromium binary, as tests/browser.rs finds it; `None` skips a browser test.
fn chromium() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("PROGRANK_CHROMIUM") {
        return Some(path.into());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

#[test]
fn report_notes_wrap_a_long_url_and_keep_their_line_breaks() {
    let Some(binary) = chromium() else {
        println!("skipped: no chromium binary on PATH");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let (code, _, stderr) = progrank(&[
        "rank",
        "tests/data/wild_out/long-notes.csv",
        "-o",
        report.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    // The page with a measuring script of ours: its Content-Security-Policy (which would
    // block that script) left out, nothing else changed.
    let html = std::fs::read_to_string(&report).unwrap();
    let csp_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let csp_end = csp_start + html[csp_start..].find('>').unwrap() + 1;
    let probe = "<script>(function(){var w=document.querySelector('.table-wrap');\
        var notes=document.querySelectorAll('td.notes .notes-wide');\
        var lines=[].map.call(notes,function(n){return n.getClientRects().length;});\
        document.body.setAttribute('data-probe','overflow='+(w.scrollWidth-w.clientWidth)+\
        ';lines='+lines.join(','));})();</script></body>";
    let measured = format!("{}{}", &html[..csp_start], &html[csp_end..]).replace("</body>", probe);
    let page = dir.path().join("probe.html");
    std::fs::write(&page, measured).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(binary)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1280,1400",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .stderr(std::process::Stdio::null())
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let probe = dom
        .split("data-probe=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no probe in the DOM: {}", head(&dom)));
    // Rows in rank order: Riverside (two lines of its own), then Lakeshore (a URL that
    // wraps); the table fits the window without scrolling sideways.
    let (overflow, lines) = probe.split_once(';').unwrap();
    assert_eq!(overflow, "overflow=0", "{probe}");
    let lines: Vec<usize> = lines
        .trim_start_matches("lines=")
        .split(',')
        .map(|n| n.parse().unwrap())
        .collect();
    assert!(lines[0] >= 2, "the note's line break is kept: {probe}");
    assert!(lines[1] >= 2, "the URL wraps: {probe}");
}

#[test]
fn the_command_suggested_for_a_file_without_subcommand_runs_as_shown() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(WIDE, dir.path().join("My Shortlist (2026).csv")).unwrap();
    let out = cargo_bin_cmd!("progrank")
        .current_dir(dir.path())
        .args(["My Shortlist (2026).csv", "--format", "csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{stderr}");
    let first_line = stderr.lines().next().unwrap();
    let command = first_line
        .find("(progrank rank ")
        .and_then(|at| first_line[at + 1..].strip_suffix(')'))
        .unwrap_or_else(|| panic!("{stderr}"));
    let again = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "progrank() {{ \"$PROGRANK\" \"$@\"; }}; {command} --format csv"
        ))
        .current_dir(dir.path())
        .env("PROGRANK", env!("CARGO_BIN_EXE_progrank"))
        .output()
        .unwrap();
    assert!(
        again.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(again.stdout, out.stdout, "{command}");
}
