//! [`run`]: the one way a report is made, and the only report code that touches the store.
//!
//! Everything a report reads comes through one [`Reader`], so under one lock: the collections
//! agree with one another, and the content hash that vouches for the numbers (when provenance
//! is asked for) is taken of the very state that was counted. What is read is decided once for
//! every kind of report: series and events whole, people as borrowed rows, and attendance
//! streamed on every core, straight into the counts for `report attendance`, or as compact rows
//! for the reports that need each record more than once.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use super::Report;
use super::attendance::attendance_table;
use super::crosstab::{crosstab_dimensions, crosstab_table};
use super::dimension::{Dimension, Source};
use super::events::{EventCounts, events_table};
use super::filter::Filters;
use super::grouping::{Classes, GroupPlan, Grouper};
use super::indicators::{IndicatorsAside, Recorded, indicators_report};
use super::lookup::{Lookup, Placed};
use super::outcomes::{
    CountedAs, Group, Outcomes, OutcomesAside, Respondent, Sources, Tally, event_places, outcomes,
};
use super::provenance::Provenance;
use super::query::{AttendanceQuery, OutcomesQuery, Query};
use super::returning::{note_attendance, returning_table};
use super::summary::{Summary, summary};
use super::trained::{RuleApplied, trained_report};
use crate::error::Result;
use crate::model::attendance::AttendanceFacts;
use crate::model::consent::participant_may_be_listed;
use crate::model::indicator::Indicator;
use crate::model::participant::ParticipantFacts;
use crate::model::response::ResponseRow;
use crate::model::{Attendance, AttendanceStatus, Consent, Event, Participant, Response, Series};
use crate::store::Reader;
use crate::store::lines::{join_parts, worth_threads};

/// A report as made: what it shows, and what stands beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub body: Body,
    /// `report trained`: which completion rule applied to which event.
    pub rules: Option<Vec<RuleApplied>>,
    /// Where the report came from, when it was asked for.
    pub provenance: Option<Provenance>,
    /// `report outcomes`: the knowledge gain, overall rating, response rates and comments
    /// beside its table of objectives.
    pub outcomes: Option<Box<OutcomesAside>>,
    /// `report indicators`: the results as scripts and donors' systems read them, and any
    /// person's account asked for.
    pub indicators: Option<Box<IndicatorsAside>>,
    /// For each period the report groups by (quarter, month, fiscal year), the selected events
    /// whose dates do not place them in one: a year-only event has no quarter.
    pub unplaced: Vec<(Dimension, Vec<String>)>,
}

/// What a report shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A table of typed rows: every report but the summary.
    Table(Report),
    /// The one-page summary, made of several tables and the events' facts.
    Summary(Box<Summary>),
}

impl Outcome {
    /// The report's table; `None` for a summary.
    pub fn table(&self) -> Option<&Report> {
        match &self.body {
            Body::Table(report) => Some(report),
            Body::Summary(_) => None,
        }
    }
}

/// What a report's provenance says besides the store's hash: how it was asked for, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The command line, starting with `gsef`, for a person to read and re-run.
    pub command: Vec<String>,
    /// UTC, RFC 3339.
    pub generated_at: String,
}

/// Makes the report `query` asks for from the store `reader` holds, with its provenance when
/// `stamp` is given. Refuses filters that name nothing, so a typo never reads as "no one came".
pub fn run(reader: &Reader, query: &Query, stamp: Option<Stamp>) -> Result<Outcome> {
    let series: Vec<Series> = reader.load()?;
    let events: Vec<Event> = reader.load()?;
    // People as the few fields a report reads, held compactly: a large store has millions of
    // them, and neither full records nor the file's text need be kept.
    let people_table = reader.people_table()?;
    let people = people_table.people();
    query
        .filters()
        .check(&events, &series, reader.store().vocabulary())?;
    let many_people = worth_threads(people_table.file_length());
    let mut outcomes_aside = None;
    let mut indicators_aside = None;
    let mut indicators_unplaced = Vec::new();
    let (body, rules) = match query {
        Query::Attendance(query) => {
            let report = attendance(reader, &events, &people, many_people, query)?;
            (Body::Table(report), None)
        }
        Query::Events(query) => {
            // Counted as the records are read, on every core: no record is kept.
            let lookup = Lookup::new(&events, &people, &query.filters);
            let parts = reader
                .fold_rows::<Attendance, _>(EventCounts::default, |counts, row| {
                    counts.add(row, &lookup)
                })?;
            let mut counts = EventCounts::default();
            for part in parts {
                counts.merge(part);
            }
            (Body::Table(events_table(&events, &counts, query)), None)
        }
        Query::Returning(query) => {
            // Only who attended what is kept of each record, as it is read.
            let lookup = Lookup::new(&events, &people, &query.filters);
            let parts = reader.fold_rows::<Attendance, _>(Vec::new, |attended, row| {
                note_attendance(attended, row, &lookup)
            })?;
            let report = returning_table(&events, parts.into_iter().flatten(), query);
            (Body::Table(report), None)
        }
        Query::Trained(query) => {
            let lookup = Lookup::new(&events, &people, &query.filters);
            let records = placed_records(reader, &lookup)?;
            let trained = trained_report(&events, &series, &records, &lookup, query)?;
            (Body::Table(trained.report), Some(trained.rules))
        }
        Query::Indicators(query) => {
            let indicators: Vec<Indicator> = reader.load()?;
            let lookup = Lookup::new(&events, &people, &query.filters);
            // Each record as a few numbers, read on every core: the counting goes over them
            // once per indicator, and a million records held whole would be most of the work.
            let parts = reader.fold_rows::<Attendance, _>(
                || Recorded::new(events.len()),
                |recorded, row| recorded.add(row, &lookup),
            )?;
            let recorded = Recorded::join(parts);
            let wants_mastery = indicators
                .iter()
                .any(|indicator| indicator.counts.mastery.is_some());
            let post_shares = if wants_mastery {
                post_test_shares(reader, &lookup)?
            } else {
                FxHashMap::default()
            };
            // Names are read only for --list, and only of the people who may be listed.
            let listable: Option<FxHashMap<String, String>> = if query.list {
                Some(
                    reader
                        .load::<Participant>()?
                        .into_iter()
                        .filter(participant_may_be_listed)
                        .map(|participant| (participant.id, participant.name))
                        .collect(),
                )
            } else {
                None
            };
            let made = indicators_report(
                &indicators,
                &series,
                &lookup,
                recorded,
                &post_shares,
                listable.as_ref(),
                query,
            )?;
            indicators_aside = Some(Box::new(made.aside));
            indicators_unplaced = made.unplaced;
            (Body::Table(made.report), None)
        }
        Query::Outcomes(query) => {
            let made = outcomes_report(reader, &events, &people, query)?;
            outcomes_aside = Some(Box::new(made.aside));
            (Body::Table(made.report), None)
        }
        Query::Summary(query) => {
            // The summary makes lookups of its own, with its own filters; a record's place in
            // the lists is the same in all of them.
            let lookup = Lookup::new(&events, &people, &Filters::default());
            let records = placed_records(reader, &lookup)?;
            let mut made = summary(query, &series, &events, &people, &records)?;
            let outcomes_query = OutcomesQuery {
                filters: query.scope.filters(),
                min_count: query.min_count,
                ..OutcomesQuery::default()
            };
            let outcomes = outcomes_report(reader, &events, &people, &outcomes_query)?;
            // A summary of events nobody answered a form for reads as it always has.
            if !outcomes.aside.response_rates.is_empty() {
                made.outcomes = Some(Box::new(outcomes.aside));
            }
            (Body::Summary(Box::new(made)), None)
        }
    };
    let provenance = match stamp {
        None => None,
        Some(stamp) => {
            let described = match &body {
                Body::Table(report) => report.filters.clone(),
                Body::Summary(_) => query.filters().describe(),
            };
            Some(Provenance::new(
                reader.content_hash()?,
                stamp.command,
                query.clone(),
                described,
                stamp.generated_at,
            ))
        }
    };
    let periods: Vec<Dimension> = (query.grouped_by().into_iter())
        .filter(|dimension| dimension.is_period())
        .collect();
    let selected = if periods.is_empty() {
        Vec::new()
    } else {
        query.filters().events_in_date_order(&events)
    };
    let mut unplaced: Vec<(Dimension, Vec<String>)> = (periods.into_iter())
        .map(|dimension| {
            let events = (selected.iter())
                .filter(|event| dimension.event_value(event).is_none())
                .map(|event| event.id.clone())
                .collect::<Vec<_>>();
            (dimension, events)
        })
        .filter(|(_, events)| !events.is_empty())
        .collect();
    unplaced.extend(indicators_unplaced);
    Ok(Outcome {
        body,
        rules,
        provenance,
        outcomes: outcomes_aside,
        indicators: indicators_aside,
        unplaced,
    })
}

/// `report outcomes`: the responses and the attendance each streamed on every core, the
/// responses into their tallies and the attendance into how many attended each event, among
/// the people the filters select.
fn outcomes_report(
    reader: &Reader,
    events: &[Event],
    people: &[impl ParticipantFacts + Sync],
    query: &OutcomesQuery,
) -> Result<Outcomes> {
    let lookup = Lookup::new(events, people, &query.filters);
    let parts = reader.fold_rows::<Attendance, _>(FxHashMap::default, |attended, row| {
        if row.status() == AttendanceStatus::Attended
            && let Some((_, _, event)) = lookup.resolve(row)?
        {
            *attended.entry(event.id.as_str()).or_insert(0) += 1;
        }
        Ok(())
    })?;
    let mut attended: HashMap<&str, u64> = HashMap::new();
    for part in parts {
        for (event, count) in part {
            *attended.entry(event).or_insert(0) += count;
        }
    }
    let filters_people = query.filters.sector.is_some() || query.filters.country.is_some();
    let respondent = |response: &ResponseRow| -> Result<Option<CountedAs>> {
        let (respondent, participant) = match (&response.participant, &response.code) {
            (Some(id), _) => match lookup.participant(id)? {
                (place, participant, true) => (Respondent::Person(place), Some(participant)),
                (_, _, false) => return Ok(None),
            },
            // Nobody knows a code's sector or country: a filter on people leaves it out.
            (None, _) if filters_people => return Ok(None),
            (None, code) => (
                Respondent::Code(code.as_deref().unwrap_or_default().into()),
                None,
            ),
        };
        if query.dimensions.is_empty() {
            // One group: nothing to look up, for each of a million responses.
            return Ok(Some((respondent, Group::new())));
        }
        let (_, event, _) = lookup.event(&response.event)?;
        let group = query
            .dimensions
            .iter()
            .map(|dimension| {
                let value = match dimension.source() {
                    Source::Event => dimension.event_value(event),
                    // A code's respondent has no sector, country or organization on record.
                    Source::Participant => participant.and_then(|participant| {
                        dimension.participant_value(participant, query.sector_depth)
                    }),
                    // Refused by the command: a response has no role or status of its own.
                    Source::Attendance => None,
                };
                value.map(|value| value.to_string())
            })
            .collect();
        Ok(Some((respondent, group)))
    };
    // Consent is only read when comments are asked for: a count needs nobody's.
    let withheld: HashSet<String> = if query.comments {
        reader
            .load::<Participant>()?
            .into_iter()
            .filter(|participant| participant.consent == Some(Consent::None))
            .map(|participant| participant.id)
            .collect()
    } else {
        HashSet::new()
    };
    let may_quote = |response: &ResponseRow| {
        response
            .participant
            .as_ref()
            .is_none_or(|id| !withheld.contains(id.as_ref()))
    };
    let sources = Sources {
        respondent: &respondent,
        may_quote: &may_quote,
    };
    let selected = query.filters.events_in_date_order(events);
    let places = event_places(&selected);
    let parts = reader.fold_rows::<Response, _>(
        || Tally::new(&places, query.comments),
        |tally, row| tally.add(row, &sources),
    )?;
    let mut parts = parts.into_iter();
    let mut tally = parts
        .next()
        .unwrap_or_else(|| Tally::new(&places, query.comments));
    for part in parts {
        tally.absorb(part)?;
    }
    outcomes(query, &selected, tally, &attended)
}

/// Each person's best post-test share at each event, as (event, person) positions, for the
/// indicators that count only those who mastered the content.
fn post_test_shares<P: ParticipantFacts + Sync>(
    reader: &Reader,
    lookup: &Lookup<'_, P>,
) -> Result<FxHashMap<(u32, u32), f64>> {
    let parts = reader.fold_rows::<Response, _>(Vec::new, |shares, row| {
        if row.instrument != crate::model::response::POST {
            return Ok(());
        }
        let (Some(participant), Some(share)) = (&row.participant, row.score_share()) else {
            return Ok(());
        };
        let (event, _, _) = lookup.event(&row.event)?;
        let (person, _, _) = lookup.participant(participant)?;
        shares.push(((event, person), share));
        Ok(())
    })?;
    let mut best: FxHashMap<(u32, u32), f64> = FxHashMap::default();
    for (key, share) in parts.into_iter().flatten() {
        let entry = best.entry(key).or_insert(share);
        *entry = entry.max(share);
    }
    Ok(best)
}

/// `report attendance`: the attendance file streamed on every core straight into the counts,
/// so a store of millions of records is never held in memory whole. A crosstab counts three
/// ways at once (cells, rows, columns); the plain report one way.
///
/// The id index and the groups' classes each take a pass over every person: one per core when
/// there are `many_people`, enough for a second thread to pay for itself.
fn attendance(
    reader: &Reader,
    events: &[Event],
    people: &[impl ParticipantFacts + Sync],
    many_people: bool,
    query: &AttendanceQuery,
) -> Result<Report> {
    let dimension_lists = match query.across {
        Some(across) => crosstab_dimensions(query, across.dimension),
        None => vec![query.dimensions.clone()],
    };
    let dimension_lists: Vec<&[Dimension]> = dimension_lists.iter().map(Vec::as_slice).collect();
    let work_out_classes = || Classes::new(people, events, &dimension_lists, query.sector_depth);
    let (lookup, classes) = if many_people {
        std::thread::scope(|scope| {
            let classes = scope.spawn(work_out_classes);
            let lookup = Lookup::new(events, people, &query.filters);
            (lookup, classes.join().expect("classes do not panic"))
        })
    } else {
        (
            Lookup::new(events, people, &query.filters),
            work_out_classes(),
        )
    };
    let plan = GroupPlan::with_classes(&lookup, classes, &query.status);
    let parts = reader
        .fold_rows::<Attendance, _>(|| Grouper::new(&plan), |grouper, row| grouper.add(row))?;
    let groupings = plan.finish(parts)?;
    Ok(match query.across {
        Some(across) => crosstab_table(&groupings, query, across),
        None => attendance_table(&groupings[0], query),
    })
}

/// Every attendance record with its participant and event looked up as it is read, on every
/// core, for the reports that go over the records more than once (per person, per event):
/// each is a small struct borrowing its ids, and counting it needs no lookup by id again.
fn placed_records<'a, P: ParticipantFacts + Sync>(
    reader: &Reader,
    lookup: &Lookup<'a, P>,
) -> Result<Vec<Placed<'a>>> {
    let parts = reader.fold_rows::<Attendance, _>(Vec::new, |records, row| {
        records.push(lookup.place(row));
        Ok(())
    })?;
    Ok(join_parts(parts))
}
