//! The journal: how a change to several collections, or an append of several lines, is made
//! all or nothing across a crash.
//!
//! Such a commit first writes every rewritten collection's new content to a temporary file
//! beside it, synced, and keeps a second name for the current version. Then it writes the
//! journal, `.gsef-journal`, naming each collection and what becomes of it (for an append: the
//! collection's length before it, and the length and CRC-32C of the lines to add), syncs it and
//! renames it into place. That rename is the commit point. Then the appends are made, each
//! synced, then the rewrites renamed into place, and the journal is removed last.
//!
//! - A crash before the commit point has changed no collection: the temporary files are swept
//!   by the next writer.
//! - A crash after it leaves the journal, and the next gsef to open the store — any command,
//!   reading or writing, or `gsef check --repair` — settles it before reading anything. Since
//!   the appends come first, either every append is whole, and the change is carried out to the
//!   end (each rewrite renamed into place, or found already there by its CRC), or one is not,
//!   no rewrite has happened yet, and the change is taken back (each append cut back to its
//!   recorded length). Either way is a whole change, and a crash while settling it is settled
//!   the same way.
//! - A failure the process lives through (a full disk, a refused rename) is taken back at once,
//!   from the kept old versions and the recorded lengths.
//!
//! The lines an append adds are written once, to the collection: copying them first would
//! double the cost of a large import, and the recorded length and CRC say whether they all
//! arrived. A journal is never guessed at: one that does not read back whole (a damaged file,
//! a hand edit) stops every command with its path, and nothing is changed.

use std::fs;
use std::os::unix::fs::FileExt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::file_ops::{self, Appended, faults};
use crate::error::{Error, Result};

/// The journal's name in the store folder; a dot file, so listings leave it out.
pub const JOURNAL_FILE: &str = ".gsef-journal";

const FORMAT: &str = "gsef-journal";
const VERSION: u32 = 1;

/// The steps of one committed change: appends first, then rewrites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    format: String,
    version: u32,
    pub steps: Vec<Step>,
    /// CRC-32C of the steps as written, so that a damaged journal is never carried out.
    check: u32,
}

/// What becomes of one collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Step {
    /// `length` bytes with this CRC are added at offset `from`, the collection's length before.
    Append {
        collection: String,
        from: u64,
        length: u64,
        crc32c: u32,
    },
    /// `staged` is renamed over `collection`; `previous` keeps the old version meanwhile.
    Replace {
        collection: String,
        staged: String,
        previous: Option<String>,
        length: u64,
        crc32c: u32,
    },
}

impl Step {
    pub fn collection(&self) -> &str {
        match self {
            Step::Replace { collection, .. } | Step::Append { collection, .. } => collection,
        }
    }

    /// The temporary files the step uses, removed once the change is settled.
    fn temporary_files(&self) -> Vec<&str> {
        match self {
            Step::Replace {
                staged, previous, ..
            } => std::iter::once(staged.as_str())
                .chain(previous.as_deref())
                .collect(),
            Step::Append { .. } => Vec::new(),
        }
    }
}

impl Step {
    /// A rewrite: writes `bytes` (the collection's whole new content) to a temporary file beside
    /// it, synced, and keeps a second name for the current version, for an undo.
    pub fn replacement(root: &Path, collection: &str, bytes: &[u8]) -> Result<Step> {
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
        Ok(Step::Replace {
            collection: collection.to_string(),
            staged: name_of(&staged),
            previous: previous.as_deref().map(name_of),
            length: bytes.len() as u64,
            crc32c: crc32c::crc32c(bytes),
        })
    }

    /// An append: notes the collection's length now, which the lines are added at.
    pub fn append(root: &Path, collection: &str, bytes: &[u8]) -> Result<Step> {
        let path = root.join(collection);
        file_ops::refuse_unless_plain_file(&path)?;
        let from = fs::metadata(&path)
            .map_err(|source| Error::io("read the size of", &path, source))?
            .len();
        Ok(Step::Append {
            collection: collection.to_string(),
            from,
            length: bytes.len() as u64,
            crc32c: crc32c::crc32c(bytes),
        })
    }

    /// Removes what preparing the step made, for a commit given up before its commit point.
    pub fn discard(&self, root: &Path) {
        for name in self.temporary_files() {
            let _ = fs::remove_file(root.join(name));
        }
    }
}

impl Journal {
    /// The journal of `steps`, the appends put first.
    pub fn new(mut steps: Vec<Step>) -> Journal {
        steps.sort_by_key(|step| matches!(step, Step::Replace { .. }));
        let check = checksum(&steps);
        Journal {
            format: FORMAT.to_string(),
            version: VERSION,
            steps,
            check,
        }
    }

    /// Writes the journal into place: the commit point. After this returns, the change is made
    /// whatever happens to this process, or taken back whole.
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
        if checksum(&journal.steps) != journal.check {
            return Err(damaged(
                "its steps do not match its checksum: it was damaged or edited".to_string(),
            ));
        }
        Ok(Some(journal))
    }

    /// Carries out a journal this process has just committed: every append, with `lines_of`
    /// its collection's new lines, then every rewrite; then removes the journal and the
    /// temporary files. Returns what each append saw of its collection before and after (for
    /// the key index), by collection.
    pub fn carry_out<'b>(
        &self,
        root: &Path,
        lines_of: impl Fn(&str) -> &'b [u8],
    ) -> Result<Vec<(String, Appended)>> {
        let mut appended = Vec::new();
        for step in &self.steps {
            match step {
                Step::Append {
                    collection, from, ..
                } => {
                    let path = root.join(collection);
                    let done = file_ops::append_at(&path, *from, lines_of(collection))?;
                    appended.push((collection.clone(), done));
                }
                Step::Replace { .. } => self.rename_into_place(root, step)?,
            }
        }
        file_ops::sync_folder(root)?;
        self.finish(root)?;
        Ok(appended)
    }

    /// Settles a journal an interrupted gsef left: carries it out to the end when every append
    /// is whole, takes it back otherwise. Returns true when the change was made.
    pub fn settle(&self, root: &Path) -> Result<bool> {
        let mut whole = true;
        for step in &self.steps {
            if let Step::Append {
                collection,
                from,
                length,
                crc32c,
            } = step
            {
                let path = root.join(collection);
                let current = fs::metadata(&path)
                    .map_err(|source| Error::io("read the size of", &path, source))?
                    .len();
                if current < *from {
                    return Err(self.cannot_settle(
                        root,
                        step,
                        "the collection is shorter than when the change began",
                    ));
                }
                whole &= current == from + length && crc_of(&path, *from, *length)? == *crc32c;
            }
        }
        if whole {
            for step in &self.steps {
                if let Step::Replace { .. } = step {
                    self.rename_into_place(root, step)?;
                }
            }
            file_ops::sync_folder(root)?;
            self.finish(root)?;
            return Ok(true);
        }
        if !self.roll_back(root) {
            return Err(self.cannot_settle(
                root,
                &self.steps[0],
                "it could not be taken back either",
            ));
        }
        Ok(false)
    }

    /// Renames a rewrite's new content into place, or finds it already there.
    fn rename_into_place(&self, root: &Path, step: &Step) -> Result<()> {
        let Step::Replace {
            collection,
            staged,
            length,
            crc32c,
            ..
        } = step
        else {
            return Ok(());
        };
        let collection = root.join(collection);
        let staged = root.join(staged);
        if fs::symlink_metadata(&staged).is_ok() {
            return faults::rename(&staged, &collection)
                .map_err(|source| Error::io("replace", &collection, source));
        }
        let there = fs::metadata(&collection).is_ok_and(|metadata| metadata.len() == *length)
            && crc_of(&collection, 0, *length)? == *crc32c;
        if there {
            Ok(())
        } else {
            Err(self.cannot_settle(root, step, "its new content is gone"))
        }
    }

    /// Removes the journal, then the temporary files: the change is settled.
    fn finish(&self, root: &Path) -> Result<()> {
        let journal = root.join(JOURNAL_FILE);
        faults::remove(&journal).map_err(|source| Error::io("remove", &journal, source))?;
        // The change is made and durable. Should the removal of the journal not be (this sync
        // failing, then a power cut), the journal comes back and is settled again, which finds
        // every step already done: nothing to report as a failure.
        let _ = file_ops::sync_folder(root);
        for step in &self.steps {
            for name in step.temporary_files() {
                let _ = faults::remove(&root.join(name));
            }
        }
        Ok(())
    }

    fn cannot_settle(&self, root: &Path, step: &Step, why: &str) -> Error {
        Error::Journal {
            path: root.join(JOURNAL_FILE),
            reason: format!("it cannot be settled for {}: {why}", step.collection()),
        }
    }

    /// Takes the change back: every rewritten collection gets its old version back, every
    /// appended one its old length, then the journal and the temporary files go. Best effort;
    /// true when all of it was done. Whatever is left undone, the journal stays, to be settled
    /// by the next gsef.
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
        // the journal could come back and be settled again: a whole change either way.
        let _ = file_ops::sync_folder(root);
        match fs::remove_file(root.join(JOURNAL_FILE)) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return false,
            _ => {}
        }
        let _ = file_ops::sync_folder(root);
        for step in &self.steps {
            if let Step::Replace { staged, .. } = step {
                let _ = fs::remove_file(root.join(staged));
            }
        }
        true
    }
}

fn checksum(steps: &[Step]) -> u32 {
    crc32c::crc32c(&serde_json::to_vec(steps).expect("steps serialise"))
}

/// CRC-32C of the `length` bytes of `path` from `from` on.
fn crc_of(path: &Path, from: u64, length: u64) -> Result<u32> {
    let Some(file) = file_ops::open_to_read_if_exists(path)? else {
        return Ok(0);
    };
    let mut buffer = vec![0u8; 1 << 20];
    let mut crc = 0;
    let mut at = from;
    while at < from + length {
        let wanted =
            usize::try_from(from + length - at).map_or(buffer.len(), |left| left.min(buffer.len()));
        file.read_exact_at(&mut buffer[..wanted], at)
            .map_err(|source| Error::io("read", path, source))?;
        crc = crc32c::crc32c_append(crc, &buffer[..wanted]);
        at += wanted as u64;
    }
    Ok(crc)
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
