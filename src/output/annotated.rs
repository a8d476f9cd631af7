//! A report with what stands beside its table — the completion rules behind it, its provenance —
//! in each format: keys of the JSON document, a note under a table or Markdown table, and
//! stderr for CSV and JSON Lines, whose stdout must stay rows only.

use std::io::Write;

use serde_json::Value as Json;

use super::report::{ReportFormat, ReportStyle, document, write_report};
use super::{json, output_error};
use crate::error::Result;
use crate::report::Report;

/// One thing that stands beside a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Annex {
    /// The key in the JSON document (`rules`, `provenance`).
    pub key: &'static str,
    /// A heading for people ("Completion rules").
    pub heading: &'static str,
    pub json: Json,
    /// The same for people, one line each.
    pub lines: Vec<String>,
}

/// Writes the report to `out` and its annexes where the format has room for them.
pub fn write_annotated(
    format: ReportFormat,
    report: &Report,
    style: ReportStyle,
    annexes: &[Annex],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    match format {
        ReportFormat::Json => {
            let mut whole = document(report);
            if let Json::Object(object) = &mut whole {
                for annex in annexes {
                    object.insert(annex.key.to_string(), annex.json.clone());
                }
            }
            json::write_document(&whole, out)
        }
        ReportFormat::Table | ReportFormat::Markdown => {
            write_report(format, report, style, out)?;
            write_notes(format, annexes, out).map_err(output_error)
        }
        ReportFormat::Csv | ReportFormat::Jsonl | ReportFormat::Svg => {
            write_report(format, report, style, out)?;
            // Losing a note because stderr is closed is not worth failing the report for.
            let _ = write_notes(format, annexes, err);
            Ok(())
        }
    }
}

fn write_notes(
    format: ReportFormat,
    annexes: &[Annex],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for annex in annexes {
        writeln!(out)?;
        if format == ReportFormat::Markdown {
            writeln!(out, "**{}**", annex.heading)?;
            writeln!(out)?;
            for line in &annex.lines {
                writeln!(out, "- {line}")?;
            }
        } else {
            writeln!(out, "{}:", annex.heading)?;
            for line in &annex.lines {
                writeln!(out, "  {line}")?;
            }
        }
    }
    Ok(())
}
