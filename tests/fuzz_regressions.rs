//! Inputs found by the fuzzers (`fuzz/`), kept so that a fixed crash stays fixed. Each file
//! under `tests/data/fuzz/` goes through the same path as the `load_score_export` target:
//! load with the options its first byte picks, score, render every export. Each must end in
//! an answer or an error, never a panic.

use progrank::config::Config;
use progrank::export::{
    CsvExporter, Exporter, JsonExporter, MarkdownExporter, TableExporter, TableStyle, XlsxExporter,
};
use progrank::input::{Encoding, Limits, ReadOptions, Sheet};
use progrank::pipeline::{ScoringOptions, run};
use progrank::scoring::MissingPolicy;

/// The fuzz target's body, returning whether the input was ranked.
fn load_score_export(data: &[u8]) -> bool {
    let Some((&choice, bytes)) = data.split_first() else {
        return false;
    };
    let options = ReadOptions {
        sheet: None,
        delimiter: [None, Some(b';'), Some(b'\t'), Some(b'|')][usize::from(choice & 3)],
        skip_rows: usize::from((choice >> 2) & 1),
        encoding: [
            Encoding::Auto,
            Encoding::Utf8,
            Encoding::Utf16Le,
            Encoding::Windows1252,
        ][usize::from((choice >> 3) & 3)],
        decimal_comma: choice & 0x20 != 0,
        limits: Limits {
            max_file_bytes: 1 << 20,
            max_cell_bytes: 1 << 16,
            max_columns: 256,
            max_rows: 4096,
        },
    };
    let Ok(sheet) = Sheet::load("fuzz.csv", None, bytes, &options) else {
        return false;
    };
    let scoring = ScoringOptions {
        missing: [MissingPolicy::Worst, MissingPolicy::Renormalize][usize::from(choice >> 7)],
        ..ScoringOptions::default()
    };
    let Ok(report) = run(sheet, &Config::default(), &scoring) else {
        return false;
    };
    let exporters: [Box<dyn Exporter>; 5] = [
        Box::new(CsvExporter),
        Box::new(JsonExporter),
        Box::new(MarkdownExporter),
        Box::new(TableExporter {
            style: TableStyle::default(),
        }),
        Box::new(XlsxExporter),
    ];
    for exporter in exporters {
        exporter.render(&report).expect("a report always renders");
    }
    true
}

#[test]
fn every_kept_fuzz_input_is_survived() {
    let mut count = 0;
    for entry in std::fs::read_dir("tests/data/fuzz").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| load_score_export(&bytes));
        assert!(outcome.is_ok(), "{} panicked", path.display());
        count += 1;
    }
    assert!(count > 0, "tests/data/fuzz/ holds the kept inputs");
}

#[test]
fn the_fuzz_harness_reaches_every_export() {
    let mut data = vec![0u8];
    data.extend_from_slice(&std::fs::read("data/programs.csv").unwrap());
    assert!(load_score_export(&data));
}
