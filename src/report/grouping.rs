//! Counting attendance records into groups: distinct people, records and person-days per group.
//!
//! Everything about a group that can be worked out before reading the records is: the values of
//! the participant dimensions are interned once per person, those of the event dimensions once
//! per event, so a record's group is a few small numbers and counting it hashes no text. When
//! every dimension describes the person (sector, region, country …), a person belongs to one
//! group whatever they attended, so counting people needs no set per group at all: one bit per
//! person says who was seen, and the groups' people are tallied from it at the end.
//!
//! Records are looked up in batches: the lookups of a batch do not depend on one another, so the
//! processor can wait for several of them at once, where one record at a time waited for each.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::Value;
use super::attendance::StatusSelection;
use super::dimension::{Dimension, DimensionValue, Source};
use super::lookup::{IdKey, Lookup};
use super::people::{PeopleSet, bits_of, set_bit};
use crate::error::Result;
use crate::model::attendance::{AttendanceFacts, Role};
use crate::model::participant::ParticipantFacts;
use crate::model::{AttendanceStatus, Event, Participant};

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
    fn add(&mut self, person: u32, record: &Pending, shape: &CountShape) {
        self.participants.insert(person, shape.people);
        if shape.each_status {
            self.by_status[status_index(record.status)].insert(person, shape.people);
        }
        self.attendances += 1;
        if record.days > 0 {
            self.days_recorded = true;
            self.person_days += u64::from(record.days);
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
pub fn group<'a, 'r, P: ParticipantFacts, R: AttendanceFacts + 'r>(
    records: impl IntoIterator<Item = &'r R>,
    lookup: &Lookup<'a, P>,
    groupings: &[&[Dimension]],
    status: &StatusSelection,
    sector_depth: Option<usize>,
) -> Result<Vec<Grouping<'a>>> {
    let plan = GroupPlan::new(lookup, groupings, status, sector_depth);
    let mut grouper = Grouper::new(&plan);
    for record in records {
        grouper.add(record)?;
    }
    plan.finish(vec![grouper])
}

/// How records fall into groups, worked out once before any record is read.
///
/// A group is named by a slot: the class of its participant (the values of the participant's
/// dimensions, interned), the class of its event, and the record's own status and role where
/// those are dimensions. The text comes back once, at the end.
pub struct GroupPlan<'a, 'q, P = Participant> {
    lookup: &'q Lookup<'a, P>,
    status: &'q StatusSelection,
    splits: Vec<Split<'a, 'q>>,
    shape: CountShape,
}

/// The classes of people and events for each list of dimensions of a plan.
pub struct Classes<'a, 'q>(Vec<Split<'a, 'q>>);

impl<'a, 'q> Classes<'a, 'q> {
    pub fn new<P: ParticipantFacts>(
        participants: &'a [P],
        events: &'a [Event],
        dimension_lists: &'q [&'q [Dimension]],
        sector_depth: Option<usize>,
    ) -> Self {
        let splits = dimension_lists
            .iter()
            .map(|dimensions| {
                let of_source = |source| {
                    dimensions
                        .iter()
                        .filter(move |dimension| dimension.source() == source)
                };
                let (participant_class, participant_values) =
                    intern(participants, |participant, values| {
                        values.extend(of_source(Source::Participant).map(|dimension| {
                            dimension.participant_value(participant, sector_depth)
                        }));
                    });
                let (event_class, event_values) = intern(events, |event, values| {
                    values.extend(
                        of_source(Source::Event).map(|dimension| dimension.event_value(event)),
                    );
                });
                Split {
                    dimensions,
                    participant_class,
                    participant_values,
                    event_class,
                    event_values,
                    by_status: dimensions.contains(&Dimension::Status),
                    by_role: dimensions.contains(&Dimension::Role),
                    by_person_only: of_source(Source::Participant).count() == dimensions.len(),
                }
            })
            .collect();
        Classes(splits)
    }
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
    /// Every dimension describes the person, so each person falls in one group.
    by_person_only: bool,
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

impl<'a, 'q, P: ParticipantFacts> GroupPlan<'a, 'q, P> {
    pub fn new(
        lookup: &'q Lookup<'a, P>,
        dimension_lists: &'q [&'q [Dimension]],
        status: &'q StatusSelection,
        sector_depth: Option<usize>,
    ) -> Self {
        let classes = Classes::new(
            lookup.participants,
            lookup.events,
            dimension_lists,
            sector_depth,
        );
        GroupPlan::with_classes(lookup, classes, status)
    }

    /// The plan from classes worked out apart (on another core, while the lookup was built).
    pub fn with_classes(
        lookup: &'q Lookup<'a, P>,
        classes: Classes<'a, 'q>,
        status: &'q StatusSelection,
    ) -> Self {
        GroupPlan {
            lookup,
            status,
            splits: classes.0,
            shape: CountShape {
                people: lookup.participants.len(),
                each_status: status == &StatusSelection::EachStatus,
            },
        }
    }

    /// One grouping per list of dimensions, from the groupers that counted parts of the records.
    pub fn finish(&self, groupers: Vec<Grouper<'_, '_, '_, P>>) -> Result<Vec<Grouping<'a>>> {
        let mut merged: Option<Vec<Part>> = None;
        for mut grouper in groupers {
            grouper.flush()?;
            match &mut merged {
                None => merged = Some(grouper.parts),
                Some(parts) => {
                    for (mine, theirs) in parts.iter_mut().zip(grouper.parts) {
                        mine.merge(theirs, self.shape.people);
                    }
                }
            }
        }
        let parts = merged.unwrap_or_else(|| self.empty_parts());
        Ok(self
            .splits
            .iter()
            .zip(parts)
            .map(|(split, part)| part.into_grouping(split, &self.shape))
            .collect())
    }

    fn empty_parts(&self) -> Vec<Part> {
        self.splits
            .iter()
            .map(|split| Part::new(split, &self.shape))
            .collect()
    }
}

impl<'a> Split<'a, '_> {
    /// The slot of a record: its participant, event and record classes in one number.
    #[inline]
    fn slot(&self, person: u32, record: &Pending) -> u64 {
        let status = if self.by_status {
            status_index(record.status) as u64
        } else {
            0
        };
        let role = if self.by_role {
            ROLES
                .iter()
                .position(|role| *role == record.role)
                .expect("every role is listed") as u64
        } else {
            0
        };
        let events = self.event_values.len() as u64;
        (u64::from(self.participant_class[person as usize]) * events
            + u64::from(self.event_class[record.event as usize]))
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
                Source::Participant => participant_values
                    .next()
                    .expect("one per dimension")
                    .clone(),
                Source::Event => event_values.next().expect("one per dimension").clone(),
                Source::Attendance => match dimension {
                    Dimension::Status => Some(DimensionValue::Text(Cow::Borrowed(
                        AttendanceStatus::ALL[(record_class / ROLE_CLASSES) as usize].as_str(),
                    ))),
                    _ => ROLES[(record_class % ROLE_CLASSES) as usize]
                        .map(|role| DimensionValue::Text(Cow::Borrowed(role.as_str()))),
                },
            })
            .collect()
    }

    /// The key of the group of a participant class, for a split of person dimensions only.
    fn key_of_person_class(&self, class: usize) -> GroupKey<'a> {
        self.participant_values[class].clone()
    }
}

/// Numbers the distinct values `values_of` gives `records`: each record's class, and each
/// class's values. The values are written into one reused buffer, so only a new class
/// allocates.
fn intern<'a, T>(
    records: &'a [T],
    values_of: impl Fn(&'a T, &mut Vec<Option<DimensionValue<'a>>>),
) -> (Vec<u32>, Vec<Vec<Option<DimensionValue<'a>>>>) {
    let mut classes: FxHashMap<Vec<Option<DimensionValue<'a>>>, u32> = FxHashMap::default();
    let mut values: Vec<Vec<Option<DimensionValue<'a>>>> = Vec::new();
    let mut key = Vec::new();
    let class_of = records
        .iter()
        .map(|record| {
            key.clear();
            values_of(record, &mut key);
            if let Some(&class) = classes.get(key.as_slice()) {
                return class;
            }
            let class = u32::try_from(values.len()).expect("fewer classes than records");
            values.push(key.clone());
            classes.insert(key.clone(), class);
            class
        })
        .collect();
    if values.is_empty() {
        // No records: one empty class keeps the slot arithmetic free of a division by zero.
        values.push(Vec::new());
    }
    (class_of, values)
}

/// A record waiting in a batch for its participant to be looked up.
struct Pending {
    participant: IdKey,
    event: u32,
    event_kept: bool,
    status: AttendanceStatus,
    role: Option<Role>,
    days: u32,
}

/// How many records are looked up together.
const BATCH: usize = 256;

/// Counts records into groups, one record at a time, so records can come from anywhere (a
/// loaded collection, or a file read on several threads at once, one grouper per thread).
pub struct Grouper<'p, 'a, 'q, P = Participant> {
    plan: &'p GroupPlan<'a, 'q, P>,
    parts: Vec<Part>,
    /// The last event looked up: records come grouped by event, so most lookups are repeats.
    last_event: Option<(String, u32, bool)>,
    batch: Vec<Pending>,
    found: Vec<Option<(u32, bool)>>,
}

impl<'p, 'a, 'q, P: ParticipantFacts> Grouper<'p, 'a, 'q, P> {
    pub fn new(plan: &'p GroupPlan<'a, 'q, P>) -> Self {
        Grouper {
            plan,
            parts: plan.empty_parts(),
            last_event: None,
            batch: Vec::with_capacity(BATCH),
            found: Vec::with_capacity(BATCH),
        }
    }

    /// Counts one record, if the filters and the status selection keep it.
    pub fn add(&mut self, record: &impl AttendanceFacts) -> Result<()> {
        let (event, event_kept) = match &self.last_event {
            Some((id, index, kept)) if id == record.event() => (*index, *kept),
            _ => match self.plan.lookup.event(record.event()) {
                Ok((index, _, kept)) => {
                    self.last_event = Some((record.event().to_string(), index, kept));
                    (index, kept)
                }
                Err(error) => {
                    // Report a missing person named earlier in the file first, as reading
                    // one record at a time would.
                    self.flush()?;
                    return Err(error);
                }
            },
        };
        self.batch.push(Pending {
            participant: IdKey::of(record.participant()),
            event,
            event_kept,
            status: record.status(),
            role: record.role(),
            days: u32::try_from(record.day_count()).unwrap_or(u32::MAX),
        });
        if self.batch.len() == BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Looks up the batch's participants, then counts its records.
    fn flush(&mut self) -> Result<()> {
        let plan = self.plan;
        self.found.clear();
        self.found.extend(
            self.batch
                .iter()
                .map(|pending| plan.lookup.find_participant(&pending.participant)),
        );
        for (pending, found) in self.batch.iter().zip(&self.found) {
            let Some((person, person_kept)) = *found else {
                return Err(plan.lookup.missing_participant(&pending.participant));
            };
            if !(pending.event_kept && person_kept && plan.status.counts(pending.status)) {
                continue;
            }
            for (split, part) in plan.splits.iter().zip(&mut self.parts) {
                part.add(split, person, pending, &plan.shape);
            }
        }
        self.batch.clear();
        Ok(())
    }
}

/// One list of dimensions' counts, as one grouper keeps them.
enum Part {
    /// Groups that depend on the event or the record: counters per slot.
    BySlot {
        groups: FxHashMap<u64, Counters>,
        total: Counters,
    },
    /// Groups that depend on the person alone.
    ByPerson(PersonTally),
}

/// Counts for groups of people: who was seen (in all, and per status with `--status all`),
/// and records and days per participant class.
struct PersonTally {
    seen: Vec<u64>,
    seen_by_status: [Vec<u64>; 4],
    attendances: Vec<u64>,
    person_days: Vec<u64>,
    days_recorded: Vec<bool>,
}

impl Part {
    fn new(split: &Split<'_, '_>, shape: &CountShape) -> Part {
        if !split.by_person_only {
            return Part::BySlot {
                groups: FxHashMap::default(),
                total: Counters::default(),
            };
        }
        let words = shape.people.div_ceil(64);
        let classes = split.participant_values.len();
        let status_words = if shape.each_status { words } else { 0 };
        Part::ByPerson(PersonTally {
            seen: vec![0; words],
            seen_by_status: std::array::from_fn(|_| vec![0; status_words]),
            attendances: vec![0; classes],
            person_days: vec![0; classes],
            days_recorded: vec![false; classes],
        })
    }

    #[inline]
    fn add(&mut self, split: &Split<'_, '_>, person: u32, record: &Pending, shape: &CountShape) {
        match self {
            Part::BySlot { groups, total } => {
                groups
                    .entry(split.slot(person, record))
                    .or_default()
                    .add(person, record, shape);
                total.add(person, record, shape);
            }
            Part::ByPerson(tally) => {
                set_bit(&mut tally.seen, person);
                if shape.each_status {
                    set_bit(
                        &mut tally.seen_by_status[status_index(record.status)],
                        person,
                    );
                }
                let class = split.participant_class[person as usize] as usize;
                tally.attendances[class] += 1;
                if record.days > 0 {
                    tally.person_days[class] += u64::from(record.days);
                    tally.days_recorded[class] = true;
                }
            }
        }
    }

    fn merge(&mut self, other: Part, people: usize) {
        match (self, other) {
            (
                Part::BySlot { groups, total },
                Part::BySlot {
                    groups: their_groups,
                    total: their_total,
                },
            ) => {
                for (slot, counters) in their_groups {
                    groups.entry(slot).or_default().merge(counters, people);
                }
                total.merge(their_total, people);
            }
            (Part::ByPerson(mine), Part::ByPerson(theirs)) => {
                let bit_sets = std::iter::once((&mut mine.seen, theirs.seen))
                    .chain(mine.seen_by_status.iter_mut().zip(theirs.seen_by_status));
                for (my_bits, their_bits) in bit_sets {
                    for (word, theirs) in my_bits.iter_mut().zip(their_bits) {
                        *word |= theirs;
                    }
                }
                let sums = mine.attendances.iter_mut().zip(theirs.attendances);
                for (count, theirs) in sums {
                    *count += theirs;
                }
                let days = mine.person_days.iter_mut().zip(theirs.person_days);
                for (count, theirs) in days {
                    *count += theirs;
                }
                let recorded = mine.days_recorded.iter_mut().zip(theirs.days_recorded);
                for (recorded, theirs) in recorded {
                    *recorded |= theirs;
                }
            }
            _ => unreachable!("groupers of one plan split alike"),
        }
    }

    fn into_grouping<'a>(self, split: &Split<'a, '_>, shape: &CountShape) -> Grouping<'a> {
        let people = shape.people;
        match self {
            Part::BySlot { groups, total } => Grouping {
                groups: groups
                    .into_iter()
                    .map(|(slot, counters)| (split.key_of(slot), counters))
                    .collect(),
                total,
            },
            Part::ByPerson(tally) => {
                let classes = tally.attendances.len();
                let members_by_class = |bits: &[u64]| {
                    let mut members = vec![Vec::new(); classes];
                    for person in bits_of(bits) {
                        members[split.participant_class[person as usize] as usize].push(person);
                    }
                    members
                };
                let mut members = members_by_class(&tally.seen).into_iter();
                let mut members_by_status: Vec<_> = tally
                    .seen_by_status
                    .iter()
                    .map(|bits| members_by_class(bits).into_iter())
                    .collect();
                let mut groups = FxHashMap::default();
                for class in 0..classes {
                    let people_in_class = members.next().expect("one list per class");
                    let by_status = std::array::from_fn(|status| {
                        let listed = members_by_status[status].next().expect("one per class");
                        PeopleSet::from_members(listed, people)
                    });
                    if tally.attendances[class] == 0 {
                        continue;
                    }
                    let counters = Counters {
                        participants: PeopleSet::from_members(people_in_class, people),
                        by_status,
                        attendances: tally.attendances[class],
                        person_days: tally.person_days[class],
                        days_recorded: tally.days_recorded[class],
                    };
                    groups.insert(split.key_of_person_class(class), counters);
                }
                let total = Counters {
                    participants: PeopleSet::from_bits(tally.seen),
                    by_status: tally.seen_by_status.map(PeopleSet::from_bits),
                    attendances: tally.attendances.iter().sum(),
                    person_days: tally.person_days.iter().sum(),
                    days_recorded: tally.days_recorded.iter().any(|&recorded| recorded),
                };
                Grouping { groups, total }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Attendance;
    use crate::model::{Event, Participant};
    use crate::report::filter::Filters;
    use crate::testing::Xorshift;
    use std::collections::{BTreeMap, BTreeSet};

    /// A small store with every combination the counting treats apart: people without a
    /// country, records with and without days and roles, every status.
    fn store(seed: u64) -> (Vec<Event>, Vec<Participant>, Vec<Attendance>) {
        let mut random = Xorshift::new(seed);
        let mut next = move |below: u64| random.below(below as usize) as u64;
        let sectors = [
            "academia",
            "government/municipal",
            "government/state",
            "sse",
        ];
        let participants: Vec<Participant> = (0..150)
            .map(|index| {
                let country = ["MX", "SN", "KR"].get(next(4) as usize).copied();
                serde_json::from_value(serde_json::json!({
                    "id": format!("p{index}"), "name": "N",
                    "sector": sectors[next(4) as usize], "country": country,
                }))
                .unwrap()
            })
            .collect();
        let events: Vec<Event> = (0..6)
            .map(|index| {
                serde_json::from_value(serde_json::json!({
                    "id": format!("e{index}"), "title": "T", "start": format!("201{}-05", index % 3),
                }))
                .unwrap()
            })
            .collect();
        let statuses = ["registered", "attended", "no-show", "cancelled"];
        let mut records = Vec::new();
        for event in 0..6 {
            for participant in 0..150 {
                if next(3) == 0 {
                    let days: &[&str] = if next(2) == 0 { &["2019-05-01"] } else { &[] };
                    let role = ["speaker", "organizer"].get(next(6) as usize).copied();
                    records.push(
                        serde_json::from_value(serde_json::json!({
                            "event": format!("e{event}"), "participant": format!("p{participant}"),
                            "status": statuses[next(4) as usize], "role": role, "days": days,
                        }))
                        .unwrap(),
                    );
                }
            }
        }
        (events, participants, records)
    }

    /// The groups counted the slow, obvious way: people as sets of ids, per key of texts.
    fn naively(
        records: &[Attendance],
        lookup: &Lookup<'_>,
        dimensions: &[Dimension],
        status: &StatusSelection,
    ) -> BTreeMap<Vec<Option<String>>, (BTreeSet<String>, u64, u64)> {
        let mut groups: BTreeMap<_, (BTreeSet<String>, u64, u64)> = BTreeMap::new();
        for record in records {
            let (_, participant, event) = lookup.resolve(record).unwrap().unwrap();
            if !status.counts(record.status) {
                continue;
            }
            let key = dimensions
                .iter()
                .map(|dimension| {
                    dimension
                        .value_of(record, participant, event, None)
                        .map(|value| value.to_string())
                })
                .collect();
            let group = groups.entry(key).or_default();
            group.0.insert(record.participant.clone());
            group.1 += 1;
            group.2 += record.days.len() as u64;
        }
        groups
    }

    #[test]
    fn every_way_of_counting_agrees_with_counting_naively() {
        let person_only: &[Dimension] = &[Dimension::Sector, Dimension::Country];
        let with_event: &[Dimension] = &[Dimension::Sector, Dimension::Year];
        let with_record: &[Dimension] = &[Dimension::Role, Dimension::Status, Dimension::Country];
        let lists = [person_only, with_event, with_record];
        for seed in [1, 7, 42] {
            let (events, participants, records) = store(seed);
            let lookup = Lookup::new(&events, &participants, &Filters::default());
            for status in [
                StatusSelection::default(),
                StatusSelection::EachStatus,
                "no-show,cancelled".parse().unwrap(),
            ] {
                let groupings = group(&records, &lookup, &lists, &status, None).unwrap();
                for (dimensions, grouping) in lists.iter().zip(&groupings) {
                    let expected = naively(&records, &lookup, dimensions, &status);
                    assert_eq!(grouping.groups.len(), expected.len(), "{dimensions:?}");
                    for (key, counters) in &grouping.groups {
                        let key: Vec<_> = key
                            .iter()
                            .map(|v| v.as_ref().map(ToString::to_string))
                            .collect();
                        let (people, records, days) = &expected[&key];
                        assert_eq!(counters.participants.len(), people.len(), "{key:?}");
                        assert_eq!(counters.attendances, *records);
                        assert_eq!(counters.person_days, *days);
                        if status == StatusSelection::EachStatus {
                            let by_status: usize =
                                counters.by_status.iter().map(PeopleSet::len).sum();
                            assert!(by_status >= counters.participants.len());
                        }
                    }
                    let everyone: BTreeSet<_> =
                        expected.values().flat_map(|(people, ..)| people).collect();
                    assert_eq!(grouping.total.participants.len(), everyone.len());
                }
                // Counted in two halves, as two threads would, the groups come out the same.
                let plan = GroupPlan::new(&lookup, &lists, &status, None);
                let halves: Vec<Grouper> = records
                    .chunks(records.len() / 2 + 1)
                    .map(|half| {
                        let mut grouper = Grouper::new(&plan);
                        half.iter().for_each(|record| grouper.add(record).unwrap());
                        grouper
                    })
                    .collect();
                let merged = plan.finish(halves).unwrap();
                for (whole, halves) in groupings.iter().zip(&merged) {
                    assert_eq!(whole.groups.len(), halves.groups.len());
                    for (key, counters) in &whole.groups {
                        let other = &halves.groups[key];
                        assert_eq!(counters.participants.len(), other.participants.len());
                        assert_eq!(counters.attendances, other.attendances);
                        for status in 0..4 {
                            assert_eq!(
                                counters.by_status[status].len(),
                                other.by_status[status].len()
                            );
                        }
                    }
                }
            }
        }
    }
}
