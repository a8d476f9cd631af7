//! Where a report came from — gsef's version, the store's content hash, the command line, the
//! filters and the time — so a report sent to a funder can be reproduced and checked later.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use super::query::Query;

/// A report's provenance, as the `provenance` object of its JSON document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub gsef_version: String,
    /// `sha256:` and the digest of the store's record files (see `Reader::content_hash`).
    pub store_hash: String,
    /// The command line that made the report, starting with `gsef`, for a person to read.
    pub command: Vec<String>,
    /// The query the report answered, which `report verify` runs again. Reports made before
    /// queries were recorded have none, and are verified from their command line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Query>,
    /// The filters and options that shaped the report.
    pub filters: Map<String, Json>,
    /// When the report was made, UTC, RFC 3339.
    pub generated_at: String,
}

impl Provenance {
    /// The provenance of a report made now by this gsef.
    pub fn new(
        store_hash: String,
        command: Vec<String>,
        query: Query,
        filters: Map<String, Json>,
        generated_at: String,
    ) -> Provenance {
        Provenance {
            gsef_version: env!("CARGO_PKG_VERSION").to_string(),
            store_hash,
            command,
            query: Some(query),
            filters,
            generated_at,
        }
    }

    pub fn to_json(&self) -> Json {
        serde_json::to_value(self).expect("provenance serialises")
    }

    /// The command line as one shell-quoted line, for a person to read and re-run.
    pub fn command_line(&self) -> String {
        self.command
            .iter()
            .map(|word| crate::quote::shell_word(word))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_the_shell_would_split() {
        let provenance = Provenance::new(
            "sha256:00".into(),
            vec![
                "gsef".into(),
                "report".into(),
                "--by".into(),
                "it's here".into(),
            ],
            Query::Events(Default::default()),
            Map::new(),
            "2026-11-28T10:00:00Z".into(),
        );
        assert_eq!(
            provenance.command_line(),
            r"gsef report --by 'it'\''s here'"
        );
        let back: Provenance = serde_json::from_value(provenance.to_json()).unwrap();
        assert_eq!(back, provenance);
    }
}
