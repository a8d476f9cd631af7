//! Counting one indicator: each unit once per window, at the first record where everything the
//! indicator asks holds, in the events' date order.

use rustc_hash::FxHashMap;

use super::explain::Check;
use crate::error::Result;
use crate::model::age::{AgeBandOf, band_of};
use crate::model::attendance::{AttendanceFacts, Role};
use crate::model::indicator::{Breakdown, CompletionRequirement, Indicator, OncePer, Unit};
use crate::model::participant::ParticipantFacts;
use crate::model::period::{MonthIndex, Period, months_of};
use crate::model::text::grouping_key;
use crate::model::{AttendanceStatus, Event, Series};
use crate::report::filter::date_order;
use crate::report::lookup::Lookup;
use crate::report::trained::{Basis, Measured as EventMeasures, Why, decide_basis, rule_of};

/// The attendance records an indicators report counts, as they are read (on every core): the
/// ones the filters keep, each a few numbers, and what each event's records measure.
pub struct Recorded {
    rows: Vec<Kept>,
    /// Whether any record of each event (by position) lists days or gives minutes, among all of
    /// them, as `report trained` decides how a rule applies.
    measured: Vec<EventMeasures>,
}

impl Recorded {
    pub fn new(events: usize) -> Recorded {
        Recorded {
            rows: Vec::new(),
            measured: vec![EventMeasures::default(); events],
        }
    }

    /// Notes one record; refuses one naming an event or a participant the store does not have.
    pub fn add<P: ParticipantFacts>(
        &mut self,
        record: &impl AttendanceFacts,
        lookup: &Lookup<'_, P>,
    ) -> Result<()> {
        let (event, _, event_kept) = lookup.event(record.event())?;
        let (person, _, person_kept) = lookup.participant(record.participant())?;
        let measured = &mut self.measured[event as usize];
        measured.days |= record.day_count() > 0;
        measured.minutes |= record.minutes().is_some();
        if event_kept && person_kept {
            self.rows.push(Kept {
                person,
                event,
                status: record.status(),
                role: record.role(),
                days: u32::try_from(record.day_count()).unwrap_or(u32::MAX),
                minutes: record.minutes(),
            });
        }
        Ok(())
    }

    /// The parts read on each core, in file order.
    pub fn join(parts: Vec<Recorded>) -> Recorded {
        let mut parts = parts.into_iter();
        let Some(mut whole) = parts.next() else {
            return Recorded::new(0);
        };
        for part in parts {
            whole.rows.extend(part.rows);
            for (measured, other) in whole.measured.iter_mut().zip(part.measured) {
                measured.days |= other.days;
                measured.minutes |= other.minutes;
            }
        }
        whole
    }
}

/// One attendance record the filters keep: its person's and event's positions and what an
/// indicator asks of it, 20 bytes where the record read is several times that.
#[derive(Debug, Clone, Copy)]
pub struct Kept {
    pub(super) person: u32,
    pub(super) event: u32,
    status: AttendanceStatus,
    role: Option<Role>,
    days: u32,
    minutes: Option<u32>,
}

/// A kept record with its ids, as the rules and the dimensions read an attendance record.
struct KeptFacts<'k> {
    kept: &'k Kept,
    event: &'k str,
    participant: &'k str,
}

impl AttendanceFacts for KeptFacts<'_> {
    fn event(&self) -> &str {
        self.event
    }

    fn participant(&self) -> &str {
        self.participant
    }

    fn status(&self) -> AttendanceStatus {
        self.kept.status
    }

    fn role(&self) -> Option<Role> {
        self.kept.role
    }

    fn day_count(&self) -> usize {
        self.kept.days as usize
    }

    fn minutes(&self) -> Option<u32> {
        self.kept.minutes
    }

    fn positions(&self) -> Option<(u32, u32)> {
        Some((self.kept.person, self.kept.event))
    }
}

/// What every indicator reads, worked out once.
pub(super) struct Context<'c, 'a, P> {
    pub(super) series: &'c [Series],
    pub(super) lookup: &'c Lookup<'a, P>,
    /// The records the filters keep, in file order.
    pub(super) records: Vec<Kept>,
    /// Each event's place in date order (a loose date by its first day, undated last), by
    /// event position.
    pub(super) rank: Vec<u32>,
    pub(super) post_shares: &'c FxHashMap<(u32, u32), f64>,
    /// What each event's records measure, by event position.
    pub(super) measured: Vec<EventMeasures>,
}

impl<'c, 'a, P: ParticipantFacts> Context<'c, 'a, P> {
    pub(super) fn new(
        series: &'c [Series],
        lookup: &'c Lookup<'a, P>,
        recorded: Recorded,
        post_shares: &'c FxHashMap<(u32, u32), f64>,
    ) -> Self {
        let events = lookup.events;
        let mut rank = vec![u32::MAX; events.len()];
        let mut in_order: Vec<u32> = (0..u32::try_from(events.len()).unwrap_or(u32::MAX)).collect();
        in_order.sort_by_key(|&index| date_order(&events[index as usize]));
        for (position, &index) in (0u32..).zip(&in_order) {
            rank[index as usize] = position;
        }
        let mut measured = recorded.measured;
        measured.resize(events.len(), EventMeasures::default());
        Context {
            series,
            lookup,
            records: recorded.rows,
            rank,
            post_shares,
            measured,
        }
    }

    /// A kept record as the rules and dimensions read it.
    fn facts<'k>(&'k self, kept: &'k Kept) -> KeptFacts<'k> {
        KeptFacts {
            kept,
            event: &self.event(kept.event).id,
            participant: self.person(kept.person).id(),
        }
    }

    pub(super) fn event(&self, index: u32) -> &'a Event {
        &self.lookup.events[index as usize]
    }

    pub(super) fn person(&self, index: u32) -> &'a P {
        &self.lookup.participants[index as usize]
    }
}

/// The hours of training one record gives: its minutes connected, else its days present at the
/// event's hours a day (a one-day event attended is its one day); `None` when the records hold
/// neither, which no guess fills in.
fn hours_of(kept: &Kept, event: &Event) -> Option<f64> {
    if let Some(minutes) = kept.minutes {
        return Some(f64::from(minutes) / 60.0);
    }
    let per_day = event.hours_per_day.as_ref()?.as_f64()?;
    let days = match kept.days {
        0 if kept.status == AttendanceStatus::Attended
            && crate::report::trained::event_length(event) == Some(1) =>
        {
            1
        }
        days => days,
    };
    (days > 0).then(|| f64::from(days) * per_day)
}

/// The age band of a person whose age at the event falls in none of the indicator's bands.
pub const OUTSIDE_THE_BANDS: &str = "outside";

/// One indicator, as it counts.
pub(super) struct Counting<'i> {
    pub(super) indicator: &'i Indicator,
    pub(super) first: Option<Period>,
    pub(super) last: Option<Period>,
    /// `--period`.
    pub(super) asked: Option<Period>,
    /// `--to-date`.
    pub(super) to_date: bool,
    /// `--rolling N`.
    pub(super) rolling: Option<u32>,
}

/// A unit counted: the record it was counted at (a position in the context's records), and the
/// row it falls in.
#[derive(Debug, Clone)]
pub(super) struct Attribution {
    pub(super) kept: usize,
    /// Counted inside `--period` (always, without it); one counted before is not reported, and
    /// is not counted again.
    pub(super) reported: bool,
    /// The period of the row: the indicator's, or the asked one; `None` for not placed.
    pub(super) row: Option<Period>,
    pub(super) values: Vec<Option<String>>,
    /// The unit counted, for counting each once over a window of periods.
    pub(super) unit: u32,
    /// The months its event's date may fall in; `None` for an undated event.
    pub(super) months: Option<(MonthIndex, MonthIndex)>,
}

/// What counting one indicator came to.
pub(super) struct Tallied {
    pub(super) attributions: Vec<Attribution>,
    /// What the rule made of each of the explained person's records, by position in the
    /// context's records.
    pub(super) checks: FxHashMap<usize, Check>,
    /// The unit of each record (its position in `unit_of`), for explaining an organisation.
    pub(super) units: Vec<Option<u32>>,
    pub(super) unplaced_events: Vec<String>,
}

/// Where an event falls for an indicator.
#[derive(Debug, Clone, Copy)]
pub(super) struct EventPlace {
    /// The indicator's period of the event; `None` when its dates are too loose.
    pub(super) period: Option<Period>,
    /// Whether the indicator counts the event at all: inside its periods (an unplaced event
    /// cannot be said to lie outside).
    pub(super) counted: bool,
    /// Whether what is counted at the event is reported: with `--period`, only inside that.
    /// An event before it still counts its units, so that none is counted again inside it.
    pub(super) reported: bool,
    /// The row the event's counts fall in.
    pub(super) row: Option<Period>,
    /// The event could not be placed, in the indicator's period or in the asked one.
    pub(super) unplaced: bool,
}

impl<'i> Counting<'i> {
    pub(super) fn new(
        indicator: &'i Indicator,
        asked: Option<Period>,
        to_date: bool,
        rolling: Option<u32>,
    ) -> Self {
        let parse = |text: &Option<String>| {
            text.as_deref()
                .and_then(|text| Period::parse(indicator.period, text))
        };
        Counting {
            indicator,
            first: parse(&indicator.start),
            last: parse(&indicator.end),
            asked,
            to_date,
            rolling,
        }
    }

    /// Whether `period` lies within the indicator's `start` and `end`.
    pub(super) fn covers(&self, period: Period) -> bool {
        self.first.is_none_or(|first| first <= period)
            && self.last.is_none_or(|last| period <= last)
    }

    fn place(&self, event: &Event) -> EventPlace {
        let date = event.start.or(event.end);
        let period = date.and_then(|date| Period::of_date(self.indicator.period, date));
        let in_range = period.is_none_or(|period| self.covers(period));
        match self.asked {
            None => EventPlace {
                period,
                counted: in_range,
                reported: true,
                row: period,
                unplaced: period.is_none(),
            },
            Some(asked) => {
                let holds = date.and_then(|date| asked.holds(date));
                EventPlace {
                    period,
                    counted: in_range,
                    reported: holds != Some(false),
                    row: (holds == Some(true)).then_some(asked),
                    unplaced: holds.is_none(),
                }
            }
        }
    }

    /// The window a unit is counted once in, at `place`.
    fn window(
        &self,
        place: &EventPlace,
        event: &Event,
        series_of: &mut FxHashMap<String, u32>,
    ) -> u32 {
        match self.indicator.once_per {
            OncePer::AllTime => 0,
            OncePer::Series => {
                let next = u32::try_from(series_of.len()).unwrap_or(u32::MAX);
                *series_of
                    .entry(event.series.clone().unwrap_or_default())
                    .or_insert(next)
            }
            // A period's window is its months; an unplaced event's is its own.
            OncePer::Period => place.period.map_or(u32::MAX, |period| period.months().0),
        }
    }

    /// Counts the indicator; `explained` is the person whose records' checks are kept.
    pub(super) fn count<P: ParticipantFacts>(
        &self,
        context: &Context<'_, '_, P>,
        explained: Option<u32>,
    ) -> Tallied {
        let indicator = self.indicator;
        let events = context.lookup.events;
        let places: Vec<EventPlace> = events.iter().map(|event| self.place(event)).collect();
        let bases: Vec<Option<(Basis, Why)>> = events
            .iter()
            .zip(&context.measured)
            .map(|(event, measured)| {
                let rule = match indicator.counts.completion? {
                    CompletionRequirement::EventRule => {
                        rule_of(event, context.series).map(|(rule, _)| rule)
                    }
                    CompletionRequirement::Rule(rule) => Some(rule),
                };
                Some(decide_basis(event, rule, *measured))
            })
            .collect();
        let mut organisations: FxHashMap<String, u32> = FxHashMap::default();
        let mut series_of: FxHashMap<String, u32> = FxHashMap::default();
        let records = &context.records;
        let units: Vec<Option<u32>> = (0u32..)
            .zip(records)
            .map(|(position, kept)| match indicator.unit {
                Unit::Person => Some(kept.person),
                Unit::Attendance => Some(position),
                Unit::Event => Some(kept.event),
                Unit::Organisation => {
                    let name = context.person(kept.person).organization()?;
                    let next = u32::try_from(organisations.len()).unwrap_or(u32::MAX);
                    Some(
                        *organisations
                            .entry(grouping_key(name).into_owned())
                            .or_insert(next),
                    )
                }
            })
            .collect();
        // Records unit by unit, window by window, each in date order.
        let mut order: Vec<(u32, u32, u32, usize)> = Vec::with_capacity(records.len());
        // What the rule made of each record is kept only for the person explained: a million
        // records' worth would be written and read for nothing.
        let mut checks: FxHashMap<usize, Check> = FxHashMap::default();
        let mut note = |position: usize, check: Check| {
            if explained == Some(records[position].person) {
                checks.insert(position, check);
            }
        };
        // The events a unit was counted at whose dates place them in no period, for the note.
        let mut unplaced_events: Vec<String> = Vec::new();
        for (position, kept) in records.iter().enumerate() {
            let place = &places[kept.event as usize];
            if !place.counted {
                note(position, Check::OutsidePeriods);
                continue;
            }

            let Some(unit) = units[position] else {
                note(position, Check::NoOrganization);
                continue;
            };
            let window = self.window(place, context.event(kept.event), &mut series_of);
            order.push((unit, window, context.rank[kept.event as usize], position));
        }
        order.sort_unstable();
        let first_periods = self.first_periods(context, &units, &places);
        let mut attributions = Vec::new();
        let min_hours = indicator
            .counts
            .min_hours
            .as_ref()
            .and_then(serde_json::Number::as_f64);
        let mut group_start = 0;
        while group_start < order.len() {
            let (unit, window, _, _) = order[group_start];
            let group_end = order[group_start..]
                .iter()
                .position(|&(u, w, _, _)| (u, w) != (unit, window))
                .map_or(order.len(), |length| group_start + length);
            let mut hours = 0.0;
            let mut counted = false;
            for &(_, _, _, position) in &order[group_start..group_end] {
                let kept = records[position];
                let record = context.facts(&kept);
                let check = if !indicator.counts.status.contains(&record.status()) {
                    Check::Status(record.status())
                } else {
                    let minutes = record.minutes();
                    let recorded_hours = hours_of(&kept, context.event(kept.event));
                    hours += recorded_hours.unwrap_or(0.0);
                    let basis = bases[kept.event as usize];
                    let share = context.post_shares.get(&(kept.event, kept.person)).copied();
                    if let Some((basis, _)) = basis
                        && !basis.completed_by(&record)
                    {
                        Check::Incomplete {
                            basis,
                            days: record.day_count(),
                            minutes,
                        }
                    } else if let Some(mastery) = indicator.counts.mastery
                        && share.is_none_or(|share| share < mastery)
                    {
                        share.map_or(Check::NoPostTest, |share| Check::BelowMastery {
                            share,
                            mastery,
                        })
                    } else if let Some(needed) = min_hours
                        && hours < needed
                    {
                        if recorded_hours.is_none() {
                            Check::HoursUnrecorded
                        } else {
                            Check::HoursShort {
                                so_far: hours,
                                needed,
                            }
                        }
                    } else if counted {
                        Check::AlreadyCounted
                    } else {
                        counted = true;
                        let place = &places[kept.event as usize];
                        if place.unplaced && place.reported {
                            let id = &context.event(kept.event).id;
                            if !unplaced_events.contains(id) {
                                unplaced_events.push(id.clone());
                            }
                        }
                        let event = context.event(kept.event);
                        attributions.push(Attribution {
                            kept: position,
                            reported: place.reported,
                            row: place.row,
                            unit,
                            months: event.start.or(event.end).map(months_of),
                            values: self.values(
                                context,
                                kept,
                                place,
                                first_periods.get(&unit).copied(),
                            ),
                        });
                        match basis {
                            Some((Basis::Status, why)) if why != Why::NoRule => {
                                Check::CountedByStatus(why)
                            }
                            _ => Check::Counted,
                        }
                    }
                };
                note(position, check);
            }
            group_start = group_end;
        }
        Tallied {
            attributions,
            checks,
            units,
            unplaced_events,
        }
    }

    /// For continuity: each person's or organisation's first period of attendance among the
    /// events in scope, `None` inside when some attended event cannot be placed (so nobody can
    /// say it was not earlier).
    fn first_periods<P: ParticipantFacts>(
        &self,
        context: &Context<'_, '_, P>,
        units: &[Option<u32>],
        places: &[EventPlace],
    ) -> FxHashMap<u32, Option<Period>> {
        let mut first: FxHashMap<u32, (Option<Period>, bool)> = FxHashMap::default();
        if !self.indicator.breakdowns.contains(&Breakdown::Continuity) {
            return FxHashMap::default();
        }
        for (kept, unit) in context.records.iter().zip(units) {
            let Some(unit) = *unit else { continue };
            if kept.status != AttendanceStatus::Attended {
                continue;
            }
            let period = places[kept.event as usize].period;
            let entry = first.entry(unit).or_insert((None, false));
            match period {
                None => entry.1 = true,
                Some(period) => {
                    if entry.0.is_none_or(|earliest| period < earliest) {
                        entry.0 = Some(period);
                    }
                }
            }
        }
        first
            .into_iter()
            .map(|(unit, (earliest, some_unplaced))| (unit, earliest.filter(|_| !some_unplaced)))
            .collect()
    }

    /// The breakdown values of a unit counted at `kept`.
    fn values<P: ParticipantFacts>(
        &self,
        context: &Context<'_, '_, P>,
        kept: Kept,
        place: &EventPlace,
        first_period: Option<Option<Period>>,
    ) -> Vec<Option<String>> {
        let participant = context.person(kept.person);
        let event = context.event(kept.event);
        self.indicator
            .breakdowns
            .iter()
            .map(|breakdown| match breakdown {
                Breakdown::Dimension(dimension) => dimension
                    .value_of(&context.facts(&kept), participant, event, None)
                    .map(|value| value.to_string()),
                Breakdown::AgeBand => {
                    let bands = &self.indicator.age_bands;
                    match band_of(bands, participant.birth_year(), event.year()?) {
                        AgeBandOf::Band(band) => Some(bands[band].label.clone()),
                        AgeBandOf::Outside => Some(OUTSIDE_THE_BANDS.to_string()),
                        AgeBandOf::NotRecorded => None,
                    }
                }
                Breakdown::Continuity => {
                    let counted_in = place.period?;
                    let first = first_period.flatten()?;
                    Some(
                        if first < counted_in {
                            "continuing"
                        } else {
                            "new"
                        }
                        .to_string(),
                    )
                }
            })
            .collect()
    }
}
