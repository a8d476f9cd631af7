//! `gsef export`: a whole collection written back out as CSV, JSON, JSON Lines or a workbook.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Context, count_of};
use crate::error::Result;
use crate::model::consent::participant_may_be_listed;
use crate::model::{Attendance, Event, Participant};
use crate::output::{self, Format, RecordView};
use crate::store::output_file::Audience;
use crate::store::{Reader, Stored};

const EXPORT_EXAMPLES: &str = "\
Examples:
  gsef export participants --format csv > participants.csv
  gsef export attendance --format csv --output attendance-2019.csv
  gsef export events --format json --output events.json
  gsef export participants --format xlsx --output participants.xlsx
  gsef export participants --format csv --bom --output participants.csv   for Excel

Participants who did not consent to be listed are left out unless --all is given (the count
withheld is said on stderr). A participants CSV imports back unchanged with `gsef import participants FILE`; JSON Lines
also keeps fields this gsef does not know. CSV cells that a spreadsheet would run as a
formula get a leading `'`, which the import takes off again.";

/// Write every record of a collection to stdout or a file, for spreadsheets and scripts.
#[derive(Debug, Args)]
#[command(after_help = EXPORT_EXAMPLES)]
pub struct ExportArgs {
    /// Which records to export.
    #[arg(value_enum)]
    pub collection: Collection,
    /// csv, json, jsonl, or xlsx (an Excel workbook, with --output).
    #[arg(long, default_value = "csv", value_parser = parse_export_format)]
    pub format: Format,
    /// CSV: start with a UTF-8 byte order mark, so that Excel opens the file with its accents
    /// intact when it is double-clicked.
    #[arg(long)]
    pub bom: bool,
    /// Write to this file instead of standard output (it is replaced if it exists).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Participants: also export people who did not consent to be listed (consent
    /// `aggregate`, `none` or not recorded), who are otherwise left out. Use it for backups.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Collection {
    Participants,
    Events,
    Attendance,
}

impl Collection {
    fn as_str(self) -> &'static str {
        match self {
            Collection::Participants => "participants",
            Collection::Events => "events",
            Collection::Attendance => "attendance",
        }
    }
}

/// An export is for machines, so the table format, which wraps cells to the terminal, is refused.
fn parse_export_format(text: &str) -> std::result::Result<Format, String> {
    match Format::from_str(text, true) {
        Ok(Format::Table) | Err(_) => Err("expected csv, json, jsonl or xlsx".to_string()),
        Ok(format) => Ok(format),
    }
}

pub fn run(context: &mut Context, args: &ExportArgs) -> Result<()> {
    output::check_destination(
        args.format.is_binary(),
        args.format == Format::Csv,
        args.bom,
        args.output.is_some(),
        true,
    )?;
    let store = context.open_store()?;
    let reader = store.reader()?;
    let withheld = if args.collection == Collection::Participants && !args.all {
        withheld_count(&reader.load::<Participant>()?)
    } else {
        0
    };
    if withheld > 0 {
        context.say(format!(
            "withheld {} who did not consent to be listed (consent aggregate, none or not recorded); --all exports everyone",
            count_of(withheld, "participant", "participants")
        ));
    }
    match &args.output {
        None => context.write_data(args.format.escapes_controls(), |out, _| {
            export(&reader, args, out)
        }),
        Some(path) => {
            let mut bytes = Vec::new();
            export(&reader, args, &mut bytes)?;
            context.write_output_file(
                path,
                &bytes,
                &format!("the {} export", args.collection.as_str()),
                Audience::Personal,
            )
        }
    }
}

fn export(reader: &Reader, args: &ExportArgs, out: &mut dyn Write) -> Result<()> {
    if args.bom {
        out.write_all(output::BOM).map_err(output::output_error)?;
    }
    match args.collection {
        Collection::Participants => {
            let mut participants = reader.load::<Participant>()?;
            if !args.all {
                participants.retain(participant_may_be_listed);
            }
            output::write_list(args.format, &participants, data_words(), out)
        }
        Collection::Events => write_all::<Event>(reader, args.format, out),
        Collection::Attendance => write_all::<Attendance>(reader, args.format, out),
    }
}

/// How many participants an export without --all leaves out.
fn withheld_count(participants: &[Participant]) -> usize {
    participants
        .iter()
        .filter(|participant| !participant_may_be_listed(participant))
        .count()
}

/// Records in store order, so an export imported into an empty store lists them the same way.
fn write_all<T: Stored + RecordView>(
    reader: &Reader,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    output::write_list(format, &reader.load::<T>()?, data_words(), out)
}

/// An export is data to take elsewhere: its headers are the same in every language.
fn data_words() -> &'static crate::language::Words {
    crate::language::Language::En.words()
}
