//! The weights file and the options that change how a file is read, as a first-time user
//! meets them on their own spreadsheet: a wrong file given to --weights, `--weight NAME=0`
//! for a criterion the sheet has no column for, a --delimiter that is not the file's, and
//! text-only options given with a workbook. Each test is a regression test for a bug found
//! (or pins a case that was found to work, where it says so).

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

const SHORTLIST: &str = "tests/data/wild_config/shortlist.csv";

fn progrank() -> assert_cmd::Command {
    cargo_bin_cmd!("progrank")
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn a_huge_weights_file_is_refused_by_its_size_before_it_is_read() {
    // A 300 MB file of `#` took 4.6 s and 1.4 GB of memory, then said "missing field
    // `weights`" under the whole file quoted as one line.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    std::fs::write(&path, vec![b'#'; 2 << 20]).unwrap();
    let assert = progrank()
        .args(["rank", SHORTLIST, "--weights"])
        .arg(&path)
        .assert()
        .code(78)
        .stdout("");
    let err = stderr_of(&assert);
    assert!(
        err.contains(
            "big.toml: the weights file is 2.0 MiB (2097152 bytes), over the limit of 1 MiB"
        ),
        "{err}"
    );
    assert!(err.contains("check the --weights path"), "{err}");
    assert!(!err.contains("missing field"), "{err}");
    assert!(err.len() < 1000, "{err}");
    // --no-limits is about the input spreadsheet: it does not lift the weights file's cap.
    let assert = progrank()
        .args(["rank", SHORTLIST, "--no-limits", "--weights"])
        .arg(&path)
        .assert()
        .code(78);
    assert!(stderr_of(&assert).contains("over the limit of 1 MiB"));
    // The cap is the same for the second file of --compare.
    let assert = progrank()
        .args(["rank", SHORTLIST, "--compare"])
        .arg(&path)
        .assert()
        .code(78);
    let err = stderr_of(&assert);
    assert!(err.contains("over the limit of 1 MiB"), "{err}");
    assert!(err.contains("check the --compare path"), "{err}");
}

#[test]
fn a_weights_file_one_byte_under_the_cap_is_read() {
    // The cap refuses only what is over it: a file of comments up to 1 MiB is read.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weights.toml");
    let head = "[weights]\nfunding = 1\n";
    let mut text = head.to_owned();
    text.push_str(&"#".repeat((1 << 20) - head.len() - 1));
    text.push('\n');
    assert_eq!(text.len(), 1 << 20);
    std::fs::write(&path, text).unwrap();
    progrank()
        .args(["rank", SHORTLIST, "--format", "csv", "--weights"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("Cedar Fellowship"));
}

#[test]
fn a_large_spreadsheet_given_as_weights_is_called_a_spreadsheet_not_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all-programs.csv");
    let mut text = std::fs::read_to_string(SHORTLIST).unwrap();
    while text.len() <= 1 << 20 {
        text.push_str("Extra MHPE,3,3,3\n");
    }
    std::fs::write(&path, text).unwrap();
    let assert = progrank()
        .args(["rank", SHORTLIST, "--weights"])
        .arg(&path)
        .assert()
        .code(78);
    let err = stderr_of(&assert);
    assert!(
        err.contains("this is a spreadsheet, not a weights file"),
        "{err}"
    );
}

#[test]
fn a_folder_given_as_weights_says_so_and_names_the_weights_file_in_it() {
    // It said "cannot read the weights file: Is a directory (os error 21)".
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("my settings");
    std::fs::create_dir(&folder).unwrap();
    let assert = progrank()
        .args(["rank", SHORTLIST, "--weights"])
        .arg(&folder)
        .assert()
        .code(78);
    let err = stderr_of(&assert);
    assert!(err.contains("this is a folder, not a file"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    std::fs::write(folder.join("weights.toml"), "[weights]\nfunding = 1\n").unwrap();
    let assert = progrank()
        .args(["rank", SHORTLIST, "--weights"])
        .arg(&folder)
        .assert()
        .code(78);
    let err = stderr_of(&assert);
    assert!(
        err.contains(&format!(
            "did you mean --weights '{}'?",
            folder.join("weights.toml").display()
        )),
        "{err}"
    );
}

#[test]
fn a_syntax_error_on_a_very_long_line_does_not_quote_the_line() {
    // toml quotes the line of the error whole: a one-line file of 500 KB was printed back.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weights.toml");
    std::fs::write(
        &path,
        format!("[weights]\nfunding = 1 {}\n", "x".repeat(500_000)),
    )
    .unwrap();
    let assert = progrank()
        .args(["rank", SHORTLIST, "--weights"])
        .arg(&path)
        .assert()
        .code(78);
    let err = stderr_of(&assert);
    assert!(
        err.contains(
            "weights.toml: TOML parse error at line 2, column 11 (a line too long to show)"
        ),
        "{err}"
    );
    assert!(err.len() < 1000, "{} bytes: {}", err.len(), &err[..1000]);
    // A long string where a number goes is cut like a long cell.
    std::fs::write(
        &path,
        format!("[weights]\nfunding = \"{}\"\n", "9x".repeat(5_000)),
    )
    .unwrap();
    let assert = progrank()
        .args(["rank", SHORTLIST, "--weights"])
        .arg(&path)
        .assert()
        .code(78);
    let err = stderr_of(&assert);
    assert!(err.contains("(10,000 characters)"), "{err}");
    assert!(err.len() < 1000, "{} bytes", err.len());
}

#[test]
fn a_weights_file_with_a_utf8_byte_order_mark_is_read() {
    // Fine before: Notepad's "UTF-8 with BOM" (the BOM is stripped).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weights.toml");
    std::fs::write(&path, "\u{FEFF}[weights]\r\nfunding = 1\r\n").unwrap();
    progrank()
        .args(["rank", SHORTLIST, "--format", "csv", "--weights"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("Cedar Fellowship"));
}

/// The built-in weights.toml with criterion `id` dropped as its comment says: its line
/// under [weights] and its [criteria.ID] table.
fn built_in_without(id: &str) -> String {
    let table = format!("[criteria.{id}]");
    let mut out = String::new();
    let mut in_table = false;
    for line in std::fs::read_to_string("weights.toml").unwrap().lines() {
        if line.starts_with('[') {
            in_table = line == table;
        }
        if in_table || line.starts_with(&format!("{id} = ")) {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

const LEFT_OUT: &str = "note: tests/data/wild_config/shortlist.csv: brand_name has weight 0 and no column, so it is left out of this run";

#[test]
fn weight_zero_leaves_out_a_criterion_the_sheet_has_no_column_for() {
    // `--weight brand_name=0` on a sheet with no brand column was refused: "missing column
    // brand_name ... remove the criterion from the weights file".
    let zeroed = progrank()
        .args([
            "rank",
            SHORTLIST,
            "--format",
            "csv",
            "--weight",
            "brand_name=0",
        ])
        .assert()
        .success();
    let err = stderr_of(&zeroed);
    assert_eq!(err.matches(LEFT_OUT).count(), 1, "{err}");
    // The same ranking, byte for byte, as a weights file without the criterion.
    let dir = tempfile::tempdir().unwrap();
    let four = dir.path().join("four.toml");
    std::fs::write(&four, built_in_without("brand_name")).unwrap();
    let dropped = progrank()
        .args(["rank", SHORTLIST, "--format", "csv", "--weights"])
        .arg(&four)
        .assert()
        .success();
    assert_eq!(
        String::from_utf8_lossy(&zeroed.get_output().stdout),
        String::from_utf8_lossy(&dropped.get_output().stdout)
    );
    assert!(!stderr_of(&dropped).contains("left out"));
    // `brand_name = 0` in a weights file does the same.
    let zero_file = dir.path().join("zero.toml");
    std::fs::write(
        &zero_file,
        std::fs::read_to_string("weights.toml")
            .unwrap()
            .replace("brand_name = 50", "brand_name = 0"),
    )
    .unwrap();
    let from_file = progrank()
        .args(["rank", SHORTLIST, "--format", "csv", "--weights"])
        .arg(&zero_file)
        .assert()
        .success();
    assert_eq!(zeroed.get_output().stdout, from_file.get_output().stdout);
    assert!(stderr_of(&from_file).contains("brand_name has weight 0 and no column"));
}

#[test]
fn weight_zero_leaves_the_criterion_out_in_every_subcommand_that_reads_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let other = dir.path().join("other.toml");
    std::fs::write(
        &other,
        "[weights]\nfaculty_quality = 1\nscholarship_support = 1\nfunding = 1\nschedule_flexibility = 1\nbrand_name = 0\n",
    )
    .unwrap();
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec![
            "rank".into(),
            SHORTLIST.into(),
            "--format".into(),
            "json".into(),
        ],
        vec![
            "explain".into(),
            SHORTLIST.into(),
            "Birch".into(),
            "--format".into(),
            "json".into(),
        ],
        vec![
            "sensitivity".into(),
            SHORTLIST.into(),
            "--format".into(),
            "json".into(),
        ],
        vec![
            "report".into(),
            SHORTLIST.into(),
            "-o".into(),
            html.clone().into(),
        ],
        vec![
            "report".into(),
            SHORTLIST.into(),
            "--compare".into(),
            other.clone().into(),
            "-o".into(),
            html.clone().into(),
        ],
        vec![
            "rank".into(),
            SHORTLIST.into(),
            "--compare".into(),
            other.clone().into(),
            "--format".into(),
            "json".into(),
        ],
    ];
    for args in runs {
        let assert = progrank()
            .args(&args)
            .args(["--weight", "Brand=0"])
            .assert()
            .success();
        let out = String::from_utf8_lossy(&assert.get_output().stdout);
        assert!(!out.contains("brand_name"), "{args:?}: {out}");
        let err = stderr_of(&assert);
        // Once, in every command (`rank --compare` too, since it prints the input's notes).
        assert_eq!(err.matches(LEFT_OUT).count(), 1, "{args:?}: {err}");
    }
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Faculty quality") && !page.contains("Brand name"));
}

#[test]
fn weight_zero_does_not_leave_out_a_criterion_whose_column_is_there_nor_allow_all_zero() {
    // The column is there: the criterion stays, counting for nothing (as before).
    let out = progrank()
        .args([
            "rank",
            "tests/data/wild_cfg/shortlist.csv",
            "--format",
            "json",
            "--weight",
            "brand_name=0",
        ])
        .assert()
        .success();
    assert!(
        String::from_utf8_lossy(&out.get_output().stdout).contains("\"criterion\": \"brand_name\"")
    );
    assert!(!stderr_of(&out).contains("left out"));
    // Every weight zero is still refused.
    let all_zero = progrank()
        .args(["rank", SHORTLIST, "--weight", "brand_name=0"])
        .args([
            "--weight",
            "faculty_quality=0",
            "--weight",
            "scholarship_support=0",
        ])
        .args([
            "--weight",
            "funding=0",
            "--weight",
            "schedule_flexibility=0",
        ])
        .assert()
        .code(78);
    assert!(stderr_of(&all_zero).contains("every weight is now zero"));
}

#[test]
fn a_missing_criterion_column_names_weight_zero_as_the_way_out_when_it_is_one() {
    // The message said only "remove the criterion from the weights file", to users who
    // often have no weights file (the built-in one is used).
    let assert = progrank().args(["rank", SHORTLIST]).assert().code(65);
    let err = stderr_of(&assert);
    assert!(
        err.contains("remove the criterion from the weights file; or, to leave it out of this run, add --weight brand_name=0\n"),
        "{err}"
    );
    // Following it works.
    progrank()
        .args(["rank", SHORTLIST, "--weight", "brand_name=0"])
        .assert()
        .success();
    // Two missing: one line with both flags.
    let dir = tempfile::tempdir().unwrap();
    let three = dir.path().join("three.csv");
    std::fs::write(&three, "program,faculty_quality,funding\nA,3,4\nB,4,3\n").unwrap();
    let err = stderr_of(&progrank().arg("rank").arg(&three).assert().code(65));
    assert!(
        err.contains("\nTo leave the missing criteria out of this run instead, add --weight scholarship_support=0 --weight schedule_flexibility=0 --weight brand_name=0.\n"),
        "{err}"
    );
    // Not when no criterion was found (a wrong sheet or delimiter, where it would leave
    // nothing to score), and not for a header that looks like the column (rename it).
    let none = dir.path().join("none.csv");
    std::fs::write(&none, "program,cost\nA,3\n").unwrap();
    let err = stderr_of(&progrank().arg("rank").arg(&none).assert().code(65));
    assert!(!err.contains("--weight"), "{err}");
    let typo = dir.path().join("typo.csv");
    std::fs::write(
        &typo,
        "program,faculty_quality,scholarship_support,funding,schedule_flexibility,Brnd name\nA,3,4,3,3,3\n",
    )
    .unwrap();
    let err = stderr_of(&progrank().arg("rank").arg(&typo).assert().code(65));
    assert!(
        err.contains("looks like it; rename it to brand_name"),
        "{err}"
    );
    assert!(!err.contains("--weight"), "{err}");
}

#[test]
fn a_wrong_delimiter_is_named_when_the_header_is_one_cell_holding_another() {
    // The header error listed every column as missing and never named the delimiter.
    for (flag, used) in [
        ("semicolon", "semicolon"),
        (";", "semicolon"),
        ("tab", "tab"),
    ] {
        let assert = progrank()
            .args(["rank", SHORTLIST, "--delimiter", flag])
            .assert()
            .code(65)
            .stdout("");
        let err = stderr_of(&assert);
        assert!(err.contains("missing column program"), "{err}");
        assert!(
            err.contains(&format!(
                "\nThe header is one cell holding several commas: the file looks comma-separated, \
                 but was read as {used}-separated because --delimiter {used} was given; drop \
                 --delimiter (progrank finds the delimiter by itself) or give --delimiter comma.\n"
            )),
            "{err}"
        );
    }
    // The same in every subcommand (one header check).
    for sub in ["explain", "sensitivity"] {
        let err = stderr_of(
            &progrank()
                .args([sub, SHORTLIST, "--delimiter", "pipe"])
                .assert()
                .code(65),
        );
        assert!(
            err.contains("the file looks comma-separated, but was read as pipe-separated"),
            "{err}"
        );
    }
    // Following the advice works.
    progrank()
        .args([
            "rank",
            SHORTLIST,
            "--delimiter",
            "comma",
            "--weight",
            "brand_name=0",
        ])
        .assert()
        .success();
}

#[test]
fn a_delimiter_chosen_wrongly_without_the_option_is_named_too() {
    // Excel's sep=; line on a file saved with commas.
    let err = stderr_of(
        &progrank()
            .args(["rank", "tests/data/wild_config/sep-line-wrong.csv"])
            .assert()
            .code(65),
    );
    assert!(
        err.contains("the file looks comma-separated, but was read as semicolon-separated because the file's first line, sep=;, says so; delete that line or give --delimiter comma."),
        "{err}"
    );
    // A semicolon file with a short row: no delimiter splits every row evenly, so it was
    // read with commas, as one column.
    let err = stderr_of(
        &progrank()
            .args(["rank", "tests/data/wild_config/semicolon-ragged.csv"])
            .assert()
            .code(65),
    );
    assert!(
        err.contains("the file looks semicolon-separated, but was read as comma-separated because its rows do not all have the same number of cells"),
        "{err}"
    );
    assert!(err.contains("give --delimiter semicolon"), "{err}");
    // Following the advice names the short row.
    let err = stderr_of(
        &progrank()
            .args([
                "rank",
                "tests/data/wild_config/semicolon-ragged.csv",
                "--delimiter",
                "semicolon",
            ])
            .assert()
            .code(65),
    );
    assert!(
        err.contains("line 3: this row has 5 cells but the header has 6"),
        "{err}"
    );
    // A one-column sheet with no other delimiter in its header gets no delimiter hint.
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("names.csv");
    std::fs::write(&one, "program\nAlder\n").unwrap();
    let err = stderr_of(&progrank().arg("rank").arg(&one).assert().code(65));
    assert!(!err.contains("delimiter"), "{err}");
}

#[test]
fn text_only_options_given_with_a_workbook_get_a_note_saying_they_were_not_used() {
    // --delimiter and --encoding were silently ignored for .xlsx/.ods/.xls.
    let plain = progrank()
        .args([
            "rank",
            "tests/data/workbooks/shortlist.ods",
            "--format",
            "csv",
        ])
        .assert()
        .success();
    let both = progrank()
        .args([
            "rank",
            "tests/data/workbooks/shortlist.ods",
            "--format",
            "csv",
        ])
        .args(["--delimiter", ";", "--encoding", "windows-1252"])
        .assert()
        .success();
    assert_eq!(plain.get_output().stdout, both.get_output().stdout);
    let err = stderr_of(&both);
    let note = "note: --delimiter semicolon and --encoding windows-1252 were not used: \
                tests/data/workbooks/shortlist.ods is a workbook, whose cells are read as \
                they are; they apply to delimited text (CSV or TSV) only\n";
    assert_eq!(err.matches(note).count(), 1, "{err}");
    let err = stderr_of(
        &progrank()
            .args([
                "explain",
                "tests/data/workbooks/shortlist.xls",
                "--delimiter",
                "tab",
            ])
            .assert(),
    );
    assert!(
        err.contains("note: --delimiter tab was not used: tests/data/workbooks/shortlist.xls is a workbook, whose cells are read as they are; it applies to delimited text (CSV or TSV) only"),
        "{err}"
    );
    // --decimal and --skip-rows apply to workbooks: no note for them.
    let err = stderr_of(
        &progrank()
            .args([
                "rank",
                "tests/data/workbooks/shortlist.ods",
                "--decimal",
                "comma",
            ])
            .assert()
            .success(),
    );
    assert!(!err.contains("not used"), "{err}");
}

/// Ranks the shortlist with `text` as the weights file, expecting the weights to be refused
/// (exit 78, nothing on standard output); returns standard error.
fn weights_error(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, text).unwrap();
    let assert = progrank()
        .args(["rank", "tests/data/wild_cfg/shortlist.csv", "--weights"])
        .arg(&path)
        .assert()
        .code(78)
        .stdout("");
    let err = stderr_of(&assert);
    assert!(err.contains("mine.toml: "), "{err}");
    assert!(!err.contains("Raw") && !err.contains("panicked"), "{err}");
    err
}

#[test]
fn a_weights_file_that_parses_but_says_something_impossible_names_the_line() {
    // These named the file and the key but not the line.
    let cases = [
        (
            "[weights]\nfunding = 1\nbrand_name = -5\n",
            "mine.toml: line 3: the weight of brand_name is -5; weights must be zero or positive",
        ),
        (
            "[weights]\nfunding = 1\n\n[criteria.location]\nlabel = \"Location\"\n",
            "mine.toml: line 4: [criteria.location] describes a criterion with no weight",
        ),
        (
            "[weights]\nfunding = 1\n[criteria.funding]\nlabel = \"F\"\nscale = { min = 5, max = 1 }\n",
            "mine.toml: line 5: [criteria.funding] scale min 5 is not below max 1",
        ),
        (
            "[weights]\nfunding = 1\n[criteria.funding]\nlabels = {\n  none = 1,\n  lots = 9 }\n",
            "mine.toml: line 6: [criteria.funding] label \"lots\" = 9 is off the scale 1 to 5",
        ),
        (
            "[weights]\nfunding = 1\nbrand_name = 1\n[criteria.funding]\naliases = [\"money\"]\n[criteria.brand_name]\naliases = [\"Prestige\",\n \"Money\"]\n",
            "mine.toml: line 8: the name \"Money\" of criterion brand_name is already used by funding",
        ),
        (
            "[weights]\nfunding = 1\nbrand_name = 1\n[criteria.brand_name]\naliases = [\"funding\"]\n",
            "mine.toml: line 5: the name \"funding\" of criterion brand_name is already used by funding",
        ),
        (
            "[weights]\nfunding = 1\n[criteria.funding]\nlabel_short = \"  \"\n",
            "mine.toml: line 4: [criteria.funding] label_short is empty",
        ),
        (
            "[weights]\nfunding = 1\n\n[[flags]]\nid = \"low\"\nmessage = \"m\"\nseverity = \"warning\"\nwhen = \"funding <\"\n",
            "mine.toml: line 4: flag low: when = \"funding <\"",
        ),
        (
            "[weights]\nfunding = 1\n[currency]\nGBP = 1.27\nEUR = -1\n",
            "mine.toml: line 5: [currency] the rate of EUR is -1",
        ),
        (
            "[weights]\nfunding = 1\n[settings]\nweeks_per_year = 60\n",
            "mine.toml: line 4: [settings] weeks_per_year = 60 is not between 0 and 53",
        ),
        (
            "[weights]\nfunding = 1\n[settings]\nranges = \"most\"\n",
            "mine.toml: line 4: [settings] ranges: \"most\" is not low, mid or high",
        ),
        (
            "[weights]\nfunding = 1\n[columns]\nnotes = [\"memo\"]\ntuition_usd = [\"\"]\n",
            "mine.toml: line 5: [columns] \"tuition_usd\" has an empty name",
        ),
    ];
    for (text, expected) in cases {
        let err = weights_error(text);
        assert!(err.contains(expected), "{text}\n{err}");
    }
}

#[test]
fn a_weights_file_with_a_value_of_the_wrong_shape_says_what_to_write() {
    // A string where a list goes said "expected a sequence", a list where a table goes
    // "expected a map".
    let cases = [
        (
            "[weights]\nfunding = 1\n[criteria.funding]\naliases = \"money\"\n",
            "expected a list of header names in brackets, such as aliases = [\"Faculty\", \"Teaching\"]",
        ),
        (
            "[weights]\nfunding = 1\n[columns]\ntuition_usd = \"fees\"\n",
            "expected a list of header names in brackets, such as tuition_usd = [\"Tuition\", \"Fees\"]",
        ),
        (
            "[weights]\nfunding = 1\n[criteria.funding]\nlabels = [\"none\", \"full\"]\n",
            "expected words and the ratings they stand for, in braces, such as labels = { none = 1, full = 5 }",
        ),
        (
            "weights = [90, 80]\n",
            "expected a [weights] table with one line per criterion, such as faculty_quality = 90",
        ),
    ];
    for (text, expected) in cases {
        let err = weights_error(text);
        assert!(err.contains("TOML parse error at line"), "{err}");
        assert!(err.contains(expected), "{text}\n{err}");
        assert!(
            !err.contains("expected a sequence") && !err.contains("expected a map"),
            "{err}"
        );
    }
}

#[test]
fn a_misspelt_table_or_a_weight_in_the_wrong_table_gets_a_hint() {
    let cases = [
        ("[weight]\nfunding = 1\n", "did you mean [weights]?"),
        (
            "[weights]\nfunding = 1\n[criterion.funding]\nlabel = \"F\"\n",
            "did you mean [criteria.funding]?",
        ),
        (
            "[weights]\nfunding = 1\n[[flag]]\nid = \"x\"\n",
            "did you mean [[flags]]?",
        ),
        (
            "[weights]\nfunding = 1\n[criteria.funding]\nweight = 5\n",
            "a criterion's weight goes on its own line under [weights], such as funding = 75",
        ),
        (
            "funding = 1\nbrand_name = 2\n",
            "criteria and their weights go under a [weights] line",
        ),
        (
            "# my weights\n",
            "a weights file lists each criterion and its weight under a [weights] line",
        ),
    ];
    for (text, hint) in cases {
        let err = weights_error(text);
        assert!(err.contains("TOML parse error at line"), "{err}");
        assert!(err.contains(hint), "{text}\n{err}");
    }
}

#[test]
fn weights_edited_in_ways_that_are_fine_still_work() {
    // Found to work before: a weight written as a string, a huge weight beside a small one,
    // a zero weight whose column is there, a criterion with a wider scale.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ok.toml");
    for text in [
        "[weights]\nfunding = \"90\"\n",
        "[weights]\nfunding = 1e20\nbrand_name = 1\n",
        "[weights]\nfunding = 5\nbrand_name = 0\n",
        "[weights]\nfunding = 5\n[criteria.funding]\nscale = { min = 0, max = 10 }\n",
    ] {
        std::fs::write(&path, text).unwrap();
        let out = progrank()
            .args([
                "rank",
                "tests/data/wild_cfg/shortlist.csv",
                "--format",
                "csv",
                "--weights",
            ])
            .arg(&path)
            .assert()
            .success();
        let out = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
        let first = out.lines().nth(1).unwrap_or_default();
        assert!(first.contains("Cedar Fellowship"), "{text}\n{out}");
    }
}

#[test]
fn skip_rows_past_the_end_says_so_rather_than_call_the_file_empty() {
    // "FILE is empty; it needs a header row and one row per program" for a file with rows.
    let err = stderr_of(
        &progrank()
            .args(["rank", SHORTLIST, "--skip-rows", "10"])
            .assert()
            .code(65),
    );
    assert!(
        err.contains("shortlist.csv: nothing is left after --skip-rows 10: no header row below the first 10 lines; --skip-rows counts only the title lines above the header"),
        "{err}"
    );
    assert!(!err.contains("is empty"), "{err}");
    let err = stderr_of(
        &progrank()
            .args([
                "rank",
                "tests/data/workbooks/shortlist.ods",
                "--skip-rows",
                "500",
            ])
            .assert()
            .code(65),
    );
    assert!(
        err.contains("shortlist.ods, sheet shortlist: nothing is left after --skip-rows 500: no header row below the first 500 rows"),
        "{err}"
    );
    // A truly empty file without the option is still "empty".
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").unwrap();
    let err = stderr_of(&progrank().arg("rank").arg(&empty).assert().code(65));
    assert!(err.contains("is empty; it needs a header row"), "{err}");
}

#[test]
fn a_weight_written_as_a_percentage_or_with_a_decimal_comma_says_how_to_write_it() {
    // "50%" and "5,5" were answered with "write e.g. funding=95".
    let cases = [
        (
            "funding=50%",
            "\"50%\" is not a number: write it without the % sign, funding=50; weights count by their ratios",
        ),
        (
            "funding=5,5",
            "\"5,5\" is not a number: write the decimal with a point, funding=5.5",
        ),
        (
            "funding=1,000",
            "\"1,000\" is not a number; write e.g. funding=95",
        ),
    ];
    for (weight, expected) in cases {
        let err = stderr_of(
            &progrank()
                .args(["rank", SHORTLIST, "--weight", weight])
                .assert()
                .code(2),
        );
        assert!(err.contains(expected), "{err}");
    }
}

#[test]
fn a_weights_file_with_nul_bytes_says_how_to_save_it() {
    // UTF-16 without a byte order mark, UTF-32 and binary files were quoted back by TOML as
    // lines of \u{0} escapes with "expected newline".
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("weights.toml");
    let utf16_no_bom: Vec<u8> = "[weights]\r\nfunding = 1\r\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut utf32 = vec![0xFF, 0xFE, 0, 0];
    utf32.extend(
        "[weights]\nfunding = 1\n"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes()),
    );
    for bytes in [utf16_no_bom, utf32, b"%PDF-1.4\n\x00\x01\x02".to_vec()] {
        std::fs::write(&path, bytes).unwrap();
        let err = stderr_of(
            &progrank()
                .args(["rank", SHORTLIST, "--weights"])
                .arg(&path)
                .assert()
                .code(78),
        );
        assert!(
            err.contains("the weights file holds NUL characters, so it is not plain text"),
            "{err}"
        );
        assert!(err.contains("save it again as UTF-8"), "{err}");
        assert!(!err.contains("\\u{0}"), "{err}");
    }
}

#[test]
fn an_encoding_the_file_contradicts_is_named_with_how_to_fix_it() {
    // --encoding utf-16le on a UTF-8 file said "not valid UTF-16LE; save it again as
    // \"CSV UTF-8\"" (it is exactly that); utf-16be on a file with a UTF-16LE byte order
    // mark read nonsense and listed every column as missing.
    let cases: [(&str, &str, &str); 3] = [
        (
            SHORTLIST,
            "utf-16le",
            "--encoding utf-16le was given, but the file is UTF-8 text, not UTF-16; drop --encoding",
        ),
        (
            "tests/data/real/excel-unicode-text-utf16.txt",
            "utf-16be",
            "--encoding utf-16be was given, but the file starts with the byte order mark of utf-16le; drop --encoding",
        ),
        (
            "tests/data/real/excel-unicode-text-utf16.txt",
            "utf-8",
            "--encoding utf-8 was given, but the file starts with the byte order mark of utf-16le; drop --encoding",
        ),
    ];
    for (file, encoding, expected) in cases {
        let err = stderr_of(
            &progrank()
                .args(["rank", file, "--encoding", encoding])
                .assert()
                .code(65)
                .stdout(""),
        );
        assert!(err.contains(expected), "{err}");
    }
    // The right encoding, or one agreeing with the mark, still reads.
    for (file, encoding) in [
        ("tests/data/real/excel-unicode-text-utf16.txt", "utf-16le"),
        ("tests/data/quirks/utf16be.csv", "utf-16be"),
        ("tests/data/wild_cfg/shortlist.csv", "utf-8"),
        ("tests/data/real/excel-csv-utf8-bom.csv", "utf-8"),
    ] {
        progrank()
            .args(["rank", file, "--encoding", encoding])
            .assert()
            .success();
    }
}

#[test]
fn a_weights_file_given_where_the_shortlist_or_the_output_goes_is_pointed_to_weights() {
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("my weights.toml");
    let text = "[weights]\nfunding = 1\n";
    std::fs::write(&weights, text).unwrap();
    let shown = format!("'{}'", weights.display());
    // As the input: it was read as a CSV ("this row has 3 cells but the header has 1").
    let err = stderr_of(&progrank().arg("rank").arg(&weights).assert().code(65));
    assert!(
        err.contains(&format!(
            "this is a weights file (TOML), not a shortlist: give the spreadsheet of programs as INPUT and this file with --weights, as in progrank rank programs.csv --weights {shown}"
        )),
        "{err}"
    );
    assert!(!err.contains("cells but the header"), "{err}");
    // After the input: "rank reads one file at a time, and ... is a second one".
    let err = stderr_of(
        &progrank()
            .args(["rank", SHORTLIST])
            .arg(&weights)
            .assert()
            .code(2),
    );
    assert!(
        err.contains(&format!(
            "looks like a weights file, which goes with --weights: progrank rank {SHORTLIST} --weights {shown}"
        )),
        "{err}"
    );
    // As report's second argument it was overwritten with the HTML page.
    let err = stderr_of(
        &progrank()
            .args(["report", SHORTLIST])
            .arg(&weights)
            .args(["--weight", "brand_name=0"])
            .assert()
            .code(2),
    );
    assert!(
        err.contains("looks like a weights file, and report would write its HTML page over it; to score with it, give it with --weights"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&weights).unwrap(), text);
    // A workbook whose name ends .toml is read as the workbook it is (the weights file
    // check goes by the bytes first).
    let odd = dir.path().join("shortlist.toml");
    std::fs::copy("tests/data/workbooks/shortlist.ods", &odd).unwrap();
    progrank().arg("rank").arg(&odd).assert().success();
}

#[test]
fn long_lists_of_criteria_are_cut_in_the_hint_and_the_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.toml");
    // Six criteria without a column: no line of six --weight flags.
    let mut text = "[weights]\nfunding = 1\n".to_owned();
    for i in 0..6 {
        text.push_str(&format!("extra{i} = 1\n"));
    }
    std::fs::write(&path, &text).unwrap();
    let err = stderr_of(
        &progrank()
            .args(["rank", SHORTLIST, "--weights"])
            .arg(&path)
            .assert()
            .code(65),
    );
    assert!(err.contains("missing column extra5"), "{err}");
    assert!(!err.contains("--weight"), "{err}");
    // Twelve weighted zero without a column: the note names ten and counts the rest.
    let mut text = "[weights]\nfunding = 1\n".to_owned();
    for i in 0..12 {
        text.push_str(&format!("extra{i} = 0\n"));
    }
    std::fs::write(&path, &text).unwrap();
    let err = stderr_of(
        &progrank()
            .args(["rank", SHORTLIST, "--weights"])
            .arg(&path)
            .assert()
            .success(),
    );
    assert!(
        err.contains("extra0, extra1, extra2, extra3, extra4, extra5, extra6, extra7, extra8, extra9 and 2 more criteria have weight 0 and no column"),
        "{err}"
    );
}

#[test]
fn a_header_row_that_is_a_row_of_data_is_named_as_such() {
    // `--skip-rows 1` on a file without title rows read the first program as the header:
    // "columns "5" and "5" both mean the column "5"", with no word of why. A file with no
    // header row at all listed every column as missing.
    let skipped = progrank()
        .args(["rank", "data/programs.csv", "--skip-rows", "1"])
        .assert()
        .code(65);
    let err = stderr_of(&skipped);
    assert!(err.contains("both mean"), "{err}");
    assert!(
        err.contains("This header row looks like a row of data (8 of its 17 cells are numbers)")
            && err.contains("if --skip-rows skipped it, skip fewer rows"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let headless = dir.path().join("programs.csv");
    std::fs::write(&headless, "Alpha,5,4,3,2,1\nBeta,4,4,3,2,2\n").unwrap();
    let missing = progrank().arg("rank").arg(&headless).assert().code(65);
    let err = stderr_of(&missing);
    assert!(err.contains("missing column program"), "{err}");
    assert!(
        err.contains("looks like a row of data (5 of its 6 cells"),
        "{err}"
    );
    // A real header with a number in it is not taken for data.
    let named = dir.path().join("named.csv");
    std::fs::write(&named, "program,faculty_quality,2024\nAlpha,5,x\n").unwrap();
    let err = stderr_of(&progrank().arg("rank").arg(&named).assert().code(65));
    assert!(!err.contains("row of data"), "{err}");
}
