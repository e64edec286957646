//! The documentation cannot drift from the binary: every ```console block in README.md and
//! docs/**/*.md is run by trycmd and its output compared with what the page shows, every
//! relative link in those pages points to a file that exists, and the help names every input
//! and output format without inviting a shell trap.
//!
//! The examples are written as a reader types them at the repository root (`progrank rank
//! data/programs.csv`). They run in a temporary folder that links `data/`, `tests/` and
//! `weights.toml` from the repository, so the files an example writes (`report.html`,
//! `my-search/`) land there and never in the working tree.
//!
//! After a deliberate change of output, `TRYCMD=overwrite cargo test --test docs` rewrites the
//! blocks that differ; review the diff before committing it.

#![cfg(unix)]

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// README.md and every Markdown page under docs/, sorted.
fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut pages = vec![Path::new(ROOT).join("README.md")];
    walk(&Path::new(ROOT).join("docs"), &mut pages);
    pages.sort();
    pages
}

#[test]
fn console_examples_print_what_the_docs_show() {
    let work = tempfile::tempdir().unwrap();
    for name in ["data", "tests", "weights.toml"] {
        std::os::unix::fs::symlink(Path::new(ROOT).join(name), work.path().join(name)).unwrap();
    }
    // trycmd runs each command in the test's working directory; this is the only test in
    // this binary, so changing it here affects nothing else.
    std::env::set_current_dir(work.path()).unwrap();
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("progrank", PathBuf::from(env!("CARGO_BIN_EXE_progrank")))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    for page in pages() {
        cases.case(page);
    }
    cases.run();
}

/// The target of every inline Markdown link `](target)` outside code blocks and spans.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Drop code spans, so `a](b)` inside backticks is not a link.
        let mut plain = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                plain.push_str(part);
            }
        }
        let mut rest = plain.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            if let Some(end) = rest.find(')') {
                found.push(rest[..end].to_owned());
                rest = &rest[end..];
            }
        }
    }
    found
}

#[test]
fn relative_links_point_to_files_that_exist() {
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for target in links(&text) {
            if target.contains("://") || target.starts_with("mailto:") || target.starts_with('#') {
                continue;
            }
            let path = target.split('#').next().unwrap();
            checked += 1;
            if !page.parent().unwrap().join(path).exists() {
                broken.push(format!("{}: {target}", page.display()));
            }
        }
    }
    assert!(
        checked > 20,
        "only {checked} relative links found; is the parser broken?"
    );
    assert!(
        broken.is_empty(),
        "links to missing files:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_link_finder_sees_links_and_skips_code() {
    let text = "See [a](a.md) and [b](docs/b.md#part).\n`[c](c.md)`\n```text\n[d](d.md)\n```\n";
    assert_eq!(links(text), ["a.md", "docs/b.md#part"]);
}

fn help(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("progrank").args(args).output().unwrap();
    assert!(out.status.success(), "{args:?} failed");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn help_names_every_input_and_output_format() {
    for args in [&["--help"][..], &["rank", "--help"]] {
        let text = help(args);
        for format in [
            "CSV", "TSV", ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", "table", "JSON", "Markdown",
            "HTML", "xlsx",
        ] {
            assert!(
                text.contains(format),
                "{args:?} does not name {format}:\n{text}"
            );
        }
    }
}

/// Whether the `$` at byte `at` starts an amount written as a value to type: right after an
/// option (`--max-cost $40,000`, `--max-cost=$40,000`) or inside double quotes, where the
/// shell still expands it. Prose such as "points per $1,000" is not something to type.
fn unquoted_amount_at(text: &str, at: usize) -> bool {
    if !text[at + 1..].starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let before = &text[..at];
    if before.ends_with('"') {
        return true;
    }
    let word = before
        .trim_end_matches([' ', '='])
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or("");
    word.starts_with("--") && before.len() > before.trim_end_matches([' ', '=']).len()
}

#[test]
fn the_amount_check_tells_typed_values_from_prose() {
    let find = |text: &str| unquoted_amount_at(text, text.find('$').unwrap());
    assert!(find("e.g. --max-cost $40,000"));
    assert!(find("--max-cost=$40,000"));
    assert!(find(r#"use "$40,000" here"#));
    assert!(!find("--max-cost '$40,000'"));
    assert!(!find("points per $1,000 of net cost"));
    assert!(!find("--max-cost USD ($ signs are fine)"));
}

#[test]
fn no_help_shows_money_a_shell_would_eat() {
    // Unquoted (or in double quotes), `$40,000` reaches the program as `0,000`: `$4` expands
    // to nothing.
    for sub in ["rank", "report", "explain", "sensitivity", "advise", "init"] {
        let text = help(&[sub, "--help"]);
        for (at, _) in text.match_indices('$') {
            assert!(
                !unquoted_amount_at(&text, at),
                "`{sub} --help` shows an amount the shell would eat: {}{}",
                text[..at].rsplit('\n').next().unwrap(),
                text[at..].split('\n').next().unwrap()
            );
        }
    }
}
