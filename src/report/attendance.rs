//! `report attendance`: who came, grouped by any dimensions, as distinct people, attendance
//! records and person-days.
//!
//! Grouping holds only what the counts need: per group a few counters and the set of participant
//! indexes seen (to count people once), keyed by borrowed dimension values, so no text is copied
//! per record. It takes any iterator of attendance records, so it does not care how they are read.

use rustc_hash::FxHashMap;
use std::str::FromStr;

use serde_json::{Map, Value as Json};

use super::dimension::{Dimension, DimensionValue, Source, dimension_columns};
use super::filter::Filters;
use super::lookup::Lookup;
use super::people::PeopleSet;
use super::suppression::{Place, Plan};
use super::{Column, ColumnKind, Report, Value};
use crate::error::Result;
use crate::model::attendance::AttendanceFacts;
use crate::model::attendance::Role;
use crate::model::{Attendance, AttendanceStatus};

/// Which attendance statuses count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusSelection {
    /// Records with any of these statuses count together (`--status attended,no-show`).
    Only(Vec<AttendanceStatus>),
    /// Every record counts, with a column of people per status (`--status all`).
    EachStatus,
}

impl Default for StatusSelection {
    fn default() -> Self {
        StatusSelection::Only(vec![AttendanceStatus::Attended])
    }
}

impl StatusSelection {
    fn counts(&self, status: AttendanceStatus) -> bool {
        match self {
            StatusSelection::Only(statuses) => statuses.contains(&status),
            StatusSelection::EachStatus => true,
        }
    }

    fn describe(&self) -> Json {
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

/// What one `report attendance` asks for.
#[derive(Debug, Clone, Default)]
pub struct AttendanceQuery {
    pub dimensions: Vec<Dimension>,
    pub status: StatusSelection,
    /// Roll sectors up to this many levels.
    pub sector_depth: Option<usize>,
    pub filters: Filters,
}

impl AttendanceQuery {
    /// The options as JSON readers see them, next to the filters.
    pub fn describe(&self) -> Map<String, Json> {
        let mut described = self.filters.describe();
        described.insert("status".into(), self.status.describe());
        if let Some(depth) = self.sector_depth {
            described.insert("depth".into(), Json::from(depth));
        }
        described
    }
}

/// The counters of one group.
#[derive(Debug, Default, Clone)]
pub struct Counters {
    /// Distinct people, by index.
    pub participants: PeopleSet,
    /// Distinct people per status, in `AttendanceStatus::ALL` order; kept only when the report
    /// shows a column per status (`--status all`), since nothing else reads them.
    pub by_status: [PeopleSet; 4],
    pub attendances: u64,
    pub person_days: u64,
    /// Whether any counted record listed its days; without, person-days are not recorded.
    pub days_recorded: bool,
}

impl Counters {
    #[inline]
    fn add(&mut self, person: u32, record: &impl AttendanceFacts, shape: &CountShape) {
        self.participants.insert(person, shape.people);
        if shape.each_status {
            self.by_status[status_index(record.status())].insert(person, shape.people);
        }
        self.attendances += 1;
        let days = record.day_count();
        if days > 0 {
            self.days_recorded = true;
            self.person_days += days as u64;
        }
    }

    /// Adds another part's counts, as when two threads counted halves of a collection.
    pub fn merge(&mut self, other: Counters, people: usize) {
        self.participants.merge(other.participants, people);
        for (mine, theirs) in self.by_status.iter_mut().zip(other.by_status) {
            mine.merge(theirs, people);
        }
        self.attendances += other.attendances;
        self.person_days += other.person_days;
        self.days_recorded |= other.days_recorded;
    }

    pub fn person_days_value(&self) -> Value {
        if self.days_recorded {
            Value::Count(self.person_days)
        } else {
            Value::Missing
        }
    }
}

/// What every group's counters need to know: how many people there are (for their sets) and
/// whether to keep people per status.
#[derive(Debug, Clone, Copy)]
struct CountShape {
    people: usize,
    each_status: bool,
}

fn status_index(status: AttendanceStatus) -> usize {
    AttendanceStatus::ALL
        .iter()
        .position(|listed| *listed == status)
        .expect("every status is listed in ALL")
}

/// A group's key: one value per dimension, `None` where it is not recorded.
pub type GroupKey<'a> = Vec<Option<DimensionValue<'a>>>;

/// Counters per group for one list of dimensions, and for everything counted.
#[derive(Debug, Default)]
pub struct Grouping<'a> {
    pub groups: FxHashMap<GroupKey<'a>, Counters>,
    pub total: Counters,
}

impl<'a> Grouping<'a> {
    /// The groups sorted by their dimension values, missing values last.
    pub fn sorted(&self) -> Vec<(&GroupKey<'a>, &Counters)> {
        let mut groups: Vec<_> = self.groups.iter().collect();
        groups.sort_by(|(a, _), (b, _)| compare_keys(a, b));
        groups
    }
}

pub fn compare_keys(a: &GroupKey<'_>, b: &GroupKey<'_>) -> std::cmp::Ordering {
    a.iter()
        .zip(b)
        .map(|(a, b)| match (a, b) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
        .find(|order| order.is_ne())
        .unwrap_or(std::cmp::Ordering::Equal)
}

/// Groups the counted records by each list of dimensions in one pass over `records`.
pub fn group<'a, 'r>(
    records: impl IntoIterator<Item = &'r Attendance>,
    lookup: &Lookup<'a>,
    groupings: &[&[Dimension]],
    status: &StatusSelection,
    sector_depth: Option<usize>,
) -> Result<Vec<Grouping<'a>>> {
    let plan = GroupPlan::new(lookup, groupings, status, sector_depth);
    let mut grouper = Grouper::new(&plan);
    for record in records {
        grouper.add(record)?;
    }
    Ok(plan.finish(vec![grouper]))
}

/// How records fall into groups, worked out once before any record is read.
///
/// A group is named by three small numbers: the class of its participant (the values of the
/// participant's dimensions, interned), the class of its event, and the record's own status and
/// role where those are dimensions. Counting a record is then a few array reads and one lookup
/// of an integer, with no text hashed or compared; the text comes back once, at the end.
pub struct GroupPlan<'a, 'q> {
    lookup: &'q Lookup<'a>,
    status: &'q StatusSelection,
    splits: Vec<Split<'a, 'q>>,
    shape: CountShape,
}

/// The classes of one list of dimensions.
struct Split<'a, 'q> {
    dimensions: &'q [Dimension],
    /// Per participant index: its class.
    participant_class: Vec<u32>,
    /// Per participant class: the values of the participant dimensions, in list order.
    participant_values: Vec<Vec<Option<DimensionValue<'a>>>>,
    event_class: Vec<u32>,
    event_values: Vec<Vec<Option<DimensionValue<'a>>>>,
    by_status: bool,
    by_role: bool,
}

/// Roles as a record's class counts them: none, then each role.
const ROLE_CLASSES: u64 = 5;
const ROLES: [Option<Role>; ROLE_CLASSES as usize] = [
    None,
    Some(Role::Participant),
    Some(Role::Speaker),
    Some(Role::Organizer),
    Some(Role::Facilitator),
];
const RECORD_CLASSES: u64 = 4 * ROLE_CLASSES;

impl<'a, 'q> GroupPlan<'a, 'q> {
    pub fn new(
        lookup: &'q Lookup<'a>,
        dimension_lists: &'q [&'q [Dimension]],
        status: &'q StatusSelection,
        sector_depth: Option<usize>,
    ) -> Self {
        let splits = dimension_lists
            .iter()
            .map(|dimensions| Split {
                dimensions,
                participant_class: Vec::new(),
                participant_values: Vec::new(),
                event_class: Vec::new(),
                event_values: Vec::new(),
                by_status: dimensions.contains(&Dimension::Status),
                by_role: dimensions.contains(&Dimension::Role),
            })
            .map(|mut split| {
                let of_source = |source| {
                    split
                        .dimensions
                        .iter()
                        .filter(move |dimension| dimension.source() == source)
                };
                (split.participant_class, split.participant_values) =
                    intern(lookup.participants, |participant| {
                        of_source(Source::Participant)
                            .map(|dimension| dimension.participant_value(participant, sector_depth))
                            .collect()
                    });
                (split.event_class, split.event_values) = intern(lookup.events, |event| {
                    of_source(Source::Event)
                        .map(|dimension| dimension.event_value(event))
                        .collect()
                });
                split
            })
            .collect();
        GroupPlan {
            lookup,
            status,
            splits,
            shape: CountShape {
                people: lookup.participants.len(),
                each_status: status == &StatusSelection::EachStatus,
            },
        }
    }

    /// One grouping per list of dimensions, from the groupers that counted parts of the records.
    pub fn finish(&self, groupers: Vec<Grouper<'_, '_, '_>>) -> Vec<Grouping<'a>> {
        let people = self.shape.people;
        let mut groupings: Vec<Grouping<'a>> =
            self.splits.iter().map(|_| Grouping::default()).collect();
        for grouper in groupers {
            for ((split, grouping), part) in
                self.splits.iter().zip(&mut groupings).zip(grouper.parts)
            {
                for (slot, counters) in part.groups {
                    grouping
                        .groups
                        .entry(split.key_of(slot))
                        .or_default()
                        .merge(counters, people);
                }
                grouping.total.merge(part.total, people);
            }
        }
        groupings
    }
}

impl<'a> Split<'a, '_> {
    /// The slot of a record: its participant, event and record classes in one number.
    #[inline]
    fn slot(&self, person: u32, event: u32, record: &impl AttendanceFacts) -> u64 {
        let status = if self.by_status {
            status_index(record.status()) as u64
        } else {
            0
        };
        let role = if self.by_role {
            ROLES
                .iter()
                .position(|role| *role == record.role())
                .expect("every role is listed") as u64
        } else {
            0
        };
        let events = self.event_values.len() as u64;
        (u64::from(self.participant_class[person as usize]) * events
            + u64::from(self.event_class[event as usize]))
            * RECORD_CLASSES
            + status * ROLE_CLASSES
            + role
    }

    /// The dimension values a slot stands for, in list order.
    fn key_of(&self, slot: u64) -> GroupKey<'a> {
        let record_class = slot % RECORD_CLASSES;
        let events = self.event_values.len() as u64;
        let event_class = (slot / RECORD_CLASSES) % events;
        let participant_class = (slot / RECORD_CLASSES) / events;
        let mut participant_values = self.participant_values[participant_class as usize].iter();
        let mut event_values = self.event_values[event_class as usize].iter();
        self.dimensions
            .iter()
            .map(|dimension| match dimension.source() {
                Source::Participant => *participant_values.next().expect("one per dimension"),
                Source::Event => *event_values.next().expect("one per dimension"),
                Source::Attendance => match dimension {
                    Dimension::Status => Some(DimensionValue::Text(
                        AttendanceStatus::ALL[(record_class / ROLE_CLASSES) as usize].as_str(),
                    )),
                    _ => ROLES[(record_class % ROLE_CLASSES) as usize]
                        .map(|role| DimensionValue::Text(role.as_str())),
                },
            })
            .collect()
    }
}

/// Numbers the distinct values `values_of` gives `records`: each record's class, and each
/// class's values.
fn intern<'a, T>(
    records: &'a [T],
    values_of: impl Fn(&'a T) -> Vec<Option<DimensionValue<'a>>>,
) -> (Vec<u32>, Vec<Vec<Option<DimensionValue<'a>>>>) {
    let mut classes: FxHashMap<Vec<Option<DimensionValue<'a>>>, u32> = FxHashMap::default();
    let mut values = Vec::new();
    let class_of = records
        .iter()
        .map(|record| {
            let key = values_of(record);
            *classes.entry(key).or_insert_with_key(|key| {
                values.push(key.clone());
                u32::try_from(values.len() - 1).expect("fewer classes than records")
            })
        })
        .collect();
    if values.is_empty() {
        // No records: one empty class keeps the slot arithmetic free of a division by zero.
        values.push(Vec::new());
    }
    (class_of, values)
}

/// Counts records into groups by slot, one record at a time, so records can come from anywhere
/// (a loaded collection, or a file read on several threads at once, one grouper per thread).
pub struct Grouper<'p, 'a, 'q> {
    plan: &'p GroupPlan<'a, 'q>,
    parts: Vec<SlotCounts>,
    /// The last event looked up: records come grouped by event, so most lookups are repeats.
    last_event: Option<(String, u32, bool)>,
}

/// One list of dimensions' counters by slot.
#[derive(Default)]
struct SlotCounts {
    groups: FxHashMap<u64, Counters>,
    total: Counters,
}

impl<'p, 'a, 'q> Grouper<'p, 'a, 'q> {
    pub fn new(plan: &'p GroupPlan<'a, 'q>) -> Self {
        Grouper {
            plan,
            parts: plan.splits.iter().map(|_| SlotCounts::default()).collect(),
            last_event: None,
        }
    }

    /// Counts one record, if the filters and the status selection keep it.
    pub fn add(&mut self, record: &impl AttendanceFacts) -> Result<()> {
        let (event, event_kept) = match &self.last_event {
            Some((id, index, kept)) if id == record.event() => (*index, *kept),
            _ => {
                let (index, _, kept) = self.plan.lookup.event(record.event())?;
                self.last_event = Some((record.event().to_string(), index, kept));
                (index, kept)
            }
        };
        let (person, _, person_kept) = self.plan.lookup.participant(record.participant())?;
        if !(event_kept && person_kept && self.plan.status.counts(record.status())) {
            return Ok(());
        }
        let shape = &self.plan.shape;
        for (split, part) in self.plan.splits.iter().zip(&mut self.parts) {
            let slot = split.slot(person, event, record);
            part.groups
                .entry(slot)
                .or_default()
                .add(person, record, shape);
            part.total.add(person, record, shape);
        }
        Ok(())
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

/// The `report attendance` table for `query`, from every attendance record in `records`.
pub fn attendance_report<'a>(
    records: impl IntoIterator<Item = &'a Attendance>,
    lookup: &Lookup<'a>,
    query: &AttendanceQuery,
    min_count: Option<u64>,
) -> Result<Report> {
    let groupings = group(
        records,
        lookup,
        &[&query.dimensions],
        &query.status,
        query.sector_depth,
    )?;
    Ok(attendance_report_from(&groupings[0], query, min_count))
}

/// The `report attendance` table for `query` from records already grouped by its dimensions.
pub fn attendance_report_from(
    grouping: &Grouping<'_>,
    query: &AttendanceQuery,
    min_count: Option<u64>,
) -> Report {
    let measures = measure_columns(&query.status, grouping.total.days_recorded);
    let mut columns: Vec<Column> = dimension_columns(&query.dimensions);
    columns.extend(measures.iter().map(|(column, _)| column.clone()));
    let rows = grouping
        .sorted()
        .into_iter()
        .map(|(key, counters)| {
            let mut row: Vec<Value> = key
                .iter()
                .map(|value| value.map_or(Value::Missing, |v| Value::Text(v.to_string())))
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
    if let Some(min_count) = min_count {
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
    use crate::model::{Event, Participant};

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
        let report = attendance_report(&records, &lookup, &query, None).unwrap();
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
        let report = attendance_report(&records, &lookup, &query, None).unwrap();
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
        let error = attendance_report(&records, &lookup, &AttendanceQuery::default(), None)
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
