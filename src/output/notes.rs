//! What stands beside a report's table — the completion rules behind it, its provenance — as a
//! key of the JSON document, and as lines for people under a table or in Markdown. CSV and
//! JSON Lines, whose stdout must stay rows only, get the lines on stderr.

use std::io::Write;

use serde_json::Value as Json;

use super::markdown;
use super::visible::one_line;
use crate::report::provenance::Provenance;
use crate::report::trained::{Basis, RuleApplied, RuleSource};
use crate::report::{Outcome, Report};

/// One thing that stands beside a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The key in the JSON document (`rules`, `provenance`).
    pub key: &'static str,
    /// A heading for people ("Completion rules").
    pub heading: &'static str,
    pub json: Json,
    /// The same for people, one line each.
    pub lines: Vec<String>,
}

/// The notes of a report, in the order they are shown.
pub fn of(outcome: &Outcome) -> Vec<Note> {
    let mut notes = Vec::new();
    if let Some(rules) = &outcome.rules {
        // With small counts hidden, so are the per-event counts a rule line would give.
        let with_counts = outcome
            .table()
            .is_none_or(|report| report.min_count.is_none());
        notes.push(rules_note(rules, with_counts));
    }
    if let Some(provenance) = &outcome.provenance {
        notes.push(provenance_note(provenance));
    }
    notes
}

fn rules_note(rules: &[RuleApplied], with_counts: bool) -> Note {
    let lines = if rules.is_empty() {
        vec!["no events in scope".to_string()]
    } else {
        rules
            .iter()
            .map(|rule| {
                let mut line = format!("{}: {}", rule.event, rule.note);
                if with_counts && rule.attended == 0 {
                    line.push_str(" (nobody attended)");
                } else if with_counts {
                    line.push_str(&format!(
                        " ({} of {} who attended completed it)",
                        rule.completed, rule.attended
                    ));
                }
                line
            })
            .collect()
    };
    Note {
        key: "rules",
        heading: "Completion rules",
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
    entry.insert("note".into(), Json::from(rule.note.as_str()));
    if with_counts {
        entry.insert("attended".into(), Json::from(rule.attended));
        entry.insert("completed".into(), Json::from(rule.completed));
    }
    Json::Object(entry)
}

fn provenance_note(provenance: &Provenance) -> Note {
    Note {
        key: "provenance",
        heading: "Provenance",
        json: provenance.to_json(),
        lines: vec![
            format!(
                "Made by gsef {} at {}",
                provenance.gsef_version, provenance.generated_at
            ),
            format!("Command: {}", provenance.command_line()),
            format!("Store: {}", provenance.store_hash),
        ],
    }
}

/// The filters as a person reads them: "Filters: event 2019-11-mexico; status attended" (the
/// SVG's description, the xlsx's About sheet).
pub fn filters_in_words(report: &Report) -> String {
    if report.filters.is_empty() {
        return "All records".to_string();
    }
    let parts: Vec<String> = report
        .filters
        .iter()
        .map(|(name, value)| {
            let value = match value {
                Json::String(text) => text.clone(),
                Json::Array(items) => items
                    .iter()
                    .map(|item| {
                        item.as_str()
                            .map_or_else(|| item.to_string(), str::to_string)
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            format!("{name} {value}")
        })
        .collect();
    format!("Filters: {}", parts.join("; "))
}

/// The notes under a table: a heading line, then each line indented. They name events and
/// repeat the command line, so they are shown as a terminal table's cells are.
pub fn write_under_table(notes: &[Note], out: &mut dyn Write) -> std::io::Result<()> {
    for note in notes {
        writeln!(out)?;
        writeln!(out, "{}:", note.heading)?;
        for line in &note.lines {
            writeln!(out, "  {}", one_line(line))?;
        }
    }
    Ok(())
}

/// The notes under a Markdown table: a bold heading and a list, escaped as the table is, since
/// they quote event ids, rule notes and the command line.
pub fn write_markdown(notes: &[Note], out: &mut dyn Write) -> std::io::Result<()> {
    for note in notes {
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
pub fn write_aside(notes: &[Note], err: &mut dyn Write) {
    let _ = write_under_table(notes, err);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_notes_are_escaped_like_the_table() {
        let note = Note {
            key: "rules",
            heading: "Completion rules",
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
