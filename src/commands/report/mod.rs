//! `gsef report`: attendance by any dimensions, events, returning people, people trained, summaries.

mod trained;

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use super::Context;
use super::args::{FilterArgs, GroupingArgs, OutputArgs, parse_id, parse_min_count};
use crate::error::{Error, Result};
use crate::model::{Attendance, Event, Participant, Series};
use crate::output::annotated::{Annex, write_annotated};
use crate::output::chart::{self, ChartMeasure};
use crate::output::report::{ReportFormat, ReportStyle};
use crate::output::summary::{SummaryFormat, write_summary};
use crate::report::Report;
use crate::report::attendance::{AttendanceQuery, StatusSelection, attendance_report_from};
use crate::report::crosstab::{Measure, crosstab_dimensions, crosstab_report_from};
use crate::report::dimension::Dimension;
use crate::report::events::events_report;
use crate::report::filter::Filters;
use crate::report::grouping::{Classes, GroupPlan, Grouper};
use crate::report::lookup::Lookup;
use crate::report::returning::{ReturningView, returning_report};
use crate::report::summary::{SummaryScope, summary};
use crate::store::Store;

const ATTENDANCE_EXAMPLES: &str = "\
Examples:
  gsef report attendance                                  who came, by sector and region
  gsef report attendance --event 2019-11-mexico --by sector --depth 1
  gsef report attendance --by sector --depth 1 --across world-region
  gsef report attendance --series gsef-2019 --by event --status all
  gsef report attendance --by country --format csv --totals > by-country.csv
  gsef report attendance --by region --format json | jq '.rows[] | select(.participants > 5)'
  gsef report attendance --by organization --min-count 5 --format markdown --output summary.md
  gsef report attendance --by sector --depth 1 --chart    bars in the terminal
  gsef report attendance --by event --chart --chart-measure attendances
  gsef report attendance --by sector,region --format svg --output chart.svg

Dimensions: sector, region, country, world-region, subregion (UN M49, from the participant's
country), organization, gender, role, status, event, series, event-country, year.
A missing value forms its own group: `(not recorded)` in tables, an empty CSV cell, JSON null.";

/// Reports on who came: by sector, region or any dimension, per event, who came back, and a
/// one-page summary for funders.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Who came: participants, attendances and person-days grouped by any dimensions.
    ///
    /// Each row is one combination of the `--by` dimensions, with `participants` (distinct
    /// people), `attendances` (attendance records: one person at two events counts twice) and,
    /// where attendance records list their days, `person_days`. Only status `attended` counts
    /// unless `--status` says otherwise.
    ///
    /// Totals count distinct people too, so a participants total can be less than the sum of
    /// its column when a person falls in several groups (for instance with `--by event`, a
    /// person who came to two events is in two rows but is one participant in the total).
    #[command(after_help = ATTENDANCE_EXAMPLES)]
    Attendance(AttendanceReportArgs),
    /// One row per event: dates, place, organisers, invited, registered, attended, no-shows,
    /// cancelled, attendance rate and number of objectives.
    ///
    /// `registered` counts everyone with an attendance record for the event, whatever came of
    /// it; the attendance rate is attended / registered. Totals add the events up, so a person
    /// at two events counts twice there.
    #[command(
        after_help = "Examples:\n  gsef report events\n  gsef report events --series gsef-2019 --format csv > events.csv\n  gsef report events --from 2019-06 --format markdown"
    )]
    Events(EventsReportArgs),
    /// Continuity across the series: how many people attended 1, 2, 3… events, or with
    /// --per-event, how many at each event had attended an earlier one.
    ///
    /// Only status `attended` counts, among the events and people the filters select. An earlier
    /// event is one that ended before this one started; an undated event has no returning count.
    #[command(
        after_help = "Examples:\n  gsef report returning --series gsef-2019\n  gsef report returning --per-event\n  gsef report returning --per-event --event 2019-05-dakar --event 2019-08-kampala --event 2019-10-seoul --event 2019-11-mexico --format json"
    )]
    Returning(ReturningReportArgs),
    /// People trained: everyone who completed at least one event in scope, each counted once
    /// (or once per series or topic with --per), grouped by any dimensions.
    ///
    /// Completing an event means status `attended` and, where the event or its series states
    /// a completion rule (`gsef event edit ID --completion-min-days 2`), being present on
    /// enough of its days. Where an event's attendance lists no days, status `attended` counts.
    /// Under the table (in JSON, a `rules` list) the report says which rule applied to which
    /// event. `attended` counts everyone who attended, completed or not. JSON output always
    /// carries the report's provenance, for `gsef report verify`.
    #[command(after_help = trained::TRAINED_EXAMPLES)]
    Trained(trained::TrainedReportArgs),
    /// Re-run the report recorded in a JSON report file and say whether the store still gives
    /// the same numbers (exit 0), or what changed (exit 1).
    ///
    /// The file must carry provenance: `report trained --format json` always does, other
    /// reports with `--provenance`. The report is made again from the store this command is
    /// pointed at (`--records`), with the recorded filters and options.
    #[command(after_help = trained::VERIFY_EXAMPLES)]
    Verify(trained::VerifyArgs),
    /// A one-page summary of an event or a series to hand to a funder.
    ///
    /// The event(s) with dates in words, place, organisers, partners and numbered objectives;
    /// invited against attended; who came by sector and by region (with a bar chart in HTML);
    /// and how many came back from an earlier event of the series. Records marked illustrative
    /// are flagged so nobody reports them as real attendance.
    #[command(
        after_help = "Examples:\n  gsef report summary 2019-11-mexico\n  gsef report summary 2019-11-mexico --format html --output mexico-2019.html\n  gsef report summary --series gsef-2019 --format markdown --min-count 5 > series.md"
    )]
    Summary(SummaryReportArgs),
}

#[derive(Debug, Args)]
pub struct AttendanceReportArgs {
    #[command(flatten)]
    pub grouping: GroupingArgs,
    /// Pivot this dimension into columns, with row and column totals.
    #[arg(long, value_name = "DIM", value_parser = parse_dimension)]
    pub across: Option<Dimension>,
    /// The count in the cells of an --across table.
    #[arg(long, value_enum, default_value_t = Measure::Participants, requires = "across")]
    pub measure: Measure,
    /// Which statuses count: registered, attended, no-show, cancelled (comma-separated), or
    /// `all` for a column of people per status next to the participants in all (a person with
    /// two statuses, at two events, is in both status columns).
    #[arg(long, value_name = "STATUS", default_value = "attended", value_parser = parse_status)]
    pub status: StatusSelection,
    /// Draw the rows as horizontal bars in the terminal instead of a table.
    #[arg(long, conflicts_with_all = ["across", "format"])]
    pub chart: bool,
    /// What the --chart bars count.
    #[arg(long, value_enum, default_value_t = ChartMeasure::Participants, requires = "chart")]
    pub chart_measure: ChartMeasure,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct EventsReportArgs {
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ReturningReportArgs {
    /// One row per event, with how many had attended an earlier one, instead of the distribution.
    #[arg(long)]
    pub per_event: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("scope").required(true).args(["event", "series"])))]
pub struct SummaryReportArgs {
    /// The event to summarise.
    #[arg(value_name = "EVENT", value_parser = parse_id)]
    pub event: Option<String>,
    /// Summarise every event of this series instead of one event.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    pub series: Option<String>,
    /// How to write the summary: for the terminal, Markdown, or a self-contained HTML page.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Table)]
    pub format: SummaryFormat,
    /// Write to FILE (atomically: all of it or nothing) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Hide every count from 1 to K-1 (shown as `<K`), and enough others (shown as `x`) that
    /// none can be worked out from the totals.
    #[arg(long, value_name = "K", value_parser = parse_min_count)]
    pub min_count: Option<u64>,
}

fn parse_dimension(text: &str) -> std::result::Result<Dimension, String> {
    text.parse()
}

fn parse_status(text: &str) -> std::result::Result<StatusSelection, String> {
    text.parse()
}

/// Everything a report reads, loaded under one shared lock so the collections agree.
pub(super) struct Loaded {
    pub series: Vec<Series>,
    pub events: Vec<Event>,
    pub participants: Vec<Participant>,
    pub attendance: Vec<Attendance>,
}

fn load(store: &Store, filters: &Filters) -> Result<Loaded> {
    let reader = store.reader()?;
    let loaded = Loaded {
        series: reader.load()?,
        events: reader.load()?,
        participants: reader.load()?,
        attendance: reader.load()?,
    };
    drop(reader);
    filters.check(&loaded.events, &loaded.series, store.vocabulary())?;
    Ok(loaded)
}

pub fn run(context: &mut Context, command: ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Attendance(args) => attendance(context, args),
        ReportCommand::Events(args) => events(context, &args),
        ReportCommand::Returning(args) => returning(context, &args),
        ReportCommand::Trained(args) => trained::trained(context, args),
        ReportCommand::Verify(args) => trained::verify(context, &args),
        ReportCommand::Summary(args) => summarise(context, &args),
    }
}

fn attendance(context: &mut Context, args: AttendanceReportArgs) -> Result<()> {
    if let Some(across) = args.across
        && args.grouping.dimensions().contains(&across)
    {
        return Err(Error::invalid(
            "across",
            across.to_string(),
            "is also in --by; a dimension is either rows or columns",
        ));
    }
    if args.across.is_some() && args.output.format == ReportFormat::Svg {
        return Err(Error::invalid(
            "format",
            "svg",
            "draws the --by rows and cannot pivot; leave out --across (--by sector,region draws grouped bars)",
        ));
    }
    let filters = args.filters.filters();
    let query = AttendanceQuery {
        dimensions: args.grouping.dimensions(),
        status: args.status,
        sector_depth: args.grouping.sector_depth(),
        filters,
    };
    let store = context.open_store()?;
    let reader = store.reader()?;
    let series: Vec<Series> = reader.load()?;
    let events: Vec<Event> = reader.load()?;
    // People as the few fields the report reads, borrowed from the file's text: a large store
    // has hundreds of thousands of them, and building full records was most of the time.
    let participants_text = reader.text::<Participant>()?;
    let participants = participants_text.rows()?;
    query.filters.check(&events, &series, store.vocabulary())?;
    // A crosstab counts three ways at once (cells, rows, columns); the plain report one way.
    let dimension_lists = match args.across {
        Some(across) => crosstab_dimensions(&query, across),
        None => vec![query.dimensions.clone()],
    };
    let dimension_lists: Vec<&[Dimension]> = dimension_lists.iter().map(Vec::as_slice).collect();
    // The id index and the groups' classes each take a pass over every person: one per core,
    // when there are enough people for a thread to pay for itself.
    let work_out_classes =
        || Classes::new(&participants, &events, &dimension_lists, query.sector_depth);
    let (lookup, classes) = if participants.len() >= 10_000 {
        std::thread::scope(|scope| {
            let classes = scope.spawn(work_out_classes);
            let lookup = Lookup::new(&events, &participants, &query.filters);
            (lookup, classes.join().expect("classes do not panic"))
        })
    } else {
        (
            Lookup::new(&events, &participants, &query.filters),
            work_out_classes(),
        )
    };
    // The attendance file is streamed, grouped in batches on every core, so a store of millions
    // of records is never held in memory whole.
    let plan = GroupPlan::with_classes(&lookup, classes, &query.status);
    let parts = reader
        .fold_rows::<Attendance, _>(|| Grouper::new(&plan), |grouper, row| grouper.add(row))?;
    let groupings = plan.finish(parts)?;
    let min_count = args.output.min_count;
    let report = match args.across {
        Some(across) => crosstab_report_from(&groupings, &query, across, args.measure, min_count),
        None => attendance_report_from(&groupings[0], &query, min_count),
    };
    drop(reader);
    if args.chart {
        let measure = args.chart_measure.column_name();
        let width = chart::fitting_width();
        return emit_with(context, &store, report.name, &args.output, |out, _| {
            chart::write_bars(&report, measure, width, out)
        });
    }
    emit(context, &store, &report, &args.output)
}

fn events(context: &mut Context, args: &EventsReportArgs) -> Result<()> {
    let filters = args.filters.filters();
    let store = context.open_store()?;
    let loaded = load(&store, &filters)?;
    let lookup = Lookup::new(&loaded.events, &loaded.participants, &filters);
    let report = events_report(
        &loaded.events,
        &loaded.attendance,
        &lookup,
        &filters,
        args.output.min_count,
    )?;
    emit(context, &store, &report, &args.output)
}

fn returning(context: &mut Context, args: &ReturningReportArgs) -> Result<()> {
    let filters = args.filters.filters();
    let store = context.open_store()?;
    let loaded = load(&store, &filters)?;
    let lookup = Lookup::new(&loaded.events, &loaded.participants, &filters);
    let view = if args.per_event {
        ReturningView::PerEvent
    } else {
        ReturningView::Distribution
    };
    let report = returning_report(
        &loaded.events,
        &loaded.attendance,
        &lookup,
        &filters,
        view,
        args.output.min_count,
    )?;
    emit(context, &store, &report, &args.output)
}

fn summarise(context: &mut Context, args: &SummaryReportArgs) -> Result<()> {
    let (scope, filters) = match (&args.event, &args.series) {
        (Some(event), _) => (
            SummaryScope::Event(event.clone()),
            Filters {
                events: vec![event.clone()],
                ..Filters::default()
            },
        ),
        (None, Some(series)) => (
            SummaryScope::Series(series.clone()),
            Filters {
                series: Some(series.clone()),
                ..Filters::default()
            },
        ),
        (None, None) => unreachable!("clap requires an event or --series"),
    };
    let store = context.open_store()?;
    let loaded = load(&store, &filters)?;
    let summary = summary(
        &scope,
        &loaded.series,
        &loaded.events,
        &loaded.participants,
        &loaded.attendance,
        args.min_count,
    )?;
    let output = OutputArgs {
        format: ReportFormat::Table,
        totals: false,
        raw: false,
        output: args.output.clone(),
        min_count: args.min_count,
        provenance: false,
    };
    emit_with(context, &store, "summary", &output, |out, _| {
        write_summary(args.format, &summary, out)
    })
}

/// Writes the report to stdout, or atomically to `--output`.
fn emit(context: &mut Context, store: &Store, report: &Report, args: &OutputArgs) -> Result<()> {
    emit_annotated(context, store, report, args, Vec::new())
}

/// Writes the report with its annexes (and its provenance when asked for) to stdout, or
/// atomically to `--output`.
pub(super) fn emit_annotated(
    context: &mut Context,
    store: &Store,
    report: &Report,
    args: &OutputArgs,
    mut annexes: Vec<Annex>,
) -> Result<()> {
    if args.provenance {
        let store_hash = store.reader()?.content_hash()?;
        annexes.push(trained::provenance_annex(store_hash, report));
    }
    let style = ReportStyle {
        csv_totals: args.totals,
        raw: args.raw,
    };
    emit_with(context, store, report.name, args, |out, err| {
        write_annotated(args.format, report, style, &annexes, out, err)
    })
}

/// Writes what `render` makes of the `what` report to stdout, or atomically to `--output`.
fn emit_with(
    context: &mut Context,
    store: &Store,
    what: &str,
    args: &OutputArgs,
    render: impl Fn(&mut dyn std::io::Write, &mut dyn std::io::Write) -> Result<()>,
) -> Result<()> {
    let Some(path) = &args.output else {
        return render(context.out, context.err);
    };
    store.refuse_output_path(path)?;
    let mut bytes = Vec::new();
    render(&mut bytes, context.err)?;
    context.write_output_file(path, &bytes, &format!("the {what} report"))
}
