//! Indicator definitions read from a file a person wrote: one pretty-printed JSON object, or
//! JSON Lines of several. Every definition is read and checked before any is returned, and a
//! refusal says the line, the column and the field, since the file is edited by hand.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde_json::value::RawValue;

use crate::error::{Error, Result};
use crate::model::{Indicator, Record, SectorVocabulary};

/// Where a byte offset of `text` is, as a line and a column counted from 1 (in characters).
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |position| position + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The byte offset of a line and column (from 1, in characters) of `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match text[line_start..].find('\n') {
            Some(position) => line_start += position + 1,
            None => return text.len(),
        }
    }
    text[line_start..]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(position, _)| line_start + position)
}

/// Where `part`, a slice of `text`, starts in it.
fn offset_in(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// One definition's object, with each top-level field's value where it was written.
struct Written<'t> {
    text: &'t str,
    fields: Vec<(String, &'t RawValue)>,
}

impl Written<'_> {
    /// The top-level field whose value holds byte `offset` of the file.
    fn field_at(&self, file: &str, offset: usize) -> Option<&str> {
        self.fields.iter().find_map(|(name, value)| {
            let start = offset_in(file, value.get());
            (start..=start + value.get().len())
                .contains(&offset)
                .then_some(name.as_str())
        })
    }

    /// Where the value of top-level `field` starts, or the object when it has none.
    fn offset_of_field(&self, file: &str, field: &str) -> usize {
        self.fields
            .iter()
            .find(|(name, _)| name == field)
            .map_or(offset_in(file, self.text), |(_, value)| {
                offset_in(file, value.get())
            })
    }
}

/// One definition read from a file, with where its `id` was written, for a refusal that only
/// the store can make (an id it already holds).
#[derive(Debug, Clone)]
pub struct Definition {
    pub indicator: Indicator,
    /// The line and column of its `id`'s value, counted from 1.
    pub at: (usize, usize),
}

/// Every definition in `text` (the contents of `path`), checked field by field; refused whole
/// at the first problem, naming `path`, the line, the column and the field.
pub fn read_definitions(
    path: &Path,
    text: &str,
    vocabulary: &SectorVocabulary,
) -> Result<Vec<Definition>> {
    let refuse = |offset: usize, message: String| {
        let (line, column) = line_and_column(text, offset);
        Error::Invalid(format!("{}:{line}:{column}: {message}", path.display()))
    };
    let mut definitions = Vec::new();
    let mut ids = HashSet::new();
    let stream = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    for next in stream {
        let raw = next.map_err(|error| {
            let offset = offset_of(text, error.line(), error.column());
            refuse(offset, format!("not JSON: {}", without_position(&error)))
        })?;
        let start = offset_in(text, raw.get());
        let fields: Vec<(String, &RawValue)> =
            serde_json::from_str::<BTreeMap<String, &RawValue>>(raw.get())
                .map(|fields| fields.into_iter().collect())
                .map_err(|_| {
                    refuse(
                        start,
                        "expected a JSON object for each indicator".to_string(),
                    )
                })?;
        let written = Written {
            text: raw.get(),
            fields,
        };
        if let Some((name, value)) = written
            .fields
            .iter()
            .find(|(name, _)| !Indicator::FIELDS.contains(&name.as_str()))
        {
            return Err(refuse(
                offset_in(text, value.get()),
                format!(
                    "unknown field `{}`; an indicator's fields are {}",
                    crate::quote::value(name),
                    Indicator::FIELDS.join(", ")
                ),
            ));
        }
        let indicator: Indicator = serde_json::from_str(raw.get()).map_err(|error| {
            let offset = start + offset_of(raw.get(), error.line(), error.column());
            let message = without_position(&error);
            // Pointed at the start of the field's value: serde stops at its end.
            match written.field_at(text, offset) {
                Some(field) => {
                    let message = if message.starts_with(&format!("{field}:")) {
                        message
                    } else {
                        format!("{field}: {message}")
                    };
                    refuse(written.offset_of_field(text, field), message)
                }
                None => refuse(offset, message),
            }
        })?;
        if let Some(problem) = indicator.problems(vocabulary).into_iter().next() {
            let field = problem.field.split('.').next().unwrap_or(problem.field);
            return Err(refuse(
                written.offset_of_field(text, field),
                problem.to_string(),
            ));
        }
        if let Some(problem) = indicator.text_problems().into_iter().next() {
            let field = problem.field.clone();
            return Err(refuse(
                written.offset_of_field(text, &field),
                problem.to_string(),
            ));
        }
        if !ids.insert(indicator.id.clone()) {
            return Err(refuse(
                written.offset_of_field(text, "id"),
                format!(
                    "indicator `{}` is defined twice in the file",
                    crate::quote::value(&indicator.id)
                ),
            ));
        }
        definitions.push(Definition {
            indicator,
            at: line_and_column(text, written.offset_of_field(text, "id")),
        });
    }
    if definitions.is_empty() {
        return Err(Error::Invalid(format!(
            "{}: holds no indicator definition",
            path.display()
        )));
    }
    Ok(definitions)
}

/// serde_json's message without its " at line L column C", which the caller says itself.
fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(message, _)| message);
    crate::quote::message(message).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(text: &str) -> String {
        read_definitions(
            Path::new("def.json"),
            text,
            &SectorVocabulary::default_vocabulary(),
        )
        .unwrap_err()
        .to_string()
    }

    const GOOD: &str = r#"{"id":"a","title":"T","framework":"F","unit":"person","once_per":"period","period":"year"}"#;

    #[test]
    fn reads_one_pretty_object_or_lines_of_several() {
        let vocabulary = SectorVocabulary::default_vocabulary();
        let pretty =
            serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(GOOD).unwrap())
                .unwrap();
        let one = read_definitions(Path::new("d"), &pretty, &vocabulary).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(
            one[0].at,
            (2, 9),
            "the id's value on the pretty object's second line"
        );
        let two = format!("{GOOD}\n{}\n", GOOD.replace("\"a\"", "\"b\""));
        let both = read_definitions(Path::new("d"), &two, &vocabulary).unwrap();
        assert_eq!(
            both.iter()
                .map(|definition| definition.indicator.id.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn a_refusal_names_the_line_column_and_field() {
        let text = format!("{GOOD}\n{}\n", GOOD.replace("person", "people"));
        let message = refusal(&text);
        assert!(
            message.starts_with("def.json:2:46: unit: unknown unit `people`"),
            "{message}"
        );
        let message = refusal(&GOOD.replace("\"title\":\"T\"", "\"title\":5"));
        assert!(
            message.starts_with("def.json:1:19: title: invalid type"),
            "{message}"
        );
        let message = refusal(&GOOD.replace("\"unit\"", "\"units\""));
        assert!(message.contains("unknown field `units`"), "{message}");
        let message = refusal(&format!("{GOOD}\n{GOOD}"));
        assert!(message.starts_with("def.json:2:"), "{message}");
        assert!(message.contains("defined twice"), "{message}");
        let message =
            refusal(&GOOD.replace("}", r#","targets":[{"period":"2019-Q4","value":1}]}"#));
        assert!(
            message.contains("invalid targets.period `2019-Q4`"),
            "{message}"
        );
        assert!(refusal("").contains("no indicator"));
        assert!(refusal("[1]").contains("expected a JSON object"));
        let message = refusal("{");
        assert!(
            message.starts_with("def.json:1:") && message.contains("not JSON"),
            "{message}"
        );
    }
}
