//! The store's manifest, `gsef.json`: which format and version the folder holds, and its sectors.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::sector::{Sector, SectorVocabulary};
use super::vocabulary::{Term, Vocabulary};
use crate::language::Language;

/// The value of `format` that marks a folder as a gsef store.
pub const FORMAT_NAME: &str = "gsef-records";
/// The newest format version this gsef reads and writes. Version 2 added what an older gsef
/// would misread or refuse: a participant without a sector, an attendance record's `minutes`
/// and the completion rule `min_minutes`. A store stays at version 1 until a change writes one
/// of them (see `Record::format_version`), so older gsef versions keep working with it.
/// Version 3 added the responses collection (`responses.jsonl`), which an older gsef would
/// leave unchecked, unhashed and unmerged. Version 4 added the register of issued certificates
/// (`certificates.jsonl`), for the same reason. Version 5 added indicator definitions
/// (`indicators.jsonl`), for the same reason again.
pub const FORMAT_VERSION: u32 = 5;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub sectors: Vec<Sector>,
    /// Gender terms this store adds to gsef's, or synonyms it adds to them (see
    /// [`Vocabulary::genders`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub genders: Vec<Term>,
    /// Synonyms this store adds to the consent answers `list`, `aggregate`, `none`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consent_answers: Vec<Term>,
    /// What ticking a sign-in sheet's consent box agrees to, by language code (`en`, `es`, …);
    /// gsef's own words where a language has none.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub consent_wording: BTreeMap<String, String>,
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
            genders: Vec::new(),
            consent_answers: Vec::new(),
            consent_wording: BTreeMap::new(),
            extra: Map::new(),
        }
    }

    /// The manifest as gsef writes it: pretty JSON, one final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("a manifest serialises");
        bytes.push(b'\n');
        bytes
    }

    /// The store's consent wording in `language`, when it has one.
    pub fn consent_wording(&self, language: Language) -> Option<String> {
        self.consent_wording
            .get(language.code())
            .filter(|wording| !wording.trim().is_empty())
            .cloned()
    }

    pub fn vocabulary(&self) -> SectorVocabulary {
        SectorVocabulary::new(self.sectors.clone())
    }

    pub fn gender_vocabulary(&self) -> Vocabulary {
        Vocabulary::genders(&self.genders)
    }

    /// The consent answers; refused when the manifest lists a consent gsef does not have.
    pub fn consent_vocabulary(&self) -> Result<Vocabulary, String> {
        Vocabulary::consents(&self.consent_answers)
    }

    /// True when a newer gsef wrote the store; this one may read it but must not write to it.
    pub fn is_from_the_future(&self) -> bool {
        self.version > FORMAT_VERSION
    }
}
