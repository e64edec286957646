//! Any bytes as an input file: load (CSV or workbook, every quirk path) → score → every
//! export. An error is fine; a panic, a hang or an export that fails on a report is not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use progrank::config::Config;
use progrank::export::{
    CsvExporter, Exporter, JsonExporter, MarkdownExporter, TableExporter, TableStyle, XlsxExporter,
};
use progrank::input::{Encoding, Limits, ReadOptions, Sheet};
use progrank::pipeline::{ScoringOptions, run};
use progrank::scoring::MissingPolicy;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the reading options, so every quirk path is reached.
    let Some((&choice, bytes)) = data.split_first() else {
        return;
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
        return;
    };
    let scoring = ScoringOptions {
        missing: [MissingPolicy::Worst, MissingPolicy::Renormalize][usize::from(choice >> 7)],
        ..ScoringOptions::default()
    };
    let Ok(report) = run(sheet, &Config::default(), &scoring) else {
        return;
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
});
