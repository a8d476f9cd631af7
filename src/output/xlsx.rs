//! `--format xlsx`: an Excel workbook, a sheet per table and an "About" sheet that says what
//! the numbers are. Counts are number cells (`0`), rates number cells shown as a percentage,
//! text is text; the header is bold, frozen and carries an autofilter. A hidden count is the
//! text the CSV writes (`<5`, `x`), so a sum over a column never takes a hidden count for zero.
//!
//! A cell is never a formula: text that starts with `=` is written as a string cell, so the
//! defusing the CSV needs has no place here and every value reads exactly as recorded.

use std::io::Write;

use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::cell::{NOT_RECORDED, TOTAL, for_spreadsheets};
use super::filters;
use super::notes::Note;
use super::output_error;
use super::summary::{
    INVITED_HEADING, REGION_HEADING, RETURNING_EXPLAINED, RETURNING_HEADING, SECTOR_HEADING,
    fact_lines, footnote, illustrative_note,
};
use crate::error::{Error, Result};
use crate::report::summary::Summary;
use crate::report::{ColumnKind, Report, Value};

/// The name of the sheet that says where a report came from and what it counts.
pub const ABOUT_SHEET: &str = "About";
/// The widest a column is made, in characters: longer text wraps in Excel's cell on demand.
const MAX_WIDTH: usize = 60;
/// The narrowest, so a column of small numbers still shows its header's filter button.
const MIN_WIDTH: usize = 8;

/// One cell of a sheet, typed as Excel will hold it.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Text(String),
    Count(u64),
    Rate(f64),
}

impl Cell {
    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(text) => text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0),
            Cell::Count(count) => count.to_string().len(),
            // As shown: `62.5%`.
            Cell::Rate(_) => 6,
        }
    }
}

/// A table for one sheet: a header row, the rows (filtered and sorted in Excel), and a totals
/// row below them, outside the filter, so sorting never moves it.
struct Table {
    name: String,
    headers: Vec<String>,
    rows: Vec<Vec<Cell>>,
    totals: Option<Vec<Cell>>,
}

fn report_cell(value: &Value, kind: ColumnKind, min_count: Option<u64>) -> Cell {
    match value {
        Value::Count(count) => Cell::Count(*count),
        Value::Rate(rate) => Cell::Rate(*rate),
        Value::Text(text) => Cell::Text(text.clone()),
        // A person reads the sheet: a missing group is named as in the terminal's table.
        Value::Missing if kind == ColumnKind::Measure => Cell::Empty,
        Value::Missing => Cell::Text(NOT_RECORDED.to_string()),
        Value::Small | Value::Withheld => Cell::Text(for_spreadsheets(value, min_count)),
    }
}

fn report_table(name: &str, report: &Report) -> Table {
    let row_of = |row: &Vec<Value>| -> Vec<Cell> {
        row.iter()
            .zip(&report.columns)
            .map(|(value, column)| report_cell(value, column.kind, report.min_count))
            .collect()
    };
    let totals = report.totals.as_ref().map(|totals| {
        let mut row: Vec<Cell> = totals
            .iter()
            .zip(&report.columns)
            .map(|(value, column)| match column.kind {
                ColumnKind::Measure => report_cell(value, column.kind, report.min_count),
                _ => Cell::Empty,
            })
            .collect();
        row[0] = Cell::Text(TOTAL.to_string());
        row
    });
    Table {
        name: name.to_string(),
        headers: report
            .columns
            .iter()
            .map(|column| column.name.clone())
            .collect(),
        rows: report.rows.iter().map(row_of).collect(),
        totals,
    }
}

/// The definitions that hold for every report, and what suppression hides when it did.
fn definitions(min_count: Option<u64>) -> Vec<(String, String)> {
    let mut lines = vec![
        (
            "participants".to_string(),
            "distinct people: a person counts once in a row and once in a total, however many events they attended"
                .to_string(),
        ),
        (
            "attendances".to_string(),
            "attendance records: one person at two events counts twice".to_string(),
        ),
        (
            NOT_RECORDED.to_string(),
            "a value the records do not hold forms its own group".to_string(),
        ),
        (
            "rates".to_string(),
            "numbers between 0 and 1, shown as a percentage".to_string(),
        ),
    ];
    if let Some(k) = min_count {
        lines.push((
            format!("<{k}"),
            format!(
                "a count from 1 to {} hidden by --min-count {k}, written as text",
                k - 1
            ),
        ));
        lines.push((
            "x".to_string(),
            "a count withheld so that no hidden count can be worked out from the totals, written as text"
                .to_string(),
        ));
    }
    lines
}

/// A report as a workbook: its table, then "About" with its filters, notes (completion
/// rules, provenance) and definitions.
pub fn write_report(report: &Report, notes: &[Note], out: &mut dyn Write) -> Result<()> {
    let mut about = vec![
        ("Report".to_string(), report.name.to_string()),
        ("Filters".to_string(), filters::in_words(&report.filters)),
    ];
    about.extend(note_lines(notes));
    about.push((String::new(), String::new()));
    about.push(("Definitions".to_string(), String::new()));
    about.extend(definitions(report.min_count));
    write_workbook(&[report_table(report.name, report)], &about, out)
}

fn note_lines(notes: &[Note]) -> Vec<(String, String)> {
    let mut lines = Vec::new();
    for note in notes {
        for (index, line) in note.lines.iter().enumerate() {
            let label = if index == 0 { note.heading } else { "" };
            lines.push((label.to_string(), line.clone()));
        }
    }
    lines
}

/// A summary as a workbook: a sheet per table, and "About" with the event's facts.
pub fn write_summary(summary: &Summary, out: &mut dyn Write) -> Result<()> {
    let tables = [
        (INVITED_HEADING, &summary.invited_and_attended),
        (SECTOR_HEADING, &summary.by_sector),
        (REGION_HEADING, &summary.by_region),
        (RETURNING_HEADING, &summary.returning),
    ]
    .map(|(heading, report)| report_table(heading, report));
    let mut about = vec![("Summary".to_string(), summary.title.clone())];
    if let Some(series) = &summary.series_title {
        about.push(("Part of".to_string(), series.clone()));
    }
    let events: Vec<&str> = summary
        .events
        .iter()
        .map(|event| event.id.as_str())
        .collect();
    let scope = match events.as_slice() {
        [one] => format!("Event {one}"),
        several => format!("Events {}", several.join(", ")),
    };
    about.push(("Filters".to_string(), scope));
    if let Some(note) = illustrative_note(summary) {
        about.push(("Note".to_string(), note));
    }
    for event in &summary.events {
        about.push((String::new(), String::new()));
        about.push((event.id.clone(), event.title.clone()));
        for (label, value) in fact_lines(event) {
            about.push((label.to_string(), value));
        }
        for (number, objective) in event.objectives.iter().enumerate() {
            about.push((format!("Objective {}", number + 1), objective.clone()));
        }
    }
    about.push((String::new(), String::new()));
    about.push(("Definitions".to_string(), footnote(summary)));
    about.push((
        RETURNING_HEADING.to_string(),
        RETURNING_EXPLAINED.to_string(),
    ));
    about.extend(definitions(summary.min_count));
    write_workbook(&tables, &about, out)
}

/// A list of records as one sheet named `name`; every field is text, but a whole number
/// without a leading zero (a count of invitations, a year) is a number cell.
pub fn write_rows(
    name: &str,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    out: &mut dyn Write,
) -> Result<()> {
    let cell_of = |text: String| match text.parse::<u64>() {
        _ if text.is_empty() => Cell::Empty,
        Ok(count) if count.to_string() == text && text.len() < 16 => Cell::Count(count),
        _ => Cell::Text(text),
    };
    let table = Table {
        name: name.to_string(),
        headers: headers.iter().map(ToString::to_string).collect(),
        rows: rows
            .map(|row| row.into_iter().map(cell_of).collect())
            .collect(),
        totals: None,
    };
    write_workbook(&[table], &[], out)
}

fn write_workbook(tables: &[Table], about: &[(String, String)], out: &mut dyn Write) -> Result<()> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        write_table(sheet, table, &formats).map_err(workbook_error)?;
    }
    if !about.is_empty() {
        let sheet = workbook.add_worksheet();
        write_about(sheet, about, &formats).map_err(workbook_error)?;
    }
    let bytes = workbook.save_to_buffer().map_err(workbook_error)?;
    out.write_all(&bytes).map_err(output_error)
}

#[allow(clippy::needless_pass_by_value)] // the shape `map_err` hands it
fn workbook_error(error: XlsxError) -> Error {
    Error::Invalid(format!("could not make the xlsx workbook: {error}"))
}

struct Formats {
    header: CellFormat,
    count: CellFormat,
    rate: CellFormat,
    total_text: CellFormat,
    total_count: CellFormat,
    total_rate: CellFormat,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: CellFormat::new().set_bold(),
            count: CellFormat::new().set_num_format("0"),
            rate: CellFormat::new().set_num_format("0.0%"),
            total_text: CellFormat::new().set_bold(),
            total_count: CellFormat::new().set_bold().set_num_format("0"),
            total_rate: CellFormat::new().set_bold().set_num_format("0.0%"),
        }
    }
}

/// Excel's limit on a sheet name is 31 characters, and some characters are not allowed.
fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect();
    if cleaned.trim().is_empty() {
        "Sheet".to_string()
    } else {
        cleaned
    }
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    cell: &Cell,
    bold: bool,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    match (cell, bold) {
        (Cell::Empty, _) => {}
        (Cell::Text(text), false) => {
            sheet.write_string(row, column, text)?;
        }
        (Cell::Text(text), true) => {
            sheet.write_string_with_format(row, column, text, &formats.total_text)?;
        }
        (Cell::Count(count), _) => {
            #[allow(clippy::cast_precision_loss)] // counts of people stay far below 2^52
            let number = *count as f64;
            let format = if bold {
                &formats.total_count
            } else {
                &formats.count
            };
            sheet.write_number_with_format(row, column, number, format)?;
        }
        (Cell::Rate(rate), _) => {
            let format = if bold {
                &formats.total_rate
            } else {
                &formats.rate
            };
            sheet.write_number_with_format(row, column, *rate, format)?;
        }
    }
    Ok(())
}

fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(sheet_name(&table.name))?;
    let mut widths: Vec<usize> = table.headers.iter().map(|h| h.width() + 3).collect();
    for (column, header) in (0u16..).zip(&table.headers) {
        sheet.write_string_with_format(0, column, header, &formats.header)?;
    }
    let mut row_number = 0u32;
    for row in &table.rows {
        row_number += 1;
        for ((column, cell), width) in (0u16..).zip(row).zip(widths.iter_mut()) {
            write_cell(sheet, row_number, column, cell, false, formats)?;
            *width = (*width).max(cell.width());
        }
    }
    let last_column = u16::try_from(table.headers.len().saturating_sub(1)).unwrap_or(u16::MAX);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row_number, last_column)?;
    if let Some(totals) = &table.totals {
        row_number += 1;
        for ((column, cell), width) in (0u16..).zip(totals).zip(widths.iter_mut()) {
            write_cell(sheet, row_number, column, cell, true, formats)?;
            *width = (*width).max(cell.width());
        }
    }
    for (column, width) in (0u16..).zip(widths) {
        let width = u32::try_from(width.clamp(MIN_WIDTH, MAX_WIDTH) + 1).unwrap_or(60);
        sheet.set_column_width(column, width)?;
    }
    Ok(())
}

fn write_about(
    sheet: &mut Worksheet,
    lines: &[(String, String)],
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(ABOUT_SHEET)?;
    let mut label_width = MIN_WIDTH;
    let mut text_width = MIN_WIDTH;
    for (row, (label, text)) in (0u32..).zip(lines) {
        if !label.is_empty() {
            sheet.write_string_with_format(row, 0, label, &formats.header)?;
        }
        if !text.is_empty() {
            sheet.write_string(row, 1, text)?;
        }
        label_width = label_width.max(label.width());
        text_width = text_width.max(text.width());
    }
    sheet.set_column_width(
        0,
        u32::try_from(label_width.min(MAX_WIDTH) + 2).unwrap_or(60),
    )?;
    sheet.set_column_width(1, u32::try_from(text_width.min(120) + 2).unwrap_or(120))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_keep_to_excels_rules() {
        assert_eq!(
            sheet_name("Participants by region"),
            "Participants by region"
        );
        assert_eq!(sheet_name("a/b:c"), "a-b-c");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name(""), "Sheet");
    }

    #[test]
    fn hidden_counts_are_text_and_counts_numbers() {
        assert_eq!(
            report_cell(&Value::Small, ColumnKind::Measure, Some(5)),
            Cell::Text("<5".into())
        );
        assert_eq!(
            report_cell(&Value::Withheld, ColumnKind::Measure, Some(5)),
            Cell::Text("x".into())
        );
        assert_eq!(
            report_cell(&Value::Count(3), ColumnKind::Measure, None),
            Cell::Count(3)
        );
        assert_eq!(
            report_cell(&Value::Missing, ColumnKind::Dimension, None),
            Cell::Text(NOT_RECORDED.into())
        );
    }
}
