//! The text encoding of an imported file: UTF-8, with or without a byte order mark, and nothing
//! else — a Latin-1 or UTF-16 file is refused with the line and byte, never read as mojibake.

/// Why the bytes are not UTF-8 text, with where the first offending byte is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingProblem {
    pub line: usize,
    pub message: String,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The file's text without its byte order mark, or where and why it is not UTF-8.
pub fn utf8_text(bytes: &[u8]) -> Result<&str, EncodingProblem> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(EncodingProblem {
            line: 1,
            message: "the file is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8"
                .to_string(),
        });
    }
    let body = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|error| {
        let offset = error.valid_up_to();
        let line_start = body[..offset]
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |position| position + 1);
        let line = body[..offset].iter().filter(|&&byte| byte == b'\n').count() + 1;
        // Columns count characters, since the line up to the bad byte is valid UTF-8.
        let column = String::from_utf8_lossy(&body[line_start..offset])
            .chars()
            .count()
            + 1;
        EncodingProblem {
            line,
            message: format!(
                "byte 0x{:02X} at column {column} is not UTF-8; the file looks like another \
                 encoding (Latin-1 or Windows-1252 if it came from Excel's \"CSV (comma delimited)\"): \
                 save it as \"CSV UTF-8\", or convert it with `iconv -f WINDOWS-1252 -t UTF-8`",
                body[offset]
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_utf8_with_and_without_bom() {
        assert_eq!(utf8_text("Año\n".as_bytes()).unwrap(), "Año\n");
        assert_eq!(utf8_text(b"\xEF\xBB\xBFName\n").unwrap(), "Name\n");
    }

    #[test]
    fn names_the_line_and_byte_of_latin1() {
        // "Nom\nRené" in Latin-1: é is the single byte 0xE9 on line 2, column 4.
        let problem = utf8_text(b"Nom\nRen\xE9\n").unwrap_err();
        assert_eq!(problem.line, 2);
        assert!(problem.message.contains("byte 0xE9 at column 4"));
    }

    #[test]
    fn refuses_utf16() {
        assert!(utf8_text(b"\xFF\xFEN\0").is_err());
    }
}
