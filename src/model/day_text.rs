//! How people write the days of an event and the marks of a sign-in sheet — as the headers and
//! cells of an imported file and as `gsef attend --day` arguments — read into full dates and
//! present or absent.
//!
//! A day is read against the event it belongs to ([`EventDays`]), because most ways of writing
//! one leave something to it: `27/11` takes the event's year, `Day 2` counts from its first day,
//! `dia_27` (as Kobo names a choice) is the 27th of its month. The text is first cut into
//! *claims* — a numeric date, a date with its month in words, a counted day, a weekday — and
//! every claim must agree on one day:
//!
//! - a numeric `a/b` reads both ways unless an order is given; the event keeps the readings
//!   that fall within its dates, and two that both do are [`DayProblem::Ambiguous`];
//! - `Day N` is the event's Nth day, and only when its days are known (full start and end); a
//!   number too large to count (`dia_27` of a two-day event) is the day of the month instead.
//!   A count wins whenever the number can be one, because `Day 1`, `Día 2` are how sheets name
//!   their columns; a Kobo form that names its choices by the date (`dia_3` … `dia_7` for 3–7
//!   March) therefore reads its first days as counts, and its caller must say so;
//! - `2º día`, `second day`, `1일차` only ever count;
//! - a weekday is checked against the date, never used to find it;
//! - whatever the claims agree on must be one of the event's days.
//!
//! Case, accents and the spaces around are never significant. Months are read in English,
//! Spanish and French, full or abbreviated; weekdays also in Korean.

use std::fmt;
use std::ops::RangeInclusive;

use super::date::{PartialDate, Weekday, human_span};
use super::event::{Event, span_includes_day};
use super::folding::lower_without_accents;
use crate::quote;

/// Which number of `5/11` is the day; a file or a person uses one order throughout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum DateOrder {
    /// 27/11/2019: the day first, as in Mexico, Senegal, Uganda.
    #[value(name = "dmy")]
    DayMonth,
    /// 11/27/2019: the month first, as in the United States.
    #[value(name = "mdy")]
    MonthDay,
}

impl DateOrder {
    fn describe(self) -> &'static str {
        match self {
            DateOrder::DayMonth => "day/month",
            DateOrder::MonthDay => "month/day",
        }
    }
}

/// The most days an event lists one by one. A span longer than a year is no workshop but a
/// mistyped date, and counting `Day N` through it would only mislead.
const MOST_LISTED_DAYS: usize = 366;

/// What an event's dates tell a reader of days: every day in order when its start and end are
/// full dates, otherwise only the span it is known by (a year, a month).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDays {
    start: Option<PartialDate>,
    end: Option<PartialDate>,
    listed: Option<Vec<PartialDate>>,
}

impl EventDays {
    pub fn of(event: &Event) -> EventDays {
        EventDays::between(event.start, event.end)
    }

    /// The days from `start` to `end`, read as an event's dates are (no end: one day, or one
    /// month, or one year, as precise as the start).
    pub fn between(start: Option<PartialDate>, end: Option<PartialDate>) -> EventDays {
        EventDays {
            start,
            end,
            listed: listed_days(start, end.or(start)),
        }
    }

    /// The event's days in order, when its start and end are full dates.
    pub fn days(&self) -> Option<&[PartialDate]> {
        self.listed.as_deref()
    }

    /// True when `day` can be one of the event's days, by [`Event::includes_day`]'s rule.
    pub fn includes(&self, day: &PartialDate) -> bool {
        span_includes_day(self.start, self.end, day)
    }

    /// The event's `number`th day, counting from 1.
    fn counted(&self, number: u32) -> Option<PartialDate> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        self.listed.as_ref()?.get(index).copied()
    }

    /// The years a day written without one may fall in; `None` for an undated event.
    fn years(&self) -> Option<RangeInclusive<u16>> {
        let first = self.start.or(self.end)?.year;
        let last = self.end.or(self.start)?.year;
        Some(first..=last.max(first))
    }

    fn span(&self) -> String {
        human_span(self.start.as_ref(), self.end.as_ref())
    }
}

impl From<&Event> for EventDays {
    fn from(event: &Event) -> EventDays {
        EventDays::of(event)
    }
}

fn listed_days(first: Option<PartialDate>, last: Option<PartialDate>) -> Option<Vec<PartialDate>> {
    let (first, last) = (first?, last?);
    if !first.is_full() || !last.is_full() || last < first {
        return None;
    }
    let mut days = vec![first];
    while let Some(next) = days.last().and_then(PartialDate::next_day)
        && next <= last
    {
        if days.len() == MOST_LISTED_DAYS {
            return None;
        }
        days.push(next);
    }
    Some(days)
}

/// What an event's dates leave unsaid that a text needed from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingFromEvent {
    /// `27/11` has no year and the event has no dates to take one from.
    Year,
    /// `Day 2` counts days, and the event's start and end are not full dates.
    Days,
}

/// Why a text is not one day of the event; each reads as one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayProblem {
    /// No form of a day this reader knows.
    NotADay { text: String },
    /// A date the calendar lacks (`31/11`), or one only the other order would give.
    NoSuchDate {
        text: String,
        order: Option<DateOrder>,
    },
    /// Both readings of `a/b` are days of the event, and no order was given.
    Ambiguous {
        text: String,
        readings: [PartialDate; 2],
    },
    /// A day, but not one of the event's.
    OutsideEvent {
        text: String,
        day: PartialDate,
        span: String,
    },
    /// `Day 5` of an event with fewer days.
    NoSuchEventDay {
        text: String,
        number: u32,
        span: String,
    },
    /// The text leaves to the event what the event's dates do not say.
    NeedsEventDates {
        text: String,
        missing: MissingFromEvent,
    },
    /// Two parts of the text name different days (`Day 1 28/11` when day 1 is the 27th).
    Contradiction {
        text: String,
        days: [PartialDate; 2],
    },
    /// The weekday written is not the date's.
    WrongWeekday {
        text: String,
        day: PartialDate,
        written: Weekday,
    },
    /// Several days where one was wanted: `27 y 28 de noviembre`.
    SeveralDays { text: String },
}

/// The forms a message offers when a text is no day at all; a short list, one of each kind.
pub const FORMS_ACCEPTED: &str =
    "2019-11-27, 27/11, 27 Nov, 27 de noviembre, 27 novembre, November 27, 11월 27일 or Day 2";

impl DayProblem {
    /// The text as it was given.
    pub fn text(&self) -> &str {
        match self {
            DayProblem::NotADay { text }
            | DayProblem::NoSuchDate { text, .. }
            | DayProblem::Ambiguous { text, .. }
            | DayProblem::OutsideEvent { text, .. }
            | DayProblem::NoSuchEventDay { text, .. }
            | DayProblem::NeedsEventDates { text, .. }
            | DayProblem::Contradiction { text, .. }
            | DayProblem::WrongWeekday { text, .. }
            | DayProblem::SeveralDays { text } => text,
        }
    }

    /// What is wrong, without the text itself, for a message that quotes the text already.
    pub fn reason(&self) -> String {
        match self {
            DayProblem::NotADay { .. } => format!("not a day; write it as {FORMS_ACCEPTED}"),
            DayProblem::NoSuchDate { order: None, .. } => "the calendar has no such day".into(),
            DayProblem::NoSuchDate {
                order: Some(order), ..
            } => format!("the calendar has no such day read as {}", order.describe()),
            DayProblem::Ambiguous { readings, .. } => format!(
                "may be {} or {}; write the year first (YYYY-MM-DD) or say whether the day or the month comes first",
                readings[0].human(),
                readings[1].human()
            ),
            DayProblem::OutsideEvent { day, span, .. } if span.is_empty() => {
                format!("{} is not a day of the event", day.human())
            }
            DayProblem::OutsideEvent { day, span, .. } => {
                format!("{} is outside the event's dates ({span})", day.human())
            }
            DayProblem::NoSuchEventDay { number, span, .. } => {
                format!("the event has no day {number}; it runs {span}")
            }
            DayProblem::NeedsEventDates {
                missing: MissingFromEvent::Year,
                ..
            } => "has no year, and the event has no dates to take one from".into(),
            DayProblem::NeedsEventDates {
                missing: MissingFromEvent::Days,
                ..
            } => "counts the event's days, and the event has no full start and end dates to count from".into(),
            DayProblem::Contradiction { days, .. } => format!(
                "names two different days, {} and {}",
                days[0].human(),
                days[1].human()
            ),
            DayProblem::WrongWeekday { day, written, .. } => format!(
                "{} is a {}, not a {}",
                day.human(),
                day.weekday().map_or("", Weekday::name),
                written.name()
            ),
            DayProblem::SeveralDays { .. } => "names several days; give one at a time".into(),
        }
    }
}

impl fmt::Display for DayProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The text came from a file or a command line, and may be of any length.
        write!(f, "`{}`: {}", quote::value(self.text()), self.reason())
    }
}

impl std::error::Error for DayProblem {}

/// The one day of the event that `text` names.
///
/// `order` says which number of `a/b` is the day; without it the event decides, and failing
/// that the text is [`DayProblem::Ambiguous`]. Every word must belong to the day: extra words
/// make the text [`DayProblem::NotADay`] (see [`day_of_header`] for the lenient reading).
pub fn parse_day(
    text: &str,
    event: &EventDays,
    order: Option<DateOrder>,
) -> Result<PartialDate, DayProblem> {
    let scan = scan(text);
    if scan.unread {
        return Err(DayProblem::NotADay {
            text: text.trim().into(),
        });
    }
    resolve(text, &scan.claims, event, order)
}

/// The day of the event a column header names, if it names one: `27/11`, `Asistencia día 1`,
/// `Miércoles 27 de noviembre`, and of a Kobo path (`group_asistencia/dias/dia_27`) its last
/// segment.
///
/// Words around the day are allowed, so a header is taken only when it names exactly one of the
/// event's days: a date of birth, a date outside the event or one that reads two ways is `None`.
pub fn day_of_header(header: &str, event: &EventDays) -> Option<PartialDate> {
    let named = last_path_segment(header);
    resolve(named, &scan(named).claims, event, None).ok()
}

/// Whether a sign-in sheet's cell says the person was there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    Present,
    Absent,
    /// Text that is neither: a note, a name, a signature transcribed. Counting it as present
    /// would turn every remark ("llegó tarde", "excusado") into attendance a funder is told of,
    /// so the caller decides, or asks.
    Unknown,
}

/// What a sign-in sheet's cell says: a tick, a yes, a time of arrival (`9:15`, `9h15`,
/// `9:15 am`) are [`Mark::Present`]; a blank, a no, a dash are [`Mark::Absent`]; any other text
/// is [`Mark::Unknown`].
///
/// `X` counts as present, as Latin American and African sheets use it; a Korean sheet that marks
/// absence with `X` (beside `O` for present) reads wrongly, and `×` is left unknown for that
/// reason.
pub fn mark(cell: &str) -> Mark {
    let trimmed = cell.trim();
    if trimmed.is_empty() {
        return Mark::Absent;
    }
    if is_time_of_day(trimmed) {
        return Mark::Present;
    }
    let lowered = lower_without_accents(trimmed);
    let words: Vec<&str> = lowered
        .trim_end_matches(['.', '!'])
        .split_whitespace()
        .collect();
    match words.join(" ").as_str() {
        "x" | "✓" | "✔" | "✅" | "☑" | "√" | "○" | "◯" | "1" | "1.0" | "yes" | "y" | "si"
        | "oui" | "o" | "예" | "네" | "true" | "verdadero" | "vrai" | "p" | "presente"
        | "present" | "asistio" | "attended" => Mark::Present,
        "-" | "—" | "–" | "0" | "0.0" | "no" | "n" | "non" | "아니요" | "아니오" | "false"
        | "falso" | "faux" | "a" | "ausente" | "absent" | "no asistio" | "did not attend" => {
            Mark::Absent
        }
        _ => Mark::Unknown,
    }
}

/// `9:15`, `09:15`, `14:05:30`, `9h15`, `9:15 am`, `9:15 p.m.`: a time a person arrived at.
fn is_time_of_day(text: &str) -> bool {
    let lowered = text.to_ascii_lowercase();
    let digits_end = |from: usize| {
        lowered[from..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(lowered.len(), |end| from + end)
    };
    let hour_end = digits_end(0);
    if !(1..=2).contains(&hour_end)
        || !matches!(lowered.as_bytes().get(hour_end), Some(b':' | b'h'))
    {
        return false;
    }
    let minute_end = digits_end(hour_end + 1);
    if minute_end - hour_end != 3 {
        return false;
    }
    let mut rest = &lowered[minute_end..];
    if let Some(seconds) = rest.strip_prefix(':') {
        let seconds_end = seconds
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(seconds.len());
        if seconds_end != 2 || seconds[..seconds_end].parse::<u32>().unwrap_or(99) > 59 {
            return false;
        }
        rest = &seconds[seconds_end..];
    }
    let suffix: String = rest
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    let hour: u32 = lowered[..hour_end].parse().unwrap_or(99);
    let minute: u32 = lowered[hour_end + 1..minute_end].parse().unwrap_or(99);
    let hours = match suffix.as_str() {
        "" | "h" | "hrs" | "hs" => 0..=23,
        "am" | "pm" => 1..=12,
        _ => return false,
    };
    hours.contains(&hour) && minute <= 59
}

/// The days a single answer lists, sorted and once each: a Google Forms checkbox answer
/// (`Day 1 (27 Nov), Day 2 (28 Nov)`), a Kobo select_multiple (`dia_27 dia_28`), dates in a
/// row (`27/11, 28/11`), or days that share a month (`27 y 28 de noviembre`). Empty is no day.
///
/// The answer is split at the commas and semicolons outside parentheses; a piece that is no
/// day alone (`Wednesday`, `27`) joins the one after it, and a lone year the one before, so an
/// option that holds a comma itself (`Wednesday, November 27`, `Nov 27, 2019`) stays whole.
pub fn days_in_list(
    cell: &str,
    event: &EventDays,
    order: Option<DateOrder>,
) -> Result<Vec<PartialDate>, DayProblem> {
    let mut days = Vec::new();
    for part in joined_parts(top_level_parts(cell)) {
        days.extend(days_in_part(&part, event, order)?);
    }
    days.sort();
    days.dedup();
    Ok(days)
}

/// The order in which every numeric day among `samples` (a file's headers and cells) is a day
/// of the event — `28/11` can only be day/month — or `None` when both orders fit or neither
/// does. A numeric date that is the event's in neither order (a date of birth, a phone number)
/// is no day of the event, and says nothing about the order.
pub fn decide_order<'a>(
    samples: impl IntoIterator<Item = &'a str>,
    event: &EventDays,
) -> Option<DateOrder> {
    let mut fits_day_month = true;
    let mut fits_month_day = true;
    for sample in samples {
        for claim in scan(last_path_segment(sample)).claims {
            let Claim::Numeric {
                first,
                second,
                year,
            } = claim
            else {
                continue;
            };
            let within = |order| {
                numeric_readings(first, second, year, Some(order), event)
                    .is_some_and(|readings| readings.iter().any(|day| event.includes(day)))
            };
            let (day_month, month_day) = (within(DateOrder::DayMonth), within(DateOrder::MonthDay));
            if day_month || month_day {
                fits_day_month &= day_month;
                fits_month_day &= month_day;
            }
        }
    }
    match (fits_day_month, fits_month_day) {
        (true, false) => Some(DateOrder::DayMonth),
        (false, true) => Some(DateOrder::MonthDay),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Words

const MONTH_WORDS: &[(&str, u8)] = &[
    ("january", 1),
    ("jan", 1),
    ("enero", 1),
    ("ene", 1),
    ("janvier", 1),
    ("janv", 1),
    ("february", 2),
    ("feb", 2),
    ("febrero", 2),
    ("fevrier", 2),
    ("fevr", 2),
    ("fev", 2),
    ("march", 3),
    ("mar", 3),
    ("marzo", 3),
    ("mars", 3),
    ("april", 4),
    ("apr", 4),
    ("abril", 4),
    ("abr", 4),
    ("avril", 4),
    ("avr", 4),
    ("may", 5),
    ("mayo", 5),
    ("mai", 5),
    ("june", 6),
    ("jun", 6),
    ("junio", 6),
    ("juin", 6),
    ("july", 7),
    ("jul", 7),
    ("julio", 7),
    ("juillet", 7),
    ("juil", 7),
    ("august", 8),
    ("aug", 8),
    ("agosto", 8),
    ("ago", 8),
    ("aout", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("set", 9),
    ("septembre", 9),
    ("october", 10),
    ("oct", 10),
    ("octubre", 10),
    ("octobre", 10),
    ("november", 11),
    ("nov", 11),
    ("noviembre", 11),
    ("novembre", 11),
    ("december", 12),
    ("dec", 12),
    ("diciembre", 12),
    ("dic", 12),
    ("decembre", 12),
];

/// Weekday names and unambiguous abbreviations; `mar` is left to March (and marzo, mars).
const WEEKDAY_WORDS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Monday),
    ("mon", Weekday::Monday),
    ("lunes", Weekday::Monday),
    ("lun", Weekday::Monday),
    ("lundi", Weekday::Monday),
    ("월요일", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("tue", Weekday::Tuesday),
    ("tues", Weekday::Tuesday),
    ("martes", Weekday::Tuesday),
    ("mardi", Weekday::Tuesday),
    ("화요일", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("wed", Weekday::Wednesday),
    ("miercoles", Weekday::Wednesday),
    ("mie", Weekday::Wednesday),
    ("mier", Weekday::Wednesday),
    ("mercredi", Weekday::Wednesday),
    ("mer", Weekday::Wednesday),
    ("수요일", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("thu", Weekday::Thursday),
    ("thur", Weekday::Thursday),
    ("thurs", Weekday::Thursday),
    ("jueves", Weekday::Thursday),
    ("jue", Weekday::Thursday),
    ("jeudi", Weekday::Thursday),
    ("jeu", Weekday::Thursday),
    ("목요일", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("fri", Weekday::Friday),
    ("viernes", Weekday::Friday),
    ("vie", Weekday::Friday),
    ("vendredi", Weekday::Friday),
    ("ven", Weekday::Friday),
    ("금요일", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sat", Weekday::Saturday),
    ("sabado", Weekday::Saturday),
    ("sab", Weekday::Saturday),
    ("samedi", Weekday::Saturday),
    ("sam", Weekday::Saturday),
    ("토요일", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
    ("sun", Weekday::Sunday),
    ("domingo", Weekday::Sunday),
    ("dom", Weekday::Sunday),
    ("dimanche", Weekday::Sunday),
    ("dim", Weekday::Sunday),
    ("일요일", Weekday::Sunday),
];

/// One syllable for a weekday, as in `11/27(수)`; `월` and `일` also mark a month and a day
/// when they follow a number, so these are weekdays only when they stand alone.
const KOREAN_WEEKDAY_SYLLABLES: [(&str, Weekday); 7] = [
    ("월", Weekday::Monday),
    ("화", Weekday::Tuesday),
    ("수", Weekday::Wednesday),
    ("목", Weekday::Thursday),
    ("금", Weekday::Friday),
    ("토", Weekday::Saturday),
    ("일", Weekday::Sunday),
];

/// Words for "day" that put a number after them: `Day 2`, `Día 2`, `Jour 2`, `dia_27`.
const DAY_WORDS: &[&str] = &["day", "dia", "jour", "journee", "날"];

/// What follows a number to make it an ordinal: `2nd`, `2º`, `2ª`, `2e`, `2ème`, `2do`, `1er`.
const ORDINAL_SUFFIXES: &[&str] = &[
    "st", "nd", "rd", "th", "º", "ª", "o", "a", "er", "re", "ere", "e", "eme", "ieme", "nde", "do",
    "da", "ro", "ra", "to", "ta",
];

/// The suffixes a day of the month may carry: `27th November`, `November 27th`, `1er novembre`.
const DAY_OF_MONTH_SUFFIXES: &[&str] = &["st", "nd", "rd", "th", "er", "º", "o"];

const ORDINAL_WORDS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("primer", 1),
    ("primero", 1),
    ("primera", 1),
    ("segundo", 2),
    ("segunda", 2),
    ("tercer", 3),
    ("tercero", 3),
    ("tercera", 3),
    ("premier", 1),
    ("premiere", 1),
    ("deuxieme", 2),
    ("seconde", 2),
    ("troisieme", 3),
    ("첫째", 1),
    ("첫", 1),
    ("둘째", 2),
    ("셋째", 3),
];

/// Words that join the parts of a date without meaning anything: `27 de noviembre de 2019`.
const FILLER_WORDS: &[&str] = &["de", "del", "of", "the", "le", "el", "la", "du"];

/// Words between the days of a list that share a month: `27 y 28`, `27 et 28`, `27 and 28`.
const JOINER_WORDS: &[&str] = &["y", "e", "et", "and"];

fn month_named(word: &str) -> Option<u8> {
    MONTH_WORDS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, month)| month)
}

fn weekday_named(word: &str) -> Option<Weekday> {
    WEEKDAY_WORDS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|&(_, weekday)| weekday)
}

// ---------------------------------------------------------------------------------------------
// Pieces: the text cut into numbers, words and the punctuation that matters

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Number {
        value: u32,
        digits: usize,
    },
    Word(String),
    /// `/`, `-` or `.` right between two digits, as in `27/11/2019`; elsewhere they are spaces.
    DateSeparator(char),
    /// `,` `;` `(` `)` `&`: lists are split and joined at them.
    Punctuation(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    token: Token,
    /// Nothing stands between this piece and the one before: `27th`, `11월`, `day2`.
    attached: bool,
}

fn pieces(text: &str) -> Vec<Piece> {
    let characters: Vec<char> = lower_without_accents(text)
        .chars()
        .map(|character| match character {
            // The degree sign stands in for the ordinal indicator on many keyboards: `2° día`.
            '°' => 'º',
            '[' => '(',
            ']' => ')',
            other => other,
        })
        .collect();
    let mut pieces = Vec::new();
    let mut attached = false;
    let mut index = 0;
    while index < characters.len() {
        let character = characters[index];
        let start = index;
        if character.is_ascii_digit() {
            while characters.get(index).is_some_and(char::is_ascii_digit) {
                index += 1;
            }
            let value = characters[start..index].iter().fold(0u32, |value, digit| {
                value
                    .saturating_mul(10)
                    .saturating_add(digit.to_digit(10).unwrap_or(0))
            });
            let digits = index - start;
            pieces.push(Piece {
                token: Token::Number { value, digits },
                attached,
            });
            attached = true;
        } else if character.is_alphabetic() {
            while characters.get(index).is_some_and(|c| c.is_alphabetic()) {
                index += 1;
            }
            let word = characters[start..index].iter().collect();
            pieces.push(Piece {
                token: Token::Word(word),
                attached,
            });
            attached = true;
        } else {
            index += 1;
            let between_digits = start > 0
                && characters[start - 1].is_ascii_digit()
                && characters.get(index).is_some_and(char::is_ascii_digit);
            if matches!(character, '/' | '-' | '.') && between_digits {
                pieces.push(Piece {
                    token: Token::DateSeparator(character),
                    attached: true,
                });
                attached = true;
            } else {
                if matches!(character, ',' | ';' | '(' | ')' | '&') {
                    pieces.push(Piece {
                        token: Token::Punctuation(character),
                        attached: false,
                    });
                }
                attached = false;
            }
        }
    }
    pieces
}

fn number_at(pieces: &[Piece], at: usize) -> Option<(u32, usize)> {
    match pieces.get(at)?.token {
        Token::Number { value, digits } => Some((value, digits)),
        _ => None,
    }
}

fn word_at(pieces: &[Piece], at: usize) -> Option<&str> {
    match &pieces.get(at)?.token {
        Token::Word(word) => Some(word),
        _ => None,
    }
}

/// The word at `at` when it is written onto what comes before it (`27th`, `11월`).
fn attached_word_at(pieces: &[Piece], at: usize) -> Option<&str> {
    pieces
        .get(at)
        .filter(|piece| piece.attached)
        .and_then(|_| word_at(pieces, at))
}

fn is_filler(piece: &Piece) -> bool {
    match &piece.token {
        Token::Punctuation(_) => true,
        Token::Word(word) => {
            FILLER_WORDS.contains(&word.as_str())
                || JOINER_WORDS.contains(&word.as_str())
                || DAY_WORDS.contains(&word.as_str())
        }
        _ => false,
    }
}

fn is_joiner(piece: &Piece) -> bool {
    match &piece.token {
        Token::Punctuation(',' | '&') => true,
        Token::Word(word) => JOINER_WORDS.contains(&word.as_str()),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Claims: what each part of the text says about the day

#[derive(Debug, Clone, PartialEq, Eq)]
enum Claim {
    /// `27/11`, `11/27/19`: which number is the day waits for the order.
    Numeric {
        first: u32,
        second: u32,
        year: Option<u16>,
    },
    /// A day whose month is certain: `27 nov`, `11월 27일`, `2019-11-27`.
    Dated {
        day: u32,
        month: u32,
        year: Option<u16>,
    },
    /// Days sharing one month: `27 y 28 de noviembre`.
    SharedMonth {
        days: Vec<u32>,
        month: u32,
        year: Option<u16>,
    },
    /// `Day 2`, `dia_27`: the event's second day, or the 27th of its month.
    DayNumber(u32),
    /// `2º día`, `second day`, `1일차`: only ever the event's nth day.
    NthDay(u32),
    Weekday(Weekday),
}

#[derive(Debug, Default)]
struct Scan {
    claims: Vec<Claim>,
    /// Some number or word belongs to no claim: `Asistencia` in `Asistencia 28/11`.
    unread: bool,
}

/// What begins at a piece: a claim, or a run of pieces that looked like one and is not
/// (`1.2.3`, `31/11/2019/4`), which is read past whole.
type Found = Option<(Option<Claim>, usize)>;

fn scan(text: &str) -> Scan {
    let pieces = pieces(text);
    let mut scan = Scan::default();
    let mut at = 0;
    while at < pieces.len() {
        match claim_at(&pieces, at) {
            Some((claim, next)) => {
                scan.unread |= claim.is_none();
                scan.claims.extend(claim);
                at = next;
            }
            None => {
                scan.unread |= !is_filler(&pieces[at]);
                at += 1;
            }
        }
    }
    scan
}

fn claim_at(pieces: &[Piece], at: usize) -> Found {
    let found = |claim: Option<(Claim, usize)>| claim.map(|(claim, next)| (Some(claim), next));
    numeric_date(pieces, at)
        .or_else(|| found(korean_date(pieces, at)))
        .or_else(|| found(nth_day(pieces, at)))
        .or_else(|| found(days_then_month(pieces, at, true)))
        .or_else(|| found(month_then_days(pieces, at)))
        .or_else(|| found(day_number(pieces, at)))
        .or_else(|| found(weekday(pieces, at)))
}

/// A two-digit year is taken to be in 1970–2069, which covers every record gsef will keep.
fn written_year(value: u32, digits: usize) -> Option<u16> {
    let value = u16::try_from(value).ok()?;
    match digits {
        4 => Some(value),
        2 if value < 70 => Some(2000 + value),
        2 => Some(1900 + value),
        _ => None,
    }
}

/// `2019-11-27`, `27/11/2019`, `27.11.19`, `11/27`: numbers joined by one separator.
fn numeric_date(pieces: &[Piece], at: usize) -> Found {
    let mut numbers = vec![number_at(pieces, at)?];
    let mut separators = Vec::new();
    let mut next = at + 1;
    while let Some(Token::DateSeparator(separator)) = pieces.get(next).map(|piece| &piece.token) {
        let Some(number) = number_at(pieces, next + 1) else {
            break;
        };
        separators.push(*separator);
        numbers.push(number);
        next += 2;
    }
    if separators.is_empty() {
        return None;
    }
    let one_separator = separators.iter().all(|s| *s == separators[0]);
    let claim = match *numbers.as_slice() {
        _ if !one_separator => None,
        [(year, 4), (month, 1..=2), (day, 1..=2)] => Some(Claim::Dated {
            day,
            month,
            year: written_year(year, 4),
        }),
        [(first, 1..=2), (second, 1..=2), (year, year_digits)] => written_year(year, year_digits)
            .map(|year| Claim::Numeric {
                first,
                second,
                year: Some(year),
            }),
        [(first, 1..=2), (second, 1..=2)] => Some(Claim::Numeric {
            first,
            second,
            year: None,
        }),
        _ => None,
    };
    Some((claim, next))
}

/// `11월 27일`, `2019년 11월 27일`: each number with its marker written onto it.
fn korean_date(pieces: &[Piece], at: usize) -> Option<(Claim, usize)> {
    let marked = |at: usize, marker: &str| {
        let (value, digits) = number_at(pieces, at)?;
        (attached_word_at(pieces, at + 1)? == marker).then_some((value, digits))
    };
    let mut next = at;
    let mut year = None;
    if let Some((value, digits)) = marked(next, "년") {
        year = Some(written_year(value, digits)?);
        next += 2;
    }
    let (month, _) = marked(next, "월")?;
    let (day, _) = marked(next + 2, "일")?;
    Some((Claim::Dated { day, month, year }, next + 4))
}

/// `2º día`, `2nd day`, `1er jour`, `1일차`, `second day`, `primer día`, `첫째 날`.
fn nth_day(pieces: &[Piece], at: usize) -> Option<(Claim, usize)> {
    let is_day_word = |at: usize| word_at(pieces, at).is_some_and(|word| DAY_WORDS.contains(&word));
    if let Some((number, _)) = number_at(pieces, at) {
        let suffix = attached_word_at(pieces, at + 1)?;
        if suffix == "일차" {
            return Some((Claim::NthDay(number), at + 2));
        }
        return (ORDINAL_SUFFIXES.contains(&suffix) && is_day_word(at + 2))
            .then_some((Claim::NthDay(number), at + 3));
    }
    let word = word_at(pieces, at)?;
    let &(_, number) = ORDINAL_WORDS.iter().find(|(name, _)| *name == word)?;
    is_day_word(at + 1).then_some((Claim::NthDay(number), at + 2))
}

/// A day of the month, `27` or `27th`, and the piece after it.
fn day_of_month_at(pieces: &[Piece], at: usize) -> Option<(u32, usize)> {
    let (day, digits) = number_at(pieces, at)?;
    if digits > 2 {
        return None;
    }
    match attached_word_at(pieces, at + 1) {
        Some(suffix) if DAY_OF_MONTH_SUFFIXES.contains(&suffix) => Some((day, at + 2)),
        Some(_) => None,
        None => Some((day, at + 1)),
    }
}

/// The year after a month, `de 2019` or `, 2019`, and the piece after it.
fn year_after(pieces: &[Piece], at: usize) -> (Option<u16>, usize) {
    let mut next = at;
    while pieces.get(next).is_some_and(|piece| {
        matches!(piece.token, Token::Punctuation(','))
            || word_at(pieces, next).is_some_and(|word| FILLER_WORDS.contains(&word))
    }) {
        next += 1;
    }
    match number_at(pieces, next) {
        Some((year, 4)) => (written_year(year, 4), next + 1),
        _ => (None, at),
    }
}

/// Days of the month before a list's joiners (`27`, `27 y 28`, `27, 28 et 29`), and the piece
/// after the last; one day alone when `list` is false.
fn days_of_month(pieces: &[Piece], at: usize, list: bool) -> Option<(Vec<u32>, usize)> {
    let (first, mut next) = day_of_month_at(pieces, at)?;
    let mut days = vec![first];
    while list && pieces.get(next).is_some_and(is_joiner) {
        let Some((day, after)) = day_of_month_at(pieces, next + 1) else {
            break;
        };
        days.push(day);
        next = after;
    }
    Some((days, next))
}

fn dated_days(days: Vec<u32>, month: u8, year: Option<u16>) -> Claim {
    let month = u32::from(month);
    match days.as_slice() {
        &[day] => Claim::Dated { day, month, year },
        _ => Claim::SharedMonth { days, month, year },
    }
}

/// `27 nov`, `27 de noviembre de 2019`, `27th November`, `27 y 28 de noviembre`.
fn days_then_month(pieces: &[Piece], at: usize, list: bool) -> Option<(Claim, usize)> {
    let (days, mut next) = days_of_month(pieces, at, list)?;
    while word_at(pieces, next).is_some_and(|word| FILLER_WORDS.contains(&word)) {
        next += 1;
    }
    let month = month_named(word_at(pieces, next)?)?;
    let (year, next) = year_after(pieces, next + 1);
    Some((dated_days(days, month, year), next))
}

/// `Nov 27, 2019`, `November 27th`, `November 27 and 28`.
fn month_then_days(pieces: &[Piece], at: usize) -> Option<(Claim, usize)> {
    let month = month_named(word_at(pieces, at)?)?;
    let (days, next) = days_of_month(pieces, at + 1, true)?;
    let (year, next) = year_after(pieces, next);
    Some((dated_days(days, month, year), next))
}

/// `Day 2`, `dia_27`, `day2`, `jour 27` — but in `día 27 de noviembre` or `Día 27/11` the word
/// only introduces the date after it, and is passed over.
fn day_number(pieces: &[Piece], at: usize) -> Option<(Claim, usize)> {
    if !DAY_WORDS.contains(&word_at(pieces, at)?) {
        return None;
    }
    let (number, digits) = number_at(pieces, at + 1)?;
    let introduces_date = numeric_date(pieces, at + 1).is_some()
        || korean_date(pieces, at + 1).is_some()
        || days_then_month(pieces, at + 1, false).is_some();
    (digits <= 3 && !introduces_date).then_some((Claim::DayNumber(number), at + 2))
}

fn weekday(pieces: &[Piece], at: usize) -> Option<(Claim, usize)> {
    let word = word_at(pieces, at)?;
    let follows_number = pieces[at].attached && at > 0 && number_at(pieces, at - 1).is_some();
    let syllable = || {
        KOREAN_WEEKDAY_SYLLABLES
            .iter()
            .find(|(name, _)| *name == word && !follows_number)
            .map(|&(_, weekday)| weekday)
    };
    let weekday = weekday_named(word).or_else(syllable)?;
    Some((Claim::Weekday(weekday), at + 1))
}

// ---------------------------------------------------------------------------------------------
// Resolving claims into one day of the event

fn years_for(written: Option<u16>, event: &EventDays) -> Option<RangeInclusive<u16>> {
    written.map(|year| year..=year).or_else(|| event.years())
}

fn full_date(year: u16, month: u32, day: u32) -> Option<PartialDate> {
    PartialDate::full(year, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
}

/// The dates `first/second` may be in `order` (both orders when `None`), in every year it may
/// fall in; `None` when no year is known.
fn numeric_readings(
    first: u32,
    second: u32,
    year: Option<u16>,
    order: Option<DateOrder>,
    event: &EventDays,
) -> Option<Vec<PartialDate>> {
    let orders = match order {
        Some(order) => vec![order],
        None => vec![DateOrder::DayMonth, DateOrder::MonthDay],
    };
    let mut readings = Vec::new();
    for order in orders {
        let (day, month) = match order {
            DateOrder::DayMonth => (first, second),
            DateOrder::MonthDay => (second, first),
        };
        readings.extend(years_for(year, event)?.filter_map(|year| full_date(year, month, day)));
    }
    Some(readings)
}

/// The days one claim may mean, never none; `Ok(None)` for a weekday, which only checks, and
/// for a count that the event's dates cannot check.
fn candidates(
    text: &str,
    claim: &Claim,
    event: &EventDays,
    order: Option<DateOrder>,
) -> Result<Option<Vec<PartialDate>>, DayProblem> {
    let no_such_date = |order| DayProblem::NoSuchDate {
        text: text.into(),
        order,
    };
    let needs = |missing| DayProblem::NeedsEventDates {
        text: text.into(),
        missing,
    };
    let no_such_event_day = |number| DayProblem::NoSuchEventDay {
        text: text.into(),
        number,
        span: event.span(),
    };
    let found = match *claim {
        Claim::Numeric {
            first,
            second,
            year,
        } => {
            let readings = numeric_readings(first, second, year, order, event)
                .ok_or_else(|| needs(MissingFromEvent::Year))?;
            if readings.is_empty() {
                return Err(no_such_date(order));
            }
            readings
        }
        Claim::Dated { day, month, year } => {
            let years = years_for(year, event).ok_or_else(|| needs(MissingFromEvent::Year))?;
            let readings: Vec<PartialDate> = years
                .filter_map(|year| full_date(year, month, day))
                .collect();
            if readings.is_empty() {
                return Err(no_such_date(None));
            }
            readings
        }
        Claim::DayNumber(number) => {
            let Some(days) = event.days() else {
                return Ok(None);
            };
            let readings: Vec<PartialDate> = match event.counted(number) {
                Some(counted) => vec![counted],
                None => days
                    .iter()
                    .copied()
                    .filter(|day| day.day.map(u32::from) == Some(number))
                    .collect(),
            };
            if readings.is_empty() {
                return Err(no_such_event_day(number));
            }
            readings
        }
        Claim::NthDay(number) => {
            if event.days().is_none() {
                return Ok(None);
            }
            let day = event
                .counted(number)
                .ok_or_else(|| no_such_event_day(number))?;
            vec![day]
        }
        Claim::SharedMonth { .. } => {
            return Err(DayProblem::SeveralDays { text: text.into() });
        }
        Claim::Weekday(_) => return Ok(None),
    };
    // `3/3` reads the same both ways; one day, not two readings of it.
    let mut unique: Vec<PartialDate> = Vec::with_capacity(found.len());
    for day in found {
        if !unique.contains(&day) {
            unique.push(day);
        }
    }
    Ok(Some(unique))
}

/// The day a message names for a set of candidates (never empty): one within the event if
/// there is one.
fn representative(candidates: &[PartialDate], event: &EventDays) -> PartialDate {
    candidates
        .iter()
        .copied()
        .find(|day| event.includes(day))
        .unwrap_or(candidates[0])
}

fn resolve(
    text: &str,
    claims: &[Claim],
    event: &EventDays,
    order: Option<DateOrder>,
) -> Result<PartialDate, DayProblem> {
    let text = text.trim();
    let mut agreed: Option<Vec<PartialDate>> = None;
    let mut counts_unchecked = false;
    for claim in claims {
        let Some(readings) = candidates(text, claim, event, order)? else {
            counts_unchecked |= !matches!(claim, Claim::Weekday(_));
            continue;
        };
        agreed = Some(match agreed {
            None => readings,
            Some(so_far) => {
                let common: Vec<PartialDate> = so_far
                    .iter()
                    .copied()
                    .filter(|day| readings.contains(day))
                    .collect();
                if common.is_empty() {
                    return Err(DayProblem::Contradiction {
                        text: text.into(),
                        days: [
                            representative(&so_far, event),
                            representative(&readings, event),
                        ],
                    });
                }
                common
            }
        });
    }
    let Some(mut agreed) = agreed else {
        // A count alone cannot be checked without the event's days; beside a date it is
        // passed over, since the date says the day by itself.
        return Err(if counts_unchecked {
            DayProblem::NeedsEventDates {
                text: text.into(),
                missing: MissingFromEvent::Days,
            }
        } else {
            DayProblem::NotADay { text: text.into() }
        });
    };
    for claim in claims {
        let Claim::Weekday(written) = *claim else {
            continue;
        };
        let matching: Vec<PartialDate> = agreed
            .iter()
            .copied()
            .filter(|day| day.weekday() == Some(written))
            .collect();
        if matching.is_empty() {
            return Err(DayProblem::WrongWeekday {
                text: text.into(),
                day: representative(&agreed, event),
                written,
            });
        }
        agreed = matching;
    }
    let within: Vec<PartialDate> = agreed
        .iter()
        .copied()
        .filter(|day| event.includes(day))
        .collect();
    match *within.as_slice() {
        [only] => Ok(only),
        [] => Err(DayProblem::OutsideEvent {
            text: text.into(),
            day: agreed[0],
            span: event.span(),
        }),
        [first, second, ..] => Err(DayProblem::Ambiguous {
            text: text.into(),
            readings: [first, second],
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Headers and lists

/// What follows the last `/` that is no date separator: Kobo names a column by its group path.
fn last_path_segment(header: &str) -> &str {
    let bytes = header.as_bytes();
    let is_digit_at = |index: Option<usize>| {
        index
            .and_then(|index| bytes.get(index))
            .is_some_and(u8::is_ascii_digit)
    };
    let cut = header
        .match_indices('/')
        .filter(|&(index, _)| !(is_digit_at(index.checked_sub(1)) && is_digit_at(Some(index + 1))))
        .map(|(index, _)| index + 1)
        .next_back();
    cut.map_or(header, |cut| &header[cut..])
}

/// The answer cut at the commas and semicolons outside parentheses, each piece trimmed.
fn top_level_parts(cell: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (index, character) in cell.char_indices() {
        match character {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' | ';' if depth == 0 => {
                parts.push(&cell[start..index]);
                start = index + character.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&cell[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect()
}

enum PartKind {
    /// Nothing that names a day: `Wednesday`, `27` — the start of the next piece.
    NoDay,
    /// Only a year: the end of the piece before, as in `Nov 27, 2019`.
    YearOnly,
    Day,
}

fn part_kind(part: &str) -> PartKind {
    let scan = scan(part);
    if scan
        .claims
        .iter()
        .any(|claim| !matches!(claim, Claim::Weekday(_)))
    {
        return PartKind::Day;
    }
    match pieces(part).as_slice() {
        [
            Piece {
                token: Token::Number { digits: 4, .. },
                ..
            },
        ] => PartKind::YearOnly,
        _ => PartKind::NoDay,
    }
}

fn joined_parts(parts: Vec<&str>) -> Vec<String> {
    let mut joined: Vec<String> = Vec::new();
    let mut pending: Option<String> = None;
    for part in parts {
        let text = match pending.take() {
            Some(before) => format!("{before}, {part}"),
            None => part.to_string(),
        };
        match part_kind(&text) {
            PartKind::YearOnly if !joined.is_empty() => {
                if let Some(last) = joined.last_mut() {
                    last.push_str(", ");
                    last.push_str(&text);
                }
            }
            PartKind::NoDay | PartKind::YearOnly => pending = Some(text),
            PartKind::Day => joined.push(text),
        }
    }
    joined.extend(pending);
    joined
}

/// A Kobo select_multiple value is words without spaces, each a day by itself (`dia_27`).
fn is_day_by_itself(word: &str) -> bool {
    let scan = scan(word);
    !scan.unread && matches!(scan.claims.as_slice(), [claim] if !matches!(claim, Claim::Weekday(_)))
}

fn days_in_part(
    part: &str,
    event: &EventDays,
    order: Option<DateOrder>,
) -> Result<Vec<PartialDate>, DayProblem> {
    let words: Vec<&str> = part.split_whitespace().collect();
    if words.len() > 1 && words.iter().all(|word| is_day_by_itself(word)) {
        return words
            .iter()
            .map(|word| parse_day(word, event, order))
            .collect();
    }
    let scan = scan(part);
    if scan.unread {
        return Err(DayProblem::NotADay { text: part.into() });
    }
    if let [Claim::SharedMonth { days, month, year }] = scan.claims.as_slice() {
        return days
            .iter()
            .map(|&day| {
                let claim = Claim::Dated {
                    day,
                    month: *month,
                    year: *year,
                };
                resolve(part, &[claim], event, order)
            })
            .collect();
    }
    resolve(part, &scan.claims, event, order).map(|day| vec![day])
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn date(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    fn event(start: &str, end: &str) -> EventDays {
        EventDays::between(Some(date(start)), Some(date(end)))
    }

    /// The workshop in Mexico, 27–28 November 2019.
    fn mexico() -> EventDays {
        event("2019-11-27", "2019-11-28")
    }

    fn day(text: &str, event: &EventDays) -> Result<PartialDate, DayProblem> {
        parse_day(text, event, None)
    }

    #[test]
    fn event_days_are_listed_when_start_and_end_are_full() {
        let days = mexico();
        assert_eq!(
            days.days(),
            Some(&[date("2019-11-27"), date("2019-11-28")][..])
        );
        let crossing = event("2019-12-30", "2020-01-02");
        assert_eq!(crossing.days().map(<[_]>::len), Some(4));
        let one_day = EventDays::between(Some(date("2019-06-12")), None);
        assert_eq!(one_day.days(), Some(&[date("2019-06-12")][..]));
        let month_only = EventDays::between(Some(date("2019-11")), None);
        assert_eq!(month_only.days(), None);
        assert!(month_only.includes(&date("2019-11-05")));
        assert!(!month_only.includes(&date("2019-12-01")));
        let too_long = event("2019-01-01", "2021-01-01");
        assert_eq!(too_long.days(), None);
        assert!(too_long.includes(&date("2020-06-01")));
    }

    #[test]
    fn reads_every_form_of_a_day_of_the_mexico_workshop() {
        let mexico = mexico();
        let cases = [
            ("2019-11-27", "2019-11-27"),
            ("  2019-11-28  ", "2019-11-28"),
            ("27/11/2019", "2019-11-27"),
            ("27/11/19", "2019-11-27"),
            ("27-11-2019", "2019-11-27"),
            ("27.11.2019", "2019-11-27"),
            ("2019/11/28", "2019-11-28"),
            ("27/11", "2019-11-27"),
            ("11/27", "2019-11-27"),
            ("28/11", "2019-11-28"),
            ("27 nov", "2019-11-27"),
            ("27 nov.", "2019-11-27"),
            ("27 NOV.", "2019-11-27"),
            ("27 de noviembre", "2019-11-27"),
            ("27 noviembre 2019", "2019-11-27"),
            ("miércoles 27 de noviembre", "2019-11-27"),
            ("Miércoles, 27 de noviembre de 2019", "2019-11-27"),
            ("MIERCOLES 27 DE NOVIEMBRE", "2019-11-27"),
            ("jueves 28 de noviembre del 2019", "2019-11-28"),
            ("Wednesday, November 27", "2019-11-27"),
            ("Nov 27, 2019", "2019-11-27"),
            ("November 27th", "2019-11-27"),
            ("Thu 28th November", "2019-11-28"),
            ("27th of November", "2019-11-27"),
            ("27 novembre", "2019-11-27"),
            ("mercredi 27 novembre 2019", "2019-11-27"),
            ("le jeudi 28 novembre", "2019-11-28"),
            ("11월 27일", "2019-11-27"),
            ("2019년 11월 27일", "2019-11-27"),
            ("2019년 11월 28일 (목)", "2019-11-28"),
            ("11/27(수)", "2019-11-27"),
            ("11월 28일 목요일", "2019-11-28"),
            ("Day 2", "2019-11-28"),
            ("Día 2", "2019-11-28"),
            ("día 1", "2019-11-27"),
            ("Jour 2", "2019-11-28"),
            ("2º día", "2019-11-28"),
            ("2° día", "2019-11-28"),
            ("1er jour", "2019-11-27"),
            ("2e jour", "2019-11-28"),
            ("2nd day", "2019-11-28"),
            ("second day", "2019-11-28"),
            ("primer día", "2019-11-27"),
            ("1일차", "2019-11-27"),
            ("day2", "2019-11-28"),
            ("dia_27", "2019-11-27"),
            ("dia 27", "2019-11-27"),
            ("día 28", "2019-11-28"),
            ("jour 27", "2019-11-27"),
            ("day 27", "2019-11-27"),
            ("día 27 de noviembre", "2019-11-27"),
            ("Day 1 27/11", "2019-11-27"),
            ("Day 1 (27 Nov)", "2019-11-27"),
            ("Day 2 - 28/11/2019", "2019-11-28"),
            ("Día 1, 27 de noviembre", "2019-11-27"),
        ];
        for (text, expected) in cases {
            assert_eq!(day(text, &mexico), Ok(date(expected)), "{text}");
        }
    }

    #[test]
    fn reads_months_in_three_languages_and_their_abbreviations() {
        let year = EventDays::between(Some(date("2019")), None);
        for (text, expected) in [
            ("3 sept 2019", "2019-09-03"),
            ("3 sep 2019", "2019-09-03"),
            ("3 set 2019", "2019-09-03"),
            ("3 de setiembre de 2019", "2019-09-03"),
            ("15 août 2019", "2019-08-15"),
            ("15 ago 2019", "2019-08-15"),
            ("1er mai 2019", "2019-05-01"),
            ("1 janv. 2019", "2019-01-01"),
            ("14 févr. 2019", "2019-02-14"),
            ("2 déc. 2019", "2019-12-02"),
            ("2 dic 2019", "2019-12-02"),
            ("Mar 5, 2019", "2019-03-05"),
            ("5 mars 2019", "2019-03-05"),
            ("5 de abril", "2019-04-05"),
            ("July 4th", "2019-07-04"),
        ] {
            assert_eq!(day(text, &year), Ok(date(expected)), "{text}");
        }
    }

    #[test]
    fn the_order_decides_a_numeric_day_both_of_whose_numbers_could_be_a_month() {
        // An event known only by its year lets both readings of 5/11 stand.
        let year = EventDays::between(Some(date("2019")), None);
        assert_eq!(
            parse_day("5/11", &year, Some(DateOrder::DayMonth)),
            Ok(date("2019-11-05"))
        );
        assert_eq!(
            parse_day("5/11", &year, Some(DateOrder::MonthDay)),
            Ok(date("2019-05-11"))
        );
        assert_eq!(
            parse_day("5/11/2019", &year, None),
            Err(DayProblem::Ambiguous {
                text: "5/11/2019".into(),
                readings: [date("2019-11-05"), date("2019-05-11")],
            })
        );
        // Without an order, the event keeps the one reading that falls within it.
        let november_fifth = event("2019-11-04", "2019-11-06");
        assert_eq!(day("5/11", &november_fifth), Ok(date("2019-11-05")));
        assert_eq!(day("11/5", &november_fifth), Ok(date("2019-11-05")));
        // An order the text cannot be read in is refused, not overridden.
        assert_eq!(
            parse_day("27/11", &mexico(), Some(DateOrder::MonthDay)),
            Err(DayProblem::NoSuchDate {
                text: "27/11".into(),
                order: Some(DateOrder::MonthDay),
            })
        );
        assert_eq!(
            parse_day("11/27", &mexico(), Some(DateOrder::MonthDay)),
            Ok(date("2019-11-27"))
        );
    }

    #[test]
    fn a_day_written_without_a_year_takes_the_event_s_even_across_new_year() {
        let seoul = event("2019-12-30", "2020-01-02");
        assert_eq!(day("31/12", &seoul), Ok(date("2019-12-31")));
        assert_eq!(day("2/1", &seoul), Ok(date("2020-01-02")));
        assert_eq!(day("1 de enero", &seoul), Ok(date("2020-01-01")));
        let undated = EventDays::between(None, None);
        assert_eq!(day("27/11/2019", &undated), Ok(date("2019-11-27")));
        assert_eq!(
            day("27/11", &undated),
            Err(DayProblem::NeedsEventDates {
                text: "27/11".into(),
                missing: MissingFromEvent::Year,
            })
        );
    }

    #[test]
    fn a_day_outside_the_event_is_refused_with_the_day_it_is() {
        let mexico = mexico();
        for (text, outside) in [
            ("2019-12-01", "2019-12-01"),
            ("1/12", "2019-12-01"),
            ("26 de noviembre", "2019-11-26"),
            ("27/11/2018", "2018-11-27"),
        ] {
            assert_eq!(
                day(text, &mexico),
                Err(DayProblem::OutsideEvent {
                    text: text.into(),
                    day: date(outside),
                    span: "27–28 November 2019".into(),
                }),
                "{text}"
            );
        }
        assert_eq!(
            day("Day 3", &mexico),
            Err(DayProblem::NoSuchEventDay {
                text: "Day 3".into(),
                number: 3,
                span: "27–28 November 2019".into(),
            })
        );
        assert_eq!(
            day("dia_5", &mexico).unwrap_err().reason(),
            "the event has no day 5; it runs 27–28 November 2019"
        );
    }

    #[test]
    fn parts_that_disagree_are_a_contradiction() {
        let mexico = mexico();
        assert_eq!(
            day("Day 1 28/11", &mexico),
            Err(DayProblem::Contradiction {
                text: "Day 1 28/11".into(),
                days: [date("2019-11-27"), date("2019-11-28")],
            })
        );
        assert!(matches!(
            day("Day 2 (27 Nov)", &mexico),
            Err(DayProblem::Contradiction { .. })
        ));
        assert_eq!(
            day("lunes 27 de noviembre", &mexico),
            Err(DayProblem::WrongWeekday {
                text: "lunes 27 de noviembre".into(),
                day: date("2019-11-27"),
                written: Weekday::Monday,
            })
        );
        assert!(matches!(
            day("11/27(목)", &mexico),
            Err(DayProblem::WrongWeekday { .. })
        ));
        assert_eq!(
            day("lunes 27 de noviembre", &mexico).unwrap_err().reason(),
            "27 November 2019 is a Wednesday, not a Monday"
        );
    }

    #[test]
    fn counting_needs_the_event_s_days_and_wins_over_the_day_of_the_month() {
        let month_only = EventDays::between(Some(date("2019-11")), None);
        assert_eq!(
            day("Day 2", &month_only),
            Err(DayProblem::NeedsEventDates {
                text: "Day 2".into(),
                missing: MissingFromEvent::Days,
            })
        );
        assert!(matches!(
            day("dia_27", &month_only),
            Err(DayProblem::NeedsEventDates { .. })
        ));
        // Beside a date, a count that cannot be checked is passed over.
        assert_eq!(day("Day 1 (27 Nov)", &month_only), Ok(date("2019-11-27")));
        // From the 2nd to the 4th, `Día 2` counts (the 3rd); only 4 is too large to count.
        let early_december = event("2019-12-02", "2019-12-04");
        assert_eq!(day("Día 2", &early_december), Ok(date("2019-12-03")));
        assert_eq!(day("dia_4", &early_december), Ok(date("2019-12-04")));
        assert!(matches!(
            day("Día 2 (2 dic)", &early_december),
            Err(DayProblem::Contradiction { .. })
        ));
        // Across a month's end, `Day 1` is the first day, not the 1st of the next month.
        let dakar = event("2019-06-29", "2019-07-02");
        assert_eq!(day("Day 1", &dakar), Ok(date("2019-06-29")));
        assert_eq!(day("dia_30", &dakar), Ok(date("2019-06-30")));
    }

    #[test]
    fn anything_else_is_not_a_day_and_says_which_forms_are() {
        let mexico = mexico();
        for text in [
            "",
            "   ",
            "tomorrow",
            "27",
            "Asistencia 28/11",
            "noviembre 2019",
            "Wednesday",
            "Day",
            "x",
            "1.2.3",
            "27/11/2019/1",
        ] {
            assert_eq!(
                day(text, &mexico),
                Err(DayProblem::NotADay {
                    text: text.trim().into()
                }),
                "{text:?}"
            );
        }
        for text in ["31/11/2019", "2019-13-01", "30 de febrero de 2019"] {
            assert!(
                matches!(day(text, &mexico), Err(DayProblem::NoSuchDate { .. })),
                "{text}"
            );
        }
        assert_eq!(
            day("27 y 28 de noviembre", &mexico),
            Err(DayProblem::SeveralDays {
                text: "27 y 28 de noviembre".into()
            })
        );
        let message = day("mañana", &mexico).unwrap_err().to_string();
        assert_eq!(
            message,
            format!("`mañana`: not a day; write it as {FORMS_ACCEPTED}")
        );
        assert!(!message.contains('\n'));
    }

    #[test]
    fn every_problem_reads_as_one_line_naming_the_text() {
        let mexico = mexico();
        let year = EventDays::between(Some(date("2019")), None);
        let problems = [
            day("nope", &mexico),
            day("31/11", &mexico),
            parse_day("27/11", &mexico, Some(DateOrder::MonthDay)),
            day("5/11", &year),
            day("1/12", &mexico),
            day("1/12", &EventDays::between(None, None)),
            day("Day 9", &mexico),
            day("Day 2", &year),
            day("Day 1 28/11", &mexico),
            day("lunes 27/11", &mexico),
            day("27 et 28 novembre", &mexico),
        ];
        for problem in problems {
            let problem = problem.unwrap_err();
            let message = problem.to_string();
            assert!(
                message.starts_with(&format!("`{}`: ", problem.text())),
                "{message}"
            );
            assert!(!message.contains('\n') && message.len() < 200, "{message}");
        }
    }

    /// Every day of each event, written in every style gsef reads, reads back as that day.
    #[test]
    fn every_style_round_trips_for_every_day_of_several_events() {
        const MONTHS_EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const MONTHS_ES: [&str; 12] = [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ];
        const MONTHS_FR: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        const WEEKDAYS_EN: [&str; 7] = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        const WEEKDAYS_ES: [&str; 7] = [
            "lunes",
            "martes",
            "miércoles",
            "jueves",
            "viernes",
            "sábado",
            "domingo",
        ];
        const WEEKDAYS_FR: [&str; 7] = [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ];
        const WEEKDAYS_KO: [&str; 7] = ["월", "화", "수", "목", "금", "토", "일"];
        let events = [
            // Mexico; Dakar across a month's end; Kampala across a leap day; Seoul across a year.
            ("2019-11-27", "2019-11-28"),
            ("2019-06-29", "2019-07-02"),
            ("2020-02-27", "2020-03-02"),
            ("2019-12-30", "2020-01-02"),
        ];
        for (start, end) in events {
            let event = event(start, end);
            let days = event.days().unwrap().to_vec();
            for (index, &day) in days.iter().enumerate() {
                let (year, month, date_of_month) = day.first_day();
                let (m, d) = (usize::from(month) - 1, date_of_month);
                let weekday = Weekday::ALL
                    .iter()
                    .position(|w| Some(*w) == day.weekday())
                    .unwrap();
                let suffix = match d {
                    1 | 21 | 31 => "st",
                    2 | 22 => "nd",
                    3 | 23 => "rd",
                    _ => "th",
                };
                let short_year = year % 100;
                let nth = index + 1;
                let mut styles = vec![
                    (day.to_string(), None),
                    (format!("{d}/{month}/{year}"), Some(DateOrder::DayMonth)),
                    (
                        format!("{d:02}/{month:02}/{short_year:02}"),
                        Some(DateOrder::DayMonth),
                    ),
                    (format!("{d}-{month}-{year}"), Some(DateOrder::DayMonth)),
                    (format!("{d}.{month}.{year}"), Some(DateOrder::DayMonth)),
                    (format!("{d}/{month}"), Some(DateOrder::DayMonth)),
                    (format!("{month}/{d}"), Some(DateOrder::MonthDay)),
                    (format!("{month}/{d}/{year}"), Some(DateOrder::MonthDay)),
                    (format!("{d}/{month}"), None),
                    (format!("{month}/{d}"), None),
                    (format!("{d} {}", &MONTHS_EN[m][..3]), None),
                    (format!("{d} {}.", &MONTHS_EN[m][..3]), None),
                    (format!("{d} de {}", MONTHS_ES[m]), None),
                    (format!("{d} {} {year}", MONTHS_ES[m]), None),
                    (
                        format!("{} {d} de {}", WEEKDAYS_ES[weekday], MONTHS_ES[m]),
                        None,
                    ),
                    (
                        format!(
                            "{}, {d} de {} de {year}",
                            WEEKDAYS_ES[weekday], MONTHS_ES[m]
                        ),
                        None,
                    ),
                    (
                        format!("{}, {} {d}", WEEKDAYS_EN[weekday], MONTHS_EN[m]),
                        None,
                    ),
                    (format!("{} {d}, {year}", &MONTHS_EN[m][..3]), None),
                    (format!("{} {d}{suffix}", MONTHS_EN[m]), None),
                    (format!("{d} {}", MONTHS_FR[m]), None),
                    (
                        format!("{} {d} {} {year}", WEEKDAYS_FR[weekday], MONTHS_FR[m]),
                        None,
                    ),
                    (format!("{month}월 {d}일"), None),
                    (format!("{year}년 {month}월 {d}일"), None),
                    (format!("{month}/{d}({})", WEEKDAYS_KO[weekday]), None),
                    (format!("Day {nth}"), None),
                    (format!("Día {nth}"), None),
                    (format!("Jour {nth}"), None),
                    (format!("{nth}º día"), None),
                    (format!("day{nth}"), None),
                    (format!("Day {nth} {d}/{month}"), None),
                    (format!("Day {nth} ({d} {})", &MONTHS_EN[m][..3]), None),
                ];
                // `dia_N` counts when N can be a count; it dates only past the event's length.
                if usize::from(d) > days.len() {
                    styles.push((format!("dia_{d}"), None));
                    styles.push((format!("día {d}"), None));
                }
                for (text, order) in styles {
                    assert_eq!(
                        parse_day(&text, &event, order),
                        Ok(day),
                        "{text} ({order:?}) in {start}–{end}"
                    );
                }
            }
        }
    }

    #[test]
    fn headers_name_a_day_of_the_event_or_none() {
        let mexico = mexico();
        for (header, expected) in [
            ("27/11", "2019-11-27"),
            ("Day 1 27/11", "2019-11-27"),
            ("Miércoles 27 de noviembre", "2019-11-27"),
            ("group_asistencia/dias/dia_27", "2019-11-27"),
            ("group_asistencia/dias/dia_28", "2019-11-28"),
            ("Asistencia 28/11", "2019-11-28"),
            ("Día 2", "2019-11-28"),
            ("Asistencia día 1", "2019-11-27"),
            ("Attended 27 Nov", "2019-11-27"),
            ("Asistencia [Día 2]", "2019-11-28"),
            ("11월 27일 출석", "2019-11-27"),
        ] {
            assert_eq!(
                day_of_header(header, &mexico),
                Some(date(expected)),
                "{header}"
            );
        }
        for header in [
            "Nombre",
            "Email",
            "Correo electrónico",
            "Fecha de nacimiento",
            "Fecha de nacimiento (dd/mm/aaaa)",
            "Nacido el 27/11/1985",
            "Asistencia 1/12",
            "Día 3",
            "Edad 18-25",
            "Teléfono",
            "Day 1 28/11",
            "",
        ] {
            assert_eq!(day_of_header(header, &mexico), None, "{header}");
        }
    }

    #[test]
    fn marks_read_as_present_absent_or_unknown() {
        for cell in [
            "x",
            "X",
            " x ",
            "✓",
            "✔",
            "☑",
            "✅",
            "1",
            "yes",
            "Yes",
            "y",
            "sí",
            "Sí",
            "si",
            "oui",
            "Oui.",
            "o",
            "예",
            "true",
            "TRUE",
            "verdadero",
            "vrai",
            "presente",
            "Présent",
            "asistió",
            "attended",
            "P",
            "9:15",
            "09:15",
            "9h15",
            "9:15 am",
            "9:15 a.m.",
            "14:05:30",
            "16h",
        ] {
            let expected = if cell == "16h" {
                Mark::Unknown
            } else {
                Mark::Present
            };
            assert_eq!(mark(cell), expected, "{cell:?}");
        }
        for cell in [
            "",
            "  ",
            "0",
            "no",
            "No",
            "n",
            "non",
            "아니요",
            "false",
            "FALSE",
            "falso",
            "faux",
            "ausente",
            "absent",
            "-",
            "—",
            "–",
            "A",
            "No asistió",
        ] {
            assert_eq!(mark(cell), Mark::Absent, "{cell:?}");
        }
        for cell in [
            "Ana Ruiz",
            "llegó tarde",
            "justificado",
            "×",
            "?",
            "25:00",
            "9:75",
            "13:15 pm",
            "9:1",
            "2019-11-27",
        ] {
            assert_eq!(mark(cell), Mark::Unknown, "{cell:?}");
        }
    }

    #[test]
    fn lists_of_days_in_one_answer() {
        let mexico = mexico();
        let both = vec![date("2019-11-27"), date("2019-11-28")];
        for cell in [
            "Day 1 (27 Nov), Day 2 (28 Nov)",
            "Day 2 (28 Nov); Day 1 (27 Nov)",
            "dia_27 dia_28",
            "dia_28 dia_27 dia_28",
            "27/11, 28/11",
            "27/11 28/11",
            "27 y 28 de noviembre",
            "27 et 28 novembre",
            "27 and 28 November",
            "November 27 and 28",
            "Wednesday, November 27, Thursday, November 28",
            "Nov 27, 2019, Nov 28, 2019",
            "Miércoles, 27 de noviembre de 2019, Jueves, 28 de noviembre de 2019",
            "Día 1, Día 2",
            "day1 day2",
        ] {
            assert_eq!(
                days_in_list(cell, &mexico, None),
                Ok(both.clone()),
                "{cell}"
            );
        }
        assert_eq!(
            days_in_list("Day 2 (28 Nov)", &mexico, None),
            Ok(vec![date("2019-11-28")])
        );
        assert_eq!(days_in_list("", &mexico, None), Ok(vec![]));
        assert_eq!(days_in_list("  ", &mexico, None), Ok(vec![]));
        let week = event("2019-06-24", "2019-06-28");
        assert_eq!(
            days_in_list("24, 25 y 27 de junio", &week, None),
            Ok(vec![
                date("2019-06-24"),
                date("2019-06-25"),
                date("2019-06-27")
            ])
        );
        assert_eq!(
            days_in_list("dia_27 dia_35", &mexico, None),
            Err(DayProblem::NoSuchEventDay {
                text: "dia_35".into(),
                number: 35,
                span: "27–28 November 2019".into(),
            })
        );
        assert!(matches!(
            days_in_list("27/11, 1/12", &mexico, None),
            Err(DayProblem::OutsideEvent { .. })
        ));
        assert!(matches!(
            days_in_list("Day 1 (27 Nov), whenever", &mexico, None),
            Err(DayProblem::NotADay { .. })
        ));
        let year = EventDays::between(Some(date("2019")), None);
        assert_eq!(
            days_in_list("5/11, 6/11", &year, Some(DateOrder::MonthDay)),
            Ok(vec![date("2019-05-11"), date("2019-06-11")])
        );
    }

    #[test]
    fn the_order_of_a_file_is_the_one_every_numeric_day_fits() {
        let mexico = mexico();
        assert_eq!(
            decide_order(["Nombre", "27/11", "28/11", "x"], &mexico),
            Some(DateOrder::DayMonth)
        );
        assert_eq!(
            decide_order(["11/27", "Day 2 11/28"], &mexico),
            Some(DateOrder::MonthDay)
        );
        // A date of birth is no day of the event and does not spoil the file's order.
        assert_eq!(
            decide_order(["27/11", "15/04/1985"], &mexico),
            Some(DateOrder::DayMonth)
        );
        assert_eq!(decide_order(["27/11", "11/28"], &mexico), None);
        assert_eq!(decide_order(["Nombre", "Day 1"], &mexico), None);
        assert_eq!(decide_order(std::iter::empty(), &mexico), None);
        // Over a whole year, 5/11 fits both orders and 28/11 only one.
        let year = EventDays::between(Some(date("2019")), None);
        assert_eq!(decide_order(["5/11"], &year), None);
        assert_eq!(
            decide_order(["5/11", "28/11"], &year),
            Some(DateOrder::DayMonth)
        );
        assert_eq!(
            decide_order(["group/dias/11/28"], &year),
            Some(DateOrder::MonthDay)
        );
    }

    proptest! {
        /// Headers and cells come from any file a person hands over: no text makes a reader
        /// panic, and whatever `parse_day` accepts is a day of the event.
        #[test]
        fn no_text_makes_a_reader_panic(
            text in "[0-9a-zA-Zéíñû월일년수 /.,;:()_º-]{0,24}|\\PC{0,12}",
        ) {
            let mexico = mexico();
            if let Ok(day) = parse_day(&text, &mexico, None) {
                prop_assert!(day.is_full() && mexico.includes(&day));
            }
            if let Some(day) = day_of_header(&text, &mexico) {
                prop_assert!(mexico.includes(&day));
            }
            if let Ok(days) = days_in_list(&text, &mexico, Some(DateOrder::MonthDay)) {
                prop_assert!(days.windows(2).all(|pair| pair[0] < pair[1]));
            }
            let _ = mark(&text);
            let _ = decide_order([text.as_str()], &mexico);
            let undated = EventDays::between(None, None);
            let _ = parse_day(&text, &undated, None);
        }
    }

    #[test]
    fn path_segments_leave_dates_whole() {
        assert_eq!(last_path_segment("group_asistencia/dias/dia_27"), "dia_27");
        assert_eq!(last_path_segment("27/11/2019"), "27/11/2019");
        assert_eq!(last_path_segment("group/Día 1 27/11"), "Día 1 27/11");
        assert_eq!(last_path_segment("/"), "");
    }
}
