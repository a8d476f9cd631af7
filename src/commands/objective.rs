//! `gsef objective`: an event's objectives, kept in the order the event stated them.

use clap::{Args, Subcommand};
use clap_complete::engine::ArgValueCandidates;
use serde::Serialize;

use super::Context;
use super::args::{parse_given_text, parse_id, written};
use super::shell::event_candidates;
use crate::error::{Error, Result};
use crate::model::{Event, text};
use crate::output::{Detail, Format, RecordView};
use crate::store::ops::{self, position_of};

#[derive(Debug, Subcommand)]
pub enum ObjectiveCommand {
    /// Add an objective to an event, at the end or at a given position.
    #[command(
        after_help = "Examples:\n  gsef objective add 2019-11-mexico 'Emphasize the relevance of continuous capacity development'\n  gsef objective add 2019-11-mexico 'A new first objective' --at 1"
    )]
    Add(ObjectiveAddArgs),
    /// List an event's objectives, numbered from 1.
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  gsef objective list 2019-11-mexico\n  gsef objective list 2019-11-mexico --format json"
    )]
    List(ObjectiveListArgs),
    /// Replace the text of objective N.
    #[command(
        after_help = "Examples:\n  gsef objective list 2019-11-mexico\n  gsef objective edit 2019-11-mexico 3 'Emphasize the relevance of continuous capacity development'"
    )]
    Edit(ObjectiveEditArgs),
    /// Remove objective N; the ones after it move up.
    #[command(
        visible_alias = "rm",
        after_help = "Examples:\n  gsef objective list 2019-11-mexico\n  gsef objective remove 2019-11-mexico 3"
    )]
    Remove(ObjectiveRemoveArgs),
}

#[derive(Debug, Args)]
pub struct ObjectiveAddArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub event: String,
    /// The objective, as the event stated it.
    #[arg(value_parser = parse_given_text)]
    pub text: String,
    /// Insert at this position (1 is first) instead of at the end.
    #[arg(long, value_name = "N")]
    pub at: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ObjectiveListArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub event: String,
    /// How to write it: a table for people; csv, json or jsonl for scripts.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ObjectiveEditArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub event: String,
    /// The objective's number, as `objective list` shows it.
    pub number: usize,
    /// The objective, as the event stated it.
    #[arg(value_parser = parse_given_text)]
    pub text: String,
}

#[derive(Debug, Args)]
pub struct ObjectiveRemoveArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub event: String,
    /// The objective's number, as `objective list` shows it.
    pub number: usize,
}

/// One objective as a list shows it.
#[derive(Serialize)]
struct NumberedObjective {
    number: usize,
    text: String,
}

impl RecordView for NumberedObjective {
    fn summary_headers() -> Vec<&'static str> {
        vec!["#", "Objective"]
    }
    fn summary_row(&self) -> Vec<String> {
        vec![self.number.to_string(), self.text.clone()]
    }
    fn field_names() -> Vec<&'static str> {
        vec!["number", "text"]
    }
    fn field_values(&self) -> Vec<String> {
        self.summary_row()
    }
    fn details(&self) -> Vec<Detail> {
        vec![
            Detail::new("#", self.number.to_string()),
            Detail::new("Objective", self.text.clone()),
        ]
    }
}

pub fn run(context: &mut Context, command: ObjectiveCommand) -> Result<()> {
    match command {
        ObjectiveCommand::List(args) => list(context, &args),
        ObjectiveCommand::Add(args) => {
            let objective = written("TEXT", &text::OBJECTIVE, args.text)?;
            modify(context, &args.event, |objectives| {
                let position = match args.at {
                    Some(at) => checked_index(at, objectives.len() + 1)?,
                    None => objectives.len(),
                };
                objectives.insert(position, objective);
                Ok(format!(
                    "added objective {} to event `{}`",
                    position + 1,
                    args.event
                ))
            })
        }
        ObjectiveCommand::Edit(args) => {
            let objective = written("TEXT", &text::OBJECTIVE, args.text)?;
            modify(context, &args.event, |objectives| {
                let index = checked_index(args.number, objectives.len())?;
                objectives[index] = objective;
                Ok(format!(
                    "updated objective {} of event `{}`",
                    args.number, args.event
                ))
            })
        }
        ObjectiveCommand::Remove(args) => modify(context, &args.event, |objectives| {
            let index = checked_index(args.number, objectives.len())?;
            objectives.remove(index);
            Ok(format!(
                "removed objective {} of event `{}`",
                args.number, args.event
            ))
        }),
    }
}

/// The index of objective `number` (counted from 1) among `count`, or an error saying the range.
fn checked_index(number: usize, count: usize) -> Result<usize> {
    if number == 0 || number > count {
        let range = if count == 0 {
            "the event has no objectives".to_string()
        } else {
            format!("expected 1 to {count}")
        };
        return Err(Error::invalid(
            "objective number",
            number.to_string(),
            range,
        ));
    }
    Ok(number - 1)
}

/// Applies `change` to one event's objectives under the write lock, saves the event, and
/// reports the message `change` returns.
fn modify(
    context: &mut Context,
    event_id: &str,
    change: impl FnOnce(&mut Vec<String>) -> Result<String>,
) -> Result<()> {
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    let message = ops::update(&mut writer, event_id, |event: &mut Event| {
        change(&mut event.objectives)
    })?;
    context.commit(writer, message)
}

fn list(context: &mut Context, args: &ObjectiveListArgs) -> Result<()> {
    let store = context.open_store()?;
    let events = store.reader()?.load::<Event>()?;
    let event = &events[position_of(&events, &args.event)?];
    let objectives: Vec<NumberedObjective> = event
        .objectives
        .iter()
        .enumerate()
        .map(|(index, text)| NumberedObjective {
            number: index + 1,
            text: text.clone(),
        })
        .collect();
    context.write_list(args.format, &objectives)
}
