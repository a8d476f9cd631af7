//! The command line as clap types: global options and one subcommand per noun.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands::attendance::{AttendArgs, AttendanceCommand};
use crate::commands::check::CheckArgs;
use crate::commands::event::EventCommand;
use crate::commands::export::ExportArgs;
use crate::commands::import::ImportCommand;
use crate::commands::init::InitArgs;
use crate::commands::objective::ObjectiveCommand;
use crate::commands::participant::ParticipantCommand;
use crate::commands::report::ReportCommand;
use crate::commands::sector::SectorCommand;
use crate::commands::series::SeriesCommand;
use crate::commands::shell::{CompletionsArgs, ManpageArgs};
use crate::output::color::ColorChoice;

const EXAMPLES: &str = "\
Examples:
  gsef event list                                   the events in ./records
  gsef event show 2019-11-mexico                    one event, objectives numbered
  gsef participant list --event 2019-11-mexico --sector government
  id=$(gsef participant add --name 'Ana Ruiz' --sector sse/cooperative --country MX)
  gsef attend 2019-11-mexico \"$id\" --day 2019-11-27 --day 2019-11-28
  gsef check                                        validate the whole store
  gsef report attendance --by sector,region         who came, from which sector and region

Records live in ./records unless --records DIR or GSEF_RECORDS says otherwise.
Exit codes: 0 success, 1 a user or data error, 2 a usage error.";

/// Keep the records of a training series — series, events, objectives, participants and
/// attendance — as plain JSON Lines files, and answer who came, from which sector and region.
#[derive(Debug, Parser)]
#[command(name = "gsef", version, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    /// The records store folder.
    #[arg(
        long,
        global = true,
        env = "GSEF_RECORDS",
        default_value = "records",
        value_name = "DIR"
    )]
    pub records: PathBuf,

    /// How long to wait for another gsef that is writing to the store, in seconds.
    #[arg(long, global = true, default_value_t = 30, value_name = "SECONDS")]
    pub lock_timeout: u64,

    /// When to colour messages and table headers.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Check everything and show what a command would write, but write nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty records store.
    Init(InitArgs),
    /// Series of events: add, list, show, edit, remove.
    #[command(subcommand)]
    Series(SeriesCommand),
    /// Events (trainings, workshops): add, list, show, edit, remove.
    #[command(subcommand, visible_alias = "events")]
    Event(EventCommand),
    /// An event's objectives, in order: add, list, edit, remove.
    #[command(subcommand, visible_alias = "objectives")]
    Objective(ObjectiveCommand),
    /// People: add, list, show, edit, remove, merge, and find likely duplicates.
    #[command(subcommand, visible_alias = "participants")]
    Participant(ParticipantCommand),
    /// Record that participants attended (or registered for, or missed) an event.
    Attend(AttendArgs),
    /// Attendance records: list, remove.
    #[command(subcommand)]
    Attendance(AttendanceCommand),
    /// The store's sector vocabulary.
    #[command(subcommand, visible_alias = "sectors")]
    Sector(SectorCommand),
    /// Validate the whole store and list every problem with its file and line.
    Check(CheckArgs),
    /// Reports: who came by any dimension (table or chart), events, returning people, people
    /// trained for funders, summaries, and verifying a report against the store.
    #[command(subcommand, visible_alias = "reports")]
    Report(ReportCommand),
    /// Bring participants and attendance in from registration spreadsheets (CSV).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write participants, events or attendance out as CSV, JSON or JSON Lines.
    Export(ExportArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page, or write one per command into a folder.
    Manpage(ManpageArgs),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
