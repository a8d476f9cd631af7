//! Glue between the command line and the layers: check the arguments, call the store, render.

pub mod attendance;
pub mod check;
pub mod completion;
pub mod event;
pub mod export;
pub mod import;
pub mod init;
pub mod objective;
pub mod participant;
pub mod report;
pub mod sector;
pub mod series;
pub mod shell;

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{Cli, Command};
use crate::error::{Error, Result};
use crate::model::event::country_problem;
use crate::model::id::id_problem;
pub use crate::model::record::count_of;
use crate::model::{Record, SectorVocabulary};
use crate::output::color::{self, Style};
use crate::store::{Store, Writer};

/// What every command gets: where the store is, and where data and messages go.
pub struct Context<'a> {
    pub records: PathBuf,
    pub lock_timeout: Duration,
    /// Check and plan every change, write nothing (`--dry-run`).
    pub dry_run: bool,
    /// Data only, so `gsef … > file` captures exactly the result.
    pub out: &'a mut dyn Write,
    /// Confirmations, warnings and progress.
    pub err: &'a mut dyn Write,
}

impl Context<'_> {
    pub fn open_store(&self) -> Result<Store> {
        Ok(Store::open(&self.records, self.lock_timeout)?.with_dry_run(self.dry_run))
    }

    /// Takes the store's write lock, telling the user what it mended on the way.
    pub fn writer<'s>(&mut self, store: &'s Store) -> Result<Writer<'s>> {
        let writer = store.writer()?;
        for repair in writer.repairs() {
            self.warn(repair);
        }
        Ok(writer)
    }

    /// Reports a finished write: what was done, or in a dry run what would have been written.
    pub fn done(&mut self, writer: &Writer, message: impl std::fmt::Display) {
        if writer.is_dry_run() {
            self.say(format!("dry run, nothing written: {message}"));
            for change in writer.planned_changes() {
                self.say(format!("  would {change}"));
            }
        } else {
            self.say(message);
        }
    }

    /// Writes a command's output to a file the user named (not a record file), all or nothing;
    /// in a dry run, only says what it would write.
    pub fn write_output_file(
        &mut self,
        path: &std::path::Path,
        bytes: &[u8],
        what: &str,
    ) -> Result<()> {
        if self.dry_run {
            self.say(format!(
                "dry run, nothing written: would write {what} to {}",
                path.display()
            ));
            return Ok(());
        }
        crate::store::file_ops::write_atomically(path, bytes)?;
        self.say(format!("wrote {what} to {}", path.display()));
        Ok(())
    }

    /// A message for the person at the terminal; losing one (stderr closed) is not an error.
    pub fn say(&mut self, message: impl std::fmt::Display) {
        let _ = writeln!(self.err, "{message}");
    }

    pub fn warn(&mut self, message: impl std::fmt::Display) {
        let prefix = color::for_stderr(Style::Warning, "warning:");
        let _ = writeln!(self.err, "{prefix} {message}");
    }
}

/// Runs one parsed command line; the only dispatch on commands.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let mut context = Context {
        records: cli.records,
        lock_timeout: Duration::from_secs(cli.lock_timeout),
        dry_run: cli.dry_run,
        out,
        err,
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
        Command::Check(args) => check::run(&mut context, &args),
        Command::Import(command) => import::run(&mut context, command),
        Command::Export(args) => export::run(&mut context, &args),
        Command::Completions(args) => shell::completions(&mut context, &args),
        Command::Manpage(args) => shell::manpage(&mut context, &args),
    }
}

/// clap's parser for an id argument, so a bad one is refused before anything is read.
pub fn parse_id(text: &str) -> std::result::Result<String, String> {
    match id_problem(text) {
        None => Ok(text.to_string()),
        Some(reason) => Err(reason),
    }
}

/// clap's parser for a country argument: upper-cases what a person typed, then checks ISO 3166-1.
pub fn parse_country(text: &str) -> std::result::Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    match country_problem(&code) {
        None => Ok(code),
        Some(reason) => Err(reason),
    }
}

/// clap's parser for free text: trimmed, and refused when empty (use `--unset` to clear a field).
pub fn parse_text(text: &str) -> std::result::Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Err("cannot be empty (to clear a field, use --unset FIELD on edit)".to_string())
    } else {
        Ok(trimmed.to_string())
    }
}

/// The position of the record with `key`, or a not-found error naming it.
pub fn position_of<T: Record>(records: &[T], key: &str) -> Result<usize> {
    records
        .iter()
        .position(|record| record.key() == key)
        .ok_or_else(|| Error::NotFound {
            kind: T::KIND,
            id: key.to_string(),
        })
}

/// Refuses a record whose fields break the format, naming the first bad field.
pub fn validate<T: Record>(record: &T, vocabulary: &SectorVocabulary) -> Result<()> {
    match record.problems(vocabulary).into_iter().next() {
        Some(problem) => Err(Error::InvalidField(problem)),
        None => Ok(()),
    }
}

/// Refuses a second record with the same key, asking the collection's key index.
pub fn ensure_new_key<T: Record>(writer: &Writer, key: &str) -> Result<()> {
    if writer.contains::<T>(key)? {
        return Err(Error::Duplicate {
            kind: T::KIND,
            id: key.to_string(),
        });
    }
    Ok(())
}
