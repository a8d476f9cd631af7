//! The one error type: each variant names the operation and carries the path, line or id.

use std::io;
use std::path::PathBuf;

use crate::model::FieldProblem;
use crate::model::text::TextProblem;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no records store at {}", path.display())]
    NoStore { path: PathBuf },

    #[error("a records store already exists at {}", path.display())]
    StoreExists { path: PathBuf },

    #[error("{} is not a gsef store: {reason}", path.display())]
    NotAStore { path: PathBuf, reason: String },

    #[error(
        "the store at {} has format version {version}, newer than this gsef's {supported}; it can be read but not written",
        path.display()
    )]
    FutureVersion {
        path: PathBuf,
        version: u32,
        supported: u32,
    },

    #[error("{}:{line}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },

    #[error("unresolved merge conflict in {}, {conflict}", path.display())]
    MergeConflict {
        path: PathBuf,
        conflict: Box<crate::store::conflict::Conflict>,
    },

    #[error(
        "{}:{line}: records are one per line, and this file looks pretty-printed",
        path.display()
    )]
    PrettyPrinted { path: PathBuf, line: usize },

    #[error("cannot {action} {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("cannot write the output")]
    Output(#[source] io::Error),

    #[error(
        "timed out after {seconds}s waiting for the lock on {}: another gsef is writing",
        path.display()
    )]
    LockTimeout { path: PathBuf, seconds: u64 },

    #[error("{kind} `{id}` not found")]
    NotFound { kind: &'static str, id: String },

    #[error("{}: an interrupted change cannot be carried out: {reason}", path.display())]
    Journal { path: PathBuf, reason: String },

    #[error(
        "{}: an interrupted change is waiting to be completed, and this command may not write",
        path.display()
    )]
    ChangePending { path: PathBuf },

    #[error("{kind} `{id}` already exists")]
    Duplicate { kind: &'static str, id: String },

    #[error("{0}")]
    InvalidField(FieldProblem),

    #[error("{0}")]
    Invalid(String),

    /// Free text refused by the one rule for text (`model::text`): `what` names the flag
    /// (`--name`) or the place it came from.
    #[error("{what}: {problem}")]
    InvalidText { what: String, problem: TextProblem },

    #[error("{kind} `{id}` is referenced by {dependents}")]
    Referenced {
        kind: &'static str,
        id: String,
        dependents: String,
    },

    #[error("{count} problem{} found in {}", if *count == 1 { "" } else { "s" }, path.display())]
    CheckFailed { path: PathBuf, count: usize },

    /// `gsef git merge` wrote conflict blocks (or git's line merge left conflicts) in a file.
    #[error(
        "{} left in {}; git marks the file conflicted",
        crate::model::record::count_of(*count, "conflict", "conflicts"),
        path.display()
    )]
    MergeConflicts { path: PathBuf, count: usize },

    #[error("{}: {message}", path.display())]
    ImportColumns { path: PathBuf, message: String },

    /// A line of a file to import (or of a map file) that stops the import; unlike
    /// [`Error::Parse`], the file is the user's, not the store's.
    #[error("{}:{line}: {message}", path.display())]
    ImportLine {
        path: PathBuf,
        line: usize,
        message: String,
    },

    /// The header row of an imported file breaks a bound; no row can be read without it.
    #[error("{}:1: {message}", path.display())]
    ImportHeader { path: PathBuf, message: String },

    /// A file to import is no spreadsheet gsef reads, or has no sheet of the name asked for.
    #[error("{}: {message}", path.display())]
    ImportSheet { path: PathBuf, message: String },

    #[error(
        "{count} invalid row{} in {}; nothing was imported",
        if *count == 1 { "" } else { "s" },
        path.display()
    )]
    ImportRejected { path: PathBuf, count: usize },

    /// Responses go in whole or not at all: a form's rows are one instrument's answers.
    #[error(
        "{count} invalid row{} in {}; no response was imported",
        if *count == 1 { "" } else { "s" },
        path.display()
    )]
    ResponsesRejected { path: PathBuf, count: usize },

    #[error(
        "{count} row{} of {} give{} an email that another person has under a clearly different name; nothing was imported",
        if *count == 1 { "" } else { "s" },
        path.display(),
        if *count == 1 { "s" } else { "" }
    )]
    ImportSharedEmail { path: PathBuf, count: usize },
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    pub fn invalid(
        field: &'static str,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        Error::InvalidField(FieldProblem::new(field, value, reason))
    }

    /// The process exit code: 1 for every user or data error; clap exits 2 on usage errors itself.
    pub fn exit_code(&self) -> i32 {
        1
    }

    /// A next step to suggest, where one helps.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NoStore { .. } => Some(
                "create one with `gsef init` (in a folder of collection files, it adopts them and writes the manifest), or point at one with --records DIR or GSEF_RECORDS"
                    .to_string(),
            ),
            Error::StoreExists { .. } => {
                Some("choose another folder with --records DIR".to_string())
            }
            Error::MergeConflicts { .. } => Some(
                "each conflict is a block from `<<<<<<< ours` to `>>>>>>> theirs`: keep the line you want (or write one from both), delete the marker lines, run `gsef check`, then `git add` the file"
                    .to_string(),
            ),
            Error::FutureVersion { .. } => Some("upgrade gsef to write to this store".to_string()),
            Error::Journal { .. } => Some(
                "no collection was changed from it; keep the journal file for whoever repairs the store, and restore the collections from a copy (git, a backup) if they look wrong"
                    .to_string(),
            ),
            Error::ChangePending { .. } => Some(
                "run `gsef check --repair` (not a dry run) where the store can be written; it completes the change"
                    .to_string(),
            ),
            Error::Referenced { .. } => {
                Some("remove those first, or pass --force to remove them along with it".to_string())
            }
            Error::CheckFailed { .. } => Some(
                "fix the lines named above; `gsef check --repair` mends an interrupted write"
                    .to_string(),
            ),
            Error::MergeConflict { .. } => Some(
                "keep the records wanted from each side, delete the marker lines (<<<<<<<, =======, >>>>>>>), then run `gsef check`; `gsef git setup` has git merge the records one by one".to_string(),
            ),
            Error::PrettyPrinted { path, .. } => Some(format!(
                "put each record back on one line: jq -c . {0} > {0}.new && mv {0}.new {0}",
                crate::quote::shell_word(&path.display().to_string())
            )),
            Error::Parse { message, .. } if message.contains("interrupted write") => {
                Some("run `gsef check --repair` to remove it".to_string())
            }
            Error::ImportColumns { .. } => Some(
                "name the column that holds a field with --map FIELD=COLUMN, e.g. --map name=\"Nombre completo\""
                    .to_string(),
            ),
            Error::ImportHeader { .. } => Some(
                "the first row must name the columns, as a form's CSV export does; check that this is the file meant"
                    .to_string(),
            ),
            Error::ImportSharedEmail { .. } => Some(
                "two people may share an address (a colleague's ticket, an office account): pass --shared-email separate to import them as separate people, or correct the emails"
                    .to_string(),
            ),
            Error::ResponsesRejected { .. } => Some(
                "fix the rows listed above and import the file again; a form's responses go in whole or not at all"
                    .to_string(),
            ),
            Error::ImportRejected { .. } => Some(
                "fix the rows listed above, or pass --skip-invalid to import the others and write these to a CSV"
                    .to_string(),
            ),
            // Commands refuse a bad line rather than guess around it, so it must be fixed by hand.
            Error::Parse { .. } => Some(
                "correct that line in the file; `gsef check` lists every problem in the store"
                    .to_string(),
            ),
            Error::NotFound { kind, .. } if matches!(*kind, "event" | "series" | "participant") => {
                Some(format!("`gsef {kind} list` shows the ids there are"))
            }
            Error::LockTimeout { .. } => {
                Some("wait and retry, or raise --lock-timeout".to_string())
            }
            _ => None,
        }
    }

    /// True when the error is only a closed stdout (`gsef … | head`), which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output(source) if source.kind() == io::ErrorKind::BrokenPipe)
    }
}
