//! A user's first run on their own spreadsheet, the input side: files made the way real
//! spreadsheet programs and real people make them (a totals row under the table, a title
//! line above the header, a Notes and a Comments column, the shortlist on a workbook's
//! second sheet). Each test is the regression test of a bug found that way; files are
//! under `tests/data/wild_in/`, workbooks are written here.

use assert_cmd::cargo::cargo_bin_cmd;

fn progrank() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("progrank");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn data(file: &str) -> String {
    format!("tests/data/wild_in/{file}")
}

/// Runs progrank with `args`, asserting exit `code` and nothing on standard output; returns
/// standard error.
fn fails(args: &[&str], code: i32) -> String {
    let out = progrank().args(args).assert().code(code).stdout("");
    String::from_utf8(out.get_output().stderr.clone()).unwrap()
}

/// Runs `rank ARGS -f csv --csv-dialect rfc4180`, asserting success; returns the records.
fn ranked(args: &[&str]) -> Vec<Vec<String>> {
    let out = progrank()
        .arg("rank")
        .args(args)
        .args(["-f", "csv", "--csv-dialect", "rfc4180"])
        .assert()
        .success();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&out.get_output().stdout[..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// The program names of ranked records, in rank order.
fn programs(records: &[Vec<String>]) -> Vec<String> {
    let at = records[0]
        .iter()
        .position(|h| h == "Program" || h == "program")
        .expect("a program column");
    records[1..].iter().map(|r| r[at].clone()).collect()
}

#[test]
fn a_totals_row_under_the_table_is_refused_not_ranked_as_a_program() {
    // Before: "Average:" ranked second and "Total" fourth, as if they were programs.
    let file = data("totals-row.csv");
    let err = fails(&["rank", &file], 65);
    assert!(
        err.contains(&format!(
            "{file} row 5, column \"Program\": \"Total\" is not a program name"
        )),
        "{err}"
    );
    assert!(err.contains("total or average"), "{err}");
    assert!(err.contains("delete the row"), "{err}");
    // The same sheet without the summary rows ranks.
    let text = std::fs::read_to_string(&file).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let kept: String = text
        .lines()
        .filter(|l| !l.starts_with("Total") && !l.starts_with("Average"))
        .map(|l| format!("{l}\n"))
        .collect();
    let clean = dir.path().join("clean.csv");
    std::fs::write(&clean, kept).unwrap();
    assert_eq!(
        programs(&ranked(&[clean.to_str().unwrap()])),
        ["Alpha MHPE", "Beta MMEd"]
    );
    // A German sheet's summary row.
    let german = dir.path().join("summe.csv");
    std::fs::write(
        &german,
        "Program;Faculty quality;Scholarship support;Funding;Schedule flexibility;Brand name\n\
         Alpha MHPE;4,5;4;3;5;4\nSumme:;;;;;\n",
    )
    .unwrap();
    let err = fails(&["rank", german.to_str().unwrap()], 65);
    assert!(err.contains("\"Summe:\" is not a program name"), "{err}");
}

#[test]
fn a_notes_and_a_comments_column_are_both_kept() {
    // Before: "columns "Notes" and "Comments" both mean the column notes", exit 65, for a
    // column no rule reads.
    let records = ranked(&[&data("notes-and-comments.csv")]);
    let header = &records[0];
    let notes = header.iter().position(|h| h == "Notes").unwrap();
    let comments = header.iter().position(|h| h == "Comments").unwrap();
    assert_eq!(programs(&records), ["Alpha MHPE", "Beta MMEd"]);
    assert_eq!(records[1][notes], "Strong, two mentors");
    assert_eq!(records[1][comments], "Visited in May");
    assert_eq!(records[2][comments], "Ask about fees");
}

#[test]
fn a_title_line_above_the_header_says_which_skip_rows_reads_the_file() {
    // Before: only "check for a stray comma", which sends a user hunting for commas in a
    // header that has none.
    let file = data("title-line.csv");
    let err = fails(&["rank", &file], 65);
    assert!(
        err.contains(&format!(
            "{file} line 3: this row has 7 cells but the header has 1"
        )),
        "{err}"
    );
    assert!(err.contains("skip them with --skip-rows 2"), "{err}");
    // The number given is the one that reads the file.
    assert_eq!(programs(&ranked(&[&file, "--skip-rows", "2"])), ["A", "B"]);
    // A title with a comma in it is a header of two cells: still a title.
    let dir = tempfile::tempdir().unwrap();
    let titled = dir.path().join("titled.csv");
    std::fs::write(
        &titled,
        "Shortlist, updated May 2026\nProgram,Faculty quality,Scholarship support,Funding,\
         Schedule flexibility,Brand name\nA,4,4,3,5,4\n",
    )
    .unwrap();
    let err = fails(&["rank", titled.to_str().unwrap()], 65);
    assert!(err.contains("skip it with --skip-rows 1"), "{err}");
    // A row one cell longer than the header is no title: the hint is not given.
    let comma = dir.path().join("comma.csv");
    std::fs::write(&comma, "program,a,b\nX,1,2,\n").unwrap();
    let err = fails(&["rank", comma.to_str().unwrap()], 65);
    assert!(err.contains("4 cells but the header has 3"), "{err}");
    assert!(!err.contains("--skip-rows"), "{err}");
}

/// A workbook whose first sheet is `first` (its cells as text, row by row; none for an
/// empty sheet) and whose second, "Shortlist", holds two programs.
fn shortlist_on_sheet_two(dir: &std::path::Path, file: &str, first: &[&str]) -> String {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet().set_name("Read me").unwrap();
    for (row, text) in first.iter().enumerate() {
        sheet.write_string(row as u32, 0, *text).unwrap();
    }
    let sheet = book.add_worksheet().set_name("Shortlist").unwrap();
    let rows: [[&str; 6]; 3] = [
        [
            "Program",
            "Faculty quality",
            "Scholarship support",
            "Funding",
            "Schedule flexibility",
            "Brand name",
        ],
        ["Alpha MHPE", "4", "4", "3", "5", "4"],
        ["Beta MMEd", "3", "3", "3", "3", "3"],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32, c as u16, n),
                Err(_) => sheet.write_string(r as u32, c as u16, *cell),
            }
            .unwrap();
        }
    }
    let path = dir.join(file);
    book.save(&path).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_workbook_with_the_shortlist_on_its_second_sheet_says_so_when_the_first_fails() {
    // Before: six missing columns on sheet "Read me" (or "is empty"), with no word that the
    // workbook has another sheet: the note naming the sheet read is only shown on success.
    let dir = tempfile::tempdir().unwrap();
    let hint = "this is the first sheet, \"Read me\", of 2: 1 \"Read me\", 2 \"Shortlist\"; \
                if the shortlist is on another sheet, pass --sheet NAME or --sheet NUMBER";
    let instructions = shortlist_on_sheet_two(
        dir.path(),
        "instructions-first.xlsx",
        &["Fill in the Shortlist sheet"],
    );
    let err = fails(&["rank", &instructions], 65);
    assert!(err.contains("problems with the header"), "{err}");
    assert!(
        err.contains(&format!(
            "The columns found are \"Fill in the Shortlist sheet\" ({hint})."
        )),
        "{err}"
    );
    let empty = shortlist_on_sheet_two(dir.path(), "empty-first.xlsx", &[]);
    let err = fails(&["rank", &empty], 65);
    assert!(
        err.contains(&format!("sheet Read me: this sheet is empty; {hint}")),
        "{err}"
    );
    // Naming a sheet, even the first, is the user's choice: no hint then.
    let err = fails(&["rank", &instructions, "--sheet", "1"], 65);
    assert!(!err.contains("Shortlist\";"), "{err}");
    for book in [&instructions, &empty] {
        assert_eq!(
            programs(&ranked(&[book.as_str(), "--sheet", "Shortlist"])),
            ["Alpha MHPE", "Beta MMEd"]
        );
    }
}

#[test]
fn criteria_headers_ending_in_rating_score_or_a_scale_are_read_with_a_note() {
    // Before: "missing column faculty_quality: "Faculty quality rating" looks like it" and
    // four more, exit 65, on headers as people write them.
    let file = data("rating-headers.csv");
    let out = progrank()
        .args(["rank", &file, "-f", "csv", "--csv-dialect", "rfc4180"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for (header, id) in [
        ("Faculty quality rating", "faculty_quality"),
        ("Funding score", "funding"),
        ("Schedule flexibility /5", "schedule_flexibility"),
        ("Brand name ratings", "brand_name"),
    ] {
        assert!(
            stderr.contains(&format!("reading \"{header}\" as {id}")),
            "{stderr}"
        );
    }
    let records = ranked(&[&file]);
    let score = records[0].iter().position(|h| h == "score").unwrap();
    let at = records[0].iter().position(|h| h == "Program name").unwrap();
    let scores: Vec<(&str, &str)> = records[1..]
        .iter()
        .map(|r| (r[at].as_str(), r[score].as_str()))
        .collect();
    // Worked by hand: (90·3/4 + 80·3/4 + 75·2/4 + 70·4/4 + 50·3/4) / 365 = 74.66; all 3s: 50.
    assert_eq!(scores, [("Alpha MHPE", "74.66"), ("Beta MMEd", "50.00")]);
}

#[test]
fn zero_width_characters_pasted_from_a_web_page_are_not_part_of_a_value() {
    // Before: `row 2, column "Faculty quality": "4​" is not a number from 1 to 5`, the
    // zero-width space invisible in the message.
    let file = data("zero-width.csv");
    let records = ranked(&[&file, "--costs"]);
    let column = |name: &str| records[0].iter().position(|h| h == name).unwrap();
    let alpha = &records[1];
    assert_eq!(alpha[column("Program")], "Alpha MHPE");
    assert_eq!(alpha[column("score")], "74.66");
    assert_eq!(alpha[column("net_cost_usd")], "35000");
    // "yes\u{200b}" is a yes: no flag for a missing mentorship on Alpha, one on Beta ("no").
    assert_eq!(alpha[column("red_flags")], "");
    assert_eq!(records[2][column("red_flags")], "no-scholarship-mentorship");
    // "\u{200b}12" hours is 12: over a limit of 11, within one of 12.
    let excluded = programs(&ranked(&[&file, "--max-hours", "11"]));
    assert_eq!(excluded, ["Beta MMEd"]);
    assert_eq!(
        programs(&ranked(&[&file, "--max-hours", "12"])),
        ["Alpha MHPE", "Beta MMEd"]
    );
}

#[test]
fn a_header_whose_unit_says_months_or_per_month_is_not_read_as_years_or_hours_a_week() {
    // Before: "Duration (months)" was read as duration_years and "Hours (per month)" as
    // hours_per_week, with a note "reading … as …": 40 hours a month over 24 months gave
    // 46,080 total hours (40 × 48 weeks × 24 years) and a heavy-time-load flag.
    let file = data("units-in-headers.csv");
    let out = progrank()
        .args([
            "rank",
            &file,
            "--costs",
            "-f",
            "csv",
            "--csv-dialect",
            "rfc4180",
        ])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "not reading \"Duration (months)\" as duration_years, which holds years: its unit says otherwise"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "not reading \"Hours (per month)\" as hours_per_week, which holds hours a week"
        ),
        "{stderr}"
    );
    let records = ranked(&[&file, "--costs"]);
    let column = |name: &str| records[0].iter().position(|h| h == name).unwrap();
    for row in &records[1..] {
        assert_eq!(row[column("total_hours")], "", "{row:?}");
        assert!(
            !row[column("red_flags")].contains("heavy-time-load"),
            "{row:?}"
        );
    }
    assert_eq!(records[1][column("net_cost_usd")], "20000");
    // With no hours column left, --max-hours says what the header's unit stopped.
    let err = fails(&["rank", &file, "--max-hours", "20"], 2);
    assert!(
        err.contains("--max-hours needs a column hours_per_week"),
        "{err}"
    );
    assert!(
        err.contains("not reading \"Hours (per month)\" as hours_per_week"),
        "{err}"
    );
}

#[test]
fn more_hours_a_week_than_a_week_has_is_refused_not_flagged() {
    // Before: a column "Hours" of total hours (300) read as 300 hours a week, ranked with a
    // heavy-time-load flag and 345,600 total hours (with "Duration" in months, 24).
    let file = data("total-hours-as-weekly.csv");
    for costs in [false, true] {
        let mut args = vec!["rank", file.as_str()];
        if costs {
            args.push("--costs");
        }
        let err = fails(&args, 65);
        assert!(
            err.contains(&format!(
                "{file} row 2, column \"Hours\": \"300\" is not a number of hours per week (a week has 168)"
            )),
            "{err}"
        );
        assert!(err.contains("Total hours"), "{err}");
    }
}

#[test]
fn a_qualification_column_of_degree_names_reads_as_program_types() {
    // Before: `"MSc" is not one of masters, certificate, …`, exit 65 on a plain rank, for
    // the values a "Qualification" (an alias of program_type) column holds.
    let file = data("qualification-column.csv");
    assert_eq!(
        programs(&ranked(&[&file])),
        ["Alpha MHPE", "Beta MMEd", "Gamma Certificate", "Delta MA"]
    );
    assert_eq!(
        programs(&ranked(&[&file, "--type", "masters"])),
        ["Alpha MHPE", "Beta MMEd", "Delta MA"]
    );
    assert_eq!(
        programs(&ranked(&[&file, "--type", "certificate"])),
        ["Gamma Certificate"]
    );
}

#[test]
fn a_study_mode_column_of_part_time_says_it_is_read_as_delivery() {
    // Before: only "use one of those words, or leave the cell empty": nothing said that
    // "Study mode" (an alias of delivery) was read as the delivery, or that renaming the
    // header is the fix when every cell holds full-time or part-time.
    let file = data("study-mode.csv");
    let err = fails(&["rank", &file], 65);
    assert!(
        err.contains(&format!(
            "{file} row 2, column \"Study mode\": \"Part-time\" is not one of online, hybrid or in-person"
        )),
        "{err}"
    );
    assert!(
        err.contains("if the column holds something else (such as full-time or part-time), rename its header, which is read as delivery"),
        "{err}"
    );
}

#[test]
fn a_mentor_column_of_names_says_to_rename_the_header() {
    // Before: only "write yes or no, or leave the cell empty if you do not know", for a
    // column "Mentor" (an alias of mentorship) that holds the mentors' names.
    let file = data("mentor-names.csv");
    let err = fails(&["rank", &file], 65);
    assert!(
        err.contains(&format!(
            "{file} row 2, column \"Mentor\": \"Dr Smith\" is not yes or no (red flag no-scholarship-mentorship reads this column)"
        )),
        "{err}"
    );
    assert!(
        err.contains(
            "if the column holds something else (a name, a description), rename its header"
        ),
        "{err}"
    );
}

#[test]
fn a_sep_line_saved_again_quoted_with_empty_cells_still_names_the_delimiter() {
    // Before: `"sep=;";;;;;` (Excel's sep= line after LibreOffice read it as a cell and
    // saved it again) was taken for the header: "line 3: this row has 2 cells but the
    // header has 1".
    let file = data("quoted-sep-line.csv");
    let out = progrank()
        .args(["rank", &file, "-f", "csv", "--csv-dialect", "rfc4180"])
        .assert()
        .success();
    let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&out.get_output().stdout[..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    assert_eq!(programs(&records), ["A", "B"]);
    // 4,5 is four and a half: (90·3.5/4 + 80·3/4 + 75·2/4 + 70·4/4 + 50·3/4) / 365 = 77.74.
    assert_eq!(records[1][1], "77.74");
}

#[test]
fn a_web_page_or_text_saved_as_xls_is_named_for_what_it_is_not_damaged() {
    // Before: "the workbook is damaged or truncated (not a readable .xls compound file: …)"
    // for what a web site's "Export to Excel" button saves: HTML, Excel 2003 XML, or tabs.
    let dir = tempfile::tempdir().unwrap();
    let tsv = "Program\tFaculty quality\tScholarship support\tFunding\tSchedule flexibility\tBrand name\nAlpha MHPE\t4\t4\t3\t5\t4\n";
    for (file, content, said) in [
        (
            "portal.xls",
            "<html><body><table><tr><td>Program</td></tr></table></body></html>\n",
            "this file is a web page (HTML), not an .xlsx, .xls or .ods workbook",
        ),
        (
            "export.xls",
            "<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"></Workbook>\n",
            "this file is an Excel 2003 XML spreadsheet",
        ),
        ("tabs.xls", tsv, "this file is plain text, not a workbook"),
    ] {
        let path = dir.path().join(file);
        std::fs::write(&path, content).unwrap();
        let err = fails(&["rank", path.to_str().unwrap()], 65);
        assert!(err.contains(said), "{err}");
        assert!(!err.contains("damaged"), "{err}");
    }
    // The advice for text works: renamed, it ranks.
    let renamed = dir.path().join("tabs.txt");
    std::fs::write(&renamed, tsv).unwrap();
    assert_eq!(
        programs(&ranked(&[renamed.to_str().unwrap()])),
        ["Alpha MHPE"]
    );
}

#[test]
fn a_header_naming_a_ten_point_scale_is_not_read_on_five() {
    // Before: "Faculty quality (1-10)" was read on the 1-to-5 scale, so Alpha's 5 (of 10)
    // scored as the best faculty rating, with only a "reading … as faculty_quality" note.
    let file = data("ten-point-header.csv");
    let err = fails(&["rank", &file], 65);
    assert!(
        err.contains(&format!(
            "{file} row 1, column \"Faculty quality (1-10)\": \"Faculty quality (1-10)\" is not a header for faculty_quality, whose ratings run from 1 to 5"
        )),
        "{err}"
    );
    assert!(
        err.contains("declare scale = { min = 1, max = 10 } under [criteria.faculty_quality]"),
        "{err}"
    );
    // Declared so, the header reads on 1 to 10: Alpha's faculty points are 90 × 4/9.
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("ten.toml");
    std::fs::write(
        &weights,
        "[weights]\nfaculty_quality = 90\nscholarship_support = 80\nfunding = 75\n\
         schedule_flexibility = 70\nbrand_name = 50\n\n[criteria.faculty_quality]\n\
         scale = { min = 1, max = 10 }\n",
    )
    .unwrap();
    let records = ranked(&[&file, "--weights", weights.to_str().unwrap()]);
    assert_eq!(programs(&records), ["Alpha MHPE", "Beta MMEd"]);
    // 100 × (90·4/9 + 80·3/4 + 75·2/4 + 70·4/4 + 50·3/4) / 365 = 67.12 (plain numbers:
    // the built-in labels none/partial/full are not in this weights file).
    assert_eq!(records[1][1], "67.12");
}

#[test]
fn a_hidden_first_sheet_is_passed_over_by_default() {
    // Before: the hidden sheet "Old shortlist" (which the user does not see in Excel) was
    // ranked, its programs in place of the visible shortlist's, with only the note "read
    // the first sheet, Old shortlist, of 2".
    let dir = tempfile::tempdir().unwrap();
    let mut book = rust_xlsxwriter::Workbook::new();
    for (sheet, names) in [
        ("Old shortlist", ["Old A", "Old B"]),
        ("Shortlist", ["Alpha MHPE", "Beta MMEd"]),
    ] {
        let ws = book.add_worksheet().set_name(sheet).unwrap();
        for (c, h) in [
            "Program",
            "Faculty quality",
            "Scholarship support",
            "Funding",
            "Schedule flexibility",
            "Brand name",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, name) in names.iter().enumerate() {
            ws.write_string(1 + r as u32, 0, *name).unwrap();
            for c in 1..6u16 {
                ws.write_number(1 + r as u32, c, 4.0 - r as f64).unwrap();
            }
        }
        if sheet == "Old shortlist" {
            ws.set_hidden(true);
        } else {
            ws.set_active(true);
        }
    }
    let path = dir.path().join("hidden-first.xlsx");
    book.save(&path).unwrap();
    let file = path.to_str().unwrap();
    let out = progrank()
        .args(["rank", file, "-f", "csv", "--csv-dialect", "rfc4180"])
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(
            "read the first visible sheet, Shortlist, of 2 (hidden sheets are passed over)"
        ),
        "{stderr}"
    );
    assert_eq!(programs(&ranked(&[file])), ["Alpha MHPE", "Beta MMEd"]);
    // Asked for, the hidden sheet is read.
    assert_eq!(
        programs(&ranked(&[file, "--sheet", "1"])),
        ["Old A", "Old B"]
    );
}
