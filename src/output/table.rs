//! Tables for people: comfy-table, fitted to the terminal's width when there is one.

use std::io::{IsTerminal, Write};

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, ContentArrangement, Table};

use super::color;
use super::output_error;
use crate::error::Result;

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
