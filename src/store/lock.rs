//! The store's lock file: many readers or one writer, waited for up to a bound.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use super::file_ops;
use crate::error::{Error, Result};

/// The lock file's name inside the store; a dot file, so listings and git can ignore it.
pub const LOCK_FILE: &str = ".gsef.lock";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    Shared,
    Exclusive,
}

/// Takes the store's lock, polling until `timeout` since the OS offers no timed wait.
///
/// Returns `None` for a shared lock on a store whose lock file cannot be created (a read-only
/// checkout): nobody can write there either, so reading without the lock is safe.
pub fn acquire(store_root: &Path, mode: LockMode, timeout: Duration) -> Result<Option<File>> {
    let path = store_root.join(LOCK_FILE);
    let file = match open_or_create(store_root, &path) {
        Ok(file) => file,
        // Only "cannot write here" means nobody can write; any other failure (a symbolic link
        // planted as the lock file, say) must not let a reader skip the lock.
        Err(error)
            if mode == LockMode::Shared
                && matches!(
                    error.kind(),
                    io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
                ) =>
        {
            return Ok(None);
        }
        Err(source) => return Err(Error::io("open the lock file", path, source)),
    };
    let deadline = Instant::now() + timeout;
    let mut pause = Duration::from_millis(2);
    loop {
        let attempt = match mode {
            LockMode::Shared => file.try_lock_shared(),
            LockMode::Exclusive => file.try_lock(),
        };
        match attempt {
            Ok(()) => return Ok(Some(file)),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                thread::sleep(pause.min(deadline.saturating_duration_since(Instant::now())));
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Error::LockTimeout {
                    path,
                    seconds: timeout.as_secs(),
                });
            }
            Err(TryLockError::Error(source)) => return Err(Error::io("lock", path, source)),
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
