//! Delimited text is parsed in place (the cells' text written over the bytes as they are
//! read, in pieces on all cores for a large file): the rows, their lines and the errors must
//! be those a plain reading of the text gives. The reference here is the csv crate reading
//! the whole text record by record, with lines counted byte by byte.

use progrank::input::{ReadOptions, Sheet, delimited};
use proptest::prelude::*;

/// What a reading gives: the header and every row with its line, or the error's text.
type Reading = Result<(Vec<String>, Vec<(u64, Vec<String>)>), String>;

/// Lines counted byte by byte, on from the last byte asked for.
struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The line of byte `at` (asked for in increasing order): 1 plus the line ends before
    /// it (`\n`, and `\r` without a `\n` after it).
    fn line_of(&mut self, at: usize) -> u64 {
        while self.at < at {
            let b = self.text[self.at];
            if b == b'\n' || (b == b'\r' && self.text.get(self.at + 1) != Some(&b'\n')) {
                self.line += 1;
            }
            self.at += 1;
        }
        self.line
    }
}

/// The reference: the csv crate over the whole text, blank records skipped, the first
/// non-blank one the header; a record's line is the line of its first byte that is not a
/// line end. A record not as long as the first is an error naming its line.
fn reference(text: &[u8]) -> Reading {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut header: Option<Vec<String>> = None;
    let mut first_width = None;
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut lines = Lines {
        text,
        at: 0,
        line: 1,
    };
    loop {
        let start = reader.position().byte() as usize;
        if !reader.read_byte_record(&mut record).unwrap() {
            break;
        }
        let mut at = record.position().unwrap().byte() as usize;
        assert!(at >= start);
        while matches!(text.get(at), Some(b'\n' | b'\r')) {
            at += 1;
        }
        let line = lines.line_of(at);
        // Every record is as long as the first (blank or not), as the csv reader checks.
        let width = *first_width.get_or_insert(record.len());
        if record.len() != width {
            return Err(format!(
                "t.csv line {line}: this row has {} cells but the header has {width}",
                record.len()
            ));
        }
        if record.iter().all(|cell| cell.trim_ascii().is_empty()) {
            continue;
        }
        let cells: Vec<String> = record
            .iter()
            .map(|cell| String::from_utf8(cell.to_vec()).unwrap())
            .collect();
        match &header {
            None => header = Some(cells.iter().map(|c| c.trim().to_owned()).collect()),
            Some(_) => rows.push((line, cells)),
        }
    }
    Ok((header.unwrap_or_default(), rows))
}

/// progrank's reading of `text`, from borrowed bytes and from owned ones (parsed in place),
/// which must agree.
fn progrank(text: &[u8]) -> Reading {
    let borrowed = Sheet::from_csv("t.csv", text);
    let owned = delimited::read_owned("t.csv", text.to_vec(), &ReadOptions::default());
    let reading = |sheet: progrank::Result<Sheet>| -> Reading {
        let sheet = sheet.map_err(|e| {
            // The ragged-row message, cut after the counts (the rest is advice).
            let message = e.to_string();
            message.split(';').next().unwrap_or_default().to_owned()
        })?;
        let rows = (0..sheet.rows.len())
            .map(|row| (sheet.rows.line(row), sheet.rows.row_vec(row)))
            .collect();
        Ok((sheet.headers, rows))
    };
    let (borrowed, owned) = (reading(borrowed), reading(owned));
    assert_eq!(borrowed, owned, "borrowed and owned bytes read alike");
    owned
}

/// A cell as a spreadsheet writes it: plain, empty, quoted with the delimiter, a doubled
/// quote or line breaks inside, or not ASCII.
fn cell() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "x",
        "12",
        "",
        " ",
        "Beacon University",
        "\"a,b\"",
        "\"say \"\"hi\"\"\"",
        "\"two\nlines\"",
        "\"three\r\nlines\r\nhere\"",
        "\"\"",
        "5\" screen",
        "é",
        "名前",
        "\"é\nü\"",
    ])
}

/// A text: a header of three named columns, then rows of three cells (now and then one
/// more or one less) with every kind of line end and blank lines between them.
fn text() -> impl Strategy<Value = Vec<u8>> {
    let row = (
        prop::collection::vec(cell(), 3),
        0u8..30,
        prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n,,\n"]),
    );
    prop::collection::vec(row, 0..30).prop_map(|rows| {
        let mut text = b"program,a,b\n".to_vec();
        for (mut cells, ragged, end) in rows {
            match ragged {
                0 => cells.push("r"),
                1 => drop(cells.pop()),
                _ => {}
            }
            text.extend_from_slice(cells.join(",").as_bytes());
            text.extend_from_slice(end.as_bytes());
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn a_text_read_in_place_reads_as_the_csv_crate_reads_it(text in text()) {
        let expected = reference(&text);
        // An empty sheet (no data rows) is refused: the reference says what it holds.
        match progrank(&text) {
            Err(e) if e.contains("is empty") || e.contains("no data rows") => {}
            got => prop_assert_eq!(got, expected),
        }
    }
}

/// A text of `rows` rows over 1 MiB, so it is parsed in pieces: rows of every shape, one in
/// seven with a cell over two lines, blank lines and CRLF here and there.
fn large_text(rows: usize) -> Vec<u8> {
    let mut text = b"program,notes,fee\r\n".to_vec();
    for i in 0..rows {
        let row = match i % 7 {
            0 => format!("P{i},\"line one\nline two of {i}\",{i}\n"),
            1 => format!("P{i},\"say \"\"{i}\"\"\",1.5\r\n"),
            2 => format!("P{i},,\r\n\r\n"),
            3 => format!("P{i},né {i},\"1,5\"\n"),
            4 => format!("P{i},x\r"),
            5 => format!(",,\nP{i},\"a\r\nb\",{i}\n"),
            _ => format!("P{i},plain text for row {i},{i}\n"),
        };
        // Row 4's cell count is short by one: give it its fee.
        let row = if i % 7 == 4 {
            format!("P{i},x,{i}\r")
        } else {
            row
        };
        text.extend_from_slice(row.as_bytes());
    }
    text
}

#[test]
fn a_large_text_read_in_pieces_in_place_reads_as_the_csv_crate_reads_it() {
    let text = large_text(60_000);
    assert!(
        text.len() > 1 << 20,
        "{} bytes: parsed in pieces",
        text.len()
    );
    let expected = reference(&text).unwrap();
    let got = progrank(&text).unwrap();
    assert_eq!(got.1.len(), 60_000);
    assert_eq!(got, expected);
}

#[test]
fn a_ragged_row_deep_in_a_large_text_names_its_line() {
    let mut text = large_text(60_000);
    text.extend_from_slice(b"Last,1\n");
    let expected = reference(&text).unwrap_err();
    assert!(
        expected.contains("2 cells but the header has 3"),
        "{expected}"
    );
    assert_eq!(progrank(&text).unwrap_err(), expected);
    // The same row in the middle of the text, where a piece may start.
    let mut text = large_text(30_000);
    text.extend_from_slice(b"Middle,1\n");
    text.extend_from_slice(&large_text(30_000)[b"program,notes,fee\r\n".len()..]);
    let expected = reference(&text).unwrap_err();
    assert_eq!(progrank(&text).unwrap_err(), expected);
}
