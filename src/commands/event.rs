//! `gsef event`: add, list, show, edit and remove events.

use clap::{Args, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCandidates;

use super::Context;
use super::args::{
    CompletionArgs, parse_country, parse_given_text, parse_id, written, written_each,
    written_if_given,
};
use super::shell::event_candidates;
use crate::error::Result;
use crate::model::{Attendance, AttendanceStatus, Event, PartialDate, text};
use crate::output::{self, Detail, Format, RecordView};
use crate::store::ops::{self, position_of};

const ADD_EXAMPLES: &str = "\
Examples:
  gsef event add --id 2019-11-mexico --series gsef-2019 \\
      --title 'Capacity Building Workshop on the Social and Solidarity Economy in Mexico' \\
      --country MX --start 2019-11-27 --end 2019-11-28 --organizer INAES --organizer GSEF \\
      --invited 111 --objective 'Raise awareness of the Social and Solidarity Economy sector'
  gsef event add --id 2019-05-dakar --title 'GSEF training in Dakar' --city Dakar --country SN --start 2019-05

Dates may be a year (2019), a month (2019-05) or a day (2019-11-27).";

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Add an event.
    #[command(after_help = ADD_EXAMPLES)]
    Add(EventAddArgs),
    /// List events, oldest first.
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  gsef event list --year 2019\n  gsef event list --series gsef-2019 --format csv\n  gsef event list --format xlsx --output events.xlsx"
    )]
    List(EventListArgs),
    /// Show one event: dates, place, organisers, numbered objectives and attendance totals.
    #[command(after_help = "Example:\n  gsef event show 2019-11-mexico")]
    Show(EventShowArgs),
    /// Change fields of an event; a list flag given replaces the whole list.
    #[command(
        after_help = "Examples:\n  gsef event edit 2019-11-mexico --city 'Mexico City'\n  gsef event edit 2019-11-mexico --unset city\n  gsef event edit 2019-11-mexico --completion-min-days 2    completing = both days (see `report trained`)"
    )]
    Edit(EventEditArgs),
    /// Remove an event; refused while attendance is recorded for it, unless --force.
    #[command(
        visible_alias = "rm",
        after_help = "Examples:\n  gsef --dry-run event remove 2019-08-kampala --force   see what would go\n  gsef event remove 2019-08-kampala --force"
    )]
    Remove(EventRemoveArgs),
}

#[derive(Debug, Args)]
pub struct EventAddArgs {
    /// A short id to refer to the event by, e.g. 2019-11-mexico.
    #[arg(long, value_parser = parse_id)]
    pub id: String,
    /// The event's title, as reports should show it.
    #[arg(long, value_parser = parse_given_text)]
    pub title: String,
    #[command(flatten)]
    pub fields: EventFields,
    /// An objective of the event; repeat in order.
    #[arg(long = "objective", value_name = "TEXT", value_parser = parse_given_text)]
    pub objectives: Vec<String>,
}

/// The optional fields that add and edit share.
#[derive(Debug, Args)]
pub struct EventFields {
    /// The series the event belongs to.
    #[arg(long, value_parser = parse_id)]
    pub series: Option<String>,
    /// A category, such as "Knowledge Exchange and Trainings".
    #[arg(long, value_parser = parse_given_text)]
    pub category: Option<String>,
    /// The city the event took place in.
    #[arg(long, value_parser = parse_given_text)]
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 code, such as MX, SN, UG or KR.
    #[arg(long, value_parser = parse_country)]
    pub country: Option<String>,
    /// First day: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub start: Option<PartialDate>,
    /// Last day: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub end: Option<PartialDate>,
    /// An organising body; repeat for several.
    #[arg(long = "organizer", value_name = "NAME", value_parser = parse_given_text)]
    pub organizers: Vec<String>,
    /// A partner; repeat for several.
    #[arg(long = "partner", value_name = "NAME", value_parser = parse_given_text)]
    pub partners: Vec<String>,
    /// How many people were invited.
    #[arg(long, value_name = "COUNT")]
    pub invited: Option<u32>,
    /// A web page about the event; repeat for several.
    #[arg(long = "link", value_name = "URL", value_parser = parse_given_text)]
    pub links: Vec<String>,
    #[command(flatten)]
    pub completion: CompletionArgs,
    /// Hours of training on each day, such as 6 or 7.5: an indicator that asks for hours
    /// (`min_hours`) counts a record's days present by them.
    #[arg(long, value_name = "HOURS", value_parser = parse_hours_per_day)]
    pub hours_per_day: Option<serde_json::Number>,
}

/// clap's parser for `--hours-per-day`: a number above 0 and at most 24, kept as written.
fn parse_hours_per_day(text: &str) -> std::result::Result<serde_json::Number, String> {
    let number: serde_json::Number = text
        .trim()
        .parse()
        .map_err(|_| crate::model::event::HOURS_PER_DAY_RULE.to_string())?;
    match crate::model::event::hours_per_day_problem(&number) {
        Some(rule) => Err(rule.to_string()),
        None => Ok(number),
    }
}

impl EventFields {
    /// The free text given, as it is written (see [`written`]).
    fn written(self) -> Result<Self> {
        Ok(EventFields {
            category: written_if_given("--category", &text::CATEGORY, self.category)?,
            city: written_if_given("--city", &text::CITY, self.city)?,
            organizers: written_each("--organizer", &text::ORGANIZATION, self.organizers)?,
            partners: written_each("--partner", &text::ORGANIZATION, self.partners)?,
            links: written_each("--link", &text::LINK, self.links)?,
            ..self
        })
    }
}

#[derive(Debug, Args)]
pub struct EventListArgs {
    /// Only events of this series.
    #[arg(long, value_parser = parse_id)]
    pub series: Option<String>,
    /// Only events in this country.
    #[arg(long, value_parser = parse_country)]
    pub country: Option<String>,
    /// Only events that started in this year.
    #[arg(long)]
    pub year: Option<u16>,
    /// How to write it: a table for people; csv, json or jsonl for scripts; xlsx for Excel
    /// (with --output).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE (atomically: all of it or nothing, readable by you only) instead of
    /// standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct EventShowArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub id: String,
    /// How to write it: a table for people; csv, json or jsonl for scripts.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct EventEditArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub id: String,
    /// The event's title, as reports should show it.
    #[arg(long, value_parser = parse_given_text)]
    pub title: Option<String>,
    #[command(flatten)]
    pub fields: EventFields,
    /// Clear an optional field (repeat for several).
    #[arg(long, value_enum, value_name = "FIELD")]
    pub unset: Vec<EventField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventField {
    Series,
    Category,
    City,
    Country,
    Start,
    End,
    Organizers,
    Partners,
    Invited,
    Objectives,
    Links,
    Completion,
    HoursPerDay,
}

#[derive(Debug, Args)]
pub struct EventRemoveArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub id: String,
    /// Also remove the attendance recorded for the event.
    #[arg(long)]
    pub force: bool,
}

pub fn run(context: &mut Context, command: EventCommand) -> Result<()> {
    match command {
        EventCommand::Add(args) => add(context, args),
        EventCommand::List(args) => list(context, &args),
        EventCommand::Show(args) => show(context, &args),
        EventCommand::Edit(args) => edit(context, args),
        EventCommand::Remove(args) => remove(context, &args),
    }
}

fn add(context: &mut Context, args: EventAddArgs) -> Result<()> {
    let title = written("--title", &text::TITLE, args.title)?;
    let objectives = written_each("--objective", &text::OBJECTIVE, args.objectives)?;
    let fields = args.fields.written()?;
    let event = Event {
        id: args.id,
        series: fields.series,
        title,
        category: fields.category,
        city: fields.city,
        country: fields.country,
        start: fields.start,
        end: fields.end,
        organizers: fields.organizers,
        partners: fields.partners,
        invited: fields.invited,
        objectives,
        links: fields.links,
        completion: fields.completion.rule(),
        hours_per_day: fields.hours_per_day,
        extra: Default::default(),
    };
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    ops::insert(&mut writer, &event)?;
    context.commit(writer, format!("added event `{}`", event.id))
}

fn list(context: &mut Context, args: &EventListArgs) -> Result<()> {
    crate::output::check_list_destination(args.format, args.output.as_deref())?;
    let store = context.open_store()?;
    let mut events = store.reader()?.load::<Event>()?;
    events.retain(|event| {
        args.series
            .as_ref()
            .is_none_or(|series| event.series.as_ref() == Some(series))
            && args
                .country
                .as_ref()
                .is_none_or(|country| event.country.as_ref() == Some(country))
            && args.year.is_none_or(|year| event.year() == Some(year))
    });
    // Undated events sort last; a stable sort keeps their file order.
    events.sort_by_key(|event| (event.start.is_none(), event.start));
    context.write_list_to(
        args.format,
        &events,
        args.output.as_deref(),
        "the event list",
    )
}

fn show(context: &mut Context, args: &EventShowArgs) -> Result<()> {
    let store = context.open_store()?;
    let reader = store.reader()?;
    let events = reader.load::<Event>()?;
    let event = &events[position_of(&events, &args.id)?];
    if args.format != Format::Table {
        return context.write_one(args.format, event);
    }
    let attendance = reader.load::<Attendance>()?;
    let mut details = event.details_in(context.language.words());
    details.push(Detail::new(
        "Attendance",
        attendance_totals(&attendance, &event.id),
    ));
    output::write_details(details, context.language.words(), context.out)
}

/// "3 attended, 1 registered, 1 no-show", or "none recorded".
fn attendance_totals(attendance: &[Attendance], event_id: &str) -> String {
    let parts: Vec<String> = AttendanceStatus::ALL
        .iter()
        .filter_map(|status| {
            let count = attendance
                .iter()
                .filter(|record| record.event == event_id && record.status == *status)
                .count();
            (count > 0).then(|| format!("{count} {}", status.as_str()))
        })
        .collect();
    if parts.is_empty() {
        "none recorded".to_string()
    } else {
        parts.join(", ")
    }
}

fn edit(context: &mut Context, args: EventEditArgs) -> Result<()> {
    let title = written_if_given("--title", &text::TITLE, args.title)?;
    let fields = args.fields.written()?;
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    ops::update(&mut writer, &args.id, |event: &mut Event| {
        if let Some(title) = title {
            event.title = title;
        }
        replace_if_given(&mut event.series, fields.series);
        replace_if_given(&mut event.category, fields.category);
        replace_if_given(&mut event.city, fields.city);
        replace_if_given(&mut event.country, fields.country);
        replace_if_given(&mut event.start, fields.start);
        replace_if_given(&mut event.end, fields.end);
        replace_if_given(&mut event.invited, fields.invited);
        replace_list_if_given(&mut event.organizers, fields.organizers);
        replace_list_if_given(&mut event.partners, fields.partners);
        replace_list_if_given(&mut event.links, fields.links);
        replace_if_given(&mut event.completion, fields.completion.rule());
        replace_if_given(&mut event.hours_per_day, fields.hours_per_day);
        for field in args.unset {
            match field {
                EventField::Series => event.series = None,
                EventField::Category => event.category = None,
                EventField::City => event.city = None,
                EventField::Country => event.country = None,
                EventField::Start => event.start = None,
                EventField::End => event.end = None,
                EventField::Invited => event.invited = None,
                EventField::Organizers => event.organizers.clear(),
                EventField::Partners => event.partners.clear(),
                EventField::Objectives => event.objectives.clear(),
                EventField::Links => event.links.clear(),
                EventField::Completion => event.completion = None,
                EventField::HoursPerDay => event.hours_per_day = None,
            }
        }
        Ok(())
    })?;
    context.commit(writer, format!("updated event `{}`", args.id))
}

/// An optional field given on the command line replaces the recorded one; one not given stays.
fn replace_if_given<T>(field: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *field = value;
    }
}

fn replace_list_if_given(field: &mut Vec<String>, values: Vec<String>) {
    if !values.is_empty() {
        *field = values;
    }
}

fn remove(context: &mut Context, args: &EventRemoveArgs) -> Result<()> {
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    let removed = ops::remove_event(&mut writer, &args.id, args.force)?;
    context.commit(writer, format!("removed event `{}`{removed}", args.id))
}
