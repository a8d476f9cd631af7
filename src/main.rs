//! Parses the command line, runs it, and turns the outcome into an exit code.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use gsef::commands::Cli;
use gsef::output::color::{self, Style};
use gsef::output::visible::{keeping_line_breaks, one_line};

/// A report over a large store makes millions of small allocations (a response's ids, a
/// record's strings) on every core; mimalloc serves them from per-thread pages, where the
/// system allocator spent a fifth of `report outcomes` in page faults and locking.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Answers a shell's completion request (COMPLETE=bash …) and exits; otherwise does nothing.
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
    let matches = Cli::command()
        .try_get_matches()
        .unwrap_or_else(|error| exit_for_usage(&error));
    let mut cli = Cli::from_arg_matches(&matches)
        .unwrap_or_else(|error| exit_for_usage(&error.format(&mut Cli::command())));
    cli.lang_on_command_line = matches.value_source("lang") == Some(ValueSource::CommandLine);
    color::init(cli.color);
    let stdout = io::stdout();
    let out_is_terminal = stdout.is_terminal();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let result = gsef::commands::run(cli, &mut out, out_is_terminal, &mut err)
        .and_then(|()| out.flush().map_err(gsef::Error::Output));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            drop(out);
            // Errors quote ids, values and lines of the records, which may hold control
            // characters; they are shown escaped, as every message is.
            let shown = |text: String| keeping_line_breaks(&text).into_owned();
            let error_prefix = color::for_stderr(Style::Error, "error:");
            let _ = writeln!(err, "{error_prefix} {}", shown(error.to_string()));
            let mut cause = std::error::Error::source(&error);
            while let Some(reason) = cause {
                let _ = writeln!(err, "  caused by: {}", shown(reason.to_string()));
                cause = reason.source();
            }
            if let Some(hint) = error.hint() {
                let hint_prefix = color::for_stderr(Style::Hint, "hint:");
                let _ = writeln!(err, "{hint_prefix} {}", shown(hint));
            }
            ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(1))
        }
    }
}

/// Exits for a usage error, or after `--help` or `--version`, as clap does, but for one thing:
/// clap quotes the value it refused, colours and all, so an argument holding a control or bidi
/// character (an ANSI escape pasted into `--country`) would act on the terminal. Then the
/// message is written plain, with those characters spelled out, as every message of gsef is.
fn exit_for_usage(error: &clap::Error) -> ! {
    let hostile = std::env::args_os().any(|argument| {
        matches!(
            one_line(&argument.to_string_lossy()),
            std::borrow::Cow::Owned(_)
        )
    });
    if !hostile || !error.use_stderr() {
        error.exit();
    }
    let message = error.render().to_string();
    let _ = write!(io::stderr(), "{}", keeping_line_breaks(&message));
    std::process::exit(error.exit_code());
}
