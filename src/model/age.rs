//! Age bands, as an indicator defines them, and which band a person falls in at an event,
//! from their year of birth alone.
//!
//! gsef keeps only the year of birth `B` (see [`super::Participant::birth_year`]), so a
//! person's age on a day of year `Y` is one of two: `Y − B − 1` before their birthday that
//! year, `Y − B` on or after it. Which one is never guessed:
//!
//! - when both possible ages fall in the same band, the person is in that band
//!   ([`AgeBandOf::Band`]);
//! - when both fall in no band, they are outside every band ([`AgeBandOf::Outside`]);
//! - when the two straddle a band's edge (one in a band, the other in another or in none),
//!   their band is not recorded ([`AgeBandOf::NotRecorded`]), as it is when no year of birth is
//!   recorded or the event comes before it.
//!
//! In the year of birth itself only one age is possible, 0: nobody attends before being born.
//!
//! With bands 15–29 and 30+, at an event in 2019: born 1990 is 28 or 29, in the first band;
//! born 1989 is 29 or 30, not recorded; born 2010 is 8 or 9, outside both.

use serde::{Deserialize, Serialize};

use super::record::FieldProblem;

/// One band of ages, from `min` to `max` inclusive, or `min` and over when `max` is `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeBand {
    /// How a report heads the band: "15–29", "youth".
    pub label: String,
    pub min: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u16>,
}

impl AgeBand {
    fn contains(&self, age: u16) -> bool {
        self.min <= age && self.max.is_none_or(|max| age <= max)
    }

    fn overlaps(&self, other: &AgeBand) -> bool {
        self.max.is_none_or(|max| other.min <= max) && other.max.is_none_or(|max| self.min <= max)
    }

    /// "15–29", "30+": the ages, for a message.
    fn span(&self) -> String {
        match self.max {
            Some(max) => format!("{}–{max}", self.min),
            None => format!("{}+", self.min),
        }
    }
}

/// Every way a list of bands cannot be counted by: a band without a label, two bands under
/// one label (a report could not tell their columns apart), a band ending before it starts,
/// and two bands sharing an age (a person would be counted twice).
pub fn band_problems(bands: &[AgeBand]) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    for (index, band) in bands.iter().enumerate() {
        let number = index + 1;
        if band.label.trim().is_empty() {
            problems.push(FieldProblem::new(
                "age_bands",
                &band.label,
                format!("band {number} ({}) has no label", band.span()),
            ));
        } else if bands[..index]
            .iter()
            .any(|earlier| earlier.label.trim() == band.label.trim())
        {
            problems.push(FieldProblem::new(
                "age_bands",
                &band.label,
                format!("band {number}'s label is another band's too; each needs its own"),
            ));
        }
        if let Some(max) = band.max
            && max < band.min
        {
            problems.push(FieldProblem::new(
                "age_bands",
                &band.label,
                format!(
                    "band {number} ends at {max}, before it starts at {}",
                    band.min
                ),
            ));
            // Its overlaps would only restate that it is empty.
            continue;
        }
        for (earlier_index, earlier) in bands[..index].iter().enumerate() {
            let ordered = earlier.max.is_none_or(|max| earlier.min <= max);
            if ordered && earlier.overlaps(band) {
                problems.push(FieldProblem::new(
                    "age_bands",
                    &band.label,
                    format!(
                        "band {number} ({}) shares ages with band {} ({}); a person would be counted in both",
                        band.span(),
                        earlier_index + 1,
                        earlier.span()
                    ),
                ));
            }
        }
    }
    problems
}

/// Where a person falls among an indicator's bands at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeBandOf {
    /// In the band at this position, whichever side of their birthday the event fell.
    Band(usize),
    /// In no band, whichever side of their birthday.
    Outside,
    /// Not known: no year of birth, an event before it, or two possible ages in two places.
    NotRecorded,
}

/// The band of someone born in `birth_year` at an event in `event_year` (see the module
/// doc for the rule). `bands` are taken as [`band_problems`] leaves them: no overlaps.
pub fn band_of(bands: &[AgeBand], birth_year: Option<u16>, event_year: u16) -> AgeBandOf {
    let Some(birth_year) = birth_year else {
        return AgeBandOf::NotRecorded;
    };
    let Some(older) = event_year.checked_sub(birth_year) else {
        return AgeBandOf::NotRecorded;
    };
    let younger = older.saturating_sub(1);
    let band = |age: u16| bands.iter().position(|band| band.contains(age));
    match (band(younger), band(older)) {
        (Some(first), Some(second)) if first == second => AgeBandOf::Band(first),
        (None, None) => AgeBandOf::Outside,
        _ => AgeBandOf::NotRecorded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(label: &str, min: u16, max: Option<u16>) -> AgeBand {
        AgeBand {
            label: label.to_string(),
            min,
            max,
        }
    }

    /// 15–29 and 30 and over.
    fn youth_and_adults() -> Vec<AgeBand> {
        vec![band("15–29", 15, Some(29)), band("30+", 30, None)]
    }

    #[test]
    fn a_band_is_known_only_when_both_possible_ages_agree() {
        let bands = youth_and_adults();
        let at_2019 = |born| band_of(&bands, born, 2019);
        // 28 or 29: both 15–29.
        assert_eq!(at_2019(Some(1990)), AgeBandOf::Band(0));
        // 29 or 30: one each side of the edge.
        assert_eq!(at_2019(Some(1989)), AgeBandOf::NotRecorded);
        // 48 or 49.
        assert_eq!(at_2019(Some(1970)), AgeBandOf::Band(1));
        // 8 or 9: younger than every band.
        assert_eq!(at_2019(Some(2010)), AgeBandOf::Outside);
        // 14 or 15: outside, or the first band.
        assert_eq!(at_2019(Some(2004)), AgeBandOf::NotRecorded);
        // 15 or 16.
        assert_eq!(at_2019(Some(2003)), AgeBandOf::Band(0));
        assert_eq!(at_2019(None), AgeBandOf::NotRecorded);
    }

    #[test]
    fn an_event_before_the_birth_year_places_nobody() {
        let bands = vec![band("babies", 0, Some(1))];
        assert_eq!(band_of(&bands, Some(2020), 2019), AgeBandOf::NotRecorded);
        // Born that year: 0, the only age a person at the event can be.
        assert_eq!(band_of(&bands, Some(2019), 2019), AgeBandOf::Band(0));
        // 0 or 1, both babies; then 1 or 2.
        assert_eq!(band_of(&bands, Some(2018), 2019), AgeBandOf::Band(0));
        assert_eq!(band_of(&bands, Some(2017), 2019), AgeBandOf::NotRecorded);
    }

    #[test]
    fn a_gap_between_bands_is_outside_them() {
        let bands = vec![band("children", 0, Some(11)), band("adults", 18, None)];
        // 14 or 15: in the gap either way.
        assert_eq!(band_of(&bands, Some(2005), 2020), AgeBandOf::Outside);
        // 11 or 12: a band, or the gap.
        assert_eq!(band_of(&bands, Some(2008), 2020), AgeBandOf::NotRecorded);
    }

    #[test]
    fn bands_that_cannot_be_counted_by_are_refused() {
        assert!(band_problems(&youth_and_adults()).is_empty());
        let reasons = |bands: &[AgeBand]| {
            band_problems(bands)
                .iter()
                .map(|problem| {
                    assert_eq!(problem.field, "age_bands");
                    problem.reason.clone()
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            reasons(&[band(" ", 15, Some(29))]),
            ["band 1 (15–29) has no label"]
        );
        assert_eq!(
            reasons(&[band("youth", 15, Some(24)), band("youth", 25, Some(29))]),
            ["band 2's label is another band's too; each needs its own"]
        );
        assert_eq!(
            reasons(&[band("youth", 29, Some(15))]),
            ["band 1 ends at 15, before it starts at 29"]
        );
        assert_eq!(
            reasons(&[band("15–29", 15, Some(29)), band("25+", 25, None)]),
            ["band 2 (25+) shares ages with band 1 (15–29); a person would be counted in both"]
        );
        // Two open-ended bands always share their older ages.
        assert_eq!(
            reasons(&[band("18+", 18, None), band("60+", 60, None)]).len(),
            1
        );
        // Touching edges are not shared ages.
        assert!(band_problems(&[band("a", 0, Some(14)), band("b", 15, Some(15))]).is_empty());
    }

    #[test]
    fn bands_read_as_an_indicator_writes_them() {
        let bands: Vec<AgeBand> = serde_json::from_str(
            r#"[{"label": "15–29", "min": 15, "max": 29}, {"label": "30+", "min": 30}]"#,
        )
        .unwrap();
        assert_eq!(bands, youth_and_adults());
        assert_eq!(
            serde_json::to_string(&bands[1]).unwrap(),
            r#"{"label":"30+","min":30}"#
        );
        let unknown = serde_json::from_str::<AgeBand>(r#"{"label": "x", "min": 1, "upto": 2}"#);
        assert!(unknown.is_err());
    }
}
