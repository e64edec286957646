//! Inputs found by the fuzzers (`fuzz/`), kept so that a fixed crash stays fixed. Each file
//! under `tests/data/fuzz/` goes through the same path as the `load_score_export` target:
//! load with the options its first byte picks, score, render every export. Each must end in
//! an answer or an error, never a panic.

#[path = "fuzz_common/load_score_export.rs"]
mod fuzz_common;

use fuzz_common::load_score_export;

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
