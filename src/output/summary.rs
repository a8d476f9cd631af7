//! `report summary` for the terminal and as Markdown; HTML is in [`super::html`]. The wording
//! shared by all three (section titles, notes, how an event's facts read) is here, so the three
//! say the same thing.

use std::io::Write;

use super::report::{ReportFormat, ReportStyle, write_report};
use super::{html, markdown, output_error};
use crate::error::Result;
use crate::model::date::human_span;
use crate::report::summary::{EventFacts, Summary};

/// How a summary is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SummaryFormat {
    /// Headings and tables for the terminal.
    Table,
    /// Markdown, to paste into a document or a wiki.
    Markdown,
    /// One self-contained HTML page (styles and chart inline) that prints on one A4 sheet.
    Html,
}

pub const INVITED_HEADING: &str = "Invited and attended";
pub const SECTOR_HEADING: &str = "Participants by sector";
pub const REGION_HEADING: &str = "Participants by region";
pub const RETURNING_HEADING: &str = "Returning participants";
pub const RETURNING_EXPLAINED: &str =
    "Returning: attended an earlier event of the series. First time: had not.";

pub fn write_summary(format: SummaryFormat, summary: &Summary, out: &mut dyn Write) -> Result<()> {
    match format {
        SummaryFormat::Table => write_text(summary, out),
        SummaryFormat::Markdown => write_markdown(summary, out),
        SummaryFormat::Html => html::write_summary(summary, out),
    }
}

/// The events' section heading: singular for one event.
pub fn events_heading(summary: &Summary) -> &'static str {
    if summary.events.len() == 1 {
        "The event"
    } else {
        "The events"
    }
}

/// The facts of an event as label/value pairs, leaving out what is not recorded.
pub fn fact_lines(event: &EventFacts) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    let dates = human_span(event.start.as_ref(), event.end.as_ref());
    if !dates.is_empty() {
        lines.push(("Dates", dates));
    }
    let place: Vec<&str> = [event.city.as_deref(), event.country.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !place.is_empty() {
        lines.push(("Place", place.join(", ")));
    }
    if !event.organizers.is_empty() {
        lines.push(("Organisers", event.organizers.join("; ")));
    }
    if !event.partners.is_empty() {
        lines.push(("Partners", event.partners.join("; ")));
    }
    lines
}

/// The warning when records are made up, so nobody reports them as real attendance.
pub fn illustrative_note(summary: &Summary) -> Option<String> {
    let made_up = summary.illustrative_participants;
    if made_up == 0 {
        return None;
    }
    let all = summary.recorded_participants;
    let who = match (made_up, all) {
        (1, 1) => "The one person in these records is".to_string(),
        (made_up, all) if made_up == all => format!("All {all} people in these records are"),
        (1, all) => format!("1 of the {all} people in these records is"),
        (made_up, all) => format!("{made_up} of the {all} people in these records are"),
    };
    Some(format!(
        "{who} illustrative: made up to show how the records work. These numbers do not describe real attendance."
    ))
}

/// What the tables count, and what `<K` means when counts are hidden.
pub fn footnote(summary: &Summary) -> String {
    let mut note = String::from(
        "Participants are distinct people who attended; sectors are shown at their top level.",
    );
    if let Some(k) = summary.min_count {
        note.push_str(&format!(
            " Counts from 1 to {} are shown as <{k}, and x hides a count that would reveal one.",
            k - 1
        ));
    }
    note
}

fn write_text(summary: &Summary, out: &mut dyn Write) -> Result<()> {
    let mut text = String::new();
    text.push_str(&summary.title);
    text.push('\n');
    if let Some(series) = &summary.series_title {
        text.push_str(&format!("Part of {series}\n"));
    }
    if let Some(note) = illustrative_note(summary) {
        text.push_str(&format!("\nNote: {note}\n"));
    }
    text.push_str(&format!("\n{}\n", events_heading(summary)));
    for event in &summary.events {
        text.push_str(&format!("\n  {} ({})\n", event.title, event.id));
        for (label, value) in fact_lines(event) {
            text.push_str(&format!("  {:<12}{value}\n", format!("{label}:")));
        }
        if !event.objectives.is_empty() {
            text.push_str("  Objectives:\n");
            for (number, objective) in event.objectives.iter().enumerate() {
                text.push_str(&format!("    {}. {objective}\n", number + 1));
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
        write_report(ReportFormat::Table, report, ReportStyle::default(), out)?;
    }
    writeln!(out, "\n{}", footnote(summary)).map_err(output_error)
}

fn write_markdown(summary: &Summary, out: &mut dyn Write) -> Result<()> {
    let escape = markdown::escape;
    let mut text = format!("# {}\n\n", escape(&summary.title));
    if let Some(series) = &summary.series_title {
        text.push_str(&format!("Part of {}.\n\n", escape(series)));
    }
    if let Some(note) = illustrative_note(summary) {
        text.push_str(&format!("> **Note:** {}\n\n", escape(&note)));
    }
    text.push_str(&format!("## {}\n\n", events_heading(summary)));
    for event in &summary.events {
        text.push_str(&format!(
            "### {} ({})\n\n",
            escape(&event.title),
            escape(&event.id)
        ));
        for (label, value) in fact_lines(event) {
            text.push_str(&format!("- **{label}:** {}\n", escape(&value)));
        }
        if !event.objectives.is_empty() {
            text.push_str("\n**Objectives**\n\n");
            for (number, objective) in event.objectives.iter().enumerate() {
                text.push_str(&format!("{}. {}\n", number + 1, escape(objective)));
            }
        }
        text.push('\n');
    }
    out.write_all(text.as_bytes()).map_err(output_error)?;
    let sections = [
        (INVITED_HEADING, &summary.invited_and_attended),
        (SECTOR_HEADING, &summary.by_sector),
        (REGION_HEADING, &summary.by_region),
        (RETURNING_HEADING, &summary.returning),
    ];
    for (heading, report) in sections {
        writeln!(out, "## {heading}\n").map_err(output_error)?;
        if heading == RETURNING_HEADING {
            writeln!(out, "{RETURNING_EXPLAINED}\n").map_err(output_error)?;
        }
        write_report(ReportFormat::Markdown, report, ReportStyle::default(), out)?;
        writeln!(out).map_err(output_error)?;
    }
    writeln!(out, "---\n\n{}", escape(&footnote(summary))).map_err(output_error)
}
