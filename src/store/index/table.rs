//! An index's table: key hashes and line offsets in an open-addressing table with linear
//! probing, never more than half full, and the pinned hash that keys are filed under.
//!
//! The probe is written once, over [`Slots`], so a lookup walks a table in memory and one in an
//! index file (read slot by slot) in exactly the same order.

use std::io;

use super::untrusted;
use crate::store::line::Key;

/// The smallest table; every capacity is a power of two at least this large.
pub(super) const MIN_CAPACITY: u64 = 16;

/// FNV-1a over the parts as if joined, then SplitMix64's finish so that the low bits (the home
/// slot) depend on every byte. Written out because the files outlive any one build: std's hasher
/// is seeded per process, and a crate's may change between versions.
pub(super) fn hash_parts(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    finish(hash)
}

pub(super) fn finish(mut value: u64) -> u64 {
    value ^= value >> 30;
    value = value.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value ^= value >> 27;
    value = value.wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// The hash a record's key is filed under, from its parts.
pub fn hash_of_key(key: Key<'_>) -> u64 {
    match key {
        Key::Id(id) => key_hash(id),
        Key::Pair(event, participant) => attendance_key_hash(event, participant),
        Key::Joined([first, second, third, fourth]) => nonzero(hash_parts(&[
            first.as_bytes(),
            b" ",
            second.as_bytes(),
            b" ",
            third.as_bytes(),
            b" ",
            fourth.as_bytes(),
        ])),
    }
}

/// The hash a record's [`Record::key`](crate::model::Record::key) is filed under; never 0,
/// which marks an empty slot.
pub fn key_hash(key: &str) -> u64 {
    nonzero(hash_parts(&[key.as_bytes()]))
}

/// [`key_hash`] of an attendance record's key, `EVENT PARTICIPANT`, without building it. The
/// key is unambiguous: an id cannot hold a space, and a record whose ids break that rule is
/// refused before it is indexed.
fn attendance_key_hash(event: &str, participant: &str) -> u64 {
    nonzero(hash_parts(&[
        event.as_bytes(),
        b" ",
        participant.as_bytes(),
    ]))
}

fn nonzero(hash: u64) -> u64 {
    if hash == 0 { 1 } else { hash }
}

/// One place in the table: a key's hash (0 when empty) and the offset of its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub hash: u64,
    pub offset: u64,
}

pub(super) const EMPTY: Slot = Slot { hash: 0, offset: 0 };

impl Slot {
    pub(super) fn is_empty(self) -> bool {
        self.hash == 0
    }
}

/// The smallest table that holds `entries` at most half full.
fn capacity_for(entries: u64) -> u64 {
    entries
        .saturating_mul(2)
        .max(MIN_CAPACITY)
        .next_power_of_two()
}

/// Where a probe ended: at a slot whose line has the key, or at the empty slot that ends the
/// run (where the key would go).
pub(super) enum Probe {
    Found,
    Vacant(u64),
}

/// A table of slots, in memory or in an index file.
pub(super) trait Slots {
    fn capacity(&self) -> u64;
    fn slot(&self, index: u64) -> io::Result<Slot>;
}

/// Walks the run of slots from `hash`'s home slot, calling `visit` with the offset of each slot
/// of the same hash until it says the line there has the key.
pub(super) fn probe(
    slots: &impl Slots,
    hash: u64,
    mut visit: impl FnMut(u64) -> io::Result<bool>,
) -> io::Result<Probe> {
    let capacity = slots.capacity();
    let mask = capacity - 1;
    let mut index = hash & mask;
    for _ in 0..capacity {
        let slot = slots.slot(index)?;
        if slot.is_empty() {
            return Ok(Probe::Vacant(index));
        }
        if slot.hash == hash && visit(slot.offset)? {
            return Ok(Probe::Found);
        }
        index = (index + 1) & mask;
    }
    Err(untrusted("the table has no empty slot"))
}

/// An index's table in memory: built by a full read, or grown from an index file's slots.
#[derive(Debug, Clone)]
pub struct Table {
    slots: Vec<Slot>,
    count: u64,
}

impl Slots for Table {
    fn capacity(&self) -> u64 {
        self.slots.len() as u64
    }

    fn slot(&self, index: u64) -> io::Result<Slot> {
        Ok(self.slots[index as usize])
    }
}

impl Table {
    /// An empty table of `capacity` slots (a power of two, at least 16).
    pub fn with_capacity(capacity: u64) -> Table {
        assert!(capacity.is_power_of_two() && capacity >= MIN_CAPACITY);
        Table {
            slots: vec![EMPTY; usize::try_from(capacity).expect("a table that fits in memory")],
            count: 0,
        }
    }

    /// A table of `entries`, in order, so that equal keys are met in file order.
    pub fn of(entries: &[Slot]) -> Table {
        let mut table = Table::with_capacity(capacity_for(entries.len() as u64));
        for entry in entries {
            table.insert(*entry);
        }
        table
    }

    /// The table whose slots are exactly `slots`, as an index file holds them; `None` when
    /// they are more than half full, which no table gsef wrote ever is.
    pub(super) fn from_slots(slots: Vec<Slot>) -> Option<Table> {
        let count = slots.iter().filter(|slot| !slot.is_empty()).count() as u64;
        (count * 2 <= slots.len() as u64).then_some(Table { slots, count })
    }

    /// Every slot in place, empty ones included, as an index file lays them out.
    pub(super) fn slots(&self) -> &[Slot] {
        &self.slots
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    /// Files `entry` after every slot of its run; doubles the table first if it would be more
    /// than half full.
    pub fn insert(&mut self, entry: Slot) {
        debug_assert!(!entry.is_empty());
        if (self.count + 1) * 2 > self.capacity() {
            *self = self.grown(capacity_for(self.count + 1));
        }
        match probe(self, entry.hash, |_| Ok(false)) {
            Ok(Probe::Vacant(index)) => {
                self.slots[index as usize] = entry;
                self.count += 1;
            }
            _ => unreachable!("a table at most half full has an empty slot"),
        }
    }

    /// The offsets filed under `hash`, in probe order (tests and lookups check each line).
    pub fn offsets(&self, hash: u64) -> Vec<u64> {
        let mut offsets = Vec::new();
        let _ = probe(self, hash, |offset| {
            offsets.push(offset);
            Ok(false)
        });
        offsets
    }

    /// The same entries in a table of `capacity` slots, read from the old slots alone.
    ///
    /// The walk starts just after an empty slot, so each run is read in probe order even where
    /// it wraps around the end: equal hashes keep their order, and a lookup still meets the
    /// first line of a duplicated key first, as a full read would.
    fn grown(&self, capacity: u64) -> Table {
        let mut table = Table::with_capacity(capacity);
        let old = self.slots.len();
        let start = self
            .slots
            .iter()
            .position(|slot| slot.is_empty())
            .unwrap_or(0);
        for step in 1..=old {
            let slot = self.slots[(start + step) % old];
            if !slot.is_empty() {
                table.insert(slot);
            }
        }
        table
    }

    /// Makes room for `more` entries at once, so a batch grows the table at most once.
    pub(super) fn reserve(&mut self, more: u64) {
        let needed = capacity_for(self.count + more);
        if needed > self.capacity() {
            *self = self.grown(needed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attendance, Record};

    #[test]
    fn the_hash_is_pinned_because_files_outlive_builds() {
        // Changing the hash must come with a new index FORMAT_VERSION (see `file`): old files
        // would mislead.
        // FNV-1a then SplitMix64's finish, worked out independently.
        assert_eq!(key_hash("p0001234"), 0xf513_b39e_fd2c_8802);
        assert_eq!(key_hash(""), nonzero(finish(0xcbf2_9ce4_8422_2325)));
    }

    #[test]
    fn an_attendance_key_hashes_as_its_record_key() {
        let record = Attendance {
            event: "2019-11-mexico".to_string(),
            participant: "mx-001".to_string(),
            status: crate::model::AttendanceStatus::Attended,
            role: None,
            days: Vec::new(),
            minutes: None,
            extra: Default::default(),
        };
        assert_eq!(
            attendance_key_hash("2019-11-mexico", "mx-001"),
            key_hash(&record.key())
        );
    }

    #[test]
    fn a_table_files_and_finds_every_entry_and_grows_at_half_full() {
        let mut table = Table::with_capacity(16);
        for n in 0..8 {
            table.insert(Slot {
                hash: key_hash(&format!("p{n}")),
                offset: n * 100,
            });
        }
        assert_eq!(table.capacity(), 16, "exactly half full stays");
        table.insert(Slot {
            hash: key_hash("p8"),
            offset: 800,
        });
        assert_eq!(table.capacity(), 32, "past half full doubles");
        for n in 0..9 {
            assert_eq!(table.offsets(key_hash(&format!("p{n}"))), vec![n * 100]);
        }
        assert!(table.offsets(key_hash("absent")).is_empty());
    }

    #[test]
    fn colliding_hashes_keep_their_order_through_wrapping_and_growth() {
        // Every hash has home slot 15, the last: the run wraps around to slot 0.
        let mut table = Table::with_capacity(16);
        let colliding = |n: u64| Slot {
            hash: 15 + 16 * n,
            offset: n,
        };
        for n in 0..8 {
            table.insert(colliding(n));
        }
        // The same hash filed twice (a duplicated key): both, in the order filed.
        table.insert(Slot {
            hash: 15,
            offset: 100,
        });
        assert_eq!(table.offsets(15), vec![0, 100]);
        for n in 1..8 {
            assert_eq!(table.offsets(15 + 16 * n), vec![n]);
        }
        let grown = table.grown(64);
        assert_eq!(grown.offsets(15), vec![0, 100]);
        assert_eq!(grown.count(), 9);
    }
}
