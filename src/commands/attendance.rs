//! `gsef attend` and `gsef attendance`: who took part in which event, how, and on which days.

use clap::{Args, Subcommand};
use clap_complete::engine::ArgValueCandidates;

use super::args::parse_id;
use super::shell::{event_candidates, participant_candidates};
use super::{Context, count_of};
use crate::error::{Error, Result};
use crate::model::attendance::days_problem;
use crate::model::date::DateError;
use crate::model::day_text::{DateOrder, DayProblem, EventDays, parse_day};
use crate::model::{Attendance, AttendanceStatus, Event, FieldProblem, PartialDate, Role};
use crate::output::Format;
use crate::store::ops::{self, AttendanceChanges, AttendanceUpdate, Overwrite, not_found};

const ATTEND_EXAMPLES: &str = "\
Examples:
  gsef attend 2019-11-mexico mx-001 mx-002 --day 2019-11-27 --day 2019-11-28
  gsef attend 2019-11-mexico mx-003 --status no-show
  gsef attend 2019-11-mexico mx-004 --role speaker
  gsef attend 2019-11-mexico mx-005 --day 27/11 --day \"28 de noviembre\"
  gsef attend 2019-11-mexico mx-006 --day \"Day 2\"
  gsef attend 2019-11-mexico mx-007 --day 11/27 --date-order mdy

A day may be written as on the sheet: 2019-11-27, 27/11, 27 Nov, 28 de noviembre, 27 novembre,
November 27, 11월 27일, or Day 2 (the event's second day); the year and month come from the
event. A day such as 5/11 that reads both ways within the event needs --date-order.

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
    /// A day attended, within the event's dates: 2019-11-27, 27/11, "28 de noviembre", "Day 2"
    /// (see the examples); repeat for several.
    #[arg(long = "day", value_name = "DAY", value_parser = parse_day_argument)]
    pub days: Vec<String>,
    /// Which number of a day such as 5/11 is the day: dmy (5 November) or mdy (11 May).
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrder>,
}

/// clap's parser for `--day`: text that starts like `YYYY-MM-DD` is held to it, so `2019-13-01`
/// or `2019-5` is the usage error it has always been; any other text is read once the event's
/// dates are known.
fn parse_day_argument(text: &str) -> Result<String, DateError> {
    let trimmed = text.trim();
    let bytes = trimmed.as_bytes();
    let iso_shaped = bytes.len() >= 4
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && matches!(bytes.get(4), None | Some(b'-'));
    if iso_shaped {
        trimmed.parse::<PartialDate>()?;
    }
    Ok(trimmed.to_string())
}

#[derive(Debug, Subcommand)]
pub enum AttendanceCommand {
    /// List attendance records.
    #[command(
        visible_alias = "ls",
        after_help = "Examples:\n  gsef attendance list --event 2019-11-mexico\n  gsef attendance list --status no-show --format csv\n  gsef attendance list --event 2019-11-mexico --format xlsx --output attendance.xlsx"
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
    /// How to write it: a table for people; csv, json or jsonl for scripts; xlsx for Excel
    /// (with --output).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to FILE (atomically: all of it or nothing, readable by you only) instead of
    /// standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
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
    // Days written YYYY-MM-DD are checked before the store is opened, as they always were; the
    // others are read once the event's dates are known.
    let mut days = Vec::new();
    let mut written_days = Vec::new();
    for text in &args.days {
        match text.parse::<PartialDate>() {
            Ok(day) => days.push(day),
            Err(_) => written_days.push(text.as_str()),
        }
    }
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
    let store = context.open_store()?;
    let mut writer = context.writer(&store)?;
    if !written_days.is_empty() {
        // Loaded as `record_attendance` loads it, so a missing event is the same error.
        let event = writer
            .find::<Event>(&args.event)?
            .ok_or_else(|| not_found::<Event>(&args.event))?;
        let event_days = EventDays::of(&event);
        for text in written_days {
            let day = parse_day(text, &event_days, args.date_order)
                .map_err(|problem| day_refused(&event, &problem))?;
            days.push(day);
        }
        days.sort();
        days.dedup();
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

/// The error for a `--day` that names no day of the event, in the words `record_attendance`
/// uses for a day outside it, and pointing at `--date-order` where that would decide.
pub(super) fn day_refused(event: &Event, problem: &DayProblem) -> Error {
    let reason = match problem {
        DayProblem::OutsideEvent { day, .. } => {
            format!("{} is outside event `{}`'s dates", day.human(), event.id)
        }
        DayProblem::Ambiguous { readings, .. } => format!(
            "may be {} or {}; pass --date-order dmy or mdy, or write it YYYY-MM-DD",
            readings[0].human(),
            readings[1].human()
        ),
        _ => problem.reason(),
    };
    Error::invalid("day", problem.text(), reason)
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
            crate::output::check_list_destination(args.format, args.output.as_deref())?;
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
            context.write_list_to(
                args.format,
                &attendance,
                args.output.as_deref(),
                "the attendance list",
            )
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
