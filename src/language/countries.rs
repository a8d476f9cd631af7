//! Country names in the four languages, as CLDR gives them (`countries.tsv`, written by
//! `tools/cldr_country_names.py`): 멕시코 and Mexique for MX, where ISO's English name would
//! be the same in every report.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::Language;

const TABLE: &str = include_str!("countries.tsv");

/// The names of the country `code` in each language, in [`Language::ALL`]'s order.
fn names_by_code() -> &'static HashMap<&'static str, [&'static str; 4]> {
    static NAMES: OnceLock<HashMap<&'static str, [&'static str; 4]>> = OnceLock::new();
    NAMES.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| {
                let mut fields = line.split('\t');
                let code = fields.next().unwrap_or_default();
                let names = std::array::from_fn(|_| fields.next().unwrap_or(code));
                (code, names)
            })
            .collect()
    })
}

/// The name of the country `code` (ISO 3166-1 alpha-2, upper case) in `language`.
pub fn name(language: Language, code: &str) -> Option<&'static str> {
    names_by_code()
        .get(code)
        .map(|names| names[language as usize])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::country;

    #[test]
    fn every_known_country_has_a_name_in_every_language() {
        for known in country::all() {
            for language in Language::ALL {
                let name = name(language, known.code);
                assert!(
                    name.is_some_and(|name| !name.is_empty()),
                    "{} in {language:?}",
                    known.code
                );
            }
        }
    }

    #[test]
    fn the_series_countries_read_as_their_readers_write_them() {
        assert_eq!(name(Language::Es, "MX"), Some("México"));
        assert_eq!(name(Language::Fr, "SN"), Some("Sénégal"));
        assert_eq!(name(Language::Ko, "KR"), Some("대한민국"));
        assert_eq!(name(Language::Fr, "UG"), Some("Ouganda"));
        assert_eq!(name(Language::En, "XX"), None);
    }
}
