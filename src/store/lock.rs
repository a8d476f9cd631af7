//! The store's lock: many readers or one writer, waited for up to a bound.
//!
//! The lock is taken on the store folder itself (`flock` on the folder), which nothing that
//! cleans a checkout removes. gsef 0.1 locked a file, `.gsef.lock`, which git ignores: a
//! `git clean -fX` while writers ran deleted it, the next writer made a new one and locked
//! that, and two writers ran at once. The file is still created and locked after the folder,
//! for tools written to the earlier protocol, but losing it no longer lets two gsef in.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use super::file_ops;
use crate::error::{Error, Result};

/// The lock file of gsef 0.1 and of tools that follow its protocol; a dot file, so listings and
/// git can ignore it.
pub const LOCK_FILE: &str = ".gsef.lock";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    Shared,
    Exclusive,
}

/// The store's lock, held until dropped.
#[derive(Debug)]
pub struct Lock {
    _folder: File,
    _file: Option<File>,
}

/// Takes the store's lock, polling until `timeout` since the OS offers no timed wait.
pub fn acquire(store_root: &Path, mode: LockMode, timeout: Duration) -> Result<Lock> {
    let deadline = Instant::now() + timeout;
    let folder = File::open(store_root)
        .map_err(|source| Error::io("open the store folder to lock it", store_root, source))?;
    take(&folder, mode, deadline, store_root, timeout)?;
    let path = store_root.join(LOCK_FILE);
    let file = match open_or_create(store_root, &path) {
        Ok(file) => Some(file),
        // Only "cannot write here" means no writer can create it either (a read-only
        // checkout); anything else (a symbolic link planted as the lock file) is an error.
        Err(error)
            if matches!(
                error.kind(),
                io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
            ) =>
        {
            None
        }
        Err(source) => return Err(Error::io("open the lock file", path, source)),
    };
    if let Some(file) = &file {
        take(file, mode, deadline, store_root, timeout)?;
    }
    Ok(Lock {
        _folder: folder,
        _file: file,
    })
}

/// Locks `file` as `mode` asks, waiting until `deadline`.
fn take(
    file: &File,
    mode: LockMode,
    deadline: Instant,
    store_root: &Path,
    timeout: Duration,
) -> Result<()> {
    let mut pause = Duration::from_millis(2);
    loop {
        let attempt = match mode {
            LockMode::Shared => file.try_lock_shared(),
            LockMode::Exclusive => file.try_lock(),
        };
        match attempt {
            Ok(()) => return Ok(()),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                thread::sleep(pause.min(deadline.saturating_duration_since(Instant::now())));
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Error::LockTimeout {
                    path: store_root.to_path_buf(),
                    seconds: timeout.as_secs(),
                });
            }
            Err(TryLockError::Error(source)) => {
                return Err(Error::io("lock", store_root, source));
            }
        }
    }
}

/// Opens the lock file, creating it with the store's permissions the first time, so that in a
/// store a team shares through group permissions everyone can take the lock, not only whoever
/// happened to create it.
fn open_or_create(store_root: &Path, path: &Path) -> io::Result<File> {
    let mode = file_ops::mode_for_new_file(store_root);
    let created = file_ops::open_no_follow(
        OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .mode(mode),
        path,
    );
    match created {
        Ok(file) => {
            // The umask may have narrowed the mode; the store's own permissions are the intent.
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
            Ok(file)
        }
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            file_ops::open_no_follow(OpenOptions::new().read(true).write(true), path)
        }
        Err(error) => Err(error),
    }
}
