//! What a collection's bytes may hold besides records, and how a reader takes each.
//!
//! Editors, Windows checkouts and scripts leave marks that do not change what a file says: a
//! `\r` before each `\n` (`core.autocrlf`), a byte order mark before the first line, blank
//! lines, a last record without its `\n`. Readers set them aside; `gsef check` lists them once
//! per file and `gsef check --repair` writes the file without them, as every writer writes.
//!
//! Two others would be wrong to read around, and are named for what they are rather than as a
//! bad line each: the markers of an unresolved git merge conflict, and a file pretty-printed
//! over many lines (`jq .`).

use std::fmt;

use serde_json::{Map, Value};

/// The UTF-8 byte order mark some Windows editors put before a file's first line.
pub const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// Where in `line` (one line without its `\n`) the record is: without a `\r` at its end, and
/// without a byte order mark when it is the file's first line; `None` for a blank line.
///
/// Both marks are ASCII or a whole character, so the range cuts text at character boundaries.
pub fn content_range(line: &[u8], first_of_file: bool) -> Option<(usize, usize)> {
    let mut end = line.len();
    if line.last() == Some(&b'\r') {
        end -= 1;
    }
    let start = if first_of_file && line.starts_with(BYTE_ORDER_MARK) {
        BYTE_ORDER_MARK.len()
    } else {
        0
    };
    // A record starts with `{`; only a line that does not is looked at for being blank.
    let blank = line.get(start).is_none_or(|&first| first != b'{')
        && line[start..end.max(start)]
            .iter()
            .all(u8::is_ascii_whitespace);
    (!blank).then_some((start, end.max(start)))
}

/// The record `line` holds, as [`content_range`] finds it.
pub fn content_of(line: &[u8], first_of_file: bool) -> Option<&[u8]> {
    content_range(line, first_of_file).map(|(start, end)| &line[start..end])
}

/// True for a line git writes around the two sides of a conflict it could not merge.
pub fn is_conflict_marker(line: &[u8]) -> bool {
    conflict_marker(line).is_some()
}

/// Which of git's conflict markers `line` is.
pub fn conflict_marker(line: &[u8]) -> Option<Marker> {
    let marker = match line.get(..7)? {
        b"<<<<<<<" => Marker::Ours,
        b"|||||||" => Marker::Base,
        b"=======" => Marker::Theirs,
        b">>>>>>>" => Marker::End,
        _ => return None,
    };
    // The marker is the whole line, or is followed by a space and a label.
    matches!(line.get(7), None | Some(b' ' | b'\r')).then_some(marker)
}

/// The markers of a conflict block, each opening the side that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// `<<<<<<<`: this branch's side follows.
    Ours,
    /// `|||||||` (diff3 style): the common ancestor's side follows.
    Base,
    /// `=======`: the other branch's side follows.
    Theirs,
    /// `>>>>>>>`: the block ends.
    End,
}

/// True for the first line of a record spread over several lines, as `jq .` writes it.
pub fn opens_pretty_printed_record(line: &[u8]) -> bool {
    matches!(line.trim_ascii(), b"{" | b"[")
}

/// True when `line` is one complete JSON value; a last line without its `\n` that is not one
/// is the start of a line an interrupted write did not finish.
pub fn is_whole_json(line: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
}

/// What a file holds besides its records, counted as a reader sets it aside.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Layout {
    pub byte_order_mark: bool,
    pub carriage_returns: usize,
    pub blank_lines: usize,
    /// The last record has no `\n` after it.
    pub unterminated: bool,
}

impl Layout {
    /// Notes what `line` (without its `\n`) holds besides its record.
    pub fn note(&mut self, line: &[u8], first_of_file: bool) {
        if first_of_file && line.starts_with(BYTE_ORDER_MARK) {
            self.byte_order_mark = true;
        }
        if line.last() == Some(&b'\r') {
            self.carriage_returns += 1;
        }
        if content_range(line, first_of_file).is_none() {
            self.blank_lines += 1;
        }
    }

    /// What the whole file `bytes` holds besides its records.
    pub fn of(bytes: &[u8]) -> Layout {
        let mut found = Layout::default();
        let (body, tail) = match memchr::memrchr(b'\n', bytes) {
            Some(last) => (&bytes[..last], &bytes[last + 1..]),
            None => (&b""[..], bytes),
        };
        if !body.is_empty() || bytes.first() == Some(&b'\n') {
            for (number, line) in body.split(|&byte| byte == b'\n').enumerate() {
                found.note(line, number == 0);
            }
        }
        if !tail.is_empty() {
            let first_of_file = tail.len() == bytes.len();
            found.note(tail, first_of_file);
            found.unterminated = content_of(tail, first_of_file).is_some();
        }
        found
    }

    /// True when the file is exactly as gsef writes one.
    pub fn is_canonical(&self) -> bool {
        *self == Layout::default()
    }
}

impl fmt::Display for Layout {
    /// "a byte order mark, 111 lines ending in \r\n (a Windows checkout), 1 blank line".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.byte_order_mark {
            parts.push("a byte order mark before the first line".to_string());
        }
        match self.carriage_returns {
            0 => {}
            1 => parts.push("1 line ending in \\r\\n".to_string()),
            count => parts.push(format!("{count} lines ending in \\r\\n")),
        }
        match self.blank_lines {
            0 => {}
            1 => parts.push("1 blank line".to_string()),
            count => parts.push(format!("{count} blank lines")),
        }
        if self.unterminated {
            parts.push("no line end after the last record".to_string());
        }
        f.write_str(&parts.join(", "))
    }
}

/// `bytes` as gsef writes a collection: no byte order mark, `\n` line ends, no blank lines,
/// a `\n` after the last line. Records are left byte for byte as they are.
pub fn canonical(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (number, line) in bytes.split(|&byte| byte == b'\n').enumerate() {
        if let Some(content) = content_of(line, number == 0) {
            out.extend_from_slice(content);
            out.push(b'\n');
        }
    }
    out
}

/// One line of a collection read as a JSON object, for the code that reads a file whole
/// without the store's readers: the merge driver and `gsef init` adopting a folder.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectLine<'a> {
    /// The line's number as an editor shows it, from 1.
    pub number: usize,
    /// The record's bytes as written, without what [`content_of`] sets aside.
    pub bytes: &'a [u8],
    pub object: Map<String, Value>,
}

/// Each line of `bytes` that holds a record, with its number (from 1), as [`content_of`]
/// finds the record.
pub fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    bytes
        .split(|&byte| byte == b'\n')
        .enumerate()
        .filter_map(|(index, line)| Some((index + 1, content_of(line, index == 0)?)))
}

/// Every record of `bytes` as a JSON object, or why the text is not a collection: "line 3 is
/// not a JSON object".
pub fn objects(bytes: &[u8]) -> Result<Vec<ObjectLine<'_>>, String> {
    lines(bytes)
        .map(
            |(number, line)| match serde_json::from_slice::<Value>(line) {
                Ok(Value::Object(object)) => Ok(ObjectLine {
                    number,
                    bytes: line,
                    object,
                }),
                Ok(_) => Err(format!("line {number} is not a JSON object")),
                Err(error) => Err(format!("line {number} is not a JSON object ({error})")),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_sets_aside_what_editors_add() {
        assert_eq!(
            content_of(b"{\"id\":\"a\"}\r", false),
            Some(&b"{\"id\":\"a\"}"[..])
        );
        assert_eq!(
            content_of(b"\xEF\xBB\xBF{\"id\":\"a\"}", true),
            Some(&b"{\"id\":\"a\"}"[..])
        );
        // A byte order mark anywhere but before the first line is no editor's, and stays.
        assert_eq!(
            content_of(b"\xEF\xBB\xBF{}", false),
            Some(&b"\xEF\xBB\xBF{}"[..])
        );
        assert_eq!(content_of(b"", false), None);
        assert_eq!(content_of(b"\r", false), None);
        assert_eq!(content_of(b" \t ", false), None);
        assert_eq!(content_of(b"\xEF\xBB\xBF\r", true), None);
        assert_eq!(content_of(b"x", false), Some(&b"x"[..]));
    }

    #[test]
    fn canonical_form_keeps_records_byte_for_byte() {
        let messy = b"\xEF\xBB\xBF{\"a\": 1}\r\n\r\n{\"b\":2}\n\n{\"c\":3}";
        assert_eq!(canonical(messy), b"{\"a\": 1}\n{\"b\":2}\n{\"c\":3}\n");
        let clean = b"{\"a\":1}\n{\"b\":2}\n";
        assert_eq!(canonical(clean), clean);
        assert_eq!(canonical(b""), b"");
    }

    #[test]
    fn layout_counts_and_says_what_it_found() {
        let mut layout = Layout::default();
        for (number, line) in [&b"\xEF\xBB\xBF{}\r"[..], b"", b"{}\r", b"  "]
            .iter()
            .enumerate()
        {
            layout.note(line, number == 0);
        }
        layout.unterminated = true;
        assert_eq!(
            Layout::of(b"\xEF\xBB\xBF{}\r\n\n{}\r\n  \n{}"),
            Layout {
                byte_order_mark: true,
                carriage_returns: 2,
                blank_lines: 2,
                unterminated: true
            }
        );
        assert!(Layout::of(b"{}\n{}\n").is_canonical());
        assert!(Layout::of(b"").is_canonical());
        assert_eq!(Layout::of(b"\n").blank_lines, 1);
        assert_eq!(
            layout.to_string(),
            "a byte order mark before the first line, 2 lines ending in \\r\\n, 2 blank lines, no line end after the last record"
        );
        assert!(Layout::default().is_canonical());
    }

    #[test]
    fn conflict_markers_are_whole_markers() {
        assert_eq!(conflict_marker(b"<<<<<<< HEAD"), Some(Marker::Ours));
        assert_eq!(conflict_marker(b"======="), Some(Marker::Theirs));
        assert_eq!(conflict_marker(b"||||||| base"), Some(Marker::Base));
        assert_eq!(conflict_marker(b">>>>>>> feature\r"), Some(Marker::End));
        assert_eq!(conflict_marker(b"========"), None);
        assert_eq!(conflict_marker(b"{\"id\":1}"), None);
    }

    #[test]
    fn a_whole_json_value_is_told_from_a_torn_one() {
        assert!(is_whole_json(b"{\"id\":\"a\",\"name\":\"A\"}"));
        assert!(!is_whole_json(b"{\"id\":\"a\",\"na"));
        assert!(opens_pretty_printed_record(b"{"));
        assert!(opens_pretty_printed_record(b"  [ "));
        assert!(!opens_pretty_printed_record(b"{\"id\":1}"));
    }

    #[test]
    fn a_bom_crlf_blank_lines_and_no_final_newline_are_read() {
        let text = b"\xEF\xBB\xBF{\"id\":\"a\"}\r\n\r\n  \n{\"id\":\"b\"} \r\n{\"id\":\"c\"}";
        let read = objects(text).unwrap();
        let numbers: Vec<usize> = read.iter().map(|line| line.number).collect();
        assert_eq!(numbers, [1, 4, 5]);
        assert_eq!(read[0].bytes, b"{\"id\":\"a\"}");
        assert_eq!(
            read[1].bytes, b"{\"id\":\"b\"} ",
            "only the line end is taken off"
        );
        assert_eq!(read[2].object["id"], "c");
        assert!(objects(b"").unwrap().is_empty());
        assert!(objects(b"\n\r\n").unwrap().is_empty());
    }

    #[test]
    fn a_line_that_is_not_an_object_is_named() {
        let error = objects(b"{\"id\":\"a\"}\n[1,2]\n").unwrap_err();
        assert_eq!(error, "line 2 is not a JSON object");
        let error = objects(b"{\"id\":\"a\"}\n\n<<<<<<< ours\n").unwrap_err();
        assert!(
            error.starts_with("line 3 is not a JSON object ("),
            "{error}"
        );
    }
}
