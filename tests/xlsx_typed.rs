//! `rank FILE -o ranked.xlsx` writes every number the program read as a typed number (the
//! value it parsed, in the input's decimal mark and currency), with a number format that
//! shows it as written, and everything else as the text written (issue 14, item 2). Each
//! test writes a workbook and reads it back with calamine: values and number formats.

use assert_cmd::cargo::cargo_bin_cmd;
use calamine::{Data, Reader};
use std::collections::HashMap;
use std::path::Path;

/// One cell read back: its value and its number format code (`None` for General).
#[derive(Debug, Clone, PartialEq)]
struct Cell {
    value: Data,
    format: Option<String>,
}

/// The "Ranked" sheet read back: the header row and, per program name, its cells by header.
struct Ranked {
    header: Vec<String>,
    rows: HashMap<String, HashMap<String, Cell>>,
}

impl Ranked {
    /// The cell of `program` under `header`.
    fn cell(&self, program: &str, header: &str) -> &Cell {
        self.rows
            .get(program)
            .unwrap_or_else(|| panic!("no row {program:?} in {:?}", self.rows.keys()))
            .get(header)
            .unwrap_or_else(|| panic!("no column {header:?} in {:?}", self.header))
    }

    /// Every cell under `header`, in no particular order.
    fn column(&self, header: &str) -> Vec<&Cell> {
        self.rows.values().map(|r| &r[header]).collect()
    }
}

/// Runs `rank INPUT ARGS -o OUT.xlsx` and reads the ranked sheet back; `name` is the header
/// of the input's program-name column.
fn rank_to_xlsx(input: &Path, args: &[&str], name: &str) -> Ranked {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ranked.xlsx");
    cargo_bin_cmd!("progrank")
        .arg("rank")
        .arg(input)
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let range = book.worksheet_range("Ranked").unwrap();
    let styles = book.worksheet_style("Ranked").unwrap();
    let (start_row, start_col) = range.start().unwrap();
    assert_eq!((start_row, start_col), (0, 0));
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let name_at = header.iter().position(|h| h == name).unwrap();
    let mut programs = HashMap::new();
    for (r, row) in rows.enumerate() {
        let cells: HashMap<String, Cell> = header
            .iter()
            .zip(row)
            .enumerate()
            .map(|(c, (h, value))| {
                let format = styles
                    .get((r as u32 + 1, c as u32))
                    .and_then(|s| s.number_format.as_ref())
                    .map(|f| f.format_code.clone())
                    .filter(|code| code != "General");
                (
                    h.clone(),
                    Cell {
                        value: value.clone(),
                        format,
                    },
                )
            })
            .collect();
        programs.insert(row[name_at].to_string(), cells);
    }
    Ranked {
        header,
        rows: programs,
    }
}

fn number(value: f64) -> Data {
    Data::Float(value)
}

fn text(value: &str) -> Data {
    Data::String(value.to_owned())
}

/// A money cell's format shows the currency symbol and thousands separators.
fn assert_money_format(cell: &Cell, symbol: &str) {
    let format = cell.format.as_deref().unwrap_or("");
    assert!(
        format.contains(&format!("\"{symbol}\"")) || format.contains(&format!("\" {symbol}\"")),
        "{cell:?} has no {symbol} in its number format"
    );
    assert!(format.contains("#,##0"), "{cell:?} shows no thousands");
}

#[test]
fn the_sample_keeps_every_input_cell_as_a_number_or_as_its_text() {
    let input = Path::new("data/programs.csv");
    let ranked = rank_to_xlsx(input, &["--costs"], "program");
    // The oracle: the input itself. A cell that is a plain number comes back as that
    // number, any other cell as the very text written.
    let mut reader = csv::Reader::from_path(input).unwrap();
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut seen_text = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let name = &record[0];
        for (header, written) in headers.iter().zip(record.iter()) {
            let cell = ranked.cell(name, header);
            let expected = match written.parse::<f64>() {
                Ok(v) if header != "program" => number(v),
                _ if written.is_empty() => Data::Empty,
                _ => {
                    seen_text += 1;
                    text(written)
                }
            };
            assert_eq!(cell.value, expected, "{name} / {header}");
        }
    }
    assert!(seen_text > 30, "names, labels, notes, N/A, TBD stay text");
    // Money in the file's currency (dollars: the sample marks none), with thousands.
    for column in ["tuition_usd", "funding_usd", "Net cost"] {
        for cell in ranked.column(column) {
            if cell.value != Data::Empty {
                assert_money_format(cell, "$");
            }
        }
    }
    let riverside = "Riverside Health Professions Education MHPE";
    assert_eq!(ranked.cell(riverside, "tuition_usd").value, number(38000.0));
    assert_eq!(ranked.cell(riverside, "Net cost").value, number(19000.0));
    assert_eq!(ranked.cell(riverside, "Study hours").value, number(1440.0));
    assert_eq!(
        ranked.cell(riverside, "Study hours").format.as_deref(),
        Some("#,##0")
    );
    assert_eq!(
        ranked.cell(riverside, "Score").format.as_deref(),
        Some("0.00")
    );
    // A word label of a rating stays the word written; a whole rating shows as written.
    assert_eq!(ranked.cell(riverside, "funding").value, text("partial"));
    assert_eq!(ranked.cell(riverside, "faculty_quality").format, None);
}

#[test]
fn a_european_semicolon_windows_1252_file_gives_the_values_it_was_read_as() {
    let ranked = rank_to_xlsx(
        Path::new("tests/data/real/excel-european-semicolon-1252.csv"),
        &[],
        "Programme",
    );
    let hopkins = "Johns Hopkins MEHP";
    let kings = "King’s College London MA Clinical Education";
    let maastricht = "Maastricht University MHPE";
    // `24.500,00 €`: twenty-four thousand five hundred euros, with the places written.
    let tuition = ranked.cell(maastricht, "Tuition (EUR)");
    assert_eq!(tuition.value, number(24500.0));
    assert_money_format(tuition, "€");
    assert!(
        tuition.format.as_deref().unwrap().contains("#,##0.00"),
        "{tuition:?}"
    );
    assert_eq!(
        ranked.cell(kings, "Funding amount").value,
        number(0.0),
        "0,00 €"
    );
    // `4,5` and `12,5`: numbers, shown with the one place written.
    let rating = ranked.cell(hopkins, "Scholarship support");
    assert_eq!(rating.value, number(4.5));
    assert_eq!(rating.format.as_deref(), Some("0.0"));
    assert_eq!(ranked.cell(kings, "Hours per week").value, number(12.5));
    assert_eq!(ranked.cell(hopkins, "Duration").value, number(2.0));
    // Text stays text, accents and `;` inside a quoted cell intact.
    assert_eq!(
        ranked.cell(hopkins, "Notes").value,
        text("Big name; ask about mentors")
    );
    assert_eq!(ranked.cell(hopkins, "Funding").value, text("partial"));
    assert_eq!(ranked.cell(kings, "Programme").value, text(kings));
    for money in ["Tuition (EUR)", "Funding amount"] {
        for cell in ranked.column(money) {
            assert!(matches!(cell.value, Data::Float(_)), "{money}: {cell:?}");
            assert_money_format(cell, "€");
        }
    }
}

#[test]
fn a_decimal_comma_thousands_dot_is_thousands_not_a_decimal() {
    // The example: `21.500` read (rightly) as 21500 for scoring used to reach the
    // workbook as 21.5, and `4,5` as text. Windows-1252 bytes: 0x80 is €, 0xE9 is é.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("eu.csv");
    let mut bytes = b"program;faculty_quality;scholarship_support;funding;schedule_flexibility;brand_name;tuition_usd;hours_per_week;notes\n".to_vec();
    bytes.extend_from_slice(b"Universit\xe9 A;4,5;3;3;3;3;21.500;12,5;=1+1\n");
    bytes.extend_from_slice(b"Universit\xe9 B;4;3;3;3;3;\x80 18.000;TBC;10-15\n");
    std::fs::write(&input, bytes).unwrap();
    let ranked = rank_to_xlsx(&input, &["--costs"], "program");
    let a = ranked.cell("Université A", "tuition_usd");
    assert_eq!(a.value, number(21500.0));
    assert_money_format(a, "€");
    let b = ranked.cell("Université B", "tuition_usd");
    assert_eq!(b.value, number(18000.0));
    assert_money_format(b, "€");
    assert_eq!(
        ranked.cell("Université A", "faculty_quality").value,
        number(4.5)
    );
    assert_eq!(
        ranked.cell("Université A", "hours_per_week").value,
        number(12.5)
    );
    // A missing word, a range and formula-like text stay the text written, never a formula.
    assert_eq!(
        ranked.cell("Université B", "hours_per_week").value,
        text("TBC")
    );
    assert_eq!(ranked.cell("Université B", "notes").value, text("10-15"));
    assert_eq!(ranked.cell("Université A", "notes").value, text("=1+1"));
    assert_money_format(ranked.cell("Université A", "Net cost"), "€");
}

#[test]
fn a_pounds_file_keeps_pounds_and_its_ranges_as_text() {
    let ranked = rank_to_xlsx(
        Path::new("tests/data/real/pounds.csv"),
        &["--costs"],
        "Programme",
    );
    let hopkins = "Johns Hopkins MEHP";
    let kings = "King’s College London MA Clinical Education";
    let tuition = ranked.cell(hopkins, "Tuition (£)");
    assert_eq!(tuition.value, number(58000.0));
    assert_eq!(tuition.format.as_deref(), Some("\"£\"#,##0"));
    let funding = ranked.cell(kings, "Funding (£)");
    assert_eq!(funding.value, number(0.0));
    assert_money_format(funding, "£");
    assert_eq!(ranked.cell(hopkins, "Net cost").value, number(48000.0));
    assert_money_format(ranked.cell(hopkins, "Net cost"), "£");
    assert_eq!(
        ranked.cell(hopkins, "Scholarship support").value,
        number(4.5)
    );
    assert_eq!(ranked.cell(hopkins, "Hours per week").value, number(15.0));
    // `10-15` is two numbers, not one: it stays what was written.
    assert_eq!(ranked.cell(kings, "Hours per week").value, text("10-15"));
    assert_eq!(ranked.cell(kings, "Delivery").value, text("online"));
    // Headers stay the input's own; the added columns are words.
    assert_eq!(ranked.header[..3], ["Rank", "Score", "Red flags"]);
    assert!(ranked.header.contains(&"Points per £1k".to_owned()));
}

#[test]
fn the_same_input_gives_the_same_workbook_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str| {
        let out = dir.path().join(name);
        cargo_bin_cmd!("progrank")
            .args(["rank", "tests/data/real/pounds.csv", "--costs", "-o"])
            .arg(&out)
            .assert()
            .success();
        std::fs::read(out).unwrap()
    };
    let first = write("a.xlsx");
    // Past a second boundary: a workbook stamped with the time it was made would differ.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    assert!(first == write("b.xlsx"), "two runs wrote different bytes");
}
