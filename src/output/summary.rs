//! What a summary says, whatever its format: section titles, notes, how an event's facts read.
//! The terminal, Markdown and HTML renderers all take their words from here, so the three say
//! the same thing.

use crate::model::date::human_span;
use crate::report::summary::{EventFacts, Summary};

pub const INVITED_HEADING: &str = "Invited and attended";
pub const SECTOR_HEADING: &str = "Participants by sector";
pub const REGION_HEADING: &str = "Participants by region";
pub const RETURNING_HEADING: &str = "Returning participants";
pub const RETURNING_EXPLAINED: &str =
    "Returning: attended an earlier event of the series. First time: had not.";

/// The events' section heading: singular for one event.
pub fn events_heading(summary: &Summary) -> &'static str {
    if summary.events.len() == 1 {
        "The event"
    } else {
        "The events"
    }
}

/// The facts of an event as label/value pairs, leaving out what is not recorded.
pub fn fact_lines(event: &EventFacts) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    let dates = human_span(event.start.as_ref(), event.end.as_ref());
    if !dates.is_empty() {
        lines.push(("Dates", dates));
    }
    let place: Vec<&str> = [event.city.as_deref(), event.country.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !place.is_empty() {
        lines.push(("Place", place.join(", ")));
    }
    if !event.organizers.is_empty() {
        lines.push(("Organisers", event.organizers.join("; ")));
    }
    if !event.partners.is_empty() {
        lines.push(("Partners", event.partners.join("; ")));
    }
    lines
}

/// The warning when records are made up, so nobody reports them as real attendance.
pub fn illustrative_note(summary: &Summary) -> Option<String> {
    let made_up = summary.illustrative_participants;
    if made_up == 0 {
        return None;
    }
    let all = summary.recorded_participants;
    let who = match (made_up, all) {
        (1, 1) => "The one person in these records is".to_string(),
        (made_up, all) if made_up == all => format!("All {all} people in these records are"),
        (1, all) => format!("1 of the {all} people in these records is"),
        (made_up, all) => format!("{made_up} of the {all} people in these records are"),
    };
    Some(format!(
        "{who} illustrative: made up to show how the records work. These numbers do not describe real attendance."
    ))
}

/// What the tables count, and what `<K` means when counts are hidden.
pub fn footnote(summary: &Summary) -> String {
    let mut note = String::from(
        "Participants are distinct people who attended; sectors are shown at their top level.",
    );
    if let Some(k) = summary.min_count {
        note.push_str(&format!(
            " Counts from 1 to {} are shown as <{k}, and x hides a count that would reveal one.",
            k - 1
        ));
    }
    note
}
