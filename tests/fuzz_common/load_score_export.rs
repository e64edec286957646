//! The body of the `load_score_export` fuzz target, shared with `tests/fuzz_regressions.rs` so
//! that kept inputs replay exactly the path the fuzzer ran: the first byte picks the reading
//! options, then load (CSV or workbook) → score → every export. An error is fine; a panic or an
//! export that fails on a report is not.

use progrank::config::Config;
use progrank::export::{
    CsvExporter, Exporter, JsonExporter, MarkdownExporter, TableExporter, XlsxExporter,
};
use progrank::input::{Encoding, Limits, ReadOptions, Sheet};
use progrank::pipeline::{ScoringOptions, run};
use progrank::scoring::MissingPolicy;
use progrank::view::View;

/// The fuzz target's body, returning whether the input was ranked.
pub fn load_score_export(data: &[u8]) -> bool {
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
        decimal: (choice & 0x20 != 0).then_some(progrank::input::dialect::DecimalMark::Comma),
        limits: Limits {
            max_file_bytes: 1 << 20,
            max_cell_bytes: 1 << 16,
            max_columns: 256,
            max_rows: 4096,
            max_cells: 1 << 16,
            max_text_bytes: 1 << 20,
            max_part_bytes: 1 << 22,
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
        Box::new(TableExporter),
        Box::new(XlsxExporter),
    ];
    for exporter in exporters {
        exporter
            .render(&View::new(&report))
            .expect("a report always renders");
    }
    true
}
