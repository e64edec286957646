//! Hostile workbooks and weights files (issue 16, the reader half): each test builds the
//! smallest input that showed a hang, a blow-up or a crash, and runs progrank on it under a
//! child-process rlimit (`ulimit -v` for memory, `ulimit -t` for CPU seconds), so a
//! regression fails as a killed process instead of a slow or swapping test run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

/// Address space for the child, in KiB: 1 GiB (the promise is 512 MB resident).
const MEMORY_KIB: u32 = 1 << 20;
/// CPU seconds for the child (the promise is 10 s; a debug build gets the same).
const CPU_SECONDS: u32 = 10;

/// Runs progrank with `args` under the memory and CPU limits.
fn run_limited(args: &[&str]) -> Output {
    let script = format!("ulimit -v {MEMORY_KIB}; ulimit -t {CPU_SECONDS}; exec \"$0\" \"$@\"");
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_progrank"))
        .args(args)
        .env_remove("NO_COLOR");
    cmd.output().expect("sh runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts the run ended by itself with `code` and `stderr` holding every one of `needles`.
fn assert_fails(out: &Output, code: i32, needles: &[&str]) {
    let err = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "status {:?} (a signal means a limit was hit); stderr: {err}",
        out.status
    );
    for needle in needles {
        assert!(err.contains(needle), "no {needle:?} in: {err}");
    }
    assert!(!err.contains("Cannot detect"), "{err}");
}

fn write(dir: &Path, file: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(file);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A zip of the given parts, the first stored, the rest deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (i, (name, bytes)) in parts.iter().enumerate() {
        let method = if i == 0 {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const HEADER: [&str; 6] = [
    "program",
    "faculty_quality",
    "scholarship_support",
    "funding",
    "schedule_flexibility",
    "brand_name",
];

fn ods_cell(text: &str) -> String {
    if text.parse::<f64>().is_ok() {
        format!(r#"<table:table-cell office:value-type="float" office:value="{text}"/>"#)
    } else {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
        )
    }
}

fn ods_row(cells: &[&str]) -> String {
    let cells: String = cells.iter().map(|c| ods_cell(c)).collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

/// A shortlist sheet: the header and two programs.
fn ods_shortlist_rows() -> String {
    [
        ods_row(&HEADER),
        ods_row(&["Alpha MHPE", "5", "4", "3", "4", "5"]),
        ods_row(&["Beta MMEd", "3", "3", "3", "3", "3"]),
    ]
    .concat()
}

const ODS_OPEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#;
const ODS_CLOSE: &str = "</office:spreadsheet></office:body></office:document-content>";

/// An .ods whose content.xml is exactly `content`.
fn ods(content: &str) -> Vec<u8> {
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// An .ods with one sheet holding `rows`.
fn ods_sheet(rows: &str) -> Vec<u8> {
    ods(&format!(
        r#"{ODS_OPEN}<table:table table:name="Shortlist">{rows}</table:table>{ODS_CLOSE}"#
    ))
}

/// A minimal .xlsx with one sheet whose XML is `sheet_data` inside `<worksheet>`, and the
/// given shared strings part, if any.
fn xlsx(sheet: &str, shared_strings: Option<&str>) -> Vec<u8> {
    let types = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let workbook = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Shortlist" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let workbook_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sheet}</worksheet>"#
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(strings) = shared_strings {
        parts.push(("xl/sharedStrings.xml", strings.as_bytes()));
    }
    zip_of(&parts)
}

fn xlsx_cell(reference: &str, text: &str) -> String {
    if text.parse::<f64>().is_ok() {
        format!(r#"<c r="{reference}"><v>{text}</v></c>"#)
    } else {
        format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }
}

/// The shortlist as xlsx rows 1 to 3.
fn xlsx_shortlist_rows() -> String {
    let rows: [[&str; 6]; 3] = [
        HEADER,
        ["Alpha MHPE", "5", "4", "3", "4", "5"],
        ["Beta MMEd", "3", "3", "3", "3", "3"],
    ];
    let mut out = String::new();
    for (r, row) in rows.iter().enumerate() {
        out.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, text) in row.iter().enumerate() {
            let column = char::from(b'A' + u8::try_from(c).unwrap());
            out.push_str(&xlsx_cell(&format!("{column}{}", r + 1), text));
        }
        out.push_str("</row>");
    }
    out
}

// ---- .ods: truncation and repeats ----------------------------------------------------

#[test]
fn a_truncated_ods_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    // content.xml stops after the rows: no </table:table> and nothing after it.
    let content = format!(
        r#"{ODS_OPEN}<table:table table:name="Shortlist">{}"#,
        ods_shortlist_rows()
    );
    let path = write(dir.path(), "cut.ods", &ods(&content));
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(&out, 65, &["cut.ods", "cut short", "the sheet Shortlist"]);
    assert!(out.stdout.is_empty(), "no partial output");
}

#[test]
fn repeated_cells_are_charged_to_the_budget_before_they_are_copied() {
    let dir = tempfile::tempdir().unwrap();
    // 3,000 rows of 16,384 copies of one cell: 49 million cells from 891 bytes.
    let bomb = r#"<table:table-row table:number-rows-repeated="3000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#;
    let path = write(
        dir.path(),
        "wide.ods",
        &ods_sheet(&format!("{}{bomb}", ods_shortlist_rows())),
    );
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(
        &out,
        65,
        &[
            "wide.ods, sheet Shortlist, cell A4",
            "4000000 cells",
            "--no-limits",
        ],
    );
}

#[test]
fn a_billion_repeated_rows_are_refused_by_the_row_cap() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = format!(
        r#"<table:table-row table:number-rows-repeated="1000000000">{}</table:table-row>"#,
        ods_cell("Gamma")
    );
    let path = write(
        dir.path(),
        "tall.ods",
        &ods_sheet(&format!("{}{bomb}", ods_shortlist_rows())),
    );
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(&out, 65, &["repeated to row 1000000003", "--no-limits"]);
}

#[test]
fn trailing_blank_repeats_cost_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // What LibreOffice writes below and beside the data, made a billion rows long.
    let blanks = r#"<table:table-row table:number-rows-repeated="1000000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;
    let rows = ods_shortlist_rows().replace(
        "</table:table-row>",
        r#"<table:table-cell table:number-columns-repeated="16378"/></table:table-row>"#,
    );
    let path = write(
        dir.path(),
        "blanks.ods",
        &ods_sheet(&format!("{rows}{blanks}")),
    );
    let out = run_limited(&["rank", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.contains("Alpha MHPE") && csv.contains("Beta MMEd"),
        "{csv}"
    );
}

#[test]
fn a_run_of_a_billion_spaces_is_refused_by_the_cell_cap() {
    let dir = tempfile::tempdir().unwrap();
    let cell = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>Gamma<text:s text:c="1000000000"/></text:p></table:table-cell></table:table-row>"#;
    let path = write(
        dir.path(),
        "spaces.ods",
        &ods_sheet(&format!("{}{cell}", ods_shortlist_rows())),
    );
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(&out, 65, &["cell A4", "this cell", "1 MiB", "--no-limits"]);
}

#[test]
fn an_ods_with_no_sheets_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "empty.ods",
        &ods(&format!("{ODS_OPEN}{ODS_CLOSE}")),
    );
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(&out, 65, &["empty.ods: the workbook has no sheets"]);
    assert!(!stderr(&out).contains("the sheets are"), "{}", stderr(&out));
}

#[test]
fn an_ods_reads_strings_numbers_and_spaces_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let rows = ods_shortlist_rows().replace(
        "<text:p>Beta MMEd</text:p>",
        "<text:p>Beta<text:s text:c=\"2\"/>&amp; Co</text:p><office:annotation><text:p>note</text:p></office:annotation>",
    );
    let path = write(dir.path(), "ok.ods", &ods_sheet(&rows));
    let out = run_limited(&["rank", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains(",Beta  & Co,"), "{csv}");
    assert!(!csv.contains("note"), "{csv}");
}

// ---- damaged workbooks of every kind ---------------------------------------------------

#[test]
fn a_cut_zip_is_damaged_with_the_reason_for_every_zipped_kind() {
    let dir = tempfile::tempdir().unwrap();
    let whole_ods = ods_sheet(&ods_shortlist_rows());
    let whole_xlsx = xlsx(
        &format!("<sheetData>{}</sheetData>", xlsx_shortlist_rows()),
        None,
    );
    for (file, bytes) in [("cut.ods", whole_ods), ("cut.xlsx", whole_xlsx)] {
        let path = write(dir.path(), file, &bytes[..bytes.len() * 2 / 3]);
        let out = run_limited(&["rank", path.to_str().unwrap()]);
        assert_fails(&out, 65, &[file, "damaged or truncated"]);
    }
}

#[test]
fn a_cut_or_garbled_xls_and_xlsb_are_damaged_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let xls = std::fs::read("tests/data/workbooks/shortlist.xls").unwrap();
    let path = write(dir.path(), "cut.xls", &xls[..xls.len() / 2]);
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(&out, 65, &["cut.xls", "damaged or truncated"]);

    let xlsb = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.bin", b"\x83\x01\x00garbage"),
    ]);
    let path = write(dir.path(), "bad.xlsb", &xlsb);
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(&out, 65, &["bad.xlsb", "damaged or truncated"]);
}

// ---- .xlsx: declared sizes, shared strings, far cells ------------------------------

/// Rewrites the uncompressed size of the zip entry `name` (local and central headers).
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    for at in 0..zip.len().saturating_sub(46) {
        let signature = &zip[at..at + 4];
        let (size_at, name_len_at, name_at) = match signature {
            b"PK\x03\x04" => (at + 22, at + 26, at + 30),
            b"PK\x01\x02" => (at + 24, at + 28, at + 46),
            _ => continue,
        };
        let name_len = usize::from(u16::from_le_bytes([zip[name_len_at], zip[name_len_at + 1]]));
        if zip.get(name_at..name_at + name_len) == Some(name.as_bytes()) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both headers of {name}");
}

#[test]
fn a_part_declaring_a_huge_size_is_refused_before_it_is_inflated() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = xlsx(
        &format!("<sheetData>{}</sheetData>", xlsx_shortlist_rows()),
        None,
    );
    declare_size(&mut bytes, "xl/worksheets/sheet1.xml", 600 << 20);
    let path = write(dir.path(), "declared.xlsx", &bytes);
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(
        &out,
        65,
        &[
            "xl/worksheets/sheet1.xml",
            "629145600 bytes",
            "256 MiB",
            "--no-limits",
        ],
    );
}

#[test]
fn shared_strings_declaring_billions_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let strings = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>"#;
    let bytes = xlsx(
        &format!("<sheetData>{}</sheetData>", xlsx_shortlist_rows()),
        Some(strings),
    );
    let path = write(dir.path(), "strings.xlsx", &bytes);
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(&out, 65, &["shared strings", "4000000000", "--no-limits"]);
}

#[test]
fn a_far_cell_and_a_huge_dimension_cost_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let far = format!(
        r#"<dimension ref="A1:XFD1048576"/><sheetData>{}<row r="1048576">{}</row></sheetData>"#,
        xlsx_shortlist_rows(),
        xlsx_cell("XFD1048576", "stray")
    );
    let path = write(dir.path(), "far.xlsx", &xlsx(&far, None));
    let out = run_limited(&["rank", path.to_str().unwrap(), "--format", "csv"]);
    // The stray cell is read (15 MB, not the 12.5 GB grid) and reported as data without a
    // header, in column XFD.
    assert_fails(
        &out,
        65,
        &[
            "far.xlsx, sheet Shortlist, cell XFD1",
            "has data but no header",
        ],
    );
}

#[test]
fn a_diagonal_of_cells_is_refused_by_the_grid_it_spans() {
    let dir = tempfile::tempdir().unwrap();
    // 2,100 cells, one per row and column: 4.4 million cells once laid out.
    let mut rows = xlsx_shortlist_rows();
    for i in 4..2104u32 {
        let mut column = String::new();
        let mut n = i;
        while n > 0 {
            column.insert(0, char::from(b'A' + u8::try_from((n - 1) % 26).unwrap()));
            n = (n - 1) / 26;
        }
        rows.push_str(&format!(
            r#"<row r="{i}">{}</row>"#,
            xlsx_cell(&format!("{column}{i}"), "1")
        ));
    }
    let path = write(
        dir.path(),
        "diagonal.xlsx",
        &xlsx(&format!("<sheetData>{rows}</sheetData>"), None),
    );
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(
        &out,
        65,
        &[
            "diagonal.xlsx, sheet Shortlist",
            "2103 rows by 2103 columns",
            "--no-limits",
        ],
    );
}

// ---- .xls: a far cell --------------------------------------------------------------

fn biff(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
    out.extend(data);
    out
}

fn biff_number(row: u16, column: u16, value: f64) -> Vec<u8> {
    let mut data = row.to_le_bytes().to_vec();
    data.extend(column.to_le_bytes());
    data.extend(0u16.to_le_bytes());
    data.extend(value.to_le_bytes());
    biff(0x0203, &data)
}

#[test]
fn an_xls_with_one_cell_at_iv65536_is_refused_before_calamine_lays_it_out() {
    let dir = tempfile::tempdir().unwrap();
    let bof = biff(
        0x0809,
        &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    );
    let eof = biff(0x000A, &[]);
    let mut stream = [bof.clone(), eof.clone(), bof].concat();
    stream.extend(biff_number(0, 0, 1.0));
    stream.extend(biff_number(65535, 255, 1.0));
    stream.extend(eof);
    let path = dir.path().join("far.xls");
    let mut file = cfb::create(&path).unwrap();
    file.create_stream("/Workbook")
        .unwrap()
        .write_all(&stream)
        .unwrap();
    file.flush().unwrap();
    drop(file);
    let out = run_limited(&["rank", path.to_str().unwrap()]);
    assert_fails(
        &out,
        65,
        &[
            "far.xls, cell IV65536",
            "16777216 cells",
            "4000000 cells",
            "--no-limits",
        ],
    );
}

// ---- weights: conditions that nest or run long -----------------------------------------

fn weights_with_condition(dir: &Path, when: &str) -> PathBuf {
    let text = format!(
        "[weights]\nfaculty_quality = 60\nbrand_name = 40\n\n[[flags]]\nid = \"deep\"\nseverity = \"warning\"\nwhen = \"{when}\"\nmessage = \"m\"\n"
    );
    write(dir, "deep.toml", text.as_bytes())
}

#[test]
fn deeply_nested_or_long_conditions_are_config_errors_not_stack_overflows() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            format!(
                "{}faculty_quality <= 2{}",
                "(".repeat(9000),
                ")".repeat(9000)
            ),
            "characters long",
        ),
        (
            format!("{}faculty_quality <= 2{}", "(".repeat(100), ")".repeat(100)),
            "more than 64 deep",
        ),
        (
            format!("{}faculty_quality <= 2", "not ".repeat(20_000)),
            "characters long",
        ),
        (
            format!("{}faculty_quality <= 2", "not ".repeat(65)),
            "more than 64 deep",
        ),
        (
            vec!["faculty_quality <= 2"; 20_925].join(" and "),
            "over the limit of 10000",
        ),
    ];
    for (when, needle) in cases {
        let weights = weights_with_condition(dir.path(), &when);
        let out = run_limited(&[
            "rank",
            "data/programs.csv",
            "--weights",
            weights.to_str().unwrap(),
        ]);
        assert_fails(&out, 78, &["deep.toml", "flag deep", needle]);
    }
}

#[test]
fn a_long_flat_chain_within_the_limit_is_evaluated() {
    let dir = tempfile::tempdir().unwrap();
    // 390 terms (about 9,750 characters): each holds for every program, so the flag is raised.
    let when = vec!["faculty_quality >= 1"; 390].join(" and ");
    let weights = weights_with_condition(dir.path(), &when);
    let out = run_limited(&[
        "rank",
        "data/programs.csv",
        "--weights",
        weights.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("deep"), "{csv}");
}
