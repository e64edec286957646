//! The `progrank` binary: parse the command line, run the subcommand, report any error once
//! and exit with its documented code.

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = progrank::cli::Cli::parse();
    match progrank::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(std::io::stderr(), "error: {err:#}");
            ExitCode::from(err.exit_code())
        }
    }
}
