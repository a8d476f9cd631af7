//! What one row says: the person (their participant fields, checked) and what it says of
//! their attendance (a status, days, a connection), or every reason it cannot be imported.

use std::borrow::Cow;

use super::birth_year::birth_year_of;
use super::columns::{ColumnMap, Field};
use super::identity::names_compatible;
use super::normalize::{self, SectorMatcher, clean_cell, country_code};
use super::online::{MomentText, parse_duration, parse_moment, split_renamed};
use super::reader::{LeftOut, MAX_FIELD_BYTES, MAX_ROW_BYTES, Row};
use super::status::{StatusAnswer, StatusMatcher};
use crate::model::day_text::{DateOrder, EventDays, Mark, days_in_list, mark};
use crate::model::id::id_problem;
use crate::model::sheet_code::SheetCodes;
use crate::model::text::{self, TextField};
use crate::model::vocabulary::{Vocabulary, consent_of};
use crate::model::{Consent, PartialDate, Participant, Record, SectorVocabulary};
use crate::quote;
use crate::store::line::{MAX_LINE_BYTES, to_line};

/// How to read a row's cells.
#[derive(Clone, Copy)]
pub struct Readers<'a> {
    pub sectors: &'a SectorMatcher,
    pub vocabulary: &'a SectorVocabulary,
    pub genders: &'a Vocabulary,
    pub consents: &'a Vocabulary,
    pub statuses: &'a StatusMatcher,
    /// The event, when the import records attendance: day cells are read against it.
    pub event: Option<&'a EventDays>,
    pub date_order: Option<DateOrder>,
    /// The codes of the event's sign-in sheet, when the file is one brought back (see
    /// `Settings::sheet_codes`).
    pub sheet_codes: Option<&'a SheetCodes>,
}

/// What a row says of the person's attendance, before it is weighed with the other rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Said {
    pub status: Option<StatusAnswer>,
    /// The days the file's day columns or day list mark, when it has any.
    pub days: Option<Vec<PartialDate>>,
    /// A video call's connection: its times as written, and its duration in seconds.
    pub session: Option<SessionText>,
    /// Zoom's `In Waiting Room` = Yes: time spent waiting to be let in, not attendance.
    pub in_waiting_room: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionText {
    pub start: Option<MomentText>,
    pub end: Option<MomentText>,
    pub duration: Option<u32>,
}

/// A row read: the person it describes and what it says of their attendance.
#[derive(Debug, Clone)]
pub struct Person {
    pub participant: Participant,
    pub said: Said,
}

/// The person a row describes, or every reason it is not one. The id stays empty unless the
/// file gives one; fresh ids are handed out once the whole file is known.
pub fn read_person(
    row: &Row,
    headers: &[String],
    columns: &ColumnMap,
    readers: &Readers,
) -> Result<Person, Vec<String>> {
    if let Some(left_out) = row.left_out() {
        // What is left of the row would only be judged without what it lost.
        return Err(left_out_reasons(&left_out, headers));
    }
    let cell = |field: Field| filled_cell(row, columns, field);
    let mut reasons = Vec::new();
    // Each cell of the name is checked apart, so a message names the column that holds the
    // character; the name they make is then held to the bound as a whole.
    let before_name = reasons.len();
    for part in [Field::GivenName, Field::Name, Field::Surname] {
        written_cell(row, headers, columns, part, &text::NAME, &mut reasons);
    }
    let (name, _) = name_of(&cell, columns);
    let name = if name.is_empty() {
        reasons.push("the name is empty".to_string());
        name
    } else {
        match text::clean(&text::NAME, &name) {
            Ok(clean) => clean.into_owned(),
            // What is wrong in one cell was named above.
            Err(_) if reasons.len() > before_name => name,
            Err(problem) => {
                reasons.push(format!("the name {problem}"));
                name
            }
        }
    };
    let organization = written_cell(
        row,
        headers,
        columns,
        Field::Organization,
        &text::ORGANIZATION,
        &mut reasons,
    );
    let region = written_cell(
        row,
        headers,
        columns,
        Field::Region,
        &text::REGION,
        &mut reasons,
    );
    let email = written_cell(
        row,
        headers,
        columns,
        Field::Email,
        &text::EMAIL,
        &mut reasons,
    );
    let sector = cell(Field::Sector).and_then(|answer| match readers.sectors.sector_id(&answer) {
        Some(id) => Some(id.to_string()),
        None => {
            reasons.push(format!(
                "sector `{}` matches no sector id, label or --sector-map answer \
                 (see `gsef sector list`)",
                quote::value(&answer)
            ));
            None
        }
    });
    let country = cell(Field::Country).and_then(|text| match country_code(&text) {
        Some(code) => Some(code.to_string()),
        None => {
            reasons.push(format!(
                "country `{}` is not one gsef knows; use an ISO code such as MX or a name \
                 such as México",
                quote::value(&text)
            ));
            None
        }
    });
    let gender = cell(Field::Gender).and_then(|answer| match readers.genders.read(&answer) {
        Some(term) => Some(term.id.clone()),
        None => {
            reasons.push(unknown_answer("gender", &answer, readers.genders));
            None
        }
    });
    let birth_year = cell(Field::BirthYear).and_then(|text| match birth_year_of(&text) {
        Ok(year) => Some(year),
        Err(reason) => {
            let index = columns.index_of(Field::BirthYear).unwrap_or_default();
            reasons.push(format!("{} {reason}", column_named(headers, index)));
            None
        }
    });
    // On a sign-in sheet `gsef sheet` printed, the consent box's tick agrees to what the box
    // says: to be counted, never listed by name. A word written there reads as anywhere else.
    let on_a_sheet = columns.has(Field::SheetCode);
    let consent = cell(Field::Consent).and_then(|answer| {
        if on_a_sheet && mark(&answer) == Mark::Present {
            return Some(Consent::Aggregate);
        }
        match readers.consents.read(&answer).and_then(consent_of) {
            Some(consent) => Some(consent),
            None => {
                reasons.push(unknown_answer("consent", &answer, readers.consents));
                None
            }
        }
    });
    let illustrative = match cell(Field::Illustrative)
        .map(|text| normalize::fold(&text))
        .as_deref()
    {
        None | Some("false" | "no" | "0") => false,
        Some("true" | "yes" | "1") => true,
        Some(_) => {
            reasons.push("illustrative must be true or false".to_string());
            false
        }
    };
    let id = match cell(Field::SheetCode) {
        Some(code) => match readers.sheet_codes {
            Some(codes) => match codes.person_of(&code) {
                Ok(id) => id.to_string(),
                Err(problem) => {
                    reasons.push(problem.reason(&quote::value(&code), codes.event()));
                    String::new()
                }
            },
            None => {
                reasons.push(
                    "a sheet code says who the row is at one event: import the sheet with --event EVENT"
                        .to_string(),
                );
                String::new()
            }
        },
        None => cell(Field::Id).unwrap_or_default().into_owned(),
    };
    if !id.is_empty()
        && let Some(reason) = id_problem(&id)
    {
        reasons.push(format!("invalid id `{}`: {reason}", quote::value(&id)));
    }
    let said = match readers.event {
        Some(event) => attendance_said(row, headers, columns, readers, event, &mut reasons),
        None => Said::default(),
    };
    let participant = Participant {
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
        forgotten: false,
        merged: Vec::new(),
        extra: Default::default(),
    };
    // The record's own checks catch what is left (an email without `@`); the fields checked
    // above would only be reported twice.
    if reasons.is_empty() {
        reasons.extend(
            participant
                .problems(readers.vocabulary)
                .into_iter()
                .filter(|problem| problem.field != "id" || !participant.id.is_empty())
                .map(|problem| problem.to_string()),
        );
    }
    if reasons.is_empty()
        && let Some(length) = line_length_past_the_bound(&participant)
    {
        reasons.push(format!(
            "the participant would take {} on one line of the store, more than the {} a record may take",
            quote::size(length as u64),
            quote::size(MAX_LINE_BYTES as u64)
        ));
    }
    if reasons.is_empty() {
        Ok(Person { participant, said })
    } else {
        Err(reasons)
    }
}

/// What a row says in the column read for `field`, cleaned; nothing when the column is
/// missing or the cell is blank.
fn filled_cell<'row>(row: &'row Row, columns: &ColumnMap, field: Field) -> Option<Cow<'row, str>> {
    columns
        .index_of(field)
        .and_then(|index| row.cell(index))
        .map(clean_cell)
        .map(|value| match text::lines_joined(&value) {
            Cow::Borrowed(_) => value,
            Cow::Owned(joined) => Cow::Owned(joined),
        })
        .filter(|value| !value.is_empty())
}

/// The text of the cell read for `field`, as it is written (trimmed, composed), or nothing,
/// with a reason naming the cell's column when the rule for `rule`'s kind of text refuses it.
fn written_cell(
    row: &Row,
    headers: &[String],
    columns: &ColumnMap,
    field: Field,
    rule: &TextField,
    reasons: &mut Vec<String>,
) -> Option<String> {
    let index = columns.index_of(field)?;
    let value = filled_cell(row, columns, field)?;
    match text::clean(rule, &value) {
        Ok(clean) => Some(clean.into_owned()),
        Err(problem) => {
            reasons.push(format!("{} {problem}", column_named(headers, index)));
            None
        }
    }
}

/// "column 3 (`Date of birth`)": where a row's message points.
fn column_named(headers: &[String], index: usize) -> String {
    format!(
        "column {} (`{}`)",
        index + 1,
        quote::value(headers.get(index).map_or("", String::as_str))
    )
}

/// The names and email a row gives, read as [`read_person`] reads them, for `--exclude`,
/// which leaves a row out before it is judged (a telephone dial-in has no name to judge).
pub fn names_and_email(row: &Row, columns: &ColumnMap) -> (Vec<String>, Option<String>) {
    let cell = |field: Field| filled_cell(row, columns, field);
    let (name, mut names) = name_of(&cell, columns);
    names.push(name);
    (names, cell(Field::Email).map(Cow::into_owned))
}

fn unknown_answer(what: &str, answer: &str, vocabulary: &Vocabulary) -> String {
    format!(
        "{what} `{}` is not one gsef knows (it takes {}); map it with --{what}-map",
        quote::value(answer),
        vocabulary.known()
    )
}

/// The person's name, whole, and the other names the row gives them by (a Zoom rename's
/// display and original names), which `--exclude` may name.
///
/// Forms that ask for first name and surname apart (Prénom + Nom, Nombre(s) + Apellido(s),
/// First Name + Last Name) give the name in two or three cells; the record keeps it whole. A
/// Zoom rename (`Display (Original)`) is the original name when the display name fits it
/// (`Ximena Robledo (Ximena Robledo Tapia)`), else the display name: someone else on the
/// account (`Héctor Ramírez Soto (Ana Sofía Gutiérrez Lara)` is Héctor), or a note typed
/// after a name (`Rodrigo Salas (celular)`).
fn name_of<'r>(
    cell: &impl Fn(Field) -> Option<Cow<'r, str>>,
    columns: &ColumnMap,
) -> (String, Vec<String>) {
    let name = [Field::GivenName, Field::Name, Field::Surname]
        .into_iter()
        .filter_map(cell)
        .collect::<Vec<_>>()
        .join(" ");
    if !columns.renamed_names {
        return (name, Vec::new());
    }
    match split_renamed(&name) {
        (display, Some(original)) => {
            let chosen = if names_compatible(display, original) {
                original
            } else {
                display
            };
            let others = vec![display.to_string(), original.to_string(), name.clone()];
            (chosen.to_string(), others)
        }
        (alone, None) => (alone.to_string(), Vec::new()),
    }
}

/// What the row's status, day and call columns say.
fn attendance_said(
    row: &Row,
    headers: &[String],
    columns: &ColumnMap,
    readers: &Readers,
    event: &EventDays,
    reasons: &mut Vec<String>,
) -> Said {
    let raw = |field: Field| {
        columns
            .index_of(field)
            .and_then(|index| row.cell(index))
            .map(str::trim)
            .filter(|value| !value.is_empty())
    };
    let mut said = Said::default();
    if let Some(text) = raw(Field::Status) {
        said.status = readers.statuses.read(text);
        if said.status.is_none() {
            reasons.push(format!(
                "status `{}` is not one gsef knows (it reads attended, registered, no-show, \
                 cancelled and what Eventbrite, pretix and Indico write); map it with --status-map",
                quote::value(text)
            ));
        }
    } else if let Some(text) = raw(Field::CheckIn) {
        said.status = readers.statuses.read_check_in(text);
        if said.status.is_none() {
            reasons.push(format!(
                "check-in `{}` is neither a yes nor a no",
                quote::value(text)
            ));
        }
    }
    if !columns.days.is_empty() {
        let mut days = Vec::new();
        for (index, day) in &columns.days {
            let text = row.cell(*index).unwrap_or_default();
            match mark(text) {
                Mark::Present => days.push(*day),
                Mark::Absent => {}
                Mark::Unknown => reasons.push(format!(
                    "`{}` in the day column `{}` is no mark gsef knows: x, ✓, 1, yes or a time \
                     say present; a blank, 0 or no absent",
                    quote::value(text.trim()),
                    quote::value(&headers[*index])
                )),
            }
        }
        said.days = Some(days);
    } else if columns.has(Field::DayList) {
        let text = raw(Field::DayList).unwrap_or_default();
        match days_in_list(text, event, readers.date_order) {
            Ok(days) => said.days = Some(days),
            Err(problem) => reasons.push(format!("days attended: {problem}")),
        }
    }
    if columns.is_online_report() {
        let moment = |field: Field, reasons: &mut Vec<String>| {
            let text = raw(field)?;
            let parsed = parse_moment(text);
            if parsed.is_none() && online_clock(text).is_none() {
                reasons.push(format!(
                    "`{}` in `{}` is no date and time gsef reads",
                    quote::value(text),
                    quote::value(&headers[columns.index_of(field)?])
                ));
            }
            parsed
        };
        let start = moment(Field::JoinTime, reasons);
        let end = moment(Field::LeaveTime, reasons);
        let duration = raw(Field::Duration).and_then(|text| {
            let seconds = parse_duration(text);
            if seconds.is_none() {
                reasons.push(format!(
                    "`{}` in `{}` is no duration gsef reads",
                    quote::value(text),
                    quote::value(&headers[columns.index_of(Field::Duration).unwrap_or(0)])
                ));
            }
            seconds
        });
        said.session = Some(SessionText {
            start,
            end,
            duration,
        });
        said.in_waiting_room =
            raw(Field::WaitingRoom).is_some_and(|text| mark(text) == Mark::Present);
    }
    said
}

/// A time of day alone (`8:45 AM`), as Meet writes its join and exit times.
fn online_clock(text: &str) -> Option<u32> {
    super::online::parse_clock(text)
}

/// Why what was left out of a row for its size makes the row invalid, column by column.
fn left_out_reasons(left_out: &LeftOut, headers: &[String]) -> Vec<String> {
    match left_out {
        LeftOut::Row { bytes } => vec![format!(
            "the row takes {}, more than the {} a row may take",
            quote::size(*bytes),
            quote::size(MAX_ROW_BYTES as u64)
        )],
        LeftOut::Fields(fields) => fields
            .iter()
            .map(|&(column, bytes)| {
                format!(
                    "the `{}` field holds {}, more than the {} a field may take",
                    quote::value(&headers[column]),
                    quote::size(bytes),
                    quote::size(MAX_FIELD_BYTES as u64)
                )
            })
            .collect(),
    }
}

/// The length of the participant's line in the store, when it is longer than a line may be.
///
/// Fields within their bounds can still add up past it once written as JSON, which spells a
/// control character in six bytes; the row is then invalid, where the store's writer would
/// refuse the whole import. Encoding every row to measure it would cost a tenth of an import,
/// so only a row whose text could reach the bound is encoded.
fn line_length_past_the_bound(participant: &Participant) -> Option<usize> {
    // The id handed out later is `p-` and six letters.
    const FRESH_ID: usize = 8;
    const JSON_PER_TEXT_BYTE: usize = 6;
    const KEYS_AND_FLAGS: usize = 512;
    let text: usize = [
        Some(&participant.id),
        Some(&participant.name),
        participant.organization.as_ref(),
        participant.sector.as_ref(),
        participant.country.as_ref(),
        participant.region.as_ref(),
        participant.email.as_ref(),
        participant.gender.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(String::len)
    .sum();
    let fresh_id = if participant.id.is_empty() {
        FRESH_ID
    } else {
        0
    };
    if (text + fresh_id) * JSON_PER_TEXT_BYTE + KEYS_AND_FLAGS <= MAX_LINE_BYTES {
        return None;
    }
    let length = to_line(participant).len() - 1 + fresh_id;
    (length > MAX_LINE_BYTES).then_some(length)
}
