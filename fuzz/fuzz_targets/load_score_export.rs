//! Any bytes as an input file: load (CSV or workbook, every quirk path) → score → every
//! export. An error is fine; a panic, a hang or an export that fails on a report is not.
//! The body lives in `tests/fuzz_common/`, where the regression test replays kept inputs.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/fuzz_common/load_score_export.rs"]
mod body;

fuzz_target!(|data: &[u8]| {
    body::load_score_export(data);
});
