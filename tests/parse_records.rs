//! The records of delimited text are read by one reader (the csv crate's dialect, driven on
//! the file's own bytes): cells longer than its first buffer, rows wider than its first
//! list of cell ends, a byte order mark inside the text, and a ragged row in a file read in
//! pieces must come out as one reading of the whole text gives them.

use progrank::input::{ReadOptions, delimited};

/// More than the size above which a file is parsed in pieces on several threads.
const LARGE: usize = 3 << 20;

#[test]
fn long_quoted_cells_and_wide_rows_keep_every_byte() {
    let long = "x\"\"y".repeat(3000);
    let width = 150;
    let header: Vec<String> = std::iter::once("program".to_owned())
        .chain((1..width).map(|i| format!("c{i}")))
        .collect();
    let mut text = header.join(",") + "\n";
    for row in 0..3 {
        let cells: Vec<String> = std::iter::once(format!("\"P{row} {long}\""))
            .chain((1..width).map(|i| format!("{}", i * row)))
            .collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    let sheet = delimited::read("t.csv", text.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(sheet.headers, header);
    assert_eq!(sheet.rows.len(), 3);
    let unquoted = "x\"y".repeat(3000);
    for row in 0..3 {
        assert_eq!(sheet.rows.cell(row, 0), format!("P{row} {unquoted}"));
        assert_eq!(
            sheet.rows.cell(row, width - 1),
            format!("{}", (width - 1) * row)
        );
        assert_eq!(sheet.rows.line(row), 2 + row as u64);
    }
}

#[test]
fn a_byte_order_mark_inside_the_text_is_text_in_every_piece() {
    let mut text = "\u{feff}program,a\n".to_owned();
    let mut rows = 0;
    while text.len() < LARGE {
        text.push_str(&format!("\u{feff}P{rows},{}\n", rows % 7));
        rows += 1;
    }
    let sheet = delimited::read("t.csv", text.as_bytes(), &ReadOptions::default()).unwrap();
    // The file's own mark goes; every other one is the start of a cell.
    assert_eq!(sheet.headers[0], "program");
    assert_eq!(sheet.rows.len(), rows);
    for row in [0, 1, rows / 3, rows / 2, rows - 1] {
        assert_eq!(sheet.rows.cell(row, 0), format!("\u{feff}P{row}"));
    }
}

#[test]
fn a_ragged_row_in_a_large_file_names_its_line_and_counts() {
    let mut text = "program,a,b\n".to_owned();
    let mut line = 1;
    while text.len() < LARGE {
        text.push_str("P,1,2\n\n");
        line += 2;
    }
    text.push_str("\r\n\"Bad\nrow\",1\nQ,1,2\n");
    let err = delimited::read("t.csv", text.as_bytes(), &ReadOptions::default()).unwrap_err();
    // The ragged record starts past the blank lines, on the line after the last row's blank.
    assert_eq!(
        err.to_string(),
        format!(
            "t.csv line {}: this row has 2 cells but the header has 3; every row needs one \
             cell per column (check for a stray comma or an unquoted comma inside a cell)",
            line + 2
        )
    );
    assert_eq!(err.exit_code(), progrank::error::exit::DATA);
}

#[test]
fn a_ragged_blank_row_is_refused_as_one_reader_refuses_it() {
    // A row of empty cells is skipped only when it is as wide as the first record.
    let err = delimited::read(
        "t.csv",
        b"program,a,b\nX,1,2\n,\nY,3,4\n",
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("t.csv line 3: this row has 2 cells but the header has 3;"),
        "{err}"
    );
    let sheet = delimited::read(
        "t.csv",
        b"program,a,b\nX,1,2\n,,\nY,3,4\n",
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.rows.line(1), 4);
}
