//! `gsef report`: each report's arguments, checked and turned into a [`Query`], made by
//! [`report::run`] under one lock, and written in the format asked for.

mod legacy;
mod verify;

use std::io::Write;
use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use super::Context;
use super::args::{
    Destination, DimensionList, FilterArgs, GroupingArgs, OutputArgs, parse_id, parse_min_count,
    parse_share, report_format,
};
use crate::error::{Error, Result};
use crate::model::day_count::now_rfc3339_utc;
use crate::output::chart::ChartMeasure;
use crate::output::iati::IatiActivity;
use crate::output::progress::Progress;
use crate::output::voice::Voice;
use crate::output::{self, ReportFormat, ReportStyle};
use crate::report::attendance::StatusSelection;
use crate::report::crosstab::Measure;
use crate::report::dimension::Dimension;
use crate::report::query::{
    Across, AttendanceQuery, DEFAULT_MASTERY, EventsQuery, IndicatorsQuery, OutcomesQuery, Query,
    ReturningQuery, SummaryQuery, TrainedQuery,
};
use crate::report::returning::ReturningView;
use crate::report::summary::SummaryScope;
use crate::report::trained::Per;
use crate::report::{self, Outcome, Stamp};
use crate::store::output_file::Audience;

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
  gsef report attendance --by sector --format xlsx --output attendance.xlsx
  gsef report attendance --by sector --format csv --bom --output attendance.csv   for Excel

Dimensions: sector, region, country, world-region, subregion (UN M49, from the participant's
country), organization, gender, role, status, event, series, event-country, year, and the
periods quarter, month and fiscal-year-MM (a fiscal year from month MM: fiscal-year-10 puts
November 2019 in FY2020), worked out from the event's dates; `--across quarter` gives a column
per quarter. A missing value forms its own group: `(not recorded)` in tables, an empty CSV cell, JSON null.";

const TRAINED_EXAMPLES: &str = "\
Examples:
  gsef report trained --series gsef-2019 --by sector --depth 1
  gsef report trained --by gender,country --format json --output trained-2019.json
  gsef report trained --per series --by world-region
  gsef report trained --event 2019-11-mexico --by sector --min-count 5 --format markdown
  gsef report trained --series gsef-2019 --by sector --format xlsx --output trained.xlsx

A person who completed two events counts once (with --per series, once per series; with
--per topic, once per event category). Set a rule with
`gsef event edit 2019-11-mexico --completion-min-days 2` or on the series with
`gsef series edit gsef-2019 --completion-min-share 0.5`.";

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
        after_help = "Examples:\n  gsef report events\n  gsef report events --series gsef-2019 --format csv > events.csv\n  gsef report events --from 2019-06 --format markdown\n  gsef report events --format xlsx --output events.xlsx"
    )]
    Events(EventsReportArgs),
    /// Continuity across the series: how many people attended 1, 2, 3… events, or with
    /// --per-event, how many at each event had attended an earlier one.
    ///
    /// Only status `attended` counts, among the events and people the filters select. An earlier
    /// event is one that ended before this one started; an undated event has no returning count.
    #[command(
        after_help = "Examples:\n  gsef report returning --series gsef-2019\n  gsef report returning --per-event\n  gsef report returning --per-event --event 2019-05-dakar --event 2019-08-kampala --event 2019-10-seoul --event 2019-11-mexico --format json\n  gsef report returning --per-event --format xlsx --output returning.xlsx\n  gsef report returning --per-period quarter\n  gsef report returning --per-period fiscal-year-10 --format csv\n\nWith --per-period, a row per period of the events' dates: the people who came in it, new (their first period) or returning, lapsed (came in the period listed before, not in this one), and so far (everyone who came up to this period, each once). Events their dates cannot place in the period (a year-only event has no quarter) are counted on their own row."
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
    #[command(after_help = TRAINED_EXAMPLES)]
    Trained(TrainedReportArgs),
    /// Did the training work? Each objective's rating, the knowledge gained from the pre-test
    /// to the post-test, and the response rate, from `gsef import responses`.
    ///
    /// Per objective of each event: the responses rating it, the mean rating, the share in the
    /// top two points of the scale, and how many gave each point. Under the table: knowledge,
    /// with scores as a share of their test's maximum (0 to 1, so tests of different lengths
    /// compare): how many took both tests (paired within an event, by participant or by the
    /// code an anonymous form asked for), their mean before and after, the mean gain, the share
    /// who improved and the share at or above --mastery after; and how many took only one of
    /// the two. Then the event's overall rating and each instrument's respondents against
    /// those who attended. A filter on people (--sector, --country) leaves out responses by
    /// code, whose sector and country nobody knows. JSON carries `objectives`, `knowledge`,
    /// `overall` and `response_rates`, numbers as numbers; CSV and JSON Lines hold the table,
    /// with the rest on stderr.
    #[command(after_help = OUTCOMES_EXAMPLES)]
    Outcomes(OutcomesReportArgs),
    /// Each indicator's actual against its targets ("62 of 111, 56%"), per period and per
    /// breakdown value, counted by the indicator's own rule (`gsef indicator add`).
    ///
    /// A unit (person, organisation, attendance or event) is counted once in its window (each
    /// period, each series, or ever) at the first attendance record where everything the
    /// indicator asks holds: a status that counts, the completion rule met, a post-test at or
    /// above mastery, enough hours so far. That record decides the period and the breakdown
    /// values, so the periods add up to the `all` row. Events too loosely dated for the period
    /// count on a row of their own, named under the table. A target shows where one was set;
    /// `all` is held against the periods' targets together when each has one. JSON has an
    /// `indicators` list (id, actual, target, share, breakdowns, periods) and always the
    /// report's provenance, for `gsef report verify`.
    #[command(after_help = INDICATORS_EXAMPLES)]
    Indicators(IndicatorsReportArgs),
    /// Re-run the report recorded in a JSON report file and say whether the store still gives
    /// the same numbers (exit 0), or what changed (exit 1).
    ///
    /// The file must carry provenance: `report trained --format json` always does, other
    /// reports with `--provenance`. The report is made again from the store this command is
    /// pointed at (`--records`), with the recorded filters and options.
    #[command(after_help = verify::VERIFY_EXAMPLES)]
    Verify(verify::VerifyArgs),
    /// A one-page summary of an event or a series to hand to a funder.
    ///
    /// The event(s) with dates in words, place, organisers, partners and numbered objectives;
    /// invited against attended; who came by sector and by region (with a bar chart in HTML);
    /// and how many came back from an earlier event of the series. Records marked illustrative
    /// are flagged so nobody reports them as real attendance.
    #[command(
        after_help = "Examples:\n  gsef report summary 2019-11-mexico\n  gsef report summary 2019-11-mexico --format html --output mexico-2019.html\n  gsef report summary --series gsef-2019 --format markdown --min-count 5 > series.md\n  gsef report summary 2019-11-mexico --format xlsx --output mexico-2019.xlsx"
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
    #[arg(long, conflicts_with = "per_period")]
    pub per_event: bool,
    /// One row per period (year, quarter, month or fiscal-year-MM): new, returning and lapsed
    /// people, and everyone so far.
    #[arg(long, value_name = "PERIOD", value_parser = parse_period)]
    pub per_period: Option<Dimension>,
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
    /// How to write the summary: for the terminal, Markdown, a self-contained HTML page, or an
    /// Excel workbook with a sheet per table (with --output).
    #[arg(long, default_value = "table", value_parser = report_format(&ReportFormat::SUMMARY))]
    pub format: ReportFormat,
    /// Write to FILE (atomically: all of it or nothing) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Hide every count from 1 to K-1 (shown as `<K`), and enough others (shown as `x`) that
    /// none can be worked out from the totals.
    #[arg(long, value_name = "K", value_parser = parse_min_count)]
    pub min_count: Option<u64>,
}

#[derive(Debug, Args)]
pub struct OutcomesReportArgs {
    /// The event to report on [default: every event the filters select].
    #[arg(value_name = "EVENT", value_parser = parse_id)]
    pub event: Option<String>,
    /// Also group the objectives and the knowledge gain by these, comma-separated: the
    /// respondent's sector, region, country, world-region, subregion, organization or gender
    /// (a code's respondent is `(not recorded)`), or the event's series, event-country or year.
    #[arg(long, value_name = "DIMS", value_parser = parse_outcome_dimensions)]
    pub by: Option<DimensionList>,
    /// Roll sectors up to N levels (`government/municipal` at 1 is `government`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub depth: Option<u16>,
    /// The share of a test's maximum that counts as mastering the content.
    #[arg(long, value_name = "SHARE", default_value_t = DEFAULT_MASTERY, value_parser = parse_share)]
    pub mastery: f64,
    /// Also list the free-text comments: never with a name, never of a participant whose
    /// consent is `none`, sorted so their order tells nothing, and none when --min-count K is
    /// given and fewer than K may be shown.
    #[arg(long)]
    pub comments: bool,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

const OUTCOMES_EXAMPLES: &str = "\
Examples:
  gsef report outcomes 2019-11-mexico
  gsef report outcomes 2019-11-mexico --format json | jq .knowledge
  gsef report outcomes --series gsef-2019 --format markdown --min-count 5 > outcomes.md
  gsef report outcomes 2019-11-mexico --mastery 0.7 --comments
  gsef report outcomes --series gsef-2019 --by sector --depth 1
  gsef report outcomes 2019-11-mexico --format csv --output objectives.csv
  gsef report outcomes 2019-11-mexico --format xlsx --output outcomes.xlsx

Record the answers first:
  gsef import responses pre-test.csv --event 2019-11-mexico --instrument pre
  gsef import responses post-test.csv --event 2019-11-mexico --instrument post
  gsef import responses feedback.csv --event 2019-11-mexico --instrument feedback";

const INDICATORS_EXAMPLES: &str = "\
Examples:
  gsef indicator add docs/indicators/eea-civ-007.json      first, install a definition
  gsef report indicators
  gsef report indicators eea-civ-007 --period 2019
  gsef report indicators --period 2019-Q4 --format json | jq '.indicators[] | {id, actual, target}'
  gsef report indicators --min-count 5 --format markdown --output indicators.md
  gsef report indicators --format xlsx --output indicators.xlsx
  gsef report indicators eea-civ-007 --explain p-0001      which rule counted p-0001, or not
  gsef report indicators eea-civ-007 --period 2019 --list  who was counted, where consent allows
  gsef report indicators --to-date --rolling 4              year to date and the last four periods
  gsef report indicators --format iati --iati-activity docs/iati-activity.json --output results.xml

--period takes a year (2019), a quarter (2019-Q4), a month (2019-11) or a fiscal year (FY2020,
in the month the selected fiscal-year indicators begin theirs). An indicator counted by years,
asked for a quarter, shows what was counted in that quarter, with no target: its targets are
per year.";

#[derive(Debug, Args)]
#[command(mut_arg("format", |format| format.value_parser(report_format(&ReportFormat::INDICATORS))))]
pub struct IndicatorsReportArgs {
    /// The indicators to report, by id [default: every one in the store].
    #[arg(value_name = "INDICATOR", value_parser = parse_id)]
    pub indicators: Vec<String>,
    /// One period instead of each of the indicators' own: a year (2019), a quarter (2019-Q4),
    /// a month (2019-11) or a fiscal year (FY2020).
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Say, for each indicator, what its rule made of each of this participant's attendance
    /// records, and where they were counted, if anywhere.
    #[arg(long, value_name = "PARTICIPANT", value_parser = parse_id)]
    pub explain: Option<String>,
    /// List what each indicator counted, period by period: the people whose consent allows it
    /// (or illustrative records) by name, the others as a number; organisations and events by
    /// name. Never with --min-count, which is there so that nobody can be picked out.
    #[arg(long, conflicts_with = "min_count")]
    pub list: bool,
    /// Beside each period, the units counted from the start of its year (its fiscal year, for
    /// a fiscal-year indicator) to its end, each once: year to date.
    #[arg(long)]
    pub to_date: bool,
    /// Beside each period, the units counted in the N periods ending with it, each once: with
    /// a quarterly indicator, `--rolling 4` is the last four quarters.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=120))]
    pub rolling: Option<u32>,
    /// IATI: a JSON file describing the activity the results belong to (identifier, reporting
    /// organisation, participating organisations, status, dates), which --format iati needs;
    /// see docs/iati-activity.json.
    #[arg(long, value_name = "FILE")]
    pub iati_activity: Option<PathBuf>,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

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

fn parse_dimension(text: &str) -> std::result::Result<Dimension, String> {
    text.parse()
}

/// `--by` of `report outcomes`: a respondent's or an event's dimensions; every row is already
/// an event's, and a response has no role or status of its own.
fn parse_outcome_dimensions(text: &str) -> std::result::Result<DimensionList, String> {
    let list = crate::report::dimension::parse_dimension_list(text)?;
    if let Some(refused) = list.iter().find(|dimension| {
        **dimension == Dimension::Event
            || dimension.source() == crate::report::dimension::Source::Attendance
    }) {
        return Err(format!(
            "`{refused}` cannot group outcomes: every row is an event's objective, and a response has no role or status; group by a respondent's or an event's dimension"
        ));
    }
    Ok(DimensionList(list))
}

fn parse_status(text: &str) -> std::result::Result<StatusSelection, String> {
    text.parse()
}

pub fn run(context: &mut Context, command: ReportCommand) -> Result<()> {
    let mut activity = None;
    let (query, destination) = match command {
        ReportCommand::Verify(args) => return verify::run(context, &args),
        ReportCommand::Attendance(args) => args.query()?,
        ReportCommand::Events(args) => (
            Query::Events(EventsQuery {
                filters: args.filters.filters(),
                min_count: args.output.min_count,
            }),
            args.output.destination(),
        ),
        ReportCommand::Returning(args) => (
            Query::Returning(ReturningQuery {
                view: match (args.per_event, args.per_period) {
                    (_, Some(period)) => ReturningView::PerPeriod(period),
                    (true, None) => ReturningView::PerEvent,
                    (false, None) => ReturningView::Distribution,
                },
                filters: args.filters.filters(),
                min_count: args.output.min_count,
            }),
            args.output.destination(),
        ),
        ReportCommand::Trained(args) => {
            let mut destination = args.output.destination();
            // A JSON report is what gets sent on and checked later, so it always says where it
            // came from.
            destination.provenance |= destination.format == ReportFormat::Json;
            let query = Query::Trained(TrainedQuery {
                dimensions: args.grouping.dimensions(),
                per: args.per,
                sector_depth: args.grouping.sector_depth(),
                filters: args.filters.filters(),
                min_count: args.output.min_count,
            });
            (query, destination)
        }
        ReportCommand::Summary(args) => args.query(),
        ReportCommand::Outcomes(args) => args.query()?,
        ReportCommand::Indicators(args) => {
            let (query, destination, iati) = args.query()?;
            activity = iati;
            (query, destination)
        }
    };
    destination.check()?;
    let store = context.open_store()?;
    let outcome = {
        let mut reader = store.reader()?;
        // A store of a gigabyte takes seconds to read; say how far it has got.
        let progress = std::sync::Arc::new(Progress::new(
            "reading records",
            Some(reader.streamed_bytes()),
        ));
        let observed = std::sync::Arc::clone(&progress);
        reader.observe(std::sync::Arc::new(move |bytes| observed.add(bytes)));
        let stamp = destination.provenance.then(stamp_now);
        report::run(&reader, &query, stamp)?
    };
    let voice = Voice::new(context.language, store.vocabulary());
    if let Some(activity) = &activity {
        return write_iati(context, &outcome, activity, &destination);
    }
    write(context, query.name(), &outcome, &destination, &voice)
}

/// Writes the results as IATI activity XML, to stdout or atomically to the file.
fn write_iati(
    context: &mut Context,
    outcome: &Outcome,
    activity: &IatiActivity,
    destination: &Destination,
) -> Result<()> {
    let results = outcome
        .indicators
        .as_ref()
        .map(|aside| aside.results.as_slice())
        .unwrap_or_default();
    let generated_at = now_rfc3339_utc();
    let render = |out: &mut dyn Write, _: &mut dyn Write| {
        output::iati::write_iati(results, activity, &generated_at, out)
    };
    let Some(path) = &destination.path else {
        return context.write_data(false, render);
    };
    let mut bytes = Vec::new();
    render(&mut bytes, context.err)?;
    context.write_output_file(path, &bytes, "the IATI results", Audience::Anyone)
}

impl AttendanceReportArgs {
    /// The query and the destination the flags describe, refusing combinations that make no
    /// report.
    fn query(self) -> Result<(Query, Destination)> {
        let dimensions = self.grouping.dimensions();
        if let Some(across) = self.across
            && dimensions.contains(&across)
        {
            return Err(Error::invalid(
                "across",
                across.to_string(),
                "is also in --by; a dimension is either rows or columns",
            ));
        }
        if self.across.is_some() && self.output.format == ReportFormat::Svg {
            return Err(Error::invalid(
                "format",
                "svg",
                "draws the --by rows and cannot pivot; leave out --across (--by sector,region draws grouped bars)",
            ));
        }
        let mut destination = self.output.destination();
        if self.chart {
            destination.format = ReportFormat::Chart;
        }
        destination.style.chart_measure = self.chart_measure;
        let query = AttendanceQuery {
            dimensions,
            status: self.status,
            sector_depth: self.grouping.sector_depth(),
            across: self.across.map(|dimension| Across {
                dimension,
                measure: self.measure,
            }),
            filters: self.filters.filters(),
            min_count: self.output.min_count,
        };
        Ok((Query::Attendance(query), destination))
    }
}

impl OutcomesReportArgs {
    fn query(self) -> Result<(Query, Destination)> {
        if self.output.format == ReportFormat::Svg {
            return Err(Error::invalid(
                "format",
                "svg",
                "charts a count of people per group, and the outcomes report has ratings; use table, markdown, csv, json, jsonl or xlsx",
            ));
        }
        let mut filters = self.filters.filters();
        filters.events.extend(self.event);
        let query = Query::Outcomes(OutcomesQuery {
            dimensions: self.by.map(|list| list.0).unwrap_or_default(),
            sector_depth: self.depth.map(usize::from),
            filters,
            mastery: self.mastery,
            comments: self.comments,
            min_count: self.output.min_count,
        });
        Ok((query, self.output.destination()))
    }
}

impl IndicatorsReportArgs {
    /// The query, where it goes, and for IATI results the activity they belong to, read and
    /// checked before the store is.
    fn query(self) -> Result<(Query, Destination, Option<IatiActivity>)> {
        let activity = match (&self.iati_activity, self.output.format) {
            (Some(path), ReportFormat::Iati) => Some(IatiActivity::read(path)?),
            (None, ReportFormat::Iati) => {
                return Err(Error::Invalid(
                    "--format iati needs --iati-activity FILE: the activity the results belong to (see docs/iati-activity.json)"
                        .to_string(),
                ));
            }
            (Some(_), _) => {
                return Err(Error::Invalid(
                    "--iati-activity applies only to --format iati".to_string(),
                ));
            }
            (None, _) => None,
        };
        let mut destination = self.output.destination();
        // Results go to funders and donors' systems: the JSON says where it came from.
        destination.provenance |= destination.format == ReportFormat::Json;
        let query = Query::Indicators(IndicatorsQuery {
            indicators: self.indicators,
            period: self.period,
            filters: self.filters.filters(),
            min_count: self.output.min_count,
            explain: self.explain,
            list: self.list,
            to_date: self.to_date,
            rolling: self.rolling,
        });
        Ok((query, destination, activity))
    }
}

/// clap's parser for `--per-period`: a dimension that is a part of the calendar.
fn parse_period(text: &str) -> std::result::Result<Dimension, String> {
    let dimension: Dimension = text.parse()?;
    if dimension == Dimension::Year || dimension.is_period() {
        Ok(dimension)
    } else {
        Err(format!(
            "`{text}` is no period; use year, quarter, month or fiscal-year-MM"
        ))
    }
}

impl SummaryReportArgs {
    fn query(self) -> (Query, Destination) {
        let scope = match (self.event, self.series) {
            (Some(event), _) => SummaryScope::Event(event),
            (None, Some(series)) => SummaryScope::Series(series),
            (None, None) => unreachable!("clap requires an event or --series"),
        };
        let query = Query::Summary(SummaryQuery {
            scope,
            min_count: self.min_count,
        });
        let destination = Destination {
            format: self.format,
            style: ReportStyle::default(),
            path: self.output,
            provenance: false,
        };
        (query, destination)
    }
}

/// This command line and the time now, for a report's provenance.
fn stamp_now() -> Stamp {
    // Lossy rather than a panic on an argument that is not UTF-8; the query, not the command
    // line, is what `verify` runs again.
    let command = std::iter::once("gsef".to_string())
        .chain(
            std::env::args_os()
                .skip(1)
                .map(|word| word.to_string_lossy().into_owned()),
        )
        .collect();
    Stamp {
        command,
        generated_at: now_rfc3339_utc(),
    }
}

/// Writes the `what` report to stdout, or atomically to the destination's file.
fn write(
    context: &mut Context,
    what: &str,
    outcome: &Outcome,
    destination: &Destination,
    voice: &Voice,
) -> Result<()> {
    let render = |out: &mut dyn Write, err: &mut dyn Write| {
        output::write_report(
            destination.format,
            outcome,
            destination.style,
            voice,
            out,
            err,
        )
    };
    let Some(path) = &destination.path else {
        return context.write_data(destination.format.escapes_controls(), render);
    };
    let mut bytes = Vec::new();
    render(&mut bytes, context.err)?;
    // A report counts people and names none of them (small counts are the suppression's to
    // hide): it is for a colleague, a funder or a web page, so it is as readable as the user's
    // umask makes any new file. Exports, lists and rejected rows, which name people, stay 0600.
    context.write_output_file(
        path,
        &bytes,
        &format!("the {what} report"),
        Audience::Anyone,
    )
}
