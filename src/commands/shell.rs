//! `gsef completions` and `gsef manpage`: gsef's integration with the shell and `man`.

use std::path::PathBuf;

use clap::builder::StyledStr;
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use clap_complete::engine::CompletionCandidate;

use super::{Cli, Context};
use crate::error::{Error, Result};
use crate::model::consent::participant_may_be_listed;
use crate::model::{Event, Participant};
use crate::output::manual;
use crate::output::output_error;
use crate::output::visible::one_line;
use crate::store::Store;
use crate::store::output_file::{self, Audience};

const COMPLETIONS_HELP: &str = "\
Examples: install the static completions (commands, flags and values):
  gsef completions bash > ~/.local/share/bash-completion/completions/gsef
  gsef completions zsh  > ~/.zfunc/_gsef            # with fpath+=(~/.zfunc) in ~/.zshrc
  gsef completions fish > ~/.config/fish/completions/gsef.fish

Dynamic completion also offers the event and participant ids of the store (./records, or
GSEF_RECORDS) — add one line to your shell's start-up file:
  bash:  source <(COMPLETE=bash gsef)
  zsh:   source <(COMPLETE=zsh gsef)
  fish:  COMPLETE=fish gsef | source";

/// Print a shell completion script.
#[derive(Debug, Args)]
#[command(after_help = COMPLETIONS_HELP)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Print gsef's manual page, or write one page per command into a folder.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  gsef manpage | man -l -\n  gsef manpage --dir ~/.local/share/man/man1   # then: man gsef-event-add"
)]
pub struct ManpageArgs {
    /// Write gsef.1 and a page per subcommand (gsef-event-add.1, …) into this folder.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn completions(context: &mut Context, args: &CompletionsArgs) -> Result<()> {
    clap_complete::generate(args.shell, &mut Cli::command(), "gsef", context.out);
    Ok(())
}

pub fn manpage(context: &mut Context, args: &ManpageArgs) -> Result<()> {
    match &args.dir {
        None => manual::write_page(&Cli::command(), context.out).map_err(output_error),
        Some(dir) if context.dry_run => {
            let path = dir.display().to_string();
            context.say(format!(
                "dry run, nothing written: would write the manual pages into {path}"
            ));
            Ok(())
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|source| Error::io("create", dir, source))?;
            let mut pages = Vec::new();
            let mut root = Cli::command().disable_help_subcommand(true);
            root.build();
            manual_pages(root, &mut pages)?;
            // Each page through the one writer of files for people: never through a link
            // planted in the folder, never into the store.
            for (name, bytes) in &pages {
                output_file::write(&dir.join(name), bytes, &context.records, Audience::Anyone)?;
            }
            let path = dir.display().to_string();
            context.say(format!("wrote {} manual pages into {path}", pages.len()));
            Ok(())
        }
    }
}

/// The manual page of `command` and of each of its visible subcommands, as clap_mangen's own
/// `generate_to` names them (`gsef-event-add.1`), rendered in memory.
fn manual_pages(command: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    for subcommand in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        manual_pages(subcommand.clone(), pages)?;
    }
    let mut bytes = Vec::new();
    manual::write_page(&command, &mut bytes).map_err(output_error)?;
    pages.push((clap_mangen::Man::new(command).get_filename(), bytes));
    Ok(())
}

/// The store a completion request reads: GSEF_RECORDS or ./records, like the commands.
///
/// The completer cannot see a `--records` typed on the same line, so it follows the same
/// defaults a command would; any failure simply offers nothing.
fn completion_store() -> Option<Store> {
    let records =
        std::env::var_os("GSEF_RECORDS").map_or_else(|| PathBuf::from("records"), PathBuf::from);
    Store::open(&records, std::time::Duration::from_millis(200)).ok()
}

/// A candidate's help as the shell will show it in the terminal: one line, controls escaped.
fn shown(text: &str) -> StyledStr {
    one_line(text).into_owned().into()
}

/// Event ids with their titles, for dynamic completion.
pub fn event_candidates() -> Vec<CompletionCandidate> {
    let Some(store) = completion_store() else {
        return Vec::new();
    };
    let Ok(events) = store.reader().and_then(|reader| reader.load::<Event>()) else {
        return Vec::new();
    };
    events
        .into_iter()
        .map(|event| CompletionCandidate::new(event.id).help(Some(shown(&event.title))))
        .collect()
}

/// Participant ids, for dynamic completion, with the names of those who consented to be listed:
/// the shell shows a candidate's help to whoever is typing, so it is a list of people too.
pub fn participant_candidates() -> Vec<CompletionCandidate> {
    let Some(store) = completion_store() else {
        return Vec::new();
    };
    let Ok(participants) = store
        .reader()
        .and_then(|reader| reader.load::<Participant>())
    else {
        return Vec::new();
    };
    participants
        .into_iter()
        .map(|person| {
            let name = participant_may_be_listed(&person).then(|| shown(&person.name));
            CompletionCandidate::new(person.id).help(name)
        })
        .collect()
}
