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

use super::cell::for_spreadsheets;
use super::filters;
use super::notes::Note;
use super::output_error;
use super::summary::{
    RETURNING, RETURNING_EXPLAINED, fact_lines, footnote, illustrative_note, outcomes_section,
    sections,
};
use super::voice::Voice;
use crate::error::{Error, Result};
use crate::language::{Arg, Words};
use crate::report::outcomes::OutcomesAside;
use crate::report::summary::Summary;
use crate::report::{Column, ColumnKind, Report, Value};
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
    /// A mean rating, written with two decimals.
    Number(f64),
}

impl Cell {
    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(text) => text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0),
            Cell::Count(count) => count.to_string().len(),
            // As shown: `62.5%`.
            Cell::Rate(_) => 6,
            Cell::Number(number) => format!("{number:.2}").len(),
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

/// A report's cell as a person reads it in a workbook: numbers as numbers, a dimension's value
/// in words (a sector's label, a country's name), as in the HTML summary.
fn report_cell(value: &Value, column: &Column, min_count: Option<u64>, voice: &Voice) -> Cell {
    match value {
        Value::Count(count) => Cell::Count(*count),
        Value::Rate(rate) => Cell::Rate(*rate),
        Value::Mean(mean) => Cell::Number(*mean),
        Value::Text(_) => Cell::Text(voice.in_words(&column.name, value)),
        Value::Missing if column.kind == ColumnKind::Measure => Cell::Empty,
        Value::Missing => Cell::Text(voice.words.text("not-recorded")),
        Value::Small | Value::Withheld => Cell::Text(for_spreadsheets(value, min_count)),
    }
}

fn report_table(name: &str, report: &Report, voice: &Voice) -> Table {
    let row_of = |row: &Vec<Value>| -> Vec<Cell> {
        row.iter()
            .zip(&report.columns)
            .map(|(value, column)| report_cell(value, column, report.min_count, voice))
            .collect()
    };
    let totals = report.totals.as_ref().map(|totals| {
        let mut row: Vec<Cell> = totals
            .iter()
            .zip(&report.columns)
            .map(|(value, column)| match column.kind {
                ColumnKind::Measure => report_cell(value, column, report.min_count, voice),
                _ => Cell::Empty,
            })
            .collect();
        row[0] = Cell::Text(voice.words.text("total"));
        row
    });
    Table {
        name: name.to_string(),
        headers: voice.titles(report),
        rows: report.rows.iter().map(row_of).collect(),
        totals,
    }
}

/// The definitions that hold for every report, and what suppression hides when it did.
fn definitions(min_count: Option<u64>, words: &Words) -> Vec<(String, String)> {
    let term = |column: &str| words.text(&format!("column-{column}")).to_lowercase();
    let mut lines = vec![
        (term("participants"), words.text("about-participants")),
        (term("attendances"), words.text("about-attendances")),
        (words.text("not-recorded"), words.text("about-not-recorded")),
        (words.text("about-rates-term"), words.text("about-rates")),
    ];
    if let Some(k) = min_count {
        let counts = [("below", Arg::Count(k - 1)), ("k", Arg::Count(k))];
        lines.push((format!("<{k}"), words.with("about-small", &counts)));
        lines.push(("x".to_string(), words.text("about-withheld")));
    }
    lines
}

/// A report as a workbook: its table, then "About" with its filters, notes (completion
/// rules, provenance) and definitions.
pub fn write_report(
    report: &Report,
    notes: &[Note],
    voice: &Voice,
    out: &mut dyn Write,
) -> Result<()> {
    let words = voice.words;
    let mut about = vec![
        (words.text("about-report"), report.name.to_string()),
        (
            words.text("about-filters"),
            filters::in_words(&report.filters, voice),
        ),
    ];
    about.extend(note_lines(notes));
    about.push((String::new(), String::new()));
    about.push((words.text("about-definitions"), String::new()));
    about.extend(definitions(report.min_count, words));
    let tables = [report_table(report.name, report, voice)];
    write_workbook(&tables, &about, words, out)
}

fn note_lines(notes: &[Note]) -> Vec<(String, String)> {
    let mut lines = Vec::new();
    for note in notes {
        for (index, line) in note.lines.iter().enumerate() {
            let label = if index == 0 {
                note.heading.as_str()
            } else {
                ""
            };
            lines.push((label.to_string(), line.clone()));
        }
    }
    lines
}

/// A summary as a workbook: a sheet per table, and "About" with the event's facts.
pub fn write_summary(summary: &Summary, voice: &Voice, out: &mut dyn Write) -> Result<()> {
    let words = voice.words;
    let mut tables: Vec<Table> = sections(summary)
        .map(|(heading, report)| report_table(&words.text(heading), report, voice))
        .into_iter()
        .collect();
    let outcomes = outcomes_section(summary, voice);
    if let (Some(section), Some(aside)) = (&outcomes, summary.outcomes.as_deref()) {
        tables.push(report_table(
            &section.heading,
            &objectives_table(aside, summary.min_count),
            voice,
        ));
    }
    let mut about = vec![(words.text("about-summary"), summary.title.clone())];
    if let Some(series) = &summary.series_title {
        about.push((words.text("about-part-of"), series.clone()));
    }
    let events: Vec<String> = summary
        .events
        .iter()
        .map(|event| event.id.clone())
        .collect();
    let scope = words.with(
        "filter-events",
        &[
            ("count", Arg::Count(events.len() as u64)),
            ("list", Arg::Text(&events.join(", "))),
        ],
    );
    let scope = filters::capitalised(&scope);
    about.push((words.text("about-filters"), scope));
    if let Some(note) = illustrative_note(summary, voice) {
        about.push((words.text("about-note"), note));
    }
    for event in &summary.events {
        about.push((String::new(), String::new()));
        about.push((event.id.clone(), event.title.clone()));
        about.extend(fact_lines(event, voice));
        for (number, objective) in event.objectives.iter().enumerate() {
            let number = (number + 1).to_string();
            let label = words.with("about-objective", &[("number", Arg::Text(&number))]);
            about.push((label, objective.clone()));
        }
    }
    if let Some(section) = &outcomes {
        about.push((String::new(), String::new()));
        let sentences = [&section.knowledge, &section.answered];
        for (index, sentence) in sentences.into_iter().flatten().enumerate() {
            let label = if index == 0 {
                section.heading.clone()
            } else {
                String::new()
            };
            about.push((label, sentence.clone()));
        }
    }
    about.push((String::new(), String::new()));
    about.push((words.text("about-definitions"), footnote(summary, voice)));
    about.push((words.text(RETURNING), words.text(RETURNING_EXPLAINED)));
    about.extend(definitions(summary.min_count, words));
    write_workbook(&tables, &about, words, out)
}

/// The objectives' ratings a summary shows, as a table for their sheet: numbers as numbers,
/// hidden ones as the report hid them.
fn objectives_table(aside: &OutcomesAside, min_count: Option<u64>) -> Report {
    let columns = vec![
        Column::new("event", "Event", ColumnKind::Dimension),
        Column::new("number", "No.", ColumnKind::Dimension),
        Column::new("objective", "Objective", ColumnKind::Text),
        Column::new("responses", "Responses", ColumnKind::Measure),
        Column::new("mean", "Mean rating", ColumnKind::Measure),
        Column::new("top_two_share", "Top two", ColumnKind::Measure),
    ];
    let rows = aside
        .objectives
        .iter()
        .map(|objective| {
            vec![
                Value::Text(objective.event.clone()),
                Value::Count(objective.number),
                Value::Text(objective.text.clone()),
                objective.responses.clone(),
                objective.mean.clone(),
                objective.top_two_share.clone(),
            ]
        })
        .collect();
    Report {
        name: "outcomes",
        dimensions: vec!["event".to_string(), "number".to_string()],
        filters: serde_json::Map::new(),
        columns,
        rows,
        totals: None,
        min_count,
    }
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
    write_workbook(&[table], &[], crate::language::Language::En.words(), out)
}

fn write_workbook(
    tables: &[Table],
    about: &[(String, String)],
    words: &Words,
    out: &mut dyn Write,
) -> Result<()> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        write_table(sheet, table, &formats).map_err(workbook_error)?;
    }
    if !about.is_empty() {
        let sheet = workbook.add_worksheet();
        let name = sheet_name(&words.text("about-sheet"));
        write_about(sheet, &name, about, &formats).map_err(workbook_error)?;
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
    mean: CellFormat,
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
            mean: CellFormat::new().set_num_format("0.00"),
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
        (Cell::Number(number), _) => {
            sheet.write_number_with_format(row, column, *number, &formats.mean)?;
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
    name: &str,
    lines: &[(String, String)],
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    sheet.set_name(name)?;
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
        let voice = crate::output::voice::english();
        let measure = Column::new("participants", "Participants", ColumnKind::Measure);
        let country = Column::new("country", "Country", ColumnKind::Dimension);
        let cell = |value: Value, column: &Column| report_cell(&value, column, Some(5), &voice);
        assert_eq!(cell(Value::Small, &measure), Cell::Text("<5".into()));
        assert_eq!(cell(Value::Withheld, &measure), Cell::Text("x".into()));
        assert_eq!(cell(Value::Count(3), &measure), Cell::Count(3));
        assert_eq!(
            cell(Value::Missing, &country),
            Cell::Text("(not recorded)".into())
        );
        assert_eq!(
            cell(Value::Text("MX".into()), &country),
            Cell::Text("Mexico".into())
        );
    }
}
