//! Key indexes: one on-disk hash table per collection, so that a writer checks or finds one
//! record by its key without reading the whole collection.
//!
//! An index is a cache. It lives in `<store>/.gsef-index/` (which ignores itself in git), holds
//! nothing that is not in the JSON Lines file, and can always be deleted. It is trusted only
//! while the fingerprint in its header (length, mtime, ctime, inode, device) equals the
//! collection's current one; otherwise it is rebuilt by a full strict read, exactly the read a
//! writer made before indexes existed, so a hand-edited collection is refused just the same.
//! Every hit is checked against the line it points at, so neither a hash collision nor a
//! damaged slot can make a lookup wrong: at worst it makes the index untrusted and rebuilt.
//!
//! Only writers, under the exclusive lock, use or change an index; readers never look at one.
//!
//! The file, little endian: a 96-byte header (magic `GSEFIDX1`, format version, the
//! collection's fingerprint, a hash of the rules the records were checked against, entry count,
//! slot capacity, a checksum of the header), then `capacity` slots of 16 bytes: the key's hash
//! and the byte offset of the record's line, in an open-addressing table with linear probing,
//! never more than half full.

use std::collections::HashMap;
use std::fs::{self, DirBuilder, File, Metadata, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, FileExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::chunked;
use super::file_ops::{self, faults};
use super::jsonl::{self, LineFailure};
use super::{COLLECTION_FILES, Store};
use crate::error::{Error, Result};
use crate::model::attendance::AttendanceFacts;
use crate::model::{Attendance, Participant, Record, SectorVocabulary};

/// The folder inside the store that holds the indexes.
pub const INDEX_FOLDER: &str = ".gsef-index";

/// Written into the index folder, so no index ever shows in `git status` (the pattern covers
/// the `.gitignore` itself too).
const GITIGNORE: &str =
    "# Written by gsef: key indexes are caches, rebuilt from the records whenever needed.\n*\n";

const MAGIC: [u8; 8] = *b"GSEFIDX1";
/// Raised whenever the layout, the hash or the meaning of a field changes.
const FORMAT_VERSION: u32 = 1;
const HEADER_BYTES: u64 = 96;
const SLOT_BYTES: u64 = 16;
const MIN_CAPACITY: u64 = 16;
/// Far beyond any store; a header claiming more is damaged, not large.
const MAX_CAPACITY: u64 = 1 << 40;

/// A slot's second word: the offset in the low 48 bits (256 TiB of records), and in the high 16
/// bits a check of the slot, so that garbage or zeroes in the table are seen as damage instead
/// of being taken for an empty slot (which would hide a key and let a duplicate in).
const OFFSET_BITS: u32 = 48;
const OFFSET_MASK: u64 = (1 << OFFSET_BITS) - 1;
/// An empty slot: hash 0 and this word; all zeroes (a hole, a zeroed page) is damage.
const EMPTY_WORD: u64 = u64::MAX;

/// What identifies one version of a collection file: any write to it changes one of these.
///
/// The ctime cannot be set from user space, so even a tool that restores the mtime after an
/// edit is seen; the inode changes when a file is replaced (an atomic rewrite, an editor's
/// save, a restore from backup).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    length: u64,
    modified: (i64, u32),
    changed: (i64, u32),
    inode: u64,
    device: u64,
}

impl Fingerprint {
    pub fn of(metadata: &Metadata) -> Fingerprint {
        Fingerprint {
            length: metadata.len(),
            modified: (metadata.mtime(), nanos(metadata.mtime_nsec())),
            changed: (metadata.ctime(), nanos(metadata.ctime_nsec())),
            inode: metadata.ino(),
            device: metadata.dev(),
        }
    }
}

fn nanos(value: i64) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// The header of an index file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Header {
    fingerprint: Fingerprint,
    /// [`rules_hash`] of the gsef and vocabulary that checked the records.
    rules: u64,
    count: u64,
    capacity: u64,
}

impl Header {
    fn encode(&self) -> [u8; HEADER_BYTES as usize] {
        let mut bytes = [0u8; HEADER_BYTES as usize];
        let fingerprint = &self.fingerprint;
        let fields: [&[u8]; 12] = [
            &MAGIC,
            &FORMAT_VERSION.to_le_bytes(),
            &fingerprint.length.to_le_bytes(),
            &fingerprint.modified.0.to_le_bytes(),
            &fingerprint.modified.1.to_le_bytes(),
            &fingerprint.changed.0.to_le_bytes(),
            &fingerprint.changed.1.to_le_bytes(),
            &fingerprint.inode.to_le_bytes(),
            &fingerprint.device.to_le_bytes(),
            &self.rules.to_le_bytes(),
            &self.count.to_le_bytes(),
            &self.capacity.to_le_bytes(),
        ];
        let mut at = 0;
        for field in fields {
            bytes[at..at + field.len()].copy_from_slice(field);
            at += field.len();
        }
        let checksum = hash_parts(&[&bytes[..HEADER_CHECKSUM_AT]]);
        bytes[HEADER_CHECKSUM_AT..].copy_from_slice(&checksum.to_le_bytes());
        bytes
    }

    /// The header, or `None` for anything but a whole, undamaged header of this version.
    fn decode(bytes: &[u8; HEADER_BYTES as usize]) -> Option<Header> {
        if bytes[..8] != MAGIC
            || u32_at(bytes, 8) != FORMAT_VERSION
            || u64_at(bytes, HEADER_CHECKSUM_AT) != hash_parts(&[&bytes[..HEADER_CHECKSUM_AT]])
        {
            return None;
        }
        let header = Header {
            fingerprint: Fingerprint {
                length: u64_at(bytes, 12),
                modified: (i64_at(bytes, 20), u32_at(bytes, 28)),
                changed: (i64_at(bytes, 32), u32_at(bytes, 40)),
                inode: u64_at(bytes, 44),
                device: u64_at(bytes, 52),
            },
            rules: u64_at(bytes, 60),
            count: u64_at(bytes, 68),
            capacity: u64_at(bytes, 76),
        };
        let sound = header.capacity.is_power_of_two()
            && (MIN_CAPACITY..=MAX_CAPACITY).contains(&header.capacity)
            && header.count * 2 <= header.capacity;
        sound.then_some(header)
    }
}

/// The fields end at byte 84; bytes 84–87 are zero, and the last eight hold the checksum.
const HEADER_CHECKSUM_AT: usize = 88;

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
}

fn i64_at(bytes: &[u8], at: usize) -> i64 {
    i64::from_le_bytes(bytes[at..at + 8].try_into().expect("eight bytes"))
}

/// FNV-1a over the parts as if joined, then SplitMix64's finish so that the low bits (the home
/// slot) depend on every byte. Written out because the files outlive any one build: std's hasher
/// is seeded per process, and a crate's may change between versions.
fn hash_parts(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in *part {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    finish(hash)
}

fn finish(mut value: u64) -> u64 {
    value ^= value >> 30;
    value = value.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    value ^= value >> 27;
    value = value.wrapping_mul(0x94d0_49bb_1331_11eb);
    value ^ (value >> 31)
}

/// The hash a record's [`Record::key`] is filed under; never 0, which marks an empty slot.
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

/// What a header records of the checks the records passed: this gsef's version (a later one
/// may check more) and the store's sector vocabulary (a hand-edited manifest may drop a sector
/// some participant uses, which a full read would refuse).
fn rules_hash(vocabulary: &SectorVocabulary) -> u64 {
    let mut parts: Vec<&[u8]> = vec![b"gsef ", env!("CARGO_PKG_VERSION").as_bytes()];
    for sector in vocabulary.sectors() {
        parts.push(b"\n");
        parts.push(sector.id.as_bytes());
    }
    hash_parts(&parts)
}

/// One place in the table: a key's hash (0 when empty) and the offset of its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub hash: u64,
    pub offset: u64,
}

const EMPTY: Slot = Slot { hash: 0, offset: 0 };

impl Slot {
    fn is_empty(self) -> bool {
        self.hash == 0
    }

    fn encode(self) -> [u8; SLOT_BYTES as usize] {
        let word = if self.is_empty() {
            EMPTY_WORD
        } else {
            self.offset | (slot_check(self.hash, self.offset) << OFFSET_BITS)
        };
        let mut bytes = [0u8; SLOT_BYTES as usize];
        bytes[..8].copy_from_slice(&self.hash.to_le_bytes());
        bytes[8..].copy_from_slice(&word.to_le_bytes());
        bytes
    }

    /// The slot, or `None` when its bytes cannot be one gsef wrote.
    fn decode(bytes: &[u8]) -> Option<Slot> {
        let hash = u64_at(bytes, 0);
        let word = u64_at(bytes, 8);
        if hash == 0 {
            return (word == EMPTY_WORD).then_some(EMPTY);
        }
        let offset = word & OFFSET_MASK;
        (word >> OFFSET_BITS == slot_check(hash, offset)).then_some(Slot { hash, offset })
    }
}

fn slot_check(hash: u64, offset: u64) -> u64 {
    finish(hash ^ offset.rotate_left(23) ^ 0x5bd1_e995_7f4a_7c15) >> OFFSET_BITS
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
enum Probe {
    Found,
    Vacant(u64),
}

/// A table of slots, in memory or in an index file.
trait Slots {
    fn capacity(&self) -> u64;
    fn slot(&self, index: u64) -> io::Result<Slot>;
}

/// Walks the run of slots from `hash`'s home slot, calling `visit` with the offset of each slot
/// of the same hash until it says the line there has the key.
fn probe(
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
    fn reserve(&mut self, more: u64) {
        let needed = capacity_for(self.count + more);
        if needed > self.capacity() {
            *self = self.grown(needed);
        }
    }

    fn slot_bytes(&self) -> Vec<u8> {
        self.slots.iter().flat_map(|slot| slot.encode()).collect()
    }

    fn from_slot_bytes(bytes: &[u8]) -> Option<Table> {
        let slots = bytes
            .chunks_exact(SLOT_BYTES as usize)
            .map(Slot::decode)
            .collect::<Option<Vec<Slot>>>()?;
        let count = slots.iter().filter(|slot| !slot.is_empty()).count() as u64;
        (count * 2 <= slots.len() as u64).then_some(Table { slots, count })
    }
}

/// The slots of an index file, read one at a time with `pread`.
struct FileSlots<'a> {
    file: &'a File,
    capacity: u64,
}

impl Slots for FileSlots<'_> {
    fn capacity(&self) -> u64 {
        self.capacity
    }

    fn slot(&self, index: u64) -> io::Result<Slot> {
        let mut bytes = [0u8; SLOT_BYTES as usize];
        self.file.read_exact_at(&mut bytes, slot_position(index))?;
        Slot::decode(&bytes).ok_or_else(|| untrusted("a damaged slot"))
    }
}

fn slot_position(index: u64) -> u64 {
    HEADER_BYTES + index * SLOT_BYTES
}

/// Why an index is not trusted any more; the writer drops it and rebuilds from the records.
fn untrusted(why: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, why.into())
}

/// One collection's index, open for the rest of a writing command.
pub struct KeyIndex {
    /// The collection, opened once without following links, to read the lines slots point at.
    collection: File,
    /// The collection as the slots describe it.
    fingerprint: Fingerprint,
    slots: Storage,
}

enum Storage {
    /// An index file whose header matched the collection.
    OnDisk {
        file: File,
        path: PathBuf,
        header: Header,
    },
    /// Built by a full read when no index file can be used: a dry run, a read-only folder.
    InMemory { table: Table },
}

impl KeyIndex {
    /// The record with `key`, checked as strictly as a full read checks it. An error means the
    /// index cannot be trusted (a damaged slot, a line that is not what the slot promised).
    pub fn find<T: Record>(
        &self,
        key: &str,
        vocabulary: &SectorVocabulary,
    ) -> io::Result<Option<T>> {
        let hash = key_hash(key);
        let mut found = None;
        let visit = |offset| {
            let line = line_at(&self.collection, offset, self.fingerprint.length)?;
            let record = jsonl::parse_line::<T>(&line).map_err(untrusted)?;
            if let Some(problem) = record.problems(vocabulary).into_iter().next() {
                return Err(untrusted(problem.to_string()));
            }
            let matches = record.key() == key;
            if matches {
                found = Some(record);
            }
            Ok(matches)
        };
        match &self.slots {
            Storage::OnDisk { file, header, .. } => {
                let slots = FileSlots {
                    file,
                    capacity: header.capacity,
                };
                probe(&slots, hash, visit)?;
            }
            Storage::InMemory { table, .. } => {
                probe(table, hash, visit)?;
            }
        }
        Ok(found)
    }

    /// Files the lines just appended, after their append and its fsync succeeded.
    ///
    /// The index must have described the collection as it was before the append (`before`),
    /// or it is stale and the caller drops it. In place, the new slots are written and synced
    /// before the header that makes them count, so a crash in between leaves a header that no
    /// longer matches the collection (rebuilt next time), never a fresh header over missing
    /// slots. A table that would pass half full is rebuilt at double size from its own slots
    /// and replaced atomically.
    pub fn record_append(
        &mut self,
        entries: &[Slot],
        before: Fingerprint,
        after: Fingerprint,
    ) -> io::Result<()> {
        if self.fingerprint != before {
            return Err(untrusted("the index was stale before the append"));
        }
        match &mut self.slots {
            Storage::InMemory { table, .. } => {
                table.reserve(entries.len() as u64);
                for entry in entries {
                    table.insert(*entry);
                }
            }
            Storage::OnDisk { file, path, header } => {
                let count = header.count + entries.len() as u64;
                if count * 2 > header.capacity {
                    let mut bytes = vec![
                        0u8;
                        usize::try_from(header.capacity * SLOT_BYTES)
                            .map_err(|_| untrusted("too large"))?
                    ];
                    file.read_exact_at(&mut bytes, HEADER_BYTES)?;
                    let mut table =
                        Table::from_slot_bytes(&bytes).ok_or_else(|| untrusted("damaged slots"))?;
                    drop(bytes);
                    table.reserve(entries.len() as u64);
                    for entry in entries {
                        table.insert(*entry);
                    }
                    let grown = Header {
                        fingerprint: after,
                        rules: header.rules,
                        count: table.count(),
                        capacity: table.capacity(),
                    };
                    let mode = file.metadata()?.permissions().mode() & 0o777;
                    write_index_file(path, &grown, &table, mode)?;
                    *file =
                        file_ops::open_no_follow(OpenOptions::new().read(true).write(true), path)?;
                    *header = grown;
                } else {
                    let slots = FileSlots {
                        file,
                        capacity: header.capacity,
                    };
                    for entry in entries {
                        match probe(&slots, entry.hash, |_| Ok(false))? {
                            Probe::Vacant(index) => {
                                write_at(file, &entry.encode(), slot_position(index))?;
                            }
                            Probe::Found => {
                                unreachable!("a probe that never matches finds nothing")
                            }
                        }
                    }
                    sync(file)?;
                    let updated = Header {
                        fingerprint: after,
                        count,
                        ..*header
                    };
                    write_at(file, &updated.encode(), 0)?;
                    *header = updated;
                }
            }
        }
        self.fingerprint = after;
        Ok(())
    }
}

/// Opens `T`'s index for lookups: the index file when its header matches the collection (and
/// `trust_file`), else a rebuild from a full strict read, saved for the next command unless
/// the store is in a dry run or the index folder cannot be written.
///
/// Errors are the collection's own (missing, a link, a bad line with its number): a problem
/// with the index itself only means it is rebuilt.
pub(super) fn open<T: Record>(store: &Store, trust_file: bool) -> Result<KeyIndex> {
    let path = store.path_of::<T>();
    file_ops::refuse_unless_plain_file(&path)?;
    let collection = match file_ops::open_no_follow(OpenOptions::new().read(true), &path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            // The store's own words for a missing collection.
            return Err(store.missing_collection::<T>());
        }
        Err(source) => return Err(Error::io("read", &path, source)),
    };
    let fingerprint = fingerprint_of(&collection, &path)?;
    let rules = rules_hash(store.vocabulary());
    let index_path = index_path(store.root(), T::FILE);
    if trust_file
        && index_folder(store.root(), false).is_some()
        && let Some((file, header)) = open_fresh(&index_path, fingerprint, rules)
    {
        return Ok(KeyIndex {
            collection,
            fingerprint,
            slots: Storage::OnDisk {
                file,
                path: index_path,
                header,
            },
        });
    }
    rebuild::<T>(store, collection, &path, fingerprint, rules)
}

/// The full strict read of the collection (the checks [`Store::load`] makes, with the same
/// `file:LINE:` errors), keeping only each line's key hash and offset.
fn rebuild<T: Record>(
    store: &Store,
    collection: File,
    path: &Path,
    fingerprint: Fingerprint,
    rules: u64,
) -> Result<KeyIndex> {
    let bytes = chunked::read_whole(path, &collection)?;
    let vocabulary = store.vocabulary();
    // fold_lines hands out slices of `bytes`, so a line's place is where its slice starts.
    let base = bytes.as_ptr() as usize;
    let pieces = jsonl::fold_lines(path, &bytes, Vec::new, |entries: &mut Vec<Slot>, line| {
        let hash = checked_key_hash::<T>(line, vocabulary).map_err(LineFailure::Bad)?;
        entries.push(Slot {
            hash,
            offset: (line.as_ptr() as usize - base) as u64,
        });
        Ok(())
    })?;
    let entries: Vec<Slot> = pieces.concat();
    debug_assert!(entries.iter().all(|entry| {
        let offset = usize::try_from(entry.offset).expect("an offset in memory");
        offset == 0 || bytes[offset - 1] == b'\n'
    }));
    drop(bytes);
    let table = Table::of(&entries);
    drop(entries);
    // Saved only when the file did not change while it was read, so the header describes
    // exactly the bytes that were indexed.
    let unchanged = fingerprint_of(&collection, path)? == fingerprint;
    let fits = fingerprint.length <= OFFSET_MASK;
    if unchanged && fits && !store.dry_run {
        let header = Header {
            fingerprint,
            rules,
            count: table.count(),
            capacity: table.capacity(),
        };
        let index_path = index_path(store.root(), T::FILE);
        let saved = index_folder(store.root(), true).is_some()
            && write_index_file(
                &index_path,
                &header,
                &table,
                file_ops::mode_for_new_file(store.root()),
            )
            .is_ok();
        if saved && let Some((file, header)) = open_fresh(&index_path, fingerprint, rules) {
            return Ok(KeyIndex {
                collection,
                fingerprint,
                slots: Storage::OnDisk {
                    file,
                    path: index_path,
                    header,
                },
            });
        }
    }
    Ok(KeyIndex {
        collection,
        fingerprint,
        slots: Storage::InMemory { table },
    })
}

/// The index of `collection_file` when its file describes the collection exactly as `before` (for an append
/// by a command that made no lookup); `None` when it is missing or stale, to be rebuilt by
/// the next lookup.
pub(super) fn open_if_fresh(
    store: &Store,
    collection_file: &str,
    before: Fingerprint,
) -> Option<KeyIndex> {
    index_folder(store.root(), false)?;
    let index_path = index_path(store.root(), collection_file);
    let (file, header) = open_fresh(&index_path, before, rules_hash(store.vocabulary()))?;
    let collection = file_ops::open_no_follow(
        OpenOptions::new().read(true),
        &store.root().join(collection_file),
    )
    .ok()?;
    Some(KeyIndex {
        collection,
        fingerprint: before,
        slots: Storage::OnDisk {
            file,
            path: index_path,
            header,
        },
    })
}

/// The slots for `records` just appended as `bytes` (their lines, in order) at `start`.
pub(super) fn appended_entries<T: Record>(records: &[T], bytes: &[u8], start: u64) -> Vec<Slot> {
    let mut offset = start;
    records
        .iter()
        .zip(bytes.split_inclusive(|&byte| byte == b'\n'))
        .map(|(record, line)| {
            let entry = Slot {
                hash: key_hash(&record.key()),
                offset,
            };
            offset += line.len() as u64;
            entry
        })
        .collect()
}

/// Deletes the index of the collection file `name`, as a rewrite or an undone append makes it
/// stale; best effort (a leftover is stale anyway: its fingerprint no longer matches).
pub(super) fn discard(root: &Path, name: &str) {
    if index_folder(root, false).is_some() {
        let _ = fs::remove_file(index_path(root, name));
    }
}

/// Removes what an interrupted index write left in the index folder; best effort and silent,
/// since nothing there is a record.
pub(super) fn remove_stale_temp_files(root: &Path) {
    if let Some(folder) = index_folder(root, false) {
        let _ = file_ops::remove_stale_temp_files(&folder);
    }
}

/// Deletes every index that no longer matches its collection (`gsef check --repair`); returns
/// how many. Best effort: an index is only a cache.
pub(super) fn remove_stale_indexes(store: &Store) -> usize {
    if index_folder(store.root(), false).is_none() {
        return 0;
    }
    let rules = rules_hash(store.vocabulary());
    let mut removed = 0;
    for name in COLLECTION_FILES {
        let index_path = index_path(store.root(), name);
        if fs::symlink_metadata(&index_path).is_err() {
            continue;
        }
        let fresh = file_ops::open_no_follow(OpenOptions::new().read(true), &store.root.join(name))
            .and_then(|file| file.metadata())
            .ok()
            .filter(Metadata::is_file)
            .is_some_and(|metadata| {
                open_fresh(&index_path, Fingerprint::of(&metadata), rules).is_some()
            });
        if !fresh && fs::remove_file(&index_path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// A line's key hash, after the same checks a full read makes of it.
fn checked_key_hash<T: Record>(
    line: &[u8],
    vocabulary: &SectorVocabulary,
) -> std::result::Result<u64, String> {
    if T::FILE == Attendance::FILE {
        // The borrowed row is as strict as the full record and far cheaper on a million lines.
        let row = jsonl::parse_attendance_row(line)?;
        return Ok(attendance_key_hash(row.event(), row.participant()));
    }
    if T::FILE == Participant::FILE {
        // Likewise: the borrowed row is checked by the same rules as the full record.
        let row = jsonl::parse_participant_row(line, vocabulary)?;
        return Ok(key_hash(&row.id));
    }
    let record = jsonl::parse_line::<T>(line)?;
    if let Some(problem) = record.problems(vocabulary).into_iter().next() {
        return Err(problem.to_string());
    }
    Ok(key_hash(&record.key()))
}

fn fingerprint_of(file: &File, path: &Path) -> Result<Fingerprint> {
    file.metadata()
        .map(|metadata| Fingerprint::of(&metadata))
        .map_err(|source| Error::io("read the size of", path, source))
}

fn index_path(root: &Path, collection_file: &str) -> PathBuf {
    let stem = collection_file
        .strip_suffix(".jsonl")
        .unwrap_or(collection_file);
    root.join(INDEX_FOLDER).join(format!("{stem}.idx"))
}

/// The index folder when it is a real folder (never a link), created with its `.gitignore`
/// when `create` is set; `None` when it cannot be used, which only means no index file.
fn index_folder(root: &Path, create: bool) -> Option<PathBuf> {
    let folder = root.join(INDEX_FOLDER);
    match fs::symlink_metadata(&folder) {
        Ok(metadata) if metadata.is_dir() => {}
        Ok(_) => return None,
        Err(error) if create && error.kind() == io::ErrorKind::NotFound => {
            // Shared like the store folder itself, so whoever may write records may index them.
            let mode = fs::metadata(root).map_or(file_ops::PRIVATE_DIR_MODE, |metadata| {
                metadata.permissions().mode() & 0o777
            });
            DirBuilder::new().mode(mode).create(&folder).ok()?;
            fs::set_permissions(&folder, fs::Permissions::from_mode(mode)).ok()?;
        }
        Err(_) => return None,
    }
    if create {
        let gitignore = folder.join(".gitignore");
        if fs::symlink_metadata(&gitignore).is_err() {
            let mode = file_ops::mode_for_new_file(root);
            let written = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode)
                .open(&gitignore)
                .and_then(|mut file| {
                    file.set_permissions(fs::Permissions::from_mode(mode))?;
                    faults::check("index-write")?;
                    file.write_all(GITIGNORE.as_bytes())
                });
            if written.is_err() {
                // An index git would show is worse than none.
                let _ = fs::remove_file(&gitignore);
                return None;
            }
        }
    }
    Some(folder)
}

/// The index file at `path` and its header, when the header is whole and describes exactly
/// this version of the collection, checked under these rules.
fn open_fresh(path: &Path, fingerprint: Fingerprint, rules: u64) -> Option<(File, Header)> {
    let file = file_ops::open_no_follow(OpenOptions::new().read(true).write(true), path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() {
        return None;
    }
    let mut bytes = [0u8; HEADER_BYTES as usize];
    file.read_exact_at(&mut bytes, 0).ok()?;
    let header = Header::decode(&bytes)?;
    let fresh = header.fingerprint == fingerprint
        && header.rules == rules
        && metadata.len() == slot_position(header.capacity);
    fresh.then_some((file, header))
}

/// Writes a whole index file atomically: a temporary file beside it, synced, renamed over.
/// The folder is not synced: if the rename is lost in a power cut, the old index is stale
/// (its collection changed since), so it is rebuilt, never trusted.
fn write_index_file(path: &Path, header: &Header, table: &Table, mode: u32) -> io::Result<()> {
    let temp_path = file_ops::temp_path_for(path, "");
    let result = (|| {
        let mut temp = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&temp_path)?;
        temp.set_permissions(fs::Permissions::from_mode(mode))?;
        let mut bytes =
            Vec::with_capacity(usize::try_from(slot_position(table.capacity())).unwrap_or(0));
        bytes.extend_from_slice(&header.encode());
        bytes.extend_from_slice(&table.slot_bytes());
        faults::check("index-write")?;
        temp.write_all(&bytes)?;
        sync(&temp)?;
        faults::check("index-rename")?;
        fs::rename(&temp_path, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    result
}

fn write_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    faults::check("index-write")?;
    file.write_all_at(bytes, offset)
}

fn sync(file: &File) -> io::Result<()> {
    faults::check("index-sync")?;
    file.sync_data()
}

/// The line (without its `\n`) that starts at `offset`, or an error when no line starts there:
/// the byte before must be a `\n`, and the line must end within the file and the line limit.
fn line_at(collection: &File, offset: u64, length: u64) -> io::Result<Vec<u8>> {
    if offset >= length {
        return Err(untrusted("a slot points past the end of the collection"));
    }
    let start = offset.saturating_sub(1);
    let mut want: u64 = 512;
    loop {
        let end = offset.saturating_add(want).min(length);
        let mut buffer = vec![0u8; usize::try_from(end - start).unwrap_or(0)];
        collection.read_exact_at(&mut buffer, start)?;
        let line = if offset > 0 {
            if buffer[0] != b'\n' {
                return Err(untrusted("a slot points into the middle of a line"));
            }
            &buffer[1..]
        } else {
            &buffer[..]
        };
        if let Some(newline) = line.iter().position(|&byte| byte == b'\n') {
            return Ok(line[..newline].to_vec());
        }
        if end == length || want > jsonl::MAX_LINE_BYTES as u64 {
            return Err(untrusted("a slot points at a line with no end"));
        }
        want *= 8;
    }
}

/// The indexes a writer has opened, by collection file.
pub(super) type OpenIndexes = HashMap<&'static str, KeyIndex>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Participant;

    #[test]
    fn the_hash_is_pinned_because_files_outlive_builds() {
        // Changing the hash must come with a new FORMAT_VERSION: old files would mislead.
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
            extra: serde_json::Map::new(),
        };
        assert_eq!(
            attendance_key_hash("2019-11-mexico", "mx-001"),
            key_hash(&record.key())
        );
    }

    #[test]
    fn headers_round_trip_and_damage_is_refused() {
        let header = Header {
            fingerprint: Fingerprint {
                length: 123_456,
                modified: (1_700_000_000, 999_999_999),
                changed: (-5, 1),
                inode: 42,
                device: 7,
            },
            rules: 99,
            count: 5,
            capacity: 16,
        };
        let bytes = header.encode();
        assert_eq!(Header::decode(&bytes), Some(header));
        for at in 0..HEADER_BYTES as usize {
            let mut damaged = bytes;
            damaged[at] ^= 0x10;
            assert_eq!(Header::decode(&damaged), None, "byte {at}");
        }
        assert_eq!(Header::decode(&[0; HEADER_BYTES as usize]), None);
        let overfull = Header { count: 9, ..header };
        assert_eq!(Header::decode(&overfull.encode()), None);
    }

    #[test]
    fn zeroed_or_garbage_slots_are_damage_not_empty() {
        let slot = Slot {
            hash: 77,
            offset: 1234,
        };
        assert_eq!(Slot::decode(&slot.encode()), Some(slot));
        assert_eq!(Slot::decode(&EMPTY.encode()), Some(EMPTY));
        assert_eq!(Slot::decode(&[0; 16]), None, "a zeroed slot");
        let mut moved = slot.encode();
        moved[8] ^= 1;
        assert_eq!(Slot::decode(&moved), None, "an offset changed alone");
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut accepted = 0;
        for _ in 0..10_000 {
            let mut bytes = [0u8; 16];
            for byte in &mut bytes {
                state = finish(state);
                *byte = state as u8;
            }
            accepted += usize::from(Slot::decode(&bytes).is_some());
        }
        assert!(accepted < 5, "{accepted} of 10,000 random slots accepted");
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
        let round_trip = Table::from_slot_bytes(&table.slot_bytes()).unwrap();
        assert_eq!(round_trip.slots, table.slots);
        assert_eq!(round_trip.count(), 9);
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

    /// A collection file of participants and a table in which every key has the same hash,
    /// the worst collision there is: lookups must still tell them apart by reading the lines.
    #[test]
    fn lookups_check_the_real_key_of_every_colliding_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("participants.jsonl");
        let mut bytes = Vec::new();
        let mut entries = Vec::new();
        for id in ["ana", "ben", "cy"] {
            entries.push(Slot {
                hash: key_hash("ben"),
                offset: bytes.len() as u64,
            });
            bytes.extend_from_slice(
                format!("{{\"id\":\"{id}\",\"name\":\"N {id}\",\"sector\":\"sse\"}}\n").as_bytes(),
            );
        }
        fs::write(&path, &bytes).unwrap();
        let collection = File::open(&path).unwrap();
        let fingerprint = Fingerprint::of(&collection.metadata().unwrap());
        let index = KeyIndex {
            collection,
            fingerprint,
            slots: Storage::InMemory {
                table: Table::of(&entries),
            },
        };
        let vocabulary = SectorVocabulary::default_vocabulary();
        let found: Option<Participant> = index.find("ben", &vocabulary).unwrap();
        assert_eq!(found.unwrap().name, "N ben");
        // "ana" hashes elsewhere: its line is never read, and nothing is found.
        assert!(
            index
                .find::<Participant>("ana", &vocabulary)
                .unwrap()
                .is_none()
        );
        assert!(
            index
                .find::<Participant>("dee", &vocabulary)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn a_slot_pointing_mid_line_or_past_the_end_is_untrusted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("participants.jsonl");
        fs::write(
            &path,
            "{\"id\":\"ana\",\"name\":\"Ana\",\"sector\":\"sse\"}\n",
        )
        .unwrap();
        let collection = File::open(&path).unwrap();
        let fingerprint = Fingerprint::of(&collection.metadata().unwrap());
        let vocabulary = SectorVocabulary::default_vocabulary();
        for offset in [3, 10_000] {
            let index = KeyIndex {
                collection: collection.try_clone().unwrap(),
                fingerprint,
                slots: Storage::InMemory {
                    table: Table::of(&[Slot {
                        hash: key_hash("ana"),
                        offset,
                    }]),
                },
            };
            assert!(index.find::<Participant>("ana", &vocabulary).is_err());
        }
    }

    #[test]
    fn appended_entries_point_at_each_new_line() {
        let people: Vec<Participant> = ["a", "bb"]
            .iter()
            .map(|id| {
                serde_json::from_str(&format!(
                    "{{\"id\":\"{id}\",\"name\":\"N\",\"sector\":\"sse\"}}"
                ))
                .unwrap()
            })
            .collect();
        let bytes: Vec<u8> = people.iter().flat_map(jsonl::to_line).collect();
        let entries = appended_entries(&people, &bytes, 1000);
        let first_line = jsonl::to_line(&people[0]).len() as u64;
        assert_eq!(entries[0].offset, 1000);
        assert_eq!(entries[1].offset, 1000 + first_line);
        assert_eq!(entries[1].hash, key_hash("bb"));
    }
}
