//! JSON Lines: strict parsing with file and line in every error, and one-line serialisation.

use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::error::{Error, Result};
use crate::model::attendance::AttendanceRow;
use crate::model::participant::{ParticipantRow, problems_of};
use crate::model::plain_line::{self, PlainParticipant};
use crate::model::{Attendance, Participant, Record, SectorVocabulary};

/// The longest line a record may take. Real records are a few hundred bytes; the bound keeps a
/// runaway script or a hostile form from making every later command read megabytes per record.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Parses a whole collection file, refusing anything that breaks the format.
///
/// A last line without its `\n` is an interrupted append: it is reported as such (never
/// guessed at), and the next writer or `gsef check --repair` removes it.
pub fn parse_collection<T: Record>(path: &Path, bytes: &[u8]) -> Result<Vec<(usize, T)>> {
    parse_collection_checked(path, bytes, |_| None)
}

/// Below this size a collection is parsed on one thread: starting threads would cost more.
const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// Like [`parse_collection`], also refusing a record for which `check` returns a problem.
///
/// Large files are parsed on every core (see [`fold_lines`]), since parsing is nearly all the
/// time a command spends on a large store; the first bad line in file order is reported.
pub fn parse_collection_checked<T: Record>(
    path: &Path,
    bytes: &[u8],
    check: impl Fn(&T) -> Option<String> + Sync,
) -> Result<Vec<(usize, T)>> {
    let pieces = fold_lines(path, bytes, Vec::new, |records: &mut Vec<T>, line| {
        let record = parse_line::<T>(line).map_err(LineFailure::Bad)?;
        if let Some(problem) = check(&record) {
            return Err(LineFailure::Bad(problem));
        }
        records.push(record);
        Ok(())
    })?;
    // Every line gave one record, in file order, so a record's place is its line number.
    Ok((1..).zip(pieces.into_iter().flatten()).collect())
}

/// Why a fold stopped at a line: the line breaks the format, or the fold itself failed.
pub enum LineFailure {
    Bad(String),
    Fold(Error),
}

/// Visits every line of a collection (without its `\n`) on every core, each thread with its own
/// accumulator, so a report over a million records never holds them all.
///
/// The first bad line in file order is the one reported, with its line number, exactly as a
/// sequential read would. Returns one accumulator per piece of the file, in file order.
pub fn fold_lines<'b, A: Send>(
    path: &Path,
    bytes: &'b [u8],
    init: impl Fn() -> A + Sync,
    visit: impl Fn(&mut A, &'b [u8]) -> std::result::Result<(), LineFailure> + Sync,
) -> Result<Vec<A>> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let pieces = if bytes.len() < PARALLEL_FROM_BYTES || threads < 2 {
        vec![bytes]
    } else {
        split_at_lines(bytes, threads)
    };
    let fold_piece = |piece: &&'b [u8]| -> PieceResult<A> {
        let mut accumulator = init();
        let mut line_count = 0;
        for (index, line) in lines(piece) {
            line_count = index + 1;
            let Some(content) = line.strip_suffix(b"\n") else {
                return (Err((line_count, incomplete_last_line())), line_count);
            };
            if let Err(failure) = visit(&mut accumulator, content) {
                return (Err((line_count, failure)), line_count);
            }
        }
        (Ok(accumulator), line_count)
    };
    combine_pieces(path, fold_pieces(&pieces, fold_piece))
}

/// What folding one piece of a collection gave: its accumulator, or the line (counted within
/// the piece) where it stopped and why; and how many lines the piece has, as far as it read.
pub type PieceResult<A> = (std::result::Result<A, (usize, LineFailure)>, usize);

pub fn incomplete_last_line() -> LineFailure {
    LineFailure::Bad("incomplete last line, left by an interrupted write".to_string())
}

/// Folds every piece, each on its own thread when there are several.
pub fn fold_pieces<P: Sync, A: Send>(
    pieces: &[P],
    fold_piece: impl Fn(&P) -> PieceResult<A> + Sync,
) -> Vec<PieceResult<A>> {
    if let [only] = pieces {
        // A small collection: no thread to start.
        return vec![fold_piece(only)];
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .iter()
            .map(|piece| scope.spawn(|| fold_piece(piece)))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a parsing thread does not panic"))
            .collect()
    })
}

/// The accumulators of pieces folded in file order, or the first failure in file order, with
/// its line number counted from the start of the file.
pub fn combine_pieces<A>(path: &Path, results: Vec<PieceResult<A>>) -> Result<Vec<A>> {
    let mut accumulators = Vec::with_capacity(results.len());
    let mut lines_before = 0;
    for (result, line_count) in results {
        match result {
            Ok(accumulator) => accumulators.push(accumulator),
            Err((line, LineFailure::Bad(message))) => {
                return Err(Error::Parse {
                    path: path.to_path_buf(),
                    line: line + lines_before,
                    message,
                });
            }
            Err((_, LineFailure::Fold(error))) => return Err(error),
        }
        lines_before += line_count;
    }
    Ok(accumulators)
}

/// Reads an attendance line for counting, as strictly as [`parse_line`] and
/// [`Record::problems`] together, but without building the full record when it can.
///
/// The borrowed [`AttendanceRow`] takes the common line (known fields only, ids and days
/// valid); anything else goes through the full parser, which reads it or says what is wrong.
pub fn parse_attendance_row(line: &[u8]) -> std::result::Result<AttendanceRow<'_>, String> {
    parse_attendance_line(Line::Bytes(line))
}

/// [`parse_attendance_row`] for a line that may already be known to be UTF-8.
pub fn parse_attendance_line(line: Line<'_>) -> std::result::Result<AttendanceRow<'_>, String> {
    if line.bytes().len() <= MAX_LINE_BYTES {
        let row = match line {
            Line::Text(text) => plain_line::attendance_row_of_text(text),
            Line::Bytes(bytes) => plain_line::attendance_row(bytes),
        };
        if let Some(row) = row {
            return Ok(row);
        }
    }
    let line = line.bytes();
    // serde would take these where the full parser refuses them, so they skip the fast path.
    let framed_plainly = line.len() <= MAX_LINE_BYTES
        && line.last() != Some(&b'\r')
        && line.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{');
    if framed_plainly
        && let Ok(row) = serde_json::from_slice::<AttendanceRow>(line)
        && row.has_valid_ids()
    {
        return Ok(row);
    }
    let record = parse_line::<Attendance>(line)?;
    if let Some(problem) = record
        .problems(&SectorVocabulary::default())
        .into_iter()
        .next()
    {
        return Err(problem.to_string());
    }
    Ok(AttendanceRow::from_record(record))
}

/// Reads a participant line for a report, as strictly as [`parse_line`] and
/// [`Record::problems`] together, borrowing its fields from the line when it is in gsef's own
/// shape and building the full record only for any other line.
pub fn parse_participant_row<'l>(
    line: &'l [u8],
    sectors: &SectorVocabulary,
) -> std::result::Result<ParticipantRow<'l>, String> {
    if line.len() <= MAX_LINE_BYTES
        && let Some(plain) = PlainParticipant::read(line)
        && problems_of(
            plain.id,
            plain.name,
            plain.sector,
            plain.country,
            plain.email,
            sectors,
        )
        .is_empty()
    {
        return Ok(plain.row());
    }
    let record = parse_line::<Participant>(line)?;
    if let Some(problem) = record.problems(sectors).into_iter().next() {
        return Err(problem.to_string());
    }
    Ok(ParticipantRow::from_record(record))
}

/// One line of a collection (without its `\n`), as text when it is already known to be UTF-8.
#[derive(Debug, Clone, Copy)]
pub enum Line<'a> {
    Text(&'a str),
    Bytes(&'a [u8]),
}

impl<'a> Line<'a> {
    pub fn bytes(self) -> &'a [u8] {
        match self {
            Line::Text(text) => text.as_bytes(),
            Line::Bytes(bytes) => bytes,
        }
    }
}

/// Cuts `bytes` into about `count` pieces, each ending just after a `\n` (but the last).
fn split_at_lines(bytes: &[u8], count: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(count);
    let mut start = 0;
    for index in 1..count {
        let target = (bytes.len() * index / count).max(start);
        let Some(offset) = bytes[target..].iter().position(|&byte| byte == b'\n') else {
            break;
        };
        let end = target + offset + 1;
        pieces.push(&bytes[start..end]);
        start = end;
    }
    pieces.push(&bytes[start..]);
    pieces
}

/// Splits into lines, each with its `\n` when it has one.
pub fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |newline| newline + 1);
        let (line, after) = rest.split_at(end);
        rest = after;
        Some(line)
    })
    .enumerate()
}

/// Parses one line's bytes (without its `\n`) as a record, explaining what is wrong.
pub fn parse_line<T: Record>(line: &[u8]) -> std::result::Result<T, String> {
    if line.len() > MAX_LINE_BYTES {
        return Err(format!(
            "the line is {} bytes long; a record may take at most {MAX_LINE_BYTES}",
            line.len()
        ));
    }
    // A line in gsef's own shape passes every check of the general parser by its shape alone.
    if let Some(record) = T::from_plain_line(line) {
        return Ok(record);
    }
    parse_line_generally(line)
}

/// [`parse_line`] without the reader for gsef's own shape: any JSON object, any key order.
fn parse_line_generally<T: Record>(line: &[u8]) -> std::result::Result<T, String> {
    if line.starts_with(b"\xEF\xBB\xBF") {
        return Err(
            "starts with a byte order mark; JSON Lines files must not have one".to_string(),
        );
    }
    if line.iter().all(u8::is_ascii_whitespace) {
        return Err("empty line; every line must hold one record".to_string());
    }
    if line.last() == Some(&b'\r') {
        return Err("ends with a carriage return; lines must end with \\n alone".to_string());
    }
    let text = std::str::from_utf8(line)
        .map_err(|error| format!("not valid UTF-8 (byte {})", error.valid_up_to() + 1))?;
    if let Some(position) = line.iter().position(|&byte| byte == 0) {
        return Err(format!("contains a NUL byte (column {})", position + 1));
    }
    if !text.trim_start().starts_with('{') {
        return Err(format!("expected a JSON object for a {} record", T::KIND));
    }
    let record: T = serde_json::from_str(text).map_err(|error| {
        // serde's derive already refuses a known field given twice (however it is escaped);
        // say it in the same words as the full check below.
        describe_json_error(&error).replacen("duplicate field", "duplicate key", 1)
    })?;
    // Only unknown keys, kept as they came, can hide a repeat from serde: check those lines.
    if record.has_unknown_fields() {
        refuse_duplicate_keys(text)?;
    }
    Ok(record)
}

/// Refuses a key that appears twice in one object, at any depth.
///
/// serde_json keeps the last of two equal keys and `#[serde(flatten)]` hides repeats of unknown
/// ones, so `{"name":"Ana","name":"Bob"}` would load as one of them silently; two tools reading
/// the same line could then disagree about who came.
fn refuse_duplicate_keys(text: &str) -> std::result::Result<(), String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    UniqueKeys
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end())
        .map_err(|error| describe_json_error(&error))
}

/// A pass over any JSON value that only checks that object keys are unique.
struct UniqueKeys;

impl<'de> DeserializeSeed<'de> for UniqueKeys {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueKeys {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> std::result::Result<(), A::Error> {
        while items.next_element_seed(UniqueKeys)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> std::result::Result<(), A::Error> {
        // Records have a dozen keys at most, so a linear scan over borrowed keys beats hashing
        // owned copies; this pass runs once per line of every collection read.
        let mut seen: Vec<Key<'de>> = Vec::new();
        while let Some(key) = entries.next_key::<Key<'de>>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format_args!(
                    "duplicate key `{}`",
                    key.as_str()
                )));
            }
            entries.next_value_seed(UniqueKeys)?;
            seen.push(key);
        }
        Ok(())
    }
}

/// An object key, borrowed from the line unless it had to be unescaped.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

/// Keys compare by text, however they were spelled in the line (`status` is `st\u0061tus`).
impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("an object key")
            }

            fn visit_borrowed_str<E: de::Error>(
                self,
                key: &'de str,
            ) -> std::result::Result<Key<'de>, E> {
                Ok(Key::Borrowed(key))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> std::result::Result<Key<'de>, E> {
                Ok(Key::Owned(key.to_string()))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// serde_json's message without its "at line 1 column N" (always line 1 here), with the column kept.
fn describe_json_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(message, _)| message);
    if message == "recursion limit exceeded" {
        // serde_json stops at 128 levels, far beyond any record, so deep nesting is hostile.
        return format!(
            "nested more than 128 levels deep (recursion limit exceeded) (column {})",
            error.column()
        );
    }
    format!("{message} (column {})", error.column())
}

/// One record as a line of JSON, with its `\n`.
pub fn to_line<T: Record>(record: &T) -> Vec<u8> {
    let mut line = serde_json::to_vec(record).expect("records always serialise to JSON");
    line.push(b'\n');
    line
}

#[cfg(test)]
mod parallel_tests {
    use super::*;
    use crate::model::Attendance;

    fn collection(lines: usize) -> Vec<u8> {
        (0..lines)
            .flat_map(|n| {
                format!(
                    "{{\"event\":\"e{}\",\"participant\":\"p{n}\",\"status\":\"attended\"}}\n",
                    n % 7
                )
                .into_bytes()
            })
            .collect()
    }

    #[test]
    fn pieces_end_on_line_boundaries_and_cover_everything() {
        let bytes = collection(1000);
        for count in 1..6 {
            let pieces = split_at_lines(&bytes, count);
            assert_eq!(pieces.concat(), bytes);
            assert!(
                pieces
                    .iter()
                    .rev()
                    .skip(1)
                    .all(|piece| piece.ends_with(b"\n"))
            );
        }
    }

    #[test]
    fn a_parallel_parse_numbers_lines_as_a_sequential_one() {
        let bytes = collection(40_000);
        assert!(
            bytes.len() > PARALLEL_FROM_BYTES,
            "large enough to be split"
        );
        let records = parse_collection::<Attendance>(Path::new("a.jsonl"), &bytes).unwrap();
        assert_eq!(records.len(), 40_000);
        assert!(records.iter().enumerate().all(|(index, (line, record))| {
            *line == index + 1 && record.participant == format!("p{index}")
        }));
    }

    #[test]
    fn the_first_bad_line_in_file_order_is_reported() {
        let mut bytes = collection(40_000);
        let good = b"\"status\":\"attended\"";
        // Break line 30,001 (in a later piece) and line 35,000.
        for target in [30_000, 34_999] {
            let start = bytes
                .split(|&b| b == b'\n')
                .take(target)
                .map(|line| line.len() + 1)
                .sum::<usize>();
            let at = start
                + bytes[start..]
                    .windows(good.len())
                    .position(|window| window == good)
                    .unwrap();
            bytes[at + 10..at + 18].copy_from_slice(b"absent\"\"");
        }
        let error = parse_collection::<Attendance>(Path::new("a.jsonl"), &bytes).unwrap_err();
        assert!(error.to_string().starts_with("a.jsonl:30001:"), "{error}");
    }
}

#[cfg(test)]
mod attendance_row_tests {
    use super::*;
    use crate::model::attendance::AttendanceFacts;
    use crate::testing::Xorshift;

    /// What the general parser and the record's own checks make of a line.
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

    /// The fast readings must take exactly the lines the strict one takes, read them the same,
    /// and word their refusals the same.
    fn agrees(line: &[u8]) {
        plain_line_agrees::<Attendance>(line);
        if let Ok(text) = std::str::from_utf8(line) {
            // A line handed over as checked text reads exactly as the same line as bytes.
            let as_text = parse_attendance_line(Line::Text(text)).map(|row| format!("{row:?}"));
            let as_bytes = parse_attendance_row(line).map(|row| format!("{row:?}"));
            assert_eq!(as_text, as_bytes);
        }
        match (parse_attendance_row(line), strictly(line)) {
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
    fn takes_and_refuses_what_the_full_parser_does() {
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

    /// A record read from gsef's own shape is the record the general parser reads, and a line
    /// the general parser refuses is never taken by the shape reader.
    pub(super) fn plain_line_agrees<T: Record + PartialEq + fmt::Debug>(line: &[u8]) {
        if line.len() > MAX_LINE_BYTES {
            return;
        }
        if let Some(plain) = T::from_plain_line(line) {
            assert_eq!(
                parse_line_generally::<T>(line).as_ref(),
                Ok(&plain),
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }

    /// `count` lines made from `valid` by one to three random edits with JSON's own bytes.
    pub(super) fn mutations_of(valid: &str, count: usize) -> Vec<Vec<u8>> {
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
    fn participants_in_gsefs_shape_read_as_the_general_parser_reads_them() {
        use crate::model::Participant;
        let valid = r#"{"id":"p1","name":"Seo-yeon Müller","organization":"Coop Sol","sector":"sse/cooperative","country":"MX","region":"Jalisco","email":"a@b.org","gender":"female","illustrative":true,"consent":"list","forgotten":true}"#;
        let plain =
            r#"{"id":"p1","name":"Ana","sector":"sse","country":"MX","consent":"aggregate"}"#;
        let plain_record = Participant::from_plain_line(plain.as_bytes()).unwrap();
        assert_eq!(plain_record.consent, Some(crate::model::Consent::Aggregate));
        let escaped = r#"{"id":"p1","name":"Ana \"la\" Ruiz","sector":"sse"}"#;
        assert!(Participant::from_plain_line(escaped.as_bytes()).is_none());
        for line in [valid, plain] {
            plain_line_agrees::<Participant>(line.as_bytes());
            for mutated in mutations_of(line, 3000) {
                plain_line_agrees::<Participant>(&mutated);
            }
        }
    }
}
