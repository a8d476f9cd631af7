//! Fitting what the terminal shows to its width: the width to fit, the column widths of a
//! table, a record per block when no table fits, and prose wrapped at word boundaries.
//!
//! The rules, in the order they give way:
//! - Widths are display columns (`é` is one, a Korean syllable two), never bytes or chars.
//! - A number is never cut or broken: the numbers of a column of numbers (not a label among
//!   them, such as `(not recorded)`), and any column no wider than
//!   [`SHORT`] (a date, a code), and a first column of one-word ids, keeps its full width; only its title may wrap, between words.
//! - A longer text column gives way first: it is shortened, at a character boundary, to no
//!   less than [`SHORTEST_TEXT`] columns, ending in `…`.
//! - When even that does not fit, the table becomes a block per record, `Field: value` lines
//!   and a blank line between records, as `show` lists one record's fields; a long value
//!   wraps between words under itself there.
//! - With no width to fit (stdout is not a terminal and `COLUMNS` is unset), a table is
//!   drawn at its natural width: a file or a pipe gets whole lines to search or cut.

use std::io::IsTerminal;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// A column this wide or narrower keeps its width: cutting a date or an id helps nobody.
pub const SHORT: usize = 12;
/// A long text column is not shortened below this: fewer columns than that say nothing.
pub const SHORTEST_TEXT: usize = 10;
/// The room kept for the column that names a record (a person's name, an event's title, after
/// its id), before the other text columns share what is left: "Illustrati…" in every row of a
/// list of people named alike tells them apart no better than no column at all.
pub const NAMING: usize = 30;
/// Prose off a terminal, with `COLUMNS` unset, wraps here: a pager, an email.
pub const PROSE_WITHOUT_TERMINAL: usize = 80;

/// The width tables are fitted to: `COLUMNS` when it is set to a number, else the terminal's
/// when stdout is one, else none.
pub fn table_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|value| value.trim().parse::<usize>().ok())
        .filter(|&columns| columns > 0)
    {
        return Some(columns);
    }
    if std::io::stdout().is_terminal() {
        return comfy_table::Table::new().width().map(usize::from);
    }
    None
}

/// The width prose and charts are wrapped to: as [`table_width`], else
/// [`PROSE_WITHOUT_TERMINAL`].
pub fn prose_width() -> usize {
    table_width().unwrap_or(PROSE_WITHOUT_TERMINAL)
}

/// `text` cut to at most `limit` display columns, ending in `…` when anything was cut.
pub fn shorten(text: &str, limit: usize) -> String {
    if text.width() <= limit {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut used = 0;
    for character in text.chars() {
        let width = character.width().unwrap_or(0);
        if used + width + 1 > limit {
            break;
        }
        kept.push(character);
        used += width;
    }
    kept.push('…');
    kept
}

/// `text` cut to at most `limit` display columns as [`shorten`] does, but between words when
/// a word ends in the second half of the room: `August…` rather than `August 20…`.
pub fn shorten_between_words(text: &str, limit: usize) -> String {
    let cut = shorten(text, limit);
    let Some(kept) = cut.strip_suffix('…') else {
        return cut;
    };
    if text[kept.len()..].starts_with(' ') {
        return cut;
    }
    match kept.rfind(' ') {
        Some(space) if kept[..space].width() * 2 >= limit => {
            format!("{}…", kept[..space].trim_end())
        }
        _ => cut,
    }
}

/// `text` in lines of at most `width` display columns, broken between words; a word longer
/// than a line is shortened with `…`. The first line starts with `first`, the others with
/// `rest` (a hanging indent). A line break in `text` stays one.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    wrap_words(text, width, first, rest, Long::Shortened)
}

/// [`wrap`] for text whose every word must stay whole, such as a report's provenance (a
/// command line, a store's hash): a word longer than a line stands on a line of its own.
pub fn wrap_keeping_words(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    wrap_words(text, width, first, rest, Long::Kept)
}

/// What becomes of a word longer than a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Long {
    Shortened,
    Kept,
}

fn wrap_words(text: &str, width: usize, first: &str, rest: &str, long: Long) -> Vec<String> {
    let mut lines = Vec::new();
    for (number, paragraph) in text.split('\n').enumerate() {
        let first = if number == 0 { first } else { rest };
        lines.extend(wrap_paragraph(paragraph, width, first, rest, long));
    }
    lines
}

fn wrap_paragraph(text: &str, width: usize, first: &str, rest: &str, long: Long) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split(' ').filter(|word| !word.is_empty()) {
        if !empty && line.width() + 1 + word.width() > width {
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            empty = true;
        }
        let indent_width = if empty { line.width() } else { 0 };
        let room = width.saturating_sub(indent_width).max(1);
        if !empty {
            line.push(' ');
        }
        match long {
            Long::Shortened => line.push_str(&shorten(word, room)),
            Long::Kept => line.push_str(word),
        }
        empty = false;
    }
    lines.push(line);
    lines
}

/// How a table is laid out in a width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A table with these column widths (content only, without padding and borders).
    Table(Vec<usize>),
    /// A block of `Field: value` lines per record.
    Blocks,
}

/// Columns of borders and padding a comfy-table `UTF8_FULL_CONDENSED` table adds to its
/// content: a space either side of each cell, a line before each column and one at the end.
pub fn frame_width(columns: usize) -> usize {
    3 * columns + 1
}

/// The layout of `headers` over `rows` (each cell one line already) in `width`, where
/// `numeric` marks the columns of numbers.
pub fn layout(
    headers: &[String],
    rows: &[Vec<String>],
    numeric: &[bool],
    width: Option<usize>,
) -> Layout {
    let cells = |index: usize| rows.iter().filter_map(move |row| row.get(index));
    let widest_cell = |index: usize| cells(index).map(|cell| cell.width()).max().unwrap_or(0);
    let natural: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(index, header)| header.width().max(widest_cell(index)))
        .collect();
    let Some(width) = width else {
        return Layout::Table(natural);
    };
    let is_id = |index: usize| cells(index).all(|cell| !cell.contains(' '));
    let least: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(index, header)| {
            // The first column names the record: an id of one word is what a person types.
            let an_id = index == 0 && is_id(index);
            // After an id, the record's name or title, which a person reads it by.
            let its_name = index == 1 && is_id(0) && !numeric.get(1).copied().unwrap_or(false);
            // A title may wrap between words, and a word longer than a short text column is
            // shortened: region names become column titles with `--across`.
            let longest_word = header.split(' ').map(str::width).max().unwrap_or(0);
            if numeric.get(index).copied().unwrap_or(false) {
                // The numbers keep their width; a label among them (`(not recorded)`) may not.
                let widest_number = cells(index)
                    .filter(|cell| is_number(cell))
                    .map(|cell| cell.width())
                    .max()
                    .unwrap_or(0);
                widest_number.max(longest_word.min(SHORTEST_TEXT))
            } else if natural[index] <= SHORT || an_id {
                widest_cell(index).max(longest_word.min(SHORTEST_TEXT))
            } else if its_name {
                natural[index].min(NAMING)
            } else {
                natural[index].min(SHORTEST_TEXT)
            }
        })
        .collect();
    let Some(room) = width.checked_sub(frame_width(headers.len())) else {
        return Layout::Blocks;
    };
    if least.iter().sum::<usize>() > room {
        return Layout::Blocks;
    }
    if natural.iter().sum::<usize>() <= room {
        return Layout::Table(natural);
    }
    // What is left over the least widths goes to the columns in proportion to what each
    // would take, so a long organisation name keeps more than a short region.
    let wanted: Vec<usize> = natural.iter().zip(&least).map(|(n, l)| n - l).collect();
    let wanted_in_all: usize = wanted.iter().sum();
    let spare = room - least.iter().sum::<usize>();
    let mut widths: Vec<usize> = least
        .iter()
        .zip(&wanted)
        .map(|(&least, &wanted)| least + spare * wanted / wanted_in_all.max(1))
        .collect();
    let mut left = room - widths.iter().sum::<usize>();
    for (index, width) in widths.iter_mut().enumerate() {
        if left == 0 {
            break;
        }
        if *width < natural[index] {
            *width += 1;
            left -= 1;
        }
    }
    Layout::Table(widths)
}

/// A column title in `width`: broken between words onto lines, a word too long shortened.
pub fn title_in(title: &str, width: usize) -> String {
    if title.width() <= width {
        return title.to_string();
    }
    wrap(title, width, "", "").join("\n")
}

/// The records as blocks of `Field: value` lines, a blank line between blocks; an empty
/// value is left out, as `show` leaves out empty fields. Text values wrap between words under
/// themselves to fit `width`; numbers stay whole.
pub fn blocks(headers: &[String], rows: &[Vec<String>], numeric: &[bool], width: usize) -> String {
    let label_width = headers
        .iter()
        .map(|header| header.width() + 1)
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for (number, row) in rows.iter().enumerate() {
        if number > 0 {
            text.push('\n');
        }
        for (index, (header, value)) in headers.iter().zip(row).enumerate() {
            if value.is_empty() {
                continue;
            }
            let label = format!("{header}:");
            let padding = " ".repeat(label_width - label.width());
            if numeric.get(index).copied().unwrap_or(false) {
                text.push_str(&format!("{label}{padding} {value}\n"));
                continue;
            }
            // A block has the lines a table row has not: a long value wraps under itself.
            let first = format!("{label}{padding} ");
            let hanging = " ".repeat(first.width());
            for line in wrap(value, width, &first, &hanging) {
                text.push_str(line.trim_end());
                text.push('\n');
            }
        }
    }
    text
}

/// True for a cell a person reads as a number: a count, a percentage, a hidden count (`<5`,
/// `x`).
pub fn is_number(cell: &str) -> bool {
    let digits = cell.trim_start_matches('<').trim_end_matches('%');
    cell == "x" || (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(texts: &[&str]) -> Vec<String> {
        texts.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn shortens_by_display_width() {
        assert_eq!(shorten("Québec", 6), "Québec");
        assert_eq!(shorten("Ciudad de México", 8), "Ciudad …");
        assert_eq!(shorten("서울특별시", 5), "서울…");
        assert_eq!(shorten("서울특별시", 6), "서울…");
    }

    #[test]
    fn shortens_between_words_when_a_word_ends_late_enough() {
        assert_eq!(shorten_between_words("August 2019", 10), "August…");
        assert_eq!(
            shorten_between_words("Illustrative Participant 1", 14),
            "Illustrative…"
        );
        assert_eq!(shorten_between_words("A verylongword", 10), "A verylon…");
        assert_eq!(shorten_between_words("short", 10), "short");
    }

    #[test]
    fn wraps_between_words_with_a_hanging_indent() {
        assert_eq!(
            wrap("one two three four", 10, "- ", "  "),
            ["- one two", "  three", "  four"]
        );
        assert_eq!(wrap("", 10, "x", ""), ["x"]);
        assert_eq!(wrap("abcdefghijkl", 6, "", ""), ["abcde…"]);
    }

    #[test]
    fn numbers_keep_their_width_and_long_text_gives_way() {
        let headers = strings(&["Name", "Count"]);
        let rows = vec![strings(&[
            "A very long name indeed, longer than the rest",
            "12345",
        ])];
        let numeric = [false, true];
        // Natural: 45 + 5 + 7 of frame.
        assert_eq!(
            layout(&headers, &rows, &numeric, None),
            Layout::Table(vec![45, 5])
        );
        assert_eq!(
            layout(&headers, &rows, &numeric, Some(30)),
            Layout::Table(vec![18, 5])
        );
        // 10 + 5 + 7 is the least.
        assert_eq!(
            layout(&headers, &rows, &numeric, Some(22)),
            Layout::Table(vec![10, 5])
        );
        assert_eq!(layout(&headers, &rows, &numeric, Some(21)), Layout::Blocks);
    }

    #[test]
    fn a_label_among_numbers_gives_way_but_no_number_does() {
        let headers = strings(&["Event", "Invited"]);
        let rows = vec![
            strings(&["dakar", "(not recorded)"]),
            strings(&["mexico", "1234"]),
        ];
        // 6 + 7 (the title) + 7 of frame.
        assert_eq!(
            layout(&headers, &rows, &[false, true], Some(20)),
            Layout::Table(vec![6, 7])
        );
    }

    #[test]
    fn blocks_align_fields_and_leave_out_empty_values() {
        let headers = strings(&["Name", "Participants"]);
        let rows = vec![strings(&["서울특별시 Seoul", "7"]), strings(&["", "3"])];
        assert_eq!(
            blocks(&headers, &rows, &[false, true], 26),
            "Name:         서울특별시\n              Seoul\nParticipants: 7\n\nParticipants: 3\n"
        );
    }

    #[test]
    fn knows_a_number() {
        for number in ["3", "62.5%", "<5", "x"] {
            assert!(is_number(number), "{number}");
        }
        for text in ["", "x1", "Dakar", "2019-05"] {
            assert!(!is_number(text), "{text}");
        }
    }
}
