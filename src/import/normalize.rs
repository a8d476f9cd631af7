//! Lenient reading of what people type into forms: country names in English, Spanish and
//! French, and sector answers matched to the store's vocabulary, both by their folded text
//! ([`fold`], which the model owns).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::SectorVocabulary;
use crate::model::{country, formula};

/// Folding lives in the model, which reads days and marks with it too; import keeps its name.
pub use crate::model::folding::fold;

/// Names people use for countries, generated from pycountry by `tools/country_names.py`.
const COUNTRY_NAMES: &str = include_str!("country_names.tsv");

/// The cell with surrounding whitespace trimmed and the spreadsheet formula guards taken off:
/// gsef's own CSV export writes `'=x` for a cell `=x` and `Ana;'=x` for `Ana;=x`, so importing
/// it back restores what was exported ([`formula::unguard`]).
pub fn clean_cell(cell: &str) -> Cow<'_, str> {
    formula::unguard(cell.trim())
}

fn countries_by_folded_name() -> &'static HashMap<String, &'static str> {
    static TABLE: OnceLock<HashMap<String, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = HashMap::new();
        for country in country::all() {
            table.insert(fold(country.name), country.code);
        }
        for line in COUNTRY_NAMES.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if let Some((code, name)) = line.split_once('\t') {
                table.entry(fold(name)).or_insert(code);
            }
        }
        table
    })
}

/// The ISO 3166-1 alpha-2 code a person meant: "mx", "MEX", "México", "Mexique" all give `MX`.
pub fn country_code(text: &str) -> Option<&'static str> {
    let trimmed = text.trim();
    if trimmed.len() == 2
        && let Some(country) = country::lookup(&trimmed.to_ascii_uppercase())
    {
        return Some(country.code);
    }
    countries_by_folded_name().get(&fold(trimmed)).copied()
}

/// Matches a sector answer to a vocabulary id by the answer's meaning, not its spelling.
#[derive(Debug, Clone, Default)]
pub struct SectorMatcher {
    /// Answers from `--sector-map`, folded; they win over everything else.
    mapped: HashMap<String, String>,
    /// Folded ids, labels and last path segments of the vocabulary.
    known: HashMap<String, String>,
}

impl SectorMatcher {
    /// Learns every id (and implied parent), label and last segment (`municipal`) of the vocabulary.
    ///
    /// A last segment shared by two ids would be ambiguous, so it is left out rather than guessed.
    pub fn new(vocabulary: &SectorVocabulary) -> Self {
        let mut known = HashMap::new();
        let mut segment_owners: HashMap<String, Vec<String>> = HashMap::new();
        for sector in vocabulary.sectors() {
            known.insert(fold(&sector.id), sector.id.clone());
            known.insert(fold(&sector.label), sector.id.clone());
            // A form in Spanish, French or Korean offers the labels in its language.
            for label in sector.labels.values() {
                known
                    .entry(fold(label))
                    .or_insert_with(|| sector.id.clone());
            }
            let mut prefix = String::new();
            for (depth, segment) in sector.id.split('/').enumerate() {
                if depth > 0 {
                    prefix.push('/');
                }
                prefix.push_str(segment);
                known.entry(fold(&prefix)).or_insert_with(|| prefix.clone());
            }
            if let Some(last) = sector.id.rsplit('/').next() {
                segment_owners
                    .entry(fold(last))
                    .or_default()
                    .push(sector.id.clone());
            }
        }
        for (segment, owners) in segment_owners {
            if let [only] = owners.as_slice() {
                known.entry(segment).or_insert_with(|| only.clone());
            }
        }
        SectorMatcher {
            mapped: HashMap::new(),
            known,
        }
    }

    /// Adds a free-text answer that means `sector_id`, as a `--sector-map` file lists it.
    pub fn map_answer(&mut self, answer: &str, sector_id: &str) {
        self.mapped.insert(fold(answer), sector_id.to_string());
    }

    /// The sector id the answer means, if any.
    pub fn sector_id(&self, answer: &str) -> Option<&str> {
        let folded = fold(answer);
        self.mapped
            .get(&folded)
            .or_else(|| self.known.get(&folded))
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_countries_by_code_and_by_name_in_three_languages() {
        for (text, code) in [
            ("MX", "MX"),
            ("mx", "MX"),
            ("MEX", "MX"),
            ("México", "MX"),
            ("mexico", "MX"),
            ("Mexique", "MX"),
            ("Sénégal", "SN"),
            ("Senegal", "SN"),
            ("Corée du Sud", "KR"),
            ("Corea del Sur", "KR"),
            ("South Korea", "KR"),
            ("Ouganda", "UG"),
            ("Uganda", "UG"),
            ("Canadá", "CA"),
            ("Côte d'Ivoire", "CI"),
            ("Estados Unidos", "US"),
        ] {
            assert_eq!(country_code(text), Some(code), "{text}");
        }
        assert_eq!(country_code("Narnia"), None);
        assert_eq!(country_code("XX"), None);
    }

    #[test]
    fn matches_sectors_by_id_label_segment_and_map() {
        let mut matcher = SectorMatcher::new(&SectorVocabulary::default_vocabulary());
        assert_eq!(
            matcher.sector_id("sse/cooperative"),
            Some("sse/cooperative")
        );
        assert_eq!(matcher.sector_id("Cooperatives"), Some("sse/cooperative"));
        assert_eq!(matcher.sector_id("cooperative"), Some("sse/cooperative"));
        assert_eq!(
            matcher.sector_id("Municipal government"),
            Some("government/municipal")
        );
        assert_eq!(matcher.sector_id("Government"), Some("government"));
        // The labels in the other languages, as a form in that language offers them.
        assert_eq!(
            matcher.sector_id("gobierno MUNICIPAL"),
            Some("government/municipal")
        );
        assert_eq!(matcher.sector_id("Coopératives"), Some("sse/cooperative"));
        assert_eq!(matcher.sector_id("Ayuntamiento"), None);
        matcher.map_answer("Ayuntamiento", "government/municipal");
        assert_eq!(
            matcher.sector_id("ayuntamiento"),
            Some("government/municipal")
        );
    }

    #[test]
    fn takes_the_formula_guard_off() {
        assert_eq!(clean_cell(" '=SUM(A1) "), "=SUM(A1)");
        assert_eq!(clean_cell("'tis"), "'tis");
        assert_eq!(clean_cell("Ana;'=x"), "Ana;=x");
        assert_eq!(clean_cell("'\u{ff1d}1"), "\u{ff1d}1");
        assert_eq!(clean_cell(" Ana "), "Ana");
    }
}
