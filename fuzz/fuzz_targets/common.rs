//! Shared by the workbook targets: small caps (so a run explores instead of allocating) and
//! the load → score path. An error is fine; a panic, a hang or an allocation past the
//! caps is not.

use progrank::config::Config;
use progrank::input::{Limits, ReadOptions, Sheet};
use progrank::pipeline::{ScoringOptions, run};
use std::io::Write;

pub fn options() -> ReadOptions {
    ReadOptions {
        limits: Limits {
            max_file_bytes: 1 << 22,
            max_cell_bytes: 1 << 16,
            max_columns: 256,
            max_rows: 4096,
            max_cells: 1 << 16,
            max_text_bytes: 1 << 20,
            max_part_bytes: 1 << 22,
        },
        ..ReadOptions::default()
    }
}

/// Loads `bytes` as the file `name` and, if it reads, scores it with the defaults.
pub fn load_and_score(name: &str, bytes: &[u8]) {
    let path = std::path::Path::new(name);
    if let Ok(sheet) = Sheet::load(name, Some(path), bytes, &options()) {
        let _ = run(sheet, &Config::default(), &ScoringOptions::default());
    }
}

#[allow(dead_code)] // the xls target builds a compound file instead
/// A zip of the given parts, stored (no compression: the fuzzer's bytes go in as they are).
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}
