//! Parses the command line, runs it, and turns the outcome into an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use gsef::commands::Cli;
use gsef::output::color::{self, Style};

fn main() -> ExitCode {
    // Answers a shell's completion request (COMPLETE=bash …) and exits; otherwise does nothing.
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
    let cli = Cli::parse();
    color::init(cli.color);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let result = gsef::commands::run(cli, &mut out, &mut err)
        .and_then(|()| out.flush().map_err(gsef::Error::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            drop(out);
            let _ = writeln!(err, "{} {error}", color::for_stderr(Style::Error, "error:"));
            let mut cause = std::error::Error::source(&error);
            while let Some(reason) = cause {
                let _ = writeln!(err, "  caused by: {reason}");
                cause = reason.source();
            }
            if let Some(hint) = error.hint() {
                let _ = writeln!(err, "{} {hint}", color::for_stderr(Style::Hint, "hint:"));
            }
            ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(1))
        }
    }
}
