//! `gsef attend` and `gsef attendance`: who took part in which event, how, and on which days.

use clap::{Args, Subcommand};
use clap_complete::engine::ArgValueCandidates;

use super::args::parse_id;
use super::shell::{event_candidates, participant_candidates};
use super::{Context, count_of, position_of};
use crate::error::{Error, Result};
use crate::model::Record;
use crate::model::{Attendance, AttendanceStatus, Event, PartialDate, Participant, Role};
use crate::output::{self, Format};
use crate::store::Writer;
use crate::store::check::day_within_event;

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
    if let Some(partial) = days.iter().find(|day| !day.is_full()) {
        return Err(Error::invalid(
            "day",
            partial.to_string(),
            "a day must be a full date, YYYY-MM-DD",
        ));
    }
    // Each person once, in the order given, however often they were named.
    let mut participant_ids: Vec<String> = Vec::new();
    for id in args.participants {
        if !participant_ids.contains(&id) {
            participant_ids.push(id);
        }
    }

    let store = context.open_store()?;
    let writer = context.writer(&store)?;
    // Key lookups throughout: the event, each person, each pair, without reading whole
    // collections (see store::index).
    let event = writer
        .find::<Event>(&args.event)?
        .ok_or_else(|| not_found::<Event>(&args.event))?;
    if let Some(day) = days.iter().find(|day| !day_within_event(day, &event)) {
        return Err(Error::invalid(
            "day",
            day.to_string(),
            format!("outside event `{}`'s dates", event.id),
        ));
    }
    for id in &participant_ids {
        if !writer.contains::<Participant>(id)? {
            return Err(not_found::<Participant>(id));
        }
    }

    // Most calls record people new to the event, which is one append; the whole collection is
    // loaded only when a record must be updated, and then rewritten.
    let mut already_recorded = false;
    for id in &participant_ids {
        if writer.contains::<Attendance>(&attendance_key(&args.event, id))? {
            already_recorded = true;
            break;
        }
    }
    let mut attendance = if already_recorded {
        writer.load::<Attendance>()?
    } else {
        Vec::new()
    };
    let mut new_records = Vec::new();
    let mut updated = 0;
    for participant in participant_ids {
        let existing = attendance
            .iter_mut()
            .find(|record| record.event == args.event && record.participant == participant);
        match existing {
            Some(record) => {
                record.status = args.status;
                if args.role.is_some() {
                    record.role = args.role;
                }
                record.days.extend(days.iter().copied());
                record.days.sort();
                record.days.dedup();
                updated += 1;
            }
            None => new_records.push(Attendance {
                event: args.event.clone(),
                participant,
                status: args.status,
                role: args.role,
                days: days.clone(),
                extra: serde_json::Map::new(),
            }),
        }
    }
    // Appending is one small write; only an update needs the whole collection rewritten.
    if updated == 0 {
        writer.append(&new_records)?;
    } else {
        attendance.extend(new_records.iter().cloned());
        writer.rewrite(&attendance)?;
    }
    context.done(
        &writer,
        format!(
            "recorded {} at `{}` as {}: {} new, {} updated",
            count_of(new_records.len() + updated, "participant", "participants"),
            args.event,
            args.status.as_str(),
            new_records.len(),
            updated
        ),
    );
    Ok(())
}

/// The error `position_of` gives for a missing record, for lookups that find none.
fn not_found<T: Record>(key: &str) -> Error {
    Error::NotFound {
        kind: T::KIND,
        id: key.to_string(),
    }
}

/// An attendance record's key (see `Record::key`): the event and the person.
fn attendance_key(event: &str, participant: &str) -> String {
    format!("{event} {participant}")
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
            output::write_list(args.format, &attendance, context.out)
        }
        AttendanceCommand::Remove(args) => {
            let store = context.open_store()?;
            let writer = context.writer(&store)?;
            let mut attendance = writer.load::<Attendance>()?;
            let key = attendance_key(&args.event, &args.participant);
            let index = position_of(&attendance, &key)?;
            attendance.remove(index);
            writer.rewrite(&attendance)?;
            context.done(
                &writer,
                format!(
                    "removed the attendance of `{}` at `{}`",
                    args.participant, args.event
                ),
            );
            Ok(())
        }
    }
}

/// Removes the attendance records that `belongs` picks out, as dependents of the `kind` `id`
/// being removed: refused while there are any unless `force`. Returns " and N attendance
/// records" for the confirmation, or nothing when there were none.
///
/// Dependents go first, so a crash between the two rewrites leaves nothing that points at a
/// missing record.
pub fn remove_attendance_of(
    writer: &Writer,
    kind: &'static str,
    id: &str,
    force: bool,
    belongs: impl Fn(&Attendance) -> bool,
) -> Result<String> {
    let attendance = writer.load::<Attendance>()?;
    let (dependents, kept): (Vec<Attendance>, Vec<Attendance>) =
        attendance.into_iter().partition(|record| belongs(record));
    if dependents.is_empty() {
        return Ok(String::new());
    }
    let described = count_of(dependents.len(), "attendance record", Attendance::PLURAL);
    if !force {
        return Err(Error::Referenced {
            kind,
            id: id.to_string(),
            dependents: described,
        });
    }
    writer.rewrite(&kept)?;
    Ok(format!(" and {described}"))
}
