//! The records store: the only code that touches the filesystem.
//!
//! A store is a folder with a manifest (`gsef.json`) and one JSON Lines file per collection.
//! Readers hold a shared lock and writers an exclusive one for the whole of a command, so a
//! command sees one consistent state across collections and two writers never interleave.

pub mod check;
pub mod content_hash;
pub mod file_ops;
pub mod jsonl;
pub mod lock;

use std::cell::RefCell;
use std::fs::{DirBuilder, File};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::manifest::{FORMAT_NAME, FORMAT_VERSION};
use crate::model::record::count_of;
use crate::model::{Attendance, Event, Manifest, Participant, Record, SectorVocabulary, Series};
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
        DirBuilder::new()
            .recursive(true)
            .mode(file_ops::PRIVATE_DIR_MODE)
            .create(root)
            .map_err(|source| Error::io("create the store folder", root, source))?;
        for name in COLLECTION_FILES {
            file_ops::create_new(&root.join(name), b"")?;
        }
        file_ops::create_new(&root.join(".gitignore"), GITIGNORE.as_bytes()).or_else(|error| {
            // A folder that already has its own .gitignore keeps it.
            if root.join(".gitignore").exists() {
                Ok(())
            } else {
                Err(error)
            }
        })?;
        // The manifest goes last: a store is a store only once all of it is there.
        let mut manifest_bytes =
            serde_json::to_vec_pretty(manifest).expect("a manifest serialises");
        manifest_bytes.push(b'\n');
        file_ops::create_new(&root.join(MANIFEST_FILE), &manifest_bytes)?;
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
            planned: RefCell::new(Vec::new()),
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
        Ok(repairs)
    }

    fn load<T: Record>(&self) -> Result<Vec<T>> {
        Ok(self
            .load_numbered::<T>()?
            .into_iter()
            .map(|(_, record)| record)
            .collect())
    }

    fn load_numbered<T: Record>(&self) -> Result<Vec<(usize, T)>> {
        let path = self.path_of::<T>();
        let bytes = file_ops::read_if_exists(&path)?.ok_or_else(|| Error::NotAStore {
            path: self.root.clone(),
            reason: format!(
                "its collection file {} is missing; `gsef check --repair` recreates it empty",
                T::FILE
            ),
        })?;
        jsonl::parse_collection(&path, &bytes)
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
}

/// Read and write access under the exclusive lock, held until the writer is dropped.
pub struct Writer<'a> {
    store: &'a Store,
    _lock: File,
    repairs: Vec<String>,
    /// In a dry run, the changes that would have been made, in order.
    planned: RefCell<Vec<String>>,
}

impl Writer<'_> {
    pub fn load<T: Record>(&self) -> Result<Vec<T>> {
        self.store.load()
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

    /// Adds records at the end of their collection in one write.
    pub fn append<T: Record>(&self, records: &[T]) -> Result<()> {
        let bytes: Vec<u8> = records.iter().flat_map(jsonl::to_line).collect();
        let path = self.store.path_of::<T>();
        if self.store.dry_run {
            self.plan(format!(
                "append {} to {}",
                count_of(records.len(), T::KIND, T::PLURAL),
                path.display()
            ));
            return Ok(());
        }
        file_ops::append(&path, &bytes)
    }

    /// Replaces a whole collection atomically.
    pub fn rewrite<T: Record>(&self, records: &[T]) -> Result<()> {
        let bytes: Vec<u8> = records.iter().flat_map(jsonl::to_line).collect();
        let path = self.store.path_of::<T>();
        if self.store.dry_run {
            self.plan(format!(
                "rewrite {} with {}",
                path.display(),
                count_of(records.len(), T::KIND, T::PLURAL)
            ));
            return Ok(());
        }
        file_ops::write_atomically(&path, &bytes)
    }

    fn plan(&self, change: String) {
        self.planned.borrow_mut().push(change);
    }

    /// Recreates a missing collection file empty (`gsef check --repair`).
    pub fn create_missing_collections(&self) -> Result<Vec<String>> {
        let mut created = Vec::new();
        for name in COLLECTION_FILES {
            let path = self.store.root.join(name);
            if !path.exists() {
                file_ops::create_new(&path, b"")?;
                created.push(format!(
                    "created the missing collection file {}",
                    path.display()
                ));
            }
        }
        if !created.is_empty() {
            file_ops::sync_folder(&self.store.root)?;
        }
        Ok(created)
    }
}
