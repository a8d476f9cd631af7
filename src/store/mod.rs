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
pub mod ops;
pub mod writer;

use std::fs::{self, DirBuilder, File};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::attendance::AttendanceRow;
use crate::model::manifest::{FORMAT_NAME, FORMAT_VERSION};
use crate::model::participant::ParticipantRow;
use crate::model::{Attendance, Event, Manifest, Participant, Record, SectorVocabulary, Series};
use jsonl::LineFailure;
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

    /// Refuses to write a file for people (a report, an export, a rejects list) inside the
    /// store folder, where it could replace a collection file and where nothing but the store's
    /// own writer may write.
    pub fn refuse_output_path(&self, path: &Path) -> Result<()> {
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let inside = match (folder.canonicalize(), self.root.canonicalize()) {
            (Ok(folder), Ok(root)) => folder.starts_with(root),
            _ => false,
        };
        if inside {
            return Err(Error::invalid(
                "output",
                path.display().to_string(),
                "is inside the records store; write it somewhere else",
            ));
        }
        Ok(())
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
            // A dry run mends nothing either: it reports a torn line as an error instead.
            let lock = lock::acquire(&self.root, LockMode::Shared, self.lock_timeout)?;
            return Ok(Writer::new(self, lock, Vec::new()));
        }
        let lock = lock::acquire(&self.root, LockMode::Exclusive, self.lock_timeout)?
            .expect("an exclusive lock is always taken or refused");
        let repairs = self.repair_interrupted_writes()?;
        Ok(Writer::new(self, Some(lock), repairs))
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
