//! Manual pages: clap_mangen's sections, with each command's examples under EXAMPLES as
//! preformatted lines.
//!
//! clap_mangen puts the text after a command's options under a heading EXTRA, as running text:
//! `man` then refills the examples into one paragraph and hyphenates them
//! (`by-coun‐ try.csv`), so none can be copied. Here the text is read block by block: the
//! examples, and any indented block, are written between `.nf` and `.fi` without hyphenation;
//! the prose around them stays running text under NOTES.

use std::io::{self, Write};

/// Writes the manual page of `command`.
pub fn write_page(command: &clap::Command, out: &mut dyn Write) -> io::Result<()> {
    let page = clap_mangen::Man::new(command.clone());
    page.render_title(out)?;
    page.render_name_section(out)?;
    page.render_synopsis_section(out)?;
    page.render_description_section(out)?;
    if command
        .get_arguments()
        .any(|argument| !argument.is_hide_set())
    {
        page.render_options_section(out)?;
    }
    if command
        .get_subcommands()
        .any(|subcommand| !subcommand.is_hide_set())
    {
        page.render_subcommands_section(out)?;
    }
    if let Some(after) = command
        .get_after_long_help()
        .or_else(|| command.get_after_help())
    {
        out.write_all(examples_and_notes(&after.to_string()).as_bytes())?;
    }
    if command.get_version().is_some() || command.get_long_version().is_some() {
        page.render_version_section(out)?;
    }
    if command.get_author().is_some() {
        page.render_authors_section(out)?;
    }
    Ok(())
}

/// The roff for a command's closing text: its "Examples:" block under EXAMPLES, the rest under
/// NOTES, every indented block preformatted.
fn examples_and_notes(text: &str) -> String {
    let mut examples = String::new();
    let mut notes = String::new();
    for block in text.split("\n\n").filter(|block| !block.trim().is_empty()) {
        let mut lines: Vec<&str> = block.lines().collect();
        let is_examples = lines
            .first()
            .is_some_and(|first| first.trim_end() == "Examples:");
        if is_examples {
            lines.remove(0);
            examples.push_str(&preformatted(&lines));
        } else if lines.iter().all(|line| line.starts_with(' ')) {
            notes.push_str(&preformatted(&lines));
        } else {
            notes.push_str(".PP\n");
            for line in lines {
                notes.push_str(&escaped(line.trim()));
                notes.push('\n');
            }
        }
    }
    let mut roff = String::new();
    if !examples.is_empty() {
        roff.push_str(".SH EXAMPLES\n");
        roff.push_str(&examples);
    }
    if !notes.is_empty() {
        roff.push_str(".SH NOTES\n");
        roff.push_str(&notes);
    }
    roff
}

/// Lines kept as written: not refilled, not hyphenated, indented as one block.
fn preformatted(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut roff = String::from(".PP\n.RS 4\n.nf\n.nh\n");
    for line in lines {
        roff.push_str(&escaped(line.get(indent..).unwrap_or("").trim_end()));
        roff.push('\n');
    }
    roff.push_str(".hy\n.fi\n.RE\n");
    roff
}

/// `text` as roff shows it literally: backslashes and hyphens escaped, quotes as typed, and a
/// line never taken for a request.
fn escaped(text: &str) -> String {
    let mut roff = String::with_capacity(text.len() + 8);
    if text.starts_with(['.', '\'']) {
        roff.push_str("\\&");
    }
    for character in text.chars() {
        match character {
            '\\' => roff.push_str("\\e"),
            '-' => roff.push_str("\\-"),
            '\'' => roff.push_str("\\(aq"),
            '`' => roff.push_str("\\(ga"),
            '~' => roff.push_str("\\(ti"),
            '^' => roff.push_str("\\(ha"),
            other => roff.push(other),
        }
    }
    roff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_preformatted_and_prose_is_a_note() {
        let roff = examples_and_notes(
            "Examples:\n  gsef report attendance --by country > by-country.csv\n  gsef check   # all of it\n\nDimensions: sector, region, world-region.\n",
        );
        assert_eq!(
            roff,
            ".SH EXAMPLES\n.PP\n.RS 4\n.nf\n.nh\n\
             gsef report attendance \\-\\-by country > by\\-country.csv\n\
             gsef check   # all of it\n\
             .hy\n.fi\n.RE\n\
             .SH NOTES\n.PP\nDimensions: sector, region, world\\-region.\n"
        );
    }

    #[test]
    fn a_line_is_never_a_request_and_quotes_stay_as_typed() {
        assert_eq!(escaped(".hidden"), "\\&.hidden");
        assert_eq!(
            escaped("jq '.rows[]' C:\\x ~/m"),
            "jq \\(aq.rows[]\\(aq C:\\ex \\(ti/m"
        );
    }
}
