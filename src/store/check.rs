//! `gsef check`: every problem in a store, each with its file and line, rather than the first.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

use super::layout;
use super::line::{self, Stored};
use super::lines::{INCOMPLETE_LAST_LINE, NumberedLine, each_numbered_line};
use super::{Store, conflict, file_ops};
use crate::error::Result;
use crate::model::{
    Attendance, Certificate, Event, Indicator, Participant, Record, Response, Series,
};
use crate::quote;

/// One thing wrong with the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// What a check found: the problems, and how many records of each kind were read.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub problems: Vec<Problem>,
    /// What readers forgive and `check --repair` puts right: not problems, but worth saying.
    pub fixable: Vec<Problem>,
    /// How many records of each kind were read, with the kind's singular and plural names.
    pub record_counts: Vec<(&'static str, &'static str, usize)>,
}

/// A collection as far as it could be parsed: the records with their line numbers, and the
/// keys of records that exist but are not read as lines (inside conflict blocks, or in a
/// pretty-printed file), which references may name.
struct Parsed<T> {
    path: PathBuf,
    records: Vec<(usize, T)>,
    unlisted_keys: Vec<String>,
}

/// Checks syntax, required fields, vocabulary, duplicates, references and dates across the store.
pub fn check_store(store: &Store) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    if store.manifest().is_from_the_future() {
        report.problems.push(Problem {
            path: store.root().join(super::MANIFEST_FILE),
            line: None,
            message: format!(
                "format version {} is newer than this gsef understands; fields it added are not checked",
                store.manifest().version
            ),
        });
    }
    for leftover in file_ops::temp_files(store.root())? {
        report.problems.push(Problem {
            path: leftover,
            line: None,
            message: "a temporary file an interrupted write left behind, which may hold an old \
                      version of a collection; `gsef check --repair` removes it"
                .to_string(),
        });
    }
    let series = parse_all::<Series>(store, &mut report)?;
    let events = parse_all::<Event>(store, &mut report)?;
    let participants = parse_all::<Participant>(store, &mut report)?;
    let attendance = parse_all::<Attendance>(store, &mut report)?;
    let responses = parse_all::<Response>(store, &mut report)?;
    let certificates = parse_all::<Certificate>(store, &mut report)?;
    let indicators = parse_all::<Indicator>(store, &mut report)?;

    let series_ids = unique_keys(&series, &mut report.problems);
    let event_ids = unique_keys(&events, &mut report.problems);
    let participant_ids = unique_keys(&participants, &mut report.problems);
    unique_keys(&attendance, &mut report.problems);
    unique_keys(&responses, &mut report.problems);
    unique_keys(&certificates, &mut report.problems);
    unique_keys(&indicators, &mut report.problems);

    for (line, event) in &events.records {
        if let Some(series_id) = &event.series
            && !series_ids.contains(series_id.as_str())
        {
            report.problems.push(problem(
                &events.path,
                *line,
                format!(
                    "event `{}` names series `{}`, which does not exist",
                    quote::value(&event.id),
                    quote::value(series_id)
                ),
            ));
        }
    }
    let events_by_id: HashMap<&str, &Event> = events
        .records
        .iter()
        .map(|(_, event)| (event.id.as_str(), event))
        .collect();
    for (line, record) in &attendance.records {
        if !event_ids.contains(record.event.as_str()) {
            report.problems.push(problem(
                &attendance.path,
                *line,
                format!(
                    "attendance names event `{}`, which does not exist",
                    quote::value(&record.event)
                ),
            ));
        }
        if !participant_ids.contains(record.participant.as_str()) {
            report.problems.push(problem(
                &attendance.path,
                *line,
                format!(
                    "attendance names participant `{}`, which does not exist",
                    quote::value(&record.participant)
                ),
            ));
        }
        if let Some(event) = events_by_id.get(record.event.as_str())
            && let Some(day) = record.days.iter().find(|day| !event.includes_day(day))
        {
            report.problems.push(problem(
                &attendance.path,
                *line,
                format!(
                    "day {day} is outside event `{}`'s dates",
                    quote::value(&event.id)
                ),
            ));
        }
    }
    check_responses(&responses, &events_by_id, &participant_ids, &mut report);
    check_certificates(&certificates, &event_ids, &participant_ids, &mut report);
    Ok(report)
}

/// A certificate names an event and a participant that exist, and is the only one of its
/// person, event and basis: a re-issue must find one code, not choose between two.
fn check_certificates(
    certificates: &Parsed<Certificate>,
    event_ids: &HashSet<String>,
    participant_ids: &HashSet<String>,
    report: &mut CheckReport,
) {
    let mut first_line_of: HashMap<(&str, &str, &str), usize> = HashMap::new();
    for (line, certificate) in &certificates.records {
        let mut say = |message| {
            report
                .problems
                .push(problem(&certificates.path, *line, message));
        };
        if !event_ids.contains(certificate.event.as_str()) {
            say(format!(
                "certificate names event `{}`, which does not exist",
                quote::value(&certificate.event)
            ));
        }
        if !participant_ids.contains(certificate.participant.as_str()) {
            say(format!(
                "certificate names participant `{}`, which does not exist",
                quote::value(&certificate.participant)
            ));
        }
        let of = (
            certificate.event.as_str(),
            certificate.participant.as_str(),
            certificate.basis.as_str(),
        );
        match first_line_of.get(&of) {
            Some(first) => say(format!(
                "a second certificate of `{}` for event `{}` ({}), first on line {first}; a person has one per event and basis",
                quote::value(&certificate.participant),
                quote::value(&certificate.event),
                certificate.basis.as_str()
            )),
            None => {
                first_line_of.insert(of, *line);
            }
        }
    }
}

/// A response names an event and a participant that exist, and rates only objectives its event
/// has: a rating of objective 4 of a three-objective event would be counted under nothing.
fn check_responses(
    responses: &Parsed<Response>,
    events_by_id: &HashMap<&str, &Event>,
    participant_ids: &HashSet<String>,
    report: &mut CheckReport,
) {
    for (line, response) in &responses.records {
        let mut say = |message| {
            report
                .problems
                .push(problem(&responses.path, *line, message));
        };
        match events_by_id.get(response.event.as_str()) {
            None => say(format!(
                "response names event `{}`, which does not exist",
                quote::value(&response.event)
            )),
            Some(event) => {
                if let Some(number) = response
                    .ratings
                    .keys()
                    .find(|&&number| number as usize > event.objectives.len())
                {
                    say(format!(
                        "response rates objective {number}, and event `{}` has {}",
                        quote::value(&event.id),
                        crate::model::record::count_of(
                            event.objectives.len(),
                            "objective",
                            "objectives"
                        )
                    ));
                }
            }
        }
        if let Some(participant) = &response.participant
            && !participant_ids.contains(participant.as_str())
        {
            say(format!(
                "response names participant `{}`, which does not exist",
                quote::value(participant)
            ));
        }
    }
}

fn problem(path: &std::path::Path, line: usize, message: String) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    }
}

/// Parses every line it can, recording a problem for each it cannot, and checks each record's
/// fields. A conflict block is one problem, and so is a pretty-printed file; what a reader
/// forgives (CRLF, a byte order mark, blank lines, no line end after the last record) is one
/// fixable note for the file.
fn parse_all<T: Stored>(store: &Store, report: &mut CheckReport) -> Result<Parsed<T>> {
    let path = store.path_of::<T>();
    let mut records = Vec::new();
    let mut unlisted_keys = Vec::new();
    let Some(file) = file_ops::open_to_read_if_exists(&path)? else {
        if T::OPTIONAL {
            // A store made before the collection existed: nothing is missing.
            return Ok(Parsed {
                path,
                records,
                unlisted_keys,
            });
        }
        report.problems.push(Problem {
            path: path.clone(),
            line: None,
            message: "the collection file is missing".to_string(),
        });
        report.record_counts.push((T::KIND, T::PLURAL, 0));
        return Ok(Parsed {
            path,
            records,
            unlisted_keys,
        });
    };
    let mut conflicts = conflict::Scanner::default();
    let mut pretty_printed_at = None;
    let mut torn_tail = false;
    let mut layout = each_numbered_line(&path, &file, |number, line| {
        let (content, last) = match line {
            NumberedLine::Whole(content) => (content, false),
            NumberedLine::Unterminated(content) => (content, true),
            NumberedLine::TooLong(length @ Some(_)) => {
                report
                    .problems
                    .push(problem(&path, number, line::line_too_long(length)));
                return;
            }
            NumberedLine::TooLong(None) => {
                report.problems.push(problem(
                    &path,
                    number,
                    format!(
                        "{}; the rest of the file is not checked",
                        line::line_too_long(None)
                    ),
                ));
                return;
            }
        };
        if conflicts.take(number, content) {
            // Either side may be what is kept: its records exist for the references, but are
            // not counted until the conflict is resolved.
            if let Ok(record) = line::parse_line::<T>(content) {
                unlisted_keys.push(record.key());
            }
            return;
        }
        if pretty_printed_at.is_some() {
            return;
        }
        match line::parse_line::<T>(content) {
            Ok(record) => {
                for field_problem in record.problems(store.vocabulary()) {
                    report
                        .problems
                        .push(problem(&path, number, field_problem.to_string()));
                }
                for text_problem in record.text_problems() {
                    report
                        .problems
                        .push(problem(&path, number, text_problem.to_string()));
                }
                records.push((number, record));
            }
            Err(_) if layout::opens_pretty_printed_record(content) => {
                pretty_printed_at = Some(number);
            }
            Err(_) if last && !layout::is_whole_json(content) => {
                torn_tail = true;
                report
                    .problems
                    .push(problem(&path, number, INCOMPLETE_LAST_LINE.to_string()));
            }
            Err(message) => report.problems.push(problem(&path, number, message)),
        }
    })?;
    for conflict in conflicts.finish() {
        report.problems.push(problem(
            &path,
            conflict.first_line,
            format!("unresolved merge conflict, {conflict}"),
        ));
    }
    if let Some(line) = pretty_printed_at {
        unlisted_keys.extend(keys_of_pretty_printed(&path)?);
        report.problems.push(problem(
            &path,
            line,
            format!(
                "records are one per line, and this file looks pretty-printed from here on (not checked further); \
                 put each record back on one line: jq -c . {0} > {0}.new && mv {0}.new {0}",
                quote::shell_word(&path.display().to_string())
            ),
        ));
    }
    // A torn last line is an interrupted write, listed above, not a line end left out.
    layout.unterminated &= !torn_tail;
    if !layout.is_canonical() {
        report.fixable.push(Problem {
            path: path.clone(),
            line: None,
            message: format!(
                "{layout}: read as if not there; `gsef check --repair` rewrites the file as gsef writes one"
            ),
        });
    }
    report
        .record_counts
        .push((T::KIND, T::PLURAL, records.len()));
    Ok(Parsed {
        path,
        records,
        unlisted_keys,
    })
}

/// The keys of the records in a pretty-printed file, read as a stream of JSON values; as far
/// as the stream reads.
fn keys_of_pretty_printed(path: &std::path::Path) -> Result<Vec<String>> {
    let Some(file) = file_ops::open_to_read_if_exists(path)? else {
        return Ok(Vec::new());
    };
    let values = serde_json::Deserializer::from_reader(std::io::BufReader::new(file))
        .into_iter::<serde_json::Map<String, serde_json::Value>>();
    let text = |record: &serde_json::Map<String, serde_json::Value>, field: &str| {
        record
            .get(field)
            .and_then(serde_json::Value::as_str)
            .map(str::to_string)
    };
    Ok(values
        .map_while(std::result::Result::ok)
        .filter_map(|record| {
            text(&record, "id").or_else(|| {
                // As `Attendance::key` spells it.
                Some(format!(
                    "{} {}",
                    text(&record, "event")?,
                    text(&record, "participant")?
                ))
            })
        })
        .collect())
}

/// The set of keys, with a problem for every key seen before (naming the first line).
fn unique_keys<T: Record>(parsed: &Parsed<T>, problems: &mut Vec<Problem>) -> HashSet<String> {
    let mut first_line_of: HashMap<String, usize> = HashMap::new();
    for (line, record) in &parsed.records {
        let key = record.key();
        if let Some(first) = first_line_of.get(&key) {
            problems.push(problem(
                &parsed.path,
                *line,
                format!(
                    "duplicate {} `{}`, first on line {first}",
                    T::KIND,
                    quote::value(&key)
                ),
            ));
        } else {
            first_line_of.insert(key, *line);
        }
    }
    first_line_of
        .into_keys()
        .chain(parsed.unlisted_keys.iter().cloned())
        .collect()
}
