//! `gsef indicator`: donors' indicator definitions kept in the store (`indicators.jsonl`): add
//! them from a file, list, show and remove them.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Context;
use super::args::parse_id;
use crate::error::{Error, Result};
use crate::import::indicator::{Definition, read_definitions};
use crate::model::Indicator;
use crate::output::Format;
use crate::store::ops::position_of;

const ADD_EXAMPLES: &str = "\
Examples:
  gsef indicator add docs/indicators/eea-civ-007.json --dry-run   check it, write nothing
  gsef indicator add docs/indicators/eea-civ-007.json
  gsef indicator add my-indicators.jsonl                          several, one per line
  gsef indicator add docs/indicators/eea-civ-007.json --replace   a changed definition

FILE holds one JSON object (pretty-printed or not) or JSON Lines of several; every definition
is checked before any is written, and a refusal names the file, line, column and field. The
fields are described in docs/records-format.md (indicators.jsonl).";

#[derive(Debug, Subcommand)]
pub enum IndicatorCommand {
    /// Add indicator definitions from a JSON file to the store.
    #[command(after_help = ADD_EXAMPLES)]
    Add(IndicatorAddArgs),
    /// List every indicator definition.
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  gsef indicator list\n  gsef indicator list --format json"
    )]
    List(IndicatorListArgs),
    /// Show one indicator definition: who counts, how often, its breakdowns and targets.
    #[command(
        after_help = "Examples:\n  gsef indicator show eea-civ-007\n  gsef indicator show eea-civ-007 --format json"
    )]
    Show(IndicatorShowArgs),
    /// Remove an indicator definition.
    #[command(
        visible_alias = "rm",
        after_help = "Examples:\n  gsef --dry-run indicator remove eea-civ-007\n  gsef indicator remove eea-civ-007"
    )]
    Remove(IndicatorRemoveArgs),
}

#[derive(Debug, Args)]
pub struct IndicatorAddArgs {
    /// A JSON file of one definition, or JSON Lines of several.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace a definition whose id the store already has, instead of refusing it.
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Args)]
pub struct IndicatorListArgs {
    /// How to write it: a table for people; csv, json or jsonl for scripts; xlsx for Excel
    /// (with --output).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE (atomically: all of it or nothing) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct IndicatorShowArgs {
    /// The indicator's id, such as eea-civ-007.
    #[arg(value_parser = parse_id)]
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct IndicatorRemoveArgs {
    /// The indicator's id, such as eea-civ-007.
    #[arg(value_parser = parse_id)]
    pub id: String,
}

pub fn run(context: &mut Context, command: IndicatorCommand) -> Result<()> {
    match command {
        IndicatorCommand::Add(args) => add(context, &args),
        IndicatorCommand::List(args) => list(context, &args),
        IndicatorCommand::Show(args) => show(context, &args),
        IndicatorCommand::Remove(args) => remove(context, &args),
    }
}

fn add(context: &mut Context, args: &IndicatorAddArgs) -> Result<()> {
    let bytes = std::fs::read(&args.file).map_err(|error| Error::io("read", &args.file, error))?;
    let text = String::from_utf8(bytes).map_err(|error| {
        Error::Invalid(format!(
            "{}: not UTF-8 text (byte {})",
            args.file.display(),
            error.utf8_error().valid_up_to() + 1
        ))
    })?;
    let store = context.open_store()?;
    let definitions = read_definitions(&args.file, &text, store.vocabulary())?;
    let mut writer = context.writer(&store)?;
    let mut indicators = writer.load::<Indicator>()?;
    let (mut added, mut replaced) = (Vec::new(), Vec::new());
    for Definition {
        indicator: definition,
        at: (line, column),
    } in definitions
    {
        match indicators
            .iter()
            .position(|indicator| indicator.id == definition.id)
        {
            Some(_) if !args.replace => {
                return Err(Error::Invalid(format!(
                    "{}:{line}:{column}: id: indicator `{}` already exists; --replace replaces it",
                    args.file.display(),
                    crate::quote::value(&definition.id)
                )));
            }
            Some(position) => {
                replaced.push(definition.id.clone());
                indicators[position] = definition;
            }
            None => {
                added.push(definition.id.clone());
                indicators.push(definition);
            }
        }
    }
    writer.rewrite(&indicators)?;
    let mut message = Vec::new();
    if !added.is_empty() {
        message.push(format!("added indicator {}", quoted_list(&added)));
    }
    if !replaced.is_empty() {
        message.push(format!("replaced indicator {}", quoted_list(&replaced)));
    }
    context.commit(writer, message.join("; "))
}

fn quoted_list(ids: &[String]) -> String {
    ids.iter()
        .map(|id| format!("`{}`", crate::quote::value(id)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(context: &mut Context, args: &IndicatorListArgs) -> Result<()> {
    crate::output::check_list_destination(args.format, args.output.as_deref())?;
    let store = context.open_store()?;
    let indicators = store.reader()?.load::<Indicator>()?;
    context.write_list_to(
        args.format,
        &indicators,
        args.output.as_deref(),
        "the indicator list",
    )
}

fn show(context: &mut Context, args: &IndicatorShowArgs) -> Result<()> {
    let store = context.open_store()?;
    let indicators = store.reader()?.load::<Indicator>()?;
    let indicator = &indicators[position_of(&indicators, &args.id)?];
    context.write_one(args.format, indicator)
}

fn remove(context: &mut Context, args: &IndicatorRemoveArgs) -> Result<()> {
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    let mut indicators = writer.load::<Indicator>()?;
    let position = position_of(&indicators, &args.id)?;
    indicators.remove(position);
    writer.rewrite(&indicators)?;
    context.commit(writer, format!("removed indicator `{}`", args.id))
}
