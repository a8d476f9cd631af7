//! JSON for scripts: one pretty document, or one compact object per line.

use std::io::Write;

use serde::Serialize;

use super::output_error;
use crate::error::Result;

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
