//! The short code on each row of a printed sign-in sheet, which brings the filled sheet back to
//! the very people it listed: `7QK-M3TX9`, the event's part before the dash and the person's
//! after it.
//!
//! Both parts are cut from SHA-256 digests, so a code says nothing of who the person is and
//! needs nothing stored: the import works the codes of the event's people out again. The
//! event's part tells a sheet brought to the wrong event; the person's part is as long as it
//! must be for no two people on the sheet to share it (five characters at the least).
//! Characters are Crockford's base 32: no I, L, O or U to misread in handwriting or print.

use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const EVENT_PART: usize = 3;
/// The shortest person's part: five characters, 2^25 codes, so a sheet of a hundred people
/// needs no more.
const SHORTEST_PERSON_PART: usize = 5;
/// A SHA-256 digest holds 51 characters of base 32; a sheet needing more has people with the
/// same id, which a store never holds.
const LONGEST_PERSON_PART: usize = 51;

/// The event's part of every code on its sheets.
pub fn event_part(event: &str) -> String {
    base32(&digest(&["gsef sign-in sheet event", event]), EVENT_PART)
}

/// A person's part at `event`, at its full length; a code uses its first characters.
fn person_digits(event: &str, participant: &str) -> String {
    base32(
        &digest(&["gsef sign-in sheet person", event, participant]),
        LONGEST_PERSON_PART,
    )
}

fn digest(parts: &[&str]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        // Each part framed by its length, so no two lists of parts hash alike.
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

fn base32(bytes: &[u8], characters: usize) -> String {
    let mut text = String::with_capacity(characters);
    let (mut buffer, mut bits) = (0u32, 0);
    for &byte in bytes {
        if text.len() == characters {
            break;
        }
        buffer = buffer << 8 | u32::from(byte);
        bits += 8;
        while bits >= 5 && text.len() < characters {
            bits -= 5;
            text.push(char::from(ALPHABET[(buffer >> bits) as usize & 31]));
        }
        buffer &= (1 << bits) - 1;
    }
    text
}

/// A code as a person may have typed it back: upper case, without spaces, and the letters
/// Crockford's alphabet leaves out read as the digits they look like.
pub fn normalize(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// The codes of one event's sheet: one per person, each as short as keeps them apart.
#[derive(Debug, Clone)]
pub struct SheetCodes {
    event: String,
    event_part: String,
    /// Each person's id and full-length part.
    people: Vec<(String, String)>,
    length: usize,
    /// The other events' parts, to say whose sheet a code from elsewhere is.
    others: Vec<(String, String)>,
}

impl CodeProblem {
    /// Why the code `code` on a sheet imported into `event` is refused, in one sentence.
    pub fn reason(&self, code: &str, event: &str) -> String {
        match self {
            CodeProblem::Malformed => {
                format!("`{code}` is no sheet code; `gsef sheet` prints codes like 9ZM-2TPTV")
            }
            CodeProblem::OtherEvent(events) => match events.as_slice() {
                [only] => format!(
                    "sheet code `{code}` is from the sign-in sheet of `{only}`, not of `{event}`: import the sheet with --event {only}"
                ),
                [] => format!(
                    "sheet code `{code}` is from the sign-in sheet of an event this store does not have, not of `{event}`"
                ),
                several => format!(
                    "sheet code `{code}` is from the sign-in sheet of {}, not of `{event}`",
                    several
                        .iter()
                        .map(|e| format!("`{e}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            },
            CodeProblem::Nobody(event) => format!(
                "sheet code `{code}` is nobody registered for `{event}`; was the code mistyped?"
            ),
            CodeProblem::Ambiguous => format!(
                "sheet code `{code}` now fits two people registered for `{event}`; give the row's gsef id in an `id` column with --map id=COLUMN"
            ),
        }
    }
}

impl SheetCodes {
    /// The codes for `participants` (ids) at `event`.
    pub fn new<'a>(event: &str, participants: impl IntoIterator<Item = &'a str>) -> Self {
        let mut people: Vec<(String, String)> = participants
            .into_iter()
            .map(|id| (id.to_string(), person_digits(event, id)))
            .collect();
        people.sort_by(|a, b| a.1.cmp(&b.1));
        // Sorted by their digits, two people who would share a code of length L are
        // neighbours: the length needed is one more than the longest shared start.
        let shared = people
            .windows(2)
            .map(|pair| {
                let (a, b) = (pair[0].1.as_bytes(), pair[1].1.as_bytes());
                a.iter().zip(b).take_while(|(x, y)| x == y).count()
            })
            .max()
            .unwrap_or(0);
        SheetCodes {
            event: event.to_string(),
            event_part: event_part(event),
            people,
            length: (shared + 1).clamp(SHORTEST_PERSON_PART, LONGEST_PERSON_PART),
            others: Vec::new(),
        }
    }

    /// Knows the store's other events, so that a code from one of their sheets is named as
    /// such.
    pub fn with_other_events<'a>(mut self, events: impl IntoIterator<Item = &'a str>) -> Self {
        self.others = events
            .into_iter()
            .filter(|event| *event != self.event)
            .map(|event| (event_part(event), event.to_string()))
            .collect();
        self
    }

    /// The event the codes are of.
    pub fn event(&self) -> &str {
        &self.event
    }

    /// The code of `participant`, one of the people the codes were made for.
    pub fn code_of(&self, participant: &str) -> Option<String> {
        let (_, digits) = self.people.iter().find(|(id, _)| id == participant)?;
        Some(format!("{}-{}", self.event_part, &digits[..self.length]))
    }

    /// The person a code on a returned sheet stands for, or why it stands for nobody here.
    /// A code printed before more people registered still reads: it names one person's
    /// digits however many people the event has now, unless another now shares them.
    pub fn person_of(&self, code: &str) -> Result<&str, CodeProblem> {
        let code = normalize(code);
        let Some((event_part, digits)) = code.split_once('-') else {
            return Err(CodeProblem::Malformed);
        };
        if event_part.len() != EVENT_PART
            || digits.len() < SHORTEST_PERSON_PART
            || !code.bytes().all(|b| b == b'-' || ALPHABET.contains(&b))
        {
            return Err(CodeProblem::Malformed);
        }
        if event_part != self.event_part {
            let events = (self.others.iter())
                .filter(|(part, _)| part == event_part)
                .map(|(_, event)| event.clone())
                .collect();
            return Err(CodeProblem::OtherEvent(events));
        }
        let mut matching = self
            .people
            .iter()
            .filter(|(_, full)| full.starts_with(digits));
        match (matching.next(), matching.next()) {
            (Some((id, _)), None) => Ok(id),
            (None, _) => Err(CodeProblem::Nobody(self.event.clone())),
            (Some(_), Some(_)) => Err(CodeProblem::Ambiguous),
        }
    }
}

/// Why a code on a returned sheet names nobody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeProblem {
    /// Not a code a sheet prints.
    Malformed,
    /// A code from the sheet of another event: the store's events whose sheets it may be from
    /// (none when the event is not in the store).
    OtherEvent(Vec<String>),
    /// Nobody at the event has it.
    Nobody(String),
    /// Two people now share it: read by neither, never guessed.
    Ambiguous,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_brings_back_its_person_and_only_at_its_event() {
        let ids: Vec<String> = (1..=111).map(|n| format!("mx-{n:03}")).collect();
        let codes = SheetCodes::new("2019-11-mexico", ids.iter().map(String::as_str));
        let mut seen = std::collections::HashSet::new();
        for id in &ids {
            let code = codes.code_of(id).unwrap();
            assert_eq!(code.len(), EVENT_PART + 1 + SHORTEST_PERSON_PART, "{code}");
            assert!(seen.insert(code.clone()), "{code} twice");
            assert_eq!(codes.person_of(&code), Ok(id.as_str()));
            assert_eq!(codes.person_of(&code.to_lowercase()), Ok(id.as_str()));
        }
        let code = codes.code_of("mx-001").unwrap();
        let elsewhere = SheetCodes::new("2019-05-dakar", ids.iter().map(String::as_str))
            .with_other_events(["2019-05-dakar", "2019-11-mexico"]);
        assert_eq!(
            elsewhere.person_of(&code),
            Err(CodeProblem::OtherEvent(vec!["2019-11-mexico".to_string()]))
        );
        assert_eq!(codes.person_of("hello"), Err(CodeProblem::Malformed));
        assert_eq!(codes.person_of("ABC-12"), Err(CodeProblem::Malformed));
    }

    #[test]
    fn codes_grow_until_no_two_people_share_one() {
        let ids: Vec<String> = (0..20_000).map(|n| format!("p{n:07}")).collect();
        let codes = SheetCodes::new("e1", ids.iter().map(String::as_str));
        let all: std::collections::HashSet<String> =
            ids.iter().map(|id| codes.code_of(id).unwrap()).collect();
        assert_eq!(all.len(), ids.len());
        assert!(codes.length > SHORTEST_PERSON_PART);
    }

    #[test]
    fn misread_letters_read_as_the_digits_they_look_like() {
        assert_eq!(normalize(" 7qk-m3tx9 "), "7QK-M3TX9");
        assert_eq!(normalize("OIL"), "011");
    }
}
