//! What a summary says, whatever its format: section titles, notes, how an event's facts read.
//! The terminal, Markdown, HTML and workbook renderers all take their words from here, in the
//! reader's language, so they say the same thing.

use super::voice::Voice;
use super::{cell, notes};
use crate::language::Arg;
use crate::report::Value;
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

/// "Did it meet its objectives?" as every summary renderer shows it, in words a funder reads
/// without a glossary: each objective with its rating and a bar, what the tests say of
/// knowledge, and who answered.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomesSection {
    pub heading: String,
    pub objectives: Vec<ObjectiveRated>,
    /// The knowledge gain in a sentence, when anyone took both tests.
    pub knowledge: Option<String>,
    /// Who answered which form, in a sentence.
    pub answered: Option<String>,
}

/// One objective, numbered as the event states it.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveRated {
    /// `1`, or `2019-11-mexico 1` in a summary of several events.
    pub number: String,
    pub text: String,
    /// "rated 4.00 out of 5 on average; 67% gave one of the two highest marks (3 answers)".
    pub rating: String,
    /// The mean as a share of the scale's top, for a bar; `None` when hidden or not rated.
    pub bar: Option<f64>,
}

/// The section, or `None` when nobody answered a form for the summary's events.
pub fn outcomes_section(summary: &Summary, voice: &Voice) -> Option<OutcomesSection> {
    let outcomes = summary.outcomes.as_deref()?;
    let words = voice.words;
    let spelled = |value: &Value| cell::for_people(value, summary.min_count, words);
    let several_events = summary.events.len() > 1;
    let objectives = outcomes
        .objectives
        .iter()
        .map(|objective| {
            let number = if several_events {
                format!("{} {}", objective.event, objective.number)
            } else {
                objective.number.to_string()
            };
            let (rating, bar) = match (&objective.mean, objective.highest) {
                (Value::Mean(mean), Some(highest)) => (
                    words.with(
                        "summary-objective-rated",
                        &[
                            ("mean", Arg::Text(&words.decimal(*mean))),
                            ("count", Arg::Count(u64::from(highest))),
                            ("share", Arg::Text(&spelled(&objective.top_two_share))),
                            ("responses", Arg::Text(&spelled(&objective.responses))),
                        ],
                    ),
                    Some((mean / f64::from(highest)).clamp(0.0, 1.0)),
                ),
                (_, None) => (words.text("summary-objective-unrated"), None),
                (_, Some(_)) => (
                    words.with(
                        "summary-objective-hidden",
                        &[("responses", Arg::Text(&spelled(&objective.responses)))],
                    ),
                    None,
                ),
            };
            ObjectiveRated {
                number,
                text: objective.text.clone(),
                rating,
                bar,
            }
        })
        .collect();
    let knowledge = &outcomes.knowledge;
    let knowledge = (knowledge.paired != Value::Count(0)).then(|| {
        words.with(
            "summary-knowledge",
            &[
                ("paired", Arg::Text(&spelled(&knowledge.paired))),
                ("before", Arg::Text(&spelled(&knowledge.mean_pre))),
                ("after", Arg::Text(&spelled(&knowledge.mean_post))),
                ("share", Arg::Text(&spelled(&knowledge.improved_share))),
                ("rate", Arg::Text(&spelled(&knowledge.mastery_share))),
                ("mastery", Arg::Text(&words.percent(outcomes.mastery))),
            ],
        )
    });
    let answered: Vec<String> = outcomes
        .response_rates
        .iter()
        .map(|rate| {
            notes::response_rate_in_words(rate, "summary-answered-one", summary.min_count, words)
        })
        .collect();
    let answered = (!answered.is_empty()).then(|| {
        words.with(
            "summary-answered",
            &[("list", Arg::Text(&answered.join("; ")))],
        )
    });
    Some(OutcomesSection {
        heading: words.text("summary-outcomes"),
        objectives,
        knowledge,
        answered,
    })
}

/// A bar of ten cells for the terminal and Markdown: `███████░░░` for 0.7.
pub fn text_bar(share: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 to 10
    let filled = (share * 10.0).round() as usize;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled.min(10)))
}
