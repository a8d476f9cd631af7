//! `gsef report trained` and `gsef report verify`: the donor-facing count of people trained,
//! and the check that a report sent out still matches the store.

use std::path::PathBuf;

use clap::{Args, Parser};
use serde_json::Value as Json;

use super::{Loaded, ReportCommand, emit_annotated};
use crate::commands::Context;
use crate::commands::args::{FilterArgs, GroupingArgs, OutputArgs};
use crate::commands::{Cli, Command};
use crate::error::{Error, Result};
use crate::model::day_count::now_rfc3339_utc;
use crate::output::annotated::Annex;
use crate::output::report::ReportFormat;
use crate::report::Report;
use crate::report::lookup::Lookup;
use crate::report::provenance::Provenance;
use crate::report::trained::{Per, RuleApplied, TrainedQuery, trained_report};
use crate::report::verify::differences;

pub const TRAINED_EXAMPLES: &str = "\
Examples:
  gsef report trained --series gsef-2019 --by sector --depth 1
  gsef report trained --by gender,country --format json --output trained-2019.json
  gsef report trained --per series --by world-region
  gsef report trained --event 2019-11-mexico --by sector --min-count 5 --format markdown

A person who completed two events counts once (with --per series, once per series; with
--per topic, once per event category). Set a rule with
`gsef event edit 2019-11-mexico --completion-min-days 2` or on the series with
`gsef series edit gsef-2019 --completion-min-share 0.5`.";

pub const VERIFY_EXAMPLES: &str = "\
Examples:
  gsef report trained --series gsef-2019 --by sector --format json --output trained.json
  gsef report verify trained.json        # later: exit 0 if the numbers still hold
  gsef report attendance --by country --format json --provenance > by-country.json
  gsef report verify by-country.json";

#[derive(Debug, Args)]
pub struct TrainedReportArgs {
    #[command(flatten)]
    pub grouping: GroupingArgs,
    /// Count a person once overall, once per series, or once per topic (event category).
    #[arg(long, value_enum, default_value_t = Per::Person)]
    pub per: Per,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A report written with `--format json` that carries its provenance.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn trained(context: &mut Context, mut args: TrainedReportArgs) -> Result<()> {
    let query = TrainedQuery {
        dimensions: args.grouping.dimensions(),
        per: args.per,
        sector_depth: args.grouping.sector_depth(),
        filters: args.filters.filters(),
    };
    let store = context.open_store()?;
    // The numbers and the hash that vouches for them come from one state of the store.
    let reader = store.reader()?;
    let loaded = Loaded {
        series: reader.load()?,
        events: reader.load()?,
        participants: reader.load()?,
        attendance: reader.load()?,
    };
    let store_hash = reader.content_hash()?;
    drop(reader);
    query
        .filters
        .check(&loaded.events, &loaded.series, store.vocabulary())?;
    let lookup = Lookup::new(&loaded.events, &loaded.participants, &query.filters);
    let min_count = args.output.min_count;
    let result = trained_report(
        &loaded.events,
        &loaded.series,
        &loaded.attendance,
        &lookup,
        &query,
        min_count,
    )?;
    let mut annexes = vec![rules_annex(&result.rules, min_count.is_none())];
    // A JSON report is what gets sent on and checked later, so it always says where it came from.
    if args.output.provenance || args.output.format == ReportFormat::Json {
        annexes.push(provenance_annex(store_hash, &result.report));
        args.output.provenance = false;
    }
    emit_annotated(context, &store, &result.report, &args.output, annexes)
}

fn rules_annex(rules: &[RuleApplied], with_counts: bool) -> Annex {
    let lines = if rules.is_empty() {
        vec!["no events in scope".to_string()]
    } else {
        rules
            .iter()
            .map(|rule| {
                let mut line = format!("{}: {}", rule.event, rule.note);
                if with_counts && rule.attended == 0 {
                    line.push_str(" (nobody attended)");
                } else if with_counts {
                    line.push_str(&format!(
                        " ({} of {} who attended completed it)",
                        rule.completed, rule.attended
                    ));
                }
                line
            })
            .collect()
    };
    Annex {
        key: "rules",
        heading: "Completion rules",
        json: Json::from(
            rules
                .iter()
                .map(|rule| rule.to_json(with_counts))
                .collect::<Vec<_>>(),
        ),
        lines,
    }
}

/// The report's provenance: this gsef, the store's hash, this command line, now.
pub(super) fn provenance_annex(store_hash: String, report: &Report) -> Annex {
    // Lossy rather than a panic on an argument that is not UTF-8; such a line cannot be re-run
    // exactly, and `verify` will say the recorded command does not parse.
    let command: Vec<String> = std::iter::once("gsef".to_string())
        .chain(
            std::env::args_os()
                .skip(1)
                .map(|word| word.to_string_lossy().into_owned()),
        )
        .collect();
    let provenance = Provenance::new(
        store_hash,
        command,
        report.filters.clone(),
        now_rfc3339_utc(),
    );
    Annex {
        key: "provenance",
        heading: "Provenance",
        json: provenance.to_json(),
        lines: provenance.lines(),
    }
}

pub fn verify(context: &mut Context, args: &VerifyArgs) -> Result<()> {
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
    let mut command = recorded_report(&provenance, path)?;
    let output = output_of(&mut command).ok_or_else(|| {
        Error::Invalid(format!(
            "{}: `{}` is not a report that can be verified",
            path.display(),
            provenance.command_line()
        ))
    })?;
    output.format = ReportFormat::Json;
    output.output = None;
    output.provenance = true;

    let mut current_bytes = Vec::new();
    let mut messages = Vec::new();
    let mut again = Context {
        records: context.records.clone(),
        lock_timeout: context.lock_timeout,
        dry_run: false,
        out: &mut current_bytes,
        err: &mut messages,
    };
    super::run(&mut again, command)?;
    let current: Json =
        serde_json::from_slice(&current_bytes).expect("a JSON report parses as JSON");
    let current_hash = current["provenance"]["store_hash"].as_str().unwrap_or("");
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

/// The recorded command line parsed again, when it is a report.
fn recorded_report(provenance: &Provenance, path: &std::path::Path) -> Result<ReportCommand> {
    let cli = Cli::try_parse_from(&provenance.command).map_err(|error| {
        let first_line = error.to_string().lines().next().unwrap_or("").to_string();
        Error::Invalid(format!(
            "{}: this gsef cannot run the recorded command `{}`: {first_line}",
            path.display(),
            provenance.command_line()
        ))
    })?;
    match cli.command {
        Command::Report(command) => Ok(command),
        _ => Err(Error::Invalid(format!(
            "{}: the recorded command `{}` is not a report",
            path.display(),
            provenance.command_line()
        ))),
    }
}

/// The output options of a report command; `None` for a command that makes no report.
fn output_of(command: &mut ReportCommand) -> Option<&mut OutputArgs> {
    #[allow(unreachable_patterns)] // report commands added later without output options
    match command {
        ReportCommand::Attendance(args) => Some(&mut args.output),
        ReportCommand::Events(args) => Some(&mut args.output),
        ReportCommand::Returning(args) => Some(&mut args.output),
        ReportCommand::Trained(args) => Some(&mut args.output),
        _ => None,
    }
}
