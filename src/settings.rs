//! Validated settings, apart from clap's types: every subcommand turns its parsed arguments
//! into these before doing any work, and their defaults live in one `impl Default` each.

use crate::cli::{ColorArg, ScoringArgs};
use crate::config::Config;
use crate::error::Result;
use crate::export::{Format, TableStyle};
use crate::input::Source;
use crate::output::Destination;
use crate::pipeline::ScoringOptions;
use std::io::IsTerminal;

/// Everything a scoring run needs to know besides the input.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scoring {
    /// Criteria, weights and flags, with command-line weight changes applied.
    pub config: Config,
    /// Missing-value policy and the record of weight changes.
    pub options: ScoringOptions,
    /// The weights file read (`--weights`), which `-o` may not name.
    pub weights_file: Option<std::path::PathBuf>,
}

impl Scoring {
    /// The same settings with hard limits applied before ranking.
    pub fn with_limits(mut self, limits: crate::costs::Limits) -> Scoring {
        self.options.limits = limits;
        self
    }

    /// The files a run scored with these settings reads, `input` among them, which `-o`
    /// may not name.
    pub fn reads<'a>(&'a self, input: &'a Source) -> crate::output::Reads<'a> {
        crate::output::Reads {
            input: input.path(),
            weights: self.weights_file.as_deref(),
            compare: None,
        }
    }

    /// Loads the weights (built-in or `--weights`) and applies every `--weight`.
    pub fn from_args(args: &ScoringArgs) -> Result<Scoring> {
        let mut config = match &args.weights {
            Some(path) => Config::from_file(path)?,
            None => Config::default(),
        };
        args.apply_reading(&mut config);
        let mut overrides = Vec::with_capacity(args.weight.len());
        for o in &args.weight {
            config.override_weight(&o.name, o.weight)?;
            overrides.push(format!("{}={}", o.name, o.weight));
        }
        Ok(Scoring {
            config,
            weights_file: args.weights.clone(),
            options: ScoringOptions {
                missing: args.missing.into(),
                weight_overrides: overrides,
                ..ScoringOptions::default()
            },
        })
    }
}

/// The validated settings of `rank`.
#[derive(Debug, Clone, PartialEq)]
pub struct RankSettings {
    /// Where the shortlist comes from.
    pub input: Source,
    /// How to read it.
    pub read: crate::input::ReadOptions,
    /// How programs are scored.
    pub scoring: Scoring,
    /// The output format.
    pub format: Format,
    /// Where the output goes.
    pub destination: Destination,
    /// Table layout and colour.
    pub table: TableStyle,
    /// Show only the first N ranked programs.
    pub top: Option<usize>,
    /// Add cost columns (`--costs`).
    pub show_costs: bool,
    /// List excluded programs in data exports (`--include-excluded`).
    pub include_excluded: bool,
    /// The CSV dialect to write (`--csv-dialect`; default the input's own).
    pub csv_dialect: crate::export::DialectChoice,
}

impl Default for RankSettings {
    fn default() -> Self {
        RankSettings {
            input: Source::Stdin,
            read: crate::input::ReadOptions::default(),
            scoring: Scoring::default(),
            format: Format::Table,
            destination: Destination::Stdout,
            table: TableStyle::default(),
            top: None,
            show_costs: false,
            include_excluded: false,
            csv_dialect: crate::export::DialectChoice::Input,
        }
    }
}

/// Whether to colour output on standard output: `--color`, then NO_COLOR, then a terminal
/// that is not `TERM=dumb` (one that shows escape sequences as text, such as Emacs's shell).
pub fn use_color(choice: ColorArg, to_stdout: bool) -> bool {
    color_for(
        choice,
        to_stdout && std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
    )
}

/// [`use_color`]'s rule, given what it reads of the environment.
fn color_for(choice: ColorArg, to_terminal: bool, no_color: bool, dumb_terminal: bool) -> bool {
    match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => to_terminal && !no_color && !dumb_terminal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_on_a_terminal_unless_no_color_or_a_dumb_terminal() {
        assert!(color_for(ColorArg::Auto, true, false, false));
        assert!(!color_for(ColorArg::Auto, false, false, false));
        assert!(!color_for(ColorArg::Auto, true, true, false));
        assert!(!color_for(ColorArg::Auto, true, false, true));
        assert!(color_for(ColorArg::Always, false, true, true));
        assert!(!color_for(ColorArg::Never, true, false, false));
    }
}
