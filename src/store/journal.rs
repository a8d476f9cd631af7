//! The journal: how a change to several collections, or an append of several lines, is made
//! all or nothing across a crash.
//!
//! Such a commit first puts every new byte where no reader looks: each rewritten collection's
//! new content, and each append's lines, in a temporary file beside the collection, synced.
//! Then it writes the journal, `.gsef-journal`, naming each collection, what becomes of it and
//! the file holding its bytes (with their length and SHA-256), syncs it and renames it into
//! place. That rename is the commit point. Only then are the collections changed, and the
//! journal is removed last.
//!
//! - A crash before the commit point has changed no collection: the temporary files are swept
//!   by the next writer.
//! - A crash after it leaves the journal, and the next gsef to open the store — any command,
//!   reading or writing, or `gsef check --repair` — carries it out before reading anything. Every
//!   step can be done again: a rewrite is a rename of its file (or already done, which its
//!   hash shows), an append is cut back to the collection's recorded length and written again.
//!   A crash during that recovery is recovered the same way.
//! - A failure the process lives through (a full disk, a refused rename) is taken back at once
//!   instead: each rewritten collection's old version is kept under a temporary name until the
//!   journal is gone, and each append cut back to its recorded length.
//!
//! A journal is never guessed at: one that does not read back whole (a damaged file, a hand
//! edit) stops every command with its path, and nothing is changed.

use std::fs::{self, Metadata};
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::file_ops::{self, Appended, faults};
use crate::error::{Error, Result};

/// The journal's name in the store folder; a dot file, so listings leave it out.
pub const JOURNAL_FILE: &str = ".gsef-journal";

const FORMAT: &str = "gsef-journal";
const VERSION: u32 = 1;

/// The steps of one committed change, carried out in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    format: String,
    version: u32,
    pub steps: Vec<Step>,
    /// SHA-256 of the steps as written, so that a damaged journal is never carried out.
    check: String,
}

/// What becomes of one collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Step {
    /// `staged` is renamed over `collection`; `previous` keeps the old version meanwhile.
    Replace {
        collection: String,
        staged: String,
        previous: Option<String>,
        length: u64,
        sha256: String,
    },
    /// `collection` is cut back to `from` bytes, then `staged`'s bytes are written at its end.
    Append {
        collection: String,
        staged: String,
        from: u64,
        length: u64,
        sha256: String,
    },
}

impl Step {
    pub fn collection(&self) -> &str {
        match self {
            Step::Replace { collection, .. } | Step::Append { collection, .. } => collection,
        }
    }

    /// The temporary files the step uses, removed once the journal is gone.
    fn temporary_files(&self) -> Vec<&str> {
        match self {
            Step::Replace {
                staged, previous, ..
            } => std::iter::once(staged.as_str())
                .chain(previous.as_deref())
                .collect(),
            Step::Append { staged, .. } => vec![staged],
        }
    }
}

/// One collection's new bytes, staged in its temporary file, for [`Journal::new`].
pub struct Prepared {
    pub step: Step,
}

impl Prepared {
    /// Writes `bytes` (the collection's whole new content) to a temporary file beside it,
    /// synced, and keeps a second name for the current version, for a failure to be undone.
    pub fn replacement(root: &Path, collection: &str, bytes: &[u8]) -> Result<Prepared> {
        let path = root.join(collection);
        file_ops::refuse_unless_plain_file(&path)?;
        // A collection keeps its permissions when it is rewritten; a new one gets the store's.
        let mode = fs::metadata(&path).map_or_else(
            |_| file_ops::mode_for_new_file(root),
            |metadata| std::os::unix::fs::PermissionsExt::mode(&metadata.permissions()) & 0o777,
        );
        let staged = file_ops::temp_path_for(&path, "tx-");
        file_ops::create_new_with_mode(&staged, bytes, mode)?;
        let previous = file_ops::link_previous_version(&path);
        Ok(Prepared {
            step: Step::Replace {
                collection: collection.to_string(),
                staged: name_of(&staged),
                previous: previous.as_deref().map(name_of),
                length: bytes.len() as u64,
                sha256: digest(bytes),
            },
        })
    }

    /// Writes `bytes` (lines to add) to a temporary file beside the collection, synced, and
    /// notes the collection's length now, which the append starts from.
    pub fn append(root: &Path, collection: &str, bytes: &[u8]) -> Result<Prepared> {
        let path = root.join(collection);
        file_ops::refuse_unless_plain_file(&path)?;
        let from = fs::metadata(&path)
            .map_err(|source| Error::io("read the size of", &path, source))?
            .len();
        let staged = file_ops::temp_path_for(&path, "tx-");
        file_ops::create_new(&staged, bytes)?;
        Ok(Prepared {
            step: Step::Append {
                collection: collection.to_string(),
                staged: name_of(&staged),
                from,
                length: bytes.len() as u64,
                sha256: digest(bytes),
            },
        })
    }

    /// Removes what preparing made, for a commit given up before its commit point.
    pub fn discard(&self, root: &Path) {
        for name in self.step.temporary_files() {
            let _ = fs::remove_file(root.join(name));
        }
    }
}

impl Journal {
    pub fn new(steps: Vec<Step>) -> Journal {
        let check = digest(&serde_json::to_vec(&steps).expect("steps serialise"));
        Journal {
            format: FORMAT.to_string(),
            version: VERSION,
            steps,
            check,
        }
    }

    /// Writes the journal into place: the commit point. After this returns, the change is made
    /// whatever happens to this process.
    pub fn commit(&self, root: &Path) -> Result<()> {
        let path = root.join(JOURNAL_FILE);
        let temp = file_ops::temp_path_for(&path, "");
        let mut bytes = serde_json::to_vec_pretty(self).expect("a journal serialises");
        bytes.push(b'\n');
        let written = file_ops::create_new(&temp, &bytes)
            .and_then(|()| {
                faults::rename(&temp, &path).map_err(|source| Error::io("replace", &path, source))
            })
            .and_then(|()| file_ops::sync_folder(root));
        if written.is_err() {
            let _ = fs::remove_file(&temp);
            let _ = fs::remove_file(&path);
        }
        written
    }

    /// The journal an interrupted commit left in the store, if any.
    pub fn pending(root: &Path) -> Result<Option<Journal>> {
        let path = root.join(JOURNAL_FILE);
        let Some(bytes) = file_ops::read_if_exists(&path)? else {
            return Ok(None);
        };
        let damaged = |why: String| Error::Journal {
            path: path.clone(),
            reason: why,
        };
        let journal: Journal = serde_json::from_slice(&bytes)
            .map_err(|error| damaged(format!("it does not read as a journal ({error})")))?;
        if journal.format != FORMAT || journal.version != VERSION {
            return Err(damaged(format!(
                "it is a `{}` version {} journal, which this gsef does not know",
                journal.format, journal.version
            )));
        }
        let check = digest(&serde_json::to_vec(&journal.steps).expect("steps serialise"));
        if check != journal.check {
            return Err(damaged(
                "its steps do not match its checksum: it was damaged or edited".to_string(),
            ));
        }
        Ok(Some(journal))
    }

    /// Carries out every step, then removes the journal and the temporary files. Safe to run
    /// again after a crash at any point. Returns, per step, what an append saw of its
    /// collection just before and after (for the key index), `None` for a rewrite.
    pub fn complete(&self, root: &Path) -> Result<Vec<Option<Appended>>> {
        let mut appended = Vec::with_capacity(self.steps.len());
        for step in &self.steps {
            appended.push(self.carry_out(root, step)?);
        }
        file_ops::sync_folder(root)?;
        let journal = root.join(JOURNAL_FILE);
        faults::remove(&journal).map_err(|source| Error::io("remove", &journal, source))?;
        // The change is made and durable. Should the removal of the journal not be (this sync
        // failing, then a power cut), the journal comes back and is carried out again, which
        // finds every step already done: nothing to report as a failure.
        let _ = file_ops::sync_folder(root);
        for step in &self.steps {
            for name in step.temporary_files() {
                let _ = faults::remove(&root.join(name));
            }
        }
        Ok(appended)
    }

    fn carry_out(&self, root: &Path, step: &Step) -> Result<Option<Appended>> {
        let collection = root.join(step.collection());
        match step {
            Step::Replace {
                staged,
                length,
                sha256,
                ..
            } => {
                let staged = root.join(staged);
                if staged.exists() {
                    faults::rename(&staged, &collection)
                        .map_err(|source| Error::io("replace", &collection, source))?;
                } else if !holds(&collection, 0, *length, sha256)? {
                    return Err(self.cannot_complete(root, step, "its new content is gone"));
                }
                Ok(None)
            }
            Step::Append {
                staged,
                from,
                length,
                sha256,
                ..
            } => {
                let staged = root.join(staged);
                let Some(bytes) = file_ops::read_if_exists(&staged)?
                    .filter(|bytes| digest(bytes) == *sha256 && bytes.len() as u64 == *length)
                else {
                    // Gone once the journal was removed, so the append was done: unless the
                    // collection says otherwise.
                    if holds(&collection, *from, *length, sha256)? {
                        return Ok(None);
                    }
                    return Err(self.cannot_complete(root, step, "the lines to append are gone"));
                };
                let current = fs::metadata(&collection)
                    .map_err(|source| Error::io("read the size of", &collection, source))?
                    .len();
                if current < *from {
                    return Err(self.cannot_complete(
                        root,
                        step,
                        "the collection is shorter than when the change began",
                    ));
                }
                file_ops::append_at(&collection, *from, &bytes).map(Some)
            }
        }
    }

    fn cannot_complete(&self, root: &Path, step: &Step, why: &str) -> Error {
        Error::Journal {
            path: root.join(JOURNAL_FILE),
            reason: format!("it cannot be completed for {}: {why}", step.collection()),
        }
    }

    /// Takes back a commit whose carrying out failed while this process lived: every rewritten
    /// collection gets its old version back, every appended one its old length, then the journal
    /// and the temporary files go. Best effort; true when all of it was done. Whatever is left
    /// undone, the journal stays, and the next gsef completes the change instead.
    pub fn roll_back(&self, root: &Path) -> bool {
        for step in self.steps.iter().rev() {
            let collection = root.join(step.collection());
            let restored = match step {
                Step::Replace { previous, .. } => match previous {
                    Some(previous) => {
                        let previous = root.join(previous);
                        let renamed = fs::rename(&previous, &collection).is_ok();
                        // Renaming a name over another name of the same file does nothing (the
                        // step had not been carried out yet): the spare name is removed.
                        if renamed {
                            let _ = fs::remove_file(&previous);
                        }
                        renamed
                    }
                    // Nothing to put back only when there was nothing before.
                    None => !collection.exists(),
                },
                Step::Append { from, .. } => {
                    file_ops::truncate_back(&collection, *from);
                    fs::metadata(&collection).is_ok_and(|metadata| metadata.len() == *from)
                }
            };
            if !restored {
                return false;
            }
        }
        // The old versions are back in place. Were this sync to fail and the power then go,
        // the journal could come back with them and be carried out after all: a whole change
        // either way.
        let _ = file_ops::sync_folder(root);
        match fs::remove_file(root.join(JOURNAL_FILE)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return false,
            _ => {}
        }
        let _ = file_ops::sync_folder(root);
        for step in &self.steps {
            let _ = fs::remove_file(root.join(step_staged(step)));
        }
        true
    }
}

fn step_staged(step: &Step) -> &str {
    match step {
        Step::Replace { staged, .. } | Step::Append { staged, .. } => staged,
    }
}

/// True when `path` holds exactly `length` bytes from `from` on, with this digest.
fn holds(path: &Path, from: u64, length: u64, sha256: &str) -> Result<bool> {
    let Some(file) = file_ops::open_to_read_if_exists(path)? else {
        return Ok(false);
    };
    let metadata: Metadata = file
        .metadata()
        .map_err(|source| Error::io("read the size of", path, source))?;
    if metadata.len() != from + length {
        return Ok(false);
    }
    let mut hasher = Sha256::new();
    let mut file = file;
    std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(from))
        .map_err(|source| Error::io("read", path, source))?;
    let mut reader = std::io::BufReader::new(file);
    std::io::copy(
        &mut (&mut reader).take(length),
        &mut HashWriter(&mut hasher),
    )
    .map_err(|source| Error::io("read", path, source))?;
    Ok(hex(&hasher.finalize()) == sha256)
}

struct HashWriter<'a>(&'a mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// True when an interrupted commit left a journal (without reading it).
pub fn is_pending(root: &Path) -> bool {
    fs::symlink_metadata(root.join(JOURNAL_FILE)).is_ok()
}
