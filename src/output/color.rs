//! Colour: only on a terminal, never with `NO_COLOR`, always or never when the user says so.
//!
//! The choice is made once per process, from `--color`, the environment and whether the stream
//! is a terminal, and then read wherever text is styled; so every renderer agrees and none has to
//! be handed it.

use std::sync::OnceLock;

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

/// The styles gsef uses.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    Error,
    Warning,
    Hint,
}

impl Style {
    fn ansi(self) -> &'static str {
        match self {
            Style::Error => "\x1b[1;31m",
            Style::Warning => "\x1b[1;33m",
            Style::Hint => "\x1b[1;36m",
        }
    }
}

/// Whether stdout and stderr get colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub stdout: bool,
    pub stderr: bool,
}

static PALETTE: OnceLock<Palette> = OnceLock::new();

/// Decides colour for this process; later calls keep the first decision.
pub fn init(choice: ColorChoice) -> Palette {
    use std::io::IsTerminal;
    let allowed_by_environment = std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        && std::env::var("TERM").map_or(true, |term| term != "dumb");
    let decide = |is_terminal: bool| match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => is_terminal && allowed_by_environment,
    };
    *PALETTE.get_or_init(|| Palette {
        stdout: decide(std::io::stdout().is_terminal()),
        stderr: decide(std::io::stderr().is_terminal()),
    })
}

fn palette() -> Palette {
    *PALETTE.get_or_init(|| Palette {
        stdout: false,
        stderr: false,
    })
}

fn paint(enabled: bool, style: Style, text: &str) -> String {
    if enabled {
        format!("{}{text}\x1b[0m", style.ansi())
    } else {
        text.to_string()
    }
}

/// `text` styled for stderr (messages).
pub fn for_stderr(style: Style, text: &str) -> String {
    paint(palette().stderr, style, text)
}

/// Whether stdout (tables) gets colour; CSV and JSON never do.
pub fn stdout_enabled() -> bool {
    palette().stdout
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paints_only_when_enabled() {
        assert_eq!(paint(false, Style::Error, "error:"), "error:");
        assert_eq!(
            paint(true, Style::Error, "error:"),
            "\x1b[1;31merror:\x1b[0m"
        );
    }
}
