//! The store's manifest, `gsef.json`: which format and version the folder holds, and its sectors.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::sector::{Sector, SectorVocabulary};

/// The value of `format` that marks a folder as a gsef store.
pub const FORMAT_NAME: &str = "gsef-records";
/// The newest format version this gsef reads and writes. Version 2 added what an older gsef
/// would misread or refuse: a participant without a sector, an attendance record's `minutes`
/// and the completion rule `min_minutes`. A store stays at version 1 until a change writes one
/// of them (see `Record::format_version`), so older gsef versions keep working with it.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub sectors: Vec<Sector>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Manifest {
    pub fn new(vocabulary: &SectorVocabulary) -> Self {
        Manifest {
            format: FORMAT_NAME.to_string(),
            // The lowest version: a store is raised only when it holds what needs more.
            version: 1,
            sectors: vocabulary.sectors().to_vec(),
            extra: Map::new(),
        }
    }

    /// The manifest as gsef writes it: pretty JSON, one final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("a manifest serialises");
        bytes.push(b'\n');
        bytes
    }

    pub fn vocabulary(&self) -> SectorVocabulary {
        SectorVocabulary::new(self.sectors.clone())
    }

    /// True when a newer gsef wrote the store; this one may read it but must not write to it.
    pub fn is_from_the_future(&self) -> bool {
        self.version > FORMAT_VERSION
    }
}
