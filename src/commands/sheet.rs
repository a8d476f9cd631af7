//! `gsef sheet`: an event's sign-in sheet, printed for the day or typed into afterwards, which
//! `gsef import participants FILE --event E` reads back.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use clap_complete::engine::ArgValueCandidates;

use super::Context;
use super::args::parse_id;
use super::attendance::day_refused;
use super::shell::event_candidates;
use crate::error::{Error, Result};
use crate::model::day_text::{DateOrder, EventDays, parse_day};
use crate::model::{Attendance, AttendanceStatus, Event, Participant};
use crate::output::sheet::{DEFAULT_BLANK_ROWS, Sheet};
use crate::output::{self, delimited, xlsx};
use crate::store::ops::not_found;
use crate::store::output_file::Audience;

const SHEET_EXAMPLES: &str = "\
Examples:
  gsef sheet 2019-11-mexico --lang es --output hoja.html      print it from a browser, on A4
  gsef sheet 2019-11-mexico --day 2019-11-28 --output day-2.html
  gsef sheet 2019-11-mexico --format xlsx --output sheet.xlsx   to type the ticks into
  gsef import participants sheet.xlsx --event 2019-11-mexico --sector-default sse --dry-run

One row per person registered for the event (any status but cancelled), in name order, each
with a short code; one column per day to sign or tick; a consent box; empty rows for people
who come without registering. The filled spreadsheet, or a CSV of it, imports with the
ordinary participant import: the codes bring each row back to its person without matching
names, ticks become the days attended, and a name on an empty row becomes a new person (who
may need --sector-default). A sheet's codes belong to its event: imported into another, they
are refused. The consent wording is the store's (`consent_wording` in gsef.json, by language)
or gsef's own.";

/// Print an event's sign-in sheet, or write it as a spreadsheet to type the ticks into.
#[derive(Debug, Args)]
#[command(after_help = SHEET_EXAMPLES)]
pub struct SheetArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub event: String,
    /// One day's sheet: a day of the event, written as on `gsef attend --day`.
    #[arg(long, value_name = "DAY")]
    pub day: Option<String>,
    /// Which number of a day such as 5/11 is the day: dmy or mdy.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrder>,
    /// How many empty rows to add for people who come without registering.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_BLANK_ROWS)]
    pub blank: usize,
    /// html (to print), xlsx or csv (to type the ticks into and import).
    #[arg(long, value_enum, default_value_t = SheetFormat::Html)]
    pub format: SheetFormat,
    /// Write the sheet to this file instead of standard output (needed for xlsx).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SheetFormat {
    Html,
    Xlsx,
    Csv,
}

/// The most rows a sheet takes: a thousand pages of walk-ins is a typing slip.
const MOST_BLANK_ROWS: usize = 10_000;

pub fn run(context: &mut Context, args: &SheetArgs) -> Result<()> {
    output::check_destination(
        args.format == SheetFormat::Xlsx,
        args.format == SheetFormat::Csv,
        false,
        args.output.is_some(),
        true,
    )?;
    if args.blank > MOST_BLANK_ROWS {
        return Err(Error::invalid(
            "blank",
            args.blank.to_string(),
            format!("a sheet takes at most {MOST_BLANK_ROWS} empty rows"),
        ));
    }
    let store = context.open_store()?;
    let reader = store.reader()?;
    let events: Vec<Event> = reader.load()?;
    let event = events
        .iter()
        .find(|event| event.id == args.event)
        .ok_or_else(|| not_found::<Event>(&args.event))?;
    let known_days = EventDays::of(event);
    let days = match &args.day {
        Some(text) => {
            let day = parse_day(text, &known_days, args.date_order)
                .map_err(|problem| day_refused(event, &problem))?;
            vec![Some(day)]
        }
        None => match known_days.days() {
            Some(days) => days.iter().copied().map(Some).collect(),
            // Dates not recorded: one column, its date left for the pen.
            None => vec![None],
        },
    };
    let registered: std::collections::HashSet<String> = reader
        .load::<Attendance>()?
        .into_iter()
        .filter(|record| record.event == event.id && record.status != AttendanceStatus::Cancelled)
        .map(|record| record.participant)
        .collect();
    let participants: Vec<Participant> = reader.load()?;
    // A forgotten person has no name left to sign against.
    let people: Vec<&Participant> = participants
        .iter()
        .filter(|person| registered.contains(&person.id) && !person.forgotten)
        .collect();
    let words = context.language.words();
    let consent = store
        .manifest()
        .consent_wording(context.language)
        .unwrap_or_else(|| words.text("sheet-consent-wording"));
    let sheet = Sheet::new(event, &people, days, args.blank, consent);
    let mut bytes = Vec::new();
    match args.format {
        SheetFormat::Html => sheet.write_html(words, &mut bytes)?,
        SheetFormat::Xlsx => {
            let headers = sheet.headers(Some(words));
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            xlsx::write_rows(
                &words.text("sheet-title"),
                &headers,
                sheet.table_rows().into_iter(),
                &mut bytes,
            )?;
        }
        SheetFormat::Csv => {
            let headers = sheet.headers(None);
            let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
            delimited::write_rows(&headers, sheet.table_rows().into_iter(), &mut bytes)?;
        }
    }
    let what = format!(
        "the sign-in sheet of `{}` ({} registered, {} empty rows)",
        event.id,
        sheet.rows.len(),
        args.blank
    );
    match &args.output {
        Some(path) => context.write_output_file(path, &bytes, &what, Audience::Personal),
        None => context.write_data(false, |out, _| {
            out.write_all(&bytes).map_err(output::output_error)
        }),
    }
}
