//! The command line: the clap tree, the one dispatch on it, and a file per noun.
//!
//! Each command is thin: its arguments become checked values (clap's value parsers in
//! [`args`]), one operation of the layers below does the work (`store::ops`, `report::run`,
//! `import::plan`), and `output` writes the result. A command holds no rule another needs.

pub mod args;
pub mod attendance;
pub mod certificate;
pub mod check;
pub mod event;
pub mod export;
pub mod git;
pub mod import;
pub mod indicator;
pub mod init;
pub mod objective;
pub mod participant;
pub mod report;
pub mod sector;
pub mod series;
pub mod sheet;
pub mod shell;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::error::Result;
use crate::language::{Language, parse_language};
use crate::model::manifest::FORMAT_VERSION;
pub use crate::model::record::count_of;
use crate::output::color::{self, ColorChoice, Style};
use crate::output::visible::{ShowingControls, keeping_line_breaks};
use crate::output::{self, Format, RecordView, output_error};
use crate::store::output_file::{self, Audience};
use crate::store::{Store, Writer};
use attendance::{AttendArgs, AttendanceCommand};
use certificate::CertificateArgs;
use check::CheckArgs;
use event::EventCommand;
use export::ExportArgs;
use git::GitCommand;
use import::ImportCommand;
use indicator::IndicatorCommand;
use init::InitArgs;
use objective::ObjectiveCommand;
use participant::ParticipantCommand;
use report::ReportCommand;
use sector::SectorCommand;
use series::SeriesCommand;
use sheet::SheetArgs;
use shell::{CompletionsArgs, ManpageArgs};

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

    /// The language reports are written in for people: en, es, fr or ko (tables, charts,
    /// Markdown, HTML and workbooks). Without it, GSEF_LANG, then the locale (LC_ALL,
    /// LC_MESSAGES, LANG), then English. CSV headers, JSON keys and messages stay in English.
    #[arg(
        long,
        global = true,
        env = "GSEF_LANG",
        value_name = "LANG",
        value_parser = parse_language,
        hide_possible_values = true
    )]
    pub lang: Option<Language>,

    /// True when `--lang` was given on the command line rather than by GSEF_LANG (set by
    /// `main` from clap's value source): a certificate then speaks it to everyone, and
    /// otherwise each person's country's language.
    #[arg(skip)]
    pub lang_on_command_line: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new, empty records store, or adopt a folder of collection files without one.
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
    /// Donors' indicator definitions (who counts, how often, breakdowns, targets): add from a
    /// file, list, show, remove.
    #[command(subcommand, visible_alias = "indicators")]
    Indicator(IndicatorCommand),
    /// Validate the whole store and list every problem with its file and line.
    Check(CheckArgs),
    /// Reports: who came by any dimension (table or chart), events, returning people, people
    /// trained for funders, summaries, and verifying a report against the store.
    #[command(subcommand, visible_alias = "reports")]
    Report(ReportCommand),
    /// Certificates of attendance or completion, one A4 page per person, each with a code
    /// that `gsef certificate verify` checks against the register in the store.
    #[command(after_help = certificate::EXAMPLES)]
    Certificate(CertificateArgs),
    /// Bring participants and attendance in from registration spreadsheets (CSV).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write participants, events or attendance out as CSV, JSON or JSON Lines.
    Export(ExportArgs),
    /// An event's sign-in sheet: HTML to print on A4, or a spreadsheet to type the ticks into
    /// and import back.
    Sheet(SheetArgs),
    /// Keep the records in git: a merge driver that merges the collections record by record,
    /// and its set-up.
    #[command(subcommand, after_help = git::EXAMPLES)]
    Git(GitCommand),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page, or write one per command into a folder.
    Manpage(ManpageArgs),
}

/// What every command gets: where the store is, and where data and messages go.
pub struct Context<'a> {
    pub records: PathBuf,
    pub lock_timeout: Duration,
    /// Check and plan every change, write nothing (`--dry-run`).
    pub dry_run: bool,
    /// Data only, so `gsef … > file` captures exactly the result.
    pub out: &'a mut dyn Write,
    /// Whether `out` is a terminal, where data formats show control characters escaped.
    pub out_is_terminal: bool,
    /// Confirmations, warnings and progress.
    pub err: &'a mut dyn Write,
    /// The language of what people read in reports.
    pub language: Language,
    /// `--lang` was given on the command line (see [`Cli::lang_on_command_line`]).
    pub language_given: bool,
}

impl Context<'_> {
    /// Opens the store, first completing (and saying so) a change that an interrupted gsef had
    /// committed but not finished; warns when the store is of a newer format than this gsef's.
    pub fn open_store(&mut self) -> Result<Store> {
        let store = Store::open(&self.records, self.lock_timeout)?.with_dry_run(self.dry_run);
        if store.manifest().is_from_the_future() {
            self.warn(format!(
                "{}: format version {} is newer than this gsef's {FORMAT_VERSION}; reading what this version knows (what newer ones added is not shown), and writing nothing",
                store.root().join(crate::store::MANIFEST_FILE).display(),
                store.manifest().version
            ));
        }
        if let Some(done) = store.settle_pending_change()? {
            self.warn(done);
        }
        Ok(store)
    }

    /// Takes the store's write lock, telling the user what it mended on the way.
    pub fn writer<'s>(&mut self, store: &'s Store) -> Result<Writer<'s>> {
        let writer = store.writer()?;
        for repair in writer.repairs() {
            self.warn(repair);
        }
        Ok(writer)
    }

    /// Commits a command's staged changes, then says what was done, or in a dry run what would
    /// have been written. Nothing is said of a commit that failed: its error is the answer.
    pub fn commit(&mut self, writer: Writer, message: impl std::fmt::Display) -> Result<()> {
        let dry_run = writer.is_dry_run();
        let committed = writer.commit()?;
        if dry_run {
            self.say(format!("dry run, nothing written: {message}"));
            for change in committed.planned {
                self.say(format!("  would {change}"));
            }
        } else {
            self.say(message);
        }
        Ok(())
    }

    /// Writes a command's output to a file the user named, all or nothing, never through a
    /// link nor into the store (see `store::output_file`); in a dry run, only says what it
    /// would write.
    pub fn write_output_file(
        &mut self,
        path: &std::path::Path,
        bytes: &[u8],
        what: &str,
        audience: Audience,
    ) -> Result<()> {
        if self.dry_run {
            self.say(format!(
                "dry run, nothing written: would write {what} to {}",
                path.display()
            ));
            return Ok(());
        }
        output_file::write(path, bytes, &self.records, audience)?;
        self.say(format!("wrote {what} to {}", path.display()));
        Ok(())
    }

    /// Writes data to stdout. A format that `escapes_controls` (a table, a chart) shows the
    /// records' control characters escaped itself; the others (CSV, JSON, Markdown, SVG, HTML)
    /// are data to keep exact, so only on a terminal are they shown through
    /// [`ShowingControls`]: a name holding ESC must not recolour the screen it is read on.
    pub fn write_data(
        &mut self,
        escapes_controls: bool,
        write: impl FnOnce(&mut dyn Write, &mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        if escapes_controls || !self.out_is_terminal {
            return write(self.out, self.err);
        }
        let mut shown = ShowingControls::new(&mut *self.out);
        write(&mut shown, self.err)?;
        shown.finish().map(drop).map_err(output_error)
    }

    /// Writes a list of records to stdout in `format`, through [`Context::write_data`], for a
    /// command with no `--output` (a workbook is refused).
    pub fn write_list<T: RecordView + Serialize>(
        &mut self,
        format: Format,
        records: &[T],
    ) -> Result<()> {
        output::check_destination(format.is_binary(), false, false, false, false)?;
        let words = self.language.words();
        self.write_data(format.escapes_controls(), |out, _| {
            output::write_list(format, records, words, out)
        })
    }

    /// Writes a list of records in `format` to stdout, or when `output` names a file, to it
    /// through [`Context::write_output_file`]: a list names people, so owner-only.
    pub fn write_list_to<T: RecordView + Serialize>(
        &mut self,
        format: Format,
        records: &[T],
        output: Option<&std::path::Path>,
        what: &str,
    ) -> Result<()> {
        output::check_destination(format.is_binary(), false, false, output.is_some(), true)?;
        let Some(path) = output else {
            return self.write_list(format, records);
        };
        let mut bytes = Vec::new();
        output::write_list(format, records, self.language.words(), &mut bytes)?;
        self.write_output_file(path, &bytes, what, Audience::Personal)
    }

    /// Writes one record to stdout in `format`, through [`Context::write_data`].
    pub fn write_one<T: RecordView + Serialize>(
        &mut self,
        format: Format,
        record: &T,
    ) -> Result<()> {
        let words = self.language.words();
        self.write_data(format.escapes_controls(), |out, _| {
            output::write_one(format, record, words, out)
        })
    }

    /// A message for the person at the terminal; losing one (stderr closed) is not an error.
    /// Messages quote the records (names, ids, values), so control characters are shown escaped.
    pub fn say(&mut self, message: impl std::fmt::Display) {
        let message = message.to_string();
        let _ = writeln!(self.err, "{}", keeping_line_breaks(&message));
    }

    pub fn warn(&mut self, message: impl std::fmt::Display) {
        let prefix = color::for_stderr(Style::Warning, "warning:");
        let message = message.to_string();
        let _ = writeln!(self.err, "{prefix} {}", keeping_line_breaks(&message));
    }
}

/// Runs one parsed command line, writing data to `out` (a terminal when `out_is_terminal`) and
/// messages to `err`; the only dispatch on commands.
pub fn run(
    cli: Cli,
    out: &mut dyn Write,
    out_is_terminal: bool,
    err: &mut dyn Write,
) -> Result<()> {
    let mut context = Context {
        records: cli.records,
        lock_timeout: Duration::from_secs(cli.lock_timeout),
        dry_run: cli.dry_run,
        out,
        out_is_terminal,
        err,
        language: cli
            .lang
            .unwrap_or_else(|| Language::from_locale(|name| std::env::var(name).ok())),
        language_given: cli.lang_on_command_line,
    };
    match cli.command {
        Command::Init(args) => init::run(&mut context, args),
        Command::Series(command) => series::run(&mut context, command),
        Command::Event(command) => event::run(&mut context, command),
        Command::Objective(command) => objective::run(&mut context, command),
        Command::Participant(command) => participant::run(&mut context, command),
        Command::Attend(args) => attendance::attend(&mut context, args),
        Command::Attendance(command) => attendance::run(&mut context, command),
        Command::Sector(command) => sector::run(&mut context, command),
        Command::Report(command) => report::run(&mut context, command),
        Command::Indicator(command) => indicator::run(&mut context, command),
        Command::Check(args) => check::run(&mut context, &args),
        Command::Certificate(args) => certificate::run(&mut context, args),
        Command::Import(command) => import::run(&mut context, command),
        Command::Export(args) => export::run(&mut context, &args),
        Command::Sheet(args) => sheet::run(&mut context, &args),
        Command::Git(command) => git::run(&mut context, command),
        Command::Completions(args) => shell::completions(&mut context, &args),
        Command::Manpage(args) => shell::manpage(&mut context, &args),
    }
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
