//! The documented promises, typed as a reader types them: what README.md, `--help`, the man
//! page and docs/guide say a command does, checked through the real binary where the pages
//! have no example that trycmd runs (tests/docs.rs runs those).

use assert_cmd::cargo::cargo_bin_cmd;

fn progrank(args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("progrank")
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

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
