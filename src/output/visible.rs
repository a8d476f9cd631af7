//! Text from the records made safe to show in a terminal: every character that would act on the
//! terminal or hide in it is spelled out as `\uXXXX` (four lowercase hex digits, as JSON writes
//! it: ESC is `\u001b`), so nothing read from a file can recolour a table, move the cursor,
//! ring the bell, reverse the order of what follows, or hide a character in a name.
//!
//! Names and regions come from hand-edited files and imported spreadsheets, so any of these can
//! be in them: C0 controls, DEL and C1 controls (U+0080–U+009F, which some terminals obey like
//! ESC sequences), the bidirectional controls (overrides, embeddings, isolates and marks, as in
//! "Trojan Source"), zero-width characters, and the Unicode line and paragraph separators.
//!
//! A backslash in the data is left as it is: `\u001b` typed into a name reads the same as an
//! escaped ESC, which misleads nobody about what the terminal did, and paths in messages stay
//! readable.

use std::borrow::Cow;
use std::io::{self, Write};

/// True for a character a terminal would obey or not show.
fn is_hidden(character: char) -> bool {
    matches!(
        character,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{2029}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// `text` with every hidden character but those in `kept` spelled out.
fn shown<'a>(text: &'a str, kept: &[char]) -> Cow<'a, str> {
    let escaped = |character: char| is_hidden(character) && !kept.contains(&character);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if escaped(character) {
            shown.push_str(&format!("\\u{:04x}", u32::from(character)));
        } else {
            shown.push(character);
        }
    }
    Cow::Owned(shown)
}

/// For a table cell or a chart label, which is one line: line breaks and tabs are spelled out
/// too, so a name cannot start a row of its own or push the next column along.
pub fn one_line(text: &str) -> Cow<'_, str> {
    shown(text, &[])
}

/// For a message on stderr, which may span lines on purpose: only `\n` is kept.
pub fn keeping_line_breaks(text: &str) -> Cow<'_, str> {
    shown(text, &['\n'])
}

/// A writer for data formats (CSV, JSON, Markdown, SVG, HTML) on a terminal: what passes through
/// is shown with its hidden characters spelled out as `\uXXXX`, but for line feeds and tabs,
/// which every format uses as they are and which move the cursor only the ordinary way.
///
/// In JSON the spelling means the same character, so the document stays valid and equal; in the
/// other formats it only changes what a person sees. Only for a terminal: a file or a pipe gets
/// the bytes exactly.
pub struct ShowingControls<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence that the next write completes.
    incomplete: Vec<u8>,
}

impl<W: Write> ShowingControls<W> {
    pub fn new(inner: W) -> Self {
        ShowingControls {
            inner,
            incomplete: Vec::new(),
        }
    }

    /// Writes what is left (an unfinished UTF-8 sequence, as it is) and flushes.
    pub fn finish(mut self) -> io::Result<W> {
        self.inner.write_all(&self.incomplete)?;
        self.incomplete.clear();
        self.inner.flush()?;
        Ok(self.inner)
    }

    fn write_text(&mut self, text: &str) -> io::Result<()> {
        self.inner.write_all(shown(text, &['\n', '\t']).as_bytes())
    }
}

impl<W: Write> Write for ShowingControls<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut pending = std::mem::take(&mut self.incomplete);
        pending.extend_from_slice(bytes);
        let mut rest = pending.as_slice();
        loop {
            match std::str::from_utf8(rest) {
                Ok(text) => {
                    self.write_text(text)?;
                    break;
                }
                Err(error) => {
                    let (valid, after) = rest.split_at(error.valid_up_to());
                    // Checked by from_utf8 just now.
                    self.write_text(std::str::from_utf8(valid).unwrap_or_default())?;
                    match error.error_len() {
                        // Not UTF-8 at all: no character to spell, so the bytes go as they are.
                        Some(length) => {
                            self.inner.write_all(&after[..length])?;
                            rest = &after[length..];
                        }
                        None => {
                            self.incomplete = after.to_vec();
                            break;
                        }
                    }
                }
            }
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "Ana\u{1b}[31m\u{7}\u{9b}\u{202e}\u{200b}\u{2066}\u{feff}\u{7f}\t\r\nRuiz";

    #[test]
    fn a_cell_spells_out_every_hidden_character() {
        assert_eq!(
            one_line(HOSTILE),
            "Ana\\u001b[31m\\u0007\\u009b\\u202e\\u200b\\u2066\\ufeff\\u007f\\u0009\\u000d\\u000aRuiz"
        );
    }

    #[test]
    fn a_message_keeps_its_line_breaks_only() {
        assert_eq!(
            keeping_line_breaks("one\ntwo\tthree\u{1b}"),
            "one\ntwo\\u0009three\\u001b"
        );
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        for text in ["Québec", "서울특별시", "Ciudad de México", "a\\u001b", "😀"] {
            assert!(matches!(one_line(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn the_writer_escapes_across_split_writes_and_keeps_json_valid() {
        let json = serde_json::to_string(&serde_json::json!({"name": HOSTILE})).unwrap();
        let mut writer = ShowingControls::new(Vec::new());
        // One byte at a time splits every multi-byte character between two writes.
        for byte in json.as_bytes() {
            writer.write_all(std::slice::from_ref(byte)).unwrap();
        }
        let shown = String::from_utf8(writer.finish().unwrap()).unwrap();
        for raw in [
            '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{200b}', '\u{feff}',
        ] {
            assert!(!shown.contains(raw), "{raw:?} left raw in {shown}");
        }
        assert!(shown.contains("\\u009b\\u202e\\u200b"), "{shown}");
        let parsed: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(parsed["name"], HOSTILE);
    }

    #[test]
    fn the_writer_keeps_line_feeds_tabs_and_bytes_that_are_not_utf8() {
        let mut writer = ShowingControls::new(Vec::new());
        writer.write_all(b"a\tb\r\n\xff\xe2\x80").unwrap();
        assert_eq!(writer.finish().unwrap(), b"a\tb\\u000d\n\xff\xe2\x80");
    }
}
