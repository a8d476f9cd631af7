//! `report attendance`: who came, grouped by any dimensions, as distinct people, attendance
//! records and person-days.
//!
//! The counting itself is `grouping`'s; this module turns its groups into the report's columns,
//! rows and totals, and applies `--min-count`.

use std::str::FromStr;

use serde_json::Value as Json;

use super::dimension::dimension_columns;
use super::grouping::{Counters, Grouping};
use super::query::AttendanceQuery;
use super::suppression::{Place, Plan};
use super::{Column, ColumnKind, Report, Value};
use crate::model::AttendanceStatus;

/// Which attendance statuses count; in a query's JSON, `"all"` or a list of statuses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum StatusSelection {
    /// Records with any of these statuses count together (`--status attended,no-show`).
    Only(Vec<AttendanceStatus>),
    /// Every record counts, with a column of people per status (`--status all`).
    #[serde(with = "all")]
    EachStatus,
}

/// `StatusSelection::EachStatus` as the string `"all"`.
mod all {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("all")
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
        match String::deserialize(deserializer)?.as_str() {
            "all" => Ok(()),
            other => Err(D::Error::custom(format!("expected \"all\", got {other:?}"))),
        }
    }
}

impl Default for StatusSelection {
    fn default() -> Self {
        StatusSelection::Only(vec![AttendanceStatus::Attended])
    }
}

impl StatusSelection {
    pub fn counts(&self, status: AttendanceStatus) -> bool {
        match self {
            StatusSelection::Only(statuses) => statuses.contains(&status),
            StatusSelection::EachStatus => true,
        }
    }

    pub fn describe(&self) -> Json {
        match self {
            StatusSelection::Only(statuses) => {
                Json::from(statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>())
            }
            StatusSelection::EachStatus => Json::from("all"),
        }
    }
}

impl FromStr for StatusSelection {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().eq_ignore_ascii_case("all") {
            return Ok(StatusSelection::EachStatus);
        }
        let mut statuses = Vec::new();
        for part in text.split(',') {
            let wanted = part.trim().to_lowercase();
            let status = AttendanceStatus::ALL
                .into_iter()
                .find(|status| status.as_str() == wanted)
                .ok_or_else(|| {
                    format!(
                        "unknown status `{}`; use registered, attended, no-show, cancelled or all",
                        part.trim()
                    )
                })?;
            if !statuses.contains(&status) {
                statuses.push(status);
            }
        }
        statuses.sort();
        Ok(StatusSelection::Only(statuses))
    }
}

/// The measure columns and each one's value from a group's counters.
pub fn measure_columns(status: &StatusSelection, with_days: bool) -> Vec<(Column, MeasureOf)> {
    let mut columns = Vec::new();
    if status == &StatusSelection::EachStatus {
        for (index, status) in AttendanceStatus::ALL.iter().enumerate() {
            let title = match status {
                AttendanceStatus::Registered => "Registered",
                AttendanceStatus::Attended => "Attended",
                AttendanceStatus::NoShow => "No-show",
                AttendanceStatus::Cancelled => "Cancelled",
            };
            columns.push((
                Column::new(
                    status.as_str().replace('-', "_"),
                    title,
                    ColumnKind::Measure,
                ),
                MeasureOf::Status(index),
            ));
        }
    }
    columns.push((
        Column::new("participants", "Participants", ColumnKind::Measure),
        MeasureOf::Participants,
    ));
    // With a column per status, records of every status would add up to a count no status
    // column explains; people per status and in all are the comparison asked for.
    if status != &StatusSelection::EachStatus {
        columns.push((
            Column::new("attendances", "Attendances", ColumnKind::Measure),
            MeasureOf::Attendances,
        ));
    }
    if with_days {
        columns.push((
            Column::new("person_days", "Person-days", ColumnKind::Measure),
            MeasureOf::PersonDays,
        ));
    }
    columns
}

/// Which counter a measure column shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureOf {
    Participants,
    Attendances,
    PersonDays,
    /// People with the status at this index of `AttendanceStatus::ALL`.
    Status(usize),
}

impl MeasureOf {
    pub fn value(self, counters: &Counters) -> Value {
        match self {
            MeasureOf::Participants => Value::Count(counters.participants.len() as u64),
            MeasureOf::Attendances => Value::Count(counters.attendances),
            MeasureOf::PersonDays => counters.person_days_value(),
            MeasureOf::Status(index) => Value::Count(counters.by_status[index].len() as u64),
        }
    }
}

/// The `report attendance` table for `query`, from its records grouped by its dimensions.
pub fn attendance_table(grouping: &Grouping<'_>, query: &AttendanceQuery) -> Report {
    let measures = measure_columns(&query.status, grouping.total.days_recorded);
    let mut columns: Vec<Column> = dimension_columns(&query.dimensions);
    columns.extend(measures.iter().map(|(column, _)| column.clone()));
    let rows = grouping
        .sorted()
        .into_iter()
        .map(|(key, counters)| {
            let mut row: Vec<Value> = key
                .iter()
                .map(|value| {
                    value
                        .as_ref()
                        .map_or(Value::Missing, |v| Value::Text(v.to_string()))
                })
                .collect();
            row.extend(measures.iter().map(|(_, measure)| measure.value(counters)));
            row
        })
        .collect();
    let mut totals = vec![Value::Missing; query.dimensions.len()];
    totals.extend(
        measures
            .iter()
            .map(|(_, measure)| measure.value(&grouping.total)),
    );
    let mut report = Report {
        name: "attendance",
        dimensions: query
            .dimensions
            .iter()
            .map(|dimension| dimension.column_name())
            .collect(),
        filters: query.describe(),
        columns,
        rows,
        totals: Some(totals),
        min_count: None,
    };
    if let Some(min_count) = query.min_count {
        protect(&mut report, &measures, min_count);
    }
    report
}

/// Applies `--min-count`: each measure column adds up to its total, and with `--status all` the
/// status columns of a row add up to its participants (exactly when everyone in the row has one
/// record; treating it as exact errs on the side of hiding).
fn protect(report: &mut Report, measures: &[(Column, MeasureOf)], min_count: u64) {
    let first_measure = report.columns.len() - measures.len();
    let measure_columns: Vec<usize> = (first_measure..report.columns.len()).collect();
    let mut plan = Plan::default();
    plan.column_lines(report, &measure_columns);
    let status_columns: Vec<usize> = measures
        .iter()
        .zip(first_measure..)
        .filter(|((_, measure), _)| matches!(measure, MeasureOf::Status(_)))
        .map(|(_, column)| column)
        .collect();
    if !status_columns.is_empty() {
        let participants_column = measures
            .iter()
            .zip(first_measure..)
            .find(|((_, measure), _)| *measure == MeasureOf::Participants)
            .map(|(_, column)| column)
            .expect("every attendance report counts participants");
        // Each row, then the totals row (`None`).
        let rows = (0..report.rows.len())
            .map(Some)
            .chain(std::iter::once(None));
        for row in rows {
            let place = |column| match row {
                Some(row) => Place::Row(row, column),
                None => Place::Total(column),
            };
            let members: Vec<Option<usize>> = status_columns
                .iter()
                .map(|&column| plan.cell(report, place(column)))
                .collect();
            let total = plan.cell(report, place(participants_column));
            plan.line(total, members);
        }
    }
    plan.apply(report, min_count);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Event, Participant};
    use crate::report::dimension::Dimension;
    use crate::report::filter::Filters;
    use crate::report::grouping::group;
    use crate::report::lookup::Lookup;

    /// The table for `query` over `records`, grouped in memory.
    fn attendance_report(
        records: &[Attendance],
        lookup: &Lookup<'_>,
        query: &AttendanceQuery,
    ) -> crate::error::Result<Report> {
        let groupings = group(
            records,
            lookup,
            &[&query.dimensions],
            &query.status,
            query.sector_depth,
        )?;
        Ok(attendance_table(&groupings[0], query))
    }

    fn participant(id: &str, sector: &str, country: Option<&str>) -> Participant {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": id, "sector": sector, "country": country,
        }))
        .unwrap()
    }

    fn event(id: &str, start: &str) -> Event {
        serde_json::from_value(serde_json::json!({"id": id, "title": id, "start": start})).unwrap()
    }

    fn attended(event: &str, participant: &str, days: &[&str]) -> Attendance {
        serde_json::from_value(serde_json::json!({
            "event": event, "participant": participant, "status": "attended", "days": days,
        }))
        .unwrap()
    }

    #[test]
    fn counts_people_once_and_records_each_time() {
        let participants = vec![
            participant("ana", "government/municipal", Some("MX")),
            participant("ben", "government/state", Some("MX")),
            participant("fer", "international", None),
        ];
        let events = vec![event("a", "2019-05"), event("b", "2019-11-27")];
        let records = vec![
            attended("a", "ana", &[]),
            attended("b", "ana", &["2019-11-27", "2019-11-28"]),
            attended("b", "ben", &["2019-11-27"]),
            attended("a", "fer", &[]),
        ];
        let lookup = Lookup::new(&events, &participants, &Filters::default());
        let query = AttendanceQuery {
            dimensions: vec![Dimension::Sector, Dimension::Country],
            sector_depth: Some(1),
            ..AttendanceQuery::default()
        };
        let report = attendance_report(&records, &lookup, &query).unwrap();
        // government/MX: ana (2 records, 2 days) + ben (1 record, 1 day) = 2 people, 3 records,
        // 3 person-days; international/not recorded: fer, 1 record, no days recorded.
        assert_eq!(
            report.rows,
            vec![
                vec![
                    Value::Text("government".into()),
                    Value::Text("MX".into()),
                    Value::Count(2),
                    Value::Count(3),
                    Value::Count(3),
                ],
                vec![
                    Value::Text("international".into()),
                    Value::Missing,
                    Value::Count(1),
                    Value::Count(1),
                    Value::Missing,
                ],
            ]
        );
        assert_eq!(
            report.totals.unwrap()[2..],
            [Value::Count(3), Value::Count(4), Value::Count(3)]
        );
    }

    #[test]
    fn a_person_in_several_groups_counts_once_in_the_total() {
        let participants = vec![participant("ana", "academia", None)];
        let events = vec![event("a", "2019-05"), event("b", "2019-11")];
        let records = vec![attended("a", "ana", &[]), attended("b", "ana", &[])];
        let lookup = Lookup::new(&events, &participants, &Filters::default());
        let query = AttendanceQuery {
            dimensions: vec![Dimension::Event],
            ..AttendanceQuery::default()
        };
        let report = attendance_report(&records, &lookup, &query).unwrap();
        assert_eq!(report.rows.len(), 2);
        assert_eq!(
            report.totals.unwrap()[1..],
            [Value::Count(1), Value::Count(2)]
        );
    }

    #[test]
    fn dangling_references_are_refused() {
        let participants = vec![participant("ana", "academia", None)];
        let events = vec![event("a", "2019-05")];
        let records = vec![attended("a", "nobody", &[])];
        let lookup = Lookup::new(&events, &participants, &Filters::default());
        let error = attendance_report(&records, &lookup, &AttendanceQuery::default())
            .unwrap_err()
            .to_string();
        assert!(error.contains("participant `nobody`"), "{error}");
    }

    #[test]
    fn parses_status_selections() {
        assert_eq!("all".parse(), Ok(StatusSelection::EachStatus));
        assert_eq!(
            "no-show, attended".parse(),
            Ok(StatusSelection::Only(vec![
                AttendanceStatus::Attended,
                AttendanceStatus::NoShow
            ]))
        );
        assert!("came".parse::<StatusSelection>().is_err());
    }
}
