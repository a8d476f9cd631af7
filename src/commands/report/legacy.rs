//! The command lines of reports made by gsef 0.1, read back into a [`Query`].
//!
//! Those reports record the command line that made them, not their query. The report flags of
//! that time are copied here and frozen: nothing in this file follows today's `gsef report`, so
//! renaming or removing a flag there never breaks `report verify` on a report already sent to
//! a funder. Output flags (format, file, totals) do not change the numbers and are read only to
//! be ignored; the values are checked with today's parsers, which take everything 0.1 wrote.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::report::crosstab::Measure;
use crate::report::dimension::{Dimension, parse_dimension_list};
use crate::report::filter::Filters;
use crate::report::query::{
    Across, AttendanceQuery, EventsQuery, Query, ReturningQuery, TrainedQuery,
};
use crate::report::returning::ReturningView;
use crate::report::trained::Per;

/// A whole 0.1 command line: its global options, then a report.
#[derive(Debug, Parser)]
#[command(name = "gsef", disable_help_flag = true, disable_version_flag = true)]
struct CommandLine {
    #[arg(long, global = true)]
    records: Option<PathBuf>,
    #[arg(long, global = true)]
    lock_timeout: Option<u64>,
    #[arg(long, global = true)]
    color: Option<String>,
    #[arg(long, global = true)]
    dry_run: bool,
    #[command(subcommand)]
    noun: Noun,
}

#[derive(Debug, Subcommand)]
enum Noun {
    #[command(subcommand, visible_alias = "reports")]
    Report(Report),
}

#[derive(Debug, Subcommand)]
enum Report {
    Attendance(Attendance),
    Events(Events),
    Returning(Returning),
    Trained(Trained),
}

#[derive(Debug, Args)]
struct Attendance {
    #[arg(long, default_value = "sector,region")]
    by: String,
    #[arg(long)]
    across: Option<String>,
    #[arg(long, default_value = "participants")]
    measure: String,
    #[arg(long, default_value = "attended")]
    status: String,
    #[arg(long)]
    depth: Option<u16>,
    #[arg(long)]
    chart: bool,
    #[arg(long)]
    chart_measure: Option<String>,
    #[command(flatten)]
    filters: FilterFlags,
    #[command(flatten)]
    output: OutputFlags,
}

#[derive(Debug, Args)]
struct Events {
    #[command(flatten)]
    filters: FilterFlags,
    #[command(flatten)]
    output: OutputFlags,
}

#[derive(Debug, Args)]
struct Returning {
    #[arg(long)]
    per_event: bool,
    #[command(flatten)]
    filters: FilterFlags,
    #[command(flatten)]
    output: OutputFlags,
}

#[derive(Debug, Args)]
struct Trained {
    #[arg(long, default_value = "sector,region")]
    by: String,
    #[arg(long, default_value = "person")]
    per: String,
    #[arg(long)]
    depth: Option<u16>,
    #[command(flatten)]
    filters: FilterFlags,
    #[command(flatten)]
    output: OutputFlags,
}

#[derive(Debug, Args)]
struct FilterFlags {
    #[arg(long = "event")]
    events: Vec<String>,
    #[arg(long)]
    series: Option<String>,
    #[arg(long)]
    from: Option<String>,
    #[arg(long)]
    to: Option<String>,
    #[arg(long)]
    sector: Option<String>,
    #[arg(long)]
    country: Option<String>,
}

#[derive(Debug, Args)]
struct OutputFlags {
    #[arg(long)]
    format: Option<String>,
    #[arg(long)]
    totals: bool,
    #[arg(long)]
    raw: bool,
    #[arg(long)]
    output: Option<PathBuf>,
    #[arg(long)]
    min_count: Option<u64>,
    #[arg(long)]
    provenance: bool,
}

/// The query a 0.1 report's command line asked for, or why it cannot be read.
pub fn query_of(command: &[String]) -> Result<Query, String> {
    let line = CommandLine::try_parse_from(command)
        .map_err(|error| error.to_string().lines().next().unwrap_or("").to_string())?;
    let Noun::Report(report) = line.noun;
    Ok(match report {
        Report::Attendance(args) => {
            let across = match &args.across {
                None => None,
                Some(dimension) => Some(Across {
                    dimension: dimension.parse::<Dimension>()?,
                    measure: measure(&args.measure)?,
                }),
            };
            Query::Attendance(AttendanceQuery {
                dimensions: parse_dimension_list(&args.by)?,
                status: args.status.parse()?,
                sector_depth: args.depth.map(usize::from),
                across,
                filters: args.filters.filters()?,
                min_count: args.output.min_count,
            })
        }
        Report::Events(args) => Query::Events(EventsQuery {
            filters: args.filters.filters()?,
            min_count: args.output.min_count,
        }),
        Report::Returning(args) => Query::Returning(ReturningQuery {
            view: if args.per_event {
                ReturningView::PerEvent
            } else {
                ReturningView::Distribution
            },
            filters: args.filters.filters()?,
            min_count: args.output.min_count,
        }),
        Report::Trained(args) => Query::Trained(TrainedQuery {
            dimensions: parse_dimension_list(&args.by)?,
            per: match args.per.as_str() {
                "person" => Per::Person,
                "series" => Per::Series,
                "topic" => Per::Topic,
                other => return Err(format!("unknown --per `{other}`")),
            },
            sector_depth: args.depth.map(usize::from),
            filters: args.filters.filters()?,
            min_count: args.output.min_count,
        }),
    })
}

fn measure(text: &str) -> Result<Measure, String> {
    match text {
        "participants" => Ok(Measure::Participants),
        "attendances" => Ok(Measure::Attendances),
        "person-days" => Ok(Measure::PersonDays),
        other => Err(format!("unknown --measure `{other}`")),
    }
}

impl FilterFlags {
    /// The filters, as 0.1's value parsers left them: trimmed text, upper-case countries.
    fn filters(&self) -> Result<Filters, String> {
        let date = |text: &Option<String>| {
            text.as_deref()
                .map(|date| date.parse().map_err(|error| format!("{error}")))
                .transpose()
        };
        Ok(Filters {
            events: self.events.clone(),
            series: self.series.clone(),
            from: date(&self.from)?,
            to: date(&self.to)?,
            sector: self
                .sector
                .as_deref()
                .map(|sector| sector.trim().to_string()),
            country: self
                .country
                .as_deref()
                .map(|country| country.trim().to_ascii_uppercase()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::attendance::StatusSelection;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn reads_each_report_of_gsef_0_1_with_its_global_options() {
        let query = query_of(&words(
            "gsef --records ../r report attendance --by country --across event --measure person-days \
             --status all --depth 1 --series gsef-2019 --country mx --format json --provenance --min-count 5",
        ))
        .unwrap();
        let Query::Attendance(query) = query else {
            panic!("an attendance query")
        };
        assert_eq!(query.dimensions, [Dimension::Country]);
        assert_eq!(query.status, StatusSelection::EachStatus);
        assert_eq!(
            query.across,
            Some(Across {
                dimension: Dimension::Event,
                measure: Measure::PersonDays
            })
        );
        assert_eq!(query.filters.country.as_deref(), Some("MX"));
        assert_eq!(query.min_count, Some(5));

        let trained = query_of(&words(
            "gsef report trained --per topic --from 2019-05 --format json",
        ))
        .unwrap();
        assert!(matches!(
            trained,
            Query::Trained(TrainedQuery {
                per: Per::Topic,
                ..
            })
        ));
        let returning = query_of(&words("gsef reports returning --per-event")).unwrap();
        assert!(matches!(
            returning,
            Query::Returning(ReturningQuery {
                view: ReturningView::PerEvent,
                ..
            })
        ));
        assert!(query_of(&words("gsef report events --event e1 --event e2")).is_ok());
    }

    #[test]
    fn refuses_what_is_not_a_report_of_that_time() {
        assert!(query_of(&words("gsef event list")).is_err());
        assert!(query_of(&words("gsef report attendance --by nothing")).is_err());
    }
}
