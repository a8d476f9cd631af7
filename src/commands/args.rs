//! The argument groups and value parsers that several commands share, declared once.
//!
//! A value parser turns what a person typed into a checked value before anything is read, so a
//! bad id or country is refused with clap's usage error (exit 2) naming the flag.

use std::borrow::Cow;
use std::path::PathBuf;

use clap::Args;

use crate::error::{Error, Result};
use crate::model::text::{self, TextField};

use crate::model::event::country_problem;
use crate::model::id::id_problem;
use crate::model::{Completion, PartialDate};
use crate::output::{ReportFormat, ReportStyle};
use crate::report::dimension::{Dimension, parse_dimension_list};
use crate::report::filter::Filters;

/// clap's parser for an id argument, so a bad one is refused before anything is read.
pub fn parse_id(text: &str) -> Result<String, String> {
    match id_problem(text) {
        None => Ok(text.to_string()),
        Some(reason) => Err(reason),
    }
}

/// clap's parser for a country argument: upper-cases what a person typed, then checks ISO 3166-1.
pub fn parse_country(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    match country_problem(&code) {
        None => Ok(code),
        Some(reason) => Err(reason),
    }
}

/// clap's parser for a year of birth: four digits, from 1900 to this year.
pub fn parse_birth_year(text: &str) -> Result<u16, String> {
    let trimmed = text.trim();
    let year = match trimmed.parse::<u16>() {
        Ok(year) if trimmed.len() == 4 => year,
        // `90` could be 1990 or 2090 to whoever typed it; gsef does not guess which.
        _ => return Err("expected a year of four digits, such as 1990".to_string()),
    };
    match crate::model::participant::birth_year_problem(year) {
        None => Ok(year),
        Some(reason) => Err(reason),
    }
}

/// clap's parser for free text: trimmed, and refused when empty (use `--unset` to clear a field).
pub fn parse_text(text: &str) -> Result<String, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        Err("cannot be empty (to clear a field, use --unset FIELD on edit)".to_string())
    } else {
        Ok(trimmed.to_string())
    }
}

/// clap's parser for free text that a command writes: refused when blank, else kept as typed,
/// for [`written`] to trim, compose and check against its field's rule, counting positions in
/// what was typed.
pub fn parse_given_text(text: &str) -> Result<String, String> {
    parse_text(text).map(|_| text.to_string())
}

/// Free text given for `flag`, as it is written: trimmed and composed, or refused naming the
/// flag, by the one rule for text (`model::text`). A message names the character, never
/// repeats the value, so nothing hidden in it reaches the terminal.
pub fn written(flag: &'static str, field: &TextField, value: String) -> Result<String> {
    match text::clean(field, &value) {
        Ok(Cow::Borrowed(same)) if same.len() == value.len() => Ok(value),
        Ok(clean) => Ok(clean.into_owned()),
        Err(problem) => Err(Error::InvalidText {
            what: flag.to_string(),
            problem,
        }),
    }
}

/// [`written`] for an optional flag.
pub fn written_if_given(
    flag: &'static str,
    field: &TextField,
    value: Option<String>,
) -> Result<Option<String>> {
    value.map(|value| written(flag, field, value)).transpose()
}

/// [`written`] for each value of a repeated flag.
pub fn written_each(
    flag: &'static str,
    field: &TextField,
    values: Vec<String>,
) -> Result<Vec<String>> {
    values
        .into_iter()
        .map(|value| written(flag, field, value))
        .collect()
}

/// clap's parser for `--min-count K`.
pub fn parse_min_count(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(count) if count >= 2 => Ok(count),
        Ok(_) => Err("must be 2 or more: counts from 1 to K-1 are hidden".to_string()),
        Err(_) => Err("expected a whole number, such as 5".to_string()),
    }
}

/// `--by`'s comma-separated list as one value, so a typo or a repeat is refused as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionList(pub Vec<Dimension>);

fn parse_dimensions(text: &str) -> Result<DimensionList, String> {
    parse_dimension_list(text).map(DimensionList)
}

/// How the reports that count people group them: `--by` and `--depth`.
#[derive(Debug, Args)]
pub struct GroupingArgs {
    /// Group by these dimensions, comma-separated, in order.
    #[arg(
        long,
        value_name = "DIMS",
        default_value = "sector,region",
        value_parser = parse_dimensions
    )]
    pub by: DimensionList,
    /// Roll sectors up to N levels (`government/municipal` at 1 is `government`).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub depth: Option<u16>,
}

impl GroupingArgs {
    pub fn dimensions(&self) -> Vec<Dimension> {
        self.by.0.clone()
    }

    pub fn sector_depth(&self) -> Option<usize> {
        self.depth.map(usize::from)
    }
}

/// The filters every report shares.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this event; repeat for several.
    #[arg(long = "event", value_name = "ID", value_parser = parse_id)]
    pub events: Vec<String>,
    /// Only events of this series.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    pub series: Option<String>,
    /// Only events that may fall on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD; an event dated
    /// only `2019-05` is within `--from 2019-05-20`).
    #[arg(long, value_name = "DATE")]
    pub from: Option<PartialDate>,
    /// Only events that may fall on or before DATE.
    #[arg(long, value_name = "DATE")]
    pub to: Option<PartialDate>,
    /// Only participants of this sector or below it (`government` includes `government/state`).
    #[arg(long, value_parser = parse_text)]
    pub sector: Option<String>,
    /// Only participants from this country (ISO 3166-1 alpha-2, such as MX).
    #[arg(long, value_parser = parse_country)]
    pub country: Option<String>,
}

impl OutputArgs {
    /// How the report is to be written, with what stands beside it.
    pub fn destination(&self) -> Destination {
        Destination {
            format: self.format,
            style: ReportStyle {
                csv_totals: self.totals,
                raw: self.raw,
                bom: self.bom,
                ..ReportStyle::default()
            },
            path: self.output.clone(),
            provenance: self.provenance,
        }
    }
}

/// Where a report goes and in which form: what [`OutputArgs`] and the summary's options say.
#[derive(Debug, Clone)]
pub struct Destination {
    pub format: ReportFormat,
    pub style: ReportStyle,
    /// `None` for standard output.
    pub path: Option<PathBuf>,
    pub provenance: bool,
}

impl Destination {
    /// Refuses a workbook for standard output and `--bom` with anything but CSV, before the
    /// store is read.
    pub fn check(&self) -> Result<()> {
        crate::output::check_destination(
            self.format.is_binary(),
            self.format == ReportFormat::Csv,
            self.style.bom,
            self.path.is_some(),
            true,
        )
    }
}

impl FilterArgs {
    pub fn filters(&self) -> Filters {
        Filters {
            events: self.events.clone(),
            series: self.series.clone(),
            from: self.from,
            to: self.to,
            sector: self.sector.clone(),
            country: self.country.clone(),
        }
    }
}

/// clap's parser for a report format among `offered`, listing them (with their help) in
/// `--help` and in the error for any other.
pub fn report_format(offered: &'static [ReportFormat]) -> impl clap::builder::TypedValueParser {
    use clap::ValueEnum;
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(
        offered
            .iter()
            .map(|format| format.to_possible_value().expect("no format is skipped")),
    )
    .map(|name: String| ReportFormat::from_str(&name, true).expect("clap offered only formats"))
}

/// Where and how a report is written.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// How to write the report: a table for people; csv, json, jsonl or markdown for
    /// documents and scripts; svg for a bar chart of the participants; xlsx for an Excel
    /// workbook (with --output).
    #[arg(long, default_value = "table", value_parser = report_format(&ReportFormat::TABLES))]
    pub format: ReportFormat,
    /// CSV: end with a totals row (tables, Markdown and JSON always have totals).
    #[arg(long)]
    pub totals: bool,
    /// CSV: do not defuse cells that a spreadsheet would run as a formula.
    #[arg(long)]
    pub raw: bool,
    /// CSV: start with a UTF-8 byte order mark, so that Excel opens the file with its accents
    /// intact when it is double-clicked.
    #[arg(long)]
    pub bom: bool,
    /// Write to FILE (atomically: all of it or nothing) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Hide every count from 1 to K-1 (shown as `<K`, null in JSON), and enough other counts
    /// (shown as `x`) that none of them can be worked out from the totals.
    #[arg(long, value_name = "K", value_parser = parse_min_count)]
    pub min_count: Option<u64>,
    /// Add where the report came from: gsef version, the store's content hash, the command
    /// line and the time (under a table, in JSON a `provenance` object, for CSV on stderr).
    #[arg(long)]
    pub provenance: bool,
}

/// What counts as completing the event (or every event of the series), for `report trained`.
#[derive(Debug, Args)]
pub struct CompletionArgs {
    /// Completing means being present on at least N of the event's days.
    #[arg(long, value_name = "N", conflicts_with_all = ["completion_min_share", "completion_min_minutes"],
          value_parser = clap::value_parser!(u32).range(1..))]
    pub completion_min_days: Option<u32>,
    /// Completing means being present on at least this share of the event's days (0.5 is half,
    /// rounded up to whole days).
    #[arg(long, value_name = "SHARE", conflicts_with = "completion_min_minutes", value_parser = parse_share)]
    pub completion_min_share: Option<f64>,
    /// Completing means being connected for at least N minutes, for an online event whose
    /// attendance comes from a video call's report.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub completion_min_minutes: Option<u32>,
}

impl CompletionArgs {
    /// The rule the flags state, if any.
    pub fn rule(&self) -> Option<Completion> {
        self.completion_min_days
            .map(Completion::MinDays)
            .or(self.completion_min_share.map(Completion::MinShare))
            .or(self.completion_min_minutes.map(Completion::MinMinutes))
    }
}

pub fn parse_share(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(share) if share > 0.0 && share <= 1.0 => Ok(share),
        _ => Err("expected a share above 0 and at most 1, such as 0.5".to_string()),
    }
}
