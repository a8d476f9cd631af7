//! Where each dimension's value comes from: the participant, the event or the attendance record.
//! The dimensions themselves, and how they are spelled, are the model's (`model::dimension`).

use std::borrow::Cow;
use std::fmt;

use super::{Column, ColumnKind};
use crate::model::attendance::AttendanceFacts;
use crate::model::participant::ParticipantFacts;
use crate::model::period::Period;
use crate::model::sector::truncate;
use crate::model::text::grouping_key;
use crate::model::{Event, country};

pub use crate::model::dimension::{Dimension, Source, parse_dimension_list};

impl Dimension {
    /// The value for one attendance record; borrowed from the records, so grouping copies no text.
    ///
    /// `sector_depth` rolls sectors up (`government/municipal` at depth 1 is `government`).
    pub fn value_of<'a>(
        self,
        record: &impl AttendanceFacts,
        participant: &'a impl ParticipantFacts,
        event: &'a Event,
        sector_depth: Option<usize>,
    ) -> Option<DimensionValue<'a>> {
        match self.source() {
            Source::Participant => self.participant_value(participant, sector_depth),
            Source::Event => self.event_value(event),
            Source::Attendance => self.attendance_value(record),
        }
    }

    /// The value of a [`Source::Participant`] dimension (`None` for the others).
    pub fn participant_value(
        self,
        participant: &impl ParticipantFacts,
        sector_depth: Option<usize>,
    ) -> Option<DimensionValue<'_>> {
        let text = |value| DimensionValue::Text(Cow::Borrowed(value));
        // Free text written by hand may differ from the same value only in its form.
        let free_text = |value| DimensionValue::Text(grouping_key(value));
        let participant_country = || participant.country().and_then(country::lookup);
        match self {
            Dimension::Sector => Some(text(match sector_depth {
                Some(depth) => truncate(participant.sector()?, depth),
                None => participant.sector()?,
            })),
            Dimension::Region => participant.region().map(free_text),
            Dimension::Country => participant.country().map(text),
            Dimension::WorldRegion => participant_country()
                .map(|country| country.world_region)
                .filter(|region| !region.is_empty())
                .map(text),
            Dimension::Subregion => participant_country()
                .map(|country| country.subregion)
                .filter(|region| !region.is_empty())
                .map(text),
            Dimension::Organization => participant.organization().map(free_text),
            Dimension::Gender => participant.gender().map(free_text),
            _ => None,
        }
    }

    /// The value of a [`Source::Event`] dimension (`None` for the others).
    pub fn event_value(self, event: &Event) -> Option<DimensionValue<'_>> {
        let text = |value| DimensionValue::Text(Cow::Borrowed(value));
        match self {
            Dimension::Event => Some(text(&event.id)),
            Dimension::Series => event.series.as_deref().map(text),
            Dimension::EventCountry => event.country.as_deref().map(text),
            Dimension::Year => event.year().map(DimensionValue::Year),
            // An event dated by its year alone has no quarter or month: not recorded, never
            // guessed.
            Dimension::Quarter | Dimension::Month | Dimension::FiscalYear(_) => {
                Period::of_date(self, event.start.or(event.end)?)
                    .map(|period| owned(period.to_string()))
            }
            _ => None,
        }
    }

    /// The value of a [`Source::Attendance`] dimension (`None` for the others).
    pub fn attendance_value(
        self,
        record: &impl AttendanceFacts,
    ) -> Option<DimensionValue<'static>> {
        let text = |value| DimensionValue::Text(Cow::Borrowed(value));
        match self {
            Dimension::Role => record.role().map(|role| text(role.as_str())),
            Dimension::Status => Some(text(record.status().as_str())),
            _ => None,
        }
    }
}

fn owned(text: String) -> DimensionValue<'static> {
    DimensionValue::Text(Cow::Owned(text))
}

/// The leading columns of a report grouped by `dimensions`, one per dimension, in order.
pub fn dimension_columns(dimensions: &[Dimension]) -> Vec<Column> {
    dimensions
        .iter()
        .map(|dimension| {
            Column::new(
                dimension.column_name(),
                dimension.title(),
                ColumnKind::Dimension,
            )
        })
        .collect()
}

/// A dimension's value as grouping holds it: text, borrowed from the records unless it had
/// to change to group with its equals (see [`grouping_key`]), or a year kept as a number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DimensionValue<'a> {
    Text(Cow<'a, str>),
    Year(u16),
}

impl fmt::Display for DimensionValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DimensionValue::Text(text) => f.write_str(text),
            DimensionValue::Year(year) => write!(f, "{year}"),
        }
    }
}
