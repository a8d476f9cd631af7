//! Writing as a transaction: a command stages its changes and commits them all, or none.
//!
//! A [`Writer`] holds the store's exclusive lock (a shared one in a dry run, which writes
//! nothing) from the moment it is taken until it is dropped, so what a command read is still
//! true when it writes. Its changes are staged first: [`Writer::append`] and
//! [`Writer::rewrite`] encode the records there and then, so a record no reader would take
//! back is refused before any file is touched, and the writer's own reads ([`Writer::load`],
//! [`Writer::find`]) see what it staged. [`Writer::commit`] writes each changed
//! collection once, in the order they were first staged; if any write fails it takes back the
//! ones before it, so a command that fails leaves every file as it found it. Dropping a writer
//! without committing writes nothing.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{self, File};
use std::path::PathBuf;

use super::file_ops;
use super::index::{self, Slot};
use super::line::{self, Stored};
use super::{COLLECTION_FILES, Store};
use crate::error::{Error, Result};
use crate::model::Record;
use crate::model::record::count_of;

/// Read and write access under the store's lock, held until the writer is dropped.
pub struct Writer<'a> {
    store: &'a Store,
    _lock: Option<File>,
    repairs: Vec<String>,
    /// The changes of this command, one per collection, in the order first staged.
    staged: Vec<Staged>,
    /// The key indexes this command has opened, kept up to date with its appends.
    indexes: RefCell<index::OpenIndexes>,
}

/// What one collection will become when the writer commits.
struct Staged {
    file: &'static str,
    kind: &'static str,
    plural: &'static str,
    change: Change,
    /// The key of each staged line, with the line's number among them, so that the writer's
    /// own reads see what it staged.
    keys: HashMap<String, usize>,
    /// Where each staged line starts in the change's bytes.
    line_starts: Vec<usize>,
}

impl Staged {
    fn bytes(&self) -> &[u8] {
        match &self.change {
            Change::Append { bytes, .. } | Change::Replace { bytes, .. } => bytes,
        }
    }

    /// The staged line `number`, without its `\n`.
    fn line(&self, number: usize) -> &[u8] {
        let bytes = self.bytes();
        let start = self.line_starts[number];
        let end = self
            .line_starts
            .get(number + 1)
            .copied()
            .unwrap_or(bytes.len());
        &bytes[start..end - 1]
    }

    /// Every staged record, in order.
    fn records<T: Stored>(&self) -> Vec<T> {
        (0..self.line_starts.len())
            .map(|number| parse_staged(self.line(number)))
            .collect()
    }

    /// Notes the keys and line starts of `records`, just staged as `bytes` at `offset`.
    fn note_lines<T: Record>(&mut self, records: &[T], bytes: &[u8], offset: usize) {
        let mut start = offset;
        for (record, line) in records
            .iter()
            .zip(bytes.split_inclusive(|&byte| byte == b'\n'))
        {
            self.keys.insert(record.key(), self.line_starts.len());
            self.line_starts.push(start);
            start += line.len();
        }
    }
}

/// A line this writer encoded, read back: it always parses, since it was written to.
fn parse_staged<T: Stored>(line: &[u8]) -> T {
    line::parse_line(line).expect("a line gsef encoded reads back")
}

enum Change {
    /// Lines to add at the end: their bytes, how many records, and each one's key hash and
    /// offset within `bytes`, for the key index.
    Append {
        bytes: Vec<u8>,
        records: usize,
        entries: Vec<Slot>,
    },
    /// The collection's whole new content.
    Replace { bytes: Vec<u8>, records: usize },
}

impl Change {
    fn describe(&self, path: &std::path::Path, kind: &str, plural: &str) -> String {
        match self {
            Change::Append { records, .. } => format!(
                "append {} to {}",
                count_of(*records, kind, plural),
                path.display()
            ),
            Change::Replace { records, .. } => format!(
                "rewrite {} with {}",
                path.display(),
                count_of(*records, kind, plural)
            ),
        }
    }
}

/// How to take back one write of a commit that failed part-way.
enum Undo {
    /// An append: cut the file back to its old length.
    Truncate { path: PathBuf, length: u64 },
    /// A rewrite: rename the kept old version back over the file.
    Restore {
        path: PathBuf,
        previous: Option<PathBuf>,
    },
}

/// What a commit did: nothing in a dry run, where `planned` says what it would have done.
#[derive(Debug, Default)]
pub struct Committed {
    /// One line per collection a dry run would have changed ("append 2 participants to …").
    pub planned: Vec<String>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(store: &'a Store, lock: Option<File>, repairs: Vec<String>) -> Self {
        Writer {
            store,
            _lock: lock,
            repairs,
            staged: Vec::new(),
            indexes: RefCell::new(HashMap::new()),
        }
    }

    /// The store this writer writes.
    pub fn store(&self) -> &'a Store {
        self.store
    }

    /// Every record of a collection, as this command's staged changes leave it.
    pub fn load<T: Stored>(&self) -> Result<Vec<T>> {
        match self.staged_of(T::FILE) {
            None => self.store.load(),
            Some(
                staged @ Staged {
                    change: Change::Replace { .. },
                    ..
                },
            ) => Ok(staged.records()),
            Some(staged) => {
                let mut records = self.store.load()?;
                records.extend(staged.records());
                Ok(records)
            }
        }
    }

    fn staged_of(&self, file: &str) -> Option<&Staged> {
        self.staged.iter().find(|staged| staged.file == file)
    }

    /// The record with `key` (see [`Record::key`]), found through the collection's key index
    /// instead of a read of the whole collection, and checked as strictly as a full read
    /// checks every line. A missing, stale or damaged index is rebuilt by a full strict read
    /// first, which refuses a broken collection with its `file:LINE:` as [`Writer::load`] does.
    /// Records this command staged are found as if already written.
    pub fn find<T: Stored>(&self, key: &str) -> Result<Option<T>> {
        if let Some(staged) = self.staged_of(T::FILE) {
            if let Some(&number) = staged.keys.get(key) {
                return Ok(Some(parse_staged(staged.line(number))));
            }
            if matches!(staged.change, Change::Replace { .. }) {
                return Ok(None);
            }
        }
        let mut indexes = self.indexes.borrow_mut();
        for trust_file in [true, false] {
            if !indexes.contains_key(T::FILE) {
                let opened = index::open::<T>(self.store, trust_file)?;
                indexes.insert(T::FILE, opened);
            }
            let opened = &indexes[T::FILE];
            match opened.find::<T>(key, &self.store.vocabulary) {
                Ok(found) => return Ok(found),
                // A slot, or the line it points at, is not what the index promised: it is not
                // asked again, but rebuilt from the collection (and saved over the bad one).
                Err(_) => {
                    indexes.remove(T::FILE);
                }
            }
        }
        // Even a fresh rebuild did not hold: the collection is changing under the lock (edited
        // by hand right now). A full read answers, and names any bad line.
        Ok(self
            .store
            .load::<T>()?
            .into_iter()
            .find(|record| record.key() == key))
    }

    /// True when a record with `key` exists; see [`Writer::find`].
    pub fn contains<T: Stored>(&self, key: &str) -> Result<bool> {
        Ok(self.find::<T>(key)?.is_some())
    }

    /// What taking the lock mended, for the command to tell the user.
    pub fn repairs(&self) -> &[String] {
        &self.repairs
    }

    /// True when this writer only plans its changes.
    pub fn is_dry_run(&self) -> bool {
        self.store.dry_run
    }

    /// Stages records to add at the end of their collection. Nothing is written until
    /// [`Writer::commit`]; a record that would not read back is refused now.
    pub fn append<T: Record>(&mut self, records: &[T]) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let bytes = encode_lines(records)?;
        let staged = self.staged_for::<T>();
        let offset = staged.bytes().len();
        staged.note_lines(records, &bytes, offset);
        match &mut staged.change {
            Change::Append {
                bytes: pending,
                records: count,
                entries,
            } => {
                let start = pending.len() as u64;
                entries.extend(index::appended_entries(records, &bytes, start));
                pending.extend_from_slice(&bytes);
                *count += records.len();
            }
            Change::Replace {
                bytes: pending,
                records: count,
            } => {
                pending.extend_from_slice(&bytes);
                *count += records.len();
            }
        }
        Ok(())
    }

    /// Stages the replacement of a whole collection by `records`, as [`Writer::append`] does.
    pub fn rewrite<T: Record>(&mut self, records: &[T]) -> Result<()> {
        let bytes = encode_lines(records)?;
        let staged = self.staged_for::<T>();
        staged.keys.clear();
        staged.line_starts.clear();
        staged.note_lines(records, &bytes, 0);
        staged.change = Change::Replace {
            bytes,
            records: records.len(),
        };
        Ok(())
    }

    /// The staged change of `T`'s collection, an empty append when there is none yet.
    fn staged_for<T: Record>(&mut self) -> &mut Staged {
        let position = match self.staged.iter().position(|staged| staged.file == T::FILE) {
            Some(position) => position,
            None => {
                self.staged.push(Staged {
                    file: T::FILE,
                    kind: T::KIND,
                    plural: T::PLURAL,
                    change: Change::Append {
                        bytes: Vec::new(),
                        records: 0,
                        entries: Vec::new(),
                    },
                    keys: HashMap::new(),
                    line_starts: Vec::new(),
                });
                self.staged.len() - 1
            }
        };
        &mut self.staged[position]
    }

    /// Writes every staged change, or in a dry run says what it would write. If a write fails,
    /// the ones before it are taken back and the error is returned: all or nothing.
    pub fn commit(mut self) -> Result<Committed> {
        let staged = std::mem::take(&mut self.staged);
        if self.store.dry_run {
            let planned = staged
                .iter()
                .map(|staged| {
                    let path = self.store.root.join(staged.file);
                    staged.change.describe(&path, staged.kind, staged.plural)
                })
                .collect();
            return Ok(Committed { planned });
        }
        let mut undo = Vec::new();
        let mut kept_versions = Vec::new();
        for staged in staged {
            let path = self.store.root.join(staged.file);
            let written = match staged.change {
                Change::Append { bytes, entries, .. } => {
                    file_ops::append(&path, &bytes).map(|appended| {
                        undo.push(Undo::Truncate {
                            path: path.clone(),
                            length: appended.before.len(),
                        });
                        self.index_appended(staged.file, entries, &appended);
                    })
                }
                Change::Replace { bytes, .. } => {
                    // The open index reads lines through the file being replaced: forget it
                    // now, and delete it once the new file is in place (before, its disk space
                    // could hide a full disk).
                    self.indexes.borrow_mut().remove(staged.file);
                    file_ops::write_atomically_keeping_previous(&path, &bytes).map(|previous| {
                        index::discard(&self.store.root, staged.file);
                        kept_versions.push(previous.clone());
                        undo.push(Undo::Restore {
                            path: path.clone(),
                            previous,
                        });
                    })
                }
            };
            if let Err(error) = written {
                self.take_back(undo);
                return Err(error);
            }
        }
        // Every write is in place: the old versions kept for an undo can go.
        for previous in kept_versions {
            file_ops::discard_previous_version(previous);
        }
        Ok(Committed::default())
    }

    /// Takes back a failed commit's earlier writes, newest first.
    fn take_back(&self, undo: Vec<Undo>) {
        for step in undo.into_iter().rev() {
            match step {
                Undo::Truncate { path, length } => {
                    self.drop_index(&path);
                    file_ops::truncate_back(&path, length);
                }
                Undo::Restore { path, previous } => {
                    self.drop_index(&path);
                    file_ops::restore_previous_version(&path, previous);
                }
            }
        }
    }

    /// Brings the index of the collection `file` up to date with lines just appended (whose
    /// entries have offsets within the appended bytes), when it described the collection
    /// before them; otherwise leaves it to the next lookup to rebuild. Never fails: the append
    /// is done, and a stale index is only slower, never wrong.
    fn index_appended(
        &self,
        file: &'static str,
        mut entries: Vec<Slot>,
        appended: &file_ops::Appended,
    ) {
        let mut indexes = self.indexes.borrow_mut();
        let opened = indexes.remove(file);
        let Some(after) = &appended.after else {
            index::discard(&self.store.root, file);
            return;
        };
        let before = index::Fingerprint::of(&appended.before);
        let after = index::Fingerprint::of(after);
        let Some(mut opened) = opened.or_else(|| index::open_if_fresh(self.store, file, before))
        else {
            return;
        };
        for entry in &mut entries {
            entry.offset += appended.before.len();
        }
        match opened.record_append(&entries, before, after) {
            Ok(()) => {
                indexes.insert(file, opened);
            }
            Err(_) => index::discard(&self.store.root, file),
        }
    }

    /// Forgets and deletes the index of the collection at `path`, which an undo is about to
    /// change wholesale.
    fn drop_index(&self, path: &std::path::Path) {
        if let Some(name) = path.file_name().and_then(|name| name.to_str()) {
            self.indexes.borrow_mut().remove(name);
            index::discard(&self.store.root, name);
        }
    }

    /// Deletes the key indexes that no longer match their collections (`check --repair`);
    /// returns how many.
    pub fn remove_stale_indexes(&self) -> usize {
        if self.store.dry_run {
            return 0;
        }
        self.indexes.borrow_mut().clear();
        index::remove_stale_indexes(self.store)
    }

    /// Recreates a missing collection file empty (`gsef check --repair`); in a dry run, says
    /// which it would create.
    pub fn create_missing_collections(&self) -> Result<Vec<String>> {
        let mut created = Vec::new();
        let mut result = Ok(());
        let mode = file_ops::mode_for_new_file(&self.store.root);
        let mut messages = Vec::new();
        for name in COLLECTION_FILES {
            let path = self.store.root.join(name);
            if path.exists() {
                continue;
            }
            if self.store.dry_run {
                messages.push(format!(
                    "would create the missing collection file {}",
                    path.display()
                ));
                continue;
            }
            result = file_ops::create_new_with_mode(&path, b"", mode);
            if result.is_err() {
                break;
            }
            messages.push(format!(
                "created the missing collection file {}",
                path.display()
            ));
            created.push(path);
        }
        if result.is_ok() && !created.is_empty() {
            result = file_ops::sync_folder(&self.store.root);
        }
        if let Err(error) = result {
            // The command fails, so it leaves the store as it found it.
            for path in &created {
                let _ = fs::remove_file(path);
            }
            return Err(error);
        }
        Ok(messages)
    }
}

/// The records as JSON Lines, refusing one that no reader would accept back.
fn encode_lines<T: Record>(records: &[T]) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    for record in records {
        let line = line::to_line(record);
        if line.len() - 1 > line::MAX_LINE_BYTES {
            return Err(Error::Invalid(format!(
                "{} `{}` would take {} bytes on one line; a record may take at most {}",
                T::KIND,
                record.key(),
                line.len() - 1,
                line::MAX_LINE_BYTES
            )));
        }
        bytes.extend_from_slice(&line);
    }
    Ok(bytes)
}
