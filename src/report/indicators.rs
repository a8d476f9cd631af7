//! `report indicators`: each indicator's actual against its targets, per period and per
//! breakdown value, counted by the indicator's own rule.
//!
//! A unit (a person, an organisation, an attendance record, an event) is counted once per
//! window (each period, each series, or ever), at the first attendance record, in date order,
//! at which everything the indicator asks holds: a status that counts, the completion rule
//! met at that event, a post-test at or above mastery there, and hours of training summed
//! over the window's records so far at least the minimum. The record it is counted at decides
//! its period and its breakdown values, so a person trained in 2019 and again in 2020 under a
//! once-ever indicator counts in 2019 and only there, and the periods add up to the total.
//!
//! What cannot be placed is never guessed: an event whose dates are too loose for the period
//! counts on a row of its own (not recorded), and a person whose value is not recorded counts
//! under `(not recorded)` in each breakdown.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde_json::Value as Json;

use super::lookup::{Lookup, Placed};
use super::query::IndicatorsQuery;
use super::suppression::{Place, Plan};
use super::trained::{Basis, Measured as EventMeasures, Why, decide_basis, rule_of};
use super::{Column, ColumnKind, Report, Value, rounded_rate};
use crate::error::{Error, Result};
use crate::model::attendance::AttendanceFacts;
use crate::model::dimension::Dimension;
use crate::model::indicator::{Breakdown, CompletionRequirement, Indicator, OncePer, Target, Unit};
use crate::model::participant::ParticipantFacts;
use crate::model::period::Period;
use crate::model::text::grouping_key;
use crate::model::{AttendanceStatus, Event, Series};

/// What one indicator came to.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorResult {
    /// The definition, for its title, code, framework, unit, baseline and breakdowns.
    pub indicator: Indicator,
    /// One row per period reported, in time order; the events no period places last.
    pub periods: Vec<PeriodResult>,
    /// Over every period shown: each unit once when the indicator counts once per series or
    /// once ever, the periods summed when it counts once per period.
    pub total: Measured,
    /// The whole's breakdowns, value by value.
    pub total_breakdowns: Vec<BreakdownResult>,
}

/// One period of an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodResult {
    /// As the indicator's period dimension spells it (`2019`, `2019-Q4`, `FY2020`), or as
    /// `--period` was given; `None` for the events whose dates place them in no period.
    pub period: Option<String>,
    /// The period's first and last day, ISO 8601 (`2019-10-01`, `2020-09-30`).
    pub span: Option<(String, String)>,
    pub measured: Measured,
    /// One per value of each breakdown, breakdown by breakdown in the indicator's order.
    pub breakdowns: Vec<BreakdownResult>,
}

/// An actual and the target it is held against.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// A count, or [`Value::Small`] / [`Value::Withheld`] under `--min-count`.
    pub actual: Value,
    /// `None` when no target was set for the period (and breakdown value).
    pub target: Option<u64>,
}

/// The count for one value of one breakdown in one period.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownResult {
    /// The breakdown's column name: `gender`, `age_band`, `continuity`.
    pub breakdown: String,
    /// The value; `None` for units whose value is not recorded.
    pub value: Option<String>,
    pub measured: Measured,
}

/// What stands beside the table: the results as scripts and donors' systems read them, and
/// the account of one person asked for with `--explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorsAside {
    pub results: Vec<IndicatorResult>,
    /// The period asked for with `--period`, as given.
    pub period: Option<String>,
    pub explanations: Vec<Explanation>,
}

/// The report, what stands beside it, and the events a period could not place.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorsMade {
    pub report: Report,
    pub aside: IndicatorsAside,
    pub unplaced: Vec<(Dimension, Vec<String>)>,
}

/// Why one person counted for an indicator, or did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    pub indicator: String,
    pub participant: String,
    /// Where they were counted (`None` for not counted); for an organisation, the person's
    /// organisation was counted there, through whoever's record came first.
    pub counted: Option<Counted>,
    /// Each of the person's attendance records among the events in scope, in date order, with
    /// what came of it.
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Counted {
    pub event: String,
    /// `None` when the event's dates place it in no period.
    pub period: Option<String>,
}

/// One attendance record, as an indicator judged it.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub event: String,
    pub check: Check,
}

/// What an indicator made of one attendance record.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// The event lies outside the indicator's periods (or outside `--period`).
    OutsidePeriods,
    /// Its status does not count.
    Status(AttendanceStatus),
    /// The completion rule was not met.
    Incomplete {
        basis: Basis,
        days: usize,
        minutes: Option<u32>,
    },
    /// Mastery is asked for and there is no post-test score for the person at the event.
    NoPostTest,
    /// The post-test share fell below mastery.
    BelowMastery { share: f64, mastery: f64 },
    /// Hours are asked for and the record gives none (no minutes).
    HoursUnrecorded,
    /// Hours so far in the window fall short of the minimum.
    HoursShort { so_far: f64, needed: f64 },
    /// An organisation is counted, and the person has none recorded.
    NoOrganization,
    /// Counted here, in this period.
    Counted,
    /// Everything held, but the unit was counted already in this window.
    AlreadyCounted,
    /// Everything held at an event whose completion could only go by status (no days or
    /// minutes recorded to apply the rule to); the reason is the one `report trained` gives.
    CountedByStatus(Why),
}

/// The indicators `query` selects, counted over `records`.
pub fn indicators_report<'a, P: ParticipantFacts>(
    indicators: &[Indicator],
    series: &[Series],
    lookup: &Lookup<'a, P>,
    records: &[Placed<'a>],
    post_shares: &FxHashMap<(u32, u32), f64>,
    query: &IndicatorsQuery,
) -> Result<IndicatorsMade> {
    let selected = select(indicators, &query.indicators)?;
    let fiscal_first_month = fiscal_first_month(&selected, query.period.as_deref())?;
    let asked = match &query.period {
        None => None,
        Some(text) => Some(Period::parse_any(text, fiscal_first_month).ok_or_else(|| {
            Error::invalid(
                "period",
                text,
                "is no period; give a year (2019), a quarter (2019-Q4), a month (2019-11) or a fiscal year (FY2020)",
            )
        })?),
    };
    let explained = match &query.explain {
        Some(id) => Some(
            lookup
                .participant(id)
                .map_err(|_| Error::invalid("explain", id, "names no participant in the store"))?,
        ),
        None => None,
    };
    let context = Context::new(series, lookup, records, post_shares)?;
    let mut results = Vec::new();
    let mut explanations = Vec::new();
    let mut unplaced: BTreeMap<String, (Dimension, Vec<String>)> = BTreeMap::new();
    for indicator in selected {
        let counting = Counting::new(indicator, asked);
        let outcome = counting.count(&context);
        if let Some((index, participant, _)) = explained {
            explanations.push(counting.explain(&context, &outcome, index, participant.id()));
        }
        let kind = asked.map_or(indicator.period, Period::kind);
        for event in &outcome.unplaced_events {
            let entry = unplaced
                .entry(kind.argument().to_string())
                .or_insert_with(|| (kind, Vec::new()));
            if !entry.1.contains(event) {
                entry.1.push(event.clone());
            }
        }
        results.push(counting.result(&outcome, &context));
    }
    // Every period together has a row of its own unless one period was asked for.
    let with_whole = query.period.is_none();
    let mut report = table(&results, query, with_whole);
    if let Some(min_count) = query.min_count {
        suppress(&mut report, &results, with_whole, min_count);
    }
    write_back(&report, &mut results, with_whole);
    let aside = IndicatorsAside {
        results,
        period: query.period.clone(),
        explanations,
    };
    Ok(IndicatorsMade {
        report,
        aside,
        unplaced: unplaced.into_values().collect(),
    })
}

/// The indicators `ids` name, in the store's order; every one when none is named.
fn select<'i>(indicators: &'i [Indicator], ids: &[String]) -> Result<Vec<&'i Indicator>> {
    if indicators.is_empty() {
        return Err(Error::Invalid(
            "the store has no indicators; add one with `gsef indicator add docs/indicators/eea-civ-007.json`"
                .to_string(),
        ));
    }
    for id in ids {
        if !indicators.iter().any(|indicator| &indicator.id == id) {
            let known: Vec<&str> = indicators.iter().map(|i| i.id.as_str()).collect();
            return Err(Error::invalid(
                "indicator",
                id,
                format!("names no indicator; the store has {}", known.join(", ")),
            ));
        }
    }
    Ok(indicators
        .iter()
        .filter(|indicator| ids.is_empty() || ids.contains(&indicator.id))
        .collect())
}

/// The first month of the fiscal year a `--period FY2020` means: the one the selected fiscal
/// indicators share. A fiscal year is named by the year it ends in, so `FY2020` is a
/// different span for every first month, and is refused rather than guessed when they differ.
fn fiscal_first_month(selected: &[&Indicator], period: Option<&str>) -> Result<Option<u8>> {
    let mut months: Vec<u8> = selected
        .iter()
        .filter_map(|indicator| match indicator.period {
            Dimension::FiscalYear(month) => Some(month),
            _ => None,
        })
        .collect();
    months.sort_unstable();
    months.dedup();
    let wants_fiscal = period.is_some_and(|text| text.starts_with("FY"));
    match months.as_slice() {
        [] if wants_fiscal => Err(Error::invalid(
            "period",
            period.unwrap_or_default(),
            "is a fiscal year, and no indicator selected counts by fiscal years to say which month it begins in; give a year, a quarter or a month",
        )),
        [month] => Ok(Some(*month)),
        [_, _, ..] if wants_fiscal => Err(Error::invalid(
            "period",
            period.unwrap_or_default(),
            "is a fiscal year, and the indicators selected begin their fiscal years in different months; select one with --indicator",
        )),
        _ => Ok(None),
    }
}

/// What every indicator reads, worked out once.
struct Context<'c, 'a, P> {
    series: &'c [Series],
    lookup: &'c Lookup<'a, P>,
    /// The records the filters keep, each with its person's and event's positions, in the
    /// events' date order.
    records: Vec<Kept<'c, 'a>>,
    post_shares: &'c FxHashMap<(u32, u32), f64>,
    /// What each event's records measure, by event position.
    measured: Vec<EventMeasures>,
}

#[derive(Clone, Copy)]
struct Kept<'c, 'a> {
    record: &'c Placed<'a>,
    person: u32,
    event: u32,
}

impl<'c, 'a, P: ParticipantFacts> Context<'c, 'a, P> {
    fn new(
        series: &'c [Series],
        lookup: &'c Lookup<'a, P>,
        records: &'c [Placed<'a>],
        post_shares: &'c FxHashMap<(u32, u32), f64>,
    ) -> Result<Self> {
        let events = lookup.events;
        let by_id: FxHashMap<&str, u32> = (0u32..)
            .zip(events)
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let mut rank = vec![u32::MAX; events.len()];
        let mut in_order: Vec<u32> = (0..u32::try_from(events.len()).unwrap_or(u32::MAX)).collect();
        in_order.sort_by_key(|&index| {
            let event = &events[index as usize];
            let first_day = event.start.or(event.end).map(|date| date.first_day());
            (first_day.is_none(), first_day, event.id.as_str())
        });
        for (position, &index) in (0u32..).zip(&in_order) {
            rank[index as usize] = position;
        }
        let mut kept = Vec::new();
        for record in records {
            let Some((person, _, event)) = lookup.resolve(record)? else {
                continue;
            };
            let event = record
                .positions()
                .map_or_else(|| by_id[event.id.as_str()], |(_, event)| event);
            kept.push(Kept {
                record,
                person,
                event,
            });
        }
        kept.sort_by_key(|kept| rank[kept.event as usize]);
        let measured_by_id = EventMeasures::of_events(records);
        let measured = events
            .iter()
            .map(|event| {
                measured_by_id
                    .get(event.id.as_str())
                    .copied()
                    .unwrap_or_default()
            })
            .collect();
        Ok(Context {
            series,
            lookup,
            records: kept,
            post_shares,
            measured,
        })
    }

    fn event(&self, index: u32) -> &'a Event {
        &self.lookup.events[index as usize]
    }

    fn person(&self, index: u32) -> &'a P {
        &self.lookup.participants[index as usize]
    }
}

/// One indicator, as it counts.
struct Counting<'i> {
    indicator: &'i Indicator,
    first: Option<Period>,
    last: Option<Period>,
    /// `--period`.
    asked: Option<Period>,
}

/// A unit counted: the record it was counted at (a position in the context's records), and the
/// row it falls in.
#[derive(Debug, Clone)]
struct Attribution {
    kept: usize,
    /// Counted inside `--period` (always, without it); one counted before is not reported, and
    /// is not counted again.
    reported: bool,
    /// The period of the row: the indicator's, or the asked one; `None` for not placed.
    row: Option<Period>,
    values: Vec<Option<String>>,
}

/// What counting one indicator came to.
struct Tallied {
    attributions: Vec<Attribution>,
    /// Each record's check, by position in the context's records; `None` for a record the
    /// indicator never looked at (another unit's, when explaining).
    checks: Vec<Option<Check>>,
    /// The unit of each record (its position in `unit_of`), for explaining an organisation.
    units: Vec<Option<u32>>,
    unplaced_events: Vec<String>,
}

/// Where an event falls for an indicator.
#[derive(Debug, Clone, Copy)]
struct EventPlace {
    /// The indicator's period of the event; `None` when its dates are too loose.
    period: Option<Period>,
    /// Whether the indicator counts the event at all: inside its periods (an unplaced event
    /// cannot be said to lie outside).
    counted: bool,
    /// Whether what is counted at the event is reported: with `--period`, only inside that.
    /// An event before it still counts its units, so that none is counted again inside it.
    reported: bool,
    /// The row the event's counts fall in.
    row: Option<Period>,
    /// The event could not be placed, in the indicator's period or in the asked one.
    unplaced: bool,
}

impl<'i> Counting<'i> {
    fn new(indicator: &'i Indicator, asked: Option<Period>) -> Self {
        let parse = |text: &Option<String>| {
            text.as_deref()
                .and_then(|text| Period::parse(indicator.period, text))
        };
        Counting {
            indicator,
            first: parse(&indicator.start),
            last: parse(&indicator.end),
            asked,
        }
    }

    fn place(&self, event: &Event) -> EventPlace {
        let date = event.start.or(event.end);
        let period = date.and_then(|date| Period::of_date(self.indicator.period, date));
        let in_range = period.is_none_or(|period| {
            self.first.is_none_or(|first| first <= period)
                && self.last.is_none_or(|last| period <= last)
        });
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

    fn count<P: ParticipantFacts>(&self, context: &Context<'_, '_, P>) -> Tallied {
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
        // Records unit by unit, window by window, each in date order (the records are).
        let mut order: Vec<(u32, u32, usize)> = Vec::new();
        let mut checks: Vec<Option<Check>> = vec![None; records.len()];
        // The events a unit was counted at whose dates place them in no period, for the note.
        let mut unplaced_events: Vec<String> = Vec::new();
        for (position, kept) in records.iter().enumerate() {
            let place = &places[kept.event as usize];
            if !place.counted {
                checks[position] = Some(Check::OutsidePeriods);
                continue;
            }

            let Some(unit) = units[position] else {
                checks[position] = Some(Check::NoOrganization);
                continue;
            };
            let window = self.window(place, context.event(kept.event), &mut series_of);
            order.push((unit, window, position));
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
            let (unit, window, _) = order[group_start];
            let group_end = order[group_start..]
                .iter()
                .position(|&(u, w, _)| (u, w) != (unit, window))
                .map_or(order.len(), |length| group_start + length);
            let mut hours = 0.0;
            let mut counted = false;
            for &(_, _, position) in &order[group_start..group_end] {
                let kept = records[position];
                let record = kept.record;
                let check = if !indicator.counts.status.contains(&record.status()) {
                    Check::Status(record.status())
                } else {
                    let minutes = record.minutes();
                    let recorded_hours = minutes.map(|minutes| f64::from(minutes) / 60.0);
                    hours += recorded_hours.unwrap_or(0.0);
                    let basis = bases[kept.event as usize];
                    let share = context.post_shares.get(&(kept.event, kept.person)).copied();
                    if let Some((basis, _)) = basis
                        && !basis.completed_by(record)
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
                        attributions.push(Attribution {
                            kept: position,
                            reported: place.reported,
                            row: place.row,
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
                checks[position] = Some(check);
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
            if kept.record.status() != AttendanceStatus::Attended {
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
        kept: Kept<'_, '_>,
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
                    .value_of(kept.record, participant, event, None)
                    .map(|value| value.to_string()),
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

    fn explain<P: ParticipantFacts>(
        &self,
        context: &Context<'_, '_, P>,
        tallied: &Tallied,
        person: u32,
        participant: &str,
    ) -> Explanation {
        // An organisation is explained through the person's own records.
        let mut steps = Vec::new();
        let mut counted = None;
        for (position, kept) in context.records.iter().enumerate() {
            if kept.person != person {
                continue;
            }
            let Some(check) = tallied.checks[position].clone() else {
                continue;
            };
            let event = &context.event(kept.event).id;
            if matches!(check, Check::Counted | Check::CountedByStatus(_)) {
                let row = tallied
                    .attributions
                    .iter()
                    .find(|attribution| attribution.kept == position)
                    .and_then(|attribution| attribution.row);
                counted = Some(Counted {
                    event: event.clone(),
                    period: row.map(|period| period.to_string()),
                });
            }
            steps.push(Step {
                event: event.clone(),
                check,
            });
        }
        if counted.is_none() && self.indicator.unit == Unit::Organisation {
            // Counted through a colleague's record: say where the organisation was counted.
            let unit = context
                .records
                .iter()
                .position(|kept| kept.person == person)
                .and_then(|position| tallied.units[position]);
            if let Some(unit) = unit
                && let Some(attribution) = tallied
                    .attributions
                    .iter()
                    .find(|attribution| tallied.units[attribution.kept] == Some(unit))
            {
                let kept = context.records[attribution.kept];
                counted = Some(Counted {
                    event: context.event(kept.event).id.clone(),
                    period: attribution.row.map(|period| period.to_string()),
                });
            }
        }
        Explanation {
            indicator: self.indicator.id.clone(),
            participant: participant.to_string(),
            counted,
            steps,
        }
    }

    /// The rows of the result: each period shown, then the whole.
    fn result<P: ParticipantFacts>(
        &self,
        tallied: &Tallied,
        _context: &Context<'_, '_, P>,
    ) -> IndicatorResult {
        let indicator = self.indicator;
        let breakdowns = &indicator.breakdowns;
        let mut by_row: BTreeMap<RowKey, Vec<&Attribution>> = BTreeMap::new();
        let reported: Vec<&Attribution> = tallied
            .attributions
            .iter()
            .filter(|attribution| attribution.reported)
            .collect();
        for attribution in reported.iter().copied() {
            by_row
                .entry(RowKey(attribution.row))
                .or_default()
                .push(attribution);
        }
        let rows: Vec<Option<Period>> = match self.asked {
            Some(asked) => {
                let mut rows = vec![Some(asked)];
                if by_row.contains_key(&RowKey(None)) {
                    rows.push(None);
                }
                rows
            }
            None => {
                let mut placed: Vec<Period> = by_row.keys().filter_map(|key| key.0).collect();
                placed.extend(
                    indicator
                        .targets
                        .iter()
                        .filter_map(|target| Period::parse(indicator.period, &target.period)),
                );
                let first = self.first.or_else(|| placed.iter().min().copied());
                let last = self.last.or_else(|| placed.iter().max().copied());
                let mut rows: Vec<Option<Period>> = Vec::new();
                if let (Some(first), Some(last)) = (first, last) {
                    let mut period = first;
                    // A month indicator over a century is 1,200 rows; nothing sensible is longer.
                    while period <= last && rows.len() < 1_200 {
                        rows.push(Some(period));
                        period = period.next();
                    }
                }
                if by_row.contains_key(&RowKey(None)) {
                    rows.push(None);
                }
                rows
            }
        };
        let measure = |attributions: &[&Attribution],
                       period: Option<Period>|
         -> (Measured, Vec<BreakdownResult>) {
            let whole = Measured {
                actual: Value::Count(attributions.len() as u64),
                target: period.and_then(|period| self.target(period, None)),
            };
            let mut split = Vec::new();
            for (position, breakdown) in breakdowns.iter().enumerate() {
                let column = breakdown.column_name();
                let mut counts: BTreeMap<ValueKey, u64> = BTreeMap::new();
                for attribution in attributions {
                    *counts
                        .entry(ValueKey(attribution.values[position].clone()))
                        .or_insert(0) += 1;
                }
                // A value with a target shows, met or not.
                if let Some(period) = period {
                    for target in self.targets_within(period) {
                        if let Some(value) = target.breakdown.get(&column)
                            && target.breakdown.len() == 1
                        {
                            counts.entry(ValueKey(Some(value.clone()))).or_insert(0);
                        }
                    }
                }
                for (value, count) in counts {
                    let target = period.and_then(|period| {
                        value
                            .0
                            .as_deref()
                            .and_then(|value| self.target(period, Some((&column, value))))
                    });
                    split.push(BreakdownResult {
                        breakdown: column.clone(),
                        value: value.0,
                        measured: Measured {
                            actual: Value::Count(count),
                            target,
                        },
                    });
                }
            }
            (whole, split)
        };
        let periods: Vec<PeriodResult> = rows
            .iter()
            .map(|&period| {
                let attributions = by_row
                    .get(&RowKey(period))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let (measured, breakdowns) = measure(attributions, period);
                PeriodResult {
                    period: period.map(|period| period.to_string()),
                    span: period.map(Period::span),
                    measured,
                    breakdowns,
                }
            })
            .collect();
        let (mut total, total_breakdowns) = measure(&reported, None);
        // The whole's target is the periods' together, when every period shown has one.
        let placed: Vec<&PeriodResult> =
            periods.iter().filter(|row| row.period.is_some()).collect();
        let summed = |targets: Vec<Option<u64>>| -> Option<u64> {
            if targets.is_empty() {
                return None;
            }
            targets.into_iter().sum()
        };
        total.target = summed(placed.iter().map(|row| row.measured.target).collect());
        let total_breakdowns = total_breakdowns
            .into_iter()
            .map(|mut split| {
                split.measured.target = summed(
                    placed
                        .iter()
                        .map(|row| {
                            row.breakdowns
                                .iter()
                                .find(|other| {
                                    other.breakdown == split.breakdown && other.value == split.value
                                })
                                .and_then(|other| other.measured.target)
                        })
                        .collect(),
                );
                split
            })
            .collect();
        IndicatorResult {
            indicator: indicator.clone(),
            periods,
            total,
            total_breakdowns,
        }
    }

    /// The indicator's target for `period` (and one breakdown value): its own when the period
    /// is one of the indicator's, else the sum of its targets for the periods that lie within,
    /// when each of them has one.
    fn target(&self, period: Period, breakdown: Option<(&str, &str)>) -> Option<u64> {
        let matches = |target: &Target| match breakdown {
            None => target.breakdown.is_empty(),
            Some((column, value)) => {
                target.breakdown.len() == 1
                    && target.breakdown.get(column).map(String::as_str) == Some(value)
            }
        };
        let own = |text: &str| {
            self.indicator
                .targets
                .iter()
                .find(|target| target.period == text && matches(target))
                .and_then(|target| target.value.as_u64())
        };
        if period.kind() == self.indicator.period {
            return own(&period.to_string());
        }
        let within = self.periods_within(period);
        if within.is_empty() {
            return None;
        }
        within.iter().map(|inner| own(&inner.to_string())).sum()
    }

    /// The indicator's own periods that lie wholly within `outer`, inside its range.
    fn periods_within(&self, outer: Period) -> Vec<Period> {
        let (first_month, _) = outer.months();
        let year = u16::try_from(first_month / 12).unwrap_or(u16::MAX);
        let month = u8::try_from(first_month % 12 + 1).unwrap_or(1);
        let Some(mut period) = Period::of_date(
            self.indicator.period,
            crate::model::PartialDate {
                year,
                month: Some(month),
                day: None,
            },
        ) else {
            return Vec::new();
        };
        let mut within = Vec::new();
        while period.months().0 <= outer.months().1 && within.len() < 1_200 {
            let in_range = self.first.is_none_or(|first| first <= period)
                && self.last.is_none_or(|last| period <= last);
            if period.within(outer) && in_range {
                within.push(period);
            }
            period = period.next();
        }
        within
    }

    /// The targets that bear on `period`: its own, or those of the periods within it.
    fn targets_within(&self, period: Period) -> Vec<&Target> {
        let names: Vec<String> = if period.kind() == self.indicator.period {
            vec![period.to_string()]
        } else {
            self.periods_within(period)
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        self.indicator
            .targets
            .iter()
            .filter(|target| names.contains(&target.period))
            .collect()
    }
}

/// A row's period, the unplaced row last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RowKey(Option<Period>);

impl Ord for RowKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0.is_none(), self.0).cmp(&(other.0.is_none(), other.0))
    }
}

impl PartialOrd for RowKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A breakdown value, not recorded last.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ValueKey(Option<String>);

impl Ord for ValueKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.0.is_none(), &self.0).cmp(&(other.0.is_none(), &other.0))
    }
}

impl PartialOrd for ValueKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The period cell of the row of every period together, and the breakdown and value cells of
/// a row of the whole count.
pub const WHOLE: &str = "all";

const ACTUAL: usize = 4;
const TARGET: usize = 5;
const SHARE: usize = 6;

/// The flat table: one row per indicator, period and breakdown value, the whole count first.
fn table(results: &[IndicatorResult], query: &IndicatorsQuery, with_whole: bool) -> Report {
    let columns = vec![
        Column::new("indicator", "Indicator", ColumnKind::Dimension),
        Column::new("period", "Period", ColumnKind::Dimension),
        Column::new("breakdown", "Breakdown", ColumnKind::Dimension),
        Column::new("value", "Value", ColumnKind::Dimension),
        Column::new("actual", "Actual", ColumnKind::Measure),
        Column::new("target", "Target", ColumnKind::Measure).missing_as("indicator-no-target-cell"),
        Column::new("share", "Share", ColumnKind::Measure).missing_as("indicator-no-target-cell"),
    ];
    let mut rows = Vec::new();
    for result in results {
        let id = Value::Text(result.indicator.id.clone());
        let mut push = |period: Value, measured: &Measured, breakdown: Option<&BreakdownResult>| {
            let (breakdown, value) = match breakdown {
                None => (Value::Text(WHOLE.into()), Value::Text(WHOLE.into())),
                Some(split) => (
                    Value::Text(split.breakdown.clone()),
                    Value::text(split.value.as_deref()),
                ),
            };
            rows.push(vec![
                id.clone(),
                period,
                breakdown,
                value,
                measured.actual.clone(),
                measured.target.map_or(Value::Missing, Value::Count),
                share(measured),
            ]);
        };
        for row in &result.periods {
            let period = Value::text(row.period.as_deref());
            push(period.clone(), &row.measured, None);
            for split in &row.breakdowns {
                push(period.clone(), &split.measured, Some(split));
            }
        }
        if with_whole {
            let period = Value::Text(WHOLE.into());
            push(period.clone(), &result.total, None);
            for split in &result.total_breakdowns {
                push(period.clone(), &split.measured, Some(split));
            }
        }
    }
    let mut filters = query.filters.describe();
    if !query.indicators.is_empty() {
        filters.insert("indicators".into(), Json::from(query.indicators.clone()));
    }
    if let Some(period) = &query.period {
        filters.insert("period".into(), Json::from(period.as_str()));
    }
    Report {
        name: "indicators",
        dimensions: vec![
            "indicator".into(),
            "period".into(),
            "breakdown".into(),
            "value".into(),
        ],
        filters,
        columns,
        rows,
        totals: None,
        min_count: None,
    }
}

/// The actual as a share of the target; hidden with the actual, since the target is shown.
pub fn share(measured: &Measured) -> Value {
    match (&measured.actual, measured.target) {
        (Value::Count(actual), Some(target)) => rounded_rate(*actual, target),
        (actual, Some(_)) if actual.is_suppressed() => Value::Withheld,
        _ => Value::Missing,
    }
}

/// `--min-count`: each period's whole is the sum of each breakdown's values, and the whole of
/// all periods the sum of the periods, so the hidden counts are protected along those lines.
fn suppress(report: &mut Report, results: &[IndicatorResult], with_whole: bool, min_count: u64) {
    let mut plan = Plan::default();
    let mut row = 0;
    for result in results {
        let mut period_wholes = Vec::new();
        // (breakdown, value) → each period's cell, for the lines through the all-periods row.
        let mut period_values: BTreeMap<(String, ValueKey), Vec<Option<usize>>> = BTreeMap::new();
        let lines_of = |plan: &mut Plan, row: &mut usize, breakdowns: &[BreakdownResult]| {
            let whole = plan.cell(report, Place::Row(*row, ACTUAL));
            *row += 1;
            let mut members: BTreeMap<&str, Vec<Option<usize>>> = BTreeMap::new();
            let mut cells = Vec::new();
            for split in breakdowns {
                let cell = plan.cell(report, Place::Row(*row, ACTUAL));
                members
                    .entry(split.breakdown.as_str())
                    .or_default()
                    .push(cell);
                cells.push(cell);
                *row += 1;
            }
            for (_, members) in members {
                plan.line(whole, members);
            }
            (whole, cells)
        };
        for period in &result.periods {
            let (whole, cells) = lines_of(&mut plan, &mut row, &period.breakdowns);
            period_wholes.push(whole);
            for (split, cell) in period.breakdowns.iter().zip(cells) {
                period_values
                    .entry((split.breakdown.clone(), ValueKey(split.value.clone())))
                    .or_default()
                    .push(cell);
            }
        }
        if with_whole {
            let (whole, cells) = lines_of(&mut plan, &mut row, &result.total_breakdowns);
            plan.line(whole, period_wholes);
            for (split, cell) in result.total_breakdowns.iter().zip(cells) {
                let members = period_values
                    .remove(&(split.breakdown.clone(), ValueKey(split.value.clone())))
                    .unwrap_or_default();
                plan.line(cell, members);
            }
        }
    }
    plan.apply(report, min_count);
    for row in &mut report.rows {
        if row[ACTUAL].is_suppressed() && row[TARGET] != Value::Missing {
            row[SHARE] = Value::Withheld;
        }
    }
}

/// Copies the table's actuals and shares, suppressed or not, back into the results, which
/// were laid out in the same order.
fn write_back(report: &Report, results: &mut [IndicatorResult], with_total: bool) {
    let mut rows = report.rows.iter();
    for result in results {
        let mut next = |measured: &mut Measured| {
            if let Some(row) = rows.next() {
                measured.actual = row[ACTUAL].clone();
            }
        };
        for period in &mut result.periods {
            next(&mut period.measured);
            for split in &mut period.breakdowns {
                next(&mut split.measured);
            }
        }
        if with_total {
            next(&mut result.total);
            for split in &mut result.total_breakdowns {
                next(&mut split.measured);
            }
        }
    }
}
