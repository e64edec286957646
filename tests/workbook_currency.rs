//! Money typed into a spreadsheet (`€24,500`) is stored as the number 24500 with a currency
//! number format. These tests check that the workbook readers hand the pipeline the
//! currency the user sees, and that other number formats read exactly as before.

use assert_cmd::cargo::cargo_bin_cmd;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn progrank() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("progrank");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `rank FILE --costs --format csv` and returns its rows and its stderr.
fn ranked_csv(file: &Path) -> (Vec<Vec<String>>, String) {
    let output = progrank()
        .args(["rank", file.to_str().unwrap(), "--costs", "--format", "csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{}: {stderr}", file.display());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(output.stdout.as_slice());
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (rows, stderr)
}

/// The cells of the named column, header excluded.
fn column(rows: &[Vec<String>], header: &str) -> Vec<String> {
    let at = rows[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[at].clone()).collect()
}

#[test]
fn an_exported_workbook_keeps_the_currency_it_was_ranked_in() {
    let dir = tempfile::tempdir().unwrap();
    for (file, cost) in [("euros", "net_cost_eur"), ("pounds", "net_cost_gbp")] {
        let input = PathBuf::from(format!("tests/data/real/{file}.csv"));
        let exported = dir.path().join(format!("{file}.xlsx"));
        progrank()
            .args(["rank", input.to_str().unwrap(), "-o"])
            .arg(&exported)
            .assert()
            .success();
        let (direct, _) = ranked_csv(&input);
        let (again, stderr) = ranked_csv(&exported);
        let code = cost.trim_start_matches("net_cost_").to_uppercase();
        assert!(
            stderr.contains(&format!("amounts are in {code}")),
            "{file}: {stderr}"
        );
        assert!(!stderr.contains("USD"), "{file}: {stderr}");
        for header in ["rank", "score", "red_flags", cost, "points_per_1000_"] {
            let header = if header == "points_per_1000_" {
                format!("points_per_1000_{}", code.to_lowercase())
            } else {
                header.to_owned()
            };
            assert_eq!(
                column(&again, &header),
                column(&direct, &header),
                "{file}: {header}"
            );
        }
        let name = &direct[0][6];
        assert_eq!(column(&again, name), column(&direct, name), "{file}");
    }
}

const RATINGS: [&str; 5] = [
    "faculty_quality",
    "scholarship_support",
    "funding",
    "schedule_flexibility",
    "brand_name",
];

/// A shortlist of two programs whose Tuition column holds numbers in `format` (none for
/// plain numbers), with a Start column of dates.
fn shortlist(dir: &Path, file: &str, format: Option<&str>) -> PathBuf {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "program").unwrap();
    for (i, h) in RATINGS.iter().enumerate() {
        sheet.write_string(0, 1 + i as u16, *h).unwrap();
    }
    sheet.write_string(0, 6, "Tuition").unwrap();
    sheet.write_string(0, 7, "Start").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, (name, tuition)) in [("Alpha MHPE", 24500.5), ("Beta MMEd", 58000.0)]
        .iter()
        .enumerate()
    {
        let r = 1 + r as u32;
        sheet.write_string(r, 0, *name).unwrap();
        for c in 1..=5 {
            sheet.write_number(r, c, 3.0 + f64::from(r)).unwrap();
        }
        match format {
            Some(code) => {
                let money = Format::new().set_num_format(code);
                sheet
                    .write_number_with_format(r, 6, *tuition, &money)
                    .unwrap();
            }
            None => {
                sheet.write_number(r, 6, *tuition).unwrap();
            }
        }
        let start = ExcelDateTime::from_ymd(2026, 9, r as u8).unwrap();
        sheet
            .write_datetime_with_format(r, 7, &start, &date)
            .unwrap();
    }
    let path = dir.join(file);
    workbook.save(&path).unwrap();
    path
}

#[test]
fn a_number_with_a_currency_format_is_read_in_that_currency() {
    let dir = tempfile::tempdir().unwrap();
    for (format, code) in [
        ("\"€\"#,##0", "EUR"),
        ("#,##0.00\\ \"€\"", "EUR"),
        ("[$€-x-euro2] #,##0.00", "EUR"),
        ("\"£\"#,##0", "GBP"),
        ("[$CHF] #,##0", "CHF"),
    ] {
        let book = shortlist(dir.path(), "money.xlsx", Some(format));
        let (rows, stderr) = ranked_csv(&book);
        assert!(
            stderr.contains(&format!("amounts are in {code}")),
            "{format}: {stderr}"
        );
        let cost = format!("net_cost_{}", code.to_lowercase());
        // The amount stays exact, decimals included.
        let mut costs = column(&rows, &cost);
        costs.sort();
        assert_eq!(costs, ["24500.5", "58000"], "{format}");
    }
}

#[test]
fn other_number_formats_read_exactly_as_plain_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, plain_err) = ranked_csv(&shortlist(dir.path(), "plain.xlsx", None));
    assert!(rows_have(&plain, "net_cost_usd"), "{:?}", plain[0]);
    let mut starts = column(&plain, "Start");
    starts.sort();
    assert_eq!(starts, ["2026-09-01", "2026-09-02"]);
    for format in ["0.00", "#,##0", "#,##0.00", "0", "[$-409]#,##0"] {
        let (rows, stderr) = ranked_csv(&shortlist(dir.path(), "formatted.xlsx", Some(format)));
        assert_eq!(rows, plain, "{format}");
        assert_eq!(
            stderr.replace("formatted.xlsx", "plain.xlsx"),
            plain_err,
            "{format}"
        );
    }
}

fn rows_have(rows: &[Vec<String>], header: &str) -> bool {
    rows[0].iter().any(|h| h == header)
}

/// An .ods holding one sheet of `rows` (already XML).
fn ods(dir: &Path, rows: &str) -> PathBuf {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Shortlist">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in [
        (
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet".as_bytes(),
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ] {
        // The mimetype comes first and uncompressed, as the format asks.
        let method = if name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        writer.start_file(name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    let path = dir.join("money.ods");
    std::fs::write(&path, writer.finish().unwrap().into_inner()).unwrap();
    path
}

#[test]
fn an_ods_currency_cell_is_read_in_its_currency() {
    let dir = tempfile::tempdir().unwrap();
    let text = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let float =
        |v: &str| format!(r#"<table:table-cell office:value-type="float" office:value="{v}"/>"#);
    let mut rows = String::from("<table:table-row>");
    for h in ["program"].iter().chain(&RATINGS).chain(&["Tuition"]) {
        rows += &text(h);
    }
    rows += "</table:table-row>";
    for (name, fee) in [("Alpha MHPE", "24500.5"), ("Beta MMEd", "58000")] {
        rows += "<table:table-row>";
        rows += &text(name);
        for _ in RATINGS {
            rows += &float("4");
        }
        rows += &format!(
            r#"<table:table-cell office:value-type="currency" office:currency="EUR" office:value="{fee}"><text:p>{fee} €</text:p></table:table-cell>"#
        );
        rows += "</table:table-row>";
    }
    let (ranked, stderr) = ranked_csv(&ods(dir.path(), &rows));
    assert!(stderr.contains("amounts are in EUR"), "{stderr}");
    let mut costs = column(&ranked, "net_cost_eur");
    costs.sort();
    assert_eq!(costs, ["24500.5", "58000"]);
}
