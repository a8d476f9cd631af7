//! The fields of a record that this gsef does not know, kept exactly as they were written.
//!
//! A newer gsef, another tool or a hand edit may add fields; a rewrite of the collection must
//! give them back byte for byte, numbers included: `123456789012345678901234567890` stays that,
//! not `1.2345678901234568e+29`, and `-0` stays `-0`. So each value is kept as its raw JSON
//! text. Serialised, the fields follow the known ones; they are filled in by the store's general
//! reader, which alone sees the line's text (the derive would only hand over parsed values).

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

/// Unknown fields in their order, each with its value's JSON text.
#[derive(Debug, Clone, Default)]
pub struct Extra(Vec<(String, Box<RawValue>)>);

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .zip(&other.0)
                .all(|((key, value), (other_key, other_value))| {
                    key == other_key && value.get() == other_value.get()
                })
    }
}

impl Extra {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The fields' names, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(key, _)| key.as_str())
    }

    /// The value of `key` as its JSON text.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.get())
    }

    /// Sets `key` to a value's JSON text, replacing any value it had.
    pub fn insert(&mut self, key: String, value: Box<RawValue>) {
        match self.0.iter_mut().find(|(name, _)| *name == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    /// Sets `key` to `value`, written as compact JSON.
    pub fn insert_value(&mut self, key: String, value: &serde_json::Value) {
        let text = serde_json::to_string(value).expect("a JSON value serialises");
        self.insert(
            key,
            RawValue::from_string(text).expect("serde_json wrote JSON"),
        );
    }

    /// Takes every field of `other` that this one does not have (a merge keeps its own).
    pub fn fill_from(&mut self, other: &Extra) {
        for (key, value) in &other.0 {
            if self.get(key).is_none() {
                self.0.push((key.clone(), value.clone()));
            }
        }
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_come_back_as_they_were_written() {
        let mut extra = Extra::default();
        for (key, text) in [
            ("big", "123456789012345678901234567890"),
            ("zero", "-0"),
            ("escaped", r#""caf\u00e9""#),
        ] {
            extra.insert(key.into(), RawValue::from_string(text.into()).unwrap());
        }
        extra.insert_value("later".into(), &serde_json::json!({"a": [1, 2.5]}));
        assert_eq!(
            serde_json::to_string(&extra).unwrap(),
            r#"{"big":123456789012345678901234567890,"zero":-0,"escaped":"caf\u00e9","later":{"a":[1,2.5]}}"#
        );
        let mut kept = Extra::default();
        kept.insert_value("zero".into(), &serde_json::json!(1));
        kept.fill_from(&extra);
        assert_eq!(kept.get("zero"), Some("1"));
        assert_eq!(kept.len(), 4);
    }
}
