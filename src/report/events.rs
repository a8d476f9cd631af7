//! `report events`: one row per event — dates, place, organisers, invited, registered, attended,
//! no-shows, cancellations, attendance rate and number of objectives.

use rustc_hash::FxHashMap;

use super::lookup::Lookup;
use super::query::EventsQuery;
use super::suppression::{Place, Plan};
use super::{Column, ColumnKind, Report, Value, rounded_rate};
use crate::error::Result;
use crate::model::attendance::AttendanceFacts;
use crate::model::participant::ParticipantFacts;
use crate::model::{AttendanceStatus, Event};

/// Attendance records of one event by status; one record per person, so these are people too.
#[derive(Debug, Default, Clone, Copy)]
struct StatusCounts {
    registered_only: u64,
    attended: u64,
    no_show: u64,
    cancelled: u64,
}

impl StatusCounts {
    /// Everyone who registered, whatever came of it.
    fn registered(&self) -> u64 {
        self.registered_only + self.attended + self.no_show + self.cancelled
    }

    fn add(&mut self, other: &StatusCounts) {
        self.registered_only += other.registered_only;
        self.attended += other.attended;
        self.no_show += other.no_show;
        self.cancelled += other.cancelled;
    }
}

const COLUMNS: [(&str, &str, ColumnKind); 14] = [
    ("event", "Event", ColumnKind::Dimension),
    ("title", "Title", ColumnKind::Text),
    ("start", "Start", ColumnKind::Text),
    ("end", "End", ColumnKind::Text),
    ("city", "City", ColumnKind::Text),
    ("country", "Country", ColumnKind::Text),
    ("organizers", "Organizers", ColumnKind::Text),
    ("invited", "Invited", ColumnKind::Measure),
    ("registered", "Registered", ColumnKind::Measure),
    ("attended", "Attended", ColumnKind::Measure),
    ("no_show", "No-shows", ColumnKind::Measure),
    ("cancelled", "Cancelled", ColumnKind::Measure),
    ("attendance_rate", "Attendance rate", ColumnKind::Measure),
    ("objectives", "Objectives", ColumnKind::Measure),
];
const REGISTERED: usize = 8;
const ATTENDED: usize = 9;
const NO_SHOW: usize = 10;
const CANCELLED: usize = 11;
const RATE: usize = 12;

/// Each event's attendance by status, among the events and participants the filters select:
/// counted a record at a time, so the records can be streamed through it as they are read.
#[derive(Debug, Default)]
pub struct EventCounts<'a> {
    counts: FxHashMap<&'a str, StatusCounts>,
}

impl<'a> EventCounts<'a> {
    /// Counts `record`, when the filters keep it.
    pub fn add(
        &mut self,
        record: &impl AttendanceFacts,
        lookup: &Lookup<'a, impl ParticipantFacts>,
    ) -> Result<()> {
        let Some((_, _, event)) = lookup.resolve(record)? else {
            return Ok(());
        };
        let entry = self.counts.entry(event.id.as_str()).or_default();
        match record.status() {
            AttendanceStatus::Registered => entry.registered_only += 1,
            AttendanceStatus::Attended => entry.attended += 1,
            AttendanceStatus::NoShow => entry.no_show += 1,
            AttendanceStatus::Cancelled => entry.cancelled += 1,
        }
        Ok(())
    }

    /// Adds counts made of other records (another part of the file).
    pub fn merge(&mut self, other: EventCounts<'a>) {
        for (event, counts) in other.counts {
            self.counts.entry(event).or_default().add(&counts);
        }
    }
}

/// The events the filters select, in date order (undated last), with their attendance counted
/// among the participants the filters select.
pub fn events_report<'a>(
    events: &'a [Event],
    records: &[impl AttendanceFacts],
    lookup: &Lookup<'a, impl ParticipantFacts>,
    query: &EventsQuery,
) -> Result<Report> {
    let mut counts = EventCounts::default();
    for record in records {
        counts.add(record, lookup)?;
    }
    Ok(events_table(events, &counts, query))
}

/// The report of events from their counts.
pub fn events_table(events: &[Event], counts: &EventCounts<'_>, query: &EventsQuery) -> Report {
    let filters = &query.filters;
    let counts = &counts.counts;
    let selected = filters.events_in_date_order(events);

    let mut total = StatusCounts::default();
    let mut invited_total: Option<u64> = None;
    let mut objectives_total = 0;
    let mut pending = Vec::new();
    let rows: Vec<Vec<Value>> = selected
        .iter()
        .map(|event| {
            let count = counts.get(event.id.as_str()).copied().unwrap_or_default();
            total.add(&count);
            pending.push(count.registered_only);
            if let Some(invited) = event.invited {
                *invited_total.get_or_insert(0) += u64::from(invited);
            }
            objectives_total += event.objectives.len() as u64;
            let optional = |value: Option<String>| value.map_or(Value::Missing, Value::Text);
            vec![
                Value::Text(event.id.clone()),
                Value::Text(event.title.clone()),
                optional(event.start.map(|date| date.to_string())),
                optional(event.end.map(|date| date.to_string())),
                optional(event.city.clone()),
                optional(event.country.clone()),
                optional((!event.organizers.is_empty()).then(|| event.organizers.join("; "))),
                event
                    .invited
                    .map_or(Value::Missing, |invited| Value::Count(u64::from(invited))),
                Value::Count(count.registered()),
                Value::Count(count.attended),
                Value::Count(count.no_show),
                Value::Count(count.cancelled),
                rounded_rate(count.attended, count.registered()),
                Value::Count(event.objectives.len() as u64),
            ]
        })
        .collect();
    let mut totals = vec![Value::Missing; 7];
    totals.extend([
        invited_total.map_or(Value::Missing, Value::Count),
        Value::Count(total.registered()),
        Value::Count(total.attended),
        Value::Count(total.no_show),
        Value::Count(total.cancelled),
        rounded_rate(total.attended, total.registered()),
        Value::Count(objectives_total),
    ]);
    pending.push(total.registered_only);
    let mut report = Report {
        name: "events",
        dimensions: vec!["event".to_string()],
        filters: filters.describe(),
        columns: COLUMNS
            .iter()
            .map(|(name, title, kind)| Column::new(*name, *title, *kind))
            .collect(),
        rows,
        totals: Some(totals),
        min_count: None,
    };
    if let Some(min_count) = query.min_count {
        protect(&mut report, &pending, min_count);
    }
    report
}

/// The status columns add up to their totals, and in each row registered = attended + no-shows +
/// cancelled + those still only registered (a count the report implies but does not show).
/// Invitations and objectives describe the event, not people, and stay shown.
fn protect(report: &mut Report, pending: &[u64], min_count: u64) {
    let mut plan = Plan::default();
    plan.column_lines(report, &[REGISTERED, ATTENDED, NO_SHOW, CANCELLED]);
    for (row, &still_registered) in pending.iter().enumerate() {
        let place = |column| {
            if row < report.rows.len() {
                Place::Row(row, column)
            } else {
                Place::Total(column)
            }
        };
        let total = plan.cell(report, place(REGISTERED));
        let members = [ATTENDED, NO_SHOW, CANCELLED].map(|column| plan.cell(report, place(column)));
        let hidden = plan.hidden(still_registered);
        plan.line(total, members.into_iter().chain([Some(hidden)]));
    }
    plan.apply(report, min_count);
    // A rate from a hidden count would give it away.
    let rows = report.rows.iter_mut().chain(report.totals.as_mut());
    for row in rows {
        if row[ATTENDED].is_suppressed() || row[REGISTERED].is_suppressed() {
            row[RATE] = Value::Withheld;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Participant};
    use crate::report::filter::Filters;

    #[test]
    fn counts_each_status_and_the_rate_per_event_in_date_order() {
        let events: Vec<Event> = serde_json::from_value(serde_json::json!([
            {"id": "late", "title": "Late", "start": "2019-11-27", "invited": 5},
            {"id": "early", "title": "Early", "start": "2019-05", "objectives": ["a", "b"]},
            {"id": "undated", "title": "Undated"},
        ]))
        .unwrap();
        let participants: Vec<Participant> = serde_json::from_value(serde_json::json!([
            {"id": "a", "name": "A", "sector": "academia"},
            {"id": "b", "name": "B", "sector": "academia"},
        ]))
        .unwrap();
        let records: Vec<Attendance> = serde_json::from_value(serde_json::json!([
            {"event": "late", "participant": "a", "status": "attended"},
            {"event": "late", "participant": "b", "status": "no-show"},
            {"event": "early", "participant": "a", "status": "cancelled"},
        ]))
        .unwrap();
        let filters = Filters::default();
        let lookup = Lookup::new(&events, &participants, &filters);
        let report = events_report(&events, &records, &lookup, &EventsQuery::default()).unwrap();
        let ids: Vec<&Value> = report.rows.iter().map(|row| &row[0]).collect();
        assert_eq!(
            ids,
            [
                &Value::Text("early".into()),
                &Value::Text("late".into()),
                &Value::Text("undated".into())
            ]
        );
        // late: 2 registered, 1 attended, 1 no-show, rate 1/2.
        assert_eq!(
            report.rows[1][7..],
            [
                Value::Count(5),
                Value::Count(2),
                Value::Count(1),
                Value::Count(1),
                Value::Count(0),
                Value::Rate(0.5),
                Value::Count(0)
            ]
        );
        assert_eq!(report.rows[2][RATE], Value::Missing);
        let totals = report.totals.unwrap();
        assert_eq!(totals[REGISTERED], Value::Count(3));
        assert_eq!(totals[RATE], Value::Rate(0.3333));
    }
}
