//! Renderers: one per format, each writing rows or records to a `W: Write`.

pub mod annotated;
pub mod chart;
pub mod color;
pub mod delimited;
pub mod html;
pub mod json;
pub mod markdown;
pub mod records;
pub mod report;
pub mod summary;
pub mod svg;
pub mod table;

use std::io::Write;

use serde::Serialize;

use crate::error::{Error, Result};
pub use records::RecordView;

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
}

/// Writes a list of records in `format`.
pub fn write_list<T: RecordView + Serialize>(
    format: Format,
    records: &[T],
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Table => table::write_rows(
            &T::summary_headers(),
            records.iter().map(RecordView::summary_row),
            out,
        ),
        Format::Csv => delimited::write_rows(
            &T::field_names(),
            records.iter().map(RecordView::field_values),
            out,
        ),
        Format::Json => json::write_document(&records, out),
        Format::Jsonl => json::write_lines(records, out),
    }
}

/// Writes one record in `format`: a field/value table for people, the record itself otherwise.
pub fn write_one<T: RecordView + Serialize>(
    format: Format,
    record: &T,
    out: &mut dyn Write,
) -> Result<()> {
    match format {
        Format::Table => table::write_details(&record.details(), out),
        Format::Csv => delimited::write_rows(
            &T::field_names(),
            std::iter::once(record.field_values()),
            out,
        ),
        Format::Json => json::write_document(record, out),
        Format::Jsonl => json::write_lines(std::slice::from_ref(record), out),
    }
}

/// Maps a failed write on stdout to the error `main` recognises (a closed pipe exits quietly).
pub fn output_error(source: std::io::Error) -> Error {
    Error::Output(source)
}
