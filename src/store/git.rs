//! A store kept in git: the `.gitattributes` that routes the collections to gsef's merge
//! driver, and the driver's work on the three files git hands it.
//!
//! git runs the driver as `gsef git merge %O %A %B %P`: the common ancestor's version, ours
//! (where the result must go), theirs, and the path in the repository. The merge itself is
//! [`three_way`]'s; what it refuses to merge by key goes to git's own line merge
//! (`git merge-file`), so the driver never does worse than git would without it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::file_ops;
use super::three_way::{self, KeyRule, Merged, Unmergeable};
use crate::error::{Error, Result};

/// The attributes file inside the store folder; it applies to the collections beside it.
pub const ATTRIBUTES_FILE: &str = ".gitattributes";

/// The line that sends every collection to the driver named `gsef`.
pub const ATTRIBUTES_LINE: &str = "*.jsonl merge=gsef";

/// Written before [`ATTRIBUTES_LINE`] when gsef adds it, so a reader knows where it came from.
const ATTRIBUTES_COMMENT: &str =
    "# Written by gsef: merge the collections record by record (see `gsef git setup --help`).";

/// The one command that registers the driver in a clone (git keeps it in `.git/config`,
/// which a clone does not copy, so each clone runs it once).
pub const CONFIG_COMMAND: &str = "git config merge.gsef.driver \"gsef git merge %O %A %B %P\"";

/// What writing the attributes file would do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributesChange {
    /// There is none yet: it is created.
    Create,
    /// There is one without the line: the line is added after what it holds.
    Complete,
    /// It has the line already: nothing to write.
    AlreadyThere,
}

/// The attributes file of a store and what it should hold.
#[derive(Debug)]
pub struct AttributesPlan {
    pub path: PathBuf,
    pub change: AttributesChange,
    bytes: Vec<u8>,
}

/// What the attributes file at `root` should become. An existing file keeps every line it
/// has; the line is added once, however often this runs.
pub fn plan_attributes(root: &Path) -> Result<AttributesPlan> {
    let path = root.join(ATTRIBUTES_FILE);
    let existing = file_ops::read_if_exists(&path)?;
    let (change, bytes) = completed_attributes(existing.as_deref());
    Ok(AttributesPlan {
        path,
        change,
        bytes,
    })
}

/// The attributes text with [`ATTRIBUTES_LINE`] in it, and whether that changes anything.
fn completed_attributes(existing: Option<&[u8]>) -> (AttributesChange, Vec<u8>) {
    let Some(existing) = existing else {
        let text = format!("{ATTRIBUTES_COMMENT}\n{ATTRIBUTES_LINE}\n");
        return (AttributesChange::Create, text.into_bytes());
    };
    let has_line = existing.split(|&byte| byte == b'\n').any(|line| {
        let line = String::from_utf8_lossy(line);
        line.split_whitespace().collect::<Vec<_>>() == ["*.jsonl", "merge=gsef"]
    });
    if has_line {
        return (AttributesChange::AlreadyThere, existing.to_vec());
    }
    let mut bytes = existing.to_vec();
    if !bytes.is_empty() && !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(format!("{ATTRIBUTES_COMMENT}\n{ATTRIBUTES_LINE}\n").as_bytes());
    (AttributesChange::Complete, bytes)
}

impl AttributesPlan {
    /// Writes the file, atomically; returns the old version, kept until the caller drops it
    /// with [`file_ops::discard_previous_version`] or puts it back (see
    /// [`file_ops::write_atomically_keeping_previous`]). `mode` is for a new file.
    pub fn write(&self, mode: u32) -> Result<Option<PathBuf>> {
        match self.change {
            AttributesChange::AlreadyThere => Ok(None),
            AttributesChange::Create => {
                file_ops::create_new_atomically(&self.path, &self.bytes, mode)?;
                Ok(None)
            }
            AttributesChange::Complete => {
                file_ops::write_atomically_keeping_previous(&self.path, &self.bytes)
            }
        }
    }
}

/// The three files git hands the driver, and the collection's path in the repository.
#[derive(Debug)]
pub struct MergeFiles<'a> {
    pub base: &'a Path,
    pub ours: &'a Path,
    pub theirs: &'a Path,
    /// Names the collection, and so its key; without it, `ours`'s own name does.
    pub path: Option<&'a Path>,
}

/// What the driver did.
#[derive(Debug)]
pub enum MergeOutcome {
    /// Merged record by record; any conflicts are blocks in the file.
    ByRecord(Merged),
    /// Refused by key for `reason`, so merged by `git merge-file`, which left `conflicts`.
    ByLine {
        reason: Unmergeable,
        conflicts: usize,
    },
}

/// Merges the three versions into `ours` (atomically), record by record, or by git's line
/// merge when they cannot be merged by key. A dry run works out the same and writes nothing.
pub fn merge(files: &MergeFiles, dry_run: bool) -> Result<MergeOutcome> {
    let read = |path: &Path| {
        file_ops::read_if_exists(path)?.ok_or_else(|| {
            Error::io(
                "read",
                path,
                std::io::Error::from(std::io::ErrorKind::NotFound),
            )
        })
    };
    let (base, ours, theirs) = (read(files.base)?, read(files.ours)?, read(files.theirs)?);
    let named = files.path.unwrap_or(files.ours);
    let rule = KeyRule::for_file(&named.file_name().unwrap_or_default().to_string_lossy());
    match three_way::merge(&base, &ours, &theirs, rule) {
        Ok(merged) => {
            if !dry_run {
                file_ops::write_atomically(files.ours, &merged.bytes)?;
            }
            Ok(MergeOutcome::ByRecord(merged))
        }
        Err(reason) => {
            let conflicts = merge_lines(files, dry_run)?;
            Ok(MergeOutcome::ByLine { reason, conflicts })
        }
    }
}

/// Runs git's own line merge on the three files, as git would have without the driver;
/// returns how many conflicts it left. In a dry run it prints to a pipe instead (`-p`).
fn merge_lines(files: &MergeFiles, dry_run: bool) -> Result<usize> {
    let mut command = Command::new("git");
    command.arg("merge-file");
    if dry_run {
        command.arg("-p");
    }
    command
        .args(["-L", "ours", "-L", "base", "-L", "theirs"])
        .arg(files.ours)
        .arg(files.base)
        .arg(files.theirs);
    let output = command
        .output()
        .map_err(|source| Error::io("run `git merge-file` on", files.ours, source))?;
    match output.status.code() {
        // git merge-file exits with the number of conflicts, up to 127, and negative (255)
        // when it could not merge at all.
        Some(count @ 0..=127) => Ok(count as usize),
        _ => {
            let said = String::from_utf8_lossy(&output.stderr);
            Err(Error::io(
                "merge with `git merge-file`",
                files.ours,
                std::io::Error::other(format!("it failed ({}): {}", output.status, said.trim())),
            ))
        }
    }
}

/// Whether `root` is inside a git work tree (for a hint only: `false` when git is missing).
pub fn is_in_work_tree(root: &Path) -> bool {
    let folder = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    Command::new("git")
        .args(["rev-parse", "--is-inside-work-tree"])
        .current_dir(folder)
        .output()
        .is_ok_and(|output| output.status.success())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attributes_line_is_added_once_and_other_lines_stay() {
        let (change, created) = completed_attributes(None);
        assert_eq!(change, AttributesChange::Create);
        let created = String::from_utf8(created).unwrap();
        assert!(created.ends_with("\n*.jsonl merge=gsef\n"), "{created}");
        assert_eq!(
            completed_attributes(Some(created.as_bytes())).0,
            AttributesChange::AlreadyThere
        );

        let (change, completed) = completed_attributes(Some(b"*.csv text\r\n*.png binary"));
        assert_eq!(change, AttributesChange::Complete);
        let completed = String::from_utf8(completed).unwrap();
        assert!(
            completed.starts_with("*.csv text\r\n*.png binary\n# Written by gsef"),
            "{completed}"
        );
        assert!(completed.ends_with("\n*.jsonl merge=gsef\n"));
        let (change, again) = completed_attributes(Some(completed.as_bytes()));
        assert_eq!(change, AttributesChange::AlreadyThere);
        assert_eq!(again, completed.as_bytes());
        // Spelled with other spacing or a CRLF, it is the same line.
        assert_eq!(
            completed_attributes(Some(b"*.jsonl   merge=gsef\r\n")).0,
            AttributesChange::AlreadyThere
        );
    }
}
