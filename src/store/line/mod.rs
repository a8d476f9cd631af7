//! One line of a collection: how every kind of record is read from it and written to it.
//!
//! Every read of a record goes through [`Stored`], which each kind of record implements: the
//! reader of gsef's own shape ([`plain`]) takes the lines gsef writes, the scanner ([`scan`])
//! a report's rows from any other valid line, the general reader ([`general`]) everything
//! else, and words every refusal; no caller chooses between them. A
//! *row* is what a report or a key index reads of a record, borrowed from the line where it can
//! be, refused on exactly the lines the full record is refused on, in the same words.

pub mod general;
pub mod plain;
pub mod scan;

use std::borrow::Cow;

use crate::model::attendance::AttendanceRow;
use crate::model::participant::{ParticipantRow, problems_of};
use crate::model::response::ResponseRow;
use crate::model::{
    Attendance, Certificate, Event, Indicator, Participant, Record, Response, SectorVocabulary,
    Series,
};
pub use crate::store::lines::Line;
use general::parse_line_generally;
use plain::PlainParticipant;

/// The longest line a record may take. Real records are a few hundred bytes; the bound keeps a
/// runaway script or a hostile form from making every later command read megabytes per record.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Why a line longer than [`MAX_LINE_BYTES`] is refused: `length` when its end was read,
/// `None` when reading stopped once the line had gone past the bound (finding its end could
/// mean reading gigabytes).
pub fn line_too_long(length: Option<usize>) -> String {
    let how_long = match length {
        Some(length) => format!("{length} bytes"),
        None => format!("no line end within its first {} bytes", MAX_LINE_BYTES + 1),
    };
    format!(
        "the line is longer than {} MiB ({how_long}); a record may take at most {MAX_LINE_BYTES} bytes",
        MAX_LINE_BYTES >> 20
    )
}

/// A record's key in its parts (see [`Record::key`]), so it can be hashed without being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    Id(&'a str),
    /// An attendance record's event and participant.
    Pair(&'a str, &'a str),
    /// Parts joined by single spaces, as a response's key is (none holds a space).
    Joined([&'a str; 4]),
}

/// A kind of record as the store reads it from the lines of its collection.
pub trait Stored: Record {
    /// What a report or a key index reads of one record.
    type Row<'l>: Send;

    /// The record of a line in exactly the shape gsef writes, read without the JSON
    /// tokeniser; `None` leaves the line to the general reader. Worth having for the kinds a
    /// large store holds hundreds of thousands of.
    fn read_plain(_line: &str) -> Option<Self> {
        None
    }

    /// The row of a line, refusing what [`read_record`] refuses, in the same words.
    fn read_row<'l>(
        line: Line<'l>,
        sectors: &SectorVocabulary,
    ) -> std::result::Result<Self::Row<'l>, String>;

    /// The key of a row.
    fn row_key<'r>(row: &'r Self::Row<'_>) -> Key<'r>;
}

/// Parses one line's bytes (without its `\n`) as a record, explaining what is wrong; the
/// record's field rules are [`read_record`]'s to check.
pub fn parse_line<T: Stored>(line: &[u8]) -> std::result::Result<T, String> {
    parse(Line::Bytes(line))
}

fn parse<T: Stored>(line: Line<'_>) -> std::result::Result<T, String> {
    let bytes = line.bytes();
    if bytes.len() > MAX_LINE_BYTES {
        return Err(line_too_long(Some(bytes.len())));
    }
    // A line in gsef's own shape passes every check of the general reader by its shape alone.
    if let Some(text) = text_of(line)
        && let Some(record) = T::read_plain(text)
    {
        return Ok(record);
    }
    parse_line_generally(bytes)
}

/// A line as text, when it is UTF-8 (checked here if its block was not).
fn text_of(line: Line<'_>) -> Option<&str> {
    match line {
        Line::Text(text) => Some(text),
        Line::Bytes(bytes) => std::str::from_utf8(bytes).ok(),
    }
}

/// The record of a line, refused when it does not parse or when a field breaks the format (an
/// unknown sector, an id like `../x`): a report that counted around it would be silently wrong.
pub fn read_record<T: Stored>(
    line: Line<'_>,
    sectors: &SectorVocabulary,
) -> std::result::Result<T, String> {
    let record = parse::<T>(line)?;
    match record.problems(sectors).into_iter().next() {
        Some(problem) => Err(problem.to_string()),
        None => Ok(record),
    }
}

/// One record as a line of JSON, with its `\n`.
pub fn to_line<T: Record>(record: &T) -> Vec<u8> {
    let mut line = serde_json::to_vec(record).expect("records always serialise to JSON");
    line.push(b'\n');
    line
}

/// The kinds a store holds few of, whose row is the whole record, keyed by one id field.
macro_rules! stored_whole {
    ($($kind:ty => $key:ident),+ $(,)?) => {$(
        impl Stored for $kind {
            type Row<'l> = $kind;

            fn read_row(
                line: Line<'_>,
                sectors: &SectorVocabulary,
            ) -> std::result::Result<$kind, String> {
                read_record(line, sectors)
            }

            fn row_key<'r>(row: &'r $kind) -> Key<'r> {
                Key::Id(&row.$key)
            }
        }
    )+};
}

stored_whole!(Series => id, Event => id, Certificate => code, Indicator => id);

impl Stored for Response {
    type Row<'l> = ResponseRow<'l>;

    fn read_plain(line: &str) -> Option<Self> {
        plain::response_row(line).map(|row| row.to_record())
    }

    /// Borrows the fields from the line when it is in gsef's own shape, checked by the same
    /// rules as the full record; builds the full record only for any other line.
    fn read_row<'l>(
        line: Line<'l>,
        sectors: &SectorVocabulary,
    ) -> std::result::Result<ResponseRow<'l>, String> {
        if line.bytes().len() <= MAX_LINE_BYTES
            && let Some(text) = text_of(line)
            && let Some(row) = plain::response_row(text)
            // The fast reader takes only valid ids.
            && row.problems_besides_ids().is_empty()
        {
            return Ok(row);
        }
        read_record::<Response>(line, sectors).map(ResponseRow::from_record)
    }

    fn row_key<'r>(row: &'r ResponseRow<'_>) -> Key<'r> {
        Key::Joined([
            &row.event,
            &row.instrument,
            row.participant.as_deref().unwrap_or_default(),
            row.code.as_deref().unwrap_or_default(),
        ])
    }
}

impl Stored for Participant {
    type Row<'l> = ParticipantRow<'l>;

    fn read_plain(line: &str) -> Option<Self> {
        plain::participant(line)
    }

    /// Borrows the fields from the line when it is in gsef's own shape, checked by the same
    /// rules as the full record; builds the full record only for any other line.
    fn read_row<'l>(
        line: Line<'l>,
        sectors: &SectorVocabulary,
    ) -> std::result::Result<ParticipantRow<'l>, String> {
        let fast = (line.bytes().len() <= MAX_LINE_BYTES)
            .then(|| text_of(line))
            .flatten()
            .and_then(|text| match PlainParticipant::read(text) {
                Some(plain) => Some((
                    plain.row(),
                    Cow::Borrowed(plain.name),
                    plain.email.map(Cow::Borrowed),
                )),
                None => scan::participant(text)
                    .map(|scanned| (scanned.row, scanned.name, scanned.email)),
            });
        if let Some((row, name, email)) = fast
            && problems_of(
                &row.id,
                &name,
                row.sector.as_deref(),
                row.country.as_deref(),
                email.as_deref(),
                row.birth_year,
                sectors,
            )
            .is_empty()
        {
            return Ok(row);
        }
        read_record::<Participant>(line, sectors).map(ParticipantRow::from_record)
    }

    fn row_key<'r>(row: &'r ParticipantRow<'_>) -> Key<'r> {
        Key::Id(&row.id)
    }
}

impl Stored for Attendance {
    type Row<'l> = AttendanceRow<'l>;

    fn read_plain(line: &str) -> Option<Self> {
        plain::attendance(line)
    }

    /// The reader of gsef's own shape takes the lines gsef wrote; the scanner every other valid
    /// line; anything it cannot be sure of goes through the full record, which reads it or
    /// says what is wrong.
    fn read_row<'l>(
        line: Line<'l>,
        sectors: &SectorVocabulary,
    ) -> std::result::Result<AttendanceRow<'l>, String> {
        let bytes = line.bytes();
        if bytes.len() <= MAX_LINE_BYTES
            && let Some(text) = text_of(line)
            && let Some(row) = plain::attendance_row(text)
        {
            return Ok(row);
        }
        if bytes.len() <= MAX_LINE_BYTES
            && let Some(text) = text_of(line)
            && let Some(row) = scan::attendance_row(text)
            && row.has_valid_ids()
        {
            return Ok(row);
        }
        read_record::<Attendance>(line, sectors).map(AttendanceRow::from_record)
    }

    fn row_key<'r>(row: &'r AttendanceRow<'_>) -> Key<'r> {
        Key::Pair(&row.event, &row.participant)
    }
}

#[cfg(test)]
mod tests {
    use std::fmt;

    use proptest::prelude::*;

    use super::*;
    use crate::model::attendance::AttendanceFacts;
    use crate::testing::Xorshift;

    /// What the general reader and the record's own checks make of a line.
    fn strictly(line: &[u8]) -> std::result::Result<Attendance, String> {
        let record = parse_line_generally::<Attendance>(line)?;
        match record
            .problems(&SectorVocabulary::default())
            .into_iter()
            .next()
        {
            Some(problem) => Err(problem.to_string()),
            None => Ok(record),
        }
    }

    fn attendance_row(line: &[u8]) -> std::result::Result<AttendanceRow<'_>, String> {
        Attendance::read_row(Line::Bytes(line), &SectorVocabulary::default())
    }

    /// The fast readings must take exactly the lines the strict one takes, read them the same,
    /// and word their refusals the same.
    fn agrees(line: &[u8]) {
        plain_line_agrees::<Attendance>(line);
        if let Ok(text) = std::str::from_utf8(line) {
            // A line handed over as checked text reads exactly as the same line as bytes.
            let as_text = Attendance::read_row(Line::Text(text), &SectorVocabulary::default())
                .map(|row| format!("{row:?}"));
            let as_bytes = attendance_row(line).map(|row| format!("{row:?}"));
            assert_eq!(as_text, as_bytes);
        }
        match (attendance_row(line), strictly(line)) {
            (Ok(row), Ok(record)) => {
                assert_eq!(row.event(), record.event);
                assert_eq!(row.participant(), record.participant);
                assert_eq!(row.status(), record.status);
                assert_eq!(row.role(), record.role);
                assert_eq!(row.day_count(), record.days.len());
            }
            (Err(fast), Err(strict)) => assert_eq!(fast, strict),
            (fast, strict) => panic!(
                "{:?}: fast {:?}, strict {:?}",
                String::from_utf8_lossy(line),
                fast.map(|_| ()),
                strict.map(|_| ())
            ),
        }
    }

    const VALID: &str = r#"{"event":"e1","participant":"p1","status":"attended","role":"speaker","days":["2019-11-27","2019-11-28"]}"#;

    #[test]
    fn takes_and_refuses_what_the_full_reader_does() {
        let cases = [
            VALID,
            r#"{"event":"e1","participant":"p1","status":"no-show"}"#,
            r#"  {"event":"e1","participant":"p1","status":"attended","role":null}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","x_future":{"a":[1,2]}}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","x":1,"x":2}"#,
            r#"{"event":"e1","event":"e2","participant":"p1","status":"attended"}"#,
            r#"{"event":"e\u0031","participant":"p1","status":"attended"}"#,
            r#"{"event":"../e1","participant":"p1","status":"attended"}"#,
            r#"{"event":"e1","participant":"p1","status":"present"}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","days":["2019-11"]}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","days":["2019-11-28","2019-11-27"]}"#,
            r#"{"event":"e1","participant":"p1","status":"attended","days":null}"#,
            r#"{"event":"e1","participant":"p1"}"#,
            r#"["e1","p1","attended"]"#,
            r#"{"event":"e1","participant":"p1","status":"attended"} trailing"#,
            "{\"event\":\"e1\",\"participant\":\"p1\",\"status\":\"attended\"}\r",
            "\u{feff}{\"event\":\"e1\",\"participant\":\"p1\",\"status\":\"attended\"}",
            "",
            "   ",
        ];
        for case in cases {
            agrees(case.as_bytes());
        }
        agrees(b"{\"event\":\"e1\",\"participant\":\"p\x001\",\"status\":\"attended\"}");
        agrees(b"{\"event\":\"e1\",\"participant\":\"p\xff\",\"status\":\"attended\"}");
    }

    #[test]
    fn agrees_on_thousands_of_mutated_lines() {
        for line in mutations_of(VALID, 5000) {
            agrees(&line);
        }
    }

    /// The same line as Python's `json.dumps` writes it (spaces after `,` and `:`, non-ASCII
    /// escaped), as `jq -c` writes it in another key order, with unknown fields.
    const OTHER_LAYOUTS: [&str; 4] = [
        r#"{"event": "e1", "participant": "p1", "status": "attended", "role": "speaker", "days": ["2019-11-27", "2019-11-28"], "minutes": 90}"#,
        r#"{"days":["2019-11-27"],"participant":"p1","status":"no-show","event":"e1"}"#,
        r#"{"event":"e1","participant":"p1","status":"attended","note":"caf\u00e9 \"x\"","x_future":{"a":[1,-2.5,null,true,{"b":[]}]}}"#,
        "{ \"event\" :\t\"e1\" , \"participant\" : \"p\\u0031\" , \"status\" : \"cancelled\" , \"role\" : null }",
    ];

    #[test]
    fn agrees_on_mutated_lines_of_every_layout() {
        for valid in OTHER_LAYOUTS {
            let row = attendance_row(valid.as_bytes());
            assert!(row.is_ok(), "{valid}: {row:?}");
            agrees(valid.as_bytes());
            for line in mutations_of(valid, 3000) {
                agrees(&line);
            }
        }
    }

    /// What the full record and its checks make of a participant line, as a row.
    fn participant_strictly(line: &[u8]) -> std::result::Result<String, String> {
        read_record::<Participant>(Line::Bytes(line), &SectorVocabulary::default_vocabulary())
            .map(|record| format!("{:?}", ParticipantRow::from_record(record)))
    }

    /// The row a report reads of a participant line, whichever reader takes it, is the row of
    /// the full record, and a refusal is worded the same.
    fn participant_row_agrees(line: &[u8]) {
        let fast =
            Participant::read_row(Line::Bytes(line), &SectorVocabulary::default_vocabulary())
                .map(|row| format!("{row:?}"));
        assert_eq!(
            fast,
            participant_strictly(line),
            "{}",
            String::from_utf8_lossy(line)
        );
    }

    #[test]
    fn participant_rows_agree_in_every_layout() {
        for valid in [
            r#"{"id":"p1","name":"Ana","organization":"Coop","sector":"sse/cooperative","country":"MX","region":"Jalisco","email":"a@b.org","gender":"woman","birth_year":1990,"illustrative":true,"consent":"list"}"#,
            r#"{"id": "p1", "name": "Jos\u00e9 P\u00e9rez", "organization": "Coop \"Sol\"", "sector": "sse/cooperative", "country": "MX", "region": "Quer\u00e9taro", "email": null, "illustrative": false}"#,
            r#"{"region":"Jalisco","sector":"sse","name":"Ana","id":"p1","x_note":{"k":[1,2]},"forgotten":false,"consent":null}"#,
        ] {
            let row = Participant::read_row(
                Line::Bytes(valid.as_bytes()),
                &SectorVocabulary::default_vocabulary(),
            );
            assert!(row.is_ok(), "{valid}: {row:?}");
            participant_row_agrees(valid.as_bytes());
            for line in mutations_of(valid, 3000) {
                participant_row_agrees(&line);
            }
        }
        // The scanner takes the year as a number; the range is the record's check, not its.
        let too_early = br#"{"birth_year": 1776, "id": "p1", "name": "Ana"}"#;
        participant_row_agrees(too_early);
        let refusal = Participant::read_row(
            Line::Bytes(too_early),
            &SectorVocabulary::default_vocabulary(),
        )
        .unwrap_err();
        assert!(refusal.contains("birth_year `1776`"), "{refusal}");
    }

    /// A record read from gsef's own shape is the record the general reader reads, and a line
    /// the general reader refuses is never taken by the shape reader.
    fn plain_line_agrees<T: Stored + PartialEq + fmt::Debug>(line: &[u8]) {
        if line.len() > MAX_LINE_BYTES {
            return;
        }
        if let Ok(text) = std::str::from_utf8(line)
            && let Some(plain) = T::read_plain(text)
        {
            assert_eq!(
                parse_line_generally::<T>(line).as_ref(),
                Ok(&plain),
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }

    /// `count` lines made from `valid` by one to three random edits with JSON's own bytes.
    fn mutations_of(valid: &str, count: usize) -> Vec<Vec<u8>> {
        let mut random = Xorshift::new(0x2545_F491_4F6C_DD1D);
        let mut next = move || random.next();
        let interesting = b"{}[]\",:\\0123-eapt \r\xc3\xa9";
        let mut lines = Vec::with_capacity(count);
        for _ in 0..count {
            let mut line = valid.as_bytes().to_vec();
            for _ in 0..(1 + next() % 3) {
                let at = (next() % line.len() as u64) as usize;
                let byte = interesting[(next() % interesting.len() as u64) as usize];
                match next() % 3 {
                    0 => line[at] = byte,
                    1 => line.insert(at, byte),
                    _ => {
                        line.remove(at);
                    }
                }
                if line.is_empty() {
                    break;
                }
            }
            lines.push(line);
        }
        lines
    }

    #[test]
    fn participants_in_gsefs_shape_read_as_the_general_reader_reads_them() {
        let valid = r#"{"id":"p1","name":"Seo-yeon Müller","organization":"Coop Sol","sector":"sse/cooperative","country":"MX","region":"Jalisco","email":"a@b.org","gender":"female","birth_year":1984,"illustrative":true,"consent":"list","forgotten":true}"#;
        let plain =
            r#"{"id":"p1","name":"Ana","sector":"sse","country":"MX","consent":"aggregate"}"#;
        let plain_record = Participant::read_plain(plain).unwrap();
        assert_eq!(plain_record.consent, Some(crate::model::Consent::Aggregate));
        let escaped = r#"{"id":"p1","name":"Ana \"la\" Ruiz","sector":"sse"}"#;
        assert!(Participant::read_plain(escaped).is_none());
        for line in [valid, plain] {
            plain_line_agrees::<Participant>(line.as_bytes());
            for mutated in mutations_of(line, 3000) {
                plain_line_agrees::<Participant>(&mutated);
            }
        }
    }

    /// Responses, a million of which a store may hold, read by the shape reader exactly as the
    /// general reader reads them, mutated or not, and every one the writer writes is taken.
    #[test]
    fn responses_read_the_same_by_either_reader() {
        let written = [
            r#"{"event":"e1","instrument":"pre","participant":"p1","score":14.0,"max_score":20.0}"#,
            r#"{"event":"e1","instrument":"feedback","code":"K7Q2","scale":[0,10],"ratings":{"1":5,"2":4,"10":9},"overall":7,"comment":"More time for the ecosystem exercise."}"#,
            r#"{"event":"e1","instrument":"post","participant":"p1","score":17.5,"max_score":25.0}"#,
        ];
        for line in written {
            let record = Response::read_plain(line).unwrap_or_else(|| panic!("not taken: {line}"));
            assert_eq!(to_line(&record), format!("{line}\n").into_bytes(), "{line}");
            plain_line_agrees::<Response>(line.as_bytes());
            response_row_agrees(line.as_bytes());
            for mutated in mutations_of(line, 3000) {
                plain_line_agrees::<Response>(&mutated);
                response_row_agrees(&mutated);
            }
        }
        // Shapes the general reader has for itself: an integer score, an exponent, keys out of
        // order, a repeated rating, an escape.
        for line in [
            r#"{"event":"e1","instrument":"pre","participant":"p1","score":14,"max_score":20}"#,
            r#"{"event":"e1","instrument":"pre","participant":"p1","score":1e1,"max_score":20.0}"#,
            r#"{"event":"e1","instrument":"feedback","code":"K","ratings":{"2":4,"1":5}}"#,
            r#"{"event":"e1","instrument":"feedback","code":"K","ratings":{"1":4,"1":5}}"#,
            r#"{"event":"e1","instrument":"feedback","code":"K","comment":"a \"b\""}"#,
        ] {
            assert!(Response::read_plain(line).is_none(), "{line}");
            plain_line_agrees::<Response>(line.as_bytes());
            response_row_agrees(line.as_bytes());
        }
        // In gsef's shape, but breaking the format: refused as the record is.
        for line in [
            r#"{"event":"e1","instrument":"feedback","code":"K","ratings":{"1":7}}"#,
            r#"{"event":"e1","instrument":"pre","participant":"p1","score":21.0,"max_score":20.0}"#,
            r#"{"event":"e1","instrument":"pre","participant":"p1","code":"K"}"#,
        ] {
            let refused = Response::read_row(Line::Text(line), &SectorVocabulary::default());
            assert!(refused.is_err(), "{line}");
            response_row_agrees(line.as_bytes());
        }
    }

    /// The row a report reads of a response line, borrowed or not, is the row of the full
    /// record, and a refusal (a rating outside its scale, a score without its maximum) is
    /// worded the same.
    fn response_row_agrees(line: &[u8]) {
        let sectors = SectorVocabulary::default_vocabulary();
        let fast = Response::read_row(Line::Bytes(line), &sectors);
        let strict = read_record::<Response>(Line::Bytes(line), &sectors);
        assert_eq!(
            fast,
            strict.map(ResponseRow::from_record),
            "{}",
            String::from_utf8_lossy(line)
        );
    }

    /// Text a record's string fields may hold: plain letters most of the time, and now and
    /// then what makes the writer escape (quotes, backslashes, control characters).
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => "[A-Za-zÀ-ÿ가-힣 .,'-]{1,24}",
            1 => "[a-z\"\\\\\u{1}\t]{1,8}",
        ]
    }

    fn participant() -> impl Strategy<Value = Participant> {
        let optional = || proptest::option::of(text());
        (
            "[a-z][a-z0-9-]{0,12}",
            text(),
            optional(),
            proptest::option::of(prop::sample::select(vec![
                "sse",
                "government/municipal",
                "academia",
                "other",
            ])),
            proptest::option::of(prop::sample::select(vec!["MX", "SN", "KR", "ES"])),
            (optional(), optional(), optional()),
            (
                any::<bool>(),
                any::<bool>(),
                0..4usize,
                proptest::option::of(1900..=2020u16),
            ),
        )
            .prop_map(
                |(id, name, organization, sector, country, (region, email, gender), flags)| {
                    let (illustrative, forgotten, consent, birth_year) = flags;
                    Participant {
                        id,
                        name,
                        organization,
                        sector: sector.map(str::to_string),
                        country: country.map(str::to_string),
                        region,
                        email: email.map(|local| format!("{}@example.org", local.len())),
                        gender,
                        birth_year,
                        illustrative,
                        consent: [
                            None,
                            Some(crate::model::Consent::None),
                            Some(crate::model::Consent::Aggregate),
                            Some(crate::model::Consent::List),
                        ][consent],
                        forgotten,
                        merged: Vec::new(),
                        extra: Default::default(),
                    }
                },
            )
    }

    fn attendance() -> impl Strategy<Value = Attendance> {
        (
            "[a-z0-9][a-z0-9-]{0,12}",
            "[a-z0-9][a-z0-9-]{0,12}",
            0..4usize,
            0..5usize,
            proptest::collection::btree_set(1..=28u8, 0..4),
            proptest::option::of(prop_oneof![0..3u32, Just(u32::MAX), any::<u32>()]),
        )
            .prop_map(
                |(event, participant, status, role, days, minutes)| Attendance {
                    event,
                    participant,
                    status: crate::model::AttendanceStatus::ALL[status],
                    role: [
                        None,
                        Some(crate::model::Role::Participant),
                        Some(crate::model::Role::Speaker),
                        Some(crate::model::Role::Organizer),
                        Some(crate::model::Role::Facilitator),
                    ][role],
                    days: days
                        .into_iter()
                        .map(|day| format!("2019-11-{day:02}").parse().unwrap())
                        .collect(),
                    minutes,
                    extra: Default::default(),
                },
            )
    }

    proptest! {
        /// Every participant the writer encodes without escapes is taken by the fast reader,
        /// and read back as itself: a field added to the record but not to the fast reader
        /// would send every line of a large store down the slow path, and fails here.
        #[test]
        fn the_fast_reader_takes_every_participant_the_writer_writes(person in participant()) {
            let line = to_line(&person);
            let text = std::str::from_utf8(&line[..line.len() - 1]).unwrap();
            let needs_escapes = text.contains('\\');
            match Participant::read_plain(text) {
                Some(read) => prop_assert_eq!(read, person.clone()),
                None => prop_assert!(needs_escapes, "not taken: {}", text),
            }
            // Whatever it holds, the scanner reads the row the full record gives.
            let scanned = scan::participant(text).expect("taken by the scanner");
            prop_assert_eq!(scanned.row, ParticipantRow::from_record(person));
        }

        /// Likewise every attendance record, as a full record and as a row.
        #[test]
        fn the_fast_reader_takes_every_attendance_record_the_writer_writes(record in attendance()) {
            let line = to_line(&record);
            let text = std::str::from_utf8(&line[..line.len() - 1]).unwrap();
            prop_assert_eq!(Attendance::read_plain(text), Some(record.clone()));
            let row = plain::attendance_row(text).expect("taken as a row");
            prop_assert_eq!(row.day_count, record.days.len());
        }

        /// A score as a line may spell it, from `0.0` to fifteen digits with a point among
        /// them, is read by the fast reader to the very f64 the general reader gives.
        #[test]
        fn the_fast_reader_reads_scores_to_the_same_number(
            whole in "(0|[1-9][0-9]{0,7})",
            fraction in "[0-9]{1,7}",
        ) {
            let line = format!(
                r#"{{"event":"e1","instrument":"pre","code":"K","score":{whole}.{fraction},"max_score":{whole}.{fraction}}}"#
            );
            let general: Response = parse_line_generally(line.as_bytes()).unwrap();
            let fast = Response::read_plain(&line).expect("taken by the fast reader");
            prop_assert_eq!(fast.score.map(f64::to_bits), general.score.map(f64::to_bits));
            prop_assert_eq!(fast.max_score.map(f64::to_bits), general.max_score.map(f64::to_bits));
        }
    }
}
