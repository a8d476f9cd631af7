//! The store's hierarchical sector vocabulary (`government/municipal` implies `government`).

use std::collections::BTreeMap;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

/// One entry of the vocabulary as the manifest stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sector {
    pub id: String,
    /// The store's own label, shown when no label is given for the reader's language.
    pub label: String,
    /// The label in other languages, by ISO 639-1 code (`"es": "Cooperativas"`), for reports
    /// written with `--lang`. An older gsef ignores them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// What a newer gsef writes in a sector that this one does not know, kept as it is when
    /// the manifest is written again.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Sector {
    /// An entry with its label and no translations.
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> Sector {
        Sector {
            id: id.into(),
            label: label.into(),
            labels: BTreeMap::new(),
            extra: serde_json::Map::new(),
        }
    }
}

/// The vocabulary `gsef init` writes, with its labels in English, Spanish, French and Korean:
/// the sectors a GSEF training typically gathers, the two families (government, the social and
/// solidarity economy) listed too, so that a report at `--depth 1` has their labels.
const DEFAULT_SECTORS: [(&str, [&str; 4]); 15] = [
    (
        "government",
        [
            "Government",
            "Gobierno",
            "Pouvoirs publics",
            "정부·공공 부문",
        ],
    ),
    (
        "government/municipal",
        [
            "Municipal government",
            "Gobierno municipal",
            "Collectivités locales",
            "기초 지방자치단체",
        ],
    ),
    (
        "government/state",
        [
            "State or regional government",
            "Gobierno estatal o regional",
            "Gouvernement régional ou d’État",
            "광역 지방자치단체",
        ],
    ),
    (
        "government/federal",
        [
            "Federal or national government",
            "Gobierno federal o nacional",
            "Gouvernement fédéral ou national",
            "중앙정부",
        ],
    ),
    (
        "sse",
        [
            "Social and solidarity economy",
            "Economía social y solidaria",
            "Économie sociale et solidaire",
            "사회연대경제",
        ],
    ),
    (
        "sse/cooperative",
        ["Cooperatives", "Cooperativas", "Coopératives", "협동조합"],
    ),
    (
        "sse/association",
        [
            "Associations",
            "Asociaciones",
            "Associations",
            "비영리 단체·협회",
        ],
    ),
    (
        "sse/mutual",
        ["Mutuals", "Mutualidades", "Mutuelles", "공제조합"],
    ),
    (
        "sse/social-enterprise",
        [
            "Social enterprises",
            "Empresas sociales",
            "Entreprises sociales",
            "사회적기업",
        ],
    ),
    (
        "sse/network",
        [
            "SSE networks and federations",
            "Redes y federaciones de la ESS",
            "Réseaux et fédérations de l’ESS",
            "사회연대경제 네트워크·연합체",
        ],
    ),
    (
        "academia",
        [
            "Universities and research",
            "Universidades e investigación",
            "Universités et recherche",
            "대학·연구 기관",
        ],
    ),
    (
        "international",
        [
            "International organisations",
            "Organismos internacionales",
            "Organisations internationales",
            "국제기구",
        ],
    ),
    (
        "civil-society",
        [
            "Civil society",
            "Sociedad civil",
            "Société civile",
            "시민사회",
        ],
    ),
    (
        "private",
        [
            "Private sector",
            "Sector privado",
            "Secteur privé",
            "민간 부문",
        ],
    ),
    ("other", ["Other", "Otro", "Autre", "기타"]),
];

/// The languages of [`DEFAULT_SECTORS`]' labels after the first, which is the entry's own.
const LABEL_LANGUAGES: [&str; 3] = ["es", "fr", "ko"];

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

    /// The vocabulary `gsef init` writes (see [`DEFAULT_SECTORS`]).
    pub fn default_vocabulary() -> Self {
        SectorVocabulary::new(
            DEFAULT_SECTORS
                .iter()
                .map(|(id, [own, translated @ ..])| Sector {
                    id: (*id).to_string(),
                    label: (*own).to_string(),
                    labels: LABEL_LANGUAGES
                        .iter()
                        .zip(translated)
                        .map(|(language, label)| ((*language).to_string(), (*label).to_string()))
                        .collect(),
                    extra: serde_json::Map::new(),
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

    /// The label of `id` for a reader of `language` (an ISO 639-1 code): the store's label in
    /// that language, else the label gsef ships for the same id of its default vocabulary (so a
    /// store made before labels had languages still reads in them, and `government` has a
    /// label where the store lists only its children), else the store's own label. `None` for
    /// an id nobody labelled.
    pub fn label_in(&self, id: &str, language: &str) -> Option<&str> {
        let own = self.sectors.iter().find(|sector| sector.id == id);
        let translated = own
            .and_then(|sector| sector.labels.get(language))
            .map(String::as_str)
            .filter(|label| !label.trim().is_empty());
        if translated.is_some() {
            return translated;
        }
        let shipped = || {
            let (_, labels) = DEFAULT_SECTORS.iter().find(|(known, _)| *known == id)?;
            let position = LABEL_LANGUAGES.iter().position(|code| *code == language);
            Some(position.map_or(labels[0], |position| labels[position + 1]))
        };
        let own_label = own
            .map(|sector| sector.label.as_str())
            .filter(|label| !label.trim().is_empty() && *label != id);
        if language == "en" {
            own_label.or_else(shipped)
        } else {
            shipped().or(own_label)
        }
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
    fn labels_come_in_the_reader_s_language_and_fall_back_to_the_shipped_ones() {
        let shipped = SectorVocabulary::default_vocabulary();
        assert_eq!(
            shipped.label_in("sse", "es"),
            Some("Economía social y solidaria")
        );
        assert_eq!(shipped.label_in("government", "en"), Some("Government"));
        assert_eq!(shipped.label_in("academia", "ko"), Some("대학·연구 기관"));
        // A store made before labels had languages, which relabelled one sector and added one.
        let older = SectorVocabulary::new(vec![
            Sector::new("sse/cooperative", "Co-ops"),
            Sector::new("youth", "Youth groups"),
            Sector::new("unlabelled", "unlabelled"),
        ]);
        assert_eq!(older.label_in("sse/cooperative", "en"), Some("Co-ops"));
        assert_eq!(
            older.label_in("sse/cooperative", "fr"),
            Some("Coopératives")
        );
        assert_eq!(
            older.label_in("sse", "fr"),
            Some("Économie sociale et solidaire")
        );
        assert_eq!(older.label_in("youth", "es"), Some("Youth groups"));
        assert_eq!(older.label_in("unlabelled", "es"), None);
        assert_eq!(older.label_in("nowhere", "en"), None);
        let mut translated = Sector::new("youth", "Youth groups");
        translated
            .labels
            .insert("es".into(), "Grupos juveniles".into());
        let newer = SectorVocabulary::new(vec![translated]);
        assert_eq!(newer.label_in("youth", "es"), Some("Grupos juveniles"));
        assert_eq!(newer.label_in("youth", "ko"), Some("Youth groups"));
    }

    #[test]
    fn a_sector_keeps_its_labels_and_what_a_newer_gsef_added() {
        let text = r#"{"id":"youth","label":"Youth groups","labels":{"es":"Grupos juveniles"},"icon":"y"}"#;
        let sector: Sector = serde_json::from_str(text).unwrap();
        assert_eq!(sector.labels["es"], "Grupos juveniles");
        assert_eq!(serde_json::to_string(&sector).unwrap(), text);
        let plain: Sector = serde_json::from_str(r#"{"id":"a","label":"A"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            r#"{"id":"a","label":"A"}"#
        );
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
