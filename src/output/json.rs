//! JSON for scripts: one pretty document, or one compact object per line; a report as a
//! document with its notes under their keys, or as one object per row.

use std::io::Write;

use serde::Serialize;
use serde_json::{Map, Value as Json};

use super::cell::for_scripts;
use super::notes::Note;
use super::output_error;
use crate::error::Result;
use crate::report::{ColumnKind, Report};

/// A report as one JSON document, with its notes.
pub fn write_report(report: &Report, notes: &[Note], out: &mut dyn Write) -> Result<()> {
    write_document(&document(report, notes), out)
}

/// A report as one JSON object per row.
pub fn write_report_rows(report: &Report, out: &mut dyn Write) -> Result<()> {
    write_lines(&row_objects(report), out)
}

/// The whole report as one JSON document: its name, dimensions, filters, columns, rows and
/// totals (the measure columns only), then each note under its key.
pub fn document(report: &Report, notes: &[Note]) -> Json {
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
            .map(|(column, value)| (column.name.clone(), for_scripts(value)))
            .collect();
        document.insert("totals".into(), Json::Object(measures));
    }
    for note in notes {
        document.insert(note.key.to_string(), note.json.clone());
    }
    Json::Object(document)
}

fn row_objects(report: &Report) -> Vec<Map<String, Json>> {
    report
        .rows
        .iter()
        .map(|row| {
            report
                .columns
                .iter()
                .zip(row)
                .map(|(column, value)| (column.name.clone(), for_scripts(value)))
                .collect()
        })
        .collect()
}

pub fn write_document<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|error| output_error(error.into()))?;
    writeln!(out).map_err(output_error)
}

pub fn write_lines<T: Serialize>(values: &[T], out: &mut dyn Write) -> Result<()> {
    for value in values {
        serde_json::to_writer(&mut *out, value).map_err(|error| output_error(error.into()))?;
        writeln!(out).map_err(output_error)?;
    }
    Ok(())
}
