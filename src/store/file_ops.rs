//! Every write the store makes, in one place: atomic rewrites, locked appends, repairs.
//!
//! Writes, fsyncs and renames go through `faults`, so a test can make the Nth one fail and
//! prove the store is left byte-identical; outside tests that costs one relaxed counter bump.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::{FileExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::layout;
use super::line::MAX_LINE_BYTES;
use crate::error::{Error, Result};

/// Permissions for files the store creates: records are personal data, readable by the owner only.
pub const PRIVATE_FILE_MODE: u32 = 0o600;
pub const PRIVATE_DIR_MODE: u32 = 0o700;

/// Marks a temporary file, so readers never mistake one for a collection and writers can sweep them.
const TEMP_MARKER: &str = ".tmp-";

/// Linux's `O_NOFOLLOW`: opening a symbolic link fails instead of opening what it points to.
/// Spelled out rather than taken from libc, which gsef does not otherwise need.
#[cfg(any(
    target_arch = "arm",
    target_arch = "aarch64",
    target_arch = "powerpc64"
))]
pub(crate) const O_NOFOLLOW: i32 = 0o100_000;
#[cfg(not(any(
    target_arch = "arm",
    target_arch = "aarch64",
    target_arch = "powerpc64"
)))]
pub(crate) const O_NOFOLLOW: i32 = 0o400_000;

/// What `open` reports for a symbolic link under `O_NOFOLLOW` (ELOOP).
const SYMLINK_REFUSED_ERRNO: i32 = 40;

const SYMLINK_REFUSED: &str = "it is a symbolic link, which a store never follows";

/// Opens `path` without following a symbolic link, so a link swapped in after
/// [`refuse_unless_plain_file`] looked still cannot lead a read or write out of the store.
pub fn open_no_follow(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    options
        .custom_flags(O_NOFOLLOW)
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            Some(SYMLINK_REFUSED_ERRNO) => io::Error::other(SYMLINK_REFUSED),
            _ => error,
        })
}

/// Opens a plain file for reading (never through a symlink); `None` when there is none.
pub fn open_to_read_if_exists(path: &Path) -> Result<Option<File>> {
    refuse_unless_plain_file(path)?;
    match open_no_follow(OpenOptions::new().read(true), path) {
        Ok(file) => Ok(Some(file)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::io("read", path, source)),
    }
}

/// Reads a whole file; a missing file is `Ok(None)` so callers can say what it means.
pub fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>> {
    let Some(mut file) = open_to_read_if_exists(path)? else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|source| Error::io("read", path, source))?;
    Ok(Some(bytes))
}

/// A symlink could point outside the store, so the store never follows one; and a FIFO or a
/// device in place of a collection would hang or flood a reader, so only plain files are used.
pub fn refuse_unless_plain_file(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            Err(Error::io("use", path, io::Error::other(SYMLINK_REFUSED)))
        }
        Ok(metadata) if !metadata.is_file() => Err(Error::io(
            "use",
            path,
            io::Error::other("it is not a regular file"),
        )),
        _ => Ok(()),
    }
}

/// Replaces `path` with `bytes` so that a crash leaves either the old or the new file, never a mix:
/// write a temporary file beside it, fsync, rename over, fsync the folder.
///
/// A new file gets owner-only permissions; an existing one keeps its own, so a store a team
/// shares through group permissions stays shared.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let previous = write_atomically_keeping_previous(path, bytes)?;
    discard_previous_version(previous);
    Ok(())
}

/// [`write_atomically`], but the old version stays reachable under a temporary name, so the
/// caller can put it back with [`restore_previous_version`] if a later write of the same command
/// fails. `None` when there was no old version (or no way to keep one).
pub fn write_atomically_keeping_previous(path: &Path, bytes: &[u8]) -> Result<Option<PathBuf>> {
    refuse_unless_plain_file(path)?;
    let folder = parent_of(path);
    let mode = match fs::metadata(path) {
        Ok(metadata) => metadata.permissions().mode() & 0o777,
        Err(_) => PRIVATE_FILE_MODE,
    };
    let temp_path = temp_path_for(path, "");
    let previous = link_previous_version(path);
    let result = (|| {
        let mut temp = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(mode)
            .open(&temp_path)
            .map_err(|source| Error::io("create", &temp_path, source))?;
        // The umask may have narrowed the mode; an existing file's permissions are the intent.
        temp.set_permissions(fs::Permissions::from_mode(mode))
            .map_err(|source| Error::io("set permissions on", &temp_path, source))?;
        faults::write(&mut temp, bytes).map_err(|source| Error::io("write", &temp_path, source))?;
        faults::sync(&temp).map_err(|source| Error::io("sync", &temp_path, source))?;
        faults::rename(&temp_path, path).map_err(|source| Error::io("replace", path, source))
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&temp_path);
        discard_previous_version(previous);
        return Err(error);
    }
    if let Err(error) = sync_folder(folder) {
        // The new file may or may not survive a power cut, and the command is about to report
        // failure: put the old version back so the store is exactly as the command found it.
        restore_previous_version(path, previous);
        return Err(error);
    }
    Ok(previous)
}

/// Puts back the version [`write_atomically_keeping_previous`] kept; best effort, since it
/// runs while another failure is being reported.
pub fn restore_previous_version(path: &Path, previous: Option<PathBuf>) {
    if let Some(previous) = previous {
        let _ = fs::rename(previous, path);
        let _ = File::open(parent_of(path)).and_then(|handle| handle.sync_all());
    }
}

/// Drops the old version once the command has succeeded.
pub fn discard_previous_version(previous: Option<PathBuf>) {
    if let Some(previous) = previous {
        let _ = fs::remove_file(previous);
    }
}

/// Takes back an append: cuts `path` to `length` again. Best effort, as above.
pub fn truncate_back(path: &Path, length: u64) {
    if let Ok(file) = open_no_follow(OpenOptions::new().write(true), path) {
        let _ = file.set_len(length);
        let _ = file.sync_all();
    }
}

/// A second name for the current version of `path`, kept until its replacement is durable.
///
/// A hard link costs no copy; it is named like a temporary file, so a crash before it is
/// removed leaves something the next writer sweeps. `None` when there is no current version
/// or the filesystem has no hard links; the rewrite then goes ahead without the undo.
pub(super) fn link_previous_version(path: &Path) -> Option<PathBuf> {
    let previous = temp_path_for(path, "previous-");
    fs::hard_link(path, &previous).ok().map(|()| previous)
}

/// What [`append`] saw of the file it appended to, just before and just after (fstat on the
/// descriptor it wrote through), so a key index can tell whether it described the old file and
/// can describe the new one.
#[derive(Debug)]
pub struct Appended {
    pub before: fs::Metadata,
    /// `None` when the file could not be examined after the write; the append itself succeeded.
    pub after: Option<fs::Metadata>,
}

/// Appends one or more whole lines with a single write, then fsyncs.
///
/// The caller holds the exclusive lock; a crash mid-write leaves at most a torn last line,
/// which [`settle_last_line`] takes away before the next append.
pub fn append(path: &Path, bytes: &[u8]) -> Result<Appended> {
    refuse_unless_plain_file(path)?;
    let mut file = open_no_follow(OpenOptions::new().append(true), path)
        .map_err(|source| Error::io("open for appending", path, source))?;
    let before = file
        .metadata()
        .map_err(|source| Error::io("read the size of", path, source))?;
    let written = faults::write(&mut file, bytes).and_then(|()| faults::sync(&file));
    if let Err(source) = written {
        // Take back a partial line now rather than leave it for the next writer: the command
        // failed, so the store must look as it did before it ran.
        let _ = file.set_len(before.len());
        let _ = file.sync_all();
        return Err(Error::io("append to", path, source));
    }
    Ok(Appended {
        before,
        after: file.metadata().ok(),
    })
}

/// Writes `bytes` at offset `from` of `path`, cutting off anything after `from` first, then
/// fsyncs: an append that can be done again, for the journal (a first try may have written
/// part of the bytes before a crash).
pub fn append_at(path: &Path, from: u64, bytes: &[u8]) -> Result<Appended> {
    refuse_unless_plain_file(path)?;
    let mut file = open_no_follow(OpenOptions::new().write(true), path)
        .map_err(|source| Error::io("open for appending", path, source))?;
    let before = file
        .metadata()
        .map_err(|source| Error::io("read the size of", path, source))?;
    if before.len() != from {
        faults::truncate(&file, from).map_err(|source| Error::io("truncate", path, source))?;
    }
    file.seek(SeekFrom::Start(from))
        .map_err(|source| Error::io("append to", path, source))?;
    faults::write(&mut file, bytes)
        .and_then(|()| faults::sync(&file))
        .map_err(|source| Error::io("append to", path, source))?;
    let before = if before.len() == from {
        before
    } else {
        // What the key index must describe as "before" is the file as it stood at `from`.
        file.metadata()
            .map_err(|source| Error::io("read the size of", path, source))?
    };
    Ok(Appended {
        before,
        after: file.metadata().ok(),
    })
}

/// What [`settle_last_line`] did to a collection's last line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastLine {
    /// It ended with its `\n` (or the file is empty): nothing to do.
    Ended,
    /// It was a whole record without its `\n`, as editors and scripts write one: the `\n`
    /// was added, so the next append starts a line of its own.
    EndAdded,
    /// It was the start of a line an interrupted append did not finish: cut, this many bytes.
    Cut(u64),
}

/// Settles an unterminated last line before a writer appends: a whole JSON value (a record
/// whose line end was never typed) gets its `\n`; anything else is the start of a line an
/// interrupted append left, and is cut.
///
/// Only a writer holding the exclusive lock may call this: a cut line was never acknowledged,
/// because an append reports success only after its whole line is written and synced, and an
/// append is one `write` of whole lines, so a torn one is never a whole JSON value.
///
/// What follows the last `\n` is looked at only when it is no longer than a record may be: an
/// append writes whole records, so a longer tail is no torn append but a hand-made line, the
/// readers' to refuse with its number, not a repair's to delete (it may be gigabytes of
/// someone's data, and looking for its start would mean reading them all).
pub fn settle_last_line(path: &Path) -> Result<LastLine> {
    refuse_unless_plain_file(path)?;
    let mut file = match open_no_follow(OpenOptions::new().read(true).write(true), path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(LastLine::Ended),
        Err(source) => return Err(Error::io("open", path, source)),
    };
    let length = file
        .metadata()
        .map_err(|source| Error::io("read the size of", path, source))?
        .len();
    let complete_length =
        complete_length(&mut file, length).map_err(|source| Error::io("read", path, source))?;
    let Some(complete_length) = complete_length.filter(|&complete| complete < length) else {
        return Ok(LastLine::Ended);
    };
    let mut tail = vec![0u8; usize::try_from(length - complete_length).expect("within the bound")];
    file.read_exact_at(&mut tail, complete_length)
        .map_err(|source| Error::io("read", path, source))?;
    let content = layout::content_of(&tail, complete_length == 0);
    if content.is_none_or(layout::is_whole_json) {
        // A record, or only blank space: end the line, and nothing is lost or changed.
        file.seek(SeekFrom::Start(length))
            .and_then(|_| faults::write(&mut file, b"\n"))
            .map_err(|source| Error::io("write", path, source))?;
        faults::sync(&file).map_err(|source| Error::io("sync", path, source))?;
        return Ok(LastLine::EndAdded);
    }
    file.set_len(complete_length)
        .map_err(|source| Error::io("truncate", path, source))?;
    faults::sync(&file).map_err(|source| Error::io("sync", path, source))?;
    Ok(LastLine::Cut(length - complete_length))
}

/// The length of the file up to and including its last `\n`, read backwards in blocks; `None`
/// when more than a record's bound follows the last `\n`.
fn complete_length(file: &mut File, length: u64) -> io::Result<Option<u64>> {
    const BLOCK: u64 = 64 * 1024;
    let mut end = length;
    let mut buffer = vec![0u8; BLOCK as usize];
    // The `\n` ending a line before a tail of the bound's length is one byte further back.
    let lowest_start = length.saturating_sub(MAX_LINE_BYTES as u64 + 1);
    while end > lowest_start {
        let start = end.saturating_sub(BLOCK).max(lowest_start);
        let block = &mut buffer[..(end - start) as usize];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(block)?;
        if let Some(position) = block.iter().rposition(|&byte| byte == b'\n') {
            return Ok(Some(start + position as u64 + 1));
        }
        end = start;
    }
    // No `\n` at all: the whole file is the tail.
    Ok((length <= MAX_LINE_BYTES as u64).then_some(0))
}

/// The temporary files in `folder`, which only an interrupted writer leaves behind when no
/// writer holds the lock; they may hold an old version of a collection (a person forgotten
/// since, say), so `check` names them.
pub fn temp_files(folder: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(folder).map_err(|source| Error::io("list", folder, source))?;
    Ok(entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with('.') && name.contains(TEMP_MARKER)
        })
        .map(|entry| entry.path())
        .collect())
}

/// Deletes temporary files that a crashed writer left in `folder`; returns how many.
pub fn remove_stale_temp_files(folder: &Path) -> Result<usize> {
    let entries = fs::read_dir(folder).map_err(|source| Error::io("list", folder, source))?;
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.contains(TEMP_MARKER) {
            fs::remove_file(entry.path())
                .map_err(|source| Error::io("remove", entry.path(), source))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Creates a file that must not exist yet, owner-only, with its content synced.
///
/// On failure the half-made file is removed, so a failed command leaves no trace.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<()> {
    create_new_with_mode(path, bytes, PRIVATE_FILE_MODE)
}

/// The permissions for a file added to an existing store: the manifest's, so a store a team
/// shares through group permissions stays shared; owner-only when they cannot be read.
pub fn mode_for_new_file(store_root: &Path) -> u32 {
    fs::symlink_metadata(store_root.join(super::MANIFEST_FILE))
        .map_or(PRIVATE_FILE_MODE, |metadata| {
            metadata.permissions().mode() & 0o666
        })
}

/// [`create_new`] with the given permissions, applied whatever the umask.
pub fn create_new_with_mode(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .map_err(|source| Error::io("create", path, source))?;
    if mode != PRIVATE_FILE_MODE
        && let Err(source) = file.set_permissions(fs::Permissions::from_mode(mode))
    {
        let _ = fs::remove_file(path);
        return Err(Error::io("set permissions on", path, source));
    }
    let result = faults::write(&mut file, bytes)
        .map_err(|source| Error::io("write", path, source))
        .and_then(|()| faults::sync(&file).map_err(|source| Error::io("sync", path, source)));
    if result.is_err() {
        let _ = fs::remove_file(path);
    }
    result
}

/// Creates `path`, which must not exist, so that a crash leaves no file or the whole of it:
/// the bytes go to a temporary file beside it, synced, which is then linked into place (a
/// link, unlike a rename, fails if another process made the file meanwhile). Where the
/// filesystem has no hard links it is renamed into place instead. The caller syncs the folder.
pub fn create_new_atomically(path: &Path, bytes: &[u8], mode: u32) -> Result<()> {
    let temp = temp_path_for(path, "new-");
    create_new_with_mode(&temp, bytes, mode)?;
    let placed = faults::check("rename").and_then(|()| match fs::hard_link(&temp, path) {
        Err(error) if error.kind() != io::ErrorKind::AlreadyExists && !path.exists() => {
            fs::rename(&temp, path)
        }
        linked => linked,
    });
    let _ = fs::remove_file(&temp);
    placed.map_err(|source| Error::io("create", path, source))
}

/// Makes a rename or a new file durable: the folder entry itself must reach the disk.
pub fn sync_folder(folder: &Path) -> Result<()> {
    let handle = File::open(folder).map_err(|source| Error::io("open", folder, source))?;
    faults::sync(&handle).map_err(|source| Error::io("sync", folder, source))
}

fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// A temporary name beside `path` (`.NAME.tmp-PURPOSEPID-NANOS`), which the sweep of stale
/// temporary files recognises.
pub fn temp_path_for(path: &Path, purpose: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.subsec_nanos());
    parent_of(path).join(format!(
        ".{name}{TEMP_MARKER}{purpose}{}-{nanos}",
        std::process::id()
    ))
}

/// A test hook: `GSEF_FAIL_AT=write:3` fails the third write once; `write:3+` fails every
/// write from the third on. The kinds are `write`, `sync`, `rename`, `truncate` and `remove`,
/// and for the key indexes, which are caches and counted apart so that the records' own writes
/// keep their numbers, `index-write`, `index-sync` and `index-rename`.
///
/// `GSEF_FAIL_AT=crash:N` instead stops the process dead (`abort`, as a power cut or a SIGKILL
/// would) at the Nth step of any of the records' kinds, before the step; at a write, half of
/// the bytes are written first, as a write cut short. Unset, it does nothing.
pub(crate) mod faults {
    use std::fs::File;
    use std::io::{self, Write};
    use std::path::Path;
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicU64, Ordering};

    struct Plan {
        kind: String,
        at: u64,
        from_then_on: bool,
    }

    static COUNT: AtomicU64 = AtomicU64::new(0);

    fn plan() -> Option<&'static Plan> {
        static PLAN: OnceLock<Option<Plan>> = OnceLock::new();
        PLAN.get_or_init(|| {
            let value = std::env::var("GSEF_FAIL_AT").ok()?;
            let (kind, at) = value.split_once(':')?;
            let (at, from_then_on) = match at.strip_suffix('+') {
                Some(at) => (at, true),
                None => (at, false),
            };
            Some(Plan {
                kind: kind.to_string(),
                at: at.parse().ok()?,
                from_then_on,
            })
        })
        .as_ref()
    }

    /// The kinds of step that change the records, which `crash:N` counts.
    const RECORD_STEPS: [&str; 5] = ["write", "sync", "rename", "truncate", "remove"];

    /// True when this step of a `crash` plan is the one to stop at.
    fn crashes_here(plan: &Plan, kind: &str) -> bool {
        RECORD_STEPS.contains(&kind) && COUNT.fetch_add(1, Ordering::Relaxed) + 1 == plan.at
    }

    /// Fails here when the plan says so; the index's writes call it with their own kinds.
    pub fn check(kind: &str) -> io::Result<()> {
        let Some(plan) = plan() else { return Ok(()) };
        if plan.kind == "crash" {
            if crashes_here(plan, kind) {
                std::process::abort();
            }
            return Ok(());
        }
        if plan.kind != kind {
            return Ok(());
        }
        let count = COUNT.fetch_add(1, Ordering::Relaxed) + 1;
        if count == plan.at || (plan.from_then_on && count > plan.at) {
            return Err(io::Error::other(format!(
                "injected failure of {kind} number {count}"
            )));
        }
        Ok(())
    }

    pub fn write(file: &mut File, bytes: &[u8]) -> io::Result<()> {
        if let Some(plan) = plan()
            && plan.kind == "crash"
        {
            if crashes_here(plan, "write") {
                let _ = file.write_all(&bytes[..bytes.len() / 2]);
                std::process::abort();
            }
            return file.write_all(bytes);
        }
        check("write")?;
        file.write_all(bytes)
    }

    pub fn truncate(file: &File, length: u64) -> io::Result<()> {
        check("truncate")?;
        file.set_len(length)
    }

    pub fn remove(path: &Path) -> io::Result<()> {
        check("remove")?;
        std::fs::remove_file(path)
    }

    pub fn sync(file: &File) -> io::Result<()> {
        check("sync")?;
        file.sync_all()
    }

    pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
        check("rename")?;
        std::fs::rename(from, to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A torn append leaves at most part of one record; a longer tail is no torn append.
    #[test]
    fn cuts_a_torn_last_line_but_never_one_longer_than_a_record() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("participants.jsonl");
        fs::write(&path, b"{\"id\":\"p1\"}\n{\"id\":\"p").unwrap();
        assert_eq!(settle_last_line(&path).unwrap(), LastLine::Cut(8));
        assert_eq!(fs::read(&path).unwrap(), b"{\"id\":\"p1\"}\n");

        for tail in [MAX_LINE_BYTES, MAX_LINE_BYTES + 1] {
            let mut bytes = b"{\"id\":\"p1\"}\n".to_vec();
            bytes.resize(bytes.len() + tail, b'x');
            fs::write(&path, &bytes).unwrap();
            let settled = if tail > MAX_LINE_BYTES {
                LastLine::Ended
            } else {
                LastLine::Cut(tail as u64)
            };
            assert_eq!(
                settle_last_line(&path).unwrap(),
                settled,
                "a tail of {tail}"
            );
            fs::write(&path, &bytes[12..]).unwrap();
            assert_eq!(
                settle_last_line(&path).unwrap(),
                settled,
                "a file of {tail}"
            );
        }
    }

    /// A last record whose line end was never typed is kept, and ended; so is a blank tail.
    #[test]
    fn ends_a_whole_last_record_instead_of_cutting_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("participants.jsonl");
        for (before, after) in [
            (
                &b"{\"id\":\"p1\"}\n{\"id\":\"p2\"}"[..],
                &b"{\"id\":\"p1\"}\n{\"id\":\"p2\"}\n"[..],
            ),
            (b"{\"id\":\"p1\"}", b"{\"id\":\"p1\"}\n"),
            (
                b"\xEF\xBB\xBF{\"id\":\"p1\"}\r",
                b"\xEF\xBB\xBF{\"id\":\"p1\"}\r\n",
            ),
            (b"{\"id\":\"p1\"}\n  ", b"{\"id\":\"p1\"}\n  \n"),
        ] {
            fs::write(&path, before).unwrap();
            assert_eq!(settle_last_line(&path).unwrap(), LastLine::EndAdded);
            assert_eq!(fs::read(&path).unwrap(), after);
            assert_eq!(settle_last_line(&path).unwrap(), LastLine::Ended);
        }
    }
}
