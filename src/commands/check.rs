//! `gsef check`: validate the whole store; `--repair` mends what an interrupted write left.

use clap::Args;

use super::{Context, count_of};
use crate::error::{Error, Result};
use crate::output::output_error;
use crate::output::visible::one_line;
use crate::store::check::check_store;

/// Validate the whole store: syntax, required fields, sectors and countries, duplicate ids,
/// references between records, and dates. Every problem is listed as FILE:LINE: MESSAGE.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  gsef check\n  gsef check --repair   # after a crash or a killed import"
)]
pub struct CheckArgs {
    /// First remove an incomplete last line and temporary files left by an interrupted write,
    /// recreate missing collection files empty, and rewrite files holding CRLF line ends, a
    /// byte order mark or blank lines as gsef writes them. Never changes a complete record.
    #[arg(long)]
    pub repair: bool,
}

pub fn run(context: &mut Context, args: &CheckArgs) -> Result<()> {
    let store = context.open_store()?;
    let report = if args.repair && context.dry_run {
        // Mending is writing; a dry run shows the problems a repair would face instead.
        context
            .say("dry run, nothing repaired: the problems below include what --repair would mend");
        let _reader = store.reader()?;
        check_store(&store)?
    } else if args.repair {
        let writer = context.writer(&store)?;
        // Key indexes are caches: a stale one is deleted, not reported, and never a problem.
        writer.remove_stale_indexes();
        let created = writer.create_missing_collections()?;
        let rewritten = writer.rewrite_in_canonical_form()?;
        let tidied = writer.tidied();
        let repaired = writer.repairs().len() + tidied.len() + created.len() + rewritten.len();
        for message in tidied.iter().chain(&created).chain(&rewritten) {
            context.say(message);
        }
        if repaired == 0 {
            context.say("nothing to repair");
        }
        check_store(&store)?
    } else {
        let _reader = store.reader()?;
        check_store(&store)?
    };
    // A problem quotes the line it found, which may hold any control character.
    for problem in report.fixable.iter().chain(&report.problems) {
        let problem = problem.to_string();
        writeln!(context.out, "{}", one_line(&problem)).map_err(output_error)?;
    }
    if !report.problems.is_empty() {
        return Err(Error::CheckFailed {
            path: store.root().to_path_buf(),
            count: report.problems.len(),
        });
    }
    let counts: Vec<String> = report
        .record_counts
        .iter()
        .map(|(singular, plural, count)| count_of(*count, singular, plural))
        .collect();
    let path = store.root().display().to_string();
    let tidy = match report.fixable.len() {
        0 => String::new(),
        count => format!(
            "; {} to tidy with `gsef check --repair`",
            count_of(count, "file", "files")
        ),
    };
    context.say(format!("{path}: no problems ({}){tidy}", counts.join(", ")));
    Ok(())
}
