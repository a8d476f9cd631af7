//! A person who was invited to, registered for or attended an event.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::consent::Consent;
use super::event::country_problem;
use super::extra::Extra;
use super::id::id_problem;
use super::record::{FieldProblem, Record, TextChecks, TextFieldProblem};
use super::sector::SectorVocabulary;
use super::text;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// An id of the store's sector vocabulary, or a parent it implies; `None` when not recorded
    /// (a video call's report or a sign-in sheet asks nobody's sector). New in format 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Free text below the country: a state, province or region ("Jalisco", "Québec").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// The year the person was born: all gsef keeps of a date of birth, which is enough to
    /// place them in an age band (see [`super::age`]) and less to hold about them. `None` when
    /// not recorded. An older gsef keeps it as a field it does not know, so it needs no new
    /// format version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<u16>,
    /// Marks a made-up record (the shipped roll), so nobody mistakes it for a real person.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub illustrative: bool,
    /// Whether the person may be listed by name; `None` is "not recorded" (see [`Consent`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    /// Set by `participant forget`: the personal fields are gone, the attendance stays.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub forgotten: bool,
    /// The records `participant merge` folded into this one, oldest first, for review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged: Vec<MergedRecord>,
    /// Fields this gsef does not know, kept as written; the store's reader fills them in.
    #[serde(flatten, skip_deserializing)]
    pub extra: Extra,
}

/// One participant record that `participant merge` folded into another, so a merge can be
/// reviewed (and, with the dropped record's fields known, undone by hand).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergedRecord {
    /// The dropped record's id.
    pub id: String,
    /// Its name, for a reviewer; `participant forget` removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When it was merged, UTC, RFC 3339.
    pub at: String,
    /// The fields the kept record lacked and took from the dropped one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub took: Vec<String>,
    /// How many attendance records moved over unchanged.
    pub moved: usize,
    /// Events where both had a record, folded into the kept one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub folded_events: Vec<String>,
}

impl Record for Participant {
    const KIND: &'static str = "participant";
    const PLURAL: &'static str = "participants";
    const FILE: &'static str = "participants.jsonl";

    const FIELDS: &'static [&'static str] = &[
        "id",
        "name",
        "organization",
        "sector",
        "country",
        "region",
        "email",
        "gender",
        "birth_year",
        "illustrative",
        "consent",
        "forgotten",
        "merged",
    ];

    fn extra(&self) -> &Extra {
        &self.extra
    }

    fn extra_mut(&mut self) -> &mut Extra {
        &mut self.extra
    }

    fn key(&self) -> String {
        self.id.clone()
    }

    fn format_version(&self) -> u32 {
        // Format 1 required a sector.
        if self.sector.is_none() { 2 } else { 1 }
    }

    fn problems(&self, sectors: &SectorVocabulary) -> Vec<FieldProblem> {
        problems_of(
            &self.id,
            &self.name,
            self.sector.as_deref(),
            self.country.as_deref(),
            self.email.as_deref(),
            self.birth_year,
            sectors,
        )
    }

    fn text_problems(&self) -> Vec<TextFieldProblem> {
        let mut checks = TextChecks::new(Self::KIND, self.key());
        checks
            .field("name", &text::NAME, Some(&self.name))
            .field(
                "organization",
                &text::ORGANIZATION,
                self.organization.as_deref(),
            )
            .field("region", &text::REGION, self.region.as_deref())
            .field("email", &text::EMAIL, self.email.as_deref())
            .field("gender", &text::ANSWER, self.gender.as_deref());
        checks.problems
    }
}

/// Every way a participant's own fields break the format, from the fields alone, so a record
/// read as borrowed text is checked by the same rules as a full one.
pub fn problems_of(
    id: &str,
    name: &str,
    sector: Option<&str>,
    country: Option<&str>,
    email: Option<&str>,
    birth_year: Option<u16>,
    sectors: &SectorVocabulary,
) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if let Some(reason) = id_problem(id) {
        problems.push(FieldProblem::new("id", id, reason));
    }
    // Blank when every character is whitespace; asked this way, a real name answers at its
    // first character.
    if name.chars().all(char::is_whitespace) {
        problems.push(FieldProblem::new("name", name, "a name cannot be empty"));
    }
    if let Some(sector) = sector
        && !sectors.contains(sector)
    {
        let suggestions = sectors.suggestions(sector);
        let reason = if suggestions.is_empty() {
            "not in the store's sector vocabulary (see `gsef sector list`)".to_string()
        } else {
            format!(
                "not in the store's sector vocabulary; did you mean {}?",
                suggestions.join(", ")
            )
        };
        problems.push(FieldProblem::new("sector", sector, reason));
    }
    if let Some(code) = country
        && let Some(reason) = country_problem(code)
    {
        problems.push(FieldProblem::new("country", code, reason));
    }
    if let Some(email) = email
        && !looks_like_email(email)
    {
        problems.push(FieldProblem::new(
            "email",
            email,
            "expected an address like name@example.org",
        ));
    }
    if let Some(year) = birth_year
        && let Some(reason) = birth_year_problem(year)
    {
        problems.push(FieldProblem::new("birth_year", year.to_string(), reason));
    }
    problems
}

/// The earliest birth year gsef takes: anyone at an event today was born after it, and a
/// year before it is a slip (1776 for 1976) rather than a person.
pub const EARLIEST_BIRTH_YEAR: u16 = 1900;

/// Why `year` cannot be a participant's birth year, if it cannot: before 1900 or after this
/// year (by the clock [`current_year`] reads).
pub fn birth_year_problem(year: u16) -> Option<String> {
    let latest = current_year();
    (!(EARLIEST_BIRTH_YEAR..=latest).contains(&year)).then(|| {
        format!("a year of birth is between {EARLIEST_BIRTH_YEAR} and {latest}, this year")
    })
}

/// This year in UTC, read from the clock once per run: every participant line read is
/// checked against it, and a run spanning New Year's Eve must not judge two lines by two years.
pub fn current_year() -> u16 {
    static YEAR: std::sync::OnceLock<u16> = std::sync::OnceLock::new();
    *YEAR.get_or_init(|| super::day_count::today_utc().year)
}

/// What reports read of a participant, from a full record or a borrowed row alike.
pub trait ParticipantFacts {
    fn id(&self) -> &str;
    fn sector(&self) -> Option<&str>;
    fn country(&self) -> Option<&str>;
    fn region(&self) -> Option<&str>;
    fn organization(&self) -> Option<&str>;
    fn gender(&self) -> Option<&str>;
    /// The year of birth, when recorded; an age band is worked out from it (see
    /// [`super::age::band_of`]).
    fn birth_year(&self) -> Option<u16>;
    /// A made-up record, which a summary flags so nobody reports it as real attendance.
    fn illustrative(&self) -> bool;
}

/// Both kinds of participant keep these fields under the same names, as `String` or `Cow`.
macro_rules! participant_facts_from_fields {
    ($kind:ty) => {
        impl ParticipantFacts for $kind {
            fn id(&self) -> &str {
                &self.id
            }

            fn sector(&self) -> Option<&str> {
                self.sector.as_deref()
            }

            fn country(&self) -> Option<&str> {
                self.country.as_deref()
            }

            fn region(&self) -> Option<&str> {
                self.region.as_deref()
            }

            fn organization(&self) -> Option<&str> {
                self.organization.as_deref()
            }

            fn gender(&self) -> Option<&str> {
                self.gender.as_deref()
            }

            fn birth_year(&self) -> Option<u16> {
                self.birth_year
            }

            fn illustrative(&self) -> bool {
                self.illustrative
            }
        }
    };
}

participant_facts_from_fields!(Participant);
participant_facts_from_fields!(ParticipantRow<'_>);

/// The fields a report reads of a participant, borrowed from the collection's text where the
/// line allows (owned only for lines the general parser had to read), so a report over
/// hundreds of thousands of people builds no strings for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantRow<'a> {
    pub id: Cow<'a, str>,
    pub sector: Option<Cow<'a, str>>,
    pub country: Option<Cow<'a, str>>,
    pub region: Option<Cow<'a, str>>,
    pub organization: Option<Cow<'a, str>>,
    pub gender: Option<Cow<'a, str>>,
    pub birth_year: Option<u16>,
    pub illustrative: bool,
}

impl ParticipantRow<'_> {
    /// The row for a full record, for lines only the general parser could read.
    pub fn from_record(record: Participant) -> ParticipantRow<'static> {
        ParticipantRow {
            id: record.id.into(),
            sector: record.sector.map(Cow::Owned),
            country: record.country.map(Cow::Owned),
            region: record.region.map(Cow::Owned),
            organization: record.organization.map(Cow::Owned),
            gender: record.gender.map(Cow::Owned),
            birth_year: record.birth_year,
            illustrative: record.illustrative,
        }
    }
}

/// A deliberately loose check: one `@` with text on both sides and no whitespace.
fn looks_like_email(email: &str) -> bool {
    // Bytes, not characters: this runs for every participant read, and `@` and ASCII
    // whitespace are single bytes that no multi-byte character contains.
    let bytes = email.as_bytes();
    let Some(at) = bytes.iter().position(|&byte| byte == b'@') else {
        return false;
    };
    let has_whitespace = if email.is_ascii() {
        // `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, CR, space.
        bytes
            .iter()
            .any(|byte| matches!(byte, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '))
    } else {
        email.chars().any(char::is_whitespace)
    };
    at > 0 && at + 1 < bytes.len() && !bytes[at + 1..].contains(&b'@') && !has_whitespace
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Xorshift;

    /// The rule as first written, by characters, which the byte version must match.
    fn looks_like_email_by_characters(email: &str) -> bool {
        match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && !email.chars().any(char::is_whitespace)
            }
            None => false,
        }
    }

    #[test]
    fn email_check_by_bytes_matches_the_check_by_characters() {
        let pieces = [
            "a", "@", " ", "\t", "\u{b}", "\u{a0}", "é", "\u{2003}", ".", "\u{1f}",
        ];
        let mut random = Xorshift::new(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let email = random.text(&pieces, 8);
            assert_eq!(
                looks_like_email(&email),
                looks_like_email_by_characters(&email),
                "{email:?}"
            );
        }
        assert!(looks_like_email("ana@example.org"));
        assert!(!looks_like_email("ana@@example.org"));
    }

    #[test]
    fn a_name_of_whitespace_alone_is_blank() {
        let sectors = SectorVocabulary::default_vocabulary();
        let problems = |name| problems_of("p1", name, Some("sse"), None, None, None, &sectors);
        assert!(
            problems(" \u{2003}\t")
                .iter()
                .any(|p| p.to_string().contains("name"))
        );
        assert!(problems(" Ana ").is_empty());
    }
}
