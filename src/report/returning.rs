//! `report returning`: continuity across a series — how many people came to 1, 2, 3… events, and
//! per event how many had attended an earlier one.
//!
//! Only `attended` counts, and only among the events and people the filters select: "earlier"
//! means an event of the selection that ended before this one started, so an undated event is
//! never earlier than another, and its own returning count is not recorded.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::dimension::{Dimension, DimensionValue};
use super::filter::Filters;
use super::lookup::Lookup;
use super::query::ReturningQuery;
use super::suppression::{Place, Plan};
use super::{Column, ColumnKind, Report, Value};
use crate::error::Result;
use crate::model::attendance::AttendanceFacts;
use crate::model::participant::ParticipantFacts;
use crate::model::{AttendanceStatus, Event};

/// Which table `report returning` shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReturningView {
    /// People by how many events they attended.
    #[default]
    Distribution,
    /// Per event: attended, of whom returning (attended an earlier event) and first-time.
    PerEvent,
    /// Per period of the events' dates (a year, quarter, month or fiscal year): the people who
    /// came in it, new or returning from an earlier period, those of the period before who
    /// did not come again, and how many came so far.
    PerPeriod(Dimension),
}

impl ReturningView {
    /// How the view is named in a report's filters.
    fn name(self) -> &'static str {
        match self {
            ReturningView::Distribution => "distribution",
            ReturningView::PerEvent => "per-event",
            ReturningView::PerPeriod(_) => "per-period",
        }
    }
}

/// Who attended what, among the filtered events and people: a person's position and the
/// event, a record at a time, so the records can be streamed through it as they are read.
pub fn note_attendance<'a>(
    attended: &mut Vec<(u32, &'a Event)>,
    record: &impl AttendanceFacts,
    lookup: &Lookup<'a, impl ParticipantFacts>,
) -> Result<()> {
    if record.status() == AttendanceStatus::Attended
        && let Some((index, _, event)) = lookup.resolve(record)?
    {
        attended.push((index, event));
    }
    Ok(())
}

pub fn returning_report<'a>(
    events: &'a [Event],
    records: &[impl AttendanceFacts],
    lookup: &Lookup<'a, impl ParticipantFacts>,
    query: &ReturningQuery,
) -> Result<Report> {
    let mut attended = Vec::new();
    for record in records {
        note_attendance(&mut attended, record, lookup)?;
    }
    Ok(returning_table(events, attended, query))
}

/// The report of returning people from who attended what, in file order.
pub fn returning_table<'a>(
    events: &'a [Event],
    attended: impl IntoIterator<Item = (u32, &'a Event)>,
    query: &ReturningQuery,
) -> Report {
    let (filters, view) = (&query.filters, query.view);
    let mut per_person: FxHashMap<u32, Vec<&'a Event>> = FxHashMap::default();
    for (index, event) in attended {
        per_person.entry(index).or_default().push(event);
    }
    let attended = per_person;
    let mut report = match view {
        ReturningView::Distribution => distribution(&attended),
        ReturningView::PerEvent => per_event(events, &attended, filters),
        ReturningView::PerPeriod(period) => per_period(period, &attended),
    };
    report.filters = filters.describe();
    report.filters.insert("view".into(), view.name().into());
    if let ReturningView::PerPeriod(period) = view {
        report
            .filters
            .insert("period".into(), period.argument().into());
    }
    if let Some(min_count) = query.min_count {
        let mut plan = Plan::default();
        match view {
            ReturningView::Distribution => plan.column_lines(&report, &[1]),
            ReturningView::PerEvent => {
                plan.column_lines(&report, &[2, 3, 4]);
                // attended = returning + first-time, in every row and in the totals.
                let places = (0..report.rows.len())
                    .map(|row| [2, 3, 4].map(|column| Place::Row(row, column)))
                    .chain(std::iter::once([2, 3, 4].map(Place::Total)));
                for [total, returning, first_time] in places.collect::<Vec<_>>() {
                    let total = plan.cell(&report, total);
                    let members = [returning, first_time].map(|place| plan.cell(&report, place));
                    plan.line(total, members);
                }
            }
            ReturningView::PerPeriod(_) => {
                plan.column_lines(&report, &[1, 2, 3, 4, 5]);
                // participants = new + returning in every row.
                for row in 0..report.rows.len() {
                    let total = plan.cell(&report, Place::Row(row, 1));
                    let members = [2, 3].map(|column| plan.cell(&report, Place::Row(row, column)));
                    plan.line(total, members);
                }
            }
        }
        plan.apply(&mut report, min_count);
    }
    report
}

fn distribution(attended: &FxHashMap<u32, Vec<&Event>>) -> Report {
    let mut people_by_count: BTreeMap<u64, u64> = BTreeMap::new();
    for events in attended.values() {
        *people_by_count.entry(events.len() as u64).or_default() += 1;
    }
    Report {
        name: "returning",
        dimensions: vec!["events_attended".to_string()],
        filters: serde_json::Map::new(),
        columns: vec![
            Column::new("events_attended", "Events attended", ColumnKind::Dimension),
            Column::new("participants", "Participants", ColumnKind::Measure),
        ],
        rows: people_by_count
            .iter()
            .map(|(&events, &people)| vec![Value::Count(events), Value::Count(people)])
            .collect(),
        totals: Some(vec![Value::Missing, Value::Count(attended.len() as u64)]),
        min_count: None,
    }
}

fn per_event(
    events: &[Event],
    attended: &FxHashMap<u32, Vec<&Event>>,
    filters: &Filters,
) -> Report {
    let selected = filters.events_in_date_order(events);
    // One pass over people: each of their events counts them, as returning when another of
    // their events ended before it started.
    let mut came_and_returning: FxHashMap<&str, (u64, u64)> = FxHashMap::default();
    for events in attended.values() {
        for event in events {
            let counts = came_and_returning.entry(event.id.as_str()).or_default();
            counts.0 += 1;
            let start = event.start.or(event.end);
            let returning = start.is_some_and(|start| {
                events.iter().any(|other| {
                    other
                        .end
                        .or(other.start)
                        .is_some_and(|end| end.ends_before(&start))
                })
            });
            counts.1 += u64::from(returning);
        }
    }
    let mut attended_total = 0;
    let mut returning_total: Option<u64> = None;
    let mut first_time_total: Option<u64> = None;
    let rows = selected
        .iter()
        .map(|event| {
            let start = event.start.or(event.end);
            let (came, returning) = came_and_returning
                .get(event.id.as_str())
                .copied()
                .unwrap_or_default();
            attended_total += came;
            let mut row = vec![
                Value::Text(event.id.clone()),
                start.map_or(Value::Missing, |date| Value::Text(date.to_string())),
                Value::Count(came),
            ];
            if start.is_some() {
                *returning_total.get_or_insert(0) += returning;
                *first_time_total.get_or_insert(0) += came - returning;
                row.extend([Value::Count(returning), Value::Count(came - returning)]);
            } else {
                row.extend([Value::Missing, Value::Missing]);
            }
            row
        })
        .collect();
    Report {
        name: "returning",
        dimensions: vec!["event".to_string()],
        filters: serde_json::Map::new(),
        columns: vec![
            Column::new("event", "Event", ColumnKind::Dimension),
            Column::new("start", "Start", ColumnKind::Text),
            Column::new("attended", "Attended", ColumnKind::Measure),
            Column::new("returning", "Returning", ColumnKind::Measure),
            Column::new("first_time", "First time", ColumnKind::Measure),
        ],
        rows,
        totals: Some(vec![
            Value::Missing,
            Value::Missing,
            Value::Count(attended_total),
            returning_total.map_or(Value::Missing, Value::Count),
            first_time_total.map_or(Value::Missing, Value::Count),
        ]),
        min_count: None,
    }
}

/// A row per period in order, the events the period cannot place last. A person is *new* in
/// the first period they came in, *returning* in each later one; *lapsed* are the people of the
/// period listed before who did not come in this one; *so far* counts everyone who came in
/// this period or an earlier one, each once. The events the period cannot place are a last
/// row of their own.
fn per_period(period: Dimension, attended: &FxHashMap<u32, Vec<&Event>>) -> Report {
    let mut people_in: BTreeMap<Option<DimensionValue>, FxHashSet<u32>> = BTreeMap::new();
    for (person, events) in attended {
        for event in events {
            let value = period.event_value(event);
            people_in.entry(value).or_default().insert(*person);
        }
    }
    // Periods in order, the events no period holds after them.
    let unplaced = people_in.remove(&None);
    let mut seen: FxHashSet<u32> = FxHashSet::default();
    let mut before: Option<&FxHashSet<u32>> = None;
    let mut rows = Vec::new();
    for (value, people) in &people_in {
        let new = people
            .iter()
            .filter(|person| !seen.contains(person))
            .count() as u64;
        let came = people.len() as u64;
        let lapsed = before.map_or(0, |before| {
            before
                .iter()
                .filter(|person| !people.contains(person))
                .count() as u64
        });
        seen.extend(people.iter().copied());
        rows.push(vec![
            value
                .as_ref()
                .map_or(Value::Missing, |value| Value::Text(value.to_string())),
            Value::Count(came),
            Value::Count(new),
            Value::Count(came - new),
            Value::Count(lapsed),
            Value::Count(seen.len() as u64),
        ]);
        before = Some(people);
    }
    // The events no period holds come after every period: who among their people came in
    // none is new, and so far is then everyone. Who lapsed has no period before to say.
    if let Some(people) = &unplaced {
        let new = people
            .iter()
            .filter(|person| !seen.contains(person))
            .count() as u64;
        seen.extend(people.iter().copied());
        rows.push(vec![
            Value::Missing,
            Value::Count(people.len() as u64),
            Value::Count(new),
            Value::Count(people.len() as u64 - new),
            Value::Missing,
            Value::Count(seen.len() as u64),
        ]);
    }
    let column = period.column_name();
    Report {
        name: "returning",
        dimensions: vec![column.clone()],
        filters: serde_json::Map::new(),
        columns: vec![
            Column::new(column, period.title(), ColumnKind::Dimension),
            Column::new("participants", "Participants", ColumnKind::Measure),
            Column::new("new", "New", ColumnKind::Measure),
            Column::new("returning", "Returning", ColumnKind::Measure),
            Column::new("lapsed", "Lapsed", ColumnKind::Measure),
            Column::new("so_far", "So far", ColumnKind::Measure),
        ],
        rows,
        // The last period's "so far" is the total that means something; a sum of the
        // participants column would count a person once per period.
        totals: None,
        min_count: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Participant};

    fn fixture() -> (Vec<Event>, Vec<Participant>, Vec<Attendance>) {
        let events = serde_json::from_value(serde_json::json!([
            {"id": "may", "title": "May", "start": "2019-05"},
            {"id": "nov", "title": "Nov", "start": "2019-11-27", "end": "2019-11-28"},
            {"id": "mar", "title": "Mar", "start": "2020-03-10"},
        ]))
        .unwrap();
        let participants = serde_json::from_value(serde_json::json!([
            {"id": "a", "name": "A", "sector": "academia"},
            {"id": "b", "name": "B", "sector": "academia"},
            {"id": "c", "name": "C", "sector": "academia"},
        ]))
        .unwrap();
        let records = serde_json::from_value(serde_json::json!([
            {"event": "may", "participant": "a", "status": "attended"},
            {"event": "nov", "participant": "a", "status": "attended"},
            {"event": "mar", "participant": "a", "status": "attended"},
            {"event": "nov", "participant": "b", "status": "attended"},
            {"event": "mar", "participant": "c", "status": "no-show"},
            {"event": "may", "participant": "c", "status": "attended"},
        ]))
        .unwrap();
        (events, participants, records)
    }

    #[test]
    fn counts_people_by_number_of_events() {
        let (events, participants, records) = fixture();
        let filters = Filters::default();
        let lookup = Lookup::new(&events, &participants, &filters);
        let query = ReturningQuery {
            view: ReturningView::Distribution,
            ..ReturningQuery::default()
        };
        let report = returning_report(&events, &records, &lookup, &query).unwrap();
        // a: 3 events; b and c: 1 each (c's no-show does not count).
        assert_eq!(
            report.rows,
            vec![
                vec![Value::Count(1), Value::Count(2)],
                vec![Value::Count(3), Value::Count(1)]
            ]
        );
    }

    #[test]
    fn returning_means_attended_an_event_that_ended_before() {
        let (events, participants, records) = fixture();
        let filters = Filters::default();
        let lookup = Lookup::new(&events, &participants, &filters);
        let query = ReturningQuery {
            view: ReturningView::PerEvent,
            ..ReturningQuery::default()
        };
        let report = returning_report(&events, &records, &lookup, &query).unwrap();
        let counts: Vec<&[Value]> = report.rows.iter().map(|row| &row[2..]).collect();
        // may: a, c new; nov: a returning, b new; mar: a returning.
        assert_eq!(
            counts,
            [
                &[Value::Count(2), Value::Count(0), Value::Count(2)][..],
                &[Value::Count(2), Value::Count(1), Value::Count(1)][..],
                &[Value::Count(1), Value::Count(1), Value::Count(0)][..],
            ]
        );
    }
}
