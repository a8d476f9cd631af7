//! The records store: the only code that touches the filesystem.
//!
//! A store is a folder with a manifest (`gsef.json`) and one JSON Lines file per collection.
//! Readers hold a shared lock and writers an exclusive one for the whole of a command, so a
//! command sees one consistent state across collections and two writers never interleave.

pub mod check;
pub mod content_hash;
pub mod file_ops;
pub mod hand_edited;
pub mod index;
pub mod journal;
pub mod line;
pub mod lines;
pub mod lock;
pub mod ops;
pub mod output_file;
pub mod three_way;
pub mod writer;

use std::fs::{self, DirBuilder, File};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::manifest::{FORMAT_NAME, FORMAT_VERSION};
use crate::model::{Attendance, Event, Manifest, Participant, Record, SectorVocabulary, Series};
pub use line::Stored;
use lines::LineFailure;
use lock::LockMode;
pub use writer::Writer;

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
        create(root.join(MANIFEST_FILE), &manifest.to_bytes())?;
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
        manifest
            .consent_vocabulary()
            .map_err(|reason| not_a_store(format!("its manifest is not valid: {reason}")))?;
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
    ///
    /// A change an interrupted gsef committed but did not finish (see [`journal`]) is completed
    /// first, under the exclusive lock, so that nothing is ever read half made.
    pub fn reader(&self) -> Result<Reader<'_>> {
        loop {
            let lock = lock::acquire(&self.root, LockMode::Shared, self.lock_timeout)?;
            if !journal::is_pending(&self.root) {
                return Ok(Reader {
                    store: self,
                    _lock: lock,
                });
            }
            drop(lock);
            self.settle_pending_change()?;
        }
    }

    /// Settles a change that an interrupted gsef began but did not finish (completed, or taken
    /// back when it cannot be, see [`journal`]), under the
    /// exclusive lock; says what it did, or `None` when there was nothing to do.
    pub fn settle_pending_change(&self) -> Result<Option<String>> {
        if !journal::is_pending(&self.root) {
            return Ok(None);
        }
        if self.dry_run {
            return Err(Error::ChangePending {
                path: self.root.clone(),
            });
        }
        let _lock = lock::acquire(&self.root, LockMode::Exclusive, self.lock_timeout)?;
        self.settle_pending_change_locked()
    }

    /// [`Store::settle_pending_change`], for a caller that holds the exclusive lock.
    fn settle_pending_change_locked(&self) -> Result<Option<String>> {
        let Some(pending) = journal::Journal::pending(&self.root)? else {
            return Ok(None);
        };
        let made = pending.settle(&self.root)?;
        let collections: Vec<&str> = pending
            .steps
            .iter()
            .map(journal::Step::collection)
            .collect();
        for collection in &collections {
            // The change went through no index; each is rebuilt when next asked.
            index::discard(&self.root, collection);
        }
        let what = if made {
            "completed a change that an interrupted gsef had committed but not finished"
        } else {
            "took back a change that an interrupted gsef had begun but not finished"
        };
        Ok(Some(format!("{what} ({})", collections.join(", "))))
    }

    /// Takes the exclusive lock for a read-check-write, after mending what a crash left behind.
    ///
    /// A dry run writes nothing, so it takes the shared lock and never blocks other readers.
    pub fn writer(&self) -> Result<Writer<'_>> {
        if self.manifest.is_from_the_future() {
            return Err(Error::FutureVersion {
                path: self.root.clone(),
                version: self.manifest.version,
                supported: FORMAT_VERSION,
            });
        }
        if self.dry_run {
            // A dry run mends nothing either: it reports a torn line as an error instead, and
            // refuses to plan on top of a change an interrupted gsef left half made.
            let lock = lock::acquire(&self.root, LockMode::Shared, self.lock_timeout)?;
            if journal::is_pending(&self.root) {
                return Err(Error::ChangePending {
                    path: self.root.clone(),
                });
            }
            return Ok(Writer::new(self, lock, Vec::new()));
        }
        let lock = lock::acquire(&self.root, LockMode::Exclusive, self.lock_timeout)?;
        let mut repairs: Vec<String> = self.settle_pending_change_locked()?.into_iter().collect();
        repairs.extend(self.repair_interrupted_writes()?);
        Ok(Writer::new(self, lock, repairs))
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

    /// Every record of a collection, each line checked as [`line::read_record`] checks it.
    fn load<T: Stored>(&self) -> Result<Vec<T>> {
        let (path, file) = self.open_collection::<T>()?;
        let parts = lines::fold_file(&path, &file, Vec::new, |records, line| {
            records.push(line::read_record(line, &self.vocabulary).map_err(LineFailure::Bad)?);
            Ok(())
        })?;
        Ok(join_parts(parts))
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
}

/// The parts of a fold, in file order, as one list: the first part grows in place (a large
/// allocation is remapped, not copied) and the others move onto its end. Copying every row
/// into a new vector took 20 ms on the large store, on one core.
fn join_parts<T>(parts: Vec<Vec<T>>) -> Vec<T> {
    let mut parts = parts.into_iter();
    let mut joined = parts.next().unwrap_or_default();
    let rest: Vec<_> = parts.collect();
    joined.reserve_exact(rest.iter().map(Vec::len).sum());
    for mut part in rest {
        joined.append(&mut part);
    }
    joined
}

/// Read access under the shared lock, held until the reader is dropped: everything read
/// through one reader comes from one state of the store.
pub struct Reader<'a> {
    store: &'a Store,
    _lock: lock::Lock,
}

impl<'s> Reader<'s> {
    /// The store this reader reads.
    pub fn store(&self) -> &'s Store {
        self.store
    }

    /// Every record of a collection, each line checked.
    pub fn load<T: Stored>(&self) -> Result<Vec<T>> {
        self.store.load()
    }

    /// Reads a collection on every core without holding it whole: `fold` gets each record as
    /// a row (far cheaper to read than the full record, and all a count needs) with its part's
    /// accumulator. Returns the accumulators, in file order, to be merged. Every line is
    /// checked as [`Reader::load`] checks it.
    pub fn fold_rows<T: Stored, A: Send>(
        &self,
        init: impl Fn() -> A + Sync,
        fold: impl Fn(&mut A, &T::Row<'_>) -> Result<()> + Sync,
    ) -> Result<Vec<A>> {
        let (path, file) = self.store.open_collection::<T>()?;
        let sectors = &self.store.vocabulary;
        lines::fold_file(&path, &file, init, |accumulator, line| {
            let row = T::read_row(line, sectors).map_err(LineFailure::Bad)?;
            fold(accumulator, &row).map_err(LineFailure::Fold)
        })
    }

    /// A collection's text, read once and kept, so rows read from it can borrow from it.
    pub fn text<T: Stored>(&self) -> Result<CollectionText<'s, T>> {
        let (path, file) = self.store.open_collection::<T>()?;
        let bytes = lines::read_whole(&path, &file)?;
        Ok(CollectionText {
            path,
            bytes,
            sectors: &self.store.vocabulary,
            kind: std::marker::PhantomData,
        })
    }
}

/// A collection file's text, read once and kept, so records read from it can borrow from it.
pub struct CollectionText<'s, T> {
    path: PathBuf,
    bytes: Vec<u8>,
    sectors: &'s SectorVocabulary,
    kind: std::marker::PhantomData<T>,
}

impl<T: Stored> CollectionText<'_, T> {
    /// Every record as a row, read on every core, each line checked as [`Reader::load`]
    /// checks it; a row in gsef's own shape copies none of its text.
    pub fn rows(&self) -> Result<Vec<T::Row<'_>>> {
        let parts = lines::fold_bytes(&self.path, &self.bytes, Vec::new, |rows, line| {
            rows.push(T::read_row(line, self.sectors).map_err(LineFailure::Bad)?);
            Ok(())
        })?;
        Ok(join_parts(parts))
    }

    /// How many bytes the collection takes.
    pub fn len(&self) -> u64 {
        self.bytes.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}
