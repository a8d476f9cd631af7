//! The records store: the only code that touches the filesystem.
//!
//! A store is a folder with a manifest (`gsef.json`) and one JSON Lines file per collection.
//! Readers hold a shared lock and writers an exclusive one for the whole of a command, so a
//! command sees one consistent state across collections and two writers never interleave.

pub mod check;
pub mod chunked;
pub mod content_hash;
pub mod file_ops;
pub mod index;
pub mod jsonl;
pub mod lock;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fs::{self, DirBuilder, File};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::attendance::AttendanceRow;
use crate::model::manifest::{FORMAT_NAME, FORMAT_VERSION};
use crate::model::participant::ParticipantRow;
use crate::model::record::count_of;
use crate::model::{Attendance, Event, Manifest, Participant, Record, SectorVocabulary, Series};
use jsonl::LineFailure;
use lock::LockMode;

/// The manifest's file name inside the store folder.
pub const MANIFEST_FILE: &str = "gsef.json";

/// Every collection file, in the order `init` creates and `check` reads them.
pub const COLLECTION_FILES: [&str; 4] = [
    Series::FILE,
    Event::FILE,
    Participant::FILE,
    Attendance::FILE,
];

/// Kept in the store so git ignores the lock and any temporary file a crash left behind.
const GITIGNORE: &str =
    "# Written by gsef: the lock file and temporary files are not records.\n.gsef.lock\n.*.tmp-*\n";

/// An opened store: its folder and manifest. Reading and writing go through [`Reader`] and [`Writer`].
#[derive(Debug)]
pub struct Store {
    root: PathBuf,
    manifest: Manifest,
    vocabulary: SectorVocabulary,
    lock_timeout: Duration,
    /// When set, writers check and plan every change but write nothing (`--dry-run`).
    dry_run: bool,
}

impl Store {
    /// Refuses a folder that already holds a store or record files, before anything is created.
    pub fn check_can_init(root: &Path) -> Result<()> {
        if root.join(MANIFEST_FILE).exists() {
            return Err(Error::StoreExists {
                path: root.to_path_buf(),
            });
        }
        if let Some(existing) = COLLECTION_FILES
            .iter()
            .map(|name| root.join(name))
            .find(|path| path.exists())
        {
            return Err(Error::NotAStore {
                path: root.to_path_buf(),
                reason: format!(
                    "{} exists without a manifest; refusing to overwrite it",
                    existing.display()
                ),
            });
        }
        Ok(())
    }

    /// Creates a new store at `root` (the folder may exist if it is empty).
    pub fn init(root: &Path, manifest: &Manifest) -> Result<()> {
        Store::check_can_init(root)?;
        let folder_existed = root.exists();
        DirBuilder::new()
            .recursive(true)
            .mode(file_ops::PRIVATE_DIR_MODE)
            .create(root)
            .map_err(|source| Error::io("create the store folder", root, source))?;
        let mut created = Vec::new();
        let result = Self::create_store_files(root, manifest, &mut created);
        if result.is_err() {
            // A failed init leaves the folder as it found it, so the next attempt starts clean
            // instead of tripping over half a store.
            for path in created.iter().rev() {
                let _ = fs::remove_file(path);
            }
            if !folder_existed {
                let _ = fs::remove_dir(root);
            }
        }
        result
    }

    /// Writes the files of a new store, noting each one it created.
    fn create_store_files(
        root: &Path,
        manifest: &Manifest,
        created: &mut Vec<PathBuf>,
    ) -> Result<()> {
        let mut create = |path: PathBuf, bytes: &[u8]| {
            let existed = path.exists();
            let result = file_ops::create_new(&path, bytes);
            // create_new makes the file before writing it, so a failed write leaves one behind.
            if !existed && path.exists() {
                created.push(path);
            }
            result
        };
        for name in COLLECTION_FILES {
            create(root.join(name), b"")?;
        }
        let gitignore = root.join(".gitignore");
        if !gitignore.exists() {
            // A folder that already has its own .gitignore keeps it.
            create(gitignore, GITIGNORE.as_bytes())?;
        }
        // The manifest goes last: a store is a store only once all of it is there.
        let mut manifest_bytes =
            serde_json::to_vec_pretty(manifest).expect("a manifest serialises");
        manifest_bytes.push(b'\n');
        create(root.join(MANIFEST_FILE), &manifest_bytes)?;
        file_ops::sync_folder(root)
    }

    /// Opens the store at `root`, reading and checking its manifest.
    pub fn open(root: &Path, lock_timeout: Duration) -> Result<Store> {
        let manifest_path = root.join(MANIFEST_FILE);
        let Some(bytes) = file_ops::read_if_exists(&manifest_path)? else {
            return Err(Error::NoStore {
                path: root.to_path_buf(),
            });
        };
        let not_a_store = |reason: String| Error::NotAStore {
            path: manifest_path.clone(),
            reason,
        };
        let manifest: Manifest = serde_json::from_slice(&bytes)
            .map_err(|error| not_a_store(format!("its manifest is not valid: {error}")))?;
        if manifest.format != FORMAT_NAME {
            return Err(not_a_store(format!(
                "`format` is `{}`, expected `{FORMAT_NAME}`",
                manifest.format
            )));
        }
        let vocabulary = manifest.vocabulary();
        Ok(Store {
            root: root.to_path_buf(),
            manifest,
            vocabulary,
            lock_timeout,
            dry_run: false,
        })
    }

    /// Makes every writer of this store plan its changes instead of making them.
    pub fn with_dry_run(mut self, dry_run: bool) -> Store {
        self.dry_run = dry_run;
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn vocabulary(&self) -> &SectorVocabulary {
        &self.vocabulary
    }

    pub fn path_of<T: Record>(&self) -> PathBuf {
        self.root.join(T::FILE)
    }

    /// Takes the shared lock for reading a consistent state of every collection.
    pub fn reader(&self) -> Result<Reader<'_>> {
        let lock = lock::acquire(&self.root, LockMode::Shared, self.lock_timeout)?;
        Ok(Reader {
            store: self,
            _lock: lock,
        })
    }

    /// Takes the exclusive lock for a read-check-write, after mending what a crash left behind.
    pub fn writer(&self) -> Result<Writer<'_>> {
        if self.manifest.is_from_the_future() {
            return Err(Error::FutureVersion {
                path: self.root.clone(),
                version: self.manifest.version,
                supported: FORMAT_VERSION,
            });
        }
        let lock = lock::acquire(&self.root, LockMode::Exclusive, self.lock_timeout)?
            .expect("an exclusive lock is always taken or refused");
        // A dry run mends nothing either: it reports a torn line as an error instead.
        let repairs = if self.dry_run {
            Vec::new()
        } else {
            self.repair_interrupted_writes()?
        };
        Ok(Writer {
            store: self,
            _lock: lock,
            repairs,
            undo: RefCell::new(Vec::new()),
            planned: RefCell::new(Vec::new()),
            indexes: RefCell::new(HashMap::new()),
        })
    }

    /// Removes torn last lines and stale temporary files; only safe under the exclusive lock.
    fn repair_interrupted_writes(&self) -> Result<Vec<String>> {
        let mut repairs = Vec::new();
        for name in COLLECTION_FILES {
            let path = self.root.join(name);
            let removed = file_ops::remove_torn_tail(&path)?;
            if removed > 0 {
                repairs.push(format!(
                    "removed an incomplete last line ({removed} bytes) that an interrupted write left in {}",
                    path.display()
                ));
            }
        }
        let temp_files = file_ops::remove_stale_temp_files(&self.root)?;
        if temp_files > 0 {
            repairs.push(format!(
                "removed {temp_files} temporary file(s) that an interrupted write left behind"
            ));
        }
        // An interrupted index write is not worth a warning: the index is only a cache.
        index::remove_stale_temp_files(&self.root);
        Ok(repairs)
    }

    fn load<T: Record>(&self) -> Result<Vec<T>> {
        Ok(self
            .load_numbered::<T>()?
            .into_iter()
            .map(|(_, record)| record)
            .collect())
    }

    /// A collection file's path and bytes; a missing file is an incomplete store.
    ///
    /// Read on every core: a large collection is read whole by every command that loads it.
    fn read_collection<T: Record>(&self) -> Result<(PathBuf, Vec<u8>)> {
        let (path, file) = self.open_collection::<T>()?;
        let bytes = chunked::read_whole(&path, &file)?;
        Ok((path, bytes))
    }

    /// A collection file's path and the file, open to read; a missing file is an incomplete
    /// store.
    fn open_collection<T: Record>(&self) -> Result<(PathBuf, File)> {
        let path = self.path_of::<T>();
        let file = file_ops::open_to_read_if_exists(&path)?
            .ok_or_else(|| self.missing_collection::<T>())?;
        Ok((path, file))
    }

    fn missing_collection<T: Record>(&self) -> Error {
        Error::NotAStore {
            path: self.root.clone(),
            reason: format!(
                "its collection file {} is missing; `gsef check --repair` recreates it empty",
                T::FILE
            ),
        }
    }

    fn fold_attendance_rows<A: Send>(
        &self,
        init: impl Fn() -> A + Sync,
        fold: impl Fn(&mut A, &AttendanceRow<'_>) -> Result<()> + Sync,
    ) -> Result<Vec<A>> {
        let (path, file) = self.open_collection::<Attendance>()?;
        chunked::fold_file_lines(&path, &file, init, |accumulator, line| {
            let row = jsonl::parse_attendance_line(line).map_err(LineFailure::Bad)?;
            fold(accumulator, &row).map_err(LineFailure::Fold)
        })
    }

    fn load_numbered<T: Record>(&self) -> Result<Vec<(usize, T)>> {
        let (path, bytes) = self.read_collection::<T>()?;
        // A record that parses but breaks the format (an unknown sector, an id like `../x`) is
        // refused too: a report that counted around it would be silently wrong.
        let records = jsonl::parse_collection_checked::<T>(&path, &bytes, |record| {
            record
                .problems(&self.vocabulary)
                .into_iter()
                .next()
                .map(|problem| problem.to_string())
        })?;
        Ok(records)
    }
}

/// Read access under the shared lock.
pub struct Reader<'a> {
    store: &'a Store,
    _lock: Option<File>,
}

impl Reader<'_> {
    pub fn load<T: Record>(&self) -> Result<Vec<T>> {
        self.store.load()
    }

    pub fn load_numbered<T: Record>(&self) -> Result<Vec<(usize, T)>> {
        self.store.load_numbered()
    }

    /// Reads the attendance collection on every core without holding it whole: `fold` gets
    /// each record, as a borrowed [`AttendanceRow`] (far cheaper to read than the full record,
    /// and all a count needs), with its thread's accumulator. Returns the accumulators, to be
    /// merged. Every line is checked as [`Reader::load`] checks it.
    pub fn fold_attendance_rows<A: Send>(
        &self,
        init: impl Fn() -> A + Sync,
        fold: impl Fn(&mut A, &AttendanceRow<'_>) -> Result<()> + Sync,
    ) -> Result<Vec<A>> {
        self.store.fold_attendance_rows(init, fold)
    }
}

impl<'s> Reader<'s> {
    /// The participants collection's text, for reading people as rows that borrow from it.
    pub fn participants_text(&self) -> Result<CollectionText<'s>> {
        let (path, bytes) = self.store.read_collection::<Participant>()?;
        Ok(CollectionText {
            path,
            bytes,
            sectors: &self.store.vocabulary,
        })
    }
}

/// A collection file's text, read once and kept, so records read from it can borrow from it.
pub struct CollectionText<'s> {
    path: PathBuf,
    bytes: Vec<u8>,
    sectors: &'s SectorVocabulary,
}

impl CollectionText<'_> {
    /// Every participant as the fields a report reads, on every core, each line checked as
    /// [`Reader::load`] checks it; no text is copied for a line in gsef's own shape.
    pub fn participant_rows(&self) -> Result<Vec<ParticipantRow<'_>>> {
        let pieces = jsonl::fold_lines(&self.path, &self.bytes, Vec::new, |rows, line| {
            let row = jsonl::parse_participant_row(line, self.sectors).map_err(LineFailure::Bad)?;
            rows.push(row);
            Ok(())
        })?;
        // Grow the first piece in place (a large allocation is remapped, not copied) and move
        // the others onto its end: copying every row into a new vector took 20 ms on the
        // large store, on one core.
        let mut pieces = pieces.into_iter();
        let mut rows = pieces.next().unwrap_or_default();
        let rest: Vec<_> = pieces.collect();
        rows.reserve_exact(rest.iter().map(Vec::len).sum());
        for mut piece in rest {
            rows.append(&mut piece);
        }
        Ok(rows)
    }
}

/// Read and write access under the exclusive lock, held until the writer is dropped.
///
/// A command that writes several collections (`remove --force` writes attendance, then people)
/// is all or nothing when a write fails: the writer keeps how to undo each earlier write until
/// it is dropped, and undoes them all before reporting the failure. A crash, which runs no undo,
/// can still leave such a command half done; every collection is whole either way.
pub struct Writer<'a> {
    store: &'a Store,
    _lock: File,
    repairs: Vec<String>,
    undo: RefCell<Vec<Undo>>,
    /// In a dry run, the changes that would have been made, in order.
    planned: RefCell<Vec<String>>,
    /// The key indexes this command has opened, kept up to date with its appends.
    indexes: RefCell<index::OpenIndexes>,
}

/// How to take back one write of the current command.
enum Undo {
    /// An append: cut the file back to its old length.
    Truncate { path: PathBuf, length: u64 },
    /// A rewrite: rename the kept old version back over the file.
    Restore {
        path: PathBuf,
        previous: Option<PathBuf>,
    },
}

impl Writer<'_> {
    pub fn load<T: Record>(&self) -> Result<Vec<T>> {
        self.store.load()
    }

    /// The record with `key` (see [`Record::key`]), found through the collection's key index
    /// instead of a read of the whole collection, and checked as strictly as a full read
    /// checks every line. A missing, stale or damaged index is rebuilt by a full strict read
    /// first, which refuses a broken collection with its `file:LINE:` as [`Writer::load`] does.
    pub fn find<T: Record>(&self, key: &str) -> Result<Option<T>> {
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
    pub fn contains<T: Record>(&self, key: &str) -> Result<bool> {
        Ok(self.find::<T>(key)?.is_some())
    }

    /// Brings the index of `T` up to date with lines just appended, when it described the
    /// collection before them; otherwise leaves it to the next lookup to rebuild. Never fails:
    /// the append is done and acknowledged, and a stale index is only slower, never wrong.
    fn index_appended<T: Record>(
        &self,
        records: &[T],
        bytes: &[u8],
        appended: &file_ops::Appended,
    ) {
        let mut indexes = self.indexes.borrow_mut();
        let opened = indexes.remove(T::FILE);
        let Some(after) = &appended.after else {
            index::discard(&self.store.root, T::FILE);
            return;
        };
        let before = index::Fingerprint::of(&appended.before);
        let after = index::Fingerprint::of(after);
        let Some(mut opened) = opened.or_else(|| index::open_if_fresh::<T>(self.store, before))
        else {
            return;
        };
        let entries = index::appended_entries(records, bytes, appended.before.len());
        match opened.record_append(&entries, before, after) {
            Ok(()) => {
                indexes.insert(T::FILE, opened);
            }
            Err(_) => index::discard(&self.store.root, T::FILE),
        }
    }

    /// Forgets and deletes the index of the collection at `path`, which a rewrite or an undo
    /// is about to change wholesale.
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

    /// What taking the lock mended, for the command to tell the user.
    pub fn repairs(&self) -> &[String] {
        &self.repairs
    }

    /// True when this writer only plans its changes.
    pub fn is_dry_run(&self) -> bool {
        self.store.dry_run
    }

    /// What a dry run would have changed, one line per write.
    pub fn planned_changes(&self) -> Vec<String> {
        self.planned.borrow().clone()
    }

    fn plan(&self, change: String) {
        self.planned.borrow_mut().push(change);
    }

    /// Adds records at the end of their collection in one write.
    pub fn append<T: Record>(&self, records: &[T]) -> Result<()> {
        let bytes = self.encode_lines(records)?;
        let path = self.store.path_of::<T>();
        if self.store.dry_run {
            self.plan(format!(
                "append {} to {}",
                count_of(records.len(), T::KIND, T::PLURAL),
                path.display()
            ));
            return Ok(());
        }
        match file_ops::append(&path, &bytes) {
            Ok(appended) => {
                let length = appended.before.len();
                self.undo.borrow_mut().push(Undo::Truncate { path, length });
                self.index_appended(records, &bytes, &appended);
                Ok(())
            }
            Err(error) => Err(self.undo_earlier_writes(error)),
        }
    }

    /// Replaces a whole collection atomically.
    pub fn rewrite<T: Record>(&self, records: &[T]) -> Result<()> {
        let bytes = self.encode_lines(records)?;
        let path = self.store.path_of::<T>();
        if self.store.dry_run {
            self.plan(format!(
                "rewrite {} with {}",
                path.display(),
                count_of(records.len(), T::KIND, T::PLURAL)
            ));
            return Ok(());
        }
        // The open index reads lines through the file being replaced: forget it now, and delete
        // it once the new file is in place (before, its disk space could hide a full disk).
        self.indexes.borrow_mut().remove(T::FILE);
        match file_ops::write_atomically_keeping_previous(&path, &bytes) {
            Ok(previous) => {
                index::discard(&self.store.root, T::FILE);
                self.undo
                    .borrow_mut()
                    .push(Undo::Restore { path, previous });
                Ok(())
            }
            Err(error) => Err(self.undo_earlier_writes(error)),
        }
    }

    /// Takes back this command's earlier writes, newest first, and passes the error on.
    fn undo_earlier_writes(&self, error: Error) -> Error {
        while let Some(undo) = self.undo.borrow_mut().pop() {
            match undo {
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
        error
    }

    /// The records as JSON Lines, refusing one that no reader would accept back.
    fn encode_lines<T: Record>(&self, records: &[T]) -> Result<Vec<u8>> {
        let mut bytes = Vec::new();
        for record in records {
            let line = jsonl::to_line(record);
            if line.len() - 1 > jsonl::MAX_LINE_BYTES {
                return Err(Error::Invalid(format!(
                    "{} `{}` would take {} bytes on one line; a record may take at most {}",
                    T::KIND,
                    record.key(),
                    line.len() - 1,
                    jsonl::MAX_LINE_BYTES
                )));
            }
            bytes.extend_from_slice(&line);
        }
        Ok(bytes)
    }

    /// Recreates a missing collection file empty (`gsef check --repair`).
    pub fn create_missing_collections(&self) -> Result<Vec<String>> {
        let mut created = Vec::new();
        let mut result = Ok(());
        let mode = file_ops::mode_for_new_file(&self.store.root);
        for name in COLLECTION_FILES {
            let path = self.store.root.join(name);
            if !path.exists() {
                if self.store.dry_run {
                    self.plan(format!(
                        "create the missing collection file {}",
                        path.display()
                    ));
                    continue;
                }
                result = file_ops::create_new_with_mode(&path, b"", mode);
                if result.is_err() {
                    break;
                }
                created.push(path);
            }
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
        Ok(created
            .iter()
            .map(|path| format!("created the missing collection file {}", path.display()))
            .collect())
    }
}

impl Drop for Writer<'_> {
    /// The command is done (or gave up without a failed write): the kept old versions can go.
    /// Runs before the lock is released, since fields are dropped after this.
    fn drop(&mut self) {
        for undo in self.undo.get_mut().drain(..) {
            if let Undo::Restore { previous, .. } = undo {
                file_ops::discard_previous_version(previous);
            }
        }
    }
}
