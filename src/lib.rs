//! progrank: rank a shortlist of Master's in Medical (Health Professions) Education programs
//! by a weighted priority chart, with red flags.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! input → config → dataset → scoring::normalize → scoring → flags → ranking → report → view → export → output
//! ```
//!
//! [`pipeline::run`] wires the stages together (each callable alone: [`pipeline::bind`],
//! [`pipeline::Bound::flag`], [`pipeline::Bound::score`], [`pipeline::rank`]); `cmd/` holds one
//! module per subcommand.
//! [`advice`] holds the decision before any ranking (is a master's worth it?) for `advise`;
//! [`analysis`] the questions asked after one (why this rank, how robust, whose weights), as
//! values that `export` renders.

pub mod advice;
pub mod analysis;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod costs;
pub mod dataset;
pub mod date;
pub mod error;
pub mod export;
pub mod flags;
pub mod hash;
pub mod headers;
pub mod input;
pub mod output;
pub mod pipeline;
pub mod ranking;
pub mod report;
pub mod scoring;
pub mod settings;
pub mod text;
pub mod values;
pub mod view;
pub mod workers;

pub use error::{Error, Result};

/// temporary timing
pub fn tm(label: &str) {
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    let start = START.get_or_init(std::time::Instant::now);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let pick = |k: &str| {
        status
            .lines()
            .find(|l| l.starts_with(k))
            .unwrap_or("")
            .split_whitespace()
            .nth(1)
            .unwrap_or("")
            .to_string()
    };
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(") ").next().unwrap_or("");
    let f: Vec<u64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    let cpu = (f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)) * 10;
    eprintln!(
        "TM {:>8.3} ms cpu={cpu} ms {label} hwm={} rss={}",
        start.elapsed().as_secs_f64() * 1e3,
        pick("VmHWM"),
        pick("VmRSS")
    );
}
