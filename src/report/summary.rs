//! `report summary`: the content of a one-page report for funders — the event or the series,
//! its objectives, organisers and partners, who came by sector and by region, invited against
//! attended, and who came back — built from the other reports, so every number agrees with them.
//!
//! The content stays typed (dates as [`PartialDate`], counts as [`Report`]s); output/ decides how
//! a date reads and how a table looks in the terminal, in Markdown and in HTML.

use std::collections::HashSet;

use super::attendance::attendance_table;
use super::dimension::Dimension;
use super::events::events_report;
use super::filter::Filters;
use super::grouping::group;
use super::lookup::Lookup;
use super::outcomes::OutcomesAside;
use super::query::{AttendanceQuery, EventsQuery, ReturningQuery, SummaryQuery};
use super::returning::{ReturningView, returning_report};
use super::{Report, Value};
use crate::error::Result;
use crate::model::attendance::AttendanceFacts;
use crate::model::participant::ParticipantFacts;
use crate::model::{Event, PartialDate, Series};

/// What a summary covers: one event, or every event of a series.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SummaryScope {
    Event(String),
    Series(String),
}

impl SummaryScope {
    /// The events the summary covers, as report filters.
    pub fn filters(&self) -> Filters {
        match self {
            SummaryScope::Event(id) => Filters {
                events: vec![id.clone()],
                ..Filters::default()
            },
            SummaryScope::Series(id) => Filters {
                series: Some(id.clone()),
                ..Filters::default()
            },
        }
    }
}

/// One event as a funder reads about it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventFacts {
    pub id: String,
    pub title: String,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub city: Option<String>,
    /// The country's ISO 3166-1 code, named in the reader's language by the renderer.
    pub country: Option<String>,
    pub organizers: Vec<String>,
    pub partners: Vec<String>,
    /// In the order the event stated them.
    pub objectives: Vec<String>,
}

/// Everything a summary shows, ready for a renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The event's title, or the series' title.
    pub title: String,
    /// The series the summary belongs to, when there is one (shown under the title).
    pub series_title: Option<String>,
    pub events: Vec<EventFacts>,
    /// Per event: invited, registered, attended, no-shows and the attendance rate.
    pub invited_and_attended: Report,
    /// Participants who attended, by top-level sector.
    pub by_sector: Report,
    /// Participants who attended, by region (state or province).
    pub by_region: Report,
    /// Per event: attended, of whom had attended an earlier event of the series.
    pub returning: Report,
    /// How many of the people with attendance records are marked illustrative (made up).
    pub illustrative_participants: u64,
    /// How many people have attendance records for these events, whatever their status.
    pub recorded_participants: u64,
    /// The K of `--min-count K`, to say what `<K` means.
    pub min_count: Option<u64>,
    /// "Did it meet its objectives?": the outcomes report of the same events, when anyone
    /// answered one of their forms (`gsef import responses`); `None` leaves the section out.
    pub outcomes: Option<Box<OutcomesAside>>,
}

/// The columns of `report events` a funder needs, in this order.
const INVITED_AND_ATTENDED: [&str; 6] = [
    "event",
    "invited",
    "registered",
    "attended",
    "no_show",
    "attendance_rate",
];

/// Builds the summary `query` asks for. The caller has checked that the event or series exists.
pub fn summary<P: ParticipantFacts>(
    query: &SummaryQuery,
    series: &[Series],
    events: &[Event],
    participants: &[P],
    attendance: &[impl AttendanceFacts],
) -> Result<Summary> {
    let (scope, min_count) = (&query.scope, query.min_count);
    let filters = scope.filters();
    let selected = filters.events_in_date_order(events);
    let series_id = match scope {
        SummaryScope::Series(id) => Some(id.as_str()),
        SummaryScope::Event(_) => selected.first().and_then(|event| event.series.as_deref()),
    };
    let series_record = series_id.and_then(|id| series.iter().find(|series| series.id == id));
    let title = match (scope, selected.first(), series_record) {
        (SummaryScope::Event(_), Some(event), _) => event.title.clone(),
        (SummaryScope::Series(_), _, Some(series)) => series.title.clone(),
        (SummaryScope::Event(id) | SummaryScope::Series(id), _, _) => id.clone(),
    };
    let series_title = match scope {
        SummaryScope::Event(_) => series_record.map(|series| series.title.clone()),
        SummaryScope::Series(_) => None,
    };

    let lookup = Lookup::new(events, participants, &filters);
    let by = |dimension: Dimension| -> Result<Report> {
        let query = AttendanceQuery {
            dimensions: vec![dimension],
            sector_depth: Some(1),
            filters: filters.clone(),
            min_count,
            ..AttendanceQuery::default()
        };
        let groupings = group(
            attendance,
            &lookup,
            &[&query.dimensions],
            &query.status,
            query.sector_depth,
        )?;
        Ok(attendance_table(&groupings[0], &query))
    };
    let by_sector = by(Dimension::Sector)?;
    let by_region = by(Dimension::Region)?;
    let events_query = EventsQuery {
        filters: filters.clone(),
        min_count,
    };
    let mut invited_and_attended = select_columns(
        &events_report(events, attendance, &lookup, &events_query)?,
        &INVITED_AND_ATTENDED,
    );
    if matches!(scope, SummaryScope::Event(_)) {
        // One event's row is its own total.
        invited_and_attended.totals = None;
    }
    let returning = returning_of(
        scope,
        series_id,
        events,
        participants,
        attendance,
        min_count,
    )?;

    let mut recorded = HashSet::new();
    let mut illustrative = HashSet::new();
    for record in attendance {
        if let Some((index, participant, _)) = lookup.resolve(record)? {
            recorded.insert(index);
            if participant.illustrative() {
                illustrative.insert(index);
            }
        }
    }

    Ok(Summary {
        title,
        series_title,
        events: selected.into_iter().map(facts).collect(),
        invited_and_attended,
        by_sector,
        by_region,
        returning,
        illustrative_participants: illustrative.len() as u64,
        recorded_participants: recorded.len() as u64,
        min_count,
        outcomes: None,
    })
}

/// Returning participants per event. For one event, "earlier" means an earlier event of its
/// series, so the series is read and only the event's row kept.
fn returning_of<P: ParticipantFacts>(
    scope: &SummaryScope,
    series_id: Option<&str>,
    events: &[Event],
    participants: &[P],
    attendance: &[impl AttendanceFacts],
    min_count: Option<u64>,
) -> Result<Report> {
    let filters = match (series_id, scope) {
        (Some(series), _) => Filters {
            series: Some(series.to_string()),
            ..Filters::default()
        },
        (None, SummaryScope::Event(id) | SummaryScope::Series(id)) => Filters {
            events: vec![id.clone()],
            ..Filters::default()
        },
    };
    let lookup = Lookup::new(events, participants, &filters);
    let query = ReturningQuery {
        view: ReturningView::PerEvent,
        filters,
        min_count,
    };
    let mut report = returning_report(events, attendance, &lookup, &query)?;
    if let SummaryScope::Event(id) = scope {
        report
            .rows
            .retain(|row| row.first() == Some(&Value::Text(id.clone())));
        // The one row is its own total.
        report.totals = None;
    }
    Ok(report)
}

/// A copy of `report` with only the named columns, in that order.
fn select_columns(report: &Report, names: &[&str]) -> Report {
    let indexes: Vec<usize> = names
        .iter()
        .filter_map(|name| report.column_index(name))
        .collect();
    let pick = |row: &Vec<Value>| indexes.iter().map(|&i| row[i].clone()).collect();
    Report {
        name: report.name,
        dimensions: report.dimensions.clone(),
        filters: report.filters.clone(),
        columns: indexes.iter().map(|&i| report.columns[i].clone()).collect(),
        rows: report.rows.iter().map(pick).collect(),
        totals: report.totals.as_ref().map(pick),
        min_count: report.min_count,
    }
}

fn facts(event: &Event) -> EventFacts {
    EventFacts {
        id: event.id.clone(),
        title: event.title.clone(),
        start: event.start,
        end: event.end,
        city: event.city.clone(),
        country: event.country.clone(),
        organizers: event.organizers.clone(),
        partners: event.partners.clone(),
        objectives: event.objectives.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Participant};

    fn from_json<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn an_event_summary_counts_returning_people_across_its_series() {
        let series: Vec<Series> = vec![from_json(
            serde_json::json!({"id": "s", "title": "The Series"}),
        )];
        let events: Vec<Event> = vec![
            from_json(
                serde_json::json!({"id": "a", "series": "s", "title": "A", "start": "2019-05", "country": "SN"}),
            ),
            from_json(
                serde_json::json!({"id": "b", "series": "s", "title": "B", "start": "2019-11-27", "end": "2019-11-28", "invited": 5, "objectives": ["Learn"]}),
            ),
        ];
        let participants: Vec<Participant> = vec![
            from_json(
                serde_json::json!({"id": "ana", "name": "Ana", "sector": "government/municipal", "region": "Jalisco", "illustrative": true}),
            ),
            from_json(serde_json::json!({"id": "ben", "name": "Ben", "sector": "academia"})),
            from_json(serde_json::json!({"id": "cy", "name": "Cy", "sector": "academia"})),
        ];
        let attendance: Vec<Attendance> = vec![
            from_json(
                serde_json::json!({"event": "a", "participant": "ana", "status": "attended"}),
            ),
            from_json(
                serde_json::json!({"event": "b", "participant": "ana", "status": "attended"}),
            ),
            from_json(
                serde_json::json!({"event": "b", "participant": "ben", "status": "attended"}),
            ),
            from_json(serde_json::json!({"event": "b", "participant": "cy", "status": "no-show"})),
        ];
        let query = SummaryQuery {
            scope: SummaryScope::Event("b".into()),
            min_count: None,
        };
        let summary = summary(&query, &series, &events, &participants, &attendance).unwrap();
        assert_eq!(summary.title, "B");
        assert_eq!(summary.series_title.as_deref(), Some("The Series"));
        assert_eq!(summary.events.len(), 1);
        assert_eq!(summary.events[0].objectives, ["Learn"]);
        // At b, ana and ben attended (cy did not): 2 people, one of them (ana) back from a.
        assert_eq!(
            summary.by_sector.totals.as_ref().unwrap()[1],
            Value::Count(2)
        );
        assert_eq!(summary.returning.rows.len(), 1);
        assert_eq!(
            summary.returning.rows[0][2..],
            [Value::Count(2), Value::Count(1), Value::Count(1)]
        );
        // By top-level sector: academia 1 (ben), government 1 (ana).
        assert_eq!(
            summary.by_sector.rows,
            vec![
                vec![
                    Value::Text("academia".into()),
                    Value::Count(1),
                    Value::Count(1)
                ],
                vec![
                    Value::Text("government".into()),
                    Value::Count(1),
                    Value::Count(1)
                ],
            ]
        );
        // Invited 5, registered 3 (everyone with a record), attended 2, one no-show: 2/3.
        assert_eq!(
            summary.invited_and_attended.rows,
            vec![vec![
                Value::Text("b".into()),
                Value::Count(5),
                Value::Count(3),
                Value::Count(2),
                Value::Count(1),
                Value::Rate(0.6667),
            ]]
        );
        // Three people have records at b; one of them is illustrative.
        assert_eq!(summary.recorded_participants, 3);
        assert_eq!(summary.illustrative_participants, 1);
    }
}
