//! Any text as a weights file: parse and validate, then score the sample with it. An error
//! is fine; a panic is not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use progrank::config::{Config, WeightsSource};
use progrank::input::Sheet;
use progrank::pipeline::{ScoringOptions, run};

const SAMPLE: &[u8] = include_bytes!("../../data/programs.csv");

fuzz_target!(|text: &str| {
    let Ok(config) = Config::parse(text, WeightsSource::File("fuzz.toml".into())) else {
        return;
    };
    let sheet = Sheet::from_csv("programs.csv", SAMPLE).expect("the sample reads");
    let _ = run(sheet, &config, &ScoringOptions::default());
});
