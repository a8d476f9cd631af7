//! An index's file on disk: its layout, the checks that tell damage from data, and how it is
//! read and written; also the index folder it lives in, and that folder's `.gitignore`.
//!
//! The file, little endian: a 96-byte header (magic `GSEFIDX1`, format version, the
//! collection's fingerprint, a hash of the rules the records were checked against, entry count,
//! slot capacity, a CRC-32C of the collection's bytes, a checksum of the header), then
//! `capacity` slots of 16 bytes: the key's hash and the byte offset of the record's line, laid
//! out as the [`Table`] holds them.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, FileExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::table::{EMPTY, MIN_CAPACITY, Slot, Slots, Table, finish, hash_parts};
use super::{Fingerprint, untrusted};
use crate::store::file_ops::{self, faults};

/// The folder inside the store that holds the indexes.
pub const INDEX_FOLDER: &str = ".gsef-index";

/// Written into the index folder, so no index ever shows in `git status` (the pattern covers
/// the `.gitignore` itself too).
const GITIGNORE: &str =
    "# Written by gsef: key indexes are caches, rebuilt from the records whenever needed.\n*\n";

const MAGIC: [u8; 8] = *b"GSEFIDX1";
/// Raised whenever the layout, the hash or the meaning of a field changes (2: the content CRC).
const FORMAT_VERSION: u32 = 2;
const HEADER_BYTES: u64 = 96;
const SLOT_BYTES: u64 = 16;
/// Far beyond any store; a header claiming more is damaged, not large.
const MAX_CAPACITY: u64 = 1 << 40;

/// A slot's second word: the offset in the low 48 bits (256 TiB of records), and in the high 16
/// bits a check of the slot, so that garbage or zeroes in the table are seen as damage instead
/// of being taken for an empty slot (which would hide a key and let a duplicate in).
const OFFSET_BITS: u32 = 48;
/// The largest offset a slot can hold; a longer collection is indexed in memory only.
pub(super) const OFFSET_MASK: u64 = (1 << OFFSET_BITS) - 1;
/// An empty slot: hash 0 and this word; all zeroes (a hole, a zeroed page) is damage.
const EMPTY_WORD: u64 = u64::MAX;

/// The header of an index file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Header {
    pub(super) fingerprint: Fingerprint,
    /// [`rules_hash`](super::rules_hash) of the gsef and vocabulary that checked the records.
    pub(super) rules: u64,
    pub(super) count: u64,
    pub(super) capacity: u64,
    /// CRC-32C of the collection's bytes as the slots describe it, for when the fingerprint
    /// alone cannot tell (see `KeyIndex`'s trust rule).
    pub(super) content: u32,
}

impl Header {
    fn encode(&self) -> [u8; HEADER_BYTES as usize] {
        let mut bytes = [0u8; HEADER_BYTES as usize];
        let fingerprint = &self.fingerprint;
        let fields: [&[u8]; 13] = [
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
            &self.content.to_le_bytes(),
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
            content: u32_at(bytes, 84),
        };
        let sound = header.capacity.is_power_of_two()
            && (MIN_CAPACITY..=MAX_CAPACITY).contains(&header.capacity)
            && header.count * 2 <= header.capacity;
        sound.then_some(header)
    }
}

/// The fields end at byte 88; the last eight bytes hold the checksum.
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

impl Slot {
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

fn slot_bytes(table: &Table) -> Vec<u8> {
    table
        .slots()
        .iter()
        .flat_map(|slot| slot.encode())
        .collect()
}

fn table_from_slot_bytes(bytes: &[u8]) -> Option<Table> {
    let slots = bytes
        .chunks_exact(SLOT_BYTES as usize)
        .map(Slot::decode)
        .collect::<Option<Vec<Slot>>>()?;
    Table::from_slots(slots)
}

/// The slots of an index file, read one at a time with `pread`.
pub(super) struct FileSlots<'a> {
    file: &'a File,
    capacity: u64,
}

impl<'a> FileSlots<'a> {
    /// The slots of `file`, whose header is `header`.
    pub(super) fn of(file: &'a File, header: &Header) -> FileSlots<'a> {
        FileSlots {
            file,
            capacity: header.capacity,
        }
    }
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

/// Every slot of the index file whose header is `header`, read at once into a table.
pub(super) fn read_table(file: &File, header: &Header) -> io::Result<Table> {
    let mut bytes = vec![
        0u8;
        usize::try_from(header.capacity * SLOT_BYTES)
            .map_err(|_| untrusted("too large"))?
    ];
    file.read_exact_at(&mut bytes, HEADER_BYTES)?;
    table_from_slot_bytes(&bytes).ok_or_else(|| untrusted("damaged slots"))
}

/// Writes `slot` in place at `index`; it counts only once a header with the new count follows.
pub(super) fn write_slot(file: &File, index: u64, slot: Slot) -> io::Result<()> {
    write_at(file, &slot.encode(), slot_position(index))
}

/// Writes `header` in place over the old one.
pub(super) fn write_header(file: &File, header: &Header) -> io::Result<()> {
    write_at(file, &header.encode(), 0)
}

fn write_at(file: &File, bytes: &[u8], offset: u64) -> io::Result<()> {
    faults::check("index-write")?;
    file.write_all_at(bytes, offset)
}

pub(super) fn sync(file: &File) -> io::Result<()> {
    faults::check("index-sync")?;
    file.sync_data()
}

/// The index file at `path` and its header, when the header is whole, of this version, and
/// the file holds exactly the slots it announces; whether it is fresh is the caller's question.
pub(super) fn open_whole(path: &Path) -> Option<(File, Header)> {
    let file = file_ops::open_no_follow(OpenOptions::new().read(true).write(true), path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() {
        return None;
    }
    let mut bytes = [0u8; HEADER_BYTES as usize];
    file.read_exact_at(&mut bytes, 0).ok()?;
    let header = Header::decode(&bytes)?;
    let whole = metadata.len() == slot_position(header.capacity);
    whole.then_some((file, header))
}

/// Writes a whole index file atomically: a temporary file beside it, synced, renamed over.
/// The folder is not synced: if the rename is lost in a power cut, the old index is stale
/// (its collection changed since), so it is rebuilt, never trusted.
pub(super) fn write_index_file(
    path: &Path,
    header: &Header,
    table: &Table,
    mode: u32,
) -> io::Result<()> {
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
        bytes.extend_from_slice(&slot_bytes(table));
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

pub(super) fn index_path(root: &Path, collection_file: &str) -> PathBuf {
    let stem = collection_file
        .strip_suffix(".jsonl")
        .unwrap_or(collection_file);
    root.join(INDEX_FOLDER).join(format!("{stem}.idx"))
}

/// The index folder when it is a real folder (never a link), created with its `.gitignore`
/// when `create` is set; `None` when it cannot be used, which only means no index file.
pub(super) fn index_folder(root: &Path, create: bool) -> Option<PathBuf> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::index::key_hash;

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
            content: 0xDEAD_BEEF,
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
    fn a_table_round_trips_through_its_slot_bytes() {
        // Grown once on the way, as an index of nine records is: full and empty slots mixed.
        let mut table = Table::with_capacity(16);
        for n in 0..9 {
            table.insert(Slot {
                hash: key_hash(&format!("p{n}")),
                offset: n * 100,
            });
        }
        let round_trip = table_from_slot_bytes(&slot_bytes(&table)).unwrap();
        assert_eq!(round_trip.slots(), table.slots());
        assert_eq!(round_trip.count(), 9);
    }
}
