//! `gsef attend` and `gsef attendance`: who took part in which event, how, and on which days.

use clap::{Args, Subcommand};
use clap_complete::engine::ArgValueCandidates;

use super::args::parse_id;
use super::shell::{event_candidates, participant_candidates};
use super::{Context, count_of};
use crate::error::{Error, Result};
use crate::model::attendance::days_problem;
use crate::model::{Attendance, AttendanceStatus, FieldProblem, PartialDate, Role};
use crate::output::Format;
use crate::store::ops::{self, AttendanceChanges, AttendanceUpdate, Overwrite};

const ATTEND_EXAMPLES: &str = "\
Examples:
  gsef attend 2019-11-mexico mx-001 mx-002 --day 2019-11-27 --day 2019-11-28
  gsef attend 2019-11-mexico mx-003 --status no-show
  gsef attend 2019-11-mexico mx-004 --role speaker

Running it again for the same event and person updates the record: the status and role given
replace the old ones, and the days given are added to those already recorded.";

/// Record attendance of one or more participants at an event.
#[derive(Debug, Args)]
#[command(after_help = ATTEND_EXAMPLES)]
pub struct AttendArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub event: String,
    /// One or more participant ids.
    #[arg(add = ArgValueCandidates::new(participant_candidates), required = true, value_parser = parse_id)]
    pub participants: Vec<String>,
    /// What came of it: attended, registered, no-show or cancelled.
    #[arg(long, value_enum, default_value_t = AttendanceStatus::Attended)]
    pub status: AttendanceStatus,
    /// The part the person played: participant, speaker, organizer or facilitator.
    #[arg(long, value_enum)]
    pub role: Option<Role>,
    /// A day attended, YYYY-MM-DD, within the event's dates; repeat for several.
    #[arg(long = "day", value_name = "DATE")]
    pub days: Vec<PartialDate>,
}

#[derive(Debug, Subcommand)]
pub enum AttendanceCommand {
    /// List attendance records.
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  gsef attendance list --event 2019-11-mexico\n  gsef attendance list --status no-show --format csv"
    )]
    List(AttendanceListArgs),
    /// Remove the attendance record of a participant at an event.
    #[command(
        visible_alias = "rm",
        after_help = "Examples:\n  gsef attendance remove 2019-11-mexico mx-111\n  gsef --dry-run attendance remove 2019-11-mexico mx-001"
    )]
    Remove(AttendanceRemoveArgs),
}

#[derive(Debug, Args)]
pub struct AttendanceListArgs {
    /// Only this event's records.
    #[arg(long, add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub event: Option<String>,
    /// Only this participant's records.
    #[arg(long, add = ArgValueCandidates::new(participant_candidates), value_parser = parse_id)]
    pub participant: Option<String>,
    /// Only records with this status.
    #[arg(long, value_enum)]
    pub status: Option<AttendanceStatus>,
    /// How to write it: a table for people; csv, json or jsonl for scripts.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct AttendanceRemoveArgs {
    /// The event's id, such as 2019-11-mexico.
    #[arg(add = ArgValueCandidates::new(event_candidates), value_parser = parse_id)]
    pub event: String,
    /// The participant's id, such as mx-001.
    #[arg(add = ArgValueCandidates::new(participant_candidates), value_parser = parse_id)]
    pub participant: String,
}

pub fn attend(context: &mut Context, args: AttendArgs) -> Result<()> {
    let mut days = args.days;
    days.sort();
    days.dedup();
    if let Some(problem) = days_problem(&days) {
        return Err(Error::InvalidField(FieldProblem {
            field: "day",
            ..problem
        }));
    }
    // Each person once, in the order given, however often they were named.
    let mut participant_ids: Vec<String> = Vec::new();
    for id in args.participants {
        if !participant_ids.contains(&id) {
            participant_ids.push(id);
        }
    }
    let update = AttendanceUpdate {
        status: args.status,
        role: args.role,
        days: (!days.is_empty()).then_some(days),
        minutes: None,
    };
    let updates: Vec<(String, AttendanceUpdate)> = participant_ids
        .iter()
        .map(|id| (id.clone(), update.clone()))
        .collect();
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    let changes = ops::record_attendance(&mut writer, &args.event, &updates, Overwrite::Status)?;
    context.commit(
        writer,
        format!(
            "recorded {} at `{}` as {}: {}",
            count_of(participant_ids.len(), "participant", "participants"),
            args.event,
            args.status.as_str(),
            changes_described(&changes)
        ),
    )
}

/// "2 new, 1 updated", and how many already said exactly this when any did.
pub fn changes_described(changes: &AttendanceChanges) -> String {
    let mut text = format!("{} new, {} updated", changes.new, changes.updated);
    if changes.unchanged > 0 {
        text.push_str(&format!(", {} already recorded", changes.unchanged));
    }
    text
}

pub fn run(context: &mut Context, command: AttendanceCommand) -> Result<()> {
    match command {
        AttendanceCommand::List(args) => {
            let store = context.open_store()?;
            let mut attendance = store.reader()?.load::<Attendance>()?;
            attendance.retain(|record| {
                args.event
                    .as_ref()
                    .is_none_or(|event| &record.event == event)
                    && args
                        .participant
                        .as_ref()
                        .is_none_or(|participant| &record.participant == participant)
                    && args.status.is_none_or(|status| record.status == status)
            });
            context.write_list(args.format, &attendance)
        }
        AttendanceCommand::Remove(args) => {
            let store = context.open_store()?;
            let mut writer = context.writer(&store)?;
            ops::remove_attendance(&mut writer, &args.event, &args.participant)?;
            context.commit(
                writer,
                format!(
                    "removed the attendance of `{}` at `{}`",
                    args.participant, args.event
                ),
            )
        }
    }
}
