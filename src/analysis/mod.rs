//! Analyses built on finished rankings: questions a person asks after seeing one ranking
//! ("would my mentor's weights pick the same program?"). Pure computation over
//! [`crate::report::Report`]s, no I/O; `cmd/` reads the inputs and `export/` renders.
//!
//! The weight ranges, Monte Carlo and verdicts still live in `scoring/` and
//! `cmd/sensitivity.rs`; they move here when nobody else is editing them.

pub mod compare;
