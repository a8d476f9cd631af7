//! The general reader of a collection's line: any JSON object, any key order, any escapes,
//! fields this gsef does not know kept as they came, and every refusal worded for a person.
//!
//! It is the reference the fast reader is held to, and the one that explains what is wrong.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use serde_json::value::RawValue;

use crate::model::Record;

/// [`super::parse_line`] without the reader for gsef's own shape: any JSON object, any key order.
pub fn parse_line_generally<T: Record>(line: &[u8]) -> std::result::Result<T, String> {
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
    // A stored line never holds one, but a record read from bytes that did would be written
    // back as two lines (a line feed is JSON whitespace, kept in an unknown field's text).
    if let Some(position) = line.iter().position(|&byte| byte == b'\n') {
        return Err(format!(
            "holds a line feed (column {}); a record is one line",
            position + 1
        ));
    }
    let text = std::str::from_utf8(line)
        .map_err(|error| format!("not valid UTF-8 (byte {})", error.valid_up_to() + 1))?;
    if let Some(position) = line.iter().position(|&byte| byte == 0) {
        return Err(format!("contains a NUL byte (column {})", position + 1));
    }
    if !text.trim_start().starts_with('{') {
        let article = if T::KIND.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return Err(format!(
            "expected a JSON object for {article} {} record",
            T::KIND
        ));
    }
    let mut record: T = serde_json::from_str(text).map_err(|error| {
        // serde's derive already refuses a known field given twice (however it is escaped);
        // say it in the same words as the full check below.
        describe_json_error(&error).replacen("duplicate field", "duplicate key", 1)
    })?;
    let unknown = unknown_fields(text, T::FIELDS).map_err(|error| describe_json_error(&error))?;
    // Only unknown keys, which serde's derive passes over, can hide a repeat: check those
    // lines at every depth.
    if !unknown.is_empty() {
        refuse_duplicate_keys(text)?;
        for (key, value) in unknown {
            record.extra_mut().insert(key, value);
        }
    }
    Ok(record)
}

/// The top-level fields of the object in `text` whose names are not in `known`, each with its
/// value's JSON text exactly as written.
fn unknown_fields(
    text: &str,
    known: &'static [&'static str],
) -> Result<Vec<(String, Box<RawValue>)>, serde_json::Error> {
    struct Unknown(&'static [&'static str]);

    impl<'de> Visitor<'de> for Unknown {
        type Value = Vec<(String, Box<RawValue>)>;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Self::Value, A::Error> {
            let mut unknown = Vec::new();
            while let Some(key) = entries.next_key::<Key<'de>>()? {
                if self.0.contains(&key.as_str()) {
                    entries.next_value::<de::IgnoredAny>()?;
                } else {
                    let value: &'de RawValue = entries.next_value()?;
                    unknown.push((key.as_str().to_string(), value.to_owned()));
                }
            }
            Ok(unknown)
        }
    }

    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.deserialize_map(Unknown(known))
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
        // Records have a dozen keys at most, so a linear scan over borrowed keys beats hashing
        // owned copies; this pass runs once per line of every collection read.
        let mut seen: Vec<Key<'de>> = Vec::new();
        while let Some(key) = entries.next_key::<Key<'de>>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{}`",
                    crate::quote::value(key.as_str())
                )));
            }
            entries.next_value_seed(UniqueKeys)?;
            seen.push(key);
        }
        Ok(())
    }
}

/// An object key, borrowed from the line unless it had to be unescaped.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

/// Keys compare by text, however they were spelled in the line (`status` is `st\u0061tus`).
impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an object key")
            }

            fn visit_borrowed_str<E: de::Error>(
                self,
                key: &'de str,
            ) -> std::result::Result<Key<'de>, E> {
                Ok(Key::Borrowed(key))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> std::result::Result<Key<'de>, E> {
                Ok(Key::Owned(key.to_string()))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// serde_json's message without its "at line 1 column N" (always line 1 here), with the column
/// kept, and cut short in the middle where it quotes a long value from the line.
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
    format!(
        "{} (column {})",
        crate::quote::message(message),
        error.column()
    )
}
