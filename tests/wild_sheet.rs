//! Workbooks as office suites write them (Excel, LibreOffice, Google Sheets, Numbers): each
//! test builds the parts a suite writes, XML as the suite spells it, and checks that
//! progrank reads what the user sees in the suite, or says clearly why not.

use assert_cmd::cargo::cargo_bin_cmd;
use std::io::Write as _;
use std::path::{Path, PathBuf};

fn progrank() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("progrank");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// A zip of the given parts, deflated but for an ODF `mimetype`, stored as the suites do.
fn zip_of(parts: &[(&str, String)]) -> Vec<u8> {
    zip_with(parts, true)
}

/// A zip of the given parts, deflated; `store_mimetype` stores a `mimetype` part.
fn zip_with(parts: &[(&str, String)], store_mimetype: bool) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        let method = if store_mimetype && *name == "mimetype" {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        writer.start_file(*name, options).unwrap();
        writer.write_all(text.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn write(dir: &Path, file: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The body of a chart sheet as Excel writes it (the chart itself is a drawing part).
const CHART: &str = r#"<sheetPr/><sheetViews><sheetView zoomScale="96" workbookViewId="0" zoomToFit="1"/></sheetViews><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#;

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// An .xlsx of the named sheets, each given as the XML inside its `<worksheet>`, or
/// [`CHART`] for a chart sheet.
fn xlsx(sheets: &[(&str, String)]) -> Vec<u8> {
    let kind = |i: usize| {
        if sheets[i - 1].1 == CHART {
            "chartsheet"
        } else {
            "worksheet"
        }
    };
    let overrides: String = (1..=sheets.len())
        .map(|i| {
            let kind = kind(i);
            format!(
                r#"<Override PartName="/xl/{kind}s/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.{kind}+xml"/>"#
            )
        })
        .collect();
    let types = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
    );
    let rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    );
    let entries: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            format!(
                r#"<sheet name="{name}" sheetId="{}" r:id="rId{}"/>"#,
                i + 1,
                i + 1
            )
        })
        .collect();
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{entries}</sheets></workbook>"#
    );
    let targets: String = (1..=sheets.len())
        .map(|i| {
            let kind = kind(i);
            format!(
                r#"<Relationship Id="rId{i}" Type="{RELS}/{kind}" Target="{kind}s/sheet{i}.xml"/>"#
            )
        })
        .collect();
    let workbook_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{targets}</Relationships>"#
    );
    let mut parts = vec![
        ("[Content_Types].xml".to_owned(), types),
        ("_rels/.rels".to_owned(), rels),
        ("xl/workbook.xml".to_owned(), workbook),
        ("xl/_rels/workbook.xml.rels".to_owned(), workbook_rels),
    ];
    for (i, (_, xml)) in sheets.iter().enumerate() {
        let kind = kind(i + 1);
        parts.push((
            format!("xl/{kind}s/sheet{}.xml", i + 1),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><{kind} xmlns="{MAIN}">{xml}</{kind}>"#
            ),
        ));
    }
    let parts: Vec<(&str, String)> = parts.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
    zip_of(&parts)
}

/// An .xlsx row: `cells` are complete `<c>` elements or, for anything not starting with
/// `<`, a number (`<v>`) or an inline string, placed from column A.
fn xlsx_row(row: u32, cells: &[&str]) -> String {
    let mut out = format!(r#"<row r="{row}">"#);
    for (i, cell) in cells.iter().enumerate() {
        let column = char::from(b'A' + u8::try_from(i).unwrap());
        let at = format!("{column}{row}");
        if cell.starts_with('<') {
            out.push_str(&cell.replace("@", &at));
        } else if cell.parse::<f64>().is_ok() {
            out.push_str(&format!(r#"<c r="{at}"><v>{cell}</v></c>"#));
        } else {
            out.push_str(&format!(
                r#"<c r="{at}" t="inlineStr"><is><t>{cell}</t></is></c>"#
            ));
        }
    }
    out.push_str("</row>");
    out
}

const OPEN_ODS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3"><office:body><office:spreadsheet>"#;
const CLOSE_ODS: &str = "</office:spreadsheet></office:body></office:document-content>";

/// An .ods of one sheet whose `<table:table>` holds `rows`.
fn ods(rows: &str) -> Vec<u8> {
    ods_zipped(rows, true)
}

/// An .ods whose `content.xml` body (styles and sheets, after the opening of
/// `office:document-content`) is `body`.
fn ods_content(body: &str) -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            "application/vnd.oasis.opendocument.spreadsheet".to_owned(),
        ),
        ("META-INF/manifest.xml", manifest.to_owned()),
        (
            "content.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:version="1.3">{body}</office:document-content>"#
            ),
        ),
    ])
}

/// As [`ods`], its `mimetype` part stored (as the suites write it) or deflated.
fn ods_zipped(rows: &str, store_mimetype: bool) -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_with(
        &[
            (
                "mimetype",
                "application/vnd.oasis.opendocument.spreadsheet".to_owned(),
            ),
            ("META-INF/manifest.xml", manifest.to_owned()),
            (
                "content.xml",
                format!(
                    r#"{OPEN_ODS}<table:table table:name="Shortlist">{rows}</table:table>{CLOSE_ODS}"#
                ),
            ),
        ],
        store_mimetype,
    )
}

/// An .ods row: complete `<table:table-cell>` elements or, for anything else, a float or a
/// string cell as LibreOffice writes them.
fn ods_row(cells: &[&str]) -> String {
    let mut out = String::from("<table:table-row>");
    for cell in cells {
        if cell.starts_with('<') {
            out.push_str(cell);
        } else if cell.parse::<f64>().is_ok() {
            out.push_str(&format!(
                r#"<table:table-cell office:value-type="float" office:value="{cell}" calcext:value-type="float"><text:p>{cell}</text:p></table:table-cell>"#
            ));
        } else {
            out.push_str(&format!(
                r#"<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>{cell}</text:p></table:table-cell>"#
            ));
        }
    }
    out.push_str("</table:table-row>");
    out
}

const HEADER: [&str; 7] = [
    "program",
    "faculty_quality",
    "scholarship_support",
    "funding",
    "schedule_flexibility",
    "brand_name",
    "tuition_usd",
];

/// Runs progrank with `args`, asserting success; returns the CSV records on standard
/// output and standard error.
fn run_csv(args: &[&str]) -> (Vec<Vec<String>>, String) {
    let output = progrank().args(args).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{args:?}: {stderr}");
    let rows = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(output.stdout.as_slice())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (rows, stderr)
}

/// Runs progrank with `args`, asserting it fails with `code` and prints nothing on standard
/// output; returns standard error.
fn fails(args: &[&str], code: i32) -> String {
    let output = progrank().args(args).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "{args:?}: partial output");
    stderr
}

/// The value of column `name` in each data row.
fn column(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let at = rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]));
    rows[1..].iter().map(|r| r[at].clone()).collect()
}

// ---- formula results carry binary noise the suite never shows ------------------------------

/// `=24500*1.1` is saved by Excel as `<v>26950.000000000004</v>` and by LibreOffice as
/// `office:value="26950.000000000004"`; both show, export to CSV and compare it as 26950.
/// progrank read the 17-digit value: `--max-cost 26950` dropped the program with "net cost
/// $26,950 is above --max-cost $26,950", and the CSV showed the noise.
#[test]
fn a_formula_result_reads_at_the_precision_the_suite_shows() {
    let dir = tempfile::tempdir().unwrap();
    let formula = |at_value: &str, formula: &str| {
        format!(r#"<c r="@"><f>{formula}</f><v>{at_value}</v></c>"#)
    };
    let alpha = formula("26950.000000000004", "24500*1.1");
    let beta = formula("44444.159999999996", "1234.56*36");
    let sheet = [
        xlsx_row(1, &HEADER),
        xlsx_row(2, &["Alpha MHPE", "5", "4", "3", "4", "5", &alpha]),
        xlsx_row(3, &["Beta MMEd", "3", "3", "3", "3", "3", &beta]),
    ]
    .concat();
    let book = write(
        dir.path(),
        "formulas.xlsx",
        &xlsx(&[("Shortlist", format!("<sheetData>{sheet}</sheetData>"))]),
    );
    let ods_cell = |value: &str| {
        format!(
            r#"<table:table-cell table:formula="of:=1" office:value-type="float" office:value="{value}" calcext:value-type="float"><text:p>x</text:p></table:table-cell>"#
        )
    };
    let (alpha, beta) = (
        ods_cell("26950.000000000004"),
        ods_cell("44444.159999999996"),
    );
    let rows = [
        ods_row(&HEADER),
        ods_row(&["Alpha MHPE", "5", "4", "3", "4", "5", &alpha]),
        ods_row(&["Beta MMEd", "3", "3", "3", "3", "3", &beta]),
    ]
    .concat();
    let calc = write(dir.path(), "formulas.ods", &ods(&rows));
    for file in [&book, &calc] {
        let file = file.to_str().unwrap();
        let (rows, err) = run_csv(&[
            "rank",
            file,
            "--format",
            "csv",
            "--costs",
            "--max-cost",
            "26950",
        ]);
        assert_eq!(column(&rows, "program"), ["Alpha MHPE"], "{file}: {err}");
        assert_eq!(column(&rows, "tuition_usd"), ["26950"], "{file}");
        assert!(
            err.contains("excluded Beta MMEd: net cost $44,444.16 is above"),
            "{file}: {err}"
        );
        let (rows, _) = run_csv(&["rank", file, "--format", "csv"]);
        assert_eq!(
            column(&rows, "tuition_usd"),
            ["26950", "44444.16"],
            "{file}"
        );
    }
}

// ---- the wrong sheet first -----------------------------------------------------------------

/// Apple Numbers' "Export to Excel" can put an "Export Summary" sheet first: a note in A1
/// and a small table below it. Read by default, its blank headers were refused with advice
/// about the header row and --skip-rows only, never that the shortlist is on sheet 2.
#[test]
fn a_blank_header_on_the_first_of_several_sheets_names_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let summary = [
        xlsx_row(1, &["This document was exported from Numbers."]),
        xlsx_row(
            3,
            &[
                "Numbers Sheet Name",
                "Numbers Table Name",
                "Excel Worksheet Name",
            ],
        ),
        xlsx_row(4, &["Sheet 1", "Table 1", "Sheet 1 - Table 1"]),
    ]
    .concat();
    let shortlist = [
        xlsx_row(1, &HEADER),
        xlsx_row(2, &["Alpha MHPE", "5", "4", "3", "4", "5", "24500"]),
        xlsx_row(3, &["Beta MMEd", "3", "3", "3", "3", "3", "30000"]),
    ]
    .concat();
    let book = write(
        dir.path(),
        "numbers.xlsx",
        &xlsx(&[
            (
                "Export Summary",
                format!("<sheetData>{summary}</sheetData>"),
            ),
            (
                "Sheet 1 - Table 1",
                format!("<sheetData>{shortlist}</sheetData>"),
            ),
        ]),
    );
    let file = book.to_str().unwrap();
    let err = fails(&["rank", file], 65);
    for needle in [
        "sheet Export Summary, cell B1",
        "(empty) is not a column name",
        "--skip-rows N",
        "2 \"Sheet 1 - Table 1\"",
        "pass --sheet NAME or --sheet NUMBER",
    ] {
        assert!(err.contains(needle), "no {needle:?} in: {err}");
    }
    let (rows, _) = run_csv(&["rank", file, "--sheet", "2", "--format", "csv"]);
    assert_eq!(column(&rows, "program"), ["Alpha MHPE", "Beta MMEd"]);
}

// ---- an .ods zipped again ------------------------------------------------------------------

/// An .ods unzipped and zipped again by a general tool has its `mimetype` deflated, so its
/// text is not in the file's bytes: it was taken for an .xlsx and refused as "damaged or
/// truncated (File not found '_rels/.rels')".
#[test]
fn an_ods_with_a_deflated_mimetype_is_still_an_ods() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        ods_row(&HEADER),
        ods_row(&["Alpha MHPE", "5", "4", "3", "4", "5", "24500"]),
        ods_row(&["Beta MMEd", "3", "3", "3", "3", "3", "30000"]),
    ]
    .concat();
    let path = write(dir.path(), "rezipped.ods", &ods_zipped(&rows, false));
    let (rows, _) = run_csv(&["rank", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(column(&rows, "program"), ["Alpha MHPE", "Beta MMEd"]);
    assert_eq!(column(&rows, "tuition_usd"), ["24500", "30000"]);
}

// ---- .ods: what LibreOffice writes inside a cell besides its text --------------------------

/// A picture anchored to a cell (a university's logo beside its name) is written by
/// LibreOffice inside the cell: a `draw:frame` holding an empty paragraph and any title or
/// description. It was read as the cell's text: the name became "\nAlpha MHPE", or
/// "Logo\nAlpha MHPE" with a title, and `explain "Alpha MHPE"` found no such program.
#[test]
fn a_picture_anchored_to_a_cell_is_not_part_of_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let named = |title: &str| {
        format!(
            r#"<table:table-cell office:value-type="string" calcext:value-type="string"><draw:frame xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" draw:z-index="0" draw:name="Image 1" svg:width="1cm" svg:height="1cm"><draw:image xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="Pictures/logo.png"><text:p/></draw:image>{title}</draw:frame><text:p>Alpha MHPE</text:p></table:table-cell>"#
        )
    };
    for (i, title) in ["", "<svg:title>University logo</svg:title>"]
        .iter()
        .enumerate()
    {
        let cell = named(title);
        let rows = [
            ods_row(&HEADER),
            ods_row(&[&cell, "5", "4", "3", "4", "5", "24500"]),
            ods_row(&["Beta MMEd", "3", "3", "3", "3", "3", "30000"]),
        ]
        .concat();
        let path = write(dir.path(), &format!("logo{i}.ods"), &ods(&rows));
        let file = path.to_str().unwrap();
        let (rows, _) = run_csv(&["rank", file, "--format", "csv"]);
        assert_eq!(
            column(&rows, "program"),
            ["Alpha MHPE", "Beta MMEd"],
            "{title}"
        );
        let out = progrank()
            .args(["explain", file, "Alpha MHPE"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

// ---- a chart sheet ---------------------------------------------------------------------------

/// Excel's "Move Chart → New sheet" puts the chart sheet before the sheet of data. Read by
/// default (or asked for), it was refused as "the workbook is damaged or truncated
/// (Expecting a worksheet, got chartsheet)".
#[test]
fn a_chart_sheet_first_is_passed_over_and_refused_by_name_when_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let shortlist = [
        xlsx_row(1, &HEADER),
        xlsx_row(2, &["Alpha MHPE", "5", "4", "3", "4", "5", "24500"]),
        xlsx_row(3, &["Beta MMEd", "3", "3", "3", "3", "3", "30000"]),
    ]
    .concat();
    let book = write(
        dir.path(),
        "charted.xlsx",
        &xlsx(&[
            ("Chart1", CHART.to_owned()),
            ("Shortlist", format!("<sheetData>{shortlist}</sheetData>")),
        ]),
    );
    let file = book.to_str().unwrap();
    for command in ["rank", "sensitivity"] {
        let output = progrank().args([command, file]).output().unwrap();
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{command}: {err}");
        assert!(
            err.contains("read the first visible sheet of cells, Shortlist, of 2 (chart sheets and hidden sheets are passed over)"),
            "{command}: {err}"
        );
    }
    let (rows, _) = run_csv(&["rank", file, "--format", "csv"]);
    assert_eq!(column(&rows, "program"), ["Alpha MHPE", "Beta MMEd"]);
    for sheet in ["1", "chart1"] {
        let err = fails(&["rank", file, "--sheet", sheet], 2);
        assert!(
            err.contains(
                "the sheet \"Chart1\" is a chart, not a table of cells; the sheets of cells are 2 \"Shortlist\""
            ),
            "{err}"
        );
        assert!(!err.contains("damaged"), "{err}");
    }
}

/// A simple exporter writes every cell of an .ods as `<table:table-cell><text:p>…`, without
/// `office:value-type` (or a number's type without `office:value`). LibreOffice shows the
/// text; progrank dropped every such cell and called the sheet empty.
#[test]
fn ods_cells_without_a_value_type_are_read_by_their_text() {
    let dir = tempfile::tempdir().unwrap();
    let bare = |cells: &[&str]| {
        let cells: String = cells
            .iter()
            .map(|c| format!("<table:table-cell><text:p>{c}</text:p></table:table-cell>"))
            .collect();
        format!("<table:table-row>{cells}</table:table-row>")
    };
    let typed_without_value = |text: &str| {
        format!(
            r#"<table:table-cell office:value-type="float"><text:p>{text}</text:p></table:table-cell>"#
        )
    };
    let beta: Vec<String> = ["3", "3", "3", "3", "3", "30000"]
        .iter()
        .map(|t| typed_without_value(t))
        .collect();
    let mut beta_row = vec!["Beta MMEd"];
    beta_row.extend(beta.iter().map(String::as_str));
    let rows = [
        bare(&HEADER),
        bare(&["Alpha MHPE", "5", "4", "3", "4", "5", "24500"]),
        ods_row(&beta_row),
    ]
    .concat();
    let path = write(dir.path(), "exported.ods", &ods(&rows));
    let (rows, _) = run_csv(&["rank", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(column(&rows, "program"), ["Alpha MHPE", "Beta MMEd"]);
    assert_eq!(column(&rows, "score"), ["79.45", "50.00"]);
    assert_eq!(column(&rows, "tuition_usd"), ["24500", "30000"]);
}

/// LibreOffice marks a hidden sheet by its table style (`table:display="false"`), not on the
/// sheet. A hidden first sheet of lookups was read by default (an .xlsx passes it over):
/// its headers were refused as six missing columns.
#[test]
fn a_hidden_first_sheet_of_an_ods_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let styles = r#"<office:automatic-styles><style:style style:name="ta1" style:family="table" style:master-page-name="Default"><style:table-properties table:display="true" style:writing-mode="lr-tb"/></style:style><style:style style:name="ta2" style:family="table" style:master-page-name="Default"><style:table-properties table:display="false" style:writing-mode="lr-tb"/></style:style><style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties/></style:style></office:automatic-styles>"#;
    let lookup = [ods_row(&["code", "meaning"]), ods_row(&["1", "poor"])].concat();
    let shortlist = [
        ods_row(&HEADER),
        ods_row(&["Alpha MHPE", "5", "4", "3", "4", "5", "24500"]),
        ods_row(&["Beta MMEd", "3", "3", "3", "3", "3", "30000"]),
    ]
    .concat();
    let body = format!(
        r#"{styles}<office:body><office:spreadsheet><table:table table:name="Lookup" table:style-name="ta2">{lookup}</table:table><table:table table:name="Shortlist" table:style-name="ta1">{shortlist}</table:table></office:spreadsheet></office:body>"#
    );
    let path = write(dir.path(), "hidden.ods", &ods_content(&body));
    let file = path.to_str().unwrap();
    let (rows, err) = run_csv(&["rank", file, "--format", "csv"]);
    assert_eq!(column(&rows, "program"), ["Alpha MHPE", "Beta MMEd"]);
    assert!(
        err.contains(
            "read the first visible sheet, Shortlist, of 2 (hidden sheets are passed over)"
        ),
        "{err}"
    );
    // Asked for, a hidden sheet is read.
    let err = fails(&["rank", file, "--sheet", "Lookup"], 65);
    assert!(err.contains("sheet Lookup"), "{err}");
    // A visible first sheet is read as before.
    let visible = body.replace(r#"table:style-name="ta2""#, r#"table:style-name="ta1""#);
    let path = write(dir.path(), "visible.ods", &ods_content(&visible));
    let err = fails(&["rank", path.to_str().unwrap()], 65);
    assert!(err.contains("sheet Lookup"), "{err}");
}

// ---- an empty file named as a workbook -------------------------------------------------------

/// A workbook of no bytes (a failed save or download) was "damaged or truncated (invalid
/// Zip archive: Could not find EOCD)"; it is empty, as an empty CSV is.
#[test]
fn an_empty_workbook_file_is_empty_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    for file in ["empty.xlsx", "empty.ods", "empty.xls"] {
        let path = write(dir.path(), file, b"");
        let err = fails(&["rank", path.to_str().unwrap()], 65);
        assert!(
            err.contains(&format!(
                "{file} is empty; it needs a header row and one row per program"
            )),
            "{err}"
        );
        assert!(!err.contains("damaged"), "{err}");
    }
}

// ---- dates stored as ISO text ----------------------------------------------------------------

/// Excel's Strict Open XML stores a date as ISO text (`t="d"`), LibreOffice an .ods date
/// as `office:date-value`; a date stored as a serial number reads `2026-09-01` (with
/// ` 12:30:00` when it has a time). The ISO ones kept their `T00:00:00`, so one start date
/// read three ways depending on the file.
#[test]
fn a_date_reads_the_same_whichever_way_it_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut header = HEADER.to_vec();
    header.push("start");
    let sheet = [
        xlsx_row(1, &header),
        xlsx_row(
            2,
            &[
                "Alpha MHPE",
                "5",
                "4",
                "3",
                "4",
                "5",
                "24500",
                r#"<c r="@" t="d"><v>2026-09-01T00:00:00</v></c>"#,
            ],
        ),
        xlsx_row(
            3,
            &[
                "Beta MMEd",
                "3",
                "3",
                "3",
                "3",
                "3",
                "30000",
                r#"<c r="@" t="d"><v>2026-10-05T12:30:00</v></c>"#,
            ],
        ),
    ]
    .concat();
    let strict = write(
        dir.path(),
        "dates.xlsx",
        &xlsx(&[("Shortlist", format!("<sheetData>{sheet}</sheetData>"))]),
    );
    let date = |value: &str| {
        format!(
            r#"<table:table-cell office:value-type="date" office:date-value="{value}" calcext:value-type="date"><text:p>x</text:p></table:table-cell>"#
        )
    };
    let (alpha, beta) = (date("2026-09-01"), date("2026-10-05T12:30:00"));
    let rows = [
        ods_row(&header),
        ods_row(&["Alpha MHPE", "5", "4", "3", "4", "5", "24500", &alpha]),
        ods_row(&["Beta MMEd", "3", "3", "3", "3", "3", "30000", &beta]),
    ]
    .concat();
    let calc = write(dir.path(), "dates.ods", &ods(&rows));
    for file in [&strict, &calc] {
        let (rows, _) = run_csv(&["rank", file.to_str().unwrap(), "--format", "csv"]);
        assert_eq!(
            column(&rows, "start"),
            ["2026-09-01", "2026-10-05 12:30:00"],
            "{}",
            file.display()
        );
    }
}

// ---- an Apple Numbers document ---------------------------------------------------------------

/// Numbers cannot save as .xlsx, only export: the advice to "save it as .xlsx without a
/// password" named no step a Numbers user can find.
#[test]
fn a_numbers_document_is_refused_with_the_export_step() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = zip_of(&[
        ("Index/Document.iwa", "x".to_owned()),
        ("Metadata/Properties.plist", "x".to_owned()),
    ]);
    let path = write(dir.path(), "shortlist.numbers", &bundle);
    let err = fails(&["rank", path.to_str().unwrap()], 65);
    assert!(
        err.contains("an Apple Numbers document is not supported; in Numbers choose File > Export To > Excel (or CSV)"),
        "{err}"
    );
    assert!(!err.contains("password"), "{err}");
}
