//! The records a report reads, looked up by id, with the filters decided once per record.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rustc_hash::FxHashMap;

use super::filter::Filters;
use crate::error::{Error, Result};
use crate::model::attendance::{AttendanceFacts, AttendanceRow, Role};
use crate::model::participant::ParticipantFacts;
use crate::model::{AttendanceStatus, Event, Participant};

/// The records a report reads, looked up by id, with the filters already decided per record.
///
/// People may be full records or the rows a report reads of them (`P`).
pub struct Lookup<'a, P = Participant> {
    pub participants: &'a [P],
    pub events: &'a [Event],
    participants_by_id: IdIndex<'a>,
    events_by_id: IdIndex<'a>,
    /// Whether the filters keep each participant and each event, by position: for records
    /// placed already. The indexes keep the same flag in each entry, so that a lookup by id
    /// reads one place in memory, not two.
    participant_kept: Vec<bool>,
    event_kept: Vec<bool>,
}

impl<'a, P: ParticipantFacts> Lookup<'a, P> {
    pub fn new(events: &'a [Event], participants: &'a [P], filters: &Filters) -> Self {
        let participant_kept: Vec<bool> = participants
            .iter()
            .map(|participant| filters.includes_participant(participant))
            .collect();
        let event_kept: Vec<bool> = events
            .iter()
            .map(|event| filters.includes_event(event))
            .collect();
        Lookup {
            participants,
            events,
            participants_by_id: IdIndex::new(
                participants
                    .iter()
                    .zip(&participant_kept)
                    .map(|(participant, &kept)| (participant.id(), kept)),
            ),
            events_by_id: IdIndex::new(
                events
                    .iter()
                    .zip(&event_kept)
                    .map(|(event, &kept)| (event.id.as_str(), kept)),
            ),
            participant_kept,
            event_kept,
        }
    }

    /// The record's participant (with its index) and event when the filters keep both.
    pub fn resolve(
        &self,
        record: &impl AttendanceFacts,
    ) -> Result<Option<(u32, &'a P, &'a Event)>> {
        if let Some((participant, event)) = record.positions() {
            let kept =
                self.participant_kept[participant as usize] && self.event_kept[event as usize];
            return Ok(kept.then(|| {
                (
                    participant,
                    &self.participants[participant as usize],
                    &self.events[event as usize],
                )
            }));
        }
        let (_, event, event_kept) = self.event(record.event())?;
        let (index, participant, participant_kept) = self.participant(record.participant())?;
        Ok((event_kept && participant_kept).then_some((index, participant, event)))
    }

    /// The event's index, the event, and whether the filters keep it.
    pub fn event(&self, id: &str) -> Result<(u32, &'a Event, bool)> {
        let (index, kept) = self
            .events_by_id
            .get(id)
            .ok_or_else(|| dangling("event", id))?;
        Ok((index, &self.events[index as usize], kept))
    }

    /// The participant's index and whether the filters keep them, `None` if there is none.
    #[inline]
    pub fn find_participant(&self, id: &IdKey) -> Option<(u32, bool)> {
        self.participants_by_id.get_key(id)
    }

    /// The error for a participant [`Lookup::find_participant`] did not find.
    pub fn missing_participant(&self, id: &IdKey) -> Error {
        dangling("participant", &id.to_string())
    }

    /// The participant's index, the participant, and whether the filters keep them.
    pub fn participant(&self, id: &str) -> Result<(u32, &'a P, bool)> {
        let (index, kept) = self
            .participants_by_id
            .get(id)
            .ok_or_else(|| dangling("participant", id))?;
        Ok((index, &self.participants[index as usize], kept))
    }
}

/// An attendance record as the reports that go over the records more than once hold it: its
/// participant and event looked up once, when it was read, and its ids borrowed from them.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    record: AttendanceRow<'a>,
    /// The participant's and event's positions; `None` for a record naming one that does not
    /// exist, which [`Lookup::resolve`] then refuses by its id.
    positions: Option<(u32, u32)>,
}

impl<'a, P: ParticipantFacts> Lookup<'a, P> {
    /// `record` with its participant and event looked up.
    pub fn place(&self, record: &AttendanceRow<'_>) -> Placed<'a> {
        let found = self
            .events_by_id
            .get(record.event())
            .zip(self.participants_by_id.get(record.participant()));
        let (event, participant, positions) = match found {
            Some(((event, _), (participant, _))) => (
                Cow::Borrowed(self.events[event as usize].id.as_str()),
                Cow::Borrowed(self.participants[participant as usize].id()),
                Some((participant, event)),
            ),
            None => (
                Cow::Owned(record.event().to_string()),
                Cow::Owned(record.participant().to_string()),
                None,
            ),
        };
        Placed {
            record: AttendanceRow {
                event,
                participant,
                ..*record
            },
            positions,
        }
    }
}

impl AttendanceFacts for Placed<'_> {
    fn event(&self) -> &str {
        self.record.event()
    }

    fn participant(&self) -> &str {
        self.record.participant()
    }

    fn status(&self) -> AttendanceStatus {
        self.record.status()
    }

    fn role(&self) -> Option<Role> {
        self.record.role()
    }

    fn day_count(&self) -> usize {
        self.record.day_count()
    }

    fn minutes(&self) -> Option<u32> {
        self.record.minutes()
    }

    fn positions(&self) -> Option<(u32, u32)> {
        self.positions
    }
}

/// Record indexes by id, with whether the filters keep each record.
///
/// A report looks an id up for every attendance record, in no useful order, so the lookup is
/// built to touch as little memory as it can: an id of up to 8 bytes (every generated id) or
/// 16 bytes (most chosen ones) is packed into the table itself, so finding it reads one place
/// in memory instead of also following a pointer to the id's text; the smaller the entries, the
/// more of the table the caches hold.
struct IdIndex<'a> {
    short: HashMap<u64, u32, BuildHasherDefault<PackedIdHasher>>,
    medium: HashMap<u128, u32, BuildHasherDefault<PackedIdHasher>>,
    long: FxHashMap<&'a str, u32>,
}

/// The top bit of an index entry: whether the filters keep the record.
const KEPT: u32 = 1 << 31;

impl<'a> IdIndex<'a> {
    fn new(ids: impl ExactSizeIterator<Item = (&'a str, bool)>) -> Self {
        let mut index = IdIndex {
            short: HashMap::with_capacity_and_hasher(ids.len(), Default::default()),
            medium: HashMap::default(),
            long: FxHashMap::default(),
        };
        for (position, (id, kept)) in (0u32..).zip(ids) {
            assert!(position < KEPT, "fewer than 2^31 records");
            let entry = position | if kept { KEPT } else { 0 };
            match IdKey::packed(id) {
                Some(IdKey::Short(packed)) => index.short.insert(packed, entry),
                Some(IdKey::Medium(packed)) => index.medium.insert(packed, entry),
                _ => index.long.insert(id, entry),
            };
        }
        index
    }

    /// The record's position and whether the filters keep it.
    #[inline]
    fn get(&self, id: &str) -> Option<(u32, bool)> {
        match IdKey::packed(id) {
            Some(key) => self.get_key(&key),
            None => self.long.get(id).copied().map(unpack_entry),
        }
    }

    #[inline]
    fn get_key(&self, id: &IdKey) -> Option<(u32, bool)> {
        let entry = match id {
            IdKey::Short(packed) => self.short.get(packed),
            IdKey::Medium(packed) => self.medium.get(packed),
            IdKey::Long(id) => self.long.get(id.as_str()),
        }?;
        Some(unpack_entry(*entry))
    }
}

fn unpack_entry(entry: u32) -> (u32, bool) {
    (entry & !KEPT, entry & KEPT != 0)
}

/// An id held without borrowing, to be looked up later: packed into a number when it is short
/// enough (which needs no allocation), as text otherwise.
///
/// Packing pads with zero bytes, so it is kept for ids without a zero byte (every valid id),
/// where the padding cannot be mistaken for part of the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdKey {
    Short(u64),
    Medium(u128),
    Long(String),
}

impl IdKey {
    #[inline]
    pub fn of(id: &str) -> IdKey {
        IdKey::packed(id).unwrap_or_else(|| IdKey::Long(id.to_string()))
    }

    /// The id packed into a number, or `None` when it is too long to pack (or holds a zero
    /// byte); never allocates, so looking up a long id borrowed from a record copies nothing.
    #[inline]
    fn packed(id: &str) -> Option<IdKey> {
        let bytes = id.as_bytes();
        if bytes.len() > 16 || bytes.contains(&0) {
            return None;
        }
        let mut packed = [0u8; 16];
        packed[..bytes.len()].copy_from_slice(bytes);
        let packed = u128::from_le_bytes(packed);
        Some(match u64::try_from(packed) {
            Ok(short) => IdKey::Short(short),
            Err(_) => IdKey::Medium(packed),
        })
    }
}

impl std::fmt::Display for IdKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unpacked = |bytes: &[u8]| {
            let length = bytes
                .iter()
                .position(|&byte| byte == 0)
                .unwrap_or(bytes.len());
            String::from_utf8_lossy(&bytes[..length]).into_owned()
        };
        match self {
            IdKey::Short(packed) => f.write_str(&unpacked(&packed.to_le_bytes())),
            IdKey::Medium(packed) => f.write_str(&unpacked(&packed.to_le_bytes())),
            IdKey::Long(id) => f.write_str(id),
        }
    }
}

/// Hashes a packed id so that every bit of the hash depends on every byte of the id.
///
/// Fx hashing is not enough here: generated ids share their first bytes (`p0000001`,
/// `p0000002`), and Fx leaves the bits the table probes with depending on those alone, so
/// every id landed in a few crowded buckets. A murmur3 finaliser mixes both halves.
#[derive(Default)]
struct PackedIdHasher(u64);

impl Hasher for PackedIdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = mix(self.0 ^ u64::from(byte));
        }
    }

    #[inline]
    fn write_u64(&mut self, packed: u64) {
        self.0 = mix(packed);
    }

    #[inline]
    fn write_u128(&mut self, packed: u128) {
        self.0 = mix(packed as u64 ^ mix((packed >> 64) as u64));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[inline]
fn mix(mut value: u64) -> u64 {
    value ^= value >> 33;
    value = value.wrapping_mul(0xff51_afd7_ed55_8ccd);
    value ^= value >> 33;
    value = value.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    value ^ (value >> 33)
}

fn dangling(kind: &str, id: &str) -> Error {
    Error::Invalid(format!(
        "an attendance record names {kind} `{id}`, which does not exist; `gsef check` lists every such problem"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_short_and_long_ids_and_tells_apart_ids_that_share_a_prefix() {
        let ids = [
            ("a", true),
            ("a\0", false),
            ("p0000001", true),
            ("eight-b.", true),
            ("exactly-15-byte", false),
            ("sixteen-byte-ids", true),
            ("seventeen-byte-id", true),
            ("a-much-longer-identifier-of-an-event", false),
        ];
        let index = IdIndex::new(ids.iter().copied());
        for (position, (id, kept)) in (0u32..).zip(ids) {
            assert_eq!(index.get(id), Some((position, kept)), "{id}");
        }
        for (id, _) in ids {
            assert_eq!(IdKey::of(id).to_string(), id);
            assert_eq!(index.get_key(&IdKey::of(id)), index.get(id));
        }
        assert_eq!(index.get("p000000"), None);
        assert_eq!(index.get("sixteen-byte-id"), None);
        assert_eq!(index.get("eight-b"), None);
        assert_eq!(index.get(""), None);
    }
}
