//! A collection as a person, an editor or git may have left it, read without the store's
//! strictness: a UTF-8 byte order mark at the start, CRLF line ends, blank lines and a missing
//! final newline are no errors here. What a line holds is still checked: each one must be a
//! JSON object, or the file is not taken for a collection at all.
//!
//! The merge driver (`store::three_way`) and `gsef init` adopting a folder read through this;
//! the store's own readers (`store::lines`) stay strict, and `gsef check` words their refusals.

use serde_json::{Map, Value};

/// The UTF-8 byte order mark some editors put at the start of a file.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

/// One non-blank line of a hand-edited collection.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectLine<'a> {
    /// The line's number as an editor shows it, from 1.
    pub number: usize,
    /// The line's bytes as written, without its `\n` or `\r\n`.
    pub bytes: &'a [u8],
    pub object: Map<String, Value>,
}

/// Each non-blank line of `bytes` with its number (from 1), without its line end.
pub fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let bytes = bytes.strip_prefix(BYTE_ORDER_MARK).unwrap_or(bytes);
    bytes
        .split(|&byte| byte == b'\n')
        .enumerate()
        .map(|(index, line)| (index + 1, line.strip_suffix(b"\r").unwrap_or(line)))
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
}

/// Every non-blank line as a JSON object, or why the text is not a collection: "line 3 is not
/// a JSON object".
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
