//! `gsef report verify`: whether a JSON report sent out still matches the store.
//!
//! The report's provenance records the query that made it; that query is run again on the
//! store and the numbers compared. Reports made before queries were recorded are read back
//! from their command line, with the flags of that time (see [`super::legacy`]).

use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::Value as Json;

use super::{legacy, stamp_now};
use crate::commands::Context;
use crate::error::{Error, Result};
use crate::output::{json, notes};
use crate::report::provenance::Provenance;
use crate::report::query::Query;
use crate::report::verify::differences;

pub const VERIFY_EXAMPLES: &str = "\
Examples:
  gsef report trained --series gsef-2019 --by sector --format json --output trained.json
  gsef report verify trained.json        # later: exit 0 if the numbers still hold
  gsef report attendance --by country --format json --provenance > by-country.json
  gsef report verify by-country.json";

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A report written with `--format json` that carries its provenance.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run(context: &mut Context, args: &VerifyArgs) -> Result<()> {
    let path = &args.file;
    let text = std::fs::read_to_string(path).map_err(|source| Error::io("read", path, source))?;
    let recorded: Json = serde_json::from_str(&text).map_err(|error| {
        Error::Invalid(format!(
            "{}: not a JSON report ({error}); make one with --format json",
            path.display()
        ))
    })?;
    let provenance: Provenance = recorded
        .get("provenance")
        .and_then(|value| serde_json::from_value(value.clone()).ok())
        .ok_or_else(|| {
            Error::Invalid(format!(
                "{} has no provenance to re-run; make the report with --format json \
                 (and --provenance for reports other than `trained`)",
                path.display()
            ))
        })?;
    let query = recorded_query(&provenance, path)?;
    let store = context.open_store()?;
    let outcome = {
        let reader = store.reader()?;
        crate::report::run(&reader, &query, Some(stamp_now()))?
    };
    let Some(report) = outcome.table() else {
        return Err(not_verifiable(&provenance, path));
    };
    let current = json::document(report, &notes::of(&outcome, context.language.words()));
    let current_hash = outcome
        .provenance
        .as_ref()
        .map_or("", |provenance| provenance.store_hash.as_str());
    let store_note = if current_hash == provenance.store_hash {
        "the store is unchanged".to_string()
    } else {
        format!(
            "the store has changed since ({} then, {current_hash} now)",
            provenance.store_hash
        )
    };
    let changes = differences(&recorded, &current);
    if changes.is_empty() {
        context.say(format!(
            "{}: same numbers as when it was made at {}; {store_note}",
            path.display(),
            provenance.generated_at
        ));
        return Ok(());
    }
    let mut message = format!(
        "{}: the store no longer gives the same numbers as when the report was made at {}; {store_note}:",
        path.display(),
        provenance.generated_at
    );
    for change in changes {
        message.push_str("\n  ");
        message.push_str(&change);
    }
    Err(Error::Invalid(message))
}

/// The query a report answered: recorded in its provenance, or for a report made before
/// queries were, its command line read back with the flags of that time.
fn recorded_query(provenance: &Provenance, path: &Path) -> Result<Query> {
    let query = match &provenance.query {
        Some(query) => query.clone(),
        None => legacy::query_of(&provenance.command).map_err(|reason| {
            Error::Invalid(format!(
                "{}: this gsef cannot run the recorded command `{}`: {reason}",
                path.display(),
                provenance.command_line()
            ))
        })?,
    };
    if matches!(query, Query::Summary(_)) {
        return Err(not_verifiable(provenance, path));
    }
    Ok(query)
}

fn not_verifiable(provenance: &Provenance, path: &Path) -> Error {
    Error::Invalid(format!(
        "{}: `{}` is not a report that can be verified",
        path.display(),
        provenance.command_line()
    ))
}
