//! Writing as a transaction: a command stages its changes and commits them all, or none.
//!
//! A [`Writer`] holds the store's exclusive lock (a shared one in a dry run, which writes
//! nothing) from the moment it is taken until it is dropped, so what a command read is still
//! true when it writes. Its changes are staged first: [`Writer::append`] and
//! [`Writer::rewrite`] encode the records there and then, so a record no reader would take
//! back is refused before any file is touched, and the writer's own reads ([`Writer::load`],
//! [`Writer::find`]) see what it staged. [`Writer::commit`] writes each changed
//! collection once, in the order they were first staged, through the journal when it changes
//! more than one line (see `store::journal`): all of it or none of it, whether a write fails or
//! the process is killed. Dropping a writer without committing writes nothing.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

use rustc_hash::FxHashMap;
use std::fs;

use super::file_ops;
use super::index::{self, Slot};
use super::journal::{self, Journal, Step};
use super::layout;
use super::line::{self, Stored};
use super::lock::Lock;
use super::{COLLECTION_FILES, MANIFEST_FILE, Store};
use crate::error::{Error, Result};
use crate::model::Record;
use crate::model::record::count_of;

/// Read and write access under the store's lock, held until the writer is dropped.
pub struct Writer<'a> {
    store: &'a Store,
    _lock: Lock,
    repairs: Vec<String>,
    /// What the writer tidied on the way in, not worth a warning (see [`Writer::tidied`]).
    tidied: Vec<String>,
    /// The changes of this command, one per collection, in the order first staged.
    staged: Vec<Staged>,
    /// The key indexes this command has opened, kept up to date with its appends.
    indexes: RefCell<index::OpenIndexes>,
    /// The lowest format version that holds every record staged (see
    /// [`Record::format_version`]); a commit raises the manifest's to it.
    format_needed: u32,
}

/// What one collection will become when the writer commits.
struct Staged {
    file: &'static str,
    kind: &'static str,
    plural: &'static str,
    change: Change,
    /// Where each staged line starts in the change's bytes.
    line_starts: Vec<usize>,
    /// The key of a staged line (the kind's [`Record::key`] of the line read back).
    key_of_line: fn(&[u8]) -> String,
    /// The staged lines by key, so that the writer's own reads see what it staged; worked out
    /// at the first lookup, since an import stages a hundred thousand people and most commands
    /// never look one up again.
    by_key: OnceCell<FxHashMap<String, usize>>,
}

impl Staged {
    fn record_count(&self) -> usize {
        match &self.change {
            Change::Append { records, .. } | Change::Replace { records, .. } => *records,
        }
    }

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

    /// The number of the staged line with `key`.
    fn line_of(&self, key: &str) -> Option<usize> {
        self.by_key
            .get_or_init(|| {
                (0..self.line_starts.len())
                    .map(|number| ((self.key_of_line)(self.line(number)), number))
                    .collect()
            })
            .get(key)
            .copied()
    }

    /// Notes where the lines of `bytes`, just staged at `offset`, start.
    fn note_lines(&mut self, bytes: &[u8], offset: usize) {
        self.by_key = OnceCell::new();
        let mut start = offset;
        for line in bytes.split_inclusive(|&byte| byte == b'\n') {
            self.line_starts.push(start);
            start += line.len();
        }
    }
}

/// A line this writer encoded, read back: it always parses, since it was written to.
fn parse_staged<T: Stored>(line: &[u8]) -> T {
    line::parse_line(line).expect("a line gsef encoded reads back")
}

fn key_of_staged<T: Stored>(line: &[u8]) -> String {
    parse_staged::<T>(line).key()
}

enum Change {
    /// Lines to add at the end: their bytes, and how many records.
    Append { bytes: Vec<u8>, records: usize },
    /// The collection's whole new content.
    Replace { bytes: Vec<u8>, records: usize },
}

impl Change {
    fn describe(&self, path: &std::path::Path, kind: &str, plural: &str) -> String {
        if kind == "manifest" {
            return format!(
                "raise the store's format version in {} (older gsef versions then leave the store alone)",
                path.display()
            );
        }
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

/// What a commit did: nothing in a dry run, where `planned` says what it would have done.
#[derive(Debug, Default)]
pub struct Committed {
    /// One line per collection a dry run would have changed ("append 2 participants to …").
    pub planned: Vec<String>,
}

impl<'a> Writer<'a> {
    pub(super) fn new(
        store: &'a Store,
        lock: Lock,
        repairs: Vec<String>,
        tidied: Vec<String>,
    ) -> Self {
        Writer {
            store,
            _lock: lock,
            repairs,
            tidied,
            staged: Vec::new(),
            indexes: RefCell::new(HashMap::new()),
            format_needed: 1,
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
            if let Some(number) = staged.line_of(key) {
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

    /// What opening the writer put in gsef's own form without changing a record: a line end
    /// added after a last record that had none. Said by `check --repair`, silent elsewhere.
    pub fn tidied(&self) -> &[String] {
        &self.tidied
    }

    /// True when this writer only plans its changes.
    pub fn is_dry_run(&self) -> bool {
        self.store.dry_run
    }

    /// Stages records to add at the end of their collection. Nothing is written until
    /// [`Writer::commit`]; a record that would not read back is refused now.
    pub fn append<T: Stored>(&mut self, records: &[T]) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let bytes = encode_lines(records)?;
        self.note_format_of(records);
        let staged = self.staged_for::<T>();
        let offset = staged.bytes().len();
        staged.note_lines(&bytes, offset);
        match &mut staged.change {
            Change::Append {
                bytes: pending,
                records: count,
            } => {
                // Moved in when it is the first, so a large batch is never held twice.
                if pending.is_empty() {
                    *pending = bytes;
                } else {
                    pending.extend_from_slice(&bytes);
                }
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
    pub fn rewrite<T: Stored>(&mut self, records: &[T]) -> Result<()> {
        let bytes = encode_lines(records)?;
        self.note_format_of(records);
        let staged = self.staged_for::<T>();
        staged.line_starts.clear();
        staged.note_lines(&bytes, 0);
        staged.change = Change::Replace {
            bytes,
            records: records.len(),
        };
        Ok(())
    }

    fn note_format_of<T: Record>(&mut self, records: &[T]) {
        let needed = records.iter().map(Record::format_version).max();
        self.format_needed = self.format_needed.max(needed.unwrap_or(1));
    }

    /// The manifest raised to the format version the staged records need, when they need a
    /// newer one than the store's: staged with them, so the records and the version that
    /// tells an older gsef to keep away land together or not at all.
    fn stage_format_upgrade(&mut self) {
        let manifest = self.store.manifest();
        if self.format_needed <= manifest.version {
            return;
        }
        let mut raised = manifest.clone();
        raised.version = self.format_needed;
        self.staged.push(Staged {
            file: MANIFEST_FILE,
            kind: "manifest",
            plural: "manifests",
            change: Change::Replace {
                bytes: raised.to_bytes(),
                records: 1,
            },
            line_starts: Vec::new(),
            key_of_line: |_| String::new(),
            by_key: OnceCell::new(),
        });
    }

    /// The staged change of `T`'s collection, an empty append when there is none yet.
    fn staged_for<T: Stored>(&mut self) -> &mut Staged {
        let position = match self.staged.iter().position(|staged| staged.file == T::FILE) {
            Some(position) => position,
            None => {
                // A collection the store predates has no file to append to: its first
                // records make the file, written whole like any replacement.
                let missing = T::OPTIONAL && !self.store.root.join(T::FILE).exists();
                let change = if missing {
                    Change::Replace {
                        bytes: Vec::new(),
                        records: 0,
                    }
                } else {
                    Change::Append {
                        bytes: Vec::new(),
                        records: 0,
                    }
                };
                self.staged.push(Staged {
                    file: T::FILE,
                    kind: T::KIND,
                    plural: T::PLURAL,
                    change,
                    line_starts: Vec::new(),
                    key_of_line: key_of_staged::<T>,
                    by_key: OnceCell::new(),
                });
                self.staged.len() - 1
            }
        };
        &mut self.staged[position]
    }

    /// Writes every staged change, or in a dry run says what it would write. If a write fails,
    /// the ones before it are taken back and the error is returned: all or nothing.
    pub fn commit(mut self) -> Result<Committed> {
        self.stage_format_upgrade();
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
        let staged: Vec<Staged> = staged
            .into_iter()
            .filter(|staged| {
                staged.record_count() > 0 || matches!(staged.change, Change::Replace { .. })
            })
            .collect();
        match staged.as_slice() {
            [] => {}
            // One line added to one collection is one small write: a crash leaves all of it or
            // a torn line, which the next writer removes. It needs no journal.
            [only] if matches!(only.change, Change::Append { records: 1, .. }) => {
                self.append_directly(only)?;
            }
            // One collection replaced is one rename.
            [only] if matches!(only.change, Change::Replace { .. }) => {
                self.replace_directly(only)?;
            }
            _ => self.commit_with_journal(&staged)?,
        }
        Ok(Committed::default())
    }

    fn append_directly(&self, staged: &Staged) -> Result<()> {
        let path = self.store.root.join(staged.file);
        let appended = file_ops::append(&path, staged.bytes())?;
        self.index_appended(staged, &appended);
        Ok(())
    }

    fn replace_directly(&self, staged: &Staged) -> Result<()> {
        let path = self.store.root.join(staged.file);
        // The open index reads lines through the file being replaced: forget it now, and
        // delete it once the new file is in place (before, its disk space could hide a full
        // disk).
        self.indexes.borrow_mut().remove(staged.file);
        let previous = file_ops::write_atomically_keeping_previous(&path, staged.bytes())?;
        index::discard(&self.store.root, staged.file);
        file_ops::discard_previous_version(previous);
        Ok(())
    }

    /// Several collections, or several lines: through the journal, so that a crash at any
    /// point leaves all of the change or none of it (see `store::journal`).
    fn commit_with_journal(&self, staged: &[Staged]) -> Result<()> {
        let root = &self.store.root;
        let mut steps: Vec<Step> = Vec::with_capacity(staged.len());
        let give_up = |steps: &[Step], error: Error| {
            for step in steps {
                step.discard(root);
            }
            error
        };
        for one in staged {
            let made = match &one.change {
                Change::Replace { bytes, .. } => Step::replacement(root, one.file, bytes),
                Change::Append { bytes, .. } => Step::append(root, one.file, bytes),
            };
            match made {
                Ok(step) => steps.push(step),
                Err(error) => return Err(give_up(&steps, error)),
            }
        }
        let journal = Journal::new(steps);
        if let Err(error) = journal.commit(root) {
            return Err(give_up(&journal.steps, error));
        }
        // Committed: from here a crash is settled by the next gsef.
        for one in staged {
            if matches!(one.change, Change::Replace { .. }) {
                self.indexes.borrow_mut().remove(one.file);
            }
        }
        let lines_of = |collection: &str| {
            staged
                .iter()
                .find(|one| one.file == collection)
                .map_or(&[][..], Staged::bytes)
        };
        match journal.carry_out(root, lines_of) {
            Ok(appended) => {
                for one in staged {
                    match appended.iter().find(|(file, _)| file == one.file) {
                        Some((_, appended)) => self.index_appended(one, appended),
                        None => index::discard(root, one.file),
                    }
                }
                Ok(())
            }
            Err(error) => {
                for one in staged {
                    self.drop_index(&root.join(one.file));
                }
                if journal.roll_back(root) {
                    Err(error)
                } else {
                    let mut message = error.to_string();
                    let mut cause = std::error::Error::source(&error);
                    while let Some(reason) = cause {
                        message.push_str(&format!(": {reason}"));
                        cause = reason.source();
                    }
                    Err(Error::Invalid(format!(
                        "{message}; the change is recorded in {} and the next gsef command settles it",
                        root.join(journal::JOURNAL_FILE).display()
                    )))
                }
            }
        }
    }

    /// Brings the index of the staged collection up to date with the lines just appended, when
    /// it described the collection before them; otherwise leaves it to the next lookup to rebuild. Never fails: the append
    /// is done, and a stale index is only slower, never wrong.
    fn index_appended(&self, staged: &Staged, appended: &file_ops::Appended) {
        let file = staged.file;
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
        let start = appended.before.len();
        let entries: Vec<Slot> = (0..staged.line_starts.len())
            .map(|number| Slot {
                hash: index::key_hash(&(staged.key_of_line)(staged.line(number))),
                offset: start + staged.line_starts[number] as u64,
            })
            .collect();
        match opened.record_append(&entries, staged.bytes(), before, after) {
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

    /// Rewrites each collection that holds what readers forgive (CRLF, a byte order mark,
    /// blank lines, no line end after the last record) as gsef writes one, its records byte
    /// for byte; says what it did for each. One file at a time, each atomically: the two
    /// forms read the same, so a crash between files leaves nothing half done.
    pub fn rewrite_in_canonical_form(&self) -> Result<Vec<String>> {
        let mut messages = Vec::new();
        for name in super::every_collection_file() {
            let path = self.store.root.join(name);
            let Some(bytes) = file_ops::read_if_exists(&path)? else {
                continue;
            };
            let found = layout::Layout::of(&bytes);
            if found.is_canonical() {
                continue;
            }
            if self.store.dry_run {
                messages.push(format!("would rewrite {} without {found}", path.display()));
                continue;
            }
            file_ops::write_atomically(&path, &layout::canonical(&bytes))?;
            // Every line moved: the key index is rebuilt when next asked.
            index::discard(&self.store.root, name);
            messages.push(format!("rewrote {} without {found}", path.display()));
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::model::{Manifest, Participant, SectorVocabulary};

    fn person(id: &str) -> Participant {
        serde_json::from_value(serde_json::json!({"id": id, "name": id, "sector": "sse"})).unwrap()
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("records");
        Store::init(
            &root,
            &Manifest::new(&SectorVocabulary::default_vocabulary()),
        )
        .unwrap();
        let store = Store::open(&root, Duration::from_secs(1)).unwrap();
        (dir, store)
    }

    /// The writer's own reads see what it staged, a dropped writer writes nothing, and the key
    /// index files an append's lines where they landed.
    #[test]
    fn reads_see_what_is_staged_and_only_a_commit_writes() {
        let (_dir, store) = store();
        let mut writer = store.writer().unwrap();
        writer.append(&[person("a"), person("bb")]).unwrap();
        assert_eq!(
            writer.find::<Participant>("bb").unwrap(),
            Some(person("bb"))
        );
        assert_eq!(writer.load::<Participant>().unwrap().len(), 2);
        drop(writer);
        assert!(store.load::<Participant>().unwrap().is_empty());

        let mut writer = store.writer().unwrap();
        writer.append(&[person("a")]).unwrap();
        writer.commit().unwrap();
        let mut writer = store.writer().unwrap();
        // A lookup opens (and saves) the index; the append then files its lines in it.
        assert!(!writer.contains::<Participant>("zz").unwrap());
        writer.append(&[person("bb"), person("ccc")]).unwrap();
        writer.commit().unwrap();
        let writer = store.writer().unwrap();
        assert_eq!(
            writer.find::<Participant>("ccc").unwrap(),
            Some(person("ccc"))
        );
        assert_eq!(writer.find::<Participant>("a").unwrap(), Some(person("a")));
        drop(writer);

        let mut writer = store.writer().unwrap();
        writer.rewrite(&[person("x")]).unwrap();
        assert_eq!(writer.find::<Participant>("a").unwrap(), None);
        writer.append(&[person("y")]).unwrap();
        assert_eq!(
            writer.load::<Participant>().unwrap(),
            [person("x"), person("y")]
        );
    }
}
