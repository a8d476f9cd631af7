//! The fast reader for every valid line: a strict JSON object scanner for the rows a report
//! reads, whatever wrote the line.
//!
//! The records format is a public contract: a Python script's `json.dumps` (`", "` and `": "`,
//! non-ASCII as `\uXXXX`), `jq -c` with its own key order, a spreadsheet macro or a hand edit
//! all write valid lines, and a store of them must be as fast to count as one gsef wrote. This
//! reader takes any JSON whitespace, any key order, escapes and fields it does not know,
//! without building a tree or a record, and is as strict as the general reader: a key given
//! twice at any depth, a value of the wrong type, a control character in a string, anything
//! after the object. Where it cannot be sure of serde's verdict (an escaped key, a surrogate
//! escape, an exponent, a deep nesting, a merge history) it gives up (`None`), and the general
//! reader reads the line or says what is wrong with it. The tests in `line/mod.rs` hold the
//! two to the same verdicts on thousands of mutated lines in several layouts.

use std::borrow::Cow;

use crate::model::attendance::{AttendanceRow, Role, day_may_follow};
use crate::model::participant::ParticipantRow;
use crate::model::{AttendanceStatus, Consent, PartialDate};

/// The most keys an object may have for this reader; records have a dozen at most.
const MAX_KEYS: usize = 32;

/// How deep a value of a field gsef does not know may nest before the general reader, with
/// its own limit and message, is left to decide.
const MAX_DEPTH: usize = 32;

/// The fields a report reads of a participant, and the name it checks, from any valid line.
pub struct ScannedParticipant<'a> {
    pub row: ParticipantRow<'a>,
    pub name: Cow<'a, str>,
    pub email: Option<Cow<'a, str>>,
}

/// A participant line of any layout, unchecked (the caller checks its fields as it checks
/// any record's); `None` when the general reader must decide.
pub fn participant(line: &str) -> Option<ScannedParticipant<'_>> {
    let mut id = None;
    let mut name = None;
    let mut row = ParticipantRow {
        id: Cow::Borrowed(""),
        sector: None,
        country: None,
        region: None,
        organization: None,
        gender: None,
        birth_year: None,
        illustrative: false,
    };
    let mut email = None;
    let mut seen = Seen::default();
    object(line, |key, scanner| {
        match key {
            "id" => id = Some(seen.once(0, scanner)?.string()?),
            "name" => name = Some(seen.once(1, scanner)?.string()?),
            "organization" => row.organization = seen.once(2, scanner)?.optional_string()?,
            "sector" => row.sector = seen.once(3, scanner)?.optional_string()?,
            "country" => row.country = seen.once(4, scanner)?.optional_string()?,
            "region" => row.region = seen.once(5, scanner)?.optional_string()?,
            "email" => email = seen.once(6, scanner)?.optional_string()?,
            "gender" => row.gender = seen.once(7, scanner)?.optional_string()?,
            "birth_year" => row.birth_year = seen.once(11, scanner)?.optional_year()?,
            "illustrative" => row.illustrative = seen.once(8, scanner)?.boolean()?,
            "forgotten" => {
                seen.once(9, scanner)?.boolean()?;
            }
            "consent" => {
                if let Some(consent) = seen.once(10, scanner)?.optional_string()? {
                    [Consent::None, Consent::Aggregate, Consent::List]
                        .into_iter()
                        .find(|known| known.as_str() == consent)?;
                }
            }
            // A merge history is a list of records of its own: the general reader's to check.
            "merged" => return None,
            _ => scanner.unknown(key)?.skip_value(0)?,
        }
        Some(())
    })?;
    row.id = id?;
    Some(ScannedParticipant {
        row,
        name: name?,
        email,
    })
}

/// An attendance line of any layout as a row, with its days checked (full dates, each after
/// the one before) but not its ids; `None` when the general reader must decide.
pub fn attendance_row(line: &str) -> Option<AttendanceRow<'_>> {
    let mut event = None;
    let mut participant = None;
    let mut status = None;
    let mut role = None;
    let mut day_count = 0;
    let mut minutes = None;
    let mut seen = Seen::default();
    object(line, |key, scanner| {
        match key {
            "event" => event = Some(seen.once(0, scanner)?.string()?),
            "participant" => participant = Some(seen.once(1, scanner)?.string()?),
            "status" => {
                let text = seen.once(2, scanner)?.string()?;
                status = Some(
                    AttendanceStatus::ALL
                        .into_iter()
                        .find(|known| known.as_str() == text)?,
                );
            }
            "role" => {
                role = match seen.once(3, scanner)?.optional_string()? {
                    None => None,
                    Some(text) => Some(
                        [
                            Role::Participant,
                            Role::Speaker,
                            Role::Organizer,
                            Role::Facilitator,
                        ]
                        .into_iter()
                        .find(|known| known.as_str() == text)?,
                    ),
                }
            }
            "days" => day_count = seen.once(4, scanner)?.days()?,
            "minutes" => minutes = seen.once(5, scanner)?.optional_minutes()?,
            _ => scanner.unknown(key)?.skip_value(0)?,
        }
        Some(())
    })?;
    Some(AttendanceRow {
        event: event?,
        participant: participant?,
        status: status?,
        role,
        day_count,
        minutes,
    })
}

/// Scans the one JSON object `line` holds, handing each member's key (as written: a key with
/// an escape gives up) to `member`, which reads the value from the scanner, and refuses a key
/// given twice through [`Seen::once`] and [`Scanner::unknown`]. Refuses anything but
/// whitespace around the object.
pub fn object<'a>(
    line: &'a str,
    mut member: impl FnMut(&'a str, &mut Scanner<'a>) -> Option<()>,
) -> Option<()> {
    // The general reader words a `\r` at the end of a line, which JSON would take as space.
    if line.ends_with('\r') {
        return None;
    }
    let mut scanner = Scanner {
        bytes: line.as_bytes(),
        text: line,
        at: 0,
        unknown: Vec::new(),
    };
    scanner.space();
    scanner.byte(b'{')?;
    scanner.space();
    if !scanner.eat(b'}') {
        loop {
            let key = scanner.key()?;
            scanner.space();
            scanner.byte(b':')?;
            scanner.space();
            member(key, &mut scanner)?;
            scanner.space();
            if scanner.eat(b',') {
                scanner.space();
                continue;
            }
            scanner.byte(b'}')?;
            break;
        }
    }
    scanner.space();
    (scanner.at == scanner.bytes.len()).then_some(())
}

/// A place in a line being scanned.
pub struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    /// The top-level keys seen that the reader does not know; most lines have none, and
    /// then nothing is allocated.
    unknown: Vec<&'a str>,
}

/// Which of a reader's known keys a line has given, to refuse one given twice.
#[derive(Default)]
struct Seen(u32);

impl Seen {
    /// Notes the known key numbered `bit`; `None` when the line gave it before.
    fn once<'s, 'a>(
        &mut self,
        bit: u32,
        scanner: &'s mut Scanner<'a>,
    ) -> Option<&'s mut Scanner<'a>> {
        let mask = 1 << bit;
        if self.0 & mask != 0 {
            return None;
        }
        self.0 |= mask;
        Some(scanner)
    }
}

impl<'a> Scanner<'a> {
    /// Notes a top-level key the reader does not know; `None` when the line gave it before.
    fn unknown(&mut self, key: &'a str) -> Option<&mut Self> {
        if self.unknown.contains(&key) || self.unknown.len() == MAX_KEYS {
            return None;
        }
        self.unknown.push(key);
        Some(self)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Steps over `byte` when it comes next.
    fn eat(&mut self, byte: u8) -> bool {
        let next = self.peek() == Some(byte);
        self.at += usize::from(next);
        next
    }

    fn byte(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        if self.bytes[self.at..].starts_with(word) {
            self.at += word.len();
            Some(())
        } else {
            None
        }
    }

    /// JSON's whitespace but the line feed, which no line holds: space, tab, carriage return.
    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// A key without escapes, borrowed.
    fn key(&mut self) -> Option<&'a str> {
        self.byte(b'"')?;
        let start = self.at;
        let end = start + plain_run(&self.bytes[start..]);
        if self.bytes.get(end) != Some(&b'"') {
            return None;
        }
        self.at = end + 1;
        // The run stops at ASCII, so both ends are character boundaries.
        Some(&self.text[start..end])
    }

    /// A string, borrowed when it has no escape.
    pub fn string(&mut self) -> Option<Cow<'a, str>> {
        self.byte(b'"')?;
        let start = self.at;
        let end = start + plain_run(&self.bytes[start..]);
        match self.bytes.get(end) {
            Some(b'"') => {
                self.at = end + 1;
                Some(Cow::Borrowed(&self.text[start..end]))
            }
            Some(b'\\') => {
                self.at = end;
                let mut decoded = String::with_capacity(end - start + 8);
                decoded.push_str(&self.text[start..end]);
                self.escaped_rest(&mut decoded)?;
                Some(Cow::Owned(decoded))
            }
            // A control character, or no closing quote.
            _ => None,
        }
    }

    /// The rest of a string from its first backslash, decoded onto `decoded`, through its
    /// closing quote.
    fn escaped_rest(&mut self, decoded: &mut String) -> Option<()> {
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = self.peek()?;
                    self.at += 1;
                    let character = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hex = self.text.get(self.at..self.at + 4)?;
                            if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                                return None;
                            }
                            let code = u32::from_str_radix(hex, 16).ok()?;
                            self.at += 4;
                            // A surrogate (paired or lone) is the general reader's to judge.
                            char::from_u32(code)?
                        }
                        _ => return None,
                    };
                    decoded.push(character);
                }
                _ => {
                    let start = self.at;
                    let end = start + plain_run(&self.bytes[start..]);
                    if end == start {
                        // A control character.
                        return None;
                    }
                    decoded.push_str(&self.text[start..end]);
                    self.at = end;
                }
            }
        }
    }

    /// A string, or `null` for none.
    pub fn optional_string(&mut self) -> Option<Option<Cow<'a, str>>> {
        if self.literal(b"null").is_some() {
            return Some(None);
        }
        self.string().map(Some)
    }

    pub fn boolean(&mut self) -> Option<bool> {
        if self.literal(b"true").is_some() {
            Some(true)
        } else {
            self.literal(b"false").map(|()| false)
        }
    }

    /// A list of days, each a full date after the one before; how many.
    fn days(&mut self) -> Option<usize> {
        self.byte(b'[')?;
        self.space();
        if self.eat(b']') {
            return Some(0);
        }
        let mut count = 0;
        let mut previous: Option<PartialDate> = None;
        loop {
            let text = self.string()?;
            let day = PartialDate::from_full_date_bytes(text.as_bytes())?;
            if text.len() != 10 || !day_may_follow(previous, day) {
                return None;
            }
            previous = Some(day);
            count += 1;
            self.space();
            if self.eat(b']') {
                return Some(count);
            }
            self.byte(b',')?;
            self.space();
        }
    }

    /// A year as a plain number within `u16`, or `null`; any other number is serde's to judge.
    fn optional_year(&mut self) -> Option<Option<u16>> {
        match self.optional_minutes()? {
            None => Some(None),
            Some(number) => u16::try_from(number).ok().map(Some),
        }
    }

    /// A count of minutes as a plain number within `u32`, or `null`.
    fn optional_minutes(&mut self) -> Option<Option<u32>> {
        if self.literal(b"null").is_some() {
            return Some(None);
        }
        let digits = self.bytes[self.at..]
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        let text = &self.text[self.at..self.at + digits];
        if digits == 0 || (digits > 1 && text.starts_with('0')) {
            return None;
        }
        // A fraction or an exponent after the digits: serde's to judge.
        if let Some(b'.' | b'e' | b'E') = self.bytes.get(self.at + digits) {
            return None;
        }
        let minutes = text.parse::<u32>().ok()?;
        self.at += digits;
        Some(Some(minutes))
    }

    /// Steps over any JSON value, checking it as the general reader would: strings, numbers
    /// without exponents, and objects whose keys are unique.
    pub fn skip_value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'"' => self.string().map(drop),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            b'[' => {
                self.at += 1;
                self.space();
                if self.eat(b']') {
                    return Some(());
                }
                loop {
                    self.skip_value(depth + 1)?;
                    self.space();
                    if self.eat(b']') {
                        return Some(());
                    }
                    self.byte(b',')?;
                    self.space();
                }
            }
            b'{' => {
                self.at += 1;
                self.space();
                if self.eat(b'}') {
                    return Some(());
                }
                let mut keys: [&str; MAX_KEYS] = [""; MAX_KEYS];
                let mut count = 0;
                loop {
                    let key = self.key()?;
                    if keys[..count].contains(&key) || count == MAX_KEYS {
                        return None;
                    }
                    keys[count] = key;
                    count += 1;
                    self.space();
                    self.byte(b':')?;
                    self.space();
                    self.skip_value(depth + 1)?;
                    self.space();
                    if self.eat(b'}') {
                        return Some(());
                    }
                    self.byte(b',')?;
                    self.space();
                }
            }
            _ => None,
        }
    }

    /// A number by JSON's grammar, without an exponent, of at most 15 significant digits, so
    /// that no reader could take it for anything but what it says.
    fn number(&mut self) -> Option<()> {
        let start = self.at;
        self.eat(b'-');
        let digits = |scanner: &mut Scanner<'a>| {
            let count = scanner.bytes[scanner.at..]
                .iter()
                .take_while(|byte| byte.is_ascii_digit())
                .count();
            scanner.at += count;
            count
        };
        let whole_start = self.at;
        let whole = digits(self);
        if whole == 0 || (whole > 1 && self.bytes[whole_start] == b'0') {
            return None;
        }
        if self.eat(b'.') && digits(self) == 0 {
            return None;
        }
        if let Some(b'e' | b'E') = self.peek() {
            return None;
        }
        (self.at - start <= 16).then_some(())
    }
}

/// How many bytes of `bytes` go before the first quote, backslash or control character.
///
/// Eight bytes at a time while none of them is one (bit tricks on one `u64`), then byte by
/// byte: records' strings are short, and this costs less than a vectorised search per string.
#[inline]
pub(super) fn plain_run(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let stops = byte_mask(word, b'"') | byte_mask(word, b'\\') | below_mask(word, 0x20);
        if stops != 0 {
            // The lowest marked byte of each mask is exact, so the first of them is too.
            return at + stops.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    at + bytes[at..]
        .iter()
        .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
        .unwrap_or(bytes.len() - at)
}

const ONES: u64 = u64::from_le_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// The high bit of each byte of `word` that is `byte` (and perhaps of some bytes above the
/// first such byte: only the lowest marked byte is sure).
#[inline]
fn byte_mask(word: u64, byte: u8) -> u64 {
    below_mask(word ^ (ONES * u64::from(byte)), 1)
}

/// The high bit of each byte of `word` below `limit` (at most 128), with the same caveat.
#[inline]
fn below_mask(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_python_written_participant_with_escapes_and_unknown_fields() {
        let line = r#"{"name": "Jos\u00e9 P\u00e9rez", "id": "p1", "sector": "sse", "x_note": {"a": [1, 2.5, null, true], "b": "\"q\""}, "illustrative": true}"#;
        let scanned = participant(line).unwrap();
        assert_eq!(scanned.name, "José Pérez");
        assert_eq!(scanned.row.id, "p1");
        assert_eq!(scanned.row.sector.as_deref(), Some("sse"));
        assert!(scanned.row.illustrative);
        assert!(matches!(scanned.row.id, Cow::Borrowed(_)));
    }

    #[test]
    fn reads_an_attendance_row_in_any_key_order() {
        let line = r#" { "days" : [ "2019-11-27" , "2019-11-28" ], "status": "attended", "participant": "p1", "event": "e1", "role": null, "minutes": 90 } "#;
        let row = attendance_row(line).unwrap();
        assert_eq!((&*row.event, &*row.participant), ("e1", "p1"));
        assert_eq!(row.status, AttendanceStatus::Attended);
        assert_eq!((row.day_count, row.minutes, row.role), (2, Some(90), None));
    }

    #[test]
    fn gives_up_where_serde_must_decide() {
        for line in [
            // Twice the same key, at the top or deeper; an escaped key.
            r#"{"event":"e1","participant":"p1","status":"attended","status":"no-show"}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","x":{"k":1,"k":2}}"#,
            r#"{"event":"e1","participant":"p1","st\u0061tus":"attended"}"#,
            // Types, values and numbers it leaves to serde.
            r#"{"event":"e1","participant":"p1","status":"came"}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","days":null}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","minutes":1e3}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","x":1e999}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","x":"\ud800"}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","x":01}"#,
            // What surrounds the object, and what is missing from it.
            r#"{"event":"e1","participant":"p1","status":"attended"} x"#,
            "{\"event\":\"e1\",\"participant\":\"p1\",\"status\":\"attended\"}\r",
            r#"{"event":"e1","participant":"p1"}"#,
            r#"["e1","p1","attended"]"#,
            "{\"event\":\"e\u{1}1\",\"participant\":\"p1\",\"status\":\"attended\"}",
        ] {
            assert!(attendance_row(line).is_none(), "{line}");
        }
        let merged = r#"{"id":"p1","name":"A","merged":[]}"#;
        assert!(participant(merged).is_none());
    }

    #[test]
    fn finds_bytes_eight_at_a_time_exactly() {
        for byte in 0..=255u8 {
            for place in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[place] = byte;
                let word = u64::from_le_bytes(bytes);
                let first = |mask: u64| (mask != 0).then(|| mask.trailing_zeros() / 8);
                let expected = |hit: bool| hit.then_some(place as u32);
                assert_eq!(first(byte_mask(word, b'"')), expected(byte == b'"'));
                assert_eq!(first(below_mask(word, 0x20)), expected(byte < 0x20));
            }
        }
    }

    #[test]
    fn a_plain_run_ends_where_a_byte_by_byte_search_does() {
        let mut random = crate::testing::Xorshift::new(0x9E37_79B9_7F4A_7C15);
        let alphabet = ["a", "Z", "\"", "\\", "\u{1}", "\u{1f}", " ", "é", "한", "~"];
        for _ in 0..20_000 {
            let text = random.text(&alphabet, 30);
            let naive = text
                .bytes()
                .position(|byte| byte == b'"' || byte == b'\\' || byte < 0x20)
                .unwrap_or(text.len());
            assert_eq!(plain_run(text.as_bytes()), naive, "{text:?}");
        }
    }
}
