//! One module per subcommand, each with its clap `Args` and a `run()`.

pub mod explain;
pub mod rank;
pub mod sensitivity;

use crate::cli::{Cli, Command};
use crate::error::Result;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Rank(args) => rank::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Sensitivity(args) => sensitivity::run(args),
    }
}
