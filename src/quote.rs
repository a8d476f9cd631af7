//! How a message spells what came from the input: every layer's messages quote values from
//! files a person handed over, so one hostile value must not flood a terminal or a log. A value
//! is shown cut short, a list by its first items, a size in words.

use std::borrow::Cow;
use std::fmt;

/// The most characters of a value a message shows: enough to recognise a name, an answer or an
/// id, short enough that a line of the terminal holds the message around it.
pub const VALUE_CHARACTERS: usize = 80;

/// The most items of a list a message shows, each a value, before it only counts the rest.
pub const LISTED_ITEMS: usize = 20;

/// The most characters of a message from a parser that may quote a value it was handed.
pub const MESSAGE_CHARACTERS: usize = 240;

/// A value as a message quotes it: whole up to [`VALUE_CHARACTERS`], else cut short with `…`.
pub fn value(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(VALUE_CHARACTERS - 1) {
        Some((cut, _)) if text[cut..].chars().nth(1).is_some() => {
            Cow::Owned(format!("{}…", &text[..cut]))
        }
        _ => Cow::Borrowed(text),
    }
}

/// Items as a message lists them, joined by commas: the first [`LISTED_ITEMS`], then how many
/// more there are.
pub fn list<T: fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let mut items = items.into_iter();
    let shown: Vec<String> = items
        .by_ref()
        .take(LISTED_ITEMS)
        .map(|item| item.to_string())
        .collect();
    let more = items.count();
    let mut listed = shown.join(", ");
    if more > 0 {
        listed.push_str(&format!(" and {more} more"));
    }
    listed
}

/// A message that may quote a value somewhere inside it (a JSON parser's, say), at most
/// [`MESSAGE_CHARACTERS`]: its start, which says what is wrong, and its end, which says what
/// was expected and where, with `…` for the middle.
pub fn message(text: &str) -> Cow<'_, str> {
    let characters = text.chars().count();
    if characters <= MESSAGE_CHARACTERS {
        return Cow::Borrowed(text);
    }
    let head_length = (MESSAGE_CHARACTERS - 1) / 2;
    let tail_length = MESSAGE_CHARACTERS - 1 - head_length;
    let head: String = text.chars().take(head_length).collect();
    let tail: String = text.chars().skip(characters - tail_length).collect();
    Cow::Owned(format!("{head}…{tail}"))
}

/// A size in bytes as a person reads it: `512 bytes`, `64 KiB`, `4.8 MiB`.
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} byte{}", if bytes == 1 { "" } else { "s" });
    }
    // Exact enough for a message: a size is told to the tenth of its unit.
    #[allow(clippy::cast_precision_loss)]
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value.fract() == 0.0 {
        format!("{value} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A word as a POSIX shell reads it back: bare when safe, else in single quotes.
pub fn shell_word(word: &str) -> String {
    let safe = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
    if safe {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_is_cut_to_eighty_characters() {
        let exact = "é".repeat(VALUE_CHARACTERS);
        assert_eq!(value(&exact), exact);
        let cut = value(&"é".repeat(VALUE_CHARACTERS + 1)).into_owned();
        assert_eq!(cut.chars().count(), VALUE_CHARACTERS);
        assert!(cut.ends_with("é…"));
        assert_eq!(value("short"), "short");
    }

    #[test]
    fn a_list_shows_twenty_items_then_counts_the_rest() {
        let listed = list((0..25).map(|n| format!("h{n}")));
        assert!(listed.starts_with("h0, h1,"));
        assert!(listed.ends_with("h19 and 5 more"));
        assert_eq!(list(["a", "b"]), "a, b");
    }

    #[test]
    fn a_long_message_keeps_its_start_and_end() {
        let text = format!(
            "invalid type: string \"{}\", expected u32 (column 9)",
            "x".repeat(5000)
        );
        let cut = message(&text);
        assert_eq!(cut.chars().count(), MESSAGE_CHARACTERS);
        assert!(cut.starts_with("invalid type: string \"xx"));
        assert!(cut.ends_with("xx\", expected u32 (column 9)"));
        assert_eq!(message("short"), "short");
    }

    #[test]
    fn sizes_read_as_a_person_says_them() {
        assert_eq!(size(1), "1 byte");
        assert_eq!(size(1023), "1023 bytes");
        assert_eq!(size(64 * 1024), "64 KiB");
        assert_eq!(size(1 << 20), "1 MiB");
        assert_eq!(size(5_000_000), "4.8 MiB");
        assert_eq!(size(500_000_000), "476.8 MiB");
        assert_eq!(size(3 << 30), "3 GiB");
    }
}
