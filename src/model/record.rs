//! What every kind of record shares: its collection file, its key, and the checks on its fields.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::sector::SectorVocabulary;

/// A field of one record that breaks the format, with the offending value and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub value: String,
    pub reason: String,
}

impl FieldProblem {
    pub fn new(field: &'static str, value: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldProblem {
            field,
            value: value.into(),
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The value came from a file or a command line, and may be of any length.
        write!(
            f,
            "invalid {} `{}`: {}",
            self.field,
            crate::quote::value(&self.value),
            self.reason
        )
    }
}

/// One kind of record kept as a JSON Lines collection in the store.
pub trait Record: Serialize + DeserializeOwned + Send {
    /// The name a person uses for one record ("event").
    const KIND: &'static str;
    /// The name for several ("events"), for counts in messages.
    const PLURAL: &'static str;
    /// The collection file in the store folder ("events.jsonl").
    const FILE: &'static str;

    /// What makes the record unique in its collection: an id, or `event participant`.
    fn key(&self) -> String;

    /// True when the record carries fields this version does not know (kept in `extra`).
    fn has_unknown_fields(&self) -> bool;

    /// Every way the record's own fields break the format; references to other records are the
    /// store's to check, since they need the other collections.
    fn problems(&self, sectors: &SectorVocabulary) -> Vec<FieldProblem>;
}

/// "1 event", "3 attendance records": a count with the right form of its noun.
pub fn count_of(count: usize, singular: &str, plural: &str) -> String {
    if count == 1 {
        format!("1 {singular}")
    } else {
        format!("{count} {plural}")
    }
}
