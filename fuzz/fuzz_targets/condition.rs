//! Any text as a red-flag condition: parse it, and when it parses, load it in a weights
//! file and evaluate it on every program of the sample. An error is fine; a panic or a
//! stack overflow is not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use progrank::config::{Config, WeightsSource, condition};
use progrank::input::Sheet;
use progrank::pipeline::{ScoringOptions, run};

const SAMPLE: &[u8] = include_bytes!("../../data/programs.csv");

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|text: &str| {
    if condition::parse(text).is_err() {
        return;
    }
    let weights = format!(
        "[weights]\nfaculty_quality = 60\nbrand_name = 40\n\n[[flags]]\nid = \"f\"\nseverity = \"warning\"\nwhen = {}\nmessage = \"m\"\n",
        toml_string(text)
    );
    let Ok(config) = Config::parse(&weights, WeightsSource::File("fuzz.toml".into())) else {
        return;
    };
    let sheet = Sheet::from_csv("programs.csv", SAMPLE).expect("the sample reads");
    let _ = run(sheet, &config, &ScoringOptions::default());
});
