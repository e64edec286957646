//! One module per subcommand, each with its clap `Args` and a `run()`.

pub mod advise;
pub mod compare;
pub mod completions;
pub mod explain;
pub mod init;
pub mod man;
pub mod rank;
pub mod report;
pub mod sensitivity;

use crate::cli::{Cli, Command};
use crate::error::Result;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Rank(args) => rank::run(args),
        Command::Advise(args) => advise::run(args),
        Command::Init(args) => init::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Sensitivity(args) => sensitivity::run(args),
        Command::Report(args) => report::run(args),
    }
}
