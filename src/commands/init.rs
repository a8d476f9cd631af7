//! `gsef init`: create a store with the default sector vocabulary.

use clap::Args;

use super::Context;
use crate::error::Result;
use crate::model::{Manifest, SectorVocabulary};
use crate::store::Store;

/// Create a new records store (by default ./records) with the default sector vocabulary.
///
/// Refuses to touch a folder that already holds a store or record files.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  gsef init\n  gsef --records ~/gsef-2020 init")]
pub struct InitArgs {}

pub fn run(context: &mut Context, _args: InitArgs) -> Result<()> {
    let manifest = Manifest::new(&SectorVocabulary::default_vocabulary());
    let path = context.records.display().to_string();
    if context.dry_run {
        Store::check_can_init(&context.records)?;
        context.say(format!(
            "dry run, nothing written: would create an empty records store in {path}"
        ));
        return Ok(());
    }
    Store::init(&context.records, &manifest)?;
    context.say(format!("created an empty records store in {path}"));
    Ok(())
}
