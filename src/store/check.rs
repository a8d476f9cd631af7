//! `gsef check`: every problem in a store, each with its file and line, rather than the first.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;

use super::line::{self, Stored};
use super::lines::{NumberedLine, each_numbered_line};
use super::{Store, file_ops};
use crate::error::Result;
use crate::model::{Attendance, Event, Participant, Record, Series};
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
    /// How many records of each kind were read, with the kind's singular and plural names.
    pub record_counts: Vec<(&'static str, &'static str, usize)>,
}

/// A collection as far as it could be parsed: the records with their line numbers.
struct Parsed<T> {
    path: PathBuf,
    records: Vec<(usize, T)>,
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

    let series_ids = unique_keys(&series, &mut report.problems);
    let event_ids = unique_keys(&events, &mut report.problems);
    let participant_ids = unique_keys(&participants, &mut report.problems);
    unique_keys(&attendance, &mut report.problems);

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
    Ok(report)
}

fn problem(path: &std::path::Path, line: usize, message: String) -> Problem {
    Problem {
        path: path.to_path_buf(),
        line: Some(line),
        message,
    }
}

/// Parses every line it can, recording a problem for each it cannot, and checks each record's fields.
fn parse_all<T: Stored>(store: &Store, report: &mut CheckReport) -> Result<Parsed<T>> {
    let path = store.path_of::<T>();
    let mut records = Vec::new();
    let Some(file) = file_ops::open_to_read_if_exists(&path)? else {
        report.problems.push(Problem {
            path: path.clone(),
            line: None,
            message: "the collection file is missing".to_string(),
        });
        report.record_counts.push((T::KIND, T::PLURAL, 0));
        return Ok(Parsed { path, records });
    };
    each_numbered_line(&path, &file, |number, line| match line {
        NumberedLine::Whole(content) => match line::parse_line::<T>(content) {
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
            Err(message) => report.problems.push(problem(&path, number, message)),
        },
        NumberedLine::Unfinished => report.problems.push(problem(
            &path,
            number,
            "incomplete last line, left by an interrupted write".to_string(),
        )),
        NumberedLine::TooLong(length @ Some(_)) => {
            report
                .problems
                .push(problem(&path, number, line::line_too_long(length)));
        }
        NumberedLine::TooLong(None) => report.problems.push(problem(
            &path,
            number,
            format!(
                "{}; the rest of the file is not checked",
                line::line_too_long(None)
            ),
        )),
    })?;
    report
        .record_counts
        .push((T::KIND, T::PLURAL, records.len()));
    Ok(Parsed { path, records })
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
    first_line_of.into_keys().collect()
}
