//! The terminal: tables fitted to its width when there is one (comfy-table), for lists, one
//! record, a report with its notes, and the text summary.
//!
//! Every text from the records goes through [`one_line`] on its way into a cell or a
//! line here, so what a terminal shows is what the file holds, and a cell stays one line.
//! A cell longer than any field may be written ([`text::LONGEST_IN_A_ROW`] in a row,
//! [`text::LONGEST`] in a record shown field by field) is cut there with `…`: a name edited
//! by hand to 12 kB would otherwise fill a thousand lines. CSV and JSON keep it whole.

use std::borrow::Cow;
use std::io::{IsTerminal, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table};

use super::cell::{right_aligned, rows_for_people};
use super::notes::{self, Note};
use super::records::Detail;
use super::summary::{
    INVITED_HEADING, REGION_HEADING, RETURNING_EXPLAINED, RETURNING_HEADING, SECTOR_HEADING,
    events_heading, fact_lines, footnote, illustrative_note,
};
use super::visible::one_line;
use super::{color, output_error};
use crate::error::Result;
use crate::model::text;
use crate::report::Report;
use crate::report::summary::Summary;

/// The width for a table when there is no terminal to measure (a pipe, a file, a test):
/// wide enough for most rows, narrow enough to read in a pager or an email.
const WIDTH_WITHOUT_TERMINAL: u16 = 100;

pub(super) fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if !std::io::stdout().is_terminal() {
        table.set_width(WIDTH_WITHOUT_TERMINAL);
    }
    table
}

/// A header row and one row per item; an empty list says so instead of drawing an empty frame.
pub fn write_rows(
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut table = new_table();
    // comfy-table styles cells itself, so widths stay right; it is asked to only when colour is on.
    let bold = color::stdout_enabled();
    if bold {
        table.enforce_styling();
    }
    table.set_header(headers.iter().map(|header| {
        let cell = Cell::new(header);
        if bold {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    let mut count = 0;
    for row in rows {
        table.add_row(
            row.iter()
                .map(|cell| shown_cut(cell, text::LONGEST_IN_A_ROW)),
        );
        count += 1;
    }
    if count == 0 {
        return writeln!(out, "(none)").map_err(output_error);
    }
    writeln!(out, "{table}").map_err(output_error)
}

/// `text` as a cell shows it: its first `limit` characters and `…` when it is longer, with
/// its hidden characters spelled out.
fn shown_cut(text: &str, limit: usize) -> Cow<'_, str> {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => Cow::Owned(format!("{}…", one_line(&text[..cut]))),
        None => one_line(text),
    }
}

/// One record as field/value pairs, leaving out empty fields; a list's items a line each.
pub fn write_details(details: &[Detail], out: &mut dyn Write) -> Result<()> {
    let mut table = new_table();
    for detail in details.iter().filter(|detail| !detail.lines.is_empty()) {
        let lines: Vec<_> = detail
            .lines
            .iter()
            .map(|line| shown_cut(line, text::LONGEST))
            .collect();
        table.add_row(vec![detail.field.clone(), lines.join("\n")]);
    }
    writeln!(out, "{table}").map_err(output_error)
}

/// A report as a table with its totals row, then its notes.
pub fn write_report(report: &Report, notes: &[Note], out: &mut dyn Write) -> Result<()> {
    write_report_table(report, out)?;
    notes::write_under_table(notes, out).map_err(output_error)
}

fn write_report_table(report: &Report, out: &mut dyn Write) -> Result<()> {
    let mut table = new_table();
    // Titles too: `--across` makes values of the records into column titles.
    table.set_header(report.columns.iter().map(|column| one_line(&column.title)));
    for row in rows_for_people(report) {
        table.add_row(
            row.iter()
                .map(|cell| Cell::new(shown_cut(cell, text::LONGEST_IN_A_ROW))),
        );
    }
    for (index, right) in right_aligned(report).into_iter().enumerate() {
        if right && let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(out, "{table}").map_err(output_error)
}

/// The summary for the terminal: headings, the events' facts, and a table per section.
pub fn write_summary(summary: &Summary, out: &mut dyn Write) -> Result<()> {
    let mut text = String::new();
    text.push_str(&shown_cut(&summary.title, text::LONGEST_IN_A_ROW));
    text.push('\n');
    if let Some(series) = &summary.series_title {
        text.push_str(&format!(
            "Part of {}\n",
            shown_cut(series, text::LONGEST_IN_A_ROW)
        ));
    }
    if let Some(note) = illustrative_note(summary) {
        text.push_str(&format!("\nNote: {note}\n"));
    }
    text.push_str(&format!("\n{}\n", events_heading(summary)));
    for event in &summary.events {
        text.push_str(&format!(
            "\n  {} ({})\n",
            shown_cut(&event.title, text::LONGEST_IN_A_ROW),
            one_line(&event.id)
        ));
        for (label, value) in fact_lines(event) {
            text.push_str(&format!(
                "  {:<12}{}\n",
                format!("{label}:"),
                shown_cut(&value, text::LONGEST)
            ));
        }
        if !event.objectives.is_empty() {
            text.push_str("  Objectives:\n");
            for (number, objective) in event.objectives.iter().enumerate() {
                text.push_str(&format!(
                    "    {}. {}\n",
                    number + 1,
                    shown_cut(objective, text::LONGEST)
                ));
            }
        }
    }
    out.write_all(text.as_bytes()).map_err(output_error)?;
    let sections = [
        (INVITED_HEADING, &summary.invited_and_attended),
        (SECTOR_HEADING, &summary.by_sector),
        (REGION_HEADING, &summary.by_region),
        (RETURNING_HEADING, &summary.returning),
    ];
    for (heading, report) in sections {
        writeln!(out, "\n{heading}").map_err(output_error)?;
        if heading == RETURNING_HEADING {
            writeln!(out, "{RETURNING_EXPLAINED}").map_err(output_error)?;
        }
        write_report_table(report, out)?;
    }
    writeln!(out, "\n{}", footnote(summary)).map_err(output_error)
}
