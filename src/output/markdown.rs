//! Markdown, to paste a report or a summary into a document, a wiki or an issue.

use std::io::Write;

use super::cell::{right_aligned, rows_in_words};
use super::notes::{self, Note};
use super::output_error;
use super::summary::{
    RETURNING, RETURNING_EXPLAINED, events_heading, fact_lines, footnote, illustrative_note,
    outcomes_section, sections, text_bar,
};
use super::voice::Voice;
use crate::error::Result;
use crate::language::Arg;
use crate::report::Report;
use crate::report::summary::Summary;

/// A report as a Markdown table with its totals row, then its notes.
pub fn write_report(
    report: &Report,
    notes: &[Note],
    voice: &Voice,
    out: &mut dyn Write,
) -> Result<()> {
    write_report_table(report, voice, out)?;
    notes::write_markdown(notes, out).map_err(output_error)
}

fn write_report_table(report: &Report, voice: &Voice, out: &mut dyn Write) -> Result<()> {
    write_table(
        &voice.titles(report),
        &right_aligned(report),
        rows_in_words(report, voice),
        out,
    )
}

/// The summary as a Markdown document.
pub fn write_summary(summary: &Summary, voice: &Voice, out: &mut dyn Write) -> Result<()> {
    let words = voice.words;
    let mut text = format!("# {}\n\n", escape(&summary.title));
    if let Some(series) = &summary.series_title {
        let part_of = words.with("summary-part-of", &[("series", Arg::Text(series))]);
        text.push_str(&format!("{}.\n\n", escape(&part_of)));
    }
    if let Some(note) = illustrative_note(summary, voice) {
        text.push_str(&format!(
            "> **{}** {}\n\n",
            escape(&words.labelled(&words.text("summary-note"))),
            escape(&note)
        ));
    }
    text.push_str(&format!(
        "## {}\n\n",
        escape(&events_heading(summary, voice))
    ));
    for event in &summary.events {
        text.push_str(&format!(
            "### {} ({})\n\n",
            escape(&event.title),
            escape(&event.id)
        ));
        for (label, value) in fact_lines(event, voice) {
            let label = escape(&words.labelled(&label));
            text.push_str(&format!("- **{label}** {}\n", escape(&value)));
        }
        if !event.objectives.is_empty() {
            let objectives = escape(&words.text("summary-objectives"));
            text.push_str(&format!("\n**{objectives}**\n\n"));
            for (number, objective) in event.objectives.iter().enumerate() {
                text.push_str(&format!("{}. {}\n", number + 1, escape(objective)));
            }
        }
        text.push('\n');
    }
    out.write_all(text.as_bytes()).map_err(output_error)?;
    for (heading, report) in sections(summary) {
        writeln!(out, "## {}\n", escape(&words.text(heading))).map_err(output_error)?;
        if heading == RETURNING {
            writeln!(out, "{}\n", escape(&words.text(RETURNING_EXPLAINED)))
                .map_err(output_error)?;
        }
        write_report_table(report, voice, out)?;
        writeln!(out).map_err(output_error)?;
    }
    if let Some(section) = outcomes_section(summary, voice) {
        writeln!(out, "## {}\n", escape(&section.heading)).map_err(output_error)?;
        for objective in &section.objectives {
            let bar = objective
                .bar
                .map(|share| format!("`{}` ", text_bar(share)))
                .unwrap_or_default();
            writeln!(
                out,
                "- **{}. {}** {bar}{}",
                escape(&objective.number),
                escape(&objective.text),
                escape(&objective.rating)
            )
            .map_err(output_error)?;
        }
        writeln!(out).map_err(output_error)?;
        for sentence in section.knowledge.iter().chain(&section.answered) {
            writeln!(out, "{}\n", escape(sentence)).map_err(output_error)?;
        }
    }
    writeln!(out, "---\n\n{}", escape(&footnote(summary, voice))).map_err(output_error)
}

/// Writes a GitHub-flavoured Markdown table; `right_aligned` marks the columns of numbers.
pub fn write_table(
    headers: &[String],
    right_aligned: &[bool],
    rows: impl Iterator<Item = Vec<String>>,
    out: &mut dyn Write,
) -> Result<()> {
    write_row(headers.iter().map(String::as_str), out)?;
    let rule = right_aligned
        .iter()
        .map(|&right| if right { "---:" } else { "---" });
    write_row(rule, out)?;
    for row in rows {
        write_row(row.iter().map(String::as_str), out)?;
    }
    Ok(())
}

fn write_row<'a>(cells: impl Iterator<Item = &'a str>, out: &mut dyn Write) -> Result<()> {
    let cells: Vec<String> = cells.map(escape).collect();
    writeln!(out, "| {} |", cells.join(" | ")).map_err(output_error)
}

/// Text from the records as Markdown that renders as that text and nothing else: a `|` would
/// end the cell and a line break the row; `\\`, `*`, `_` and `` ` `` would change the
/// formatting; `[`, `]`, `(`, `)` and `!` would make a link or an image (`[x](javascript:…)`,
/// `![x](y)`); and `<`, `>` and `&` would let raw HTML (`<img onerror=…>`, `<script>`) or an
/// entity through, since renderers pass HTML on. Entities rather than backslashes for those
/// three, because a backslash does not stop an HTML block in CommonMark.
pub fn escape(cell: &str) -> String {
    let mut escaped = String::with_capacity(cell.len());
    for character in cell.chars() {
        match character {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '(' | ')' | '!' => {
                escaped.push('\\');
                escaped.push(character);
            }
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '\n' | '\r' => escaped.push(' '),
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_links_and_images_render_as_text() {
        assert_eq!(
            escape("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert\\(1\\)&gt;"
        );
        assert_eq!(
            escape("[click](javascript:alert(1))"),
            "\\[click\\]\\(javascript:alert\\(1\\)\\)"
        );
        assert_eq!(escape("![x](y)"), "\\!\\[x\\]\\(y\\)");
        assert_eq!(escape("<script>"), "&lt;script&gt;");
        assert_eq!(escape("R&D &lt;"), "R&amp;D &amp;lt;");
        assert_eq!(escape("a|b*c_d`e\\f"), "a\\|b\\*c\\_d\\`e\\\\f");
        assert_eq!(escape("Québec"), "Québec");
    }

    #[test]
    fn writes_aligned_columns_and_escapes_cells() {
        let mut out = Vec::new();
        write_table(
            &["Sector".to_string(), "Participants".to_string()],
            &[false, true],
            vec![vec!["a|b\nc".to_string(), "3".to_string()]].into_iter(),
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "| Sector | Participants |\n| --- | ---: |\n| a\\|b c | 3 |\n"
        );
    }
}
