//! Key indexes: one on-disk hash table per collection, so that a writer checks or finds one
//! record by its key without reading the whole collection.
//!
//! An index is a cache. It lives in `<store>/.gsef-index/` (which ignores itself in git), holds
//! nothing that is not in the JSON Lines file, and can always be deleted. It is trusted only
//! while the fingerprint in its header (length, mtime, ctime, inode, device) equals the
//! collection's current one; otherwise it is rebuilt by a full strict read, exactly the read a
//! writer made before indexes existed, so a hand-edited collection is refused just the same.
//!
//! A fingerprint cannot tell when the collection's timestamps are no later than the index's
//! own: on a filesystem with one-second timestamps (ext4 with 128-byte inodes, FAT), an edit of
//! the same length in the same second as gsef's last write, or a file deleted and made again
//! under a reused inode number, leaves every field as it was. Such an index is *racy*, as git
//! calls it: it is trusted only once the collection's bytes are read and found to match the
//! CRC-32C in its header, and otherwise rebuilt. Where timestamps have nanoseconds, the check
//! costs nothing: they are not compared (see `open_fresh`), and on Linux from 6.13 (multigrain
//! timestamps) any change after gsef looked at a collection gets a later time.
//! Every hit is checked against the line it points at, so neither a hash collision nor a
//! damaged slot can make a lookup wrong: at worst it makes the index untrusted and rebuilt.
//!
//! Only writers, under the exclusive lock, use or change an index; readers never look at one.
//!
//! This module owns that lifecycle: when an index is trusted, rebuilt, kept up to date with an
//! append, or deleted. The table itself, an open-addressing table of key hashes and line
//! offsets with linear probing, never more than half full, is `table`'s; the bytes of an index
//! file (header, slots, checksums) and the index folder are `file`'s.

mod file;
mod table;

use std::collections::HashMap;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::file_ops;
use super::layout::{self, BYTE_ORDER_MARK};
use super::line::{self, Line, Stored};
use super::lines::{self, LineFailure};
use super::{COLLECTION_FILES, Store};
use crate::error::{Error, Result};
use crate::model::SectorVocabulary;
pub use file::INDEX_FOLDER;
use file::{
    FileSlots, Header, OFFSET_MASK, index_folder, index_path, open_whole, read_table, sync,
    write_header, write_index_file, write_slot,
};
use table::{Probe, Slots, hash_of_key, hash_parts, probe};
pub use table::{Slot, Table, key_hash};

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
    pub fn find<T: Stored>(
        &self,
        key: &str,
        vocabulary: &SectorVocabulary,
    ) -> io::Result<Option<T>> {
        let hash = key_hash(key);
        let mut found = None;
        let visit = |offset| {
            let line = line_at(&self.collection, offset, self.fingerprint.length)?;
            let record = line::parse_line::<T>(&line).map_err(untrusted)?;
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
                probe(&FileSlots::of(file, header), hash, visit)?;
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
        appended: &[u8],
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
                    let mut table = read_table(file, header)?;
                    table.reserve(entries.len() as u64);
                    for entry in entries {
                        table.insert(*entry);
                    }
                    let grown = Header {
                        fingerprint: after,
                        rules: header.rules,
                        count: table.count(),
                        capacity: table.capacity(),
                        content: crc32c::crc32c_append(header.content, appended),
                    };
                    let mode = file.metadata()?.permissions().mode() & 0o777;
                    write_index_file(path, &grown, &table, mode)?;
                    *file =
                        file_ops::open_no_follow(OpenOptions::new().read(true).write(true), path)?;
                    *header = grown;
                } else {
                    let slots = FileSlots::of(file, header);
                    for entry in entries {
                        match probe(&slots, entry.hash, |_| Ok(false))? {
                            Probe::Vacant(index) => write_slot(file, index, *entry)?,
                            Probe::Found => {
                                unreachable!("a probe that never matches finds nothing")
                            }
                        }
                    }
                    sync(file)?;
                    let updated = Header {
                        fingerprint: after,
                        count,
                        content: crc32c::crc32c_append(header.content, appended),
                        ..*header
                    };
                    write_header(file, &updated)?;
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
pub(super) fn open<T: Stored>(store: &Store, trust_file: bool) -> Result<KeyIndex> {
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
        && let Some((file, header)) = open_fresh(&index_path, &collection, fingerprint, rules)
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
fn rebuild<T: Stored>(
    store: &Store,
    collection: File,
    path: &Path,
    fingerprint: Fingerprint,
    rules: u64,
) -> Result<KeyIndex> {
    let bytes = lines::read_whole(path, &collection)?;
    let vocabulary = store.vocabulary();
    // fold_bytes hands out slices of `bytes`, so a line's place is where its slice starts.
    let base = bytes.as_ptr() as usize;
    let pieces = lines::fold_bytes(path, &bytes, Vec::new, |entries: &mut Vec<Slot>, line| {
        let hash = checked_key_hash::<T>(line, vocabulary).map_err(LineFailure::Bad)?;
        // A slot points at the line's start, before any byte order mark the reader set aside.
        let start = line.bytes().as_ptr() as usize - base;
        let start = if start == BYTE_ORDER_MARK.len() && bytes.starts_with(BYTE_ORDER_MARK) {
            0
        } else {
            start
        };
        entries.push(Slot {
            hash,
            offset: start as u64,
        });
        Ok(())
    })?;
    let entries: Vec<Slot> = pieces.concat();
    debug_assert!(entries.iter().all(|entry| {
        let offset = usize::try_from(entry.offset).expect("an offset in memory");
        offset == 0 || bytes[offset - 1] == b'\n'
    }));
    let content = crc32c::crc32c(&bytes);
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
            content,
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
        if saved
            && let Some((file, header)) = open_whole(&index_path)
            && header.fingerprint == fingerprint
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
pub(in crate::store) fn open_if_fresh(
    store: &Store,
    collection_file: &str,
    before: Fingerprint,
) -> Option<KeyIndex> {
    index_folder(store.root(), false)?;
    let index_path = index_path(store.root(), collection_file);
    let collection = file_ops::open_no_follow(
        OpenOptions::new().read(true),
        &store.root().join(collection_file),
    )
    .ok()?;
    let (file, header) = open_fresh(
        &index_path,
        &collection,
        before,
        rules_hash(store.vocabulary()),
    )?;
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
            .ok()
            .filter(|file| file.metadata().is_ok_and(|metadata| metadata.is_file()))
            .is_some_and(|file| {
                file.metadata().is_ok_and(|metadata| {
                    open_fresh(&index_path, &file, Fingerprint::of(&metadata), rules).is_some()
                })
            });
        if !fresh && fs::remove_file(&index_path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// A line's key hash, after the same checks a full read makes of it (a row refuses exactly
/// what the full record refuses, and is far cheaper to read on a million lines).
fn checked_key_hash<T: Stored>(
    line: Line<'_>,
    vocabulary: &SectorVocabulary,
) -> std::result::Result<u64, String> {
    let row = T::read_row(line, vocabulary)?;
    Ok(hash_of_key(T::row_key(&row)))
}

fn fingerprint_of(file: &File, path: &Path) -> Result<Fingerprint> {
    file.metadata()
        .map(|metadata| Fingerprint::of(&metadata))
        .map_err(|source| Error::io("read the size of", path, source))
}

/// The index file at `path` and its header, when the header is whole and describes exactly
/// this version of the collection, checked under these rules: its fingerprint, and when that
/// cannot tell (the index is racy, see the module's doc), the bytes of `collection` too.
fn open_fresh(
    path: &Path,
    collection: &File,
    fingerprint: Fingerprint,
    rules: u64,
) -> Option<(File, Header)> {
    let (file, header) = open_whole(path)?;
    if header.fingerprint != fingerprint || header.rules != rules {
        return None;
    }
    let written = file.metadata().ok()?;
    // One-second timestamps show as whole seconds in both times (a chance of one in 10^18
    // otherwise). Finer ones are not compared: Linux's multigrain timestamps date the index's
    // own writes coarsely, so its mtime may read earlier than the collection's although it was
    // written after, and a change after gsef looked at the collection gets a later time anyway.
    let whole_seconds = fingerprint.modified.1 == 0 && fingerprint.changed.1 == 0;
    let racy = whole_seconds && written.mtime() <= fingerprint.modified.0;
    if racy {
        if content_crc(collection, fingerprint.length).ok()? != header.content {
            return None;
        }
        // Once the clock is past the collection's last tick, a later edit would show in its
        // timestamps: writing the header again (a few bytes) dates the index after it, so the
        // next command needs no read.
        if seconds_now() > fingerprint.modified.0 + 1 {
            let _ = write_header(&file, &header);
        }
    }
    Some((file, header))
}

/// CRC-32C of the first `length` bytes of `file`, read a megabyte at a time.
fn content_crc(file: &File, length: u64) -> io::Result<u32> {
    let mut buffer = vec![0u8; 1 << 20];
    let mut crc = 0;
    let mut at = 0;
    while at < length {
        let wanted =
            usize::try_from(length - at).map_or(buffer.len(), |left| left.min(buffer.len()));
        file.read_exact_at(&mut buffer[..wanted], at)?;
        crc = crc32c::crc32c_append(crc, &buffer[..wanted]);
        at += wanted as u64;
    }
    Ok(crc)
}

fn seconds_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
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
        let physical = match line.iter().position(|&byte| byte == b'\n') {
            Some(newline) => Some(&line[..newline]),
            // A last record whose line end was never typed.
            None if end == length => Some(line),
            None => None,
        };
        if let Some(physical) = physical {
            return layout::content_of(physical, offset == 0)
                .map(<[u8]>::to_vec)
                .ok_or_else(|| untrusted("a slot points at a blank line"));
        }
        if want > line::MAX_LINE_BYTES as u64 {
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
}
