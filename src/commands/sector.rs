//! `gsef sector list`: the vocabulary a participant's sector must come from.

use clap::{Args, Subcommand};
use serde::Serialize;

use super::Context;
use crate::error::Result;
use crate::output::{Detail, Format, RecordView};

#[derive(Debug, Subcommand)]
pub enum SectorCommand {
    /// List the sector ids this store accepts, with their labels.
    ///
    /// A parent such as `government` is accepted too: it is implied by `government/municipal`.
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  gsef sector list\n  gsef sector list --format csv"
    )]
    List(SectorListArgs),
}

#[derive(Debug, Args)]
pub struct SectorListArgs {
    /// How to write it: a table for people; csv, json or jsonl for scripts.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// A sector as a list shows it.
#[derive(Serialize)]
struct SectorRow {
    id: String,
    label: String,
}

impl RecordView for SectorRow {
    fn summary_headers() -> Vec<&'static str> {
        vec!["ID", "Label"]
    }
    fn summary_row(&self) -> Vec<String> {
        vec![self.id.clone(), self.label.clone()]
    }
    fn field_names() -> Vec<&'static str> {
        vec!["id", "label"]
    }
    fn field_values(&self) -> Vec<String> {
        self.summary_row()
    }
    fn details(&self) -> Vec<Detail> {
        vec![
            Detail::new("ID", self.id.clone()),
            Detail::new("Label", self.label.clone()),
        ]
    }
}

pub fn run(context: &mut Context, command: SectorCommand) -> Result<()> {
    match command {
        SectorCommand::List(args) => {
            let store = context.open_store()?;
            let rows: Vec<SectorRow> = store
                .vocabulary()
                .sectors()
                .iter()
                .map(|sector| SectorRow {
                    id: sector.id.clone(),
                    label: sector.label.clone(),
                })
                .collect();
            context.write_list(args.format, &rows)
        }
    }
}
