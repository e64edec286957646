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
pub mod flat;
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
