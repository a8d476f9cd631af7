//! `report trained`: the people who completed at least one event in scope, each counted once
//! (or once per series or per topic), with which completion rule applied to which event.
//!
//! A person completes an event when their attendance says `attended` and, where the event (or
//! its series) states a completion rule and the event's attendance lists days, they were present
//! on enough days. An event whose attendance lists no days cannot apply a rule, so status
//! `attended` counts there, and the rules list says so.

use rustc_hash::FxHashMap;

use serde_json::Value as Json;

use super::dimension::{Source, dimension_columns};
use super::grouping::{GroupKey, compare_keys};
use super::lookup::Lookup;
use super::query::TrainedQuery;
use super::suppression::Plan;
use super::{Column, ColumnKind, Report, Value};
use crate::error::Result;
use crate::model::attendance::AttendanceFacts;
use crate::model::day_count::days_from_civil;
use crate::model::participant::ParticipantFacts;
use crate::model::{AttendanceStatus, Completion, Event, Series};

/// What one person is counted once per.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    clap::ValueEnum,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Per {
    /// Once overall, however many events they completed.
    #[default]
    Person,
    /// Once per series they completed an event of.
    Series,
    /// Once per event category (topic) they completed an event of.
    Topic,
}

impl Per {
    fn as_str(self) -> &'static str {
        match self {
            Per::Person => "person",
            Per::Series => "series",
            Per::Topic => "topic",
        }
    }
}

/// Where an event's completion rule came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSource {
    Event,
    Series,
}

/// How completion was decided at one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// Present on at least this many days.
    Days(u32),
    /// Connected for at least this many minutes.
    Minutes(u32),
    /// Status `attended`, for want of a rule or of what the rule needs.
    Status,
}

impl Basis {
    /// The basis as the JSON `rules` list names it.
    pub fn name(self) -> &'static str {
        match self {
            Basis::Days(_) => "days",
            Basis::Minutes(_) => "minutes",
            Basis::Status => "status",
        }
    }
}

/// Which rule applied to one event in scope, and what came of it.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleApplied {
    pub event: String,
    pub rule: Option<(Completion, RuleSource)>,
    pub basis: Basis,
    /// Why the basis is what it is.
    pub why: Why,
    /// People with status `attended` at the event (among the selected participants).
    pub attended: u64,
    /// Of those, the people who completed it.
    pub completed: u64,
}

/// The report and the rules behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainedReport {
    pub report: Report,
    pub rules: Vec<RuleApplied>,
}

/// How many days an event lasts, when its dates are full days (an end alone or a start alone
/// is a one-day event).
pub fn event_length(event: &Event) -> Option<u32> {
    let start = event.start.or(event.end)?;
    let end = event.end.unwrap_or(start);
    if !start.is_full() || !end.is_full() {
        return None;
    }
    let day = |date: crate::model::PartialDate| {
        let (year, month, day) = date.first_day();
        days_from_civil(i64::from(year), month, day)
    };
    u32::try_from(day(end) - day(start) + 1).ok()
}

/// The rule that applies to `event`: its own, else its series'.
pub(super) fn rule_of(event: &Event, series: &[Series]) -> Option<(Completion, RuleSource)> {
    if let Some(rule) = event.completion {
        return Some((rule, RuleSource::Event));
    }
    let series_id = event.series.as_deref()?;
    series
        .iter()
        .find(|series| series.id == series_id)
        .and_then(|series| series.completion)
        .map(|rule| (rule, RuleSource::Series))
}

/// What an event's attendance records measure, which a rule needs to be applied.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Measured {
    /// Some record lists days.
    pub days: bool,
    /// Some record gives minutes connected.
    pub minutes: bool,
}

impl Measured {
    /// What the records of each event measure, by event id.
    pub(super) fn of_events(records: &[impl AttendanceFacts]) -> FxHashMap<&str, Measured> {
        let mut measured: FxHashMap<&str, Measured> = FxHashMap::default();
        for record in records {
            if record.day_count() > 0 || record.minutes().is_some() {
                let of_event = measured.entry(record.event()).or_default();
                of_event.days |= record.day_count() > 0;
                of_event.minutes |= record.minutes().is_some();
            }
        }
        measured
    }
}

impl Basis {
    /// Whether one attendance record completes its event on this basis.
    pub fn completed_by(self, record: &impl AttendanceFacts) -> bool {
        match self {
            Basis::Status => true,
            Basis::Days(required) => record.day_count() >= required as usize,
            Basis::Minutes(required) => record.minutes().is_some_and(|minutes| minutes >= required),
        }
    }
}

/// Why an event's basis is what it is, for output/ to say in the reader's language (and in
/// English in JSON, where scripts read `note`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Neither the event nor its series states a rule: status `attended` counts.
    NoRule,
    /// A rule of minutes, but no record of the event gives minutes.
    MinutesUnrecorded,
    /// Connected for at least this many minutes.
    Minutes(u32),
    /// A rule of days, but no record of the event lists days.
    DaysUnlisted,
    /// A share of days, but the event's dates do not give its length.
    LengthUnknown,
    /// Present on at least `required` days of the event's `length`, when known.
    Days { required: u32, length: Option<u32> },
}

/// Decides each event's basis from its rule, its length and what its attendance measures.
pub(super) fn decide_basis(
    event: &Event,
    rule: Option<Completion>,
    measured: Measured,
) -> (Basis, Why) {
    let Some(completion) = rule else {
        return (Basis::Status, Why::NoRule);
    };
    if let Completion::MinMinutes(required) = completion {
        if !measured.minutes {
            return (Basis::Status, Why::MinutesUnrecorded);
        }
        return (Basis::Minutes(required), Why::Minutes(required));
    }
    if !measured.days {
        return (Basis::Status, Why::DaysUnlisted);
    }
    let length = event_length(event);
    match completion.required_days(length) {
        None => (Basis::Status, Why::LengthUnknown),
        Some(required) => (Basis::Days(required), Why::Days { required, length }),
    }
}

/// How completion is decided at `event`, as this report decides it: the rule that applies (its
/// own, else its series'), the basis, and why; `records` are the event's attendance records,
/// which say whether days or minutes were recorded to apply the rule to.
pub fn completion_at(
    event: &Event,
    series: &[Series],
    records: &[&crate::model::Attendance],
) -> (Option<(Completion, RuleSource)>, Basis, Why) {
    let measured = Measured {
        days: records.iter().any(|record| !record.days.is_empty()),
        minutes: records.iter().any(|record| record.minutes.is_some()),
    };
    let rule = rule_of(event, series);
    let (basis, why) = decide_basis(event, rule.map(|(rule, _)| rule), measured);
    (rule, basis, why)
}

/// The attended and trained counts of one group.
/// Distinct units per group, from (group, unit) pairs: sorted and counted once at the end,
/// which costs far less than a set per group, filled a record at a time.
fn distinct_per_group(mut pairs: Vec<u64>, groups: usize) -> Vec<u64> {
    pairs.sort_unstable();
    pairs.dedup();
    let mut counts = vec![0; groups];
    for pair in pairs {
        counts[(pair >> 32) as usize] += 1;
    }
    counts
}

fn pair(group: u32, unit: u32) -> u64 {
    u64::from(group) << 32 | u64::from(unit)
}

/// The `report trained` table for `query`.
pub fn trained_report<'a, 'r, R: AttendanceFacts>(
    events: &'a [Event],
    series: &[Series],
    records: &'r [R],
    lookup: &Lookup<'a, impl ParticipantFacts>,
    query: &TrainedQuery,
) -> Result<TrainedReport> {
    let in_scope = query.filters.events_in_date_order(events);
    let measured = Measured::of_events(records);
    let mut rules: Vec<RuleApplied> = Vec::new();
    let mut basis_of: FxHashMap<&str, (Basis, usize)> = FxHashMap::default();
    for event in &in_scope {
        let rule = rule_of(event, series);
        let (basis, why) = decide_basis(
            event,
            rule.map(|(rule, _)| rule),
            measured.get(event.id.as_str()).copied().unwrap_or_default(),
        );
        basis_of.insert(event.id.as_str(), (basis, rules.len()));
        rules.push(RuleApplied {
            event: event.id.clone(),
            rule,
            basis,
            why,
            attended: 0,
            completed: 0,
        });
    }

    // A unit is what is counted once: a person, or a person with a series or a topic.
    let mut units: FxHashMap<(u32, Option<&'a str>), u32> = FxHashMap::default();
    let mut unit_of = |index: u32, event: &'a Event| -> u32 {
        let scope = match query.per {
            // A person is their own unit: no table of units to keep.
            Per::Person => return index,
            Per::Series => event.series.as_deref(),
            Per::Topic => event.category.as_deref(),
        };
        let next = u32::try_from(units.len()).expect("fewer than 2^32 people");
        *units.entry((index, scope)).or_insert(next)
    };
    // Each group's number, in the order first met.
    let mut groups: FxHashMap<GroupKey<'a>, u32> = FxHashMap::default();
    // (group, unit) for everyone who attended, and for everyone who completed.
    let mut attended_pairs: Vec<u64> = Vec::new();
    let mut completed_pairs: Vec<u64> = Vec::new();
    // Filled anew for each record, so finding an existing group allocates nothing.
    let mut key: GroupKey<'a> = Vec::with_capacity(query.dimensions.len());
    // When every dimension is the participant's, a person's group is worked out once, by
    // position, instead of a key of texts per record.
    let per_person = query
        .dimensions
        .iter()
        .all(|dimension| dimension.source() == Source::Participant);
    let mut group_of_person: Vec<u32> = if per_person {
        vec![u32::MAX; lookup.participants.len()]
    } else {
        Vec::new()
    };
    for record in records {
        let Some((index, participant, event)) = lookup.resolve(record)? else {
            continue;
        };
        if record.status() != AttendanceStatus::Attended {
            continue;
        }
        let Some(&(basis, rule_index)) = basis_of.get(event.id.as_str()) else {
            continue;
        };
        let completed = basis.completed_by(record);
        rules[rule_index].attended += 1;
        if completed {
            rules[rule_index].completed += 1;
        }
        let unit = unit_of(index, event);
        if let Some(&group) = group_of_person.get(index as usize)
            && group != u32::MAX
        {
            attended_pairs.push(pair(group, unit));
            if completed {
                completed_pairs.push(pair(group, unit));
            }
            continue;
        }
        key.clear();
        key.extend(
            query.dimensions.iter().map(|dimension| {
                dimension.value_of(record, participant, event, query.sector_depth)
            }),
        );
        let group = match groups.get(key.as_slice()) {
            Some(&group) => group,
            None => {
                let group = u32::try_from(groups.len()).expect("fewer than 2^32 groups");
                groups.insert(key.clone(), group);
                group
            }
        };
        if per_person {
            group_of_person[index as usize] = group;
        }
        attended_pairs.push(pair(group, unit));
        if completed {
            completed_pairs.push(pair(group, unit));
        }
    }
    // The totals count each unit once, whatever its groups.
    let unit_only = |pairs: &[u64]| {
        pairs
            .iter()
            .map(|&pair| pair & u64::from(u32::MAX))
            .collect()
    };
    let totals_counted = [
        distinct_per_group(unit_only(&attended_pairs), 1)[0],
        distinct_per_group(unit_only(&completed_pairs), 1)[0],
    ];
    let attended_counts = distinct_per_group(attended_pairs, groups.len());
    let completed_counts = distinct_per_group(completed_pairs, groups.len());

    let mut columns: Vec<Column> = dimension_columns(&query.dimensions);
    columns.push(Column::new("attended", "Attended", ColumnKind::Measure));
    columns.push(Column::new("trained", "Trained", ColumnKind::Measure));
    let mut sorted: Vec<_> = groups.into_iter().collect();
    sorted.sort_by(|(a, _), (b, _)| compare_keys(a, b));
    let rows = sorted
        .iter()
        .map(|(key, group)| {
            let group = *group as usize;
            key.iter()
                .map(|value| {
                    value
                        .as_ref()
                        .map_or(Value::Missing, |v| Value::Text(v.to_string()))
                })
                .chain([
                    Value::Count(attended_counts[group]),
                    Value::Count(completed_counts[group]),
                ])
                .collect()
        })
        .collect();
    let mut totals = vec![Value::Missing; query.dimensions.len()];
    totals.extend(totals_counted.map(Value::Count));
    let mut filters = query.filters.describe();
    filters.insert("per".into(), Json::from(query.per.as_str()));
    if let Some(depth) = query.sector_depth {
        filters.insert("depth".into(), Json::from(depth));
    }
    let mut report = Report {
        name: "trained",
        dimensions: query
            .dimensions
            .iter()
            .map(|dimension| dimension.column_name())
            .collect(),
        filters,
        columns,
        rows,
        totals: Some(totals),
        min_count: None,
    };
    if let Some(min_count) = query.min_count {
        let first_measure = query.dimensions.len();
        let mut plan = Plan::default();
        plan.column_lines(&report, &[first_measure, first_measure + 1]);
        plan.apply(&mut report, min_count);
    }
    Ok(TrainedReport { report, rules })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Participant};
    use crate::report::filter::Filters;

    fn event(json: serde_json::Value) -> Event {
        serde_json::from_value(json).unwrap()
    }

    fn attended(event: &str, participant: &str, days: &[&str]) -> Attendance {
        serde_json::from_value(serde_json::json!({
            "event": event, "participant": participant, "status": "attended", "days": days,
        }))
        .unwrap()
    }

    #[test]
    fn an_event_lasts_from_its_first_to_its_last_full_day() {
        let two_days = event(serde_json::json!({
            "id": "m", "title": "m", "start": "2019-11-27", "end": "2019-11-28"}));
        assert_eq!(event_length(&two_days), Some(2));
        let one_day = event(serde_json::json!({"id": "d", "title": "d", "start": "2019-05-03"}));
        assert_eq!(event_length(&one_day), Some(1));
        let a_month = event(serde_json::json!({"id": "k", "title": "k", "start": "2019-08"}));
        assert_eq!(event_length(&a_month), None);
    }

    #[test]
    fn one_day_at_a_two_day_workshop_is_not_completing_it() {
        let events = vec![event(serde_json::json!({
            "id": "m", "title": "m", "start": "2019-11-27", "end": "2019-11-28",
            "completion": {"min_days": 2}}))];
        let participants: Vec<Participant> = ["ana", "ben"]
            .iter()
            .map(|id| {
                serde_json::from_value(serde_json::json!({"id": id, "name": id, "sector": "other"}))
                    .unwrap()
            })
            .collect();
        let records = vec![
            attended("m", "ana", &["2019-11-27", "2019-11-28"]),
            attended("m", "ben", &["2019-11-28"]),
        ];
        let lookup = Lookup::new(&events, &participants, &Filters::default());
        let result =
            trained_report(&events, &[], &records, &lookup, &TrainedQuery::default()).unwrap();
        // Two attended, only ana was there both days.
        assert_eq!(
            result.report.totals,
            Some(vec![Value::Count(2), Value::Count(1)])
        );
        assert_eq!(result.rules[0].basis, Basis::Days(2));
        assert_eq!(
            (result.rules[0].attended, result.rules[0].completed),
            (2, 1)
        );
    }
}
