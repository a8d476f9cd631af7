//! Tables for people: comfy-table, fitted to the terminal's width when there is one.

use std::io::Write;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::output_error;
use crate::error::Result;

pub(super) fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    table
}

/// A header row and one row per item; an empty list says so instead of drawing an empty frame.
pub fn write_rows(
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut table = new_table();
    table.set_header(headers.to_vec());
    let mut count = 0;
    for row in rows {
        table.add_row(row);
        count += 1;
    }
    if count == 0 {
        return writeln!(out, "(none)").map_err(output_error);
    }
    writeln!(out, "{table}").map_err(output_error)
}

/// One record as field/value pairs, leaving out empty fields.
pub fn write_details(details: &[(String, String)], out: &mut dyn Write) -> Result<()> {
    let mut table = new_table();
    for (field, value) in details.iter().filter(|(_, value)| !value.is_empty()) {
        table.add_row(vec![field.clone(), value.clone()]);
    }
    writeln!(out, "{table}").map_err(output_error)
}
