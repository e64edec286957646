//! The `progrank` binary: parse the command line, run the subcommand, report any error once
//! and exit with its documented code.

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match progrank::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let args: Vec<_> = std::env::args_os().skip(1).collect();
            if let Some(hint) = progrank::cli::usage_hint(&err, &args) {
                let _ = writeln!(std::io::stderr(), "error: {hint}");
                return ExitCode::from(progrank::error::exit::USAGE);
            }
            return clap_exit(&err);
        }
    };
    match progrank::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // The one place an error reaches the terminal: whatever a message quotes (a
            // sheet name, a header, a weights-file id), no escape sequence gets through.
            let message = progrank::text::escape_lines(&err.to_string());
            let _ = writeln!(std::io::stderr(), "error: {message}");
            ExitCode::from(err.exit_code())
        }
    }
}

/// Prints clap's help, version or usage error and exits with its code, unlike clap's own
/// `exit` also when the help cannot be written (`--help > /dev/full` is exit 73, as any
/// other unwritable standard output); a closed pipe (`--help | head -1`) is still success.
fn clap_exit(err: &clap::Error) -> ExitCode {
    // A usage error quotes what was typed, and in colour clap writes it as it is: when an
    // argument holds a control character (an escape sequence pasted into it), the error is
    // written without colour, through the one sanitiser, so it cannot clear the screen or
    // recolour the terminal. Help and version quote nothing typed.
    let typed_control =
        std::env::args_os().any(|arg| arg.to_string_lossy().chars().any(char::is_control));
    let printed = if err.use_stderr() && typed_control {
        let plain = err.render().to_string();
        write!(
            std::io::stderr(),
            "{}",
            progrank::text::escape_lines(&plain)
        )
    } else {
        err.print()
    }
    .and_then(|()| std::io::stdout().flush());
    match printed {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let unwritable = progrank::Error::OutputUnwritable {
                path: "<stdout>".into(),
                source: e,
            };
            let _ = writeln!(std::io::stderr(), "error: {unwritable:#}");
            ExitCode::from(unwritable.exit_code())
        }
        _ => ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(progrank::error::exit::USAGE)),
    }
}
