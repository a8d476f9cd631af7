//! The terminal: tables drawn with comfy-table for lists, one record, a report with its
//! notes, and the text summary, fitted to the width the rules of [`fit`] give (or a block
//! per record when no table fits), the summary's prose wrapped between words.
//!
//! Every text from the records goes through [`one_line`] on its way into a cell or a
//! line here, so what a terminal shows is what the file holds, and a cell stays one line.
//! A cell longer than any field may be written ([`text::LONGEST_IN_A_ROW`] in a row,
//! [`text::LONGEST`] in a record shown field by field) is cut there with `…`: a name edited
//! by hand to 12 kB would otherwise fill a thousand lines. CSV and JSON keep it whole.

use std::borrow::Cow;
use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, ContentArrangement, Table};

use super::cell::{right_aligned, rows_for_people, rows_in_words};
use super::notes::{self, Note};
use super::records::Detail;
use super::summary::{
    RETURNING, RETURNING_EXPLAINED, events_heading, fact_lines, footnote, illustrative_note,
    outcomes_section, sections, text_bar,
};
use super::visible::one_line;
use super::voice::Voice;
use super::{color, fit, output_error};
use unicode_width::UnicodeWidthStr;

use crate::error::Result;
use crate::language::Arg;
use crate::model::text;
use crate::report::Report;
use crate::report::summary::Summary;

/// A table in the one style every terminal table here has, fitted to the width when there is
/// one (prose in `show` wraps between words), drawn at its natural width when there is none.
pub(super) fn new_table() -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    match fit::table_width() {
        Some(width) => {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(u16::try_from(width).unwrap_or(u16::MAX));
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    table
}

/// A header row and one row per item; an empty list says so instead of drawing an empty frame.
pub fn write_rows(
    headers: &[String],
    rows: impl Iterator<Item = Vec<String>>,
    out: &mut dyn Write,
) -> Result<()> {
    let rows: Vec<Vec<String>> = rows
        .map(|row| {
            row.iter()
                .map(|cell| shown_cut(cell, text::LONGEST_IN_A_ROW).into_owned())
                .collect()
        })
        .collect();
    if rows.is_empty() {
        return writeln!(out, "(none)").map_err(output_error);
    }
    let numeric: Vec<bool> = (0..headers.len())
        .map(|index| {
            rows.iter().any(|row| !row[index].is_empty())
                && rows
                    .iter()
                    .all(|row| row[index].is_empty() || fit::is_number(&row[index]))
        })
        .collect();
    write_fitted(headers, &rows, &numeric, &[], out)
}

/// `rows` under `headers` as a table fitted to the width, or as a block per row when no table
/// fits (see [`fit`]); `right` marks the columns aligned right.
fn write_fitted(
    headers: &[String],
    rows: &[Vec<String>],
    numeric: &[bool],
    right: &[bool],
    out: &mut dyn Write,
) -> Result<()> {
    let width = fit::table_width();
    let widths = match fit::layout(headers, rows, numeric, width) {
        fit::Layout::Table(widths) => widths,
        fit::Layout::Blocks => {
            let blocks = fit::blocks(headers, rows, numeric, width.unwrap_or(usize::MAX));
            return out.write_all(blocks.as_bytes()).map_err(output_error);
        }
    };
    let mut table = Table::new();
    // The cells are cut to their widths here, so comfy-table is asked to lay out nothing.
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    // comfy-table styles cells itself, so widths stay right; it is asked to only when colour is on.
    let bold = color::stdout_enabled();
    if bold {
        table.enforce_styling();
    }
    table.set_header(headers.iter().zip(&widths).map(|(header, &width)| {
        let cell = Cell::new(fit::title_in(header, width));
        if bold {
            cell.add_attribute(Attribute::Bold)
        } else {
            cell
        }
    }));
    for row in rows {
        table.add_row(
            row.iter()
                .zip(&widths)
                .map(|(cell, &width)| Cell::new(fit::shorten_between_words(cell, width))),
        );
    }
    for (index, &right) in right.iter().enumerate() {
        if right && let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
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
pub fn write_report(
    report: &Report,
    notes: &[Note],
    voice: &Voice,
    out: &mut dyn Write,
) -> Result<()> {
    write_report_table(report, voice, out)?;
    notes::write_under_table(notes, voice.words, out).map_err(output_error)
}

/// A report's table with its values as recorded (ids and codes, which filters take).
///
/// `report indicators` is drawn a table per indicator under its id: with the id in every row
/// it no longer fits 80 columns, and the rows of one indicator are read together anyway. An
/// indicator without targets has no target and share columns there.
fn write_report_table(report: &Report, voice: &Voice, out: &mut dyn Write) -> Result<()> {
    if report.name != "indicators" || report.rows.is_empty() {
        return write_table_of(report, rows_for_people(report, voice), voice, out);
    }
    let mut start = 0;
    while start < report.rows.len() {
        let heading = &report.rows[start][0];
        let end = (start..report.rows.len())
            .find(|&row| &report.rows[row][0] != heading)
            .unwrap_or(report.rows.len());
        // A column with nothing in any of the indicator's rows (no target was set) would only
        // repeat `–`: it is left out, and the table has room for the others.
        let kept: Vec<usize> = (1..report.columns.len())
            .filter(|&column| {
                report.columns[column].missing.is_none()
                    || report.rows[start..end]
                        .iter()
                        .any(|row| row[column] != crate::report::Value::Missing)
            })
            .collect();
        let section = Report {
            columns: kept
                .iter()
                .map(|&column| report.columns[column].clone())
                .collect(),
            rows: report.rows[start..end]
                .iter()
                .map(|row| kept.iter().map(|&column| row[column].clone()).collect())
                .collect(),
            totals: None,
            ..report.clone()
        };
        if start > 0 {
            writeln!(out).map_err(output_error)?;
        }
        writeln!(out, "{}", one_line(&voice.label(heading))).map_err(output_error)?;
        write_table_of(&section, rows_for_people(&section, voice), voice, out)?;
        start = end;
    }
    Ok(())
}

/// A report's table with `rows`, spelled by the caller; its titles in the reader's language.
fn write_table_of(
    report: &Report,
    rows: impl Iterator<Item = Vec<String>>,
    voice: &Voice,
    out: &mut dyn Write,
) -> Result<()> {
    // Titles too: `--across` makes values of the records into column titles.
    let headers: Vec<String> = report
        .columns
        .iter()
        .map(|column| one_line(&voice.title(column)).into_owned())
        .collect();
    let rows: Vec<Vec<String>> = rows
        .map(|row| {
            row.iter()
                .map(|cell| shown_cut(cell, text::LONGEST_IN_A_ROW).into_owned())
                .collect()
        })
        .collect();
    let right = right_aligned(report);
    write_fitted(&headers, &rows, &right, &right, out)
}

/// The summary for the terminal: headings, the events' facts, and a table per section; its
/// prose wrapped between words to the width ([`fit::prose_width`]).
pub fn write_summary(summary: &Summary, voice: &Voice, out: &mut dyn Write) -> Result<()> {
    let words = voice.words;
    let width = fit::prose_width();
    let mut lines: Vec<String> = Vec::new();
    let mut prose = |text: &str, first: &str, rest: &str| {
        lines.extend(fit::wrap(text, width, first, rest));
    };
    prose(&shown_cut(&summary.title, text::LONGEST_IN_A_ROW), "", "");
    if let Some(series) = &summary.series_title {
        let series = shown_cut(series, text::LONGEST_IN_A_ROW);
        prose(
            &words.with("summary-part-of", &[("series", Arg::Text(&series))]),
            "",
            "",
        );
    }
    if let Some(note) = illustrative_note(summary, voice) {
        prose("", "", "");
        let label = format!("{} ", words.labelled(&words.text("summary-note")));
        prose(&note, &label, &" ".repeat(label.width()));
    }
    prose("", "", "");
    prose(&events_heading(summary, voice), "", "");
    for event in &summary.events {
        prose("", "", "");
        let title = shown_cut(&event.title, text::LONGEST_IN_A_ROW);
        prose(&format!("{title} ({})", one_line(&event.id)), "  ", "  ");
        let facts = fact_lines(event, voice);
        // The values line up after the widest label, in display columns (a Korean label's
        // syllables take two each).
        let label_width = facts
            .iter()
            .map(|(label, _)| words.labelled(label).width())
            .max()
            .unwrap_or(0)
            .max(11);
        for (label, value) in facts {
            let label = words.labelled(&label);
            let padding = " ".repeat(label_width + 1 - label.width());
            let label = format!("  {label}{padding}");
            let hanging = " ".repeat(label_width + 3);
            prose(&shown_cut(&value, text::LONGEST), &label, &hanging);
        }
        if !event.objectives.is_empty() {
            prose(
                &words.labelled(&words.text("summary-objectives")),
                "  ",
                "  ",
            );
            for (number, objective) in event.objectives.iter().enumerate() {
                let number = format!("    {}. ", number + 1);
                let hanging = " ".repeat(number.len());
                prose(&shown_cut(objective, text::LONGEST), &number, &hanging);
            }
        }
    }
    for line in &lines {
        writeln!(out, "{}", line.trim_end()).map_err(output_error)?;
    }
    for (heading, report) in sections(summary) {
        writeln!(out, "\n{}", words.text(heading)).map_err(output_error)?;
        if heading == RETURNING {
            for line in fit::wrap(&words.text(RETURNING_EXPLAINED), width, "", "") {
                writeln!(out, "{line}").map_err(output_error)?;
            }
        }
        // A summary is read, not filtered: sectors by their labels, countries by name.
        write_table_of(report, rows_in_words(report, voice), voice, out)?;
    }
    if let Some(section) = outcomes_section(summary, voice) {
        writeln!(out, "\n{}", section.heading).map_err(output_error)?;
        for objective in &section.objectives {
            let number = format!("  {}. ", objective.number);
            let hanging = " ".repeat(number.width());
            let text = shown_cut(&objective.text, text::LONGEST);
            for line in fit::wrap(&text, width, &number, &hanging) {
                writeln!(out, "{}", line.trim_end()).map_err(output_error)?;
            }
            let bar = objective
                .bar
                .map(|share| format!("{} ", text_bar(share)))
                .unwrap_or_default();
            let rating = format!("{bar}{}", objective.rating);
            for line in fit::wrap(&rating, width, &hanging, &hanging) {
                writeln!(out, "{}", line.trim_end()).map_err(output_error)?;
            }
        }
        for sentence in section.knowledge.iter().chain(&section.answered) {
            writeln!(out).map_err(output_error)?;
            for line in fit::wrap(sentence, width, "", "") {
                writeln!(out, "{line}").map_err(output_error)?;
            }
        }
    }
    writeln!(out).map_err(output_error)?;
    for line in fit::wrap(&footnote(summary, voice), width, "", "") {
        writeln!(out, "{line}").map_err(output_error)?;
    }
    Ok(())
}
