//! `gsef git`: keep the records in git, merging the collections record by record.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Context, count_of};
use crate::error::{Error, Result};
use crate::output::output_error;
use crate::store::file_ops;
use crate::store::git::{self, AttributesChange, MergeFiles, MergeOutcome};

const SETUP_EXAMPLES: &str = "\
Examples:
  gsef git setup                       write records/.gitattributes, print the git config command
  gsef git setup | sh                  and run it, in the repository's folder
  gsef --records ~/gsef-2020 git setup

The driver must be registered once in each clone (git does not copy .git/config):
  git config merge.gsef.driver \"gsef git merge %O %A %B %P\"
and `gsef` must be on the PATH of whoever runs `git merge` (cargo install --path .).";

/// Examples for `gsef git` itself.
pub const EXAMPLES: &str = "\
Examples:
  gsef git setup                                  once per store
  git config merge.gsef.driver \"gsef git merge %O %A %B %P\"   once per clone
  git merge colleague-branch                      people added on both sides are all kept";

const MERGE_EXAMPLES: &str = "\
Examples:
  git config merge.gsef.driver \"gsef git merge %O %A %B %P\"     how git is told to call it
  gsef git merge base.jsonl ours.jsonl theirs.jsonl records/participants.jsonl

Exit codes: 0 merged cleanly, 1 conflicts were written (git then marks the file conflicted)
or the files could not be read.";

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Set an existing store up to be merged record by record in git.
    ///
    /// Writes (or completes, keeping its other lines) the store's .gitattributes with
    /// `*.jsonl merge=gsef`, and prints on stdout the one `git config` command that registers
    /// the driver in a clone. Running it again writes nothing.
    #[command(after_help = SETUP_EXAMPLES)]
    Setup(SetupArgs),
    /// The merge driver git runs for a collection: merges BASE, OURS and THEIRS record by
    /// record into OURS.
    ///
    /// Records are matched on their key (`id`; `event` and `participant` for attendance) and
    /// compared as JSON, so key order and spacing are no edit. Records added on either side
    /// are all kept (ours' order, then theirs' new ones), an edit on one side wins over none,
    /// and a record deleted on one side and untouched on the other goes. A record edited
    /// differently on both sides, or edited on one and deleted on the other, is a conflict:
    /// one `<<<<<<< ours` … `=======` … `>>>>>>> theirs` block for that record, at ours'
    /// place, and stderr names its key. The lines written are each side's own bytes, so fields
    /// this gsef does not know are kept. CRLF line ends, a byte order mark, blank lines and a
    /// missing final newline are read; the result has LF ends and a final newline.
    ///
    /// When a version holds a line that is not a JSON object, a record without its key or one
    /// key twice, nothing is guessed: git's own line merge runs instead (`git merge-file`),
    /// and stderr says why.
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct SetupArgs {}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor's version (git's %O).
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our version (git's %A); the result is written here.
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (git's %B).
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The collection's path in the repository (git's %P): its file name says which key the
    /// records have; without it, OURS's file name does.
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
}

pub fn run(context: &mut Context, command: GitCommand) -> Result<()> {
    match command {
        GitCommand::Setup(_) => setup(context),
        GitCommand::Merge(args) => merge(context, &args),
    }
}

fn setup(context: &mut Context) -> Result<()> {
    let store = context.open_store()?;
    // Held while the file is written, as every write to the store is.
    let _writer = context.writer(&store)?;
    let attributes = git::plan_attributes(store.root())?;
    let path = attributes.path.display().to_string();
    let line = git::ATTRIBUTES_LINE;
    match (attributes.change, context.dry_run) {
        (AttributesChange::AlreadyThere, _) => {
            context.say(format!("{path} already has `{line}`; nothing to write"));
        }
        (AttributesChange::Create, true) => context.say(format!(
            "dry run, nothing written: would write {path} with `{line}`"
        )),
        (AttributesChange::Complete, true) => context.say(format!(
            "dry run, nothing written: would add `{line}` to {path}"
        )),
        (change, false) => {
            let previous = attributes.write(file_ops::mode_for_new_file(store.root()))?;
            file_ops::discard_previous_version(previous);
            let done = if change == AttributesChange::Create {
                "wrote"
            } else {
                "added to"
            };
            context.say(format!("{done} {path}: `{line}`"));
        }
    }
    let where_ = if git::is_in_work_tree(store.root()) {
        "in this repository"
    } else {
        "in the git repository that will hold the records (they are not in one yet)"
    };
    context.say(format!(
        "register the driver once {where_}, in each clone, with the command on stdout:"
    ));
    writeln!(context.out, "{}", git::CONFIG_COMMAND).map_err(output_error)
}

fn merge(context: &mut Context, args: &MergeArgs) -> Result<()> {
    let files = MergeFiles {
        base: &args.base,
        ours: &args.ours,
        theirs: &args.theirs,
        path: args.path.as_deref(),
    };
    let shown = args.path.as_ref().unwrap_or(&args.ours).clone();
    let name = shown.display().to_string();
    let dry = if context.dry_run {
        "dry run, nothing written: "
    } else {
        ""
    };
    let conflicts = match git::merge(&files, context.dry_run)? {
        MergeOutcome::ByRecord(merged) => {
            for conflict in &merged.conflicts {
                context.say(format!(
                    "conflict in {name}: `{}` {}",
                    crate::quote::value(&conflict.key),
                    conflict.kind
                ));
            }
            if merged.conflicts.is_empty() {
                context.say(format!(
                    "{dry}merged {name} record by record ({} from theirs)",
                    count_of(merged.taken_from_theirs, "record", "records")
                ));
            }
            merged.conflicts.len()
        }
        MergeOutcome::ByLine { reason, conflicts } => {
            context.warn(format!(
                "{dry}{name} cannot be merged record by record ({reason}); merged line by line with `git merge-file` instead"
            ));
            conflicts
        }
    };
    if conflicts == 0 {
        return Ok(());
    }
    Err(Error::MergeConflicts {
        path: shown,
        count: conflicts,
    })
}
