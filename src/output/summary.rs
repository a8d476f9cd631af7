//! What a summary says, whatever its format: section titles, notes, how an event's facts read.
//! The terminal, Markdown, HTML and workbook renderers all take their words from here, in the
//! reader's language, so they say the same thing.

use super::voice::Voice;
use crate::language::Arg;
use crate::report::summary::{EventFacts, Summary};

/// The summary's sections of tables, in order: the heading's message and the table.
pub fn sections(summary: &Summary) -> [(&'static str, &crate::report::Report); 4] {
    [
        (INVITED, &summary.invited_and_attended),
        (BY_SECTOR, &summary.by_sector),
        (BY_REGION, &summary.by_region),
        (RETURNING, &summary.returning),
    ]
}

/// The messages of the sections' headings.
pub const INVITED: &str = "summary-invited";
pub const BY_SECTOR: &str = "summary-by-sector";
pub const BY_REGION: &str = "summary-by-region";
pub const RETURNING: &str = "summary-returning";
/// What "returning" and "first time" mean, under the returning table.
pub const RETURNING_EXPLAINED: &str = "summary-returning-explained";

/// The events' section heading: singular for one event.
pub fn events_heading(summary: &Summary, voice: &Voice) -> String {
    voice.words.with(
        "summary-events",
        &[("count", Arg::Count(summary.events.len() as u64))],
    )
}

/// The facts of an event as label/value pairs, leaving out what is not recorded.
pub fn fact_lines(event: &EventFacts, voice: &Voice) -> Vec<(String, String)> {
    let words = voice.words;
    let mut lines = Vec::new();
    let dates = words.dates(event.start.as_ref(), event.end.as_ref());
    if !dates.is_empty() {
        lines.push((words.text("summary-dates"), dates));
    }
    let country = event.country.as_deref().map(|code| voice.country(code));
    let place: Vec<&str> = [event.city.as_deref(), country.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !place.is_empty() {
        lines.push((words.text("summary-place"), place.join(", ")));
    }
    if !event.organizers.is_empty() {
        lines.push((
            words.text("summary-organisers"),
            event.organizers.join("; "),
        ));
    }
    if !event.partners.is_empty() {
        lines.push((words.text("summary-partners"), event.partners.join("; ")));
    }
    lines
}

/// The warning when records are made up, so nobody reports them as real attendance.
pub fn illustrative_note(summary: &Summary, voice: &Voice) -> Option<String> {
    let made_up = summary.illustrative_participants;
    if made_up == 0 {
        return None;
    }
    let all = summary.recorded_participants;
    Some(if made_up == all {
        voice
            .words
            .with("illustrative-everyone", &[("all", Arg::Count(all))])
    } else {
        voice.words.with(
            "illustrative-some",
            &[("made-up", Arg::Count(made_up)), ("all", Arg::Count(all))],
        )
    })
}

/// What the tables count, and what `<K` means when counts are hidden.
pub fn footnote(summary: &Summary, voice: &Voice) -> String {
    let mut note = voice.words.text("summary-counted");
    if let Some(k) = summary.min_count {
        note.push(' ');
        note.push_str(&voice.words.with(
            "summary-suppressed",
            &[("below", Arg::Count(k - 1)), ("k", Arg::Count(k))],
        ));
    }
    note
}
