//! Any bytes as the `Workbook` stream of a compound file: our BIFF walk, then calamine's
//! `.xls` reader → score.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;

mod common;

fuzz_target!(|stream: &[u8]| {
    let mut file = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook")
        .unwrap()
        .write_all(stream)
        .unwrap();
    file.flush().unwrap();
    let bytes = file.into_inner().into_inner();
    common::load_and_score("fuzz.xls", &bytes);
});
