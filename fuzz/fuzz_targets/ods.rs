//! Any bytes as the `content.xml` of an otherwise valid `.ods`: our streaming ODS reader
//! (truncation, repeats, text runs, nesting) → score.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|content: &[u8]| {
    let ods = common::zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content),
    ]);
    common::load_and_score("fuzz.ods", &ods);
});
