//! `gsef series`: add, list, show, edit and remove series of events.

use clap::{Args, Subcommand, ValueEnum};

use super::Context;
use super::args::{CompletionArgs, parse_given_text, parse_id, written, written_if_given};
use crate::error::Result;
use crate::model::{Series, text};
use crate::output::Format;
use crate::store::ops::{self, position_of};

#[derive(Debug, Subcommand)]
pub enum SeriesCommand {
    /// Add a series.
    #[command(
        after_help = "Example:\n  gsef series add --id gsef-2019 --title 'GSEF Training & Workshop Series 2019' --organizer GSEF"
    )]
    Add(SeriesAddArgs),
    /// List every series.
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  gsef series list\n  gsef series list --format json\n  gsef series list --format xlsx --output series.xlsx"
    )]
    List(ListArgs),
    /// Show one series.
    #[command(
        after_help = "Examples:\n  gsef series show gsef-2019\n  gsef series show gsef-2019 --format json"
    )]
    Show(ShowArgs),
    /// Change fields of a series; fields not given stay as they are.
    #[command(
        after_help = "Examples:\n  gsef series edit gsef-2019 --category 'Knowledge Exchange and Trainings'\n  gsef series edit gsef-2019 --completion-min-share 0.5    completing = half of an event's days"
    )]
    Edit(SeriesEditArgs),
    /// Remove a series; refused while events belong to it, unless --force.
    #[command(
        visible_alias = "rm",
        after_help = "Examples:\n  gsef --dry-run series remove gsef-2019 --force   see what would go\n  gsef series remove gsef-2019 --force"
    )]
    Remove(RemoveArgs),
}

#[derive(Debug, Args)]
pub struct SeriesAddArgs {
    /// A short id to refer to the series by (letters, digits, `-`, `_`, `.`).
    #[arg(long, value_parser = parse_id)]
    pub id: String,
    /// The series' title, as reports should show it.
    #[arg(long, value_parser = parse_given_text)]
    pub title: String,
    #[command(flatten)]
    pub fields: SeriesFields,
}

#[derive(Debug, Args)]
pub struct SeriesFields {
    /// Who runs the series.
    #[arg(long, value_parser = parse_given_text)]
    pub organizer: Option<String>,
    /// A category, such as "Knowledge Exchange and Trainings".
    #[arg(long, value_parser = parse_given_text)]
    pub category: Option<String>,
    #[command(flatten)]
    pub completion: CompletionArgs,
}

#[derive(Debug, Args)]
pub struct SeriesEditArgs {
    /// The series' id, such as gsef-2019.
    #[arg(value_parser = parse_id)]
    pub id: String,
    /// The series' title, as reports should show it.
    #[arg(long, value_parser = parse_given_text)]
    pub title: Option<String>,
    #[command(flatten)]
    pub fields: SeriesFields,
    /// Clear an optional field.
    #[arg(long, value_enum, value_name = "FIELD")]
    pub unset: Vec<SeriesField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeriesField {
    Organizer,
    Category,
    Completion,
}

#[derive(Debug, Args)]
pub struct ListArgs {
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
pub struct ShowArgs {
    /// The series' id, such as gsef-2019.
    #[arg(value_parser = parse_id)]
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    /// The series' id, such as gsef-2019.
    #[arg(value_parser = parse_id)]
    pub id: String,
    /// Also remove the series' events and their attendance.
    #[arg(long)]
    pub force: bool,
}

pub fn run(context: &mut Context, command: SeriesCommand) -> Result<()> {
    match command {
        SeriesCommand::Add(args) => add(context, args),
        SeriesCommand::List(args) => list(context, &args),
        SeriesCommand::Show(args) => show(context, &args),
        SeriesCommand::Edit(args) => edit(context, args),
        SeriesCommand::Remove(args) => remove(context, &args),
    }
}

fn add(context: &mut Context, args: SeriesAddArgs) -> Result<()> {
    let series = Series {
        id: args.id,
        title: written("--title", &text::TITLE, args.title)?,
        organizer: written_if_given("--organizer", &text::ORGANIZATION, args.fields.organizer)?,
        category: written_if_given("--category", &text::CATEGORY, args.fields.category)?,
        completion: args.fields.completion.rule(),
        extra: Default::default(),
    };
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    ops::insert(&mut writer, &series)?;
    context.commit(writer, format!("added series `{}`", series.id))
}

fn list(context: &mut Context, args: &ListArgs) -> Result<()> {
    crate::output::check_list_destination(args.format, args.output.as_deref())?;
    let store = context.open_store()?;
    let all_series = store.reader()?.load::<Series>()?;
    context.write_list_to(
        args.format,
        &all_series,
        args.output.as_deref(),
        "the series list",
    )
}

fn show(context: &mut Context, args: &ShowArgs) -> Result<()> {
    let store = context.open_store()?;
    let all_series = store.reader()?.load::<Series>()?;
    let series = &all_series[position_of(&all_series, &args.id)?];
    context.write_one(args.format, series)
}

fn edit(context: &mut Context, args: SeriesEditArgs) -> Result<()> {
    let title = written_if_given("--title", &text::TITLE, args.title)?;
    let organizer = written_if_given("--organizer", &text::ORGANIZATION, args.fields.organizer)?;
    let category = written_if_given("--category", &text::CATEGORY, args.fields.category)?;
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    ops::update(&mut writer, &args.id, |series: &mut Series| {
        if let Some(title) = title {
            series.title = title;
        }
        if let Some(organizer) = organizer {
            series.organizer = Some(organizer);
        }
        if let Some(category) = category {
            series.category = Some(category);
        }
        if let Some(rule) = args.fields.completion.rule() {
            series.completion = Some(rule);
        }
        for field in args.unset {
            match field {
                SeriesField::Organizer => series.organizer = None,
                SeriesField::Category => series.category = None,
                SeriesField::Completion => series.completion = None,
            }
        }
        Ok(())
    })?;
    context.commit(writer, format!("updated series `{}`", args.id))
}

fn remove(context: &mut Context, args: &RemoveArgs) -> Result<()> {
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    let removed = ops::remove_series(&mut writer, &args.id, args.force)?;
    context.commit(writer, format!("removed series `{}`{removed}", args.id))
}
