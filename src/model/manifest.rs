//! The store's manifest, `gsef.json`: which format and version the folder holds, and its sectors.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::sector::{Sector, SectorVocabulary};

/// The value of `format` that marks a folder as a gsef store.
pub const FORMAT_NAME: &str = "gsef-records";
/// The format version this gsef reads and writes.
pub const FORMAT_VERSION: u32 = 1;

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
            version: FORMAT_VERSION,
            sectors: vocabulary.sectors().to_vec(),
            extra: Map::new(),
        }
    }

    pub fn vocabulary(&self) -> SectorVocabulary {
        SectorVocabulary::new(self.sectors.clone())
    }

    /// True when a newer gsef wrote the store; this one may read it but must not write to it.
    pub fn is_from_the_future(&self) -> bool {
        self.version > FORMAT_VERSION
    }
}
