//! `gsef init`: create a store with the default sector vocabulary, or adopt a folder of
//! collection files that has no manifest.

use clap::Args;

use super::Context;
use crate::error::Result;
use crate::model::SectorVocabulary;
use crate::store::git;
use crate::store::{Adoption, InitPlan, Store};

const EXAMPLES: &str = "\
Examples:
  gsef init                         create ./records
  gsef --records ~/gsef-2020 init
  gsef --dry-run init               what it would write

In a folder that holds collection files (series.jsonl, events.jsonl, participants.jsonl,
attendance.jsonl) but no gsef.json, init adopts them: they stay byte for byte as they are, the
missing ones are created empty, and the manifest lists the default sectors plus every sector
the participants use. Then run `gsef check`.";

/// Create a new records store (by default ./records) with the default sector vocabulary, or
/// adopt the collection files of a folder that has no manifest.
///
/// Refuses a folder that already holds a store (gsef.json), and one whose collection files
/// are not JSON Lines, leaving it as it is. Writes a .gitattributes that merges the
/// collections with `gsef git merge` (see `gsef git setup`).
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct InitArgs {}

pub fn run(context: &mut Context, _args: InitArgs) -> Result<()> {
    let vocabulary = SectorVocabulary::default_vocabulary();
    let path = context.records.display().to_string();
    let plan = if context.dry_run {
        Store::plan_init(&context.records, &vocabulary)?
    } else {
        Store::init_or_adopt(&context.records, &vocabulary, context.lock_timeout)?
    };
    let done = match (&plan, context.dry_run) {
        (InitPlan::New, true) => {
            format!("dry run, nothing written: would create an empty records store in {path}")
        }
        (InitPlan::New, false) => format!("created an empty records store in {path}"),
        (InitPlan::Adopt(adoption), true) => format!(
            "dry run, nothing written: would {}",
            adopted(adoption, &path, "write")
        ),
        (InitPlan::Adopt(adoption), false) => adopted(adoption, &path, "wrote"),
    };
    context.say(done);
    if let InitPlan::Adopt(adoption) = &plan {
        for warning in &adoption.warnings {
            context.warn(warning);
        }
        context.say("run `gsef check` to validate the adopted records");
    }
    context.say(format!(
        "to merge the records record by record in git, register the driver once in the repository: {}",
        git::CONFIG_COMMAND
    ));
    Ok(())
}

/// "adopted the 4 collections in records and wrote records/gsef.json, adding sector ids `x`".
fn adopted(adoption: &Adoption, path: &str, wrote: &str) -> String {
    let adopt = if wrote == "write" { "adopt" } else { "adopted" };
    let collections = if adoption.adopted.len() == 1 {
        format!("the collection {}", adoption.adopted[0])
    } else if adoption.created.is_empty() {
        format!("the {} collections", adoption.adopted.len())
    } else {
        format!(
            "the {} collections {}",
            adoption.adopted.len(),
            adoption.adopted.join(", ")
        )
    };
    let created = if adoption.created.is_empty() {
        String::new()
    } else {
        let create = if wrote == "write" {
            "create"
        } else {
            "created"
        };
        format!(", {create} {} empty,", adoption.created.join(", "))
    };
    let sectors = if adoption.added_sectors.is_empty() {
        " with the default sector vocabulary".to_string()
    } else {
        let ids: Vec<String> = adoption
            .added_sectors
            .iter()
            .map(|id| format!("`{}`", crate::quote::value(id)))
            .collect();
        format!(
            ", adding sector {} {} that participants use to the default vocabulary",
            if ids.len() == 1 { "id" } else { "ids" },
            ids.join(", ")
        )
    };
    format!("{adopt} {collections} in {path}{created} and {wrote} {path}/gsef.json{sectors}")
}
