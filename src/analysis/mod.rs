//! Analyses built on finished rankings: questions a person asks after seeing one ranking
//! ("why is this program third?", "would slightly different weights pick another winner?",
//! "would my mentor's weights pick the same program?"). Pure computation over
//! [`crate::report::Report`]s, no I/O; `cmd/` reads the inputs and `export/` renders the
//! values built here, so an exporter never computes an analysis itself.
//!
//! * [`breakpoints`]: exact, closed-form break points (weight ranges, the rating it takes to
//!   be #1) and the largest-remainder rounding that makes shown parts add up.
//! * [`montecarlo`]: ranking under many random weight sets (perturbed or SMAA).
//! * [`sensitivity`]: the weight ranges, the Monte Carlo and the verdict on one ranking, as
//!   one value that `sensitivity` prints and the HTML report shows.
//! * [`verdict`]: the verdict words, their definitions, and what each random mode answers.
//! * [`explain`]: why one program ranks where it does, and what would make it #1.
//! * [`compare`]: two people's weights on one shortlist.
//! * [`alternatives`]: the best master's against the best cheaper path, by score and cost.

pub mod alternatives;
pub mod breakpoints;
pub mod compare;
pub mod explain;
pub mod montecarlo;
pub mod sensitivity;
pub mod verdict;
