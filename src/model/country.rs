//! ISO 3166-1 alpha-2 country codes with their English names and UN M49 regions.

use std::sync::OnceLock;

/// One country of the embedded ISO 3166-1 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    /// UN M49 region ("Americas"); empty for Antarctica, which M49 leaves out.
    pub world_region: &'static str,
    /// UN M49 sub-region ("Latin America and the Caribbean").
    pub subregion: &'static str,
}

/// The table, as data rather than code: one line per country, tab-separated, in code order.
const COUNTRY_TABLE: &str = include_str!("countries.tsv");

/// Every country, indexed by its two letters (`A`–`Z` each), so finding one is an array read:
/// every participant of a store is checked against this table when it is read.
fn countries_by_code() -> &'static [Option<Country>; 26 * 26] {
    static TABLE: OnceLock<[Option<Country>; 26 * 26]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [None; 26 * 26];
        for line in COUNTRY_TABLE.lines() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let mut next = || fields.next().unwrap_or("");
            let country = Country {
                code: next(),
                name: next(),
                world_region: next(),
                subregion: next(),
            };
            let slot = slot_of(country.code).expect("the table holds two-letter codes");
            table[slot] = Some(country);
        }
        table
    })
}

/// Where a code sits in the table; `None` unless it is two upper-case letters.
fn slot_of(code: &str) -> Option<usize> {
    match *code.as_bytes() {
        [first @ b'A'..=b'Z', second @ b'A'..=b'Z'] => {
            Some(usize::from(first - b'A') * 26 + usize::from(second - b'A'))
        }
        _ => None,
    }
}

/// The country with this exact upper-case alpha-2 code.
pub fn lookup(code: &str) -> Option<Country> {
    countries_by_code()[slot_of(code)?]
}

/// Every country, in code order.
pub fn all() -> Vec<Country> {
    let mut countries: Vec<Country> = countries_by_code().iter().flatten().copied().collect();
    countries.sort_by_key(|country| country.code);
    countries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_every_iso_code_once() {
        assert_eq!(all().len(), 249);
        assert_eq!(
            COUNTRY_TABLE
                .lines()
                .filter(|line| !line.starts_with('#'))
                .count(),
            249
        );
    }

    #[test]
    fn derives_m49_regions() {
        let mexico = lookup("MX").unwrap();
        assert_eq!(mexico.name, "Mexico");
        assert_eq!(mexico.world_region, "Americas");
        assert_eq!(mexico.subregion, "Latin America and the Caribbean");
        assert_eq!(lookup("SN").unwrap().subregion, "Sub-Saharan Africa");
        assert_eq!(lookup("KR").unwrap().world_region, "Asia");
        assert_eq!(lookup("CA").unwrap().subregion, "Northern America");
        assert!(lookup("mx").is_none());
        assert!(lookup("XX").is_none());
    }
}
