//! The store's hierarchical sector vocabulary (`government/municipal` implies `government`).

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

/// One entry of the vocabulary as the manifest stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sector {
    pub id: String,
    pub label: String,
}

/// The vocabulary a store accepts for a participant's `sector`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SectorVocabulary {
    sectors: Vec<Sector>,
    /// Every listed id and every parent one implies, for [`SectorVocabulary::contains`], which
    /// runs once per participant read.
    accepted: FxHashSet<String>,
}

impl SectorVocabulary {
    pub fn new(sectors: Vec<Sector>) -> Self {
        let accepted = sectors
            .iter()
            .flat_map(|sector| {
                let id = sector.id.as_str();
                let parents = id.match_indices('/').map(move |(slash, _)| &id[..slash]);
                parents.chain(std::iter::once(id)).map(str::to_string)
            })
            .collect();
        SectorVocabulary { sectors, accepted }
    }

    /// The vocabulary `gsef init` writes: the sectors a GSEF training typically gathers.
    pub fn default_vocabulary() -> Self {
        let entries = [
            ("government/municipal", "Municipal government"),
            ("government/state", "State or regional government"),
            ("government/federal", "Federal or national government"),
            ("sse/cooperative", "Cooperatives"),
            ("sse/association", "Associations"),
            ("sse/mutual", "Mutuals"),
            ("sse/social-enterprise", "Social enterprises"),
            ("sse/network", "SSE networks and federations"),
            ("academia", "Universities and research"),
            ("international", "International organisations"),
            ("civil-society", "Civil society"),
            ("private", "Private sector"),
            ("other", "Other"),
        ];
        SectorVocabulary::new(
            entries
                .iter()
                .map(|(id, label)| Sector {
                    id: (*id).to_string(),
                    label: (*label).to_string(),
                })
                .collect(),
        )
    }

    pub fn sectors(&self) -> &[Sector] {
        &self.sectors
    }

    /// True for a listed id or for a parent that a listed id implies (`government`).
    pub fn contains(&self, id: &str) -> bool {
        self.accepted.contains(id)
    }

    /// The label of a listed id; an implied parent is labelled by its own id.
    pub fn label<'a>(&'a self, id: &'a str) -> &'a str {
        self.sectors
            .iter()
            .find(|sector| sector.id == id)
            .map_or(id, |sector| sector.label.as_str())
    }

    /// Ids that are spelled nearly like `id`, to suggest in an error.
    pub fn suggestions(&self, id: &str) -> Vec<&str> {
        let wanted = id.to_lowercase();
        self.sectors
            .iter()
            .map(|sector| sector.id.as_str())
            .filter(|candidate| {
                let last = candidate.rsplit('/').next().unwrap_or(candidate);
                candidate.contains(&wanted) || (wanted.len() >= 3 && last.starts_with(&wanted[..3]))
            })
            .collect()
    }
}

/// True when `ancestor` is a proper `/`-prefix of `id` (`sse` of `sse/mutual`, not of `sse2/x`).
pub fn is_ancestor(ancestor: &str, id: &str) -> bool {
    id.len() > ancestor.len() && id.starts_with(ancestor) && id.as_bytes()[ancestor.len()] == b'/'
}

/// True when `id` is `filter` itself or lies below it, so `--sector government` selects all levels.
pub fn matches_filter(id: &str, filter: &str) -> bool {
    id == filter || is_ancestor(filter, id)
}

/// The id cut to its first `depth` levels (`government/municipal` at depth 1 is `government`).
pub fn truncate(id: &str, depth: usize) -> &str {
    match id.match_indices('/').nth(depth.saturating_sub(1)) {
        Some((index, _)) if depth > 0 => &id[..index],
        _ => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_are_implied_by_children() {
        let vocabulary = SectorVocabulary::default_vocabulary();
        assert!(vocabulary.contains("government/municipal"));
        assert!(vocabulary.contains("government"));
        assert!(vocabulary.contains("sse"));
        assert!(!vocabulary.contains("gov"));
        assert!(!vocabulary.contains("government/"));
        assert!(!vocabulary.contains("banking"));
    }

    #[test]
    fn filters_and_truncates_by_level() {
        assert!(matches_filter("government/state", "government"));
        assert!(matches_filter("government", "government"));
        assert!(!matches_filter("governmental", "government"));
        assert_eq!(truncate("government/municipal", 1), "government");
        assert_eq!(truncate("government/municipal", 2), "government/municipal");
        assert_eq!(truncate("academia", 1), "academia");
    }

    #[test]
    fn suggests_close_ids() {
        let vocabulary = SectorVocabulary::default_vocabulary();
        assert_eq!(
            vocabulary.suggestions("municipal"),
            vec!["government/municipal"]
        );
        assert!(vocabulary.suggestions("coop").contains(&"sse/cooperative"));
    }
}
