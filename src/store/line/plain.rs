//! The fast reader: a hand-written reader for the shape gsef itself writes lines in.
//!
//! Nearly every line of a large store is one gsef wrote, with its keys in one order and its
//! strings free of escapes. These readers take exactly that shape, byte by byte, without a
//! tokeniser, and give up (`None`) on anything else, which then goes through the general
//! reader. A line they take is one the general reader reads to the same record: the tests in
//! `line/mod.rs` hold the two to the same verdicts on thousands of mutated lines, and that
//! every record the writer encodes is taken here.

use std::borrow::Cow;

use super::scan::plain_run;
use crate::model::attendance::{AttendanceRow, Role, day_may_follow};
use crate::model::id::valid_id_at_start;
use crate::model::participant::ParticipantRow;
use crate::model::response::{Ratings, ResponseRow, Scale};
use crate::model::{Attendance, AttendanceStatus, Consent, PartialDate, Participant};

const ROLES: [Role; 4] = [
    Role::Participant,
    Role::Speaker,
    Role::Organizer,
    Role::Facilitator,
];

/// A participant line in gsef's own shape (no merge history, no unknown fields), unchecked:
/// the caller checks its fields as it checks any record's.
pub fn participant(line: &str) -> Option<Participant> {
    let plain = PlainParticipant::read(line)?;
    let owned = |text: Option<&str>| text.map(str::to_string);
    Some(Participant {
        id: plain.id.to_string(),
        name: plain.name.to_string(),
        organization: owned(plain.organization),
        sector: owned(plain.sector),
        country: owned(plain.country),
        region: owned(plain.region),
        email: owned(plain.email),
        gender: owned(plain.gender),
        birth_year: plain.birth_year,
        illustrative: plain.illustrative,
        consent: plain.consent,
        forgotten: plain.forgotten,
        merged: Vec::new(),
        extra: Default::default(),
    })
}

/// A participant line in gsef's own shape with every field borrowed from the line, unchecked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainParticipant<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub organization: Option<&'a str>,
    pub sector: Option<&'a str>,
    pub country: Option<&'a str>,
    pub region: Option<&'a str>,
    pub email: Option<&'a str>,
    pub gender: Option<&'a str>,
    pub birth_year: Option<u16>,
    pub illustrative: bool,
    pub consent: Option<Consent>,
    pub forgotten: bool,
}

impl<'a> PlainParticipant<'a> {
    pub fn read(line: &'a str) -> Option<Self> {
        let mut cursor = Cursor { rest: line };
        cursor.literal("{\"id\":\"")?;
        let id = cursor.plain_string()?;
        cursor.literal(",\"name\":\"")?;
        let name = cursor.plain_string()?;
        let organization = cursor.optional_string(",\"organization\":\"")?;
        let sector = cursor.optional_string(",\"sector\":\"")?;
        let country = cursor.optional_string(",\"country\":\"")?;
        let region = cursor.optional_string(",\"region\":\"")?;
        let email = cursor.optional_string(",\"email\":\"")?;
        let gender = cursor.optional_string(",\"gender\":\"")?;
        let birth_year = match cursor.literal(",\"birth_year\":") {
            None => None,
            // Past `u16`, serde's refusal is the one to show.
            Some(()) => Some(u16::try_from(cursor.whole_number()?).ok()?),
        };
        let illustrative = cursor.literal(",\"illustrative\":true").is_some();
        let consent = match cursor.optional_string(",\"consent\":\"")? {
            None => None,
            Some(text) => Some(
                [Consent::None, Consent::Aggregate, Consent::List]
                    .into_iter()
                    .find(|consent| consent.as_str() == text)?,
            ),
        };
        let forgotten = cursor.literal(",\"forgotten\":true").is_some();
        cursor.end()?;
        Some(PlainParticipant {
            id,
            name,
            organization,
            sector,
            country,
            region,
            email,
            gender,
            birth_year,
            illustrative,
            consent,
            forgotten,
        })
    }

    /// The fields a report reads, still borrowed.
    pub fn row(&self) -> ParticipantRow<'a> {
        ParticipantRow {
            id: self.id.into(),
            sector: self.sector.map(Cow::Borrowed),
            country: self.country.map(Cow::Borrowed),
            region: self.region.map(Cow::Borrowed),
            organization: self.organization.map(Cow::Borrowed),
            gender: self.gender.map(Cow::Borrowed),
            birth_year: self.birth_year,
            illustrative: self.illustrative,
        }
    }
}

/// An attendance line in gsef's own shape as a full record, unchecked (see [`participant`]).
pub fn attendance(line: &str) -> Option<Attendance> {
    let mut cursor = Cursor { rest: line };
    let (event, participant, status, role) = cursor.attendance_facts()?;
    let mut days = Vec::new();
    if cursor.literal(",\"days\":[").is_some() && cursor.literal("]").is_none() {
        loop {
            days.push(cursor.full_date()?);
            if cursor.literal("]").is_some() {
                break;
            }
            cursor.literal(",")?;
        }
    }
    let minutes = cursor.minutes()?;
    cursor.end()?;
    Some(Attendance {
        event: event.to_string(),
        participant: participant.to_string(),
        status,
        role,
        days,
        minutes,
        extra: Default::default(),
    })
}

/// A response line in gsef's own shape (its keys in the order the writer writes them, numbers
/// as it writes them, strings without escapes, no unknown fields) as its row, every string
/// borrowed, unchecked: the caller checks its fields as it checks any record's. A store may
/// hold a million of them.
pub fn response_row(line: &str) -> Option<ResponseRow<'_>> {
    let mut cursor = Cursor { rest: line };
    cursor.literal("{\"event\":\"")?;
    let event = cursor.id()?;
    cursor.literal(",\"instrument\":\"")?;
    let instrument = cursor.id()?;
    let participant = cursor.optional_id(",\"participant\":\"")?;
    let code = cursor.optional_id(",\"code\":\"")?;
    let score = cursor.optional_number(",\"score\":")?;
    let max_score = cursor.optional_number(",\"max_score\":")?;
    let scale = match cursor.literal(",\"scale\":[") {
        None => None,
        Some(()) => {
            let lowest = cursor.whole_number()?;
            cursor.literal(",")?;
            let highest = cursor.whole_number()?;
            cursor.literal("]")?;
            Some(Scale(lowest, highest))
        }
    };
    let mut ratings = Ratings::new();
    if cursor.literal(",\"ratings\":{").is_some() {
        loop {
            cursor.literal("\"")?;
            let number = cursor.whole_number()?;
            cursor.literal("\":")?;
            let rating = cursor.whole_number()?;
            // Keys in rising order, as a map writes them; a repeated key is the general
            // reader's to refuse.
            if ratings.last().is_some_and(|(last, _)| *last >= number) {
                return None;
            }
            ratings.push((number, rating));
            if cursor.literal("}").is_some() {
                break;
            }
            cursor.literal(",")?;
        }
    }
    let overall = match cursor.literal(",\"overall\":") {
        None => None,
        Some(()) => Some(cursor.whole_number()?),
    };
    let comment = cursor.optional_string(",\"comment\":\"")?;
    cursor.end()?;
    Some(ResponseRow {
        event: Cow::Borrowed(event),
        instrument: Cow::Borrowed(instrument),
        participant: participant.map(Cow::Borrowed),
        code: code.map(Cow::Borrowed),
        score,
        max_score,
        scale,
        ratings,
        overall,
        comment: comment.map(Cow::Borrowed),
    })
}

/// The row of a line in gsef's own shape, with ids and days checked; `None` for any other line.
pub fn attendance_row(line: &str) -> Option<AttendanceRow<'_>> {
    let mut cursor = Cursor { rest: line };
    let (event, participant, status, role) = cursor.attendance_facts()?;
    let mut day_count = 0;
    if cursor.literal(",\"days\":[").is_some() {
        day_count = cursor.days()?;
    }
    let minutes = cursor.minutes()?;
    cursor.end()?;
    // `Cursor::id` took only valid ids.
    Some(AttendanceRow {
        event: event.into(),
        participant: participant.into(),
        status,
        role,
        day_count,
        minutes,
    })
}

impl<'a> Cursor<'a> {
    /// The fields every attendance line starts with: event, participant, status, and a role.
    fn attendance_facts(&mut self) -> Option<(&'a str, &'a str, AttendanceStatus, Option<Role>)> {
        self.literal("{\"event\":\"")?;
        let event = self.id()?;
        self.literal(",\"participant\":\"")?;
        let participant = self.id()?;
        self.literal(",\"status\":\"")?;
        let status = [
            AttendanceStatus::Attended,
            AttendanceStatus::Registered,
            AttendanceStatus::NoShow,
            AttendanceStatus::Cancelled,
        ]
        .into_iter()
        .find(|status| {
            self.rest.as_bytes().get(status.as_str().len()) == Some(&b'"')
                && self.rest.starts_with(status.as_str())
        })?;
        self.rest = &self.rest[status.as_str().len() + 1..];
        let mut role = None;
        if self.literal(",\"role\":\"").is_some() {
            let role_text = self.plain_string()?;
            role = Some(ROLES.into_iter().find(|role| role.as_str() == role_text)?);
        }
        Some((event, participant, status, role))
    }

    /// The closing brace, with nothing after it.
    fn end(&mut self) -> Option<()> {
        self.literal("}")?;
        self.rest.is_empty().then_some(())
    }

    /// `Some(None)` when the line does not go on with `opening`, `Some(Some(text))` when it
    /// goes on with it and a plain string, `None` when it goes on with anything else there.
    fn optional_string(&mut self, opening: &str) -> Option<Option<&'a str>> {
        if self.literal(opening).is_none() {
            return Some(None);
        }
        self.plain_string().map(Some)
    }
}

/// 10^0 to 10^15, each exact in an f64.
const POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

struct Cursor<'a> {
    rest: &'a str,
}

impl<'a> Cursor<'a> {
    /// A valid id and its closing quote, stepping over both; `None` for anything else (an
    /// escape, a character no id has, a misplaced dot), which the general parser words.
    #[inline]
    fn id(&mut self) -> Option<&'a str> {
        let bytes = self.rest.as_bytes();
        let end = valid_id_at_start(bytes)?;
        if bytes.get(end) != Some(&b'"') {
            return None;
        }
        // Id bytes are ASCII, so both ends are character boundaries.
        let id = &self.rest[..end];
        self.rest = &self.rest[end + 1..];
        Some(id)
    }

    /// A quoted full date, `"YYYY-MM-DD"`, that exists.
    #[inline]
    fn full_date(&mut self) -> Option<PartialDate> {
        let bytes = self.rest.as_bytes();
        if bytes.first() != Some(&b'"') || bytes.get(11) != Some(&b'"') {
            return None;
        }
        let day = PartialDate::from_full_date_bytes(&bytes[1..11])?;
        self.rest = &self.rest[12..];
        Some(day)
    }

    /// `Some(None)` when the line does not go on with `opening`, `Some(Some(id))` when it goes
    /// on with it and a valid id, `None` for anything else there.
    fn optional_id(&mut self, opening: &str) -> Option<Option<&'a str>> {
        if self.literal(opening).is_none() {
            return Some(None);
        }
        self.id().map(Some)
    }

    /// A whole number as gsef writes one: digits, no sign, no leading zero, within `u32`.
    fn whole_number(&mut self) -> Option<u32> {
        let digits = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        let text = &self.rest[..digits];
        if digits == 0 || (digits > 1 && text.starts_with('0')) {
            return None;
        }
        let number = text.parse::<u32>().ok()?;
        self.rest = &self.rest[digits..];
        Some(number)
    }

    /// `Some(None)` when the line does not go on with `opening`, `Some(Some(x))` when it goes
    /// on with a number as serde_json writes an `f64` of a few digits (`14.0`, `17.5`: digits,
    /// a point, digits), `None` for any other number there (an exponent, a sign), which the
    /// general reader reads.
    fn optional_number(&mut self, opening: &str) -> Option<Option<f64>> {
        if self.literal(opening).is_none() {
            return Some(None);
        }
        let bytes = self.rest.as_bytes();
        let whole = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        if whole == 0 || (whole > 1 && bytes[0] == b'0') || bytes.get(whole) != Some(&b'.') {
            return None;
        }
        let fraction = bytes[whole + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        // Fifteen digits in all stay exact in an f64, so Rust's reading and serde_json's agree.
        if fraction == 0 || whole + fraction > 15 {
            return None;
        }
        let end = whole + 1 + fraction;
        // The digits as one whole number and the power of ten of the fraction are both exact
        // in an f64 (below 2^53 and 10^22), so their quotient, rounded once as IEEE division
        // rounds, is the nearest f64 to the decimal: what a full reader gives, found without
        // its general algorithm, for each of a million scores.
        let digits = bytes[..end]
            .iter()
            .filter(|byte| byte.is_ascii_digit())
            .fold(0u64, |number, byte| number * 10 + u64::from(byte - b'0'));
        #[allow(clippy::cast_precision_loss)] // below 10^15, so exact
        let number = digits as f64 / POWERS_OF_TEN[fraction];
        self.rest = &self.rest[end..];
        Some(Some(number))
    }

    /// `Some(None)` when the line does not go on with `"minutes"`, `Some(Some(n))` when it
    /// does with a number as gsef writes one (no sign, no leading zero, within `u32`), `None`
    /// for anything else there, which the general parser reads or refuses.
    fn minutes(&mut self) -> Option<Option<u32>> {
        if self.literal(",\"minutes\":").is_none() {
            return Some(None);
        }
        self.whole_number().map(Some)
    }

    /// Steps over `expected` if the line goes on with it.
    #[inline]
    fn literal(&mut self, expected: &str) -> Option<()> {
        self.rest = self.rest.strip_prefix(expected)?;
        Some(())
    }

    /// The text up to the next `"`, stepping over it; `None` if the string has an escape or a
    /// control character, which only the general parser reads (or refuses).
    #[inline]
    fn plain_string(&mut self) -> Option<&'a str> {
        let bytes = self.rest.as_bytes();
        let end = plain_run(bytes);
        if bytes.get(end) != Some(&b'"') {
            return None;
        }
        // The quote is ASCII, so both ends are character boundaries.
        let text = &self.rest[..end];
        self.rest = &self.rest[end + 1..];
        Some(text)
    }

    /// Counts a list of days after its `[`, through its `]`: full dates, each after the one
    /// before, as `Attendance::problems` requires.
    fn days(&mut self) -> Option<usize> {
        if self.literal("]").is_some() {
            return Some(0);
        }
        let mut count = 0;
        let mut previous: Option<PartialDate> = None;
        loop {
            let day = self.full_date()?;
            if !day_may_follow(previous, day) {
                return None;
            }
            previous = Some(day);
            count += 1;
            if self.literal("]").is_some() {
                return Some(count);
            }
            self.literal(",")?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::attendance::AttendanceFacts;
    use crate::testing::Xorshift;

    #[test]
    fn reads_every_field_in_the_shape_gsef_writes() {
        let line = br#"{"event":"e1","participant":"p1","status":"no-show","role":"speaker","days":["2019-11-27","2019-11-28"]}"#;
        let row = attendance_row(std::str::from_utf8(line).unwrap()).unwrap();
        assert_eq!(
            (row.event(), row.participant(), row.status(), row.role()),
            ("e1", "p1", AttendanceStatus::NoShow, Some(Role::Speaker))
        );
        assert_eq!(row.day_count(), 2);
        let plain = attendance_row(r#"{"event":"e1","participant":"p1","status":"attended"}"#);
        assert_eq!(plain.unwrap().day_count(), 0);
    }

    /// A quote or a control byte anywhere in a long string, and at every distance.
    #[test]
    fn a_string_ends_at_its_quote_at_every_distance() {
        for length in 0..40 {
            let text = format!("{}\"rest", "é".repeat(length / 2) + &"x".repeat(length % 2));
            let mut cursor = Cursor { rest: &text };
            assert_eq!(cursor.plain_string(), text.split('"').next());
            let controlled = format!("{}\u{1}\"", "x".repeat(length));
            assert_eq!(Cursor { rest: &controlled }.plain_string(), None);
        }
    }

    #[test]
    fn finds_the_end_of_a_string_as_a_byte_by_byte_search_does() {
        let mut random = Xorshift::new(0x9E37_79B9_7F4A_7C15);
        let alphabet = ["a", "Z", "\"", "\\", "\u{1}", "\u{1f}", " ", "é", "한", "~"];
        for _ in 0..20_000 {
            let text = random.text(&alphabet, 30);
            let naive = text
                .bytes()
                .position(|byte| byte == b'"' || byte == b'\\' || byte < 0x20)
                .filter(|&end| text.as_bytes()[end] == b'"')
                .map(|end| &text[..end]);
            let mut cursor = Cursor { rest: &text };
            assert_eq!(cursor.plain_string(), naive, "{text:?}");
        }
    }

    #[test]
    fn leaves_every_other_shape_to_the_general_parser() {
        for line in [
            // Another key order, spaces, an escape, an unknown field or value, trailing bytes.
            r#"{"participant":"p1","event":"e1","status":"attended"}"#,
            r#"{"event": "e1","participant":"p1","status":"attended"}"#,
            r#"{"event":"e\u0031","participant":"p1","status":"attended"}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","note":"x"}"#,
            r#"{"event":"e1","participant":"p1","status":"came"}"#,
            r#"{"event":"e1","participant":"p1","status":"attended"} "#,
            // Ids and days the format refuses.
            r#"{"event":"../x","participant":"p1","status":"attended"}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","days":["2019-11"]}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","days":["2019-11-28","2019-11-27"]}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","days":["2019-11-28",]}"#,
        ] {
            assert!(attendance_row(line).is_none(), "{line}");
        }
    }
}
