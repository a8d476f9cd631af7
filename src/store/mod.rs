//! The records store: the only code that touches the filesystem.
//!
//! A store is a folder with a manifest (`gsef.json`) and one JSON Lines file per collection.
//! Readers hold a shared lock and writers an exclusive one for the whole of a command, so a
//! command sees one consistent state across collections and two writers never interleave.

pub mod check;
pub mod conflict;
pub mod content_hash;
pub mod file_ops;
pub mod git;
pub mod index;
pub mod journal;
pub mod layout;
pub mod line;
pub mod lines;
pub mod lock;
pub mod ops;
pub mod output_file;
pub mod people_table;
pub mod three_way;
pub mod writer;

use std::fs::{self, DirBuilder, File};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::manifest::{FORMAT_NAME, FORMAT_VERSION};
use crate::model::record::count_of;
use crate::model::{
    Attendance, Certificate, Event, Indicator, Manifest, Participant, Record, Response, Sector,
    SectorVocabulary, Series,
};
use file_ops::LastLine;
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

/// The collections a store may lack, having been made before they existed (see
/// [`Record::OPTIONAL`]): a missing one reads as empty, `init` and `check --repair` do not
/// create it, and the first write that needs it does.
pub const OPTIONAL_COLLECTION_FILES: [&str; 3] =
    [Response::FILE, Certificate::FILE, Indicator::FILE];

/// Every collection file a store may hold, the required ones first.
pub fn every_collection_file() -> impl Iterator<Item = &'static str> {
    COLLECTION_FILES
        .into_iter()
        .chain(OPTIONAL_COLLECTION_FILES)
}

/// Kept in the store so git ignores the lock and any temporary file a crash left behind.
const GITIGNORE: &str =
    "# Written by gsef: the lock file and temporary files are not records.\n.gsef.lock\n.*.tmp-*\n";

/// The lowest format version that holds every record of `objects` that reads as a `T` (see
/// [`Record::format_version`]); one that does not read is `gsef check`'s to report.
fn format_needed<T: Record>(
    objects: impl Iterator<Item = serde_json::Map<String, serde_json::Value>>,
) -> u32 {
    objects
        .filter_map(|object| serde_json::from_value::<T>(serde_json::Value::Object(object)).ok())
        .map(|record| record.format_version())
        .max()
        .unwrap_or(1)
}

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

/// What `gsef init` will do in a folder.
#[derive(Debug)]
pub enum InitPlan {
    /// Create a new, empty store.
    New,
    /// Adopt the collection files already there, which have no manifest.
    Adopt(Box<Adoption>),
}

/// A folder of collection files without a manifest, as `gsef init` adopts it: the files there
/// are left byte for byte as they are, the missing ones are created empty, and the manifest
/// lists the vocabulary plus every sector the participants use that it lacks.
#[derive(Debug)]
pub struct Adoption {
    /// The collection files there, adopted as they are.
    pub adopted: Vec<&'static str>,
    /// The collection files missing, created empty.
    pub created: Vec<&'static str>,
    /// Sector ids used in participants.jsonl that the vocabulary lacked, in the order first
    /// used; the manifest lists them, labelled by their id.
    pub added_sectors: Vec<String>,
    pub manifest: Manifest,
    /// What the user should mend by hand before writing to the adopted store.
    pub warnings: Vec<String>,
}

/// What an init created or replaced so far, to take back if a later step fails.
#[derive(Default)]
struct InitUndo {
    created: Vec<PathBuf>,
    /// A file that was there and was rewritten, with its old version kept.
    replaced: Vec<(PathBuf, Option<PathBuf>)>,
}

impl InitUndo {
    fn take_back(self) {
        for path in self.created.iter().rev() {
            let _ = fs::remove_file(path);
        }
        for (path, previous) in self.replaced {
            file_ops::restore_previous_version(&path, previous);
        }
    }

    fn keep(self) {
        for (_, previous) in self.replaced {
            file_ops::discard_previous_version(previous);
        }
    }
}

impl Store {
    /// Refuses a folder that already holds a store or collection files (which
    /// [`Store::init_or_adopt`] adopts instead), before anything is created.
    pub fn check_can_init(root: &Path) -> Result<()> {
        if fs::symlink_metadata(root.join(MANIFEST_FILE)).is_ok() {
            return Err(Error::StoreExists {
                path: root.to_path_buf(),
            });
        }
        if let Some(existing) = COLLECTION_FILES
            .iter()
            .map(|name| root.join(name))
            .find(|path| fs::symlink_metadata(path).is_ok())
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

    /// What `gsef init` would do at `root` with `vocabulary`: refused when there is a manifest
    /// already, or a collection file that is not a plain file of JSON objects (gsef adopts
    /// only what it can read; the folder is then left as it is).
    pub fn plan_init(root: &Path, vocabulary: &SectorVocabulary) -> Result<InitPlan> {
        if fs::symlink_metadata(root.join(MANIFEST_FILE)).is_ok() {
            return Err(Error::StoreExists {
                path: root.to_path_buf(),
            });
        }
        let (present, missing): (Vec<&'static str>, Vec<&'static str>) = COLLECTION_FILES
            .iter()
            .partition(|name| fs::symlink_metadata(root.join(name)).is_ok());
        if present.is_empty() {
            return Ok(InitPlan::New);
        }
        let refuse = |name: &str, reason: String| Error::NotAStore {
            path: root.to_path_buf(),
            reason: format!(
                "{name} exists without a manifest, but {reason}; refusing to adopt it, nothing was written"
            ),
        };
        let mut added_sectors: Vec<String> = Vec::new();
        let mut version = 1;
        let mut warnings = Vec::new();
        for name in &present {
            let path = root.join(name);
            let metadata = fs::symlink_metadata(&path)
                .map_err(|source| Error::io("examine", &path, source))?;
            if metadata.file_type().is_symlink() {
                return Err(refuse(
                    name,
                    "it is a symbolic link, which a store never follows".into(),
                ));
            }
            if !metadata.is_file() {
                return Err(refuse(name, "it is not a plain file".into()));
            }
            let bytes = file_ops::read_if_exists(&path)?.unwrap_or_default();
            let lines =
                layout::objects(&bytes).map_err(|reason| refuse(name, format!("its {reason}")))?;
            if !bytes.is_empty() && !bytes.ends_with(b"\n") {
                // The writers take a last line without its newline for an interrupted append,
                // and cut it; a hand-made file must not lose its last record that way.
                warnings.push(format!(
                    "{} has no newline after its last line, which the next write would take for an interrupted one and remove: add the newline first",
                    path.display()
                ));
            }
            let objects = lines.into_iter().map(|line| line.object);
            version = version.max(match *name {
                Series::FILE => format_needed::<Series>(objects.clone()),
                Event::FILE => format_needed::<Event>(objects.clone()),
                Participant::FILE => format_needed::<Participant>(objects.clone()),
                _ => format_needed::<Attendance>(objects.clone()),
            });
            if *name == Participant::FILE {
                for object in objects {
                    if let Some(serde_json::Value::String(sector)) = object.get("sector")
                        && !sector.is_empty()
                        && !vocabulary.contains(sector)
                        && !added_sectors.contains(sector)
                    {
                        added_sectors.push(sector.clone());
                    }
                }
            }
        }
        let mut sectors = vocabulary.sectors().to_vec();
        sectors.extend(added_sectors.iter().map(|id| Sector::new(id, id)));
        let mut manifest = Manifest::new(&SectorVocabulary::new(sectors));
        manifest.version = version;
        Ok(InitPlan::Adopt(Box::new(Adoption {
            adopted: present,
            created: missing,
            added_sectors,
            manifest,
            warnings,
        })))
    }

    /// Creates a new store at `root` (the folder may exist if it holds no collection file).
    pub fn init(root: &Path, manifest: &Manifest) -> Result<()> {
        Store::check_can_init(root)?;
        let folder_existed = root.exists();
        DirBuilder::new()
            .recursive(true)
            .mode(file_ops::PRIVATE_DIR_MODE)
            .create(root)
            .map_err(|source| Error::io("create the store folder", root, source))?;
        let mut undo = InitUndo::default();
        let result = Self::create_store_files(
            root,
            manifest,
            &COLLECTION_FILES,
            file_ops::PRIVATE_FILE_MODE,
            &mut undo,
        );
        match result {
            Ok(()) => undo.keep(),
            Err(_) => {
                // A failed init leaves the folder as it found it, so the next attempt starts
                // clean instead of tripping over half a store.
                undo.take_back();
                if !folder_existed {
                    let _ = fs::remove_dir(root);
                }
            }
        }
        result
    }

    /// `gsef init`: creates a new store at `root`, or adopts the collection files there (see
    /// [`Adoption`]) under the store's lock, planned again once the lock is held.
    pub fn init_or_adopt(
        root: &Path,
        vocabulary: &SectorVocabulary,
        lock_timeout: Duration,
    ) -> Result<InitPlan> {
        if let InitPlan::New = Store::plan_init(root, vocabulary)? {
            Store::init(root, &Manifest::new(vocabulary))?;
            return Ok(InitPlan::New);
        }
        let _lock = lock::acquire(root, LockMode::Exclusive, lock_timeout)?;
        let InitPlan::Adopt(adoption) = Store::plan_init(root, vocabulary)? else {
            // The collections went while the lock was awaited; what is there is new.
            Store::init(root, &Manifest::new(vocabulary))?;
            return Ok(InitPlan::New);
        };
        // Files added beside the adopted ones are shared as they are.
        let mode = fs::symlink_metadata(root.join(adoption.adopted[0]))
            .map_or(file_ops::PRIVATE_FILE_MODE, |metadata| {
                metadata.permissions().mode() & 0o666
            });
        let mut undo = InitUndo::default();
        match Self::create_store_files(root, &adoption.manifest, &adoption.created, mode, &mut undo)
        {
            Ok(()) => undo.keep(),
            Err(error) => {
                undo.take_back();
                return Err(error);
            }
        }
        Ok(InitPlan::Adopt(adoption))
    }

    /// Writes the files of a new store beside what the folder holds, noting each one it
    /// created or replaced: the `collections` named (empty), `.gitignore` unless the folder
    /// has its own, `.gitattributes` (created, or completed, see [`git::plan_attributes`]),
    /// and the manifest last, atomically: a store is a store only once all of it is there.
    fn create_store_files(
        root: &Path,
        manifest: &Manifest,
        collections: &[&str],
        mode: u32,
        undo: &mut InitUndo,
    ) -> Result<()> {
        let create = |path: PathBuf, bytes: &[u8], undo: &mut InitUndo| {
            let existed = path.exists();
            let result = file_ops::create_new_with_mode(&path, bytes, mode);
            // create_new makes the file before writing it, so a failed write leaves one behind.
            if !existed && path.exists() {
                undo.created.push(path);
            }
            result
        };
        for name in collections {
            create(root.join(name), b"", undo)?;
        }
        let gitignore = root.join(".gitignore");
        if !gitignore.exists() {
            // A folder that already has its own .gitignore keeps it.
            create(gitignore, GITIGNORE.as_bytes(), undo)?;
        }
        let attributes = git::plan_attributes(root)?;
        let previous = attributes.write(mode)?;
        match attributes.change {
            git::AttributesChange::Create => undo.created.push(attributes.path),
            git::AttributesChange::Complete => undo.replaced.push((attributes.path, previous)),
            git::AttributesChange::AlreadyThere => {}
        }
        let manifest_path = root.join(MANIFEST_FILE);
        file_ops::create_new_atomically(&manifest_path, &manifest.to_bytes(), mode)?;
        undo.created.push(manifest_path);
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
                    observer: None,
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
            return Ok(Writer::new(self, lock, Vec::new(), Vec::new()));
        }
        let lock = lock::acquire(&self.root, LockMode::Exclusive, self.lock_timeout)?;
        let mut repairs: Vec<String> = self.settle_pending_change_locked()?.into_iter().collect();
        let (mended, tidied) = self.repair_interrupted_writes()?;
        repairs.extend(mended);
        Ok(Writer::new(self, lock, repairs, tidied))
    }

    /// Ends or removes unterminated last lines, and removes stale temporary files; only safe
    /// under the exclusive lock.
    ///
    /// Returns what to warn of, and apart from it what was only tidied: a record whose line end
    /// was never typed gets it, which is an editor's habit, not damage, and not worth a warning.
    fn repair_interrupted_writes(&self) -> Result<(Vec<String>, Vec<String>)> {
        let mut repairs = Vec::new();
        let mut tidied = Vec::new();
        for name in every_collection_file() {
            let path = self.root.join(name);
            match file_ops::settle_last_line(&path)? {
                LastLine::Ended => {}
                LastLine::EndAdded => tidied.push(format!(
                    "added the line end missing after the last record of {}",
                    path.display()
                )),
                LastLine::Cut(removed) => repairs.push(format!(
                    "removed an incomplete last line ({removed} bytes) that an interrupted write left in {}",
                    path.display()
                )),
            }
        }
        let temp_files = file_ops::remove_stale_temp_files(&self.root)?;
        if temp_files > 0 {
            repairs.push(format!(
                "removed {} that an interrupted write left behind",
                count_of(temp_files, "temporary file", "temporary files")
            ));
        }
        // An interrupted index write is not worth a warning: the index is only a cache.
        index::remove_stale_temp_files(&self.root);
        Ok((repairs, tidied))
    }

    /// Every record of a collection, each line checked as [`line::read_record`] checks it.
    fn load<T: Stored>(&self) -> Result<Vec<T>> {
        Ok(lines::join_parts(self.load_parts()?))
    }

    /// [`Store::load`]'s records as read on each core, in file order, not yet one list.
    fn load_parts<T: Stored>(&self) -> Result<Vec<Vec<T>>> {
        let path = self.path_of::<T>();
        if T::OPTIONAL && fs::symlink_metadata(&path).is_err() {
            // A store made before the collection existed has no file for it: nothing recorded.
            return Ok(Vec::new());
        }
        let (path, file) = self.open_collection::<T>()?;
        lines::fold_file(&path, &file, Vec::new, |records, line| {
            records.push(line::read_record(line, &self.vocabulary).map_err(LineFailure::Bad)?);
            Ok(())
        })
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

/// Read access under the shared lock, held until the reader is dropped: everything read
/// through one reader comes from one state of the store.
pub struct Reader<'a> {
    store: &'a Store,
    _lock: lock::Lock,
    /// Told how many bytes each read of a collection took, for a progress bar.
    observer: Option<Observer>,
}

/// What a [`Reader`] tells of its progress to, from any of its threads.
pub type Observer = std::sync::Arc<dyn Fn(u64) + Send + Sync>;

impl<'s> Reader<'s> {
    /// Tells `observer` how many bytes each read of the records and people takes.
    pub fn observe(&mut self, observer: Observer) {
        self.observer = Some(observer);
    }

    /// How many bytes the collections a report streams take: people and attendance.
    pub fn streamed_bytes(&self) -> u64 {
        [Participant::FILE, Attendance::FILE]
            .iter()
            .filter_map(|name| fs::metadata(self.store.root.join(name)).ok())
            .map(|metadata| metadata.len())
            .sum()
    }

    fn observer(&self) -> &(dyn Fn(u64) + Sync) {
        match &self.observer {
            Some(observer) => observer.as_ref(),
            None => &|_| {},
        }
    }

    /// The store this reader reads.
    pub fn store(&self) -> &'s Store {
        self.store
    }

    /// Every record of a collection, each line checked.
    pub fn load<T: Stored>(&self) -> Result<Vec<T>> {
        self.store.load()
    }

    /// [`Reader::load`]'s records in the parts they were read in on each core, in file order:
    /// for a report that goes through them once, a million records are not copied into one
    /// list first.
    pub fn load_parts<T: Stored>(&self) -> Result<Vec<Vec<T>>> {
        self.store.load_parts()
    }

    /// Reads a collection on every core without holding it whole: `fold` gets each record as
    /// a row (far cheaper to read than the full record, and all a count needs) with its part's
    /// accumulator. Returns the accumulators, in file order, to be merged (none for a missing
    /// optional collection). Every line is
    /// checked as [`Reader::load`] checks it.
    pub fn fold_rows<T: Stored, A: Send>(
        &self,
        init: impl Fn() -> A + Sync,
        fold: impl Fn(&mut A, &T::Row<'_>) -> Result<()> + Sync,
    ) -> Result<Vec<A>> {
        if T::OPTIONAL && fs::symlink_metadata(self.store.path_of::<T>()).is_err() {
            // A store made before the collection existed has no file for it: no part to fold.
            return Ok(Vec::new());
        }
        let (path, file) = self.store.open_collection::<T>()?;
        let sectors = &self.store.vocabulary;
        lines::fold_file_observed(&path, &file, self.observer(), init, |accumulator, line| {
            let row = T::read_row(line, sectors).map_err(LineFailure::Bad)?;
            fold(accumulator, &row).map_err(LineFailure::Fold)
        })
    }

    /// The people as a report counts them, streamed from the participants file and held
    /// compactly (see [`people_table`]).
    pub fn people_table(&self) -> Result<people_table::PeopleTable> {
        let (path, file) = self.store.open_collection::<Participant>()?;
        people_table::PeopleTable::read(&path, &file, &self.store.vocabulary, self.observer())
    }
}
