//! Files gsef writes for people, outside the store: reports, exports, rejected rows, manual
//! pages. Their paths come from the command line, so each may be anything.
//!
//! An output is written to a new temporary file in its folder, synced, and renamed over the
//! path: it never writes through a symbolic link, nor into the inode of an existing file (a
//! hard link to a collection stays as it was), and a reader sees the old file or the new one.
//! A path that is a link, or not a plain file, or whose folder — links resolved — lies inside
//! the store, is refused before anything is written.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::file_ops::{self, faults};
use crate::error::{Error, Result};

/// Who a file is for, which decides who may read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// It names people (an export, a list, rejected rows): readable by its owner only.
    Personal,
    /// It holds counts: as readable as the user's umask makes any new file.
    Anyone,
}

impl Audience {
    /// The mode a new file is created with; the umask narrows it, as for any program.
    fn mode(self) -> u32 {
        match self {
            Audience::Personal => 0o600,
            Audience::Anyone => 0o666,
        }
    }
}

/// Writes `bytes` to `path` as described above. `store_root` is the store the command works
/// on, whose folder no output may be written into.
pub fn write(path: &Path, bytes: &[u8], store_root: &Path, audience: Audience) -> Result<()> {
    let target = checked_target(path, store_root)?;
    let folder = target.parent().unwrap_or(Path::new("."));
    // A file that exists keeps its permissions: whoever shared it meant it.
    let mode = match fs::symlink_metadata(&target) {
        Ok(metadata) => Some(metadata.permissions().mode() & 0o777),
        Err(_) => None,
    };
    let temp = file_ops::temp_path_for(&target, "output-");
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(audience.mode())
            .custom_flags(file_ops::O_NOFOLLOW)
            .open(&temp)
            .map_err(|source| Error::io("create", &temp, source))?;
        if let Some(mode) = mode {
            file.set_permissions(fs::Permissions::from_mode(mode))
                .map_err(|source| Error::io("set permissions on", &temp, source))?;
        }
        faults::check("write")
            .and_then(|()| file.write_all(bytes))
            .map_err(|source| Error::io("write", path, source))?;
        faults::sync(&file).map_err(|source| Error::io("sync", path, source))?;
        faults::rename(&temp, &target).map_err(|source| Error::io("replace", path, source))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result?;
    file_ops::sync_folder(folder)
}

/// The path to write, its folder's links resolved, or why it may not be written.
fn checked_target(path: &Path, store_root: &Path) -> Result<PathBuf> {
    let refuse =
        |reason: &str| Error::invalid("output", path.display().to_string(), reason.to_string());
    let Some(name) = path.file_name() else {
        return Err(refuse("names no file"));
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let folder = folder
        .canonicalize()
        .map_err(|source| Error::io("find the folder of", path, source))?;
    if let Ok(root) = store_root.canonicalize()
        && folder.starts_with(&root)
    {
        return Err(refuse(
            "is inside the records store, where only gsef's own writer writes; write it somewhere else",
        ));
    }
    let target = folder.join(name);
    match fs::symlink_metadata(&target) {
        Ok(metadata) if metadata.file_type().is_symlink() => Err(refuse(
            "is a symbolic link; gsef never writes through one (remove it, or name the file it points to)",
        )),
        Ok(metadata) if !metadata.is_file() => Err(refuse("exists and is not a plain file")),
        _ => Ok(target),
    }
}
