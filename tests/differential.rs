//! Differential test of `progrank rank` against a reference model written here, from the
//! documented rules, without any of the crate's code: exact rational scores, the
//! competition ranking with ties listed by name, the red flags, and the CSV formula guard.
//! Every file format the ranking is written in is read back by its own reader (the csv
//! crate, serde_json, calamine, pulldown-cmark) and compared with the same model: the CSV
//! row by row, the JSON's fields, the xlsx workbook's typed cells, the Markdown table as a
//! Markdown viewer shows it, the HTML report's ranking table as a browser reads it, and the
//! terminal table.
//!
//! The cells are arbitrary Unicode, and notes and names may start with any character a
//! spreadsheet takes for a formula, the full-width `＝＋－＠` included: the one pipeline
//! must guard them all, whatever the file's size or shape (a second, faster path once wrote
//! full-width starts unguarded).

use assert_cmd::cargo::cargo_bin_cmd;
use proptest::prelude::*;
use std::cmp::Ordering;

/// Weights summing to 100 on a 1–5 scale: every score is an exact decimal, so the
/// reference's rationals and the crate's decimals agree on every tie.
const WEIGHTS: &str = r#"
[weights]
a = 50
b = 30
c = 20

[[flags]]
id = "weak-a"
severity = "warning"
message = "a is weak"
when = "a <= 2"

[[flags]]
id = "pricey"
severity = "warning"
message = "costs a lot"
when = "fee > 100"
"#;

/// The characters that make a spreadsheet evaluate a cell, as the CSV format's docs list
/// them.
const FORMULA_STARTS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

#[derive(Debug, Clone)]
struct Program {
    name: String,
    ratings: [Option<i64>; 3],
    fee: Option<i64>,
    note: String,
}

/// Text that is never a number: any Unicode (no NUL, which is refused as binary), with a
/// letter at the end; sometimes behind a formula start.
fn text() -> impl Strategy<Value = String> {
    (
        prop::option::of(prop::sample::select(FORMULA_STARTS.to_vec())),
        "[^\u{0}]{0,12}",
    )
        .prop_map(|(start, body)| {
            let mut text = start.map(String::from).unwrap_or_default();
            text.push_str(&body);
            text.push('x');
            text
        })
}

fn program() -> impl Strategy<Value = Program> {
    (
        text(),
        prop::array::uniform3(prop::option::weighted(0.85, 1i64..=5)),
        prop::option::of(0i64..=200),
        text(),
    )
        .prop_map(|(name, ratings, fee, note)| Program {
            name,
            ratings,
            fee,
            note,
        })
}

/// Programs with distinct names (ignoring case, as the tool refuses repeats).
fn shortlist() -> impl Strategy<Value = Vec<Program>> {
    prop::collection::vec(program(), 1..14).prop_map(|mut programs| {
        let mut seen = std::collections::HashSet::new();
        programs.retain(|p| seen.insert(p.name.trim().to_lowercase()));
        programs
    })
}

fn input_csv(programs: &[Program]) -> Vec<u8> {
    input_in(programs, &mut csv::WriterBuilder::new())
}

/// The shortlist as delimited text written by `builder` (its delimiter, quoting and line end).
fn input_in(programs: &[Program], builder: &mut csv::WriterBuilder) -> Vec<u8> {
    let mut writer = builder.from_writer(Vec::new());
    writer
        .write_record(["program", "a", "b", "c", "fee", "note"])
        .unwrap();
    let number = |n: Option<i64>| n.map_or_else(String::new, |n| n.to_string());
    for p in programs {
        writer
            .write_record([
                p.name.clone(),
                number(p.ratings[0]),
                number(p.ratings[1]),
                number(p.ratings[2]),
                number(p.fee),
                p.note.clone(),
            ])
            .unwrap();
    }
    writer.into_inner().unwrap()
}

/// The score × 10,000 / 4 as an exact integer: 100 × Σ wᵢ·(rᵢ − 1)/4 / Σ w, where a
/// missing rating counts as the worst (normalised 0). With Σ w = 100 this is
/// Σ wᵢ·(rᵢ − 1) × 25 hundredths.
fn score_hundredths(p: &Program) -> i64 {
    let weights = [50, 30, 20];
    p.ratings
        .iter()
        .zip(weights)
        .map(|(r, w)| r.map_or(0, |r| w * (r - 1)))
        .sum::<i64>()
        * 25
}

fn score_text(hundredths: i64) -> String {
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn guard(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

fn flags(p: &Program) -> String {
    let mut raised = Vec::new();
    if p.ratings[0].is_some_and(|a| a <= 2) {
        raised.push("weak-a");
    }
    if p.fee.is_some_and(|fee| fee > 100) {
        raised.push("pricey");
    }
    if p.ratings.iter().any(Option::is_none) {
        raised.push("incomplete-data");
    }
    raised.join(";")
}

/// One program's place in the expected ranking.
struct Expected<'a> {
    rank: usize,
    /// The score in hundredths.
    score: i64,
    program: &'a Program,
}

/// The expected ranking: best score first; equal scores share the first rank of their
/// group and are listed by name ignoring case, then by name as written.
fn expected(programs: &[Program]) -> Vec<Expected<'_>> {
    let mut order: Vec<usize> = (0..programs.len()).collect();
    let name = |i: usize| programs[i].name.trim();
    order.sort_by(|&x, &y| {
        score_hundredths(&programs[y])
            .cmp(&score_hundredths(&programs[x]))
            .then_with(|| name(x).to_lowercase().cmp(&name(y).to_lowercase()))
            .then_with(|| name(x).cmp(name(y)))
            .then(Ordering::Equal)
    });
    let mut rows = Vec::new();
    let mut rank = 0;
    for (position, &i) in order.iter().enumerate() {
        let program = &programs[i];
        let score = score_hundredths(program);
        if position == 0 || score != score_hundredths(&programs[order[position - 1]]) {
            rank = position + 1;
        }
        rows.push(Expected {
            rank,
            score,
            program,
        });
    }
    rows
}

fn number(n: Option<i64>) -> String {
    n.map_or_else(String::new, |n| n.to_string())
}

/// The expected CSV rows.
fn reference(programs: &[Program]) -> Vec<Vec<String>> {
    expected(programs)
        .iter()
        .map(|e| {
            let p = e.program;
            vec![
                e.rank.to_string(),
                score_text(e.score),
                flags(p),
                guard(&p.name),
                number(p.ratings[0]),
                number(p.ratings[1]),
                number(p.ratings[2]),
                number(p.fee),
                guard(&p.note),
            ]
        })
        .collect()
}

/// Runs `progrank rank` on `input` (a CSV) with the test's weights, writing `out.EXT`,
/// and returns the written bytes.
fn rank_to(dir: &std::path::Path, input: &[u8], extension: &str) -> Vec<u8> {
    rank_with(dir, input, extension, &[])
}

/// [`rank_to`] with `extra` arguments.
fn rank_with(dir: &std::path::Path, input: &[u8], extension: &str, extra: &[&str]) -> Vec<u8> {
    let weights = dir.join("w.toml");
    std::fs::write(&weights, WEIGHTS).unwrap();
    let csv_in = dir.join("in.csv");
    std::fs::write(&csv_in, input).unwrap();
    let out = dir.join(format!("out.{extension}"));
    let _ = std::fs::remove_file(&out);
    cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg(&csv_in)
        .arg("--weights")
        .arg(&weights)
        .args(extra)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    std::fs::read(&out).unwrap()
}

fn run_rank(dir: &std::path::Path, input: &[u8]) -> Vec<Vec<String>> {
    let bytes = rank_to(dir, input, "csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.as_slice());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "rank",
            "score",
            "red_flags",
            "program",
            "a",
            "b",
            "c",
            "fee",
            "note"
        ]
    );
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// A score written as a decimal number (`72.5`, `100`, `27.25`), in hundredths.
fn hundredths(text: &str) -> i64 {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    assert!(
        fraction.len() <= 2,
        "a score with more than two places: {text}"
    );
    let fraction = format!("{fraction:0<2}");
    whole.parse::<i64>().unwrap() * 100 + fraction.parse::<i64>().unwrap()
}

/// The text as a terminal or a document shows it, by the documented rule: a line break
/// (`\r\n`, `\n` or `\r`) reads as one space; any other control character (C0, DEL, C1)
/// or bidi override is written as `\u{..}` with its hex code.
fn visible(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(' ');
            }
            c if c.is_control()
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c) =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// The JSON ranking checked field by field: rank, name, exact score, flag ids and every
/// input column as its text.
fn check_json(bytes: &[u8], expected: &[Expected]) -> Result<(), TestCaseError> {
    let json: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let programs = json.as_array().expect("a JSON array of programs");
    prop_assert_eq!(programs.len(), expected.len());
    for (got, e) in programs.iter().zip(expected) {
        let p = e.program;
        prop_assert_eq!(got["rank"].as_u64(), Some(e.rank as u64));
        prop_assert_eq!(got["program"].as_str(), Some(p.name.trim()));
        let score = got["score"]
            .as_number()
            .expect("a numeric score")
            .to_string();
        prop_assert_eq!(hundredths(&score), e.score, "score {}", score);
        let ids: Vec<&str> = got["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        prop_assert_eq!(ids.join(";"), flags(p));
        let columns = got["columns"].as_object().unwrap();
        let texts: Vec<(&str, &str)> = columns
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str().unwrap()))
            .collect();
        let (a, b, c, fee) = (
            number(p.ratings[0]),
            number(p.ratings[1]),
            number(p.ratings[2]),
            number(p.fee),
        );
        let want = [
            ("program", p.name.as_str()),
            ("a", &a),
            ("b", &b),
            ("c", &c),
            ("fee", &fee),
            ("note", p.note.as_str()),
        ];
        prop_assert_eq!(texts, want.to_vec());
    }
    Ok(())
}

/// The xlsx workbook's first sheet checked cell by cell: numbers are numbers (rank, score,
/// ratings, fee), texts are the texts as typed (no formula guard: a workbook's text cell is
/// never a formula), an empty input cell is an empty cell.
fn check_xlsx(bytes: &[u8], expected: &[Expected]) -> Result<(), TestCaseError> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = workbook.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let header: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    prop_assert_eq!(
        header,
        [
            "Rank",
            "Score",
            "Red flags",
            "program",
            "a",
            "b",
            "c",
            "fee",
            "note"
        ]
    );
    prop_assert_eq!(rows.len() - 1, expected.len());
    let integer = |n: Option<i64>| n.map_or(Data::Empty, |n| Data::Float(n as f64));
    for (row, e) in rows[1..].iter().zip(expected) {
        let p = e.program;
        let cell = |i: usize| row.get(i).cloned().unwrap_or(Data::Empty);
        prop_assert_eq!(cell(0), Data::Float(e.rank as f64));
        match cell(1) {
            Data::Float(score) => prop_assert_eq!((score * 100.0).round() as i64, e.score),
            other => prop_assert!(false, "score cell {:?}", other),
        }
        let flag_text = flags(p);
        let flag_cell = if flag_text.is_empty() {
            Data::Empty
        } else {
            Data::String(flag_text)
        };
        prop_assert_eq!(cell(2), flag_cell);
        prop_assert_eq!(cell(3), Data::String(p.name.clone()));
        prop_assert_eq!(cell(4), integer(p.ratings[0]));
        prop_assert_eq!(cell(5), integer(p.ratings[1]));
        prop_assert_eq!(cell(6), integer(p.ratings[2]));
        prop_assert_eq!(cell(7), integer(p.fee));
        prop_assert_eq!(cell(8), Data::String(p.note.clone()));
    }
    Ok(())
}

/// The Markdown table's cells as a Markdown viewer shows them (pulldown-cmark with tables):
/// one row of texts per table body row.
fn markdown_table(markdown: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut rows = Vec::new();
    let (mut in_body, mut row, mut text) = (false, Vec::new(), String::new());
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::End(TagEnd::TableHead) => in_body = true,
            Event::End(TagEnd::Table) => break,
            Event::Start(Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableRow) if in_body => rows.push(row.clone()),
            Event::Start(Tag::TableCell) => text.clear(),
            Event::End(TagEnd::TableCell) => row.push(text.clone()),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::Html(t) | Event::InlineHtml(t) => {
                panic!("a cell became HTML: {t:?}\n{markdown}")
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                panic!("a cell became a link or an image\n{markdown}")
            }
            _ => {}
        }
    }
    rows
}

/// The Markdown table checked as it renders: rank, name (controls made visible), score to
/// two places, each rating (`n/a` when missing) and the flag ids.
fn check_markdown(bytes: &[u8], expected: &[Expected]) -> Result<(), TestCaseError> {
    let markdown = std::str::from_utf8(bytes).unwrap();
    let rows = markdown_table(markdown);
    prop_assert_eq!(rows.len(), expected.len(), "{}", markdown);
    let rating = |r: Option<i64>| r.map_or_else(|| "n/a".to_owned(), |r| r.to_string());
    for (row, e) in rows.iter().zip(expected) {
        let p = e.program;
        let want = vec![
            e.rank.to_string(),
            visible(p.name.trim()).trim_matches([' ', '\t']).to_owned(),
            score_text(e.score),
            rating(p.ratings[0]),
            rating(p.ratings[1]),
            rating(p.ratings[2]),
            flags(p).replace(';', ", "),
        ];
        prop_assert_eq!(row, &want, "{}", markdown);
    }
    Ok(())
}

/// HTML text with its character references decoded (`&#60;`, `&#x3C;`, `&lt;`, `&amp;`,
/// `&gt;`, `&quot;`, `&#39;`, `&apos;`), as a browser reads it.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').expect("a character reference ends with ;");
        let reference = &rest[1..end];
        let c = match reference {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = match reference
                    .strip_prefix("#x")
                    .or(reference.strip_prefix("#X"))
                {
                    Some(hex) => u32::from_str_radix(hex, 16),
                    None => reference
                        .strip_prefix('#')
                        .expect("a known reference")
                        .parse(),
                };
                char::from_u32(code.unwrap()).unwrap()
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The text between `open` and the next `close` in `html`, after `from`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in {html}"))
        + open.len();
    let len = html[start..].find(close).unwrap();
    &html[start..start + len]
}

/// The HTML report's ranking table checked as a browser reads it: rank, name (controls
/// made visible), score to two places and the flags' ids, row by row.
fn check_html(bytes: &[u8], expected: &[Expected]) -> Result<(), TestCaseError> {
    let html = std::str::from_utf8(bytes).unwrap();
    let table = between(html, "<table class=\"ranked\">", "</table>");
    let body = between(table, "<tbody>", "</tbody>");
    let rows: Vec<&str> = body.split("<tr data-i=").skip(1).collect();
    prop_assert_eq!(rows.len(), expected.len());
    for (row, e) in rows.iter().zip(expected) {
        let p = e.program;
        prop_assert_eq!(between(row, "data-rank>", "</td>"), e.rank.to_string());
        prop_assert_eq!(
            html_text(between(row, "<th scope=\"row\">", "</th>")),
            visible(p.name.trim())
        );
        prop_assert_eq!(
            between(row, "<span data-score>", "</span>"),
            score_text(e.score)
        );
        let flags_cell = between(row, "<td class=\"flags\">", "</td>");
        let ids: Vec<&str> = flags_cell
            .split(" title=\"")
            .skip(1)
            .map(|title| between(title, "(", "):"))
            .collect();
        prop_assert_eq!(ids.join(";"), flags(p));
    }
    Ok(())
}

/// The terminal table (`rank` without `-o`, wide enough that nothing wraps) checked as it
/// reads: rank, name (controls made visible, white space as single spaces), score, each rating (`n/a` when missing) and
/// the flag ids, one per line of the row's flags cell. A case whose names hold the table's
/// own rules (`│`, `┆`) is not read back.
fn check_table(
    dir: &std::path::Path,
    input: &[u8],
    expected: &[Expected],
) -> Result<(), TestCaseError> {
    if expected.iter().any(|e| e.program.name.contains(['│', '┆'])) {
        return Ok(());
    }
    std::fs::write(dir.join("w.toml"), WEIGHTS).unwrap();
    std::fs::write(dir.join("in.csv"), input).unwrap();
    let output = cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg(dir.join("in.csv"))
        .arg("--weights")
        .arg(dir.join("w.toml"))
        .args(["--width", "65535"])
        .output()
        .unwrap();
    prop_assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let body = table
        .lines()
        .skip_while(|line| !line.starts_with('╞'))
        .skip(1)
        .take_while(|line| line.starts_with('│'));
    for line in body {
        let inner = line.trim_start_matches('│').trim_end_matches('│');
        let cells: Vec<String> = inner.split('┆').map(|c| c.trim().to_owned()).collect();
        prop_assert_eq!(cells.len(), 7, "{}", table);
        if cells[0].is_empty() {
            // A row's next line: only its flags cell goes on.
            let row = rows.last_mut().expect("a row before its next line");
            prop_assert!(cells[..6].iter().all(String::is_empty), "{}", table);
            row[6] = format!("{};{}", row[6], cells[6]);
        } else {
            rows.push(cells);
        }
    }
    prop_assert_eq!(rows.len(), expected.len(), "{}", table);
    let rating = |r: Option<i64>| r.map_or_else(|| "n/a".to_owned(), |r| r.to_string());
    for (row, e) in rows.iter().zip(expected) {
        let p = e.program;
        let score = row[2].split(' ').next().unwrap_or_default();
        prop_assert_eq!(hundredths(score), e.score, "{}", table);
        let want = [
            e.rank.to_string(),
            // The table wraps names at white space: a run of it shows as one space.
            visible(p.name.trim())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            row[2].clone(),
            rating(p.ratings[0]),
            rating(p.ratings[1]),
            rating(p.ratings[2]),
            flags(p),
        ];
        prop_assert_eq!(row.as_slice(), want.as_slice(), "{}", table);
    }
    Ok(())
}

/// The shapes a spreadsheet exports the same rows in: the delimiter to name on the command
/// line, and the file's bytes.
fn shapes(programs: &[Program]) -> Vec<(&'static str, Vec<u8>)> {
    let with_bom = |mut text: Vec<u8>| {
        text.splice(0..0, [0xEF, 0xBB, 0xBF]);
        text
    };
    vec![
        ("comma", input_csv(programs)),
        (
            "semicolon",
            input_in(programs, csv::WriterBuilder::new().delimiter(b';')),
        ),
        (
            "tab",
            input_in(programs, csv::WriterBuilder::new().delimiter(b'\t')),
        ),
        (
            "comma",
            input_in(
                programs,
                csv::WriterBuilder::new().quote_style(csv::QuoteStyle::Always),
            ),
        ),
        (
            "comma",
            with_bom(input_in(
                programs,
                csv::WriterBuilder::new().terminator(csv::Terminator::CRLF),
            )),
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn rank_csv_matches_the_reference_model(programs in shortlist()) {
        let dir = tempfile::tempdir().unwrap();
        let got = run_rank(dir.path(), &input_csv(&programs));
        prop_assert_eq!(got, reference(&programs));
    }

    #[test]
    fn every_other_format_matches_the_reference_model(programs in shortlist()) {
        let dir = tempfile::tempdir().unwrap();
        let input = input_csv(&programs);
        let expected = expected(&programs);
        check_json(&rank_to(dir.path(), &input, "json"), &expected)?;
        check_xlsx(&rank_to(dir.path(), &input, "xlsx"), &expected)?;
        check_markdown(&rank_to(dir.path(), &input, "md"), &expected)?;
        check_html(&rank_to(dir.path(), &input, "html"), &expected)?;
        check_table(dir.path(), &input, &expected)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// One pipeline for every shape: the same rows exported as `;`, tab, every field
    /// quoted, or CRLF with a byte order mark give the JSON of the comma file, byte for
    /// byte, and it is the reference model's.
    #[test]
    fn every_input_shape_gives_the_same_ranking(programs in shortlist()) {
        let dir = tempfile::tempdir().unwrap();
        let expected = expected(&programs);
        let mut first: Option<Vec<u8>> = None;
        for (shape, (delimiter, input)) in shapes(&programs).into_iter().enumerate() {
            let json = rank_with(dir.path(), &input, "json", &["--delimiter", delimiter]);
            match &first {
                None => {
                    check_json(&json, &expected)?;
                    first = Some(json);
                }
                Some(comma) => prop_assert!(
                    &json == comma,
                    "shape {} differs:\n{}\nfrom the comma file's:\n{}",
                    shape,
                    String::from_utf8_lossy(&json),
                    String::from_utf8_lossy(comma)
                ),
            }
        }
    }
}

#[test]
fn full_width_formula_starts_are_guarded_in_a_plain_two_row_file() {
    // The divergence of issue 15: a quote-free file with `＝SUM(1)` in a note.
    let programs = vec![
        Program {
            name: "Alpha".into(),
            ratings: [Some(5), Some(4), Some(3)],
            fee: None,
            note: "\u{FF1D}SUM(1)".into(),
        },
        Program {
            name: "\u{FF0B}Beta".into(),
            ratings: [Some(2), None, Some(1)],
            fee: Some(150),
            note: "\u{FF20}cmd".into(),
        },
    ];
    let dir = tempfile::tempdir().unwrap();
    let got = run_rank(dir.path(), &input_csv(&programs));
    assert_eq!(got[0][8], "'\u{FF1D}SUM(1)");
    assert_eq!(got[1][3], "'\u{FF0B}Beta");
    assert_eq!(got[1][8], "'\u{FF20}cmd");
    assert_eq!(got, reference(&programs));
}
