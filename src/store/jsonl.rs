//! JSON Lines: strict parsing with file and line in every error, and one-line serialisation.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::{Error, Result};
use crate::model::Record;

/// The longest line a record may take. Real records are a few hundred bytes; the bound keeps a
/// runaway script or a hostile form from making every later command read megabytes per record.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

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
    if line.len() > MAX_LINE_BYTES {
        return Err(format!(
            "the line is {} bytes long; a record may take at most {MAX_LINE_BYTES}",
            line.len()
        ));
    }
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
    if let Some(position) = line.iter().position(|&byte| byte == 0) {
        return Err(format!("contains a NUL byte (column {})", position + 1));
    }
    if !text.trim_start().starts_with('{') {
        return Err(format!("expected a JSON object for a {} record", T::KIND));
    }
    refuse_duplicate_keys(text)?;
    serde_json::from_str(text).map_err(|error| describe_json_error(&error))
}

/// Refuses a key that appears twice in one object, at any depth.
///
/// serde_json keeps the last of two equal keys and `#[serde(flatten)]` hides repeats of unknown
/// ones, so `{"name":"Ana","name":"Bob"}` would load as one of them silently; two tools reading
/// the same line could then disagree about who came.
fn refuse_duplicate_keys(text: &str) -> std::result::Result<(), String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    UniqueKeys
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end())
        .map_err(|error| describe_json_error(&error))
}

/// A pass over any JSON value that only checks that object keys are unique.
struct UniqueKeys;

impl<'de> DeserializeSeed<'de> for UniqueKeys {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueKeys {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> std::result::Result<(), A::Error> {
        while items.next_element_seed(UniqueKeys)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> std::result::Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = entries.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            entries.next_value_seed(UniqueKeys)?;
            seen.insert(key);
        }
        Ok(())
    }
}

/// serde_json's message without its "at line 1 column N" (always line 1 here), with the column kept.
fn describe_json_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(message, _)| message);
    if message == "recursion limit exceeded" {
        // serde_json stops at 128 levels, far beyond any record, so deep nesting is hostile.
        return format!(
            "nested more than 128 levels deep (recursion limit exceeded) (column {})",
            error.column()
        );
    }
    format!("{message} (column {})", error.column())
}

/// One record as a line of JSON, with its `\n`.
pub fn to_line<T: Record>(record: &T) -> Vec<u8> {
    let mut line = serde_json::to_vec(record).expect("records always serialise to JSON");
    line.push(b'\n');
    line
}
