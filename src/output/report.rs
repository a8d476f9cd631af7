//! A [`Report`] in each format: the one place that decides how a count, a missing value or a
//! suppressed count is spelled.

use std::io::Write;

use comfy_table::{Cell, CellAlignment};
use serde_json::{Map, Value as Json};

use super::delimited::{self, Neutralise};
use super::{json, markdown, output_error, svg, table};
use crate::error::Result;
use crate::report::{ColumnKind, Report, Value};

/// How a report is written.
///
/// A separate enum from [`super::Format`] because only reports have a Markdown form and a
/// totals row: list commands keep offering exactly the formats they can write. Both enums
/// share the renderers, so each format is still written by one function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// An aligned table with a total row, fitted to the terminal.
    Table,
    /// RFC 4180 CSV: a header, then one line per row (add the totals with --totals).
    Csv,
    /// One JSON document: report name, dimensions, filters, rows and totals.
    Json,
    /// One JSON object per row.
    Jsonl,
    /// A Markdown table with a total row, to paste into a document.
    Markdown,
    /// An accessible SVG bar chart of the participants (grouped bars with two --by dimensions).
    Svg,
}

/// Choices that only some formats use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportStyle {
    /// CSV: end with the totals row.
    pub csv_totals: bool,
    /// CSV: leave cells that a spreadsheet would run as a formula as they are.
    pub raw: bool,
}

/// What a person sees for a missing dimension value.
pub const NOT_RECORDED: &str = "(not recorded)";
/// The label of the totals row in the first column.
pub const TOTAL: &str = "Total";

pub fn write_report(
    format: ReportFormat,
    report: &Report,
    style: ReportStyle,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        ReportFormat::Table => write_table(report, out),
        ReportFormat::Csv => write_csv(report, style, out),
        ReportFormat::Json => json::write_document(&document(report), out),
        ReportFormat::Jsonl => json::write_lines(&row_objects(report), out),
        ReportFormat::Markdown => markdown::write_table(
            &report
                .columns
                .iter()
                .map(|column| column.title.clone())
                .collect::<Vec<_>>(),
            &right_aligned(report),
            human_rows(report),
            out,
        ),
        ReportFormat::Svg => svg::write_chart(report, out),
    }
}

/// A cell for people: tables and Markdown.
fn human_text(value: &Value, min_count: Option<u64>) -> String {
    match value {
        Value::Missing => NOT_RECORDED.to_string(),
        Value::Rate(rate) => format!("{:.1}%", rate * 100.0),
        other => plain_text(other, min_count),
    }
}

/// A cell for spreadsheets: missing is empty, a rate is a fraction.
fn plain_text(value: &Value, min_count: Option<u64>) -> String {
    match value {
        Value::Missing => String::new(),
        Value::Text(text) => text.clone(),
        Value::Count(count) => count.to_string(),
        Value::Rate(rate) => rate.to_string(),
        Value::Small => format!("<{}", min_count.unwrap_or(0)),
        Value::Withheld => "x".to_string(),
    }
}

fn json_value(value: &Value) -> Json {
    match value {
        Value::Missing | Value::Small | Value::Withheld => Json::Null,
        Value::Text(text) => Json::from(text.as_str()),
        Value::Count(count) => Json::from(*count),
        Value::Rate(rate) => Json::from(*rate),
    }
}

pub(super) fn right_aligned(report: &Report) -> Vec<bool> {
    report
        .columns
        .iter()
        .map(|column| column.kind == ColumnKind::Measure)
        .collect()
}

/// The rows, then the totals row labelled in its first column; for tables and Markdown.
pub(super) fn human_rows(report: &Report) -> impl Iterator<Item = Vec<String>> + '_ {
    let text_of = |row: &Vec<Value>| -> Vec<String> {
        row.iter()
            .map(|value| human_text(value, report.min_count))
            .collect()
    };
    report
        .rows
        .iter()
        .map(text_of)
        .chain(report.totals.iter().map(move |totals| {
            let mut row: Vec<String> = totals
                .iter()
                .zip(&report.columns)
                .map(|(value, column)| match column.kind {
                    ColumnKind::Measure => human_text(value, report.min_count),
                    _ => String::new(),
                })
                .collect();
            row[0] = TOTAL.to_string();
            row
        }))
}

fn write_table(report: &Report, out: &mut dyn Write) -> Result<()> {
    let mut table = table::new_table();
    table.set_header(report.columns.iter().map(|column| column.title.as_str()));
    for row in human_rows(report) {
        table.add_row(row.into_iter().map(Cell::new));
    }
    for (index, right) in right_aligned(report).into_iter().enumerate() {
        if right && let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(out, "{table}").map_err(output_error)
}

fn write_csv(report: &Report, style: ReportStyle, out: &mut dyn Write) -> Result<()> {
    let headers: Vec<String> = report
        .columns
        .iter()
        .map(|column| column.name.clone())
        .collect();
    let plain_row = |row: &Vec<Value>| -> Vec<String> {
        row.iter()
            .map(|value| plain_text(value, report.min_count))
            .collect()
    };
    let totals = report
        .totals
        .iter()
        .filter(|_| style.csv_totals)
        .map(|totals| {
            let mut row = plain_row(totals);
            row[0] = TOTAL.to_string();
            row
        });
    let neutralise = if style.raw {
        Neutralise::Nothing
    } else {
        Neutralise::HeadersAndCells
    };
    delimited::write_table(
        &headers,
        report.rows.iter().map(plain_row).chain(totals),
        neutralise,
        out,
    )
}

fn row_object(report: &Report, row: &[Value]) -> Map<String, Json> {
    report
        .columns
        .iter()
        .zip(row)
        .map(|(column, value)| (column.name.clone(), json_value(value)))
        .collect()
}

fn row_objects(report: &Report) -> Vec<Map<String, Json>> {
    report
        .rows
        .iter()
        .map(|row| row_object(report, row))
        .collect()
}

/// The whole report as one JSON document; totals hold only the measure columns.
pub fn document(report: &Report) -> Json {
    let mut document = Map::new();
    document.insert("report".into(), Json::from(report.name));
    document.insert("dimensions".into(), Json::from(report.dimensions.clone()));
    document.insert("filters".into(), Json::Object(report.filters.clone()));
    if let Some(min_count) = report.min_count {
        document.insert("min_count".into(), Json::from(min_count));
    }
    document.insert(
        "columns".into(),
        Json::from(
            report
                .columns
                .iter()
                .map(|column| column.name.clone())
                .collect::<Vec<_>>(),
        ),
    );
    document.insert(
        "rows".into(),
        Json::from(
            row_objects(report)
                .into_iter()
                .map(Json::Object)
                .collect::<Vec<_>>(),
        ),
    );
    if let Some(totals) = &report.totals {
        let measures: Map<String, Json> = report
            .columns
            .iter()
            .zip(totals)
            .filter(|(column, _)| column.kind == ColumnKind::Measure)
            .map(|(column, value)| (column.name.clone(), json_value(value)))
            .collect();
        document.insert("totals".into(), Json::Object(measures));
    }
    Json::Object(document)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Column;

    fn sample() -> Report {
        Report {
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
        }
    }

    fn render(format: ReportFormat, style: ReportStyle) -> String {
        let mut out = Vec::new();
        write_report(format, &sample(), style, &mut out).unwrap();
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
            markdown.contains("| (not recorded) | <3 | x |"),
            "{markdown}"
        );
        assert!(markdown.ends_with("| Total | 5 | 62.5% |\n"), "{markdown}");
    }
}
