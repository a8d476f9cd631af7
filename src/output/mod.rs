//! Renderers: one per format, each writing a report or a list of records to a `Write`.
//!
//! [`ReportFormat`] is the one list of the forms a report takes, and [`write_report`] the one
//! match on it; [`Format`] is the smaller list the record lists offer. How a cell is spelled is
//! decided in [`cell`] alone.

pub mod cell;
pub mod certificate;
pub mod chart;
pub mod color;
pub mod delimited;
pub mod filters;
pub mod fit;
pub mod html;
pub mod iati;
pub mod indicators;
pub mod json;
pub mod manual;
pub mod markdown;
pub mod notes;
pub mod progress;
pub mod records;
pub mod sheet;
pub mod summary;
pub mod svg;
pub mod table;
pub mod target_chart;
pub mod visible;
pub mod voice;
pub mod xlsx;

use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::language::Words;
use crate::report::Report;
use crate::report::{Body, Outcome};
use chart::ChartMeasure;
pub use records::{Detail, RecordView};
use voice::Voice;

/// How a report is written. Each command offers the ones that fit it (a summary has no CSV).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// An aligned table with a total row, fitted to the terminal (a summary: headings and tables).
    Table,
    /// RFC 4180 CSV: a header, then one line per row (add the totals with --totals).
    Csv,
    /// One JSON document: report name, dimensions, filters, rows and totals.
    Json,
    /// One JSON object per row.
    Jsonl,
    /// A Markdown table with a total row, to paste into a document (a summary: a document).
    Markdown,
    /// An accessible SVG bar chart of the participants (grouped bars with two --by dimensions).
    Svg,
    /// Horizontal bars in the terminal.
    Chart,
    /// One self-contained HTML page (styles and chart inline) that prints on one A4 sheet.
    Html,
    /// An Excel workbook (needs --output FILE): the table with numbers as numbers, and an
    /// "About" sheet with the filters, provenance and definitions (a summary: a sheet per table).
    Xlsx,
    /// IATI 2.03 activity XML: one `result` per indicator, with its baseline, and each period's
    /// targets and actuals by breakdown value (`report indicators`, with --iati-activity and
    /// --reporting-org).
    Iati,
}

impl ReportFormat {
    /// The formats of a report with rows: every one but the summary page.
    pub const TABLES: [ReportFormat; 7] = [
        ReportFormat::Table,
        ReportFormat::Csv,
        ReportFormat::Json,
        ReportFormat::Jsonl,
        ReportFormat::Markdown,
        ReportFormat::Svg,
        ReportFormat::Xlsx,
    ];
    /// The formats of `report indicators`: a table's, and IATI results.
    pub const INDICATORS: [ReportFormat; 8] = {
        let mut formats = [ReportFormat::Iati; 8];
        let mut index = 0;
        while index < ReportFormat::TABLES.len() {
            formats[index] = ReportFormat::TABLES[index];
            index += 1;
        }
        formats
    };
    /// The formats of a summary.
    pub const SUMMARY: [ReportFormat; 4] = [
        ReportFormat::Table,
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Xlsx,
    ];

    /// True for a format that is not text, which is written to a file only (`--output`):
    /// a workbook on a terminal is noise, and in a pipe is easy to lose.
    pub fn is_binary(self) -> bool {
        self == ReportFormat::Xlsx
    }

    /// True for the forms drawn for a person at a terminal, which show control characters in
    /// the records escaped themselves; the others are data, written exactly.
    pub fn escapes_controls(self) -> bool {
        matches!(self, ReportFormat::Table | ReportFormat::Chart)
    }

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Table => "table",
            ReportFormat::Csv => "csv",
            ReportFormat::Json => "json",
            ReportFormat::Jsonl => "jsonl",
            ReportFormat::Markdown => "markdown",
            ReportFormat::Svg => "svg",
            ReportFormat::Chart => "chart",
            ReportFormat::Html => "html",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Iati => "iati",
        }
    }
}

/// Choices that only some formats use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportStyle {
    /// CSV: end with the totals row.
    pub csv_totals: bool,
    /// CSV: leave cells that a spreadsheet would run as a formula as they are.
    pub raw: bool,
    /// Chart: what the bars count.
    pub chart_measure: ChartMeasure,
    /// CSV: start with a UTF-8 byte order mark, by which Excel knows the file is UTF-8.
    pub bom: bool,
}

/// The UTF-8 byte order mark `--bom` writes before a CSV.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Refuses `--format xlsx` without a file, and `--bom` with anything but CSV, before anything
/// is read: `offers_file` says whether the command has an `--output` to name.
pub fn check_destination(
    binary: bool,
    csv: bool,
    bom: bool,
    to_file: bool,
    offers_file: bool,
) -> Result<()> {
    if binary && !to_file {
        let how = if offers_file {
            "give --output FILE"
        } else {
            "this command has no --output; use csv instead"
        };
        return Err(Error::Invalid(format!(
            "--format xlsx writes a binary workbook, which is never written to standard output: {how}"
        )));
    }
    if bom && !csv {
        return Err(Error::Invalid(
            "--bom applies only to --format csv (a byte order mark so that Excel reads the CSV as UTF-8)"
                .to_string(),
        ));
    }
    Ok(())
}

/// Writes a report in `format` to `out`, in `voice`, with its notes where the format has room
/// for them (stderr, `err`, for the formats whose stdout must stay data only). CSV and JSON
/// are the same in every language.
pub fn write_report(
    format: ReportFormat,
    outcome: &Outcome,
    style: ReportStyle,
    voice: &Voice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let notes = notes::of(outcome, voice.words);
    let table = || -> Result<&Report> {
        outcome.table().ok_or_else(|| {
            Error::Invalid(format!(
                "a summary has no {} form; use table, markdown or html",
                format.name()
            ))
        })
    };
    match format {
        ReportFormat::Table => match &outcome.body {
            Body::Table(report) => table::write_report(report, &notes, voice, out),
            Body::Summary(summary) => table::write_summary(summary, voice, out),
        },
        ReportFormat::Markdown => match &outcome.body {
            Body::Table(report) => markdown::write_report(report, &notes, voice, out),
            Body::Summary(summary) => markdown::write_summary(summary, voice, out),
        },
        // A note's JSON is the same in every language; only its lines for people change.
        ReportFormat::Json => json::write_report(table()?, &notes, out),
        ReportFormat::Csv => {
            if style.bom {
                out.write_all(BOM).map_err(output_error)?;
            }
            delimited::write_report(table()?, style.csv_totals, style.raw, out)?;
            notes::write_aside(&notes, voice.words, err);
            Ok(())
        }
        ReportFormat::Jsonl => {
            json::write_report_rows(table()?, out)?;
            notes::write_aside(&notes, voice.words, err);
            Ok(())
        }
        ReportFormat::Svg => {
            match &outcome.indicators {
                Some(aside) => {
                    let min_count = table()?.min_count;
                    target_chart::write_chart(aside, min_count, voice, out)?;
                }
                None => svg::write_chart(table()?, voice, out)?,
            }
            notes::write_aside(&notes, voice.words, err);
            Ok(())
        }
        ReportFormat::Chart => {
            let measure = style.chart_measure.column_name();
            chart::write_bars(table()?, measure, chart::fitting_width(), voice, out)?;
            notes::write_aside(&notes, voice.words, err);
            Ok(())
        }
        ReportFormat::Html => match &outcome.body {
            Body::Summary(summary) => html::write_summary(summary, voice, out),
            Body::Table(_) => Err(Error::Invalid(
                "only a summary has an html form; use `gsef report summary --format html`"
                    .to_string(),
            )),
        },
        ReportFormat::Xlsx => match &outcome.body {
            Body::Table(report) => xlsx::write_report(report, &notes, voice, out),
            Body::Summary(summary) => xlsx::write_summary(summary, voice, out),
        },
        // Needs the activity it reports on, which only `report indicators` is told.
        ReportFormat::Iati => Err(Error::Invalid(
            "only `gsef report indicators` writes IATI results".to_string(),
        )),
    }
}

/// [`check_destination`] for a list that offers `--output`, before the store is read.
pub fn check_list_destination(format: Format, output: Option<&std::path::Path>) -> Result<()> {
    check_destination(format.is_binary(), false, false, output.is_some(), true)
}

/// How a list or a record is written. Table is for people; the others are stable for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table that fits the terminal.
    Table,
    /// RFC 4180 CSV with a header row, for spreadsheets.
    Csv,
    /// One JSON document: an array for a list, an object for one record.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// An Excel workbook of one sheet (needs --output FILE).
    Xlsx,
}

impl Format {
    /// True for the table, which shows control characters in the records escaped itself; the
    /// others are data, written exactly.
    pub fn escapes_controls(self) -> bool {
        self == Format::Table
    }

    /// True for a format that is written to a file only (see [`ReportFormat::is_binary`]).
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }
}

/// Writes a list of records in `format`; a table's headers in the reader's language (`words`),
/// the other formats' field names the same in every one.
pub fn write_list<T: RecordView + Serialize>(
    format: Format,
    records: &[T],
    words: &Words,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Table => table::write_rows(
            &T::summary_headers()
                .iter()
                .map(|header| records::heading(header, words))
                .collect::<Vec<_>>(),
            records.iter().map(|record| record.summary_row_in(words)),
            out,
        ),
        Format::Csv => delimited::write_rows(
            &T::field_names(),
            records.iter().map(RecordView::field_values),
            out,
        ),
        Format::Json => json::write_document(&records, out),
        Format::Jsonl => json::write_lines(records, out),
        Format::Xlsx => xlsx::write_rows(
            T::sheet_name(),
            &T::field_names(),
            records.iter().map(RecordView::field_values),
            out,
        ),
    }
}

/// Writes one record in `format`: a field/value table for people, its fields named in their
/// language (`words`), the record itself otherwise.
pub fn write_one<T: RecordView + Serialize>(
    format: Format,
    record: &T,
    words: &Words,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Table => write_details(record.details_in(words), words, out),
        Format::Csv => delimited::write_rows(
            &T::field_names(),
            std::iter::once(record.field_values()),
            out,
        ),
        Format::Json => json::write_document(record, out),
        Format::Jsonl => json::write_lines(std::slice::from_ref(record), out),
        Format::Xlsx => Err(Error::Invalid(
            "one record has no xlsx form; `list --format xlsx --output FILE` writes a workbook"
                .to_string(),
        )),
    }
}

/// Writes a record's `details` as a field/value table, the fields named in the reader's
/// language.
pub fn write_details(mut details: Vec<Detail>, words: &Words, out: &mut dyn Write) -> Result<()> {
    for detail in &mut details {
        detail.field = records::heading(&detail.field, words);
    }
    table::write_details(&details, out)
}

/// Maps a failed write on stdout to the error `main` recognises (a closed pipe exits quietly).
pub fn output_error(source: std::io::Error) -> Error {
    Error::Output(source)
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value as Json};

    use super::*;
    use crate::report::{Column, ColumnKind, Value};

    fn sample() -> Outcome {
        Outcome {
            body: Body::Table(Report {
                name: "attendance",
                dimensions: vec!["region".into()],
                filters: Map::new(),
                columns: vec![
                    Column::new("region", "Region", ColumnKind::Dimension),
                    Column::new("participants", "Participants", ColumnKind::Measure),
                    Column::new("rate", "Rate", ColumnKind::Measure),
                ],
                rows: vec![
                    vec![
                        Value::Text("=Jalisco".into()),
                        Value::Count(4),
                        Value::Rate(0.5),
                    ],
                    vec![Value::Missing, Value::Small, Value::Withheld],
                ],
                totals: Some(vec![Value::Missing, Value::Count(5), Value::Rate(0.625)]),
                min_count: Some(3),
            }),
            rules: None,
            provenance: None,
            outcomes: None,
            indicators: None,
            unplaced: Vec::new(),
        }
    }

    fn render(format: ReportFormat, style: ReportStyle) -> String {
        let mut out = Vec::new();
        let voice = voice::english();
        write_report(format, &sample(), style, &voice, &mut out, &mut Vec::new()).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn csv_spells_missing_empty_and_defuses_formulas_unless_raw() {
        assert_eq!(
            render(ReportFormat::Csv, ReportStyle::default()),
            "region,participants,rate\n'=Jalisco,4,0.5\n,<3,x\n"
        );
        let raw_with_totals = ReportStyle {
            csv_totals: true,
            raw: true,
            ..ReportStyle::default()
        };
        assert_eq!(
            render(ReportFormat::Csv, raw_with_totals),
            "region,participants,rate\n=Jalisco,4,0.5\n,<3,x\nTotal,5,0.625\n"
        );
    }

    #[test]
    fn json_has_nulls_for_missing_and_suppressed() {
        let document: Json =
            serde_json::from_str(&render(ReportFormat::Json, ReportStyle::default())).unwrap();
        assert_eq!(
            document["rows"][1],
            serde_json::json!({"region": null, "participants": null, "rate": null})
        );
        assert_eq!(
            document["totals"],
            serde_json::json!({"participants": 5, "rate": 0.625})
        );
        assert_eq!(document["min_count"], 3);
    }

    #[test]
    fn markdown_labels_missing_values_and_the_totals() {
        let markdown = render(ReportFormat::Markdown, ReportStyle::default());
        assert!(
            markdown.contains("| \\(not recorded\\) | &lt;3 | x |"),
            "{markdown}"
        );
        assert!(markdown.ends_with("| Total | 5 | 62.5% |\n"), "{markdown}");
    }

    #[test]
    fn a_table_has_no_html_page() {
        let error = write_report(
            ReportFormat::Html,
            &sample(),
            ReportStyle::default(),
            &voice::english(),
            &mut Vec::new(),
            &mut Vec::new(),
        )
        .unwrap_err();
        assert!(error.to_string().contains("only a summary"), "{error}");
    }
}
