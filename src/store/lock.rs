//! The store's lock file: many readers or one writer, waited for up to a bound.

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::os::unix::fs::OpenOptionsExt;
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
    let opened = file_ops::open_no_follow(
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(file_ops::PRIVATE_FILE_MODE),
        &path,
    );
    let file = match opened {
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
