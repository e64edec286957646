//! The command line as a first-time user types it: value lists in any case, options that do
//! nothing for this input, an output name that does not fit the subcommand, counts in prose.
//!
//! Each test is the smallest command line that showed a problem, through the real binary.

use clap::CommandFactory;

const PROGRAMS: &str = "data/programs.csv";

mod common;
use common::progrank;

/// Every argument of every subcommand that takes one of a list of words accepts it in any
/// case (`--format CSV`, `--delivery Online`), as advise's answers always did.
#[test]
fn every_value_list_ignores_case() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            if !arg.get_possible_values().is_empty()
                && arg.get_action().takes_values()
                && !arg.is_ignore_case_set()
            {
                missing.push(format!("{path} --{}", arg.get_id()));
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }
    let mut cmd = progrank::cli::Cli::command();
    cmd.build();
    let mut missing = Vec::new();
    walk(&cmd, "progrank", &mut missing);
    assert!(
        missing.is_empty(),
        "case-sensitive value lists: {missing:?}"
    );
}

#[test]
fn capitalised_values_rank_as_the_documented_spellings() {
    let lower = progrank(&[
        "rank",
        PROGRAMS,
        "--delivery",
        "online,hybrid",
        "--type",
        "masters",
        "--method",
        "wsm",
        "--missing",
        "worst",
        "--color",
        "never",
        "--format",
        "csv",
        "--csv-dialect",
        "excel-us",
    ]);
    let mixed = progrank(&[
        "rank",
        PROGRAMS,
        "--delivery",
        "Online,HYBRID",
        "--type",
        "Masters",
        "--method",
        "WSM",
        "--missing",
        "Worst",
        "--color",
        "Never",
        "--format",
        "CSV",
        "--csv-dialect",
        "Excel-US",
    ]);
    assert_eq!(lower.0, 0, "{}", lower.2);
    assert_eq!(mixed, lower);
    let (code, _, stderr) = progrank(&[
        "explain",
        PROGRAMS,
        "Lakeshore University MMEd",
        "--format",
        "JSON",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = progrank(&["completions", "Bash"]);
    assert_eq!(code, 0, "{stderr}");
}

/// The error for a wrong word still lists the documented (lower-case) spellings.
#[test]
fn a_wrong_word_still_lists_the_documented_spellings() {
    let (code, _, stderr) = progrank(&["rank", PROGRAMS, "--format", "Excel"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("[possible values: table, csv, json, markdown, html, xlsx]"),
        "{stderr}"
    );
}

/// `--sheet` picks a sheet of a workbook; given for CSV text it did nothing, silently, and a
/// user could believe another sheet had been read.
#[test]
fn sheet_for_csv_text_says_it_was_not_used() {
    let (code, stdout, stderr) = progrank(&["rank", PROGRAMS, "--sheet", "Shortlist 2026"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "note: --sheet 'Shortlist 2026' was not used: data/programs.csv is delimited text"
        ),
        "{stderr}"
    );
    // The ranking itself is the same as without --sheet.
    assert_eq!(stdout, progrank(&["rank", PROGRAMS]).1);
    let (_, _, stderr) = progrank(&["rank", PROGRAMS]);
    assert!(!stderr.contains("--sheet"), "{stderr}");
}

/// `--rates` converts a file that mixes currencies; for a file of one currency it did
/// nothing, silently, and a user could believe the pounds had become dollars.
#[test]
fn rates_for_a_file_of_one_currency_say_nothing_was_converted() {
    let pounds = "tests/data/wild_cli/pounds.csv";
    let (code, _, stderr) = progrank(&["rank", pounds, "--rates", "GBP=1.27"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("every amount is in GBP, so no amount needed converting"),
        "{stderr}"
    );
    let (code, _, stderr) = progrank(&["rank", PROGRAMS, "--rates", "EUR=1.08"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("every amount is in USD (no currency marked), so no amount needed"),
        "{stderr}"
    );
    // Without --rates, and where the rates convert, no such note.
    let (_, _, stderr) = progrank(&["rank", pounds]);
    assert!(!stderr.contains("converting"), "{stderr}");
    let mixed = "tests/data/real/bad-mixed-currency.csv";
    let (code, _, stderr) = progrank(&["rank", mixed, "--rates", "GBP=1.27"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("needed converting"), "{stderr}");
    assert!(stderr.contains("converted to USD"), "{stderr}");
}

/// `report data.csv out.csv` wrote an HTML page into out.csv, which a spreadsheet then
/// opens as garbage. Now a usage error naming the HTML name and `rank -o` for the format;
/// writing over the input is still the error reported first (exit 73).
#[test]
fn report_refuses_an_output_name_of_another_format() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("programs.csv");
    std::fs::copy(PROGRAMS, &input).unwrap();
    let input = input.to_str().unwrap();
    for name in ["out.csv", "ranked.XLSX", "out.json", "out.pdf"] {
        let out = dir.path().join(name);
        let (code, _, stderr) = progrank(&["report", input, out.to_str().unwrap()]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stderr.contains("report writes an HTML page"), "{stderr}");
        assert!(!out.exists(), "{name} was written");
        let (code, _, stderr) = progrank(&["report", input, "-o", out.to_str().unwrap()]);
        assert_eq!(code, 2, "{name}: {stderr}");
    }
    let out = dir.path().join("out.csv");
    let (_, _, stderr) = progrank(&["report", input, out.to_str().unwrap()]);
    assert!(
        stderr.contains(&format!(
            "name it {}, or for a .csv of the ranking, run: progrank rank {input} -o {}",
            dir.path().join("out.html").display(),
            out.display()
        )),
        "{stderr}"
    );
    // The input itself: the overwrite refusal comes first, as before.
    let (code, _, stderr) = progrank(&["report", input, input]);
    assert_eq!(code, 73, "{stderr}");
    assert!(
        stderr.contains("refusing to write over the input file"),
        "{stderr}"
    );
    // HTML names in any case, and a name without an extension, are written.
    for name in ["page.HTML", "page.htm", "page"] {
        let out = dir.path().join(name);
        let (code, _, stderr) = progrank(&["report", input, out.to_str().unwrap()]);
        assert_eq!(code, 0, "{name}: {stderr}");
        assert!(
            std::fs::read_to_string(&out)
                .unwrap()
                .starts_with("<!DOCTYPE html>")
        );
    }
}

/// A count of one meets a singular unit: `1 hour a week`, `1 ranked program`.
#[test]
fn a_count_of_one_takes_the_singular() {
    let file = "tests/data/wild_cli/one-hour.csv";
    let (code, stdout, stderr) = progrank(&["explain", file, "Birch MHPE", "--max-hours", "1"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("2 hours a week is above your limit of 1 hour a week"),
        "{stdout}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let out = out.to_str().unwrap();
    let (code, _, stderr) = progrank(&["rank", file, "--max-hours", "0.5", "-o", out]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("excluded Alder MMEd: 1 hour a week is above --max-hours 0.5"),
        "{stderr}"
    );
    assert!(
        stderr.contains("excluded Birch MHPE: 2 hours a week is above --max-hours 0.5"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("wrote 1 ranked program to {out}")),
        "{stderr}"
    );
    let (_, _, stderr) = progrank(&["rank", file, "-o", out]);
    assert!(
        stderr.contains(&format!("wrote 3 ranked programs to {out}")),
        "{stderr}"
    );
    let one = "tests/data/wild_cli/one-program.csv";
    let (code, _, stderr) = progrank(&["sensitivity", one, "-o", out]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "wrote the sensitivity analysis of 1 program to {out}"
        )),
        "{stderr}"
    );
    let mentor = "tests/data/compare/mentor.toml";
    let (code, stdout, stderr) = progrank(&["rank", PROGRAMS, "--compare", mentor, "--top", "9"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("(1 more ranked program not shown: --top)"),
        "{stdout}"
    );
}

/// `--include-excluded` writes the excluded rows too: the summary line counted only the
/// ranked ones. It says both now, and keeps its old wording when no excluded row is written.
#[test]
fn the_summary_counts_the_excluded_rows_written() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["out.xlsx", "out.csv", "out.json"] {
        let out = dir.path().join(name);
        let out = out.to_str().unwrap();
        let (code, _, stderr) = progrank(&[
            "rank",
            PROGRAMS,
            "--max-hours",
            "12",
            "--include-excluded",
            "-o",
            out,
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains(&format!("wrote 5 ranked and 5 excluded programs to {out}")),
            "{stderr}"
        );
        // Without --include-excluded, or in a format that does not list them: as before.
        let (_, _, stderr) = progrank(&["rank", PROGRAMS, "--max-hours", "12", "-o", out]);
        assert!(
            stderr.contains(&format!("wrote 5 ranked programs to {out}")),
            "{stderr}"
        );
    }
    let out = dir.path().join("out.md");
    let out = out.to_str().unwrap();
    let (_, _, stderr) = progrank(&[
        "rank",
        PROGRAMS,
        "--max-hours",
        "12",
        "--include-excluded",
        "-o",
        out,
    ]);
    assert!(
        stderr.contains(&format!("wrote 5 ranked programs to {out}")),
        "{stderr}"
    );
}

/// Every other subcommand with --format has -f; advise had none.
#[test]
fn advise_takes_f_for_format() {
    let args = ["advise", "--education-identity", "no"];
    let long = progrank(&[&args[..], &["--format", "json"]].concat());
    let short = progrank(&[&args[..], &["-f", "JSON"]].concat());
    assert_eq!(long.0, 0, "{}", long.2);
    assert!(long.1.contains("\"schema_version\""), "{}", long.1);
    assert_eq!(short, long);
}

/// Options typed before the subcommand were refused as unknown, with no word on where they
/// go: now the same command with the options after the subcommand.
#[test]
fn options_before_the_subcommand_show_where_they_go() {
    let (code, _, stderr) = progrank(&["--top", "3", "rank", PROGRAMS]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: options go after the subcommand (rank); run: progrank rank {PROGRAMS} --top 3\n"
        )
    );
    let (code, _, stderr) = progrank(&["-o", "my list.csv", "rank", PROGRAMS]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!("run: progrank rank {PROGRAMS} -o 'my list.csv'")),
        "{stderr}"
    );
    // Help, version and an unknown option alone keep clap's own messages.
    assert_eq!(progrank(&["--version"]).0, 0);
    let (code, _, stderr) = progrank(&["--bogus"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unexpected argument '--bogus'"), "{stderr}");
}

/// A second file after `rank` was "unexpected argument": now -o for an output name, the
/// file once when it is repeated, one run per file for two inputs.
#[test]
fn a_second_file_after_rank_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let out = out.to_str().unwrap();
    let (code, _, stderr) = progrank(&["rank", PROGRAMS, out, "--costs"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "to write the output to {out}, name it with -o: progrank rank {PROGRAMS} --costs -o {out}"
        )),
        "{stderr}"
    );
    assert!(!std::path::Path::new(out).exists());
    // With no subcommand too.
    let (code, _, stderr) = progrank(&[PROGRAMS, out]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!("progrank rank {PROGRAMS} -o {out}")),
        "{stderr}"
    );
    let (code, _, stderr) = progrank(&["rank", PROGRAMS, PROGRAMS]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "{PROGRAMS} is given twice; rank reads one file: run progrank rank {PROGRAMS}"
        )),
        "{stderr}"
    );
    // A word after a switch is not taken for an output name.
    let (code, _, stderr) = progrank(&["rank", PROGRAMS, "--costs", "yes"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("-o"), "{stderr}");
    let other = "tests/data/wild_cli/one-hour.csv";
    let (code, _, stderr) = progrank(&["sensitivity", PROGRAMS, other]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains(&format!(
            "sensitivity reads one file at a time, and {other} is a second one"
        )),
        "{stderr}"
    );
}

/// `-o` naming a folder was "cannot tell the format from the name" (or "check that the
/// folder exists"): now it says it is a folder and names a file in it to write.
#[test]
fn an_output_folder_names_a_file_to_write_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().to_str().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (&["rank", PROGRAMS, "-o", folder], "ranked.csv"),
        (
            &["rank", PROGRAMS, "-f", "json", "-o", folder],
            "ranked.json",
        ),
        (&["sensitivity", PROGRAMS, "-o", folder], "sensitivity.csv"),
        (&["report", PROGRAMS, folder], "programs.report.html"),
    ];
    for (args, file) in cases {
        let (code, _, stderr) = progrank(args);
        assert_eq!(code, 73, "{args:?}: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: cannot write {folder}: it is a folder; name a file in it, such as -o {}\n",
                dir.path().join(file).display()
            ),
            "{args:?}"
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// `--weights programs.csv` (the shortlist where the weights go) showed a TOML error on
/// the CSV header line, or a UTF-8 error for a workbook: now it says what the option takes.
#[test]
fn the_shortlist_given_as_weights_file_says_so() {
    for option in ["--weights", "--compare"] {
        let (code, _, stderr) = progrank(&["rank", PROGRAMS, option, PROGRAMS]);
        assert_eq!(code, 78, "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "error: {PROGRAMS}: this is a spreadsheet, not a weights file: {option} takes a \
                 TOML file such as weights.toml (progrank init writes one to fill in); give the \
                 spreadsheet itself as INPUT, as in progrank rank {PROGRAMS}\n"
            )
        );
    }
}

/// A Windows path with backslashes, on a system of `/` paths, names the file as this
/// system spells it when that file exists.
#[test]
fn a_windows_style_path_suggests_the_same_path_with_slashes() {
    let (code, _, stderr) = progrank(&["rank", r"tests\data\wild_cli\one-hour.csv"]);
    assert_eq!(code, 66, "{stderr}");
    assert!(
        stderr.contains("(did you mean tests/data/wild_cli/one-hour.csv?)"),
        "{stderr}"
    );
}

/// `--delivery` and `--type` read a word as the delivery and program_type cells read it
/// (`in person`, `on-site`, `master`, `cert`), not only as the documented spellings.
#[test]
fn limit_words_read_as_the_cells_read_them() {
    let ranked = |args: &[&str]| {
        let (code, stdout, stderr) =
            progrank(&[&["rank", PROGRAMS, "--format", "csv"][..], args].concat());
        assert_eq!(code, 0, "{args:?}: {stderr}");
        stdout
    };
    assert_eq!(
        ranked(&["--delivery", "in person,Online", "--type", "master,cert"]),
        ranked(&[
            "--delivery",
            "in-person,online",
            "--type",
            "masters,certificate"
        ])
    );
    assert_eq!(
        ranked(&["--delivery", "on-site"]),
        ranked(&["--delivery", "in-person"])
    );
    let (code, _, stderr) = progrank(&["rank", PROGRAMS, "--delivery", "pigeon"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("[possible values: online, hybrid, in-person]"),
        "{stderr}"
    );
}

/// `--format` takes the names `-o`'s extensions give the formats (`md`, `txt`, `htm`), as a
/// user who just wrote `-o ranked.md` types them.
#[test]
fn format_takes_the_extension_names() {
    let csv = |args: &[&str]| progrank(&[&["rank", PROGRAMS][..], args].concat());
    let md = csv(&["--format", "md"]);
    assert_eq!(md.0, 0, "{}", md.2);
    assert_eq!(md, csv(&["--format", "markdown"]));
    assert_eq!(csv(&["-f", "txt"]), csv(&["--format", "table"]));
    let (code, _, stderr) = progrank(&[
        "sensitivity",
        PROGRAMS,
        "--format",
        "txt",
        "--samples",
        "200",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = progrank(&["explain", PROGRAMS, "Lakeshore", "-f", "text"]);
    assert_eq!(code, 0, "{stderr}");
}

/// `--max-cost $40,000` unquoted reaches progrank as `0,000` (`$40000` as `0000`, a budget
/// of 0 that left every program out): now a usage error saying what the shell did.
#[test]
fn a_dollar_amount_the_shell_cut_says_to_quote_it() {
    for eaten in [",000", "0000", "0k"] {
        let (code, stdout, stderr) = progrank(&["rank", PROGRAMS, "--max-cost", eaten]);
        assert_eq!(code, 2, "{eaten}: {stderr}");
        assert!(stdout.is_empty());
        assert!(
            stderr.contains("looks like an amount whose start the shell removed")
                && stderr.contains("--max-cost '$40,000'"),
            "{stderr}"
        );
    }
    for fine in ["0", "0.5", "$40,000", "40000"] {
        let (code, _, stderr) = progrank(&["rank", PROGRAMS, "--max-cost", fine]);
        assert_eq!(code, 0, "{fine}: {stderr}");
    }
}

/// `--skip-rows -1` got clap's tip to write `-- -1`, which makes -1 a second input file.
#[test]
fn a_negative_skip_rows_gets_its_own_message() {
    let (code, _, stderr) = progrank(&["rank", PROGRAMS, "--skip-rows", "-1"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("\"-1\" is not a whole number of lines such as 2"),
        "{stderr}"
    );
    assert!(!stderr.contains("-- -1"), "{stderr}");
}
