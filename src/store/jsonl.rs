//! JSON Lines: strict parsing with file and line in every error, and one-line serialisation.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::Record;

/// Parses a whole collection file, refusing anything that breaks the format.
///
/// A last line without its `\n` is an interrupted append: it is reported as such (never
/// guessed at), and the next writer or `gsef check --repair` removes it.
pub fn parse_collection<T: Record>(path: &Path, bytes: &[u8]) -> Result<Vec<(usize, T)>> {
    let mut records = Vec::new();
    for (index, line) in lines(bytes) {
        let number = index + 1;
        let parse_error = |message: String| Error::Parse {
            path: path.to_path_buf(),
            line: number,
            message,
        };
        if !line.ends_with(b"\n") {
            return Err(parse_error(
                "incomplete last line, left by an interrupted write".to_string(),
            ));
        }
        records.push((
            number,
            parse_line::<T>(&line[..line.len() - 1]).map_err(parse_error)?,
        ));
    }
    Ok(records)
}

/// Splits into lines, each with its `\n` when it has one.
pub fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    bytes.split_inclusive(|&byte| byte == b'\n').enumerate()
}

/// Parses one line's bytes (without its `\n`) as a record, explaining what is wrong.
pub fn parse_line<T: Record>(line: &[u8]) -> std::result::Result<T, String> {
    if line.starts_with(b"\xEF\xBB\xBF") {
        return Err(
            "starts with a byte order mark; JSON Lines files must not have one".to_string(),
        );
    }
    if line.iter().all(u8::is_ascii_whitespace) {
        return Err("empty line; every line must hold one record".to_string());
    }
    if line.last() == Some(&b'\r') {
        return Err("ends with a carriage return; lines must end with \\n alone".to_string());
    }
    let text = std::str::from_utf8(line)
        .map_err(|error| format!("not valid UTF-8 (byte {})", error.valid_up_to() + 1))?;
    if !text.trim_start().starts_with('{') {
        return Err(format!("expected a JSON object for a {} record", T::KIND));
    }
    serde_json::from_str(text).map_err(|error| describe_json_error(&error))
}

/// serde_json's message without its "at line 1 column N" (always line 1 here), with the column kept.
fn describe_json_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(message, _)| message);
    format!("{message} (column {})", error.column())
}

/// One record as a line of JSON, with its `\n`.
pub fn to_line<T: Record>(record: &T) -> Vec<u8> {
    let mut line = serde_json::to_vec(record).expect("records always serialise to JSON");
    line.push(b'\n');
    line
}
