//! The write rules every command shares, each one operation staged on a [`Writer`]: insert a
//! record under a new key, update one, remove one with what depends on it, record attendance,
//! merge two people, forget one. A command states what it wants; the rule is written here once.
//!
//! Nothing here writes: every operation stages its changes, and the command commits them (or
//! drops the writer, which writes nothing).

use std::collections::HashMap;

use super::{Stored, Writer};
use crate::error::{Error, Result};
use crate::model::certificate::{CODE_BYTES, code_from_bytes};
use crate::model::forget::{forget, forget_attendance};
use crate::model::id::generate;
use crate::model::merge::{MergeOutcome, merge_note, merge_participants};
use crate::model::record::count_of;
use crate::model::{
    Attendance, AttendanceStatus, Certificate, CertificateBasis, Event, Indicator, PartialDate,
    Participant, Record, Response, Role, SectorVocabulary, Series,
};

/// The error for a record that is not there, naming its kind and key.
pub fn not_found<T: Record>(key: &str) -> Error {
    Error::NotFound {
        kind: T::KIND,
        id: key.to_string(),
    }
}

/// The position of the record with `key`, or a not-found error naming it.
pub fn position_of<T: Record>(records: &[T], key: &str) -> Result<usize> {
    records
        .iter()
        .position(|record| record.key() == key)
        .ok_or_else(|| not_found::<T>(key))
}

/// Refuses a record whose fields break the format, naming the first bad field.
pub fn validate<T: Record>(record: &T, vocabulary: &SectorVocabulary) -> Result<()> {
    match record.problems(vocabulary).into_iter().next() {
        Some(problem) => Err(Error::InvalidField(problem)),
        None => Ok(()),
    }
}

/// What a record points at in other collections, which must exist when it is written.
pub trait References: Stored {
    fn check_references(&self, _writer: &Writer) -> Result<()> {
        Ok(())
    }
}

impl References for Series {}
impl References for Participant {}
impl References for Indicator {}

impl References for Event {
    fn check_references(&self, writer: &Writer) -> Result<()> {
        match &self.series {
            Some(series) if !writer.contains::<Series>(series)? => Err(not_found::<Series>(series)),
            _ => Ok(()),
        }
    }
}

impl References for Attendance {
    fn check_references(&self, writer: &Writer) -> Result<()> {
        if !writer.contains::<Event>(&self.event)? {
            return Err(not_found::<Event>(&self.event));
        }
        if !writer.contains::<Participant>(&self.participant)? {
            return Err(not_found::<Participant>(&self.participant));
        }
        Ok(())
    }
}

/// Adds a record under a key its collection does not have yet, checked field by field and
/// against what it references; found through the key index, not a read of the collection.
pub fn insert<T: References>(writer: &mut Writer, record: &T) -> Result<()> {
    validate(record, writer.store().vocabulary())?;
    let key = record.key();
    if writer.contains::<T>(&key)? {
        return Err(Error::Duplicate {
            kind: T::KIND,
            id: key,
        });
    }
    record.check_references(writer)?;
    writer.append(std::slice::from_ref(record))
}

/// Adds the new participants an import planned. The plan has checked each one's fields as
/// [`validate`] does and given each an id that neither the store nor the file uses (it read
/// every participant to match people), so neither is done twice here: on a hundred thousand
/// rows that was a fifth of the import.
pub fn add_planned(writer: &mut Writer, participants: &[Participant]) -> Result<()> {
    writer.append(participants)
}

/// A generated participant id that nobody has yet (the writer holds the lock, so none can
/// appear before the commit).
pub fn fresh_participant_id(writer: &Writer) -> Result<String> {
    for attempt in 0.. {
        let id = generate("p", attempt);
        if !writer.contains::<Participant>(&id)? {
            return Ok(id);
        }
    }
    unreachable!("an endless supply of candidates yields a free one")
}

/// Changes the record with `key` through `edit`, checks the result as [`insert`] does, and
/// stages the rewrite of its collection. Returns what `edit` returned.
pub fn update<T: References, R>(
    writer: &mut Writer,
    key: &str,
    edit: impl FnOnce(&mut T) -> Result<R>,
) -> Result<R> {
    let mut records = writer.load::<T>()?;
    let index = position_of(&records, key)?;
    let outcome = edit(&mut records[index])?;
    validate(&records[index], writer.store().vocabulary())?;
    records[index].check_references(writer)?;
    writer.rewrite(&records)?;
    Ok(outcome)
}

/// What a removal took with it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Events of a removed series.
    pub events: Vec<String>,
    /// Attendance records of the removed series' events, event or person.
    pub attendance: usize,
    /// Responses to the removed series' events or event, or by the removed person.
    pub responses: usize,
    /// Certificates issued for the removed series' events or event, or to the removed person.
    pub certificates: usize,
}

impl std::fmt::Display for Removed {
    /// " with 2 events and 5 attendance records", or nothing when it took nothing.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.events.is_empty() {
            write!(
                f,
                " with {}",
                count_of(self.events.len(), Event::KIND, Event::PLURAL)
            )?;
        }
        if self.attendance > 0 {
            write!(
                f,
                " and {}",
                count_of(self.attendance, "attendance record", Attendance::PLURAL)
            )?;
        }
        if self.responses > 0 {
            write!(
                f,
                " and {}",
                count_of(self.responses, Response::KIND, Response::PLURAL)
            )?;
        }
        if self.certificates > 0 {
            write!(
                f,
                " and {}",
                count_of(self.certificates, Certificate::KIND, Certificate::PLURAL)
            )?;
        }
        Ok(())
    }
}

/// Removes one attendance record.
pub fn remove_attendance(writer: &mut Writer, event: &str, participant: &str) -> Result<()> {
    let mut attendance = writer.load::<Attendance>()?;
    let index = position_of(&attendance, &attendance_key(event, participant))?;
    attendance.remove(index);
    writer.rewrite(&attendance)
}

/// Removes a person; refused while attendance names them, unless `force` removes that too.
pub fn remove_participant(writer: &mut Writer, id: &str, force: bool) -> Result<Removed> {
    let mut participants = writer.load::<Participant>()?;
    let index = position_of(&participants, id)?;
    let (attendance, responses, certificates) = remove_all_dependents(
        writer,
        Participant::KIND,
        id,
        force,
        |record| record.participant == id,
        |response| response.participant.as_deref() == Some(id),
        |certificate| certificate.participant == id,
    )?;
    participants.remove(index);
    writer.rewrite(&participants)?;
    Ok(Removed {
        events: Vec::new(),
        attendance,
        responses,
        certificates,
    })
}

/// Removes an event; refused while attendance is recorded for it, unless `force`.
pub fn remove_event(writer: &mut Writer, id: &str, force: bool) -> Result<Removed> {
    let mut events = writer.load::<Event>()?;
    let index = position_of(&events, id)?;
    let (attendance, responses, certificates) = remove_all_dependents(
        writer,
        Event::KIND,
        id,
        force,
        |record| record.event == id,
        |response| response.event == id,
        |certificate| certificate.event == id,
    )?;
    events.remove(index);
    writer.rewrite(&events)?;
    Ok(Removed {
        events: Vec::new(),
        attendance,
        responses,
        certificates,
    })
}

/// Removes a series; refused while events belong to it, unless `force` removes them and
/// their attendance too.
pub fn remove_series(writer: &mut Writer, id: &str, force: bool) -> Result<Removed> {
    let mut all_series = writer.load::<Series>()?;
    let index = position_of(&all_series, id)?;
    let (dependent_events, kept_events): (Vec<Event>, Vec<Event>) = writer
        .load::<Event>()?
        .into_iter()
        .partition(|event| event.series.as_deref() == Some(id));
    let events: Vec<String> = dependent_events.into_iter().map(|event| event.id).collect();
    if !events.is_empty() && !force {
        return Err(Error::Referenced {
            kind: Series::KIND,
            id: id.to_string(),
            dependents: format!(
                "{}: {}",
                count_of(events.len(), Event::KIND, Event::PLURAL),
                events.join(", ")
            ),
        });
    }
    let (mut attendance, mut responses, mut certificates) = (0, 0, 0);
    if !events.is_empty() {
        (attendance, responses, certificates) = remove_all_dependents(
            writer,
            Series::KIND,
            id,
            true,
            |record| events.contains(&record.event),
            |response| events.contains(&response.event),
            |certificate| events.contains(&certificate.event),
        )?;
        writer.rewrite(&kept_events)?;
    }
    all_series.remove(index);
    writer.rewrite(&all_series)?;
    Ok(Removed {
        events,
        attendance,
        responses,
        certificates,
    })
}

/// Stages the removal of the `T` records that `belongs` picks out, as dependents of the `kind`
/// `id` being removed: refused while there are any unless `force`. Returns how many. `one`
/// names a single record in the refusal ("attendance record", "response", "certificate").
///
/// A certificate of a person or an event that is gone can no longer say whose or for what it
/// is, and its code on paper no longer verifies; `participant forget` revokes instead.
fn remove_dependents<T: Stored>(
    writer: &mut Writer,
    kind: &'static str,
    id: &str,
    force: bool,
    one: &'static str,
    belongs: impl Fn(&T) -> bool,
) -> Result<usize> {
    let (dependents, kept): (Vec<T>, Vec<T>) = writer
        .load::<T>()?
        .into_iter()
        .partition(|record| belongs(record));
    if dependents.is_empty() {
        return Ok(0);
    }
    if !force {
        return Err(Error::Referenced {
            kind,
            id: id.to_string(),
            dependents: count_of(dependents.len(), one, T::PLURAL),
        });
    }
    writer.rewrite(&kept)?;
    Ok(dependents.len())
}

/// Stages the removal of the attendance, responses and certificates that `belongs` picks out
/// of each (see [`remove_dependents`]): a response and a certificate name their event and their
/// person, so they go with either.
fn remove_all_dependents(
    writer: &mut Writer,
    kind: &'static str,
    id: &str,
    force: bool,
    attendance: impl Fn(&Attendance) -> bool,
    response: impl Fn(&Response) -> bool,
    certificate: impl Fn(&Certificate) -> bool,
) -> Result<(usize, usize, usize)> {
    Ok((
        remove_dependents(writer, kind, id, force, "attendance record", attendance)?,
        remove_dependents(writer, kind, id, force, Response::KIND, response)?,
        remove_dependents(writer, kind, id, force, Certificate::KIND, certificate)?,
    ))
}

/// An attendance record's key (see `Record::key`): the event and the person.
pub fn attendance_key(event: &str, participant: &str) -> String {
    format!("{event} {participant}")
}

/// What to record of one person's attendance at one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceUpdate {
    pub status: AttendanceStatus,
    /// Replaces the role recorded when given; `None` keeps it.
    pub role: Option<Role>,
    /// Days present, full dates within the event's, in order; `None` when the source does not
    /// say (a registration list), which is not the same as present on no day.
    pub days: Option<Vec<PartialDate>>,
    /// Minutes connected, from a video call's report; `None` when the source does not say.
    pub minutes: Option<u32>,
}

/// How an update meets a record already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// An import: a status is only ever raised (attended over no-show over registered over
    /// cancelled), days only added, minutes only raised, so a registration list arriving after
    /// the sign-in sheet lowers nothing. Minutes for days not yet recorded are another day's
    /// call, and are added to those recorded.
    Never,
    /// `gsef attend`: the status given replaces the recorded one (a person correcting a
    /// record says what is true); days are added.
    Status,
    /// `import --replace`: the status, and the days and minutes the source gives, replace
    /// what is recorded.
    Everything,
}

/// What recording attendance did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct AttendanceChanges {
    /// People who had no record for the event.
    pub new: usize,
    /// Records whose status, role, days or minutes changed.
    pub updated: usize,
    /// Records that already said exactly this, or more.
    pub unchanged: usize,
    /// Records where the source said less than what is recorded (a lower status, fewer days,
    /// fewer minutes) and what is recorded was kept; counted among `updated` or `unchanged`.
    pub kept: usize,
}

/// Records each `(participant, update)` (each person once) at `event`: a new record, or the
/// one already there updated as `overwrite` says. The event and every person must exist, and
/// the days must fall within the event's dates.
///
/// People new to the event, the common case, are one append; the collection is read and
/// rewritten only when a record must change.
pub fn record_attendance(
    writer: &mut Writer,
    event_id: &str,
    updates: &[(String, AttendanceUpdate)],
    overwrite: Overwrite,
) -> Result<AttendanceChanges> {
    let event = writer
        .find::<Event>(event_id)?
        .ok_or_else(|| not_found::<Event>(event_id))?;
    let days = updates
        .iter()
        .flat_map(|(_, update)| update.days.iter().flatten());
    if let Some(day) = days.into_iter().find(|day| !event.includes_day(day)) {
        return Err(Error::invalid(
            "day",
            day.to_string(),
            format!("outside event `{}`'s dates", event.id),
        ));
    }
    for (id, _) in updates {
        if !writer.contains::<Participant>(id)? {
            return Err(not_found::<Participant>(id));
        }
    }
    let mut already_recorded = false;
    for (id, _) in updates {
        if writer.contains::<Attendance>(&attendance_key(event_id, id))? {
            already_recorded = true;
            break;
        }
    }
    let new_record = |participant: &String, update: &AttendanceUpdate| Attendance {
        event: event_id.to_string(),
        participant: participant.clone(),
        status: update.status,
        role: update.role,
        days: update.days.clone().unwrap_or_default(),
        minutes: update.minutes,
        extra: Default::default(),
    };
    let mut changes = AttendanceChanges::default();
    if !already_recorded {
        let records: Vec<Attendance> = updates
            .iter()
            .map(|(participant, update)| new_record(participant, update))
            .collect();
        changes.new = records.len();
        writer.append(&records)?;
        return Ok(changes);
    }
    let mut attendance = writer.load::<Attendance>()?;
    let at_event: HashMap<String, usize> = attendance
        .iter()
        .enumerate()
        .filter(|(_, record)| record.event == event_id)
        .map(|(index, record)| (record.participant.clone(), index))
        .collect();
    for (participant, update) in updates {
        match at_event.get(participant) {
            Some(&index) => {
                let applied = apply_update(&mut attendance[index], update, overwrite);
                if applied.changed {
                    changes.updated += 1;
                } else {
                    changes.unchanged += 1;
                }
                if applied.kept {
                    changes.kept += 1;
                }
            }
            None => {
                attendance.push(new_record(participant, update));
                changes.new += 1;
            }
        }
    }
    if changes.updated == 0 {
        // Only new records: still one append, not a rewrite.
        let new_records = attendance.split_off(attendance.len() - changes.new);
        writer.append(&new_records)?;
    } else {
        writer.rewrite(&attendance)?;
    }
    Ok(changes)
}

/// What [`apply_update`] did to one record.
struct Applied {
    changed: bool,
    /// The update said less than the record, which kept what it had.
    kept: bool,
}

/// Updates an existing record as [`record_attendance`] does.
fn apply_update(
    record: &mut Attendance,
    update: &AttendanceUpdate,
    overwrite: Overwrite,
) -> Applied {
    let before = (
        record.status,
        record.role,
        record.days.clone(),
        record.minutes,
    );
    let mut kept = false;
    let lower = update.status.participation() < record.status.participation();
    match overwrite {
        Overwrite::Never if lower => kept = true,
        _ => record.status = update.status,
    }
    if update.role.is_some() {
        record.role = update.role;
    }
    let given_days = update.days.as_deref();
    if overwrite == Overwrite::Everything {
        if let Some(days) = given_days {
            record.days = days.to_vec();
        }
        if update.minutes.is_some() {
            record.minutes = update.minutes;
        }
    } else {
        if let Some(days) = given_days {
            kept |= !record.days.iter().all(|day| days.contains(day));
        }
        if let Some(minutes) = update.minutes {
            record.minutes = Some(match record.minutes {
                None => minutes,
                // Another day's call: its minutes add to those of the days recorded.
                Some(recorded)
                    if given_days.is_some_and(|days| {
                        !days.is_empty()
                            && !record.days.is_empty()
                            && days.iter().all(|day| !record.days.contains(day))
                    }) =>
                {
                    recorded.saturating_add(minutes)
                }
                Some(recorded) => {
                    kept |= minutes < recorded;
                    recorded.max(minutes)
                }
            });
        }
        record
            .days
            .extend(given_days.into_iter().flatten().copied());
        record.days.sort();
        record.days.dedup();
    }
    let changed = before
        != (
            record.status,
            record.role,
            record.days.clone(),
            record.minutes,
        );
    Applied { changed, kept }
}

/// Folds the participant `drop` into `keep` (see [`merge_participants`]): `drop`'s attendance
/// moves to `keep`, `drop` goes, and `keep` records the merge in its history, stamped `at`.
pub fn merge(writer: &mut Writer, keep: &str, drop: &str, at: String) -> Result<MergeOutcome> {
    if keep == drop {
        return Err(Error::Invalid(format!(
            "cannot merge participant `{keep}` into itself"
        )));
    }
    let mut participants = writer.load::<Participant>()?;
    let keep_index = position_of(&participants, keep)?;
    let drop_index = position_of(&participants, drop)?;
    let mut attendance = writer.load::<Attendance>()?;
    let mut responses = writer.load::<Response>()?;
    let moved_responses = move_responses(&mut responses, keep, drop)?;
    let mut certificates = writer.load::<Certificate>()?;
    let moved_certificates = move_certificates(&mut certificates, keep, drop)?;
    let dropped = participants[drop_index].clone();
    let outcome = merge_participants(&mut participants[keep_index], &dropped, &mut attendance);
    // The kept record remembers what it folded (and what the dropped one had folded before),
    // so a merge can be reviewed later.
    let note = merge_note(&dropped, &outcome, at);
    let kept = &mut participants[keep_index];
    kept.merged.extend(dropped.merged.iter().cloned());
    kept.merged.push(note);
    // Attendance first: were the two writes ever parted, the person would lose attendance
    // rather than attendance name a person who is gone.
    if outcome.moved > 0 || !outcome.folded_events.is_empty() {
        writer.rewrite(&attendance)?;
    }
    if moved_responses > 0 {
        writer.rewrite(&responses)?;
    }
    if moved_certificates > 0 {
        writer.rewrite(&certificates)?;
    }
    participants.remove(drop_index);
    writer.rewrite(&participants)?;
    Ok(outcome)
}

/// Gives `keep` the responses of `drop`; refused when both answered one instrument of one
/// event, since which answers are the person's is not gsef's to guess. Returns how many moved.
fn move_responses(responses: &mut [Response], keep: &str, drop: &str) -> Result<usize> {
    let answered_by_keep: Vec<(String, String)> = responses
        .iter()
        .filter(|response| response.participant.as_deref() == Some(keep))
        .map(|response| (response.event.clone(), response.instrument.clone()))
        .collect();
    let mut moved = 0;
    for response in responses
        .iter_mut()
        .filter(|response| response.participant.as_deref() == Some(drop))
    {
        if answered_by_keep.contains(&(response.event.clone(), response.instrument.clone())) {
            return Err(Error::Invalid(format!(
                "both `{keep}` and `{drop}` answered the `{}` form of event `{}`; keep one of the two responses in {} (`gsef check` then confirms) and merge again",
                response.instrument,
                response.event,
                Response::FILE
            )));
        }
        response.participant = Some(keep.to_string());
        moved += 1;
    }
    Ok(moved)
}

/// Gives `keep` the certificates of `drop`, so their codes still verify, as the same person's;
/// refused when both hold one for the same event and basis, since a person has one (revoke
/// one of the two by hand first). Returns how many moved.
fn move_certificates(certificates: &mut [Certificate], keep: &str, drop: &str) -> Result<usize> {
    let held_by_keep: Vec<(String, CertificateBasis, String)> = certificates
        .iter()
        .filter(|certificate| certificate.participant == keep)
        .map(|certificate| {
            (
                certificate.event.clone(),
                certificate.basis,
                certificate.code.clone(),
            )
        })
        .collect();
    let mut moved = 0;
    for certificate in certificates
        .iter_mut()
        .filter(|certificate| certificate.participant == drop)
    {
        if let Some((_, _, code)) = held_by_keep
            .iter()
            .find(|(event, basis, _)| *event == certificate.event && *basis == certificate.basis)
        {
            return Err(Error::Invalid(format!(
                "both `{keep}` and `{drop}` hold a certificate of event `{}` ({}): {code} and {}; remove one of the two from {} (`gsef check` then confirms) and merge again",
                certificate.event,
                certificate.basis.as_str(),
                certificate.code,
                Certificate::FILE
            )));
        }
        certificate.participant = keep.to_string();
        moved += 1;
    }
    Ok(moved)
}

/// A fresh certificate code, read from the operating system's random source: 80 bits, so no
/// one can guess a code that was issued, and nothing in it says whose it is.
fn random_code() -> Result<String> {
    let mut bytes = [0u8; CODE_BYTES];
    getrandom::fill(&mut bytes).map_err(|error| {
        Error::Invalid(format!(
            "cannot read random bytes from the operating system for a certificate code: {error}"
        ))
    })?;
    Ok(code_from_bytes(bytes))
}

/// One certificate as [`issue_certificates`] gave it out.
#[derive(Debug, Clone, PartialEq)]
pub struct Issued {
    pub certificate: Certificate,
    /// False when the register already held it, and its code was given again.
    pub new: bool,
}

/// Certificates of `event` on `basis` for each of `participants` (each once, in order): the
/// register's entry where the person has one, so a re-issue gives the same code, else a new
/// entry with a fresh code, issued `at`. New entries are one append to the register. Whether
/// each person qualifies is the caller's to have decided.
pub fn issue_certificates(
    writer: &mut Writer,
    event: &str,
    basis: CertificateBasis,
    participants: &[String],
    at: &str,
) -> Result<Vec<Issued>> {
    let register = writer.load::<Certificate>()?;
    let mut codes: std::collections::HashSet<String> = register
        .iter()
        .map(|certificate| certificate.code.clone())
        .collect();
    let mut issued = Vec::with_capacity(participants.len());
    let mut new_entries = Vec::new();
    for participant in participants {
        if let Some(existing) = register.iter().find(|certificate| {
            certificate.event == event
                && certificate.participant == *participant
                && certificate.basis == basis
        }) {
            issued.push(Issued {
                certificate: existing.clone(),
                new: false,
            });
            continue;
        }
        // 80 random bits do not repeat in any register's life; checked all the same.
        let mut code = random_code()?;
        while codes.contains(&code) {
            code = random_code()?;
        }
        codes.insert(code.clone());
        let certificate = Certificate {
            code,
            event: event.to_string(),
            participant: participant.clone(),
            basis,
            issued: at.to_string(),
            revoked: None,
            extra: Default::default(),
        };
        validate(&certificate, writer.store().vocabulary())?;
        new_entries.push(certificate.clone());
        issued.push(Issued {
            certificate,
            new: true,
        });
    }
    writer.append(&new_entries)?;
    Ok(issued)
}

/// What forgetting a person removed and kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forgotten {
    /// The personal fields that held something and are gone; empty when already forgotten.
    pub removed: Vec<&'static str>,
    /// The person's attendance records, kept so the counts stay right.
    pub kept_attendance: usize,
    /// Their certificates that were valid and are now revoked, so that verifying one says so.
    pub revoked_certificates: usize,
}

/// Removes a person's personal fields for good (see [`forget`]); stages nothing when they are
/// already forgotten.
///
/// Their attendance records stay, for the counts, but lose any field this gsef does not know,
/// which a form or a hand edit may have filled with something about them. Both collections
/// change in one commit, so a crash leaves the person wholly forgotten or not at all, and no
/// copy of what was removed is left in the store.
/// Their certificates are revoked on `today`, and kept: a code on paper then verifies as
/// revoked, without saying whose it was.
pub fn forget_participant(writer: &mut Writer, id: &str, today: PartialDate) -> Result<Forgotten> {
    let mut participants = writer.load::<Participant>()?;
    let index = position_of(&participants, id)?;
    let mut removed = forget(&mut participants[index]);
    let mut attendance = writer.load::<Attendance>()?;
    let mut kept_attendance = 0;
    let mut attendance_changed = false;
    for record in attendance
        .iter_mut()
        .filter(|record| record.participant == id)
    {
        kept_attendance += 1;
        attendance_changed |= forget_attendance(record);
    }
    if attendance_changed {
        removed.push("other fields of their attendance");
        writer.rewrite(&attendance)?;
    }
    // Their scores and ratings stay for the counts; what they wrote, which may say who they
    // are, and any field this gsef does not know, go.
    let mut responses = writer.load::<Response>()?;
    let mut responses_changed = false;
    for response in responses
        .iter_mut()
        .filter(|response| response.participant.as_deref() == Some(id))
    {
        if response.comment.is_some() || !response.extra.is_empty() {
            response.comment = None;
            response.extra.clear();
            responses_changed = true;
        }
    }
    if responses_changed {
        removed.push("their comments in responses");
        writer.rewrite(&responses)?;
    }
    let mut certificates = writer.load::<Certificate>()?;
    let mut revoked_certificates = 0;
    for certificate in certificates
        .iter_mut()
        .filter(|certificate| certificate.participant == id && certificate.revoked.is_none())
    {
        certificate.revoked = Some(today);
        revoked_certificates += 1;
    }
    if revoked_certificates > 0 {
        writer.rewrite(&certificates)?;
    }
    if !removed.is_empty() {
        writer.rewrite(&participants)?;
    }
    Ok(Forgotten {
        removed,
        kept_attendance,
        revoked_certificates,
    })
}
