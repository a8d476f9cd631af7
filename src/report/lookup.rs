//! The records a report reads, looked up by id, with the filters decided once per record.

use rustc_hash::FxHashMap;

use super::filter::Filters;
use crate::error::{Error, Result};
use crate::model::attendance::AttendanceFacts;
use crate::model::{Event, Participant};

/// The records a report reads, looked up by id, with the filters already decided per record.
pub struct Lookup<'a> {
    /// Index (for compact sets of people), the participant, and whether the filters keep them.
    participants_by_id: FxHashMap<&'a str, (u32, &'a Participant, bool)>,
    events_by_id: FxHashMap<&'a str, (&'a Event, bool)>,
}

impl<'a> Lookup<'a> {
    pub fn new(events: &'a [Event], participants: &'a [Participant], filters: &Filters) -> Self {
        Lookup {
            participants_by_id: participants
                .iter()
                .zip(0u32..)
                .map(|(participant, index)| {
                    let kept = filters.includes_participant(participant);
                    (participant.id.as_str(), (index, participant, kept))
                })
                .collect(),
            events_by_id: events
                .iter()
                .map(|event| (event.id.as_str(), (event, filters.includes_event(event))))
                .collect(),
        }
    }

    /// The record's participant (with its index) and event when the filters keep both.
    pub fn resolve(
        &self,
        record: &impl AttendanceFacts,
    ) -> Result<Option<(u32, &'a Participant, &'a Event)>> {
        let Some(&(event, event_kept)) = self.events_by_id.get(record.event()) else {
            return Err(dangling("event", record.event()));
        };
        let Some(&(index, participant, participant_kept)) =
            self.participants_by_id.get(record.participant())
        else {
            return Err(dangling("participant", record.participant()));
        };
        Ok((event_kept && participant_kept).then_some((index, participant, event)))
    }
}

fn dangling(kind: &str, id: &str) -> Error {
    Error::Invalid(format!(
        "an attendance record names {kind} `{id}`, which does not exist; `gsef check` lists every such problem"
    ))
}
