//! What stands beside a report's table — the completion rules behind it, its provenance — as a
//! key of the JSON document, and as lines for people under a table or in Markdown. CSV and
//! JSON Lines, whose stdout must stay rows only, get the lines on stderr.

use std::io::Write;

use serde_json::Value as Json;

use super::cell;
use super::visible::one_line;
use super::{fit, markdown};
use crate::language::{Arg, Words};
use crate::report::dimension::Dimension;
use crate::report::outcomes::{OutcomesAside, ResponseRate};
use crate::report::provenance::Provenance;
use crate::report::trained::{Basis, RuleApplied, RuleSource, Why};
use crate::report::{Outcome, Value};

/// One thing that stands beside a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The key in the JSON document (`rules`, `provenance`).
    pub key: &'static str,
    /// A heading for people ("Completion rules").
    pub heading: String,
    pub json: Json,
    /// The same for people, one line each.
    pub lines: Vec<String>,
}

/// The notes of a report, in the order they are shown.
pub fn of(outcome: &Outcome, words: &Words) -> Vec<Note> {
    let mut notes = Vec::new();
    if let Some(rules) = &outcome.rules {
        // With small counts hidden, so are the per-event counts a rule line would give.
        let with_counts = outcome
            .table()
            .is_none_or(|report| report.min_count.is_none());
        notes.push(rules_note(rules, with_counts, words));
    }
    if let Some(aside) = &outcome.outcomes {
        let min_count = outcome.table().and_then(|report| report.min_count);
        notes.extend(outcomes_notes(aside, min_count, words));
    }
    if let Some(aside) = &outcome.indicators {
        let min_count = outcome.table().and_then(|report| report.min_count);
        notes.extend(super::indicators::notes(aside, min_count, words));
    }
    if !outcome.unplaced.is_empty() {
        notes.push(unplaced_note(&outcome.unplaced, words));
    }
    if let Some(provenance) = &outcome.provenance {
        notes.push(provenance_note(provenance, words));
    }
    notes
}

/// The events a period dimension could not place, so "(not recorded)" is read for what it is.
fn unplaced_note(unplaced: &[(Dimension, Vec<String>)], words: &Words) -> Note {
    let json = unplaced
        .iter()
        .map(|(dimension, events)| (dimension.column_name(), serde_json::json!(events)))
        .collect::<serde_json::Map<_, _>>();
    let lines = unplaced
        .iter()
        .map(|(dimension, events)| {
            let listed: Vec<String> = events.iter().map(|event| format!("`{event}`")).collect();
            words.with(
                "note-unplaced",
                &[
                    ("count", Arg::Count(events.len() as u64)),
                    ("events", Arg::Text(&words.list(&listed, "and"))),
                    ("period", Arg::Text(&dimension_title(*dimension, words))),
                ],
            )
        })
        .collect();
    Note {
        key: "not_placed_in_period",
        heading: words.text("note-unplaced-heading"),
        json: Json::Object(json),
        lines,
    }
}

/// A dimension's title in the language, lower case inside a sentence.
fn dimension_title(dimension: Dimension, words: &Words) -> String {
    let name = match dimension {
        Dimension::FiscalYear(_) => "fiscal_year".to_string(),
        other => other.column_name(),
    };
    words
        .optional(&format!("column-{name}"))
        .unwrap_or_else(|| dimension.title().to_string())
        .to_lowercase()
}

/// `report outcomes`: its objectives as scripts read them (the table shows them to people),
/// the knowledge gain, the overall rating, the response rates and any comments.
fn outcomes_notes(aside: &OutcomesAside, min_count: Option<u64>, words: &Words) -> Vec<Note> {
    let spelled = |value: &Value| cell::for_people(value, min_count, words);
    let object = |pairs: Vec<(&str, &Value)>| {
        Json::Object(
            pairs
                .into_iter()
                .map(|(key, value)| (key.to_string(), cell::for_scripts(value)))
                .collect(),
        )
    };
    let objectives = aside
        .objectives
        .iter()
        .map(|objective| {
            let mut entry = serde_json::Map::new();
            entry.insert("event".into(), Json::from(objective.event.as_str()));
            for (name, value) in aside.group_columns.iter().zip(&objective.group) {
                entry.insert(name.clone(), cell::for_scripts(value));
            }
            entry.insert("number".into(), Json::from(objective.number));
            entry.insert("text".into(), Json::from(objective.text.as_str()));
            for (key, value) in [
                ("responses", &objective.responses),
                ("mean", &objective.mean),
                ("top_two_share", &objective.top_two_share),
            ] {
                entry.insert(key.into(), cell::for_scripts(value));
            }
            Json::Object(entry)
        })
        .collect::<Vec<_>>();
    let knowledge = &aside.knowledge;
    let knowledge_lines = if knowledge.paired == Value::Count(0) {
        let mut lines = vec![words.text("note-knowledge-none")];
        if knowledge.pre_only != Value::Count(0) || knowledge.post_only != Value::Count(0) {
            lines.push(words.with(
                "note-knowledge-unpaired",
                &[
                    ("pre-only", Arg::Text(&spelled(&knowledge.pre_only))),
                    ("post-only", Arg::Text(&spelled(&knowledge.post_only))),
                ],
            ));
        }
        lines
    } else {
        vec![
            words.with(
                "note-knowledge-paired",
                &[("paired", Arg::Text(&spelled(&knowledge.paired)))],
            ),
            words.with(
                "note-knowledge-means",
                &[
                    ("before", Arg::Text(&spelled(&knowledge.mean_pre))),
                    ("after", Arg::Text(&spelled(&knowledge.mean_post))),
                    ("gain", Arg::Text(&spelled(&knowledge.mean_gain))),
                ],
            ),
            words.with(
                "note-knowledge-shares",
                &[
                    ("share", Arg::Text(&spelled(&knowledge.improved_share))),
                    ("mastery", Arg::Text(&words.percent(aside.mastery))),
                    ("rate", Arg::Text(&spelled(&knowledge.mastery_share))),
                ],
            ),
            words.with(
                "note-knowledge-unpaired",
                &[
                    ("pre-only", Arg::Text(&spelled(&knowledge.pre_only))),
                    ("post-only", Arg::Text(&spelled(&knowledge.post_only))),
                ],
            ),
        ]
    };
    let knowledge_json = |knowledge: &crate::report::outcomes::Knowledge| {
        object(vec![
            ("paired", &knowledge.paired),
            ("mean_pre", &knowledge.mean_pre),
            ("mean_post", &knowledge.mean_post),
            ("mean_gain", &knowledge.mean_gain),
            ("improved_share", &knowledge.improved_share),
            ("mastery_share", &knowledge.mastery_share),
            ("pre_only", &knowledge.pre_only),
            ("post_only", &knowledge.post_only),
        ])
    };
    let mut knowledge_lines = knowledge_lines;
    let mut knowledge_by = Vec::new();
    for (group, of_group) in &aside.knowledge_by {
        let label = group.iter().map(&spelled).collect::<Vec<_>>().join(", ");
        knowledge_lines.push(words.with(
            "note-knowledge-group",
            &[
                ("label", Arg::Text(&label)),
                ("paired", Arg::Text(&spelled(&of_group.paired))),
                ("before", Arg::Text(&spelled(&of_group.mean_pre))),
                ("after", Arg::Text(&spelled(&of_group.mean_post))),
                ("gain", Arg::Text(&spelled(&of_group.mean_gain))),
            ],
        ));
        let mut entry = serde_json::Map::new();
        for (name, value) in aside.group_columns.iter().zip(group) {
            entry.insert(name.clone(), cell::for_scripts(value));
        }
        if let Json::Object(numbers) = knowledge_json(of_group) {
            entry.extend(numbers);
        }
        knowledge_by.push(Json::Object(entry));
    }
    let overall = &aside.overall;
    let overall_lines = if overall.responses == Value::Count(0) {
        vec![words.text("note-overall-none")]
    } else {
        vec![words.with(
            "note-overall-rated",
            &[
                ("mean", Arg::Text(&spelled(&overall.mean))),
                ("share", Arg::Text(&spelled(&overall.top_two_share))),
                ("responses", Arg::Text(&spelled(&overall.responses))),
            ],
        )]
    };
    let rate_lines = if aside.response_rates.is_empty() {
        vec![words.text("note-response-rate-none")]
    } else {
        aside
            .response_rates
            .iter()
            .map(|rate| response_rate_in_words(rate, "note-response-rate-line", min_count, words))
            .collect()
    };
    let mut notes = vec![
        Note {
            key: "objectives",
            heading: String::new(),
            json: Json::from(objectives),
            // The table shows the objectives to people.
            lines: Vec::new(),
        },
        Note {
            key: "knowledge",
            heading: words.text("note-knowledge"),
            json: knowledge_json(knowledge),
            lines: knowledge_lines,
        },
        Note {
            key: "overall",
            heading: words.text("note-overall"),
            json: object(vec![
                ("responses", &overall.responses),
                ("mean", &overall.mean),
                ("top_two_share", &overall.top_two_share),
            ]),
            lines: overall_lines,
        },
        Note {
            key: "response_rates",
            heading: words.text("note-response-rate"),
            json: Json::from(
                aside
                    .response_rates
                    .iter()
                    .map(|rate| {
                        let mut entry = serde_json::Map::new();
                        entry.insert("instrument".into(), Json::from(rate.instrument.as_str()));
                        for (key, value) in [
                            ("responses", &rate.responses),
                            ("attended", &rate.attended),
                            ("rate", &rate.rate),
                        ] {
                            entry.insert(key.into(), cell::for_scripts(value));
                        }
                        Json::Object(entry)
                    })
                    .collect::<Vec<_>>(),
            ),
            lines: rate_lines,
        },
    ];
    if !aside.group_columns.is_empty() {
        notes.push(Note {
            key: "knowledge_by",
            heading: String::new(),
            json: Json::from(knowledge_by),
            // Said under the knowledge heading, a line per group.
            lines: Vec::new(),
        });
    }
    if let Some(comments) = &aside.comments {
        notes.push(Note {
            key: "comments",
            heading: words.text("note-comments"),
            json: Json::from(comments.clone()),
            lines: if comments.is_empty() {
                vec![words.text("note-comments-none")]
            } else {
                comments.clone()
            },
        });
    }
    notes
}

/// One instrument's response rate as message `id` says it (a note's line, a summary's clause):
/// the instrument by its name, its counts in the reader's digits.
pub fn response_rate_in_words(
    rate: &ResponseRate,
    id: &str,
    min_count: Option<u64>,
    words: &Words,
) -> String {
    let spelled = |value: &Value| cell::for_people(value, min_count, words);
    let instrument = words
        .optional(&format!("instrument-{}", rate.instrument))
        .unwrap_or_else(|| rate.instrument.clone());
    words.with(
        id,
        &[
            ("instrument", Arg::Text(&instrument)),
            ("responses", Arg::Text(&spelled(&rate.responses))),
            ("attended", Arg::Text(&spelled(&rate.attended))),
            ("rate", Arg::Text(&spelled(&rate.rate))),
        ],
    )
}

fn rules_note(rules: &[RuleApplied], with_counts: bool, words: &Words) -> Note {
    let lines = if rules.is_empty() {
        vec![words.text("note-rules-none")]
    } else {
        rules
            .iter()
            .map(|rule| {
                let mut line = format!("{}: {}", rule.event, rule_note(rule, words));
                if with_counts && rule.attended == 0 {
                    line.push_str(&format!(" ({})", words.text("note-rule-nobody")));
                } else if with_counts {
                    let counts = words.with(
                        "note-rule-counts",
                        &[
                            ("completed", Arg::Count(rule.completed)),
                            ("count", Arg::Count(rule.attended)),
                        ],
                    );
                    line.push_str(&format!(" ({counts})"));
                }
                line
            })
            .collect()
    };
    Note {
        key: "rules",
        heading: words.text("note-rules"),
        json: Json::from(
            rules
                .iter()
                .map(|rule| rule_json(rule, with_counts))
                .collect::<Vec<_>>(),
        ),
        lines,
    }
}

/// The entry of the JSON `rules` list; counts are left out when `--min-count` hides small ones.
fn rule_json(rule: &RuleApplied, with_counts: bool) -> Json {
    let mut entry = serde_json::Map::new();
    entry.insert("event".into(), Json::from(rule.event.as_str()));
    let (completion, source) = match &rule.rule {
        Some((completion, source)) => (
            serde_json::to_value(completion).unwrap_or(Json::Null),
            Json::from(match source {
                RuleSource::Event => "event",
                RuleSource::Series => "series",
            }),
        ),
        None => (Json::Null, Json::Null),
    };
    entry.insert("rule".into(), completion);
    entry.insert("rule_from".into(), source);
    let (basis, required) = match rule.basis {
        Basis::Days(days) => ("days", Json::from(days)),
        Basis::Minutes(_) | Basis::Status => (rule.basis.name(), Json::Null),
    };
    entry.insert("basis".into(), Json::from(basis));
    entry.insert("required_days".into(), required);
    if let Basis::Minutes(minutes) = rule.basis {
        // Only here, so that a report by a rule of days reads as it always has.
        entry.insert("required_minutes".into(), Json::from(minutes));
    }
    // For scripts, in English whatever the language, as the rest of the document is.
    let english = crate::language::Language::En.words();
    entry.insert("note".into(), Json::from(rule_note(rule, english)));
    if with_counts {
        entry.insert("attended".into(), Json::from(rule.attended));
        entry.insert("completed".into(), Json::from(rule.completed));
    }
    Json::Object(entry)
}

/// Which rule applied to an event and what it asks, in `words`: "the event's rule `min_days
/// 2`: present on at least 2 days of 2".
fn rule_note(rule: &RuleApplied, words: &Words) -> String {
    let Some((completion, source)) = &rule.rule else {
        return words.text("rule-none");
    };
    let id = match source {
        RuleSource::Event => "rule-of-event",
        RuleSource::Series => "rule-of-series",
    };
    let shown = completion.to_string();
    let stated = words.with(id, &[("rule", Arg::Text(&shown))]);
    let stated = Arg::Text(&stated);
    match rule.why {
        Why::NoRule => words.text("rule-none"),
        Why::MinutesUnrecorded => words.with("rule-minutes-unrecorded", &[("rule", stated)]),
        Why::Minutes(minutes) => words.with(
            "rule-minutes",
            &[("rule", stated), ("count", Arg::Count(u64::from(minutes)))],
        ),
        Why::DaysUnlisted => words.with("rule-days-unlisted", &[("rule", stated)]),
        Why::LengthUnknown => words.with("rule-length-unknown", &[("rule", stated)]),
        Why::Days { required, length } => {
            let count = Arg::Count(u64::from(required));
            let Some(days) = length else {
                return words.with("rule-days", &[("rule", stated), ("count", count)]);
            };
            let length = Arg::Count(u64::from(days));
            let mut note = words.with(
                "rule-days-of",
                &[("rule", stated), ("count", count), ("length", length)],
            );
            if required > days {
                note.push_str(&words.text("rule-too-short"));
            }
            note
        }
    }
}

fn provenance_note(provenance: &Provenance, words: &Words) -> Note {
    let command = provenance.command_line();
    Note {
        key: "provenance",
        heading: words.text("note-provenance"),
        json: provenance.to_json(),
        lines: vec![
            words.with(
                "note-made-by",
                &[
                    ("version", Arg::Text(&provenance.gsef_version)),
                    ("time", Arg::Text(&provenance.generated_at)),
                ],
            ),
            words.with("note-command", &[("command", Arg::Text(&command))]),
            words.with("note-store", &[("hash", Arg::Text(&provenance.store_hash))]),
        ],
    }
}

/// The notes under a table: a heading line, then each line indented. They name events and
/// repeat the command line, so they are shown as a terminal table's cells are.
/// A note without lines is for scripts only: what it holds, the table shows people already.
pub fn write_under_table(
    notes: &[Note],
    words: &Words,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // Wrapped as the table above is (to the terminal, or COLUMNS; not in a pipe), but never
    // cut: a hash or a command line is copied from here.
    let width = fit::table_width().unwrap_or(usize::MAX);
    for note in notes.iter().filter(|note| !note.lines.is_empty()) {
        writeln!(out)?;
        writeln!(out, "{}", words.labelled(&note.heading))?;
        for line in &note.lines {
            for part in fit::wrap_keeping_words(&one_line(line), width, "  ", "    ") {
                writeln!(out, "{}", part.trim_end())?;
            }
        }
    }
    Ok(())
}

/// The notes under a Markdown table: a bold heading and a list, escaped as the table is, since
/// they quote event ids, rule notes and the command line.
pub fn write_markdown(notes: &[Note], out: &mut dyn Write) -> std::io::Result<()> {
    for note in notes.iter().filter(|note| !note.lines.is_empty()) {
        writeln!(out)?;
        writeln!(out, "**{}**", note.heading)?;
        writeln!(out)?;
        for line in &note.lines {
            writeln!(out, "- {}", markdown::escape(line))?;
        }
    }
    Ok(())
}

/// The notes of a report whose stdout must stay data only, on stderr; losing them because
/// stderr is closed is not worth failing the report for.
pub fn write_aside(notes: &[Note], words: &Words, err: &mut dyn Write) {
    let _ = write_under_table(notes, words, err);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_notes_are_escaped_like_the_table() {
        let note = Note {
            key: "rules",
            heading: "Completion rules".to_string(),
            json: Json::Null,
            lines: vec!["<img src=x onerror=alert(1)>: [x](javascript:y)".to_string()],
        };
        let mut out = Vec::new();
        write_markdown(&[note], &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\n**Completion rules**\n\n- &lt;img src=x onerror=alert\\(1\\)&gt;: \\[x\\]\\(javascript:y\\)\n"
        );
    }
}
